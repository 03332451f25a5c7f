"""Parsed data files kept in the user's cache folder (`$XDG_CACHE_HOME/kpi`, else
`~/.cache/kpi`): the shipped profiles and bands are YAML, and reading them back saves a
small run the YAML parse (and PyYAML's import). The bands are kept as JSON; the profiles'
registry as a pickle of the built objects (`read_object`), one load where rebuilding it
from JSON was ~3,000 records and an index, ~60 M instructions of a small run. A file's key
changes with its size and time, so an edited file makes a new entry; only the newest few
of a kind are kept. Any failure (a read-only home, an entry another version wrote) just
means the YAML is read again.
"""

from __future__ import annotations

import os
from _blake2 import blake2b  # hashlib's, without hashlib's OpenSSL load (see kpi_cli/hashing.py)
from pathlib import Path
from typing import Any

KEEP = 8  # entries of one kind: a few checkouts or versions side by side, never a pile


def path(kind: str, key: str, suffix: str = ".json") -> Path:
    """Where the entry of `kind` (`profiles`, `benchmarks`) for `key` lives (`.pickle` for
    `read_object`'s)."""
    digest = blake2b(key.encode(), digest_size=12).hexdigest()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kpi" / f"{kind}-{digest}{suffix}"


def stamp(*files: Path) -> str:
    """The part of a key that changes when a file does: its path, size and time."""
    parts = []
    for file in files:
        info = file.stat()
        parts.append(f"{file}\0{info.st_size}\0{info.st_mtime_ns}")
    return "\0".join(parts)


def read(entry: Path) -> Any:
    """The entry's data; None when there is none yet or it cannot be read."""
    import orjson

    try:
        return orjson.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None


def write(entry: Path, data: Any) -> None:
    """Write an entry atomically, then drop all but the newest KEEP of its kind."""
    import orjson

    try:
        blob = orjson.dumps(data)
    except TypeError:
        return
    _store(entry, blob)


def read_object(entry: Path) -> Any:
    """The objects `write_object` kept; None when there are none or they cannot be loaded
    (a broken entry, or classes that changed: the key holds kpi's version and the reading
    module's time, so that is only a hand-made entry)."""
    import pickle

    try:
        return pickle.loads(entry.read_bytes())
    except Exception:  # any failure means: build them again
        return None


def write_object(entry: Path, data: Any) -> None:
    """Keep objects (kpi's own records, dicts, tuples) as a pickle, like `write`."""
    import pickle

    try:
        blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    except (TypeError, AttributeError, pickle.PicklingError):
        return
    _store(entry, blob)


def _store(entry: Path, blob: bytes) -> None:
    import tempfile  # here, not at the top: a run that finds its cache writes none

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=entry.parent, delete=False, suffix=".tmp") as fh:
            fh.write(blob)
        os.replace(fh.name, entry)
        kind = entry.name.rsplit("-", 1)[0]
        entries = sorted(entry.parent.glob(f"{kind}-*{entry.suffix}"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
