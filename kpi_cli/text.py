"""Text from a file or a path, made safe to show: control characters written out.

A cell or a header can hold terminal escapes (`\x1b[2J` clears the screen); shown on
stderr or in a table they would act instead of being read. Invisible characters are
written out too: a right-to-left override (U+202E) turns the rest of a row around in a
bidi-aware terminal or Markdown viewer (`@bidi\u202etxt.exe`), and a zero-width space
makes `@an\u200bna` look like `@anna` while it is another creator.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kpi_cli.lazy import lazy_compile

_BREAKS = lazy_compile(r"[\r\n\t]")
# Every character that shows as nothing, or changes how the rest shows: controls (Cc),
# format characters (Cf: bidi overrides and isolates, zero-width space and joiners, soft
# hyphen, word joiner, BOM, tags), the line and paragraph separators (Zl, Zp) and lone
# surrogates (a file name in surrogateescape). Written out as ranges, not looked up per
# character: tests/test_hidden_text.py checks it against unicodedata.
_HIDDEN_CLASS = (
    "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_HIDDEN = lazy_compile(f"[{_HIDDEN_CLASS}]")
_HIDDEN_NOT_BREAKS = lazy_compile(f"(?![\\t\\n\\r])[{_HIDDEN_CLASS}]")
# In JSON text a raw C0 character is layout (a line break, an indent): strings escape theirs.
_HIDDEN_IN_JSON = lazy_compile(f"(?![\\x00-\\x1f])[{_HIDDEN_CLASS}]")
_NOT_ASCII = lazy_compile("[^\x00-\x7e]+")
_ASCII_BELOW_DEL = bytes(range(0x7F))  # JSON's syntax, layout and every ASCII letter
_JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ: part of Persian, Indic and emoji text between two such


def _shown(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _joins(text: str, at: int) -> bool:
    """A ZWJ or ZWNJ between two letters, marks or symbols of a script that uses it (not ASCII):
    `👩\u200d💻` is one emoji, `می\u200cخواهم` Persian; `an\u200dna` only hides a character."""
    import unicodedata

    def visible(index: int) -> bool:
        if not 0 <= index < len(text) or ord(text[index]) < 0x80:
            return False
        return unicodedata.category(text[index])[0] in "LMS"

    return visible(at - 1) and visible(at + 1)


def _escape(text: str, pattern: re.Pattern[str] = _HIDDEN) -> str:
    if text.isprintable():  # nearly every name: no Cc, Cf, Zl, Zp, Cs or Cn character at all
        return text

    def shown(match: re.Match[str]) -> str:
        char = match.group(0)
        return char if char in _JOINERS and _joins(text, match.start()) else _shown(char)

    return pattern.sub(shown, text)


def printable(text: object) -> str:
    """`text` with line breaks as spaces and every control, bidi, zero-width or other
    invisible character written out (`\\x1b`, `\\u202e`, `\\u200b`): what every table,
    Markdown page, note and error shows of a name from a file. A joiner that joins two
    emoji or two letters of a script that needs it stays."""
    return _escape(_BREAKS.sub(" ", str(text)))


def figure(value: float) -> str:
    """A sum as an error message states it: whole numbers grouped (`90,000`), else to the
    cent (`3,734.56`); plain, with no unit, as the file's own figures are quoted."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def has_hidden(text: str) -> bool:
    """Whether `text` holds a control, bidi, zero-width or other invisible character."""
    return _HIDDEN.search(text) is not None


def yaml_escaped(text: str) -> str:
    """YAML whose hidden characters all stand in double-quoted scalars (`yamlfile.dump`
    quotes such text), with each as a `\\u` escape YAML reads back as the character.
    Line breaks, tabs, and a YAML escape the emitter wrote already are left alone."""
    return _HIDDEN_NOT_BREAKS.sub(lambda match: _shown(match.group(0)), text)


def _printable(data: bytes) -> bool:
    """Whether UTF-8 JSON text holds nothing hidden: its bytes past ASCII (and DEL) kept
    apart in C, every other byte dropped, then decoded and checked. A character's bytes
    are all past ASCII, so they stay together; a 63 MB breakdown is some 200 KB of them
    (kpi's own `–`, `×`, `≥` and accented names), where decoding it whole cost 0.25 s."""
    if isinstance(data, bytes):
        kept = data.translate(None, _ASCII_BELOW_DEL)
    else:  # a view of Arrow's buffer (records.glued): the same bytes kept, by numpy
        import numpy as np

        raw = np.frombuffer(data, dtype=np.uint8)
        kept = raw[raw >= 0x7F].tobytes()
    return kept.decode("utf-8").isprintable()


