"""The same figures in two files of one run (audit G): two downloads of one report whose
periods overlap, the same posts in a platform export and a tracker, a creator tab beside
its post tab, fee sheets of two months. A figure silently doubled is the worst defect:
where kpi can tell, it refuses; where it cannot, it says so (stderr, and the JSON's
`warnings`). Runs of files that hold other figures (a posts export, a fee sheet and a
sales report; months that do not overlap; two creators with the same fee) stay silent.
Every figure is worked out by hand below.
"""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def _score(*args: str) -> Any:
    result = runner.invoke(app, ["score", *args, "-f", "json", "-q"])
    return result, (json.loads(result.stdout) if result.exit_code == 0 else None)


def _value(report: dict[str, Any], kpi: str) -> Any:
    return report["total"]["kpis"][kpi]["value"]


# --------------------------------------------------------------------------- G-1: a stated period

GADS = (
    "Campaign report\n{period}\nCampaign status,Campaign,Budget,Currency code,Cost,Impr.,Clicks,Conversions\n"
)
GADS_JAN = GADS.format(period='"January 1, 2025 - January 31, 2025"') + (
    'Enabled,Creator Spark - Search,50.00,USD,"1,000.00","100,000","2,000",40.00\n'
    'Enabled,Creator Spark - PMax,30.00,USD,600.00,"80,000",900,10.00\n'
)
GADS_JANFEB = GADS.format(period='"January 1, 2025 - February 28, 2025"') + (
    'Enabled,Creator Spark - Search,50.00,USD,"1,900.00","190,000","3,900",80.00\n'
    'Enabled,Creator Spark - PMax,30.00,USD,"1,150.00","150,000","1,700",22.00\n'
)
GADS_FEB = GADS.format(period='"February 1, 2025 - February 28, 2025"') + (
    'Enabled,Creator Spark - Search,50.00,USD,900.00,"90,000","1,900",40.00\n'
    'Enabled,Creator Spark - PMax,30.00,USD,550.00,"70,000",800,12.00\n'
)


def test_two_google_ads_downloads_of_overlapping_periods_are_said(write: Any) -> None:
    """Audit G-1: a Google Ads report states its period above the header, not on the rows, so
    January and January–February of one account were added up with no word: spend 1,600 +
    3,050 = $4,650 for the account's $3,050. Both campaigns' rows of the later download share
    January with the earlier one: said, naming both files and a campaign."""
    jan, janfeb = write(GADS_JAN, "jan.csv"), write(GADS_JANFEB, "janfeb.csv")
    result, report = _score(jan, janfeb)
    assert result.exit_code == 0, result.output
    assert _value(report, "total_spend") == 1000 + 600 + 1900 + 1150  # 4,650: added up, and said
    # Two campaigns' rows: one is named as an example, not as the campaign of both (verify G V-4).
    said = "janfeb.csv has 2 rows (e.g. 'Creator Spark - Search') on days"
    assert said in result.stderr and "jan.csv also has, in the same layout" in result.stderr
    assert any(said in w for w in report["warnings"])
    assert "purchases attributed since" in result.stderr  # an ads manager's later download


def test_google_ads_reports_of_other_months_are_summed_without_a_word(write: Any) -> None:
    """January and February: no day in both. Spend 1,600 + (900 + 550 = 1,450) = $3,050."""
    result, report = _score(write(GADS_JAN, "jan.csv"), write(GADS_FEB, "feb.csv"))
    assert _value(report, "total_spend") == 1600 + 1450
    assert "two downloads" not in result.stderr and report["warnings"] == []


# --------------------------------------------------------------------------- G-2: no campaign column

META_ADS = "Reporting starts,Reporting ends,Ad name,Reach,Amount spent (CAD),Impressions\n"
META_OCT_1_3 = META_ADS + (
    "2026-10-01,2026-10-01,Instagram post: Comment HOOKS...,400,5.50,1000\n"
    "2026-10-02,2026-10-02,Instagram post: Comment HOOKS...,500,4.50,1200\n"
    "2026-10-03,2026-10-03,Instagram post: Comment HOOKS...,450,5.00,1100\n"
)
META_OCT_2_4 = META_ADS + (  # 2 and 3 October again, a few impressions attributed since
    "2026-10-02,2026-10-02,Instagram post: Comment HOOKS...,501,4.50,1203\n"
    "2026-10-03,2026-10-03,Instagram post: Comment HOOKS...,452,5.00,1104\n"
    "2026-10-04,2026-10-04,Instagram post: Comment HOOKS...,380,4.00,900\n"
)


