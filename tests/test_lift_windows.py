"""Lift windows far outside the data (a year typo) are named, never an OverflowError (audit n, N6).

sample_data/brand_daily.csv covers 2025-02-01..2025-04-30. The default baseline is the
window of the campaign's length just before it: 2025-03-31..9999-12-31 is
3,652,059 − 739,341 + 1 = 2,912,719 days (day numbers of 9999-12-31 and 2025-03-31), more
than the 739,340 days from 0001-01-01 to 2025-03-30, so working the baseline out before
checking the campaign against the data raised OverflowError ("please report this").
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpi_cli import brand
from kpi_cli.cli import app

DAILY = Path(__file__).parent.parent / "sample_data" / "brand_daily.csv"
runner = CliRunner()


@pytest.mark.parametrize(
    ("window", "where"),
    [
        ("2025-03-31..9999-12-31", "ends after"),
        ("0001-01-01..0001-01-05", "starts before"),
        ("0001-01-02..2025-03-01", "starts before"),
        ("0025-03-31..2025-04-27", "starts before"),  # a typo for 2025
    ],
)
def test_a_campaign_outside_the_data_is_named_not_an_overflow(window: str, where: str) -> None:
    result = runner.invoke(app, ["lift", str(DAILY), "-c", window, "-q"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "please report" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (
        f"the campaign {window} {where} the data (the data covers 2025-02-01..2025-04-30); "
        "choose a --campaign window inside it"
    ) in result.stderr


def test_the_default_baseline_of_a_window_from_year_1_is_a_clear_error() -> None:
    # 0001-01-01..0001-01-05 is 5 days; the 5 days before it would be in year 0.
    with pytest.raises(brand.WindowError, match=r"leaves no 5 days before it .* give --baseline"):
        brand.default_baseline(brand.Window(date(1, 1, 1), date(1, 1, 5)))
    # ...while one that fits is the same length, ending the day before: 28 days, 3 Mar–30 Mar.
    found = brand.default_baseline(brand.Window(date(2025, 3, 31), date(2025, 4, 27)))
    assert (found.start, found.end, found.days) == (date(2025, 3, 3), date(2025, 3, 30), 28)


def test_a_baseline_after_the_campaign_is_said_even_with_q() -> None:
    """Audit n, N10.8: accepted (a campaign at the start of the data has no days before it),
    but the lift's sign then means "better than what followed", and the note says so."""
    args = ["lift", str(DAILY), "-c", "2025-03-03..2025-03-30", "--baseline", "2025-03-31..2025-04-27", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "kpi: the baseline 2025-03-31..2025-04-27 comes after the campaign 2025-03-03..2025-03-30: "
        "each lift compares the campaign with the days after it "
        "(a positive lift: the campaign did better than what followed)\n"
    )
    before = runner.invoke(app, ["lift", str(DAILY), "-c", "2025-03-31..2025-04-27", "-q"])
    assert before.exit_code == 0 and before.stderr == ""


def test_a_window_s_blanks_are_counted_of_its_own_days(tmp_path: Path) -> None:
    # Audit I-7: mentions are blank on 28 Feb (baseline 24 Feb – 1 Mar, 6 days) and 6 Mar
    # (campaign 5–9 Mar, 5 days). Each window's figure says 1 of its own days, not 1 of the
    # 6 + 5 = 11 of both; the lift, standing on both windows, says 1 + 1 = 2 of 11.
    path = tmp_path / "daily.csv"
    path.write_text(
        "Date,Revenue,Marketing spend,Brand mentions\n"
        "2025-02-24,1000,300,10\n2025-02-25,1100,300,12\n2025-02-26,900,300,8\n2025-02-27,1000,300,10\n"
        "2025-02-28,1200,300,\n2025-03-01,800,300,10\n2025-03-02,1000,300,10\n2025-03-03,1500,400,25\n"
        "2025-03-04,1600,400,30\n2025-03-05,,400,20\n2025-03-06,1400,,\n2025-03-07,1700,400,22\n"
        "2025-03-08,1300,400,28\n2025-03-09,1500,400,25\n"
    )
    args = ["lift", str(path), "-c", "2025-03-05..2025-03-09", "--baseline", "2025-02-24..2025-03-01", "-q"]
    out = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    notes = out[out.index("\n1. ") :]
    assert "mentions missing in 1 of 6 rows" in notes  # baseline: 28 Feb of its 6 days
    assert "mentions missing in 1 of 5 rows" in notes  # campaign: 6 Mar of its 5 days
    assert "mentions missing in 2 of 11 rows" in notes  # the lift: both windows, 6 + 5 days
    assert "revenue missing in 1 of 5 rows" in notes and "marketing spend missing in 1 of 5 rows" in notes
    assert "mentions missing in 1 of 11 rows" not in notes  # the windows' own (MER lift's 1 of 11 is right)