def json_safe(data: bytes) -> bytes:
    """JSON text (UTF-8) with the hidden characters JSON may hold raw (DEL, C1 controls such
    as U+009B, a terminal's CSI; bidi overrides, zero-width characters, U+2028) as `\\u`
    escapes. orjson writes them raw; a reader decodes both alike, a terminal does not.
    Each is inside a string (JSON's own syntax is ASCII), so the swap is safe anywhere."""
    if _printable(data):  # nearly always: a check in C
        return data
    text = bytes(data).decode("utf-8")

    def escaped(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        if code > 0xFFFF:  # JSON writes an astral character as its UTF-16 surrogate pair
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"

    def run(match: re.Match[str]) -> str:  # each run of DEL and non-ASCII text (accented names)
        found = match.group(0)
        return found if found.isprintable() else _HIDDEN_IN_JSON.sub(escaped, found)

    # Every hidden character JSON may hold raw is DEL or past ASCII: only those runs are
    # looked at (the whole class over 30 MB of JSON took 3 s).
    return _NOT_ASCII.sub(run, text).encode("utf-8")


def wrapped(text: str, width: int) -> str:
    """A note for a terminal `width` columns wide: broken between words, each further
    line indented two spaces (a word longer than the line, a path say, stays whole)."""
    import textwrap

    return textwrap.fill(
        text, width=max(width, 20), subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
    )


def without_controls(text: str) -> str:
    """`text` with control, bidi and zero-width characters written out as `printable` does,
    line breaks and tabs kept (a CSV cell: quoting carries them, and a program reading it
    gets the name as written)."""
    return _escape(text, _HIDDEN_NOT_BREAKS)


# --------------------------------------------------------------------------- the console

_TRAILING = lazy_compile(r"(?:[ ]|\x1b\[[0-9;]*m)+(?=\n)")


class TidyWriter:
    """A console's stream with the spaces rich pads its lines with taken off their ends,
    so `kpi score x.csv | less` or a saved table has no trailing blanks (colour codes
    among them stay). rich writes a whole print at a time, line breaks included."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_TRAILING.sub(lambda m: m.group(0).replace(" ", ""), text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, flush, encoding: the stream's
        return getattr(self._stream, name)


class GuardedStdout:
    """Standard output whose write failures are an `OutputError`, one line and exit 2, for
    every command and whatever writes (a report, a table, help, --version): `kpi score x.csv
    > /dev/full` said `unexpected OSError: [Errno 28] No space left on device (please
    report this)`. A closed pipe still raises BrokenPipeError: the reader left, which is
    not an error. `failed` says a write failed: once the error is said, the CLI sends the
    rest of stdout nowhere, so the exit's flush does not fail a second time."""

    failed = False

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with _stdout_failures(self._stream):
            return int(self._stream.write(text))

    def writelines(self, lines: Any) -> None:
        with _stdout_failures(self._stream):
            self._stream.writelines(lines)

    def flush(self) -> None:
        with _stdout_failures(self._stream):
            self._stream.flush()

    @property
    def buffer(self) -> Any:  # bytes written to stdout (JSON, CSV): the same guard
        buffer = getattr(self._stream, "buffer", None)
        return None if buffer is None else GuardedStdout(buffer)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, reconfigure: the stream's
        return getattr(self._stream, name)


@contextmanager
def _stdout_failures(stream: Any) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        from kpi_cli.errors import OutputError, reason

        GuardedStdout.failed = True
        raise OutputError(f"could not write the report to standard output ({reason(exc)})") from None


# What kpi draws that a console without Unicode lacks, each to as many ASCII characters as
# it takes cells on screen, so a table's columns still line up (`≥ 3%` → `>=3%`).
ASCII_GLYPHS = {
    "·": "-", "–": "-", "—": "-", "−": "-", "×": "x", "★": "*", "✓": "+", "✗": "!",
    "…": ".", "→": ">", "←": "<", "≥": ">", "≤": "<", "≈": "~", "€": "E", "£": "L",
    "¥": "Y", "₹": "R", "₩": "W", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5",
    "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁰": "0", "▁": "_", "▂": ".", "▃": ",",
    "▄": "-", "▅": "=", "▆": "+", "▇": "*", "█": "#", "\u202f": " ", "\xa0": " ",
}  # fmt: skip
GLYPHS = "·–—×★✓✗≥≤…"  # what a console must encode for kpi to draw as it does


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    """The `kpi-ascii` codec error handler: each glyph a console cannot encode as its ASCII
    stand-in; `≥ ` as `>=` (the space gives way to keep the width); anything else `?`."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    from rich.cells import cell_len

    text, at, out = error.object, error.start, []
    while at < error.end:
        char = text[at]
        if char in "≥≤" and text[at + 1 : at + 2] == " ":
            out.append(ASCII_GLYPHS[char] + "=")
            at += 2
            continue
        out.append(ASCII_GLYPHS.get(char) or "?" * max(1, cell_len(char)))
        at += 1
    return "".join(out), at


codecs.register_error("kpi-ascii", _ascii_fallback)


def encodes(text: str, encoding: str | None) -> bool:
    """Whether a console of `encoding` can write `text` (an unknown encoding cannot)."""
    try:
        text.encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def fit_encoding(stream: Any) -> bool:
    """Make `stream` write what its encoding lacks as ASCII instead of failing (a cp1252
    console, PYTHONIOENCODING=ascii); True when it had to."""
    if encodes(GLYPHS, getattr(stream, "encoding", None)):
        return False
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="kpi-ascii")
        except (ValueError, OSError):  # a stream that cannot change now: leave it
            return False
    return True


# --------------------------------------------------------------------------- names

# Characters that show as nothing and mean nothing in a name: a copy from a web page, Slack
# or a Google Doc leaves them in a creator's handle or a campaign name (zero-width space,
# the left-to-right and right-to-left marks, bidi embeddings and isolates, word joiner,
# invisible operators, a byte-order mark inside a cell, the soft hyphen), so `@an<ZWSP>na`
# would be a second @anna that prints the same. Unicode's "format" characters (Cf) less the
# joiners (U+200C, U+200D), which do mean something between letters of some scripts
# (Persian, Hindi) and inside emoji, and less tags (U+E0020-E007F) of flag emoji.
_NAME_HIDDEN = (
    (0xAD, 0xAD),
    (0x61C, 0x61C),
    (0x180E, 0x180E),
    (0x200B, 0x200B),
    (0x200E, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
)
_INVISIBLE = lazy_compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _NAME_HIDDEN) + "]")
# ... joiners next to an ASCII character join nothing (`@an<ZWJ>na`).
_STRAY_JOINERS = lazy_compile(r"(?<=[\x00-\x7f])[\u200c\u200d]+|[\u200c\u200d]+(?=[\x00-\x7f])")
_JOINER = lazy_compile("[\u200c\u200d\ufe0e\ufe0f]")  # and emoji/text presentation selectors: ❤️ is ❤
# Whether a name has anything `visible` may take out, for Arrow's RE2 (the joiners too).
INVISIBLE_RE2 = (
    "["
    + "".join(
        f"\\x{{{a:04X}}}-\\x{{{b:04X}}}" for a, b in (*_NAME_HIDDEN, (0x200C, 0x200D), (0xFE0E, 0xFE0F))
    )
    + "]"
)


def visible(name: str) -> str:
    """`name` without the characters that show as nothing (see _INVISIBLE), so a name is
    shown, and told from others, as it reads: `@an<ZWSP>na` is `@anna`."""
    if name.isascii():
        return name
    return _STRAY_JOINERS.sub("", _INVISIBLE.sub("", name))


def fold(name: str) -> str:
    """What a name is when telling names apart: `visible`, without any joiner, and with
    compatibility forms as their plain letters (NFKC: full-width `＠ａｎｎａ` is `@anna`).
    One fold for creators in `kpi score` and clients in `kpi retention`."""
    if name.isascii():
        return name
    import unicodedata

    return unicodedata.normalize("NFKC", _JOINER.sub("", visible(name)))


def text_key(name: str) -> str:
    """What a text value is when telling values apart, the one rule for every text column
    kpi groups on (creators, campaigns, platforms, formats) in a file and across files:
    `fold` (invisible characters out, NFKC: full-width `＠` is `@`, an accent written as
    two code points, as macOS writes a typed name, is the accent), every run of spaces
    (a no-break space, a double space) one space, none at the ends, and case folded.
    `Spring<NBSP> Launch`, `spring launch` and `SPRING LAUNCH` are one campaign."""
    if name.isascii():
        return " ".join(name.split()).casefold()
    import unicodedata

    return unicodedata.normalize("NFKC", " ".join(fold(name).split()).casefold())


def as_typed(name: str) -> bool:
    """Whether `name` is written as a keyboard writes it: no invisible character, no space
    at either end nor two together, no compatibility form (full-width `＠`, a no-break
    space) or accent in two code points. Of several spellings of one value, kpi shows
    one written so."""
    if name.isascii():
        return name == " ".join(name.split())
    import unicodedata

    plain = name == " ".join(name.split()) and visible(name) == name
    return plain and unicodedata.is_normalized("NFKC", name)
