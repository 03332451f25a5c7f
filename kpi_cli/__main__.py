"""`python -m kpi_cli`: the same as the `kpi` command."""

from kpi_cli.cli import main

main()
