"""`kpi lift` on daily series as sheets and ad platforms write them (audit X).

Every expected figure is worked out by hand in the test. The series: baseline 2025-03-01..04,
campaign 2025-03-05..08 (4 days each).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app


def lift(path: str, *args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(app, ["lift", path, "-c", "2025-03-05..2025-03-08", "-f", "json", *args])
    if result.exit_code:
        return result.exit_code, {}, result.stderr
    kpis = json.loads(result.stdout)["total"]["kpis"]
    return 0, {k: v["value"] for k, v in kpis.items()}, result.stderr


# Revenue 1,000 a day before, 1,500 during; spend 400 before, 500 during; mentions 20 → 35.
DAYS = [
    ("2025-03-01", "1000.00", "400.00", 20),
    ("2025-03-02", "1000.00", "400.00", 20),
    ("2025-03-03", "1000.00", "400.00", 20),
    ("2025-03-04", "1000.00", "400.00", 20),
    ("2025-03-05", "1500.00", "500.00", 35),
    ("2025-03-06", "1500.00", "500.00", 35),
    ("2025-03-07", "1500.00", "500.00", 35),
    ("2025-03-08", "1500.00", "500.00", 35),
]
ROWS = "".join(f"{d},{r},{s},{m}\n" for d, r, s, m in DAYS)
# Σ revenue 4 × 1,000 + 4 × 1,500 = 10,000; Σ spend 4 × 400 + 4 × 500 = 3,600; Σ mentions 220.
SUM_ROW = ",10000.00,3600.00,220\n"
MER_BASE, MER_CAMP = 4_000 / 1_600, 6_000 / 2_000  # 2.5 and 3.0: lift 20 %


# ------------------------------------------------------------------ a summary row with no date


# A sheet kept by hand ends with a SUM row under the days, its date cell blank; an ads
# manager opens with its summary row (Meta's summary has a blank name: see
# tests/fixtures/exports/README.md, meta_ads_en.csv). `kpi score` drops both by their
# figures; `kpi lift` refused the file: "row 10: the date is blank".
@pytest.mark.parametrize("where", ["bottom", "top"])
def test_a_summary_row_without_a_date_is_dropped_by_its_figures(write_csv, where: str) -> None:  # type: ignore[no-untyped-def]
    head = "Date,Revenue,Marketing spend,Mentions\n"
    text = head + (ROWS + SUM_ROW if where == "bottom" else SUM_ROW + ROWS)
    code, k, err = lift(str(write_csv(text)))
    assert code == 0, err
    assert (k["revenue_baseline"], k["revenue_campaign"]) == (4_000, 6_000)
    assert (k["marketing_spend_baseline"], k["marketing_spend_campaign"]) == (1_600, 2_000)
    assert k["mer_lift"] == pytest.approx((MER_CAMP - MER_BASE) / MER_BASE * 100)  # 20 %
    assert k["brand_mention_lift"] == pytest.approx((35 - 20) / 20 * 100)  # 75 %
    assert "dropped row " + ("10" if where == "bottom" else "2") in err
    # A day whose date was lost (its figures are no sum) is still refused, naming the row.
    code, _, err = lift(str(write_csv(head + ROWS + ",1500.00,500.00,35\n", "lost.csv")))
    assert code == 2 and "row 10: the date is blank" in err
