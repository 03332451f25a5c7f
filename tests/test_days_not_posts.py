"""Rows that are days of an account, or ads, are not posts (audit A-2, A-3, A-4, A-5).

The audit scored real exports of an account's daily series (TikTok Studio's Overview.csv,
YouTube Studio's Chart data.csv by subscription status, Meta Business Suite's Reach.csv)
as one post a day, and a Google Ads Ad report whose `Video ID` is ` --` on every search ad
as one post an ad ($7.80 a post, "excellent"). Headers and cell shapes below are the real
exports' (see the profiles' comments for the evidence); every figure is worked out by hand.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()

DAYS = "no post IDs: one row a day and nothing naming a post (no post ID, creator, campaign or title): " \
    "the rows are days of the account, not posts"  # fmt: skip
TIKTOK_DAYS = "no post IDs: TikTok Studio rows without a Video link are days of the whole account, not videos"
YOUTUBE_DAYS = (
    "no post IDs: YouTube Studio rows without a Content column are days, traffic sources, "
    "geographies or devices, not videos"
)
GOOGLE = "no post IDs: Google Ads rows are campaigns, ad groups, ads, keywords or days, not posts"


def _score(*args: Any) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["score", *map(str, args), "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def _kpi(report: dict[str, Any], kpi: str) -> dict[str, Any]:
    return dict(report["total"]["kpis"][kpi])


# Google Ads › Ads › Download (intragoinc/cp-mktg-google-ads-i's "Ad report"), cut to the
# columns that matter: responsive search ads, whose `Video ID` is ` --`.
AD_REPORT = (
    "Ad report\n"
    '"January 20, 2026 - January 21, 2026"\n'
    "Ad status,Final URL,Headline 1,Video ID,Ad group,Campaign,Currency code,Impr.,Cost,Conversions\n"
    "Enabled,https://ex.com/,Surface Cleaning Pros, --,Pressure Washing,Bay Area Pressure,USD,14,11.91,0.00\n"
    "Enabled,https://ex.com/,Wood Restoration, --,Pressure Washing,Bay Area Pressure,USD,4,11.94,0.00\n"
    "Enabled,https://ex.com/,Fix Worn Siding, --,Wood Siding Restoration,Bay Area Siding,USD,10,15.29,0.00\n"
)


def test_google_ads_ads_with_a_blank_video_id_are_not_posts(write: Any) -> None:
    # 3 ads (kpi said 3 posts, $13.05 a post "excellent"). Spend 11.91 + 11.94 + 15.29 =
    # 39.14, impressions 14 + 4 + 10 = 28, CPM 39.14 / 28 × 1,000 = $1,397.86.
    report, _ = _score(write(AD_REPORT, "Ad report.csv"))
    for kpi in ("posts", "cost_per_post"):
        figure = _kpi(report, kpi)
        assert figure["value"] is None and figure["reason"] == GOOGLE and figure["verdict"] is None
    assert _kpi(report, "total_spend")["value"] == pytest.approx(39.14)
    assert _kpi(report, "cpm")["value"] == pytest.approx(39.14 / 28 * 1000)


def test_google_ads_video_ads_are_not_posts_either(write: Any) -> None:
    # The same report for video ads, with YouTube IDs in `Video ID`: the video an ad runs, not
    # a creator's post (kpi said 2 posts).
    video = AD_REPORT.replace(" --,Pressure", "dQw4w9WgXcQ,Pressure", 1).replace(
        " --,Wood", "9bZkp7q19f0,Wood"
    )
    report, _ = _score(write(video, "Ad report.csv"))
    assert _kpi(report, "posts")["reason"] == GOOGLE


def test_a_post_id_column_blank_on_every_row_names_no_post(write: Any) -> None:
    # A fee sheet with an empty `Post ID` column: each blank ID was a post of its own (2
    # posts, $400 a post); without IDs it is fees: no posts. Spend 500 + 300 = 800.
    report, _ = _score(write("Creator,Post ID,Fee\n@lena,--,500\n@max,n/a,300\n", "fees.csv"))
    posts = _kpi(report, "posts")
    assert posts["value"] is None and "fees, sales, visits" in posts["reason"]
    assert _kpi(report, "total_spend")["value"] == 800
    columns = runner.invoke(
        app, ["columns", write("Creator,Post ID,Fee\n@lena,--,500\n", "f.csv"), "-f", "json"]
    )
    (doc,) = json.loads(columns.stdout)["files"]
    post_id = next(c for c in doc["columns"] if c["header"] == "Post ID")
    assert post_id["column"] is None and post_id["reason"] == "blank on every row ('--'): it names no post"
