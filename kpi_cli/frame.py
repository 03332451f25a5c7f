"""Frame: one batch of canonical columns, as numpy and Arrow arrays, by spreadsheet row.

What the reader hands the KPI maths. It is not a pandas DataFrame on purpose: importing
pandas takes half a second, more than all the rest of a small run (issue 21, start-up),
and a batch needs none of pandas' alignment. Columns are plain arrays:

- numbers: float64 ndarray (NaN blank), int64 ndarray (no blank), or `Ints` (int64 with
  a blank mask: whole counts with blanks, exact past 2**53);
- dates: datetime64 ndarray (NaT blank);
- post IDs: a pyarrow string array (null blank), only ever hashed;
- text dimensions (creator, platform, tier...): `Codes` into the file's dictionary of
  values (-1 blank).

`to_pandas()` and `from_pandas()` convert for the code that works on pandas (lift,
retention, kpi learn) and for notebooks; pandas is imported only then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pyarrow as pa

from kpi_cli import compute as pc

if TYPE_CHECKING:
    import pandas as pd


class Ints(NamedTuple):
    """Whole numbers with blanks: `data` (0 where blank) and `mask` (True where blank)."""

    data: np.ndarray
    mask: np.ndarray

    def __len__(self) -> int:
        return len(self.data)

    def take(self, at: np.ndarray) -> Ints:
        return Ints(self.data[at], self.mask[at])


class Codes:
    """A text column as integer codes into `categories` (-1: blank).

    `categories` is the file's list of values (labels.Categories.values), shared by every
    batch and only ever appended to: a code, once given, always means the same value."""

    __slots__ = ("categories", "codes")

    def __init__(self, codes: np.ndarray, categories: Sequence[str]) -> None:
        self.codes = codes
        self.categories = categories

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, at: np.ndarray) -> Codes:
        return Codes(self.codes[at], self.categories)

    def blank(self) -> np.ndarray:
        return self.codes < 0

    def used(self) -> list[str]:
        """The values that occur in this column (those with a code below the dictionary's
        end are not all used), in code order."""
        found = np.unique(self.codes)
        return [self.categories[int(c)] for c in found[found >= 0]]

    def values(self) -> np.ndarray:
        """Each row's value, as an object array (None blank)."""
        table = np.empty(len(self.categories) + 1, dtype=object)
        table[:-1] = list(self.categories)
        table[-1] = None
        return table[self.codes]  # -1: the None at the end

    @staticmethod
    def constant(value: str, n: int) -> Codes:
        """Every row the same value (an export's one platform, a marker column)."""
        return Codes(np.zeros(n, dtype=np.int8), [value])


Column = Any  # np.ndarray | Ints | Codes | pa.Array


def take(column: Column, at: np.ndarray) -> Column:
    """Rows `at` (positions or a mask) of a column of any kind."""
    if isinstance(column, np.ndarray):
        return column[at]
    if isinstance(column, (Ints, Codes)):
        return column.take(at)
    from kpi_cli import arrow  # a post ID column

    if at.dtype == bool:
        return pc.filter(column, arrow.from_numpy(at))
    return pc.take(column, arrow.from_numpy(at.astype(np.int64, copy=False)))


def _sliced(column: Column, start: int, stop: int) -> Column:
    if isinstance(column, np.ndarray):
        return column[start:stop]
    if isinstance(column, Ints):
        return Ints(column.data[start:stop], column.mask[start:stop])
    if isinstance(column, Codes):
        return Codes(column.codes[start:stop], column.categories)
    return column.slice(start, stop - start)  # a post ID column (Arrow)


def blank(column: Column) -> np.ndarray:
    """Where a column of any kind is blank."""
    if isinstance(column, np.ndarray):
        if column.dtype.kind == "f":
            return np.isnan(column)
        if column.dtype.kind in "mM":
            return np.isnat(column)
        if column.dtype.kind == "O":
            return np.array([v is None or v != v for v in column], dtype=bool)
        return np.zeros(len(column), dtype=bool)
    if isinstance(column, Ints):
        return column.mask
    if isinstance(column, Codes):
        return column.blank()
    from kpi_cli.arrow import bits

    return bits(pc.is_null(column))


