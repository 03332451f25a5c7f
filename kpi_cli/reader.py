"""Reading exports: files or stdin → pandas batches of canonical columns.

chunks.py finds the columns, cuts the file and parses it with pyarrow on worker
threads; here each parsed batch becomes a pandas frame: numbers through the text
parser where the typed path could not convert them (`$1,234.56`, `3.5%`, `1.2K`,
naming the exact row of a bad value), dates, dimensions as Categoricals that share
one dtype per file, post IDs left in Arrow. Quoted and UTF-16 files go through
pyarrow's single-threaded streaming reader instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpi_cli.chunks import (
    DIMENSIONS,
    NULLS,
    ChunkParser,
    Source,
    describe_columns,
    fall_back,
    is_conversion_error,
    open_sources,
    open_stream,
    read_error,
    release_memory,
    stop,
    stream_position,
    total_size,
    wanted_columns,
)
from kpi_cli.errors import InputError, cell_error
from kpi_cli.hashing import text_bytes
from kpi_cli.numbers import Decimal, parse_column

_NULL_SET = pa.array(["", *NULLS], pa.string())
_NULL_BYTES = max(len(t.encode()) for t in NULLS)  # no missing-value spelling is longer
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%m/%d/%y",
                 "%d-%m-%Y", "%b %d, %Y", "%d %b %Y", "%B %d, %Y", "%d %B %Y")  # fmt: skip

Progress = Callable[[int], None]  # called with bytes read so far in the current file


def _iter_source(
    source: Source, needed: set[str] | None, decimal: Decimal | None, progress: Progress | None
) -> Iterator[pd.DataFrame]:
    wanted = wanted_columns(source, needed)
    if not wanted:
        return
    typed = decimal is None and source.fast
    counter = [0]  # rows handed on so far: the row numbers of the next batch follow it
    if source.encoding == "utf-16":
        yield from _iter_stream(source, wanted, decimal, progress, typed, counter, None)
    else:
        yield from _iter_chunks(source, wanted, decimal, progress, typed, counter)
    source.rows = counter[0]
    if counter[0] == 0:
        raise InputError(f"{source.name}: the file has a header but no data rows; export it with its rows")


def _iter_stream(
    source: Source,
    wanted: dict[str, str],
    decimal: Decimal | None,
    progress: Progress | None,
    typed: bool,
    counter: list[int],
    offset: int | None,
) -> Iterator[pd.DataFrame]:
    """The single-threaded streaming reader: for quoted or UTF-16 files."""
    start_rows = counter[0]
    while True:
        counter[0] = start_rows
        yielded = 0
        try:
            reader = open_stream(source, wanted, typed, offset)
            for record_batch in reader:
                frame = _to_frame(source, record_batch, wanted, counter[0], decimal)
                counter[0] += record_batch.num_rows
                if progress is not None:
                    progress((offset or 0) + stream_position(reader, source))
                yielded += 1
                yield frame
            break
        except pa.ArrowInvalid as exc:
            if typed and is_conversion_error(exc) and yielded == 0 and fall_back(source, wanted, exc):
                continue  # that column's text is parsed here, from the start
            if typed and is_conversion_error(exc) and yielded:
                # Already handed batches on: cannot restart cleanly, so re-read from the
                # start on the text path; callers only see the error or the whole file.
                raise _Restart(source) from None
            raise read_error(source, exc) from None
        except UnicodeDecodeError as exc:
            raise read_error(source, exc) from None


def _iter_chunks(
    source: Source,
    wanted: dict[str, str],
    decimal: Decimal | None,
    progress: Progress | None,
    typed: bool,
    counter: list[int],
) -> Iterator[pd.DataFrame]:
    """Frames of the chunks a ChunkParser parses ahead (the one `start` began, if it fits)."""
    parser, source.parser = source.parser, None
    if parser is not None and not parser.reads(wanted, typed):
        parser.close()
        parser = None
    with parser or ChunkParser(source, wanted, typed) as chunks:
        for end, record_batch in chunks:
            frame = _to_frame(source, record_batch, wanted, counter[0], decimal)
            counter[0] += record_batch.num_rows
            if progress is not None:
                progress(end)
            yield frame
            del frame, record_batch  # not held while the next chunk is awaited
    release_memory()
    if chunks.rest is not None:
        rest = None if chunks.rest < 0 else chunks.rest
        yield from _iter_stream(source, wanted, decimal, progress, typed, counter, rest)


class _Restart(Exception):
    """Internal: the typed path failed after batches were handed on."""

    def __init__(self, source: Source) -> None:
        super().__init__(source.name)
        self.source = source


def read_all(
    sources: list[Source],
    consume: Callable[[pd.DataFrame], None],
    *,
    needed: set[str] | None = None,
    decimal: Decimal | None = None,
    progress: Callable[[Source, int], None] | None = None,
    reset: Callable[[], None] | None = None,
) -> None:
    """Feed every batch to `consume`; if a typed read fails mid-file, start over on text.

    `reset` clears whatever `consume` accumulated, so a restart never counts a row twice.
    """
    try:
        for attempt in range(2):
            try:
                for source in sources:
                    cb = (lambda n, s=source: progress(s, n)) if progress else None
                    for batch in _iter_source(source, needed, decimal, cb):
                        consume(batch)
                return
            except _Restart as restart:
                restart.source.fast = False
                if attempt == 1 or reset is None:
                    raise InputError(f"{restart.source.name}: could not read the file") from None
                reset()
    finally:
        stop(sources)  # a parser started early for a file never reached (an error before it)


def _to_frame(
    source: Source,
    batch: pa.RecordBatch,
    wanted: dict[str, str],
    rows_before: int,
    decimal: Decimal | None,
) -> pd.DataFrame:
    # Columns go in as arrays (not Series) with the index given once: pandas then
    # neither aligns nor copies them, which on a 10M-row file is a second of work.
    columns: dict[str, Any] = {}
    first_row = rows_before + 2  # spreadsheet row of this batch's first record
    for canonical, name in wanted.items():
        arr = batch.column(name)
        if canonical in source.kind.numeric:
            parsed = parse_column(arr, decimal)
            if parsed.bad_index is not None:
                raise cell_error(
                    source.name,
                    first_row + parsed.bad_index,
                    source.columns.mapped[canonical],
                    parsed.bad_value,
                    "is not a number; write a plain number such as 1234, 1,234.50, $12.40, 3.5% or 1.2K, "
                    "or leave the cell blank if it is unknown",
                )
            columns[canonical] = _numeric_array(parsed.values)
        elif canonical == "date" and pa.types.is_date(arr.type):
            columns[canonical] = arr.cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
        elif canonical == "date":
            columns[canonical] = _parse_dates(source, arr, first_row).to_numpy()
        elif canonical == "post_id":
            # Arrow-backed as it is (no copy into pandas' own string layout): it is only hashed.
            columns[canonical] = pd.arrays.ArrowExtensionArray(_blank_to_null(arr))
        else:
            columns[canonical] = source.categories.setdefault(canonical, Categories()).encode(arr)
    return pd.DataFrame(columns, index=pd.RangeIndex(first_row, first_row + batch.num_rows), copy=False)


def _blank_to_null(arr: pa.Array) -> pa.Array:
    """Surrounding spaces off a text column; blanks and missing-value spellings made missing."""
    text = arr.cast(pa.string())
    if _may_need_trim(text):
        text = pc.utf8_trim_whitespace(text)
    if len(text) == text.null_count or pc.min(pc.binary_length(text)).as_py() > _NULL_BYTES:
        return text  # every value longer than any missing-value spelling: nothing to look up
    missing = pc.is_in(text, value_set=_NULL_SET)
    if pc.any(missing).as_py():
        text = pc.if_else(missing, pa.scalar(None, pa.string()), text)
    return text


def _may_need_trim(text: pa.Array) -> bool:
    """False when no value starts or ends with a space (or any non-ASCII byte).

    Looking at the first and last byte of each value is far cheaper than trimming
    ten million post IDs that have nothing to trim. Unicode spaces start and end
    with non-ASCII bytes, so they still go to the trim. A blank or missing value has
    no bytes: the byte looked at for it is a neighbour's (or the nearest one in the
    buffer), which can only ever send the column to the trim, never miss a value.
    """
    if isinstance(text, pa.ChunkedArray):
        return True
    offsets, data = text_bytes(text)
    if len(data) == 0:
        return False
    for at in (offsets[:-1], offsets[1:] - 1):  # each value's first byte, then its last
        edge = np.take(data, at, mode="clip")
        edge -= np.uint8(0x21)  # bytes 0x21-0x7F (printable ASCII) become 0x00-0x5E
        if edge.max() >= 0x5F:
            return True
    return False


@dataclass
class Categories:
    """One file's dictionary of a dimension column, kept across batches.

    Each batch's values are looked up in it (only the batch's distinct values, by
    Arrow), so every batch shares one pandas CategoricalDtype, built only when new
    values turn up, instead of pandas checking thousands of categories per batch.
    """

    values: list[str] = field(default_factory=list)
    _lookup: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    _dtype: pd.CategoricalDtype | None = None
    # Code of each value seen in a small dictionary (platforms, tiers; -1: a missing-value
    # spelling): most batches bring the same few values again, in any order, and a
    # dozen Arrow calls to look them up cost more than the rest of the column. Codes
    # never change once given (values only grow).
    _code_of: dict[str | None, int] = field(default_factory=dict)

    def encode(self, arr: pa.Array) -> pd.Categorical:
        dictionary_array = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
        dictionary = dictionary_array.dictionary
        if len(dictionary) <= _SMALL:
            words = dictionary.to_pylist()
            known = [self._code_of.get(word) for word in words]
            if None in known:
                lookup = self._codes(dictionary)
                self._code_of.update(zip(words, lookup[:-1].tolist(), strict=True))
            else:
                lookup = np.array([*known, -1], dtype=np.int32)
        else:
            lookup = self._codes(dictionary)
        if self._dtype is None:
            self._dtype = pd.CategoricalDtype(pd.Index(self.values, dtype=object))
        indices = dictionary_array.indices
        positions = indices.fill_null(len(lookup) - 1) if indices.null_count else indices
        row_codes = lookup[positions.to_numpy(zero_copy_only=False)]
        return pd.Categorical.from_codes(row_codes, dtype=self._dtype, validate=False)

    def _codes(self, dictionary: pa.Array) -> np.ndarray:
        """The code of each dictionary value (-1: a missing-value spelling), then -1 for null."""
        text = _blank_to_null(dictionary)
        codes = pc.index_in(text, value_set=self._lookup)
        new = pc.and_(pc.is_null(codes), pc.is_valid(text))
        if pc.any(new).as_py():
            fresh = pc.unique(pc.filter(text, new))
            self.values.extend(fresh.to_pylist())
            self._lookup = pa.array(self.values, pa.string())
            self._dtype = None
            codes = pc.index_in(text, value_set=self._lookup)
        return np.append(codes.fill_null(-1).to_numpy(zero_copy_only=False), -1).astype(np.int32)


_SMALL = 32  # the values of dictionaries up to this size are remembered by Categories


def _numeric_array(values: pa.Array) -> Any:
    if pa.types.is_integer(values.type) and values.null_count == 0:
        return values.cast(pa.int64()).to_numpy()
    if pa.types.is_integer(values.type):
        data = values.cast(pa.int64())
        mask = data.is_null().to_numpy(zero_copy_only=False)
        return pd.arrays.IntegerArray(data.fill_null(0).to_numpy(zero_copy_only=False), mask)
    return values.to_numpy(zero_copy_only=False).astype("float64", copy=False)


def _parse_dates(source: Source, arr: pa.Array, first_row: int) -> pd.Series:
    text = pc.utf8_trim_whitespace(arr.cast(pa.string()))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    # `2025-03-03T10:15:00Z`, `2025-03-03 10:15`: the day is all a KPI needs.
    iso = pc.fill_null(pc.match_substring_regex(text, r"^\d{4}-\d{2}-\d{2}[T ]"), False)
    text = pc.if_else(iso, pc.utf8_slice_codeunits(text, 0, 10), text)
    present = text.drop_null()
    if len(present) == 0:
        return pd.Series(pd.NaT, index=range(len(arr)), dtype="datetime64[s]")
    best = None
    for fmt in _DATE_FORMATS:
        parsed = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
        if parsed.null_count == text.null_count:
            best = parsed
            break
    if best is None:
        # Name the first cell no single format explains.
        parsed = pc.strptime(text, format=_DATE_FORMATS[0], unit="s", error_is_null=True)
        bad = pc.and_(pc.is_valid(text), pc.is_null(parsed))
        index = pc.index(bad, True).as_py()
        column = source.columns.mapped["date"]
        raise cell_error(
            source.name,
            first_row + index,
            column,
            text[index].as_py(),
            "is not a date kpi can read; write dates as 2025-03-31 (or 03/31/2025) throughout the column",
        )
    return pd.Series(best.to_numpy(zero_copy_only=False)).astype("datetime64[s]")


__all__ = [
    "DIMENSIONS",
    "Source",
    "describe_columns",
    "open_sources",
    "read_all",
    "total_size",
]
