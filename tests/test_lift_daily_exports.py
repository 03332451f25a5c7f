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


# ------------------------------------------------------------------ a day split over campaigns

# Google Ads' campaign report segmented by Day (the report name and date range above the
# header, `Cost`, `Conv. value`, a `Total: Account` row last: tests/fixtures/exports/
# google_ads_campaigns.csv and the repositories its README names), two campaigns a day.
# kpi refused it: "2025-03-01 appears on rows 4 and 5; a daily series has one row per day".
# A day's spend is its campaigns' spend: 250 + 150 = 400 before, 300 + 200 = 500 during;
# conversion value 600 + 400 = 1,000 before, 900 + 600 = 1,500 during.
GOOGLE_ADS = (
    'Campaign report\n"March 1, 2025 - March 8, 2025"\nDay,Campaign,Currency code,Cost,Conv. value\n'
    + "".join(
        f"{d},Brand - Search,USD,{'250.00' if d < '2025-03-05' else '300.00'},"
        f"{'600.00' if d < '2025-03-05' else '900.00'}\n"
        f"{d},PMax - Shoes,USD,{'150.00' if d < '2025-03-05' else '200.00'},"
        f"{'400.00' if d < '2025-03-05' else '600.00'}\n"
        for d, *_ in DAYS
    )
    + "Total: Account,--,USD,3600.00,10000.00\n"
)


def test_a_day_split_over_campaigns_is_the_sum_of_its_rows(write_csv) -> None:  # type: ignore[no-untyped-def]
    code, k, err = lift(str(write_csv(GOOGLE_ADS)))
    assert code == 0, err
    # Spend 4 × 400 and 4 × 500.
    assert (k["marketing_spend_baseline"], k["marketing_spend_campaign"]) == (1_600, 2_000)
    assert (k["revenue_baseline"], k["revenue_campaign"]) == (4_000, 6_000)  # 4 × 1,000, 4 × 1,500
    assert k["mer_lift"] == pytest.approx((MER_CAMP - MER_BASE) / MER_BASE * 100)  # (3.0 − 2.5) / 2.5 = 20 %
    assert "2 rows a day (one per Campaign), summed into each day" in err
    assert "Conv. value→revenue" in err


# A listening tool's or a sheet's mentions and followers by platform, a row per platform a
# day. Mentions add up; so do the two accounts' followers (the brand's audience on both).
# Instagram 10,000 → 10,300 and TikTok 5,000 → 5,600 over the campaign: followers 15,000 on
# 2025-03-04 (the day before) and 15,900 on 2025-03-08: growth 900 / 15,000 = 6 %.
PLATFORMS = "Date,Platform,Mentions,Followers\n" + "".join(
    f"{d},Instagram,{m - 5},{10_000 + 75 * max(i - 3, 0)}\n{d},TikTok,5,{5_000 + 150 * max(i - 3, 0)}\n"
    for i, (d, _, _, m) in enumerate(DAYS)
)


def test_a_day_split_over_platforms_adds_mentions_and_followers(write_csv) -> None:  # type: ignore[no-untyped-def]
    code, k, err = lift(str(write_csv(PLATFORMS)))
    assert code == 0, err
    assert (k["mentions_baseline"], k["mentions_campaign"]) == (80, 140)  # 4 × (15 + 5), 4 × (30 + 5)
    assert (k["followers_start"], k["followers_end"]) == (15_000, 15_900)
    assert k["audience_growth_rate"] == pytest.approx(900 / 15_000 * 100)
    # The same platform twice on one day is a repeat, not a split: refused, naming the rows.
    repeated = PLATFORMS + "2025-03-06,TikTok,5,5300\n"
    code, _, err = lift(str(write_csv(repeated, "repeated.csv")))
    assert code == 2 and "2025-03-06 appears on rows" in err and "'TikTok'" in err


