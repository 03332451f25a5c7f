"""Influencer platforms' `Reach` that is a creator's audience (audit K-1), and Later
Influence's campaign cost (audit K-3)."""

from __future__ import annotations

from typing import Any

import pytest

# GRIN's content breakdown: `Reach` is "the number of followers the influencer has"
# (support.grin.co, "Content Metric Icons"); its `Engagement Rate` is engagements / Reach:
# (2,100 + 140) / 52,000 = 4.31%, (6,400 + 310) / 130,000 = 5.16%, (760 + 40) / 18,000 = 4.44%.
GRIN = (
    "Creator,Network,Content Type,Posted Date,Post URL,Reach,Views,Likes,Comments,Engagement Rate,"
    "IMV,Spend\n"
    "mia.moves,Instagram,Reel,2025-04-02,https://www.instagram.com/reel/Ck1/,52000,31000,2100,140,4.31%,"
    '"$1,210.00","$900.00"\n'
    "leo.cooks,TikTok,Video,2025-04-04,https://www.tiktok.com/@leo.cooks/video/7351,130000,88000,6400,"
    '310,5.16%,"$3,450.00","$1,600.00"\n'
    "zoe.fit,Instagram,Reel,2025-04-06,https://www.instagram.com/reel/Ck2/,18000,,760,40,4.44%,"
    '"$400.00","$400.00"\n'
)


def _total(scored: Any, path: Any, *args: str) -> tuple[dict[str, Any], str]:
    report, stderr = scored(str(path), *args)
    return report["total"]["kpis"], stderr


def test_a_reach_that_the_files_engagement_rate_divides_by_is_followers(write_csv: Any, scored: Any) -> None:
    kpis, err = _total(scored, write_csv(GRIN))
    assert kpis["reach"]["value"] is None  # was 200,000 printed as Reach
    # (2,240 + 6,710 + 800) / (52,000 + 130,000 + 18,000) = 9,750 / 200,000 = 4.875%: fair (2–5%?)
    assert kpis["engagement_rate_by_followers"]["value"] == pytest.approx(9750 / 200000 * 100)
    assert "'Reach' read as followers, not reach" in " ".join(err.split())
    # --map says it is reach: read so.
    kpis, _ = _total(scored, write_csv(GRIN, "mapped.csv"), "--map", "Reach=reach")
    assert kpis["reach"]["value"] == 200000


# GRIN's creator breakdown (audit L-2): one row per creator, `Content` posts each, so a row's
# impressions are several posts' and above the creator's followers on 2 of 3 rows (90,000 >
# 52,000; 210,000 > 130,000): the "above the impressions" test K-1 relies on fails. Its
# Engagement Rate is engagements / Reach: 6,300 / 52,000 = 12.12%, 9,100 / 130,000 = 7.00%,
# 700 / 18,000 = 3.89%.
GRIN_CREATORS = (
    "Creator,Content,Reach,Impressions,Engagement,Engagement Rate,IMV,Spend,Revenue\n"
    'Mia Cook,3,52000,90000,6300,12.12%,"$4,100.00","$1,500.00","$2,400.00"\n'
    'Leo Fit,2,130000,210000,9100,7.00%,"$6,900.00","$2,000.00",$900.00\n'
    "Ana Style,1,18000,25000,700,3.89%,$800.00,$400.00,$450.00\n"
)


def test_grins_creator_breakdown_reach_is_followers(write_csv: Any, scored: Any) -> None:
    kpis, err = _total(scored, write_csv(GRIN_CREATORS))
    assert kpis["reach"]["value"] is None  # was 200,000, frequency 325,000 / 200,000 = 1.63
    assert kpis["frequency"]["value"] is None
    # (6,300 + 9,100 + 700) / (52,000 + 130,000 + 18,000) = 16,100 / 200,000 = 8.05%: good (6–9%)
    assert kpis["engagement_rate_by_followers"]["value"] == pytest.approx(16100 / 200000 * 100)
    assert kpis["engagement_rate_by_followers"]["verdict"] == "good"
    assert "'Reach' read as followers, not reach" in " ".join(err.split())


