"""From files to a scored report: read, sum, compute KPIs, judge them.

`build_report` is pure (sums + benchmarks → report); `score_files` is the one place
that wires the reader to the math, so the CLI and a notebook get the same figures.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple, overload

import numpy as np

from kpi_cli import benchmarks as bm
from kpi_cli import fmt
from kpi_cli.columns import COUNTED_DIMENSIONS, DIMENSIONS, MONEY_COLUMNS, NUMERIC_COLUMNS
from kpi_cli.definitions import EDGE_TOLERANCE, snap
from kpi_cli.errors import InputError, UsageError, quoted
from kpi_cli.frame import Frame, as_codes
from kpi_cli.kpis import (
    BLANK,
    KPI_BY_ID,
    KPI_DEFS,
    LOWER_IS_BETTER,
    OBJECTIVES,
    PER_UNIT_MONEY,
    PERIODS,
    SCOPED_DIMENSIONS,
    TIERS,
    Aggregator,
    Fold,
    GroupNotes,
    GroupSums,
    KpiTable,
    KpiValue,
    as_frame,
    group_values,
    iso_day,
    kpi_table,
    no_column,
    odd_rows,
)
from kpi_cli.lazy import lazy_compile
from kpi_cli.read.mapping import canonical_for
from kpi_cli.read.sniff import open_sources
from kpi_cli.read.source import ReadOptions, Source
from kpi_cli.read.vocab import symbol_for
from kpi_cli.text import printable

# The JSON documents' schemas (README, Formats): kpi.score/2 says what every group's KPIs
# share (name, phase, unit, primary, bands) once, in its `kpis`; lift's and retention's have
# its shape. NDJSON's lines keep their layout, and their /1 schemas with it.
SCORE_SCHEMA = "kpi.score/2"
SCORE_LINES = "kpi.score/1"
LIFT_SCHEMA = "kpi.lift/2"
LIFT_LINES = "kpi.lift/1"
RETENTION_SCHEMA = "kpi.retention/2"
RETENTION_LINES = "kpi.retention/1"

# A breakdown's groups are held in memory (about 16 KB each with their 30 KPIs) up to
# this many; past it they are built one at a time as a format writes them (LazyGroups),
# and the table and Markdown, which would hold them all, need --top.
MAX_GROUPS = 50_000

# LazyGroups.blocks takes the figures of this many groups (in the order written) at a time.
_SPAN = 32_768

# Columns of a breakdown table when there is no objective and no --kpis: one or two
# headline KPIs per funnel phase, so a row reads as a creator's whole funnel.
HEADLINE_KPIS: tuple[str, ...] = (
    "posts",
    "impressions",
    "engagement_rate",
    "ctr",
    "conversions",
    "roas",
    "cpm",
    "cpe",
    "cpa",
)


@dataclass(slots=True)  # one per KPI per group: thousands of groups
class KpiResult:
    """One KPI of one group, with everything every output format needs."""

    id: str
    name: str
    phase: str
    unit: str
    value: int | float | None
    show: Callable[[Any], str]  # writes the value: `display` is made when asked for
    verdict: str | None = None
    band: bm.Verdict | None = None
    reason: str | None = None
    missing: dict[str, int] = field(default_factory=dict)
    primary: bool = False
    notes: list[str] = field(default_factory=list)  # context, e.g. which days a figure covers
    band_note: str | None = None  # which bands judged a group of mixed tiers / platforms
    industry: bm.Verdict | None = None  # --compare-benchmarks: the shipped bands' verdict
    # A figure outside every band: the edges of the bands that judged it, so one that rounds onto
    # an edge is shown on its side of it ($999.995 is `<$1,000.00`, not `$1,000.00`: audit I-5).
    edges: tuple[float, ...] = ()
    of_rows: int | None = None  # the rows `missing` counts of, when not the group's (KpiValue.rows)

    @classmethod
    def of(
        cls,
        kv: KpiValue,
        verdict: bm.Verdict | None,
        judged: bool,
        primary: bool = False,
        band_note: str | None = None,
    ) -> KpiResult:
        """A computed KPI with its verdict; `judged` says whether the KPI has bands at all."""
        # kv.notes: the KpiValue's own list, each is made for one group and KPI
        made = cls.made(kv.id, kv.value, kv.reason, kv.missing, kv.notes, verdict, judged, primary, band_note)
        made.of_rows = kv.rows
        return made

    @classmethod
    def made(
        cls,
        kpi_id: str,
        value: int | float | None,
        reason: str | None,
        missing: dict[str, int],
        notes: list[str],
        verdict: bm.Verdict | None,
        judged: bool,
        primary: bool,
        band_note: str | None,
        symbol: str = "$",
    ) -> KpiResult:
        """`of` from the parts of a KpiValue: a breakdown builds 150,000 of these straight
        from its KPI columns (see _group), without a KpiValue each. `symbol` shows money."""
        name, phase, unit, show = _kpi_text(symbol)[kpi_id]
        reason = _why_no_verdict(reason, value, judged, verdict)
        return cls(  # positional: built 150,000 times for a breakdown of 5,000 groups
            kpi_id,
            name,
            phase,
            unit,
            value,
            show,  # not show(value): csv and ndjson of 200,000 creators never read the text
            verdict.verdict if verdict else None,
            verdict,
            reason,
            missing,
            primary,
            notes,
            band_note,
        )

    @property
    def display(self) -> str:
        """The value as analysts write it (`$12.40`, `3.48%`, `14.7M`); None is an em dash."""
        return self.shown()

    def shown(self, show: Callable[[Any], str] | None = None) -> str:
        """The value as `show` writes it (a table column's format; else its own), marked when
        it rounds onto its band's edge (see beside_edge); None is an em dash."""
        show = show or self.show
        if self.value is None:
            return "—"
        return beside_edge(show(self.value), self.value, self.band, show, self.edges)

    def note(self, rows: int) -> str:
        """Why a KPI is empty, how much of the group its figure covers, which bands judged it."""
        if self.reason:
            return self.reason
        rows = self.of_rows if self.of_rows is not None else rows
        parts = [f"{col.replace('_', ' ')} missing in {n:,} of {rows:,} rows"
                 for col, n in self.missing.items()]  # fmt: skip
        band = [self.band_note] if self.band_note else []
        return "; ".join([*parts, *self.notes, *band])


# A figure this close to a band edge (relative to it) may round onto it as shown: 0.999% is 1.00%.
_NEAR_EDGE = 0.01


def beside_edge(
    text: str, value: Any, band: bm.Verdict | None, show: Callable[[Any], str], edges: tuple[float, ...] = ()
) -> str:
    """`text` (the value shown), with `<` or `>` when it rounds onto an edge of its band that
    it is not on: a CTR of 0.999% is `<1.00%`, poor, not `1.00%`, poor against `< 1%`. A figure
    outside every band is held to the `edges` of the bands that judged it, the same way."""
    if value is None or (band is None and not edges):
        return text
    for edge in (band.lo, band.hi) if band is not None else edges:
        if edge is None or abs(value - edge) > _NEAR_EDGE * max(1.0, abs(edge)):  # far from it: as shown
            continue
        if snap(float(value), (edge,)) != edge and text == show(edge):
            return ("<" if value < edge else ">") + text
    return text


def _why_no_verdict(reason: str | None, value: Any, judged: bool, verdict: Any) -> str | None:
    """A KPI's reason: its own, else "outside every band" for a figure bands judge but
    none holds (bands that stop short, e.g. engagement rate up to 4%)."""
    if reason is None and value is not None and judged and verdict is None:
        return "outside every band"
    return reason


@lru_cache(maxsize=8)
def _kpi_text(symbol: str) -> dict[str, tuple[str, str, str, Callable[[Any], str]]]:
    """Each KPI's name, phase, unit and formatter, money shown with `symbol` (`$`, `€`)."""
    return {
        k: (d.name, d.phase, d.unit, fmt.formatter(d.unit, symbol, k in PER_UNIT_MONEY))
        for k, d in KPI_BY_ID.items()
    }


class GroupResult(NamedTuple):
    key: dict[str, str]
    label: str
    rows: int
    kpis: list[KpiResult]

    def kpi(self, kpi_id: str) -> KpiResult:
        return next(k for k in self.kpis if k.id == kpi_id)


class Ranking(NamedTuple):
    """How `--sort` orders the groups of a breakdown."""

    kpi: str
    descending: bool

    @property
    def order(self) -> str:
        return "desc" if self.descending else "asc"


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class ScoreReport:
    files: list[tuple[str, int]]  # (name, data rows)
    rows: int
    date_start: str | None
    date_end: str | None
    by: list[str]
    objective: str | None
    benchmarks: str
    total: GroupResult
    groups: Sequence[GroupResult] = field(default_factory=list)  # a list, or LazyGroups when many
    period: str | None = None  # day | week | month when grouped by date
    kpis: list[str] | None = None  # the KPIs the user picked with --kpis
    sort: Ranking | None = None
    top: int | None = None
    group_count: int = 0  # groups before --top kept the first N
    benchmarks_mode: str = "extend"  # extend: a file's KPIs replace shipped ones; replace: file only
    currency: str | None = None  # the money's currency (ISO code), when the files say
    # rows: the dates are the rows'; period: the reporting period an export states; rows and
    # period: both (a file without dates beside dated ones)
    date_from: str = "rows"
    reading: list[dict[str, Any]] = field(default_factory=list)  # how each file was read (JSON `reading`)
    warnings: list[str] = field(default_factory=list)  # what the reader of the figures should know (stderr)
    schema: str = SCORE_SCHEMA  # the JSON document's
    lines_schema: str = SCORE_LINES  # each NDJSON line's
    benches: dict[str, bm.Benchmark] = field(default_factory=dict)  # the bands in force (their order)
    goals: list[Any] = field(default_factory=list)  # --goals: goals.GoalResult per goal
    meta: dict[str, Any] = field(default_factory=dict)  # extra top-level JSON fields of a schema
    style: fmt.Style = fmt.EN  # how the tables write numbers: --locale, else the export's own

    def number_style(self, locale: str | None = None) -> fmt.Style:
        """The export's currency in `locale`'s marks; without one, the exports' own: a file
        with decimal commas is shown as its language writes numbers (`1.234,56 €`)."""
        if locale is None:
            marks = {r.get("decimal") for r in self.reading}
            locale = "en"
            if marks == {","}:
                languages = {(r.get("profile") or {}).get("language") for r in self.reading}
                language = languages.pop() if len(languages) == 1 else None
                locale = fmt.LANGUAGE_LOCALES.get(language or "", "de")
        return fmt.style(locale, symbol_for(self.currency))

    def columns(self) -> list[str]:
        """The KPIs a breakdown shows side by side: --kpis, else the objective's, else headline ones."""
        if self.kpis:
            cols = list(self.kpis)
        elif self.objective:
            cols = list(OBJECTIVES[self.objective])
        else:
            cols = list(HEADLINE_KPIS)
        if self.sort is not None and self.sort.kpi not in cols:
            cols.append(self.sort.kpi)
        return cols

    @property
    def group_title(self) -> str:
        """Header of the group column in breakdowns, e.g. `Influencer · Platform`."""
        return " · ".join(col.replace("_", " ").capitalize() for col in self.by) or "Group"


def _band_note(bench: bm.Benchmark, scope: str, tiers: Any, platforms: Any) -> str | None:
    """Say so when a KPI with tier / platform bands was judged on the default ones."""
    if scope:
        return None
    if bench.tiers and len(tiers) > 1:
        ordered = sorted(tiers, key=lambda t: (TIERS.index(t), t) if t in TIERS else (len(TIERS), t))
        return f"tiers mixed ({', '.join(ordered)}): default bands; --by tier judges each tier on its own"
    if bench.tiers and not tiers:
        return "tier unknown (no tier or followers column): default bands"
    if bench.platforms and len(platforms) > 1:
        return f"platforms mixed ({', '.join(platforms)}): default bands; --by platform for theirs"
    return None


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report of many small objects is built.

    A breakdown of thousands of groups allocates a dozen objects per KPI that all stay
    alive; each allocation burst would otherwise trigger full collections that rescan
    the growing report (and everything pandas holds) again and again, which took a
    third of the build. Nothing built here forms reference cycles that need it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Judges:
    """Verdicts and band notes for many groups, with the bands of every KPI picked once
    per mix of tiers and platforms (a breakdown has thousands of groups but few mixes)."""

    def __init__(self, benches: dict[str, bm.Benchmark], currency: str | None = None) -> None:
        self.symbol = symbol_for(currency)
        # Money bands in one currency do not judge figures in another: no verdict, and a note.
        self.foreign = {
            kpi: f"no verdict: the bands are in {bench.currency}, these figures in {currency}"
            for kpi, bench in benches.items()
            if bench.unit == "money" and currency is not None and currency != bench.currency
        }
        self.benches = {kpi: bench for kpi, bench in benches.items() if kpi not in self.foreign}
        self._plans: dict[tuple[Any, ...], dict[str, tuple[bm.Judging, str | None]]] = {}

    def plan(
        self, tiers: Any, platforms: Any, formats: Any = (), types: Any = ()
    ) -> dict[str, tuple[bm.Judging, str | None]]:
        """KPI id → its bands and the note of their verdicts, for groups of these tiers,
        platforms, formats and campaign types."""
        key = (tiers, platforms, formats, types)
        try:
            return self._plans[key]
        except KeyError:
            plan = self._plans[key] = {
                kpi_id: self._judging(bench, tiers, platforms, formats, types)
                for kpi_id, bench in self.benches.items()
            }
            return plan

    @staticmethod
    def _judging(
        bench: bm.Benchmark, tiers: Any, platforms: Any, formats: Any, types: Any
    ) -> tuple[bm.Judging, str | None]:
        bands = bench.pick(tiers, platforms, formats, types)
        return bm.judging(bench, bands), _band_note(bench, bands.scope, tiers, platforms)


def _group(
    gs: GroupSums,
    table: KpiTable,
    i: int,
    judges: _Judges,
    objective: str | None,
    label: str,
    key_dict: dict[str, str],
    industry: _Judges | None = None,
    only: Collection[str] | None = None,
) -> GroupResult:
    """Group i of the table with its verdicts, built straight from the table's columns;
    `industry` judges them again on the shipped bands (--compare-benchmarks); `only`:
    just these KPIs (a table's columns), not all 30."""
    scope = (
        group_values(gs, "tier", i),
        group_values(gs, "platform", i),
        group_values(gs, "format", i),
        group_values(gs, "campaign_type", i),
    )
    plan = judges.plan(*scope)
    shipped = industry.plan(*scope) if industry is not None else None
    primary = OBJECTIVES.get(objective or "", ())
    known, values, reasons, gaps = table.known, table.values, table.reasons, table.gaps
    unjudged = table.unjudged
    made = KpiResult.made
    symbol, foreign = judges.symbol, judges.foreign
    results = []
    for j, kpi in enumerate(table.kpis):
        if only is not None and kpi not in only:
            continue
        if not known[j][i]:
            results.append(made(kpi, None, reasons[j][i], {}, [], None, False, kpi in primary, None, symbol))
            continue
        value = values[j][i]
        judged = plan.get(kpi)
        verdict = note = None
        if j in unjudged and unjudged[j][i]:
            judged = None  # its figure stands, but no band judges it (see kpis._spend_notes)
        if judged is not None and value is not None:
            verdict = judged[0].verdict(float(value))
            note = judged[1] if verdict is not None else None
        missing = table.missing(j, i) if gaps else {}
        notes = [foreign[kpi]] if kpi in foreign else []
        if j in table.notes:
            notes += table.notes[j][i]
        result = made(
            kpi, value, None, missing, notes, verdict, judged is not None, kpi in primary, note, symbol
        )
        if judged is not None and verdict is None and value is not None:  # outside every band
            result.edges = judged[0].edges
        if (
            shipped is not None
            and value is not None
            and kpi in shipped
            and not (j in unjudged and unjudged[j][i])
        ):
            result.industry = shipped[kpi][0].verdict(float(value))
        results.append(result)
    if objective:
        order = OBJECTIVES[objective]
        results.sort(key=lambda r: (0, order.index(r.id)) if r.primary else (1, 0))
    return GroupResult(key_dict, label, gs.rows_at(i), results)


@dataclass
class GroupBlock:
    """Consecutive groups of a breakdown as columns: what their GroupResults say in the
    CSV, without 30 objects per group (a writer of 200,000 creators works on these)."""

    keys: dict[str, list[str]]  # each `by` column's values, group by group
    labels: list[str]
    rows: np.ndarray  # int64
    # KPI id -> ...: left empty by blocks(detail=True), whose `detail` has them all
    values: dict[str, np.ndarray]  # its values (any dtype; meaningful where `known`)
    known: dict[str, np.ndarray]  # whether the group has a figure (not None)
    verdicts: dict[str, np.ndarray]  # its verdict as an index in WORDS (0: none)
    industry: dict[str, np.ndarray] | None = None  # --compare-benchmarks: the shipped bands' verdict
    detail: list[KpiColumn] | None = None  # blocks(detail=True): every field JSON writes, KPI by KPI


@dataclass(slots=True)
class KpiColumn:
    """One KPI of a block of groups with every field its KpiResults would have, as lists
    in group order: JSON and NDJSON of thousands of groups are written from these, not
    from a KpiResult per group and KPI (which took most of a 5,000-creator JSON's time)."""

    id: str
    name: str
    phase: str
    unit: str
    primary: bool
    values: list[Any]  # None where the group has no figure
    displays: list[str]
    bands: list[bm.Verdict | None]  # the band each value fell in (its verdict), None for none
    band_notes: list[str | None]
    reasons: list[str | None]
    missing: Sequence[dict[str, int]]  # a list, or Gaps
    notes: list[list[str]]
    industry: list[bm.Verdict | None] | None = None  # --compare-benchmarks


class Gaps(Sequence[dict[str, int]]):
    """Each group's `missing` of a KPI column (its blank cells, by column), kept as counts:
    JSON writes them all at once from these (records._missing_cells), and a dict is made
    only for a group read on its own. 5,000 creators with 1 % blank cells made ~100,000 dicts."""

    __slots__ = ("counts", "names")

    def __init__(self, names: list[str], counts: np.ndarray) -> None:
        self.names = names  # the KPI's columns with a gap in some group, in its order
        self.counts = counts  # a row per name, a column per group (int64; 0: no gap, or no figure)

    def __len__(self) -> int:
        return int(self.counts.shape[1])

    @overload
    def __getitem__(self, g: int) -> dict[str, int]: ...

    @overload
    def __getitem__(self, g: slice) -> list[dict[str, int]]: ...

    def __getitem__(self, g: int | slice) -> dict[str, int] | list[dict[str, int]]:
        if isinstance(g, slice):
            return [self[i] for i in range(*g.indices(len(self)))]
        return {name: k for name, k in zip(self.names, self.counts[:, g].tolist(), strict=True) if k > 0}

    def __iter__(self) -> Iterator[dict[str, int]]:
        if not self.names:
            return iter([{}] * len(self))
        groups = zip(*self.counts.tolist(), strict=True)  # each group's counts
        return iter(list(map(dict, map(_nonzero, repeat(self.names), groups))))

    def any(self) -> bool:
        return bool(self.counts.any())

    def distinct(self) -> tuple[list[dict[str, int]], np.ndarray]:
        """The distinct `missing` dicts of the groups (a few dozen, with a few blank cells
        each) and each group's number among them (numpy intp)."""
        counts = self.counts
        top = int(counts.max(initial=0)) + 1
        if top ** len(counts) < 2**62:  # each group's counts as one number
            key = np.zeros(counts.shape[1], dtype=np.int64)
            for row in counts:
                key = key * top + row
            _, firsts, index = np.unique(key, return_index=True, return_inverse=True)
        else:
            _, firsts, index = np.unique(counts.T, axis=0, return_index=True, return_inverse=True)
        return [self[g] for g in firsts.tolist()], index.reshape(-1)


def _nonzero(names: list[str], counts: tuple[int, ...]) -> list[tuple[str, int]]:
    return [(name, k) for name, k in zip(names, counts, strict=True) if k > 0]


WORDS: tuple[str, ...] = ("", *bm.VERDICTS)  # GroupBlock's verdicts, by number


def band_indexes(judging: bm.Judging, values: np.ndarray) -> np.ndarray:
    """`Judging.verdict` for many values at once: the index of each value's band in
    `judging.bands`, -1 for none (NaN, or outside every band)."""
    out = np.full(len(values), -1, dtype=np.intp)
    bands = judging.bands
    values = _snapped(values, judging.edges)
    for k in range(len(bands) - 1, -1, -1):  # backwards: the first band that holds a value wins
        lo, hi, _ = bands[k]
        inside = (lo <= values) & (values < hi) if judging.higher else (lo < values) & (values <= hi)
        out[inside] = k
    left = out < 0
    if left.any():  # an edge with no band beyond it belongs to the band it bounds
        beyond = [b_lo if judging.higher else b_hi for b_lo, b_hi, _ in bands]
        for k in range(len(bands) - 1, -1, -1):
            lo, hi, _ = bands[k]
            edge = hi if judging.higher else lo
            if edge not in beyond:
                out[left & (values == edge)] = k
    return out


def _snapped(values: np.ndarray, edges: tuple[float, ...]) -> np.ndarray:
    """`definitions.snap` of many values: each within floating-point error of an edge, on it."""
    for edge in edges:
        near = np.abs(values - edge) <= EDGE_TOLERANCE * max(1.0, abs(edge))
        if near.any():
            values = np.where(near, edge, values)
    return values


class LazyGroups(Sequence["GroupResult"]):
    """A breakdown's groups, each built when it is read and not kept: json, ndjson and
    csv write 200,000 creators in the memory of one (see MAX_GROUPS)."""

    def __init__(
        self,
        grouped: GroupSums,
        table: KpiTable,
        order: list[int],
        judges: _Judges,
        objective: str | None,
        industry: _Judges | None = None,
    ) -> None:
        self._args = (grouped, table, judges, objective, industry)
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    def _build(self, i: int, only: Collection[str] | None = None) -> GroupResult:
        grouped, table, judges, objective, industry = self._args
        key = self._key(i)
        return _group(grouped, table, i, judges, objective, " · ".join(key.values()), key, industry, only)

    def __iter__(self) -> Iterator[GroupResult]:
        return (self._build(i) for i in self._order)

    def with_kpis(self, kpis: Collection[str]) -> list[GroupResult]:
        """Every group, each with only `kpis` (the columns a table draws): `--top 10000`
        as a table held 10,000 groups of 30 KPIs each (87 MB) to draw eight of them."""
        only = frozenset(kpis)
        return [self._build(i, only) for i in self._order]

    def _key(self, i: int) -> dict[str, str]:
        """Group i's key, column by column (made when asked for: not 200,000 dicts at once)."""
        grouped, table = self._args[0], self._args[1]
        return _key_dict(grouped.by, table.keys[i])

    def blocks(self, size: int, detail: bool = False) -> Iterator[GroupBlock]:
        """The groups, in order, `size` at a time as columns (see GroupBlock): the same
        figures and verdicts `_group` gives each, worked out for many groups at once;
        `detail` adds every other field of theirs (GroupBlock.detail) for JSON."""
        grouped, table, _, _, industry = self._args
        scopes, plans, shipped = self._scopes()
        rows = grouped.sums["rows"]
        order = np.asarray(self._order, dtype=np.intp)
        # Per KPI, the bands each scope judges it by, as a number: many scopes (--by post_id:
        # every tier × platform × format) share a few sets of bands.
        judged_by = {kpi: _judgings(plans, kpi) for kpi in table.kpis}
        shipped_by = {kpi: _judgings(shipped, kpi) for kpi in table.kpis} if shipped is not None else None
        # Groups whose figure no band judges (see kpis._spend_notes), as arrays once, not per block.
        unjudged = {j: np.asarray(flags, dtype=bool) for j, flags in table.unjudged.items()}
        # Per KPI, each scope's note on the bands that judge it (detail only).
        notes_by = (
            {kpi: [(p.get(kpi) or (None, None))[1] for p in plans] for kpi in table.kpis} if detail else {}
        )
        # Which groups have each KPI's figure, and which a band may judge, once for all blocks.
        has = [_figures(table, j)[1] for j in range(len(table.kpis))]
        judgeable = {j: has[j] & ~flags for j, flags in unjudged.items()}
        any_known = [bool(h.any()) for h in has]
        # One column (200,000 creators): the labels as text once, each block's taken at once.
        texts_of = _one_column_texts(table.keys) if len(grouped.by) == 1 else None
        # Groups in label order lie scattered over the KPI columns (numbered as first read):
        # taking each block's 10,000 figures from 30 columns of 200,000 missed the cache on
        # nearly every figure (a fifth of a second for 200,000 creators). They are taken a
        # span of _SPAN groups at a time, a column at a time, and handed out as slices; each
        # KPI's verdicts are worked out once a span, not once a block.
        step = size * max(1, _SPAN // size)
        for outer in range(0, len(order), step):
            span = order[outer : outer + step]
            taken: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]] = []
            if not detail:  # JSON's blocks carry `detail`, which has all of these its own way
                in_span = scopes[span]
                none = np.zeros(len(span), dtype=bool)  # a KPI no group has: nothing to take
                unjudged_words = none.view(np.int8)
                compared = industry is not None and shipped_by is not None
                for j, kpi in enumerate(table.kpis):
                    if not any_known[j]:  # (reach, views... of a posts export without them)
                        taken.append((none, none, unjudged_words, unjudged_words if compared else None))
                        continue
                    values, known = table.values[j].array[span], has[j][span]
                    judged = judgeable[j][span] if j in judgeable else known
                    numbers, judgings = judged_by[kpi]
                    words = _words(values, judged, numbers[in_span], judgings)
                    shipped_words = None
                    if industry is not None and shipped_by is not None:
                        numbers, judgings = shipped_by[kpi]
                        shipped_words = _words(values, judged, numbers[in_span], judgings)
                    taken.append((values, known, words, shipped_words))
            for start in range(0, len(span), size):
                at, cut = span[start : start + size], slice(start, start + size)
                if texts_of is not None:
                    texts = texts_of[at].tolist()
                    columns, labels = {grouped.by[0]: texts}, texts
                else:
                    parts = [[str(v) for v in table.keys[i]] for i in at.tolist()]
                    columns = {col: [p[c] for p in parts] for c, col in enumerate(grouped.by)}
                    labels = [" · ".join(p) for p in parts]
                block = GroupBlock(
                    keys=columns,
                    labels=labels,
                    rows=rows[at],
                    values={},
                    known={},
                    verdicts={},
                    industry={} if industry is not None else None,
                )
                if detail:
                    block.detail = self._detail(at, scopes[at], notes_by, judged_by, shipped_by, unjudged)
                for kpi, (values, known, words, shipped_words) in zip(table.kpis, taken, strict=False):
                    block.values[kpi], block.known[kpi] = values[cut], known[cut]
                    block.verdicts[kpi] = words[cut]
                    if block.industry is not None and shipped_words is not None:
                        block.industry[kpi] = shipped_words[cut]
                yield block

    def _detail(
        self,
        at: np.ndarray,
        scope: np.ndarray,
        notes_by: dict[str, list[str | None]],
        judged_by: dict[str, tuple[np.ndarray, list[bm.Judging]]],
        shipped_by: dict[str, tuple[np.ndarray, list[bm.Judging]]] | None,
        unjudged: dict[int, np.ndarray],
    ) -> list[KpiColumn]:
        """The groups `at` KPI by KPI, each field as `_group` makes it for one group."""
        _, table, judges, objective, _ = self._args
        primary = OBJECTIVES.get(objective or "", ())
        text = _kpi_text(judges.symbol)
        foreign = judges.foreign
        n = len(at)
        rows = at.tolist()
        columns = []
        for j, kpi in enumerate(table.kpis):
            name, phase, unit, show = text[kpi]
            values, has = _figures(table, j, at)  # has: a figure, not None
            known = table.known[j].array[at].astype(bool)  # as `_group` tests it
            free = ~unjudged[j][at] if j in unjudged else np.ones(n, dtype=bool)
            numbers, judgings = judged_by[kpi]
            in_scope = numbers[scope]  # each group's bands, as a number into judgings (-1: none)
            found, banded = _band_array(values, has & free, in_scope, judgings)
            bands = found.tolist()
            judged = (in_scope >= 0) & free
            figures = values.astype(object)
            figures[~known] = None
            figure_list = figures.tolist()
            # The reason: the table's where there is no figure, "outside every band" for a
            # figure its bands judge but none holds (see _why_no_verdict), else none.
            reasons = np.full(n, None, dtype=object)
            reasons[~known] = table.reasons[j].take(at)[~known]
            reasons[has & judged & ~banded] = "outside every band"
            band_notes = np.array([*notes_by[kpi], None], dtype=object)[scope]
            band_notes[~banded] = None
            column = KpiColumn(
                kpi,
                name,
                phase,
                unit,
                kpi in primary,
                figure_list,
                _displays(
                    fmt.texts(unit, values, has, judges.symbol, kpi in PER_UNIT_MONEY),
                    figure_list,
                    bands,
                    show,
                    *_near_edges(values, has & free, in_scope, judgings),
                    judgings,
                ),
                bands,
                band_notes.tolist(),
                reasons.tolist(),
                _missing(table, j, at, known),
                _notes(table.notes.get(j), foreign.get(kpi), rows, known),
            )
            if shipped_by is not None:
                numbers, judgings = shipped_by[kpi]
                column.industry = _bands(values, has & free, numbers[scope], judgings)
            columns.append(column)
        if objective:
            order = OBJECTIVES[objective]
            columns.sort(key=lambda c: (0, order.index(c.id)) if c.primary else (1, 0))
        return columns

    def shared(self) -> dict[str, tuple[tuple[str, str, str, bool], set[bm.Verdict]]]:
        """What every group's record of a KPI shares: its name, phase, unit and whether it is
        primary, and the bands that judge some group (JSON's `kpis`, said before the groups
        are built). The bands as `_detail` finds them, for all the groups at once."""
        _, table, judges, objective, _ = self._args
        scopes, plans, _ = self._scopes()
        order = np.asarray(self._order, dtype=np.intp)
        scope = scopes[order]
        primary = OBJECTIVES.get(objective or "", ())
        text = _kpi_text(judges.symbol)
        out = {}
        for j, kpi in enumerate(table.kpis):
            name, phase, unit, _ = text[kpi]
            numbers, judgings = _judgings(plans, kpi)
            found: set[bm.Verdict] = set()
            out[kpi] = ((name, phase, unit, kpi in primary), found)
            if not judgings:  # a KPI without bands: no figure to look at
                continue
            values, has = _figures(table, j, order)
            if j in table.unjudged:
                has &= ~np.asarray(table.unjudged[j], dtype=bool)[order]
            for _, judging, indexes in _banded(values, has, numbers[scope], judgings):
                # each band some value fell in (-1: none); bincount, not np.unique (numpy.ma)
                hits = np.bincount(indexes[indexes >= 0], minlength=len(judging.bands))
                found.update(judging.bands[k][2] for k in np.flatnonzero(hits).tolist())
        return out

    def _scopes(self) -> tuple[np.ndarray, list[Any], list[Any] | None]:
        """Each group's scope (its tiers, platforms, formats, campaign types) as a number,
        and the bands of each scope: a breakdown has many groups but few scopes."""
        grouped, table, judges, _, industry = self._args
        sets = [grouped.values.get(dim) for dim in SCOPED_DIMENSIONS]
        n = len(table.keys)
        ids = [np.full(n, -1, np.int64) if found is None else found.ids.astype(np.int64) for found in sets]
        sizes = [1 if found is None else len(found.sets) + 1 for found in sets]
        if math.prod(sizes) < 1 << 62:  # the four set numbers of a group as one number
            key = np.zeros(n, dtype=np.int64)
            for size, part in zip(sizes, ids, strict=True):
                key = key * size + (part + 1)
            scopes = np.unique(key, return_inverse=True)[1].reshape(-1)
        else:
            scopes = np.unique(np.stack(ids, axis=1), axis=0, return_inverse=True)[1].reshape(-1)
        firsts = np.unique(scopes, return_index=True)[1]  # a group of each scope, in scope order
        numbers = [tuple(() if found is None else found.at(i) for found in sets) for i in firsts.tolist()]
        plans = [judges.plan(*scope) for scope in numbers]
        shipped = [industry.plan(*scope) for scope in numbers] if industry is not None else None
        return scopes.astype(np.intp), plans, shipped

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._build(i) for i in self._order[index]]
        return self._build(self._order[index])


