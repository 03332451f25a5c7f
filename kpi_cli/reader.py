"""Reading exports: files or stdin → batches of canonical columns.

Headers are mapped to canonical names (see columns.py) and only those columns are
read (column projection), in batches, so a file far larger than memory streams
through. A typed fast path lets pyarrow's multi-threaded C++ parser convert plain
numbers; the first value it cannot convert sends the file down the text path,
which parses `$1,234.56`, `3.5%`, `1.2K` and names the exact row of a bad value.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

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
from kpi_cli.numbers import MISSING_TOKENS, Decimal, parse_column

BLOCK_SIZE = 16 << 20  # bytes of CSV per batch
_SNIFF_BYTES = 1 << 16
_NULLS = sorted({t for tok in MISSING_TOKENS for t in (tok, tok.upper(), tok.title())})
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

    def open(self) -> IO[bytes]:
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


def _reader(source: Source, wanted: dict[str, str], typed: bool) -> pacsv.CSVStreamingReader:
    read = pacsv.ReadOptions(
        column_names=_column_names(source),
        skip_rows=1,
        block_size=BLOCK_SIZE,
        encoding=source.encoding,
        use_threads=True,
    )
    parse = pacsv.ParseOptions(delimiter=source.delimiter, newlines_in_values=True)
    types: dict[str, pa.DataType] = {}
    for canonical, name in wanted.items():
        if typed and canonical in source.kind.counts:
            types[name] = pa.int64()
        elif typed and canonical in source.kind.money:
            types[name] = pa.float64()
        else:
            types[name] = pa.string()
    convert = pacsv.ConvertOptions(
        include_columns=list(wanted.values()),
        column_types=types,
        null_values=_NULLS,
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    stream = source.open()
    return pacsv.open_csv(stream, read_options=read, parse_options=parse, convert_options=convert)


def _iter_source(
    source: Source, needed: set[str] | None, decimal: Decimal | None, progress: Progress | None
) -> Iterator[pd.DataFrame]:
    wanted = _wanted(source, needed)
    if not wanted:
        return
    typed = decimal is None and source.fast
    while True:
        rows_before = 0
        yielded = 0
        try:
            reader = _reader(source, wanted, typed)
            for record_batch in reader:
                frame = _to_frame(source, record_batch, wanted, rows_before, decimal)
                rows_before += record_batch.num_rows
                if progress is not None:
                    progress(_position(reader, source))
                yielded += 1
                yield frame
            break
        except pa.ArrowInvalid as exc:
            if typed and "conversion error" in str(exc).lower() and yielded == 0:
                typed = False  # a value pyarrow cannot type: parse the text ourselves
                source.fast = False
                continue
            if typed and "conversion error" in str(exc).lower():
                # Already handed batches on: cannot restart cleanly, so re-read from the
                # start on the text path; callers only see the error or the whole file.
                raise _Restart(source) from None
            raise InputError(f"{source.name}: {_arrow_message(exc)}") from None
        except UnicodeDecodeError:
            raise InputError(
                f"{source.name}: not UTF-8 text; save the export as CSV UTF-8 and try again"
            ) from None
    source.rows = rows_before
    if rows_before == 0:
        raise InputError(f"{source.name}: the file has a header but no data rows; export it with its rows")


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
    columns: dict[str, pd.Series | pd.api.extensions.ExtensionArray] = {}
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
            columns[canonical] = _numeric_series(parsed.values)
        elif canonical == "date":
            columns[canonical] = _parse_dates(source, arr, first_row)
        else:
            text = pc.utf8_trim_whitespace(arr.cast(pa.string()))
            text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
            columns[canonical] = pd.Series(text.to_pandas(), dtype="object")
    frame = pd.DataFrame(columns)
    frame.index = pd.RangeIndex(first_row, first_row + batch.num_rows)
    return frame


def _numeric_series(values: pa.Array) -> pd.Series:
    if pa.types.is_integer(values.type):
        return pd.Series(pd.array(values.to_pandas(types_mapper=pd.ArrowDtype), dtype="Int64"))
    return pd.Series(values.to_numpy(zero_copy_only=False), dtype="float64")


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
