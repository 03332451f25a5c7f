"""Framing: parsed record batches → pandas frames of canonical columns, rows kpi should count.

chunks.py cuts the file and parses it with pyarrow on worker threads; here each
parsed batch becomes a pandas frame: numbers through the text parser where the
typed path could not convert them (`$1,234.56`, `1.234,56 €`, `1.2K`, naming the exact
row of a bad value) with the file's one decimal mark, dates in the column's one style,
dimensions as Categoricals that share one dtype per file, post IDs left in Arrow.
On the way out go fully blank rows and totals rows (see totals.py); a file's own
ratio columns are checked against the counts, its currencies against each other.

A decision taken on the first rows can turn out wrong further down (a `13/03/2025`
under a month-first guess, a `1.234,56` after nothing but `12,500`, a byte that is
not UTF-8 past the sniffed start): the decision is changed and the read starts over
(`_Restart`), so every row is read the same way; `read_all` clears what was summed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pyarrow as pa

from kpi_cli import arrow
from kpi_cli import compute as pc
from kpi_cli.arrow import bools, from_numpy, ints, seconds, to_numpy
from kpi_cli.columns import (
    DIMENSIONS,
    FOLLOWERS_LEVEL,
    NAMES,
    NOT_POSTS,
    POST_FIGURES,
    POST_ROW_FIGURES,
    REACH_DAYS,
    READ_ALONE,
    SCORE_COLUMNS,
    WHOLE_COUNTS,
    ZERO_FEES,
)
from kpi_cli.definitions import ENGAGEMENT_PARTS
from kpi_cli.errors import InputError, cell_error, quoted
from kpi_cli.frame import Codes, Frame, Ints, as_ints, copy_cell, floats, set_cells, zero_for_blank
from kpi_cli.frame import blank as blank_in
from kpi_cli.hashing import hash_text, mix, post_style, text_bytes
from kpi_cli.lazy import lazy_compile
from kpi_cli.read import dates as dt
from kpi_cli.read import numbers as nb
from kpi_cli.read import totals as tt
from kpi_cli.read.chunks import (
    BREAKDOWN,
    CURRENCY,
    DATE_END,
    FALLBACK,
    FIRST,
    LABEL,
    ORDER,
    PART,
    RAGGED,
    RATIO,
    RESULT_TYPE,
    STATUS,
    VOIDED,
    ChunkParser,
    fall_back,
    fallback_key,
    is_conversion_error,
    open_stream,
    read_error,
    release_memory,
    stop,
    stream_position,
    streamed,
    wanted_columns,
)
from kpi_cli.read.convert import Converted, Ready
from kpi_cli.read.labels import Categories, blank_to_null, value_key
from kpi_cli.read.mapping import COUNT_FALLBACKS, COUNT_ZERO_FALLS_BACK
from kpi_cli.read.numbers import DecimalMark
from kpi_cli.read.short import is_title
from kpi_cli.read.sniff import (
    PURCHASES,
    currency_cell,
    currency_code,
    refuse_months,
    resolve_currencies,
    settle_currency,
    title_of,
    unknown_currency,
)
from kpi_cli.read.source import Dropped, RatioCheck, Source
from kpi_cli.read.vocab import (
    counts_as_paid,
    counts_as_payment,
    counts_as_post,
    counts_as_sale,
    normalise,
    split_currency,
)
from kpi_cli.text import figure, printable

if TYPE_CHECKING:  # (imported by runs of several files only)
    from kpi_cli.read.overlap import Overlaps
    from kpi_cli.read.restates import Restated

Progress = Callable[[int], None]  # called with bytes read so far in the current file
_RESTARTS = 6  # decisions that can change mid-file (decimal, date order, encoding, typed path)


class _Restart(Exception):
    """Internal: a decision about the file changed after batches were handed on."""

    def __init__(self, source: Source) -> None:
        super().__init__(source.name)
        self.source = source


def _again_as_text(source: Source, key: str, arr: pa.Array) -> None:
    """Before an error quotes a cell of `key`: when the CSV reader or a worker made the
    column's cells numbers, read the file again with the column as text (`_Restart`), so
    that the error quotes the cell as written; else return, and the caller raises it."""
    if not pa.types.is_string(arr.type) and not source.keep_text:
        source.text_columns.add(key)
        source.keep_text = True
        raise _Restart(source) from None


def read_all(
    sources: list[Source],
    consume: Callable[[Frame], None],
    *,
    needed: set[str] | None = None,
    progress: Callable[[Source, int], None] | None = None,
    reset: Callable[[], None] | None = None,
    sums: tt.Sums | None = None,
    starting: Callable[[Source], None] | None = None,
) -> None:
    """Feed every batch of every input to `consume`; totals and blank rows left out.

    `reset` clears whatever `consume` accumulated, so a restart never counts a row twice.
    `sums` gives the column sums of what `consume` has taken so far: with it, rows with
    blank labels that equal the sum of all the others are found as totals (see totals.py).
    `starting` is told of each input before its first batch (its figures are what `consume`
    takes from then to the next one's start).
    """
    read = [s for s in sources if s.duplicate_of is None or s.options.allow_duplicates]
    try:
        for attempt in range(_RESTARTS + 1):
            headroom = _Headroom()  # over every file: their figures are added together
            restated, overlaps = _across(len(read))
            try:
                for at, source in enumerate(read):
                    _clear(source)
                    if starting is not None:
                        starting(source)
                    cb = (lambda n, s=source: progress(s, n)) if progress else None
                    held = tt.Held()
                    ends = [0, 0]  # the file's first and last data rows
                    take = _zeros_for_blanks(source, consume)
                    if restated is not None and restated.wanted(
                        source.size, [s.size for s in read[at + 1 :]]
                    ):
                        take = _counted(restated, source, take)
                    if overlaps is not None:
                        take = _watched(overlaps, source, take)
                    own = _own_sums(sums)  # a summary row sums its own file's rows, not all so far
                    rekeyed = _Rekeyed.of(source, take)
                    if rekeyed is not None:
                        take, own = rekeyed.take, rekeyed.sums(own)
                    for batch in _iter_source(source, needed, cb, held, ends, own, headroom):
                        take(batch)
                    _judge_held(source, held, take, own, (ends[0], ends[1]))
                    if rekeyed is not None:
                        rekeyed.flush()
                if read and all(s.all_left_out is not None for s in read):  # nothing at all to score
                    raise InputError(f"{read[0].name}: nothing to score: {read[0].all_left_out}")
                if restated is not None:
                    clash, doubts = restated.clash()
                    if clash is not None:
                        raise InputError(clash)
                    apart = restated.apart()
                    for each in read:
                        each.tab_doubt = doubts.get(each.name)
                        each.apart_from = apart.get(each.name, set())
                found = overlaps.found() if overlaps is not None else None
                if found is not None:
                    found.later.overlap = (
                        found.earlier.name, found.rows, found.name, found.several, found.ads
                    )  # fmt: skip
                moved = overlaps.reposted() if overlaps is not None else None
                if moved is not None:
                    moved.later.reposted = (moved.earlier.name, moved.posts, moved.post, moved.figures)
                return
            except _Restart as restart:
                if attempt == _RESTARTS or reset is None:
                    raise InputError(
                        f"{restart.source.name}: could not settle how to read the file"
                    ) from None
                reset()
    finally:
        stop(sources)  # a parser started early for a file never reached (an error before it)


def _across(files: int) -> tuple[Restated | None, Overlaps | None]:
    """What only a run of several files checks: a creator tab beside its post tab
    (restates.py), two downloads of one report (overlap.py)."""
    if files < 2:
        return None, None
    from kpi_cli.read.overlap import Overlaps
    from kpi_cli.read.restates import Restated

    return Restated(), Overlaps()


def _counted(restated: Restated, source: Source, consume: Callable[[Frame], None]) -> Callable[[Frame], None]:
    """`consume`, each frame counted by creator for the file first (see restates.py)."""
    restated.start(source.name)

    def take(frame: Frame) -> None:
        restated.add(frame)
        consume(frame)

    return take


def _watched(overlaps: Overlaps, source: Source, consume: Callable[[Frame], None]) -> Callable[[Frame], None]:
    """`consume`, each frame's campaigns and days noted for the file first (see overlap.py)."""
    overlaps.start(source)
    source.overlap = source.reposted = None

    def take(frame: Frame) -> None:
        overlaps.add(frame)
        consume(frame)

    return take


def _pair_columns(source: Source) -> tuple[str, str]:
    """The headers of a tracker's name column and its handle column, quoted (for errors)."""
    columns = source.columns
    named = columns.fallback("influencer")
    handled = columns.header(columns.index["influencer"])
    return quoted(named.text if named is not None else "name"), quoted(handled.text)


_UNPAIRED_ROWS = 50_000  # rows of names no row has paired with a handle yet, held (_Rekeyed)


class _Rekeyed:
    """`consume`, the rows whose handle is blank and whose name no row has paired with a
    handle yet (Source.unpaired) held back, and given to it at the file's end as the handle a
    later row pairs the name with (audit U-9: `Ava Late` on a blank handle in an earlier
    ~10 MB batch than every row pairing her with @ava.late was a creator of her own; on
    every breakdown, as the rows are held before anything is counted). Past _UNPAIRED_ROWS
    rows held, the names still unpaired are given up on: their rows are counted under the
    name, and a row pairing one later is refused (_Framer._learn_handles). The rows' sums
    stay in what a summary row is compared with (`sums`)."""

    def __init__(self, source: Source, consume: Callable[[Frame], None]) -> None:
        self.source = source
        self.consume = consume
        self.held: list[Frame] = []
        self.rows = 0
        self.summed: dict[str, float] = {}
        self._codes: dict[str, int] = {}  # each unpaired name's code (Categories)

    @classmethod
    def of(cls, source: Source, consume: Callable[[Frame], None]) -> _Rekeyed | None:
        """None for a file without a name column beside its handles (nothing to pair)."""
        if "influencer" not in source.columns.index or not source.columns.fallbacks("influencer"):
            return None
        return cls(source, consume)

    def sums(self, own: tt.Sums | None) -> tt.Sums | None:
        if own is None:
            return None

        def summed() -> dict[str, float]:
            out = dict(own())
            for col, value in self.summed.items():
                out[col] = out.get(col, 0) + value
            return out

        return summed

    def take(self, frame: Frame) -> None:
        names = self.source.unpaired
        if not names or "influencer" not in frame.columns:
            self.consume(frame)
            return
        column = frame["influencer"]
        assert isinstance(column, Codes)
        fresh = [name for name in names if name not in self._codes]
        if fresh:
            codes = self._categories().encode(pa.array(fresh, pa.string())).codes
            self._codes.update(zip(fresh, codes.tolist(), strict=True))
        hold = np.isin(column.codes, [c for c in (self._codes[name] for name in names) if c >= 0])
        if not hold.any():
            self.consume(frame)
            return
        kept = frame.take(hold)
        self.held.append(kept)
        self.rows += len(kept)
        _Framer._add_sums(self.summed, kept)
        if not hold.all():
            self.consume(frame.take(~hold))
        if self.rows > _UNPAIRED_ROWS:
            self.flush(give_up=True)

    def flush(self, give_up: bool = False) -> None:
        """Give the rows held to `consume`, each name a row has paired now as its handle."""
        source = self.source
        held, self.held, self.rows, self.summed = self.held, [], 0, {}
        known = source.name_handles
        paired = [name for name in source.unpaired if name in known]
        if held and paired:
            categories = self._categories()
            handles = categories.encode(pa.array([known[name] for name in paired], pa.string())).codes
            lookup = {
                self._codes[name]: code
                for name, code in zip(paired, handles.tolist(), strict=True)
                if self._codes.get(name, -1) >= 0 and code >= 0
            }
            for at, frame in enumerate(held):
                column = frame["influencer"]
                assert isinstance(column, Codes)
                codes = column.codes.copy()
                for old, new in lookup.items():
                    codes[column.codes == old] = new
                held[at] = frame.assign(influencer=Codes(codes, column.categories))
        for frame in held:
            self.consume(frame)
        if give_up:
            for name in source.unpaired:
                if name not in known:
                    source.given_up[name] = source.blank_names.get(name, 0)
        source.unpaired.clear()
        self._codes.clear()

    def _categories(self) -> Categories:
        categories = self.source.categories.get("influencer")
        if categories is None:
            raise AssertionError("a frame of creators without their dictionary")
        return categories


def _own_sums(sums: tt.Sums | None) -> tt.Sums | None:
    """`sums` of the rows taken from this file on: those taken before it is read, taken off.

    A second file's summary row (Meta's, with blank names) was compared with the sums of
    every file so far, so it never matched and was scored as data (spend $1,100 for $700)."""
    if sums is None:
        return None
    before = sums()

    def own() -> dict[str, float]:
        now = sums()
        return {col: value - before.get(col, 0) for col, value in now.items()}

    return own


def _zeros_for_blanks(source: Source, consume: Callable[[Frame], None]) -> Callable[[Frame], None]:
    """`consume`, given 0 for the blank figures of an export that leaves 0 blank (Meta's
    `blanks: zero`): a campaign without purchases spent its money all the same, and ROAS
    must count it. Rows held as possible totals are judged as written, before this."""
    match = source.columns.profile
    if match is None or not match.profile.blank_is_zero:
        return consume
    numeric = set(source.kind.numeric)

    def take(frame: Frame) -> None:
        blank = {
            c: zero_for_blank(frame[c]) for c in frame.columns if c in numeric and blank_in(frame[c]).any()
        }
        consume(frame.assign(**blank) if blank else frame)

    return take


def _clear(source: Source) -> None:
    """Forget what an earlier (abandoned) read of the file found."""
    source.rows = source.blank_rows = 0
    source.header_rows.clear()
    source.dropped.clear()
    source.not_sales.clear()
    source.all_left_out = None
    source.unknown_status.clear()
    source.stale_status.clear()
    source.head_status.clear()
    source.head_moved = 0
    source.handles_taken.clear()
    source.blank_names.clear()
    source.unpaired.clear()
    source.given_up.clear()
    source.clashes.clear()
    source.section_filled = 0
    source.section_titles.clear()
    source.section_columns.clear()
    source.ratio_checks.clear()
    source.categories.clear()
    source.merged_filled.clear()
    source.merged_count = source.merged_fees = 0


def _judge_held(
    source: Source,
    held: tt.Held,
    consume: Callable[[Frame], None],
    sums: tt.Sums | None,
    ends: tuple[int, int],
) -> None:
    released, held.released = held.released, None
    if released is not None:
        source.rows += len(released)
        consume(released)
    held.settle()
    if held.rows is not None:
        _judge_rows(source, held, consume, sums, ends)
    if held.foot_under:
        _check_foot(source, held)
    if sums is not None and held.stated:
        _check_stated(source, held, sums())
    if held.periods and held.days:
        _check_periods(source, held)


def _check_periods(source: Source, held: tt.Held) -> None:
    """A row over a period holding days that rows of the same names give one by one: the
    same spend counted twice (a whole-period export and a daily one in one file)."""
    import pandas as pd  # (files of rows over periods beside rows of days only)

    days = pd.concat(held.days).groupby("key").agg(lo=("lo", "min"), hi=("hi", "max"), row=("row", "min"))
    dropped = {d.row for d in source.dropped}  # a period row summing the days was left out already
    for key, start, end, row in held.periods:
        if key not in days.index or int(row) in dropped:
            continue
        lo, hi, first = days.loc[key, "lo"], days.loc[key, "hi"], int(days.loc[key, "row"])
        if start <= hi and end >= lo:
            name = next((part for part in str(key).split("\x1f") if part.strip()), "")
            named = f" ({quoted(printable(name))})" if name else ""
            span = f"{pd.Timestamp(start):%Y-%m-%d} to {pd.Timestamp(end):%Y-%m-%d}"
            raise InputError(
                f"{source.name}: row {int(row):,}{named} covers {span}, and rows of single days in that "
                f"period have the same names (row {first:,} on): a whole-period export and a daily one in "
                "one file count every figure twice; score one of them (a file each)"
            )


def _check_foot(source: Source, held: tt.Held) -> None:
    """Goal or statistic lines left out under a line with no name (_Framer._foot): that line is
    the table's total only if kpi left it out as one (its counts the sum of the rows above);
    else the lines under it are not at the foot of a total, and kpi cannot tell them from posts."""
    left = {d.row for d in source.dropped}
    for head, row, label in held.foot_under:
        if head not in left:
            raise InputError(
                f"{source.name}: row {row:,} ({quoted(printable(label))}) sits with no date under row "
                f"{head:,}, a row without a name that is not the sum of the rows above it: kpi cannot tell "
                "a goal or statistic line from a post; remove the lines under the table (goals, targets, "
                "statistics), or give the row its date if it is a post"
            )


def _check_stated(source: Source, held: tt.Held, sums: dict[str, float]) -> None:
    """The file's own total row against the rows kpi kept (see totals.contradicted): an
    error, never figures the file itself says are wrong."""
    labels = {d.row: d.label for d in source.dropped}
    # Rows left out by their figures (a summary row, held) were passed on: not data.
    by_figures = np.array(sorted(set(labels) - {row for row, _, _ in held.stated}), dtype=np.int64)
    stated = []
    for row, before, figures in held.stated:
        above = before - int(np.searchsorted(by_figures, row))
        under = held.passed - before - (len(by_figures) - int(np.searchsorted(by_figures, row)))
        # Under every row with a date, only undated lines under it (a `Stretch goal`, `Last year`):
        # the table's total all the same (audit T-4).
        foot = 0 <= held.last_dated < row
        stated.append((row, labels.get(row, ""), above <= 0 or under <= 0 or foot, figures))
    found = tt.contradicted(stated, sums)
    if found is None:
        return
    row, label, columns = found
    shown = sorted(columns, key=_SHOWN.index)[:2]
    says = " and ".join(f"{figure(columns[c][0])} {c.replace('_', ' ')}" for c in shown)
    gives = " and ".join(f"{figure(columns[c][1])} {c.replace('_', ' ')}" for c in shown)
    ratios = [columns[c][1] / columns[c][0] for c in columns]
    k = round(ratios[0])
    times = f" ({k}×)" if k >= 2 and all(abs(r - k) <= 0.01 * k for r in ratios) else ""
    named = f" ({quoted(printable(label))})" if label else ""
    raise InputError(
        f"{source.name}: row {row:,}{named} says {says}, but the rows kpi summed give {gives}{times}: "
        "some rows are not data (subtotals, a creator's or a campaign's summary line, notes with "
        "figures); remove them (Excel: Data › Subtotal › Remove All) or export the rows without them; "
        "if that total covers only the rows a filter showed, the rows are data: delete the total row"
    )


# The figures an error shows first: the audience reached, then what was paid.
_SHOWN = ("impressions", "spend", *(c for c in tt.SUMMED if c not in ("impressions", "spend")))


def _judge_rows(
    source: Source,
    held: tt.Held,
    consume: Callable[[Frame], None],
    sums: tt.Sums | None,
    ends: tuple[int, int],
) -> None:
    assert held.rows is not None
    if sums is None:
        data: Frame | None = held.rows.drop([tt.LABELLED])
    else:
        by_label = [d.row for d in source.dropped]
        found, data = held.judge(sums(), ends, source.rows + len(held.rows), by_label)
        if held.unsure is not None:
            row, k, label = held.unsure
            part = "half" if k == 2 else "a third"
            named = f" ({quoted(printable(label))})" if label else ""
            raise InputError(
                f"{source.name}: row {row:,}{named} holds {part} of every count of the rows above it: "
                "a grand total over subtotal rows kpi does not recognise (Excel's Data › Subtotal?); "
                "remove the subtotal and total rows (Data › Subtotal › Remove All), or export the rows "
                "without them"
            )
        for row, why in found:
            source.dropped.append(Dropped(row, held.worded.get(row, ""), why))
        source.dropped.sort(key=lambda d: d.row)
    held.rows = None
    if data is not None:
        source.rows += len(data)
        consume(data)


def _iter_source(
    source: Source,
    needed: set[str] | None,
    progress: Progress | None,
    held: tt.Held,
    ends: list[int],
    sums: tt.Sums | None = None,
    headroom: _Headroom | None = None,
) -> Iterator[Frame]:
    wanted = wanted_columns(source, needed)
    if not wanted:
        if source.kind is SCORE_COLUMNS:
            raise InputError(_nothing_to_score(source))
        return
    framer = _Framer(source, wanted, held, ends, sums, headroom or _Headroom(), _platform_of(source, needed))
    framer.not_posts = not_posts(source)
    if "followers" in wanted and account_days(source):
        framer.followers_level = FOLLOWERS_LEVEL_WHY
    elif "followers" in wanted and creator_days(source):
        framer.followers_level = _creators_level_why(source)
    elif "followers" in wanted and source.followers_change is not None:
        framer.followers_level = (
            f"the followers column is the account's followers on each row, beside their change "
            f"({quoted(source.followers_change)}): a level that adding up over the rows would "
            "multiply by the rows; divide the engagements by the followers of the last day"
        )
    if "reach" in wanted and (account_days(source) or creator_days(source)):
        framer.reach_days = _reach_days_why(source)
    elif "reach" in wanted and framer.not_posts is not None and _dated_rows(source):
        framer.reach_days = _reach_days_why(source, ads=True)
    framer.read_alone = next(
        (f"{h.role}:{h.alone}" for h in source.columns.headers if h.alone and h.role in wanted), None
    )
    if streamed(source):
        yield from _iter_stream(framer, progress, None)
    else:
        yield from _iter_chunks(framer, progress)
    framer.levels_found()
    framer.pivot_noted()
    framer.notes_dropped()
    framer.adjustments_checked()
    framer.gifts_noted()
    if framer.records == 0 or source.rows + held.count() == 0:
        if source.not_sales:  # rows there are, each left out for its status (audit HV-3)
            source.all_left_out = _all_left_out(source)  # said by score (a warning), or refused
            return
        if source.dropped:
            first = source.dropped[0]
            raise InputError(
                f"{source.name}: no data rows, only totals rows (row {first.row:,} {quoted(first.label)}); "
                "export the campaign with its rows (an export of a period without activity has none)"
            )
        raise InputError(f"{source.name}: the file has a header but no data rows; export it with its rows")


def _no_year(source: Source, header: str, value: str) -> str:
    """What to do about dates written without a year (TikTok Studio's `July 16`, `8 de marzo`)."""
    return (
        f"has no year{_whose(source)}, so kpi cannot tell which day it is; write each date of the column "
        f"with its year ({_with_year(value)}), or --map '{header}=ignore' to score without dates"
    )


def _whose(source: Source) -> str:
    match = source.columns.profile
    tiktok = match is not None and match.profile.id == "tiktok_studio"
    return " (TikTok Studio writes its dates so)" if tiktok else ""


def _with_year(value: str) -> str:
    day = dt.month_day(value)
    return f"2025-{day} for {value} of 2025" if day is not None else "e.g. 2025-03-31"


def yearless_dates(source: Source, by_date: bool = False) -> str:
    """The warning for a date column left unread for having no years (sniff._yearless), or
    with `by_date` the error of `--by date`, which cannot place a day without its year."""
    assert source.yearless is not None
    header, row, value = source.yearless
    if by_date:
        return (
            f"--by date: {source.name}, row {row:,}, column {quoted(header)}: value {quoted(value)} "
            f"has no year{_whose(source)}, so kpi cannot tell which day it is; write each date of the "
            f"column with its year ({_with_year(value)})"
        )
    return (
        f"{source.name}: the dates in {quoted(header)} have no year ({quoted(value)}, row {row:,}"
        f"{_whose(source).replace(' (', ', ').rstrip(')')}): scored without them, so no date range "
        f"and no --by date; to use them, write each date with its year ({_with_year(value)})"
    )


def _nothing_to_score(source: Source) -> str:
    """Why a file gives kpi nothing to score: the only columns it knows name the rows (a
    campaign) and none holds a figure, a post or a creator (audit A-1: a Google Ads Editor
    export, settings by campaign, crashed with "no rows were added")."""
    known = [h.text for h in source.columns.headers if h.role in source.columns.mapped]
    shown = ", ".join(repr(printable(h)) for h in known[:3])
    names = f"is {shown}, a name" if len(known) == 1 else f"are {shown}, names"
    match = source.columns.profile
    if match is not None and match.profile.id == "google_ads":
        fix = (
            "a Google Ads Editor export holds campaign settings, not results: download the report "
            "from Google Ads instead (Campaigns › Download › CSV)"
        )
    elif match is not None:
        fix = f"download the {match.profile.export} with its metric columns"
    else:
        fix = f"export the report with its metrics (e.g. {source.kind.example})"
    knows = f"the only column kpi knows {names}" if known else "kpi knows none of its columns"
    return (
        f"{source.name}: nothing to score: {knows}; no column holds figures "
        f"(impressions, views, likes, spend...), posts or creators; {fix}, or --map 'HEADER=impressions' "
        "for a column of figures"
    )


def _platform_of(source: Source, needed: set[str] | None) -> str | None:
    """The platform of every row of an export of one platform's (TikTok Ads, YouTube Studio)
    without a platform column, when the platform is needed: Meta + TikTok exports compare
    by platform as a tracker's Platform column does."""
    match = source.columns.profile
    platform = match.profile.platform if match is not None else None
    platform = platform or source.platform  # else told by the rows' links (Meta Business Suite)
    if platform is None or "platform" in source.columns.mapped:
        return None
    if needed is not None and "platform" not in needed:
        return None
    return platform  # said by `recognised as TikTok Ads Manager export`


# The profile of an influencer platform's payments or incentives (profiles/influencer_payments.yaml):
# its status and type columns tell which rows were paid (vocab.counts_as_paid, counts_as_payment).
PAYMENTS = "influencer_payments"


def not_posts(source: Source) -> str | None:
    """Why the file's rows are not posts, or None when they are (or its posts are counted by
    post ID or a posts column). Its rows then add no posts: Posts counts another file's, or
    has no figure (SPEC counts a row without a post ID as a post, for a tracker's rows).

    Not posts: the rows of an export whose profile says so (an ads manager's campaigns, ad
    sets, ads or days; a YouTube Studio tab of days or traffic sources: `not_posts` in its
    YAML); an ID column such an export has that its profile does not list (Google Ads'
    `Video ID`: the video an ad runs) is not read as post IDs (sniff._ids_of_no_post).
    A file with a post-ID header kpi left unread (YouTube's `Content` of small
    numbers, `--map 'Content=ignore'`) is still one of posts: a row each.

    Then the rows of a file with none of a post's figures (fees or invoices by creator, a
    shop's sales or orders, a site's visits by day; audit c #6, w #1) and no format column,
    unless a header kpi does not read holds figures (a tracker's `Weergaven`, in a language
    kpi does not read); and of a file of one row a day with nothing that names a post: no
    post ID, creator, campaign, format or title, no text kpi does not read that differs
    from row to row, and a date that is not a post's (`Date`, not `Post date`): an
    account's daily series (TikTok Studio's Overview, YouTube's Chart data, Meta Business
    Suite's Reach; audit A-2)."""
    mapped = source.columns.mapped
    if source.kind is not SCORE_COLUMNS or "post_id" in mapped or "posts" in mapped:
        return None
    if source.preamble and sorted(normalise(h) for h in source.headers) == ["date", "primary"]:
        # Meta Business Suite's Insights series (a title line over `Date,Primary`) is one row a
        # day of the account, whatever figure its title names (verify A V-2: profile visits,
        # visits, follows were 28 posts)
        return "no post IDs: a Meta Business Suite series (a title over Date, Primary) is the account's days"
    match = source.columns.profile
    if match is not None and match.profile.not_posts:
        roles = match.profile.roles
        keys = (normalise(split_currency(h.text)[0]) for h in source.columns.headers)
        if not any(r.role == "post_id" for key in keys for r in roles.get(key, ())):
            return f"no post IDs: {match.profile.not_posts}"
    figures = {c for c in mapped if c in source.kind.numeric}
    unread = set(source.unread.values())
    if figures and not figures & POST_FIGURES and "format" not in mapped and "figures" not in unread:
        # Audit c #6, audit w #1: fees or invoices by creator, a shop's sales or a site's
        # visits by day beside a roster of posts were a post a row. A row with a format
        # (`Reel`, `Story`) is a deliverable: a post, whatever its figures.
        return "no post IDs: rows without reach, views or interactions (fees, sales, visits) are not posts"
    if figures and "spend" in mapped and _campaign_days(source):
        # Audit H-6: an ads manager kpi has no profile of (Reddit Ads), one row a day of each
        # campaign: each campaign-day was a post ($42.50 a post, "excellent").
        return (
            "no post IDs: one row a day of each campaign, with spend, and nothing naming a post (no "
            "post ID, creator or title): the rows are campaigns' days, not posts"
        )
    interactions = {"likes", "comments", "shares", "saves", "engagements"}  # a tracker's posts have them
    if (
        figures
        and "spend" in mapped
        and "campaign" in mapped
        and "date" not in mapped
        and not figures & interactions
        and not _named(source)
    ):
        # Sweep D tp_campaign_words: `Campaign,Impressions,Clicks,Amount Spent`, an ads manager's
        # campaigns (Reach, Traffic, Conversions) without dates, were 3 posts at $6 "excellent"
        # once no profile claimed the file.
        return (
            "no post IDs: rows named by a campaign alone, with spend, and nothing naming a post (no "
            "post ID, creator or title): the rows are campaigns, not posts"
        )
    # a figure left unread as a running total (Social Blade's `Views`; audit P-1) is one too,
    # and so is a file of days whose figures kpi reads none of (audit R-3: Facebook Insights'
    # legacy Page export, `Daily Total Reach`, `Weekly Total Reach`, …, and LinkedIn's creator
    # FOLLOWERS sheet, `Date,New followers`: 3 and 4 days were as many posts)
    left = any(h.role is None and h.feeds in source.kind.numeric for h in source.columns.headers)
    if (figures or left or set(mapped) <= {"date"}) and account_days(source):
        # Audit A-2: TikTok Studio's Overview, YouTube's Chart data by date, Meta Business
        # Suite's Reach.csv are one row a day of a whole account: each day was a post.
        return (
            "no post IDs: one row a day and nothing naming a post (no post ID, creator, campaign "
            "or title): the rows are days of the account, not posts"
        )
    if source.followers_change is not None:
        # quintly's `Time, Profile, Followers, Followers Change, ...` without a date kpi reads:
        # each row the account's followers on a day and their change (audit P-2: 4 posts)
        return (
            f"no post IDs: each row is the account's followers and their change "
            f"({quoted(source.followers_change)}) over a day or period, not a post"
        )
    return None


def _left_out(source: Source, lines: Iterable[Dropped]) -> None:
    """Say the lines of text among the rows the reader made blank rows (short.TITLE): as
    titles left out, not among the blank rows counted (frames counts them so as it reads)."""
    lines = list(lines)
    source.dropped += lines
    source.dropped.sort(key=lambda d: d.row)
    source.blank_rows -= len(lines)


def _no_date(frame: Frame) -> np.ndarray:
    """Which of the frame's rows have no date (every row, without a date column)."""
    dates = np.asarray(frame["date"]) if "date" in frame.columns else None
    if dates is None or not np.issubdtype(dates.dtype, np.datetime64):
        return np.ones(len(frame), dtype=bool)
    return np.isnat(dates)


def account_days(source: Source) -> bool:
    """Whether the file is one row a day of an account with nothing that names a post: no
    post ID, creator, campaign, format or title, no text kpi does not read that differs from
    row to row, and a date that is not a post's (`Date`, not `Post date`). A column counting
    each day's posts (Metricool's `Posts`, Sprout's `Published Posts`) may be there."""
    mapped = source.columns.mapped
    if source.kind is not SCORE_COLUMNS or "post_id" in mapped:
        return False
    date = mapped.get("date") or (source.yearless[0] if source.yearless else None)
    return (
        date is not None
        and source.one_a_day
        and "campaign" not in mapped
        and not _named(source)
        and not _POST_DATE.search(normalise(date))
    )


def creator_days(source: Source) -> bool:
    """Whether the file is one row a day of each of its creators or profiles, rows that are no
    posts: quintly's daily export of several profiles (`time, profile, followers,
    postsChange`), one row per profile and day (audit P-2). Told by a dated file without post
    IDs whose rows count their posts (a posts column) or whose profile says they are no
    posts, and where each creator's dates are a daily series. A tracker's posts, one a day
    per creator, have no posts column: they stay posts, each with the creator's followers."""
    mapped = source.columns.mapped
    if source.kind is not SCORE_COLUMNS or "post_id" in mapped or "influencer" not in mapped:
        return False
    match = source.columns.profile
    days = (
        "posts" in mapped
        or (match is not None and match.profile.not_posts is not None)
        or _profile_column(source)
    )
    date = mapped.get("date")
    return days and date is not None and source.creator_days and not _POST_DATE.search(normalise(date))


def _profile_column(source: Source) -> bool:
    """Whether the creator is read from a `Profile` column (a brand's page or account in a
    social analytics tool's export: Fanpage Karma, Emplifi, Socialinsider, quintly), not a
    creator's name or handle: a file of days of such profiles is their days, not posts."""
    header = source.columns.mapped.get("influencer")
    return header is not None and normalise(header) in _PROFILE_HEADERS


_PROFILE_HEADERS = frozenset({"profile", "profilename"})


def _creators_level_why(source: Source) -> str:
    """Why the followers of several profiles' days are not added up: each profile's level
    on each day, named (the profiles the sniffed rows hold)."""
    if len(source.creators) == 1:
        return FOLLOWERS_LEVEL_WHY.replace("the account's", f"{source.creators[0]}'s")
    names = ", ".join(source.creators[:5]) + (", ..." if len(source.creators) > 5 else "")
    return (
        f"the followers column is each profile's followers on each day ({names}), a level that "
        "adding up over days and profiles would multiply by the days; divide each profile's "
        "engagements by its followers of the last day"
    )


def _named(source: Source) -> bool:
    """Whether anything but a campaign, platform or date names the file's rows (a creator, a
    format, a title, a row label, text kpi does not read that differs from row to row)."""
    named = set(source.columns.mapped) - {"date", "platform", "campaign"} - set(source.kind.numeric)
    if _profile_column(source) and len(source.creators) == 1:
        named.discard("influencer")  # one profile's days (`Date, Profile, Followers`): its days
    return (
        bool(named)
        or any(h.role == "label" for h in source.columns.headers)
        or "names" in set(source.unread.values())
    )


def _campaign_days(source: Source) -> bool:
    """Whether the file is one row a day of each campaign with nothing else naming a row."""
    date = source.columns.mapped.get("date")
    return (
        date is not None
        and source.campaign_days
        and not _named(source)
        and not _POST_DATE.search(normalise(date))
    )


# Why an account's followers by day are not added up (audit H-2: Metricool's `Followers`,
# 2,345 + 2,354 + 2,360 = 7,059, divided a week's interactions into 2.05 % "fair").
FOLLOWERS_LEVEL_WHY = (
    "the followers column is the account's followers on each day, a level that adding up over "
    "days would multiply by the days; divide the engagements by the followers of the last day"
)


def _reach_days_why(source: Source, ads: bool = False) -> str:
    """Why the reach of an account's days is not added up over days: each day's distinct people
    (Pinterest Analytics' `Total audience`, "the total number of people who have seen or engaged
    with your Pins"; Meta Business Suite's daily `Facebook reach`; Twitch's `Unique Viewers`). A
    person reached on three days is in each day's figure, so 8,000 + 7,000 + 6,000 is no reach of
    the three days (it may be 9,000), nor impressions / that sum their frequency.

    `ads`: an ads manager's rows of days (or weeks, months) of campaigns, ad sets or ads
    (_dated_rows): Meta Ads Manager by day gave reach 3,100 for 1,000, 1,200 and 900 people."""
    head = source.columns.headers[source.columns.index["reach"]]
    title = title_of(source, head)  # Meta's `Primary` under `Facebook reach`
    shown = quoted(head.text) if title is None else f"{quoted(head.text)} ({quoted(title)})"
    if ads:
        date = quoted(source.columns.mapped["date"])
        return (
            f"{shown} is the people reached in each row's day or period ({date}): added up over "
            "several it counts a person again for every one they were reached in, so it is no reach "
            "of them together; export the whole date range as one report, without a breakdown by day "
            "or month, or see each day's with --by date"
        )
    return (
        f"{shown} is the people reached on each day: added up over days it counts a person "
        "again for every day they were reached, so it is no reach of the period; export the reach "
        "of the whole date range (one figure, not by day), or see each day's with --by date"
    )


def _dated_rows(source: Source) -> bool:
    """Whether the rows of a file of no posts (an ads manager's campaigns, ad sets or ads: see
    not_posts) are dated by the day or period of their figures (Meta's `Day` or `Reporting
    starts`, TikTok's `By Day`, Google Ads' `Day`, LinkedIn's `Start Date (in UTC)`), not by a
    post's date (`Video publish time`). Their reach is then each day's people: rows of several
    days are not added up (kpis._of_days), while a whole-period export, every row of one date,
    adds up its campaigns as before."""
    date = source.columns.mapped.get("date")
    return date is not None and not _POST_DATE.search(normalise(date))


# The date of a post, not of a day's figures: `Post date`, `Published`, `Created time`,
# `Veröffentlichungsdatum`, `Fecha de publicación`, `Date de publication`.
_POST_DATE = lazy_compile(r"post|publi|veroffentlich|creat|upload|erstell|envoi|sent")


def _iter_stream(framer: _Framer, progress: Progress | None, offset: int | None) -> Iterator[Frame]:
    """The single-threaded streaming reader: for UTF-16 files, and the rest of a file whose
    quotes the chunked reader cannot follow."""
    source, wanted = framer.source, framer.wanted
    start_records = framer.records
    while True:
        framer.records = start_records
        yielded = 0
        titles: list[Dropped] | None = [] if source.pad_lines else None
        try:
            row = source.first_row + start_records  # the row of the record at `offset`
            reader = open_stream(source, wanted, source.fast, offset, titles, row)
            for record_batch in reader:
                frame = framer.frame(record_batch)
                if progress is not None:
                    progress((offset or source.data_offset) + stream_position(reader, source))
                yielded += 1
                if frame is not None:
                    yield frame
            if titles:  # lines of text left out, made blank rows (chunks._Padded)
                _left_out(source, titles)
            break
        except pa.ArrowInvalid as exc:
            typed = source.fast
            if not source.pad_lines and RAGGED.search(str(exc)):
                # A line short of cells (Excel's row without its trailing empty cells, `April
                # 2025`): read again with such lines judged (short.judge) before the reader
                # sees them; from the file's start once rows were handed on.
                source.pad_lines = True
                if yielded == 0:
                    continue
                raise _Restart(source) from None
            if typed and is_conversion_error(exc) and yielded == 0 and fall_back(source, wanted, exc):
                continue  # that column's text is parsed here, from the start
            if typed and is_conversion_error(exc) and yielded:
                # Already handed batches on: start over on the text path.
                source.fast = False
                raise _Restart(source) from None
            _not_utf8(source, exc)
            raise read_error(source, exc) from None
        except UnicodeDecodeError as exc:
            _not_utf8(source, exc)
            raise read_error(source, exc) from None


RELEASE_PAST = 256 << 20  # bytes of a file read before each chunk's memory is handed back


def _iter_chunks(framer: _Framer, progress: Progress | None) -> Iterator[Frame]:
    """Frames of the chunks a ChunkParser parses ahead (the one `start` began, if it fits)."""
    source, wanted = framer.source, framer.wanted
    parser, source.parser = source.parser, None
    if parser is not None and not parser.reads(wanted, source.fast):
        parser.close()
        parser = None
    try:
        with parser or ChunkParser(source, wanted, source.fast) as chunks:
            for end, record_batch, converted, text_lines in chunks:
                frame = framer.frame(record_batch, converted, text_lines)
                if progress is not None:
                    progress(end)
                if frame is not None:
                    yield frame
                del frame, record_batch, converted  # not held while the next chunk is awaited
                # Arrow keeps a chunk's memory for reuse; handed back now, it is not in the
                # peak (10M rows: 40 MB less, for 2 ms a 14 MB chunk). Not in a file's first
                # RELEASE_PAST bytes: there kpi's own memory is still small, and the next chunks
                # reuse Arrow's (handed back, it is zeroed by the kernel again when taken).
                if end > RELEASE_PAST:
                    release_memory()
    except InputError as exc:
        if exc.__cause__ is not None:
            _not_utf8(source, exc.__cause__)
        raise
    release_memory(file_done=True)
    if chunks.rest is not None:
        rest = None if chunks.rest < 0 else chunks.rest
        yield from _iter_stream(framer, progress, rest)


def _not_utf8(source: Source, exc: BaseException) -> None:
    """A byte that is not UTF-8 past the part sniffed: read the file as Windows-1252 (or
    -1250, or Mac Roman) instead."""
    text = str(exc)
    if source.encoding not in ("utf-8", "utf-8-sig"):
        return
    if "UTF8" not in text and not isinstance(exc, UnicodeDecodeError):
        return
    source.refuse_shift_jis()
    if not source.has_utf8_characters():
        source.encoding, why = source.ansi_code_page()
        source.encoding_note = f"not UTF-8 further down; {why}"
        raise _Restart(source) from None


class _Above(NamedTuple):
    """The data rows above each row of a batch, for its subtotal passes: the sums before the
    batch, each column's running sum of the batch's data rows, the count of data rows before
    each row, which rows are data, which have no date, and the money columns written without
    cents so far."""

    before: dict[str, float]
    running: dict[str, np.ndarray]
    rows_before: np.ndarray
    data: np.ndarray
    undated_row: np.ndarray
    whole: set[str]


class _Framer:
    """Turns one file's record batches into frames, counting records as it goes."""

    def __init__(
        self,
        source: Source,
        wanted: dict[str, str],
        held: tt.Held,
        ends: list[int],
        sums: tt.Sums | None,
        headroom: _Headroom,
        platform: str | None = None,
    ) -> None:
        self.source = source
        self.headroom = headroom
        self.wanted = wanted
        self.held = held
        self.ends = ends  # first and last rows kept so far
        self.sums = sums  # what has been summed so far (None: no subtotals by sum)
        self.same_pairs: set[tuple[str, str]] = set()  # (name, handle) that _clashing found one creator's
        self.segment: dict[str, float] = {}  # the sums at the last subtotal row found
        self.segment_rows = 0  # ... and the data rows summed by then
        self.subtotal_blocks = 0  # blank-label subtotal rows found so far
        self.batch_rows: np.ndarray | None = None  # the spreadsheet rows of the batch's rows kept
        self.section: dict[str, str | None] = {}  # the last section title of each text column (_titles)
        self.records_summed = 0  # data rows handed on so far
        # the figures and count of the blank-label rows handed on after their own batch left
        # them out of its sums, as not data (totals.Held.offer's rest): see _summed
        self.offered: dict[str, float] = {}
        self.offered_rows = 0
        self.dated = False  # a row with a date seen: rows without one may be summary lines
        self.spans = DATE_END in wanted and "date" in wanted  # rows over periods (Meta's): _periods
        self.records = 0  # data records parsed so far: the row numbers of the next batch follow them
        self.platform = platform  # every row's platform, for an export of one (_platform_of)
        self.not_posts: str | None = None  # why the rows are not posts, when they are not (not_posts)
        self.followers_level: str | None = None  # why its followers are not summed (account_days)
        self.reach_days: str | None = None  # why its days' reach is not summed (account_days, _dated_rows)
        self.read_alone: str | None = None  # `column:note` of a header read for want of others
        self.counted: set[str] = set()  # figure columns that had a number in an earlier batch
        match = source.columns.profile
        self.extra = match.profile.totals if match is not None else ()
        dims = {"campaign", "influencer", "post_id", "platform", "format", "tier", "client"}
        self.labels = [k for k in wanted if k in dims or k.startswith(LABEL)]
        # Text columns encoded once per batch, as Categoricals (post IDs stay Arrow text).
        self.coded = [k for k in wanted if k in source.kind.named or k == CURRENCY]
        # label column -> (values seen, totals among them, the values seen through totals.subtotal_key)
        self.label_words: dict[str, tuple[set[str], set[str], set[str]]] = {}
        self.label_weak: dict[str, set[str]] = {}  # label column -> its values among totals.WORDS
        self.worded: np.ndarray | None = None  # the batch's rows labelled by totals.WORDS (_words)
        # row -> (word, header) of rows with a totals word beside a name (`@cara,Subtotal`): each
        # is checked by its figures (_subtotals), then forgotten.
        self.marked: dict[int, tuple[str, str]] = {}
        # A pivot table's (a value field `Sum of Impressions`): its subtotals may sit at the top of
        # their groups, and its row labels are written once per group (_pivot_rows).
        self.pivot = any(
            (h.via == "pivot table" and h.used) or h.text.strip().casefold() in _ROW_LABELS
            for h in source.columns.headers
        )
        # A list of posts, each dated and with its link: a row of neither heading the posts under
        # it with their sums is a creator's summary (_group_tops).
        self.post_list = not self.pivot and "post_id" in wanted and "date" in wanted
        self.closing: dict[int, str] = {}  # row -> label of the batch's subtotal lines (`@anna Total`)
        self.pivot_filled: dict[str, list[tuple[int, str]]] = {}  # label column -> (row, name) filled
        # Where totals labels sit: the columns that name rows, and the date column. Post IDs
        # (nearly all distinct) are scanned whole when they open the row, as YouTube's do;
        # elsewhere only their short cells (_short_post_totals): `Total` typed left of the
        # first sum, or YouTube's `Total` with the columns moved (audit Y).
        self.checked = list(self.labels)
        self.checked += [k for k in (FIRST, "date") if k in wanted]
        # A summary row may keep its dates (Meta's keeps the reporting period); with no
        # column of names at all, a blank date is what sets it apart.
        self.blank_labels = self.labels or (["date"] if "date" in wanted else [])
        self.pending: list[tuple[int, str, Frame]] = []  # possible notes under the table
        self.levels = _Levels.of(source, wanted)
        self.merged = _Merged.of(source, wanted)
        self.figures_at = -1  # see _notes
        self.note_texts: dict[int, str] = {}
        self.note_whys: dict[int, str] = {}  # row -> why, for a note that is not prose (_notes)
        # Conversions below 0 on a row (adjustments): (row, header, cell) of the first, how
        # many, and the column's total so far (see _not_negative, adjustments_checked).
        self.adjusted: tuple[int, str, str] | None = None
        self.adjusted_rows = 0
        self.conversions_total = 0.0
        # An affiliate network's orders so far: order ID -> (its sale amounts, counted) (_orders)
        self.orders: dict[str, tuple[float, bool]] = {}
        # A fee written `Gifted`, `Free`, `Product only`: (row, header, cell) of the first, and
        # how many (see _gifted, gifts_noted).
        self.gifted: tuple[int, str, str] | None = None
        self.gifted_rows = 0
        # The file's totals or average line left out by its label (row, label) while no row of
        # figures has come after it, and the goal and statistic lines left out under it (_foot).
        self.foot_head: tuple[int, str] | None = None
        self.foot: list[tuple[int, str]] = []
        # label column -> (its values looked at, the codes of goal and statistic words among them)
        self.foot_codes: dict[str, tuple[int, list[int]]] = {}

    def frame(
        self, batch: pa.RecordBatch, converted: Converted | None = None, text_lines: tuple[Dropped, ...] = ()
    ) -> Frame | None:
        """The batch's rows kpi counts, as a frame indexed by spreadsheet row; None if none.

        Text columns are encoded once (Categories), and a value is checked for reading as
        a totals label the first time the file shows it: rows are dropped from the frame
        only when there is something to drop, which most batches of most files never have.
        `text_lines`: lines of text among the rows (`April 2025` alone on its line), which the
        chunk reader made blank rows (chunks._padded): left out with the blank ones, said
        as titles."""
        source = self.source
        first_row = source.first_row + self.records
        if text_lines:  # each named by its record in the chunk (chunks._padded): a row as errors name it
            _left_out(source, [line._replace(row=first_row + line.row) for line in text_lines])
        self.records += batch.num_rows
        n = batch.num_rows
        if n == 0:
            return None
        if self.merged is not None:
            self.merged.look(batch, first_row)
        titles, sections = self._titles(batch, first_row)
        months = self._month_titles(batch, first_row)
        if months is not None:
            titles = months if titles is None else titles | months
        coded = {
            key: self._categories(key).encode(
                sections[key] if key in sections else self._text(batch, key, converted)
            )
            for key in self.coded
        }
        drop = self._totals(batch, coded, first_row)
        repeated = self._header_rows(batch, first_row)
        if repeated is not None:  # `cat a.csv b.csv`: the second file's header, mid-file
            drop = repeated if drop is None else drop | repeated
        by_label = drop  # rows dropped by their label: their figures are checked (_state)
        drop = self._not_sales(batch, first_row, drop)
        drop = self._restated(first_row, n, drop)
        blank = self._blank(batch)
        if blank is not None:
            blank &= ~drop if drop is not None else True
            source.blank_rows += int(blank.sum())
            drop = blank if drop is None else drop | blank
        if titles is not None:
            titles &= ~drop if drop is not None else True
            drop = titles if drop is None else drop | titles
        counted = drop  # the rows passed on, the goal lines under the total among them (_check_stated)
        candidates = self._candidates(batch, coded)
        foot = self._foot(batch, coded, first_row, drop, candidates)
        if foot is not None:
            drop = foot if drop is None else drop | foot
        notes = self._notes(batch, drop, first_row)
        if self.levels is not None:
            self.levels.add(batch, first_row, drop)
        if by_label is not None and self.sums is not None:
            assert counted is not None
            self._state(batch, by_label, counted, first_row)
        self.held.passed += n if counted is None else n - int(counted.sum())
        if drop is not None and drop.all():
            return None
        if self.worded is not None and self.sums is not None:  # `Razem`: judged by where it sits
            candidates = self.worded if candidates is None else candidates | self.worded
        if candidates is not None and notes is not None:
            candidates &= ~notes
        index = np.arange(first_row, first_row + n, dtype=np.int64)
        if converted is not None and converted.stale(source):
            raise _Restart(source)
        whole = drop is None  # a worker's conversions are of every row
        if drop is not None:  # only numbers and dates of the rows kept are parsed
            keep = ~drop
            batch = pc.filter(batch, from_numpy(keep))
            coded = {key: values.take(keep) for key, values in coded.items()}
            index = index[keep]
            candidates = None if candidates is None else candidates[keep]
        try:
            frame = self._columns(batch, index, coded, candidates, converted, whole)
        except InputError as exc:
            self._second_header(batch, index, exc)
            self._goal_line(batch, coded, index, exc)
            raise
        if self.merged is not None:
            before = len(frame)
            frame = self.merged.fees(frame)
            if candidates is not None and len(frame) != before:
                candidates = candidates[np.isin(index, frame.rows)]
        frame, candidates = self._hold_notes(frame, candidates, notes)
        if self.pivot and len(frame):
            self.batch_rows = index
            frame, candidates = self._pivot_rows(frame, candidates, batch)
        elif self.post_list and len(frame):
            self.batch_rows = index
            frame, candidates = self._group_tops(frame, candidates, batch)
        if not len(frame):
            return None
        first_of_file = not self.ends[0]
        if first_of_file:
            self.ends[0] = int(frame.rows[0])
        self.ends[1] = int(frame.rows[-1])
        if self.spans and self.labels:
            self._periods(frame, batch, candidates)
        undated = self._undated(frame, candidates)
        if "date" in frame.columns:  # the last row with a date: a total under it is the table's
            dates = np.asarray(frame["date"])
            if np.issubdtype(dates.dtype, np.datetime64) and (~np.isnat(dates)).any():
                self.held.last_dated = int(frame.rows[np.flatnonzero(~np.isnat(dates))[-1]])
        marked = self._marked(frame, candidates, undated, batch, index)
        if self.sums is not None and (
            undated is not None or marked is not None or (candidates is not None and candidates.any())
        ):
            blank = np.zeros(len(frame), dtype=bool) if candidates is None else candidates
            self.batch_rows = index
            subtotals = self._subtotals(frame, blank, undated, batch, marked)
            if subtotals is not None:
                frame = frame.take(~subtotals)
                candidates = None if candidates is None else candidates[~subtotals]
        if candidates is not None and candidates.any():
            rest = self.held.offer(frame.take(candidates))
            frame = frame.take(~candidates)
            if rest is not None:
                unsummed = rest.take(_no_date(rest))  # (the dated ones were summed as posts: _summed)
                self._add_sums(self.offered, unsummed)
                self.offered_rows += len(unsummed)
                frame = tt.concat([frame, rest])
        if self.sums is not None and len(frame):
            # The file's first row and its last (each batch's, until the next comes) are held
            # too, labels or not: a totals row labelled in words no list has (`Campaign total`,
            # `Overall`, `All`) still sums the others (see totals.Held.judge). Slices, not masks:
            # the batch's frame is not copied.
            held = self.held
            held.observe(frame)
            if first_of_file and len(frame) > 1:
                held.first, frame = frame.take(np.arange(1)), frame.slice(1, len(frame))
                held.named |= self._named(batch, index, held.first.rows)
            held.release()
            # The held rows are taken by position, not sliced: a slice of an Arrow column (the
            # post IDs) keeps the whole batch's buffers alive, and these rows are kept to the
            # file's end (+50 MB at 3M rows). The rest is passed on at once: sliced.
            cut = max(len(frame) - tt.TAIL, 0)
            held.last, frame = frame.take(np.arange(cut, len(frame))), frame.slice(0, cut)
            held.named |= self._named(batch, index, held.last.rows)
        self.records_summed += len(frame)
        source.rows += len(frame)
        return frame if len(frame) else None

    def _text(self, batch: pa.RecordBatch, key: str, converted: Converted | None = None) -> pa.Array:
        """A text column's cells; a blank one takes the cell of the column it falls back on
        (chunks.FALLBACK: a blank Handle, the row's Creator), else of the next one (a blank
        Instagram Handle, the TikTok Handle, then the YouTube Handle). `converted`: a
        worker's, with the column dictionary-encoded as it stands (convert.Converted.encoded)."""
        cells = batch.column(self.wanted[key])
        if self.merged is not None:
            cells = self.merged.filled(key, cells)
        others: list[str] = []
        while (other := self.wanted.get(fallback_key(key, len(others)))) is not None:
            others.append(other)
        if not others:
            if key == "influencer" and self.source.run_handles:
                return self._run_handles(cells)
            if self.merged is None and converted is not None and key in converted.encoded:
                return converted.encoded[key]  # these cells, encoded by the worker that parsed them
            return cells
        # (as text: it casts a dictionary's cells)
        names = pc.coalesce(*(blank_to_null(batch.column(other)) for other in others))
        handles = blank_to_null(cells)
        if key != "influencer" or names.null_count == len(names):
            return pc.coalesce(handles, names)
        first_row = self.source.first_row + self.records - batch.num_rows
        self._learn_handles(handles, names, first_row)
        known = self.source.name_handles
        if known:  # a name whose handle another row gives is that handle (`Mia Rossi`: @mia)
            at = pc.index_in(names, value_set=pa.array(list(known), pa.string()))
            paired = pc.take(pa.array(list(known.values()), pa.string()), at)
            self._clashing(handles, names, paired, first_row)
            self._blank_handles(handles, names, first_row)
            return pc.coalesce(handles, paired, names)
        self._blank_handles(handles, names, first_row)
        return pc.coalesce(handles, names)

    def _learn_handles(self, handles: pa.Array, names: pa.Array, first_row: int) -> None:
        """Pair each name with its handle where a row of the batch has both, beside the pairs
        of the sniffed rows (sniff._name_handles): a creator first met past them, whose post
        with a blank handle was a second creator by name (audit U-9: 12 creators for 11, and
        `Ava Late` 1 post beside `@ava.late` 3). A name paired before keeps its handle (a
        second one is _clashing's). Rows of a name read on a blank handle before any row paired
        it are held (_Rekeyed); a name given up on (its rows counted as a creator by that
        name) that a row now pairs is refused: its figures are split between two creators."""
        both = pc.and_(pc.is_valid(handles), pc.is_valid(names))
        if not pc.any(both).as_py():
            return
        encoded = pc.dictionary_encode(pc.filter(names, both))  # (the batch's names, once each)
        words = encoded.dictionary.to_pylist()
        source = self.source
        known = source.name_handles
        fresh = np.array([i for i, word in enumerate(words) if word not in known], dtype=np.int64)
        if not len(fresh):
            return
        _, first = np.unique(to_numpy(encoded.indices), return_index=True)  # each name's first row
        taken = pc.take(pc.filter(handles, both), from_numpy(first[fresh])).to_pylist()
        for i, handle in zip(fresh, taken, strict=True):
            name = words[int(i)]
            known.setdefault(name, handle)
            if name in source.given_up:
                row = first_row + int(np.flatnonzero(bools(both))[first[i]])
                named, handled = _pair_columns(source)
                raise InputError(
                    f"{source.name}: row {row:,} gives {quoted(printable(name))} (column {named}) the "
                    f"handle {quoted(printable(handle))} (column {handled}), but rows from "
                    f"{source.given_up[name]:,} on with that name and a blank handle were counted as a "
                    f"creator of their own ({_UNPAIRED_ROWS:,} rows waited for a handle first): fill in "
                    "the handle on those rows"
                )

    def _clashing(self, handles: pa.Array, names: pa.Array, paired: pa.Array, first_row: int) -> None:
        """Names a row pairs with another handle than the one kpi pairs them with (`Alex`:
        @alex.k and @alex.m): two creators of one name, and a row with that name and no
        handle is either's. Such a row is refused, wherever it comes (_blank_handles)."""
        other = pc.fill_null(pc.not_equal(handles, paired), False)
        if not pc.any(other).as_py():
            return
        source = self.source
        at = np.flatnonzero(bools(other))
        taken = from_numpy(at)
        pairs = zip(pc.take(names, taken).to_pylist(), pc.take(handles, taken).to_pylist(), strict=True)
        for i, pair in zip(at.tolist(), pairs, strict=True):
            if pair in self.same_pairs:
                continue
            self.same_pairs.add(pair)
            name, handle = pair
            if name in source.clashes or value_key("influencer", handle) == value_key(
                "influencer", source.name_handles[name]
            ):
                continue  # (`@Ava` beside `@ava`: one creator)
            source.clashes[name] = (handle, first_row + i)
            if name in source.blank_names:
                self._refuse_clash(name, source.blank_names[name])

    def _refuse_clash(self, name: str, blank_row: int) -> None:
        source = self.source
        handle, row = source.clashes[name]
        named, handled = _pair_columns(source)
        raise InputError(
            f"{source.name}: row {blank_row:,}, column {handled}: blank, and its name "
            f"{quoted(printable(name))} (column {named}) is paired with "
            f"{quoted(printable(source.name_handles[name]))} and with {quoted(printable(handle))} "
            f"(row {row:,}): kpi cannot tell whose post it is; fill in its handle"
        )

    def _blank_handles(self, handles: pa.Array, names: pa.Array, first_row: int) -> None:
        """Note the names read as the creator on rows whose handle is blank: a name no row has
        paired yet is held (_Rekeyed) until the file's end; a name paired with two handles is
        refused."""
        blank = pc.and_(pc.is_null(handles), pc.is_valid(names))
        if not pc.any(blank).as_py():
            return
        source = self.source
        encoded = pc.dictionary_encode(pc.filter(names, blank))
        _, first = np.unique(to_numpy(encoded.indices), return_index=True)
        rows = first_row + np.flatnonzero(bools(blank))[first]
        known = source.name_handles
        for word, row in zip(encoded.dictionary.to_pylist(), rows.tolist(), strict=True):
            source.blank_names.setdefault(word, row)
            if word in source.clashes:
                self._refuse_clash(word, row)
            if word not in known and word not in source.given_up:
                source.unpaired.add(word)

    def _run_handles(self, cells: pa.Array) -> pa.Array:
        """Creators named by name, read as the handle another file of the run pairs the name
        with (sniff._share_name_handles: a fee sheet's `Mia Rossi` is GRIN's `@mia`); the names
        taken are kept for a note (findings)."""
        known = self.source.run_handles
        text = pc.dictionary_decode(cells) if pa.types.is_dictionary(cells.type) else cells
        text = pc.utf8_trim_whitespace(pc.cast(text, pa.string()))
        names = list(known)
        at = pc.index_in(text, value_set=pa.array(names, pa.string()))
        for i in pc.unique(pc.drop_null(at)).to_pylist():
            self.source.handles_taken[names[i]] = known[names[i]]
        return pc.coalesce(pc.take(pa.array(list(known.values()), pa.string()), at), text)

    def _named(self, batch: pa.RecordBatch, index: np.ndarray, rows: np.ndarray) -> set[int]:
        """Which of these rows (held at an end of the file) have a label cell that names
        something (totals.names_something): a creator, a campaign, a discount code in the
        first column (see totals.Held.evidence). `batch` and `index` are the batch's rows kept."""
        keys = [*self.labels, *([FIRST] if FIRST in self.wanted else [])]
        if not keys or not len(rows):
            return set()
        at = from_numpy(np.searchsorted(index, rows))
        named: set[int] = set()
        for key in keys:
            column = pc.take(batch.column(self.wanted[key]), at)
            if pa.types.is_dictionary(column.type):  # a few rows: not the batch's whole dictionary
                column = pc.dictionary_decode(column)
            blank = _missing(column, names=True)
            for row, is_blank, value in zip(rows, blank, column.to_pylist(), strict=True):
                if not is_blank and tt.names_something(str(value), self.extra):
                    named.add(int(row))
        return named

    def _categories(self, key: str) -> Categories:
        categories = self.source.categories.get(key)
        if categories is None:
            categories = self.source.categories[key] = Categories(extra=self.extra)
        return categories

    # ------------------------------------------------------------------ rows left out

    def _totals(self, batch: pa.RecordBatch, coded: dict[str, Codes], first_row: int) -> np.ndarray | None:
        """Rows whose label reads as a total while the row's other names are blank (a `Total`
        ad of a named campaign is an ad); recorded as dropped."""
        self.worded = None
        self.marked = {}
        self.closing = {}
        hits = self._hits(batch, coded, words=False)
        words = self._hits(batch, coded, words=True)
        if not hits and not words:
            return None
        blank = {k: self._blank_in(batch, coded, k) for k in self.labels}
        if words:
            self._words(batch.num_rows, first_row, hits, words, blank)
        if not hits:
            return None
        mask = np.zeros(batch.num_rows, dtype=bool)
        for key, (found, labels) in hits.items():
            alone = self._alone(key, found, hits, blank)
            header = self.source.headers[int(self.wanted[key][1:])].strip()
            for i, label in zip(np.flatnonzero(found), labels, strict=True):
                if not alone[i] and tt.counts_rows(label) and self._counted(batch, blank, key, int(i)):
                    alone[i] = True
                if not alone[i] and key == "date" and not mask[i]:
                    # `@anna,,Subtotal`: a date cell holds no name, so the word beside a creator's
                    # is that creator's total line, not a post (audit T-2). Its figures are kept
                    # under the creator's name: a part's total, never checked as the file's.
                    alone[i] = True
                    name = self._row_name(batch, int(i))
                    why = f"{quoted(label.strip())} in {quoted(header)} beside the name: a subtotal line"
                    self.source.dropped.append(Dropped(first_row + int(i), name, why))
                    continue
                if alone[i] and not mask[i]:
                    self.source.dropped.append(
                        Dropped(first_row + int(i), label.strip(), tt.why_dropped(label))
                    )
                    if self.pivot:
                        self.closing[first_row + int(i)] = label
                elif not alone[i]:
                    # `@cara,Subtotal,,...`: a totals word beside a name (audit T-1). Data unless
                    # its figures are the sum of the rows above it (_subtotals), which the word
                    # lets a block of one row be.
                    self.marked.setdefault(first_row + int(i), (label.strip(), header))
            mask |= alone
        self.source.dropped.sort(key=lambda d: d.row)
        return mask if mask.any() else None

    def _foot(
        self,
        batch: pa.RecordBatch,
        coded: dict[str, Codes],
        first_row: int,
        drop: np.ndarray | None,
        candidates: np.ndarray | None,
    ) -> np.ndarray | None:
        """Goal and statistic lines under the table (`Goal`, `Target`, `Budget`, `% of goal`,
        `Max`, `Min`, `Count`; totals.is_foot): left out, with a note, when they sit under the
        file's totals or average line (left out by its label) with no row of figures between,
        no date, and no other name; None when there is none (nearly every batch). Such a line
        counted as a creator with a post (audit T-4, T-9: `Goal` 150,000 impressions, `Max`
        @ben's figures again). A row of figures after them is refused: they are not at the
        foot of the table, and kpi cannot tell a line under a total from a creator called `Max`
        without a date."""
        n = batch.num_rows
        heads = []
        for d in reversed(self.source.dropped):  # (in row order: this batch's are the last)
            if d.row < first_row:
                break
            if d.row < first_row + n and tt.heads_foot(d.label):
                heads.append((d.row - first_row, d.label))
        heads.reverse()
        # A line with no name and no date may be the total too (a `=SUM()` line): the lines under
        # it are left out if it is one (`held.foot_under`, settled once the file is read).
        # (`candidates`: the batch's rows with every label blank, frame()'s, not to be changed)
        unnamed = candidates.copy() if candidates is not None and self.sums is not None else None
        if self.foot_head is None and not heads and not self.foot and unnamed is None:
            return None
        live = np.ones(n, dtype=bool) if drop is None else ~drop
        figured = np.zeros(n, dtype=bool)
        numeric = self.source.kind.numeric
        for key, name in self.wanted.items():
            if key in numeric or key.startswith(PART):
                figured |= ~_missing(batch.column(name))
        figured &= live
        is_head = np.zeros(n, dtype=bool)
        head_label = dict(heads)
        is_head[list(head_label)] = True
        if unnamed is not None:
            unnamed &= figured
            if "date" in self.wanted:
                unnamed &= _missing(batch.column(self.wanted["date"]))
            is_head |= unnamed
        if not self.ends[0]:  # a total over the table, not under it (YouTube's `Total` first)
            first = np.flatnonzero(figured)
            is_head[: int(first[0]) + 1 if len(first) else n] = False
        if self.foot_head is None and not is_head.any() and not self.foot:
            return None
        if unnamed is not None:
            figured &= ~unnamed  # (a row of figures after the lines under it all the same: see below)
        at_heads = np.flatnonzero(is_head)
        start = 0 if self.foot_head is not None else int(at_heads[0]) if len(at_heads) else n
        found = np.zeros(n, dtype=bool)
        labels: dict[int, str] = {}
        if start < n:
            blank = {k: self._blank_in(batch, coded, k) for k in self.labels}
            for key in [k for k in self.checked if k != "date"]:
                if key in coded:  # each distinct name once per file (a column's names only grow)
                    values = self.source.categories[key].values
                    seen, feet = self.foot_codes.get(key, (0, []))
                    if len(values) > seen:  # (RE2 over the new names: 200,000 creators are one pass)
                        fresh = pa.array(
                            [v if isinstance(v, str) else None for v in values[seen:]], pa.string()
                        )
                        hit = bools(pc.fill_null(pc.match_substring_regex(fresh, tt.FOOT), False))
                        feet = feet + [seen + int(c) for c in np.flatnonzero(hit)]
                    self.foot_codes[key] = (len(values), feet)
                    if not feet:
                        continue
                    codes = coded[key].codes[start:]
                    rows = start + np.flatnonzero(np.isin(codes, feet))
                    texts = [values[int(c)] for c in codes[rows - start]]
                else:
                    column = batch.column(self.wanted[key]).slice(start)
                    if pa.types.is_dictionary(column.type):
                        column = pc.dictionary_decode(column)
                    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
                        continue
                    hit = pc.fill_null(pc.match_substring_regex(column, tt.FOOT), False)
                    rows = start + np.flatnonzero(bools(hit))
                    texts = [column[int(r) - start].as_py() for r in rows]
                for row, text in zip(rows, texts, strict=True):
                    alone = all(blank[other][row] for other in self.labels if other != key)
                    if live[row] and alone and isinstance(text, str) and tt.is_foot(text):
                        labels.setdefault(int(row), text.strip())
            if labels:
                found[list(labels)] = True
            if found.any() and "date" in self.wanted:
                found &= _missing(batch.column(self.wanted["date"]))
        data = figured & ~found
        # Each candidate under the nearest totals line above it, with no row of figures between.
        head_at = np.where(is_head, np.arange(n), -2 if self.foot_head is None else -1)
        head_at = np.maximum.accumulate(head_at)
        passed = np.cumsum(data)
        for row in np.flatnonzero(found):
            h = int(head_at[row])
            if h == -2 or passed[row] - (passed[h] if h >= 0 else 0) > 0:
                found[row] = False
                data[row] = figured[row]
        for row in np.flatnonzero(found):
            h = int(head_at[row])
            head = (first_row + h, head_label.get(h, "")) if h >= 0 else self.foot_head
            assert head is not None
            label = labels[int(row)]
            self.foot.append((first_row + int(row), label))
            if not head[1]:
                self.held.foot_under.append((head[0], first_row + int(row), label))
            why = f"under the summary line at row {head[0]:,}, no date: {tt.why_foot(label)}"
            self.source.dropped.append(Dropped(first_row + int(row), label, why))
        if found.any():
            self.source.dropped.sort(key=lambda d: d.row)
        last_foot = int(np.flatnonzero(found)[-1]) if found.any() else -1
        if unnamed is not None:
            data |= unnamed  # an unnamed line under goal lines is a row of figures after them
        after = np.flatnonzero(data[last_foot + 1 :])
        if self.foot and len(after):
            row, label = self.foot[0]
            below = first_row + last_foot + 1 + int(after[0])
            raise InputError(
                f"{self.source.name}: row {row:,} ({quoted(printable(label))}) sits under the totals line "
                f"with no date, as a goal or a statistic line does, but row {below:,} "
                "under it has figures: kpi cannot tell a line under the table from a post; remove the lines "
                "under the total (goals, targets, statistics), or give the row its date if it is a post"
            )
        if len(at_heads):
            h = int(at_heads[-1])
            self.foot_head = None if data[h + 1 :].any() else (first_row + h, head_label.get(h, ""))
        elif data.any():
            self.foot_head = None
        return found if found.any() else None

    def _row_name(self, batch: pa.RecordBatch, i: int) -> str:
        """The first name among the batch's row `i`'s label cells ('' if none)."""
        return self._name_at(batch, i, self.labels)

    def _name_at(self, batch: pa.RecordBatch, i: int, keys: Iterable[str]) -> str:
        """The first text among row `i`'s cells of the columns `keys` ('' if none)."""
        for key in keys:
            value = batch.column(self.wanted[key])[i].as_py()
            if isinstance(value, str) and value.strip():
                return value.strip()
        return ""

    def _counted(self, batch: pa.RecordBatch, blank: dict[str, np.ndarray], key: str, i: int) -> bool:
        """Whether row `i`'s other name cells are blank or a count (`@mia Count` with 2 under
        `Post URL`: Excel's Count subtotal counts the column it is put under, text or not)."""
        for other in self.labels:
            if other == key or blank[other][i]:
                continue
            value = batch.column(self.wanted[other])[i].as_py()
            if not re.fullmatch(r"\s*\d{1,6}\s*", str(value)):
                return False
        return True

    def _undated_rows(self, batch: pa.RecordBatch) -> np.ndarray | None:
        """The rows of a batch with no date, where a totals row of a dated export is (None: the
        file has no date column, every row). A post's row has its date: the post column of
        a million dated posts need not be scanned for `Total`."""
        if "date" not in self.wanted:
            return None
        return np.flatnonzero(_missing(batch.column(self.wanted["date"])))

    def _hits(
        self, batch: pa.RecordBatch, coded: dict[str, Codes], words: bool
    ) -> dict[str, tuple[np.ndarray, list[str]]]:
        """Per label column, which cells read as totals labels (`words`: as totals.WORDS), and
        their text."""
        hits: dict[str, tuple[np.ndarray, list[str]]] = {}
        found: np.ndarray | None
        for key in self.checked:
            categories = self.source.categories.get(key)
            if key in coded and categories is not None:
                known = categories.words if words else categories.totals
                if not known:
                    continue
                codes = coded[key].codes
                found = np.isin(codes, list(known))
                labels = [categories.values[c] if c >= 0 else "" for c in codes[found]]
            elif key.startswith(LABEL) or key == FIRST:
                found = self._label_totals(key, batch.column(self.wanted[key]), words)
                if found is None:
                    continue
                arr = batch.column(self.wanted[key])
                labels = [str(arr[int(i)].as_py()) for i in np.flatnonzero(found)]
            else:
                arr = batch.column(self.wanted[key])
                if pa.types.is_date(arr.type):
                    continue
                extra = (*self.extra, _DATE_TOTAL) if key == "date" else self.extra
                if key == "post_id" and self.wanted[key] != "c0":
                    found = _short_post_totals(arr, extra, words, self._undated_rows(batch))
                else:
                    found = tt.totals_mask(arr, extra, words)
                if found is None:
                    continue
                labels = [str(arr[int(i)].as_py()) for i in np.flatnonzero(found)]
            if found.any():
                hits[key] = (found, labels)
        return hits

    def _alone(
        self,
        key: str,
        found: np.ndarray,
        hits: dict[str, tuple[np.ndarray, list[str]]],
        blank: dict[str, np.ndarray],
    ) -> np.ndarray:
        """The rows of `found` (a total's word in label `key`) whose other labels are each
        `blank` or a total's word of the same kind (`hits`)."""
        alone = found.copy()
        for other in self.labels:
            if other != key:
                alone &= blank[other] | (hits[other][0] if other in hits else False)
        return alone

    def _words(
        self,
        rows: int,
        first_row: int,
        hits: dict[str, tuple[np.ndarray, list[str]]],
        words: dict[str, tuple[np.ndarray, list[str]]],
        blank: dict[str, np.ndarray],
    ) -> None:
        """Rows labelled by one of totals.WORDS (`Razem`) and nothing else: held as possible
        totals (see _candidates and totals.Held.worded), not left out by the word."""
        mask = np.zeros(rows, dtype=bool)
        for key, (found, labels) in words.items():
            alone = self._alone(key, found, words, blank)
            if key in hits:
                alone &= ~hits[key][0]
            for i, label in zip(np.flatnonzero(found), labels, strict=True):
                if alone[i]:
                    self.held.worded.setdefault(first_row + int(i), label.strip())
            mask |= alone
        self.worded = mask if mask.any() else None

    def _state(self, batch: pa.RecordBatch, by_label: np.ndarray, drop: np.ndarray, first_row: int) -> None:
        """Keep the figures of the rows left out by their labels (a file has a few): what the
        file says its rows add up to, checked against them at the end (totals.contradicted).
        A cell that is not a plain number leaves that column out of the check."""
        at = np.flatnonzero(by_label)
        before = self.held.passed + np.cumsum(~drop)[at]  # rows passed on above each
        figures: list[dict[str, float]] = [{} for _ in at]
        for key, name in self.wanted.items():
            column = self.source.columns.parts[int(key[len(PART) :])] if key.startswith(PART) else key
            if column not in tt.SUMMED:
                continue
            parsed = nb.parse_column(pc.take(batch.column(name), from_numpy(at)), self.source.decimal.mark)
            if parsed.bad_index is not None or parsed.percent_index is not None:
                continue
            for row, value in zip(figures, pc.cast(parsed.values, pa.float64()).to_pylist(), strict=True):
                if value is not None:
                    row[column] = row.get(column, 0.0) + value
        self.held.stated.extend(
            (first_row + int(i), int(b), row) for i, b, row in zip(at, before, figures, strict=True)
        )

    def _blank_in(self, batch: pa.RecordBatch, coded: dict[str, Codes], key: str) -> np.ndarray:
        if key in coded:
            return np.asarray(coded[key].codes < 0)
        column = batch.column(self.wanted[key])
        blank = _missing(column, names=True)
        if key.startswith(LABEL):
            # A figure names no row: the first column, read for the labels exports write there,
            # may hold figures kpi does not read (YouTube's `Watch time (hours)` with the columns
            # moved), and a totals row its figure too; `Total` in the post column beside it was
            # taken for a subtotal line beside a name and the file was refused (audit Y).
            blank |= _figures(column)
        return blank

    def _periods(self, frame: Frame, batch: pa.RecordBatch, candidates: np.ndarray | None) -> None:
        """Note the periods of rows over more than a day and, per name, the span of the rows of
        one day: a whole-period export pasted beside a daily one (audit m #4b) has a row whose
        period holds days of the same names (see _check_periods). Grouped per batch, no row
        by row, and only for a batch that holds both kinds (a sheet of two exports pasted
        together is a batch: some 170,000 rows). Rows without names (Meta's summary row, over
        the whole period) are left to totals.Held."""
        start, end = np.asarray(frame["date"]), np.asarray(frame[DATE_END])
        if not (np.issubdtype(start.dtype, np.datetime64) and np.issubdtype(end.dtype, np.datetime64)):
            return
        known = ~(np.isnat(start) | np.isnat(end))
        if candidates is not None:
            known &= ~candidates
        multi, single = known & (end > start), known & (end == start)
        if not multi.any() or not single.any():
            return  # an export has one kind (every row a day, or every row the period): the usual case
        names = [pc.fill_null(pc.cast(batch.column(self.wanted[k]), pa.string()), "") for k in self.labels]
        keys = (
            pc.binary_join_element_wise(*names, arrow.text("\x1f"))
            if names
            else pa.nulls(len(frame), pa.string())
        )
        import pandas as pd  # (a batch of rows over periods and rows of days: pasted exports)

        table = pd.DataFrame(
            {"key": pc.fill_null(keys, "").to_pylist(), "start": start, "end": end, "row": frame.rows}
        )  # fmt: skip
        held = self.held
        if multi.any() and len(held.periods) < tt.PERIODS:
            spans = table[multi].drop_duplicates(["key", "start", "end"]).head(tt.PERIODS - len(held.periods))
            held.periods.extend(spans.itertuples(index=False, name=None))
        if single.any():
            days = table[single].groupby("key", sort=False).agg(lo=("start", "min"), hi=("start", "max"),
                                                               row=("row", "min"))  # fmt: skip
            held.days.append(days)
            if len(held.days) > 8:  # one frame per names again: a daily export's days held once
                joined = pd.concat(held.days).groupby("key", sort=False)
                held.days = [joined.agg(lo=("lo", "min"), hi=("hi", "max"), row=("row", "min"))]

    def _undated(self, frame: Frame, candidates: np.ndarray | None) -> np.ndarray | None:
        """Rows with a name but no date in a file of dated rows: maybe a campaign's summary
        line among its days (TikTok's `By Day` sheet with a `-` line after each campaign's
        days, audit m #4), checked by _subtotals; None when there is none (the usual case)."""
        if "date" not in frame.columns or not len(frame):
            return None
        dates = np.asarray(frame["date"])
        if not np.issubdtype(dates.dtype, np.datetime64):
            return None
        missing = np.isnat(dates)
        if not missing.any():
            self.dated = True
            return None
        self.dated = self.dated or not missing.all()
        if not self.dated:
            return None
        undated = missing if candidates is None else missing & ~candidates
        return undated if undated.any() else None

    def _pivot_rows(
        self, frame: Frame, candidates: np.ndarray | None, batch: pa.RecordBatch
    ) -> tuple[Frame, np.ndarray | None]:
        """A pivot table's rows (audit T-6, T-7): the subtotals at the top of their groups left
        out (_pivot_tops), and a label the pivot wrote once per group filled down onto the
        group's rows, where its closing line (`@anna Total`) or its top line names it."""
        headings = self._pivot_headings(frame, batch)
        if headings is not None:
            keep = ~headings
            frame, candidates = frame.take(keep), (None if candidates is None else candidates[keep])
        tops, groups = self._pivot_tops(frame)
        frame = self._own_labels(frame)
        for i, covered in groups:
            self._fill_group(frame, i, covered)
        frame = self._fill_closed(frame)
        if not tops.any():
            return frame, candidates

        def why(below: int) -> str:
            rows = "the row under it" if below == 1 else f"the sum of its group's {below:,} rows under it"
            return f"every count equal to {rows}: a pivot table's subtotal, at the top of its group"

        return self._drop_tops(frame, candidates, tops, groups, batch, why)

    def _own_labels(self, frame: Frame) -> Frame:
        """The frame with its label columns' codes copied, to be filled in place (an encoded
        batch's may be shared)."""
        return frame.assign(
            **{
                k: Codes(c.codes.copy(), c.categories)
                for k in self.labels
                if isinstance(c := frame.get(k), Codes)
            }
        )

    def _drop_tops(
        self,
        frame: Frame,
        candidates: np.ndarray | None,
        tops: np.ndarray,
        groups: list[tuple[int, list[int]]],
        batch: pa.RecordBatch,
        why: Callable[[int], str],
    ) -> tuple[Frame, np.ndarray | None]:
        """The frame without the subtotal lines `tops` over their `groups`, each said (`why`
        of how many rows it covers) among the rows left out."""
        for top, covered in groups:
            row = int(frame.rows[top])
            self.source.dropped.append(Dropped(row, self._name(batch, row), why(len(covered))))
        self.source.dropped.sort(key=lambda d: d.row)
        keep = ~tops
        return frame.take(keep), (None if candidates is None else candidates[keep])

    def _group_tops(
        self, frame: Frame, candidates: np.ndarray | None, batch: pa.RecordBatch
    ) -> tuple[Frame, np.ndarray | None]:
        """A creator's summary line over their posts in a list of posts (an influencer
        platform's content grouped by creator, as Modash's "group content by creator" shows
        it, help.modash.io "Understanding campaign analytics"; audit Z-4): a row with neither
        a date nor a post ID, each count equal to the sum of the posts under it up to the next
        such row, left out as _pivot_tops finds a pivot's. Read as a post, every figure of
        the file was counted twice: impressions 262,000 for 131,000, 5 posts for 3."""
        if "post_id" not in frame.columns:
            return frame, candidates
        bare = _no_date(frame) & to_numpy(pc.is_null(frame["post_id"])).astype(bool)
        if not bare.any() or bare.all():
            return frame, candidates
        tops, groups = self._pivot_tops(frame, only=bare)
        if not tops.any():
            return frame, candidates
        # A post under its creator's line with the creator left blank is the creator's (as a
        # pivot's outline form writes it).
        frame = self._own_labels(frame)
        for top, covered in groups:
            self._fill_group(frame, top, covered)

        def why(below: int) -> str:
            rows = "the post under it" if below == 1 else f"the sum of the {below:,} posts under it"
            return (
                f"no date or post ID, and every count equal to {rows}: a creator's summary over their posts"
            )

        return self._drop_tops(frame, candidates, tops, groups, batch, why)

    def _pivot_headings(self, frame: Frame, batch: pa.RecordBatch) -> np.ndarray | None:
        """A pivot's group headings, left out: a row without any figure whose label a closing
        line under it sums (`@anna,,,` over its items and `@anna Total`: Excel's compact form
        with subtotals at the bottom). Counted, each was a post."""
        if not self.closing:
            return None
        columns = [c for c in (*tt.SUMMED, "reach", "followers") if c in frame.columns]
        if not columns:
            return None
        empty = np.ones(len(frame), dtype=bool)
        for c in columns:
            empty &= np.isnan(floats(frame[c]))
        found = np.zeros(len(frame), dtype=bool)
        for i in np.flatnonzero(empty):
            row = int(frame.rows[i])
            name = self._name(batch, row)
            key = {tt.subtotal_key(name)}
            if name and any(r > row and tt.is_subtotal(label, key) for r, label in self.closing.items()):
                found[i] = True
                why = "no figures, and a subtotal line under it names it: a pivot table's group heading"
                self.source.dropped.append(Dropped(row, name, why))
        self.source.dropped.sort(key=lambda d: d.row)
        return found if found.any() else None

    def _pivot_tops(
        self, frame: Frame, only: np.ndarray | None = None
    ) -> tuple[np.ndarray, list[tuple[int, list[int]]]]:
        """The rows of a pivot table each equal to the sum of the rows under it, up to the next
        such row or the end (Excel's compact and outline forms, "Show all subtotals at top of
        group"), read from the bottom up: a row equal to the groups and rows right under it is
        their group's subtotal, and stands for them above. Nested groups collapse the same
        way. Three counts at least agree (or every count of a sheet of two), and a row equal to
        the one row under it counts only once a group of two rows or more shows the shape and
        three counts agree. Also (position, positions of its data rows) of each group.
        `only`: the rows that may be such a subtotal (a post list's rows without a date or a
        post ID, _group_tops); the others are data rows whatever they sum."""
        columns = [c for c in tt.SUMMED if c in frame.columns]
        tops = np.zeros(len(frame), dtype=bool)
        if not columns or len(frame) < 2:
            return tops, []
        table = np.nan_to_num(np.column_stack([floats(frame[c]) for c in columns]))
        counted = int((table != 0).any(axis=0).sum())
        least = min(3, max(2, counted))
        positive = bool((table >= 0).all())  # (sums only grow: a search stops past the row)
        # (figures, its position, the data rows it stands for) of each group or row under the
        # one looked at, the nearest last
        stack: list[tuple[np.ndarray, int, list[int]]] = []
        found: list[tuple[int, int, list[int]]] = []  # (position, rows summed, data rows)
        # Figures that only grow stop each search once past the row, however long its group
        # (audit U-8: a creator's 2,000 posts under its subtotal were summed 1,000 at most, and
        # the subtotals counted as posts); else _PIVOT_SPAN rows at most.
        span = len(frame) if positive else _PIVOT_SPAN
        for i in range(len(frame) - 1, -1, -1):
            row = table[i]
            total = np.zeros(len(columns))
            match = 0
            if int((row != 0).sum()) < 2 or (only is not None and not only[i]):
                stack.append((row, i, [i]))  # (a subtotal has two counts at least: no search)
                continue
            for k in range(1, min(len(stack), span) + 1):
                total = total + stack[-k][0]
                if positive and (total > row + 0.01 + 1e-9 * np.abs(row)).any():
                    break  # past the row: more rows only add
                agree = all(tt.same(float(a), float(b)) for a, b in zip(row, total, strict=True))
                if agree and int((row != 0).sum()) >= (least if k > 1 else 3):
                    match = k
                    break
            if match:
                covered = [r for *_, rows in stack[-match:] for r in rows]
                del stack[-match:]
                stack.append((row, i, covered))
                found.append((i, match, covered))
            else:
                stack.append((row, i, [i]))
        if not any(k > 1 for _, k, _ in found):
            return tops, []  # no group of two rows or more: no pivot's subtotals
        for i, _, _ in found:
            tops[i] = True
        return tops, [(i, sorted(covered)) for i, _, covered in reversed(found)]

    def _fill_group(self, frame: Frame, top: int, covered: list[int]) -> None:
        """A pivot's outline form names its group on the subtotal line only (`@anna,,45000`
        over `,Instagram,15000`): its data rows take the name where theirs is blank."""
        rows = np.asarray(covered, dtype=np.int64)
        for key in self.labels:
            column = frame.get(key)
            if not isinstance(column, Codes) or column.codes[top] < 0:
                continue
            blank = rows[column.codes[rows] < 0]
            if len(blank):
                column.codes[blank] = column.codes[top]
                name = column.categories[int(column.codes[top])]
                self.pivot_filled.setdefault(key, []).extend((int(frame.rows[r]), name) for r in blank)

    def _fill_closed(self, frame: Frame) -> Frame:
        """A Google Sheets pivot writes each row label once: `@anna,Instagram`, `,TikTok`, then
        `@anna Total` (audit T-7). The blank label of a row between a name and that name's
        closing line (left out as its subtotal) is the name."""
        if not self.closing:
            return frame
        closings = sorted(self.closing)
        for key in self.labels:
            column = frame.get(key)
            if not isinstance(column, Codes):
                continue
            codes, names = column.codes, column.categories
            at = 0
            current, run = -1, list[int]()
            for i in range(len(frame) + 1):
                row = int(frame.rows[i]) if i < len(frame) else np.iinfo(np.int64).max
                while at < len(closings) and closings[at] < row:
                    label = self.closing[closings[at]]
                    if current >= 0 and run and tt.is_subtotal(label, {tt.subtotal_key(names[current])}):
                        codes[run] = current
                        self.pivot_filled.setdefault(key, []).extend(
                            (int(frame.rows[r]), names[current]) for r in run
                        )
                    current, run = -1, []
                    at += 1
                if i == len(frame):
                    break
                if codes[i] >= 0:
                    current, run = int(codes[i]), []
                elif current >= 0:
                    run.append(i)
        return frame

    def pivot_noted(self) -> None:
        """Say which blank labels of a pivot table were filled (_pivot_rows)."""
        for key, filled in self.pivot_filled.items():
            header = self.source.headers[int(self.wanted[key][1:])].strip()
            shown = [f"{row:,}" for row, _ in filled[:3]]
            more = f"{len(filled) - 3:,} more" if len(filled) > 3 else shown.pop() if len(shown) > 1 else ""
            rows = ", ".join(shown) + (f" and {more}" if more else "")
            names = ", ".join(quoted(n) for n in dict.fromkeys(n for _, n in filled))
            s, take = ("s", "take") if len(filled) > 1 else ("", "takes")
            if self.post_list:  # _group_tops: a creator's summary line over their posts
                self.source.notes.append(
                    f"row{s} {rows} with a blank {quoted(header)} under a summary line {take} its name "
                    f"({names}), as the line sums them; fill the cells in if that is wrong"
                )
                continue
            self.source.notes.append(
                f"row{s} {rows} with a blank {quoted(header)} in a pivot table's group {take} its name "
                f"({names}), as its subtotal line says: a pivot table writes each row label once; "
                "fill the cells in if that is wrong"
            )

    def _marked(
        self,
        frame: Frame,
        candidates: np.ndarray | None,
        undated: np.ndarray | None,
        batch: pa.RecordBatch,
        index: np.ndarray,
    ) -> np.ndarray | None:
        """The frame's rows with a totals word beside a name (self.marked); None if none. The
        post link of an undated row is looked at too (`@cara,Subtotal,...` under `Post URL`):
        a column _hits leaves aside, nearly every cell of it distinct."""
        if undated is not None and "post_id" in self.wanted and "post_id" not in self.checked:
            at = np.searchsorted(index, frame.rows[undated])
            cells = batch.column(self.wanted["post_id"]).take(from_numpy(at)).to_pylist()
            header = self.source.headers[int(self.wanted["post_id"][1:])].strip()
            for row, cell in zip(frame.rows[undated], cells, strict=True):
                if isinstance(cell, str) and tt.is_strong_total(cell, self.extra):
                    self.marked.setdefault(int(row), (cell.strip(), header))
        if not self.marked or not len(frame):
            return None
        found = np.isin(frame.rows, np.fromiter(self.marked, dtype=np.int64))
        if candidates is not None:
            found &= ~candidates
        return found if found.any() else None

    def _subtotals(
        self,
        frame: Frame,
        candidates: np.ndarray,
        undated: np.ndarray | None = None,
        batch: pa.RecordBatch | None = None,
        marked: np.ndarray | None = None,
    ) -> np.ndarray | None:
        """Blank-label rows equal to the sum of the rows above them since the last such row
        (or the start): subtotals, as Excel's Data › Subtotal writes them mid-file. Three
        counts at least must agree, over two rows at least: a blank-label row of a small
        file that happens to add up (100 + 200 = 300 and 1 + 2 = 3) stays data.

        Once the blocks show the shape (a subtotal over two rows or more), a blank-label row
        without a date equal to the one row above it is that one post's subtotal (a creator
        with a single post; audit J-8); and a sheet of only two counts (Impressions, Fee) has
        its blank-label rows that sum their blocks as subtotals when two blocks or more do.

        `undated` rows (see _undated) are data unless they are such a sum: a campaign's
        summary line under its days, left out the same way."""
        assert self.sums is not None
        columns = [c for c in tt.SUMMED if c in frame.columns]
        if not columns:
            return None
        values = {c: floats(frame[c]) for c in columns}
        if marked is None:
            marked = np.zeros(len(frame), dtype=bool)
        missed: dict[int, tuple[str, float, float] | None] = {}
        above = self._above(frame, values, candidates)
        strict = self._subtotal_pass(
            frame, values, candidates, undated, marked, above, single=False, least=3, missed=missed
        )
        counted = sum(not np.isnan(v).all() for v in values.values())
        relaxed = self._subtotal_pass(
            frame, values, candidates, undated, marked, above, single=True, least=min(3, max(2, counted))
        )
        found_rows = {i for i, *_ in strict}
        if {i for i, *_ in relaxed} > found_rows:
            blocks = self.subtotal_blocks + sum(rows > 1 for *_, rows in relaxed)
            two = counted < 3 and self.subtotal_blocks + len(relaxed) >= 2
            if blocks >= 1 and (counted >= 3 or two):
                strict = relaxed
        if undated is not None and marked.any():
            self._refuse_marked(frame, batch, marked & undated, {i for i, *_ in strict}, missed)
        if not strict:
            return None
        found = np.zeros(len(frame), dtype=bool)
        for i, segment, segment_rows, rows in strict:
            found[i] = True
            self.segment, self.segment_rows = segment, segment_rows
            row = int(frame.rows[i])
            if candidates[i]:
                self.subtotal_blocks += 1
                label = self.held.worded.get(row, "") or self._name(batch, row)
                blank = "" if label else "blank labels and "
                why = f"{blank}every count equal to the sum of the rows above it: a subtotal row"
                self.source.dropped.append(Dropped(row, label, why))
                continue
            word = self.marked.get(row)
            if word is not None:
                block = "the row above it" if rows == 1 else f"the sum of the {rows:,} rows above it"
                why = f"{quoted(word[0])} in {quoted(word[1])} beside the name, and every count equal "
                why += f"to {block}: a subtotal line"
            else:
                why = "no date, and every count equal to the sum of the rows above it: a summary line"
            self.source.dropped.append(Dropped(row, self._name(batch, row), why))
        return found

    def _refuse_marked(
        self,
        frame: Frame,
        batch: pa.RecordBatch | None,
        marked: np.ndarray,
        found: set[int],
        missed: dict[int, tuple[str, float, float] | None],
    ) -> None:
        """A row with a totals word beside a name and no date, among dated rows, that is not
        the sum of the rows above it: a subtotal line kpi cannot check (money rounded, a
        column left blank), counted twice if read as a post (audit T-1). Refused."""
        for i in np.flatnonzero(marked):
            if int(i) in found:
                continue
            row = int(frame.rows[i])
            word, header = self.marked[row]
            differs = missed.get(int(i))
            how = (
                f" ({differs[0].replace('_', ' ')} {figure(differs[1])}, the rows above it "
                f"{figure(differs[2])})"
                if differs is not None
                else ""
            )
            raise InputError(
                f"{self.source.name}, row {row:,}, column {quoted(header)}: {quoted(word)} beside "
                f"{quoted(self._name(batch, row))} on a row without a date: a subtotal line, "
                f"but its figures are not the sum of the rows above it{how}; remove the subtotal "
                "lines (or clear their figures) and score the posts"
            )

    def _subtotal_pass(
        self,
        frame: Frame,
        values: dict[str, np.ndarray],
        candidates: np.ndarray,
        undated: np.ndarray | None,
        marked: np.ndarray,
        above: _Above,
        single: bool,
        least: int,
        missed: dict[int, tuple[str, float, float] | None] | None = None,
    ) -> list[tuple[int, dict[str, float], int, int]]:
        """(position, sums at it, data rows by then, rows of its block) of each row _subtotals
        finds, `least` counts agreeing; `single`: a blank-label row without a date equal to a
        block of one row too; a `marked` row (a totals word beside a name) may sum a block of
        one row in either pass. `missed` gets each marked row not found, with the first count
        that differs (column, cell, the rows' sum), if one does. Changes nothing else:
        _subtotals keeps one pass's rows."""
        columns = list(values)
        before, running, rows_before, data, undated_row, whole = above
        checked = candidates if undated is None else candidates | undated
        removed = dict.fromkeys(columns, 0.0)  # undated rows found above: in `running`, not data
        removed_rows = 0
        segment, segment_rows = dict(self.segment), self.segment_rows
        marked = marked & undated_row  # a row with a date is a post, whatever its other cells say
        checked = checked | marked
        found: list[tuple[int, dict[str, float], int, int]] = []
        for i in np.flatnonzero(checked):
            block = int(rows_before[i]) - removed_rows - segment_rows
            if block < 1 or (
                block < 2 and not (single and candidates[i] and undated_row[i]) and not marked[i]
            ):
                if missed is not None and marked[i]:
                    missed[int(i)] = None
                continue
            compared, rounded = 0, False
            off: tuple[str, float, float] | None = None  # the first money figure a few cents off
            cells: dict[str, float] = {}  # the row's figures, and the sums of the rows above them
            totals: dict[str, float] = {}
            for c in columns:
                cell = values[c][i]
                if np.isnan(cell):
                    continue
                total = float(before.get(c, 0)) + running[c][i] - removed[c] - segment.get(c, 0.0)
                cells[c], totals[c] = cell, total
                if not tt.same(cell, total):
                    if c in tt.MONEY:
                        rounded = True  # money a few cents off: totals.summed decides
                        off = off or (c, float(cell), total)
                        continue
                    if missed is not None and marked[i]:
                        missed[int(i)] = (c, float(cell), total)
                    compared = -1
                    break
                compared += cell != 0
            if compared >= 0 and rounded:  # (no column broke off the loop: cells and totals hold all)
                matched = tt.summed(cells, totals, block, whole)
                compared = -1 if matched is None else len(matched)
                if compared < 0 and missed is not None and marked[i]:
                    missed[int(i)] = off
            if compared < (least if candidates[i] or marked[i] else 3):
                if missed is not None and marked[i]:
                    missed.setdefault(int(i), None)
                continue
            segment = {c: float(before.get(c, 0)) + running[c][i] - removed[c] for c in columns}
            segment_rows = int(rows_before[i]) - removed_rows
            found.append((int(i), segment, segment_rows, block))
            if data[i]:
                for c in columns:
                    removed[c] += float(np.nan_to_num(values[c][i]))
                removed_rows += 1
        return found

    def _above(self, frame: Frame, values: dict[str, np.ndarray], candidates: np.ndarray) -> _Above:
        """What both of _subtotals' passes compare a batch's rows with (see _Above): worked
        out once, not once a pass."""
        assert self.sums is not None
        undated_row = _no_date(frame)
        # A blank-label row with a date is a post whose creator and ID were left blank (audit
        # U-7): in the sums above a subtotal under it, as a tracker's `=SUM()` has it.
        data = ~candidates | ~undated_row
        before, summed = self._summed()
        running = {
            c: np.concatenate([[0.0], np.cumsum(np.where(data, np.nan_to_num(v), 0.0))])
            for c, v in values.items()
        }
        rows_before = summed + np.concatenate([[0], np.cumsum(data)])
        # Money shown without cents in every row so far (`$1,235`): a subtotal of it may be
        # half a unit a row off (totals.summed).
        whole = self.held.whole() & {c for c in tt.MONEY if c in values and tt.whole(values[c][data])}
        return _Above(before, running, rows_before, data, undated_row, whole)

    def _summed(self) -> tuple[dict[str, float], int]:
        """The sums and count of the data rows above this batch, as the subtotal pass counted
        them in their own batches: what `sums` has taken, plus the rows held back at the file's
        ends, which it takes only once the file is read (the first row, each batch's last
        TAIL) and the dated blank-label rows still held as possible totals (posts to the pass),
        less the undated blank-label rows handed on after their batch left them out of its sums.
        With `sums` alone, every subtotal after the first batch (~80,000 rows) was off by the
        held rows, kept as data, and no later one matched (audit U-1: a 200,000-row tracker's
        per-creator sum lines counted as posts, every figure 1.6 times the file's)."""
        assert self.sums is not None
        before = dict(self.sums())
        held = self.held
        rows = self.records_summed - self.offered_rows
        dated = held.rows.take(~_no_date(held.rows)) if held.rows is not None else None
        for frame in (held.first, held.last, held.released, dated):
            if frame is not None:
                self._add_sums(before, frame)
                rows += len(frame)
        for c, value in self.offered.items():
            before[c] = before.get(c, 0.0) - value
        return before, rows

    @staticmethod
    def _add_sums(into: dict[str, float], frame: Frame) -> None:
        """Add `frame`'s sums of the columns subtotals are checked on to `into`."""
        for c in tt.SUMMED:
            if c in frame.columns:
                into[c] = into.get(c, 0.0) + float(np.nansum(floats(frame[c])))

    def _name(self, batch: pa.RecordBatch | None, row: int) -> str:
        """The row's first name (its campaign's, creator's; else its first cell's text, a
        `TOTAL CAMPAIGNS` there): what a note calls it by. `row` is the spreadsheet row of one
        of the batch's rows kept (self.batch_rows)."""
        rows = self.batch_rows
        if batch is None or rows is None:
            return ""
        at = int(np.searchsorted(rows, row))
        if at >= len(rows) or rows[at] != row:
            return ""
        return self._name_at(batch, at, [*self.labels, *([FIRST] if FIRST in self.wanted else [])])

    def _label_totals(self, key: str, arr: pa.Array, words_only: bool = False) -> np.ndarray | None:
        """Totals rows by a column read only for its labels (`words_only`: the rows of one of
        totals.WORDS): each distinct word is looked at once per file (a campaign column
        brings the same few names in every batch)."""
        if not pa.types.is_dictionary(arr.type):
            return tt.totals_mask(arr, self.extra, words_only)
        seen, totals, folds = self.label_words.setdefault(key, (set(), set(), set()))
        found = self.label_weak.setdefault(key, set())
        words = arr.dictionary.to_pylist()
        fresh = [w for w in words if w is not None and w not in seen]
        if fresh:
            for word in fresh:  # in order of appearance: a subtotal comes after its group's rows
                if tt.is_strong_total(word, self.extra) or tt.is_subtotal(word, folds):
                    totals.add(word)
                elif tt.is_word(word):
                    found.add(word)
                seen.add(word)
                folds.add(tt.subtotal_key(word))
        known = found if words_only else totals
        hits = [i for i, w in enumerate(words) if w in known] if known else []
        if not hits:
            return None
        mask = pc.is_in(arr.indices, value_set=pa.array(hits, arr.indices.type))
        return bools(pc.fill_null(mask, False))

    def _second_header(self, batch: pa.RecordBatch, index: np.ndarray, exc: InputError) -> None:
        """When a cell stops the read: a row of the batch that is a header (a second table
        stacked under the first after a blank row, `Creator,Fee,Product Value`; audit J-14)
        is the cause, and the error says so instead of the cell's (`'Product Value' is not a
        date`). A header row: two names of columns at least (this file's headers or ones kpi
        reads), every filled cell a word, no figure."""
        from kpi_cli.read.mapping import header_like, stacked_table

        own = {normalise(h) for h in self.source.headers if h.strip()}
        columns = [pc.dictionary_decode(c) if pa.types.is_dictionary(c.type) else c for c in batch.columns]
        for at, row in enumerate(index):
            cells = [str(c[at].as_py()).strip() for c in columns if c[at].is_valid]
            if header_like(cells, own):
                raise InputError(stacked_table(self.source.name, int(row), cells)) from exc

    def _goal_line(
        self, batch: pa.RecordBatch, coded: dict[str, Codes], index: np.ndarray, exc: InputError
    ) -> None:
        """When a cell stops the read on a goal or statistic line (`% of goal` with `75%` under
        Impressions, audit T-5): the line is the cause, and the error names it as not data
        instead of advising to ignore the column (which would drop the impressions)."""
        message = str(exc)
        for key in [k for k in self.checked if k != "date"]:
            column = batch.column(self.wanted[key])
            for at, row in enumerate(index):
                if f", row {int(row):,}," not in message:
                    continue
                value = column[at].as_py() if key not in coded else None
                if key in coded:
                    code = int(coded[key].codes[at])
                    value = self.source.categories[key].values[code] if code >= 0 else None
                dated = "date" in self.wanted and not _missing(batch.column(self.wanted["date"]))[at]
                if not isinstance(value, str) or not tt.is_foot(value) or dated:
                    continue  # (a creator called `Max`, with a date: the cell's own error)
                label = value.strip()
                named = f"row {int(row):,} ({quoted(printable(label))})"
                raise InputError(
                    f"{self.source.name}, {named} is {tt.why_foot(label)}, "
                    "and its cells are not a post's figures; remove the goal and statistic lines from the "
                    "table (kpi leaves them out by itself under the file's total line, with no date)"
                ) from exc

    def _titles(self, batch: pa.RecordBatch, first_row: int) -> tuple[np.ndarray | None, dict[str, pa.Array]]:
        """Section title rows inside the table (audit J-2): one label alone on its row, every
        figure and date blank, rows with figures under it (`INSTAGRAM`, `TIKTOK` over each
        network's posts), left out with a note. A title is a platform's or a format's name,
        a label in capitals (four letters at least: not `TBC`), or a label over rows that
        leave its column blank; never a creator's `@handle` or a link (a planned post). With
        the titles in the Platform column (or Creator, Campaign: `@mia` alone over her posts,
        verify J V-2) and the rows under them leaving it blank, those rows take the title's
        value (said on stderr). Returns the title rows (None: none) and the columns filled."""
        texts = [k for k in self.labels if k in self.wanted] + ([FIRST] if FIRST in self.wanted else [])
        figures = [k for k in self.wanted if k not in texts]
        n = batch.num_rows
        if not texts or not figures or n == 0:
            return None, {}
        empty = np.ones(n, dtype=bool)
        for key in figures:
            column = batch.column(self.wanted[key])
            text = pa.types.is_string(column.type) or pa.types.is_dictionary(column.type)
            if column.null_count == 0 and not text:
                empty[:] = False
                break
            empty &= _missing(column)
            if not empty.any():
                break
        found = np.zeros(n, dtype=bool)
        keys: dict[int, str] = {}
        if empty.any():
            cells = {k: ~_missing(batch.column(self.wanted[k]), names=True) for k in texts}
            filled = np.zeros(n, dtype=np.int64)
            for mask in cells.values():
                filled += mask
            with_figures = np.flatnonzero(~empty)
            last = int(with_figures[-1]) if len(with_figures) else -1
            for i in np.flatnonzero(empty & (filled == 1)):
                if i >= last:
                    break  # under the table: a note's, or a planned post's (see _notes)
                key = next(k for k, m in cells.items() if m[i])
                text = str(batch.column(self.wanted[key])[int(i)].as_py()).strip()
                under = not cells[key][i + 1] and not empty[i + 1]
                if is_title(text, under):
                    found[i] = True
                    keys[int(i)] = key
                    self.source.dropped.append(
                        Dropped(
                            first_row + int(i), text, "a section title (a label alone on its row, no figures)"
                        )
                    )
            if found.any():
                self.source.dropped.sort(key=lambda d: d.row)
        sections = {}
        for key in ("platform", "influencer", "campaign"):
            filled_in = self._sections(batch, found, keys, key)
            if filled_in is not None:
                sections[key] = filled_in
        return (found if found.any() else None), sections

    def _month_titles(self, batch: pa.RecordBatch, first_row: int) -> np.ndarray | None:
        """Rows whose only cell is a month and its year in the Date column (`April 2025,,,,`
        over a month's section of a Sheets tracker, padded to the sheet's width: audit U-10),
        left out with a note as _titles leaves out one in a column of names. Never a post: a
        month is no day, and the row has no figures. None: none (nearly every batch: the date
        column's distinct values are looked at first)."""
        name = self.wanted.get("date")
        if name is None:
            return None
        column = batch.column(name)
        if not pa.types.is_dictionary(column.type) and not _text(column):
            return None  # dates the CSV reader typed: no text among them
        values = column.dictionary if pa.types.is_dictionary(column.type) else pc.unique(column)
        months = [v for v in values.to_pylist() if isinstance(v, str) and dt.month_title(v.strip())]
        if not months:
            return None
        cells = pc.dictionary_decode(column) if pa.types.is_dictionary(column.type) else column
        found = bools(pc.fill_null(pc.is_in(cells, value_set=pa.array(months, pa.string())), False))
        for key, other in self.wanted.items():
            if other != name:
                found &= _missing(batch.column(other), _names(key))
        if not found.any():
            return None
        for i in np.flatnonzero(found):
            self.source.dropped.append(
                Dropped(
                    first_row + int(i),
                    str(cells[int(i)].as_py()).strip(),
                    "a section title (a month alone on its row, no figures)",
                )
            )
        self.source.dropped.sort(key=lambda d: d.row)
        return found

    def _sections(
        self, batch: pa.RecordBatch, found: np.ndarray, keys: dict[int, str], key: str
    ) -> pa.Array | None:
        """The column `key` with each blank cell under a title of that column filled with
        the title (see _titles); None when no cell is. The last title carries to the next batch."""
        if key not in self.wanted or key not in self.coded:
            return None
        titled = sorted(i for i, k in keys.items() if k == key)
        carried = self.section.get(key)
        if carried is None and not titled:
            return None  # the usual case: no section titles in the column
        cells = self._text(batch, key)
        names = [carried] + [str(cells[i].as_py()).strip() for i in titled]
        marks = np.zeros(batch.num_rows, dtype=np.int64)  # 0: the carried title, k: the k-th title
        marks[titled] = np.arange(1, len(titled) + 1)
        at = np.maximum.accumulate(marks)
        fill = _missing(cells, names=True) & ~found
        if carried is None:
            fill &= at > 0
        if titled:
            self.section[key] = names[-1]
        if not fill.any():
            return None
        if key not in self.source.section_columns:
            self.source.section_columns.append(key)
        taken = pc.take(pa.array(names, pa.string()), from_numpy(at[fill]))
        self.source.section_filled += int(fill.sum())
        for name in pc.unique(taken).to_pylist():
            if name not in self.source.section_titles:
                self.source.section_titles.append(name)
        return pc.replace_with_mask(pc.cast(cells, pa.string()), pa.array(fill), taken)

    def _notes(self, batch: pa.RecordBatch, drop: np.ndarray | None, first_row: int) -> np.ndarray | None:
        """Rows of the batch that may be notes under the table: no figure and no date in any
        column kpi reads, text in one cell only, and that text reads as prose (`Notes:`,
        `Cost excludes 20% agency fee`). Whether they are under the table (no row with
        figures after them) is settled by _hold_notes. A planned post (`@nina` with no
        figures yet) names a creator, not prose: it stays a row."""
        self.figures_at = -1  # the batch's last row with a figure, kept (not a totals row)
        texts = [k for k in self.labels if k in self.wanted] + ([FIRST] if FIRST in self.wanted else [])
        figures = [k for k in self.wanted if k not in texts]
        if not texts or not figures:
            return None
        empty = np.ones(batch.num_rows, dtype=bool)
        for key in figures:
            column = batch.column(self.wanted[key])
            text = pa.types.is_string(column.type) or pa.types.is_dictionary(column.type)
            if column.null_count == 0 and not text:
                empty[:] = False  # a figure in every row (the usual case)
                break
            empty &= _missing(column)
            if not empty.any():
                break
        live = np.ones(batch.num_rows, dtype=bool) if drop is None else ~drop
        if not empty.any():
            self.figures_at = int(np.flatnonzero(live)[-1]) if live.any() else -1
            return None
        with_figures = np.flatnonzero(live & ~empty)
        self.figures_at = int(with_figures[-1]) if len(with_figures) else -1
        filled = np.zeros(batch.num_rows, dtype=np.int64)
        cells = {k: ~_missing(batch.column(self.wanted[k])) for k in texts}
        for mask in cells.values():
            filled += mask
        found = empty & live & (filled == 1)
        found[: self.figures_at + 1] = False  # a row with figures after it: inside the table
        self.note_texts = {}
        for i in np.flatnonzero(found):
            key = next(k for k, m in cells.items() if m[i])
            text = str(batch.column(self.wanted[key])[int(i)].as_py()).strip()
            if _is_note(text, named=key != FIRST):
                self.note_texts[first_row + int(i)] = text
            else:
                found[i] = False
        # A KPI summary block under the table (audit J-9): `Total Impressions` | `47000`, `CPM` |
        # `34.04`, a metric's name and its figure in the first two cells, no figure where the
        # table has its figures.
        pairs = empty & live & (filled == 2)
        pairs[: self.figures_at + 1] = False
        order = sorted(texts, key=lambda k: int(self.wanted[k][1:]))
        for i in np.flatnonzero(pairs):
            keys = [k for k in order if cells[k][i]]
            name, value = (str(batch.column(self.wanted[k])[int(i)].as_py()).strip() for k in keys)
            if _is_metric(name) and _FIGURE.fullmatch(value):
                found[i] = True
                self.note_texts[first_row + int(i)] = f"{name}: {value}"
                self.note_whys[first_row + int(i)] = (
                    "a metric's name and its figure under the table: a summary, not a post"
                )
        return found if found.any() else None

    def _hold_notes(
        self, frame: Frame, candidates: np.ndarray | None, notes: np.ndarray | None
    ) -> tuple[Frame, np.ndarray | None]:
        """Take the batch's possible notes out of `frame` (held until the file is read), and
        put back the ones held earlier when this batch has rows with figures: notes between
        rows of the table are rows like the others."""
        if self.pending and self.figures_at >= 0:
            back = tt.concat([p for _, _, p in self.pending])
            self.pending = []
            frame = tt.concat([back, frame])
            if candidates is not None:
                candidates = np.concatenate([np.zeros(len(back), dtype=bool), candidates])
        if notes is None:
            return frame, candidates
        mask = np.isin(frame.rows, list(self.note_texts))
        for i in np.flatnonzero(mask):
            row = int(frame.rows[int(i)])
            self.pending.append((row, self.note_texts[row], frame.take(np.array([int(i)]))))
        frame = frame.take(~mask)
        if candidates is not None:
            candidates = candidates[~mask]
        return frame, candidates

    def _not_sales(self, batch: pa.RecordBatch, first_row: int, drop: np.ndarray | None) -> np.ndarray | None:
        """Rows of an affiliate network's transactions taken back (impact.com's `Reversed`,
        Awin's `declined`, Refersion's `DENIED`, ShareASale's `Voided` 1): left out of every
        figure, counted per status for a note; rows whose status kpi does not know are kept
        and counted too (vocab.counts_as_sale), so neither goes unsaid."""
        found = None
        live = np.ones(batch.num_rows, dtype=bool) if drop is None else ~drop
        match = self.source.columns.profile
        posts = match is not None and match.profile.id == "influencer_tracker"  # a post's stage
        paid = match is not None and match.profile.id == PAYMENTS  # a payment's stage and type
        figured: np.ndarray | None = None
        for key, flag in ((STATUS, False), (VOIDED, True)):
            name = self.wanted.get(key)
            if name is None:
                continue
            arr = batch.column(name)
            if not pa.types.is_dictionary(arr.type):
                arr = pc.dictionary_encode(arr)
            words = [w if isinstance(w, str) else None for w in arr.dictionary.to_pylist()]
            if paid:
                verdicts = [counts_as_payment(w) if flag else counts_as_paid(w) for w in words]
            else:
                verdicts = [counts_as_post(w) if posts else counts_as_sale(w, flag) for w in words]
            if all(v is True for v in verdicts):
                continue  # every status a sale's (the usual batch)
            codes = ints(pc.fill_null(arr.indices, -1))
            header = self.source.headers[int(name[1:])].strip()
            for code, (word, verdict) in enumerate(zip(words, verdicts, strict=True)):
                if verdict is True or word is None:
                    continue
                rows = np.flatnonzero((codes == code) & live)
                if posts and verdict is False and len(rows) and self.merged is not None:
                    # its name and deal fee are merged over the posts below it: left out, they
                    # would lose both (verify J V-1); kept, and said
                    heads = rows[self.merged.heads[rows]]
                    if len(heads):
                        _tally(self.source.head_status, (header, " ".join(word.split())), heads, first_row)
                        rows = rows[~self.merged.heads[rows]]
                        self.merged.status_heads.update(first_row + int(r) for r in heads)
                if posts and verdict is False and len(rows):
                    # `Scheduled` with 12,000 impressions: posted since, the status not updated
                    figured = self._figured(batch) if figured is None else figured
                    stale = rows[figured[rows]]
                    if len(stale):
                        _tally(self.source.stale_status, (header, " ".join(word.split())), stale, first_row)
                    rows = rows[~figured[rows]]
                if not len(rows):
                    continue
                said = "voided" if flag and verdict is False and not paid else " ".join(word.split())
                into = self.source.not_sales if verdict is False else self.source.unknown_status
                _tally(into, (header, said), rows, first_row)
                if verdict is False:
                    if found is None:
                        found = np.zeros(batch.num_rows, dtype=bool)
                    found[rows] = True
        if found is None:
            return drop
        return found if drop is None else drop | found

    def _figured(self, batch: pa.RecordBatch) -> np.ndarray:
        """Rows with a figure of a post's (impressions, views, likes, clicks...) that is not
        0: a tracker row marked `Scheduled` with them went live since."""
        out = np.zeros(batch.num_rows, dtype=bool)
        for key in POST_ROW_FIGURES:
            name = self.wanted.get(key)
            if name is None:
                continue
            arr = batch.column(name)
            filled = ~_missing(arr)
            text = pc.dictionary_decode(arr) if pa.types.is_dictionary(arr.type) else arr
            zero = pc.fill_null(
                pc.equal(pc.utf8_trim_whitespace(pc.cast(text, pa.string())), arrow.text("0")), False
            )
            out |= filled & ~bools(zero)
        return out

    def _restated(self, first_row: int, n: int, drop: np.ndarray | None) -> np.ndarray | None:
        """Rows a first read found restating others (_Levels), left out with a note."""
        found = self.source.level_rows
        if not found:
            return drop
        rows = np.arange(first_row, first_row + n)
        hit = np.isin(rows, np.fromiter(found, dtype=np.int64))
        if not hit.any():
            return drop
        for row in rows[hit]:
            label, why = found[int(row)]
            self.source.dropped.append(Dropped(int(row), label, why))
        self.source.dropped.sort(key=lambda d: d.row)
        return hit if drop is None else drop | hit

    def levels_found(self) -> None:
        """Once the file is read: rows at a higher level than others (Meta's campaign row with its
        ad sets' rows), or a breakdown's `All` beside its slices. Read again without them."""
        if self.levels is None or self.source.level_rows:
            return
        found = self.levels.restated()
        if found:
            self.source.level_rows = found
            raise _Restart(self.source)

    def notes_dropped(self) -> None:
        """The notes still held when the file ends: under the table, left out with a note."""
        for row, text, _ in self.pending:
            why = self.note_whys.get(row, "text only, no figures, under the table: a note")
            self.source.dropped.append(Dropped(row, text, why))
        if self.pending:
            self.source.dropped.sort(key=lambda d: d.row)
        self.pending = []

    def _header_rows(self, batch: pa.RecordBatch, first_row: int) -> np.ndarray | None:
        """Rows that repeat the header row, cell for cell (a byte-order mark and spaces
        aside): two exports of the same columns joined with `cat a.csv b.csv`. They carry no
        figure, and the rows under them are in the same columns, so they are left out with a
        note (the date or number the header word stood in for was the error: `value 'Date' is
        not a date`). Only a batch whose every column is text can hold one (a typed column
        cannot hold its header's word): nearly every batch is passed over at once."""
        columns = [(name, batch.column(name)) for name in batch.schema.names]
        if not columns or not all(_text(column) for _, column in columns):
            return None
        headers = pa.array([h.strip() for h in self.source.headers], pa.string())
        mask: np.ndarray | None = None  # each cell its own column's header
        moved: np.ndarray | None = None  # each cell a header, not all their own: columns reordered
        for name, column in columns:
            header = self.source.headers[int(name[1:])].strip()
            if pa.types.is_dictionary(column.type):
                column = pc.dictionary_decode(column)
            cells = pc.utf8_trim_whitespace(pc.replace_substring(column, "\ufeff", ""))
            same = bools(pc.fill_null(pc.equal(cells, pa.scalar(header, pa.string())), False))
            some = bools(pc.fill_null(pc.is_in(cells, value_set=headers), False))
            mask = same if mask is None else mask & same
            moved = some if moved is None else moved & some
            if not moved.any():
                return None
        assert mask is not None and moved is not None
        moved &= ~mask
        if moved.any():
            row = first_row + int(np.flatnonzero(moved)[0])
            raise InputError(
                f"{self.source.name}, row {row:,}: the header row again, with its columns in another "
                "order (files with different columns joined with cat?); give the files separately, "
                "e.g. kpi score a.csv b.csv"
            )
        if not mask.any():
            return None
        self.source.header_rows += (first_row + np.flatnonzero(mask)).tolist()
        return mask

    def _blank(self, batch: pa.RecordBatch) -> np.ndarray | None:
        """Rows with every column kpi reads blank (`;;;;;` padding rows of a spreadsheet)."""
        columns = [batch.column(i) for i in range(batch.num_columns)]
        if any(c.null_count == 0 and not _text(c) for c in columns):
            return None  # a typed column without a blank: no row can be all blank (the usual case)
        names = {name for key, name in self.wanted.items() if _names(key)}
        mask = np.ones(batch.num_rows, dtype=bool)
        for name, column in zip(batch.schema.names, columns, strict=True):
            mask &= _missing(column, name in names)  # text: `N/A`, `-` are blank, not nulls
            if not mask.any():
                return None
        return mask

    def _candidates(self, batch: pa.RecordBatch, coded: dict[str, Codes]) -> np.ndarray | None:
        """Rows whose label columns are all blank: maybe a summary row (see totals.Held)."""
        if not self.blank_labels:
            return None
        mask = np.ones(batch.num_rows, dtype=bool)
        for key in self.blank_labels:
            if key in coded:
                codes = coded[key].codes
                if codes.min() >= 0:
                    return None  # every row has this label: none is blank (the usual case)
                mask &= codes < 0
            else:
                mask &= _missing(batch.column(self.wanted[key]), names=True)  # `--`, not only nulls
                if not mask.any():
                    return None
        return mask if mask.any() else None

    # ------------------------------------------------------------------ columns

    def _columns(
        self,
        batch: pa.RecordBatch,
        index: np.ndarray,
        coded: dict[str, Codes],
        held: np.ndarray | None,
        converted: Converted | None,
        whole: bool,
    ) -> Frame:
        source = self.source
        columns: dict[str, Any] = {}
        ratios: dict[str, pa.Array] = {}
        parts: dict[str, list[Any]] = {}
        names: list[pa.Array] = []
        orders: pa.Array | None = None
        for key, name in self.wanted.items():
            arr = batch.column(name)
            if key.startswith(PART):
                at = int(key[len(PART) :])
                part = source.columns.parts[at]
                values = self._numbers(part, arr, index, header=source.columns.header(at).text, total=key)
                parts.setdefault(part, []).append(values)
            elif key in source.kind.numeric:
                ready = _ready(converted, key, source, whole, arr)
                made = None  # the worker's numpy of them, when taken as it made them
                if converted is not None and ready is not None and whole:
                    made = converted.ready.get(key)
                columns[key] = self._numbers(key, arr, index, ready, made=made)
            elif key == "date" and pa.types.is_date(arr.type):
                self._check_years(arr, index)
                columns[key] = seconds(arr)
            elif key in ("date", DATE_END):
                columns[key] = self._dates(arr, index, key)
                style = source.dates.get("date")
                if key == "date" and style is not None and style.months and DATE_END not in self.wanted:
                    columns[DATE_END] = dt.month_ends(columns[key])  # a month's row runs to its last day
            elif key == "post_id":
                self._check_post_ids(arr, index)
                if source.post_style is None:  # until a batch tells (see score: posts counted twice?)
                    source.post_style = post_style(blank_to_null(arr))
                columns[key] = blank_to_null(arr)  # Arrow text as it is: it is only hashed
            elif key.startswith(RATIO):
                ratios[key[len(RATIO) :]] = arr
            elif key == CURRENCY:
                self._currency_column(key, coded[key])
            elif key == RESULT_TYPE:
                self._result_types(arr, index)
            elif key.startswith(LABEL) or key == FIRST:
                names.append(arr)
            elif key.startswith(FALLBACK) or key in (STATUS, VOIDED):
                continue  # read into its column's cells (_text); rows left out (_not_sales)
            elif key == ORDER:  # an affiliate network's transactions: each order one conversion
                orders = arr  # counted once the sale amounts are read (_orders)
            else:
                columns[key] = coded[key]
        for count in COUNT_FALLBACKS:
            liked = self.wanted.get(fallback_key(count))
            if liked is not None and count in columns:  # blank Reactions: the row's Likes (chunks)
                other = source.columns.count_fallback(count)
                assert other is not None
                values = self._numbers(
                    count, batch.column(liked), index, header=other.text, total=f"{FALLBACK}{count}"
                )
                # Link clicks of 0 beside a story's Swipe Ups: the swipe-ups (audit Z-2).
                columns[count] = _coalesce(columns[count], values, zero=count in COUNT_ZERO_FALLS_BACK)
        networks = {h.network: i for i, h in enumerate(source.columns.headers) if h.network is not None}
        if networks and "followers" in parts:  # each row takes its own network's followers
            picked = self._by_network(columns, parts.pop("followers"), networks, len(index))
            columns["followers"] = picked
        for part, added in parts.items():  # `Fee` + `Product Value`, `Paid likes` + `Organic likes`
            columns[part] = _sum_parts([columns[part], *added])
        if orders is not None:
            columns["conversions"] = self._orders(orders, columns.get("revenue"))
        if self.platform is not None:  # a TikTok Ads export has no Platform column: it is TikTok
            columns["platform"] = Codes.constant(self.platform, len(index))
        if names and "post_id" not in self.wanted and self.records <= _NAMES_HASHED:
            columns[NAMES] = _names_hash(names)
        if self.not_posts is not None:  # an ads manager's rows: no posts (kpis.Aggregator)
            columns[NOT_POSTS] = Codes.constant(self.not_posts, len(index))
        if self.followers_level is not None:  # an account's followers by day (kpis._plan)
            columns[FOLLOWERS_LEVEL] = Codes.constant(self.followers_level, len(index))
        if self.reach_days is not None:  # an account's or campaigns' reach by day (kpis._of_days)
            columns[REACH_DAYS] = Codes.constant(self.reach_days, len(index))
        if self.read_alone is not None:  # Sprout's Engagements, clicks and all (kpis.kpi_table)
            columns[READ_ALONE] = Codes.constant(self.read_alone, len(index))
        frame = Frame(columns, index)
        if ratios:  # rows held back as a possible summary are not checked: they may be one
            keep = None if held is None else ~held
            self._check_ratios(
                frame if keep is None else frame.take(keep),
                ratios if keep is None else {k: pc.filter(a, from_numpy(keep)) for k, a in ratios.items()},
            )
        return frame

    def _orders(self, arr: pa.Array, revenue: Any) -> np.ndarray:
        """Conversions of an affiliate network's transactions: one an order (audit O-4).

        The first row of an order ID is one conversion; another row of the same order is none
        (TikTok Shop's next SKU line of the order). A row whose sale amount is below 0 is a
        correction or a return of an earlier sale (CJ's correction rows, Rakuten's returns):
        it is no order of its own, and once the order's amounts add up to 0 or less it takes
        the order back off (-1 on that row, as the sale amount comes off on it: Google Ads'
        retractions, read the same way in _not_negative). CJ's 3 orders with a full and a
        partial return were 5 conversions; now 2. A row without an order ID is none."""
        filled = ~_missing(arr, names=True)
        if pa.types.is_dictionary(arr.type):
            arr = pc.dictionary_decode(arr)
        ids = pc.cast(arr, pa.string()).to_pylist()
        if revenue is None:
            amounts = np.zeros(len(ids))
        elif isinstance(revenue, np.ndarray):
            amounts = np.nan_to_num(revenue.astype(np.float64, copy=False))
        else:
            amounts = np.nan_to_num(floats(revenue))
        out = np.zeros(len(ids), dtype=np.int64)
        state = self.orders  # order ID -> (its amounts so far, counted as a conversion)
        for i in np.flatnonzero(filled):
            key = ids[i].strip()
            amount = float(amounts[i])
            net, counted = state.get(key, (0.0, False))
            net += amount
            if amount < 0:
                if counted and net <= 0:
                    out[i], counted = -1, False
            elif not counted:
                out[i], counted = 1, True
            state[key] = (net, counted)
        return out

    def _by_network(
        self, columns: dict[str, Any], added: list[Any], networks: dict[str, int], n: int
    ) -> np.ndarray:
        """Each row's followers from the column of the network its platform cell names; blank
        where no column is of that network (never another network's count)."""
        from kpi_cli.read.mapping import network_of

        headers = self.source.columns.headers
        main = next(h for h in headers if h.role == "followers")
        parts = [h for h in headers if h.part == "followers"]
        platform = columns["platform"]
        cells = np.array([network_of(str(c)) for c in platform.categories] + [None], dtype=object)
        row_networks = cells[np.asarray(platform.codes)]  # code -1 (blank) is the None at the end
        out = np.full(n, np.nan)
        for head, values in zip([main, *parts], [columns["followers"], *added], strict=True):
            rows = row_networks == head.network
            out[rows] = floats(values)[rows]
        return out

    def _numbers(
        self,
        key: str,
        arr: pa.Array,
        index: np.ndarray,
        ready: nb.Parsed | None = None,
        header: str | None = None,
        total: str | None = None,
        made: Ready | None = None,
    ) -> Any:
        """`key`'s numbers (`ready`: as a worker converted them), or the error of its first bad cell.

        `header` and `total` name a column added to `key` (`Product Value` to spend) and the
        running total its cells are checked against. `made`: `ready`'s values as numpy, with
        their bounds, made by the worker too (convert.Ready)."""
        source = self.source
        parsed = ready if ready is not None else nb.parse_column(arr, source.decimal.mark)
        header = header or source.columns.mapped[key]
        if parsed.bad_index is not None and key == "spend" and total is None:
            parsed = self._gifted(arr, index, header) or parsed
        if parsed.bad_index is not None:
            row = int(index[parsed.bad_index])
            if parsed.flip and source.decimal.row is None and source.options.decimal is None:
                other = nb.OTHER_MARK[source.decimal.mark]
                source.decimal = DecimalMark(other, row, header, str(parsed.bad_value).strip())
                source.decimal_guess = ""
                source.notes.append(
                    f"numbers read with a decimal {nb.MARK_NAMES[other]} after all: "
                    f"{quoted(str(parsed.bad_value).strip())} (row {row:,}, column "
                    f"{quoted(header)}) reads only that way"
                )
                raise _Restart(source)
            if parsed.flip:
                shown = source.decimal.describe()
                raise cell_error(
                    source.name, row, header, parsed.bad_value,
                    f"is written with the other decimal mark than the rest of the file ({shown}); "
                    "write every number one way, or give --decimal-comma / --decimal-point",
                )  # fmt: skip
            lost = re.search(r"\d[?_]\d", str(parsed.bad_value))
            if source.encoding in ("cp1252", "cp1250", "mac_roman") and lost:
                raise cell_error(
                    source.name, row, header, parsed.bad_value,
                    "lost a character when the sheet was saved as Windows-1252 (a narrow space "
                    "between digits becomes '?'); save it as CSV UTF-8 and export again",
                )  # fmt: skip
            if parsed.why:  # a space that groups nothing, a formula error, a mark kpi does not read
                raise cell_error(source.name, row, header, parsed.bad_value, parsed.why)
            _refuse_pairs(source, header, str(parsed.bad_value), row)
            gift = "write 0 if no fee was paid (a gifted post), " if key == "spend" and total is None else ""
            raise cell_error(
                source.name, row, header, parsed.bad_value,
                "is not a number; write a plain number such as 1234, 1,234.50, $12.40 or 1.2K, "
                f"{gift}or leave the cell blank if it is unknown; --map '{header}=ignore' if the column "
                "holds no figures",
            )  # fmt: skip
        if parsed.percent_index is not None:
            row = int(index[parsed.percent_index])
            if total is None and self._rate_column(key, arr, parsed, header, row):
                raise _Restart(source)  # read again without it
            raise cell_error(
                source.name, row, header, arr[parsed.percent_index].as_py(),
                f"is a percentage, but {quoted(header)} is read as {key.replace('_', ' ')}, a total; "
                f"map the column to what it is (--map '{header}=ignore') or export the "
                f"{key.replace('_', ' ')}",
            )  # fmt: skip
        if parsed.currencies and key not in source.kind.money:  # `$1,200.50` as conversions: money
            mark = sorted(parsed.currencies)[0]
            at = pc.index(pc.match_substring(pc.cast(arr, pa.string()), mark), True).as_py()
            raise cell_error(
                source.name, int(index[max(at, 0)]), header, arr[max(at, 0)].as_py(),
                f"is money, but {quoted(header)} is read as {key.replace('_', ' ')}, a count; map the "
                f"column to what it is (--map '{header}=revenue', or '{header}=ignore')",
            )  # fmt: skip
        if parsed.currencies and key in source.kind.money:
            for mark in sorted(parsed.currencies):  # in one order whatever the hash seed
                try:
                    locate = partial(_mark_at, arr, index, header, mark)
                    self._currency(currency_code(mark), f"{quoted(mark)} in column {quoted(header)}", locate)
                except InputError:
                    _again_as_text(source, key, arr)  # a worker made the cells numbers: to name the cell
                    raise
        if made is None:
            values = _numeric_array(parsed.values)
        else:
            values = made.data if made.mask is None else Ints(made.data, made.mask)
        if key in WHOLE_COUNTS and pa.types.is_floating(parsed.values.type):
            with np.errstate(invalid="ignore"):
                part = np.flatnonzero(np.isfinite(values) & (values != np.floor(values)))
            if len(part):  # a rate or an average read as a count: 0.042 "engagements"
                # (the cells may be numbers already: 12,345 in a decimal-comma file is 12.345; audit U-6)
                _again_as_text(source, key, arr)
                at = int(part[0])
                raise cell_error(
                    source.name, int(index[at]), header, str(arr[at].as_py()),
                    f"is a fraction, but {quoted(header)} is read as {key.replace('_', ' ')}, a "
                    "count of whole "
                    f"ones; map the column to what it is (--map '{header}=ignore') or export the counts",
                )  # fmt: skip
        limit = _MONEY_LIMIT if key in source.kind.money else _COUNT_LIMIT
        data = values.data if isinstance(values, Ints) else values
        if key in source.kind.counts and (source.kind is SCORE_COLUMNS or key != "followers"):
            self._not_negative(key, arr, index, data, header, made)  # (lift's followers: brand.py says why)
        count = len(parsed.values) - parsed.values.null_count
        bad, why = self.headroom.check(total or key, data, count, limit, made)
        if bad is not None:
            # (the CSV reader may have made the cells numbers: 12345678901234567, 1.2345678901234568e+16)
            _again_as_text(source, key, arr)
            raise cell_error(source.name, int(index[bad]), header, str(arr[bad].as_py()), why)
        if count:
            self.counted.add(key)
        return values

    def _rate_column(self, key: str, arr: pa.Array, parsed: nb.Parsed, header: str, row: int) -> bool:
        """Leave a column unread whose every cell is a percentage: a rate the file worked out
        (Emplifi-style `Engagement` of `4.36%`, Amazon Associates' `Conversion` of `4.17%`), not
        the count its header names; kpi works rates out from counts (audit K-2: the whole file was
        refused, though its Likes and Comments make the engagements). Not once an earlier batch
        had numbers in it (then a percentage among them is a mistake: the cell's error), nor
        for a column given with --map. Returns whether it was left unread."""
        source = self.source
        head = next((h for h in source.columns.headers if h.role == key), None)
        if head is None or head.via == "--map" or key in self.counted:
            return False
        text = pc.cast(arr, pa.string())
        percent = pc.sum(pc.match_substring_regex(text, r"%\s*$")).as_py() or 0
        if percent < len(arr) - parsed.missing:
            return False  # counts with a percentage among them: the cell's error
        value = str(arr[parsed.percent_index].as_py()).strip()
        name = key.replace("_", " ")
        head.role, head.feeds = None, key
        head.reason = (
            f"its cells are percentages ({quoted(value)}, row {row:,}): a rate, not {name}; kpi works "
            "rates out from counts"
        )
        within = ENGAGEMENT_PARTS if key == "engagements" else ()
        parts = [h.text for h in source.columns.headers if h.role in within]
        built = f"; the {name} are added up from {', '.join(quoted(p) for p in parts)}" if parts else ""
        source.notes.append(
            f"{quoted(header)} left unread: its cells are percentages ({quoted(value)}, row {row:,}), "
            f"a rate, not {name}{built}"
        )
        return True

    def _not_negative(
        self, key: str, arr: pa.Array, index: np.ndarray, data: Any, header: str, made: Ready | None = None
    ) -> None:
        """Refuse a count below 0. Spend and revenue may be (a refund, a credit: kept, with a
        note); a count never is, and one would turn a cost KPI negative (CPC -$2.31), which
        the bands, open below, would call excellent. A retracted conversion or a returned
        purchase (Google Ads' conversion adjustments) comes off the row it corrects.

        Conversions alone may be below 0 on a row: Google Ads retracts a conversion or restates
        its value after the fact (ConversionAdjustmentType RETRACTION: "negates a conversion
        so that its total value and count are both zero", developers.google.com), and a report
        by day shows the adjustment on the day it was made. Read, with a note, as long as the
        column adds up to 0 or more (adjustments_checked). `made`: the worker's bounds and sum."""
        if made is not None and not made.lo < 0:  # no cell below 0 (NaN: every cell blank)
            if key == "conversions":
                assert made.total is not None
                self.conversions_total += made.total
            return
        with np.errstate(invalid="ignore"):
            below = np.flatnonzero(np.asarray(data) < 0)
        if key == "conversions":
            self.conversions_total += float(np.nansum(np.asarray(data, dtype=np.float64)))
            if len(below):
                at = int(below[0])
                if self.adjusted is None:
                    self.adjusted = (int(index[at]), header, str(arr[at].as_py()))
                self.adjusted_rows += len(below)
            return
        if not len(below):
            return
        source, at = self.source, int(below[0])
        if key in source.text_columns or not source.fast:  # read as text, yet a worker made numbers of it
            _again_as_text(source, key, arr)
        name = key.replace("_", " ")
        raise cell_error(
            source.name, int(index[at]), header, str(arr[at].as_py()),
            f"is below 0, and {name} is a count, which never is; correct the cell, or "
            f"--map '{header}=ignore' if the column holds changes, not {name}",
        )  # fmt: skip

    def _gifted(self, arr: pa.Array, index: np.ndarray, header: str) -> nb.Parsed | None:
        """The spend column parsed with its `Gifted`, `Free`, `Product only` cells (columns.
        ZERO_FEES) as 0, or None when it has none. A gifted post was paid no fee: a known 0,
        which cost per post and CPM pair with its impressions. Left blank, as the error used
        to advise, it was an unknown fee, and the gifted post fell out of them (audit J-12)."""
        text = pc.cast(arr, pa.string())
        zero = pc.fill_null(
            pc.is_in(pc.utf8_lower(pc.utf8_trim_whitespace(text)), value_set=_zero_fees()), False
        )
        if not pc.any(zero).as_py():
            return None
        if self.gifted is None:
            at = pc.index(zero, True).as_py()
            self.gifted = (int(index[at]), header, str(text[at].as_py()).strip())
        self.gifted_rows += int(pc.sum(pc.cast(zero, pa.int64())).as_py() or 0)
        return nb.parse_column(pc.if_else(zero, pa.scalar("0", pa.string()), text), self.source.decimal.mark)

    def gifts_noted(self) -> None:
        """Once the file is read: a note on the fees read as 0 from words (`Gifted`)."""
        if self.gifted is None:
            return
        row, header, cell = self.gifted
        n = self.gifted_rows
        self.source.notes.append(
            f"{quoted(cell)} in {quoted(header)} read as a fee of 0 on {n:,} row{'s' if n != 1 else ''} "
            f"(first: row {row:,}): a gifted post is paid no fee; a product's value counts in spend "
            "when written in a column of its own (Product Value)"
        )

    def adjustments_checked(self) -> None:
        """Once the file is read: conversions below 0 on some rows (adjustments) are read, with a
        note, when the column adds up to 0 or more; below 0 in all, they are no adjustments of
        conversions counted here: an error at the first such cell."""
        if self.adjusted is None:
            return
        row, header, cell = self.adjusted
        n, total = self.adjusted_rows, self.conversions_total
        rows = f"{n:,} row{'s' if n != 1 else ''}"
        if total < 0:
            raise cell_error(
                self.source.name, row, header, cell,
                f"is below 0, and conversions is a count: adjustments on {rows} take off more than "
                f"the file counts (its conversions add up to {total:,.6g}); correct the cell (a "
                "retracted conversion or a returned purchase comes off the row it corrects)",
            )  # fmt: skip
        self.source.notes.append(
            f"conversions below 0 in {rows} (first: row {row:,}, {quoted(header)} {quoted(cell)}): read as "
            f"adjustments (retracted or restated conversions); the column adds up to {total:,.6g}"
        )

    def _dates(self, arr: pa.Array, index: np.ndarray, key: str = "date") -> np.ndarray:
        """`key`'s dates (the date column, or where each row's period ends: read the same way)."""
        source = self.source
        header = (
            source.columns.mapped["date"]
            if key == "date"
            else source.columns.headers[source.columns.role_index("date end")[0]].text
        )
        # (the end of a row's period in its own style when its cells showed one: sniff)
        style = source.dates.get("date end" if key == DATE_END else "date") or source.dates.get("date")
        if style is None:  # the sniffed rows had no date to go by: this batch's first ones decide
            values = [
                (int(index[i]), v)
                for i, v in enumerate(pc.cast(arr.slice(0, 2000), pa.string()).to_pylist())
                if v
            ]
            try:
                style = dt.decide(values, source.options.dayfirst)
            except dt.DateMix as mix:
                raise InputError(
                    f"{source.name}, column {quoted(header)}: mixes {mix.what}: {quoted(mix.first[1])} "
                    f"(row {mix.first[0]:,}) "
                    f"and {quoted(mix.second[1])} (row {mix.second[0]:,}); write every date of the "
                    "column one way"
                ) from None
            except dt.DateDoubt as doubt:
                raise InputError(f"{source.name}, column {quoted(header)}: {doubt}") from None
            if style is None:
                bad = next(
                    (i for i, v in enumerate(pc.cast(arr, pa.string()).to_pylist()) if v and v.strip()), 0
                )
                value = arr[bad].as_py()
                if dt.without_year(str(value)):  # audit A-5: TikTok Studio's `July 16`
                    raise cell_error(
                        source.name, int(index[bad]), header, value, _no_year(source, header, value)
                    )
                if dt.month_year_short(str(value)):  # check F-12: Excel's mmm-yy
                    raise cell_error(
                        source.name, int(index[bad]), header, value,
                        "reads as Excel's month and two-digit year (mmm-yy: Mar-24 is March 2024) or as a "
                        "day without its year; format the column as full dates (2024-03-01) and export "
                        f"again, or --map '{header}=ignore' to score without dates",
                    )  # fmt: skip
                raise cell_error(
                    source.name, int(index[bad]), header, value,
                    "is not a date kpi can read; write dates as 2025-03-31 (or 03/31/2025) throughout "
                    f"the column, or --map '{header}=ignore' to score without dates",
                )  # fmt: skip
            source.dates["date"] = style
        refuse_months(source, header, style)
        parsed = dt.parse(arr, style, source.options.years)
        if parsed.two_digit_years and key not in source.short_years:
            source.short_years.add(key)
            first = pc.index(pc.match_substring_regex(pc.cast(arr, pa.string()), _SHORT_YEAR), True).as_py()
            shown = f" ({quoted(arr[first].as_py())}, row {int(index[first]):,})" if first >= 0 else ""
            source.notes.append(f"dates in {quoted(header)} have two-digit years{shown}: read as 20xx")
        if parsed.bad_index is None:
            return parsed.values
        row = int(index[parsed.bad_index])
        if parsed.flip:
            source.dates["date"] = style.flipped()
            source.notes.append(
                f"dates in {quoted(header)} read as {source.dates['date'].describe()} after all: "
                f"{quoted(parsed.bad_value)} (row {row:,}) reads only that way"
            )
            raise _Restart(source)
        if "has the year" in parsed.problem:
            raise cell_error(source.name, row, header, parsed.bad_value, parsed.problem)
        fix = "write every date of the column one way, e.g. 2025-03-31"
        if "month name" in parsed.problem:
            fix = f"write the dates as 2025-03-31, or --map '{header}=ignore' to score without dates"
        if "real date" in parsed.problem:
            fix = "no such day in the calendar; fix the date"
            if style.guessed is False and style.order in ("mdy", "dmy", "yymd"):
                fix = f"the column reads as {style.describe()} ({style.why}); fix the date"
        raise cell_error(source.name, row, header, parsed.bad_value, f"{parsed.problem}; {fix}")

    def _check_post_ids(self, arr: pa.Array, index: np.ndarray) -> None:
        """A post ID Excel rewrote in scientific form (`7.48024E+18`) has lost its digits:
        Excel keeps 15 significant digits and shows longer numbers (TikTok's and X's
        19-digit IDs) as 7.48024E+18, so posts a minute apart share one "ID". Counting
        them by ID would merge them, so the cell is an error that says how to keep the
        digits, or how to count each row as a post instead."""
        text = pc.cast(arr, pa.string()) if not pa.types.is_string(arr.type) else arr
        if not _has_byte(text, b"+"):  # one byte scan: the caseless search below is a regex pass
            return
        if not pc.any(pc.match_substring(text, "E+", ignore_case=True)).as_py():
            return
        found = pc.fill_null(pc.match_substring_regex(text, _EXCEL_SCIENTIFIC), False)
        at = pc.index(found, True).as_py()
        if at < 0:
            return
        header = self.source.columns.mapped["post_id"]
        raise cell_error(
            self.source.name, int(index[at]), header, text[at].as_py(),
            "is a post ID Excel rewrote in scientific form, its last digits lost (Excel keeps 15), "
            "so different posts look alike; download the export again and open it without Excel, or "
            f"import it with this column as Text (Data › From Text/CSV); or --map '{header}=ignore' "
            "to count each row as a post",
        )  # fmt: skip

    def _check_years(self, arr: pa.Array, index: np.ndarray) -> None:
        """ISO dates the CSV reader typed itself are held to the same years as the others."""
        lo, hi = (v.as_py() for v in pc.min_max(arr).values())
        years = self.source.options.years
        if lo is None or (years[0] <= lo.year and hi.year <= years[1]):
            return
        year = pc.year(arr)
        outside = pc.or_(pc.less(year, years[0]), pc.greater(year, years[1]))
        bad = pc.index(pc.fill_null(outside, False), True).as_py()
        header = self.source.columns.mapped["date"]
        raise cell_error(
            self.source.name, int(index[bad]), header, arr[bad].as_py().isoformat(),
            dt.year_problem(arr[bad].as_py().year, years),
        )  # fmt: skip

    # ------------------------------------------------------------------ currencies, ratios

    def _result_types(self, arr: pa.Array, index: np.ndarray) -> None:
        """Results is read as conversions only while every row's result type is a purchase:
        a row of another type (link clicks, reach) and the file is read again without it."""
        words = arr.dictionary.to_pylist() if pa.types.is_dictionary(arr.type) else arr.to_pylist()
        other = next((w for w in words if w and w.strip() and not PURCHASES.search(w)), None)
        if other is None:
            return
        source = self.source
        at = next(i for i, w in enumerate(pc.cast(arr, pa.string()).to_pylist()) if w == other)
        (head,) = [h for h in source.columns.headers if h.results]
        head.role, head.via = None, ""
        head.reason = (
            f"mixes result types ({quoted(other.strip())} on row {int(index[at]):,}), so it is not "
            "conversions; "
            f"--map '{head.text}=conversions' if it should be"
        )
        source.results_by = None
        raise _Restart(source)

    def _currency_column(self, key: str, values: Codes) -> None:
        header = self.source.headers[int(self.wanted[key][1:])]
        for word in values.used():
            code = currency_cell(str(word))
            if code:
                self._currency(code, f"column {quoted(header)}")
            elif code is None:
                seen = {**self.source.currencies_seen, **self.source.relabelled}
                unknown_currency(self.source, str(word).strip(), f"column {quoted(header)}", seen)

    def _currency(self, code: str, where: str, locate: Callable[[], str] | None = None) -> None:
        """A currency seen in the batch's cells: settled as the file's, or refused beside
        another. `locate` names the first cell of it (with its row), for a currency seen
        for the first time: a `€` past the sniffed rows was named by its column alone
        (audit U-5)."""
        source = self.source
        if source.options.currency is None and code not in source.currencies_seen:
            settle_currency(source, {**source.currencies_seen, code: locate() if locate else where})
        elif source.options.currency is not None:  # said by the score (see _decide_currency)
            said = resolve_currencies({code: where, source.options.currency: "--currency"})
            for other, at in said.items():
                if other != source.options.currency:  # a bare `$` beside --currency CAD is CAD
                    source.relabelled.setdefault(other, at)

    def _check_ratios(self, frame: Frame, ratios: dict[str, pa.Array]) -> None:
        """Compare a file's own ratio columns with the same KPI recomputed from each row's counts."""
        source = self.source
        for kpi, arr in ratios.items():
            parsed = nb.parse_column(arr, source.decimal.mark)
            if parsed.bad_index is not None:
                continue  # `< 10%`, `--`: text where the ratio could not be given; nothing to compare
            theirs = floats(_numeric_array(parsed.values))
            ours = _row_ratio(kpi, frame)
            if ours is None:
                continue
            both = ~np.isnan(theirs) & np.isfinite(ours)
            if not both.any():
                continue
            a, b = theirs[both], ours[both]
            close = _close(a, b)
            if kpi in ("ctr", "conversion_rate", "video_completion_rate", "engagement_rate"):
                close |= _close(a * 100, b)  # written as a fraction (0.0154 for 1.54%)
            header = source.headers[int(self.wanted[f"{RATIO}{kpi}"][1:])]
            check = source.ratio_checks.setdefault(kpi, RatioCheck(header))
            check.compared += int(both.sum())
            differ = ~close
            check.differ += int(differ.sum())
            if check.example is None and differ.any():
                at = int(differ.argmax())
                check.example = (int(frame.rows[both][at]), float(a[at]), float(b[at]))


def _mark_at(arr: pa.Array, index: np.ndarray, header: str, mark: str) -> str:
    """The first cell of `arr` holding the currency `mark`, as `'€12.00' in column 'Spend',
    row 16,002` (rows in `index`)."""
    at = pc.index(pc.match_substring(pc.cast(arr, pa.string()), mark), True).as_py()
    if at is None or at < 0:
        return f"{quoted(mark)} in column {quoted(header)}"
    return f"{quoted(str(arr[at].as_py()).strip())} in column {quoted(header)}, row {int(index[at]):,}"


@lru_cache(maxsize=1)
def _zero_fees() -> pa.Array:
    return pa.array(ZERO_FEES, pa.string())


def _ready(
    converted: Converted | None, key: str, source: Source, whole: bool, arr: pa.Array
) -> nb.Parsed | None:
    """`key`'s numbers as a worker converted them, if they can be taken (None: parse `arr`).

    With rows left out, a column the worker replaced by its numbers is those numbers
    (`arr`, filtered) with the currencies it saw; one still text is parsed again."""
    ready = converted.number(key, source) if converted is not None else None
    if ready is None or whole:
        return ready
    assert converted is not None
    if key not in converted.replaced:
        return None
    return nb.Parsed(arr, arr.null_count, None, None, currencies=ready.currencies)


def _has_byte(text: pa.Array, byte: bytes) -> bool:
    """Whether any value of a string array holds the ASCII `byte` (a byte of a null's
    span counts too: a prefilter only), in one numpy pass over its buffer."""
    offsets, data = text_bytes(text)
    return bool(len(text)) and bool((data[offsets[0] : offsets[-1]] == byte[0]).any())


_EXCEL_SCIENTIFIC = r"^\s*\d(?:[.,]\d+)?[eE]\+\d{1,3}\s*$"  # 7.48024E+18, German Excel's 7,48024E+18


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Equal but for the rounding of a figure written with a few decimals."""
    return np.abs(a - b) <= 0.0051 + 0.005 * np.abs(b)


def _row_ratio(kpi: str, frame: Frame) -> np.ndarray | None:
    """Each row's own KPI from its counts (NaN where a count is blank or the divisor 0)."""

    def col(name: str) -> np.ndarray:
        return floats(frame[name])

    pairs = {
        "ctr": ("clicks", "impressions", 100.0),
        "cpm": ("spend", "impressions", 1000.0),
        "cpc": ("spend", "clicks", 1.0),
        "cpa": ("spend", "conversions", 1.0),
        "frequency": ("impressions", "reach", 1.0),
        "roas": ("revenue", "spend", 1.0),
        "conversion_rate": ("conversions", "clicks", 100.0),
        "video_completion_rate": ("completed_views", "views", 100.0),
        "engagement_rate": ("engagements", "impressions", 100.0),
    }
    if kpi not in pairs:
        return None
    num, den, scale = pairs[kpi]
    if num not in frame.columns or den not in frame.columns:
        return None
    denominator = col(den)
    denominator = np.where(denominator != 0, denominator, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (col(num) / denominator) * scale


def _text(column: pa.Array) -> bool:
    return (
        pa.types.is_dictionary(column.type)
        or pa.types.is_string(column.type)
        or pa.types.is_large_string(column.type)
    )


def _names(key: str) -> bool:
    """Whether a wanted column holds names (a dimension, a label), not numbers or dates."""
    return (
        (key in DIMENSIONS and key != "date")
        or key.startswith(LABEL)
        or key in (FIRST, CURRENCY, RESULT_TYPE, STATUS, VOIDED, ORDER)
    )


def _missing(column: pa.Array, names: bool = False) -> np.ndarray:
    """Which cells are blank (null, or an empty or missing-value text; `names`: a column of
    names, where `NA` is a name: see labels.blank_to_null)."""
    if pa.types.is_dictionary(column.type):
        blank = pc.is_null(blank_to_null(column.dictionary, names))  # ` --`, `N/A`, spaces: blank too
        hits = pc.indices_nonzero(blank)
        if not len(hits):  # no value is a blank (a date column, most label columns): nulls only
            return bools(pc.is_null(column.indices))
        mask = pc.is_in(column.indices, value_set=pc.cast(hits, column.indices.type))
        return bools(pc.fill_null(pc.or_(pc.fill_null(mask, False), pc.is_null(column.indices)), True))
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return bools(pc.is_null(blank_to_null(column, names)))
    return bools(pc.is_null(column))


_FIGURE_CELL = r"^\s*[-+(]?\s*\d[\d.,'\s\x{a0}\x{202f}]*%?\)?\s*$"


def _figures(column: pa.Array) -> np.ndarray:
    """Which cells are a number as written (`120.5`, `1,234`, `4.5%`), not a name."""
    text = pc.dictionary_decode(column) if pa.types.is_dictionary(column.type) else column
    if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)):
        return np.zeros(len(column), dtype=bool)
    return bools(pc.fill_null(pc.match_substring_regex(text, _FIGURE_CELL), False))


