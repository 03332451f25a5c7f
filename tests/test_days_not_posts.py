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
TIKTOK_DAYS = (
    "no post IDs: TikTok Studio rows without a video link or ID are days of the whole account, not videos"
)
YOUTUBE_DAYS = (
    "no post IDs: YouTube Studio rows without a Content column are days, traffic sources, "
    "geographies or devices, not videos"
)
MBS_DAYS = "no post IDs: a Meta Business Suite series (a title over Date, Primary) is the account's days"
GOOGLE = "no post IDs: Google Ads rows are campaigns, ad groups, ads, keywords or days, not posts"


def _kpi(report: dict[str, Any], kpi: str) -> dict[str, Any]:
    return dict(report["total"]["kpis"][kpi])


# TikTok Studio's Overview.csv (BossZY27/tiktok-analytics), first three days: BOM, every cell
# quoted, dates without a year.
OVERVIEW = (
    '"Date","Video Views","Profile Views","Likes","Comments","Shares"\n'
    '"April 12","1591","7","10","1","0"\n'
    '"April 13","1154","1","5","0","0"\n'
    '"April 14","1737","6","4","0","3"\n'
)


def test_tiktok_studio_overview_days_are_not_posts(write: Any, scored: Any) -> None:
    # Three days of the account (kpi said 3 posts). Views 1,591 + 1,154 + 1,737 = 4,482;
    # engagements (10 + 1 + 0) + (5 + 0 + 0) + (4 + 0 + 3) = 23; profile visits 7 + 1 + 6 = 14.
    path = write(OVERVIEW, "Overview.csv", bom=b"\xef\xbb\xbf")
    report, stderr = scored(path)  # its dates have no year: left out, and said
    assert "recognised as TikTok Studio export" in stderr
    assert "the dates in 'Date' have no year ('April 12', row 2, TikTok Studio" in report["warnings"][0]
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == TIKTOK_DAYS
    assert _kpi(report, "cost_per_post")["value"] is None
    assert _kpi(report, "views")["value"] == 1591 + 1154 + 1737
    assert _kpi(report, "engagements")["value"] == 23
    assert _kpi(report, "profile_visits")["value"] == 7 + 1 + 6
    # With its years written in: still days, and their range.
    dated = OVERVIEW.replace('"April 1', '"2025-04-1')
    report, _ = scored(write(dated, "Overview 2025.csv"))
    assert _kpi(report, "posts")["reason"] == TIKTOK_DAYS
    assert report["date_range"] == {"start": "2025-04-12", "end": "2025-04-14"}


def test_tiktok_studio_content_counts_videos_by_their_link(write: Any, scored: Any) -> None:
    # Content.csv (htupycollabs-spec/Analytics) twice, over overlapping weeks: 3 videos and 2,
    # one of them (…0002) in both. Posts: 4 distinct links (kpi read 5 rows as 5 posts,
    # `Video link` unread). Views are every row's, 1,000 + 2,000 + 3,000 + 2,500 + 4,000 =
    # 12,500, with the warning that a post is listed twice.
    head = (
        '"Time","Video title","Video link","Post time","Total likes","Total comments","Total shares",'
        '"Total views"\n'
    )
    link = "https://www.tiktok.com/@hailey/video/752762300047307900"
    first = write(
        head
        + f'"February 28","Unbrush #ad","{link}1","July 16","50","5","1","1000"\n'
        + f'"February 28","Lip gloss","{link}2","September 3","60","6","2","2000"\n'
        + f'"February 28","GRWM","{link}3","October 1","70","7","3","3000"\n',
        "Content.csv",
    )
    second = write(
        head
        + f'"March 7","Lip gloss","{link}2","September 3","65","6","2","2500"\n'
        + f'"March 7","Haul","{link}4","March 2","80","8","4","4000"\n',
        "Content 2.csv",
    )
    report, stderr = scored(first, second, "--map", "Post time=ignore")
    assert _kpi(report, "posts")["value"] == 4
    assert _kpi(report, "views")["value"] == 1000 + 2000 + 3000 + 2500 + 4000
    assert "1 row repeats the post ID of another row" in stderr


