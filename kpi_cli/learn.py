"""Learned benchmarks: bands cut at the quartiles of an agency's own past campaigns.

Published bands describe someone else's market; your own history says what is usual
for your creators, platforms and formats. Pure: observations in, a benchmarks
document (and YAML text) out. The caller computes each observation (one campaign,
or one creator × campaign) with the scorer, so a KPI is always a ratio of its sums.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np

from kpi_cli import yamlfile
from kpi_cli.benchmarks import DIRECTIONS, EXTRA_KPIS, SECTIONS, UNITS, VERDICTS, scope_key
from kpi_cli.errors import BenchmarkError, UsageError
from kpi_cli.kpis import BLANK, KPI_BY_ID, TIERS

MINIMUM = 8  # fewer observations than this make quartiles too noisy to judge by
SIGNIFICANT = 4  # digits kept on an edge: more would be false precision from a few campaigns
LABEL = "your campaigns"

HEADER = """\
# Benchmark bands learned from your own past campaigns (kpi benchmarks learn).
#
# Each set of bands is cut at the quartiles of the past values (linear interpolation
# between order statistics, as numpy's default and Excel's QUARTILE.INC): below p25 poor,
# p25–p50 fair, p50–p75 good, above p75 excellent; the other way round for KPIs where
# lower is better. Each source gives the dates and the number of observations (n) its
# bands stand on; a group with too few observations has no bands of its own and is judged
# by the overall ones. A value exactly on an edge belongs to the better band.
# Use it with --benchmarks.
"""


@dataclass(frozen=True)
class Observation:
    """One KPI value of one past campaign (or creator × campaign), with the groups it belongs to.

    `scope` maps a `--by` column to the campaign's one value of it ({"tier": "micro"});
    leave a column out when the campaign mixes several values, so it counts only overall.
    """

    kpi: str
    value: float | None
    scope: dict[str, str] = field(default_factory=dict)
    start: date | None = None
    end: date | None = None


def learn(
    observations: Iterable[Observation],
    kpis: Mapping[str, tuple[str, str]],
    by: Sequence[str] = (),
    minimum: int = MINIMUM,
    currency: str | None = None,
    *,
    label: str = LABEL,
) -> tuple[dict[str, Any], list[str]]:
    """The benchmarks document (for yaml.safe_dump, valid for `benchmarks.parse`) and notes.

    `kpis` maps each KPI to learn to its (direction, unit). A KPI, or a group of `by`, with
    fewer than `minimum` usable values gets no bands; the notes say which, and which bands
    were left out because two quartiles coincide. `label` opens each source
    ("your campaigns"; say "your creators × campaigns" for `--unit creator`).
    """
    _check(kpis, by, minimum, currency)
    pools: dict[str, list[tuple[float, Observation]]] = {kpi: [] for kpi in kpis}
    for obs in observations:
        value = _usable(obs.value)
        if obs.kpi in pools and value is not None:
            pools[obs.kpi].append((value, obs))

    notes: list[str] = []
    thin_kpis: list[str] = []
    thin_groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    unfit: dict[tuple[str, str], str] = {}
    entries: dict[str, Any] = {}
    for kpi, (direction, unit) in kpis.items():
        pool = pools[kpi]
        if len(pool) < minimum:
            if pool:  # a KPI the files have no columns for is not worth a word
                thin_kpis.append(f"{kpi} ({len(pool)})")
            continue
        default = _band_set(pool, direction, unit, kpi, label, notes)
        if default is None:
            continue
        entry: dict[str, Any] = {"direction": direction, "unit": unit, **default}
        for column in by:
            section = SECTIONS[column]
            groups: dict[str, list[tuple[float, Observation]]] = defaultdict(list)
            for value, obs in pool:
                key = _scope_key(obs.scope.get(column))
                if key is not None:
                    groups[key].append((value, obs))
            overrides: dict[str, Any] = {}
            for key in _ordered(column, groups):
                group = groups[key]
                try:  # a group the file could not hold (tier `kol`, platform `Instagrm`): no bands
                    scope_key(section, key, section)
                except BenchmarkError as exc:
                    unfit[(section, key)] = str(exc)
                    continue
                if len(group) < minimum:
                    thin_groups[(section, key)].append(f"{kpi} ({len(group)})")
                    continue
                found = _band_set(group, direction, unit, f"{kpi} ({section} {key})", label, notes)
                if found is not None:
                    overrides[key] = found
            if overrides:
                entry[section] = overrides
        entries[kpi] = entry

    if thin_kpis:
        notes.insert(0, f"fewer than {minimum} observations, so no bands learned: {', '.join(thin_kpis)}")
    for (section, key), which in thin_groups.items():
        notes.append(
            f"{section} {key}: fewer than {minimum} observations for {', '.join(which)}; "
            "no bands of its own for them"
        )
    for message in unfit.values():
        notes.append(f"{message}; no bands of its own for it")
    doc: dict[str, Any] = {"version": 1}
    if currency is not None:
        doc["currency"] = currency
    doc["kpis"] = entries
    return doc, notes


def to_yaml(doc: Mapping[str, Any]) -> str:
    """The document as a benchmarks file: a header saying how the bands were learned, then the
    YAML in the shipped file's layout (edges as [from, to], a blank line between KPIs)."""
    body = yamlfile.dump(dict(doc), sort_keys=False, default_flow_style=None, width=10**9)
    lines: list[str] = []
    inside = False
    for line in body.splitlines():
        if inside and line.startswith("  ") and not line.startswith("   ") and lines[-1] != "kpis:":
            lines.append("")
        inside = inside or line == "kpis:"
        lines.append(line)
    return HEADER + "\n".join(lines) + "\n"


