"""Organic analytics exports of X, LinkedIn (creator), Twitch and Facebook Insights (audit R).

Every figure is worked out by hand in the test; the evidence for each shape is in
/work/audit/R/REPORT.md and in the comments below.
"""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()

DAYS = "no post IDs: one row a day and nothing naming a post (no post ID, creator, campaign or title): " \
    "the rows are days of the account, not posts"  # fmt: skip


def _kpi(report: dict[str, Any], kpi: str) -> dict[str, Any]:
    return dict(report["total"]["kpis"][kpi])


# An account's days with a count of minutes kpi does not read (as Twitch's `Minutes Watched`),
# whose five-digit values (10,710) have the shape of an Excel date serial (of 1929).
MINUTES = (
    "Date,Impressions,Likes,Minutes viewed\n"
    "2024-03-01,1000,10,10710\n"
    "2024-03-02,2500,20,12000\n"
    "2024-03-03,1800,35,15000\n"
)


def test_unread_five_digit_counts_do_not_make_days_posts(write_csv: Any, scored: Any) -> None:
    # Audit R-2: the unread minutes "named" the rows, so the 3 days were 3 posts.
    report, _ = scored(write_csv(MINUTES, "minutes.csv"))
    posts = _kpi(report, "posts")
    assert posts["value"] is None
    assert posts["reason"] == DAYS
    assert _kpi(report, "impressions")["value"] == 1000 + 2500 + 1800  # 5,300
    assert _kpi(report, "engagements")["value"] == 10 + 20 + 35  # 65


def test_a_column_of_excel_date_serials_still_names_the_rows(write_csv: Any, scored: Any) -> None:
    # The rule the fix keeps: a column of serials of 1990-2100 (45,352 = 2024-03-01) left
    # unread is a date of each row, not a figure: these rows are named, so they stay posts
    # (one row each: 3).
    text = "Date,Impressions,Released\n2024-03-01,100,45352\n2024-03-02,200,45353\n2024-03-03,300,45354\n"
    report, _ = scored(write_csv(text, "serials.csv"))
    assert _kpi(report, "posts")["value"] == 3


# Facebook Page › Insights › Export data › Post data, the legacy export: header and the line of
# descriptions under it as a public spec of a parser of these files has them ("The metric file
# from facebook insights has two header lines"), the columns after the impressions cut.
FB_POSTS = (
    "Post ID,Permalink,Post Message,Type,Countries,Languages,Posted,Audience Targeting,"
    "Lifetime Post Total Reach,Lifetime Post organic reach,Lifetime Post Paid Reach,"
    "Lifetime Post Total Impressions,Lifetime Post Organic Impressions,Lifetime Post Paid Impressions,"
    "Lifetime Engaged Users,Lifetime Post Consumptions\n"
    ",,,,,,,,Lifetime: The total number of people your Page post was served to. (Unique Users),"
    '"Lifetime: The number of people who saw your Page post in news feed or ticker, or on your '
    "Page's timeline. (Unique Users)\","
    "Lifetime: The number of people your advertised Page post was served to. (Unique Users),"
    "Lifetime: The number of impressions of your Page post. (Total Count),"
    "Lifetime: The number of impressions of your post in News Feed or ticker or on your Page's Timeline. "
    "(Total Count),"
    "Lifetime: The number of impressions of your Page post in an Ad or Sponsored Story. (Total Count),"
    "Lifetime: The number of people who clicked anywhere in your posts. (Unique Users),"
    "Lifetime: The number of clicks anywhere in your post. (Total Count)\n"
    "111_201,https://www.facebook.com/brand/posts/201,Spring launch,Video,,,3/1/2016 10:00,,"
    "1000,800,300,1500,1100,400,90,75\n"
    "111_202,https://www.facebook.com/brand/posts/202,Photo of the week,Photo,,,3/2/2016 9:00,,"
    "2000,2000,0,2600,2600,0,150,130\n"
    "111_203,https://www.facebook.com/brand/posts/203,Read our blog,Link,,,3/3/2016 12:30,,"
    "500,500,0,700,700,0,30,40\n"
)