def test_youtube_chart_data_by_subscription_status_is_days(write: Any, scored: Any) -> None:
    # violetzq/MYCOMM599's Chart data.csv: a day a row (kpi said 2 posts). Views 27,985 + 25,806.
    report, stderr = scored(
        write("Date,Subscription status,Views\n2023-11-28,Subscribed,27985\n2023-11-29,Subscribed,25806\n",
              "Chart data.csv")
    )  # fmt: skip
    assert "recognised as YouTube Studio export" in stderr
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == YOUTUBE_DAYS
    assert _kpi(report, "views")["value"] == 27985 + 25806
    # Both statuses, each day twice: still no posts (kpi said 4).
    both = "Date,Subscription status,Views\n" + "".join(
        f"2023-11-2{d},{s},{v}\n" for d in (8, 9) for s, v in (("Subscribed", 100), ("Not subscribed", 50))
    )
    report, _ = scored(write(both, "Chart data (1).csv"))
    assert _kpi(report, "posts")["reason"] == YOUTUBE_DAYS
    assert _kpi(report, "views")["value"] == 2 * (100 + 50)


def test_meta_business_suite_series_reads_its_title_and_has_no_posts(write: Any, scored: Any) -> None:
    # Meta Business Suite › Insights › Export: UTF-16 LE with a BOM, `sep=,`, the figure named
    # on the title line, `"Date","Primary"` (LeonMpofu/Oigetit-Social-Media-Reports Reach.csv).
    # Each day's reach, 5, 14 and 9 people (kpi read no figure and 3 posts); not 5 + 14 + 9 = 28
    # over the three days (fixres): a person reached on two days is in both days' figures.
    series = (
        'sep=,\n"Facebook reach"\n"Date","Primary"\n'
        '"2025-01-01T01:00:00","5"\n"2025-01-02T01:00:00","14"\n"2025-01-03T01:00:00","9"\n'
    )
    path = write(series, "Reach.csv", encoding="utf-16-le", bom=b"\xff\xfe")
    report, stderr = scored(path)
    reach = _kpi(report, "reach")
    assert reach["value"] is None
    assert reach["reason"].startswith("'Primary' ('Facebook reach') is the people reached on each day")
    report, _ = scored(path, "--by", "date")
    assert [g["kpis"]["reach"]["value"] for g in report["groups"]] == [5, 14, 9]
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == MBS_DAYS
    assert "'Primary' named by the title line above the header ('Facebook reach')" in stderr
    # `Instagram link clicks` are link clicks: 407 + 370 = 777; `Content interactions` engagements.
    clicks = series.replace("Facebook reach", "Instagram link clicks").replace('"5"', '"407"')
    clicks = clicks.replace('"14"', '"370"').replace('"9"', '"0"')
    report, _ = scored(write(clicks, "Link clicks.csv", encoding="utf-16-le", bom=b"\xff\xfe"))
    assert _kpi(report, "clicks")["value"] == 407 + 370 + 0
    interactions = series.replace("Facebook reach", "Content interactions")
    report, _ = scored(write(interactions, "Interactions.csv", encoding="utf-16-le", bom=b"\xff\xfe"))
    assert _kpi(report, "engagements")["value"] == 5 + 14 + 9
    # --map decides over the title.
    result = runner.invoke(
        app, ["score", write(series, "Reach (1).csv"), "-f", "json", "--map", "Primary=impressions"]
    )
    assert json.loads(result.stdout)["total"]["kpis"]["impressions"]["value"] == 5 + 14 + 9


DAILY = "2025-03-01,1000,50,5\n2025-03-02,2000,80,8\n2025-03-03,1500,60,6\n"
CREATORS = "2025-03-01,@a,1000,50,5\n2025-03-02,@b,2000,80,8\n2025-03-03,@c,1500,60,6\n"
CAPTIONS = "2025-03-01,Spring drop,1000,50,5\n2025-03-02,Giveaway,2000,80,8\n2025-03-03,GRWM,1500,60,6\n"


