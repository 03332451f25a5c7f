"""Files whose rows are not posts add no posts (audit c #6, audit q #7.3).

SPEC counts a row without a post ID as a post: right for a tracker kept without IDs,
wrong for an ads manager (its rows are campaigns, ad sets or ads, by day or not: Meta's
Marketing API has those three levels), a YouTube Studio tab other than Content (days,
traffic sources: YouTube Analytics groups views by day or by traffic source type) or a
fee sheet (one row per creator, money as its only figure). Such rows add no posts; the
spend stays in cost per post's numerator ("the spend of rows that are not posts ...
stay in"). With no file that counts posts, Posts and Cost per post have no figure,
with the reason. Bands (benchmarks.yaml, cost_per_post, no tier): good $100–$500, poor
from $500. Every figure is worked out by hand below.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.read.profiles import registry
from kpi_cli.score import score_files

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures" / "exports"

# Audit c's m1: a tracker of three posts (IDs) and fees, and a TikTok Ads daily export.
TRACKER = (
    "Creator,Platform,Post URL,Post Date,Impressions,Likes,Comments,Fee\n"
    "@lena.styles,Instagram,https://www.instagram.com/p/DGx1aAaA1/,2025-03-03,12000,640,31,$500.00\n"
    "@ana.cooks,Instagram,https://www.instagram.com/p/DHb2bBbB2/,2025-03-08,8700,455,38,$400.00\n"
    "@marco_fit,TikTok,https://www.tiktok.com/@marco_fit/video/7481234567890123456,2025-03-05,40200,2210,95,"
    "$800.00\n"
)
TIKTOK_ADS = (
    "By Day,Campaign name,Cost,Impressions,Clicks (destination),Video views\n"
    "2025-03-05,Spark Ads - marco_fit,150.40,52000,410,30100\n"
    "2025-03-06,Spark Ads - marco_fit,162.10,55800,455,31900\n"
    "2025-03-07,Spark Ads - marco_fit,140.00,49900,380,28800\n"
)
TIKTOK_REASON = (
    "no post IDs: TikTok Ads Manager rows are campaigns, ad groups or ads (or their days), not posts"
)
# Audit c's p4: five TikTok videos with IDs, and a fee sheet of one row per creator.
CONTENT = (
    "Creator,Video ID,Post time,Video views,Likes,Comments,Shares\n"
    "@lena.styles,7481234567890123456,2025-03-03,52000,4100,120,88\n"
    "@lena.styles,7481299967890123456,2025-03-10,31000,2200,75,40\n"
    "@marco_fit,7482234567890123456,2025-03-05,88000,7300,310,150\n"
    "@marco_fit,7482299967890123456,2025-03-12,64000,5100,190,95\n"
    "@ana.cooks,7483234567890123456,2025-03-08,21000,1500,60,22\n"
)
FEES = "Creator,Fee\n@lena.styles,1200\n@marco_fit,1800\n@ana.cooks,600\n"
FEE_REASON = "no post IDs: rows without reach, views or interactions (fees, sales, visits) are not posts"


def _score(*args: Any) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["score", *map(str, args), "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def _kpi(report: dict[str, Any], kpi: str, group: str | None = None) -> dict[str, Any]:
    if group is None:
        return dict(report["total"]["kpis"][kpi])
    (found,) = [g for g in report["groups"] if g["label"] == group]
    return dict(found["kpis"][kpi])


def test_a_tiktok_ads_export_beside_a_tracker_adds_no_posts(write: Any) -> None:
    # Posts: the tracker's 3 IDs (the 3 ad days are no posts; kpi said 6). Spend: 500 + 400 +
    # 800 + 150.40 + 162.10 + 140.00 = 2,152.50; / 3 = $717.50, poor (kpi said $358.75, good).
    report, stderr = _score(write(TRACKER, "tracker.csv"), write(TIKTOK_ADS, "tiktok_ads.csv"))
    assert _kpi(report, "posts")["value"] == 3
    assert _kpi(report, "total_spend")["value"] == pytest.approx(2152.50)
    cpp = _kpi(report, "cost_per_post")
    assert cpp["value"] == pytest.approx(2152.50 / 3) == pytest.approx(717.50)
    assert cpp["verdict"] == "poor"
    assert "no post ID:" not in stderr  # the ads rows have no IDs to lack
    assert f"tiktok_ads.csv: {TIKTOK_REASON}; its 3 rows add no posts" in stderr


def test_a_fee_sheet_beside_videos_with_ids_adds_no_posts(write: Any) -> None:
    # Posts: the 5 video IDs (kpi said 8). Spend 1,200 + 1,800 + 600 = 3,600; / 5 = $720, poor.
    report, stderr = _score(write(CONTENT, "content.csv"), write(FEES, "fees.csv"))
    assert _kpi(report, "posts")["value"] == 5
    cpp = _kpi(report, "cost_per_post")
    assert cpp["value"] == pytest.approx(3600 / 5) == pytest.approx(720)
    assert cpp["verdict"] == "poor"
    assert f"fees.csv: {FEE_REASON}; its 3 rows add no posts" in stderr


def test_a_creator_paid_without_a_video_has_no_posts_in_a_breakdown(write: Any) -> None:
    # @zoe has a fee row and no video: no posts (kpi gave her 1, her fee row), no cost per post.
    # @lena: 2 videos, 1,200 / 2 = $600. The total: 5 videos, (3,600 + 500) / 5 = $820.
    fees = FEES + "@zoe,500\n"
    report, _ = _score(write(CONTENT, "content.csv"), write(fees, "fees.csv"), "--by", "influencer")
    assert _kpi(report, "posts")["value"] == 5
    assert _kpi(report, "cost_per_post")["value"] == pytest.approx(4100 / 5)
    zoe = _kpi(report, "posts", "@zoe")
    assert zoe["value"] is None and zoe["reason"] == FEE_REASON
    assert _kpi(report, "cost_per_post", "@zoe")["value"] is None
    assert _kpi(report, "posts", "@lena.styles")["value"] == 2
    assert _kpi(report, "cost_per_post", "@lena.styles")["value"] == pytest.approx(1200 / 2)


def test_a_fee_sheet_alone_has_no_posts(write: Any) -> None:
    # Three creators' fees: no posts to count (kpi said 3 posts, $1,200 a post).
    report, _ = _score(write(FEES, "fees.csv"))
    posts, cpp = _kpi(report, "posts"), _kpi(report, "cost_per_post")
    assert posts["value"] is None and posts["reason"] == FEE_REASON
    assert cpp["value"] is None and cpp["reason"] == FEE_REASON
    assert _kpi(report, "total_spend")["value"] == 3600


def test_a_meta_ads_export_alone_has_no_posts() -> None:
    # Three campaigns (the blank-named summary row is dropped): no posts (kpi said 3, $133.33
    # a post, good). The rest as before: spend 150 + 200 + 50 = 400, impressions 10,000 +
    # 8,000 + 2,000 = 20,000, link clicks 120 + 80 + 20 = 220, purchases 6 + 10 + 1 = 17,
    # value 540 + 900 + 45 = 1,485.
    report, stderr = _score(FIXTURES / "meta_ads_en.csv")
    reason = "no post IDs: Meta Ads Manager rows are campaigns, ad sets or ads (or their days), not posts"
    for kpi in ("posts", "cost_per_post"):
        figure = _kpi(report, kpi)
        assert figure["value"] is None and figure["reason"] == reason and figure["verdict"] is None
    assert _kpi(report, "total_spend")["value"] == 400
    assert _kpi(report, "impressions")["value"] == 20000
    assert _kpi(report, "cpm")["value"] == pytest.approx(400 / 20000 * 1000)
    assert _kpi(report, "ctr")["value"] == pytest.approx(220 / 20000 * 100)
    assert _kpi(report, "cpa")["value"] == pytest.approx(400 / 17)
    assert _kpi(report, "roas")["value"] == pytest.approx(1485 / 400)
    assert "add no posts" not in stderr  # no file counts posts: the reason says it


def test_an_ads_export_beside_a_posts_column_adds_no_posts(write: Any) -> None:
    # impact.com's Content column: 3 + 2 + 4 = 9 posts; the 3 Meta campaigns add none (kpi
    # said 12). Spend 1,200 + 2,000 + 500 + 400 = 4,100; / 9 = $455.56.
    impact = (
        "Creator,Social Platform,Content,Impressions,Engagements,Total Cost\n"
        "Lena,Instagram,3,61000,4100,$1200.00\nJorg,TikTok,2,150000,9800,$2000.00\n"
        "Anja,Instagram,4,30000,2200,$500.00\n"
    )
    report, _ = _score(write(impact, "impact.csv"), FIXTURES / "meta_ads_en.csv")
    assert _kpi(report, "posts")["value"] == 9
    assert _kpi(report, "cost_per_post")["value"] == pytest.approx(4100 / 9)


def test_youtube_studio_date_tab_has_no_posts(write: Any) -> None:
    # Audit q #7.3: one row per day (2 days, kpi said 2 posts); views 6,000 + 9,000.
    tab = (
        "Date,Views,Watch time (hours),Subscribers,Impressions,Impressions click-through rate (%),"
        "Likes,Comments added,Shares\n"
        "Total,15000,120.5,25,60000,4.5,900,120,60\n"
        "2025-09-18,6000,50.1,12,24000,4.6,400,50,25\n"
        "2025-09-19,9000,70.4,13,36000,4.4,500,70,35\n"
    )
    report, _ = _score(write(tab, "Table data.csv"))
    posts = _kpi(report, "posts")
    assert posts["value"] is None
    assert posts["reason"] == (
        "no post IDs: YouTube Studio rows without a Content column are days, traffic sources, "
        "geographies or devices, not videos"
    )
    assert _kpi(report, "views")["value"] == 15000


def test_a_tracker_without_ids_still_counts_its_rows(write: Any) -> None:
    # A tracker kept without post IDs: each row is a post (3), $1,700 / 3 = $566.67. Beside
    # the TikTok Ads days: still 3 posts, (1,700 + 452.50) / 3 = $717.50 (kpi said 6), and
    # no "rows have no post ID" note: no file has IDs.
    tracker = (
        "Creator,Platform,Post Date,Impressions,Likes,Comments,Fee\n"
        "@lena.styles,Instagram,2025-03-03,12000,640,31,$500.00\n"
        "@ana.cooks,Instagram,2025-03-08,8700,455,38,$400.00\n"
        "@marco_fit,TikTok,2025-03-05,40200,2210,95,$800.00\n"
    )
    path = write(tracker, "tracker.csv")
    alone, _ = _score(path)
    assert _kpi(alone, "posts")["value"] == 3
    assert _kpi(alone, "cost_per_post")["value"] == pytest.approx(1700 / 3)
    both, stderr = _score(path, write(TIKTOK_ADS, "tiktok_ads.csv"))
    assert _kpi(both, "posts")["value"] == 3
    assert _kpi(both, "cost_per_post")["value"] == pytest.approx(2152.50 / 3)
    assert "no post ID:" not in stderr


def test_by_platform_an_ads_group_has_no_posts(write: Any) -> None:
    # The audit pair by platform: Instagram 2 posts, (500 + 400) / 2 = $450; TikTok: marco's
    # post (1) and the ad days (none): (800 + 452.50) / 1 = $1,252.50 (kpi said 4 posts).
    report, _ = _score(write(TRACKER, "tracker.csv"), write(TIKTOK_ADS, "tiktok_ads.csv"), "--by", "platform")
    assert _kpi(report, "posts", "Instagram")["value"] == 2
    assert _kpi(report, "cost_per_post", "Instagram")["value"] == pytest.approx(900 / 2)
    assert _kpi(report, "posts", "TikTok")["value"] == 1
    assert _kpi(report, "cost_per_post", "TikTok")["value"] == pytest.approx(1252.50)
    # A tracker of Instagram posts only: the TikTok group is ad days alone: no posts, and the
    # tracker's group its 3 (kpi said 3 for TikTok, $150.83 a post).
    instagram = TRACKER.replace("TikTok,https://www.tiktok.com/@marco_fit/video/7481234567890123456",
                                "Instagram,https://www.instagram.com/p/DIc3cCcC3/")  # fmt: skip
    report, _ = _score(write(instagram, "ig.csv"), write(TIKTOK_ADS, "tiktok_ads.csv"), "--by", "platform")
    assert _kpi(report, "posts", "Instagram")["value"] == 3
    assert _kpi(report, "cost_per_post", "Instagram")["value"] == pytest.approx(1700 / 3)
    tiktok = _kpi(report, "posts", "TikTok")
    assert tiktok["value"] is None and tiktok["reason"] == TIKTOK_REASON
    assert _kpi(report, "cost_per_post", "TikTok")["value"] is None
    assert _kpi(report, "posts")["value"] == 3
    assert _kpi(report, "cost_per_post")["value"] == pytest.approx(2152.50 / 3)


@pytest.mark.parametrize(
    "pid",
    ["meta_ads", "tiktok_ads", "google_ads", "linkedin_ads", "pinterest_ads", "snapchat_ads", "x_ads",
     "google_marketing_platform", "google_analytics", "youtube_studio", "tiktok_studio"],
)  # fmt: skip
def test_ads_and_analytics_profiles_say_their_rows_are_not_posts(pid: str) -> None:
    text = registry().profiles[pid].not_posts
    assert text is not None and text.endswith(("not posts", "not videos"))


@pytest.mark.parametrize("pid", ["generic", "influencer_tracker", "meta_business_suite", "linkedin_page"])
def test_post_level_profiles_count_rows_as_posts(pid: str) -> None:
    assert registry().profiles[pid].not_posts is None


def test_spend_beside_columns_kpi_cannot_read_is_still_a_tracker(write: Any) -> None:
    # Audit a's Dutch tracker: kpi reads Kosten (spend) but not Weergaven / Klikken (views,
    # clicks): its rows may be posts with figures kpi cannot read, so they stay posts (3),
    # $1,300 / 3 = $433.33.
    tracker = (
        "Datum;Influencer;Weergaven;Klikken;Kosten\n3-mrt-2025;@lena;12000;120;400,00\n"
        "14-mrt-2025;@marco;9000;80;400,00\n20-mrt-2025;@ana;7000;60;500,00\n"
    )
    report, _ = _score(write(tracker, "nl.csv"))
    assert _kpi(report, "posts")["value"] == 3
    assert _kpi(report, "cost_per_post")["value"] == pytest.approx(1300 / 3)


def test_a_shops_daily_sales_beside_a_roster_of_posts_adds_none(write_csv: Any) -> None:
    # Audit w #1: a roster saying 3 + 2 posts, with a shop's sales by day (2 days): the days
    # were 2 more posts, cost per post $1,500 / 7 = $214.29 "good"; right: $1,500 / 5 = $300.
    roster = write_csv("Creator,Posts,Impressions,Fee\n@lena,3,60000,900\n@max,2,30000,600\n", "roster.csv")
    sales = write_csv("Day,Orders,Net sales\n2025-03-01,12,480.00\n2025-03-02,8,320.00\n", "sales.csv")
    report = score_files([str(roster), str(sales)])
    assert report.total.kpi("posts").value == 3 + 2
    assert report.total.kpi("cost_per_post").value == pytest.approx((900 + 600) / 5)


def test_fee_rows_with_a_format_are_deliverables_and_count_as_posts(write_csv: Any) -> None:
    # Audit w #7: `Creator, Format, Fee` lists posts to be paid for (a Reel, a Story): rows.
    path = write_csv("Creator,Format,Fee\n@lena,Reel,500\n@lena,Story,200\n@max,Reel,300\n")
    report = score_files([str(path)])
    assert report.total.kpi("posts").value == 3
    assert report.total.kpi("cost_per_post").value == pytest.approx((500 + 200 + 300) / 3)


def test_pinterest_pins_are_posts(write_csv: Any) -> None:
    # Audit w #5: a Pinterest organic Pin report (recognised with the Ads profile) lists Pins,
    # which are posts: posts 3 by Pin ID, not "campaigns, not posts".
    text = (
        "Report Date,Pin ID,Pin Title,Pin Link,Impressions,Pin Clicks,Outbound Clicks,Saves\n"
        "2025-03-31,1122334455667788,Spring look,https://www.pinterest.com/pin/1122334455667788/,12000,300,120,80\n"
        "2025-03-31,1122334455667799,Summer look,https://www.pinterest.com/pin/1122334455667799/,8000,200,80,50\n"
        "2025-03-31,1122334455667700,Fall look,https://www.pinterest.com/pin/1122334455667700/,5000,100,40,20\n"
    )
    report = score_files([str(write_csv(text))])
    assert report.total.kpi("posts").value == 3
    assert report.total.kpi("impressions").value == 12000 + 8000 + 5000


def test_amazon_ads_report_days_are_not_posts_and_its_sales_are_read(write_csv: Any) -> None:
    # Audit w #4: a Sponsored Products report (headers as Amazon writes them, some ending in a
    # space) was read as a tracker: each day a post ($90 / 2 = $45 a post) and no revenue.
    text = (
        "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Impressions,Clicks,"
        "Click-Thru Rate (CTR),Cost Per Click (CPC),Spend,7 Day Total Sales ,"
        "Total Advertising Cost of Sales (ACOS) ,Total Return on Advertising Spend (ROAS),"
        "7 Day Total Orders (#),7 Day Total Units (#)\n"
        "2025-03-01,Creators,USD,Lena SP,Ad group 1,10000,100,1.0000%,$0.50,$50.00,$300.00,"
        "16.6667%,6.00,6,7\n"
        "2025-03-02,Creators,USD,Lena SP,Ad group 1,8000,80,1.0000%,$0.50,$40.00,$200.00,"
        "20.0000%,5.00,4,4\n"
    )
    report = score_files([str(write_csv(text))])
    kpi = report.total.kpi
    assert kpi("posts").value is None
    assert "Amazon Ads rows are campaigns" in str(kpi("posts").reason)
    assert kpi("revenue").value == pytest.approx(300 + 200)
    assert kpi("conversions").value == 6 + 4
    assert kpi("roas").value == pytest.approx(500 / 90)  # 5.56
    assert kpi("cpa").value == pytest.approx(90 / 10)  # $9.00
