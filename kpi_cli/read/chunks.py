"""CSV files to Arrow record batches: sniffing, column projection, parsing. No pandas.

Headers are mapped to canonical names (see columns.py) and only those columns are
read (column projection), in batches, so a file far larger than memory streams
through. The file is mapped into memory, not copied (see `_FileBytes`), and cut
into chunks of about BLOCK_SIZE bytes at line ends; a ChunkParser parses them on
WORKERS threads with pyarrow's reader, AHEAD chunks ahead of the caller, each worker
first looking for a quote in its chunk. A chunk with quotes is parsed the same way if
its quotes show that its cut fell between records (a line break can be inside a quoted
value: see `_quote_check`); once one was cut inside a quoted value, later chunks are
cut outside them (see `_record_end`). From the first chunk whose quotes cannot tell,
and for UTF-16, the rest goes through pyarrow's single-threaded streaming reader
(see `open_stream`).

A typed fast path lets pyarrow convert plain numbers and ISO dates; a value it
cannot convert sends that column to the text path for the rest of the file, where
reader.py parses `$1,234.56`, `3.5%`, `1.2K` and names the exact row of a bad value.

This module imports no pandas, so the CLI can start parsing the first chunks while
pandas (a third of a second) is still being imported: see `start`.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import os
import re
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, AnyStr, Literal, NamedTuple

import pyarrow as pa
from pyarrow import csv as pacsv

from kpi_cli import compute as pc
from kpi_cli.columns import DIMENSIONS, SCORE_COLUMNS, score_needs
from kpi_cli.errors import InputError
from kpi_cli.lazy import OWN_PROCESS, lazy_compile
from kpi_cli.read.convert import Converted, convert
from kpi_cli.read.mapping import COUNT_FALLBACKS, canonical_for, label_columns
from kpi_cli.read.short import PAD, SEP_LINE, TITLE, cells_of, dropped, judge, kinds
from kpi_cli.read.source import Dropped, Source, line_of, nul_error

# Bytes of CSV per chunk: two parse at once, AHEAD wait. Each chunk has a fixed cost on
# both sides, so bigger is faster (10M-row totals, median of 8: 10 MB 3.71 s, 14 MB 3.49 s)
# but each MB costs ~10 MB of peak memory (10M rows by influencer: 10 MB ~385 MiB,
# 14 MB ~430 MiB, of the 500 allowed).
BLOCK_SIZE = 14 << 20
# A chunk of numbers written as text (`"26,102"`, `$1,234.56`) is held as text and then
# as numbers: 10M rows of such an export peaked at ~525 MiB with 14 MB chunks, ~475 with 10.
TEXT_BLOCK_SIZE = 10 << 20
WORKERS = 2  # chunks parsed at once, each as one block (no stitching blocks together after)
AHEAD = 3  # chunks handed to the workers before the caller needs them
START_AHEAD = 6  # ... while the CLI is still importing pandas (see `start`)
# pyarrow's streaming reader (see `open_stream`) holds some 45-70 blocks in memory: on a
# quoted 10M-row file read by it, --by influencer peaked at ~850 MiB with 14 MB blocks
# (~660 MiB with 10 MB), ~460 with 4 MB and ~410 with 3 MB; smaller ones cost time.
STREAM_BLOCK_SIZE = 3 << 20
QuoteCheck = Literal["whole", "open", "stray"]  # what a chunk's quotes say (see `_quote_check`)
_QUOTE_SLICE = 1 << 20  # bytes of a chunk whose quotes are checked at once (see `_quote_check`)
_SNIFF_BYTES = 1 << 16
_TEXT = pa.dictionary(pa.int32(), pa.string())  # dimensions: encoded by the CSV reader's threads
_TYPED = (pa.int64(), pa.float64(), pa.date32())  # what the typed path converts to
# A chunk's rows, their converted columns, and the lines of text among them left out (see _padded).
_Parsed = tuple[pa.RecordBatch, Converted | None, tuple[Dropped, ...]]


def _column_names(source: Source) -> list[str]:
    return [f"c{i}" for i in range(len(source.headers))]


LABEL = "_label"  # wanted-column keys of the columns read only to spot totals rows: _label<i>
FIRST = "_first"  # ... of the first column, read only for a totals label it may hold
RATIO = "_ratio_"  # ... of a file's own ratio columns, compared with kpi's: _ratio_ctr
CURRENCY = "_currency"  # ... of a per-row currency column
PART = "_part"  # ... of a column added to a canonical one (`Product Value`, `Organic likes`): _part<i>
FALLBACK = "_fallback_"  # ... of the column a blank cell of another takes (a blank Handle, the Creator)
# The counts whose blank cell takes the cell of the header that lost the column to it.
_FALLEN_BACK_ON = COUNT_FALLBACKS  # a count's blank cell takes another header's (Swipe Ups: audit Z-2)
_AS_TEXT = (RATIO, PART)  # plain text, parsed as numbers by the framer
RESULT_TYPE = "_result_type"  # ... of the result type a Results column read as conversions depends on
DATE_END = "_date_end"  # ... of where each row's reporting period ends (Meta's `Reporting ends`)
STATUS = "_status"  # ... of a transaction's status (impact.com's `Action Status`): reversed ones left out
VOIDED = "_voided"  # ... of a flag of voided transactions (ShareASale's `Voided`): likewise
ORDER = "_order"  # ... of an order's ID, a row one conversion (an affiliate network's transactions)
# Meta Ads Manager's breakdown columns (Breakdown › By delivery: Age, Gender, Placement,
# Platform, Device, Country, Region), English, French, German and Spanish.
BREAKDOWN = lazy_compile(
    r"(?i)^\s*(?:age|âge|alter|edad|gender|sexe|geschlecht|sexo|placement|platzierung|ubicaci[oó]n"
    r"|platform|plateforme|plattform|plataforma|platform position|device platform|impression device"
    r"|country|pays|land|pa[ií]s|region|région|región|dma region)\s*$"
)


def fallback_key(key: str, k: int = 0) -> str:
    """The wanted key of the k-th column `key`'s blank cells fall back on (FALLBACK)."""
    return f"{FALLBACK}{key}" if k == 0 else f"{FALLBACK}{key}#{k}"


