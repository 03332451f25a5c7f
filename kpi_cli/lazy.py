"""Things made on first use: a module (`pc = LazyModule("pyarrow.compute")`) and a regex
(`_SUBTOTAL = lazy_compile(r"...")`).

The CLI starts parsing a file's first chunks while the rest of kpi loads; every module
the sniffing step imports delays that start, and pyarrow.compute alone costs ~20 ms.
Modules that only need it to parse cells (not to sniff) reach it through LazyModule.

Regexes compiled at import cost a small run (3 rows) some 60 ms, two thirds of it for
patterns it never uses: the totals labels of twenty languages, Excel's subtotal words.
lazy_compile defers each to its first use.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType
from typing import Any, cast


class LazyModule:
    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)


# What code asks a compiled pattern for: bound on the instance at first use, so later
# calls go straight to the compiled pattern's methods (no __getattr__ each time).
_ATTRIBUTES = (
    "match",
    "fullmatch",
    "search",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _LazyPattern:
    """A regex compiled the first time one of its attributes is asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, attr: str) -> Any:
        compiled = re.compile(*self._args)
        for name in _ATTRIBUTES:
            setattr(self, name, getattr(compiled, name))
        return getattr(compiled, attr)

    def __repr__(self) -> str:
        return f"lazy_compile({self._args[0]!r}, {self._args[1]})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), compiled when first used (see the module's docstring).
    It answers what a pattern answers (match, search, sub, pattern...), not isinstance,
    nor re.sub(pattern, ...): call the pattern's own methods."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
