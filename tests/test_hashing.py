"""Post-ID hashes: a value's hash is its own, whatever else is in its batch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kpi_cli.hashing import HashSlots, hash_text
from kpi_cli.read import labels

texts = st.text(max_size=40) | st.text(min_size=250, max_size=300)  # both sides of the wide path


def hashes(values: list[str]) -> list[int]:
    return [int(h) for h in hash_text(pd.Series(values, dtype=object))]


@given(st.lists(texts, min_size=1, max_size=30), st.data())
@example(["p0000000001", "tiktok_7312345678901234567"], None)  # a longer ID made p… hash differently
@example(["", "ab", "x" * 300], None)
def test_a_value_hashes_the_same_in_any_batch(batch: list[str], data: st.DataObject | None) -> None:
    together = hashes(batch)
    alone = [hashes([value])[0] for value in batch]
    assert together == alone
    if data is not None:  # and in any order, next to any other values
        other = data.draw(st.permutations(batch + data.draw(st.lists(texts, max_size=5))))
        by_value = dict(zip(other, hashes(other), strict=True))
        assert [by_value[v] for v in batch] == together


@given(st.lists(texts, min_size=2, max_size=50, unique=True))
def test_different_values_hash_apart(batch: list[str]) -> None:
    assert len(set(hashes(batch))) == len(batch)


def test_same_width_ids_fast_path_matches_mixed_widths() -> None:
    ids = [f"p{i:010d}" for i in range(1000)]  # all 11 bytes: the one-copy path
    assert hashes(ids) == hashes([*ids, "a much longer post identifier"])[:1000]
    assert len(set(hashes(ids))) == 1000


@given(st.lists(st.none() | st.text(max_size=6), max_size=12), st.integers(0, 3))
@example(["p1", " p2", None, ""], 0)
@example(["", "a"], 0)
@example(["a", "", None], 0)
@example(["x", "é"], 0)
def test_post_ids_said_to_need_no_trim_have_nothing_to_trim(values: list[str | None], cut: int) -> None:
    """The reader skips trimming post IDs when their first and last bytes allow it: that
    must never skip a value with spaces (or non-ASCII) at either end, in a slice too."""
    arr = pa.array(["  pad  ", *values], pa.string()).slice(1 + min(cut, len(values)))
    kept = arr.to_pylist()
    edges = [c for v in kept if v for c in (v[0], v[-1])]
    if any(c <= " " or not c.isascii() for c in edges):
        assert labels.may_need_trim(arr)


@given(st.lists(texts, min_size=1, max_size=20))
def test_an_arrow_array_hashes_as_its_series(batch: list[str]) -> None:
    """Readers hand Arrow arrays, the math pandas objects: one value, one hash either way
    (the wide values, over 256 bytes, go through blake2b, the others through words)."""
    assert [int(h) for h in hash_text(pa.array(batch, pa.string()))] == hashes(batch)


# Hashes as they come: spread, clustered on purpose in the low bits (hash_text's last word is
# xor-ed on unmixed: `@creator000123` differs from `@creator000124` in its high bytes), and
# small numbers, equal ones among them.
HASHES = st.lists(
    st.one_of(
        st.integers(0, 2**64 - 1),
        st.integers(0, 40).map(lambda k: k << 56 | 0x726F7461),
        st.integers(0, 40),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(HASHES, min_size=1, max_size=5), looked=HASHES)
def test_hash_slots_find_what_a_dict_finds(parts: list[list[int]], looked: list[int]) -> None:
    # The table, built from the first part and grown part by part, holds each hash at its
    # position, as a dict of the hashes kept does; a part with a hash kept before (or twice)
    # makes it say so (False): the Categories then look values up by text for good.
    table = HashSlots.of(np.array(parts[0], dtype=np.uint64))
    kept: dict[int, int] = {}
    for k, part in enumerate(parts):
        fresh = len(set(part)) == len(part) and kept.keys().isdisjoint(part)
        if k == 0:
            assert (table is not None) == fresh
        else:
            assert table is not None
            assert table.add(np.array(part, dtype=np.uint64), len(kept)) == fresh
        if not fresh:
            return
        base = len(kept)
        kept.update((h, base + i) for i, h in enumerate(part))
        assert table is not None
        every = [*kept, *looked]
        found = table.find(np.array(every, dtype=np.uint64))
        assert found.tolist() == [kept.get(h, -1) for h in every]


def test_hash_slots_of_many_creators_stay_spread() -> None:
    # 200,000 handles of one shape: their hashes share their low bits, and a table keyed on
    # those bits probed one long run of slots for each (a lookup never ended in minutes).
    texts = pa.array([f"@creator{i:06d}" for i in range(200_000)], pa.string())
    hashes = hash_text(texts)
    table = HashSlots.of(hashes[:150_000])
    assert table is not None and table.add(hashes[150_000:], 150_000)
    assert (table.find(hashes[::-1]) == np.arange(200_000)[::-1]).all()
