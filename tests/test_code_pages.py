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


# ------------------------------------------------------------------------- the code page decided on evidence
# Audit s #6 and #7: one ambiguous byte switched a file (a UK file's `£k` read as `Łk`), and
# Czech's own letters (ř F8, č E8, ě EC, ů F9 are ø è ì ù in Windows-1252) never did.


@pytest.mark.parametrize(
    ("language", "rows"),
    [
        ("French", "Amélie Bèrenger;Crème brûlée;Cœur de Printemps\nHélène Noël;Où est Zoë;Thérèse Façade\n"),
        ("Spanish", "Iñigo Núñez;Piscinas 50m³;¿Qué tal?\nLucía Peña;Campaña 1º;Ángel Muñoz\n"),
        ("German", "Jürgen Müller;Größe;Übersicht\nÄnne Schön;Straße;Öl\n"),
        ("Nordic", "Søren Kjærgaard;Bjørn Håkonsen;København\nÅse Møller;Jørgen Ærø;Kæmpe\n"),
        ("UK", "Amélie Laurent;£500;Budget £k\nJosé Muñoz;£1.5m;Spend (£)\n"),
        ("Italian", "Niccolò Città;così;però\nLunedì Più;Perché;Caffè\n"),
        ("Portuguese", "João Gonçalves;São Paulo;você\nConceição;Mercês;Atenção\n"),
    ],
)
def test_western_files_stay_windows_1252(scored: Any, write: Any, language: str, rows: str) -> None:
    """Every word here reads as letters in Windows-1250 too (`Muńoz`, `Sřren`, `Łk`) or ties
    (`Hélčne`): no word is more plausible read as 1250, so the file stays 1252 and its
    names come back as written: 2 creators, 1,000 + 2,000 = 3,000 impressions."""
    lines = rows.splitlines()
    text = "Influencer;Campaign;Notes;Impressions\n" + "".join(
        f"{line};{n}\n" for line, n in zip(lines, (1000, 2000), strict=True)
    )
    path = write(text, encoding="cp1252")
    doc, err = scored(path, "--by", "influencer")
    assert "Windows-1252" in err, language
    assert [g["label"] for g in doc["groups"]] == sorted(line.split(";")[0] for line in lines)
    assert doc["total"]["kpis"]["impressions"]["value"] == 1000 + 2000


def test_a_uk_file_with_pounds_keeps_its_spend_and_its_names(scored: Any, write: Any) -> None:
    """`Spend (£)` and `Budget (£k)` in Windows-1252 (audit s #6): read as 1250 the headers
    were `Spend (Ł)`, `Budget (Łk)`, no spend, and `José Muńoz` split from the UTF-8 week's
    `José Muñoz`. Spend 500 + 700 + 600 = 1,800 and 250 + 100 = 350: $2,150; 3 creators."""
    week1 = write(
        "Creator,Impressions,Likes,Comments,Spend (£),Budget (£k)\n"
        "Amélie Laurent,20000,800,40,£500,1.5\nJosé Muñoz,30000,900,60,£700,2\n"
        "Chloé Bérénice,25000,700,30,£600,2\n",
        name="week1.csv",
        encoding="cp1252",
    )
    week2 = write(
        "Creator,Impressions,Likes,Comments,Spend (£)\nJosé Muñoz,10000,400,20,£250\n"
        "Chloé Bérénice,5000,100,10,£100\n",
        name="week2.csv",
    )
    doc, err = scored(week1, week2, "--by", "influencer")
    assert "week1.csv: Windows-1252" in err
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(1800 + 350)
    assert doc["total"]["kpis"]["activated_influencers"]["value"] == 3
    munoz = {g["label"]: g for g in doc["groups"]}["José Muñoz"]
    assert munoz["kpis"]["impressions"]["value"] == 30000 + 10000