def wanted_columns(source: Source, needed: set[str] | None) -> dict[str, str]:
    """What to read, as key -> internal column name (c<i>): the canonical columns needed,
    then the columns that only name rows (`_label<i>`: totals rows are spotted by their
    labels), the file's own ratios for the KPIs it can recompute (`_ratio_<kpi>`), and a
    currency column (`_currency`)."""
    columns = source.columns
    wanted = {
        canonical: f"c{index}"
        for canonical, index in columns.index.items()
        if needed is None or canonical in needed
    }
    if not wanted:
        return wanted
    read = set(wanted.values())
    if source.kind is SCORE_COLUMNS:
        # Columns read only for their labels: those a profile names as labels, and the first
        # column, where exports write their totals labels (`Total of 3 results` in TikTok's
        # campaign column, `Total: Campaigns` in Google's status column, a tracker's `TOTAL`).
        # When no column naming rows is read (an ads manager's campaign rows: no creator, no
        # post ID), the campaign and other dimension columns are; otherwise they are read when
        # a breakdown needs them, and a totals row labelled only there has its other labels
        # blank and is found by its sums (see totals.py).
        labels = set(label_columns(columns))
        if not any(key in DIMENSIONS and key != "date" for key in wanted):
            labels |= {i for key, i in columns.index.items() if key in DIMENSIONS and key != "date"}
        if columns.profile is not None and columns.profile.profile.id == "meta_ads":
            # A breakdown's columns (`Age`, `Gender`): a row of `All` beside its slices
            # restates them (frames._Levels).
            labels |= {i for i, h in enumerate(source.headers) if BREAKDOWN.match(h)}
        for index in sorted(labels):
            if f"c{index}" not in read:
                wanted[f"{LABEL}{index}"] = f"c{index}"
        if "c0" not in wanted.values() and source.headers and source.headers[0].strip():
            wanted[FIRST] = "c0"
        numeric = {c for c in wanted if c in source.kind.numeric}
        for kpi, index in columns.ratios.items():
            if RATIO_INPUTS.get(kpi, {"-"}) <= numeric:
                wanted[f"{RATIO}{kpi}"] = f"c{index}"
    for index, part in columns.parts.items():
        if part in wanted:
            wanted[f"{PART}{index}"] = f"c{index}"
            if columns.header(index).network is not None and "platform" not in wanted:
                wanted["platform"] = f"c{columns.index['platform']}"  # which network's count a row takes
    if "influencer" in wanted:
        # A creator's name that lost to the handle (GRIN's `Creator` beside `Handle`): a row
        # whose handle is blank is the creator its name says (verify C V-1), not `(blank)`.
        # So is each other network's handle, in turn: `Instagram Handle` read, a row without
        # one takes its `TikTok Handle`, and without that its `YouTube Handle`.
        for k, named in enumerate(columns.fallbacks("influencer")):
            wanted[fallback_key("influencer", k)] = f"c{named.index}"
    for count in _FALLEN_BACK_ON:
        # `Likes` that lost to `Reactions` (Sprout Social's Post Performance: Reactions on a
        # Facebook or LinkedIn post, Likes on an Instagram or X one, the other blank): a row
        # whose Reactions are blank takes its Likes (audit H-7), not a blank. So do comments
        # and shares (Meltwater's `Retweets` beside `Shares`, `Replies` beside `Comments`,
        # each filled for its network: audit P-7).
        liked = columns.count_fallback(count) if count in wanted else None
        if liked is not None:
            wanted[fallback_key(count)] = f"c{liked.index}"
    for index in columns.role_index("currency")[:1]:
        wanted[CURRENCY] = f"c{index}"
    if "date" in wanted and source.kind.name != "client list":  # (a daily series' too: audit X)
        for index in columns.role_index("date end")[:1]:
            wanted[DATE_END] = f"c{index}"
    if source.kind is SCORE_COLUMNS:
        # An affiliate network's transactions (read/frames.py): the rows of reversed, declined
        # or voided sales are left out, and each row is an order when no column counts them.
        for key, role in ((STATUS, "status"), (VOIDED, "voided")):
            for index in columns.role_index(role)[:1]:
                wanted[key] = f"c{index}"
        if "conversions" not in wanted and (needed is None or "conversions" in needed):
            for index in columns.role_index("order")[:1]:
                wanted[ORDER] = f"c{index}"
    if source.results_by is not None and "conversions" in wanted:
        wanted[RESULT_TYPE] = f"c{source.results_by}"
    return wanted


# The counts a file's own ratio column is checked against (the KPI recomputed per row).
RATIO_INPUTS: dict[str, set[str]] = {
    "ctr": {"clicks", "impressions"},
    "cpm": {"spend", "impressions"},
    "cpc": {"spend", "clicks"},
    "cpa": {"spend", "conversions"},
    "frequency": {"impressions", "reach"},
    "roas": {"revenue", "spend"},
    "conversion_rate": {"conversions", "clicks"},
    "video_completion_rate": {"completed_views", "views"},
    "engagement_rate": {"engagements", "impressions"},
}


def _types(source: Source, wanted: dict[str, str], typed: bool) -> dict[str, pa.DataType]:
    """Arrow types to read each wanted column as.

    On the typed path counts are int64, money float64 (with the file's decimal mark) and
    ISO dates date32; a column that once failed to convert (`$1,234`, `03/31/2025`) is
    text for the rest of the file. Dimensions and row labels are dictionary-encoded
    text, encoded while parsing (pandas gets them as Categoricals, see frames.py), and so
    are dates in other styles (each distinct one is parsed once, see dates.py); post IDs
    and ratios are plain text.
    """
    types: dict[str, pa.DataType] = {}
    iso = source.dates.get("date")
    iso_dates = iso is None or (iso.order == "ymd" and iso.sep == "-")
    for canonical, name in wanted.items():
        fast = typed and source.fast and canonical not in source.text_columns
        if fast and canonical in source.kind.counts:
            types[name] = pa.int64()
        elif fast and canonical in source.kind.money:
            types[name] = pa.float64()
        elif fast and canonical == "date" and iso_dates:
            types[name] = pa.date32()
        elif canonical in source.kind.numeric or canonical == "post_id" or canonical.startswith(_AS_TEXT):
            types[name] = pa.string()
        else:
            types[name] = _TEXT
    return types


def _convert_options(
    wanted: dict[str, str], types: dict[str, pa.DataType], decimal_point: str = "."
) -> pacsv.ConvertOptions:
    # Only blanks are nulls. The number placeholders (`N/A`, `-`, `NA`, `null`) are no
    # placeholders in a column of names (a campaign `NA` for North America: see
    # columns.NAME_BLANKS), and the CSV reader's null values apply to every text column.
    # `N/A` in a typed column is a conversion error that sends the column to the text path
    # (which knows the spellings); text columns of numbers and dates know them too, and
    # names drop their own in _to_frame (labels.blank_to_null). Matching ~40 spellings
    # also cost a fifth of the parse.
    return pacsv.ConvertOptions(
        # One column can serve two keys (a first column of ratios is also read for row
        # labels): Arrow would read it twice under one name, which no lookup can tell apart.
        include_columns=list(dict.fromkeys(wanted.values())),
        column_types=types,
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        decimal_point=decimal_point,
    )


