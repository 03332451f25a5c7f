"""Rendering a scored report on a terminal: the funnel table, breakdowns, goals.

The data formats (JSON, NDJSON records, headlines, column formats) are in `records`,
which loads no rich; the tables take their headlines and formats from there.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpi_cli import fmt, render_rows, render_spark
from kpi_cli.kpis import KPI_BY_ID, OBJECTIVES, PHASE_TITLES, PHASES
from kpi_cli.marks import MARKS_LEGEND as MARKS_LEGEND
from kpi_cli.marks import VERDICT_MARKS as VERDICT_MARKS
from kpi_cli.marks import VERDICT_STYLES as VERDICT_STYLES
from kpi_cli.marks import verdict_words as verdict_words
from kpi_cli.records import (
    Show,
    breakdown_formats,
    breakdown_headline,
    column_formats,
    goal_status,
    goals_title,
    headline,
    note_numbers,
    ranking_caption,
)
from kpi_cli.score import (
    GroupResult,
    KpiResult,
    LazyGroups,
    ScoreReport,
)
from kpi_cli.text import printable


def _industry_text(kpi: KpiResult) -> str:
    """The shipped bands' verdict beside yours (--compare-benchmarks): `fair 1–3%`."""
    found = kpi.industry
    return "" if found is None else f"{found.verdict} {found.label}"


def _verdict_text(kpi: KpiResult) -> Text:
    if kpi.verdict is None:
        return Text("")
    return Text(verdict_words(kpi.verdict), style=VERDICT_STYLES[kpi.verdict])


def _band_text(kpi: KpiResult, style: fmt.Style = fmt.EN) -> Text:
    if kpi.band is None:
        return Text("")
    text = fmt.relabel(kpi.band.label, style)
    if kpi.band.scope:
        text += f" ({kpi.band.scope})"
    return Text(text)


def _verdict_and_band(kpi: KpiResult, style: fmt.Style, compare: bool) -> Text:
    """The verdict, its band and (`compare`) the industry's in one column: a narrow table's."""
    verdict = _verdict_text(kpi)
    if kpi.band is not None:
        verdict.append(" " + _band_text(kpi, style).plain)
    if compare and kpi.industry is not None:
        verdict.append(f" · industry: {_industry_text(kpi)}")
    return verdict


T = TypeVar("T")

NARROW = 110  # below this many columns the funnel table folds its verdict and band into one column
STACKED = 72  # below this, the verdict goes under the KPI's name


