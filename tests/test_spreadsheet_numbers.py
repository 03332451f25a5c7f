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

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.columns import MISSING_TOKENS

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
