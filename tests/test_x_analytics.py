"""X (Twitter) post analytics, the tweet activity export (audit R-6): a promoted post's figures
are split between the organic columns and the `promoted ...` ones, and the file is the
account's organic analytics, not an ads manager's export. Every figure is worked out by hand
in the test that checks it.
"""

from __future__ import annotations

# The real header of `tweet_activity_metrics_*.csv` (ropensci-org/ropensci-tweets), every
# field quoted, counts as `"424.0"`, `-` in the promoted columns of a post not promoted.
HEADER = (
    '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","engagement rate",'
    '"retweets","replies","likes","user profile clicks","url clicks","hashtag clicks","detail expands",'
    '"permalink clicks","app opens","app installs","follows","email tweet","dial phone","media views",'
    '"media engagements","promoted impressions","promoted engagements","promoted engagement rate",'
    '"promoted retweets","promoted replies","promoted likes","promoted user profile clicks",'
    '"promoted url clicks","promoted hashtag clicks","promoted detail expands","promoted permalink clicks",'
    '"promoted app opens","promoted app installs","promoted follows","promoted email tweet",'
    '"promoted dial phone","promoted media views","promoted media engagements"\n'
)
NOT_PROMOTED = ',"-"' * 18


def _row(tweet: str, day: str, figures: str, promoted: str) -> str:
    link = f'"https://twitter.com/brand/status/{tweet}"'
    return f'"{tweet}",{link},"text","{day} 15:00 +0000",{figures}{promoted}\n'


def test_promoted_figures_are_added_to_the_organic_ones(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit R-6: X splits a promoted post's metrics between organic and promoted views
    (docs.x.com, "Metrics"), and kpi read only the organic columns: impressions 1,000 +
    2,000 = 3,000 for a post that had 20,000 more as an ad. Each figure is now organic +
    promoted: impressions 1,000 + 20,000 + 2,000 = 23,000; likes 20 + 300 + 40 = 360, retweets
    5 + 40 + 10 = 55, replies 3 + 10 + 5 = 18, engagements 360 + 55 + 18 = 433; url clicks
    10 + 400 + 20 = 430; engagement rate 433 / 23,000 = 1.8826 %, CTR 430 / 23,000 = 1.8696 %."""
    promoted = ',"20000","900","0.045","40","10","300","50","400","0","100","0","0","0","0","0","0","0","0"'
    rest = ',"0","0","0","0","0","0","0"'  # app opens ... media engagements
    organic_1 = '"1000.0","60.0","0.06","5.0","3.0","20.0","4.0","10.0","0.0","18.0","0.0"' + rest
    organic_2 = '"2000.0","100.0","0.05","10.0","5.0","40.0","5.0","20.0","0.0","20.0","0.0"' + rest
    report, err = scored(
        write(
            HEADER
            + _row("1500000000000000001", "2022-03-01", organic_1, promoted)
            + _row("1500000000000000002", "2022-03-02", organic_2, NOT_PROMOTED)
        )
    )
    total = {k: v["value"] for k, v in report["total"]["kpis"].items()}
    assert total["posts"] == 2
    assert total["impressions"] == 1000 + 20000 + 2000
    assert total["engagements"] == (20 + 300 + 40) + (5 + 40 + 10) + (3 + 10 + 5)
    assert total["clicks"] == 10 + 400 + 20
    assert total["profile_visits"] == 4 + 50 + 5
    assert abs(total["engagement_rate"] - 433 / 23_000 * 100) < 1e-9
    assert abs(total["ctr"] - 430 / 23_000 * 100) < 1e-9
    assert "recognised as X (Twitter) post analytics export" in err
    assert "Ads export" not in err
    assert "promoted impressions→+impressions" in err
