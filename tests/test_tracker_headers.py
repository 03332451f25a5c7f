"""A tracker's own spellings of the creator, the revenue and the post date (audit S).

Trackers kept in a spreadsheet head the creator by its network (`Instagram Handle`,
`TikTok Handle`), abbreviate revenue (`Total Rev ($)`) and name the day a post went up
`Go Live Date`, `Posting Date`, `Upload Date`. kpi left each unread: Activated influencers,
Revenue, ROAS and the date range had no figure ("no ... column") and `--by influencer` or
`--by date` was refused. Every figure below is worked out by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def _groups(report: dict[str, Any], dim: str) -> dict[str, tuple[int, Any]]:
    """{group: (rows, impressions)} of a breakdown by `dim`."""
    return {g["key"][dim]: (g["rows"], g["kpis"]["impressions"]["value"]) for g in report["groups"]}


@pytest.mark.parametrize(
    "header",
    ["Instagram Handle", "IG Handle", "TikTok Handle", "YouTube Handle", "IG Username", "Instagram Username"],
)
def test_network_handle_is_the_creator(write_csv, scored, header: str) -> None:  # type: ignore[no-untyped-def]
    """Audit S-1: three posts by two creators, the creator headed by a network's handle."""
    path = write_csv(
        f"{header},Post URL,Post Date,Impressions,Likes,Link Clicks,Fee\n"
        '@mia.glow,https://www.instagram.com/p/C1a/,3/14/2025,"12,000",480,120,$250.00\n'
        '@leo.fit,https://www.instagram.com/p/C2b/,3/15/2025,"8,000",320,80,"$1,250.50"\n'
        '@mia.glow,https://www.instagram.com/p/C3c/,3/16/2025,"5,500",210,50,$300.00\n'
    )
    report, _ = scored(path, "-q")
    influencers = report["total"]["kpis"]["activated_influencers"]
    assert influencers["value"] == 2, influencers  # @mia.glow and @leo.fit
    assert influencers["reason"] is None
    report, _ = scored(path, "-q", "--by", "influencer")
    # @mia.glow: 12,000 + 5,500 = 17,500 on 2 rows; @leo.fit: 8,000 on 1
    assert _groups(report, "influencer") == {"@mia.glow": (2, 17_500), "@leo.fit": (1, 8_000)}


