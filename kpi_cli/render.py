"""Rendering a scored report: the terminal table and the JSON document.

Every format is built from the same ScoreReport, so the table and JSON can never
disagree on a figure.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import chain, repeat
from pathlib import Path
from typing import Any, TypeVar

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpi_cli import __version__, fmt, render_spark
from kpi_cli.benchmarks import Verdict
from kpi_cli.kpis import KPI_BY_ID, OBJECTIVES, PER_UNIT_MONEY, PHASE_TITLES, PHASES
from kpi_cli.marks import MARKS_LEGEND as MARKS_LEGEND
from kpi_cli.marks import VERDICT_MARKS as VERDICT_MARKS
from kpi_cli.marks import VERDICT_STYLES as VERDICT_STYLES
from kpi_cli.marks import verdict_words as verdict_words
from kpi_cli.score import (
    GroupBlock,
    GroupResult,
    KpiColumn,
    KpiResult,
    LazyGroups,
    ScoreReport,
    without_gc,
)
from kpi_cli.text import json_safe, printable

Show = Callable[[float | int | None], str]


def column_formats(kpis: Iterable[KpiResult], style: fmt.Style) -> dict[str, Show]:
    """One formatter per KPI of a table column, decided from every value the column shows:
    KPIs of one unit share their decimals (3.48% above 39.30%); money per unit stays whole."""
    values: dict[tuple[str, bool], list[float | int | None]] = {}
    kinds: dict[str, tuple[str, bool]] = {}
    for kpi in kpis:
        kind = kinds.setdefault(kpi.id, (kpi.unit, kpi.id in PER_UNIT_MONEY))
        values.setdefault(kind, []).append(kpi.value)
    shows = {kind: fmt.column(kind[0], vals, kind[1], style) for kind, vals in values.items()}
    return {kpi_id: shows[kind] for kpi_id, kind in kinds.items()}


def _pretty_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%-d %b %Y")


def headline(report: ScoreReport) -> str:
    """`campaign_posts.csv · 164 rows · 3 Mar 2025 – 24 May 2025`."""
    names = ", ".join(printable(name) for name, _ in report.files) or "input"
    parts = [names, f"{report.rows:,} rows"]
    if report.date_start and report.date_end:
        parts.append(f"{_pretty_date(report.date_start)} – {_pretty_date(report.date_end)}")
    if report.objective:
        parts.append(f"objective: {report.objective}")
    return " · ".join(parts)


def breakdown_headline(report: ScoreReport) -> str:
    """The headline of `kpi score --by`, saying what the rows are: `… · by date (week)`."""
    by = " × ".join(
        f"{col} ({report.period})" if col == "date" and report.period else col for col in report.by
    )
    return f"{headline(report)} · by {by}"


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
                verdict = _verdict_text(kpi)
                if kpi.band is not None:
                    verdict.append(" " + _band_text(kpi, report.style).plain)
                if compare and kpi.industry is not None:
                    verdict.append(f" · industry: {_industry_text(kpi)}")
                if verdict.plain:
                    name.append("\n    ").append_text(verdict)
                out.add_row(name, value, footnote_refs(note, footnotes, " "))
            elif narrow:
                verdict = _verdict_text(kpi)
                if kpi.band is not None:
                    verdict.append(" " + _band_text(kpi, report.style).plain)
                if compare and kpi.industry is not None:
                    verdict.append(f" · industry: {_industry_text(kpi)}")
                out.add_row(name, value, verdict, footnote_refs(note, footnotes))
            elif compare:
                industry = Text(_industry_text(kpi)) if kpi.industry is not None else Text("")
                out.add_row(
                    name, value, _verdict_text(kpi), _band_text(kpi, report.style), industry, Text(note)
                )
            else:
                out.add_row(name, value, _verdict_text(kpi), _band_text(kpi, report.style), Text(note))
    if footnotes:
        out.caption = footnotes_text(footnotes)
        out.caption_justify = "left"
    return out


def note_numbers(note: str, footnotes: list[str]) -> list[int]:
    """The numbers of a note's parts among the footnotes, adding the new ones (each part,
    `clicks missing in 5 of 164 rows`, is numbered once however many KPIs it notes)."""
    numbers = []
    for part in (p.strip() for p in note.split("; ") if p.strip()):
        if part not in footnotes:
            footnotes.append(part)
        numbers.append(footnotes.index(part) + 1)
    return numbers


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


def breakdown_formats(report: ScoreReport, columns: Iterable[str]) -> dict[str, Show]:
    """Each KPI column's formatter, from the groups shown and the total."""
    groups = [*report.groups, report.total]
    out: dict[str, Show] = {}
    for kpi_id in columns:
        out.update(column_formats((g.kpi(kpi_id) for g in groups), report.style))
    return out


