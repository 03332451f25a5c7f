"""Inputs that restate one another: the same figures split another way, passed together.

YouTube Studio's Advanced-mode export is a zip of three files over the same videos and
days: `Table data.csv` (one row per video), `Chart data.csv` (one row per video per day)
and `Totals.csv` (one row per day). Unzipped and passed together (`kpi score *.csv`),
every view was counted three times, and no row repeats another, so nothing said so.

A file restates another when it has another number of rows, yet every figure it has is
one the other has too, with the same sum (not zero): its rows are the other's figures
cut another way. Two exports of different posts or days almost never sum to the same
figures in every column; the same export split differently always does. Files with as
many rows are left alone: a month exported twice over the same creators (a test's
March and April with the same figures) is not one file split another way.

One figure alone is one coincidence: budgets are planned in round, equal splits (per
platform, per market), so two fee sheets of other creators often sum to the same spend
(audit s #3). A single figure restates another file's only when the files name the same
rows wherever both name them (the same creators, campaigns, platforms): YouTube's Chart
data and Totals hold the chart's one metric, and name no creator at all.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from typing import Any

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
