"""Inputs that restate one another, passed together: every figure would count twice.

Two ways, checked apart.

**Whole files** (`restated`, once every file is read).
YouTube Studio's Advanced-mode export is a zip of three files over the same videos and
days: `Table data.csv` (one row per video), `Chart data.csv` (one row per video per day)
and `Totals.csv` (one row per day). Unzipped and passed together (`kpi score *.csv`),
every view was counted three times, and no row repeats another, so nothing said so.

A file restates another when it has another number of rows, yet every figure it has is
one the other has too, with the same sum (not zero): its rows are the other's figures
cut another way. Two exports of different posts or days almost never sum to the same
figures in every column; the same export split differently always does. Files with as
many rows and the same figures are left alone: a month exported twice over the same
creators (a test's March and April with the same figures) is not one file split another
way; with as many rows but fewer figures, the file is a copy of part of the other (a
store's sales report whose orders and revenue a tracker copies, audit r #5).

One figure alone is one coincidence: budgets are planned in round, equal splits (per
platform, per market), so two fee sheets of other creators often sum to the same spend
(audit s #3). A single figure restates another file's only when the files name the same
rows wherever both name them (the same creators, campaigns, platforms): YouTube's Chart
data and Totals hold the chart's one metric, and name no creator at all. Nor does a file
restate another in which a creator both name has another figure (`Restated.apart`): March's
fee sheet (`@mia` 500, `@leo.fit` 500) and April's (`@mia` 1,000) both sum to 1,000, but
`@mia`'s own fee differs, so April is no split of March (audit G-7).

**A creator tab beside its post tab** (`Restated`, counted as the files are read, by
creator).
A tracker keeps its posts on one tab and a row per creator on another, each creator's
figures the sums of their posts (flinque.us, "How to build an influencer tracking
spreadsheet": separate tabs, performance aggregated per creator). Both tabs saved as
CSV and scored together count every figure twice: impressions, spend, posts. When one
file has a row per creator and most creators' counts there equal the sums of the same
creator's rows in another file (two counts at least, two creators at least), the files
restate each other and kpi refuses rather than add them up, naming any creator whose
figures differ: a tab updated for one creator since (`@zoe`'s third post) still counts
every other creator twice, so one creator's update must not make the check pass (audit
G-4). Fewer than most (one creator of three, two of four) may still be a tab: said, not
refused. The same holds for a file with a row per creator that copies part of another's
figures (a store's sales by creator beside a tracker with each post's orders and revenue),
where a creator's sum is one row. A creator of the tab with no counts yet (signed, not
posted) is no evidence either way, and is left out of the comparison (see _compared).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kpi_cli.errors import quoted
from kpi_cli.frame import Codes, Frame, as_codes, numbers
from kpi_cli.groupsums import group_sums
from kpi_cli.read.labels import value_key
from kpi_cli.read.totals import SUMMED, same
from kpi_cli.text import figure, printable

# Figures too small to tell a restatement from chance (a fixture's 3 posts, 10 clicks).
_MIN_TOTAL = 100


def restated(
    files: Sequence[tuple[str, int, Mapping[str, Any]]],
    names: Sequence[Mapping[str, Set[str]]] | None = None,
    apart: Set[frozenset[str]] = frozenset(),
) -> str | None:
    """A one-line error naming the first file that restates an earlier or later one, and the
    file to score instead; None when no file does. `files` are (name, rows, column sums);
    `names`, for each file, the values of each column naming its rows (`influencer`: the
    creators), folded (see module doc); `apart`, pairs of files (names) in which a creator
    both name has another figure (`Restated.apart`): neither restates the other."""
    for i, (name, rows, sums) in enumerate(files):
        own = _figures(sums)
        if not own:
            continue
        for j, (other, other_rows, other_sums) in enumerate(files):
            if i == j or frozenset((name, other)) in apart:
                continue  # (a creator's own fee differs: not the same spend split another way)
            theirs = _figures(other_sums)
            if rows == other_rows and own.keys() == theirs.keys():
                continue  # as many rows with the same figures: a month exported twice, not a copy
            if not own.keys() <= theirs.keys() or not all(_same(own[c], theirs[c]) for c in own):
                continue
            if sum(abs(v) for v in own.values()) < _MIN_TOTAL:
                continue
            if len(own) < 2 and names is not None and not _same_rows(names[i], names[j]):
                continue  # one figure, and other creators (campaigns): a coincidence of round budgets
            if own.keys() == theirs.keys() and j > i:
                continue  # the same figures both ways: named once, the later file as the restating one
            shown = ", ".join(f"{col.replace('_', ' ')} {figure(own[col])}" for col in sorted(own))
            keep = (
                f"score {printable(other)} alone (it has every figure {printable(name)} has)"
                if own.keys() < theirs.keys()
                else f"score one of them, {printable(other)} or {printable(name)}"
            )
            return (
                f"{printable(name)} restates {printable(other)}: the same {shown} split another way "
                f"(one export's files, such as YouTube Studio's Table data, Chart data and Totals, or a "
                f"store's report whose sales the other file copies?), "
                f"so together they count every figure twice; {keep}, or --allow-duplicates to add them up"
            )
    return None


def _same_rows(mine: Mapping[str, Set[str]], theirs: Mapping[str, Set[str]]) -> bool:
    """Whether two files name the same rows in every column both name them by: one's names
    all among the other's (a split of the same creators). True when no column names both."""
    return all(mine[k] <= theirs[k] or theirs[k] <= mine[k] for k in mine.keys() & theirs.keys())


