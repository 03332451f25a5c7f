"""Before/after KPIs on small daily series; every expected figure is worked out by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from kpi_cli import brand
from kpi_cli.brand import SeriesError, Window, WindowError


def daily(rows: dict[str, list[float | None]], first: str = "2025-01-01") -> pd.DataFrame:
    """A prepared daily series starting on `first`, one value per day per column."""
    days = len(next(iter(rows.values())))
    frame = pd.DataFrame(
        {"date": pd.date_range(first, periods=days, freq="D")}
        | {c: [np.nan if v is None else v for v in values] for c, values in rows.items()}
    )
    frame.index = pd.RangeIndex(2, 2 + days)  # spreadsheet rows, as the reader numbers them
    return brand.prepare_daily(frame)


def values(series: pd.DataFrame, campaign: str, baseline: str | None = None) -> dict[str, brand.KpiValue]:
    c = brand.parse_window(campaign)
    b = brand.default_baseline(c) if baseline is None else brand.parse_window(baseline, "--baseline")
    brand.check_windows(series, c, b, baseline_given=baseline is not None)
    return {v.id: v for v in brand.lift_values(series, c, b)}


# 8 days: 2025-01-01..04 is the baseline, 2025-01-05..08 the campaign.
SEED = {
    "revenue": [100, 100, 100, 100, 150, 150, 150, 150],
    "marketing_spend": [50, 50, 50, 50, 60, 60, 60, 60],
    "mentions": [125, 125, 125, 125, 250, 250, 250, 250],
    "followers": [9_000, 9_400, 9_700, 10_000, 10_500, 11_000, 11_500, 12_000],
}


def test_windows_parse_and_default_baseline() -> None:
    w = brand.parse_window("2025-03-31..2025-04-27")
    assert (w.start, w.end, w.days) == (date(2025, 3, 31), date(2025, 4, 27), 28)
    assert brand.parse_window(" 2025-01-05 .. 2025-01-05 ").days == 1
    # 28 days ending the day before the campaign: 2025-03-03..2025-03-30.
    assert brand.default_baseline(w) == Window(date(2025, 3, 3), date(2025, 3, 30))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2025-03-31", "START..END"),
        ("2025-03-31-2025-04-27", "START..END"),
        ("31/03/2025..2025-04-27", "'31/03/2025' is not a date"),
        ("2025-02-30..2025-03-02", "2025-02-30 is not a day of the calendar"),
        ("2025-04-27..2025-03-31", "END is before START"),
    ],
)
def test_bad_windows(text: str, says: str) -> None:
    with pytest.raises(WindowError, match=says):
        brand.parse_window(text)


def test_lift_figures_by_hand() -> None:
    v = values(daily(SEED), "2025-01-05..2025-01-08")
    # MER baseline = 4×100 / 4×50 = 400 / 200 = 2.0; campaign = 600 / 240 = 2.5.
    assert v["mer_baseline"].value == pytest.approx(2.0)
    assert v["mer_campaign"].value == pytest.approx(2.5)
    # MER lift = (2.5 − 2.0) / 2.0 × 100 = 25 %.
    assert v["mer_lift"].value == pytest.approx(25.0)
    assert v["revenue_baseline"].value == 400 and v["revenue_campaign"].value == 600
    assert v["marketing_spend_baseline"].value == 200 and v["marketing_spend_campaign"].value == 240
    # The seed's mentions example: 500 before, 1,000 during → (1,000 − 500) / 500 × 100 = 100 %
    # (the seed's ratio 1,000 / 500 × 100 = 200 % is not an increase).
    assert v["mentions_baseline"].value == 500 and v["mentions_campaign"].value == 1_000
    assert v["brand_mention_lift"].value == pytest.approx(100.0)
    # The seed's audience example: 10,000 at start (the day before, 2025-01-04), 12,000 at
    # the end (2025-01-08) → (12,000 − 10,000) / 10,000 × 100 = 20 %.
    assert (v["followers_start"].value, v["followers_end"].value) == (10_000, 12_000)
    assert v["audience_growth_rate"].value == pytest.approx(20.0)
    assert "day before" in v["followers_start"].notes[0]


def test_zero_baselines_are_null_with_a_reason() -> None:
    series = daily(
        {
            "revenue": [0, 0, 0, 0, 10, 10, 10, 10],
            "marketing_spend": [5, 5, 5, 5, 5, 5, 5, 5],
            "mentions": [0, 0, 0, 0, 3, 3, 3, 3],
            "followers": [0, 0, 0, 0, 5, 6, 7, 8],
        }
    )
    v = values(series, "2025-01-05..2025-01-08")
    assert v["mer_baseline"].value == 0
    assert v["mer_lift"].value is None and "is 0" in (v["mer_lift"].reason or "")
    assert v["brand_mention_lift"].value is None and "no brand mentions" in (
        v["brand_mention_lift"].reason or ""
    )
    assert v["audience_growth_rate"].value is None
    assert v["audience_growth_rate"].reason == "followers at start are 0"


def test_spend_summing_to_zero_leaves_mer_null() -> None:
    series = daily({"revenue": [1, 1, 1, 1], "marketing_spend": [0, 0, 2, 2]})
    v = values(series, "2025-01-03..2025-01-04")
    assert v["mer_baseline"].value is None
    assert "marketing spend sums to 0" in (v["mer_baseline"].reason or "")
    assert v["mer_lift"].value is None
    assert v["mentions_campaign"].reason == "no mentions column"


def test_blank_mentions_are_compared_per_reported_day() -> None:
    series = daily({"mentions": [100, 100, 100, 100, 200, None, 200, 200]})
    v = values(series, "2025-01-05..2025-01-08")
    # Campaign Σ = 600 over 3 reported days = 200 a day; baseline 400 / 4 = 100 a day:
    # (200 − 100) / 100 × 100 = 100 %, not the (600 − 400) / 400 = 50 % a blank would fake.
    assert v["mentions_campaign"].value == 600
    assert v["mentions_campaign"].missing == {"mentions": 1}
    assert v["mentions_campaign"].notes[0] == "blank on 2025-01-06"
    assert v["brand_mention_lift"].value == pytest.approx(100.0)
    assert "per reported day: 200.0 vs 100.0" in v["brand_mention_lift"].notes[0]


def test_explicit_baseline_of_another_length() -> None:
    # Baseline 2025-01-01..02 (2 days, 10 mentions a day), campaign 2025-01-05..08 (4 days,
    # 15 a day): (15 − 10) / 10 × 100 = 50 %, though the sums are 60 against 20.
    series = daily({"mentions": [10, 10, 99, 99, 15, 15, 15, 15]})
    v = values(series, "2025-01-05..2025-01-08", "2025-01-01..2025-01-02")
    assert (v["mentions_baseline"].value, v["mentions_campaign"].value) == (20, 60)
    assert v["brand_mention_lift"].value == pytest.approx(50.0)


def test_followers_fall_back_to_reported_days_and_say_so() -> None:
    # The day before the campaign (01-04) and its last day (01-08) are blank: start is the
    # first campaign day (01-05, 8,000), end the last reported one (01-07, 9,000): 12.5 %.
    series = daily({"followers": [7_000, 7_100, 7_200, None, 8_000, 8_500, 9_000, None]})
    v = values(series, "2025-01-05..2025-01-08")
    assert (v["followers_start"].value, v["followers_end"].value) == (8_000, 9_000)
    assert v["audience_growth_rate"].value == pytest.approx(12.5)
    assert "first reported day" in v["followers_start"].notes[0]
    assert "last reported day" in v["followers_end"].notes[0]


def test_windows_must_fit_the_data_and_not_overlap() -> None:
    series = daily(SEED)
    c = brand.parse_window("2025-01-05..2025-01-08")
    with pytest.raises(WindowError, match="overlaps the campaign"):
        brand.check_windows(series, c, brand.parse_window("2025-01-03..2025-01-05"))
    with pytest.raises(WindowError, match=r"ends after the data \(the data covers 2025-01-01..2025-01-08\)"):
        brand.check_windows(
            series, brand.parse_window("2025-01-07..2025-01-09"), Window(date(2025, 1, 1), date(2025, 1, 2))
        )
    with pytest.raises(WindowError, match=r"default baseline 2024-12-30\.\.2025-01-04"):
        c6 = brand.parse_window("2025-01-05..2025-01-10")
        brand.check_windows(
            daily({"mentions": [1] * 10}), c6, brand.default_baseline(c6), baseline_given=False
        )


def test_a_day_absent_inside_a_window_is_named() -> None:
    series = daily(SEED).drop(pd.Timestamp("2025-01-06"))
    c = brand.parse_window("2025-01-05..2025-01-08")
    with pytest.raises(WindowError, match="no row for 2025-01-06 in the campaign window"):
        brand.check_windows(series, c, brand.default_baseline(c))


def test_a_day_twice_is_refused_with_its_rows() -> None:
    frame = pd.DataFrame(
        {"date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-02"]), "mentions": [1, 2, 3]}
    )
    frame.index = pd.RangeIndex(2, 5)
    with pytest.raises(SeriesError, match="2025-01-02 appears on rows 3 and 4"):
        brand.prepare_daily(frame)


def test_weeks_split_at_the_window_edge() -> None:
    # Baseline Wed 2025-01-01..Sat 01-04 and campaign Sun 01-05..Wed 01-08: ISO week 1 ends
    # on Sunday 01-05, so it appears once per window.
    weeks = brand.weeks(
        brand.parse_window("2025-01-01..2025-01-04"), brand.parse_window("2025-01-05..2025-01-08")
    )
    assert [(w, name, x.label) for w, name, x in weeks] == [
        ("2025-W01", "baseline", "2025-01-01..2025-01-04"),
        ("2025-W01", "campaign", "2025-01-05..2025-01-05"),
        ("2025-W02", "campaign", "2025-01-06..2025-01-08"),
    ]


def test_mer_stands_on_the_days_with_both_revenue_and_spend() -> None:
    # Campaign day 2025-01-07 has spend but no revenue figure: MER leaves its spend out too.
    rows = dict(SEED, revenue=[100, 100, 100, 100, 150, 150, None, 150])
    v = values(daily(rows), "2025-01-05..2025-01-08")
    # MER campaign = (150 + 150 + 150) / (60 + 60 + 60) = 2.5, not 450 / 240 = 1.875.
    assert v["mer_campaign"].value == pytest.approx(450 / 180)
    assert v["mer_lift"].value == pytest.approx((2.5 - 2.0) / 2.0 * 100)
    assert v["revenue_campaign"].value == 450  # sums keep every known day
    assert v["marketing_spend_campaign"].value == 240
