"""Figures shown as the file and people have them (audit B-3, B-7, B-8).

B-3: Google Ads writes fractions of a conversion (data-driven attribution: 0.33, 1.50);
the table and Markdown showed them whole, "0" conversions beside a CPA of $545.45.
B-7: a money total under $100 lost its cents beside a compacted one: revenue $1.81 was
"$2" next to total spend "$12.0K". B-8: money and rates rounded half to even in binary
($0.625 was "$0.62"); people and spreadsheets round half away from zero ($0.63), and every
format rounds so. Every figure is worked out by hand below.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()

# Google Ads campaign report: the profile's headers, conversions with fractions.
GADS = (
    "Campaign,Impr.,Clicks,Cost,Conversions,Conv. value\n"
    "Spring creators,12000,240,180.00,0.33,25.00\n"
    "Summer creators,8000,160,120.00,1.50,90.00\n"
    "Fall creators,5000,100,50.00,2,30.00\n"
)


def _out(*args: str) -> str:
    result = runner.invoke(app, [*args, "-q"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _json(*args: str) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(_out(*args, "-f", "json"))
    return out


def _row(table: str, name: str) -> list[str]:
    """The cells of a table's row whose first cell is `name` (box or Markdown pipes)."""
    for line in table.splitlines():
        cells = [c.strip() for c in line.replace("│", "|").replace("┃", "|").split("|")]
        cells = [c.strip("*") for c in cells if c]
        if cells and cells[0] == name:
            return cells
        if len(cells) > 1 and cells[1] == name:  # Markdown's funnel: | Phase | KPI | Value |
            return cells[1:]
    raise AssertionError(f"no row {name!r} in\n{table}")


def test_fractional_conversions_keep_their_fraction_in_every_format(write_csv: Any) -> None:
    path = str(write_csv(GADS, "gads.csv"))
    # Conversions: 0.33 + 1.50 + 2 = 3.83. CPA: Spring 180.00 / 0.33 = 545.4545… → $545.45,
    # Summer 120.00 / 1.50 = $80.00, Fall 50.00 / 2 = $25.00, total 350.00 / 3.83 = 91.383… → $91.38.
    args = ["score", path, "--by", "campaign", "--kpis", "clicks,conversions,cpa"]
    for table in (_out(*args), _out(*args, "-f", "markdown")):
        # The column shares two decimals (2.00 beside 0.33); clicks, whole, get none.
        assert _row(table, "Spring creators") == ["Spring creators", "240", "0.33", "$545.45"]
        assert _row(table, "Summer creators") == ["Summer creators", "160", "1.50", "$80.00"]
        assert _row(table, "Fall creators") == ["Fall creators", "100", "2.00", "$25.00"]
        assert _row(table, "Total") == ["Total", "500", "3.83", "$91.38"]
    doc = _json(*args)
    shown = {g["label"]: g["kpis"]["conversions"]["display"] for g in doc["groups"]}
    assert shown == {"Spring creators": "0.33", "Summer creators": "1.50", "Fall creators": "2"}
    assert doc["total"]["kpis"]["conversions"]["display"] == "3.83"
    # The funnel (one value a KPI): conversions 3.83, clicks 240 + 160 + 100 = 500 without `.00`.
    for table in (_out("score", path), _out("score", path, "-f", "markdown")):
        assert _row(table, "Conversions")[1] == "3.83"
        assert _row(table, "Clicks")[1] == "500"
        assert _row(table, "CPA")[1] == "$91.38"


def test_a_small_money_total_keeps_its_cents_beside_a_compacted_one(write_csv: Any) -> None:
    # One post: revenue 1.81, spend 12,000.00. Total spend is compacted ($12.0K); revenue,
    # in the same Value column, stays $1.81 (it was `$2`, 10 % off the file's figure).
    path = str(write_csv("post_id,impressions,revenue,spend\np1,1000,1.81,12000.00\n", "rev.csv"))
    table = _out("score", path)
    assert _row(table, "Revenue")[1] == "$1.81"
    assert _row(table, "Total spend")[1] == "$12.0K"
    assert _row(_out("score", path, "-f", "markdown"), "Revenue")[1] == "$1.81"
    assert _json("score", path)["total"]["kpis"]["revenue"]["display"] == "$1.81"


def test_a_revenue_column_by_creator_drops_cents_only_where_three_figures_remain(write_csv: Any) -> None:
    path = str(
        write_csv(
            "post_id,influencer,impressions,revenue,spend\n"
            "p1,alice,1000,179412.00,100.00\n"
            "p2,bob,1000,9812.40,100.00\n"
            "p3,cara,1000,45.20,100.00\n"
            "p4,dan,1000,1.81,100.00\n",
            "by_creator.csv",
        )
    )
    table = _out("score", path, "--by", "influencer", "--kpis", "revenue")
    # Beside $179K (three figures) $9,812.40 is $9,812; $45.20 and $1.81 keep their cents.
    # Total 179,412.00 + 9,812.40 + 45.20 + 1.81 = 189,271.41 → $189K.
    assert [_row(table, n)[1] for n in ("alice", "bob", "cara", "dan", "Total")] == [
        "$179K", "$9,812", "$45.20", "$1.81", "$189K",
    ]  # fmt: skip


