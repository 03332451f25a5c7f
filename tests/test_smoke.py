from typer.testing import CliRunner

from kpi_cli.cli import app


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == "kpi 0.1.0"
