"""Rows that restate other rows, or are no rows at all: notes under a table, a creator tab
passed with its post tab, Meta rows at several levels or with a breakdown's `All` row
(audit m). Every expected figure is worked out by hand in the test."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.score import score_files

runner = CliRunner()

POSTS = (
    "Creator,Platform,Post URL,Impressions,Likes,Comments,Shares,Clicks,Cost\n"
    "@lena,Instagram,https://instagram.com/p/A1,10000,500,50,20,100,400\n"
    "@lena,Instagram,https://instagram.com/p/A2,20000,800,60,40,200,400\n"
    "@marco,TikTok,https://tiktok.com/@marco/video/1,40000,2000,100,80,300,600\n"
    "@marco,TikTok,https://tiktok.com/@marco/video/2,20000,1000,50,40,100,600\n"
)


def kpis(*paths: str, **kwargs: Any) -> dict[str, Any]:
    report = score_files(list(paths), **kwargs)
    names = ("posts", "activated_influencers", "impressions", "total_spend", "cost_per_post")
    return {k: report.total.kpi(k).value for k in names}


# --------------------------------------------------------------------------- notes under the table


def test_notes_under_the_table_are_no_creators_and_no_posts(write: Any) -> None:
    """A spreadsheet's notes under its table (audit m, finding 5): `Notes:`, a line of prose
    and a quoted line in the Creator column, every other cell blank, then the `Total` row.
    They are not creators or posts: 2 creators, 4 posts, cost per post 2,000 / 4 = $500.00
    (kpi counted 5 creators, 7 posts and 2,000 / 7 = $285.71)."""
    path = write(
        POSTS + ",,,,,,,,\n"
        "Notes:,,,,,,,,\n"
        "Cost excludes 20% agency fee,,,,,,,,\n"
        '"Marco\'s video 1 boosted with 5,000 paid impressions",,,,,,,,\n'
        "Total,,,90000,4300,260,180,700,2000\n"
    )
    assert kpis(path) == {
        "posts": 4, "activated_influencers": 2, "impressions": 10000 + 20000 + 40000 + 20000,
        "total_spend": 400 + 400 + 600 + 600, "cost_per_post": pytest.approx(2000 / 4),
    }  # fmt: skip
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0
    assert "dropped row 7 ('Notes:'): text only, no figures, under the table: a note" in result.stderr
    assert "dropped row 8 ('Cost excludes 20% agency fee')" in result.stderr


def test_text_only_rows_inside_the_table_or_naming_a_creator_stay_rows(write: Any) -> None:
    """A text-only row with rows of figures under it is a row of the table, as before; so is
    a planned post that names only its creator (`@nina`, no figures yet), even last:
    5 + 1 = 6 posts, 3 + 1 = 4 creators. Cost per post stands on the 4 posts with a spend
    (the two new rows' spend is blank, audit B-1): 2,000 / 4 = $500.00."""
    path = write(
        POSTS.replace("@marco,TikTok,https://tiktok.com/@marco/video/1", "Sara Lee at the launch,,,,,,,,\n"
                      "@marco,TikTok,https://tiktok.com/@marco/video/1", 1)
        + "@nina,,,,,,,,\n"
    )  # fmt: skip
    assert kpis(path) == {
        "posts": 6, "activated_influencers": 4, "impressions": 90000,
        "total_spend": 2000, "cost_per_post": pytest.approx(2000 / 4),
    }  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["Lucía García López", "María de la Cruz", "Maria da Conceição dos Santos", "Jean-Luc O'Neil Martin"],
)
def test_a_last_post_with_no_figures_yet_named_in_three_words_stays_a_row(write: Any, name: str) -> None:
    """The newest post at the bottom of a tracker has no figures yet (audit s, finding 4);
    Spanish and Portuguese names run to 3 words and more. A name (capitalised words, a
    name's lowercase particles only) is no note: 4 + 1 = 5 posts, 2 + 1 = 3 creators (kpi
    dropped it as a note: 4 posts, 2 creators). Its spend is blank, so cost per post stands on
    the other 4 posts (audit B-1): 2,000 / 4 = $500.00."""
    path = write(POSTS + f"{name},,,,,,,,\n")
    assert kpis(path) == {
        "posts": 5, "activated_influencers": 3, "impressions": 10000 + 20000 + 40000 + 20000,
        "total_spend": 400 + 400 + 600 + 600, "cost_per_post": pytest.approx(2000 / 4),
    }  # fmt: skip
    assert "a note" not in runner.invoke(app, ["score", path, "-f", "json"]).stderr


