"""Numbers as analysts read them: `$12.40`, `3.10%`, `1.23M`, `2.40×`.

Two levels. The scalar functions (`value`, `formatter`) write one figure on its own: the
`display` field of JSON and messages. A table column is written by `column`, which looks
at every value the column holds first, so a column shares its decimals (`4.60%` above
`4.22%`, never `4.6%` above `4.22%`). Both follow the same rules:

* counts and money totals in full below 10,000; from 10,000 up compact with three
  significant digits (`14.7M`, `$179K`, `$18.0K`); a count with a fraction (Google Ads'
  conversions, `0.33`) keeps two decimals, never rounded to a whole `0`;
* money per unit (cost per post, CPM, CPE, CPC, CPA, RPM: `exact`) always in full,
  `$1,653.44`, because its cents are what the reader compares;
* no scientific notation (`<0.01%`), no negative zero, no `inf` or `nan`;
* rounding half away from zero, as people and spreadsheets round: $0.625 is `$0.63` (not
  binary floating point's half to even, `$0.62`), and a figure a hair below the half by
  floating-point error (1.005, stored as 1.00499999999999989) is on it: `1.01`;
* the currency's symbol and the locale's marks: `$1,234.56`, `1.234,56 €`, `1 234,56 €`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, NamedTuple

from kpi_cli.lazy import lazy_compile

if TYPE_CHECKING:
    import numpy as np

_SCALES = ((1e3, "K"), (1e6, "M"), (1e9, "B"), (1e12, "T"))
COMPACT_FROM = 10_000  # counts and money totals of this or more may be written 1.23M


class Style(NamedTuple):
    """How a locale writes a number: its marks and where the currency symbol goes."""

    name: str = "en"
    group: str = ","
    decimal: str = "."
    money: str = "{sign}{sym}{num}"  # {sym} may carry its own space: `CHF 12.00`
    percent: str = "{num}%"
    symbol: str = "$"

    def with_symbol(self, symbol: str) -> Style:
        return self._replace(symbol=symbol)


EN = Style()
_EU = Style("de", ".", ",", "{sign}{num} {sym}", "{num} %")
LOCALES: dict[str, Style] = {
    "en": EN,
    "de": _EU,
    "es": _EU._replace(name="es"),
    "it": _EU._replace(name="it", percent="{num}%"),
    "pt": _EU._replace(name="pt"),
    "fr": Style("fr", " ", ",", "{sign}{num} {sym}", "{num} %"),
    "nl": Style("nl", ".", ",", "{sign}{sym} {num}", "{num}%"),
    "sv": Style("sv", " ", ",", "{sign}{num} {sym}", "{num} %"),
    "pl": Style("pl", " ", ",", "{sign}{num} {sym}", "{num}%"),
    "ch": Style("ch", "'", ".", "{sign}{sym} {num}", "{num}%"),
}
# The languages kpi recognises exports in, to the locale their numbers are shown in.
LANGUAGE_LOCALES = {"English": "en", "German": "de", "French": "fr", "Spanish": "es",
                    "Italian": "it", "Portuguese": "pt", "Dutch": "nl"}  # fmt: skip


def style(locale: str = "en", symbol: str = "$") -> Style:
    """The Style of a locale name (`de`, `fr_FR`, `pt-BR`: the language part decides)."""
    key = locale.replace("-", "_").split("_")[0].lower()
    return LOCALES.get(key, EN).with_symbol(symbol)


def _local(text: str, s: Style) -> str:
    """`1,234.56` in the style's marks (the only two marks the digits carry)."""
    if s.group == "," and s.decimal == ".":
        return text
    return text.replace(",", "\0").replace(".", s.decimal).replace("\0", s.group)


_SPECS = tuple(f",.{d}f" for d in range(10))  # format specs made once: JSON writes 150,000 values


_POWERS = tuple(10.0**d for d in range(23))  # exact as floats up to 10^22
_WHOLE = float(2**52)  # a float this large or more has no fraction left to round
# A half within float error is a half: within 1e-12 of the figure (at most a millionth of
# its last digit), so 1.005 (stored 1.00499999999999989) is 1.01, as a spreadsheet has it,
# and a ratio's quotient a few bits under its half rounds as the half it is.
_NEAR_HALF, _NEAR_HALF_UNTIL = 1e-12, 1e6


