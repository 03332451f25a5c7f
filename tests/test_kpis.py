"""KPI math on hand-made frames; every expected figure is worked out in the test."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kpi_cli.frame import Frame
from kpi_cli.kpis import (
    KPI_DEFS,
    Aggregator,
    GroupSums,
    compute_kpis,
    distinct_ints,
    score_frame,
    tier_from_followers,
)


def _by_group(gs: GroupSums, values: np.ndarray) -> dict[Any, Any]:
    """Per-group values (sums, distinct counts) by group label, as Python numbers."""
    return dict(zip(gs.sums.index, values.tolist(), strict=True))


def _kpis(frame: pd.DataFrame) -> dict[str, object]:
    (values,) = score_frame(frame).values()
    return {k.id: k for k in values}


def _frame(**cols: list[object]) -> pd.DataFrame:
    out = {}
    for name, values in cols.items():
        if name in ("influencer", "post_id", "platform", "tier"):
            out[name] = pd.Series(values, dtype="object")
        elif all(isinstance(v, int) or v is None for v in values):
            out[name] = pd.array(values, dtype="Int64")
        else:
            out[name] = pd.Series(values, dtype="float64")
    return pd.DataFrame(out)


THREE = _frame(
    influencer=["@ana", "@ben", "@ana"],
    post_id=["p1", "p2", "p3"],
    followers=[8_000, 50_000, 8_000],
    reach=[800, 2_000, 400],
    impressions=[1_000, 2_500, 500],
    likes=[40, 100, 15],
    comments=[5, 20, 3],
    shares=[3, 10, 1],
    saves=[2, 20, 1],
    clicks=[12, 30, 8],
    sessions=[10, 24, 6],
    conversions=[1, 3, 0],
    revenue=[45.0, 150.0, 0.0],
    spend=[100.0, 300.0, 100.0],
)


def test_ratios_are_ratios_of_sums() -> None:
    k = _kpis(THREE)
    assert k["ctr"].value == pytest.approx((12 + 30 + 8) / (1000 + 2500 + 500) * 100)  # 1.25 %
    # The average of the row CTRs would be (1.2 + 1.2 + 1.6) / 3 = 1.333 %: not what we report.
    assert k["ctr"].value != pytest.approx((1.2 + 1.2 + 1.6) / 3)
    engagements = (40 + 100 + 15) + (5 + 20 + 3) + (3 + 10 + 1) + (2 + 20 + 1)  # 220
    assert k["engagements"].value == engagements == 220
    assert k["engagement_rate"].value == pytest.approx(220 / 4000 * 100)  # 5.5 %
    assert k["engagement_rate_by_followers"].value == pytest.approx(220 / 66_000 * 100)
    assert k["frequency"].value == pytest.approx(4000 / 3200)  # 1.25×
    assert k["conversion_rate"].value == pytest.approx(4 / 50 * 100)  # 8 %
    assert k["session_conversion_rate"].value == pytest.approx(4 / 40 * 100)  # 10 %
    assert k["roas"].value == pytest.approx(195 / 500)  # 0.39×
    assert k["roi"].value == pytest.approx((195 - 500) / 500 * 100)  # −61 %
    assert k["cost_per_post"].value == pytest.approx(500 / 3)
    assert k["cpm"].value == pytest.approx(500 / 4000 * 1000)  # $125
    assert k["rpm"].value == pytest.approx(195 / 4000 * 1000)  # $48.75
    assert k["cpe"].value == pytest.approx(500 / 220)
    assert k["cpc"].value == pytest.approx(500 / 50)  # $10
    assert k["cpa"].value == pytest.approx(500 / 4)  # $125
    assert k["activated_influencers"].value == 2
    assert k["posts"].value == 3
    assert k["traffic"].value == 40


def test_counts_stay_python_ints() -> None:
    k = _kpis(THREE)
    assert type(k["impressions"].value) is int
    assert type(k["clicks"].value) is int


def test_absent_column_gives_null_and_reason() -> None:
    k = _kpis(_frame(impressions=[100, 200], spend=[1.0, 2.0]))
    assert k["ctr"].value is None
    assert k["ctr"].reason == "no clicks column"
    assert k["reach"].reason == "no reach column"


def test_zero_denominator_gives_null_and_reason_not_inf() -> None:
    k = _kpis(_frame(impressions=[0, 0], clicks=[0, 0], spend=[10.0, 5.0]))
    assert k["ctr"].value is None
    assert k["ctr"].reason == "impressions sum to 0"
    assert k["cpc"].reason == "clicks sum to 0"
    assert k["cpm"].reason == "impressions sum to 0"


def test_no_nan_or_inf_ever_leaves_the_math() -> None:
    frame = _frame(impressions=[0, None], reach=[0, 0], clicks=[None, None], spend=[0.0, 0.0])
    for kpi in _kpis(frame).values():
        assert kpi.value is None or math.isfinite(kpi.value)
        assert kpi.value is not None or kpi.reason


def test_missing_cells_are_skipped_and_counted() -> None:
    # clicks: 12 + (blank) + 8 = 20. CTR stands on the rows with both (SPEC, Decisions):
    # 20 / (1000 + 500) = 1.33 %, not 20 / 4000 (the row without clicks would dilute it).
    k = _kpis(_frame(impressions=[1000, 2500, 500], clicks=[12, None, 8]))
    assert k["clicks"].value == 20
    assert k["impressions"].value == 1000 + 2500 + 500  # counts keep every known cell
    assert k["ctr"].value == pytest.approx(20 / 1500 * 100)
    assert k["ctr"].missing == {"clicks": 1}


def test_every_ratio_stands_on_the_rows_where_both_sides_are_known() -> None:
    # Row 1: gifted (no fee); row 2: no engagement figures; row 3: both known.
    k = _kpis(
        _frame(
            impressions=[1000, 3000, 2000],
            likes=[100, None, 40],
            comments=[10, None, 5],
            spend=[None, 300.0, 500.0],
            clicks=[10, 30, 20],
            revenue=[50.0, None, 1000.0],
        )
    )
    assert k["total_spend"].value == pytest.approx(800)  # counts and sums keep every known cell
    assert k["cpm"].value == pytest.approx((300 + 500) / (3000 + 2000) * 1000)  # rows 2, 3
    assert k["engagement_rate"].value == pytest.approx((110 + 45) / (1000 + 2000) * 100)  # rows 1, 3
    assert k["cpe"].value == pytest.approx(500 / 45)  # row 3 alone
    assert k["roas"].value == pytest.approx(1000 / 500)  # row 3 alone
    assert k["roi"].value == pytest.approx((1000 - 500) / 500 * 100)
    assert k["cpc"].value == pytest.approx(800 / (30 + 20))
    # Post 1's spend is blank: its cost is not known, so it leaves cost per post (audit B-1).
    assert k["cost_per_post"].value == pytest.approx(800 / 2)  # rows 2, 3
    assert k["cost_per_post"].notes == ["on 2 of 3 posts"]
    # No row with both: null, with the reason.
    k = _kpis(_frame(impressions=[1000, 2000], spend=[None, 500.0], likes=[100, None]))
    assert k["cpe"].value is None
    assert k["cpe"].reason == "no row has both spend and engagements"


def test_blank_column_is_not_zero() -> None:
    k = _kpis(_frame(impressions=[1000, 500], clicks=[None, None]))
    assert k["clicks"].value is None
    assert k["clicks"].reason == "clicks blank in every row"


def test_engagements_column_wins_over_parts() -> None:
    k = _kpis(_frame(engagements=[50, 70], likes=[1, 1], impressions=[1000, 1000]))
    assert k["engagements"].value == 120
    assert k["engagement_rate"].value == pytest.approx(120 / 2000 * 100)  # 6 %


def test_posts_count_distinct_post_ids() -> None:
    # The same post reported on two days is one post; cost per post uses that count.
    k = _kpis(_frame(post_id=["a", "a", "b"], spend=[100.0, 0.0, 50.0]))
    assert k["posts"].value == 2
    assert k["cost_per_post"].value == pytest.approx(150 / 2)


def test_grouped_sums_use_each_groups_own_sums() -> None:
    agg = Aggregator(by=["influencer"])
    agg.add(THREE.iloc[:2])
    agg.add(THREE.iloc[2:])  # a second batch must fold into the same groups
    result = compute_kpis(agg.result())
    ana = {k.id: k for k in result["@ana"]}
    assert ana["ctr"].value == pytest.approx((12 + 8) / (1000 + 500) * 100)
    assert ana["posts"].value == 2
    assert ana["cpc"].value == pytest.approx((100 + 100) / (12 + 8))


def test_tier_edges_follow_the_spec() -> None:
    tiers = tier_from_followers(
        pd.Series([9_999, 10_000, 99_999, 100_000, 499_999, 500_000, 999_999, 1_000_000])
    )
    assert list(tiers) == ["nano", "micro", "micro", "mid", "mid", "macro", "macro", "mega"]


def test_every_kpi_has_a_phase_and_unit() -> None:
    assert {k.phase for k in KPI_DEFS} == {"awareness", "consideration", "conversion", "spend"}
    assert {k.unit for k in KPI_DEFS} <= {"count", "percent", "ratio", "money"}
    assert len({k.id for k in KPI_DEFS}) == len(KPI_DEFS) == 30


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1234, "count", "1,234"),
        (12_345, "count", "12.3K"),
        (999_999, "count", "1.00M"),  # 999.999K rounds up a unit: three figures
        (1_200_000, "count", "1.20M"),
        (3_400_000_000, "count", "3.40B"),
        (12.4, "money", "$12.40"),
        (1653.444, "money", "$1,653.44"),
        (48_210, "money", "$48.2K"),
        (-12.4, "money", "-$12.40"),
        (3.1, "percent", "3.10%"),
        (1.25, "percent", "1.25%"),
        (240.4, "percent", "240%"),
        (2.4, "ratio", "2.40×"),
        (None, "money", "—"),
        (18_019.5, "money", "$18.0K"),  # three figures, not $18K
        (5.7e-07, "percent", "<0.01%"),  # never 5.7e-07%
        (-0.0004, "money", ">-$0.01"),  # never -$0.00
        (-0.0, "percent", "0.00%"),
        (0.004, "ratio", "<0.01×"),
        (41_449, "count", "41.4K"),
        (607_812, "count", "608K"),
    ],
)
def test_numbers_read_as_analysts_write_them(value: float | None, unit: str, text: str) -> None:
    from kpi_cli import fmt

    assert fmt.value(value, unit) == text


@pytest.mark.parametrize("by", [[], ["platform"], ["influencer"]])
def test_distinct_pairs_same_from_categorical_and_plain_text(by: list[str]) -> None:
    # The reader hands dimensions over as Categoricals (with unused categories at
    # times); the distinct counts and tier / platform values must not depend on that.
    plain = pd.DataFrame(
        {
            "influencer": ["@a", "@b", None, "@a", "@c", "@b"],
            "platform": ["TikTok", "Instagram", "TikTok", None, "TikTok", "TikTok"],
            "tier": ["micro", "Micro", "mid", "nano", None, "mid-tier"],
            "clicks": [1, 2, 3, 4, 5, 6],
        }
    )
    categorical = plain.copy()
    for col in ("influencer", "platform", "tier"):
        extra = [*plain[col].dropna().unique(), "@unused", "YouTube", "mega"]
        categorical[col] = pd.Categorical(plain[col], categories=list(dict.fromkeys(extra)))
    results = []
    for frame in (plain, categorical):
        agg = Aggregator(by=by)
        agg.add(frame.iloc[:3])
        agg.add(frame.iloc[3:])
        gs = agg.result()
        names = [str(k) for k in gs.sums.index]
        results.append(
            (
                {
                    dim: {str(k): int(v) for k, v in _by_group(gs, s).items()}
                    for dim, s in gs.distinct.items()
                },
                {dim: dict(zip(names, v.tolist(), strict=True)) for dim, v in gs.values.items()},
                _by_group(gs, gs.sums["clicks"]),
            )
        )
    assert results[0] == results[1]
    if not by:
        distinct, values, _ = results[1]
        assert distinct["influencer"] == {"0": 3}
        assert values["platform"] == {"0": ("Instagram", "TikTok")}
        assert values["tier"] == {"0": ("micro", "mid", "nano")}


def _group_spend(*batches: tuple[list[str], list[float]]) -> dict[str, float]:
    agg = Aggregator(by=["influencer"])
    for influencers, spend in batches:
        agg.add(pd.DataFrame({"influencer": influencers, "spend": spend}))
    gs = agg.result()
    return _by_group(gs, gs.sums["spend"])


def test_grouped_money_sums_are_exact_to_the_cent() -> None:
    # 1e12 + 0.01 is rounded to 1e12 + 0.010009765625 in binary: adding a cent 100 times
    # one after another drifts by about 1e-3, but $1,000,000,000,000 + 100 × $0.01 is
    # exactly $1,000,000,000,001.00.
    spend = _group_spend((["@a"] * 101, [1e12] + [0.01] * 100))
    assert spend == {"@a": 1_000_000_000_001.0}


def test_grouped_money_with_fractions_of_a_cent_switches_to_float_sums() -> None:
    # First batch whole cents, the second has $0.125 (not whole cents): the column goes on
    # in floats and keeps what the cents added so far. @a: 0.10 + 0.125; @b: 0.20 + 2.50.
    spend = _group_spend((["@a", "@b"], [0.10, 0.20]), (["@a", "@b"], [0.125, 2.50]))
    assert spend == {"@a": 0.225, "@b": 2.7}


@pytest.mark.parametrize("cells", [1 << 25, 4])  # a table of (group, value); pairs as int64 past 4 cells
def test_distinct_influencers_per_group_as_table_or_pairs(
    monkeypatch: pytest.MonkeyPatch, cells: int
) -> None:
    import kpi_cli.kpis as kpis

    monkeypatch.setattr(kpis, "_TABLE_CELLS", cells)
    agg = Aggregator(by=["platform"])
    agg.add(_frame(platform=["ig", "ig", "tt"], influencer=["@a", "@b", "@a"], impressions=[1, 2, 3]))
    agg.add(_frame(platform=["ig", "yt", "tt"], influencer=["@a", "@c", "@d"], impressions=[4, 5, 6]))
    gs = agg.result()
    distinct = _by_group(gs, gs.distinct["influencer"])
    assert distinct == {"ig": 2, "tt": 2, "yt": 1}  # ig: @a @b; tt: @a @d; yt: @c
    assert agg.total().distinct["influencer"].tolist() == [4]  # @a @b @c @d


def _categorical_batch(
    platform: list[str], influencer: list[str | None], dates: list[str | None]
) -> pd.DataFrame:
    # As the reader gives dimensions: Categoricals of one dtype per file, whose categories
    # a batch need not use, with missing values; dates as datetime64[s] with NaT.
    people = pd.CategoricalDtype(["@a", "@b", "@c", "@unused"])
    return pd.DataFrame(
        {
            "platform": pd.Categorical(platform, categories=["ig", "tt", "yt"]),
            "influencer": pd.Categorical(influencer, dtype=people),
            "date": pd.to_datetime(pd.Series(dates)).astype("datetime64[s]"),
            "impressions": pd.array([1] * len(platform), dtype="Int64"),
        }
    )


@pytest.mark.parametrize("cells", [1 << 25, 4])
def test_distinct_values_from_categorical_codes(monkeypatch: pytest.MonkeyPatch, cells: int) -> None:
    import kpi_cli.kpis as kpis

    monkeypatch.setattr(kpis, "_TABLE_CELLS", cells)
    batches = [
        _categorical_batch(["ig", "ig", "tt"], ["@a", None, "@a"], [None, "2025-03-05", "2025-03-02"]),
        _categorical_batch(["ig", "yt", "tt"], ["@b", "@c", None], [None, None, None]),
    ]
    grouped, totals = Aggregator(by=["platform"]), Aggregator()
    for batch in batches:
        grouped.add(batch)
        totals.add(batch)
    # ig: @a @b; tt: @a (its other row has none); yt: @c. Never @unused, never a missing one.
    gs = grouped.result()
    assert _by_group(gs, gs.distinct["influencer"]) == {"ig": 2, "tt": 1, "yt": 1}
    for agg in (grouped, totals):
        total = agg.total()
        assert total.distinct["influencer"].tolist() == [3]  # @a @b @c
        assert total.distinct["platform"].tolist() == [3]
        assert total.values["platform"].tolist() == [("ig", "tt", "yt")]
        # The first date of the file is missing and the second batch has none at all.
        assert (total.date_min, total.date_max) == (np.datetime64("2025-03-02"), np.datetime64("2025-03-05"))


@pytest.mark.parametrize("squeeze_at", [1 << 24, 500])  # 500: repeats squeezed out on the way
def test_distinct_posts_across_batches(monkeypatch: pytest.MonkeyPatch, squeeze_at: int) -> None:
    import numpy as np

    import kpi_cli.kpis as kpis

    monkeypatch.setattr(kpis, "_COMPACT_AT", squeeze_at)
    keys = np.arange(3000, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # all 256 buckets
    keys[2000:2100] = keys[:100]  # 100 posts seen again 20 batches later
    posts = kpis._PostIds()
    for start in range(0, 3000, 100):
        posts.add(keys[start : start + 100].copy(), None)
    per_group, distinct = posts.counts(1)
    assert distinct == 3000 - 100
    assert per_group.tolist() == [2900]


@pytest.mark.parametrize("grouped", [False, True])
def test_hashes_alike_in_the_bits_sorted_first_are_still_told_apart(grouped: bool) -> None:
    # The end sorts bits 24-55 of each hash first and whole hashes only where those
    # match. Hashes a, b, c share their top byte and bits 24-55 and differ below:
    # three posts. d is a again (a real repeat) in the same bucket; e is alone.
    import numpy as np

    import kpi_cli.kpis as kpis

    alike = (np.uint64(0xAB) << np.uint64(56)) | (np.uint64(0x12345678) << np.uint64(24))
    a, b, c = alike | np.uint64(1), alike | np.uint64(2), alike | np.uint64(3)
    e = np.uint64(0x0100000000000000)
    posts = kpis._PostIds()
    first = np.array([a, b, e], dtype=np.uint64)
    second = np.array([c, a], dtype=np.uint64)  # a again
    posts.add(first, np.array([0, 1, 1]) if grouped else None)
    posts.add(second, np.array([1, 0]) if grouped else None)  # a again in its own group 0
    per_group, distinct = posts.counts(2 if grouped else 1)
    assert distinct == 4  # a, b, c, e
    # grouped: group 0 has a (twice) = 1 post; group 1 has b, e, c = 3 posts
    assert per_group.tolist() == ([1, 3] if grouped else [4])
    # Without the repeat, the alike hashes alone: every one counts
    posts.add(np.array([a, b, c], dtype=np.uint64), np.array([0, 0, 1]) if grouped else None)
    per_group, distinct = posts.counts(2 if grouped else 1)
    assert distinct == 3
    assert per_group.tolist() == ([2, 1] if grouped else [3])


@pytest.mark.parametrize("squeeze_at", [1 << 24, 500])  # 500: duplicate pairs squeezed out on the way
def test_distinct_posts_per_group_across_buckets(monkeypatch: pytest.MonkeyPatch, squeeze_at: int) -> None:
    import numpy as np

    import kpi_cli.kpis as kpis

    monkeypatch.setattr(kpis, "_COMPACT_AT", squeeze_at)
    keys = np.arange(3000, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # all 256 buckets
    gids = np.arange(3000) % 7
    keys[2000:2100], gids[2000:2100] = keys[:100], gids[:100]  # the same post again, same group
    keys[2100:2150], gids[2100:2150] = keys[100:150], (gids[100:150] + 1) % 7  # and in another group
    expected: dict[int, set[int]] = {}
    for key, gid in zip(keys.tolist(), gids.tolist(), strict=True):
        expected.setdefault(gid, set()).add(key)
    posts = kpis._PostIds()
    for start in range(0, 3000, 100):
        posts.add(keys[start : start + 100].copy(), gids[start : start + 100].copy())
    per_group, distinct = posts.counts(7)
    assert per_group.tolist() == [len(expected[g]) for g in range(7)]
    assert distinct == 3000 - 150  # 2000..2149 repeat posts seen before


def test_group_numbers_kept_in_two_bytes_past_65536_groups_too() -> None:
    # Ten million group numbers are kept until the end: 2 bytes each while a breakdown
    # has at most 65,536 groups, and past that (200,000 creators) with bits 16-23 in the
    # hashes' top byte, which their bucket already tells. Both kinds of batch must count
    # together.
    import numpy as np

    import kpi_cli.kpis as kpis

    keys = np.arange(1, 401, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    posts = kpis._PostIds()
    posts.add(keys[:200].copy(), np.arange(200) % 4, groups=4)  # groups 0-3: 50 posts each
    wide = np.where(np.arange(200) % 2 == 0, 70_000, 3)  # group 70,000 wraps to 4,464 in 2 bytes
    posts.add(keys[200:].copy(), wide, groups=70_001)
    posts.add(keys[:10].copy(), np.full(10, 70_000), groups=70_001)  # posts 0-9 again, in group 70,000
    assert posts.stored[0].gids is not None and posts.stored[0].gids.dtype == np.uint16
    assert posts.stored[1].gids is not None and posts.stored[1].gids.dtype == np.uint16
    assert posts.stored[1].packed and not posts.stored[0].packed
    per_group, distinct = posts.counts(70_001)
    assert distinct == 400  # posts 0-9 came twice
    assert per_group[:4].tolist() == [50, 50, 50, 50 + 100]  # group 3: 50, then every odd one of 200..399
    assert per_group[70_000] == 100 + 10  # every even one of 200..399, and posts 0-9
    assert per_group.sum() == 400 + 10


@pytest.mark.parametrize("squeeze_at", [1 << 24, 700])  # 700: pairs squeezed (and packed again) on the way
@pytest.mark.parametrize("top", [200_000, (1 << 24) + 5])  # past 2**24 group numbers stay in 4 bytes
def test_distinct_posts_of_many_groups_match_a_count_by_sets(
    monkeypatch: pytest.MonkeyPatch, squeeze_at: int, top: int
) -> None:
    import numpy as np

    import kpi_cli.kpis as kpis

    monkeypatch.setattr(kpis, "_COMPACT_AT", squeeze_at)
    rng = np.random.default_rng(7)
    keys = rng.integers(0, 2**64, size=2000, dtype=np.uint64)
    keys[1500:1800] = keys[:300]  # posts seen again...
    gids = rng.integers(0, top, size=2000)
    gids[1500:1650] = gids[:150]  # ... half in their own group, half in another
    gids[1999] = top - 1  # the last batch has the highest group number
    expected: dict[int, set[int]] = {}
    for key, gid in zip(keys.tolist(), gids.tolist(), strict=True):
        expected.setdefault(gid, set()).add(key)
    posts = kpis._PostIds()
    for start in range(0, 2000, 250):
        posts.add(keys[start : start + 250].copy(), gids[start : start + 250].copy(), groups=top)
    if squeeze_at > 2000:  # every batch as it came: two bytes a group number, but past 2**24
        wide = [item.gids is not None and item.gids.dtype == np.int32 for item in posts.stored]
        assert wide == [False] * 7 + [top > 1 << 24]
    per_group, distinct = posts.counts(top)
    assert distinct == 2000 - 300
    assert {g: int(per_group[g]) for g in expected} == {g: len(v) for g, v in expected.items()}
    assert int(per_group.sum()) == sum(len(v) for v in expected.values())


@pytest.mark.parametrize("grouped", [False, True])
def test_distinct_posts_counted_on_two_threads_as_on_one(
    monkeypatch: pytest.MonkeyPatch, grouped: bool
) -> None:
    # Past _SERIAL_HASHES the buckets are counted in runs on two threads: the same counts,
    # repeats and posts without spend as one thread gives, and as sets of (post, group) say.
    import numpy as np

    import kpi_cli.kpis as kpis

    rng = np.random.default_rng(11)
    keys = rng.integers(0, 2**64, size=6000, dtype=np.uint64)
    keys[5000:5600] = keys[:600]  # 600 posts seen again
    gids = rng.integers(0, 9, size=6000)
    gids[5000:5300] = gids[:300]  # half of them in their own group
    unpriced = rng.random(6000) < 0.1  # a tenth of the rows without spend
    expected: dict[int, set[int]] = {}
    for key, gid in zip(keys.tolist(), (gids if grouped else np.zeros(6000, int)).tolist(), strict=True):
        expected.setdefault(gid, set()).add(key)

    def count(serial: int) -> tuple[list[int], int, list[int], int]:
        monkeypatch.setattr(kpis, "_SERIAL_HASHES", serial)
        posts = kpis._PostIds()
        for start in range(0, 6000, 500):
            at = slice(start, start + 500)
            posts.add(keys[at].copy(), gids[at].copy() if grouped else None, groups=9, unpriced=unpriced[at])
        per_group, distinct = posts.counts(9 if grouped else 1)
        only, only_all = posts.only_unpriced
        return per_group.tolist(), distinct, only.tolist(), only_all

    one, two = count(1 << 30), count(0)
    assert two == one
    per_group, distinct = two[0], two[1]
    assert distinct == 6000 - 600
    assert per_group == [len(expected.get(g, ())) for g in range(9 if grouped else 1)]
    assert two[3] > 0  # some posts have no row with spend


def test_kpi_table_columns_hand_out_python_numbers_as_tolist_would() -> None:
    # The table keeps each KPI's values as the array the maths made; a value read from it
    # is the Python int or float `.tolist()` gives (JSON writes them as such), object
    # arrays (exact integer sums past 2**53) hand out their ints as they are.
    import numpy as np

    from kpi_cli.kpis import Column

    for array in (
        np.array([1.5, 2.0]),
        np.array([3, 2**62], dtype=np.int64),
        np.array([2**70, None], dtype=object),
    ):
        column = Column(array)
        assert [column[i] for i in range(len(column))] == array.tolist() == list(column)
        assert [type(column[i]) for i in range(len(column))] == [type(v) for v in array.tolist()]


def test_each_figure_knows_which_groups_have_no_reason() -> None:
    # kpi_table keeps each figure's `known` (its reason is None) up to date as reasons are
    # written, rather than looking for None again; here it is checked against the reasons,
    # on groups with blank cells, zero spend, zero clicks and a negative spend.
    import numpy as np

    from kpi_cli import kpis

    frame = pd.DataFrame(
        {
            "influencer": ["@a", "@a", "@b", "@c", "@d", "@e"],
            "impressions": [1000, None, 500, 800, 0, 300],
            "likes": [10, 5, None, 4, 0, 2],
            "clicks": [5, 1, 0, 2, 0, None],
            "conversions": [1, None, 0, 1, 0, 1],
            "revenue": [50.0, 10.0, 0.0, 20.0, 0.0, 5.0],
            "spend": [20.0, None, 0.0, -5.0, 0.0, 10.0],
        }
    )
    agg = Aggregator(by=["influencer"])
    agg.add(frame)
    s = kpis._Sums(agg.result())
    plan = kpis._plan(s)
    kpis._spend_notes(s, plan)
    for kpi, figure, _ in plan:
        expected = np.array([r is None for r in figure.reasons.tolist()])
        assert figure.known.tolist() == expected.tolist(), kpi
    reasons = {kpi: figure.reasons.tolist() for kpi, figure, _ in plan}
    assert reasons["cpc"][1] == "clicks sum to 0"  # @b: no clicks
    assert reasons["cpm"][1] == "no spend recorded"  # @b: spend 0 of 500 impressions


@settings(deadline=None, max_examples=150)
@example(pairs=[(0, v) for v in range(70)] + [(3, 69), (3, 0)], spellings="plain")  # past 64 values
@example(pairs=[(0, v) for v in range(65)] + [(1, 64)], spellings="odd")
@given(
    pairs=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 69)), max_size=60, unique=True),
    spellings=st.sampled_from(["plain", "clash", "odd"]),
)
def test_value_sets_are_each_groups_values_sorted_as_text(
    pairs: list[tuple[int, int]], spellings: str
) -> None:
    # kpis.value_sets packs a group's values into the bits of one integer; it must give the
    # tuple a plain gathering gives: each group's values' texts sorted, () for none. Up to
    # 70 values (past 64 they are gathered group by group), and texts two values share.
    import numpy as np

    from kpi_cli.kpis import value_sets

    def label(v: int) -> object:
        if spellings == "clash":
            return f"v{v % 5}"  # values 0, 5, 10 ... all write "v0"
        if spellings == "odd":
            return ["Ä", "a", "B", "b", "", "10", "9", "é", "E"][v % 9] + "x" * (v // 9)
        return f"value {v}"

    labels = np.array([label(v) for v in range(70)], dtype=object)
    groups = np.array([g for g, _ in pairs], dtype=np.intp)
    numbers = np.array([v for _, v in pairs], dtype=np.intp)
    found = value_sets(groups, numbers, labels, 12)
    expected: list[tuple[str, ...] | None] = []
    for g in range(12):
        texts = sorted(str(labels[v]) for gg, v in pairs if gg == g)
        expected.append(tuple(texts) if texts else None)
    assert found.tolist() == expected
    assert [found.at(g) for g in range(12)] == [e or () for e in expected]


_CELL = st.one_of(st.none(), st.integers(0, 10**6))
_MONEY = st.one_of(
    st.none(),
    st.integers(0, 10**8).map(lambda c: c / 100),  # whole cents
    st.floats(0, 1e9, allow_nan=False).map(lambda v: round(v, 3)),  # fractions of a cent
)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(  # (monkeypatch: each example sets both constants itself)
    batches=st.lists(
        st.lists(st.tuples(st.integers(0, 40), _CELL, _MONEY, _MONEY), min_size=1, max_size=8),
        min_size=1,
        max_size=6,
    )
)
def test_sums_over_a_batchs_own_groups_are_the_sums_over_all(
    monkeypatch: pytest.MonkeyPatch, batches: list[list[tuple[int, int | None, float | None, float | None]]]
) -> None:
    # With many groups a batch is summed over only the groups it holds (_GroupSums.add,
    # for --by post_id); every sum, count, cent and float bit must be what summing over
    # every group gives, the cents-to-floats switch and Neumaier's correction included.
    import kpi_cli.kpis as kpis

    frames = [
        pd.DataFrame(
            {
                "post_id": [f"p{g}" for g, *_ in rows],
                "clicks": pd.array([c for _, c, _, _ in rows], dtype="Int64"),
                "spend": [m for *_, m, _ in rows],
                "revenue": [r for *_, r in rows],
            }
        )
        for rows in batches
    ]
    results = []
    for local_from, share in ((10**9, 4), (-1, 0)):  # never, always
        monkeypatch.setattr(kpis, "_LOCAL_FROM", local_from)
        monkeypatch.setattr(kpis, "_LOCAL_SHARE", share)
        agg = Aggregator(by=["post_id"])
        for frame in frames:
            agg.add(frame)
        sums = agg.result().sums.to_pandas()
        totals = agg.total().sums.to_pandas()
        results.append((sums.to_dict(), list(sums.columns), agg.column_sums(), totals.to_dict()))
    assert repr(results[0]) == repr(results[1])  # repr: -0.0, and NaN equal to itself


@pytest.mark.parametrize("local", [False, True])
def test_float_sums_keep_what_each_batch_rounds_off(monkeypatch: pytest.MonkeyPatch, local: bool) -> None:
    # $0.001 (not whole cents: summed in floats), then 1e16, 1, 1 and -1e16, a batch each.
    # Added one after another in floats, 1e16 swallows the 0.001 and both 1s (its spacing
    # is 2): 0. Neumaier's correction, carried across batches, keeps them: 0.001 + 1 + 1.
    import kpi_cli.kpis as kpis

    if local:
        monkeypatch.setattr(kpis, "_LOCAL_FROM", -1)
        monkeypatch.setattr(kpis, "_LOCAL_SHARE", 0)
    agg = Aggregator(by=["post_id"])
    for spend in (0.001, 1e16, 1.0, 1.0, -1e16):
        agg.add(pd.DataFrame({"post_id": ["p1", "p2"], "spend": [spend, 0.5]}))
    gs = agg.result()
    assert _by_group(gs, gs.sums["spend"]) == {"p1": 2.001, "p2": 2.5}


_ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
_MONEYISH = st.integers(-(10**12), 10**12).map(lambda n: n / 1000)  # x.xxx
_NEAR_TIES = st.integers(-(10**15), 10**15).map(lambda n: (n + 0.5) / 1e6)  # x.xxxxxx5: a tie, or close


@settings(deadline=None, max_examples=300)
@example(values=[5.5e-06, 0.0006045, 0.1405005, 295.7622335, 554595.1118915, 841675234.7447715])
@example(values=[0.0000005, 0.0000015, 2.5e-7, 1.0000005, -0.0000005, -1e-9, 4503599627.3705, 1e300, 5e-324])
@given(values=st.lists(st.one_of(_ANY_FLOAT, _MONEYISH, _MONEYISH.map(lambda v: v / 7), _NEAR_TIES)))
def test_round6_rounds_as_python_does(values: list[float]) -> None:
    # kpis.round6 rounds sums of many groups at once; each must be the very double
    # round(v, 6) gives, sign of zero, NaN and infinities included.
    import numpy as np

    from kpi_cli.kpis import round6

    got = round6(np.array(values, dtype=np.float64))
    assert [repr(v) for v in got.tolist()] == [repr(round(v, 6)) for v in values]


# --------------------------------------------------------------------------- ratios across files
# A ratio stands on the rows where both of its sides are known (SPEC, Decisions). A file
# without a column has it blank on every row: its rows leave that column's ratios, as a
# blank cell would. Where some input has an engagements column, each row's engagements
# are its cell, else its likes + comments + shares + saves: groups add up to the total.


def _score(tmp_path: Any, files: dict[str, str], by: list[str] | None = None) -> dict[str, Any]:
    from kpi_cli.score import score_files

    names = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        names.append(str(tmp_path / name))
    report = score_files(names, by=by or [])
    groups = {g.label: {k.id: k for k in g.kpis} for g in report.groups}
    return {"Total": {k.id: k for k in report.total.kpis}, **groups}


def test_a_file_without_a_column_leaves_that_columns_ratios(tmp_path: Any) -> None:
    files = {
        "ads.csv": "influencer,impressions,clicks,spend\n@a,1000,10,100\n",
        "posts.csv": "influencer,impressions,spend\n@a,9000,100\n",  # no clicks column
    }
    for by in ([], ["influencer"]):
        scored = _score(tmp_path, files, by)
        for label in ("Total", "@a") if by else ("Total",):
            kpis = scored[label]
            assert kpis["ctr"].value == pytest.approx(10 / 1000 * 100)  # 1.0%, not 10 / 10,000
            assert kpis["cpc"].value == pytest.approx(100 / 10)  # $10.00: the spend of the row with clicks
            assert kpis["cpm"].value == pytest.approx(200 / 10_000 * 1000)  # both files have both sides
            assert kpis["clicks"].value == 10 and isinstance(kpis["clicks"].value, int)
            assert kpis["ctr"].missing == {"clicks": 1}
            assert isinstance(kpis["ctr"].missing["clicks"], int)
            assert kpis["ctr"].notes == ["on 1 of 2 rows"]


def test_engagements_are_the_column_else_the_parts_row_by_row(tmp_path: Any) -> None:
    files = {
        "mixed.csv": "influencer,impressions,engagements,likes,comments,spend,followers\n"
        "@a,1000,50,40,10,100,8000\n"  # the cell wins over its parts: 50
        "@a,1000,,20,10,100,8000\n"  # no cell: likes + comments, 30
        "@b,2000,,70,10,200,50000\n"  # 80
        "@b,2000,,60,20,,50000\n"  # 80, with no spend
        "@c,500,9,,,50,\n"
    }
    scored = _score(tmp_path, files, ["influencer"])
    a, b, c, total = scored["@a"], scored["@b"], scored["@c"], scored["Total"]
    assert a["engagements"].value == 50 + 30
    assert a["engagement_rate"].value == pytest.approx(80 / 2000 * 100)
    assert a["cpe"].value == pytest.approx(200 / 80)
    assert b["engagements"].value == 160
    assert b["engagement_rate"].value == pytest.approx(160 / 4000 * 100)  # 4.0%: both rows
    assert b["engagement_rate_by_followers"].value == pytest.approx(160 / 100_000 * 100)
    assert b["cpe"].value == pytest.approx(200 / 80)  # $2.50: the row with spend (it was $0.00)
    assert c["engagement_rate"].value == pytest.approx(9 / 500 * 100)
    assert total["engagements"].value == 80 + 160 + 9  # the groups add up
    assert total["engagement_rate"].value == pytest.approx(249 / 6500 * 100)
    assert total["cpe"].value == pytest.approx((100 + 100 + 200 + 50) / (50 + 30 + 80 + 9))
    assert total["engagements"].missing == {} and c["cpe"].missing == {}


def test_engagements_across_files_with_and_without_the_column(tmp_path: Any) -> None:
    files = {
        "instagram.csv": "influencer,impressions,engagements\n@a,1000,50\n@b,400,8\n",
        "tiktok.csv": "influencer,impressions,likes,comments\n@a,3000,100,20\n@c,2000,90,10\n",
        "other.csv": "influencer,impressions\n@c,6000\n",  # neither: no engagements at all
    }
    scored = _score(tmp_path, files, ["influencer"])
    assert scored["@a"]["engagements"].value == 50 + 120
    assert scored["@a"]["engagement_rate"].value == pytest.approx(170 / 4000 * 100)
    # @c: on its TikTok row, not on the row of the third file (which has no engagements).
    assert scored["@c"]["engagements"].value == 100
    assert scored["@c"]["engagement_rate"].value == pytest.approx(100 / 2000 * 100)
    assert scored["@c"]["engagement_rate"].missing == {"engagements": 1}
    assert scored["Total"]["engagements"].value == 50 + 8 + 120 + 100
    assert scored["Total"]["engagement_rate"].value == pytest.approx(278 / 6400 * 100)


def test_a_file_without_a_currency_beside_one_in_euros_is_said_to_be_counted_in_euros(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    (tmp_path / "eur.csv").write_text("Creator,Fee (EUR),Clicks\n@a,100,10\n")
    (tmp_path / "plain.csv").write_text("Creator,Fee,Clicks\n@b,200,20\n")
    files = [str(tmp_path / "eur.csv"), str(tmp_path / "plain.csv")]
    result = CliRunner().invoke(app, ["score", *files, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "plain.csv states no currency: its money is counted as EUR" in result.stderr
    assert "give --currency if not" in result.stderr
    stated = CliRunner().invoke(app, ["score", *files, "-f", "json", "--currency", "EUR"])
    assert "states no currency" not in stated.stderr


@given(
    st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), max_size=60),
    st.sampled_from(["int64", "uint64"]),
)
def test_distinct_ints_is_np_unique(values: list[int], dtype: str) -> None:
    array = np.array([v % 2**64 if dtype == "uint64" else v for v in values], dtype=dtype)
    assert distinct_ints(array).tolist() == np.unique(array).tolist()
    assert distinct_ints(np.array([3, 1, 3, 2, 1])).tolist() == [1, 2, 3]


_SPELLINGS = ["@lena", "lena", "LENA", "@noor", "Noor", "@sam", "x", "(blank)", "https://instagram.com/lena/"]


def _first_number(number: dict[str, int], firsts: dict[str, int], text: str) -> int:
    """The oracle of both numbering tests: a label's number is the order in which its
    value_key first turned up (`@Lena` and `lena` share one), each label looked at once."""
    from kpi_cli.read.labels import value_key

    if text not in number:
        key = value_key("influencer", text)
        firsts.setdefault(key, len(firsts))
        number[text] = firsts[key]
    return number[text]


@given(st.lists(st.lists(st.sampled_from(_SPELLINGS), max_size=8), max_size=4))
def test_numbering_gives_each_value_the_number_of_its_first_spelling(batches: list[list[str]]) -> None:
    # The labels of a batch at once (new ones numbered in bulk when no key is another's)
    # number as one label at a time would: a label seen before keeps its number, a new
    # spelling of a value numbered before (same value_key) gets that number, else the next.
    from kpi_cli.kpis import _Numbering
    from kpi_cli.read.labels import Identity

    numbering = _Numbering(Identity("influencer"))
    number: dict[str, int] = {}
    firsts: dict[str, int] = {}
    for texts in batches:
        want = [_first_number(number, firsts, text) for text in texts]
        got = numbering.numbers(pd.Index(texts, dtype=object)).tolist() if texts else []
        assert got == want
    assert len(numbering) == len(firsts)


@given(
    st.lists(st.lists(st.one_of(st.none(), st.sampled_from(_SPELLINGS)), max_size=8), max_size=4),
    st.booleans(),
)
def test_numbering_a_readers_categories_numbers_as_one_label_at_a_time(
    batches: list[list[str | None]], blank: bool
) -> None:
    # A reader's batches share a dtype that grows: its new categories are numbered without a
    # lookup (never numbered before), the missing value's label (BLANK) by one. The numbers
    # are those of one label at a time, row by row.
    import pyarrow as pa

    from kpi_cli.kpis import BLANK, _Numbering
    from kpi_cli.read.labels import Categories, Identity

    categories = Categories()
    numbering = _Numbering(Identity("influencer"))
    number: dict[str, int] = {}
    firsts: dict[str, int] = {}
    for batch in batches:
        codes = categories.encode(pa.array(batch, pa.string()))
        column = Frame({"influencer": codes}, np.arange(len(batch))).to_pandas()["influencer"]
        want = []
        for text in column.tolist():
            if not isinstance(text, str):
                if not blank:
                    want.append(-1)
                    continue
                text = BLANK
            want.append(_first_number(number, firsts, text))
        assert numbering.of_codes(codes, missing=BLANK if blank else None).tolist() == want


# Names as exports write one creator: case, `@`, spaces around and inside, a no-break space,
# full-width letters, a letter and its combining accent, `(blank)` written out, a profile link.
_WRITTEN = st.one_of(
    st.sampled_from(
        [
            "@Lena", "lena", " LENA ", "le na", "le\u00a0na", "le  na", "ＬＥＮＡ", "Zoë", "Zoe\u0308",
            "ZOË", "(blank)", "N/A", "", "https://www.instagram.com/lena/", "İstanbul", "istanbul", "ß",
        ]
    ),
    st.text(alphabet="abAB @é\u0301 \t", min_size=1, max_size=4),
    st.integers(0, 300).map(lambda k: f"@creator{k:04d}"),
)  # fmt: skip


@settings(deadline=None, max_examples=200)
@given(
    batches=st.lists(st.lists(st.one_of(st.none(), _WRITTEN), max_size=40), min_size=1, max_size=5),
    second=st.lists(st.one_of(st.none(), _WRITTEN), max_size=20),
)
def test_groups_by_name_number_label_and_show_as_python_does(
    batches: list[list[str | None]], second: list[str | None]
) -> None:
    # A breakdown by creator over batches of a file (and a second file after it): each
    # row's group, each group's label (its first spelling) and the spelling shown are
    # those of plain Python over the rows: a group per value_key, numbered in the order its
    # key first turns up, a blank cell in the `(blank)` group, shown in its best-ranked
    # spelling (least as text among equals; `(blank)` when one of its spellings is). New
    # names are told apart by the hashes of their keys while no two share one (most
    # batches), else one at a time: the same numbers either way.
    import pyarrow as pa

    from kpi_cli.kpis import BLANK, _Numbering
    from kpi_cli.read.labels import Categories, Identity, value_key

    fold = Identity("influencer")
    numbering = _Numbering(fold)
    firsts: dict[str, int] = {}  # key -> group number
    spellings: dict[int, list[str]] = {}  # group number -> its spellings, the first first
    for file in (batches, [second]):
        categories = Categories()  # one dictionary per file
        for batch in file:
            codes = categories.encode(pa.array(batch, pa.string()))
            texts = [BLANK if c < 0 else categories.values[c] for c in codes.codes.tolist()]
            # the keys by Arrow (what the hashes are of) are value_key's
            assert fold.arrow_keys(texts).to_pylist() == [value_key("influencer", t) for t in texts]
            want = []
            for text in texts:
                number = firsts.setdefault(value_key("influencer", text), len(firsts))
                if text not in spellings.setdefault(number, []):
                    spellings[number].append(text)
                want.append(number)
            assert numbering.of_codes(codes, missing=BLANK).tolist() == want
    assert numbering.index == [spelt[0] for spelt in spellings.values()]
    shown = [
        BLANK if BLANK in spelt else min((fold.rank(t, value_key("influencer", t)), t) for t in spelt)[1]
        for spelt in spellings.values()
    ]
    assert numbering.shown() == shown


def test_new_names_are_told_apart_by_hash_until_two_may_be_one() -> None:
    # 300 creators in a batch: their keys' hashes are all distinct, so no dict of keys (nor
    # a Python string of each) is made; `Creator0007` in the next batch shares a key with
    # `@creator0007`: the keys go into the dict, and it joins group 7 (not a 301st group).
    from kpi_cli.kpis import _Numbering
    from kpi_cli.read.labels import Identity

    numbering = _Numbering(Identity("influencer"))
    names = [f"@creator{k:04d}" for k in range(300)]
    assert numbering.of_category_codes(np.arange(300), names).tolist() == list(range(300))
    assert numbering._key_slots is not None and numbering._firsts == {}
    more = [*names, "Creator0007", "@new"]
    assert numbering.of_category_codes(np.array([300, 301, 5]), more).tolist() == [7, 300, 5]
    assert numbering._key_slots is None and len(numbering._firsts) == 301
    assert numbering.shown()[7] == "Creator0007"  # mixed case ranks over lower case (Identity.rank)


@settings(deadline=None, max_examples=200)
@given(
    values=st.lists(
        st.one_of(
            st.floats(-1e12, 1e12),
            st.integers(-(10**9), 10**9).map(lambda n: n / 1000),
            st.sampled_from([math.inf, -math.inf, 1e16, -1e16]),
        ),
        min_size=1,
        max_size=400,
    ),
    seed=st.integers(0, 2**32 - 1),
    groups=st.integers(1, 40),
    ordered=st.booleans(),
)
def test_float_group_sums_are_pandas_groupby_sums_to_the_bit(
    values: list[float], seed: int, groups: int, ordered: bool
) -> None:
    # groupsums.group_sums stands for pd.Series(values).groupby(groups).sum(): Kahan's sum row
    # by row, or np.add.reduceat when the rows come in group order. The same doubles.
    from kpi_cli import groupsums

    rng = np.random.default_rng(seed)
    gids = rng.integers(0, groups, len(values)).astype(np.intp)
    if ordered:
        gids.sort()
    x = np.array(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):  # inf - inf: NaN, in both
        want = pd.Series(x).groupby(gids).sum()
        found, sums = groupsums.group_sums(x, gids, groups)
    assert found.tolist() == want.index.tolist()
    assert sums.view(np.uint64).tolist() == want.to_numpy().view(np.uint64).tolist()


def test_a_creators_sums_are_compensated_in_every_column_when_one_has_a_blank() -> None:
    # read/restates sums a creator's figures (spellings of one name) as pandas summed the
    # columns together: a blank in any column sends every column through Kahan's sum.
    # 0.1 + 0.7 + 0.2 = 1; numpy's add of the three doubles gives 0.9999999999999999,
    # Kahan's keeps what each addition rounds off and gives 1.0. Spend: 5 + blank + 2 = 7.
    from kpi_cli.read.restates import _group_sums

    sums = {"impressions": np.array([0.1, 0.7, 0.2]), "spend": np.array([5.0, np.nan, 2.0])}
    together = _group_sums(sums, np.array([0, 0, 0]), 1)
    assert together["impressions"].tolist() == [1.0]
    assert together["spend"].tolist() == [7.0]
    # With no blank anywhere the rows in order are added by numpy, as before.
    alone = _group_sums({"impressions": sums["impressions"]}, np.array([0, 0, 0]), 1)
    assert alone["impressions"].tolist() == [0.9999999999999999]


def test_kahan_sums_of_long_groups_step_then_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past STEPS rows a group is summed in Python: the same doubles as pandas.
    from kpi_cli import groupsums

    monkeypatch.setattr(groupsums, "STEPS", 3)
    rng = np.random.default_rng(7)
    x = rng.random(5000) * 1e6 / 7
    gids = rng.integers(0, 4, 5000).astype(np.intp)
    want = pd.Series(x).groupby(gids).sum().to_numpy()
    assert groupsums.group_sums(x, gids, 4)[1].view(np.uint64).tolist() == want.view(np.uint64).tolist()


@given(values=st.lists(st.integers(-5, 30), max_size=60), wide=st.booleans())
def test_factorize_is_pandas_factorize(values: list[int], wide: bool) -> None:
    from kpi_cli import kpis

    x = np.array(values, dtype=np.int64) * (10**12 if wide else 1)  # wide: by a sort, else a table
    codes, uniques = kpis._factorize(x)
    want_codes, want_uniques = pd.factorize(x)
    assert codes.tolist() == want_codes.tolist()
    assert uniques.tolist() == want_uniques.tolist()
