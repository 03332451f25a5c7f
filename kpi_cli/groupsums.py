"""Each group's sum of a column, as pandas' groupby sum makes it, to the last bit: the KPI
maths' float sums per group (kpis._GroupSums) and the reader's sums per creator
(read/restates.py) add up alike. numpy only: every layer of kpi may use it.
"""

from __future__ import annotations

import numpy as np

STEPS = 256  # a batch's groups of more rows than this are summed one by one


def group_sums(
    values: np.ndarray, groups: np.ndarray, size: int, *, compensated: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The groups of a batch that have rows, ascending, and each one's sum of `values`, as
    pandas' groupby sum makes it (its cython group_sum: Kahan's compensated sum, row by
    row in order; a NaN compensation, from an infinity, is reset to 0): the same figures
    to the last bit, without pandas. Groups are stepped through together, a row of each
    at a time; the rows of groups with many more rows than the others then one group at a
    time in Python (a handful of groups: --by platform). Rows already in group order
    (a batch of one group, days in order) are added as pandas then adds them, by
    np.add.reduceat (its _reduceat_aggregate); `compensated`: by Kahan's sum even then."""
    fast = not compensated and len(groups) and not np.isnan(values).any()
    if fast and bool((groups[1:] >= groups[:-1]).all()):
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        return groups[starts], np.add.reduceat(values, starts)
    order = np.argsort(groups, kind="stable")
    v = values[order].astype(np.float64, copy=False)
    counts = np.bincount(groups, minlength=size)
    found = np.flatnonzero(counts)
    sizes = counts[found]
    starts = np.zeros(len(found), dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    total = np.zeros(len(found))
    fix = np.zeros(len(found))
    steps = min(int(sizes.max(initial=0)), STEPS)
    with np.errstate(invalid="ignore", over="ignore"):
        for k in range(steps):
            live = np.flatnonzero(sizes > k) if k else np.arange(len(found))
            x = v[starts[live] + k]
            keep = ~np.isnan(x)
            if not keep.all():
                live, x = live[keep], x[keep]
            y = x - fix[live]
            t = total[live] + y
            c = (t - total[live]) - y
            c[np.isnan(c)] = 0.0
            fix[live] = c
            total[live] = t
    for i in np.flatnonzero(sizes > steps).tolist():
        acc, comp = float(total[i]), float(fix[i])
        lo = int(starts[i])
        for value in v[lo + steps : lo + int(sizes[i])].tolist():
            if value != value:
                continue
            step = value - comp
            after = acc + step
            comp = (after - acc) - step
            if comp != comp:
                comp = 0.0
            acc = after
        total[i] = acc
    return found, total