def test_a_platforms_blank_follower_count_leaves_the_day_unknown(write_csv) -> None:  # type: ignore[no-untyped-def]
    """TikTok's follower count not filled in on the last day (a sheet kept by hand): the day's
    followers were Instagram's alone (10,300, taken as one count repeated on the day's rows),
    growth (10,300 − 15,000) / 15,000 = −31 %, silently. The day is blank, as a single series'
    day not yet filled in: the end is 2025-03-07's 10,225 + 5,450 = 15,675 (PLATFORMS' counts),
    growth 675 / 15,000 = 4.5 %."""
    blank = PLATFORMS.replace("2025-03-08,TikTok,5,5600\n", "2025-03-08,TikTok,5,\n")
    assert blank != PLATFORMS
    code, k, err = lift(str(write_csv(blank)))
    assert code == 0, err
    assert (k["followers_start"], k["followers_end"]) == (15_000, 10_225 + 5_450)
    assert k["audience_growth_rate"] == pytest.approx(675 / 15_000 * 100)


def test_a_store_revenue_repeated_on_each_platforms_row_is_taken_once(write_csv) -> None:  # type: ignore[no-untyped-def]
    """A sheet with a row per platform for its ad spend and the store's revenue of the day
    written on each (DAYS' revenue). Summed, the revenue was doubled: 8,000 and 12,000, MER
    5.0 and 6.0 for 2.5 and 3.0. Taken once: 4 × 1,000 = 4,000 and 4 × 1,500 = 6,000; spend
    4 × (250 + 150) = 1,600 and 4 × (300 + 200) = 2,000 (MER_BASE, MER_CAMP)."""
    text = "Date,Platform,Ad spend,Net sales\n" + "".join(
        f"{d},Meta,{250 if d < '2025-03-05' else 300},{r}\n"
        f"{d},TikTok,{150 if d < '2025-03-05' else 200},{r}\n"
        for d, r, _, _ in DAYS
    )
    code, k, err = lift(str(write_csv(text)))
    assert code == 0, err
    assert (k["revenue_baseline"], k["revenue_campaign"]) == (4_000, 6_000)
    assert (k["marketing_spend_baseline"], k["marketing_spend_campaign"]) == (1_600, 2_000)
    assert (k["mer_baseline"], k["mer_campaign"]) == pytest.approx((MER_BASE, MER_CAMP))
    assert "'Net sales' the same on each of a day's rows, taken once" in " ".join(err.split())


# ------------------------------------------------------------------ Meta's report by day

# Meta Ads Manager's export broken down by day: each row's `Reporting starts` and `Reporting
# ends` are its day, a row per campaign, and the summary row first with a blank campaign
# name over the whole period (header and summary row as tests/fixtures/exports/
# meta_ads_en.csv has them, from real exports). kpi refused it: "no date column".
# Spend 250 + 150 = 400 a day before, 300 + 200 = 500 during; purchase value 1,000 and 1,500.
META_HEAD = (
    '\ufeff"Reporting starts","Reporting ends","Campaign name","Amount spent (USD)",'
    '"Purchases conversion value"\n'
)
META = (
    META_HEAD
    + "2025-03-01,2025-03-08,,3600,10000\n"
    + "".join(
        f'{d},{d},"Spring - Creators",{250 if d < "2025-03-05" else 300},{600 if d < "2025-03-05" else 900}\n'
        f'{d},{d},"Retargeting 30d",{150 if d < "2025-03-05" else 200},{400 if d < "2025-03-05" else 600}\n'
        for d, *_ in DAYS
    )
)


def test_metas_report_by_day_reads_its_reporting_days(write_csv) -> None:  # type: ignore[no-untyped-def]
    code, k, err = lift(str(write_csv(META)))
    assert code == 0, err
    assert (k["marketing_spend_baseline"], k["marketing_spend_campaign"]) == (1_600, 2_000)
    assert (k["revenue_baseline"], k["revenue_campaign"]) == (4_000, 6_000)
    assert k["mer_lift"] == pytest.approx((MER_CAMP - MER_BASE) / MER_BASE * 100)  # 20 %
    assert "dropped row 2" in err  # the summary row
    # Broken down by week instead, a row is no day: refused, naming the row and the way out.
    weekly = META_HEAD + "2025-03-01,2025-03-07,Spring - Creators,2800,7000\n"
    weekly += "2025-03-08,2025-03-14,Spring - Creators,3500,10500\n"
    code, _, err = lift(str(write_csv(weekly, "weekly.csv")))
    assert code == 2 and "row 2 covers 2025-03-01 to 2025-03-07" in err and "by day" in err


