"""The KPI math: sums per group, then every KPI of the funnel from those sums.

Pure pandas: no files, no printing. Ratios are always ratios of sums over the
group (never an average of row ratios), so the grain of the export does not change
the campaign figures. A KPI that cannot be computed is None with a reason; NaN and
inf never leave this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kpi_cli.columns import NUMERIC_COLUMNS

PHASES: tuple[str, ...] = ("awareness", "consideration", "conversion", "spend", "agency")
PHASE_TITLES: dict[str, str] = {
    "awareness": "Awareness",
    "consideration": "Consideration",
    "conversion": "Conversion",
    "spend": "Spend efficiency",
    "agency": "Agency",
}

TIERS: tuple[str, ...] = ("nano", "micro", "mid", "macro", "mega")
_TIER_EDGES = [0, 10_000, 100_000, 500_000, 1_000_000, np.inf]
ENGAGEMENT_PARTS: tuple[str, ...] = ("likes", "comments", "shares", "saves")


@dataclass(frozen=True)
class KpiDef:
    """One KPI: how analysts name it, where it sits in the funnel, and its formula."""

    id: str
    name: str
    phase: str
    unit: str  # count | percent | ratio | money
    formula: str


KPI_DEFS: tuple[KpiDef, ...] = (
    KpiDef("activated_influencers", "Activated influencers", "awareness", "count",
           "distinct influencers"),
    KpiDef("posts", "Posts", "awareness", "count", "rows (distinct post IDs when present)"),
    KpiDef("reach", "Reach", "awareness", "count", "Σ reach (upper bound on unique reach)"),
    KpiDef("impressions", "Impressions", "awareness", "count", "Σ impressions"),
    KpiDef("frequency", "Frequency", "awareness", "ratio", "Σ impressions / Σ reach"),
    KpiDef("video_completion_rate", "Video completion rate", "awareness", "percent",
           "Σ completed views / Σ views × 100"),
    KpiDef("views", "Views", "consideration", "count", "Σ views"),
    KpiDef("engagements", "Engagements", "consideration", "count",
           "Σ engagements, else Σ likes + comments + shares + saves"),
    KpiDef("engagement_rate", "Engagement rate", "consideration", "percent",
           "engagements / Σ impressions × 100"),
    KpiDef("engagement_rate_by_followers", "Engagement rate by followers", "consideration",
           "percent", "engagements / Σ followers × 100"),
    KpiDef("saves", "Saves", "consideration", "count", "Σ saves"),
    KpiDef("shares", "Shares", "consideration", "count", "Σ shares"),
    KpiDef("profile_visits", "Profile visits", "consideration", "count", "Σ profile visits"),
    KpiDef("clicks", "Clicks", "consideration", "count", "Σ link clicks"),
    KpiDef("ctr", "CTR", "consideration", "percent", "Σ clicks / Σ impressions × 100"),
    KpiDef("traffic", "Traffic (sessions)", "consideration", "count", "Σ sessions"),
    KpiDef("conversions", "Conversions", "conversion", "count", "Σ conversions"),
    KpiDef("conversion_rate", "Conversion rate (clicks)", "conversion", "percent",
           "Σ conversions / Σ clicks × 100"),
    KpiDef("session_conversion_rate", "Conversion rate (sessions)", "conversion", "percent",
           "Σ conversions / Σ sessions × 100"),
    KpiDef("code_uses", "Promo code uses", "conversion", "count", "Σ code uses"),
    KpiDef("revenue", "Revenue", "conversion", "money", "Σ revenue"),
    KpiDef("roas", "ROAS", "conversion", "ratio", "Σ revenue / Σ spend"),
    KpiDef("roi", "ROI", "conversion", "percent", "(Σ revenue − Σ spend) / Σ spend × 100"),
    KpiDef("total_spend", "Total spend", "spend", "money", "Σ spend"),
    KpiDef("cost_per_post", "Cost per post", "spend", "money", "Σ spend / posts"),
    KpiDef("cpm", "CPM", "spend", "money", "Σ spend / Σ impressions × 1,000"),
    KpiDef("rpm", "RPM", "spend", "money", "Σ revenue / Σ impressions × 1,000"),
    KpiDef("cpe", "CPE", "spend", "money", "Σ spend / engagements"),
    KpiDef("cpc", "CPC", "spend", "money", "Σ spend / Σ clicks"),
    KpiDef("cpa", "CPA", "spend", "money", "Σ spend / Σ conversions"),
)  # fmt: skip

# Before/after KPIs of a brand's daily series (`kpi lift`, math in brand.py).
LIFT_KPI_DEFS: tuple[KpiDef, ...] = (
    KpiDef("mentions_baseline", "Brand mentions, baseline", "awareness", "count",
           "Σ mentions over the baseline window"),
    KpiDef("mentions_campaign", "Brand mentions, campaign", "awareness", "count",
           "Σ mentions over the campaign window"),
    KpiDef("brand_mention_lift", "Brand mention lift", "awareness", "percent",
           "(mentions per day, campaign − baseline) / baseline × 100"),
    KpiDef("followers_start", "Followers at start", "awareness", "count",
           "followers the day before the campaign (else its first reported day)"),
    KpiDef("followers_end", "Followers at end", "awareness", "count",
           "followers on the last campaign day (else its last reported day)"),
    KpiDef("audience_growth_rate", "Audience growth rate", "awareness", "percent",
           "(followers at end − at start) / at start × 100"),
    KpiDef("revenue_baseline", "Revenue, baseline", "conversion", "money", "Σ revenue, baseline"),
    KpiDef("revenue_campaign", "Revenue, campaign", "conversion", "money", "Σ revenue, campaign"),
    KpiDef("marketing_spend_baseline", "Marketing spend, baseline", "conversion", "money",
           "Σ marketing spend, baseline"),
    KpiDef("marketing_spend_campaign", "Marketing spend, campaign", "conversion", "money",
           "Σ marketing spend, campaign"),
    KpiDef("mer_baseline", "MER, baseline", "conversion", "ratio",
           "Σ revenue / Σ marketing spend, baseline"),
    KpiDef("mer_campaign", "MER, campaign", "conversion", "ratio",
           "Σ revenue / Σ marketing spend, campaign"),
    KpiDef("mer_lift", "MER lift", "conversion", "percent",
           "(MER campaign − MER baseline) / MER baseline × 100"),
)  # fmt: skip

# Agency KPIs of a client list (`kpi retention`, math in retention.py).
RETENTION_KPI_DEFS: tuple[KpiDef, ...] = (
    KpiDef("clients_start", "Clients at start (S)", "agency", "count", "clients active in the first period"),
    KpiDef("clients_end", "Clients at end (E)", "agency", "count", "clients active in the second period"),
    KpiDef("clients_new", "New clients (N)", "agency", "count", "in the second period, not the first"),
    KpiDef("clients_lost", "Lost clients", "agency", "count", "in the first period, not the second"),
    KpiDef("clients_retained", "Retained clients", "agency", "count", "in both periods (E − N)"),
    KpiDef("client_retention_rate", "Client retention rate", "agency", "percent", "(E − N) / S × 100"),
)  # fmt: skip

KPI_BY_ID: dict[str, KpiDef] = {k.id: k for k in (*KPI_DEFS, *LIFT_KPI_DEFS, *RETENTION_KPI_DEFS)}

# The group of rows whose `by` column is empty (or absent from their file).
BLANK = "(blank)"

# Calendar periods for `--by date`: a day, an ISO week (Monday to Sunday), a month.
PERIODS: tuple[str, ...] = ("day", "week", "month")

# Cost KPIs: lower is better even when no benchmark says so (used to rank groups).
LOWER_IS_BETTER: frozenset[str] = frozenset({"cost_per_post", "cpm", "cpe", "cpc", "cpa"})

OBJECTIVES: dict[str, tuple[str, ...]] = {
    "awareness": ("reach", "impressions", "frequency", "cpm", "video_completion_rate"),
    "consideration": ("engagements", "engagement_rate", "saves", "shares", "ctr", "cpe"),
    "conversion": ("conversions", "conversion_rate", "cpa", "roas", "roi", "total_spend"),
}


def tier_from_followers(followers: pd.Series) -> pd.Series:
    """Creator tier by follower count: nano < 10k ≤ micro < 100k ≤ mid < 500k ≤ macro < 1M ≤ mega."""
    values = pd.to_numeric(followers, errors="coerce").astype("float64")
    tiers = pd.cut(values, bins=_TIER_EDGES, labels=list(TIERS), right=False)
    return tiers.astype("object").where(tiers.notna(), None)


def normalise_tier(tier: pd.Series) -> pd.Series:
    """`Micro`, `micro-influencer`, `Mid-tier` → micro / mid; unknown words stay as written."""
    text = tier.astype("object").where(tier.notna(), None)
    lowered = text.map(lambda t: None if t is None else str(t).strip().lower())
    for name in TIERS:
        lowered = lowered.map(lambda t, name=name: name if isinstance(t, str) and t.startswith(name) else t)
    return lowered


def period_label(dates: pd.Series, period: str = "day") -> pd.Series:
    """Label each date with its calendar period, so rows of one period group together.

    day → `2025-03-10`; week → ISO week `2025-W11` (Monday to Sunday, numbered in
    its ISO year, so 30 Dec 2024 is `2025-W01`); month → `2025-03`. The labels sort
    chronologically as text. Missing dates stay None. Only the distinct dates are
    formatted, which keeps this cheap on millions of rows.
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    codes, uniques = pd.factorize(pd.to_datetime(dates, errors="coerce"))
    days = pd.DatetimeIndex(uniques)
    if period == "day":
        labels = days.strftime("%Y-%m-%d")
    elif period == "month":
        labels = days.strftime("%Y-%m")
    else:
        iso = days.isocalendar()
        labels = pd.Index(
            [f"{int(y):04d}-W{int(w):02d}" for y, w in zip(iso["year"], iso["week"], strict=True)]
        )
    text = np.asarray([*labels, None], dtype=object)
    return pd.Series(text[codes], index=dates.index, dtype="object", name=dates.name)


