"""`kpi score --plot FILE.png|svg`: the chosen KPIs as a chart, their benchmark bands shaded.

By date: each KPI over the periods (a line per value of a second `--by` column); by any
other column: a bar per group; without `--by`: a bar per KPI for the total, against its
bands. matplotlib is an optional extra (`kpi-cli[plot]`) and is imported only here, only
when --plot is given; figures are drawn headless (matplotlib's Figure API on Agg, never
pyplot), so a notebook's own plotting backend is left alone.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kpi_cli import benchmarks as bm
from kpi_cli.errors import KpiError, UsageError
from kpi_cli.kpis import KPI_BY_ID
from kpi_cli.read.vocab import symbol_for
from kpi_cli.records import breakdown_headline, headline
from kpi_cli.render_spark import dated, timeline
from kpi_cli.score import GroupResult, ScoreReport
from kpi_cli.text import printable

FORMATS = {".png": "png", ".svg": "svg"}
NEEDS_MATPLOTLIB = "--plot needs matplotlib: pip install '.[plot]' in kpi's folder (pipx install '.[plot]')"
MAX_PANELS = 6  # KPIs in one chart: more panels are too small to read
MAX_BARS = 25  # groups in a bar chart
MAX_LINES = 8  # lines per panel (date × another column)

# The table's verdict colours (red, yellow, green, bright green), as fills light enough
# for a line or a bar to read on top; the words are written beside each band as well.
BAND_COLOURS = {"poor": "#d7301f", "fair": "#f5b700", "good": "#74c476", "excellent": "#1a7f37"}
BAND_TEXT = {"poor": "#a01d10", "fair": "#8a6500", "good": "#2f7a33", "excellent": "#0f5a25"}
BAND_ALPHA = 0.22
INK = "#1f2a36"
LINE_COLOURS = ("#1f2a36", "#1f77b4", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f")


def check(path: Path) -> str:
    """Refuse a --plot target before any row is read: its format, and matplotlib's presence."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(
            f"--plot {path}: a chart is written as .png or .svg; name the file so (e.g. --plot chart.png)"
        )
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise KpiError(NEEDS_MATPLOTLIB) from None
    return kind


@dataclass
class Chart:
    """What was drawn, for the note on stderr."""

    kind: str  # "over time" | "by group" | "of the total"
    kpis: list[str]
    left_out: list[str] = field(default_factory=list)  # notes: KPIs or groups not shown


def choose_kpis(report: ScoreReport, benches: dict[str, bm.Benchmark]) -> tuple[list[str], int]:
    """The breakdown's columns (--kpis, the objective's, or the headline ones with a figure),
    at most MAX_PANELS of them: those with bands first, then in the table's order; and how
    many there were."""
    columns = report.columns()
    if not report.kpis:  # the default columns: those the export has figures for
        columns = [k for k in columns if report.total.kpi(k).value is not None] or columns
    if not report.by and not report.kpis and any(k in benches for k in columns):
        columns = [k for k in columns if k in benches]  # the total alone: a count has nothing to compare with
    if len(columns) <= MAX_PANELS:
        return columns, len(columns)
    keep = set(sorted(columns, key=lambda k: k not in benches)[:MAX_PANELS])
    return [k for k in columns if k in keep], len(columns)


def benches_of(report: ScoreReport) -> dict[str, bm.Benchmark]:
    """The bands in force for the report: shipped, with or replaced by its --benchmarks file."""
    path = None if report.benchmarks == "shipped" else Path(report.benchmarks)
    return bm.load(path, extend=report.benchmarks_mode == "extend")


def write(report: ScoreReport, path: Path, inputs: Sequence[str] = ()) -> str:
    """Draw the chart and write it atomically; returns the note for stderr."""
    from kpi_cli.output import write_atomic

    kind = check(path)
    figure, chart = build(report, benches_of(report))
    buffer = io.BytesIO()
    with _style():
        metadata = {"Date": None} if kind == "svg" else {"Software": None}
        figure.savefig(buffer, format=kind, dpi=150, metadata=metadata)
    try:
        write_atomic(buffer.getvalue(), path, inputs)
    except KpiError as exc:  # its messages speak of -o
        raise KpiError(str(exc).replace("-o file", "--plot file")) from None
    shown = ", ".join(KPI_BY_ID[k].name for k in chart.kpis)
    note = f"kpi: chart of {shown} {chart.kind} written to {path}"
    return "; ".join([note, *chart.left_out])


