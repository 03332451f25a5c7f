"""What agencies type into the cells and headers of a tracker kept in a spreadsheet (audit J).

Placeholders for a post not live yet (`TBD`, `pending`, `?`), a gifted post's fee
(`Gifted`), a round thousand written `"12,000"` beside one `1,2K`, pivot-table headers
(`SUM of Impressions`) and the spellings of a creator's fee (`Talent Fee`, `Agreed Rate`).
Every figure is worked out by hand in the test.
"""

from __future__ import annotations

from typing import Any

import pytest


def kpi(report: dict[str, Any], name: str) -> Any:
    return report["total"]["kpis"][name]


# --- J-7: a placeholder in the post-link column is a blank, not a post ID ------------------


@pytest.mark.parametrize("placeholder", ["TBD", "tbd", "TBC", "TBA", "pending", "Pending", "?", "t.b.d."])
def test_a_placeholder_post_link_is_no_post_id(write: Any, scored: Any, placeholder: str) -> None:
    # Six posts, four links not filled in yet: each such row is a post of its own (SPEC:
    # "one post for each row whose ID is blank"), not two posts named `TBD` and `pending`.
    path = write(
        "Creator,Post Date,Post URL,Impressions,Fee\n"
        "@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,500\n"
        "@leo,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,800\n"
        f"@zoe,2025-03-05,{placeholder},5000,300\n"
        f"@sam,2025-03-08,{placeholder},9000,1200\n"
        f"@kai,2025-03-09,{placeholder},4000,400\n"
        f"@ana,2025-03-09,{placeholder},6000,600\n"
    )
    report, _ = scored(path, "-q")
    assert kpi(report, "posts")["value"] == 2 + 4  # two links, four blank-linked rows
    # (500 + 800 + 300 + 1200 + 400 + 600) / 6 = 3800 / 6 = 633.33
    assert kpi(report, "cost_per_post")["value"] == pytest.approx(3800 / 6)


# --- J-12: placeholders in figure and date cells are unknown --------------------------------


def test_placeholders_in_figure_and_date_cells_are_missing(write: Any, scored: Any) -> None:
    # @kai's post is not live: every cell of it `TBD`, `TBC`, `pending` or `?`. They are
    # unknown, like `N/A`: sums skip them and the notes count them; nothing is refused.
    path = write(
        "Creator,Post Date,Post URL,Impressions,Likes,Comments,Link Clicks,Fee\n"
        "@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,120,500\n"
        "@leo,2025-03-04,https://www.instagram.com/p/BBB222/,30000,1500,90,300,800\n"
        "@kai,TBD,TBD,TBC,pending,?,TBA,Pending\n"
    )
    report, _ = scored(path, "-q")
    assert report["currency"] is None  # `Pending` starts with PEN, the sol's code: no currency
    assert kpi(report, "posts")["value"] == 3  # two links, and @kai's blank-linked row
    assert kpi(report, "impressions")["value"] == 12_000 + 30_000
    assert kpi(report, "impressions")["missing"] == {"impressions": 1}
    assert kpi(report, "engagements")["value"] == 600 + 40 + 1500 + 90
    assert kpi(report, "total_spend")["value"] == pytest.approx(500 + 800)
    assert kpi(report, "total_spend")["missing"] == {"spend": 1}
    assert report["date_range"] == {"start": "2025-03-03", "end": "2025-03-04"}
