"""The fast path for simple number columns (`numbers._simple`) against the general one.

`_simple` must give exactly what the general path gives, or step aside (None) so that
the general path reports the bad cell: a property test over cells built from the bytes
both paths read (digits, separators, signs, spaces, currency symbols, dashes)."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi_cli.read import numbers as nb

SPACES = [" ", "\u00a0", "\u202f"]


def general(cells: list[str | None], decimal: str) -> nb.Parsed:
    saved = nb._simple
    nb._simple = lambda *_: None  # type: ignore[assignment]
    try:
        return nb.parse_column(pa.array(cells, pa.string()), decimal)  # type: ignore[arg-type]
    finally:
        nb._simple = saved  # type: ignore[assignment]


def same(a: nb.Parsed, b: nb.Parsed) -> None:
    assert (a.bad_index, a.bad_value, a.flip, a.percent_index) == (
        b.bad_index,
        b.bad_value,
        b.flip,
        b.percent_index,
    )
    assert a.missing == b.missing
    assert a.values.type == b.values.type
    assert a.values.to_pylist() == b.values.to_pylist()
    if a.bad_index is None:
        assert a.currencies == b.currencies


@st.composite
def number(draw: st.DrawFn, decimal: str) -> str:
    group = "," if decimal == "." else draw(st.sampled_from([".", " ", "\u202f", "'"]))
    digits = draw(st.integers(0, 10**9))
    text = f"{digits:,}".replace(",", group) if draw(st.booleans()) else str(digits)
    if draw(st.booleans()):
        text += decimal + draw(st.sampled_from(["0", "00", "5", "56", "125", "99"]))
    if draw(st.integers(0, 4)) == 0:
        text = "-" + text
    symbol = draw(st.sampled_from(["", "", "$", "€", "£"]))
    if symbol:
        space = draw(st.sampled_from(["", *SPACES]))
        text = symbol + space + text if draw(st.booleans()) else text + space + symbol
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " "]))


@st.composite
def grouped_anyhow(draw: st.DrawFn, decimal: str) -> str:
    """Digits with group marks anywhere (`1,23,4567`, `,123`, `12,,345`): right or wrong."""
    group = "," if decimal == "." else "."
    digits = list(str(draw(st.integers(0, 10**12))))
    for _ in range(draw(st.integers(1, 4))):
        digits.insert(draw(st.integers(0, len(digits))), group)
    text = "".join(digits)
    if draw(st.booleans()):
        text += decimal + draw(st.sampled_from(["", "5", "25", "1" + group + "5"]))
    return ("-" if draw(st.booleans()) else "") + text


JUNK = st.text(alphabet="0123456789,.-$€ \u00a0'", max_size=6)
MISSING = st.sampled_from(["", "-", "--", "---", " - ", "$-", " $- ", "- €", "$", "$--"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([".", ","]), st.data())
def test_simple_agrees_with_the_general_path(decimal: str, data: st.DataObject) -> None:
    cell = st.one_of(number(decimal), number(decimal), grouped_anyhow(decimal), MISSING, JUNK, st.none())
    cells = data.draw(st.lists(cell, min_size=1, max_size=12))
    same(nb.parse_column(pa.array(cells, pa.string()), decimal), general(cells, decimal))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cells", "decimal", "values", "currencies"),
    [
        (["26,102", "", "999", "1,234,567"], ".", [26102, None, 999, 1234567], set()),
        (["$1,234.56", "$-", "-$0.50", " $12.40 "], ".", [1234.56, 0, -0.5, 12.4], {"$"}),
        (["1.234,56 €", "0,00 €", "", "-"], ",", [1234.56, 0, None, None], {"€"}),
        (["1\u202f234,56\u00a0€", "12,5 €"], ",", [1234.56, 12.5], {"€"}),
        (["$195.00", "$1,000.00"], ".", [195, 1000], {"$"}),  # whole: int64
        (["12,34,567.50", "1,234"], ".", [1234567.5, 1234], set()),  # Indian grouping
    ],
)
def test_simple_takes_the_columns_real_exports_write(
    cells: list[str], decimal: str, values: list[float | None], currencies: set[str]
) -> None:
    parsed = nb._simple(pa.array(cells, pa.string()), decimal)  # type: ignore[arg-type]
    assert parsed is not None
    assert parsed.values.to_pylist() == values
    assert parsed.currencies == currencies
    same(parsed, general(cells, decimal))


@pytest.mark.parametrize(
    ("cells", "decimal"),
    [
        (["12,5"], "."),  # a decimal comma in a decimal-point file: the general path says so
        (["1234,567"], "."),  # groups of three after one to three digits, and nothing else
        (["1,2345"], "."),
        (["1,234,56"], "."),
        (["1,2.4,567"], "."),
        (["1,234.5,6"], "."),
        (["-,123"], "."),
        (["1.234.56"], ","),
        (["1,23"], "."),
        (["5."], "."),
        (["1.2.3"], "."),
        (["1,234.5.6", "7"], "."),  # two decimal marks beside group marks
        (["1.234,5,6"], ","),
        (["$"], "."),
        (["1-2"], "."),
        (["12 %"], "."),  # not simple bytes
        (["\u2212 5"], "."),  # the minus sign
        (["99999999999999999999"], "."),  # past int64
    ],
)
def test_simple_steps_aside_for_cells_the_general_path_must_explain(cells: list[str], decimal: str) -> None:
    assert nb._simple(pa.array(cells, pa.string()), decimal) is None  # type: ignore[arg-type]


def gap_between_digits(cells: list[str | None]) -> bool:
    from kpi_cli.hashing import text_bytes

    text = pa.array(cells, pa.string())
    offsets, data = text_bytes(text)
    offsets = offsets - offsets[0]
    return nb._gap_between_digits(offsets, data[: offsets[-1]], nb._bytes_of(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(alphabet="0123456789 \t\v'’,.€$-\u00a0\u202f\u2009", max_size=8), st.none()),
        max_size=8,
    )
)
def test_a_bad_gap_is_always_between_digits(cells: list[str | None]) -> None:
    # The numpy prefilter may say yes where the regex finds nothing, never the reverse.
    import pyarrow.compute as pc

    if pc.any(pc.match_substring_regex(pa.array(cells, pa.string()), nb._BAD_GAP)).as_py():
        assert gap_between_digits(cells)


def test_spaces_beside_one_digit_only_are_no_gap() -> None:
    assert not gap_between_digits(["1.306,81 €", "0,00 €", "195,06 €"])  # no regex pass
    assert not gap_between_digits(["5 ", "12"])  # a run stops where a cell starts
    assert gap_between_digits(["1 234"])
    assert gap_between_digits(["12\u00a0500"])
    assert gap_between_digits(["12 \u202f 5"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="0123456789.,€ \u00a0-$", max_size=8), min_size=1, max_size=40),
    st.integers(1_500, 4_000),
    st.sampled_from(["", "x", "\u202f", "'", "%", "é"]),
)
def test_bytes_of_a_long_column_are_all_its_bytes(cells: list[str], repeat: int, late: str) -> None:
    """_bytes_of takes a long column's bytes from its first cells and checks them against
    every cell (a guard): a byte only a late cell has (`x`, a narrow no-break space) is in."""
    column = pa.array([*(cells * repeat)[:repeat], f"1{late}2"], pa.string())
    written = set("".join(column.to_pylist()).encode())
    assert {b for b in nb._bytes_of(column) if not chr(b).isdigit()} == {
        b for b in written if not chr(b).isdigit()
    }
