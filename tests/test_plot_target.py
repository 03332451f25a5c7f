"""`-o` and `--plot` naming one file are refused before anything is written (audit n, N9).

`kpi score x.csv --by influencer -o same.png --plot same.png` wrote the chart, then the
table over it (`file same.png`: "UTF-8 text"), and still said "chart … written to
same.png". kpi already refuses -o onto an input; the chart gets the same care.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

pytest.importorskip("matplotlib")
DATA = Path(__file__).parent / "data"
runner = CliRunner()


def score(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["score", str(DATA / "three_posts.csv"), "--by", "influencer", "-q", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("how", ["same name", "another spelling", "a symlink", "a hard link"])
def test_one_file_for_both_is_refused_and_nothing_is_written(tmp_path: Path, how: str) -> None:
    chart = tmp_path / "same.png"
    output = chart
    if how == "another spelling":
        (tmp_path / "sub").mkdir()
        output = tmp_path / "sub" / ".." / "same.png"
    elif how in ("a symlink", "a hard link"):
        chart.write_bytes(b"old chart")
        output = tmp_path / "link.png"
        (os.symlink if how == "a symlink" else os.link)(chart, output)
    code, out, err = score("-o", str(output), "--plot", str(chart))
    assert code == 2
    assert out == ""
    assert err.startswith(f"kpi: error: --plot {chart}: -o ")
    assert "is the same file" in err and "give them different names" in err
    assert len(err.splitlines()) == 1
    if how in ("a symlink", "a hard link"):
        assert chart.read_bytes() == b"old chart"  # left as it was
    else:
        assert not chart.exists()


def test_a_chart_onto_an_input_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "posts.png"  # an export saved under a chart's name
    data.write_bytes((DATA / "three_posts.csv").read_bytes())
    result = runner.invoke(app, ["score", str(data), "--plot", str(data), "-q"])
    assert result.exit_code == 2
    assert f"--plot {data}: is one of the input files" in result.stderr
    assert data.read_bytes() == (DATA / "three_posts.csv").read_bytes()


def test_two_names_give_a_chart_and_a_report(tmp_path: Path) -> None:
    code, _, err = score("-o", str(tmp_path / "report.txt"), "--plot", str(tmp_path / "chart.png"))
    assert code == 0, err
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "influencer" in (tmp_path / "report.txt").read_text(encoding="utf-8").lower()
