"""Arrow to numpy, and Python values to Arrow, without pyarrow importing pandas.

pyarrow's C++ side imports pandas (half a second) on `Array.to_numpy()` of any type, on
Python values of no stated type (`pa.array([1, 2])`, `pa.scalar("x")`) and on compute
functions given bare Python scalars (`pc.equal(text, "x")`), and it tries again on every
such call until pandas is loaded. A small run that uses no pandas paid for it all the
same (kpi_cli.lazy keeps the other conversions from doing it). Here each conversion kpi
needs is made from the array's buffers, giving what pyarrow's own would, nulls and all.

numpy and pyarrow only: every layer of kpi may use it.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from kpi_cli import compute as pc

# Arrow's fixed-width types as numpy reads their data buffer
_NUMBERS: dict[pa.DataType, np.dtype] = {
    pa.int8(): np.dtype(np.int8),
    pa.int16(): np.dtype(np.int16),
    pa.int32(): np.dtype(np.int32),
    pa.int64(): np.dtype(np.int64),
    pa.uint8(): np.dtype(np.uint8),
    pa.uint16(): np.dtype(np.uint16),
    pa.uint32(): np.dtype(np.uint32),
    pa.uint64(): np.dtype(np.uint64),
    pa.float16(): np.dtype(np.float16),
    pa.float32(): np.dtype(np.float32),
    pa.float64(): np.dtype(np.float64),
}


def to_numpy(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """What `arr.to_numpy(zero_copy_only=False)` gives, pandas or not.

    Nulls as pyarrow renders them: NaN in floats, and integers with a null become float64
    with NaN; NaT in timestamps and dates; None in booleans with a null (then an object
    array of True/False/None), in text (an object array of str) and in the null type. A
    dictionary gives its values, decoded (but see _chunked_dictionary). Read-only where
    pyarrow's is (numbers and timestamps without nulls, read in place), a fresh array
    elsewhere. Other types (durations, lists, structs, decimals, binary) go to pyarrow's
    own conversion."""
    if isinstance(arr, pa.ChunkedArray):
        if pa.types.is_dictionary(arr.type):
            return _chunked_dictionary(arr)
        if arr.num_chunks == 1:
            return to_numpy(arr.chunk(0))
        out = to_numpy(arr.combine_chunks())
        return out if out.flags.writeable else out.copy()  # pyarrow's joins the chunks in a copy
    kind = arr.type
    if pa.types.is_dictionary(kind):
        if _is_text(kind.value_type):  # each distinct text made a str once, not once a row
            words = np.append(to_numpy(arr.dictionary), [None])  # index -1 (null): None
            return words[to_numpy(pc.fill_null(arr.indices, -1))]
        return to_numpy(pc.dictionary_decode(arr))
    n = len(arr)
    if pa.types.is_null(kind):
        return np.full(n, None, dtype=object)
    if _is_text(kind):
        out = np.empty(n, dtype=object)
        out[:] = arr.to_pylist()
        return out
    valid = validity(arr)
    if pa.types.is_boolean(kind):
        values = bits(arr)
        if valid is None:
            return values
        out = values.astype(object)
        out[~valid] = None
        return out
    data = _data(arr)
    if data is None:
        return arr.to_numpy(zero_copy_only=False)
    if valid is None:
        return data
    if data.dtype.kind in "iu":
        out = data.astype(np.float64)
    else:
        out = data if data.flags.writeable else data.copy()  # (dates are a copy already)
    out[~valid] = np.datetime64("NaT") if out.dtype.kind == "M" else np.nan
    return out


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _chunked_dictionary(arr: pa.ChunkedArray) -> np.ndarray:
    """pyarrow's own for a chunked dictionary: its dictionary (unified across the chunks)
    taken by the indices, where a null's index is -1, so that a null comes out as the
    dictionary's last value, not as None (and an empty dictionary raises IndexError)."""
    unified = arr.unify_dictionaries()
    dictionary = unified.chunk(0).dictionary if unified.num_chunks else pa.array([], arr.type.value_type)
    indices = [to_numpy(pc.fill_null(chunk.indices, -1)) for chunk in unified.chunks]
    at = np.concatenate(indices) if indices else np.empty(0, dtype=np.intp)
    return np.take(to_numpy(dictionary), at)