def table(report: ScoreReport, group: GroupResult | None = None, width: int | None = None) -> Table:
    """The funnel table for one group (the total by default), phase by phase.

    On a terminal narrower than NARROW (80 columns is common) the verdict and its band share
    a column, and the notes become numbered footnotes under the table (one number per
    distinct note, so `clicks missing in 5 of 164 rows` is written once)."""
    group = group or report.total
    compare = bool(report.meta.get("compare_benchmarks"))
    title = headline(report) if group is report.total else f"{printable(group.label)} · {group.rows:,} rows"
    narrow = width is not None and width < NARROW
    stacked = width is not None and width < STACKED
    out = Table(
        title=Text(title),  # a file name: never markup ([red]m[/red]-file.csv is a name)
        title_justify="left",
        show_lines=False,
        expand=False,
        pad_edge=False,
        box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD,
    )
    out.add_column("KPI", no_wrap=not stacked, overflow="fold")
    out.add_column("Value", justify="right", no_wrap=True)
    footnotes: list[str] = []
    refs: list[Text] = []  # the narrow layout's footnote numbers, a cell each
    if stacked:
        out.add_column("Notes", style="dim", overflow="fold")
    elif narrow:
        out.add_column("Verdict, band", overflow="fold", min_width=12)
        out.add_column("Notes", style="dim", overflow="fold")
    else:
        out.add_column("Verdict", no_wrap=True)
        out.add_column("Benchmark band", no_wrap=True)
        if compare:
            out.add_column("Industry", no_wrap=True)
        out.add_column("Note", style="dim", overflow="fold", min_width=28)
    phases: list[tuple[str, list[KpiResult]]] = []
    chosen = set(report.kpis or KPI_BY_ID)  # --kpis narrows the rows
    if report.objective:
        primary = [k for k in group.kpis if k.primary and k.id in chosen]
        if primary:
            phases.append((f"Primary KPIs for {report.objective}", primary))
    for phase in PHASES:
        kpis = [k for k in group.kpis if k.phase == phase and not k.primary and k.id in chosen]
        if kpis:
            phases.append((PHASE_TITLES[phase], kpis))
    show = column_formats((k for _, kpis in phases for k in kpis), report.style)
    for index, (title_text, kpis) in enumerate(phases):
        if index:
            out.add_section()
        out.add_row(Text(title_text, style="bold underline"), *([""] * (len(out.columns) - 1)))
        for kpi in kpis:
            name = Text(("★ " if kpi.primary else "  ") + kpi.name)
            value = Text(kpi.shown(show[kpi.id]), style="bold" if kpi.primary else "")
            note = fmt.relabel(printable(kpi.note(group.rows)), report.style)  # 48.994 beside 49,0K
            if stacked:  # the verdict under the KPI's name, so the figure keeps its width
                verdict = _verdict_and_band(kpi, report.style, compare)
                if verdict.plain:
                    name.append("\n    ").append_text(verdict)
                out.add_row(name, value, footnote_refs(note, footnotes, " "))
            elif narrow:
                refs.append(footnote_refs(note, footnotes))
                out.add_row(name, value, _verdict_and_band(kpi, report.style, compare), refs[-1])
            elif compare:
                industry = Text(_industry_text(kpi)) if kpi.industry is not None else Text("")
                out.add_row(
                    name, value, _verdict_text(kpi), _band_text(kpi, report.style), industry, Text(note)
                )
            else:
                out.add_row(name, value, _verdict_text(kpi), _band_text(kpi, report.style), Text(note))
    if width is not None:
        _lay_out(out, refs, width)
    if footnotes:
        out.caption = footnotes_text(footnotes)
        out.caption_justify = "left"
    return out


def _natural_widths(out: Table) -> list[int] | None:
    """Each column's width as rich lays out a table that fits: its widest line of text,
    header included, or its min_width; None when a cell is not text. rich measures every
    cell to find these (Text.__rich_measure__: the longest of `plain.splitlines()`), a third
    of drawing a small report, then again to draw it."""
    widths = []
    for column in out.columns:
        widest = max(column.min_width or 0, 0, *(cell_len(line) for line in str(column.header).splitlines()))
        for cell in column.cells:
            if not isinstance(cell, (Text, str)):
                return None
            text = cell.plain if isinstance(cell, Text) else cell
            widest = max(widest, 0, *(cell_len(line) for line in text.splitlines()))
        widths.append(widest)
    return widths


def _lay_out(out: Table, refs: list[Text], width: int) -> None:
    """A table that fits gets its natural widths as fixed ones, so rich draws it as it
    would without measuring every cell twice; one too wide folds its footnote numbers
    first (_numbers_fold_first)."""
    widths = _natural_widths(out)
    if widths is not None and sum(widths) + 3 * len(widths) + 2 <= width:
        for column, natural in zip(out.columns, widths, strict=True):
            column.width = natural
    elif refs:
        _numbers_fold_first(out, refs, width)