def test_facebook_insights_legacy_post_export(write_csv: Any, scored: Any) -> None:
    # Audit R-5: no column was read (reach "no reach column"), the descriptions were "a blank
    # row", and with --map they stopped the run as "not a number". The Total columns are read;
    # organic and paid are parts of them that overlap (800 + 300 = 1,100 > 1,000).
    report, stderr = scored(write_csv(FB_POSTS, "fb_posts.csv"))
    assert "row 2 under the header describes the columns (Lifetime: The total number" in stderr
    assert "blank row" not in stderr
    assert _kpi(report, "posts")["value"] == 3
    assert _kpi(report, "reach")["value"] == 1000 + 2000 + 500  # 3,500
    assert _kpi(report, "impressions")["value"] == 1500 + 2600 + 700  # 4,800
    assert _kpi(report, "frequency")["value"] == (1500 + 2600 + 700) / (1000 + 2000 + 500)  # 1.371
    clicks = _kpi(report, "clicks")  # consumptions are clicks anywhere on the post
    assert clicks["value"] is None
    assert "'Lifetime Post Consumptions' is not read" in clicks["reason"]


# The legacy Page export (Page data): one row a day, rolling Weekly and 28 Days columns, a
# running Lifetime total, and the line of descriptions under the header.
FB_PAGE = (
    "Date,Lifetime Total Likes,Daily New Likes,Daily Total Reach,Weekly Total Reach,28 Days Total Reach\n"
    ",Lifetime: The total number of people who have liked your Page. (Unique Users),"
    "Daily: The number of new people who have liked your Page. (Unique Users),"
    "Daily: The number of people who had any content from your Page enter their screen. (Unique Users),"
    "Weekly: The number of people who had any content from your Page enter their screen. (Unique Users),"
    "28 Days: The number of people who had any content from your Page enter their screen. (Unique Users)\n"
    "2016-03-01,5000,10,900,5000,15000\n"
    "2016-03-02,5009,12,1100,5300,15200\n"
    "2016-03-03,5020,11,700,5400,15100\n"
)


def test_facebook_insights_legacy_page_days_are_not_posts(write_csv: Any, scored: Any) -> None:
    # Audit R-3: kpi reads none of these columns, and the 3 days were 3 posts (with the
    # descriptions line and without it). Nothing is summed: not the running Lifetime Total
    # Likes, not the rolling Weekly and 28 Days reach.
    for text in (FB_PAGE, FB_PAGE.split("\n", 2)[0] + "\n" + FB_PAGE.split("\n", 2)[2]):
        report, _ = scored(write_csv(text, "fb_page.csv"))
        posts = _kpi(report, "posts")
        assert posts["value"] is None
        assert posts["reason"] == DAYS
        assert _kpi(report, "reach")["value"] is None


# LinkedIn creator analytics (profile › Analytics › Export), its TOP POSTS sheet saved as CSV:
# a banner, a blank line, then two tables side by side, top posts by engagements (columns 1-3)
# and, ranked on their own, by impressions (5-7), a blank column between (marcelmarais/linklytics
# reads it with skiprows=2 as `Post URL`, `Post URL.1`; a public exceljs parser of the workbook:
# "two side-by-side tables … we dedupe by URL").
LINKEDIN_TOP_POSTS = (
    "Maximum of 50 posts available to include in this list,,,,,,\n"
    ",,,,,,\n"
    "Post URL,Post publish date,Engagements,,Post URL,Post publish date,Impressions\n"
    "https://www.linkedin.com/feed/update/urn:li:activity:7001/,1/5/2024,120,,"
    "https://www.linkedin.com/feed/update/urn:li:activity:7003/,1/9/2024,9000\n"
    "https://www.linkedin.com/feed/update/urn:li:activity:7002/,1/7/2024,80,,"
    "https://www.linkedin.com/feed/update/urn:li:activity:7001/,1/5/2024,6000\n"
    "https://www.linkedin.com/feed/update/urn:li:activity:7003/,1/9/2024,60,,"
    "https://www.linkedin.com/feed/update/urn:li:activity:7004/,1/11/2024,3000\n"
    "https://www.linkedin.com/feed/update/urn:li:activity:7005/,1/12/2024,10,,"
    "https://www.linkedin.com/feed/update/urn:li:activity:7002/,1/7/2024,2500\n"
)


