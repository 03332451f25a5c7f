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

    from kpi_cli.score import ScoreReport

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
    ndjson = "ndjson"
    csv = "csv"
    markdown = "markdown"


class Gate(StrEnum):
    poor = "poor"
    fair = "fair"


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


def emit_report(
    report: ScoreReport,
    output_format: Format,
    *,
    output: Path | None,
    color: Color,
    inputs: list[str],
    kpis: list[str] | None = None,
    fail_on: Gate | None = None,
) -> None:
    """Write a report in the chosen format to stdout or `-o`, then apply the gate."""
    import io

    from kpi_cli import output as out
    from kpi_cli import render

    if output_format is Format.table:
        if output is None:
            render.print_table(report, _console(color))
            text = None
        else:
            from rich.console import Console

            buffer = io.StringIO()
            render.print_table(report, Console(file=buffer, width=120, no_color=True, color_system=None))
            text = buffer.getvalue()
    elif output_format is Format.json:
        text = render.to_json(report)
    elif output_format is Format.ndjson:
        text = out.to_ndjson(report, kpis)
    elif output_format is Format.csv:
        text = out.to_csv(report, kpis)
    else:
        text = out.to_markdown(report, kpis)
    if text is not None:
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            out.write_atomic(text, output, inputs)
    if fail_on is not None:
        failures = out.gate(report, fail_on.value)
        if failures:
            typer.echo(f"kpi: {out.gate_message(failures, fail_on.value)}", err=True)
            raise typer.Exit(1)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  kpi score export.csv\n\n"
        "  kpi score instagram.csv tiktok.csv --format json | jq '.total.kpis.ctr'\n\n"
        "  cat export.csv | kpi score - --benchmarks my_bands.yaml --color never\n\n"
        "  kpi score export.csv --format csv -o scores.csv --fail-on poor"
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
        typer.Option(
            "--format",
            "-f",
            help="table for people; json (schema kpi.score/1), ndjson (one line per group and KPI), "
            "csv (one row per group) or markdown for pipelines and reports.",
        ),
    ] = Format.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (atomically) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        Gate | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a KPI's verdict is at or below poor|fair (a CI gate).",
            show_default=False,
        ),
    ] = None,
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
) -> None:
    """Score one or more campaign exports: every KPI with its verdict and benchmark band.

    Example: kpi score sample_data/campaign_posts.csv
    """
    from kpi_cli.errors import KpiError

    try:
        from kpi_cli.reader import describe_columns, open_sources
        from kpi_cli.score import score_files

        sources = open_sources(files)
        for source in sources:
            info(describe_columns(source), quiet)
        report = score_files(
            files,
            sources=sources,
            benchmarks_file=benchmarks,
            decimal="," if decimal_comma else None,
        )
        emit_report(report, output_format, output=output, color=color, inputs=files, fail_on=fail_on)
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


def _usage_message(exc: Exception) -> str:
    """Typer's usage errors (click's, or typer's own copy of them) as one line."""
    message = exc.format_message()  # type: ignore[attr-defined]
    ctx = getattr(exc, "ctx", None)
    where = getattr(ctx, "command_path", None) or "kpi"
    return f"kpi: error: {message} (see '{where} --help')"


def main() -> None:
    """Console-script entry point: run the app, turning stray errors into one line."""
    try:
        code = app(standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("kpi: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # `kpi score big.csv --format json | head`: the reader left; that is fine.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # never show a traceback
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            if exc.format_message():  # empty when help was shown for a bare `kpi`
                typer.echo(_usage_message(exc), err=True)
            sys.exit(exc.exit_code)
        typer.echo(f"kpi: error: unexpected {type(exc).__name__}: {exc} (please report this)", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
