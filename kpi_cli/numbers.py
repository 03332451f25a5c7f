"""Parse numbers the way exports write them, a whole column at a time.

`1,234`, `$1,234.56`, `€1.234,56`, `3.5%`, `1.2K`, `3M`, `(120.00)` are all numbers;
blanks and `N/A`, `-`, `--` are missing (not zero). Anything else is an error the
caller reports with its row. Work is done with pyarrow compute kernels so a column
of millions of cells never becomes a Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kpi_cli.columns import MISSING_TOKENS, Decimal
from kpi_cli.hashing import text_bytes

# Currency symbols and codes, spaces (incl. no-break) and apostrophes used as grouping.
_NOISE = r"[\s\x{00a0}\x{202f}$€£¥₹']|(?i:usd|eur|gbp|cad|aud|us\$)"
_SUFFIX = r"[%kKmMbB]$"
_VALID = {
    ".": r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?$",
    ",": r"^[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?$",
}
_HAS_DIGIT = r"\d"
# A comma followed by one or two final digits, or a dot-grouped number with a comma
# decimal part, only makes sense as a decimal comma (`12,5`, `1.234,56`).
_LOOKS_DECIMAL_COMMA = r"^[-+]?\d+,\d{1,2}$|^[-+]?\d{1,3}(?:\.\d{3})+,\d*$"

_EXPONENTS = {"%": 0, "k": 3, "K": 3, "m": 6, "M": 6, "b": 9, "B": 9}
# Bytes of the cells most exports write (`12,345`, `$1,234.56`, `-`): a column of only
# these needs none of the regex rewrites in _clean (no spaces, codes, brackets, suffixes).
_PLAIN = np.zeros(256, dtype=bool)
_PLAIN[list(b"0123456789,.-$")] = True
_MISSING = pa.array(MISSING_TOKENS, pa.string())


@dataclass
class Parsed:
    """A parsed column: numbers (int64 when every value is whole), and what went wrong."""

    values: pa.Array
    missing: int
    bad_index: int | None  # first cell that is not a number, as a 0-based index
    bad_value: str | None


@dataclass
class _Cleaned:
    body: pa.Array  # the number's text: symbols, codes and brackets off
    missing: pa.Array  # which cells are missing
    negative: pa.Array | None = None  # which were in brackets (None: none was)
    suffix: pa.Array | None = None  # each cell's %/K/M/B (None: no cell has one)
    plain: bytes | None = None  # the column's bytes, when all are _PLAIN ones


def _clean(arr: pa.Array) -> _Cleaned:
    text = arr.cast(pa.string())
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    present = _bytes_of(text)
    if _PLAIN[np.frombuffer(present, dtype=np.uint8)].all():
        # What the rewrites below would leave: the text without `$`. Each regex pass
        # costs about a microsecond a cell: 5 such columns of 10M cells took a minute.
        missing = pc.fill_null(pc.or_kleene(pc.is_null(text), pc.is_in(text, _MISSING)), True)
        return _Cleaned(_without(text, b"$") if b"$" in present else text, missing, plain=present)
    text = pc.utf8_trim_whitespace(text)
    missing = pc.or_kleene(pc.is_null(text), pc.is_in(pc.utf8_lower(text), _MISSING))
    missing = pc.fill_null(missing, True)
    body = pc.replace_substring_regex(text, _NOISE, "")
    body = pc.replace_substring_regex(body, r"^\+", "")
    negative = pc.fill_null(pc.match_substring_regex(body, r"^\(.*\)$"), False)
    body = pc.replace_substring_regex(body, r"^\((.*)\)$", r"\1")
    suffix = pc.utf8_slice_codeunits(body, -1)
    has_suffix = pc.fill_null(pc.match_substring_regex(body, _SUFFIX), False)
    body = pc.replace_substring_regex(body, _SUFFIX, "")
    suffix = pc.if_else(has_suffix, suffix, pa.scalar(None, pa.string()))
    return _Cleaned(body, missing, negative, suffix)


def _bytes_of(text: pa.Array) -> bytes:
    """The distinct bytes of a string array's values, in one pass over its buffer."""
    offsets, data = text_bytes(text)
    return (
        np.flatnonzero(np.bincount(data[offsets[0] : offsets[-1]], minlength=256)).astype(np.uint8).tobytes()
    )


def _without(text: pa.Array, drop: bytes) -> pa.Array:
    """`text` with every one of the ASCII bytes `drop` taken out of its values, in one
    numpy pass (an ASCII byte is never part of a longer UTF-8 character)."""
    if text.offset:  # a slice: its validity bits start mid-buffer
        text = pa.concat_arrays([text])
    offsets, data = text_bytes(text)
    data = data[offsets[0] : offsets[-1]]
    keep = np.ones(len(data), dtype=bool)
    for byte in drop:
        keep &= data != byte
    kept = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum(keep, out=kept[1:])
    new_offsets = pa.py_buffer(kept[offsets - offsets[0]])
    return pa.StringArray.from_buffers(
        len(text),
        new_offsets,
        pa.py_buffer(data[keep]),
        text.buffers()[0] if text.null_count else None,
        text.null_count,
    )


def detect_decimal(arr: pa.Array) -> Decimal:
    """Guess whether a column writes decimals with a comma (`12,5`, `1.234,56`)."""
    return _decimal_of(_clean(arr))


