"""Learned benchmarks: quartile bands from past campaigns, worked out by hand here."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi_cli import benchmarks as bm
from kpi_cli.errors import UsageError
from kpi_cli.learn import Observation, learn, to_yaml

KPIS = {"ctr": ("higher", "percent"), "cpe": ("lower", "money"), "cpm": ("lower", "money")}


def observe(kpi: str, values: Iterable[Any], **scope: str) -> list[Observation]:
    return [Observation(kpi, v, dict(scope)) for v in values]


def round_trip(doc: dict[str, Any]) -> dict[str, bm.Benchmark]:
    """What `--benchmarks ours.yaml` reads back from the learned file."""
    return bm.parse(yaml.safe_load(to_yaml(doc)), "ours.yaml")


def verdict(bench: bm.Benchmark, value: float, **scope: tuple[str, ...]) -> str | None:
    found = bm.judge(bench, value, bench.pick(**scope))
    return found.verdict if found else None


def test_quartiles_of_nine_values() -> None:
    # n = 9, linear: position (n − 1) × p = 2, 4, 6 → the 3rd, 5th and 7th values exactly.
    doc, notes = learn(observe("ctr", [9, 1, 8, 2, 7, 3, 6, 4, 5]), KPIS)
    ctr = doc["kpis"]["ctr"]
    assert ctr == {
        "direction": "higher",
        "unit": "percent",
        "source": "your campaigns, n=9",
        "bands": {"poor": [None, 3], "fair": [3, 5], "good": [5, 7], "excellent": [7, None]},
    }
    assert doc["version"] == 1 and "currency" not in doc
    assert notes == []  # KPIs without any observation (no columns for them) are not worth a note


def test_quartiles_of_eight_values_interpolate() -> None:
    # n = 8: positions 7 × 0.25 = 1.75, 7 × 0.5 = 3.5, 7 × 0.75 = 5.25 (0-based, sorted values)
    # q1 = v[1] + 0.75 × (v[2] − v[1]) = 20 + 0.75 × 10 = 27.5
    # q2 = v[3] + 0.5 × (v[4] − v[3]) = 40 + 5 = 45
    # q3 = v[5] + 0.25 × (v[6] − v[5]) = 60 + 2.5 = 62.5   (Excel QUARTILE.INC gives the same)
    doc, _ = learn(observe("ctr", [10, 20, 30, 40, 50, 60, 70, 80]), KPIS)
    assert doc["kpis"]["ctr"]["bands"] == {
        "poor": [None, 27.5],
        "fair": [27.5, 45],
        "good": [45, 62.5],
        "excellent": [62.5, None],
    }


def test_lower_is_better_flips_the_bands() -> None:
    # CPE of $1..$9: quartiles $3, $5, $7 as above; the cheapest quarter is excellent.
    doc, _ = learn(observe("cpe", [1, 2, 3, 4, 5, 6, 7, 8, 9]), KPIS)
    assert doc["kpis"]["cpe"]["bands"] == {
        "excellent": [None, 3],
        "good": [3, 5],
        "fair": [5, 7],
        "poor": [7, None],
    }
    cpe = round_trip(doc)["cpe"]
    assert [verdict(cpe, v) for v in (2.99, 3, 3.01, 5, 6.99, 7, 7.01)] == [
        "excellent",
        "excellent",  # $3 exactly: the better band
        "good",
        "good",
        "fair",
        "fair",
        "poor",
    ]


def test_edges_keep_four_significant_figures_and_money_cents() -> None:
    # n = 9: the quartiles are the 3rd, 5th and 7th values exactly.
    values = [0.001, 0.002, 0.01234567, 0.1, 1.23456, 5, 123456.7, 200000, 300000]
    kpis = {"ctr": ("higher", "percent"), "cpm": ("lower", "money")}
    doc, _ = learn([*observe("ctr", values), *observe("cpm", values)], kpis)
    assert doc["kpis"]["ctr"]["bands"]["fair"] == [0.01235, 1.235]
    assert doc["kpis"]["ctr"]["bands"]["excellent"] == [123500, None]
    assert doc["kpis"]["cpm"]["bands"]["good"] == [0.01, 1.23]  # to the cent, not $0.01235
    assert doc["kpis"]["cpm"]["bands"]["poor"] == [123500, None]
    round_trip(doc)


def test_a_group_needs_the_minimum_of_observations() -> None:
    micro = observe("ctr", [1, 2, 3, 4, 5, 6, 7, 8], tier="micro")  # 8: bands of its own
    mega = observe("ctr", [10, 20, 30, 40, 50, 60, 70], tier="mega")  # 7: the overall bands
    doc, notes = learn([*micro, *mega], KPIS, by=["tier"])
    tiers = doc["kpis"]["ctr"]["tiers"]
    assert list(tiers) == ["micro"]
    # 1..8: positions 1.75, 3.5, 5.25 → 2.75, 4.5, 6.25
    assert tiers["micro"]["bands"]["fair"] == [2.75, 4.5]
    assert tiers["micro"]["source"] == "your campaigns, n=8"
    assert doc["kpis"]["ctr"]["source"] == "your campaigns, n=15"
    assert "tiers mega: fewer than 8 observations for ctr (7); no bands of its own for them" in notes

    ctr = round_trip(doc)["ctr"]
    assert verdict(ctr, 4.5, tiers=("micro",)) == "good"  # micro's own p50
    assert ctr.pick(tiers=("mega",)) is ctr.default


def test_a_kpi_with_too_few_observations_gets_no_bands() -> None:
    doc, notes = learn(observe("ctr", [1, 2, 3, 4, 5, 6, 7]), KPIS)
    assert doc["kpis"] == {}
    assert notes == ["fewer than 8 observations, so no bands learned: ctr (7)"]  # cpe, cpm: none at all
    assert round_trip(doc) == {}
    doc, _ = learn(observe("ctr", [1, 2, 3]), KPIS, minimum=3)
    assert doc["kpis"]["ctr"]["bands"]["fair"] == [1.5, 2]  # positions 0.5, 1, 1.5


def test_source_gives_the_date_range_and_n() -> None:
    observations = [
        Observation("ctr", float(i), {}, date(2024, 1, 5 + i), date(2024, 2, 1 + i)) for i in range(8)
    ]
    observations.append(Observation("ctr", 9.0, {}, datetime(2023, 12, 31, 10, 30), None))
    observations.append(Observation("ctr", 10.0, {}, None, date(2025, 6, 30)))
    observations.append(Observation("ctr", 11.0, {}, None, None))
    doc, _ = learn(observations, KPIS)
    assert doc["kpis"]["ctr"]["source"] == "your campaigns, 2023-12-31–2025-06-30, n=11"

    one_day = [Observation("ctr", float(i), {}, date(2024, 3, 1), date(2024, 3, 1)) for i in range(8)]
    doc, _ = learn(one_day, KPIS, label="your creators × campaigns")
    assert doc["kpis"]["ctr"]["source"] == "your creators × campaigns, 2024-03-01, n=8"


def test_round_trip_through_a_file_judges_as_the_quartiles_say(tmp_path: Path) -> None:
    observations = [
        *observe("ctr", [1, 2, 3, 4, 5, 6, 7, 8, 9], tier="micro", platform="TikTok"),
        *observe("cpm", [10, 20, 30, 40, 50, 60, 70, 80], platform="instagram"),
    ]
    doc, _ = learn(observations, KPIS, by=["tier", "platform"], currency="EUR")
    path = tmp_path / "ours.yaml"
    path.write_text(to_yaml(doc), encoding="utf-8")
    benches = bm.load_file(path)
    assert set(benches) == {"ctr", "cpm"}
    ctr, cpm = benches["ctr"], benches["cpm"]
    assert ctr.currency == cpm.currency == "EUR"
    assert ctr.default.source == "your campaigns, n=9"
    assert set(ctr.tiers) == {"micro"} and set(ctr.platforms) == {"tiktok"}  # as parse keys them
    # ctr quartiles 3, 5, 7: an edge belongs to the better band.
    assert [verdict(ctr, v) for v in (2.9, 3, 4.9, 5, 6.9, 7, 100)] == [
        "poor",
        "fair",
        "fair",
        "good",  # exactly p50: good, the better band
        "good",
        "excellent",
        "excellent",
    ]
    assert verdict(ctr, 5, platforms=("TikTok",)) == "good"
    # cpm quartiles 27.5, 45, 62.5 (see the eight-value test), lower is better.
    assert [verdict(cpm, v) for v in (27.5, 27.51, 45, 62.5, 62.51)] == [
        "excellent",
        "good",
        "good",
        "fair",
        "poor",
    ]


def test_each_by_column_is_its_own_family() -> None:
    observations = [
        *observe("ctr", [1, 2, 3, 4, 5, 6, 7, 8], tier="micro", format="Reel", campaign_type="launch"),
        *observe("ctr", [11, 12, 13, 14, 15, 16, 17, 18], tier="macro", format="reel", campaign_type=""),
        *observe("ctr", [21, 22, 23, 24, 25, 26, 27, 28], tier="(blank)", format="story"),
    ]
    doc, _ = learn(observations, KPIS, by=["format", "tier", "campaign_type"])
    ctr = doc["kpis"]["ctr"]
    assert list(ctr) == ["direction", "unit", "source", "bands", "formats", "tiers", "campaign_types"]
    assert list(ctr["tiers"]) == ["micro", "macro"]  # tier order, not alphabetical; (blank) is no tier
    assert list(ctr["formats"]) == ["reel", "story"]  # Reel and reel are one group, as parse keys them
    assert ctr["formats"]["reel"]["source"] == "your campaigns, n=16"
    assert list(ctr["campaign_types"]) == ["launch"]  # a blank campaign type is no group
    assert ctr["source"] == "your campaigns, n=24"
    bench = round_trip(doc)["ctr"]
    assert set(bench.formats) == {"reel", "story"} and set(bench.campaign_types) == {"launch"}


def test_all_equal_values_leave_out_the_empty_bands() -> None:
    doc, notes = learn(observe("cpm", [5.0] * 8) + observe("ctr", [2.0] * 8), KPIS)
    assert doc["kpis"]["cpm"]["bands"] == {"excellent": [None, 5], "poor": [5, None]}
    assert doc["kpis"]["ctr"]["bands"] == {"poor": [None, 2], "excellent": [2, None]}
    assert "cpm: p25 = p50 = p75 = 5 (n=8), so the good and fair bands are empty and left out" in notes
    benches = round_trip(doc)
    # As with four bands: the value on every edge belongs to the better band.
    assert verdict(benches["cpm"], 5) == "excellent"
    assert verdict(benches["cpm"], 5.01) == "poor"
    assert verdict(benches["ctr"], 2) == "excellent"
    assert verdict(benches["ctr"], 1.99) == "poor"


def test_two_equal_quartiles_leave_out_one_band() -> None:
    # n = 9: quartiles are the 3rd, 5th and 7th values: 1, 1, 3.
    doc, notes = learn(observe("ctr", [1, 1, 1, 1, 1, 2, 3, 4, 5]), KPIS)
    assert doc["kpis"]["ctr"]["bands"] == {"poor": [None, 1], "good": [1, 3], "excellent": [3, None]}
    assert "ctr: p25 = p50 = 1 (n=9), so the fair band is empty and left out" in notes
    assert verdict(round_trip(doc)["ctr"], 1) == "good"


def test_rounding_that_makes_edges_equal_still_parses() -> None:
    # Quartiles 1.00001, 1.00002, 1.00003 are all 1 at four significant figures.
    doc, notes = learn(observe("ctr", [1, 1, 1.00001, 1.000015, 1.00002, 1.000025, 1.00003, 2, 2]), KPIS)
    assert doc["kpis"]["ctr"]["bands"] == {"poor": [None, 1], "excellent": [1, None]}
    assert any("left out" in note for note in notes)
    round_trip(doc)


def test_missing_and_non_finite_values_are_skipped() -> None:
    junk = [None, math.nan, math.inf, -math.inf]
    doc, _ = learn(observe("ctr", [*junk, 9, 1, 8, 2, 7, 3, 6, 4, 5]), KPIS)
    assert doc["kpis"]["ctr"]["source"] == "your campaigns, n=9"
    assert doc["kpis"]["ctr"]["bands"]["fair"] == [3, 5]
    doc, _ = learn(observe("ctr", [*junk, 1, 2, 3, 4, 5, 6, 7]), KPIS)  # 7 real values
    assert doc["kpis"] == {}


def test_kpis_not_asked_for_are_ignored() -> None:
    doc, _ = learn(observe("roas", [1, 2, 3, 4, 5, 6, 7, 8]), KPIS)
    assert doc["kpis"] == {}


def test_yaml_has_a_header_and_the_shipped_layout() -> None:
    doc, _ = learn(observe("ctr", range(1, 10)) + observe("cpe", range(1, 10)), KPIS, currency="GBP")
    text = to_yaml(doc)
    assert text.startswith("# Benchmark bands learned from your own past campaigns")
    assert "quartiles" in text and "(n)" in text
    assert "currency: GBP\n" in text
    assert "      poor: [null, 3]\n" in text
    assert "\n\n  cpe:\n" in text  # a blank line between KPIs, as in the shipped file
    assert yaml.safe_load(text) == doc


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": ["creator"]}, "cannot learn bands by 'creator'"),
        ({"currency": "eur"}, "three-letter code"),
        ({"minimum": 0}, "whole number"),
        ({"kpis": {"nope": ("higher", "percent")}}, "unknown KPI 'nope'"),
        ({"kpis": {"ctr": ("up", "percent")}}, "direction must be"),
        ({"kpis": {"ctr": ("higher", "euros")}}, "unit must be"),
    ],
)
def test_arguments_that_would_make_a_bad_file_are_refused(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"kpis": KPIS, **kwargs}
    with pytest.raises(UsageError, match=message):
        learn(observe("ctr", range(1, 10)), **args)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
            st.sampled_from([0.0, 0.005, 1.0, 1.00001, 99.995, 1e-9]),
        ),
        min_size=1,
        max_size=40,
    ),
    direction=st.sampled_from(bm.DIRECTIONS),
    unit=st.sampled_from(bm.UNITS),
)
def test_any_values_give_a_file_parse_accepts(values: list[float], direction: str, unit: str) -> None:
    kpi = {"percent": "ctr", "money": "cpm", "ratio": "roas", "count": "impressions"}[unit]  # its own unit
    doc, _ = learn(observe(kpi, values), {kpi: (direction, unit)}, minimum=1)
    bench = round_trip(doc)[kpi]
    assert bench.default.bands[0].verdict == "poor"  # worst first, whichever bands are left
    assert all(verdict(bench, v) is not None for v in values)  # the bands leave no gap


def test_values_near_the_float_limit_give_no_bands_rather_than_a_bad_file() -> None:
    doc, notes = learn(observe("ctr", [-1.7e308, 1.7e308] * 4), KPIS)
    assert doc["kpis"] == {}
    assert any("too large" in note for note in notes)
    round_trip(doc)