def test_meta_ad_level_downloads_without_a_campaign_column_that_overlap_are_said(write: Any) -> None:
    """Audit G-2: Meta's ad-level export (`Ad name`, no `Campaign name`) of 1–3 and 2–4
    October: spend 15.00 + 13.50 = CA$28.50 for the 4 days' 19.00, impressions 3,300 + 3,207
    = 6,507, and no word. The ad's name keys its rows: the later file's 2 rows on 2 and 3
    October are said."""
    a, b = write(META_OCT_1_3, "oct1-3.csv"), write(META_OCT_2_4, "oct2-4.csv")
    result, report = _score(a, b)
    assert _value(report, "impressions") == (1000 + 1200 + 1100) + (1203 + 1104 + 900)
    assert "oct2-4.csv has 2 rows on days" in result.stderr
    assert "oct1-3.csv also has, in the same layout: two downloads" in result.stderr
    # Another ad on the same days is not the same rows: nothing said.
    other = write(META_OCT_2_4.replace("Comment HOOKS", "Spring drop"), "other.csv")
    apart, _ = _score(a, other)
    assert "two downloads" not in apart.stderr


TRACKER = "Date,Creator,Platform,Impressions,Likes,Fee\n"
TRACKER_A = TRACKER + "2025-03-01,@mia,Instagram,10000,500,500\n2025-03-05,@leo.fit,TikTok,20000,900,800\n"
TRACKER_B = TRACKER + (  # 4 days later: the figures grown, one more post
    "2025-03-01,@mia,Instagram,10400,520,500\n"
    "2025-03-05,@leo.fit,TikTok,20600,930,800\n"
    "2025-03-09,@zoe,Instagram,5000,200,300\n"
)


def test_two_downloads_of_a_tracker_without_links_are_said(write: Any) -> None:
    """Audit G-2: two downloads of a tracker (a row per post, no link, no campaign): posts 2 +
    3 = 5 for 3, spend 1,300 + 1,600 = $2,900 for $1,600, no word. Keyed by creator and
    platform, the later file's rows of @mia and @leo.fit on 1 and 5 March are said."""
    result, report = _score(write(TRACKER_A, "tracker_a.csv"), write(TRACKER_B, "tracker_b.csv"))
    assert _value(report, "total_spend") == (500 + 800) + (500 + 800 + 300)
    # @mia's row and @leo.fit's: one named as an example (verify G V-4); a tracker's later
    # download has the posts' figures grown, not purchases attributed by an ads manager.
    assert "tracker_b.csv has 2 rows (e.g. '@mia') on days" in result.stderr
    assert "tracker_a.csv also has, in the same layout" in result.stderr
    assert "figures grown since" in result.stderr and "attributed" not in result.stderr
    assert len(report["warnings"]) == 1


META_AD_CAMP = "Reporting starts,Reporting ends,Campaign name,Ad name,Reach,Amount spent (CAD),Impressions\n"
AD_CAMP_1_3 = META_AD_CAMP + (
    "2026-10-01,2026-10-01,Creator Boosts,Mia reel,400,5.50,1000\n"
    "2026-10-01,2026-10-01,Creator Boosts,Leo reel,300,4.00,800\n"
    "2026-10-02,2026-10-02,Creator Boosts,Mia reel,500,4.50,1200\n"
    "2026-10-02,2026-10-02,Creator Boosts,Leo reel,310,4.00,820\n"
    "2026-10-03,2026-10-03,Creator Boosts,Mia reel,450,5.00,1100\n"
    "2026-10-03,2026-10-03,Creator Boosts,Leo reel,320,4.00,840\n"
)
AD_CAMP_2_4 = META_AD_CAMP + (  # 2 and 3 October again, a few impressions attributed since
    "2026-10-02,2026-10-02,Creator Boosts,Mia reel,501,4.50,1203\n"
    "2026-10-02,2026-10-02,Creator Boosts,Leo reel,311,4.00,822\n"
    "2026-10-03,2026-10-03,Creator Boosts,Mia reel,452,5.00,1104\n"
    "2026-10-03,2026-10-03,Creator Boosts,Leo reel,321,4.00,842\n"
    "2026-10-04,2026-10-04,Creator Boosts,Mia reel,380,4.00,900\n"
    "2026-10-04,2026-10-04,Creator Boosts,Leo reel,290,3.50,700\n"
)