def ranking_caption(report: ScoreReport) -> str:
    noun = " × ".join(report.by)
    parts = []
    if report.sort is not None:
        name = KPI_BY_ID[report.sort.kpi].name
        order = "highest first" if report.sort.descending else "lowest first"
        parts.append(f"sorted by {name}, {order}")
    if report.top is not None and report.top < report.group_count:
        parts.append(f"top {report.top} of {report.group_count} groups by {noun}")
    else:
        parts.append(f"{report.group_count} groups by {noun}")
    parts.append(f"Total covers all {report.rows:,} rows")
    return " · ".join(parts)


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
) -> list[Table]:
    """The breakdown as tables that each fit `width` columns: the KPIs split across as many
    tables as it takes, every one with the group column, so no figure is ever cut short.
    `trend` adds a sparkline row by date (a terminal only), in `ascii` where blocks cannot go."""
    columns = report.columns()
    show = breakdown_formats(report, columns)
    if width is None:
        return [breakdown_table(report, plain, columns, trend=trend, ascii=ascii, show=show)]
    groups = [*report.groups, report.total]
    need = {  # the widest cell, or the longest word of the KPI's name (names wrap, words do not)
        k: max(
            max(cell_len(_cell(g.kpi(k), plain, show=show[k]).plain) for g in groups),
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
    return [
        breakdown_table(report, plain, chunk, {k: need[k] - 3 for k in chunk}, trend, ascii, show)
        for chunk in chunks
    ]


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
) -> Table:
    """Groups as rows, KPIs as columns, each cell with its verdict's mark (and colour, on a
    console with colour); the total last. `widths` keeps a KPI column at least as wide as
    its widest cell (its name may wrap); `show` writes each column's figures alike.
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
    for group in report.groups:
        keys = [Text(printable(group.key.get(col, ""))) for col in report.by]
        out.add_row(*keys, *(_cell(group.kpi(k), plain, show=show[k]) for k in columns))
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


def goal_status(record: dict[str, Any]) -> str:
    """A goal's state in words (never colour alone): met, missed, on track, off track."""
    if record["value"] is None:
        return "no value"
    if record["projected"] is not None and record["on_track"] is not None:  # the campaign runs on
        if record["op"] == ">=" and record["met"]:
            return "met"  # reached already: more days only add to it
        return "on track" if record["on_track"] else "off track"
    return "met" if record["met"] else "missed"


_GOAL_STYLES = {"met": "bold green", "on track": "green", "off track": "bold red", "missed": "bold red"}


def goals_table(report: ScoreReport, width: int | None = None) -> Table:
    """The --goals section: each goal's target, value, attainment and pacing; on a terminal
    narrower than NARROW the notes are numbered under the table, as the funnel's are."""
    records = report.meta.get("goals", [])
    days = next((r for r in records if r.get("days_total")), None)
    title = f"Goals ({printable(Path(report.meta.get('goals_file', '')).name)})"
    if days is not None:
        title += f" · day {days['days_elapsed']} of {days['days_total']}"
    narrow = width is not None and width < NARROW
    if width is not None and width < STACKED:
        return _goals_stacked(records, title)
    paced = any(r.get("projected_display") for r in records)
    out = Table(title=Text(title), title_justify="left", pad_edge=False)
    out.add_column("Goal", no_wrap=narrow, overflow="fold")
    out.add_column("Target", no_wrap=True)
    out.add_column("Value", justify="right", no_wrap=True)
    out.add_column("Attained", justify="right", no_wrap=True)
    if paced:
        out.add_column("Projected", justify="right", no_wrap=True)
    out.add_column("Status", no_wrap=True)
    out.add_column("Notes" if narrow else "Note", style="dim", overflow="fold")
    footnotes: list[str] = []
    for record in records:
        name = KPI_BY_ID[record["kpi"]].name
        if record["scope"]:
            name += f" · {record['name']}"
        status = goal_status(record)
        attained = "—" if record["attainment"] is None else f"{record['attainment']:.0f}%"
        reason = printable(record["reason"] or "")
        out.add_row(
            Text(printable(name)),
            record["goal"],
            record["display"] or "—",
            attained,
            *([record.get("projected_display") or ""] if paced else []),
            Text(status, style=_GOAL_STYLES.get(status, "")),
            footnote_refs(reason, footnotes) if narrow else Text(reason),
        )
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
    elif not isinstance(report.groups, list):  # groups built as read (LazyGroups): once, here
        shown = dataclasses.replace(report, groups=list(report.groups))
    ascii = render_spark.needs_ascii(console.encoding)
    for part in breakdown_tables(shown, plain, console.width, trend=console.is_terminal, ascii=ascii):
        console.print(part)
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


def kpi_record(kpi: KpiResult) -> dict[str, Any]:
    return _kpi_fields(
        kpi.name,
        kpi.phase,
        kpi.unit,
        kpi.value,
        kpi.display,
        kpi.band,
        _band_record(kpi.band, kpi.band_note),
        kpi.reason,
        kpi.missing,
        kpi.primary,
        kpi.notes,
        kpi.industry,
    )


def _kpi_fields(
    name: str,
    phase: str,
    unit: str,
    value: int | float | None,
    display: str,
    band: Verdict | None,
    band_record: dict[str, Any] | None,
    reason: str | None,
    missing: dict[str, int],
    primary: bool,
    notes: list[str],
    industry: Verdict | None,
) -> dict[str, Any]:
    """A KPI's JSON object, one group's: the one place its keys and their order are made."""
    record: dict[str, Any] = {
        "name": name,
        "phase": phase,
        "unit": unit,
        "value": value,
        "display": display,
        "verdict": band.verdict if band is not None else None,
        "band": band_record,
        "reason": reason,
        "missing": dict(missing),
        "primary": primary,
    }
    if notes:
        record["notes"] = list(notes)
    if industry is not None:
        record["industry"] = _industry_record(industry)
    return record


def _band_record(band: Verdict | None, note: str | None) -> dict[str, Any] | None:
    if band is None:
        return None
    return {"from": band.lo, "to": band.hi, "label": band.label, "scope": band.scope or None,
            "source": band.source, "note": note}  # fmt: skip


def kpi_column_records(column: KpiColumn) -> list[dict[str, Any]]:
    """`kpi_record` of each group of a KpiColumn, in order (a band's object made once and
    shared by every group it judges: orjson writes each the same)."""
    records: dict[tuple[int, str | None], dict[str, Any] | None] = {}
    industry = column.industry if column.industry is not None else [None] * len(column.values)
    out = []
    name, phase, unit, primary = column.name, column.phase, column.unit, column.primary
    for value, display, band, note, reason, missing, notes, shipped in zip(
        column.values,
        column.displays,
        column.bands,
        column.band_notes,
        column.reasons,
        column.missing,
        column.notes,
        industry,
        strict=True,
    ):
        if band is None:
            record = None
        else:
            try:
                record = records[id(band), note]
            except KeyError:
                record = records[id(band), note] = _band_record(band, note)
        fields = _kpi_fields(
            name, phase, unit, value, display, band, record, reason, missing, primary, notes, shipped
        )
        out.append(fields)
    return out


# JSON of a block of groups as bytes, column by column. A KPI record differs between groups
# in a few fields (value, display, band, reason...): each field of a KPI column is written
# once for all its groups (orjson over the list; distinct bands, reasons and notes once
# each) and each group's record is the join of those pieces, the same bytes orjson writes
# for the record's dict (tests/test_json_bytes.py holds them to it). Six million dicts for
# 200,000 creators took most of a JSON's time.

_ESCAPED = re.compile(r'[\x00-\x1f"\\]')  # what a JSON string escapes


def _json_values(values: list[Any], head: bytes, tail: bytes) -> list[bytes]:
    """`head`, each number (or null) as orjson writes it, `tail`: one dumps of the list,
    cut at its commas (the bytes are made in C, not a join per group)."""
    import orjson

    if not values:
        return []
    joined = orjson.dumps(values)[1:-1].replace(b",", tail + b"\0" + head)
    return (head + joined + tail).split(b"\0")


def _json_texts(texts: list[str], tail: bytes) -> list[bytes]:
    """Each string's JSON between its quotes, then `tail`: UTF-8 as it is, unless one
    needs escapes."""
    import orjson

    if _ESCAPED.search("".join(texts)) is None:
        end = tail.decode()
        return ((end + "\0").join(texts) + end).encode().split(b"\0") if texts else []
    return [orjson.dumps(text)[1:-1] + tail for text in texts]


def _json_tails(column: KpiColumn, end: bytes) -> list[bytes]:
    """`reason`'s JSON, then `,"missing":…,"primary":…`, the notes and industry verdict a
    record has, and `end`, for each group: each distinct reason dumped once, and the rest
    written alike for all groups unless some have something missing, notes or --compare-benchmarks."""
    import orjson

    primary = b',"missing":{},"primary":' + (b"true" if column.primary else b"false")
    reasons = column.reasons
    if column.industry is None and not any(column.missing) and not any(column.notes):
        done = {reason: orjson.dumps(reason) + primary + end for reason in set(reasons)}
        return list(map(done.__getitem__, reasons))
    industry = column.industry if column.industry is not None else [None] * len(reasons)
    said = {reason: orjson.dumps(reason) for reason in set(reasons)}
    shipped: dict[int, bytes] = {}
    out = []
    for reason, missing, notes, found in zip(reasons, column.missing, column.notes, industry, strict=True):
        text = said[reason]
        if missing:
            text += b',"missing":' + orjson.dumps(missing) + primary[len(b',"missing":{}') :]
        else:
            text += primary
        if notes:
            text += b',"notes":' + orjson.dumps(notes)
        if found is not None:
            if id(found) not in shipped:
                shipped[id(found)] = b',"industry":' + orjson.dumps(_industry_record(found))
            text += shipped[id(found)]
        out.append(text + end)
    return out


def kpi_column_json(column: KpiColumn, head: bytes = b"") -> list[list[bytes]]:
    """Each group's `kpi_record` of a KPI column, after `head`, as compact JSON: the pieces
    of every group's record (a list per piece), which joined in turn are the bytes orjson
    writes for the dicts `kpi_column_records` makes."""
    import orjson

    start = head + orjson.dumps({"name": column.name, "phase": column.phase, "unit": column.unit})[:-1]
    # Each group's band and its note, as a key: the band alone where no band has a note.
    ids: Iterable[Any] = map(id, column.bands)
    notes = column.band_notes
    keys = list(ids if notes.count(None) == len(notes) else zip(ids, notes, strict=True))
    made = {}
    for key, (band, note) in dict(zip(keys, zip(column.bands, notes, strict=True), strict=True)).items():
        verdict = None if band is None else band.verdict
        record = orjson.dumps({"verdict": verdict, "band": _band_record(band, note)})  # a handful
        made[key] = record[len(b'{"verdict":') : -1] + b',"reason":'
    return [
        _json_values(column.values, start + b',"value":', b',"display":"'),
        _json_texts(column.displays, b'","verdict":'),
        list(map(made.__getitem__, keys)),
        _json_tails(column, b"}"),
    ]


def kpi_column_lines(column: KpiColumn) -> list[list[bytes]]:
    """Each group's NDJSON line of a KPI column from its `"kpi"` value on (see
    output._ndjson_block), in pieces as `kpi_column_json`: the record without its band,
    then the band's flat fields."""
    import orjson

    start = orjson.dumps({"kpi": column.id, "name": column.name, "phase": column.phase, "unit": column.unit})
    made: dict[int, tuple[bytes, bytes]] = {}
    for band_id, band in dict(zip(map(id, column.bands), column.bands, strict=True)).items():
        verdict = orjson.dumps(None if band is None else band.verdict) + b',"reason":'
        made[band_id] = verdict, orjson.dumps(flat_band(band))[1:] + b"\n"
    pairs = list(map(made.__getitem__, map(id, column.bands)))
    return [
        _json_values(column.values, start[len(b'{"kpi":') : -1] + b',"value":', b',"display":"'),
        _json_texts(column.displays, b'","verdict":'),
        [verdict for verdict, _ in pairs],
        _json_tails(column, b","),
        [flat for _, flat in pairs],
    ]


def flat_band(band: Verdict | None) -> dict[str, Any]:
    """A band as NDJSON's flat keys (one line per group and KPI has no nested band)."""
    return {
        "band": band.label if band else None,
        "band_from": band.lo if band else None,
        "band_to": band.hi if band else None,
        "band_scope": (band.scope or None) if band else None,
        "source": band.source if band else None,
    }


def group_json(block: GroupBlock) -> bytes:
    """`group_records` of a block as compact JSON: its groups' objects, comma-separated."""
    import orjson

    assert block.detail is not None
    keys = list(block.keys.items())
    heads = [
        (b"," if g else b"")
        + orjson.dumps({"key": {col: values[g] for col, values in keys}, "label": label, "rows": rows})[:-1]
        + b',"kpis":{'
        for g, (label, rows) in enumerate(zip(block.labels, block.rows.tolist(), strict=True))
    ]
    pieces = [heads]
    for index, column in enumerate(block.detail):
        pieces += kpi_column_json(column, (b"," if index else b"") + orjson.dumps(column.id) + b":")
    return b"".join(chain.from_iterable(zip(*pieces, repeat(b"}}"))))


def _industry_record(found: Verdict) -> dict[str, Any]:
    """The shipped bands' verdict of a KPI (--compare-benchmarks), as JSON."""
    return {"verdict": found.verdict, "from": found.lo, "to": found.hi, "label": found.label,
            "scope": found.scope or None, "source": found.source}  # fmt: skip


def group_record(group: GroupResult) -> dict[str, Any]:
    return {
        "key": dict(group.key),
        "label": group.label,
        "rows": group.rows,
        "kpis": {k.id: kpi_record(k) for k in group.kpis},
    }


def group_records(block: GroupBlock) -> list[dict[str, Any]]:
    """`group_record` of every group of a block (LazyGroups.blocks(detail=True))."""
    assert block.detail is not None
    kpis = [(column.id, kpi_column_records(column)) for column in block.detail]
    keys = list(block.keys.items())
    return [
        {
            "key": {col: values[g] for col, values in keys},
            "label": label,
            "rows": rows,
            "kpis": {kpi: records[g] for kpi, records in kpis},
        }
        for g, (label, rows) in enumerate(zip(block.labels, block.rows.tolist(), strict=True))
    ]


def to_dict(report: ScoreReport) -> dict[str, Any]:
    """The `kpi.score/1` document (documented in the README)."""
    with without_gc():  # a dict per KPI per group: see without_gc
        return _document(report, [group_record(g) for g in report.groups])


def _document(report: ScoreReport, groups: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema": report.schema,
        "kpi_version": __version__,
        "files": [{"name": name, "rows": rows} for name, rows in report.files],
        "rows": report.rows,
        "date_range": ({"start": report.date_start, "end": report.date_end} if report.date_start else None),
        # rows: the rows' own dates; period: the reporting period an export states above its header
        "date_range_from": report.date_from if report.date_start else None,
        "currency": report.currency,
        "objective": report.objective,
        "by": list(report.by),
        "period": report.period,
        "columns": report.columns() if report.by or report.kpis else None,
        "sort": {"kpi": report.sort.kpi, "order": report.sort.order} if report.sort else None,
        "top": report.top,
        "group_count": report.group_count,
        "benchmarks": report.benchmarks,
        "benchmarks_mode": report.benchmarks_mode,
        "total": group_record(report.total),
        "groups": groups,
        **({"reading": report.reading} if report.reading else {}),
        **report.meta,
    }


def to_json(report: ScoreReport) -> str:
    """Indented JSON. orjson, because the standard library's indenting encoder is pure
    Python and takes seconds on a report of thousands of groups."""
    return to_json_bytes(report).decode()


def to_json_bytes(report: ScoreReport) -> bytes:
    """`to_json` as the UTF-8 bytes orjson writes: a report of thousands of groups is
    tens of MB, and decoding it to a str (and encoding it again on output) doubles that."""
    return b"".join(json_chunks(report))


_GROUPS_SLOT = b'\n  "groups": []'  # where the groups go in the indented document
_BLOCK_HEAD, _BLOCK_TAIL = b'{\n  "groups": [\n', b"\n  ]\n}"  # around a block's groups
_GROUP_INDENT = b"\n    "  # a group's lines sit two levels deep


def json_chunks(report: ScoreReport, compact: bool = False) -> Iterator[bytes]:
    """The JSON document in pieces (see _json_chunks), DEL, C1 controls and invisible
    characters of names from the files written as \\u escapes (`text.json_safe`)."""
    for chunk in _json_chunks(report, compact):
        yield json_safe(chunk)


def _json_chunks(report: ScoreReport, compact: bool = False) -> Iterator[bytes]:
    """The bytes of `to_json`, a group at a time, so a breakdown of thousands of groups
    never exists as one document of dicts (or one string) in memory; `compact` on one line
    without indentation (--compact: for pipes, about two thirds of the size).

    orjson escapes line breaks inside strings, so every raw newline of its indented
    output is layout: a group dumped on its own and indented two levels is exactly the
    text it has inside the whole document.
    """
    import orjson

    if compact:
        yield from _compact_chunks(report)
        return
    option = orjson.OPT_INDENT_2
    with without_gc():
        head = orjson.dumps(_document(report, []), option=option | orjson.OPT_APPEND_NEWLINE)
    if not report.groups:
        yield head
        return
    at = head.index(_GROUPS_SLOT) + len(_GROUPS_SLOT) - 1  # just before the closing ]
    yield head[:at] + b"\n"
    if isinstance(report.groups, LazyGroups):
        # A block's groups dumped as the document's `groups` list, so its items come out
        # at the document's depth: `{\n  "groups": [\n    {...},\n    {...}\n  ]\n}`.
        with without_gc():  # a dict per group and KPI: see without_gc
            for index, block in enumerate(report.groups.blocks(_JSON_BLOCK, detail=True)):
                text = orjson.dumps({"groups": group_records(block)}, option=option)
                if index:
                    yield b",\n"
                yield text[len(_BLOCK_HEAD) : -len(_BLOCK_TAIL)]
    else:
        for index, group in enumerate(report.groups):
            text = orjson.dumps(group_record(group), option=option)
            yield (b",\n    " if index else b"    ") + text.replace(b"\n", _GROUP_INDENT)
    yield b"\n  " + head[at:]


def _compact_chunks(report: ScoreReport) -> Iterator[bytes]:
    import orjson

    with without_gc():
        head = orjson.dumps(_document(report, []), option=orjson.OPT_APPEND_NEWLINE)
    if not report.groups:
        yield head
        return
    slot = b'"groups":[]'  # the one top-level key of that name; strings escape their quotes
    at = head.index(slot) + len(slot) - 1
    yield head[:at]
    if isinstance(report.groups, LazyGroups):
        with without_gc():
            for index, block in enumerate(report.groups.blocks(_JSON_BLOCK, detail=True)):
                if index:
                    yield b","
                yield group_json(block)  # the list's items, without [ ]
    else:
        for index, group in enumerate(report.groups):
            yield (b"," if index else b"") + orjson.dumps(group_record(group))
    yield head[at:]


# Groups a JSON block holds: a KPI's record is a dict of ten keys, 30 KPIs a group; a
# thousand groups are some tens of MB while they are written.
_JSON_BLOCK = 1000