# --------------------------------------------------------------------------- sums


@dataclass
class Aggregator:
    """Accumulates per-group sums batch by batch, so a file never has to fit in memory.

    `by` lists the dimension columns to group on (empty for campaign totals); a
    `date` key is bucketed into calendar `period`s (see `period_label`).
    """

    by: list[str] = field(default_factory=list)
    period: str = "day"
    _sums: list[pd.DataFrame] = field(default_factory=list)
    _distinct: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    columns: set[str] = field(default_factory=set)
    date_min: pd.Timestamp | None = None
    date_max: pd.Timestamp | None = None

    def add(self, batch: pd.DataFrame) -> None:
        """Fold one batch of canonical columns into the running sums."""
        if batch.empty:
            return
        self.columns.update(c for c in batch.columns if not c.startswith("_"))
        batch = self._with_tier(batch)
        keys = self._keys(batch)
        numeric = [c for c in NUMERIC_COLUMNS if c in batch.columns]
        frame = batch[numeric].copy()
        for col in numeric:
            frame[f"n_{col}"] = batch[col].notna().astype("int64")
        frame["rows"] = 1
        grouped = frame.groupby(keys, sort=False, observed=True, dropna=False)
        self._sums.append(grouped.sum(min_count=0))
        for dim in ("influencer", "post_id", "tier", "platform"):
            if dim in batch.columns:
                pairs = pd.DataFrame({**{str(k.name): k for k in keys}, dim: batch[dim]})
                self._distinct.setdefault(dim, []).append(pairs.dropna().drop_duplicates())
        if "date" in batch.columns:
            dates = batch["date"].dropna()
            if len(dates):
                lo, hi = dates.min(), dates.max()
                self.date_min = lo if self.date_min is None else min(self.date_min, lo)
                self.date_max = hi if self.date_max is None else max(self.date_max, hi)

    def _with_tier(self, batch: pd.DataFrame) -> pd.DataFrame:
        if "tier" in batch.columns:
            tier = normalise_tier(batch["tier"])
            if "followers" in batch.columns:
                tier = tier.where(tier.notna(), tier_from_followers(batch["followers"]))
        elif "followers" in batch.columns:
            tier = tier_from_followers(batch["followers"])
        else:
            return batch
        batch = batch.copy()
        batch["tier"] = tier
        return batch

    def _keys(self, batch: pd.DataFrame) -> list[pd.Series]:
        if not self.by:
            return [pd.Series(np.zeros(len(batch), dtype="int8"), index=batch.index, name="_all")]
        keys = []
        for col in self.by:
            if col not in batch.columns:  # one of several files lacks the column
                raw = pd.Series(None, index=batch.index, dtype="object")
            elif col == "date":
                raw = period_label(batch[col], self.period)
            else:
                raw = batch[col]
            key = raw.astype("object").where(raw.notna(), BLANK)
            keys.append(key.rename(col))
        return keys

    def result(self) -> GroupSums:
        """Combine the batches into one row of sums per group."""
        if not self._sums:
            raise ValueError("no rows were added")
        index_names = self.by or ["_all"]
        sums = pd.concat(self._sums).groupby(level=index_names, sort=False).sum(min_count=0)
        distinct: dict[str, pd.Series] = {}
        values: dict[str, pd.Series] = {}
        for dim, parts in self._distinct.items():
            pairs = pd.concat(parts).drop_duplicates()
            grouped = pairs.groupby(index_names, sort=False)[dim]
            distinct[dim] = grouped.nunique().reindex(sums.index, fill_value=0)
            if dim in ("tier", "platform"):
                values[dim] = grouped.agg(lambda s: tuple(sorted(map(str, s.unique()))))
                values[dim] = values[dim].reindex(sums.index)
        return GroupSums(
            sums=sums,
            distinct=distinct,
            values=values,
            columns=set(self.columns),
            by=list(self.by),
            date_min=self.date_min,
            date_max=self.date_max,
        )


