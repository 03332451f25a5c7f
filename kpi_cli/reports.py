"""Files to reports for `kpi lift` and `kpi retention`: read, compute, judge.

Like score.py for `kpi score`: the one place that wires the reader to the pure math
(brand.py, retention.py) and the benchmarks, and builds a ScoreReport so every output
format, `-o` and `--fail-on` work the same for all commands.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_cli import benchmarks as bm
from kpi_cli import brand, retention
from kpi_cli.columns import CLIENT_COLUMNS, DAILY_COLUMNS, ColumnSet
from kpi_cli.errors import KpiError, quoted
from kpi_cli.kpis import KpiValue
from kpi_cli.read.chunks import DATE_END
from kpi_cli.read.frames import read_all
from kpi_cli.read.sniff import open_sources
from kpi_cli.read.source import ReadOptions, Source
from kpi_cli.read.totals import SUMMED
from kpi_cli.read.vocab import normalise
from kpi_cli.score import (
    LIFT_LINES,
    LIFT_SCHEMA,
    RETENTION_LINES,
    RETENTION_SCHEMA,
    GroupResult,
    KpiResult,
    ScoreReport,
)


def judge_values(values: Sequence[KpiValue], benches: dict[str, bm.Benchmark]) -> list[KpiResult]:
    """KpiValues → KpiResults with verdict and band from the default bands of each KPI.

    Pass no benches for figures that are shown but not judged (the weekly series).
    """
    results = []
    for kv in values:
        bench = benches.get(kv.id)
        verdict = None
        edges: tuple[float, ...] = ()
        if bench is not None and kv.value is not None:
            judging = bm.judging(bench, bench.default)
            verdict = judging.verdict(float(kv.value))
            edges = judging.edges if verdict is None else ()
        results.append(KpiResult.of(kv, verdict, bench is not None))
        results[-1].edges = edges  # outside every band: shown on its side of their edges
    return results


def open_source(name: str, columns: ColumnSet, options: ReadOptions | None = None) -> Source:
    """Check one input (`-` = stdin) and map its headers for this kind of file."""
    (source,) = open_sources([name], columns=columns, options=options)
    return source


# Words of a header that may hold the column kpi did not find (for the --map it suggests),
# the likeliest first: a CRM's `Deal - Organization` names the client before its `Deal Name`.
_HINTS: dict[str, tuple[str, ...]] = {
    "client": ("client", "customer", "company", "organization", "organisation", "account", "brand",
               "contact", "name"),
    "period": ("period", "quarter", "month", "date", "year", "issued", "created"),
    "date": ("date", "day", "time"),
}  # fmt: skip
# ... and words (normalised) of a header that names something else: a deal's or an invoice's name is
# no client (suggested, it would make each deal a client of its own: 0 % retained, audit X).
_NOT_HINTS: dict[str, tuple[str, ...]] = {
    "client": ("dealname", "opportunity", "invoice", "project", "campaign", "owner", "manager", "title"),
}


def _guess(unread: list[str], col: str) -> str:
    """The unread header likeliest to hold `col`, for the --map an error suggests."""
    avoid = _NOT_HINTS.get(col, ())
    fit = [h for h in unread if not any(w in normalise(h) for w in avoid)]
    for word in _HINTS.get(col, (col,)):
        for header in fit:
            if word in normalise(header):
                return header
    return "HEADER"


def require(source: Source, needed: dict[str, str], error: type[KpiError], kind: str) -> None:
    """Refuse a file without a column `kind` needs (`needed`: column -> how to write it), naming
    the headers kpi did not read and the --map that reads one (as `kpi score` does, audit I-1)."""
    for col, example in needed.items():
        if col in source.columns.mapped:
            continue
        unread = source.columns.ignored
        if not unread:
            raise error(f"{source.name}: no {col} column; a {kind} needs {example}: add one")
        guess = _guess(unread, col)
        shown = ", ".join(quoted(h) for h in unread[:6]) + (", ..." if len(unread) > 6 else "")
        raise error(
            f"{source.name}: no {col} column; a {kind} needs {example}, and none of its headers "
            f"is read as one ({shown}); say which holds the {col} with --map '{guess}={col}'"
        )


def read_frame(source: Source) -> pd.DataFrame:
    """Read one file whole into canonical columns (index = spreadsheet rows).

    Daily series and client lists are small (a row per day or per client and period). The
    sums of what was read so far let the reader find a summary row by its figures, as for
    `kpi score`: a SUM row under the days with its date blank, an ads manager's summary
    above them (audit X).
    """
    batches: list[pd.DataFrame] = []

    def sums() -> dict[str, float]:
        out: dict[str, float] = {}
        for batch in batches:
            for column in SUMMED:
                if column in batch.columns and pd.api.types.is_numeric_dtype(batch[column]):
                    out[column] = out.get(column, 0.0) + math.fsum(batch[column].dropna())
        return out

    read_all([source], lambda frame: batches.append(frame.to_pandas()), reset=batches.clear, sums=sums)
    frame = pd.concat(batches) if len(batches) > 1 else batches[0]
    # In the file's order: the rows held back to be judged as summaries come back last.
    return frame.sort_index(kind="stable")


def _in_file(source: Source, run: Callable[[], Any]) -> Any:
    """Run pure math; its errors name no file, so prefix the file the user gave."""
    try:
        return run()
    except KpiError as exc:
        if str(exc).startswith("--"):  # about an option, not the file
            raise
        raise type(exc)(f"{source.name}: {exc}") from None


# --------------------------------------------------------------------------- lift

# The parts of the followers a page gained each day, by source: LinkedIn's page analytics
# export (Sponsored, Organic and Auto-invited followers, their sum `Total followers`), as its
# API's time-bound follower statistics give paid and organic follower gains per day
# (learn.microsoft.com, "Organization Follower Statistics").
_GAINS_BY_SOURCE = frozenset(
    {"organicfollowers", "sponsoredfollowers", "paidfollowers", "autoinvitedfollowers"}
)


def _no_gains_as_followers(source: Source) -> None:
    """Refuse a followers column that sits beside the day's gains by source: it is their sum,
    the followers gained that day, not the audience's size (read as one, a page gaining ~300
    a day showed 324 → 310 followers, growth −4.3 %, audit X)."""
    header = source.columns.mapped.get("followers")
    parts = [h.text for h in source.columns.headers if normalise(h.text) in _GAINS_BY_SOURCE]
    if header is None or not parts or normalise(header) in _GAINS_BY_SOURCE:
        return
    raise brand.SeriesError(
        f"{source.name}: column {quoted(header)} (followers) is the followers gained each day "
        f"({', '.join(quoted(p) for p in parts)} beside it are its parts, as LinkedIn's page "
        "analytics export writes them), not the follower count; growth needs the audience's size: "
        f"give a column of total followers per day, or --map '{header}=ignore' to leave it out"
    )


def build_lift_report(
    daily: pd.DataFrame,
    campaign: brand.Window,
    baseline: brand.Window,
    benches: dict[str, bm.Benchmark],
    *,
    baseline_given: bool = True,
    by_week: bool = False,
    files: Sequence[tuple[str, int]] = (),
    benchmarks_name: str = "shipped",
    notes: Sequence[str] = (),
) -> ScoreReport:
    """Campaign against baseline (the total) and, with `by_week`, every ISO week against the baseline.
    `notes` say how the file's rows became days (a day split over campaigns, summed)."""
    brand.check_windows(daily, campaign, baseline, baseline_given=baseline_given)
    total = GroupResult({}, "Campaign vs baseline", campaign.days + baseline.days,
                        judge_values(brand.lift_values(daily, campaign, baseline), benches))  # fmt: skip
    groups = []
    if by_week:
        for week, window_name, days in brand.weeks(baseline, campaign):
            values = brand.lift_values(daily, days, baseline)
            label = f"{week} {window_name} ({days.pretty()})"
            key = {"week": week, "window": window_name, "start": days.start.isoformat(),
                   "end": days.end.isoformat()}  # fmt: skip
            # Shown, not judged: the bands are for a whole campaign, and a baseline week
            # is the reference itself (it must not trip --fail-on).
            groups.append(GroupResult(key, label, days.days, judge_values(values, {})))
    first, last = min(baseline.start, campaign.start), max(baseline.end, campaign.end)
    return ScoreReport(
        files=list(files),
        rows=campaign.days + baseline.days,
        date_start=first.isoformat(),
        date_end=last.isoformat(),
        by=["week", "window", "start", "end"] if by_week else [],
        objective=None,
        benchmarks=benchmarks_name,
        total=total,
        groups=groups,
        group_count=len(groups),
        kpis=[k.id for k in total.kpis],  # its own KPIs, not the scorer's headline ones
        schema=LIFT_SCHEMA,
        lines_schema=LIFT_LINES,
        benches=benches,
        meta={
            "windows": {
                name: {"start": w.start.isoformat(), "end": w.end.isoformat(), "days": w.days}
                for name, w in (("baseline", baseline), ("campaign", campaign))
            }
            | {"baseline_default": not baseline_given},
            "notes": list(notes),
        },
    )


