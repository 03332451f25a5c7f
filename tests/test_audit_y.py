"""Audit Y (metamorphic): a file and the same file written another way (joined with another,
its columns in another order, ...) must give the same figures. Each test here is a pair
the audit's harness (seeds x transformations) found to differ; the figures are worked out
by hand beside each assertion.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def score(path: Path, *args: str) -> Any:
    result = runner.invoke(app, ["score", str(path), "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def value(doc: Any, kpi: str) -> Any:
    return doc["total"]["kpis"][kpi]["value"]


# ---------------------------------------------------------------- two exports joined with cat

# TikTok Ads Manager writes a `Currency` column on every row (tiktok_ads.yaml; the fixtures
# README, tests/fixtures/exports/tiktok_ads_en.csv: a TypeScript parser's canonical header);
# Google Ads a `Currency code` (tests/fixtures/exports/google_ads_campaigns.csv). Two weeks'
# downloads joined with `cat` repeat the header row mid-file, which kpi skips with a note;
# the repeated header's `Currency` was read as a currency word beside `USD` and the file was
# refused ("kpi cannot tell which currency 'Currency' is").
TIKTOK = (
    "By Day,Campaign name,Cost,Impressions,Clicks (destination),Conversions,Currency\n"
    "2025-03-01,Spring_UGC,100.00,40000,400,10,USD\n"
    "2025-03-02,Spring_UGC,150.00,35000,500,15,USD\n"
)
TIKTOK_NEXT = (
    "By Day,Campaign name,Cost,Impressions,Clicks (destination),Conversions,Currency\n"
    "2025-03-08,Spring_UGC,50.00,25000,100,5,USD\n"
)


def test_two_exports_with_a_currency_column_joined_with_cat(tmp_path: Path) -> None:
    path = tmp_path / "joined.csv"
    path.write_text(TIKTOK + TIKTOK_NEXT)
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["rows"] == 3
    assert doc["currency"] == "USD"
    assert value(doc, "impressions") == 40000 + 35000 + 25000
    assert value(doc, "total_spend") == pytest.approx(100.00 + 150.00 + 50.00)
    assert value(doc, "cpc") == pytest.approx((100 + 150 + 50) / (400 + 500 + 100))  # $0.30
    assert "skipped row 4, the header row again" in result.stderr
    # the same figures as the two files given apart
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(TIKTOK)
    b.write_text(TIKTOK_NEXT)
    apart = score(a, str(b))
    assert apart["total"]["kpis"] == doc["total"]["kpis"]


# ---------------------------------------------------------------- a totals label in the post column

# A tracker kept by hand without dates (influencer_tracker.yaml: `Handle`, `Post URL`), its
# total typed where people type one: in the cell left of the first summed column, here the
# post link's. The row's name is blank, so kpi read it as the lower row of @ben's merged
# cells and counted the total as a post of his: every figure twice (views 3,000 for 1,500).
TRACKER = (
    "Handle,Post URL,Views,Likes,Comments\n"
    "@ana,https://www.instagram.com/p/Cabc1/,1000,100,10\n"
    "@ben,https://www.instagram.com/p/Cdef2/,500,50,5\n"
)


def test_a_total_typed_in_the_post_column_is_no_post(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER + ",Total,1500,150,15\n")
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["rows"] == 2
    assert value(doc, "views") == 1000 + 500  # not 3,000
    assert value(doc, "engagements") == (100 + 10) + (50 + 5)
    assert "dropped row 4 ('Total'): a totals row" in result.stderr
    assert "merged cells" not in result.stderr
    by = score(path, "--by", "influencer")
    views = {g["label"]: g["kpis"]["views"]["value"] for g in by["groups"]}
    assert views == {"@ana": 1000, "@ben": 500}  # @ben's was 500 + 1,500


def test_a_total_in_the_post_column_that_the_rows_do_not_add_up_to_is_refused(tmp_path: Path) -> None:
    # 1,400 typed for rows summing 1,500: the rows or the total are wrong; kpi stops, as it does
    # for the same total in the first column. It was counted as a post: 2,900 views.
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER + ",Total,1400,140,14\n")
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 2
    assert "row 4 ('Total') says 1,400 views and 140 likes, but the rows kpi summed give 1,500 views" in (
        result.output
    )


# YouTube Studio's Table data.csv opens with its `Total` row, `Total` in the `Content` column
# (tests/fixtures/exports/youtube_table_data.csv; real files read byte by byte, fixtures README).
# With the columns in another order (the title first, as a sheet rearranged for a client), the
# row was refused as a subtotal line "not the sum of the rows above it" (it has none above).
YOUTUBE = [
    ("Content", "Total", "UWQNrpakgcA", "mx7T928-TGs"),
    ("Video title", "", "Consistency is the key #shorts", "Power of brain #ytshorts"),
    ("Video publish time", "", "Aug 28, 2025", "Sep 18, 2025"),
    ("Views", "13000", "8000", "5000"),
    ("Likes", "130", "80", "50"),
    ("Comments added", "13", "8", "5"),
    ("Watch time (hours)", "120.5", "45.8772", "74.6228"),  # not read: durations are no KPI's
]


# in YouTube's order; the title first; the figures first; `Watch time (hours)` first: its
# figure on the Total row was taken for a name beside `Total` and the file refused
@pytest.mark.parametrize(
    "order", [[0, 1, 2, 3, 4, 5, 6], [1, 0, 2, 3, 4, 5, 6], [3, 4, 5, 1, 2, 0, 6], [6, 3, 0, 1, 2, 4, 5]]
)
def test_youtubes_total_row_whatever_the_column_order(tmp_path: Path, order: list[int]) -> None:
    path = tmp_path / "Table data.csv"
    lines = [
        ",".join(f'"{YOUTUBE[c][r]}"' if "," in YOUTUBE[c][r] else YOUTUBE[c][r] for c in order)
        for r in range(4)
    ]
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["rows"] == 2
    assert value(doc, "views") == 8000 + 5000
    assert value(doc, "engagements") == (80 + 8) + (50 + 5)
    assert "dropped row 2 ('Total'): a totals row" in result.stderr


# ---------------------------------------------------------------- Excel date serials with a time


# A date and time Excel shows as a number (its cell format General: the day's serial and the
# time as its fraction, 45720.75 = 2025-03-04 18:00) is read in a decimal-point file; in a
# German Excel's `;` file the same cell is `45720,75` and the column was refused ("not a date
# kpi can read"). README: Excel serial numbers are dates; the fixtures README: Excel's
# "CSV (Trennzeichen-getrennt)" writes cells as displayed, with the decimal comma.
@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("Datum,Influencer,Impressionen,Klicks\n45720.75,@lena,1000,10\n45726.5,@max,3000,20\n", ()),
        ("Datum;Influencer;Impressionen;Klicks\n45720,75;@lena;1.000;10\n45726,5;@max;3.000;20\n", ()),
    ],
)
def test_a_serial_with_its_time_in_either_decimal_mark(
    tmp_path: Path, text: str, args: tuple[str, ...]
) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(text)
    doc = score(path, *args)
    assert doc["rows"] == 2
    # 45658 is 2025-01-01; 45720 is 62 days on: 31 (January) + 28 (February) + 3 = 2025-03-04;
    # 45726 six days later, 2025-03-10
    assert doc["date_range"] == {"start": "2025-03-04", "end": "2025-03-10"}
    assert value(doc, "impressions") == 1000 + 3000
    assert value(doc, "clicks") == 10 + 20


# ---------------------------------------------------------------- a cell at the end of a long file


# kpi looks at a file's first 64 KiB and its last 16 KiB to decide how numbers are written; a
# cell found in the last bytes has no row number yet (the lines between are not counted), and
# notes and errors named it `row 0`, a row no spreadsheet shows. A German-locale sheet saved
# comma-separated (tests/test_spreadsheet_numbers.py: `12.500` impressions between commas)
# whose only grouped count is on its last row.
def test_a_cell_near_the_end_of_a_long_file_is_not_named_row_0(tmp_path: Path) -> None:
    rows = "".join(
        f"2025-03-{i % 28 + 1:02d},@c{i % 40},Instagram,{100 + i % 900},{5 + i % 40}\n" for i in range(3000)
    )
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Post Date,Handle,Platform,Impressions,Likes\n" + rows + "2025-03-29,@c1,Instagram,71.130,3.556\n"
    )
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # 3,000 rows of 100 + i % 900 (i = 0..2999: three full runs of 100..999, then 100..399 once
    # more for i = 2700..2999: 3 * (100 + 999) * 900 / 2 + (100 + 399) * 300 / 2), and 71,130
    assert value(doc, "impressions") == 3 * (100 + 999) * 900 // 2 + (100 + 399) * 300 // 2 + 71130
    assert "'71.130' (near the end of the file, column 'Impressions') groups thousands with a point" in (
        result.stderr
    )
    assert "row 0" not in result.stderr


# ---------------------------------------------------------------- units under a header with a currency


# A units line under the header (`(dd/mm/yyyy)`, `(#)`, `(EUR)`: README, Reading exports) gives
# a money column its currency; under a header that already says it (`Fee (EUR)`, Meta's
# `Amount spent (USD)`), the header became `Fee (EUR) (EUR)`, no header kpi knows: the spend
# was left unread ("an amount kpi has no use for") and spend, CPM and ROAS were blank.
@pytest.mark.parametrize(("fee", "unit"), [("Fee", "(EUR)"), ("Fee (EUR)", "(EUR)"), ("Fee (€)", "(EUR)")])
def test_a_units_line_under_a_header_that_states_its_currency(tmp_path: Path, fee: str, unit: str) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        f"Post Date,Handle,Impressions,Clicks,{fee}\n(dd/mm/yyyy),,(#),(#),{unit}\n"
        "14/03/2025,@lena,1000,10,200.00\n15/03/2025,@max,3000,20,100.00\n"
    )
    doc = score(path)
    assert doc["rows"] == 2
    assert doc["currency"] == "EUR"
    assert value(doc, "total_spend") == pytest.approx(200.00 + 100.00)
    assert value(doc, "cpm") == pytest.approx((200 + 100) / (1000 + 3000) * 1000)  # €75


@pytest.mark.parametrize(("fee", "unit"), [("Fee (EUR)", "(USD)"), ("Fee (€)", "(GBP)"), ("Fee (EUR)", "$")])
def test_a_units_line_that_contradicts_the_headers_currency_is_refused(
    tmp_path: Path, fee: str, unit: str
) -> None:
    # Review R2: `Fee (EUR)` over a units line `(USD)` was read in euros without a word: which
    # of the two is right cannot be told, and the fee is every cost KPI's money.
    path = tmp_path / "tracker.csv"
    path.write_text(
        f"Post Date,Handle,Impressions,Clicks,{fee}\n(dd/mm/yyyy),,(#),(#),{unit}\n"
        "14/03/2025,@lena,1000,10,200.00\n"
    )
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("kpi: error:") and f"column '{fee}': the header says" in line
    assert f"the units line under it says {unit} (row 2)" in line and "correct the one that is wrong" in line


def test_a_dollar_units_line_over_a_dollar_currency_agrees(tmp_path: Path) -> None:
    # `$` is written for the Canadian dollar too: `Fee (CAD)` over `$` says the same thing.
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Post Date,Handle,Impressions,Clicks,Fee (CAD)\n(dd/mm/yyyy),,(#),(#),$\n"
        "14/03/2025,@lena,1000,10,200.00\n"
    )
    doc = score(path)
    assert doc["currency"] == "CAD" and value(doc, "total_spend") == pytest.approx(200.00)


def test_a_sales_cell_near_the_end_of_a_long_file_is_not_named_row_0(tmp_path: Path) -> None:
    # `Sales` beside `Revenue` is a count; one with cents says it may be money, and kpi asks.
    # Found in the file's last bytes, the cell was named `row 0`.
    rows = "".join(f"@c{i % 40},{100 + i % 900},{i % 7},{i % 7 * 25}.00\n" for i in range(10000))
    path = tmp_path / "tracker.csv"
    path.write_text("Handle,Impressions,Sales,Revenue\n" + rows + "@c1,500,3.50,87.50\n")
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 2
    assert "'3.50' (near the end of the file) is an amount with cents" in result.output, result.output


# A tracker with each creator's name (and follower count) merged over their posts (README:
# merged cells are filled down; sniff._merged_names) and the total typed in the post column.
# The sniff took the total for a post under @ben with another follower count than his, "a
# name missing, not merged", and his second post and @ana's went to `(blank)`.
def test_merged_names_above_a_total_in_the_post_column(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Handle,Followers,Post URL,Views,Likes,Comments\n"
        "@ana,12000,https://www.instagram.com/p/Cabc1/,1000,100,10\n"
        ",,https://www.instagram.com/p/Cabc2/,2000,200,20\n"
        "@ben,8000,https://www.instagram.com/p/Cdef1/,500,50,5\n"
        ",,https://www.instagram.com/p/Cdef2/,700,70,7\n"
        ",20000,Total,4200,420,42\n"
    )
    doc = score(path, "--by", "influencer")
    assert doc["rows"] == 4
    assert value(doc, "views") == 1000 + 2000 + 500 + 700
    groups = {g["label"]: g for g in doc["groups"]}
    assert sorted(groups) == ["@ana", "@ben"]  # no `(blank)`
    assert groups["@ana"]["kpis"]["views"]["value"] == 1000 + 2000
    assert groups["@ben"]["kpis"]["views"]["value"] == 500 + 700
    assert groups["@ben"]["kpis"]["posts"]["value"] == 2


# ---------------------------------------------------------------- an Average row under the total


# A tracker's `Sales` beside `Revenue` counts sales (README, "Columns by meaning"); under its
# `Total` row a sheet often has an `Average` row (README: statistics rows are left out), whose
# 8.33 sales on average looked like an amount with cents, and the file was refused ("a count of
# sales in some exports and their amount in others").
def test_an_average_row_does_not_make_sales_money(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Handle,Impressions,Sales,Revenue\n"
        "@ana,1000,5,250.00\n@ben,2000,8,400.00\n@cy,3000,12,600.00\n"
        "Total,6000,25,1250.00\nAverage,2000,8.33,416.67\n"
    )
    doc = score(path)
    assert doc["rows"] == 3
    assert value(doc, "conversions") == 5 + 8 + 12
    assert value(doc, "revenue") == pytest.approx(250.00 + 400.00 + 600.00)
    assert value(doc, "conversion_rate") is None  # no clicks: a rate over them has no base


# ---------------------------------------------------------------- the end of a row's period, in its own style


# Meta Ads Manager's ads by day: `Day` beside `Reporting starts` / `Reporting ends` (meta_ads.yaml;
# tests/fixtures/exports/meta_ads_en.csv). With its days written 3/14/2025 (the day column
# re-typed in a US sheet) and the period ends as exported, 2025-03-31, the file was refused:
# "'2025-03-31' is not a date in this column's style, month/day/year", the day column's style.
def test_period_ends_in_their_own_style_beside_the_days(tmp_path: Path) -> None:
    path = tmp_path / "meta.csv"
    path.write_text(
        "Day,Campaign name,Impressions,Amount spent (USD),Link clicks,Reporting starts,Reporting ends\n"
        "3/14/2025,Spring,10000,150.00,120,2025-03-01,2025-03-31\n"
        "3/15/2025,Spring,8000,100.00,80,2025-03-01,2025-03-31\n"
    )
    doc = score(path)
    assert doc["rows"] == 2
    assert value(doc, "impressions") == 10000 + 8000
    assert value(doc, "total_spend") == pytest.approx(150.00 + 100.00)
    assert value(doc, "cpc") == pytest.approx((150 + 100) / (120 + 80))
    assert doc["date_range"]["start"] == "2025-03-14"
