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


# --------------------------------------------------------------------------- H-5

SALES = "no post IDs: rows without reach, views or interactions (fees, sales, visits) are not posts"


@pytest.mark.parametrize(
    "money",
    [
        "Discounts,Returns,Net sales,Shipping,Taxes",  # Shopify's sales by discount
        "Discount amount,Refunded,Net sales,Shipping fee,VAT",  # the same parts spelt otherwise
    ],
)
def test_a_shops_money_columns_do_not_make_its_rows_posts(scored: Any, write: Any, money: str) -> None:
    # Audit H-5: Shopify's Analytics › Sales by discount, one row per discount code; its unread
    # money columns were taken for a post's figures in a language kpi does not read: 3 codes
    # were 3 posts. Orders 12 + 8 + 3 = 23, revenue (Net sales) 1,000 + 765 + 210 = 1,975.
    report, _ = scored(
        write(
            f'"Discount code","Discount type","Orders","Gross sales",{money},"Total sales"\n'
            '"MIA10","Percentage",12,1200.00,-120.00,-80.00,1000.00,60.00,84.00,1144.00\n'
            '"LENA15","Percentage",8,900.00,-135.00,0.00,765.00,40.00,61.20,866.20\n'
            '"JOERG","Fixed amount",3,240.00,-30.00,0.00,210.00,15.00,16.80,241.80\n'
        )
    )
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == SALES
    assert _kpi(report, "conversions")["value"] == 12 + 8 + 3
    assert _kpi(report, "revenue")["value"] == pytest.approx(1000 + 765 + 210)


# --------------------------------------------------------------------------- H-11


def test_amazon_ads_report_runs_from_its_start_date_to_its_end_date(scored: Any, write: Any) -> None:
    # Audit H-11: a Sponsored Products search-term report over March, `Start Date` and
    # `End Date` on every row; kpi said the range was one day (1 March) and left `End Date`
    # unread. Spend £24.80 + £12.00 = £36.80, sales £1,049.65.
    report, stderr = scored(
        write(
            "Start Date,End Date,Currency,Campaign Name,Customer Search Term,Impressions,Clicks,"
            "Spend,7 Day Total Sales ,7 Day Total Orders (#)\n"
            '"Mar 01, 2025","Mar 31, 2025",GBP,SP | Board,bamboo cutting board,"1,204",31,£24.80,"£1,049.65",35\n'
            '"Mar 01, 2025","Mar 31, 2025",GBP,SP | Board,wooden board,800,10,£12.00,£0.00,0\n'
        )
    )
    assert report["date_range"] == {"start": "2025-03-01", "end": "2025-03-31"}
    assert _kpi(report, "total_spend")["value"] == pytest.approx(24.80 + 12.00)
    assert _kpi(report, "revenue")["value"] == pytest.approx(1049.65)
    assert "End Date→date end" in stderr
