"""Before/after KPIs of a brand's daily series: MER lift, brand mention lift, audience growth.

Pure pandas on a frame of canonical columns (date, revenue, marketing_spend, mentions,
followers); no files, no printing. The campaign window comes from the user; the
baseline is the window of the same length just before it unless given.

Definitions (the README repeats them):
- MER = Σ revenue / Σ marketing spend over a window; MER lift compares the two windows.
- Brand mention lift compares mentions *per reported day*, so a baseline of another
  length or a blank day cannot fake a lift; with two complete windows of the same
  length it is exactly (Σ campaign − Σ baseline) / Σ baseline × 100.
- Followers at start = the count on the day before the campaign starts (the audience
  the campaign found); if that day is not reported, the campaign's first reported day.
  Followers at end = the count on the last campaign day, else its last reported day.

A day absent from the file inside a window is an error (sums over a window with holes
mislead); a blank cell on a present day is a missing value, skipped and noted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from kpi_cli.errors import KpiError, quoted
from kpi_cli.kpis import KpiValue

SERIES_COLUMNS: tuple[str, ...] = ("revenue", "marketing_spend", "mentions", "followers")
_WINDOW = re.compile(r"^\s*(\S+?)\s*\.\.\s*(\S+?)\s*$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class WindowError(KpiError):
    """A campaign or baseline window that is malformed or does not fit the data."""


class SeriesError(KpiError):
    """A daily series that cannot be used as one (no dates, a day twice, ...)."""


@dataclass(frozen=True)
class Window:
    """An inclusive range of days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def pretty(self) -> str:
        """`3 Mar – 30 Mar 2025, 28 days`; `2 Jan 2025, 1 day`."""
        if self.days == 1:
            return f"{_day(self.end)}, 1 day"
        first = self.start.strftime("%-d %b") if self.start.year == self.end.year else _day(self.start)
        return f"{first} – {_day(self.end)}, {self.days} days"

    def overlaps(self, other: Window) -> bool:
        return self.start <= other.end and other.start <= self.end

    def dates(self) -> pd.DatetimeIndex:
        return pd.date_range(self.start, self.end, freq="D")


def _day(d: date) -> str:
    return d.strftime("%-d %b %Y")


def parse_window(text: str, option: str = "--campaign") -> Window:
    """`2025-03-31..2025-04-27` → Window; anything else is a one-line WindowError."""
    match = _WINDOW.match(text)
    example = "e.g. 2025-03-31..2025-04-27"
    if not match:
        raise WindowError(f"{option} {quoted(text)}: write the window as START..END, {example}")
    days = []
    for part in match.groups():
        if not _ISO_DAY.match(part):
            raise WindowError(
                f"{option} {quoted(text)}: {quoted(part)} is not a date; write YYYY-MM-DD, {example}"
            )
        try:
            days.append(date.fromisoformat(part))
        except ValueError:
            raise WindowError(f"{option} {quoted(text)}: {part} is not a day of the calendar") from None
    start, end = days
    if end < start:
        raise WindowError(f"{option} {quoted(text)}: END is before START; write the earlier day first")
    return Window(start, end)


def default_baseline(campaign: Window) -> Window:
    """The window of the same length that ends the day before the campaign starts.

    A campaign from year 1, or one longer than the years before it (a typo such as
    0025-03-31, or ..9999-12-31), has no such window: a WindowError, not an OverflowError."""
    try:
        return Window(campaign.start - timedelta(days=campaign.days), campaign.start - timedelta(days=1))
    except OverflowError:
        raise WindowError(
            f"the campaign {campaign.label} leaves no {campaign.days:,} days before it for the default "
            "baseline (that would start before the year 1); check the years, or give --baseline START..END"
        ) from None


