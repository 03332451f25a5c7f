"""Generate ``campaign_posts.csv``, the sample export used by kpi's docs, demos and tests.

Real influencer-platform exports are messy: thousands separators, abbreviated counts
("12.3K"), dollar-formatted money, blank cells and "N/A" placeholders. This script fakes a
post-level export for one brand's spring campaign (14 creators, 164 posts) with exactly that
texture, so the parser and scorer can be exercised without any client data. It is seeded with
``random.Random(2025)``: rerunning it rewrites a byte-identical file next to this script.

Usage: python sample_data/make_sample.py
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sample_csv import write_rows  # next to this script

OUT = Path(__file__).with_name("campaign_posts.csv")
HEADERS = [
    "Date", "Campaign", "Platform", "Handle", "Creator Tier", "Post ID", "Format", "Followers",
    "Reach", "Post Impressions", "Video Views", "Completed Views", "Likes", "Comments", "Shares",
    "Saves", "Profile Visits", "Link Clicks", "Sessions", "Purchases", "Promo Code Uses",
    "Revenue (USD)", "Amount Spent (USD)",
]  # fmt: skip
START, DAYS = date(2025, 3, 3), 84  # posts fall on 2025-03-03 .. 2025-05-25
TEASER_FROM = date(2025, 5, 5)  # "Summer Teaser" posts start here

# handle, base follower count, platforms (main one first), number of posts
Creator = tuple[str, int, tuple[str, ...], int]
CREATORS: list[Creator] = [
    ("@tomas.tries", 6_850, ("TikTok",), 14),
    ("@bella.bareface", 8_420, ("Instagram",), 14),
    ("@routine.reggie", 18_750, ("YouTube",), 13),
    ("@mia.glows", 24_600, ("Instagram", "TikTok"), 13),
    ("@skinbyrosa", 41_300, ("Instagram",), 13),
    ("@noor.beauty", 67_900, ("TikTok",), 13),
    ("@priya.makeup", 88_200, ("Instagram",), 13),
    ("@dewy.daniela", 142_000, ("Instagram", "TikTok"), 12),
    ("@jadeskinfacts", 231_500, ("TikTok",), 12),
    ("@cleanbeautykai", 318_400, ("YouTube", "Instagram"), 12),
    ("@sunkissed.sam", 405_000, ("Instagram",), 12),
    ("@the.glow.lab", 612_000, ("YouTube",), 9),
    ("@glowupwithgabi", 847_000, ("TikTok", "Instagram"), 9),
    ("@lena.lumiere", 2_350_000, ("Instagram",), 5),
]
TIERS = [(1_000_000, "Mega"), (500_000, "Macro"), (100_000, "Mid"), (10_000, "Micro"), (0, "Nano")]
FEE = {"Nano": (40, 150), "Micro": (120, 600), "Mid": (500, 2_500), "Macro": (2_000, 8_000),
       "Mega": (8_000, 25_000)}  # fmt: skip
LIKE_RATE = {"Nano": (0.03, 0.06), "Micro": (0.025, 0.055), "Mid": (0.02, 0.045),
             "Macro": (0.015, 0.035), "Mega": (0.01, 0.025)}  # fmt: skip
CLICK_RATE = {"Nano": (0.01, 0.025), "Micro": (0.008, 0.022), "Mid": (0.005, 0.018),
              "Macro": (0.004, 0.014), "Mega": (0.003, 0.012)}  # fmt: skip
FORMATS = {"Instagram": (("Reel", "Story", "Post"), (5, 3, 2)),
           "TikTok": (("Video", "Live"), (17, 3)),
           "YouTube": (("Video", "Short"), (1, 1))}  # fmt: skip
STATIC = {"Post", "Story"}  # no video views for these
PREFIX = {"Instagram": "IG", "TikTok": "TT", "YouTube": "YT"}


def tier(followers: int) -> str:
    """Tier word for a follower count: nano < 10k <= micro < 100k <= mid < 500k <= macro < 1M."""
    return next(name for floor, name in TIERS if followers >= floor)


def money(cents: int) -> str:
    """Format cents the way exports do: ``$1,234.56``."""
    return f"${cents // 100:,}.{cents % 100:02d}"


def count(rng: random.Random, n: int) -> tuple[int, str]:
    """Return the reported value and its text; ~1 in 10 counts >= 1,000 is abbreviated.

    Counts in the millions are always abbreviated, as platform dashboards show them. Abbreviated
    values are first floored so the abbreviation is exact (12,300 -> "12.3K", 2,350,000 -> "2.35M").
    """
    if n < 1_000 or (n < 1_000_000 and rng.random() >= 0.1):
        return n, f"{n:,}"
    if n >= 1_000_000:
        n -= n % 10_000
        return n, f"{n / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    n -= n % 100
    return n, f"{n / 1_000:.1f}".removesuffix(".0") + "K"


def post(rng: random.Random, creator: Creator, growth: float) -> list[str]:
    """One post row (Post ID left empty); later metrics derive from the reported earlier ones."""
    handle, base, platforms, _ = creator
    day = rng.randrange(DAYS)
    when = START + timedelta(days=day)
    platform = platforms[0] if len(platforms) == 1 or rng.random() < 0.7 else platforms[1]
    names, weights = FORMATS[platform]
    fmt = rng.choices(names, weights)[0]
    followers, followers_txt = count(rng, round(base * (1 + growth * day / DAYS)))
    t = tier(followers)
    assert t == tier(base), handle  # follower growth must never move a creator across tiers
    reach_rate = rng.uniform(0.11, 0.22) if fmt == "Story" else rng.uniform(0.12, 0.40)
    reach, reach_txt = count(rng, round(followers * reach_rate))
    impressions, impressions_txt = count(rng, round(reach * rng.uniform(1.12, 1.8)))
    views_txt = completed_txt = ""
    if fmt not in STATIC:
        views, views_txt = count(rng, round(impressions * rng.uniform(0.55, 0.9)))
        completed_txt = count(rng, round(views * rng.uniform(0.22, 0.6)))[1]
    likes, likes_txt = count(rng, round(impressions * rng.uniform(*LIKE_RATE[t])))
    comments_txt = count(rng, round(likes * rng.uniform(0.02, 0.08)))[1]
    shares_txt = count(rng, round(impressions * rng.uniform(0.0005, 0.004)))[1]
    saves_txt = count(rng, round(impressions * rng.uniform(0.001, 0.008)))[1]
    visits_txt = count(rng, round(impressions * rng.uniform(0.004, 0.02)))[1]
    clicks, clicks_txt = count(rng, round(impressions * rng.uniform(*CLICK_RATE[t])))
    sessions, sessions_txt = count(rng, round(clicks * rng.uniform(0.6, 0.9)))
    purchases = round(sessions * rng.uniform(0.01, 0.05))
    promo = round(purchases * rng.uniform(0.3, 1.0))
    revenue = purchases * rng.randint(3_500, 8_000)  # average order value $35-$80, in cents
    lo, hi = FEE[t]
    campaign = "Summer Teaser" if when >= TEASER_FROM else "Spring Glow Launch"
    return [
        when.isoformat(), campaign, platform, handle, t, "", fmt, followers_txt, reach_txt,
        impressions_txt, views_txt, completed_txt, likes_txt, comments_txt, shares_txt, saves_txt,
        visits_txt, clicks_txt, sessions_txt, f"{purchases:,}", f"{promo:,}", money(revenue),
        money(rng.randint(lo * 100, hi * 100)),
    ]  # fmt: skip


def main() -> None:
    rng = random.Random(2025)
    rows: list[list[str]] = []
    for creator in CREATORS:
        growth = rng.uniform(0.005, 0.04)
        rows += [post(rng, creator, growth) for _ in range(creator[3])]
    rows.sort(key=lambda r: (r[0], r[3], r[2]))
    col = HEADERS.index
    for row, number in zip(rows, rng.sample(range(10**7, 10**8), len(rows)), strict=True):
        row[col("Post ID")] = f"{PREFIX[row[col('Platform')]]}-{number}"
    for name in ("Link Clicks", "Saves", "Sessions"):  # ~3 % unreported cells
        for i in rng.sample(range(len(rows)), round(0.03 * len(rows))):
            rows[i][col(name)] = ""
    placeholders = ("N/A", "-", "N/A", "-")
    for i, placeholder in zip(rng.sample(range(len(rows)), 4), placeholders, strict=True):
        rows[i][col("Profile Visits")] = placeholder
    write_rows(OUT, HEADERS, rows)


if __name__ == "__main__":
    main()
