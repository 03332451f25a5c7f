"""Creator-side analytics exports (YouTube Studio, X analytics, LinkedIn Page, TikTok Studio):
audit q. Every expected figure is worked out by hand next to the assertion."""

from __future__ import annotations

import json
from typing import Any

# YouTube Studio › Advanced mode › Export current view: the zip holds `Table data.csv`,
# `Chart data.csv` (one row per video per day) and `Totals.csv` (one row per day); a public
# parser test writes these headers (find_string "Date,Content,Video title,Video publish time").
YT_CHART = (
    "Date,Content,Video title,Video publish time,Duration,Views\n"
    '2025-09-18,UWQNrpakgcA,Consistency is the key #shorts,"Aug 28, 2025",9,3000\n'
    '2025-09-19,UWQNrpakgcA,Consistency is the key #shorts,"Aug 28, 2025",9,5000\n'
    '2025-09-18, -i5vAKwX_bY,"Life, unexpected journey",,7,2000\n'
    '2025-09-18,mx7T928-TGs,"Power of ""brain"" #ytshorts","Sep 18, 2025",54,1000\n'
    '2025-09-19,mx7T928-TGs,"Power of ""brain"" #ytshorts","Sep 18, 2025",54,4000\n'
)


def _groups(doc: dict[str, Any], kpi: str) -> dict[str, Any]:
    return {g["label"]: g["kpis"][kpi]["value"] for g in doc["groups"]}


def test_youtube_chart_data_by_date_is_the_day_of_the_views(write: Any, scored: Any) -> None:
    """A row's own `Date` is the day its views happened; `Video publish time` is when the
    video went up (Aug 28 for a video viewed on Sep 18 and 19)."""
    doc, err = scored(write(YT_CHART, "Chart data.csv"), "--by", "date")
    assert _groups(doc, "views") == {
        "2025-09-18": 3_000 + 2_000 + 1_000,  # 6,000
        "2025-09-19": 5_000 + 4_000,  # 9,000
    }
    assert doc["total"]["kpis"]["views"]["value"] == 15_000
    assert doc["date_range"] == {"start": "2025-09-18", "end": "2025-09-19"}
    assert "repeat the post ID and date" not in err  # each video once a day: no duplicates


# analytics.twitter.com's tweet activity export (the "CLASSIC_HEADER" of a public importer
# test), cut to the columns that matter: `engagements` is the sum of every interaction,
# clicks included (row 1: 20 + 10 + 70 + 50 + 150 + 0 + 120 + 180 = 600).
X_TWEETS = (
    '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements",'
    '"engagement rate","retweets","replies","likes","user profile clicks","url clicks",'
    '"hashtag clicks","detail expands","media views","media engagements"\n'
    '"1896512345678901234","https://twitter.com/brandco/status/1896512345678901234","Spring drop",'
    '"2025-03-03 14:05 +0000","12000.0","600.0","0.05","20.0","10.0","70.0","50.0","150.0","0.0",'
    '"120.0","900.0","180.0"\n'
    '"1897512345678901234","https://twitter.com/brandco/status/1897512345678901234","Thread 1/5",'
    '"2025-03-06 09:30 +0000","8000.0","400.0","0.05","10.0","15.0","55.0","40.0","80.0","0.0",'
    '"200.0","0.0","0.0"\n'
    '"1898512345678901234","https://twitter.com/brandco/status/1898512345678901234","Giveaway!",'
    '"2025-03-10 17:00 +0000","20000.0","1000.0","0.05","300.0","150.0","250.0","60.0","40.0",'
    '"30.0","170.0","0.0","0.0"\n'
)
# LinkedIn Page › Analytics › Content › Export, the "All posts" sheet (see linkedin_page.yaml).
LI_POSTS = (
    "Post title,Post link,Post type,Campaign name,Posted by,Created date,Campaign start date,"
    "Campaign end date,Audience,Impressions,Views (excluding off-site video views),Off-site views,"
    "Clicks,Click through rate (CTR),Likes,Comments,Reposts,Follows,Engagement rate,Content Type\n"
    "Meet the team,https://www.linkedin.com/feed/update/urn:li:activity:7303000000000000001,Organic,,"
    "Jane Doe,03/04/2025,,,All followers,5000,,,250,0.05,100,10,5,3,0.0736,Image\n"
    "We're hiring,https://www.linkedin.com/feed/update/urn:li:activity:7304000000000000002,Organic,,"
    "Jane Doe,03/11/2025,,,All followers,3000,,,90,0.03,40,4,2,1,0.0467,Text\n"
    "Spring launch video,https://www.linkedin.com/feed/update/urn:li:activity:7305000000000000003,"
    "Organic,,Jane Doe,03/18/2025,,,All followers,2000,800,20,60,0.03,30,2,1,0,0.0465,Video\n"
)