def test_meta_ad_level_downloads_with_two_ads_of_a_campaign_a_day_that_overlap_are_said(write: Any) -> None:
    """Verify G V-1: Ads Manager's usual ad-level layout, `Campaign name` and `Ad name`, two
    ads of one campaign a day, 1–3 and 2–4 October. The campaign is on each day twice in each
    file, so the files were left out of the check: spend (5.50 + 4.00 + 4.50 + 4.00 + 5.00 +
    4.00 = 27.00) + (4.50 + 4.00 + 5.00 + 4.00 + 4.00 + 3.50 = 25.00) = CA$52.00 for the 4
    days' 27.00 + 7.50 = 34.50, no word. Its 2 rows a day stand for the campaign's day in
    both: the later file's 2 + 2 = 4 rows on 2 and 3 October are said, all of one campaign."""
    a, b = write(AD_CAMP_1_3, "oct1-3.csv"), write(AD_CAMP_2_4, "oct2-4.csv")
    result, report = _score(a, b)
    assert _value(report, "total_spend") == 27.00 + 25.00  # added up, and said
    assert "oct2-4.csv has 4 rows of 'Creator Boosts' on days" in result.stderr, result.stderr
    assert "oct1-3.csv also has, in the same layout: two downloads" in result.stderr
    # November's 2 ads a day: no day in both, nothing said. Spend 27.00 + 25.00 = 52.00.
    november = write(AD_CAMP_2_4.replace("2026-10-0", "2026-11-0"), "nov2-4.csv")
    apart, apart_report = _score(a, november)
    assert _value(apart_report, "total_spend") == 27.00 + 25.00
    assert "two downloads" not in apart.stderr and apart_report["warnings"] == []


def test_two_downloads_of_a_tracker_with_two_posts_of_a_creator_a_day_are_said(write: Any) -> None:
    """Verify G V-2: the tracker above with @mia's Story (3,000 then 3,100 impressions, no
    fee) beside her Reel on 1 March. @mia was twice on that day in each file, and the files
    were left out: posts 3 + 4 = 7 for 4, spend (500 + 0 + 800) + (500 + 0 + 800 + 300) =
    $2,900 for $1,600, impressions (10,000 + 3,000 + 20,000) + (10,400 + 3,100 + 20,600 +
    5,000) = 72,100 for 39,100, no word. The later file's 2 rows of @mia on 1 March and 1 of
    @leo.fit on 5 March are said: 3 rows."""
    story_a = "2025-03-01,@mia,Instagram,3000,0,0\n"
    story_b = "2025-03-01,@mia,Instagram,3100,0,0\n"
    a = TRACKER_A.replace("2025-03-05", story_a + "2025-03-05")
    b = TRACKER_B.replace("2025-03-05", story_b + "2025-03-05")
    result, report = _score(write(a, "tracker_a.csv"), write(b, "tracker_b.csv"))
    assert _value(report, "posts") == 3 + 4
    assert _value(report, "total_spend") == (500 + 0 + 800) + (500 + 0 + 800 + 300)
    assert _value(report, "impressions") == (10000 + 3000 + 20000) + (10400 + 3100 + 20600 + 5000)
    assert "tracker_b.csv has 3 rows (e.g. '@mia') on days" in result.stderr, result.stderr
    assert "tracker_a.csv also has, in the same layout" in result.stderr
    # April's tracker, @mia's Story and Reel on 2 April: other days, nothing said. Spend
    # (500 + 0 + 800) + (500 + 0 + 800) = $2,600.
    april = a.replace("2025-03-01", "2025-04-02").replace("2025-03-05", "2025-04-06")
    apart, apart_report = _score(write(a, "march.csv"), write(april, "april.csv"))
    assert _value(apart_report, "total_spend") == 1300 + 1300
    assert "two downloads" not in apart.stderr and apart_report["warnings"] == []


def test_trackers_of_other_months_are_summed_without_a_word(write: Any) -> None:
    """March and April of one tracker: the same creators, other days. Spend (500 + 800) +
    (500 + 800) = $2,600, impressions 30,000 + 31,000 = 61,000."""
    april = TRACKER + "2025-04-02,@mia,Instagram,11000,520,500\n2025-04-06,@leo.fit,TikTok,20000,930,800\n"
    result, report = _score(write(TRACKER_A, "march.csv"), write(april, "april.csv"))
    assert _value(report, "total_spend") == 2600
    assert _value(report, "impressions") == 10000 + 20000 + 11000 + 20000
    assert report["warnings"] == [] and "two downloads" not in result.stderr


