"""Affiliate networks' exports (audit H-3, H-4, H-10, G-8).

- impact.com's Performance by Creator: `Reach` is "the total number of followers (audience)
  across all of the creators" (help.impact.com, article 155000000258), `Actions` its
  conversions.
- Transactions of impact.com (Actions: `Action Status` APPROVED / PENDING / REVERSED), Awin
  (`Commission Status` pending / approved / declined / deleted), ShareASale (`Voided` 1 on a
  voided sale), Refersion (`Status` PENDING / APPROVED / UNQUALIFIED / DENIED): the sale
  amount is revenue, the commission spend, each row one order; the rows of sales taken back
  are left out of every figure, and said on stderr with their count. A status kpi does not
  know is counted and said too. Sources: kpi_cli/profiles/affiliate_network.yaml.
Every figure is worked out by hand below.
"""

from __future__ import annotations

from typing import Any

import pytest

IMPACT_CREATORS = (
    "Creator,Social Platform,Content,Reach,Impressions,Engagements,Clicks,Actions,Revenue,Total Cost\n"
    'Lena Schmidt,Instagram,3,48200,61000,4100,900,30,"$2,400.00","$1,200.00"\n'
    'Jörg Müller,TikTok,2,120500,150000,9800,1300,41,"$3,100.00","$2,000.00"\n'
    "Anja Weber,Instagram,4,15900,30000,2200,400,8,$600.00,$500.00\n"
)

IMPACT_ACTIONS = (
    "Action Id,Partner,SubId1,Action Status,Sale Amount,Payout,Currency,Event Date,Campaign\n"
    'A-1001,Mia Rossi,ig-reel-0301,Approved,"$400.00","$40.00",USD,2025-03-02,Spring Creators\n'
    'A-1002,Mia Rossi,ig-reel-0301,Pending,"$250.00","$25.00",USD,2025-03-03,Spring Creators\n'
    'A-1003,Lena Schmidt,tt-0305,Reversed,"$1,200.00","$120.00",USD,2025-03-06,Spring Creators\n'
    'A-1004,Lena Schmidt,tt-0305,Approved,"$150.00","$15.00",USD,2025-03-07,Spring Creators\n'
    'A-1005,Joerg Mueller,yt-0310,Approved,"$300.00","$30.00",USD,2025-03-11,Spring Creators\n'
)

AWIN = (
    "Transaction ID,Transaction Date,Publisher ID,Publisher Name,Commission Status,Sale Amount,"
    "Commission Amount,Currency,Order Ref,Voucher Code\n"
    "3100001,2025-03-02 10:14:00,111111,mia.creates,approved,80.00,8.00,GBP,ORD-1,MIA10\n"
    "3100002,2025-03-02 18:40:00,111111,mia.creates,declined,500.00,50.00,GBP,ORD-2,MIA10\n"
    "3100003,2025-03-04 09:05:00,222222,lena.lifestyle,pending,120.00,12.00,GBP,ORD-3,LENA15\n"
    "3100004,2025-03-05 21:30:00,222222,lena.lifestyle,deleted,60.00,6.00,GBP,ORD-4,\n"
)

SHAREASALE = (
    "Trans ID,User ID,Merchant ID,Trans Date,Trans Amount,Commission,Comment,Voided,Pending Date,Locked,"
    "Aff Comment,Banner Page,Reversal Date,Click Date,Click Time,Banner Id\n"
    "90000001,1234567,55555,03/02/2025 10:14:00 AM,80.00,8.00,Sale - ORD-1,,,,,https://blog.example/post,,"
    "03/01/2025,08:00:00 PM,1\n"
    "90000002,1234567,55555,03/03/2025 02:10:00 PM,500.00,50.00,Sale - ORD-2,1,,,,https://blog.example/post,"
    "03/20/2025,03/03/2025,01:00:00 PM,1\n"
    "90000003,7654321,55555,03/05/2025 09:00:00 AM,120.00,12.00,Sale - ORD-3,,,,,https://ig.example,,"
    "03/05/2025,08:55:00 AM,2\n"
)

