"""One input and everything decided about it: the record every reading step shares.

Sniffing (sniff.py) fills in how the file is written: its encoding, delimiter, the
header row under any preamble, which profile it matches, what each header feeds, its
decimal mark, each date column's style, its currency. Parsing (chunks.py) and framing
(frames.py) read by those decisions and leave here what they found on the way:
rows read, totals rows dropped, notes for stderr.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kpi_cli.columns import SCORE_COLUMNS, ColumnSet, Decimal
from kpi_cli.errors import InputError, quoted
from kpi_cli.read.mapping import ColumnMap
from kpi_cli.read.numbers import DecimalMark

if TYPE_CHECKING:
    from kpi_cli.read.dates import DateStyle
    from kpi_cli.read.labels import Categories

ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "cp1252": "Windows-1252",
    "cp1250": "Windows-1250",
    "mac_roman": "Mac Roman",
}
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


NOT_UTF8 = "not UTF-8 text; save the export as CSV UTF-8 and try again"
_UTF8_CHARACTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class ReadOptions(NamedTuple):
    """What the user said about reading, for every input of a run."""

    decimal: Decimal | None = None  # --decimal-comma / --decimal-point
    dayfirst: bool | None = None  # --dayfirst / --monthfirst
    currency: str | None = None  # --currency: the one the figures are in
    maps: tuple[str, ...] = ()  # --map entries as given (HEADER=COLUMN or a .yaml file)
    profile: str | None = None  # --profile NAME|FILE
    allow_duplicates: bool = False  # --allow-duplicates: count a file given twice twice
    any_year: bool = False  # --any-year: dates outside 1990-2100 are read, not refused

    @property
    def years(self) -> tuple[int, int]:
        """The years a date may have (dates.YEARS unless --any-year)."""
        from kpi_cli.read.dates import ANY_YEARS, YEARS

        return ANY_YEARS if self.any_year else YEARS


class Dropped(NamedTuple):
    """A row left out of the figures, and why."""

    row: int
    label: str
    why: str

    def describe(self) -> str:
        shown = f" ({quoted(self.label)})" if self.label else ""
        return f"dropped row {self.row:,}{shown}: {self.why}"


class Currency(NamedTuple):
    """The currency a file's money is in, and how kpi knows it (None: not stated)."""

    code: str | None = None
    source: str = ""  # `header 'Amount spent (EUR)'`, `column 'Currency'`, `cells ('€')`
    # When only a mark several currencies write told it (`kr`: SEK, NOK, DKK, ISK): what kpi
    # took it as and how to say otherwise, for a warning (audit E-7). "" when the file says.
    guess: str = ""