def test_posts_fee_sheet_and_sales_stay_silent(write: Any) -> None:
    """A posts export, a fee sheet and a sales report hold other figures: nothing about the
    same figures twice. Spend 500 + 800 = $1,300, revenue 1,200 + 450 = $1,650, ROAS left to
    the paired rows (not checked here)."""
    posts = write(
        "Creator,Post URL,Date,Impressions,Likes\n"
        "@mia,https://www.instagram.com/p/AAA1/,2025-03-01,10000,500\n"
        "@leo.fit,https://www.instagram.com/p/BBB1/,2025-03-02,20000,900\n",
        "posts.csv",
    )
    fees = write("Creator,Fee\n@mia,500\n@leo.fit,800\n", "fees.csv")
    sales = write("Creator,Orders,Revenue\n@mia,12,1200\n@leo.fit,5,450\n", "sales.csv")
    result, report = _score(posts, fees, sales)
    assert result.exit_code == 0, result.output
    assert _value(report, "total_spend") == 500 + 800 and _value(report, "revenue") == 1200 + 450
    doubled = ("twice", "restates", "two downloads", "both list")
    assert not any(w in text for w in doubled for text in [result.stderr, *report["warnings"]])


# --------------------------------------------------------------------------- G-3: posts on other dates

IG, L = "https://www.instagram.com", "Lifetime,"  # Meta Business Suite: `Date` is Lifetime
MBS = (
    '"Post ID","Account username","Publish time",Permalink,"Post type",Date,'
    "Views,Reach,Likes,Shares,Comments,Saves\n"
    f'17974697564884257,mia,"03/02/2025 10:23",{IG}/reel/DYz2HS0M2ks/,"IG reel",{L}4993,3206,287,56,0,7\n'
    f'18129029371615857,mia,"03/09/2025 09:49",{IG}/p/DZ2u1rOxOkV/,"IG image",{L}4079,2276,139,30,0,25\n'
    f'18094696763189148,mia,"03/15/2025 12:33",{IG}/reel/DZx31Txggii/,"IG reel",{L}7460,4451,341,82,14,40\n'
)
TRACKER_TZ = (  # two of those posts, each dated a day after its publish time
    "Creator,Platform,Post Link,Post Date,Reach,Likes,Comments,Saves,Shares,Views,Fee\n"
    "@mia,Instagram,https://www.instagram.com/p/DYz2HS0M2ks/,2025-03-03,3206,287,0,7,56,4993,500\n"
    "@mia,Instagram,https://www.instagram.com/p/DZ2u1rOxOkV/,2025-03-10,2276,139,0,25,30,4079,300\n"
)


def test_the_same_posts_on_other_dates_in_two_files_are_said(write: Any) -> None:
    """Audit G-3: Meta Business Suite's export and the agency's tracker list two posts both
    have, the tracker a day after the publish time. kpi counts them as one post each (posts
    3), but adds their figures twice: reach 9,933 + (3,206 + 2,276) = 15,415 for 9,933. That is
    said, naming both files and a post."""
    ig, tracker = write(MBS, "ig.csv"), write(TRACKER_TZ, "tracker.csv")
    result, report = _score(ig, tracker, "--map", "Permalink=post_id")
    assert _value(report, "posts") == 3
    assert _value(report, "reach") == (3206 + 2276 + 4451) + (3206 + 2276)
    said = "tracker.csv and " + ig + " both list 2 posts (e.g. 'https://www.instagram.com/p/DYz2HS0M2ks/')"
    assert said in result.stderr, result.stderr
    assert any("both list 2 posts" in w for w in report["warnings"])
    # The figures both files have, counted twice (the tracker's fee is in it alone).
    assert "its figures (reach, views, likes, comments, shares and saves) are counted twice" in result.stderr


def test_posts_on_other_dates_past_the_ids_kept_as_written_name_no_empty_post(write: Any) -> None:
    """A file keeps its first 10,000 post IDs as written, to name one in this warning. Two
    files of 10,200 posts sharing all of them, the last 100 on other dates (posts 10,101 to
    10,200, beyond what either kept): the warning said `(e.g. '')`; now it names no post."""
    head = "Post ID,Date,Impressions,Likes\n"
    first = "".join(f"p{n},2025-03-01,100,5\n" for n in range(1, 10_201))
    second = "".join(f"p{n},{'2025-03-02' if n > 10_100 else '2025-03-01'},100,5\n" for n in range(1, 10_201))
    a, b = write(head + first, "a.csv"), write(head + second, "b.csv")
    result, _ = _score(a, b)
    assert "both list 100 posts on other dates" in result.stderr, result.stderr
    assert "(e.g. '')" not in result.stderr