def _numbers_fold_first(out: Table, refs: list[Text], width: int) -> None:
    """A narrow table too wide for the terminal: rich narrows the widest column that may wrap,
    the verdict (`✓✓ excellent ≥ 3 %` cut before its `%`), before the footnote numbers beside
    it (`6,7,8,9,2,10`). Cap the numbers' column by the excess, so they fold first, between
    two numbers (`6, 7, 8, 9,` over `2, 10`)."""
    from rich.measure import Measurement

    console = Console(width=10_000, markup=False, emoji=False)
    excess = Measurement.get(console, console.options, out).maximum - width
    widest = max(cell_len(text.plain) for text in refs)
    cap = max(len("Notes"), widest - excess)
    if excess <= 0 or cap >= widest:
        return
    out.columns[-1].max_width = cap
    for text in refs:
        if cell_len(text.plain) > cap:
            text.plain = text.plain.replace(",", ", ")


def footnotes_text(footnotes: Sequence[str]) -> Text:
    """`1. clicks missing in 5 of 164 rows`, a line each: the notes under a table."""
    return Text("\n".join(f"{i}. {text}" for i, text in enumerate(footnotes, 1)), style="dim")


def footnote_refs(note: str, footnotes: list[str], sep: str = ",") -> Text:
    """`1,3`: a note's footnote numbers for a table cell."""
    return Text(sep.join(str(n) for n in note_numbers(note, footnotes)))


def _cell(kpi: KpiResult, plain: bool, bold: bool = False, show: Show | None = None) -> Text:
    """A breakdown cell: the figure and its verdict's mark, coloured when colour is on."""
    if kpi.value is None:
        return Text("—", style="dim")
    text = kpi.shown(show)
    if kpi.verdict is None:
        return Text(text, style="bold" if bold else "")
    # the mark first, `✓ ` as wide as `✓✓`: the figures stay aligned on the right
    mark = VERDICT_MARKS[kpi.verdict].ljust(2)
    if plain:
        return Text(f"{mark} {text}")
    style = VERDICT_STYLES[kpi.verdict] + (" bold" if bold else "")
    return Text(f"{mark} {text}", style=style)


def breakdown_caption(report: ScoreReport, plain: bool = False) -> str:
    """How the groups were ranked and how to read the cells."""
    caption = ranking_caption(report)
    caption += f" · {MARKS_LEGEND}" + ("" if plain else " (colour repeats the mark)")
    if report.objective and not report.kpis:
        caption += f" · ★ primary KPIs for {report.objective}"
    return caption


def breakdown_tables(
    report: ScoreReport,
    plain: bool = False,
    width: int | None = None,
    trend: bool = False,
    ascii: bool = False,
) -> list[Table | render_rows.StampedTable]:
    """The breakdown as tables that each fit `width` columns: the KPIs split across as many
    tables as it takes, every one with the group column, so no figure is ever cut short.
    `trend` adds a sparkline row by date (a terminal only), in `ascii` where blocks cannot go."""
    columns = report.columns()
    show = breakdown_formats(report, columns)
    if width is None:
        return [breakdown_table(report, plain, columns, trend=trend, ascii=ascii, show=show)]
    cells = {k: [_cell(g.kpi(k), plain, show=show[k]) for g in report.groups] for k in columns}
    total = {k: _cell(report.total.kpi(k), plain, show=show[k]) for k in columns}
    need = {  # the widest cell, or the longest word of the KPI's name (names wrap, words do not)
        k: max(
            max(cell_len(text.plain) for text in [*cells[k], total[k]]),
            max(len(word) for word in ("★ " + KPI_BY_ID[k].name).split()),
        )
        + 3  # its padding and rule
        for k in columns
    }
    labels = [g.label for g in report.groups] + ["Total", *(c.replace("_", " ") for c in report.by)]
    room = width - min(32, max((len(label) for label in labels), default=5)) - 6
    chunks = panels(columns, need, room)
    if trend and report.by == ["date"]:
        # A character a period (up to 26) in the Trend row, where that takes no more tables:
        # otherwise the sparkline averages neighbouring periods into the room there is.
        wide = {k: max(need[k], min(len(report.groups), 26) + 3) for k in columns}
        if len(wider := panels(columns, wide, room)) == len(chunks):
            chunks, need = wider, wide
    if len(report.groups) < render_rows.STAMP_FROM:
        return [
            breakdown_table(report, plain, chunk, {k: need[k] - 3 for k in chunk}, trend, ascii, show)
            for chunk in chunks
        ]
    keys = [_key_cells(report, group) for group in report.groups]
    return [
        render_rows.StampedTable(
            functools.partial(
                breakdown_table, report, plain, chunk, {k: need[k] - 3 for k in chunk}, trend, ascii, show
            ),
            [[*keys[g], *(cells[k][g] for k in chunk)] for g in range(len(report.groups))],
            ["left"] * len(report.by) + ["right"] * len(chunk),
            len(report.by),  # a KPI column is as wide as its widest cell (`need`)
        )
        for chunk in chunks
    ]


