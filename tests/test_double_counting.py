"""Rows counted twice: a file's own total against the rows kpi kept, subtotals in everyday
words, a campaign's summary line among its days (audit m #6, #1, #4).

The tracker of every test: @lena two posts (10,000 and 20,000 impressions, $400 each),
@marco two (40,000 and 20,000, $600 each). By hand: impressions 10,000 + 20,000 + 40,000
+ 20,000 = 90,000; spend 400 + 400 + 600 + 600 = $2,000; 4 posts; cost per post 2,000 / 4
= $500.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()

HEADER = "Creator,Platform,Post URL,Impressions,Clicks,Cost\n"
LENA = "@lena,Instagram,https://instagram.com/p/A1,10000,100,400\n@lena,Instagram,https://instagram.com/p/A2,20000,200,400\n"
MARCO = (
    "@marco,TikTok,https://tiktok.com/@marco/video/1,40000,300,600\n"
    "@marco,TikTok,https://tiktok.com/@marco/video/2,20000,100,600\n"
)
IMPRESSIONS = 10_000 + 20_000 + 40_000 + 20_000
SPEND = 400 + 400 + 600 + 600


def _score(path: str, *args: str) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["score", path, *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def _refused(path: str) -> str:
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    return result.stderr


# --------------------------------------------------------------------------- the file's own total


def test_kept_rows_twice_the_files_own_total_are_an_error(write: Any) -> None:
    # Each creator's summary line in words no list has (`Lena – all posts`): read as data,
    # the rows add up to 10,000 + 20,000 + 30,000 + 40,000 + 20,000 + 60,000 = 180,000
    # impressions and 400 + 400 + 800 + 600 + 600 + 1,200 = 4,000 spend, twice what the
    # file's own `Grand total` (row 8, dropped by its label) says: 90,000 and 2,000.
    path = write(
        HEADER + LENA + "Lena – all posts,,,30000,300,800\n" + MARCO + "Marco – all posts,,,60000,400,1200\n"
        "Grand total,,,90000,700,2000\n"
    )
    err = _refused(path)
    assert (
        "row 8 ('Grand total') says 90,000 impressions and 2,000 spend, but the rows kpi summed give "
        "180,000 impressions and 4,000 spend (2×): some rows are not data" in err
    )


def test_a_total_at_the_top_and_rows_that_are_not_data_under_it(write: Any) -> None:
    # TikTok's `Total of 4 results` first; a note with figures under the data adds 5,000
    # impressions and $250: 95,000 and 2,250 where the file says 90,000 and 2,000 (not a
    # multiple, so no `(2×)`).
    path = write(
        HEADER + "Total of 4 results,,,90000,700,2000\n" + LENA + MARCO + "Boosted (paid),,,5000,0,250\n"
    )
    err = _refused(path)
    assert (
        "row 2 ('Total of 4 results') says 90,000 impressions and 2,000 spend, but the rows kpi summed "
        "give 95,000 impressions and 2,250 spend: some rows are not data" in err
    )


@pytest.mark.parametrize(
    "closing",
    [
        # Rounded as the sheet shows it: 90,000 written 90,000, $2,000.40 written 2,000.
        "Grand total,,,90000,700,2000\n",
        # YouTube's `Total` covers more than the rows exported (its top videos): fewer kept.
        "Total,,,120000,900,2600\n",
        # Google Ads: a part's total, then the account's (the largest is the file's).
        "Total: Search campaigns,,,30000,300,800\nTotal: Account,,,90000,700,2000\n",
        # A `Total` under each creator's posts (blocks), no grand total: 30,000 + 60,000.
        None,
        # Lena's block closed by a `Total`, Marco's rows under it: a block's total, not the file's.
        "",
    ],
)
def test_a_files_total_that_agrees_is_dropped_quietly(write: Any, closing: str | None) -> None:
    lena = LENA.replace(",400\n", ",400.20\n")  # spend 400.20 + 400.20 + 600 + 600 = 2,000.40
    if closing is None:
        text = HEADER + lena + "Total,,,30000,300,800.40\n" + MARCO + "Total,,,60000,400,1200\n"
    elif not closing:
        text = HEADER + lena + "Total,,,30000,300,800.40\n" + MARCO
    else:
        text = HEADER + lena + MARCO + closing
    doc, _ = _score(write(text))
    kpis = doc["total"]["kpis"]
    assert kpis["impressions"]["value"] == IMPRESSIONS
    assert kpis["total_spend"]["value"] == pytest.approx(2_000.40)
    assert kpis["posts"]["value"] == 4


# --------------------------------------------------------------------------- subtotals in everyday words


@pytest.mark.parametrize(
    ("handle", "label"),
    [
        ("@lena", "Lena subtotal"),  # `Snacks subtotal`, as a public CSV writer closes each group
        ("Lena", "Lena subtotal"),  # the value written as the column has it, `subtotal` after it
        ("@lena", "Total Lena"),
        ("lena", "Lena Total"),
        ("@lena", "lena total"),
        ("@lena", "TOTAL LENA"),
        ("@lena", "Sum lena"),
        ("@lena", "Total for lena"),
        ("@lena", "Subtotal - lena"),
        ("@lena", "Sub-total Lena"),
        ("@lena", "Lena – total"),
        ("@lena", "Lena's total"),
    ],
)
def test_a_creators_subtotal_in_everyday_words_is_left_out(write: Any, handle: str, label: str) -> None:
    # Lena's two posts under a subtotal, Marco's one post without (people subtotal the
    # creators with several posts). By hand: clicks 50 + 100 + 600 = 750, impressions
    # 10,000 + 30,000 + 30,000 = 70,000, so CTR = 750 / 70,000 = 1.07% (good); spend 400 +
    # 400 + 900 = 1,700 over 3 posts = $566.67 each; 2 creators. Read as data, the subtotal
    # made it 900 / 110,000 = 0.82% (poor), $2,500, 3 creators.
    path = write(
        "Creator,Platform,Post URL,Impressions,Clicks,Cost\n"
        f"{handle},Instagram,https://instagram.com/p/A1,10000,50,400\n"
        f"{handle},Instagram,https://instagram.com/p/A2,30000,100,400\n"
        f"{label},,,40000,150,800\n"
        "@marco,TikTok,https://tiktok.com/@marco/video/1,30000,600,900\n"
    )
    doc, err = _score(path)
    kpis = doc["total"]["kpis"]
    assert kpis["impressions"]["value"] == 10_000 + 30_000 + 30_000
    assert kpis["ctr"]["value"] == pytest.approx(750 / 70_000 * 100)
    assert kpis["ctr"]["verdict"] == "good"
    assert kpis["total_spend"]["value"] == 400 + 400 + 900
    assert kpis["activated_influencers"]["value"] == 2
    assert kpis["posts"]["value"] == 3
    assert f"dropped row 4 ({label!r}): a totals row" in err


def test_a_name_with_a_subtotal_word_but_no_value_of_the_column_is_kept(write: Any) -> None:
    # `Sum Ting` and `Total Wellness` name no creator or campaign above them: data rows.
    # By hand: 10,000 + 20,000 + 5,000 = 35,000 impressions, 3 creators.
    path = write(
        "Campaign,Creator,Impressions,Clicks\n"
        "Spring,@lena,10000,100\nTotal Wellness,Sum Ting,20000,200\nSpring,Lena total care,5000,50\n"
    )
    doc, _ = _score(path)
    assert doc["total"]["kpis"]["impressions"]["value"] == 10_000 + 20_000 + 5_000
    assert doc["total"]["kpis"]["activated_influencers"]["value"] == 3


# ---------------------------------------------------------------- a campaign's summary line among its days

TIKTOK_DAYS = (
    "By Day,Campaign name,Cost,Impressions,Clicks (destination),Conversions\n"
    '2025-03-01,Spring_UGC,100.00,"20,000",400,10\n'
    '2025-03-02,Spring_UGC,150.00,"20,000",600,15\n'
    '{dash},Spring_UGC,250.00,"40,000","1,000",25\n'
    '2025-03-01,Spring_Spark,200.00,"40,000",600,20\n'
    '2025-03-02,Spring_Spark,150.00,"20,000",400,15\n'
    '{dash},Spring_Spark,350.00,"60,000","1,000",35\n'
)


@pytest.mark.parametrize("dash", ["-", ""])
def test_a_campaigns_summary_line_among_its_days_is_left_out(write: Any, dash: str) -> None:
    # TikTok's `By Day` sheet with a line under each campaign's days (`-` or nothing in
    # `By Day`): 250 = 100 + 150, 40,000 = 20,000 + 20,000, 1,000 = 400 + 600, 25 = 10 + 15;
    # 350 = 200 + 150, 60,000 = 40,000 + 20,000, 1,000 = 600 + 400, 35 = 20 + 15. By hand:
    # spend 100 + 150 + 200 + 150 = $600, impressions 100,000, clicks 2,000, conversions
    # 60; the lines read as data doubled each ($1,200, 200,000, 4,000, 120).
    doc, err = _score(write(TIKTOK_DAYS.format(dash=dash)), "--by", "date")
    kpis = doc["total"]["kpis"]
    assert kpis["total_spend"]["value"] == pytest.approx(100 + 150 + 200 + 150)
    assert kpis["impressions"]["value"] == 20_000 + 20_000 + 40_000 + 20_000
    assert kpis["clicks"]["value"] == 400 + 600 + 600 + 400
    assert kpis["conversions"]["value"] == 10 + 15 + 20 + 15
    assert [g["label"] for g in doc["groups"]] == ["2025-03-01", "2025-03-02"]  # no `(blank)` day
    assert (
        "dropped row 4 ('Spring_UGC'): no date, and every count equal to the sum of the rows above it" in err
    )
    assert "dropped row 7 ('Spring_Spark')" in err


def test_an_undated_row_that_is_no_sum_stays_data(write: Any) -> None:
    # A post with its date not filled in is a post: 1,000 + 2,000 + 500 = 3,500 impressions.
    path = write(
        "Date,Creator,Impressions,Clicks,Likes,Cost\n"
        "2025-03-01,@lena,1000,10,50,100\n2025-03-02,@lena,2000,20,60,200\n,@marco,500,5,7,50\n"
    )
    doc, _ = _score(path)
    assert doc["total"]["kpis"]["impressions"]["value"] == 1_000 + 2_000 + 500


META = (
    "Reporting starts,Reporting ends,Campaign name,Reach,Impressions,Amount spent (EUR),"
    "Link clicks,Purchases\n"
)


def test_a_whole_period_row_beside_its_days_is_an_error(write: Any) -> None:
    # Row 2 is Spring Launch over 2025-03-01 to 03-03 (12,500 impressions, €250: a
    # whole-period export, downloaded a day later than the daily one, so not quite their
    # sum), rows 3-5 the same campaign day by day (4,000 + 5,000 + 3,000 = 12,000; 80 + 100
    # + 60 = €240). Summed, impressions came out 24,500 and spend €490. (A period row that
    # is exactly the sum of the days is the summary row: dropped, see below.)
    path = write(
        META + "2025-03-01,2025-03-03,Spring Launch,5000,12500,250,120,8\n"
        "2025-03-01,2025-03-01,Spring Launch,2000,4000,80,40,3\n"
        "2025-03-02,2025-03-02,Spring Launch,2100,5000,100,50,3\n"
        "2025-03-03,2025-03-03,Spring Launch,1500,3000,60,30,2\n"
    )
    err = _refused(path)
    assert (
        "row 2 ('Spring Launch') covers 2025-03-01 to 2025-03-03, and rows of single days in that period "
        "have the same names (row 3 on): a whole-period export and a daily one in one file count every "
        "figure twice" in err
    )


def test_periods_and_days_that_do_not_overlap_are_summed(write: Any) -> None:
    # February as one row, March day by day, a Meta summary row (no names) over both: no
    # day is counted twice. By hand: 12,000 + 4,000 + 5,000 = 21,000 impressions, 240 + 80
    # + 100 = €420.
    path = write(
        META + "2025-02-01,2025-03-02,,9000,21000,420,210,14\n"
        "2025-02-01,2025-02-28,Spring Launch,5000,12000,240,120,8\n"
        "2025-03-01,2025-03-01,Spring Launch,2000,4000,80,40,3\n"
        "2025-03-02,2025-03-02,Spring Launch,2100,5000,100,50,3\n"
    )
    doc, _ = _score(path)
    assert doc["total"]["kpis"]["impressions"]["value"] == 12_000 + 4_000 + 5_000
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(240 + 80 + 100)


def test_a_last_row_equal_to_the_mean_of_the_three_above_is_data(write: Any) -> None:
    # Meta's Age × Gender export (audit m, meta_age_gender.csv): its summary row first (no
    # names), then four slices. The last, 6,000 / €120 / 60 / 4, is a third of the three
    # above it (6,000 + 4,000 + 8,000 = 18,000; 120 + 80 + 160 = 360; 60 + 40 + 80 = 180;
    # 4 + 2 + 6 = 12): their mean, not a grand total over subtotals. By hand: impressions
    # 6,000 + 4,000 + 8,000 + 6,000 = 24,000, spend €480, as the summary row says.
    path = write(
        "Campaign name,Age,Gender,Reporting starts,Reporting ends,Reach,Impressions,Amount spent (EUR),"
        "Link clicks,Purchases\n"
        ",,,2025-03-01,2025-03-31,8000,24000,480,240,16\n"
        "Spring Launch,18-24,female,2025-03-01,2025-03-31,2000,6000,120,60,4\n"
        "Spring Launch,18-24,male,2025-03-01,2025-03-31,1500,4000,80,40,2\n"
        "Spring Launch,25-34,female,2025-03-01,2025-03-31,2500,8000,160,80,6\n"
        "Spring Launch,25-34,male,2025-03-01,2025-03-31,2200,6000,120,60,4\n"
    )
    doc, _ = _score(path)
    assert doc["total"]["kpis"]["impressions"]["value"] == 6_000 + 4_000 + 8_000 + 6_000
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(120 + 80 + 160 + 120)


def test_a_named_period_row_summing_its_days_is_dropped_as_the_summary(scored: Any, write: Any) -> None:
    """Meta's summary row over the reporting period, its name filled in (a hand-filled copy
    of audit k's l3b file): it sums the daily rows below it, so it is the summary, dropped,
    not a whole-period export beside a daily one (an error). Impressions 10,000 + 12,000 +
    8,000 = 30,000, spend 250 + 280 + 220 = $750, purchases 5 + 7 + 3 = 15 (the row counted
    too: 60,000 and $1,500)."""
    doc, err = scored(
        write(
            "Account name,Reporting starts,Reporting ends,Impressions,Amount spent (USD),Purchases\n"
            "Bloom & Bark,2025-03-01,2025-03-03,30000,750.00,15\n"
            "Bloom & Bark,2025-03-01,2025-03-01,10000,250.00,5\n"
            "Bloom & Bark,2025-03-02,2025-03-02,12000,280.00,7\n"
            "Bloom & Bark,2025-03-03,2025-03-03,8000,220.00,3\n"
        )
    )
    kpis = doc["total"]["kpis"]
    assert (kpis["impressions"]["value"], kpis["total_spend"]["value"]) == (30_000, 750)
    assert "dropped row 2" in err
