"""The byte checks that stand in front of the totals and subtotal patterns.

totals.totals_mask looks at each value's first byte (totals._FIRST) before it runs TOTALS
over a column, and totals.subtotal_candidates keeps only labels holding one of
_SUBTOTAL_WORDS before Python's regex looks at them. A label the pattern reads but the
check turns away is a post: past the first batch, where every new value of a creator
column is a handle led by `@`, `2024 Q1 Total` was counted as a creator and its figures
twice. Here the checks are worked out from the patterns themselves, and files read in tiny
batches (as tests/test_scale.py reads them) show the rows left out.
"""

from __future__ import annotations

import re
import re._constants as sre  # the parse tree Python's own re compiles from
import re._parser as sre_parse
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from kpi_cli.read import chunks
from kpi_cli.read import totals as tt
from kpi_cli.score import score_files


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "BLOCK_SIZE", 2048)
    monkeypatch.setattr(chunks, "STREAM_BLOCK_SIZE", 2048)


# --------------------------------------------------------------------------- the patterns' first bytes

_ALL = set(range(256))
_LEADS = set(range(0xC2, 0xF5))  # the first byte of a non-ASCII character in UTF-8
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _char(code: int, fold: bool) -> set[int]:
    """The first bytes a character of a pattern may be written with."""
    if code >= 0x80:  # any lead byte; folded, an ASCII letter too (`ſ` is `s`, the Kelvin sign `k`)
        c = chr(code)
        same = {b for b in range(0x80) if chr(b).lower() == c.lower() or chr(b).upper() == c.upper()}
        return _LEADS | (same if fold else set())
    ch = chr(code)
    return ({ord(x) for x in (ch, ch.lower(), ch.upper()) if ord(x) < 0x80} | _LEADS) if fold else {code}


def _members(items: list[Any], fold: bool) -> set[int]:
    """The first bytes of a character class's members."""
    out: set[int] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out |= _char(av, fold)
        elif op is sre.RANGE:
            for code in range(av[0], min(av[1], 0x7F) + 1):
                out |= _char(code, fold)
            if av[1] >= 0x80:
                out |= _LEADS | {b for b in range(0x80) if fold and av[0] <= ord(chr(b).swapcase()) <= av[1]}
        elif op is sre.CATEGORY and av in (sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE):
            out |= set(b" \t\n\r\f\v") | _LEADS
        elif op is sre.CATEGORY and av in (sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_DIGIT):
            out |= set(b"0123456789") | _LEADS
        else:  # a negated class, a word class: anything
            return set(_ALL)
    return out


def _first(seq: Any, fold: bool) -> tuple[set[int], bool]:
    """The bytes a match of `seq` may start with, and whether it may match nothing."""
    out: set[int] = set()
    for op, av in seq:
        if op is sre.AT:
            continue
        if op is sre.LITERAL:
            return out | _char(av, fold), False
        if op is sre.IN:
            return out | _members(av, fold), False
        if op is sre.BRANCH:
            alts = [_first(alt, fold) for alt in av[1]]
            out |= set().union(*(a for a, _ in alts))
            if not any(e for _, e in alts):
                return out, False
        elif op is sre.SUBPATTERN:
            got, empty = _first(av[3], fold or bool(av[1] & re.IGNORECASE))
            out |= got
            if not empty:
                return out, False
        elif op in _REPEATS:
            got, empty = _first(av[2], fold)
            out |= got
            if av[0] and not empty:
                return out, False
        else:
            return set(_ALL), False
    return out, True


def first_bytes(pattern: str) -> set[int]:
    """Every byte a text `pattern` matches (from its start) may begin with."""
    tree = sre_parse.parse(pattern)
    got, empty = _first(list(tree), bool(tree.state.flags & re.IGNORECASE))
    return set(_ALL) if empty else got


def _letterless(seq: Any) -> bool:
    """Whether `seq` may match a text with no letter (ASCII, or any non-ASCII character)."""
    letters = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") | set(range(0x80, 0x100))
    for op, av in seq:
        if op is sre.LITERAL and (av >= 0x80 or chr(av).isalpha()):
            return False
        if op is sre.IN and not _members(av, True) - letters:
            return False
        if op is sre.BRANCH and not any(_letterless(alt) for alt in av[1]):
            return False
        if op is sre.SUBPATTERN and not _letterless(av[3]):
            return False
        if op in _REPEATS and av[0] and not _letterless(av[2]):
            return False
    return True


def test_the_first_bytes_looked_at_are_every_one_a_totals_label_may_start_with() -> None:
    # `2024 Q1 Total` (a digit), `'Total` (a spreadsheet's text mark), `Q1 total`,
    # `FY24 total` and `Nov total` start with bytes the hand-made table lacked.
    table = set(np.flatnonzero(tt._FIRST).tolist())
    for pattern in (tt.TOTALS, tt.STRONG, tt.WORDS):
        missing = first_bytes(pattern) - table
        assert not missing, bytes(sorted(missing))
    assert first_bytes(r"(?i)^\s*'?q1") == {*b" \t\n\r\f\v'qQ", *_LEADS}  # (the derivation itself)


def test_every_totals_label_holds_a_letter() -> None:
    # What lets a column of digits alone (post IDs) skip the pattern now digits lead it.
    for pattern in (tt.TOTALS, tt.STRONG, tt.WORDS):
        assert not _letterless(list(sre_parse.parse(pattern)))
    assert _letterless(list(sre_parse.parse(r"^\s*\d{4}\s*$")))  # (the check itself)


