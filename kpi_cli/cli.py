"""The `kpi` command line: a thin typer layer over reading, math, benchmarks, rendering.

Anything the user can fix is reported as one line on stderr with exit code 2; no
traceback reaches a terminal. stdout carries data only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from kpi_cli import __version__

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from kpi_cli.reader import Source
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
    table: Callable[[ScoreReport, Console], None] | None = None,
) -> None:
    """Write a report in the chosen format to stdout or `-o`, then apply the gate.

    `table` draws the table format when a command has its own layout (default: the funnel).
    """
    import io

    from kpi_cli import output as out
    from kpi_cli import render

    draw = table or render.print_table
    if output_format is Format.table:
        if output is None:
            draw(report, _console(color))
            text = None
        else:
            from rich.console import Console

            buffer = io.StringIO()
            draw(report, Console(file=buffer, width=120, no_color=True, color_system=None))
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
        emit_report(report, output_format, output=output, color=color, inputs=files, fail_on=fail_on)
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="table for people; json, ndjson (one line per group and KPI), csv (one row per group) "
        "or markdown for pipelines and reports.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout.",
                 show_default=False),
]  # fmt: skip
FailOnOption = Annotated[
    Gate | None,
    typer.Option("--fail-on", help="Exit 1 when a KPI's verdict is at or below poor|fair (a CI gate).",
                 show_default=False),
]  # fmt: skip
BenchmarksOption = Annotated[
    Path | None,
    typer.Option("--benchmarks", "-b", metavar="FILE",
                 help="Your own benchmarks.yaml; its KPIs replace the shipped bands KPI by KPI.",
                 show_default=False),
]  # fmt: skip
ColorOption = Annotated[
    Color, typer.Option("--color", help="Colour the table: auto (only on a terminal), always, never.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No notes on stderr.")]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  kpi lift sample_data/brand_daily.csv --campaign 2025-03-31..2025-04-27\n\n"
        "  kpi lift daily.csv -c 2025-03-31..2025-04-27 --baseline 2025-02-03..2025-03-02 --by-week\n\n"
        "  kpi lift daily.csv -c 2025-03-31..2025-04-27 -f json | jq '.total.kpis.mer_lift.value'\n\n"
        "Windows are inclusive days. The baseline defaults to the same number of days just before "
        "the campaign. Followers at start = the day before the campaign (else its first reported "
        "day); at end = the last campaign day (else its last reported day). Brand mentions are "
        "compared per reported day. Every day of both windows must have a row; blank cells are "
        "allowed and noted."
    )
)
def lift(
    file: Annotated[
        str,
        typer.Argument(
            metavar="DAILY.csv",
            help="The brand's daily series (date, revenue, marketing "
            "spend, mentions, followers); - reads stdin.",
            show_default=False,
        ),
    ],
    campaign: Annotated[
        str,
        typer.Option(
            "--campaign",
            "-c",
            metavar="START..END",
            help="Campaign window, inclusive, e.g. 2025-03-31..2025-04-27.",
            show_default=False,
        ),
    ],
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="START..END",
            help="Baseline window; default: the same number of days just before the campaign.",
            show_default=False,
        ),
    ] = None,
    by_week: Annotated[
        bool,
        typer.Option("--by-week", help="Also show each ISO week of both windows against the baseline."),
    ] = False,
    output_format: FormatOption = Format.table,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    benchmarks: BenchmarksOption = None,
    color: ColorOption = Color.auto,
    decimal_comma: Annotated[
        bool,
        typer.Option("--decimal-comma", help="Numbers are written 1.234,56 (detected per column otherwise)."),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Before/after KPIs of a brand's daily series: MER lift, brand mention lift, audience growth.

    Example: kpi lift sample_data/brand_daily.csv --campaign 2025-03-31..2025-04-27
    """  # fmt: skip
    from kpi_cli.errors import KpiError

    try:
        from kpi_cli import brand, render_groups, reports
        from kpi_cli.columns import DAILY_COLUMNS
        from kpi_cli.reader import describe_columns

        brand.parse_window(campaign, "--campaign")  # option mistakes first, before reading
        if baseline is not None:
            brand.parse_window(baseline, "--baseline")
        source = reports.open_source(file, DAILY_COLUMNS)
        info(describe_columns(source), quiet)
        report = reports.lift_file(
            file,
            campaign,
            baseline,
            by_week=by_week,
            benchmarks_file=benchmarks,
            decimal="," if decimal_comma else None,
            source=source,
        )
        windows = report.meta["windows"]
        if windows["baseline_default"]:
            base = windows["baseline"]
            days = f"{base['days']} days" if base["days"] != 1 else "day"
            info(f"baseline: {base['start']}..{base['end']}, the {days} before the campaign", quiet)
        emit_report(report, output_format, output=output, color=color, inputs=[file], fail_on=fail_on,
                    table=render_groups.print_lift)  # fmt: skip
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  kpi retention sample_data/clients.csv\n\n"
        "  kpi retention clients.csv --format csv -o retention.csv --fail-on poor\n\n"
        "Periods may be quarters (2025-Q1, Q1 2025), months (2025-03, 2025-3, Mar 2025), years or "
        "dates, one kind per file; they are ordered as calendar periods. A client listed twice in "
        "a period counts once. A period with no rows between two that have rows is skipped: the "
        "pair spans it and says so."
    )
)
def retention(
    file: Annotated[
        str,
        typer.Argument(
            metavar="CLIENTS.csv",
            help="One row per client active in a period (client, period); - reads stdin.",
            show_default=False,
        ),
    ],
    output_format: FormatOption = Format.table,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    benchmarks: BenchmarksOption = None,
    color: ColorOption = Color.auto,
    quiet: QuietOption = False,
) -> None:
    """Client retention of an agency per pair of consecutive periods: (E − N) / S × 100.

    Example: kpi retention sample_data/clients.csv
    """
    from kpi_cli.errors import KpiError

    try:
        from kpi_cli import render_groups, reports
        from kpi_cli.columns import CLIENT_COLUMNS
        from kpi_cli.reader import describe_columns

        source = reports.open_source(file, CLIENT_COLUMNS)
        info(describe_columns(source), quiet)
        report = reports.retention_file(file, benchmarks_file=benchmarks, source=source)
        dropped = (
            (report.meta["duplicate_rows"], "listed again in the same period, counted once"),
            (report.meta["skipped_rows"], "with a blank client or period, skipped"),
        )
        for count, what in dropped:
            if count:
                info(f"{source.name}: {count} row{'s' if count != 1 else ''} {what}", quiet)
        emit_report(report, output_format, output=output, color=color, inputs=[file], fail_on=fail_on,
                    table=render_groups.print_retention)  # fmt: skip
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


def _usage_message(exc: Exception) -> str:
    """Typer's usage errors (click's, or typer's own copy of them) as one line."""
    message = exc.format_message()  # type: ignore[attr-defined]
    ctx = getattr(exc, "ctx", None)
    where = getattr(ctx, "command_path", None) or "kpi"
    return f"kpi: error: {message} (see '{where} --help')"


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
