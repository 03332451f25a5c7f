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


@dataclass
class Parsed:
    """A parsed column: numbers (int64 when every value is whole), and what went wrong."""

    values: pa.Array
    missing: int
    bad_index: int | None  # first cell that is not a number, as a 0-based index
    bad_value: str | None


def _clean(arr: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array, pa.Array]:
    text = pc.utf8_trim_whitespace(arr.cast(pa.string()))
    missing = pc.or_kleene(pc.is_null(text), pc.is_in(pc.utf8_lower(text), pa.array(MISSING_TOKENS)))
    missing = pc.fill_null(missing, True)
    body = pc.replace_substring_regex(text, _NOISE, "")
    body = pc.replace_substring_regex(body, r"^\+", "")
    negative = pc.fill_null(pc.match_substring_regex(body, r"^\(.*\)$"), False)
    body = pc.replace_substring_regex(body, r"^\((.*)\)$", r"\1")
    suffix = pc.utf8_slice_codeunits(body, -1)
    has_suffix = pc.fill_null(pc.match_substring_regex(body, _SUFFIX), False)
    body = pc.replace_substring_regex(body, _SUFFIX, "")
    suffix = pc.if_else(has_suffix, suffix, pa.scalar(None, pa.string()))
    return body, missing, negative, suffix


def detect_decimal(arr: pa.Array) -> Decimal:
    """Guess whether a column writes decimals with a comma (`12,5`, `1.234,56`)."""
    body, missing, _, _ = _clean(arr)
    looks = pc.match_substring_regex(body, _LOOKS_DECIMAL_COMMA)
    looks = pc.and_kleene(looks, pc.invert(missing))
    return "," if pc.any(pc.fill_null(looks, False)).as_py() else "."


def parse_column(arr: pa.Array, decimal: Decimal | None = None) -> Parsed:
    """Parse one column of text cells into numbers.

    Whole-number columns come back as int64 so sums stay exact past 2**53; anything
    with a fraction or a K/M/B multiplier comes back as float64.
    """
    if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type):
        return Parsed(arr, arr.null_count, None, None)
    if decimal is None:
        decimal = detect_decimal(arr)
    body, missing, negative, suffix = _clean(arr)
    valid = pc.and_kleene(
        pc.match_substring_regex(body, _VALID[decimal]),
        pc.match_substring_regex(body, _HAS_DIGIT),
    )
    ok = pc.or_kleene(missing, pc.fill_null(valid, False))
    ok = pc.fill_null(ok, False)
    if not pc.all(ok).as_py():
        bad = pc.index(ok, False).as_py()
        return Parsed(pa.nulls(len(arr), pa.float64()), 0, bad, arr[bad].as_py())

    if decimal == ",":
        body = pc.replace_substring(body, ".", "")
        body = pc.replace_substring(body, ",", ".")
    else:
        body = pc.replace_substring(body, ",", "")
    body = pc.if_else(missing, pa.scalar(None, pa.string()), body)
    n_missing = pc.sum(missing.cast(pa.int64())).as_py() or 0

    scaled = pc.any(pc.is_valid(suffix)).as_py()
    fractional = pc.any(pc.fill_null(pc.match_substring_regex(body, r"[.eE]"), False)).as_py()
    if not scaled and not fractional:
        values = pc.cast(body, pa.int64())
    else:
        values = pc.cast(body, pa.float64())
        if scaled:
            values = _scale(body, suffix, values)
        if _all_whole(values):
            values = pc.cast(values, pa.int64())
    if pc.any(negative).as_py():
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
