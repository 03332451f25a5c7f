"""Group sums over blank cells (audit S-4): a ratio side's sums on the rows where the other
side is blank are kept only for the groups that have any (kpis.Sparse), and every figure
stays what the rows give. Every expected figure is worked out by hand in the test."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_cli import kpis as kp
from kpi_cli.kpis import Aggregator


def _groups(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["label"]: g["kpis"] for g in doc["groups"]}


# alice: the second row's impressions are blank; bob: the first row's clicks and the second
# row's spend; carol: nothing blank.
_EXPORT = (
    "post_id,influencer,impressions,clicks,spend\n"
    "p1,alice,1000,10,100.00\n"
    "p2,alice,,5,50.00\n"
    "p3,bob,2000,,20.00\n"
    "p4,bob,3000,30,\n"
    "p5,carol,4000,80,40.00\n"
)


def _kept(sums: kp.Sums, key: str) -> tuple[list[int], list[Any]]:
    """The groups a Sparse column keeps, and their sums."""
    column = sums._columns[key]
    assert isinstance(column, kp.Sparse), key
    return column.at.tolist(), column.values.tolist()


def test_blank_cells_keep_each_ratios_paired_sums_for_their_groups_alone(write: Any, scored: Any) -> None:
    # The sums: groups are numbered as first read (alice 0, bob 1, carol 2).
    agg = Aggregator(by=["influencer"])
    agg.add(
        pd.DataFrame(
            {
                "post_id": ["p1", "p2", "p3", "p4", "p5"],
                "influencer": ["alice", "alice", "bob", "bob", "carol"],
                "impressions": pd.array([1000, None, 2000, 3000, 4000], dtype="Int64"),
                "clicks": pd.array([10, 5, None, 30, 80], dtype="Int64"),
                "spend": [100.0, 50.0, 20.0, None, 40.0],
            }
        )
    )
    sums = agg.result().sums
    # clicks where impressions are blank: alice's row 2 (5 clicks), one row
    assert _kept(sums, "clicks|impressions") == ([0], [5])
    assert _kept(sums, "#clicks|impressions") == ([0], [1])
    # impressions where clicks are blank: bob's row 3 (2,000); where spend is: his row 4 (3,000)
    assert _kept(sums, "impressions|clicks") == ([1], [2000])
    assert _kept(sums, "impressions|spend") == ([1], [3000])
    # spend where impressions are blank: alice's $50.00 (summed as 5,000 cents); where clicks
    # are: bob's $20.00
    assert _kept(sums, "spend|impressions") == ([0], [50.0])
    assert _kept(sums, "spend|clicks") == ([1], [20.0])
    # Made whole when read: a figure for every group, 0 for the groups without such rows
    assert sums["clicks|impressions"].tolist() == [5, 0, 0]
    assert sums["spend|clicks"].tolist() == [0.0, 20.0, 0.0]
    # Only summed: no count of cells is kept for them (the ratio counts its rows with `#`)
    assert not any(col.startswith("n_") and kp.UNPAIRED in col for col in sums.columns)
    # The campaign total adds the kept sums alone: 5 clicks; $50.00 and $20.00
    total = agg.total().sums
    assert total["clicks|impressions"].tolist() == [5]
    assert total["spend|impressions"].tolist() == [50.0]
    assert total["spend|clicks"].tolist() == [20.0]

    # The same rows as a file: the figures stand on the rows where both sides are known.
    doc, _ = scored(write(_EXPORT), "--by", "influencer")
    g = _groups(doc)
    alice, bob, carol = g["alice"], g["bob"], g["carol"]
    # CTR alice: row 1 alone has both: 10 / 1,000 × 100 = 1 %; the 5 clicks of row 2 are left out
    assert alice["ctr"]["value"] == pytest.approx(10 / 1000 * 100)
    assert alice["ctr"]["notes"] == ["on 1 of 2 rows"]
    assert alice["clicks"]["value"] == 10 + 5  # the column's sum keeps every filled cell
    # CTR bob: row 4 alone: 30 / 3,000 × 100 = 1 %; carol: 80 / 4,000 × 100 = 2 %, every row
    assert bob["ctr"]["value"] == pytest.approx(30 / 3000 * 100)
    assert bob["ctr"]["notes"] == ["on 1 of 2 rows"]
    assert carol["ctr"]["value"] == pytest.approx(80 / 4000 * 100)
    assert not carol["ctr"].get("notes")
    # CPM alice: 100 / 1,000 × 1,000 = $100 (row 1; row 2's $50 has no impressions), on
    # 100 / 150 = 66.7 % of the spend, shown 67 %
    assert alice["cpm"]["value"] == pytest.approx(100 / 1000 * 1000)
    assert alice["cpm"]["notes"] == ["on 1 of 2 rows, 67% of the spend"]
    # CPM bob: row 3 alone (row 4's spend is blank): 20 / 2,000 × 1,000 = $10, all his spend
    assert bob["cpm"]["value"] == pytest.approx(20 / 2000 * 1000)
    assert bob["cpm"]["notes"] == ["on 1 of 2 rows"]
    # CPC alice: both rows: (100 + 50) / (10 + 5) = $10; bob: no row has both
    assert alice["cpc"]["value"] == pytest.approx((100 + 50) / (10 + 5))
    assert bob["cpc"]["value"] is None
    assert bob["cpc"]["reason"] == "no row has both spend and clicks"
    assert carol["cpc"]["value"] == pytest.approx(40 / 80)
    # Money to the cent: spend alice 100 + 50 = $150.00, bob $20.00
    assert alice["total_spend"]["value"] == 150.0 and bob["total_spend"]["value"] == 20.0
    # The total: CTR over rows 1, 4 and 5: (10 + 30 + 80) / (1,000 + 3,000 + 4,000) × 100 = 1.5 %
    total_kpis = doc["total"]["kpis"]
    assert total_kpis["ctr"]["value"] == pytest.approx((10 + 30 + 80) / (1000 + 3000 + 4000) * 100)
    assert total_kpis["ctr"]["notes"] == ["on 3 of 5 rows"]
    # CPM: rows 1, 3 and 5: (100 + 20 + 40) / (1,000 + 2,000 + 4,000) × 1,000 = $22.857
    assert total_kpis["cpm"]["value"] == pytest.approx((100 + 20 + 40) / (1000 + 2000 + 4000) * 1000)


_COUNT = st.one_of(st.none(), st.integers(0, 10**9))
_SPEND = st.one_of(
    st.none(),
    st.integers(0, 10**8).map(lambda c: c / 100),  # whole cents
    st.integers(0, 10**6).map(lambda m: m / 1000),  # fractions of a cent (summed in floats)
)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    batches=st.lists(
        st.lists(st.tuples(st.integers(0, 30), _COUNT, _COUNT, _SPEND), min_size=1, max_size=10),
        min_size=1,
        max_size=6,
    )
)
def test_paired_sums_are_what_the_rows_give_however_the_batches_come(
    monkeypatch: pytest.MonkeyPatch, batches: list[list[tuple[int, int | None, int | None, float | None]]]
) -> None:
    # Each `a|b` sum is Σ a over the group's rows where a is filled and b blank, worked out
    # row by row below; `#a|b` counts those rows. Merged after every batch or never, summed
    # over every group or over the batch's own: the same figures.
    want: dict[str, dict[str, float]] = {}
    sides = ("clicks", "impressions", "spend")
    for rows in batches:
        for group, clicks, impressions, spend in rows:
            cells = {"clicks": clicks, "impressions": impressions, "spend": spend}
            for a in sides:
                for b in sides:
                    if a != b and cells[a] is not None and cells[b] is None:
                        for key, add in ((f"{a}|{b}", cells[a]), (f"#{a}|{b}", 1)):
                            per = want.setdefault(key, {})
                            per[f"g{group}"] = per.get(f"g{group}", 0) + add
    frames = [
        pd.DataFrame(
            {
                "post_id": [f"p{k}" for k in range(len(rows))],
                "influencer": [f"g{g}" for g, *_ in rows],
                "clicks": pd.array([c for _, c, _, _ in rows], dtype="Int64"),
                "impressions": pd.array([i for _, _, i, _ in rows], dtype="Int64"),
                "spend": [np.nan if s is None else s for *_, s in rows],
            }
        )
        for rows in batches
    ]
    results = []
    for merge_from, local_from in ((1, 10**9), (10**9, -1)):
        monkeypatch.setattr(kp, "_MERGE_FROM", merge_from)
        monkeypatch.setattr(kp, "_LOCAL_FROM", local_from)
        monkeypatch.setattr(kp, "_LOCAL_SHARE", 0 if local_from < 0 else 4)
        agg = Aggregator(by=["influencer"])
        for frame in frames:
            agg.add(frame)
        sums = agg.result().sums
        got = {}
        for key in sums.columns:
            if kp.UNPAIRED in key:
                got[key] = {g: v for g, v in zip(sums.index, sums[key].tolist(), strict=True) if v}
        for key, per in want.items():
            if key.startswith("spend"):  # money: to the cent (floats past a cent: to 1e-9)
                assert got[key] == pytest.approx({g: v for g, v in per.items() if v}, rel=1e-12, abs=1e-9)
            else:  # whole numbers: exactly
                assert got[key] == {g: v for g, v in per.items() if v}, key
        assert {k for k, v in got.items() if v} == {k for k, v in want.items() if any(v.values())}
        results.append(repr(sums.to_pandas().to_dict()))
    assert results[0] == results[1]  # repr: every bit of every float the same


@pytest.mark.parametrize("local", [False, True])
def test_filled_cells_are_the_rows_less_the_blank_ones_and_the_rows_of_files_without_the_column(
    monkeypatch: pytest.MonkeyPatch, local: bool
) -> None:
    # Three batches (files): the first has no clicks column, the second has clicks (bob's
    # blank), the third has none again. Groups: alice 0, bob 1, carol 2.
    if local:  # each batch summed over its own groups (see _GroupSums.add)
        monkeypatch.setattr(kp, "_LOCAL_FROM", -1)
        monkeypatch.setattr(kp, "_LOCAL_SHARE", 0)
    agg = Aggregator(by=["influencer"])
    agg.add(pd.DataFrame({"influencer": ["alice", "alice", "bob"], "impressions": [10, 20, 30]}))
    agg.add(
        pd.DataFrame(
            {
                "influencer": ["alice", "bob", "carol"],
                "impressions": [100, 200, 300],
                "clicks": pd.array([5, None, 7], dtype="Int64"),
            }
        )
    )
    agg.add(pd.DataFrame({"influencer": ["bob", "carol"], "impressions": [1, 2]}))
    sums = agg.result().sums
    assert sums["rows"].tolist() == [2 + 1, 1 + 1 + 1, 1 + 1]
    # clicks filled: alice 1 (5), bob 0 (blank, and no column in the other files), carol 1 (7)
    assert sums["n_clicks"].tolist() == [1, 0, 1]
    # kept as the blank ones: alice's 2 rows of file 1; bob's row of file 1, his blank cell
    # and his row of file 3; carol's row of file 3
    assert _kept(sums, "n_clicks") == ([0, 1, 2], [2, 1 + 1 + 1, 1])
    assert sums["n_impressions"].tolist() == [3, 3, 2]  # never blank: the rows
    assert _kept(sums, "n_impressions") == ([], [])
    assert agg.total().sums["n_clicks"].tolist() == [1 + 0 + 1]
