"""Client retention from small client lists; every expected figure is worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_cli import retention
from kpi_cli.retention import ClientListError


def frame(rows: list[tuple[str | None, str | None]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["client", "period"], dtype="object")
    out.index = pd.RangeIndex(2, 2 + len(rows))
    return out


def kpis(pair: retention.Pair | list[retention.KpiValue]) -> dict[str, float | int | None]:
    found = pair.values if isinstance(pair, retention.Pair) else pair
    return {v.id: v.value for v in found}


def test_seed_example() -> None:
    # 50 clients at the start; 40 of them stay and 20 new ones sign, so 60 at the end.
    # (E − N) / S × 100 = (60 − 20) / 50 × 100 = 80 %.
    rows = [(f"c{i}", "2025-Q1") for i in range(50)]
    rows += [(f"c{i}", "2025-Q2") for i in range(40)] + [(f"n{i}", "2025-Q2") for i in range(20)]
    (pair,) = retention.pairs(retention.client_list(frame(rows)))
    assert kpis(pair) == {
        "clients_start": 50,
        "clients_end": 60,
        "clients_new": 20,
        "clients_lost": 10,
        "clients_retained": 40,
        "client_retention_rate": pytest.approx(80.0),
    }


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2025-Q1", "2025-Q1"),
        ("2025q1", "2025-Q1"),
        ("Q1 2025", "2025-Q1"),
        ("q1-2025", "2025-Q1"),
        ("2025-09", "2025-09"),
        ("2025-9", "2025-09"),
        ("Sep 2025", "2025-09"),
        ("September 2025", "2025-09"),
        ("9/2025", "2025-09"),
        ("2025-03-31", "2025-03-31"),
        ("2025", "2025"),
    ],
)
def test_period_spellings(text: str, label: str) -> None:
    assert retention.parse_period(text).label == label


@pytest.mark.parametrize(("text", "says"), [("2025-Q10", "Q10 is not a quarter"), ("2025-Q0", "Q0"),
                                            ("2025-13", "month 13"), ("2025-02-30", "not a real date"),
                                            ("spring", "not a period")])  # fmt: skip
def test_bad_periods(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        retention.parse_period(text)


def test_periods_order_as_calendar_not_as_text() -> None:
    # As text "2025-10" < "2025-9" and "2025-Q1" > "2024-Q4" only by luck; as periods:
    months = sorted(retention.parse_period(t) for t in ["2025-10", "2025-9", "2024-12"])
    assert [p.label for p in months] == ["2024-12", "2025-09", "2025-10"]
    quarters = sorted(retention.parse_period(t) for t in ["Q1 2025", "2024-Q4", "Q2 2024"])
    assert [p.label for p in quarters] == ["2024-Q2", "2024-Q4", "2025-Q1"]


def test_unordered_rows_duplicates_and_spellings() -> None:
    # Q4 2024: a, b, c, d (b listed twice, once as "B "); Q1 2025: a, b, e.
    # S = 4, E = 3, N = 1 (e), lost = 2 (c, d): (3 − 1) / 4 × 100 = 50 %.
    rows = [("a", "2025-Q1"), ("b", "Q4 2024"), ("a", "2024-Q4"), ("B ", "2024-Q4"), ("c", "2024-Q4"),
            ("e", "Q1 2025"), ("d", "2024-q4"), ("b", "2025-Q1"), ("a", "2025-Q1")]  # fmt: skip
    clients = retention.client_list(frame(rows))
    assert clients.duplicates == 2  # "B " in 2024-Q4 and the second "a" in 2025-Q1
    (pair,) = retention.pairs(clients)
    assert (pair.first.label, pair.second.label) == ("2024-Q4", "2025-Q1")
    assert kpis(pair)["clients_start"] == 4 and kpis(pair)["clients_new"] == 1
    assert kpis(pair)["clients_lost"] == 2
    assert kpis(pair)["client_retention_rate"] == pytest.approx(50.0)


def test_a_gap_is_compared_across_with_a_note() -> None:
    # Q1: a, b; Q3: a, c (no Q2 rows). S = 2, E = 2, N = 1: (2 − 1) / 2 × 100 = 50 %.
    rows = [("a", "2025-Q1"), ("b", "2025-Q1"), ("a", "2025-Q3"), ("c", "2025-Q3")]
    (pair,) = retention.pairs(retention.client_list(frame(rows)))
    assert pair.gap == ["2025-Q2"]
    rate = pair.values[-1]
    assert rate.value == pytest.approx(50.0)
    assert rate.notes == ["2025-Q2 has no rows; compares across the gap"]


def test_pooled_is_a_ratio_of_sums() -> None:
    # Q1 → Q2: S = 4, retained 2 (50 %); Q2 → Q3: S = 2, retained 2 (100 %).
    # Pooled: (2 + 2) / (4 + 2) × 100 = 66.7 %, not the 75 % mean of the two rates.
    rows = [(c, "2025-Q1") for c in "abcd"] + [(c, "2025-Q2") for c in "ab"] + [(c, "2025-Q3") for c in "ab"]
    pooled = kpis(retention.pooled(retention.pairs(retention.client_list(frame(rows)))))
    assert pooled["clients_start"] == 6 and pooled["clients_retained"] == 4
    assert pooled["client_retention_rate"] == pytest.approx(400 / 6)


def test_mixed_period_kinds_are_one_error() -> None:
    rows = [("a", "2025-Q1"), ("b", "2025-Q1"), ("a", "2025-04")]
    with pytest.raises(
        ClientListError, match=r"periods mix quarters \('2025-Q1', row 2\) and months \('2025-04', row 4\)"
    ):
        retention.client_list(frame(rows))


def test_bad_period_names_its_row() -> None:
    with pytest.raises(ClientListError, match=r"row 3, column period: '2025-Q5' Q5 is not a quarter"):
        retention.client_list(frame([("a", "2025-Q1"), ("b", "2025-Q5")]))


def test_one_period_and_blank_rows() -> None:
    with pytest.raises(ClientListError, match="only one period"):
        retention.client_list(frame([("a", "2025-Q1"), ("b", "2025-Q1")]))
    clients = retention.client_list(
        frame([("a", "2025-Q1"), (None, "2025-Q1"), ("a", None), ("a", "2025-Q2")])
    )
    assert clients.skipped == 2


# --------------------------------------------------------------- dates, --period (audit b, finding 2)

# An agency's invoice list (audit b's clients_invoices.csv): three clients, each invoiced once a
# month in Jan, Feb and Mar 2025 on different days. Agencies bill retainers monthly (allfred.io,
# "Retainer Billing": "usually on a monthly basis"; invoicefold.com, "Marketing agency invoice":
# retainers are "the backbone" of agency billing), so a date is the month it falls in, never a
# one-day period of its own (those held one client each and gave 0 % for every pair).
INVOICES = [
    ("Acme Inc", "2025-01-15"),
    ("Bloom Co", "2025-01-20"),
    ("Cedar Labs", "2025-01-28"),
    ("Acme Inc", "2025-02-15"),
    ("Bloom Co", "2025-02-20"),
    ("Cedar Labs", "2025-02-27"),
    ("Acme Inc", "2025-03-15"),
    ("Bloom Co", "2025-03-20"),
    ("Cedar Labs", "2025-03-28"),
]


def test_dates_are_grouped_into_months() -> None:
    # 2025-01: A, B, C → 2025-02: A, B, C: S = 3, E = 3, N = 0: (3 − 0) / 3 × 100 = 100 %; the same
    # for 02 → 03. Pooled: (3 + 3) / (3 + 3) = 100 %.
    clients = retention.client_list(frame(INVOICES))
    assert (clients.kind, clients.source_kind, clients.source_periods) == ("month", "day", 9)
    found = retention.pairs(clients)
    assert [p.label for p in found] == ["2025-01 → 2025-02", "2025-02 → 2025-03"]
    for pair in found:
        assert kpis(pair) == {
            "clients_start": 3,
            "clients_end": 3,
            "clients_new": 0,
            "clients_lost": 0,
            "clients_retained": 3,
            "client_retention_rate": pytest.approx(100.0),
        }
    assert kpis(retention.pooled(found))["client_retention_rate"] == pytest.approx(100.0)
    assert retention.notes(clients) == [
        "9 dates grouped into 3 calendar months (2025-01 to 2025-03); a client counts in a month when "
        "any of its rows falls in it; --period quarter or year groups wider"
    ]


def test_two_invoices_in_a_month_count_once() -> None:
    # A invoiced twice in January: one client in 2025-01, one repeat. 01: A, B → 02: A: (1 − 0) / 2 = 50 %.
    clients = retention.client_list(
        frame([("A", "2025-01-03"), ("A", "2025-01-28"), ("B", "2025-01-09"), ("A", "2025-02-03")])
    )
    assert clients.duplicates == 1
    (pair,) = retention.pairs(clients)
    assert kpis(pair)["client_retention_rate"] == pytest.approx(50.0)


def test_period_groups_wider() -> None:
    # Months Jan–Jun grouped into quarters. Q1: A (Jan), B (Feb), C (Mar); Q2: A (Apr), D (Jun).
    # S = 3, E = 2, N = 1 (D), lost 2 (B, C): (2 − 1) / 3 × 100 = 33.3 %.
    rows = [("A", "2025-01"), ("B", "2025-02"), ("C", "2025-03"), ("A", "2025-04"), ("D", "2025-06")]
    clients = retention.client_list(frame(rows), "quarter")
    (pair,) = retention.pairs(clients)
    assert pair.label == "2025-Q1 → 2025-Q2"
    assert kpis(pair)["clients_lost"] == 2
    assert kpis(pair)["client_retention_rate"] == pytest.approx(100 / 3)
    assert retention.notes(clients)[0].startswith(
        "5 months grouped into 2 calendar quarters (2025-Q1 to 2025-Q2)"
    )
    # The invoices by year: all nine dates fall in 2025, one period.
    with pytest.raises(ClientListError, match=r"only one period \(2025, the year of 9 dates; a narrower"):
        retention.client_list(frame(INVOICES), "year")


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("2025-03-15", "month", "2025-03"),
        ("2025-03-31", "quarter", "2025-Q1"),
        ("2025-04-01", "quarter", "2025-Q2"),
        ("2024-12-31", "year", "2024"),
        ("2025-12", "quarter", "2025-Q4"),
        ("2025-07", "year", "2025"),
        ("Q3 2025", "year", "2025"),
        ("2025-Q3", "quarter", "2025-Q3"),
    ],
)
def test_grouped(text: str, kind: str, label: str) -> None:
    assert retention.grouped(retention.parse_period(text), kind).label == label


def test_period_narrower_than_the_file_is_refused() -> None:
    with pytest.raises(
        ClientListError, match=r"--period month is finer than the file's quarters \('2025-Q1', row 2\)"
    ):
        retention.client_list(frame([("a", "2025-Q1"), ("a", "2025-Q2")]), "month")


def test_one_client_periods_are_said() -> None:
    # One client a month, each a different one: 01: A → 02: B: S = 1, E = 1, N = 1: (1 − 1) / 1 = 0 %.
    # The figure is what the months say, but it must not come without a word.
    clients = retention.client_list(frame([("A", "2025-01-03"), ("B", "2025-02-10"), ("C", "2025-03-12")]))
    assert [kpis(p)["client_retention_rate"] for p in retention.pairs(clients)] == [0.0, 0.0]
    assert retention.notes(clients)[1] == (
        "every month holds one client, so each pair's retention can only be 0% or 100%; if the rows are "
        "invoices, --period quarter or year groups more of them"
    )
    # One name throughout: 100 %, with a word (audit k, finding 1: that one "client" was a
    # ledger account on every row); refused outright when the header is a weak one (Account).
    alone = retention.client_list(frame([("A", "2025-Q1"), ("A", "2025-Q2")]))
    assert retention.notes(alone) == [
        "every row names one client, 'A', so retention can only be 0% or 100%; if that column is not "
        "the client, --map 'HEADER=client' names the one that is"
    ]
    with pytest.raises(ClientListError, match="column 'Account' holds one name, 'A', in every row"):
        retention.client_list(frame([("A", "2025-Q1"), ("A", "2025-Q2")]), client_header="Account", weak=True)


# ------------------------------------------------------ names written differently (audit b, finding 10)

# Audit b's clients1.csv: Acme is `Acme Inc` in Q1 and `Acme Inc.` in Q2.
CLIENTS1 = [
    ("Acme Inc", "Q1 2025"),
    ("Acme Inc", "Q1 2025"),
    ("Bloom Co", "Q1 2025"),
    ("Cedar Labs", "Q1 2025"),
    ("Dune Ltd", "Q1 2025"),
    ("Acme Inc.", "Q2 2025"),
    ("Bloom Co", "Q2 2025"),
    ("Eon GmbH", "Q2 2025"),
    ("Cedar Labs", "Q3 2025"),
    ("Bloom Co", "Q3 2025"),
]


def test_names_that_differ_in_punctuation_are_one_client() -> None:
    # Q1: Acme, Bloom, Cedar, Dune → Q2: Acme, Bloom, Eon: S = 4, E = 3, N = 1 (Eon), retained 2:
    # (3 − 1) / 4 × 100 = 50 % (it was 25 % with `Acme Inc.` a new client and `Acme Inc` lost).
    # Q2 → Q3: Cedar, Bloom: S = 3, E = 2, N = 1 (Cedar), retained 1: 33.3 %.
    clients = retention.client_list(frame(CLIENTS1))
    first, second = retention.pairs(clients)
    assert kpis(first) == {
        "clients_start": 4,
        "clients_end": 3,
        "clients_new": 1,
        "clients_lost": 2,
        "clients_retained": 2,
        "client_retention_rate": pytest.approx(50.0),
    }
    assert kpis(second)["client_retention_rate"] == pytest.approx(100 / 3)
    assert retention.notes(clients) == [
        "'Acme Inc' = 'Acme Inc.' counted as one client (written differently: accents, punctuation, "
        "spaces, & for and, or Ltd for Limited)"
    ]


@pytest.mark.parametrize(
    "spellings",
    [
        ("Acme Inc", "Acme Inc.", "Acme, Inc.", "ACME INC", "acme  inc"),
        ("Bloom & Bark", "Bloom and Bark"),
        ("Dune Ltd", "Dune Limited", "DUNE LTD."),
        ("Orchard Co", "Orchard Company"),
        ("S.A. Foods", "SA Foods"),
    ],
)
def test_one_client_however_written(spellings: tuple[str, ...]) -> None:
    # Each spelling in Q1, the first again in Q2: one client kept, S = 1, E = 1: 100 %.
    clients = retention.client_list(frame([(s, "2025-Q1") for s in spellings] + [(spellings[0], "2025-Q2")]))
    assert len(clients.names) == 1
    assert kpis(retention.pairs(clients)[0])["client_retention_rate"] == pytest.approx(100.0)


def test_names_that_differ_in_a_legal_ending_are_said_not_joined() -> None:
    # `Acme` and `Acme GmbH` may be two entities of a group: counted apart, with a note.
    # Q1: Acme, Bloom → Q2: Acme GmbH, Bloom, Acme Inc, Johnson & Johnson, Johnson: S = 2, E = 5,
    # N = 4, retained 1 (Bloom): (5 − 4) / 2 × 100 = 50 %.
    rows = [
        ("Acme", "2025-Q1"),
        ("Bloom", "2025-Q1"),
        ("Acme GmbH", "2025-Q2"),
        ("Bloom", "2025-Q2"),
        ("Acme Inc", "2025-Q2"),
        ("Johnson & Johnson", "2025-Q2"),
        ("Johnson", "2025-Q2"),
    ]
    clients = retention.client_list(frame(rows))
    (pair,) = retention.pairs(clients)
    assert kpis(pair)["clients_new"] == 4 and kpis(pair)["client_retention_rate"] == pytest.approx(50.0)
    assert retention.notes(clients) == [
        "'Acme', 'Acme GmbH' and 'Acme Inc' look like one client but are counted as 3 (they differ in a "
        "legal ending such as Inc or GmbH); if they are one, write the name the same way in every row"
    ]
