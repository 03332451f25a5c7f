"""Dates read across the files of a run, year-first short dates, Excel-mangled post IDs.

Audit A, findings 4, 6, 7 and section 9. Every expected figure is worked out by hand in
the test from the rows it writes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()

HEAD = "Date,Influencer,Impressions,Clicks,Spend\n"
MARCH = HEAD + (  # 14/03/2025 can only be day first
    "03/03/2025,@lena,12000,120,400.00\n14/03/2025,@marco,9000,80,400.00\n27/03/2025,@ana,15000,150,500.00\n"
)
APRIL = HEAD + (  # every date reads both ways
    "01/04/2025,@lena,10000,100,300.00\n05/04/2025,@marco,8000,90,300.00\n10/04/2025,@ana,11000,120,350.00\n"
)


def _score(*args: Any) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["score", *map(str, args), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def _groups(doc: dict[str, Any], kpi: str) -> dict[str, tuple[int, float]]:
    return {g["label"]: (g["rows"], g["kpis"][kpi]["value"]) for g in doc["groups"]}


# ---------------------------------------------------------------- finding 4: one run, one order


@pytest.mark.parametrize("first", ["march", "april"])
def test_a_file_whose_dates_read_both_ways_takes_the_order_another_file_of_its_layout_shows(
    write_csv: Any, first: str
) -> None:
    """uk_march.csv proves day first (14/03/2025); uk_april.csv, with the same headers, has
    no day above 12. Read month first, April's 01/04, 05/04 and 10/04 were 4 January, 4 May
    and 4 October. Read day first as its sibling file shows, whichever file comes first:

    2025-03: 12,000 + 9,000 + 15,000 = 36,000 impressions (3 rows)
    2025-04: 10,000 + 8,000 + 11,000 = 29,000 impressions (3 rows)
    dates 2025-03-03 (first March row) to 2025-04-10 (last April row)."""
    march, april = write_csv(MARCH, "uk_march.csv"), write_csv(APRIL, "uk_april.csv")
    files = (march, april) if first == "march" else (april, march)
    doc, stderr = _score(*files, "--by", "date", "--period", "month")
    assert _groups(doc, "impressions") == {"2025-03": (3, 36000), "2025-04": (3, 29000)}
    assert doc["date_range"] == {"start": "2025-03-03", "end": "2025-04-10"}
    assert (
        "uk_april.csv: dates in 'Date' read as day/month/year (31/03/2025): '14/03/2025' (row 3) has a "
        "day first in " in stderr
    )
    assert "uk_march.csv, a file with the same columns; --monthfirst if not" in stderr
    assert "no day above 12" not in stderr  # false for the run: uk_march.csv has one


def test_a_file_of_another_layout_keeps_its_own_guess(write_csv: Any) -> None:
    """A Platform column makes another layout (another program may have written it): the
    April file is read month first, as alone, and the note says it is a guess:
    01/04 -> 2025-01-04, 05/04 -> 2025-05-04, 10/04 -> 2025-10-04."""
    other = APRIL.replace("Spend\n", "Spend,Platform\n").replace(".00\n", ".00,Instagram\n")
    doc, stderr = _score(
        write_csv(MARCH, "uk_march.csv"), write_csv(other, "other.csv"), "--by", "date", "--period", "month"
    )
    assert _groups(doc, "impressions") == {
        "2025-01": (1, 10000),
        "2025-03": (3, 36000),
        "2025-05": (1, 8000),
        "2025-10": (1, 11000),
    }
    assert "other.csv: every date in 'Date' reads both ways; read as month/day/year" in stderr


def test_files_of_one_layout_that_show_opposite_orders_are_each_read_their_way_and_say_so(
    write_csv: Any,
) -> None:
    """uk.csv shows day first (14/03/2025), us.csv month first (03/20/2025): each file is
    right by its own dates (uk 2025-03-03 .. 03-27, us 2025-03-14 .. 03-20), and both say
    the other disagrees. The April file, all both ways, has nothing to borrow: its guess
    (month first: 2025-01-04 .. 2025-10-04) stands, and the note names the disagreement."""
    uk = write_csv(MARCH, "uk.csv")
    us = write_csv(HEAD + "03/14/2025,@kim,1000,10,100.00\n03/20/2025,@joe,2000,20,100.00\n", "us.csv")
    april = write_csv(APRIL, "april.csv")
    doc, stderr = _score(uk, us, april, "--by", "date", "--period", "month")
    assert _groups(doc, "impressions") == {
        "2025-01": (1, 10000),
        "2025-03": (5, 36000 + 1000 + 2000),
        "2025-05": (1, 8000),
        "2025-10": (1, 11000),
    }
    assert "'14/03/2025' (row 3) has a day first; but " in stderr
    assert "us.csv, a file with the same columns, shows month first ('03/14/2025' (row 2)" in stderr
    assert "each file is read its own way" in stderr
    assert "april.csv: every date in 'Date' reads both ways; read as month/day/year (03/31/2025) " in stderr
    assert "(files with the same columns disagree: " in stderr


def test_the_users_order_is_not_overridden_by_another_file(write_csv: Any) -> None:
    """--monthfirst reads the April file month first (4 Jan, 4 May, 4 Oct) though the March
    file, whose 14/03 reads only day first, shows otherwise."""
    doc, _ = _score(
        write_csv(MARCH, "uk_march.csv"), write_csv(APRIL, "uk_april.csv"), "--monthfirst", "--by", "date"
    )
    assert doc["date_range"] == {"start": "2025-01-04", "end": "2025-10-04"}


# ---------------------------------------------------------------- finding 7: yy/mm/dd

JP = HEAD + "25/03/14,@yuki,12000,120,400\n25/03/20,@haru,9000,80,400\n25/04/02,@mei,15000,150,500\n"


def test_japanese_two_digit_year_first_dates_are_read_year_first(write_csv: Any) -> None:
    """25/03/14, 25/03/20, 25/04/02 (yy/mm/dd, as Japanese dates are written: japanesewithanime.com,
    "Japanese Date Format", two-digit years such as 22/02/22). Read day first they were the
    25th of March 2014, March 2020 and April 2002, an 18-year campaign. The first number is
    25 on every row while the last varies: 14, 20 and 2 March/April 2025.

    2025-03: 12,000 + 9,000 = 21,000 impressions; 2025-04: 15,000."""
    doc, stderr = _score(write_csv(JP, "jp.csv"), "--by", "date", "--period", "month")
    assert doc["date_range"] == {"start": "2025-03-14", "end": "2025-04-02"}
    assert _groups(doc, "impressions") == {"2025-03": (2, 21000), "2025-04": (1, 15000)}
    assert (
        "jp.csv: dates in 'Date' read as two-digit year/month/day (25/03/31): the first number is 25 on "
        "every row while the last varies ('25/03/14' (row 2) and '25/03/20' (row 3)), as Japanese dates "
        "are written (yy/mm/dd); read day first they would span 2002 to 2020; "
        "--dayfirst if they are day first"
    ) in stderr
    # --dayfirst is the way back to the other reading: 25 April 2002 .. 25 March 2020.
    doc, _ = _score(write_csv(JP, "jp.csv"), "--dayfirst")
    assert doc["date_range"] == {"start": "2002-04-25", "end": "2020-03-25"}


def test_year_first_dates_across_new_year(write_csv: Any) -> None:
    """24/12/28, 25/01/05, 25/01/10: the first number is 24 or 25 (two years in a row).
    Year first: 2024-12-28 .. 2025-01-10, 13 days. Day first they would be 24 Dec 2028,
    25 Jan 2005 and 25 Jan 2010 (23 years); month first, month 24 and 25 do not exist."""
    rows = "24/12/28,@a,100,1,10\n25/01/05,@b,200,2,10\n25/01/10,@c,300,3,10\n"
    doc, _ = _score(write_csv(HEAD + rows))
    assert doc["date_range"] == {"start": "2024-12-28", "end": "2025-01-10"}


def test_day_first_two_digit_years_stay_day_first(write_csv: Any) -> None:
    """14/03/25, 20/03/25, 02/04/25 is the mirror case: the last number is one year (25) and
    the first varies, so day first (2025-03-14 .. 2025-04-02, 19 days), not year first
    (2014-03-25, 2020-03-25, 2002-04-25: 18 years)."""
    rows = "14/03/25,@a,100,1,10\n20/03/25,@b,200,2,10\n02/04/25,@c,300,3,10\n"
    doc, stderr = _score(write_csv(HEAD + rows))
    assert doc["date_range"] == {"start": "2025-03-14", "end": "2025-04-02"}
    assert "yy/mm/dd" not in stderr


def test_year_first_or_day_first_with_a_first_number_of_12_or_less_is_refused(write_csv: Any) -> None:
    """05/03/14, 05/03/20, 05/04/02: year first 2005-03-14 .. 2005-04-02; day first 5 March
    2014, 5 March 2020, 5 April 2002 (18 years); month first 3 May 2014 ... The first
    number could be a year, a day or a month: kpi refuses rather than report an 18-year
    campaign, and says how to go on."""
    rows = "05/03/14,@a,100,1,10\n05/03/20,@b,200,2,10\n05/04/02,@c,300,3,10\n"
    result = runner.invoke(app, ["score", str(write_csv(HEAD + rows, "short.csv"))])
    assert result.exit_code == 2
    assert (
        "short.csv, column 'Date': '05/03/14' (row 2) and '05/03/20' (row 3) are years apart read day or "
        "month first (2002 to 2020), within a year read year first (yy/mm/dd, as Japanese dates are "
        "written); kpi cannot tell which: write the dates with four-digit years (2025-03-14), or give "
        "--dayfirst or --monthfirst"
    ) in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- finding 6: post IDs in scientific form

TIKTOK = "Date,Creator,Platform,Video ID,Video views,Likes,Comments,Shares,Fee\n"
IDS_FULL = ("7480242195797488117", "7480243378781116490", "7480247631993727711", "7480968885657746992")
IDS_EXCEL = (
    "7.48024E+18",
    "7.48024E+18",
    "7.48025E+18",
    "7.48097E+18",
)  # as Excel's General format shows them


def _tiktok(ids: tuple[str, ...], delimiter: str = ",") -> str:
    rows = (
        ("2025-03-10", "@lena", ids[0], "210000", "15400", "320", "900", "1200"),
        ("2025-03-10", "@marco", ids[1], "98000", "6100", "150", "310", "800"),
        ("2025-03-10", "@ana", ids[2], "143000", "9900", "260", "540", "1000"),
        ("2025-03-12", "@tom", ids[3], "76000", "4300", "90", "150", "600"),
    )
    lines = [TIKTOK.replace(",", delimiter)]
    for date, who, post, *figures in rows:
        lines.append(delimiter.join((date, who, "TikTok", post, *figures)) + "\n")
    return "".join(lines)


def test_post_ids_excel_wrote_in_scientific_form_are_an_error_naming_the_cell(write_csv: Any) -> None:
    """Four videos by four creators, three posted within minutes of a launch. Excel keeps 15
    significant digits and shows a 19-digit TikTok ID as 7.48024E+18 (mattsteadman.co/excel;
    appscout.com, "Excel trashes long numbers"), so two distinct videos share one "ID" and
    kpi counted 3 posts (cost per post 3,600 / 3 = $1,200) and blamed a duplicate. The digits
    cannot be recovered: the error names the cell and both ways on."""
    path = write_csv(_tiktok(IDS_EXCEL), "tiktok.csv")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert (
        "tiktok.csv, row 2, column 'Video ID': value '7.48024E+18' is a post ID Excel rewrote in "
        "scientific form, its last digits lost (Excel keeps 15)"
    ) in message
    assert "--map 'Video ID=ignore' to count each row as a post" in message
    # Taking that way: 4 rows, 4 posts; cost per post (1,200 + 800 + 1,000 + 600) / 4 = $900.
    doc, _ = _score(path, "--map", "Video ID=ignore")
    assert doc["total"]["kpis"]["posts"]["value"] == 4
    assert doc["total"]["kpis"]["cost_per_post"]["value"] == pytest.approx(3600 / 4)
    # The full IDs give the same: 4 distinct posts, $900 a post.
    doc, _ = _score(write_csv(_tiktok(IDS_FULL), "full.csv"))
    assert doc["total"]["kpis"]["posts"]["value"] == 4
    assert doc["total"]["kpis"]["cost_per_post"]["value"] == pytest.approx(900)


def test_post_ids_in_german_excels_scientific_form_too(write_csv: Any) -> None:
    """German Excel writes the mantissa with a decimal comma (7,48024E+18) in a ; file."""
    ids = tuple(i.replace(".", ",") for i in IDS_EXCEL)
    result = runner.invoke(app, ["score", str(write_csv(_tiktok(ids, ";"), "de.csv"))])
    assert result.exit_code == 2
    assert "de.csv, row 2, column 'Video ID': value '7,48024E+18' is a post ID Excel rewrote" in " ".join(
        result.stderr.split()
    )


# ---------------------------------------------------------------- section 9: unreadable dates


def test_a_date_column_kpi_cannot_read_offers_to_score_without_it(write_csv: Any) -> None:
    """2025-W10 (ISO weeks) is no day. The error offers --map 'Date=ignore'; with it the
    totals are scored: impressions 12,000 + 9,000 + 15,000 = 36,000, spend $1,300."""
    text = (
        HEAD
        + "2025-W10,@lena,12000,120,400.00\n2025-W11,@marco,9000,80,400.00\n2025-W12,@ana,15000,150,500.00\n"
    )
    path = write_csv(text, "weeks.csv")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "'2025-W10' is not a date kpi can read; " in result.stderr
    assert "or --map 'Date=ignore' to score without dates" in " ".join(result.stderr.split())
    doc, _ = _score(path, "--map", "Date=ignore")
    assert doc["total"]["kpis"]["impressions"]["value"] == 36000
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(1300)
    assert doc["date_range"] is None


def test_dutch_month_names_are_read(write_csv: Any) -> None:
    """Dutch abbreviations as CLDR's nl locale writes them (mrt = maart, March; mei = May):
    3-mrt-2025 was "not a real date ... no such day in the calendar"; now 3 March .. 2 May."""
    text = "Date;Influencer;Impressions\n3-mrt-2025;@lena;12000\n14-mrt-2025;@marco;9000\n"
    text += "2-mei-2025;@ana;15000\n"
    doc, _ = _score(write_csv(text, "nl.csv"))
    assert doc["date_range"] == {"start": "2025-03-03", "end": "2025-05-02"}


def test_a_month_name_kpi_does_not_know_is_said_to_be_one(write_csv: Any) -> None:
    """Swedish maj (May) is no month name kpi knows: the error says so, not "no such day in
    the calendar", and offers both ways on."""
    text = HEAD + "3-maj-2025,@lena,12000,120,400.00\n14-apr-2025,@marco,9000,80,400.00\n"
    result = runner.invoke(app, ["score", str(write_csv(text, "sv.csv"))])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert (
        "sv.csv, row 2, column 'Date': value '3-maj-2025' has a month name kpi does not know ('maj'); "
        "write the dates as 2025-03-31, or --map 'Date=ignore' to score without dates"
    ) in message
    assert "calendar" not in message


