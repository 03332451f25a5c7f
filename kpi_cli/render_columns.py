"""`kpi columns` for a person: how a file was read, then what each header became.

Built from the plain record read/describe.py makes (the same one `-f json` prints);
every text that comes from the file is shown as text, never as markup.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kpi_cli.errors import clipped, quoted
from kpi_cli.text import printable


def safe(text: Any) -> str:
    """A value from a file, with control characters written out (`\\x1b`) so none reaches the terminal."""
    return printable(text)


def _facts(doc: dict[str, Any]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def row(name: str, value: str) -> None:
        grid.add_row(name, Text(safe(value)))

    profile = doc["profile"]
    row(
        "Recognised as",
        profile["name"] if profile else "no platform's export in particular (generic spellings)",
    )
    row("Encoding", f"{doc['encoding']}, {doc['delimiter']}-separated")
    header = f"row {doc['header_row']}"
    if doc["preamble"]:
        lines = "; ".join(doc["preamble"][:3]) + (" ..." if len(doc["preamble"]) > 3 else "")
        header += (
            f", under {len(doc['preamble'])} line{'s' if len(doc['preamble']) != 1 else ''} skipped ({lines})"
        )
    row("Header", header)
    if doc["period"]:
        row("Period", f"{doc['period']['start']} to {doc['period']['end']} (stated above the header)")
    row("Numbers", doc["numbers"]["how"])
    for column, style in doc["dates"].items():
        guess = f"; a guess ({style['why']}), --dayfirst / --monthfirst to say" if style["guessed"] else ""
        row("Dates", f"{column}: {style['style']}{guess}")
    currency = doc["currency"]
    row("Currency", f"{currency['code']} ({currency['from']})" if currency else "not stated (shown as $)")
    if "rows" in doc:
        read = f"{doc['rows']:,} data rows read"
        if doc["blank_rows"]:
            read += f"; {doc['blank_rows']:,} blank rows skipped"
        row("Rows", read)
        for dropped in doc["dropped"][:10]:
            label = f" ({quoted(dropped['label'])})" if dropped["label"] else ""
            row("", f"dropped row {dropped['row']:,}{label}: {dropped['why']}")
        if len(doc["dropped"]) > 10:
            row("", f"and {len(doc['dropped']) - 10} more totals rows")
        for check in doc["ratio_checks"]:
            if check["differ"]:
                ex = check["example"]
                row(
                    "Ratios",
                    f"{quoted(check['header'])} differs from kpi's figure in {check['differ']:,} of "
                    f"{check['compared']:,} rows (row {ex['row']:,}: {ex['file']:,.4g} vs {ex['kpi']:,.4g})",
                )
            elif check["compared"]:
                row(
                    "Ratios",
                    f"{quoted(check['header'])} agrees with kpi's figure in all {check['compared']:,} rows",
                )
    if doc.get("duplicate_of"):
        row("Duplicate", f"the same bytes as {doc['duplicate_of']}: counted once")
    return grid


def _headers(doc: dict[str, Any]) -> Table:
    table = Table(show_lines=False, pad_edge=False, expand=False, title_justify="left")
    table.add_column("#", justify="right", no_wrap=True, style="dim")
    table.add_column("Header", overflow="fold", ratio=3)
    table.add_column("Reads as", no_wrap=True)
    table.add_column("Kind, or why not", overflow="fold", ratio=4, style="dim")
    for col in doc["columns"]:
        if not col["header"].strip():
            continue
        role = col["role"]
        reads = role if role else "—"
        if role and role.startswith("ratio "):
            reads = "(a check)"
        if col.get("added_to"):
            reads = f"+ {col['added_to']}"
        why = col["kind"]
        if role is None and not col.get("added_to"):
            why = f"ignored: {col['reason'] or 'not a column kpi uses'}"
        if col["chosen_over"]:
            why += f"; read instead of {', '.join(repr(o) for o in col['chosen_over'])}"
        if col["via"] == "--map":
            why += " (--map)"
        shown = safe(clipped(col["header"]))  # a 10 MB header is not drawn over thousands of lines
        table.add_row(str(col["index"] + 1), Text(shown), Text(reads), Text(safe(why)))
    return table


def columns_view(doc: dict[str, Any]) -> RenderableType:
    """One file's reading: the facts, then a row per header."""
    return Group(Text(safe(doc["file"]), style="bold underline"), _facts(doc), _headers(doc))
