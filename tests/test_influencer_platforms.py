"""Influencer platforms' campaign and content reports that earlier audits barely touched
(audit Z): CreatorIQ, Tagger, #paid, Captiv8, Traackr, HypeAuditor, Dash Hudson, Klear,
Emplifi, Brandwatch Influence, Upfluence, Modash, Mavrck / Later Influence, Linqia.
Every figure is worked out by hand in the test."""

from __future__ import annotations

from typing import Any

import pytest

# CreatorIQ since April 2025 (creatoriq.com/whats-new-in-creatoriq/views-to-impressions):
# "View – the content appears on a user's screen (still content and video)", "Engaged View –
# a user actively stops to watch the video (video only)"; "Impressions will refer to any view
# that lasts between 1 millisecond and 1 second". A post list with both, plural as a table
# heads them. By hand: views (engaged) 25,000 + 35,000 + 15,000 = 75,000; impressions (its
# views) 40,000 + 60,000 + 30,000 = 130,000; engagements 1,320 + 1,980 + 990 = 4,290;
# engagement rate 4,290 / 130,000 = 3.3%.
CREATORIQ = (
    "Creator,Network,Post URL,Published Date,Views,Engaged Views,Likes,Comments,Shares,Engagements,"
    "Earned Media Value\n"
    "mia.moves,TikTok,https://www.tiktok.com/@mia.moves/video/7351,2025-05-01,40000,25000,1200,80,40,1320,$800.00\n"
    "leo.cooks,TikTok,https://www.tiktok.com/@leo.cooks/video/7352,2025-05-02,60000,35000,1800,120,60,1980,"
    "$1200.00\n"
    "zoe.fit,Instagram,https://www.instagram.com/reel/Ck2/,2025-05-03,30000,15000,900,60,30,990,$600.00\n"
)


def _kpis(scored: Any, path: Any, *args: str) -> tuple[dict[str, Any], str]:
    report, stderr = scored(str(path), *args)
    return report["total"]["kpis"], " ".join(stderr.split())


@pytest.mark.parametrize(("views", "engaged"), [("Views", "Engaged Views"), ("View", "Engaged View")])
def test_creatoriqs_views_beside_engaged_views_are_impressions(
    write_csv: Any, scored: Any, views: str, engaged: str
) -> None:
    text = CREATORIQ.replace("Views,Engaged Views", f"{views},{engaged}", 1)
    kpis, err = _kpis(scored, write_csv(text))
    # Was: views 130,000 (the content on screen) and "no impressions column".
    assert kpis["views"]["value"] == 25000 + 35000 + 15000
    assert kpis["impressions"]["value"] == 40000 + 60000 + 30000
    assert kpis["engagement_rate"]["value"] == pytest.approx(4290 / 130000 * 100)
    assert f"'{views}' read as impressions beside '{engaged}'" in err
    assert f"read '{engaged}', not '{views}'" not in err


def test_creatoriqs_views_by_creator(write_csv: Any, scored: Any) -> None:
    report, _ = scored(str(write_csv(CREATORIQ)), "--by", "influencer")
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    # leo.cooks: engaged views 35,000, views on screen 60,000: 1,980 / 60,000 = 3.3%.
    assert groups["leo.cooks"]["views"]["value"] == 35000
    assert groups["leo.cooks"]["impressions"]["value"] == 60000


def test_a_files_own_impressions_come_before_creatoriqs_views(write_csv: Any, scored: Any) -> None:
    # With `Impressions` there too, it is read; `Views` stays unread (the engaged views are the
    # video views): impressions 10,000 + 20,000 + 30,000 = 60,000.
    text = CREATORIQ.replace("Views,Engaged Views,", "Impressions,Views,Engaged Views,", 1)
    lines = text.splitlines()
    for i, imp in zip(range(1, 4), (10000, 20000, 30000), strict=True):
        cells = lines[i].split(",")
        cells.insert(4, str(imp))
        lines[i] = ",".join(cells)
    kpis, _ = _kpis(scored, write_csv("\n".join(lines) + "\n"))
    assert kpis["impressions"]["value"] == 60000
    assert kpis["views"]["value"] == 75000
    # No engaged views: a tracker's `Views` are its video views, 40,000 + 60,000 + 30,000.
    text = "\n".join(
        ",".join(c for j, c in enumerate(line.split(",")) if j != 5) for line in CREATORIQ.splitlines()
    )
    kpis, _ = _kpis(scored, write_csv(text + "\n", "no_engaged.csv"))
    assert kpis["views"]["value"] == 130000
    assert kpis["impressions"]["value"] is None


