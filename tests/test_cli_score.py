"""`kpi score` end to end through typer's CliRunner: figures, formats, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

SAMPLE = Path(__file__).parent.parent / "sample_data" / "campaign_posts.csv"

runner = CliRunner()


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def as_json(*args: str) -> dict:  # type: ignore[type-arg]
    result = run("score", *args, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_three_posts_by_hand(three_posts: Path) -> None:
    doc = as_json(str(three_posts))
    k = doc["total"]["kpis"]
    assert doc["schema"] == "kpi.score/2"
    assert doc["rows"] == 3
    assert doc["date_range"] == {"start": "2025-03-01", "end": "2025-03-09"}
    # CTR = (12 + 30 + 8) / (1,000 + 2,500 + 500) × 100 = 1.25 % → good (1–2 %)
    assert k["ctr"]["value"] == pytest.approx(1.25)
    assert k["ctr"]["verdict"] == "good"
    assert doc["kpis"]["ctr"]["bands"][k["ctr"]["band"]]["label"] == "1–2%"
    assert k["ctr"]["display"] == "1.25%"
    # Spend $100 + $300 + $100 = $500 parsed from "$100.00" cells.
    assert k["total_spend"]["value"] == pytest.approx(500.0)
    # CPM = 500 / 4,000 × 1,000 = $125 → poor (> $45)
    assert k["cpm"]["value"] == pytest.approx(125.0)
    assert k["cpm"]["verdict"] == "poor"
    # ROAS = (45 + 150 + 0) / 500 = 0.39× → poor
    assert k["roas"]["value"] == pytest.approx(0.39)
    # Engagement rate = 220 / 4,000 × 100 = 5.5 % → excellent (≥ 3 %)
    assert k["engagement_rate"]["value"] == pytest.approx(5.5)
    assert k["engagement_rate"]["verdict"] == "excellent"
    # Impressions: "1,000" + "2,500" + 500 — an exact integer in JSON.
    assert k["impressions"]["value"] == 4000
    assert k["activated_influencers"]["value"] == 2


def test_table_shows_the_same_figures(three_posts: Path) -> None:
    result = run("score", str(three_posts), "--color", "never")
    assert result.exit_code == 0
    out = result.stdout
    for text in ("Awareness", "Consideration", "Conversion", "Spend efficiency"):
        assert text in out
    assert "1.25%" in out and "$125.00" in out and "0.39×" in out and "5.50%" in out
    assert "3 rows" in out and "1 Mar 2025 – 9 Mar 2025" in out
    assert "\x1b[" not in out  # no colour codes when told never


def test_colour_only_when_asked_or_on_a_terminal(three_posts: Path) -> None:
    assert "\x1b[" in run("score", str(three_posts), "--color", "always").stdout
    assert "\x1b[" not in run("score", str(three_posts)).stdout  # CliRunner is not a terminal


def test_no_color_env_is_honoured(three_posts: Path) -> None:
    result = runner.invoke(app, ["score", str(three_posts)], env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout


def test_stderr_names_recognised_and_ignored_columns(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("Handle,Link Clicks,Post Impressions,Mood\n@a,5,100,happy\n")
    result = run("score", str(path), "-f", "json")
    assert result.exit_code == 0
    assert "Handle→influencer" in result.stderr
    assert "Link Clicks→clicks" in result.stderr
    assert "ignored Mood" in result.stderr
    json.loads(result.stdout)  # stdout is data only


def test_real_export_formats(write_csv) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Creator Handle,Network,Post impressions,Link clicks,Purchases,Amount spent (USD),Sales Revenue\n"
        '@a,TikTok,"1,200",1.2K,N/A,"$1,234.56","$2,000.00"\n'
        "@b,Instagram,1.5M,-,4,$65.44,\n"
        "@c,YouTube,,300,--,$0.00,$500\n"
    )
    k = as_json(str(write_csv(text)))["total"]["kpis"]
    assert k["impressions"]["value"] == 1200 + 1_500_000  # blank third cell skipped
    assert k["clicks"]["value"] == 1200 + 300
    assert k["conversions"]["value"] == 4
    assert k["total_spend"]["value"] == pytest.approx(1234.56 + 65.44 + 0)  # $1,300.00
    assert k["revenue"]["value"] == pytest.approx(2000 + 500)
    assert k["clicks"]["missing"] == {"clicks": 1}
    # CPC stands on the rows with both spend and clicks: @b's $65.44 has no clicks.
    assert k["cpc"]["value"] == pytest.approx((1234.56 + 0) / (1200 + 300))


def test_stdin_and_several_files_add_up(three_posts: Path) -> None:
    text = three_posts.read_text()
    result = run("score", "-", str(three_posts), "-f", "json", "-q", "--allow-duplicates", stdin=text)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["rows"] == 6
    assert doc["total"]["kpis"]["clicks"]["value"] == 2 * (12 + 30 + 8)
    # Ratios do not change when the same campaign is counted twice.
    assert doc["total"]["kpis"]["ctr"]["value"] == pytest.approx(1.25)


def test_the_same_file_given_twice_counts_once_with_a_warning(three_posts: Path) -> None:
    text = three_posts.read_text()
    result = run("score", "-", str(three_posts), "-f", "json", stdin=text)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["rows"] == 3  # not 6: the second copy is left out
    assert doc["total"]["kpis"]["clicks"]["value"] == 12 + 30 + 8
    assert f"{three_posts}: the same file as <stdin>: counted once" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_given_as_a_file_is_read_whole(three_posts: Path, tmp_path: Path) -> None:
    # `kpi score <(zcat export.csv.gz)` passes a pipe: it can be read once only, and
    # the first look at its header used to leave the parser nothing ("Empty CSV file").
    pipe = tmp_path / "export.csv"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_bytes(three_posts.read_bytes()), daemon=True)
    writer.start()
    try:
        doc = as_json(str(pipe))
    finally:
        writer.join(timeout=10)
    assert doc["rows"] == 3
    assert doc["total"]["kpis"]["clicks"]["value"] == 12 + 30 + 8


def test_a_post_in_two_files_counts_once(write_csv) -> None:  # type: ignore[no-untyped-def]
    # p0000000001 is in both files; the second also has a longer ID. Posts = 2, not 3:
    # the longer ID once changed how the shorter one in its batch was hashed.
    first = write_csv("post_id,impressions\np0000000001,10\n", "a.csv")
    second = write_csv("post_id,impressions\np0000000001,10\ntiktok_7312345678901234567,5\n", "b.csv")
    k = as_json(str(first), str(second))["total"]["kpis"]
    assert k["posts"]["value"] == 2
    assert k["impressions"]["value"] == 10 + 10 + 5


def test_semicolons_and_decimal_commas(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv('Influencer;Impressions;Clicks;Spend\n@a;1.000;10;"1.234,50"\n@b;2.000;20;765,50\n')
    k = as_json(str(path), "--decimal-comma")["total"]["kpis"]
    assert k["impressions"]["value"] == 3000
    assert k["total_spend"]["value"] == pytest.approx(1234.50 + 765.50)


def test_utf16_and_bom_exports(write_csv) -> None:  # type: ignore[no-untyped-def]
    body = "Handle,Impressions,Clicks\n@a,100,2\n@b,300,2\n"
    for encoding in ("utf-16", "utf-8-sig"):
        k = as_json(str(write_csv(body, f"{encoding}.csv", encoding)))["total"]["kpis"]
        assert k["ctr"]["value"] == pytest.approx(4 / 400 * 100)


# --------------------------------------------------------------------------- bad input


def assert_one_line_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kpi: error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


def test_a_word_in_a_number_column(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("Handle,Impressions,Link Clicks\n@a,100,5\n@b,200,lots\n")
    result = run("score", str(path), "-q")
    # Row 3 as a spreadsheet shows it: the header is row 1.
    assert_one_line_error(result, str(path), "row 3", "'Link Clicks'", "'lots'", "plain number")
    assert result.stdout == ""


def test_missing_file() -> None:
    assert_one_line_error(run("score", "nope.csv"), "nope.csv", "no such file")


def test_empty_file(write_csv) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(run("score", str(write_csv(""))), "empty")


def test_header_only_file(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("Handle,Impressions,Clicks\n")
    assert_one_line_error(run("score", str(path), "-q"), "no data rows")


def test_no_known_columns(write_csv) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(run("score", str(write_csv("a,b\n1,2\n"))), "none of the columns")


def test_ragged_row(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("Handle,Impressions\n@a,100\n@b,200,7,8\n")
    assert_one_line_error(
        run("score", str(path), "-q"),
        f"{path}, row 3: 4 cells where the header has 2 ('@b,200,7,8')",
        "quoted",
    )


def test_bad_date(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("Date,Impressions\n2025-03-01,100\nyesterday,200\n")
    assert_one_line_error(run("score", str(path), "-q"), "row 3", "'Date'", "'yesterday'")


def test_input_is_never_modified(three_posts: Path, tmp_path: Path) -> None:
    before = three_posts.read_bytes()
    target = tmp_path / "scores.csv"
    result = run("score", str(three_posts), "-f", "csv", "-o", str(target), "-q")
    assert result.exit_code == 0
    assert three_posts.read_bytes() == before
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert rows[-1]["group"] == "Total"
    assert float(rows[-1]["ctr"]) == pytest.approx(1.25)
    assert rows[-1]["ctr_verdict"] == "good"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_json_to_a_file_is_what_stdout_gets(three_posts: Path, tmp_path: Path) -> None:
    # JSON goes out as orjson's UTF-8 bytes, to stdout and through -o alike.
    target = tmp_path / "scores.json"
    written = run("score", str(three_posts), "--by", "influencer", "-f", "json", "-o", str(target), "-q")
    printed = run("score", str(three_posts), "--by", "influencer", "-f", "json", "-q")
    assert written.exit_code == printed.exit_code == 0
    assert written.stdout == ""
    assert target.read_bytes() == printed.stdout_bytes
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["total"]["kpis"]["cpm"]["display"].startswith("$")
    assert "—" in target.read_text(encoding="utf-8")  # non-ASCII kept as UTF-8, not escaped


def test_refuses_to_overwrite_an_input(three_posts: Path, tmp_path: Path) -> None:
    copy = tmp_path / "export.csv"
    copy.write_bytes(three_posts.read_bytes())
    result = run("score", str(copy), "-o", str(copy), "-q")
    assert_one_line_error(result, "input")
    assert copy.read_bytes() == three_posts.read_bytes()


# --------------------------------------------------------------------------- formats and gate


def test_every_format_carries_the_same_figure(three_posts: Path) -> None:
    ndjson = run("score", str(three_posts), "-f", "ndjson", "-q").stdout.splitlines()
    records = [json.loads(line) for line in ndjson]
    ctr = next(r for r in records if r["kpi"] == "ctr")
    assert ctr["value"] == pytest.approx(1.25) and ctr["verdict"] == "good"
    assert len(records) == 30
    markdown = run("score", str(three_posts), "-f", "markdown", "-q").stdout
    assert "| Consideration | CTR | 1.25% | ✓ good (1–2%) |" in markdown


def test_ndjson_keeps_one_line_per_record_whatever_the_label(write_csv) -> None:  # type: ignore[no-untyped-def]
    # A handle with a quote, a line break and non-ASCII letters: escaped inside its line
    path = write_csv('Handle,Impressions,Clicks\n"@zoë ""glow""\nlab",100,1\n@b,200,3\n')
    lines = run("score", str(path), "--by", "influencer", "-f", "ndjson", "-q").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3 * 30  # two groups and the total, 30 KPIs each
    assert {r["group"] for r in records} == {'@zoë "glow"\nlab', "@b", "Total"}
    ctr = {r["group"]: r["value"] for r in records if r["kpi"] == "ctr"}
    assert ctr == {'@zoë "glow"\nlab': 1.0, "@b": 1.5, "Total": pytest.approx(4 / 300 * 100)}


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1", "'\r=1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("-x", "'-x"),
        ("@handle", "@handle"),  # plain handles join with other data as written
        ("@name.with_dots", "@name.with_dots"),
        ("@some-channel", "@some-channel"),
        ("-12.5", "-12.5"),  # signed numbers stay numbers
        ("+3%", "+3%"),
        ("Lena", "Lena"),
    ],
)
def test_csv_escapes_only_what_a_spreadsheet_would_run(cell: str, shown: str) -> None:
    from kpi_cli.output import _safe_cell

    assert _safe_cell(cell) == shown
    assert _safe_cell(-3.5) == -3.5  # numbers stay numbers
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):  # --excel-safe: everything that starts so
        assert _safe_cell(cell, excel_safe=True) == "'" + cell


def test_csv_keeps_handles_and_excel_safe_escapes_them(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("Handle,Impressions,Clicks\n@lena.creates,100,1\n=cmd|x,100,2\n")
    args = ["score", str(path), "--by", "influencer", "-f", "csv", "--kpis", "clicks", "-q"]
    plain = run(*args).stdout
    assert plain.splitlines()[1:3] == ["'=cmd|x,'=cmd|x,1,2,", "@lena.creates,@lena.creates,1,1,"]
    safe = run(*args, "--excel-safe")
    assert safe.stdout.splitlines()[2] == "'@lena.creates,'@lena.creates,1,1,"


def test_fail_on_gate(three_posts: Path) -> None:
    result = run("score", str(three_posts), "--fail-on", "poor", "-f", "json", "-q")
    assert result.exit_code == 1
    assert "gate failed" in result.stderr and "CPM $125.00 (poor" in result.stderr
    json.loads(result.stdout)  # the report is still written


def test_fail_on_passes_when_nothing_is_poor(write_csv) -> None:  # type: ignore[no-untyped-def]
    # CTR 30 / 1,000 = 3 % (excellent), CPM 10 / 1,000 × 1,000 = $10 (good).
    path = write_csv("Impressions,Clicks,Spend\n1000,30,$10.00\n")
    result = run("score", str(path), "--fail-on", "fair", "-q")
    assert result.exit_code == 0, result.stderr


def test_sample_data_scores() -> None:
    doc = as_json(str(SAMPLE))
    assert doc["rows"] >= 100
    assert doc["total"]["kpis"]["activated_influencers"]["value"] >= 10
    for record in doc["total"]["kpis"].values():
        assert record["value"] is not None or record["reason"]


def test_help_has_an_example() -> None:
    assert "Example" in run("--help").stdout
    assert "kpi score" in run("score", "--help").stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["score"], "Missing argument"),
        (["score", "x.csv", "--format", "xml"], "'xml' is not one of"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_from_the_console_script_are_one_line(args: list[str], fragment: str) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "kpi_cli.cli", *args], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kpi: error: ") and fragment in lines[0]


def _console_script(*args: str) -> subprocess.Popen[bytes]:
    """`kpi` as a process (its own exit path), stdout and stderr on pipes."""
    command = [sys.executable, "-m", "kpi_cli.cli", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_console_script_output_is_whole_and_exit_codes_hold() -> None:
    # The process ends without tearing the interpreter down: stdout must be flushed first.
    proc = _console_script("score", str(SAMPLE), "--by", "post_id", "-f", "json", "-q")
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert json.loads(out)["group_count"] == 164  # ~2 MB of JSON, all of it
    gate = _console_script("score", str(SAMPLE), "-f", "csv", "-q", "--fail-on", "poor")
    out, err = gate.communicate()
    assert gate.returncode == 1 and out.startswith(b"group,") and b"gate failed" in err


def test_a_reader_that_leaves_early_is_not_an_error() -> None:
    # `kpi score x.csv --by post_id -f json | head -c 100`: exit 0, nothing on stderr.
    proc = _console_script("score", str(SAMPLE), "--by", "post_id", "-f", "json", "-q")
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100).startswith(b"{")
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait() == 0
    assert err == b""


COMMANDS = [["score"], ["columns"], ["lift"], ["retention"], ["benchmarks"], ["benchmarks", "learn"]]


@pytest.mark.parametrize("command", [*COMMANDS, ["goals", "init"]])
def test_every_command_has_an_example_and_is_in_the_readme(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"kpi {' '.join(command)}" in readme