def _half_up(magnitude: float, decimals: int) -> float:
    """`magnitude` (0 or more) rounded half up to `decimals`: the float nearest that decimal
    (0.625 → 0.63, 0.624 → 0.62). A half less float error is a half (see _NEAR_HALF). The
    same float operations as `_half_up_units`, so a table and JSON never disagree. Past
    _WHOLE units of the last digit (and inf, nan) `magnitude` itself: see `_fixed`."""
    scale = _POWERS[decimals]
    y = magnitude * scale
    if not y < _WHOLE:
        return magnitude
    return math.floor(y + (0.5 + min(y, _NEAR_HALF_UNTIL) * _NEAR_HALF)) / scale


_WIDE = Context(prec=1000)  # every digit of any float (Decimal(float) is exact)


def _huge(magnitude: float, decimals: int, spec: str) -> str:
    """`magnitude` (finite, past _WHOLE units of its last digit, so no float holds its
    rounded decimal) rounded half up to `decimals` and written with `spec`, in decimal."""
    exact = Decimal(magnitude).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, _WIDE)
    return format(exact, spec)


def _half_up_units(y: np.ndarray) -> np.ndarray:
    """`_half_up` of each of `y` (values in units of their last digit, below _WHOLE), before
    its division: the same float operations, with numpy's."""
    import numpy as np

    return np.floor(y + (0.5 + np.minimum(y, _NEAR_HALF_UNTIL) * _NEAR_HALF))


def _fixed(value: float, decimals: int, s: Style) -> str:
    """`value` with `decimals` decimals, rounded half away from zero (`_half_up`)."""
    spec = _SPECS[decimals] if decimals < 10 else f",.{decimals}f"
    magnitude = abs(value)
    rounded = _half_up(magnitude, decimals)
    if magnitude * _POWERS[decimals] < _WHOLE or not math.isfinite(magnitude):
        text = format(rounded, spec)
    else:  # too big for a float to hold its rounded decimal
        text = _huge(magnitude, decimals, spec)
    if value < 0 and rounded != 0:  # -0.00 is 0.00
        text = "-" + text
    if s.group == "," and s.decimal == ".":  # _local, inline: the common case
        return text
    return _local(text, s)


def _decimals_to_show(value: float) -> int:
    """Decimals of a percent or ratio on its own: 240%, 24.5%, 3.48%."""
    magnitude = abs(value)
    if magnitude >= 100:
        return 0
    if magnitude >= 10:
        return 1
    return 2


def _tiny(value: float, decimals: int) -> bool:
    """A value other than zero that `decimals` would write as zero."""
    return value != 0 and _half_up(abs(value), decimals) == 0


def _whole(value: float) -> bool:
    return float(value).is_integer()


FRACTION_DECIMALS = 2  # of a count with a fraction: 0.33 conversions, as Google Ads writes them


def compact(value: float, s: Style = EN, decimals: int | None = None) -> str:
    """12,345 → 12.3K; 999,999 → 1.00M; under 10,000 in full: whole (1,234), or with two
    decimals when it has a fraction (0.33 conversions, never `0`); `decimals` 2 writes a
    whole one so too (2.00 in a column beside 0.33)."""
    if -COMPACT_FROM < value < COMPACT_FROM:
        if decimals is None:
            decimals = 0 if _whole(value) else FRACTION_DECIMALS
        if decimals and _tiny(value, decimals):
            return ("<" if value > 0 else ">-") + _fixed(10.0**-decimals, decimals, s)
        return _fixed(value, decimals, s)
    for size, suffix in _SCALES:
        scaled = value / size
        magnitude = abs(scaled)
        places = 2 if magnitude < 10 else 1 if magnitude < 100 else 0
        if _half_up(magnitude, places) < 1000 or suffix == "T":
            return _fixed(scaled, places, s) + suffix
    raise AssertionError("unreachable")