def test_grins_reach_is_followers_without_an_engagement_rate(write_csv: Any, scored: Any) -> None:
    # The same export without its rate column: GRIN's IMV tells the export, and GRIN's Reach
    # is the followers. 16,100 / 200,000 = 8.05% again.
    text = (
        "Creator,Content,Reach,Impressions,Engagement,IMV,Spend\n"
        "Mia Cook,3,52000,90000,6300,4100,1500\n"
        "Leo Fit,2,130000,210000,9100,6900,2000\n"
        "Ana Style,1,18000,25000,700,800,400\n"
    )
    kpis, err = _total(scored, write_csv(text))
    assert kpis["reach"]["value"] is None
    assert kpis["engagement_rate_by_followers"]["value"] == pytest.approx(16100 / 200000 * 100)
    assert "GRIN's Reach (this file has GRIN's IMV)" in " ".join(err.split())


def test_aspires_reach_is_the_creators_followers(write_csv: Any, scored: Any) -> None:
    # Aspire's Performance Impact (audit L-4): "Reach: total combined followers of creators at
    # the time of posting" (help.aspireiq.com, article 6403060), told by its TMV and Impact
    # Value. Was reach 200,000 and frequency 52,000 / 200,000 = 0.26 with a warning; now
    # followers, and engagement rate by followers (3,300 + 9,100 + 700) / (52,000 + 130,000 +
    # 18,000) = 13,100 / 200,000 = 6.55%: good (6–9%).
    text = (
        "Creator,Content,Impressions,Engagements,Investment,Reach,TMV,Impact Value\n"
        'Mia Cook,3,40000,3300,"$1,200.00",52000,"$2,100.00",2.25\n'
        'Leo Fit,2,0,9100,"$2,000.00",130000,"$3,300.00",1.40\n'
        "Ana Style,1,12000,700,$300.00,18000,$250.00,1.00\n"
    )
    kpis, err = _total(scored, write_csv(text))
    assert kpis["reach"]["value"] is None
    assert kpis["frequency"]["value"] is None
    assert kpis["engagement_rate_by_followers"]["value"] == pytest.approx(13100 / 200000 * 100)
    assert kpis["engagement_rate_by_followers"]["verdict"] == "good"
    assert "Aspire's Reach (this file has Aspire's TMV or Impact Value)" in " ".join(err.split())


def test_a_reach_beside_a_rate_by_reach_without_imv_stays_reach(write_csv: Any, scored: Any) -> None:
    # One row per creator whose rate is engagements / their posts' reach (Klear can rate by
    # reach): reach below each row's impressions, no IMV: it stays reach, 30,000 + 60,000.
    text = (
        "Creator,Posts,Reach,Impressions,Engagements,Engagement Rate\n"
        "@mia,3,30000,90000,1500,5.00%\n"
        "@leo,2,60000,150000,2400,4.00%\n"
    )
    kpis, err = _total(scored, write_csv(text))
    assert kpis["reach"]["value"] == 30000 + 60000
    assert "read as followers" not in err


def test_an_engagement_rate_by_a_posts_reach_keeps_the_reach(write_csv: Any, scored: Any) -> None:
    # A tracker whose ER is engagements / the post's reach (Instagram's rate by reach): the
    # reach is below the impressions on every row, as a post's always is: it stays reach.
    # (500 + 20) / 10,000 = 5.20%, (900 + 60) / 24,000 = 4.00%.
    text = (
        "Creator,Post URL,Impressions,Reach,Likes,Comments,Engagement Rate\n"
        "@mia,https://www.instagram.com/p/A1/,14000,10000,500,20,5.20%\n"
        "@leo,https://www.instagram.com/p/A2/,30000,24000,900,60,4.00%\n"
    )
    kpis, err = _total(scored, write_csv(text))
    assert kpis["reach"]["value"] == 10000 + 24000
    assert "read as followers" not in err