def lift_file(
    name: str,
    campaign: str,
    baseline: str | None = None,
    *,
    by_week: bool = False,
    benchmarks_file: Path | None = None,
    decimal: str | None = None,
    source: Source | None = None,
    options: ReadOptions | None = None,
) -> ScoreReport:
    """`kpi lift` end to end: a daily CSV and window texts (`2025-03-31..2025-04-27`) to a report."""
    campaign_window = brand.parse_window(campaign, "--campaign")
    given = None if baseline is None else brand.parse_window(baseline, "--baseline")
    benches = bm.load(benchmarks_file)
    if options is None:
        options = ReadOptions(decimal="," if decimal == "," else "." if decimal == "." else None)
    src = source or open_source(name, DAILY_COLUMNS, options)
    require(src, {"date": "a Date column with one row per day"}, brand.SeriesError, "daily series")
    _no_gains_as_followers(src)
    frame = read_frame(src)
    frame = frame.drop(columns=["date end"], errors="ignore")
    if DATE_END in frame.columns:  # where each row's period ends (Meta's `Reporting ends`), read as dates:
        if "start" in normalise(src.columns.mapped.get("date", "")):  # beside its `Reporting starts`
            frame = frame.rename(columns={DATE_END: "date_end"})
        else:  # beside a `Day` column, which is the row's day whatever the report's period
            frame = frame.drop(columns=[DATE_END])
    daily = _in_file(src, lambda: brand.prepare_daily(frame, src.columns.mapped))

    def default_baseline() -> brand.Window:
        # The campaign is checked against the data first: a window of year 1 or 9999 (a typo)
        # is named as outside the data, and no baseline is worked out from it.
        brand.check_covered(daily, campaign_window, "campaign")
        return brand.default_baseline(campaign_window)

    baseline_window = given if given is not None else _in_file(src, default_baseline)
    return _in_file(
        src,
        lambda: build_lift_report(
            daily,
            campaign_window,
            baseline_window,
            benches,
            baseline_given=baseline is not None,
            by_week=by_week,
            files=[(src.name, src.rows)],
            benchmarks_name=str(benchmarks_file) if benchmarks_file else "shipped",
            notes=[daily.attrs["split"]] if "split" in daily.attrs else [],
        ),
    )