def test_a_monthly_report_on_the_28th_with_two_digit_years_is_refused(write_csv: Any) -> None:
    """28/01/24, 28/02/24 ... 28/03/25: a UK monthly report, day first (15 months, 2024-01-28
    to 2025-03-28). It has the Japanese tell too (the first number the same on every row),
    and year first it was read as 2028, merging January 2024 with January 2025 (audit C).
    The last number is two years in a row while the middle runs through the months: kpi
    cannot tell, and asks."""
    months = [(m, 24) for m in range(1, 13)] + [(m, 25) for m in range(1, 4)]
    rows = "".join(f"28/{m:02d}/{y},@a,100,1,10\n" for m, y in months)
    result = runner.invoke(app, ["score", str(write_csv(HEAD + rows, "monthly.csv"))])
    assert result.exit_code == 2
    assert "kpi cannot tell which" in result.stderr and "--dayfirst" in result.stderr
    doc, _ = _score(write_csv(HEAD + rows, "monthly.csv"), "--dayfirst")
    assert doc["date_range"] == {"start": "2024-01-28", "end": "2025-03-28"}


def test_monthly_year_first_dates_on_the_first_are_not_read_as_2001(write_csv: Any) -> None:
    """24/10/01 ... 25/02/01: a Japanese monthly report on the 1st (Oct 2024 to Feb 2025).
    Day first it also lies within a year, but in 2001 (with January listed before
    October): no campaign in these exports is that old, so year first, said on stderr."""
    rows = "".join(f"{d},@a,100,1,10\n" for d in ("24/10/01", "24/11/01", "24/12/01", "25/01/01", "25/02/01"))
    doc, stderr = _score(write_csv(HEAD + rows, "jp_monthly.csv"))
    assert doc["date_range"] == {"start": "2024-10-01", "end": "2025-02-01"}
    assert "read year first (yy/mm/dd" in stderr


