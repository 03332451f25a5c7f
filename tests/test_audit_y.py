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