def zero_for_blank(column: Column) -> Column:
    """A number column with 0 where it is blank (an export that leaves 0 blank)."""
    if isinstance(column, Ints):
        return Ints(np.where(column.mask, 0, column.data), np.zeros(len(column), dtype=bool))
    if isinstance(column, np.ndarray) and column.dtype.kind == "f":
        return np.where(np.isnan(column), 0.0, column)
    return column


def set_cells(column: Column, at: np.ndarray, value: float) -> Column:
    """A copy of a number column with `value` in the rows `at` (a mask or positions)."""
    if isinstance(column, Ints):
        data, mask = column.data.copy(), column.mask.copy()
        data[at], mask[at] = value, False
        return Ints(data, mask)
    out = np.array(column, copy=True)
    out[at] = value
    return out


def copy_cell(column: Column, source: int, target: int) -> Column:
    """A copy of a number column whose row `target` holds row `source`'s cell, blank or not."""
    if isinstance(column, Ints):
        data, mask = column.data.copy(), column.mask.copy()
        data[target], mask[target] = data[source], mask[source]
        return Ints(data, mask)
    out = np.array(column, copy=True)
    out[target] = out[source]
    return out


class Frame:
    """Columns of equal length, with each row's spreadsheet row number (`rows`)."""

    __slots__ = ("_columns", "rows")

    def __init__(self, columns: dict[str, Column], rows: np.ndarray) -> None:
        self._columns = columns
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def empty(self) -> bool:
        return not len(self.rows)

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def __contains__(self, name: object) -> bool:
        return name in self._columns

    def __getitem__(self, name: str) -> Column:
        return self._columns[name]

    def get(self, name: str, default: Any = None) -> Column:
        return self._columns.get(name, default)

    def items(self) -> Iterator[tuple[str, Column]]:
        return iter(self._columns.items())

    def take(self, at: np.ndarray) -> Frame:
        """The rows at positions `at`, or where the mask `at` is True."""
        return Frame({k: take(v, at) for k, v in self._columns.items()}, self.rows[at])

    def head(self, n: int) -> Frame:
        return self.take(np.arange(min(n, len(self))))

    def slice(self, start: int, stop: int) -> Frame:
        """Rows start to stop as views, not copies: for a batch's rows passed on at once (a
        copy of every column of each batch was a quarter of a 1M-row file's main thread).
        A view keeps its whole column alive, so rows kept to the file's end are taken."""
        return Frame({k: _sliced(v, start, stop) for k, v in self._columns.items()}, self.rows[start:stop])

    def assign(self, **columns: Column) -> Frame:
        return Frame({**self._columns, **columns}, self.rows)

    def drop(self, names: Iterable[str]) -> Frame:
        gone = set(names)
        return Frame({k: v for k, v in self._columns.items() if k not in gone}, self.rows)

    def to_pandas(self) -> pd.DataFrame:
        """The same rows as a pandas frame indexed by spreadsheet row (what the reader gave
        before Frame: numbers as numpy or nullable Int64, codes as Categorical...)."""
        import pandas as pd

        columns = {k: _to_pandas(v) for k, v in self._columns.items()}
        return pd.DataFrame(columns, index=pd.Index(self.rows), copy=False)

    @staticmethod
    def from_pandas(frame: pd.DataFrame) -> Frame:
        """A pandas frame's columns as Frame's kinds (see the module's docstring); the index
        as the row numbers when it is one of integers, else 0, 1, 2..."""
        import pandas as pd

        index = np.asarray(frame.index)
        rows = index.astype(np.int64) if index.dtype.kind in "iu" else np.arange(len(frame), dtype=np.int64)
        columns: dict[str, Column] = {}
        for name in frame.columns:
            columns[str(name)] = _from_pandas(frame[name], pd)
        return Frame(columns, rows)


