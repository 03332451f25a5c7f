"""kpi_cli.arrow against pyarrow's own conversions, and without pandas.

Property tests: random arrays of every type kpi reads, with nulls, sliced (an offset
into their buffers) and in chunks, converted by `to_numpy` and by pyarrow's
`to_numpy(zero_copy_only=False)`: the same dtype, values, nulls, Python types of the
values and writeability."""

from __future__ import annotations

import decimal
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi_cli import arrow

ROOT = Path(__file__).resolve().parents[1]

_INTS = {
    pa.int8(): 2**7,
    pa.int16(): 2**15,
    pa.int32(): 2**31,
    pa.int64(): 2**63,
    pa.uint8(): 2**8,
    pa.uint16(): 2**16,
    pa.uint32(): 2**32,
    pa.uint64(): 2**64,
}
_TIMES = [pa.timestamp(u) for u in ("s", "ms", "us", "ns")] + [pa.timestamp("ms", tz="UTC")]


def _values(kind: pa.DataType) -> st.SearchStrategy[Any]:
    """Python values pa.array turns into `kind`."""
    if kind in _INTS:
        top = _INTS[kind]
        return st.integers(-top if pa.types.is_signed_integer(kind) else 0, top - 1)
    if pa.types.is_floating(kind):
        return st.floats(width=kind.bit_width)
    if pa.types.is_boolean(kind):
        return st.booleans()
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return st.text(max_size=5)
    if pa.types.is_timestamp(kind):
        return st.integers(-(2**62), 2**62)
    if pa.types.is_date32(kind):
        return st.integers(-(2**31), 2**31 - 1)
    if pa.types.is_date64(kind):
        return st.integers(-(2**30), 2**30).map(lambda d: d * 86_400_000)  # whole days, as Arrow asks
    raise AssertionError(kind)


_TYPES = [*_INTS, pa.float16(), pa.float32(), pa.float64(), pa.bool_(), pa.string(), pa.large_string()]
_TYPES += [*_TIMES, pa.date32(), pa.date64()]


def _build(kind: pa.DataType, values: list[Any]) -> pa.Array:
    if kind == pa.float16():
        present = np.array([0.0 if v is None else v for v in values], dtype=np.float16)
        return pa.array(present, mask=np.array([v is None for v in values], dtype=bool), type=kind)
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        storage = pa.int32() if pa.types.is_date32(kind) else pa.int64()
        return pa.array(values, storage).view(kind)
    return pa.array(values, kind)


@st.composite
def arrays(draw: st.DrawFn, kinds: list[pa.DataType] = _TYPES) -> pa.Array | pa.ChunkedArray:
    """An array of one of `kinds`: with or without nulls, maybe a slice, maybe dictionary
    encoded, maybe in chunks."""
    kind = draw(st.sampled_from(kinds))
    nulls = draw(st.sampled_from([0.0, 0.3, 1.0]))
    value = _values(kind)
    if nulls:
        value = st.one_of(st.none(), value) if nulls < 1 else st.none()

    encoded = draw(st.integers(0, 4)) == 0 and not pa.types.is_floating(kind)

    def one() -> pa.Array:
        cells = draw(st.lists(value, max_size=20))
        arr = _build(kind, cells)
        if encoded:
            arr = arr.dictionary_encode()
        start = draw(st.integers(0, len(arr)))
        end = draw(st.integers(start, len(arr)))
        return arr.slice(start, end - start) if draw(st.booleans()) else arr

    first = one()
    if not draw(st.booleans()):
        return first
    chunks = [first] + [one() for _ in range(draw(st.integers(0, 3)))]
    return pa.chunked_array(chunks, type=first.type)


