"""Dates as exports write them, with one reading per column per file.

`2025-03-03`, `2025-03-03T10:15:00Z`, `03/01/2025 08:30` (Instagram), `Mar 3, 2025`
(YouTube), `3 Mar 2025`, `02.03.2025` (German Excel), `3/1/2025` (LinkedIn), Excel
serial numbers (`45717`): all are days. The style of a column is decided once, from
the rows sniffed at the start of the file (`decide`): `03/04/2025` is 4 March or 3
April for the whole column, never one here and the other there. When every value
fits both readings the choice is a guess, said as a note, and a later value that
only fits the other reading makes the reader start over with it (`Parsed.flip`).
A column that mixes styles, or an impossible date (`2025-02-30`), is an error.

Parsing is vectorised (Arrow regex extraction, numpy arithmetic): no Python loop per cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from kpi_cli import arrow
from kpi_cli import compute as pc
from kpi_cli.columns import MISSING_TOKENS
from kpi_cli.errors import quoted
from kpi_cli.lazy import lazy_compile

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janv janvier enero ene janeiro gennaio gen januari",
        "february feb februar fevr fev fevrier febrero fevereiro febbraio februari",
        "march mar marz mrz mars marzo marco maart mrt",
        "april apr avril avr abril abr aprile",
        "may mai mayo maio maggio mag mei",
        "june jun juni juin junio junho giugno giu",
        "july jul juli juillet juil julio julho luglio lug",
        "august aug aout agosto ago augustus",
        "september sep sept septembre septiembre setiembre setembro settembre set",
        "october oct oktober okt octobre octubre outubro out ottobre ott",
        "november nov novembre noviembre novembro",
        "december dec dezember dez decembre diciembre dic dezembro dicembre",
    ),
    start=1,
):  # Dutch as CLDR's nl writes it: januari, mrt, mei, augustus
    for _name in _names.split():
        _MONTHS[_name] = _number
# Russian, as Excel's ru-RU long date (`6 декабря 2026 г.`) and CLDR's abbreviations
# (`6 дек. 2026 г.`) write them: the genitive, the nominative, the short forms. `май` is
# also kept as its accents-off form `маи` (the Python path takes every accent off).
for _number, _names in enumerate(
    (
        "января январь янв",
        "февраля февраль февр фев",
        "марта март мар",
        "апреля апрель апр",
        "мая май маи",
        "июня июнь июн",
        "июля июль июл",
        "августа август авг",
        "сентября сентябрь сент сен",
        "октября октябрь окт",
        "ноября ноябрь нояб ноя",
        "декабря декабрь дек",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH_NUMBERS = np.array([0, *_MONTHS.values()], dtype=np.int64)  # 0: not a month

_TIME = r"(?:(?:[T ]|,\s*|\s+)\d{1,2}[:.h]\d{2}.*)?"
# A weekday before a long date, in any language's letters: `Sunday,`, `Sonntag,`, `lunedì`,
# `miércoles,`, `sábado,`, Portuguese `terça-feira,` (audit E-8: `lunedì` was no weekday).
_WEEKDAY = r"(?:\pL{2,}(?:-\pL+)?\.?,?\s+)?"
_WORD = r"\pL{3,}\.?"  # a month's name (any script's letters), maybe abbreviated with a dot (RE2)
_DE = r"(?:del?\s+)?"  # Spanish and Portuguese long dates: `6 de diciembre de 2026`, `6 de dez. de 2026`
_G = r"(?:\s*г\.?)?"  # Russian's year mark: `6 дек. 2026 г.`
_SHAPES: dict[str, str] = {
    # A weekday before numbers too: Excel's `ddd dd/mm/yyyy` (`Sat 01/03/2025`, `Sa. 01.03.2025`,
    # `Sat 2025-03-01`) in a sheet's date column (audit X).
    "ymd": r"^" + _WEEKDAY + r"(?P<a>\d{4})(?P<s>[-/.])(?P<b>\d{1,2})[-/.](?P<c>\d{1,2})" + _TIME + "$",
    "num": r"^" + _WEEKDAY + r"(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})[-/.](?P<c>\d{4}|\d{2})\.?"
    + _TIME + "$",
    "mon": r"^" + _WEEKDAY + r"(?P<m>" + _WORD + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"
    + _TIME + "$",
    # `6 Dec 2026`, `6-dic-2026`, `06/dez/2026` (Excel pt-BR), `6. Dezember 2026`, `1er décembre
    # 2026`, `6 de diciembre de 2026` (Excel es-ES), `6 дек. 2026 г.` (Excel ru-RU).
    "dmon": r"^" + _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th|er|\.)?[\s/-]+" + _DE + r"(?P<m>" + _WORD
    + r")[\s,/-]+" + _DE + r"(?P<y>\d{4}|\d{2})" + _G + _TIME + "$",
    # Japanese, Chinese and Korean Excel's long date: `2026年12月6日`, `2026년 12월 6일`, maybe
    # with the weekday after it (`2026年12月6日(日)`, `2026년 12월 6일 일요일`).
    "cjk": r"^(?P<a>\d{4})\s*[年년]\s*(?P<b>\d{1,2})\s*[月월]\s*(?P<c>\d{1,2})\s*[日일]"
    + r"(?:\s*[(（]\pL{1,3}[)）]|\s+\pL{1,4})?" + _TIME + "$",
    # (its time as a fraction, `45723.44375`, or `45723,44375` as Excel writes it where the
    # comma is the decimal mark: audit Y)
    "serial": r"^(?P<n>\d{5})(?:[.,]\d+)?$",
    # GA4's Date dimension and its `# Start date: 20250301`: year, month and day, no separator.
    "compact": r"^(?P<a>(?:19|20)\d{2})(?P<b>0[1-9]|1[0-2])(?P<c>0[1-9]|[12]\d|3[01])$",
    # A month, not a day (a monthly tracker's `Dec 2026`, `Dez. 2026`, `dezembro de 2026`,
    # `2026-12`, `2026年12月`): read as the whole month, its 1st to its last day (MONTHS).
    "month": r"^(?P<m>" + _WORD + r")[\s,/-]*" + _DE + r"(?P<y>\d{4})" + _G + "$",
    "ym": r"^(?P<a>\d{4})-(?P<b>\d{1,2})$",
    "cjkm": r"^(?P<a>\d{4})\s*[年년]\s*(?P<b>\d{1,2})\s*[月월]$",
}  # fmt: skip
# The shapes that name a month, not a day. Excel stores `Dec 2026` typed in a cell as its
# 1st (2026-12-01, shown `mmm yyyy`); kpi reads the row as the whole month: its date is the
# 1st and its period runs to the last day, as a row of Meta's over `Reporting starts` to
# `Reporting ends` (so --by week says a row runs past the week it starts in).
MONTHS = frozenset({"month", "ym", "cjkm"})
# Python's re has no \pL: the same letters as "not a non-word, digit or underscore". Each
# compiled when first tried: ISO dates (most exports) match the first and need no other.
_PY_SHAPES = {name: lazy_compile(p.replace(r"\pL", r"[^\W\d_]")) for name, p in _SHAPES.items()}
_SERIAL_EPOCH = 25569  # Excel's serial number of 1970-01-01 (its day 0 is 1899-12-30)
SERIAL_RANGE = (32874, 73051)  # 1990-01-01 .. 2100-01-01: a five-digit number outside is not a date
YEARS = (1990, 2100)  # a year outside these is a typo or a placeholder, not a campaign date
ANY_YEARS = (1678, 2261)  # --any-year: what a pandas timestamp holds

ORDER_TEXT = {
    "ymd": "year-month-day (2025-03-31)",
    "mdy": "month/day/year (03/31/2025)",
    "dmy": "day/month/year (31/03/2025)",
    "mon": "month name, day, year (Mar 31, 2025)",
    "dmon": "day, month name, year (31 Mar 2025)",
    "serial": "Excel serial numbers (45747 = 2025-03-31)",
    "yymd": "two-digit year/month/day (25/03/31)",
    "compact": "year, month and day without separators (20250331)",
    "cjk": "year年month月day日 (2025年3月31日)",
    "month": "month name and year (Mar 2025)",
    "ym": "year-month (2025-03)",
    "cjkm": "year年month月 (2025年3月)",
}


class DateStyle(NamedTuple):
    """How one column writes its dates: `order` is ymd, mdy, dmy, mon, dmon or serial;
    `sep` the separator of numeric dates; `guessed` when every value sniffed fitted both
    mdy and dmy and the order is a guess (`why` says from what)."""

    order: str
    sep: str = ""
    guessed: bool = False
    why: str = ""
    late: bool = False  # decided by a value far below dates that read both ways: worth a note
    say: bool = False  # decided from outside the column's own days (another file, a tell): worth a note

    def describe(self) -> str:
        text = ORDER_TEXT[self.order]
        if self.sep and self.order in ("mdy", "dmy", "yymd"):
            text = text.replace("/", self.sep)
        return text

    @property
    def months(self) -> bool:
        """Whether the column names months, not days (`Dec 2026`): each row is a month."""
        return self.order in MONTHS

    def flipped(self) -> DateStyle:
        """The other reading of an ambiguous numeric column, no longer a guess."""
        order = "dmy" if self.order == "mdy" else "mdy"
        return self._replace(order=order, guessed=False, why="a later value fits only this reading")


class DateMix(Exception):
    """A column whose sniffed values do not share one style; `first` and `second` are
    (row, value) examples of the two styles."""

    def __init__(self, what: str, first: tuple[int, str], second: tuple[int, str]) -> None:
        super().__init__(what)
        self.what, self.first, self.second = what, first, second


class DateDoubt(Exception):
    """A column whose dates read two ways that differ by years, with nothing to tell which:
    kpi refuses rather than guess (the message says both readings and the way out)."""


# A day and a month with no year: `July 16`, `16 July`, `8 de marzo`, `28 апреля`, `16. Juli`,
# `9月13日`, Excel's d-mmm `6-Dec`. TikTok Studio writes every date so (its exports are of
# recent weeks). The word must be a month's name: `Week 12` is no date without its year.
_NO_YEAR = lazy_compile(
    r"^(?:[^\W\d_]{2,9}\.?,?\s+)?(?:(?P<b>[^\W\d_]{3,})\.?[\s/-]+\d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}(?:st|nd|rd|th|\.)?[\s/-]+(?:de\s+)?(?P<a>[^\W\d_]{3,})\.?|\d{1,2}月\d{1,2}日)$"
)


_MMM_YY = lazy_compile(r"^[^\W\d_]{3,}\.?-\d{2}$")


def month_year_short(value: str) -> bool:
    """Whether a cell is written as Excel's mmm-yy (`Dec-26`): a month of 2026 as much as a
    day without its year."""
    return _MMM_YY.match(value.strip()) is not None


def without_year(value: str) -> bool:
    """Whether a cell is a day and a month with no year (`July 16`, `8 de marzo`, `6-Dec`):
    no date kpi can place, and the fix is the sheet's format or the export's."""
    found = _NO_YEAR.match(value.strip())
    if found is None or month_year_short(value):
        return False  # `Dec-26`: Excel's mmm-yy (December 2026) as much as a day (verify E V-2)
    word = found.group("a") or found.group("b")
    return word is None or _fold(word) in _MONTHS


def month_title(value: str) -> bool:
    """Whether a cell is a month's name and a year and nothing else (`April 2025`, `avril
    2025`, `2025 Apr`): a tracker's title over a month's section (audit U-10)."""
    words = value.replace(".", " ").split()
    if len(words) != 2:
        return False
    year = next((w for w in words if w.isdigit() and len(w) == 4), None)
    name = next((w for w in words if w != year), None)
    return year is not None and name is not None and _fold(name) in _MONTHS


def month_day(value: str) -> str | None:
    """`07-16` for `July 16` or `16 juillet`: a yearless date's month and day, when its
    month's name is one kpi reads; None otherwise."""
    words = re.findall(r"[^\W\d_]+", value)
    days = re.findall(r"\d{1,2}", value)
    months = [_MONTHS[w] for w in map(_fold, words) if w in _MONTHS]
    if len(days) != 1 or len(months) != 1 or not 1 <= int(days[0]) <= 31:
        return None
    return f"{months[0]:02d}-{int(days[0]):02d}"


def yearless_days(values: list[str]) -> list[str] | None:
    """ISO days standing in for a column of dates without a year (`April 12`, `8 de marzo`),
    each in the year after the one before when its month and day come earlier (a series
    across a year's end): which days follow which, never which year they are. None unless
    every value names its month (`4/12` reads two ways) and a day."""
    days = [month_day(v) for v in values]
    if not days or any(d is None for d in days):
        return None
    year, last, out = 2000, "", []
    for day in days:
        assert day is not None
        if day < last:
            year += 1
        last = day
        out.append(f"{year}-{day}")
    return out


def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word.casefold().rstrip("."))
    return "".join(c for c in text if not unicodedata.combining(c))


def shape_of(value: str) -> tuple[str, re.Match[str]] | None:
    """The shape of one date as written (`ymd`, `num`, `mon`, `dmon`, `serial`), or None."""
    text = value.strip()
    for name, pattern in _PY_SHAPES.items():
        found = pattern.match(text)
        if found is not None:
            if name in ("mon", "dmon", "month") and _fold(found.group("m")) not in _MONTHS:
                continue
            return name, found
    return None


_LATE = 100  # rows of dates that read both ways before the one that tells: the order deserves a note


def decide(
    values: Sequence[tuple[int, str]], dayfirst: bool | None = None, hint: tuple[bool, str] | None = None
) -> DateStyle | None:
    """The style of a column from sniffed (row, value) pairs; None when none looks like a date.

    `dayfirst` is what the user said (`--dayfirst`); `hint` the guess for an all-ambiguous
    numeric column, with where it comes from (a semicolon file, the platform's habit).
    Raises DateMix when the values do not share one style."""
    shapes: dict[str, tuple[int, str]] = {}
    seps: dict[str, tuple[int, str]] = {}
    day_first: tuple[int, str] | None = None  # a value whose first number can only be a day
    month_first: tuple[int, str] | None = None
    both_ways: int | None = None  # the row of the first date that reads both ways
    nums: list[tuple[int, str, int, int, int, bool]] = []  # row, value, a, b, c, a and c two digits
    for row, raw in values:
        value = raw.strip()
        if not value or value.casefold() in MISSING_TOKENS:
            continue
        found = shape_of(value)
        if found is None:
            continue  # reported by the parser, with its row, when the column is read
        name, match = found
        shapes.setdefault(name, (row, value))
        if name in ("num", "ymd"):
            seps.setdefault(match.group("s"), (row, value))
            a, b = int(match.group("a")), int(match.group("b"))
            if a > 12 >= b and day_first is None:
                day_first = (row, value)
            if b > 12 >= a and month_first is None:
                month_first = (row, value)
            if a <= 12 and b <= 12 and both_ways is None:
                both_ways = row
            if name == "num":
                short = len(match.group("a")) == 2 and len(match.group("c")) == 2
                nums.append((row, value, a, b, int(match.group("c")), short))
    if not shapes:
        return None
    if len(shapes) > 1:
        (n1, first), (n2, second) = sorted(shapes.items(), key=lambda kv: kv[1][0])[:2]
        raise DateMix(f"{_SHAPE_TEXT[n1]} and {_SHAPE_TEXT[n2]}", first, second)
    (shape,) = shapes
    if len(seps) > 1:
        (s1, first), (s2, second) = sorted(seps.items(), key=lambda kv: kv[1][0])[:2]
        raise DateMix(f"dates with {quoted(s1)} and with {quoted(s2)}", first, second)
    sep = next(iter(seps), "")
    if shape in MONTHS:
        row, value = shapes[shape]
        why = (
            f"{value!r} (row {row:,}) names a month, not a day: each row is read as the whole month, "
            "its 1st to its last day"
        )
        return DateStyle(shape, sep, why=why, say=True)
    if shape != "num":
        return DateStyle(shape, sep)
    if day_first and month_first:
        raise DateMix("day/month and month/day dates", day_first, month_first)
    if dayfirst is None:
        year_first = _year_first(nums, sep)
        if year_first is not None:
            return year_first
    decider = day_first or month_first
    if decider:
        late = both_ways is not None and decider[0] - both_ways > _LATE
        which = "day" if day_first else "month"
        why = f"{quoted(decider[1])} (row {decider[0]:,}) has a {which} first"
        return DateStyle("dmy" if day_first else "mdy", sep, why=why, late=late)
    if dayfirst is not None:
        return DateStyle("dmy" if dayfirst else "mdy", sep, why="as --dayfirst / --monthfirst says")
    if sep == ".":
        return DateStyle("dmy", sep, guessed=True, why="dates written with dots are day first")
    if hint is not None:
        return DateStyle("dmy" if hint[0] else "mdy", sep, guessed=True, why=hint[1])
    return DateStyle(
        "mdy", sep, guessed=True, why="no day above 12 to tell; month first, as US exports write"
    )


_YEAR = 366  # days: the dates of one campaign lie within a year of each other


def consecutive(values: Sequence[tuple[int, str]], style: DateStyle) -> DateStyle | None:
    """For a daily series (`kpi lift`: a row per day) whose dates all read both ways
    (`01/03/2025` … `12/03/2025`): the reading under which they are consecutive days, when
    only one is. Read month first, those are the 3rd of twelve months; day first, twelve
    days in a row. None when both or neither reading are (or nothing reads both ways)."""
    days: dict[str, set[int]] = {"mdy": set(), "dmy": set()}
    for _, raw in values:
        found = shape_of(raw.strip())
        if found is None or found[0] != "num":
            continue
        a, b, c = (int(found[1].group(k)) for k in "abc")
        year = c + 2000 if c < 100 else c
        for order, (month, day) in (("mdy", (a, b)), ("dmy", (b, a))):
            try:
                days[order].add(date(year, month, day).toordinal())
            except ValueError:
                return None  # one reading is impossible: the column tells by itself
    runs = [
        order for order, seen in days.items() if len(seen) >= 3 and max(seen) - min(seen) == len(seen) - 1
    ]
    if len(runs) != 1:
        return None
    (order,) = runs
    first = "day" if order == "dmy" else "month"
    why = (
        f"every date reads both ways, and read {first} first they are consecutive days, as a daily "
        f"series has them; --{'monthfirst' if order == 'dmy' else 'dayfirst'} if not"
    )
    return DateStyle(order, style.sep, why=why, say=True)


def _year_first(nums: list[tuple[int, str, int, int, int, bool]], sep: str) -> DateStyle | None:
    """`25/03/14`, `25/03/20`, `25/04/02`: Japanese dates, year first in two digits (yy/mm/dd;
    Korean and Chinese short dates too, with dots or slashes). Read day first they are the
    25th of months in 2014, 2020 and 2002; read year first, three weeks of 2025.

    The tell: every date is two digits, then one or two, then two; read year first they lie
    within a year, read day or month first years apart (so the first number is one year,
    or two in a row, while the last varies). A first number of 13 or more (2013 on) is no
    month, and is read as the year, with a note. One of 12 or less could be a month, a day
    or a year: kpi refuses rather than guess (DateDoubt). None when there is no tell."""
    if len(nums) < 2 or not all(short for *_, short in nums):
        return None
    a, b, c = (np.array([n[i] for n in nums], dtype=np.int64) for i in (2, 3, 4))
    year_first = _span(a + 2000, b, c)
    if year_first is None or year_first > _YEAR:
        return None
    others = [s for s in (_span(c + 2000, b, a), _span(c + 2000, a, b)) if s is not None]
    # 24/10/01 ... 25/02/01 (monthly, on the 1st) lies within a year either way, but day
    # first in 2001: no campaign in kpi's exports is that old, so year first it is.
    old_era = int(c.max()) < 10 <= int(a.min())
    if others and min(others) <= _YEAR and not old_era:
        return None
    row, value = nums[0][:2]
    other = next((n for n in nums if n[4] != nums[0][4]), nums[-1])  # years apart: the last numbers differ
    firsts = " or ".join(str(n) for n in sorted(set(a.tolist())))
    years = f"{2000 + int(c.min())} to {2000 + int(c.max())}"
    seen = f"{quoted(value)} (row {row:,}) and {quoted(other[1])} (row {other[0]:,})"
    lasts = np.unique(c)
    # A monthly report dated on the 28th (28/01/24 ... 28/03/25) has the same tell: the
    # first number the day, the middle every month, the last two years in a row. Year
    # first would put it in 2028; kpi cannot tell the two apart, so it asks (audit C).
    monthly = len(lasts) <= 3 and int(lasts[-1] - lasts[0]) == len(lasts) - 1 and len(np.unique(b)) >= 4
    if (a.min() <= 12 or monthly) and not old_era:
        raise DateDoubt(
            f"{seen} are years apart read day or month first ({years}), within a year read year "
            "first (yy/mm/dd, as Japanese dates are written); kpi cannot tell which: write the dates "
            "with four-digit years (2025-03-14), or give --dayfirst or --monthfirst"
        )
    why = (
        (
            f"the first number is {firsts} on every row while the last varies ({seen}), as Japanese "
            f"dates are written (yy/mm/dd); read day first they would span {years}"
        )
        if not old_era
        else f"read day or month first they would be in {years} ({seen}); read year first (yy/mm/dd, "
        "as Japanese dates are written) they are recent"
    ) + "; --dayfirst if they are day first"
    return DateStyle("yymd", sep, why=why, say=True)


def _span(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> int | None:
    """Days from the earliest date to the latest; None if one is no day of the calendar."""
    if not _real(y, m, d).all():
        return None
    days = _datetimes(y, m, d, np.ones(len(y), dtype=bool)).astype("datetime64[D]").astype(np.int64)
    return int(days.max() - days.min())


_SHAPE_TEXT = {
    "cjk": "dates written 2025年3月31日",
    "month": "months with their name and year (Mar 2025)",
    "ym": "months written 2025-03",
    "cjkm": "months written 2025年3月",
    "ymd": "year-first dates",
    "num": "day/month/year or month/day/year dates",
    "mon": "dates with the month's name first",
    "dmon": "dates with the day first and the month's name",
    "serial": "Excel serial numbers",
    "compact": "dates written 20250331",
}


class Parsed(NamedTuple):
    """A parsed date column: datetime64[s] values (NaT where missing) or the first bad cell."""

    values: np.ndarray
    bad_index: int | None = None
    bad_value: str | None = None
    problem: str = ""  # what is wrong with the bad cell
    flip: bool = False  # the bad cell fits the other reading of a guessed order
    two_digit_years: int = 0
    short: np.ndarray | None = None  # which cells have a two-digit year (when every cell read)


@lru_cache(maxsize=1)
def _words() -> tuple[pa.Array, pa.Array]:
    """Missing-value spellings and month names as Arrow arrays, built on first use
    (pa.array() imports pandas, which sniffing must not wait for)."""
    return pa.array(list(MISSING_TOKENS), pa.string()), pa.array(list(_MONTHS), pa.string())


def parse(arr: pa.Array, style: DateStyle, years: tuple[int, int] = YEARS) -> Parsed:
    """Parse one batch of a column in its decided style; the first bad cell, if any, is reported.

    Two-digit years are 20xx (counted in `two_digit_years`, for a note); a real date in a
    year outside `years` is refused, not taken: 0001-01-01 is a placeholder."""
    if pa.types.is_dictionary(arr.type):
        return _parse_coded(arr, style, years)
    text = pc.utf8_trim_whitespace(pc.cast(arr, pa.string()))
    missing = pc.or_kleene(pc.is_null(text), pc.is_in(pc.utf8_lower(text), value_set=_words()[0]))
    missing = pc.fill_null(missing, True)
    n = len(text)
    if style.order == "serial":
        return _serial(text, missing, n)
    shape = "num" if style.order in ("mdy", "dmy", "yymd") else style.order
    pattern = _SHAPES[shape]
    if shape == "ymd" or shape == "num":
        pattern = pattern.replace("(?P<s>[-/.])", "(?P<s>" + re.escape(style.sep or "-") + ")")
        pattern = pattern.replace("[-/.]", re.escape(style.sep or "-"))
    missing_np = arrow.to_numpy(missing)
    split = _split_digits(text, missing, style.sep or "-", shape) if shape in ("ymd", "num") else None
    if split is not None:  # every date is three runs of digits: no regex pass
        matched = ~missing_np
        a, b, c = split
    elif shape in _NUMBERED:
        parts = pc.extract_regex(text, pattern)
        matched = arrow.to_numpy(pc.fill_null(pc.is_valid(parts), False))
        a = _ints(parts, "a", n)
        b = _ints(parts, "b", n)
        c = _ints(parts, "c", n) if "(?P<c>" in pattern else np.ones(n, dtype=np.int64)  # a month: its 1st
    if shape in _NUMBERED:
        if shape != "num" or style.order == "yymd":
            y, m, d = a, b, c
        elif style.order == "mdy":
            m, d, y = a, b, c
        else:
            d, m, y = a, b, c
    else:
        parts = pc.extract_regex(text, pattern)
        matched = arrow.to_numpy(pc.fill_null(pc.is_valid(parts), False))
        names = pc.struct_field(parts, "m")
        folded = pc.utf8_lower(pc.replace_substring_regex(names, r"\.$", ""))
        folded = _strip_accents(folded)
        found = pc.index_in(folded, value_set=_words()[1])
        m = _MONTH_NUMBERS[arrow.to_numpy(pc.fill_null(found, -1)) + 1]
        d = _ints(parts, "d", n) if "(?P<d>" in pattern else np.ones(n, dtype=np.int64)  # a month: its 1st
        y = _ints(parts, "y", n)
    short = matched & (y < 100)
    y = np.where(short, y + 2000, y)
    valid = matched & _real(y, m, d, years)
    ok = valid | missing_np
    values = _datetimes(y, m, d, valid)
    if ok.all():
        return Parsed(values, two_digit_years=int(short.sum()), short=short)
    bad = int(np.flatnonzero(~ok)[0])
    value = text[bad].as_py()
    if not matched[bad]:
        problem = f"is not a date in this column's style, {style.describe()}"
        return Parsed(values, bad, value, problem)
    if shape in ("mon", "dmon", "month") and m[bad] == 0:  # `3-mrt-2025` before Dutch was known
        name = pc.struct_field(parts, "m")[bad].as_py()
        return Parsed(values, bad, value, f"has a month name kpi does not know ({quoted(name)})")
    flip = False
    if style.guessed and style.order in ("mdy", "dmy"):
        flip = bool(_real(y[bad : bad + 1], d[bad : bad + 1], m[bad : bad + 1], years)[0])
    if not (years[0] <= y[bad] <= years[1]):
        problem = year_problem(int(y[bad]), years)
    else:
        problem = f"is not a real date (read as {style.describe()})"
    return Parsed(values, bad, value, problem, flip)


def _parse_coded(arr: pa.DictionaryArray, style: DateStyle, years: tuple[int, int]) -> Parsed:
    """A dictionary-encoded column, each distinct text parsed once: the CSV reader encodes
    dates, and a million rows hold a few hundred of them (a sixth of the parse's time).

    A column with a cell that is not a date is parsed again as plain text, so the bad cell
    reported is the first row's, as ever."""
    words = parse(arr.dictionary, style, years)
    if words.bad_index is not None or words.short is None:
        return parse(pc.cast(arr, pa.string()), style, years)
    at = arrow.to_numpy(pc.fill_null(arr.indices, -1)).astype(np.intp)
    values = np.append(words.values, np.datetime64("NaT", "s"))[at]  # code -1 (null): the last
    short = np.append(words.short, False)[at]
    return Parsed(values, two_digit_years=int(short.sum()), short=short)


# The shapes whose numbers are year, month and day in that order (`num` in the order decided).
_NUMBERED = ("ymd", "num", "compact", "cjk", "ym", "cjkm")


def month_ends(values: np.ndarray) -> np.ndarray:
    """The last day of each date's month (datetime64[s], NaT kept): where a month's row ends."""
    ends = (values.astype("datetime64[M]") + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    return ends.astype("datetime64[s]")


# The digit runs of a date, by shape: year-first `2025-03-14`, or day and month first
# `3/14/2025`, `14.03.25` (one or two digits, then a four- or two-digit year).
_RUNS = {"ymd": ((4, 4), (1, 2), (1, 2)), "num": ((1, 2), (1, 2), (2, 4))}


def _split_digits(
    text: pa.Array, missing: pa.Array, sep: str, shape: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The three numbers of each date when every cell is exactly three runs of digits
    around `sep` (no time, no trailing dot): a split and three casts, a fifth of the
    regex's time on a column of a million dates. None if any cell is otherwise; the
    regex then reads the column, and says which cell is wrong."""
    filled = pc.if_else(missing, pa.scalar(sep.join("000"), pa.string()), text)
    parts = pc.split_pattern(filled, sep)
    if not pc.all(pc.equal(pc.list_value_length(parts), pa.scalar(3, pa.int64()))).as_py():
        return None
    flat = pc.list_flatten(parts)
    if not pc.all(pc.utf8_is_digit(flat)).as_py():
        return None
    lengths = arrow.to_numpy(pc.utf8_length(flat)).reshape(-1, 3)
    present = ~arrow.to_numpy(missing)
    for i, (lo, hi) in enumerate(_RUNS[shape]):
        run = lengths[present, i]
        if run.size and (
            run.min() < lo or run.max() > hi or (shape == "num" and i == 2 and (run == 3).any())
        ):
            return None
    try:
        numbers = arrow.to_numpy(pc.cast(flat, pa.int64())).reshape(-1, 3)
    except pa.ArrowInvalid:  # digits of another script (٢٠٢٥): the regex path says so
        return None
    return numbers[:, 0].copy(), numbers[:, 1].copy(), numbers[:, 2].copy()


def _serial(text: pa.Array, missing: pa.Array, n: int) -> Parsed:
    parts = pc.extract_regex(text, _SHAPES["serial"])
    matched = arrow.to_numpy(pc.fill_null(pc.is_valid(parts), False))
    serial = _ints(parts, "n", n)
    valid = matched & (serial >= SERIAL_RANGE[0]) & (serial < SERIAL_RANGE[1])
    ok = valid | arrow.to_numpy(missing)
    days = np.where(valid, serial - _SERIAL_EPOCH, 0)
    values = (days.astype("int64") * 86400).astype("datetime64[s]")
    values[~valid] = np.datetime64("NaT", "s")
    if ok.all():
        return Parsed(values)
    bad = int(np.flatnonzero(~ok)[0])
    return Parsed(values, bad, text[bad].as_py(), "is not an Excel date serial number between 1990 and 2100")


def _ints(parts: pa.Array, name: str, n: int) -> np.ndarray:
    field = pc.struct_field(parts, name)
    field = pc.if_else(pc.is_valid(field), field, arrow.text("0"))
    return arrow.to_numpy(pc.cast(field, pa.int64()))


def _strip_accents(text: pa.Array) -> pa.Array:
    for accented, plain in (("é", "e"), ("è", "e"), ("ê", "e"), ("û", "u"), ("ü", "u"), ("ä", "a"),
                            ("à", "a"), ("â", "a"), ("ç", "c"), ("ô", "o"), ("ö", "o")):  # fmt: skip
        text = pc.replace_substring(text, accented, plain)
    return text


def _days_in_month(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    lengths = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    return lengths[np.clip(m, 0, 12)] + ((m == 2) & leap)


def year_problem(year: int, years: tuple[int, int]) -> str:
    """Why a date in `year` is refused, and the way out if there is one."""
    if years == YEARS:
        return (
            f"has the year {year}; kpi reads dates from {years[0]} to {years[1]} "
            "(a placeholder or a typo?); give --any-year if the date is right"
        )
    return f"has the year {year}; kpi reads dates from {years[0]} to {years[1]}"


def _real(y: np.ndarray, m: np.ndarray, d: np.ndarray, years: tuple[int, int] = YEARS) -> np.ndarray:
    """Whether (y, m, d) is a day of the calendar, in the years kpi reads."""
    in_range = (y >= years[0]) & (y <= years[1]) & (m >= 1) & (m <= 12) & (d >= 1)
    return in_range & (d <= _days_in_month(y, m))


def _datetimes(y: np.ndarray, m: np.ndarray, d: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """datetime64[s] of each valid (y, m, d); NaT elsewhere (days from civil, no Python loop)."""
    y = np.where(valid, y, 1970)
    m = np.where(valid, m, 1)
    d = np.where(valid, d, 1)
    months = (y - 1970) * 12 + (m - 1)
    days = months.astype("datetime64[M]").astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
    values = days.astype("datetime64[s]")
    values[~valid] = np.datetime64("NaT", "s")
    return values


def parse_one(value: str, dayfirst: bool = False, end: bool = False) -> np.datetime64 | None:
    """One date (a report period in a preamble), in whatever style it is written; None if not a date.

    A month (`Mar 2025`) is its 1st, or its last day with `end` (where a period ends)."""
    found = shape_of(value)
    if found is None:
        return None
    shape, match = found
    if shape == "num":
        a, b = int(match.group("a")), int(match.group("b"))
        order = "dmy" if (a > 12 or (dayfirst and b <= 12)) else "mdy"
        style = DateStyle(order, match.group("s"))
    elif shape == "ymd":
        style = DateStyle("ymd", match.group("s"))
    else:
        style = DateStyle(shape)
    parsed = parse(pa.array([value], pa.string()), style)
    if parsed.bad_index is not None or np.isnat(parsed.values[0]):
        return None
    day = month_ends(parsed.values[:1])[0] if end and shape in MONTHS else parsed.values[0]
    return day.astype("datetime64[D]")
