"""Things made on first use: a module (`gzip = LazyModule("gzip")`) and a regex
(`_SUBTOTAL = lazy_compile(r"...")`).

The CLI starts parsing a file's first chunks while the rest of kpi loads; every module
the sniffing step imports delays that start. A module a run may not need at all (gzip
for a plain CSV) is reached through LazyModule; Arrow's compute functions load
themselves on first use (kpi_cli.compute).

Regexes compiled at import cost a small run (3 rows) some 60 ms, two thirds of it for
patterns it never uses: the totals labels of twenty languages, Excel's subtotal words.
lazy_compile defers each to its first use, and builds it from the program a previous run
compiled when there is one (`compile_pattern`).
"""

from __future__ import annotations

import _sre
import array
import contextlib
import importlib
import importlib.util
import re
import sys
import threading
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
        compiled = compile_pattern(*self._args)
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


# Compiled regex programs kept between runs. Python compiles a regex in Python (re._parser,
# re._compiler): some 60 M instructions of a small run for the patterns it uses, 15 M of
# them the totals labels of twenty languages. re.compile's last step builds the pattern
# from its program (a list of ints) with _sre.compile; the program is kept in the cache
# folder (as bytes: one copy to load), keyed by Python's version and its regex engine's,
# and a later run makes the pattern from it with that same call. A program is kept only
# when the pattern it makes equals re.compile's (Pattern equality compares the program
# itself); any failure means the usual compile.
_Program = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_KNOWN: dict[tuple[str, int], _Program] | None = None  # loaded on first use
_NEW: dict[tuple[str, int], _Program] = {}  # compiled in this run, to keep (save_patterns)
_LOCK = threading.Lock()  # patterns may be first used on the reader's threads
_MOST = 2000  # programs kept: past that (patterns made from data?) the cache starts again


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), from the kept program when a run compiled it before."""
    key = (pattern, flags)
    program = _known().get(key)
    if program is not None:
        try:
            final, code, groups, groupindex, indexgroup = program
            ops = array.array(_CODE, code).tolist()
            return cast("re.Pattern[str]", _sre.compile(pattern, final, ops, groups, groupindex, indexgroup))
        except Exception:  # another engine's program after all: compiled as usual
            pass
    compiled = re.compile(pattern, flags)
    program = _program(pattern, flags, compiled)
    if program is not None:
        _NEW[key] = program
    return compiled


def save_patterns() -> None:
    """Keep the programs of the patterns this run compiled (at the end of a CLI run)."""
    if not _NEW:
        return
    from kpi_cli import cache

    known = _known()
    kept = {**known, **_NEW} if len(known) + len(_NEW) <= _MOST else dict(_NEW)
    # never a reason for a run to fail: the next one compiles them again
    with contextlib.suppress(Exception):
        cache.write_object(_patterns_entry(), kept)
    _NEW.clear()


def _known() -> dict[tuple[str, int], _Program]:
    global _KNOWN
    if _KNOWN is None:
        with _LOCK:
            if _KNOWN is None:
                from kpi_cli import cache

                found = cache.read_object(_patterns_entry())
                _KNOWN = found if isinstance(found, dict) else {}
    return _KNOWN


def _patterns_entry() -> Any:
    from kpi_cli import cache

    return cache.path("patterns", f"{sys.version} {_sre.MAGIC} {_sre.CODESIZE}", suffix=".pickle")


# The array type of the engine's code words (4 bytes where Python's are, as on Linux and macOS).
_CODE = next((t for t in "IL" if array.array(t).itemsize == _sre.CODESIZE), "")


def _program(pattern: str, flags: int, compiled: re.Pattern[str]) -> _Program | None:
    """What re.compile handed _sre.compile for `pattern`, when it makes the very same pattern."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        ops = [int(op) for op in _compiler._code(parsed, flags)]  # plain ints, not named opcodes
        final, groups = int(flags | parsed.state.flags), parsed.state.groups - 1
        made = _sre.compile(pattern, final, ops, groups, groupindex, tuple(indexgroup))
        code = array.array(_CODE, ops).tobytes()
    except Exception:  # another Python's compiler: nothing kept
        return None
    same = made == compiled and made.groups == compiled.groups and made.groupindex == compiled.groupindex
    return (final, code, groups, groupindex, tuple(indexgroup)) if same else None


# Set by the command line: kpi runs alone in this process and exits after one command, so
# it may tune what is the process's own (glibc's malloc: chunks.keep_freed_memory). A
# notebook calling kpi_cli.score_files keeps its process as it was.
OWN_PROCESS = [False]


def own_process() -> None:
    """The command line owns this process (one command, then exit): kpi may tune it
    (chunks.keep_freed_memory), and pyarrow, once imported, neither imports pandas by
    itself nor writes pyarrow.compute's docstrings. Once; before anything imports pyarrow."""
    if OWN_PROCESS[0]:
        return
    OWN_PROCESS[0] = True
    pyarrow_without_pandas()  # a run that needs no pandas does not import it (issue 21)
    pyarrow_compute_without_docs()


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