def open_stream(
    source: Source,
    wanted: dict[str, str],
    typed: bool,
    offset: int | None = None,
    titles: list[Dropped] | None = None,
    row: int | None = None,
) -> pacsv.CSVStreamingReader:
    """A streaming reader (one thread) from the first data record, or from a record boundary:
    for UTF-16 files, and the rest of a file once a chunk's cut may have fallen inside a
    quoted value. `titles`: read the lines short of cells as short.judge says (`_Padded`),
    each line of text left out added to that list, named by its row: `row` is the row of the
    record at `offset` (the rows read before it counted, as errors count them)."""
    read = pacsv.ReadOptions(
        column_names=_column_names(source),
        block_size=STREAM_BLOCK_SIZE,
        encoding=codec(source) if titles is None else "utf8",
        use_threads=True,
    )
    parse = pacsv.ParseOptions(delimiter=source.delimiter, newlines_in_values=True, ignore_empty_lines=False)
    _no_nul_after(source, source.data_offset if offset is None else offset)
    stream: io.RawIOBase | io.BufferedIOBase = source.open()
    stream.seek(source.data_offset if offset is None else offset)
    end = rows_end(source)
    if end is not None:
        stream = _Bounded(stream, end)
    if titles is not None:
        first = source.first_row if offset is None or row is None else row
        stream = _Padded(stream, source, first, titles)
    return pacsv.open_csv(
        stream,
        read_options=read,
        parse_options=parse,
        convert_options=_convert_options(
            wanted, _types(source, wanted, typed), decimal_point=source.decimal.mark
        ),
    )


def rows_end(source: Source) -> int | None:
    """Where the rows end: where a footer starts (source.data_end), or the file's end, less
    the empty lines there. Empty lines among the rows are rows of blanks (so every row keeps
    its number, see `_parse_chunk`), left out and counted in the note; those that only end the
    file are no rows. None: the file's end (a UTF-16 file, whose line ends are two bytes)."""
    if source.encoding.startswith("utf-16"):
        return source.data_end
    whole = source.size if source.data_end is None else source.data_end
    end = whole
    with source.open() as fh:
        while end > source.data_offset:
            lo = max(source.data_offset, end - 4096)
            fh.seek(lo)
            block = fh.read(end - lo)
            kept = len(block.rstrip(b"\r\n"))
            if kept:
                ends = block[kept:]  # the last line's end, then the empty lines
                cut = lo + kept + (2 if ends.startswith(b"\r\n") else min(len(ends), 1))
                return source.data_end if cut == whole else cut
            end = lo
    return end


