"""`kpi benchmarks` for people: the bands in force, and the sources they stand on.

The bands table names each source by a number (`[1]`) and writes it out once under the
table, so a long article title does not fold every row over five lines. The table takes
the richest layout that fits the terminal with every figure whole: boxed with a Better
column, else borderless with the direction in a line under it, else one KPI a paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpi_cli import fmt
from kpi_cli.benchmarks import VERDICTS, Bands, Benchmark, SourceList, kpi_name, owns_edge
from kpi_cli.marks import VERDICT_STYLES
from kpi_cli.text import printable

NO_BAND = "—"  # a verdict the KPI skips (CPM has no excellent band)
_HEADERS = ("KPI", "Better", *(v.capitalize() for v in VERDICTS), "Source")


def _band_labels(bench: Benchmark, bands: Bands) -> list[str]:
    """One label per verdict (poor → excellent): its range, or a dash when the KPI skips it."""
    by_verdict = {b.verdict: b for b in bands.bands}
    labels = []
    for verdict in VERDICTS:
        band = by_verdict.get(verdict)
        labels.append(
            NO_BAND
            if band is None
            else fmt.band(band.lo, band.hi, bench.unit, bench.direction, closed=owns_edge(band, bands))
        )
    return labels


def _refs(numbers: Iterable[int]) -> str:
    return "[" + ",".join(str(n) for n in sorted(numbers)) + "]"


@dataclass(frozen=True)
class _Row:
    """One row of the bands table: a KPI's default bands, or an indented override."""

    name: str  # `CTR`, `CTR *` (from your file), `  micro tier`
    better: str  # higher | lower, "" for an override
    labels: list[str]  # poor → excellent
    refs: str  # `[1,2]`
    override: bool


def _rows(benches: dict[str, Benchmark], own: set[str] | None, sources: SourceList) -> list[_Row]:
    rows = []
    for kpi, bench in benches.items():
        name = printable(kpi_name(kpi)) + (" *" if own is not None and kpi in own else "")
        better = "higher" if bench.direction == "higher" else "lower"
        refs = _refs(sources.numbers(bench.default.origin))
        rows.append(_Row(name, better, _band_labels(bench, bench.default), refs, False))
        scopes = (bench.tiers, bench.platforms, bench.formats, bench.campaign_types)
        for bands in (bands for overrides in scopes for bands in overrides.values()):
            refs = _refs(sources.numbers(bands.origin))
            rows.append(_Row(f"  {printable(bands.scope)}", "", _band_labels(bench, bands), refs, True))
    return rows


def _widest(texts: Iterable[str]) -> int:
    return max((cell_len(t) for t in texts), default=0)


def _boxed(rows: Sequence[_Row], width: int) -> Table | None:
    """KPI | Better | Poor | Fair | Good | Excellent | Source, in a box: None if it does not fit."""
    band_widths = [_widest([h, *(r.labels[i] for r in rows)]) for i, h in enumerate(_HEADERS[2:6])]
    fixed = (
        _widest(["Better", *(r.better for r in rows)])
        + sum(band_widths)
        + _widest(["Source", *(r.refs for r in rows)])
    )
    columns = len(_HEADERS)
    extra = columns + 1 + 2 * columns  # borders, and a space each side of a cell
    if fixed + _widest(["KPI", *(r.name for r in rows)]) + extra > width:
        return None
    out = Table(box=box.HEAVY_HEAD)
    out.add_column("KPI", no_wrap=True)
    out.add_column("Better", no_wrap=True)
    for verdict in VERDICTS:
        out.add_column(verdict.capitalize(), no_wrap=True, justify="right")
    out.add_column("Source", no_wrap=True)
    for row in rows:
        out.add_row(_name(row), row.better, *_cells(row), Text(row.refs, style="dim"))
    return out


def _borderless(rows: Sequence[_Row], width: int) -> Table | None:
    """KPI [n] | Poor | Fair | Good | Excellent, no borders: None if it does not fit."""
    band_widths = [_widest([h, *(r.labels[i] for r in rows)]) for i, h in enumerate(_HEADERS[2:6])]
    columns = 1 + len(VERDICTS)
    extra = 2 * (columns - 1)  # a divider and a space between columns
    if sum(band_widths) + _widest(["KPI", *(f"{r.name} {r.refs}" for r in rows)]) + extra > width:
        return None
    out = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    out.add_column("KPI", no_wrap=True)
    for verdict in VERDICTS:
        out.add_column(verdict.capitalize(), no_wrap=True, justify="right")
    for row in rows:
        out.add_row(_name(row).append(f" {row.refs}", style="dim"), *_cells(row))
    return out


def _name(row: _Row) -> Text:
    return Text(row.name, style="italic" if row.override else "")


def _cells(row: _Row) -> list[Text]:
    return [
        Text(label, style="dim" if label == NO_BAND else VERDICT_STYLES[verdict])
        for verdict, label in zip(VERDICTS, row.labels, strict=True)
    ]


