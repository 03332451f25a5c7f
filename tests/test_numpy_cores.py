"""The numpy cores of tiers and calendar periods give what pandas gave (issue 21 item 4:
a small run imports no pandas). The oracles are the pandas code they replaced."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

from kpi_cli.kpis import TIERS, period_categories, period_codes, tier_codes, tier_from_followers

_EDGES = [0, 10_000, 100_000, 500_000, 1_000_000, np.inf]


def _cut(values: list[float]) -> list[str | None]:
    """The tiers as pd.cut gave them (bins [edge, next edge))."""
    cut = pd.cut(pd.Series(values, dtype="float64"), bins=_EDGES, labels=list(TIERS), right=False)
    return [None if pd.isna(v) else str(v) for v in cut]


follower_counts = st.lists(
    st.one_of(
        st.sampled_from([0.0, 9_999.0, 10_000.0, 99_999.5, 100_000.0, 500_000.0, 999_999.0, 1e6, -1.0]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-10, 5_000_000).map(float),
    ),
    max_size=30,
)


@given(follower_counts)
@example([float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 10_000.0])
def test_tiers_by_followers_as_pd_cut(values: list[float]) -> None:
    # nano < 10k <= micro < 100k <= mid < 500k <= macro < 1M <= mega; -1, NaN, inf: none
    codes = tier_codes(np.array(values, dtype="float64"))
    assert [TIERS[c] if c >= 0 else None for c in codes.tolist()] == _cut(values)
    series = tier_from_followers(pd.Series(values, dtype="float64"))
    assert [None if pd.isna(v) else str(v) for v in series] == _cut(values)
    assert series.dtype == pd.CategoricalDtype(list(TIERS), ordered=True)


def _periods_by_pandas(dates: pd.Series, period: str) -> tuple[list[int], list[str]]:
    """period_categories as pandas wrote it (factorize, strftime, isocalendar)."""
    codes, uniques = pd.factorize(pd.to_datetime(dates, errors="coerce"))
    days = pd.DatetimeIndex(uniques)
    if period == "day":
        labels = days.strftime("%Y-%m-%d")
    elif period == "month":
        labels = days.strftime("%Y-%m")
    else:
        iso = days.isocalendar()
        labels = pd.Index(
            [f"{int(y):04d}-W{int(w):02d}" for y, w in zip(iso["year"], iso["week"], strict=True)]
        )
    label_codes, distinct = pd.factorize(np.asarray(labels, dtype=object))
    lookup = np.append(label_codes, -1)
    return lookup[codes].tolist(), [str(v) for v in distinct]


moments = st.lists(
    st.one_of(
        st.none(),
        st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31)),
        st.sampled_from(
            [dt.datetime(2024, 12, 30), dt.datetime(2026, 12, 31, 23, 59), dt.datetime(1969, 12, 31, 18)]
        ),
    ),
    max_size=25,
)


@given(moments, st.sampled_from(["day", "week", "month"]))
@example([dt.datetime(2024, 12, 30), dt.datetime(2025, 1, 5), dt.datetime(2026, 12, 31), None], "week")
@example([dt.datetime(1969, 12, 31, 18), dt.datetime(1970, 1, 1)], "day")
def test_periods_as_pandas_labelled_them(values: list[dt.datetime | None], period: str) -> None:
    # 30 Dec 2024 is in ISO week 2025-W01; 31 Dec 2026 in 2026-W53; 18:00 on 31 Dec 1969 is that day
    dates = pd.Series(values, dtype="datetime64[ns]")
    want_codes, want_labels = _periods_by_pandas(dates, period)
    codes, labels = period_codes(dates.to_numpy(), period)
    assert (codes.tolist(), labels) == (want_codes, want_labels)
    cat = period_categories(dates, period)
    assert (cat.codes.tolist(), list(cat.categories)) == (want_codes, want_labels)


@given(
    st.lists(
        st.sampled_from(
            [
                "Micro",
                "micro-influencer",
                "Mid-tier",
                "Méga",
                "KOL",
                "Tier 2",
                " nano ",
                "Celebrity",
                "Mikro",
                "",
            ]
        ),
        max_size=12,
    )
)
def test_tier_words_as_factorize_gave_them(spellings: list[str]) -> None:
    # `Micro` and `micro-influencer` are one word (micro); `KOL` stays as written
    from kpi_cli.kpis import _tier_word, tier_word_codes

    words, categories = pd.factorize(pd.Series([_tier_word(v) for v in spellings], dtype=object))
    lookup, got = tier_word_codes(spellings)
    assert (lookup.tolist(), got) == ([*words.tolist(), -1], [str(c) for c in categories])


@given(
    st.lists(st.integers(-80_000, 80_000), max_size=40) | st.lists(st.integers(-(10**7), 10**7), max_size=8)
)
def test_distinct_days_as_np_unique(numbers: list[int]) -> None:
    # days a few years apart go by a table over their span, centuries apart by sorting
    from kpi_cli.kpis import _distinct_days

    arr = np.array(numbers, dtype=np.int64)
    got = _distinct_days(arr)
    want = np.unique(arr, return_index=True, return_inverse=True)
    assert [g.tolist() for g in got] == [w.reshape(-1).tolist() for w in want]