def _key_cells(report: ScoreReport, group: GroupResult) -> list[Text]:
    """A breakdown row's group cells: its value of each `--by` column, as printable text."""
    return [Text(printable(group.key.get(col, ""))) for col in report.by]


def panels(columns: Sequence[T], need: Mapping[T, int], room: int) -> list[list[T]]:
    """The columns of each table a wide table is split into, in order, each table's within
    `room` cells (`need`: a column's width with its padding and rule; a column never
    shrinks below its widest cell, so no figure is ever cut)."""
    chunks: list[list[T]] = [[]]
    used = 0
    for kpi_id in columns:
        if chunks[-1] and used + need[kpi_id] > room:
            chunks.append([])
            used = 0
        chunks[-1].append(kpi_id)
        used += need[kpi_id]
    return chunks


def breakdown_table(
    report: ScoreReport,
    plain: bool = False,
    columns: list[str] | None = None,
    widths: dict[str, int] | None = None,
    trend: bool = False,
    ascii: bool = False,
    show: dict[str, Show] | None = None,
    rows: Sequence[int] | None = None,
) -> Table:
    """Groups as rows, KPIs as columns, each cell with its verdict's mark (and colour, on a
    console with colour); the total last. `widths` keeps a KPI column at least as wide as
    its widest cell (its name may wrap); `show` writes each column's figures alike; `rows`
    draws only those groups (render_rows' probe: the total and trend are every group's).
    """
    columns = columns if columns is not None else report.columns()
    show = show if show is not None else breakdown_formats(report, columns)
    out = Table(pad_edge=False)
    for col in report.by:
        title = (
            f"Date ({report.period})" if col == "date" and report.period else col.replace("_", " ").title()
        )
        out.add_column(title, overflow="fold", max_width=32)  # a long name wraps, never cut
    for kpi_id in columns:
        star = "★ " if report.objective and kpi_id in OBJECTIVES[report.objective] else ""
        minimum = (widths or {}).get(kpi_id)
        out.add_column(star + KPI_BY_ID[kpi_id].name, justify="right", min_width=minimum)
    groups = report.groups if rows is None else [report.groups[g] for g in rows]
    for group in groups:
        out.add_row(*_key_cells(report, group), *(_cell(group.kpi(k), plain, show=show[k]) for k in columns))
    out.add_section()
    total_keys = [Text("Total", style="bold")] + [Text("") for _ in report.by[1:]]
    out.add_row(*total_keys, *(_cell(report.total.kpi(k), plain, True, show[k]) for k in columns))
    sparks = render_spark.trend_cells(report, columns, ascii) if trend else None
    if sparks:  # each KPI's shape over the periods, oldest left (see render_spark)
        out.add_row(Text("Trend", style="dim"), *(Text("") for _ in report.by[1:]), *sparks)
    return out


def breakdown_notes(report: ScoreReport) -> list[str]:
    """The total's coverage and band notes for the KPIs a breakdown shows."""
    notes = []
    for kpi_id in report.columns():
        kpi = report.total.kpi(kpi_id)
        note = fmt.relabel(kpi.note(report.total.rows), report.style)
        if note:
            notes.append(f"{kpi.name}: {note}")
    return notes