def test_ga4_compact_dates_are_read(write_csv: Any) -> None:
    """GA4 writes its Date dimension 20250301 (and `# Start date: 20250301` above the
    header); it was refused. Sessions 800 + 900 by day, 2025-03-01 and 2025-03-02."""
    text = (
        "# ----------------------------------------\n# Traffic acquisition\n# Start date: 20250301\n"
        "# End date: 20250302\nDate,Session source / medium,Sessions,Conversions\n"
        "20250301,instagram / social,800,20\n20250302,instagram / social,900,25\n"
    )
    doc, _ = _score(write_csv(text, "ga4.csv"), "--by", "date")
    assert doc["date_range"] == {"start": "2025-03-01", "end": "2025-03-02"}
    assert [g["rows"] for g in doc["groups"]] == [1, 1]


# ---------------------------------------------------------------- audit E-8: long dates, months
# Spanish and Portuguese Excel write `de` between a long date's parts, Google Sheets pt-BR
# `6 de dez. de 2026`, Excel pt-BR's `dd/mmm/yyyy` slashes; Italian weekdays have accents
# (`lunedì`), Japanese Excel's long date is `2026年12月6日`, Russian's `6 дек. 2026 г.`.
# Each was refused as "not a date kpi can read" (Italian: from its second row on).

