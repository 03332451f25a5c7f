"""Lines among a table's rows with fewer cells than its header (issue 21; audit U-2, U-4).

Excel writes some rows without their trailing empty cells (`136,9.8,,64` for
`136,9.8,,64,,,`, in groups its write buffer decides: StataCorp's FAQ "How Excel writes
empty cells"). Such a row is read as blank trailing cells (`PAD`), as pandas and DuckDB's
`null_padding` read it, when each cell it has reads in its own column's type: a broken
row (a line break inside a cell that is not quoted) leaves a fragment whose cells stand
in the wrong columns (`caption end` under Date), and that is still refused.

A line of text that is no row at all, `April 2025` over a month's section of a sheet, a
second export's `Campaign report` or `Date range: ...` joined with `cat`, a second
`sep=,`, is left out and said (`TITLE`). One text alone in a column kpi reads as a name
(Creator, Campaign, Platform) is padded instead, and judged as that row written out in
full would be (frames._Framer._titles: a section title, or a row with no figures yet).
A one-cell line of text right under a row whose last column is free text may be the end
of that cell broken over two lines: refused (None), as every other short line is.

Used by the sniff (its rows) and by the chunk reader (chunks._padded: the lines pyarrow
found short, padded in the chunk's bytes, which is parsed again).
"""

from __future__ import annotations

import csv
from typing import Literal

from kpi_cli.columns import DIMENSIONS
from kpi_cli.lazy import lazy_compile
from kpi_cli.read import dates as dt
from kpi_cli.read.mapping import label_columns
from kpi_cli.read.source import Dropped, Source

Verdict = Literal["pad", "title"] | None
PAD: Literal["pad"] = "pad"
TITLE: Literal["title"] = "title"
Kind = Literal["number", "date", "name"] | None  # what kpi reads a column as (None: not read)

SEP_LINE = lazy_compile(r"\ufeff?sep=.?")  # Excel's delimiter hint (sniff._SEP), mid-file


def why(text: str) -> str:
    """Why a line judged TITLE is left out, as the note says it."""
    if SEP_LINE.fullmatch(text):
        return "Excel's delimiter line again (a second file joined to the first)"
    if dt.month_title(text):
        return "a section title (a month alone on its line, no figures)"
    return "a line of text among the rows, no figures: a title (a section's, or a second export's joined)"


def dropped(row: int, text: str, delimiter: str) -> Dropped:
    """The note of a line judged TITLE on `row`: its text as shown (the cells' words, or a
    `sep=` line as written) and why it is left out."""
    label = (
        text.strip() if SEP_LINE.fullmatch(text.strip()) else " ".join(text.strip(delimiter + " ").split())
    )
    return Dropped(row, label, why(label))


def cells_of(text: str, delimiter: str) -> list[str]:
    """The cells of one line (quotes as CSV has them; a quoted line break stays in its cell)."""
    return next(csv.reader([text], delimiter=delimiter), [])


def kinds(source: Source) -> list[Kind]:
    """What kpi reads each of the file's columns as: numbers, dates, names, or nothing."""
    out: list[Kind] = [None] * len(source.headers)
    numeric = set(source.kind.numeric)
    for canonical, index in source.columns.index.items():
        if index >= len(out):
            continue
        if canonical == "date":
            out[index] = "date"
        elif canonical in numeric:
            out[index] = "number"
        elif canonical in DIMENSIONS:
            out[index] = "name"
    fallbacks = [h.index for role in DIMENSIONS for h in source.columns.fallbacks(role)]
    for index in (*label_columns(source.columns), *fallbacks):  # `Name` when `Handle` is blank
        if index < len(out) and out[index] is None:
            out[index] = "name"
    return out


