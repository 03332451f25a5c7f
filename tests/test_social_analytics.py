"""Exports of social analytics and benchmarking tools (audit P): Fanpage Karma, quintly,
Social Blade, Not Just Analytics, Keyhole, Brandwatch, Meltwater, Socialinsider, Emplifi,
Iconosquare. Every figure is worked out by hand in the test that checks it.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def _kpis(report: dict) -> dict:  # type: ignore[type-arg]
    return {k: v["value"] for k, v in report["total"]["kpis"].items()}


# Fanpage Karma's export: four lines above the header, the period written day first
# (`01.03.2025 - 31.03.2025`); public importers of its files (code search "Fanpage Karma":
# "FanPage Karma puts headers in row 5"). Its columns as they write them.
FPK_PREAMBLE = "Fanpage Karma Export\nPeriod: 01.03.2025 - 31.03.2025\nProfiles: 2\nCreated: 02.04.2025\n"


def test_preamble_period_is_read_in_one_order(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-6: `01.03.2025 - 31.03.2025` was 2025-01-03 to 2025-03-31 (the start read month
    first, the end day first, as `31` cannot be a month). One period is written one way: the
    `31` says day first for both, 1 to 31 March."""
    path = write(
        FPK_PREAMBLE + "Profile,Network,Likes,Comments,Reach\n"
        "Acme,facebook,1200,80,15000\n"
        "Rival Co,facebook,500,20,9000\n"
    )
    report, err = scored(path, "-q")
    assert report["date_range"] == {"start": "2025-03-01", "end": "2025-03-31"}
    report, err = scored(path)
    assert "reporting period 2025-03-01 to 2025-03-31" in err
