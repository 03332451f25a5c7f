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


# Audit B-4: boosting beside a fee was left out of spend. SPEC: spend is "what was paid (fees,
# product, boosting)". Audit B's in/spend_parts_only.csv.
FEE_PRODUCT_BOOST = (
    "Post ID,Creator,Impressions,Link Clicks,Creator Fee,Product Cost,Boost Spend\n"
    "p1,alice,10000,100,400.00,50.00,50.00\n"
    "p2,bob,20000,300,800.00,100.00,100.00\n"
)


def test_boost_spend_beside_a_fee_is_spend(scored: Any, write: Any) -> None:
    kpis, notes = _kpis(scored(write(FEE_PRODUCT_BOOST)))
    spend = (400 + 50 + 50) + (800 + 100 + 100)  # $1,500 (was $1,350: fee and product only)
    assert kpis["total_spend"]["value"] == spend
    assert kpis["cpm"]["value"] == pytest.approx(1500 / (10000 + 20000) * 1000)  # $50.00
    assert kpis["cpm"]["verdict"] == "poor"  # was $45.00 fair
    assert kpis["cpc"]["value"] == pytest.approx(1500 / (100 + 300))  # $3.75 (was $3.375)
    assert kpis["cost_per_post"]["value"] == pytest.approx(1500 / 2)  # $750 (was $675)
    assert "'Boost Spend' added to spend with 'Creator Fee'" in notes


@pytest.mark.parametrize(
    "boost",
    ["Boosting", "Ad Spend", "Paid Media", "Amplification", "Boosting Cost", "Paid amplification",
     "Whitelisting Spend", "Spark Ads Spend", "Media Cost", "Boost cost (USD)"],
)  # fmt: skip
def test_boosting_headers_beside_a_fee(scored: Any, write: Any, boost: str) -> None:
    """Blank boosting on a row adds nothing: @b cost its fee alone."""
    text = f"Creator,Impressions,Fee,{boost}\n@a,10000,400,100\n@b,10000,200,\n"
    kpis, _ = _kpis(scored(write(text)))
    assert kpis["total_spend"]["value"] == (400 + 100) + 200  # $700 (was $600)
    assert kpis["cpm"]["value"] == pytest.approx(700 / 20000 * 1000)  # $35.00


def test_a_fee_beside_media_cost_in_a_file_of_no_platform(scored: Any, write: Any) -> None:
    """The generic spellings list `Media cost` before `Fee`: `Media cost` alone was read (the
    fee vanished); beside a fee it is the boosting paid on top of it."""
    text = "Ad name,Impr.,Media cost,Fee\nA,10000,100,400\nB,10000,,200\n"
    kpis, notes = _kpis(scored(write(text)))
    assert kpis["total_spend"]["value"] == 100 + 400 + 200  # $700 (was $100)
    assert "'Media cost' added to spend with 'Fee'" in notes
    assert "spend: read" not in notes


def test_ad_spend_alone_is_the_spend(scored: Any, write: Any) -> None:
    kpis, _ = _kpis(scored(write("Creator,Impressions,Ad Spend\n@a,10000,100\n@b,10000,300\n")))
    assert kpis["total_spend"]["value"] == 100 + 300  # was null: "an amount kpi has no use for"


def test_a_total_beside_fee_product_and_boost_is_read_alone(scored: Any, write: Any) -> None:
    """Audit B's in/spend_parts.csv: `Total Cost` holds the parts; adding them would count them twice."""
    text = FEE_PRODUCT_BOOST.replace("Boost Spend\n", "Boost Spend,Total Cost\n")
    text = text.replace("50.00\n", "50.00,500.00\n").replace("100.00\n", "100.00,1000.00\n")
    kpis, notes = _kpis(scored(write(text)))
    assert kpis["total_spend"]["value"] == 500 + 1000  # not 3,000
    assert "added to spend" not in notes


def test_boosting_beside_a_bare_cost_is_not_added(scored: Any, write: Any) -> None:
    """`Cost` may hold the boosting already, as it may the product: read alone, said unused."""
    kpis, notes = _kpis(scored(write("Creator,Impressions,Cost,Boost Spend\n@a,10000,500,100\n")))
    assert kpis["total_spend"]["value"] == 500
    assert "added to spend" not in notes


def test_a_boosting_column_of_yes_and_no_is_not_spend(scored: Any, write: Any) -> None:
    """`Boosting` may say whether a post was boosted, not what it cost: such cells are not
    amounts, and the file is read as before (not refused on its `Yes`)."""
    path = write("Creator,Impressions,Fee,Boosting\n@a,10000,400,Yes\n@b,10000,200,No\n")
    kpis, _ = _kpis(scored(path))
    assert kpis["total_spend"]["value"] == 400 + 200
    result = runner.invoke(app, ["columns", path, "-f", "json"])
    doc = json.loads(result.stdout)
    doc = doc[0] if isinstance(doc, list) else doc.get("files", [doc])[0]
    column = next(c for c in doc["columns"] if c["header"] == "Boosting")
    assert "not amounts ('Yes', row 2)" in json.dumps(column)