def _empty(column: pa.Array) -> np.ndarray:
    """Which text cells are empty (null, or spaces only): what a merged cell's lower rows export as."""
    text = pc.dictionary_decode(column) if pa.types.is_dictionary(column.type) else column
    text = pc.utf8_trim_whitespace(pc.cast(text, pa.string()))
    return bools(pc.fill_null(pc.equal(text, arrow.text("")), True))


# A post ID or link is longer than a totals label (`https://www.instagram.com/p/...`, 18
# digits) or has no letter: only cells this short are matched against the totals pattern.
_SHORT_LABEL = 40


def _short_post_totals(
    arr: pa.Array | pa.ChunkedArray, extra: tuple[Any, ...], words: bool, rows: np.ndarray | None = None
) -> np.ndarray | None:
    """Which cells of a post-ID column that does not open the row read as totals labels: its
    cells of a label's length only, so a column of links costs one pass over its offsets;
    with `rows`, only in those rows (the undated ones of a dated export)."""
    if rows is not None and not len(rows):
        return None
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type) or not (
        pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)
    ):
        return tt.totals_mask(arr, extra, words)
    offsets, _ = text_bytes(arr)
    short = np.flatnonzero(np.diff(offsets) <= _SHORT_LABEL)
    if rows is not None:
        short = np.intersect1d(short, rows, assume_unique=True)
    if not len(short):
        return None
    found = tt.totals_mask(pc.take(arr, from_numpy(short, pa.int64())), extra, words)
    if found is None:
        return None
    mask = np.zeros(len(arr), dtype=bool)
    mask[short[found]] = True
    return mask