def judge(cells: list[str], source: Source, shape: list[Kind] | None = None) -> Verdict:
    """What a line of `cells`, fewer than the header's, is: PAD (a row whose last cells were
    left out), TITLE (a line of text that is no row), or None (refused: see the module)."""
    shape = kinds(source) if shape is None else shape
    if len(cells) >= len(shape):
        return None
    text = source.delimiter.join(cells)
    if SEP_LINE.fullmatch(text.strip()):
        return TITLE
    filled = [(i, c.strip()) for i, c in enumerate(cells) if c.strip()]
    if not filled:
        return PAD  # `,,,`: a blank row (left out as every blank row is)
    if len(filled) == 1:
        at, cell = filled[0]
        if dt.month_title(cell):
            return TITLE
        if shape[at] == "name":
            # A name alone: a section's title (`INSTAGRAM`, `TikTok`), a row with no figures
            # yet (`@mia`), or, written without a delimiter, either (`Mia Rossi`, `Wrap-up`).
            if is_title(cell, False):
                return TITLE
            return PAD if len(cells) > 1 or cell.startswith("@") else None
        if shape[at] is None or not _reads(cell, shape[at]):
            # Text where kpi reads a date or a number, or in a column it does not read: no
            # row's cell. Unless the line may be the end of a row's last cell, broken.
            return TITLE if len(cells) > 1 or shape[-1] in ("number", "date") else None
    if any(_labels(c) for _, c in filled if _LETTER.search(c)):  # every such label has a letter
        return PAD  # `Total,,3000,15`: a totals or subtotal line, judged as in full (frames, totals.py)
    # A row that ends on a figure or a date (Excel leaves out only the empty cells after its
    # last value, and figures are an export's last columns). A line broken by a line break in
    # a cell that is not quoted ends on the text before the break (`@mia,12000,Loving the
    # new`), or is the rest of it (`at the beach, loved it`): padded, each would be a post
    # (`serum!,450` a creator of its own), so such lines stay refused.
    ends = shape[filled[-1][0]] in ("number", "date")
    return PAD if ends and all(_reads(c, shape[i]) for i, c in filled) else None


def _labels(cell: str) -> bool:
    """Whether a cell is a totals or subtotal line's label (`Total`, `Grand Total`, `@mia
    Total`), which frames reads in any column: not a fragment's."""
    from kpi_cli.read import totals as tt

    return tt.is_total(cell) or tt.looks_subtotal(cell)


_LETTER = lazy_compile(r"[^\W\d_]")
# Digits as most exports write them (`1,234`, `$1,234.56`, `-12.5%`, `46.9K`): a number
# without Arrow's parse of a one-cell column (a file whose every row was short took a
# minute). Anything else is asked of parse_number; a cell let through here that is no
# number is still refused, by the column's own parse, with its row.
_DIGITS = lazy_compile(r"[-+(]?[$€£]?\d[\d,. ']*%?[KMBkmb]?\)?(?: ?[$€£])?")


def _reads(cell: str, kind: Kind) -> bool:
    """Whether a cell reads as its column's (a number, a date; a name reads as any text)."""
    if kind == "number":
        from kpi_cli.read.numbers import parse_number

        if _DIGITS.fullmatch(cell):
            return True

        try:
            parse_number(cell)  # any way of writing one: the file's mark may be undecided yet (sniff)
        except ValueError:
            return False
        return True
    if kind == "date":
        return dt.shape_of(cell) is not None and not dt.month_title(cell)
    return True  # a name, or a column kpi does not read: any text


def title_alone(cells: list[str]) -> bool:
    """Whether a row of the sniffed ones is a month's title alone on it (`April 2025`, in any
    column, the Date column too: audit U-10), which frames leaves out as a section title."""
    if len("".join(cells)) > 40:
        return False  # a row of figures (nearly every row: no loop over its cells)
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) == 1 and dt.month_title(filled[0])


def is_title(text: str, over_blanks: bool) -> bool:
    """Whether a label alone on its row, inside the table, is a section's title (see
    frames._Framer._titles): over rows that leave its column blank, or a platform's or format's
    name, a month and its year, or in capitals; never an `@handle` or a link."""
    from kpi_cli.benchmarks import FORMAT_NAMES, PLATFORM_NAMES, format_key, platform_key

    if not text or (text.startswith("@") and not over_blanks) or "/" in text or len(text) > 40:
        return False  # an `@handle` alone is a planned post, unless the rows under it leave it out
    if over_blanks or platform_key(text) in PLATFORM_NAMES or format_key(text) in FORMAT_NAMES:
        return True
    if dt.month_title(text):  # `April 2025` over a month's rows (audit U-10: a creator and a post)
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and text.upper() == text
