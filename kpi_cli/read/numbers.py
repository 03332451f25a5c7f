"""Parse numbers the way exports write them, a whole column at a time.

`1,234`, `$1,234.56`, `1.234,56 €`, `1 234,56 €`, `1'234.50`, `USD 1,234.50`, `3.5%`,
`1.2K`, `3M`, `(120.00)`, `[4]` are all numbers; blanks and `N/A`, `-`, `--`, `#DIV/0!`
are missing (not zero). Anything else is an error the caller reports with its row.

The decimal mark is decided once per file (`decide_decimal`), from every number
sniffed at its start: a file with `1.234,56` anywhere is a decimal-comma file, so its
`12.500` impressions are twelve thousand five hundred, never 12.5. A file whose
sniffed numbers cannot tell (`12,500` reads either way) gets a guess from its
delimiter and platform, and a later cell that only the other mark explains makes
the reader start over with it (`Parsed.flip`).

Work is done with pyarrow compute kernels so a column of millions of cells never
becomes a Python loop. Most columns of real exports hold only digits, separators,
currency symbols and spaces: `_simple` parses those in a few passes that let go of the
GIL (they run on the CSV workers, see convert.py), and leaves anything else, and every
error, to the general path, which says which cell and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from kpi_cli import arrow
from kpi_cli import compute as pc
from kpi_cli.columns import MISSING_TOKENS, Decimal
from kpi_cli.errors import quoted
from kpi_cli.hashing import text_bytes
from kpi_cli.lazy import lazy_compile
from kpi_cli.read.vocab import CURRENCY_CODES, PREFIX_ONLY, SUFFIX_ONLY, SYMBOLS


def _marks(left_out: frozenset[str] = frozenset()) -> str:
    """The currency marks of cells (vocab.SYMBOLS and the ISO codes, codes in any case) as
    one alternation, longest first: `R$` before `R`, `kr.` before `kr`, `RUB` before `R`."""
    marks = [(m, False) for m in SYMBOLS if m not in left_out and m not in CURRENCY_CODES]
    marks += [(c, True) for c in CURRENCY_CODES]
    marks.sort(key=lambda mark: (-len(mark[0]), mark[0]))  # the same pattern in every run
    return "|".join(f"(?i:{m})" if code else re.escape(m) for m, code in marks)


# A currency mark before the number (after its sign or bracket) or after it (before the
# closing bracket), with spaces between or none: `$-12.00`, `- $12.00`, `($1.2K)`,
# `€ -1.234,56`, `1.234,56 kr.`, `kr. 1.234,56`, `R 1 234,56`, `(1.234,56 €)`, `1,2 Mio. €`.
# Only there: a mark between digits is no mark, and `R` (rand) only leads (`100 R` is not money).
# (Two patterns, each anchored at one end: one pattern for both, with a lazy number between
# them, took RE2 ten times as long.)
_SPACES = r"\s\x{00a0}\x{202f}\x{2009}"
_LEADING = rf"^(?P<lead>[-+({_SPACES}]*)(?P<c>{_marks(SUFFIX_ONLY)})"
_TRAILING = rf"(?P<c>{_marks(PREFIX_ONLY)})(?P<tail>[){_SPACES}]*)$"
# Spaces (incl. no-break and narrow no-break) and apostrophes (Swiss `1'234.50`, typographic
# `1’234.50`) used as grouping, Pinterest's [estimate] brackets: taken out once _BAD_GAP found
# each grouping one between groups of three digits.
_NOISE = rf"[{_SPACES}'’\[\]]"
# A space or apostrophe between digits groups thousands: one of them, after one to three
# digits or a group of three, before three digits and no fourth (`1 234 567`, `12'500`).
# Anything else between digits is two figures or a typo: `1200 1500`, `12 34`, `1'23'456`,
# `12<TAB>500`, `1,000 1,500` (audit E-3). Indian grouping in twos is written with commas only.
_GROUP = r"[ \x{00a0}\x{202f}\x{2009}'’]"
_BAD_GAP = (
    rf"\d{{4}}{_GROUP}\d"  # 1200 1500: four digits before the mark
    rf"|\d{_GROUP}\d{{1,2}}(?:\D|$)"  # 12 34, 1'23'456: fewer than three after it
    rf"|\d{_GROUP}\d{{4}}"  # 12 3456: more
    rf"|[.,]\d+{_GROUP}\d"  # 1,234 567, 3.141 592: after a decimal mark or another group mark
    rf"|\d[{_SPACES}'’]{{2,}}\d"  # 12  500: two in a row
    rf"|\d[\t\n\r\f\v]\d"  # 12<TAB>500: a tab or a line break groups nothing
)
# Multipliers written as words after the digits: German `3,5 Mio.`, `2 Mrd.`, `12 Tsd.`,
# Spanish and Portuguese `12 mil` (thousand), `1,2 mill.`, French `2 Md`, English `1.2bn`,
# Indian `1.5 lakh` (100,000; also `lac`) and `2 crore` (10,000,000). Not their short forms:
# `Cr` is also a credit (`500.00 Cr` in Tally's ledgers), `L` a litre; see explain().
_LAKH, _CRORE = "\x1d", "\x1e"  # their letters inside the parser: no cell writes them
_WORDS = {
    "M": r"mio|mill|mln|millionen|millions?|millones|milh(?:ão|ões)",
    "B": r"mrd|md|bn|milliarden|milliards?|billion",
    "K": r"tsd|tausend|mil",
    _LAKH: r"lakhs?|lacs?",
    _CRORE: r"crores?",
}
_WORD_SUFFIXES = tuple((rf"(?i)(\d)(?:{words})\.?$", rf"\1{letter}") for letter, words in _WORDS.items())
_ANY_WORD_SUFFIX = rf"(?i)\d(?:{'|'.join(_WORDS.values())})\.?$"
_WORD_SUFFIX_RE = lazy_compile(rf"(?i)(?<=\d)(?:{'|'.join(_WORDS.values())})\.?$")
_VALID = {
    # Indian grouping (lakh, crore) too: 12,34,567.00
    ".": r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?$",
    ",": r"^[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?$",
}
OTHER_MARK: dict[Decimal, Decimal] = {".": ",", ",": "."}
MARK_NAMES: dict[Decimal, str] = {".": "point", ",": "comma"}  # as messages name them

_EXPONENTS = {"%": 0, "k": 3, "K": 3, "m": 6, "M": 6, "b": 9, "B": 9, _LAKH: 5, _CRORE: 7}
# Bytes of the cells most exports write (`12,345`, `$1,234.56`, `-`): a column of only
# these needs none of the regex rewrites in _clean (no spaces, codes, brackets, suffixes).
_PLAIN = np.zeros(256, dtype=bool)
_PLAIN[list(b"0123456789,.-$")] = True


@lru_cache(maxsize=1)
def _missing_set() -> pa.Array:
    # Built on first use: pa.array() imports pandas, which reading must not wait for.
    return pa.array(MISSING_TOKENS, pa.string())


@lru_cache(maxsize=2)
def _digitless(signed: bool = False) -> pa.Array:
    return pa.array(["", "-", "+"] if signed else ["", "-"], pa.string())


@dataclass
class Parsed:
    """A parsed column: numbers (int64 when every value is whole), and what went wrong."""

    values: pa.Array
    missing: int
    bad_index: int | None  # first cell that is not a number, as a 0-based index
    bad_value: str | None
    flip: bool = False  # the bad cell is a number written with the other decimal mark
    percent_index: int | None = None  # first cell written as a percentage (`3.5%`)
    currencies: set[str] = field(default_factory=set)  # currency marks in the cells (`$`, `€`, `EUR`)
    why: str = ""  # what is wrong with the bad cell and how to fix it, when kpi can tell (`explain`)


@dataclass
class _Cleaned:
    """A text column cleaned for parsing as numbers: the cells' bodies and what came off them."""

    body: pa.Array  # the number's text: symbols, codes and brackets off
    missing: pa.Array  # which cells are missing
    negative: pa.Array | None = None  # which were in brackets (None: none was)
    suffix: pa.Array | None = None  # each cell's %/K/M/B (None: no cell has one)
    plain: bytes | None = None  # the column's bytes, when all are _PLAIN ones
    currencies: set[str] = field(default_factory=set)
    bad_gap: pa.Array | None = None  # which have a space or apostrophe that groups no thousands
    present: bytes = b""  # the bytes of the cells before cleaning (every one a body may hold but `0`)
    mid: pa.Array | None = None  # which have a currency symbol between digits (`12€50`): refused


