"""Commands load only what they need (issue 21 item 4): pandas takes ~0.5 s to import,
more than everything else a small run does, so commands that read no campaign rows
never import it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported(*args: str) -> set[str]:
    """The top-level modules `kpi ARGS` imports, from Python's own import log."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kpi_cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "kpi_cli" in names  # the log was read
    return names


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("kpis",),
        ("benchmarks",),
        ("benchmarks", "-f", "json"),
        ("benchmarks", "--benchmarks", "benchmarks.yaml"),
    ],
)
def test_commands_without_campaign_rows_import_no_pandas(args: tuple[str, ...]) -> None:
    assert "pandas" not in imported(*args)