def concat(frames: Sequence[Frame]) -> Frame:
    """Frames one after the other; a column missing from one is blank there."""
    frames = [f for f in frames if f is not None]
    if len(frames) == 1:
        return frames[0]
    names: list[str] = []
    for f in frames:
        names += [n for n in f.columns if n not in names]
    columns = {n: _concat([f.get(n) for f in frames], [len(f) for f in frames]) for n in names}
    return Frame(columns, np.concatenate([f.rows for f in frames]))


def _concat(parts: list[Column], sizes: list[int]) -> Column:
    kinds = [p for p in parts if p is not None]
    first = kinds[0]
    if isinstance(first, Codes):
        return _concat_codes(parts, sizes)
    if isinstance(first, np.ndarray) and first.dtype.kind in "mM":
        unit = first.dtype
        return np.concatenate(
            [
                np.full(s, np.datetime64("NaT"), unit) if p is None else p
                for p, s in zip(parts, sizes, strict=True)
            ]
        )
    if all(isinstance(p, np.ndarray) and p.dtype == first.dtype for p in parts):
        return np.concatenate(parts)  # one kind (bool marks, one number type)
    if isinstance(first, (np.ndarray, Ints)) and all(
        isinstance(p, (np.ndarray, Ints)) or p is None for p in parts
    ):
        if all(isinstance(p, np.ndarray) and p.dtype.kind == "f" for p in parts):
            return np.concatenate(parts)
        if all(isinstance(p, np.ndarray) and p.dtype.kind in "iu" for p in parts):
            return np.concatenate([p.astype(np.int64, copy=False) for p in parts])
        if any(isinstance(p, np.ndarray) and p.dtype.kind == "f" for p in parts):
            return np.concatenate([_floats(p, s) for p, s in zip(parts, sizes, strict=True)])
        data = np.concatenate([_ints(p, s).data for p, s in zip(parts, sizes, strict=True)])
        mask = np.concatenate([_ints(p, s).mask for p, s in zip(parts, sizes, strict=True)])
        return Ints(data, mask)
    import pyarrow as pa  # post IDs

    arrays = [pa.nulls(s, pa.string()) if p is None else p for p, s in zip(parts, sizes, strict=True)]
    return pa.concat_arrays([pc.cast(a, pa.string()) for a in arrays])


def floats(column: Column) -> np.ndarray:
    """A number column as float64, NaN where blank."""
    if isinstance(column, Ints):
        out = column.data.astype(np.float64)
        out[column.mask] = np.nan
        return out
    return np.asarray(column).astype(np.float64, copy=False)


