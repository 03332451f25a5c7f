"""Property: one export written the way each locale's spreadsheet writes it scores the same.

A tracker's rows are rendered in eight locales (delimiter, thousands separator, decimal
mark, money symbol and its place, date order, header language, file encoding) and
scored with no flags; every figure must equal the plain rendering's, to the cent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kpi_cli.score import score_files

NBSP, NNBSP = "\u00a0", "\u202f"


@dataclass(frozen=True)
class Locale:
    name: str
    delimiter: str
    thousands: str
    decimal: str
    money: str  # a format with {} for the amount
    date: str  # strftime
    headers: tuple[str, ...]  # date, creator, impressions, clicks, likes, spend, revenue
    encoding: str = "utf-8"
    bom: bytes = b""
    currency: str | None = None


LOCALES = (
    Locale("plain", ",", "", ".", "{}", "%Y-%m-%d",
           ("date", "influencer", "impressions", "clicks", "likes", "spend", "revenue")),
    Locale("en-US", ",", ",", ".", "${}", "%m/%d/%Y",
           ("Date", "Creator", "Impressions", "Clicks", "Likes", "Spend", "Revenue"), currency="USD"),
    Locale("en-GB", ",", ",", ".", "£{}", "%d/%m/%Y",
           ("Date", "Creator", "Impressions", "Clicks", "Likes", "Spend", "Revenue"), currency="GBP"),
    Locale("de-DE", ";", ".", ",", "{} €", "%d.%m.%Y",
           ("Datum", "Influencer", "Impressionen", "Klicks", "Likes", "Kosten", "Umsatz"),
           encoding="cp1252", currency="EUR"),
    Locale("fr-FR", ";", NNBSP, ",", "{}" + NBSP + "€", "%d/%m/%Y",
           ("Date", "Influenceur", "Impressions", "Clics", "J'aime", "Coût", "Chiffre d'affaires"),
           bom=b"\xef\xbb\xbf", currency="EUR"),
    Locale("es-ES", ";", ".", ",", "{} €", "%d/%m/%Y",
           ("Fecha", "Influencer", "Impresiones", "Clics", "Me gusta", "Coste", "Ingresos"),
           currency="EUR"),
    Locale("pt-BR", ";", ".", ",", "R$ {}", "%d/%m/%Y",
           ("Data", "Influenciador", "Impressões", "Cliques", "Curtidas", "Custo", "Receita"),
           currency="BRL"),
    Locale("it-IT", ";", ".", ",", "{} €", "%d/%m/%Y",
           ("Data", "Influencer", "Impression", "Clic", "Mi piace", "Costo", "Fatturato"),
           currency="EUR"),
    Locale("de-CH", ";", "'", ".", "CHF {}", "%d.%m.%Y",
           ("Datum", "Influencer", "Impressionen", "Klicks", "Likes", "Honorar", "Umsatz"),
           encoding="cp1252", currency="CHF"),
)  # fmt: skip


def number(value: int, loc: Locale) -> str:
    text = f"{value:,}"
    return text.replace(",", loc.thousands)


def amount(cents: int, loc: Locale) -> str:
    whole, part = divmod(cents, 100)
    return loc.money.format(f"{number(whole, loc)}{loc.decimal}{part:02d}")


def cell(text: str, loc: Locale) -> str:
    return f'"{text}"' if loc.delimiter in text else text


def render(rows: list[tuple[dt.date, str, int, int, int, int, int]], loc: Locale) -> bytes:
    lines = [loc.delimiter.join(loc.headers)]
    for day, creator, impressions, clicks, likes, spend, revenue in rows:
        cells = [day.strftime(loc.date), creator, number(impressions, loc), number(clicks, loc),
                 number(likes, loc), amount(spend, loc), amount(revenue, loc)]  # fmt: skip
        lines.append(loc.delimiter.join(cell(c, loc) for c in cells))
    return loc.bom + ("\r\n".join(lines) + "\r\n").encode(loc.encoding)


ROW = st.tuples(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)),
    st.sampled_from(["@ana", "@ben.k", "Jörg Müller", "@zoé_fit"]),
    st.integers(min_value=0, max_value=50_000_000),
    st.integers(min_value=0, max_value=2_000_000),
    st.integers(min_value=0, max_value=3_000_000),
    st.integers(min_value=0, max_value=10**9),  # cents
    st.integers(min_value=0, max_value=10**9),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_every_locale_scores_the_same(
    tmp_path: Path, rows: list[tuple[dt.date, str, int, int, int, int, int]]
) -> None:
    figures = {}
    for loc in LOCALES:
        path = tmp_path / f"{loc.name}.csv"
        path.write_bytes(render(rows, loc))
        report = score_files([str(path)])
        figures[loc.name] = report
        assert report.rows == len(rows), loc.name
        assert report.currency == loc.currency, loc.name
        kpis = {k: report.total.kpi(k).value for k in ("impressions", "clicks", "total_spend", "revenue")}
        assert kpis["impressions"] == sum(r[2] for r in rows), loc.name
        assert kpis["clicks"] == sum(r[3] for r in rows), loc.name
        assert kpis["total_spend"] == pytest.approx(sum(r[5] for r in rows) / 100, abs=0.005), loc.name
        assert kpis["revenue"] == pytest.approx(sum(r[6] for r in rows) / 100, abs=0.005), loc.name
        assert (report.date_start, report.date_end) == (
            min(r[0] for r in rows).isoformat(),
            max(r[0] for r in rows).isoformat(),
        ), loc.name
    plain = figures["plain"]
    for name, report in figures.items():
        for ours, theirs in zip(plain.total.kpis, report.total.kpis, strict=True):
            if ours.value is None or theirs.value is None:
                assert (ours.value, ours.reason) == (theirs.value, theirs.reason), (name, ours.id)
            else:
                assert ours.value == pytest.approx(theirs.value, rel=1e-12, abs=1e-9), (name, ours.id)


_DATE_CELL = st.one_of(
    st.text(alphabet="0123456789/.-: T", max_size=12),
    st.builds(
        lambda m, d, y, sep: f"{m}{sep}{d}{sep}{y}",
        st.integers(0, 13), st.integers(0, 32), st.sampled_from([25, 2025, 1999, 2101, 999, 20250]),
        st.sampled_from(["/", ".", "-"]),
    ),
    st.builds(
        lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
        st.integers(1989, 2101), st.integers(0, 13), st.integers(0, 32),
    ),
    st.sampled_from(["", "n/a", "-", "3/14/2025 08:30", "14.03.2025.", "2025-03-14T08:30:00", "1//2025"]),
)  # fmt: skip


def _outcome(parsed: Any) -> tuple[Any, ...]:
    """What a date parse says besides its values: the first bad cell, why, two-digit years."""
    return (parsed.bad_index, parsed.bad_value, parsed.problem, parsed.two_digit_years)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@example(["3/14/2025", "1/2/999"], "mdy", "/")  # a three-digit year: no date of the shape
@example(["14.03.2025", None, "n/a", "1.2.25"], "dmy", ".")
@example(["2025-03-14", "2025-3-4", "25-03-14"], "ymd", "-")
@given(
    st.lists(st.one_of(st.none(), _DATE_CELL), min_size=1, max_size=10),
    st.sampled_from(["mdy", "dmy", "ymd"]),
    st.sampled_from(["/", ".", "-"]),
)
def test_dates_split_without_a_regex_parse_as_the_regex_does(
    cells: list[str | None], order: str, sep: str
) -> None:
    # Columns of plain digit runs skip the regex (dates._split_digits); any column must
    # parse to the same values, and the same first bad cell, either way.
    import pyarrow as pa

    from kpi_cli.read import dates as dt

    style = dt.DateStyle(order, sep)
    arr = pa.array(cells, pa.string())
    fast = dt.parse(arr, style)
    original = dt._split_digits
    try:
        dt._split_digits = lambda *args: None  # type: ignore[assignment]
        slow = dt.parse(arr, style)
    finally:
        dt._split_digits = original  # type: ignore[assignment]
    assert _outcome(fast) == _outcome(slow)
    if fast.bad_index is None:
        assert fast.values.tolist() == slow.values.tolist()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@example(["3/14/25", "3/14/25", None, "3/15/2025"], "mdy", "/")
@example(["3/14/2025", "13/14/2025", "3/14/2025"], "mdy", "/")  # a bad cell: its row, not its code's
@given(
    st.lists(st.one_of(st.none(), _DATE_CELL), min_size=1, max_size=10),
    st.sampled_from(["mdy", "dmy", "ymd"]),
    st.sampled_from(["/", ".", "-"]),
)
def test_dictionary_encoded_dates_parse_as_plain_text_does(
    cells: list[str | None], order: str, sep: str
) -> None:
    # The CSV reader dictionary-encodes dates, and each distinct text is parsed once
    # (dates._parse_coded): the same values, two-digit years and first bad cell.
    import pyarrow as pa

    from kpi_cli.read import dates as dt

    style = dt.DateStyle(order, sep)
    plain = pa.array(cells, pa.string())
    coded = dt.parse(plain.dictionary_encode().slice(0), style)
    text = dt.parse(plain, style)
    assert _outcome(coded) == _outcome(text)
    assert coded.values.tolist() == text.values.tolist()
