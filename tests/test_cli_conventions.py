"""The command line's conventions under hostile conditions (audit D): a full disk on
stdout, a reader that leaves before --help is written, -o over a file the user may not
write or keeps private, empty and repeated file names."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

HEADER = "post_id,influencer,date,impressions,clicks,spend\n"
# impressions 1,000 + 3,000 = 4,000; clicks 10 + 30 = 40; CTR 40 / 4,000 = 1 %
ROWS = "p1,@a,2025-03-01,1000,10,50\np2,@b,2025-03-02,3000,30,70\n"
KPI = [sys.executable, "-c", "from kpi_cli.cli import main; main()"]


def run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), input=stdin)


def error_line(result: Any) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    return str(result.output.strip().splitlines()[-1])


@pytest.fixture
def export(write: Any) -> str:
    return str(write(HEADER + ROWS))


# ---------------------------------------------------------------- stdout on a full disk (D-1)


@pytest.mark.parametrize(
    "args",
    [
        ["score", "{x}", "-q", "-f", "json"],
        ["score", "{x}", "-q", "-f", "csv"],
        ["score", "{x}", "-q"],  # the table, through rich
        ["score", "{x}", "-q", "-o", "-"],
        ["columns", "{x}"],
        ["kpis"],
        ["benchmarks", "-f", "yaml"],
        ["goals", "init", "{x}", "-q"],
        ["--help"],
        ["--version"],
    ],
)
def test_stdout_on_a_full_disk_is_a_one_line_error(export: str, args: list[str]) -> None:
    # It said `unexpected OSError: [Errno 28] No space left on device (please report this)`.
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*KPI, *(a.replace("{x}", export) for a in args)], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1:] == [
        "kpi: error: could not write the report to standard output (the disk is full)"
    ], done.stderr
    assert "unexpected" not in done.stderr and "Errno" not in done.stderr


def test_any_stdout_write_failure_is_an_output_error_in_plain_words() -> None:
    # EIO (a dying disk, a gone network drive), EFBIG: the same one line, in words.
    from kpi_cli.errors import KpiError, OutputError
    from kpi_cli.text import GuardedStdout

    class Failing:
        def __init__(self, code: int) -> None:
            self.code = code

        def write(self, text: str) -> int:
            raise OSError(self.code, os.strerror(self.code))

        def flush(self) -> None:
            raise OSError(self.code, os.strerror(self.code))

    for code, words in [
        (errno.EIO, "the disk or device reported an error"),
        (errno.EFBIG, "the file is larger than the disk allows"),
        (errno.ENOSPC, "the disk is full"),
    ]:
        guarded = GuardedStdout(Failing(code))
        with pytest.raises(OutputError) as caught:
            guarded.write("report")
        assert str(caught.value) == f"could not write the report to standard output ({words})"
        assert isinstance(caught.value, KpiError) and caught.value.exit_code == 2
    GuardedStdout.failed = False

    class Gone(Failing):
        def write(self, text: str) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    with pytest.raises(BrokenPipeError):  # the reader left: not an error, handled as before
        GuardedStdout(Gone(errno.EPIPE)).write("report")


# ---------------------------------------------------------------- --help into `| head` (D-8)


@pytest.mark.parametrize("args", [["--help"], ["score", "--help"], ["lift", "--help"], ["kpis", "--help"],
                                  ["--version"]])  # fmt: skip
def test_help_and_version_into_a_closed_pipe_exit_0(args: list[str]) -> None:
    # `kpi score --help | head -1` exited 1, kpi's "gate failed", under `set -o pipefail`.
    # The pipe's reading end is closed before kpi starts, so every write finds it gone.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([*KPI, *args], stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_a_gate_failure_into_a_closed_pipe_still_exits_1(export: str) -> None:
    # The reader leaving is no failure, but a failed gate still is: CTR 1 % is not poor,
    # CPM 120 / 4,000 x 1,000 = $30 ... any KPI poor fails `--fail-on poor`.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([*KPI, "score", export, "-q", "--fail-on", "poor", "-f", "csv"],
                              stdout=write_end, stderr=subprocess.PIPE, text=True)  # fmt: skip
    finally:
        os.close(write_end)
    assert done.returncode == 1 and "gate failed" in done.stderr, done.stderr


# ---------------------------------------------------------------- -o over an existing file (D-9)


def test_o_keeps_the_permissions_of_the_file_it_replaces(export: str, tmp_path: Path) -> None:
    # A private client report (0600) came back world-readable (0644), whatever the umask.
    for mode in (0o600, 0o640, 0o664):
        target = tmp_path / f"report-{mode:o}.csv"
        target.write_text("old")
        target.chmod(mode)
        assert run("score", export, "-q", "-f", "csv", "-o", str(target)).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == mode
        assert target.read_text().startswith("group,rows,")
    new = tmp_path / "new.csv"  # a new file: the usual mode, 0666 less the umask
    umask = os.umask(0o022)
    try:
        assert run("score", export, "-q", "-f", "csv", "-o", str(new)).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644  # 0o666 & ~0o022


def test_o_refuses_a_read_only_file(export: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A 0444 file was replaced (the rename asks nothing of the file itself). As `cp` and `>`
    # do, a file the user may not write is refused and kept as it was.
    target = tmp_path / "keep.csv"
    target.write_text("keep me")
    target.chmod(0o444)
    if os.geteuid() == 0:  # root may write anything, as cp would: check as a user would be
        monkeypatch.setattr(os, "access", lambda path, how: bool(os.stat(path).st_mode & stat.S_IWUSR))
    line = error_line(run("score", export, "-q", "-f", "csv", "-o", str(target)))
    assert (
        line == f"kpi: error: {target}: is read-only; choose another -o file, or make it writable (chmod u+w)"
    )
    assert target.read_text() == "keep me"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "keep.csv"]  # no .tmp left


# ---------------------------------------------------------------- empty and repeated names (D-6, D-7)


def test_stdin_given_twice_is_said_so(export: str) -> None:
    # `kpi score - -`: the second `-` found stdin read to its end and said "the file is empty".
    text = Path(export).read_text()
    line = error_line(run("score", "-", "-", "-f", "json", stdin=text))
    assert line == (
        "kpi: error: - is given 2 times: standard input can be read once; give - once, "
        "or save the export to a file and give its path"
    )
    doc = json.loads(run("score", "-", "-f", "json", "-q", stdin=text).stdout)
    assert doc["total"]["kpis"]["ctr"]["value"] == pytest.approx(1.0)  # 40 / 4,000 x 100


def test_an_empty_file_name_is_said_so(export: str) -> None:
    # `kpi score "$FILE"` with FILE unset said `: is a folder`; `-o ''` said `.: is a folder`.
    for args in (["score", ""], ["score", export, ""], ["columns", ""], ["retention", ""]):
        line = error_line(run(*args))
        assert line == "kpi: error: an empty file name (is a variable unset?); give the export's path", args
    for args in (["score", export, "-q", "-o", ""], ["score", export, "-q", "-b", ""],
                 ["score", export, "-q", "--goals", ""], ["score", export, "-q", "--plot", ""],
                 ["benchmarks", "--check", ""], ["benchmarks", "learn", export, "-o", ""]):  # fmt: skip
        done = subprocess.run([*KPI, *args], capture_output=True, text=True)  # as kpi prints it
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "is a folder" not in done.stderr, args
        assert "an empty file name (is a variable unset?); give a file name" in done.stderr, args