def _decimal_of(cleaned: _Cleaned) -> Decimal:
    if cleaned.plain is not None and b"," not in cleaned.plain:
        return "."  # both decimal-comma shapes have a comma
    looks = pc.match_substring_regex(cleaned.body, _LOOKS_DECIMAL_COMMA)
    looks = pc.and_kleene(looks, pc.invert(cleaned.missing))
    return "," if pc.any(pc.fill_null(looks, False)).as_py() else "."


def parse_column(arr: pa.Array, decimal: Decimal | None = None) -> Parsed:
    """Parse one column of text cells into numbers.

    Whole-number columns come back as int64 so sums stay exact past 2**53; anything
    with a fraction or a K/M/B multiplier comes back as float64.
    """
    if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type):
        return Parsed(arr, arr.null_count, None, None)
    cleaned = _clean(arr)
    body, missing, negative, suffix, plain = (
        cleaned.body, cleaned.missing, cleaned.negative, cleaned.suffix, cleaned.plain
    )  # fmt: skip
    if decimal is None:
        decimal = _decimal_of(cleaned)
    valid = pc.match_substring_regex(body, _VALID[decimal])
    if plain is None or b"$" in plain:
        # Of _PLAIN bytes but `$`, the cells _VALID takes without a digit are "" and "-",
        # missing anyway; `$` alone, `+` or `.` alone must not pass for numbers.
        valid = pc.and_kleene(valid, pc.match_substring_regex(body, _HAS_DIGIT))
    ok = pc.or_kleene(missing, pc.fill_null(valid, False))
    ok = pc.fill_null(ok, False)
    if not pc.all(ok).as_py():
        bad = pc.index(ok, False).as_py()
        return Parsed(pa.nulls(len(arr), pa.float64()), 0, bad, arr[bad].as_py())

    if decimal == ",":
        body = pc.replace_substring(_without(body, b"."), ",", ".")
    elif plain is None or b"," in plain:
        body = _without(body, b",")
    body = pc.if_else(missing, pa.scalar(None, pa.string()), body)
    n_missing = pc.sum(missing.cast(pa.int64())).as_py() or 0

    scaled = suffix is not None and pc.any(pc.is_valid(suffix)).as_py()
    if plain is not None:  # no e/E; missing cells ("", "-", "--") have no separator either
        fractional = (b"," if decimal == "," else b".") in plain
    else:
        fractional = pc.any(pc.fill_null(pc.match_substring_regex(body, r"[.eE]"), False)).as_py()
    if not scaled and not fractional:
        values = pc.cast(body, pa.int64())
    else:
        values = pc.cast(body, pa.float64())
        if scaled:
            assert suffix is not None
            values = _scale(body, suffix, values)
        if _all_whole(values):
            values = pc.cast(values, pa.int64())
    if negative is not None and pc.any(negative).as_py():
        values = pc.if_else(negative, pc.negate(values), values)
    return Parsed(values, n_missing, None, None)


def _scale(body: pa.Array, suffix: pa.Array, values: pa.Array) -> pa.Array:
    """1.2K → 1200 exactly, by moving the decimal point instead of multiplying floats.

    16.1 × 1e9 in floating point is 16100000000.000002; 161 × 10**8 is exact.
    """
    rows = np.flatnonzero(pc.is_valid(suffix).to_numpy(zero_copy_only=False))
    texts = body.take(pa.array(rows))
    exponent = np.array([_EXPONENTS[s] for s in suffix.take(pa.array(rows)).to_pylist()])
    decimals = pc.utf8_length(pc.replace_substring_regex(texts, r"^[^.]*\.?", "")).to_numpy()
    digits = pc.replace_substring(texts, ".", "")
    if pc.any(pc.match_substring_regex(digits, r"[eE]")).as_py():
        mantissa = pc.cast(texts, pa.float64()).to_numpy(zero_copy_only=False)
        decimals = np.zeros_like(decimals)
    else:
        mantissa = pc.cast(digits, pa.int64()).to_numpy(zero_copy_only=False).astype("float64")
    shift = exponent - decimals
    scaled = np.where(
        shift >= 0,
        mantissa * 10.0 ** np.clip(shift, 0, None),
        mantissa / 10.0 ** np.clip(-shift, 0, None),
    )
    out = values.to_numpy(zero_copy_only=False).copy()
    out[rows] = scaled
    return pa.array(out, mask=pc.is_null(values).to_numpy(zero_copy_only=False))


def _all_whole(values: pa.Array) -> bool:
    present = values.drop_null()
    if len(present) == 0:
        return True
    whole = pc.equal(pc.floor(present), present)
    small = pc.less(pc.abs(present), 2.0**53)
    return bool(pc.all(pc.and_(whole, small)).as_py())


def parse_number(text: str, decimal: Decimal | None = None) -> int | float | None:
    """Parse one cell; None for a missing marker, ValueError when it is not a number.

    Uses the column parser so the scalar and vector paths can never disagree.
    """
    parsed = parse_column(pa.array([text], pa.string()), decimal)
    if parsed.bad_index is not None:
        raise ValueError(f"not a number: {text!r}")
    value = parsed.values[0].as_py()
    return value
