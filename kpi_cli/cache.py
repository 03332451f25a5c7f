"""Parsed data files kept as JSON in the user's cache folder (`$XDG_CACHE_HOME/kpi`, else
`~/.cache/kpi`): the shipped profiles and bands are YAML, and reading them back as JSON
saves a small run the YAML parse (and PyYAML's import). A file's key changes with its
size and time, so an edited file makes a new entry; only the newest few of a kind are
kept. Any failure (a read-only home) just means the YAML is read again.
"""

from __future__ import annotations

import os
from _blake2 import blake2b  # hashlib's, without hashlib's OpenSSL load (see kpi_cli/hashing.py)
from pathlib import Path
from typing import Any

KEEP = 8  # entries of one kind: a few checkouts or versions side by side, never a pile


def path(kind: str, key: str) -> Path:
    """Where the entry of `kind` (`profiles`, `benchmarks`) for `key` lives."""
    digest = blake2b(key.encode(), digest_size=12).hexdigest()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kpi" / f"{kind}-{digest}.json"


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
    import tempfile  # here, not at the top: a run that finds its cache writes none

    import orjson

    try:
        blob = orjson.dumps(data)
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=entry.parent, delete=False, suffix=".tmp") as fh:
            fh.write(blob)
        os.replace(fh.name, entry)
        kind = entry.name.rsplit("-", 1)[0]
        entries = sorted(entry.parent.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except (OSError, TypeError):
        pass