def test_a_czech_file_is_read_as_windows_1250(scored: Any, write: Any) -> None:
    """Czech names in Windows-1250 (audit s #7), read as 1252 `Petr Dvoøák`, `Jiøí Èerný`,
    `Tereza Nováèková` (no language has both ø and á, or è and á): now Dvořák, and one creator
    with the UTF-8 week's. 3 creators (not 5); Dvořák 20,000 + 10,000 = 30,000 impressions
    and $500 + $250 = $750; Černý 25,000 + 5,000 = 30,000 and $600 + $100 = $700."""
    week1 = write(
        "Creator,Impressions,Likes,Comments,Spend\nPetr Dvořák,20000,800,40,500\n"
        "Tereza Nováčková,30000,900,60,700\nJiří Černý,25000,700,30,600\n",
        name="week1.csv",
        encoding="cp1250",
    )
    week2 = write(
        "Creator,Impressions,Likes,Comments,Spend\n"
        "Petr Dvořák,10000,400,20,250\nJiří Černý,5000,100,10,100\n",
        name="week2.csv",
    )
    doc, err = scored(week1, week2, "--by", "influencer")
    assert "week1.csv: Windows-1250" in err
    assert doc["total"]["kpis"]["activated_influencers"]["value"] == 3
    groups = {g["label"]: g["kpis"] for g in doc["groups"]}
    assert sorted(groups) == ["Jiří Černý", "Petr Dvořák", "Tereza Nováčková"]
    assert groups["Petr Dvořák"]["impressions"]["value"] == 20000 + 10000
    assert groups["Petr Dvořák"]["total_spend"]["value"] == pytest.approx(500 + 250)
    assert groups["Jiří Černý"]["impressions"]["value"] == 25000 + 5000
    assert groups["Jiří Černý"]["total_spend"]["value"] == pytest.approx(600 + 100)


@pytest.mark.parametrize(
    "names",
    [
        ("Věra Růžičková", "Ondřej Kuběna"),  # Czech: ě ů ř (EC F9 F8)
        ("Paweł Wiśniewski", "Łucja Kołodziej"),  # Polish: ł ś Ł
        ("Agnieszka Wąs", "Grzegorz Żółć"),  # Polish: ą Ż ó ł ć
    ],
)
def test_polish_and_czech_files_go_windows_1250(scored: Any, write: Any, names: tuple[str, str]) -> None:
    """Central European names decided by their letters, not one trigger byte: the names come
    back as written, 1,000 + 2,000 = 3,000 impressions."""
    path = write(f"Influencer,Impressions\n{names[0]},1000\n{names[1]},2000\n", encoding="cp1250")
    doc, err = scored(path, "--by", "influencer")
    assert "Windows-1250" in err
    assert {g["label"] for g in doc["groups"]} == set(names)
    assert doc["total"]["kpis"]["impressions"]["value"] == 1000 + 2000


@pytest.mark.parametrize(("mark", "code"), [("zł", "PLN"), ("Kč", "CZK")])
def test_a_money_mark_after_a_no_break_space_tells_windows_1250(
    scored: Any, write: Any, mark: str, code: str
) -> None:
    """Excel writes `1 234,56 Kč` with no-break spaces (A0); the mark after one is a word of
    its own (audit t2, R7: `56 Kč` was one word, the file read as Windows-1252 and refused).
    Spend 1,234.56 + 500.00 = 1,734.56; the names are ASCII, the mark the only evidence."""
    path = write(
        "Date;Influencer;Impressions;Clicks;Spend\n"
        f"03.03.2025;@lucja;12\xa0500;250;1\xa0234,56\xa0{mark}\n"
        f"05.03.2025;@michal;8\xa0000;100;500,00\xa0{mark}\n",
        encoding="cp1250",
    )
    doc, err = scored(path)
    assert "Windows-1250" in err
    assert doc["currency"] == code
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(1234.56 + 500.00)


# ------------------------------------------------------------------------- Excel for Mac: Mac Roman
# Audit E-6: Excel for Mac saves "CSV" in Mac Roman with a CR ending each line. Read as
# Windows-1252 `Dépenses` was `DŽpenses` (no spend), `Zoë` `Zo‘`, and `12 500` (CA, Mac's
# no-break space) `12Ê500`, refused as "not a number".


def _mac(text: str) -> str:
    return text.replace("\n", "\r")  # Excel for Mac ends lines with a CR alone