def same(mine: np.ndarray, theirs: np.ndarray) -> None:
    assert mine.dtype == theirs.dtype
    assert mine.shape == theirs.shape
    assert mine.flags.writeable == theirs.flags.writeable
    if theirs.dtype == object:
        assert [type(v) for v in mine] == [type(v) for v in theirs]
        assert mine.tolist() == theirs.tolist()
    elif theirs.dtype.kind in "fc":
        assert np.array_equal(mine, theirs, equal_nan=True)
        assert np.array_equal(np.signbit(mine), np.signbit(theirs))  # -0.0 stays -0.0
    elif theirs.dtype.kind in "mM":
        assert np.array_equal(np.isnat(mine), np.isnat(theirs))
        assert np.array_equal(
            mine.view(np.int64)[~np.isnat(theirs)], theirs.view(np.int64)[~np.isnat(theirs)]
        )
    else:
        assert np.array_equal(mine, theirs)


@settings(max_examples=600)
@given(arrays())
def test_to_numpy_gives_what_pyarrow_gives(arr: pa.Array | pa.ChunkedArray) -> None:
    try:
        theirs = arr.to_numpy(zero_copy_only=False)
    except IndexError:  # pyarrow's own fails on chunks of nulls in some types: so may ours
        with pytest.raises(IndexError):
            arrow.to_numpy(arr)
        return
    same(arrow.to_numpy(arr), theirs)


@pytest.mark.parametrize(
    "arr",
    [
        pa.array([None, None]),
        pa.array([None, None]).slice(1),
        pa.array([], pa.null()),
        pa.chunked_array([], pa.int64()),
        pa.chunked_array([], pa.string()),
        pa.chunked_array([], pa.bool_()),
        pa.chunked_array([pa.array([1, None]), pa.array([2])]),
        pa.chunked_array([pa.array([True]), pa.array([None], pa.bool_())]),
        pa.array([1, None]).dictionary_encode(),
        pa.array([1.5, None, 2.5]).dictionary_encode(),
    ],
)
def test_to_numpy_edges(arr: pa.Array | pa.ChunkedArray) -> None:
    same(arrow.to_numpy(arr), arr.to_numpy(zero_copy_only=False))


def test_to_numpy_hands_other_types_to_pyarrow() -> None:
    arr = pa.array([decimal.Decimal("1.5"), None])
    assert arrow.to_numpy(pa.array([1, None], pa.duration("s"))).dtype == np.dtype("m8[s]")
    assert arrow.to_numpy(arr).tolist() == arr.to_numpy(zero_copy_only=False).tolist()


@settings(max_examples=200)
@given(arrays([pa.bool_()]))
def test_bits_and_validity(arr: pa.Array | pa.ChunkedArray) -> None:
    whole = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if pa.types.is_dictionary(whole.type):
        whole = whole.dictionary_decode()
    present = whole.is_valid().to_pylist()
    valid = arrow.validity(whole)
    assert (valid.tolist() if valid is not None else [True] * len(whole)) == present
    values = arrow.bits(whole).tolist()
    assert [v for v, p in zip(values, present, strict=True) if p] == [
        v for v in whole.to_pylist() if v is not None
    ]


_NUMPY_KINDS = [np.bool_, np.int8, np.int32, np.int64, np.uint8, np.uint64, np.float32, np.float64]


@settings(max_examples=300)
@given(
    st.sampled_from(_NUMPY_KINDS).flatmap(
        lambda dtype: st.tuples(
            st.just(dtype),
            st.lists(st.integers(0, 127), max_size=70),
            st.lists(st.booleans(), min_size=70, max_size=70),
            st.integers(1, 3),
        )
    )
)
def test_from_numpy_gives_what_pa_array_gives(case: tuple[Any, list[int], list[bool], int]) -> None:
    dtype, numbers, nulls, step = case
    values = np.array(numbers, dtype=dtype)
    if np.dtype(dtype).kind == "f" and len(values):
        values[0] = np.nan  # a NaN is a value, not a null, as pa.array leaves it
    values = values[::step]  # a view with strides
    mask = np.array(nulls[: len(values)], dtype=bool)
    for got, want in [
        (arrow.from_numpy(values), pa.array(values)),
        (arrow.from_numpy(values, mask=mask), pa.array(values, mask=mask)),
    ]:
        assert got.type == want.type
        assert got.null_count == want.null_count
        assert repr(got.to_pylist()) == repr(want.to_pylist())  # repr: NaN equals NaN


