"""The KPI math: sums per group, then every KPI of the funnel from those sums.

Numpy on the reader's Frame batches: no files, no printing, and no pandas (its import
is most of a small run: issue 21 item 4; a pandas DataFrame given to `Aggregator.add` is
converted). Ratios are always ratios of sums over the
group (never an average of row ratios), so the grain of the export does not change
the campaign figures. A KPI that cannot be computed is None with a reason; NaN and
inf never leave this module.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

import numpy as np
import pyarrow as pa

from kpi_cli import compute as pc
from kpi_cli.columns import (
    COUNT_COLUMNS,
    COUNTED_DIMENSIONS,
    FIGURES,
    FOLLOWERS_LEVEL,
    NAMES,
    NOT_POSTS,
    NUMERIC_COLUMNS,
    REACH_DAYS,
    REACH_UNDATED,
    READ_ALONE,
    score_needs,
)
from kpi_cli.definitions import (  # the KPIs themselves live there (pure data, no pandas)
    ENGAGEMENT_PARTS as ENGAGEMENT_PARTS,
)
from kpi_cli.definitions import KPI_BY_ID as KPI_BY_ID
from kpi_cli.definitions import KPI_DEFS as KPI_DEFS
from kpi_cli.definitions import LIFT_KPI_DEFS as LIFT_KPI_DEFS
from kpi_cli.definitions import PER_UNIT_MONEY as PER_UNIT_MONEY
from kpi_cli.definitions import PHASE_TITLES as PHASE_TITLES
from kpi_cli.definitions import PHASES as PHASES
from kpi_cli.definitions import RETENTION_KPI_DEFS as RETENTION_KPI_DEFS
from kpi_cli.definitions import KpiDef as KpiDef
from kpi_cli.frame import Codes, Frame, Ints, as_codes, numbers
from kpi_cli.frame import blank as frame_blank
from kpi_cli.groupsums import group_sums
from kpi_cli.hashing import HashSlots, hash_text, mix, post_keys
from kpi_cli.text import text_key

if TYPE_CHECKING:
    import pandas as pd

TIERS: tuple[str, ...] = ("nano", "micro", "mid", "macro", "mega")
_TIER_EDGES = [0, 10_000, 100_000, 500_000, 1_000_000, np.inf]

# The group of rows whose `by` column is empty (or absent from their file).
BLANK = "(blank)"

# Calendar periods for `--by date`: a day, an ISO week (Monday to Sunday), a month.
PERIODS: tuple[str, ...] = ("day", "week", "month")

# Cost KPIs: lower is better even when no benchmark says so (used to rank groups).
LOWER_IS_BETTER: frozenset[str] = frozenset({"cost_per_post", "cpm", "cpe", "cpc", "cpa"})

OBJECTIVES: dict[str, tuple[str, ...]] = {
    "awareness": ("reach", "impressions", "frequency", "cpm", "video_completion_rate"),
    "consideration": ("engagements", "engagement_rate", "saves", "shares", "ctr", "cpe"),
    "conversion": ("conversions", "conversion_rate", "cpa", "roas", "roi", "total_spend"),
}


def tier_from_followers(followers: pd.Series) -> pd.Series:
    """Creator tier by follower count: nano < 10k ≤ micro < 100k ≤ mid < 500k ≤ macro < 1M ≤ mega.

    For notebooks and tests (a pandas Series); the Aggregator uses tier_codes."""
    import pandas as pd

    values = pd.to_numeric(followers, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    tiers = pd.CategoricalDtype(list(TIERS), ordered=True)  # as pd.cut labels them
    cat = pd.Categorical.from_codes(tier_codes(values), dtype=tiers, validate=False)
    return pd.Series(cat, index=followers.index, name=followers.name)


def tier_codes(followers: np.ndarray) -> np.ndarray:
    """Each follower count's tier as its position in TIERS (-1: none: missing, negative or
    infinite), by numpy alone: the tiers of a small run need no pandas (issue 21 item 4)."""
    at = np.searchsorted(_TIER_EDGES, followers, side="right") - 1  # edges[at] <= n < edges[at + 1]
    at[(at < 0) | (at >= len(TIERS)) | np.isnan(followers)] = -1
    return at.astype(np.int8)


# How trackers write a tier, each word's start, accents aside: English `Micro-influencer`,
# `Mid-tier`, `Midi`, `Medium`; German `Mikro`, `Makro`, `Mittel`, `Mittlere Stufe` (omr.com
# "Nano, Mikro, Makro und Mega Influencer"; one22.de "Influencer-Stufen"); French `Méga`;
# Spanish, Portuguese and Italian `Medio`, `Médio`, `Mediano`, `Microinfluenciador`.
_TIER_STARTS: tuple[tuple[str, str], ...] = (
    ("nano", "nano"), ("micro", "micro"), ("mikro", "micro"), ("mid", "mid"), ("medi", "mid"),
    ("mitt", "mid"), ("macro", "macro"), ("makro", "macro"), ("mega", "mega"),
)  # fmt: skip


def _tier_word(value: Any) -> str:
    """The tier a tier cell names (`Mikro` micro, `Méga` mega), else the cell as written."""
    word = text_key(str(value))
    bare = word
    if not word.isascii():  # `méga`, `médio`: their letters without the accents
        import unicodedata

        bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    if re.match(r"celeb|stars?\b", bare):  # "Mega-influencers (celebrities): 1M+" (impact.com); not `Starter`
        return "mega"
    tier = next((tier for start, tier in _TIER_STARTS if bare.startswith(start)), None)
    return tier or " ".join(str(value).split())


def normalise_tier(tier: pd.Series) -> pd.Series:
    """`Micro`, `micro-influencer`, `Mid-tier` → micro / mid; unknown words stay as written.

    For notebooks and tests (a pandas Series); the Aggregator uses _normalised_tier."""
    import pandas as pd

    if isinstance(tier.dtype, pd.CategoricalDtype):
        spellings = Codes(np.asarray(tier.cat.codes), list(tier.cat.categories))
    else:
        spellings = as_codes(tier.to_numpy(dtype=object))
    codes = _normalised_tier(spellings)
    dtype = pd.CategoricalDtype(pd.Index(list(codes.categories), dtype=object))
    cat = pd.Categorical.from_codes(codes.codes, dtype=dtype, validate=False)
    return pd.Series(cat, index=tier.index, name=tier.name)


def _normalised_tier(tier: Codes) -> Codes:
    """A tier column's codes into its tier words (_tier_word). Each distinct spelling is
    normalised once (once per file: its batches share the dictionary); the rows only
    change codes."""
    lookup, words = _tier_lookup(tier.categories)
    return Codes(lookup[tier.codes], words)


def tier_word_codes(spellings: Iterable[Any]) -> tuple[np.ndarray, list[str]]:
    """Code of each spelling's tier word (_tier_word), the words in order of first
    appearance, then -1 (a missing cell stays missing): no pandas (issue 21 item 4)."""
    words: dict[str, int] = {}
    codes = [words.setdefault(_tier_word(v), len(words)) for v in spellings]
    return np.array([*codes, -1], dtype=np.int64), list(words)


_TIER_WORDS = np.array(TIERS, dtype=object)
_TIER_LOOKUPS: list[tuple[Sequence[Any], int, tuple[np.ndarray, list[str]]]] = []


def _tier_lookup(spellings: Sequence[Any]) -> tuple[np.ndarray, list[str]]:
    """`tier_word_codes` of a dictionary of spellings, kept while it stays as long: a file's
    batches share their dictionary (only ever appended to), so this runs once per new
    spelling, not per batch."""
    for known, size, found in _TIER_LOOKUPS:
        if known is spellings and size == len(spellings):
            return found
    found = tier_word_codes(spellings)
    _TIER_LOOKUPS[:] = [
        *[t for t in _TIER_LOOKUPS if t[0] is not spellings][-7:],
        (spellings, len(spellings), found),
    ]
    return found


def period_label(dates: Any, period: str = "day") -> np.ndarray:
    """Label each date with its calendar period, so rows of one period group together.

    day → `2025-03-10`; week → ISO week `2025-W11` (Monday to Sunday, numbered in
    its ISO year, so 30 Dec 2024 is `2025-W01`); month → `2025-03`. The labels sort
    chronologically as text. Missing dates stay None (an object array).
    """
    periods = period_categories(dates, period)
    return periods.values()


def period_categories(dates: Any, period: str = "day") -> Codes:
    """The labels of `period_label` as Codes (labels in order of appearance).

    Only the distinct dates are formatted, and the rows keep integer codes, which
    keeps this cheap on millions of rows."""
    codes, labels = period_codes(_datetimes(dates), period)
    return Codes(codes, labels)


def _datetimes(dates: Any) -> np.ndarray:
    """Dates as a datetime64 array in their own unit ([s] reaches 2262+); others (a
    notebook's text or objects) through pandas' to_datetime, blanks NaT."""
    values = np.asarray(dates)
    if values.dtype.kind == "M":
        return values
    import pandas as pd

    return np.asarray(pd.to_datetime(pd.Series(values), errors="coerce").to_numpy())


def _distinct_days(numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """np.unique(numbers, return_index=True, return_inverse=True) for day numbers: a
    batch's days span a few years, so a table over that span finds them in two passes
    (a batch of 170,000 rows in ~3 ms, where sorting took ~30 and pandas' hash ~19)."""
    if not len(numbers):
        return numbers, numbers, numbers
    lo = int(numbers.min())
    span = int(numbers.max()) - lo + 1
    if span > max(1 << 20, 4 * len(numbers)):  # days centuries apart: sort them
        return np.unique(numbers, return_index=True, return_inverse=True)
    at = numbers - lo
    seen = np.zeros(span, dtype=bool)
    seen[at] = True
    inverse = (np.cumsum(seen) - 1)[at]
    distinct = np.flatnonzero(seen) + lo
    first = np.full(len(distinct), len(at), dtype=np.int64)
    np.minimum.at(first, inverse, np.arange(len(at)))
    return distinct, first, inverse


def period_codes(dates: np.ndarray, period: str = "day") -> tuple[np.ndarray, list[str]]:
    """Each date's calendar period as a code into the labels (`2025-03-10`, `2025-W11`,
    `2025-03`; -1: no date), labels in order of first appearance, by numpy alone: no pandas
    for a small run (issue 21 item 4). Only the distinct days are labelled."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    day = dates.astype("datetime64[D]")
    known = ~np.isnat(day)
    numbers = day[known].astype(np.int64)  # days since 1970-01-01, a Thursday
    distinct, first, inverse = _distinct_days(numbers)
    order = np.argsort(first, kind="stable")  # the days in order of first appearance
    if period == "day":
        texts = np.datetime_as_string(distinct.astype("datetime64[D]"), unit="D").tolist()
    elif period == "month":
        texts = np.datetime_as_string(distinct.astype("datetime64[D]"), unit="M").tolist()
    else:  # ISO week: the week of its Thursday, numbered in that Thursday's year
        thursday = distinct - (distinct + 3) % 7 + 3
        year = thursday.astype("datetime64[D]").astype("datetime64[Y]")
        week = (thursday - year.astype("datetime64[D]").astype(np.int64)) // 7 + 1
        texts = [
            f"{y + 1970:04d}-W{w:02d}"
            for y, w in zip(year.astype(np.int64).tolist(), week.tolist(), strict=True)
        ]
    labels: dict[str, int] = {}
    code_of_day = np.empty(len(distinct), dtype=np.int32)
    for i in order.tolist():
        code_of_day[i] = labels.setdefault(texts[i], len(labels))
    codes = np.full(len(day), -1, dtype=np.int32)
    codes[known] = code_of_day[inverse.reshape(-1)]
    return codes, list(labels)


# --------------------------------------------------------------------------- sums

# Figures a post has (seen, engaged with, clicked): a file with none of them lists no posts.
_CONTENT = frozenset(COUNT_COLUMNS) - {"followers", "posts", "conversions", "sessions", "code_uses"}
_COMPACT_AT = 1 << 24  # post-ID hashes kept before duplicates are squeezed out
_FOLD_EVERY = 16  # batches of (group, value) pairs kept before duplicates are dropped


_BUCKETS = 256  # post-ID hashes are counted bucket by bucket, by their top byte
_NARROW = 1 << 16  # group numbers below this are kept in two bytes
_LOW56 = np.uint64((1 << 56) - 1)  # a hash without its top byte (its bucket)
_SERIAL_HASHES = 1 << 16  # post-ID hashes counted on this thread, not on two
_RUNS = 8  # ... else in this many runs of buckets, on two threads


class _Stored(NamedTuple):
    """A batch of post-ID hashes in bucket order (or, once squeezed, all distinct ones)."""

    keys: np.ndarray  # uint64
    gids: np.ndarray | None  # uint16 or int32 group numbers, same order (None: campaign totals)
    bounds: np.ndarray  # where each bucket starts and ends (_BUCKETS + 1)
    days: np.ndarray | None = None  # uint16 day of each row (65535: none), to find repeated rows
    packed: bool = False  # gids hold bits 0-15 and the keys' top byte bits 16-23 (see _pack)
    figures: frozenset[str] | None = None  # the FIGURES its rows have (None: not known, any)

    def part(self, b: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Bucket b's hashes and group numbers in this batch, as they were given."""
        lo, hi = int(self.bounds[b]), int(self.bounds[b + 1])
        keys, gids = self.keys[lo:hi], None if self.gids is None else self.gids[lo:hi]
        if self.packed and gids is not None:
            high = (keys >> np.uint64(56)).astype(np.int32)
            keys = (keys & _LOW56) | np.uint64(b << 56)
            gids = gids.astype(np.int32) | (high << 16)
        return keys, gids


def _repeating(stored: list[_Stored], b: int) -> np.ndarray:
    """Which rows of bucket b in `stored` (in their order) repeat the post ID and day of an
    earlier one (post ID alone when some have no dates)."""
    keys = np.concatenate([item.part(b)[0] for item in stored] or [np.empty(0, np.uint64)])
    again = np.zeros(len(keys), dtype=bool)
    if len(keys) < 2:
        return again
    if any(item.days is None for item in stored):
        order = np.argsort(keys, kind="stable")
        same = keys[order][1:] == keys[order][:-1]
    else:
        spans = [(item.days, int(item.bounds[b]), int(item.bounds[b + 1])) for item in stored]
        days = np.concatenate([d[lo:hi] for d, lo, hi in spans if d is not None])
        order = np.lexsort((days, keys))
        same = (keys[order][1:] == keys[order][:-1]) & (days[order][1:] == days[order][:-1])
    again[order[1:][same]] = True
    return again


def _repeats(stored: list[_Stored], b: int) -> int:
    """How many rows of bucket b repeat an earlier one's post ID and day (see `_repeating`)."""
    return int(np.count_nonzero(_repeating(stored, b)))


def _pack(keys: np.ndarray, gids: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """Group numbers in two bytes a row, and the hashes (in bucket order) unchanged in size.

    A breakdown of 200,000 creators needs 18 bits a group number; ten million of them in
    int32 are 40 MB. A hash's top byte is its bucket, which the bucket bounds already
    tell, so that byte carries bits 16-23 of the group number instead (up to 16.7 million
    groups) and the rest fits uint16: 20 MB less at 10 million rows. `keys` is a fresh
    array (it is changed in place)."""
    if not len(gids) or int(gids.min()) < 0 or int(gids.max()) >= 1 << 24:
        return keys, gids.astype(np.int32, copy=False), False
    keys &= _LOW56
    keys |= (gids >> 16).astype(np.uint64) << np.uint64(56)
    return keys, (gids & 0xFFFF).astype(np.uint16), True


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class _PostIds:
    """Distinct posts per group, from 64-bit hashes.

    A post's hash lands in one of 256 buckets (its top byte), so buckets are counted
    apart and add up: a bucket's hashes sort inside the CPU cache, two threads take
    turns on them, and the copies made at the end are a bucket big. Each batch is put
    in bucket order as it comes, with its group numbers when grouped.

    In most exports each post is one row, so a group's posts are its rows with a post
    ID, tallied as batches come; the end only has to show that no hash comes twice.
    It sorts 32 bits of each hash (the bits under the top byte: 4-byte keys sort in
    about 60% of the time of 8-byte ones) and sorts whole hashes only in a bucket
    where two of those 32 bits are equal, which is where a post can come twice.
    """

    stored: list[_Stored] = field(default_factory=list)
    tally: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # stored pairs per group
    rows: int = 0
    squeezed: int = 0
    repeats: int = 0  # rows whose post ID (and day, when known) an earlier row has
    checked: int | None = None  # rows checked for repeats when they stopped being tracked (None: all)
    _found: dict[int, int] = field(default_factory=dict)  # repeated rows per bucket, at the end
    # Rows whose spend cell is blank (hashes, group numbers), also among the rest: a post all
    # of whose rows are here has no known spend, and cost per post leaves it out (see
    # _only_unpriced). Few on most files; none (and no work) where spend is never blank.
    unpriced: list[tuple[np.ndarray, np.ndarray | None]] = field(default_factory=list)
    _u: tuple[np.ndarray, np.ndarray | None, np.ndarray] | None = None  # ... by bucket, at the end
    only_unpriced: tuple[np.ndarray, int] = field(  # posts per group with no known spend, and in all
        default_factory=lambda: (np.zeros(0, dtype=np.int64), 0)
    )

    def add(
        self,
        keys: np.ndarray,
        gids: np.ndarray | None,
        groups: int | None = None,
        days: np.ndarray | None = None,
        unpriced: np.ndarray | None = None,
        figures: frozenset[str] | None = None,
    ) -> None:
        """`groups`, when given, bounds the group numbers in `gids`; `days` are the rows'
        dates as day numbers (-1 for none), kept to tell a repeated row from a post's next day;
        `unpriced` marks the rows whose spend cell is blank; `figures` are the FIGURES the
        rows have (a row repeats another only if they have one in common)."""
        if unpriced is not None and unpriced.any():
            self.unpriced.append((keys[unpriced], None if gids is None else gids[unpriced].astype(np.int64)))
        top = (keys >> np.uint64(56)).astype(np.uint8)
        order = np.argsort(top, kind="stable")  # radix sort on one byte: a pass or two
        bounds = np.zeros(_BUCKETS + 1, dtype=np.int64)
        np.cumsum(np.bincount(top, minlength=_BUCKETS), out=bounds[1:])
        # Group numbers in 2 bytes a row (ten million of them are kept): as they are while
        # they fit, else with their high bits in the hashes' top byte (_pack). Batches of
        # both concatenate to int32.
        ordered_keys, ordered_gids, stored_gids, packed = keys[order], None, None, False
        if gids is not None:
            ordered_gids = gids[order]
            if groups is not None and groups <= _NARROW:
                stored_gids = ordered_gids = ordered_gids.astype(np.uint16, copy=False)
            else:
                ordered_keys, stored_gids, packed = _pack(ordered_keys, ordered_gids)
        ordered_days = None if days is None or self.checked is not None else days[order]
        self.stored.append(_Stored(ordered_keys, stored_gids, bounds, ordered_days, packed, figures))
        self._tally(ordered_gids, len(keys))
        self.rows += len(keys)
        if self.rows > max(_COMPACT_AT, 2 * self.squeezed):  # many repeats: keep each pair once
            self._squeeze()

    def _tally(self, gids: np.ndarray | None, count: int) -> None:
        per_group = np.array([count]) if gids is None else np.bincount(gids)
        if len(per_group) > len(self.tally):
            self.tally = np.concatenate([self.tally, np.zeros(len(per_group) - len(self.tally), np.int64)])
        self.tally[: len(per_group)] += per_group

    @property
    def grouped(self) -> bool:
        """Whether the hashes come with group numbers (False: campaign totals)."""
        return bool(self.stored) and self.stored[0].gids is not None

    def _bucket(self, b: int) -> tuple[np.ndarray, np.ndarray | None]:
        """The hashes (and group numbers) of bucket b, from every batch."""
        parts = [item.part(b) for item in self.stored]
        keys = np.concatenate([k for k, _ in parts] or [np.empty(0, np.uint64)])
        if not self.grouped:
            return keys, None
        return keys, np.concatenate([g for _, g in parts if g is not None])

    def _distinct(self, b: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Bucket b's distinct (post, group) pairs, sorted by hash."""
        keys, gids = self._bucket(b)
        if gids is None:
            keys.sort()
            new = np.ones(len(keys), dtype=bool)
            new[1:] = keys[1:] != keys[:-1]
            return keys[new], None
        first = np.sort(_first_of_pairs(keys, gids))
        return keys[first], gids[first]

    def _squeeze(self) -> None:
        """Keep each (post, group) pair once: an export that repeats its posts stays small.

        Repeated rows are counted first; the days are then dropped, and rows after this
        point are no longer checked (`checked` says how many were)."""
        if self.checked is None:
            self.repeats += sum(self._repeated(b) for b in range(_BUCKETS))
            self.checked = self.rows
        if self.unpriced:  # from here on each pair is stored once: so are those without spend
            self._bucket_unpriced()
            found = [_only_unpriced(*self._bucket(b), *self._unpriced_at(b)) for b in range(_BUCKETS)]
            keys = np.concatenate([k for k, _, _ in found])
            self.unpriced = [(keys, np.concatenate([g for _, g, _ in found]) if self.grouped else None)]
            self._u = None
        pairs = [self._distinct(b) for b in range(_BUCKETS)]
        bounds = np.zeros(_BUCKETS + 1, dtype=np.int64)
        np.cumsum([len(k) for k, _ in pairs], out=bounds[1:])
        keys = np.concatenate([k for k, _ in pairs])
        gids = np.concatenate([g for _, g in pairs if g is not None]) if self.grouped else None
        self.tally = np.zeros(0, dtype=np.int64)
        self._tally(gids, len(keys))
        self.stored = [_Stored(keys, gids, bounds) if gids is None else _Stored(*_repack(keys, gids, bounds))]
        self.rows = self.squeezed = len(keys)

    def _bucket_unpriced(self) -> None:
        """The rows without spend in bucket order, once (see _unpriced_at)."""
        keys = np.concatenate([k for k, _ in self.unpriced])
        gids = np.concatenate([g for _, g in self.unpriced if g is not None]) if self.grouped else None
        order = np.argsort((keys >> np.uint64(56)).astype(np.uint8), kind="stable")
        bounds = np.zeros(_BUCKETS + 1, dtype=np.int64)
        np.cumsum(np.bincount((keys >> np.uint64(56)).astype(np.uint8), minlength=_BUCKETS), out=bounds[1:])
        self._u = (keys[order], None if gids is None else gids[order], bounds)

    def _unpriced_at(self, b: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Bucket b's rows without spend: hashes, and group numbers when grouped."""
        if self._u is None:
            return np.empty(0, np.uint64), None if not self.grouped else np.empty(0, np.int64)
        keys, gids, bounds = self._u
        lo, hi = int(bounds[b]), int(bounds[b + 1])
        return keys[lo:hi], None if gids is None else gids[lo:hi]

    def _count(self, b: int) -> tuple[np.ndarray | None, int, np.ndarray | None, int]:
        """`_counted` of bucket b, and its posts without spend: the group number of each (None
        when not grouped) and how many distinct ones (see _only_unpriced)."""
        keys, gids = self._bucket(b)
        part = (keys >> np.uint64(24)).astype(np.uint32)  # bits 24-55: under the top byte
        part.sort()
        lost, n = self._counted(b, keys, gids, part)
        if self._u is None:
            return lost, n, None, 0
        uk, ug = self._unpriced_at(b)
        if not len(uk):
            return lost, n, None, 0
        _, only, count = _only_unpriced(keys, gids, uk, ug, part)
        return lost, n, only, count

    def _count_all(self, buckets: list[int]) -> list[tuple[np.ndarray | None, int, np.ndarray | None, int]]:
        return [self._count(b) for b in buckets]

    def _counted(
        self, b: int, keys: np.ndarray, gids: np.ndarray | None, part: np.ndarray
    ) -> tuple[np.ndarray | None, int]:
        """Bucket b's distinct posts, and the group number of each row its repeats take off
        the tally (None: none, no post comes twice in the bucket). Only the repeats: a
        whole array of groups per bucket was 256 of them, 410 MB at 200,000 creators.
        `part`: bits 24-55 of the bucket's hashes, sorted."""
        if not np.any(part[1:] == part[:-1]):
            return None, len(keys)
        ordered = np.sort(keys)
        repeats = int(np.count_nonzero(ordered[1:] == ordered[:-1]))
        if not repeats:
            return None, len(keys)
        if self.checked is None:  # (on two threads: the count goes back with the result)
            self._found[b] = self._repeated(b)
        if gids is None:  # campaign totals: one group
            return np.zeros(repeats, dtype=np.int64), len(keys) - repeats
        again = np.ones(len(keys), dtype=bool)
        again[_first_of_pairs(keys, gids)] = False  # a (post, group) pair after its first row
        return gids[again], len(keys) - repeats

    def _repeated(self, b: int) -> int:
        """Rows of bucket b whose post ID and day an earlier row has (post ID alone when the
        rows have no dates): the same post counted twice, unless the export lists it so."""
        kinds = {item.figures for item in self.stored}
        if None in kinds or len(kinds) < 2:
            return _repeats(self.stored, b)
        # Files with other figures (the posts export's impressions, a per-post invoice's fee)
        # list a post once each and add nothing twice (verify G V-3): rows repeat a row with
        # a figure in common, found figure by figure.
        at = np.cumsum([0, *(int(item.bounds[b + 1] - item.bounds[b]) for item in self.stored)])
        again = np.zeros(int(at[-1]), dtype=bool)
        figures = set().union(*(k for k in kinds if k is not None))
        stored = self.stored
        sharing = {tuple(i for i, s in enumerate(stored) if s.figures and f in s.figures) for f in figures}
        for having in sharing:  # the batches having a figure: a few sets, however many figures
            rows = np.concatenate([np.arange(at[i], at[i + 1]) for i in having] or [np.empty(0, np.int64)])
            again[rows[_repeating([self.stored[i] for i in having], b)]] = True
        return int(np.count_nonzero(again))

    def counts(self, groups: int) -> tuple[np.ndarray, int]:
        """Distinct (group, post) pairs per group number, and distinct posts; empties the store."""
        # An empty bucket counts nothing; a few thousand hashes count faster than two
        # threads start (256 buckets on the pool cost a small file ~10 ms).
        sizes = sum((np.diff(item.bounds) for item in self.stored), np.zeros(_BUCKETS, dtype=np.int64))
        filled = np.flatnonzero(sizes).tolist()
        if self.unpriced:
            self._bucket_unpriced()
        if int(sizes.sum()) < _SERIAL_HASHES:
            counted = [self._count(b) for b in filled]
        else:
            # A few runs of buckets per thread, not a task per bucket: 256 futures' handing
            # over (locks, wake-ups) was most of the count's time at 1M rows.
            runs = [filled[i::_RUNS] for i in range(_RUNS)]
            with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kpi-distinct") as pool:
                counted = [c for run in pool.map(self._count_all, runs) for c in run]
        self.repeats += sum(self._found.values())
        per_group = np.zeros(groups, dtype=np.int64)
        per_group[: len(self.tally)] += self.tally[:groups]
        again = [lost for lost, _, _, _ in counted if lost is not None and len(lost)]
        if again:
            per_group -= np.bincount(np.concatenate(again).astype(np.int64), minlength=groups)[:groups]
        only = [g for _, _, g, _ in counted if g is not None and len(g)]
        unpriced = np.zeros(groups, dtype=np.int64)
        if only:
            unpriced += np.bincount(np.concatenate(only), minlength=groups)[:groups]
        elif not self.grouped:  # campaign totals: one group
            unpriced[:1] = sum(n for _, _, _, n in counted)
        self.only_unpriced = (unpriced, sum(n for _, _, _, n in counted))
        self.stored, self.tally = [], np.zeros(0, dtype=np.int64)
        self.unpriced, self._u = [], None
        return per_group, sum(n for _, n, _, _ in counted)


def _repack(
    keys: np.ndarray, gids: np.ndarray, bounds: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, None, bool]:
    """_Stored's fields for distinct pairs (keys in bucket order): two-byte group numbers."""
    if int(gids.max(initial=0)) < _NARROW:
        return keys, gids.astype(np.uint16), bounds, None, False
    keys, gids, packed = _pack(keys.copy(), gids)
    return keys, gids, bounds, None, packed


def _only_unpriced(
    keys: np.ndarray,
    gids: np.ndarray | None,
    uk: np.ndarray,
    ug: np.ndarray | None,
    part: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None, int]:
    """Of a bucket's posts (hashes `keys` with group numbers `gids`; None: campaign totals),
    those whose every row is among `uk` / `ug`, its rows whose spend cell is blank (which
    `keys` hold too): each such (post, group) pair once, as hash and group number, and how
    many such posts by hash alone (in any group). A post has a row with spend where it has
    more rows in `keys` than in `uk`.

    `part`, when given, is bits 24-55 of `keys`, sorted: where every row sharing those bits
    with a row of `uk` is one of them (the common case: one row per post), no row of uk's
    posts has spend, and `keys` is not scanned."""
    if not len(uk):
        return uk, ug, 0
    if part is not None:
        bits, counts = np.unique((uk >> np.uint64(24)).astype(np.uint32), return_counts=True)
        found = np.searchsorted(part, bits, "right") - np.searchsorted(part, bits, "left")
        if np.array_equal(found, counts):
            return _distinct_pairs(uk, ug)
    ukeys, at, ucount = np.unique(uk, return_inverse=True, return_counts=True)
    pos = np.minimum(np.searchsorted(ukeys, keys), len(ukeys) - 1)
    hit = ukeys[pos] == keys
    rows = np.bincount(pos[hit], minlength=len(ukeys))  # each post's rows, with spend or not
    posts = int(np.count_nonzero(rows == ucount))
    if gids is None or ug is None:
        only = rows == ucount
        return ukeys[only], None, posts
    width = max(int(gids.max(initial=0)), int(ug.max(initial=0))) + 1  # (post, group) as one number
    every, every_rows = np.unique(
        pos[hit].astype(np.int64) * width + gids[hit].astype(np.int64), return_counts=True
    )
    mine, mine_rows = np.unique(at.reshape(-1).astype(np.int64) * width + ug, return_counts=True)
    pairs = mine[every_rows[np.searchsorted(every, mine)] == mine_rows]
    return ukeys[pairs // width], pairs % width, posts


def distinct_ints(values: np.ndarray) -> np.ndarray:
    """np.unique(values) of integers, by a sort: numpy 2.3's np.unique hashes them instead,
    fifteen times slower than sorting when most are distinct (200,000 creators: 0.45 s)."""
    out = np.sort(values.reshape(-1))
    keep = np.empty(len(out), dtype=bool)
    keep[:1] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def _distinct_pairs(keys: np.ndarray, gids: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None, int]:
    """Each distinct (hash, group) pair once, and the count of distinct hashes."""
    distinct = distinct_ints(keys)
    if gids is None:
        return distinct, None, len(distinct)
    order = np.lexsort((gids, keys))
    k, g = keys[order], gids[order]
    new = np.ones(len(k), dtype=bool)
    new[1:] = (k[1:] != k[:-1]) | (g[1:] != g[:-1])
    return k[new], g[new], len(distinct)


def _exact_sum(values: np.ndarray) -> int:
    """The sum of int64 values as a Python int, exact: in int64 when no partial sum can
    overflow it, else one Python int at a time."""
    if not len(values):
        return 0
    bound = (2**63 - 1) // len(values)
    if -bound < int(values.min()) and int(values.max()) < bound:
        return int(values.sum())
    return sum(int(v) for v in values)


def _first_of_pairs(keys: np.ndarray, gids: np.ndarray | None) -> np.ndarray:
    """Positions of the first occurrence of each distinct (key, group) pair."""
    order = np.lexsort((gids, keys)) if gids is not None else np.argsort(keys, kind="stable")
    k = keys[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = k[1:] != k[:-1]
    if gids is not None:
        g = gids[order]
        new[1:] |= g[1:] != g[:-1]
    return order[new]


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize of integers (sort=False): each value's code, codes given in order of
    first appearance, and the distinct values in that order."""
    if not len(values):
        return np.zeros(0, dtype=np.int64), values[:0]
    lo = int(values.min())
    span = int(values.max()) - lo + 1
    if span <= max(4 * len(values), 1 << 12):  # codes: a table of first rows, no sort
        at = (values - lo).astype(np.intp, copy=False)
        first = _first_rows(at, span)
        found = np.flatnonzero(first < len(values))
        order = found[np.argsort(first[found], kind="stable")]
        rank = np.empty(span, dtype=np.int64)
        rank[order] = np.arange(len(order))
        return rank[at], (order + lo).astype(values.dtype)
    distinct, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[inverse.reshape(-1)], distinct[order]


def _first_rows(at: np.ndarray, size: int) -> np.ndarray:
    """Each of `size` values' first position in `at` (len(at) where it does not occur)."""
    first = np.full(size, len(at), dtype=np.intp)
    np.minimum.at(first, at, np.arange(len(at), dtype=np.intp))
    return first


def _in_order(values: np.ndarray) -> np.ndarray:
    """pd.unique of integers: the distinct values in order of first appearance."""
    return _factorize(values)[1]


def _group_codes(keys: list[Codes]) -> tuple[np.ndarray, list[Any]]:
    """One integer code per row for its group, and the groups' labels (tuples for several
    keys), codes given in order of first appearance. No key has a blank (see _codes)."""
    parts = []
    for key in keys:
        codes, used = _factorize(key.codes.astype(np.int64))
        parts.append((codes, [key.categories[c] for c in used.tolist()]))
    if len(parts) == 1:
        codes, labels = parts[0]
        return codes, labels
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for codes, uniques in parts:
        combined = combined * len(uniques) + codes
    codes, distinct = _factorize(combined)
    first = _first_rows(codes.astype(np.intp, copy=False), len(distinct))  # each group's first row
    columns = [[uniques[c] for c in part[first].tolist()] for part, uniques in parts]
    return codes, list(zip(*columns, strict=True))


# A batch is summed over its own groups when there are more than _LOCAL_FROM groups and
# _LOCAL_SHARE times its rows (see _GroupSums.add).
_LOCAL_FROM = 1 << 16
_LOCAL_SHARE = 4


def _grown(values: np.ndarray, capacity: int) -> np.ndarray:
    """`values` followed by zeros up to `capacity`."""
    out = np.zeros(capacity, values.dtype)
    out[: len(values)] = values
    return out


class Sparse(NamedTuple):
    """Per-group sums that are zero in most groups, as the groups that have any (ascending)
    and their sums; `dense()` makes the whole column. A ratio side's values on the rows
    where the other side is blank are: with 1 % of cells blank, a creator of 5 posts has a
    blank in a given column in one case of twenty, and 200,000 creators kept some eighty
    such columns whole (paired sums and their rows, of every ratio: 130 MB)."""

    at: np.ndarray
    values: np.ndarray
    size: int
    less: np.ndarray | None = None  # a column these are taken from (None: zeros they add to)

    def dense(self) -> np.ndarray:
        if self.less is None:
            out = np.zeros(self.size, dtype=self.values.dtype)
            out[self.at] = self.values
        else:  # a count of filled cells: the rows less the blank ones
            out = self.less.astype(np.int64, copy=True)
            out[self.at] -= self.values
        return out


# _SparseSums merges the rows it holds once they outnumber its groups, or this many: a
# few thousand rows at most (10M rows of 5,000 creators held 65,536 rows of each of some
# sixty such columns, 30 MiB more than whole arrays of 5,000).
_MERGE_FROM = 1 << 12


class _SparseSums:
    """Running sums per group of an integer column that is zero on most rows (see Sparse):
    the rows' group numbers and values are held until they outnumber the groups summed so
    far (or _MERGE_FROM), then added in, so memory stays within twice the groups that have
    any. Sums are added in int64, as _GroupSums adds its whole arrays: the same figures."""

    __slots__ = ("_count", "_held", "at", "sums")

    def __init__(self) -> None:
        self.at = np.zeros(0, dtype=np.intp)
        self.sums = np.zeros(0, dtype=np.int64)
        self._held: list[tuple[np.ndarray, np.ndarray]] = []
        self._count = 0

    def add(self, groups: np.ndarray, values: np.ndarray) -> None:
        if not len(groups):
            return
        self._held.append((groups, values.astype(np.int64, copy=False)))
        self._count += len(groups)
        if self._count > max(len(self.at), _MERGE_FROM):
            self._merge()

    def _merge(self) -> None:
        if not self._held:
            return
        groups = np.concatenate([self.at, *(g for g, _ in self._held)])
        values = np.concatenate([self.sums, *(v for _, v in self._held)])
        self._held, self._count = [], 0
        order = np.argsort(groups, kind="stable")
        groups = groups[order]
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        self.at, self.sums = groups[starts], np.add.reduceat(values[order], starts)

    def column(self, size: int) -> Sparse:
        """The sums so far, of `size` groups."""
        self._merge()
        return Sparse(self.at, self.sums, size)


class _GroupSums:
    """Running sums per group number, in arrays that grow as new groups turn up.

    Integers are added exactly (int64). Money is added in whole cents (int64) as
    long as every value is a whole number of cents, which is exact however many
    rows; a column with finer values is added in floats instead, with a compensated
    (Kahan) sum per batch, as pandas' groupby sum, and Neumaier's correction across batches.
    """

    def __init__(self) -> None:
        # counts, cents, non-blank cells, rows; then sum and running correction: arrays
        # `_capacity` long, of which the first `size` are groups (see `ints`, `floats`).
        self._ints: dict[str, np.ndarray] = {}
        self._floats: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        # sums of columns that are zero in most groups, kept for the groups that have any
        self._sparse: dict[str, _SparseSums] = {}
        # blank cells of the columns whose filled cells are counted (`n_`: the rows less these)
        self._blanks: dict[str, _SparseSums] = {}
        self.size = 0
        self._capacity = 0

    @property
    def ints(self) -> dict[str, np.ndarray]:
        return {k: v[: self.size] for k, v in self._ints.items()}

    @property
    def floats(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        return {k: (s[: self.size], c[: self.size]) for k, (s, c) in self._floats.items()}

    def _reserve(self, size: int) -> None:
        """Room for `size` groups, grown by half at least: --by post_id adds groups in every
        batch, and copying every array each time made the read quadratic in rows."""
        if size > self._capacity:
            capacity = max(size, self._capacity * 3 // 2)
            # One array at a time, each old one let go as soon as it is copied, into zeros
            # whose room past the groups seen takes no memory until groups reach it (calloc):
            # 200,000 creators with blank cells keep ~100 sums each, and growing them all at
            # once held old and new together (a peak of 700 MiB for 1M rows, 450 without).
            for key, old in self._ints.items():
                self._ints[key] = _grown(old, capacity)
            for key, (sums, carries) in self._floats.items():
                self._floats[key] = (_grown(sums, capacity), _grown(carries, capacity))
            self._capacity = capacity
        self.size = max(self.size, size)

    def add(self, columns: list[_Column], groups: np.ndarray, size: int) -> None:
        groups = groups.astype(np.intp, copy=False)  # int32 codes make each bincount / add.at ~5x slower
        self._reserve(size)
        numbers = groups  # each row's group number (`groups` below may be the batch's own)
        at: np.ndarray | None = None  # the batch's groups, when it is summed over only those
        if size > _LOCAL_FROM and size > _LOCAL_SHARE * len(groups):  # a batch holds few of many groups
            at, groups = np.unique(groups, return_inverse=True)
            groups, size = groups.reshape(-1), len(at)
        rows = np.bincount(groups, minlength=size)
        self._add_int("rows", rows, at)
        for col, values, blank, where in columns:
            paired_off = UNPAIRED in col  # a ratio side's values where the other is blank: only summed
            if paired_off and self._add_sparse(col, values, where, numbers):
                continue
            if col in _COUNTED_BY_BLANKS:  # its filled cells: the rows less its blank ones
                blanks = self._blanks_of(col, rows, at)
                if blank is not None:
                    hit = numbers[blank]
                    blanks.add(hit, np.ones(len(hit), dtype=np.int64))
            elif blank is None:
                if not paired_off:
                    self._add_int(f"n_{col}", rows, at)
            else:
                self._add_int(f"n_{col}", rows - np.bincount(groups[blank], minlength=size), at)
            if blank is not None:
                values = np.where(blank, 0, values)
            if values.dtype.kind != "f":
                self._add_int(col, _group_sums(values, groups if where is None else groups[where], size), at)
                continue
            cents = self._in_cents(col, values)
            if cents is not None:
                self._add_int(f"{col}\0cents", _group_sums(cents, groups, size), at)
            else:
                self._add_float(col, *group_sums(values, groups, size), at)

        present = {column.name for column in columns}
        for col, blanks in self._blanks.items():
            if col not in present:  # a batch (a file) without the column: blank on every row
                blanks.add(numbers, np.ones(len(numbers), dtype=np.int64))

    def _blanks_of(self, col: str, rows: np.ndarray, at: np.ndarray | None) -> _SparseSums:
        """A column's blank cells per group so far; from its first batch on, with every row
        of the batches before it (a file without the column: blank in it)."""
        blanks = self._blanks.get(col)
        if blanks is None:
            blanks = self._blanks[col] = _SparseSums()
            earlier = self._ints["rows"][: self.size].copy()  # less this batch's rows
            if at is None:
                earlier[: len(rows)] -= rows
            else:
                earlier[at] -= rows
            found = np.flatnonzero(earlier)
            blanks.add(found, earlier[found])
        return blanks

    def _add_sparse(self, col: str, values: np.ndarray, where: np.ndarray | None, groups: np.ndarray) -> bool:
        """Add a column that is zero on most rows (a ratio side's values on the rows where the
        other side is blank) to sums kept for the groups that have any (see _SparseSums):
        whole numbers, or money in whole cents. False for a column summed in floats."""
        if values.dtype.kind == "f":
            cents = self._in_cents(col, values)
            if cents is None:
                return False
            col, values = f"{col}\0cents", cents
        if where is None:
            where = np.flatnonzero(values)
            values = values[where]
        self._sparse.setdefault(col, _SparseSums()).add(groups[where], values)
        return True

    def _in_cents(self, col: str, values: np.ndarray) -> np.ndarray | None:
        """A float column's values as whole cents (int64), summed exactly, while the column
        has been so far and each value is a whole number of cents; None: sum it in floats."""
        if col in self._floats:
            return None
        cents = np.rint(values * 100)
        return cents.astype(np.int64) if np.array_equal(cents / 100, values) else None

    def _add_int(self, key: str, sums: np.ndarray, at: np.ndarray | None) -> None:
        """Add per-group sums: of groups 0..len(sums), or of the groups `at`."""
        total = self._ints.get(key)
        if total is None:
            total = self._ints[key] = np.zeros(self._capacity, dtype=np.int64)
        if at is None:
            total[: len(sums)] += sums
        else:
            total[at] += sums

    def _add_float(self, col: str, groups: np.ndarray, x: np.ndarray, at: np.ndarray | None) -> None:
        """Add the sums `x` of the groups `groups` (numbers in the batch: see `at`)."""
        total, fix = self._floats.get(col) or (np.zeros(self._capacity), np.zeros(self._capacity))
        cents = self._ints.pop(f"{col}\0cents", None)
        if f"{col}\0cents" in self._sparse:
            cents = self._sparse.pop(f"{col}\0cents").column(self._capacity).dense()
        if cents is not None:  # the column so far was whole cents: carry them over
            total = total + cents / 100
        if at is not None:
            groups = at[groups]
        before = total[groups]
        t = before + x  # Neumaier: keep what each addition rounds off (groups not in the batch add 0)
        fix[groups] += np.where(np.abs(before) >= np.abs(x), (before - t) + x, (x - t) + before)
        total[groups] = t
        self._floats[col] = (total, fix)

    def _trim(self) -> None:
        """Drop the room kept for groups to come (up to half as many again), an array at a
        time: the result (kpis.Sums) holds these arrays to the end of the run."""
        if self._capacity > self.size:
            for key in list(self._ints):
                self._ints[key] = self._ints[key][: self.size].copy()
            for key in list(self._floats):
                total, fix = self._floats[key]
                self._floats[key] = (total[: self.size].copy(), fix[: self.size].copy())
            self._capacity = self.size

    def frame(self) -> tuple[dict[str, np.ndarray | Sparse], list[str]]:
        """Each column's sums, by group number, and the columns summed in whole cents."""
        self._trim()
        ints: dict[str, np.ndarray | Sparse] = dict(self.ints)
        ints.update((key, sums.column(self.size)) for key, sums in self._sparse.items())
        rows = self.ints.get("rows")
        for col, blanks in self._blanks.items():
            ints[f"n_{col}"] = blanks.column(self.size)._replace(less=rows)
        whole, cents = _split_cents(ints)
        floats = {col: total + fix for col, (total, fix) in self.floats.items()}
        return _combined(whole, cents, floats), [col for col in cents if col not in floats]


def _split_cents(ints: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """_GroupSums.ints by how each was summed: as whole numbers, and in cents (`col\0cents`)."""
    whole: dict[str, Any] = {}
    cents: dict[str, Any] = {}
    for key, values in ints.items():
        col, _, in_cents = key.partition("\0")
        (cents if in_cents else whole)[col] = values
    return whole, cents


def _combined(whole: dict[str, Any], cents: dict[str, Any], floats: dict[str, Any]) -> dict[str, Any]:
    """Each column's sum from the ways its batches were summed (arrays per group, or totals).

    One file's `$500.00` (whole dollars, summed as integers) and another's `150.40` (in
    cents, or in floats past a cent) are one column: all count (one overwrote the other)."""
    out: dict[str, Any] = {}
    for col in dict.fromkeys([*whole, *cents, *floats]):
        value = whole.get(col)
        part = cents.get(col)
        if isinstance(part, Sparse) and value is None and col not in floats:  # cents alone
            out[col] = part._replace(values=part.values / 100)
            continue
        if sum(col in parts for parts in (whole, cents, floats)) > 1:  # summed several ways
            value, part = _dense(value), _dense(part)
        if part is not None:
            value = ((0 if value is None else value) * 100 + part) / 100
        if col in floats:
            value = floats[col] if value is None else floats[col] + value
        out[col] = value
    return out


def _dense(column: Any) -> Any:
    """A column of sums as one array (Sparse made whole); anything else as it is."""
    return column.dense() if isinstance(column, Sparse) else column


_SAME_ROWS_CHECKED = 5_000_000  # rows hashed whole at most (40 MB); the note says how many were


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class _SameRows:
    """For exports without post IDs: 64-bit hashes of whole rows (every column kpi reads),
    so a row equal to another in all of them is reported, within a file or across files
    (two exports of overlapping weeks). Rows without a figure (every count zero or blank)
    are left out: ads managers list each paused ad with zeros."""

    hashes: list[np.ndarray] = field(default_factory=list)
    rows: int = 0
    checked: int | None = None  # rows hashed when the cap was reached (None: all)

    def add(self, batch: Frame, numeric: list[str]) -> None:
        if self.checked is not None or not numeric:
            return
        room = _SAME_ROWS_CHECKED - self.rows
        if len(batch) > room:
            batch, self.checked = _head(batch, room), _SAME_ROWS_CHECKED
        hashes = np.full(len(batch), 0x9E3779B97F4A7C15, dtype=np.uint64)
        figure = np.zeros(len(batch), dtype=bool)
        for col in sorted(c for c in batch.columns if not c.startswith("_") or c == NAMES):
            bits = _value_bits(batch[col])
            hashes = mix(hashes ^ bits) + np.uint64(len(col))
            if col in numeric:
                values, blank = _values_and_blanks(batch[col])
                figure |= values != 0 if blank is None else (values != 0) & ~blank
        self.hashes.append(hashes[figure])
        self.rows += len(batch)

    def repeats(self) -> int:
        if not self.hashes:
            return 0
        every = np.concatenate(self.hashes)
        return int(len(every) - len(distinct_ints(every)))


def _head(batch: Frame, n: int) -> Frame:
    """The first n rows of a batch, as slices (views) of its columns."""
    return Frame({col: _sliced(values, n) for col, values in batch.items()}, batch.rows[:n])


def _sliced(column: Any, n: int) -> Any:
    if isinstance(column, Codes):
        return Codes(column.codes[:n], column.categories)
    if isinstance(column, Ints):
        return Ints(column.data[:n], column.mask[:n])
    return column[:n]  # numpy, or Arrow (post IDs)


_BLANK_BITS = np.uint64(0x7FF8DEADBEEF0001)  # a blank number (no double has these bits from a cell)
_NO_TEXT_BITS = np.uint64(0x6B7069206E6F6E65)  # a blank post ID


def _value_bits(column: Any) -> np.ndarray:
    """64 bits standing for each value of a column, equal for equal values across batches
    and files (text by its own hash, not its per-file category code); blanks share one."""
    if isinstance(column, Codes):
        table = np.append(hash_text(pa.array([str(v) for v in column.categories], pa.string())), np.uint64(0))
        return table[column.codes]  # code -1 (blank): the last
    if isinstance(column, pa.Array | pa.ChunkedArray):  # post IDs: by their text
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        present = ~frame_blank(column)
        bits = np.full(len(column), _NO_TEXT_BITS, dtype=np.uint64)
        bits[present] = hash_text(pc.drop_null(column))
        return bits
    if isinstance(column, np.ndarray) and column.dtype.kind == "M":
        return column.view(np.int64).view(np.uint64).copy()
    if isinstance(column, Ints) or (isinstance(column, np.ndarray) and column.dtype.kind in "iuf"):
        numbers, blank = _values_and_blanks(column)
        bits = np.asarray(numbers, dtype=np.float64).view(np.uint64).copy()
        if blank is not None:
            bits[blank] = _BLANK_BITS
        return bits
    import pandas as pd  # a notebook's column of objects

    return np.asarray(pd.util.hash_array(np.asarray(column, dtype=object)))


def as_frame(batch: Any) -> Frame:
    """A batch as a Frame: pandas frames (tests, notebooks, the reader's until it hands out
    Frames) converted, each categorical column's values kept as one list while its pandas
    dtype is the same (the reader's batches of a file share it), as the reader's Frames
    keep one dictionary per file."""
    if isinstance(batch, Frame):
        return batch
    frame = Frame.from_pandas(batch)
    shared: dict[str, Codes] = {}
    for col, column in frame.items():
        if isinstance(column, Codes):
            dtype = batch[col].dtype
            found = next((values for known, values in _DICTIONARIES if known is dtype), None)
            if found is None:
                found = list(column.categories)
                _DICTIONARIES[:] = [*_DICTIONARIES[-15:], (dtype, found)]
            shared[col] = Codes(column.codes, found)
    return frame.assign(**shared) if shared else frame


_DICTIONARIES: list[tuple[Any, list[str]]] = []  # (a pandas dtype, its categories as one list)


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class Aggregator:
    """Accumulates per-group sums batch by batch, so a file never has to fit in memory.

    `by` lists the dimension columns to group on (empty for campaign totals); a
    `date` key is bucketed into calendar `period`s (see `period_label`). Each batch
    leaves behind only its sums per group, its distinct (group, influencer / tier /
    platform) pairs, and 8-byte hashes of its post IDs.
    """

    by: list[str] = field(default_factory=list)
    period: str = "day"
    counted: tuple[str, ...] = COUNTED_DIMENSIONS  # dimensions whose values each group keeps
    _sums: _GroupSums = field(default_factory=lambda: _GroupSums())  # running sums per group number
    _total_rows: list[dict[str, Any]] = field(default_factory=list)  # batches summed without groups
    _distinct: dict[str, _PairSet | _OwnValue] = field(default_factory=dict)  # (group, value) pairs seen
    _values: dict[str, _Numbering] = field(default_factory=dict)  # each dimension's values, numbered
    _posts: _PostIds | None = None
    _same_rows: _SameRows = field(default_factory=lambda: _SameRows())  # without post IDs
    _groups: _Numbering = field(default_factory=lambda: _Numbering())  # a number for each group label
    # Dimensions whose values count as one when their keys are equal (`instagram` and
    # `Instagram`), and how: see _Numbering. Applied to groups and counts alike.
    folds: dict[str, Fold] = field(default_factory=dict)
    columns: set[str] = field(default_factory=set)
    # --by date over rows that each cover a reporting period (Meta's `Reporting starts`
    # and `ends`): the first such row whose period runs past its start's day, week or month.
    spanning: tuple[str, str] | None = None
    # The numeric columns some input has: a batch without one has it blank on every row
    # (its rows leave that column's ratios). Known before any row is read (the headers).
    expected: frozenset[str] = frozenset()
    date_min: np.datetime64 | None = None
    date_max: np.datetime64 | None = None
    repeats: int = 0  # rows repeating an earlier row's post ID and date (see repeated_rows)
    blank_post_ids: int = 0  # rows with a blank post ID: each counted as a post
    blank_unpriced: int = 0  # ... of them with a blank spend cell
    not_post_rows: int = 0  # rows of files whose rows are not posts (an ads manager's): no posts
    unknown_tiers: set[str] = field(default_factory=set)  # tier words none of TIERS (`kol`)
    _blank_posts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # ... per group
    _blank_unpriced: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # ... per group
    checked: int | None = None

    def __post_init__(self) -> None:
        if len(self.by) == 1 and self.by[0] in self.folds:
            self._groups = _Numbering(self.folds[self.by[0]])

    def folded(self) -> dict[str, list[tuple[str, str]]]:
        """Per dimension, the values counted as another spelling of one (see folds)."""
        numberings = {dim: self._values.get(dim) for dim in self.folds}
        if len(self.by) == 1:
            numberings[self.by[0]] = self._groups
        return {dim: n.folded for dim, n in numberings.items() if n is not None and n.folded}

    @staticmethod
    def needs(by: Iterable[str] = ()) -> set[str]:
        """The canonical columns the sums and KPIs use, grouping on `by`."""
        return score_needs(by)

    def add(self, batch: Frame | pd.DataFrame) -> None:
        """Fold one batch of canonical columns into the running sums (a pandas frame, from
        a test or a notebook, is converted to a Frame first)."""
        batch = as_frame(batch)
        if batch.empty:
            return
        self.columns.update(c for c in batch.columns if not c.startswith("_"))
        numeric = [c for c in NUMERIC_COLUMNS if c in batch]
        # Post IDs count posts unless the rows say how many posts each stands for (see posts_by_row)
        ids = "post_id" in batch and "posts" not in batch
        # An ads manager's rows (campaigns, days) or a fee sheet's are no posts (read/frames.py).
        not_posts = _marker(batch, NOT_POSTS)
        if not ids:
            self._same_rows.add(batch, numeric)
        columns = _columns(batch, numeric)
        known = {col: (values, blank) for col, values, blank, _ in columns}
        raw = known  # the cells as the file has them (engagements below become each row's)
        # Rows whose spend cell is blank in a file with a spend column: a post there has no
        # known spend, and cost per post leaves it out (a file without spend keeps its posts:
        # its spend is in another file).
        unpriced = known["spend"][1] if "spend" in known else None
        absent = self.expected.difference(numeric)
        if "engagements" in known or "engagements" in absent:
            by_row = engagements_by_row(known, len(batch))
            columns.append(_Column(ROW_ENGAGEMENTS, *by_row))
            known = {**known, "engagements": by_row}  # the side engagement ratios pair on
        by_rows = "posts" in known or "posts" in absent
        if by_rows:
            row_posts = posts_by_row(known, len(batch), ids or not_posts is not None)
            columns.append(_Column(ROW_POSTS, *row_posts))
            if unpriced is not None:  # the posts of rows without spend
                columns += _where(UNPRICED_POSTS, row_posts, unpriced)
        elif unpriced is not None and not ids and not_posts is None:  # each row a post (no IDs)
            columns += _where(UNPRICED_POSTS, (np.ones(len(batch), dtype=np.int64), None), unpriced)
        # A file without a posts column is not blank in it: its posts are its IDs or rows.
        absent = absent - {"posts"}
        columns += _unpaired(known, len(batch), absent)
        columns += _flags(raw)
        if "influencer" in batch:  # rows naming no creator: activated influencers says so
            unnamed = np.flatnonzero(~_present(batch["influencer"]))
            if len(unnamed):
                columns.append(_Column(NO_INFLUENCER, np.ones(len(unnamed), dtype=np.int64), None, unnamed))
        else:  # a file without the column: its rows, as `n_` of a column of no values (no add.at)
            columns.append(_Column(NO_INFLUENCER_COLUMN, np.empty(0, np.int64), None, np.empty(0, np.intp)))
        level = _marker(batch, FOLLOWERS_LEVEL)
        if level is not None:  # an account's days: its followers are a level
            columns.append(_Column(f"{FOLLOWERS_LEVEL}:{level}", np.ones(len(batch), dtype=np.int64), None))
        days = _marker(batch, REACH_DAYS)
        day: Codes | None = None  # each row's day, on rows of days: their reach is not added up over days
        if days is not None:  # days of an account or of campaigns: each its own people reached
            columns.append(_Column(f"{REACH_DAYS}:{days}", np.ones(len(batch), dtype=np.int64), None))
            day = period_categories(batch["date"], "day") if "date" in batch else None
            undated = np.arange(len(batch)) if day is None else np.flatnonzero(day.codes < 0)
            if len(undated):  # a row without its day is one more day (TikTok Studio's `April 12`)
                columns.append(_Column(REACH_UNDATED, np.ones(len(undated), dtype=np.int64), None, undated))
        alone = _marker(batch, READ_ALONE)
        if alone is not None:  # a column read for want of others: its KPIs say so
            columns.append(_Column(f"{READ_ALONE}:{alone}", np.ones(len(batch), dtype=np.int64), None))
        if not_posts is not None:  # each row's count of rows that are no posts, under its reason
            columns.append(_Column(f"{NOT_POSTS}:{not_posts}", np.ones(len(batch), dtype=np.int64), None))
            self.not_post_rows += len(batch)
        batch = self._with_tier(batch)
        gids = self._gids(batch)  # each row's group number (None: campaign totals)
        if gids is None:
            self._total_rows.append(_column_sums(columns, len(batch)))
        else:
            self._sums.add(columns, gids, self.group_count)
        if day is not None:  # the distinct days of each group's rows of days (_of_days)
            day_numbers = self._values.setdefault(REACH_DAYS, _Numbering())
            group_days = self._distinct.setdefault(REACH_DAYS, _PairSet())
            assert isinstance(group_days, _PairSet)
            group_days.add(*_pairs(day, gids, max(self.group_count, 1), day_numbers))
        for dim in (d for d in self.counted if d in batch):
            if gids is not None and self.by == [dim]:
                own = self._distinct.setdefault(dim, _OwnValue())
                assert isinstance(own, _OwnValue)  # `by` is fixed: always this kind for this dim
                own.add(gids[_present(batch[dim])])
                self._values[dim] = self._groups  # a value's number is its group's
                continue
            numbering = self._values.get(dim)
            if numbering is None:
                numbering = self._values[dim] = _Numbering(self.folds.get(dim))
            pairs = _pairs(as_codes(batch[dim]), gids, max(self.group_count, 1), numbering)
            pair_set = self._distinct.setdefault(dim, _PairSet())
            assert isinstance(pair_set, _PairSet)
            pair_set.add(*pairs)
        if ids:
            dates = batch.get("date")
            figures = frozenset(c for c in numeric if c in FIGURES)
            self._add_posts(batch["post_id"], gids, dates, unpriced, figures)
        elif (
            not by_rows
            and not_posts is None
            and "post_id" not in batch
            and any(c in _CONTENT for c in numeric)
        ):
            # A file without post IDs beside one with them: each of its rows is a post, as a
            # blank ID is (they were left out: 2 posts for 2 rows with IDs and 3 without).
            # Not a file without figures of content: a fee sheet's rows (with the creators'
            # followers, or their posts restated) are payments, a sales sheet's orders.
            self._blank_ids(np.ones(len(batch), dtype=bool), gids, unpriced)
        if "date" in batch:
            lo, hi = _date_range(batch["date"])
            if "_date_end" in batch and self.spanning is None and "date" in self.by:
                self.spanning = _spanning(batch["date"], batch["_date_end"], self.period)
            if "_date_end" in batch:  # rows over a period (Meta's): the range runs to its end
                _, end = _date_range(batch["_date_end"])
                hi = end if hi is None or (end is not None and end > hi) else hi
            if lo is not None and hi is not None:
                self.date_min = lo if self.date_min is None else min(self.date_min, lo)
                self.date_max = hi if self.date_max is None else max(self.date_max, hi)

    def _with_tier(self, batch: Frame) -> Frame:
        if "tier" in batch:
            tier = _normalised_tier(as_codes(batch["tier"]))
            other = [w for w in tier.categories if w not in TIERS and w != BLANK]
            if other:  # `KOL`, `Tier 2`: no tier the bands know; followers tell, where there are any
                self.unknown_tiers.update(other)
            if "followers" in batch and (other or bool((tier.codes < 0).any())):
                by_followers = tier_codes(numbers(batch["followers"]))
                unknown = [at for at, w in enumerate(tier.categories) if w in other]
                told = ((tier.codes < 0) | np.isin(tier.codes, unknown)) & (by_followers >= 0)
                if told.any():  # a row without followers keeps its word, or its blank
                    # each row's word as text, its tier by followers where told: a new
                    # column, its values in order of first appearance
                    words = tier.values()
                    words[told] = _TIER_WORDS[by_followers[told]]
                    tier = as_codes(words)
        elif "followers" in batch:
            tier = Codes(tier_codes(numbers(batch["followers"])), TIERS)
        else:
            return batch
        return batch.assign(tier=tier)

    def _gids(self, batch: Frame) -> np.ndarray | None:
        """Each row's group number (stable across batches); None for campaign totals."""
        if not self.by:
            return None
        (col, *more) = self.by
        if not more and col in batch:
            return self._groups.of_codes(self._key(batch, col), missing=BLANK)
        codes, labels = self._codes(batch)
        return self._groups.numbers(labels)[codes]

    def _key(self, batch: Frame, col: str) -> Codes:
        """The column to group on; dates as their calendar periods."""
        if col == "date":
            return period_categories(batch[col], self.period)
        return as_codes(batch[col])

    def _codes(self, batch: Frame) -> tuple[np.ndarray, list[Any]]:
        """Group codes of the rows and the group labels (a breakdown: `by` is not empty)."""
        keys = []
        for col in self.by:
            if col not in batch:  # one of several files lacks the column
                key = Codes.constant(BLANK, len(batch))
            else:
                key = self._key(batch, col)
                if col in self.folds and len(self.by) > 1:  # one column: _groups folds its labels
                    key = self._folded(col, key)
                missing = key.codes < 0
                if missing.any():  # grouped on codes (what keeps --by fast), blanks as `(blank)`
                    categories = list(key.categories)
                    if BLANK in categories:
                        code = categories.index(BLANK)
                    else:
                        code, categories = len(categories), [*categories, BLANK]
                    key = Codes(np.where(missing, code, key.codes), categories)
            keys.append(key)
        return _group_codes(keys)

    def _folded(self, dim: str, key: Codes) -> Codes:
        """A column with each value as the first spelling of its key (see folds), blanks as
        `(blank)`: `--by influencer,platform` groups `instagram` with `Instagram`, as `--by
        platform` does. Only the batch's distinct values are looked up."""
        numbering = self._values.get(dim)
        if numbering is None:
            numbering = self._values[dim] = _Numbering(self.folds[dim])
        numbers = numbering.of_codes(key, missing=BLANK)
        used, at = np.unique(numbers, return_inverse=True)
        labels = numbering.index
        return Codes(at.reshape(-1), [labels[i] for i in used.tolist()])

    def _add_posts(
        self,
        post_id: Any,
        gids: np.ndarray | None,
        dates: np.ndarray | None,
        unpriced: np.ndarray | None = None,
        figures: frozenset[str] | None = None,
    ) -> None:
        """Hashes of the batch's post IDs, with each row's group number when grouped, and its
        day (a row repeating a post ID and a day is reported, see `repeated_rows`).
        `unpriced`: the rows whose spend cell is blank (None: none); `figures`: the FIGURES the
        batch has (rows of files with none in common never repeat each other)."""
        if isinstance(post_id, pa.ChunkedArray):
            post_id = post_id.combine_chunks()
        elif not isinstance(post_id, pa.Array):  # a notebook's objects (pandas is in already)
            post_id = pa.array(np.asarray(post_id, dtype=object), from_pandas=True)
        present = ~frame_blank(post_id)
        every = bool(present.all())
        keys = hash_text(post_keys(post_id if every else pc.drop_null(post_id)))
        if not every:  # a row without a post ID is a post of its own (it cannot be told apart)
            self._blank_ids(~present, gids, unpriced)
            if gids is not None:
                gids = gids[present]
            if unpriced is not None:
                unpriced = unpriced[present]
        days = None
        if dates is not None:
            values = dates
            if values.dtype.kind == "M":
                # Two bytes a row (ten million rows: 20 MB): days 65,536 apart (179 years) share
                # a number, which only two rows of one post could confuse.
                day = values.astype("datetime64[D]").view(np.int64)
                days = np.where(np.isnat(values), -1, day).astype(np.uint16)
                if not every:
                    days = days[present]
        if self._posts is None:
            self._posts = _PostIds()
        self._posts.add(keys, gids, self.group_count, days, unpriced, figures)

    def _blank_ids(
        self, blank: np.ndarray, gids: np.ndarray | None, unpriced: np.ndarray | None = None
    ) -> None:
        """Count the rows `blank` (no post ID) as a post each, per group when grouped, and
        those of them whose spend cell is blank (`unpriced`)."""
        self.blank_post_ids += int(blank.sum())
        self._blank_posts = _count_into(self._blank_posts, blank, gids, self.group_count)
        if unpriced is not None:
            blank = blank & unpriced
            self.blank_unpriced += int(blank.sum())
            self._blank_unpriced = _count_into(self._blank_unpriced, blank, gids, self.group_count)

    def column_sums(self) -> dict[str, Any]:
        """Each numeric column's sum over every row added so far (blanks skipped), without
        building the result: what a summary row of the file would have to equal."""
        sums: dict[str, Any] = {}
        if self._total_rows:
            for part in self._total_rows:
                for col, value in part.items():
                    if col in NUMERIC_COLUMNS:
                        value = int(value) if np.issubdtype(type(value), np.integer) else float(value)
                        sums[col] = sums.get(col, 0) + value
            return sums
        whole, cents = (
            {col: _exact_sum(values) for col, values in part.items() if col in NUMERIC_COLUMNS}
            for part in _split_cents(self._sums.ints)
        )
        floats = {col: float((total + fix).sum()) for col, (total, fix) in self._sums.floats.items()}
        return _combined(whole, cents, floats)

    @property
    def empty(self) -> bool:
        """Whether no row was added (a goal's dates with no rows in the export)."""
        return not self.group_count and not self._total_rows

    @property
    def group_count(self) -> int:
        """Groups seen so far (0 for campaign totals)."""
        return len(self._groups)

    def result(self) -> GroupSums:
        """Combine the batches into one row of sums per group."""
        return self._result(grouped=bool(self.by))

    def total(self) -> GroupSums:
        """Campaign totals of everything added, grouped or not: what Aggregator() would give."""
        return self._result(grouped=False)

    def _result(self, grouped: bool) -> GroupSums:
        if not self.group_count and not self._total_rows:
            raise ValueError("no rows were added")
        index_names = self.by if grouped else ["_all"]
        if self._total_rows:
            sums = _combine(_total_columns(self._total_rows), [], index_names, [0])
        else:
            parts, cents = self._sums.frame()
            index = self._group_labels() if grouped else [0]
            sums = _combine(parts, cents, index_names, index)
        # Per group (in the order of the sums' rows: group numbers), or the one total.
        distinct: dict[str, np.ndarray] = {}
        values: dict[str, ValueSets] = {}
        for dim in self._distinct:
            groups, numbers, names, count = self._value_pairs(dim, grouped)
            distinct[dim] = np.bincount(groups, minlength=count).astype(np.int64, copy=False)
            if dim in SCOPED_DIMENSIONS:  # which ones, sorted as text (few pairs: groups × a few)
                values[dim] = value_sets(groups, numbers, names, count)
        if self._posts is not None:
            (per_group, total), (unpriced, unpriced_total) = self._post_counts()
            if grouped:
                distinct["post_id"] = per_group[: self.group_count] + self._per_group(self._blank_posts)
                distinct[UNPRICED_IDS] = unpriced[: self.group_count] + self._per_group(self._blank_unpriced)
            else:
                distinct["post_id"] = np.array([total + self.blank_post_ids], dtype=np.int64)
                distinct[UNPRICED_IDS] = np.array([unpriced_total + self.blank_unpriced], dtype=np.int64)
        return GroupSums(
            sums=sums,
            distinct=distinct,
            values=values,
            columns=set(self.columns),
            by=list(self.by) if grouped else [],
            date_min=self.date_min,
            date_max=self.date_max,
        )

    def _value_pairs(self, dim: str, grouped: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Each distinct (group, value) of a dimension once, as group numbers and value
        numbers, with the values' labels (by number) and how many groups (one for totals).

        Kept as integer pairs, not a frame of labels: grouped by day there are
        millions of (day, influencer) pairs."""
        groups, numbers = self._distinct[dim].pairs()
        names = _objects(self._values[dim].shown())
        if grouped:
            return groups, numbers, names, self.group_count
        numbers = distinct_ints(numbers)
        return np.zeros(len(numbers), dtype=np.intp), numbers, names, 1

    def _group_labels(self) -> list[Any]:
        """The groups' labels, each folded value in its spelling to show (_Numbering.renames):
        chosen once every row is in, so the order rows come in does not decide it."""
        if len(self.by) == 1:
            return self._groups.shown()
        index = self._groups.index
        renames = {at: self._values[dim].renames() for at, dim in enumerate(self.by) if dim in self._values}
        if not any(renames.values()):
            return list(index)
        renamed = [(at, names) for at, names in renames.items() if names]
        out = []
        for label in index:
            parts = list(label)
            for at, names in renamed:
                parts[at] = names.get(parts[at], parts[at])
            out.append(tuple(parts))
        return out

    def _per_group(self, counts: np.ndarray) -> np.ndarray:
        """Per-group counts kept as they came (`_blank_posts`), one for each group."""
        out = np.zeros(self.group_count, dtype=np.int64)
        out[: len(counts)] = counts[: self.group_count]
        return out

    @cached_property
    def _post_count_cache(self) -> tuple[tuple[np.ndarray, int], tuple[np.ndarray, int]]:
        assert self._posts is not None
        counts = self._posts.counts(max(self.group_count, 1))
        unpriced = self._posts.only_unpriced
        self.repeats, self.checked = self._posts.repeats, self._posts.checked
        self._posts = _PostIds()  # the hashes are gone; further adds start afresh
        return counts, unpriced

    def _post_counts(self) -> tuple[tuple[np.ndarray, int], tuple[np.ndarray, int]]:
        return self._post_count_cache

    def repeated_rows(self) -> tuple[int, int | None]:
        """Rows that repeat an earlier row's post ID and date (post ID alone without dates),
        and how many rows were checked (None: all of them). Known once a result is built."""
        if self._posts is None or "_post_count_cache" not in self.__dict__:
            return 0, None
        return self.repeats, self.checked

    def same_rows(self) -> tuple[int, int | None]:
        """Without post IDs: rows equal to another row in every column read, and how many rows
        were checked (None: all of them)."""
        return self._same_rows.repeats(), self._same_rows.checked


def _count_into(counts: np.ndarray, rows: np.ndarray, gids: np.ndarray | None, groups: int) -> np.ndarray:
    """`counts` (per group, grown as needed) plus the rows `rows` of each group."""
    if gids is None:
        return counts
    per_group = np.bincount(gids[rows], minlength=groups)
    grow = len(per_group) - len(counts)
    if grow > 0:
        counts = np.concatenate([counts, np.zeros(grow, np.int64)])
    counts[: len(per_group)] += per_group
    return counts


def _marker(batch: Frame, name: str) -> str | None:
    """The value of a one-value marker column (NOT_POSTS, FOLLOWERS_LEVEL, READ_ALONE), or
    None when the batch has none."""
    if name not in batch:
        return None
    return str(as_codes(batch[name]).categories[0])


def _date_range(dates: np.ndarray) -> tuple[np.datetime64 | None, np.datetime64 | None]:
    """Earliest and latest date (None: no dates), on the integers under datetime64."""
    values = _datetimes(dates)
    ticks = values.view(np.int64)
    nat = np.iinfo(np.int64).min  # NaT: the smallest int64
    hi = ticks.max() if len(ticks) else nat
    if hi == nat:
        return None, None
    lo = ticks.min()
    if lo == nat:
        lo = ticks[ticks != nat].min()
    first, last = np.array([lo, hi], dtype=np.int64).view(values.dtype)  # back to dates, same unit
    return first, last


def iso_day(value: Any) -> str:
    """A date as `2025-03-10` (what pandas' Timestamp.strftime("%Y-%m-%d") wrote)."""
    day = np.datetime64(value, "D").item()
    if hasattr(day, "strftime"):
        return str(day.strftime("%Y-%m-%d"))
    return str(np.datetime_as_string(np.datetime64(value, "D"), unit="D"))


def _group_sums(values: np.ndarray, codes: np.ndarray, groups: int) -> np.ndarray:
    """Sum of integer `values` per group code, exactly: in int64, never through float64
    (`np.bincount` with weights adds in floats, exact only below 2**53, and is slower)."""
    out = np.zeros(groups, dtype=np.int64)
    np.add.at(out, codes, values.astype(np.int64, copy=False))
    return out


def _values_and_blanks(column: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """A numeric column's values as numpy, and where it is blank (None: nowhere)."""
    if isinstance(column, Ints):  # whole numbers with blanks: the reader's counts
        blank = column.mask
        if not blank.any():
            return column.data, None
        return np.where(blank, 0, column.data), blank
    if isinstance(column, np.ndarray) and column.dtype.kind in "iub":
        return column, None
    if isinstance(column, np.ndarray) and column.dtype.kind == "f":
        blank = np.isnan(column)
        return column, blank if blank.any() else None
    return _numbers_of_objects(column)


def _numbers_of_objects(column: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """`_values_and_blanks` of a notebook's objects or Arrow numbers: pandas makes them
    nullable numbers (the reader's batches never come here)."""
    import pandas as pd

    masked = (pd.arrays.IntegerArray, pd.arrays.FloatingArray, pd.arrays.BooleanArray)
    if isinstance(column, pa.Array | pa.ChunkedArray):
        column = pd.arrays.ArrowExtensionArray(column)
    numbers = pd.to_numeric(pd.Series(column, copy=False), errors="coerce", dtype_backend="numpy_nullable")
    if not isinstance(numbers.array, masked):
        numbers = numbers.astype("Int64" if pd.api.types.is_integer_dtype(numbers.dtype) else "Float64")
    array = numbers.array
    blank = np.asarray(array.isna())
    kind = np.float64 if isinstance(array, pd.arrays.FloatingArray) else np.int64
    return array.to_numpy(dtype=kind, na_value=0), blank if blank.any() else None


# The two sides of every ratio KPI. A ratio stands on the rows where both are known (SPEC,
# Decisions): CTR is Σ clicks / Σ impressions over rows with both. `engagements` is the
# column, or likes + comments + shares + saves without it.
PAIRS: tuple[tuple[str, str], ...] = (
    ("impressions", "reach"), ("completed_views", "views"), ("engagements", "impressions"),
    ("engagements", "followers"), ("clicks", "impressions"), ("conversions", "clicks"),
    ("conversions", "sessions"), ("revenue", "spend"), ("spend", "impressions"),
    ("revenue", "impressions"), ("spend", "engagements"), ("spend", "clicks"), ("spend", "conversions"),
    ("spend", "posts"),  # spend on rows whose posts cell is blank (posts without spend: UNPRICED_POSTS)
)  # fmt: skip
UNPAIRED = "|"  # `clicks|impressions`: Σ clicks over the rows where impressions are blank
# Each row's engagements where an export has the column: its cell, else the row's likes +
# comments + shares + saves (a TikTok file beside an X one, a tracker with some cells
# empty). Summed under its own name: a summary row of the file equals the column's sum.
ROW_ENGAGEMENTS = "engagements_by_row"
# Each row's posts where some input has a posts column (see posts_by_row); posts are then
# the distinct post IDs of files counted by ID plus this column's sum.
ROW_POSTS = "posts_by_row"
# Posts whose spend is not known: the sum of the posts of rows with a blank spend cell (a
# posts column's, else 1 a row where rows are posts), and per group the distinct post IDs
# of which every row has spend blank (Aggregator: GroupSums.distinct). Cost per post
# leaves them out (SPEC, Decisions: ratios over paired rows).
UNPRICED_POSTS = "posts|spend"
# Columns whose filled cells per group are counted (`n_`, read by _Sums.count) as the
# group's rows less their blank cells, which are few (see _GroupSums._blanks_of).
_COUNTED_BY_BLANKS = frozenset({*NUMERIC_COLUMNS, ROW_ENGAGEMENTS, ROW_POSTS})
UNPRICED_IDS = "post_id|spend"


_Known = dict[str, tuple[np.ndarray, np.ndarray | None]]  # a batch's numeric columns: values, blanks


def _unpaired(known: _Known, rows: int, absent: Collection[str] = ()) -> list[_Column]:
    """For each ratio side, its values on the rows where the other side is blank (`x|y`),
    and those rows (`#x|y`), summed like any column: the ratio later takes them off. None
    for a batch without blanks (most of them).

    `absent`: columns another input has and this batch has not. They are blank on every
    row here: a file without clicks leaves CTR and CPC, as a blank cell would.

    Zero on most rows, so whole numbers are kept for the others only (`_Column.at`): with
    some fifty such columns, adding up every row was a second of a 1M-row file."""
    if all(blank is None for _, blank in known.values()) and not absent:
        return []
    nowhere = _nowhere(rows) if absent else None  # an absent column's values and blanks
    eng = _row_engagements(known, rows)
    if eng is None and any(c in absent for c in ENGAGEMENT_PARTS):
        eng = nowhere

    def side(col: str) -> tuple[np.ndarray, np.ndarray | None] | None:
        if col in known:  # engagements: each row's (see engagements_by_row), where a file has them
            return known[col]
        if col == "engagements":
            return eng
        return nowhere if col in absent else None

    extra: list[_Column] = []
    for x, y in PAIRS:
        for a, b in ((x, y), (y, x)):
            if a == "posts":  # counted by Aggregator.add, where spend is blank and not absent
                continue
            other = side(b)
            if other is None or other[1] is None or not other[1].any():
                continue
            own = side(a)
            if own is None:
                continue
            keep = other[1] if own[1] is None else other[1] & ~own[1]
            at = np.flatnonzero(keep)
            if own[0].dtype.kind == "f":  # floats summed over every row, in the order they come
                extra.append(_Column(f"{a}{UNPAIRED}{b}", np.where(keep, own[0], 0), None))
            else:
                extra.append(_Column(f"{a}{UNPAIRED}{b}", own[0][at].astype(np.int64), None, at))
            # rows of `a` the ratio leaves out
            extra.append(_Column(f"#{a}{UNPAIRED}{b}", np.ones(len(at), dtype=np.int64), None, at))
    return extra


def _where(name: str, column: tuple[np.ndarray, np.ndarray | None], rows: np.ndarray) -> list[_Column]:
    """A column summing `column`'s known values on the rows `rows` alone (none if no row)."""
    values, blank = column
    keep = rows if blank is None else rows & ~blank
    at = np.flatnonzero(keep)
    if not len(at):
        return []
    if values.dtype.kind == "f":
        return [_Column(name, np.where(keep, values, 0), None)]
    return [_Column(name, values[at].astype(np.int64), None, at)]


class _Column(NamedTuple):
    """A column to sum: its values, and where it is blank (None: nowhere). With `at`, an
    integer column zero on most rows: its values on the rows `at` only, zero elsewhere."""

    name: str
    values: np.ndarray
    blank: np.ndarray | None
    at: np.ndarray | None = None


def _columns(batch: Frame, numeric: list[str]) -> list[_Column]:
    return [_Column(col, *_values_and_blanks(batch[col])) for col in numeric]


# Dimensions whose values pick a group's benchmark bands (see benchmarks.Benchmark.pick).
SCOPED_DIMENSIONS: tuple[str, ...] = ("tier", "platform", "format", "campaign_type")

NEGATIVE_SPEND = "!spend<0"  # rows whose spend is below zero (a refund line), counted like a column
CLICKS_OVER = "!clicks>impressions"  # rows with more clicks than impressions
# Rows no export should have, kept as written (figures are not changed) and said on stderr
# (see odd_rows): a part above its whole.
COMPLETED_OVER = "!completed_views>views"
REACH_OVER = "!reach>impressions"
ENGAGEMENTS_UNDER = "!engagements<parts"  # an engagements cell below the row's likes + comments + ...
NO_INFLUENCER = "!influencer blank"  # rows whose influencer cell is blank
NO_INFLUENCER_COLUMN = "!influencer absent"  # rows of files without the column (its `n_` count)
_OVER = ((COMPLETED_OVER, "completed_views", "views"), (REACH_OVER, "reach", "impressions"))


def _flags(known: _Known) -> list[_Column]:
    """A count column for each kind of odd row the batch has (negative spend, clicks above
    impressions, completed views above views, reach above impressions, an engagements
    cell below its parts): legitimate in some exports or not, kept, but said in the KPIs'
    notes or on stderr. None for a batch without any. `known`: the cells as the file has
    them (its own engagements column, not each row's engagements)."""
    extra: list[_Column] = []
    for key, part, whole in _OVER:
        if part in known and whole in known:
            over = _above(known[part], known[whole])
            if over.any():
                extra.append(_Column(key, over.astype(np.int64), None))
    if "engagements" in known:
        parts = _row_engagements(known, len(known["engagements"][0]))
        if parts is not None:
            under = _above((parts[0], parts[1]), known["engagements"])
            if under.any():
                extra.append(_Column(ENGAGEMENTS_UNDER, under.astype(np.int64), None))
    if "spend" in known:
        spend, blank = known["spend"]
        lowest = np.fmin.reduce(spend) if len(spend) else 0  # one pass; the mask only when needed
        if lowest < 0:
            negative = spend < 0 if blank is None else (spend < 0) & ~blank
            if negative.any():
                extra.append(_Column(NEGATIVE_SPEND, negative.astype(np.int64), None))
    if "clicks" in known and "impressions" in known:
        clicks, no_clicks = known["clicks"]
        impressions, no_impressions = known["impressions"]
        over = clicks > impressions
        for blank in (no_clicks, no_impressions):
            if blank is not None:
                over &= ~blank
        if over.any():
            extra.append(_Column(CLICKS_OVER, over.astype(np.int64), None))
    return extra


def _above(a: tuple[np.ndarray, np.ndarray | None], b: tuple[np.ndarray, np.ndarray | None]) -> np.ndarray:
    """Rows where both are known and a's value is above b's."""
    over = a[0] > b[0]
    for blank in (a[1], b[1]):
        if blank is not None:
            over &= ~blank
    return over


def odd_rows(gs: GroupSums) -> list[str]:
    """What to say on stderr of rows with a part above its whole (see _flags), campaign-wide."""
    said = []
    for key, what in (
        (COMPLETED_OVER, "more completed views than views: video completion rate adds {them} as written"),
        (REACH_OVER, "more reach than impressions: frequency adds {them} as written"),
        (
            ENGAGEMENTS_UNDER,
            "an engagements cell below {its} likes + comments + shares + saves: kpi takes the "
            "engagements column as written (engagement rate, CPE)",
        ),
    ):
        if key not in gs.sums.columns:
            continue
        n = int(np.nan_to_num(np.asarray(gs.sums[key], dtype=np.float64)).sum())
        if n:
            text = what.format(them="it" if n == 1 else "them", its="its" if n == 1 else "their")
            said.append(f"{n:,} {'row has' if n == 1 else 'rows have'} {text}; check the export")
    return said


def _row_engagements(known: _Known, rows: int) -> tuple[np.ndarray, np.ndarray | None] | None:
    """Each row's likes + comments + shares + saves (engagements without the column), and
    where every part is blank."""
    parts = [c for c in ENGAGEMENT_PARTS if c in known]
    if not parts:
        return None
    total = np.zeros(rows, dtype=np.int64)
    none = np.ones(rows, dtype=bool)
    for col in parts:
        values, blank = known[col]
        total = total + (values if blank is None else np.where(blank, 0, values))
        none &= np.zeros(rows, dtype=bool) if blank is None else blank
    return total, none


def _nowhere(rows: int) -> tuple[np.ndarray, np.ndarray]:
    """A column blank on every row of a batch: zeros, all blank."""
    return np.zeros(rows, dtype=np.int64), np.ones(rows, dtype=bool)


def engagements_by_row(known: _Known, rows: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Each row's engagements where some input has the column: its cell, else the row's
    likes + comments + shares + saves; blank where all are (SPEC: engagements, else the
    sum of the parts, row by row, so a breakdown's groups add up to its total)."""
    parts = _row_engagements(known, rows)
    if parts is None:
        parts = _nowhere(rows)
    column = known.get("engagements")
    if column is None:
        return parts
    values, blank = column
    if blank is None:
        return values, None
    none = parts[1] if parts[1] is not None else np.zeros(rows, dtype=bool)
    return np.where(blank, parts[0], values), blank & none


def posts_by_row(known: _Known, rows: int, ids: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """Each row's posts where some input has a posts column (creator-level exports: impact.com's
    and Aspire's `Content`, Modash's `Total content`, a tracker's `Posts`): its cell, blank
    where the cell is; 1 on a row of a file without the column (a row is a post, SPEC); 0 on
    a row of a file whose post IDs count its posts (Aggregator adds the distinct IDs), or
    whose rows are not posts (an ads manager's campaigns or days: `ids` is then true too).

    A file with both a posts column and post IDs is counted by the column: a row that says
    it stands for 3 posts is 3 posts, whatever its ID column holds (a tracker's `Link` may
    be the creator's profile, the same on each of the creator's rows)."""
    column = known.get("posts")
    if column is not None:
        return column
    return np.full(rows, 0 if ids else 1, dtype=np.int64), None


def _spanning(starts: np.ndarray, ends: np.ndarray, period: str) -> tuple[str, str] | None:
    """The first row whose reporting period ends in a later day, week or month than it
    starts (its start and end, ISO), or None: --by date can only put it in its start's."""
    first, last = period_label(starts, period), period_label(ends, period)
    past = np.array([a is not None and b is not None and a != b for a, b in zip(first, last, strict=True)])
    if not past.any():
        return None
    i = int(np.flatnonzero(past)[0])
    return iso_day(_datetimes(starts)[i]), iso_day(_datetimes(ends)[i])


def _filled(batches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Batch sums with a zero where a batch had no such column (a file without clicks), of
    the column's kind: a NaN there would make the whole column float (clicks 10.0)."""
    zeros: dict[str, Any] = {}
    for sums in batches:
        for col, value in sums.items():
            if col not in zeros or isinstance(value, float | np.floating):
                zeros[col] = 0.0 if isinstance(value, float | np.floating) else 0
    if all(len(sums) == len(zeros) for sums in batches):
        return batches
    return [{**zeros, **sums} for sums in batches]


def _column_sums(columns: list[_Column], rows: int) -> dict[str, Any]:
    """Campaign totals of one batch of `rows`: each column's sum and its count of non-blank cells.

    Straight on the arrays: thousands of batch-sized pandas reductions cost more in
    pandas' bookkeeping than in adding up."""
    row: dict[str, Any] = {}
    for col, values, blank, at in columns:
        if blank is None:
            row[col] = np.add.reduce(values)
            if UNPAIRED not in col:  # a paired-off column is only summed (see _GroupSums.add)
                row[f"n_{col}"] = len(values) if at is None else rows
        else:
            row[col] = np.add.reduce(np.where(blank, 0, values))
            row[f"n_{col}"] = len(values) - int(np.count_nonzero(blank))
    row["rows"] = rows
    return row


class Fold(Protocol):
    """How the values of one text dimension are told apart (read.labels.Identity): `keys`
    gives each text its key (texts with one key are one value; None: a value of its own),
    `rank` orders spellings of one value, the lowest shown, `name` the value's own name when
    no spelling is it in full."""

    def keys(self, texts: list[str]) -> list[str | None]: ...

    def rank(self, text: str, key: str) -> tuple[int, ...]: ...

    def name(self, key: str) -> str | None: ...


class _Numbering:
    """A stable number for each label (a group, or a dimension's value), across batches
    and files: a label's number is its position in `index`. With a `fold`, text labels with
    one key share the number of the first (`Instagram` and `instagram`; a creator's
    handle as another file writes it); each such value is shown in its best-ranked spelling
    once all are seen (`shown`, `renames`), whatever order the rows came in, and `folded`
    says which spellings were joined. Labels are kept in a list and a dict (texts, or
    tuples of them for several `by` columns): no pandas Index."""

    def __init__(self, fold: Fold | None = None) -> None:
        self._fold = fold
        self._firsts: dict[str, int] = {}  # key -> the number of the first label with it
        self._others: dict[int, list[str]] = {}  # number -> its other spellings, in order seen
        self._key_of: dict[int, str] = {}  # ... and its key
        self._renames: dict[str, str] | None = None  # renames() until another spelling joins
        self._labels: list[Any] = []  # each number's label (see `index`)
        self._categories: Sequence[Any] | None = None  # the dictionary the lookup below is for
        self._known = 0  # ... and its length then
        self._lookup = np.empty(0, dtype=np.int32)
        # Each label's number in a dict, the labels numbered since `_labels` was last asked
        # for in a list.
        self._number: dict[Any, int] = {}
        self._fresh: list[Any] = []
        # While every label numbered is a value of one dictionary, as it grew: its new
        # values were never numbered, so they are numbered without a lookup and kept out
        # of `_number` (labels, first number) until a lookup needs them (_settle).
        self._one_dtype = True
        self._pending: list[tuple[list[str], int]] = []
        # Their keys (by the fold) are kept out of `_firsts` likewise while no two can be one:
        # the keys' hashes, all distinct, sit in `_key_slots`, the keys in `_pending_keys`
        # (Arrow text, null: a value of its own, with the first label's number), until a
        # lookup needs `_firsts` (_settle_keys; from then on every key goes there).
        self._key_slots: HashSlots | None = None
        self._pending_keys: list[tuple[pa.Array, int]] = []

    def __len__(self) -> int:
        return len(self._labels) + len(self._fresh)

    @property
    def index(self) -> list[Any]:
        """The labels, in the order of their numbers: each the first spelling seen."""
        if self._fresh:
            self._labels.extend(self._fresh)
            self._fresh = []
        return self._labels

    def numbers(self, labels: list[Any]) -> np.ndarray:
        """The numbers of `labels`, new ones numbered after those seen before.

        A label may come twice: a missing value and a real `(blank)` both label the
        blank group, and must get its one number (twice in `index`, the rows of one of
        them were lost and a second file's lookup failed)."""
        self._one_dtype = False
        return self._numbers(labels)

    def _numbers(self, labels: list[Any], categories: bool = False) -> np.ndarray:
        """`numbers`; `categories`: the labels are values of the dictionary `of_category_codes`
        saw grow, none numbered yet."""
        if categories and self._one_dtype:
            return self._category_numbers(labels)
        self._one_dtype = False
        return self._text_numbers(labels)

    def _text_numbers(self, texts: list[Any]) -> np.ndarray:
        """`numbers` of labels, by the dict: new ones in order of first appearance, each
        with the number of the first label of its key (the fold's keys of the new ones, at
        once; text labels only: tuples of several `by` columns are folded before)."""
        number, fresh = self._number, self._fresh
        self._settle()
        found = list(map(number.get, texts))
        if None not in found:  # every batch after the first few: nothing new
            return np.array(found, dtype=np.int32)
        if found.count(None) == len(found):  # all new (a reader's new categories): no filter
            new = list(dict.fromkeys(texts))
        else:
            new = list(dict.fromkeys(text for text, at in zip(texts, found, strict=True) if at is None))
        start = len(self._labels)
        folding = self._fold is not None and all(isinstance(text, str) for text in new)
        keys = self._fold.keys(new) if self._fold is not None and folding else [None] * len(new)
        firsts = self._fresh_firsts(keys, start + len(fresh))
        if firsts is not None:  # each a value of its own: numbered at once, in C
            at = start + len(fresh)
            number.update(zip(new, range(at, at + len(new)), strict=True))
            self._firsts.update(firsts)
            fresh.extend(new)
            if len(new) == len(texts):  # the labels are the new ones (a reader's new categories)
                return np.arange(at, at + len(new), dtype=np.int32)
            return np.fromiter(map(number.__getitem__, texts), dtype=np.int32, count=len(texts))
        for text, key in zip(new, keys, strict=True):
            first = None if key is None else self._firsts.get(key)
            if key is not None and first is not None:  # another spelling of a value numbered before
                number[text] = first
                self._others.setdefault(first, []).append(text)
                self._key_of[first], self._renames = key, None
                continue
            at = number[text] = start + len(fresh)
            fresh.append(text)
            if key is not None:
                self._firsts[key] = at
        return np.fromiter(map(number.__getitem__, texts), dtype=np.int32, count=len(texts))

    def _category_numbers(self, texts: list[str]) -> np.ndarray:
        """`_text_numbers` of new categories of the one dtype every label came from: distinct,
        none numbered before (no lookup: 200,000 creators went into a dict of labels that
        only a second file, or another column, would look up; see _settle)."""
        start = len(self._labels) + len(self._fresh)
        if not self._fresh_keys(texts, start):  # a new spelling of a value numbered before
            return self._text_numbers(texts)  # one label at a time
        self._fresh.extend(texts)
        self._pending.append((texts, start))
        return np.arange(start, start + len(texts), dtype=np.int32)

    def _fresh_keys(self, texts: list[str], at: int) -> bool:
        """Whether the keys of `texts` (labels none numbered yet, to be numbered from `at` on)
        are each a value's own (none another's, none twice): then they are kept as the first
        of their keys. By hash while every key so far has had its own: 200,000 creators'
        keys went into a dict (and Python strings) that only a second spelling looks up."""
        fold = self._fold
        if fold is None:
            return True
        arrow_keys = getattr(fold, "arrow_keys", None)
        if arrow_keys is not None and (
            self._key_slots is not None or not (self._firsts or self._pending_keys)
        ):
            keys = arrow_keys(texts)
            hashes = hash_text(pc.drop_null(keys) if keys.null_count else keys)
            table = self._key_slots
            if table is None:
                table = HashSlots.of(hashes)
                distinct = table is not None
            else:
                distinct = table.add(hashes, table.count)
            if distinct:  # distinct hashes: distinct keys
                self._key_slots = table
                self._pending_keys.append((keys, at))
                return True
            listed = keys.to_pylist()  # two keys share a hash: the dict tells whether they are one
        else:
            listed = fold.keys(texts)
        self._settle_keys()
        firsts = self._fresh_firsts(listed, at)
        if firsts is None:
            return False
        self._firsts.update(firsts)
        return True

    def _settle(self) -> None:
        """Labels numbered in bulk (_category_numbers) into `_number`, and their keys into
        `_firsts`, for a lookup."""
        number = self._number
        for texts, at in self._pending:
            number.update(zip(texts, range(at, at + len(texts)), strict=True))
        self._pending = []
        self._settle_keys()

    def _settle_keys(self) -> None:
        """The keys kept by hash (_fresh_keys) into `_firsts`; from now on every key goes there."""
        firsts = self._firsts
        for keys, at in self._pending_keys:
            firsts.update((key, at + i) for i, key in enumerate(keys.to_pylist()) if key is not None)
        self._pending_keys = []
        self._key_slots = None

    def _fresh_firsts(self, keys: Sequence[str | None], at: int) -> dict[str, int] | None:
        """Each key of `keys` (of labels none numbered yet, to be numbered from `at` on) with
        its label's number, when none is another's (none numbered before, none twice): each
        label a value of its own. None when one is. In C: a Python loop over 200,000 new
        creators' keys took longer than the rest of their numbering."""
        numbers = range(at, at + len(keys))
        if None in keys:
            firsts = {key: i for key, i in zip(keys, numbers, strict=True) if key is not None}
            named = len(keys) - keys.count(None)
        else:
            firsts, named = dict(zip(cast("Sequence[str]", keys), numbers, strict=True)), len(keys)
        if len(firsts) != named or not self._firsts.keys().isdisjoint(firsts):
            return None
        return firsts

    def renames(self) -> dict[str, str]:
        """Each label (a first spelling) whose value is shown in another of its spellings,
        and that spelling (see Fold.rank; the blank group stays `(blank)`)."""
        if self._renames is not None:
            return self._renames
        if not self._others:
            return {}
        fold = self._fold
        assert fold is not None
        labels = self.index
        out: dict[str, str] = {}
        for number, others in self._others.items():
            first, key = str(labels[number]), self._key_of[number]
            spellings = [first, *others]
            # the best-ranked; of equals the least as text, so no order of rows decides
            ranked = sorted((fold.rank(text, key), text) for text in spellings)
            best = BLANK if BLANK in spellings else ranked[0][1]
            lasts = {text.split()[-1].casefold() for text in spellings if text.split()}
            if best != BLANK and ranked[0][0][0] > 0 and len(lasts) > 1:  # no spelling names it in
                best = fold.name(key) or best  # full: `Instagram` for `Instagram Reels` + `IG Stories`
            if best != first:
                out[first] = best
        self._renames = out
        return out

    @property
    def folded(self) -> list[tuple[str, str]]:
        """(a spelling, the one it is shown as) for each spelling joined to another."""
        renames = self.renames()
        labels = self.index
        pairs = []
        for number, others in self._others.items():
            first = str(labels[number])
            shown = renames.get(first, first)
            pairs += [(text, shown) for text in (first, *others) if text != shown]
        return pairs

    def shown(self) -> list[Any]:
        """`index` with each value in its spelling to show (see renames)."""
        renames = self.renames()
        index = self.index
        if not renames:
            return index
        return [renames.get(label, label) for label in index]

    def of_codes(self, column: Codes, missing: Any = None) -> np.ndarray:
        """Each row's number straight from a text column's codes.

        The reader's batches of one file share a dictionary, so each value is looked up
        once (in order of first appearance), not each batch's labels again. A missing
        value gets the number of the label `missing`, or -1 when that is None.
        """
        return self.of_category_codes(column.codes, column.categories, missing)

    def of_category_codes(
        self,
        codes: np.ndarray,
        categories: Sequence[Any],
        missing: Any = None,
        rows: np.ndarray | None = None,
    ) -> np.ndarray:
        """`of_codes` for codes (-1: missing) into the dictionary `categories`.

        A reader's dictionary grows as new values turn up, the ones before keeping their
        codes (read.labels): then the numbers found so far stay, and only the new values
        are looked up (200,000 creators are not looked up again in every batch). New values
        are numbered in the order `codes` has them, or, given `rows` (the column's codes row
        by row), in the order of their first rows."""
        if categories is not self._categories or len(categories) != self._known:
            before, known = self._categories, self._known
            if (
                before is not None
                and len(categories) >= known
                and (categories is before or list(categories[:known]) == list(before[:known]))
            ):
                grow = np.full(len(categories) - known, -1, dtype=np.int32)
                self._lookup = np.concatenate([self._lookup[:-1], grow, self._lookup[-1:]])
            else:
                self._lookup = np.full(len(categories) + 1, -1, dtype=np.int32)
                self._one_dtype = self._one_dtype and before is None and not len(self)
            self._categories, self._known = categories, len(categories)
        numbers = self._lookup[codes]
        unseen = numbers < 0 if missing is not None else (numbers < 0) & (codes >= 0)
        if unseen.any():
            new = _in_order(codes[unseen])
            if rows is not None:
                first = _first_rows(rows.astype(np.intp) + 1, len(categories) + 1)[new + 1]
                new = new[np.argsort(first, kind="stable")]
            if len(new) and new[0] >= 0 and new[-1] - new[0] == len(new) - 1 and (np.diff(new) == 1).all():
                labels = list(categories[int(new[0]) : int(new[-1]) + 1])  # a batch's new values, in order
            else:
                labels = [categories[c] if c >= 0 else missing for c in new.tolist()]  # code -1: missing
            # codes of categories only (a missing value's label may be one numbered before)
            fresh = bool((new >= 0).all())
            self._lookup[new] = self._numbers(labels, categories=fresh)
            numbers = self._lookup[codes]
        return numbers

    def labels(self) -> np.ndarray:
        return _objects(self.index)


def _objects(values: list[Any]) -> np.ndarray:
    """A list as a 1-d object array (tuples stay elements, not rows)."""
    out = np.empty(len(values), dtype=object)
    if values and isinstance(values[0], tuple):  # one kind of label each: tuples for several `by`
        for i, value in enumerate(values):
            out[i] = value
    else:
        out[:] = values
    return out


class ValueSets(NamedTuple):
    """The distinct values of a dimension (tiers, platforms, ...) seen in each group: one
    number per group into `sets`, each set a tuple sorted as text. Groups share a few
    sets, so a breakdown of a million posts holds a million small ints, not a million
    tuples and a dict of them."""

    ids: np.ndarray  # per group, in the order of the sums: its set in `sets`, -1 for none
    sets: list[tuple[str, ...]]

    def at(self, i: int) -> tuple[str, ...]:
        """The values of group i (empty when none of its rows has one)."""
        k = int(self.ids[i])
        return self.sets[k] if k >= 0 else ()

    def tolist(self) -> list[tuple[str, ...] | None]:
        """Each group's values (None for none), for tests and notebooks."""
        return [self.sets[k] if k >= 0 else None for k in self.ids.tolist()]


_SET_BITS = 64  # a dimension with more distinct values than this is gathered per group in Python


def value_sets(groups: np.ndarray, numbers: np.ndarray, labels: np.ndarray, count: int) -> ValueSets:
    """Each of `count` groups' values as a tuple sorted as text: `labels[numbers[k]]` is a
    value of group `groups[k]`, each pair once. A group's values are the bits of one
    integer, so the sets come from a pass over the pairs, not a tuple per group; past 64
    distinct values they are gathered group by group."""
    distinct, at = np.unique(numbers, return_inverse=True)
    if len(distinct) > _SET_BITS:
        return _value_sets_slowly(groups, labels[numbers], count)
    texts = [str(v) for v in labels[distinct]]
    ranked = sorted(range(len(texts)), key=texts.__getitem__)
    rank = np.empty(len(texts), dtype=np.uint64)
    rank[ranked] = np.arange(len(texts), dtype=np.uint64)
    masks = np.zeros(count, dtype=np.uint64)
    bits = np.left_shift(np.uint64(1), rank[at.reshape(-1)])
    np.bitwise_or.at(masks, np.asarray(groups, dtype=np.intp), bits)
    found, ids = np.unique(masks, return_inverse=True)
    ordered = [texts[k] for k in ranked]
    sets = [tuple(text for b, text in enumerate(ordered) if (mask >> b) & 1) for mask in found.tolist()]
    ids = ids.reshape(-1).astype(np.int32)
    ids[masks == 0] = -1
    return ValueSets(ids, sets)


def _value_sets_slowly(groups: np.ndarray, names: np.ndarray, count: int) -> ValueSets:
    """`value_sets` a tuple per group, for dimensions of many values."""
    text = np.asarray([str(v) for v in names], dtype=object)
    order = sorted(range(len(text)), key=lambda i: (groups[i], text[i]))
    tuples: dict[int, list[str]] = {}
    for i in order:
        tuples.setdefault(int(groups[i]), []).append(text[i])
    numbers: dict[tuple[str, ...], int] = {}
    ids = np.full(count, -1, dtype=np.int32)
    for group, values in tuples.items():
        ids[group] = numbers.setdefault(tuple(values), len(numbers))
    return ValueSets(ids, list(numbers))


def _pairs(
    dim: Codes, gids: np.ndarray | None, groups: int, numbering: _Numbering
) -> tuple[np.ndarray, np.ndarray]:
    """The batch's (group number, value number) pairs, rows with the value missing left out.

    `gids` None means one group (campaign totals); `groups` bounds the group numbers.
    Each distinct pair once, found on the column's integer codes, so only the few
    distinct pairs are numbered, not every row.
    """
    width = len(dim.categories) + 1  # code + 1: 0 is a missing value
    key = dim.codes.astype(np.int64) + 1
    if gids is not None:
        key += gids.astype(np.int64) * width
    bound = groups * width
    by_table = bound <= max(4 * len(key), 1 << 12)  # a count per possible pair is cheapest
    pairs = np.flatnonzero(np.bincount(key, minlength=bound)) if by_table else distinct_ints(key)
    group, code = np.divmod(pairs, width)
    code -= 1
    present = code >= 0
    # New values are numbered in the order the pairs come: ascending from the table, else
    # in order of first appearance (that of each value's first row).
    rows = None if by_table else dim.codes
    return group[present], numbering.of_category_codes(code[present], dim.categories, rows=rows)


_TABLE_CELLS = 1 << 25  # a (group × value) table up to 32 MB; beyond that, pairs as int64


class _PairSet:
    """The distinct (group number, value number) pairs of one dimension.

    A table of booleans, group by value, while it stays small (days × influencers:
    a few million cells); else each pair as one int64 (group << 32 | value), folded
    to distinct ones every few batches (e.g. --by post_id: millions of groups).
    """

    def __init__(self) -> None:
        self.table: np.ndarray | None = np.zeros((0, 0), dtype=bool)
        self.parts: list[np.ndarray] = []

    def add(self, groups: np.ndarray, values: np.ndarray) -> None:
        if len(groups) == 0:
            return
        if self.table is not None:
            self._fit(int(groups.max()) + 1, int(values.max()) + 1)
        if self.table is not None:
            self.table[groups, values] = True
            return
        self.parts.append(distinct_ints((groups.astype(np.int64) << 32) | values))
        if len(self.parts) >= _FOLD_EVERY:
            self.parts = [distinct_ints(np.concatenate(self.parts))]

    def _fit(self, rows: int, cols: int) -> None:
        """Grow the table to hold these many groups and values, or give it up for pairs."""
        assert self.table is not None
        have_rows, have_cols = self.table.shape
        if rows <= have_rows and cols <= have_cols:
            return
        shape = (max(rows, have_rows * 5 // 4), max(cols, have_cols * 5 // 4))
        if shape[0] * shape[1] > _TABLE_CELLS:
            groups, values = np.nonzero(self.table)
            self.parts = [(groups.astype(np.int64) << 32) | values]
            self.table = None
            return
        grown = np.zeros(shape, dtype=bool)
        grown[:have_rows, :have_cols] = self.table
        self.table = grown

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Group numbers and value numbers of the distinct pairs."""
        if self.table is not None:
            groups, values = np.nonzero(self.table)
            return groups, values
        pairs = distinct_ints(np.concatenate(self.parts)) if self.parts else np.empty(0, dtype=np.int64)
        self.parts = [pairs]
        return (pairs >> 32).astype(np.intp), (pairs & 0xFFFFFFFF).astype(np.intp)


class _OwnValue:
    """The distinct (group, value) pairs of the dimension a breakdown groups on (e.g.
    influencers per influencer): a group's only value is its own label, whenever one of
    its rows has the value (the blank group may hold only rows without one). So only
    which groups had the value is kept: counting the pairs of every row costs a
    `--by influencer` run a tenth of its main-thread time."""

    def __init__(self) -> None:
        self.seen = np.zeros(0, dtype=bool)

    def add(self, groups: np.ndarray) -> None:
        if len(groups) == 0:
            return
        top = int(groups.max()) + 1
        if top > len(self.seen):
            grown = np.zeros(max(top, len(self.seen) * 5 // 4), dtype=bool)
            grown[: len(self.seen)] = self.seen
            self.seen = grown
        self.seen[groups] = True

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Group numbers and value numbers (the same: see Aggregator.add) of the pairs."""
        groups = np.flatnonzero(self.seen)
        return groups, groups


def _present(column: Any) -> np.ndarray:
    """Where a dimension column has a value (the rows `_pairs` counts)."""
    if isinstance(column, Codes):
        return column.codes >= 0
    return as_codes(column).codes >= 0


def _total_columns(batches: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """The campaign totals of each batch (_column_sums) as columns, one value a batch:
    columns in order of first appearance, int64 while every value is a whole number, else
    float64 (a batch without the column: NaN), as a frame of those rows had them."""
    rows = _filled(batches)
    names = dict.fromkeys(col for row in rows for col in row)
    out: dict[str, np.ndarray] = {}
    for col in names:
        values = [row.get(col, math.nan) for row in rows]
        if all(isinstance(v, int | np.integer) and not isinstance(v, bool | np.bool_) for v in values):
            try:
                out[col] = np.array(values, dtype=np.int64)
                continue
            except OverflowError:
                pass
        if all(isinstance(v, int | float | np.integer | np.floating) for v in values):
            out[col] = np.array(values, dtype=np.float64)
        else:
            out[col] = _objects(values)
    return out


def _combine(
    columns: Mapping[str, np.ndarray | Sparse], cents: list[str], index_names: list[str], index: list[Any]
) -> Sums:
    """Sums per group (already one row each), or their campaign total: integers exactly,
    floats with exact (fsum) summation. `cents`: the columns summed in whole cents. A
    Sparse column's zeros change neither its total nor its rounding: its sums alone are
    added up, or rounded."""
    sums: dict[str, np.ndarray | Sparse] = {}
    if index_names == ["_all"]:  # totals, from totals or from grouped batches
        for col, whole in columns.items():
            column = whole.values if isinstance(whole, Sparse) and whole.less is None else _dense(whole)
            if column.dtype.kind == "f":
                sums[col] = np.array([math.fsum(column[~np.isnan(column)].tolist())])
            elif column.dtype.kind in "iu":
                sums[col] = np.array(
                    [int(column.sum())], dtype=np.int64
                )  # int64: exact (no float on the way)
            else:
                sums[col] = _whole([sum(int(v) for v in column)])
        index = [0]
    else:
        sums = dict(columns)
    for col, summed in sums.items():
        values = summed.values if isinstance(summed, Sparse) else summed
        size = summed.size if isinstance(summed, Sparse) else len(summed)
        if col in cents and index_names != ["_all"] and size and np.abs(values).max(initial=0) < 1e8:
            continue  # whole cents / 100 below 1e8 are already what round(v, 6) gives back
        if values.dtype.kind == "f":
            # Money like 1656.67 is not exact in binary; summing millions of them leaves
            # noise in the last bits (…52.5699997). Exports never carry 7 decimals.
            rounded = round6(values.astype(np.float64))
            sums[col] = summed._replace(values=rounded) if isinstance(summed, Sparse) else rounded
    return Sums(sums, index, index_names)


def _whole(values: list[int]) -> np.ndarray:
    """Whole numbers as int64 when they fit, else as Python ints (objects)."""
    try:
        return np.array(values, dtype=np.int64)
    except OverflowError:
        return _objects(values)


class Sums:
    """One row of sums per group, as columns: each column a numpy array, one value per
    group in the order of the group numbers, and `index` the groups' labels (texts,
    tuples of them for several `by` columns, [0] for campaign totals). What a pandas
    frame held before (issue 21 item 4: a score run imports no pandas)."""

    __slots__ = ("_columns", "index", "names")

    def __init__(self, columns: dict[str, np.ndarray | Sparse], index: list[Any], names: list[str]) -> None:
        self._columns = columns  # a column zero in most groups kept Sparse, made whole when read
        self.index = index
        self.names = names  # the `by` columns (["_all"] for totals)

    @property
    def columns(self) -> Any:
        """The column names, in order (a dict's keys: `in` costs no scan)."""
        return self._columns.keys()

    def __len__(self) -> int:
        return len(self.index)

    def __contains__(self, col: object) -> bool:
        return col in self._columns

    def __getitem__(self, col: str) -> np.ndarray:
        return _dense(self._columns[col])

    def items(self) -> Iterator[tuple[str, np.ndarray]]:
        return ((col, _dense(column)) for col, column in self._columns.items())

    def to_pandas(self) -> pd.DataFrame:
        """The sums as the pandas frame they once were (tests, notebooks)."""
        import pandas as pd

        if len(self.names) > 1:
            index = pd.MultiIndex.from_tuples(self.index, names=self.names)
        else:
            index = pd.Index(
                _objects(self.index) if self.names != ["_all"] else self.index, name=self.names[0]
            )
        return pd.DataFrame(dict(self.items()), index=index, copy=False)


def round6(values: np.ndarray) -> np.ndarray:
    """`round(v, 6)` of each value, as Python rounds it (the nearest double to the decimal
    rounded half to even), for millions of groups at once.

    Below 2**52 every whole number and half is a double, so the product v × 10⁶, rounded
    to the nearest double, can land on a half but never cross one: unless it lands on
    one, rounding it to a whole number gives the exact decimal's, and dividing by 10⁶ the
    double Python returns. Halves and products past 2**52 (infinities too) go through
    Python's round."""
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = values * 1e6
        out = np.rint(scaled) / 1e6
        half = scaled - np.floor(scaled) == 0.5
        doubt = (np.abs(scaled) >= 2.0**52) | half  # (NaN stays NaN either way)
    if doubt.any():
        at = np.flatnonzero(doubt)
        out[at] = [round(v, 6) for v in values[at].tolist()]
    return out


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class GroupSums:
    """Sums, non-missing counts and distinct counts, one row per group."""

    sums: Sums
    distinct: dict[str, np.ndarray]  # per group, in the order of `sums`
    values: dict[str, ValueSets]  # the tiers / platforms seen in each group
    columns: set[str]
    by: list[str]
    date_min: np.datetime64 | None = None  # the earliest date (see iso_day)
    date_max: np.datetime64 | None = None

    @property
    def total_rows(self) -> int:
        return int(self.sums["rows"].sum())

    @cached_property
    def _rows(self) -> np.ndarray:
        return self.sums["rows"]

    def rows_at(self, i: int) -> int:
        """Rows in group i (in the order of `sums`): no dict of every group's rows first."""
        return int(self._rows[i])


# --------------------------------------------------------------------------- KPIs


@dataclass(slots=True)  # one per KPI per group: thousands of groups
class KpiValue:
    """One KPI of one group: a number or None with the reason, plus coverage notes."""

    id: str
    value: int | float | None
    reason: str | None = None
    missing: dict[str, int] = field(default_factory=dict)  # column -> rows missing
    notes: list[str] = field(default_factory=list)  # context for a computed value
    # The rows its figure stands on when fewer than its group's (a lift window's days, not both
    # windows'): what `missing` counts "of" (audit I-7). None: the group's rows.
    rows: int | None = None


class _Figure:
    """One figure for every group at once: values, and the reason where there is none.

    `reasons[i]` is None where `values[i]` holds the figure; elsewhere `values[i]` is a
    placeholder and the reason says why the figure cannot be given. `known` says which
    (reasons is None), kept up to date by whoever writes a reason, since looking for None
    in an object array of 200,000 groups some ninety times took most of kpi_table.

    A ratio also keeps the spend it stands on (`spent`: Σ spend over its paired rows, the
    spend its verdict judges) and how much of the group it stands on (`stands`: so many of
    so many rows, or posts).
    """

    __slots__ = ("known", "reasons", "spent", "stands", "values")

    def __init__(self, values: np.ndarray, reasons: np.ndarray, known: np.ndarray | None = None) -> None:
        self.values = values
        self.reasons = reasons  # object: str or None
        self.known: np.ndarray = _no_reason(reasons) if known is None else known
        self.spent: np.ndarray | None = None
        self.stands: tuple[np.ndarray, np.ndarray, str] | None = None  # on N of M rows (or posts)


def _no_reason(reasons: np.ndarray) -> np.ndarray:
    """Where a reasons array (str or None) holds None: pd.isna's answer for it, in a
    third of the time (it runs some 90 times over every group)."""
    return np.asarray(reasons == None)  # noqa: E711 (elementwise, not `is`)


def _known(n: int, known: bool) -> np.ndarray:
    return np.full(n, known, dtype=bool)


def _reasons(n: int, reason: str | None = None) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out[:] = reason
    return out


def _first_reason(a: _Figure, b: _Figure) -> tuple[np.ndarray, np.ndarray]:
    """a's reason, else b's, group by group (a new array); and where neither has one."""
    out = a.reasons.copy()
    out[a.known] = b.reasons[a.known]
    return out, a.known & b.known


def _label(col: str) -> str:
    return col.replace("_", " ")


_NO_ENGAGEMENTS = "no engagements, likes, comments, shares or saves column"


def no_column(col: str) -> str:
    """The reason a KPI gives when no input has `col` (engagements: nor any of its parts)."""
    return _NO_ENGAGEMENTS if col == "engagements" else f"no {_label(col)} column"


class _Sums:
    """Every group's column sums as arrays, with the bookkeeping to explain gaps."""

    def __init__(self, gs: GroupSums) -> None:
        self.gs = gs
        self.n = len(gs.sums)
        self.rows = gs.sums["rows"]
        gaps = {  # rows where a column is blank, for the columns the export has
            col: self.rows - self.count(col) for col in gs.columns if f"n_{col}" in gs.sums.columns
        }
        if f"n_{ROW_ENGAGEMENTS}" in gs.sums.columns:  # engagements row by row: its own blanks
            gaps["engagements"] = self.rows - self.count(ROW_ENGAGEMENTS)
        if f"n_{ROW_POSTS}" in gs.sums.columns:  # blank posts cells, not the rows of other files
            gaps["posts"] = self.rows - self.count(ROW_POSTS)
        if "influencer" in gs.columns:  # blank cells, and rows of files without the column
            gaps["influencer"] = self.flag(NO_INFLUENCER) + self.count(NO_INFLUENCER_COLUMN)
        self.gaps = {col: gap for col, gap in gaps.items() if gap.any()}

    def count(self, col: str) -> np.ndarray:
        """Non-blank cells of a column, per group."""
        if f"n_{col}" not in self.gs.sums.columns:
            return np.zeros(self.n, dtype=np.int64)
        return self.gs.sums[f"n_{col}"]

    def present(self, col: str) -> np.ndarray:
        if col not in self.gs.columns:
            return np.zeros(self.n, dtype=bool)
        return self.count(col) > 0

    def total(self, col: str) -> _Figure:
        if col not in self.gs.columns:
            return _Figure(
                np.zeros(self.n), _reasons(self.n, f"no {_label(col)} column"), _known(self.n, False)
            )
        reasons = _reasons(self.n)
        blank = self.count(col) == 0
        reasons[blank] = f"{_label(col)} blank in every row"
        return _Figure(self.gs.sums[col], reasons, ~blank)

    def paired(self, figure: _Figure, col: str, other: str) -> _Figure:
        """`figure` (the sum of `col`) over the rows where `other` is known too."""
        off = self._sum(f"{col}{UNPAIRED}{other}")
        if off is None:
            return figure
        return _Figure(_minus(figure.values, off), figure.reasons, figure.known)

    def _sum(self, key: str) -> np.ndarray | None:
        if key not in self.gs.sums.columns:
            return None
        found = self.gs.sums[key]
        return np.nan_to_num(found) if found.dtype.kind == "f" else found

    def both(self, a: str, b: str) -> np.ndarray:
        """Rows where both columns are known, per group: `a`'s known cells less those whose
        `b` is blank. `engagements` is counted from the other side (its rows are those with
        the column or any of its parts, which no count column keeps)."""
        if a == "engagements":
            a, b = b, a
        return self.count(a) - self.flag(f"#{a}{UNPAIRED}{b}")

    def ratio(
        self, num: _Figure, num_col: str, den: _Figure, den_col: str, scale: float = 1.0, net: bool = False
    ) -> _Figure:
        """num / den over the rows where both are known (SPEC, Decisions: ratios over paired
        rows); `net` makes it (num − den) / den, as ROI is."""
        top, bottom = self.paired(num, num_col, den_col), self.paired(den, den_col, num_col)
        paired = num_col, den_col
        if net:
            top = _Figure(_minus(top.values, bottom.values), *_first_reason(top, bottom))
        figure = _ratio(top, bottom, _label(den_col), scale)
        if num_col == "conversions" and not net:  # a rate of adjustments only is no rate: -0.5%
            below = figure.known & (np.asarray(top.values, dtype=np.float64) < 0)
            if below.any():
                figure.reasons[below] = "conversions sum to below 0 (adjustments)"
                figure = _Figure(figure.values, figure.reasons, figure.known & ~below)
        both = self.both(*paired)
        if bottom is not den:  # a side with blanks: say so when no row has both, or what the
            # rows with both sum to when it is 0 (while the whole column does not)
            either = num.known & den.known
            none = either & (both == 0)
            figure.reasons[none] = f"no row has both {_label(num_col)} and {_label(den_col)}"
            zero = (
                either
                & ~none
                & (np.asarray(bottom.values, dtype=np.float64) == 0)
                & (np.asarray(den.values, dtype=np.float64) != 0)
            )
            figure.reasons[zero] = (
                f"no spend recorded on the rows with {_label(num_col)}"
                if den_col == "spend"
                else f"{_label(den_col)} sum to 0 on the rows with {_label(num_col)}"
            )
            figure.known = figure.known & ~none & ~zero
        if num_col == "spend" and top is not num:  # $0 on the paired rows: gifted posts only
            paid = np.asarray(num.values, dtype=np.float64) != 0  # none at all: _spend_notes says so
            free = figure.known & paid & (np.asarray(top.values, dtype=np.float64) == 0)
            figure.reasons[free] = f"no spend recorded on the rows with {_label(den_col)}"
            figure.known = figure.known & ~free
        if num_col == "spend":
            figure.spent = np.asarray(top.values)
        elif den_col == "spend":
            figure.spent = np.asarray(bottom.values)
        figure.stands = (both, self.rows, "rows")
        return figure

    def flag(self, key: str) -> np.ndarray:
        """Rows of a kind (NEGATIVE_SPEND, CLICKS_OVER) per group; zeros when none had it."""
        if key not in self.gs.sums.columns:
            return np.zeros(self.n, dtype=np.int64)
        return np.nan_to_num(np.asarray(self.gs.sums[key], dtype=np.float64)).astype(np.int64)

    def distinct(self, dim: str) -> np.ndarray | None:
        counts = self.gs.distinct.get(dim)
        return counts


def _ratio(num: _Figure, den: _Figure, den_name: str, scale: float = 1.0) -> _Figure:
    reasons, known = _first_reason(num, den)
    den_values = den.values.astype(np.float64)
    zero = known & (den_values == 0)
    reasons[zero] = f"{den_name} sum to 0"
    known = known & ~zero
    if den_name == "conversions":  # a group of adjustments only (a day of retractions): no CPA of -$140
        below = known & (den_values < 0)
        reasons[below] = "conversions sum to below 0 (adjustments)"
        known = known & ~below
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        values = num.values.astype(np.float64) / den_values * scale
    small = known & ~np.isfinite(values)
    reasons[small] = f"{den_name} too small to divide by"
    return _Figure(values, reasons, known & ~small)


_Used = tuple[str, ...] | list[tuple[str, ...]]  # a figure's columns: for every group, or per group


def _engagements(s: _Sums) -> tuple[_Figure, _Used]:
    """Σ engagements where the column has figures, else Σ likes + comments + shares + saves;
    and the columns the figure came from (for the gap notes): one tuple when every group's
    are the same, else one per group (a few distinct tuples, shared)."""
    if f"n_{ROW_ENGAGEMENTS}" in s.gs.sums.columns:  # some input has the column: row by row
        known = s.count(ROW_ENGAGEMENTS) > 0
        reasons = _reasons(s.n)
        reasons[~known] = "engagements, likes, comments, shares and saves blank in every row"
        return _Figure(s.gs.sums[ROW_ENGAGEMENTS], reasons, known), ("engagements",)
    column = s.total("engagements")
    from_column = s.present("engagements")
    parts = [c for c in ENGAGEMENT_PARTS if c in s.gs.columns]
    part_present = {c: s.present(c) for c in parts}
    part_sum = sum((s.gs.sums[c] for c in parts), np.zeros(s.n, dtype=np.int64))
    values = _choose(from_column, column.values, part_sum)
    reasons = _reasons(s.n)
    any_part = np.logical_or.reduce([part_present[c] for c in parts]) if parts else np.zeros(s.n, bool)
    known = from_column | any_part
    reasons[~known] = _NO_ENGAGEMENTS
    code = from_column.astype(np.int64) << len(parts)  # which columns, as bits
    for bit, c in enumerate(parts):
        code |= part_present[c].astype(np.int64) << bit
    found, which = np.unique(code, return_inverse=True)
    kinds = [
        ("engagements",) if k >> len(parts) else tuple(c for bit, c in enumerate(parts) if k >> bit & 1)
        for k in found.tolist()
    ]
    used: _Used = kinds[0] if len(kinds) == 1 else [kinds[k] for k in which.tolist()]
    return _Figure(values, reasons, known), used


def _posts(s: _Sums) -> tuple[_Figure, tuple[str, ...], np.ndarray]:
    """Posts per group, the columns whose blanks the figure reports, and how many of the
    posts have no known spend (their rows' spend cells are blank: see UNPRICED_POSTS).

    With a posts column in some input (creator-level exports): the column's sum on its
    files' rows, plus the distinct post IDs of files counted by ID, plus one per row of
    files with neither. Otherwise (SPEC, Decisions): distinct post IDs, plus one for each
    row whose ID is blank; rows without post IDs.

    Rows that are not posts (an ads manager's campaigns or days, a fee sheet's creators:
    read/frames.py) add none; a group of only such rows has no figure, with their reason."""
    n = s.n
    post_ids = s.distinct("post_id")
    other, why = _not_posts(s)
    by_rows_unpriced = s.flag(UNPRICED_POSTS)
    by_ids_unpriced = s.distinct(UNPRICED_IDS)
    if by_ids_unpriced is None:
        by_ids_unpriced = np.zeros(n, dtype=np.int64)
    if f"n_{ROW_POSTS}" not in s.gs.sums.columns:
        rows = s.rows - other
        posts = rows if post_ids is None else np.where(post_ids > 0, post_ids, rows)
        unpriced = (
            by_rows_unpriced
            if post_ids is None
            else np.where(post_ids > 0, by_ids_unpriced, by_rows_unpriced)
        )
        reasons = _reasons(n)
        reasons[posts == 0] = why[posts == 0]
        return _Figure(posts, reasons, posts > 0), (), unpriced
    by_row = s.gs.sums[ROW_POSTS]
    by_id = np.zeros(n, dtype=np.int64) if post_ids is None else post_ids
    known = (s.count(ROW_POSTS) - other > 0) | (by_id > 0)
    reasons = _reasons(n)
    reasons[~known] = "posts blank in every row"
    only = ~known & (other == s.rows)
    reasons[only] = why[only]
    return _Figure(by_row + by_id, reasons, known), ("posts",), by_rows_unpriced + by_ids_unpriced


def _cost_per_post(s: _Sums, spend: _Figure, posts: _Figure, unpriced: np.ndarray) -> _Figure:
    """Σ spend / the posts whose spend is known (SPEC, Decisions: ratios over paired rows).

    A post whose rows' spend cells are blank, in a file with a spend column, is left out:
    what it cost is not known. Spend on rows that are not posts (an ads manager's, a fee
    sheet's) and posts of a file without spend stay in: that spend is in another file.
    With a posts column (one row per creator), a row's spend stands on its posts cell: the
    spend of a row whose posts are blank is left out too."""
    by_rows = f"n_{ROW_POSTS}" in s.gs.sums.columns
    top = s.paired(spend, "spend", "posts") if by_rows else spend
    priced = _Figure(_minus(posts.values, unpriced), posts.reasons, posts.known)
    figure = _ratio(top, priced, "posts")
    unknown = top.known & posts.known & (np.asarray(priced.values) == 0) & (np.asarray(posts.values) != 0)
    figure.reasons[unknown] = "spend blank on every post"
    if top is not spend:  # spend left out where posts are blank: say what is left
        spent = np.asarray(spend.values, dtype=np.float64) != 0
        free = figure.known & spent & (np.asarray(top.values, dtype=np.float64) == 0)
        none = free & (s.count("spend") == s.flag(f"#spend{UNPAIRED}posts"))
        figure.reasons[free] = "no spend recorded on the rows with posts"
        figure.reasons[none] = "no row has both spend and posts"
        figure.known = figure.known & ~free
    figure.spent = np.asarray(top.values)
    figure.stands = (np.asarray(priced.values), np.asarray(posts.values), "posts")
    return figure


def _flagged(s: _Sums, prefix: str) -> Iterator[tuple[np.ndarray, str]]:
    """Each column of rows flagged `prefix:reason` (read/frames): its rows per group, and the
    reason, in the order the sums have them."""
    for col in s.gs.sums.columns:
        if isinstance(col, str) and col.startswith(f"{prefix}:"):
            yield s.flag(col), col[len(prefix) + 1 :]


def _not_posts(s: _Sums) -> tuple[np.ndarray, np.ndarray]:
    """Per group, its rows that are not posts, and why (the first such file's reason)."""
    other = np.zeros(s.n, dtype=np.int64)
    why = _reasons(s.n)
    for rows, reason in _flagged(s, NOT_POSTS):
        why[(other == 0) & (rows > 0)] = reason
        other += rows
    return other, why


def _withheld(s: _Sums, figure: _Figure, prefix: str, also: np.ndarray | None = None) -> _Figure:
    """`figure` with no value for a group with rows flagged `prefix:reason` (and `also`, when
    given), the flag's reason said; a figure that had no value already keeps its reason."""
    for rows, reason in _flagged(s, prefix):
        hit = rows > 0 if also is None else (rows > 0) & also
        figure.reasons[hit & figure.known] = reason
        figure.known = figure.known & ~hit
    return figure


def _by_followers(s: _Sums, figure: _Figure) -> _Figure:
    """Engagement rate by followers, with no figure for a group with rows of an account's days
    (read/frames.account_days): their followers are a level each day, not a count to sum."""
    return _withheld(s, figure, FOLLOWERS_LEVEL)


def _of_days(s: _Sums, figure: _Figure) -> _Figure:
    """Reach, with no figure for a group whose rows of days (read/frames: an account's days, an
    ads manager's days of campaigns or ads) span more than one day: each day's reach is that
    day's distinct people, and days added up count a person once for every day. One day (--by
    date) is that day's reach, campaigns' rows of that day added up (as campaigns' whole-period
    rows are); a row without its day counts as a day of its own."""
    dated = s.distinct(REACH_DAYS)
    days = s.flag(REACH_UNDATED) + (0 if dated is None else dated)
    return _withheld(s, figure, REACH_DAYS, days > 1)


def _around(used: _Used, before: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> _Used:
    """`used` with more columns before and after (each distinct tuple made once)."""
    if isinstance(used, tuple):
        return (*before, *used, *after)
    made: dict[tuple[str, ...], tuple[str, ...]] = {}
    return [made.get(cols) or made.setdefault(cols, (*before, *cols, *after)) for cols in used]


def _choose(mask: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a where mask, else b; integers stay integers even when the other side is float.
    All of one side keeps that side's dtype: Σ likes + comments + ... of an export with no
    engagements column stays int64, not 200,000 Python ints for every writer to go through."""
    if a.dtype == b.dtype:
        return np.where(mask, a, b)
    if not mask.any():
        return b.copy()
    if mask.all():
        return a.copy()
    out = b.astype(object)
    out[mask] = a.astype(object)[mask]
    return out


# What each KPI is made of: its figure and the columns whose blank cells it reports.
_KpiPlan = list[tuple[str, _Figure, _Used]]


def _plan(s: _Sums) -> _KpiPlan:
    """Every KPI of KPI_DEFS for every group, as figures (in KPI_DEFS order)."""
    n = s.n
    influencers = s.distinct("influencer")
    if influencers is None:
        activated = _Figure(
            np.zeros(n, dtype=np.int64), _reasons(n, "no influencer column"), _known(n, False)
        )
    else:  # a group whose rows name no creator (another file's, or blank cells) has no count, not 0
        named = influencers > 0
        reasons = _reasons(n)
        reasons[~named] = "no influencer named in these rows"
        activated = _Figure(influencers, reasons, named)
    posts_figure, posts_cols, unpriced = _posts(s)
    total = s.total
    eng, eng_cols = _engagements(s)
    revenue, spend = total("revenue"), total("spend")
    ratio = s.ratio
    impressions, clicks = total("impressions"), total("clicks")
    reach = _of_days(s, total("reach"))
    with_impressions = _around(eng_cols, after=("impressions",))
    return [
        ("activated_influencers", activated, ("influencer",)),
        ("posts", posts_figure, posts_cols),
        ("reach", reach, ("reach",)),
        ("impressions", total("impressions"), ("impressions",)),
        ("frequency", ratio(impressions, "impressions", reach, "reach"), ("impressions", "reach")),
        ("video_completion_rate",
         ratio(total("completed_views"), "completed_views", total("views"), "views", 100.0),
         ("completed_views", "views")),
        ("views", total("views"), ("views",)),
        ("engagements", eng, eng_cols),
        ("engagement_rate", ratio(eng, "engagements", impressions, "impressions", 100.0), with_impressions),
        ("engagement_rate_by_followers", _by_followers(s, ratio(eng, "engagements", total("followers"),
                                                                 "followers", 100.0)),
         _around(eng_cols, after=("followers",))),
        ("saves", total("saves"), ("saves",)),
        ("shares", total("shares"), ("shares",)),
        ("profile_visits", total("profile_visits"), ("profile_visits",)),
        ("clicks", total("clicks"), ("clicks",)),
        ("ctr", ratio(clicks, "clicks", impressions, "impressions", 100.0), ("clicks", "impressions")),
        ("traffic", total("sessions"), ("sessions",)),
        ("conversions", total("conversions"), ("conversions",)),
        ("conversion_rate", ratio(total("conversions"), "conversions", clicks, "clicks", 100.0),
         ("conversions", "clicks")),
        ("session_conversion_rate", ratio(total("conversions"), "conversions", total("sessions"), "sessions",
                                          100.0), ("conversions", "sessions")),
        ("code_uses", total("code_uses"), ("code_uses",)),
        ("revenue", revenue, ("revenue",)),
        ("roas", ratio(revenue, "revenue", spend, "spend"), ("revenue", "spend")),
        ("roi", ratio(revenue, "revenue", spend, "spend", 100.0, net=True), ("revenue", "spend")),
        ("total_spend", spend, ("spend",)),
        ("cost_per_post", _cost_per_post(s, spend, posts_figure, unpriced), ("spend", *posts_cols)),
        ("cpm", ratio(spend, "spend", impressions, "impressions", 1000.0), ("spend", "impressions")),
        ("rpm", ratio(revenue, "revenue", impressions, "impressions", 1000.0), ("revenue", "impressions")),
        ("cpe", ratio(spend, "spend", eng, "engagements"), _around(eng_cols, before=("spend",))),
        ("cpc", ratio(spend, "spend", clicks, "clicks"), ("spend", "clicks")),
        ("cpa", ratio(spend, "spend", total("conversions"), "conversions"), ("spend", "conversions")),
    ]  # fmt: skip


def _minus(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype.kind in "iu" and b.dtype.kind in "iu":
        return a.astype(object) - b.astype(object)  # exact, as Python ints
    return a - b


class GroupNotes:
    """One KPI's notes, for the groups that have any; any other group's are an empty list:
    not a list for each of 200,000 groups (90 MB of them). A ratio's notes on how much of
    the group it stands on (`stands`) come first, written when read."""

    __slots__ = ("_notes", "stands")

    def __init__(self) -> None:
        self._notes: dict[int, list[str]] = {}  # group number → its other notes
        self.stands: _Stands | None = None

    def add(self, i: int, note: str) -> None:
        self._notes.setdefault(i, []).append(note)

    def get(self, i: int) -> list[str] | None:
        """Group i's notes, None when it has none."""
        own = self._notes.get(i)
        first = self.stands.notes(i) if self.stands is not None else None
        if first is None:
            return own
        return first + own if own else first

    def __getitem__(self, i: int) -> list[str]:
        return self.get(i) or []

    def __bool__(self) -> bool:
        return bool(self._notes) or self.stands is not None

    def of(self, rows: list[int]) -> list[list[str] | None]:
        """`get` of each group in `rows`, at once."""
        found: list[list[str] | None] = (
            list(map(self._notes.get, rows)) if self._notes else [None] * len(rows)
        )
        if self.stands is not None:
            for g, first in self.stands.of(rows):
                own = found[g]
                found[g] = first + own if own else first
        return found


class _Stands:
    """A ratio's notes on how much of each group it stands on, kept as numbers and written
    when read: `on 4 of 5 rows` (`posts` for cost per post), with `, 43% of the spend`
    after it for a ratio of spend whose rows leave spend out, and cost per post's `leaves
    out the spend of 2 rows with posts blank`. 200,000 creators with 1 % blank cells held
    some 40 MB of them as text, a list for each group."""

    __slots__ = ("_at", "_both", "_every", "_lost", "_share", "_short", "_unit")

    def __init__(
        self,
        short: np.ndarray,
        stands: tuple[np.ndarray, np.ndarray, str],
        share: np.ndarray,
        lost: np.ndarray | None,
    ) -> None:
        """`short`: the groups (a mask) whose ratio stands on fewer rows (or posts) than the
        group has, `stands` says on how many of how many; `share`: for those groups, the
        share of the spend (see _spend_share); `lost`: per group, the rows whose spend the
        ratio leaves out (None: no such note)."""
        both, every, unit = stands
        at = np.flatnonzero(short if lost is None else short | (lost > 0))
        shares = np.full(len(short), -1, dtype=np.int8)
        shares[short] = share
        self._at = at  # the groups with any, ascending; the arrays below are theirs
        self._short, self._share = short[at], shares[at]
        self._both, self._every, self._unit = both[at], every[at], unit
        self._lost = None if lost is None else lost[at]

    def notes(self, i: int) -> list[str] | None:
        k = int(np.searchsorted(self._at, i))
        return self._said(np.array([k]))[0] if k < len(self._at) and self._at[k] == i else None

    def of(self, rows: list[int]) -> Iterator[tuple[int, list[str]]]:
        """(place in `rows`, notes) of each group in `rows` that has any."""
        if not len(self._at):
            return
        groups = np.asarray(rows, dtype=np.intp)
        places = np.minimum(np.searchsorted(self._at, groups), len(self._at) - 1)
        hits = np.flatnonzero(self._at[places] == groups)
        yield from zip(hits.tolist(), self._said(places[hits]), strict=True)

    def _said(self, ks: np.ndarray) -> list[list[str]]:
        """The notes of the groups `ks` (places in `_at`), from Python numbers taken out at
        once: 5,000 creators' 58,000 notes took a sixth of a second a number at a time."""
        unit = self._unit
        shares = self._share[ks].tolist()
        counts = [a[ks].astype(np.int64).tolist() for a in (self._both, self._every)]
        lost = self._lost[ks].astype(np.int64).tolist() if self._lost is not None else [0] * len(ks)
        out = []
        for short, share, both, every, n in zip(self._short[ks].tolist(), shares, *counts, lost, strict=True):
            said = []
            if short:
                tail = "" if share < 0 else f", {'under 1%' if share == 0 else f'{share}%'} of the spend"
                said.append(f"on {both:,} of {every:,} {unit}{tail}")
            if n > 0:
                said.append(f"leaves out the spend of {n:,} row{'s' if n != 1 else ''} with posts blank")
            out.append(said)
        return out


class Column:
    """One KPI's values for every group, kept as the array the maths made and handed out
    one Python number at a time, as `.tolist()` would give them: a breakdown of 200,000
    creators holds 30 arrays of 8-byte numbers, not six million Python floats."""

    __slots__ = ("_array", "_item")

    def __init__(self, array: np.ndarray) -> None:
        self._array = array
        self._item = array.item  # the Python number (or the object) at i, in one C call

    def __len__(self) -> int:
        return len(self._array)

    def __getitem__(self, i: int) -> Any:
        return self._item(i)

    @property
    def array(self) -> np.ndarray:
        """The whole column, for writers that work on many groups at once (see score.GroupBlock)."""
        return self._array

    def __iter__(self) -> Iterator[Any]:
        return iter(self._array.tolist())


class Reasons:
    """One KPI's reasons for every group, kept for the groups without a figure only (a
    group with one has none): 200,000 creators held 30 arrays of 200,000 objects, nearly
    all None (48 MB). Read as a Column is: `reasons[i]`, or many groups at once (`take`)."""

    __slots__ = ("_at", "_fill", "_n", "_texts")

    def __init__(self, reasons: np.ndarray, known: np.ndarray) -> None:
        self._n = len(reasons)
        self._at = np.flatnonzero(~np.asarray(known, dtype=bool))  # the groups without a figure
        self._texts = reasons[self._at]
        # every group's the same reason ("no clicks column"): kept once
        self._fill: Any = None
        if len(self._at) == self._n and self._n and bool((self._texts == self._texts[0]).all()):
            self._fill = self._texts[0]
            self._at, self._texts = self._at[:0].copy(), self._texts[:0].copy()  # (no view: the whole stays)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> Any:
        if self._fill is not None:
            return self._fill
        k = int(np.searchsorted(self._at, i))
        return self._texts[k] if k < len(self._at) and self._at[k] == i else None

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The reasons of the groups `rows`, as objects (None where a group has a figure)."""
        out = np.full(len(rows), self._fill, dtype=object)
        if len(self._texts):
            k = np.minimum(np.searchsorted(self._at, rows), len(self._at) - 1)
            hit = self._at[k] == rows
            out[hit] = self._texts[k[hit]]
        return out

    def replace(self, old: str, new: str) -> None:
        """Every `old` reason becomes `new`."""
        if self._fill == old:
            self._fill = new
        self._texts[self._texts == old] = new

    def __iter__(self) -> Iterator[Any]:
        return iter(self.take(np.arange(self._n)).tolist())


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class KpiTable:
    """Every KPI of every group as columns (one list per KPI, in KPI_DEFS order).

    The math works KPI by KPI over arrays; a report of thousands of groups is then
    built straight from these lists, without a KpiValue per group and KPI first."""

    keys: list[Any]  # the group keys, in the order of the sums
    kpis: list[str]
    values: list[Column]  # values[j][i]: KPI j of group i (a placeholder where not known)
    reasons: list[Reasons]  # why KPI j of group i cannot be given (str or None)
    known: list[Column]  # bools
    sources: list[tuple[str, ...] | list[tuple[str, ...]]]  # columns a figure uses (per group if a list)
    gaps: dict[str, Sequence[int]]  # column -> rows missing it, per group (see _narrow)
    notes: dict[int, GroupNotes] = field(default_factory=dict)  # KPI j -> notes per group
    unjudged: dict[int, list[bool]] = field(default_factory=dict)  # KPI j -> no verdict, per group

    def missing(self, j: int, i: int) -> dict[str, int]:
        """Rows missing from KPI j's figure for group i, by column (empty: the figure covers all)."""
        missing: dict[str, int] = {}
        if self.gaps:
            cols = self.sources[j]
            for col in cols if isinstance(cols, tuple) else cols[i]:
                gap = self.gaps.get(col)
                if gap is not None and gap[i] > 0:
                    missing[col] = gap[i]
        return missing

    def value(self, j: int, i: int) -> KpiValue:
        if not self.known[j][i]:
            return KpiValue(self.kpis[j], None, self.reasons[j][i])
        notes = list(self.notes[j][i]) if j in self.notes else []
        return KpiValue(self.kpis[j], self.values[j][i], None, self.missing(j, i), notes)


# The two columns each plain ratio KPI stands on, for the note that says on how many
# rows it does (engagement ratios add up several columns: their gaps say it instead).
RATIO_SIDES = {
    "frequency": ("impressions", "reach"), "video_completion_rate": ("completed_views", "views"),
    "ctr": ("clicks", "impressions"), "conversion_rate": ("conversions", "clicks"),
    "session_conversion_rate": ("conversions", "sessions"), "roas": ("revenue", "spend"),
    "roi": ("revenue", "spend"), "cpm": ("spend", "impressions"), "rpm": ("revenue", "impressions"),
    "cpc": ("spend", "clicks"), "cpa": ("spend", "conversions"),
}  # fmt: skip
SPEND_KPIS = ("total_spend", "roas", "roi", "cost_per_post", "cpm", "cpe", "cpc", "cpa")
_BY_SPEND = ("roas", "roi", *sorted(LOWER_IS_BETTER))  # KPIs that judge what the spend bought


def kpi_table(gs: GroupSums) -> KpiTable:
    """Every KPI for every group: each worked out for all groups at once (arrays of sums)."""
    s = _Sums(gs)
    plan = _plan(s)
    notes, unjudged = _spend_notes(s, plan)
    _paired_notes(s, plan, notes)
    _alone_notes(s, plan, notes, unjudged)
    return KpiTable(
        keys=list(gs.sums.index),
        kpis=[kpi for kpi, _, _ in plan],
        values=[Column(figure.values) for _, figure, _ in plan],
        reasons=[Reasons(figure.reasons, figure.known) for _, figure, _ in plan],
        known=[Column(np.asarray(figure.known)) for _, figure, _ in plan],
        sources=[cols for _, _, cols in plan],
        gaps={col: _narrow(gap) for col, gap in s.gaps.items()},
        notes=notes,
        unjudged=unjudged,
    )


def _narrow(counts: np.ndarray) -> Sequence[int]:
    """Counts per group as the narrowest array of whole numbers that holds them, read one
    Python int at a time as a list is (a list of 200,000 took 1.6 MB a column; a group's
    blank cells fit in a byte or two)."""
    low, top = int(counts.min(initial=0)), int(counts.max(initial=0))
    for code in "bhiq":  # 1, 2, 4, 8 bytes
        out = array(code)
        bound = 1 << (8 * out.itemsize - 1)
        if -bound <= low and top < bound:
            break
    out.frombytes(counts.astype(np.dtype(f"i{out.itemsize}")).tobytes())
    return out


def _spend_notes(
    s: _Sums, plan: list[tuple[str, _Figure, Any]]
) -> tuple[dict[int, GroupNotes], dict[int, list[bool]]]:
    """Spend that is zero or below, and clicks above impressions: kept, but said.

    With no spend recorded (a gifted campaign) the cost KPIs, ROAS and ROI have no
    figure: $0 per click is not an excellent price. With a negative spend total (refunds
    larger than spend), or a negative spend on the rows a ratio stands on (ROAS on the
    one row with revenue, a refund), they keep their figure but get no verdict. Rows
    with negative spend, or more clicks than impressions, are counted in the notes of
    the KPIs they feed."""
    index = {kpi: j for j, (kpi, _, _) in enumerate(plan)}
    spend = s.total("spend")
    notes: dict[int, GroupNotes] = {}
    unjudged: dict[int, list[bool]] = {}
    paired_below: dict[int, np.ndarray] = {}  # KPI j -> groups whose paired spend is below zero
    if "spend" in s.gs.columns:
        spent = np.asarray(spend.values, dtype=np.float64)
        none = spend.known & (spent == 0)
        below = spend.known & (spent < 0)
        for kpi in _BY_SPEND:
            figure = plan[index[kpi]][1]
            if none.any():
                figure.reasons[none & figure.known] = "no spend recorded"
                figure.known = figure.known & ~none
            paired = np.zeros(s.n, dtype=bool)
            if figure.spent is not None:
                paired = figure.known & ~below & (np.asarray(figure.spent, dtype=np.float64) < 0)
            if below.any() or paired.any():
                unjudged[index[kpi]] = (below | paired).tolist()
            if paired.any():
                paired_below[index[kpi]] = paired
    for key, kpis, what in (
        (NEGATIVE_SPEND, SPEND_KPIS, "spend negative in {n:,} row{s}"),
        (CLICKS_OVER, ("ctr",), "clicks exceed impressions in {n:,} row{s}"),
    ):
        counts = s.flag(key)
        if not counts.any():
            continue
        hits = np.flatnonzero(counts).tolist()
        said = [what.format(n=n, s="s" if n != 1 else "") for n in counts[hits].tolist()]
        for kpi in kpis:
            per_group = notes.setdefault(index[kpi], GroupNotes())
            for i, note in zip(hits, said, strict=True):
                per_group.add(i, note)
    for j, flags in unjudged.items():
        per_group = notes.setdefault(j, GroupNotes())
        paired = paired_below.get(j, np.zeros(s.n, dtype=bool))
        for i in np.flatnonzero(flags).tolist():
            per_group.add(
                i,
                "no verdict: the spend it stands on is below zero"
                if paired[i]
                else "no verdict: the spend total is below zero",
            )
    return notes, unjudged


def _alone_notes(
    s: _Sums,
    plan: list[tuple[str, _Figure, Any]],
    notes: dict[int, GroupNotes],
    unjudged: dict[int, list[bool]],
) -> None:
    """The note of a column read from a header its profile reads only for want of others
    (Sprout's Engagements, which count clicks too: audit HV-1), on every KPI of a group with
    such rows that stands on the column; those KPIs get no verdict (the bands count otherwise)."""
    for key in s.gs.sums.columns:
        if not (isinstance(key, str) and key.startswith(f"{READ_ALONE}:")):
            continue
        col, note = key[len(READ_ALONE) + 1 :].split(":", 1)
        hit = s.flag(key) > 0
        for j, (_, figure, used) in enumerate(plan):
            uses = np.array([col in cols for cols in used]) if isinstance(used, list) else col in used
            rows = np.flatnonzero(hit & uses & figure.known).tolist()
            if not rows:
                continue
            per_group = notes.setdefault(j, GroupNotes())
            flags = unjudged.setdefault(j, [False] * s.n)
            for i in rows:
                per_group.add(i, note)
                flags[i] = True


def _paired_notes(s: _Sums, plan: list[tuple[str, _Figure, Any]], notes: dict[int, GroupNotes]) -> None:
    """`on 159 of 164 rows` for a ratio whose two sides are both known on fewer rows than
    the group has (SPEC, Decisions: ratios over paired rows); cost per post says on how
    many of its posts (`on 3 of 4 posts`), and what spend it leaves out with a posts column.
    Each goes before the group's other notes of the KPI (see _Stands)."""
    for j, (_, figure, _) in enumerate(plan):
        if figure.stands is None:
            continue
        both, every, unit = figure.stands
        short = figure.known & (both < every)
        at = np.flatnonzero(short)
        share = _spend_share(s, figure, at) if unit == "rows" else np.full(len(at), -1, dtype=np.int8)
        lost = None
        if unit == "posts":  # spend of rows whose posts are blank (a posts column's)
            lost = np.where(figure.known, s.flag(f"#spend{UNPAIRED}posts"), 0)
            if not lost.any():
                lost = None
        if not len(at) and lost is None:
            continue
        notes.setdefault(j, GroupNotes()).stands = _Stands(short, figure.stands, share, lost)


def _spend_share(s: _Sums, figure: _Figure, at: np.ndarray) -> np.ndarray:
    """`, 43% of the spend` after `on 2 of 4 rows`, for the groups `at`, for a ratio of spend
    whose paired rows leave some spend out (a fee sheet's beside an ads export's revenue): the
    row count alone read as gaps in the data, not as €1,300 of fees outside the ROAS (audit
    G-6). As numbers: the share in whole percent (1 to 99), 0 for under 1%, and -1 for a group
    whose ratio stands on all of its spend (no note)."""
    out = np.full(len(at), -1, dtype=np.int8)
    if figure.spent is None or "spend" not in s.gs.columns:
        return out
    total = np.asarray(s.total("spend").values, dtype=np.float64)[at]
    spent = np.asarray(figure.spent, dtype=np.float64)[at]
    said = (total > 0) & (spent >= 0) & (spent < total)
    pct = spent[said] / total[said] * 100
    out[said] = np.where(pct < 1, 0, np.minimum(np.floor(pct + 0.5), 99))
    return out


def compute_kpis(gs: GroupSums) -> dict[Any, list[KpiValue]]:
    """Every KPI for every group, in the order of KPI_DEFS, keyed by the group key."""
    table = kpi_table(gs)
    return {key: [table.value(j, i) for j in range(len(table.kpis))] for i, key in enumerate(table.keys)}


def group_values(gs: GroupSums, dim: str, i: int) -> tuple[str, ...]:
    """The distinct tiers or platforms seen in group i (for benchmark overrides)."""
    found = gs.values.get(dim)
    return found.at(i) if found is not None else ()


def score_frame(
    frame: pd.DataFrame | Frame, by: Iterable[str] = (), period: str = "day"
) -> dict[Any, list[KpiValue]]:
    """Convenience for notebooks: KPIs straight from a DataFrame of canonical columns."""
    agg = Aggregator(by=list(by), period=period)
    agg.add(frame)
    return compute_kpis(agg.result())
