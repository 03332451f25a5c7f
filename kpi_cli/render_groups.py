"""Terminal tables for `kpi lift` and `kpi retention`: groups as rows, KPIs as columns.

The weekly series and the period pairs read best as one table with a row each; the
figures, verdicts and colours come from the same ScoreReport as every other format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpi_cli import render
from kpi_cli.score import GroupResult, KpiResult, ScoreReport
from kpi_cli.text import printable


def _cell(kpi: KpiResult | None, show_verdict: bool) -> Text:
    if kpi is None:
        return Text("")
    if not show_verdict or kpi.verdict is None:
        return Text(kpi.display)
    return Text(f"{kpi.display} {kpi.verdict}", style=render.VERDICT_STYLES[kpi.verdict])


def rows_table(
    report: ScoreReport,
    title: str,
    first: Sequence[tuple[str, Callable[[GroupResult], str]]],
    columns: Sequence[tuple[str, str]],
    *,
    with_total: bool,
    band: str | None = None,
    notes: str | None = None,
    total_label: str | None = None,
) -> Table:
    """One row per group: `first` are (heading, text of the group), `columns` (heading, KPI id).

    Judged KPIs carry their verdict in colour next to the value; `band` and `notes` name
    a KPI whose benchmark band and note fill the last columns.
    """
    out = Table(title=Text(printable(title)), title_justify="left", pad_edge=False)
    for heading, _ in first:
        out.add_column(heading, no_wrap=True)
    for heading, _ in columns:
        out.add_column(heading, justify="right", no_wrap=True)
    if band:
        out.add_column("Band", no_wrap=True)
    if notes:
        out.add_column("Note", style="dim", overflow="fold", min_width=20)
    groups: list[GroupResult] = list(report.groups)
    for index, group in enumerate([*groups, report.total] if with_total else groups):
        is_total = group is report.total and bool(groups)  # a lone total reads like a group
        if is_total and index:
            out.add_section()
        by_id = {k.id: k for k in group.kpis}
        cells: list[Text | str] = []
        for position, (_, text) in enumerate(first):
            if is_total:
                label = printable(total_label or group.label)
                cells.append(Text(label, style="bold") if position == 0 else "")
            else:
                value = text(group)  # a client's name from the file: never markup, never escapes
                cells.append(Text(printable(value)) if isinstance(value, str) else value)
        cells += [_cell(by_id.get(kpi_id), True) for _, kpi_id in columns]
        if band:
            judged = by_id.get(band)
            cells.append(Text(judged.band.label) if judged and judged.band else "")
        if notes:
            kpi = by_id.get(notes)
            cells.append(Text(printable(kpi.note(group.rows))) if kpi else "")
        out.add_row(*cells)
    return out


def _days(group: GroupResult) -> str:
    """`3–9 Mar`, `31 Mar–6 Apr` for a week's days."""
    if "start" not in group.key:
        return ""
    start, end = date.fromisoformat(group.key["start"]), date.fromisoformat(group.key["end"])
    if start == end:
        return f"{start:%-d %b}"
    first = f"{start:%-d}" if start.month == end.month else f"{start:%-d %b}"
    return f"{first}–{end:%-d %b}"


def print_lift(report: ScoreReport, console: Console) -> None:
    """The campaign-vs-baseline funnel, then (with --by-week) the weekly series."""
    funnel = render.table(report, width=console.width)
    windows = report.meta.get("windows", {})
    if windows:
        base, camp = windows["baseline"], windows["campaign"]
        default = ", default" if windows.get("baseline_default") else ""
        windows_text = (
            f"baseline {base['start']}..{base['end']} ({base['days']} days{default}) · "
            f"campaign {camp['start']}..{camp['end']} ({camp['days']} days)"
        )
        footnotes = funnel.caption  # a narrow terminal's notes, if any
        funnel.caption = windows_text if footnotes is None else Text(f"{windows_text}\n").append(footnotes)
        funnel.caption_justify = "left"
    for part in render.detach_title(funnel, console.width):
        console.print(part)
    if report.groups:
        console.print()
        console.print(
            rows_table(
                report,
                "Week by week (each week against the whole baseline window)",
                [
                    ("Week", lambda g: g.key.get("week", "")[-3:]),
                    ("Window", lambda g: g.key.get("window", "")),
                    ("Days", _days),
                ],
                [
                    ("Revenue", "revenue_campaign"),
                    ("Spend", "marketing_spend_campaign"),
                    ("MER", "mer_campaign"),
                    ("MER lift", "mer_lift"),
                    ("Mentions", "mentions_campaign"),
                    ("Mention lift", "brand_mention_lift"),
                    ("Followers", "followers_end"),
                    ("Growth", "audience_growth_rate"),
                ],
                with_total=False,
            )
        )


def print_retention(report: ScoreReport, console: Console) -> None:
    """One row per consecutive pair of periods, then the pooled row."""
    console.print(
        rows_table(
            report,
            render.headline(report),
            [("From", lambda g: g.key.get("from", "")), ("To", lambda g: g.key.get("to", ""))],
            [
                ("Start (S)", "clients_start"),
                ("End (E)", "clients_end"),
                ("New (N)", "clients_new"),
                ("Lost", "clients_lost"),
                ("Retained", "clients_retained"),
                ("Retention", "client_retention_rate"),
            ],
            with_total=True,
            total_label="Pooled",
            band="client_retention_rate",
            notes="client_retention_rate",
        )
    )
