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
