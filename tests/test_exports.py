"""Exports as the platforms write them (tests/fixtures/exports/, evidence in its README),
scored with no flags: rows, totals rows left out, and every figure worked out by hand.

Each test names the file's quirks; the arithmetic is written out next to the figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.score import ScoreReport, score_files

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
runner = CliRunner()


def score(name: str, **kwargs: Any) -> ScoreReport:
    return score_files([str(EXPORTS / name)], **kwargs)


def kpi(report: ScoreReport, kpi_id: str) -> Any:
    return report.total.kpi(kpi_id).value


def columns(name: str, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["columns", str(EXPORTS / name), "-f", "json", *args])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)["files"]
    return doc


def dropped(report: ScoreReport) -> list[tuple[int, str]]:
    return [(d["row"], d["label"]) for f in report.reading for d in f["dropped"]]


def header_of(doc: dict[str, Any], column: str) -> str:
    return next(c["header"] for c in doc["columns"] if c["column"] == column)


# --------------------------------------------------------------------------- Meta Ads Manager


def test_meta_ads_english_summary_row_dropped_by_its_sums() -> None:
    # UTF-8 with BOM; the first data row is Meta's summary: no campaign name, reach 7,500
    # deduplicated (the rows sum to 8,000), everything else the sum of the three rows.
    report = score("meta_ads_en.csv")
    assert report.rows == 3
    assert dropped(report) == [(2, "")]
    assert kpi(report, "impressions") == 10_000 + 8_000 + 2_000
    assert kpi(report, "reach") == 4_000 + 3_000 + 1_000
    assert kpi(report, "frequency") == pytest.approx(20_000 / 8_000)
    assert kpi(report, "total_spend") == pytest.approx(150 + 200 + 50)
    assert kpi(report, "clicks") == 120 + 80 + 20  # Link clicks
    assert kpi(report, "ctr") == pytest.approx(220 / 20_000 * 100)  # 1.1 %
    assert kpi(report, "cpm") == pytest.approx(400 / 20_000 * 1000)  # $20
    assert kpi(report, "cpc") == pytest.approx(400 / 220)
    # Purchases, not Results (120 link clicks + 10 purchases + blank = 130).
    assert kpi(report, "conversions") == 6 + 10 + 1
    assert kpi(report, "revenue") == pytest.approx(540 + 900 + 45)
    assert kpi(report, "roas") == pytest.approx(1485 / 400)
    assert report.currency == "USD"
    doc = columns("meta_ads_en.csv")
    assert doc["profile"]["name"] == "Meta Ads Manager export"
    results = next(c for c in doc["columns"] if c["header"] == "Results")
    assert results["column"] is None and "optimised for" in results["reason"]
    # The file's own CTR, CPM and frequency agree with the counts row by row.
    checks = {c["kpi"]: (c["compared"], c["differ"]) for c in doc["ratio_checks"]}
    assert checks == {"ctr": (3, 0), "cpm": (3, 0), "frequency": (3, 0)}


def test_meta_ads_french_ui() -> None:
    # French headers, raw numbers, EUR written in the headers; summary row first.
    report = score("meta_ads_fr.csv")
    assert report.rows == 2
    assert dropped(report) == [(2, "")]
    assert kpi(report, "impressions") == 7_500 + 5_000
    assert kpi(report, "reach") == 3_000 + 2_500  # Couverture
    assert kpi(report, "total_spend") == pytest.approx(300 + 200)  # Montant dépensé (EUR)
    assert kpi(report, "clicks") == 150 + 50  # Clics sur un lien
    assert kpi(report, "ctr") == pytest.approx(200 / 12_500 * 100)  # 1.6 %
    assert kpi(report, "cpm") == pytest.approx(500 / 12_500 * 1000)  # €40
    assert kpi(report, "conversions") == 12 + 8  # Achats, not Résultats (150 + 8)
    assert kpi(report, "revenue") == pytest.approx(1080 + 720)
    assert report.currency == "EUR"
    assert report.total.kpi("cpm").display == "€40.00"
    # The shipped money bands are in USD: no verdict on a EUR CPM, and the note says why.
    cpm = report.total.kpi("cpm")
    assert cpm.verdict is None and "bands are in USD" in cpm.notes[0]
    assert report.total.kpi("ctr").verdict == "good"  # 1–2 %: a ratio has no currency
    doc = columns("meta_ads_fr.csv")
    assert doc["profile"]["name"] == "Meta Ads Manager export (French)"
    assert header_of(doc, "spend") == "Montant dépensé (EUR)"


def test_meta_ads_french_resaved_by_french_excel_scores_the_same() -> None:
    # The same export opened and saved again by a French Excel: `;`, Windows-1252,
    # `7 500` (no-break space), `300,00`, dates 01/03/2025. 01/03 reads both ways; the
    # `Fin des rapports` column's 31/03/2025 shows the day comes first, and ends the range.
    resaved, original = score("meta_ads_fr_excel.csv"), score("meta_ads_fr.csv")
    for kpi_id in ("impressions", "reach", "total_spend", "clicks", "ctr", "cpm", "conversions", "revenue"):
        assert kpi(resaved, kpi_id) == pytest.approx(kpi(original, kpi_id)), kpi_id
    assert (resaved.date_start, resaved.date_end) == ("2025-03-01", "2025-03-31")
    assert (original.date_start, original.date_end) == ("2025-03-01", "2025-03-31")
    doc = columns("meta_ads_fr_excel.csv")
    assert doc["encoding"].startswith("Windows-1252")
    assert doc["delimiter"] == "semicolon"
    assert doc["numbers"]["decimal"] == ","
    assert "Fin des rapports" in doc["dates"]["date"]["why"]


# --------------------------------------------------------------------------- TikTok


def test_tiktok_ads_english_total_row_last() -> None:
    # UTF-8 with BOM; grouped counts ("40,000"); `Total of 3 results` closes the file.
    report = score("tiktok_ads_en.csv")
    assert report.rows == 3
    assert dropped(report) == [(5, "Total of 3 results")]
    assert kpi(report, "total_spend") == pytest.approx(100 + 50 + 150)  # Cost
    assert kpi(report, "impressions") == 40_000 + 25_000 + 35_000
    # Reach is each day's people (TikTok's own total row has `-` for it): not 30,000 + 20,000 +
    # 28,000 = 78,000 over two days; by day, the two campaigns of 1 March add up (reach/s38).
    reach = report.total.kpi("reach")
    assert reach.value is None and reach.reason.startswith(
        "'Reach' is the people reached in each row's day or period"
    )
    by_day = score("tiktok_ads_en.csv", by=["date"])
    assert [g.kpi("reach").value for g in by_day.groups] == [30_000 + 20_000, 28_000]
    assert kpi(report, "clicks") == 400 + 100 + 1_500  # Clicks (destination)
    assert kpi(report, "ctr") == pytest.approx(2_000 / 100_000 * 100)
    assert kpi(report, "cpc") == pytest.approx(300 / 2_000)
    assert kpi(report, "cpa") == pytest.approx(300 / 30)
    assert kpi(report, "video_completion_rate") == pytest.approx((5_000 + 2_000 + 4_500) / 48_000 * 100)
    engagements = (300 + 150 + 250) + (20 + 10 + 15) + (10 + 5 + 5)  # paid likes, comments, shares
    assert kpi(report, "engagements") == engagements == 765
    assert kpi(report, "cpe") == pytest.approx(300 / 765)
    assert columns("tiktok_ads_en.csv")["profile"]["name"] == "TikTok Ads Manager export"


def test_tiktok_ads_spanish_ui() -> None:
    report = score("tiktok_ads_es.csv")
    assert report.rows == 2
    assert dropped(report) == [(4, "Total: 2 resultados")]
    assert kpi(report, "total_spend") == pytest.approx(120 + 180)  # Gasto
    assert kpi(report, "impressions") == 24_000 + 36_000  # Impresiones
    assert kpi(report, "clicks") == 240 + 540  # Clics (destino)
    assert kpi(report, "profile_visits") == 60 + 90  # Visitas al perfil pagadas
    assert kpi(report, "ctr") == pytest.approx(780 / 60_000 * 100)
    assert report.currency == "PEN"
    assert report.total.kpi("total_spend").display == "PEN 300.00"
    doc = columns("tiktok_ads_es.csv")
    assert doc["profile"]["name"] == "TikTok Ads Manager export (Spanish)"
    follows = next(c for c in doc["columns"] if c["header"] == "Seguidores de pago")
    assert follows["column"] is None  # follows gained, not followers


# --------------------------------------------------------------------------- YouTube, Instagram


def test_youtube_studio_total_first_and_subscribers_not_followers() -> None:
    # `Total` is the first data row; one video has no publish time; an ID with a leading
    # space; Subscribers (net gained, -5 for one video) is not the audience size.
    report = score("youtube_table_data.csv")
    assert report.rows == 3
    assert dropped(report) == [(2, "Total")]
    assert kpi(report, "views") == 8_000 + 2_000 + 5_000
    # Impressions (30,000 + 10,000 + 20,000) count thumbnails shown on YouTube: not read (audit q #5)
    assert kpi(report, "impressions") is None
    assert kpi(report, "posts") == 3
    assert (report.date_start, report.date_end) == ("2025-08-28", "2025-09-18")  # Aug 28 .. Sep 18
    assert kpi(report, "engagement_rate_by_followers") is None
    doc = columns("youtube_table_data.csv")
    assert doc["profile"]["name"] == "YouTube Studio export"
    subscribers = next(c for c in doc["columns"] if c["header"] == "Subscribers")
    assert subscribers["column"] is None and "gained minus lost" in subscribers["reason"]


def test_instagram_content_from_meta_business_suite() -> None:
    # Captions quoted across lines; Publish time 03/15/2025 19:05 (month first); the Date
    # column says Lifetime and is not read as a date.
    report = score("instagram_content.csv")
    assert report.rows == 3
    assert kpi(report, "views") == 8_000 + 45_000 + 2_000
    assert kpi(report, "reach") == 5_000 + 30_000 + 1_500
    likes, comments, shares, saves = 600 + 2_200 + 140, 30 + 100 + 6, 40 + 300, 100 + 500 + 9
    assert kpi(report, "engagements") == likes + comments + shares + saves == 4_025
    assert (report.date_start, report.date_end) == ("2025-03-01", "2025-03-15")
    assert kpi(report, "activated_influencers") == 1
    doc = columns("instagram_content.csv")
    assert doc["profile"]["name"] == "Instagram / Meta Business Suite export"
    assert header_of(doc, "date") == "Publish time"


# --------------------------------------------------------------------------- Google Ads


@pytest.mark.parametrize("name", ["google_ads_campaigns.csv", "google_ads_campaigns_excel.csv"])
def test_google_ads_preamble_and_totals_rows(name: str) -> None:
    # Two preamble lines (report name, date range), four `Total:` rows at the end; the
    # Excel CSV is the same report in UTF-16 LE with tabs.
    report = score(name)
    assert report.rows == 3
    assert dropped(report) == [
        (7, "Total: Campaigns"), (8, "Total: Account"), (9, "Total: Search"), (10, "Total: Performance Max"),
    ]  # fmt: skip
    assert kpi(report, "impressions") == 1_024_000 + 250_000 + 0  # Impr.
    assert kpi(report, "clicks") == 64_000 + 6_000
    assert kpi(report, "total_spend") == pytest.approx(96_000 + 12_000)  # Cost
    assert kpi(report, "conversions") == pytest.approx(4_800 + 300)
    assert kpi(report, "revenue") == pytest.approx(12_000 + 1_950)  # Conv. value
    assert kpi(report, "ctr") == pytest.approx(70_000 / 1_274_000 * 100)
    assert kpi(report, "cpc") == pytest.approx(108_000 / 70_000)
    # No date column: the reporting period above the header is the date range.
    assert (report.date_start, report.date_end, report.date_from) == ("2025-01-01", "2025-01-31", "period")
    doc = columns(name)
    assert doc["profile"]["name"] == "Google Ads report"
    assert doc["header_row"] == 3
    assert doc["preamble"] == ["Campaign report", "January 1, 2025 - January 31, 2025"]
    # Google's Conv. rate is per interaction: for PMax 300 / 120,000 = 0.25 %, not 300 / 6,000.
    (check,) = [c for c in doc["ratio_checks"] if c["kpi"] == "conversion_rate"]
    assert (check["compared"], check["differ"]) == (2, 1)


# --------------------------------------------------------------------------- LinkedIn


def test_linkedin_utf16_with_a_five_line_preamble() -> None:
    report = score("linkedin_campaigns.csv")
    assert report.rows == 3
    assert kpi(report, "total_spend") == pytest.approx(200 + 0 + 300)  # Total Spent
    assert kpi(report, "impressions") == 4_000 + 6_000
    # `Clicks` are every chargeable click (landing page, LinkedIn Page, profile): no link
    # clicks in this export, so no CTR to judge against link-click bands (audit F).
    assert kpi(report, "clicks") is None
    assert kpi(report, "conversions") == 2 + 3  # Conversions, not Leads (5 + 7)
    assert kpi(report, "engagements") == 76 + 86  # Total Engagements
    assert kpi(report, "cpm") == pytest.approx(500 / 10_000 * 1000)
    assert (report.date_start, report.date_end) == ("2025-03-01", "2025-03-13")  # 3/13/2025: month first
    doc = columns("linkedin_campaigns.csv")
    assert doc["profile"]["name"] == "LinkedIn Campaign Manager export"
    assert doc["encoding"] == "UTF-16 LE" and doc["delimiter"] == "tab" and doc["header_row"] == 6
    assert doc["period"] == {"start": "2025-03-01", "end": "2025-03-31"}


# --------------------------------------------------------------------------- Snapchat, Pinterest, X


def test_snapchat_ads() -> None:
    report = score("snapchat_ads.csv")
    assert report.rows == 3
    assert kpi(report, "total_spend") == pytest.approx(1200 + 400 + 0)  # Amount Spent
    assert kpi(report, "impressions") == 400_000 + 160_000  # Paid Impressions
    assert kpi(report, "clicks") == 3_000 + 800
    assert kpi(report, "conversions") == 60 + 10
    assert kpi(report, "revenue") == pytest.approx(3600 + 400)  # Purchases Value
    assert kpi(report, "roas") == pytest.approx(4000 / 1600)
    assert kpi(report, "views") == 100_000 + 30_000  # 2 Second Video Views
    assert kpi(report, "video_completion_rate") == pytest.approx((25_000 + 5_000) / 130_000 * 100)
    assert columns("snapchat_ads.csv")["profile"]["name"] == "Snapchat Ads Manager export"


def test_pinterest_ads_bracketed_figures() -> None:
    # `[4]` and `[280.00]` are Pinterest's modelled figures: numbers all the same.
    report = score("pinterest_ads.csv")
    assert report.rows == 3
    assert kpi(report, "total_spend") == pytest.approx(80 + 90 + 30)
    assert kpi(report, "impressions") == 20_000 + 22_000 + 8_000
    assert kpi(report, "clicks") == 200 + 250 + 50  # Outbound clicks, not Pin clicks
    assert kpi(report, "conversions") == 6 + 4 + 0
    assert kpi(report, "revenue") == pytest.approx(420 + 280 + 0)
    assert kpi(report, "engagement_rate") == pytest.approx((600 + 700 + 300) / 50_000 * 100)
    assert columns("pinterest_ads.csv")["profile"]["name"] == "Pinterest Ads or Pinterest Analytics export"


def test_x_ads_campaign_export() -> None:
    report = score("x_ads_campaigns.csv")
    assert report.rows == 2
    assert kpi(report, "total_spend") == pytest.approx(140 + 160)
    assert kpi(report, "impressions") == 50_000 + 60_000
    # X's own Engagements (1,200, 1,500) count every click too, like Meta's Post engagements
    # (audit q #4): likes + reposts + replies instead.
    assert kpi(report, "engagements") == (120 + 30 + 10) + (150 + 40 + 10)  # 360
    assert kpi(report, "shares") == 30 + 40  # Reposts
    # X's `Clicks` count likes, hashtags and profile clicks too: not link clicks (audit F).
    assert kpi(report, "clicks") is None
    assert columns("x_ads_campaigns.csv")["profile"]["name"] == "X (Twitter) Ads export"


def test_linkedin_and_x_link_clicks_are_read_beside_their_all_clicks(tmp_path: Path) -> None:
    # LinkedIn: Landing Page Clicks 25 + 45 over 10,000 impressions: CTR 0.70%, CPC $500 / 70.
    path = tmp_path / "linkedin.csv"
    path.write_text(
        "Campaign Name,Total Spent,Impressions,Clicks,Landing Page Clicks,Company Page Clicks\n"
        "A,200,4000,40,25,10\nB,300,6000,60,45,10\n"
    )
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    total = json.loads(result.stdout)["total"]["kpis"]
    assert total["ctr"]["value"] == pytest.approx(70 / 10_000 * 100)
    assert total["cpc"]["value"] == pytest.approx(500 / 70)


# --------------------------------------------------------------------------- influencer platforms, trackers


def test_influencer_platform_content_breakdown() -> None:
    # $ money quoted with thousands; IMV is media value, not revenue; the discount code
    # column holds codes, not uses; `N/A` engagement rate for a story.
    report = score("grin_content_breakdown.csv")
    assert report.rows == 3
    assert kpi(report, "total_spend") == pytest.approx(850 + 1500 + 300)
    assert kpi(report, "revenue") == pytest.approx(1234.56 + 2048.90 + 389.40)
    assert kpi(report, "conversions") == 37 + 61 + 12
    assert kpi(report, "code_uses") is None
    # The story has no engagement figures: its 16,000 followers are left out too.
    assert kpi(report, "engagement_rate_by_followers") == pytest.approx(
        (1900 + 100 + 50 + 300 + 7200 + 400 + 600) / (48_000 + 120_000) * 100
    )
    doc = columns("grin_content_breakdown.csv")
    reasons = {c["header"]: c["reason"] for c in doc["columns"] if c["column"] is None}
    assert "media value" in reasons["IMV"] and "code itself" in reasons["Discount Code"]


def test_german_excel_tracker() -> None:
    # Windows-1252, `;`, CRLF, `1.234,56 €`, `48.200` followers (thousands, not 48.2),
    # `02.03.2025`, `#DIV/0!` in a CPC cell, a blank `;;;;` row, then `Gesamt`.
    report = score("tracker_de_excel.csv")
    assert report.rows == 4
    assert dropped(report) == [(7, "Gesamt")]
    assert report.reading[0]["blank_rows"] == 1
    assert kpi(report, "reach") == 21_000 + 6_000
    assert kpi(report, "impressions") == 30_000 + 7_000
    assert kpi(report, "views") == 27_000 + 96_000
    assert kpi(report, "engagements") == (1_900 + 7_200) + (100 + 400) + (50 + 600) + 300
    assert kpi(report, "clicks") == 400 + 1_000 + 200 + 0
    assert kpi(report, "conversions") == 40 + 60 + 10 + 0
    assert kpi(report, "revenue") == pytest.approx(1_200.00 + 2_000.50 + 400.00)
    assert kpi(report, "total_spend") == pytest.approx(800 + 1_500 + 300)
    assert kpi(report, "roas") == pytest.approx(3_600.50 / 2_600)
    assert kpi(report, "cpc") == pytest.approx(2_600 / 1_600)
    # The story and the YouTube row have no engagement figures: their followers are left out.
    assert kpi(report, "engagement_rate_by_followers") == pytest.approx(10_550 / (48_200 + 120_500) * 100)
    assert report.currency == "EUR"
    assert (report.date_start, report.date_end) == ("2025-03-02", "2025-03-12")
    doc = columns("tracker_de_excel.csv")
    assert doc["profile"]["name"] == "influencer platform or tracker export (German)"
    assert doc["numbers"]["decimal"] == ","


def test_french_excel_tracker_with_narrow_no_break_spaces() -> None:
    # CSV UTF-8 (BOM), `;`, `1 234,56 €` with U+202F, dates 02/03/2025 (day first: a
    # decimal-comma file), `Total` last.
    report = score("tracker_fr_excel.csv")
    assert report.rows == 3
    assert dropped(report) == [(5, "Total")]
    assert kpi(report, "revenue") == pytest.approx(1_200 + 2_000.50 + 400)
    assert kpi(report, "total_spend") == pytest.approx(800 + 1_500 + 300)
    assert kpi(report, "views") == 27_000 + 96_000
    assert (report.date_start, report.date_end) == ("2025-03-02", "2025-03-11")  # 2 March, not 3 Feb
    doc = columns("tracker_fr_excel.csv")
    assert doc["profile"]["name"] == "influencer platform or tracker export (French)"
    assert doc["dates"]["date"]["guessed"] is True


def test_campaign_manager_360_report_with_its_metadata_block() -> None:
    # Seven lines above the header (report name, `,`, Report Time, Date Range, Account ID,
    # Date Generated, `Report Fields`), CRLF, `Grand Total:` last. Media Cost is the spend.
    report = score("cm360_placements.csv")
    assert report.rows == 3
    assert dropped(report) == [(12, "Grand Total:")]  # 7 lines, the header, 3 rows
    assert kpi(report, "impressions") == 10000 + 20000 + 30000
    assert kpi(report, "total_spend") == pytest.approx(50 + 100 + 150)
    assert kpi(report, "cpm") == pytest.approx(300 / 60000 * 1000)  # $5.00
    assert kpi(report, "ctr") == pytest.approx((100 + 150 + 250) / 60000 * 100)
    assert kpi(report, "conversions") == 5 + 7 + 8
    assert kpi(report, "roas") == pytest.approx((250 + 350 + 400) / 300)
    assert (report.date_start, report.date_end) == ("2025-03-01", "2025-03-02")
    assert columns("cm360_placements.csv")["profile"]["name"] == "Campaign Manager 360 or DV360 report"


def test_dv360_report_with_its_summary_row_and_metadata_footer() -> None:
    # A blank-named summary row, a blank line, then `Report Time:`, `Date Range:`, `Group
    # By:` (as many cells as the header's names), `MRC Accredited Metrics`, `Filter by ...:`.
    # Revenue (Adv Currency) is what the advertiser is billed: not revenue.
    result = runner.invoke(app, ["score", str(EXPORTS / "dv360_line_items.csv"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "skipped the lines under it (Report Time: 2025/04/02 09:14 GMT; Date Range:" in result.stderr
    report = score("dv360_line_items.csv")
    assert report.rows == 3
    assert kpi(report, "impressions") == 10000 + 20000 + 8000
    assert kpi(report, "total_spend") == pytest.approx(50 + 100 + 25)
    assert kpi(report, "cpa") == pytest.approx(175 / (5 + 7 + 1))
    assert kpi(report, "revenue") is None
    assert report.currency == "EUR"  # from Advertiser Currency
    assert (report.date_start, report.date_end) == ("2025-03-01", "2025-03-02")


def test_every_fixture_names_its_platform() -> None:
    names = sorted(p.name for p in EXPORTS.glob("*.csv"))
    assert len(names) >= 12
    result = runner.invoke(app, ["columns", *(str(EXPORTS / n) for n in names), "-f", "json"])
    assert result.exit_code == 0, result.output
    for doc in json.loads(result.stdout)["files"]:
        assert doc["profile"] is not None, doc["file"]


def test_every_header_a_profile_names_is_whole() -> None:
    # A YAML flow list splits at commas: `[Conversion rate (CVR, clicks)]` was two
    # headers, `Conversion rate (CVR` and `clicks)`, and `clicks)` normalised to `clicks`
    # made every TikTok export's plain Clicks column a ratio check, never read.
    import yaml

    def texts(node: Any) -> Any:
        if isinstance(node, dict):
            for item in node.values():
                yield from texts(item)
        elif isinstance(node, list):
            for item in node:
                yield from texts(item)
        elif isinstance(node, str):
            yield node

    folder = Path(__file__).parent.parent / "kpi_cli" / "profiles"
    for path in sorted(folder.glob("*.yaml")):
        for text in texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            assert text.count("(") == text.count(")"), (path.name, text)
            assert not text.startswith("000"), (path.name, text)  # the tail of `1,000`


def test_a_tiktok_export_with_plain_clicks_reads_them(tmp_path: Path) -> None:
    export = tmp_path / "tiktok.csv"
    export.write_text(
        "By Day,Campaign name,Cost,Impressions,Reach,Clicks,CTR,Conversions,Video views,Currency\n"
        "2025-03-01,Spring,100.00,40000,30000,400,1.00%,10,20000,USD\n"
        "2025-03-02,Spring,150.00,35000,28000,1500,4.29%,15,18000,USD\n"
    )
    report = score_files([str(export)])
    assert kpi(report, "clicks") == 400 + 1500
    assert kpi(report, "ctr") == pytest.approx(1900 / 75_000 * 100)  # 2.53%
    assert kpi(report, "cpc") == pytest.approx(250 / 1900)
    assert kpi(report, "conversion_rate") == pytest.approx(25 / 1900 * 100)


def test_google_ads_in_spanish_ignores_interactions_and_reads_its_currency(tmp_path: Path) -> None:
    # Recognised as an influencer tracker before, its Interacciones (clicks and video
    # views) were read as engagements: 8,500, engagement rate 17% "excellent", in dollars.
    export = tmp_path / "campañas.csv"
    export.write_text(
        "Informe de campañas\n1 de marzo de 2025 - 31 de marzo de 2025\n"
        "Estado de la campaña,Campaña,Impr.,Interacciones,Clics,Coste,Conversiones,Código de moneda\n"
        "Habilitada,Primavera,10000,500,300,1000.00,10,EUR\nHabilitada,Verano,40000,8000,900,800.00,20,EUR\n"
    )
    report = score_files([str(export)])
    assert kpi(report, "engagements") is None
    assert kpi(report, "engagement_rate") is None
    assert kpi(report, "cpc") == pytest.approx(1800 / 1200)
    assert report.currency == "EUR"


def test_a_trackers_total_cost_is_its_spend_not_one_part_of_it(tmp_path: Path) -> None:
    # Spend is what was paid: fees, product and boosting. `Total cost` holds all three;
    # `Fee` was read instead (spend $300, CPC $15, where the file says $400 and $20).
    export = tmp_path / "tracker.csv"
    export.write_text(
        "Creator,Fee,Product cost,Boosting,Total cost,Clicks\n@a,100,50,30,180,10\n@b,200,0,20,220,10\n"
    )
    report = score_files([str(export)])
    assert kpi(report, "total_spend") == pytest.approx(180 + 220)
    assert kpi(report, "cpc") == pytest.approx(400 / 20)


def test_exports_of_one_platform_compare_by_platform() -> None:
    # Meta's and TikTok's ads exports have no Platform column: each is its platform's.
    # Meta: spend $400 over 20,000 impressions (CPM $20); TikTok: $300 over 100,000 ($3).
    paths = [str(EXPORTS / "meta_ads_en.csv"), str(EXPORTS / "tiktok_ads_en.csv")]
    result = runner.invoke(app, ["score", *paths, "--by", "platform", "-f", "json"])
    assert result.exit_code == 0, result.output
    groups = {g["label"]: g["kpis"] for g in json.loads(result.stdout)["groups"]}
    assert sorted(groups) == ["Meta", "TikTok"]
    assert groups["Meta"]["cpm"]["value"] == pytest.approx(20.0)
    assert groups["TikTok"]["cpm"]["value"] == pytest.approx(3.0)