def _clean(arr: pa.Array, decimal: Decimal | None = None) -> _Cleaned:
    text = pc.cast(arr, pa.string())
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    present = _bytes_of(text)
    if _PLAIN[np.frombuffer(present, dtype=np.uint8)].all():
        # What the rewrites below would leave: the text without `$`. Each regex pass
        # costs about a microsecond a cell: 5 such columns of 10M cells took a minute.
        missing = pc.fill_null(pc.or_kleene(pc.is_null(text), pc.is_in(text, _missing_set())), True)
        if b"$" in present:
            body = _without(text, b"$")
            mid = _mid_symbol_mask(text, present)
            return _Cleaned(_accounting_zero(body, text), missing, plain=present, currencies={"$"}, mid=mid)
        return _Cleaned(text, missing, plain=present)
    text = pc.utf8_trim_whitespace(text)
    if _FOREIGN_LEADS[np.frombuffer(present, dtype=np.uint8)].any():  # `１２３`, `١٢٣`: maybe
        text, changed = _ascii_digits(text, decimal or ".")
        if changed:
            present = _bytes_of(text)
    if b"\x88" in present and b"\x92" in present:  # maybe U+2212, the minus sign some locales write
        text = pc.replace_substring(text, "\u2212", "-")
    missing = pc.or_kleene(pc.is_null(text), pc.is_in(pc.utf8_lower(text), _missing_set()))
    missing = pc.fill_null(missing, True)
    bad_gap = None
    if _GAPPED[np.frombuffer(present, dtype=np.uint8)].any():
        bad_gap = pc.fill_null(pc.match_substring_regex(text, _BAD_GAP), False)
    codes = np.frombuffer(present, dtype=np.uint8)
    words = _LETTERS[codes].any() and not _suffix_letters_only(text, missing)
    mid = None  # the regexes take a symbol off an end only: `12€50` keeps its `€`, refused
    if words or _OTHER_LEADS[codes].any():  # codes, `R$`, `zł`, `₽`, `руб.`: the regexes
        currencies, body = set(), text
        for pattern, keep in ((_LEADING, r"\1"), (_TRAILING, r"\2")):
            marks = pc.struct_field(pc.extract_regex(body, pattern), "c")
            if marks.null_count < len(marks):  # else nothing to take off: no second pass
                # not a missing cell's letters: `pending` starts with PEN, the sol's code
                found = pc.drop_null(pc.filter(marks, pc.invert(missing)))
                currencies |= {c for c in pc.unique(found).to_pylist() if c}
                body = pc.replace_substring_regex(body, pattern, keep)
        body = pc.replace_substring_regex(body, _NOISE, "")
    else:  # symbols and spaces only (`1 234,56 €`): literal removals, a fifth of the time
        currencies, body = _strip_symbols(text, present)
        mid = _mid_symbol_mask(text, present) if currencies else None
    body = _accounting_zero(body, text)
    # Each regex below is compiled again by Arrow at every call (a small file's columns
    # spent ~6 % of the run on it), so each runs only when the bytes it looks for are there.
    worded = words and pc.any(pc.match_substring_regex(body, _ANY_WORD_SUFFIX)).as_py()
    if worded:  # one pass when there is none
        for pattern, letter in _WORD_SUFFIXES:
            body = pc.replace_substring_regex(body, pattern, letter)
    if b"+" in present:
        body = pc.replace_substring_regex(body, r"^\+", "")
    negative = None
    if b"(" in present:
        negative = pc.fill_null(pc.match_substring_regex(body, r"^\(.*\)$"), False)
        body = pc.replace_substring_regex(body, r"^\((.*)\)$", r"\1")
    suffix = None
    if worded or any(b in present for b in b"%kKmMbB"):
        ends = arrow.from_numpy(_ends_in(body, _SUFFIX_BYTES))  # what _SUFFIX matches, by its last byte
        suffix = pc.utf8_slice_codeunits(body, -1)
        # (not a missing cell's: Dutch Excel's `#N/B` ends in a B)
        has_suffix = pc.and_(ends, pc.invert(missing))
        body = pc.if_else(ends, pc.utf8_slice_codeunits(body, 0, -1), body)
        suffix = pc.if_else(has_suffix, suffix, pa.scalar(None, pa.string()))
    return _Cleaned(
        body, missing, negative, suffix, currencies=currencies, bad_gap=bad_gap, present=present, mid=mid
    )


_SUFFIX_BYTES = np.zeros(256, dtype=bool)  # _SUFFIX's characters: each one ASCII byte
_SUFFIX_BYTES[list(b"%kKmMbB" + _LAKH.encode() + _CRORE.encode())] = True


def _ends_in(text: pa.Array, table: np.ndarray) -> np.ndarray:
    """Which cells end in a byte `table` holds (an empty or missing cell: no)."""
    offsets, data = text_bytes(text)
    ends = offsets[1:] - 1
    filled = ends >= offsets[:-1]
    if text.null_count:
        filled &= arrow.bits(pc.is_valid(text))
    last = np.take(data, ends, mode="clip") if len(data) else np.zeros(len(ends), np.uint8)
    return filled & table[last]


_SUFFIX_LETTERS = np.zeros(256, dtype=bool)
_SUFFIX_LETTERS[list(b"kKmMbB")] = True


def _suffix_letters_only(text: pa.Array, missing: pa.Array) -> bool:
    """Whether the only letters in the cells that are not missing are a multiplier's
    `K`, `M` or `B` at a cell's end (`46.9K`): no currency code or word (`1.2bn`, `EUR`)
    the regexes would have to find. A missing cell's letters (`N/A`) do not count."""
    offsets, data = text_bytes(text)
    letters = _LETTERS[data[offsets[0] : offsets[-1]]]
    if not letters.any():
        return True
    at = offsets[0] + np.flatnonzero(letters)  # each letter's byte in `data`
    cell = np.searchsorted(offsets, at, side="right") - 1
    last = at == offsets[cell + 1] - 1
    ok = (last & _SUFFIX_LETTERS[data[at]]) | arrow.bits(missing)[cell]
    return bool(ok.all())