class _Merged:
    """A creator's cells merged over their posts (audit J-4; sniff._merged_names): the name,
    platform and deal fee in the top row only, the rows below blank there, each with a
    post ID of its own. Such a row (a post with a blank name, under a post with a name or
    under one filled from it) takes the text cells above it: the name, and the platform,
    tier, campaign... where blank. Its blank fee is the deal fee above it, already counted
    on the top row: it reads as 0, so the fee pairs with every post it paid for (cost per
    post, CPM, CPE over all the creator's posts, not over their first). A row without a
    post ID (a subtotal, a note) ends the block. Carried from batch to batch.

    A tracker without a post-ID column (J V-4) has its posts told by the sniff, by their
    figures (sniff._merged_posts: `posts`, rows by number): a blank-labelled subtotal or
    total is none, and ends the block as a row without an ID does; so does a row named as a
    total (`@mia Total`, `Grand Total`)."""

    def __init__(
        self, source: Source, wanted: dict[str, str], keys: list[str], posts: np.ndarray | None = None
    ) -> None:
        self.source = source
        self.wanted = wanted
        self.keys = keys  # the text columns filled
        self.posts = posts  # without post IDs: the rows that are posts, by number (sorted)
        self.carry: dict[str, Any] | None = None  # the cells of the last named post, if its block runs on
        self.cells: dict[str, pa.Array] = {}  # this batch's filled text columns
        self.fee_rows: np.ndarray = np.zeros(0, dtype=np.int64)  # this batch's rows whose fee reads as 0
        self.heads: np.ndarray = np.zeros(0, dtype=bool)  # this batch's rows merged over the rows below
        self.status_heads: set[int] = set()  # ... of those, rows of a post not live (frames._not_sales)

    @classmethod
    def of(cls, source: Source, wanted: dict[str, str]) -> _Merged | None:
        if not source.merged_names or "influencer" not in wanted:
            return None
        posts = None
        if "post_id" not in source.columns.index:
            if not source.merged_posts:
                return None
            posts = np.asarray(source.merged_posts, dtype=np.int64)
        elif "post_id" not in wanted:
            return None
        keys: list[str] = [
            k for k in ("influencer", "platform", "tier", "campaign", "format", "client") if k in wanted
        ]
        return cls(source, wanted, keys, posts)

    def look(self, batch: pa.RecordBatch, first_row: int) -> None:
        """Find the batch's rows under a named post, and fill their text cells."""
        n = batch.num_rows
        names = batch.column(self.wanted["influencer"])
        has_name = ~_missing(names, names=True)
        blank_row = self._blank_rows(batch)
        if self.posts is None:
            # a totals label typed in the post column (`Total` left of the first sum, in a sheet
            # without dates) is no post: it ends the block, and is dropped as a totals row (audit Y)
            ids = batch.column(self.wanted["post_id"])
            has_id = ~_missing(ids) & ~self._totals(ids)
        else:  # no post IDs: the rows the sniff found posts (J V-4)
            has_id = np.isin(np.arange(first_row, first_row + n, dtype=np.int64), self.posts)
        # a post whose name cell is empty, as a merged cell's lower rows are: not one that says
        # no creator (`(blank)`, an Excel pivot's word; `-`, `N/A`), which ends the block
        gap = has_id & _empty(names)
        gap_below = np.append(gap[1:], False)
        if self.posts is None:
            # a named row over a post with a blank name: a post, or a creator's first row whose
            # post is not live yet (`Scheduled`, no link: verify J V-1), the name and deal fee on it
            head = has_name & (has_id | gap_below)
        else:  # never a row named as a total
            head = has_name & has_id & ~self._totals(names)
        self.heads = head & gap_below  # rows whose cells are merged over the rows below
        ends = ~blank_row & ~head & ~gap  # a row of no post, or of no creator: the block above it ends
        # each row's last head or end at or above it (-1: none in this batch, the carry's)
        marks = np.where(head | ends, np.arange(n), -1)
        last = np.maximum.accumulate(marks) if n else marks
        from_batch = gap & (last >= 0)
        from_batch[from_batch] &= head[last[from_batch]]
        from_carry = gap & (last < 0) & (self.carry is not None)
        fill = from_batch | from_carry
        self.cells = {}
        self.fee_rows = np.zeros(0, dtype=np.int64)
        carry = self.carry
        at = np.where(from_batch, last + 1, 0)  # into [carry value, *cells]
        for key in self.keys:
            cells = batch.column(self.wanted[key])
            if pa.types.is_dictionary(cells.type):
                cells = pc.dictionary_decode(cells)
            cells = pc.cast(cells, pa.string())
            if fill.any():
                top = pa.array([None if carry is None else carry[key]], pa.string())
                above = pa.concat_arrays([top, cells])
                taken = pc.take(above, from_numpy(at))
                blank = _missing(cells, names=True)
                cells = pc.if_else(from_numpy(fill & blank), taken, cells)
            self.cells[key] = cells
        if "spend" in self.wanted:
            fee = ~_missing(batch.column(self.wanted["spend"]))
            paid = np.append([carry is not None and bool(carry.get("_fee"))], fee)[at]
            self.fee_rows = first_row + np.flatnonzero(fill & ~fee & paid)
            self.source.merged_fees += len(self.fee_rows)
        filled = np.flatnonzero(fill)
        self.source.merged_count += len(filled)
        room = 5 - len(self.source.merged_filled)
        self.source.merged_filled += [first_row + int(i) for i in filled[:room]] if room > 0 else []
        # what the next batch's first rows continue: the last head's cells, or no block
        if n and last[-1] >= 0:
            i = int(last[-1])
            if head[i]:
                self.carry = {k: self.cells[k][i].as_py() for k in self.keys}
                if "spend" in self.wanted:
                    self.carry["_fee"] = not _missing(batch.column(self.wanted["spend"]).slice(i, 1))[0]
            else:
                self.carry = None

    def _totals(self, names: pa.Array) -> np.ndarray:
        """Names that are totals labels (`Grand Total`, `@mia Total`, `Subtotal`): no creator."""
        found = np.zeros(len(names), dtype=bool)
        match = self.source.columns.profile
        marked = tt.totals_mask(names, match.profile.totals if match is not None else ())
        if marked is not None:
            found |= marked
        text = pc.dictionary_decode(names) if pa.types.is_dictionary(names.type) else names
        text = pc.cast(text, pa.string())
        for i in tt.subtotal_candidates(text):
            label = text[int(i)].as_py()
            found[i] = found[i] or (label is not None and tt.looks_subtotal(label))
        return found

    def _blank_rows(self, batch: pa.RecordBatch) -> np.ndarray:
        mask = np.ones(batch.num_rows, dtype=bool)
        for column in batch.columns:
            mask &= _missing(column)
        return mask

    def filled(self, key: str, cells: pa.Array) -> pa.Array:
        return self.cells.get(key, cells)

    def fees(self, frame: Frame) -> Frame:
        """Read the blank fee of a row under a creator's deal fee as 0 (see the class). A
        creator's first row that is no live post (`Scheduled`, no figures: frames._not_sales)
        gives its deal fee to the first post under it and is left out: the fee pairs with
        the posts it paid for, and the row is no post (verify J V-1)."""
        if not len(self.fee_rows) or "spend" not in frame.columns:
            return frame
        rows = np.isin(frame.rows, self.fee_rows) & blank_in(frame["spend"])
        spend = frame["spend"]
        if rows.any():
            spend = set_cells(spend, rows, 0)
        kept = set(frame.rows.tolist())
        heads = sorted(r for r in self.status_heads if r in kept)
        if not heads:
            return frame.assign(spend=spend)
        followers = np.sort(self.fee_rows)
        gone = []
        position = {int(r): i for i, r in enumerate(frame.rows.tolist())}
        for head in heads:
            at = int(np.searchsorted(followers, head, side="right"))
            if at == len(followers) or int(followers[at]) not in kept:
                continue  # its post is in the next batch: the row stays, a post of its own
            spend = copy_cell(spend, position[head], position[int(followers[at])])
            gone.append(head)
            self.source.head_moved += 1
        self.status_heads.difference_update(heads)
        frame = frame.assign(spend=spend)
        return frame.take(~np.isin(frame.rows, gone)) if gone else frame