# ------------------------------------------------------------------ dates that read both ways


# A sheet saved by Excel in the UK writes its dates as shown, day first: 01/03/2025 is
# 1 March (Excel's CSV writes cells as displayed: tests/fixtures/exports/README.md,
# meta_ads_fr_excel.csv). A series of the 1st to the 8th has no day above 12: kpi read it
# month first (the 3rd of January, February, ... August) and refused the windows: "no row
# for 2025-03-01, 2025-03-02, ...". A daily series is consecutive days: only the day-first
# reading makes it one. Month first (US) still reads month first.
def test_dates_that_read_both_ways_are_the_consecutive_days(write_csv) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    for order in ("%d/%m/%Y", "%m/%d/%Y"):  # UK day first, then US month first
        rows = "".join(f"{date.fromisoformat(d).strftime(order)},{r},{s},{m}\n" for d, r, s, m in DAYS)
        code, k, err = lift(str(write_csv("Date,Revenue,Marketing spend,Mentions\n" + rows)))
        assert code == 0, err
        assert (k["revenue_baseline"], k["revenue_campaign"]) == (4_000, 6_000)
        assert k["mer_lift"] == pytest.approx((MER_CAMP - MER_BASE) / MER_BASE * 100)  # 20 %
        if order.startswith("%d"):
            assert "read day first they are consecutive days" in err


# ------------------------------------------------------------------ followers gained, not followers

# LinkedIn's page analytics export of followers by day: Sponsored, Organic and Auto-invited
# followers and their sum `Total followers`, the followers the page gained that day (its
# API's time-bound follower statistics give "paid and organic follower gains" per day:
# learn.microsoft.com, "Organization Follower Statistics"). `Total followers` is a followers
# alias, so the gains were read as the audience: 310 on 03-04, 296 on 03-08, growth
# (296 − 310) / 310 = −4.5 % "poor", invented.
LINKEDIN = "Date,Sponsored followers,Organic followers,Auto-invited followers,Total followers\n" + "".join(
    f"{d[5:7]}/{d[8:]}/{d[:4]},{s},{o},{a},{s + o + a}\n"
    for d, s, o, a in [
        ("2025-03-01", 90, 200, 10), ("2025-03-02", 85, 210, 9), ("2025-03-03", 95, 190, 12),
        ("2025-03-04", 92, 205, 13), ("2025-03-05", 88, 196, 11), ("2025-03-06", 91, 203, 8),
        ("2025-03-07", 87, 199, 10), ("2025-03-08", 89, 197, 10),
    ]
)  # fmt: skip


def test_linkedins_followers_gained_are_no_follower_count(write_csv) -> None:  # type: ignore[no-untyped-def]
    code, _, err = lift(str(write_csv(LINKEDIN)))
    assert code == 2
    assert "column 'Total followers' (followers) is the followers gained each day" in err
    error = err.strip().splitlines()[-1]  # one line, after the notes on how the file was read
    assert error.startswith("kpi: error:") and "--map 'Total followers=ignore'" in error


# A sheet whose follower counts are filled in day by day (or looked up by formula) shows 0 for
# the last day not in yet: read as the count, the campaign "lost" every follower: growth
# (0 − 10,030) / 10,030 = −100 % "poor". A count does not halve in a day: refused, naming it.
def test_a_follower_count_that_drops_to_zero_is_no_count(write_csv) -> None:  # type: ignore[no-untyped-def]
    counts = [10_000, 10_010, 10_020, 10_030, 10_100, 10_180, 10_250, 0]
    text = "Date,Followers\n" + "".join(f"{d},{c}\n" for (d, *_), c in zip(DAYS, counts, strict=True))
    code, _, err = lift(str(write_csv(text)))
    assert code == 2
    assert "row 9, column 'Followers' (followers): 0 on 2025-03-08 after 10,250 on 2025-03-07" in err
    # Blank, the day is skipped: end = the window's last reported day, 10,250 on 03-07:
    # growth (10,250 − 10,030) / 10,030 = 2.19 %.
    code, k, err = lift(str(write_csv(text.replace(",0\n", ",\n"), "blank.csv")))
    assert code == 0, err
    assert k["audience_growth_rate"] == pytest.approx((10_250 - 10_030) / 10_030 * 100)