def _accounting_zero(body: pa.Array, text: pa.Array) -> pa.Array:
    """Excel's accounting format writes zero as a dash beside the currency (` $-   `,
    ` - € `): with the symbol taken off, a lone dash that had one is 0, not a blank."""
    dash = arrow.text("-")
    zero = pc.and_(pc.equal(body, dash), pc.not_equal(pc.utf8_trim_whitespace(text), dash))
    return pc.if_else(pc.fill_null(zero, False), arrow.text("0"), body)


_LETTERS = np.zeros(256, dtype=bool)
_LETTERS[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")] = True
_ASCII_NOISE = b" \t\n\r\f\v'[]$"
_SYMBOLS = frozenset(m for m in SYMBOLS if len(m) == 1 and not m.isalpha())  # `$`, `€`, `₽`, `￥`...
_WIDE_NOISE = ("\u00a0", "\u202f", "\u2009", "’", *sorted(m for m in _SYMBOLS if not m.isascii()))
# The first bytes of other characters than those (`р.`, `лв.`, `₾`): the regexes must look.
_OTHER_LEADS = np.zeros(256, dtype=bool)
_OTHER_LEADS[0xC0:] = True
_OTHER_LEADS[[w.encode()[0] for w in _WIDE_NOISE]] = False
# Bytes of a space, a tab or an apostrophe (and the first of a wide one): _BAD_GAP must look.
_GAPPED = np.zeros(256, dtype=bool)
_GAPPED[list(b" \t\n\r\f\v'")] = True
_GAPPED[[w.encode()[0] for w in ("\u00a0", "\u202f", "\u2009", "’")]] = True
# The first bytes of every decimal digit but 0-9 (Unicode category Nd: Arabic-Indic `١`,
# Devanagari `१`, full-width `１`...), of the full-width forms of ASCII (`，`, `．`, `＄`), of
# the ideographic space and of the Arabic decimal, thousands and percent signs.
_FOREIGN_LEADS = np.zeros(256, dtype=bool)
_FOREIGN_LEADS[[0xD9, 0xDB, 0xDF, 0xE0, 0xE1, 0xE3, 0xEA, 0xEF, 0xF0]] = True
_FOREIGN = r"[^\P{Nd}0-9]|[\x{ff01}-\x{ff5e}\x{3000}\x{066a}-\x{066c}]"


def _ascii_digits(text: pa.Array, decimal: Decimal) -> tuple[pa.Array, bool]:
    """`text` with the cells that write digits in another script (`１２３`, `١٢٣`) rewritten
    in ASCII (`ascii_digits`), and whether any was: such a cell is a number all the same
    (audit E-2). Python for those cells only: they are rare."""
    odd = pc.fill_null(pc.match_substring_regex(text, _FOREIGN), False)
    if not pc.any(odd).as_py():
        return text, False
    cells = text.to_pylist()
    for at in np.flatnonzero(arrow.bits(odd)):
        cells[at] = ascii_digits(cells[at], decimal)
    return pa.array(cells, pa.string()), True


def ascii_digits(cell: str, decimal: Decimal = ".") -> str:
    """A cell with its digits in ASCII: `１２３` (full width, as an IME types them) and
    `١٢٣` (Arabic-Indic) are 123, full-width `，．＄％` the ASCII marks, the Arabic decimal
    and thousands signs (`١٬٢٣٤٫٥`) the file's decimal and group marks."""
    if cell.isascii():
        return cell  # most cells of most files: no loop over their characters
    arabic = {"\u066b": decimal, "\u066c": OTHER_MARK[decimal], "\u066a": "%"}
    out = []
    for char in cell:
        if char.isascii():
            out.append(char)
        elif unicodedata.category(char) == "Nd":
            out.append(str(unicodedata.digit(char)))
        elif "\uff01" <= char <= "\uff5e":
            out.append(chr(ord(char) - 0xFEE0))
        else:
            out.append(" " if char == "\u3000" else arabic.get(char, char))
    return "".join(out)


def _strip_symbols(text: pa.Array, present: bytes) -> tuple[set[str], pa.Array]:
    """What `_NOISE` removes from cells with no letters, by byte and literal removals:
    the currency symbols found and the text without them, spaces and apostrophes."""
    body = text
    ascii_noise = bytes(b for b in _ASCII_NOISE if b in present)
    if ascii_noise:
        body = _without(body, ascii_noise)
    currencies = {"$"} if b"$" in present else set()
    if any(b >= 0x80 for b in present):
        offsets, data = text_bytes(text)
        buffer = data[offsets[0] : offsets[-1]].tobytes()
        for char in _WIDE_NOISE:
            if char.encode() in buffer:
                body = pc.replace_substring(body, char, "")
                if char in _SYMBOLS:
                    currencies.add(char)
    return currencies, body


def _bytes_of(text: pa.Array) -> bytes:
    """The distinct bytes of a string array's values, digits aside: every digit between
    the smallest byte and the largest is in, there or not (nothing asks about digits).

    Bytes in a narrow range (`26,102`, `$1,234.56`: `$` to `9`) are looked for one by one,
    each a compare that takes 1/30 of a count of every byte's (np.bincount, the fallback,
    widens each byte to 8 first)."""
    offsets, data = text_bytes(text)
    view = data[offsets[0] : offsets[-1]]
    if len(view):
        lo, hi = int(view.min()), int(view.max())
        if hi - lo < 24:
            return bytes(b for b in range(lo, hi + 1) if _DIGIT[b] or (view == b).any())
        if len(view) > _SAMPLE:
            # Wider (`1.234,56 €`: `€` is three bytes past 0x80): the bytes of the first
            # cells, each counted over all of them, are every byte when the counts and the
            # digits' add up to the whole; a pass a byte, a third of np.bincount's time.
            seen = np.flatnonzero(np.bincount(view[:_SAMPLE], minlength=256))
            others = [int(b) for b in seen if not _DIGIT[b]]
            counts = [np.count_nonzero(view == b) for b in others]
            digits = np.count_nonzero(np.subtract(view, ord("0"), dtype=np.uint8) < 10)
            if digits + sum(counts) == len(view):
                found = [b for b, k in zip(others, counts, strict=True) if k] + [b for b in seen if _DIGIT[b]]
                return bytes(sorted(found))
    return np.flatnonzero(np.bincount(view, minlength=256)).astype(np.uint8).tobytes()


_SAMPLE = 1 << 14  # bytes whose kinds _bytes_of takes as the column's, and checks


_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[list(b"0123456789")] = True


def _without(text: pa.Array, drop: bytes) -> pa.Array:
    """`text` with every one of the ASCII bytes `drop` taken out of its values (an ASCII
    byte is never part of a longer UTF-8 character), nulls kept: `_deleted` on an array."""
    if text.offset:  # a slice: its validity bits start mid-buffer
        text = pa.concat_arrays([text])
    offsets, data = text_bytes(text)
    start = int(offsets[0])
    offsets = (offsets - start).astype(np.int32, copy=False)
    offsets, data, _ = _deleted(offsets, data[start : start + int(offsets[-1])], [bytes([b]) for b in drop])
    return pa.StringArray.from_buffers(
        len(text),
        pa.py_buffer(offsets),
        pa.py_buffer(data),
        text.buffers()[0] if text.null_count else None,
        text.null_count,
    )


# What a column `_simple` parses may hold: digits, separators, minus and the ASCII noise,
# and, of non-ASCII characters, only _WIDE_NOISE ones (`€`, no-break spaces, `’`).
_SIMPLE = np.zeros(256, dtype=bool)
_SIMPLE[list(b"0123456789,.-" + _ASCII_NOISE)] = True
_SIMPLE[0x80:] = True
_WIDE_BYTES = tuple(w.encode() for w in _WIDE_NOISE)
_DASH = ord("-")


def _simple(text: pa.Array, decimal: Decimal) -> Parsed | None:
    """A column of plain numbers, thousands, currency symbols and spaces (`"26,102"`,
    `$1,234.56`, `1.234,56 €`, `1 234,56 €`) parsed in a few passes over its bytes.

    What `_clean` and `parse_column` make of such a column, at a fraction of the cost
    (each regex rewrite there is a pass over every cell). None for anything else, and for
    a column with a cell that is not a number: the general path then works out which cell
    and why. It runs on the CSV workers beside the main thread, so it keeps to pyarrow
    kernels and numpy passes that let go of the GIL (not `bytes.translate`), and builds no
    Python scalar (pyarrow would import pandas for it)."""
    if text.type != pa.string() or text.offset:
        return None
    present = _bytes_of(text)
    if not _SIMPLE[np.frombuffer(present, dtype=np.uint8)].all():
        return None  # letters, `%`, brackets, `+`: the general path
    n = len(text)
    offsets, data = text_bytes(text)
    start = int(offsets[0])
    offsets = offsets - start
    view = data[start : start + int(offsets[-1])]
    if (
        _GAPPED[np.frombuffer(present, dtype=np.uint8)].any()
        and _gap_between_digits(offsets, view, present)
        and pc.any(pc.match_substring_regex(text, _BAD_GAP)).as_py()
    ):
        return None  # `1200 1500`: the general path says which cell
    if _symbol_between_digits(offsets, view, present) is not None:
        return None  # `12€50`: the general path refuses it, saying which cell
    lengths = np.diff(offsets)
    if text.null_count and lengths[~arrow.bits(pc.is_valid(text))].any():
        return None  # a null with bytes behind it
    noise = [bytes([b]) for b in _ASCII_NOISE if b in present]
    wide = any(b >= 0x80 for b in present)
    if wide:
        noise += [w for w in _WIDE_BYTES if w[-1] in present]
    offsets, view, found = _deleted(offsets.astype(np.int32, copy=False), view, noise)
    if wide and (view >= 0x80).any():
        return None  # a character not in _WIDE_NOISE (`—`, `−`)
    currencies = {t.decode() for t in found if t.decode() in _SYMBOLS}
    lengths = np.diff(offsets)
    first = np.take(view, offsets[:-1], mode="clip") if len(view) else np.zeros(n, np.uint8)
    last = np.take(view, offsets[1:] - 1, mode="clip") if len(view) else np.zeros(n, np.uint8)
    # Missing (blank, `-`, `--`): only cells of dashes or nothing once the noise is off can
    # be, and their text is looked up as _clean does. A lone dash beside a currency symbol
    # is Excel's accounting zero (`$-`).
    maybe = (lengths == 0) | ((lengths <= 3) & (first == _DASH) & (last == _DASH))
    missing = np.zeros(n, dtype=bool)
    at = np.flatnonzero(maybe)
    if len(at):
        cells = pc.take(text, _indices(at))
        valid = arrow.bits(pc.is_valid(cells))
        missing[at] = ~valid | (
            arrow.bits(pc.is_in(pc.utf8_trim_whitespace(cells), value_set=_dashes())) & valid
        )
        if (maybe & ~missing & (lengths != 1)).any():
            return None  # `$` alone, `$--`: not numbers
    zero = maybe & ~missing  # `$-`: 0
    group, mark = (b",", b".") if decimal == "." else (b".", b",")
    if mark[0] in present and ((lengths > 0) & (last == mark[0]) & ~missing).any():
        return None  # `5.`: the cast would take it, _VALID does not
    if group[0] in present:
        checked = _grouped(offsets, view, first, group, mark, mark[0] in present)
        if checked is None:
            return None  # a cell with two decimal marks: the cast would refuse it
        grouped, gone = checked
        odd = ~grouped & ~missing & ~zero
        if odd.any():  # not grouped in threes (`12,34,567`, or wrong): the full pattern says
            body = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(view))
            suspects = pc.take(body, _indices(np.flatnonzero(odd)))
            if not arrow.bits(pc.match_substring_regex(suspects, _VALID[decimal])).all():
                return None
        offsets, view, _ = _deleted(offsets, view, [group], gone)
    if decimal == "," and mark[0] in present:
        view = np.where(view == mark[0], np.uint8(ord(".")), view)  # a copy: not the reader's buffer
        if zero.any():
            view[offsets[:-1][zero]] = ord("0")
    elif zero.any():
        view = view.copy()  # the body may still be the CSV reader's buffer
        view[offsets[:-1][zero]] = ord("0")
    n_missing = int(missing.sum())
    body = pa.StringArray.from_buffers(
        n,
        pa.py_buffer(offsets.astype(np.int32, copy=False)),
        pa.py_buffer(view),
        pa.py_buffer(np.packbits(~missing, bitorder="little")) if n_missing else None,
        n_missing,
    )
    try:
        if mark[0] not in present:
            values = pc.cast(body, pa.int64())
        else:
            values = pc.cast(body, pa.float64())
            numbers = np.frombuffer(values.buffers()[1], dtype=np.float64, count=n)
            # Money with cents is seldom whole: its first cells mostly tell, without the
            # passes over every cell.
            if _whole(numbers[:256][~missing[:256]]) and _whole(numbers[~missing]):
                values = pc.cast(values, pa.int64())
    except pa.ArrowInvalid:  # `1-2`, `1.2.3`, a count past int64: the general path says which
        return None
    return Parsed(values, n_missing, None, None, currencies=currencies)


