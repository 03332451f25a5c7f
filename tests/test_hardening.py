"""Bad and odd inputs: each is a right figure or a one-line error, never a wrong figure.

The cases come from a bad-input run against kpi (issue 19): values that overflow or are
not finite, dates that do not exist or are placeholders, and the like.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kpi_cli.cli import app

HEADER = "post_id,influencer,date,impressions,clicks,spend\n"


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def error_line(result: Any) -> str:
    """The one line an error prints (kpi: error: ...), after the reading notes."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    return result.output.strip().splitlines()[-1]


def kpis(result: Any) -> dict[str, Any]:
    """Each KPI of the campaign total: its value and reason (JSON output)."""
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["total"]["kpis"]


# ---------------------------------------------------------------- numbers out of range


def test_counts_that_add_past_the_limit_are_an_error_at_the_cell_that_passes_it(write: Any) -> None:
    # A column adds up to 2**60 = 1,152,921,504,606,846,976 at most (so that likes + comments
    # + shares + saves stay inside int64). 6e17 + 6e17 = 1.2e18 passes it at row 3; two
    # cells of 9e18 (each inside int64) would wrap to a negative total: refused at row 2.
    cell = "600000000000000000"
    path = write(HEADER + f"p1,@a,2025-03-01,{cell},10,50\np2,@b,2025-03-02,{cell},30,70\n")
    line = error_line(run("score", path, "-f", "json"))
    assert "row 3, column 'impressions'" in line
    assert "past 1.15 quintillion, more than kpi adds exactly" in line
    cell = "9000000000000000000"
    path = write(HEADER + f"p1,@a,2025-03-01,{cell},10,50\np2,@b,2025-03-02,{cell},30,70\n")
    assert "row 2, column 'impressions'" in error_line(run("score", path, "-f", "json"))


def test_a_count_longer_than_int64_is_an_error_naming_its_cell(write: Any) -> None:
    path = write(HEADER + "p1,@a,2025-03-01,99999999999999999999,10,50\n")
    line = error_line(run("score", path))
    assert "row 2, column 'impressions': value '99999999999999999999'" in line


def test_large_counts_under_the_limit_add_exactly(write: Any) -> None:
    # 3 x 10**17 = 300,000,000,000,000,000: beyond float64's exact integers (2**53), so the
    # sum must stay in integers to print exactly.
    rows = "".join(f"p{i},@a,2025-03-01,100000000000000001,1,1\n" for i in range(3))
    total = kpis(run("score", write(HEADER + rows), "-f", "json"))
    assert total["impressions"]["value"] == 300000000000000003


@pytest.mark.parametrize(
    ("cell", "column"),
    [("1e309", "impressions"), ("-1e309", "spend"), ('"$1e309"', "spend"), ("1e309", "clicks")],
)
def test_values_that_are_not_finite_are_refused_like_inf(write: Any, cell: str, column: str) -> None:
    values = {"impressions": "100", "clicks": "10", "spend": "5"}
    values[column] = cell
    path = write(HEADER + f"p1,@a,2025-03-01,{values['impressions']},{values['clicks']},{values['spend']}\n")
    line = error_line(run("score", path))
    assert f"row 2, column '{column}'" in line
    assert "not a finite number" in line or "is not a number" in line


def test_lift_refuses_an_infinite_revenue(write: Any) -> None:
    path = write(
        "Date,Revenue (USD),Total marketing spend\n"
        "2025-02-01,100,10\n2025-02-02,1e309,10\n2025-02-03,100,10\n2025-02-04,100,10\n"
    )
    line = error_line(run("lift", path, "--campaign", "2025-02-03..2025-02-04"))
    assert "row 3, column 'Revenue (USD)': value '1e309' is not a finite number" in line


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("date", ["2025-02-30", "2025-02-29", "2025-04-31", "02/30/2025", "31.04.2025"])
def test_impossible_dates_are_errors_not_rolled_over(write: Any, date: str) -> None:
    path = write(HEADER + f"p1,@a,{date},1000,10,50\n")
    line = error_line(run("score", path))
    assert f"row 2, column 'date': value '{date}' is not a real date" in line
    assert "no such day" in line or "fix the date" in line


