"""Ordinary rows that today's reading rules took for summaries or restatements (audit s).

Each rule was made for a real case (tests/test_summary_rows.py, test_double_counting.py,
test_levels.py, test_creator_exports.py hold them); these files are what an analyst's
everyday exports look like when the figures happen to line up.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

# --------------------------------------------------------------------------- audit s #1
# A discount-code report of a one-product brand at $50: revenue is 50 × orders in every row,
# so the two columns add up together, and a creator whose orders equal those of the others
# (5 = 3 + 2) has revenue equal to theirs too ($250 = $150 + $100). One coincidence, not two.
CODES = [("Lena Fischer", "LENA10", 3), ("Max Weber", "MAX10", 2), ("Anna Koch", "ANNA10", 5)]


def _codes(rows: list[tuple[str, str, int]], creator: bool = True) -> str:
    head = "Creator,Discount Code,Orders,Revenue\n" if creator else "Discount Code,Orders,Revenue\n"
    lines = [
        (f"{name}," if creator else "") + f"{code},{orders},{orders * 50:.2f}" for name, code, orders in rows
    ]
    return head + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("rows", "creator"),
    [(CODES, True), ([CODES[2], *CODES[:2]], True), (CODES, False)],
    ids=["last", "first", "codes-only"],
)
def test_a_named_row_whose_figures_add_up_by_chance_is_data(
    scored: Any, write: Any, rows: list[tuple[str, str, int]], creator: bool
) -> None:
    # By hand: orders 3 + 2 + 5 = 10, revenue 150 + 100 + 250 = $500 (dropped: 5 and $250).
    doc, err = scored(write(_codes(rows, creator)))
    kpis = doc["total"]["kpis"]
    assert kpis["conversions"]["value"] == 10
    assert kpis["revenue"]["value"] == pytest.approx(500.0)
    if creator:
        assert kpis["activated_influencers"]["value"] == 3
    assert "dropped" not in err


def test_five_creators_are_no_grand_total_over_subtotals(scored: Any, write: Any) -> None:
    # Mia's 5 orders are half of 3 + 2 + 4 + 1 = 10 (and $250 half of $500): kpi refused the
    # file as a grand total over subtotals. By hand: 3 + 2 + 4 + 1 + 5 = 15 orders, $750.
    rows = [*CODES[:2], ("Anna Koch", "ANNA10", 4), ("Tom Berg", "TOM10", 1), ("Mia Lang", "MIA10", 5)]
    doc, _ = scored(write(_codes(rows)))
    kpis = doc["total"]["kpis"]
    assert (kpis["conversions"]["value"], kpis["revenue"]["value"]) == (15, pytest.approx(750.0))
    assert kpis["activated_influencers"]["value"] == 5


def test_proportional_columns_count_once_for_a_named_row(scored: Any, write: Any) -> None:
    # A flat CPM payout: fee = views × $0.01 in every row. Anna's views 3,000 = 1,000 + 2,000,
    # fee $30 = $10 + $20, clicks 50 = 30 + 20: three columns, but views and fee are one
    # figure, so two coincidences: Anna is a creator. By hand: views 6,000, clicks 100, $60.
    path = write("Creator,Views,Clicks,Fee\nLena,1000,30,10\nMax,2000,20,20\nAnna,3000,50,30\n")
    doc, err = scored(path)
    kpis = doc["total"]["kpis"]
    assert kpis["views"]["value"] == 6_000
    assert kpis["clicks"]["value"] == 100
    assert kpis["total_spend"]["value"] == pytest.approx(60.0)
    assert "dropped" not in err


def test_a_named_total_with_three_independent_figures_still_goes(scored: Any, write: Any) -> None:
    # The same creators under an unlabelled-language total (`Kopā`, Latvian) adding up in
    # views, clicks and a fee that is no multiple of the views: 6,000 / 100 / $75 kept, the
    # total dropped (read as data: 12,000 / 200 / $150).
    path = write(
        "Creator,Views,Clicks,Fee\nLena,1000,30,10\nMax,2000,20,40\nAnna,3000,50,25\nKopā,6000,100,75\n"
    )
    doc, err = scored(path)
    kpis = doc["total"]["kpis"]
    assert (kpis["views"]["value"], kpis["clicks"]["value"]) == (6_000, 100)
    assert kpis["total_spend"]["value"] == pytest.approx(75.0)
    assert "dropped row 5: every count equal to the sum of the other rows: a totals row" in err


# --------------------------------------------------------------------------- audit s #3
def test_fee_sheets_with_equal_budgets_are_not_a_restatement(scored: Any, write: Any) -> None:
    # Instagram 2,000 + 2,500 + 1,500 = 6,000 and TikTok 4 × 1,500 = 6,000: the same spend
    # over other creators, a round budget split per platform, not one file cut another way.
    # By hand: spend 6,000 + 6,000 = $12,000, 3 + 4 = 7 creators.
    instagram = write(
        "Creator,Platform,Fee\nLena Fischer,Instagram,2000\nMax Weber,Instagram,2500\n"
        "Anna Koch,Instagram,1500\n",
        name="fees_instagram.csv",
    )
    tiktok = write(
        "Creator,Platform,Fee\nTom Berg,TikTok,1500\nMia Lang,TikTok,1500\nJonas Roth,TikTok,1500\n"
        "Emma Vogel,TikTok,1500\n",
        name="fees_tiktok.csv",
    )
    doc, err = scored(instagram, tiktok)
    kpis = doc["total"]["kpis"]
    assert kpis["total_spend"]["value"] == pytest.approx(12_000.0)
    assert kpis["activated_influencers"]["value"] == 7
    assert "restates" not in err
    # The same creators' fees per post (1,000 + 1,000, 2,500, 1,000 + 500 = 6,000): the
    # Instagram sheet split another way, one figure and the same creators: still refused.
    per_post = write(
        "Creator,Platform,Fee\nLena Fischer,Instagram,1000\nLena Fischer,Instagram,1000\n"
        "Max Weber,Instagram,2500\nAnna Koch,Instagram,1000\nAnna Koch,Instagram,500\n",
        name="fees_per_post.csv",
    )
    result = CliRunner().invoke(app, ["score", instagram, per_post, "-f", "json"])
    assert result.exit_code == 2
    assert "restates" in result.stderr


# --------------------------------------------------------------------------- audit s #2
CREATOR_TAB = "Creator,Impressions,Likes,Comments,Fee\n@lena,30000,1200,80,1000\n@max,20000,700,30,800\n"
POST_TAB = (
    "Creator,Post URL,Impressions,Likes,Comments\n"
    "@lena,https://instagram.com/p/A1,12000,500,30\n"
    "@lena,https://instagram.com/p/A2,18000,700,50\n"
    "@max,https://instagram.com/p/B1,20000,700,30\n"
)


@pytest.mark.parametrize(
    "extra",
    ["@anna,,,,600\n", "@anna,0,0,0,600\n", "@anna,,,,600\n@tom,15000,400,20,500\n@ben,,,,300\n"],
    ids=["blank", "zero", "one-unexported"],
)
def test_a_creator_tab_with_a_creator_yet_to_post_still_restates_its_post_tab(write: Any, extra: str) -> None:
    # @lena 30,000 = 12,000 + 18,000 impressions, 1,200 = 500 + 700 likes, 80 = 30 + 50
    # comments; @max 20,000 / 700 / 30 = his one post. @anna is signed (a fee) and has not
    # posted: no count to compare. Scored together: impressions 100,000 for 50,000 and
    # engagements 4,020 for (500 + 30) + (700 + 50) + (700 + 30) = 2,010, posts 6 for 3.
    # With @tom's counts and no post of his in the post tab, @lena and @max (2 of 3) still
    # match: the tab restates the posts all the same.
    tabs = write(CREATOR_TAB + extra, name="creators.csv")
    posts = write(POST_TAB, name="posts.csv")
    result = CliRunner().invoke(app, ["score", tabs, posts, "-f", "json"])
    assert result.exit_code == 2, result.output
    assert "creators.csv has a row per creator with the sums of each creator's rows in" in result.stderr
    assert "(30,000 impressions for '@lena' = the sum of 2 rows)" in result.stderr


def test_a_creator_tab_mostly_of_other_creators_is_no_restatement(scored: Any, write: Any) -> None:
    # @lena and @max match their posts, but @tom and @eva have counts and no posts in the
    # other file: two of four, not most, so the files are read as two sets of rows. By hand:
    # impressions 30,000 + 20,000 + 15,000 + 9,000 (tab) + 50,000 (posts) = 124,000.
    extra = "@tom,15000,400,20,500\n@eva,9000,300,10,400\n"
    doc, _ = scored(write(CREATOR_TAB + extra, name="creators.csv"), write(POST_TAB, name="posts.csv"))
    assert doc["total"]["kpis"]["impressions"]["value"] == 30_000 + 20_000 + 15_000 + 9_000 + 50_000


# --------------------------------------------------------------------------- audit s #5
# `Razem` is Polish for "together" (and a Polish total), `Summa` a creator's name as well as
# Swedish for sum: such words mark a totals row at an end of the file, or where the row's
# figures are the sum of the rows above it; elsewhere the row is a campaign, a creator.
def test_a_campaign_called_razem_mid_file_is_a_campaign(scored: Any, write: Any) -> None:
    # By hand: impressions 40,000 + 25,000 + 30,000 = 95,000, spend 800 + 500 + 600 = $1,900
    # (dropped as a total: 70,000 and $1,400).
    path = write(
        "Campaign,Impressions,Clicks,Spend\n"
        "Lato z marką,40000,400,800\nRazem,25000,300,500\nPowrót do szkoły,30000,250,600\n"
    )
    doc, err = scored(path)
    kpis = doc["total"]["kpis"]
    assert (kpis["impressions"]["value"], kpis["total_spend"]["value"]) == (95_000, pytest.approx(1_900.0))
    assert "dropped" not in err


def test_a_creator_called_summa_mid_file_is_a_creator(scored: Any, write: Any) -> None:
    # 20,000 + 15,000 + 30,000 = 65,000 impressions, three creators (dropped: 50,000, two).
    path = write(
        "Creator,Impressions,Likes,Comments\n"
        "Lena Fischer,20000,800,40\nSumma,15000,500,20\nMax Weber,30000,900,60\n"
    )
    doc, err = scored(path)
    kpis = doc["total"]["kpis"]
    assert kpis["impressions"]["value"] == 65_000
    assert kpis["activated_influencers"]["value"] == 3
    assert "dropped" not in err


def test_razem_at_an_end_or_adding_up_is_still_a_total(scored: Any, write: Any) -> None:
    # Mid-file, the sum of the two rows above in every count (10,000 + 20,000 = 30,000;
    # 100 + 50 = 150; $200 + $300 = $500): a subtotal. First, a total of the four below.
    # Either way the campaigns alone: 10,000 + 20,000 + 5,000 + 7,000 = 42,000, $750.
    rows = "Lato,10000,100,200\nZima,20000,50,300\n", "Wiosna,5000,20,100\nJesień,7000,30,150\n"
    head = "Campaign,Impressions,Clicks,Spend\n"
    for text, note in [
        (head + rows[0] + "Razem,30000,150,500\n" + rows[1], "dropped row 4 ('Razem'): every count equal"),
        (head + "Razem,42000,200,750\n" + rows[0] + rows[1], "dropped row 2 ('Razem'): every count equal"),
    ]:
        doc, err = scored(write(text))
        kpis = doc["total"]["kpis"]
        assert (kpis["impressions"]["value"], kpis["total_spend"]["value"]) == (42_000, pytest.approx(750.0))
        assert note in err


@pytest.mark.parametrize("first", [True, False])
def test_razem_at_an_end_whose_figures_are_no_total_is_a_campaign(
    scored: Any, write: Any, first: bool
) -> None:
    """`Razem` ("together") at either end of the file is a campaign when its figures do not
    sum the others (audit t2, R8: dropped on the word, 70,000 impressions for 95,000).
    Lato 30,000 + Zima 40,000 + Razem 25,000 = 95,000; $700 + $700 + $500 = $1,900."""
    head = "Campaign,Impressions,Clicks,Spend\n"
    body = ["Lato,30000,300,700\n", "Zima,40000,400,700\n"]
    razem = "Razem,25000,250,500\n"
    doc, err = scored(write(head + "".join([razem, *body] if first else [*body, razem])))
    kpis = doc["total"]["kpis"]
    assert (kpis["impressions"]["value"], kpis["total_spend"]["value"]) == (95_000, pytest.approx(1900.0))
    assert "Razem" not in err