def _paragraphs(rows: Sequence[_Row], console: Console) -> list[Text]:
    """One KPI a paragraph (a terminal too narrow for any table): `CTR [1], higher is better`,
    then `poor < 1% · good 1–2% · excellent ≥ 2%`, lines broken between bands, never inside one."""
    width, out = console.width, []
    for row in rows:
        indent = "    " if row.override else "  "
        head = Text(row.name.strip(), style="italic" if row.override else "bold")
        head.append(f" {row.refs}", style="dim")
        if row.better:
            head.append(f", {row.better} is better")
        out.extend(_hanging(console, indent[:-2], head))
        line = ""
        for verdict, label in zip(VERDICTS, row.labels, strict=True):
            if label == NO_BAND:
                continue
            band = f"{verdict} {label}"
            if line and cell_len(f"{indent}{line} · {band}") > width:
                out.append(Text(indent + line))
                line = band
            else:
                line = f"{line} · {band}" if line else band
        out.append(Text(indent + line))
    return out


def _direction_line(benches: dict[str, Benchmark]) -> str:
    """`Lower is better for CPM, CPE, CPC and Cost per post; higher for the others.`"""
    lower = [kpi_name(k) for k, b in benches.items() if b.direction == "lower"]
    higher = [kpi_name(k) for k, b in benches.items() if b.direction == "higher"]
    if not lower or not higher:
        return f"{'Lower' if lower else 'Higher'} is better for every KPI here."
    few, word, rest = (lower, "Lower", "higher") if len(lower) <= len(higher) else (higher, "Higher", "lower")
    listed = few[0] if len(few) == 1 else f"{', '.join(few[:-1])} and {few[-1]}"
    return f"{word} is better for {printable(listed)}; {rest} for the others."


def _hanging(console: Console, lead: str, body: str | Text, style: str = "") -> list[Text]:
    """`lead` then `body` wrapped to the console's width, later lines indented under the body,
    none with trailing spaces (rich pads a wrapped paragraph; a pipe would keep them)."""
    indent = cell_len(lead)
    text = Text(body, style=style) if isinstance(body, str) else body
    lines = text.wrap(console, max(console.width - indent, 20))
    out = []
    for index, line in enumerate(lines):
        line.rstrip()
        out.append(Text(lead if index == 0 else " " * indent, style=style).append_text(line))
    return out


def print_benchmarks(
    benches: dict[str, Benchmark], title: str, own: set[str] | None, console: Console
) -> None:
    """The bands table, its sources as numbered notes under it, and how to read it."""
    sources = SourceList(benches)
    rows = _rows(benches, own, sources)
    for line in _hanging(console, "", printable(title)):
        console.print(line)
    boxed = _boxed(rows, console.width)
    table = boxed or _borderless(rows, console.width)
    if table is not None:
        console.print(table)
    else:
        for line in _paragraphs(rows, console):
            console.print(line)
    console.print(Text("Sources", style="bold"))
    for entry in sources.entries:
        for line in _hanging(console, f"[{entry.number}] ", printable(entry.line())):
            console.print(line)
    notes = [
        "A value on an edge belongs to the better band. Indented rows override the bands for a group "
        "of one format, tier, platform or campaign type (the most specific first).",
        "kpi benchmarks --sources lists each source once with the bands it supports.",
    ]
    if boxed is None and table is not None:
        notes.insert(0, _direction_line(benches))
    for note in notes:
        for line in _hanging(console, "", note, style="dim"):
            console.print(line)


def print_sources(benches: dict[str, Benchmark], title: str, console: Console) -> None:
    """Each source once (title, author or publisher, year, URL; or an assumption and its
    reasoning) with the bands it supports, numbered as `kpi benchmarks` numbers them."""
    for line in _hanging(console, "", printable(title)):
        console.print(line)
    for entry in SourceList(benches).entries:
        console.print()
        lead = f"[{entry.number}] "
        pad = " " * cell_len(lead)
        if entry.article is not None:
            article = entry.article
            for line in _hanging(console, lead, printable(article.title), style="bold"):
                console.print(line)
            details = [
                f"by {article.author}" if article.author else "",
                article.publisher,
                str(article.year or ""),
            ]
            about = ", ".join(d for d in details if d)
            if not article.author and not article.publisher:
                about += ("; " if about else "") + "the article names no author or publisher"
            for line in _hanging(console, pad, printable(about)):
                console.print(line)
            if article.url:
                for line in _hanging(console, pad, printable(article.url)):
                    console.print(line)
        else:
            for line in _hanging(console, lead, printable(entry.line()), style="bold"):
                console.print(line)
        for kpi, bands in entry.bands:
            where = kpi_name(kpi) + (f", {bands.scope}" if bands.scope else "")
            said = f": {bands.origin.basis}" if bands.origin.basis else ""
            for line in _hanging(console, pad + "· ", printable(where + said)):
                console.print(line)
