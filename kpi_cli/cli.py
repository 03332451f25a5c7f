"""The `kpi` command line: a thin typer layer over reading, math, benchmarks, rendering.

Anything the user can fix is reported as one line on stderr with exit code 2; no
traceback reaches a terminal. stdout carries data only.

No `from __future__ import annotations` here: typer reads a command's annotations twice
(inspect.signature, get_type_hints), and as strings each pass compiled and evaluated all
of them (~23 M instructions of a small run, issue 21's start-up). Evaluated once, as the
module's own bytecode, they cost next to nothing; names imported only for type checking
are quoted.
"""

import copy
import gc
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from kpi_cli import __version__
from kpi_cli import completion as complete

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from kpi_cli.read.source import ReadOptions, Source
    from kpi_cli.score import ScoreReport

app = typer.Typer(
    name="kpi",
    help=(
        "Score influencer-marketing campaign exports: every KPI of the funnel with a "
        "verdict against sourced benchmarks.\n\n"
        "Examples:\n\n"
        "  kpi score sample_data/campaign_posts.csv --by influencer --sort cpe --top 10\n\n"
        "  kpi benchmarks --format yaml > my_bands.yaml"
    ),
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
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
    goals = "goals"


class VerdictGate(StrEnum):
    """`--fail-on` of kpi lift and kpi retention: they have no goals to fail."""

    poor = "poor"
    fair = "fair"


def _gate(fail_on: VerdictGate | None) -> Gate | None:
    return Gate(fail_on.value) if fail_on is not None else None


class BenchFormat(StrEnum):
    table = "table"
    yaml = "yaml"
    json = "json"


class Objective(StrEnum):
    awareness = "awareness"
    consideration = "consideration"
    conversion = "conversion"


class Period(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class Grouping(StrEnum):
    """What `kpi retention --period` groups the file's periods into."""

    month = "month"
    quarter = "quarter"
    year = "year"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="'HEADER=COLUMN'|FILE.yaml",
        help="Say what a header is when kpi reads it wrong: a column (revenue, spend, clicks, ...) or "
        "ignore; repeat it, or give a YAML file of 'Header: column' lines. "
        "E.g. --map 'Sales ($)=revenue' --map 'Results=ignore'.",
        show_default=False,
    ),
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        metavar="NAME|FILE",
        help="Read the files as this export profile instead of recognising it (see `kpi columns`), "
        "or your own profile file. E.g. --profile meta_ads, --profile my_agency.yaml.",
        show_default=False,
    ),
]
DecimalCommaOption = Annotated[
    bool,
    typer.Option(
        "--decimal-comma",
        help="Numbers are written 1.234,56 (decided from the whole file otherwise). E.g. --decimal-comma.",
    ),
]
DecimalPointOption = Annotated[
    bool,
    typer.Option(
        "--decimal-point",
        help="Numbers are written 1,234.56 (decided from the whole file otherwise). E.g. --decimal-point.",
    ),
]
DayFirstOption = Annotated[
    bool,
    typer.Option(
        "--dayfirst",
        help="Dates such as 03/04/2025 are day first (3 April); kpi says when it had to guess. "
        "E.g. --dayfirst.",
    ),
]
MonthFirstOption = Annotated[
    bool,
    typer.Option(
        "--monthfirst",
        help="Dates such as 03/04/2025 are month first (4 March). E.g. --monthfirst.",
    ),
]
AnyYearOption = Annotated[
    bool,
    typer.Option(
        "--any-year",
        help="Read dates of any year from 1678 to 2261; by default a date outside 1990-2100 is "
        "refused as a placeholder or a typo. E.g. --any-year.",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No notes on stderr. E.g. -q.")]

LocaleOption = Annotated[
    str | None,
    typer.Option(
        "--locale",
        metavar="LANG",
        help="How tables and Markdown write numbers: en ($1,234.56), de (1.234,56 €), fr (1 234,56 €), "
        "es, it, pt, nl, sv, pl, ch. Default: the export's own (a file with decimal commas is shown in "
        "its language's marks), else en. JSON, NDJSON and CSV keep raw numbers. E.g. --locale de.",
        show_default=False,
        autocompletion=complete.locale,
    ),
]


def _file_name(value: str) -> Path:
    """A FILE option's path; an empty one (`-o "$OUT"` with OUT unset) is a usage error,
    not the current folder Path("") would make it (`.: is a folder`)."""
    if not value:
        raise typer.BadParameter("an empty file name (is a variable unset?); give a file name")
    return Path(value)


def _locale(value: str | None) -> str | None:
    """`de_DE`, `fr-FR`, `DE` name the same marks; an unknown locale is a usage error."""
    if value is None:
        return None
    from kpi_cli import fmt
    from kpi_cli.errors import UsageError

    key = value.replace("-", "_").split("_")[0].lower()
    if key not in fmt.LOCALES:
        raise UsageError(f"--locale {value}: unknown; use one of {', '.join(fmt.LOCALES)}")
    return key


CurrencyOption = Annotated[
    str | None,
    typer.Option(
        "--currency",
        metavar="CODE",
        help="The currency the money is in (ISO code), when the files do not say or say two; "
        "money bands in another currency give no verdict. E.g. --currency EUR.",
        show_default=False,
    ),
]


def _read_options(
    maps: list[str] | None,
    profile: str | None,
    decimal_comma: bool,
    decimal_point: bool,
    dayfirst: bool,
    monthfirst: bool,
    currency: str | None,
    allow_duplicates: bool = False,
    any_year: bool = False,
) -> "ReadOptions":
    """The reading flags as one ReadOptions, contradictions refused."""
    import re

    from kpi_cli.errors import UsageError
    from kpi_cli.read.source import ReadOptions

    if decimal_comma and decimal_point:
        raise UsageError("--decimal-comma and --decimal-point contradict each other; give one")
    if dayfirst and monthfirst:
        raise UsageError("--dayfirst and --monthfirst contradict each other; give one")
    code = None
    if currency is not None:
        code = currency.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise UsageError(f"--currency {currency}: give a three-letter code such as USD, EUR or GBP")
    return ReadOptions(
        decimal="," if decimal_comma else "." if decimal_point else None,
        dayfirst=True if dayfirst else False if monthfirst else None,
        currency=code,
        maps=tuple(maps or ()),
        profile=profile,
        allow_duplicates=allow_duplicates,
        any_year=any_year,
    )


def _findings(sources: "list[Source]", quiet: bool) -> None:
    """What reading found (totals rows dropped, ratio columns that disagree) on stderr."""
    from kpi_cli.read.frames import findings

    for source in sources:
        for note in findings(source):
            info(note, quiet)


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


def _console(color: Color, stderr: bool = False) -> "Console":
    from rich.console import Console

    from kpi_cli.text import TidyWriter

    stream = sys.stderr if stderr else sys.stdout
    # kpi writes no markup: a plain string (a header, an empty cell) is drawn as written,
    # never parsed for `[tags]` or `:emoji:` (whose table alone costs a small run 2-4 ms)
    kwargs: dict[str, object] = {
        "file": TidyWriter(stream),
        "highlight": False,
        "markup": False,
        "emoji": False,
    }
    if color is Color.always:
        kwargs["force_terminal"] = True
        kwargs["no_color"] = False
        kwargs["color_system"] = "standard"
    elif color is Color.never or os.environ.get("NO_COLOR"):
        kwargs["no_color"] = True
        kwargs["color_system"] = None
    if not stream.isatty():
        kwargs["width"] = _pipe_width()
    console = Console(**kwargs)  # type: ignore[arg-type]  # (TidyWriter is a text stream)

    def reader_left() -> None:  # rich's own handler exits 1; a closed pipe is not a failure
        console.quiet = True
        raise BrokenPipeError

    console.on_broken_pipe = reader_left  # type: ignore[method-assign]
    return console


def _pipe_width() -> int:
    """A pipe or a file has no width: COLUMNS if set, else 80, the terminal it will most
    likely be read in (`kpi score x.csv | less`)."""
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 80


def _compact_json(
    compact: bool, indent: bool, output: Path | None, output_format: Format = Format.json, quiet: bool = False
) -> bool:
    """Whether JSON goes on one line: --compact or --indent if given, else indented for a
    person at a terminal and compact for a pipe, a file or -o FILE (as `gh` does)."""
    if compact and indent:
        from kpi_cli.errors import UsageError

        raise UsageError("--compact and --indent: choose one (JSON on one line, or indented)")
    if (compact or indent) and output_format is not Format.json:  # said, not silently ignored
        flag = "--compact" if compact else "--indent"
        info(f"kpi: {flag} lays out -f json only; it does not change {output_format.value} output", quiet)
    if compact or indent:
        return compact
    if output is not None and str(output) != "-":
        return True
    return not stdout_is_terminal()


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal, as rich decides it for the table: TTY_COMPATIBLE=1 or 0
    says so (how tests pretend to be one), else the stream itself."""
    said = os.environ.get("TTY_COMPATIBLE", "")
    if said in ("0", "1"):
        return said == "1"
    try:
        return sys.stdout.isatty()
    except ValueError:  # closed
        return False


def _say(message: str) -> None:
    """A line on stderr, through the stream as it is: click's echo would write UTF-8 to a
    console that declared ASCII, past the stand-ins `fit_encoding` set up."""
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `kpi: error: ...` on stderr and exit; the one way errors leave the CLI."""
    from kpi_cli.text import printable

    _say(f"kpi: error: {printable(message)}")
    _drop_stdout_after_failure()
    raise typer.Exit(code)


def _drop_stdout_after_failure() -> None:
    """After stdout failed (a full disk) and that was said: what is still buffered goes
    nowhere, so the exit's flush does not fail, and say so, a second time."""
    from kpi_cli.text import GuardedStdout

    if GuardedStdout.failed:
        _silence_stdout()


def info(message: str, quiet: bool) -> None:
    """A note on stderr; text from a file in it never acts on the terminal. On a terminal
    it is broken between words to the terminal's width (`using ...` lines run to 400
    characters); piped, it stays one line a note, for grep."""
    if not quiet:
        from kpi_cli.text import printable, wrapped

        text = printable(message)
        if sys.stderr.isatty():
            text = wrapped(text, shutil.get_terminal_size().columns)
        _say(text)


def _split(values: list[str] | None) -> list[str]:
    """`--by influencer,platform` and `--by influencer --by platform` mean the same."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _write_bytes(chunks: Iterable[bytes], output: Path | None, inputs: list[str]) -> None:
    """UTF-8 output to stdout or `-o` without a str copy of it."""
    from kpi_cli import output as out

    if output is not None:
        out.write_atomic(chunks, output, inputs)
        return
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    for chunk in chunks:
        if buffer is None:  # a text-only stream (e.g. a notebook's)
            sys.stdout.write(chunk.decode())
        else:
            buffer.write(chunk)
    if buffer is not None:
        buffer.flush()


def emit_report(
    report: "ScoreReport",
    output_format: Format,
    *,
    output: Path | None,
    color: Color,
    inputs: list[str],
    kpis: list[str] | None = None,
    fail_on: Gate | None = None,
    table: "Callable[[ScoreReport, Console], None] | None" = None,
    excel_safe: bool = False,
    compact: bool = False,
    locale: str | None = None,
) -> None:
    """Write a report in the chosen format to stdout or `-o`, then apply the gate.

    `table` draws the table format when a command has its own layout (default: the funnel);
    `locale` says how tables and Markdown write numbers (None: the export's own way).
    """
    from kpi_cli import output as out

    report.style = report.number_style(_locale(locale))

    try:
        _write_report(report, output_format, output, color, inputs, kpis, table, excel_safe, compact)
    except BrokenPipeError:  # `kpi score big.csv -f json | head`: the reader left; that is fine
        _silence_stdout()
    if fail_on is Gate.goals:  # only with --goals (kpi score); lift and retention have no such gate
        from kpi_cli import goals as gl

        failed = gl.failures(report.goals)
        if failed:
            from kpi_cli.read.vocab import symbol_for

            _say(f"kpi: {gl.failure_message(failed, symbol_for(report.currency))}")
            raise typer.Exit(1)
    elif fail_on is not None:
        failures = out.gate(report, fail_on.value)
        if failures:
            _say(f"kpi: {out.gate_message(failures, fail_on.value)}")
            raise typer.Exit(1)


def _say_how_read(sources: "Iterable[Source]", quiet: bool) -> None:
    """Each input's `using ...` line and what sniffing found, on stderr (every command says it)."""
    from kpi_cli.read.sniff import describe_columns, sniff_notes

    for source in sources:
        info(describe_columns(source), quiet)
        for note in sniff_notes(source):
            info(note, quiet)


def _plot_apart(plot_file: Path, output: Path | None, inputs: list[str]) -> None:
    """Refuse a --plot file that is the -o file or an input, before anything is read or
    written: `-o same.png --plot same.png` wrote the chart, then the table over it, and
    still said the chart was written there."""
    import os

    from kpi_cli.errors import UsageError

    def same(a: Path, b: Path) -> bool:
        try:
            return os.path.samefile(a, b)  # a hard link or a symlink to it is the same file
        except OSError:  # one is not there yet: compare the paths
            return a.resolve() == b.resolve()

    if output is not None and str(output) != "-" and same(plot_file, output):
        raise UsageError(
            f"--plot {plot_file}: -o {output} is the same file, and the report would overwrite "
            "the chart; give them different names (e.g. -o report.txt --plot chart.png)"
        )
    for name in inputs:
        if name != "-" and same(plot_file, Path(name)):
            raise UsageError(f"--plot {plot_file}: is one of the input files; choose another --plot file")


def _write_report(
    report: "ScoreReport",
    output_format: Format,
    output: Path | None,
    color: Color,
    inputs: list[str],
    kpis: list[str] | None,
    table: "Callable[[ScoreReport, Console], None] | None",
    excel_safe: bool = False,
    compact: bool = False,
) -> None:
    """The report in its format: bytes for JSON, text for the rest, a rich table on stdout."""
    import io

    from kpi_cli import output as out
    from kpi_cli import records

    if output is None and _STDOUT_CLOSED:
        from kpi_cli.errors import KpiError

        raise KpiError("standard output is closed; the report has nowhere to go (give -o FILE)")
    if output_format is Format.table:
        if table is None:
            from kpi_cli import render  # rich: only a run that draws a table loads it

            table = render.print_table
        draw = table
        if output is None:
            draw(report, _console(color))
            text = None
        else:
            from rich.console import Console

            from kpi_cli.text import TidyWriter

            buffer = io.StringIO()
            tidy: Any = TidyWriter(buffer)  # a text stream rich writes to, as to the buffer
            draw(
                report,
                Console(
                    file=tidy,
                    width=_pipe_width(),
                    no_color=True,
                    color_system=None,
                    markup=False,
                    emoji=False,
                ),
            )
            text = buffer.getvalue()
    elif output_format is Format.json:
        text = None  # tens of MB with thousands of groups: written as bytes, a group at a time
        _write_bytes(records.json_chunks(report, compact), output, inputs)
    elif output_format is Format.ndjson:
        text = None  # chunks: any number of groups in bounded memory
        _write_bytes(out.ndjson_chunks(report, kpis), output, inputs)
    elif output_format is Format.csv:
        text = None
        _write_bytes(out.csv_chunks(report, kpis, excel_safe), output, inputs)
    else:  # markdown is data, as JSON is: UTF-8 whatever the console's encoding
        text = None
        _write_bytes([out.to_markdown(report, kpis).encode()], output, inputs)
    if text is not None:
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            out.write_atomic(text, output, inputs)


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="table for people; json, ndjson (one line per group and KPI), csv (one row per group) "
        "or markdown for pipelines and reports. E.g. -f json.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", parser=_file_name,
                 help="Write to FILE (atomically) instead of stdout. E.g. -f csv -o report.csv.",
                 show_default=False),
]  # fmt: skip
FailOnOption = Annotated[
    VerdictGate | None,
    typer.Option("--fail-on",
                 help="Exit 1 when a KPI's verdict is at or below poor|fair (a CI gate). "
                 "E.g. --fail-on poor.",
                 show_default=False),
]  # fmt: skip
ExcelSafeOption = Annotated[
    bool,
    typer.Option("--excel-safe",
                 help="In csv output, escape every name that starts like a spreadsheet formula "
                 "(=, +, -, @) with a leading '; by default only what would run is escaped, so "
                 "@handles and -12.5 stay as written. E.g. -f csv --excel-safe.",
                 show_default=False),
]  # fmt: skip
CompactOption = Annotated[
    bool,
    typer.Option("--compact",
                 help="JSON on one line without indentation, wherever it goes (the default when "
                 "stdout is a pipe or a file, or with -o FILE): about half the size of "
                 "indented JSON for a big breakdown. E.g. -f json --compact | jq.",
                 show_default=False),
]  # fmt: skip
IndentOption = Annotated[
    bool,
    typer.Option("--indent",
                 help="JSON indented by 2 spaces, wherever it goes (the default on a terminal). "
                 "E.g. -f json --indent -o report.json.",
                 show_default=False),
]  # fmt: skip
BenchmarksOption = Annotated[
    Path | None,
    typer.Option("--benchmarks", "-b", metavar="FILE", parser=_file_name,
                 help="Your own benchmarks.yaml; its KPIs replace the shipped bands KPI by KPI. "
                 "E.g. -b agency_bands.yaml.",
                 show_default=False),
]  # fmt: skip
ColorOption = Annotated[
    Color,
    typer.Option("--color", help="Colour the table: auto (only on a terminal, not with NO_COLOR), always, "
                 "never. E.g. --color never."),
]  # fmt: skip


@app.command(
    epilog=(
        "Examples:\n\n"
        "  kpi score export.csv\n\n"
        "  kpi score export.csv --objective conversion\n\n"
        "  kpi score export.csv --by influencer --sort cpe --top 10\n\n"
        "  kpi score export.csv --by platform,tier --kpis reach,engagement_rate,cpe\n\n"
        "  kpi score export.csv --by date --period week\n\n"
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
            help="CSV exports to score together; - reads stdin. E.g. instagram.csv tiktok.csv.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="table for people; json (schema kpi.score/2), ndjson (one line per group and KPI), "
            "csv (one row per group) or markdown for pipelines and reports. E.g. -f json.",
        ),
    ] = Format.table,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            metavar="COL[,COL]",
            help=(
                "Break down per value of a dimension: influencer, platform, tier, campaign, format, "
                "post_id or date (aliases such as Handle work). Tier is the tier column, else from "
                "followers. E.g. --by influencer, --by platform,tier."
            ),
            show_default=False,
            autocompletion=complete.by,
        ),
    ] = None,
    period: Annotated[
        Period | None,
        typer.Option(
            "--period",
            help="With --by date: day (2025-03-10), ISO week Monday–Sunday (2025-W11) or month "
            "(2025-03); day if omitted. E.g. --by date --period week.",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            metavar="KPI",
            help=(
                "Rank the groups by a KPI, best first by its benchmark direction (lowest CPE/CPM/CPA "
                "first, highest CTR/ROAS first); -KPI for worst first, KPI:asc / KPI:desc to choose. "
                "Groups without a value go last. E.g. --sort cpe, --sort=-roas, --sort ctr:asc."
            ),
            show_default=False,
            autocompletion=complete.sort,
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            metavar="N",
            help="Keep the first N groups after --sort; the total still covers every row. "
            "E.g. --sort cpe --top 10.",
            show_default=False,
        ),
    ] = None,
    kpis: Annotated[
        list[str] | None,
        typer.Option(
            "--kpis",
            metavar="KPI[,KPI]",
            help=(
                "The KPIs to show: the columns of a breakdown, the rows of the funnel table. "
                "Default: the objective's primary KPIs, else posts, impressions, engagement_rate, ctr, "
                "conversions, roas, cpm, cpe, cpa. E.g. --kpis reach,ctr,cpa."
            ),
            show_default=False,
            autocompletion=complete.kpis,
        ),
    ] = None,
    objective: Annotated[
        Objective | None,
        typer.Option(
            "--objective",
            help=(
                "The campaign's goal; its primary KPIs are marked ★, listed first and become the "
                "breakdown columns. awareness: reach, impressions, frequency, cpm, video completion; "
                "consideration: engagements, engagement rate, saves, shares, ctr, cpe; conversion: "
                "conversions, conversion rate, cpa, roas, roi, total spend. E.g. --objective conversion."
            ),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            parser=_file_name,
            help="Write to FILE (atomically) instead of stdout. E.g. -f csv -o scores.csv.",
            show_default=False,
        ),
    ] = None,
    excel_safe: ExcelSafeOption = False,
    compact: CompactOption = False,
    indent: IndentOption = False,
    locale: LocaleOption = None,
    plot_file: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE.png|svg",
            parser=_file_name,
            help="Also draw the breakdown's KPIs (up to 6) as a chart, their benchmark bands shaded: over "
            "time with --by date, a bar per group with another --by, the total without --by. Needs "
            "matplotlib: pip install '.\\[plot]' in kpi's folder. "
            "E.g. --by date --period week --plot weeks.png.",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        Gate | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a KPI's verdict is at or below poor|fair (a CI gate); with --objective "
            "only its primary KPIs count; goals: when a --goals goal is missed or off track. "
            "E.g. --objective conversion --fail-on poor.",
            show_default=False,
        ),
    ] = None,
    benchmarks: Annotated[
        Path | None,
        typer.Option(
            "--benchmarks",
            "-b",
            metavar="FILE",
            parser=_file_name,
            help=(
                "Your own benchmarks.yaml: each KPI it lists replaces the shipped one (bands, overrides "
                "and source); the other KPIs keep the shipped bands. E.g. -b agency_bands.yaml."
            ),
            show_default=False,
        ),
    ] = None,
    benchmarks_only: Annotated[
        bool,
        typer.Option(
            "--benchmarks-only",
            help="Judge only the KPIs in --benchmarks FILE; drop the shipped bands. "
            "E.g. -b agency_bands.yaml --benchmarks-only.",
        ),
    ] = False,
    goals: Annotated[
        Path | None,
        typer.Option(
            "--goals",
            metavar="FILE",
            parser=_file_name,
            help="Track the campaign against its goals (targets, dates; see `kpi goals init`): "
            "attainment, met, and pacing to the end date. E.g. --goals goals.yaml --fail-on goals.",
            show_default=False,
        ),
    ] = None,
    compare_benchmarks: Annotated[
        bool,
        typer.Option(
            "--compare-benchmarks",
            help="Show the shipped (industry) verdict beside the verdict on your --benchmarks FILE "
            "(e.g. bands learned with `kpi benchmarks learn`). E.g. -b ours.yaml --compare-benchmarks.",
        ),
    ] = False,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            help="Colour the table: auto (only on a terminal, not with NO_COLOR), always, never. "
            "E.g. --color always | less -R.",
        ),
    ] = Color.auto,
    maps: MapOption = None,
    profile: ProfileOption = None,
    decimal_comma: DecimalCommaOption = False,
    decimal_point: DecimalPointOption = False,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
    any_year: AnyYearOption = False,
    currency: CurrencyOption = None,
    allow_duplicates: Annotated[
        bool,
        typer.Option(
            "--allow-duplicates",
            help="Count a file given twice (the same bytes) twice; by default it counts once, with a "
            "warning. E.g. --allow-duplicates.",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="No notes on stderr (the column mapping); warnings about the figures stay. E.g. -q.",
        ),
    ] = False,
) -> None:
    """Score one or more campaign exports: every KPI with its verdict and benchmark band.

    Example: kpi score sample_data/campaign_posts.csv
    """
    from kpi_cli.errors import KpiError
    from kpi_cli.read import chunks  # no pandas: parsing starts while pandas is imported below

    sources: list[Source] = []
    try:
        options = _read_options(
            maps, profile, decimal_comma, decimal_point, dayfirst, monthfirst, currency,
            allow_duplicates, any_year,
        )  # fmt: skip
        if fail_on is Gate.goals and goals is None:
            from kpi_cli.errors import UsageError

            raise UsageError(
                "--fail-on goals checks the goals of --goals FILE; add it (kpi goals init writes one)"
            )
        number_locale = _locale(locale)
        compact = _compact_json(compact, indent, output, output_format, quiet)
        if plot_file is not None:  # a bad name or no matplotlib: said before any row is read
            from kpi_cli import plot as charts

            charts.check(plot_file)
            _plot_apart(plot_file, output, files)
        from kpi_cli.head_start import take
        from kpi_cli.read.sniff import open_sources

        sources = take(files, options) or open_sources(files, options=options)
        _say_how_read(sources, quiet)
        chunks.start(sources, _split(by))
        from kpi_cli.score import MAX_GROUPS, score_files

        # A table or Markdown holds every group it shows; json, ndjson and csv stream them.
        drawn = output_format in (Format.table, Format.markdown) and top is None
        with _ProgressBar(chunks.total_size(sources), color) as progress:
            report = score_files(
                files,
                max_groups=MAX_GROUPS if drawn else None,
                # Read once, in order: built as written (a terminal's table builds what it shows).
                stream=output_format is not Format.markdown and fail_on is None,
                sources=sources,
                by=_split(by),
                period=period.value if period else None,
                objective=objective.value if objective else None,
                kpis=_split(kpis) or None,
                sort=sort,
                top=top,
                benchmarks_file=benchmarks,
                benchmarks_only=benchmarks_only,
                compare_benchmarks=compare_benchmarks,
                goals_file=goals,
                options=options,
                progress=progress,
            )
        _KEEP[:] = [report]  # never freed object by object: the process ends with os._exit (see _exit)
        _findings(sources, quiet)
        for warning in report.warnings:  # about the figures: said even with -q
            info(f"kpi: {warning}", False)
        # A markdown breakdown shows the table's columns; the other formats every KPI unless --kpis.
        shown = report.columns() if output_format is Format.markdown and report.by else report.kpis
        if plot_file is not None:
            info(charts.write(report, plot_file, files), quiet)
        emit_report(
            report, output_format, output=output, color=color, inputs=files, kpis=shown, fail_on=fail_on,
            excel_safe=excel_safe, compact=compact, locale=number_locale,
        )  # fmt: skip
    except KpiError as exc:
        fail(str(exc), exc.exit_code)
    finally:
        if sources:
            chunks.stop(sources)


