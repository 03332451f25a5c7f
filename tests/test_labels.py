"""Dimension dictionaries (read.labels): codes found by hash, handle keys and subtotal
shapes found by Arrow, held rows joined with one dtype. Each fast way is held to the
plain one it replaces."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kpi_cli.frame import Codes, Frame, Ints
from kpi_cli.read import labels
from kpi_cli.read import totals as tt

# Values as exports write them: handles, names, blanks, missing-value spellings, spaces
# around, non-ASCII letters, a control character Python strips and Arrow may not.
VALUE = st.one_of(
    st.sampled_from(
        ["", " ", "N/A", "-", "@lena", "Lena", " lena ", "@@lena", "lena@x", "Ünal", "\x1cx", "a b"]
    ),
    st.text(alphabet="ab@._ Éß\t", max_size=5),
)
Batches = list[list[str | None]]
BATCHES = st.lists(st.lists(st.one_of(st.none(), VALUE), max_size=30), min_size=1, max_size=6)


def norm(value: str | None) -> str | None:
    """The value a cell counts as: blank_to_null on its own."""
    return None if value is None else labels.blank_to_null(pa.array([value], pa.string()))[0].as_py()


def by_text(batches: list[list[str | None]]) -> list[list[int]]:
    """Codes numbered in order first seen, each batch's values in dictionary order."""
    seen: dict[str, int] = {}
    out = []
    for batch in batches:
        for value in dict.fromkeys(v for v in batch if v is not None):  # dictionary_encode's order
            text = norm(value)
            if text is not None and text not in seen:
                seen[text] = len(seen)
        out.append([-1 if norm(v) is None else seen[str(norm(v))] for v in batch])
    return out


def encoded(batches: list[list[str | None]]) -> list[list[int]]:
    categories = labels.Categories()
    return [categories.encode(pa.array(b, pa.string())).codes.tolist() for b in batches]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=BATCHES)