def test_x_engagements_count_clicks_so_likes_reposts_replies_are_read(write: Any, scored: Any) -> None:
    """X's `engagements` adds every click (url, hashtag, profile, detail expand, media) to
    likes, retweets and replies (Buffer's "Twitter metric descriptions"; Locowise help), as
    Meta's Post engagements add link clicks and photo views: kpi sums the parts instead."""
    doc, _ = scored(write(X_TWEETS, "tweet_activity_metrics.csv"))
    kpis = doc["total"]["kpis"]
    likes_rts_replies = (70 + 20 + 10) + (55 + 10 + 15) + (250 + 300 + 150)  # 100 + 80 + 700
    assert kpis["engagements"]["value"] == likes_rts_replies == 880  # not 600 + 400 + 1,000
    assert kpis["impressions"]["value"] == 12_000 + 8_000 + 20_000
    assert round(kpis["engagement_rate"]["value"], 3) == round(880 / 40_000 * 100, 3) == 2.2
    assert kpis["engagement_rate"]["verdict"] == "good"  # not 5.0% excellent
    assert kpis["clicks"]["value"] == 150 + 80 + 40  # url clicks: CTR's numerator, once


def test_linkedin_page_posts_are_linkedin_not_x(write: Any, scored: Any) -> None:
    """LinkedIn's Page content export shares Impressions, Likes, Reposts and Clicks with X:
    it was read as X Ads and merged into X under --by platform."""
    x_file = write(X_TWEETS, "tweet_activity_metrics.csv")
    li_file = write(LI_POSTS, "brandco_content.csv")
    doc, err = scored(x_file, li_file, "--by", "platform")
    assert "recognised as LinkedIn Page content export" in err
    groups = {g["label"]: g["kpis"] for g in doc["groups"]}
    assert set(groups) == {"X", "LinkedIn"}
    linkedin = groups["LinkedIn"]
    assert linkedin["impressions"]["value"] == 5_000 + 3_000 + 2_000
    assert linkedin["engagements"]["value"] == (100 + 10 + 5) + (40 + 4 + 2) + (30 + 2 + 1)  # 194
    assert round(linkedin["engagement_rate"]["value"], 3) == 1.94  # 194 / 10,000
    assert linkedin["clicks"]["value"] is None  # Page Clicks include the Page name and logo
    assert linkedin["posts"]["value"] == 3
    assert groups["X"]["impressions"]["value"] == 40_000
    assert doc["date_range"] == {"start": "2025-03-03", "end": "2025-03-18"}  # 03/18: month first


# Table data.csv of a Shorts channel, with Likes, Comments added and Shares added in
# Advanced mode: Impressions (thumbnails shown on YouTube) far below the views.
YT_SHORTS = (
    "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,"
    "Impressions,Impressions click-through rate (%),Likes,Comments added,Shares\n"
    "Total,,,,84320,95.2,141,5210,6.1,3940,98,180\n"
    'UWQNrpakgcA,Morning routine #shorts,"Sep 2, 2025",28,48210,51.3,90,1912,7.2,2100,40,95\n'
    'kT3f9ZbQ1mE,Unboxing the new kit #ad #shorts,"Sep 9, 2025",41,30110,38.7,44,2480,5.5,1650,50,70\n'
    'mx7T928-TGs,Q&A answers #shorts,"Sep 16, 2025",55,6000,5.2,7,818,5.3,190,8,15\n'
)


def test_youtube_thumbnail_impressions_are_not_the_engagement_rate_base(write: Any, scored: Any) -> None:
    """SPEC's engagement rate is engagements / impressions, impressions being "times
    displayed". YouTube's Impressions count only thumbnails shown on YouTube (not embeds,
    links, notifications, the mobile site; tubics, passionfru.it), so this Shorts channel
    came out at 4,218 / 5,210 = 80.96% "excellent", one video with engagements (2,235) above
    its impressions (1,912). They are not read; --map reads them on purpose."""
    path = write(YT_SHORTS, "Table data.csv")
    doc, _ = scored(path)
    kpis = doc["total"]["kpis"]
    assert kpis["engagements"]["value"] == (2_100 + 40 + 95) + (1_650 + 50 + 70) + (190 + 8 + 15)  # 4,218
    assert kpis["views"]["value"] == 48_210 + 30_110 + 6_000  # 84,320
    assert kpis["impressions"]["value"] is None
    assert kpis["engagement_rate"]["value"] is None and kpis["engagement_rate"]["verdict"] is None
    mapped, _ = scored(path, "--map", "Impressions=impressions")  # the analyst's own choice
    assert mapped["total"]["kpis"]["impressions"]["value"] == 1_912 + 2_480 + 818  # 5,210


