"""Short rows and section titles in a file whose lines end in CR alone (an old Mac's).

Excel for Mac offers "Comma Separated Values (.csv)" beside "Windows Comma Separated" and
"MS-DOS Comma Separated", the formats told apart by their line ends (Steven Holland,
"Excel's text file formats", strata.uga.edu; Excel 2011's "CSV (Macintosh)"): the Mac one
ends its lines in a CR alone. Excel leaves out a row's empty cells at its end (StataCorp's
FAQ, in read/short.py), and a line break typed in a cell is an LF inside the quotes.

Such a file read fine with every row full, but a short row or a month's title refused it
on every path: the chunk reader's padding split the chunk's lines at LF only (one line),
the streaming one (a file over a chunk, or UTF-16) fed Python's csv reader lines split at
LF only, which fails on a CR in an unquoted cell ("new-line character seen in unquoted
field"), so the file was left to pyarrow as it was.

Its twin with LF line ends read whole was refused too, at its first short row with a
caption over two lines (`@c0,"Loving the<LF>new serum",1015`): the chunk reader looked for
that row line by line, where it runs over two. Read by the streaming reader (UTF-16) the
same file was read: now every path reads it.
"""

from __future__ import annotations

from typing import Any

import pytest

from kpi_cli.read import chunks

HEADER = "Date,Creator,Caption,Impressions,Clicks,Spend"


def _mac(rows: int) -> tuple[str, list[int]]:
    """`rows` posts, CR line ends; every 4th without its last two cells (no clicks, no spend),
    every 5th with a caption over two lines (an LF inside its quotes; post 15 is both), a month's title
    before posts 10 and 30 (their rows in the list: the header is row 1)."""
    lines = [HEADER]
    titles = []
    for i in range(rows):
        if i in (10, 30):
            lines.append("April 2025")
            titles.append(len(lines))  # its row: the header is row 1
        caption = '"Loving the\nnew serum"' if i % 5 == 0 else "Plain caption"
        row = f"2025-03-{1 + i % 28:02d},@c{i % 3},{caption},{1000 + i}"
        lines.append(row if i % 4 == 3 else f"{row},{i % 3},1.50")
    return "\r".join(lines) + "\r", titles


ROWS = 120
IMPRESSIONS = 1000 * ROWS + ROWS * (ROWS - 1) // 2  # 120,000 + 7,140
CLICKS = sum(i % 3 for i in range(ROWS) if i % 4 != 3)  # 90 full rows
SPEND = 1.50 * (ROWS - ROWS // 4)  # 90 rows of 1.50: 135


@pytest.mark.parametrize(
    ("encoding", "tiny"),
    [("utf-8", False), ("utf-8", True), ("utf-16", False)],
)  # read whole; over several chunks (handed to the streaming reader: CR line ends); UTF-16
def test_a_mac_files_short_rows_and_titles_read_as_its_lf_twin(
    write: Any, scored: Any, monkeypatch: pytest.MonkeyPatch, encoding: str, tiny: bool
) -> None:
    if tiny:
        monkeypatch.setattr(chunks, "BLOCK_SIZE", 2048)
        monkeypatch.setattr(chunks, "STREAM_BLOCK_SIZE", 2048)
    text, titles = _mac(ROWS)
    assert titles == [12, 33]  # 1 + 10 posts + 1; 12 + 20 posts + 1
    report, stderr = scored(write(text, encoding=encoding))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == ROWS
    assert kpis["activated_influencers"]["value"] == 3
    assert kpis["impressions"]["value"] == IMPRESSIONS
    assert kpis["clicks"]["value"] == CLICKS
    assert kpis["clicks"]["missing"] == {"clicks": ROWS // 4}
    assert kpis["total_spend"]["value"] == pytest.approx(SPEND)
    for row in titles:
        assert f"dropped row {row} ('April 2025'): a section title" in stderr, stderr
    twin, _ = scored(write(text.replace("\r", "\n"), name="lf.csv", encoding=encoding))
    assert twin["total"]["kpis"] == kpis