def test_later_influences_total_cost_of_campaigns_is_spend(write_csv: Any, scored: Any) -> None:
    # Later Influence's report summary (help-influence.later.com, "Navigating the Reports
    # Section"): `Total Cost of Campaigns` is what was paid; `Estimated Cost of Content` an estimate.
    text = (
        "Posts,Impressions,Engagements,Engagement Rate,Estimated Cost of Content,Total Cost of Campaigns\n"
        '6,166500,12350,7.42%,"$3,100.00","$2,600.00"\n'
    )
    kpis, _ = _total(scored, write_csv(text))
    assert kpis["total_spend"]["value"] == 2600
    assert kpis["cost_per_post"]["value"] == pytest.approx(2600 / 6)  # $433.33
    assert kpis["cpm"]["value"] == pytest.approx(2600 / 166500 * 1000)  # $15.62


def test_rows_named_by_a_campaign_alone_with_spend_are_campaigns(write_csv: Any, scored: Any) -> None:
    # Sweep of audit D: `Campaign,Impressions,Clicks,Amount Spent`, three campaigns of an ads
    # manager no profile claims: they were 3 posts, cost per post 18 / 3 = $6.00 "excellent".
    # CTR stays (10 + 20 + 30) / (1,000 + 2,000 + 1,000) = 1.5%.
    path = write_csv(
        "Campaign,Impressions,Clicks,Amount Spent\n"
        "Reach,1000,10,5\nTraffic,2000,20,6\nConversions,1000,30,7\n"
    )
    kpis, _ = _total(scored, path)
    assert kpis["posts"]["value"] is None and "the rows are campaigns" in kpis["posts"]["reason"]
    assert kpis["cost_per_post"]["value"] is None
    assert kpis["ctr"]["value"] == pytest.approx(60 / 4000 * 100)
    # A tracker's rows with likes stay posts, campaign column and all: 2 posts, $250 a post.
    kpis, _ = _total(
        scored, write_csv("Campaign,Impressions,Likes,Fee\nSpring,1000,50,200\nSpring,3000,90,300\n", "t.csv")
    )
    assert kpis["posts"]["value"] == 2 and kpis["cost_per_post"]["value"] == 250


def test_creatoriqs_engaged_view_is_the_video_views(write_csv: Any, scored: Any) -> None:
    # CreatorIQ's 2025 labels (audit L-7): `View` is the content on screen, `Engaged View` a
    # user stopping to watch (video only). Views were null "no views column"; now the engaged
    # views: 62,000 + 9,500 = 71,500, the photo's blank said.
    text = (
        "Creator Name,Network,Post Link,Followers,View,Engaged View,Likes,Comments\n"
        "Mia Cook,Instagram,https://www.instagram.com/p/AAA1/,52000,41000,,2100,140\n"
        "Leo Fit,TikTok,https://www.tiktok.com/@leo.fit/video/111,130000,150000,62000,6400,310\n"
        "Ana Style,YouTube,https://www.youtube.com/watch?v=abc123,18000,,9500,760,40\n"
    )
    kpis, _ = _total(scored, write_csv(text))
    assert kpis["views"]["value"] == 62000 + 9500
    assert kpis["views"]["missing"] == {"views": 1}


def test_a_published_date_is_the_posts_date(write_csv: Any, scored: Any) -> None:
    # A post list's `Published Date` (audit L-6) was ignored: no date range. 04/03 to 04/09.
    text = (
        "Creator,Platform,Published Date,Post URL,Views,Likes\n"
        "Mia Cook,Instagram,04/03/2025,https://www.instagram.com/reel/AAA1/,41000,2100\n"
        "Leo Fit,TikTok,04/09/2025,https://www.tiktok.com/@leo.fit/video/111,150000,6400\n"
    )
    report, _ = scored(str(write_csv(text)))
    assert report["date_range"] == {"start": "2025-04-03", "end": "2025-04-09"}
