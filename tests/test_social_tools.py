"""Exports of social-media-management tools, shops and ads managers without a profile of their
own (audit H): Sprout Social, Hootsuite, Buffer, Agorapulse, Metricool, a Shopify sales report,
Reddit Ads, Amazon Ads. Headers are the tools' as the evidence in kpi_cli/profiles/ cites it;
every expected figure is worked out by hand in the test."""

from __future__ import annotations

from typing import Any

import pytest

DAYS = "no post IDs: one row a day and nothing naming a post (no post ID, creator, campaign or title): " \
    "the rows are days of the account, not posts"  # fmt: skip


def _kpi(report: dict[str, Any], kpi: str) -> dict[str, Any]:
    found: dict[str, Any] = report["total"]["kpis"][kpi]
    return found


# --------------------------------------------------------------------------- H-1


@pytest.mark.parametrize("header", ["Posts Sent Count", "Post Engaged Users", "Post Negative Feedback"])
def test_an_unread_figure_starting_with_post_does_not_make_days_posts(
    scored: Any, write: Any, header: str
) -> None:
    # Audit H-1: an account's 3 days with an unread `Post ...` figure were 3 posts (the header
    # was taken for a post's name, as `Post #` is). Impressions 4,500 + 3,900 + 5,100 = 13,500.
    report, _ = scored(
        write(
            f"Date,Network,Impressions,Engagements,{header}\n"
            "2025-03-01,Facebook,4500,210,2\n2025-03-02,Facebook,3900,180,1\n2025-03-03,Facebook,5100,240,0\n"
        )
    )
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == DAYS
    assert _kpi(report, "impressions")["value"] == 4500 + 3900 + 5100
