"""From files to a scored report: read, sum, compute KPIs, judge them.

`build_report` is pure (sums + benchmarks → report); `score_files` is the one place
that wires the reader to the math, so the CLI and a notebook get the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpi_cli import benchmarks as bm
from kpi_cli import fmt
from kpi_cli.kpis import KPI_BY_ID, OBJECTIVES, Aggregator, GroupSums, compute_kpis, group_values
from kpi_cli.numbers import Decimal
from kpi_cli.reader import Source, open_sources, read_all


@dataclass
class KpiResult:
    """One KPI of one group, with everything every output format needs."""

    id: str
    name: str
    phase: str
    unit: str
    value: int | float | None
    display: str
    verdict: str | None = None
    band: bm.Verdict | None = None
    reason: str | None = None
    missing: dict[str, int] = field(default_factory=dict)
    primary: bool = False
    notes: list[str] = field(default_factory=list)  # context, e.g. which days a figure covers

    def note(self, rows: int) -> str:
        """Why a KPI is empty, or how much of the group its figure covers."""
        if self.reason:
            return self.reason
        parts = [f"{col.replace('_', ' ')} missing in {n:,} of {rows:,} rows"
                 for col, n in self.missing.items()]  # fmt: skip
        return "; ".join([*parts, *self.notes])


@dataclass
class GroupResult:
    key: dict[str, str]
    label: str
    rows: int
    kpis: list[KpiResult]

    def kpi(self, kpi_id: str) -> KpiResult:
        return next(k for k in self.kpis if k.id == kpi_id)


@dataclass
class ScoreReport:
    files: list[tuple[str, int]]  # (name, data rows)
    rows: int
    date_start: str | None
    date_end: str | None
    by: list[str]
    objective: str | None
    benchmarks: str
    total: GroupResult
    groups: list[GroupResult] = field(default_factory=list)
    schema: str = "kpi.score/1"
    meta: dict[str, Any] = field(default_factory=dict)  # extra top-level JSON fields of a schema

    @property
    def group_title(self) -> str:
        """Header of the group column in breakdowns, e.g. `Influencer · Platform`."""
        return " · ".join(col.replace("_", " ").capitalize() for col in self.by) or "Group"


def _judge(
    benches: dict[str, bm.Benchmark], kpi_id: str, value: float | None, tiers: Any, platforms: Any
) -> bm.Verdict | None:
    bench = benches.get(kpi_id)
    if bench is None or value is None:
        return None
    return bm.judge(bench, float(value), bench.pick(tiers, platforms))


def _group(
    gs: GroupSums,
    key: Any,
    values: list[Any],
    benches: dict[str, bm.Benchmark],
    objective: str | None,
    label: str,
    key_dict: dict[str, str],
) -> GroupResult:
    tiers = group_values(gs, "tier", key)
    platforms = group_values(gs, "platform", key)
    primary = set(OBJECTIVES.get(objective or "", ()))
    results = []
    for kv in values:
        d = KPI_BY_ID[kv.id]
        verdict = _judge(benches, kv.id, kv.value, tiers, platforms)
        results.append(
            KpiResult(
                id=kv.id,
                name=d.name,
                phase=d.phase,
                unit=d.unit,
                value=kv.value,
                display=fmt.value(kv.value, d.unit),
                verdict=verdict.verdict if verdict else None,
                band=verdict,
                reason=kv.reason
                or (None if verdict or kv.value is None or kv.id not in benches else "outside every band"),
                missing=kv.missing,
                primary=kv.id in primary,
            )
        )
    if objective:
        order = OBJECTIVES[objective]
        results.sort(key=lambda r: (0, order.index(r.id)) if r.primary else (1, 0))
    rows = gs.rows_of(key)
    return GroupResult(key_dict, label, rows, results)


def build_report(
    total: GroupSums,
    grouped: GroupSums | None,
    benches: dict[str, bm.Benchmark],
    *,
    files: Sequence[tuple[str, int]] = (),
    objective: str | None = None,
    benchmarks_name: str = "shipped",
) -> ScoreReport:
    """Judge every KPI of the total (and of each group when there is a breakdown)."""
    total_kpis = compute_kpis(total)
    ((total_key, total_values),) = total_kpis.items()
    total_result = _group(total, total_key, total_values, benches, objective, "Total", {})
    groups = []
    if grouped is not None:
        for key, values in compute_kpis(grouped).items():
            parts = key if isinstance(key, tuple) else (key,)
            key_dict = {col: str(v) for col, v in zip(grouped.by, parts, strict=True)}
            label = " · ".join(key_dict.values())
            groups.append(_group(grouped, key, values, benches, objective, label, key_dict))
    return ScoreReport(
        files=list(files),
        rows=total.total_rows,
        date_start=None if total.date_min is None else total.date_min.strftime("%Y-%m-%d"),
        date_end=None if total.date_max is None else total.date_max.strftime("%Y-%m-%d"),
        by=list(grouped.by) if grouped is not None else [],
        objective=objective,
        benchmarks=benchmarks_name,
        total=total_result,
        groups=groups,
    )


def score_files(
    names: Sequence[str],
    *,
    by: Sequence[str] = (),
    objective: str | None = None,
    benchmarks_file: Path | None = None,
    decimal: Decimal | None = None,
    sources: list[Source] | None = None,
    progress: Callable[[Source, int], None] | None = None,
) -> ScoreReport:
    """Score CSV exports end to end; the entry point for notebooks and the CLI."""
    benches = bm.load(benchmarks_file)
    if sources is None:
        sources = open_sources(list(names))
    aggs = [Aggregator(by=list(by))]  # one pass gives the groups and the totals

    def reset() -> None:
        aggs[:] = [Aggregator(by=list(by))]

    def consume(batch: Any) -> None:
        aggs[0].add(batch)

    needed = Aggregator.needs(by)  # campaign, format, ...: not read unless grouped on
    read_all(sources, consume, needed=needed, decimal=decimal, progress=progress, reset=reset)
    total = aggs[0].total()
    grouped = aggs[0].result() if by else None
    return build_report(
        total,
        grouped,
        benches,
        files=[(s.name, s.rows) for s in sources],
        objective=objective,
        benchmarks_name=str(benchmarks_file) if benchmarks_file else "shipped",
    )