def test_two_digit_years_are_20xx_with_a_note(write: Any) -> None:
    # 03/01/25 and 03/02/25: month first (no day above 12), 1 and 2 March 2025.
    path = write(HEADER + "p1,@a,03/01/25,1000,10,50\np2,@b,03/02/25,2000,30,70\n")
    result = run("score", path, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["date_range"] == {"start": "2025-03-01", "end": "2025-03-02"}
    assert "two-digit years ('03/01/25', row 2): read as 20xx" in result.stderr


@pytest.mark.parametrize("date", ["0001-01-01", "1985-05-01", "2150-01-01", "01/05/1899"])
def test_years_outside_1990_2100_are_refused_unless_any_year(write: Any, date: str) -> None:
    path = write(HEADER + f"p1,@a,{date},1000,10,50\n")
    line = error_line(run("score", path))
    assert f"row 2, column 'date': value '{date}' has the year" in line
    assert "--any-year" in line


def test_any_year_reads_an_old_date(write: Any) -> None:
    path = write(HEADER + "p1,@a,1985-05-01,1000,10,50\n")
    result = run("score", path, "--any-year", "-f", "json")
    assert json.loads(result.stdout)["date_range"] == {"start": "1985-05-01", "end": "1985-05-01"}
    # Year 1 is beyond what even --any-year reads (a pandas timestamp): still an error.
    line = error_line(run("score", write(HEADER + "p1,@a,0001-01-01,1000,10,50\n"), "--any-year"))
    assert "kpi reads dates from 1678 to 2261" in line


# ---------------------------------------------------------------- -o


def test_output_onto_a_device_node_writes_through_it(write: Any, tmp_path: Path) -> None:
    import os
    import stat

    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("making a device node needs root")
    path = write(HEADER + "p1,@a,2025-03-01,1000,10,50\n")
    result = run("score", path, "-f", "csv", "-o", str(node), "-q")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(node.stat().st_mode)  # still the device, not a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "null"]


def test_output_onto_a_folder_is_an_error(write: Any, tmp_path: Path) -> None:
    path = write(HEADER + "p1,@a,2025-03-01,1000,10,50\n")
    line = error_line(run("score", path, "-o", str(tmp_path)))
    assert f"{tmp_path}: is a folder; give a file name" in line


def test_a_full_disk_is_a_one_line_error(write: Any) -> None:
    from pathlib import Path as P

    if not P("/dev/full").exists():
        pytest.skip("no /dev/full here")
    path = write(HEADER + "p1,@a,2025-03-01,1000,10,50\n")
    line = error_line(run("score", path, "-f", "json", "-o", "/dev/full"))
    assert line == "kpi: error: /dev/full: could not write the output (the disk is full)"


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: Any) -> None:
    from kpi_cli import output

    target = tmp_path / "report.json"
    target.write_text("old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt  # as SIGINT, or SIGTERM (kpi turns it into the same)

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic("new", target)
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    assert target.read_text() == "old"


def test_disk_full_while_writing_a_file_leaves_the_old_one(tmp_path: Path, monkeypatch: Any) -> None:
    import errno

    from kpi_cli import output
    from kpi_cli.errors import KpiError

    target = tmp_path / "report.csv"
    target.write_text("old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(KpiError, match=r"could not write the output \(the disk is full\); nothing was"):
        output.write_atomic("new", target)
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]
    assert target.read_text() == "old"


# ---------------------------------------------------------------- formats


def test_markdown_escapes_what_a_file_could_smuggle_in(write: Any) -> None:
    path = write(
        "Handle,Impressions,Clicks\n"
        '"<img src=x>|[link](http://e.vil)`code`",100,1\n'
        "=1+2,100,1\n"
        '"\x1b[2Jbold",100,1\n'
    )
    md = run("score", path, "--by", "influencer", "-f", "markdown", "-q").stdout
    rows = {line.split(" | ")[0] for line in md.splitlines() if line.startswith("| ")}
    assert "| \\<img src=x\\>\\|\\[link\\](http://e.vil)\\`code\\`" in rows
    assert "| \\=1+2" in rows
    assert "| \\\\x1b\\[2Jbold" in rows  # the escape shown as text, never sent raw
    assert "\x1b" not in md


def test_the_sort_kpi_is_in_csv_and_ndjson(write: Any) -> None:
    # --kpis clicks --sort ctr: CTR is shown too (the ranking rests on it).
    path = write(HEADER + "p1,@a,2025-03-01,1000,10,50\np2,@b,2025-03-02,1000,30,70\n")
    args = ["score", path, "--by", "influencer", "--kpis", "clicks", "--sort", "ctr", "-q"]
    csv_out = run(*args, "-f", "csv").stdout
    assert csv_out.splitlines()[0] == "influencer,group,rows,clicks,clicks_verdict,ctr,ctr_verdict"
    # @b first: CTR 30 / 1,000 = 3 % against @a's 10 / 1,000 = 1 %.
    assert csv_out.splitlines()[1].startswith("@b,@b,1,30,,3.0,")
    ndjson = [json.loads(line) for line in run(*args, "-f", "ndjson").stdout.splitlines()]
    assert {r["kpi"] for r in ndjson} == {"clicks", "ctr"}


# ---------------------------------------------------------------- semantics


def test_blank_post_ids_are_a_post_each(write: Any) -> None:
    # p1 twice is one post; each blank ID is a post of its own: 1 + 2 = 3 posts.
    # Cost per post = (50 + 50 + 70 + 70) / 3 = $80.
    path = write(
        HEADER + "p1,@a,2025-03-01,1000,10,50\np1,@a,2025-03-02,1000,10,50\n"
        ",@b,2025-03-02,2000,30,70\n,@b,2025-03-03,2000,30,70\n"
    )
    result = run("score", path, "-f", "json")
    total = kpis(result)
    assert total["posts"]["value"] == 3
    assert total["cost_per_post"]["value"] == pytest.approx(80.0)
    assert "2 rows have no post ID: each counted as a post of its own" in result.stderr


def test_no_spend_recorded_leaves_cost_kpis_without_a_figure(write: Any) -> None:
    path = write(HEADER + "p1,@a,2025-03-01,1000,10,0\np2,@b,2025-03-02,2000,30,0\n")
    total = kpis(run("score", path, "-f", "json"))
    assert total["total_spend"]["value"] == 0
    for kpi in ("cost_per_post", "cpm", "cpc"):
        assert (total[kpi]["value"], total[kpi]["verdict"], total[kpi]["reason"]) == (
            None, None, "no spend recorded"
        )  # fmt: skip


def test_cost_kpis_on_gifted_rows_only_have_no_figure_though_the_campaign_spent(write: Any) -> None:
    # The paid posts ($800, $1,500) have no impressions; the gifted ones ($0) have 50,000 and
    # 40,000. CPM stands on the paired rows: $0 / 90,000 -- not a $0.00 "good" CPM for a
    # campaign that spent $2,300 (SPEC: zero spend is no figure, never a $0 excellent).
    # CPC pairs $800 + $1,500 with 400 + 1,000 clicks: $2,300 / 1,400 = $1.64.
    path = write(
        HEADER
        + "p1,@lena,2025-03-01,,400,800\np2,@lena,2025-03-02,50000,,0\n"
        + "p3,@max,2025-03-01,,1000,1500\np4,@max,2025-03-02,40000,,0\n"
    )
    result = run("score", path, "-f", "json", "--by", "influencer")
    total = kpis(result)
    assert total["total_spend"]["value"] == 2300
    assert (total["cpm"]["value"], total["cpm"]["verdict"], total["cpm"]["reason"]) == (
        None, None, "no spend recorded on the rows with impressions"
    )  # fmt: skip
    assert total["cpc"]["value"] == pytest.approx(2300 / 1400)
    groups = {g["label"]: g["kpis"] for g in json.loads(result.stdout)["groups"]}
    assert [groups[name]["cpm"]["value"] for name in ("@lena", "@max")] == [None, None]


def test_negative_spend_and_clicks_over_impressions_are_kept_and_said(write: Any) -> None:
    # Spend 50 - 70 = -20 (a refund line): CPM -20 / 1,020 x 1,000 = -$19.61, no verdict.
    # CTR (10 + 60) / (1,000 + 20) = 6.86 %, with row 3's 60 clicks on 20 impressions said.
    path = write(HEADER + "p1,@a,2025-03-01,1000,10,50\np2,@b,2025-03-02,20,60,-70\n")
    total = kpis(run("score", path, "-f", "json"))
    assert total["cpm"]["value"] == pytest.approx(-20 / 1020 * 1000)
    assert total["cpm"]["verdict"] is None
    assert total["cpm"]["notes"] == ["spend negative in 1 row", "no verdict: the spend total is below zero"]
    assert total["total_spend"]["notes"] == ["spend negative in 1 row"]
    assert total["ctr"]["value"] == pytest.approx(70 / 1020 * 100)
    assert total["ctr"]["notes"] == ["clicks exceed impressions in 1 row"]


# ---------------------------------------------------------------- streams, pipes, odd files


def test_a_closed_stdin_is_a_one_line_error(write: Any, monkeypatch: Any) -> None:
    import sys

    from kpi_cli.errors import InputError
    from kpi_cli.read.sniff import open_sources

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="standard input is closed"):
        open_sources(["-"])