def _figures(table: KpiTable, j: int, at: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """KPI j's values for the groups `at` (every group: None), and which have one (known,
    and not None in an object column)."""
    values, known = table.values[j].array, table.known[j].array
    if at is not None:
        values, known = values[at], known[at]
    known = known.astype(bool)
    if values.dtype == object:
        known &= np.array([v is not None for v in values.tolist()], dtype=bool)
    return values, known


def _near_edges(
    values: np.ndarray, judged: np.ndarray, numbers: np.ndarray, judgings: list[bm.Judging]
) -> tuple[np.ndarray, dict[int, tuple[float, ...]]]:
    """The groups whose figure lies within _NEAR_EDGE of an edge of its band: only their text may
    round onto the edge (see beside_edge); 200,000 creators are not each checked. A figure outside
    every band is checked against all its bands' edges: those groups come with them (audit I-5)."""
    found = []
    outside: dict[int, tuple[float, ...]] = {}
    for mask, judging, indexes in _banded(values, judged, numbers, judgings):
        edges = np.array([(lo, hi) for lo, hi, _ in judging.bands] + [(np.inf, np.inf)])[indexes]
        v = values[mask].astype(np.float64)[:, None]
        with np.errstate(invalid="ignore"):
            close = np.abs(v - edges) <= _NEAR_EDGE * np.maximum(1.0, np.abs(edges))
        found.append(np.flatnonzero(mask)[close.any(axis=1)])
        lost = indexes < 0
        if lost.any() and judging.edges:
            all_edges = np.array(judging.edges)
            with np.errstate(invalid="ignore"):
                near = np.abs(v[lost] - all_edges) <= _NEAR_EDGE * np.maximum(1.0, np.abs(all_edges))
            for g in np.flatnonzero(mask)[lost][near.any(axis=1)].tolist():
                outside[g] = judging.edges
    near_any = (
        np.concatenate([*found, np.array(list(outside), dtype=np.intp)]) if found else np.empty(0, np.intp)
    )
    return near_any, outside


def _displays(
    texts: list[str],
    figures: list[Any],
    bands: list[bm.Verdict | None],
    show: Callable[[Any], str],
    near: np.ndarray,
    outside: dict[int, tuple[float, ...]],
    judgings: Iterable[bm.Judging],
) -> list[str]:
    """Each figure as shown (`texts`, "—" for none), `<`/`>` where it rounds onto its band's edge
    (or, outside every band, onto an edge of the bands that judged it: `outside`). Of the figures
    `near` an edge (_near_edges), only a text some edge of the `judgings` the figures were banded
    by is shown as is looked at: 1 % of an edge holds a tenth of 200,000 creators' figures, 0.6 M
    beside_edge calls."""
    show = lru_cache(maxsize=None)(show)  # beside_edge writes the same few edges again and again
    said = {  # beside_edge changes a text only where it is show(edge) of one
        show(edge)
        for judging in judgings
        for edge in (*judging.edges, *(e for _, _, band in judging.bands for e in (band.lo, band.hi)))
        if edge is not None
    }
    for g in (g for g in near.tolist() if texts[g] in said):
        texts[g] = beside_edge(texts[g], figures[g], bands[g], show, outside.get(g, ()))
    return texts


def _notes(
    group_notes: GroupNotes | None, fixed: str | None, rows: list[int], known: np.ndarray
) -> list[list[str]]:
    """Each group's notes (the bands' currency note, `fixed`, then its own), [] without a
    figure. Groups with the same notes share one list: it is read, never changed."""
    none: list[str] = []
    base = [fixed] if fixed is not None else none
    flags = known.tolist()
    out = [base if k else none for k in flags] if base else [none] * len(rows)
    if group_notes:
        for g, extra in enumerate(group_notes.of(rows)):
            if extra and flags[g]:
                out[g] = [*base, *extra]
    return out


def _judgings(plans: list[dict[str, Any]], kpi: str) -> tuple[np.ndarray, list[bm.Judging]]:
    """The distinct bands `kpi` is judged by in the scopes' plans, and each scope's as a
    number into them (-1: not judged in that scope)."""
    found: list[bm.Judging] = []
    numbers = np.full(len(plans), -1, dtype=np.intp)
    for s, plan in enumerate(plans):
        judging = plan.get(kpi)
        if judging is None:
            continue
        if judging[0] not in found:
            found.append(judging[0])
        numbers[s] = found.index(judging[0])
    return numbers, found


def _words(
    values: np.ndarray, judged: np.ndarray, numbers: np.ndarray, judgings: list[bm.Judging]
) -> np.ndarray:
    """The verdict of each judged value (`judged`: a figure a band may judge) in the bands
    `judgings[numbers[i]]` of its group's scope, as its number in WORDS (0 for none)."""
    words = np.zeros(len(values), dtype=np.int8)
    for mask, judging, found in _banded(values, judged, numbers, judgings):
        verdicts = np.array([WORDS.index(band[2].verdict) for band in judging.bands] + [0], np.int8)
        words[mask] = verdicts[found]  # -1: the 0 at the end
    return words


def _banded(
    values: np.ndarray, judged: np.ndarray, numbers: np.ndarray, judgings: list[bm.Judging]
) -> Iterator[tuple[np.ndarray, bm.Judging, np.ndarray]]:
    """For each of `judgings` that judges some value: which values (`judged`, in a scope
    `numbers` gives it), the bands, and each value's band index (-1: none)."""
    for k, judging in enumerate(judgings):
        mask = judged & (numbers == k)
        if mask.any():
            yield mask, judging, band_indexes(judging, values[mask].astype(np.float64))


def _bands(
    values: np.ndarray, judged: np.ndarray, numbers: np.ndarray, judgings: list[bm.Judging]
) -> list[bm.Verdict | None]:
    """`_words` as the bands themselves: the Verdict each judged value fell in, else None."""
    return _band_array(values, judged, numbers, judgings)[0].tolist()


def _band_array(
    values: np.ndarray, judged: np.ndarray, numbers: np.ndarray, judgings: list[bm.Judging]
) -> tuple[np.ndarray, np.ndarray]:
    """`_bands` as an object array (None: no band), filled a judging at a time, and which
    values have a band."""
    found = np.full(len(values), None, dtype=object)
    banded = np.zeros(len(values), dtype=bool)
    for mask, judging, indexes in _banded(values, judged, numbers, judgings):
        verdicts = np.empty(len(judging.bands) + 1, dtype=object)  # not np.array: a Verdict is no list
        for k, band in enumerate(judging.bands):
            verdicts[k] = band[2]
        found[mask] = verdicts[indexes]  # -1: the None at the end
        banded[mask] = indexes >= 0
    return found, banded


def _missing(table: KpiTable, j: int, at: np.ndarray, known: np.ndarray) -> Sequence[dict[str, int]]:
    """`table.missing(j, i)` of each group `at[g]` with a figure (`known[g]`), else {}: as Gaps
    (counts, no dict per group: one per group and KPI of 200,000 creators with a few blank
    cells took a second), or, where the columns differ from group to group, as dicts."""
    n = len(at)
    none: dict[str, int] = {}
    if not table.gaps:
        return [none] * n
    cols = table.sources[j]
    if not isinstance(cols, tuple):  # the columns differ from group to group
        flags = known.tolist()
        return [table.missing(j, i) if k else {} for i, k in zip(at.tolist(), flags, strict=True)]
    names = list(dict.fromkeys(col for col in cols if col in table.gaps))
    counts = np.zeros((len(names), n), dtype=np.int64)
    for row, col in zip(counts, names, strict=True):
        row[:] = np.asarray(table.gaps[col])[at]
    counts[:, ~np.asarray(known, dtype=bool)] = 0
    some = np.asarray(counts.any(axis=1), dtype=bool)
    return Gaps([name for name, kept in zip(names, some.tolist(), strict=True) if kept], counts[some])


def _key_order(key: dict[str, str]) -> tuple[tuple[int, int, str], ...]:
    """Groups in label order (dates chronologically, tiers nano → mega), blank groups last."""
    order = []
    for col, value in key.items():
        if value == BLANK:
            order.append((2, 0, ""))
        elif col == "tier" and value in TIERS:
            order.append((0, TIERS.index(value), ""))
        else:
            order.append((1, 0, value.casefold()))
    return tuple(order)


def _key_dict(by: Sequence[str], key: Any) -> dict[str, str]:
    return {col: str(v) for col, v in zip(by, key if isinstance(key, tuple) else (key,), strict=True)}


def _label_order(by: Sequence[str], keys: list[Any]) -> list[int]:
    """Group numbers in label order (see _key_order). One column, the common case, is
    sorted without a tuple per group: tiers nano → mega, then the rest by their folded
    text, then blanks, each part in table order where equal (as the stable sort of
    _key_order's tuples has them)."""
    if len(by) != 1:
        return sorted(range(len(keys)), key=lambda i: _key_order(_key_dict(by, keys[i])))
    if by[0] != "tier" and _all_text(keys):
        ordered = _ascii_order(keys)
        if ordered is not None:
            return ordered
    texts = [str(k[0] if isinstance(k, tuple) else k) for k in keys]
    tiers, named, blank = [], [], []
    for i, text in enumerate(texts):
        if text == BLANK:
            blank.append(i)
        elif by[0] == "tier" and text in TIERS:
            tiers.append(i)
        else:
            named.append(i)
    tiers.sort(key=lambda i: TIERS.index(texts[i]))
    return tiers + _text_order(named, [texts[i].casefold() for i in named]) + blank


def _one_column_texts(keys: list[Any]) -> np.ndarray:
    """The labels of a breakdown by one column as text, by group number (object array)."""
    if _all_text(keys):  # str each (no str() needed)
        texts = np.empty(len(keys), dtype=object)
        texts[:] = keys
        return texts
    texts = np.empty(len(keys), dtype=object)
    texts[:] = [str(k[0] if isinstance(k, tuple) else k) for k in keys]
    return texts


def _all_text(keys: list[Any]) -> bool:
    """Whether every label is a str (pandas' infer_dtype "string": no None, no NaN). By map,
    not a generator: 200,000 creators' labels are checked twice per report."""
    return all(map(isinstance, keys, repeat(str)))


def _ascii_order(texts: list[str]) -> list[int] | None:
    """_label_order of labels all ASCII text (200,000 creators' handles), by Arrow: the named
    by their lower case (str.casefold of ASCII), stable, then the blank. None when a label
    is not ASCII (casefold is Python's) or not UTF-8."""
    import pyarrow as pa

    from kpi_cli import arrow
    from kpi_cli import compute as pc

    try:
        labels = pa.array(texts, pa.string())
    except (pa.ArrowException, UnicodeError):
        return None
    if not pc.all(pc.string_is_ascii(labels)).as_py():
        return None
    blank = arrow.bools(pc.equal(labels, pa.array([BLANK], pa.string())[0]))
    named = np.flatnonzero(~blank)
    if len(named) < len(texts):
        labels = pc.take(labels, arrow.from_numpy(named))
    order = arrow.ints(pc.sort_indices(pc.ascii_lower(labels)))  # stable, as sorted() is
    return [*named[order].tolist(), *np.flatnonzero(blank).tolist()]


def _text_order(items: list[int], texts: list[str]) -> list[int]:
    """`items` sorted by `texts`, stable: by Arrow (UTF-8 bytes sort as code points, as
    Python compares str), or Python's sort for text UTF-8 cannot hold (lone surrogates)."""
    import pyarrow as pa

    from kpi_cli import arrow
    from kpi_cli import compute as pc

    try:
        order = arrow.ints(pc.sort_indices(pa.array(texts, pa.string())))
    except (pa.ArrowException, UnicodeError):
        return [items[k] for k in sorted(range(len(texts)), key=texts.__getitem__)]
    return np.asarray(items, dtype=np.intp)[order].tolist()


def _ranked(
    by: Sequence[str], table: KpiTable, ranking: Ranking | None, top: int | None
) -> tuple[list[int], bool]:
    """The groups to report, in order: by a KPI (null values last, ties by label) or by
    label, the first `top` of them. Ranked on the KPI columns before any group is built,
    so `--top 10` of 5,000 influencers builds 10 groups, not 5,000. A `(blank)` group (rows
    without the column's value: an ads export's rows have no creator) is no creator, campaign
    or platform: ranked after every named one, whatever its figure, so `--top 2` by ROAS is
    two creators. The flag says whether that moved one down."""
    ordered = _label_order(by, table.keys)
    lowered = False
    if ranking is not None:
        j = table.kpis.index(ranking.kpi)
        array, has = _figures(table, j)
        at = np.asarray(ordered, dtype=np.intp)
        known, unknown = at[has[at]], at[~has[at]]
        value = array[known].astype(np.float64)  # float(value), as one at a time
        if np.isnan(value).any():  # no order for NaN: as Python's sort leaves them
            number = value.tolist()
            rank = sorted(range(len(number)), key=number.__getitem__, reverse=ranking.descending)
        else:  # stable either way: groups with equal values keep label order
            rank = np.argsort(-value if ranking.descending else value, kind="stable").tolist()
        ordered = known[rank].tolist() + unknown.tolist()
        blank = [i for i in ordered if _blank_key(table.keys[i])]
        if blank:
            named = [i for i in ordered if not _blank_key(table.keys[i])]
            lowered = named + blank != ordered
            ordered = named + blank
    return (ordered if top is None else ordered[:top]), lowered


def _blank_key(key: Any) -> bool:
    """Whether a group's label is (or has a part) `(blank)`."""
    return BLANK in key if isinstance(key, tuple) else key == BLANK


def build_report(
    total: GroupSums,
    grouped: GroupSums | None,
    benches: dict[str, bm.Benchmark],
    *,
    files: Sequence[tuple[str, int]] = (),
    objective: str | None = None,
    benchmarks_name: str = "shipped",
    benchmarks_mode: str = "extend",
    period: str | None = None,
    kpis: Sequence[str] | None = None,
    sort: Ranking | None = None,
    top: int | None = None,
    currency: str | None = None,
    date_range: tuple[str, str] | None = None,
    compare: bool = False,
    stream: bool = False,
    unread: dict[str, str] | None = None,
    undated: tuple[str, str] | None = None,
) -> ScoreReport:
    """Judge every KPI of the total (and of each group when there is a breakdown).

    `currency` is what the money is in (shown with its symbol; money bands of another
    currency give no verdict); `date_range` stands in when no row has a date (a
    reporting period written above an export's header); `undated`, the period files without
    a date column state, widens the rows' range (a Google Ads campaign report of January
    beside a TikTok export by day of March spans January to March). `stream`: the groups are read
    once, in order (a data format): built as they are read, never all kept (LazyGroups)."""
    if objective is not None and objective not in OBJECTIVES:
        raise UsageError(f"unknown objective {quoted(objective)}; use one of {', '.join(OBJECTIVES)}")
    with without_gc():
        report = _build_report(
            total,
            grouped,
            benches,
            files=files,
            objective=objective,
            benchmarks_name=benchmarks_name,
            benchmarks_mode=benchmarks_mode,
            period=period,
            kpis=kpis,
            sort=sort,
            top=top,
            currency=currency,
            compare=compare,
            stream=stream,
            unread=unread or {},
        )
    report.currency = currency
    if report.date_start is None and date_range is not None:
        report.date_start, report.date_end = date_range
        report.date_from = "period"
    elif report.date_start is not None and report.date_end is not None and undated is not None:
        # Audit W-3: the range was the dated rows' alone, and the January of a report
        # without a date column, whose figures are in the totals, was left out of it.
        report.date_start = min(report.date_start, undated[0])
        report.date_end = max(report.date_end, undated[1])
        report.date_from = "rows and period"
    return report


def _build_report(
    total: GroupSums,
    grouped: GroupSums | None,
    benches: dict[str, bm.Benchmark],
    *,
    files: Sequence[tuple[str, int]],
    objective: str | None,
    benchmarks_name: str,
    benchmarks_mode: str,
    period: str | None,
    kpis: Sequence[str] | None,
    sort: Ranking | None,
    top: int | None,
    currency: str | None,
    compare: bool = False,
    stream: bool = False,
    unread: dict[str, str] | None = None,
) -> ScoreReport:
    judges = _Judges(benches, currency)
    industry = _Judges(bm.load(), currency) if compare else None
    total_table = _explained(kpi_table(total), unread or {})
    total_result = _group(total, total_table, 0, judges, objective, "Total", {}, industry)
    groups: Sequence[GroupResult] = []
    group_count = 0
    warnings: list[str] = []
    if grouped is not None:
        table = _explained(kpi_table(grouped), unread or {})
        group_count = len(table.keys)
        order, lowered = _ranked(grouped.by, table, sort, top)
        lazy = LazyGroups(grouped, table, order, judges, objective, industry)
        groups = lazy if stream or len(order) > MAX_GROUPS else list(lazy)
        if lowered and sort is not None:
            what = " or ".join(_DIMENSION_WORDS.get(d, d.replace("_", " ")) for d in grouped.by)
            warnings.append(
                f"--sort {sort.kpi}: the (blank) group, rows without a {what}, is ranked after every "
                f"group with one, whatever its {KPI_BY_ID[sort.kpi].name}"
            )
    return ScoreReport(
        files=list(files),
        rows=total.total_rows,
        date_start=None if total.date_min is None else iso_day(total.date_min),
        date_end=None if total.date_max is None else iso_day(total.date_max),
        by=list(grouped.by) if grouped is not None else [],
        objective=objective,
        benchmarks=benchmarks_name,
        total=total_result,
        groups=groups,
        period=period if grouped is not None and "date" in grouped.by else None,
        kpis=list(kpis) if kpis else None,
        sort=sort,
        top=top,
        group_count=group_count,
        benchmarks_mode=benchmarks_mode,
        warnings=warnings,
        benches=benches,
    )


_DIMENSION_WORDS = {"influencer": "creator", "post_id": "post ID", "date": "date"}


def _explained(table: KpiTable, unread: dict[str, str]) -> KpiTable:
    """`table` with each "no ... column" reason that a header left unread explains replaced by
    what that header is and why it is not read (`unread_reasons`)."""
    if unread:
        for reasons in table.reasons:
            for old, new in unread.items():
                reasons.replace(old, new)
    return table


def unread_reasons(sources: Sequence[Source]) -> dict[str, str]:
    """ "no followers column" -> why the file's `Audience` is not read, for each column a header
    its profile leaves unread would feed (profile `feeds:`; audit HV-2, HV-4): the reason
    names the header the analyst sees in the file, and the --map that reads it if there is one."""
    out: dict[str, str] = {}
    for source in sources:
        for head in source.columns.headers:
            if head.role is not None or head.feeds is None or head.reason is None:
                continue
            whose = f"{source.name}'s " if len(sources) > 1 else ""
            out.setdefault(no_column(head.feeds), f"{whose}{quoted(head.text)} is not read: {head.reason}")
    return out


# --------------------------------------------------------------------------- options


def available_dimensions(sources: Sequence[Source]) -> list[str]:
    """The dimension columns at least one input has (tier also from followers)."""
    mapped = set().union(*(s.columns.mapped for s in sources)) if sources else set()
    if "followers" in mapped:
        mapped.add("tier")
    if any(
        s.platform or (s.columns.profile is not None and s.columns.profile.profile.platform) for s in sources
    ):
        mapped.add("platform")  # an export of one platform's (TikTok Ads), or whose links tell it
    return [d for d in DIMENSIONS if d in mapped]


def resolve_by(by: Sequence[str], sources: Sequence[Source]) -> list[str]:
    """Turn `--by` names (canonical or as the export spells them) into dimension columns.

    A name that is not a dimension, or a dimension no input has, is refused up front
    with the columns that would work, before any row is read.
    """
    from kpi_cli.read.frames import yearless_dates  # the reader: imported by a run that reads

    available = available_dimensions(sources)
    choices = ", ".join(available) or "none (the input has no dimension columns)"
    out: list[str] = []
    for name in by:
        canonical = canonical_for(name) if name.strip() else None
        if canonical is None or canonical not in DIMENSIONS:
            what = "a figure, not a dimension" if canonical else "not a column kpi can group by"
            raise UsageError(f"--by {name}: {what}; available: {choices}")
        if canonical == "date" and "date" not in available:
            unread = next((s for s in sources if s.yearless is not None), None)
            if unread is not None:
                raise InputError(yearless_dates(unread, by_date=True))
        if canonical not in available:
            need = "tier or followers column" if canonical == "tier" else f"{canonical} column"
            fix = (
                "; to compare platforms, score each platform's export on its own, or add a Platform column"
                if canonical == "platform"
                else f"; add {'an' if need[0] in 'aeiou' else 'a'} {need}, or --map a header to it"
            )
            raise UsageError(f"--by {name}: the input has no {need}; available: {choices}{fix}")
        if canonical not in out:
            out.append(canonical)
    return out


SCORE_KPIS: frozenset[str] = frozenset(k.id for k in KPI_DEFS)  # what `kpi score` computes


def resolve_kpis(names: Sequence[str], option: str = "--kpis") -> list[str]:
    """Validate KPI ids (case-insensitive, `-` and space as `_`), keeping the user's order."""
    out: list[str] = []
    for name in names:
        kpi = name.strip().lower().replace("-", "_").replace(" ", "_")
        if kpi not in SCORE_KPIS:
            raise UsageError(f"{option} {name}: unknown KPI; use one of {', '.join(k.id for k in KPI_DEFS)}")
        if kpi not in out:
            out.append(kpi)
    return out


def better_direction(kpi: str, benches: dict[str, bm.Benchmark]) -> str:
    """`higher` or `lower`: the benchmark's direction, else lower for costs, higher for the rest."""
    if kpi in benches:
        return benches[kpi].direction
    return "lower" if kpi in LOWER_IS_BETTER else "higher"


def parse_sort(text: str, benches: dict[str, bm.Benchmark]) -> Ranking:
    """`cpe` best first; `-cpe` worst first; `cpe:asc` / `cpe:desc` an explicit order.

    Best first follows the KPI's benchmark direction, so `--sort cpe` lists the
    cheapest engagements first and `--sort ctr` the highest CTR first.
    """
    spec = text.strip()
    flip = spec.startswith("-")
    spec = spec.lstrip("-")
    kpi_text, _, order = spec.partition(":")
    (kpi,) = resolve_kpis([kpi_text], "--sort")
    order = order.strip().lower()
    if order and order not in ("asc", "desc"):
        raise UsageError(f"--sort {text}: order must be asc or desc (e.g. {kpi}:desc)")
    if order and flip:
        raise UsageError(f"--sort {text}: use either -{kpi} or {kpi}:{order}, not both")
    if order:
        return Ranking(kpi, order == "desc")
    best_desc = better_direction(kpi, benches) == "higher"
    return Ranking(kpi, best_desc != flip)


def score_files(
    names: Sequence[str],
    *,
    by: Sequence[str] = (),
    period: str | None = None,
    objective: str | None = None,
    benchmarks_file: Path | None = None,
    benchmarks_only: bool = False,
    kpis: Sequence[str] | None = None,
    sort: str | None = None,
    top: int | None = None,
    decimal: str | None = None,
    options: ReadOptions | None = None,
    sources: list[Source] | None = None,
    progress: Callable[[Source, int], None] | None = None,
    max_groups: int | None = None,
    compare_benchmarks: bool = False,
    goals_file: Path | None = None,
    stream: bool = False,
) -> ScoreReport:
    """Score CSV exports end to end; the entry point for notebooks and the CLI.

    `by` groups (e.g. `["influencer"]`, or `["date"]` with `period="week"`), `sort`
    ranks the groups (`"cpe"`, `"-ctr"`, `"roas:desc"`) and `top` keeps the first N.
    `options` says how to read the files where zero-config cannot tell (`--map`,
    `--decimal-comma`, `--dayfirst`, `--currency`); `decimal=","` is short for
    `ReadOptions(decimal=",")`. Options are checked against the inputs' headers before
    any row is read. `stream`: the caller reads the groups once, in order (json, ndjson,
    csv), so they are built as read and never all held (see build_report).
    """
    from kpi_cli.read.frames import not_posts, read_all, yearless_dates

    if objective is not None and objective not in OBJECTIVES:
        raise UsageError(f"unknown objective {quoted(objective)}; use one of {', '.join(OBJECTIVES)}")
    if benchmarks_only and benchmarks_file is None:
        raise UsageError("--benchmarks-only needs --benchmarks FILE (the bands to use instead)")
    goal_set = None
    if goals_file is not None:  # a bad goals file fails before any row is read
        from kpi_cli import goals as gl

        goal_set = gl.load_goals(goals_file)
    if compare_benchmarks and benchmarks_file is None:
        raise UsageError(
            "--compare-benchmarks shows your --benchmarks FILE's verdicts beside the shipped ones; "
            "add -b FILE (e.g. one from kpi benchmarks learn)"
        )
    benches = bm.load(benchmarks_file, extend=not benchmarks_only)
    if options is None:
        options = ReadOptions(decimal="," if decimal == "," else "." if decimal == "." else None)
    if sources is None:
        sources = open_sources(list(names), options=options)
    currency = report_currency(sources, options)
    columns = resolve_kpis(kpis) if kpis else None
    dims = resolve_by(by, sources)
    if period is not None and period not in PERIODS:
        raise UsageError(f"--period {period}: use one of {', '.join(PERIODS)}")
    if period is not None and "date" not in dims:
        raise UsageError(f"--period {period} buckets dates; add --by date (e.g. --by date --period {period})")
    if "date" in dims:
        period = period or "day"
    if (sort is not None or top is not None) and not dims:
        raise UsageError("--sort and --top rank the groups of a breakdown; add --by (e.g. --by influencer)")
    if top is not None and sort is None:
        raise UsageError("--top needs --sort to say what top means (e.g. --sort cpe --top 10)")
    if top is not None and top < 1:
        raise UsageError(f"--top {top}: give a number of groups, 1 or more")
    ranking = parse_sort(sort, benches) if sort is not None else None
    # Formats and campaign types are read (and kept per group) only when bands are scoped by them.
    scoped = tuple(
        dim
        for dim in ("format", "campaign_type")
        if any(getattr(bench, bm.SECTIONS[dim]) for bench in benches.values())
    )
    counted = (*COUNTED_DIMENSIONS, *scoped)
    expected, folds = numeric_columns(sources), value_folds()
    aggs = [
        Aggregator(by=dims, period=period or "day", counted=counted, expected=expected, folds=folds)
    ]  # one pass: groups and totals
    # A campaign's or a creator's goals need its own figures: grouped in the same pass.
    goal_dims = [] if goal_set is None else [gl.SCOPE_COLUMNS[s] for s in gl.SCOPES if goal_set.names(s)]
    for dim in goal_dims:
        if dim not in available_dimensions(sources):
            raise UsageError(f"{goals_file}: has goals per {dim}, but the export has no {dim} column")
    # Goals count the rows of their own dates (a campaign's, else the file's): one aggregator
    # per (dimension, window), fed in the same pass.
    windows = [] if goal_set is None else _goal_windows(goal_set)
    extra: dict[tuple[str | None, Any], Aggregator] = {}
    # Rows with a blank date, left out of the goals with dates: how many, per campaign or creator
    # (None: all of them), so each goal says so (audit I-3).
    undated: dict[str | None, dict[Any, int]] = {}
    # ... and the rows themselves (up to _UNDATED_KEPT), to tell which goals they would change.
    undated_rows: list[Any] = []

    starts: list[tuple[str, dict[str, Any]]] = []  # each input's name, and the sums before it

    def reset() -> None:
        starts.clear()
        aggs[:] = [
            Aggregator(by=dims, period=period or "day", counted=counted, expected=expected, folds=folds)
        ]
        extra.clear()
        undated.clear()
        undated_rows.clear()
        for dim, window in windows:
            extra[(dim, window)] = Aggregator(
                by=[dim] if dim else [], counted=counted, expected=expected, folds=folds
            )

    reset()

    def consume(batch: Any) -> None:
        if extra:
            batch = as_frame(batch)  # filtered for each window: as a Frame once
        aggs[0].add(batch)
        if extra:
            days = _days(batch)  # once a batch, however many goal windows
            for (_, window), agg in extra.items():
                agg.add(_within(batch, days, window))
            if days is not None and np.isnat(days).any():
                blank = batch.take(np.isnat(days))
                _count_undated(undated, blank, {d for d, _ in extra})
                if undated_rows and undated_rows[-1] is None:
                    pass  # too many already: every goal with dates says so
                elif sum(map(len, undated_rows)) + len(blank) <= _UNDATED_KEPT:
                    undated_rows.append(blank)
                else:
                    undated_rows.append(None)
        if max_groups is not None and aggs[0].group_count > max_groups:
            raise UsageError(too_many_groups(dims, period, max_groups, aggs[0].group_count))

    needed = Aggregator.needs([*dims, *scoped, *goal_dims])  # campaign, format...: read when needed
    if goal_set is not None:
        needed.add("date")
    if len(sources) > 1:  # two downloads of one report on the same days? (read/overlap.py)
        needed |= {"campaign", "date"}
    read_all(
        sources, consume, needed=needed, progress=progress, reset=reset,
        sums=lambda: aggs[0].column_sums(),
        starting=lambda source: starts.append((source.name, aggs[0].column_sums())),
    )  # fmt: skip
    _refuse_restated(sources, starts, aggs[0].column_sums())
    read = [s for s in sources if s.duplicate_of is None or s.options.allow_duplicates]
    total = aggs[0].total()
    grouped = aggs[0].result() if dims else None
    report = build_report(
        total,
        grouped,
        benches,
        files=[(s.name, s.rows) for s in read],
        objective=objective,
        benchmarks_name=str(benchmarks_file) if benchmarks_file else "shipped",
        benchmarks_mode="replace" if benchmarks_only else "extend",
        period=period,
        kpis=columns,
        sort=ranking,
        top=top,
        currency=report_currency(read, options) or currency,
        date_range=stated_period(read),
        undated=stated_period([s for s in read if "date" not in s.columns.mapped]),
        compare=compare_benchmarks,
        stream=stream,
        unread=unread_reasons(read),
    )
    if compare_benchmarks:
        report.meta["compare_benchmarks"] = "shipped"
    report.warnings += [yearless_dates(s) for s in read if s.yearless is not None]
    report.warnings += [  # a file of reversed sales only beside others (audit HV-3)
        f"{s.name}: {s.all_left_out}; the file adds nothing to the figures"
        for s in read
        if s.all_left_out is not None
    ]
    report.warnings += _unstated_currency(read, report.currency, options)
    report.warnings += _relabelled_currency(read, options)
    report.warnings += _guessed_currency(read, options)
    report.warnings += _fee_per_creator(read, report)
    if goal_set is not None:
        kept = None if any(f is None for f in undated_rows) else undated_rows
        _judge_goals(report, goal_set, extra, benches, options, undated, kept)
    report.reading = [reading_record(s) for s in sources]
    folded = aggs[0].folded()
    for agg in extra.values():  # a goal's campaign or creator, spelled several ways
        for dim, pairs in agg.folded().items():
            seen = folded.setdefault(dim, [])
            seen += [pair for pair in pairs if pair not in seen]
    report.warnings += folded_warnings(folded)
    if aggs[0].spanning is not None:
        start, end = aggs[0].spanning
        report.warnings.append(
            f"rows cover reporting periods that run past the {period} they start in (e.g. {start} "
            f"to {end}): --by date puts each row's figures in the {period} its period starts in, "
            "not spread over the ones it covers; export by day (Meta: Breakdown › By time › Day) "
            "to split them"
        )
    repeats, checked = aggs[0].repeated_rows()
    if repeats:
        report.meta["repeated_rows"] = repeats
        within = f" (checked in the first {checked:,} rows)" if checked is not None else ""
        with_dates = "date" in total.columns
        what = "post ID and date" if with_dates else "post ID"
        report.warnings.append(
            f"{_rows_repeat(repeats)} the {what} of another row{within}: the same post counted twice? "
            "Its figures are in the totals as often as it is listed"
        )
    report.warnings += _unmatched_post_ids(read)
    report.warnings += odd_rows(total)  # completed views above views, reach above impressions...
    report.warnings += [_overlap_warning(s.name, *s.overlap) for s in read if s.overlap is not None]
    report.warnings += [_reposted_warning(s.name, *s.reposted) for s in read if s.reposted is not None]
    report.warnings += [s.tab_doubt for s in read if s.tab_doubt is not None]
    by_id = [s.name for s in read if "post_id" in s.columns.mapped and "posts" not in s.columns.mapped]
    by_count = [s for s in read if "posts" in s.columns.mapped]
    if by_id and by_count:
        report.warnings.append(
            f"posts are counted by post ID in {by_id[0]} and by the "
            f"{quoted(by_count[0].columns.mapped['posts'])} "
            f"column in {by_count[0].name}: if both list the same posts, they are counted twice; "
            "score the files apart"
        )
    unknown = sorted(aggs[0].unknown_tiers)
    if unknown:
        words = ", ".join(repr(w) for w in unknown[:5])
        report.warnings.append(
            f"tier {words} {'is' if len(unknown) == 1 else 'are'} none of {', '.join(TIERS)}: rows with "
            "followers take the tier of their followers, the others keep the word (a group of its own "
            "with --by tier) and are judged on the default bands"
        )
    blank_ids = aggs[0].blank_post_ids
    # Only rows that are posts: a tracker's rows beside an ads manager's have no IDs to lack.
    if blank_ids and blank_ids < total.total_rows - aggs[0].not_post_rows:
        report.warnings.append(
            f"{blank_ids:,} {'row has' if blank_ids == 1 else 'rows have'} no post ID: "
            "each counted as a post of its own"
        )
    if aggs[0].not_post_rows < total.total_rows:  # posts counted elsewhere: say whose rows add none
        report.warnings += [
            f"{s.name}: {why}; its {s.rows:,} {'row adds' if s.rows == 1 else 'rows add'} no posts"
            for s in read
            if s.rows and (why := not_posts(s)) is not None
        ]
    same, checked = aggs[0].same_rows()
    if same:
        report.meta["repeated_rows"] = same
        within = f" (checked in the first {checked:,} rows)" if checked is not None else ""
        report.warnings.append(
            f"{_rows_repeat(same)} another row in every column kpi reads{within}: the same line "
            "exported twice (overlapping exports?); its figures are in the totals as often as it is listed"
        )
    return report


def _refuse_restated(
    sources: Sequence[Source], starts: list[tuple[str, dict[str, Any]]], end: dict[str, Any]
) -> None:
    """Refuse inputs of which one restates another (YouTube Studio's Table data, Chart data and
    Totals: the same views three times); --allow-duplicates adds them up all the same."""
    if len(starts) < 2 or any(s.options.allow_duplicates for s in sources):
        return
    from kpi_cli.read.restates import restated

    rows = {s.name: s.rows for s in sources}
    ends = [sums for _, sums in starts[1:]] + [end]
    files = [
        (name, rows[name], {col: value - before.get(col, 0) for col, value in after.items()})
        for (name, before), after in zip(starts, ends, strict=True)
    ]
    named = {s.name: _row_names(s) for s in sources}
    apart = {frozenset((s.name, other)) for s in sources for other in s.apart_from}
    error = restated(files, [named[name] for name, _ in starts], apart)
    if error is not None:
        raise UsageError(error)


def _row_names(source: Source) -> dict[str, set[str]]:
    """The values of each column naming the source's rows (creators, campaigns), totals
    labels aside, each as kpi tells values apart (read.labels.value_key): what
    restates.restated compares."""
    from kpi_cli.read.labels import value_key

    return {
        key: {value_key(key, v) for code, v in enumerate(c.values) if code not in c.totals and v.strip()}
        for key, c in source.categories.items()
    }


def _goal_windows(goal_set: Any) -> list[tuple[str | None, Any]]:
    """(dimension, (start, end)) for every set of rows goals are judged on: the file's
    dates for its own goals, each campaign's or creator's dates for theirs."""
    from kpi_cli import goals as gl

    found: dict[tuple[str | None, Any], None] = {(None, goal_set.period(None, None)): None}
    for scope in gl.SCOPES:
        for name in goal_set.names(scope):
            found[(gl.SCOPE_COLUMNS[scope], goal_set.period(scope, name))] = None
    return list(found)


def _days(batch: Frame) -> np.ndarray | None:
    """The batch's dates as days (None: the export has no dates)."""
    return np.asarray(batch["date"]).astype("datetime64[D]") if "date" in batch else None


def _within(batch: Frame, dates: np.ndarray | None, window: tuple[Any, Any]) -> Frame:
    """The batch's rows dated (`dates`, see _days) from `start` to `end`, inclusive; every
    row when the goals give no dates or the export has none."""
    start, end = window
    if (start is None and end is None) or dates is None:
        return batch
    keep = ~np.isnat(dates)
    if start is not None:
        keep &= dates >= np.datetime64(start, "D")
    if end is not None:
        keep &= dates <= np.datetime64(end, "D")
    return batch.take(keep)


def _count_undated(undated: dict[str | None, dict[Any, int]], rows: Frame, dims: set[str | None]) -> None:
    """Add a batch's rows with a blank date to `undated`: their number (key None), and per
    campaign or creator a goal is scoped to (by its name as the rows write it)."""
    for dim in dims:
        if dim is None:
            counts = undated.setdefault(None, {})
            counts[None] = counts.get(None, 0) + len(rows)
        elif dim in rows:
            counts = undated.setdefault(dim, {})
            column = as_codes(rows[dim])
            found = np.bincount(
                column.codes[column.codes >= 0].astype(np.intp), minlength=len(column.categories)
            )
            for code in np.flatnonzero(found).tolist():
                label = column.categories[code]
                counts[label] = counts.get(label, 0) + int(found[code])


_UNDATED_KEPT = 100_000  # rows with a blank date kept to tell which goals they would change


def _undated_note(
    goal: Any, window: tuple[Any, Any], undated: dict[str | None, dict[Any, int]]
) -> str | None:
    """What a goal with dates says of the rows left out of it for their blank date (audit I-3)."""
    from kpi_cli import goals as gl
    from kpi_cli.read.labels import match_key

    if window == (None, None):
        return None
    if goal.scope is None:
        n = undated.get(None, {}).get(None, 0)
    else:
        key = match_key(goal.scope, goal.name)
        counts = undated.get(gl.SCOPE_COLUMNS[goal.scope], {})
        n = sum(c for label, c in counts.items() if match_key(goal.scope, str(label)) == key)
    if not n:
        return None
    rows = "1 row" if n == 1 else f"{n:,} rows"
    them = "its date in to count it" if n == 1 else "the dates in to count them"
    return f"{rows} with a blank date left out: fill {them}"


def _judge_goals(
    report: ScoreReport,
    goal_set: Any,
    extra: dict[tuple[str | None, Any], Aggregator],
    benches: dict[str, bm.Benchmark],
    options: ReadOptions,
    undated: dict[str | None, dict[Any, int]] | None = None,
    undated_rows: list[Any] | None = None,
) -> None:
    """Each goal against the figures of its own dates (the campaign's, a campaign's or a
    creator's), with pacing to the end: `report.goals`, and the JSON `goals` list. Rows with a
    blank date are in no goal's dates: each goal whose figure they would change says how many
    (`undated_rows`, the rows themselves; None: too many kept, every goal with dates says so)."""
    import copy
    import dataclasses
    from datetime import date

    from kpi_cli import goals as gl

    gl.check_currency(goal_set, report.currency)
    last_day = date.fromisoformat(report.date_end) if report.date_end else None
    lookups: dict[tuple[str | None, Any], Any] = {}
    dated: dict[tuple[str | None, Any], Any] = {}  # ... with the rows of blank dates in too
    for (dim, window), agg in extra.items():
        if undated and undated_rows and window != (None, None):  # what those rows would change
            plus = copy.deepcopy(agg)
            for rows in undated_rows:
                plus.add(rows)
            if not plus.empty:
                built = build_report(
                    plus.total(), plus.result() if dim else None, benches, currency=report.currency
                )
                dated[(dim, window)] = gl.values_from(built.total, built.groups)
        if agg.empty:  # no row in the window
            lookups[(dim, window)] = None
            continue
        grouped = agg.result() if dim else None
        built = build_report(agg.total(), grouped, benches, currency=report.currency)
        lookups[(dim, window)] = gl.values_from(built.total, built.groups)

    def changed(goal: Any) -> bool:
        """Whether the rows with a blank date, dated in the goal's window, would change its figure."""
        if undated_rows is None:
            return True  # too many to keep: said on every goal with dates, as it may be
        key = (gl.SCOPE_COLUMNS[goal.scope] if goal.scope else None, goal_set.period(goal.scope, goal.name))
        plus = dated.get(key)
        if plus is None:
            return False
        before = values(goal.scope, goal.name, goal.kpi)
        before = before[0] if isinstance(before, tuple) else before
        after = plus(goal.scope, goal.name, goal.kpi)
        after = after[0] if isinstance(after, tuple) else after
        return bool(before != after)

    def values(scope: str | None, name: str | None, kpi: str) -> Any:
        window = goal_set.period(scope, name)
        lookup = lookups.get((gl.SCOPE_COLUMNS[scope] if scope else None, window))
        if lookup is None:
            start, end = window
            when = (
                f"between {start} and {end}" if start and end else f"from {start}" if start else f"to {end}"
            )
            if last_day is not None and start is not None and last_day < start:
                return None, f"no rows {when}: {gl.NOT_STARTED}"
            return None, f"no rows {when}"
        return lookup(scope, name, kpi)

    report.goals = gl.evaluate(goal_set, values, last_day)
    if undated:
        judged = []
        for goal in report.goals:
            note = _undated_note(goal, goal_set.period(goal.scope, goal.name), undated)
            if note is not None and changed(goal):
                goal = dataclasses.replace(goal, reason="; ".join(filter(None, [goal.reason, note])))
            judged.append(goal)
        report.goals = judged
        n = undated.get(None, {}).get(None) or max(sum(c.values()) for c in undated.values())
        if any(g.reason and "with a blank date left out" in g.reason for g in report.goals):
            rows = "1 row has" if n == 1 else f"{n:,} rows have"
            report.warnings.append(
                f"{rows} a blank date: left out of the goals with dates (the KPI table counts them); "
                "fill the dates in to count them in the goals"
            )
    report.meta["goals"] = gl.to_records(report.goals, symbol_for(report.currency))
    report.meta["goals_file"] = str(goal_set.path)


def too_many_groups(dims: Sequence[str], period: str | None, limit: int, count: int | None = None) -> str:
    """Why a table of so many groups is refused, and what to do instead (`max_groups`).
    `count`: the groups found so far (reading stops at the batch that passes the limit)."""
    many = f"more than {limit:,}" if count is None else f"at least {count:,}"
    return (
        f"--by {','.join(dims)} gives {many} groups, more than a table shows ({limit:,} at most); "
        "add --sort KPI --top N (e.g. --sort cpe --top 50), write them all with -f csv, json or "
        "ndjson, or group more coarsely"
        + (" (--period week)" if "date" in dims and period in (None, "day") else "")
    )


def _unmatched_post_ids(sources: Sequence[Source]) -> list[str]:
    """A file naming posts by number (Meta's `Post ID`) beside one naming them by Instagram
    link (a tracker's `Post URL`): an Instagram media ID is not its link's shortcode, so kpi
    cannot tell that both list the same post, and counts it twice (its figures too)."""
    numbers = next((s for s in sources if s.post_style == "number"), None)
    links = next((s for s in sources if s.post_style == "instagram"), None)
    if numbers is None or links is None:
        return []
    column = numbers.columns.mapped["post_id"]
    link = next((h for h in numbers.headers if h != column and _LINK_HEADER.search(h)), None)
    fix = (
        f"--map '{link}=post_id' reads {numbers.name}'s links instead"
        if link is not None
        else f"score {numbers.name} and {links.name} apart if they list the same posts"
    )
    return [
        f"{numbers.name} names posts by number ({quoted(column)}) and {links.name} by Instagram link: "
        "kpi cannot match the two, so a post in both files counts as two posts, its figures twice; " + fix
    ]


_LINK_HEADER = lazy_compile(r"permalink|\blink\b|\burl\b", re.IGNORECASE)


def _overlap_warning(later: str, earlier: str, rows: int, name: str, several: bool, ads: bool) -> str:
    """Two downloads of one report whose dates overlap (read/overlap.Overlap): `rows` of `later`
    on days `earlier` has, `name` one of their campaigns or creators."""
    counted = f"{rows:,} {'row' if rows == 1 else 'rows'}"
    if name:
        counted += f" (e.g. {quoted(printable(name))})" if several else f" of {quoted(printable(name))}"
    since = "also has purchases attributed since" if ads else "has each post's figures grown since"
    return (
        f"{later} has {counted} on days {earlier} also has, in the same layout: two downloads of one "
        f"report whose dates overlap? Those days are counted twice (a later download {since}); "
        "export the dates once, or score the files apart"
    )


def _reposted_warning(later: str, earlier: str, posts: int, post: str, figures: tuple[str, ...]) -> str:
    """The same posts listed once in each of two files on other dates (read/overlap.Reposted)."""
    named = [f.replace("_", " ") for f in figures]
    both = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return (
        f"{later} and {earlier} both list {posts:,} {'post' if posts == 1 else 'posts'} "
        + (f"(e.g. {quoted(printable(post))}), " if post else "")
        + "on other dates, each file listing each post once: a "
        "platform export and a tracker of the same posts? Each counts as one post, but its "
        f"figures ({both}) are counted twice; score the files apart, or keep each post in one file"
    )


def _rows_repeat(count: int) -> str:
    return f"{count:,} rows repeat" if count != 1 else "1 row repeats"


def report_currency(sources: Sequence[Source], options: ReadOptions) -> str | None:
    """The one currency of the inputs' money (None: not stated); two are an error."""
    if options.currency is not None:
        return options.currency
    found = {s.currency.code: s for s in sources if s.currency.code is not None}
    if len(found) > 1:
        (a, first), (b, second) = list(found.items())[:2]
        raise InputError(
            f"{first.name} is in {a} ({first.currency.source}) but {second.name} is in {b} "
            f"({second.currency.source}); score them apart, or give --currency if the figures are all in one "
            "(kpi converts no currency)"
        )
    return next(iter(found), None)


def _relabelled_currency(sources: Sequence[Source], options: ReadOptions) -> list[str]:
    """Say, even under -q, when --currency overrode the currency a file states: kpi converts
    nothing, so its amounts are added to the others as they are (€1 + $1 + £1 is `€3`)."""
    said = [f"{s.name} states {', '.join(f'{c} ({w})' for c, w in s.relabelled.items())}"
            for s in sources if s.relabelled]  # fmt: skip
    if not said:
        return []
    shown = "; ".join(said[:3]) + (f"; and {len(said) - 3:,} more files" if len(said) > 3 else "")
    return [
        f"--currency {options.currency}: {shown}; kpi converts no currency, so those amounts are "
        f"added to the others as they are and shown as {options.currency}; drop --currency and "
        "score each currency apart unless the figures really are all in "
        f"{options.currency}"
    ]


def _guessed_currency(sources: Sequence[Source], options: ReadOptions) -> list[str]:
    """Say, even under -q, when a file's currency is only a mark several currencies write
    (`kr`: Swedish, Norwegian, Danish, Icelandic), taken as one of them (audit E-7)."""
    if options.currency is not None:
        return []
    return [f"{s.name}: {s.currency.guess}" for s in sources if s.currency.guess]


def _fee_per_creator(sources: Sequence[Source], report: ScoreReport) -> list[str]:
    """Ask whether a fee the same on every post of each creator is a fee per creator
    copied onto each post (audit J-5; read/sniff._fee_per_creator finds the pattern): kpi
    sums it on every post, as the file writes it, and says what spend would be if not."""
    out: list[str] = []
    spend = report.total.kpi("total_spend").value
    posts = report.total.kpi("posts").value
    if spend is None:
        return out
    symbol = symbol_for(report.currency)

    def _exact(value: float) -> str:
        return fmt.money(value, symbol, exact=True)

    for source in sources:
        if not source.repeated_fee:
            continue
        header = quoted(source.columns.mapped["spend"])
        once = spend - sum(fee * (n - 1) for _, fee, n in source.repeated_fee)
        shown = ", ".join(
            f"{printable(name)} {_exact(fee)} on {n} posts" for name, fee, n in source.repeated_fee[:3]
        )
        more = f" and {len(source.repeated_fee) - 3} more" if len(source.repeated_fee) > 3 else ""
        per_post = f" (cost per post {fmt.money(once / posts, symbol)})" if posts else ""
        out.append(
            f"{source.name}: {header} is the same on every post of each of the "
            f"{len(source.repeated_fee)} creators with several posts ({shown}{more}): a fee per creator, "
            f"copied onto each post? kpi counts it on every post: spend {_exact(spend)}; "
            f"counted once per creator, spend would be {_exact(once)}{per_post}. "
            "If it is per creator, keep each fee on the creator's first post and write 0 on the others"
        )
    return out


def _unstated_currency(sources: Sequence[Source], currency: str | None, options: ReadOptions) -> list[str]:
    """Say so when a file with money states no currency and is counted in another file's."""
    stating = next((s for s in sources if s.currency.code is not None), None)
    if options.currency is None and currency is None:  # nobody says: read as dollars
        return [
            f"{s.name} states no currency, though it is written {how}: its money is shown as $ "
            "and judged on the USD bands; give --currency (EUR, GBP...) if it is not in US dollars"
            for s in sources
            if set(s.columns.mapped) & set(MONEY_COLUMNS) and (how := _foreign(s))
        ]
    if options.currency is not None or currency is None or stating is None:
        return []
    return [
        f"{s.name} states no currency: its money is counted as {currency}, as {stating.name} "
        f"states ({stating.currency.source}); give --currency if not"
        for s in sources
        if s.currency.code is None and set(s.columns.mapped) & set(MONEY_COLUMNS)
    ]


def _foreign(source: Source) -> str:
    """How a file is written where money is rarely US dollars (`in German`, `with decimal
    commas`), or "" when nothing says so."""
    match = source.columns.profile
    if match is not None and match.language != "English":
        return f"in {match.language}"
    return "with decimal commas" if source.decimal.mark == "," else ""


def stated_period(sources: Sequence[Source]) -> tuple[str, str] | None:
    """The reporting period the inputs state above their headers, spanning all of them."""
    periods = [s.period for s in sources if s.period is not None]
    if not periods:
        return None
    return min(p[0] for p in periods), max(p[1] for p in periods)


def reading_record(source: Source) -> dict[str, Any]:
    """How one input was read, for the JSON `reading` list and `kpi columns`."""
    match = source.columns.profile
    return {
        "file": source.name,
        "profile": None if match is None else {"id": match.profile.id, "name": match.describe(),
                                               "language": match.language},
        "encoding": source.describe_encoding(),
        "delimiter": source.delimiter,
        "header_row": source.header_row,
        "preamble": list(source.preamble),
        "period": None if source.period is None else {"start": source.period[0], "end": source.period[1]},
        "decimal": source.decimal.mark,
        "currency": source.currency.code,
        "currency_stated": sorted(source.relabelled) or None,  # what --currency overrode
        "dates": {column: {"style": style.describe(), "guessed": style.guessed, "why": style.why or None}
                  for column, style in source.dates.items()},
        "rows": source.rows,
        "dropped": [{"row": d.row, "label": d.label, "why": d.why} for d in source.dropped],
        "blank_rows": source.blank_rows,
        "duplicate_of": source.duplicate_of,
    }  # fmt: skip


# --------------------------------------------------------------------------- learning


def learn_files(
    names: Sequence[str],
    *,
    by: Sequence[str] = (),
    unit: str = "campaign",
    minimum: int = 8,
    options: ReadOptions | None = None,
    sources: list[Source] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Benchmark bands learned from past campaigns (`kpi benchmarks learn`): the document
    for a benchmarks file, and notes on what could not be learned.

    Each campaign (`unit="creator"`: each creator in each campaign) is one observation:
    its KPIs from its own sums, its dates from its own rows. `by` adds bands per tier,
    platform, format or campaign type for the campaigns that are all of one."""
    from kpi_cli import learn
    from kpi_cli.read.frames import read_all

    if unit not in ("campaign", "creator"):
        raise UsageError(f"--unit {unit}: use campaign or creator")
    scopes = list(by)
    for dim in scopes:
        if dim not in bm.SECTIONS:
            raise UsageError(f"--by {dim}: learn bands by {', '.join(bm.SECTIONS)}")
    options = options or ReadOptions()
    if sources is None:
        sources = open_sources(list(names), options=options)
    dims = ["campaign", "influencer"] if unit == "creator" else ["campaign"]
    available = set(available_dimensions(sources))
    missing = [d for d in dims if d not in available]
    if missing:  # named by file, as every other error of a file is
        lacking = [s.name for s in sources if missing[0] not in available_dimensions([s])] or [
            s.name for s in sources
        ]
        has = "it has" if len(sources) == 1 else "they have"
        raise UsageError(
            f"{', '.join(lacking)}: learning needs {'an' if missing[0][0] in 'aeiou' else 'a'} {missing[0]} "
            f"column (each {unit} is one observation); "
            f"{has} {', '.join(sorted(available)) or 'no dimension columns'}; add a {missing[0].title()} "
            f"column, or say which column it is with --map 'HEADER={missing[0]}'"
        )
    for dim in scopes:
        if dim not in available and not (dim == "tier" and "followers" in mapped_columns(sources)):
            raise UsageError(f"--by {dim}: no {dim} column in the files")
    counted = tuple(dict.fromkeys((*COUNTED_DIMENSIONS, *(d for d in scopes if d in available))))
    expected, folds = numeric_columns(sources), value_folds()
    aggs = [Aggregator(by=dims, counted=counted, expected=expected, folds=folds)]
    spans: dict[Any, list[Any]] = {}

    starts: list[tuple[str, dict[str, Any]]] = []  # each input's name, and the sums before it

    def reset() -> None:
        starts.clear()
        aggs[:] = [Aggregator(by=dims, counted=counted, expected=expected, folds=folds)]
        spans.clear()

    def consume(batch: Any) -> None:
        aggs[0].add(batch)
        if isinstance(batch, Frame):  # the spans by pandas' groupby (kpi learn, not a score run)
            batch = batch.to_pandas()
        # A file without the campaign (or creator) column has only unnamed rows, left out below.
        if "date" in batch.columns and all(d in batch.columns for d in dims):
            keys = [batch[d].astype(object) for d in dims]
            found = batch["date"].groupby(keys, dropna=False, observed=True).agg(["min", "max"])
            for key, (lo, hi) in zip(found.index, found.to_numpy(), strict=True):
                span = spans.setdefault(key, [lo, hi])
                span[0], span[1] = min(span[0], lo), max(span[1], hi)

    read_all(sources, consume, needed=Aggregator.needs([*dims, *scopes]), reset=reset)
    grouped = aggs[0].result()
    table = kpi_table(grouped)
    benches = bm.load()
    kpis = {k: (b.direction, b.unit) for k, b in benches.items() if k in table.kpis}
    observations = []
    unnamed = 0
    for i, key in enumerate(table.keys):
        parts = key if isinstance(key, tuple) else (key,)
        if any(p is None or p == BLANK or (isinstance(p, float) and p != p) for p in parts):
            unnamed += grouped.rows_at(i)  # rows of no campaign (or creator): not one of them
            continue
        scope = {}
        for dim in scopes:
            values = group_values(grouped, dim, i)
            if dim == "format":  # Reels and IG reel are one format
                values = tuple(dict.fromkeys(bm.format_key(v) for v in values))
            if len(values) == 1:
                scope[dim] = str(values[0])
        span = spans.get(key)
        start, end = (None, None) if span is None else (_day(span[0]), _day(span[1]))
        for j, kpi in enumerate(table.kpis):
            if kpi in kpis and table.known[j][i]:
                observations.append(learn.Observation(kpi, float(table.values[j][i]), scope, start, end))
    label = "your creators × campaigns" if unit == "creator" else "your campaigns"
    currency = report_currency(sources, options)
    doc, notes = learn.learn(observations, kpis, scopes, minimum, currency, label=label)
    if unnamed:
        what = "campaign or creator" if unit == "creator" else "campaign"
        notes.insert(0, f"{unnamed:,} row{'s' if unnamed != 1 else ''} with a blank {what} left out")
    return doc, notes


def mapped_columns(sources: Sequence[Source]) -> set[str]:
    """The canonical columns the inputs have (what a goals starter can ask of them)."""
    return {key for s in sources for key in s.columns.mapped}


def value_folds() -> dict[str, Fold]:
    """Values that count as one however written (Aggregator.folds), in every text column kpi
    groups on, by one rule (read.labels.value_key) in a file and across files, whatever the
    options: `Spring<NBSP>Launch` and `SPRING LAUNCH` are `Spring Launch`, `@Lena`, `lena`
    and her profile link one creator, `IG` Instagram, `Reels` the format reel, a post's link
    and its ID one post. Goals look names up by the same key."""
    from kpi_cli.read.labels import Identity

    return {dim: Identity(dim) for dim in _TEXT_DIMENSIONS}


_TEXT_DIMENSIONS = ("campaign", "platform", "influencer", "post_id", "format", "tier", "campaign_type")


def folded_warnings(folded: dict[str, list[tuple[str, str]]]) -> list[str]:
    """The lines that say which values were counted as another spelling of one."""
    lines = []
    for dim, pairs in folded.items():
        what = "creator" if dim == "influencer" else "post" if dim == "post_id" else dim.replace("_", " ")
        shown = ", ".join(f"{_spelt(a)} as {_spelt(b)}" for a, b in pairs[:3])
        more = f" and {len(pairs) - 3:,} more" if len(pairs) > 3 else ""
        lines.append(f"one {what} however it is written: counted {shown}{more}")
    return lines


def _spelt(text: str) -> str:
    """`text` quoted as a note names it; in escapes when an accent is written as two code
    points (`'Cafe\\u0301 Launch'`), which reads as the one-code-point spelling does."""
    import unicodedata

    if not unicodedata.is_normalized("NFC", text):
        return ascii(text)
    return quoted(printable(text))


def numeric_columns(sources: Sequence[Source]) -> frozenset[str]:
    """The numeric columns some input has: a file without one of them has it blank on
    every row (Aggregator.expected), so its rows leave that column's ratios."""
    return frozenset(mapped_columns(sources)).intersection(NUMERIC_COLUMNS)


def _day(value: Any) -> Any:
    """A date or datetime (numpy's, pandas', Python's) as a datetime.date; None for none."""
    if value is None:
        return None
    day = np.datetime64(value, "D")
    return None if np.isnat(day) else day.item()
