"""Organic analytics exports of X, LinkedIn (creator), Twitch and Facebook Insights (audit R).

Every figure is worked out by hand in the test; the evidence for each shape is in
/work/audit/R/REPORT.md and in the comments below.
"""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()

DAYS = "no post IDs: one row a day and nothing naming a post (no post ID, creator, campaign or title): " \
    "the rows are days of the account, not posts"  # fmt: skip


def _score(*args: Any) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["score", *map(str, args), "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def _kpi(report: dict[str, Any], kpi: str) -> dict[str, Any]:
    return dict(report["total"]["kpis"][kpi])


# A channel's days with Twitch's `Minutes Watched` (Creator Dashboard › Analytics › Export data;
# Twitch's Creator Camp "Channel analytics" page names it): a count kpi does not read, whose
# five-digit values (10,710) have the shape of an Excel date serial (of 1929).
TWITCH = (
    "Date,Impressions,Likes,Minutes Watched\n"
    "2024-03-01,1000,10,10710\n"
    "2024-03-02,2500,20,12000\n"
    "2024-03-03,1800,35,15000\n"
)


def test_unread_five_digit_counts_do_not_make_days_posts(write_csv: Any) -> None:
    # Audit R-2: the unread minutes "named" the rows, so the 3 days were 3 posts.
    report, _ = _score(write_csv(TWITCH, "twitch.csv"))
    posts = _kpi(report, "posts")
    assert posts["value"] is None
    assert posts["reason"] == DAYS
    assert _kpi(report, "impressions")["value"] == 1000 + 2500 + 1800  # 5,300
    assert _kpi(report, "engagements")["value"] == 10 + 20 + 35  # 65


def test_a_column_of_excel_date_serials_still_names_the_rows(write_csv: Any) -> None:
    # The rule the fix keeps: a column of serials of 1990-2100 (45,352 = 2024-03-01) left
    # unread is a date of each row, not a figure: these rows are named, so they stay posts
    # (one row each: 3).
    text = "Date,Impressions,Released\n2024-03-01,100,45352\n2024-03-02,200,45353\n2024-03-03,300,45354\n"
    report, _ = _score(write_csv(text, "serials.csv"))
    assert _kpi(report, "posts")["value"] == 3