def test_youtube_impressions_reason_says_thumbnails(write: Any) -> None:
    import json

    from typer.testing import CliRunner

    from kpi_cli.cli import app

    result = CliRunner().invoke(app, ["columns", write(YT_SHORTS, "Table data.csv"), "-f", "json"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)["files"]
    impressions = next(c for c in doc["columns"] if c["header"] == "Impressions")
    assert impressions["column"] is None and "thumbnails shown on YouTube" in impressions["reason"]


YT_TABLE = (
    "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,"
    "Impressions,Impressions click-through rate (%),Likes,Comments added,Shares\n"
    "Total,,,,15000,120.5,97,60000,4.5,900,120,60\n"
    'UWQNrpakgcA,Consistency is the key #shorts,"Aug 28, 2025",9,8000,45.8772,100,30000,5.1,500,60,30\n'
    ' -i5vAKwX_bY,"Life, unexpected journey",,7,2000,0.4615,-5,10000,3.2,100,20,10\n'
    'mx7T928-TGs,"Power of ""brain"" #ytshorts","Sep 18, 2025",54,5000,74.1613,2,20000,4.4,300,40,20\n'
)
YT_TOTALS = "Date,Views\n2025-09-18,6000\n2025-09-19,9000\n"


def _run(*args: str) -> Any:
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    return CliRunner().invoke(app, ["score", *args, "-f", "json"])


def test_youtube_export_files_passed_together_are_refused(write: Any) -> None:
    """Table data (8,000 + 2,000 + 5,000), Chart data (3,000 + 5,000 + 2,000 + 1,000 + 4,000)
    and Totals (6,000 + 9,000) all hold the same 15,000 views: together they gave 45,000."""
    table = write(YT_TABLE, "Table data.csv")
    chart = write(YT_CHART, "Chart data.csv")
    totals = write(YT_TOTALS, "Totals.csv")
    result = _run(table, chart, totals)
    assert result.exit_code == 2 and result.stdout == ""
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("kpi: error:")]
    assert error.startswith(f"kpi: error: {chart} restates {table}: the same views 15,000 ")
    assert f"score {table} alone" in error
    assert _run(table, totals).exit_code == 2  # Totals.csv restates the table too
    added = _run(table, chart, totals, "--allow-duplicates")  # asked for: added up
    assert added.exit_code == 0
    assert json.loads(added.stdout)["total"]["kpis"]["views"]["value"] == 3 * 15_000


def test_two_periods_of_one_export_are_not_a_restatement(write: Any, scored: Any) -> None:
    """Other days, even with the very same figures, in as many rows: not one file split
    another way, so both count (a restatement has another number of rows)."""
    september = write(YT_TOTALS, "Totals.csv")
    october = write("Date,Views\n2025-10-01,6000\n2025-10-02,9000\n", "Totals (1).csv")
    doc, _ = scored(september, october)
    assert doc["total"]["kpis"]["views"]["value"] == (6_000 + 9_000) * 2  # 30,000


def test_engagements_from_some_of_their_parts_say_so(write: Any, scored: Any) -> None:
    """A Spanish TikTok Studio content export (header from a public importer's fixture):
    `Me gusta totales` and `Comentarios totales` are read by no profile, so engagements are
    its shares alone, 63 + 8 + 1 = 72, where likes + comments + shares are (820 + 44 + 63) +
    (120 + 5 + 8) + (40 + 2 + 1) = 1,103. The figure stands as SPEC sums it; stderr says
    what it is made of."""
    path = write(
        "Título del video,Hora de publicación,Enlace del video,Visualizaciones totales,"
        "Me gusta totales,Comentarios totales,Veces compartido\n"
        "Criolipólisis,2025-09-10 18:30:00,https://www.tiktok.com/@v/video/7300000000000000001,"
        "15400,820,44,63\n"
        "Hifu sin dolor,2025-09-08 09:05:00,https://www.tiktok.com/@v/video/7300000000000000002,"
        "3200,120,5,8\n"
        "Peeling,2025-09-05 12:00:00,https://www.tiktok.com/@v/video/7300000000000000003,900,40,2,1\n",
        "Content_es.csv",
    )
    doc, err = scored(path)
    assert doc["total"]["kpis"]["engagements"]["value"] == 63 + 8 + 1  # 72
    assert (
        f"{path}: engagements are shares ('Veces compartido') only: no likes or comments column "
        "was read; if one of the ignored headers holds them, --map 'HEADER=likes'"
    ) in err.splitlines()


def test_engagements_without_saves_alone_need_no_note(write: Any, scored: Any) -> None:
    """YouTube, X and LinkedIn have no saves: likes + comments + shares is the whole figure."""
    doc, err = scored(write(YT_TABLE, "Table data.csv"))
    assert doc["total"]["kpis"]["engagements"]["value"] == (500 + 60 + 30) + (100 + 20 + 10) + (300 + 40 + 20)
    assert "engagements are" not in err
