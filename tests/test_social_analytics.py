"""Exports of social analytics and benchmarking tools (audit P): Fanpage Karma, quintly,
Social Blade, Not Just Analytics, Keyhole, Brandwatch, Meltwater, Socialinsider, Emplifi,
Iconosquare. Every figure is worked out by hand in the test that checks it.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def _kpis(report: dict) -> dict:  # type: ignore[type-arg]
    return {k: v["value"] for k, v in report["total"]["kpis"].items()}


# Fanpage Karma's export: four lines above the header, the period written day first
# (`01.03.2025 - 31.03.2025`); public importers of its files (code search "Fanpage Karma":
# "FanPage Karma puts headers in row 5"). Its columns as they write them.
FPK_PREAMBLE = "Fanpage Karma Export\nPeriod: 01.03.2025 - 31.03.2025\nProfiles: 2\nCreated: 02.04.2025\n"


def test_preamble_period_is_read_in_one_order(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-6: `01.03.2025 - 31.03.2025` was 2025-01-03 to 2025-03-31 (the start read month
    first, the end day first, as `31` cannot be a month). One period is written one way: the
    `31` says day first for both, 1 to 31 March."""
    path = write(
        FPK_PREAMBLE + "Profile,Network,Likes,Comments,Reach\n"
        "Acme,facebook,1200,80,15000\n"
        "Rival Co,facebook,500,20,9000\n"
    )
    report, err = scored(path, "-q")
    assert report["date_range"] == {"start": "2025-03-01", "end": "2025-03-31"}
    report, err = scored(path)
    assert "reporting period 2025-03-01 to 2025-03-31" in err


# Fanpage Karma's posts of two Facebook pages (its columns: `Number of Shares`, the total
# `Reactions, Comments & Shares`, its own rate `Post interaction`).
FPK_POSTS = FPK_PREAMBLE + (
    'Date,Profile,Network,Message,Likes,Comments,Number of Shares,"Reactions, Comments & Shares",'
    "Post interaction,Reach,Impressions,Message-ID\n"
    "2025-03-03,Acme,facebook,Spring drop,1200,80,40,1320,0.85%,15000,21000,m1\n"
    "2025-03-05,Acme,facebook,Behind the scenes,2400,150,120,2670,1.70%,30000,41000,m2\n"
    "2025-03-04,Rival Co,facebook,New flavour,500,20,15,535,0.26%,9000,12000,m3\n"
)