def prepare_daily(frame: pd.DataFrame, headers: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per day, indexed by day, sorted; refuses what is not a daily series.

    The frame's index is taken as the spreadsheet row numbers (as the reader sets it)
    so errors can name rows; `headers` (canonical -> the file's header) names columns.
    """
    if "date" not in frame.columns:
        raise SeriesError("no date column; a daily series needs a Date column with one row per day")
    present = [c for c in SERIES_COLUMNS if c in frame.columns]
    if not present:
        raise SeriesError(
            "none of revenue, marketing spend, mentions or followers is present; "
            "name the columns e.g. Revenue, Marketing spend, Mentions, Followers"
        )
    dates = pd.to_datetime(frame["date"]).dt.normalize()
    blank = dates.isna()
    if blank.any():
        row = frame.index[int(blank.to_numpy().argmax())]
        raise SeriesError(f"row {row}: the date is blank; every row of a daily series needs its day")
    if "date_end" in frame.columns:  # a row per reporting period (Meta's): each must be a day
        ends = pd.to_datetime(frame["date_end"]).dt.normalize()
        longer = (ends.notna() & (ends != dates)).to_numpy()
        if longer.any():
            at = int(longer.argmax())
            head = (headers or {}).get("date end", "date end")
            raise SeriesError(
                f"row {frame.index[at]} covers {dates.iloc[at]:%Y-%m-%d} to {ends.iloc[at]:%Y-%m-%d} "
                f"(column {quoted(head)}), not one day; a daily series needs a row per day: export "
                "the report by day (Meta: Breakdown › By time › Day)"
            )
    twice = dates.duplicated(keep=False)
    split = None
    if twice.any():
        frame, dates, split = _split_days(frame, dates, twice, present, headers or {})
    out = pd.DataFrame({c: pd.to_numeric(frame[c]).astype("float64").to_numpy() for c in present})
    out.index = pd.DatetimeIndex(dates.to_numpy(), name="date")
    row_of = pd.Series(frame.index.to_numpy(), index=out.index)  # day -> spreadsheet row
    out = out.sort_index()
    if split is not None:
        out.attrs["split"] = split
    if "followers" in out.columns:
        _check_count(out["followers"], (headers or {}).get("followers", "followers"), row_of)
    return out


def _split_days(
    frame: pd.DataFrame, dates: pd.Series, twice: pd.Series, present: list[str], headers: dict[str, str]
) -> tuple[pd.DataFrame, pd.Series, str]:
    """One row per day from rows that split a day over campaigns, platforms or channels (an ads
    report segmented by day, a sheet with a row per platform): each day's revenue, spend,
    mentions and followers are the sums of its rows (two platforms' followers are the brand's
    audience on both; a count repeated on each campaign's row is taken once). Rows that repeat
    a day with no such column, or with the same channel, are refused: a second file's copy of
    a day summed in would double it. Returns the frame and dates with a row per day (each
    day at its first row) and a note saying what was summed."""
    day = dates[twice].iloc[0]
    rows = sorted(frame.index[(dates == day).to_numpy()])
    fix = "sum per-channel rows into one, or drop the repeat"
    if "channel" not in frame.columns:
        shown = " and ".join(str(r) for r in rows[:3])
        raise SeriesError(
            f"{day:%Y-%m-%d} appears on rows {shown}; a daily series has one row per day ({fix})"
        )
    channel = (
        frame["channel"]
        .astype(object)
        .map(lambda v: " ".join(v.split()).casefold() if isinstance(v, str) else "")
        .astype(str)
    )
    repeat = (dates.astype("int64").astype(str) + "\x00" + channel).duplicated(keep=False) & twice
    if repeat.any():
        at = repeat.to_numpy().argmax()
        same = (dates == dates.iloc[at]) & (channel == channel.iloc[at])
        shown = " and ".join(str(r) for r in sorted(frame.index[same.to_numpy()])[:3])
        name = frame["channel"].iloc[at]
        what = f"{quoted(str(name).strip())} twice" if channel.iloc[at] else "with a blank channel"
        raise SeriesError(
            f"{dates.iloc[at]:%Y-%m-%d} appears on rows {shown}, {what} "
            f"(column {quoted(headers.get('channel', 'channel'))}); a daily series has one row per "
            f"day and channel ({fix})"
        )
    values = pd.DataFrame({c: pd.to_numeric(frame[c]).astype("float64") for c in present})
    values["_day"] = dates.to_numpy()
    groups = values.groupby("_day", sort=False)
    summed = groups.agg(_day_sum)
    if "followers" in present:  # one count repeated on each row of the day is that count
        repeated = groups["followers"].nunique() <= 1
        summed.loc[repeated, "followers"] = groups["followers"].first()[repeated]
        # A day whose row for a channel with a follower count on other days is blank is no
        # audience: the sum of the others (TikTok's 10,520 left out) fell by that channel's
        # count, a "growth" of -19 % (or, taken as one count repeated, the other's alone). Blank,
        # as a single series' day not yet filled in is.
        followers = values["followers"]
        counted = followers.notna().groupby(channel.to_numpy()).transform("any").to_numpy()
        gap = (followers.isna().to_numpy() & counted).astype(float)
        partial = pd.Series(gap, index=values.index).groupby(values["_day"], sort=False).max() > 0
        summed.loc[partial[partial].index, "followers"] = math.nan
    # A figure the same on every row of each split day (a sheet's store revenue beside each
    # platform's spend) is the day's, written on each row: summed, revenue was doubled (MER
    # 6.67× for 3.33×). Taken once when _REPEATED_DAYS days or more show it.
    once = []
    for c in present:
        multi = groups[c].count() >= 2
        if (
            c != "followers"
            and int(multi.sum()) >= _REPEATED_DAYS
            and bool((groups[c].nunique()[multi] <= 1).all())
        ):
            summed[c] = groups[c].first()
            once.append(quoted(headers.get(c, c)))
    first = ~dates.duplicated()
    kept = frame[first.to_numpy()].copy()
    for c in present:
        kept[c] = summed.loc[dates[first].to_numpy(), c].to_numpy()
    most = int(dates.value_counts().max())
    note = (
        f"{most} rows a day (one per {headers.get('channel', 'channel')}), summed into each day"
        if int(dates.value_counts().min()) == most
        else f"up to {most} rows a day (one per {headers.get('channel', 'channel')}), summed into each day"
    )
    if once:
        note += f"; {', '.join(once)} the same on each of a day's rows, taken once"
    return kept, dates[first], note


_REPEATED_DAYS = 3  # split days that show one figure repeated on each row (_split_days)


def _day_sum(column: pd.Series) -> float:
    """A day's figure from its rows: their sum in whole cents (_exact_sum); blank when all are."""
    return _exact_sum(column) if column.notna().any() else math.nan


# How far a running total of followers moves in a median day, at most: a brand's count
# moves by a few percent a day even in a campaign, while a series of daily gains (YouTube
# Studio's `Subscribers`: gained minus lost that day) moves by a quarter or more.
_DAILY_MOVE = 0.15
# ... and a series that moves by more than _SWINGING_MOVE a median day while turning from up to
# down (or back) on _TURNS of its days or more is a day's gains too: a count that moves by
# several percent a day is a small account growing fast, which turns rarely.
_SWINGING_MOVE = 0.03
_TURNS = 1 / 3
# ... for a series of a median of this many or more: a day's gains that move by only 3-15 % a
# day are a big channel's (hundreds a day and more; fewer swing past _DAILY_MOVE), while a
# count this small moving so is a tiny account (110 -> 168 followers, up and down by 3-11 a
# day: refused as gains, review R2).
_SWINGING_FROM = 500


def _check_count(followers: pd.Series, header: str, rows: pd.Series) -> None:
    """Refuse a followers column that is no running count: a negative day, a value that moves
    by more than _DAILY_MOVE in a median day, or by more than _SWINGING_MOVE while turning up
    and down (daily net gains, not an audience size), or that halves in a day."""
    values = followers.dropna()
    fix = (
        "it looks like followers gained per day (YouTube Studio's daily Subscribers is gained "
        "minus lost), and growth needs the audience's size: give a column of total followers per day, "
        f"or --map '{header}=ignore' to leave it out"
    )
    negative = values[values < 0]
    if len(negative):
        day = negative.index[0]
        raise SeriesError(
            f"row {rows[day]}, column {quoted(header)} (followers): {_number(float(negative.iloc[0]))} on "
            f"{day:%Y-%m-%d} is no follower count; {fix}"
        )
    before = values.shift(1)
    moves = ((values - before).abs() / before.where(before > 0)).dropna()
    median = float(moves.median()) if len(moves) else 0.0
    # A count rises (or falls) day after day; a day's gains go up and down around their level.
    # A big channel's ~1,000 subscribers a day move by ~8 % a day, under _DAILY_MOVE, but
    # change direction every other day (audit X: read as a count, 980 → 1,050 was "growth").
    steps = np.sign((values - before).dropna().to_numpy())
    steps = steps[steps != 0]
    turns = float((steps[1:] != steps[:-1]).mean()) if len(steps) > 1 else 0.0
    if len(moves) >= 5 and (
        median > _DAILY_MOVE
        or (
            len(moves) >= 7
            and median > _SWINGING_MOVE
            and turns >= _TURNS
            and float(values.median()) >= _SWINGING_FROM
        )
    ):
        how = "" if median > _DAILY_MOVE else f", up and down ({turns:.0%} of days turn)"
        raise SeriesError(
            f"column {quoted(header)} (followers) moves by {median:.0%} a day (median of "
            f"{len(moves)} days){how}, where a follower count moves by a few percent, mostly one way; {fix}"
        )
    # A count that falls to less than half in a day (a sheet's 0 for a day not filled in yet)
    # is no audience: read, the campaign "lost" every follower, growth −100 % (audit X).
    halved = ((values < before / 2) & (before > 0)).to_numpy()
    if halved.any():
        at = int(halved.argmax())
        day, prior = values.index[at], values.index[at - 1]
        raise SeriesError(
            f"row {rows[day]}, column {quoted(header)} (followers): {_number(float(values.iloc[at])):,} on "
            f"{day:%Y-%m-%d} after {_number(float(values.iloc[at - 1])):,} on {prior:%Y-%m-%d}; a follower "
            "count does not halve in a day: leave the cell blank if the day's count is not known"
        )


def check_windows(
    daily: pd.DataFrame, campaign: Window, baseline: Window, *, baseline_given: bool = True
) -> None:
    """Refuse overlapping windows, windows beyond the data and days absent inside a window."""
    if baseline.overlaps(campaign):
        raise WindowError(
            f"the baseline {baseline.label} overlaps the campaign {campaign.label}; "
            "give a --baseline that ends before the campaign starts"
        )
    check_covered(daily, campaign, "campaign")
    check_covered(daily, baseline, "baseline", given=baseline_given)
    for name, window in (("baseline", baseline), ("campaign", campaign)):
        absent = window.dates().difference(pd.DatetimeIndex(daily.index))
        if len(absent):
            shown = ", ".join(f"{d:%Y-%m-%d}" for d in absent[:5])
            more = f" and {len(absent) - 5} more" if len(absent) > 5 else ""
            raise WindowError(
                f"no row for {shown}{more} in the {name} window {window.label}; add a row for each day "
                "(leave unknown cells blank) or choose another window"
            )


def check_covered(daily: pd.DataFrame, window: Window, name: str, *, given: bool = True) -> None:
    """Refuse a window that starts before or ends after the daily series (the campaign is
    checked before any baseline is worked out from it, so no date arithmetic runs on a
    window of year 1 or 9999)."""
    first, last = daily.index.min().date(), daily.index.max().date()
    if window.start >= first and window.end <= last:
        return
    covers = f"the data covers {first.isoformat()}..{last.isoformat()}"
    where = "starts before" if window.start < first else "ends after"
    if name == "baseline" and not given:
        raise WindowError(
            f"the default baseline {window.label} (the {window.days} days before the campaign) "
            f"{where} the data ({covers}); give --baseline START..END inside the data"
        )
    option = "--campaign" if name == "campaign" else "--baseline"
    raise WindowError(
        f"the {name} {window.label} {where} the data ({covers}); choose a {option} window inside it"
    )


# --------------------------------------------------------------------------- figures


@dataclass
class Span:
    """Sums of one span of days, with the counts of reported (non-blank) days."""

    window: Window
    sums: dict[str, float]
    reported: dict[str, int]  # column -> days with a value
    present: set[str]  # columns the file has
    days: int
    blank: dict[str, list[date]] = field(default_factory=dict)  # column -> days without a value
    # Revenue and marketing spend over the days with both (MER stands on those: SPEC, Decisions)
    both: tuple[float, float] | None = None
    paired: int = 0  # ... and how many such days there are

    def blank_note(self, col: str) -> list[str]:
        """`blank on 2025-04-09` so the analyst can look the day up."""
        days = self.blank.get(col, [])
        if not days:
            return []
        if len(days) > 3:
            return [f"blank on {len(days)} days from {days[0].isoformat()}"]
        return ["blank on " + ", ".join(d.isoformat() for d in days)]

    def total(self, col: str) -> tuple[float | None, str | None]:
        if col not in self.present:
            return None, f"no {_label(col)} column"
        if self.reported[col] == 0:
            return None, f"{_label(col)} blank on every day of {self.window.label}"
        return self.sums[col], None

    def missing(self, *cols: str) -> dict[str, int]:
        return {
            c: self.days - self.reported[c]
            for c in cols
            if c in self.present and self.reported[c] < self.days
        }


def _label(col: str) -> str:
    return col.replace("_", " ")


def span(daily: pd.DataFrame, window: Window) -> Span:
    """Sum each column over the window's days, skipping blanks."""
    part = daily.loc[pd.Timestamp(window.start) : pd.Timestamp(window.end)]
    sums = {c: _exact_sum(part[c]) for c in daily.columns}
    reported = {c: int(part[c].notna().sum()) for c in daily.columns}
    blank = {c: [d.date() for d in part.index[part[c].isna().to_numpy()]] for c in daily.columns}
    both, days = None, 0
    if "revenue" in daily.columns and "marketing_spend" in daily.columns:
        paired = part[part["revenue"].notna() & part["marketing_spend"].notna()]
        both, days = (_exact_sum(paired["revenue"]), _exact_sum(paired["marketing_spend"])), len(paired)
    return Span(window, sums, reported, set(daily.columns), len(part), blank, both, days)


def _exact_sum(column: pd.Series) -> float:
    """A column's sum without float drift: whole cents added as integers when every value
    is a whole number of cents (money: 0.10 x 4 + 0.20 x 3 is 1.00, not 1.0000000000000002),
    else math.fsum, correctly rounded."""
    values = column.dropna().to_numpy(dtype=np.float64)
    cents = np.rint(values * 100)
    if np.array_equal(cents / 100, values) and (np.abs(cents) < 2**53).all():
        return int(cents.astype(np.int64).sum()) / 100
    return math.fsum(values)


def _ratio(num: float, den: float) -> float | None:
    value = num / den
    return float(value) if np.isfinite(value) else None


def _number(value: float) -> int | float:
    """Whole figures as int so JSON shows 1234, not 1234.0."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def _mer(s: Span) -> KpiValue:
    """Revenue / marketing spend over the window's days with both (SPEC, Decisions), saying
    on how many of its days it stands when not all."""
    revenue, why = s.total("revenue")
    spend, why_spend = s.total("marketing_spend")
    if revenue is None or spend is None:
        return KpiValue("", None, why or why_spend)
    notes = []
    if s.both is not None:  # over the days with both figures
        revenue, spend = s.both
        if s.paired == 0:
            return KpiValue("", None, f"no day of {s.window.label} has both revenue and marketing spend")
        if s.paired < s.days:
            if spend == 0:
                return KpiValue(
                    "", None, f"marketing spend sums to 0 on the days of {s.window.label} with revenue"
                )
            notes.append(f"on {s.paired:,} of {s.days:,} days")
    if spend == 0:
        return KpiValue("", None, f"marketing spend sums to 0 over {s.window.label}")
    return KpiValue("", _ratio(revenue, spend), None, s.missing("revenue", "marketing_spend"), notes)


def _lift(
    kpi_id: str, campaign: float | None, baseline: float | None, why: str | None, zero: str
) -> KpiValue:
    if campaign is None or baseline is None:
        return KpiValue(kpi_id, None, why)
    if baseline == 0:
        return KpiValue(kpi_id, None, zero)
    return KpiValue(kpi_id, _ratio((campaign - baseline) * 100.0, baseline))


def _followers_at(daily: pd.DataFrame, day: date) -> float | None:
    stamp = pd.Timestamp(day)
    if "followers" not in daily.columns or stamp not in daily.index:
        return None
    value = float(daily.at[stamp, "followers"])  # type: ignore[arg-type]
    return None if np.isnan(value) else value


@dataclass
class FollowerPoints:
    """Which days the audience growth is measured between, and the counts there."""

    start_day: date | None
    start: float | None
    end_day: date | None
    end: float | None
    notes_start: list[str] = field(default_factory=list)
    notes_end: list[str] = field(default_factory=list)


def follower_points(daily: pd.DataFrame, window: Window) -> FollowerPoints:
    """Start: the day before the window, else its first reported day; end: its last day, else
    its last reported day."""
    if "followers" not in daily.columns:
        return FollowerPoints(None, None, None, None)
    part = daily.loc[pd.Timestamp(window.start) : pd.Timestamp(window.end), "followers"].dropna()
    before = window.start - timedelta(days=1)
    start = _followers_at(daily, before)
    points = FollowerPoints(None, None, None, None)
    if start is not None:
        points.start_day, points.start = before, start
        points.notes_start.append(f"{start:,.0f} on {before.isoformat()}, the day before the window")
    elif len(part):
        points.start_day, points.start = part.index[0].date(), float(part.iloc[0])
        points.notes_start.append(
            f"{points.start:,.0f} on {points.start_day.isoformat()}, the window's first reported day "
            f"({before.isoformat()} not reported)"
        )
    end = _followers_at(daily, window.end)
    if end is not None:
        points.end_day, points.end = window.end, end
        points.notes_end.append(f"{end:,.0f} on {window.end.isoformat()}, the window's last day")
    elif len(part):
        points.end_day, points.end = part.index[-1].date(), float(part.iloc[-1])
        points.notes_end.append(
            f"{points.end:,.0f} on {points.end_day.isoformat()}, the window's last reported day "
            f"({window.end.isoformat()} blank)"
        )
    return points


def _growth(points: FollowerPoints, window: Window, present: bool) -> KpiValue:
    kpi = "audience_growth_rate"
    if not present:
        return KpiValue(kpi, None, "no followers column")
    if points.start is None or points.end is None:
        return KpiValue(kpi, None, f"followers blank on every day of {window.label}")
    if points.start_day == points.end_day:
        return KpiValue(kpi, None, f"followers reported on one day only ({points.start_day})")
    if points.start == 0:
        return KpiValue(kpi, None, "followers at start are 0")
    value = _ratio((points.end - points.start) * 100.0, points.start)
    return KpiValue(kpi, value, None, notes=[f"{points.start_day} → {points.end_day}"])


def lift_values(daily: pd.DataFrame, campaign: Window, baseline: Window) -> list[KpiValue]:
    """Every before/after KPI of `campaign` against `baseline`, in the order of LIFT_KPI_DEFS.

    Also used per ISO week with the week as `campaign`, so the weekly series shows where a
    lift came from.
    """
    c, b = span(daily, campaign), span(daily, baseline)
    out: list[KpiValue] = []
    both = {k: c.missing(k).get(k, 0) + b.missing(k).get(k, 0) for k in SERIES_COLUMNS}

    def total(kpi: str, s: Span, col: str, note: str) -> None:
        value, why = s.total(col)
        if value is None:
            out.append(KpiValue(kpi, None, why))
        else:
            out.append(
                KpiValue(kpi, _number(value), None, s.missing(col), [*s.blank_note(col), note], rows=s.days)
            )

    # Awareness: mentions, compared per reported day.
    total("mentions_baseline", b, "mentions", baseline.pretty())
    total("mentions_campaign", c, "mentions", campaign.pretty())
    per_day_c = c.sums["mentions"] / c.reported["mentions"] if c.total("mentions")[0] is not None else None
    per_day_b = b.sums["mentions"] / b.reported["mentions"] if b.total("mentions")[0] is not None else None
    mention = _lift(
        "brand_mention_lift", per_day_c, per_day_b, b.total("mentions")[1] or c.total("mentions")[1],
        f"no brand mentions in the baseline {baseline.label}",
    )  # fmt: skip
    if mention.value is not None:
        mention.missing = {"mentions": both["mentions"]} if both["mentions"] else {}
        mention.rows = c.days + b.days
        if (c.reported["mentions"], b.reported["mentions"]) != (c.days, b.days) or c.days != b.days:
            assert per_day_c is not None and per_day_b is not None
            mention.notes.append(f"per reported day: {per_day_c:,.1f} vs {per_day_b:,.1f} mentions")
    out.append(mention)

    points = follower_points(daily, campaign)
    present = "followers" in daily.columns
    for kpi, value, day_notes in (
        ("followers_start", points.start, points.notes_start),
        ("followers_end", points.end, points.notes_end),
    ):
        if value is None:
            reason = f"followers blank on every day of {campaign.label}" if present else "no followers column"
            out.append(KpiValue(kpi, None, reason))
        else:
            out.append(KpiValue(kpi, _number(value), None, {}, list(day_notes)))
    out.append(_growth(points, campaign, present))

    # Conversion: revenue, marketing spend, MER.
    total("revenue_baseline", b, "revenue", baseline.pretty())
    total("revenue_campaign", c, "revenue", campaign.pretty())
    total("marketing_spend_baseline", b, "marketing_spend", baseline.pretty())
    total("marketing_spend_campaign", c, "marketing_spend", campaign.pretty())
    mer_b, mer_c = _mer(b), _mer(c)
    mer_b.id, mer_c.id = "mer_baseline", "mer_campaign"
    for kv, window, s in ((mer_b, baseline, b), (mer_c, campaign, c)):
        kv.rows = s.days  # its blanks are counted of its own window's days
        if kv.value is not None:
            kv.notes.append(window.pretty())
    out += [mer_b, mer_c]
    mer = _lift("mer_lift", mer_c.value, mer_b.value, mer_b.reason or mer_c.reason,
                f"MER of the baseline {baseline.label} is 0 (no baseline revenue)")  # fmt: skip
    if mer.value is not None:
        mer.missing = {k: both[k] for k in ("revenue", "marketing_spend") if both[k]}
        mer.rows = c.days + b.days
        if b.paired + c.paired < b.days + c.days:  # MER stands on the days with both (see _mer)
            mer.notes.append(f"on {b.paired + c.paired:,} of {b.days + c.days:,} days")
    out.append(mer)
    return out


def weeks(baseline: Window, campaign: Window) -> list[tuple[str, str, Window]]:
    """ISO weeks across both windows, split at the window edge: (week, window name, days)."""
    out: list[tuple[str, str, Window]] = []
    ordered = sorted((("baseline", baseline), ("campaign", campaign)), key=lambda nw: nw[1].start)
    for name, window in ordered:
        day = window.start
        while day <= window.end:
            year, week, weekday = day.isocalendar()
            last = min(window.end, day + timedelta(days=7 - weekday))
            out.append((f"{year}-W{week:02d}", name, Window(day, last)))
            day = last + timedelta(days=1)
    return out