# --------------------------------------------------------------------------- retention


def build_retention_report(
    clients: retention.ClientList,
    benches: dict[str, bm.Benchmark],
    *,
    files: Sequence[tuple[str, int]] = (),
    benchmarks_name: str = "shipped",
) -> ScoreReport:
    """One group per consecutive pair of periods; the total pools all pairs (or is the only pair)."""
    found = retention.pairs(clients)
    groups = []
    for pair in found:
        s, e = len(clients.clients[pair.first]), len(clients.clients[pair.second])
        key = {"from": pair.first.label, "to": pair.second.label}
        groups.append(GroupResult(key, pair.label, s + e, judge_values(pair.values, benches)))
    if len(groups) == 1:  # one pair: it is the total (so --fail-on does not count it twice)
        total = groups.pop()
    else:
        rows = sum(g.rows for g in groups)
        total = GroupResult({}, "All pairs (pooled)", rows, judge_values(retention.pooled(found), benches))
    return ScoreReport(
        files=list(files),
        rows=clients.rows,
        date_start=None,
        date_end=None,
        by=["from", "to"],
        objective=None,
        benchmarks=benchmarks_name,
        total=total,
        groups=groups,
        group_count=len(groups),
        kpis=[k.id for k in total.kpis],  # its own KPIs, not the scorer's headline ones
        schema=RETENTION_SCHEMA,
        lines_schema=RETENTION_LINES,
        benches=benches,
        meta={
            "period_kind": clients.kind,
            "periods": [
                {
                    "period": p.label,
                    "clients": sorted(clients.names[k] for k in clients.clients[p]),
                }
                for p in clients.periods
            ],
            "duplicate_rows": clients.duplicates,
            "skipped_rows": clients.skipped,
            "notes": retention.notes(clients),  # how periods and clients were formed
        },
    )


def retention_file(
    name: str,
    *,
    benchmarks_file: Path | None = None,
    source: Source | None = None,
    period: str | None = None,
) -> ScoreReport:
    """`kpi retention` end to end: a client list CSV to a report; `period` (month, quarter,
    year) groups the file's periods wider (dates are grouped into months without it)."""
    benches = bm.load(benchmarks_file)
    src = source or open_source(name, CLIENT_COLUMNS)
    header = src.columns.mapped.get("client", "client")
    weak = normalise(header) in CLIENT_COLUMNS.weak
    if weak:
        ledger = [h.text for h in src.columns.headers if normalise(h.text) in retention.LEDGER_HEADERS]
        if ledger:
            raise retention.ClientListError(
                f"{src.name}: column {quoted(header)} is a ledger account ({quoted(ledger[0])} "
                "beside it is an "
                "accounting column), not the client; name the client column with --map 'HEADER=client' "
                "(QuickBooks writes the customer under Name)"
            )
    needed = {
        "client": "a Client column",
        "period": "a Period (e.g. 2025-Q1) or date column, or each client's Start date and End date",
    }
    if "year" in src.columns.mapped or "start_date" in src.columns.mapped:
        del needed["period"]  # a Year column alone, or a roster's start dates, give the periods
    require(src, needed, retention.ClientListError, "client list")
    frame = read_frame(src)
    clients = _in_file(
        src,
        lambda: retention.client_list(
            frame, period, client_header=header, weak=weak, headers=src.columns.mapped
        ),
    )
    return build_retention_report(
        clients,
        benches,
        files=[(src.name, src.rows)],
        benchmarks_name=str(benchmarks_file) if benchmarks_file else "shipped",
    )
