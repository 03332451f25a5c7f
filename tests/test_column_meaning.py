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
    assert "('2450.00', row 2)" in stderr


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
    path = write_csv("Creator,Clicks,Sales,Revenue\n@a,100,12.00,$300.00\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "'12.00' (row 2) is an amount with cents, yet 'Revenue' is read as revenue" in result.stderr
    assert "--map 'Sales=revenue' or --map 'Sales=conversions'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
