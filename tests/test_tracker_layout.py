"""Trackers laid out as people lay out sheets (audit J-3, J-4, J-5).

A block of columns per network under titles on a row above (two `Views` columns are two
parts of the table, not two spellings of one figure); a line of units under the header;
a creator's name and deal fee in merged cells (on the first of their rows only); a deal
fee copied onto each of the creator's posts. Every figure is worked out by hand below.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def _kpis(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v["value"] for k, v in report["total"]["kpis"].items()}


# ---------------------------------------------------------------- J-3: repeated headers

PLATFORM_BLOCKS = (
    "Creator,Instagram,,,TikTok,,\n"
    ",Views,Likes,Fee,Views,Likes,Fee\n"
    "@mia,12000,600,500,8000,300,200\n"
    "@leo,5000,250,300,30000,1500,800\n"
)


def test_a_block_of_columns_per_network_is_refused_naming_the_repeated_headers(write_csv) -> None:
    """Reading the first `Views`/`Likes`/`Fee` gave views 17,000 (12,000 + 5,000) for
    55,000 and spend $800 (500 + 300) for $1,800, exit 0 (audit J-3)."""
    path = write_csv(PLATFORM_BLOCKS)
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 2
    err = " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert f"{path}, row 2: 'Views', 'Likes', 'Fee' each head more than one column" in err
    assert "(columns 2 and 5, 3 and 6, 4 and 7)" in err
    assert "under 'Instagram', 'TikTok' on row 1" in err
    assert "one row per creator per platform" in err


def test_blocks_without_titles_are_refused(write_csv) -> None:
    path = write_csv("Creator,Impressions,Fee,Impressions,Fee\n@mia,1000,50,2000,60\n@leo,3000,80,4000,90\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    err = " ".join(result.stderr.split())
    assert "row 1: 'Impressions', 'Fee' each head more than one column (columns 2 and 4, 3 and 5)" in err


def test_one_figure_twice_untitled_is_read_as_before(write_csv, scored) -> None:
    """Meta Business Suite's content export writes `Views` twice (audit A's
    mbs_content_oigetit_c.csv): the first is read, and stderr says which."""
    path = write_csv("Post ID,Views,Reach,Views\np1,1000,800,1000\np2,3000,2000,3000\n")
    report, err = scored(str(path))
    assert report["total"]["kpis"]["views"]["value"] == 1000 + 3000
    assert "views: read 'Views' (column 2), not 'Views' (column 4)" in err


def test_the_same_network_laid_out_as_rows_reads_every_block(write_csv, scored) -> None:
    """The fix the message gives: one row per creator per platform."""
    path = write_csv(
        "Creator,Platform,Views,Likes,Fee\n"
        "@mia,Instagram,12000,600,500\n@mia,TikTok,8000,300,200\n"
        "@leo,Instagram,5000,250,300\n@leo,TikTok,30000,1500,800\n"
    )
    report, _ = scored(str(path))
    k = _kpis(report)
    assert k["views"] == 12000 + 8000 + 5000 + 30000  # 55,000
    assert k["total_spend"] == 500 + 200 + 300 + 800  # 1,800
    assert k["activated_influencers"] == 2


UNITS = (
    "Creator,Platform,Post Date,Impressions,Likes,Fee\n"
    ",,(dd/mm/yyyy),(#),(#),(EUR)\n"
    "@mia,Instagram,03/04/2025,12000,600,500\n"
    "@leo,TikTok,04/03/2025,30000,1500,800\n"
)


def test_a_units_line_under_the_header_is_skipped_and_read(write_csv, scored) -> None:
    """It was refused: `row 2, column 'Post Date': value '(dd/mm/yyyy)' is not a date in
    this column's style` (audit J-3). Now it is a second header line: its date pattern
    reads 03/04/2025 as 3 April, its `(EUR)` the fee's currency."""
    path = write_csv(UNITS)
    report, err = scored(str(path))
    k = _kpis(report)
    assert report["rows"] == 2
    assert k["impressions"] == 12000 + 30000  # 42,000
    assert k["total_spend"] == 500 + 800  # 1,300
    assert report["currency"] == "EUR"
    assert report["date_range"] == {"start": "2025-03-04", "end": "2025-04-03"}  # 4/3 and 3/4, day first
    err = " ".join(err.split())
    assert "row 2 under the header holds units ((dd/mm/yyyy), (#), (#), (EUR)), not data: skipped" in err


