"""glibc's malloc keeps the memory a big file's chunks free (chunks.keep_freed_memory)."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path
from typing import Any

import pytest

from kpi_cli.read import chunks


class _Libc:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

        def mallopt(param: int, value: int) -> int:
            self.calls.append((param, value))
            return 1

        def malloc_trim(pad: int) -> int:
            self.calls.append((0, pad))
            return 1

        self.mallopt, self.malloc_trim = mallopt, malloc_trim


def _fake_libc(monkeypatch: pytest.MonkeyPatch) -> _Libc:
    libc = _Libc()
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    monkeypatch.setattr(chunks, "_KEEP_FREED", [False])
    monkeypatch.setattr(chunks, "OWN_PROCESS", [True])  # as the command line sets it
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_", "GLIBC_TUNABLES"):
        monkeypatch.delenv(name, raising=False)
    return libc


def test_malloc_keeps_freed_memory_once_a_process(monkeypatch: pytest.MonkeyPatch) -> None:
    libc = _fake_libc(monkeypatch)
    chunks.keep_freed_memory()
    chunks.keep_freed_memory()
    # M_MMAP_THRESHOLD (-3): arrays under 32 MiB from the heaps; M_TRIM_THRESHOLD (-1):
    # up to 256 MiB free kept at a heap's top. Once.
    assert libc.calls == [(-3, 32 * 1024 * 1024), (-1, 256 * 1024 * 1024)]
    # At a file's end what malloc keeps is handed back (malloc_trim(0)); not after a chunk.
    chunks.release_memory()
    assert len(libc.calls) == 2
    chunks.release_memory(file_done=True)
    assert libc.calls[2:] == [(0, 0)]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MALLOC_TRIM_THRESHOLD_", "131072"),
        ("MALLOC_MMAP_THRESHOLD_", "65536"),
        ("MALLOC_TOP_PAD_", "0"),
        ("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=131072"),
    ],
)
def test_a_users_own_malloc_settings_are_kept(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    libc = _fake_libc(monkeypatch)
    monkeypatch.setenv(name, value)
    chunks.keep_freed_memory()
    chunks.release_memory(file_done=True)
    assert libc.calls == []


def test_not_on_other_systems(monkeypatch: pytest.MonkeyPatch) -> None:
    libc = _fake_libc(monkeypatch)
    monkeypatch.setattr(sys, "platform", "darwin")
    chunks.keep_freed_memory()
    chunks.release_memory(file_done=True)
    assert libc.calls == []


def test_only_files_of_several_chunks_ask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A small export is read in one chunk: nothing to keep between chunks.
    asked: list[int] = []
    monkeypatch.setattr(chunks, "keep_freed_memory", lambda: asked.append(1))
    from kpi_cli.read.sniff import open_sources

    small = tmp_path / "small.csv"
    small.write_text("date,influencer,post_id,impressions\n2025-03-01,@mia,P1,100\n")
    big = tmp_path / "big.csv"
    monkeypatch.setattr(chunks, "BLOCK_SIZE", 1 << 10)
    big.write_text("date,influencer,post_id,impressions\n" + "2025-03-01,@mia,P1,100\n" * 200)
    for path, expected in ((small, []), (big, [1])):
        asked.clear()
        (source,) = open_sources([str(path)])
        wanted = chunks.wanted_columns(source, None)
        parser: Any = chunks.ChunkParser(source, wanted, True)
        parser.close()
        assert asked == expected


def test_a_python_without_ctypes_reads_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    # Some Pythons are built without _ctypes (review s41 M1: every file over 14 MB was refused
    # with "unexpected ModuleNotFoundError").
    _fake_libc(monkeypatch)
    monkeypatch.setitem(sys.modules, "ctypes", None)  # `import ctypes` raises ImportError
    chunks.keep_freed_memory()
    chunks.release_memory(file_done=True)


def test_a_notebooks_process_is_left_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    # kpi_cli.score_files from a notebook: the process is not kpi's to tune.
    libc = _fake_libc(monkeypatch)
    monkeypatch.setattr(chunks, "OWN_PROCESS", [False])
    chunks.keep_freed_memory()
    chunks.release_memory(file_done=True)
    assert libc.calls == []


def test_the_command_line_owns_its_process() -> None:
    import subprocess

    code = (
        "import os, sys; import kpi_cli.cli as cli; from kpi_cli import lazy\n"
        "cli._exit = lambda code: (print('owned', lazy.OWN_PROCESS[0]), sys.stdout.flush(), os._exit(code))\n"
        "sys.argv = ['kpi', '--version']; cli.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "owned True" in done.stdout