def short(value: float) -> str:
    """12,000 → 12K, 1,500,000 → 1.5M: compact without trailing zeros (goal targets)."""
    text = compact(value)
    number, suffix = (text[:-1], text[-1]) if text[-1].isalpha() else (text, "")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number + suffix


def count(value: float, s: Style = EN, decimals: int | None = None) -> str:
    return compact(value, s, decimals)


def _money(number: str, negative: bool, s: Style) -> str:
    if s.money == "{sign}{sym}{num}":  # what format would make of it, without parsing it
        return (("-" if negative else "") + s.symbol + number).strip()
    return s.money.format(sign="-" if negative else "", sym=s.symbol, num=number).strip()


def _percent(number: str, s: Style) -> str:
    return number + "%" if s.percent == "{num}%" else s.percent.format(num=number)


def money(
    value: float, symbol: str | None = None, exact: bool = False, s: Style = EN, decimals: int = 2
) -> str:
    """$12.40 and $4,751.37; totals of $10,000 or more $48.2K unless `exact`."""
    if symbol is not None:
        s = s.with_symbol(symbol)
    magnitude = abs(value)
    if not exact and magnitude >= COMPACT_FROM:
        return _money(compact(magnitude, s), value < 0, s)
    if _tiny(value, decimals):
        return ("<" if value > 0 else ">-") + _money(_fixed(10.0**-decimals, decimals, s), False, s)
    text = _fixed(magnitude, decimals, s)
    return _money(text, value < 0 and text.strip("0.,' ") != "", s)


def percent(value: float, decimals: int | None = None, s: Style = EN) -> str:
    """3.48%, 24.5%, 240%; `<0.01%` for a rate too small to show, never 5.7e-05%."""
    d = _decimals_to_show(value) if decimals is None else decimals
    if _tiny(value, d):
        bound = _fixed(10.0**-d, d, s)
        return ("<" if value > 0 else ">-") + _percent(bound, s)
    return _percent(_fixed(value, d, s), s)


def ratio(value: float, decimals: int | None = None, s: Style = EN) -> str:
    """0.66×, 1.80×, 12.50×."""
    d = (2 if abs(value) < 100 else 1 if abs(value) < 1000 else 0) if decimals is None else decimals
    if _tiny(value, d):
        return ("<" if value > 0 else ">-") + _fixed(10.0**-d, d, s) + "×"
    return _fixed(value, d, s) + "×"


def value(value: float | int | None, unit: str, symbol: str = "$", exact: bool = False, s: Style = EN) -> str:
    """Format a KPI value for its unit; None is an em dash."""
    if value is None:
        return "—"
    return formatter(unit, symbol, exact, s)(value)


def formatter(
    unit: str, symbol: str = "$", exact: bool = False, s: Style = EN
) -> Callable[[float | int], str]:
    """The function `value` uses for a unit, looked up once for many values."""
    s = s.with_symbol(symbol)
    if unit == "money":
        return lambda v: money(float(v), exact=exact, s=s)
    if unit == "percent":
        return lambda v: percent(float(v), s=s)
    if unit == "ratio":
        return lambda v: ratio(float(v), s=s)
    return lambda v: compact(v, s)  # count's, one call fewer


def column(
    unit: str, values: Iterable[float | int | None], exact: bool = False, s: Style = EN
) -> Callable[[float | int | None], str]:
    """The formatter of one table column, decided from every value it will hold: one
    number of decimals for the whole column (the most any of its values needs), so the
    figures line up and compare at a glance. None is an em dash."""
    finite = [float(v) for v in values if v is not None and math.isfinite(v)]
    show: Callable[[float], str]
    if unit == "percent":
        d = max((_decimals_to_show(v) for v in finite), default=2)
        show = lambda v: percent(v, d, s)  # noqa: E731
    elif unit == "ratio":
        d = max((2 if abs(v) < 100 else 1 if abs(v) < 1000 else 0 for v in finite), default=2)
        show = lambda v: ratio(v, d, s)  # noqa: E731
    elif unit == "money":
        big = not exact and any(abs(v) >= COMPACT_FROM for v in finite)
        # Beside $179K the cents of $9,812.40 are noise: whole units under the compact ones,
        # from $100 up, where whole units still give the three figures $18.0K gives. Under
        # $100 the cents stay: $1.81 is not $2 (10 % off what the file says).
        show = lambda v: money(v, exact=exact, s=s, decimals=0 if big and abs(v) >= 100 else 2)  # noqa: E731
    else:
        # A count with a fraction (conversions 0.33) gives the column its two decimals:
        # 2.00 below 0.33, never 0 and 2.
        fraction = any(abs(v) < COMPACT_FROM and not _whole(v) for v in finite)
        places = FRACTION_DECIMALS if fraction else None
        show = lambda v: count(v, s, places)  # noqa: E731
    return lambda v: "—" if v is None else show(float(v))


