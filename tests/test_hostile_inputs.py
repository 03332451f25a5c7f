"""Broken and hostile files (audit D): each is the right figures or one line naming the
row, the column and the fix; never a 10 MB line, a codec's or Arrow's own words, or a
diagnosis of the wrong thing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.read import chunks

HEADER = "Date,Handle,Impressions,Likes,Spend\n"
# impressions 1,000 + 3,000 = 4,000; likes 10 + 30 = 40; spend 5 + 7 = 12
ROWS = "2025-03-01,@ana,1000,10,5\n2025-03-02,@ben,3000,30,7\n"


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def error_line(result: Any) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    return str(result.output.strip().splitlines()[-1])


def totals(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    return {k: v["value"] for k, v in json.loads(result.stdout)["total"]["kpis"].items()}


def assert_base_figures(kpis: dict[str, Any]) -> None:
    assert kpis["impressions"] == 4000  # 1,000 + 3,000
    assert kpis["engagements"] == 40  # 10 + 30 likes
    assert kpis["total_spend"] == pytest.approx(12.0)  # 5 + 7
    assert kpis["engagement_rate"] == pytest.approx(1.0)  # 40 / 4,000 x 100


# ---------------------------------------------------------------- a long cell is quoted short (D-2)


def test_a_huge_bad_cell_is_quoted_by_its_start_end_and_length(tmp_path: Path) -> None:
    # 10 MB of digits in one cell was echoed whole: one line of 10,000,155 bytes on stderr.
    path = tmp_path / "long.csv"
    path.write_text(HEADER + f"2025-03-01,@ana,{'8' * 100_000},10,5\n2025-03-02,@ben,3000,30,7\n")
    line = error_line(run("score", str(path), "-q"))
    assert len(line) < 400
    assert (
        f"{path}, row 2, column 'Impressions': value '{'8' * 40}'...'{'8' * 15}' (100,000 characters)" in line
    )


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("2025-03-0" + "1" * 50_000, "Date"),  # not a date
        ("y" * 50_000, "Impressions"),  # not a number
        ("1" * 5_000 + "%", "Impressions"),  # a percentage past int64: Arrow's "Failed to parse string"
        ("1," + "000," * 5_000 + "5", "Impressions"),
    ],
)
def test_every_message_quoting_a_long_cell_is_short(tmp_path: Path, cell: str, column: str) -> None:
    path = tmp_path / "long.csv"
    values = {"Date": "2025-03-01", "Impressions": "1000"} | {column: cell}
    path.write_text(
        HEADER + f'{values["Date"]},@ana,"{values["Impressions"]}",10,5\n2025-03-02,@ben,3000,30,7\n'
    )
    line = error_line(run("score", str(path), "-q"))
    assert len(line) < 500, line[:300]
    assert f"row 2, column '{column}'" in line
    assert "Failed to parse" not in line and "characters)" in line


def test_a_header_of_100_000_characters_is_read_and_shown_short(tmp_path: Path) -> None:
    # A header line past the 64 KB sniffed was cut: its rest became a row of one cell
    # (`1 cells where the header has 6 ('yyyy...')`). Now the file reads, the long header
    # is ignored, and the `using` note shows it by its start, end and length.
    path = tmp_path / "longhdr.csv"
    long = "X" + "y" * 99_999
    path.write_text(
        HEADER.replace("Spend\n", f"Spend,{long}\n") + ROWS.replace("5\n", "5,1\n").replace("7\n", "7,1\n")
    )
    result = run("score", str(path), "-f", "json")
    assert_base_figures(totals(result))
    assert f"ignored X{'y' * 39}…{'y' * 15} (100,000 characters)" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 400
    view = run("columns", str(path))
    assert view.exit_code == 0 and "(100,000 characters)" in view.stdout and "y" * 100 not in view.stdout


def test_a_row_longer_than_kpi_reads_is_named_by_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cell of hundreds of MB said Arrow's `straddling object straddles two block boundaries
    # (try to increase block size?)`. Blocks made small here: a 30 KB row is longer than the
    # streaming reader's 4 KB block and than 4 chunk blocks of 2 KB.
    monkeypatch.setattr(chunks, "BLOCK_SIZE", 2048)
    monkeypatch.setattr(chunks, "STREAM_BLOCK_SIZE", 4096)
    path = tmp_path / "bigcell.csv"
    filler = "".join(f"2025-03-01,@c{i},1000,10,5\n" for i in range(200))  # rows 2 to 201
    path.write_text(HEADER + filler + f"2025-03-02,@{'b' * 30_000},3000,30,7\n")  # row 202
    line = error_line(run("score", str(path), "-q"))
    assert line.startswith(f"kpi: error: {path}, row 202: a row of megabytes, longer than kpi reads")
    assert "straddl" not in line


# ---------------------------------------------------------------- one cell in another encoding (D-3)


def test_a_windows_1252_cell_in_a_utf8_file_is_named_by_row_and_column(tmp_path: Path) -> None:
    # `@josé` in UTF-8 on row 2, `@zoé` pasted from an Excel CSV (E9) on row 4.
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        (HEADER + "2025-03-01,@josé,1000,10,5\n2025-03-02,@ben,3000,30,7\n").encode()
        + b"2025-03-03,@zo\xe9,1,1,1\n"
    )
    line = error_line(run("score", str(path), "-q"))
    assert line == (
        f"kpi: error: {path}, row 4, column 'Handle': '@zo\ufffd' has a byte that is not UTF-8 (0xE9, é in "
        "Windows-1252) in a file that is UTF-8 elsewhere (a cell pasted from a file in another encoding?); "
        "retype that cell and save the export as CSV UTF-8"
    )
    assert error_line(run("columns", str(path))) == line  # kpi columns says the same


def test_a_windows_1252_cell_far_down_is_named_too(tmp_path: Path) -> None:
    # Past the sniffed start (64 KB), the whole file said only `not UTF-8 text`.
    path = tmp_path / "mixed.csv"
    rows = "".join(f"2025-03-01,@josé{i},1000,10,5\n" for i in range(5000))  # rows 2 to 5,001
    path.write_bytes((HEADER + rows).encode() + b"2025-03-03,@zo\xe9,1,1,1\n")  # row 5,002
    line = error_line(run("score", str(path), "-q"))
    assert line.startswith(
        f"kpi: error: {path}, row 5,002, column 'Handle': '@zo\ufffd' has a byte that is not UTF-8"
    )


# ---------------------------------------------------------------- two exports joined with cat (D-5)


def test_a_repeated_header_row_is_skipped_with_a_note(tmp_path: Path) -> None:
    # `cat a.csv b.csv` of two Excel "CSV UTF-8" files: b's BOM and header on row 3. It was
    # refused as `value '\ufeffDate' is not a date in this column's style`. The row has no
    # figure and the rows under it are in the same columns: skipped, and said.
    first, second = ROWS.splitlines(keepends=True)
    path = tmp_path / "joined.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" + (HEADER + first).encode() + b"\xef\xbb\xbf" + (HEADER + second).encode()
    )
    result = run("score", str(path), "-f", "json")
    assert_base_figures(totals(result))  # the same figures as the two rows in one file
    assert (
        f"{path}: skipped row 3, the header row again (exports joined with cat?); check the joined "
        "files do not list the same rows twice"
    ) in result.stderr


def test_a_header_row_with_its_columns_in_another_order_is_refused(tmp_path: Path) -> None:
    # Joined files whose columns differ: the rows under the second header would be read in
    # the wrong columns, so kpi stops at it.
    path = tmp_path / "joined.csv"
    path.write_text(
        HEADER + "2025-03-01,@ana,1000,10,5\nHandle,Date,Impressions,Likes,Spend\n@ben,2025-03-02,3000,30,7\n"
    )
    line = error_line(run("score", str(path), "-q"))
    assert line == (
        f"kpi: error: {path}, row 3: the header row again, with its columns in another order (files "
        "with different columns joined with cat?); give the files separately, e.g. kpi score a.csv b.csv"
    )


def test_a_header_row_with_a_column_more_is_refused(tmp_path: Path) -> None:
    # Verify D V-1: the second export's header, with a column more, looked the better header;
    # the first header and its rows were skipped as lines above the table: 1 row of 3,
    # impressions 3,000 for 1,000 + 2,000 + 3,000 = 6,000, exit 0.
    path = tmp_path / "joined.csv"
    path.write_text(
        HEADER
        + "2025-03-01,@ana,1000,10,5\n2025-03-02,@ben,2000,20,6\n"
        + HEADER.rstrip("\n")
        + ",Notes\n2025-03-03,@cy,3000,30,7,hi\n"
    )
    line = error_line(run("score", str(path), "-q"))
    assert line == (
        f"kpi: error: {path}, row 4: the header row again, with other columns than row 1's (files "
        "with different columns joined with cat?); give the files separately, e.g. kpi score a.csv b.csv"
    )


# ---------------------------------------------------------------- no header, or turned on its side (D-10)


def test_a_file_without_its_header_row_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "noheader.csv"
    path.write_text(ROWS)
    line = error_line(run("score", str(path)))
    assert line == (
        f"kpi: error: {path}: the first line is data (2025-03-01, @ana, 1000, 10, ...), not a header: "
        "export the file with its header row (the names of the columns), or add one, e.g. "
        "Date,Influencer,Impressions,Clicks,Spend"
    )


def test_a_transposed_sheet_is_said_so(tmp_path: Path) -> None:
    # It took `Impressions,1000,2000` for the header and stopped at `value 'Likes' is not a number`.
    path = tmp_path / "pivot.csv"
    path.write_text("Metric,2025-03-01,2025-03-02\nImpressions,1000,2000\nLikes,10,20\nSpend,5,6\n")
    line = error_line(run("score", str(path)))
    assert line.startswith(
        f"kpi: error: {path}, row 2: metrics are rows and dates (or posts) are columns (Impressions, "
        "Likes, Spend, ... down the first column): the sheet is transposed; export one row per post or day"
    )


# ---------------------------------------------------------------- smaller messages (D-11)


def test_yaml_files_that_cannot_be_read_say_why_in_words(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(HEADER + ROWS)
    folder = tmp_path / "bands"
    folder.mkdir()
    png = tmp_path / "bands.yaml"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    gz = tmp_path / "goals.yaml"
    gz.write_bytes(b"\x1f\x8b\x08\x00" + bytes(40))
    binary = "not a text file (a compressed file, a PDF or an image); give the {} file as YAML text"
    cases = [
        (["-b", str(folder)], f"{folder}: is a folder; give the benchmarks file inside it"),
        (["--goals", str(folder)], f"{folder}: is a folder; give the goals file inside it"),
        (["-b", str(png)], f"{png}: " + binary.format("benchmarks")),
        (["--goals", str(gz)], f"{gz}: " + binary.format("goals")),
    ]
    for args, message in cases:
        line = error_line(run("score", str(export), "-q", *args))
        assert line == f"kpi: error: {message}", line
        assert "Errno" not in line and "codec" not in line
    assert error_line(run("benchmarks", "--check", str(folder))).endswith(
        "is a folder; give the benchmarks file inside it"
    )


def test_a_python_tag_in_a_yaml_file_is_refused_in_words(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(HEADER + ROWS)
    bands = tmp_path / "bands.yaml"
    bands.write_text('version: 1\nkpis:\n  ctr: !!python/object/apply:os.system ["touch pwned"]\n')
    goals = tmp_path / "goals.yaml"
    goals.write_text('goals: !!python/object/apply:os.system ["touch pwned"]\n')
    for option, path in (("-b", bands), ("--goals", goals)):
        line = error_line(run("score", str(export), "-q", option, str(path)))
        assert "the tag !!python/object/apply:os.system is not plain YAML (kpi builds no objects and runs " \
               "nothing); remove it" in line, line  # fmt: skip
        assert "constructor" not in line and "must be a mapping" not in line
    assert not (tmp_path / "pwned").exists()


def test_learn_names_the_file_without_a_campaign_column(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(HEADER + ROWS)
    line = error_line(run("benchmarks", "learn", str(export), "-q"))
    assert line.startswith(
        f"kpi: error: {export}: learning needs a campaign column (each campaign is one observation)"
    )


def test_columns_takes_q_like_every_command(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(HEADER + ROWS)
    result = run("columns", str(export), "-q")
    assert result.exit_code == 0, result.output
    assert "Impressions" in result.stdout


@pytest.mark.parametrize("row", [3, 3002])
def test_a_nul_byte_is_refused_wherever_it_is(tmp_path: Path, row: int) -> None:
    # One on row 3 was refused, one on row 15,002 read into a name as `\x00`.
    path = tmp_path / "nul.csv"
    rows = [f"2025-03-01,@c{i},1000,10,5\n" for i in range(3001)]  # rows 2 to 3,002
    rows[row - 2] = "2025-03-01,@c\x00,1000,10,5\n"
    path.write_text(HEADER + "".join(rows))
    line = error_line(run("score", str(path), "-q"))
    assert line == (
        f"kpi: error: {path}, row {row:,}: a NUL byte; this is not a text file (or a damaged one), export "
        "the campaign as CSV again"
    )


def test_a_nul_byte_is_refused_on_the_streaming_path_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Old-Mac line ends (CR alone) past the first 2 KB block: the streaming reader reads the rest.
    monkeypatch.setattr(chunks, "BLOCK_SIZE", 2048)
    path = tmp_path / "nul.csv"
    rows = [f"2025-03-01,@c{i},1000,10,5\r" for i in range(3001)]  # rows 2 to 3,002
    rows[2999] = "2025-03-01,@c\x00,1000,10,5\r"  # row 2,999 + 2 = 3,001
    path.write_bytes((HEADER.replace("\n", "\r") + "".join(rows)).encode())
    line = error_line(run("score", str(path), "-q"))
    assert line == (
        f"kpi: error: {path}, row 3,001: a NUL byte; this is not a text file (or a damaged one), export "
        "the campaign as CSV again"
    )


def test_the_text_beside_a_number_is_quoted_short(tmp_path: Path) -> None:
    # Verify D V-2: `$1000` followed by 5 MB of text printed that text whole in the error
    # ("has 'xxx…' beside the number"): now its start, its end and its length.
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "2025-03-01,@ana,$1000" + "x" * 5000 + ",10,5\n")
    line = error_line(run("score", str(path), "-q"))
    assert "(5,000 characters) beside the number" in line
    assert len(line) < 500


def test_a_long_map_argument_is_quoted_short(tmp_path: Path) -> None:
    # Verify D V-6: an unknown --map target of 100,000 characters was echoed whole.
    path = tmp_path / "a.csv"
    path.write_text(HEADER + "2025-03-01,@ana,1000,10,5\n")
    result = run("score", str(path), "--map", "Handle=" + "Z" * 100_000, "-q")
    assert result.exit_code == 2
    assert "(100,000 characters) is not a column kpi reads" in result.stderr
    assert len(result.stderr) < 2000


@pytest.mark.parametrize("row", [3, 2_500])
def test_a_nul_character_in_utf16_is_refused_too(tmp_path: Path, row: int) -> None:
    # Verify D V-4: in a UTF-16 file (half of whose bytes are 0) a NUL character was read
    # into a name: `@a\x00na` beside `@ana`, a second creator.
    path = tmp_path / "nul16.csv"
    rows = [f"2025-03-01,@c{i},1000,10,5\n" for i in range(3001)]
    rows[row - 2] = "2025-03-01,@a\x00na,1000,10,5\n"
    path.write_bytes(b"\xff\xfe" + (HEADER + "".join(rows)).encode("utf-16-le"))
    line = error_line(run("score", str(path), "-q"))
    assert line.startswith(f"kpi: error: {path}, row {row:,}: a NUL byte")


def test_a_summary_block_above_the_table_is_no_second_export(tmp_path: Path) -> None:
    # Check F-6: a block of totals above the table (`Handle,Impressions,Likes,Spend`, its row)
    # names most of the table's columns but is no joined export: read as before, its lines
    # skipped: 1,000 + 3,000 = 4,000 impressions.
    path = tmp_path / "summary.csv"
    summary = "Handle,Impressions,Likes,Spend\nAll,4000,40,12\n\n"
    path.write_text(summary + HEADER + "2025-03-01,@ana,1000,10,5\n2025-03-02,@ben,3000,30,7\n")
    result = run("score", str(path), "-q", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total"]["kpis"]["impressions"]["value"] == 1000 + 3000
