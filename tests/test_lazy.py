"""lazy_compile: a pattern compiled on first use answers as re.compile's does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi_cli import lazy
from kpi_cli.lazy import lazy_compile
from kpi_cli.read import totals

PATTERNS = [r"(?i)^\s*(?:grand\s+)?total\s*:?\s*$", r"(\d+)[.,](\d{3})", r"@[\w.]+", r"\s+"]


@given(st.sampled_from(PATTERNS), st.text(max_size=30), st.sampled_from([0, re.IGNORECASE]))
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern: str, text: str, flags: int) -> None:
    lazy, compiled = lazy_compile(pattern, flags), re.compile(pattern, flags)
    for method in ("match", "fullmatch", "search"):
        got, want = getattr(lazy, method)(text), getattr(compiled, method)(text)
        assert (got and got.group(0)) == (want and want.group(0))
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("_", text) == compiled.sub("_", text)
    assert lazy.split(text) == compiled.split(text)
    assert (lazy.pattern, lazy.flags, lazy.groups) == (compiled.pattern, compiled.flags, compiled.groups)


def test_compiled_once_then_called_directly() -> None:
    lazy = lazy_compile(r"a+")
    assert "match" not in vars(lazy)  # nothing compiled at import
    assert lazy.match("aa") is not None
    first = vars(lazy)["match"]
    assert lazy.match is first  # the compiled pattern's own method, bound once


def test_totals_labels_are_compiled_only_when_a_label_is_looked_at() -> None:
    """The subtotal words of twenty languages cost ~10 ms to compile: importing the reader
    compiles none of them (the 3-row run never uses two thirds of kpi's regexes)."""
    code = (
        "import kpi_cli.read.totals as t; "
        "names = ('_SUBTOTAL', '_GRAND_FUNCTION', '_PY_STRONG'); "
        "print(sorted(n for n in names if 'match' in vars(getattr(t, n))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert totals.looks_subtotal("@mia Total") and not totals.looks_subtotal("@mia")
    assert totals.is_subtotal("@mia Total", {totals.subtotal_key("@mia")})


@pytest.fixture
def fresh_programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """kpi_cli.lazy's kept programs in an empty cache folder, as at a run's start."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lazy, "_KNOWN", None)
    monkeypatch.setattr(lazy, "_NEW", {})
    return tmp_path


def test_a_compiled_program_is_kept_for_the_next_run(
    fresh_programs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pattern = r"(?P<amount>\d[\d,]*)\s*(?:k|mio\.?)?$"
    want = re.compile(pattern, re.IGNORECASE)
    assert lazy.compile_pattern(pattern, re.IGNORECASE) == want  # compiled as usual...
    lazy.save_patterns()  # ... and its program kept at the end of the run
    (entry,) = (fresh_programs / "kpi").glob("patterns-*.pickle")
    monkeypatch.setattr(lazy, "_KNOWN", None)  # the next run: no compiling at all

    def no_compile(*args: object) -> None:
        raise AssertionError("compiled again")

    real = re.compile
    monkeypatch.setattr(re, "compile", no_compile)
    got = lazy.compile_pattern(pattern, re.IGNORECASE)
    monkeypatch.setattr(re, "compile", real)
    # Pattern equality compares the flags, the text and the compiled program itself
    assert got == want and got.groupindex == want.groupindex and got.groups == want.groups == 1
    found = got.search("Total 1,200 K")
    assert found is not None and found.group("amount") == "1,200"
    entry.write_bytes(b"broken")  # a broken cache: compiled as usual
    monkeypatch.setattr(lazy, "_KNOWN", None)
    assert lazy.compile_pattern(pattern, re.IGNORECASE) == want


def test_a_program_that_does_not_fit_is_compiled_again(
    fresh_programs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lazy, "_KNOWN", {("a+", 0): (32, b"\x01\x02", 0, {}, (None,))})  # not a+'s
    assert lazy.compile_pattern("a+") == re.compile("a+")
    assert lazy.compile_pattern("a+").match("aab").group(0) == "aa"


def test_patterns_are_the_same_text_in_every_run() -> None:
    """A pattern built from a set (the currency marks) was joined in the set's order, which
    changes from run to run with string hashing: a new pattern to compile, and to keep, each
    time. The marks are ordered longest first, then alphabetically."""
    code = "from kpi_cli.read import numbers; print(numbers._CELL_NOISE.pattern, numbers._KNOWN_MARK.pattern)"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert len(runs) == 1
