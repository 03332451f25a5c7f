"""A module imported on first use: `pc = LazyModule("pyarrow.compute")`.

The CLI starts parsing a file's first chunks while the rest of kpi loads; every module
the sniffing step imports delays that start, and pyarrow.compute alone costs ~20 ms.
Modules that only need it to parse cells (not to sniff) reach it through this.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)