# An influencer platform's post list with Instagram's story link clicks under their old name
# beside the new one (Tagger's, #paid's, Captiv8's story metrics: "Link Clicks: how many times
# viewers have swiped up on a link", lytehouse.agency, "Instagram Story Insights, Explained"):
# the story's row fills `Swipe Ups`, its `Link Clicks` 0 or blank; the TikTok video's row
# `Link Clicks`. The file's own total says 200 link clicks and 150 swipe-ups. By hand: clicks
# 150 + 0 + 200 = 350; impressions 5,000 + 10,000 + 20,000 = 35,000; CTR 350 / 35,000 = 1.00%;
# spend 200 + 300 + 400 = $900; CPC 900 / 350 = $2.571.
STORIES = (
    "Creator,Network,Content Type,Post URL,Post Date,Impressions,Likes,Comments,Link Clicks,Swipe Ups,Cost\n"
    "mia.moves,Instagram,Story,https://www.instagram.com/stories/mia.moves/3101,2025-03-01,5000,0,0,{story},150,$200\n"
    "mia.moves,Instagram,Post,https://www.instagram.com/p/Ck1/,2025-03-03,10000,300,20,0,0,$300\n"
    "leo.cooks,TikTok,Video,https://www.tiktok.com/@leo.cooks/video/7351,2025-03-02,20000,500,40,200,0,$400\n"
    "Total,,,,,35000,800,60,200,150,$900\n"
)


@pytest.mark.parametrize("story", ["0", ""])
def test_a_storys_swipe_ups_are_its_link_clicks(write_csv: Any, scored: Any, story: str) -> None:
    path = write_csv(STORIES.format(story=story))
    kpis, err = _kpis(scored, path)
    # Was: clicks 200 (the story's 150 swipe-ups left out), CTR 0.57%, CPC $4.50.
    assert kpis["clicks"]["value"] == 150 + 200
    assert kpis["ctr"]["value"] == pytest.approx(350 / 35000 * 100)
    assert kpis["cpc"]["value"] == pytest.approx(900 / 350)
    assert "a row whose 'Link Clicks' are blank or 0 takes its 'Swipe Ups'" in err
    report, _ = scored(str(path), "--by", "influencer")
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    # mia.moves: 150 swipe-ups on 15,000 impressions = 1.00%, $500 / 150 = $3.333 a click.
    assert groups["mia.moves"]["clicks"]["value"] == 150
    assert groups["mia.moves"]["cpc"]["value"] == pytest.approx(500 / 150)

    # A platform whose link clicks count the story's swipe-ups too (150 on the story's row, not
    # 0): read alone, 150 + 0 + 200 = 350, never 500.
    kpis, _ = _kpis(scored, write_csv(STORIES.format(story="150"), "held.csv"))
    assert kpis["clicks"]["value"] == 350