def test_a_long_pipe_is_buffered_on_disk_and_removed(write: Any) -> None:
    import io

    from kpi_cli.read import sniff
    from kpi_cli.score import score_files

    rows = "".join(f"p{i},@a,2025-03-01,1000,10,5\n" for i in range(40_000))  # ~1.2 MB
    stream = io.BytesIO((HEADER + rows).encode())
    sources = sniff.open_sources(["-"], stdin=stream)
    assert sources[0].data is None and sources[0].path is not None  # on disk, not in memory
    report = score_files(["-"], sources=sources)
    assert report.total.kpi("impressions").value == 40_000_000
    spooled = sources[0].path
    sniff.remove_spooled()
    assert not spooled.exists()


def test_an_endless_device_of_zeros_stops_at_once(monkeypatch: Any) -> None:
    import io

    from kpi_cli.errors import InputError
    from kpi_cli.read import sniff

    class Zeros(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = bytes(len(buffer))
            return len(buffer)

    with pytest.raises(InputError, match="row 1: a NUL byte"):
        sniff.open_sources(["-"], stdin=io.BufferedReader(Zeros()))


def test_a_deeply_nested_benchmarks_file_is_a_one_line_error(write: Any) -> None:
    deep = write("kpis:\n  ctr: " + "[" * 20000 + "]" * 20000 + "\n", "deep.yaml")
    for args in (
        ["benchmarks", "--check", deep],
        ["score", write(HEADER + "p1,@a,2025-03-01,1,1,1\n"), "-b", deep],
    ):
        line = error_line(run(*args))
        assert (
            line == f"kpi: error: {deep}: nested too deeply to be a benchmarks file; write it as the "
            "shipped one is (kpi benchmarks -f yaml prints it)"
        )


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ("p2,@b,2025-03-02,2000,30,70,extra", "row 3: 7 cells where the header has 6"),
        ("p2,@b,2025-03-02,2000,30,70,", "row 3: 7 cells where the header has 6"),
        ('p2,"@b,2025-03-02,2000,30,70', "row 3: 2 cells where the header has 6"),
        ("p2,@b,2025-03-02,2000,30,70," + "x" * 65_000, "row 3: 7 cells where the header has 6"),
    ],
)
def test_a_ragged_row_is_named_and_cut_short(write: Any, row: str, fragment: str) -> None:
    path = write(HEADER + "p1,@a,2025-03-01,1000,10,50\n" + row + "\np3,@c,2025-03-03,1,1,1\n")
    line = error_line(run("score", path))
    assert fragment in line
    assert len(line) < 400  # the row is shown cut at 80 characters


def test_a_nul_byte_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes((HEADER + "p1,@a,2025-03-01,1000,10,50\np2,@b\x00,2025-03-02,1,1,1\n").encode())
    assert "row 3: a NUL byte" in error_line(run("score", str(path)))


def test_markup_in_a_file_name_is_shown_as_written(tmp_path: Path) -> None:
    # "[red]m[/red]-file.csv" and "a[/]b.csv" hold a slash: a folder "[red]m[" and so on.
    for name in ("[red]m[/red]-file.csv", "a[/]b.csv", "[bold]b.csv"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + "p1,@a,2025-03-01,1000,10,50\n")
        result = run("score", str(path), "--color", "never", "-q")
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[0].startswith(f"{path} · 1 rows")


def test_an_escape_in_a_name_never_reaches_csv_output_raw(write: Any) -> None:
    path = write(HEADER + "p1,\x1b[2Jevil,2025-03-01,1000,10,50\n")
    out = run("score", path, "--by", "influencer", "-f", "csv", "-q").stdout
    assert "\x1b" not in out and "\\x1b[2Jevil" in out


