"""`kpi score FILE` sniffs its files and starts parsing before typer is imported
(kpi_cli.head_start): the same report as without the head start, taken only when typer's
reading of the command line asks for the same files read the same way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kpi_cli import head_start
from kpi_cli.cli import app
from kpi_cli.read.source import ReadOptions

SAMPLE = str(Path(__file__).resolve().parents[1] / "sample_data" / "campaign_posts.csv")


def test_the_lists_cover_every_option_of_kpi_score() -> None:
    # An option added to `kpi score` must be said to change how files are read or not:
    # one the head start does not know gives no head start, but one listed wrongly would.
    command = typer.main.get_command(app).commands["score"]  # type: ignore[attr-defined]
    options = [p for p in command.params if p.param_type_name == "option"]
    valued = {o for p in options if not p.is_flag for o in p.opts}
    flags = {o for p in options if p.is_flag for o in p.opts}
    assert valued == head_start.VALUED | {"--map", "--profile", "--currency"}
    assert flags == head_start.FLAGS | (head_start.READING - {"--map", "--profile", "--currency"})
    assert not head_start.READING & (head_start.VALUED | head_start.FLAGS)


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (["score", "a.csv"], (["a.csv"], [])),
        (["score", "a.csv", "b.csv", "-f", "json", "-q"], (["a.csv", "b.csv"], [])),
        (
            ["score", "--by", "influencer,platform", "a.csv", "--by=tier"],
            (["a.csv"], ["influencer", "platform", "tier"]),
        ),
        (["score", "-o", "out.json", "--top", "5", "--", "-odd.csv"], (["-odd.csv"], [])),
        (["score", "a.csv", "--decimal-comma"], None),  # reads the file otherwise
        (["score", "a.csv", "--map", "Views=impressions"], None),
        (["score", "a.csv", "-fjson"], None),  # not sure what it is: typer says
        (["score", "a.csv", "--quiet=yes"], None),
        (["score", "a.csv", "--frmat", "json"], None),  # misspelt: typer says
        (["score", "a.csv", "--top"], None),  # a value missing: typer says
        (["score", "-"], None),  # stdin: read once, by the command
        (["score"], None),
        (["score", "--help"], None),
        (["lift", "a.csv"], None),
        ([], None),
    ],
)
def test_what_the_head_start_reads_of_a_command_line(args: list[str], found: object) -> None:
    assert head_start.score_files_in(args) == found


def test_the_report_is_the_same_with_the_head_start() -> None:
    args = ["score", SAMPLE, "-f", "json", "--by", "influencer"]
    plain = CliRunner().invoke(app, args)
    head_start.begin(args)
    assert head_start._STARTED and head_start._STARTED[0][1][0].parser is not None
    started = CliRunner().invoke(app, args)
    assert not head_start._STARTED  # taken by `kpi score`
    assert started.exit_code == plain.exit_code == 0
    assert started.stdout == plain.stdout and started.stderr == plain.stderr


def test_sources_for_other_files_or_options_are_not_taken() -> None:
    head_start.begin(["score", SAMPLE])
    sources = head_start._STARTED[0][1]
    assert head_start.take([SAMPLE], ReadOptions(dayfirst=True)) is None
    assert sources[0].parser is None  # its parsing stopped
    head_start.begin(["score", SAMPLE])
    assert head_start.take([SAMPLE, SAMPLE], ReadOptions()) is None
    head_start.begin(["score", SAMPLE])
    assert head_start.take([SAMPLE], ReadOptions()) is not None


def test_a_file_the_head_start_cannot_read_is_refused_by_kpi_score(tmp_path: Path) -> None:
    # The head start says nothing; `kpi score` sniffs the file again and says why.
    missing = str(tmp_path / "nope.csv")
    head_start.begin(["score", missing])
    assert not head_start._STARTED
    run = subprocess.run(
        [sys.executable, "-m", "kpi_cli", "score", missing], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "nope.csv" in run.stderr and "Traceback" not in run.stderr


def test_python_m_kpi_cli_with_the_head_start_writes_the_same_json() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "kpi_cli", "score", SAMPLE, "-f", "json", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    plain = CliRunner().invoke(app, ["score", SAMPLE, "-f", "json", "-q"])
    assert run.returncode == 0 and run.stdout == plain.stdout


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
def test_a_pipe_is_read_once_by_kpi_score() -> None:
    # `kpi score <(zcat x.csv.gz)`: a pipe the head start's sniff refused was left empty, and
    # kpi score said "the file is empty" instead of why it refused it.
    read, write = os.pipe()
    os.write(write, b"Foo,Bar\nx,y\n")
    os.close(write)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "kpi_cli", "score", f"/dev/fd/{read}"],
            capture_output=True,
            text=True,
            check=False,
            pass_fds=(read,),
        )
    finally:
        os.close(read)
    assert run.returncode == 2 and run.stdout == ""
    assert "none of the columns is one kpi knows" in run.stderr and "empty" not in run.stderr
