"""A post column that does not open the row is scanned for a totals label (audit Y) only
where it can hold one: short cells, in the rows without a date when the export is dated."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from kpi_cli.read.frames import _short_post_totals
from kpi_cli.score import score_files


def test_only_the_rows_asked_for_are_scanned() -> None:
    cells = pa.array(["p0001", "Total", "https://www.instagram.com/p/" + "x" * 30, "Total"])
    assert _short_post_totals(cells, (), False).tolist() == [False, True, False, True]
    assert _short_post_totals(cells, (), False, np.array([3])).tolist() == [False, False, False, True]
    assert _short_post_totals(cells, (), False, np.array([0, 2])) is None
    assert _short_post_totals(cells, (), False, np.array([], dtype=np.intp)) is None


def test_a_dated_exports_undated_total_row_is_left_out(tmp_path: Path) -> None:
    # A tracker with dates and a total typed in the post column, its date blank, its figures
    # rounded (not the posts' sum, so only its label tells): two posts of 1,000 and 3,000
    # impressions (4,000), not three posts of 8,100.
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Creator,Date,Views,Post URL,Impressions\n"
        "@anna,2025-03-01,50,p1,1000\n"
        "@ben,2025-03-02,70,p2,3000\n"
        ",,100,Total,4100\n"
    )
    report = score_files([str(path)])
    assert report.total.kpi("impressions").value == 1000 + 3000
    assert report.total.kpi("posts").value == 2
