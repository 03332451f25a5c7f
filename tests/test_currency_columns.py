"""A column saying each row's currency, however a tracker writes it (audit W).

Ads managers name the column `Currency` (TikTok Ads Manager, Amazon Ads, X Ads) or `Currency
code` (Google Ads), with ISO codes in it (tests/fixtures/exports: tiktok_ads_en.csv,
google_ads_campaigns.csv). Hand-made trackers and payment sheets are freer: the column is
`Payment currency` or `Billing currency`, and its cells are codes or the symbols money is
written with (`€`, `$`). kpi read neither: the column was left unread (or its `€` taken for
no currency), euros and dollars were added up as dollars, and nothing was said.
"""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def _score(path: str, *args: str) -> Any:
    return runner.invoke(app, ["score", path, "-f", "json", *args])


def test_a_currency_column_of_symbols_with_two_currencies_is_refused(write: Any) -> None:
    """`€` on one row and `$` on the other: 100 euros and 200 dollars. Before, the column's
    symbols were no currency: spend 300, shown in dollars, exit 0."""
    path = write("Handle,Post ID,Impressions,Clicks,Fee,Currency\n@a,p1,1000,10,100,€\n@b,p2,3000,30,200,$\n")
    result = _score(path)
    assert result.exit_code == 2, result.output
    assert "money in two currencies, EUR (column 'Currency', row 2) and USD (column 'Currency', row 3)" in (
        result.stderr
    )
    assert "Traceback" not in result.output


def test_a_currency_column_of_one_symbol_is_the_currency(write: Any, scored: Any) -> None:
    """Every row `€`: the money is euros (spend 100 + 200 = 300 EUR, CPM 300 / 4,000 × 1000 =
    75 EUR with no verdict, as the shipped bands are in dollars)."""
    path = write("Handle,Post ID,Impressions,Clicks,Fee,Currency\n@a,p1,1000,10,100,€\n@b,p2,3000,30,200,€\n")
    report, _ = scored(path)
    assert report["currency"] == "EUR"
    kpis = report["total"]["kpis"]
    assert kpis["total_spend"]["value"] == 300
    assert kpis["cpm"]["value"] == 75
    assert kpis["cpm"]["verdict"] is None


def test_a_payment_currency_column_with_two_currencies_is_refused(write: Any) -> None:
    """`Payment currency` is no header the profiles name; its cells are ISO codes, EUR and
    USD. Before, it was ignored and 100 EUR + 200 USD made $300."""
    path = write(
        "Handle,Post ID,Impressions,Clicks,Fee,Revenue,Payment currency\n"
        "@a,p1,1000,10,100,300,EUR\n"
        "@b,p2,3000,30,200,500,USD\n"
    )
    result = _score(path)
    assert result.exit_code == 2, result.output
    assert (
        "money in two currencies, EUR (column 'Payment currency', row 2) and "
        "USD (column 'Payment currency', row 3)"
    ) in result.stderr


def test_a_billing_currency_column_of_one_code_is_the_currency(write: Any, scored: Any) -> None:
    """All rows GBP: the money is pounds (spend 300 GBP), said on stderr."""
    path = write(
        "Handle,Post ID,Impressions,Clicks,Fee,Billing currency\n"
        "@a,p1,1000,10,100,GBP\n@b,p2,3000,30,200,GBP\n"
    )
    report, stderr = scored(path)
    assert report["currency"] == "GBP"
    assert report["total"]["kpis"]["total_spend"]["value"] == 300
    assert "'Billing currency' read as the currency of each row's money" in stderr


def test_a_column_of_codes_under_another_header_is_not_a_currency(write: Any, scored: Any) -> None:
    """A `Notes` column is no currency column, whatever it holds: left unread as before."""
    path = write(
        "Handle,Post ID,Impressions,Clicks,Fee,Notes\n@a,p1,1000,10,100,EUR\n@b,p2,3000,30,200,USD\n"
    )
    report, stderr = scored(path)
    assert report["total"]["kpis"]["total_spend"]["value"] == 300
    assert "ignored Notes" in stderr


def test_currency_words_kpi_cannot_read_beside_another_are_refused(write: Any) -> None:
    """`Euro` and `US Dollar` are two currencies kpi has no code for: refused, not added up."""
    path = write(
        "Handle,Post ID,Impressions,Clicks,Fee,Currency\n"
        "@a,p1,1000,10,100,Euro\n@b,p2,3000,30,200,US Dollar\n"
    )
    result = _score(path)
    assert result.exit_code == 2, result.output
    assert "the currency column names 'US Dollar' (column 'Currency', row 3) and 'Euro'" in result.stderr
    assert "write ISO codes (EUR, USD)" in result.stderr


def test_one_currency_word_alone_is_left_as_it_was(write: Any, scored: Any) -> None:
    """Every row `Euro`: one currency, whatever it is; scored as before (spend 300), and
    --currency EUR says which."""
    path = write(
        "Handle,Post ID,Impressions,Clicks,Fee,Currency\n@a,p1,1000,10,100,Euro\n@b,p2,3000,30,200,Euro\n"
    )
    report, _ = scored(path)
    assert report["total"]["kpis"]["total_spend"]["value"] == 300
    report, _ = scored(path, "--currency", "EUR")
    assert report["currency"] == "EUR"


def test_a_currency_word_past_the_sniffed_rows_is_refused(write: Any) -> None:
    """USD on 3,000 rows, then `Euro` on the last: the rows past the first ones kpi looks at
    are checked as they are read."""
    rows = "".join(f"@c{i % 7},p{i},1000,10,100,USD\n" for i in range(3000))
    path = write("Handle,Post ID,Impressions,Clicks,Fee,Currency\n" + rows + "@z,p9999,1000,10,100,Euro\n")
    result = _score(path)
    assert result.exit_code == 2, result.output
    assert "the currency column names 'Euro'" in result.stderr