def test_codes_found_by_hash_are_the_codes_by_text(
    batches: list[list[str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(labels, "_HASHED", 2)  # past two values seen, lookups go by hash
    assert encoded(batches) == by_text(batches)


def length_hash(values: pa.Array) -> np.ndarray:
    """A hash every value of one length shares: collisions on purpose."""
    return np.array([len(v) for v in values.to_pylist()], dtype=np.uint64)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=BATCHES)
def test_values_sharing_a_hash_are_never_mixed_up(
    batches: list[list[str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(labels, "_HASHED", 2)
    monkeypatch.setattr(labels, "hash_text", length_hash)
    assert encoded(batches) == by_text(batches)


def test_a_new_value_with_a_known_hash_is_a_new_value(monkeypatch: pytest.MonkeyPatch) -> None:
    # `ab` and `cd` share a hash: `cd` is looked up by text, gets its own code, and from
    # then on every batch is looked up by text (the table would hold one hash twice).
    monkeypatch.setattr(labels, "_HASHED", 2)
    monkeypatch.setattr(labels, "hash_text", length_hash)
    categories = labels.Categories()
    assert categories.encode(pa.array(["a", "ab", "abc"])).codes.tolist() == [0, 1, 2]
    assert categories.encode(pa.array(["cd", "ab", "a"])).codes.tolist() == [3, 1, 0]
    assert categories.encode(pa.array(["abc", "cd", "e"])).codes.tolist() == [2, 3, 4]
    assert categories._texts.shared  # found when the table of hashes is next built


def test_a_missing_value_is_missing_whatever_its_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    # A missing value is hashed as "" to be looked up with the rest; a known value with
    # that hash must not give it a code.
    monkeypatch.setattr(labels, "_HASHED", 2)
    shifted = lambda values: np.maximum(length_hash(values), 1) - 1  # noqa: E731  "" and "a": 0
    monkeypatch.setattr(labels, "hash_text", shifted)
    categories = labels.Categories()
    assert categories.encode(pa.array(["a", "ab", "abc"])).codes.tolist() == [0, 1, 2]
    assert categories.encode(pa.array([None, "a", "N/A", "abc"])).codes.tolist() == [-1, 0, -1, 2]
    assert not categories._texts.shared


def test_lookups_go_by_hash_past_hashed_values() -> None:
    # The table is used (not the text lookup) once more than _HASHED values are known.
    categories = labels.Categories()
    many = [f"@creator{i}" for i in range(labels._HASHED + 10)]
    categories.encode(pa.array(many))
    again = categories.encode(pa.array(["@creator5", None, "N/A", many[-1]]))
    assert again.codes.tolist() == [5, -1, -1, len(many) - 1]
    assert categories._texts._table is not None and not categories._texts.shared


WORDS = [
    "Total",
    "SUMME",
    "ſumme",
    "Gesamt",
    "ergebnis",
    "Resultado",
    "totaal",
    "Totaux",
    "suma",
    "TOTALE",
    "Sub-total",
]
SUBTOTALISH = st.builds(
    lambda name, word, tail, first: (f"{word} {name}" if first else f"{name} {word}") + tail,
    st.text(alphabet="abÉ", min_size=1, max_size=4),
    st.sampled_from(WORDS),
    st.sampled_from(["", " ", "\t"]),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(SUBTOTALISH, st.text(max_size=10)), max_size=20))
def test_subtotal_candidates_miss_no_subtotal_shape(values: list[str]) -> None:
    found = set(tt.subtotal_candidates(pa.array(values, pa.string())).tolist())
    assert {i for i, v in enumerate(values) if tt.looks_subtotal(v)} <= found


def test_subtotal_candidates_leave_out_plain_ascii_names() -> None:
    names = pa.array(["@lena", "Spring Total", "Mode Summe", "Été Total", "Totally"])
    assert tt.subtotal_candidates(names).tolist() == [
        1,
        2,
        3,
        4,
    ]  # `Totally` has the word, looks_subtotal decides


def frame(codes: list[int], values: list[str], start: int) -> Frame:
    column = Codes(np.array(codes, dtype=np.int32), values)
    return Frame(
        {"influencer": column, "clicks": np.arange(len(codes))}, np.arange(start, start + len(codes))
    )


def test_concat_joins_one_files_codes_as_they_are() -> None:
    # One file's dictionary only grows (labels.Categories.values): batches share it, so
    # their codes are joined as they are; frames of two dictionaries are renumbered.
    values = ["@a", "@b"]
    first = frame([0, 1], values, 0)
    values.append("@c")  # a later batch brings a new creator
    parts = [first, frame([2, -1], values, 2), frame([1], values, 4)]
    joined = tt.concat(parts)
    assert joined["influencer"].categories is values
    assert joined["influencer"].codes.tolist() == [0, 1, 2, -1, 1]
    assert joined.rows.tolist() == [0, 1, 2, 3, 4]
    mixed = tt.concat([*parts, frame([0, 1], ["@z", "@a"], 5)])["influencer"]
    assert mixed.values().tolist() == ["@a", "@b", "@c", None, "@b", "@z", "@a"]


def test_released_rows_keep_the_files_one_dictionary() -> None:
    # Each batch's last row is released when the next batch comes; joined as they come,
    # they keep the file's one dictionary.
    values = ["@a", "@b"]
    held = tt.Held()
    for last, more in (([1], None), ([0], None), ([2], "@c"), ([1], None)):
        if more:
            values.append(more)
        held.release()
        held.last = frame(last, values, 10 * (len(held.released or ()) + 1))
    assert held.released is not None and held.last is not None
    assert held.released["influencer"].categories is values
    assert held.released["influencer"].codes.tolist() == [1, 0, 2]
    assert held.released.rows.tolist() == [10, 20, 30]
    assert held.count() == 4


def test_concat_joins_every_kind_of_column() -> None:
    # Columns of every kind a batch has, some differing from batch to batch (whole numbers
    # in one, decimals in the next; blanks; a column one batch lacks): joined cell for cell.
    one = Frame(
        {
            "clicks": Ints(np.array([1, 0]), np.array([False, True])),
            "spend": np.array([1.5, 2.0]),
            "post_id": pa.array(["p1", None], pa.string()),
            "date": np.array(["2025-03-01", "NaT"], dtype="datetime64[s]"),
            "views": np.array([1, 2], dtype=np.int64),
        },
        np.array([3, 4]),
    )
    two = Frame(
        {"clicks": np.array([7]), "spend": np.array([np.nan]), "views": np.array([2.5])},
        np.array([9]),
    )
    got = tt.concat([one, two]).to_pandas()
    assert got.index.tolist() == [3, 4, 9]
    assert got["clicks"].tolist() == [1, pd.NA, 7] and str(got["clicks"].dtype) == "Int64"
    assert got["spend"].fillna(-1).tolist() == [1.5, 2.0, -1]
    assert got["views"].tolist() == [1.0, 2.0, 2.5]  # whole beside decimals: decimals
    assert got["post_id"].tolist()[0] == "p1" and got["post_id"].isna().tolist() == [False, True, True]
    assert got["date"].isna().tolist() == [False, True, True]  # absent from the second: blank


@given(st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), max_size=40), st.integers(0, 5))
def test_counts_with_blanks_go_to_pandas_as_arrows_fill_null(values: list[int | None], skip: int) -> None:
    # frames reads a count column from its Arrow buffers (validity bits at any offset, a
    # slice's too): the numbers and blanks Arrow's fill_null and is_null give.
    from kpi_cli.read.frames import _numeric_array

    arr = pa.array(values, pa.int64()).slice(min(skip, len(values)))
    got = _numeric_array(arr)
    if arr.null_count == 0:
        assert np.asarray(got).tolist() == arr.to_pylist()
        return
    assert isinstance(got, Ints)
    assert got.data.tolist() == arr.fill_null(0).to_pylist()
    assert got.mask.tolist() == arr.is_null().to_pylist()


def test_values_trimming_makes_one_share_a_code_in_a_large_dictionary() -> None:
    # Past _SMALL values, `@a` and ` @a ` (and `="@b"` and `@b`) are two values of the
    # batch's dictionary but one creator: one code, the next free ones in order first seen.
    categories = labels.Categories()
    many = [f"@c{i}" for i in range(40)]
    batch = [*many, " @a ", "@a", '="@b"', "@b", "@c0"]
    assert categories.encode(pa.array(batch)).codes.tolist() == [*range(40), 40, 40, 41, 41, 0]
    assert categories.encode(pa.array(["@b", *many, "@new"])).codes.tolist() == [41, *range(40), 42]


def _plainly(value: str | None, names: bool) -> str | None:
    """blank_to_null of one value, in plain Python: trimmed, unmarked, a spelling of missing."""
    import re

    if value is None:
        return None
    text = re.sub(r"^'([=+\-@0-9])", r"\1", re.sub(r'^="(.*)"$', r"\1", value.strip(" \t")))
    spellings = set(labels._NAME_NULLS) if names else {"", *labels.NULLS}
    return None if text in spellings else text


SPELLINGS = sorted({*labels.NULLS, *labels._NAME_NULLS} - {""})
CELL = st.one_of(
    st.none(),
    st.sampled_from(SPELLINGS),
    st.sampled_from(SPELLINGS).map(lambda s: f" {s} "),
    st.integers(0, 10**12).map(lambda i: f"p{i:010d}"),  # post IDs: none looked up
    st.text(alphabet="pnN/A-#é '=\"0@", max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, max_size=40), st.booleans())
@example(["—", "p0000000001"], True)  # spellings whose bytes outnumber their characters
@example(["#¡DESBORDAMIENTO!", "p0000000001"], False)
@example(["(en blanco)"], True)
def test_blank_to_null_finds_every_missing_spelling_among_others(
    cells: list[str | None], names: bool
) -> None:
    # A column is looked up only if some value starts and is as long as a spelling of
    # missing (labels._may_be_missing): one `N/A` among a million post IDs is still found.
    got = labels.blank_to_null(pa.array(cells, pa.string()), names).to_pylist()
    assert got == [_plainly(cell, names) for cell in cells]
