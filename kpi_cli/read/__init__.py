"""Reading exports as users download them: one package, its modules importing one way.

    vocab      what a header says by itself (normal form, currency, money or ratio)
    profiles   each platform's headers as data (kpi_cli/profiles/*.yaml) and matching
    mapping    headers to canonical columns, by meaning (precedence, --map)
    numbers    number cells, and a file's one decimal mark
    dates      date cells, and a column's one style
    source     one input and everything decided about it
    sniff      encoding, delimiter, header row under a preamble; the per-file decisions
    chunks     the file cut into chunks and parsed by pyarrow on worker threads (no pandas)
    totals     totals and subtotal rows, by label and by sum
    labels     text columns: blanks, and dimension dictionaries kept across batches
    restates   inputs that restate one another (one export cut another way, a creator tab
               with the post tab it sums)
    frames     parsed batches to pandas frames of the rows kpi counts; read_all

Each module imports only those above it. The names below load on first use, so that
importing `kpi_cli.read.chunks` (to start parsing before pandas loads) stays light.
"""

from __future__ import annotations

from typing import Any

_NAMES = {
    "Source": "kpi_cli.read.source",
    "ReadOptions": "kpi_cli.read.source",
    "open_sources": "kpi_cli.read.sniff",
    "describe_columns": "kpi_cli.read.sniff",
    "sniff_notes": "kpi_cli.read.sniff",
    "read_all": "kpi_cli.read.frames",
    "findings": "kpi_cli.read.frames",
    "total_size": "kpi_cli.read.chunks",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        import importlib

        return getattr(importlib.import_module(_NAMES[name]), name)
    raise AttributeError(name)