def test_a_row_number_in_a_units_line_keeps_its_row(write_csv) -> None:
    """Rows are numbered as the spreadsheet numbers them, past the units line."""
    path = write_csv(UNITS + "@zoe,Instagram,05/03/2025,lots,250,300\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "row 5, column 'Impressions'" in " ".join(result.stderr.split())


# ---------------------------------------------------------------- J-4: merged cells

MERGED = (
    "Creator,Platform,Post Date,Post URL,Impressions,Likes,Comments,Creator Fee\n"
    "@mia,Instagram,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,1500\n"
    ",,2025-03-07,https://www.instagram.com/p/AAA222/,8000,300,20,\n"
    ",,2025-03-10,https://www.instagram.com/p/AAA333/,10000,500,30,\n"
    "@leo,TikTok,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,90,800\n"
    ",,2025-03-11,https://www.tiktok.com/@leo/video/7480000000000000003,20000,1000,60,\n"
    "@zoe,Instagram,2025-03-05,https://www.instagram.com/p/BBB111/,5000,250,10,300\n"
)


def test_merged_name_and_fee_cells_are_filled_down(write_csv, scored) -> None:
    """The name and deal fee merged over a creator's posts: the rows below were `(blank)`
    and the fee paired with the first post only, cost per post $866.67 (2,600 / 3), CPM
    $55.32 (2,600 / 47,000 × 1000), CPE $1.04 (2,600 / 2,490), all "poor" (audit J-4)."""
    path = write_csv(MERGED)
    report, err = scored(str(path))
    k = _kpis(report)
    assert k["total_spend"] == 1500 + 800 + 300  # 2,600, each deal once
    assert k["posts"] == 6
    assert k["activated_influencers"] == 3
    assert k["cost_per_post"] == pytest.approx(2600 / 6)  # 433.33
    impressions = 12000 + 8000 + 10000 + 30000 + 20000 + 5000  # 85,000
    engagements = (600 + 40) + (300 + 20) + (500 + 30) + (1500 + 90) + (1000 + 60) + (250 + 10)  # 4,400
    assert k["impressions"] == impressions
    assert k["cpm"] == pytest.approx(2600 / impressions * 1000)  # 30.59
    assert k["cpe"] == pytest.approx(2600 / engagements)  # 0.59
    err = " ".join(err.split())
    assert "rows 3, 4, 6: blank 'Creator' under a creator's post, each with its own 'Post URL'" in err
    assert "read as merged cells, they take the name above" in err
    assert "a blank 'Creator Fee' there (3 rows) reads as 0" in err


def test_merged_cells_by_influencer_and_platform(write_csv, scored) -> None:
    path = write_csv(MERGED)
    report, _ = scored(str(path), "--by", "influencer")
    groups = {g["label"]: g for g in report["groups"]}
    assert set(groups) == {"@mia", "@leo", "@zoe"}  # no `(blank)`
    mia = {k: v["value"] for k, v in groups["@mia"]["kpis"].items()}
    assert mia["posts"] == 3
    assert mia["impressions"] == 12000 + 8000 + 10000  # 30,000
    assert mia["cpm"] == pytest.approx(1500 / 30000 * 1000)  # 50.00: her deal over her three posts
    report, _ = scored(str(path), "--by", "platform")
    groups = {g["label"]: {k: v["value"] for k, v in g["kpis"].items()} for g in report["groups"]}
    assert groups["Instagram"]["impressions"] == 12000 + 8000 + 10000 + 5000  # 35,000
    assert groups["TikTok"]["impressions"] == 30000 + 20000  # 50,000


def test_merged_name_over_fees_per_post_keeps_each_fee(write_csv, scored) -> None:
    """A fee typed on every post is each post's: only a blank fee reads as the one above."""
    path = write_csv(
        "Creator,Platform,Post URL,Impressions,Fee\n"
        "@mia,Instagram,https://www.instagram.com/p/A1/,10000,500\n"
        ",,https://www.instagram.com/p/A2/,10000,400\n"
        "@leo,TikTok,https://www.tiktok.com/@leo/video/1,20000,800\n"
    )
    report, err = scored(str(path))
    k = _kpis(report)
    assert k["total_spend"] == 500 + 400 + 800  # 1,700
    assert k["activated_influencers"] == 2
    assert "merged cells" in err
    assert "reads as 0" not in err


def test_a_blank_name_in_a_sheet_of_names_on_every_row_is_missing(write_csv, scored) -> None:
    """A creator named on several rows writes names row by row: a blank one is no one known
    (tests/test_paired_maths: activated influencers say how many rows name no one)."""
    path = write_csv(
        "Creator,Platform,Post URL,Impressions,Fee\n"
        "@mia,Instagram,https://www.instagram.com/p/A1/,10000,500\n"
        ",,https://www.instagram.com/p/A2/,10000,\n"
        "@mia,Instagram,https://www.instagram.com/p/A3/,20000,800\n"
    )
    report, err = scored(str(path))
    assert report["total"]["kpis"]["activated_influencers"]["missing"] == {"influencer": 1}
    assert "merged cells" not in err


def test_a_blank_name_with_another_follower_count_is_missing(write_csv, scored) -> None:
    """A blank name on a row with other followers than the post above: another creator."""
    path = write_csv(
        "Creator,Followers,Post URL,Impressions,Fee\n"
        "@mia,12000,https://www.instagram.com/p/A1/,10000,500\n"
        ",85000,https://www.tiktok.com/@x/video/2,10000,300\n"
        "@leo,40000,https://www.tiktok.com/@leo/video/1,20000,800\n"
    )
    report, err = scored(str(path))
    assert report["total"]["kpis"]["activated_influencers"]["missing"] == {"influencer": 1}
    assert "merged cells" not in err


def test_a_merged_name_over_fees_per_post(write_csv, scored) -> None:
    """Audit J's t13b: names merged, each post's fee typed (and blank-label subtotals):
    @mia 2 posts (12,000 + 8,000), @leo 2, @zoe 1, no `(blank)` creator."""
    path = write_csv(
        "Creator,Post Date,Post URL,Impressions,Likes,Comments,Fee\n"
        "@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,500\n"
        ",2025-03-07,https://www.instagram.com/p/AAA222/,8000,300,20,500\n"
        ",,,20000,900,60,1000\n"
        "@leo,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,90,800\n"
        ",2025-03-11,https://www.tiktok.com/@leo/video/7480000000000000003,20000,1000,60,800\n"
        ",,,50000,2500,150,1600\n"
        "@zoe,2025-03-05,https://www.instagram.com/p/BBB111/,5000,250,10,300\n"
        ",,,5000,250,10,300\n"
        ",,,75000,3650,220,2900\n"
    )
    report, err = scored(str(path), "--by", "influencer")
    groups = {g["label"]: {k: v["value"] for k, v in g["kpis"].items()} for g in report["groups"]}
    assert {label: g["posts"] for label, g in groups.items()} == {"@mia": 2, "@leo": 2, "@zoe": 1}
    assert groups["@mia"]["impressions"] == 12000 + 8000
    assert groups["@mia"]["total_spend"] == 500 + 500  # each post's own fee
    assert report["total"]["kpis"]["total_spend"]["value"] == 2900  # 500 + 500 + 800 + 800 + 300
    assert "merged cells" in err and "reads as 0" not in err


def test_blank_names_without_post_ids_are_not_filled(write_csv, scored) -> None:
    """Without a post ID, a row of figures alone shows nothing of its own that a post has (a
    date, a platform): it may be a subtotal, or a post of nobody known. The name stays blank."""
    path = write_csv("Creator,Impressions,Fee\n@mia,10000,500\n,8000,\n@leo,20000,800\n")
    report, err = scored(str(path))
    assert report["total"]["kpis"]["activated_influencers"]["value"] == 2
    assert "merged cells" not in err


# A tracker without a post-link column (audit J verify p13): names merged over 2-post blocks,
# blank-labelled subtotals under each block and a grand total under the table.
NO_LINKS = (
    "Creator,Platform,Post Date,Impressions,Likes,Comments,Fee\n"
    "@mia,Instagram,2025-03-03,12000,600,40,500\n"
    ",Instagram,2025-03-05,8000,400,20,500\n"
    ",,,20000,1000,60,1000\n"
    "@zoe,Instagram,2025-03-06,5000,250,10,300\n"
    ",Instagram,,5000,250,10,300\n"
    ",,,10000,500,20,600\n"
    "@leo,TikTok,2025-03-04,30000,1500,90,800\n"
    ",,,30000,1500,90,800\n"
    ",,,60000,3000,170,2400\n"
)


def test_merged_names_without_post_links_are_filled_down(write_csv, scored) -> None:
    """J V-4: the fill-down needed a post link on the row, so @mia's second post (row 3) was
    `(blank)` under --by influencer. A row with a blank name, figures and a cell of its own (its
    platform, its date) under a creator's post is that creator's next post. The subtotals (rows
    4, 7, 9: figures alone) and the grand total (row 10) are not filled, and left out as before.
    @zoe's second row equals the post above it in every figure, as a one-post subtotal would:
    not clearly a post, it stays `(blank)` (counted, as before)."""
    path = write_csv(NO_LINKS)
    report, err = scored(str(path))
    k = _kpis(report)
    assert k["posts"] == 5  # 12,000, 8,000, 5,000, 5,000, 30,000: the subtotal and total rows out
    assert k["impressions"] == 12000 + 8000 + 5000 + 5000 + 30000  # 60,000, as before
    assert k["total_spend"] == 500 + 500 + 300 + 300 + 800  # 2,400: each post's own fee
    err = " ".join(err.split())
    assert "row 3: a blank 'Creator' under a creator's post, with figures of its own: read as merged" in err
    assert "dropped row 4: blank labels and every count equal to the sum of the rows above it" in err
    assert "dropped row 10:" in err
    report, _ = scored(str(path), "--by", "influencer")
    groups = {g["label"]: {k: v["value"] for k, v in g["kpis"].items()} for g in report["groups"]}
    assert set(groups) == {"@mia", "@zoe", "@leo", "(blank)"}
    assert (groups["@mia"]["posts"], groups["@mia"]["impressions"]) == (2, 12000 + 8000)  # was 1, 12,000
    assert groups["@mia"]["total_spend"] == 500 + 500
    assert (groups["@leo"]["posts"], groups["@leo"]["impressions"]) == (1, 30000)
    assert (groups["(blank)"]["posts"], groups["(blank)"]["impressions"]) == (1, 5000)  # @zoe's story


def test_a_pivot_with_the_repeated_creator_blank_is_filled_down(write_csv, scored) -> None:
    """J V-4: a Google Sheets pivot with two row fields (creator, platform) writes a creator's
    second platform with the creator blank, and `@mia Total` under it. @mia's TikTok row was
    `(blank)` (8,000); it is hers: @mia 12,000 + 8,000 = 20,000 on 1 + 1 posts, $500 + $500;
    @leo 30,000 on 2 posts, $800. The totals rows are left out, and never fill anything."""
    path = write_csv(
        "Creator,Platform,SUM of Impressions,SUM of Fee,COUNTA of Post URL\n"
        "@mia,Instagram,12000,500,1\n"
        ",TikTok,8000,500,1\n"
        "@mia Total,,20000,1000,2\n"
        "@leo,TikTok,30000,800,2\n"
        "@leo Total,,30000,800,2\n"
        "Grand Total,,50000,1800,4\n"
    )
    report, _ = scored(str(path), "--by", "influencer")
    groups = {g["label"]: {k: v["value"] for k, v in g["kpis"].items()} for g in report["groups"]}
    assert set(groups) == {"@mia", "@leo"}
    assert (groups["@mia"]["posts"], groups["@mia"]["impressions"], groups["@mia"]["total_spend"]) == (
        1 + 1,
        12000 + 8000,
        500 + 500,
    )
    assert (groups["@leo"]["posts"], groups["@leo"]["impressions"], groups["@leo"]["total_spend"]) == (
        2,
        30000,
        800,
    )
    total = report["total"]["kpis"]
    assert (total["posts"]["value"], total["impressions"]["value"]) == (4, 50000)


def test_no_fill_across_a_section_title_or_into_a_platform_subtotal(write_csv, scored) -> None:
    """A row under a section title (`TIKTOK` alone on its row) is not the post above the
    title's; a row labelled by Excel's Data › Subtotal in the platform column (`Instagram
    Iš viso`, a word kpi does not know) sums the posts above it (12,500 + 20,000 = 32,500) and
    is not filled: its sums still find it a subtotal."""
    path = write_csv(
        "Creator,Platform,Post Date,Impressions,Fee\n"
        "@mia,Instagram,2025-03-03,12000,500\n"
        ",Instagram,2025-03-05,8000,\n"
        "TIKTOK,,,,\n"
        ",TikTok,2025-03-06,3000,100\n"
        "@leo,TikTok,2025-03-04,30000,800\n"
    )
    report, _ = scored(str(path), "--by", "influencer")
    groups = {g["label"]: g["kpis"]["impressions"]["value"] for g in report["groups"]}
    assert groups == {"@mia": 12000 + 8000, "TIKTOK": 3000, "@leo": 30000}  # 3,000 not @mia's
    path = write_csv(
        "Platform,Influencer,Post Date,Impressions,Clicks,Spend\n"
        "Instagram,@lena,2025-03-01,12500,250,1234.56\n"
        "Instagram,@ana,2025-03-02,20000,400,2000.00\n"
        "Instagram Iš viso,,,32500,650,3234.56\n"
        "TikTok,@marco,2025-03-03,8000,100,500.00\n"
        "TikTok Iš viso,,,8000,100,500.00\n"
    )
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert "merged cells" not in result.stderr
    # A name cell that says no creator (an Excel pivot's `(blank)`) is no merged cell: it and
    # the empty one under it stay `(blank)` (audit C-4's file), 2,000 + 4,000 = 6,000.
    path = write_csv("Date,Creator,Platform,Impressions\n2025-03-01,@a,TikTok,1000\n"
                     "2025-03-02,(blank),TikTok,2000\n2025-03-03,,TikTok,4000\n")  # fmt: skip
    report, err = scored(str(path), "--by", "influencer")
    assert {g["label"]: g["kpis"]["impressions"]["value"] for g in report["groups"]} == {
        "@a": 1000,
        "(blank)": 2000 + 4000,
    }
    assert "merged cells" not in err


def test_a_repeated_post_id_stops_the_fill(write_csv, scored) -> None:
    """Rows of one post (by day) are not a creator's posts: no fill."""
    path = write_csv(
        "Date,Creator,Post ID,Impressions\n"
        "2025-03-01,@mia,p1,1000\n2025-03-02,,p1,500\n2025-03-01,@leo,p2,2000\n"
    )
    _, err = scored(str(path))
    assert "merged cells" not in err


def test_merged_cells_fill_across_batches(write_csv, scored, monkeypatch) -> None:
    """A creator's merged block running past the end of a chunk keeps its name and fee."""
    from kpi_cli.read import chunks

    monkeypatch.setattr(chunks, "BLOCK_SIZE", 2048)
    monkeypatch.setattr(chunks, "STREAM_BLOCK_SIZE", 2048)
    lines = ["Creator,Post URL,Impressions,Fee", "@mia,https://www.instagram.com/p/M0/,1000,3000"]
    lines += [f",https://www.instagram.com/p/M{i}/,1000," for i in range(1, 300)]  # ~12 KB: several chunks
    lines += ["@leo,https://www.instagram.com/p/L0/,1000,100"]
    report, _ = scored(str(write_csv("\n".join(lines) + "\n")))
    k = _kpis(report)
    assert k["posts"] == 301
    assert k["activated_influencers"] == 2
    assert k["total_spend"] == 3000 + 100
    assert k["cpm"] == pytest.approx(3100 / (301 * 1000) * 1000)  # 10.30: every post paired with spend
    report, _ = scored(str(write_csv("\n".join(lines) + "\n")), "--by", "influencer")
    groups = {g["label"]: g["kpis"]["posts"]["value"] for g in report["groups"]}
    assert groups == {"@mia": 300, "@leo": 1}


# ---------------------------------------------------------------- J-5: a deal fee on each post

REPEATED = (
    "Creator,Platform,Post Date,Post URL,Impressions,Likes,Comments,Creator Fee\n"
    "@mia,Instagram,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,1500\n"
    "@mia,Instagram,2025-03-07,https://www.instagram.com/p/AAA222/,8000,300,20,1500\n"
    "@mia,Instagram,2025-03-10,https://www.instagram.com/p/AAA333/,10000,500,30,1500\n"
    "@leo,TikTok,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,90,800\n"
    "@leo,TikTok,2025-03-11,https://www.tiktok.com/@leo/video/7480000000000000003,20000,1000,60,800\n"
    "@zoe,Instagram,2025-03-05,https://www.instagram.com/p/BBB111/,5000,250,10,300\n"
)


def test_a_creator_fee_on_each_post_is_asked_about(write_csv, scored) -> None:
    """`Creator Fee` 1,500 on each of @mia's 3 posts, 800 on @leo's 2: summed per post,
    spend $6,400 with no word (audit J-5). kpi still sums what the file says, and asks."""
    path = write_csv(REPEATED)
    report, err = scored(str(path), "-q")
    assert report["total"]["kpis"]["total_spend"]["value"] == 3 * 1500 + 2 * 800 + 300  # 6,400
    once = 1500 + 800 + 300  # 2,600 = 6,400 - 1,500 × 2 - 800 × 1
    assert f"${once:,}.00" == "$2,600.00"
    warning = next(w for w in report["warnings"] if "per creator" in w)
    assert warning == (
        f"{path}: 'Creator Fee' is the same on every post of each of the 2 creators with several posts "
        "(@mia $1,500.00 on 3 posts, @leo $800.00 on 2 posts): a fee per creator, copied onto each post? "
        "kpi counts it on every post: spend $6,400.00; counted once per creator, spend would be $2,600.00 "
        "(cost per post $433.33). If it is per creator, keep each fee on the creator's first post and "
        "write 0 on the others"
    )  # cost per post 2,600 / 6 = 433.33
    assert "a fee per creator, copied onto each post?" in " ".join(err.split())  # stderr, even under -q


def test_the_fix_the_warning_gives_reads_the_deal_once(write_csv, scored) -> None:
    """Each fee on the creator's first post and 0 on the others: $2,600 over 6 posts."""
    fixed = (
        REPEATED.replace("20,1500\n", "20,0\n").replace("30,1500\n", "30,0\n").replace("60,800\n", "60,0\n")
    )
    assert fixed.count(",0\n") == 3  # @mia's second and third posts, @leo's second
    path = write_csv(fixed)
    report, _ = scored(str(path))
    k = _kpis(report)
    assert k["total_spend"] == 1500 + 800 + 300  # 2,600
    assert k["cost_per_post"] == pytest.approx(2600 / 6)  # 433.33
    assert not [w for w in report["warnings"] if "per creator" in w]


def test_a_price_per_post_repeated_is_not_asked_about(write_csv, scored) -> None:
    """A bare `Fee` of $500 on both of a creator's posts is as often a price per post
    (audit J's own t01: $2,700 summed per post): no question."""
    path = write_csv(
        "Creator,Post URL,Impressions,Fee\n"
        "@mia,https://www.instagram.com/p/A1/,12000,500\n@mia,https://www.instagram.com/p/A2/,8000,500\n"
        "@leo,https://www.instagram.com/p/B1/,30000,800\n@leo,https://www.instagram.com/p/B2/,9000,800\n"
    )
    report, _ = scored(str(path))
    assert not [w for w in report["warnings"] if "per creator" in w]


def test_fees_that_differ_for_a_creator_or_one_flat_rate_are_not_asked_about(write_csv, scored) -> None:
    head = "Creator,Post URL,Impressions,Creator Fee\n"
    differ = (
        "@mia,https://www.instagram.com/p/A1/,12000,500\n@mia,https://www.instagram.com/p/A2/,8000,400\n"
        "@leo,https://www.instagram.com/p/B1/,30000,800\n@leo,https://www.instagram.com/p/B2/,9000,800\n"
    )
    flat = (
        "@mia,https://www.instagram.com/p/A1/,12000,500\n@mia,https://www.instagram.com/p/A2/,8000,500\n"
        "@leo,https://www.instagram.com/p/B1/,30000,500\n@leo,https://www.instagram.com/p/B2/,9000,500\n"
    )
    one = "@mia,https://www.instagram.com/p/A1/,12000,500\n@mia,https://www.instagram.com/p/A2/,8000,500\n"
    two = (
        one
        + "@leo,https://www.instagram.com/p/B1/,30000,800\n@leo,https://www.instagram.com/p/B2/,9000,800\n"
    )
    per_post = "Creator,Post URL,Impressions,Creator Fee per post\n"
    single = head + one + "@leo,https://www.instagram.com/p/B1/,100,800\n"  # one creator with several posts
    for text in (head + differ, head + flat, single, per_post + two):
        report, _ = scored(str(write_csv(text)))
        assert not [w for w in report["warnings"] if "per creator" in w], text
