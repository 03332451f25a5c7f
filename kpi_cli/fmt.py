"""Numbers as analysts read them: `$12.40`, `3.1%`, `1.2M`, `2.4×`.

Used by the table, markdown and the `display` field of JSON, so every format
shows a figure the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_SCALES = ((1e3, "K"), (1e6, "M"), (1e9, "B"))


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def compact(value: float, decimals: int = 1) -> str:
    """12,345 → 12.3K; 999,999 → 1M; numbers under 10,000 keep their digits."""
    if abs(value) < 10_000:
        if float(value).is_integer():
            return f"{int(value):,}"
        return _trim(f"{value:,.2f}")
    for size, suffix in _SCALES:
        scaled = round(value / size, decimals)
        if abs(scaled) < 1000 or suffix == "B":
            return _trim(f"{scaled:,.{decimals}f}") + suffix
    raise AssertionError("unreachable")


def count(value: float) -> str:
    return compact(value)


def money(value: float, symbol: str = "$") -> str:
    """$12.40 below $10K, then $48.2K, $1.2M."""
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if magnitude >= 10_000:
        return f"{sign}{symbol}{compact(magnitude)}"
    return f"{sign}{symbol}{magnitude:,.2f}"


def percent(value: float) -> str:
    """3.1%, 1.25%, 0.042%, 240%: enough digits to compare, no more."""
    magnitude = abs(value)
    if magnitude >= 100:
        text = f"{value:,.0f}"
    elif magnitude >= 10:
        text = _trim(f"{value:.1f}")
    elif magnitude >= 0.1 or value == 0:
        text = _trim(f"{value:.2f}")
    else:
        text = f"{value:.2g}"
    return f"{text}%"


def ratio(value: float) -> str:
    return _trim(f"{value:,.2f}") + "×"


def value(value: float | int | None, unit: str, symbol: str = "$") -> str:
    """Format a KPI value for its unit; None is an em dash."""
    if value is None:
        return "—"
    return formatter(unit, symbol)(value)


def formatter(unit: str, symbol: str = "$") -> Callable[[float | int], str]:
    """The function `value` uses for a unit, looked up once for many values."""
    if unit == "money":
        return lambda v: money(float(v), symbol)
    if unit == "percent":
        return lambda v: percent(float(v))
    if unit == "ratio":
        return lambda v: ratio(float(v))
    return count


def _edge(edge: float, unit: str, symbol: str) -> str:
    if unit == "money":
        if abs(edge) >= 10_000:
            return f"{symbol}{compact(edge)}"
        whole = float(edge).is_integer() and abs(edge) >= 10
        return f"{symbol}{edge:,.0f}" if whole else f"{symbol}{edge:,.2f}"
    text = _trim(f"{edge:,.2f}") if not float(edge).is_integer() else f"{edge:,.0f}"
    return text


@lru_cache(maxsize=1024)  # the same few bands label thousands of groups
def band(
    lo: float | None, hi: float | None, unit: str, direction: str, symbol: str = "$", closed: bool = False
) -> str:
    """`1–3%`, `≥ 3%`, `< 1%`, `≤ $25`, `$25–$45`, `> $45`, `3–5×`.

    The edge sign shows which band owns the edge: the better one, or this one when no
    band lies beyond it (`closed`: macro cost per post `≥ $1,000`).
    """
    suffix = {"percent": "%", "ratio": "×"}.get(unit, "")
    if lo is None and hi is None:
        return "any value"
    if lo is None:
        assert hi is not None
        sign = "<" if direction == "higher" and not closed else "≤"
        return f"{sign} {_edge(hi, unit, symbol)}{suffix}"
    if hi is None:
        sign = "≥" if direction == "higher" or closed else ">"
        return f"{sign} {_edge(lo, unit, symbol)}{suffix}"
    return f"{_edge(lo, unit, symbol)}–{_edge(hi, unit, symbol)}{suffix}"