def test_a_hashtag_campaign_with_no_figures_yet_stays_a_row(write: Any) -> None:
    """`#` opens a campaign's hashtag, not a note: the last row `#GlowUp` (no figures yet)
    is a post of its own, 2 + 1 = 3 posts (kpi dropped it as a note: 2)."""
    path = write(
        "Campaign,Post ID,Impressions,Likes,Comments\n"
        "#SummerGlow,p1,20000,800,40\n#SummerGlow,p2,30000,900,60\n#GlowUp,,,,\n"
    )
    report = score_files([path])
    assert report.total.kpi("posts").value == 3
    assert report.total.kpi("impressions").value == 20000 + 30000


@pytest.mark.parametrize(
    "note",
    [
        "Notes:", "NB figures from Meta", "Source: Meta Ads Manager", "* estimated reach",
        "Cost excludes 20% agency fee", "Figures Are Estimates.", "FIGURES ARE ESTIMATES",
        "Kosten ohne Agenturgebühr", "Boosted posts not included",
    ],
)  # fmt: skip
def test_notes_and_sentences_under_the_table_stay_notes(write: Any, note: str) -> None:
    """A note's word or mark, a colon, a final period or a sentence's lowercase word (`ohne`,
    `not included`) is a note still: 4 posts, 2 creators, $500.00 a post."""
    path = write(POSTS + f"{note},,,,,,,,\n")
    assert kpis(path)["posts"] == 4 and kpis(path)["activated_influencers"] == 2
    assert note in runner.invoke(app, ["score", path, "-f", "json"]).stderr  # dropped, and said


# --------------------------------------------------------------------------- a creator tab with its post tab


def test_a_creator_tab_that_sums_the_post_tab_is_refused(write: Any) -> None:
    """A tracker's creator tab (one row per creator, no Posts column) beside its post tab
    (audit m, finding 2). @lena: 10,000 + 20,000 = 30,000 impressions, 500 + 800 = 1,300
    likes, $400 + $400 = $800; @marco: 40,000 + 20,000 = 60,000, 3,000 likes, $1,200.
    Scored together kpi summed 180,000 impressions and $4,000 over 6 posts ($666.67 a post,
    poor) for 90,000, $2,000 and 4 ($500.00, good): now an error naming both files."""
    posts = write(POSTS, "posts.csv")
    creators = write(
        "Creator,Platform,Impressions,Likes,Comments,Shares,Clicks,Cost\n"
        "@lena,Instagram,30000,1300,110,60,300,800\n"
        "@marco,TikTok,60000,3000,150,120,400,1200\n",
        "creators.csv",
    )
    for order in ([posts, creators], [creators, posts]):
        result = runner.invoke(app, ["score", *order, "-f", "json"])
        assert result.exit_code == 2, result.stdout
        assert result.stdout == ""
        (line,) = [x for x in result.stderr.splitlines() if "error" in x]
        assert f"{creators} has a row per creator with the sums of each creator's rows in {posts} " in line
        assert "(30,000 impressions for '@lena' = the sum of 2 rows)" in line
        assert "score the files apart" in line
    # Each apart is right: 90,000 impressions and $2,000 either way; 4 posts in the post tab.
    assert kpis(posts)["posts"] == 4 and kpis(posts)["impressions"] == 90000
    assert kpis(creators)["impressions"] == 30000 + 60000 and kpis(creators)["total_spend"] == 800 + 1200


def test_a_fee_tab_restating_impressions_and_engagements_is_refused(write: Any) -> None:
    """The creator tab holds Fee, Impressions and Engagements; the post tab likes, comments
    and shares. @lena's engagements (500 + 50 + 20) + (800 + 60 + 40) = 1,470 and her
    impressions 30,000 are her posts' sums: refused (kpi summed 180,000 impressions)."""
    posts = write(POSTS.replace(",Cost\n", "\n").replace(",400\n", "\n").replace(",600\n", "\n"), "posts.csv")
    fees = write(
        "Creator,Platform,Fee,Impressions,Engagements\n@lena,Instagram,800,30000,1470\n"
        "@marco,TikTok,1200,60000,3270\n",
        "fees.csv",
    )
    result = runner.invoke(app, ["score", posts, fees])
    assert result.exit_code == 2
    assert f"{fees} has a row per creator with the sums of each creator's rows in {posts} " in result.stderr


