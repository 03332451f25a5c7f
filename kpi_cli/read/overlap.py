"""Two downloads of one report whose dates overlap (a mid-campaign Meta export and the final
one): the days in both are counted twice.

Ads managers keep updating a day's purchases for days after the click (Meta: conversions
for a past period "will potentially increase over time", iDimension, "Facebook conversion
attribution reporting"; they update through the 28 days after a campaign ends, Akohub), so
the two downloads' overlap days rarely match to the digit and the same-row check misses
them. Rows without post IDs that name a campaign and a day (or a reporting period) are
keyed by file layout, campaign, creator and platform; two files with rows of one key on
overlapping dates list the same days. A key its own file repeats on the very same dates
(two ads of one campaign a day, a creator's Story and Reel of one day: verify G V-1, V-2)
stands for that many rows: the key and its count are compared, so two downloads that both
have the campaign's 2 ads on 2 October are said, and a file with 2 ad sets beside one with 1
is not. A key its own file repeats on overlapping but other dates (a month and one of its
days) cannot be told apart, so such a file is left out.

Not only campaigns (audit G-1, G-2): a row is keyed by whatever names it, its campaign,
creator and platform, and, without a creator, the cells that name it but are not read
(Meta's `Ad set name`, `Ad name` at ad level: `_names`), so two files of other ad sets of one
campaign are not two downloads of it. Nor only row dates: a report whose period
is stated above its header (Google Ads', LinkedIn's) gives every row that period. So two
Google Ads downloads of the same four weeks, or two downloads of a tracker (a row per
post, no link), are compared like Meta's `Reporting starts`. Files of another layout are
never compared: a fee sheet beside a posts export, a posts export beside a sales report.
Rows that name nothing (an account's daily series, TikTok Studio's Overview) are not
compared either: two creators' accounts over the same days look just like two downloads
of one, and a warning on every such run would be a false alarm.

**Posts listed in two files on other dates** (`reposted`, audit G-3). A post ID listed once
in each of two files is counted once as a post but its figures twice; the sums keep a
post's rows apart by post ID and date (a post's next day is a row of its own), so on
different dates (a tracker's `Post Date` a day after the platform's publish time) nothing
was said. A file that lists some post twice has rows of a post's days: its posts in
another file are its other days, and it is left out. Two files that each list a post once
and share it on different dates hold the same post twice, if they hold the same figures
(`FIGURES`, e.g. both have its impressions): a per-post invoice (fee, invoice date) or a
per-post sales report (orders, revenue to month end) beside the posts export adds nothing
twice, and is not said (verify G V-3).

Kept per row: 8 bytes of key and 8 of dates, and only up to `LIMIT` rows a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from kpi_cli import compute as pc
from kpi_cli.arrow import from_numpy
from kpi_cli.columns import FIGURES, NAMES, NUMERIC_COLUMNS
from kpi_cli.frame import Codes, Column, Frame, Ints, as_codes
from kpi_cli.frame import blank as blank_in
from kpi_cli.hashing import hash_text, mix, post_keys
from kpi_cli.read.chunks import DATE_END

if TYPE_CHECKING:
    from kpi_cli.read.source import Source

LIMIT = 2_000_000  # rows kept a file: past it, the file's later rows are not checked
_KEYED = ("campaign", "influencer", "platform")
_SHOWN = ("campaign", "influencer")  # what names a key in the warning, the first there
_NAMED = 10_000  # post IDs a file keeps as written, to name one in the warning
_NO_DAY = np.iinfo(np.int64).min  # NaT as a day number


@dataclass(frozen=True)
class Overlap:
    """Two files with rows of one key on overlapping dates (see `Overlaps.found`)."""

    earlier: Source
    later: Source
    rows: int  # the later file's rows on days the earlier one has
    name: str  # a campaign or creator of those rows ("" when none is known)
    several: bool  # those rows name more than that one (or may)
    ads: bool  # an ads manager's rows (no creator): later downloads add purchases attributed since


@dataclass(frozen=True)
class Reposted:
    """Two files that each list a post once, sharing posts on other dates (`Overlaps.reposted`)."""

    earlier: Source
    later: Source
    posts: int  # the posts shared on other dates
    post: str  # one of them as written
    figures: tuple[str, ...]  # the figures both files have (canonical names, in column order)


@dataclass
class _File:
    """What one file's keyed rows say, kept to compare it with the files after it."""

    source: Source
    keys: list[np.ndarray] = field(default_factory=list)
    starts: list[np.ndarray] = field(default_factory=list)
    ends: list[np.ndarray] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)  # key -> the campaign, to name one
    rows: int = 0
    posts: list[np.ndarray] = field(default_factory=list)  # post ID hashes (files with post IDs)
    days: list[np.ndarray] = field(default_factory=list)  # ... each row's day (_NO_DAY: none)
    dated: bool = False  # the file has a date column
    written: dict[int, str] = field(default_factory=dict)  # post hash -> the ID as written
    figures: set[str] = field(default_factory=set)  # the FIGURES its rows with post IDs have
    creators: bool = False  # its keyed rows name a creator (a tracker's, not an ads manager's)