def test_two_tables_side_by_side_are_refused(write_csv: Any) -> None:
    # Audit R-1: read as one table it was 4 posts (the left side's URLs; 5 in all) and an
    # engagement rate of 270 / 20,500 = 1.32 % "good", 7001's engagements over 7003's
    # impressions on the first row.
    path = write_csv(LINKEDIN_TOP_POSTS, "top_posts.csv")
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        "top_posts.csv, row 3: two tables side by side, columns 1-3 ('Post URL', 'Post publish date', "
        "'Engagements') and columns 5-7 ('Post URL', 'Post publish date', 'Impressions')"
    ) in result.stderr
    assert "save each table as a file of its own" in result.stderr
    assert "Traceback" not in result.output


def test_the_two_tables_as_two_files(write_csv: Any, scored: Any) -> None:
    # The fix the error gives: each side a file. Posts 7001, 7002, 7003, 7005 and 7003, 7001,
    # 7004, 7002: 5 distinct. Engagements 120 + 80 + 60 + 10 = 270, impressions 9,000 + 6,000 +
    # 3,000 + 2,500 = 20,500; no row has both, so no engagement rate is made up.
    lines = LINKEDIN_TOP_POSTS.splitlines()[2:]
    left = write_csv("\n".join(",".join(line.split(",")[:3]) for line in lines) + "\n", "left.csv")
    right = write_csv("\n".join(",".join(line.split(",")[4:]) for line in lines) + "\n", "right.csv")
    report, _ = scored(left, right)
    assert _kpi(report, "posts")["value"] == 5
    assert _kpi(report, "engagements")["value"] == 120 + 80 + 60 + 10
    assert _kpi(report, "impressions")["value"] == 9000 + 6000 + 3000 + 2500
    assert _kpi(report, "engagement_rate")["value"] is None


def test_a_blank_header_column_alone_is_no_second_table(write_csv: Any, scored: Any) -> None:
    # A spacer column in one table (nothing repeated on its right) is read as before: posts 2,
    # impressions 100 + 300 = 400, likes 5 + 7 = 12.
    text = "Post URL,Impressions,,Likes,Comments\nhttps://x.com/a/status/1,100,,5,0\nhttps://x.com/a/status/2,300,,7,0\n"
    report, _ = scored(write_csv(text, "spacer.csv"))
    assert _kpi(report, "posts")["value"] == 2
    assert _kpi(report, "impressions")["value"] == 400
    assert _kpi(report, "engagements")["value"] == 12


# Twitch Creator Dashboard › Analytics › Export data, one row a day of the channel (the metrics
# as Twitch's Creator Camp "Channel analytics" page and theemergence.co.uk's guide name them).
TWITCH = (
    "Date,Average Viewers,Max Viewers,Live Views,Unique Viewers,New Followers,Chatters,Chat Messages,"
    "Minutes Watched,Minutes Streamed,Revenue\n"
    "2024-03-01,42.5,61,310,180,12,35,820,10710,252,18.40\n"
    "2024-03-02,38.0,55,270,160,8,30,640,9120,240,11.10\n"
    "2024-03-03,0,0,0,0,2,0,0,0,0,0\n"
)


def test_twitch_revenue_is_the_streamers_earnings(write_csv: Any, scored: Any) -> None:
    # Audit R-4: Revenue (18.40 + 11.10 = $29.50, the streamer's subs, Bits and ads) was read as
    # the revenue the campaign brought, and the 3 days were 3 posts. Live views 310 + 270 + 0 =
    # 580. Unique viewers are each day's (180, 160, 0): a viewer of both days is in both, so
    # 180 + 160 + 0 = 340 is no reach of the channel's days (fixres).
    report, stderr = scored(write_csv(TWITCH, "Channel Analytics.csv"))
    assert "recognised as Twitch channel analytics export" in stderr
    revenue = _kpi(report, "revenue")
    assert revenue["value"] is None
    assert revenue["reason"].startswith(
        "'Revenue' is not read: Twitch's Revenue is the streamer's own earnings"
    )
    posts = _kpi(report, "posts")
    assert posts["value"] is None
    assert posts["reason"] == (
        "no post IDs: Twitch channel analytics rows are days or streams of the channel, not posts"
    )
    assert _kpi(report, "views")["value"] == 310 + 270 + 0
    reach = _kpi(report, "reach")
    assert reach["value"] is None
    assert reach["reason"].startswith("'Unique Viewers' is the people reached on each day")


