"""Reading exports: files or stdin → batches of canonical columns.

Headers are mapped to canonical names (see columns.py) and only those columns are
read (column projection), in batches, so a file far larger than memory streams
through. While no quote character has been seen, the file is cut into chunks of
about BLOCK_SIZE bytes at line ends, and each chunk is parsed by pyarrow's
multi-threaded reader on a worker thread while the caller sums the chunk before.
From the first quote on (a line break could be inside a quoted value), and for
UTF-16, the rest goes through pyarrow's single-threaded streaming reader.

A typed fast path lets pyarrow convert plain numbers and ISO dates; a value it
cannot convert sends that column down the text path for the rest of the file,
which parses `$1,234.56`, `3.5%`, `1.2K` and names the exact row of a bad value.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from kpi_cli.columns import (
    DIMENSIONS,
    SCORE_COLUMNS,
    ColumnMap,
    ColumnSet,
    map_headers,
)
from kpi_cli.errors import InputError, cell_error
from kpi_cli.hashing import text_bytes
from kpi_cli.numbers import MISSING_TOKENS, Decimal, parse_column

BLOCK_SIZE = 16 << 20  # bytes of CSV per batch
AHEAD = 2  # chunks handed to the worker before the caller needs them
_SNIFF_BYTES = 1 << 16
_NULLS = sorted({t for tok in MISSING_TOKENS for t in (tok, tok.upper(), tok.title())})
_NULL_SET = pa.array(["", *_NULLS], pa.string())
_NULL_BYTES = max(len(t.encode()) for t in _NULLS)  # no missing-value spelling is longer
_TEXT = pa.dictionary(pa.int32(), pa.string())  # dimensions: encoded by the CSV reader's threads
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%m/%d/%y",
                 "%d-%m-%Y", "%b %d, %Y", "%d %b %Y", "%B %d, %Y", "%d %B %Y")  # fmt: skip

Progress = Callable[[int], None]  # called with bytes read so far in the current file


@dataclass
class Source:
    """One input: its name as the user typed it and where its bytes come from."""

    name: str
    path: Path | None  # None for stdin
    data: bytes | None = None  # stdin is buffered so it can be read twice
    size: int = 0
    encoding: str = "utf8"
    delimiter: str = ","
    headers: list[str] = field(default_factory=list)
    columns: ColumnMap = field(default_factory=ColumnMap)
    rows: int = 0
    fast: bool = True  # False once the typed path has failed for this file
    kind: ColumnSet = SCORE_COLUMNS  # which canonical columns this input is read into
    text_columns: set[str] = field(default_factory=set)  # canonical columns the typed path failed on
    categories: dict[str, _Categories] = field(default_factory=dict)  # dimension dictionaries so far

    def open(self) -> io.BufferedIOBase:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return open(self.path, "rb")


def open_sources(
    names: list[str], stdin: IO[bytes] | None = None, *, columns: ColumnSet = SCORE_COLUMNS
) -> list[Source]:
    """Check every input up front so a typo in the third file fails before any work.

    `columns` says what kind of file this is (a campaign export unless told otherwise).
    """
    if not names:
        raise InputError("no input files; give one or more CSV files, or - for stdin")
    sources = []
    for name in names:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            source = Source("<stdin>", None, data=data, size=len(data), kind=columns)
        else:
            path = Path(name)
            if not path.exists():
                raise InputError(f"{name}: no such file; check the path")
            if path.is_dir():
                raise InputError(f"{name}: is a folder; give the CSV file inside it")
            try:
                size = path.stat().st_size
                with open(path, "rb"):
                    pass
            except OSError as exc:
                raise InputError(f"{name}: cannot open ({exc.strerror}); check permissions") from None
            source = Source(name, path, size=size, kind=columns)
        _sniff(source)
        sources.append(source)
    return sources


def _sniff(source: Source) -> None:
    with source.open() as fh:
        head = fh.read(_SNIFF_BYTES)
    if not head.strip():
        raise InputError(f"{source.name}: the file is empty; export the campaign with a header row")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        source.encoding = "utf-16"
        text = head.decode("utf-16", errors="ignore")
    else:
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the sniff edge
                source.encoding = "cp1252"
            text = head.decode("utf-8-sig", errors="ignore")
    first_line = text.splitlines()[0] if text.splitlines() else ""
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    source.delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=source.delimiter))
    except (StopIteration, csv.Error):
        header = []
    source.headers = [h.strip().lstrip("\ufeff") for h in header]
    if not any(source.headers):
        raise InputError(f"{source.name}: no header row; the first line must name the columns")
    source.columns = map_headers(source.headers, source.kind)
    if not source.columns.mapped:
        raise InputError(
            f"{source.name}: none of the columns is one kpi knows for a {source.kind.name} "
            f"(found {', '.join(source.headers[:6])}); rename them, e.g. {source.kind.example}"
        )


def _column_names(source: Source) -> list[str]:
    return [f"c{i}" for i in range(len(source.headers))]


def _wanted(source: Source, needed: set[str] | None) -> dict[str, str]:
    """canonical -> internal column name (c<i>) for the columns we will read."""
    index = {h: i for i, h in reversed(list(enumerate(source.headers)))}
    return {
        canonical: f"c{index[header]}"
        for canonical, header in source.columns.mapped.items()
        if needed is None or canonical in needed
    }


def _types(source: Source, wanted: dict[str, str], typed: bool) -> dict[str, pa.DataType]:
    """Arrow types to read each wanted column as.

    On the typed path counts are int64, money float64 and ISO dates date32; a column
    that once failed to convert (`$1,234`, `03/31/2025`) is text for the rest of the
    file. Dimensions are dictionary-encoded text, encoded while parsing (pandas gets
    them as Categoricals, see _to_frame); post IDs are plain text (nearly all distinct).
    """
    types: dict[str, pa.DataType] = {}
    for canonical, name in wanted.items():
        fast = typed and source.fast and canonical not in source.text_columns
        if fast and canonical in source.kind.counts:
            types[name] = pa.int64()
        elif fast and canonical in source.kind.money:
            types[name] = pa.float64()
        elif fast and canonical == "date":
            types[name] = pa.date32()
        elif canonical in source.kind.numeric or canonical in ("date", "post_id"):
            types[name] = pa.string()
        else:
            types[name] = _TEXT
    return types


def _convert_options(
    wanted: dict[str, str], types: dict[str, pa.DataType], chunked: bool = False
) -> pacsv.ConvertOptions:
    # Matching ~40 missing-value spellings costs a fifth of the parse. On the chunked
    # path, while every number and date column is typed, only blanks are nulls: `N/A`
    # in a typed column is a conversion error that sends the column to the text path
    # (which knows the spellings) for this chunk on, and dimensions drop the spellings
    # in _to_frame. (The streaming reader cannot re-parse a chunk, so it keeps them.)
    dimensions = _dimension_names(wanted)
    all_typed = all(
        t != pa.string() and not pa.types.is_dictionary(t) for n, t in types.items() if n not in dimensions
    )
    return pacsv.ConvertOptions(
        include_columns=list(wanted.values()),
        column_types=types,
        null_values=[""] if chunked and all_typed else _NULLS,
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )


def _dimension_names(wanted: dict[str, str]) -> set[str]:
    return {name for canonical, name in wanted.items() if canonical in DIMENSIONS and canonical != "date"}


def _reader(
    source: Source, wanted: dict[str, str], typed: bool, offset: int | None = None
) -> pacsv.CSVStreamingReader:
    """A streaming reader (one thread) from the start, or from a record boundary."""
    read = pacsv.ReadOptions(
        column_names=_column_names(source),
        skip_rows=1 if offset is None else 0,
        block_size=BLOCK_SIZE,
        encoding=source.encoding,
        use_threads=True,
    )
    parse = pacsv.ParseOptions(delimiter=source.delimiter, newlines_in_values=True)
    stream = source.open()
    if offset is not None:
        stream.seek(offset)
    return pacsv.open_csv(
        stream,
        read_options=read,
        parse_options=parse,
        convert_options=_convert_options(wanted, _types(source, wanted, typed)),
    )


def _iter_source(
    source: Source, needed: set[str] | None, decimal: Decimal | None, progress: Progress | None
) -> Iterator[pd.DataFrame]:
    wanted = _wanted(source, needed)
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
            reader = _reader(source, wanted, typed, offset)
            for record_batch in reader:
                frame = _to_frame(source, record_batch, wanted, counter[0], decimal)
                counter[0] += record_batch.num_rows
                if progress is not None:
                    progress((offset or 0) + _position(reader, source))
                yielded += 1
                yield frame
            break
        except pa.ArrowInvalid as exc:
            if typed and _is_conversion_error(exc) and yielded == 0:
                _fall_back(source, wanted, exc)  # parse that column's text ourselves
                continue
            if typed and _is_conversion_error(exc):
                # Already handed batches on: cannot restart cleanly, so re-read from the
                # start on the text path; callers only see the error or the whole file.
                raise _Restart(source) from None
            raise InputError(f"{source.name}: {_arrow_message(exc)}") from None
        except UnicodeDecodeError:
            raise InputError(
                f"{source.name}: not UTF-8 text; save the export as CSV UTF-8 and try again"
            ) from None


def _is_conversion_error(exc: Exception) -> bool:
    return "conversion error" in str(exc).lower()


def _fall_back(source: Source, wanted: dict[str, str], exc: Exception) -> None:
    """Send the column a conversion error names (all of them if unsure) to the text path."""
    match = re.search(r"CSV column #(\d+)", str(exc))
    names = {name: canonical for canonical, name in wanted.items()}
    canonical = names.get(f"c{match.group(1)}") if match else None
    if canonical is None or canonical in source.text_columns:
        source.fast = False
    else:
        source.text_columns.add(canonical)


def _split_chunks(source: Source) -> Iterator[tuple[int, int, memoryview] | int]:
    """The file as (start, end, bytes) chunks that each end on a record boundary.

    A newline is a record boundary as long as no quote character has been seen, so
    chunks are cut at the last newline of each block. Once a block holds a quote (a
    newline could sit inside a quoted value) or no newline at all, the offset of the
    rest is yielded instead, and the rest is left to the streaming reader.
    """
    with source.open() as fh:
        head = fh.read(min(BLOCK_SIZE, _SNIFF_BYTES))
        if b"\n" not in head:
            head += fh.read(_SNIFF_BYTES)
        end = head.find(b"\n")
        if end < 0 or head.count(b'"', 0, end) % 2:
            yield -1  # header without a newline, or with quoted line breaks
            return
        offset = end + 1
        pending = head[offset:]
        while True:
            size = BLOCK_SIZE if len(pending) <= BLOCK_SIZE // 2 else len(pending) + BLOCK_SIZE
            buffer = bytearray(size)  # a fresh buffer: pyarrow may still be parsing the last one
            buffer[: len(pending)] = pending
            got = fh.readinto(memoryview(buffer)[len(pending) :])
            end = len(pending) + got
            if end == 0:
                return
            if buffer.find(b'"', 0, end) >= 0:
                yield offset
                return
            cut = buffer.rfind(b"\n", 0, end) + 1 if got else end
            if cut == 0:
                if buffer.find(b"\r", 0, end) >= 0 or end > 4 * BLOCK_SIZE:
                    yield offset  # old-Mac line ends, or one enormous line
                    return
                pending = bytes(buffer[:end])  # a line longer than a block: read on
                continue
            yield offset, offset + cut, memoryview(buffer)[:cut]
            offset += cut
            pending = bytes(buffer[cut:end])


def _parse_chunk(source: Source, data: memoryview, wanted: dict[str, str], typed: bool) -> pa.RecordBatch:
    """Parse one chunk with pyarrow's multi-threaded reader; fall back column by column."""
    read = pacsv.ReadOptions(
        column_names=_column_names(source),
        block_size=max(1 << 20, len(data) // 4 + 1),
        encoding=source.encoding,
        use_threads=True,
    )
    parse = pacsv.ParseOptions(delimiter=source.delimiter, quote_char=False)  # chunks hold no quotes
    while True:
        types = _types(source, wanted, typed)
        try:
            table = pacsv.read_csv(
                pa.BufferReader(pa.py_buffer(data)),
                read_options=read,
                parse_options=parse,
                convert_options=_convert_options(wanted, types, chunked=True),
            )
        except pa.ArrowInvalid as exc:
            if typed and _is_conversion_error(exc):
                _fall_back(source, wanted, exc)
                continue
            if "straddling" in str(exc) and read.block_size <= len(data):
                read.block_size = len(data) + 1  # a line longer than a parse block
                continue
            raise
        batch = table.combine_chunks().to_batches()
        record_batch = batch[0] if batch else pa.RecordBatch.from_pylist([], schema=table.schema)
        bad = _non_finite(source, wanted, record_batch, types)
        if bad is None:
            return record_batch
        source.text_columns.add(bad)  # `inf` is not a number kpi accepts: let the text path say where


def _parse_and_convert(
    source: Source, data: memoryview, wanted: dict[str, str], typed: bool, decimal: Decimal | None
) -> tuple[pa.RecordBatch, pd.DataFrame | None]:
    """Parse a chunk and make its frame, both on the worker thread.

    The frame's row numbers depend on the chunks before, so the caller sets its
    index; a bad cell gives None, and the caller converts again to name its row."""
    batch = _parse_chunk(source, data, wanted, typed)
    try:
        return batch, _to_frame(source, batch, wanted, 0, decimal)
    except InputError:
        return batch, None


def _non_finite(
    source: Source, wanted: dict[str, str], batch: pa.RecordBatch, types: dict[str, pa.DataType]
) -> str | None:
    for canonical, name in wanted.items():
        if pa.types.is_floating(types[name]):
            column = batch.column(name)
            if column.null_count < len(column) and not pc.all(pc.is_finite(column)).as_py():
                return canonical
    return None


def _iter_chunks(
    source: Source,
    wanted: dict[str, str],
    decimal: Decimal | None,
    progress: Progress | None,
    typed: bool,
    counter: list[int],
) -> Iterator[pd.DataFrame]:
    """Parse chunks on a worker thread, AHEAD chunks ahead, while the caller sums the one before."""
    chunks = _split_chunks(source)
    rest: int | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpi-csv") as pool:
        pending: deque[tuple[int, Future[tuple[pa.RecordBatch, pd.DataFrame | None]]]] = deque()

        def submit() -> None:
            nonlocal rest
            if rest is not None:
                return
            item = next(chunks, None)
            if item is None:
                return
            if isinstance(item, int):
                rest = item
                return
            _, end, data = item
            pending.append((end, pool.submit(_parse_and_convert, source, data, wanted, typed, decimal)))

        for _ in range(AHEAD):  # the worker always has a next chunk while the caller sums
            submit()
        try:
            while pending:
                end, future = pending.popleft()
                try:
                    record_batch, frame = future.result()
                except pa.ArrowInvalid as exc:
                    raise InputError(f"{source.name}: {_arrow_message(exc)}") from None
                except UnicodeDecodeError:
                    raise InputError(
                        f"{source.name}: not UTF-8 text; save the export as CSV UTF-8 and try again"
                    ) from None
                if frame is None:  # a bad cell: convert again here, where its row number is known,
                    _stop(pending)  # once the worker is idle (the two never convert at once)
                    frame = _to_frame(source, record_batch, wanted, counter[0], decimal)
                submit()
                frame.index = pd.RangeIndex(counter[0] + 2, counter[0] + 2 + record_batch.num_rows)
                counter[0] += record_batch.num_rows
                if progress is not None:
                    progress(end)
                yield frame
        finally:
            for _, future in pending:
                future.cancel()
    _release_memory()
    if rest is not None:
        yield from _iter_stream(source, wanted, decimal, progress, typed, counter, None if rest < 0 else rest)


def _stop(pending: deque[tuple[int, Future[Any]]]) -> None:
    """Cancel the chunks not started and wait for the one the worker is on."""
    for _, future in pending:
        future.cancel()
    wait([future for _, future in pending])
    pending.clear()


def _release_memory() -> None:
    """Hand the memory Arrow's allocator keeps for reuse back to the system.

    After a file's chunks are parsed nothing reuses it, and on a 10M-row file it is
    over 100 MB that would count in the peak of everything that follows."""
    pa.default_memory_pool().release_unused()


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


def _position(reader: pacsv.CSVStreamingReader, source: Source) -> int:
    try:
        return int(reader.stats.num_bytes)
    except AttributeError:
        return source.size


def _arrow_message(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0]
    if "Expected" in text and "columns" in text:
        detail = text.split(":", 1)[-1].strip()
        return f"{detail}; a row has more or fewer cells than the header, check its quoting"
    return f"{text}; check that the file is a CSV export"


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
            columns[canonical] = source.categories.setdefault(canonical, _Categories()).encode(arr)
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
    with non-ASCII bytes, so they still go to the trim.
    """
    if isinstance(text, pa.ChunkedArray):
        return True
    valid = text.drop_null() if text.null_count else text
    if len(valid) == 0:
        return False
    offsets, data = text_bytes(valid)
    lengths = offsets[1:] - offsets[:-1]
    nonempty = lengths > 0
    first = data[offsets[:-1][nonempty]]
    last = data[offsets[1:][nonempty] - 1]
    return bool(((first <= 0x20) | (first >= 0x80) | (last <= 0x20) | (last >= 0x80)).any())


@dataclass
class _Categories:
    """One file's dictionary of a dimension column, kept across batches.

    Each batch's values are looked up in it (only the batch's distinct values, by
    Arrow), so every batch shares one pandas CategoricalDtype, built only when new
    values turn up, instead of pandas checking thousands of categories per batch.
    """

    values: list[str] = field(default_factory=list)
    _lookup: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    _dtype: pd.CategoricalDtype | None = None

    def encode(self, arr: pa.Array) -> pd.Categorical:
        dictionary_array = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
        text = _blank_to_null(dictionary_array.dictionary)
        codes = pc.index_in(text, value_set=self._lookup)
        new = pc.and_(pc.is_null(codes), pc.is_valid(text))
        if pc.any(new).as_py():
            fresh = pc.unique(pc.filter(text, new))
            self.values.extend(fresh.to_pylist())
            self._lookup = pa.array(self.values, pa.string())
            self._dtype = None
            codes = pc.index_in(text, value_set=self._lookup)
        if self._dtype is None:
            self._dtype = pd.CategoricalDtype(pd.Index(self.values, dtype=object))
        lookup = np.append(codes.fill_null(-1).to_numpy(zero_copy_only=False), -1).astype(np.int32)
        indices = dictionary_array.indices
        positions = indices.fill_null(len(lookup) - 1) if indices.null_count else indices
        row_codes = lookup[positions.to_numpy(zero_copy_only=False)]
        return pd.Categorical.from_codes(row_codes, dtype=self._dtype, validate=False)


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


def describe_columns(source: Source) -> str:
    """One stderr line saying which headers were recognised and which were ignored."""
    mapped = ", ".join(
        f"{header}→{canonical}" if _norm_differs(header, canonical) else canonical
        for canonical, header in source.columns.mapped.items()
    )
    line = f"{source.name}: using {mapped}"
    if source.columns.ignored:
        line += f"; ignored {', '.join(source.columns.ignored)}"
    if source.columns.duplicates:
        dupes = ", ".join(f"{h} (another {c})" for h, c in source.columns.duplicates)
        line += f"; also ignored {dupes}"
    return line


def _norm_differs(header: str, canonical: str) -> bool:
    return header.strip().lower().replace(" ", "_") != canonical


def total_size(sources: list[Source]) -> int:
    return sum(s.size for s in sources)


__all__ = [
    "DIMENSIONS",
    "Source",
    "describe_columns",
    "open_sources",
    "read_all",
    "total_size",
]