def _distinct_rows(columns: list[pa.Array]) -> set[tuple[str | None, ...]]:
    """The distinct rows of text columns of one length, as tuples (None for a null): what
    `Table.group_by(...).aggregate([])` gives, without Arrow's Acero engine, whose import loads
    pandas (0.2 s of a Meta ad set export's run). Each column's values are numbered by
    Arrow's dictionary encoding, and a row by its numbers."""
    if not columns or not len(columns[0]):
        return set()
    words: list[list[str | None]] = []
    codes: list[np.ndarray] = []
    key = np.zeros(len(columns[0]), dtype=np.int64)
    span = 1
    for column in columns:
        encoded = pc.dictionary_encode(column)
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        size = len(encoded.dictionary) + 1  # 0: null
        if span > (1 << 62) // size:  # too many combinations to number in 64 bits
            return set(zip(*(c.to_pylist() for c in columns), strict=True))
        code = ints(pc.fill_null(encoded.indices, -1)) + 1
        words.append([None, *encoded.dictionary.to_pylist()])
        codes.append(code)
        key = key * size + code
        span *= size
    order = np.argsort(key, kind="stable")
    ranked = key[order]
    first = order[np.concatenate(([True], ranked[1:] != ranked[:-1]))]
    return {tuple(w[int(c[i])] for w, c in zip(words, codes, strict=True)) for i in first.tolist()}