def numbers(column: Any) -> np.ndarray:
    """Any number column as float64, blanks NaN: the reader's (see `floats`), or a notebook's
    objects as pd.to_numeric reads them (errors coerced to NaN: text is no number)."""
    if isinstance(column, Ints) or (isinstance(column, np.ndarray) and column.dtype.kind in "biuf"):
        return floats(column)
    import pandas as pd  # a notebook's objects

    return pd.to_numeric(pd.Series(column), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def as_codes(column: Any) -> Codes:
    """A text column as Codes: the reader's already are; post IDs (--by post_id) by Arrow's
    dictionary; a notebook's array of objects by its values, in order of first appearance
    (blank: None, NaN or NaT)."""
    if isinstance(column, Codes):
        return column
    if isinstance(column, pa.Array | pa.ChunkedArray):
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        encoded = pc.dictionary_encode(column)
        indices = encoded.indices
        codes = np.frombuffer(indices.buffers()[1], dtype=np.int32, count=len(indices) + indices.offset)
        codes = codes[indices.offset :].astype(np.int32)
        if indices.null_count:
            codes[blank(indices)] = -1
        return Codes(codes, encoded.dictionary.to_pylist())
    values = np.asarray(column)
    if values.dtype.kind != "O":
        values = values.astype(object)
    missing = blank(values)
    found: dict[Any, int] = {}
    codes = np.full(len(values), -1, dtype=np.int32)
    at = np.flatnonzero(~missing)
    codes[at] = [found.setdefault(v, len(found)) for v in values[at].tolist()]
    return Codes(codes, list(found))


def as_ints(column: Column) -> Ints:
    """A column of whole numbers as Ints (its blanks masked)."""
    if isinstance(column, Ints):
        return column
    data = np.asarray(column).astype(np.int64, copy=False)
    return Ints(data, np.zeros(len(data), dtype=bool))


def _floats(part: Column, size: int) -> np.ndarray:
    return np.full(size, np.nan) if part is None else floats(part)


def _ints(part: Column, size: int) -> Ints:
    if part is None:
        return Ints(np.zeros(size, dtype=np.int64), np.ones(size, dtype=bool))
    return as_ints(part)


def _concat_codes(parts: list[Column], sizes: list[int]) -> Codes:
    """Codes of several batches: one dictionary when they share it (one file's batches),
    else the union, each part's codes renumbered into it."""
    shared = next(p.categories for p in parts if p is not None)
    if all(p is None or p.categories is shared for p in parts):
        codes = [
            np.full(s, -1, np.int32) if p is None else p.codes.astype(np.int32)
            for p, s in zip(parts, sizes, strict=True)
        ]
        return Codes(np.concatenate(codes), shared)
    values: list[str] = []
    at: dict[str, int] = {}
    out = []
    for p, s in zip(parts, sizes, strict=True):
        if p is None:
            out.append(np.full(s, -1, np.int32))
            continue
        for v in p.categories:
            if v not in at:
                at[v] = len(values)
                values.append(v)
        renumber = np.array([at[v] for v in p.categories] + [-1], dtype=np.int32)
        out.append(renumber[p.codes])
    return Codes(np.concatenate(out), values)


def _to_pandas(column: Column) -> Any:
    import pandas as pd

    if isinstance(column, Ints):
        return pd.arrays.IntegerArray(column.data, column.mask)
    if isinstance(column, Codes):
        return pd.Categorical.from_codes(column.codes, dtype=_dtype(column.categories), validate=False)
    if isinstance(column, np.ndarray):
        return column
    return pd.arrays.ArrowExtensionArray(column)


_DTYPES: list[tuple[Sequence[str], int, Any]] = []  # (categories, their length then, dtype)


def _dtype(categories: Sequence[str]) -> Any:
    """The pandas dtype of a dictionary, built once per dictionary and length: one file's
    batches share it (pandas would check 200,000 creators' names again for each)."""
    for known, size, dtype in _DTYPES:
        if known is categories and size == len(categories):
            return dtype
    import pandas as pd

    index = pd.Index(list(categories), dtype=object)
    fastpath = getattr(pd.CategoricalDtype, "_from_fastpath", None)  # pandas' own, unchecked
    dtype = pd.CategoricalDtype(index) if fastpath is None else fastpath(index, ordered=False)
    _DTYPES[:] = [*[d for d in _DTYPES if d[0] is not categories][-7:], (categories, len(categories), dtype)]
    return dtype


def _from_pandas(series: Any, pd: Any) -> Column:
    array = series.array
    if isinstance(series.dtype, pd.CategoricalDtype):
        return Codes(np.asarray(array.codes), list(series.cat.categories))
    if isinstance(array, pd.arrays.IntegerArray):
        return Ints(np.asarray(array._data, dtype=np.int64), np.asarray(array._mask, dtype=bool))
    if isinstance(array, pd.arrays.ArrowExtensionArray):
        import pyarrow as pa

        chunked = array._pa_array
        return pa.concat_arrays(chunked.chunks) if chunked.num_chunks != 1 else chunked.chunk(0)
    return series.to_numpy()