benchmarks_app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(benchmarks_app, name="benchmarks")


@benchmarks_app.callback(
    invoke_without_command=True,
    epilog=(
        "Examples:\n\n"
        "  kpi benchmarks\n\n"
        "  kpi benchmarks --format yaml > my_bands.yaml   # a starting point for your own\n\n"
        "  kpi benchmarks --check my_bands.yaml\n\n"
        "  kpi benchmarks --sources   # each article once, with the bands it supports\n\n"
        "  kpi benchmarks --benchmarks my_bands.yaml --format json | jq '.kpis.cpe'\n\n"
        "  kpi benchmarks learn 2024/*.csv --by tier,platform -o ours.yaml"
    ),
)
def benchmarks_command(
    ctx: typer.Context,
    output_format: Annotated[
        BenchFormat,
        typer.Option(
            "--format",
            "-f",
            help="table for people; yaml or json print a valid benchmarks file (with --sources: "
            "the list of sources). E.g. --format yaml.",
        ),
    ] = BenchFormat.table,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            metavar="FILE",
            parser=_file_name,
            help="Only validate FILE: exit 0 with 'ok: N KPIs' on stderr, or exit 2 naming the KPI "
            "and the problem. E.g. --check my_bands.yaml.",
            show_default=False,
        ),
    ] = None,
    benchmarks: Annotated[
        Path | None,
        typer.Option(
            "--benchmarks",
            "-b",
            metavar="FILE",
            parser=_file_name,
            help="Show the bands in force with your file: its KPIs replace the shipped ones, "
            "marked *. E.g. -b my_bands.yaml.",
            show_default=False,
        ),
    ] = None,
    benchmarks_only: Annotated[
        bool,
        typer.Option(
            "--benchmarks-only",
            help="Show only the KPIs of --benchmarks FILE, as `kpi score --benchmarks-only` judges. "
            "E.g. -b my_bands.yaml --benchmarks-only.",
        ),
    ] = False,
    sources: Annotated[
        bool,
        typer.Option(
            "--sources",
            help="List each source once (title, author or publisher, year, URL, or kpi's own "
            "assumption and its reasoning) with the bands it supports. E.g. --sources -f json.",
        ),
    ] = False,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            help="Colour the table: auto (only on a terminal, not with NO_COLOR), always, never. "
            "E.g. --color always | less -R.",
        ),
    ] = Color.auto,
    quiet: QuietOption = False,
) -> None:
    """Print the benchmark bands in force with their sources, or validate a benchmarks file;
    `kpi benchmarks learn` makes your own from past campaigns.

    Example: kpi benchmarks --format yaml > my_bands.yaml
    """
    from kpi_cli.errors import KpiError, UsageError

    if ctx.invoked_subcommand is not None:
        return

    try:
        import json

        from kpi_cli import benchmarks as bm
        from kpi_cli import render_benchmarks, yamlfile

        if check is not None:
            if benchmarks is not None or benchmarks_only or sources:
                raise UsageError(
                    "--check validates one file; drop --benchmarks / --benchmarks-only / --sources"
                )
            found = bm.load_file(check)
            info(f"ok: {len(found)} KPIs in {check}", quiet)
            return
        if benchmarks_only and benchmarks is None:
            raise UsageError("--benchmarks-only needs --benchmarks FILE (the bands to use instead)")
        benches = bm.load(benchmarks, extend=not benchmarks_only)
        if benchmarks is None:
            in_force, own = f"shipped ({bm.shipped_path().name})", None
        elif benchmarks_only:
            in_force, own = f"{benchmarks} only", None
        else:
            in_force = f"shipped + {benchmarks}"
            own = set(bm.load_file(benchmarks))
        if sources:
            if output_format is BenchFormat.table:
                title = f"Sources of the benchmarks in force: {in_force}"
                render_benchmarks.print_sources(benches, title, _console(color))
                return
            label = "shipped" if benchmarks is None else str(benchmarks)
            doc = bm.sources_document(benches, label, "replace" if benchmarks_only else "extend")
        elif output_format is BenchFormat.table:
            title = f"Benchmarks in force: {in_force}" + (f" (* from {benchmarks})" if own else "")
            render_benchmarks.print_benchmarks(benches, title, own, _console(color))
            return
        else:
            doc = bm.to_document(benches)
        if output_format is BenchFormat.json:
            from kpi_cli.text import json_safe

            sys.stdout.write(
                json_safe(json.dumps(doc, indent=2, ensure_ascii=False).encode()).decode() + "\n"
            )
        else:  # bands as [from, to] on one line; the list of sources in blocks
            flow = False if sources else None
            sys.stdout.write(yamlfile.dump(doc, sort_keys=False, default_flow_style=flow, width=10**9))
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


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
            "spend, mentions, followers); - reads stdin. E.g. sample_data/brand_daily.csv.",
            show_default=False,
        ),
    ],
    campaign: Annotated[
        str,
        typer.Option(
            "--campaign",
            "-c",
            metavar="START..END",
            help="Campaign window, inclusive. E.g. -c 2025-03-31..2025-04-27.",
            show_default=False,
        ),
    ],
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="START..END",
            help="Baseline window; default: the same number of days just before the campaign. "
            "E.g. --baseline 2025-02-03..2025-03-02.",
            show_default=False,
        ),
    ] = None,
    by_week: Annotated[
        bool,
        typer.Option(
            "--by-week", help="Also show each ISO week of both windows against the baseline. E.g. --by-week."
        ),
    ] = False,
    output_format: FormatOption = Format.table,
    output: OutputOption = None,
    excel_safe: ExcelSafeOption = False,
    compact: CompactOption = False,
    indent: IndentOption = False,
    fail_on: FailOnOption = None,
    benchmarks: BenchmarksOption = None,
    color: ColorOption = Color.auto,
    maps: MapOption = None,
    decimal_comma: DecimalCommaOption = False,
    decimal_point: DecimalPointOption = False,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
    any_year: AnyYearOption = False,
    quiet: QuietOption = False,
    locale: LocaleOption = None,
) -> None:
    """Before/after KPIs of a brand's daily series: MER lift, brand mention lift, audience growth.

    Example: kpi lift sample_data/brand_daily.csv --campaign 2025-03-31..2025-04-27
    """  # fmt: skip
    from kpi_cli.errors import KpiError

    try:
        from kpi_cli import brand, render_groups, reports
        from kpi_cli.columns import DAILY_COLUMNS

        compact = _compact_json(compact, indent, output, output_format, quiet)
        brand.parse_window(campaign, "--campaign")  # option mistakes first, before reading
        if baseline is not None:
            brand.parse_window(baseline, "--baseline")
        options = _read_options(
            maps, None, decimal_comma, decimal_point, dayfirst, monthfirst, None, any_year=any_year
        )
        source = reports.open_source(file, DAILY_COLUMNS, options)
        _say_how_read([source], quiet)
        report = reports.lift_file(
            file,
            campaign,
            baseline,
            by_week=by_week,
            benchmarks_file=benchmarks,
            source=source,
            options=options,
        )
        _findings([source], quiet)
        for note in report.meta["notes"]:
            info(f"{source.name}: {note}", quiet)
        windows = report.meta["windows"]
        if windows["baseline_default"]:
            base = windows["baseline"]
            days = f"{base['days']} days" if base["days"] != 1 else "day"
            info(f"baseline: {base['start']}..{base['end']}, the {days} before the campaign", quiet)
        elif windows["baseline"]["start"] > windows["campaign"]["end"]:  # ISO days compare as text
            base, camp = windows["baseline"], windows["campaign"]
            info(
                f"kpi: the baseline {base['start']}..{base['end']} comes after the campaign "
                f"{camp['start']}..{camp['end']}: each lift compares the campaign with the days after it "
                "(a positive lift: the campaign did better than what followed)",
                False,
            )
        emit_report(report, output_format, output=output, color=color, inputs=[file], fail_on=_gate(fail_on),
                    table=render_groups.print_lift, excel_safe=excel_safe, compact=compact,
                    locale=locale)  # fmt: skip
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  kpi retention sample_data/clients.csv\n\n"
        "  kpi retention clients.csv --format csv -o retention.csv --fail-on poor\n\n"
        "Periods may be quarters (2025-Q1, Q1 2025), months (2025-03, 2025-3, Mar 2025), years or "
        "dates, one kind per file; they are ordered as calendar periods. Dates (an invoice list) "
        "are grouped into calendar months, or what --period says. A client listed twice in "
        "a period counts once, and so do names written differently (Acme Inc, Acme Inc.). A "
        "period with no rows between two that have rows is skipped: the pair spans it and says so."
    )
)
def retention(
    file: Annotated[
        str,
        typer.Argument(
            metavar="CLIENTS.csv",
            help="One row per client active in a period (client, period); - reads stdin. "
            "E.g. sample_data/clients.csv.",
            show_default=False,
        ),
    ],
    period: Annotated[
        Grouping | None,
        typer.Option(
            "--period",
            help="Group the file's periods into calendar months, quarters or years; dates "
            "(2025-03-15) are grouped into months if omitted. Only wider: months into quarters, "
            "not quarters into months. E.g. --period quarter.",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = Format.table,
    output: OutputOption = None,
    excel_safe: ExcelSafeOption = False,
    compact: CompactOption = False,
    indent: IndentOption = False,
    fail_on: FailOnOption = None,
    benchmarks: BenchmarksOption = None,
    color: ColorOption = Color.auto,
    maps: MapOption = None,
    quiet: QuietOption = False,
    locale: LocaleOption = None,
) -> None:
    """Client retention of an agency per pair of consecutive periods: (E − N) / S × 100.

    Example: kpi retention sample_data/clients.csv
    """
    from kpi_cli.errors import KpiError

    try:
        from kpi_cli import render_groups, reports
        from kpi_cli.columns import CLIENT_COLUMNS

        compact = _compact_json(compact, indent, output, output_format, quiet)
        options = _read_options(maps, None, False, False, False, False, None)
        source = reports.open_source(file, CLIENT_COLUMNS, options)
        _say_how_read([source], quiet)
        report = reports.retention_file(
            file, benchmarks_file=benchmarks, source=source, period=period.value if period else None
        )
        _findings([source], quiet)  # totals rows dropped (a `Total` client), blank rows
        for note in report.meta["notes"]:
            info(f"{source.name}: {note}", quiet)
        dropped = (
            (report.meta["duplicate_rows"], "listed again in the same period, counted once"),
            (report.meta["skipped_rows"], "with a blank client or period, skipped"),
        )
        for count, what in dropped:
            if count:
                info(f"{source.name}: {count} row{'s' if count != 1 else ''} {what}", quiet)
        emit_report(report, output_format, output=output, color=color, inputs=[file], fail_on=_gate(fail_on),
                    table=render_groups.print_retention, excel_safe=excel_safe, compact=compact,
                    locale=locale)  # fmt: skip
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


@benchmarks_app.command(
    "learn",
    epilog=(
        "Examples:\n\n"
        "  kpi benchmarks learn 2024_campaigns.csv 2025_campaigns.csv -o ours.yaml\n\n"
        "  kpi benchmarks learn past/*.csv --by tier,platform --unit creator -o ours.yaml\n\n"
        "  kpi score june.csv --benchmarks ours.yaml --compare-benchmarks\n\n"
        "Each campaign is one observation (--unit creator: each creator in each campaign), its "
        "KPIs worked out from its own sums. Bands are cut at the quartiles of those values "
        "(linear interpolation, as numpy and Excel's QUARTILE.INC): below p25 poor, p25-p50 fair, "
        "p50-p75 good, above p75 excellent, the other way round where lower is better. A KPI or "
        "group with fewer than --min observations gets no bands of its own."
    ),
)
def benchmarks_learn(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="PAST.csv...",
            help="Past campaign exports with a campaign column; - reads stdin. E.g. 2024/*.csv.",
            show_default=False,
        ),
    ],
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            metavar="COL[,COL]",
            help="Also learn bands per tier, platform, format or campaign_type (for the campaigns "
            "that are all of one). E.g. --by tier,platform.",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        str,
        typer.Option(
            "--unit",
            metavar="campaign|creator",
            help="What one observation is: a campaign, or a creator in a campaign. E.g. --unit creator.",
        ),
    ] = "campaign",
    minimum: Annotated[
        int,
        typer.Option(
            "--min",
            metavar="N",
            help="Fewest observations a KPI or group needs for bands of its own. E.g. --min 12.",
        ),
    ] = 8,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            parser=_file_name,
            help="Write the bands to FILE (atomically) instead of stdout. E.g. -o ours.yaml.",
            show_default=False,
        ),
    ] = None,
    maps: MapOption = None,
    profile: ProfileOption = None,
    decimal_comma: DecimalCommaOption = False,
    decimal_point: DecimalPointOption = False,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
    any_year: AnyYearOption = False,
    currency: CurrencyOption = None,
    quiet: QuietOption = False,
) -> None:
    """Learn benchmark bands from your own past campaigns: a file for --benchmarks.

    Example: kpi benchmarks learn past/*.csv --by tier -o ours.yaml
    """
    from kpi_cli.errors import KpiError, UsageError

    try:
        from kpi_cli import learn
        from kpi_cli import output as out
        from kpi_cli.read.sniff import open_sources
        from kpi_cli.score import learn_files

        if minimum < 1:
            raise UsageError(f"--min {minimum}: give a number of observations, 1 or more")
        options = _read_options(
            maps, profile, decimal_comma, decimal_point, dayfirst, monthfirst, currency, any_year=any_year
        )
        sources = open_sources(files, options=options)
        _say_how_read(sources, quiet)
        doc, notes = learn_files(files, by=_split(by), unit=unit, minimum=minimum, options=options,
                                 sources=sources)  # fmt: skip
        _findings(sources, quiet)
        for note in notes:
            info(f"kpi: {note}", quiet)
        if not doc["kpis"]:
            raise UsageError(
                f"no KPI has {minimum} or more observations to learn bands from; give more past "
                "campaigns, or a lower --min"
            )
        text = learn.to_yaml(doc)
        if output is None:
            sys.stdout.write(text)
        else:
            out.write_atomic(text, output, files)
            info(f"kpi: wrote bands for {len(doc['kpis'])} KPIs to {output}", quiet)
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


