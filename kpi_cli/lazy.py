"""Things made on first use: a module (`gzip = LazyModule("gzip")`) and a regex
(`_SUBTOTAL = lazy_compile(r"...")`).

The CLI starts parsing a file's first chunks while the rest of kpi loads; every module
the sniffing step imports delays that start. A module a run may not need at all (gzip
for a plain CSV) is reached through LazyModule; Arrow's compute functions load
themselves on first use (kpi_cli.compute).

Regexes compiled at import cost a small run (3 rows) some 60 ms, two thirds of it for
patterns it never uses: the totals labels of twenty languages, Excel's subtotal words.
lazy_compile defers each to its first use.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import importlib.abc


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


def pyarrow_without_pandas() -> None:
    """Keep pyarrow from importing pandas by itself, until something imports pandas.

    pyarrow imports pandas (half a second) the first time it asks whether an object might
    be a pandas one, and it asks on most conversions: `pa.array(...)` of numpy, `Table`
    conversions. A run that uses no pandas still paid for it. Here pyarrow asks once
    (as soon as it is imported) while pandas cannot be imported, and so takes pandas as
    absent, which is true: no pandas object can exist before pandas is imported. When
    anything imports pandas later (kpi's own modules for lift, retention or a restated
    file), pyarrow is told at once, as if it had imported pandas itself, so conversions of
    pandas objects work exactly as before.

    pyarrow's C++ side still imports pandas on `Array.to_numpy()` and on converting Python
    lists and scalars of no stated type; kpi's score path does neither (see
    tests/test_lazy_imports.py)."""
    if "pandas" in sys.modules:
        return
    if "pyarrow" in sys.modules:
        _ask_without_pandas()
    else:  # `kpi --help` never imports pyarrow: nothing to do until something does
        sys.meta_path.insert(0, _After("pyarrow", _ask_without_pandas))


def _ask_without_pandas() -> None:
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    shim = pa.lib._pandas_api
    refuse = _Refuse()
    sys.meta_path.insert(0, refuse)
    try:
        shim.have_pandas  # noqa: B018 (the question pyarrow asks once per process)
    finally:
        sys.meta_path.remove(refuse)
    # pyarrow's own question again, answered by pandas itself (`_pandas_api.pd` imports
    # pyarrow's pandas integration, as pyarrow does when it finds pandas)
    sys.meta_path.insert(0, _After("pandas", lambda: shim.pd))


def pyarrow_compute_without_docs() -> None:
    """Let `import pyarrow.compute` skip writing its functions' docstrings.

    At import pyarrow.compute wraps each of Arrow's ~290 compute functions in Python and
    writes each a docstring, parsing the numpydoc of its options class with a vendored
    docscrape (which imports pydoc): about 30 ms of CPU, some 7 % of a small run, for
    text nobody reads in a kpi run. While it imports, docscrape is one that reads no
    docstring, so the options' parameters are left out of those docstrings; every
    function is wrapped and called exactly as before. The real docscrape is left for
    anything that imports it later."""
    if "pyarrow.compute" not in sys.modules:
        sys.meta_path.insert(0, _After("pyarrow.compute", lambda: None, around=_without_docscrape))


class _NoDocs(dict[str, list[Any]]):
    """docscrape.NumpyDocString(doc) as pyarrow.compute reads it (`['Parameters']`),
    without parsing `doc`."""

    def __init__(self, doc: str) -> None:
        super().__init__(Parameters=[])


def _without_docscrape(run: Callable[[], None]) -> None:
    name = "pyarrow.vendored.docscrape"
    real = sys.modules.get(name)
    stand_in = ModuleType(name)
    stand_in.NumpyDocString = _NoDocs  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    try:
        run()
    finally:
        if real is None:
            del sys.modules[name]
        else:
            sys.modules[name] = real


# The finders and the loader below are plain classes, as the import system asks no more
# (find_spec; create_module and exec_module): importlib.abc's bases would import
# importlib.resources too, ~3 ms of every run.
class _Refuse:
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


class _After:
    """The first import of module `name` as usual, then `then()`; `around`, if given,
    runs the module's code (`around(run)` calls `run()`)."""

    def __init__(
        self,
        name: str,
        then: Callable[[], object],
        around: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        self.name = name
        self.then = then
        self.around = around

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        except BaseException:
            sys.meta_path.insert(0, self)  # not imported after all: the next import, then
            raise
        if spec is not None and spec.loader is not None:
            spec.loader = cast("importlib.abc.Loader", _ThenCall(spec.loader, self.then, self.around))
        return spec


class _ThenCall:
    def __init__(
        self,
        loader: Any,
        then: Callable[[], object],
        around: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        self.loader = loader
        self.then = then
        self.around = around

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        if self.around is None:
            self.loader.exec_module(module)
        else:
            self.around(lambda: self.loader.exec_module(module))
        self.then()

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.loader, attr)