def _style() -> Any:
    import matplotlib

    return matplotlib.rc_context(
        {
            "text.parse_math": False,  # a $ in a name or a money tick is a dollar, not TeX
            "svg.hashsalt": "kpi",  # the same report, the same SVG bytes
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#888888",
            "xtick.color": "#444444",
            "ytick.color": "#444444",
        }
    )


def build(report: ScoreReport, benches: dict[str, bm.Benchmark]) -> tuple[Any, Chart]:
    """The figure (matplotlib's, headless) and what it shows."""
    with _style():
        return _build(report, benches)


def _build(report: ScoreReport, benches: dict[str, bm.Benchmark]) -> tuple[Any, Chart]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    kpis, available = choose_kpis(report, benches)
    chart = Chart("", kpis)
    if available > len(kpis):
        chart.left_out.append(f"{len(kpis)} of the {available} KPIs shown (--kpis to choose)")
    lines = _time_lines(report, chart)
    n = len(kpis)
    if lines is not None:
        chart.kind = f"by {report.period}"
        ncols = 1 if n <= 3 else 2
        nrows = math.ceil(n / ncols)
        figure = Figure(figsize=(8.5 if ncols == 1 else 12, 2.5 * nrows + 1.3), layout="constrained")
        axes = figure.subplots(nrows, ncols, sharex=True, squeeze=False).ravel()
    else:
        groups = list(report.groups[:MAX_BARS]) if report.by else [report.total]
        if report.by and len(report.groups) > MAX_BARS:
            chart.left_out.append(
                f"the first {MAX_BARS} of {len(report.groups):,} groups shown (--sort KPI --top N to choose)"
            )
        chart.kind = f"by {' × '.join(report.by)}" if report.by else "of the total"
        ncols = min(n, 3)
        nrows = math.ceil(n / ncols)
        height = max(1.2, 0.32 * len(groups) + 0.9)
        figure = Figure(figsize=(4.2 * ncols + 1.5, height * nrows + 1.3), layout="constrained")
        axes = figure.subplots(nrows, ncols, sharey=True, squeeze=False).ravel()
    FigureCanvasAgg(figure)
    symbol = symbol_for(report.currency)
    scoped = False
    for ax, kpi_id in zip(axes, kpis, strict=False):
        bench = benches.get(kpi_id)
        note = None
        if bench is not None and bench.unit == "money" and report.currency not in (None, bench.currency):
            note = f"no bands: they are in {bench.currency}, the figures in {report.currency}"
            bench = None
        bands = None if bench is None else bands_in_force(bench, report.total.kpi(kpi_id).band)
        scoped = scoped or (bench is not None and bench.scoped())
        if lines is not None:
            _line_panel(ax, report, kpi_id, lines, bench, bands)
        else:
            _bar_panel(ax, report, kpi_id, groups, bench, bands, total_line=bool(report.by))
        ax.set_title(_title(kpi_id, bench, bands), loc="left", pad=4 if lines is not None else 16)
        ax.tick_params(labelsize=8)
        _unit_axis(ax, KPI_BY_ID[kpi_id].unit, symbol, "y" if lines is not None else "x")
        if note:
            ax.text(0.0, 1.0, note, transform=ax.transAxes, fontsize=7, color="#666666", va="bottom")
    for ax in axes[n:]:
        ax.set_visible(False)
    title = breakdown_headline(report) if report.by else headline(report)
    if scoped and report.by:
        title += (
            "\nShaded: the bands that judge the Total; in the table a group of one tier, platform "
            "or format may be judged on its own"
        )
    figure.suptitle(title, x=0.01, ha="left", fontsize=10, color="#333333")
    _legend(figure, lines, total=bool(report.by))
    return figure, chart


