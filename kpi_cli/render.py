"""Rendering a scored report: the terminal table and the JSON document.

Every format is built from the same ScoreReport, so the table and JSON can never
disagree on a figure.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpi_cli import __version__
from kpi_cli.kpis import PHASE_TITLES, PHASES
from kpi_cli.score import GroupResult, KpiResult, ScoreReport

VERDICT_STYLES: dict[str, str] = {
    "poor": "bold red",
    "fair": "yellow",
    "good": "green",
    "excellent": "bold bright_green",
}


def _pretty_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%-d %b %Y")


def headline(report: ScoreReport) -> str:
    """`campaign_posts.csv · 164 rows · 3 Mar 2025 – 24 May 2025`."""
    names = ", ".join(name for name, _ in report.files) or "input"
    parts = [names, f"{report.rows:,} rows"]
    if report.date_start and report.date_end:
        parts.append(f"{_pretty_date(report.date_start)} – {_pretty_date(report.date_end)}")
    if report.objective:
        parts.append(f"objective: {report.objective}")
    return " · ".join(parts)


def _verdict_text(kpi: KpiResult) -> Text:
    if kpi.verdict is None:
        return Text("")
    return Text(kpi.verdict, style=VERDICT_STYLES[kpi.verdict])


def _band_text(kpi: KpiResult) -> Text:
    if kpi.band is None:
        return Text("")
    text = kpi.band.label
    if kpi.band.scope:
        text += f" ({kpi.band.scope})"
    return Text(text)


def table(report: ScoreReport, group: GroupResult | None = None) -> Table:
    """The funnel table for one group (the total by default), phase by phase."""
    group = group or report.total
    title = headline(report) if group is report.total else f"{group.label} · {group.rows:,} rows"
    out = Table(title=title, title_justify="left", show_lines=False, expand=False, pad_edge=False)
    out.add_column("KPI", no_wrap=True)
    out.add_column("Value", justify="right", no_wrap=True)
    out.add_column("Verdict", no_wrap=True)
    out.add_column("Benchmark band", no_wrap=True)
    out.add_column("Note", style="dim", overflow="fold", min_width=28)
    phases: list[tuple[str, list[KpiResult]]] = []
    if report.objective:
        phases.append((f"Primary KPIs for {report.objective}", [k for k in group.kpis if k.primary]))
    for phase in PHASES:
        kpis = [k for k in group.kpis if k.phase == phase and not k.primary]
        if kpis:
            phases.append((PHASE_TITLES[phase], kpis))
    for index, (title_text, kpis) in enumerate(phases):
        if index:
            out.add_section()
        out.add_row(Text(title_text, style="bold underline"), "", "", "", "")
        for kpi in kpis:
            name = Text(("★ " if kpi.primary else "  ") + kpi.name)
            value = Text(kpi.display, style="bold" if kpi.primary else "")
            out.add_row(name, value, _verdict_text(kpi), _band_text(kpi), kpi.note(group.rows))
    return out


def print_table(report: ScoreReport, console: Console) -> None:
    console.print(table(report))
    for group in report.groups:
        console.print()
        console.print(table(report, group))


# --------------------------------------------------------------------------- JSON


def kpi_record(kpi: KpiResult) -> dict[str, Any]:
    band = None
    if kpi.band is not None:
        band = {
            "from": kpi.band.lo,
            "to": kpi.band.hi,
            "label": kpi.band.label,
            "scope": kpi.band.scope or None,
            "source": kpi.band.source,
        }
    return {
        "name": kpi.name,
        "phase": kpi.phase,
        "unit": kpi.unit,
        "value": kpi.value,
        "display": kpi.display,
        "verdict": kpi.verdict,
        "band": band,
        "reason": kpi.reason,
        "missing": dict(kpi.missing),
        "primary": kpi.primary,
        **({"notes": list(kpi.notes)} if kpi.notes else {}),
    }


def group_record(group: GroupResult) -> dict[str, Any]:
    return {
        "key": dict(group.key),
        "label": group.label,
        "rows": group.rows,
        "kpis": {k.id: kpi_record(k) for k in group.kpis},
    }


def to_dict(report: ScoreReport) -> dict[str, Any]:
    """The `kpi.score/1` document (documented in the README)."""
    return {
        "schema": report.schema,
        "kpi_version": __version__,
        "files": [{"name": name, "rows": rows} for name, rows in report.files],
        "rows": report.rows,
        "date_range": ({"start": report.date_start, "end": report.date_end} if report.date_start else None),
        "objective": report.objective,
        "by": list(report.by),
        "benchmarks": report.benchmarks,
        "total": group_record(report.total),
        "groups": [group_record(g) for g in report.groups],
        **report.meta,
    }


def to_json(report: ScoreReport) -> str:
    """Indented JSON. orjson, because the standard library's indenting encoder is pure
    Python and takes seconds on a report of thousands of groups."""
    import orjson

    return orjson.dumps(to_dict(report), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
