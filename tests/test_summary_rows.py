"""Summary rows (totals, subtotals, averages) as Excel and the ads managers write them in
languages beyond English, German, French, Spanish, Portuguese and Italian (audit l #1).

Each file: @lena 12,500 impressions / 250 clicks / 1,234.56 spend, @ana 20,000 / 400 /
2,000.00, @marco 8,000 / 100 / 500.00. By hand: impressions 12,500 + 20,000 + 8,000 =
40,500, clicks 250 + 400 + 100 = 750, spend 1,234.56 + 2,000.00 + 500.00 = 3,734.56, three
posts. Scored as data, the subtotal and grand-total rows tripled every one of them
(121,500 impressions, 11,203.68 spend, 6 posts).
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.read.totals import is_total
from kpi_cli.score import score_files

runner = CliRunner()

IMPRESSIONS = 12_500 + 20_000 + 8_000
CLICKS = 250 + 400 + 100
SPEND = 1_234.56 + 2_000.00 + 500.00


def _subtotalled(subtotal: str, grand: str) -> str:
    """Excel's Data › Subtotal output, grouped by platform, as one language's Excel labels it."""
    instagram, tiktok = (
        subtotal.format("Instagram"),
        subtotal.format("TikTok"),
    )
    return (
        "Platform;Influencer;Impressions;Clicks;Spend\n"
        "Instagram;@lena;12500;250;1234,56\n"
        "Instagram;@ana;20000;400;2000,00\n"
        f"{instagram};;32500;650;3234,56\n"  # 12,500 + 20,000; 1,234.56 + 2,000.00
        "TikTok;@marco;8000;100;500,00\n"
        f"{tiktok};;8000;100;500,00\n"
        f"{grand};;40500;750;3734,56\n"
    )


# The labels each language's Excel writes for Data › Subtotal (Sum) and its grand total.
@pytest.mark.parametrize(
    ("subtotal", "grand"),
    [
        ("{} Summa", "Totalsumma"),  # Swedish
        ("{} Suma", "Suma końcowa"),  # Polish
        ("{} 集計", "総計"),  # Japanese
        ("{} 요약", "총합계"),  # Korean
        ("{} Toplam", "Genel Toplam"),  # Turkish
        ("{} Celkem", "Celkový součet"),  # Czech
        ("{} I alt", "Hovedtotal"),  # Danish
        ("{} Totalt", "Totalsum"),  # Norwegian
        ("{} 汇总", "总计"),  # Chinese
        ("{} Summa", "Kokonaissumma"),  # Finnish
        ("{} Összeg", "Végösszeg"),  # Hungarian
        ("{} Totaal", "Eindtotaal"),  # Dutch (read before too: the control)
    ],
)
def test_excel_subtotals_in_other_languages_are_left_out(
    scored: Any, write: Any, subtotal: str, grand: str
) -> None:
    doc, _ = scored(write(_subtotalled(subtotal, grand)), "--by", "platform")
    kpis = doc["total"]["kpis"]
    assert doc["rows"] == 3
    assert kpis["impressions"]["value"] == IMPRESSIONS
    assert kpis["clicks"]["value"] == CLICKS
    assert kpis["total_spend"]["value"] == pytest.approx(SPEND)
    assert kpis["cost_per_post"]["value"] == pytest.approx(SPEND / 3)  # 1,244.85
    assert [g["label"] for g in doc["groups"]] == ["Instagram", "TikTok"]
    assert [d["row"] for d in doc["reading"][0]["dropped"]] == [4, 6, 7]


# A Total row and an Average row under the data, as trackers put them.
@pytest.mark.parametrize(
    ("total", "average"),
    [
        ("Razem", "Średnia"),  # Polish
        ("Totalt", "Medelvärde"),  # Swedish
        ("Totaal", "Gemiddelde"),  # Dutch
        ("Toplam", "Ortalama"),  # Turkish
        ("합계", "평균"),  # Korean
        ("Celkem", "Průměr"),  # Czech
        ("I alt", "Gennemsnit"),  # Danish
        ("合計", "平均"),  # Japanese
        ("Jumlah", "Rata-rata"),  # Indonesian
        ("Yhteensä", "Keskiarvo"),  # Finnish
        ("Összesen", "Átlag"),  # Hungarian
    ],
)
def test_total_and_average_rows_in_other_languages_are_left_out(
    scored: Any, write: Any, total: str, average: str
) -> None:
    path = write(
        "Influencer;Impressions;Clicks;Spend\n"
        "@lena;12500;250;1234,56\n@ana;20000;400;2000,00\n@marco;8000;100;500,00\n"
        f"{total};40500;750;3734,56\n"
        f"{average};13500;250;1244,85\n"  # 40,500 / 3, 750 / 3, 3,734.56 / 3
    )
    doc, err = scored(path)
    kpis = doc["total"]["kpis"]
    assert kpis["impressions"]["value"] == IMPRESSIONS  # not 94,500 (every row summed)
    assert kpis["total_spend"]["value"] == pytest.approx(SPEND)  # not 8,713.97
    assert kpis["activated_influencers"]["value"] == 3  # the average is no creator
    assert f"dropped row 6 ({average!r}): a summary row (an average, not a sum)" in err


def test_japanese_google_ads_summary_rows_are_left_out(scored: Any, write: Any) -> None:
    # A Japanese Google Ads campaign report closes with `合計: キャンペーン` and `合計:
    # アカウント` (a real Japanese export's last row, find_string id 58314361579). By hand:
    # impressions 120,000 + 50,000 + 15,000 = 185,000; cost 150,000 + 70,050 + 21,025 =
    # 241,075; conversions 30 + 10 + 0 = 40. Read as data: 555,000, 723,225 and 120.
    path = write(
        "キャンペーン,表示回数,クリック数,費用,コンバージョン\n"
        '春_検索,"120,000","1,200",150000,30.00\n'
        '春_ディスプレイ,"50,000",800,70050,10.00\n'
        '認知_動画,"15,000",150,21025,0.00\n'
        '合計: キャンペーン,"185,000","2,150",241075,40.00\n'
        '合計: アカウント,"185,000","2,150",241075,40.00\n'
    )
    maps = [
        "表示回数=impressions",
        "クリック数=clicks",
        "費用=spend",
        "コンバージョン=conversions",
        "キャンペーン=campaign",
    ]
    doc, err = scored(path, *[a for m in maps for a in ("--map", m)], "--currency", "JPY")
    kpis = doc["total"]["kpis"]
    assert kpis["impressions"]["value"] == 120_000 + 50_000 + 15_000
    assert kpis["total_spend"]["value"] == pytest.approx(150_000 + 70_050 + 21_025)
    assert kpis["conversions"]["value"] == pytest.approx(30 + 10 + 0)
    assert "dropped row 6 ('合計: アカウント'): a totals row" in err


@pytest.mark.parametrize(
    "label",
    ["Totalt: konto", "Totaal", "Totaal: campagnes", "Summa", "Totalsumma", "Łącznie", "Ogółem",
     "Genel Toplam", "Ara toplam", "Celkový součet", "I alt", "Hovedtotal", "Totalsum", "総計", "小計",
     "소계", "총계", "總計", "合計：アカウント", "Medel", "Totalt medel", "Grand Average"],
)  # fmt: skip
def test_more_totals_labels(label: str) -> None:
    assert is_total(label)


@pytest.mark.parametrize(
    "label",
    ["Summa Cum Laude", "Toplam Kampanya", "Medellín trip", "Razem z Anią", "@celkem", "Jumlah Besar Sale",
     "平均的な日", "Totaalplan"],
)  # fmt: skip
def test_names_beginning_like_a_summary_are_kept(label: str) -> None:
    assert not is_total(label)


# --------------------------------------------------------------------------- by their figures
# Labels in a language kpi has no word for (Lithuanian `Iš viso` / `Bendroji suma`, Estonian
# `Kokku` / `Keskmine` here) must not triple the figures either.


def test_a_total_and_an_average_kpi_has_no_word_for_are_found_by_their_figures(
    scored: Any, write: Any
) -> None:
    # Row 5 = 12,500 + 20,000 + 8,000 = 40,500 and 1,234.56 + 2,000.00 + 500.00 =
    # 3,734.56: a total. Row 6 = 40,500 / 3 = 13,500, 750 / 3 = 250, 3,734.56 / 3 =
    # 1,244.853 (written 1,244.85): the average under it. Read as data: 94,500 / 8,713.97.
    path = write(
        "Influencer;Impressions;Clicks;Spend\n"
        "@lena;12500;250;1234,56\n@ana;20000;400;2000,00\n@marco;8000;100;500,00\n"
        "Kokku;40500;750;3734,56\nKeskmine;13500;250;1244,85\n"
    )
    doc, err = scored(path)
    kpis = doc["total"]["kpis"]
    assert kpis["impressions"]["value"] == IMPRESSIONS
    assert kpis["total_spend"]["value"] == pytest.approx(SPEND)
    assert kpis["activated_influencers"]["value"] == 3
    assert "dropped row 5: every count equal to the sum of the other rows: a totals row" in err
    assert "dropped row 6: every count equal to the average of the rows above it" in err
    # A total known by its label, an average kpi has no word for: the average still goes.
    path = write(
        "Influencer;Impressions;Clicks;Spend\n"
        "@lena;12500;250;1234,56\n@ana;20000;400;2000,00\n@marco;8000;100;500,00\n"
        "Total;40500;750;3734,56\nKeskmine;13500;250;1244,85\n",
        name="b.csv",
    )
    doc, err = scored(path)
    assert doc["total"]["kpis"]["impressions"]["value"] == IMPRESSIONS  # not 54,000
    assert doc["total"]["kpis"]["activated_influencers"]["value"] == 3  # not 4
    # A last creator whose figures happen to be the mean of the others, with no total above
    # it, is a creator: (12,500 + 20,000 + 8,000) / 3 = 13,500 and 250.
    path = write(
        "Influencer;Impressions;Clicks\n@lena;12500;250\n@ana;20000;400\n@marco;8000;100\n@mia;13500;250\n",
        name="c.csv",
    )
    doc, _ = scored(path)
    assert doc["total"]["kpis"]["impressions"]["value"] == 12_500 + 20_000 + 8_000 + 13_500


def test_subtotals_kpi_has_no_word_for_are_an_error_not_tripled_figures(write: Any) -> None:
    # The grand total (40,500; 750; 3,734.56) is half of the rows above it: 12,500 +
    # 20,000 + 32,500 + 8,000 + 8,000 = 81,000 = 2 × 40,500, so one level of subtotals
    # sits among them, which kpi cannot tell from the data rows: it asks.
    path = write(_subtotalled("{} Iš viso", "Bendroji suma"))
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert (
        "row 7 ('Bendroji suma') holds half of every count of the rows above it: a grand total over "
        "subtotal rows kpi does not recognise" in result.stderr
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "rows",
    [
        "Campaign,Impressions,Clicks,Spend\nSpring,10000,100,100\n"
        "Spring Media,20000,150,200\nSummer,5000,40,50\n",
        "Influencer,Impressions,Clicks,Spend\n@lena,10000,100,100\n"
        "@lena Media,20000,150,200\n@max,5000,40,50\n",
    ],
)
def test_a_name_like_another_plus_media_is_a_name(scored: Any, write: Any, rows: str) -> None:
    """`Media` is Italian and Spanish for average, and `Spring Media` sits under `Spring`,
    but it is a campaign (a creator) of its own: its row counts. 10,000 + 20,000 + 5,000 =
    35,000 impressions, spend 100 + 200 + 50 = $350 (dropped, 15,000 and $150)."""
    doc, err = scored(write(rows))
    kpis = doc["total"]["kpis"]
    assert (kpis["impressions"]["value"], kpis["total_spend"]["value"]) == (35_000, 350)
    assert "dropped" not in err


@pytest.mark.parametrize(
    ("label", "total"),
    [("Q1 total", True), ("Total Q1-Q2", True), ("March total", True), ("FY25 total", True),
     ("'Total", True), ("Marketing total", False), ("Junior total", False), ("Total Wine", False)],
)  # fmt: skip
def test_a_periods_total_is_a_totals_label_and_look_alike_names_are_not(label: str, total: bool) -> None:
    # Audit x #2: a sheet kept by hand labels its subtotals by period; a month's name must be
    # whole (`Marketing total` is no March total).
    from kpi_cli.read.totals import is_strong_total

    assert is_strong_total(label) is total


def test_dated_period_subtotals_are_dropped_and_a_total_2025_campaign_is_kept(write_csv: Any) -> None:
    # Audit z #1: `Q1 2025 Total` rows dated at the quarter's end were kept: impressions
    # 12,000 + 8,000 + 20,000 + ... = 72,000 for 36,000. #6: a campaign `Total 2025` (a brand
    # called Total) is a campaign, not a totals row.
    text = (
        "Creator,Post date,Impressions,Cost\nLena Fox,2025-01-10,12000,500\nMax Ortiz,2025-02-03,8000,300\n"
        "Q1 2025 Total,2025-03-31,20000,800\nAna Silva,2025-04-15,10000,400\nJoe Park,2025-05-02,6000,200\n"
        "Q2 2025 Total,2025-06-30,16000,600\n"
    )
    report = score_files([str(write_csv(text, "t.csv"))])
    assert report.total.kpi("impressions").value == 12000 + 8000 + 10000 + 6000
    assert report.total.kpi("posts").value == 4
    campaigns = "Campaign,Impressions,Clicks\nSpring,50000,600\nTotal 2025,60000,700\nSummer,90000,1100\n"
    report = score_files([str(write_csv(campaigns, "c.csv"))])
    assert report.total.kpi("impressions").value == 50000 + 60000 + 90000