@pytest.mark.parametrize(
    "label", ["2024 Q1 Total", "'Total", "Q1 total", "FY24 total", "Nov total", " 2025-Q2 total"]
)
def test_a_column_of_handles_finds_a_total_led_by_any_byte(label: str) -> None:
    column = pa.array(["@ava", "@ben", label, "@cleo"])
    found = tt.totals_mask(column)
    assert found is not None and found.tolist() == [False, False, True, False]


def test_a_column_of_digits_alone_holds_no_total() -> None:
    assert tt.totals_mask(pa.array(["7234567890123", "7234567890124", None, ""])) is None


# --------------------------------------------------------------------------- the subtotal words

_DEFAULT = {sre.CATEGORY_SPACE: " ", sre.CATEGORY_DIGIT: "0", sre.CATEGORY_WORD: "a"}


def _spell(item: tuple[Any, Any]) -> str:
    """The shortest text one parse item matches (its first alternative; `x` for any char)."""
    op, av = item
    if op is sre.LITERAL:
        return chr(av)
    if op is sre.IN:
        kind, value = av[0]
        if kind is sre.LITERAL:
            return chr(value)
        return chr(value[0]) if kind is sre.RANGE else _DEFAULT.get(value, "x")
    if op is sre.BRANCH:
        return "".join(_spell(i) for i in av[1][0])
    if op is sre.SUBPATTERN:
        return "".join(_spell(i) for i in av[3])
    if op in _REPEATS:
        return "".join(_spell(i) for i in av[2]) * max(av[0], 0) if av[0] else ""
    return "x" if op in (sre.ANY, sre.NOT_LITERAL) else ""


def _spellings(seq: Any) -> list[str]:
    """Texts `seq` matches, each alternative and optional part taken once, the rest spelt
    the shortest way: a word of every alternative of the pattern."""
    items = list(seq)
    plain = [_spell(i) for i in items]
    out = ["".join(plain)]
    for n, (op, av) in enumerate(items):
        if op is sre.BRANCH:
            variants = [s for alt in av[1] for s in _spellings(alt)]
        elif op is sre.SUBPATTERN:
            variants = _spellings(av[3])
        elif op in _REPEATS:
            variants = [s * max(av[0], 1) for s in _spellings(av[2])]
        else:
            continue
        out += ["".join(plain[:n]) + v + "".join(plain[n + 1 :]) for v in variants]
    return out


def test_every_word_a_subtotal_label_may_hold_is_a_candidate() -> None:
    # `Recuento` (Spanish Excel's Count) holds `cuent`, not `cuenta`, `Dev.St` (Italian's
    # StdDev) no `std`, `Prodotto` no `produ`: each was turned away before the pattern saw it.
    spelt = {
        s.strip()
        for pattern in (tt._SUBTOTAL.pattern, tt._GRAND_FUNCTION.pattern)
        for s in _spellings(sre_parse.parse(pattern))
        if s.isascii()
    }
    labels = sorted(s for s in spelt if tt.looks_subtotal(s))
    assert len(labels) > 100  # (every alternative of the pattern spelt)
    hit = set(tt.subtotal_candidates(pa.array(labels)).tolist())
    assert [label for i, label in enumerate(labels) if i not in hit] == []
    assert {"x-recuento", "x-devst", "recuento x", "x-prodotto"} <= {s.lower() for s in labels}


# --------------------------------------------------------------------------- files read in batches

ROWS = 3000
HANDLES = 7


def _tracker(tmp_path: Path, label: str, at: int) -> Path:
    """Rows of @creator_0..6, post p0..p2999, impressions 1,000 + i; before row `at` a
    line labelled `label` in the creator column, no post ID, the sum of the rows above."""
    lines = ["date,influencer,post_id,impressions,clicks,spend\n"]
    for i in range(ROWS):
        if i == at:
            above = sum(1000 + j for j in range(at))
            lines.append(f"2025-03-01,{label},,{above},{sum(j % 13 for j in range(at))},\n")
        lines.append(f"2025-03-{1 + i % 28:02d},@creator_{i % HANDLES},p{i},{1000 + i},{i % 13},1.00\n")
    path = tmp_path / "tracker.csv"
    path.write_text("".join(lines))
    return path


@pytest.mark.parametrize(
    "label",
    [
        "2024 Q1 Total",
        "'Total",
        "Q1 total",
        "FY24 total",
        "Nov total",
        "@creator_1 Recuento",  # Spanish Excel's Count under @creator_1's rows
        "@creator_1 Dev.St",  # Italian Excel's StdDev
        "@creator_1 Prodotto",  # Italian Excel's Product
        "(Subtotal)",  # wrapped (tests/test_wrapped_totals.py)
        "- Total -",
    ],
)
def test_a_total_line_past_the_first_batch_is_no_post(tmp_path: Path, label: str) -> None:
    # Row 2,002 of 3,001 is some 60 KB in, dozens of 2 KiB batches past the first; every
    # creator value new in its batch is the label alone. Counted, it was an 8th creator, a
    # 3,001st post, and impressions 7,498,500 + 3,999,000 (the sum of rows 0..1,999).
    path = _tracker(tmp_path, label, 2000)
    assert len(path.read_bytes().split(b"\n", 2001)[-1]) < len(path.read_bytes()) - 20 * 2048
    report = score_files([str(path)])
    value = {k.id: k.value for k in report.total.kpis}
    assert value["posts"] == ROWS
    assert value["activated_influencers"] == HANDLES
    assert value["impressions"] == 1000 * ROWS + ROWS * (ROWS - 1) // 2  # 3,000,000 + 4,498,500