def test_pinterest_analytics_days_are_said_to_be_days(write_csv: Any, scored: Any) -> None:
    # Audit R-7: Pinterest Analytics' organic overview by day was read right, but its posts were
    # null because "Pinterest Ads rows are campaigns, ad groups or ads". Impressions 12,000 +
    # 10,000 = 22,000; saves 110 + 70 = 180; outbound clicks 40 + 30 = 70 (not Pin clicks).
    text = (
        "Date,Impressions,Engagements,Pin clicks,Outbound clicks,Saves,Engagement rate,Total audience\n"
        "2024-02-01,12000,300,150,40,110,2.5%,8000\n"
        "2024-02-02,10000,200,100,30,70,2%,7000\n"
    )
    report, stderr = scored(write_csv(text, "pinterest_overview.csv"))
    posts = _kpi(report, "posts")
    assert posts["value"] is None
    assert "or days of the account in Pinterest Analytics" in posts["reason"]
    # ... and the file was "recognised as Pinterest Ads export" (audit R-7 rest)
    assert "recognised as Pinterest Ads or Pinterest Analytics export" in stderr
    assert _kpi(report, "impressions")["value"] == 12000 + 10000
    assert _kpi(report, "saves")["value"] == 110 + 70
    assert _kpi(report, "clicks")["value"] == 40 + 30


def test_pinterest_daily_total_audience_is_no_reach_of_the_days(write_csv: Any, scored: Any) -> None:
    # Pinterest Analytics' overview by day: `Total audience` is "the total number of people who
    # have seen or engaged with your pins" (simplepinmedia.com's analytics guide), each day's
    # distinct people. Summed it was reach 8,000 + 7,000 + 6,000 = 21,000 over 3 days and frequency
    # 31,000 / 21,000 = 1.48, though one person seen on every day is in all three figures: the
    # three days may have reached as few as 8,000. No reach, no frequency, and why.
    text = (
        "Date,Impressions,Engagements,Pin clicks,Outbound clicks,Saves,Engagement rate,Total audience\n"
        "2024-02-01,12000,300,150,40,110,2.5%,8000\n"
        "2024-02-02,10000,200,100,30,70,2%,7000\n"
        "2024-02-03,9000,100,60,20,50,1.11%,6000\n"
    )
    path = write_csv(text, "pinterest_overview.csv")
    report, _ = scored(path)
    why = (
        "'Total audience' is the people reached on each day: added up over days it counts a person "
        "again for every day they were reached, so it is no reach of the period; export the reach "
        "of the whole date range (one figure, not by day), or see each day's with --by date"
    )
    for kpi in ("reach", "frequency"):
        assert _kpi(report, kpi)["value"] is None
        assert _kpi(report, kpi)["reason"] == why
    assert _kpi(report, "impressions")["value"] == 12000 + 10000 + 9000  # impressions do add up
    # One day is that day's reach: 8,000, frequency 12,000 / 8,000 = 1.5.
    report, _ = scored(path, "--by", "date")
    day = report["groups"][0]["kpis"]
    assert day["reach"]["value"] == 8000 and day["frequency"]["value"] == 12000 / 8000
    assert [g["kpis"]["reach"]["value"] for g in report["groups"]] == [8000, 7000, 6000]
    # A week of them is days added up again: no figure.
    report, _ = scored(path, "--by", "date", "--period", "week")
    assert all(g["kpis"]["reach"]["value"] is None for g in report["groups"])


def test_daily_reach_beside_posts_has_no_total_reach(write_csv: Any, scored: Any) -> None:
    # Any tool's daily series of an account (no profile), beside a tracker's posts: the total
    # holds the account's days, so it has no reach (2,000 + 3,000 + 500 + 700 = 6,200 would count
    # the account's day-to-day audience again); each post's reach is still its own under
    # --by influencer (@a 500, @b 700), and the days' group (no creator) has none.
    days = write_csv("Date,Reach,Impressions\n2025-03-01,2000,2600\n2025-03-02,3000,3900\n", "daily.csv")
    posts = write_csv(
        "Creator,Post URL,Reach,Impressions\n@a,https://x.co/1,500,600\n@b,https://x.co/2,700,900\n"
    )
    report, _ = scored(days, posts)
    assert _kpi(report, "reach")["value"] is None
    assert _kpi(report, "reach")["reason"].startswith("'Reach' is the people reached on each day")
    assert _kpi(report, "impressions")["value"] == 2600 + 3900 + 600 + 900
    report, _ = scored(days, posts, "--by", "influencer")
    reach = {g["label"]: g["kpis"]["reach"]["value"] for g in report["groups"]}
    assert reach["@a"] == 500 and reach["@b"] == 700