@dataclass
class GroupSums:
    """Sums, non-missing counts and distinct counts, one row per group."""

    sums: pd.DataFrame
    distinct: dict[str, pd.Series]
    values: dict[str, pd.Series]  # the tiers / platforms seen in each group
    columns: set[str]
    by: list[str]
    date_min: pd.Timestamp | None = None
    date_max: pd.Timestamp | None = None

    @property
    def total_rows(self) -> int:
        return int(self.sums["rows"].sum())


# --------------------------------------------------------------------------- KPIs


@dataclass
class KpiValue:
    """One KPI of one group: a number or None with the reason, plus coverage notes."""

    id: str
    value: int | float | None
    reason: str | None = None
    missing: dict[str, int] = field(default_factory=dict)  # column -> rows missing
    notes: list[str] = field(default_factory=list)  # context for a computed value


class _Group:
    """Column sums of one group with the bookkeeping to explain gaps."""

    def __init__(self, gs: GroupSums, row: pd.Series, key: Any) -> None:
        self.gs, self.row, self.key = gs, row, key
        self.rows = int(row["rows"])

    def present(self, col: str) -> bool:
        return col in self.gs.columns and int(self.row.get(f"n_{col}", 0)) > 0

    def total(self, col: str) -> tuple[int | float | None, str | None]:
        if col not in self.gs.columns:
            return None, f"no {_label(col)} column"
        if int(self.row.get(f"n_{col}", 0)) == 0:
            return None, f"{_label(col)} blank in every row"
        return _py(self.row[col]), None

    def missing(self, *cols: str) -> dict[str, int]:
        out = {}
        for col in cols:
            if col in self.gs.columns:
                gap = self.rows - int(self.row.get(f"n_{col}", 0))
                if gap > 0:
                    out[col] = gap
        return out


