"""Headers whose meaning depends on the export: a bare `Sales`, Meta's and TikTok's
`Clicks (all)`, Meta's `Post engagements`, `ThruPlays`. Each case from audit b; every
figure is worked out by hand in the test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def score(path: Path, *args: str) -> tuple[dict[str, Any], str]:
    """The total's KPIs as JSON, and stderr."""
    result = runner.invoke(app, ["score", str(path), "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["total"]["kpis"], result.stderr


def value(kpis: dict[str, Any], kpi: str) -> Any:
    return kpis[kpi]["value"]


def column(path: Path, header: str) -> dict[str, Any]:
    result = runner.invoke(app, ["columns", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)["files"]
    return next(c for c in doc["columns"] if c["header"] == header)


# --------------------------------------------------------------------------- a bare `Sales`
# Aspire's Affiliate Performance dashboard: Sales is "total sales attributed to your link
# or code (in USD)", next to separate Clicks and Conversions; Mavely's Total Sales is
# revenue; Aspire's Performance Impact snapshot and many trackers count sales. The header
# cannot decide: the other columns and the cells do, else kpi asks.

ASPIRE = (
    "Member,Promo Code,Clicks,Sales,Commission\n"
    "lena.lifestyle,LENA15,1200,2450.00,245.00\n"
    "joerg.cooks,JOERG10,800,980.50,98.05\n"
    "anja.kocht,ANJA,300,0.00,0.00\n"
)


def test_sales_with_cents_is_revenue_not_conversions(write_csv: Any) -> None:
    # Was: 3,430.5 conversions and a conversion rate of 3430.5 / 2300 = 149% "excellent".
    kpis, stderr = score(write_csv(ASPIRE))
    assert value(kpis, "revenue") == pytest.approx(2450.00 + 980.50 + 0.00)  # $3,430.50
    assert value(kpis, "conversions") is None
    assert value(kpis, "conversion_rate") is None
    assert "'Sales' read as revenue, not a count of sales: its cells are amounts with cents" in stderr
    assert "('980.50', row 3)" in stderr  # 2450.00 could be 2,450 sales written `.00` (Excel)


def test_sales_next_to_an_orders_column_is_their_amount(write_csv: Any) -> None:
    # Orders counts the sales, so Sales (whole dollars here) is money: 300 + 100 = $400.
    path = write_csv("Creator,Clicks,Orders,Sales\n@a,100,12,300\n@b,50,5,100\n")
    kpis, stderr = score(path)
    assert value(kpis, "conversions") == 12 + 5
    assert value(kpis, "revenue") == pytest.approx(300 + 100)
    assert value(kpis, "conversion_rate") == pytest.approx(17 / 150 * 100)  # 11.3%
    assert "'Orders' counts the sales, so 'Sales' is their amount" in stderr


def test_sales_in_whole_numbers_next_to_revenue_is_a_count(write_csv: Any) -> None:
    path = write_csv('Creator,Clicks,Sales,Revenue\n@a,100,12,"$300.00"\n@b,50,5,$100.00\n')
    kpis, _ = score(path)
    assert value(kpis, "conversions") == 12 + 5
    assert value(kpis, "revenue") == pytest.approx(400)
    assert value(kpis, "conversion_rate") == pytest.approx(17 / 150 * 100)


def test_sales_with_cents_displaces_a_leads_column_it_had_beaten(write_csv: Any) -> None:
    # generic.yaml lists Sales before Leads for conversions; Sales is money here, so
    # Leads counts conversions again: 4 + 2 = 6, revenue $300.00 + $100.50 = $400.50.
    path = write_csv("Creator,Clicks,Sales,Leads\n@a,100,300.00,4\n@b,50,100.50,2\n")
    kpis, _ = score(path)
    assert value(kpis, "conversions") == 4 + 2
    assert value(kpis, "revenue") == pytest.approx(400.50)


def test_sales_in_a_decimal_comma_tracker(write_csv: Any) -> None:
    # French `Ventes` written `1 200,50` with no `€`: an amount, 1,200.50 + 800.25.
    path = write_csv("Influenceur;Clics;Ventes\n@a;50;1 200,50\n@b;30;800,25\n")
    kpis, _ = score(path)
    assert value(kpis, "revenue") == pytest.approx(2000.75)
    assert value(kpis, "conversions") is None


def test_sales_in_whole_numbers_alone_is_an_error_offering_both_maps(write_csv: Any) -> None:
    # 12 sales, or $12? Nothing in the file tells.
    path = write_csv("Creator,Clicks,Sales\n@a,100,12\n@b,50,5\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"kpi: error: {path}: column 'Sales' is a count of sales in some exports and their amount in "
        "others: '12' (row 2) could be 12 sales or 12 in money, and no Revenue or Orders column tells; "
        "say which with --map 'Sales=revenue' or --map 'Sales=conversions'"
    )
    # The user says which; kpi reads it so: 12 + 5.
    kpis, _ = score(path, "--map", "Sales=conversions")
    assert value(kpis, "conversions") == 17
    assert value(kpis, "conversion_rate") == pytest.approx(17 / 150 * 100)
    kpis, _ = score(path, "--map", "Sales=revenue")
    assert value(kpis, "revenue") == pytest.approx(17)
    assert value(kpis, "conversions") is None


def test_sales_with_cents_next_to_a_revenue_column_is_an_error(write_csv: Any) -> None:
    path = write_csv("Creator,Clicks,Sales,Revenue\n@a,100,12.50,$300.00\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "'12.50' (row 2) is an amount with cents, yet 'Revenue' is read as revenue" in result.stderr
    assert "--map 'Sales=revenue' or --map 'Sales=conversions'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_sales_written_as_counts_with_zero_cents_are_no_money(write_csv: Any) -> None:
    # Excel's Number format writes every number `.00`: 38.00 sales beside 12000.00
    # impressions are no cents. With no Revenue or Orders column kpi cannot tell: it asks.
    path = write_csv("Creator,Impressions,Clicks,Sales,Fee\n@a,12000.00,1204.00,38.00,500.00\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "--map 'Sales=revenue' or --map 'Sales=conversions'" in result.stderr


def test_sales_written_with_a_currency_are_revenue(write_csv: Any) -> None:
    # Aspire's affiliate dashboard: Sales in USD beside Conversions. $2,450 + $3,905.50.
    path = write_csv('Creator,Clicks,Conversions,Sales\n@a,1204,38,"$2,450.00"\n@b,2210,61,"$3,905.50"\n')
    kpis, stderr = score(path)
    assert value(kpis, "revenue") == pytest.approx(2450 + 3905.50)
    assert value(kpis, "conversions") == 38 + 61
    assert "its cells are money ('$2,450.00', row 2)" in stderr


def test_bare_sales_beside_conversions_in_a_file_that_marks_its_money_is_a_count(write_csv: Any) -> None:
    # Aspire's Performance Impact by creator (audit L-1): "Sales: the total number of sales
    # tracked", beside Conversions, and Investment written `$1,200.00`. Sales 14, 6, 2 was
    # revenue $22: ROAS 22 / 3,500 = 0.006 "poor", ROI -99.4 % "poor".
    path = write_csv(
        "Creator,Content,Impressions,Engagements,Sales,Conversions,Investment\n"
        'Mia Cook,3,40000,3300,14,14,"$1,200.00"\n'
        'Leo Fit,2,90000,9100,6,6,"$2,000.00"\n'
        "Ana Style,1,12000,700,2,2,$300.00\n"
    )
    kpis, stderr = score(path)
    assert value(kpis, "revenue") is None
    assert kpis["revenue"]["reason"] == "no revenue column"
    assert value(kpis, "roas") is None
    assert value(kpis, "conversions") == 14 + 6 + 2
    assert value(kpis, "cpa") == pytest.approx((1200 + 2000 + 300) / 22)  # $159.09
    assert "'Sales' not read as revenue: a count of sales, as 'Conversions' is" in stderr
    assert "('$1,200.00' in 'Investment', row 2)" in stderr
    # The user who knows better says so: 14 + 6 + 2 = $22.
    kpis, _ = score(path, "--map", "Sales=revenue")
    assert value(kpis, "revenue") == pytest.approx(22)


# --------------------------------------------------------------------------- all clicks
# Meta: Clicks (all) include link clicks and post reactions, comments, shares, clicks to
# the Page or profile and to expand media; TikTok's glossary: "clicks that lead to
# destination as well as those for social and interaction purposes". kpi's clicks are
# link clicks, and the CTR and CPC bands are link-click bands.


def test_meta_clicks_all_are_not_link_clicks(write_csv: Any) -> None:
    path = write_csv(
        '"Reporting starts","Reporting ends","Campaign name","Amount spent (USD)",Impressions,Reach,'
        '"CTR (all)","Clicks (all)","CPC (all) (USD)",Purchases,"Purchases conversion value"\n'
        '2025-03-01,2025-03-31,"Creators - Reels",500.00,50000,30000,3.2,1600,0.3125,20,1000.00\n'
        '2025-03-01,2025-03-31,"Creators - Stories",300.00,30000,20000,2.0,600,0.5,10,450.00\n'
    )
    # Was: clicks 2,200, CTR 2,200 / 80,000 = 2.75% and CPC $800 / 2,200 = $0.36, both "excellent".
    kpis, _ = score(path)
    assert value(kpis, "clicks") is None
    assert value(kpis, "ctr") is None
    assert value(kpis, "cpc") is None
    assert value(kpis, "cpm") == pytest.approx(800 / 80_000 * 1000)  # the rest is read: $10.00
    assert value(kpis, "roas") == pytest.approx(1450 / 800)
    why = column(path, "Clicks (all)")
    assert why["column"] is None and "not link clicks" in why["reason"]
    # Read anyway when the user says so.
    kpis, _ = score(path, "--map", "Clicks (all)=clicks")
    assert value(kpis, "ctr") == pytest.approx(2200 / 80_000 * 100)


def test_meta_link_clicks_are_still_read_over_outbound_clicks(write_csv: Any) -> None:
    path = write_csv(
        "Day,Amount spent (USD),Impressions,Link clicks,Outbound clicks,Clicks (all)\n"
        "2025-03-01,100.00,10000,200,150,400\n"
    )
    kpis, _ = score(path)
    assert value(kpis, "clicks") == 200
    assert value(kpis, "ctr") == pytest.approx(200 / 10_000 * 100)


def test_tiktok_clicks_all_are_not_destination_clicks(write_csv: Any) -> None:
    path = write_csv(
        "By Day,Campaign name,Cost,Impressions,Reach,Clicks (all),CTR (all),Conversions,Currency\n"
        "2025-03-01,Spring,100.00,40000,30000,900,2.25%,10,USD\n"
    )
    kpis, _ = score(path)
    assert value(kpis, "clicks") is None
    assert value(kpis, "cpc") is None
    assert value(kpis, "cpm") == pytest.approx(100 / 40_000 * 1000)
    assert "social and interaction clicks" in column(path, "Clicks (all)")["reason"]


def test_meta_business_suite_total_clicks_are_not_link_clicks(write_csv: Any) -> None:
    path = write_csv(
        '"Post ID","Account username","Publish time","Post type",Views,Reach,Likes,Comments,Shares,'
        'Saves,"Total clicks","Other Clicks"\n'
        "1,brand,03/25/2025 22:00,Reel,10000,8000,300,20,10,15,120,90\n"
    )
    kpis, _ = score(path)
    assert value(kpis, "clicks") is None
    assert "not link clicks" in column(path, "Total clicks")["reason"]


# --------------------------------------------------------------------------- Meta post engagements
# Meta: Post engagements "can include ... viewing a photo or video, or clicking on a
# link": every 3-second play is one. The engagement bands are interaction rates.


def test_meta_post_engagements_give_way_to_the_interaction_columns(write_csv: Any) -> None:
    path = write_csv(
        '"Reporting starts","Reporting ends","Ad name","Amount spent (USD)",Impressions,Reach,'
        '"Link clicks","3-second video plays","Post engagements","Post reactions","Post comments",'
        '"Post shares","Post saves"\n'
        '2025-03-01,2025-03-31,"Lena - UGC Reel 15s",800.00,40000,25000,800,15000,17300,1200,80,40,60\n'
        '2025-03-01,2025-03-31,"Max - UGC Reel 30s",600.00,30000,20000,500,9000,10400,700,50,30,20\n'
    )
    # Was: engagements 17,300 + 10,400 = 27,700, ER 39.6% and CPE $0.05, both "excellent".
    kpis, _ = score(path, "--kpis", "engagements,engagement_rate,cpe")
    engagements = (1200 + 80 + 40 + 60) + (700 + 50 + 30 + 20)  # 2,180
    assert value(kpis, "engagements") == engagements
    assert value(kpis, "engagement_rate") == pytest.approx(engagements / 70_000 * 100)  # 3.11%
    assert value(kpis, "cpe") == pytest.approx(1400 / engagements)  # $0.64
    assert "3-second video plays" in column(path, "Post engagements")["reason"]


def test_meta_post_engagements_in_french_are_not_read_either(write_csv: Any) -> None:
    path = write_csv(
        "Jour;Nom de la campagne;Montant dépensé (EUR);Impressions;Couverture;Clics sur un lien;"
        "Interactions avec la publication;Réactions à une publication;Commentaires sur la publication;"
        "Partages de publications\n"
        "2025-03-01;Printemps;100,00;10000;8000;100;3000;200;20;10\n"
    )
    kpis, _ = score(path)
    assert value(kpis, "engagements") == 200 + 20 + 10


# --------------------------------------------------------------------------- ThruPlays


def test_thruplays_are_not_completed_views_in_any_file(write_csv: Any) -> None:
    # Meta: a ThruPlay is a play to the end or of at least 15 seconds. Was read as
    # completed views outside the Meta profile: VCR 14,000 / 26,000 = 53.8%.
    path = write_csv(
        "Creator,Platform,Impressions,Video plays,ThruPlays,Likes,Comments,Spend\n"
        "Lena,Instagram,40000,15000,9000,1200,80,$500.00\n"
        "Max,Facebook,30000,11000,5000,900,50,$300.00\n"
    )
    kpis, _ = score(path)
    assert value(kpis, "views") == 15_000 + 11_000
    assert value(kpis, "video_completion_rate") is None
    assert "15 seconds" in column(path, "ThruPlays")["reason"]


def test_post_engagement_is_not_engagements_in_a_file_not_recognised_as_meta(write_csv: Any) -> None:
    # A sheet copying Meta's columns: Post Engagement (3-second plays, link clicks...) beside
    # reactions, comments and shares. Engagements (1410 + 62 + 45) + (2208 + 95 + 71) = 3,891.
    path = write_csv(
        "Ad Name,Impressions,Post Engagement,Reactions,Comments,Shares,Spend\n"
        "A,61200,11200,1410,62,45,450.10\nB,71360,13150,2208,95,71,546.02\n"
    )
    kpis, _ = score(path)
    assert value(kpis, "engagements") == 3891
    assert value(kpis, "engagement_rate") == pytest.approx(3891 / 132_560 * 100)


def test_leads_do_not_make_sales_an_amount_and_sale_amount_is_revenue(write_csv: Any) -> None:
    # CJ's Performance by Publisher: Sales (a count) beside Sale Amount and Leads. Leads count
    # other actions, so they do not make Sales money: conversions 74 + 23 = 97, revenue
    # $5,920 + $1,725.50, conversion rate 97 / 2,770 clicks.
    path = write_csv(
        "Publisher Name,Clicks,Sales,Sale Amount,Leads\nGlow,1850,74,5920.00,0\nSam,920,23,1725.50,0\n"
    )
    kpis, _ = score(path)
    assert value(kpis, "conversions") == 97
    assert value(kpis, "revenue") == pytest.approx(7645.50)
    assert value(kpis, "conversion_rate") == pytest.approx(97 / 2770 * 100)


CJ_PUBLISHER = (
    "Publisher ID,Publisher Name,Impressions,Clicks,Sales,Sale Amount,Publisher Commission,"
    "Action Cost,Leads,Conversion Rate,EPC\n"
    "7712003,GlowWithLena,52000,1850,74,5920.00,888.00,1065.60,0,4.00%,0.48\n"
    "7712551,SkincareBySam,20000,920,23,1725.50,258.83,310.60,0,2.50%,0.28\n"
)


def test_cj_publisher_report_is_not_taken_for_linkedin(write_csv: Any) -> None:
    """CJ Affiliate's Performance by Publisher (audit h #1) shares only generic words with
    LinkedIn's export (Impressions, Clicks, Leads, Conversion Rate), and it has figures
    LinkedIn never writes (Sales, Sale Amount). Read as LinkedIn, Clicks were dropped as all
    clicks and Leads (0) became the conversions.

    Evidence: CJ's Performance by Publisher reports clicks, sales, EPC and conversion rate
    (CJ Junction, "CJAM: Tell a Story with Your Data"); CJ's fields name Sale Amount,
    Publisher Commission and Action Cost, and leads (sim_lead) and sales (sim_sale) are
    separate action types (windsor.ai's CJ Affiliate field reference).

    Clicks 1,850 + 920 = 2,770 over 52,000 + 20,000 = 72,000 impressions: CTR 3.85%.
    Conversions are the Sales 74 + 23 = 97; revenue $5,920.00 + $1,725.50 = $7,645.50;
    conversion rate 97 / 2,770 = 3.50%; RPM 7,645.50 / 72,000 x 1,000 = $106.19."""
    kpis, err = score(write_csv(CJ_PUBLISHER))
    assert "LinkedIn" not in err
    assert value(kpis, "clicks") == 2770
    assert value(kpis, "ctr") == pytest.approx(2770 / 72_000 * 100)
    assert value(kpis, "conversions") == 97
    assert value(kpis, "revenue") == pytest.approx(7645.50)
    assert value(kpis, "conversion_rate") == pytest.approx(97 / 2770 * 100)
    assert value(kpis, "rpm") == pytest.approx(7645.50 / 72_000 * 1000)


def test_whole_sales_beside_an_amount_count_the_sales_over_leads(write_csv: Any) -> None:
    """Under a profile that lists Leads as conversions (here LinkedIn's, named with
    --profile), whole-number Sales beside a money `Sale Amount` still count the sales the
    amount sums: conversions 74 + 23 = 97, not the Leads' 0. (Clicks stay LinkedIn's all
    clicks, as the profile says.)"""
    kpis, err = score(write_csv(CJ_PUBLISHER), "--profile", "linkedin_ads")
    assert value(kpis, "conversions") == 97
    assert value(kpis, "revenue") == pytest.approx(7645.50)
    assert "'Sales' read as a count of sales, not 'Leads'" in err


def test_a_platform_export_with_extra_generic_columns_keeps_its_profile(write_csv: Any) -> None:
    """A header only the platform writes (`Landing Page Clicks`) keeps the LinkedIn match even
    beside a column LinkedIn never has (`Revenue`): clicks are the landing-page clicks
    25 + 45 = 70, not the all clicks 40 + 60."""
    path = write_csv(
        "Campaign Name,Impressions,Clicks,Landing Page Clicks,Total Spent,Revenue\n"
        "A,4000,40,25,200,900\nB,6000,60,45,300,1100\n"
    )
    kpis, err = score(path)
    assert "LinkedIn" in err
    assert value(kpis, "clicks") == 70


def test_a_tracker_with_a_column_it_does_not_list_is_still_a_tracker(write_csv: Any) -> None:
    """Trackers kept by hand use generic words and add columns of their own (`Video plays`
    is generic, not the tracker profile's): the profile is `loose`, so it still matches."""
    path = write_csv(
        "Creator,Platform,Impressions,Video plays,Likes,Comments,Spend\n"
        "Lena,Instagram,40000,15000,1200,80,500\n"
    )
    _, err = score(path)
    assert "recognised as influencer platform or tracker export" in err


def test_tiktok_one_totals_come_before_their_paid_part(write_csv: Any) -> None:
    # TikTok One campaign reporting: Likes, Organic likes, Paid likes... The totals count:
    # engagements (13,500 + 900 + 1,100) + (3,900 + 310 + 290) = 20,000, not the paid
    # part 3,700; views 250,000 + 90,000 (Total video views).
    head = (
        "Creator,Video ID,Total video views,Organic video views,Paid video views,Likes,Organic likes,"
        "Paid likes,Comments,Organic comments,Paid comments,Shares,Organic shares,Paid shares\n"
    )
    rows = (
        "@lena,7301,250000,180000,70000,13500,10200,3300,900,700,200,1100,900,200\n"
        "@sam,7302,90000,90000,0,3900,3900,0,310,310,0,290,290,0\n"
    )
    kpis, _ = score(write_csv(head + rows))
    assert value(kpis, "engagements") == 20_000
    assert value(kpis, "views") == 340_000


TIKTOK_ONE_SPLIT = (
    "Creator,Video ID,Organic video views,Paid video views,Organic likes,Paid likes,"
    "Organic comments,Paid comments,Organic shares,Paid shares\n"
    "@lena,7301,180000,70000,10200,3300,700,200,900,200\n"
    "@sam,7302,90000,0,3900,0,310,0,290,0\n"
)


def test_tiktok_one_parts_are_summed_when_there_is_no_total(write_csv: Any) -> None:
    """TikTok One's Campaign Reporting splits each count into organic ("not through Spark
    Ads") and paid ("through Spark Ads") parts (TikTok Ads help, "About TikTok One Campaign
    Reporting"); a report without the total columns still holds both (audit h #2), and only
    the paid part was read: engagements 3,300 + 200 + 200 = 3,700.

    Engagements (10,200 + 3,300) + (700 + 200) + (900 + 200) + 3,900 + 310 + 290 = 20,000;
    views 180,000 + 70,000 + 90,000 = 340,000; shares 900 + 200 + 290 = 1,390. Sam, organic
    only (paid 0), counts: his engagements 3,900 + 310 + 290 = 4,500."""
    path = write_csv(TIKTOK_ONE_SPLIT)
    kpis, err = score(path)
    assert value(kpis, "engagements") == 20_000
    assert value(kpis, "views") == 340_000
    assert value(kpis, "shares") == 1390
    assert "Organic likes→+likes" in err
    result = runner.invoke(app, ["score", str(path), "-f", "json", "--by", "influencer"])
    groups = {g["key"]["influencer"]: g["kpis"] for g in json.loads(result.stdout)["groups"]}
    assert groups["@sam"]["engagements"]["value"] == 4500
    assert column(path, "Organic likes")["added_to"] == "likes"


def test_a_bad_cell_in_an_organic_part_names_its_column(write_csv: Any) -> None:
    """The organic part is read as a count like any other: a word in it is an error naming
    that column and row, not the paid column it is added to."""
    path = write_csv(TIKTOK_ONE_SPLIT.replace(",3900,0,", ",lots,0,"))
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "row 3" in result.stderr and "'Organic likes'" in result.stderr
    assert "Traceback" not in result.output


def test_ga4_page_views_are_not_video_views(write_csv: Any) -> None:
    """GA4's "Pages and screens" report: `Views` are page and screen views (Universal
    Analytics' Pageviews and Screenviews became GA4's Views, Texas Digital Library's GA4
    migration guide; the Data API names them screenPageViews), not video views, yet they
    were read as views (audit h #6). The report is recognised by GA4's own columns
    (`Views per active user`, `Event count`), its Views are left out, and the revenue is
    still read: $9,870.40 + $4,100.00 = $13,970.40."""
    path = write_csv(
        "# ----------------------------------------\n"
        "# Pages and screens: Page title and screen class\n"
        "# ----------------------------------------\n"
        "\n"
        "Page title and screen class,Views,Active users,Views per active user,"
        "Average engagement time per active user,Event count,Key events,Total revenue\n"
        "Lena x Lumen | Glow Serum,12400,5200,2.38,41.2,60100,210,9870.4\n"
        "Sam x Lumen | Night Cream,8100,3900,2.08,35.0,40200,90,4100\n"
    )
    kpis, err = score(path)
    assert value(kpis, "views") is None
    assert value(kpis, "revenue") == pytest.approx(13_970.40)
    assert "recognised as Google Analytics 4 report" in err
    assert "page_view and screen_view" in column(path, "Views")["reason"]


# Rakuten Advertising's publisher report (audit h #8): `Orders` counts the sales, `Sales` is
# their amount net of cancellations and returns, `Gross Sales` the amount before them.
RAKUTEN = (
    "Publisher ID,Publisher Name,Impressions,Clicks,Orders,Sales,Total Commission,Gross Sales,"
    "Gross Commissions\n"
    "3812234,GlowWithLena,52000,1850,74,5920.00,888.00,6120.00,918.00\n"
    "2278812,SkincareBySam,20000,920,23,1725.50,258.83,1725.50,258.83\n"
)


def test_net_sales_beside_gross_sales_is_the_revenue(write_csv: Any) -> None:
    kpis, stderr = score(write_csv(RAKUTEN))
    assert value(kpis, "conversions") == 74 + 23
    assert value(kpis, "revenue") == pytest.approx(5920.00 + 1725.50)  # $7,645.50, not 6,120 + 1,725.50
    assert "Sales→revenue" in stderr
    # Round amounts too (audit w #6): `Orders` counts the sales, so `Sales` is their amount.
    kpis, _ = score(write_csv(RAKUTEN.replace("1725.50,258.83,1725.50", "1700.00,255.00,1725.50")))
    assert value(kpis, "revenue") == pytest.approx(5920.00 + 1700.00)  # $7,620, not 6,120 + 1,725.50


# Amazon Attribution (audit h #5): `Purchases` and `Product sales` are the promoted products';
# the `Total ...` columns add the brand's other products (brand halo). One scope for both.
AMAZON = (
    "Campaign,Ad group,Publisher,Channel,Click-throughs,Detail page views,Add to carts,Purchases,"
    "Units sold,Product sales,Total detail page views,Total add to carts,Total purchases,"
    "Total units sold,Total sales\n"
    "Lena Glow IG,Story link,Instagram,Social,1850,1420,310,74,88,5920.00,1610,355,86,101,6880.00\n"
    "Sam TikTok,Bio link,TikTok,Social,920,700,120,23,25,1725.50,790,140,27,30,2030.50\n"
)


def test_amazon_attribution_pairs_purchases_with_product_sales(write_csv: Any) -> None:
    kpis, _ = score(write_csv(AMAZON))
    assert value(kpis, "conversions") == 74 + 23
    assert value(kpis, "revenue") == pytest.approx(5920.00 + 1725.50)  # not Total sales 6,880 + 2,030.50
    assert value(kpis, "conversion_rate") == pytest.approx(97 / (1850 + 920) * 100)  # 3.50%


def test_a_creator_tracker_with_a_budget_is_not_a_google_ads_report(write_csv: Any) -> None:
    """`Creator, Post ID, Impressions, Budget` (verify I): Google Ads lists `Budget` (to ignore
    it), so its claim outweighed the tracker's generic words and the file was read as a Google
    Ads report, whose rows are never posts: posts "—" for 1. Google Ads exports never name
    creators, so a creator column takes its claim away: 1 post, 4,000 impressions."""
    kpis, err = score(write_csv("Creator,Post ID,Impressions,Budget\n@d,9,4000,40\n"))
    assert "Google Ads" not in err
    assert value(kpis, "posts") == 1 and value(kpis, "impressions") == 4000