class _Bounded(io.RawIOBase):
    """A file read up to `end` (where a footer starts): the streaming reader stops there."""

    def __init__(self, raw: io.RawIOBase | io.BufferedIOBase, end: int) -> None:
        self._raw, self._end = raw, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        room = self._end - self._raw.tell()
        if room <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), room)]
        data = self._raw.read(len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


# After each line end, as pyarrow's reader ends a line: LF, CRLF, or CR alone (an old Mac's,
# which Excel for Mac writes: Steven Holland, "Excel's text file formats", strata.uga.edu).
# Not str.splitlines, which also ends lines at form feeds and Unicode separators a caption holds.
_LINE_ENDS = r"(?<=\n)|(?<=\r)(?!\n)"


class _Padded(io.RawIOBase):
    """A streamed file as UTF-8, each line short of cells padded with delimiters or blanked
    out, as short.judge says (what chunks._padded does to a chunk's bytes); a line it refuses
    is left as it is, for pyarrow's error. Only for a file the streaming reader found such a
    line in (frames._iter_stream reads it again so): it costs a pass of Python's csv reader,
    which finds where each record ends as pyarrow does (a quote opens a value only at a
    cell's start; a quoted value may hold line breaks)."""

    def __init__(
        self, raw: io.RawIOBase | io.BufferedIOBase, source: Source, row: int, titles: list[Dropped]
    ) -> None:
        import codecs
        import csv

        self._raw, self._source, self._line, self.titles = raw, source, row, titles
        self._decode = codecs.getincrementaldecoder(codec(source).replace("utf8", "utf-8"))("strict")
        self._shape, self._width = kinds(source), len(source.headers)
        self._lines: deque[str] = deque()  # the lines the csv reader took, not yet written out
        self._records = csv.reader(self._read_lines(), delimiter=source.delimiter)
        self._taken = 0  # lines the csv reader took so far
        self._pending = ""  # text after the last line end read
        self._out = bytearray()
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._out and not self._eof:
            self._fill()
        n = min(len(buffer), len(self._out))
        memoryview(buffer)[:n] = self._out[:n]
        del self._out[:n]
        return n

    def _read_lines(self) -> Iterator[str]:
        while True:
            block = self._raw.read(1 << 20)
            text = self._pending + self._decode.decode(block, final=not block)
            # A CR at the block's end may be a CRLF's first half: held back with the rest.
            held = "\r" if block and text.endswith("\r") else ""
            lines = _split_lines(text[: len(text) - len(held)])
            ended = lines and lines[-1].endswith(("\n", "\r"))
            # after the last line end: the next block goes on with it
            self._pending = ("" if ended or not lines else lines.pop()) + held
            for line in lines:
                self._lines.append(line)
                yield line
            if not block:
                if self._pending:
                    self._lines.append(self._pending)
                    yield self._pending
                    self._pending = ""
                return

    def _fill(self) -> None:
        import csv

        out: list[str] = []
        size = 0
        try:
            for cells in self._records:
                n, self._taken = self._records.line_num - self._taken, self._records.line_num
                record = "".join(self._lines.popleft() for _ in range(n))
                out.append(self._padded(record, cells))
                self._line += 1  # a record, over however many lines its quoted cells run: a row
                size += len(record)
                if size > 1 << 20:
                    break
            else:
                self._eof = True
        except csv.Error:  # (a cell over csv's size limit, old-Mac line ends): the rest as it is
            out += self._lines
            self._lines.clear()
            out += self._read_lines()
            self._lines.clear()
            self._eof = True
        self._out += "".join(out).encode()

    def _padded(self, record: str, cells: list[str]) -> str:
        if not cells or len(cells) >= self._width:
            return record  # an empty line (skipped by the reader, as ever), or a whole row
        body = record.rstrip("\r\n")
        end = record[len(body) :]
        delimiter = self._source.delimiter
        verdict = judge(cells, self._source, self._shape)
        if verdict == PAD:
            return body + delimiter * (self._width - len(cells)) + end
        if verdict == TITLE:
            self.titles.append(dropped(self._line, body, delimiter))
            return delimiter * (self._width - 1) + end
        return record  # refused: pyarrow's error names it


def codec(source: Source) -> str:
    """The encoding pyarrow decodes the data rows with (the BOM is behind them)."""
    return "utf8" if source.encoding in ("utf-8", "utf-8-sig") else source.encoding


def is_conversion_error(exc: Exception) -> bool:
    return "conversion error" in str(exc).lower()


def fall_back(
    source: Source, wanted: dict[str, str], exc: Exception, tried: dict[str, pa.DataType] | None = None
) -> bool:
    """Send the column a conversion error names (all of them if unsure) to the text path.

    `tried` holds the types the failed parse used (None: those the source gives now, on
    the single-threaded streaming path): if another worker sent that column to text
    meanwhile, parsing again is all there is to do. False when falling back cannot
    help, because the column was read as text already (text that is not UTF-8): the
    caller reports the error instead of parsing the same way again.
    """
    match = re.search(r"CSV column #(\d+)", str(exc))
    names = {name: canonical for canonical, name in wanted.items()}
    canonical = names.get(f"c{match.group(1)}") if match else None
    if canonical is None:  # no column named: everything to text, once
        was_fast, source.fast = source.fast, False
        return was_fast
    types = tried if tried is not None else _types(source, wanted, True)
    if types[wanted[canonical]] not in _TYPED:
        return False
    if source.fast:  # else every column is text already (another worker gave up on them)
        source.text_columns.add(canonical)  # (a no-op when another worker added it)
    return True


class _FileBytes:
    """A file's bytes, not copied: mapped into memory for a file, as they are for stdin.

    Reading a 1.2 GB export into fresh buffers costs a copy and the kernel zeroing new
    pages (0.3-0.4 CPU-s on a 10M-row file); mapping it costs neither. Mapped pages count
    in the process's resident memory, so the pages of chunks already parsed are handed
    back (`drop`): they stay in the OS page cache, and would simply be mapped again if
    touched.
    """

    def __init__(self, source: Source) -> None:
        self._map: mmap.mmap | None = None
        self._dropped = 0
        data: bytes | mmap.mmap
        if source.data is not None:
            data = source.data
        else:
            with source.open() as fh:
                try:
                    data = self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
                except (OSError, ValueError):  # emptied since it was opened, or cannot be mapped
                    data = fh.read()
        self.data = data
        self._whole: pa.Buffer | None = pa.py_buffer(data)  # only for its address; see `chunk`
        self._lent: weakref.WeakSet[_Lent] = weakref.WeakSet()  # the chunks pyarrow still holds

    def chunk(self, start: int, end: int) -> pa.Buffer:
        """Bytes start:end for pyarrow, not copied, lent until pyarrow lets go of them.

        pyarrow's reader can let go of its input on one of its own threads just after it
        returned, and that release needs the interpreter (a buffer over memory pyarrow
        does not own always refers to a Python object). At exit the interpreter is being
        torn down, and the process aborted ("terminate called without an active
        exception"). So each chunk refers to a token of its own, and `close` waits until
        every token is gone. The bytes stay mapped until then.
        """
        assert self._whole is not None, "chunk() after close()"
        token = _Lent()
        self._lent.add(token)
        return pa.foreign_buffer(self._whole.address + start, end - start, base=token)

    def lent(self) -> int:
        """Chunks pyarrow still holds."""
        return len(self._lent)

    def drop(self, upto: int) -> None:
        """Unmap the whole pages before offset `upto`: nothing will read them again."""
        end = upto - upto % mmap.PAGESIZE
        if self._map is not None and _DONTNEED is not None and end > self._dropped:
            self._map.madvise(_DONTNEED, self._dropped, end - self._dropped)
            self._dropped = end

    def drop_span(self, start: int, end: int) -> None:
        """Unmap the whole pages inside start:end, a chunk just parsed (on its worker).

        A parsed chunk waits in the queue for the main thread, up to START_AHEAD of them
        while pandas loads; its bytes are not read again (pyarrow copies the values out),
        so its pages need not wait with it. A page shared with a neighbour still being
        parsed is left to `drop`; unmapping one would only cost a page fault anyway."""
        lo = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE
        hi = end - end % mmap.PAGESIZE
        if self._map is not None and _DONTNEED is not None and hi > lo:
            self._map.madvise(_DONTNEED, lo, hi - lo)

    def close(self, timeout: float = 2.0) -> None:
        """Wait (the interpreter free meanwhile) until pyarrow has let go of every chunk,
        then unmap the file. Never longer than `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self.lent() and time.monotonic() < deadline:
            time.sleep(0.001)
        self._whole = None
        if self._map is not None:
            with contextlib.suppress(BufferError):  # still exported: unmapped when collected
                self._map.close()


class _Lent:
    """Stands for one chunk lent to pyarrow: freed once pyarrow has let go of the chunk."""

    __slots__ = ("__weakref__",)


_DONTNEED: int | None = getattr(mmap, "MADV_DONTNEED", None)


def _split_chunks(
    file: _FileBytes, start: int, careful: int | None = None, end: int | None = None, block: int | None = None
) -> Generator[tuple[int, int] | int, None, None]:
    """The file as (start, end) chunks that each end on a line end: a record boundary
    unless the line end is inside a quoted value (which `_parse_chunk` checks).

    Chunks are cut at the last newline of each block; from offset `careful` on, at the
    last one outside quoted values (see `_record_end`). With quoted line breaks in the
    header, old-Mac line ends, or one enormous line, the offset of the rest is yielded
    instead, and the rest is left to the streaming reader.
    """
    data, size = file.data, len(file.data) if end is None else end
    offset = start if careful is None else careful
    block = block or BLOCK_SIZE
    while offset < size:
        stop = min(offset + block, size)
        while True:
            if stop == size:
                cut = size
            elif careful is None:
                cut = data.rfind(b"\n", offset, stop) + 1
            else:
                cut = _record_end(data, offset, stop)
            if cut > offset:
                break
            if data.find(b"\r", offset, stop) >= 0 or stop - offset > 4 * block:
                yield offset  # old-Mac line ends, or one enormous line
                return
            stop = min(stop + block, size)  # a line longer than a block: look further
        yield offset, cut
        offset = cut


def _parse_chunk(
    source: Source,
    file: _FileBytes,
    span: tuple[int, int],
    wanted: dict[str, str],
    typed: bool,
    lock: threading.Lock,
    blocks: int,
) -> _Parsed | QuoteCheck:
    """Parse one chunk with pyarrow's multi-threaded reader; fall back column by column.
    Its numbers are converted here too (see convert.py).
    "open" or "stray" instead if the chunk's quotes do not show that it ends on a record
    boundary (see `_quote_check`): ChunkParser cuts the rest otherwise, or leaves it to
    the streaming reader.

    Runs on a worker thread, so the look for a quote (the one pass over the bytes
    before pyarrow's) is not on the main thread; `lock` guards the source's typed/text
    choices, which a conversion error in a chunk changes for the chunks after it."""
    start, end = span
    _no_nul(source, file.data, start, end)
    quoted = file.data.find(b'"', start, end) >= 0
    if quoted and (check := _quote_check(file.data, start, end, source.delimiter)) != "whole":
        return check
    size = end - start
    read = pacsv.ReadOptions(
        column_names=_column_names(source),
        block_size=max(1 << 20, size // blocks + 1),
        encoding=codec(source),
        use_threads=True,
    )
    # An empty line is a row of blanks (left out by frames, as `,,,` is), not skipped: skipped,
    # every row under it was named by the row above it (a bad cell on row 4 said "row 3").
    parse = pacsv.ParseOptions(
        delimiter=source.delimiter,
        quote_char='"' if quoted else False,
        newlines_in_values=quoted,
        ignore_empty_lines=False,
    )
    padded: bytes | None = None  # the chunk with its short lines padded (see _padded)
    titles: tuple[Dropped, ...] = ()
    while True:
        with lock:
            types = _types(source, wanted, typed)
        try:
            table = pacsv.read_csv(
                pa.BufferReader(file.chunk(start, end) if padded is None else padded),
                read_options=read,
                parse_options=parse,
                convert_options=_convert_options(wanted, types, decimal_point=source.decimal.mark),
            )
        except pa.ArrowInvalid as exc:
            if typed and is_conversion_error(exc):
                with lock:
                    cured = fall_back(source, wanted, exc, types)
                if cured:
                    continue
            if "straddling" in str(exc) and read.block_size <= size:
                read.block_size = size + 1  # a line longer than a parse block
                continue
            if padded is None and RAGGED.search(str(exc)):
                padded, titles = _padded(source, file, span, read, parse)
                continue
            raise
        file.drop_span(start, end)
        batch = table.combine_chunks().to_batches()
        record_batch = batch[0] if batch else pa.RecordBatch.from_pylist([], schema=table.schema)
        bad = _non_finite(wanted, record_batch, types)
        if bad is None:
            return (*convert(source, wanted, record_batch), titles)
        with lock:
            source.text_columns.add(bad)  # `inf` is not a number kpi accepts: let the text path say where


RAGGED = lazy_compile(r"Expected (\d+) columns, got (\d+)")  # pyarrow's words for a row's width


def _padded(
    source: Source,
    file: _FileBytes,
    span: tuple[int, int],
    read: pacsv.ReadOptions,
    parse: pacsv.ParseOptions,
) -> tuple[bytes, tuple[Dropped, ...]]:
    """The chunk's bytes with each line short of cells padded with delimiters (Excel's rows
    without their trailing empty cells: blank cells), or blanked out (a line of text that is
    no row, `April 2025`: an all-blank row, which frames leaves out, named in the Dropped
    returned with its row), so every record keeps its place and its row number. Judged by
    short.judge; a line it refuses (or a row with too many cells) raises pyarrow's error for
    that line, which read_error words.

    Only a chunk with such a line pays for this: the parse that failed, one that notes the
    short lines (pyarrow's invalid_row_handler can only skip a row), this copy, and the
    parse of it. A file without one is parsed exactly as before."""
    start, end = span
    short: list[tuple[int, int, str]] = []  # (expected, got, text) of each line pyarrow found short

    def note(row: Any) -> str:
        short.append((row.expected_columns, row.actual_columns, row.text))
        return "skip"

    pacsv.read_csv(
        pa.BufferReader(file.chunk(start, end)),
        read_options=read,
        parse_options=pacsv.ParseOptions(
            delimiter=parse.delimiter,
            quote_char=parse.quote_char,
            newlines_in_values=parse.newlines_in_values,
            ignore_empty_lines=False,
            invalid_row_handler=note,
        ),
        convert_options=pacsv.ConvertOptions(include_columns=["c0"], column_types={"c0": pa.string()}),
    )
    data, shape = file.data, kinds(source)
    encoding = "utf-8" if source.encoding == "utf-8-sig" else source.encoding
    edits: list[tuple[int, int, bytes]] = []  # (from, to, bytes instead)
    titles: list[Dropped] = []
    seen: dict[str, tuple[int, int, int]] = {}  # text -> (expected, got, lines of that text)
    for expected, got, text in short:
        seen[text] = (expected, got, seen[text][2] + 1 if text in seen else 1)
    refused: list[tuple[int, int, int, str]] = []  # (offset, expected, got, text)
    places = _lines_at(data, {text.encode(encoding) for text in seen}, start, end)
    for text, (expected, got, times) in seen.items():
        line = text.encode(encoding)
        at = places[line]
        verdict = judge(cells_of(text, source.delimiter), source, shape) if got < expected else None
        if verdict is None or len(at) != times:  # refused; or not found as often, as whole lines
            refused.append((min(at) if at else start, expected, got, text))
            continue
        for pos in at:
            if verdict == PAD:
                edits.append((pos + len(line), pos + len(line), source.delimiter.encode() * (expected - got)))
                continue
            assert verdict == TITLE
            edits.append((pos, pos + len(line), source.delimiter.encode() * (expected - 1)))
            titles.append(dropped(pos, text, source.delimiter))
    if refused:  # the first in the file, in pyarrow's words (see read_error)
        _, expected, got, text = min(refused)
        raise pa.ArrowInvalid(f"CSV parse error: Expected {expected} columns, got {got}: {text}")
    if titles:  # each named by its record in the chunk (frames numbers them), not its line
        records = _records_before(data, start, [t.row for t in titles], parse.quote_char is not False)
        titles = [t._replace(row=r) for t, r in zip(titles, records, strict=True)]
    edits.sort()
    pieces, last = [], start
    for lo, hi, put in edits:
        pieces += [data[last:lo], put]
        last = hi
    pieces.append(data[last:end])
    return b"".join(pieces), tuple(sorted(titles))


def _line_ends(units: Any) -> Any:
    """Where a line ends in `units` (bytes, or UTF-16's code units, as numpy): an LF (a
    CRLF's too) or a CR alone (an old Mac's). A CR last in `units` counts as alone: give
    one unit more, and drop its place, when the next may be its LF."""
    lf = units == 10
    cr = units == 13
    cr[:-1] &= ~lf[1:]
    return lf | cr


def _records_before(data: bytes | mmap.mmap, start: int, at: list[int], quoted: bool) -> list[int]:
    """How many records of the chunk from `start` (a record boundary) come before each line
    starting at an offset of `at`: its line ends, less those inside a quoted value (a caption
    with line breaks: one record, one row of a spreadsheet, over several lines). The chunk's
    quotes are whole (_quote_check), so a line end after an odd number of them is inside one.
    Numpy passes over the chunk, paid only by a chunk with such a line."""
    import numpy as np

    view = np.frombuffer(data, dtype=np.uint8, count=max(at) - start, offset=start)
    ends = np.flatnonzero(_line_ends(view))
    inside = ends[:0]
    if quoted:
        quotes = np.flatnonzero(view == ord('"'))
        inside = ends[np.searchsorted(quotes, ends) % 2 == 1]
    pos = np.asarray(at) - start
    return (np.searchsorted(ends, pos) - np.searchsorted(inside, pos)).tolist()


def _lines_at(data: bytes | mmap.mmap, lines: set[bytes], start: int, end: int) -> dict[bytes, list[int]]:
    """The offsets in data[start:end] where each of `lines` stands as a whole line (its line
    end LF, CRLF, or CR alone: an old Mac's, as pyarrow ends a line, whatever mix of them
    the chunk holds), in one pass over the chunk's lines: a search per line from there to
    the chunk's end took minutes on a file whose every row was short. One of `lines` that
    holds a line break (a short row with a caption over two lines, `@b,"Loving the<LF>new
    serum",2000`) is a record over several lines: found by joining the lines a quoted value
    runs over."""
    found: dict[bytes, list[int]] = {line: [] for line in lines}
    at = start
    chunk = bytes(data[start:end])
    if not any(b"\n" in line or b"\r" in line for line in lines):
        for line in _split_lines(chunk):
            key = line.rstrip(b"\r\n")
            if key in found:
                found[key].append(at)
            at += len(line)
        return found
    opened, parts = -1, []  # where a record whose quoted value is open started, and its lines
    for line in _split_lines(chunk):
        odd = line.count(b'"') % 2 == 1  # a quote that opens or closes a value over lines
        if opened < 0 and not odd:
            key = line.rstrip(b"\r\n")
            if key in found:
                found[key].append(at)
        elif opened < 0:
            opened, parts = at, [line]
        else:
            parts.append(line)
            if odd:
                key = b"".join(parts).rstrip(b"\r\n")
                if key in found:
                    found[key].append(opened)
                opened = -1
        at += len(line)
    return found


def _split_lines(chunk: AnyStr) -> list[AnyStr]:
    """The lines of a chunk (bytes, or a streamed block's text), each with its line end (LF,
    CRLF or CR alone: a file joined from a Mac export and a Windows one holds all three;
    Excel for Mac's "CSV (Macintosh)" ends rows in CR alone and writes a caption's line
    breaks inside its quotes as they were typed); the last one without, if the chunk does
    not end on one. A plain split at LF when no CR stands alone (a tenth of the regex's time)."""
    if isinstance(chunk, str):
        lf, cr, ends = "\n", "\r", _LINE_ENDS
    else:
        lf, cr, ends = b"\n", b"\r", _LINE_ENDS.encode()
    if chunk.count(cr) == chunk.count(cr + lf):
        lines = [line + lf for line in chunk.split(lf)]
        lines[-1] = lines[-1][:-1]
    else:
        lines = re.split(ends, chunk)
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _no_nul(source: Source, data: bytes | mmap.mmap, start: int, end: int) -> None:
    """Refuse a NUL character anywhere in the file, as sniffing refuses one in its first
    lines (a late one was read into names as `\\x00`: `@a\\x00na`, a second creator). In
    UTF-16, half of whose bytes are 0, a NUL is a code unit of two 0 bytes at an even offset
    (a byte-order mark is 2 bytes; verify D V-4)."""
    if not source.encoding.startswith("utf-16"):
        at = data.find(b"\x00", start, end)
    else:
        at = data.find(b"\x00\x00", start, end)
        while at >= 0 and at % 2:
            at = data.find(b"\x00\x00", at + 1, end)
    if at >= 0:
        raise nul_error(source.name, line_of(data, at))


def _no_nul_after(source: Source, offset: int) -> None:
    """`_no_nul` for the part of a file the streaming reader reads, from `offset` on."""
    if source.data is not None:
        _no_nul(source, source.data, offset, len(source.data))
        return
    with source.open() as fh:
        try:
            view = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # empty, or cannot be mapped: pyarrow says what is wrong
            return
        with view:
            _no_nul(source, view, offset, len(view))


def _quote_check(data: bytes | mmap.mmap, start: int, end: int, delimiter: str) -> QuoteCheck:
    """What the quotes in data[start:end], a chunk that starts on a record boundary, say
    of its end: "whole" when they are shaped as CSV quoting (a quoted value opens at the
    start of a cell and closes at its end, `""` inside it is a quote) and even in number,
    so the chunk ends on a record boundary; "open" when shaped so but odd in number, so
    it ends inside a quoted value with a line break; "stray" when a quote stands
    elsewhere than at a cell's edge.

    A chunk is cut at the last newline of its block, which may fall inside a quoted value;
    only the quotes can tell. Counting them tells only if each one opens or closes a
    value: a stray quote inside a plain cell (`5" screen`) is text to the parser, so it
    leaves the rest of the file to the streaming reader, which follows the quotes itself.
    """
    import numpy as np  # only for files with quotes

    view = np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start)
    edges = np.zeros(256, dtype=bool)  # the bytes a quote may stand next to
    edges[list(f'"\n\r{delimiter}'.encode())] = True
    last = len(view) - 1
    seen = 0  # quotes before this slice: slices keep the scratch arrays small (memory)
    for lo in range(0, len(view), _QUOTE_SLICE):
        at = np.flatnonzero(view[lo : lo + _QUOTE_SLICE] == ord('"'))
        at += lo
        # Before an even-numbered quote (0, 2, ...) no value is open: it opens one (after
        # a delimiter, a line end or the chunk's start) or is the second of a `""` pair.
        opening = at[seen % 2 :: 2]
        if not np.all(edges[view[np.maximum(opening - 1, 0)]] | (opening == 0)):
            return "stray"
        # An odd-numbered quote is inside a value: it closes it (before a delimiter, a
        # line end or the end of the file) or is the first of a `""` pair.
        closing = at[1 - seen % 2 :: 2]
        if not np.all(edges[view[np.minimum(closing + 1, last)]]):
            return "stray"
        seen += len(at)
    return "whole" if seen % 2 == 0 else "open"


def _record_end(data: bytes | mmap.mmap, start: int, stop: int) -> int:
    """The offset after the last newline in data[start:stop] that is outside quoted
    values, counting quotes from `start` (a record boundary); -1 if there is none.

    Only for a file whose cuts at a block's last newline fell inside a quoted value (post
    captions with line breaks): it costs the main thread ~10 ms a chunk. `_quote_check`
    still checks each chunk's quotes are shaped so that counting them tells."""
    import numpy as np

    view = np.frombuffer(data, dtype=np.uint8, count=stop - start, offset=start)
    seen, found = 0, -1
    for lo in range(0, len(view), _QUOTE_SLICE):
        part = view[lo : lo + _QUOTE_SLICE]
        quotes = np.flatnonzero(part == ord('"'))
        newlines = np.flatnonzero(part == ord("\n"))
        outside = newlines[(np.searchsorted(quotes, newlines) + seen) % 2 == 0]
        if len(outside):
            found = lo + int(outside[-1])
        seen += len(quotes)
    return -1 if found < 0 else start + found + 1


def _non_finite(wanted: dict[str, str], batch: pa.RecordBatch, types: dict[str, pa.DataType]) -> str | None:
    for canonical, name in wanted.items():
        if pa.types.is_floating(types[name]):
            column = batch.column(name)
            if column.null_count < len(column) and not pc.all(pc.is_finite(column)).as_py():
                return canonical
    return None


class Chunk(NamedTuple):
    """A parsed chunk: where it ends in the file, its rows, and their converted columns."""

    end: int
    batch: pa.RecordBatch
    converted: Converted | None
    titles: tuple[Dropped, ...] = ()  # lines of text among its rows, left out (see _padded)


class ChunkParser:
    """A file's chunks, parsed on WORKERS threads while the caller works on earlier ones.

    Iterating gives (end offset, record batch) in file order. Once done, `rest` is the
    offset from which the streaming reader must take over (-1: the whole file), or None.
    Each chunk is one parse block when the file has several chunks (two chunks parse
    at once, and no blocks need stitching together); a file of one chunk is parsed in
    four blocks so both cores share it.
    """

    def __init__(self, source: Source, wanted: dict[str, str], typed: bool, ahead: int = AHEAD) -> None:
        self.source = source
        self.wanted = wanted
        self.typed = typed
        self.rest: int | None = None
        self._file = _FileBytes(source)
        # Numbers written as text: smaller chunks (see TEXT_BLOCK_SIZE).
        self._block = min(BLOCK_SIZE, TEXT_BLOCK_SIZE) if source.text_columns or not source.fast else None
        self._end = rows_end(source)
        self._chunks = _split_chunks(self._file, source.data_offset, end=self._end, block=self._block)
        self._lock = threading.Lock()
        self._blocks = 1 if source.size > BLOCK_SIZE else 4
        if source.size > BLOCK_SIZE:  # chunks of the same sizes, one after another
            keep_freed_memory()
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="kpi-csv")
        self._pending: deque[tuple[tuple[int, int], Future[_Parsed | QuoteCheck]]] = deque()
        self._careful = False  # cutting chunks outside quoted values (see `_split_chunks`)
        for _ in range(ahead):  # more than AHEAD at first: the queue drains to AHEAD as chunks are taken
            self._submit()

    def reads(self, wanted: dict[str, str], typed: bool) -> bool:
        """Whether this parser reads what the caller wants, the way it wants it."""
        return self.wanted == wanted and self.typed == typed

    def _submit(self) -> None:
        if self.rest is not None:
            return
        item = next(self._chunks, None)
        if item is None:
            return
        if isinstance(item, int):
            self.rest = item
            return
        args = (self.source, self._file, item, self.wanted, self.typed, self._lock, self._blocks)
        self._pending.append((item, self._pool.submit(_parse_chunk, *args)))

    def __iter__(self) -> Iterator[Chunk]:
        while self._pending:
            (start, end), future = self._pending.popleft()
            try:
                batch = future.result()
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                raise read_error(self.source, exc) from exc  # the cause: frames may restart as Windows-1252
            if batch == "open" and not self._careful:  # cut inside a quoted line break
                self._drop_pending()  # cut the same way after it: start again from here
                self._careful = True
                self._chunks = _split_chunks(
                    self._file,
                    self.source.data_offset,
                    careful=start,
                    end=self._end,
                    block=self._block,
                )
                for _ in range(AHEAD):
                    self._submit()
                continue
            if isinstance(batch, str):  # quotes that cannot tell: the streaming reader takes over here
                self.rest = start
                self._drop_pending()
                return
            self._file.drop(end)
            if len(self._pending) < AHEAD:
                self._submit()
            yield Chunk(end, *batch)
            del batch, future  # not held while the next chunk is awaited

    def _drop_pending(self) -> None:
        for _, future in self._pending:
            future.cancel()  # those already being parsed finish, unread, before close
        self._pending.clear()

    def close(self) -> None:
        """Drop the chunks not started, wait for the ones being parsed, close the file."""
        self._drop_pending()
        self._pool.shutdown(wait=True)
        self._chunks.close()
        self._file.close()

    def __enter__(self) -> ChunkParser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start(sources: list[Source], by: Iterable[str] = ()) -> None:
    """Start parsing the first file's first chunks now, on worker threads.

    The CLI calls this before it imports pandas and the KPI math (a third of a second on
    one core), so the other core is parsing meanwhile: START_AHEAD chunks, as many as it
    parses in that time (with AHEAD it sat idle for half of it). The reader takes the parser over
    if it wants the same columns read the same way (`by` as the user typed it), else
    closes it; `stop` closes one that was never taken (the options turned out wrong).
    """
    if not sources or streamed(sources[0]) or sources[0].kind is not SCORE_COLUMNS:
        return
    source = sources[0]
    dims = {c for name in by if (c := canonical_for(name)) is not None}
    wanted = wanted_columns(source, score_needs(dims))
    if wanted and source.parser is None:
        source.parser = ChunkParser(source, wanted, source.fast, ahead=START_AHEAD)


def streamed(source: Source) -> bool:
    """Whether the file goes to the single-threaded streaming reader from its start (UTF-16,
    whose bytes cannot be cut at a newline byte)."""
    return source.encoding.startswith("utf-16")


def stop(sources: list[Source]) -> None:
    """Close parsers `start` began that no read took over."""
    for source in sources:
        if source.parser is not None:
            source.parser.close()
            source.parser = None


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
_KEEP_FREED: list[Any] = [False]  # whether keep_freed_memory ran; then glibc's malloc_trim, if set


def keep_freed_memory() -> None:
    """Have glibc's malloc keep memory a big file's chunks free, for the next chunks.

    By default it hands a freed array of more than 128 KB back to the kernel at once (and
    the top of a heap past 128 KB free), and the next chunk's arrays of the same sizes come
    back from it zeroed: half the pages a real-looking 1M-row export took (502 MB, 279 MB
    kept). Arrays under 32 MB now come from malloc's heaps, which keep up to 256 MB free.
    Peak memory: 1M rows +20-45 MiB, 10M rows by influencer ~+15 MiB (430 MiB). Once a
    process, on Linux, unless the user set malloc's own settings, and only when the command
    line owns the process (lazy.OWN_PROCESS), not in a notebook's."""
    if _KEEP_FREED[0] or not OWN_PROCESS[0]:
        return
    _KEEP_FREED[0] = True
    said = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_")
    if not sys.platform.startswith("linux") or any(k in os.environ for k in said):
        return
    if "glibc.malloc" in os.environ.get("GLIBC_TUNABLES", ""):
        return
    try:
        import ctypes  # some Pythons are built without it

        libc = ctypes.CDLL(None)
        mallopt, trim = libc.mallopt, libc.malloc_trim
    except (ImportError, OSError, AttributeError):  # no C library to ask, or one without mallopt
        return
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    trim.argtypes, trim.restype = (ctypes.c_size_t,), ctypes.c_int
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)
    mallopt(_M_TRIM_THRESHOLD, 256 << 20)
    _KEEP_FREED.append(trim)


