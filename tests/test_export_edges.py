"""Real exports that crashed, were refused for the wrong reason or warned wrongly (audit A-1,
A-5, A-6, A-7, A-8, A-9). Every figure is worked out by hand next to its assertion."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def _run(*args: Any) -> Any:
    return runner.invoke(app, [*map(str, args)])


def _score(*args: Any) -> tuple[dict[str, Any], str]:
    result = _run("score", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def _error(result: Any, stdout: bool = False) -> str:
    """The one error line of a run that exits 2; `stdout`: it may print (`kpi columns`)."""
    assert result.exit_code == 2 and (stdout or result.stdout == "") and "Traceback" not in result.output
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("kpi: error:")]
    return str(line)


def test_a_file_of_names_only_says_there_is_nothing_to_score(write: Any) -> None:
    # Audit A-1: kpi said "unexpected ValueError: no rows were added (please report this)".
    path = write("Campaign,Labels\nSpring,\nSummer,\n", "names.csv")
    for command in ("score", "columns"):
        error = _error(_run(command, path), stdout=command == "columns")
        assert error == (
            f"kpi: error: {path}: nothing to score: the only column kpi knows is 'Campaign', a name; no "
            "column holds figures (impressions, views, likes, spend...), posts or creators; export the "
            "report with its metrics (e.g. Impressions, Link clicks, Amount spent), or --map "
            "'HEADER=impressions' for a column of figures"
        )
    assert "Campaign" in _run("columns", path).stdout  # the reading is shown before the error


def test_a_google_ads_editor_export_says_which_export_to_use(write: Any) -> None:
    # Google Ads Editor's Campaign export (UTF-16 LE, tabs): settings, no metrics.
    editor = (
        "Campaign\tLabels\tCampaign Type\tNetworks\tBudget\tBudget type\tBid Strategy Type\tCampaign Status\n"
        "Bay Area Deck\t\tSearch\tGoogle search\t10.00\tDaily\tMaximize clicks\tEnabled\n"
        "Bay Area Siding\t\tSearch\tGoogle search\t15.00\tDaily\tMaximize clicks\tPaused\n"
    )
    path = write(editor, "Campaign.csv", encoding="utf-16-le", bom=b"\xff\xfe")
    error = _error(_run("score", path))
    assert "the only column kpi knows is 'Campaign', a name" in error
    said = "a Google Ads Editor export holds campaign settings, not results: download the report "
    assert said + "from Google Ads instead (Campaigns › Download › CSV)" in error


def test_dates_without_a_year_are_left_out_and_said(write: Any) -> None:
    # Audit A-5: TikTok Studio's Content.csv writes `July 16`; kpi said it "is not a date kpi
    # can read". Then it refused the file; now it scores the figures without the dates (no
    # year would be a guess: a wrong date range) and says so, on stderr and in the JSON.
    head = (
        '"Time","Video title","Video link","Post time","Total likes","Total comments","Total shares",'
        '"Total views"\n'
    )
    row = (
        '"February 28","Unbrush","https://www.tiktok.com/@h/video/7527623000473079054","July 16",'
        '"533","32","16","191265"\n'
    )
    path = write(head + row, "Content.csv")
    report, stderr = _score(path)
    said = (
        f"{path}: the dates in 'Post time' have no year ('July 16', row 2, TikTok Studio writes its "
        "dates so): scored without them, so no date range and no --by date; to use them, write each "
        "date with its year (2025-07-16 for July 16 of 2025)"
    )
    assert report["warnings"] == [said] and f"kpi: {said}" in " ".join(stderr.split())
    assert report["date_range"] is None
    kpis = report["total"]["kpis"]
    assert (kpis["posts"]["value"], kpis["views"]["value"]) == (1, 191265)
    assert kpis["engagements"]["value"] == 533 + 32 + 16  # 581
    # --by date needs the days: refused, naming the cell and the fix.
    assert _error(_run("score", path, "--by", "date")) == (
        f"kpi: error: --by date: {path}, row 2, column 'Post time': value 'July 16' has no year "
        "(TikTok Studio writes its dates so), so kpi cannot tell which day it is; write each date of "
        "the column with its year (2025-07-16 for July 16 of 2025)"
    )
    spanish = write('Date,Views,Creator\n"8 de marzo",100,@a\n"9 de marzo",200,@b\n', "es.csv")
    report, _ = _score(spanish)
    assert report["total"]["kpis"]["views"]["value"] == 300 and report["date_range"] is None
    assert "write each date with its year (2025-03-08 for 8 de marzo of 2025)" in report["warnings"][0]
    # A column where a date has its year is not yearless: refused as a mix, as before.
    mixed = write('Date,Views,Creator\n"8 de marzo",100,@a\n"2025-03-09",200,@b\n', "mixed.csv")
    assert _run("score", mixed).exit_code == 2
    # Numbers alone (`4/12`) read two ways without a year: still refused.
    numeric = write("Date,Views,Creator\n4/12,100,@a\n4/13,200,@b\n", "numeric.csv")
    assert _run("score", numeric).exit_code == 2


def test_yearless_days_of_an_account_across_new_year_are_days_not_posts(write: Any) -> None:
    # December 30, 31, January 1, 2: one row a day (the next year's January), nothing naming
    # a post: days of the account, as with their years. Views 10 + 20 + 30 + 40 = 100.
    path = write(
        "Date,Views,Likes,Comments\nDecember 30,10,1,0\nDecember 31,20,2,0\nJanuary 1,30,3,1\n"
        "January 2,40,4,1\n",
        "days.csv",
    )
    report, _ = _score(path)
    posts = report["total"]["kpis"]["posts"]
    assert posts["value"] is None and "the rows are days of the account" in posts["reason"]
    assert report["total"]["kpis"]["views"]["value"] == 100


TRACKER = (
    "Influencer,Followers,Posts,Likes,Comments,{spend},Revenue\n"
    "@influencer_1,36225,5,8524,507,73910.65,111978.27\n"
    "@influencer_2,101161,10,14325,115,10275.83,8724.09\n"
)


@pytest.mark.parametrize(
    "spend",
    ["Campaign_Cost", "Campaign Cost", "Campaign cost (USD)", "Influencer Cost", "Influencer_Cost",
     "Creator Cost", "Cost_USD", "Cost (USD)", "Total Cost", "Creator Fee", "Total payout"],
)  # fmt: skip
def test_spend_columns_trackers_name_otherwise_are_spend(write: Any, spend: str) -> None:
    # Audit A-6 (Pankhuri33/Instagram-Influencer-ROI-Analysis): spend was "no spend column".
    # Spend 73,910.65 + 10,275.83 = 84,186.48; revenue 111,978.27 + 8,724.09 = 120,702.36;
    # ROAS 120,702.36 / 84,186.48 = 1.4338; engagements 8,524 + 507 + 14,325 + 115 = 23,471;
    # CPE 84,186.48 / 23,471; posts 5 + 10 = 15, cost per post 84,186.48 / 15 = 5,612.43.
    report, _ = _score(write(TRACKER.format(spend=spend)))
    kpis = report["total"]["kpis"]
    assert kpis["total_spend"]["value"] == pytest.approx(84186.48)
    assert kpis["roas"]["value"] == pytest.approx(120702.36 / 84186.48)
    assert kpis["cpe"]["value"] == pytest.approx(84186.48 / 23471)
    assert kpis["cost_per_post"]["value"] == pytest.approx(84186.48 / 15)


@pytest.mark.parametrize("ratio", ["Cost per post", "Cost / conv.", "Cost per result", "CPM"])
def test_ratios_of_cost_are_not_spend(write: Any, ratio: str) -> None:
    report, _ = _score(write(TRACKER.format(spend=ratio)))
    assert report["total"]["kpis"]["total_spend"]["value"] is None


def test_an_export_saying_no_data_says_it_is_empty(write: Any) -> None:
    # Audit A-7: Meta Ads Manager's export of a month without delivery (DanielTheC/
    # internal-lnking-tool); kpi blamed an unbalanced quote.
    path = write(
        '"Reporting starts","Reporting ends","Campaign name","Campaign delivery",Results,'
        '"Result indicator",Reach,Impressions,"Cost per results","Amount spent (USD)",Ends\n'
        '"No data available."\n',
        "Campaigns-1-Sep-2024-30-Sep-2024.csv",
    )
    assert _error(_run("score", path)) == (
        f"kpi: error: {path}: the export has no rows: row 2 says 'No data available.' under the "
        "header; export a date range in which the campaigns ran (had impressions or spend)"
    )


def test_rows_alike_in_figures_but_named_apart_are_not_the_same_line(write: Any) -> None:
    # Audit A-8: HealthKart's payouts.csv, four creators with 19 orders each (kpi read only
    # `orders`): "4 rows repeat another row in every column kpi reads: the same line exported
    # twice". Their first column (influencer_id) tells them apart. Orders 19 + 19 + 31 = 69.
    payouts = "influencer_id,basis,rate,orders\n1,order,43.17,19\n2,order,52.44,19\n3,order,97.14,31\n"
    report, stderr = _score(write(payouts, "payouts.csv"))
    assert report["total"]["kpis"]["conversions"]["value"] == 69
    assert "the same line" not in stderr
    # Two search ads of different campaigns with 4 impressions and no cost: not one line twice.
    ads = (
        "Campaign,Ad group,Impressions,Clicks,Cost\nSiding,Wood Siding,4,0,0.00\n"
        "Structures,Wood Structures,4,0,0.00\nDeck,Wood Deck,46,2,9.41\n"
    )
    _, stderr = _score(write(ads, "ads.csv"))
    assert "the same line" not in stderr
    # The same line twice, names and all: still said.
    twice = ads + "Deck,Wood Deck,46,2,9.41\n"
    _, stderr = _score(write(twice, "twice.csv"))
    assert "1 row repeats another row in every column kpi reads" in stderr


def test_ga4s_reporting_period_above_the_header_is_the_date_range(write: Any) -> None:
    # Audit A-9: GA4's "Pages and screens" export (DanielTheC/internal-lnking-tool): its rows
    # have no date; the `# Start date` / `# End date` lines give the period.
    ga4 = (
        "# ----------------------------------------\n"
        "# Pages and screens: Page path and screen class\n"
        "# Account: example.co.uk\n"
        "# ----------------------------------------\n"
        "# \n# All Users\n# Start date: 20250101\n# End date: 20251231\n"
        "Page path and screen class,Views,Active users,Event count,Key events,Total revenue\n"
        "/awnings-sussex/,146,103,751,12,0\n/awnings-essex/,91,63,384,3,0\n"
    )
    report, _ = _score(write(ga4, "Pages_and_screens.csv"))
    assert report["date_range"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert report["date_range_from"] == "period"
