"""What each KPI is: its name as analysts say it, its funnel phase, unit and formula.

Pure data, no pandas: the glossary (`kpi kpis`), shell completion and the benchmarks
file's validation need the KPIs without the cost of loading the maths (kpis.py).
"""

from __future__ import annotations

from typing import NamedTuple

PHASES: tuple[str, ...] = ("awareness", "consideration", "conversion", "spend", "agency")
PHASE_TITLES: dict[str, str] = {
    "awareness": "Awareness",
    "consideration": "Consideration",
    "conversion": "Conversion",
    "spend": "Spend efficiency",
    "agency": "Agency",
}

ENGAGEMENT_PARTS: tuple[str, ...] = ("likes", "comments", "shares", "saves")

# Figures are worked out in binary floating point: $450.54 / 10,012 impressions x 1,000
# is 45.00000000000001, not the $45.00 it is, and 900 / 100,000 x 100 is 0.8999999999999999.
# A figure this close to a band edge or a goal's target (relative to it) is on it.
EDGE_TOLERANCE = 1e-9


def snap(value: float, edges: tuple[float, ...]) -> float:
    """`value`, or the edge it is within floating-point error of (see EDGE_TOLERANCE)."""
    for edge in edges:
        if abs(value - edge) <= EDGE_TOLERANCE * max(1.0, abs(edge)):
            return edge
    return value


class KpiDef(NamedTuple):
    """One KPI: how analysts name it, where it sits in the funnel, and its formula."""

    id: str
    name: str
    phase: str
    unit: str  # count | percent | ratio | money
    formula: str


KPI_DEFS: tuple[KpiDef, ...] = (
    KpiDef("activated_influencers", "Activated influencers", "awareness", "count",
           "distinct influencers"),
    KpiDef("posts", "Posts", "awareness", "count",
           "Σ posts column (one row per creator), else distinct post IDs, else rows that are posts"),
    KpiDef("reach", "Reach", "awareness", "count", "Σ reach (upper bound on unique reach)"),
    KpiDef("impressions", "Impressions", "awareness", "count", "Σ impressions"),
    KpiDef("frequency", "Frequency", "awareness", "ratio", "Σ impressions / Σ reach"),
    KpiDef("video_completion_rate", "Video completion rate", "awareness", "percent",
           "Σ completed views / Σ views × 100"),
    KpiDef("views", "Views", "consideration", "count", "Σ views"),
    KpiDef("engagements", "Engagements", "consideration", "count",
           "Σ engagements, else likes + comments + shares + saves, row by row"),
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

# Money per unit (per post, per 1,000 impressions, per engagement, click or sale): written
# in full, `$1,653.44`, never `$1.65K`, because its cents are what a reader compares.
PER_UNIT_MONEY = frozenset({"cost_per_post", "cpm", "rpm", "cpe", "cpc", "cpa"})

KPI_BY_ID: dict[str, KpiDef] = {k.id: k for k in (*KPI_DEFS, *LIFT_KPI_DEFS, *RETENTION_KPI_DEFS)}


# The input columns each KPI is worked out from (kpis.py's plan, retention.py, brand.py).
# `column?` is optional: used when the export has it. `engagements` stands for the
# engagements column, else likes + comments + shares + saves.
INPUTS: dict[str, tuple[str, ...]] = {
    "activated_influencers": ("influencer",),
    "posts": ("posts?", "post_id?"),
    "reach": ("reach",),
    "impressions": ("impressions",),
    "frequency": ("impressions", "reach"),
    "video_completion_rate": ("completed_views", "views"),
    "views": ("views",),
    "engagements": ("engagements",),
    "engagement_rate": ("engagements", "impressions"),
    "engagement_rate_by_followers": ("engagements", "followers"),
    "saves": ("saves",),
    "shares": ("shares",),
    "profile_visits": ("profile_visits",),
    "clicks": ("clicks",),
    "ctr": ("clicks", "impressions"),
    "traffic": ("sessions",),
    "conversions": ("conversions",),
    "conversion_rate": ("conversions", "clicks"),
    "session_conversion_rate": ("conversions", "sessions"),
    "code_uses": ("code_uses",),
    "revenue": ("revenue",),
    "roas": ("revenue", "spend"),
    "roi": ("revenue", "spend"),
    "total_spend": ("spend",),
    "cost_per_post": ("spend", "posts?", "post_id?"),
    "cpm": ("spend", "impressions"),
    "rpm": ("revenue", "impressions"),
    "cpe": ("spend", "engagements"),
    "cpc": ("spend", "clicks"),
    "cpa": ("spend", "conversions"),
    "mentions_baseline": ("date", "mentions"),
    "mentions_campaign": ("date", "mentions"),
    "brand_mention_lift": ("date", "mentions"),
    "followers_start": ("date", "followers"),
    "followers_end": ("date", "followers"),
    "audience_growth_rate": ("date", "followers"),
    "revenue_baseline": ("date", "revenue"),
    "revenue_campaign": ("date", "revenue"),
    "marketing_spend_baseline": ("date", "marketing_spend"),
    "marketing_spend_campaign": ("date", "marketing_spend"),
    "mer_baseline": ("date", "revenue", "marketing_spend"),
    "mer_campaign": ("date", "revenue", "marketing_spend"),
    "mer_lift": ("date", "revenue", "marketing_spend"),
    **{k.id: ("client", "period") for k in RETENTION_KPI_DEFS},
}