@dataclass
class Overlaps:
    """Feed each file's frames (`start`, then `add`); `found` says which files overlap."""

    files: list[_File] = field(default_factory=list)
    _hashed: _Hashed = field(default_factory=lambda: _Hashed(), repr=False)

    def start(self, source: Source) -> None:
        self.files.append(_File(source))

    def add(self, frame: Frame) -> None:
        now = self.files[-1]
        if now.rows >= LIMIT or not len(frame):
            return
        if len(frame) > LIMIT - now.rows:
            frame = frame.head(LIMIT - now.rows)
        if "post_id" in frame:
            self._posts(now, frame)
            return
        dates = _dates(frame, now.source)
        named_by = any(c in frame for c in _SHOWN) or NAMES in frame
        if dates is None or not named_by:  # (rows naming nothing: two accounts' daily series?)
            return
        start, end = dates
        now.creators = now.creators or "influencer" in frame
        layout = "\x1f".join(sorted(now.source.columns.mapped))
        key = hash_text(pa.array([layout], pa.string()))[0] ^ np.zeros(len(frame), dtype=np.uint64)
        for column in (c for c in _KEYED if c in frame):
            key = mix(key ^ self._hashed.of(as_codes(frame[column])))
        if "influencer" not in frame and NAMES in frame:
            # An ads manager's rows are told apart by the names kpi does not read (an ad's or ad
            # set's, Meta at ad level), beside the campaign or not: two files of other ad sets
            # of one campaign on the same days are not two downloads of one report.
            key = mix(key ^ _names(frame[NAMES]))
        shown = next((c for c in _SHOWN if c in frame), None)
        if shown is not None:
            named = as_codes(frame[shown])
            codes = named.codes
            for at in np.unique(codes[codes >= 0])[:20].tolist():  # a few names, to show one
                first = int(np.argmax(codes == at))
                now.names.setdefault(int(key[first]), str(named.categories[at]))
        dated = start != _NO_DAY
        now.keys.append(key[dated])
        now.starts.append(start[dated])
        now.ends.append(np.maximum(end, start)[dated])
        now.rows += len(frame)

    def _posts(self, now: _File, frame: Frame) -> None:
        """Note a batch's post IDs and days (see `reposted`)."""
        ids = frame["post_id"]
        present = ~blank_in(ids)
        if not present.any():
            return
        if not present.all():
            ids = pc.filter(ids, from_numpy(present))
        keys = hash_text(post_keys(ids))
        days = np.full(len(keys), _NO_DAY, dtype=np.int64)
        dates = _datetimes(frame.get("date"))
        if dates is not None:
            now.dated = True
            values = dates[present]
            days = np.where(np.isnat(values), _NO_DAY, values.astype("datetime64[D]").view(np.int64))
        now.figures.update(c for c in frame.columns if c in FIGURES)
        if len(now.written) < _NAMED:
            written = ids.slice(0, _NAMED).to_pylist()
            for hashed, text in zip(keys[:_NAMED].tolist(), written, strict=True):
                now.written.setdefault(hashed, str(text))
        now.posts.append(keys)
        now.days.append(days)
        now.rows += len(frame)

    def reposted(self) -> Reposted | None:
        """The first two files that each list a post once, have a figure in common and share
        posts on other dates; None when none. Posts on the same date are the sums' own
        warning (a row repeating a post ID and date), and so are posts of a file without
        dates (a repeated post ID)."""
        once = []
        for number, f in enumerate(self.files):
            if not f.posts or not f.dated:
                continue
            keys, days = np.concatenate(f.posts), np.concatenate(f.days)
            order = np.argsort(keys, kind="stable")
            keys, days = keys[order], days[order]
            if len(keys) and not (keys[1:] == keys[:-1]).any():  # a post a row: no post's days
                once.append((number, keys, days))
        for i, (a, keys_a, days_a) in enumerate(once):
            for b, keys_b, days_b in once[i + 1 :]:
                figures = self.files[a].figures & self.files[b].figures
                if not figures:  # a fee or sales file beside the posts: nothing counted twice
                    continue
                shared, at_a, at_b = np.intersect1d(keys_a, keys_b, assume_unique=True, return_indices=True)
                moved = days_a[at_a] != days_b[at_b]
                if moved.any():
                    # a post either file kept as written (the first _NAMED of each); "" when none
                    written = (
                        self.files[b].written.get(h) or self.files[a].written.get(h)
                        for h in shared[moved].tolist()
                    )
                    shown = next((text for text in written if text), "")
                    both = tuple(c for c in NUMERIC_COLUMNS if c in figures)
                    return Reposted(self.files[a].source, self.files[b].source, int(moved.sum()), shown, both)
        return None

    def found(self) -> Overlap | None:
        """The first two files with rows of one key on overlapping dates; None when none."""
        kept = []
        for number, f in enumerate(self.files):
            if not f.keys:
                continue
            collapsed = _collapsed(*(np.concatenate(parts) for parts in (f.keys, f.starts, f.ends)))
            if collapsed is not None:
                kept.append((number, *collapsed))
        if len(kept) < 2:
            return None
        file = np.concatenate([np.full(len(k), n) for n, k, *_ in kept])
        raw, key, start, end, count = (np.concatenate([part[i] for part in kept]) for i in range(1, 6))
        hit, other = _overlapping(key, start, end)
        if not hit.any():
            return None
        first = int(np.flatnonzero(hit)[0])
        a, b = sorted((int(file[first]), int(file[other[first]])))
        involved = hit.copy()
        involved[other[hit]] = True
        involved &= file == b
        rows = int(count[involved].sum())
        names = {**self.files[a].names, **self.files[b].names}  # the later file's first
        names = {**{k: names[k] for k in self.files[b].names}, **names}
        keys = set(np.unique(raw[involved]).tolist())
        named = {names.get(k) for k in keys}
        several = len(named) > 1 or None in named  # (a name not kept may be another)
        shown = next((n for k, n in names.items() if k in keys), "")  # the first in the file
        return Overlap(
            self.files[a].source,
            self.files[b].source,
            rows,
            shown,
            several,
            not (self.files[a].creators or self.files[b].creators),
        )


