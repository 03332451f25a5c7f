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
data and Totals hold the chart's one metric, and name no creator at all.

**A creator tab beside its post tab** (`Restated`, counted as the files are read, by
creator).
A tracker keeps its posts on one tab and a row per creator on another, each creator's
figures the sums of their posts (flinque.us, "How to build an influencer tracking
spreadsheet": separate tabs, performance aggregated per creator). Both tabs saved as
CSV and scored together count every figure twice: impressions, spend, posts. When one
file has a row per creator and every creator's counts there equal the sums of the same
creator's rows in another file (two counts at least), the files restate each other and
kpi refuses rather than add them up. A creator of the tab with no counts yet (signed, not
posted) is no evidence either way, and is left out of the comparison (see _compared).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kpi_cli.errors import quoted
from kpi_cli.read.labels import value_key
from kpi_cli.read.totals import SUMMED, same
from kpi_cli.text import figure, printable

# Figures too small to tell a restatement from chance (a fixture's 3 posts, 10 clicks).
_MIN_TOTAL = 100


def restated(
    files: Sequence[tuple[str, int, Mapping[str, Any]]],
    names: Sequence[Mapping[str, Set[str]]] | None = None,
) -> str | None:
    """A one-line error naming the first file that restates an earlier or later one, and the
    file to score instead; None when no file does. `files` are (name, rows, column sums);
    `names`, for each file, the values of each column naming its rows (`influencer`: the
    creators), folded (see module doc)."""
    for i, (name, rows, sums) in enumerate(files):
        own = _figures(sums)
        if not own:
            continue
        for j, (other, other_rows, other_sums) in enumerate(files):
            if i == j:
                continue
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

    A batch's creators are a Categorical whose categories only grow within a file (one
    dtype for the file, see labels.Categories), so a code keeps its creator and the sums
    stay arrays: no Python work per creator until the end, and none at all when no file
    has a row per creator (a post tab and a post tab)."""

    name: str
    categories: pd.Index | None = None
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    sums: dict[str, np.ndarray] = field(default_factory=dict)  # column -> sum per code (NaN: no figure)

    def grow(self, size: int) -> None:
        if size > len(self.rows):
            self.rows = np.concatenate([self.rows, np.zeros(size - len(self.rows), dtype=np.int64)])
            for column, values in self.sums.items():
                self.sums[column] = np.concatenate([values, np.full(size - len(values), np.nan)])

    def codes(self, creators: pd.Categorical) -> np.ndarray:
        """The batch's codes in this file's numbering (-1: no creator)."""
        categories = creators.categories
        known = self.categories
        if known is None or len(known) == 0:
            self.categories = categories
            return np.asarray(creators.codes, dtype=np.int64)
        if categories is known or (len(categories) >= len(known) and categories[: len(known)].equals(known)):
            self.categories = categories
            return np.asarray(creators.codes, dtype=np.int64)
        at = known.get_indexer(categories)  # another numbering (rare): map it onto ours
        new = at < 0
        if new.any():
            at[new] = np.arange(len(known), len(known) + int(new.sum()))
            self.categories = known.append(categories[new])
        codes = np.asarray(creators.codes, dtype=np.int64)
        return np.where(codes >= 0, at[np.maximum(codes, 0)], -1)

    def per_creator(self) -> pd.DataFrame:
        """Rows and sums per creator however the handle is written (`Lena`, `@lena`), with
        the first spelling to show: the creators' codes folded once, at the end."""
        assert self.categories is not None
        n = len(self.categories)
        self.grow(n)
        table = pd.DataFrame({"_rows": self.rows[:n], **{c: v[:n] for c, v in self.sums.items()}})
        table = table[table["_rows"] > 0]
        shown = [str(self.categories[int(i)]).strip() for i in table.index]
        table["_key"] = [_key(v) for v in shown]
        table["_shown"] = shown
        grouped = table.groupby("_key", sort=False)
        folded = grouped[[c for c in table.columns if not c.startswith("_")]].sum(min_count=1)
        folded["_rows"] = grouped["_rows"].sum()
        folded["_shown"] = grouped["_shown"].first()
        return folded