def _title(kpi_id: str, bench: bm.Benchmark | None, bands: bm.Bands | None) -> str:
    """`CPE · lower is better`, and whose bands when not the default ones (`micro tier bands`)."""
    name = KPI_BY_ID[kpi_id].name
    if bench is None:
        return name
    title = f"{name} · {'higher' if bench.direction == 'higher' else 'lower'} is better"
    return f"{title} · {bands.scope} bands" if bands is not None and bands.scope else title


def bands_in_force(bench: bm.Benchmark, verdict: bm.Verdict | None) -> bm.Bands:
    """The bands that judged the Total (a campaign all of one tier: that tier's), else the default."""
    if verdict is not None and verdict.scope:
        for overrides in (bench.formats, bench.tiers, bench.platforms, bench.campaign_types):
            for bands in overrides.values():
                if bands.scope == verdict.scope:
                    return bands
    return bench.default


# ------------------------------------------------------------------- over time


def _time_lines(report: ScoreReport, chart: Chart) -> list[tuple[str, dict[str, GroupResult]]] | None:
    """By date (alone, or with one other column): each line's label and its groups by period
    key; None for any other breakdown. Rows without a date have no place on the axis."""
    if "date" not in report.by or len(report.by) > 2 or report.period is None:
        return None
    other = next((col for col in report.by if col != "date"), None)
    lines: dict[str, dict[str, GroupResult]] = {}
    rows: dict[str, int] = {}
    for key, group in dated(report):
        label = printable(group.key.get(other, "")) if other else ""
        lines.setdefault(label, {})[key] = group
        rows[label] = rows.get(label, 0) + group.rows
    if not lines:
        raise UsageError("--plot: no row has a date to put on the chart's time axis")
    ordered = sorted(lines, key=lambda label: -rows[label])
    if len(ordered) > MAX_LINES:
        chart.left_out.append(f"the {MAX_LINES} {other} values with most rows shown of {len(ordered):,}")
    return [(label, lines[label]) for label in ordered[:MAX_LINES]]


def _line_panel(
    ax: Any,
    report: ScoreReport,
    kpi_id: str,
    lines: list[tuple[str, dict[str, GroupResult]]],
    bench: bm.Benchmark | None,
    bands: bm.Bands | None,
) -> None:
    assert report.period is not None
    keys = sorted({key for _, groups in lines for key in groups})
    slots = timeline(keys, report.period)
    xs = list(range(len(slots)))
    seen: list[float] = []
    for index, (label, groups) in enumerate(lines):
        ys = [_value(groups[key], kpi_id) if key in groups else None for _, key in slots]
        seen += [y for y in ys if y is not None]
        ax.plot(
            xs,
            [math.nan if y is None else y for y in ys],
            color=LINE_COLOURS[index % len(LINE_COLOURS)],
            marker="o",
            markersize=3.5,
            linewidth=1.8,
            label=label or None,
            zorder=3,
        )
    total = _value(report.total, kpi_id) if KPI_BY_ID[kpi_id].unit != "count" else None  # a sum: off scale
    if total is not None:
        ax.axhline(total, color=INK, linestyle=(0, (4, 3)), linewidth=0.9, zorder=2)
        seen.append(total)
    lo, hi = _view(seen, bands)
    _bands(ax, bench, bands, lo, hi, "y")
    ax.set_ylim(lo, hi)
    ax.set_xlim(-0.5, len(slots) - 0.5)
    step = max(1, math.ceil(len(slots) / 10))
    ticks = xs[::step]
    ax.set_xticks(ticks, [_period_label([d for d, _ in slots], i, report.period, step) for i in ticks])
    ax.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)


def _period_label(days: list[date], i: int, period: str, step: int) -> str:
    """`W11` over `10 Mar`, `10 Mar`, `Mar`: the year on the first and where it changes."""
    day = days[i]
    new_year = i == 0 or days[i - step].year != day.year
    if period == "month":
        return f"{day:%b %Y}" if new_year else f"{day:%b}"
    text = f"{day:%-d %b %Y}" if new_year else f"{day:%-d %b}"
    if period == "week":
        return f"W{day.isocalendar().week:02d}\n{text}"
    return text


