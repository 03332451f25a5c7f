"""lazy_compile: a pattern compiled on first use answers as re.compile's does."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

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
