"""`json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False)`, byte for byte, faster.

With `indent`, the standard library falls back to its pure-Python encoder, whose
nested generators cost ~2.5 s and 300 MB on a report of 5,000 groups. This writer
appends strings to one list instead; strings are escaped by the same C function.
"""

from __future__ import annotations

import math
from json.encoder import encode_basestring
from typing import Any

_INDENT = "  "


def dumps(obj: Any, end: str = "") -> str:
    """The same text as json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + end."""
    out: list[str] = []
    _write(obj, out, "\n")
    out.append(end)  # not `dumps(...) + end`: that copies a report of many megabytes once more
    return "".join(out)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _float(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError("Out of range float values are not JSON compliant: " + repr(value))
    return float.__repr__(value)


def _nested(obj: Any, out: list[str], newline: str) -> None:
    """Write a container as one joined string, so millions of small pieces never pile up."""
    if isinstance(obj, dict | list | tuple) and obj:
        pieces: list[str] = []
        _write(obj, pieces, newline)
        out.append("".join(pieces))
    else:
        _write(obj, out, newline)


def _write(obj: Any, out: list[str], newline: str) -> None:
    if isinstance(obj, str):
        out.append(encode_basestring(obj))
    elif obj is None:
        out.append("null")
    elif obj is True:
        out.append("true")
    elif obj is False:
        out.append("false")
    elif isinstance(obj, int):
        out.append(int.__repr__(obj))
    elif isinstance(obj, float):
        out.append(_float(obj))
    elif isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        inner = newline + _INDENT
        separator = "{" + inner
        for key, value in obj.items():
            out.append(separator)
            out.append(encode_basestring(_key(key)))
            out.append(": ")
            _nested(value, out, inner)
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(obj, list | tuple):
        if not obj:
            out.append("[]")
            return
        inner = newline + _INDENT
        separator = "[" + inner
        for value in obj:
            out.append(separator)
            _nested(value, out, inner)
            separator = "," + inner
        out.append(newline + "]")
    else:
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")