def _label(col: str) -> str:
    return col.replace("_", " ")


def _py(value: Any) -> int | float:
    if isinstance(value, (np.integer, int)):
        return int(value)
    return float(value)


def _ratio(
    num: tuple[int | float | None, str | None],
    den: tuple[int | float | None, str | None],
    den_name: str,
    scale: float = 1.0,
) -> tuple[float | None, str | None]:
    if num[0] is None:
        return None, num[1]
    if den[0] is None:
        return None, den[1]
    if den[0] == 0:
        return None, f"{den_name} sum to 0"
    value = float(num[0]) / float(den[0]) * scale
    if not np.isfinite(value):
        return None, f"{den_name} too small to divide by"
    return value, None


def _engagements(g: _Group) -> tuple[tuple[int | float | None, str | None], tuple[str, ...]]:
    if g.present("engagements"):
        return g.total("engagements"), ("engagements",)
    parts = tuple(c for c in ENGAGEMENT_PARTS if g.present(c))
    if not parts:
        return (None, "no engagements, likes, comments, shares or saves column"), ()
    return (sum(_py(g.row[c]) for c in parts), None), parts


def _posts(g: _Group) -> tuple[int, str | None]:
    if "post_id" in g.gs.distinct:
        return int(g.gs.distinct["post_id"].get(g.key, 0)) or g.rows, None
    return g.rows, None