def test_a_fee_tab_with_other_figures_is_added_as_before(write: Any) -> None:
    """Creators of the post tab with figures of their own (a story each: 5,000 and 7,000
    impressions, fee $300 and $500) are not its sums: added. 90,000 + 12,000 = 102,000
    impressions, $2,000 + $800 = $2,800 over 4 + 2 = 6 posts."""
    posts = write(POSTS, "posts.csv")
    stories = write("Creator,Impressions,Likes,Cost\n@lena,5000,200,300\n@marco,7000,300,500\n", "s.csv")
    got = kpis(posts, stories)
    assert (got["impressions"], got["total_spend"], got["posts"]) == (102000, 2800, 6)


# --------------------------------------------------------------------------- Meta rows at several levels

META = (
    "Reporting starts,Reporting ends,Campaign name,Ad set name,Ad name,Reach,Impressions,Amount spent (EUR),"
)
META += "Link clicks,Purchases,Purchases conversion value\n"


def meta(kpi: str, path: str) -> Any:
    return score_files([path]).total.kpi(kpi).value


def test_meta_campaign_ad_set_and_ad_rows_in_one_sheet_count_once(write: Any) -> None:
    """Ads Manager's campaign, ad-set and ad exports of one campaign pasted into one sheet,
    under the summary row (audit m, finding 3). The ads: 10,000 + 8,000 + 12,000 = 30,000
    impressions, €200 + €150 + €250 = €600, 100 + 80 + 120 = 300 clicks, 7 + 5 + 8 = 20
    purchases, €700 + €500 + €800 = €2,000. The campaign row (blank ad set) and the ad-set
    rows (blank ad) restate them; kpi summed every level: 120,000 impressions and €2,400."""
    path = write(
        META + "2025-03-01,2025-03-31,,,,9000,30000,600,300,20,2000\n"
        "2025-03-01,2025-03-31,Spring Launch,,,9000,30000,600,300,20,2000\n"
        "2025-03-01,2025-03-31,Spring Launch,Lookalike 1%,,5000,18000,350,180,12,1200\n"
        "2025-03-01,2025-03-31,Spring Launch,Lookalike 1%,Reel - Lena,3000,10000,200,100,7,700\n"
        "2025-03-01,2025-03-31,Spring Launch,Lookalike 1%,Reel - Marco,2500,8000,150,80,5,500\n"
        "2025-03-01,2025-03-31,Spring Launch,Broad,,4500,12000,250,120,8,800\n"
        "2025-03-01,2025-03-31,Spring Launch,Broad,Story - Lena,4500,12000,250,120,8,800\n"
    )
    assert meta("impressions", path) == 10000 + 8000 + 12000
    assert meta("total_spend", path) == 200 + 150 + 250
    assert meta("clicks", path) == 100 + 80 + 120
    assert meta("conversions", path) == 7 + 5 + 8
    assert meta("revenue", path) == 700 + 500 + 800
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert "dropped row 3 ('Spring Launch'): blank 'Ad set name' where rows of the same names fill it" in (
        result.stderr
    )
    assert "dropped row 4 ('Lookalike 1%'): blank 'Ad name'" in result.stderr
    assert "dropped row 7 ('Broad'): blank 'Ad name'" in result.stderr
    assert "dropped row 2: blank labels and every count equal to the sum of the other rows" in result.stderr


def test_meta_breakdown_all_rows_beside_their_slices_count_once(write: Any) -> None:
    """An Age breakdown with each campaign's `All` row above its slices: Spring Launch
    10,000 + 14,000 = 24,000 impressions, Retargeting 3,000 + 6,000 = 9,000; 33,000 in all,
    spend €200 + €280 + €100 + €200 = €780, purchases 6 + 10 + 4 + 8 = 28, revenue €3,100
    (kpi summed the `All` rows too: 66,000 and €1,560)."""
    path = write(
        "Campaign name,Age,Reporting starts,Reporting ends,Reach,Impressions,Amount spent (EUR),Link clicks,"
        "Purchases,Purchases conversion value\n"
        "Spring Launch,All,2025-03-01,2025-03-31,8000,24000,480,240,16,1600\n"
        "Spring Launch,18-24,2025-03-01,2025-03-31,3500,10000,200,100,6,600\n"
        "Spring Launch,25-34,2025-03-01,2025-03-31,4700,14000,280,140,10,1000\n"
        "Retargeting,All,2025-03-01,2025-03-31,3000,9000,300,90,12,1500\n"
        "Retargeting,18-24,2025-03-01,2025-03-31,1000,3000,100,30,4,500\n"
        "Retargeting,25-34,2025-03-01,2025-03-31,2100,6000,200,60,8,1000\n"
    )
    assert meta("impressions", path) == 10000 + 14000 + 3000 + 6000
    assert meta("total_spend", path) == 200 + 280 + 100 + 200
    assert meta("conversions", path) == 6 + 10 + 4 + 8
    assert meta("revenue", path) == 600 + 1000 + 500 + 1000
    result = runner.invoke(app, ["score", path, "--by", "campaign", "-f", "json"])
    assert "dropped row 2 ('Spring Launch'): 'All' in 'Age' beside rows of its slices" in result.stderr
    assert "dropped row 5 ('Retargeting')" in result.stderr