LONG = "Date;Influencer;Impressions;Clicks\n{0};@c0;1000;10\n{1};@c1;2000;20\n{2};@c2;4000;40\n"


@pytest.mark.parametrize(
    "days",
    [
        ("6 de diciembre de 2026", "7 de diciembre de 2026", "1 de enero de 2027"),
        ("domingo, 6 de diciembre de 2026", "lunes, 7 de diciembre de 2026", "viernes, 1 de enero de 2027"),
        ("miércoles, 6 de diciembre de 2026", "sábado, 7 de diciembre de 2026", "jueves, 1 de enero de 2027"),
        ("6 de dezembro de 2026", "7 de dezembro de 2026", "1 de janeiro de 2027"),
        ("6 de dez. de 2026", "7 de dez. de 2026", "1 de jan. de 2027"),
        ("06/dez/2026", "07/dez/2026", "01/jan/2027"),
        ("domingo, 6 de dezembro de 2026", "terça-feira, 7 de dezembro de 2026",
         "sexta-feira, 1 de janeiro de 2027"),
        ("domenica 6 dicembre 2026", "lunedì 7 dicembre 2026", "venerdì 1 gennaio 2027"),
        ("2026年12月6日", "2026年12月7日", "2027年1月1日"),
        ("2026年12月6日(日)", "2026年12月7日(月)", "2027年1月1日(金)"),
        ("2026년 12월 6일", "2026년 12월 7일", "2027년 1월 1일"),
        ("6 дек. 2026 г.", "7 декабря 2026 г.", "1 янв. 2027 г."),
        ("dimanche 6 décembre 2026", "lundi 7 décembre 2026", "vendredi 1er janvier 2027"),
    ],
)  # fmt: skip
def test_long_dates_of_excel_in_other_languages_are_read(write_csv: Any, days: tuple[str, ...]) -> None:
    """Three days: 6 and 7 December 2026, 1 January 2027; by month December has the first
    two (1,000 + 2,000 = 3,000 impressions), January the third (4,000)."""
    doc, _ = _score(write_csv(LONG.format(*days), "long.csv"), "--by", "date", "--period", "month")
    assert doc["date_range"] == {"start": "2026-12-06", "end": "2027-01-01"}
    assert _groups(doc, "impressions") == {"2026-12": (2, 1000 + 2000), "2027-01": (1, 4000)}


