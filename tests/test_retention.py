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
                                            ("2025-13", "month 13"), ("2025-02-30", "not a day"),
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