def release_memory(file_done: bool = False) -> None:
    """Hand the memory Arrow's allocator keeps for reuse back to the system; at a file's
    end (`file_done`) also what malloc keeps (see keep_freed_memory).

    After a file's chunks are parsed nothing reuses it, and on a 10M-row file it is
    over 100 MB that would count in the peak of everything that follows."""
    pa.default_memory_pool().release_unused()
    if file_done and len(_KEEP_FREED) > 1:
        _KEEP_FREED[1](0)


def stream_position(reader: pacsv.CSVStreamingReader, source: Source) -> int:
    try:
        return int(reader.stats.num_bytes)
    except AttributeError:
        return source.size


def read_error(source: Source, exc: pa.ArrowInvalid | UnicodeDecodeError) -> InputError:
    """The one-line error for what pyarrow raised while reading `source`."""
    if isinstance(exc, UnicodeDecodeError) or "invalid UTF8" in str(exc):
        return source.not_utf8()
    text = str(exc).strip()
    if "straddling" in text:  # Arrow's words for a line longer than its parse block
        row, length = _longest_line(source)
        where = f", row {row:,}" if row else ""
        size = f"{length / 2**20:,.0f} MB" if length >= 2**20 else "megabytes"
        return InputError(
            f"{source.name}{where}: a row of {size}, longer than kpi reads (a whole file pasted into "
            "a cell?); fix that row, or export the file again"
        )
    ragged = re.search(r"Expected (\d+) columns, got (\d+): ?(.*)", text, re.DOTALL)
    if ragged is None:
        return InputError(f"{source.name}: {text.splitlines()[0]}; check that the file is a CSV export")
    expected, got, line = int(ragged.group(1)), int(ragged.group(2)), ragged.group(3)
    line = line.splitlines()[0] if line else ""
    line = line.removesuffix(" ...")  # pyarrow cuts a long row so
    row = _row_of(source, line)
    where = f", row {row:,}" if row is not None else ""
    shown = line if len(line) <= 80 else line[:77] + "..."
    fix = "Fix the row or export the file again"
    if got > expected:
        why = "a trailing delimiter, or a delimiter inside a cell that is not quoted?"
    elif SEP_LINE.fullmatch(line.strip()):  # audit U-2: two Excel CSVs joined with cat
        why = "Excel's delimiter line, again: a second file joined to the first (cat)?"
        fix = "Give the files separately (kpi score a.csv b.csv), or delete the line"
    elif got == 1 and source.delimiter not in line and '"' not in line:
        # audit U-2: `April 2025` over a sheet's next section, a second export's title
        why = (
            "a line of text among the rows: a title or a note (a section of the sheet, or a second "
            "export joined)?"
        )
        fix = "Delete the line (and a header repeated under it), or give the parts as separate files"
    else:
        # audit U-4: Excel leaves the empty cells at the end of some rows out
        why = (
            "its last cells left out (a spreadsheet's empty cells at the row's end?), an unbalanced "
            "quote, or a line break inside a cell that is not quoted?"
        )
        fix = "Fill or fix the row (Excel: put a value in the last column) or export the file again"
    return InputError(
        f"{source.name}{where}: {got} cells where the header has {expected} ({shown!r}): {why} {fix}"
    )


