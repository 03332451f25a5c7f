"""Text from a file or a path, made safe to show: control characters written out.

A cell or a header can hold terminal escapes (`\x1b[2J` clears the screen); shown on
stderr or in a table they would act instead of being read.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\r\n\t]")
_CONTROL_NOT_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: object) -> str:
    """`text` with control characters as `\\x1b` escapes and line breaks as spaces."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", _BREAKS.sub(" ", str(text)))


def without_controls(text: str) -> str:
    """`text` with control characters as `\\x1b` escapes, line breaks and tabs kept (a CSV
    cell: quoting carries them, and a program reading it gets the name as written)."""
    return _CONTROL_NOT_BREAKS.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
