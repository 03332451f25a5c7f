"""kpi_cli.jsonfast must write exactly what json.dumps(indent=2) writes."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi_cli import jsonfast

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def reference(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False)


@given(documents)
def test_same_text_as_json_dumps(obj: Any) -> None:
    assert jsonfast.dumps(obj) == reference(obj)


@pytest.mark.parametrize("obj", [{}, [], (1, "x"), {1: 2, 2.5: None, None: True, False: 0}, 'a\u2028\n"é'])
def test_edge_cases(obj: Any) -> None:
    assert jsonfast.dumps(obj) == reference(obj)


@pytest.mark.parametrize("bad", [math.nan, math.inf, {"x": [-math.inf]}])
def test_non_finite_floats_are_refused(bad: Any) -> None:
    with pytest.raises(ValueError):
        jsonfast.dumps(bad)


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError):
        jsonfast.dumps({"x": object()})