class _Levels:
    """A Meta export's rows at several levels in one sheet: the campaign, ad set and ad
    exports pasted together, or a breakdown's `All` row above its slices.

    Ads Manager reports one level per export (Campaigns, Ad sets or Ads; the table nests
    ad sets under their campaign and ads under their ad set, theagencyengineer.com,
    "Ads Manager tree structure"), and a breakdown gives a row per slice (Age, Gender,
    Placement: support.adphorus.com, "Reports detail: breakdown"). A row whose name or
    breakdown cells are blank (or `All`) where other rows with the same names fill them is
    the sum of those rows: counted with them, every figure twice. A row with every name
    blank is the summary row, left to totals.py."""

    # (`(All)`, `[Total]`: wrapped as totals labels may be, totals.OPEN)
    _WORDS = r"all|total|alle|tous|toutes|todos|todas|tutti|gesamt"
    ALL = re.compile(rf"(?i)^\s*{tt.OPEN}(?:{_WORDS}){tt.CLOSE}\s*$")
    LIMIT = 100_000  # rows with a blank name remembered per file

    def __init__(
        self, keys: list[str], headers: list[str], breakdowns: set[int], wanted: dict[str, str]
    ) -> None:
        self.keys = keys
        self.headers = headers
        self.breakdowns = breakdowns  # positions in keys
        self.wanted = wanted
        self.combos: set[tuple[str | None, ...]] = set()
        self.partial: list[tuple[int, tuple[str | None, ...], tuple[str | None, ...]]] = []

    @classmethod
    def of(cls, source: Source, wanted: dict[str, str]) -> _Levels | None:
        """For a Meta export with two name or breakdown columns at least, else None."""
        match = source.columns.profile
        if match is None or match.profile.id != "meta_ads":
            return None
        keys = [k for k in wanted if k == "campaign" or k.startswith(LABEL) or k == "platform"]
        headers = [source.headers[int(wanted[k][1:])] for k in keys]
        breakdowns = {i for i, h in enumerate(headers) if BREAKDOWN.match(h)}
        keys_named = [i for i, k in enumerate(keys) if k != "platform" or i in breakdowns]
        keys = [keys[i] for i in keys_named]
        headers = [headers[i] for i in keys_named]
        breakdowns = {j for j, i in enumerate(keys_named) if i in breakdowns}
        return cls(keys, headers, breakdowns, wanted) if len(keys) >= 2 else None

    def add(self, batch: pa.RecordBatch, first_row: int, drop: np.ndarray | None) -> None:
        """The batch's distinct names, and its rows with some blank."""
        raw = []
        for key in self.keys:
            arr = batch.column(self.wanted[key])
            if not pa.types.is_string(arr.type):  # dictionary-encoded text, or typed
                arr = pc.cast(arr, pa.string())
            raw.append(blank_to_null(arr))
        cols = [self._slices(a) if i in self.breakdowns else a for i, a in enumerate(raw)]
        live = np.ones(batch.num_rows, dtype=bool) if drop is None else ~drop
        keep = from_numpy(live)
        self.combos.update(_distinct_rows([pc.filter(c, keep) for c in cols]))
        blank = np.zeros(batch.num_rows, dtype=int)
        for c in cols:
            blank += bools(pc.is_null(c))
        some = live & (blank > 0) & (blank < len(cols))
        for i in np.flatnonzero(some)[: max(0, self.LIMIT - len(self.partial))]:
            self.partial.append(
                (
                    first_row + int(i),
                    tuple(c[int(i)].as_py() for c in cols),
                    tuple(a[int(i)].as_py() for a in raw),
                )
            )

    def _slices(self, arr: pa.Array) -> pa.Array:
        """A breakdown column with its `All` cells blank: the row of every slice."""
        whole = pc.fill_null(pc.match_substring_regex(arr, self.ALL.pattern[4:], ignore_case=True), False)
        return pc.if_else(whole, pa.scalar(None, pa.string()), arr)

    def restated(self) -> dict[int, tuple[str, str]]:
        """Row -> (label, why) of the rows the file's other rows break down."""
        found: dict[int, tuple[str, str]] = {}
        deeper_by: dict[tuple[int, ...], dict[tuple[str | None, ...], set[int]]] = {}
        for row, names, raw in self.partial:
            filled = tuple(j for j, v in enumerate(names) if v is not None)
            if filled not in deeper_by:  # the names filled beyond these, per value of these
                index: dict[tuple[str | None, ...], set[int]] = {}
                for c in self.combos:
                    if all(c[j] is not None for j in filled):
                        more = {k for k, v in enumerate(c) if v is not None and k not in filled}
                        index.setdefault(tuple(c[j] for j in filled), set()).update(more)
                deeper_by[filled] = index
            deeper = sorted(deeper_by[filled].get(tuple(names[j] for j in filled), ()))
            if not deeper:
                continue
            j = deeper[0]
            label = next((str(names[k]) for k in reversed(filled) if k not in self.breakdowns), "")
            whole = raw[j]
            if j in self.breakdowns and whole is not None:
                why = (
                    f"{quoted(whole.strip())} in {quoted(self.headers[j])} beside rows of its "
                    "slices: their whole, "
                    "counted with them twice"
                )
            else:
                why = (
                    f"blank {quoted(self.headers[j])} where rows of the same names fill it: a "
                    "higher level's row "
                    "(the sum of those), counted with them twice"
                )
            found[row] = (label, why)
        return found


