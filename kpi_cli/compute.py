"""Arrow's compute functions, called through Arrow's function registry: `pc.equal(a, b)`,
`pc.cast(a, pa.int64())`, as with `import pyarrow.compute as pc`, without importing it.

`import pyarrow.compute` wraps every one of Arrow's ~290 compute functions in Python at
import, with a generated signature and docstring for each: some 25 ms of CPU, 6 % of a
small run, for the fifty functions kpi calls. Here a function is looked up the first time
kpi asks for it and called as pyarrow.compute's own wrapper calls it
(`Function.call(args, options, memory_pool)`, the options built from the keywords), so
results and errors are the same. `cast`, `fill_null`, `index` and `take`, which
pyarrow.compute writes by hand, are written here as there, and `dictionary_decode` as
pyarrow's DictionaryArray method does it.

Array methods that compute (`arr.cast()`, `arr.filter()`, `arr.take()`, `arr.is_null()`,
`arr.dictionary_decode()`, `arr.unique()` ...) import pyarrow.compute: kpi calls the functions here instead
(tests/test_lazy_imports.py checks a small run).

numpy and pyarrow only: every layer of kpi may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pyarrow as pa

__all__ = ["cast", "dictionary_decode", "fill_null", "index", "take"]


def _compute() -> ModuleType:
    """Arrow's compute extension, loaded on first use (~10 ms): modules import this one at
    the top, and sniffing, which calls none of it, does not wait for it."""
    from pyarrow import _compute

    return _compute


# Python names of functions whose Arrow names are keywords (as pyarrow.compute names them)
_ARROW_NAMES = {"and_": "and", "or_": "or"}


def __getattr__(name: str) -> Any:
    """An options class (`pc.CastOptions`) or a compute function (`pc.utf8_length`), made
    on first use and kept."""
    if name.startswith("__"):
        raise AttributeError(name)
    value = getattr(_compute(), name, None)
    if value is None:
        value = _wrap(name)
    globals()[name] = value
    return value


def _wrap(name: str) -> Callable[..., Any]:
    try:
        function = _compute().function_registry().get_function(_ARROW_NAMES.get(name, name))
    except pa.ArrowKeyError:
        raise AttributeError(f"no Arrow compute function {name!r}") from None
    options_name = function._doc.options_class
    options_class = getattr(_compute(), options_name) if options_name else None
    arity = function.arity

    def call(*args: Any, memory_pool: Any = None, options: Any = None, **kwargs: Any) -> Any:
        option_args: tuple[Any, ...] = ()
        if arity is not Ellipsis:
            if len(args) < arity or (options_class is None and len(args) > arity):
                raise TypeError(f"{name} takes {arity} positional argument(s), but {len(args)} were given")
            args, option_args = args[:arity], args[arity:]
        if options_class is None:
            if options is not None or kwargs:
                raise TypeError(f"{name} takes no options")
        elif option_args or kwargs:
            if options is not None:
                raise TypeError(
                    f"Function {name!r} called with both an 'options' argument and additional arguments"
                )
            options = options_class(*option_args, **kwargs)
        elif isinstance(options, dict):
            options = options_class(**options)
        return function.call(args, options, memory_pool)

    call.__name__ = call.__qualname__ = name
    return call


def cast(
    arr: Any, target_type: Any = None, safe: bool | None = None, options: Any = None, memory_pool: Any = None
) -> Any:
    if (safe is not None or target_type is not None) and options is not None:
        raise ValueError("Must either pass values for 'target_type' and 'safe' or pass a value for 'options'")
    if options is None:
        target_type = pa.types.lib.ensure_type(target_type)
        options_class = _compute().CastOptions
        options = options_class.unsafe(target_type) if safe is False else options_class.safe(target_type)
    return _compute().call_function("cast", [arr], options, memory_pool)


def fill_null(values: Any, fill_value: Any) -> Any:
    if not isinstance(fill_value, (pa.Array, pa.ChunkedArray, pa.Scalar)):
        fill_value = pa.scalar(fill_value, type=values.type)
    elif values.type != fill_value.type:
        fill_value = pa.scalar(fill_value.as_py(), type=values.type)
    return _compute().call_function("coalesce", [values, fill_value])


def index(
    data: Any, value: Any, start: int | None = None, end: int | None = None, *, memory_pool: Any = None
) -> Any:
    if start is not None:
        data = data.slice(start, end - start) if end is not None else data.slice(start)
    elif end is not None:
        data = data.slice(0, end)
    if not isinstance(value, pa.Scalar):
        value = pa.scalar(value, type=data.type)
    elif data.type != value.type:
        value = pa.scalar(value.as_py(), type=data.type)
    result = _compute().call_function("index", [data], _compute().IndexOptions(value=value), memory_pool)
    if start is not None and result.as_py() >= 0:
        result = pa.scalar(result.as_py() + start, type=pa.int64())
    return result


def take(data: Any, indices: Any, *, boundscheck: bool = True, memory_pool: Any = None) -> Any:
    options = _compute().TakeOptions(boundscheck=boundscheck)
    return _compute().call_function("take", [data, indices], options, memory_pool)


def dictionary_decode(arr: Any) -> Any:
    """A dictionary array's values (`arr.dictionary_decode()`, which imports pyarrow.compute
    to do this)."""
    return take(arr.dictionary, arr.indices)