def test_two_network_handles_are_one_creator(write_csv, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit S-1: an Instagram and a TikTok handle column hold one creator's two handles. One
    is read (Instagram's), said on stderr; a row whose Instagram handle is blank is the creator
    its TikTok handle names (@miaglow_tt is @mia.glow, as the first row says), not a third."""
    path = write_csv(
        "Instagram Handle,TikTok Handle,Platform,Post URL,Impressions,Likes\n"
        "@mia.glow,@miaglow_tt,Instagram,u1,1000,10\n"
        ",@miaglow_tt,TikTok,u2,2000,20\n"
        ",@leo.tt,TikTok,u3,500,5\n"
    )
    report, err = scored(path)
    assert report["total"]["kpis"]["activated_influencers"]["value"] == 2  # @mia.glow, @leo.tt
    assert "influencer: read 'Instagram Handle', not 'TikTok Handle'" in err
    report, _ = scored(path, "-q", "--by", "influencer")
    # @mia.glow: 1,000 + 2,000 = 3,000 on 2 rows (u1 and her TikTok u2); @leo.tt: 500
    assert _groups(report, "influencer") == {"@mia.glow": (2, 3_000), "@leo.tt": (1, 500)}


def test_three_network_handles_fill_in_turn(write_csv, scored) -> None:  # type: ignore[no-untyped-def]
    """Instagram, TikTok and YouTube handle columns: Instagram's is read; a row without it is
    the creator its TikTok handle names, and a row without either the one its YouTube handle
    names (only the TikTok column filled blanks: u3 and u4 were `(blank)`). A handle another row
    pairs with an Instagram one is that creator: @MiaGlowYT is @mia.glow (row 1)."""
    path = write_csv(
        "Instagram Handle,TikTok Handle,YouTube Handle,Platform,Post URL,Impressions,Likes\n"
        "@mia.glow,@miaglow_tt,@MiaGlowYT,Instagram,u1,1000,10\n"
        ",@miaglow_tt,,TikTok,u2,2000,20\n"
        ",,@MiaGlowYT,YouTube,u3,4000,40\n"
        ",,@sam.yt,YouTube,u4,300,3\n"
        ",@leo.tt,,TikTok,u5,500,5\n"
    )
    report, err = scored(path)
    # @mia.glow, @sam.yt, @leo.tt; no row without a creator
    assert report["total"]["kpis"]["activated_influencers"]["value"] == 3
    assert (
        "influencer: read 'Instagram Handle', not 'TikTok Handle', 'YouTube Handle'; a row whose "
        "'Instagram Handle' is blank is the creator its 'TikTok Handle', else its 'YouTube Handle', names"
    ) in err
    report, _ = scored(path, "-q", "--by", "influencer")
    # @mia.glow: 1,000 + 2,000 + 4,000 = 7,000 on 3 rows (u1, u2, u3); @sam.yt 300; @leo.tt 500
    assert _groups(report, "influencer") == {
        "@mia.glow": (3, 7_000),
        "@sam.yt": (1, 300),
        "@leo.tt": (1, 500),
    }


def test_by_influencer_without_one_says_an(write_csv) -> None:  # type: ignore[no-untyped-def]
    """Audit S-1's message: "add a influencer column" reads "add an influencer column"."""
    path = write_csv("Post URL,Post Date,Impressions\nu1,2025-03-14,100\n")
    result = runner.invoke(app, ["score", str(path), "--by", "influencer"])
    assert result.exit_code == 2
    assert "add an influencer column, or --map a header to it" in result.stderr
    assert "a influencer" not in result.stderr


@pytest.mark.parametrize(
    "header", ["Total Rev ($)", "Total Rev", "Rev", "Rev ($)", "Total Rev (USD)", "Rev. ($)"]
)
def test_abbreviated_revenue(write_csv, scored, header: str) -> None:  # type: ignore[no-untyped-def]
    """Audit S-2: a published tracker's `Total Rev ($)` and its neighbours are the revenue."""
    path = write_csv(
        f'Influencer,Fee ($),Code,Code Uses,Link Clicks,"{header}",ROI (x)\n'
        '@FitnessSarah,$500,SARAH20,15,"1,200","$1,500.00",3.0\n'
        "@ChefTom,$800,TOM10,4,300,$400.00,0.5\n"
    )
    kpis = scored(path, "-q")[0]["total"]["kpis"]
    assert kpis["revenue"]["value"] == pytest.approx(1_500 + 400)  # 1,900
    assert kpis["roas"]["value"] == pytest.approx(1_900 / (500 + 800))  # 1.4615...
    assert kpis["roi"]["value"] == pytest.approx((1_900 - 1_300) / 1_300 * 100)  # 46.15 (%)


@pytest.mark.parametrize(
    "header",
    ["Go Live Date", "Go-Live Date", "Live Date", "Posting Date", "Date Published", "Upload Date"],
)  # fmt: skip
def test_tracker_post_date(write_csv, scored, header: str) -> None:  # type: ignore[no-untyped-def]
    """Audit S-3: the day a post went live, as trackers head it, dates the posts."""
    path = write_csv(
        f"Creator,Post Link,{header},Impressions,Total Engagements,ER,Creator Fee ($)\n"
        '@mia,https://x.com/1,3/14/2025,"12,000",600,5.00%,$250.00\n'
        '@leo,https://x.com/2,3/15/2025,"8,000",400,5.00%,"$1,250.50"\n'
    )
    report, _ = scored(path, "-q")
    assert report["date_range"] == {"start": "2025-03-14", "end": "2025-03-15"}
    report, _ = scored(path, "-q", "--by", "date")
    assert _groups(report, "date") == {"2025-03-14": (1, 12_000), "2025-03-15": (1, 8_000)}
