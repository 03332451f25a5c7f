"""Shared fixtures: small exports whose figures are worked out by hand in the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# No property test is timed (hypothesis' default deadline fails an example slower than
# 200 ms): on a busy machine a correct test failed for the time it took.
settings.register_profile("kpi", deadline=None)
settings.load_profile("kpi")

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parent.parent / "sample_data" / "campaign_posts.csv"


@pytest.fixture
def three_posts() -> Path:
    """Three posts by two creators; every total is in the test that uses it."""
    return DATA / "three_posts.csv"


@pytest.fixture
def write_csv(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write CSV text to a temporary file and return its path."""

    def _write(text: str, name: str = "export.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write CSV text (after a byte-order mark, if given) to a temporary file and return
    its path as the command line takes it."""

    def _write(text: str, name: str = "export.csv", encoding: str = "utf-8", bom: bytes = b"") -> str:
        path = tmp_path / name
        path.write_bytes(bom + text.encode(encoding))
        return str(path)

    return _write


@pytest.fixture
def scored():  # type: ignore[no-untyped-def]
    """`kpi score ARGS -f json`, which must exit 0: its JSON report and its stderr."""
    import json

    from typer.testing import CliRunner

    from kpi_cli.cli import app

    def _scored(*args: Any) -> tuple[dict[str, Any], str]:  # (paths as str or Path)
        result = CliRunner().invoke(app, ["score", *map(str, args), "-f", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout), result.stderr

    return _scored


@pytest.fixture(autouse=True)
def wide_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables in a pipe are laid out for COLUMNS, else 80; most tests read a whole row on
    one line, as at 120 columns. The tests of narrow layouts set COLUMNS themselves."""
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def shipped_bands(tmp_path: Path) -> Path:
    """The shipped bands written out as a --benchmarks file (`kpi benchmarks -f yaml`), so
    --compare-benchmarks has a file's verdicts beside the shipped ones."""
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    path = tmp_path / "ours.yaml"
    path.write_text(CliRunner().invoke(app, ["benchmarks", "-f", "yaml"]).stdout)
    return path