def _kpis_for_group(g: _Group) -> list[KpiValue]:
    out: list[KpiValue] = []

    def add(kpi: str, result: tuple[int | float | None, str | None], *cols: str) -> None:
        value, reason = result
        missing = g.missing(*cols) if value is not None else {}
        out.append(KpiValue(kpi, value, reason if value is None else None, missing))

    if "influencer" in g.gs.distinct:
        add("activated_influencers", (int(g.gs.distinct["influencer"].get(g.key, 0)), None))
    else:
        add("activated_influencers", (None, "no influencer column"))
    posts = _posts(g)
    add("posts", posts)
    add("reach", g.total("reach"), "reach")
    add("impressions", g.total("impressions"), "impressions")
    add("frequency", _ratio(g.total("impressions"), g.total("reach"), "reach"),
        "impressions", "reach")  # fmt: skip
    add("video_completion_rate",
        _ratio(g.total("completed_views"), g.total("views"), "views", 100.0),
        "completed_views", "views")  # fmt: skip
    add("views", g.total("views"), "views")
    eng, parts = _engagements(g)
    add("engagements", eng, *parts)
    add("engagement_rate", _ratio(eng, g.total("impressions"), "impressions", 100.0),
        *parts, "impressions")  # fmt: skip
    add("engagement_rate_by_followers", _ratio(eng, g.total("followers"), "followers", 100.0),
        *parts, "followers")  # fmt: skip
    for col in ("saves", "shares", "profile_visits", "clicks"):
        add(col, g.total(col), col)
    add("ctr", _ratio(g.total("clicks"), g.total("impressions"), "impressions", 100.0),
        "clicks", "impressions")  # fmt: skip
    add("traffic", g.total("sessions"), "sessions")
    add("conversions", g.total("conversions"), "conversions")
    add("conversion_rate", _ratio(g.total("conversions"), g.total("clicks"), "clicks", 100.0),
        "conversions", "clicks")  # fmt: skip
    add("session_conversion_rate",
        _ratio(g.total("conversions"), g.total("sessions"), "sessions", 100.0),
        "conversions", "sessions")  # fmt: skip
    add("code_uses", g.total("code_uses"), "code_uses")
    add("revenue", g.total("revenue"), "revenue")
    add("roas", _ratio(g.total("revenue"), g.total("spend"), "spend"), "revenue", "spend")
    rev, spend = g.total("revenue"), g.total("spend")
    net = (None, rev[1] or spend[1]) if rev[0] is None or spend[0] is None else (
        rev[0] - spend[0], None)  # fmt: skip
    add("roi", _ratio(net, spend, "spend", 100.0), "revenue", "spend")
    add("total_spend", spend, "spend")
    add("cost_per_post", _ratio(spend, (posts[0], None), "posts"), "spend")
    add("cpm", _ratio(spend, g.total("impressions"), "impressions", 1000.0),
        "spend", "impressions")  # fmt: skip
    add("rpm", _ratio(rev, g.total("impressions"), "impressions", 1000.0),
        "revenue", "impressions")  # fmt: skip
    add("cpe", _ratio(spend, eng, "engagements"), "spend", *parts)
    add("cpc", _ratio(spend, g.total("clicks"), "clicks"), "spend", "clicks")
    add("cpa", _ratio(spend, g.total("conversions"), "conversions"), "spend", "conversions")
    return out


def compute_kpis(gs: GroupSums) -> dict[Any, list[KpiValue]]:
    """Every KPI for every group, in the order of KPI_DEFS, keyed by the group key."""
    return {key: _kpis_for_group(_Group(gs, row, key)) for key, row in gs.sums.iterrows()}


def group_values(gs: GroupSums, dim: str, key: Any) -> tuple[str, ...]:
    """The distinct tiers or platforms seen in a group (for benchmark overrides)."""
    series = gs.values.get(dim)
    if series is None or key not in series.index:
        return ()
    found = series.loc[key]
    return found if isinstance(found, tuple) else ()


def score_frame(
    frame: pd.DataFrame, by: Iterable[str] = (), period: str = "day"
) -> dict[Any, list[KpiValue]]:
    """Convenience for notebooks: KPIs straight from a DataFrame of canonical columns."""
    agg = Aggregator(by=list(by), period=period)
    agg.add(frame)
    return compute_kpis(agg.result())
