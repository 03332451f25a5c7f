"""Product or gifted value in its own column is spend, added to the fee (audit j, finding 3).

SPEC: spend is "what was paid (fees, product, boosting)". GRIN's help centre ("Learn About
Campaign Reports", help.grin.co) defines its report's spend as the total of cash payments and
product costs, which it tracks apart. kpi read only the fee and called `Product Value` "an
amount kpi has no use for": on a gifting campaign most of the cost vanished and ROAS rose a band.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()

# Audit j's in/fee_product.csv.
FEE_PRODUCT = (
    "Creator,Content Type,Post Date,Post URL,Impressions,Likes,Comments,Clicks,Conversions,Revenue,"
    "Fee,Product Value,EMV\n"
    '@lena,Reel,03/14/2025,https://www.instagram.com/reel/L1/,30000,1200,80,300,12,"$1,080.00",'
    '$400.00,$150.00,"$2,310.00"\n'
    "@max,Post,03/15/2025,https://www.instagram.com/p/M1/,9000,500,30,90,4,$360.00,$0.00,$150.00,$760.00\n"
    "@zoe,Story,03/16/2025,https://www.instagram.com/stories/zoe/1/,12000,,,140,6,$540.00,$250.00,"
    "$150.00,$410.00\n"
)


def _kpis(run: tuple[dict[str, Any], str]) -> tuple[dict[str, Any], str]:
    """The total's KPIs, and stderr."""
    return run[0]["total"]["kpis"], run[1]


def test_fee_and_product_value_are_both_spend(scored: Any, write: Any) -> None:
    kpis, notes = _kpis(scored(write(FEE_PRODUCT)))
    spend = (400 + 0 + 250) + (150 + 150 + 150)  # fees $650 + product $450 = $1,100 (was $650)
    assert kpis["total_spend"]["value"] == spend
    revenue = 1080 + 360 + 540  # $1,980
    assert kpis["roas"]["value"] == pytest.approx(revenue / spend)  # 1.80
    assert kpis["roas"]["verdict"] == "fair"  # was 1,980 / 650 = 3.05 "good"
    assert kpis["roi"]["value"] == pytest.approx((revenue - spend) / spend * 100)  # 80 %
    assert kpis["cpm"]["value"] == pytest.approx(spend / (30000 + 9000 + 12000) * 1000)  # $21.57
    assert kpis["cost_per_post"]["value"] == pytest.approx(spend / 3)  # $366.67
    assert kpis["cpa"]["value"] == pytest.approx(spend / (12 + 4 + 6))  # $50.00 (was $29.55)
    assert "'Product Value' added to spend with 'Fee'" in notes
    assert "EMV" not in notes.split("ignored", 1)[0]  # media value is never spend or revenue


def test_payment_and_product_cost(scored: Any, write: Any) -> None:
    text = (
        "Creator,Post URL,Impressions,Likes,Comments,Revenue,Payment,Product Cost,Estimated Media Value\n"
        '@lena,https://www.instagram.com/p/L1/,30000,1200,80,"$1,080.00",$400.00,$150.00,"$2,310.00"\n'
        "@max,https://www.instagram.com/p/M1/,9000,500,30,$360.00,$0.00,$150.00,$760.00\n"
    )
    kpis, _ = _kpis(scored(write(text)))
    assert kpis["total_spend"]["value"] == 400 + 0 + 150 + 150  # $700, not $400
    assert kpis["roas"]["value"] == pytest.approx((1080 + 360) / 700)  # 2.06 fair, not 3.60 good
    assert kpis["roas"]["verdict"] == "fair"


def test_a_gifted_row_with_a_blank_fee_costs_its_product(scored: Any, write: Any) -> None:
    """A blank fee beside $150 of product: the row cost $150; blank only if both are."""
    text = "Creator,Impressions,Fee,Gifted Value\n@a,10000,400,150\n@b,5000,,150\n@c,2000,,\n"
    kpis, _ = _kpis(scored(write(text)))
    assert kpis["total_spend"]["value"] == 400 + 150 + 150  # $700
    # CPM over rows with both spend and impressions: 700 / (10,000 + 5,000) x 1000 = $46.67
    assert kpis["cpm"]["value"] == pytest.approx(700 / 15000 * 1000)


def test_a_total_cost_column_is_not_added_to(scored: Any, write: Any) -> None:
    """`Total Cost` is the whole of what was paid: the parts beside it are not added again."""
    text = "Creator,Impressions,Fee,Product Value,Total Cost\n@a,10000,$400.00,$150.00,$550.00\n"
    kpis, _ = _kpis(scored(write(text)))
    assert kpis["total_spend"]["value"] == 550


def test_a_cost_column_may_hold_the_product_already(scored: Any, write: Any) -> None:
    text = "Creator,Impressions,Cost,Product Value\n@a,10000,$550.00,$150.00\n"
    kpis, notes = _kpis(scored(write(text)))
    assert kpis["total_spend"]["value"] == 550
    assert "added to spend" not in notes


def test_columns_says_what_product_value_is(write: Any) -> None:
    result = runner.invoke(app, ["columns", write(FEE_PRODUCT), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    doc = doc[0] if isinstance(doc, list) else doc.get("files", [doc])[0]
    column = next(c for c in doc["columns"] if c["header"] == "Product Value")
    assert column["added_to"] == "spend"
    assert column["kind"] == "money, added to spend"