POSTS_3 = (
    "Creator,Post URL,Date,Impressions,Likes,Comments\n"
    "@mia,https://www.instagram.com/p/AAA1/,2025-03-01,10000,500,50\n"
    "@mia,https://www.instagram.com/p/AAA2/,2025-03-05,12000,600,40\n"
    "@leo.fit,https://www.instagram.com/p/BBB1/,2025-03-02,20000,900,100\n"
)


def test_a_per_post_invoice_or_sales_file_beside_the_posts_stays_silent(write: Any) -> None:
    """Verify G V-3: a per-post invoice sheet (fee, the invoice's date) and a per-post sales
    report (orders and revenue to 31 March) list the posts export's 3 posts on other dates,
    but no figure is in both files, so none is counted twice: it was said all the same, with
    advice to score the files apart (losing cost per post and ROAS). Impressions 10,000 +
    12,000 + 20,000 = 42,000; spend 250 + 250 + 800 = $1,300, cost per post 1,300 / 3 =
    $433.33; revenue 1,200 + 400 + 450 = $2,050."""
    posts = write(POSTS_3, "posts.csv")
    invoices = write(
        "Creator,Post URL,Date,Fee\n"
        "@mia,https://www.instagram.com/p/AAA1/,2025-03-15,250\n"
        "@mia,https://www.instagram.com/p/AAA2/,2025-03-15,250\n"
        "@leo.fit,https://www.instagram.com/p/BBB1/,2025-03-20,800\n",
        "invoices.csv",
    )
    sales = write(
        "Post URL,Date,Orders,Revenue\n"
        'https://www.instagram.com/p/AAA1/,2025-03-31,12,"$1,200.00"\n'
        "https://www.instagram.com/p/AAA2/,2025-03-31,4,$400.00\n"
        "https://www.instagram.com/p/BBB1/,2025-03-31,5,$450.00\n",
        "sales.csv",
    )
    result, report = _score(posts, invoices)
    assert _value(report, "impressions") == 10000 + 12000 + 20000
    assert _value(report, "total_spend") == 250 + 250 + 800
    assert _value(report, "cost_per_post") == (250 + 250 + 800) / 3
    assert "both list" not in result.stderr and not any("both list" in w for w in report["warnings"])
    result, report = _score(posts, sales)
    assert _value(report, "revenue") == 1200 + 400 + 450 and _value(report, "posts") == 3
    assert "both list" not in result.stderr and not any("both list" in w for w in report["warnings"])
    # A tracker of the same posts with their likes beside its fee: the likes are counted
    # twice. Engagements (500 + 50) + (600 + 40) + (900 + 100) = 2,190 from the posts, and
    # 500 + 600 + 900 = 2,000 again from the tracker: 4,190. Said, naming the figure.
    tracker = write(
        "Creator,Post URL,Date,Likes,Fee\n"
        "@mia,https://www.instagram.com/p/AAA1/,2025-03-02,500,250\n"
        "@mia,https://www.instagram.com/p/AAA2/,2025-03-06,600,250\n"
        "@leo.fit,https://www.instagram.com/p/BBB1/,2025-03-03,900,800\n",
        "tracker.csv",
    )
    result, report = _score(posts, tracker)
    assert _value(report, "engagements") == (550 + 640 + 1000) + (500 + 600 + 900)
    assert "tracker.csv and " + posts + " both list 3 posts" in result.stderr, result.stderr
    assert "but its figures (likes) are counted twice" in result.stderr