@dataclass
class Restated:
    """Each file's rows and sums per creator, to compare the files once all are read."""

    files: list[_File] = field(default_factory=list)

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

    def add(self, frame: pd.DataFrame) -> None:
        """Count one batch of the current file's rows, by creator (vectorised: 10M rows pass)."""
        if "influencer" not in frame.columns or not self.files:
            return
        into = self.files[-1]
        creators = frame["influencer"].array
        if not isinstance(creators, pd.Categorical):
            creators = pd.Categorical(frame["influencer"])
        codes = into.codes(creators)
        assert into.categories is not None
        into.grow(len(into.categories))
        has = codes >= 0
        if not has.any():
            return
        size = len(into.rows)
        into.rows += np.bincount(codes[has], minlength=size)
        columns = {c: frame[c] for c in SUMMED if c in frame.columns}
        if "engagements" not in columns and any(p in frame.columns for p in _PARTS):
            parts = [pd.to_numeric(frame[p], errors="coerce") for p in _PARTS if p in frame.columns]
            columns["engagements"] = pd.concat(parts, axis=1).sum(axis=1, min_count=1)
        for column, series in columns.items():
            values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
            ok = has & ~np.isnan(values)
            if column not in into.sums:
                into.sums[column] = np.full(size, np.nan)
            if ok.any():
                added = np.bincount(codes[ok], weights=values[ok], minlength=size)
                seen = np.bincount(codes[ok], minlength=size) > 0
                total = into.sums[column]
                total[seen] = np.where(np.isnan(total[seen]), 0.0, total[seen]) + added[seen]

    def clash(self) -> str | None:
        """The one-line error when a file restates another's rows per creator, else None."""
        summaries = [
            f for f in self.files if f.categories is not None and len(f.rows) and int(f.rows.max()) == 1
        ]
        if not summaries:  # no file has a row per creator: nothing restates another
            return None
        tables = {id(f): f.per_creator() for f in self.files if f.categories is not None}
        for summary in summaries:
            mine = tables[id(summary)]
            if (mine["_rows"] != 1).any():
                continue  # two spellings of one creator: two rows
            for detail in self.files:
                if detail is summary or id(detail) not in tables:
                    continue
                theirs = tables[id(detail)]
                compared = _compared(mine, theirs)
                if compared is None:
                    continue
                example = _tab_restates(compared, theirs)
                if example is not None:
                    return (
                        f"{summary.name} has a row per creator with the sums of each creator's rows in "
                        f"{detail.name} ({example}): scored together, every figure is counted twice; "
                        "score the files apart (kpi score FILE, one at a time)"
                    )
        return None


def _compared(summary: pd.DataFrame, detail: pd.DataFrame) -> pd.DataFrame | None:
    """The creators of `summary` to compare with `detail`'s rows; None when too few are there.

    A tracker's creator tab lists every creator signed, and mid-campaign some have not posted
    (audit s #2): a creator with no count of the columns both files have (a fee alone) is
    left out. A creator with counts whom the post tab lacks (a post not exported) does not
    stop the check when the creators it has are most of them, two at least; each of those
    must still match."""
    columns = [c for c in summary.columns if not c.startswith("_") and c in detail.columns]
    values = summary[columns].to_numpy(dtype="float64", na_value=np.nan)
    counted = (np.nan_to_num(values) != 0).any(axis=1)
    present = summary.index.isin(detail.index)
    there, missing = int((counted & present).sum()), int((counted & ~present).sum())
    if missing and (there < 2 or there <= missing):
        return None
    kept = summary[counted & present]
    return kept if len(kept) else None


def _tab_restates(summary: pd.DataFrame, detail: pd.DataFrame) -> str | None:
    """An example (`30,000 impressions for '@lena'`) when every creator's counts in `summary`
    are the sums of theirs in `detail`, two counts at least each, and some creator has
    several rows there; else None. (A creator tab is small: looked at creator by creator.)"""
    columns = [c for c in summary.columns if not c.startswith("_") and c in detail.columns]
    theirs = detail.loc[summary.index]
    mine_values = summary[columns].to_numpy(dtype="float64", na_value=np.nan)
    their_values = theirs[columns].to_numpy(dtype="float64", na_value=np.nan)
    their_rows = theirs["_rows"].to_numpy()
    shown = summary["_shown"].astype(str).tolist()
    example = None
    for at in range(len(summary)):
        compared = 0
        for j in range(len(columns)):
            value, other = float(mine_values[at, j]), float(their_values[at, j])
            if np.isnan(value) or np.isnan(other):
                continue
            if not same(value, other):
                return None
            compared += value != 0
        if compared < 2:
            return None
        if example is None and their_rows[at] > 1:
            order = [c for c in ("impressions", "views", "spend", *columns) if c in columns]
            column = next(c for c in order if not np.isnan(mine_values[at, columns.index(c)]))
            value = float(mine_values[at, columns.index(column)])
            example = f"{value:,.0f} {column} for {quoted(shown[at])} = the sum of {int(their_rows[at])} rows"
    return example  # None when every creator has one row in both: two files alike, not a tab and its sums


def _key(value: str) -> str:
    """A creator however the name is written (`Lena`, `@lena`): as kpi groups creators."""
    return value_key("influencer", value)
