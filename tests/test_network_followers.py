"""Follower columns of several networks beside a platform column (audit j, finding 2).

A creator roster joined to posts has `Instagram Followers`, `TikTok Followers` and `YouTube
Subscribers` (spellings kpi's own profiles list) on every row. kpi read `Instagram Followers`
for every row, TikTok and YouTube posts included: ER by followers 14,570 / 112,000 = 13.0 %
"excellent" instead of 1.6 % "poor", and a 620k TikTok creator in the micro tier.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

runner = CliRunner()

# Audit j's in/multi_followers.csv.
ROSTER = (
    "Creator,Platform,Post URL,Instagram Followers,TikTok Followers,YouTube Subscribers,"
    "Impressions,Likes,Comments,Shares,Fee\n"
    "@lena,Instagram,https://www.instagram.com/p/L1/,48000,620000,,30000,1200,80,40,400\n"
    "@lena,TikTok,https://www.tiktok.com/@lena/video/7481,48000,620000,,150000,9000,300,700,900\n"
    "@max,YouTube,https://www.youtube.com/watch?v=M1,8000,,210000,60000,2400,260,50,1500\n"
    "@max,Instagram,https://www.instagram.com/p/M2/,8000,,210000,9000,500,30,10,300\n"
)


def test_each_row_takes_its_own_networks_followers(scored: Any, write: Any) -> None:
    report, _ = scored(write(ROSTER))
    er = report["total"]["kpis"]["engagement_rate_by_followers"]
    # engagements 1,320 + 10,000 + 2,710 + 540 = 14,570
    # followers 48,000 (IG) + 620,000 (TikTok) + 210,000 (YouTube) + 8,000 (IG) = 886,000
    assert er["value"] == pytest.approx(14570 / 886000 * 100)  # 1.64 %, not 13.01 %
    assert er["verdict"] == "poor"


def test_tiers_follow_each_rows_network(scored: Any, write: Any) -> None:
    report, _ = scored(write(ROSTER), "--by", "tier,platform")
    tiers = {(g["key"]["platform"], g["key"]["tier"]) for g in report["groups"]}
    # 48k IG micro, 620k TikTok macro, 210k YouTube mid, 8k IG nano
    assert tiers == {("Instagram", "micro"), ("TikTok", "macro"), ("YouTube", "mid"), ("Instagram", "nano")}


def test_a_row_on_a_network_with_no_column_has_no_followers(scored: Any, write: Any) -> None:
    """A Facebook row beside IG and TikTok columns: blank, never the Instagram count."""
    text = (
        "Creator,Platform,Instagram Followers,TikTok Followers,Impressions,Likes\n"
        "@a,Instagram,40000,90000,10000,800\n"
        "@a,Facebook,40000,90000,5000,100\n"
    )
    report, _ = scored(write(text))
    er = report["total"]["kpis"]["engagement_rate_by_followers"]
    assert er["value"] == pytest.approx(800 / 40000 * 100)  # 2.0 %, on the Instagram row only
    assert er["missing"]  # followers missing in 1 of 2 rows


def test_without_a_platform_column_no_network_is_guessed(scored: Any, write: Any) -> None:
    text = "\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i != 1) for line in ROSTER.splitlines()
    )
    report, notes = scored(write(text + "\n"))
    assert report["total"]["kpis"]["engagement_rate_by_followers"]["value"] is None
    assert "no platform column says which a row is on" in notes