def _figures(sums: Mapping[str, Any]) -> dict[str, Any]:
    return {col: value for col, value in sums.items() if value is not None and value == value and value != 0}


def _same(a: Any, b: Any) -> bool:
    """Equal sums; money summed in floating point may differ in the last place."""
    return bool(a == b) or math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.005)


# --------------------------------------------------------------------------- a creator tab

# A creator tab's most bytes: 100,000 creators of some 160 bytes a row (a tab of a file's
# creators, their fees and sums), 0 for stdin (unknown: counted).
TAB_BYTES = 16 << 20
_PARTS = ("likes", "comments", "shares", "saves")  # engagements, where a file has no column of them


@dataclass
class _File:
    """One file's rows and sums per creator code, added up batch by batch with bincount.

    A batch's creators are Codes into the file's dictionary, which only grows within a file
    (see labels.Categories), so a code keeps its creator and the sums stay arrays: no
    Python work per creator until the end, and none at all when no file has a row per
    creator (a post tab and a post tab)."""

    name: str
    categories: Sequence[str] | None = None
    known: int = 0  # the dictionary's values the codes so far use: its length at the last batch
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    sums: dict[str, np.ndarray] = field(default_factory=dict)  # column -> sum per code (NaN: no figure)

    def grow(self, size: int) -> None:
        if size > len(self.rows):
            self.rows = np.concatenate([self.rows, np.zeros(size - len(self.rows), dtype=np.int64)])
            for column, values in self.sums.items():
                self.sums[column] = np.concatenate([values, np.full(size - len(values), np.nan)])

    def codes(self, creators: Codes) -> np.ndarray:
        """The batch's codes in this file's numbering (-1: no creator)."""
        categories, size = creators.categories, len(creators.categories)
        known = self.categories
        codes = np.asarray(creators.codes, dtype=np.int64)
        if known is None or self.known == 0 or (categories is known and size >= self.known):
            self.categories, self.known = categories, size
            return codes
        ours = list(known[: self.known])
        if size >= self.known and list(categories[: self.known]) == ours:  # ours, grown
            self.categories, self.known = categories, size
            return codes
        at = {value: i for i, value in enumerate(ours)}  # another numbering (rare): map it onto ours
        for value in categories:
            if value not in at:
                at[value] = len(ours)
                ours.append(value)
        self.categories, self.known = ours, len(ours)
        renumber = np.array([at[value] for value in categories] + [-1], dtype=np.int64)
        return renumber[codes]  # -1 (no creator): the last

    def per_creator(self) -> _Table:
        """Rows and sums per creator however the handle is written (`Lena`, `@lena`), with
        the first spelling to show: the creators' codes folded once, at the end."""
        assert self.categories is not None
        n = self.known
        self.grow(n)
        counted = np.flatnonzero(self.rows[:n] > 0)
        shown = [str(self.categories[int(i)]).strip() for i in counted.tolist()]
        group: dict[str, int] = {}
        of = np.array([group.setdefault(_key(v), len(group)) for v in shown], dtype=np.int64)
        first = np.full(len(group), len(of), dtype=np.int64)
        np.minimum.at(first, of, np.arange(len(of)))
        rows = np.zeros(len(group), dtype=np.int64)
        np.add.at(rows, of, self.rows[counted])
        sums = _group_sums({c: v[counted] for c, v in self.sums.items()}, of, len(group))
        return _Table(list(group), rows, sums, [shown[i] for i in first.tolist()])


