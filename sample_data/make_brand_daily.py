"""Generate ``brand_daily.csv``, a brand's own daily series for ``kpi lift``.

One row per day from 2025-02-01 to 2025-04-30 with revenue, total marketing spend, brand
mentions and the brand account's follower count, written the way a BI or social-listening
export writes them: ``$12,345.67`` money, thousands separators and a few blank cells. An
influencer campaign runs 2025-03-31..2025-04-27 (four ISO weeks, W14-W17): creator fees
raise the spend, and revenue, mentions and follower growth rise more than the spend does,
ramping up as posts accumulate. The four weeks before it (2025-03-03..2025-03-30) are the
default baseline. Seeded with ``random.Random(2025)``: rerunning rewrites a byte-identical
file next to this script.

Usage: python sample_data/make_brand_daily.py
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sample_csv import write_rows  # next to this script

OUT = Path(__file__).with_name("brand_daily.csv")
HEADERS = ["Date", "Revenue (USD)", "Total marketing spend", "Brand mentions", "Follower count"]
FIRST, LAST = date(2025, 2, 1), date(2025, 4, 30)
CAMPAIGN = (date(2025, 3, 31), date(2025, 4, 27))
WEEKDAY_SALES = (0.92, 0.95, 0.97, 1.0, 1.08, 1.16, 1.06)  # Monday .. Sunday
BLANKS = {  # (day, column) left blank or written N/A, as exports do
    (date(2025, 2, 11), "Revenue (USD)"): "N/A",
    (date(2025, 3, 15), "Follower count"): "",
    (date(2025, 4, 9), "Brand mentions"): "",
}


def money(cents: int) -> str:
    """Format cents the way exports do: ``$1,234.56``."""
    return f"${cents // 100:,}.{cents % 100:02d}"


def campaign_strength(day: date) -> float:
    """0 outside the campaign; ramps from 0.5 to 1 over its first two weeks, then holds."""
    start, end = CAMPAIGN
    if not start <= day <= end:
        return 0.25 if end < day <= end + timedelta(days=3) else 0.0  # a short tail after it
    return min(1.0, 0.5 + (day - start).days / 28)


def main() -> None:
    rng = random.Random(2025)
    followers = 47_350
    rows = []
    day = FIRST
    while day <= LAST:
        boost = campaign_strength(day)
        season = WEEKDAY_SALES[day.weekday()]
        spend = rng.randint(245_000, 285_000) + round(boost * rng.randint(70_000, 90_000))
        revenue = round(spend * rng.uniform(3.05, 3.45) * season * (1 + 0.22 * boost))
        mentions = round(rng.randint(34, 52) * (1 + 1.5 * boost) * (1.1 if day.weekday() >= 5 else 1))
        followers += rng.randint(15, 40) + round(boost * rng.randint(170, 260))
        row = {
            "Date": day.isoformat(),
            "Revenue (USD)": money(revenue),
            "Total marketing spend": money(spend),
            "Brand mentions": f"{mentions:,}",
            "Follower count": f"{followers:,}",
        }
        for (blank_day, column), text in BLANKS.items():
            if blank_day == day:
                row[column] = text
        rows.append([row[h] for h in HEADERS])
        day += timedelta(days=1)
    write_rows(OUT, HEADERS, rows)


if __name__ == "__main__":
    main()