def test_a_french_mac_roman_file_is_read(scored: Any, write: Any) -> None:
    path = write(
        _mac(
            "Date;Influenceur;Impressions;Clics;Commandes;Chiffre d'affaires;Dépenses\n"
            "06/12/2026;Zoë;12\xa0500;250;5;1\xa0234,56\xa0€;500,00\xa0€\n"
            "07/12/2026;Noël;8\xa0000;100;2;99,90\xa0€;1\xa0000,00\xa0€\n"
        ),
        encoding="mac_roman",
    )
    doc, err = scored(path, "--by", "influencer")
    assert "Mac Roman" in err
    kpis = doc["total"]["kpis"]
    assert kpis["total_spend"]["value"] == pytest.approx(500.00 + 1000.00)  # 1,500 (was null)
    assert kpis["impressions"]["value"] == 12_500 + 8_000  # 20,500
    assert kpis["revenue"]["value"] == pytest.approx(1234.56 + 99.90)  # 1,334.46
    assert doc["currency"] == "EUR"
    assert sorted(g["label"] for g in doc["groups"]) == ["Noël", "Zoë"]


def test_a_spanish_mac_roman_file_is_read(scored: Any, write: Any) -> None:
    """`Inversión` (ó 97) and `Begoña` (ñ 96) were `Inversi—n` and `Bego–a`."""
    path = write(
        _mac(
            "Fecha;Influencer;Impresiones;Clics;Pedidos;Ingresos;Inversión\n"
            "06/12/2026;Begoña;12500;250;5;1234,56;500,00\n"
            "13/12/2026;Iñaki;8000;100;2;99,90;1000,00\n"
        ),
        encoding="mac_roman",
    )
    doc, _ = scored(path, "--by", "influencer")
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(500 + 1000)  # 1,500
    assert sorted(g["label"] for g in doc["groups"]) == ["Begoña", "Iñaki"]


def test_mac_roman_names_are_one_creator_with_the_utf8_weeks(scored: Any, write: Any) -> None:
    """`Zoë Müller`, `Café Noël` from Excel for Mac were `Zo‘ Mźller`, `CafŽ No‘l` (read as
    Windows-1250): two creators more than there are. 2 creators; Zoë 12,500 + 950 + 1,000."""
    mac = write(
        _mac(
            "Date,Influencer,Impressions,Clicks,Spend\n"
            '12/6/2026,Zoë Müller,"12,500",250,$500.00\n'
            '12/7/2026,Café Noël,"8,000",100,"$1,000.00"\n'
            "12/8/2026,Zoë Müller,950,10,$250.25\n"
        ),
        name="mac.csv",
        encoding="mac_roman",
    )
    utf8 = write(
        "Date,Influencer,Impressions,Clicks,Spend\n12/9/2026,Zoë Müller,1000,20,$100.00\n", name="utf8.csv"
    )
    doc, err = scored(mac, utf8, "--by", "influencer")
    assert "mac.csv: Mac Roman" in err
    groups = {g["label"]: g["kpis"] for g in doc["groups"]}
    assert sorted(groups) == ["Café Noël", "Zoë Müller"]
    assert groups["Zoë Müller"]["impressions"]["value"] == 12_500 + 950 + 1_000
    assert groups["Zoë Müller"]["total_spend"]["value"] == pytest.approx(500.00 + 250.25 + 100.00)


def test_windows_1252_signs_stay_windows_1252(scored: Any, write: Any) -> None:
    """Curly apostrophes, quotes, dashes and ™ of a Windows file read as letters in Mac Roman
    (`Nikeís`, `ìSummerî`, `JanñMar`, `Glowô`): they are the words' own signs, so the file
    stays Windows-1252, its CRLF lines or not."""
    path = write(
        "Campaign,Influencer,Impressions\r\nNike’s “Summer”,Amélie,1000\r\nJan–Mar Glow™,Nº1 Señor,2000\r\n",
        encoding="cp1252",
    )
    doc, err = scored(path, "--by", "campaign")
    assert "Windows-1252" in err
    assert sorted(g["label"] for g in doc["groups"]) == ["Jan–Mar Glow™", "Nike’s “Summer”"]


def test_japanese_shift_jis_is_named(write: Any) -> None:
    """Japanese Excel's CSV is Shift-JIS; kpi called it "UTF-8 text with a byte that is not
    UTF-8" (its double bytes looked like UTF-8's). It is named now, with the fix."""
    from kpi_cli.cli import app

    path = write(
        "Date,Influencer,Impressions,Clicks,Spend\r\n2026/12/06,さくら,12500,250,500\r\n"
        "2026/12/07,ゆい,8000,100,1000\r\n",
        encoding="cp932",
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2
    assert "Shift-JIS" in result.stderr
    assert "save the export as CSV UTF-8" in result.stderr
    assert "Traceback" not in result.output
