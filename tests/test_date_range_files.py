"""The date range of files scored together covers every file's figures (audit W-3).

A Google Ads campaign report has no date column: its reporting period is the line above
its header (`January 1, 2025 - January 31, 2025`, tests/fixtures/exports/README.md). Beside
a TikTok Ads Manager export by day (1 and 2 March 2025), the report's range was the TikTok
rows' alone, 1–2 March, while January's Google Ads spend was in every figure under it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
GOOGLE = FIXTURES / "google_ads_campaigns.csv"  # Campaign report, January 1-31, 2025, no Day column
TIKTOK = FIXTURES / "tiktok_ads_en.csv"  # By Day: 2025-03-01 and 2025-03-02


def test_a_report_without_dates_widens_the_range_of_dated_rows(scored: Any) -> None:
    for files in ((GOOGLE, TIKTOK), (TIKTOK, GOOGLE)):
        report, _ = scored(*files)
        assert report["date_range"] == {"start": "2025-01-01", "end": "2025-03-02"}
        assert report["date_range_from"] == "rows and period"


def test_each_file_alone_keeps_its_own_range(scored: Any) -> None:
    report, _ = scored(GOOGLE)
    assert report["date_range"] == {"start": "2025-01-01", "end": "2025-01-31"}
    assert report["date_range_from"] == "period"
    report, _ = scored(TIKTOK)
    assert report["date_range"] == {"start": "2025-03-01", "end": "2025-03-02"}
    assert report["date_range_from"] == "rows"


def test_the_table_title_says_the_whole_range() -> None:
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    result = CliRunner().invoke(app, ["score", str(GOOGLE), str(TIKTOK), "-q"])
    assert result.exit_code == 0, result.output
    title = " ".join(result.stdout.split("KPI")[0].split())  # the line above the table, however wrapped
    assert "1 Jan 2025 – 2 Mar 2025" in title, title
