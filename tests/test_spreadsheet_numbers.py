"""Numbers as spreadsheets in other locales write them (audit E).

E-1: a currency mark does not hide a `1.234` that reads both ways. E-2: digits typed full
width or Arabic-Indic are digits. E-3: a space or apostrophe between digits must group
thousands. E-4: the currency marks of Danish, Turkish, Russian, South African, Indonesian,
Vietnamese, Philippine, Japanese and Indian sheets. E-5: Excel's formula errors in other
languages, Excel 365's, Google Sheets' and LibreOffice's are missing cells. E-7: `kr` (and
`¥`) stand for several currencies: the one kpi shows is said to be a guess.
Every figure is worked out by hand below.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.columns import MISSING_TOKENS
from kpi_cli.read.numbers import ascii_digits, parse_number

HEAD = "Date,Influencer,Impressions,Clicks,Revenue,Spend\n"


def _kpis(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v["value"] for k, v in report["total"]["kpis"].items()}


def _refused(path: str) -> str:
    """The one error line of a run that must stop (exit 2, nothing on stdout)."""
    result = CliRunner().invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("kpi: error:")]
    return error


# --------------------------------------------------------------------------- E-1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("$1.234", "$2.500"),
        ("€1.234", "€2.500"),
        ("EUR 1.234", "EUR 2.500"),
        ("1.234 €", "2.500 €"),  # a German-locale Google Sheet, saved comma-separated
        ("(€1.234)", "€2.500"),
    ],
)
def test_money_with_a_currency_mark_that_reads_both_ways_is_refused(
    write: Any, first: str, second: str
) -> None:
    # 1.234 + 2.500 is 3.734 with a decimal point and 1,234 + 2,500 = 3,734 with a decimal
    # comma; nothing else in the file tells which. kpi read 3.734 (ROAS 3.734 / 1,400 =
    # 0.0027) and said no number showed a decimal mark; it refuses, as for a bare 1.234.
    path = write(HEAD + f'2026-12-06,@anna,500,25,"{first}",500\n2026-12-07,@ben,800,10,"{second}",900\n')
    error = _refused(path)
    assert f"{first!r} (row 2, column 'Revenue') reads as 1.234 or as 1234" in error
    assert "give --decimal-point if it is 1.234, --decimal-comma if it is 1234" in error


def test_the_decimal_flag_reads_money_with_a_mark_that_reads_both_ways(scored: Any, write: Any) -> None:
    path = write(HEAD + '2026-12-06,@anna,500,25,"1.234 €",500\n2026-12-07,@ben,800,10,"2.500 €",900\n')
    report, _ = scored(path, "--decimal-comma")
    assert _kpis(report)["revenue"] == 1234 + 2500 == 3734
    report, _ = scored(path, "--decimal-point")
    assert _kpis(report)["revenue"] == pytest.approx(1.234 + 2.5)  # = 3.734


def test_money_with_a_multiplier_after_its_point_is_read(scored: Any, write: Any) -> None:
    # Verify E V-1: `$1.234K` can only be 1.234 thousand (the K makes the point a decimal
    # mark); the E-1 check refused it as "1.234 or 1234". 1,234 + 2,500 = 3,734.
    path = write(HEAD + '2026-12-06,@anna,500,25,"$1.234K",500\n2026-12-07,@ben,800,10,"$2.500K",900\n')
    report, _ = scored(path)
    assert _kpis(report)["revenue"] == 1234 + 2500 == 3734


# --------------------------------------------------------------------------- E-2


def test_full_width_and_arabic_indic_digits_are_read(scored: Any, write: Any) -> None:
    # Impressions １２３ (full width, as an IME types them) + 1000 = 1,123; clicks ١٠ + 10 = 20
    # (Arabic-Indic); revenue ١٢٫٥ (Arabic decimal sign) + ５０．２５ (full-width point) = 62.75.
    # kpi blamed the decimal mark ("written with the other decimal mark than the rest of the file").
    path = write(HEAD + "2026-12-06,@a,１２３,١٠,١٢٫٥,500\n2026-12-07,@b,1000,10,５０．２５,500\n")
    report, _ = scored(path)
    kpis = _kpis(report)
    assert kpis["impressions"] == 123 + 1000 == 1123
    assert kpis["clicks"] == 10 + 10 == 20
    assert kpis["revenue"] == pytest.approx(12.5 + 50.25)  # = 62.75


def test_foreign_digits_become_ascii() -> None:
    assert ascii_digits("１，２３４") == "1,234"
    assert ascii_digits("١٬٢٣٤٫٥", ".") == "1,234.5"  # Arabic thousands and decimal signs
    assert ascii_digits("١٬٢٣٤٫٥", ",") == "1.234,5"  # as the file writes its marks
    assert ascii_digits("१२३") == "123"  # Devanagari
    assert parse_number("１２３") == 123


# --------------------------------------------------------------------------- E-3


@pytest.mark.parametrize(
    "cell",
    [
        "1200 1500",  # two figures typed in one tracker cell: kpi read 12,001,500
        "12 34",  # kpi read 1,234
        "12\t500",  # a tab groups nothing: kpi read 12,500
        "1\u00a023",  # kpi read 123
        "1'23'456",  # kpi read 123,456
        "12'5",  # kpi read 125
        "1,000 1,500",  # refused before too, now with the reason
    ],
)
def test_a_space_or_apostrophe_that_groups_no_thousands_is_an_error(write: Any, cell: str) -> None:
    path = write(HEAD + f'2026-12-06,@a,"{cell}",10,100,100\n2026-12-07,@b,1000,20,200,200\n')
    error = _refused(path)
    assert f"row 2, column 'Impressions': value {cell!r} has a space or an apostrophe between digits" in error
    assert "does not group thousands" in error


def test_spaces_and_apostrophes_that_group_thousands_are_read(scored: Any, write: Any) -> None:
    # 1 234 567 + 12'500 + 1 000 (no-break space) = 1,248,067 impressions; revenue
    # 1'234.50 + 1 000.25 (narrow no-break) = 2,234.75; spend ` 100 ` + `$ 200` = 300.
    n, nn = "\u00a0", "\u202f"
    path = write(
        HEAD
        + "2026-12-06,@a,1 234 567,10,1'234.50, 100 \n"
        + f"2026-12-07,@b,12'500,20,1{nn}000.25,$ 200\n"
        + f"2026-12-08,@c,1{n}000,5,0,0\n"
    )
    report, _ = scored(path)
    kpis = _kpis(report)
    assert kpis["impressions"] == 1_234_567 + 12_500 + 1_000 == 1_248_067
    assert kpis["revenue"] == pytest.approx(1234.50 + 1000.25)  # = 2,234.75
    assert kpis["total_spend"] == 100 + 200 + 0 == 300


def test_a_bad_gap_is_refused_in_a_column_of_plain_cells_too() -> None:
    # The fast path (digits, separators, spaces) and the general one agree.
    for cell in ("1200 1500", "12 34", "1 2345", "1.234 567"):
        with pytest.raises(ValueError):
            parse_number(cell, ",")
    assert parse_number("1 234 567,5", ",") == 1_234_567.5


# --------------------------------------------------------------------------- E-4


@pytest.mark.parametrize(
    ("first", "second", "sep", "total", "currency"),
    [
        # 1,234.56 + 99.50 = 1,334.06 in each
        ("kr. 1.234,56", "99,50 kr.", ";", 1334.06, "DKK"),  # Danish: the mark has its dot
        ("1.234,56 TL", "TL 99,50", ";", 1334.06, "TRY"),  # Turkish Windows before ₺
        ("1 234,56 ₽", "99,50 ₽", ";", 1334.06, "RUB"),
        ("1 234,56 руб.", "99,50 р.", ";", 1334.06, "RUB"),
        ("R 1 234,56", "-R 99,50", ";", 1135.06, "ZAR"),  # 1,234.56 − 99.50 = 1,135.06
        ("₱1,234.56", "₱99.50", ",", 1334.06, "PHP"),
        ("1 234 Ft", "100 Ft", ";", 1334, "HUF"),  # 1,234 + 100
        # 1,234,567 + 99,000 = 1,333,567
        ("Rp 1.234.567", "Rp. 99.000", ";", 1333567, "IDR"),
        ("1.234.567 ₫", "99.000 ₫", ";", 1333567, "VND"),
    ],
)
def test_currency_marks_of_other_locales_are_read(
    scored: Any, write: Any, first: str, second: str, sep: str, total: float, currency: str
) -> None:
    head = HEAD.replace(",", sep)
    path = write(head + f'2026-12-06{sep}@a{sep}500{sep}10{sep}"{first}"{sep}100\n'
                 f'2026-12-07{sep}@b{sep}800{sep}20{sep}"{second}"{sep}200\n')  # fmt: skip
    report, _ = scored(path)
    assert _kpis(report)["revenue"] == pytest.approx(total)
    assert report["currency"] == currency


def test_full_width_yen_is_read(scored: Any, write: Any) -> None:
    # ￥1,234 + ￥99 = 1,333 (Japanese Excel's full-width yen)
    path = write(HEAD + '2026-12-06,@a,500,10,"￥1,234",100\n2026-12-07,@b,800,20,￥99,200\n')
    report, _ = scored(path)
    assert _kpis(report)["revenue"] == 1234 + 99 == 1333
    assert report["currency"] == "JPY"


def test_lakh_and_crore_are_read_exactly(scored: Any, write: Any) -> None:
    # ₹1.5 lakh = 1.5 × 100,000 = 150,000; ₹2 crore = 2 × 10,000,000 = 20,000,000;
    # 3 lacs = 300,000: revenue 20,450,000.
    path = write(
        HEAD + '2026-12-06,@a,500,10,"₹1.5 lakh",100\n2026-12-07,@b,800,20,"₹2 crore",200\n'
        '2026-12-08,@c,800,20,"₹3 lacs",200\n'
    )
    report, _ = scored(path)
    assert _kpis(report)["revenue"] == 150_000 + 20_000_000 + 300_000 == 20_450_000
    assert report["currency"] == "INR"


@pytest.mark.parametrize(("cell", "word"), [("₹1.2 Cr", "crore"), ("₹12 L", "lakh"), ("500.00 Cr", "crore")])
def test_short_lakh_and_crore_are_refused_naming_the_word(write: Any, cell: str, word: str) -> None:
    # `Cr` is also a ledger's credit, `L` a litre: kpi does not guess.
    path = write(HEAD + f'2026-12-06,@a,500,10,"{cell}",100\n')
    error = _refused(path)
    assert f"row 2, column 'Revenue': value {cell!r} has {cell.split()[-1]!r} beside the number" in error
    assert f"write the word ({word})" in error


def test_a_lone_r_is_a_rand_only_before_the_number() -> None:
    assert parse_number("R1,234.56", ".") == pytest.approx(1234.56)
    for cell in ("1,234.56 R", "1R234"):
        with pytest.raises(ValueError):
            parse_number(cell, ".")


def test_an_unknown_currency_mark_is_named(write: Any) -> None:
    path = write(HEAD.replace(",", ";") + '06.12.2026;@a;500;10;"1.234,56 ₾";100\n')
    error = _refused(path)
    assert "value '1.234,56 ₾' has '₾' beside the number, which kpi does not read as a currency" in error


# --------------------------------------------------------------------------- E-5


@pytest.mark.parametrize(
    "error",
    ["#¡VALOR!", "#¡DIV/0!", "#N/D", "#VALORE!", "#WAARDE!", "#I/T", "#ЗНАЧ!", "#SPILL!", "#CALC!",
     "#GETTING_DATA", "#ERROR!", "Err:502", "#ÜBERLAUF!", "#N/B"],
)  # fmt: skip
def test_formula_errors_of_other_languages_and_spreadsheets_are_missing(
    scored: Any, write: Any, error: str
) -> None:
    # Clicks: the error on row 2 is unknown, 20 on row 3: 20 clicks, missing in 1 of 2 rows;
    # CTR on the paired row only: 20 / 2,000 = 1.00 %.
    path = write(HEAD + f"2026-12-06,@a,1000,{error},100,50\n2026-12-07,@b,2000,20,200,60\n")
    report, _ = scored(path)
    clicks = report["total"]["kpis"]["clicks"]
    assert clicks["value"] == 20
    assert clicks["missing"] == {"clicks": 1}
    assert report["total"]["kpis"]["ctr"]["value"] == pytest.approx(20 / 2000 * 100)  # 1.00 %


def test_every_formula_error_is_a_missing_token_in_lower_case() -> None:
    assert all(token == token.lower() for token in MISSING_TOKENS)
    assert {"#n/d", "#¡valor!", "#знач!", "#spill!", "#error!", "err:502"} <= set(MISSING_TOKENS)


def test_another_formula_error_is_named_as_one(write: Any) -> None:
    path = write(HEAD + "2026-12-06,@a,1000,#FOO!,100,50\n")
    error = _refused(path)
    assert "value '#FOO!' is a spreadsheet's formula error, not a figure: fix the formula" in error


# --------------------------------------------------------------------------- E-7


def test_kr_is_said_to_stand_for_several_currencies(scored: Any, write: Any) -> None:
    # Norwegian style: kr 1 234,56 + kr −99,50 = 1,135.06; kpi labelled it SEK without a word.
    path = write(
        "Date;Influencer;Impressions;Clicks;Revenue;Spend\n"
        '06.12.2026;@a;500;10;"kr 1 234,56";100\n07.12.2026;@b;800;20;"kr −99,50";200\n'
    )
    report, stderr = scored(path, "-q")  # a warning: said even under -q
    assert _kpis(report)["revenue"] == pytest.approx(1234.56 - 99.50)  # = 1,135.06
    assert report["currency"] == "SEK"
    assert "'kr' is written for SEK, NOK, DKK and ISK alike: its money is shown as SEK" in stderr
    assert "give --currency NOK, DKK or ISK if it is not in SEK" in stderr
    report, stderr = scored(path, "--currency", "NOK")  # said: NOK, and no word of SEK
    assert report["currency"] == "NOK"
    assert "SEK" not in stderr


def test_kr_beside_a_currency_code_is_that_currency(scored: Any, write: Any) -> None:
    path = write(
        "Date;Influencer;Impressions;Clicks;Revenue;Spend;Currency\n"
        '06.12.2026;@a;500;10;"kr 1 234,56";100;NOK\n07.12.2026;@b;800;20;"kr 99,50";200;NOK\n'
    )
    report, stderr = scored(path)
    assert report["currency"] == "NOK"
    assert "alike" not in stderr


def test_a_goal_in_a_mark_several_currencies_write_names_none() -> None:
    # A goal of `< kr 50` or `< ¥500` CPM fits a file in any of those currencies.
    from kpi_cli import goals

    assert goals._mark("¥", True) == ("money", None)
    assert goals._mark("kr.", True) == ("money", None)
    assert goals._mark("€", True) == ("money", "EUR")


def test_rupees_written_rs_are_read_and_said_to_be_shared(scored: Any, write: Any) -> None:
    # Verify E V-4: `Rs. 1,23,456.50` (Indian grouping) and `Rs 1000` were "not a number".
    # Spend 123,456.50 + 1,000 = 124,456.50, shown as INR with a note: Pakistan, Sri Lanka
    # and Nepal write Rs too.
    path = write(HEAD + '2026-12-06,@anna,500,25,0,"Rs. 1,23,456.50"\n2026-12-07,@ben,800,10,0,Rs 1000\n')
    report, err = scored(path)
    assert _kpis(report)["total_spend"] == 123456.50 + 1000 == 124456.5
    assert report["currency"] == "INR"
    assert "give --currency PKR, LKR or NPR if it is not in INR" in " ".join(err.split())


def test_the_mark_a_note_quotes_does_not_depend_on_the_hash_seed(write: Any) -> None:
    # `Rs.` and `Rs` in one column: the note quoted whichever a set gave first, `Rs.` with
    # one PYTHONHASHSEED and `Rs` with another (sweep of audit F's 7b_rs_pk.csv). Sorted: `Rs`.
    import subprocess
    import sys

    path = write("Creator,Impressions,Likes,Fee\n@ali,100000,4000,Rs. 50000\n@sana,80000,3000,Rs 40000\n")
    said = set()
    for seed in ("0", "1", "3", "7"):  # (on one interpreter: 'Rs.', 'Rs', 'Rs', 'Rs.' before)
        done = subprocess.run(
            [sys.executable, "-m", "kpi_cli", "score", str(path), "-f", "json"],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True,
        )  # fmt: skip
        said.add(next(line for line in done.stderr.splitlines() if "written for INR" in line))
    assert len(said) == 1 and "'Rs' is written for INR" in said.pop()


def test_kr_and_kr_dot_in_one_file_are_the_krone_both_may_be(scored: Any, write: Any) -> None:
    # Verify E V-3: `1.234,56 kr.` beside `99,50 kr` was "two currencies" (SEK and DKK); both
    # marks are written for DKK: spend 1,234.56 + 99.50 = 1,334.06 DKK, said as a guess.
    path = write(HEAD + '2026-12-06,@anna,500,25,0,"1.234,56 kr."\n2026-12-07,@ben,800,10,0,"99,50 kr"\n')
    report, err = scored(path)
    assert report["currency"] == "DKK"
    assert _kpis(report)["total_spend"] == pytest.approx(1234.56 + 99.50)
    assert "give --currency ISK if it is not in DKK" in " ".join(err.split())
