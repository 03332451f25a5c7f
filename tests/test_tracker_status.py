"""A tracker's Status column (audit J-6): rows of posts not live yet, or dropped, and
without figures are no posts, and their fee is no cost of what the campaign delivered."""

from __future__ import annotations

from typing import Any

import pytest

HEAD = "Creator,Platform,Status,Post Date,Post URL,Impressions,Likes,Comments,Link Clicks,Fee\n"
LIVE = (
    "@mia,Instagram,Posted,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,120,500\n"
    "@leo,TikTok,Posted,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,90,150,800\n"
    "@sam,YouTube,Posted,2025-03-08,https://www.youtube.com/watch?v=dQw4w9WgXcQ,9000,400,50,90,1200\n"
)


def _kpis(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v["value"] for k, v in report["total"]["kpis"].items()}


def test_rows_not_live_and_without_figures_are_left_out(write_csv: Any, scored: Any) -> None:
    # audit J-6's t08_status.csv: 3 posted, a Scheduled ($300), a Cancelled ($0), a Draft ($400).
    path = write_csv(
        HEAD + LIVE + "@zoe,Instagram,Scheduled,2025-03-20,,,,,,300\n@ana,TikTok,Cancelled,,,,,,,0\n"
        "@kai,Instagram,Draft,,,,,,,400\n"
    )
    report, stderr = scored(str(path))
    kpis = _kpis(report)
    assert kpis["posts"] == 3 and kpis["activated_influencers"] == 3  # was 6 and 6
    assert kpis["total_spend"] == 500 + 800 + 1200  # 2,500; was 3,200 with the draft's and the scheduled's
    assert kpis["cost_per_post"] == pytest.approx(2500 / 3)  # $833.33; was 3,200 / 6 = $533.33
    assert kpis["cpm"] == pytest.approx(2500 / 51000 * 1000)  # 12,000 + 30,000 + 9,000 impressions
    said = " ".join(stderr.split())
    assert (
        "left out 3 rows whose 'Status' says the post is not live and that have no figures: "
        "1 'Scheduled' (row 5), 1 'Cancelled' (row 6), 1 'Draft' (row 7); nothing of theirs is counted "
        "('Fee' included), nor are they posts (--map 'Status=ignore' counts them)"
    ) in said
    # --map 'Status=ignore' counts every row, as before: 6 posts, $3,200.
    kpis = _kpis(scored(str(path), "--map", "Status=ignore")[0])
    assert (kpis["posts"], kpis["total_spend"]) == (6, 3200)


def test_a_status_not_updated_since_the_post_went_live_keeps_its_row(write_csv: Any, scored: Any) -> None:
    # @zoe is `Scheduled` but has 5,000 impressions: posted since. Kept, and said.
    path = write_csv(HEAD + LIVE + "@zoe,Instagram,Scheduled,2025-03-20,,5000,100,10,0,300\n")
    report, stderr = scored(str(path))
    kpis = _kpis(report)
    assert kpis["posts"] == 4 and kpis["impressions"] == 51000 + 5000
    assert kpis["total_spend"] == 2500 + 300
    said = "kept 1 row whose 'Status' says the post is not live but that has figures: 1 'Scheduled' (row 5)"
    assert said in " ".join(stderr.split())


def test_a_status_word_kpi_does_not_know_is_counted_and_said(write_csv: Any, scored: Any) -> None:
    path = write_csv(HEAD + LIVE + "@zoe,Instagram,Awaiting edits,2025-03-20,,,,,,300\n")
    report, stderr = scored(str(path))
    assert _kpis(report)["posts"] == 4 and _kpis(report)["total_spend"] == 2800  # 2,500 + 300
    assert "counted 1 row whose 'Status' kpi does not know as a live post's or not: 1 'Awaiting edits'" in (
        " ".join(stderr.split())
    )


def test_statuses_in_other_languages_and_cases(write_csv: Any, scored: Any) -> None:
    # `GEPLANT` (German: scheduled) and `Annulé` (French: cancelled), blank figures: left out.
    path = write_csv(HEAD + LIVE + "@zoe,Instagram,GEPLANT,,,,,,,300\n@ana,TikTok,Annulé,,,,,,,100\n")
    kpis = _kpis(scored(str(path))[0])
    assert (kpis["posts"], kpis["total_spend"]) == (3, 2500)


def test_a_google_ads_status_is_not_a_posts(write_csv: Any, scored: Any) -> None:
    # Google Ads' `Campaign status` Paused is a campaign's, not a post's stage: every row counts.
    path = write_csv(
        "Campaign,Campaign status,Impressions,Clicks,Cost,Currency code\n"
        "Brand,Enabled,1000,10,5.00,USD\nPromo,Paused,2000,20,7.00,USD\n"
    )
    kpis = _kpis(scored(str(path))[0])
    assert (kpis["impressions"], kpis["total_spend"]) == (3000, 12.0)


def test_one_row_not_live_is_said_in_the_singular(write_csv: Any, scored: Any) -> None:
    # `TBD`: the post is not decided yet; no figures, so no post and its $300 no spend.
    path = write_csv(HEAD + LIVE + "@zoe,Instagram,TBD,,,,,,,300\n")
    report, stderr = scored(str(path))
    assert (_kpis(report)["posts"], _kpis(report)["total_spend"]) == (3, 2500)
    said = " ".join(stderr.split())
    assert "1 'TBD' (row 5); nothing of it is counted ('Fee' included), nor is it a post" in said
    assert "(--map 'Status=ignore' counts it)" in said


def test_a_creators_merged_first_row_not_live_gives_its_fee_to_the_posts_below(
    write_csv: Any, scored: Any
) -> None:
    # Verify J V-1: @mia's name and $1,500 deal fee are merged cells on her first row, which is
    # `Scheduled` with no figures; her live post is the row below (name and fee blank). Left
    # out whole, the row took her name and fee with it: spend $800, cost per post $400 "good".
    # Now the fee goes with her live post and the row is no post: 3 posts, 2 creators, spend
    # 1,500 + 800 = 2,300, cost per post 2,300 / 3 = $766.67, CPM 2,300 / 60,000 × 1000 = $38.33.
    path = write_csv(
        "Creator,Platform,Status,Post Date,Post URL,Impressions,Likes,Comments,Creator Fee\n"
        "@mia,Instagram,Scheduled,2025-03-20,,,,,1500\n"
        ",,Posted,2025-03-05,https://www.instagram.com/p/AAA112/,10000,500,30,\n"
        "@leo,TikTok,Posted,2025-03-04,https://www.tiktok.com/@leo/video/1,30000,1500,90,800\n"
        ",,Posted,2025-03-06,https://www.tiktok.com/@leo/video/2,20000,1000,60,\n"
    )
    report, stderr = scored(str(path))
    kpis = _kpis(report)
    assert (kpis["posts"], kpis["activated_influencers"], kpis["total_spend"]) == (3, 2, 2300)
    assert kpis["cost_per_post"] == pytest.approx(2300 / 3)
    assert kpis["cpm"] == pytest.approx(2300 / 60000 * 1000)
    assert "holds the creator and fee merged over the posts below" in " ".join(stderr.split())
    groups = scored(str(path), "--by", "influencer", "-q")[0]["groups"]
    mia = next(g for g in groups if g["label"] == "@mia")["kpis"]
    assert (mia["posts"]["value"], mia["total_spend"]["value"]) == (1, 1500)