# Traackr scores each creator on "the 3 R's": its Reach "is calculated on a scale from 1 to
# 100, representing the percentile in which this influencer fits", Audience "is an estimated
# number of followers" (help.traackr.com, "What is the difference between an influencer's reach
# and audience size"; "What is Traackr's scoring methodology"). A post list with the creators'
# scores beside each post. By hand: followers 52,000 + 130,000 + 18,000 = 200,000; engagements
# 2,240 + 6,710 + 800 = 9,750; engagement rate by followers 9,750 / 200,000 = 4.875%;
# impressions 31,000 + 88,000 + 12,000 = 131,000.
TRAACKR = (
    "Influencer,Channel,Post Date,Post URL,Reach,Resonance,Relevance,Audience,Impressions,Engagements,EMV\n"
    "Mia Cook,Instagram,2025-04-02,https://www.instagram.com/p/AAA1/,78,64,55,52000,31000,2240,$1210.00\n"
    "Leo Fit,TikTok,2025-04-04,https://www.tiktok.com/@leo.fit/video/111,85,71,60,130000,88000,6710,$3450.00\n"
    "Ana Style,Instagram,2025-04-06,https://www.instagram.com/p/AAA2/,52,48,70,18000,12000,800,$400.00\n"
)


def test_traackrs_reach_is_a_score_not_people_reached(write_csv: Any, scored: Any) -> None:
    path = write_csv(TRAACKR)
    kpis, err = _kpis(scored, path)
    # Was: reach 78 + 85 + 52 = 215 and frequency 131,000 / 215 = 609.3×.
    assert kpis["reach"]["value"] is None
    assert kpis["frequency"]["value"] is None
    assert "Traackr's Reach" in kpis["reach"]["reason"]
    assert "'Reach' not read as reach" in err
    assert kpis["impressions"]["value"] == 131000
    assert kpis["engagement_rate_by_followers"]["value"] == pytest.approx(9750 / 200000 * 100)
    report, _ = scored(str(path), "--by", "influencer")
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    assert groups["Leo Fit"]["reach"]["value"] is None  # was 85, frequency 88,000 / 85 = 1,035×
    # --map says it is reach: read so, 215.
    kpis, _ = _kpis(scored, write_csv(TRAACKR, "mapped.csv"), "--map", "Reach=reach")
    assert kpis["reach"]["value"] == 78 + 85 + 52


# Content grouped by creator ("You can group content by creator", help.modash.io,
# "Understanding campaign analytics"): each creator's line, with neither a date nor a post link,
# sums their posts under it. By hand: the posts' impressions 31,000 + 12,000 + 88,000 =
# 131,000; engagements 2,240 + 800 + 6,710 = 9,750; spend 700 × 3 = $2,100; 3 posts, $700 a
# post; Mia Cook's line 43,000 = 31,000 + 12,000 and 3,040 = 2,240 + 800.
GROUPED = (
    "Creator,Network,Post Date,Post URL,Impressions,Engagements,Cost\n"
    "Mia Cook,,,,43000,3040,$1400.00\n"
    "Mia Cook,Instagram,2025-04-02,https://www.instagram.com/p/AAA1/,31000,2240,$700.00\n"
    "Mia Cook,Instagram,2025-04-06,https://www.instagram.com/p/AAA2/,12000,800,$700.00\n"
    "Leo Fit,,,,88000,6710,$700.00\n"
    "Leo Fit,TikTok,2025-04-04,https://www.tiktok.com/@leo.fit/video/7351111,88000,6710,$700.00\n"
)