@dataclass
class RatioCheck:
    """How often a file's own ratio column disagreed with the KPI recomputed from its counts."""

    header: str
    compared: int = 0
    differ: int = 0
    example: tuple[int, float, float] | None = None  # row, the file's value, kpi's


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class Source:
    """One input: its name as the user typed it, where its bytes come from, and what
    sniffing decided about them."""

    name: str
    path: Path | None  # None for stdin
    data: bytes | None = None  # stdin (and pipes) are buffered so they can be read twice
    size: int = 0
    kind: ColumnSet = SCORE_COLUMNS  # which canonical columns this input is read into
    options: ReadOptions = field(default_factory=ReadOptions)
    # how the bytes are written
    encoding: str = "utf-8"  # a Python codec name: utf-8, utf-8-sig, utf-16-le, utf-16-be, cp1252
    encoding_note: str = ""  # why, when it is not what the bytes say outright
    delimiter: str = ","
    # where the table is
    preamble: list[str] = field(default_factory=list)  # lines above the header row
    header_row: int = 1  # the header's row as a spreadsheet numbers it
    data_offset: int = 0  # byte offset of the first data record
    # A line of units under the header (`(dd/mm/yyyy)`, `(#)`, `(USD)`): its row and cells, skipped
    units_row: int | None = None
    units: list[str] = field(default_factory=list)
    # ... or a line describing the columns (Facebook Insights' `Lifetime: The total number of
    # people your Page post was served to. (Unique Users)`): its first description, shown
    described: str = ""
    data_end: int | None = None  # byte offset where the table ends, when lines follow it (a footer)
    footer: list[str] = field(default_factory=list)  # those lines, as shown
    period: tuple[str, str] | None = None  # reporting period written in the preamble (ISO dates)
    headers: list[str] = field(default_factory=list)
    columns: ColumnMap = field(default_factory=ColumnMap)
    # how values are written
    decimal: DecimalMark = field(default_factory=lambda: DecimalMark("."))
    decimal_guess: str = ""  # why, when no cell showed the mark
    decimal_ambiguous: bool = False  # some sniffed number had a separator that reads both ways
    decimal_late: bool = False  # ... and the cell that told came far below it
    dates: dict[str, DateStyle] = field(default_factory=dict)  # canonical column -> its style
    results_by: int | None = None  # a Results column read as conversions: the result type column's position
    currency: Currency = field(default_factory=Currency)
    platform: str | None = None  # every row's platform, told by its links (sniff._decide_platform)
    # What the sniffed rows say a row is (sniff._what_rows_are, for frames.not_posts): one row
    # a day, and the headers kpi does not read that hold figures or names (position -> which).
    one_a_day: bool = False
    # ... or one row a day of each campaign (an ads manager's campaign-days: Reddit Ads by day)
    campaign_days: bool = False
    # ... or one row a day of each creator or profile (quintly's profiles by day), and the
    # creators the sniffed rows name, in order (frames.creator_days)
    creator_days: bool = False
    creators: tuple[str, ...] = ()
    # The change column beside the followers (`Followers Change`) of a file whose rows repeat
    # an account: the followers are its level on each row (sniff._followers_beside_change)
    followers_change: str | None = None
    # A date column written without years (TikTok Studio's `April 12`), left unread:
    # (header, first row, its value), for the warning and the refusal of --by date.
    yearless: tuple[str, int, str] | None = None
    # A creator's name -> their handle, from the sniffed rows that have both (`Mia Rossi` ->
    # `@mia`): a row whose handle is blank is that handle, not a creator of her own.
    name_handles: dict[str, str] = field(default_factory=dict)
    unread: dict[int, str] = field(default_factory=dict)
    # The creator's name in merged cells: blank under a named post, on rows of other posts
    # (sniff._merged_names); those rows take the name above them (frames._Merged).
    merged_names: bool = False
    # ... in a tracker without post IDs: the rows that are posts (sniff._merged_posts), by number
    merged_posts: tuple[int, ...] = ()
    # A fee the same on every post of each creator with several (sniff._fee_per_creator):
    # (creator, fee, posts) of each, for the warning that it may be a fee per creator.
    repeated_fee: list[tuple[str, float, int]] = field(default_factory=list)
    merged_filled: list[int] = field(default_factory=list)  # the rows filled (the first few) and how many
    merged_count: int = 0
    merged_fees: int = 0  # ... of them whose blank fee is the deal fee above them (read as 0)
    # what reading found
    rows: int = 0
    dropped: list[Dropped] = field(default_factory=list)
    section_filled: int = 0  # rows whose blank platform is their section title's (frames._titles)
    section_titles: list[str] = field(default_factory=list)  # ... those titles
    section_columns: list[str] = field(default_factory=list)  # ... the columns they fill
    level_rows: dict[int, tuple[str, str]] = field(default_factory=dict)  # row -> (label, why): restated rows
    # Transactions left out by their status (`Reversed`, a `Voided` 1), and those kept whose status
    # kpi does not know: (header, status as written) -> (rows, the first few of them).
    not_sales: dict[tuple[str, str], tuple[int, list[int]]] = field(default_factory=dict)
    unknown_status: dict[tuple[str, str], tuple[int, list[int]]] = field(default_factory=dict)
    # Every data row left out by its status: why (frames.read_all; audit HV-3). The file adds
    # nothing beside others; alone, there is nothing to score.
    all_left_out: str | None = None
    # (status header, word) -> (rows, first rows): a tracker's rows whose status says the post is
    # not live but which have figures, kept (frames._Framer._not_sales)
    stale_status: dict[tuple[str, str], tuple[int, list[int]]] = field(default_factory=dict)
    # ... and those kept for heading a creator's merged cells (frames._Merged.heads)
    head_status: dict[tuple[str, str], tuple[int, list[int]]] = field(default_factory=dict)
    head_moved: int = 0  # ... whose fee went to the first post under them, the row left out
    # A creator's name -> their handle as another file of the run pairs them (`Mia Rossi` -> `@mia`
    # in a GRIN export beside a fee sheet by name), that file's name; and the names this file gave.
    run_handles: dict[str, str] = field(default_factory=dict)
    run_handles_from: dict[str, str] = field(default_factory=dict)
    handles_taken: dict[str, str] = field(default_factory=dict)
    # Names read as the creator on a row whose handle is blank (name_handles), each with its
    # first such row; those no row had paired with a handle then (their rows are held to the
    # file's end: frames._Rekeyed), and those given up on (their rows counted under the name);
    # names two rows pair with different handles, with the second handle and its row.
    blank_names: dict[str, int] = field(default_factory=dict)
    unpaired: set[str] = field(default_factory=set)
    given_up: dict[str, int] = field(default_factory=dict)
    clashes: dict[str, tuple[str, int]] = field(default_factory=dict)
    blank_rows: int = 0
    header_rows: list[int] = field(default_factory=list)  # rows repeating the header (files joined by cat)
    notes: list[str] = field(default_factory=list)  # decisions a later row changed (kept across restarts)
    short_years: set[str] = field(default_factory=set)  # date columns already noted for two-digit years
    ratio_checks: dict[str, RatioCheck] = field(default_factory=dict)
    currencies_seen: dict[str, str] = field(default_factory=dict)  # code -> where (cells, column)
    # Words of the currency column that name no currency kpi knows (`Euro`), and where (sniff.currency_cell)
    currency_words: dict[str, str] = field(default_factory=dict)
    # Currencies the file states that --currency overrode (code -> where): added unconverted
    relabelled: dict[str, str] = field(default_factory=dict)
    post_style: str | None = None  # how its first rows write post IDs (hashing.post_style)
    # an earlier file on the same days: (name, rows, a campaign or creator of them, whether they
    # name others too, whether they are an ads manager's rows) (read/overlap.Overlap)
    overlap: tuple[str, int, str, bool, bool] | None = None
    # an earlier file listing posts of this one on other dates: (name, posts, one as written,
    # the figures both files have) (read/overlap.Reposted)
    reposted: tuple[str, int, str, tuple[str, ...]] | None = None
    tab_doubt: str | None = None  # its row per creator may restate another file's rows (a warning)
    # the files naming a creator it names with another figure: none of them restates it
    apart_from: set[str] = field(default_factory=set)
    duplicate_of: str | None = None  # the earlier input with the same bytes
    # parsing state
    fast: bool = True  # False once the typed path has failed for this file
    pad_lines: bool = False  # the streaming reader met a line short of cells: read as short.judge says
    text_columns: set[str] = field(default_factory=set)  # canonical columns the typed path failed on
    keep_text: bool = False  # number columns stay text in the batches: an error must quote a cell as written
    categories: dict[str, Categories] = field(default_factory=dict)  # dimension dictionaries so far
    parser: Any = None  # a ChunkParser already parsing the first chunks (see chunks.start)

    @property
    def first_row(self) -> int:
        """The spreadsheet row of the first data record."""
        return self.header_row + 1 if self.units_row is None else self.units_row + 1

    def open(self) -> io.BufferedIOBase:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return open(self.path, "rb")

    def has_utf8_characters(self) -> bool:
        """Whether the file holds a well-formed UTF-8 character beyond ASCII (`é` as C3 A9).

        A byte that is not UTF-8 in a file that has such characters is a damaged UTF-8
        file, not a Windows-1252 one (whose text almost never forms those pairs): reading
        it as Windows-1252 would turn every `é` into `Ã©` without a word."""
        with self.open() as stream:
            tail = b""
            while block := stream.read(1 << 24):
                if _UTF8_CHARACTER.search(tail + block):
                    return True
                tail = block[-3:]
        return False

    def not_utf8(self) -> InputError:
        """The error for a UTF-8 file with a byte that is not UTF-8: the row, the column and
        the cell it is in, and what it is in Windows-1252 (a name pasted from an Excel CSV
        into a UTF-8 tracker: `@zoé` as the one byte E9). Saving the file as CSV UTF-8
        again does not mend that cell: it has to be found, so the message says where."""
        at, data = self._first_bad_utf8()
        if at is None:
            return InputError(f"{self.name}: {NOT_UTF8}")
        start = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at)) + 1
        row = line_of(data, at)
        line = data[start : _line_end(data, at)]
        column, cell = _cell_at(line, at - start, self.delimiter if self.headers else _delimiter(line))
        header = self.headers[column] if column < len(self.headers) else _header_of(data, line, column)
        byte = data[at]
        meant = bytes([byte]).decode("cp1252", "replace")
        guess = f", {meant} in Windows-1252" if meant.isprintable() and meant != "\ufffd" else ""
        where = f"{self.name}, row {row:,}" + (f", column {quoted(header)}" if header is not None else "")
        shown = quoted(cell.decode("utf-8", "replace").strip().strip('"'))
        return InputError(
            f"{where}: {shown} has a byte that is not UTF-8 (0x{byte:02X}{guess}) in a file that is "
            "UTF-8 elsewhere (a cell pasted from a file in another encoding?); retype that cell and "
            "save the export as CSV UTF-8"
        )

    def _first_bad_utf8(self) -> tuple[int | None, bytes]:
        """The byte offset of the file's first byte that is not UTF-8, and the file's bytes
        up to the end of that line (an error path: read once, in blocks cut at line ends,
        where a UTF-8 character never is)."""
        read = bytearray()
        with self.open() as stream:
            carry = b""
            while True:
                block = stream.read(1 << 24)
                chunk = carry + block
                cut = max(chunk.rfind(b"\n"), chunk.rfind(b"\r")) + 1 if block else len(chunk)
                whole, carry = chunk[:cut], chunk[cut:]
                try:
                    whole.decode("utf-8")
                except UnicodeDecodeError as exc:
                    read += whole
                    return len(read) - len(whole) + exc.start, bytes(read)
                read += whole
                if not block:
                    return None, bytes(read)

    def ansi_code_page(self) -> tuple[str, str]:
        """(encoding, note) of a file that is not UTF-8: Mac Roman or Windows-1250 when its
        words read more plausibly so (codepage.Evidence; Windows-1250 only if every byte is
        one of its), else Windows-1252 (Western Excel's). Japanese Excel's Shift-JIS is
        refused by name."""
        from kpi_cli.read.codepage import Evidence

        self.refuse_shift_jis()
        evidence = Evidence()
        cp1250 = True
        with self.open() as stream:
            while block := stream.read(1 << 24):
                if cp1250:
                    try:
                        block.decode("cp1250")
                    except UnicodeDecodeError:
                        cp1250 = False
                evidence.add(block)
                if evidence.full and not cp1250:
                    break
        page = evidence.page(cp1250)
        if page == "mac_roman":
            return page, "letters such as é, ñ, ü as Excel for Mac writes them: read as Mac Roman"
        if page == "cp1250":
            return page, (
                "letters such as ł, ą, ż, č: read as Windows-1250, as Central European Excel saves CSV"
            )
        return "cp1252", "read as Windows-1252, as Excel saves CSV"

    def refuse_shift_jis(self) -> None:
        """Japanese Excel's "CSV" is Shift-JIS, which kpi does not read: say so, not that the
        file is damaged UTF-8 or garbled Windows-1252 (audit E-6)."""
        from kpi_cli.read.codepage import shift_jis

        with self.open() as stream:
            head = stream.read(1 << 20)
            cut = bool(stream.read(1))
        if shift_jis(head, cut):
            raise InputError(
                f"{self.name}: Japanese text in Shift-JIS (Japanese Excel's CSV), which kpi does not "
                "read; save the export as CSV UTF-8 (Excel: Save As, CSV UTF-8) and try again"
            )

    def describe_encoding(self) -> str:
        name = ENCODING_NAMES.get(self.encoding, self.encoding)
        return f"{name} ({self.encoding_note})" if self.encoding_note else name

    def describe_delimiter(self) -> str:
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


