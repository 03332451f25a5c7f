"""A breakdown of many rows is drawn from a probe (render_rows): its output must be rich's,
byte for byte, whatever the labels, styles, widths and colours; and it must really be the
stamped rows, not rich drawing them all again, when they fit."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpi_cli import render, render_rows
from kpi_cli.score import score_files

STYLES = ["", "dim", "green", "yellow", "bold red", "green bold", "italic"]
LABEL_CHARS = st.sampled_from([*"abcxyz_.@ -éß", "日", "本", "👍", "ü", "Ω", "ｱ"])


def _factory(
    rows: Sequence[Sequence[Text]], kpis: int, need: list[int], calls: list[int]
) -> Callable[[Sequence[int]], Table]:
    labels = len(rows[0]) - kpis

    def table(picked: Sequence[int]) -> Table:
        calls.append(len(picked))
        out = Table(pad_edge=False)
        for i in range(labels):
            out.add_column(f"Key {i}", overflow="fold", max_width=32)
        for i in range(kpis):
            out.add_column(f"KPI number {i}", justify="right", min_width=need[i])
        for r in picked:
            out.add_row(*rows[r])
        out.add_section()
        out.add_row(
            Text("Total", style="bold"),
            *(Text("") for _ in range(labels - 1)),
            *(Text("1") for _ in range(kpis)),
        )
        return out

    return table


def _drawn(renderable: object, width: int, colour: bool, batches: bool = False) -> str:
    """What `console.print` writes of it; `batches`: what StampedTable.print_to writes."""
    out = io.StringIO()
    console = Console(
        file=out, width=width, force_terminal=colour, color_system="truecolor" if colour else None,
        markup=False, emoji=False, highlight=False,
    )  # fmt: skip
    if batches:
        assert isinstance(renderable, render_rows.StampedTable)
        renderable.print_to(console)
    else:
        console.print(renderable)
    return out.getvalue()


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[Text]], int]:
    labels = draw(st.integers(1, 2))
    kpis = draw(st.integers(1, 4))
    n = draw(st.integers(1, 60))
    label = st.text(LABEL_CHARS, max_size=40).map(str.strip)
    figure = st.tuples(
        st.sampled_from(["", "✓✓ ", "✓  ", "~  ", "✗  "]),
        st.decimals(-99999, 99999, places=2, allow_nan=False).map(lambda d: f"{d:,}"),
        st.sampled_from(["", "%", "×", " "]),
        st.sampled_from(STYLES),
    )
    rows = []
    for _ in range(n):
        row = [Text(draw(label)) for _ in range(labels)]
        for _ in range(kpis):
            mark, number, unit, style = draw(figure)
            row.append(Text("—", style="dim") if not number else Text(f"{mark}{number}{unit}", style=style))
        rows.append(row)
    return rows, kpis


@settings(max_examples=150, deadline=None)
@given(tables(), st.integers(30, 140), st.booleans())
def test_stamped_rows_are_what_rich_draws(
    made: tuple[list[list[Text]], int], width: int, colour: bool
) -> None:
    rows, kpis = made
    labels = len(rows[0]) - kpis
    need = [max(cell_len(row[labels + i].plain) for row in rows) for i in range(kpis)]
    table = _factory(rows, kpis, need, [])
    stamped = render_rows.StampedTable(table, rows, ["left"] * labels + ["right"] * kpis, labels)
    rich = _drawn(table(range(len(rows))), width, colour)
    assert _drawn(stamped, width, colour) == rich
    assert _drawn(stamped, width, colour, batches=True) == rich


def test_rows_that_fit_are_stamped_not_drawn_by_rich() -> None:
    """300 creators: rich draws the probe (the first 12 rows, every 12th, the widest label's,
    the longest word's: at most 12 + 25 + 2 = 39 rows), not the 300."""
    rows = [[Text(f"@creator_{i:03d}"), Text(f"✓  {i * 1.5:,.2f}%", style="green")] for i in range(300)]
    rows[123][0] = Text("@a much longer name")  # the widest label and its longest word
    calls: list[int] = []
    table = _factory(rows, 1, [cell_len("✓  448.50%")], calls)
    stamped = render_rows.StampedTable(table, rows, ["left", "right"], 1)
    assert _drawn(stamped, 80, True) == _drawn(table(range(300)), 80, True)
    assert calls[0] <= 12 + 300 // 12 + 2 and calls[1] == 300  # the probe, then the reference
    assert len(calls) == 2  # no fallback
    # 4,500 rows printed 2,000 at a time: the same bytes
    many = [[Text(f"@c{i}"), Text(f"{i:,}", style="bold")] for i in range(4500)]
    table = _factory(many, 1, [5], calls)
    stamped = render_rows.StampedTable(table, many, ["left", "right"], 1)
    assert _drawn(stamped, 60, True, batches=True) == _drawn(table(range(4500)), 60, True)


def test_a_label_that_folds_is_drawn_by_rich() -> None:
    """A 40-character name in a column at most 32 wide folds over two lines: rows rich would
    draw otherwise, so rich draws the whole table (the same output, the slow way)."""
    rows = [[Text(f"@creator_{i:03d}"), Text(f"{i}")] for i in range(250)]
    rows[200][0] = Text("@" + "x" * 39)
    calls: list[int] = []
    table = _factory(rows, 1, [3], calls)
    stamped = render_rows.StampedTable(table, rows, ["left", "right"], 1)
    assert _drawn(stamped, 80, False) == _drawn(table(range(250)), 80, False)
    assert calls[:2] == [calls[0], 250]  # the probe, then every row by rich


def test_a_breakdown_of_hundreds_of_creators_is_the_table_rich_draws(write: Any) -> None:
    """The CLI's breakdown (render.breakdown_tables) of 250 creators, split in panels at 80
    columns: stamped tables, each drawn as rich draws the whole table."""
    lines = ["Creator,Date,Impressions,Likes,Comments,Clicks,Spend,Revenue,Conversions"]
    for i in range(250):
        name, day = f"@c{i:03d}{'_long' * (i % 7)}", f"2025-03-{i % 28 + 1:02d}"
        lines.append(
            f"{name},{day},{1000 + i * 37},{i * 3},{i},{i % 50},{i * 2.5:.2f},{i * 4.75:.2f},{i % 9}",
        )
    path = write("\n".join(lines) + "\n", "creators.csv")
    report = score_files([path], by=["influencer"])
    parts = render.breakdown_tables(report, plain=False, width=80)
    assert len(parts) > 1 and all(isinstance(p, render_rows.StampedTable) for p in parts)
    for part in parts:
        assert isinstance(part, render_rows.StampedTable)
        assert _drawn(part, 80, True) == _drawn(part.table(range(250)), 80, True)
