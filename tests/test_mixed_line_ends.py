"""A file reads the same whatever its line ends, its encoding and its size; a refused row is
named by its spreadsheet row on every path.

Excel for Mac still writes its "Comma Separated Values" with a CR alone after each row
(fivethirtyeight/data pull request 287, 2021: files saved from Excel on macOS, CR line
terminators), and a caption's line break inside its quotes as it came: a CRLF when the text
was pasted from a Windows export. Files put together from exports of different machines mix
LF, CRLF and CR (mholt/PapaParse issue 345, a file switching between `\\r` and `\\n`;
Rdatatable/data.table issue 1183, a CRLF header over LF rows; OpenWaterFoundation's
cdss-app-snodas-tools issue 1, a CR header over CRLF rows). pyarrow ends a line at any of the
three, and so does kpi's streaming reader.

Before: a CR-only file whose quoted captions held a CRLF, with a short row or a month's title,
was refused read whole (UTF-8 under a chunk), and a file mixing the three refused read whole
or in chunks, while the same files in UTF-16 were read: the chunk reader looked for the short
lines splitting at LF (or at CR only in a chunk without any CRLF). A refused row was named by
counting LFs (a CR-only file or UTF-16: no row; a caption's quoted line break counted as a row).
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.read import chunks

HEADER = "Date,Creator,Caption,Impressions,Clicks"
POSTS = 60
IMPRESSIONS = 1000 * POSTS + POSTS * (POSTS - 1) // 2  # 60,000 + 1,770
# i % 3 over 0..59 is 20 x (0+1+2) = 60; the 15 short rows (i = 3, 7, ..., 59: i = 3 + 4k,
# whose i % 3 is k % 3 for k = 0..14) have no clicks: 5 x (0+1+2) = 15 of it
CLICKS = 60 - 15


def _records(inner: str) -> tuple[list[str], list[int]]:
    """The header and POSTS posts; every 4th without its last cell (no clicks), every 5th with
    a caption over two lines (`inner` inside its quotes), a month's title before posts 10 and
    30 (their rows in the list: the header is row 1)."""
    records, titles = [HEADER], []
    for i in range(POSTS):
        if i in (10, 30):
            records.append("April 2025")
            titles.append(len(records))
        caption = f'"Loving the{inner}new serum"' if i % 5 == 0 else "Plain caption"
        row = f"2025-03-{1 + i % 28:02d},@c{i % 3},{caption},{1000 + i}"
        records.append(row if i % 4 == 3 else f"{row},{i % 3}")
    return records, titles


def _joined(records: list[str], ends: str) -> str:
    if ends == "mixed":  # LF, CRLF and CR in turn
        return "".join(r + ["\n", "\r\n", "\r"][j % 3] for j, r in enumerate(records))
    if ends == "mac+windows":  # a Mac export's rows, then a Windows one's
        half = len(records) // 2
        return "".join(r + ("\r" if j < half else "\r\n") for j, r in enumerate(records))
    return "".join(r + ends for r in records)


PATHS = [("utf-8", False), ("utf-8", True), ("utf-16", False), ("utf-16", True)]  # whole / 2 KiB chunks


def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "BLOCK_SIZE", 2048)
    monkeypatch.setattr(chunks, "STREAM_BLOCK_SIZE", 2048)


@pytest.mark.parametrize(("encoding", "tiny"), PATHS)
@pytest.mark.parametrize(
    ("ends", "inner"),
    [("\r", "\r\n"), ("mixed", "\n"), ("mixed", "\r\n"), ("mixed", "\r"), ("mac+windows", "\n")],
)
def test_short_rows_and_titles_read_the_same_whatever_the_line_ends(
    write: Any, scored: Any, monkeypatch: pytest.MonkeyPatch, encoding: str, tiny: bool, ends: str, inner: str
) -> None:
    if tiny:
        _small_chunks(monkeypatch)
    records, titles = _records(inner)
    assert titles == [12, 33]  # 1 + 10 posts + 1; 12 + 20 posts + 1
    report, stderr = scored(write(_joined(records, ends), encoding=encoding))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == POSTS
    assert kpis["activated_influencers"]["value"] == 3
    assert kpis["impressions"]["value"] == IMPRESSIONS
    assert kpis["clicks"]["value"] == CLICKS
    assert kpis["clicks"]["missing"] == {"clicks": POSTS // 4}
    for row in titles:
        assert f"dropped row {row} ('April 2025'): a section title" in stderr, stderr
    twin, _ = scored(write(_joined(_records("\n")[0], "\n"), name="lf.csv"))
    assert twin["total"]["kpis"] == kpis


def _broken(ends: str) -> str:
    """160 posts, every 10th with a caption over two lines inside its quotes (a CRLF); post 125's
    caption broken by a line break that is not quoted: refused, on row 127 (the header is row
    1), its 140th line (the 13 quoted line breaks above it start no row)."""
    records = ["Handle,Date,Caption,Impressions,Clicks"]
    for i in range(160):
        caption = '"Loving the\r\nnew serum"' if i % 10 == 0 else "Plain caption"
        if i == 125:
            records += [f"@c{i % 7},2025-03-{1 + i % 28:02d},Loving the", f"new serum,{1000 + i},{i % 3}"]
        else:
            records.append(f"@c{i % 7},2025-03-{1 + i % 28:02d},{caption},{1000 + i},{i % 3}")
    return _joined(records, ends)


@pytest.mark.parametrize(("encoding", "tiny"), PATHS)
@pytest.mark.parametrize("ends", ["\n", "\r\n", "\r", "mixed"])
def test_a_refused_row_is_named_by_its_spreadsheet_row(
    write: Any, monkeypatch: pytest.MonkeyPatch, encoding: str, tiny: bool, ends: str
) -> None:
    if tiny:
        _small_chunks(monkeypatch)
    path = write(_broken(ends), encoding=encoding)
    assert len(_broken(ends).encode()) > 2 * 2048  # several chunks when tiny
    result = CliRunner().invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2, result.output
    error = result.stderr.strip().splitlines()[-1]
    said = "export.csv, row 127: 3 cells where the header has 5 ('@c6,2025-03-14,Loving the')"
    assert said in error, error
    assert "Traceback" not in result.output


def test_rows_are_counted_as_lines_after_a_stray_quote() -> None:
    """With a quote inside a plain cell (`5" screen`) the quotes cannot tell which line breaks
    are inside a value: every line end counts (as before: a row named no higher than its line)."""
    data = b'h\r"a\r\nb"\r5" screen\rx\r'  # from offset 2: a row over 2 lines, a stray quote's, then x
    assert chunks._records_to(data, 2, data.index(b"x"), "u1", ",") == 3  # its lines
    clean = b'h\r"a\r\nb"\rplain\rx\r'
    assert chunks._records_to(clean, 2, clean.index(b"x"), "u1", ",") == 2  # its records


def test_records_are_counted_in_utf16_big_endian() -> None:
    text = 'h\n"a\rb"\r\nc\rx\n'.encode("utf-16-be")
    at = text.index("x".encode("utf-16-be"))
    assert chunks._records_to(text, 4, at, ">u2", ",") == 2  # `"a<CR>b"` and `c` before x


def _mixed_rows(cell: str, at: int) -> str:
    """40 posts, LF, CRLF and CR in turn; post `at` (on row at + 2) with `cell` as its caption."""
    records = ["Handle,Date,Caption,Impressions,Clicks"]
    for i in range(40):
        caption = cell if i == at else "Plain"
        records.append(f"@c{i % 7},2025-03-{1 + i % 28:02d},{caption},{1000 + i},{i % 3}")
    return _joined(records, "mixed")


def test_a_nul_byte_in_a_file_of_mixed_line_ends_is_named_by_its_row(write: Any) -> None:
    path = write(_mixed_rows("Plain\x00", 30))  # row 32: the header is row 1, post 0 row 2
    result = CliRunner().invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2, result.output
    assert "export.csv, row 32: a NUL byte" in result.stderr, result.stderr


def test_a_byte_not_utf8_in_a_file_of_mixed_line_ends_is_named_by_its_row(tmp_path: Any) -> None:
    """A UTF-8 file (`café` on row 7) with one Windows-1252 byte (`caf<E9>` on row 32)."""
    text = _mixed_rows("cafX", 30).replace("Plain,1005", "café,1005")
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode().replace(b"cafX", b"caf\xe9"))
    result = CliRunner().invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 2, result.output
    assert "export.csv, row 32" in result.stderr, result.stderr


@pytest.mark.parametrize(("ends", "encoding"), [("\r", "utf-8"), ("mixed", "utf-8"), ("\n", "utf-16")])
def test_a_row_longer_than_kpi_reads_is_named_by_its_row(
    write: Any, monkeypatch: pytest.MonkeyPatch, ends: str, encoding: str
) -> None:
    """As tests/test_hostile_inputs.py's LF file (a 30 KB row over small blocks), with CR
    line ends, mixed ones, or in UTF-16: its line was found by its LFs only (the whole CR
    file one line: row 1; in UTF-16, LF bytes of other characters counted too)."""
    monkeypatch.setattr(chunks, "BLOCK_SIZE", 2048)
    monkeypatch.setattr(chunks, "STREAM_BLOCK_SIZE", 4096)
    records = ["Date,Creator,Impressions,Clicks"]
    records += [f"2025-03-01,@c{i},1000,10" for i in range(200)]  # rows 2 to 201
    records[50] = "2025-03-01,@Ċ,1000,10"  # U+010A: a 0x0A byte in UTF-16 LE, no line end
    records.append(f"2025-03-02,@{'b' * 30_000},3000,30")  # row 202
    result = CliRunner().invoke(app, ["score", write(_joined(records, ends), encoding=encoding), "-q"])
    assert result.exit_code == 2, result.output
    assert "export.csv, row 202: a row of megabytes, longer than kpi reads" in result.stderr, result.stderr