@pytest.mark.parametrize(
    "months", [("Dec 2026", "Jan 2027"), ("Dez. 2026", "Jan. 2027"), ("dezembro de 2026", "janeiro de 2027"),
               ("December 2026", "January 2027"), ("2026-12", "2027-01"), ("2026年12月", "2027年1月")],
)  # fmt: skip
def test_a_monthly_trackers_months_are_whole_months(write_csv: Any, months: tuple[str, str]) -> None:
    """`Dec 2026` names a month, not a day (it was refused). Excel keeps such a cell as the
    month's 1st; kpi reads each row as the whole month: its date the 1st, its period to the
    last day, so the range runs 2026-12-01 to 2027-01-31 (not to 2027-01-01), by month each
    row is its month, and by week kpi says a row runs past the week it starts in."""
    text = f"Date,Influencer,Impressions,Clicks\n{months[0]},@c0,1000,10\n{months[1]},@c1,2000,20\n"
    path = write_csv(text, "monthly.csv")
    doc, err = _score(path, "--by", "date", "--period", "month")
    assert doc["date_range"] == {"start": "2026-12-01", "end": "2027-01-31"}
    assert _groups(doc, "impressions") == {"2026-12": (1, 1000), "2027-01": (1, 2000)}
    assert f"{months[0]!r} (row 2) names a month, not a day" in err
    _, err = _score(path, "--by", "date", "--period", "week")
    assert "run past the week they start in (e.g. 2026-12-01 to 2026-12-31)" in " ".join(err.split())


