"""Text from a file or a path, made safe to show: control characters written out.

A cell or a header can hold terminal escapes (`\x1b[2J` clears the screen); shown on
stderr or in a table they would act instead of being read.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\r\n\t]")
_CONTROL_NOT_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: object) -> str:
    """`text` with control characters as `\\x1b` escapes and line breaks as spaces."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", _BREAKS.sub(" ", str(text)))


def wrapped(text: str, width: int) -> str:
    """A note for a terminal `width` columns wide: broken between words, each further
    line indented two spaces (a word longer than the line, a path say, stays whole)."""
    import textwrap

    return textwrap.fill(
        text, width=max(width, 20), subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
    )


def without_controls(text: str) -> str:
    """`text` with control characters as `\\x1b` escapes, line breaks and tabs kept (a CSV
    cell: quoting carries them, and a program reading it gets the name as written)."""
    return _CONTROL_NOT_BREAKS.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


# --------------------------------------------------------------------------- the console

_TRAILING = re.compile(r"(?:[ ]|\x1b\[[0-9;]*m)+(?=\n)")


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
_HIDDEN = (
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
_INVISIBLE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _HIDDEN) + "]")
# ... joiners next to an ASCII character join nothing (`@an<ZWJ>na`).
_STRAY_JOINERS = re.compile(r"(?<=[\x00-\x7f])[\u200c\u200d]+|[\u200c\u200d]+(?=[\x00-\x7f])")
_JOINERS = re.compile("[\u200c\u200d]")
# Whether a name has anything `visible` may take out, for Arrow's RE2 (the joiners too).
INVISIBLE_RE2 = "[" + "".join(f"\\x{{{a:04X}}}-\\x{{{b:04X}}}" for a, b in (*_HIDDEN, (0x200C, 0x200D))) + "]"


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

    return unicodedata.normalize("NFKC", _JOINERS.sub("", visible(name)))
