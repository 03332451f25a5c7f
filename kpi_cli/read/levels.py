"""Files that restate each other: a creator tab passed with the post tab it sums.

A tracker keeps its posts on one tab and a row per creator on another, each creator's
figures the sums of their posts (flinque.us, "How to build an influencer tracking
spreadsheet": separate tabs, performance aggregated per creator). Both tabs saved as
CSV and scored together count every figure twice: impressions, spend, posts. When one
file has a row per creator and every creator's counts there equal the sums of the same
creator's rows in another file (two counts at least), the files restate each other and
kpi refuses rather than add them up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpi_cli.read.labels import handle_key
from kpi_cli.read.totals import SUMMED, same

_PARTS = ("likes", "comments", "shares", "saves")  # engagements, where a file has no column of them


@dataclass
class _File:
    name: str
    rows: dict[str, int] = field(default_factory=dict)  # creator -> rows
    sums: dict[str, dict[str, float]] = field(default_factory=dict)  # creator -> column -> sum
    shown: dict[str, str] = field(default_factory=dict)  # creator -> as the file writes it


@dataclass
class Restated:
    """Each file's rows and sums per creator, to compare the files once all are read."""

    files: list[_File] = field(default_factory=list)

    def start(self, name: str) -> None:
        """A new file's rows follow."""
        self.files.append(_File(name))

    def add(self, frame: pd.DataFrame) -> None:
        """Count one batch of the current file's rows, by creator."""
        if "influencer" not in frame.columns or not self.files:
            return
        into = self.files[-1]
        columns = {c: pd.to_numeric(frame[c], errors="coerce") for c in SUMMED if c in frame.columns}
        if "engagements" not in columns and any(p in frame.columns for p in _PARTS):
            parts = [pd.to_numeric(frame[p], errors="coerce") for p in _PARTS if p in frame.columns]
            columns["engagements"] = pd.concat(parts, axis=1).sum(axis=1, min_count=1)
        creators = pd.Categorical(frame["influencer"])  # a Categorical already: its codes are kept
        keys = [_key(str(v)) for v in creators.categories]  # each spelling once, not each row
        table = pd.DataFrame(columns, index=frame.index)
        table["_code"] = creators.codes
        table = table[table["_code"] >= 0]
        if table.empty:
            return
        grouped = table.groupby("_code", sort=False)
        counts = grouped.size()
        sums = grouped.sum(min_count=1)
        figures = {c: sums[c].to_numpy(dtype="float64", na_value=float("nan")) for c in sums.columns}
        for at, (code, rows) in enumerate(zip(counts.index.to_numpy(), counts.to_numpy(), strict=True)):
            key = keys[int(code)]
            into.shown.setdefault(key, str(creators.categories[int(code)]).strip())
            into.rows[key] = into.rows.get(key, 0) + int(rows)
            mine = into.sums.setdefault(key, {})
            for column, values in figures.items():
                if values[at] == values[at]:  # not NaN: a figure
                    mine[column] = mine.get(column, 0) + float(values[at])

    def clash(self) -> str | None:
        """The one-line error when a file restates another's rows per creator, else None."""
        for summary in self.files:
            if not summary.rows or any(n != 1 for n in summary.rows.values()):
                continue
            for detail in self.files:
                if detail is summary or not set(summary.rows) <= set(detail.rows):
                    continue
                example = _restates(summary, detail)
                if example is not None:
                    return (
                        f"{summary.name} has a row per creator with the sums of each creator's rows in "
                        f"{detail.name} ({example}): scored together, every figure is counted twice; "
                        "score the files apart (kpi score FILE, one at a time)"
                    )
        return None


def _restates(summary: _File, detail: _File) -> str | None:
    """An example (`30,000 impressions for '@lena'`) when every creator's counts in `summary`
    are the sums of theirs in `detail`, two counts at least each; else None."""
    example = None
    for creator, figures in summary.sums.items():
        theirs = detail.sums.get(creator, {})
        compared = 0
        for column, value in figures.items():
            if column not in theirs:
                continue
            if not same(value, theirs[column]):
                return None
            compared += value != 0
        if compared < 2:
            return None
        if example is None and detail.rows[creator] > 1:
            both = [c for c in ("impressions", "views", "spend", *figures) if c in figures and c in theirs]
            column = both[0]
            shown, rows = summary.shown.get(creator, creator), detail.rows[creator]
            example = f"{figures[column]:,.0f} {column} for {shown!r} = the sum of {rows} rows"
    if example is None:
        creator, figures = next(iter(summary.sums.items()))
        example = f"the same figures for {summary.shown.get(creator, creator)!r}"
    return example


def _key(value: str) -> str:
    """A creator however the handle is written (`Lena`, `@lena`)."""
    return handle_key(value) or value.strip().casefold()
