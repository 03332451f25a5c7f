"""Central European Excel saves "CSV" in Windows-1250, as Western Excel saves Windows-1252
(audit l #2): read as Windows-1252, `@łucja` became `@³ucja`, one creator two, and
`1 234,56 zł` a value that is "not a number"."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

runner = CliRunner()


def test_a_polish_windows_1250_file_and_a_utf8_one_name_the_same_creators(scored: Any, write: Any) -> None:
    march = write(
        "Date;Influencer;Impressions;Clicks;Spend (PLN)\n"
        "03.03.2025;@łucja;12 500;250;1 234,56\n"
        "05.03.2025;@michał;8 000;100;500,00\n"
        "14.03.2025;@ania;20 000;400;2 000,00\n",
        name="march.csv",
        encoding="cp1250",
    )
    april = write(
        "Date;Influencer;Impressions;Clicks;Spend (PLN)\n"
        "03.04.2025;@łucja;12 500;250;1 234,56\n"
        "05.04.2025;@michał;8 000;100;500,00\n"
        "14.04.2025;@ania;20 000;400;2 000,00\n",
        name="april.csv",
    )
    doc, err = scored(march, april, "--by", "influencer")
    assert "march.csv: Windows-1250" in err
    # 3 creators, not 5 (`@³ucja` and `@micha³` beside `@łucja` and `@michał`).
    assert doc["total"]["kpis"]["activated_influencers"]["value"] == 3
    groups = {g["label"]: g for g in doc["groups"]}
    assert sorted(groups) == ["@ania", "@michał", "@łucja"]
    lucja = groups["@łucja"]
    assert lucja["rows"] == 2
    assert lucja["kpis"]["impressions"]["value"] == 12_500 * 2  # 25,000
    assert lucja["kpis"]["total_spend"]["value"] == pytest.approx(1_234.56 * 2)  # 2,469.12
    assert groups["@michał"]["kpis"]["impressions"]["value"] == 8_000 * 2  # 16,000


@pytest.mark.parametrize(("mark", "code"), [("zł", "PLN"), ("Kč", "CZK")])
def test_windows_1250_money_marks_are_read(scored: Any, write: Any, mark: str, code: str) -> None:
    # The only letters outside ASCII are the money mark's (a Czech file with `Kč` alone).
    path = write(
        "Date;Influencer;Impressions;Clicks;Spend\n"
        f"03.03.2025;@lucie;12 500;250;1 234,56 {mark}\n"
        f"05.03.2025;@michal;8 000;100;500,00 {mark}\n",
        encoding="cp1250",
    )
    doc, _ = scored(path)
    assert doc["currency"] == code
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(1_234.56 + 500.00)


def test_western_windows_1252_text_stays_windows_1252(scored: Any, write: Any) -> None:
    # `cœur` (œ 9C after a letter), `Œuvre` (Œ 8C opening a word), `¿Qué?` (¿ BF), `£`
    # (A3) before a figure: signs or letters of Windows-1252, none a word of Windows-1250's.
    path = write(
        "Campaign;Influencer;Impressions;Notes\n"
        "Cœur de Printemps;@amélie;1000;£12 bonus\n"
        "Œuvre;@josé;2000;¿Qué tal?\n",
        encoding="cp1252",
    )
    doc, err = scored(path, "--by", "campaign")
    assert "Windows-1252" in err
    assert [g["label"] for g in doc["groups"]] == ["Cœur de Printemps", "Œuvre"]


def test_a_windows_1250_name_far_down_is_read_as_windows_1250(scored: Any, write: Any) -> None:
    # ~400 KB of ASCII rows, past what sniffing reads, then `@michał` (ł as B3): the
    # restart reads the whole file as Windows-1250, not `@micha³`.
    rows = "".join(f"@creator_{i};{1000 + i};{i % 5}\n" for i in range(20000))
    path = write("Influencer;Impressions;Clicks\n" + rows + "@michał;500;5\n", encoding="cp1250")
    doc, _ = scored(path, "--by", "influencer")
    assert doc["reading"][0]["encoding"].startswith("Windows-1250")
    assert "@michał" in {g["label"] for g in doc["groups"]}
    assert doc["total"]["kpis"]["clicks"]["value"] == sum(i % 5 for i in range(20000)) + 5
