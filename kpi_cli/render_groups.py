"""Terminal tables for `kpi lift` and `kpi retention`: groups as rows, KPIs as columns.

The weekly series and the period pairs read best as one table with a row each; the
figures, verdicts and colours come from the same ScoreReport as every other format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpi_cli import fmt, records, render
from kpi_cli.score import GroupResult, KpiResult, ScoreReport
from kpi_cli.text import printable


def _cell(kpi: KpiResult | None, show: render.Show | None) -> Text:
    """A figure in its column's format after its verdict's mark (`✓  86.7%`, as a breakdown
    writes it: the figures line up; colour repeats the mark)."""
    if kpi is None:
        return Text("")
    text = kpi.shown(show)
    if kpi.verdict is None or kpi.value is None:
        return Text(text)
    mark = render.VERDICT_MARKS[kpi.verdict].ljust(2)
    return Text(f"{mark} {text}", style=render.VERDICT_STYLES[kpi.verdict])


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
    width: int | None = None,
) -> list[Table | Text]:
    """One row per group: `first` are (heading, text of the group), `columns` (heading, KPI id).

    Judged KPIs carry their verdict's mark and word next to the value; `band` names the KPI
    whose benchmark band fills a last column, `notes` the one whose notes become numbered
    footnotes under the table. Wider than `width`, the KPI columns are split across tables
    that each repeat the label columns.
    """
    groups: list[GroupResult] = list(report.groups)
    rows = [*groups, report.total] if with_total else groups
    kpis = [(g, {k.id: k for k in g.kpis}) for g in rows]
    shows = records.column_formats(
        (k for _, by_id in kpis for _, kpi_id in columns if (k := by_id.get(kpi_id)) is not None),
        report.style,
    )
    labels: list[list[Text | str]] = []
    body: list[list[Text]] = []
    footnotes: list[str] = []
    for group, by_id in kpis:
        is_total = group is report.total and bool(groups)  # a lone total reads like a group
        cells: list[Text | str] = []
        for position, (_, text) in enumerate(first):
            if is_total:
                label = printable(total_label or group.label)
                cells.append(Text(label, style="bold") if position == 0 else "")
            else:
                value = text(group)  # a client's name from the file: never markup, never escapes
                cells.append(Text(printable(value)) if isinstance(value, str) else value)
        labels.append(cells)
        row = [_cell(by_id.get(kpi_id), shows.get(kpi_id)) for _, kpi_id in columns]
        if band:  # the verdict in words and its band: `good 80–90%`
            judged = by_id.get(band)
            words = ""
            if judged and judged.verdict and judged.band:
                words = f"{judged.verdict} {fmt.relabel(judged.band.label, report.style)}"
            row.append(Text(words))
        if notes:
            kpi = by_id.get(notes)
            note = fmt.relabel(printable(kpi.note(group.rows)), report.style) if kpi else ""
            row.append(render.footnote_refs(note, footnotes))
        body.append(row)
    headings = [h for h, _ in columns] + (["Verdict, band"] if band else []) + (["Note"] if notes else [])
    needs = [
        max([cell_len(heading)] + [cell_len(r[i].plain) for r in body]) + 3
        for i, heading in enumerate(headings)
    ]
    fixed = sum(max([cell_len(h)] + [cell_len(str(c)) for c in (r[i] for r in labels)]) + 3
                for i, (h, _) in enumerate(first)) + 1  # fmt: skip
    out: list[Table | Text] = []
    # On a terminal too narrow for the labels and a figure side by side, the labels wrap:
    # the figures never do.
    squeeze = width is not None and fixed + max(needs, default=0) > width
    columns_at = list(range(len(needs)))
    split = (
        [columns_at] if width is None else render.panels(columns_at, dict(enumerate(needs)), width - fixed)
    )
    for part, indexes in enumerate(split):
        table = Table(
            title=Text(printable(title)) if part == 0 else None, title_justify="left", pad_edge=False
        )
        for heading, _ in first:
            table.add_column(heading, no_wrap=not squeeze, overflow="fold")
        for i in indexes:
            dim = "dim" if notes and i == len(headings) - 1 else ""
            right = "right" if i < len(columns) else "left"
            table.add_column(headings[i], justify=right, style=dim, no_wrap=True)  # type: ignore[arg-type]
        for index, (keys, row) in enumerate(zip(labels, body, strict=True)):
            if with_total and groups and index == len(rows) - 1 and index:
                table.add_section()
            table.add_row(*keys, *(row[i] for i in indexes))
        out.append(table)
    if any(k.verdict for _, by_id in kpis for k in by_id.values()):
        out.append(Text(render.MARKS_LEGEND, style="dim"))
    if footnotes:
        out.append(render.footnotes_text(footnotes))
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
            *rows_table(
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
                width=console.width,
            ),
            sep="\n",
        )


def print_retention(report: ScoreReport, console: Console) -> None:
    """One row per consecutive pair of periods, then the pooled row."""
    console.print(
        *rows_table(
            report,
            records.headline(report),
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
            width=console.width,
        ),
        sep="\n",
    )
