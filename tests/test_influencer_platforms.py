"""Influencer platforms' campaign and content reports that earlier audits barely touched
(audit Z): CreatorIQ, Tagger, #paid, Captiv8, Traackr, HypeAuditor, Dash Hudson, Klear,
Emplifi, Brandwatch Influence, Upfluence, Modash, Mavrck / Later Influence, Linqia.
Every figure is worked out by hand in the test."""

from __future__ import annotations

from typing import Any

import pytest

# CreatorIQ since April 2025 (creatoriq.com/whats-new-in-creatoriq/views-to-impressions):
# "View – the content appears on a user's screen (still content and video)", "Engaged View –
# a user actively stops to watch the video (video only)"; "Impressions will refer to any view
# that lasts between 1 millisecond and 1 second". A post list with both, plural as a table
# heads them. By hand: views (engaged) 25,000 + 35,000 + 15,000 = 75,000; impressions (its
# views) 40,000 + 60,000 + 30,000 = 130,000; engagements 1,320 + 1,980 + 990 = 4,290;
# engagement rate 4,290 / 130,000 = 3.3%.
CREATORIQ = (
    "Creator,Network,Post URL,Published Date,Views,Engaged Views,Likes,Comments,Shares,Engagements,"
    "Earned Media Value\n"
    "mia.moves,TikTok,https://www.tiktok.com/@mia.moves/video/7351,2025-05-01,40000,25000,1200,80,40,1320,$800.00\n"
    "leo.cooks,TikTok,https://www.tiktok.com/@leo.cooks/video/7352,2025-05-02,60000,35000,1800,120,60,1980,"
    "$1200.00\n"
    "zoe.fit,Instagram,https://www.instagram.com/reel/Ck2/,2025-05-03,30000,15000,900,60,30,990,$600.00\n"
)


def _kpis(scored: Any, path: Any, *args: str) -> tuple[dict[str, Any], str]:
    report, stderr = scored(str(path), *args)
    return report["total"]["kpis"], " ".join(stderr.split())


@pytest.mark.parametrize(("views", "engaged"), [("Views", "Engaged Views"), ("View", "Engaged View")])
def test_creatoriqs_views_beside_engaged_views_are_impressions(
    write_csv: Any, scored: Any, views: str, engaged: str
) -> None:
    text = CREATORIQ.replace("Views,Engaged Views", f"{views},{engaged}", 1)
    kpis, err = _kpis(scored, write_csv(text))
    # Was: views 130,000 (the content on screen) and "no impressions column".
    assert kpis["views"]["value"] == 25000 + 35000 + 15000
    assert kpis["impressions"]["value"] == 40000 + 60000 + 30000
    assert kpis["engagement_rate"]["value"] == pytest.approx(4290 / 130000 * 100)
    assert f"'{views}' read as impressions beside '{engaged}'" in err
    assert f"read '{engaged}', not '{views}'" not in err


def test_creatoriqs_views_by_creator(write_csv: Any, scored: Any) -> None:
    report, _ = scored(str(write_csv(CREATORIQ)), "--by", "influencer")
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    # leo.cooks: engaged views 35,000, views on screen 60,000: 1,980 / 60,000 = 3.3%.
    assert groups["leo.cooks"]["views"]["value"] == 35000
    assert groups["leo.cooks"]["impressions"]["value"] == 60000


def test_a_files_own_impressions_come_before_creatoriqs_views(write_csv: Any, scored: Any) -> None:
    # With `Impressions` there too, it is read; `Views` stays unread (the engaged views are the
    # video views): impressions 10,000 + 20,000 + 30,000 = 60,000.
    text = CREATORIQ.replace("Views,Engaged Views,", "Impressions,Views,Engaged Views,", 1)
    lines = text.splitlines()
    for i, imp in zip(range(1, 4), (10000, 20000, 30000), strict=True):
        cells = lines[i].split(",")
        cells.insert(4, str(imp))
        lines[i] = ",".join(cells)
    kpis, _ = _kpis(scored, write_csv("\n".join(lines) + "\n"))
    assert kpis["impressions"]["value"] == 60000
    assert kpis["views"]["value"] == 75000
    # No engaged views: a tracker's `Views` are its video views, 40,000 + 60,000 + 30,000.
    text = "\n".join(
        ",".join(c for j, c in enumerate(line.split(",")) if j != 5) for line in CREATORIQ.splitlines()
    )
    kpis, _ = _kpis(scored, write_csv(text + "\n", "no_engaged.csv"))
    assert kpis["views"]["value"] == 130000
    assert kpis["impressions"]["value"] is None