def wrap_parts(text: str, width: int) -> str:
    """`a · b · c` broken into lines between its parts, never inside one (a date, `✓ good`)."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and cell_len(f"{lines[-1]} · {part}") <= width:
            lines[-1] = f"{lines[-1]} · {part}"
        else:
            lines.append(part)
    return "\n".join(lines)


def detach_title(out: Table, width: int) -> list[Text | Table]:
    """On a narrow terminal the title is printed above the table, wrapping at the terminal's
    width: as the table's title it would wrap at the table's, mid-date."""
    if width >= NARROW or out.title is None:
        return [out]
    title = wrap_parts(str(out.title), width)  # between the parts, not inside a date
    out.title = None
    return [Text(title, style="italic"), out]


# A breakdown on a terminal shows at most this many groups (the first SCREEN_SHOWN of more).
SCREEN_GROUPS = 200
SCREEN_SHOWN = 50


_GOAL_STYLES = {"met": "bold green", "on track": "green", "off track": "bold red", "missed": "bold red"}


def goals_table(report: ScoreReport, width: int | None = None) -> Table:
    """The --goals section: each goal's target, value, attainment and pacing; on a terminal
    narrower than NARROW the notes are numbered under the table, as the funnel's are."""
    records = report.meta.get("goals", [])
    title = goals_title(report.meta)
    narrow = width is not None and width < NARROW
    if width is not None and width < STACKED:
        return _goals_stacked(records, title)
    paced = any(r.get("projected_display") for r in records)
    footnotes: list[str] = []
    rows = []
    for record in records:
        name = KPI_BY_ID[record["kpi"]].name
        if record["scope"]:
            name += f" · {record['name']}"
        status = goal_status(record)
        attained = "—" if record["attainment"] is None else f"{record['attainment']:.0f}%"
        reason = printable(record["reason"] or "")
        rows.append(
            (
                Text(printable(name)),
                record["goal"],
                record["display"] or "—",
                attained,
                *([record.get("projected_display") or ""] if paced else []),
                Text(status, style=_GOAL_STYLES.get(status, "")),
                footnote_refs(reason, footnotes) if narrow else Text(reason),
            )
        )
    # At 80 columns (a pipe, -o) the name wraps rather than the status word or the footnote
    # numbers being cut: `off track` whole, and every footnote has its row's number (audit I-4).
    statuses = [len(row[-2]) for row in rows]
    refs = [len(row[-1]) for row in rows] if narrow else []
    if narrow and width is not None:
        # The columns beside the name, as wide as their widest cell or header, with their padding
        # and rules: what is left for the name must hold its longest word, or the goals stack.
        heads = ["Target", "Value", "Attained", *(["Projected"] if paced else []), "Status", "Notes"]
        beside = sum(
            max(len(head), *(cell_len(str(row[i])) for row in rows)) + 2 for i, head in enumerate(heads, 1)
        )
        words = max((cell_len(w) for row in rows for w in str(row[0]).split()), default=0)
        if width - beside - len(heads) - 2 < words:
            return _goals_stacked(records, title)
    out = Table(title=Text(title), title_justify="left", pad_edge=False)
    out.add_column("Goal", overflow="fold")
    out.add_column("Target", no_wrap=True)
    out.add_column("Value", justify="right", no_wrap=True)
    out.add_column("Attained", justify="right", no_wrap=True, min_width=len("Attained"))
    if paced:
        out.add_column("Projected", justify="right", no_wrap=True)
    out.add_column("Status", no_wrap=True, min_width=max(statuses, default=0) or None)
    notes = "Notes" if narrow else "Note"
    widest = max([*refs, len(notes)]) if narrow else None
    out.add_column(notes, style="dim", overflow="fold", min_width=widest)
    for row in rows:
        out.add_row(*row)
    if footnotes:
        out.caption = footnotes_text(footnotes)
        out.caption_justify = "left"
    return out