def test_a_creators_summary_over_their_posts_is_no_post(write_csv: Any, scored: Any) -> None:
    path = write_csv(GROUPED)
    kpis, err = _kpis(scored, path)
    # Was: 5 posts, impressions 262,000, spend $4,200 (every figure twice).
    assert kpis["posts"]["value"] == 3
    assert kpis["impressions"]["value"] == 31000 + 12000 + 88000
    assert kpis["engagements"]["value"] == 2240 + 800 + 6710
    assert kpis["total_spend"]["value"] == 2100
    assert kpis["cost_per_post"]["value"] == 700
    assert (
        "dropped row 2 ('Mia Cook'): no date or post ID, and every count equal to the sum of the 2 posts"
        in err
    )
    report, _ = scored(str(path), "--by", "influencer")
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    assert groups["Mia Cook"]["posts"]["value"] == 2
    assert groups["Mia Cook"]["impressions"]["value"] == 43000  # was 86,000
    assert groups["Leo Fit"]["total_spend"]["value"] == 700  # was $1,400

    # Outline form: the posts under a creator's line leave the creator blank; they are hers
    # (was: 5 posts, Mia Cook's and Leo Fit's lines the only posts named).
    lines = GROUPED.splitlines()
    posts = [i for i, line in enumerate(lines) if i and ",,,," not in line]
    outline = "\n".join("," + line.split(",", 1)[1] if i in posts else line for i, line in enumerate(lines))
    report, err = scored(str(write_csv(outline + "\n", "outline.csv")), "--by", "influencer")
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    assert report["total"]["kpis"]["posts"]["value"] == 3
    assert groups["Mia Cook"]["posts"]["value"] == 2
    assert groups["Leo Fit"]["impressions"]["value"] == 88000
    assert "(blank)" not in groups
    assert "rows 3, 4 and 6 with a blank 'Creator' under a summary line take its name" in " ".join(
        err.split()
    )
    # A creator's line that is not the sum of the posts under it (43,000 + 1 impressions) is a
    # post of its own, as before; so then is Leo Fit's, equal to his one post, with no group
    # of two posts or more showing the shape: 5 posts, 43,001 + 131,000 + 88,000 = 262,001.
    text = GROUPED.replace("Mia Cook,,,,43000,", "Mia Cook,,,,43001,", 1)
    kpis, _ = _kpis(scored, write_csv(text, "unsummed.csv"))
    assert kpis["posts"]["value"] == 5
    assert kpis["impressions"]["value"] == 43001 + 131000 + 88000


# An influencer platform's posts with its creators' summary table under them after a blank line
# (a sheet of two tables saved as one CSV). Refused: the second table's rows would be read as
# posts, or stop the read on one of their cells with an error naming the cell, not the table.
POSTS_THEN_CREATORS = (
    "Creator,Platform,Post URL,Post Date,Impressions,Likes,Comments,Cost\n"
    "mia.moves,Instagram,https://www.instagram.com/p/Ck1/,2025-03-01,10000,100,15,500\n"
    "mia.moves,Instagram,https://www.instagram.com/p/Ck2/,2025-03-03,12000,200,30,500\n"
    "leo.cooks,TikTok,https://www.tiktok.com/@leo.cooks/video/7351,2025-03-02,20000,300,45,500\n"
    "\n"
)


@pytest.mark.parametrize(
    ("creators", "header"),
    [
        # Narrower than the posts' header: was "6 cells where the header has 8".
        (
            "Creator,Posts,Impressions,Likes,Comments,Cost\nmia.moves,2,22000,300,45,1000\n"
            "leo.cooks,1,20000,300,45,500\n",
            "'Creator', 'Posts', 'Impressions', 'Likes', 'Comments', 'Cost'",
        ),
        # As wide: was "column 'Post Date': mixes year-first dates and Excel serial numbers".
        (
            "Creator,Platform,Posts,Followers,Impressions,Likes,Comments,Cost\n"
            "mia.moves,Instagram,2,50000,22000,300,45,1000\nleo.cooks,TikTok,1,70000,20000,300,45,500\n",
            "'Creator', 'Platform', 'Posts', 'Followers', 'Impressions', 'Likes'",
        ),
    ],
)
def test_a_creators_table_under_the_posts_is_named_as_such(write: Any, creators: str, header: str) -> None:
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    result = CliRunner().invoke(app, ["score", write(POSTS_THEN_CREATORS + creators), "-f", "json"])
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    err = " ".join(result.stderr.split())
    assert f"row 6: a header row ({header}) under the table: a second table stacked on the same sheet?" in err