def _data(arr: pa.Array) -> np.ndarray | None:
    """A fixed-width array's values as numpy, read in place where pyarrow's are (dates are
    widened to datetime64 in a copy, as there); None for a type read otherwise."""
    kind, n, at = arr.type, len(arr), arr.offset
    buffer = arr.buffers()[1]
    if kind in _NUMBERS:
        return _view(buffer, _NUMBERS[kind], n, at)
    if pa.types.is_timestamp(kind):
        return _view(buffer, np.dtype(f"M8[{kind.unit}]"), n, at)
    if pa.types.is_date32(kind):  # days as int32
        return _view(buffer, np.dtype(np.int32), n, at).astype(np.int64).view("M8[D]")
    if pa.types.is_date64(kind):  # milliseconds
        return _view(buffer, np.dtype(np.int64), n, at).view("M8[ms]").copy()
    return None


def _view(buffer: pa.Buffer | None, dtype: np.dtype, n: int, at: int) -> np.ndarray:
    """n values of `dtype` from value `at` of `buffer`, read in place (read-only)."""
    if buffer is None or n == 0:
        out = np.empty(0, dtype=dtype)
    else:  # (writeable when Arrow made the buffer mutable: pyarrow's never is)
        out = np.frombuffer(buffer, dtype=dtype, count=n, offset=at * dtype.itemsize)
    out.flags.writeable = False
    return out


def bits(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean array's values as numpy bools, from its bitmap (what a null holds counts
    as it is: give `pc.fill_null(arr, False)` where that matters)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return _unpack(arr.buffers()[1], arr.offset, len(arr))


def bools(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean array as numpy bools, a null as False."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    valid = validity(arr)
    return bits(arr) if valid is None else bits(arr) & valid


def ints(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An integer array without nulls (codes, positions) as int64."""
    if arr.null_count:
        raise ValueError("ints: fill the nulls first")
    return to_numpy(arr).astype(np.int64, copy=False)


def seconds(arr: pa.Array) -> np.ndarray:
    """Dates or timestamps as datetime64[s], NaT where null (the reader's date columns)."""
    return to_numpy(pc.cast(arr, pa.timestamp("s")))


def validity(arr: pa.Array) -> np.ndarray | None:
    """Which values of `arr` are not null, as numpy bools; None when none is null."""
    if not arr.null_count:
        return None
    if pa.types.is_null(arr.type):
        return np.zeros(len(arr), dtype=bool)
    return _unpack(arr.buffers()[0], arr.offset, len(arr))


def _unpack(bitmap: pa.Buffer | None, at: int, n: int) -> np.ndarray:
    if bitmap is None or n == 0:
        return np.zeros(n, dtype=bool)
    packed = np.frombuffer(bitmap, dtype=np.uint8)
    return np.unpackbits(packed, count=at + n, bitorder="little")[at:].view(bool)  # 0 or 1: a bool each


def from_numpy(
    values: np.ndarray, kind: pa.DataType | None = None, mask: np.ndarray | None = None
) -> pa.Array:
    """`pa.array(values, kind, mask=mask)` for a 1-d numpy array of booleans or numbers
    (null where `mask` is True; a float's NaN stays a value, as there), made from its
    buffers: pa.array first asks numpy whether `values` is a masked array, which imports
    numpy.ma, 8 ms of a small run. An integer that does not fit `kind` is refused, as
    pa.array refuses it."""
    values = np.asarray(values)
    if values.ndim != 1:
        raise ValueError("from_numpy: one dimension only")
    valid = None
    if mask is not None and mask.any():
        valid = pa.py_buffer(np.packbits(~np.asarray(mask, dtype=bool), bitorder="little"))
    if values.dtype == np.bool_ and kind in (None, pa.bool_()):
        packed = np.packbits(values, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), len(values), [valid, pa.py_buffer(packed)])
    if kind is None:
        kind = next((k for k, dtype in _NUMBERS.items() if dtype == values.dtype), None)
    if kind is None or kind not in _NUMBERS or values.dtype.kind not in "iuf":
        return pa.array(values, kind, mask=mask)  # dates, text, mixed kinds: as pyarrow makes them
    dtype = _NUMBERS[kind]
    data = np.ascontiguousarray(values, dtype=dtype)
    if data.dtype != values.dtype and not np.array_equal(data, values):
        raise ValueError(f"from_numpy: values do not fit {kind}")
    return pa.Array.from_buffers(kind, len(data), [valid, pa.py_buffer(data)])


def text(value: str | None) -> pa.StringScalar:
    """`value` as an Arrow string scalar, for compute functions: a bare Python str there
    (`pc.equal(cells, "-")`) is converted with its type inferred, which imports pandas."""
    return pa.scalar(value, pa.string())