def _edge(edge: float, unit: str, symbol: str, s: Style = EN) -> str:
    s = s.with_symbol(symbol)
    if unit == "money":
        if abs(edge) >= COMPACT_FROM:
            return _money(_local(short(abs(edge)), s), edge < 0, s)
        whole = float(edge).is_integer() and abs(edge) >= 10
        return _money(_fixed(abs(edge), 0 if whole else 2, s), edge < 0, s)
    if float(edge).is_integer():
        return _fixed(edge, 0, s)
    return _local(_fixed(edge, 2, EN).rstrip("0").rstrip("."), s)


def target(value: float, unit: str, symbol: str = "$") -> str:
    """A goal's target as people write one: `2M`, `$25K`, `$40`, `1%`, `3×` (no padding
    zeros: it is a round number someone chose, not a measured one)."""
    if unit == "count" and abs(value) >= COMPACT_FROM:
        return short(value)
    return _edge(value, unit, symbol) + {"percent": "%", "ratio": "×"}.get(unit, "")


@lru_cache(maxsize=1024)  # the same few bands label thousands of groups
def band(
    lo: float | None,
    hi: float | None,
    unit: str,
    direction: str,
    symbol: str = "$",
    closed: bool = False,
    s: Style = EN,
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
        return f"{sign} {_edge(hi, unit, symbol, s)}{suffix}"
    if hi is None:
        sign = "≥" if direction == "higher" or closed else ">"
        return f"{sign} {_edge(lo, unit, symbol, s)}{suffix}"
    return f"{_edge(lo, unit, symbol, s)}–{_edge(hi, unit, symbol, s)}{suffix}"


_LABEL_NUMBER = lazy_compile(r"(?P<sym>[$€£¥₹])?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?P<suf>[KMBT]?)(?P<pct>%?)")


def relabel(label: str, s: Style) -> str:
    """A band label or a note (`$0.30–$1.00`, `≥ 3%`, `48,994 on 2025-03-30`) in a locale's
    marks (`0,30 $–1,00 $`, `≥ 3 %`, `48.994 on 2025-03-30`), so it reads like the figures
    beside it. A comma after a number (`2025, 28 days`) is punctuation, not a group."""
    if s.name == "en":
        return label

    def one(m: re.Match[str]) -> str:
        number = _local(m["num"], s) + m["suf"]
        if m["pct"]:
            return s.percent.format(num=number)
        if m["sym"]:
            return _money(number, False, s.with_symbol(m["sym"]))
        return number

    return _LABEL_NUMBER.sub(one, label)


_TINY_2 = 0.5 * 10.0**-2  # `_tiny(v, 2)` of any v at or above this is False
_EXACT_FLOAT = float(2**53)  # integers up to this are floats exactly (counts are ints)


def texts(
    unit: str,
    values: np.ndarray,
    present: np.ndarray | None = None,
    symbol: str = "$",
    exact: bool = False,
    s: Style = EN,
) -> list[str]:
    """`value(v, unit, symbol, exact, s)` of each of `values` ("—" where not `present`),
    worked out a column at a time: JSON of 200,000 creators writes 4 million figures, and
    the scalar path (a few calls each) took seconds. The common figures (positive, not
    tiny, finite) are grouped by their decimals and written with one `format` spec each;
    any other (negative, zero, tiny, huge, NaN, objects) goes through `formatter` itself."""
    import numpy as np

    s = s.with_symbol(symbol)
    show = formatter(unit, symbol, exact, s)
    n = len(values)
    out = np.full(n, "—", dtype=object)
    present = np.ones(n, dtype=bool) if present is None else present.astype(bool)
    if values.dtype.kind not in "iuf":  # Python objects (exact big ints): one at a time
        items = values.tolist()
        for g in np.flatnonzero(present).tolist():
            out[g] = show(items[g])
        return out.tolist()
    x = values.astype(np.float64)
    with np.errstate(invalid="ignore"):
        left = present & np.isfinite(x) & (np.abs(x) < _EXACT_FLOAT)
    fallback = present & ~left
    table = None if s.group == "," and s.decimal == "." else str.maketrans({",": s.group, ".": s.decimal})
    if unit == "count":
        small = left & (x > -COMPACT_FROM) & (x < COMPACT_FROM)
        whole = small & (x == np.floor(x))
        ints = x[whole].astype(np.int64)
        _put(out, whole & (x >= 0), _digits_all(ints[ints >= 0], 0, table, "", ""))
        _put(out, whole & (x < 0), _digits_all(-ints[ints < 0], 0, table, "-", ""))
        part = small & ~whole & (x >= _TINY_2)  # a fraction (0.33 conversions): two decimals
        _fixed_all(out, x, part, FRACTION_DECIMALS, table, "", "")
        fallback |= small & ~whole & (x < _TINY_2)
        big = left & (x >= COMPACT_FROM)
        fallback |= _compact_all(out, x, big, table, "", "")
        fallback |= left & (x <= -COMPACT_FROM)
    elif unit == "money":
        pre, post = _money("\0", False, s).split("\0")  # a number starts and ends with a digit
        plain = left & (x >= _TINY_2)
        if not exact:
            big = plain & (x >= COMPACT_FROM)
            plain &= ~big
            fallback |= _compact_all(out, x, big, table, pre, post)
        _fixed_all(out, x, plain, 2, table, pre, post)
        fallback |= left & (x < _TINY_2)
    else:  # percent, ratio: decimals from the magnitude (_decimals_to_show)
        pre, post = _percent("\0", s).split("\0") if unit == "percent" else ("", "×")
        one, zero = (10, 100) if unit == "percent" else (100, 1000)
        plain = left & (x >= _TINY_2)
        _fixed_all(out, x, plain & (x < one), 2, table, pre, post)
        _fixed_all(out, x, plain & (x >= one) & (x < zero), 1, table, pre, post)
        _fixed_all(out, x, plain & (x >= zero), 0, table, pre, post)
        fallback |= left & ~plain
    if fallback.any():
        items = values.tolist()
        for g in np.flatnonzero(fallback).tolist():
            out[g] = show(items[g])
    return out.tolist()


def _put(out: np.ndarray, mask: np.ndarray, found: list[str]) -> None:
    if found:
        out[mask] = found


def _local_all(found: list[str], table: dict[int, str] | None) -> list[str]:
    """`_local` of each text (one translate: the swap of `,` and `.` in one pass)."""
    return found if table is None else [t.translate(table) for t in found]


def _fixed_all(
    out: np.ndarray,
    x: np.ndarray,
    mask: np.ndarray,
    decimals: int,
    table: dict[int, str] | None,
    pre: str,
    post: str,
) -> None:
    """`pre + _fixed(v, decimals) + post` into `out` where `mask` (positive values only,
    rounded half up as `_fixed` rounds them)."""
    if not mask.any():
        return
    import numpy as np

    values = x[mask]
    y = values * _POWERS[decimals]
    huge = ~(y < _WHOLE)
    if huge.any():  # as `_fixed` does: too big for a float to hold its rounded decimal
        spec = _SPECS[decimals]
        texts = [
            pre + t + post
            for t in _local_all([_huge(v, decimals, spec) for v in values[huge].tolist()], table)
        ]
        _put(out, _within(mask, huge), texts)
        mask, y = _within(mask, ~huge), y[~huge]
    # the value rounded in units of its last digit, whose digits `format` would write (see
    # _digits_all)
    units = _half_up_units(y).astype(np.int64)
    _put(out, mask, _digits_all(units, decimals, table, pre, post))


def _within(mask: np.ndarray, part: np.ndarray) -> np.ndarray:
    """The positions of `mask` that `part` (one flag per True of `mask`) flags."""
    out = mask.copy()
    out[mask] = part
    return out


_TEN = tuple(10**k for k in range(19))  # int64 powers of ten


def _digits_all(
    units: np.ndarray, decimals: int, table: dict[int, str] | None, pre: str, post: str
) -> list[str]:
    """`pre + format(u / 10**decimals, f",.{decimals}f") + post` (in `table`'s marks) of each of
    `units` (int64, 0 <= u < 2**52: `_WHOLE`), written by numpy a digit column at a time instead of a
    `format` call each: 200,000 creators' JSON formats 4 million figures. For u < 2**52 the
    float nearest u / 10**decimals lies within half a unit of its last decimal of it (its
    spacing is below 10**-decimals), so `format` writes exactly u's digits."""
    import numpy as np

    n = len(units)
    if n == 0:
        return []
    group, point = (",", ".") if table is None else (table[ord(",")], table[ord(".")])
    if not (group.isascii() and point.isascii() and len(group) == len(point) == 1):
        floats = (units / _TEN[decimals]).tolist()  # (no style has such marks)
        return [
            pre + t + post for t in _local_all(list(map(format, floats, repeat(_SPECS[decimals]))), table)
        ]
    powers = np.array(_TEN, dtype=np.int64)
    whole, fraction = np.divmod(units, powers[decimals])
    digits = np.searchsorted(powers[1:], whole, side="right") + 1  # of the whole part (0 has one)
    length = digits + (digits - 1) // 3 + (decimals + 1 if decimals else 0)
    width = int(length.max())
    # Each character by its place from the right: the decimals, the point, then the whole
    # part's digits with a group mark after every three. Which place holds what is the same
    # in every row; a row's text is its last `length` places.
    chars = np.zeros((n, width + 1), dtype=np.uint8)  # the extra place: the \0 after each text
    places = np.arange(width)
    if decimals:
        below = places[:decimals]
        chars[:, width - 1 - below] = 48 + (fraction[:, None] // powers[below]) % 10
        chars[:, width - 1 - decimals] = ord(point)
    at = places[decimals + 1 if decimals else 0 :]
    step = at - (decimals + 1 if decimals else 0)
    mark = step % 4 == 3
    chars[:, width - 1 - at[mark]] = ord(group)
    digit_at, index = at[~mark], step[~mark] - step[~mark] // 4
    chars[:, width - 1 - digit_at] = 48 + (whole[:, None] // powers[index]) % 10
    keep = np.empty((n, width + 1), dtype=bool)
    keep[:, :width] = places[::-1] < length[:, None]
    keep[:, width] = True
    text = chars[keep].tobytes().decode("ascii")
    if pre or post:
        text = pre + text.replace("\0", post + "\0" + pre)
    return text.split("\0")[:-1]


def _compact_all(
    out: np.ndarray, x: np.ndarray, mask: np.ndarray, table: dict[int, str] | None, pre: str, post: str
) -> np.ndarray:
    """`pre + compact(v) + post` into `out` where `mask` (values from COMPACT_FROM up), and
    the values left to `compact` itself: `compact` keeps a scale while its figure rounds
    below 1,000, and only a figure from 999 to 1,000 may round either way."""
    import numpy as np

    todo = mask.copy()
    doubt = np.zeros_like(mask)
    for size, suffix in _SCALES:
        if not todo.any():
            break
        scaled = x / size
        if suffix == "T":
            take = todo.copy()
        else:
            take = todo & (scaled < 999)
            doubt |= todo & (scaled >= 999) & (scaled < 1000)
        todo &= ~take & ~doubt
        for decimals, low, high in ((2, 0, 10), (1, 10, 100), (0, 100, math.inf)):
            _fixed_all(
                out, scaled, take & (scaled >= low) & (scaled < high), decimals, table, pre, suffix + post
            )
    return doubt