# ------------------------------------------------------------------ a sheet in German


# A brand's daily sheet saved by German Excel, "CSV (Trennzeichen-getrennt)": Windows-1252,
# `;`, `1.000,00 €`, `01.03.2025` (as tests/fixtures/exports/tracker_de_excel.csv; its
# German words are those profiles/influencer_tracker.yaml reads for a tracker). kpi refused
# it: "none of the columns is one kpi knows for a brand daily series (found Datum, Umsatz,
# Marketingausgaben, Erwähnungen, Follower)".
def test_a_german_sheet_is_read_by_its_own_words(write_csv) -> None:  # type: ignore[no-untyped-def]
    euros = {"1000.00": "1.000,00 €", "1500.00": "1.500,00 €", "400.00": "400,00 €", "500.00": "500,00 €"}
    rows = "".join(
        f"{d[8:]}.{d[5:7]}.{d[:4]};{euros[r]};{euros[s]};{m};48.{i}00\r\n"  # followers 48.000, 48.100, ...
        for i, (d, r, s, m) in enumerate(DAYS)
    )
    text = "Datum;Umsatz;Marketingausgaben;Erwähnungen;Follower\r\n" + rows
    assert "01.03.2025;1.000,00 €;400,00 €;20;48.000" in text
    code, k, err = lift(str(write_csv(text, encoding="cp1252")))
    assert code == 0, err
    assert (k["revenue_baseline"], k["revenue_campaign"]) == (4_000, 6_000)
    assert k["mer_lift"] == pytest.approx((MER_CAMP - MER_BASE) / MER_BASE * 100)  # 20 %
    assert k["brand_mention_lift"] == pytest.approx(75.0)  # (35 − 20) / 20
    # Followers 48,300 on 03-04 (the day before) and 48,700 on 03-08: 400 / 48,300 = 0.83 %.
    assert k["audience_growth_rate"] == pytest.approx(400 / 48_300 * 100)


# A sheet's date column formatted `ddd dd/mm/yyyy` (Excel's custom format with the weekday;
# its CSV writes cells as displayed): `Sat 01/03/2025`. Named-month dates with a weekday were
# read (`Saturday, March 1, 2025`), these refused: "'Sat 01/03/2025' is not a date kpi can
# read". German Excel writes `Sa. 01.03.2025`.
def test_numeric_dates_with_a_weekday_are_read(write_csv) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    for fmt, sep in (("%a %d/%m/%Y", ","), ("{de} %d.%m.%Y", ";"), ("%a %Y-%m-%d", ",")):
        german = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]
        rows = ""
        for d, r, s, m in DAYS:
            day = date.fromisoformat(d)
            rows += sep.join([day.strftime(fmt.replace("{de}", german[day.weekday()])), r, s, str(m)]) + "\n"
        head = sep.join(["Date", "Revenue", "Marketing spend", "Mentions"]) + "\n"
        code, k, err = lift(str(write_csv(head + rows)))
        assert code == 0, (fmt, err)
        assert (k["revenue_baseline"], k["revenue_campaign"]) == (4_000, 6_000)  # 4 × 1,000, 4 × 1,500
        assert k["mer_lift"] == pytest.approx((MER_CAMP - MER_BASE) / MER_BASE * 100)  # 20 %


def test_a_repeated_day_names_its_rows_in_order(write_csv) -> None:  # type: ignore[no-untyped-def]
    # A report by hour (two rows a day, 09:00 and 15:00) is refused; the rows were named out
    # of order ("rows 3 and 2").
    text = "Date,Revenue,Marketing spend\n" + "".join(
        f"{d} {h}:00,{r},{s}\n" for d, r, s, _ in DAYS for h in ("09", "15")
    )
    code, _, err = lift(str(write_csv(text)))
    assert code == 2 and "2025-03-01 appears on rows 2 and 3;" in err