def test_from_numpy_to_a_stated_type() -> None:
    positions = np.array([0, 2, 5], dtype=np.int64)
    assert arrow.from_numpy(positions, pa.int32()).type == pa.int32()
    assert arrow.from_numpy(positions, pa.int32()).to_pylist() == [0, 2, 5]
    with pytest.raises(ValueError, match="do not fit int8"):  # pa.array refuses 300 as int8 too
        arrow.from_numpy(np.array([300]), pa.int8())
    with pytest.raises(ValueError, match="one dimension"):
        arrow.from_numpy(np.zeros((2, 2)))


def test_text() -> None:
    assert arrow.text("-").type == pa.string()
    assert arrow.text(None).as_py() is None


_NO_PANDAS = """
import sys
from kpi_cli.lazy import pyarrow_without_pandas
pyarrow_without_pandas()
import numpy as np
import pyarrow as pa
from kpi_cli import arrow
ints = pa.array(np.array([1, 2, 3]), mask=np.array([False, True, False]))
arrays = [
    ints, ints.slice(1), ints.cast(pa.float64()), ints.cast(pa.uint8()), pa.array(np.array([True, False])),
    pa.array(np.array([True, False]), mask=np.array([True, False])), ints.cast(pa.string()),
    ints.cast(pa.string()).dictionary_encode(), ints.view(pa.timestamp("ms")),
    ints.cast(pa.int32()).view(pa.date32()), pa.nulls(2), pa.chunked_array([ints, ints]),
]
for arr in arrays:
    arrow.to_numpy(arr)
arrow.bits(arrays[4]); arrow.validity(ints); arrow.text("x")
from kpi_cli.hashing import hash_text
hash_text(["a", "bb"]); hash_text(np.array(["a", "bb"], dtype=object))
print("pandas" in sys.modules)
{then}
"""


_THEIRS = "ints.to_numpy(zero_copy_only=False)\nprint('pandas' in sys.modules)"  # pyarrow's own