def test_halves_round_away_from_zero_in_every_format(write_csv: Any) -> None:
    # Spend 5.00 over 8 clicks, 8 conversions, 8 likes and 8,000 impressions:
    # CPC = CPA = CPE = 5.00 / 8 = 0.625 and CPM = 5.00 / 8,000 × 1,000 = 0.625: $0.63, not $0.62.
    # RPM = 5.25 / 8,000 × 1,000 = 0.65625 → $0.66.
    path = str(
        write_csv(
            "post_id,influencer,impressions,likes,clicks,conversions,spend,revenue\n"
            "p1,alice,8000,8,8,8,5.00,5.25\n",
            "half.csv",
        )
    )
    want = {"CPC": "$0.63", "CPA": "$0.63", "CPE": "$0.63", "CPM": "$0.63", "RPM": "$0.66"}
    ids = {"CPC": "cpc", "CPA": "cpa", "CPE": "cpe", "CPM": "cpm", "RPM": "rpm"}
    doc = _json("score", path)
    ndjson = [json.loads(line) for line in _out("score", path, "-f", "ndjson").splitlines()]
    for name, text in want.items():
        assert doc["total"]["kpis"][ids[name]]["display"] == text
        assert next(r["display"] for r in ndjson if r["kpi"] == ids[name]) == text
        assert _row(_out("score", path), name)[1] == text
        assert _row(_out("score", path, "-f", "markdown"), name)[1] == text


def test_json_display_is_the_figure_on_its_own_the_table_shares_its_column_s_decimals(
    write_csv: Any, tmp_path: Path
) -> None:
    # Revenue 120.50 + 300.25 = 420.75, spend 100.00 + 200.00 = 300.00:
    # ROI (420.75 − 300.00) / 300.00 × 100 = 40.25 %; CTR (40 + 60) / (2,000 + 4,000) × 100 = 1.666… %;
    # RPM 420.75 / 6,000 × 1,000 = 70.125 → $70.13 (half away from zero, not $70.12).
    path = str(
        write_csv(
            "post_id,impressions,clicks,revenue,spend\np1,2000,40,120.50,100.00\np2,4000,60,300.25,200.00\n",
            "roi.csv",
        )
    )
    kpis = _json("score", path)["total"]["kpis"]
    # On its own a rate from 10 % to 100 % has one decimal: 40.25 rounds half up to 40.3 %.
    assert kpis["roi"]["display"] == "40.3%"
    assert kpis["ctr"]["display"] == "1.67%"
    assert kpis["rpm"]["display"] == "$70.13"
    table = _out("score", path)
    # In the table's Value column the rates share the two decimals CTR needs: 40.25 %, the
    # same figure with one more decimal (README "One style per column"), rounded the same way.
    assert _row(table, "ROI")[1] == "40.25%"
    assert _row(table, "CTR")[1] == "1.67%"
    assert _row(table, "RPM")[1] == "$70.13"


# Audit I-5: macro creators (500K–1M followers) have one cost-per-post band, good from $1,000.
MACRO = (
    "Handle,Followers,Post ID,Impressions,Fee\n"
    "@x,600000,1,1000,999.99\n@x,600000,2,1000,1000.00\n@y,700000,3,1000,1000.00\n@z,800000,4,1000,400.00\n"
)


def test_a_figure_outside_every_band_is_shown_on_its_side_of_their_edge(write_csv: Any) -> None:
    # @x: (999.99 + 1,000.00) / 2 = 999.995, under the macro band's edge ($1,000): outside every
    # band, and shown `<$1,000.00`, never `$1,000.00` beside @y's $1,000.00 ✓ good.
    # @z: $400.00 is far from the edge: shown as it is.
    path = str(write_csv(MACRO))
    args = ["score", path, "--by", "influencer", "--kpis", "cost_per_post", "-q"]
    doc = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    cpp = {g["label"]: g["kpis"]["cost_per_post"] for g in doc["groups"]}
    assert cpp["@x"]["value"] == (999.99 + 1000.00) / 2
    assert (cpp["@x"]["display"], cpp["@x"]["verdict"]) == ("<$1,000.00", None)
    assert (cpp["@y"]["display"], cpp["@y"]["verdict"]) == ("$1,000.00", "good")
    assert (cpp["@z"]["display"], cpp["@z"]["verdict"]) == ("$400.00", None)
    table = runner.invoke(app, args, env={"COLUMNS": "120"}).stdout
    x_row = next(line for line in table.splitlines() if "@x" in line)
    assert "<$1,000.00" in x_row
    # The total of @x alone is the same figure, shown the same way (the funnel's cell).
    x_only = str(write_csv("Handle,Followers,Post ID,Impressions,Fee\n@x,600000,1,1000,999.99\n"
                           "@x,600000,2,1000,1000.00\n", "x.csv"))  # fmt: skip
    total = json.loads(
        runner.invoke(app, ["score", x_only, "--kpis", "cost_per_post", "-q", "-f", "json"]).stdout
    )["total"]["kpis"]["cost_per_post"]
    assert (total["display"], total["verdict"], total["reason"]) == ("<$1,000.00", None, "outside every band")