def test_a_per_post_invoice_sheet_on_the_posts_dates_or_undated_stays_silent(write: Any) -> None:
    """Verify G V-3, its neighbour: the invoice sheet with no date column (`Invoice date` is not
    read), or dated on each post's own day, lists the export's 3 posts again; both were "3 rows
    repeat the post ID and date of another row: the same post counted twice?". The fees are in
    the sheet alone: spend 250 + 250 + 800 = $1,300, cost per post 1,300 / 3 = $433.33,
    impressions 10,000 + 12,000 + 20,000 = 42,000, nothing counted twice."""
    posts = write(POSTS_3, "posts.csv")
    undated = write(
        "Creator,Post URL,Invoice date,Fee\n"
        "@mia,https://www.instagram.com/p/AAA1/,2025-03-15,250\n"
        "@mia,https://www.instagram.com/p/AAA2/,2025-03-15,250\n"
        "@leo.fit,https://www.instagram.com/p/BBB1/,2025-03-20,800\n",
        "invoices.csv",
    )
    same_days = write(
        "Creator,Post URL,Date,Fee\n"
        "@mia,https://www.instagram.com/p/AAA1/,2025-03-01,250\n"
        "@mia,https://www.instagram.com/p/AAA2/,2025-03-05,250\n"
        "@leo.fit,https://www.instagram.com/p/BBB1/,2025-03-02,800\n",
        "fees.csv",
    )
    for fees in (undated, same_days):
        result, report = _score(posts, fees)
        assert _value(report, "total_spend") == 250 + 250 + 800
        assert _value(report, "cost_per_post") == (250 + 250 + 800) / 3
        assert _value(report, "impressions") == 10000 + 12000 + 20000
        assert "repeat" not in result.stderr and report["warnings"] == [], (fees, result.stderr)
    # A tracker of those posts on their days with their impressions beside its fee: the
    # impressions are counted twice, 42,000 + 42,000 = 84,000, and its 3 rows are said.
    tracker = write(
        "Creator,Post URL,Date,Fee,Impressions\n"
        "@mia,https://www.instagram.com/p/AAA1/,2025-03-01,250,10000\n"
        "@mia,https://www.instagram.com/p/AAA2/,2025-03-05,250,12000\n"
        "@leo.fit,https://www.instagram.com/p/BBB1/,2025-03-02,800,20000\n",
        "tracker.csv",
    )
    result, report = _score(posts, tracker)
    assert _value(report, "impressions") == 42000 * 2
    assert "3 rows repeat the post ID and date of another row" in result.stderr, result.stderr
    # The posts' own rows still repeat each other within the export: @mia's AAA1 on 1 March
    # twice, 10,000 + 10,000 + 12,000 + 20,000 = 52,000 impressions, and 1 row said.
    twice = write(POSTS_3 + "@mia,https://www.instagram.com/p/AAA1/,2025-03-01,10000,500,50\n", "twice.csv")
    result, report = _score(twice, undated)
    assert _value(report, "impressions") == 10000 * 2 + 12000 + 20000
    assert "1 row repeats the post ID" in result.stderr, result.stderr


def test_a_posts_days_in_two_months_are_not_the_same_post_twice(write: Any) -> None:
    """A post's daily rows (TikTok Studio by day), March in one file and April in the other:
    each file lists the post on several days, so its rows in the other file are its other
    days. Views 100 + 80 + 60 + 40 = 280, nothing said."""
    head = "Date,Video link,Views,Likes\n"
    link = "https://www.tiktok.com/@mia/video/7342000000000000001"
    march = write(head + f"2025-03-30,{link},100,10\n2025-03-31,{link},80,8\n", "march.csv")
    april = write(head + f"2025-04-01,{link},60,6\n2025-04-02,{link},40,4\n", "april.csv")
    result, report = _score(march, april)
    assert _value(report, "views") == 100 + 80 + 60 + 40
    assert "both list" not in result.stderr and report["warnings"] == []


def test_other_posts_in_two_months_are_summed_without_a_word(write: Any) -> None:
    """March's posts and April's: no post in both. Views 4,993 + 7,460 = 12,453."""
    head = "Post Link,Post Date,Views,Likes\n"
    march = write(head + "https://www.instagram.com/p/DYz2HS0M2ks/,2025-03-02,4993,287\n", "march.csv")
    april = write(head + "https://www.instagram.com/p/DZx31Txggii/,2025-04-15,7460,341\n", "april.csv")
    result, report = _score(march, april)
    assert _value(report, "views") == 4993 + 7460 and _value(report, "posts") == 2
    assert "both list" not in result.stderr and report["warnings"] == []


# --------------------------------------------------------------------------- G-4: a tab updated since

POST_TAB = (
    "Creator,Post URL,Date,Impressions,Likes,Comments\n"
    "@mia,https://www.instagram.com/p/AAA1/,2025-03-01,10000,500,50\n"
    "@mia,https://www.instagram.com/p/AAA2/,2025-03-05,12000,600,40\n"
    "@leo.fit,https://www.instagram.com/p/BBB1/,2025-03-02,20000,900,100\n"
    "@zoe,https://www.instagram.com/p/CCC1/,2025-03-03,30000,1500,80\n"
    "@zoe,https://www.instagram.com/p/CCC2/,2025-03-07,8000,300,20\n"
)
# @mia 10,000 + 12,000 = 22,000 impressions, (500 + 50) + (600 + 40) = 1,190 engagements;
# @leo.fit 20,000 and 900 + 100 = 1,000: the sums of their posts. @zoe's row has a third post
# the post tab has not yet: 41,000 for 30,000 + 8,000 = 38,000, 1,990 for 1,900.
CREATOR_TAB = (
    "Creator,Followers,Total Impressions,Total Engagements,Fee\n"
    "@mia,45000,22000,1190,500\n@leo.fit,80000,20000,1000,800\n@zoe,120000,41000,1990,900\n"
)