def test_a_ratio_says_on_how_many_rows_it_stands(write: Any) -> None:
    # CTR over the rows with both clicks and impressions: rows 2 and 4, (10 + 30) / (1,000 +
    # 2,000) = 1.33 %; row 3 has no clicks. CPC over rows with spend and clicks: row 2 only, $5.
    path = write(
        HEADER + "p1,@a,2025-03-01,1000,10,50\np2,@b,2025-03-02,2000,,70\np3,@b,2025-03-02,2000,30,\n"
    )
    total = kpis(run("score", path, "-f", "json"))
    assert total["ctr"]["value"] == pytest.approx(40 / 3000 * 100)
    assert total["ctr"]["notes"] == ["on 2 of 3 rows"]
    assert total["cpc"]["value"] == pytest.approx(5.0)
    assert total["cpc"]["notes"] == ["on 1 of 3 rows, 42% of the spend"]  # 50 / (50 + 70) = 41.7%


def test_lift_money_is_exact(write: Any) -> None:
    # Baseline revenue 4 x 0.10 + 3 x 0.20 = 1.00 exactly (floats would give 1.0000000000000002).
    days = [0.10, 0.10, 0.20, 0.10, 0.20, 0.10, 0.20, 5, 5]
    path = write(
        "Date,Revenue (USD),Total marketing spend\n"
        + "".join(f"2025-02-{i + 1:02d},{v},1\n" for i, v in enumerate(days))
    )
    result = run("lift", path, "--campaign", "2025-02-08..2025-02-09", "--baseline", "2025-02-01..2025-02-07",
                 "-f", "json", "--indent")  # fmt: skip
    assert result.exit_code == 0, result.output
    total = result.stdout.split('\n  "total": {')[1]  # the record, not `kpis`' entry of the KPI
    assert '"value": 1,' in total.split('"revenue_baseline": {')[1].split("}")[0]


def test_retention_json_lists_its_own_kpis_and_counts_its_groups(write: Any) -> None:
    path = write("client,period\nA,2025-Q1\nB,2025-Q1\nA,2025-Q2\nA,2025-Q3\nC,2025-Q3\n")
    doc = json.loads(run("retention", path, "-f", "json").stdout)
    assert doc["group_count"] == len(doc["groups"]) == 2  # Q1 -> Q2, Q2 -> Q3
    assert "client_retention_rate" in doc["columns"] and "posts" not in doc["columns"]


