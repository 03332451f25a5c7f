"""The start-up reference: DuckDB computing the figures `kpi score` reports, as a script.

    python bench/duckdb_small.py FILE

Reads FILE with ``read_csv_auto`` (every column as text), cleans the cells an export
writes (``"26,102"``, ``"$1,234.56"``, ``46.9K``, blanks), and prints kpi's total KPIs
as JSON: the sums, ``posts`` as the distinct count of post IDs, and each ratio over the
rows where both of its sides are known, as kpi defines it (the same as
``bench/run.py``'s styled reference). It knows the headers of the shipped sample and the
test fixtures only: a yardstick for `bench/startup.py`, not a second kpi.

Self-contained on purpose (stdlib + duckdb): importing bench/run.py would add its own
imports to the very start-up this script is the reference for.
"""

from __future__ import annotations

import json
import math
import sys
from decimal import Decimal

import duckdb

# Header as the fixtures and the sample write it -> kpi's field.
HEADERS = {
    "Date": "date",
    "Handle": "influencer",
    "Post ID": "post_id",
    "Followers": "followers",
    "Reach": "reach",
    "Post Impressions": "impressions",
    "Video Views": "views",
    "Completed Views": "completed_views",
    "Likes": "likes",
    "Comments": "comments",
    "Shares": "shares",
    "Saves": "saves",
    "Profile Visits": "profile_visits",
    "Link Clicks": "clicks",
    "Sessions": "sessions",
    "Purchases": "conversions",
    "Promo Code Uses": "code_uses",
    "Revenue (USD)": "revenue",
    "Amount Spent (USD)": "spend",
}
MONEY = ("revenue", "spend")
NUMBERS = tuple(f for f in HEADERS.values() if f not in ("date", "influencer", "post_id"))
SUMS = {  # KPI -> field
    "reach": "reach",
    "impressions": "impressions",
    "views": "views",
    "saves": "saves",
    "shares": "shares",
    "profile_visits": "profile_visits",
    "clicks": "clicks",
    "traffic": "sessions",
    "conversions": "conversions",
    "code_uses": "code_uses",
    "revenue": "revenue",
    "total_spend": "spend",
}
# KPI -> (numerator, denominator, scale, net), over the rows where both sides are known.
RATIOS = {
    "frequency": ("impressions", "reach", 1, False),
    "video_completion_rate": ("completed_views", "views", 100, False),
    "engagement_rate": ("eng", "impressions", 100, False),
    "engagement_rate_by_followers": ("eng", "followers", 100, False),
    "ctr": ("clicks", "impressions", 100, False),
    "conversion_rate": ("conversions", "clicks", 100, False),
    "session_conversion_rate": ("conversions", "sessions", 100, False),
    "roas": ("revenue", "spend", 1, False),
    "roi": ("revenue", "spend", 100, True),
    "cpm": ("spend", "impressions", 1000, False),
    "rpm": ("revenue", "impressions", 1000, False),
    "cpe": ("spend", "eng", 1, False),
    "cpc": ("spend", "clicks", 1, False),
    "cpa": ("spend", "conversions", 1, False),
}
NO_SPEND = ("roas", "roi", "cost_per_post", "cpm", "cpe", "cpc", "cpa")  # no figure if Σ spend = 0


def _clean(col: str, money: bool) -> str:
    """A text cell to a number: `$` and thousands commas off, K/M suffixes multiplied out;
    blank is NULL."""
    cell = f"upper(trim({col}))"
    bare = f"regexp_replace({cell}, '[$,KM ]', '', 'g')"
    scale = f"CASE WHEN {cell} LIKE '%K' THEN 1000 WHEN {cell} LIKE '%M' THEN 1000000 ELSE 1 END"
    value = f"TRY_CAST({bare} AS DECIMAL(18,2)) * {scale}"
    return value if money else f"CAST({value} AS BIGINT)"


def _known(field: str) -> str:
    return "eng_known" if field == "eng" else f"{field} IS NOT NULL"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def query(path: str, present: list[str]) -> str:
    have = {HEADERS[h]: h for h in present if h in HEADERS}
    cols = []
    for field in ("date", "influencer", "post_id", *NUMBERS):
        if field not in have:
            cols.append(f"NULL::{'DECIMAL(18,2)' if field in MONEY else 'BIGINT'} AS {field}")
            continue
        quoted = '"' + have[field].replace('"', '""') + '"'
        if field == "date":
            cols.append(f"TRY_CAST({quoted} AS DATE) AS date")
        elif field in ("influencer", "post_id"):
            cols.append(f"nullif(trim({quoted}), '') AS {field}")
        else:
            cols.append(f"{_clean(quoted, field in MONEY)} AS {field}")
    parts = ("likes", "comments", "shares", "saves")
    sums = [f"sum({f}) AS {k}" for k, f in SUMS.items()]
    ratios = []
    for kpi, (num, den, scale, net) in RATIOS.items():
        both = f"{_known(num)} AND {_known(den)}"
        n = f"sum({num}) FILTER (WHERE {both})"
        d = f"sum({den}) FILTER (WHERE {both})"
        top = f"({n} - {d})" if net else n
        figure = f"{top}::DOUBLE / nullif({d}::DOUBLE, 0) * {scale}"
        if kpi in NO_SPEND:
            figure = f"CASE WHEN sum(spend) = 0 THEN NULL ELSE {figure} END"
        ratios.append(f"{figure} AS {kpi}")
    return f"""
WITH r AS (
    SELECT {", ".join(cols)} FROM read_csv_auto({_literal(path)}, all_varchar = true)
), e AS (
    SELECT *, {" + ".join(f"coalesce({c}, 0)" for c in parts)} AS eng,
        {" OR ".join(f"{c} IS NOT NULL" for c in parts)} AS eng_known
    FROM r
)
SELECT count(*) AS rows, min(date) AS first_date, max(date) AS last_date,
    count(DISTINCT influencer) AS activated_influencers,
    count(DISTINCT post_id) AS posts,
    {", ".join(sums)},
    sum(eng) FILTER (WHERE eng_known) AS engagements,
    {", ".join(ratios)},
    CASE WHEN sum(spend) = 0 THEN NULL ELSE sum(spend)::DOUBLE / nullif(count(DISTINCT post_id), 0) END
        AS cost_per_post
FROM e
"""


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def main(path: str) -> int:
    con = duckdb.connect(":memory:")
    header = con.execute(f"SELECT * FROM read_csv_auto({_literal(path)}, all_varchar = true) LIMIT 0")
    present = [d[0] for d in header.description]
    cur = con.execute(query(path, present))
    names = [d[0] for d in cur.description]
    rec = dict(zip(names, cur.fetchone(), strict=True))  # type: ignore[arg-type]
    out = {
        "rows": rec.pop("rows"),
        "date_range": [rec.pop("first_date").isoformat(), rec.pop("last_date").isoformat()],
        "kpis": {k: _plain(v) for k, v in rec.items()},
    }
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