def _whole(numbers: np.ndarray) -> bool:
    """Whether every one of `numbers` is a whole number int64 and float64 both hold exactly."""
    return bool(((np.floor(numbers) == numbers) & (np.abs(numbers) < 2.0**53)).all())


def _grouped(
    offsets: np.ndarray,
    view: np.ndarray,
    first: np.ndarray,
    group: bytes,
    mark: bytes,
    marked: bool,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Which cells are digits grouped in threes (`1,234,567.89`), or have no group mark at
    all; what _VALID checks, without its regex pass (half the parse of a count column).

    Takes for granted what the cast checks afterwards: with the group marks off, a cell
    is digits with a leading minus and one decimal mark at most (None when a cell has
    two: the cast would refuse it). Then a cell with k group marks is grouped in threes
    exactly when they stand at 4, 8, ..., 4k bytes before its decimal mark (or its end)
    and one to three digits come before the first: k marks at those places are all it
    has. Where they must be is worked out, and those bytes looked at: no search for the
    first mark. A cell grouped otherwise is False, right or wrong (the caller asks _VALID
    about those few). Also the group marks before each cell (`_deleted`'s `gone`).

    The marks are counted with a cumulative sum over the bytes (numpy lets go of the GIL
    for it): pyarrow's count_substring and find_substring took four times as long."""
    before = _before(offsets, view == group[0])
    count = np.diff(before)
    end = np.diff(offsets)  # where the integer part ends: the decimal mark, or the cell's end
    if marked:
        points = view == mark[0]
        seen = np.diff(_before(offsets, points))
        if len(seen) and int(seen.max()) > 1:
            return None
        # One mark at most a cell: the k-th mark in the bytes is the k-th cell's with one.
        end = end.copy()
        cells = np.flatnonzero(seen)
        end[cells] = np.flatnonzero(points) - offsets[:-1][cells]
    at = end - 4 * count  # where the first group mark must be
    lead = at - (first == _DASH)  # digits before it
    ok = (count == 0) | ((lead >= 1) & (lead <= 3))
    starts = offsets[:-1]
    for j in range(int(count.max()) if len(count) else 0):
        more = ok & (count > j)
        ok &= ~more | (np.take(view, starts + at + 4 * j, mode="clip") == group[0])
    return ok, before


def _before(offsets: np.ndarray, hits: np.ndarray) -> np.ndarray:
    """How many of `hits` (one per byte) come before each cell's start, and before the end
    (int32, as the offsets)."""
    running = np.empty(len(hits) + 1, dtype=np.int32)
    running[0] = 0
    # Widened first, then summed in place: numpy's cumsum of bools into int32 casts in
    # small buffers as it goes, three times as slow (a quarter of a count column's parse).
    running[1:] = hits
    np.cumsum(running[1:], out=running[1:])
    return np.take(running, offsets)


def _deleted(
    offsets: np.ndarray, data: np.ndarray, tokens: list[bytes], gone: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    """String values (`offsets` into `data`) without `tokens`, ASCII bytes or whole UTF-8
    characters, and the tokens that were there.

    The bytes to drop are marked, counted before each value with a cumulative sum (for
    the new offsets) and left out in one numpy compress: passes that let go of the GIL.
    With one token, `gone` may give its count before each value (`_before`), known already."""
    assert offsets.dtype == np.int32  # the layout of pa.string()
    drop: np.ndarray | None = None
    found = []
    for token in tokens:
        if len(token) == 1:
            hits = data == token[0]
            if gone is None and not hits.any():
                continue
            drop = hits if drop is None else drop | hits
        else:
            starts = _starts(data, token)
            if starts is None:
                continue
            drop = np.zeros(len(data), dtype=bool) if drop is None else drop
            for k in range(len(token)):
                drop[k : k + len(starts)] |= starts
        found.append(token)
    if drop is None:
        return offsets, data, found
    if gone is None:
        gone = _before(offsets, drop)
    return np.subtract(offsets, gone, dtype=np.int32), data[~drop], found


def _starts(data: np.ndarray, token: bytes) -> np.ndarray | None:
    """Where `token` starts in `data` (one flag per byte, the last len(token) - 1 left off),
    in a compare per byte of it; None if nowhere."""
    size = len(data) - len(token) + 1
    if size <= 0:
        return None
    starts = data[:size] == token[0]
    for k in range(1, len(token)):
        starts &= data[k : k + size] == token[k]
    return starts if starts.any() else None


_GAP_BYTES = b" \t\n\r\f\v'"
_WIDE_GAPS = tuple(w.encode() for w in ("\u00a0", "\u202f", "\u2009", "’"))


def _gap_between_digits(offsets: np.ndarray, view: np.ndarray, present: bytes) -> bool:
    """Whether a cell has a digit, then spaces or apostrophes (_GAPPED's), then a digit:
    what every _BAD_GAP match has, looked for in a few numpy passes. A money column written
    `1.306,81 €` has spaces but none between digits, and the regex over every cell took a
    third of its parse."""
    gap = np.zeros(len(view), dtype=bool)
    for byte in _GAP_BYTES:
        if byte in present:
            gap |= view == byte
    for wide in _WIDE_GAPS:
        if all(b in present for b in wide):
            starts = _starts(view, wide)
            if starts is not None:
                for k in range(len(wide)):
                    gap[k : k + len(starts)] |= starts
    digit = (view >= ord("0")) & (view <= ord("9"))
    first = np.zeros(len(view) + 1, dtype=bool)  # where a cell starts: a run stops there
    first[offsets] = True
    size = len(view)
    # alive[p]: a digit at p, and gaps at p+1 ... p+k in its cell
    alive = digit[:-1] & gap[1:] & ~first[1:size]
    k = 1
    while alive.any():
        alive = alive[: size - k - 1] & ~first[k + 1 : size]
        if (alive & digit[k + 1 :]).any():
            return True
        alive &= gap[k + 1 :]
        k += 1
    return False


# A currency symbol between digits (`12€50`, `1$234`, `2 $ 50`) is no symbol beside a number:
# in France `3€50` is 3.50 € (liquisearch.com, "Euro sign: usage"), in Cape Verde and the
# old Portuguese escudo the cifrão `$` is the decimal mark (`2$50` is 2.50; en.wikipedia.org,
# "Cifrão"). The literal paths took the symbol off wherever it was and read 1250; the regex
# path, which takes one off an end only, refused the cell. Every path refuses it now.
_SPACES_PY = "\\s\u00a0\u202f\u2009"  # _SPACES as Python's re writes them
_MID_SKIP = np.zeros(256, dtype=bool)  # what may stand between the symbol and a digit
_MID_SKIP[list(b" \t")] = True
_MID_SKIP[0x80:] = True  # a no-break or narrow space, as _WIDE_NOISE's bytes
_MID_STEPS = 64  # bytes looked past on each side at most (spaces, no-break or narrow ones)
_SYMBOL_TOKENS = tuple(m.encode() for m in sorted(_SYMBOLS))


def _symbol_between_digits(offsets: np.ndarray, view: np.ndarray, present: bytes) -> np.ndarray | None:
    """Where (byte positions in `view`, the values' bytes from offsets[0]) a currency
    symbol has a digit before it and one after it in its cell, spaces aside; None when
    none has. A column whose every symbol opens or closes its cell (`$1,234.56`, `12 €`)
    costs a compare a byte and a look at each cell's ends; else the symbols are looked at."""
    if not len(view):
        return None
    offsets = offsets - offsets[0]
    lengths = None
    heads, tails = [], []
    for token in _SYMBOL_TOKENS:
        if token[0] not in present or token[-1] not in present:
            continue
        k = len(token)
        hits = view == token[0] if k == 1 else _starts(view, token)
        if hits is None:
            continue
        count = np.count_nonzero(hits)
        if not count:
            continue
        if lengths is None:
            lengths = np.diff(offsets)
        lead = np.take(hits, offsets[:-1], mode="clip") & (lengths >= k)
        end = np.take(hits, offsets[1:] - k, mode="clip") & (lengths > k)  # not the lead one again
        if np.count_nonzero(lead) + np.count_nonzero(end) == count:
            continue  # every one opens or closes its cell
        at = np.flatnonzero(hits)
        heads.append(at)
        tails.append(at + k - 1)
    if not heads:
        return None
    size = len(view)
    first = np.zeros(size + 1, dtype=bool)  # where a cell starts (and the end)
    first[offsets] = True
    head, tail = np.concatenate(heads), np.concatenate(tails)
    keep = _digit_beside(view, first, head, -1)
    if not keep.any():
        return None
    head, tail = head[keep], tail[keep]
    keep = _digit_beside(view, first, tail, 1)
    return head[keep] if keep.any() else None


def _digit_beside(view: np.ndarray, first: np.ndarray, at: np.ndarray, step: int) -> np.ndarray:
    """Whether the nearest byte before (`step` -1) or after (1) each of `at` in its cell,
    past _MID_SKIP's, is a digit."""
    found = np.zeros(len(at), dtype=bool)
    live = np.arange(len(at))
    here = at.copy()
    for _ in range(_MID_STEPS):
        # leaving the cell: a step back from its first byte, or on to the next one's
        inside = ~first[here] if step < 0 else ~first[here + 1]
        live, here = live[inside], here[inside] + step
        if not len(live):
            break
        byte = view[here]
        found[live[(byte >= ord("0")) & (byte <= ord("9"))]] = True
        skip = _MID_SKIP[byte]
        live, here = live[skip], here[skip]
    return found


def _mid_symbol_mask(text: pa.Array, present: bytes) -> pa.Array | None:
    """Which cells of `text` have a currency symbol between digits (`_symbol_between_digits`),
    None when none has."""
    offsets, data = text_bytes(text)
    view = data[offsets[0] : offsets[-1]]
    at = _symbol_between_digits(offsets, view, present)
    if at is None:
        return None
    mask = np.zeros(len(text), dtype=bool)
    mask[np.searchsorted(offsets - offsets[0], at, side="right") - 1] = True
    return arrow.from_numpy(mask)


def _indices(at: np.ndarray) -> pa.Array:
    """Row positions as an Arrow array, from their buffer (pa.array would import pandas)."""
    return pa.Array.from_buffers(pa.int64(), len(at), [None, pa.py_buffer(at.astype(np.int64))])


@lru_cache(maxsize=1)
def _dashes() -> pa.Array:
    """The missing-value spellings a `_simple` column can hold, built without pandas."""
    words = [w for w in MISSING_TOKENS if set(w) <= {"-"}]
    data = "".join(words).encode()
    offsets = np.zeros(len(words) + 1, dtype=np.int32)
    offsets[1:] = np.cumsum([len(w) for w in words])
    return pa.StringArray.from_buffers(len(words), pa.py_buffer(offsets), pa.py_buffer(data))


def parse_column(arr: pa.Array, decimal: Decimal | None = None) -> Parsed:
    """Parse one column of text cells into numbers, with the file's decimal mark.

    Whole-number columns come back as int64 so sums stay exact past 2**53; anything
    with a fraction or a K/M/B multiplier comes back as float64. Without a decimal
    mark (a notebook's one column) the column's own cells decide it.
    """
    if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type):
        return Parsed(arr, arr.null_count, None, None)
    if decimal is not None and pa.types.is_string(arr.type):
        simple = _simple(arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr, decimal)
        if simple is not None:
            return simple
    cleaned = _clean(arr, decimal)
    body, missing, negative, suffix, plain = (
        cleaned.body, cleaned.missing, cleaned.negative, cleaned.suffix, cleaned.plain
    )  # fmt: skip
    if decimal is None:
        decimal = _decimal_of(cleaned)
    valid = pc.match_substring_regex(body, _VALID[decimal])
    if plain is None:  # `$` alone, `+` or `.` alone must not pass for numbers
        # of what _VALID takes, only "", "-" and "+" have no digit: a lookup, not a regex
        valid = pc.and_kleene(valid, pc.invert(pc.is_in(body, _digitless(signed=True))))
    elif b"$" in plain:
        # Of _PLAIN bytes, the cells _VALID takes without a digit are "" and "-": missing,
        # unless the `$` taken off made them so (`$`, `-$`). A lookup, not a second regex
        # pass over every cell (a money column of 1M cells: 45 ms of about 300).
        valid = pc.and_kleene(valid, pc.invert(pc.is_in(body, _digitless())))
    if cleaned.bad_gap is not None:  # `1200 1500` is no number, whatever its spaces leave
        valid = pc.and_kleene(valid, pc.invert(cleaned.bad_gap))
    if cleaned.mid is not None:  # `12€50`: not 1250, whatever its symbol leaves
        valid = pc.and_kleene(valid, pc.invert(cleaned.mid))
    ok = pc.or_kleene(missing, pc.fill_null(valid, False))
    ok = pc.fill_null(ok, False)
    if not pc.all(ok).as_py():
        bad = pc.index(ok, False).as_py()
        cell = body[bad].as_py() or ""
        gap = cleaned.bad_gap is not None and bool(cleaned.bad_gap[bad].as_py())
        mid = cleaned.mid is not None and bool(cleaned.mid[bad].as_py())
        flip = (
            not gap
            and not mid
            and _PY_VALID[OTHER_MARK[decimal]].fullmatch(cell) is not None
            and re.search(r"\d", cell, re.ASCII) is not None
        )
        value = arr[bad].as_py()
        why = explain(str(value), gap, decimal) if not flip else ""
        return Parsed(pa.nulls(len(arr), pa.float64()), 0, bad, value, flip, why=why)
    percent_index = None
    if suffix is not None:
        percent = pc.fill_null(pc.equal(suffix, arrow.text("%")), False)
        if pc.any(percent).as_py():
            percent_index = pc.index(percent, True).as_py()

    if decimal == ",":
        body = pc.replace_substring(_without(body, b"."), ",", ".")
    elif plain is None or b"," in plain:
        body = _without(body, b",")
    body = pc.if_else(missing, pa.scalar(None, pa.string()), body)
    n_missing = pc.sum(pc.cast(missing, pa.int64())).as_py() or 0

    scaled = suffix is not None and pc.any(pc.is_valid(suffix)).as_py()
    if plain is not None:  # no e/E; missing cells ("", "-", "--") have no separator either
        fractional = (b"," if decimal == "," else b".") in plain
    elif not any(b in cleaned.present for b in b".,eE"):  # no mark to read as a decimal one
        fractional = False
    else:
        fractional = pc.any(pc.fill_null(pc.match_substring_regex(body, r"[.eE]"), False)).as_py()
    values = None
    if not scaled and not fractional:
        try:
            values = pc.cast(body, pa.int64())
        except pa.ArrowInvalid:  # a whole number past int64: read as float64, refused as too large
            values = None
    if values is None:
        values = pc.cast(body, pa.float64())
        if scaled:
            assert suffix is not None
            values = _scale(body, suffix, values)
        if _all_whole(values):
            values = pc.cast(values, pa.int64())
    if negative is not None and pc.any(negative).as_py():
        values = pc.if_else(negative, pc.negate(values), values)
    return Parsed(values, n_missing, None, None, percent_index=percent_index, currencies=cleaned.currencies)


def _decimal_of(cleaned: _Cleaned) -> Decimal:
    """A column's own decimal mark, for a column parsed without its file (`parse_number`)."""
    if cleaned.plain is not None and b"," not in cleaned.plain:
        return "."
    cells = pc.if_else(cleaned.missing, pa.scalar(None, pa.string()), cleaned.body).drop_null()
    try:
        found = decide_decimal((0, "", c) for c in cells.to_pylist())
    except DecimalMix:
        return "."  # the cells that need a comma are then reported as not numbers
    return found.mark if found is not None else "."


_PY_VALID = {mark: lazy_compile(pattern, re.ASCII) for mark, pattern in _VALID.items()}  # 0-9: as RE2
# Shapes only one decimal mark explains (after symbols, spaces and apostrophes are off).
_EVIDENCE_TEXT: tuple[tuple[Decimal, str], ...] = (
    (",", r"[-+]?\d{1,3}(\.\d{3})+,\d+"),  # 1.234,56
    (".", r"[-+]?\d{1,3}(,\d{3})+\.\d+"),  # 1,234.56
    (",", r"[-+]?\d{1,3}(\.\d{3}){2,}"),  # 2.314.680
    (".", r"[-+]?\d{1,3}(,\d{3}){2,}"),  # 2,314,680
    (".", r"[-+]?\d{1,2}(,\d{2})+,\d{3}(\.\d+)?"),  # 12,34,567: Indian grouping
    (",", r"[-+]?\d*,(\d{1,2}|\d{4,})"),  # 12,5  0,1234  1234,56
    (".", r"[-+]?\d*\.(\d{1,2}|\d{4,})"),  # 12.5  0.1234  1234.56
    (",", r"[-+]?0,\d+|[-+]?\d{4,},\d+"),  # 0,125  1234,567: a group never starts with 0 or has 4 digits
    (".", r"[-+]?0\.\d+|[-+]?\d{4,}\.\d+"),
)
_EVIDENCE = tuple((mark, re.compile(pattern)) for mark, pattern in _EVIDENCE_TEXT)
_CELL_NOISE = lazy_compile(rf"[\s\u00a0\u202f\u2009'’\[\]()%]|{_marks()}|[kKmMbB\x1d\x1e]$")


class DecimalMark(NamedTuple):
    """The decimal mark of a file and the cell that shows it (None: a guess)."""

    mark: Decimal
    row: int | None = None
    column: str = ""
    value: str = ""

    def describe(self) -> str:
        style = "1.234,56" if self.mark == "," else "1,234.56"
        where = f" (row {self.row:,}, column {quoted(self.column)}: {quoted(self.value)})" if self.row else ""
        return f"decimal {'comma' if self.mark == ',' else 'point'}, {style}{where}"


class DecimalMix(Exception):
    """Cells of one file that only opposite decimal marks explain."""

    def __init__(self, comma: DecimalMark, point: DecimalMark) -> None:
        super().__init__("mixed decimal marks")
        self.comma, self.point = comma, point


def number_body(cell: str) -> str:
    """A cell's number without what is around it: currency marks and codes, spaces,
    apostrophes, brackets, a `%` or a multiplier off (`€ 1.234,56` → `1.234,56`, `$1.234`
    → `1.234`, `1,2 Mio.` → `1,2`, `(1.234 €)` → `1.234`): what tells its decimal mark."""
    text = ascii_digits(cell.strip().replace(" ", "").replace("\u2212", "-"))
    return _CELL_NOISE.sub("", _WORD_SUFFIX_RE.sub("", text))


_MULTIPLIED = lazy_compile(rf"(?i)\d\s*(?:[kmb]|{'|'.join(_WORDS.values())})\.?\s*\)?$")


def multiplied(cell: str) -> bool:
    """Whether a number has a multiplier after it (`$1.234K`, `1,2 Mio.`): its point or comma
    can then only be a decimal mark, never a thousands separator (verify E V-1)."""
    return _MULTIPLIED.search(ascii_digits(cell.strip())) is not None


def decide_decimal(cells: Iterable[tuple[int, str, str]]) -> DecimalMark | None:
    """The decimal mark that explains (row, column, text) cells, or None when none tells.

    Raises DecimalMix when one cell needs a comma and another a point.

    An ASCII cell tells by its shape alone: number_body and _EVIDENCE tell digits apart
    only as `0` or another, so `26,102` and `37,204` (`11,101`) tell the same, and a column
    of grouped counts that tells nothing (sniffing's 500 rows of `"26,102"`) is worked out
    once a shape, not once a cell."""
    found: dict[str, DecimalMark] = {}
    shown: set[str] = set()  # columns whose first telling cell was seen: one per column is enough
    told: dict[str, Decimal | None] = {}  # what an ASCII cell's shape tells
    for row, column, text in cells:
        if ("," not in text and "." not in text) or (column and column in shown):
            continue  # no separator: says nothing (most cells of most exports)
        shape = text.translate(_SHAPE) if text.isascii() else None
        if shape is not None and shape in told:
            mark = told[shape]
        else:
            mark = _evidence(text)
            if shape is not None:
                told[shape] = mark
        if mark is not None:
            found.setdefault(mark, DecimalMark(mark, row, column, text.strip()))
            shown.add(column)
            if len(found) == 2:
                raise DecimalMix(found[","], found["."])
    if not found:
        return None
    return next(iter(found.values()))


_SHAPE = str.maketrans("23456789", "11111111")  # digits as _EVIDENCE tells them: 0, or another


def _evidence(text: str) -> Decimal | None:
    """The decimal mark one cell shows (`1.234,56`: a comma), or None when it shows none."""
    body = number_body(text)
    if not body or not any(c.isdigit() for c in body):
        return None
    for mark, pattern in _EVIDENCE:
        if pattern.fullmatch(body):
            return mark
    return None


# A spreadsheet's formula error in any language: `#N/A`, `#¡VALOR!`, `#ЗНАЧ!`, `#SPILL!`,
# `#GETTING_DATA`, LibreOffice's `Err:502`. Those columns.MISSING_TOKENS lists are missing
# cells; any other is named as one, not as a badly written number.
_FORMULA_ERROR = lazy_compile(r"#[^\d\s#][^\s#]{0,30}|err:\d{3}", re.IGNORECASE)
# A number with something before or after it (`1.234,56 ₾`, `5 apples`, `₹1.2 Cr`).
_BESIDE = lazy_compile(
    r"(?P<pre>[^\d\s\-+−(.,]*)\s*[-+−(]?\s*\d[\d\s.,'’\u00a0\u202f\u2009]*\)?\s*(?P<post>[^\d\s)]*)\)?"
)
# A number and something more after a plus (`$800 + product`, `500 + gifted`, `1,200+ boost`).
_PLUS = lazy_compile(r"(?P<amount>[^+]*\d[^+]*?)\s*\+\s*(?P<what>[^\d+]*[^\W\d_][^\d+]*)")
# A number and words in brackets after it (`800 (paid)`, `$1,200 (est.)`, `800 (incl. VAT)`).
_NOTED = lazy_compile(r"(?P<amount>[^()]*\d[^()]*?)\s*(?P<note>\([^()]*[^\W\d_]{2,}[^()]*\))")
_KNOWN_MARK = lazy_compile(rf"{_marks()}|[%kKmMbB]|(?i:{'|'.join(_WORDS.values())})\.?")
# A currency symbol between digits, as explain() names it (`12€50`; _symbol_between_digits).
_MID_SYMBOL = lazy_compile(
    rf"(\d[\d.,'{_SPACES_PY}]*?)[{_SPACES_PY}]*({'|'.join(re.escape(m) for m in sorted(_SYMBOLS))})"
    rf"[{_SPACES_PY}]*(\d+)"
)
# Indian trackers' short forms, which kpi does not read: `Cr` is also a ledger's credit.
_SHORT_FORMS = {"cr": "crore", "crs": "crore", "l": "lakh", "lk": "lakh"}


def explain(cell: str, gap: bool = False, decimal: Decimal = ".") -> str:
    """What is wrong with a cell that is not a number, and the fix, when kpi can tell:
    a space that groups no thousands (`gap`), a formula error, a mark it does not read.
    "" when it cannot (the caller then says what numbers it reads)."""
    text = cell.strip()
    if gap:
        return (
            "has a space or an apostrophe between digits that does not group thousands (only groups "
            "of three digits are set apart so: 1 234 567, 1'234'567); two figures in one cell? write "
            "one number in each cell"
        )
    mid = _MID_SYMBOL.search(text)
    if mid is not None:
        whole, symbol, part = mid.groups()
        digits = re.sub(r"\D", "", whole) + part  # `1.234€56` as one number: 123456, not 1.23456
        who = "French prices and the escudo put" if symbol in ("€", "$") else "some prices put"
        return (
            f"has {quoted(symbol)} between its digits, which kpi does not read: {mid.group(0)} may "
            f"be {whole}{decimal}{part} ({who} the symbol where the decimal mark goes) or {digits}; "
            f"write the amount with the symbol before or after it ({whole}{decimal}{part} {symbol} or "
            f"{digits} {symbol}, as it is meant)"
        )
    if _FORMULA_ERROR.fullmatch(text):
        return (
            "is a spreadsheet's formula error, not a figure: fix the formula in the sheet, or leave "
            "the cell blank if the figure is unknown"
        )
    plus = _PLUS.fullmatch(text)
    if plus is not None:  # `$800 + product`: a fee and a gift, one of them no amount
        return (
            f"is an amount plus {quoted(plus['what'].strip())}, which kpi cannot add up; write the amount "
            f"alone ({plus['amount'].strip()}) and, if known, the value of the rest in a column of its own "
            "(Product Value, which kpi adds to spend)"
        )
    noted = _NOTED.fullmatch(text)
    # `800 (paid)`, `800 (est.)`, `800 (incl. VAT)`: the words may change the amount (not `(USD)`)
    if noted is not None and not _KNOWN_MARK.fullmatch(noted["note"].strip("() ")):
        return (
            f"has a note beside the number ({quoted(noted['note'].strip())}), which kpi does not read: write "
            f"the number alone ({noted['amount'].strip()}) and the note in a column of its own"
        )
    found = _BESIDE.fullmatch(text)
    if found is None:
        return ""
    unknown = [
        m
        for m in (found["pre"], found["post"])
        if m
        and not _KNOWN_MARK.fullmatch(m)
        and any(c.isalpha() or unicodedata.category(c) == "Sc" for c in m)
    ]  # a word or a currency sign: `~1,000`, `>1000`, `="12500"` are no marks
    if not unknown:
        return ""
    mark = unknown[0]
    word = _SHORT_FORMS.get(mark.rstrip(".").lower())
    if word is not None:
        return (
            f"has {quoted(mark)} beside the number, which kpi does not read: write the word ({word}) "
            "or the amount in full"
            + (" (in a ledger, Cr is a credit: write it with a minus)" if word == "crore" else "")
        )
    return (
        f"has {quoted(mark)} beside the number, which kpi does not read as a currency or a multiplier; "
        "write the number without it (and give --currency with the currency's code if it is money)"
    )


def _scale(body: pa.Array, suffix: pa.Array, values: pa.Array) -> pa.Array:
    """1.2K → 1200 exactly, by moving the decimal point instead of multiplying floats.

    16.1 × 1e9 in floating point is 16100000000.000002; 161 × 10**8 is exact.
    """
    rows = np.flatnonzero(arrow.to_numpy(pc.is_valid(suffix)))
    taken = arrow.from_numpy(rows)
    texts = pc.take(body, taken)
    exponent = np.array([_EXPONENTS[s] for s in pc.take(suffix, taken).to_pylist()])
    # digits after the point: the length past the first `.` (find_substring, not a regex
    # Arrow would compile at each call)
    point = arrow.to_numpy(pc.find_substring(texts, "."))
    decimals = np.where(point < 0, 0, arrow.to_numpy(pc.binary_length(texts)) - point - 1)
    digits = pc.replace_substring(texts, ".", "")
    whole: pa.Array | None = None
    offsets, data = text_bytes(digits)
    written = data[offsets[0] : offsets[-1]].tobytes()
    if not (b"e" in written or b"E" in written):
        try:
            whole = pc.cast(digits, pa.int64())
        except pa.ArrowInvalid:  # 20 digits or more before `%` or `K`: past int64, read as a float
            whole = None  # (and refused further on as too large), not Arrow's "Failed to parse"
    if whole is None:
        mantissa = arrow.to_numpy(pc.cast(texts, pa.float64()))
        decimals = np.zeros_like(decimals)
    else:
        mantissa = arrow.to_numpy(whole).astype("float64")
    shift = exponent - decimals
    scaled = np.where(
        shift >= 0,
        mantissa * 10.0 ** np.clip(shift, 0, None),
        mantissa / 10.0 ** np.clip(-shift, 0, None),
    )
    out = arrow.to_numpy(values).copy()
    out[rows] = scaled
    return arrow.from_numpy(out, mask=arrow.to_numpy(pc.is_null(values)))


def _all_whole(values: pa.Array) -> bool:
    present = pc.drop_null(values)
    if len(present) == 0:
        return True
    whole = pc.equal(pc.floor(present), present)
    small = pc.less(pc.abs(present), pa.scalar(2.0**53, pa.float64()))
    return bool(pc.all(pc.and_(whole, small)).as_py())


# A cell of digits, grouped in threes or not, with a decimal part and a leading minus and
# `$` or not (`26,102`, `-$1,234.56`, `1.234,56`): what `parse_column` makes of it, worked
# out without it (see `parse_number`).
_SCALAR = {
    ".": lazy_compile(r"(-?)\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?", re.ASCII),
    ",": lazy_compile(r"(-?)\$?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?", re.ASCII),
}


def parse_number(text: str, decimal: Decimal | None = None) -> int | float | None:
    """Parse one cell; None for a missing marker, ValueError when it is not a number.

    Uses the column parser so the scalar and vector paths can never disagree, except for
    the cells most exports write (`26,102`, `$1,234.56`) in a file of known decimal mark:
    those are read here as the column parser reads them (int64 for a whole number, a
    correctly rounded float else, as Arrow's cast), without Arrow's compute functions.
    Sniffing reads a few such cells before the file's parse starts, and loading those
    functions there (0.1 s with pyarrow.compute) kept both cores waiting (issue 21).
    """
    shape = _SCALAR[decimal].fullmatch(text) if decimal is not None else None
    if shape is not None:
        sign, whole, fraction = shape.groups()
        digits = whole.replace("," if decimal == "." else ".", "")
        if len(digits) + len(fraction or "") <= 15:  # exact in int64 and float64 alike
            if fraction is None:
                return int(sign + digits)
            value = float(f"{sign}{digits}.{fraction}")
            return int(value) if value.is_integer() else value
    parsed = parse_column(pa.array([text], pa.string()), decimal)
    if parsed.bad_index is not None:
        raise ValueError(f"not a number: {quoted(text)}")
    value = parsed.values[0].as_py()
    return value