def test_a_creator_tab_updated_for_one_creator_is_refused_naming_the_creator(write: Any) -> None:
    """Audit G-4: 2 of 3 creators exactly the sums of their posts, in two counts each, and
    @zoe's row updated since: every figure was added up (impressions 80,000 + 83,000 =
    163,000, posts 5 + 3 = 8), no word. Two creators summing alike in two counts by chance
    does not happen: most creators match, so the files are refused, naming @zoe."""
    result = runner.invoke(
        app, ["score", write(POST_TAB, "posts.csv"), write(CREATOR_TAB, "creators.csv"), "-f", "json"]
    )
    assert result.exit_code == 2, result.output
    assert "creators.csv has a row per creator with the sums of each creator's rows in" in result.stderr
    assert "(22,000 impressions for '@mia' = the sum of 2 rows)" in result.stderr
    assert "all but '@zoe', 41,000 impressions for the 38,000 there (updated since?)" in result.stderr
    assert "Traceback" not in result.output


def test_a_creator_tab_of_whom_one_creator_matches_is_said(write: Any) -> None:
    """One creator of three matches (@mia, the sum of 2 posts in two counts), @leo.fit and
    @zoe differ: not most, so not refused, but said. Impressions 80,000 + (22,000 + 25,000 +
    41,000 = 88,000) = 168,000, added up."""
    tab = CREATOR_TAB.replace("@leo.fit,80000,20000", "@leo.fit,80000,25000")
    result, report = _score(write(POST_TAB, "posts.csv"), write(tab, "creators.csv"))
    assert _value(report, "impressions") == 80_000 + 22_000 + 25_000 + 41_000
    said = "creators.csv's rows of 1 of its 3 creators with figures are the sums of their rows in"
    assert said in result.stderr and any(said in w for w in report["warnings"])


SALES_TRACKER = (
    "Creator,Post URL,Date,Impressions,Likes,Orders,Revenue\n"
    'Mia,https://www.instagram.com/p/AAA1/,2025-03-01,10000,500,12,"$1,200.00"\n'
    "leo.fit,https://www.instagram.com/p/BBB1/,2025-03-02,20000,900,5,$450.00\n"
    'zoe,https://www.instagram.com/p/CCC1/,2025-03-03,30000,1500,20,"$2,000.00"\n'
)


def test_a_sales_report_a_tracker_copies_with_one_creator_updated_is_refused(write: Any) -> None:
    """Audit G-4: the tracker copies each creator's orders and revenue from the shop; the
    shop's later download has zoe at 22 orders / $2,180, Mia and leo.fit unchanged. Revenue
    3,650 + 3,830 = $7,480 and conversions 37 + 39 = 76 with no word; with the shop's figures
    all unchanged the files were refused. Mia's and leo.fit's two figures each are the
    tracker's: refused, naming zoe."""
    later = write(
        'Creator,Orders,Revenue\nMia,12,"$1,200.00"\nleo.fit,5,$450.00\nzoe,22,"$2,180.00"\n', "shop.csv"
    )
    result = runner.invoke(app, ["score", write(SALES_TRACKER, "tracker.csv"), later, "-f", "json"])
    assert result.exit_code == 2, result.output
    assert "shop.csv has each creator's figures as" in result.stderr
    assert "all but 'zoe', 22 conversions for the 20 there" in result.stderr
    assert "tracker.csv alone (it has every figure" in result.stderr


# --------------------------------------------------------------------------- G-7: equal totals


def test_fee_sheets_of_two_months_with_equal_totals_are_added_up(write: Any) -> None:
    """Audit G-7: March @mia 500 + @leo.fit 500 = 1,000, April @mia 1,000: equal totals, and
    April's creator among March's, so April was refused as "the same spend split another
    way". @mia's own fee differs (500, 1,000): April is no split of March. Spend 500 + 500 +
    1,000 = $2,000, activated influencers 2."""
    march = write("Creator,Fee\n@mia,500\n@leo.fit,500\n", "march.csv")
    april = write("Creator,Fee\n@mia,1000\n", "april.csv")
    result, report = _score(march, april)
    assert result.exit_code == 0, result.output
    assert _value(report, "total_spend") == 500 + 500 + 1000
    assert _value(report, "activated_influencers") == 2
    assert "restates" not in result.stderr