def test_one_row_a_day_with_nothing_naming_a_post_is_days(write: Any, scored: Any) -> None:
    # An account's daily series from any tool: 3 days (kpi said 3 posts). Impressions
    # 1,000 + 2,000 + 1,500 = 4,500, engagements 55 + 88 + 66 = 209.
    report, _ = scored(write("Date,Impressions,Likes,Comments\n" + DAILY))
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == DAYS
    assert _kpi(report, "impressions")["value"] == 4500
    assert _kpi(report, "engagements")["value"] == 209


@pytest.mark.parametrize(
    "header, rows",
    [
        ("Post date,Impressions,Likes,Comments", DAILY),  # a post's date: a post a row
        ("Date,Creator,Impressions,Likes,Comments", CREATORS),
        ("Date,Caption,Impressions,Likes,Comments", CAPTIONS),
        ("Date,Impressions,Likes,Comments", DAILY.replace("2025-03-02", "2025-03-01")),  # two posts a day
        # Verify A V-1: a tracker's posts dated one a day but not every day (one a week), at a
        # time of day, with an unread post number, or on two platforms were "days of the account".
        ("Date,Impressions,Likes,Comments", DAILY.replace("03-02", "03-09").replace("03-03", "03-16")),
        ("Date,Impressions,Likes,Comments", DAILY.replace(",1", " 09:15,1").replace(",2", " 18:40,2")),
        (
            "Post #,Date,Impressions,Likes,Comments",
            "1," + DAILY.replace("\n2", "\n2,2").replace("\n2,2025-03-03", "\n3,2025-03-03"),
        ),
        (
            "Date,Platform,Impressions,Likes,Comments",
            DAILY.replace("01,", "01,Instagram,")
            .replace("02,", "02,TikTok,")
            .replace("03,", "03,Instagram,"),
        ),
    ],
)
def test_rows_that_may_be_posts_stay_posts(write: Any, header: str, rows: str, scored: Any) -> None:
    # A post's date, a creator, a caption kpi does not read, or one day twice: 3 posts.
    report, _ = scored(write(f"{header}\n{rows}"))
    assert _kpi(report, "posts")["value"] == 3


def test_a_shops_order_log_with_id_columns_is_not_posts(write: Any, scored: Any) -> None:
    # Audit A-2: HealthKart's tracking_data.csv, one row per attributed order; its unread
    # `influencer_id` and `user_id` hold numbers, but IDs count nothing (kpi said 3 posts).
    # Orders 3 + 4 + 3 = 10, revenue 1,631.17 + 1,187.39 + 546.26 = 3,364.82.
    log = (
        "source,campaign,influencer_id,user_id,product,date,orders,revenue\n"
        "influencer,Campaign_4,14,61934,Protein Powder,2025-05-31,3,1631.17\n"
        "influencer,Campaign_1,16,96900,Protein Powder,2025-04-14,4,1187.39\n"
        "influencer,Campaign_4,4,70566,Whey Isolate,2025-05-26,3,546.26\n"
    )
    report, _ = scored(write(log, "tracking_data.csv"))
    posts = _kpi(report, "posts")
    assert posts["value"] is None and "fees, sales, visits" in posts["reason"]
    assert _kpi(report, "conversions")["value"] == 10
    assert _kpi(report, "revenue")["value"] == pytest.approx(1631.17 + 1187.39 + 546.26)


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