def test_meta_one_level_with_a_blank_ad_set_elsewhere_is_kept(write: Any) -> None:
    """Rows at one level are kept, a blank ad set among them too when no row of its
    campaign names one: 10,000 + 8,000 + 5,000 = 23,000 impressions."""
    path = write(
        META + "2025-03-01,2025-03-31,Spring Launch,Lookalike 1%,Reel - Lena,3000,10000,200,100,7,700\n"
        "2025-03-01,2025-03-31,Spring Launch,Lookalike 1%,Reel - Marco,2500,8000,150,80,5,500\n"
        "2025-03-01,2025-03-31,Always on,,,2000,5000,100,50,1,100\n"
    )
    assert meta("impressions", path) == 10000 + 8000 + 5000


# --------------------------------------------------------------------------- Google Ads conversion pairs

GADS = "Campaign,Campaign status,Impr.,Clicks,Currency code,Cost,Conversions,{value}\n"
GADS += "Search,Enabled,20000,400,USD,400.00,15,{a}\nPMax,Enabled,13000,200,USD,250.00,10,{b}\n"


def test_google_all_conv_value_beside_primary_conversions_is_said(write: Any) -> None:
    """`All conv. value` (every conversion action) read as revenue beside `Conversions`
    (primary only) (audit m, finding 7): revenue 3,000 + 1,500 = $4,500 over
    15 + 10 = 25 primary conversions, ROAS 4,500 / 650 = 6.92. The figures stay what the
    file says; stderr says the two columns cover different actions."""
    path = write(GADS.format(value="All conv. value", a="3000.00", b="1500.00"))
    report = score_files([path])
    assert report.total.kpi("revenue").value == pytest.approx(3000 + 1500)
    assert report.total.kpi("conversions").value == 15 + 10
    assert report.total.kpi("roas").value == pytest.approx(4500 / 650)
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert (
        "revenue read from 'All conv. value', conversions from 'Conversions': 'All conv. value' covers every "
        "conversion action" in result.stderr
    )
    matching = write(GADS.format(value="Conv. value", a="1700.00", b="800.00"), "matching.csv")
    assert "covers every conversion action" not in runner.invoke(app, ["score", matching]).stderr


def test_only_runs_that_may_hold_a_creator_tab_are_counted_by_creator() -> None:
    """Two big post files are never counted by creator (no cost on a 10M-row run); a big
    one is when a small file (a creator tab) may come after it, or when a file read before
    it had one row per creator."""
    import numpy as np

    from kpi_cli.frame import Codes, Frame
    from kpi_cli.read.restates import TAB_BYTES, Restated

    def batch(codes: list[int], impressions: list[int]) -> Frame:
        columns = {"influencer": Codes(np.array(codes), creators), "impressions": np.array(impressions)}
        return Frame(columns, np.arange(len(codes)))

    big = TAB_BYTES + 1
    creators = ["@a", "@b"]  # the file's dictionary
    restated = Restated()
    assert not restated.wanted(big, [big])
    assert restated.wanted(big, [1000])
    assert restated.wanted(1000, [])
    restated.start("creators.csv")
    restated.add(batch([0, 1], [10, 20]))
    assert restated.wanted(big, [])  # one row per creator so far: a big post tab is compared with it
    restated.add(batch([0], [5]))
    assert not restated.wanted(big, [])  # @a twice: no creator tab
    assert restated.files[0].rows.tolist() == [2, 1]
    assert np.nansum(restated.files[0].sums["impressions"]) == 35


@given(
    st.lists(
        st.tuples(st.sampled_from(["Spring", "Summer", "", None]), st.sampled_from(["Mia", "Leo", None])),
        max_size=40,
    )
)
def test_distinct_rows_are_the_set_of_the_rows(rows: list[tuple[str | None, str | None]]) -> None:
    """frames._distinct_rows, which numbers each column's values instead of asking Arrow's
    group_by (its Acero engine imports pandas): the same set as the rows themselves, nulls
    as None and kept apart from empty texts."""
    import pyarrow as pa

    from kpi_cli.read.frames import _distinct_rows

    columns = [pa.array([r[0] for r in rows], pa.string()), pa.array([r[1] for r in rows], pa.string())]
    assert _distinct_rows(columns) == set(rows)