def test_the_same_fees_split_per_post_are_still_refused(write: Any) -> None:
    """The per-creator sums agree (@mia 250 + 250 = 500, @leo.fit 500): one sheet split
    another way, refused as before."""
    per_creator = write("Creator,Fee\n@mia,500\n@leo.fit,500\n", "fees.csv")
    per_post = write("Creator,Fee\n@mia,250\n@mia,250\n@leo.fit,500\n", "fees_per_post.csv")
    result = runner.invoke(app, ["score", per_creator, per_post, "-f", "json"])
    assert result.exit_code == 2 and "restates" in result.stderr


def test_two_creators_with_the_same_fee_beside_their_posts_stay_silent(write: Any) -> None:
    """@mia and @leo.fit both paid $500, one post each: spend 500 + 500 = $1,000, cost per
    post 1,000 / 2 = $500, nothing said about figures counted twice."""
    posts = write(
        "Creator,Post URL,Date,Impressions,Likes\n"
        "@mia,https://www.instagram.com/p/AAA1/,2025-03-01,10000,500\n"
        "@leo.fit,https://www.instagram.com/p/BBB1/,2025-03-02,20000,900\n",
        "posts.csv",
    )
    fees = write("Creator,Fee\n@mia,500\n@leo.fit,500\n", "fees.csv")
    result, report = _score(posts, fees)
    assert _value(report, "total_spend") == 1000 and _value(report, "cost_per_post") == 1000 / 2
    doubled = ("twice", "restates", "two downloads", "both list", "sums of")
    assert not any(w in text for w in doubled for text in [result.stderr, *report["warnings"]])


def test_two_accounts_daily_series_over_the_same_days_stay_silent(write: Any) -> None:
    """Two creators' TikTok Studio Overview (a day a row, no creator, no campaign) over the
    same days: rows that name nothing cannot be told from two downloads of one account, and
    scoring several creators' accounts is an ordinary run. Views 100 + 200 + 300 + 400 =
    1,000, nothing said."""
    head = "Date,Video Views,Likes\n"
    a = write(head + "2025-04-12,100,5\n2025-04-13,200,6\n", "Overview mia.csv")
    b = write(head + "2025-04-12,300,7\n2025-04-13,400,8\n", "Overview leo.csv")
    result, report = _score(a, b)
    assert _value(report, "views") == 100 + 200 + 300 + 400
    assert "two downloads" not in result.stderr and report["warnings"] == []


META_AD_SET = (
    "Reporting starts,Reporting ends,Campaign name,Ad set name,Ad name,Reach,Amount spent (CAD),Impressions\n"
)


def test_meta_ad_level_files_of_other_ad_sets_of_one_campaign_stay_silent(write: Any) -> None:
    """Two ad-level downloads of one campaign, each filtered to another ad set, over the same
    days: other rows, not the same rows twice (they were keyed by the campaign alone, and said
    as two downloads of one report). Spend 5.50 + 4.50 = 10.00 and 4.00 + 3.50 = 7.50, added:
    CA$17.50, impressions 1000 + 1200 + 800 + 700 = 3,700, no warning. The same file twice
    (its rows on the same days) is still said."""
    head = META_AD_SET
    mia = write(
        head + "2026-10-01,2026-10-01,Creator Boosts,Mia set,Mia reel,400,5.50,1000\n"
        "2026-10-02,2026-10-02,Creator Boosts,Mia set,Mia reel,500,4.50,1200\n",
        "mia.csv",
    )
    leo = write(
        head + "2026-10-01,2026-10-01,Creator Boosts,Leo set,Leo reel,300,4.00,800\n"
        "2026-10-02,2026-10-02,Creator Boosts,Leo set,Leo reel,280,3.50,700\n",
        "leo.csv",
    )
    result, report = _score(mia, leo)
    assert result.exit_code == 0, result.output
    assert _value(report, "total_spend") == 5.50 + 4.50 + 4.00 + 3.50
    assert _value(report, "impressions") == 1000 + 1200 + 800 + 700
    assert report["warnings"] == [] and "two downloads" not in result.stderr
    # Mia's ad set downloaded again with a day more, 2 October's purchases attributed since:
    again = write(
        head + "2026-10-02,2026-10-02,Creator Boosts,Mia set,Mia reel,501,4.50,1203\n"
        "2026-10-03,2026-10-03,Creator Boosts,Mia set,Mia reel,450,5.00,1100\n",
        "mia-again.csv",
    )
    said, _ = _score(mia, again)
    assert "mia-again.csv has 1 row of 'Creator Boosts' on days" in said.stderr, said.stderr