# A tracker's post not yet live: its creator, platform, deliverable (`Post`) and status (`Posted`)
# typed, its link, date and figures blank (the tracker's columns: influencer_tracker.yaml's
# `Deliverable` and `Status`). `Post` and `Posted` name columns kpi reads, yet the row is no
# second table's header (every word of it sits in a column of words): read as before, a post of
# its own. By hand: posts 3 + 1 = 4; impressions 12,000 + 30,000 + 5,000 = 47,000.
def test_a_post_not_yet_live_is_no_second_tables_header(write: Any, scored: Any) -> None:
    text = (
        "Creator,Platform,Deliverable,Status,Post URL,Date,Impressions,Likes,Comments\n"
        "Anna,Instagram,Reel,Live,https://www.instagram.com/reel/Cx1/,2025-03-01,12000,800,40\n"
        "Ben,TikTok,Video,Live,https://www.tiktok.com/@ben/video/7301,2025-03-02,30000,2100,90\n"
        "Cara,Instagram,Post,Posted,,,,,\n"
        "Dan,Instagram,Story,Live,https://www.instagram.com/stories/dan/3301/,2025-03-03,5000,,\n"
    )
    kpis, _ = _kpis(scored, write(text))
    assert kpis["posts"]["value"] == 3 + 1
    assert kpis["impressions"]["value"] == 12_000 + 30_000 + 5_000


# A post list naming each creator by display `Name` and handle `Username`, as creator lists do
# ("Name, Email, Instagram Handle, Instagram Followers, ...": influencer_tracker.yaml; the
# layout of an influencer platform's post list is assumed). The tracker reads a handle before a name
# (audit C-6), yet `Name`, which only its German, French, Spanish, Portuguese and Italian
# lists name, ranked ahead of the English `Username`: the creators were their display names.
# By hand: mia.moves 31,000 impressions, leo.fit 88,000; two creators either way, named by
# their handles now.
NAMED = (
    "Name,Username,Social network,Publication date,Post link,Followers,Impressions,Likes,Comments\n"
    "Mia Cook,mia.moves,Instagram,2025-05-01,https://www.instagram.com/p/Ck1/,52000,31000,2100,140\n"
    "Leo Fit,leo.fit,TikTok,2025-05-02,https://www.tiktok.com/@leo.fit/video/7351111,130000,88000,6400,310\n"
)


def test_an_english_files_username_is_read_before_a_name(write_csv: Any, scored: Any) -> None:
    report, err = scored(str(write_csv(NAMED)), "--by", "influencer")
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    assert set(groups) == {"mia.moves", "leo.fit"}  # was {"Mia Cook", "Leo Fit"}
    assert groups["leo.fit"]["impressions"]["value"] == 88000
    assert "influencer: read 'Username', not 'Name'" in " ".join(err.split())


# Klear's (Meltwater's) campaign posts: "Potential Impressions: Aggregated number of followers
# from all the campaign posts", and "Engagement Rate: Total campaign engagements divided by the
# aggregated number of followers" (help.meltwater.com, "Klear Campaign Metrics"). By hand:
# engagements 115 + 230 + 345 = 690; followers 50,000 + 50,000 + 70,000 = 170,000; engagement
# rate by followers 690 / 170,000 = 0.406%, Klear's own 0.23%, 0.46%, 0.49% a post.
KLEAR = (
    "Influencer,Network,Post Link,Date,Likes,Comments,Shares,Engagements,Engagement Rate,Reach,"
    "Potential Impressions,EMV\n"
    "@anna,Instagram,https://www.instagram.com/p/Ck1/,2025-03-01,100,10,5,115,0.23%,8000,50000,$500.00\n"
    "@anna,Instagram,https://www.instagram.com/p/Ck2/,2025-03-03,200,20,10,230,0.46%,9000,50000,$700.00\n"
    "@ben,TikTok,https://www.tiktok.com/@ben/video/7351,2025-03-02,300,30,15,345,0.49%,20000,70000,$900.00\n"
)


def test_klears_potential_impressions_are_the_followers(write_csv: Any, scored: Any) -> None:
    kpis, _ = _kpis(scored, write_csv(KLEAR))
    # Was: "no followers column", no engagement rate by followers.
    assert kpis["engagement_rate_by_followers"]["value"] == pytest.approx(690 / 170000 * 100)
    assert kpis["impressions"]["value"] is None  # not impressions: no one saw 170,000
    assert kpis["reach"]["value"] == 8000 + 9000 + 20000
