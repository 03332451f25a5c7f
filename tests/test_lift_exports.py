"""`kpi lift` on daily series as platforms and spreadsheets export them (audit k).

Every expected figure is worked out by hand in the test.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------------------------ followers that are no count

# YouTube Studio's `Totals.csv` with Subscribers as the chart metric: one row a day of
# subscribers gained minus lost that day, which can be negative (research notes
# /work/research/tiktok_youtube.md §3.4-3.5; exports in priyankapatel05/YouTube-Channel-
# Analytics-Dashboard). `Subscribers` is a followers alias, so it was read as the channel's
# size: 12 on 03-07 → 14 on 03-14, growth (14 − 12) / 12 = 16.7 % "good", invented.
# The campaign's net gain, 31 + 44 + 38 + 27 + 19 + 15 + 14 = 188, says nothing of growth
# without the channel's total: kpi refuses, naming the cell and the way out.
YT_NET = """Date,Subscribers
2025-03-01,12
2025-03-02,9
2025-03-03,-2
2025-03-04,11
2025-03-05,8
2025-03-06,10
2025-03-07,12
2025-03-08,31
2025-03-09,44
2025-03-10,38
2025-03-11,27
2025-03-12,19
2025-03-13,15
2025-03-14,14
"""


def test_daily_net_subscribers_are_no_follower_count(write) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("lift", write(YT_NET), "-c", "2025-03-08..2025-03-14", "-q")
    assert code == 2 and out == ""
    assert "row 4, column 'Subscribers' (followers): -2 on 2025-03-03 is no follower count" in err
    assert "--map 'Subscribers=ignore'" in err and len(err.strip().splitlines()) == 1


def test_a_count_that_jumps_every_day_is_no_follower_count(write) -> None:  # type: ignore[no-untyped-def]
    # No negative day (−2 → 5), but the value moves by a median of |Δ| / previous ≈ 25 %
    # a day (12 → 9 is 25 %, 31 → 44 is 42 %): a running total moves by a few percent.
    code, out, err = run("lift", write(YT_NET.replace(",-2", ",5")), "-c", "2025-03-08..2025-03-14", "-q")
    assert code == 2 and out == ""
    assert "column 'Subscribers' (followers) moves by" in err and "a day" in err


def test_a_real_follower_count_still_reads(write) -> None:  # type: ignore[no-untyped-def]
    # 10,000 rising by 50 a day (0.5 %): 10,300 on 03-07 (the day before), 10,650 on 03-14:
    # growth (10,650 − 10,300) / 10,300 = 3.398 %.
    rows = "".join(f"2025-03-{d:02d},{10_000 + 50 * (d - 1)}\n" for d in range(1, 15))
    code, out, err = run(
        "lift", write("Date,Subscribers\n" + rows), "-c", "2025-03-08..2025-03-14", "-f", "json"
    )
    assert code == 0, err
    growth = json.loads(out)["total"]["kpis"]["audience_growth_rate"]["value"]
    assert growth == pytest.approx((10_650 - 10_300) / 10_300 * 100)


# ------------------------------------------------------------------ a decimal mark nothing decides

# A German-locale sheet saved comma-separated: whole euros with a thousands point (`1.200`)
# in the campaign, `900` before; no count groups thousands, no cell shows a decimal mark.
# Read with a point, campaign revenue was 7 × 1.2 = 8.4 and MER lift −99.9 %; read with a
# comma it is 7 × 1,200 = 8,400, MER 8,400 / 2,100 = 4.00 against 6,300 / 1,750 = 3.60:
# lift (4.0 − 3.6) / 3.6 = +11.1 %. The file cannot tell which: kpi asks.
DOT_THOUSANDS = "Date,Revenue,Marketing spend,Mentions\n" + "".join(
    f"{d:02d}.03.2025,{'1.200' if d >= 8 else '900'},{300 if d >= 8 else 250},{25 if d >= 8 else 10}\n"
    for d in range(1, 15)
)


def test_money_that_reads_both_ways_is_asked(write) -> None:  # type: ignore[no-untyped-def]
    path = write(DOT_THOUSANDS)
    code, out, err = run("lift", path, "-c", "2025-03-08..2025-03-14", "-q")
    assert code == 2 and out == ""
    assert "'1.200' (row 9, column 'Revenue') reads as 1.2 or as 1200" in err
    assert "--decimal-comma" in err and "--decimal-point" in err
    code, out, err = run("lift", path, "-c", "2025-03-08..2025-03-14", "--decimal-comma", "-f", "json")
    assert code == 0, err
    mer = json.loads(out)["total"]["kpis"]["mer_lift"]["value"]
    assert mer == pytest.approx((8_400 / 2_100 - 6_300 / 1_750) / (6_300 / 1_750) * 100)


@pytest.mark.parametrize("header", ["Day,Gross sales,Total sales", "Day,Total sales,Gross sales"])
def test_the_revenue_column_does_not_depend_on_column_order(write_csv, header: str) -> None:  # type: ignore[no-untyped-def]
    # Audit x #3: Shopify's Gross sales (1,100 a day) or Total sales (1,080) was read by
    # position; the alias order decides now, whatever the file's: Total sales, 2 × 1,080.
    gross_first = header.startswith("Day,Gross")
    rows = "".join(
        f"2025-03-0{d},{'1100.00,1080.00' if gross_first else '1080.00,1100.00'}\n" for d in range(1, 5)
    )
    path = write_csv(f"{header}\n{rows}")
    result = CliRunner().invoke(app, ["lift", str(path), "-c", "2025-03-03..2025-03-04", "-f", "json"])
    assert result.exit_code == 0, result.output
    kpis = json.loads(result.stdout)["total"]["kpis"]
    assert kpis["revenue_baseline"]["value"] == pytest.approx(2 * 1080)
    assert kpis["revenue_campaign"]["value"] == pytest.approx(2 * 1080)


def test_mer_takes_the_stores_net_sales_and_the_total_spend(write_csv) -> None:  # type: ignore[no-untyped-def]
    # Audit z #2-3: an ad platform's attributed `Conversion value` beside Shopify's `Net sales`,
    # and `Spend` beside a `Total spend` with the influencer fees: MER is the store's revenue
    # over all marketing spend. Baseline 2 days 850 / 300; campaign 2 days 900 / 500.
    text = (
        "Day,Net sales,Conversion value,Spend,Influencer fees,Total spend\n"
        "2025-03-01,850,300,100,200,300\n2025-03-02,850,300,100,200,300\n"
        "2025-03-03,900,600,200,300,500\n2025-03-04,900,600,200,300,500\n"
    )
    result = CliRunner().invoke(
        app, ["lift", str(write_csv(text)), "-c", "2025-03-03..2025-03-04", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    kpis = json.loads(result.stdout)["total"]["kpis"]
    assert kpis["mer_baseline"]["value"] == pytest.approx(1700 / 600)
    assert kpis["mer_campaign"]["value"] == pytest.approx(1800 / 1000)
    assert kpis["mer_lift"]["value"] == pytest.approx(((1800 / 1000) - (1700 / 600)) / (1700 / 600) * 100)


def test_a_big_channels_daily_subscribers_are_no_follower_count(write) -> None:  # type: ignore[no-untyped-def]
    # Audit X: YouTube Studio's Totals.csv of a big channel: ~1,000 subscribers gained a day,
    # never negative, moving by 3-9 % a day (under the 15 % a gains series was told by), up
    # one day and down the next. Read as the channel's size: 990 on 03-07, 1,060 on 03-14,
    # growth (1,060 − 990) / 990 = 7.1 % "fair", invented. A count rises (or falls) day after
    # day; these turn direction 11 times in 12: refused, as the small channel's are.
    gains = [1000, 940, 1010, 950, 1030, 960, 990, 1050, 980, 1070, 1000, 1080, 1010, 1060]
    text = "Date,Subscribers\n" + "".join(f"2025-03-{d:02d},{g}\n" for d, g in enumerate(gains, 1))
    code, out, err = run("lift", write(text), "-c", "2025-03-08..2025-03-14", "-q")
    assert code == 2 and out == ""
    assert "column 'Subscribers' (followers) moves by" in err and "up and down" in err
    assert "--map 'Subscribers=ignore'" in err


def test_a_tiny_accounts_follower_count_that_swings_is_still_read(write) -> None:  # type: ignore[no-untyped-def]
    # Review R2: a brand account of 110 -> 168 followers, up and down by 3-11 a day (a 4 %
    # median move, 82 % of days turning), was refused as "followers gained per day" by the
    # big channel's rule above. A day's gains that move by only 3-15 % are hundreds a day; a
    # count this small moving so is a tiny account: read. Baseline 03-01..03-09, campaign
    # 03-10..03-19: followers the day before the campaign 118, at its end 168:
    # growth (168 - 118) / 118 = 42.4 %.
    counts = [110, 114, 111, 116, 114, 120, 116, 121, 118, 127, 134, 131, 142, 138, 146, 156, 151, 160, 168]
    text = "Date,Follower count,Brand mentions\n" + "".join(
        f"2025-03-{d:02d},{c},{1 + d % 3}\n" for d, c in enumerate(counts, 1)
    )
    code, out, err = run(
        "lift",
        write(text),
        "-c",
        "2025-03-10..2025-03-19",
        "--baseline",
        "2025-03-01..2025-03-09",
        "-f",
        "json",
    )
    assert code == 0, err
    kpis = json.loads(out)["total"]["kpis"]
    assert kpis["audience_growth_rate"]["value"] == pytest.approx((168 - 118) / 118 * 100)