def _longest_line(source: Source) -> tuple[int | None, int]:
    """(row, length in bytes) of the file's longest line (an error path: one pass over the
    bytes in blocks, the line ends of each found by numpy: LF, CRLF or CR alone, in any mix,
    in UTF-16's code units for a UTF-16 file)."""
    import numpy as np

    file = _FileBytes(source)
    try:
        data, best, best_row, row, start = file.data, 0, None, 0, 0
        dtype = np.dtype(_code_unit(source))
        units = np.frombuffer(data, dtype=dtype, count=len(data) // dtype.itemsize)
        step = (1 << 26) // dtype.itemsize
        for lo in range(0, len(units), step):
            part = units[lo : lo + step + 1]  # with the next block's first unit: a CR's LF
            ends = lo + np.flatnonzero(_line_ends(part)[:step])
            if len(ends):
                lengths = np.diff(np.concatenate([[start], ends + 1])) - 1
                at = int(np.argmax(lengths))
                if lengths[at] > best:
                    best, best_row = int(lengths[at]), row + at + 1
                row += len(ends)
                start = int(ends[-1]) + 1
        if len(units) - start > best:
            best, best_row = len(units) - start, row + 1
        return best_row, best * dtype.itemsize
    finally:
        file.close()


def _row_of(source: Source, line: str) -> int | None:
    """The spreadsheet row of the record `line` (a row pyarrow refused) starts, or None if it
    cannot be found: the first line after the header that starts so, whatever its line end
    (LF, CRLF, CR alone: an old Mac's, or all three in files joined) and the file's encoding
    (UTF-16's two-byte code units too), numbered by records as the rows read are: a caption's
    quoted line break starts no row. An error path: a search of the file's bytes, then a
    count of the records before it (see _records_to)."""
    if not line.strip():
        return None
    encoding = "utf-8" if source.encoding == "utf-8-sig" else source.encoding
    unit = 2 if encoding.startswith("utf-16") else 1
    start = max(source.data_offset - unit, 0)  # the header's line end: the first row's line starts after it
    with _bytes_of(source) as data:
        if data is None:
            return None
        at = -1
        for end in "\n\r":  # a CR here ends a line on its own: the needle's next unit is no LF
            needle = (end + line[:80]).encode(encoding, "replace")
            hit = data.find(needle, start)
            while hit >= 0 and hit % unit:  # UTF-16: a code unit starts at an even offset
                hit = data.find(needle, hit + 1)
            if hit >= 0 and (at < 0 or hit < at):
                at = hit
        if at < 0:
            return None
        return source.first_row + _records_to(
            data, source.data_offset, at + unit, _code_unit(source), source.delimiter
        )


def _code_unit(source: Source) -> str:
    """numpy's type of the file's code units: a byte, or UTF-16's two in its byte order."""
    encoding = source.encoding
    return ">u2" if encoding.endswith("be") else "<u2" if encoding.startswith("utf-16") else "u1"


@contextlib.contextmanager
def _bytes_of(source: Source) -> Iterator[bytes | mmap.mmap | None]:
    """The file's bytes (mapped), or None for an empty file."""
    if source.data is not None:
        yield source.data
        return
    assert source.path is not None
    with open(source.path, "rb") as fh:
        try:
            view = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            yield None
            return
        with view:
            yield view


def _records_to(data: bytes | mmap.mmap, start: int, stop: int, dtype: str, delimiter: str) -> int:
    """How many records of data[start:stop] (from a record boundary to a line's start) come
    before `stop`: its line ends (LF, CRLF, CR alone), less those inside a quoted value when
    every quote stands at a cell's edge (CSV quoting, so counting them tells: _quote_check);
    with a stray quote (`5" screen`), every line end. In code units of numpy's `dtype`
    (UTF-16's two bytes in the file's byte order), over slices of the bytes (an error path)."""
    import numpy as np

    size = np.dtype(dtype).itemsize
    units = np.frombuffer(data, dtype=dtype, count=(stop - start) // size, offset=start)
    edge = np.zeros(1 << (8 * size), dtype=bool)  # what a quote may stand next to
    edge[[ord(c) for c in f'"\n\r{delimiter}']] = True
    last = len(units) - 1
    ends = inside = quotes = 0
    shaped = True
    for lo in range(0, len(units), _QUOTE_SLICE):
        part = units[lo : lo + _QUOTE_SLICE + 1]  # with the next slice's first unit: a CR's LF
        at = np.flatnonzero(_line_ends(part)[:_QUOTE_SLICE])
        at += lo
        found = np.flatnonzero(part[:_QUOTE_SLICE] == 34)
        found += lo
        if shaped and len(found):
            opening, closing = found[quotes % 2 :: 2], found[1 - quotes % 2 :: 2]
            shaped = bool(
                np.all(edge[units[np.maximum(opening - 1, 0)]] | (opening == 0))
                and np.all(edge[units[np.minimum(closing + 1, last)]] | (closing == last))
            )
        if shaped:
            inside += int(np.count_nonzero((np.searchsorted(found, at) + quotes) % 2 == 1))
        quotes += len(found)
        ends += len(at)
    return ends - inside if shaped else ends


def total_size(sources: list[Source]) -> int:
    return sum(s.size for s in sources)
