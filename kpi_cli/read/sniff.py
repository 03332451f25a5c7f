"""Finding the table in a file: encoding, delimiter, the header row under any preamble,
and the decisions taken once per file from its first and last rows.

Exports as downloaded are not plain CSV: Google Ads writes a report name and a date
range above the header (and, as "Excel CSV", UTF-16 with tabs); LinkedIn five lines
with the reporting period; German Excel `;`, Windows-1252 and `1.234,56 €`. Here the
start of the file (and its end) are decoded and parsed in Python, which is cheap on
64 KB and knows nothing of pyarrow: the header is the row whose cells most look like
headers kpi knows, under whichever delimiter; the decimal mark, each date column's
style and the currency are decided from the rows sniffed, once for the whole file.
"""

from __future__ import annotations

import atexit
import codecs
import csv
import io
import itertools
import math
import mmap
import os
import re
import stat
import sys
import zlib
from _blake2 import blake2b  # hashlib's, without hashlib's OpenSSL load (see kpi_cli/hashing.py)
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from kpi_cli import compute as pc
from kpi_cli.columns import (
    DAILY_COLUMNS,
    MISSING_TOKENS,
    NAME_BLANKS,
    POST_CONTEXT,
    POST_ROW_FIGURES,
    SCORE_COLUMNS,
    WHOLE_COUNTS,
    ColumnSet,
    Decimal,
)
from kpi_cli.errors import InputError, UsageError, clipped, quoted, reason
from kpi_cli.lazy import LazyModule, lazy_compile
from kpi_cli.read import dates as dt
from kpi_cli.read import short
from kpi_cli.read.mapping import (
    COUNT_ZERO_FALLS_BACK,
    Header,
    check_maps,
    header_like,
    label_columns,
    map_headers,
    mapped_twice,
    parse_maps,
    row_at,
    settle_parts,
    settle_sales,
    spend_beside_parts,
    stacked_table,
)
from kpi_cli.read.numbers import (
    MARK_NAMES,
    OTHER_MARK,
    DecimalMark,
    DecimalMix,
    ascii_digits,
    decide_decimal,
    multiplied,
    number_body,
)
from kpi_cli.read.profiles import Match, registry
from kpi_cli.read.source import Currency, ReadOptions, Source, line_of, nul_error
from kpi_cli.read.vocab import (
    CURRENCY_CODES,
    SHARED,
    SYMBOLS,
    is_ratio,
    is_total_label,
    normalise,
    split_currency,
)
from kpi_cli.text import figure

if TYPE_CHECKING:
    import gzip
    import zipfile
else:  # loaded when a file is compressed (or an error is handled): ~2 ms a plain CSV does not pay
    gzip = LazyModule("gzip")
    zipfile = LazyModule("zipfile")

SNIFF_BYTES = 1 << 16  # the start of the file parsed in Python
TAIL_BYTES = 1 << 14  # and its end, for the decisions (totals rows, a late decimal comma)
_DELIMITERS = (",", ";", "\t", "|")
_HEADER_SEARCH = 60  # records looked at for the header row
_LINE = lazy_compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_SEP = lazy_compile(r"sep=.?")  # Excel's delimiter hint: not a line of the report
_NUMBERISH = lazy_compile(r"[-+$€£(]?[\d.,: /%)'-]+[%€]?")  # numbers, dates, times: never a header


def open_sources(
    names: list[str],
    stdin: IO[bytes] | None = None,
    *,
    columns: ColumnSet = SCORE_COLUMNS,
    options: ReadOptions | None = None,
) -> list[Source]:
    """Check every input up front so a typo in the third file fails before any work.

    `columns` says what kind of file this is (a campaign export unless told otherwise).
    A file given twice is read once (see `duplicates`) unless options allow it."""
    options = options or ReadOptions()
    if not names:
        raise InputError("no input files; give one or more CSV files, or - for stdin")
    maps = parse_maps(options.maps, columns)  # a bad --map fails before any file is opened
    if names.count("-") > 1:  # the first `-` reads stdin to its end; the second found it empty
        raise InputError(
            f"- is given {names.count('-')} times: standard input can be read once; give - once, "
            "or save the export to a file and give its path"
        )
    sources = []
    for name in names:
        if not name:  # `kpi score "$FILE"` with FILE unset: Path("") is the current folder
            raise InputError("an empty file name (is a variable unset?); give the export's path")
        if name == "-":
            if stdin is None and sys.stdin is None:
                raise InputError("<stdin>: standard input is closed; pipe the export in or give its path")
            stream = stdin if stdin is not None else sys.stdin.buffer
            source = _piped("<stdin>", stream, columns, options)
        else:
            path = Path(name)
            if not path.exists():
                raise InputError(f"{name}: no such file; check the path")
            if path.is_dir():
                raise InputError(f"{name}: is a folder; give the CSV file inside it")
            try:
                info = path.stat()
                packed = _packed(path) if stat.S_ISREG(info.st_mode) else None
                if packed is not None:  # export.csv.gz, export.zip: unpacked as they are read
                    with packed as fh:
                        source = _piped(name, fh, columns, options)
                elif stat.S_ISREG(info.st_mode):
                    with open(path, "rb"):
                        pass
                    source = Source(name, path, size=info.st_size, kind=columns, options=options)
                else:  # a pipe such as <(zcat export.csv.gz) can be read only once, a device never ends
                    with open(path, "rb") as fh:
                        source = _piped(name, fh, columns, options)
            except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile) as exc:
                raise InputError(
                    f"{name}: the compressed file is damaged ({exc or type(exc).__name__}); download it again"
                ) from None
            except OSError as exc:
                raise InputError(f"{name}: cannot open ({reason(exc)}); check permissions") from None
        sniff(source, maps)
        twice = mapped_twice(source.columns)
        if twice is not None:
            role, kept, lost = twice
            raise UsageError(
                f"{source.name}: --map gives both {quoted(kept)} and {quoted(lost)} to {role}, and kpi "
                f"reads one column for it; map one of them (or --map '{lost}=ignore')"
            )
        sources.append(source)
    check_maps(options.maps, [(source.name, source.headers) for source in sources])
    _share_date_orders(sources)
    _share_name_handles(sources)
    _mark_duplicates(sources)
    return sources


def _share_name_handles(sources: list[Source]) -> None:
    """A creator's name and handle paired in one file of the run (a GRIN export's `Mia Rossi`
    beside `@mia`) name one creator in the others too: a fee sheet that names creators by
    name alone is read by their handles (audit G-5), as a blank handle is within the file
    (_name_handles). A name two files pair with different handles is left as written."""
    paired: dict[str, tuple[str, str]] = {}  # name -> (handle, the file pairing them)
    clashing: set[str] = set()
    for source in sources:
        for name, handle in source.name_handles.items():
            seen = paired.setdefault(name, (handle, source.name))
            if seen[0] != handle:
                clashing.add(name)
    for name in clashing:
        del paired[name]
    if not paired:
        return
    for source in sources:
        if "influencer" in source.columns.index and source.columns.fallback("influencer") is None:
            theirs = {n: p for n, p in paired.items() if p[1] != source.name and n != p[0]}
            source.run_handles = {n: handle for n, (handle, _) in theirs.items()}
            source.run_handles_from = {n: where for n, (_, where) in theirs.items()}


PIPE_LIMIT = 8 * 2**30  # piped input kpi buffers on disk (README: Limits)
_IN_MEMORY = 2**20  # piped input up to this stays in memory
_SPOOLED: list[str] = []  # temporary files holding piped input, removed at exit


def _piped(name: str, stream: IO[bytes], columns: ColumnSet, options: ReadOptions) -> Source:
    """A pipe, stdin or device as a Source, in bounded memory: its first MiB in memory,
    anything longer copied to a temporary file and read from there as a file is (the
    reader needs to read the data twice). What is not text is refused from its first
    bytes, so /dev/zero stops at once; an endless stream stops at PIPE_LIMIT."""
    head = _read_up_to(stream, _IN_MEMORY)
    if head[:2] == b"\x1f\x8b":  # gzip through a pipe (curl … | kpi score -): unpacked as read
        unpacked = cast(IO[bytes], gzip.GzipFile(fileobj=io.BufferedReader(_Chain(head, stream))))
        try:
            return _piped(name, unpacked, columns, options)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(f"{name}: the gzip data is damaged ({exc}); download it again") from None
    probe = Source(name, None, data=head, size=len(head), kind=columns, options=options)
    if len(head) < _IN_MEMORY:
        return probe
    _refuse_binary(probe, head)
    _encoding(probe, head)  # NUL bytes: refused now, not after buffering gigabytes of them
    import tempfile  # here, not at the top: only large piped input is spooled (~1.5 ms)

    _remove_stale()
    fd, tmp = tempfile.mkstemp(prefix=f"kpi-piped-{os.getpid()}-", suffix=".csv")
    _SPOOLED.append(tmp)
    size = len(head)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(head)
            while chunk := stream.read(_IN_MEMORY):
                size += len(chunk)
                if size > PIPE_LIMIT:
                    raise InputError(
                        f"{name}: more than {PIPE_LIMIT // 2**30} GiB came through the pipe, more than "
                        "kpi buffers; save the export to a file and give its path"
                    )
                out.write(chunk)
    except OSError as exc:
        raise InputError(
            f"{name}: could not buffer the piped input in {Path(tmp).parent} ({reason(exc)}); "
            "save the export to a file and give its path"
        ) from None
    return Source(name, Path(tmp), size=size, kind=columns, options=options)


class _Chain(io.RawIOBase):
    """Bytes already read, then the rest of the stream they came from."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head, self.rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _packed(path: Path) -> IO[bytes] | None:
    """A gzip file, or a zip holding one CSV, opened to read the CSV inside; None for
    anything else (an .xlsx is a zip of XML: refused later, by name)."""
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic[:2] == b"\x1f\x8b":
        return cast(IO[bytes], gzip.open(path, "rb"))
    if magic != b"PK\x03\x04":
        return None
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return None
    members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
    if any(m.filename.startswith("xl/") for m in members):
        archive.close()
        return None  # an Excel workbook
    texts = [m for m in members if m.filename.lower().endswith((".csv", ".tsv", ".txt"))]
    if len(texts) != 1:
        archive.close()
        names = ", ".join(m.filename for m in members[:5]) or "nothing"
        raise InputError(
            f"{path}: a zip of {len(members)} files ({names}), not of one CSV; unzip it and give "
            "the CSV's path"
        )
    return archive.open(texts[0])


def _read_up_to(stream: IO[bytes], limit: int) -> bytes:
    parts, got = [], 0
    while got < limit and (chunk := stream.read(limit - got)):
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _remove_stale() -> None:
    """Remove the buffers of earlier kpi runs that were killed (`kill -9` runs no clean-up):
    a buffer whose process is gone is nobody's."""
    import tempfile

    for path in Path(tempfile.gettempdir()).glob("kpi-piped-*-*.csv"):
        pid = path.name.split("-")[2]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            path.unlink(missing_ok=True)
        except OSError:  # another user's process, alive: not ours to remove
            continue


def remove_spooled() -> None:
    """Remove the temporary copies of piped input (the CLI calls this before it exits)."""
    while _SPOOLED:
        Path(_SPOOLED.pop()).unlink(missing_ok=True)


atexit.register(remove_spooled)


def sniff(source: Source, maps: dict[str, str] | None = None) -> None:
    """Decide how `source` is written and where its table is; raise InputError if it is not a table."""
    head, tail = _ends(source)
    if not head.strip(b"\x00 \t\r\n"):
        raise InputError(f"{source.name}: the file is empty; export the campaign with a header row")
    _refuse_binary(source, head)
    bom = _encoding(source, head)
    text = _decode(source, head[bom:], cut=len(head) < source.size)
    lines = _LINE.findall(text)
    known = _known(source.kind)
    found = _find_header(lines, known)
    if found is None:
        raise InputError(f"{source.name}: no header row; the first line must name the columns")
    delimiter, start, end, header = found
    _refuse_transposed(source, lines, delimiter, start, known)
    source.delimiter = delimiter
    # A header of thousands of characters is no header kpi knows (a whole file pasted into
    # a cell): kept by its start, end and length, so matching it costs no more than a name.
    source.headers = [
        text if len(text := h.strip().lstrip("\ufeff")) <= LONGEST_HEADER else clipped(text) for h in header
    ]
    source.header_row = end + 1
    _refuse_earlier_header(source, lines[:start], delimiter, header)
    _refuse_tables_side_by_side(source, header)
    source.preamble = [
        shown for line in lines[:start] if (shown := _shown(line, delimiter)) and not _SEP.fullmatch(shown)
    ]
    source.data_offset = bom + len("".join(lines[: end + 1]).encode(_codec(source.encoding)))
    options = source.options
    end = _units_row(source, lines, end, delimiter, bom)
    titled = _titled(source, maps or {})
    unit_named = None if titled is not None else _with_units(source)
    source.columns = map_headers(
        titled or unit_named or source.headers, source.kind, maps=maps or {}, profile=options.profile
    )
    if titled is not None or unit_named is not None:  # the header as the file writes it, read as told
        for named in source.columns.headers:
            if named.text != source.headers[named.index]:
                named.note = _title_note(source) if titled is not None else _unit_note(source, named.index)
                named.text = source.headers[named.index]
    if not source.columns.mapped:
        filled = [h for h in source.headers if h.strip()]
        data = [h for h in filled if _NUMBERISH.fullmatch(h) or h.startswith("@")]
        if len(data) * 2 >= len(filled) >= 2:  # `2025-03-01,@ana,Instagram,p1,8000,...`
            raise InputError(
                f"{source.name}: the first line is data ({', '.join(_clip(h) for h in source.headers[:4])}, "
                "...), not a header: export the file with its header row (the names of the columns), or "
                "add one, e.g. Date,Influencer,Impressions,Clicks,Spend"
            )
        raise InputError(
            f"{source.name}: none of the columns is one kpi knows for a {source.kind.name} "
            f"(found {', '.join(_clip(h) for h in source.headers[:6])}); rename them, e.g. "
            f"{source.kind.example}, or say what they are with --map 'Header=column'"
        )
    _refuse_repeated(source, lines[:start], delimiter)
    _find_footer(source)
    body = lines[end + 1 :]
    if source.data_end is not None and not tail:  # a small file: the footer is in `lines`
        body = _before_footer(body, source)
    rows = list(_records(body, delimiter, cut=len(head) < source.size, first=source.first_row))
    if tail:
        rows += _tail_records(source, tail, len(source.headers))
    _refuse_stacked_table(source, rows)
    rows = _short_rows(source, rows)
    rows = _without_header_rows(source, rows)
    _refuse_no_data(source, rows)
    _check_ids(source, rows)
    _ids_of_no_post(source)
    _what_rows_are(source, rows)
    _name_handles(source, rows)
    _decide_platform(source, rows)
    _decide_decimal(source, rows)
    _merged_names(source, rows, whole=len(head) >= source.size)  # (numbers read as _decide_decimal says)
    _reach_as_followers(source, rows)
    _audience_as_reach(source, rows)
    settle_sales(source.columns, rows, source.decimal.mark, source.name)
    settle_parts(source.columns, rows)
    _rate_as_ratio(source, rows)
    _check_spend_total(source, rows)
    if len(head) >= source.size:  # every row sniffed: a tracker's size
        _fee_per_creator(source, rows)
    _decide_text_columns(source, rows)
    _decide_currency(source, rows)
    _decide_dates(source, rows)
    _one_a_day(source, rows, big=len(head) < source.size)
    _running_totals(source, rows)
    _followers_beside_change(source, rows)
    _posts_running_total(source, rows)
    _results_as_conversions(source, rows)
    source.period = _period(source.preamble, bool(source.options.dayfirst))