def test_a_column_of_days_and_months_is_refused(write_csv: Any) -> None:
    """One style per column: a month beside a day is two ways of writing dates."""
    text = "Date,Influencer,Impressions\n6 Dec 2026,@c0,1000\nJan 2027,@c1,2000\n"
    result = runner.invoke(app, ["score", str(write_csv(text, "mixed.csv"))])
    assert result.exit_code == 2
    assert "mixes dates with the day first and the month's name and months" in result.stderr


def test_a_day_and_month_without_a_year_says_so(write_csv: Any) -> None:
    """Excel's d-mmm format (`6-Dec`) drops the year: scored without dates, saying what is
    missing; `--by date` refused, saying the same."""
    path = str(write_csv("Date,Influencer,Impressions\n6-Dec,@c0,1000\n7-Dec,@c1,2000\n", "noyear.csv"))
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"]["kpis"]["impressions"]["value"] == 3000  # 1,000 + 2,000
    assert "the dates in 'Date' have no year ('6-Dec', row 2)" in " ".join(result.stderr.split())
    result = runner.invoke(app, ["score", path, "--by", "date"])
    assert result.exit_code == 2
    assert "value '6-Dec' has no year, so kpi cannot tell which day it is" in " ".join(result.stderr.split())


def test_excels_month_and_two_digit_year_is_not_called_yearless(write_csv: Any) -> None:
    """Verify E V-2: `Dec-26` is Excel's mmm-yy (December 2026); kpi said it had no year and
    offered 2025-12-26, another date. It is refused without that advice."""
    text = "Date,Influencer,Impressions\nDec-26,@c0,1000\nJan-27,@c1,2000\n"
    result = runner.invoke(app, ["score", str(write_csv(text, "mmm_yy.csv"))])
    assert result.exit_code == 2
    said = " ".join(result.stderr.split())
    assert "value 'Dec-26' reads as Excel's month and two-digit year (mmm-yy" in said
    assert "has no year" not in said


def test_months_in_a_daily_series_are_refused(write_csv: Any) -> None:
    """`kpi lift` compares days: a monthly series is no daily one, and is refused by name."""
    text = "Date,Revenue,Marketing spend\nDec 2026,1000,100\nJan 2027,2000,200\n"
    result = runner.invoke(app, ["lift", str(write_csv(text, "brand.csv")), "-c", "2027-01-01..2027-01-31"])
    assert result.exit_code == 2
    assert (
        "'Dec 2026' (row 2) names a month, not a day, and a daily series needs one row per day"
        in " ".join(result.stderr.split())
    )