def _check(
    kpis: Mapping[str, tuple[str, str]], by: Sequence[str], minimum: int, currency: str | None
) -> None:
    """Refuse what would give a file `benchmarks.parse` refuses, before any work."""
    known = set(KPI_BY_ID) | set(EXTRA_KPIS)
    for kpi, (direction, unit) in kpis.items():
        if kpi not in known:
            raise UsageError(f"unknown KPI {kpi!r}; use one of {', '.join(sorted(known))}")
        if direction not in DIRECTIONS:
            raise UsageError(f"{kpi}: direction must be 'higher' or 'lower', not {direction!r}")
        if unit not in UNITS:
            raise UsageError(f"{kpi}: unit must be one of {', '.join(UNITS)}, not {unit!r}")
        if kpi in KPI_BY_ID and unit != KPI_BY_ID[kpi].unit:
            raise UsageError(f"{kpi}: a {KPI_BY_ID[kpi].unit} KPI, not {unit!r}")
    for column in by:
        if column not in SECTIONS:
            raise UsageError(f"cannot learn bands by {column!r}; use {', '.join(SECTIONS)}")
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise UsageError(f"the minimum number of observations must be a whole number ≥ 1, not {minimum!r}")
    if currency is not None and not re.fullmatch(r"[A-Z]{3}", currency):
        raise UsageError(f"currency must be a three-letter code such as USD or EUR, not {currency!r}")


def _usable(value: object) -> float | None:
    """A finite number, else None: a KPI that could not be computed is no observation."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _scope_key(value: object) -> str | None:
    """A group's name as `benchmarks.parse` keys it (lower case); blank or missing is no group."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    key = str(value).strip().lower()
    return None if key in ("", BLANK) else key


def _ordered(column: str, groups: Mapping[str, object]) -> list[str]:
    """Tiers smallest to largest (as the shipped file lists them), other groups alphabetically."""
    if column == "tier":
        return sorted(groups, key=lambda t: (TIERS.index(t), "") if t in TIERS else (len(TIERS), t))
    return sorted(groups)


def _date_range(observations: Iterable[Observation]) -> str:
    days = [
        d.date() if isinstance(d, datetime) else d
        for obs in observations
        for d in (obs.start, obs.end)
        if d is not None
    ]
    if not days:
        return ""
    first, last = min(days), max(days)
    return first.isoformat() if first == last else f"{first.isoformat()}–{last.isoformat()}"


def _band_set(
    pool: Sequence[tuple[float, Observation]],
    direction: str,
    unit: str,
    where: str,
    label: str,
    notes: list[str],
) -> dict[str, Any] | None:
    """`source` and `bands` of one group: quartile edges, rounded, empty bands left out."""
    values = np.fromiter((value for value, _ in pool), dtype=np.float64, count=len(pool))
    with np.errstate(over="ignore", invalid="ignore"):
        quartiles = np.quantile(values, [0.25, 0.5, 0.75], method="linear")
    if not np.isfinite(quartiles).all():  # values near the float limit: no edge can be written
        notes.append(f"{where}: values too large to cut into bands (n={len(pool)}); none learned")
        return None
    edges: list[float] = []
    for q in quartiles:
        edge = _round(float(q), unit)
        edges.append(edge if not edges else max(edges[-1], edge))  # rounding must not reorder them
    dates = _date_range(obs for _, obs in pool)
    source = f"{label}, {dates}, n={len(pool)}" if dates else f"{label}, n={len(pool)}"
    verdicts = VERDICTS if direction == "higher" else VERDICTS[::-1]  # lowest values first
    bounds = [None, *edges, None]
    bands: dict[str, list[int | float | None]] = {}
    empty: list[str] = []
    for verdict, lo, hi in zip(verdicts, bounds, bounds[1:], strict=False):
        if lo is not None and hi is not None and lo >= hi:
            # A band [x, x] is refused by parse and would hold no value anyway (an edge
            # belongs to the better band), so leaving it out judges every value the same.
            empty.append(verdict)
            continue
        bands[verdict] = [_plain(lo), _plain(hi)]
    if empty:
        equal: dict[float, list[str]] = defaultdict(list)
        for name, edge in zip(("p25", "p50", "p75"), edges, strict=True):
            equal[edge].append(name)
        same = "; ".join(
            f"{' = '.join(names)} = {_plain(edge)}" for edge, names in equal.items() if len(names) > 1
        )
        notes.append(
            f"{where}: {same} (n={len(pool)}), so the {' and '.join(empty)} band"
            f"{'s are' if len(empty) > 1 else ' is'} empty and left out"
        )
    return {"source": source, "bands": bands}


def _round(value: float, unit: str) -> float:
    """Four significant figures (money to no more than cents), as plain YAML numbers read."""
    if value == 0:
        return 0.0
    decimals = SIGNIFICANT - 1 - math.floor(math.log10(abs(value)))
    if unit == "money":
        decimals = min(decimals, 2)
    try:
        return round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    except OverflowError:  # rounding up past the largest float
        return value


def _plain(edge: float | None) -> int | float | None:
    """3 rather than 3.0 in the file, as a person would write it."""
    if edge is None:
        return None
    return int(edge) if edge.is_integer() else edge
