"""A tracker's only money column a cost per post (`Cost/Post`; audit T-10).

Each cost KPI said "no spend column" only, the header left unread named nowhere but in the
stderr list of ignored headers. It is not read as spend by itself: a row of a creator's
several posts would count their cost once. The reason now names it, and the --map that
reads it where each row is one post.
"""

from __future__ import annotations

from typing import Any

import pytest

TRACKER = (
    "Creator,Post date,Followers,Views,Impressions,Likes,Comments,Cost per view,CPM ($),EMV ($),"
    "{header},Avg. ER,Link Clicks,CTR\n"
    '@anna,2025-03-03,"12,000","10,000","15,000",600,40,$0.12,$82.30,"$2,100.00","$1,234.56",5.3%,150,1.0%\n'
    '@ben,2025-03-04,"85,000","60,000","90,000","2,000",150,$0.05,$33.34,"$9,000.00","$3,000.55",2.5%,900,1.0%\n'
)


@pytest.mark.parametrize("header", ["Cost/Post", "Cost per post", "Fee per video"])
def test_cost_kpis_name_the_cost_per_post_and_its_map(scored: Any, write: Any, header: str) -> None:
    doc, _ = scored(write(TRACKER.format(header=header)))
    kpis = doc["total"]["kpis"]
    for kpi in ("total_spend", "cost_per_post", "cpe", "cpm"):
        assert kpis[kpi]["value"] is None
        reason = kpis[kpi]["reason"]
        assert reason.startswith(f"'{header}' is not read: a cost per post")
        assert f"--map '{header}=spend'" in reason
    # The ratio columns beside it stay unread: CPM is not taken from `CPM ($)`, nor spend from EMV.


def test_the_map_it_names_reads_the_fees(scored: Any, write: Any) -> None:
    # Each row one post: spend 1,234.56 + 3,000.55 = 4,235.11; cost per post 4,235.11 / 2.
    doc, _ = scored(write(TRACKER.format(header="Cost/Post")), "--map", "Cost/Post=spend")
    kpis = doc["total"]["kpis"]
    assert kpis["total_spend"]["value"] == pytest.approx(1_234.56 + 3_000.55)
    assert kpis["cost_per_post"]["value"] == pytest.approx((1_234.56 + 3_000.55) / 2)
    assert kpis["cpm"]["value"] == pytest.approx(4_235.11 / (15_000 + 90_000) * 1000)


def test_a_cost_per_post_beside_a_fee_is_not_named(scored: Any, write: Any) -> None:
    # With a `Fee` read as spend, the cost per post is a ratio beside it, and nothing is short.
    text = (
        "Creator,Impressions,Fee,Cost/Post\n"
        '@anna,"15,000","$1,234.56","$1,234.56"\n'
        '@ben,"90,000","$3,000.55","$1,500.28"\n'
    )
    doc, _ = scored(write(text))
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(1_234.56 + 3_000.55)
