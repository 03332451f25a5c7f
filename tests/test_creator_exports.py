"""Creator-side analytics exports (YouTube Studio, X analytics, LinkedIn Page, TikTok Studio):
audit q. Every expected figure is worked out by hand next to the assertion."""

from __future__ import annotations

from typing import Any

# YouTube Studio › Advanced mode › Export current view: the zip holds `Table data.csv`,
# `Chart data.csv` (one row per video per day) and `Totals.csv` (one row per day); a public
# parser test writes these headers (find_string "Date,Content,Video title,Video publish time").
YT_CHART = (
    "Date,Content,Video title,Video publish time,Duration,Views\n"
    '2025-09-18,UWQNrpakgcA,Consistency is the key #shorts,"Aug 28, 2025",9,3000\n'
    '2025-09-19,UWQNrpakgcA,Consistency is the key #shorts,"Aug 28, 2025",9,5000\n'
    '2025-09-18, -i5vAKwX_bY,"Life, unexpected journey",,7,2000\n'
    '2025-09-18,mx7T928-TGs,"Power of ""brain"" #ytshorts","Sep 18, 2025",54,1000\n'
    '2025-09-19,mx7T928-TGs,"Power of ""brain"" #ytshorts","Sep 18, 2025",54,4000\n'
)


def _groups(doc: dict[str, Any], kpi: str) -> dict[str, Any]:
    return {g["label"]: g["kpis"][kpi]["value"] for g in doc["groups"]}


def test_youtube_chart_data_by_date_is_the_day_of_the_views(write: Any, scored: Any) -> None:
    """A row's own `Date` is the day its views happened; `Video publish time` is when the
    video went up (Aug 28 for a video viewed on Sep 18 and 19)."""
    doc, err = scored(write(YT_CHART, "Chart data.csv"), "--by", "date")
    assert _groups(doc, "views") == {
        "2025-09-18": 3_000 + 2_000 + 1_000,  # 6,000
        "2025-09-19": 5_000 + 4_000,  # 9,000
    }
    assert doc["total"]["kpis"]["views"]["value"] == 15_000
    assert doc["date_range"] == {"start": "2025-09-18", "end": "2025-09-19"}
    assert "repeat the post ID and date" not in err  # each video once a day: no duplicates
