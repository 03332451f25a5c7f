"""Thousands of rows of a breakdown table, drawn as rich draws them at a fraction of the cost.

rich lays a table out cell by cell: each cell is measured, wrapped, padded and split into
lines, about 0.7 ms a row of a breakdown (a 5,000-creator table took 3.5 s to draw, 50,000
more than half a minute). A breakdown's body rows are all alike: one line each, a label
left-aligned and figures right-aligned in columns whose widths the widest cells decide. So
rich draws a *probe*, the same table with only the rows that decide its widths (the widest
cell and the longest word of each column) and a sample of the others, and every body row is
made from one of the probe's rows as a template: the same borders and padding, each cell's
text aligned in its column's width with its own style. The probe's own rows, made that way,
must come out segment for segment as rich drew them, and every row must fit its columns on
one line; otherwise the whole table is drawn by rich as before. Either way the output is
rich's, byte for byte (tests/test_render_rows.py draws random tables both ways).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text

# From how many body rows a table is stamped (rich is quick enough below, and draws it).
STAMP_FROM = 200
_SAMPLE = 24  # rows of the body spread through it, drawn by rich in the probe as a check


class StampedTable:
    """A table of `rows` (each a Text per column) drawn from a probe (see the module's doc).

    `table(rows)` makes the table of some of the rows (the probe, or every row as a last
    resort); its body must be exactly those rows in order, one table row each, after the
    header's rule (the first line after the top without a space). `justify` is each
    column's alignment (`left` or `right`); the first `measured` columns take their widths
    from their cells, the others are as wide as their widest cell already (a minimum width)."""

    def __init__(
        self,
        table: Callable[[Sequence[int]], Table],
        rows: Sequence[Sequence[Text]],
        justify: Sequence[str],
        measured: int,
    ) -> None:
        self.table, self.rows, self.justify, self.measured = table, rows, justify, measured

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        laid = self._laid_out(console, options)
        if laid is None:  # rows rich would draw otherwise (a label folded over two lines...)
            yield self.table(range(len(self.rows)))
            return
        head, stamp, tail = laid
        yield from _lines([*head, *(stamp(cells) for cells in self.rows), *tail])

    def print_to(self, console: Console) -> None:
        """Print the table as `console.print` would, its rows a batch at a time: print holds
        every segment of what it prints until it writes (50,000 rows: hundreds of MB)."""
        laid = self._laid_out(console, console.options)
        if laid is None:
            console.print(self.table(range(len(self.rows))))
            return
        head, stamp, tail = laid
        console.print(Segments(_lines(head)), crop=False)
        for start in range(0, len(self.rows), _BATCH):
            batch = self.rows[start : start + _BATCH]
            console.print(Segments(_lines([stamp(cells) for cells in batch])), crop=False)
        console.print(Segments(_lines(tail)), crop=False)

    def _laid_out(self, console: Console, options: ConsoleOptions) -> _LaidOut | None:
        """The table's lines above and below its body and a function making each body row's
        line; None unless every row is stamped as rich would draw it (see the module's doc)."""
        probe = _probe(self.rows, self.measured)
        drawn = console.render_lines(self.table(probe), options, pad=False)
        rules = [i for i, line in enumerate(drawn) if i and " " not in "".join(s.text for s in line)]
        if not rules or rules[0] + 1 + len(probe) > len(drawn):
            return None
        body_at = rules[0] + 1
        body = drawn[body_at : body_at + len(probe)]
        template = _template(body[0], len(self.justify))
        if template is None:
            return None
        widths = [cell_len(body[0][at].text) for at in template]
        stamp = _stamper(body[0], template, widths, self.justify, console)
        for row, line in zip(probe, body, strict=True):
            if _fits(self.rows[row], widths, self.justify) and stamp(self.rows[row]) == line:
                continue
            return None
        if not all(_fits(cells, widths, self.justify) for cells in self.rows):
            return None
        return drawn[:body_at], stamp, drawn[body_at + len(probe) :]


_BATCH = 2000  # rows printed at a time
_LaidOut = tuple[list[list[Segment]], Callable[[Sequence[Text]], list[Segment]], list[list[Segment]]]


def _lines(lines: Iterable[list[Segment]]) -> Iterator[Segment]:
    new_line = Segment.line()
    for line in lines:
        yield from line
        yield new_line


def _fits(cells: Sequence[Text], widths: Sequence[int], justify: Sequence[str]) -> bool:
    """Whether rich draws each cell on one line in its width, as one piece of one style."""
    for cell, width, how in zip(cells, widths, justify, strict=True):
        text = cell.plain.rstrip() if how == "right" else cell.plain
        if cell.spans or "\n" in text or cell_len(text) > width:
            return False
    return True


def _probe(rows: Sequence[Sequence[Text]], measured: int) -> list[int]:
    """The rows that decide the widths of the first `measured` columns (each one's widest
    cell and longest word, which are what rich measures), and a sample spread through the
    body, in order."""
    if not rows:
        return []
    picked = set(range(min(len(rows), _SAMPLE // 2)))
    picked.update(range(0, len(rows), max(1, len(rows) // _SAMPLE)))
    for column in range(measured):
        widest = max(range(len(rows)), key=lambda r: cell_len(rows[r][column].plain))
        longest = max(range(len(rows)), key=lambda r: _longest_word(rows[r][column].plain))
        picked.update((widest, longest))
    picked.add(len(rows) - 1)
    return sorted(picked)


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _template(line: list[Segment], columns: int) -> list[int] | None:
    """Where each column's text is in a drawn body row: the segments between its borders
    that are not padding (one per column, or None when the row is not laid out that way)."""
    at: list[int] = []
    borders = [i for i, segment in enumerate(line) if segment.text in ("│", "|", "┃", "║")]
    if len(borders) != columns + 1:
        return None
    for left, right in itertools.pairwise(borders):
        inside = list(range(left + 1, right))
        texts = [i for i in inside if line[i].text.strip() or not _padding(line[i])]
        if len(texts) != 1 or len(inside) - 1 > 2:
            return None
        at.append(texts[0])
    return at


def _padding(segment: Segment) -> bool:
    return segment.text == " " and segment.style == Style()


def _stamper(
    template: list[Segment], at: list[int], widths: list[int], justify: Sequence[str], console: Console
) -> Callable[[Sequence[Text]], list[Segment]]:
    """A function making the line of a row that fits (`_fits`): the template's segments,
    with each column's text aligned in its width as rich's Text aligns a line that fits (a
    right-aligned line loses its trailing spaces), in the cell's own style."""
    styles: dict[str, Style | None] = {}

    def style_of(text: Text) -> Style | None:
        name = text.style
        if not isinstance(name, str):
            return name or None
        try:
            return styles[name]
        except KeyError:
            styles[name] = found = console.get_style(name) if name else None
            return found

    def stamp(cells: Sequence[Text]) -> list[Segment]:
        line = list(template)
        for column, (index, width, how) in enumerate(zip(at, widths, justify, strict=True)):
            cell = cells[column]
            text = cell.plain.rstrip() if how == "right" else cell.plain
            room = width - cell_len(text)
            line[index] = Segment(" " * room + text if how == "right" else text + " " * room, style_of(cell))
        return line

    return stamp
