"""The JSON cache of the shipped YAML files: atomic entries, a bounded number per kind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpi_cli import cache


def test_only_the_newest_entries_of_a_kind_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    entries = [cache.path("profiles", f"checkout {i}") for i in range(cache.KEEP + 3)]
    for i, entry in enumerate(entries):
        cache.write(entry, {"n": i})
        os.utime(entry, ns=(i * 10**9, i * 10**9))  # written a second apart
    cache.write(cache.path("benchmarks", "one"), [1])  # another kind is not counted with them
    kept = sorted(p.name for p in (tmp_path / "kpi").glob("profiles-*.json"))
    assert kept == sorted(e.name for e in entries[-cache.KEEP :])
    assert cache.read(entries[-1]) == {"n": cache.KEEP + 2}
    assert cache.read(cache.path("benchmarks", "one")) == [1]
    assert cache.read(entries[0]) is None  # gone: the YAML is read again
    assert not list((tmp_path / "kpi").glob("*.tmp"))


def test_a_read_only_cache_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    entry = cache.path("benchmarks", "x")
    cache.write(entry, {"a": 1})  # cannot make the folder: nothing raised
    assert cache.read(entry) is None