REFERSION = (
    "Conversion ID,Affiliate ID,Affiliate Name,Affiliate Email,Order ID,Order Date,Status,Commission Total,"
    "Order Total,Currency,Coupon Code\n"
    "c_1,aff_1,Mia Rossi,mia@example.com,#1001,2025-03-02,APPROVED,12.00,120.00,USD,MIA10\n"
    "c_2,aff_1,Mia Rossi,mia@example.com,#1002,2025-03-03,DENIED,30.00,300.00,USD,MIA10\n"
    "c_3,aff_2,Lena Schmidt,lena@example.com,#1003,2025-03-05,PENDING,9.00,90.00,USD,LENA15\n"
)


def _kpis(doc: dict[str, Any]) -> dict[str, Any]:
    """KPI -> value of a report's total, or of one of its groups."""
    return {k: v["value"] for k, v in doc.get("total", doc)["kpis"].items()}


def test_impact_performance_by_creator_reach_is_followers(write: Any, scored: Any) -> None:
    doc, err = scored(write(IMPACT_CREATORS))
    kpis = doc["total"]["kpis"]
    assert "recognised as impact.com Performance by Creator report" in err
    assert kpis["reach"]["value"] is None  # the report has no reach
    assert kpis["frequency"]["value"] is None  # was 241,000 / 184,600 = 1.31, impressions per follower
    # engagements over followers: (4,100 + 9,800 + 2,200) / (48,200 + 120,500 + 15,900) = 16,100 / 184,600
    assert kpis["engagement_rate_by_followers"]["value"] == pytest.approx(16100 / 184600 * 100)  # 8.72 %
    assert kpis["engagement_rate_by_followers"]["verdict"] == "good"
    assert kpis["conversions"]["value"] == 30 + 41 + 8  # Actions
    assert kpis["cpa"]["value"] == pytest.approx((1200 + 2000 + 500) / 79)  # $46.84
    assert kpis["posts"]["value"] == 3 + 2 + 4  # Content, as before
    assert kpis["cost_per_post"]["value"] == pytest.approx(3700 / 9)


def test_the_same_columns_without_actions_are_a_trackers(write: Any, scored: Any) -> None:
    # Without `Actions` nothing tells the report from a tracker of the same words: Reach stays reach.
    text = (
        IMPACT_CREATORS.replace(",Actions", "").replace(",30,", ",").replace(",41,", ",").replace(",8,", ",")
    )
    doc, err = scored(write(text))
    assert "recognised as influencer platform or tracker export" in err
    assert doc["total"]["kpis"]["reach"]["value"] == 48200 + 120500 + 15900


def test_impact_actions_leave_the_reversed_one_out(write: Any, scored: Any) -> None:
    doc, err = scored(write(IMPACT_ACTIONS))
    kpis = _kpis(doc)
    assert kpis["revenue"] == 400 + 250 + 150 + 300  # 1,100: the reversed $1,200 left out (was 2,300)
    assert kpis["total_spend"] == 40 + 25 + 15 + 30  # 110 (was 230)
    assert kpis["conversions"] == 4  # one order a row, the reversed one not
    assert kpis["cpa"] == pytest.approx(110 / 4)  # $27.50
    assert kpis["activated_influencers"] == 3  # Partner is the creator: Mia, Lena, Joerg
    assert kpis["posts"] is None  # transactions, not posts
    assert doc["date_range"] == {"start": "2025-03-02", "end": "2025-03-11"}
    assert "left out 1 transaction 'Action Status' marks as taken back: 1 'Reversed' (row 4)" in err
    assert "--map 'Action Status=ignore' counts them" in err


def test_ignoring_the_status_counts_every_row(write: Any, scored: Any) -> None:
    doc, err = scored(write(IMPACT_ACTIONS), "--map", "Action Status=ignore")
    assert _kpis(doc)["revenue"] == 400 + 250 + 1200 + 150 + 300  # 2,300
    assert "taken back" not in err


def test_awin_declined_and_deleted_are_no_sales(write: Any, scored: Any) -> None:
    doc, err = scored(write(AWIN), "--by", "influencer")
    kpis = _kpis(doc)
    assert kpis["revenue"] == pytest.approx(80 + 120)  # 200: declined 500 and deleted 60 left out
    assert kpis["total_spend"] == pytest.approx(8 + 12)  # 20, Commission Amount
    assert kpis["conversions"] == 2
    assert doc["currency"] == "GBP"
    groups = {g["label"]: _kpis(g) for g in doc["groups"]}
    assert groups["mia.creates"]["revenue"] == pytest.approx(80)
    assert groups["lena.lifestyle"]["revenue"] == pytest.approx(120)
    said = "'Commission Status' marks as taken back: 1 'declined' (row 3), 1 'deleted' (row 5)"
    assert f"left out 2 transactions {said}" in err