def test_google_ads_ads_with_a_blank_video_id_are_not_posts(write: Any, scored: Any) -> None:
    # 3 ads (kpi said 3 posts, $13.05 a post "excellent"). Spend 11.91 + 11.94 + 15.29 =
    # 39.14, impressions 14 + 4 + 10 = 28, CPM 39.14 / 28 × 1,000 = $1,397.86.
    report, _ = scored(write(AD_REPORT, "Ad report.csv"))
    for kpi in ("posts", "cost_per_post"):
        figure = _kpi(report, kpi)
        assert figure["value"] is None and figure["reason"] == GOOGLE and figure["verdict"] is None
    assert _kpi(report, "total_spend")["value"] == pytest.approx(39.14)
    assert _kpi(report, "cpm")["value"] == pytest.approx(39.14 / 28 * 1000)


def test_google_ads_video_ads_are_not_posts_either(write: Any, scored: Any) -> None:
    # The same report for video ads, with YouTube IDs in `Video ID`: the video an ad runs, not
    # a creator's post (kpi said 2 posts).
    video = AD_REPORT.replace(" --,Pressure", "dQw4w9WgXcQ,Pressure", 1).replace(
        " --,Wood", "9bZkp7q19f0,Wood"
    )
    report, _ = scored(write(video, "Ad report.csv"))
    assert _kpi(report, "posts")["reason"] == GOOGLE


def test_a_post_id_column_blank_on_every_row_names_no_post(write: Any, scored: Any) -> None:
    # A fee sheet with an empty `Post ID` column: each blank ID was a post of its own (2
    # posts, $400 a post); without IDs it is fees: no posts. Spend 500 + 300 = 800.
    report, _ = scored(write("Creator,Post ID,Fee\n@lena,--,500\n@max,n/a,300\n", "fees.csv"))
    posts = _kpi(report, "posts")
    assert posts["value"] is None and "fees, sales, visits" in posts["reason"]
    assert _kpi(report, "total_spend")["value"] == 800
    columns = runner.invoke(
        app, ["columns", write("Creator,Post ID,Fee\n@lena,--,500\n", "f.csv"), "-f", "json"]
    )
    (doc,) = json.loads(columns.stdout)["files"]
    post_id = next(c for c in doc["columns"] if c["header"] == "Post ID")
    assert post_id["column"] is None and post_id["reason"] == "blank on every row ('--'): it names no post"


def test_a_meta_business_suite_series_of_any_title_is_days(write: Any, scored: Any) -> None:
    # Verify A V-2: `Instagram profile visits` over `Date,Primary` (Meta's profile read the
    # date as a label) was 3 posts beside 12 + 15 + 9 = 36 profile visits; a Meta Business
    # Suite series is the account's days, whatever its title names.
    text = 'sep=,\n"Instagram profile visits"\n"Date","Primary"\n"2025-03-01T00:00:00","12"\n'
    text += '"2025-03-02T00:00:00","15"\n"2025-03-03T00:00:00","9"\n'
    report, _ = scored(write(text, "Profile visits.csv"))
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == MBS_DAYS


@pytest.mark.parametrize(
    "header, rows",
    [
        # Check F: a blank platform cell, `Instagram` beside `instagram`, an unread
        # `Avg. engagement per post`: still one account's days (they became 3 posts).
        (
            "Date,Platform,Impressions,Likes,Comments",
            DAILY.replace("01,", "01,Instagram,").replace("02,", "02,,").replace("03,", "03,instagram,"),
        ),
        ("Date,Impressions,Likes,Comments,Avg. engagement per post", DAILY.replace("\n", ",12\n")),
    ],
)
def test_an_accounts_days_stay_days(write: Any, header: str, rows: str, scored: Any) -> None:
    report, _ = scored(write(f"{header}\n{rows}"))
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == DAYS


def test_a_tracker_with_a_primary_column_is_no_meta_series(write: Any, scored: Any) -> None:
    # Check F-5: a title line over a tracker whose `Primary` is the creator's main platform
    # (no Date column) was "a Meta Business Suite series": 3 posts, as before.
    text = "Spring campaign\nCreator,Primary,Impressions,Likes\n@a,Instagram,1000,10\n"
    text += "@b,TikTok,2000,20\n@c,Instagram,3000,30\n"
    report, _ = scored(write(text))
    assert _kpi(report, "posts")["value"] == 3