def test_linkedin_followers_sheet_days_are_not_posts(write_csv: Any, scored: Any) -> None:
    # LinkedIn creator analytics' FOLLOWERS sheet: the total on a line above, then new followers
    # a day (the exceljs parser's comments: "R1: ['Total followers on M/D/YYYY', <total>] R2:
    # blank R3: ['Date', 'New followers']"). Four days, no posts; the gains are no audience.
    # (A Twitch profile claiming `New Followers` once took the file from TikTok Studio's, and its
    # 4 days became 4 posts.)
    text = (
        "Total followers on 1/4/2024,1520\n,\nDate,New followers\n"
        "1/1/2024,5\n1/2/2024,3\n1/3/2024,0\n1/4/2024,12\n"
    )
    report, stderr = scored(write_csv(text, "followers.csv"))
    assert _kpi(report, "posts")["value"] is None
    assert _kpi(report, "engagement_rate_by_followers")["value"] is None
    # Audit R-7 rest: it was "recognised as TikTok Studio export", its posts null because "TikTok
    # Studio rows without a video link or ID are days of the whole account, not videos".
    assert "recognised as daily follower series" in stderr and "TikTok" not in stderr
    assert _kpi(report, "posts")["reason"] == (
        "no post IDs: a daily follower series' rows are days of the account, not posts"
    )
    assert report["date_range"] == {"start": "2024-01-01", "end": "2024-01-04"}
    # TikTok Studio's FollowerHistory.csv (audit A's inputs) keeps its profile by its own
    # `Difference in followers from previous day`; nothing but the date is read, as before.
    text = (
        "Date,Followers,Difference in followers from previous day\n"
        "2025-04-01,5000,12\n2025-04-02,5010,10\n2025-04-03,5031,21\n"
    )
    report, stderr = scored(write_csv(text, "FollowerHistory.csv"))
    assert "recognised as TikTok Studio export" in stderr
    assert "TikTok Studio rows without a video link or ID are days" in _kpi(report, "posts")["reason"]


def test_a_summary_of_label_value_pairs_is_refused_for_what_it_is(write_csv: Any) -> None:
    # Audit R-8: LinkedIn's creator analytics DISCOVERY sheet (the exceljs parser of the workbook:
    # "R1: ['Overall Performance', 'M/D/YYYY - M/D/YYYY'] R2: ['Impressions', <number>] R3:
    # ['Members reached', <number>]") was refused with "value 'Members reached' is not a number"
    # and "--map 'Impressions=ignore'", which could not help. Exit 2 still, saying what it is.
    text = "Overall Performance,1/1/2024 - 1/31/2024\nImpressions,20500\nMembers reached,9000\n"
    path = write_csv(text, "discovery.csv")
    result = runner.invoke(app, ["score", str(path), "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"kpi: error: {path}, row 2: a summary of label/value pairs ('Impressions' 20500, 'Members "
        "reached' on row 3, ...), not a table of posts or days; kpi scores a table with a row a post "
        "or a day: export the sheet with the posts or the days instead (LinkedIn's creator analytics: "
        "its ENGAGEMENT sheet has the days, TOP POSTS the posts)"
    )
    assert "--map" not in result.stderr
    # Another tool's summary, without a line above: the same, with the general fix.
    result = runner.invoke(app, ["score", str(write_csv("Reach,9000\nAvg. watch time,12\n", "s.csv")), "-q"])
    assert result.exit_code == 2
    assert "row 1: a summary of label/value pairs ('Reach' 9000, 'Avg. watch time' on row 2" in result.stderr
    assert result.stderr.rstrip().endswith("(one row a post or a day, a column a figure)")