@dataclass
class _Table:
    """A file's rows and sums per creator (`_File.per_creator`): `keys` (each creator however
    written, in the order the file first has them), `rows`, `sums` (column -> a sum a creator,
    NaN: no figure, in the columns' order as the file had them), `shown` (each one's first
    spelling)."""

    keys: list[str]
    rows: np.ndarray
    sums: dict[str, np.ndarray]
    shown: list[str]
    at: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.at = {key: i for i, key in enumerate(self.keys)}

    def __len__(self) -> int:
        return len(self.keys)

    def values(self, columns: list[str], rows: np.ndarray | None = None) -> np.ndarray:
        """The sums of `columns` (rows: creators; columns: those columns), of the creators at
        positions `rows` (all when None)."""
        out = np.empty((len(self) if rows is None else len(rows), len(columns)), dtype=np.float64)
        for j, column in enumerate(columns):
            out[:, j] = self.sums[column] if rows is None else self.sums[column][rows]
        return out

    def positions(self, keys: list[str]) -> np.ndarray:
        """Where each of `keys` (all this table's) is."""
        return np.array([self.at[key] for key in keys], dtype=np.int64)


def _group_sums(sums: dict[str, np.ndarray], group: np.ndarray, size: int) -> dict[str, np.ndarray]:
    """Each group's sums (`group`: each row's, numbered in order of first row) of its values
    but NaN (NaN when it has none), added up as pandas' groupby sums of the columns together
    added them (groupsums.group_sums): rows of each group one after the other, with no NaN in
    any column, by numpy's add; else every column with Kahan's compensation. (Column by
    column, as the KPI maths' sums go, a column without a blank beside one with would be
    added in order: further from the exact sum, 1,185 groups to Kahan's 5,357 of 37,664 in
    a random trial, and other digits than before.)"""
    blank = any(np.isnan(values).any() for values in sums.values())
    out = {}
    for column, values in sums.items():
        total = np.full(size, np.nan)
        found, added = group_sums(values, group, size, compensated=blank)
        total[found] = added
        total[np.bincount(group[~np.isnan(values)], minlength=size) == 0] = np.nan  # none but blanks
        out[column] = total
    return out