# A note under a table: it ends in a colon (`Notes:`) or opens with a note's word or mark
# (`NB`, `Source`, `*`); or it is a sentence (`Cost excludes 20% agency fee`: _is_note).
# `#` is no note mark: `#GlowUp` is a campaign's hashtag.
_NOTE_MARK = lazy_compile(
    r"(?i)^(?:(?:notes?|nb|n\.b\.|sources?|comments?|remarks?|legend|disclaimer)\b|[*†‡]|.*:$)"
)
# The lowercase words a name may hold (`María de la Cruz`, `Frenkie de Jong`, `Ana dos Santos`,
# `Ludwig van Beethoven`, `Mohammed bin Salman`); any other lowercase word makes a sentence.
_PARTICLES = frozenset(
    (
        *("de", "del", "della", "dei", "der", "den", "di", "da", "das", "do", "dos", "du", "la"),
        *("las", "le", "les", "lo", "van", "von", "vom", "zu", "zum", "ter", "ten", "y", "e", "i"),
        *("bin", "binti", "ibn", "al", "el", "af", "av"),
    )
)
# A sentence in capitals (`FIGURES ARE ESTIMATES`) still has its function words.
_FUNCTION_WORDS = frozenset(
    (
        *("a", "an", "the", "is", "are", "was", "were", "be", "been", "of", "in", "on", "at", "to"),
        *("for", "from", "with", "by", "and", "or", "but", "not", "no", "as", "per", "incl", "excl"),
        *("excludes", "includes", "this", "that", "these", "those", "it", "its", "will", "has"),
        *("have", "had"),
    )
)
_NAME_WORDS = 6  # `Maria da Conceição dos Santos Silva`


