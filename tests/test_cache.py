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


def test_objects_are_kept_as_a_pickle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    entry = cache.path("profiles", "one", suffix=".pickle")
    cache.write_object(entry, {"a": (1, frozenset({"b"}))})
    assert entry.name.endswith(".pickle")
    assert cache.read_object(entry) == {"a": (1, frozenset({"b"}))}
    entry.write_bytes(b"\x80\x05broken")  # a broken entry: built again, no error
    assert cache.read_object(entry) is None
    assert cache.read_object(cache.path("profiles", "none", suffix=".pickle")) is None


def test_the_profile_registry_is_one_cached_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpi_cli.read import profiles

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KPI_PROFILES", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    profiles.registry.cache_clear()
    try:
        built = profiles.registry()  # from the YAML files; the built registry is kept
        (entry,) = (tmp_path / "kpi").glob("profiles-*.pickle")
        profiles.registry.cache_clear()

        def no_yaml(*args: object, **kwargs: object) -> None:
            raise AssertionError("the YAML was read again")

        load_profile = profiles.load_profile
        monkeypatch.setattr(profiles, "load_profile", no_yaml)
        loaded = profiles.registry()
        assert loaded is not built
        assert loaded.index == built.index and loaded.profiles == built.profiles
        assert loaded.english == built.english
        role = loaded.index["reach"][0]
        assert type(role) is profiles.Role and role.role == "reach"
        monkeypatch.setattr(profiles, "load_profile", load_profile)
        entry.write_bytes(b"not a pickle")  # a broken entry: the YAML is read again
        profiles.registry.cache_clear()
        assert profiles.registry().index == built.index
    finally:
        profiles.registry.cache_clear()