def _goals_stacked(records: list[dict[str, Any]], title: str) -> Table:
    """Goals on a terminal under STACKED columns: the value and status beside the goal's
    name, its target, attainment and pacing on a line under it; notes numbered below."""
    out = Table(title=Text(title), title_justify="left", pad_edge=False, box=box.SIMPLE_HEAD)
    out.add_column("Goal", overflow="fold")
    out.add_column("Value", justify="right", no_wrap=True)
    out.add_column("Status", no_wrap=True)
    out.add_column("Notes", style="dim", overflow="fold")
    footnotes: list[str] = []
    for record in records:
        name = KPI_BY_ID[record["kpi"]].name + (f" · {record['name']}" if record["scope"] else "")
        detail = [f"goal {record['goal']}"]
        if record["attainment"] is not None:
            detail.append(f"{record['attainment']:.0f}%")
        if record.get("projected_display"):
            detail.append(f"projected {record['projected_display']}")
        cell = Text(printable(name)).append("\n    " + " · ".join(detail), style="dim")
        status = goal_status(record)
        out.add_row(
            cell,
            record["display"] or "—",
            Text(status, style=_GOAL_STYLES.get(status, "")),
            footnote_refs(printable(record["reason"] or ""), footnotes, " "),
        )
    if footnotes:
        out.caption = footnotes_text(footnotes)
        out.caption_justify = "left"
    return out


def print_table(report: ScoreReport, console: Console) -> None:
    """The funnel table of the total; with --by, the breakdown table instead; then the goals."""
    if report.meta.get("goals_file"):
        _print_main(report, console)
        console.print()
        console.print(goals_table(report, console.width))
        return
    _print_main(report, console)


def _print_main(report: ScoreReport, console: Console) -> None:
    if not report.by:
        for part in detach_title(table(report, width=console.width), console.width):
            console.print(part)
        return
    plain = console.no_color or console.color_system is None
    console.print(Text(wrap_parts(breakdown_headline(report), console.width), style="italic"))
    shown, hidden = report, 0
    if console.is_terminal and len(report.groups) > SCREEN_GROUPS:
        # Thousands of rows scroll past unread (and take a millisecond each to lay out):
        # the first ones, the total, and how to see the rest.
        hidden = len(report.groups) - SCREEN_SHOWN
        shown = dataclasses.replace(report, groups=list(report.groups[:SCREEN_SHOWN]))
    elif isinstance(report.groups, LazyGroups):  # groups built as read: once, here, with the columns drawn
        shown = dataclasses.replace(report, groups=report.groups.with_kpis(report.columns()))
    elif not isinstance(report.groups, list):
        shown = dataclasses.replace(report, groups=list(report.groups))
    ascii = render_spark.needs_ascii(console.encoding)
    for drawn in breakdown_tables(shown, plain, console.width, trend=console.is_terminal, ascii=ascii):
        if isinstance(drawn, render_rows.StampedTable):
            drawn.print_to(console)  # a batch of rows at a time
        else:
            console.print(drawn)
    if hidden:
        console.print(
            Text(
                f"  the first {SCREEN_SHOWN} of {len(report.groups):,} groups ({hidden:,} more; the Total "
                "covers all): --sort KPI --top N to choose which, or -f csv / json for every group",
                style="bold",
            )
        )
    console.print(Text(wrap_parts(breakdown_caption(report, plain), console.width), style="dim"))
    for note in breakdown_notes(report):
        console.print(Text(f"  {note}", style="dim"))
    if report.meta.get("compare_benchmarks"):
        console.print(
            Text("  industry verdicts (the shipped bands) of every group: -f csv or -f json", style="dim")
        )


# --------------------------------------------------------------------------- JSON
