"""Rows that restate other rows, or are no rows at all: notes under a table, a creator tab
passed with its post tab, Meta rows at several levels or with a breakdown's `All` row
(audit m). Every expected figure is worked out by hand in the test."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.score import score_files

runner = CliRunner()

POSTS = (
    "Creator,Platform,Post URL,Impressions,Likes,Comments,Shares,Clicks,Cost\n"
    "@lena,Instagram,https://instagram.com/p/A1,10000,500,50,20,100,400\n"
    "@lena,Instagram,https://instagram.com/p/A2,20000,800,60,40,200,400\n"
    "@marco,TikTok,https://tiktok.com/@marco/video/1,40000,2000,100,80,300,600\n"
    "@marco,TikTok,https://tiktok.com/@marco/video/2,20000,1000,50,40,100,600\n"
)


def kpis(*paths: str, **kwargs: Any) -> dict[str, Any]:
    report = score_files(list(paths), **kwargs)
    names = ("posts", "activated_influencers", "impressions", "total_spend", "cost_per_post")
    return {k: report.total.kpi(k).value for k in names}


# --------------------------------------------------------------------------- notes under the table


def test_notes_under_the_table_are_no_creators_and_no_posts(write: Any) -> None:
    """A spreadsheet's notes under its table (audit m, finding 5): `Notes:`, a line of prose
    and a quoted line in the Creator column, every other cell blank, then the `Total` row.
    They are not creators or posts: 2 creators, 4 posts, cost per post 2,000 / 4 = $500.00
    (kpi counted 5 creators, 7 posts and 2,000 / 7 = $285.71)."""
    path = write(
        POSTS + ",,,,,,,,\n"
        "Notes:,,,,,,,,\n"
        "Cost excludes 20% agency fee,,,,,,,,\n"
        '"Marco\'s video 1 boosted with 5,000 paid impressions",,,,,,,,\n'
        "Total,,,90000,4300,260,180,700,2000\n"
    )
    assert kpis(path) == {
        "posts": 4, "activated_influencers": 2, "impressions": 10000 + 20000 + 40000 + 20000,
        "total_spend": 400 + 400 + 600 + 600, "cost_per_post": pytest.approx(2000 / 4),
    }  # fmt: skip
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0
    assert "dropped row 7 ('Notes:'): text only, no figures, under the table: a note" in result.stderr
    assert "dropped row 8 ('Cost excludes 20% agency fee')" in result.stderr


def test_text_only_rows_inside_the_table_or_naming_a_creator_stay_rows(write: Any) -> None:
    """A text-only row with rows of figures under it is a row of the table, as before; so is
    a planned post that names only its creator (`@nina`, no figures yet), even last:
    5 + 1 = 6 posts, 3 + 1 = 4 creators, cost per post 2,000 / 6 = $333.33."""
    path = write(
        POSTS.replace("@marco,TikTok,https://tiktok.com/@marco/video/1", "Sara Lee at the launch,,,,,,,,\n"
                      "@marco,TikTok,https://tiktok.com/@marco/video/1", 1)
        + "@nina,,,,,,,,\n"
    )  # fmt: skip
    assert kpis(path) == {
        "posts": 6, "activated_influencers": 4, "impressions": 90000,
        "total_spend": 2000, "cost_per_post": pytest.approx(2000 / 6),
    }  # fmt: skip


# --------------------------------------------------------------------------- a creator tab with its post tab


def test_a_creator_tab_that_sums_the_post_tab_is_refused(write: Any) -> None:
    """A tracker's creator tab (one row per creator, no Posts column) beside its post tab
    (audit m, finding 2). @lena: 10,000 + 20,000 = 30,000 impressions, 500 + 800 = 1,300
    likes, $400 + $400 = $800; @marco: 40,000 + 20,000 = 60,000, 3,000 likes, $1,200.
    Scored together kpi summed 180,000 impressions and $4,000 over 6 posts ($666.67 a post,
    poor) for 90,000, $2,000 and 4 ($500.00, good): now an error naming both files."""
    posts = write(POSTS, "posts.csv")
    creators = write(
        "Creator,Platform,Impressions,Likes,Comments,Shares,Clicks,Cost\n"
        "@lena,Instagram,30000,1300,110,60,300,800\n"
        "@marco,TikTok,60000,3000,150,120,400,1200\n",
        "creators.csv",
    )
    for order in ([posts, creators], [creators, posts]):
        result = runner.invoke(app, ["score", *order, "-f", "json"])
        assert result.exit_code == 2, result.stdout
        assert result.stdout == ""
        (line,) = [x for x in result.stderr.splitlines() if "error" in x]
        assert f"{creators} has a row per creator with the sums of each creator's rows in {posts} " in line
        assert "(30,000 impressions for '@lena' = the sum of 2 rows)" in line
        assert "score the files apart" in line
    # Each apart is right: 90,000 impressions and $2,000 either way; 4 posts in the post tab.
    assert kpis(posts)["posts"] == 4 and kpis(posts)["impressions"] == 90000
    assert kpis(creators)["impressions"] == 30000 + 60000 and kpis(creators)["total_spend"] == 800 + 1200


def test_a_fee_tab_restating_impressions_and_engagements_is_refused(write: Any) -> None:
    """The creator tab holds Fee, Impressions and Engagements; the post tab likes, comments
    and shares. @lena's engagements (500 + 50 + 20) + (800 + 60 + 40) = 1,470 and her
    impressions 30,000 are her posts' sums: refused (kpi summed 180,000 impressions)."""
    posts = write(POSTS.replace(",Cost\n", "\n").replace(",400\n", "\n").replace(",600\n", "\n"), "posts.csv")
    fees = write(
        "Creator,Platform,Fee,Impressions,Engagements\n@lena,Instagram,800,30000,1470\n"
        "@marco,TikTok,1200,60000,3270\n",
        "fees.csv",
    )
    result = runner.invoke(app, ["score", posts, fees])
    assert result.exit_code == 2
    assert f"{fees} has a row per creator with the sums of each creator's rows in {posts} " in result.stderr


def test_a_fee_tab_with_other_figures_is_added_as_before(write: Any) -> None:
    """Creators of the post tab with figures of their own (a story each: 5,000 and 7,000
    impressions, fee $300 and $500) are not its sums: added. 90,000 + 12,000 = 102,000
    impressions, $2,000 + $800 = $2,800 over 4 + 2 = 6 posts."""
    posts = write(POSTS, "posts.csv")
    stories = write("Creator,Impressions,Likes,Cost\n@lena,5000,200,300\n@marco,7000,300,500\n", "s.csv")
    got = kpis(posts, stories)
    assert (got["impressions"], got["total_spend"], got["posts"]) == (102000, 2800, 6)
