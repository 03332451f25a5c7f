"""The `kpi` command line: a thin typer layer over reading, math, benchmarks, rendering.

Anything the user can fix is reported as one line on stderr with exit code 2; no
traceback reaches a terminal. stdout carries data only.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from kpi_cli import __version__

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from kpi_cli.reader import Source

app = typer.Typer(
    name="kpi",
    help=(
        "Score influencer-marketing campaign exports: every KPI of the funnel with a "
        "verdict against sourced benchmarks.\n\n"
        "Example: kpi score sample_data/campaign_posts.csv"
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    table = "table"
    json = "json"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kpi {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Score influencer-marketing campaign exports against sourced benchmarks."""


def _console(color: Color, stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    kwargs: dict[str, object] = {"file": stream, "highlight": False}
    if color is Color.always:
        kwargs["force_terminal"] = True
        kwargs["no_color"] = False
        kwargs["color_system"] = "standard"
    elif color is Color.never or os.environ.get("NO_COLOR"):
        kwargs["no_color"] = True
        kwargs["color_system"] = None
    if not stream.isatty():
        kwargs["width"] = 120  # a pipe or file has no width; keep notes on one line
    return Console(**kwargs)  # type: ignore[arg-type]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `kpi: error: ...` on stderr and exit; the one way errors leave the CLI."""
    typer.echo(f"kpi: error: {message}", err=True)
    raise typer.Exit(code)


def info(message: str, quiet: bool) -> None:
    if not quiet:
        typer.echo(message, err=True)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  kpi score export.csv\n\n"
        "  kpi score instagram.csv tiktok.csv --format json | jq '.total.kpis.ctr'\n\n"
        "  cat export.csv | kpi score - --benchmarks my_bands.yaml --color never"
    )
)
def score(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help="CSV exports to score together; - reads stdin.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        Format,
        typer.Option("--format", "-f", help="table for people, json for scripts (schema kpi.score/1)."),
    ] = Format.table,
    benchmarks: Annotated[
        Path | None,
        typer.Option(
            "--benchmarks",
            "-b",
            metavar="FILE",
            help="Your own benchmarks.yaml; its KPIs replace the shipped bands KPI by KPI.",
            show_default=False,
        ),
    ] = None,
    color: Annotated[
        Color,
        typer.Option("--color", help="Colour the table: auto (only on a terminal), always, never."),
    ] = Color.auto,
    decimal_comma: Annotated[
        bool,
        typer.Option("--decimal-comma", help="Numbers are written 1.234,56 (detected per column otherwise)."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes on stderr.")] = False,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="COL[,COL]", help="Also score each group, e.g. --by influencer."),
    ] = None,
) -> None:
    """Score one or more campaign exports: every KPI with its verdict and benchmark band.

    Example: kpi score sample_data/campaign_posts.csv
    """
    from kpi_cli.errors import KpiError

    try:
        from kpi_cli import render
        from kpi_cli.reader import describe_columns, open_sources
        from kpi_cli.score import score_files

        sources = open_sources(files)
        for source in sources:
            info(describe_columns(source), quiet)
        by_columns = [c.strip() for c in by.split(",") if c.strip()] if by else []
        known = {c for s in sources for c in s.columns.mapped}
        known |= {"tier"} if "followers" in known else set()  # tiers also come from follower counts
        if unknown := [c for c in by_columns if c not in known]:
            fail(f"--by {', '.join(unknown)}: not a column of the input; use e.g. influencer, platform, tier")
        with _ProgressBar(sum(s.size for s in sources), color) as progress:
            report = score_files(
                files,
                sources=sources,
                by=by_columns,
                benchmarks_file=benchmarks,
                decimal="," if decimal_comma else None,
                progress=progress,
            )
        if output_format is Format.json:
            sys.stdout.write(render.to_json(report))
        else:
            render.print_table(report, _console(color))
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


class _ProgressBar:
    """Bytes read of the total on stderr, shown only on a terminal once reading takes a second."""

    DELAY = 1.0

    def __init__(self, total: int, color: Color) -> None:
        import time

        self.total, self.color, self.clock = total, color, time.monotonic
        self.started = self.clock()
        self.done: dict[int, int] = {}  # bytes read per input
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.enabled = sys.stderr.isatty() and total > 0

    def __call__(self, source: Source, position: int) -> None:
        if not self.enabled:
            return
        self.done[id(source)] = position
        if self.bar is None:
            if self.clock() - self.started < self.DELAY:
                return
            from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

            self.bar = Progress(
                "[progress.description]reading",
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=_console(self.color, stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("reading", total=self.total)
        assert self.task is not None
        self.bar.update(self.task, completed=min(sum(self.done.values()), self.total))

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def main() -> None:
    """Console-script entry point: run the app, turning stray errors into one line."""
    try:
        app()
    except BrokenPipeError:
        # `kpi score big.csv --format json | head`: the reader left; that is fine.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        typer.echo("kpi: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        typer.echo(f"kpi: error: unexpected {type(exc).__name__}: {exc} (please report this)", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