def test_fanpage_karma_shares_and_engagement_total(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-5: `Number of Shares` and the total `Reactions, Comments & Shares` were not
    read: engagements were likes + comments, 1,280 + 2,550 + 520 = 4,350."""
    report, _ = scored(write(FPK_POSTS), "-q")
    kpis = _kpis(report)
    assert kpis["shares"] == 40 + 120 + 15  # 175
    assert kpis["engagements"] == 1320 + 2670 + 535  # 4,525: the file's total, shares in
    assert kpis["engagement_rate"] == (1320 + 2670 + 535) / (21000 + 41000 + 12000) * 100  # 6.11 %


def test_fanpage_karma_profiles_engagement_is_a_rate(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Fanpage Karma's profile export: its `Engagement` is a rate (interactions per follower),
    which stopped the file as "a percentage read as engagements"; the total is
    `Reactions, Comments & Shares`."""
    report, err = scored(
        write(
            'Profile,Network,Fans,Number of posts,"Reactions, Comments & Shares",Engagement,'
            "Post interaction\n"
            "Acme,instagram,120000,10,15000,0.40%,1.25%\n"
            "Rival Co,instagram,80000,5,4000,0.17%,1.00%\n"
        )
    )
    kpis = _kpis(report)
    assert kpis["posts"] == 10 + 5
    assert kpis["engagements"] == 15000 + 4000
    assert "read 'Reactions, Comments & Shares', not 'Engagement'" in err


# Keyhole's hashtag tracker: each post's `Reach` and `Impressions` are the poster's followers
# (help.keyhole.co, "How Keyhole Measures Reach and Impressions": "Reach is the estimated
# number of unique users who may see your content. It's based on follower counts").
KEYHOLE = (
    "Date,Platform,Username,Followers,Post,URL,Likes,Comments,Shares,Engagement,Reach,Impressions\n"
    "2025-07-01,Twitter,@ann,5000,Loving #acmesummer,https://x.com/ann/status/1,40,5,10,55,5000,5000\n"
    "2025-07-01,Instagram,@bob,20000,#acmesummer haul,https://www.instagram.com/p/K2/,900,60,,960,20000,20000\n"
    "2025-07-03,TikTok,@cat,80000,#acmesummer try-on,https://www.tiktok.com/@cat/video/4,3000,120,200,3320,"
    "80000,80000\n"
)


def test_reach_equal_to_followers_is_an_audience_not_reach(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-4: Reach and Impressions 105,000 (= Σ Followers) were printed as measured, and
    the engagement rate 4,335 / 105,000 = 4.13 % judged "excellent" on the bands of a rate by
    impressions. They are the posters' audiences: left unread, said, with the --map."""
    report, err = scored(write(KEYHOLE))
    total = report["total"]["kpis"]
    assert total["reach"]["value"] is None
    assert total["impressions"]["value"] is None
    assert total["engagement_rate"]["value"] is None
    why = total["engagement_rate"]["reason"]
    assert "'Impressions' is not read: equal to 'Followers' on every row" in why
    assert total["engagements"]["value"] == 55 + 960 + 3320  # 4,335
    # by followers, as it is: 4,335 / (5,000 + 20,000 + 80,000) = 4.13 %
    assert total["engagement_rate_by_followers"]["value"] == 4335 / 105000 * 100
    assert "'Reach' not read as reach: it equals 'Followers' on every row that has both (3 rows)" in err
    report, _ = scored(write(KEYHOLE), "--map", "Reach=reach", "-q")
    assert _kpis(report)["reach"] == 105000


def test_reach_unlike_followers_stays_reach(write, scored) -> None:  # type: ignore[no-untyped-def]
    """A tracker whose reach equals the followers on one row only keeps its reach."""
    report, _ = scored(
        write(
            "Creator,Post URL,Followers,Reach,Likes\n"
            "@ann,https://x.com/ann/status/1,5000,5000,40\n"
            "@bob,https://www.instagram.com/p/K2/,20000,7300,900\n"
        ),
        "-q",
    )
    assert _kpis(report)["reach"] == 5000 + 7300


def test_an_accounts_running_count_of_posts_is_no_posts(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-3: an account's history (Not Just Analytics', Social Blade's: the account's
    followers and its count of all posts on each day) had its Posts summed, 41 + 42 + 42 +
    43 = 168 posts. In date order the count never falls and every value is above the rise
    (43 − 41 = 2): a running total, left unread; the rows are days, no posts."""
    report, err = scored(
        write(
            "Date,Followers,Following,Posts\n"
            "2025-10-03,1215,301,42\n"  # out of order on purpose: the order is the dates'
            "2025-10-01,1200,300,41\n"
            "2025-10-02,1210,300,42\n"
            "2025-10-04,1230,301,43\n"
        )
    )
    posts = report["total"]["kpis"]["posts"]
    assert posts["value"] is None
    assert "the rows are days of the account" in posts["reason"]
    assert "'Posts' not read as posts: in date order it never falls (41 to 43)" in err
    assert "2 posts went up in the period" in err


def test_a_days_count_of_posts_is_still_read(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Metricool's `Posts` a day (1, 0, 2, 0) is no running total: 1 + 0 + 2 + 0 = 3 posts."""
    report, _ = scored(
        write(
            "Date,Followers,Posts,Impressions\n"
            "2025-10-01,1200,1,900\n2025-10-02,1210,0,300\n2025-10-03,1215,2,1500\n2025-10-04,1230,0,200\n"
        ),
        "-q",
    )
    assert _kpis(report)["posts"] == 3


def test_ignoring_a_lifetime_posts_count_keeps_days_days(write, scored) -> None:  # type: ignore[no-untyped-def]
    """kpi asks about a `Posts` above 50 ("--map 'Posts=ignore' if lifetime"); doing so on an
    account's days counted the 4 days as 4 posts, as an unread `Posts` named the rows."""
    report, _ = scored(
        write(
            "Date,Followers,Following,Posts\n"
            "2025-10-01,48200,512,1203\n2025-10-02,48260,512,1204\n"
            "2025-10-03,48300,513,1204\n2025-10-04,48410,513,1206\n"
        ),
        "--map",
        "Posts=ignore",
        "-q",
    )
    posts = report["total"]["kpis"]["posts"]
    assert posts["value"] is None
    assert "the rows are days of the account" in posts["reason"]


# Social Blade's daily statistics of a YouTube channel: each day the channel's subscribers
# and total video views, with their change from the day before, and its earnings estimate.
SOCIAL_BLADE = (
    "Date,Subscribers,Subscribers Change,Video Views,Video Views Change,Estimated Earnings\n"
    "2025-06-01,1250000,+1000,310500000,+250000,$63 - $1K\n"
    "2025-06-02,1251000,+1000,310780000,+280000,$70 - $1.1K\n"
    "2025-06-03,1252000,+1000,311000000,+220000,$55 - $880\n"
)


def test_running_total_beside_its_change_reads_the_change(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-1: the channel's total views were summed, 310,500,000 + 310,780,000 +
    311,000,000 = 932,280,000 views for three days. Each day's total is the day before's plus
    its `Video Views Change` (310,500,000 + 280,000 = 310,780,000; + 220,000 = 311,000,000):
    the change is the day's views, 250,000 + 280,000 + 220,000 = 750,000."""
    report, err = scored(write(SOCIAL_BLADE))
    total = report["total"]["kpis"]
    assert total["views"]["value"] == 250000 + 280000 + 220000
    assert total["posts"]["value"] is None  # the channel's days, not posts
    assert "views: read 'Video Views Change', not 'Video Views'" in err


def test_running_total_without_its_change_is_left_unread(write, scored) -> None:  # type: ignore[no-untyped-def]
    """The same without the change columns (`Date,Subscribers,Views,Videos`), a week: the total
    views never fall and sit far above their rise (310,500,000 against 1,300,000), so they are
    not read (2,178,430,000 views before); `Videos` (402 to 404: the channel's count) was read as
    post IDs by YouTube Studio's German `Videos`, 3 posts."""
    views = [310500000, 310780000, 311000000, 311200000, 311450000, 311700000, 311800000]
    videos = [402, 403, 403, 403, 404, 404, 404]
    report, err = scored(
        write(
            "Date,Subscribers,Views,Videos\n"
            + "".join(f"2025-06-{d + 1:02d},{1250000 + d * 1000},{views[d]},{videos[d]}\n" for d in range(7))
        )
    )
    total = report["total"]["kpis"]
    assert total["views"]["value"] is None
    assert "'Views' is not read: the account's count of all its views" in total["views"]["reason"]
    assert total["posts"]["value"] is None
    assert "1,300,000 views went up in the period" in err  # 311,800,000 − 310,500,000


def test_daily_views_that_grow_are_still_views(write, scored) -> None:  # type: ignore[no-untyped-def]
    """An account's views a day that grow (1,000 to 1,600) are no running total: 5,200; nor are
    three days that grow a little (10,000, 10,100, 10,300), too few to tell: 30,400."""
    report, _ = scored(
        write("Date,Views\n2025-06-01,1000\n2025-06-02,1200\n2025-06-03,1400\n2025-06-04,1600\n"), "-q"
    )
    assert _kpis(report)["views"] == 1000 + 1200 + 1400 + 1600
    report, _ = scored(write("Date,Views\n2025-06-01,10000\n2025-06-02,10100\n2025-06-03,10300\n"), "-q")
    assert _kpis(report)["views"] == 10000 + 10100 + 10300


def test_quintly_daily_series_is_an_accounts_days(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-2: quintly's `time` was not read as the date, so its four days were 4 posts and
    the followers were summed: engagement rate by followers 800 / (10,000 + 10,020 + 10,050 +
    10,080) = 1.99 % "poor". Read as quintly's: the days are days, the followers a level (no
    rate, with the reason), the posts the days added 1 + 0 + 2 + 0 = 3."""
    report, err = scored(
        write(
            "time,profileId,followers,followersChange,postsChange,interactions\n"
            "2025-03-01,101,10000,20,1,300\n2025-03-02,101,10020,20,0,0\n"
            "2025-03-03,101,10050,30,2,500\n2025-03-04,101,10080,30,0,0\n"
        )
    )
    total = report["total"]["kpis"]
    assert report["date_range"] == {"start": "2025-03-01", "end": "2025-03-04"}
    assert total["posts"]["value"] == 1 + 0 + 2 + 0
    assert total["engagements"]["value"] == 300 + 500
    assert total["engagement_rate_by_followers"]["value"] is None
    assert "a level" in total["engagement_rate_by_followers"]["reason"]
    assert "recognised as quintly export" in err


def test_lift_reads_a_listening_tools_volume_by_day(write) -> None:  # type: ignore[no-untyped-def]
    """Audit P-9: Brandwatch's mentions-over-time export (`Days,Volume` under its report lines)
    was refused, "none of the columns is one kpi knows". Baseline 1–7 March: 100 + 110 + 90 +
    100 + 120 + 80 + 100 = 700 mentions; campaign 8–14 March: 150 + 160 + 140 + 170 + 180 +
    150 + 150 = 1,100; lift (1,100 − 700) / 700 = 57.14 %."""
    days = [100, 110, 90, 100, 120, 80, 100, 150, 160, 140, 170, 180, 150, 150]
    text = "Brandwatch Consumer Research\nQuery:,Acme - brand\nTimezone:,Europe/London\n\nDays,Volume\n"
    text += "".join(f"2025-03-{i + 1:02d},{v}\n" for i, v in enumerate(days))
    result = runner.invoke(app, ["lift", write(text), "-c", "2025-03-08..2025-03-14", "-f", "json"])
    assert result.exit_code == 0, result.output
    kpis = _kpis(json.loads(result.stdout))
    assert kpis["mentions_baseline"] == 700
    assert kpis["mentions_campaign"] == 1100
    assert kpis["brand_mention_lift"] == (1100 - 700) / 700 * 100


def test_a_tools_rate_by_followers_is_not_compared_with_one_by_impressions(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-12: Socialinsider's `Engagement Rate by Followers` (2.07 % = 3,100 / 150,000) was
    compared with kpi's engagement rate by impressions (3,100 / 52,000 = 5.96 %) and said to
    differ on every row. A rate by followers, reach or views is no engagement rate of kpi's:
    not compared, and kpi's figures stand."""
    report, err = scored(
        write(
            "Profile,Network,Date,Link,Followers,Likes,Comments,Engagement,Engagement Rate by Followers,"
            "Reach,Impressions,Engagement Rate by Reach\n"
            "Acme,Instagram,2025-08-02,https://www.instagram.com/reel/S3/,150000,3000,100,3100,2.07%,"
            "40000,52000,7.75%\n"
            "Acme,Instagram,2025-08-05,https://www.instagram.com/p/S4/,150500,1000,50,1050,0.70%,"
            "15000,20000,7.00%\n"
        )
    )
    assert "differs from kpi's" not in err
    assert "not 'Engagement Rate by Reach'" not in err
    kpis = _kpis(report)
    assert kpis["engagement_rate"] == (3100 + 1050) / (52000 + 20000) * 100  # 5.76 %
    assert kpis["engagement_rate_by_followers"] == (3100 + 1050) / (150000 + 150500) * 100  # 1.38 %


def test_total_reach_and_saved_are_read(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-13: Emplifi's `Total reach` (beside `Organic reach` and `Paid reach`) and
    Iconosquare's `Saved` were not read: reach and saves "no ... column"."""
    report, _ = scored(
        write(
            "Profile,Date,Link,Interactions,Organic reach,Paid reach,Total reach,Impressions,Saved\n"
            "Acme,2025-09-01,https://www.facebook.com/acme/posts/1,600,8000,2000,10000,14000,60\n"
            "Acme,2025-09-03,https://www.facebook.com/acme/posts/2,900,12000,0,12000,15000,310\n"
        ),
        "-q",
    )
    kpis = _kpis(report)
    assert kpis["reach"] == 10000 + 12000  # the totals, never organic + paid + total
    assert kpis["frequency"] == (14000 + 15000) / (10000 + 12000)  # 1.32
    assert kpis["saves"] == 60 + 310


# Meltwater's mentions export: UTF-16, tab-separated, `Date` beside `Time`, the source's
# estimated `Reach` and `AVE`, and each network's counts in their own columns.
MELTWATER = [
    ["Date", "Time", "Document ID", "Headline", "URL", "Hit Sentence", "Source", "Influencer", "Reach",
     "Engagement", "AVE", "Sentiment", "Likes", "Replies", "Retweets", "Comments", "Shares", "Reactions"],
    ["01-Jul-2025", "09:15AM", "d1", "", "https://x.com/ann/status/1", "Loving #acmesummer", "Twitter",
     "@ann", "5000", "55", "46.25", "Positive", "40", "5", "10", "", "", ""],
    ["01-Jul-2025", "06:40PM", "d2", "Acme summer launch", "https://news.example.com/a", "Acme launched",
     "News Example", "Jane Doe", "1200000", "", "11100.00", "Neutral", "", "", "", "", "", ""],
    ["02-Jul-2025", "11:00AM", "d3", "", "https://www.facebook.com/p/3", "Acme rocks", "Facebook",
     "Bob's page", "20000", "130", "185.00", "Positive", "", "", "", "30", "20", "80"],
]  # fmt: skip


def test_meltwater_mentions_export(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audits P-10, P-4, P-7: read as an X Ads export, `Time` (`09:15AM`) was taken for the
    date and the file refused; with it ignored the mentions were no posts ("X Ads rows ...
    are campaigns"), the sources' estimated audience was Reach 1,225,000, and the Facebook
    mention's 20 shares lost to `Retweets` (shares 10). Now: 3 mentions by 3 authors on
    1–2 July, no reach (an estimate), engagements 55 + 130 = 185 (the news item has none),
    shares 10 (the tweet's retweets) + 20 (the Facebook post's shares) = 30."""
    text = "\n".join("\t".join(row) for row in MELTWATER) + "\n"
    report, err = scored(write(text, encoding="utf-16", name="meltwater.csv"))
    total = report["total"]["kpis"]
    assert "recognised as Meltwater mentions export" in err
    assert report["date_range"] == {"start": "2025-07-01", "end": "2025-07-02"}
    assert total["posts"]["value"] == 3
    assert total["activated_influencers"]["value"] == 3
    assert total["reach"]["value"] is None
    assert "'Reach' is not read: Meltwater's estimate" in total["reach"]["reason"]
    assert total["engagements"]["value"] == 55 + 130
    assert total["shares"]["value"] == 10 + 20
    assert total["revenue"]["value"] is None and total["total_spend"]["value"] is None  # AVE is neither


def test_brandwatch_mentions_export(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audits P-11, P-4: read as Meta Business Suite's export, Brandwatch's `Date` was dropped
    as "Meta's Date column names the period" and its estimated `Impressions` summed (25,000).
    Now: 3 mentions on 1–3 July, no impressions (an estimate), said."""
    report, err = scored(
        write(
            "Brandwatch Report\nReport:,Mentions\nBrand:,Acme\nFrom:,2025-07-01 00:00\nTo:,2025-07-03 23:59\n"
            "Query Id,Query Name,Date,Title,Url,Domain,Sentiment,Page Type,Author,Full Name,Impressions,"
            "Reach (new),Twitter Followers,Twitter Retweets\n"
            "1998,Acme brand,2025-07-01 10:02:00.0,,https://x.com/ann/status/1,x.com,positive,twitter,ann,"
            "Ann A,5000,3100,5000,10\n"
            "1998,Acme brand,2025-07-02 18:40:00.0,,https://www.instagram.com/p/K2/,instagram.com,positive,"
            "instagram,bob,Bob B,20000,12000,,\n"
            "1998,Acme brand,2025-07-03 12:00:00.0,,https://www.facebook.com/p/4,facebook.com,positive,"
            "facebook,carl,Carl C,,,,\n"
        )
    )
    total = report["total"]["kpis"]
    assert "recognised as Brandwatch mentions export" in err
    assert report["date_range"] == {"start": "2025-07-01", "end": "2025-07-03"}
    assert total["posts"]["value"] == 3
    assert total["impressions"]["value"] is None
    assert "'Impressions' is not read: Brandwatch's estimate" in total["impressions"]["reason"]


def test_zeros_of_reach_and_followers_are_no_audience(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Rows of 0 followers and 0 reach (a post nobody saw, audit B's edge file) say nothing of
    reach being an audience: reach stays read, Σ 0, and the reach KPIs say it sums to 0."""
    report, err = scored(
        write("post_id,influencer,followers,reach,impressions,likes\np1,alice,0,0,0,0\np2,bob,0,0,0,0\n"),
        "-q",
    )
    total = report["total"]["kpis"]
    assert total["reach"]["value"] == 0 + 0
    assert total["impressions"]["value"] == 0 + 0
    assert total["frequency"]["reason"] == "reach sum to 0"
    assert "not read as reach" not in err


def test_a_daily_follower_history_is_named_as_one(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-14: Iconosquare's follower history by day was "recognised as TikTok Studio export"
    and its posts null because "TikTok Studio rows without a video link or ID are days of the
    whole account, not videos". It is named for what it is; the figures are as before: only the
    dates are read (a level of followers a day, or its change, is not added up)."""
    report, err = scored(
        write(
            "Date,Followers,New followers,Lost followers,Following\n"
            "2025-04-01,50000,120,40,310\n2025-04-02,50080,95,15,310\n"
            "2025-04-03,50160,110,30,312\n2025-04-04,50240,100,20,312\n"
        )
    )
    assert "recognised as daily follower series" in err and "TikTok" not in err
    posts = report["total"]["kpis"]["posts"]
    assert posts["value"] is None
    assert posts["reason"] == "no post IDs: a daily follower series' rows are days of the account, not posts"
    assert {k: v for k, v in _kpis(report).items() if v is not None} == {}  # nothing summed
    assert report["date_range"] == {"start": "2025-04-01", "end": "2025-04-04"}


def test_posts_with_lost_followers_are_no_follower_series(write, scored) -> None:  # type: ignore[no-untyped-def]
    """A posts export with the account's `Followers` and `Lost followers` beside each post's
    figures was "recognised as daily follower series" by those words: posts null as "days of the
    account" (3 posts) and Followers unread. The profile claims follower histories only."""
    posts_export = (
        "Date,Caption,Impressions,Likes,Comments,Followers,Lost followers\n"
        "2025-03-01,Spring drop,1000,50,5,5000,3\n"
        "2025-03-03,Giveaway,2000,80,8,5010,2\n"
        "2025-03-04,GRWM,1500,60,6,5020,4\n"
    )
    report, err = scored(write(posts_export, "posts.csv"))
    assert "follower series" not in err
    kpis = _kpis(report)
    assert kpis["posts"] == 3
    assert kpis["impressions"] == 1000 + 2000 + 1500
    assert kpis["engagements"] == (50 + 5) + (80 + 8) + (60 + 6)  # 209
    # read as a tracker's posts: engagements over each post's followers, 209 / 15,030
    assert kpis["engagement_rate_by_followers"] == 209 / (5000 + 5010 + 5020) * 100
    # Nor a post link beside the words, two posts on one day, no caption: 2 posts.
    linked = (
        "Date,Post URL,Impressions,Likes,Lost followers\n"
        "2025-03-01,https://x.co/1,1000,50,3\n2025-03-01,https://x.co/2,2000,80,2\n"
    )
    report, err = scored(write(linked, "linked.csv"))
    assert "follower series" not in err
    assert _kpis(report)["posts"] == 2
    assert _kpis(report)["impressions"] == 1000 + 2000