# ------------------------------------------------------------------- groups


def _bar_panel(
    ax: Any, report: ScoreReport, kpi_id: str, groups: list[GroupResult], bench: bm.Benchmark | None,
    bands: bm.Bands | None, total_line: bool,
) -> None:  # fmt: skip
    values = [_value(g, kpi_id) for g in groups]
    ys = list(range(len(groups)))
    labels = [_short(printable(g.label)) for g in groups]
    ax.barh(
        ys,
        [0.0 if v is None else v for v in values],
        height=0.6 if len(groups) > 1 else 0.45,
        color=INK,
        alpha=0.85,
        zorder=3,
    )
    seen = [v for v in values if v is not None] + [0.0]
    total = _value(report.total, kpi_id) if KPI_BY_ID[kpi_id].unit != "count" else None  # a sum: off scale
    if total_line and total is not None:
        ax.axvline(total, color=INK, linestyle=(0, (4, 3)), linewidth=0.9, zorder=2)
        seen.append(total)
    lo, hi = _view(seen, bands)
    if min(seen) < 0:
        lo -= 0.12 * (hi - lo)  # room for a negative bar's figure, left of its end
    _bands(ax, bench, bands, lo, hi, "x")
    ax.set_xlim(lo, hi)
    for y, group, value in zip(ys, groups, values, strict=True):
        # A figure goes just past its bar's end, or inside it in white when the bar is long.
        inside = value is not None and abs(value) > 0.45 * (hi - lo)
        outward = value is None or value >= 0
        ax.text(
            0.0 if value is None else value,
            y,
            " —" if value is None else f" {group.kpi(kpi_id).display} ",
            va="center",
            ha="left" if outward != inside else "right",
            fontsize=7.5,
            color="white" if inside else INK,
            zorder=4,
        )
    ax.set_yticks(ys, labels)
    ax.set_ylim(len(groups) - 0.5, -0.5)  # the first group (best after --sort) on top
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


# ------------------------------------------------------------------- bands and axes


def _value(group: GroupResult, kpi_id: str) -> float | None:
    value = group.kpi(kpi_id).value
    return None if value is None or not math.isfinite(float(value)) else float(value)


def _view(values: list[float], bands: bm.Bands | None) -> tuple[float, float]:
    """The value axis: every figure, and the band edges near them (so the zones around the
    figures show) but not edges so far off that the figures would be squeezed flat."""
    if not values:
        values = [0.0]
    lo, hi = min(values), max(values)
    span = (hi - lo) or abs(hi) * 0.5 or 1.0
    edges = [] if bands is None else [e for b in bands.bands for e in (b.lo, b.hi) if e is not None]
    near = [e for e in edges if lo - 1.5 * span <= e <= hi + 1.5 * span]
    lo, hi = min([lo, *near]), max([hi, *near])
    pad = (hi - lo) * 0.08 or 1.0
    bottom = lo - pad
    if min(values) >= 0 and bottom < 0:
        bottom = 0.0  # rates, costs and counts start at zero
    return bottom, hi + pad


def _bands(
    ax: Any, bench: bm.Benchmark | None, bands: bm.Bands | None, lo: float, hi: float, axis: str
) -> None:
    """Shade each band that shows in [lo, hi], with its verdict (and range, where there is
    room) written at the panel's edge: a verdict never rests on colour alone."""
    if bench is None or bands is None:
        return
    from matplotlib.transforms import blended_transform_factory

    for band_lo, band_hi, verdict in bm.judging(bench, bands).bands:
        start, end = max(band_lo, lo), min(band_hi, hi)
        if end <= start:
            continue
        colour = BAND_COLOURS[verdict.verdict]
        span = ax.axhspan if axis == "y" else ax.axvspan
        patch = span(start, end, color=colour, alpha=BAND_ALPHA, linewidth=0, zorder=1)
        patch.set_gid(f"band-{verdict.verdict}")
        share = (end - start) / (hi - lo)
        if axis == "y":
            if share < 0.05:
                continue  # too thin to write in: the legend's colours say it
            words = verdict.verdict if share < 0.16 else f"{verdict.verdict}\n{verdict.label}"
            where = blended_transform_factory(ax.transAxes, ax.transData)
            ax.text(1.01, (start + end) / 2, words, transform=where, ha="left", va="center", fontsize=7,
                    color=BAND_TEXT[verdict.verdict], linespacing=1.1)  # fmt: skip
        elif share >= 0.1:  # above the panel, under its title: the ticks are below
            where = blended_transform_factory(ax.transData, ax.transAxes)
            ax.text((start + end) / 2, 1.01, verdict.verdict, transform=where, ha="center", va="bottom",
                    fontsize=7, color=BAND_TEXT[verdict.verdict])  # fmt: skip