def _dates(frame: Frame, source: Source) -> tuple[np.ndarray, np.ndarray] | None:
    """Each row's first and last day as day numbers (_NO_DAY: none): its own dates, else the
    period stated above the header (Google Ads'); None when the rows have neither."""
    if "date" not in frame:
        if source.period is None:
            return None
        first, last = (np.datetime64(day, "D").astype(np.int64) for day in source.period)
        return np.full(len(frame), first, dtype=np.int64), np.full(len(frame), last, dtype=np.int64)
    dates = _datetimes(frame["date"])
    if dates is None:
        return None
    start = dates.astype("datetime64[D]").view(np.int64)
    end = _datetimes(frame.get(DATE_END))
    end = end.astype("datetime64[D]").view(np.int64) if end is not None else start
    return start, end


def _datetimes(column: Column) -> np.ndarray | None:
    """A column of dates as it is (NaT blank); None when it is not one (or there is none)."""
    if isinstance(column, np.ndarray) and column.dtype.kind == "M":
        return column
    return None


def _names(column: Column) -> np.ndarray:
    """The hashes of the cells naming each row (frames._names_hash), 0 where a row has none
    (a batch past the rows whose names are hashed, held with earlier ones)."""
    if isinstance(column, Ints):
        return np.where(column.mask, 0, column.data).astype(np.uint64)
    return np.asarray(column).astype(np.uint64, copy=False)