@dataclass
class Restated:
    """Each file's rows and sums per creator, to compare the files once all are read."""

    files: list[_File] = field(default_factory=list)
    _cache: dict[int, _Table] = field(default_factory=dict, repr=False)  # file id -> per_creator

    def start(self, name: str) -> None:
        """A new file's rows follow."""
        self.files.append(_File(name))

    def wanted(self, size: int, later: list[int]) -> bool:
        """Whether a file of `size` bytes is counted, before `later` files of those sizes.

        A creator tab has a row per creator: a small file. Two big post files are never
        counted (no cost on a 10M-row run); a big one is counted when a creator tab came
        before it (a file read with a row per creator) or may come after it (a small one)."""
        small = [n for n in (size, *later) if n <= TAB_BYTES]
        return bool(small) or any(
            f.categories is not None and len(f.rows) and int(f.rows.max()) == 1 for f in self.files
        )

    def add(self, frame: Frame) -> None:
        """Count one batch of the current file's rows, by creator (vectorised: 10M rows pass)."""
        if "influencer" not in frame or not self.files:
            return
        into = self.files[-1]
        codes = into.codes(as_codes(frame["influencer"]))
        into.grow(into.known)
        has = codes >= 0
        if not has.any():
            return
        size = len(into.rows)
        into.rows += np.bincount(codes[has], minlength=size)
        columns = {c: numbers(frame[c]) for c in SUMMED if c in frame}
        if "engagements" not in columns and any(p in frame for p in _PARTS):
            columns["engagements"] = _added([numbers(frame[p]) for p in _PARTS if p in frame])
        for column, values in columns.items():
            ok = has & ~np.isnan(values)
            if column not in into.sums:
                into.sums[column] = np.full(size, np.nan)
            if ok.any():
                added = np.bincount(codes[ok], weights=values[ok], minlength=size)
                seen = np.bincount(codes[ok], minlength=size) > 0
                total = into.sums[column]
                total[seen] = np.where(np.isnan(total[seen]), 0.0, total[seen]) + added[seen]

    def clash(self) -> tuple[str | None, dict[str, str]]:
        """The one-line error when a file restates another's rows per creator (None when none),
        and the warnings, by file name, where it may (see `_tab_restates`)."""
        summaries = [
            f for f in self.files if f.categories is not None and len(f.rows) and int(f.rows.max()) == 1
        ]
        if not summaries:  # no file has a row per creator: nothing restates another
            return None, {}
        tables = self._tables()
        doubts: dict[str, str] = {}
        for summary in summaries:
            mine = tables[id(summary)]
            if (mine.rows != 1).any():
                continue  # two spellings of one creator: two rows
            for detail in self.files:
                if detail is summary or id(detail) not in tables:
                    continue
                theirs = tables[id(detail)]
                found = _tab_restates(mine, theirs)
                if found is None:
                    continue
                example, differs, (matched, counted) = found
                sure = matched >= 2 and matched > counted - matched  # most of them, two at least
                tab = "sum of" in example
                some = f"{matched:,} of its {counted:,} creators with figures"
                if sure:
                    what = (
                        f"{summary.name} has a row per creator with the sums of each creator's rows in "
                        f"{detail.name}"
                        if tab
                        else f"{summary.name} has each creator's figures as {detail.name} has them"
                    )
                    what += f" ({example})" + (f", all but {differs} (updated since?)" if differs else "")
                else:
                    what = (
                        f"{summary.name}'s rows of {some} are the sums of their rows in {detail.name}"
                        if tab
                        else f"{summary.name} has the figures of {some} as {detail.name} has them"
                    )
                    what += f" ({example})"
                keep = (
                    "score the files apart (kpi score FILE, one at a time)"
                    if tab
                    else f"score {detail.name} alone (it has every figure {summary.name} has), or "
                    "the files apart"
                )
                if sure:
                    return f"{what}: scored together, every figure is counted twice; {keep}", {}
                doubts.setdefault(
                    summary.name,
                    f"{what}: a tab of the other file's figures (a tracker's creator tab)? Those "
                    f"creators' figures are counted twice; {keep}",
                )
        return None, doubts

    def apart(self) -> dict[str, set[str]]:
        """For each file (name), the files that name a creator it names with another figure in
        a column both have (`@mia`'s fee 500 in one, 1,000 in the other): neither restates the
        other, whatever their totals (audit G-7). Files of many creators are left out (no
        cost on a big run)."""
        tables = self._tables(_APART_CREATORS)
        found: dict[str, set[str]] = {}
        files = [f for f in self.files if id(f) in tables]
        for i, one in enumerate(files):
            for other in files[i + 1 :]:
                if _differ(tables[id(one)], tables[id(other)]):
                    found.setdefault(one.name, set()).add(other.name)
                    found.setdefault(other.name, set()).add(one.name)
        return found

    def _tables(self, most: int | None = None) -> dict[int, _Table]:
        """Each counted file's `per_creator` table, once; with `most`, only of files with no
        more creators than that."""
        for f in self.files:
            if f.categories is None or id(f) in self._cache:
                continue
            if most is not None and f.known > most:
                continue
            self._cache[id(f)] = f.per_creator()
        return {key: table for key, table in self._cache.items() if most is None or len(table) <= most}


_APART_CREATORS = 100_000  # creators a file may have for `apart` to look at it


def _differ(one: _Table, other: _Table) -> bool:
    """Whether a creator of both tables has another figure in a column both have."""
    columns = [c for c in one.sums if c in other.sums]
    both = [key for key in one.keys if key in other.at]
    if not columns or not both:
        return False
    mine = one.values(columns, one.positions(both))
    theirs = other.values(columns, other.positions(both))
    known = ~np.isnan(mine) & ~np.isnan(theirs)
    close = np.isclose(mine, theirs, rtol=1e-9, atol=0.005)
    return bool((known & ~close).any())