def test_shareasale_voided_is_no_sale(write: Any, scored: Any) -> None:
    doc, err = scored(write(SHAREASALE))
    kpis = _kpis(doc)
    assert kpis["revenue"] == pytest.approx(80 + 120)  # Trans Amount, the voided 500 left out
    assert kpis["total_spend"] == pytest.approx(8 + 12)  # Commission
    assert kpis["conversions"] == 2
    assert kpis["roas"] == pytest.approx(200 / 20)
    assert doc["date_range"] == {"start": "2025-03-02", "end": "2025-03-05"}
    assert "1 'voided' (row 3)" in err


def test_refersion_denied_is_no_sale(write: Any, scored: Any) -> None:
    doc, err = scored(write(REFERSION), "--by", "influencer")
    kpis = _kpis(doc)
    assert kpis["revenue"] == pytest.approx(120 + 90)  # Order Total, DENIED 300 left out
    assert kpis["total_spend"] == pytest.approx(12 + 9)  # Commission Total
    assert kpis["conversions"] == 2
    groups = {g["label"]: _kpis(g) for g in doc["groups"]}
    assert groups["Mia Rossi"]["revenue"] == pytest.approx(120)
    assert "1 'DENIED' (row 3)" in err


def test_an_unknown_status_is_counted_and_said(write: Any, scored: Any) -> None:
    text = IMPACT_ACTIONS.replace("Pending", "On Hold")
    doc, err = scored(write(text))
    assert _kpis(doc)["revenue"] == 400 + 250 + 150 + 300  # On Hold kept, Reversed left out
    assert "counted 1 transaction whose 'Action Status' kpi does not know" in err
    assert "1 'On Hold' (row 3)" in err


def test_a_status_column_of_another_export_is_not_read(write: Any, scored: Any) -> None:
    # A tracker's `Status` (a post's: Draft, Posted) says nothing of sales: every row counted, no word.
    text = (
        "Creator,Post URL,Status,Impressions,Likes,Fee\n"
        "@mia,https://www.instagram.com/p/A1/,Posted,1000,50,100\n"
        "@leo,https://www.instagram.com/p/B2/,Cancelled,2000,80,200\n"
    )
    doc, err = scored(write(text))
    assert _kpis(doc)["total_spend"] == 100 + 200
    assert "taken back" not in err and "does not know" not in err


REVERSED_ONLY = (
    "Action Id,Partner,Action Status,Sale Amount,Payout,Currency,Event Date\n"
    "A-1,Mia Rossi,Reversed,400.00,40.00,USD,2025-03-02\n"
    "A-2,Lena Schmidt,Reversed,250.00,25.00,USD,2025-03-03\n"
)


def test_a_file_of_reversed_sales_only_adds_nothing_beside_others(write: Any, scored: Any) -> None:
    # Audit HV-3: with another file, the run stopped on "the file has a header but no data
    # rows". Now the reversed $400 + $250 add nothing and the other file's figures stand:
    # revenue 400 + 250 + 150 + 300 = 1,100, spend 40 + 25 + 15 + 30 = 110, 4 orders.
    doc, err = scored(write(REVERSED_ONLY, "reversed.csv"), write(IMPACT_ACTIONS, "actions.csv"), "-q")
    kpis = _kpis(doc)
    assert kpis["revenue"] == 400 + 250 + 150 + 300
    assert kpis["total_spend"] == 40 + 25 + 15 + 30
    assert kpis["conversions"] == 4
    said = "every one of its 2 rows is left out for its status ('Action Status': 2 'Reversed')"
    assert said in err and "the file adds nothing to the figures" in err  # kept under -q
    assert any(said in w for w in doc["warnings"])


def test_a_file_of_reversed_sales_alone_says_so(write: Any) -> None:
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    # ... alone, there is nothing to score: said as that, not as a file without rows.
    result = CliRunner().invoke(app, ["score", write(REVERSED_ONLY)])
    assert result.exit_code == 2
    assert "nothing to score: every one of its 2 rows is left out for its status" in result.stderr
    assert "--map 'Action Status=ignore' counts them" in result.stderr
    assert "no data rows" not in result.stderr and "Traceback" not in result.output