class _Hashed:
    """Each dictionary value's hash, kept across batches: a file's dictionary of creators
    (200,000 in a big tracker) only grows, so each batch hashes only the values new to it."""

    def __init__(self) -> None:
        self._kept: list[tuple[object, np.ndarray]] = []  # (dictionary, hashes of its first values)

    def of(self, column: Codes) -> np.ndarray:
        """Each row's hash of its text (0 when blank)."""
        values = column.categories
        hashes = next((h for known, h in self._kept if known is values), None)
        if hashes is None or len(hashes) > len(values):
            hashes = np.empty(0, np.uint64)
        if len(hashes) < len(values):
            new = pa.array([str(v) for v in values[len(hashes) :]], pa.string())
            hashes = np.concatenate([hashes, hash_text(new)])
            self._kept = [*[k for k in self._kept if k[0] is not values][-3:], (values, hashes)]
        table = np.append(hashes, np.uint64(0))
        return table[column.codes]  # code -1 (blank) -> the last


def _collapsed(
    key: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """A file's rows, those of one key on the very same dates as one (its ads of a campaign
    on a day, a creator's posts of a day): (key, the key mixed with how many rows it stands
    for, start, end, rows). None when the key cannot tell the file's rows apart: rows of one
    key on overlapping but other dates (a month and one of its days)."""
    if not len(key):
        return None
    order = np.lexsort((end, start, key))
    key, start, end = key[order], start[order], end[order]
    new = np.ones(len(key), dtype=bool)
    new[1:] = (key[1:] != key[:-1]) | (start[1:] != start[:-1]) | (end[1:] != end[:-1])
    at = np.flatnonzero(new)
    count = np.diff(np.append(at, len(key)))
    key, start, end = key[at], start[at], end[at]
    if _overlapping(key, start, end)[0].any():
        return None
    counted = mix(key ^ count.astype(np.uint64))  # 2 ads of a campaign on a day: not 1 or 3
    return key, counted, start, end, count


def _overlapping(key: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose dates overlap those of an earlier row (by start) of the same key, and for
    each the row it overlaps (the one reaching furthest)."""
    order = np.lexsort((start, key))
    k, s, e = key[order], start[order], end[order]
    group = np.concatenate([[0], np.cumsum(k[1:] != k[:-1])])
    span = int(e.max() - s.min()) + 1 if len(s) else 1
    base = int(s.min()) if len(s) else 0
    shifted = (e - base) + group * span  # a running max that never crosses into the next key
    reach = np.maximum.accumulate(shifted)
    at = np.arange(len(k))
    holder = np.maximum.accumulate(np.where(shifted == reach, at, 0))  # the row reaching furthest
    hit = np.zeros(len(k), dtype=bool)
    hit[1:] = (k[1:] == k[:-1]) & ((s[1:] - base) + group[1:] * span <= reach[:-1])
    other = np.zeros(len(k), dtype=np.int64)
    other[1:] = order[holder[:-1]]
    out, by = np.zeros(len(key), dtype=bool), np.zeros(len(key), dtype=np.int64)
    out[order], by[order] = hit, other
    return out, by
