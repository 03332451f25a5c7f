"""The number parser: as exports write numbers, and property tests over its formats."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kpi_cli.columns import MISSING_TOKENS
from kpi_cli.read.numbers import DecimalMix, decide_decimal, parse_column, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", 1234),
        ("$1,234.56", 1234.56),
        ("€1.234,56", 1234.56),
        ("3.5%", 3.5),
        ("1.2K", 1200),
        ("3M", 3_000_000),
        ("2.5b", 2_500_000_000),
        ("(120.00)", -120),
        ("$-12.40", -12.40),
        ("USD 1,000", 1000),
        ("  42 ", 42),
        ("+7", 7),
        ("0.5", 0.5),
        ("1e3", 1000),
        ("12,5", 12.5),
    ],
)
def test_export_formats(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("text", ["", "N/A", "n/a", "-", "--", "NA", "null", "   "])
def test_missing_markers_are_missing_not_zero(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "12.3.4", "1,2,3", "$", "1.2KK", "ten", "5 apples"])
def test_words_are_errors(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_whole_numbers_stay_integers_past_2_pow_53() -> None:
    parsed = parse_column(pa.array(["9,007,199,254,740,993", "1"]))
    assert parsed.values.type == pa.int64()
    # 2**53 + 1 is not representable as a float64; as int64 it is exact.
    assert parsed.values.to_pylist() == [2**53 + 1, 1]


def test_first_bad_cell_is_reported() -> None:
    parsed = parse_column(pa.array(["1", "2", "oops", "x"]))
    assert parsed.bad_index == 2
    assert parsed.bad_value == "oops"


def test_the_decimal_mark_is_decided_by_the_cells_that_show_it() -> None:
    def mark(*cells: str) -> str | None:
        found = decide_decimal((i, "c", cell) for i, cell in enumerate(cells, 2))
        return None if found is None else found.mark

    assert mark("1.234,56", "12,5") == ","
    assert mark("12.500", "1.234,56") == ","  # 12.500 alone says nothing; 1.234,56 does
    assert mark("2.314.680") == ","  # two dot groups: dots are thousands
    assert mark("1,234", "12.5") == "."
    assert mark("1 234,56 €", "45 000") == ","
    assert mark("12,500", "1,000", "7") is None  # every cell reads both ways
    found = decide_decimal([(2, "Spend", "12"), (7, "Spend", "3,5")])
    assert found is not None and (found.mark, found.row, found.value) == (",", 7, "3,5")


def test_cells_of_one_shape_are_worked_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # 500 sniffed rows of `"26,102"` tell nothing, and each was cleaned (number_body) in
    # Python: an ASCII cell tells by its shape, digits 1-9 alike and 0 apart.
    from kpi_cli.read import numbers

    calls: list[str] = []
    body = numbers.number_body
    monkeypatch.setattr(numbers, "number_body", lambda cell: calls.append(cell) or body(cell))

    def digit(n: int) -> int:
        return n % 9 + 1  # 1-9, no 0

    counts = [(row, "Likes", f"{digit(row)}{digit(row // 9)},{digit(row // 3)}{digit(row)}{digit(row // 2)}")
              for row in range(2, 502)]  # fmt: skip
    assert len({cell for _, _, cell in counts}) > 150
    assert decide_decimal(counts) is None  # `26,157` reads both ways
    assert calls == [counts[0][2]]  # one shape, `11,111`: once, not 500 times
    # a 0 is told apart: `1,125` reads both ways, `0,125` can only be a fraction
    found = decide_decimal([(2, "Spend", "1,125"), (3, "Spend", "0,125"), (4, "Spend", "7,125")])
    assert found is not None and (found.mark, found.row, found.value) == (",", 3, "0,125")
    found = decide_decimal([(2, "Spend", "2,500"), (3, "Spend", "2,50")])  # 2 decimals: a comma
    assert found is not None and (found.mark, found.row) == (",", 3)
    with pytest.raises(DecimalMix):  # `1,234.56` then `1.234,56` (another shape): both seen
        decide_decimal([(2, "Spend", "1,234.56"), (3, "Fee", "1.234,56")])
    calls.clear()
    found = decide_decimal([(2, "Spend", "1.234,56 €"), (3, "Spend", "2.345,67 €")])
    assert found is not None and (found.mark, found.row) == (",", 2)
    assert calls == ["1.234,56 €"]  # not ASCII: read whole, as before (then the column has told)


@given(st.lists(st.from_regex(r"[-+]?[0-9]{0,5}([.,][0-9]{0,4}){0,3}", fullmatch=True), max_size=8))
@settings(max_examples=300)
def test_a_shape_tells_what_each_of_its_cells_tells(cells: list[str]) -> None:
    # what decide_decimal finds equals what each cell tells on its own, first cell first
    from kpi_cli.read.numbers import _evidence

    told = [(i, cell, mark) for i, cell in enumerate(cells, 2) if (mark := _evidence(cell)) is not None]
    marks = {mark for _, _, mark in told}
    if len(marks) == 2:
        with pytest.raises(DecimalMix):
            decide_decimal((i, "", cell) for i, cell in enumerate(cells, 2))
        return
    found = decide_decimal((i, "", cell) for i, cell in enumerate(cells, 2))
    if not told:
        assert found is None
    else:
        assert found is not None and (found.row, found.mark) == (told[0][0], told[0][2])


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=10**12))
def test_dollar_amounts_round_trip(cents: int) -> None:
    text = f"${cents // 100:,}.{cents % 100:02d}"
    assert parse_number(text) == pytest.approx(cents / 100, rel=1e-15, abs=1e-9)


@given(st.integers(min_value=0, max_value=10**12))
def test_decimal_comma_round_trip(cents: int) -> None:
    euros = f"{cents // 100:,}".replace(",", ".")
    text = f"€{euros},{cents % 100:02d}"
    assert parse_number(text, ",") == pytest.approx(cents / 100, rel=1e-15, abs=1e-9)


@given(st.integers(min_value=0, max_value=99_999), st.sampled_from(["K", "M", "B"]))
def test_abbreviations_scale_exactly(tenths: int, suffix: str) -> None:
    factor = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}[suffix]
    text = f"{tenths // 10}.{tenths % 10}{suffix}"
    assert parse_number(text) == tenths * factor // 10


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_percentages_keep_the_written_number(value: object) -> None:
    assert parse_number(f"{value}%") == pytest.approx(float(str(value)), abs=1e-9)


@given(st.sampled_from(MISSING_TOKENS), st.sampled_from(["", " ", "  "]))
def test_every_missing_token_with_padding_is_missing(token: str, pad: str) -> None:
    assert parse_number(pad + token + pad) is None


@given(st.text(alphabet="abcdefghijxyz!?#", min_size=1, max_size=8))
def test_letters_never_become_numbers(text: str) -> None:
    if text.lower() in MISSING_TOKENS:
        return
    with pytest.raises(ValueError):
        parse_number(text)


_PLAIN_CELL = st.one_of(
    st.text(alphabet="0123456789,.-$", max_size=8),
    st.integers(min_value=-(10**9), max_value=10**9).map(lambda n: f"{n:,}"),
    st.integers(min_value=0, max_value=10**9).map(lambda c: f"${c // 100:,}.{c % 100:02d}"),
    st.sampled_from(["", "-", "--", "$", "-$", ".", ",", "1,23", "12,5", "1.234,56", "0.5"]),
)


@given(st.lists(st.one_of(st.none(), _PLAIN_CELL), min_size=1, max_size=12))
def test_columns_of_plain_bytes_parse_as_the_general_path_does(cells: list[str | None]) -> None:
    # Cells of digits , . - $ only skip the regex rewrites. A last cell " 1" (a space)
    # sends the same column down the general path; it changes no other cell's parse.
    fast = parse_column(pa.array(cells, pa.string()))
    general = parse_column(pa.array([*cells, " 1"], pa.string()))
    assert (fast.bad_index, fast.bad_value) == (general.bad_index, general.bad_value)
    if fast.bad_index is None:
        assert fast.missing == general.missing
        assert fast.values.type == general.values.type
        assert fast.values.to_pylist() == general.values.to_pylist()[:-1]


_SUFFIXED_CELL = st.one_of(
    _PLAIN_CELL,
    st.builds(
        lambda sign, body, suffix, wrap: f"({body}{suffix})" if wrap else f"{sign}{body}{suffix}",
        st.sampled_from(["", "-", "+", "$", "-$", "+$"]),
        st.one_of(
            st.integers(min_value=0, max_value=99_999).map(str),
            st.integers(min_value=0, max_value=9_999).map(lambda t: f"{t // 10}.{t % 10}"),
            st.integers(min_value=1_000, max_value=10**7).map(lambda n: f"{n:,}"),
        ),
        st.sampled_from(["", "K", "k", "M", "m", "B", "b", "%"]),
        st.booleans(),
    ),
    st.sampled_from(
        ["N/A", "n/a", "NA", "none", "#N/B", "K", "5KK", "K5", "1.2bn", "EUR 5", "5 USD", "+", "()"]
    ),
)


@settings(max_examples=300)
@given(st.lists(st.one_of(st.none(), _SUFFIXED_CELL), min_size=1, max_size=10))
def test_cells_whose_only_letters_are_multipliers_parse_as_the_regex_path_does(
    cells: list[str | None],
) -> None:
    # Columns whose letters are only a K, M or B at a cell's end (`46.9K`) or a missing
    # cell's (`N/A`) skip the currency-code regexes; told they may not, the same column
    # goes through them, and must read the same.
    from unittest import mock

    import kpi_cli.read.numbers as nb

    # (a `$` after a digit, `0$0`: the literal removals take it out wherever it stands, as
    # a column of digits and `$` alone always had them; the regexes only at a cell's edge)
    assume(not any(c and re.search(r"[\d.,]\$", c) for c in cells))
    column = pa.array(cells, pa.string())
    fast = parse_column(column, ".")
    with mock.patch.object(nb, "_suffix_letters_only", lambda text, missing: False):
        regex = parse_column(column, ".")
    assert (fast.bad_index, fast.bad_value, fast.percent_index) == (
        regex.bad_index,
        regex.bad_value,
        regex.percent_index,
    )
    assert fast.currencies == regex.currencies
    if fast.bad_index is None:
        assert fast.missing == regex.missing
        assert fast.values.type == regex.values.type
        assert fast.values.to_pylist() == regex.values.to_pylist()


def test_sniffed_cells_are_read_without_pyarrow_compute() -> None:
    """Sniffing reads a few cells one by one before the file's parse starts; the cells
    exports write (`26,102`, `$1,234.56`, `1.234,56`) are read without importing pyarrow's
    compute module, which took the main thread 0.1 s while both cores waited (issue 21)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kpi_cli.read.numbers import parse_number\n"
        "print(parse_number('26,102', '.'), parse_number('-$1,234.56', '.'), parse_number('1.234,56', ','),\n"
        "      parse_number('$195.00', '.'), parse_number('12', ','), 'pyarrow.compute' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # 26 thousands and 102; minus (1,234 + 56/100); 1 thousand 234 and 56/100 with a decimal
    # comma; 195 whole dollars read as a whole number (int64, as a column of them reads)
    assert done.stdout.split() == ["26102", "-1234.56", "1234.56", "195", "12", "False"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([".", ","]),
    st.integers(0, 10**13),
    st.sampled_from(["", "0", "5", "50", "56", "125", "0000001"]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_a_cell_reads_as_its_column_does(
    decimal: str, whole: int, fraction: str, grouped: bool, minus: bool, dollar: bool
) -> None:
    """parse_number's own reading of the common cells gives what parse_column gives (value
    and type), as it did when it always went through parse_column (a guard)."""
    group = "," if decimal == "." else "."
    text = f"{whole:,}".replace(",", group) if grouped else str(whole)
    text = ("-" if minus else "") + ("$" if dollar else "") + text + (decimal + fraction if fraction else "")
    column = parse_column(pa.array([text], pa.string()), decimal).values  # type: ignore[arg-type]
    value = parse_number(text, decimal)  # type: ignore[arg-type]
    assert type(value) is type(column[0].as_py())
    assert value == column[0].as_py()