# Rows a pivot table's subtotal at the top of its group is compared with, at most (_pivot_tops).
_PIVOT_SPAN = 1_000
# The caption over an Excel PivotTable's row labels in its compact form, its value fields renamed
# or not (`Row Labels`; a pivot grid's German `Zeilenbeschriftungen`; French CSVs of pivots with
# `Étiquettes de lignes`, `Somme de`, `Total général`; Spanish, Italian, Portuguese, Dutch Excel).
_ROW_LABELS = frozenset(
    {"row labels", "zeilenbeschriftungen", "étiquettes de lignes", "etiquetas de fila", "etichette di riga",
     "rótulos de linha", "rijlabels"}
)  # fmt: skip

# `Total spend`, `Total impressions` typed in the date column beside their figures (audit J-9):
# no date starts with the word, so no campaign called `Total Wellness` is at stake there.
# Wrapped (`(Total spend)`, `[Total]`), the wrapper closes at the cell's end: `(Total) Launch`
# is a name typed in the date column, refused as no date, not a totals line (review s41 F1).
_DATE_TOTAL = lazy_compile(
    r"(?i)^\s*(?:(?:grand\s+|sub-?\s*)?totals?\b"
    rf"|{tt.WRAP_OPEN}(?:grand\s+|sub-?\s*)?totals?\b[^{tt.WRAP_CLOSING}]*{tt.WRAP_CLOSE}\s*$)"
)

