"""Files that restate each other: a creator tab passed with the post tab it sums.

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

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpi_cli.read.labels import handle_key
from kpi_cli.read.totals import SUMMED, same

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
                example = _restates(compared, theirs)
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


def _restates(summary: pd.DataFrame, detail: pd.DataFrame) -> str | None:
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
            example = f"{value:,.0f} {column} for {shown[at]!r} = the sum of {int(their_rows[at])} rows"
    return example  # None when every creator has one row in both: two files alike, not a tab and its sums


def _key(value: str) -> str:
    """A creator however the handle is written (`Lena`, `@lena`)."""
    return handle_key(value) or value.strip().casefold()