@pytest.mark.parametrize(
    "header, cells",
    [("Usage Rights", ("30 days", "90 days")), ("Whitelisting", ("60 days", "")), ("Boosting", ("1", "0"))],
)
def test_a_part_of_days_or_flags_is_not_spend(
    scored: Any, write: Any, header: str, cells: tuple[str, str]
) -> None:
    """Verify B V-3, V-4: `Usage Rights` of `30 days` stopped the run (exit 2); `Boosting` of
    1/0 flags added a dollar to spend (1,201 for 400 + 800 = 1,200)."""
    path = write(f"Post ID,Creator,Impressions,Creator Fee,{header}\np1,alice,10000,400.00,{cells[0]}\n"
                 f"p2,bob,20000,800.00,{cells[1]}\n")  # fmt: skip
    kpis, _ = _kpis(scored(path))
    assert kpis["total_spend"]["value"] == 400 + 800


def test_a_total_that_disagrees_with_its_parts_is_said(scored: Any, write: Any) -> None:
    """The total is read (adding the parts to it would count them twice), but where a row's
    fee and parts do not add up to it, stderr says so and how to read the parts instead."""
    text = (
        "Creator,Impressions,Creator Fee,Product Cost,Boost Spend,Total Cost\n"
        "@a,10000,400,50,50,500\n"  # 400 + 50 + 50 = 500: agrees
        "@b,20000,800,100,100,900\n"  # 800 + 100 + 100 = 1,000, not 900: the boosting left out?
    )
    path = write(text)
    kpis, notes = _kpis(scored(path))
    assert kpis["total_spend"]["value"] == 500 + 900  # $1,400: the total, as written
    assert (
        "'Total Cost' is read as the whole of what was paid, though on row 3 it is 900 and "
        "'Creator Fee' + 'Product Cost' + 'Boost Spend' add up to 1,000; "
        "--map 'Total Cost=ignore' to add them instead"
    ) in " ".join(notes.split())
    kpis, _ = _kpis(scored(path, "--map", "Total Cost=ignore"))
    assert kpis["total_spend"]["value"] == (400 + 50 + 50) + (800 + 100 + 100)  # $1,500


def test_a_part_with_one_odd_cell_among_amounts_is_an_error_naming_it(write: Any) -> None:
    # Check F-9: one `$250 (flat)` among amounts dropped the whole Usage Rights column
    # (spend $750 too low, exit 0); the reader names the cell, as before.
    path = write(
        "Post ID,Creator,Impressions,Creator Fee,Usage Rights\n"
        "p1,a,1000,400,$500\np2,b,2000,800,$250 (flat)\n"
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2
    assert "row 3, column 'Usage Rights'" in result.stderr


# ------------------------------------------------------------------ --map of a spend part (audit I-2)

TWO_SPEND = (
    "Creator,Post ID,Impressions,Creator fee,Paid boost\n"
    "@a,1,10000,100,50\n@b,2,20000,200,\n@c,3,30000,,300\n"
)


@pytest.mark.parametrize(
    "maps",
    [
        (),
        ("--map", "Creator fee=spend"),
        ("--map", "Paid boost=spend"),
        ("--map", "Creator fee=spend", "--map", "Paid boost=spend"),
        ("--map", "MAPFILE"),
    ],
    ids=["no-map", "fee", "boost", "both", "yaml"],
)
def test_a_map_to_spend_keeps_every_part(write: Any, tmp_path: Any, maps: tuple[str, ...]) -> None:
    # Spend = fees + boosts = (100 + 200) + (50 + 300) = 650 whichever --map says a part is spend
    # (it was 350 with the boost mapped, the fees dropped; 300 with both mapped, the boost dropped).
    # CPM = 650 / (10,000 + 20,000 + 30,000) × 1000 = 10.83; cost per post 650 / 3 = 216.67.
    mapfile = tmp_path / "map.yaml"
    mapfile.write_text("Creator fee: spend\nPaid boost: spend\n")
    args = [str(mapfile) if a == "MAPFILE" else a for a in maps]
    result = runner.invoke(app, ["score", write(TWO_SPEND), "-q", "-f", "json", *args])
    assert result.exit_code == 0, result.stderr
    kpis = json.loads(result.stdout)["total"]["kpis"]
    assert kpis["total_spend"]["value"] == pytest.approx(100 + 200 + 50 + 300)
    assert kpis["cpm"]["value"] == pytest.approx(650 / 60_000 * 1000)
    assert kpis["cost_per_post"]["value"] == pytest.approx(650 / 3)


def test_two_maps_to_one_column_that_is_not_spend_are_refused(write: Any) -> None:
    # kpi reads one column for impressions: which of two mapped headers would be a guess, and the
    # other one named explicitly would be dropped without a word.
    result = runner.invoke(
        app,
        ["score", write(TWO_SPEND), "-q", "--map", "Impressions=impressions", "--map", "Post ID=impressions"],
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert "--map gives both 'Post ID' and 'Impressions' to impressions" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