def test_a_closed_pipe_exits_0_in_every_format(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "many.csv"
    path.write_text(HEADER + "".join(f"p{i},@c{i},2025-03-01,1000,10,5\n" for i in range(3000)))
    for fmt in ("table", "json", "csv", "ndjson", "markdown"):
        kpi = subprocess.Popen(
            [sys.executable, "-c", "from kpi_cli.cli import main; main()", "score", str(path), "--by",
             "influencer", "-f", fmt, "-q"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert kpi.stdout is not None
        kpi.stdout.read(10)
        kpi.stdout.close()  # the reader leaves, as `| head -c 10` does
        assert kpi.wait(timeout=60) == 0, (fmt, kpi.stderr.read() if kpi.stderr else b"")


# ---------------------------------------------------------------- properties


@given(st.text(max_size=40))
def test_csv_cells_never_run_and_never_carry_control_characters(text: str) -> None:
    from kpi_cli.output import _SIGNED_NUMBER, _safe_cell

    cell = _safe_cell(text)
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in cell)
    assert not any(0x7F <= ord(c) <= 0x9F for c in cell)
    if cell[:1] in ("=", "\t", "\r"):
        raise AssertionError(f"{cell!r} would run as a formula")
    if cell[:1] in ("+", "-"):
        assert _SIGNED_NUMBER.fullmatch(cell), cell  # only a plain signed number starts so
    if cell[:1] == "@":
        assert all(c.isalnum() or c in "._-" for c in cell[1:]), cell  # only a plain handle
    strict = _safe_cell(text, excel_safe=True)
    assert strict[:1] not in ("=", "+", "-", "@", "\t", "\r")


@given(st.text(max_size=40))
def test_markdown_cells_are_inert(text: str) -> None:
    from kpi_cli.output import _md

    cell = _md(text)
    assert "\n" not in cell and "\x1b" not in cell
    unescaped = cell.replace("\\\\", "")
    for special in "|<>[]`*_~":
        assert special not in unescaped.replace("\\" + special, ""), cell
    assert cell[:1] not in ("=", "+", "-", "@")


def test_closed_stdout_and_stderr_keep_the_exit_code(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    path = tmp_path / "export.csv"
    path.write_text(HEADER + "p1,@a,2025-03-01,1000,10,50\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    run_kpi = [sys.executable, "-c", "from kpi_cli.cli import main; main()"]

    def closing(fd: int) -> Any:
        return lambda: os.close(fd)  # `>&-` / `2>&-`: the process starts without it

    out = subprocess.run([*run_kpi, "score", str(path)], stderr=subprocess.PIPE, preexec_fn=closing(1))
    assert out.returncode == 2
    assert b"standard output is closed" in out.stderr
    err = subprocess.run([*run_kpi, "score", str(empty)], stdout=subprocess.PIPE, preexec_fn=closing(2))
    assert err.returncode == 2
    to_stdout = subprocess.run([*run_kpi, "score", str(path), "-f", "csv", "-o", "/dev/stdout", "-q"],
                               capture_output=True)  # fmt: skip
    assert to_stdout.returncode == 0 and to_stdout.stdout.startswith(b"group,rows,")


def test_buffers_of_killed_runs_are_removed_by_the_next(tmp_path: Path, monkeypatch: Any) -> None:
    import io
    import subprocess
    import sys
    import tempfile

    from kpi_cli.read import sniff

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f"kpi-piped-{gone.stdout.strip()}-x.csv"  # a `kill -9`ed run's buffer
    stale.write_text("old")
    alive = tmp_path / "kpi-piped-1-y.csv"  # a running process's (pid 1 always runs)
    alive.write_text("busy")
    rows = "".join(f"p{i},@a,2025-03-01,1000,10,5\n" for i in range(40_000))
    sources = sniff.open_sources(["-"], stdin=io.BytesIO((HEADER + rows).encode()))
    assert not stale.exists() and alive.exists()
    sniff.remove_spooled()
    assert sources[0].path is not None and not sources[0].path.exists()


# ---------------------------------------------------------------- decimal marks no cell shows


def test_counts_grouped_with_a_point_are_thousands_in_a_comma_separated_file(write: Any) -> None:
    # A Google Sheet with a German locale, downloaded as CSV: commas between cells, points
    # between thousands, no cell with a decimal part. The guess for `,` files (a decimal
    # point) made 12.500 impressions 12.5: CTR 952 % "excellent". Counts are whole:
    # impressions 12,500 + 9,000 + 15,250 = 36,750; CTR 350 / 36,750 = 0.952 %;
    # CPM 1,300 / 36,750 x 1,000 = $35.37.
    path = write(
        "Date,Influencer,Impressions,Clicks,Spend\n"
        "03.03.2025,@lena,12.500,120,400\n05.03.2025,@marco,9.000,80,400\n07.03.2025,@ana,15.250,150,500\n"
    )
    result = run("score", path, "-f", "json")
    total = kpis(result)
    assert total["impressions"]["value"] == 36_750
    assert total["ctr"]["value"] == pytest.approx(350 / 36_750 * 100)
    assert total["cpm"]["value"] == pytest.approx(1300 / 36_750 * 1000)
    assert "'12.500' (row 2, column 'Impressions') groups thousands with a point" in result.stderr


def test_counts_grouped_with_a_comma_beat_a_german_header_guess(write: Any) -> None:
    # German headers suggest a decimal comma, but "1,120" clicks beside 980 are thousands:
    # clicks 1,120 + 980 + 1,050 = 3,150 (not 982.17); spend 1,400 + 1,400 + 1,500 = 4,300;
    # CPC 4,300 / 3,150 = $1.37.
    path = write(
        "Datum,Influencer,Impressionen,Klicks,Kosten\n"
        '2025-03-03,@lena,"12,500","1,120","1,400"\n2025-03-05,@marco,"9,000",980,"1,400"\n'
        '2025-03-07,@ana,"15,250","1,050","1,500"\n'
    )
    total = kpis(run("score", path, "-f", "json"))
    assert (total["clicks"]["value"], total["total_spend"]["value"]) == (3150, 4300)
    assert total["cpc"]["value"] == pytest.approx(4300 / 3150)


def test_counts_grouped_both_ways_are_an_error(write: Any) -> None:
    path = write(
        "date,influencer,impressions,clicks,spend\n"
        '2025-03-03,@lena,12.500,"1,120",400\n2025-03-05,@marco,9.000,980,400\n'
    )
    line = error_line(run("score", path))
    assert "'12.500' (row 2, column 'impressions')" in line and "'1,120' (row 2, column 'clicks')" in line
    assert "--decimal-comma or --decimal-point" in line


def test_a_later_decimal_point_after_counts_grouped_with_points_is_an_error(write: Any) -> None:
    # 12.500 impressions decide a decimal comma; a spend of 400.50 further down cannot
    # then be read one way with them: an error naming the cell, not a silent re-read.
    rows = "".join(f"2025-03-03,@c{i},1000,10,400\n" for i in range(3000))
    path = write("date,influencer,impressions,clicks,spend\n2025-03-03,@lena,12.500,120,400\n" + rows
                 + "2025-03-04,@late,1000,10,400.50\n")  # fmt: skip
    line = error_line(run("score", path))
    assert "'400.50'" in line and "column 'spend'" in line


@pytest.mark.parametrize("mark", ["CA$", "MX$", "A$", "US$"])
def test_a_bare_dollar_beside_a_dollar_with_its_country_is_two_currencies(write: Any, mark: str) -> None:
    # A file that writes CA$ for one creator writes $ for another dollar (en-US shows CAD
    # as CA$; en-CA shows USD as US$): $400 + CA$500 is no total in either currency.
    path = write(f"influencer,impressions,spend\n@a,1000,$400.00\n@b,2000,{mark}500.00\n")
    line = error_line(run("score", path))
    assert "money in two currencies" in line and f"'{mark}500.00'" in line and "'$400.00'" in line


def test_a_bare_dollar_under_a_header_naming_the_dollar_is_that_dollar(write: Any) -> None:
    path = write("influencer,impressions,Spend (CAD)\n@a,1000,$400.00\n@b,3000,$500.00\n")
    result = run("score", path, "-f", "json")
    assert kpis(result)["total_spend"]["value"] == 900
    assert json.loads(result.stdout)["currency"] == "CAD"


def test_currency_over_a_currency_the_file_states_is_said(write: Any) -> None:
    # --currency is the user's word, but a USD file shown in EUR is said on stderr.
    path = write("influencer,impressions,Spend (USD)\n@a,1000,400\n")
    result = run("score", path, "--currency", "EUR", "-f", "json")
    assert kpis(result)["total_spend"]["value"] == 400
    assert "states USD (header 'Spend (USD)'); kpi converts no currency" in result.stderr
    same = run("score", path, "--currency", "USD", "-f", "json")
    assert "converts no currency" not in same.stderr


def test_counts_written_with_three_zero_decimals_are_whole(write: Any) -> None:
    # Snapchat's legacy campaign export writes counts as 412380.000 and an idle line as
    # 0.000: whole numbers, not fractions. CTR = 3,105 swipe ups / 412,380 = 0.753 %.
    path = write(
        '"Campaign Name","Spend","Paid Impressions","Swipe Ups"\n'
        '"Wave 1","1250.400","412380.000","3105.000"\n"Wave 2","0.000","0.000","0.000"\n'
    )
    total = kpis(run("score", path, "-f", "json"))
    assert total["impressions"]["value"] == 412_380
    assert total["ctr"]["value"] == pytest.approx(3105 / 412_380 * 100)


def test_a_rate_in_a_count_column_is_an_error_even_with_the_decimal_mark_given(write: Any) -> None:
    # Engagements written as a rate (0.042) are no count: summed they made CPE $10,569.
    path = write("influencer,impressions,Engagements,spend\n@a,10000,0.042,400\n@b,8000,0.031,500\n")
    line = error_line(run("score", path))
    assert "'0.042' (row 2, column 'Engagements')" in line and "--map 'Engagements=ignore'" in line
    assert "--decimal-comma" not in line  # 0.042 has no reading as a thousand
    given = error_line(run("score", path, "--decimal-point"))
    assert "row 2, column 'Engagements'" in given and "is a fraction" in given
    assert "--map 'Engagements=ignore'" in given


def test_a_file_without_post_ids_beside_one_with_them_counts_a_post_a_row(write: Any) -> None:
    # ids.csv: 2 rows with post IDs (2 posts); noids.csv: 3 rows and no post ID column,
    # each row a post (as a blank ID is). Posts 2 + 3 = 5; cost per post $500 / 5 = $100
    # (its rows were left out: 2 posts, $250).
    ids = write("post_id,influencer,impressions,spend\np1,@a,1000,100\np2,@b,2000,100\n", "ids.csv")
    plain = write("influencer,impressions,spend\n@c,1000,100\n@d,1000,100\n@e,1000,100\n", "noids.csv")
    for files in ((ids, plain), (plain, ids)):
        result = run("score", *files, "-f", "json", "--by", "influencer")
        total = kpis(result)
        assert (total["posts"]["value"], total["cost_per_post"]["value"]) == (5, 100)
        groups = {g["label"]: g["kpis"]["posts"]["value"] for g in json.loads(result.stdout)["groups"]}
        assert groups == {"@a": 1, "@b": 1, "@c": 1, "@d": 1, "@e": 1}
        assert "3 rows have no post ID: each counted as a post of its own" in result.stderr


# ---------------------------------------------------------------- figures on a band edge


def test_a_figure_on_a_band_edge_is_in_the_better_band_despite_floating_point(write: Any) -> None:
    # Each figure is exactly an edge of the shipped bands, but binary floating point puts
    # it a hair to the worse side: CPM 450.54 / 10,012 x 1,000 = 45 (10,012 x 0.045 =
    # 450.54) came out 45.00000000000001, "poor > $45"; ROAS 3,005.85 / 1,001.95 = 3
    # came out 2.9999999999999996, "fair". An edge belongs to the better band.
    path = write(
        "influencer,impressions,likes,clicks,conversions,revenue,spend\n"
        "@maya,10012,420,120,9,900.00,450.54\n@tom,48000,1500,600,30,3005.85,1001.95\n"
    )
    result = run("score", path, "--by", "influencer", "-f", "json")
    groups = {g["label"]: g["kpis"] for g in json.loads(result.stdout)["groups"]}
    assert groups["@maya"]["cpm"]["verdict"] == "fair"  # $25-$45, $45 included
    assert (groups["@tom"]["roas"]["verdict"], groups["@tom"]["roi"]["verdict"]) == ("good", "good")
    alone = write("influencer,impressions,spend\n@maya,10012,450.54\n", "maya.csv")  # CPM $45, fair
    gate = run("score", alone, "--fail-on", "poor", "-q")
    assert gate.exit_code == 0, gate.output


def test_a_goal_met_exactly_is_met_despite_floating_point(write: Any, tmp_path: Path) -> None:
    # CTR 900 / 100,000 = 0.9 % exactly (0.8999999999999999 in floating point) meets >= 0.9%.
    path = write("influencer,impressions,clicks,spend\n@nora,100000,900,800\n")
    goals = tmp_path / "goals.yaml"
    goals.write_text('goals:\n  ctr: ">= 0.9%"\n')
    result = run("score", path, "--goals", str(goals), "-f", "json")
    (goal,) = [g for g in json.loads(result.stdout)["goals"] if g["kpi"] == "ctr"]
    assert goal["met"] is True


def test_a_breakdown_keeps_every_file_money_however_each_writes_it(write: Any) -> None:
    # dollars.csv writes whole dollars ($100.00: summed as integers), cents.csv cents
    # (50.25: summed in cents); the two sums of one column overwrote each other in a
    # breakdown (Total $120.50). Spend 100 + 200 + 50.25 + 70 = $420.25.
    dollars = write("Creator,Spend,Impressions\n@a,$100.00,1000\n@b,$200.00,1000\n", "dollars.csv")
    cents = write("Creator,Spend,Impressions\n@c,50.25,1000\n@d,70,1000\n", "cents.csv")
    for files in ((dollars, cents), (cents, dollars)):
        result = run("score", *files, "--by", "influencer", "-f", "json")
        assert kpis(result)["total_spend"]["value"] == pytest.approx(420.25)
        groups = {g["label"]: g["kpis"]["total_spend"]["value"] for g in json.loads(result.stdout)["groups"]}
        assert groups == {"@a": 100, "@b": 200, "@c": 50.25, "@d": 70}


def test_a_breakdown_keeps_whole_and_fractional_conversions_of_two_files(write: Any) -> None:
    # Google Ads attributes fractions of a conversion (2.5); a tracker counts whole ones (3).
    # Conversions 3 + 4 + 2.5 + 1.25 = 10.75 over clicks 40 x 4 = 160: 6.72 %.
    whole = write("influencer,clicks,conversions\n@a,40,3\n@b,40,4\n", "whole.csv")
    parts = write("influencer,clicks,conversions\n@c,40,2.5\n@d,40,1.25\n", "parts.csv")
    for files in ((whole, parts), (parts, whole)):
        result = run("score", *files, "--by", "influencer", "-f", "json")
        assert kpis(result)["conversions"]["value"] == pytest.approx(10.75)
        assert kpis(result)["conversion_rate"]["value"] == pytest.approx(10.75 / 160 * 100)


def test_a_fee_sheet_beside_posts_with_ids_adds_no_posts(write: Any) -> None:
    # Five videos with IDs, and a fee sheet of one row per creator (money only): its rows are
    # payments, not posts. Posts 5; cost per post ($1,200 + $2,400) / 5 = $720.
    rows = "".join(f"7{i}01,@c{i % 2},1000,50\n" for i in range(5))
    videos = write("Video ID,Creator,Views,Likes\n" + rows, "videos.csv")
    fees = write("Creator,Fee\n@c0,1200\n@c1,2400\n", "fees.csv")
    total = kpis(run("score", videos, fees, "-f", "json"))
    assert (total["posts"]["value"], total["cost_per_post"]["value"]) == (5, 720)


def test_a_rate_with_three_decimals_beside_ungrouped_counts_decides_no_decimal_comma(write: Any) -> None:
    # 42000 impressions are written without a thousands separator, so the `Engagement` of
    # 4.250 beside them is a rate with a decimal point, not 4,250 engagements (ER 15.6%
    # "excellent" with a decimal comma): as a count of whole ones it is an error.
    path = write(
        "Creator,Followers,Impressions,Engagement,Fee\n"
        "Lena,125000,42000,4.250,500\nMarco,88000,38000,3.125,800\nAna,15400,9100,6.500,300\n"
    )
    line = error_line(run("score", path))
    assert "row 2, column 'Engagement'" in line and "--map 'Engagement=ignore'" in line


def test_tier_words_the_bands_do_not_know_take_the_followers_tier(write: Any) -> None:
    # `Celebrity` is the mega tier (impact.com: "Mega-influencers (celebrities) 1M+"); `KOL`
    # and `Tier 2` are no tier the bands know: with followers, they take the followers' tier
    # (600,000: macro; 45,000: micro), said on stderr. Were judged on the default bands.
    path = write(
        "Handle,Creator Tier,Followers,Post ID,Impressions,Spend\n"
        "@a,Tier 2,45000,P1,10000,300\n@b,Celebrity,2500000,P2,20000,9000\n@c,KOL,600000,P3,50000,2500\n"
    )
    result = run("score", path, "--by", "tier", "-f", "json")
    groups = {g["label"]: g["kpis"]["cost_per_post"] for g in json.loads(result.stdout)["groups"]}
    assert sorted(groups) == ["macro", "mega", "micro"]
    assert groups["mega"]["value"] == 9000 and groups["mega"]["verdict"] == "good"
    assert "tier 'KOL', 'Tier 2' are none of nano, micro, mid, macro, mega" in result.stderr


def test_platform_abbreviations_are_one_platform_for_groups_and_bands(write: Any, tmp_path: Path) -> None:
    # `IG` is Instagram and `Tik Tok` TikTok: one group each, judged on their platform's bands
    # (CPM $100 / 10,000 x 1,000 = $10: poor where good is <= $5), not a second group judged
    # on the default bands (good <= $25) with the opposite verdict.
    path = write(
        "Handle,Platform,Post ID,Impressions,Spend\n@a,Instagram,P1,10000,100\n@b,IG,P2,10000,100\n"
        "@c,TikTok,P3,10000,100\n@d,Tik Tok,P4,10000,100\n"
    )
    bands = tmp_path / "bands.yaml"
    bands.write_text(
        "version: 1\nkpis:\n  cpm:\n    direction: lower\n    unit: money\n    source: agency targets\n"
        "    bands: {good: [null, 25], fair: [25, 45], poor: [45, null]}\n    platforms:\n"
        "      ig: {bands: {good: [null, 5], fair: [5, 8], poor: [8, null]}}\n"
        "      tiktok: {bands: {good: [null, 5], fair: [5, 8], poor: [8, null]}}\n"
    )
    result = run("score", path, "--by", "platform", "-b", str(bands), "-f", "json")
    groups = {g["label"].replace(" ", ""): g for g in json.loads(result.stdout)["groups"]}
    assert sorted(groups) == ["Instagram", "TikTok"]
    assert [groups[p]["rows"] for p in ("Instagram", "TikTok")] == [2, 2]
    assert [groups[p]["kpis"]["cpm"]["verdict"] for p in ("Instagram", "TikTok")] == ["poor", "poor"]


def test_money_in_no_stated_currency_in_a_german_file_is_said_to_be_read_as_dollars(write: Any) -> None:
    # A German tracker with no € anywhere: its money is shown as $ and judged on the USD
    # bands; stderr says so. An English file with plain numbers says nothing.
    path = write("Datum;Influencer;Impressionen;Klicks;Honorar\n02.03.2025;@a;40.000;120;1.500,50\n")
    result = run("score", path, "-f", "json")
    assert kpis(result)["total_spend"]["value"] == pytest.approx(1500.50)
    assert "states no currency, though it is written in German: its money is shown as $" in result.stderr
    plain = write("influencer,impressions,spend\n@a,40000,1500.50\n", "plain.csv")
    assert "states no currency" not in run("score", plain, "-f", "json").stderr


def test_a_summary_row_in_a_second_file_is_judged_on_that_file_rows(write: Any) -> None:
    # a.csv: 2 rows. b.csv: 2 rows and a blank-named row equal to their sum (a sheet's =SUM,
    # Meta's summary row). It was compared with the sums of both files, never matched, and
    # was scored: spend 100 + 200 + 300 + 400 + 700 = $1,700 for $1,000.
    a = write("influencer,impressions,clicks,spend\n@a,1000,10,100\n@b,2000,20,200\n", "a.csv")
    b = write("influencer,impressions,clicks,spend\n@c,3000,30,300\n@d,4000,40,400\n,7000,70,700\n", "b.csv")
    for files in ((a, b), (b, a)):
        result = run("score", *files, "-f", "json")
        total = kpis(result)
        assert (total["total_spend"]["value"], total["impressions"]["value"]) == (1000, 10_000)


def test_starter_is_no_star_tier_and_a_count_one_short_misses_its_goal(write: Any, tmp_path: Path) -> None:
    # `Starter` (a program's entry tier) is no tier the bands know: followers tell (8,000: nano).
    path = write("Handle,Tier,Followers,Post ID,Impressions,Spend\n@a,Starter,8000,P1,400000000,120\n"
                 "@b,Starter,9000,P2,599999999,100\n")  # fmt: skip
    result = run("score", path, "--by", "tier", "-f", "json")
    assert [g["label"] for g in json.loads(result.stdout)["groups"]] == ["nano"]
    # 400,000,000 + 599,999,999 = 999,999,999 impressions: one short of >= 1B, missed.
    goals = tmp_path / "goals.yaml"
    goals.write_text('goals:\n  impressions: ">= 1B"\n')
    met = json.loads(run("score", path, "--goals", str(goals), "-f", "json").stdout)["goals"][0]["met"]
    assert met is False


def test_a_fee_sheet_with_followers_adds_no_posts_and_a_restated_count_is_said(write: Any) -> None:
    # Five videos with IDs; fee sheets with the creators' followers, or their posts restated:
    # neither lists posts. Posts 5; cost per post ($1,200 + $2,400) / 5 = $720. The restated
    # count is added (kpi cannot tell it restates), and stderr says how to avoid it.
    rows = "".join(f"7{i}01,@c{i % 2},1000,50\n" for i in range(5))
    videos = write("Video ID,Creator,Views,Likes\n" + rows, "videos.csv")
    followers = write("Creator,Followers,Fee\n@c0,12000,1200\n@c1,56000,2400\n", "followers.csv")
    total = kpis(run("score", videos, followers, "-f", "json"))
    assert (total["posts"]["value"], total["cost_per_post"]["value"]) == (5, 720)
    restated = write("Creator,Posts,Fee\n@c0,3,1200\n@c1,2,2400\n", "restated.csv")
    result = run("score", videos, restated, "-f", "json")
    assert "posts are counted by post ID in" in result.stderr and "counted twice" in result.stderr


def test_counts_grouped_beside_counts_written_plain_ask_for_the_decimal_mark(write: Any) -> None:
    # 42.000 impressions (grouped with a point) beside 84000 followers (no separator): one
    # of them was pasted in unformatted, or 42.000 is a fraction. kpi asks; with
    # --decimal-comma impressions are 42,000 + 118,500 + 27,000 = 187,500.
    path = write(
        "Creator,Followers,Impressions,Likes,Cost\n"
        "@a,84000,42.000,1.850,1.200\n@b,150000,118.500,4.200,1.850\n@c,22000,27.000,900,600\n"
    )
    line = error_line(run("score", path))
    assert "'42.000' (row 2, column 'Impressions')" in line and "'84000' (row 2, column 'Followers')" in line
    assert "--decimal-comma" in line and "--decimal-point" in line
    total = kpis(run("score", path, "--decimal-comma", "-f", "json"))
    assert total["impressions"]["value"] == 187_500


def test_csv_quotes_a_name_with_a_lone_carriage_return(write: Any) -> None:
    # "Old\rMac" (classic Mac text) was written unquoted: a reader split the row in two and
    # the campaign's 2,000 impressions shifted into another column.
    import csv
    import io

    path = write('campaign,impressions,clicks\n"Old\rMac",2000,30\n"Spring\r\nLaunch",1000,10\nPlain,500,5\n')
    result = run("score", path, "--by", "campaign", "-f", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["rows"] for r in rows] == ["1", "1", "1", "3"]
    assert sorted(r["impressions"] for r in rows) == ["1000", "2000", "3500", "500"]


def test_a_figure_that_rounds_onto_its_band_edge_is_shown_beside_it(write: Any) -> None:
    # CTR 999 / 100,000 = 0.999% is poor (< 1%): shown `<1.00%`, not `1.00%` poor < 1%.
    # CPM $2,500.40 / 100,000 x 1,000 = $25.004 is fair (> $25): `>$25.00`.
    path = write("influencer,impressions,clicks,spend\n@a,100000,999,2500.40\n@b,100000,1500,1000\n")
    result = run("score", path, "--by", "influencer", "-f", "json")
    group = json.loads(result.stdout)["groups"][0]["kpis"]
    assert (group["ctr"]["display"], group["ctr"]["verdict"]) == ("<1.00%", "poor")
    assert (group["cpm"]["display"], group["cpm"]["verdict"]) == (">$25.00", "fair")
    table = CliRunner().invoke(
        app, ["score", path, "--by", "influencer", "--kpis", "ctr"], env={"COLUMNS": "80"}
    )
    assert "<1.00%" in table.stdout


def test_counts_grouped_as_the_guess_reads_them_beside_plain_ones_are_read(write: Any) -> None:
    # A US sheet: "12,500" impressions (formatted) beside 125000 followers (not): a comma
    # file is read with a decimal point, and "12,500" is 12,500 that way too. No question:
    # impressions 12,500 + 9,000 = 21,500; CPM $800 / 21,500 x 1,000.
    path = write(
        'Creator,Followers,Impressions,Clicks,Spend\n@a,125000,"12,500",120,400\n@b,98000,"9,000",80,400\n'
    )
    total = kpis(run("score", path, "-f", "json"))
    assert total["impressions"]["value"] == 21_500
    assert total["cpm"]["value"] == pytest.approx(800 / 21_500 * 1000)