def _printed(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


def test_helpers_import_no_pandas() -> None:
    assert _printed(_NO_PANDAS.format(then="")) == ["False"]
    assert _printed(_NO_PANDAS.format(then=_THEIRS)) == ["False", "True"]  # the check can tell


_PARSING = """
import sys
from kpi_cli.lazy import pyarrow_without_pandas
pyarrow_without_pandas()
import pyarrow as pa
from kpi_cli.read import dates, numbers
columns = [
    ["12,345", "$1,234.56", " $-   ", "-", "", None, "N/A"],
    ["1.2K", "3.5%", "(120.00)", "[4]", "USD 1,234.50", "1.234,56 €", "3,5 Mio."],
    ["１２３", "12 34", "1 234,56 €", "R$ 12", "1e5", "99999999999999999999K", "#DIV/0!"],
    ["$1,234.56", "x"],
]
for cells in columns:
    for mark in (".", ","):
        numbers.parse_column(pa.array(cells, pa.string()), mark)
numbers.parse_number("1.2K")
styles = {
    "ymd": ["2025-03-31", "2025-3-1", "", "n/a"], "mdy": ["03/31/2025", "3/1/25"],
    "dmy": ["31/03/2025", "1/3/2025 10:00"], "mon": ["Mar 31, 2025", "Sept. 1, 2025"],
    "dmon": ["31 Mar 2025", "1 mrt 2025"], "serial": ["45747", "x"], "yymd": ["25/03/31"],
    "compact": ["20250331"], "cjk": ["2025年3月31日"], "month": ["Mar 2025"], "ym": ["2025-03"],
    "cjkm": ["2025年3月"],
}
for order, cells in styles.items():
    sep = "/" if order in ("mdy", "dmy", "yymd") else "-"
    style = dates.DateStyle(order, sep)
    for arr in (pa.array(cells, pa.string()), pa.array(cells, pa.string()).dictionary_encode()):
        dates.parse(arr, style)
dates.parse_one("Mar 2025", end=True)
print("pandas" in sys.modules)
"""


def test_parsing_numbers_and_dates_imports_no_pandas() -> None:
    # every path of the two parsers: the CSV workers and sniffing run them before pandas may load
    assert _printed(_PARSING) == ["False"]


_WRITING = """
import sys, types
from kpi_cli.lazy import pyarrow_without_pandas
pyarrow_without_pandas()
import numpy as np
from kpi_cli import benchmarks, definitions
# score and kpis import pandas (for now): stood in for by what output takes from them
score = types.ModuleType("kpi_cli.score")
score.WORDS = ("", *benchmarks.VERDICTS)
score.__getattr__ = lambda name: type(name, (), {})
kpis = types.ModuleType("kpi_cli.kpis")
kpis.__getattr__ = lambda name: getattr(definitions, name)
sys.modules.update({"kpi_cli.score": score, "kpi_cli.kpis": kpis})
from kpi_cli import output
print("pandas" in sys.modules)
known = np.array([True, False, True])
cells = [
    output._text_cells(["a", "=1+1", "b\\r"], True), output._text_cells(["@x"], False),
    output._number_cells(np.array([1, 2, 3]), known), output._number_cells(np.array([1, 2, 3]), ~known),
    output._number_cells(np.array([1.0, 2.0, -3.0]), known),
    output._number_cells(np.array([1.5, 3.0, 1e-7]), known),
    output._number_cells(np.array([1, None, 2**70], dtype=object), known),
    output._word_cells(np.array([0, 1, 2])), output._word_cells(np.zeros(3, dtype=np.int8)),
]
output._join_lines([cells[0], cells[3], cells[8], cells[8], cells[4]], 3)
print("pandas" in sys.modules)
"""


def test_writing_csv_cells_imports_no_pandas() -> None:
    assert _printed(_WRITING) == ["False", "False"]


def test_compute_calls_as_pyarrow_compute_does() -> None:
    # kpi_cli.compute: Arrow's functions by name without importing pyarrow.compute
    import pyarrow.compute as real

    from kpi_cli import compute as pc

    words = pa.array(["a", None, "b b", "a"])
    for name, args, kwargs in [
        ("utf8_length", (words,), {}),
        ("replace_substring", (words, " "), {"replacement": "_"}),
        ("replace_substring_regex", (words,), {"pattern": "^a", "replacement": "x"}),
        ("match_substring_regex", (words, "b"), {"ignore_case": True}),
        ("is_in", (words,), {"value_set": pa.array(["a"])}),
        ("and_", (pa.array([True, False]), pa.array([True, True])), {}),
        ("binary_join_element_wise", (words, words, arrow.text("-")), {}),
        ("sum", (pa.array([1, 2, None]),), {"min_count": 0}),
    ]:
        assert getattr(pc, name)(*args, **kwargs).equals(getattr(real, name)(*args, **kwargs)), name
    numbers = pa.array([1, None, 3])
    assert pc.fill_null(numbers, 0).equals(real.fill_null(numbers, 0))
    assert pc.cast(pa.array(["1", "2"]), pa.int64()).equals(real.cast(pa.array(["1", "2"]), pa.int64()))
    assert pc.index(numbers, 3).as_py() == real.index(numbers, 3).as_py() == 2
    assert pc.take(numbers, pa.array([2, 0])).equals(numbers.take(pa.array([2, 0])))
    coded = words.dictionary_encode()
    assert pc.dictionary_decode(coded).equals(coded.dictionary_decode())
    with pytest.raises(pa.ArrowInvalid):  # the same errors: "x" is no integer
        pc.cast(pa.array(["x"]), pa.int64())
    with pytest.raises(TypeError, match="takes 1 positional"):
        pc.utf8_length()
    with pytest.raises(AttributeError):
        pc.no_such_function  # noqa: B018