# A figure as a summary block writes it: `47000`, `$1,600`, `34.04`, `5.3%`, `1.2K`, `€ 800`.
_FIGURE = lazy_compile(r"[$€£¥]?\s*[-−]?\d[\d.,\s']*(?:\s*(?:%|[kKmM]))?\s*(?:[$€£¥]|[A-Z]{3})?")


def _refuse_pairs(source: Source, header: str, value: str, row: int) -> None:
    """Refuse a summary of label/value pairs (`Impressions,20500` then `Members reached,9000`,
    LinkedIn's creator analytics DISCOVERY sheet; audit R-8) for what it is: its first pair was
    taken for the header, so the next label is a "value that is not a number" of the first
    label's column, and `--map ...=ignore` could not help. Told by a header row of two cells,
    a label and a figure, and a label where that figure's label column has its values."""
    filled = [h.strip() for h in source.headers if h.strip()]
    if len(filled) != 2 or header.strip() != filled[0] or not _FIGURE.fullmatch(filled[1]):
        return
    if _FIGURE.fullmatch(value.strip()) or not value.strip():
        return
    linkedin = value.strip().lower() == "members reached" or any(
        line.lower().startswith("overall performance") for line in source.preamble
    )
    instead = (
        "LinkedIn's creator analytics: its ENGAGEMENT sheet has the days, TOP POSTS the posts"
        if linkedin
        else "one row a post or a day, a column a figure"
    )
    raise InputError(
        f"{source.name}, row {source.header_row:,}: a summary of label/value pairs "
        f"({quoted(filled[0])} {filled[1]}, {quoted(value.strip())} on row {row:,}, ...), not a table "
        f"of posts or days; kpi scores a table with a row a post or a day: export the sheet with the "
        f"posts or the days instead ({instead})"
    )


def _is_metric(text: str) -> bool:
    """Whether a label names one of the figures kpi reads or computes (`Total Impressions`,
    `Total Spend`, `CPM`, `Engagement rate`), as a summary block under a table labels them:
    not a name, a platform or a date."""
    from kpi_cli.read.mapping import canonical_for
    from kpi_cli.read.vocab import is_ratio, ratio_kind

    if not text or text.startswith("@") or len(text) > 40:
        return False
    bare = re.sub(r"(?i)^(?:total|sum|avg\.?|average|overall)\s+|\s*:\s*$", "", text)
    canonical = canonical_for(bare)
    if canonical is not None:
        return canonical not in DIMENSIONS
    return ratio_kind(bare) is not None or (is_ratio(bare) and len(bare.split()) <= 4)


def _is_note(text: str, named: bool) -> bool:
    """Whether a row's only text reads as a note, not as the name of a row with no figures
    yet. In a column of names (creator, campaign), a name of any length stays a row: the
    newest post at the bottom of a tracker is the one with no figures, and Spanish and
    Portuguese names run to three words and more (`Lucía García López`)."""
    if _NOTE_MARK.match(text):
        return True
    if len(text.split()) < 3:
        return False  # `TBC`, `Lena Fischer`, `@nina`, `#GlowUp`
    if not named or text.endswith((".", "!", "?")):
        return True  # a sentence's stop; or no column of names to hold a name
    return not _looks_like_a_name(text)


def _looks_like_a_name(text: str) -> bool:
    """Capitalised words (a caseless script counts as capitalised), lowercase only for a name's
    particles, no digit and no sentence's punctuation: `Lucía García López`, `Jean-Luc O'Neil`,
    `김 민수`; not `Cost excludes 20% agency fee` or `Marco's video 1 boosted with paid reach`."""
    words = text.split()
    if len(words) > _NAME_WORDS or any(c.isdigit() or c in "%,;()[]/=+" for c in text):
        return False
    capitals = text.upper() == text and any(c.isalpha() for c in text)
    for i, word in enumerate(words):
        letters = [c for c in word if c.isalpha()]
        if not letters:
            continue  # an emoji or a dash between parts of a display name
        if capitals and word.lower().strip(".'’") in _FUNCTION_WORDS:
            return False
        if letters[0].islower() and (word not in _PARTICLES or i in (0, len(words) - 1)):
            return False
    return True


_SHORT_YEAR = r"^\s*\d{1,2}[-/.]\d{1,2}[-/.]\d{2}\b|[\s-]\d{2}(?:\s|$)"

# Sums are exact in int64 (money in whole cents). A column's figures may add up to 2**60
# (money 2**60 cents), so that engagements (likes + comments + shares + saves) stay
# under 2**63 too; the float bound's rounding is far inside that margin.
_COUNT_LIMIT = float(2**60)
_MONEY_LIMIT = _COUNT_LIMIT / 100
_SPOKEN = {_COUNT_LIMIT: "1.15 quintillion", _MONEY_LIMIT: "11.5 quadrillion"}
# Money is read as float64 and summed in whole cents: a cell of up to 2**44 (17.6 trillion)
# with two decimals comes back to its exact cents (the double's error times 100 stays well
# under half a cent); past it 90071992547409.93 reads as ....9375 and whole amounts past
# 2**53 lose their last digits (9007199254740993 is read 9007199254740992). Such a cell is
# refused rather than summed inexactly (audit B-11).
_MONEY_CELL = float(2**44)


class _Headroom:
    """Keeps every column's total where int64 adds it exactly: an error at the cell that
    would take it past, never a total wrapped round to a negative number.

    Cheap on ordinary files: per batch one min/max pass bounds the sum of absolute
    values (rows x largest); only when that bound nears the limit are the values added
    up one by one to find the row that passes it."""

    def __init__(self) -> None:
        self.bound: dict[str, float] = {}  # an upper bound of the sum of |value| so far

    def check(
        self, key: str, data: np.ndarray, count: int, limit: float, made: Ready | None = None
    ) -> tuple[int | None, str]:
        """The first cell that is not finite or takes `key` past `limit`, and why.

        `data` is the batch's values as numpy (NaN or 0 where blank), `count` how many
        are not blank. numpy, not Arrow: a pyarrow kernel per column and batch cost
        0.4 s of a 10M-row run, these two reductions 0.1 s (taken from `made` when a
        worker made them)."""
        if count == 0:
            return None, ""
        if made is not None:
            lo, hi = made.lo, made.hi
        elif data.dtype.kind == "f":  # blanks are NaN: fmin/fmax pass over them
            lo, hi = np.fmin.reduce(data), np.fmax.reduce(data)
        else:
            lo, hi = data.min(), data.max()
        if data.dtype.kind == "f" and not (np.isfinite(lo) and np.isfinite(hi)):
            return int(np.flatnonzero(np.isinf(data))[0]), _NOT_FINITE
        largest = float(max(-lo, hi))
        if limit == _MONEY_LIMIT and largest >= _MONEY_CELL:
            with np.errstate(invalid="ignore"):
                i = int(np.flatnonzero(np.abs(np.asarray(data, dtype=np.float64)) >= _MONEY_CELL)[0])
            return i, f"is more than kpi reads to the cent (17.5 trillion); {_CHECK}"
        past = self.bound.get(key, 0.0)
        if past + count * largest < limit:
            self.bound[key] = past + count * largest
            return None, ""
        running = past + np.cumsum(np.abs(np.nan_to_num(data.astype("float64"))))
        over = np.flatnonzero(running >= limit)
        if over.size == 0:
            self.bound[key] = float(running[-1])
            return None, ""
        i = int(over[0])
        return i, f"takes the column's total past {_SPOKEN[limit]}, more than kpi adds exactly; {_CHECK}"


_NOT_FINITE = "is not a finite number; write a plain number such as 1234 or 1,234.50, or leave the cell blank"
_CHECK = "check the figures (a typo, an ID or a placeholder in a number column?)"


def _coalesce(first: Any, then: Any, zero: bool = False) -> Any:
    """`first`'s numbers, and `then`'s where `first` is blank (as _sum_parts takes columns);
    `zero`: where it is 0 too, unless `then` is blank there (a story's Link Clicks of 0 beside
    its Swipe Ups, audit Z-2)."""
    if isinstance(first, np.ndarray) and first.dtype.kind in "iu" and not zero:
        return first  # no blank cell
    if (isinstance(first, np.ndarray) and first.dtype.kind not in "iu") or (
        isinstance(then, np.ndarray) and then.dtype.kind == "f"
    ):
        a = first.astype("float64", copy=False) if isinstance(first, np.ndarray) else floats(first)
        b = then.astype("float64", copy=False) if isinstance(then, np.ndarray) else floats(then)
        taken = np.isnan(a) | ((a == 0) & ~np.isnan(b)) if zero else np.isnan(a)
        return np.where(taken, b, a)
    x, y = as_ints(first), as_ints(then)
    take = x.mask | ((x.data == 0) & ~y.mask) if zero else x.mask
    data, mask = x.data.copy(), x.mask.copy()
    data[take], mask[take] = y.data[take], y.mask[take]
    return Ints(data, mask)


def _sum_parts(parts: list[Any]) -> Any:
    """Columns of numbers added row by row, blank only where every part is blank (a fee with
    no product, a post with no paid likes); whole numbers stay whole (exact past 2**53)."""
    if all(isinstance(p, np.ndarray) and p.dtype.kind in "iu" for p in parts):
        return np.sum(np.vstack(parts).astype(np.int64, copy=False), axis=0)
    if any(isinstance(p, np.ndarray) and p.dtype.kind == "f" for p in parts):
        stack = np.vstack(
            [p.astype("float64", copy=False) if isinstance(p, np.ndarray) else floats(p) for p in parts]
        )
        total = np.nansum(stack, axis=0)
        total[np.isnan(stack).all(axis=0)] = np.nan
        return total
    ints = [as_ints(p) for p in parts]
    blank = np.logical_and.reduce([a.mask for a in ints])
    total = np.zeros(len(ints[0]), dtype=np.int64)
    for a in ints:
        total += np.where(a.mask, 0, a.data)
    total[blank] = 0
    return Ints(total, blank)


# Rows whose names are hashed for the same-line check (kpis._SameRows hashes at most 5M rows).
_NAMES_HASHED = 5_000_000


def _names_hash(names: list[pa.Array]) -> np.ndarray:
    """One 64-bit hash per row of the cells that name it but are not read (an ad's campaign
    and ad group, a sheet's first column): two rows alike in every figure are the same line
    only if their names are alike too (audit A-8: four creators with 19 orders each, two
    search ads with 4 impressions and no cost, were "the same line exported twice")."""
    total = np.zeros(len(names[0]), dtype=np.uint64)
    for arr in names:
        text = pc.fill_null(pc.cast(arr, pa.string()), "")
        total = mix(total ^ hash_text(text)) + np.uint64(1)
    return total


def _numeric_array(values: pa.Array) -> Any:
    if pa.types.is_integer(values.type) and values.null_count == 0:
        data = pc.cast(values, pa.int64())
        return np.frombuffer(data.buffers()[1], dtype=np.int64, count=len(data), offset=data.offset * 8)
    if pa.types.is_integer(values.type):
        # From the buffers, not fill_null + to_numpy: Arrow's kernels cost the main thread
        # ~1.5 ms a column of a 10 MB chunk, numpy's copy and masked store a fifth of that.
        data = pc.cast(values, pa.int64())
        n, at = len(data), data.offset
        bits = np.frombuffer(data.buffers()[0], dtype=np.uint8)
        mask = np.unpackbits(bits, count=at + n, bitorder="little")[at:] == 0
        out = np.frombuffer(data.buffers()[1], dtype=np.int64, count=n, offset=at * 8).copy()
        out[mask] = 0
        return Ints(out, mask)
    return _floats(values)


def _floats(values: pa.Array) -> np.ndarray:
    """A number column of Arrow floats (or nulls only) as float64, NaN where null."""
    if pa.types.is_null(values.type):
        return np.full(len(values), np.nan)
    return to_numpy(pc.cast(values, pa.float64()))


def _more(dropped: list[Dropped]) -> str:
    """The rows dropped past the first five, by kind: `1 more row (a note)`, `3 more rows (2
    totals rows, 1 section title)`."""
    kinds: dict[str, int] = {}
    for row in dropped:
        kind = (
            "note"
            if "under the table" in row.why
            else "section title"
            if "section title" in row.why
            else "totals row"
        )
        kinds[kind] = kinds.get(kind, 0) + 1
    n = len(dropped)
    if len(kinds) == 1:
        kind = next(iter(kinds))
        return (
            f"{n:,} more {'row' if n == 1 else 'rows'} ({'a' if n == 1 else n} {kind}{'' if n == 1 else 's'})"
        )
    parts = ", ".join(f"{c:,} {k}{'' if c == 1 else 's'}" for k, c in kinds.items())
    return f"{n:,} more rows ({parts})"


def findings(source: Source) -> list[str]:
    """What reading found that a reader of the figures should know (stderr notes)."""
    notes = []
    name = source.name
    for dropped in source.dropped[:5]:
        notes.append(f"{name}: {dropped.describe()}")
    if len(source.dropped) > 5:
        notes.append(f"{name}: dropped {_more(source.dropped[5:])}")
    if source.section_filled:
        n, titles = source.section_filled, ", ".join(quoted(t) for t in source.section_titles[:5])
        columns = source.section_columns or ["platform"]
        header = " or ".join(quoted(source.columns.mapped.get(c, c)) for c in columns)
        what = " or ".join({"influencer": "creator"}.get(c, c) for c in columns)
        notes.append(
            f"{name}: {n:,} {'row' if n == 1 else 'rows'} with a blank {header} under a section title "
            f"({titles}) {'takes' if n == 1 else 'take'} the title's {what}; "
            "fill the cells in if that is wrong"
        )
    notes += [f"{name}: {note}" for note in source.notes]
    notes += _status_notes(source)
    if source.handles_taken:
        by_file: dict[str, list[str]] = {}
        for named, handle in sorted(source.handles_taken.items()):
            by_file.setdefault(source.run_handles_from[named], []).append(
                f"{quoted(named)} as {quoted(handle)}"
            )
        for other, pairs in by_file.items():
            shown = ", ".join(pairs[:3]) + (f" and {len(pairs) - 3:,} more" if len(pairs) > 3 else "")
            notes.append(f"{name}: creators named by name read as the handle {other} gives them: {shown}")
    if source.merged_count:
        notes.append(f"{name}: {_merged_note(source)}")
    if source.blank_rows:
        s = "s" if source.blank_rows != 1 else ""
        notes.append(f"{name}: skipped {source.blank_rows} blank row{s}")
    if source.header_rows:
        rows = ", ".join(f"{r:,}" for r in source.header_rows[:3])
        more = f" and {len(source.header_rows) - 3:,} more" if len(source.header_rows) > 3 else ""
        s = "s" if len(source.header_rows) > 1 else ""
        notes.append(
            f"{name}: skipped row{s} {rows}{more}, the header row again (exports joined with cat?); "
            "check the joined files do not list the same rows twice"
        )
    for kpi, check in source.ratio_checks.items():
        if check.differ and check.example is not None:
            row, theirs, ours = check.example
            notes.append(
                f"{name}: the file's {quoted(check.header)} differs from kpi's {_kpi_name(kpi)} "
                f"recomputed from the counts in {check.differ:,} of {check.compared:,} rows (row {row:,}: "
                f"{theirs:,.4g} in the file, {ours:,.4g} from the counts); kpi reports its own"
            )
    for head in source.columns.headers:
        if head.results and head.role == "conversions" and source.results_by is not None:
            kind = source.headers[source.results_by]
            notes.append(
                f"{name}: {quoted(head.text)} read as conversions: {quoted(kind)} counts purchases "
                "or leads in every row"
            )
        elif head.results and head.reason and head.reason.startswith("mixes result types"):
            notes.append(f"{name}: {quoted(head.text)} not read as conversions: it {head.reason}")
    return notes


def _all_left_out(source: Source) -> str:
    """`every one of its 2 rows is left out for its status ('Action Status': 2 'Reversed'), ...`"""
    by_header: dict[str, list[str]] = {}
    for (header, word), (count, _) in sorted(source.not_sales.items(), key=lambda item: -item[1][0]):
        by_header.setdefault(header, []).append(f"{count:,} {quoted(word)}")
    said = "; ".join(f"{quoted(h)}: {', '.join(words)}" for h, words in by_header.items())
    maps = " ".join(f"--map '{h}=ignore'" for h in by_header)
    n = sum(count for count, _ in source.not_sales.values())
    what = "row" if n == 1 else f"{n:,} rows"
    return (
        f"{'its' if n == 1 else 'every one of its'} {what} is left out for its status ({said}), "
        f"as taken back or not live ({maps} counts {'it' if n == 1 else 'them'})"
    )


def _tally(
    into: dict[tuple[str, str], tuple[int, list[int]]], key: tuple[str, str], rows: np.ndarray, first_row: int
) -> None:
    """Count a status's rows under (header, word), keeping the file rows of its first three."""
    count, first = into.get(key, (0, []))
    into[key] = (count + len(rows), (first + [first_row + int(r) for r in rows[:3]])[:3])


def _status_notes(source: Source) -> list[str]:
    """What a status column left out of the figures, and what it kept without knowing the
    word: an affiliate network's taken-back sales, a tracker's posts not live yet
    (frames._Framer._not_sales)."""
    notes = []
    mapped = source.columns.mapped
    match = source.columns.profile
    posts = match is not None and match.profile.id == "influencer_tracker"
    paid = match is not None and match.profile.id == PAYMENTS
    money = " and ".join(quoted(mapped[c]) for c in ("revenue", "spend") if c in mapped) or "figures"
    kinds = (
        (source.not_sales, "out"),
        (source.unknown_status, "unknown"),
        (source.stale_status, "stale"),
        (source.head_status, "head"),
    )
    for into, how in kinds:
        by_header: dict[str, list[str]] = {}
        totals: dict[str, int] = {}
        for (header, word), (count, first) in sorted(into.items(), key=lambda item: -item[1][0]):
            rows = ", ".join(f"{r:,}" for r in first) + (
                f" and {count - len(first):,} more" if count > 3 else ""
            )
            by_header.setdefault(header, []).append(
                f"{count:,} {quoted(word)} (row{'s' if count != 1 else ''} {rows})"
            )
            totals[header] = totals.get(header, 0) + count
        included = f" ({money} included)" if money != "figures" else ""
        for header, said in by_header.items():
            n, s = totals[header], "s" if totals[header] != 1 else ""
            listed = ", ".join(said)
            if posts and how == "out":
                notes.append(
                    f"{source.name}: left out {n:,} row{s} whose {quoted(header)} says the post is not live "
                    f"and that {'have' if s else 'has'} no figures: {listed}; nothing of "
                    f"{'theirs' if s else 'it'} is counted{included}, "
                    f"nor {'are they posts' if s else 'is it a post'} "
                    f"(--map '{header}=ignore' counts {'them' if s else 'it'})"
                )
            elif posts and how == "head":
                kept = n - source.head_moved
                notes.append(
                    f"{source.name}: {n:,} row{s} whose {quoted(header)} says the post is not live: "
                    f"{listed}, {'hold' if s else 'holds'} the creator and fee merged over the posts below: "
                    "the fee goes with the first of those posts, and the row is no post"
                    + (f" ({kept:,} kept as a post: its posts are further down)" if kept > 0 else "")
                )
            elif posts and how == "stale":
                notes.append(
                    f"{source.name}: kept {n:,} row{s} whose {quoted(header)} says the post is not live but "
                    f"that {'have' if s else 'has'} figures: {listed}; posted since, the status not updated?"
                )
            elif posts:
                notes.append(
                    f"{source.name}: counted {n:,} row{s} whose {quoted(header)} kpi does not know as a live "
                    f"post's or not: {listed}; if those posts are not live, take them out of the file"
                )
            elif paid and how == "unknown":
                notes.append(
                    f"{source.name}: counted {n:,} payment{s} whose {quoted(header)} kpi does not know as "
                    f"paid or not, or as a payment to a creator or not: {listed}; if "
                    f"{'they were' if s else 'it was'} not paid, take {'them' if s else 'it'} out of the file"
                )
            elif paid:
                notes.append(
                    f"{source.name}: left out {n:,} row{s} whose {quoted(header)} says no payment was made "
                    f"(not yet, or not to a creator): {listed}; {'their' if s else 'its'} {money} "
                    f"{'are' if s else 'is'} not counted "
                    f"(--map '{header}=ignore' counts {'them' if s else 'it'})"
                )
            elif how == "unknown":
                notes.append(
                    f"{source.name}: counted {n:,} transaction{s} whose {quoted(header)} kpi does not know "
                    f"as a sale's or a reversed one's: {listed}; if they were reversed, declined or "
                    "voided, take them out of the file"
                )
            else:
                notes.append(
                    f"{source.name}: left out {n:,} transaction{s} {quoted(header)} marks as taken back: "
                    f"{listed}; their {money} are not counted (--map '{header}=ignore' counts them)"
                )
    return notes


def _merged_note(source: Source) -> str:
    """What filling merged cells did (see _Merged), with the rows it did it on."""
    count, shown = source.merged_count, source.merged_filled
    rows = ", ".join(f"{r:,}" for r in shown) + (", ..." if count > len(shown) else "")
    name = quoted(source.columns.mapped["influencer"])
    ids = source.columns.mapped.get("post_id")
    own = (
        f"{'with its own' if count == 1 else 'each with its own'} {quoted(ids)}"
        if ids
        else ("with figures of its own" if count == 1 else "each with figures of its own")
    )
    one = count == 1
    note = (
        f"{'row' if one else 'rows'} {rows}: {'a' if one else ''}{' ' if one else ''}blank {name} under a "
        f"creator's post, {own}: read as merged cells, "
        f"{'it takes' if one else 'they take'} the name above (and its platform, tier, campaign where blank)"
    )
    if source.merged_fees:
        fee = quoted(source.columns.mapped["spend"])
        n = source.merged_fees
        note += (
            f"; a blank {fee} there ({n:,} {'row' if n == 1 else 'rows'}) reads as 0: the fee above is "
            "the creator's deal for those posts too, counted once"
        )
    return note + "; fill the cells in if they are not merged"


def _kpi_name(kpi: str) -> str:
    return kpi.upper() if len(kpi) <= 4 else kpi.replace("_", " ")