goals_app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Goals set before a campaign, tracked by `kpi score --goals FILE`.\n\n"
    "Example: kpi goals init export.csv --objective conversion -o goals.yaml",
)
app.add_typer(goals_app, name="goals")


@goals_app.command(
    "init",
    epilog=(
        "Examples:\n\n"
        "  kpi goals init export.csv -o goals.yaml\n\n"
        "  kpi goals init export.csv --objective awareness > goals.yaml\n\n"
        "  kpi score export.csv --goals goals.yaml --fail-on goals\n\n"
        "Writes the objective's primary KPIs that the export can compute, each with a target "
        "from the export's current figure (to edit), and the export's first and last day as the "
        "campaign's start and end (edit the end to the campaign's last day for pacing)."
    ),
)
def goals_init(
    file: Annotated[
        str,
        typer.Argument(
            metavar="EXPORT.csv",
            help="A campaign export; - reads stdin. E.g. export.csv.",
            show_default=False,
        ),
    ],
    objective: Annotated[
        Objective | None,
        typer.Option(
            "--objective",
            help="The campaign's one primary outcome; by default conversion when "
            "the export has conversions, else consideration. E.g. --objective awareness.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    maps: MapOption = None,
    profile: ProfileOption = None,
    decimal_comma: DecimalCommaOption = False,
    decimal_point: DecimalPointOption = False,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
    any_year: AnyYearOption = False,
    currency: CurrencyOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write a starter goals file from an export: targets to edit, then `kpi score --goals`.

    Example: kpi goals init export.csv -o goals.yaml
    """  # fmt: skip
    from kpi_cli.errors import KpiError

    try:
        from datetime import date

        from kpi_cli import goals as gl
        from kpi_cli import output as out
        from kpi_cli.read.sniff import open_sources
        from kpi_cli.read.vocab import symbol_for
        from kpi_cli.score import mapped_columns, score_files

        options = _read_options(
            maps, profile, decimal_comma, decimal_point, dayfirst, monthfirst, currency, any_year=any_year
        )
        sources = open_sources([file], options=options)
        _say_how_read(sources, quiet)
        report = score_files([file], sources=sources, options=options)
        columns = mapped_columns(sources)
        chosen = (
            objective.value if objective else ("conversion" if "conversions" in columns else "consideration")
        )
        values = {k.id: k.value for k in report.total.kpis}
        start = date.fromisoformat(report.date_start) if report.date_start else None
        end = date.fromisoformat(report.date_end) if report.date_end else None
        try:
            text = gl.starter(columns, chosen, start, end, values, symbol_for(report.currency))
        except gl.GoalsError as exc:
            raise gl.GoalsError(f"{sources[0].name}: {exc}") from None
        if output is None:
            sys.stdout.write(text)
        else:
            out.write_atomic(text, output, [file])
            info(
                f"kpi: wrote {output}; edit the targets and dates, then kpi score {file} --goals {output}",
                quiet,
            )
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


class ColumnsFormat(StrEnum):
    table = "table"
    json = "json"


@app.command(
    "columns",
    epilog=(
        "Examples:\n\n"
        "  kpi columns export.csv\n\n"
        "  kpi columns 'Campaign report.csv' --format json | jq '.files[0].columns'\n\n"
        "  kpi columns tracker.csv --map 'Sales ($)=revenue' --map 'Code=ignore'\n\n"
        "Shows the encoding, delimiter and header row found, the platform recognised, the lines "
        "above the header and the totals rows left out, how numbers, dates and money are read, and "
        "what every header feeds, or why it is not read. Give the same --map, --profile and "
        "reading options as to `kpi score` to see what they change."
    ),
)
def columns_command(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help="CSV exports to look at; - reads stdin. E.g. export.csv.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        ColumnsFormat,
        typer.Option("--format", "-f", help="table for people; json for scripts. E.g. -f json."),
    ] = ColumnsFormat.table,
    maps: MapOption = None,
    profile: ProfileOption = None,
    decimal_comma: DecimalCommaOption = False,
    decimal_point: DecimalPointOption = False,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
    any_year: AnyYearOption = False,
    currency: CurrencyOption = None,
    color: ColorOption = Color.auto,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Taken as every command takes it; kpi columns writes no notes "
            "(what it found is its report). E.g. -q.",
        ),
    ] = False,
) -> None:
    """How kpi reads a file: encoding, platform, header row, totals rows, and each header's column.

    Example: kpi columns sample_data/campaign_posts.csv
    """  # fmt: skip
    from kpi_cli.errors import KpiError

    del quiet  # a wrapper passing -q to every kpi command failed on this one (No such option: -q)

    sources: list[Source] = []
    try:
        from kpi_cli.read.describe import describe
        from kpi_cli.read.sniff import open_sources

        options = _read_options(
            maps, profile, decimal_comma, decimal_point, dayfirst, monthfirst, currency, any_year=any_year
        )
        sources = open_sources(files, options=options)
        from kpi_cli.score import score_files

        failure: KpiError | None = None
        docs = []
        for source in sources:  # each on its own: two files in two currencies are fine here
            try:
                score_files([source.name], sources=[source], options=options)
                docs.append(describe(source))
            except KpiError as exc:  # show what was decided, then say where reading stopped
                failure = failure or exc
                docs.append(describe(source, read=False))
        if output_format is ColumnsFormat.json:
            import orjson

            from kpi_cli.text import json_safe

            data = json_safe(
                orjson.dumps({"schema": "kpi.columns/1", "files": docs}, option=orjson.OPT_INDENT_2)
            )
            sys.stdout.write(data.decode() + "\n")
        else:
            from kpi_cli.render_columns import columns_view

            console = _console(color)
            for doc in docs:
                console.print(columns_view(doc))
        if failure is not None:
            fail(str(failure), failure.exit_code)
    except KpiError as exc:
        fail(str(exc), exc.exit_code)


class GlossaryFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command(
    "kpis",
    epilog=(
        "Examples:\n\n"
        "  kpi kpis\n\n"
        "  kpi kpis ctr cpe roas\n\n"
        "  kpi kpis cpm --benchmarks agency_bands.yaml\n\n"
        "  kpi kpis --format json | jq '.[] | {id, formula}'\n\n"
        "Each KPI's name, id, funnel phase, unit, formula, the columns it is worked out from "
        "with a few of the headers exports write for them (`kpi columns FILE` shows what your "
        "file's headers feed), and the benchmark bands in force with their source."
    ),
)
def kpis_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[KPI...]",
            help="The KPIs to explain, by id or name; every KPI if none. E.g. ctr cpe, 'engagement rate'.",
            show_default=False,
            autocompletion=complete.glossary_kpis,
        ),
    ] = None,
    output_format: Annotated[
        GlossaryFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people; json (a list, one object per KPI) for scripts; markdown for a "
            "document. E.g. -f json.",
        ),
    ] = GlossaryFormat.text,
    benchmarks: BenchmarksOption = None,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            help="Colour the names and verdicts: auto (only on a terminal, not with "
            "NO_COLOR), always, never; the words carry the meaning either way. E.g. --color never.",
        ),
    ] = Color.auto,
    quiet: QuietOption = False,  # accepted as every command does: the glossary writes no notes
) -> None:
    """What each KPI means: formula, unit, the columns it needs (as exports name them), bands, source.

    Example: kpi kpis ctr cpe
    """  # fmt: skip
    from kpi_cli.errors import KpiError

    try:
        from kpi_cli import benchmarks as bm
        from kpi_cli import glossary

        ids = glossary.resolve(names or [])
        docs = glossary.entries(ids or None, bm.load(benchmarks))
        title = "" if ids else f"KPI glossary: bands from {benchmarks or bm.shipped_path().name}"
        if output_format is GlossaryFormat.text:
            glossary.print_text(docs, _console(color), whole=not ids, title=title)
            return
        if output_format is GlossaryFormat.json:
            data = glossary.to_json(docs)
        else:
            data = glossary.to_markdown(docs, whole=not ids, title=title).encode()
        sys.stdout.flush()  # UTF-8 whatever the console's encoding, as a file of either would be
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
        else:  # a text-only stream (a notebook's)
            sys.stdout.write(data.decode())
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

    def __call__(self, source: "Source", position: int) -> None:
        if not self.enabled:
            return
        self.done[id(source)] = position
        if self.bar is None:
            if self.clock() - self.started < self.DELAY:
                return
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                # styled, not markup: kpi's consoles parse no markup (a `[tag]` showed as written)
                TextColumn("reading", style="progress.description", markup=False),
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

    def __enter__(self) -> "_ProgressBar":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


_KEEP: list[object] = []  # the last report, alive until the process ends


def main() -> None:
    """Console-script entry point: run the app, turning stray errors into one line."""
    # One run, then exit: nothing kpi builds needs the cyclic collector (reference
    # counting frees it), which would only rescan a breakdown's hundred thousand
    # report objects, a tenth of a second each time it runs.
    gc.disable()
    if sys.stderr is None:  # `2>&-`: errors have nowhere to go, but the exit code still tells
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the rest of the process)
    if sys.stdout is None:  # `>&-`: a report has nowhere to go (see _write_report); -o still works
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        _STDOUT_CLOSED.append(True)
    from kpi_cli.errors import KpiError
    from kpi_cli.lazy import own_process
    from kpi_cli.text import GuardedStdout, fit_encoding

    own_process()  # (done already when `kpi` started at kpi_cli.__main__)

    fit_encoding(sys.stdout)  # a cp1252 or ASCII console: `>=` for `≥` rather than a crash
    fit_encoding(sys.stderr)
    sys.stdout = GuardedStdout(sys.stdout)  # a full disk: one line, exit 2, whatever writes
    for signum in (signal.SIGINT, signal.SIGTERM):  # both cleaned up as Ctrl-C is (no .tmp left)
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _interrupt)
    try:
        code = _only_command(sys.argv[1:])(standalone_mode=False)
        if _INTERRUPTED:  # typer turns KeyboardInterrupt into exit code 130, silently
            raise KeyboardInterrupt
    except (KeyboardInterrupt, typer.Abort):
        _say("kpi: interrupted")
        sys.exit(130)
    except BrokenPipeError:  # the reader left (`kpi score big.csv | head`): that is fine
        _silence_stdout()
        sys.exit(0)
    except SystemExit as exc:
        # `kpi --help | head -1`: typer and rich end a run whose reader left with exit 1,
        # kpi's "gate failed"; the reader leaving is no failure, as for every report.
        if exc.code == 1 and isinstance(exc.__context__, BrokenPipeError):
            _silence_stdout()
            _exit(0)
        raise
    except KpiError as exc:  # raised outside a command (writing help or --version to a full disk)
        _say(f"kpi: error: {exc}")
        _drop_stdout_after_failure()
        _exit(exc.exit_code)
    except Exception as exc:  # never show a traceback
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            if exc.format_message():  # empty when help was shown for a bare `kpi`
                _say(_usage_message(exc))
            _exit(exc.exit_code)  # not waiting for the parse a head start began (kpi_cli.head_start)
        _say(f"kpi: error: unexpected {type(exc).__name__}: {exc} (please report this)")
        sys.exit(2)
    _exit(code if isinstance(code, int) else 0)


def _only_command(args: list[str]) -> typer.Typer:
    """The app with only the command that `args` start with (`score`, `benchmarks`...).

    Typer builds every command's options before it runs one (their signatures, types and
    help): ~15 ms of a small run went to the commands it does not run. A command parses,
    helps and fails just as within the whole app. Anything else (`kpi`, `kpi --version`, a
    misspelt command, shell completion, which gives no arguments) runs the whole app."""
    if not args:
        return app
    name = args[0]
    commands = [
        c
        for c in app.registered_commands
        if (c.name or typer.main.get_command_name(c.callback.__name__ if c.callback else "")) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    only = copy.copy(app)  # the same callback (--version), name, help and settings
    only.registered_commands, only.registered_groups = commands, groups
    return only


_INTERRUPTED: list[int] = []  # the signal that stopped the run, if one did
_STDOUT_CLOSED: list[bool] = []  # the process started with stdout closed


def _interrupt(signum: int, frame: object) -> None:
    _INTERRUPTED.append(signum)
    raise KeyboardInterrupt


def _silence_stdout() -> None:
    """Send what is left of stdout nowhere: its reader has gone (`| head`), which is not an error."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _exit(code: int) -> NoReturn:
    """End the process without tearing the interpreter down.

    After a big export, freeing every object one by one and shutting pandas and Arrow
    down takes a tenth of a second or more that the user only waits through. Output is
    flushed first. Under a tracer or profiler (coverage, pyinstrument) the usual exit
    runs, so they can write their results.
    """
    from kpi_cli.errors import KpiError

    sniff = sys.modules.get("kpi_cli.read.sniff")  # not imported for a run that read nothing
    if sniff is not None:
        sniff.remove_spooled()  # os._exit runs no atexit hooks
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except KpiError as exc:  # the last of the report did not fit on the disk (GuardedStdout)
        from kpi_cli.text import printable

        _say(f"kpi: error: {printable(str(exc))}")
        _silence_stdout()
        code = exc.exit_code
    sys.stderr.flush()
    from kpi_cli.lazy import save_patterns

    save_patterns()  # the regexes this run compiled, for the next run (kpi_cli.lazy)
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: coverage, profilers
    watched = monitoring is not None and any(monitoring.get_tool(i) for i in range(6))
    if sys.gettrace() is None and sys.getprofile() is None and not watched:
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    main()
