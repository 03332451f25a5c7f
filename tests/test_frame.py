"""Frame, the reader's batches without pandas: conversions both ways keep every cell, and
concatenation keeps codes meaning the same values."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from kpi_cli.frame import Codes, Frame, Ints, blank, concat


def _frame(n: int, seed: int) -> Frame:
    rng = np.random.default_rng(seed)
    floats = rng.random(n)
    floats[rng.random(n) < 0.3] = np.nan
    mask = rng.random(n) < 0.3
    dates = np.array(rng.integers(0, 10**9, n), dtype="datetime64[s]")
    dates[rng.random(n) < 0.2] = np.datetime64("NaT")
    ids = pa.array([None if x < 0.2 else f"p{i}" for i, x in enumerate(rng.random(n))], pa.string())
    cats = ["@a", "@b", "@c"]
    return Frame(
        {
            "likes": np.arange(n, dtype=np.int64),
            "spend": floats,
            "clicks": Ints(rng.integers(0, 9, n), mask),
            "date": dates,
            "post_id": ids,
            "influencer": Codes(rng.integers(-1, 3, n).astype(np.int32), cats),
        },
        np.arange(2, n + 2, dtype=np.int64),
    )


@given(st.integers(0, 40), st.integers(0, 10**6))
def test_to_pandas_and_back_keeps_every_cell(n: int, seed: int) -> None:
    f = _frame(n, seed)
    df = f.to_pandas()
    assert list(df.index) == list(range(2, n + 2))  # spreadsheet rows
    assert str(df["clicks"].dtype) == "Int64" and str(df["influencer"].dtype) == "category"
    back = Frame.from_pandas(df)
    assert back.columns == f.columns and back.rows.tolist() == f.rows.tolist()
    for name in f.columns:
        assert blank(back[name]).tolist() == blank(f[name]).tolist(), name
    assert back["influencer"].values().tolist() == f["influencer"].values().tolist()
    assert back["post_id"].to_pylist() == f["post_id"].to_pylist()
    np.testing.assert_array_equal(back["spend"], f["spend"])
    np.testing.assert_array_equal(back["date"], f["date"])
    assert back["clicks"].data[~f["clicks"].mask].tolist() == f["clicks"].data[~f["clicks"].mask].tolist()


def test_take_and_concat() -> None:
    f = _frame(10, 1)
    g = concat([f.take(np.arange(5, 10)), f.take(np.arange(5))])
    assert g.rows.tolist() == [7, 8, 9, 10, 11, 2, 3, 4, 5, 6]
    assert g["influencer"].categories is f["influencer"].categories  # one file's dictionary, shared
    expect = f["influencer"].values().tolist()
    assert g["influencer"].values().tolist() == expect[5:] + expect[:5]


def test_concat_of_two_dictionaries_keeps_the_values() -> None:
    a = Frame({"platform": Codes(np.array([0, 1, -1], np.int32), ["tiktok", "instagram"])}, np.arange(3))
    b = Frame(
        {
            "platform": Codes(np.array([1, 0], np.int8), ["instagram", "youtube"]),
            "likes": np.array([4.0, 5.0]),
        },
        np.arange(3, 5),
    )
    c = concat([a, b])
    assert c["platform"].values().tolist() == ["tiktok", "instagram", None, "youtube", "instagram"]
    assert blank(c["likes"]).tolist() == [True, True, True, False, False]  # absent from a: blank there
    assert c["likes"][3:].tolist() == [4.0, 5.0]


def test_constant_marker_converts_as_a_one_category_column() -> None:
    df = Frame({"_x": Codes.constant("ads", 2)}, np.arange(2)).to_pandas()
    assert df["_x"].cat.categories.tolist() == ["ads"] and df["_x"].tolist() == ["ads", "ads"]