def line_of(data: Any, at: int) -> int:
    """The line (1 for the first) byte offset `at` of a file's bytes is on; lines end in
    LF, CRLF, or CR alone (an old Mac's), whatever mix of them the file holds (exports of a
    Mac and a Windows machine joined), in UTF-8 or UTF-16 (whose CRLF is `\\r\\x00\\n` in
    either byte order). As a spreadsheet numbers its rows, unless a quoted cell holds a line
    break."""
    head = data[:at]  # (a mapped file has no count of its own: an error path, a copy is fine)
    crlf = head.count(b"\r\n") + head.count(b"\r\x00\n")
    return head.count(b"\n") + head.count(b"\r") - crlf + 1


def nul_error(name: str, row: int) -> InputError:
    """A NUL byte in a text file: the file is damaged, or not text at all (an image, a
    workbook); refused wherever it is, with its row (one on row 15,002 was read)."""
    return InputError(
        f"{name}, row {row:,}: a NUL byte; this is not a text file (or a damaged one), "
        "export the campaign as CSV again"
    )


def _line_end(data: bytes, at: int) -> int:
    ends = [i for i in (data.find(b"\n", at), data.find(b"\r", at)) if i >= 0]
    return min(ends) if ends else len(data)


def _delimiter(line: bytes) -> str:
    """The delimiter a line most likely has (the error path's guess, before sniffing)."""
    return max((",", ";", "\t", "|"), key=lambda d: line.count(d.encode()))


def _cells(line: bytes, delimiter: str) -> list[tuple[int, int]]:
    """Each cell's (start, end) in the line, quotes followed."""
    mark, spans, start, quoted_ = delimiter.encode()[0], [], 0, False
    for i, byte in enumerate(line):
        if byte == 0x22:  # "
            quoted_ = not quoted_
        elif byte == mark and not quoted_:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(line)))
    return spans


def _cell_at(line: bytes, at: int, delimiter: str) -> tuple[int, bytes]:
    """The column index of offset `at` in the line, and that cell's bytes."""
    for column, (start, end) in enumerate(_cells(line, delimiter)):
        if start <= at <= end:
            return column, line[start:end]
    return 0, line


def _header_of(data: bytes, line: bytes, column: int) -> str | None:
    """The header of `column` before sniffing has found it: the first line with as many
    cells as the bad line (the header, under any preamble)."""
    delimiter = _delimiter(line)
    width = len(_cells(line, delimiter))
    for text in data.splitlines()[:50]:
        spans = _cells(text, delimiter)
        if len(spans) == width:
            start, end = spans[column]
            return text[start:end].decode("utf-8", "replace").strip().strip('"').lstrip("\ufeff")
    return None