def _unit_axis(ax: Any, unit: str, symbol: str, axis: str) -> None:
    """Ticks as the figures are written: `2%`, `$25`, `$0.40`, `1.5×`, `1.2M`."""
    from matplotlib.ticker import Formatter

    class Ticks(Formatter):
        """One number of decimals for all the ticks of an axis (`3.8%, 4.0%, 4.2%`), as a
        table column shares its decimals: the fewest that write every tick exactly."""

        def __call__(self, value: float, pos: Any = None) -> str:
            return unit_text(value, unit, symbol)

        def format_ticks(self, values: Any) -> list[str]:
            return shared_ticks(list(values), unit, symbol)

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(Ticks())


def shared_ticks(values: list[float], unit: str, symbol: str = "$") -> list[str]:
    """Tick labels sharing their decimals: `$0.80, $1.00, $1.20`; `1.2M, 1.4M` for counts."""
    scale, suffix = 1.0, ""
    if unit == "count":
        top = max((abs(v) for v in values), default=0)
        scale, suffix = next(((size, s) for size, s in ((1e9, "B"), (1e6, "M"), (1e3, "K")) if top >= size),
                             (1.0, ""))  # fmt: skip
    scaled = [v / scale for v in values]
    decimals = next(
        (d for d in range(4) if all(abs(round(v, d) - v) < 1e-9 * max(1.0, abs(v)) for v in scaled)), 3
    )
    if unit == "money" and decimals:
        decimals = 2  # cents, never `$0.8`
    out = []
    for v in scaled:
        text = f"{abs(v):,.{decimals}f}"
        sign = "-" if v < 0 and text.strip("0.,") else ""
        if unit == "money":
            out.append(f"{sign}{symbol}{text}")
        else:
            out.append(f"{sign}{text}{suffix}" + {"percent": "%", "ratio": "×"}.get(unit, ""))
    return out


def unit_text(value: float, unit: str, symbol: str = "$") -> str:
    """An axis tick in the KPI's unit; whole numbers without decimals."""
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if unit == "money":
        return (
            f"{sign}{symbol}{magnitude:,.0f}" if magnitude.is_integer() else f"{sign}{symbol}{magnitude:,.2f}"
        )
    if unit == "count" and magnitude >= 1000:
        for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
            if magnitude >= size:
                return f"{sign}{_trim(f'{magnitude / size:.1f}')}{suffix}"
    text = _trim(f"{magnitude:,.3f}")
    return f"{sign}{text}" + {"percent": "%", "ratio": "×"}.get(unit, "")


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _legend(figure: Any, lines: list[tuple[str, dict[str, GroupResult]]] | None, total: bool) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Patch(facecolor=colour, alpha=BAND_ALPHA + 0.1, label=f"{verdict} band")
        for verdict, colour in BAND_COLOURS.items()
    ]
    if lines is not None or total:
        handles.append(
            Line2D([], [], color=INK, linestyle=(0, (4, 3)), linewidth=0.9, label="Total (all rows)")
        )
    if lines is not None and len(lines) > 1:
        handles += [
            Line2D([], [], color=LINE_COLOURS[i % len(LINE_COLOURS)], marker="o", markersize=3.5, label=label)
            for i, (label, _) in enumerate(lines)
        ]
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6), frameon=False,
                  fontsize=8)  # fmt: skip