def _refuse_stacked_table(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """A second table's header among the sniffed rows (an influencer platform's posts, then its
    creators' summary under them: `Creator,Posts,Impressions,...`): refused as the read refuses
    one it stops on (audit J-14), before a cell of it stops the sniff with an error that names
    the cell, not the table: "6 cells where the header has 8" or "mixes year-first dates and
    Excel serial numbers" (audit Z-5). A row repeating the file's own header is not one (files
    joined by cat: read/frames.py). Nor is a row whose words all sit in the columns of words: a
    tracker's post not yet live (`Cara,Instagram,Post,Posted`, its date and figures blank) has
    cells that name columns too; a second table's header puts a word where the first has a
    figure or a date (one it does not is found if the read stops on its row: frames)."""
    own = {normalise(h) for h in source.headers if h.strip()}
    typed = {i for role, i in source.columns.index.items() if role in source.kind.numeric or role == "date"}
    for row, cells in rows:
        if (
            header_like(cells, own)
            and {normalise(c) for c in cells if c.strip()} != own
            and any(cells[i].strip() for i in typed if i < len(cells))
        ):
            raise InputError(stacked_table(source.name, row, cells))


def _short_rows(source: Source, rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The sniffed rows as the chunk reader reads them (see read/short.py): a row without its
    trailing empty cells (Excel's) padded with blank ones; a line of text that is no row
    (`April 2025`, a second export's title, `sep=,`) and a month's title alone on a row
    (in the Date column too: audit U-10) left out. A short line refused there is left as it
    is here: the read stops on it."""
    width = len(source.headers)
    shape: list[short.Kind] | None = None
    out = []
    for row, cells in rows:
        if len(cells) < width:
            shape = short.kinds(source) if shape is None else shape
            verdict = short.judge(cells, source, shape)
            if verdict == short.TITLE:
                continue
            if verdict == short.PAD:
                cells = cells + [""] * (width - len(cells))
        if short.title_alone(cells):
            continue
        out.append((row, cells))
    return out


def _refuse_repeated(source: Source, above: list[str], delimiter: str) -> None:
    """Refuse a header that names one figure twice (audit J-3).

    Trackers kept one row per creator with a block of columns per network, the networks
    titled on a row above (`Creator,Instagram,,,TikTok,,` over `,Views,Likes,Fee,Views,
    Likes,Fee`): two `Views` columns are two parts of the table, not two spellings of
    one figure, and reading the first (as `Link clicks` wins over `Clicks`) would drop
    the other block's views, likes and fees without a word. Figures only: a name or a
    date written twice gives the same rows either way. Refused where the header shows
    blocks: titles above the repeated columns, or two figures repeated or more; one
    figure twice with no titles is read as before, the first (Meta Business Suite's
    content export writes `Views` twice: audit A's mbs_content_oigetit_c.csv)."""
    numeric = source.kind.numeric
    seen: dict[str, list[int]] = {}
    for head in source.columns.headers:
        if head.text.strip():
            seen.setdefault(normalise(head.text), []).append(head.index)
    repeated = []
    for head in source.columns.headers:
        at = seen.get(normalise(head.text), [])
        role = head.role if head.role is not None else head.lost
        if role in numeric and len(at) > 1 and at[0] == head.index:
            repeated.append(at)
    if not repeated:
        return
    titles = _block_titles(above, delimiter, [i for at in repeated for i in at])
    if len(repeated) < 2 and len(titles) < 2:
        return  # one name twice, untitled: Meta Business Suite's content export has two `Views`
    names = ", ".join(quoted(source.headers[at[0]]) for at in repeated[:4])
    where = ", ".join(" and ".join(str(i + 1) for i in at) for at in repeated[:4])
    each = "heads" if len(repeated) == 1 else "each head"
    blocks = (
        f", under {', '.join(quoted(t) for t in titles)} on row {source.header_row - 1}: a block of "
        "columns per network (or per month)?"
        if len(titles) > 1
        else ""
    )
    raise InputError(
        f"{source.name}, row {source.header_row}: {names} {each} more than one column (columns "
        f"{where}){blocks} kpi reads each figure from one column, so it would sum one of them "
        "and drop the others; put one row per creator per platform (e.g. Creator,Platform,Views,"
        "Likes,Fee), or give each block as a file of its own"
    )


def _block_titles(above: list[str], delimiter: str, columns: list[int]) -> list[str]:
    """The titles a row above the header gives these columns, each title once: a merged
    title cell keeps its text in its leftmost cell, so a column takes the nearest filled
    cell at or left of it. None when the last line above has no titles."""
    lines = [line for line in above if line.strip()]
    if not lines:
        return []
    cells = next(csv.reader([lines[-1].rstrip("\r\n")], delimiter=delimiter), [])
    titles: list[str] = []
    for column in sorted(columns):
        title = next((c.strip() for c in reversed(cells[: column + 1]) if c.strip()), "")
        if title and title not in titles:
            titles.append(title)
    return titles


def _with_units(source: Source) -> list[str] | None:
    """The headers with the currency a units line under them gives (`Fee` over `(EUR)`:
    `Fee (EUR)`), so that the money is read as the file states it; None if none does."""
    codes = [_currency_unit(u) for u in source.units]
    if not any(codes):
        return None
    # A header that states its currency already (`Amount spent (USD)` over `(USD)`) keeps it:
    # `Amount spent (USD) (USD)` was no header kpi knows, and the spend was left unread (audit Y).
    # One that states another (`Fee (EUR)` over `(USD)`) cannot tell which is right: an error.
    for index, (head, code) in enumerate(zip(source.headers, codes, strict=False)):
        stated = split_currency(head)[1] if code and head.strip() else None
        if stated is not None and stated != code and not (code == "$" and stated in _DOLLARS):
            raise InputError(
                f"{source.name}, column {quoted(head)}: the header says {stated} and the units line under "
                f"it says {source.units[index].strip()} (row {source.units_row}); correct the one that is "
                "wrong"
            )
    return [
        f"{h} ({c})" if c and h.strip() and split_currency(h)[1] is None else h
        for h, c in itertools.zip_longest(source.headers, codes)
    ]


# The currencies written `$` (a units line's `$` over `Spend (CAD)` says the same thing).
_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP"})


def _unit_note(source: Source, index: int) -> str:
    unit = source.units[index].strip("()[] ")
    return f"is in {unit}, as the units line under the header says (row {source.units_row})"


def _currency_unit(unit: str | None) -> str | None:
    text = (unit or "").strip("()[] ")
    if text.upper() in CURRENCY_CODES:
        return text.upper()
    return {"$": "$", "€": "EUR", "£": "GBP", "¥": "JPY"}.get(text)


# A cell of a units line under the header: `(dd/mm/yyyy)`, `(#)`, `(USD)`, `[%]`, `USD`, `#`.
_UNIT = lazy_compile(
    r"(?i)\(\s*[^()]{1,24}\s*\)|\[\s*[^\[\]]{1,24}\s*\]|[#%$€£¥]|"
    r"[dmy]{1,4}(?:[./ -][dmy]{1,4}){2}|[a-z]{3}"
)


# A cell of a line describing the columns under the header, as Facebook Insights' exports write
# it: the period, a colon, a sentence (`Lifetime: The number of people who clicked anywhere in
# your post. (Unique Users)`, `Daily: …`, `Weekly: …`, `28 Days: …`; from a public spec of a
# parser of these files, "The metric file from facebook insights has two header lines").
_DESCRIBES = lazy_compile(r"(?i)(?:lifetime|daily|weekly|28 days|monthly)\s*:\s+\S.{8,}")


def _units_row(source: Source, lines: list[str], end: int, delimiter: str, bom: int) -> int:
    """Skip a line of units under the header (`,,(dd/mm/yyyy),(#),(#),(USD)`), a second
    header line and no data (audit J-3: it was refused as a date written another way,
    with a fix about date styles). Every filled cell a unit, two at least, one of them
    bracketed or a date's pattern, a currency code or mark: a post's row has figures.
    Returns the line the header ends at, moved past the units line."""
    for start, last, cells in _numbered_records(lines, delimiter, end + 1, 1):
        filled = [c.strip() for c in cells if c.strip()]
        if len(filled) >= 2 and all(_DESCRIBES.match(c) for c in filled):
            # Audit R-5: Facebook Insights' legacy exports (posts, Page) describe each column on
            # the line under the header; it was "a blank row" (no column read has a cell
            # there), or, with a column read, "'Lifetime: The total number…' is not a number".
            source.described = filled[0]
            source.units_row = start + 1
            source.data_offset = bom + len("".join(lines[: last + 1]).encode(_codec(source.encoding)))
            return last
        if len(filled) < 2 or not all(_UNIT.fullmatch(c) for c in filled):
            return end
        if any(c.isalpha() and c.upper() not in CURRENCY_CODES for c in filled):
            return end  # `Yes`, `abc`: words, not units
        if not any(c[0] in "([" or c in "$€£¥" or "/" in c or "-" in c or c.isalpha() for c in filled):
            return end
        source.units = [c.strip() for c in cells]
        source.units_row = start + 1
        source.data_offset = bom + len("".join(lines[: last + 1]).encode(_codec(source.encoding)))
        return last
    return end


_TOTAL_ROWS = 200  # sniffed rows a total is checked against its parts on


def _reach_as_followers(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """A `Reach` column that is each creator's followers, told by the file's own engagement
    rate: on every sniffed row that has them, `Engagement Rate` is engagements / `Reach`
    (GRIN's content breakdown: "Reach ... the number of followers the influencer has",
    support.grin.co; audit K-1). Read as reach it printed Reach 200K and no engagement rate
    by followers; it is read as followers, said on stderr. Needs two rows at least, none
    against, and no followers column of the file's own.

    A GRIN export (its `IMV` columns: "Creator Media Value (IMV)", "IMV ROI", GRIN's own
    words, help.grin.co "Learn About Campaign Reports") needs no more than no row against:
    GRIN's Reach is the followers in every report, and its creator breakdown's rows, one per
    creator, have the impressions of several posts each, above the creator's followers
    (audit L-2: Reach 200K and frequency 1.63 printed). So does an Aspire export (its `TMV`
    or `Impact Value`): "Reach: total combined followers of creators at the time of posting"
    (help.aspireiq.com/en/articles/6403060; audit L-4)."""
    index = source.columns.index
    reach, ratio = index.get("reach"), source.columns.ratios.get("engagement_rate")
    if reach is None or "followers" in index or source.columns.headers[reach].via == "--map":
        return
    told = next(
        (who for h in source.columns.headers for pattern, who in _AUDIENCE_REACH if pattern.search(h.text)),
        None,
    )
    grin = told is not None  # GRIN's or Aspire's: its Reach is the followers
    if ratio is None and not grin:
        return
    if "engagements" in index:
        parts = [index["engagements"]]
    else:
        parts = [index[c] for c in ("likes", "comments", "shares", "saves") if c in index]
    if not parts and not grin:
        return
    seen = index.get("impressions", index.get("views"))
    agree = above = beside = 0
    for _, cells in rows:
        audience = _cell_number(source, cells, reach)
        rate = _cell_number(source, cells, ratio) if ratio is not None else None
        shows = _cell_number(source, cells, seen) if seen is not None else None
        if audience and shows:
            beside += 1
            above += audience > shows  # a post's reach is never above its impressions
        found = [_cell_number(source, cells, at) for at in parts]
        if ratio is None or not parts or not audience or rate is None or any(v is None for v in found):
            continue
        engagements = sum(v for v in found if v is not None)
        shown = rate * 100 if rate < 1 and "%" not in cells[ratio] else rate  # 0.0431 or 4.31%
        ours = engagements / audience * 100
        if abs(shown - ours) > max(0.006, ours * 0.005):
            return  # one row against: `Reach` is not what the rate divides by
        agree += 1
    # An engagement rate by reach is one too (Instagram's): the reach must also read as an
    # audience, above most rows' impressions (or views), which a post's reach never is.
    if not grin and (agree < 2 or not beside or above * 2 <= beside):
        return
    head = source.columns.headers[reach]
    if agree and ratio is not None:
        why = (
            f"the file's {quoted(source.columns.headers[ratio].text)} is engagements / {quoted(head.text)} "
            f"on every row that has both ({agree:,} rows), as an influencer platform's reach of a "
            "creator's audience (GRIN's) is"
        )
    elif told is not None:
        why = f"{told[0]}'s Reach (this file has {told[0]}'s {told[1]}) is the creators' followers"
    else:
        return
    head.role = "followers"
    fix = f"--map '{head.text}=reach' if it is the posts' reach"
    source.notes.append(f"{quoted(head.text)} read as followers, not reach: {why}; {fix}")


# Platforms whose `Reach` is the creators' followers, told by a column of their own: GRIN's
# media value `IMV`, `IMV ROI`, `Creator Media Value (IMV)` (help.grin.co); Aspire's `TMV`
# (Total Media Value) and `Impact Value` (help.aspireiq.com, "Performance Impact Snapshot").
_AUDIENCE_REACH = (
    (lazy_compile(r"(?<![A-Za-z])IMV(?![A-Za-z])"), ("GRIN", "IMV")),
    (
        lazy_compile(r"(?<![A-Za-z])TMV(?![A-Za-z])|^\s*impact value\s*$", re.IGNORECASE),
        ("Aspire", "TMV or Impact Value"),
    ),
)


def _audience_as_reach(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """A `Reach` or `Impressions` column equal to the followers column on every row that has
    both: the poster's audience, which listening and hashtag-tracking tools give as the
    reach (and impressions) a post may have had (Keyhole: "Reach is the estimated number of
    unique users who may see your content. It's based on follower counts", help.keyhole.co
    "How Keyhole Measures Reach and Impressions"). Read as measured, audit P-4 printed Reach
    and Impressions 110,000 and an engagement rate by followers judged "excellent" on the
    bands of one by impressions. Left unread, said on stderr, with the --map that reads it.
    Needs two rows at least and none against."""
    index = source.columns.index
    if "followers" not in index:
        return
    audience = index["followers"]
    for role in ("reach", "impressions"):
        at = index.get(role)
        if at is None or source.columns.headers[at].via == "--map":
            continue
        same = 0
        for _, cells in rows:
            ours, theirs = _cell_number(source, cells, at), _cell_number(source, cells, audience)
            if ours is None or theirs is None or (ours == 0 and theirs == 0):
                continue  # two zeros say nothing: a post seen by no one of no audience
            if ours != theirs:
                break
            same += 1
        else:
            if same < 2:
                continue
            head = source.columns.headers[at]
            follow = quoted(source.columns.headers[audience].text)
            head.role, head.feeds = None, role
            head.reason = (
                f"equal to {follow} on every row: the posters' audience, an estimate of who may have "
                f"seen the posts, not measured {role}; --map '{head.text}={role}' if it is measured"
            )
            source.notes.append(
                f"{quoted(head.text)} not read as {role}: it equals {follow} on every row that has "
                f"both ({same:,} rows), the posters' audience a listening or hashtag tool gives as "
                f"the {role} a post may have had; --map '{head.text}={role}' if it is measured"
            )


_FRACTION = lazy_compile(r"^[-+]?0?[.,]\d+$|^0$")


def _rate_as_ratio(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """A bare `Rate` read as a creator's fee (audit J-13) whose every cell is a fraction
    (`0.0533`): an engagement rate written as a decimal, not a price (verify J V-3: spend $0.11,
    cost per post $0.05 "excellent"). Left unread, with the --map that reads it."""
    for head in source.columns.headers:
        if head.role != "spend" or head.via == "--map" or normalise(head.text) != "rate":
            continue
        cells = [v.strip() for _, v in _values(rows, head.index) if v.strip()]
        if cells and all(_FRACTION.match(c) for c in cells):
            head.role = None
            head.reason = (
                f"every cell a fraction below 1 ({cells[0]}): a ratio such as an engagement rate, "
                f"not a fee; --map '{head.text}=spend' if it is the fee"
            )


def _check_spend_total(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """`Total Cost` is read as the spend beside `Creator Fee`, `Product Cost`, `Boost Spend`
    (it may hold them: adding them would count them twice). Where a row's fee and parts do
    not add up to its total, stderr says so: the total is read, but one of the two is not
    what was paid (a total without the boosting, or with an agency's fee on top)."""
    found = spend_beside_parts(source.columns)
    if found is None:
        return
    import pyarrow as pa  # a rare file: the reader loads it anyway

    from kpi_cli.read.numbers import parse_column

    total, parts = found
    shown = rows[:_TOTAL_ROWS]
    values = []
    for head in (total, *parts):
        cells = [c[head.index] if head.index < len(c) else "" for _, c in shown]
        parsed = parse_column(pa.array(cells, pa.string()), source.decimal.mark)
        if parsed.bad_index is not None or parsed.percent_index is not None:
            return  # a cell that is no amount: the reader names it, if it reads the column
        values.append(pc.cast(parsed.values, pa.float64()).to_pylist())
    for (row, _), whole, fee, *rest in zip(shown, *values, strict=True):
        if whole is None or fee is None:
            continue
        added = fee + sum(v for v in rest if v is not None)
        if abs(whole - added) > 0.005:
            names = " + ".join(repr(h.text) for h in parts)
            total.note = (
                f"is read as the whole of what was paid, though on row {row:,} it is {figure(whole)} "
                f"and {names} add up to {figure(added)}; --map '{total.text}=ignore' to add them instead"
            )
            return


# A fee header that says it is per post (`Fee per post`, `Rate/post`, `Cost per video`).
_PER_POST = lazy_compile(
    r"(?i)(\bper|/|\beach|\bpro|\bpar|\bpor)\s*(post|video|reel|story|deliverable|piece|content)"
)
# ... and one that names a creator's deal (`Creator Fee`, `Deal Value`, `Contract`, `Total Fee`):
# a bare `Fee` or `Cost` on each of a creator's posts is as often the price of each.
_PER_CREATOR = lazy_compile(
    r"(?i)\b(creator|influencer|talent|kol|deal|contract|package|flat|agreed|retainer|total|"
    r"partnership|collab\w*|campaign)\b"
)


def _fee_per_creator(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """A deal fee per creator copied onto each of the creator's posts (audit J-5)? The file
    cannot say: `$500` on both of a creator's posts is as often a price per post. Only a
    clear pattern is asked about (score: a warning): every creator with several posts has
    one fee on all of them, two such creators at least, their fees not all one flat rate,
    each row a post of its own (no post ID twice, no day-by-day rows), and a fee header
    that names the creator's deal (`Creator Fee`, `Deal Value`), not a bare `Fee`, nor one
    per post. Sets source.repeated_fee: (name, fee, posts) per such creator."""
    at, fee_at = source.columns.index.get("influencer"), source.columns.index.get("spend")
    header = source.headers[fee_at] if fee_at is not None else ""
    if at is None or fee_at is None or source.one_a_day or _PER_POST.search(header):
        return
    if not _PER_CREATOR.search(header):
        return
    if source.columns.fallback("influencer") is not None or any(source.columns.parts):
        return  # (a handle beside a name; fees with their product value added)
    import pyarrow as pa  # a small file: the reader loads it anyway

    from kpi_cli.read.numbers import parse_column

    ids = source.columns.index.get("post_id")
    seen: set[str] = set()
    names, cells = [], []
    for _, row in rows:
        name = row[at].strip() if at < len(row) else ""
        if not name:
            continue
        if ids is not None:
            post = row[ids].strip() if ids < len(row) else ""
            if post and post in seen:
                return  # one post on several rows (its days): not a creator's posts
            seen.add(post)
        names.append(name)
        cells.append(row[fee_at] if fee_at < len(row) else "")
    parsed = parse_column(pa.array(cells, pa.string()), source.decimal.mark)
    if parsed.bad_index is not None or parsed.percent_index is not None:
        return
    fees: dict[str, list[float | None]] = {}
    for name, value in zip(names, pc.cast(parsed.values, pa.float64()).to_pylist(), strict=True):
        fees.setdefault(name, []).append(value)
    repeated = []
    for name, values in fees.items():
        if len(values) < 2:
            continue
        if values[0] is None or values[0] <= 0 or any(v != values[0] for v in values):
            return  # a creator whose posts cost differently: fees per post
        repeated.append((name, values[0], len(values)))
    if len(repeated) >= 2 and len({fee for _, fee, _ in repeated}) >= 2:
        source.repeated_fee = repeated


# The figures a series' title may name (`Facebook reach`, `Instagram link clicks`, `Views`).
_TITLED = frozenset({"reach", "impressions", "views", "likes", "comments", "shares", "saves",
                     "engagements", "profile_visits", "clicks"})  # fmt: skip
_TITLE_PLATFORM = lazy_compile(r"(?i)^\s*(?:facebook|instagram|threads)\s+")


def _titled(source: Source, maps: dict[str, str]) -> list[str] | None:
    """The headers with Meta Business Suite's `Primary` named by the title line above them.

    Its Insights exports (Reach.csv, Views.csv, Link clicks.csv, Interactions.csv) are one
    series each: UTF-16, `sep=,`, a title line naming the figure (`"Facebook reach"`,
    `"Instagram link clicks"`), then `"Date","Primary"` (audit A-3: LeonMpofu/Oigetit-Social-
    Media-Reports Reach.csv, DanDirector/fts-video-site Link clicks.csv; a public parser's
    fixture, find_string `Date,Primary`). Read as the title's figure when the generic
    spellings know it; `--map 'Primary=...'` decides instead."""
    if source.kind is not SCORE_COLUMNS or not source.preamble:
        return None
    at = [i for i, h in enumerate(source.headers) if normalise(h) == "primary"]
    if len(at) != 1 or normalise(source.headers[at[0]]) in maps:
        return None
    title = _TITLE_PLATFORM.sub("", source.preamble[-1]).strip()
    roles = registry().generic.roles.get(normalise(title), ())
    if not any(r.role in _TITLED for r in roles):
        return None
    return [title if i == at[0] else h for i, h in enumerate(source.headers)]


def _title_note(source: Source) -> str:
    return f"named by the title line above the header ({source.preamble[-1]!r})"


def title_of(source: Source, head: Header) -> str | None:
    """The title line that names `head` (Meta Business Suite's `Primary`: `Facebook reach`), or None."""
    return source.preamble[-1] if source.preamble and head.note == _title_note(source) else None


def _refuse_earlier_header(source: Source, above: list[str], delimiter: str, header: list[str]) -> None:
    """Two exports joined into one file (`cat`), the second with a column more: its header
    looks the better one, and the first export's header and rows would be skipped as the
    lines above the table, silently (verify D V-1: 1 row of 3, impressions 500 for 4,000).
    A line above the header that names most of its columns, with rows under it, is refused."""
    names = {normalise(h) for h in header if h.strip()}
    if len(names) < 3:
        return
    for at, line in enumerate(above):
        row = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
        cells = {normalise(c) for c in row} - {""}
        # starting as the header does (`Date`): not a summary block of figures above the table
        same_start = bool(row) and bool(header) and normalise(row[0]) == normalise(header[0]) != ""
        if (
            same_start
            and len(cells) >= 3
            and len(cells & names) * 4 >= len(names) * 3
            and at + 1 < len(above)
        ):
            raise InputError(
                f"{source.name}, row {len(above) + 1}: the header row again, with other columns than row "
                f"{at + 1}'s (files with different columns joined with cat?); give the files separately, "
                "e.g. kpi score a.csv b.csv"
            )


def _refuse_tables_side_by_side(source: Source, header: list[str]) -> None:
    """Two tables side by side on one sheet, a blank column between them, the second with
    the first's key column again: LinkedIn's creator analytics TOP POSTS sheet ranks the top
    posts by engagements in columns 1-3 (`Post URL`, `Post publish date`, `Engagements`) and,
    on its own, by impressions in 5-7 (`Post URL`, `Post publish date`, `Impressions`). A row
    holds a different post on each side: read as one table, posts were the left side's alone
    (4 for 5) and the engagement rate divided one post's engagements by another's impressions
    (audit R-1). Refused: each table is a file of its own."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for at, text in enumerate(header):
        if text.strip():
            blocks[-1].append((at, text.strip()))
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if len(b) >= 2]
    if len(blocks) < 2:
        return
    first = blocks[0]
    names = {normalise(t) for _, t in first}
    for other in blocks[1:]:
        again = {normalise(t) for _, t in other} & names
        if normalise(other[0][1]) == normalise(first[0][1]) and len(again) >= 2:
            raise InputError(
                f"{source.name}, row {source.header_row}: two tables side by side, {_span(first)} and "
                f"{_span(other)}, a blank column between them: a row holds a different "
                f"{first[0][1]} on each side (LinkedIn's TOP POSTS sheet ranks its posts one way on the "
                "left and another on the right), so they cannot be read as one row; save each table "
                "as a file of its own and score them together, e.g. kpi score left.csv right.csv"
            )


def _span(block: list[tuple[int, str]]) -> str:
    """A block of columns as an error shows it: `columns 1-3 ('Post URL', 'Post publish date', …)`."""
    shown = ", ".join(quoted(t) for _, t in block[:3]) + (", …" if len(block) > 3 else "")
    return f"columns {block[0][0] + 1}-{block[-1][0] + 1} ({shown})"


def _ends(source: Source) -> tuple[bytes, bytes]:
    """The first SNIFF_BYTES of the file and, if there is more, its last TAIL_BYTES.

    A line that runs on past SNIFF_BYTES (a header of 10,000 columns, or with a cell of
    10 MB) is read to its end, up to LONG_LINE bytes: cut, the header's rest was taken
    for a data row of one cell (`1 cells where the header has 17`)."""
    with source.open() as fh:
        head = fh.read(SNIFF_BYTES)
        while len(head) < min(source.size, LONG_LINE) and _unfinished(head) > SNIFF_BYTES // 2:
            more = fh.read(len(head))  # doubling: a 10 MB line in a few reads
            if not more:
                break
            head += more
        if source.size <= len(head) + TAIL_BYTES:
            head += fh.read(TAIL_BYTES)
            return head, b""
        fh.seek(max(source.size - TAIL_BYTES, len(head)) & ~1)  # even: UTF-16 stays aligned
        return head, fh.read()


LONG_LINE = 64 << 20  # how far sniffing reads to finish the line it was cut in
LONGEST_HEADER = 1000  # characters; a longer header cell is kept shortened (see sniff)
csv.field_size_limit(max(csv.field_size_limit(), LONG_LINE))  # a cell that long is read (128 KB by default)


def _unfinished(head: bytes) -> int:
    """The length of the line `head` was cut in (after its last line end)."""
    return len(head) - max(head.rfind(b"\n"), head.rfind(b"\r")) - 1


def _refuse_binary(source: Source, head: bytes) -> None:
    if head.startswith(b"\x1f\x8b"):
        raise InputError(
            f"{source.name}: a gzip file, not CSV; unpack it first: zcat {source.name} | kpi score -"
        )
    if head.startswith(b"PK\x03\x04"):
        raise InputError(
            f"{source.name}: an Excel workbook or a zip, not CSV; save the sheet as CSV "
            "(File › Save as › CSV) "
            "or unzip it"
        )
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise InputError(f"{source.name}: not a text file (a PDF or an image); export the campaign as CSV")
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:64].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")):
        raise InputError(
            f"{source.name}: a web page or XML (a table saved from a browser or an old Excel "
            "format), not CSV; open it in a spreadsheet and save it as CSV"
        )
    if re.match(rb'(?:\[\s*)?\{\s*"', start):  # compact or indented (kpi's own -f json on a terminal)
        raise InputError(f"{source.name}: JSON, not CSV; export the campaign as CSV")


def _encoding(source: Source, head: bytes) -> int:
    """Set the source's encoding from its first bytes; return the length of its byte-order mark."""
    if head.startswith(codecs.BOM_UTF8):
        source.encoding = "utf-8-sig"
        return 3
    if head.startswith(codecs.BOM_UTF16_LE):
        source.encoding = "utf-16-le"
        return 2
    if head.startswith(codecs.BOM_UTF16_BE):
        source.encoding = "utf-16-be"
        return 2
    sample = head[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(sample) >= 4 and odd > len(sample) // 4 and even == 0:
        source.encoding, source.encoding_note = "utf-16-le", "no byte-order mark"
        return 0
    if len(sample) >= 4 and even > len(sample) // 4 and odd == 0:
        source.encoding, source.encoding_note = "utf-16-be", "no byte-order mark"
        return 0
    if b"\x00" in sample:
        raise nul_error(source.name, line_of(sample, sample.index(b"\x00")))
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the sniff edge
            source.refuse_shift_jis()  # its double bytes may look like UTF-8's by chance
            if source.has_utf8_characters():
                raise source.not_utf8() from None
            source.encoding, why = source.ansi_code_page()
            source.encoding_note = f"not UTF-8; {why}"
    return 0


def _codec(encoding: str) -> str:
    return "utf-8" if encoding == "utf-8-sig" else encoding


def _decode(source: Source, data: bytes, cut: bool) -> str:
    codec = _codec(source.encoding)
    try:
        return data.decode(codec, errors="ignore" if cut else "strict")
    except UnicodeDecodeError:
        if codec in ("cp1252", "cp1250"):  # the bytes each leaves undefined (Mac Roman has none)
            return data.decode("latin-1")
        raise InputError(
            f"{source.name}: not {codec} text; save the export as CSV UTF-8 and try again"
        ) from None


def _known(kind: ColumnSet) -> Callable[[str], bool]:
    if kind is SCORE_COLUMNS:
        return registry().knows
    names = {normalise(c) for c in kind.canonical}
    names |= {normalise(a) for aliases in kind.aliases.values() for a in aliases}
    return lambda header: normalise(split_currency(header)[0]) in names or normalise(header) in names


def _find_header(lines: list[str], known: Callable[[str], bool]) -> tuple[str, int, int, list[str]] | None:
    """(delimiter, first line, last line, cells) of the header row: the record, under any
    delimiter, with the most cells kpi knows as headers (then the most cells, then the
    earliest). A `sep=;` first line (Excel's hint) fixes the delimiter and is skipped."""
    skip = 0
    delimiters: tuple[str, ...] = _DELIMITERS
    if lines and re.fullmatch(r"sep=(.)\r?\n?", lines[0].strip("\ufeff\r\n") + "\n"):
        delimiters = (lines[0].strip("\ufeff\r\n")[4],)
        skip = 1
    best: tuple[tuple[int, int, int], str, int, int, list[str]] | None = None
    for delimiter in delimiters:
        for start, end, cells in _numbered_records(lines, delimiter, skip, _HEADER_SEARCH):
            filled = [c.strip() for c in cells if c.strip()]
            if not filled:
                continue
            words = [
                c for c in filled if not _NUMBERISH.fullmatch(c) and len(c) <= LONGEST_HEADER
            ]  # data cells are no headers
            if best is not None and (len(words), len(filled), -start) <= best[0]:
                continue  # not the header even if kpi knew every word: its data rows cost no lookups
            score = (sum(1 for c in words if known(c)), len(filled), -start)
            if score[0] and (best is None or score > best[0]):
                best = (score, delimiter, start, end, cells)
    if best is not None:
        return best[1:]
    # Nothing kpi knows: the first non-blank line, split by the delimiter it has most of.
    for index in range(skip, len(lines)):
        if lines[index].strip():
            counts = {d: lines[index].count(d) for d in delimiters}
            delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else delimiters[0]
            for start, end, cells in _numbered_records(lines, delimiter, index, 1):
                return delimiter, start, end, cells
    return None


def _refuse_transposed(
    source: Source, lines: list[str], delimiter: str, start: int, known: Callable[[str], bool]
) -> None:
    """Refuse a sheet turned on its side, a metric a row and a date a column
    (`Impressions,1000,2000` under `Metric,2025-03-01,2025-03-02`): its header row would
    be a metric's row, and the next metric's name a value that is not a number."""
    metrics = []
    for _, _, cells in _numbered_records(lines, delimiter, start, 3):
        filled = [c.strip() for c in cells if c.strip()]
        if len(filled) < 2 or not known(filled[0]) or not all(_NUMBERISH.fullmatch(c) for c in filled[1:]):
            break
        metrics.append(filled[0])
    if len(metrics) >= 2:
        raise InputError(
            f"{source.name}, row {start + 1}: metrics are rows and dates (or posts) are columns "
            f"({', '.join(_clip(m) for m in metrics)}, ... down the first column): the sheet is transposed; "
            "export one row per post or day with a column per metric (in a spreadsheet: copy the "
            "table, then Paste Special › Transpose, and save as CSV)"
        )


def _numbered_records(
    lines: list[str], delimiter: str, skip: int, limit: int
) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of up to `limit` records, line numbers counted from 0."""
    feed = iter(lines[skip:])
    reader = csv.reader(feed, delimiter=delimiter, strict=False)
    consumed = skip
    for _ in range(limit):
        try:
            cells = next(reader)
        except (StopIteration, csv.Error):
            return
        start = consumed
        consumed = skip + reader.line_num
        yield start, consumed - 1, cells


def _records(lines: list[str], delimiter: str, cut: bool, first: int) -> Iterator[tuple[int, list[str]]]:
    """(row, cells) of the data records sniffed; the last one is left out if the sniff cut it."""
    records = list(_numbered_records(lines, delimiter, 0, len(lines)))
    if cut and records:
        records.pop()
    for index, (_, _, cells) in enumerate(records):
        yield first + index, cells


_BYTE_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
FOOTER_BYTES = 64 << 10  # the end of a file looked at for lines after the table
# First cells of the lines some exports write under the table: DV360's `Report Time:`,
# `Date Range:`, `Group By:`, `Filter by Advertiser ID:`, `MRC Accredited Metrics`; a
# tool's `Generated on ...`, `Exported by ...`; the same in the languages of the trackers
# kpi reads (influencer_tracker.yaml): `Erstellt am 01.06.2025`, `Exportiert am`, `Généré le`,
# `Exporté le`, `Generado el`, `Gerado em`, `Generato il`, `Zeitraum:` (audit V-1: a German,
# French or Spanish tracker's line under its table was refused as a line of text among rows).
_FOOTER_KEY = lazy_compile(
    r"(?i)^\W*(report (time|generated|date|run)|date range|group by|filter(ed)?( by)?|filters|"
    r"mrc accredited|generated|exported|time ?zone|created|run date|data as of|report fields|"
    r"erstellt|exportiert|generiert|berichtszeitraum|zeitraum|g[ée]n[ée]r[ée]e?|export[ée]e?|cr[ée][ée]e?|"
    r"p[ée]riode|generad[oa]|exportad[oa]|cread[oa]|per[íi]odo|gerad[oa]|criad[oa]|generat[oa]|"
    r"esportat[oa]|creat[oa])\b"
)
# A note's or a source's line (`Notes: figures as reported by ...`, audit U-3): a footer's when
# a blank line parts it from the table; right under the rows, a note row (frames._notes). In the
# trackers' languages: `Hinweis:`, `Anmerkung`, `Quelle`, `Remarque`, `Nota`, `Fuente`, `Fonte`.
_FOOTER_NOTE = lazy_compile(
    r"(?i)^\W*(notes?|source|disclaimer|footnotes?|hinweise?|anmerkung(en)?|quelle|remarques?|"
    r"notas?|fuente|fonte)\b"
)


def _find_footer(source: Source) -> None:
    """Lines after the table (a report's metadata): where the table ends, so reading stops there.

    From the end of the file up: blank lines, then lines that each open with a key
    (`Report Time:`, `Date Range:`...) and fill fewer cells than the header, then the
    blank line that separates them from the table (or, without one, the table's last row).
    UTF-16 files are read as text (a table saved by Excel as Unicode text keeps its footer)."""
    with source.open() as fh:
        start = max(source.data_offset, source.size - FOOTER_BYTES)
        start -= (start - source.data_offset) % 2  # UTF-16: a character's first byte
        fh.seek(start)
        data = fh.read()
    codec = _codec(source.encoding).replace("-sig", "")
    pieces, offsets = _lines_at(data, codec)
    first = 0 if start == source.data_offset else 1  # the first piece may be cut
    found: int | None = None  # the first footer line's piece
    noted = parted = False  # a note's line among them; a blank line above them
    for i in range(len(pieces) - 1, first - 1, -1):
        text = pieces[i]
        try:
            cells = [c for c in next(csv.reader([text], delimiter=source.delimiter), []) if c.strip()]
        except csv.Error:
            break
        if not cells:
            if found is not None:
                parted = True
                break  # the blank line above the footer
            continue
        key = cells[0].strip()
        keyed = _FOOTER_KEY.match(key) or (key.endswith(":") and len(cells) <= 2)
        note = not keyed and _FOOTER_NOTE.match(key) is not None
        if (keyed or note) and len(cells) < len(source.headers):
            found, noted = i, noted or note
            continue
        break
    if found is None or (noted and not parted):
        return
    source.data_end = start + offsets[found]
    for piece in pieces[found:]:
        cells = next(csv.reader([piece], delimiter=source.delimiter), [])
        if shown := " ".join(c.strip() for c in cells if c.strip()):
            source.footer.append(shown)


def _lines_at(data: bytes, codec: str) -> tuple[list[str], list[int]]:
    """The lines of `data` (without their ends), and the byte offset each starts at."""
    if codec.startswith("utf-16"):  # a line break is two bytes: split the text, count its bytes
        lines = _LINE.findall(data.decode(codec, errors="replace"))
        offsets = list(itertools.accumulate((len(line.encode(codec)) for line in lines[:-1]), initial=0))
        return [line.rstrip("\r\n") for line in lines], offsets
    found = list(_BYTE_LINE.finditer(data))
    pieces = [m.group(0).rstrip(b"\r\n").decode(codec, errors="ignore") for m in found]
    return pieces, [m.start() for m in found]


def _before_footer(lines: list[str], source: Source) -> list[str]:
    """The sniffed lines (the whole of a small file) that lie before the table's end."""
    assert source.data_end is not None
    codec = _codec(source.encoding)
    kept, offset = [], source.data_offset
    for line in lines:
        offset += len(line.encode(codec))
        if offset > source.data_end:
            break
        kept.append(line)
    return kept


def _tail_records(source: Source, tail: bytes, width: int) -> list[tuple[int, list[str]]]:
    """Records of the file's last bytes (row 0: rows there are not counted yet), those whose
    width matches the header's: the first line, cut by the sniff, is left out."""
    text = tail.decode(_codec(source.encoding).replace("-sig", ""), errors="ignore")
    lines = _LINE.findall(text)[1:]
    out = []
    for _, _, cells in _numbered_records(lines, source.delimiter, 0, len(lines)):
        if len(cells) == width:
            out.append((0, cells))
    return out


def _shown(line: str, delimiter: str) -> str:
    """A preamble line as a person reads it: no line end, no trailing empty cells or quotes."""
    text = line.strip("\r\n\ufeff").rstrip(delimiter + " ").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return text


# Google Ads' `Conversions` counts the primary conversion actions only; `All conversions`
# adds secondary actions, view-through, cross-device and store-visit conversions, and is
# never smaller (affectgroup.com, "Google Ads Conversions and All Conversions: Full Guide
# for Analysis"; Google's glossary, "All conversions: Definition"). `Conv. value` and
# `All conv. value` are the values of each. One of each pair read beside the other of the
# other pair puts revenue over one count and conversions over the other.
_ALL_CONV = lazy_compile(r"(?i)^\s*all conv\.?(?:ersions)?\s*$")
_ALL_VALUE = lazy_compile(r"(?i)^\s*all conv\.?(?:ersion)? value\s*$")


def _mixed_conversions(source: Source) -> str | None:
    """A note when revenue and conversions are read from columns over different conversion actions."""
    mapped = source.columns.mapped
    if "revenue" not in mapped or "conversions" not in mapped:
        return None
    revenue, conversions = mapped["revenue"], mapped["conversions"]
    all_value, all_count = bool(_ALL_VALUE.match(revenue)), bool(_ALL_CONV.match(conversions))
    if all_value == all_count or not _GOOGLE_CONV.match(revenue if all_count else conversions):
        return None
    wide, narrow = (revenue, conversions) if all_value else (conversions, revenue)
    over = (
        "ROAS is over every action's value, CPA over" if all_value else "CPA is over every action, ROAS over"
    )
    return (
        f"revenue read from {quoted(revenue)}, conversions from {quoted(conversions)}: "
        f"{quoted(wide)} covers every "
        f"conversion action (secondary, view-through and cross-device too), {quoted(narrow)} the primary "
        f"ones only, so {over} primary ones; export the matching pair (Conversions with Conv. value, "
        "or All conv. with All conv. value)"
    )


_GOOGLE_CONV = lazy_compile(r"(?i)^\s*(?:conversions|conv\.? value|conversion value)\s*$")


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- decisions


def _values(rows: list[tuple[int, list[str]]], index: int) -> Iterator[tuple[int, str]]:
    for row, cells in rows:
        if index < len(cells):
            yield row, cells[index]


# A link's host, and the platform it is on (as the profiles and trackers name them).
_LINK_HOST = lazy_compile(r"https?://(?:[a-z0-9-]+\.)*?([a-z0-9-]+\.[a-z]+)(?:[/:?#]|$)", re.IGNORECASE)
_HOST_PLATFORM = {
    "instagram.com": "Instagram", "instagr.am": "Instagram",
    "facebook.com": "Facebook", "fb.com": "Facebook", "fb.watch": "Facebook",
    "tiktok.com": "TikTok", "youtube.com": "YouTube", "youtu.be": "YouTube",
    "x.com": "X", "twitter.com": "X", "linkedin.com": "LinkedIn", "lnkd.in": "LinkedIn",
    "pinterest.com": "Pinterest", "pin.it": "Pinterest", "snapchat.com": "Snapchat",
}  # fmt: skip


def _decide_platform(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """The platform of every row of an export that is one of a few platforms' (its profile's
    `platforms`), told by its links: Meta Business Suite exports Instagram's posts or a
    Facebook Page's in the same columns (audit q, 7.4), and only the permalinks tell which.
    One account's export is one platform's, so the rows sniffed tell for the file; a tracker
    is not (audit w: a tracker's later rows can be another platform's), and links to several
    platforms, or to none of the profile's, decide nothing."""
    match = source.columns.profile
    if "platform" in source.columns.mapped or match is None or not match.profile.platforms:
        return
    allowed = match.profile.platforms
    found: set[str] = set()
    links = {
        i for _, cells in rows[:50] for i, cell in enumerate(cells) if cell.lstrip()[:4].lower() == "http"
    }
    for _, cells in rows:
        for i in links:
            cell = cells[i].strip() if i < len(cells) else ""
            if not cell.lower().startswith(("http://", "https://")):
                continue
            host = _LINK_HOST.match(cell)
            platform = _HOST_PLATFORM.get(host.group(1).lower()) if host else None
            if platform not in allowed:
                return  # a shop's or a link shortener's link: the rows' platform is not told
            found.add(platform)
            if len(found) > 1:
                return
    if found:
        source.platform = found.pop()


def _check_ids(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """Post IDs or a count of posts, by what the cells hold when the header could be either.

    A column read as post IDs by a loose name (`Content`, `Videos`, `Post`) whose cells are
    all small whole numbers is not their IDs (`Post ID`, `URL` stay): a count, or the posts
    numbered 1, 2, 3 per creator; it is ignored. A posts column (`Content`: impact.com's and
    Aspire's count per creator, but YouTube Studio's video ID) whose cells are IDs or URLs
    names the posts: read as post IDs. One of words (`Reel`, a caption) or of more posts
    than the rows' impressions allow (1,284 on a row of 61,000: a creator's lifetime
    posts, or IDs) is no count: ignored.
    `--map` is never second-guessed."""
    heads = [h for h in source.columns.headers if h.via != "--map" and h.role in ("post_id", "posts")]
    taken = {h.role for h in source.columns.headers if h.role in ("post_id", "posts")}
    for head in heads:
        values = [(row, v.strip()) for row, v in _values(rows, head.index) if v.strip()]
        if head.role == "post_id" and rows and all(v.lower() in _MISSING for _, v in values):
            # Audit A-4: Google Ads' Ad report has a `Video ID` of ` --` on every search ad;
            # read, each blank ID was a post of its own (15 ads, 15 posts, $7.80 a post).
            shown = f"{values[0][1]!r}" if values else "empty"
            head.role = None
            head.reason = f"blank on every row ({shown}): it names no post"
            taken.discard("post_id")
            continue
        named = normalise(head.text)
        # `ID` as a word, not inside one: Social Blade's `Videos` (a channel's count of videos,
        # 402, 403) was read as post IDs by YouTube Studio's `Videos` (audit P-1: posts 2)
        if head.role == "post_id" and not (
            named.startswith("id") or named.endswith("id") or re.search(r"url|link", named)
        ):
            if values and all(re.fullmatch(r"\d{1,4}", v) for _, v in values):
                head.role = None
                head.reason = (
                    "holds small whole numbers (a count, or the posts numbered?), not post IDs; "
                    f"--map '{head.text}=posts' if each row stands for that many posts"
                )
        elif head.role == "posts":
            ids = [v for _, v in values if _names_a_post(v)]
            if ids and "post_id" not in taken:
                head.role, head.reason = "post_id", None
                taken.add("post_id")
                continue
            # Words in every cell: a content type (`Reel`) or captions. A count written in
            # words (`1 Reel + 3 Stories`) has digits: it stays a count, and its reading names
            # the cell.
            words = values[0] if values and all(_words(v) for _, v in values) else None
            sparse = _sparse(source, rows, head.index)
            if ids or words or sparse:
                head.role = None
                what = (
                    "holds post IDs, and another column names the posts"
                    if ids
                    else f"holds words ({quoted(words[1])}, row {words[0]:,}: a content type or a caption?)"
                    if words
                    else f"holds {sparse} (a creator's lifetime posts, or IDs?)"
                )
                head.reason = f"{what}, not a count of posts; --map '{head.text}=posts' if it is one"
                continue
            counts = sorted(n for _, v in values if (n := _whole_sum([v])) or v.strip() == "0")
            if len(counts) >= 3 and counts[-1] == sum(counts[:-1]):
                counts.pop()  # a totals row among the first rows: not a creator's
            if len(counts) >= 2 and counts[len(counts) // 2] > _MANY_POSTS:
                # A roster's `Posts` beside followers: the creator's lifetime posts (1,284,
                # 655, 2,310), or a campaign's? Half its rows (a totals row aside) claim more
                # than a creator posts in a campaign: kpi asks rather than sum them.
                row, value = next((r, v) for r, v in values if _whole_sum([v]) > _MANY_POSTS)
                raise InputError(
                    f"{source.name}, column {quoted(head.text)}: {quoted(value)} ({row_at(row)}) and "
                    "half the rows "
                    f"hold more than {_MANY_POSTS} posts: a creator's lifetime posts, or this campaign's? "
                    f"--map '{head.text}=ignore' if lifetime (posts are then the rows), "
                    f"--map '{head.text}=posts' if the campaign's"
                )


def _ids_of_no_post(source: Source) -> None:
    """A post-ID column by a generic spelling in an export whose rows are no posts (its
    profile's `not_posts`) and that lists no post-ID header of its own: the ID of what an ad
    runs, not a creator's post. Google Ads' Ad report has `Video ID` (audit A-4): read, its
    15 search ads were 15 posts at $7.80 a post, "excellent". `--map` is never second-guessed."""
    match = source.columns.profile
    head = next((h for h in source.columns.headers if h.role == "post_id"), None)
    if match is None or not match.profile.not_posts or head is None or head.via == "--map":
        return
    roles = match.profile.roles
    keys = (normalise(split_currency(h.text)[0]) for h in source.columns.headers)
    if any(r.role == "post_id" for key in keys for r in roles.get(key, ())):
        return  # the export's own post IDs (X Ads' `Tweet id`, a Pinterest `Pin ID`)
    head.role = None
    head.reason = (
        f"not a post's ID: {match.profile.not_posts}; --map '{head.text}=post_id' to count them as posts"
    )


# What an export writes under its header when the period has no rows: Meta Ads Manager's
# `"No data available."` (audit A-7: DanielTheC/internal-lnking-tool's
# Daniel-Conlan-Campaigns-1-Sep-202430-Sep-2024.csv), `No data`, `No results found`.
_NO_DATA = lazy_compile(
    r"(?i)^\s*no (?:data|results?|rows|records)(?: (?:available|found|to (?:show|display)))?\s*\.?\s*$"
)


def _without_header_rows(source: Source, rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The sniffed rows without those repeating the header cell for cell (a byte-order mark and
    spaces aside): two exports joined with `cat a.csv b.csv`, whose second header the reader
    skips with a note (frames._header_rows). Sniffed, its words were read as figures: a
    `Currency` column's own header beside `USD` was a second currency and the file was
    refused (audit Y)."""
    header = [h.strip() for h in source.headers]

    def repeats(cells: list[str]) -> bool:
        return len(cells) == len(header) and all(
            c.replace("\ufeff", "").strip() == h for c, h in zip(cells, header, strict=True)
        )

    return [(row, cells) for row, cells in rows if not repeats(cells)]


def _refuse_no_data(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """An export with nothing under its header but a line saying so: not a malformed row."""
    filled = [(row, [c for c in cells if c.strip()]) for row, cells in rows]
    filled = [(row, cells) for row, cells in filled if cells]
    if len(source.headers) > 1 and len(filled) == 1 and len(filled[0][1]) == 1:
        row, (text,) = filled[0]
        if _NO_DATA.match(text):
            raise InputError(
                f"{source.name}: the export has no rows: row {row:,} says {text.strip()!r} under the "
                "header; export a date range in which the campaigns ran (had impressions or spend)"
            )


def _what_rows_are(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """What the sniffed rows say a row is, for frames.not_posts: whether the file has one row
    a day (every row dated, no date twice), and which headers kpi does not read hold
    figures (`Weergaven`: a post's views in a language kpi does not read?) or names (a
    title, a product: text that differs from row to row)."""
    if source.kind is not SCORE_COLUMNS:
        return
    read = set(source.columns.index.values())
    for head in source.columns.headers:
        if head.index not in read and _NAMES_A_POST.search(head.text):
            if normalise(head.text) == "posts" and all(
                _FIGURE.fullmatch(v.strip()) for _, v in _values(rows, head.index) if v.strip()
            ):
                # a count of posts left unread (`--map 'Posts=ignore'`, a running total): it
                # names no post; an account's days stay days (audit P-3: 4 days were 4 posts)
                continue
            source.unread[head.index] = "names"  # `Post #`, `Post number` left unread: rows are posts
            continue
        if head.role is not None or head.via or not head.text.strip():
            continue  # read, or known and left unread on purpose (`Impressions` of YouTube's)
        values = [v.strip() for _, v in _values(rows, head.index) if v.strip().lower() not in _MISSING]
        if not values:
            continue
        if all(_FIGURE.fullmatch(v) for v in values) and not all(_a_date(v) for v in values):
            if not _ID_HEADER.search(head.text) and not is_ratio(head.text) and not _MONEY.search(head.text):
                source.unread[head.index] = "figures"
        elif len(set(values)) > 1:
            source.unread[head.index] = "names"


def _a_date(value: str) -> bool:
    """Whether a cell of figures could be a date: a date's shape, and for a five-digit number
    an Excel serial of 1990-2100 (audit R-2: Twitch's `Minutes Watched` 10,710 is a count, not
    a serial of 1929, and a column of them counts minutes, it does not name the rows)."""
    shape = dt.shape_of(value)
    if shape is None:
        return False
    if shape[0] != "serial":
        return True
    low, high = dt.SERIAL_RANGE
    return low <= int(shape[1].group("n")) < high


def _one_a_day(source: Source, rows: list[tuple[int, list[str]]], big: bool = False) -> None:
    """Whether the file has one row a day (every row dated, no date twice, one platform), for
    frames.not_posts and frames.account_days; read with the dates' style once decided
    (Metricool's `01/04/2025` in a decimal-comma file: 1 April, day first; audit H-2).

    `big`: a file longer than the rows sniffed, whose chunks the CSV workers parse while
    pandas is imported; see `_daily`."""
    if source.kind is not SCORE_COLUMNS:
        return
    at = source.columns.index.get("date")
    if at is None and source.yearless is not None:  # TikTok Studio's `April 12`, left unread
        at = next((h.index for h in source.columns.headers if h.text == source.yearless[0]), None)
    filled = [cells for _, cells in rows if any(c.strip() for c in cells)]  # blank lines are no rows
    if at is not None and len(filled) >= 2:
        texts = [cells[at].strip() if at < len(cells) else "" for cells in filled]
        source.one_a_day = _daily(texts, source.dates.get("date"), big)
        where = source.columns.index.get("platform")
        if where is not None:
            from kpi_cli.benchmarks import platform_key

            named = {platform_key(c[where]) for c in filled if where < len(c) and c[where].strip()}
            if len(named) > 1:
                source.one_a_day = False  # Instagram, then TikTok: a tracker's posts, not an account's days
        held = source.columns.index.get("campaign")
        if held is not None:
            # each campaign's rows a day each (audit H-6: Reddit Ads' `Date,Campaign Name,...`)
            runs: dict[str, list[str]] = {}
            for cells, text in zip(filled, texts, strict=True):
                runs.setdefault(cells[held].strip() if held < len(cells) else "", []).append(text)
            source.campaign_days = any(len(r) >= 2 for r in runs.values()) and all(
                len(r) == 1 or _daily(r, source.dates.get("date"), big) for r in runs.values()
            )
        creator = source.columns.index.get("influencer")
        if creator is not None:
            # each profile's rows a day each (quintly's `time, profile, followers`, one row per
            # profile and day; audit P-2): read with frames.creator_days
            days: dict[str, list[str]] = {}
            for cells, text in zip(filled, texts, strict=True):
                days.setdefault(cells[creator].strip() if creator < len(cells) else "", []).append(text)
            source.creators = tuple(days)
            source.creator_days = (
                "" not in days
                and any(len(r) >= 2 for r in days.values())
                and all(len(r) == 1 or _daily(r, source.dates.get("date"), big) for r in days.values())
            )


# A figure's change from the day before, written beside the figure: Social Blade's `Video
# Views Change` beside `Video Views`, quintly's `postsChange` beside `posts`.
_CHANGE_OF = ("{}change", "{}changes", "{}delta", "{}diff", "changein{}", "{}gained")


def _cell_number(source: Source, cells: list[str], at: int) -> float | None:
    """A sniffed row's cell `at` as a number in the file's decimal style; None when blank,
    missing or not a number (the checks below judge only the rows that have one)."""
    from kpi_cli.read.numbers import parse_number

    text = cells[at].strip() if at < len(cells) else ""
    try:
        value = parse_number(text, source.decimal.mark) if text else None
    except ValueError:
        return None
    return float(value) if value is not None else None


def _in_date_order(
    rows: list[tuple[int, list[str]]], date: int, style: dt.DateStyle
) -> list[list[str]] | None:
    """The sniffed rows that are not blank, by their date in column `date`; None when a date
    is blank or does not read in `style` (a running total is told in date order)."""
    import numpy as np
    import pyarrow as pa

    filled = [cells for _, cells in rows if any(c.strip() for c in cells)]
    texts = [cells[date].strip() if date < len(cells) else "" for cells in filled]
    parsed = dt.parse(pa.array(texts, pa.string()), style)
    if parsed.bad_index is not None or np.isnat(parsed.values).any():
        return None
    return [filled[i] for i in np.argsort(parsed.values, kind="stable")]


# Figures a day adds to: a running total of one is told by its change column.
_FLOWS = ("views", "impressions", "likes", "comments", "shares", "saves", "engagements", "posts",
          "clicks", "completed_views", "profile_visits")  # fmt: skip


def _followers_beside_change(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """Followers beside their change (`Followers` and `Followers Change`, quintly's and Social
    Blade's columns) on several rows of one account: each row is the account's audience on a
    day, a level, even when kpi reads no date (quintly's `Time, Profile, Followers, Followers
    Change, ...` summed Acme's 10,000 + 10,020 + 10,050 + 10,080 into a rate of 800 / 40,150 =
    1.99 % "poor"; audit P-2). Not with post IDs (a post's row), nor when every row is another
    creator's (one row per profile: their levels add up). `... gained` is left out: a post's
    followers gained from it sit beside the creator's followers in a tracker."""
    mapped = source.columns.mapped
    head = next((h for h in source.columns.headers if h.role == "followers"), None)
    if source.kind is not SCORE_COLUMNS or head is None or head.via == "--map" or "post_id" in mapped:
        return
    base = normalise(head.text)
    unread = {normalise(h.text): h for h in source.columns.headers if h.role is None}
    change = next((unread[k] for f in _CHANGE_OF[:-1] if (k := f.format(base)) in unread), None)
    if change is None:
        return
    filled = [cells for _, cells in rows if any(c.strip() for c in cells)]
    at = source.columns.index.get("influencer")
    names = [cells[at].strip() if at is not None and at < len(cells) else "" for cells in filled]
    if len(set(names)) < len(names):
        source.followers_change = change.text


def _running_totals(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """A figure that is a running total, told by its change column beside it: Social Blade's
    `Video Views` (the channel's lifetime views on each day, 310,500,000, 310,780,000, ...) next
    to `Video Views Change` (+280,000): audit P-1 summed the totals into 932,280,000 views for
    three days' 750,000. Where in date order each day's total less the day before's is that
    day's change (two days at least, none against), the change column is read in its place,
    said on stderr. `--map` is never second-guessed."""
    index = source.columns.index
    date, style = index.get("date"), source.dates.get("date")
    if date is None or style is None:
        return
    unread = {normalise(h.text): h for h in source.columns.headers if h.role is None and not h.via}
    pairs = []
    for head in source.columns.headers:
        if head.role in _FLOWS and head.via != "--map":
            base = normalise(head.text)
            change = next((unread[k] for f in _CHANGE_OF if (k := f.format(base)) in unread), None)
            if change is not None:
                pairs.append((head, change))
    if not pairs:
        return
    ordered = _in_date_order(rows, date, style)
    if ordered is None:
        return
    for head, change in pairs:
        agree = 0
        for before, after in itertools.pairwise(ordered):
            a, b, moved = (
                _cell_number(source, before, head.index),
                _cell_number(source, after, head.index),
                _cell_number(source, after, change.index),
            )
            if a is None or b is None or moved is None:
                continue
            if b - a != moved:
                break
            agree += 1
        else:
            if agree < 2:
                continue
            role = head.role
            assert role is not None
            head.role, head.feeds = None, None
            head.reason = (
                f"a running total: each day's {quoted(change.text)} is its rise from the day before; "
                f"{quoted(change.text)} is read as the {role} instead"
            )
            change.role, change.via = role, "generic"
            source.notes.append(
                f"{role}: read {quoted(change.text)}, not {quoted(head.text)}: in date order each day's "
                f"{quoted(head.text)} is the day before's plus its {quoted(change.text)} ({agree + 1:,} "
                f"days), a running total that adding up over days would count again every day"
            )


# A count an account's daily series may hold as a running total, how far above its whole rise
# every value must be and over how many days at least, for kpi to tell: a day's posts are few
# (Metricool's 0, 1, 2); a day's views may grow three days running, hardly a week without a dip,
# so only a week or more of totals far above their rise is one.
_LEVEL_COUNTS = (("posts", 1, 3), ("views", 10, 7), ("impressions", 10, 7))


def _posts_running_total(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """An account's daily series (one row a day, no post IDs) whose `Posts` is the account's
    count of all its posts on each day (Not Just Analytics' and Social Blade's history of an
    account: 41, 42, 42, 43): a level, not the day's posts, which audit P-3 summed into posts
    168; the same of its views (Social Blade's `Views`: the channel's 310,500,000, 310,780,000,
    311,000,000 were 932,280,000 views; P-1). Told by the values in date order: they never
    fall, rise at least once, and every value is above the whole rise (ten times, and over a
    week at least, for views and impressions).
    Left unread, said, with the --map that reads it."""
    index = source.columns.index
    date, style = index.get("date"), source.dates.get("date")
    if not source.one_a_day or date is None or style is None or "post_id" in index:
        return
    ordered = _in_date_order(rows, date, style)
    if ordered is None or len(ordered) < 3:
        return
    for role, above, days in _LEVEL_COUNTS:
        at = index.get(role)
        if at is None or source.columns.headers[at].via == "--map" or len(ordered) < days:
            continue
        head = source.columns.headers[at]
        counts: list[float] = []
        for cells in ordered:
            value = _cell_number(source, cells, at)
            if value is None:
                break
            counts.append(value)
        if len(counts) < len(ordered):
            continue
        low, high = counts[0], counts[-1]
        if any(b < a for a, b in itertools.pairwise(counts)) or high == low or low <= (high - low) * above:
            continue
        head.role, head.feeds = None, role
        head.reason = (
            f"the account's count of all its {role} on each day ({figure(low)} to {figure(high)}), a "
            f"running total, not the day's {role}; --map '{head.text}={role}' if each row's {role}"
        )
        source.notes.append(
            f"{quoted(head.text)} not read as {role}: in date order it never falls ({figure(low)} to "
            f"{figure(high)}), the account's count of all its {role} on each day, so "
            f"{figure(high - low)} {role} went up in the period; --map '{head.text}={role}' if each row "
            f"counts that day's {role}"
        )


# An unread header that numbers or names posts (`Post #`, `Post number`, `Post no.`, `Post
# title`, `Posts`): its rows are posts. Not a figure of the post's or the account's that only
# starts with the word (audit H-1: Sprout Social's `Post Link Clicks`, its API's `Posts Sent
# Count`, Facebook's `Post Impressions` made an account's days into posts), nor a post's
# date (`Post date`) or `Avg. engagement per post`.
_NAMES_A_POST = lazy_compile(
    r"(?i)^\s*posts?\s*(?:#|no\.?|nr\.?|num|number|name|title|text|caption|message|copy|"
    r"content|link|url|permalink)?\s*$"
)
_TIME_OF_DAY = lazy_compile(r"[T\s](\d{1,2})[:.h](\d{2})")


def _name_handles(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """Each creator's name and handle where a sniffed row has both, for the rows whose
    handle is blank (chunks.FALLBACK): `Mia Rossi` without her `@mia` is @mia, not a
    second creator (check F-7). So is a TikTok or YouTube handle beside the Instagram one read."""
    at = source.columns.index.get("influencer")
    if at is None:
        return
    for named in source.columns.fallbacks("influencer"):
        for _, cells in rows:
            if max(at, named.index) < len(cells):
                handle, name = cells[at].strip(), cells[named.index].strip()
                if handle and name:
                    source.name_handles.setdefault(name, handle)


# A creator's own figures: one value for all the creator's posts.
_ONE_PER_CREATOR = ("tier", "followers")


def _merged_names(source: Source, rows: list[tuple[int, list[str]]], whole: bool) -> None:
    """Whether the creator's name is in merged cells (audit J-4): a tracker whose creator
    (and often platform and deal fee) is merged over the creator's posts keeps it in the
    top row only, and the rows below are blank there, each with a post ID of its own. Such
    a row is the creator's above it (frames._Merged fills it down, with a note). The
    sniffed rows must show the layout: a row with a blank name under a named post; every
    post ID a different post; every name on one row only (a sheet that writes a creator's
    name on each of their rows has a name missing where one is blank, not merged); no
    such row with another tier or follower count than the post above.

    Only in a sheet people keep (a tracker, or a file no profile claims): a platform's or
    tool's export is written by a machine and merges no cells. A listening tool's mention
    without an author (Brandwatch's news article, blank `Author` beside `Full Name`) is a
    mention of no creator, and took the name of the mention above it (audit P-11).

    Without a post-ID column (a tracker without links; a Google Sheets pivot of creators and
    platforms, which leaves a repeated creator blank: J V-4, such rows were `(blank)` under
    --by influencer), `_merged_posts` tells the posts by their figures."""
    at, ids = source.columns.index.get("influencer"), source.columns.index.get("post_id")
    if at is None or source.columns.fallback("influencer") is not None:
        return
    match = source.columns.profile
    if match is not None and not match.profile.loose:
        return
    if ids is None:
        if whole:  # (every row sniffed: a sheet kept by hand's size)
            _merged_posts(source, rows, at)
        return
    own = [i for role, i in source.columns.index.items() if role in _ONE_PER_CREATOR]
    posts: set[str] = set()
    names: set[str] = set()
    head: list[str] | None = None  # the named post above, if the rows since are its block
    merged = False
    for _, cells in rows:
        if not any(c.strip() for c in cells):
            continue  # a blank row: skipped, and the rows around it stay neighbours
        post, name = _text_at(cells, ids), _text_at(cells, at)
        if not post or post.lower() in MISSING_TOKENS or name.lower() in _NO_NAME or is_total_label(post):
            # (a name cell that says no creator, `(blank)`, `-`, is no merged cell; nor is a
            # `Total` typed in the post column, left of the first sum: audit Y)
            head = None
            continue
        if post in posts or name in names:
            return
        posts.add(post)
        if name:
            names.add(name)
            head = cells
        elif head is not None:
            if _another_creator(cells, head, own):
                return  # another creator's tier or followers: a name missing
            merged = True
    source.merged_names = merged


def _another_creator(cells: list[str], head: list[str], own: list[int]) -> bool:
    """Whether a row under a named one gives another tier or follower count (`own`: the
    columns one creator has one value of) than that row: another creator's, not its post."""
    return any(
        _text_at(cells, i) and _text_at(head, i) and _text_at(cells, i) != _text_at(head, i) for i in own
    )


def _merged_posts(source: Source, rows: list[tuple[int, list[str]]], at: int) -> None:
    """The rows of a tracker without post IDs that are its creators' posts, when names are
    merged over them (see _merged_names): the rows with a name and figures, and under one
    the rows with a blank name, figures and a cell of their own besides (a date, a platform,
    a campaign), which are the named creator's next posts. Not a row of figures alone (a
    blank-labelled subtotal or total, `,,,20000,1000`), nor one whose every figure is the sum
    of the posts right above it (a subtotal labelled in another column, as Excel's Data ›
    Subtotal by platform writes `Instagram Summa`; or a post nothing tells from one), nor one
    with another tier or follower count: each ends the block. A row without figures (a
    section title, a note) ends it too. Rows are numbered as the reader numbers them (an
    empty line is no row). Sets source.merged_names and source.merged_posts."""
    figures = [i for role, i in source.columns.index.items() if role in POST_ROW_FIGURES]
    told = [i for role, i in source.columns.index.items() if role in POST_CONTEXT]
    told += [h.index for h in source.columns.headers if h.role == "label"]
    own = [i for role, i in source.columns.index.items() if role in _ONE_PER_CREATOR]
    if not figures:
        return
    names: set[str] = set()
    posts: list[int] = []
    above: list[list[float | None]] = []  # the figures of the posts so far, in order
    head: list[str] | None = None
    merged = False
    row = source.first_row - 1
    for _, cells in rows:
        if not cells:
            continue  # an empty line: no row to the reader
        row += 1
        if not any(c.strip() for c in cells):
            continue  # a blank row: skipped, and the rows around it stay neighbours
        name = _text_at(cells, at)
        values = [_cell_number(source, cells, i) for i in figures]
        if all(v is None for v in values) or name.lower() in _NO_NAME:
            head = None
            continue
        if name:
            if name in names:
                return  # names written on each of a creator's rows: a blank one is missing
            names.add(name)
            head = cells
        elif (
            head is None
            or not any(_given(_text_at(cells, i)) for i in told)
            or _sum_above(values, above)
            or _another_creator(cells, head, own)
        ):
            head = None
            continue
        else:
            merged = True
        posts.append(row)
        above.append(values)
    source.merged_names = merged
    source.merged_posts = tuple(posts) if merged else ()


def _sum_above(values: list[float | None], above: list[list[float | None]]) -> bool:
    """Whether every figure of a row is the sum of the same figure of the last rows `above`
    (one row or more; the last 200 at most): a subtotal."""
    present = [(j, v) for j, v in enumerate(values) if v is not None]
    if not present:
        return False
    totals = [0.0] * len(values)
    for prev in reversed(above[-200:]):
        for j, _ in present:
            totals[j] += prev[j] or 0.0
        if all(math.isclose(totals[j], v, rel_tol=1e-9, abs_tol=0.005) for j, v in present):
            return True
    return False


# A name cell that says no creator (an Excel pivot's `(blank)`, `-`, `N/A`): not a merged cell,
# which is empty below its first row.
_NO_NAME = frozenset(NAME_BLANKS) - {""}


def _text_at(cells: list[str], i: int) -> str:
    return cells[i].strip() if i < len(cells) else ""


def _given(text: str) -> bool:
    """A cell that holds something: not blank, not a missing-value spelling (`-`, `n/a`)."""
    return bool(text) and text.lower() not in MISSING_TOKENS


def _daily(texts: list[str], decided: dt.DateStyle | None = None, big: bool = False) -> bool:
    """Whether dates are an account's daily series: every row a calendar day, no day twice,
    no day left out between the first and the last, one time of day if any (TikTok Studio's
    Overview, YouTube's Chart data, Meta Business Suite's Reach). Posts a week apart, two
    posts on one day or posts at 09:15 and 18:40 are a tracker's posts (audit A, verify V-1).

    `big`: a date written twice says no before any is parsed. Parsing imports pandas (its
    pa.array), ~0.2 s of one core that a big file's CSV workers would wait for; a small
    file's one chunk, parsed on a worker beside that import, only slowed it (the sample's
    run, 165 rows: +4 %), so there pandas comes now, as ever."""
    times = {(int(t.group(1)), int(t.group(2))) for t in map(_TIME_OF_DAY.search, texts) if t}
    if not all(texts) or len(times) > 1:
        return False  # times of day that differ: posts at 09:15 and 18:40 (a series is at one hour)
    try:
        style = decided or dt.decide(list(enumerate(texts)))
    except (dt.DateMix, dt.DateDoubt):
        return False
    if style is None and all(map(dt.without_year, texts)):
        # TikTok Studio's `April 12`: which day follows which is all a series needs
        placed = dt.yearless_days(texts)
        if placed is None:
            return False
        texts, style = placed, dt.decide(list(enumerate(placed)))
    if style is None:
        return False
    if big and len(set(texts)) < len(texts):
        return False  # one day twice: posts (a post export's dates always repeat)
    import numpy as np
    import pyarrow as pa

    parsed = dt.parse(pa.array(texts, pa.string()), style)
    if parsed.bad_index is not None or np.isnat(parsed.values).any():
        return False
    # sorted(set()), not np.unique: a plain np.unique imports numpy.ma (8 ms of a small run)
    numbers = sorted(set(parsed.values.astype("datetime64[D]").astype(np.int64).tolist()))
    span = numbers[-1] - numbers[0] + 1
    # every day, or (a series of a week or more) at least 4 days in 5: exports leave out a
    # day without data, where a tracker's posts are days or weeks apart
    return len(numbers) == len(texts) and (
        span == len(texts) or (len(texts) >= 7 and len(texts) * 5 >= span * 4)
    )


# A figure as a cell writes it: `1,234`, `$1,234.50`, `-12`, `61.2K`, `(40)`.
_FIGURE = lazy_compile(r"[-+(]?\s*[$€£]?\s*\d[\d.,'\s\u00a0\u202f]*[KkMm]?\)?")
# A header naming an ID (`influencer_id`, `User ID`, `userId`): its numbers count nothing.
_ID_HEADER = lazy_compile(r"(?:^|[\s_.\-])(?:id|ID|Id)s?\s*$|(?<=[a-z])I[dD]s?\s*$")


# A header naming an amount of money (a sale's parts, a fee): no figure of a post, whatever
# language the rest of the file is in (audit H-5: Shopify's sales report `Discounts`,
# `Returns`, `Shipping`, `Taxes` beside `Net sales` made each discount code a post).
_MONEY = lazy_compile(
    r"(?i)(?:^|[\s_.\-(])(?:discounts?|coupons?|returns?|refunds?|refunded|shipping|taxe?s?|vat|duty|"
    r"duties|fees?|commissions?|margins?|profits?|costs?|prices?|subtotal|tips?|gift cards?|"
    r"payouts?|amount|gross|net)(?=$|[\s_.\-)])"
)
_MISSING = frozenset(MISSING_TOKENS)
_MANY_POSTS = 50  # more posts than most creators make in a campaign (see _check_ids)
# A campaign's post is seen more than this many times (a nano creator's Story, about 90):
# 3,126 "posts" over 62,000 impressions are IDs, or a roster's lifetime posts.
_SEEN_A_POST = 10


def _sparse(source: Source, rows: list[tuple[int, list[str]]], index: int) -> str:
    """Why a posts column's sum is more posts than the rows' audience allows (fewer than
    _SEEN_A_POST impressions, else views or reach, a post), or "" when it is not, or
    nothing tells. Over the first rows, a totals row among them: it adds to both sides."""
    posts = _whole_sum(v for _, v in _values(rows, index))
    if not posts:
        return ""
    for role in ("impressions", "views", "reach"):
        for head in source.columns.headers:
            if head.role == role:
                seen = _whole_sum(v for _, v in _values(rows, head.index))
                if seen and posts * _SEEN_A_POST > seen:
                    return f"{posts:,} posts over the first rows' {seen:,} {role}"
                return ""
    return ""


def _whole_sum(cells: Iterable[str]) -> int:
    """The sum of cells written as whole numbers, separators and all (`61,000`, `61.000`),
    or with a K or M (`61.2K`): a rough sum, to weigh posts against impressions."""
    total = 0
    for cell in cells:
        text = cell.strip()
        scaled = re.fullmatch(r"(\d+)(?:[.,](\d+))?\s*([KkMm])", text)
        if scaled:
            whole, part, unit = scaled.groups()
            total += int(float(f"{whole}.{part or 0}") * (1_000 if unit in "Kk" else 1_000_000))
            continue
        digits = re.sub(r"[\s,.'’\u00a0\u202f]", "", text)
        if digits.isdigit():
            total += int(digits)
    return total


def _words(cell: str) -> bool:
    """Text with no digit (`Reel`, `Story`, a caption), not a blank marker."""
    if cell.lower() in _MISSING or re.search(r"\d", cell):
        return False
    return re.search(r"[^\W\d_]", cell) is not None


def _names_a_post(cell: str) -> bool:
    """A post's ID or URL: a link, or letters with digits (`IG-101`, `dQw4w9WgXcQ`), not a
    count (`12`, `1.2K`), a word (`Reel`), a caption or a blank marker."""
    if not cell or cell.lower() in _MISSING or re.search(r"\s", cell):
        return False
    if re.search(r"://|^www\.|/", cell):
        return True
    return bool(re.search(r"[A-Za-z]", cell) and re.search(r"\d", cell)) and not re.fullmatch(
        r"[\d.,]+[KkMm]?", cell
    )


def _numeric_headers(source: Source) -> list[tuple[int, str]]:
    numeric = set(source.kind.numeric)
    return [
        (h.index, h.text)
        for h in source.columns.headers
        if h.role in numeric or (h.role or "").startswith("ratio")
    ]


_LATE = 100  # rows between the first number that reads both ways and the one that tells
_BOTH_WAYS = re.compile(r"(?<![\d.,])\d{1,3}[.,]\d{3}(?![\d.,])")  # 12,500 or 1.234: a thousand or a fraction


def _decide_decimal(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """One decimal mark for the whole file: the user's, else what the numbers show, else a guess."""
    if source.options.decimal is not None:
        source.decimal = DecimalMark(source.options.decimal)
        return
    cells = [
        (row, text, value) for index, text in _numeric_headers(source) for row, value in _values(rows, index)
    ]
    ways = [_BOTH_WAYS.search(value) is not None for _, _, value in cells]  # looked for once a cell
    both_ways = [row for (row, _, _), way in zip(cells, ways, strict=True) if way]
    source.decimal_ambiguous = bool(both_ways)
    try:
        found = decide_decimal(cells)
    except DecimalMix as mix:
        raise InputError(
            f"{source.name}: numbers are written with both decimal marks: {_where(mix.comma)} and "
            f"{_where(mix.point)}; give --decimal-comma or --decimal-point, or write them one way"
        ) from None
    guess = _decimal_guess(source)
    if found is not None:
        ignored = {h.text for h in source.columns.headers if (h.role or "").startswith("ratio")}
        kept = [(cell, way) for cell, way in zip(cells, ways, strict=True) if cell[1] not in ignored]
        read = [cell for cell, _ in kept]
        doubt = next((cell for cell, way in kept if way), None)
        if found.column in ignored:
            # The ratio column came first; a column kpi reads may tell too (`3,333.04`
            # revenue after a `2.01%` CTR): that one is the file's word (audit V-2).
            found = decide_decimal(read) or found
        if found.column in ignored and doubt is not None and guess is not None and guess[0] != found.mark:
            # Only a column kpi does not read tells, and the file's kind says otherwise:
            # `30.000` impressions would be thirty, or thirty thousand, on a CPC's word.
            row, text, value = doubt
            raise InputError(
                f"{source.name}: {quoted(value)} ({row_at(row)}, column {quoted(text)}) reads both ways; "
                "only "
                f"{_where(found)}, a column kpi does not read, shows a decimal {MARK_NAMES[found.mark]}, "
                f"while the file suggests a decimal {MARK_NAMES[guess[0]]} ({guess[1]}): "
                "give --decimal-comma or --decimal-point"
            )
        counts = {h.text for h in source.columns.headers if h.role in WHOLE_COUNTS}
        after_mark = re.compile(rf"{re.escape(found.mark)}(\d+)")
        for (row, text, value), way in kept:
            if text not in counts or not way:
                continue
            fraction = after_mark.search(value)
            if fraction and fraction.group(1).strip("0"):
                # `1.234` likes in a decimal-point file: a count of one and a fraction (`0.000`
                # is none: Snapchat writes counts so).
                thousands = _GROUPED.fullmatch(value.strip()) is not None  # `0.042` cannot be
                other = MARK_NAMES[OTHER_MARK[found.mark]]
                flip = (
                    f"if {quoted(value)} means {value.replace(found.mark, '')}, give --decimal-{other}; "
                    if thousands
                    else ""
                )
                raise InputError(
                    f"{source.name}: {quoted(value)} ({row_at(row)}, column {quoted(text)}) would be "
                    "a count with "
                    f"a fraction: {_where(found)} shows a decimal {MARK_NAMES[found.mark]}, and counts are "
                    f"whole numbers; {flip}if the column holds rates or averages, --map '{text}=ignore'"
                )
        _round_thousands(source, found, read, counts)
        source.decimal = found
        # Numbers that read both ways well above the cell that told (`12,500` for 4,000
        # rows, then `12,5`): worth a note naming it.
        source.decimal_late = bool(both_ways) and (found.row is None or found.row - min(both_ways) > _LATE)
        return
    whole = _whole_counts(source, cells, guess[0] if guess is not None else ".")
    if whole is not None:  # `12.500` impressions: twelve thousand five hundred, whatever the guess
        source.decimal = whole
        source.decimal_guess = (
            f"counts are whole numbers, and {quoted(whole.value)} ({row_at(whole.row)}, column "
            f"{quoted(whole.column)}) "
            f"groups thousands with a {MARK_NAMES[OTHER_MARK[whole.mark]]}"
        )
    elif guess is not None:
        source.decimal = DecimalMark(guess[0])
        source.decimal_guess = guess[1]
    else:
        # `1.200` revenue where nothing else tells (audit k, finding 5): the point this falls
        # back on makes it 1.2, a German sheet saved comma-separated means 1,200; kpi asks.
        # (`12,500` reads as thousands with the point, as a US sheet means it: read so.)
        # The number without its currency mark (`$1.234`, `1.234 €`, `EUR 1.234`: audit E-1).
        money = {h.text for h in source.columns.headers if h.role in source.kind.money}
        amount = next(
            ((r, t, v.strip(), body) for r, t, v in cells
             if t in money and not multiplied(v) and _POINT_GROUPED.fullmatch(body := number_body(v))),
            None,
        )  # fmt: skip
        if amount is not None:
            row, text, value, body = amount
            as_point, as_whole = f"{float(body):g}", body.replace(".", "")
            raise InputError(
                f"{source.name}: {quoted(value)} ({row_at(row)}, column {quoted(text)}) reads as "
                f"{as_point} or as {as_whole}, and no number in the file tells which; give "
                f"--decimal-point if it is {as_point}, --decimal-comma if it is {as_whole}"
            )
        source.decimal = DecimalMark(".")
        source.decimal_guess = "no number in the first rows shows a decimal mark"


def _digits_after(value: str, mark: str) -> int:
    """How many ASCII digits come after the first `mark` in `value`; -1 without one."""
    at = value.find(mark)
    return -1 if at < 0 else sum(c in "0123456789" for c in value[at + 1 :])


def _round_thousands(
    source: Source, found: DecimalMark, read: list[tuple[int, str, str]], counts: set[str]
) -> None:
    """Refuse a round thousand grouped with the other mark (`"12,000"` impressions) that the
    decimal mark one cell shows (`1,2K` likes) would make a whole number with three zero
    decimals (12): the fraction test above passes it. A US tracker typed by several people
    read impressions 50 for 50,000 and an engagement rate of 6,920 % (audit J-10). So is an
    amount with three decimals in a decimal-comma file (`"$1,500"` fees as $1.50): money
    has two. Counts written with three decimals elsewhere in the file (Snapchat's
    `412380.000`, `0.000`) show the style, and then `12.000` is twelve; so does a column whose
    own cells show the mark (`12,5` spend below `12,500`)."""
    mark, group = re.escape(found.mark), re.escape(OTHER_MARK[found.mark])
    money = {h.text for h in source.columns.headers if h.role in source.kind.money}
    checked = counts | (money if found.mark == "," else set())
    style = re.compile(rf"[-+]?(?:0|\d{{4,}}|\d{{1,3}}(?:{group}\d{{3}})+){mark}\d{{3}}")  # 412380.000
    one_group = re.compile(
        rf"[-+]?[1-9]\d{{0,2}}({mark})\d{{3}}"
    )  # 12,000 or 1,500: a thousand, or a fraction
    # Both patterns end in the mark and three digits, and a cell's body (number_body) is
    # its text with digits and marks in ASCII (ascii_digits) and characters left out: a
    # cell with fewer than three digits after its first mark so written has no such body.
    # Most cells of a file (`1.306,81 €`) are left out before number_body (12 µs a cell).
    cells = [
        (row, text, value.strip(), number_body(value))
        for row, text, value in read
        if text in checked and _digits_after(ascii_digits(value), found.mark) >= 3
    ]
    if any(style.fullmatch(body) for _, _, _, body in cells):
        return
    doubtful = [
        (row, text, value, body)
        for row, text, value, body in cells
        # not `1,200K` (its comma can only be a decimal mark), nor `8,500` likes (the
        # fraction test above has named it)
        if one_group.fullmatch(body)  # first: multiplied's pattern is the slower
        and not (text in counts and body.split(found.mark)[1].strip("0"))
        and not multiplied(value)
    ]
    if not doubtful:
        return
    # A column whose own cells show the mark (`12,500` beside `12,5` spend) writes one way.
    columns = {text for _, text, _, _ in doubtful}
    told = {text for row, text, value in read if text in columns and
            (mark_of := decide_decimal([(row, text, value)])) and mark_of.mark == found.mark}  # fmt: skip
    for row, text, value, body in doubtful:
        if text in told:
            continue
        as_mark = f"{float(body.replace(found.mark, '.')):g}"
        as_whole = body.replace(found.mark, "")
        other = MARK_NAMES[OTHER_MARK[found.mark]]
        raise InputError(
            f"{source.name}: {quoted(value)} ({row_at(row)}, column {quoted(text)}) reads as {as_whole} "
            f"or as {as_mark}: {_where(found)} shows a decimal {MARK_NAMES[found.mark]}, which makes it "
            f"{as_mark}; if it is {as_whole}, write {quoted(found.value)} with a decimal {other}; if it is "
            f"{as_mark}, give --decimal-{MARK_NAMES[found.mark]}"
        )


# A count written with one thousands separator (`12.500`, `1,120`): no count has a fraction.
_GROUPED = lazy_compile(r"[-+]?[1-9]\d{0,2}([.,])\d{3}")
_POINT_GROUPED = lazy_compile(r"[-+]?[1-9]\d{0,2}\.\d{3}")  # `1.200`: 1.2, or 1,200 grouped with a point
_UNGROUPED = lazy_compile(r"[-+]?[1-9]\d{3,}")  # a thousand or more, written without a separator


def _whole_counts(source: Source, cells: list[tuple[int, str, str]], guess: str) -> DecimalMark | None:
    """The decimal mark that keeps counts whole, when no cell shows one and a count reads
    both ways: a German-locale sheet saved as a comma-separated file writes 12.500
    impressions, which a decimal point (the guess for `,` files) would make 12.5.

    Counts grouped both ways (`12.500` and `1,120`) cannot both be whole: an error."""
    counts = {h.text for h in source.columns.headers if h.role in WHOLE_COUNTS}
    seen: dict[Decimal, tuple[int, str, str]] = {}  # thousands separator -> the first cell with it
    plain: tuple[int, str, str] | None = None  # a count of a thousand or more with no separator
    for row, text, value in cells:
        if text not in counts:
            continue
        if _UNGROUPED.fullmatch(value.strip()):
            plain = plain or (row, text, value.strip())
        elif grouped := _GROUPED.fullmatch(value.strip()):
            seen.setdefault(cast(Decimal, grouped.group(1)), (row, text, value.strip()))
    if len(seen) == 1 and plain is not None:
        separator, (row, text, value) = next(iter(seen.items()))
        if separator == guess:  # `42.000` where the guess is a decimal point: the two disagree
            # ... beside `84000` followers: grouped thousands in a file that also writes them
            # plain, or a rate (`Engagement` 4.250) beside counts: kpi asks. (`"12,500"` with
            # a point guessed agrees with the guess: read so, as before.)
            p_row, p_text, p_value = plain
            fraction, thousands = MARK_NAMES[separator], MARK_NAMES[OTHER_MARK[separator]]
            raise InputError(
                f"{source.name}: {quoted(value)} ({row_at(row)}, column {quoted(text)}) reads as a "
                "thousand grouped "
                f"or as a fraction, and {quoted(p_value)} ({row_at(p_row)}, column {quoted(p_text)}) "
                "is written "
                f"without a separator: give --decimal-{thousands} if {quoted(value)} is "
                f"{value.replace(separator, '')}, else --decimal-{fraction} (and --map '{text}=ignore' "
                "if the column holds rates, not counts)"
            )
        return None  # the guess reads it as thousands too
    if len(seen) == 2:
        (row1, col1, v1), (row2, col2, v2) = seen["."], seen[","]
        raise InputError(
            f"{source.name}: counts are grouped with a point in {quoted(v1)} (row {row1:,}, column "
            f"{quoted(col1)}) "
            f"and with a comma in {quoted(v2)} (row {row2:,}, column {quoted(col2)}); write every "
            "number one way, "
            "or give --decimal-comma or --decimal-point"
        )
    if not seen:
        return None
    separator, (row, text, value) = next(iter(seen.items()))
    return DecimalMark(OTHER_MARK[separator], row, text, value)


def _decimal_guess(source: Source) -> tuple[Decimal, str] | None:
    """The decimal mark the file's kind suggests (its export's habit, a `;` delimiter),
    and why; None when nothing does."""
    match = source.columns.profile
    habit = match.profile.habit(match.language, "decimal") if match is not None else None
    if match is not None and habit is not None:
        return habit, f"as {_exports(match)} write numbers"
    if source.delimiter == ";":
        return ",", "a semicolon-separated file, as Excel writes where the comma is the decimal mark"
    return None


def _decide_text_columns(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """Number columns whose first rows are written in a way pyarrow's typed reader cannot take
    (`"26,102"`, `$1,234.56`, `N/A`) go to the text path from the start.

    Only a head start: a column found out later still falls back when its first cell like
    that comes. Each fall back parses the chunk again, and a spreadsheet's export with a
    dozen such columns parsed its first chunks a dozen times (a second of a 1M-row file)."""
    typed = _TYPED_NUMBER[source.decimal.mark]
    wanted = set(source.kind.counts) | set(source.kind.money)
    for head in source.columns.headers:
        if head.role in wanted and any(
            value and not typed.fullmatch(value) for _, value in _values(rows, head.index)
        ):
            source.text_columns.add(head.role)


# What the typed reader takes for a count or money cell, by decimal mark.
_TYPED_NUMBER = {".": re.compile(r"-?\d+(?:\.\d+)?"), ",": lazy_compile(r"-?\d+(?:,\d+)?")}


def _where(mark: DecimalMark) -> str:
    return f"{quoted(mark.value)} ({row_at(mark.row)}, column {quoted(mark.column)})"


def _decide_dates(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    hint = _dayfirst_hint(source)
    for header in source.columns.headers:
        if header.role != "date" or "date" not in source.kind.canonical:
            continue
        values = list(_values(rows, header.index))
        try:
            style = dt.decide(values, source.options.dayfirst, hint)
        except dt.DateMix as mix:
            raise InputError(
                f"{source.name}, column {quoted(header.text)}: mixes {mix.what}: {_cell(mix.first)} and "
                f"{_cell(mix.second)}; write every date of the column one way (e.g. 2025-03-31)"
            ) from None
        except dt.DateDoubt as doubt:
            raise InputError(f"{source.name}, column {quoted(header.text)}: {doubt}") from None
        if style is None and _yearless(source, header, values):
            continue
        if style is not None and style.guessed:
            style = _other_columns(source, rows, header.index, style) or style
        if style is not None and style.guessed and source.kind is DAILY_COLUMNS:  # a row per day
            style = dt.consecutive(values, style) or style
        if style is not None:
            refuse_months(source, header.text, style)
            source.dates["date"] = style
    _decide_end_dates(source, rows, hint)


def _decide_end_dates(
    source: Source, rows: list[tuple[int, list[str]]], hint: tuple[bool, str] | None
) -> None:
    """Where each row's period ends (Meta's `Reporting ends`) is read as the date column is,
    unless its own cells show another style that reads one way only: `2025-04-30` beside a
    `Day` of `3/14/2025` was refused as "not a date in this column's style, month/day/year",
    a style its column never had (audit Y)."""
    style, ends = source.dates.get("date"), source.columns.role_index("date end")
    if style is None or not ends:
        return
    try:
        own = dt.decide(list(_values(rows, ends[0])), source.options.dayfirst, hint)
    except (dt.DateMix, dt.DateDoubt):
        return  # the reader names the cell
    if own is not None and not own.guessed and (own.order, own.sep) != (style.order, style.sep):
        source.dates["date end"] = own


def _yearless(source: Source, header: Header, values: list[tuple[int, str]]) -> bool:
    """Whether a date column writes every date without its year, each with its month's name
    (TikTok Studio's `April 12`, `8 de marzo`): it is left unread, so the figures are scored
    without dates, and `--by date` says why it cannot be (score.yearless_dates). A date
    placed in a year kpi guessed would be a silently wrong date range."""
    filled = [(row, v.strip()) for row, v in values if v.strip()]
    if source.kind is not SCORE_COLUMNS or not filled:
        return False
    if any(not dt.without_year(v) or dt.month_day(v) is None for _, v in filled):
        return False
    header.role, header.reason = None, "dates without a year"
    source.yearless = (header.text, *filled[0])
    return True


def refuse_months(source: Source, header: str, style: dt.DateStyle) -> None:
    """A column of months (`Dec 2026`) in `kpi lift`'s daily series: a month is no day there."""
    if style.months and source.kind is not SCORE_COLUMNS:
        raise InputError(
            f"{source.name}, column {header!r}: {style.why.split(':')[0]}, and a daily series needs "
            "one row per day; export it by day (2025-03-31)"
        )


def _other_columns(
    source: Source, rows: list[tuple[int, list[str]]], skip: int, style: dt.DateStyle
) -> dt.DateStyle | None:
    """The order another column of dates in the file shows (`Reporting ends` with a 31/03/2025),
    for a date column whose own values read both ways: one program wrote them all."""
    for header in source.columns.headers:
        if header.index == skip:
            continue
        values = [(row, v) for row, v in _values(rows, header.index) if v.strip()]
        shaped = [(row, v) for row, v in values if (found := dt.shape_of(v)) and found[0] == "num"]
        if not shaped or len(shaped) < len(values) / 2:
            continue
        try:
            other = dt.decide(shaped)
        except (dt.DateMix, dt.DateDoubt):
            continue
        if other is None or other.guessed or other.order not in ("mdy", "dmy"):
            continue
        if other.sep == style.sep:
            return dt.DateStyle(other.order, style.sep, why=f"{other.why} in column {quoted(header.text)}")
    return None


def _share_date_orders(sources: list[Source]) -> None:
    """Files of one layout in one run (the same headers: the monthly files of one tracker)
    were written by one program, which writes its dates one way. A file whose dates all
    read both ways (01/04/2025 … 10/04/2025) takes the order another file of the layout
    shows (14/03/2025), as a column takes it from a sibling column (_other_columns). Files
    of one layout that show opposite orders are each read their own way, and say so."""
    layouts: dict[tuple[str, tuple[str, ...]], list[Source]] = {}
    for source in sources:
        style = source.dates.get("date")
        if style is not None and style.order in ("mdy", "dmy") and source.options.dayfirst is None:
            layouts.setdefault((style.sep, tuple(normalise(h) for h in source.headers)), []).append(source)
    for group in layouts.values():
        shown: dict[str, Source] = {}  # order -> the first file whose own dates show it
        for source in group:
            if not source.dates["date"].guessed:
                shown.setdefault(source.dates["date"].order, source)
        if len(shown) == 2:
            told = {order: f"{_FIRST[order]} ({src.dates['date'].why})" for order, src in shown.items()}
        for source in group:
            style = source.dates["date"]
            if len(shown) == 1 and style.guessed:
                ((order, proof),) = shown.items()
                other = "--monthfirst" if order == "dmy" else "--dayfirst"
                why = f"{proof.dates['date'].why} in {proof.name}, a file with the same columns"
                source.dates["date"] = dt.DateStyle(order, style.sep, why=f"{why}; {other} if not", say=True)
            elif len(shown) == 2 and style.guessed:
                day, month = shown["dmy"].name, shown["mdy"].name
                why = (
                    f"files with the same columns disagree: {day} shows {told['dmy']}, {month} {told['mdy']}"
                )
                source.dates["date"] = style._replace(why=why)
            elif len(shown) == 2:
                opposite = "mdy" if style.order == "dmy" else "dmy"
                why = f"{style.why}; but {shown[opposite].name}, a file with the same columns, shows "
                why += f"{told[opposite]}; each file is read its own way"
                source.dates["date"] = style._replace(why=why, say=True)


_FIRST = {"dmy": "day first", "mdy": "month first"}


def _exports(match: Match) -> str:
    """`TikTok Ads Manager exports in French`, to say whose habit a guess follows."""
    language = f" in {match.language}" if match.language != "English" else ""
    return f"{match.profile.name} exports{language}"


# Result types that count a sale or a lead: Meta's action keys and the labels of its reports.
PURCHASES = lazy_compile(
    r"purchase|lead|complete_?payment|checkout|\bachats?\b|\bkäufe\b|\bcompras?\b|\bacquisti\b|prospects"
    r"|\baankopen\b|購入",  # Dutch and Japanese Ads Manager (audit M-3)
    re.IGNORECASE,
)


def _results_as_conversions(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """An ads manager's Results counts whatever each campaign optimises for, so it is never
    conversions, except in a file with no purchases column whose result type says purchases
    (or leads) on every row. Rows read later are checked too (see frames.py)."""
    if "conversions" in source.columns.mapped:
        return
    results = [h for h in source.columns.headers if h.results]
    types = source.columns.role_index("result type")
    if len(results) != 1 or not types:
        return
    head = results[0]
    values = [(row, v.strip()) for row, v in _values(rows, types[0]) if v.strip()]
    other = next(((row, v) for row, v in values if not PURCHASES.search(v)), None)
    if other is not None and any(PURCHASES.search(v) for _, v in values):
        where = f"on row {other[0]:,}" if other[0] else "near the end of the file"
        head.reason = (
            f"mixes result types ({quoted(other[1])} {where}), so it is not conversions; "
            f"--map '{head.text}=conversions' if it should be"
        )
    if not values or other is not None:
        return
    head.role, head.via = "conversions", "result type"
    head.reason = None
    source.results_by = types[0]


def _cell(found: tuple[int, str]) -> str:
    row, value = found
    return f"{quoted(value)} (row {row:,})" if row else f"{quoted(value)} (near the end of the file)"


def _dayfirst_hint(source: Source) -> tuple[bool, str] | None:
    """The guess for dates that read both ways (03/04/2025), from how the file is written."""
    for head in source.columns.headers:  # a units line under the header: `(dd/mm/yyyy)`
        unit = source.units[head.index].strip("()[] ").lower() if head.index < len(source.units) else ""
        if head.role == "date" and re.fullmatch(r"[dm]{1,4}(?:[./ -][dmy]{1,4}){2}", unit):
            return unit[0] == "d", f"the units line under the header writes {unit}"
    if source.decimal.mark == "," and (source.decimal.row is not None or source.delimiter == ";"):
        # Saved where the comma is the decimal mark (a platform's file resaved by Excel, too).
        return True, "a decimal-comma file, written where dates are day first"
    match = source.columns.profile
    habit = match.profile.habit(match.language, "dayfirst") if match is not None else None
    if match is not None and habit is not None:
        order = "day first" if habit else "month first"
        return habit, f"{_exports(match)} write dates {order}"
    if source.decimal.mark == ",":
        return True, "a decimal-comma file, written where dates are day first"
    if source.currency.code in _DAY_FIRST_MONEY:
        return True, f"money in {source.currency.code}, written where dates are day first"
    return None


# Currencies of countries that write 03/04/2025 as 3 April.
_DAY_FIRST_MONEY = frozenset(
    {
        "EUR", "GBP", "CHF", "BRL", "AUD", "NZD", "INR", "ZAR", "PLN", "SEK", "NOK",
        "DKK", "CZK", "HUF", "RON", "TRY", "ARS", "CLP", "COP", "PEN", "IDR", "VND",
    }
)  # fmt: skip


def _decide_currency(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """The currency of the file's money: --currency, else what headers, a currency column and
    money cells say. Two currencies are an error unless --currency names the one to use."""
    seen: dict[str, str] = {}
    money = set(source.kind.money)
    for header in source.columns.headers:
        if header.currency and (header.role in money or (header.role or "").startswith("ratio")):
            seen.setdefault(header.currency, f"header {quoted(header.text)}")
    _currency_by_cells(source, rows)
    for index in source.columns.role_index("currency"):
        name = source.headers[index]
        for row, value in _values(rows, index):
            where = f"column {quoted(name)}, row {row:,}" if row else f"column {quoted(name)}"
            code = currency_cell(value)
            if code:
                seen.setdefault(code, where)
            elif code is None:
                unknown_currency(source, value.strip(), where, seen)
    for header in source.columns.headers:
        if header.role in money:
            for _, value in _values(rows, header.index):
                for symbol in _symbols(value):
                    seen.setdefault(symbol, f"{quoted(value.strip())} in column {quoted(header.text)}")
    if source.options.currency is not None:
        source.currency = Currency(source.options.currency, "--currency")
        said = source.options.currency
        stated = [
            (c, w) for c, w in resolve_currencies({**seen, said: "--currency"}).items() if w != "--currency"
        ]
        # The user's word goes, but kpi converts nothing: the score warns (even under -q)
        # and the JSON `reading` record keeps what the file states.
        source.relabelled = {code: where for code, where in stated if code != source.currency.code}
        return
    settle_currency(source, seen)


# A header naming the currency its row's money is in, under another name than the profiles'
# `Currency` (`Payment currency`, `Billing currency`, `Currency type`, de `Zahlungswährung`).
_CURRENCY_HEADER = lazy_compile(
    r"currenc|\bccy\b|\bcurr\b|w[äa]hrung|devise|moneda|divisa|moeda|valuta|waluta", re.IGNORECASE
)


def _currency_by_cells(source: Source, rows: list[tuple[int, list[str]]]) -> None:
    """An unread column whose header says currency and whose sniffed cells are all currency
    codes or marks (`EUR`, `USD`, `€`) is the file's currency column when it has none (audit
    W-2: a tracker's `Payment currency` of EUR and USD rows was left unread, and euros and
    dollars were added up as dollars, with nothing said)."""
    if source.kind is not SCORE_COLUMNS or source.columns.role_index("currency"):
        return  # (a client list's currency is no money kpi adds up)
    for head in source.columns.headers:
        if head.role is not None or head.via == "--map" or not _CURRENCY_HEADER.search(head.text):
            continue
        cells = [currency_cell(value) for _, value in _values(rows, head.index)]
        if any(cells) and all(c is not None for c in cells):
            head.role, head.via, head.reason = "currency", "cells", None
            head.note = "read as the currency of each row's money: its cells are currency codes"
            return


# Cells of a currency column that say nothing: blank, `--`, `N/A` (Google Ads' totals rows).
_NO_CURRENCY = frozenset({"", "-", "--", "—", "–", "n/a", "na", "none", "null", "nan"})


def currency_cell(value: str) -> str | None:
    """The code (or the mark: a bare `$`, `kr`) a currency column's cell names, `` for a cell
    that names none (blank, `--`), None for a word that is no currency kpi knows (`Euro`)."""
    word = value.strip()
    if word.lower() in _NO_CURRENCY:
        return ""
    if word.upper() in CURRENCY_CODES:
        return word.upper()
    if word == "$" or word in SYMBOLS or word in SHARED:  # `€`, `£`: as money cells write them
        return currency_code(word)
    return None


def unknown_currency(source: Source, word: str, where: str, seen: Mapping[str, str]) -> None:
    """A currency column's word kpi cannot read (`Euro`, `US Dollar`) is left alone while it
    is the column's only value; beside another value it is an error, as the money of the two
    would be added up in one currency (audit W-1). Not under --currency: the user said which."""
    if source.options.currency is not None:
        return
    source.currency_words.setdefault(word, where)
    others = {**{w: at for w, at in source.currency_words.items() if w != word}, **seen}
    if others:
        other, at = next(iter(others.items()))
        raise InputError(
            f"{source.name}: the currency column names {quoted(word)} ({where}) and "
            f"{quoted(other)} ({at}), and kpi cannot tell which currency {quoted(word)} is; "
            "write ISO codes (EUR, USD), score one currency at a time, or give --currency "
            "if the figures are all in one"
        )


def settle_currency(source: Source, seen: dict[str, str]) -> None:
    """Take the currency marks seen so far (code -> where) as the file's currency; two
    currencies are an error naming both (unless --currency said which, checked earlier)."""
    codes = resolve_currencies(seen)
    if len(codes) > 1:
        (a, where_a), (b, where_b) = list(codes.items())[:2]
        raise InputError(
            f"{source.name}: money in two currencies, {a} ({where_a}) and {b} ({where_b}); "
            f"score one currency at a time, or give --currency {a} if the figures are all in {a}"
        )
    source.currencies_seen = dict(seen)
    if codes:
        ((code, where),) = codes.items()
        guess = _guess(seen, code)
        if guess:
            where = f"{where}, {guess[0]!r} taken as {code}"
        if source.currency.code != code or bool(source.currency.guess) != bool(guess):
            source.currency = Currency(code, where, guess[1] if guess else "")


def _guess(seen: dict[str, str], code: str) -> tuple[str, str] | None:
    """(mark, what kpi says) when `code` is only what a mark several currencies write stands
    for (`kr` as SEK), no code in `seen` naming it; else None."""
    if code in seen:
        return None
    for mark in seen:
        if SYMBOLS.get(mark) == code and mark in SHARED:
            alike = ", ".join(SHARED[mark][:-1]) + f" and {SHARED[mark][-1]}"
            others = [c for c in SHARED[mark] if c != code]
            instead = ", ".join(others[:-1]) + f" or {others[-1]}" if len(others) > 1 else others[0]
            return mark, (
                f"{mark!r} is written for {alike} alike: its money is shown as {code}; give --currency "
                f"{instead} if it is not in {code}"
            )
    return None


_CELL_SYMBOLS = lazy_compile(
    "|".join(
        re.escape(s)
        for s in sorted(SYMBOLS, key=len, reverse=True)
        if not s.rstrip(".").isalpha() or s == "CHF"
    )
    + "|\\b(" + "|".join(sorted(CURRENCY_CODES)) + ")\\b"
)  # fmt: skip


def _symbols(value: str) -> set[str]:
    return {currency_code(m.group(0)) for m in _CELL_SYMBOLS.finditer(value)}


def currency_code(mark: str) -> str:
    """The code a currency mark in a cell stands for; a bare `$` stays `$`, and a mark several
    currencies write (`kr`, `¥`) stays itself (see `resolve_currencies`)."""
    if mark.upper() in CURRENCY_CODES:
        return mark.upper()
    return mark if mark == "$" or mark in SHARED else SYMBOLS.get(mark, mark)


def resolve_currencies(seen: dict[str, str]) -> dict[str, str]:
    """Currency codes seen (code -> where), with a bare `$` (written for USD, CAD, AUD, MXN...
    alike) taken as the dollar currency another mark names, else as USD."""
    codes = dict(seen)
    dollar = codes.pop("$", None)
    if dollar is not None and any(_PREFIXED.search(where) for where in codes.values()):
        codes["$"] = dollar  # `$` beside `CA$` in the cells: another dollar than CA$, but which?
    elif dollar is not None and not any(c in _DOLLARS for c in codes):
        codes.setdefault("USD", dollar)
    # `kr` beside a Currency column's NOK (or --currency DKK) is that krone; alone, the
    # currency SYMBOLS gives, which settle_currency says is a guess (audit E-7).
    pending = {}
    for mark in [m for m in codes if m in SHARED]:
        where = codes.pop(mark)
        if not any(c in SHARED[mark] for c in codes):
            pending[mark] = where
    common = set.intersection(*(set(SHARED[m]) for m in pending)) if pending else set()
    if len(pending) > 1 and common:  # `kr` and `kr.`: the krone both may be (verify E V-3)
        first = min(pending, key=lambda m: len(SHARED[m]))
        code = SYMBOLS[first] if SYMBOLS[first] in common else next(c for c in SHARED[first] if c in common)
        codes.setdefault(code, pending[first])
    else:
        for mark, where in pending.items():
            codes.setdefault(SYMBOLS[mark], where)
    return codes


_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "MXN", "HKD", "SGD"})
# A dollar with its country written in a cell (`CA$`, `US$`, `MX$`, `A$`): a file that writes
# one so writes `$` for another (en-US shows CAD as CA$, en-CA shows USD as US$; CLDR).
_PREFIXED = lazy_compile(r"^['\"].*(?<![A-Za-z])(?:US|CA|C|AU|A|NZ|MX|HK|S)\$")

# `Report Start: March 1, 2025, 12:00 AM`, `Date range: 2025-03-01 - 2025-03-31`,
# `1 March 2025 - 31 March 2025`
_START = lazy_compile(
    r"^(?:report(?:ing)?\s+)?(?:start(?:\s+date)?|from|begin)\s*[:=]\s*(.+)$", re.IGNORECASE
)
_END = lazy_compile(r"^(?:report(?:ing)?\s+)?(?:end(?:\s+date)?|to|until)\s*[:=]\s*(.+)$", re.IGNORECASE)
# Japanese reports join the two dates with a wave dash or a full-width tilde, unspaced:
# `2025年3月1日～2025年3月31日` (audit M-4).
_RANGE = lazy_compile(r"\s+(?:-|–|—|to|bis|au|al|a|até)\s+|\s*\.\.\s*|\s*[～〜]\s*")
_FROM = lazy_compile(r"^\D{1,60}?\bfrom\s+(?=\d)", re.IGNORECASE)  # words before `from 03-01-2025`


def _period(preamble: list[str], dayfirst: bool) -> tuple[str, str] | None:
    """A reporting period written above the header, as ISO dates, if there is one."""
    start = end = None
    for line in preamble:
        # GA4 writes its lines above the header as comments: `# Start date: 20250101` (audit A-9)
        text = line.strip().removeprefix("#").strip().strip('"')
        if (found := _START.match(text)) and start is None:
            if dt.parse_one(found.group(1).strip(), dayfirst) is not None:
                start = found.group(1).strip()
            continue
        if (found := _END.match(text)) and end is None:
            if dt.parse_one(found.group(1).strip(), dayfirst, end=True) is not None:
                end = found.group(1).strip()
            continue
        body = text.split(":", 1)[1].strip() if re.match(r"^[^:\d]{1,40}:", text) else text
        # Amazon Associates: `Fee-Orders reports from 03-01-2025 to 03-31-2025` (audit O-10)
        body = _FROM.sub("", body)
        parts = _RANGE.split(body)
        if len(parts) == 2 and (both := _period_days(parts[0].strip(), parts[1].strip(), dayfirst)):
            return both
    if start is not None and end is not None:
        return _period_days(start, end, dayfirst)
    return None


def _period_days(start: str, end: str, dayfirst: bool) -> tuple[str, str] | None:
    """Both ends of a period, read in one order: `01.03.2025 - 31.03.2025` is 1 to 31 March, as
    its `31` tells, not 3 January to 31 March (audit P-6: each end was read alone)."""
    for text in (start, end):
        found = dt.shape_of(text)
        if found is not None and found[0] == "num":
            first, second = int(found[1].group("a")), int(found[1].group("b"))
            if first > 12 >= second:
                dayfirst = True
            elif second > 12 >= first:
                dayfirst = False
    a, b = dt.parse_one(start, dayfirst), dt.parse_one(end, dayfirst, end=True)
    if a is not None and b is not None and a <= b:
        return str(a), str(b)
    return None


# --------------------------------------------------------------------------- duplicates


def _mark_duplicates(sources: list[Source]) -> None:
    """Mark an input whose bytes equal an earlier one's: the same export given twice would
    double every figure. Only inputs of the same size are hashed, so this costs nothing usually.

    The digests live for this call only: kept by `id()` across calls (a notebook scoring
    files again and again), a new input could take a freed one's id and its digest, and be
    skipped as a copy of a file it is not."""
    by_size: dict[int, list[Source]] = {}
    digests: dict[int, bytes] = {}
    for source in sources:
        for earlier in by_size.get(source.size, []):
            if _digest(earlier, digests) == _digest(source, digests):
                source.duplicate_of = earlier.name
                break
        by_size.setdefault(source.size, []).append(source)


def _digest(source: Source, digests: dict[int, bytes]) -> bytes:
    key = id(source)
    if key not in digests:
        digest = blake2b(digest_size=16)
        if source.data is not None:
            digest.update(source.data)
        else:
            assert source.path is not None
            with open(source.path, "rb") as fh:
                try:
                    with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
                        digest.update(view)
                except ValueError:  # empty
                    pass
        digests[key] = digest.digest()
    return digests[key]


# --------------------------------------------------------------------------- notes


_READ_ROLES = ("currency", "date end", "status", "voided", "order")  # read, though not as figures


def describe_columns(source: Source) -> str:
    """One stderr line saying which headers were recognised and which were ignored."""
    shown = []
    for head in source.columns.headers:
        text = clipped(head.text)  # a header of 10 MB (a whole file in one cell) is not shown whole
        if head.role in source.kind.canonical:
            shown.append(head.role if normalise(text) == normalise(head.role) else f"{text}→{head.role}")
        elif head.role in _READ_ROLES:  # read, though not as a figure
            shown.append(f"{text}→{head.role}")
        elif head.part is not None:
            shown.append(f"{text}→+{head.part}")
    line = f"{source.name}: using {', '.join(shown)}"
    ignored = [
        clipped(h.text)
        for h in source.columns.headers
        if h.role not in (*source.kind.canonical, *_READ_ROLES) and h.part is None and h.text.strip()
    ]
    if ignored:
        line += f"; ignored {', '.join(ignored)}"
    return line


def sniff_notes(source: Source) -> list[str]:
    """What sniffing decided that a reader of the figures should know, one line each."""
    notes = []
    name = source.name
    match = source.columns.profile
    if match is not None:
        notes.append(f"{name}: recognised as {match.describe()}")
    if source.encoding_note:
        notes.append(f"{name}: {source.describe_encoding()}")
    if source.preamble:
        lines = "; ".join(_clip(p, 50) for p in source.preamble[:3])
        more = f" and {len(source.preamble) - 3} more" if len(source.preamble) > 3 else ""
        notes.append(f"{name}: header on row {source.header_row}; skipped the lines above it ({lines}{more})")
    if source.units_row is not None and source.described:
        row, first = source.units_row, _clip(source.described, 50)
        notes.append(f"{name}: row {row} under the header describes the columns ({first}), not data: skipped")
    elif source.units_row is not None:
        units = ", ".join(_clip(u) for u in source.units if u)
        row = source.units_row
        notes.append(f"{name}: row {row} under the header holds units ({units}), not data: skipped")
    if source.footer:
        lines = "; ".join(_clip(line) for line in source.footer[:2])
        more = f"; and {len(source.footer) - 2} more" if len(source.footer) > 2 else ""
        notes.append(f"{name}: the table ends at a blank line; skipped the lines under it ({lines}{more})")
    if source.period is not None:
        notes.append(
            f"{name}: reporting period {source.period[0]} to {source.period[1]} "
            "(from the lines above the header)"
        )
    for head in source.columns.headers:
        if head.note:
            notes.append(f"{name}: {quoted(head.text)} {head.note}")
        if head.over:
            losers = ", ".join(_which(source, o, head, winner=False) for o in head.over)
            also = ""
            fallbacks = source.columns.fallbacks("influencer")
            if head.role == "influencer" and fallbacks:  # chunks.FALLBACK
                name_column = ", else its ".join(
                    _which(source, f.text, head, winner=False) for f in fallbacks
                )
                name_column += "," if len(fallbacks) > 1 else ""
                also = f"; a row whose {quoted(head.text)} is blank is the creator its {name_column} names"
            liked = source.columns.count_fallback(head.role) if head.role is not None else None
            if liked is not None:  # chunks.FALLBACK
                likes_column = _which(source, liked.text, head, winner=False)
                blank = "are blank or 0" if head.role in COUNT_ZERO_FALLS_BACK else "are blank"
                also = f"; a row whose {quoted(head.text)} {blank} takes its {likes_column}"
            notes.append(f"{name}: {head.role}: read {_which(source, head.text, head)}, not {losers}{also}")
    if mixed := _mixed_conversions(source):
        notes.append(f"{name}: {mixed}")
    if source.decimal_ambiguous and source.options.decimal is None:
        mark = MARK_NAMES[source.decimal.mark]
        if source.decimal_guess:
            notes.append(
                f"{name}: numbers read with a decimal {mark} ({source.decimal_guess}); "
                f"--decimal-{'point' if mark == 'comma' else 'comma'} if not"
            )
        elif source.decimal_late:  # numbers at the top read both ways: say which cell decided
            where = _where(source.decimal)
            notes.append(f"{name}: numbers read with a decimal {mark}: {where} reads only that way")
    for column, style in source.dates.items():
        if style.late or style.say:
            header = source.columns.mapped.get(column, column)
            notes.append(f"{name}: dates in {quoted(header)} read as {style.describe()}: {style.why}")
        if style.guessed:
            other = "--monthfirst" if style.order == "dmy" else "--dayfirst"
            header = source.columns.mapped.get(column, column)
            notes.append(
                f"{name}: every date in {quoted(header)} reads both ways; read as {style.describe()} "
                f"({style.why}); {other} if not"
            )
    if source.duplicate_of is not None:
        again = (
            "counted twice (--allow-duplicates)"
            if source.options.allow_duplicates
            else ("counted once; --allow-duplicates counts it again")
        )
        notes.append(f"{name}: the same file as {source.duplicate_of}: {again}")
    parts = _engagement_parts(source)
    if parts is not None:
        notes.append(f"{name}: {parts}")
    return notes


_PARTS = ("likes", "comments", "shares", "saves")


def _engagement_parts(source: Source) -> str | None:
    """Which parts engagements are summed from, when likes or comments are not among them.

    A Spanish TikTok Studio file whose `Me gusta totales` and `Comentarios totales` no
    profile knows gave engagements 72 (its shares) for 1,103, printed as a whole figure
    (audit q #6). Saves alone missing is no news: YouTube, X and LinkedIn have none."""
    mapped = source.columns.mapped
    if source.columns.kind is not SCORE_COLUMNS or "engagements" in mapped:
        return None
    read = [p for p in _PARTS if p in mapped]
    missing = [p for p in ("likes", "comments") if p not in mapped]
    if not read or not missing:
        return None
    made = " + ".join(f"{p} ({quoted(mapped[p])})" for p in read)
    lacking = " or ".join(missing)
    return (
        f"engagements are {made} only: no {lacking} column was read; if one of the ignored "
        f"headers holds them, --map 'HEADER={missing[0]}'"
    )


def _which(source: Source, text: str, chosen: Header, winner: bool = True) -> str:
    """A header as a note names it; with its column number when the file repeats the name."""
    if source.headers.count(text) < 2:
        return quoted(text)
    if winner:
        return f"{quoted(text)} (column {chosen.index + 1})"
    others = [i for i, h in enumerate(source.headers) if h == text and i != chosen.index]
    return f"{quoted(text)} (column {others[0] + 1})" if others else quoted(text)


def label_indices(source: Source) -> list[int]:
    """Positions of the columns that name a row (see mapping.label_columns)."""
    return label_columns(source.columns)


__all__ = ["describe_columns", "label_indices", "open_sources", "sniff", "sniff_notes"]
