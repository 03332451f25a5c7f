"""Sparklines: a KPI's shape over the periods of `--by date`, in one table cell.

A breakdown by week is a column of numbers that people read as a trend; a row of
`▁▂▃▄▅▆▇█` under the total shows that trend at a glance. The figures above stay the
truth; the line is only their shape (highest period → tallest bar, in that column alone).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from kpi_cli.score import GroupResult, ScoreReport
from kpi_cli.text import encodes

BLOCKS = "▁▂▃▄▅▆▇█"
ASCII_LEVELS = "_.-=^"  # a console that cannot encode the blocks: low to high
MIN_PERIODS = 3  # two points are a comparison, not a trend
MAX_SLOTS = 20_000  # a timeline longer than this (decades of days) is drawn without its gaps


def sparkline(values: Sequence[float | None], width: int, ascii: bool = False) -> str:
    """`values` as one character each, or averaged into `width` buckets when there are more.

    The lowest value is the lowest level and the highest the highest (levels of equal
    size between); a missing value (None, NaN) is a space; all-equal values are a flat
    line at mid height.
    """
    if width <= 0 or not values:
        return ""
    points = [None if v is None or not math.isfinite(v) else float(v) for v in values]
    if len(points) > width:
        points = [
            _mean(points[i * len(points) // width : (i + 1) * len(points) // width]) for i in range(width)
        ]
    levels = ASCII_LEVELS if ascii else BLOCKS
    known = [v for v in points if v is not None]
    if not known:
        return " " * len(points)
    lo, hi = min(known), max(known)
    top = len(levels) - 1
    out = []
    for v in points:
        if v is None:
            out.append(" ")
        elif hi == lo:
            out.append(levels[top // 2])
        else:
            out.append(levels[min(top, int((v - lo) / (hi - lo) * len(levels)))])
    return "".join(out)


def _mean(bucket: list[float | None]) -> float | None:
    known = [v for v in bucket if v is not None]
    return sum(known) / len(known) if known else None


def needs_ascii(encoding: str | None) -> bool:
    """Whether a console of this encoding cannot write the blocks (cp1252, ascii)."""
    return not encodes(BLOCKS, encoding)


def period_start(key: str, period: str) -> date:
    """The first day of a `--by date` period: `2025-03-10`, `2025-W11` (its Monday), `2025-03`."""
    if period == "week":
        year, week = key.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    if period == "month":
        return date.fromisoformat(f"{key}-01")
    return date.fromisoformat(key)


def _next(day: date, period: str) -> date:
    if period == "week":
        return day + timedelta(days=7)
    if period == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day + timedelta(days=1)


def timeline(keys: Sequence[str], period: str) -> list[tuple[date, str | None]]:
    """Every period from the first key to the last, in order: (its first day, its key, or
    None for a period without rows, which the breakdown has no row for)."""
    starts = {period_start(key, period): key for key in keys}
    if not starts:
        return []
    day, last = min(starts), max(starts)
    out: list[tuple[date, str | None]] = []
    while day <= last:
        if len(out) > MAX_SLOTS:
            return sorted(starts.items())  # a key per slot: no gaps shown
        out.append((day, starts.get(day)))
        day = _next(day, period)
    return out


def dated(report: ScoreReport) -> Iterator[tuple[str, GroupResult]]:
    """(period key, group) of each group of a `--by date` report whose date is a period:
    rows without a date (the `(blank)` group) have no place on a timeline."""
    assert report.period is not None
    for group in report.groups:
        key = group.key.get("date", "")
        try:
            period_start(key, report.period)
        except ValueError:
            continue
        yield key, group


def dated_groups(report: ScoreReport) -> dict[str, dict[str, float | None]] | None:
    """For a report by date alone: each period's key → {KPI id: value}; else None."""
    if report.by != ["date"] or report.period is None:
        return None
    return {
        key: {k.id: None if k.value is None else float(k.value) for k in group.kpis}
        for key, group in dated(report)
    }


class Spark:
    """A sparkline cell that takes the width its table column gets: it asks for one cell
    (so it never widens a column the figures did not) and draws as many as it is given."""

    def __init__(self, values: Sequence[float | None], ascii: bool = False) -> None:
        self.values, self.ascii = list(values), ascii

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, 1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(sparkline(self.values, options.max_width, self.ascii), no_wrap=True)


def trend_cells(report: ScoreReport, columns: Sequence[str], ascii: bool = False) -> list[Spark] | None:
    """The cells of the breakdown's Trend row, a sparkline per KPI column; None when there
    is no trend to draw: not by date alone, fewer than MIN_PERIODS periods, or not every
    period in the table (--top, or a long table cut short on screen)."""
    series = dated_groups(report)
    if series is None or len(series) < MIN_PERIODS or len(report.groups) < report.group_count:
        return None
    assert report.period is not None
    slots = [key for _, key in timeline(list(series), report.period)]
    return [Spark([None if key is None else series[key].get(k) for key in slots], ascii) for k in columns]
