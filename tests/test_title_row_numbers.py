"""The note for a line of text left out among the rows (`April 2025`) names its row as
errors do, in a file whose captions hold line breaks (review F4).

A quoted cell may hold line breaks (RFC 4180 §2.6; Instagram and TikTok captions do): one
record, one row of a spreadsheet, over several lines of the file. Errors name the record
(`row 6` is the sixth row a spreadsheet shows); the note for a dropped title named the
line it stood on, up to one more for each line break above it: `dropped row 7` for the
title on row 4 below, on the chunk reader (chunks._padded, line_of) and the streaming one
(chunks._Padded, a line count) alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.read import chunks

SMALL = (
    "Handle,Date,Caption,Impressions,Clicks\n"
    '@mia,2025-03-01,"Loving the\nnew serum",1000,10\n'  # row 2, over lines 2-3
    '@leo,2025-03-02,"Line one\nline two\nline three",2000,20\n'  # row 3, over lines 4-6
    "April 2025\n"  # row 4, line 7
    "@ana,2025-04-01,Spring,3000,30\n"  # row 5
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])  # the chunk reader; the streaming one
def test_a_title_under_captions_with_line_breaks_is_named_by_its_row(
    write: Any, scored: Any, encoding: str
) -> None:
    report, stderr = scored(write(SMALL, encoding=encoding))
    assert report["total"]["kpis"]["posts"]["value"] == 3
    assert "dropped row 4 ('April 2025'): a section title" in stderr, stderr


def test_the_note_and_an_error_under_it_count_rows_alike(write: Any) -> None:
    # The bad cell on the row under the title: row 5 in the error, so the title is row 4.
    path = write(SMALL.replace("Spring,3000,30", "Spring,3000,x"))
    result = CliRunner().invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2
    assert f"{path}, row 5, column 'Clicks'" in result.stderr


ROWS = 400


def _tracker(stray: bool = False) -> tuple[str, list[int]]:
    """ROWS posts, every 10th with a caption over three lines, a month's title before posts
    20, 150 and 390 (what their rows are: the header is row 1); `stray`: a `5"` in a plain
    caption at post 300, whose chunk the streaming reader takes over (chunks._quote_check)."""
    lines = ["Handle,Date,Caption,Impressions,Clicks"]
    row, titles = 1, []
    for i in range(ROWS):
        if i in (20, 150, 390):
            row += 1
            lines.append("April 2025")
            titles.append(row)
        if i % 10 == 0:
            caption = '"Loving the\nnew serum\nso much"'
        else:
            caption = 'Loving the 5" screen' if stray and i == 301 else "Plain caption"
        row += 1
        lines.append(f"@c{i % 7},2025-03-{1 + i % 28:02d},{caption},{1000 + i},{i % 3}")
    return "\n".join(lines) + "\n", titles


@pytest.mark.parametrize(
    ("encoding", "stray"), [("utf-8", False), ("utf-8", True), ("utf-16", False)]
)  # fmt: skip
def test_titles_past_the_first_chunk_are_named_by_their_rows(
    write: Any, scored: Any, monkeypatch: pytest.MonkeyPatch, encoding: str, stray: bool
) -> None:
    # Read in 2 KiB chunks on the worker threads (as a file over 14 MB is), by the streaming
    # reader (UTF-16), or by both (the streaming reader from the stray quote's chunk on,
    # counting on from the rows the chunks read). Above the last title: the header, 390 posts
    # and 2 titles on 393 rows, and 2 line breaks in each of 39 captions: it was said as row
    # 472, not 394.
    monkeypatch.setattr(chunks, "BLOCK_SIZE", 2048)
    monkeypatch.setattr(chunks, "STREAM_BLOCK_SIZE", 2048)
    text, titles = _tracker(stray)
    assert titles == [22, 153, 394]  # 1 + 20 + 1; 22 + 130 + 1; 153 + 240 + 1
    report, stderr = scored(write(text, encoding=encoding))
    assert report["total"]["kpis"]["posts"]["value"] == ROWS
    said = [line for line in stderr.splitlines() if "('April 2025')" in line]
    assert [int(line.split("dropped row ")[1].split(" ")[0].replace(",", "")) for line in said] == titles