def _tab_restates(summary: _Table, detail: _Table) -> tuple[str, str, tuple[int, int]] | None:
    """Whether `summary`'s row per creator restates `detail`'s rows: (an example, `30,000
    impressions for '@lena' = the sum of 2 rows`; the creators whose figures differ, `'@zoe',
    41,000 impressions for the 38,000 there`, or ""; the creators that match, of those with
    counts), None when there is no sign.

    A creator matches when each of their counts (two at least) equals the sum of their rows
    in `detail`. That is a sign when some matching creator has several rows there (a tab of
    sums), or when `summary` copies part of `detail`'s figures (fewer columns: a store's
    sales beside a tracker that copies them), not when both files are a row per creator with
    the same figures (two months of a retainer: the same fee and posts). Sure, and refused,
    when most creators with counts match, two at least: a tab updated for one creator since
    (`@zoe`'s third post) still counts every other creator twice (audit G-4). A sign short of
    that (one creator of three) is a warning: a coincidence of two counts summing alike is
    rare, but kpi cannot tell. A creator of the tab with no counts yet (signed, not posted)
    is no evidence either way (see _compared); nor is one with counts whom `detail` lacks,
    except that it counts against "most". (A creator tab is small: looked at creator by
    creator.)"""
    columns = [c for c in summary.sums if c in detail.sums]
    kept, missing = _compared(summary, detail, columns)
    if kept is None:
        return None
    keys = [summary.keys[i] for i in kept.tolist()]
    theirs = detail.positions(keys)
    mine_values = summary.values(columns, kept)
    their_values = detail.values(columns, theirs)
    their_rows = detail.rows[theirs]
    shown = [summary.shown[i] for i in kept.tolist()]
    copied = _figures_of(summary) < _figures_of(detail)  # a part of the other's figures
    matched, several, differs = 0, None, []
    for at in range(len(kept)):
        compared, off = 0, None
        for j in range(len(columns)):
            value, other = float(mine_values[at, j]), float(their_values[at, j])
            if np.isnan(value) or np.isnan(other):
                continue
            if not same(value, other):
                off = off or f"{value:,.0f} {columns[j]} for the {other:,.0f} there"
                continue
            compared += value != 0
        if off is not None:
            differs.append(f"{quoted(shown[at])}, {off}")
        elif compared >= 2:
            matched += 1
            if several is None and (their_rows[at] > 1 or copied):
                several = at
    if several is None:
        return None  # every creator one row in both, the same figures: two files alike, or none match
    order = [c for c in ("impressions", "views", "spend", *columns) if c in columns]
    column = next(c for c in order if not np.isnan(mine_values[several, columns.index(c)]))
    value = float(mine_values[several, columns.index(column)])
    rows = int(their_rows[several])
    example = f"{value:,.0f} {column} for {quoted(shown[several])}" + (
        f" = the sum of {rows} rows" if rows > 1 else ", as there"
    )
    differing = "; ".join(differs[:3]) + (f"; and {len(differs) - 3:,} more" if len(differs) > 3 else "")
    return example, differing, (matched, len(kept) + missing)


def _figures_of(table: _Table) -> set[str]:
    """The columns of a `per_creator` table with some figure."""
    return {c for c, values in table.sums.items() if (np.nan_to_num(values, nan=0.0) != 0).any()}


def _compared(summary: _Table, detail: _Table, columns: list[str]) -> tuple[np.ndarray | None, int]:
    """The creators of `summary` to compare with `detail`'s rows (their positions; None when
    none), and how many others have counts but no rows there.

    A tracker's creator tab lists every creator signed, and mid-campaign some have not posted
    (audit s #2): a creator with no count of the columns both files have (a fee alone) is
    left out. A creator with counts whom the post tab lacks (a post not exported) is left
    out too, but counted: most of the creators with counts must match for a sure sign."""
    values = summary.values(columns)
    counted = (np.nan_to_num(values) != 0).any(axis=1)
    present = np.array([key in detail.at for key in summary.keys], dtype=bool)
    missing = int((counted & ~present).sum())
    kept = np.flatnonzero(counted & present)
    return (kept if len(kept) else None), missing


def _added(parts: list[np.ndarray]) -> np.ndarray:
    """Each row's sum of the parts it has (NaN when none): likes, comments... as engagements.
    (Whole counts: their sums are exact in any order.)"""
    total = np.zeros(len(parts[0]))
    has = np.zeros(len(parts[0]), dtype=bool)
    for part in parts:
        known = ~np.isnan(part)
        total += np.where(known, part, 0.0)
        has |= known
    return np.where(has, total, np.nan)


def _key(value: str) -> str:
    """A creator however the name is written (`Lena`, `@lena`): as kpi groups creators."""
    return value_key("influencer", value)
