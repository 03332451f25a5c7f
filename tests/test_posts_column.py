"""Exports of one row per creator that say how many posts each row stands for.

Evidence that such exports exist and what their column means:
- impact.com, "Performance by Creator Report" (help.impact.com, article 155000000258):
  `Content` is the number of posts, stories and other content each creator posted.
- Aspire, "Performance Impact Snapshot" (help.aspireiq.com, article 6403060): `Content`,
  the unique pieces of content (an image, a video).
- Modash, "Understanding campaign analytics" (help.modash.io, article 13717084): `Total
  content` / `Campaign content`, the posts, Stories and videos collected.
- Later Influence, "Navigating the Reports Section" (help-influence.later.com): `Posts`,
  the posts published; Inzpire.me's reporting: `Pieces of content`.
- YouTube Studio's `Content` is the video ID instead (tests/fixtures/exports/youtube_table_data.csv):
  the cells decide (see sniff._check_ids).

Posts are the sum of that column (SPEC's "distinct post IDs, else rows" assumes a row is a
post); cost per post divides spend by it, over the rows where both are known. Every figure
is worked out by hand below.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.kpis import Aggregator, compute_kpis
from kpi_cli.score import score_files

runner = CliRunner()

# impact.com's Performance by Creator, as audit b's finding 4 has it (one row per creator).
IMPACT = (
    "Creator,Social Platform,Content,Reach,Impressions,Engagements,Clicks,Revenue,Total Cost\n"
    'Lena Schmidt,Instagram,3,48200,61000,4100,900,"$2,400.00","$1,200.00"\n'
    'Jörg Müller,TikTok,2,120500,150000,9800,1300,"$3,100.00","$2,000.00"\n'
    "Anja Weber,Instagram,4,15900,30000,2200,400,$600.00,$500.00\n"
)


@pytest.mark.parametrize("header", ["Content", "Posts", "Total content", "Number of posts", "# of posts"])
def test_posts_are_the_sum_of_the_post_count_column(write: Any, header: str) -> None:
    report = score_files([write(IMPACT.replace("Content", header, 1))])
    posts = report.total.kpi("posts")
    assert posts.value == 3 + 2 + 4  # not 3 (the rows: one per creator)
    assert posts.missing == {}
    cpp = report.total.kpi("cost_per_post")
    assert cpp.value == pytest.approx((1200 + 2000 + 500) / 9)  # $411.11, not $3,700 / 3 = $1,233.33
    assert cpp.verdict == "good"  # default bands (no tier): good $100–$500; $1,233.33 was poor
    assert cpp.notes == []  # every row has both spend and posts


def test_the_audit_file_in_json(write: Any) -> None:
    result = runner.invoke(app, ["score", write(IMPACT), "-f", "json"])
    assert result.exit_code == 0, result.output
    kpis = json.loads(result.stdout)["total"]["kpis"]
    assert kpis["posts"]["value"] == 9
    assert kpis["cost_per_post"]["display"] == "$411.11"  # 3,700 / 9
    assert "Content→posts" in result.stderr
    assert "ignored Content" not in result.stderr


def test_a_breakdown_counts_each_groups_posts(write: Any) -> None:
    path = write(IMPACT)
    by_creator = {g.label: g for g in score_files([path], by=["influencer"]).groups}
    assert {label: g.kpi("posts").value for label, g in by_creator.items()} == {
        "Lena Schmidt": 3, "Jörg Müller": 2, "Anja Weber": 4,
    }  # fmt: skip
    assert by_creator["Lena Schmidt"].kpi("cost_per_post").value == pytest.approx(1200 / 3)  # $400
    assert by_creator["Jörg Müller"].kpi("cost_per_post").value == pytest.approx(2000 / 2)  # $1,000
    assert by_creator["Anja Weber"].kpi("cost_per_post").value == pytest.approx(500 / 4)  # $125
    by_platform = {g.label: g for g in score_files([path], by=["platform"]).groups}
    assert by_platform["Instagram"].kpi("posts").value == 3 + 4
    assert by_platform["Instagram"].kpi("cost_per_post").value == pytest.approx((1200 + 500) / 7)  # $242.86
    assert by_platform["TikTok"].kpi("posts").value == 2


def test_blank_post_counts_are_missing_and_leave_cost_per_post(write: Any) -> None:
    path = write(
        "Creator,Content,Impressions,Total Cost\n"
        "Lena,3,61000,$1200.00\n"
        "Jörg,,150000,$2000.00\n"  # posts unknown: his $2,000 leaves cost per post
        "Anja,4,30000,\n"  # spend unknown: her 4 posts leave it too, but count as posts
        "Ben,1,9000,$150.00\n"
    )
    total = score_files([path]).total
    posts = total.kpi("posts")
    assert posts.value == 3 + 4 + 1  # blanks skipped, as in every count
    assert posts.missing == {"posts": 1}
    cpp = total.kpi("cost_per_post")
    assert cpp.value == pytest.approx((1200 + 150) / (3 + 1))  # $337.50: Lena's and Ben's rows
    assert cpp.missing == {"spend": 1, "posts": 1}
    # 8 posts, of which Anja's 4 have no known spend: 8 - 4 = 4; Jörg's $2,000 has no posts
    assert cpp.notes == ["on 4 of 8 posts", "leaves out the spend of 1 row with posts blank"]
    assert total.kpi("total_spend").value == pytest.approx(1200 + 2000 + 150)


def test_a_post_count_blank_in_every_row_gives_no_posts(write: Any) -> None:
    path = write("Creator,Posts,Impressions,Total Cost\nLena,,61000,$1200.00\nJörg,N/A,150000,$2000.00\n")
    total = score_files([path]).total
    assert total.kpi("posts").value is None
    assert total.kpi("posts").reason == "posts blank in every row"
    assert total.kpi("cost_per_post").value is None


def test_files_with_and_without_the_column_each_count_their_own_posts(write: Any) -> None:
    """A file without a post-count column is not blank in it: its posts are its distinct
    post IDs, else its rows (SPEC), and its spend stays in cost per post."""
    creators = write(IMPACT, "creators.csv")  # 9 posts, $3,700
    by_id = write(
        "Post ID,Creator,Impressions,Spend\np1,Mia,1000,$100.00\np2,Mia,1000,$100.00\np3,Noa,1000,\n",
        "posts.csv",
    )  # 3 posts, $200 (p3's spend is blank: it counts as a post, not in cost per post)
    by_row = write("Creator,Impressions,Spend\nOla,500,$50.00\nOla,700,$50.00\n", "rows.csv")  # 2 posts, $100
    total = score_files([creators, by_id, by_row]).total
    assert total.kpi("posts").value == 9 + 3 + 2
    assert total.kpi("posts").missing == {}  # the other files' rows are not blank post counts
    cpp = total.kpi("cost_per_post")
    assert cpp.value == pytest.approx((3700 + 200 + 100) / (14 - 1))  # $307.69: p3 left out (audit B-1)
    assert cpp.missing == {"spend": 1}
    assert cpp.notes == ["on 13 of 14 posts"]


def test_a_post_count_column_decides_over_an_id_column(write: Any) -> None:
    """A tracker of one row per creator and campaign whose `Link` is the creator's profile:
    the links are 2 distinct values, the rows say 3 + 2 + 1 posts."""
    path = write(
        "Creator,Campaign,Link,Posts,Impressions,Total Cost\n"
        "Lena,Spring,https://instagram.com/lena,3,61000,$1200.00\n"
        "Lena,Summer,https://instagram.com/lena,2,40000,$800.00\n"
        "Anja,Spring,https://instagram.com/anja,1,30000,$500.00\n"
    )
    total = score_files([path]).total
    assert total.kpi("posts").value == 3 + 2 + 1  # not 2 (distinct links) or 3 (rows)
    assert total.kpi("cost_per_post").value == pytest.approx(2500 / 6)  # $416.67


def test_content_holding_video_ids_is_read_as_post_ids(write: Any) -> None:
    """YouTube Studio's `Content` is the video ID; in a file no profile claims, `Content`
    could be either, so its cells decide."""
    path = write(
        "Content,Views,Impressions\nUWQNrpakgcA,100,1000\nabcDEF12345,200,2000\nUWQNrpakgcA,50,500\n"
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "Content→post_id" in result.stderr
    assert json.loads(result.stdout)["total"]["kpis"]["posts"]["value"] == 2  # distinct video IDs


def test_content_of_small_numbers_in_a_youtube_file_is_ignored_not_summed(write: Any) -> None:
    # YouTube Studio's `Content` is the video ID: small numbers there are no IDs, and may be
    # the posts numbered (1, 2, 3 per creator, audit C): ignored, each row a post (2).
    path = write("Content,Video title,Video publish time,Views,Watch time (hours),Impressions\n"
                 "2,A,\"Aug 28, 2025\",100,1.5,1000\n3,B,\"Aug 29, 2025\",200,2.5,2000\n")  # fmt: skip
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "ignored Content" in result.stderr
    assert json.loads(result.stdout)["total"]["kpis"]["posts"]["value"] == 2


def test_a_post_count_written_in_words_is_an_error_naming_the_cell(write: Any) -> None:
    path = write(
        "Creator,Posts,Impressions,Total Cost\n"
        "Lena,3,61000,$1200.00\n"
        "Jörg,2 Reels + 1 Story,150000,$2000.00\n"
    )
    result = runner.invoke(app, ["score", path])
    assert result.exit_code == 2
    assert "row 3, column 'Posts'" in result.stderr
    assert "Traceback" not in result.output


def test_the_aggregator_keeps_the_posts_of_a_batch_without_spend() -> None:
    """The maths on its own (a notebook's frames): two batches, the second without spend."""
    import pandas as pd

    agg = Aggregator(expected=frozenset({"posts", "spend"}))
    agg.add(pd.DataFrame({"posts": pd.array([3, 2], dtype="Int64"), "spend": [300.0, 100.0]}))
    agg.add(pd.DataFrame({"posts": pd.array([5, None], dtype="Int64")}))
    (kpis,) = compute_kpis(agg.result()).values()
    by_id = {k.id: k for k in kpis}
    assert by_id["posts"].value == 3 + 2 + 5
    assert by_id["posts"].missing == {"posts": 1}
    # $40: batch 2 has no spend column, so its spend is elsewhere and its 5 posts stay in cost
    # per post (a spend cell left blank would take its row's posts out: audit B-1's decision)
    assert by_id["cost_per_post"].value == pytest.approx((300 + 100) / (3 + 2 + 5))
    assert by_id["cost_per_post"].notes == []


def test_kpi_kpis_says_where_posts_come_from() -> None:
    result = runner.invoke(app, ["kpis", "posts"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    formula = "Σ posts column (one row per creator), else distinct post IDs, else rows that are posts"
    assert f"  Formula  {formula}" in lines
    assert any(line.startswith("  Needs    posts (optional): Posts, ") for line in lines)
    assert any(line.strip().startswith("post_id (optional): Post ID") for line in lines)


def test_kpi_columns_shows_content_read_as_posts(write: Any) -> None:
    result = runner.invoke(app, ["columns", write(IMPACT), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert '"Content"' in result.stdout and '"posts"' in result.stdout


@pytest.mark.parametrize(
    ("header", "cells", "why"),
    [
        # A roster's lifetime posts (trnd: "Total Posts - the total number of posts an
        # influencer has published"): 1,284 on a row is no campaign's count.
        ("Posts", ("1284", "655", "2310"), "a creator's lifetime posts, or IDs?"),
        # Content numbered by ID (1041...): 3,126 posts over 3,000 impressions, the same.
        ("Content", ("1041", "1042", "1043"), "a creator's lifetime posts, or IDs?"),
        # Content as the deliverable type, or captions: words, not a count.
        ("Content", ("Reel", "Story", "Video"), "holds words"),
        ("Content", ("Spring haul with @brand", "Unboxing", "Tutorial"), "holds words"),
    ],
)
def test_a_posts_column_that_is_no_count_is_ignored_and_rows_are_posts(
    write: Any, header: str, cells: tuple[str, ...], why: str
) -> None:
    # Three rows, no post IDs: posts = rows = 3.
    rows = "".join(f'@c{i},"{cell}",1000,1200\n' for i, cell in enumerate(cells))
    path = write(f"Creator,{header},Impressions,Total Cost\n" + rows)
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]["kpis"]
    assert total["posts"]["value"] == 3
    assert f"ignored {header}" in result.stderr
    columns = runner.invoke(app, ["columns", path, "--format", "json"])
    assert why in columns.stdout


def test_posts_numbered_per_creator_are_not_summed(write: Any) -> None:
    # `Post` numbers each creator's posts 1, 2, 3: five rows are five posts ($3,100 / 5 = $620),
    # not 1 + 2 + 3 + 1 + 2 = 9.
    path = write(
        "Creator,Post,Impressions,Fee\n@lena,1,1000,600\n@lena,2,1000,600\n@lena,3,1000,700\n"
        "@marco,1,1000,600\n@marco,2,1000,600\n"
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    total = json.loads(result.stdout)["total"]["kpis"]
    assert (total["posts"]["value"], total["cost_per_post"]["value"]) == (5, 620)


def test_posts_written_in_words_with_figures_are_an_error_naming_the_cell(write: Any) -> None:
    # `1 Reel + 3 Stories` is a count in words: neither summed nor ignored, but named, with
    # the way on (the posts written as numbers, or the column ignored).
    path = write("Creator,Posts,Impressions,Fee\n@a,1 Reel + 3 Stories,40000,1200\n@b,2,30000,900\n")
    result = runner.invoke(app, ["score", path])
    assert result.exit_code == 2
    assert "row 2, column 'Posts': value '1 Reel + 3 Stories' is not a number" in result.stderr
    assert "--map 'Posts=ignore'" in result.stderr


def test_a_totals_row_does_not_make_a_posts_column_look_like_lifetime_posts(write: Any) -> None:
    # Seven creators' posts 18 + 15 + 22 + 12 + 16 + 20 + 14 = 117 and a Total row (117):
    # posts 117, cost per post $11,000 / 117 = $94.02 (the Total row is dropped).
    posts, fees = (18, 15, 22, 12, 16, 20, 14), (1800, 1500, 2200, 1200, 1600, 2000, 700)
    pairs = enumerate(zip(posts, fees, strict=True))
    rows = "".join(f"@c{i},{p},{p * 5000},{fee}\n" for i, (p, fee) in pairs)
    path = write("Creator,Posts,Impressions,Fee\n" + rows + "Total,117,585000,11000\n")
    result = runner.invoke(app, ["score", path, "-f", "json"])
    total = json.loads(result.stdout)["total"]["kpis"]
    assert total["posts"]["value"] == 117
    assert total["cost_per_post"]["value"] == pytest.approx(11000 / 117)


def test_a_roster_of_lifetime_posts_without_impressions_asks(write: Any) -> None:
    # A roster: Followers, Posts (1,284, 655, 2,310: the creators' lifetime posts), Fee. No
    # impressions to weigh them against: half the rows claim more than 50 posts, so kpi asks
    # (summed, they made cost per post $0.87, "excellent"). With --map 'Posts=ignore' the rows
    # are creators with a fee and no post's figures: no posts, so no cost per post (it was
    # $3,700 / 3 = $1,233.33, three creators counted as three posts; audit w #7).
    path = write("Creator,Followers,Posts,Fee\n@a,84000,1284,1200\n@b,41000,655,900\n@c,150000,2310,1600\n")
    result = runner.invoke(app, ["score", path])
    assert result.exit_code == 2
    assert "column 'Posts'" in result.stderr and "--map 'Posts=ignore'" in result.stderr
    mapped = runner.invoke(app, ["score", path, "--map", "Posts=ignore", "-f", "json"])
    cost_per_post = json.loads(mapped.stdout)["total"]["kpis"]["cost_per_post"]
    assert cost_per_post["value"] is None
    assert "are not posts" in cost_per_post["reason"]


def test_a_posts_column_beside_impressions_in_k_and_a_small_roster(write: Any) -> None:
    # Impressions typed 61.2K are 61,200, not nothing: 18 posts over 180,570 impressions is a
    # count (cost per post $4,550 / 18 = $252.78). Three creators with 1,284 and 655 posts
    # of three: half the rows claim more than 50, so kpi asks, one new creator (38) or not.
    path = write(
        "Creator,Posts,Impressions,Fee\n@a,6,61.2K,1500\n@b,4,30.4K,1000\n@c,7,88.1K,1800\n@d,1,870,250\n"
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert json.loads(result.stdout)["total"]["kpis"]["cost_per_post"]["value"] == pytest.approx(4550 / 18)
    roster = write(
        "Creator,Followers,Posts,Fee\n@a,84000,1284,1200\n@b,41000,655,900\n@c,3000,38,100\n", "r.csv"
    )
    assert runner.invoke(app, ["score", roster]).exit_code == 2


def test_the_funnel_table_and_markdown_show_a_figure_beside_its_edge(write: Any) -> None:
    # CTR 9,996 / 1,000,000 = 0.9996%: poor (< 1%), shown `<1.00%` in the table and Markdown.
    path = write("influencer,impressions,clicks,spend\n@a,1000000,9996,100\n")
    table = runner.invoke(app, ["score", path], env={"COLUMNS": "100"}).stdout
    assert "<1.00%" in table
    assert "\\<1.00%" in runner.invoke(app, ["score", path, "-f", "markdown"]).stdout


# X's account analytics, tweet activity "by day" (audit q #7.2): one row per day, and the
# day's posts in `Tweets published` (a day with none is a row too).
X_DAILY = (
    '"Date","Tweets published","impressions","engagements","engagement rate","retweets",'
    '"replies","likes","user profile clicks","url clicks"\n'
    '"2025-03-03","3","12000","600","0.05","20","10","70","50","150"\n'
    '"2025-03-04","0","1500","40","0.0267","2","1","10","5","10"\n'
    '"2025-03-06","2","8000","400","0.05","10","15","55","40","80"\n'
)


def test_x_daily_activity_counts_tweets_published_not_days(write: Any) -> None:
    result = runner.invoke(app, ["score", write(X_DAILY), "-f", "json"])
    assert result.exit_code == 0, result.output
    kpis = json.loads(result.stdout)["total"]["kpis"]
    assert kpis["posts"]["value"] == 3 + 0 + 2  # not 3, the days
    assert kpis["impressions"]["value"] == 12000 + 1500 + 8000
    assert "Tweets published→posts" in result.stderr


def test_upfluence_publications_are_the_posts(write: Any) -> None:
    # Upfluence's campaign export (audit h #7): one row per creator, `Publications` posts each.
    text = (
        "Influencer,Social network,Followers,Publications,Reach,Impressions,Engagements,Cost\n"
        "lenaglow,Instagram,182000,3,182000,64000,2840,1500.00\n"
        "skinbysam,TikTok,54000,2,54000,90000,4620,600.00\n"
    )
    report = score_files([write(text)])
    assert report.total.kpi("posts").value == 3 + 2  # not the 2 rows
    assert report.total.kpi("cost_per_post").value == pytest.approx((1500 + 600) / 5)  # $420, not $1,050
