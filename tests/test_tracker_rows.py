"""Rows agencies' tracker sheets hold that are not posts (audit J): Excel's Data › Subtotal
with Count, Max and the other functions, section title rows, blank-labelled subtotals over
single-post blocks, a KPI summary block under the table.

The tracker of most tests: @mia 2 posts (12,000 + 8,000 impressions, $500 + $500), @leo 1
post (30,000, $800), @zoe 3 posts (5,000 + 7,000 + 6,000, $300 each). By hand: impressions
12,000 + 8,000 + 30,000 + 5,000 + 7,000 + 6,000 = 68,000; spend 500 + 500 + 800 + 3 × 300 =
2,700; 6 posts by 3 creators.
"""

from __future__ import annotations

from typing import Any

import pytest

HEADER = "Creator,Platform,Post Date,Post URL,Impressions,Likes,Fee\n"
MIA = (
    "@mia,Instagram,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,500\n"
    "@mia,Instagram,2025-03-07,https://www.instagram.com/p/AAA222/,8000,300,500\n"
)
LEO = "@leo,TikTok,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,800\n"
ZOE = (
    "@zoe,Instagram,2025-03-05,https://www.instagram.com/p/BBB111/,5000,250,300\n"
    "@zoe,Instagram,2025-03-09,https://www.instagram.com/p/BBB222/,7000,350,300\n"
    "@zoe,Instagram,2025-03-12,https://www.instagram.com/p/BBB333/,6000,200,300\n"
)
IMPRESSIONS = 12_000 + 8_000 + 30_000 + 5_000 + 7_000 + 6_000  # 68,000
SPEND = 500 + 500 + 800 + 3 * 300  # 2,700


def _figures(report: dict[str, Any]) -> dict[str, Any]:
    kpis = report["total"]["kpis"]
    return {k: kpis[k]["value"] for k in ("posts", "activated_influencers", "impressions", "total_spend")}


def _six_posts() -> dict[str, Any]:
    return {"posts": 6, "activated_influencers": 3, "impressions": IMPRESSIONS, "total_spend": SPEND}


# --------------------------------------------------------------------------- J-1


def test_excel_count_subtotals_under_a_text_column_are_not_posts(write, scored) -> None:
    """Data › Subtotal "Use function: Count, add subtotal to: Post URL": Excel writes the
    count of each group's links (2, 1, 3; 6 in all) under Post URL. Read as data they were 4
    more creators and 4 more posts (activated influencers 7, posts 10)."""
    path = write(
        HEADER + MIA + "@mia Count,,,2,,,\n" + LEO + "@leo Count,,,1,,,\n" + ZOE + "@zoe Count,,,3,,,\n"
        "Grand Count,,,6,,,\n"
    )
    report, err = scored(path, "-q")
    assert _figures(report) == _six_posts()
    report, err = scored(path)
    assert "dropped row 4 ('@mia Count'): a summary row (a count, not a sum)" in err
    assert "dropped row 11 ('Grand Count'): a summary row (a count, not a sum)" in err


def test_excel_max_subtotals_are_not_posts(write, scored) -> None:
    """Data › Subtotal with Max: each group's largest figures under `@mia Max`, the file's
    under `Grand Max`. Kept, impressions were 68,000 + 12,000 + 30,000 + 7,000 + 30,000 =
    147,000 and spend 2,700 + 500 + 800 + 300 + 800 = 5,100."""
    path = write(
        HEADER + MIA + "@mia Max,,,,12000,600,500\n" + LEO + "@leo Max,,,,30000,1500,800\n" + ZOE
        + "@zoe Max,,,,7000,350,300\nGrand Max,,,,30000,1500,800\n"
    )  # fmt: skip
    report, err = scored(path)
    assert _figures(report) == _six_posts()
    assert "dropped row 11 ('Grand Max'): a summary row (a maximum, not a sum)" in err


@pytest.mark.parametrize(
    ("function", "grand"),
    [("Min", "Grand Min"), ("Product", "Grand Product"), ("StdDev", "Grand StdDev"), ("Var", "Grand Var")],
)
def test_excel_other_subtotal_functions(write, scored, function: str, grand: str) -> None:
    """Every other function Excel's Data › Subtotal offers labels its rows the same way."""
    path = write(
        HEADER + MIA + f"@mia {function},,,,8000,300,500\n" + LEO + f"@leo {function},,,,30000,1500,800\n"
        + ZOE + f"@zoe {function},,,,5000,200,300\n{grand},,,,5000,200,300\n"
    )  # fmt: skip
    report, _ = scored(path, "-q")
    assert _figures(report) == _six_posts()


def test_german_excel_anzahl_subtotal(write, scored) -> None:
    """German Excel (Teilergebnis, Windows-1252, `;`): `@zoe Anzahl` with a count of 1 under
    Impressionen was a creator and a post: impressions 55,001 for 12,000 + 8,000 + 30,000 +
    5,000 = 55,000, posts 5 for 4."""
    text = (
        "Creator;Plattform;Datum;Impressionen;Likes;Honorar\n"
        "@mia;Instagram;03.03.2025;12.000;600;500,00 €\n"
        "@mia;Instagram;07.03.2025;8.000;300;500,00 €\n"
        "@mia Ergebnis;;;20.000;900;1.000,00 €\n"
        "@leo;TikTok;04.03.2025;30.000;1.500;800,00 €\n"
        "@leo Ergebnis;;;30.000;1.500;800,00 €\n"
        "@zoe;Instagram;05.03.2025;5.000;250;300,00 €\n"
        "@zoe Anzahl;;;1;;\n"
        "Gesamtanzahl;;;4;;\n"
    )
    report, err = scored(write(text, encoding="cp1252"))
    figures = _figures(report)
    assert figures["impressions"] == 12_000 + 8_000 + 30_000 + 5_000
    assert figures["total_spend"] == 500 + 500 + 800 + 300
    assert (figures["posts"], figures["activated_influencers"]) == (4, 3)
    assert "dropped row 8 ('@zoe Anzahl'): a summary row (a count, not a sum)" in err


def test_creators_named_like_a_subtotal_function_stay(write, scored) -> None:
    """`Max`, `Count Dracula` and `Min` are creators, and `Grand Max` a campaign: none
    follows `<a value above> <function>` (`Count Dracula` puts the word first, which English
    Excel never does; `Grand Max` has no `<value> Max` above it). Four posts: 1,000 + 2,000 +
    3,000 + 4,000 = 10,000 impressions."""
    text = (
        "Campaign,Creator,Post Date,Impressions,Likes,Fee\n"
        "Spring,Max,2025-03-03,1000,10,100\n"
        "Spring,Count Dracula,2025-03-04,2000,20,200\n"
        "Grand Max,Min,2025-03-05,3000,30,300\n"
        "Grand Max,Dracula,2025-03-06,4000,40,400\n"
    )
    report, err = scored(write(text))
    figures = _figures(report)
    assert (figures["posts"], figures["activated_influencers"]) == (4, 4)
    assert figures["impressions"] == 1_000 + 2_000 + 3_000 + 4_000
    assert "dropped" not in err


# --------------------------------------------------------------------------- J-8

# A hand-kept tracker: the creator's name on the block's first row only (a merged cell), a
# SUM row with blank name, date and link under each block, and a grand SUM row at the end.
BLOCKS = (
    "Creator,Post Date,Post URL,Impressions,Likes,Comments,Fee\n"
    "@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,500\n"
    ",2025-03-07,https://www.instagram.com/p/AAA222/,8000,300,20,500\n"
    ",,,20000,900,60,1000\n"  # 12,000 + 8,000; 600 + 300; 40 + 20; 500 + 500
    "@leo,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,90,800\n"
    ",2025-03-11,https://www.tiktok.com/@leo/video/7480000000000000003,20000,1000,60,800\n"
    ",,,50000,2500,150,1600\n"  # 30,000 + 20,000; 1,500 + 1,000; 90 + 60; 800 + 800
    "@zoe,2025-03-05,https://www.instagram.com/p/BBB111/,5000,250,10,300\n"
    ",,,5000,250,10,300\n"  # @zoe's one post: her subtotal equals it
)


@pytest.mark.parametrize("grand", [",,,75000,3650,220,2900\n", ""])
def test_blank_subtotal_of_a_single_post_block(write, scored, grand: str) -> None:
    """The single-post creator's subtotal (row 9, equal to row 8) was kept as a post, and
    then the grand total (row 10, 20,000 + 50,000 + 5,000 = 75,000) no longer summed the
    other rows and was kept too: impressions 155,000, spend $6,100, 7 posts. Without the
    grand total: 80,000."""
    report, err = scored(write(BLOCKS + grand))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 5
    assert kpis["impressions"]["value"] == 12_000 + 8_000 + 30_000 + 20_000 + 5_000  # 75,000
    assert kpis["engagements"]["value"] == (600 + 300 + 1_500 + 1_000 + 250) + (
        40 + 20 + 90 + 60 + 10
    )  # 3,870
    assert kpis["total_spend"]["value"] == 500 + 500 + 800 + 800 + 300  # 2,900
    assert "dropped row 9: blank labels and every count equal to the sum of the rows above it" in err


def test_blank_subtotals_with_two_figure_columns(write, scored) -> None:
    """Only Impressions and Fee: the three-counts rule could not fire, every subtotal was a
    post (impressions 150,000 = 2 × 75,000, spend $5,800, 8 posts)."""
    text = (
        "Creator,Post Date,Post URL,Impressions,Fee\n"
        "@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,500\n"
        "@mia,2025-03-07,https://www.instagram.com/p/AAA222/,8000,500\n"
        ",,,20000,1000\n"
        "@leo,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,800\n"
        "@leo,2025-03-11,https://www.tiktok.com/@leo/video/7480000000000000003,20000,800\n"
        ",,,50000,1600\n"
        "@zoe,2025-03-05,https://www.instagram.com/p/BBB111/,5000,300\n"
        ",,,5000,300\n"
    )
    report, _ = scored(write(text), "-q")
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 5
    assert kpis["impressions"]["value"] == 12_000 + 8_000 + 30_000 + 20_000 + 5_000  # 75,000
    assert kpis["total_spend"]["value"] == 500 + 500 + 800 + 800 + 300  # 2,900


@pytest.mark.parametrize(
    ("rows", "impressions"),
    [
        # A blank-named post equal to the one above it (100, 5, 10 and 200, 8, 20, then 200, 8,
        # 20 again): no block of the file sums, so no block of one row either.
        (",,200,8,20\n", 100 + 200 + 200 + 400 + 50),
        # Two figures: one blank-named row that happens to sum the two above (100 + 200 = 300,
        # 5 + 8 = 13): one coincidence, not blocks.
        (",,300,13,\n", 100 + 200 + 300 + 400 + 50),
    ],
)
def test_blank_named_rows_without_subtotal_blocks_stay(write, scored, rows: str, impressions: int) -> None:
    """Rows with blank names mid-file that only look like a block's subtotal are posts: 5."""
    text = (
        "Creator,Post Date,Impressions,Likes,Fee\n"
        "@mia,2025-03-03,100,5,10\n"
        "@leo,2025-03-04,200,8,20\n"
        f"{rows}"
        "@ana,2025-03-05,400,9,40\n"
        "@sam,2025-03-06,50,1,5\n"
    )
    report, _ = scored(write(text), "-q")
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 5
    assert kpis["impressions"]["value"] == impressions


# --------------------------------------------------------------------------- J-14


def test_a_labelled_total_found_by_its_sum_is_named(write, scored) -> None:
    """`TOTAL CAMPAIGNS` (12,000 + 30,000 + 5,000 = 47,000) is left out by its sum; the note
    said it had "blank labels"."""
    text = (
        "Campaign,Creator,Platform,Post Date,Impressions,Likes,Comments,Fee\n"
        "Spring Launch,@mia,Instagram,2025-03-03,12000,600,40,500\n"
        "Spring Launch,@leo,TikTok,2025-03-04,30000,1500,90,800\n"
        "Subtotal Spring Launch,,,,42000,2100,130,1300\n"
        "Summer Drop,@zoe,Instagram,2025-06-05,5000,250,10,300\n"
        "Subtotal Summer Drop,,,,5000,250,10,300\n"
        "TOTAL CAMPAIGNS,,,,47000,2350,140,1600\n"
    )
    report, err = scored(write(text))
    assert report["total"]["kpis"]["impressions"]["value"] == 12_000 + 30_000 + 5_000
    assert "dropped row 7 ('TOTAL CAMPAIGNS'): every count equal to the sum" in err
    assert "blank labels" not in err


# --------------------------------------------------------------------------- J-2


def test_section_title_rows_are_not_creators(write, scored) -> None:
    """`INSTAGRAM`, `TIKTOK`, `YOUTUBE` alone on a row over each network's posts were three
    creators and three posts more (8 for 5). By hand: 5 posts, impressions 12,000 + 5,000 +
    30,000 + 20,000 + 9,000 = 76,000, spend 500 + 300 + 800 + 600 + 1,200 = 3,400, cost per
    post 3,400 / 5 = 680."""
    text = (
        "Creator,Post Date,Post URL,Impressions,Likes,Comments,Fee\n"
        "INSTAGRAM,,,,,,\n"
        "@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,500\n"
        "@zoe,2025-03-05,https://www.instagram.com/p/BBB111/,5000,250,10,300\n"
        "TIKTOK,,,,,,\n"
        "@leo,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,90,800\n"
        "@ana,2025-03-06,https://www.tiktok.com/@ana/video/7480000000000000002,20000,900,60,600\n"
        "YOUTUBE,,,,,,\n"
        "@sam,2025-03-08,https://www.youtube.com/watch?v=dQw4w9WgXcQ,9000,400,50,1200\n"
    )
    report, err = scored(write(text))
    kpis = report["total"]["kpis"]
    assert (kpis["posts"]["value"], kpis["activated_influencers"]["value"]) == (5, 5)
    assert kpis["impressions"]["value"] == 12_000 + 5_000 + 30_000 + 20_000 + 9_000
    assert kpis["cost_per_post"]["value"] == (500 + 300 + 800 + 600 + 1_200) / 5
    assert "dropped row 2 ('INSTAGRAM'): a section title" in err
    assert "no post ID" not in err


@pytest.mark.parametrize("title", ["April 2025", "Apr 2025", "avril 2025"])
def test_a_months_title_over_its_section_is_no_creator(write, scored, title: str) -> None:
    """Audit U-10: a Sheets tracker with a section per month, Google Sheets padding every row
    to the sheet's width: `April 2025` alone in the Creator column, then the header again.
    It was a creator and a post with no figures (posts 7, activated influencers 4); the
    tracker's 6 posts by 3 creators are read, the title and the repeated header left out."""
    text = HEADER + MIA + LEO + f"{title},,,,,,\n" + HEADER + ZOE
    report, err = scored(write(text))
    kpis = report["total"]["kpis"]
    assert (kpis["posts"]["value"], kpis["activated_influencers"]["value"]) == (6, 3)
    assert kpis["impressions"]["value"] == IMPRESSIONS  # 68,000
    assert kpis["total_spend"]["value"] == SPEND  # 2,700
    assert f"dropped row 5 ('{title}'): a section title" in err


def test_section_titles_in_the_platform_column_give_their_platform(write, scored) -> None:
    """The titles in a Platform first column, the rows under them leaving it blank: by
    platform the posts were all `(blank)` (67,000 impressions) beside two empty groups. Now
    Instagram = @mia + @zoe (12,000 + 5,000 = 17,000 impressions, 500 + 300 = $800), TikTok =
    @leo + @ana (30,000 + 20,000 = 50,000, 800 + 600 = $1,400)."""
    text = (
        "Platform,Creator,Post Date,Post URL,Impressions,Likes,Comments,Fee\n"
        "INSTAGRAM,,,,,,,\n"
        ",@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,500\n"
        ",@zoe,2025-03-05,https://www.instagram.com/p/BBB111/,5000,250,10,300\n"
        "TIKTOK,,,,,,,\n"
        ",@leo,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,90,800\n"
        ",@ana,2025-03-06,https://www.tiktok.com/@ana/video/7480000000000000002,20000,900,60,600\n"
    )
    report, err = scored(write(text), "--by", "platform")
    groups = {g["label"].lower(): g["kpis"] for g in report["groups"]}
    assert set(groups) == {"instagram", "tiktok"}
    assert groups["instagram"]["impressions"]["value"] == 12_000 + 5_000
    assert groups["instagram"]["total_spend"]["value"] == 500 + 300
    assert groups["tiktok"]["impressions"]["value"] == 30_000 + 20_000
    assert groups["tiktok"]["posts"]["value"] == 2
    assert "4 rows with a blank 'Platform' under a section title ('INSTAGRAM', 'TIKTOK')" in err


def test_rows_alone_that_are_not_titles_stay(write, scored) -> None:
    """A planned post (`@nina`, `Nina Rossi`: a creator with no figures yet, mid-table) and
    a campaign called `Total Wellness Launch` are rows: 3 + 2 posts, 1,000 + 2,000 + 3,000 =
    6,000 impressions."""
    text = (
        "Campaign,Creator,Post Date,Impressions,Likes,Fee\n"
        "Total Wellness Launch,@mia,2025-03-03,1000,10,100\n"
        ",@nina,,,,\n"
        "Total Wellness Launch,@leo,2025-03-04,2000,20,200\n"
        ",Nina Rossi,,,,\n"
        "Total Wellness Launch,@zoe,2025-03-05,3000,30,300\n"
    )
    report, err = scored(write(text))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 5
    assert kpis["impressions"]["value"] == 1_000 + 2_000 + 3_000
    assert "dropped" not in err


# --------------------------------------------------------------------------- J-9


def test_kpi_summary_block_under_the_table(write, scored) -> None:
    """`Total Impressions | 47000`, `CPM | 34.04` under the table were four creators and four
    posts more, with platforms `47000`, `34.04`. By hand: 3 posts, impressions 12,000 + 30,000
    + 5,000 = 47,000, spend 500 + 800 + 300 = 1,600."""
    text = (
        "Creator,Platform,Post Date,Impressions,Likes,Comments,Link Clicks,Fee\n"
        "@mia,Instagram,2025-03-03,12000,600,40,120,500\n"
        "@leo,TikTok,2025-03-04,30000,1500,90,150,800\n"
        "@zoe,Instagram,2025-03-05,5000,250,10,40,300\n"
        ",,,,,,,\n"
        "Total Impressions,47000,,,,,,\n"
        "Total Engagements,2490,,,,,,\n"
        'Total Spend,"$1,600",,,,,,\n'
        "CPM,34.04,,,,,,\n"
        "Engagement rate,5.3%,,,,,,\n"
        "Prepared by: Jane Smith,,,,,,,\n"
    )
    report, err = scored(write(text), "--by", "platform")
    kpis = report["total"]["kpis"]
    assert (kpis["posts"]["value"], kpis["activated_influencers"]["value"]) == (3, 3)
    assert kpis["impressions"]["value"] == 12_000 + 30_000 + 5_000
    assert sorted(g["label"] for g in report["groups"]) == ["Instagram", "TikTok"]
    assert "dropped row 9 ('CPM: 34.04'): a metric's name and its figure under the table" in err
    assert "dropped 1 more row (a note)" in err  # the sixth row left out: was "1 more totals rows"


def test_totals_typed_in_the_date_column(write, scored) -> None:
    """`Total spend` and `Total impressions` typed under Post Date beside their figures
    stopped the run ("not a date in this column's style"). 3 posts: 47,000, $1,600."""
    text = (
        "Creator,Platform,Post Date,Impressions,Likes,Fee\n"
        "@mia,Instagram,2025-03-03,12000,600,500\n"
        "@leo,TikTok,2025-03-04,30000,1500,800\n"
        "@zoe,Instagram,2025-03-05,5000,250,300\n"
        ",,Total spend,,,1600\n"
        ",,Total impressions,47000,,\n"
    )
    report, _ = scored(write(text), "-q")
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 3
    assert kpis["impressions"]["value"] == 12_000 + 30_000 + 5_000
    assert kpis["total_spend"]["value"] == 500 + 800 + 300


def test_a_second_table_stacked_under_the_first_is_named(write) -> None:
    """A fees table under the posts table after a blank row: the error spoke of date styles
    (`'Product Value' is not a date in this column's style`); it names the header row."""
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    path = write(
        "Creator,Platform,Post Date,Post URL,Impressions,Likes,Comments\n"
        "@mia,Instagram,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40\n"
        "@leo,TikTok,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,90\n"
        ",,,,,,\n"
        "Creator,Fee,Product Value,,,,\n"
        "@mia,1000,150,,,,\n"
    )
    result = CliRunner().invoke(app, ["score", path, "-q"])
    assert result.exit_code == 2
    assert "row 5: a header row ('Creator', 'Fee', 'Product Value') under the table" in result.stderr
    assert "Score each table as a file of its own" in result.stderr
    assert "date" not in result.stderr.split("row 5")[1]


def test_a_total_of_filtered_rows_is_no_contradiction(write, scored) -> None:
    """`Total (Instagram filter)` is Excel's SUBTOTAL(109) over the rows a filter showed
    (12,000 + 5,000 = 17,000), the hidden TikTok row in the file too: it was read as the
    file's grand total, and the 47,000 of the rows as rows counted twice (exit 2). The
    rows are data: 12,000 + 30,000 + 5,000 = 47,000 impressions, 500 + 800 + 300 = $1,600."""
    text = (
        "Creator,Platform,Post Date,Impressions,Likes,Comments,Fee\n"
        "@mia,Instagram,2025-03-03,12000,600,40,500\n"
        "@leo,TikTok,2025-03-04,30000,1500,90,800\n"
        "@zoe,Instagram,2025-03-05,5000,250,10,300\n"
        "Total (Instagram filter),,,17000,850,50,800\n"
    )
    report, err = scored(write(text))
    kpis = report["total"]["kpis"]
    assert kpis["impressions"]["value"] == 12_000 + 30_000 + 5_000
    assert kpis["total_spend"]["value"] == 500 + 800 + 300
    assert "dropped row 5 ('Total (Instagram filter)'): a total of the rows a filter showed" in err


def test_section_titles_in_the_creator_and_campaign_columns_give_their_value(write, scored) -> None:
    """Verify J V-2: `@mia` alone on a row over her posts, whose Creator cells are blank, was a
    creator and a post of her own, and her posts went to `(blank)` (5 posts for 3). Now the
    title is dropped and the rows under it are hers: @mia 2 posts, 12,000 + 8,000 = 20,000
    impressions, 500 + 500 = $1,000; @leo 1 post, 30,000, $800; cost per post 1,800 / 3 = 600.
    The same for campaign titles: Spring Launch = 12,000 + 30,000 = 42,000, Summer Drop 5,000."""
    text = (
        "Creator,Platform,Post Date,Post URL,Impressions,Likes,Comments,Fee\n"
        "@mia,,,,,,,\n"
        ",Instagram,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,500\n"
        ",Instagram,2025-03-05,https://www.instagram.com/p/AAA112/,8000,400,20,500\n"
        "@leo,,,,,,,\n"
        ",TikTok,2025-03-04,https://www.tiktok.com/@leo/video/1,30000,1500,90,800\n"
    )
    report, err = scored(write(text), "--by", "influencer")
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    assert set(groups) == {"@mia", "@leo"}
    assert (groups["@mia"]["posts"]["value"], groups["@mia"]["impressions"]["value"]) == (2, 20_000)
    assert groups["@mia"]["total_spend"]["value"] == 500 + 500
    assert report["total"]["kpis"]["cost_per_post"]["value"] == (500 + 500 + 800) / 3
    assert "take the title's creator" in " ".join(err.split())
    text = (
        "Campaign,Creator,Platform,Post Date,Impressions,Likes,Fee\n"
        "Spring Launch,,,,,,\n,@mia,Instagram,2025-03-03,12000,600,500\n"
        ",@leo,TikTok,2025-03-04,30000,1500,800\n"
        "Summer Drop,,,,,,\n,@zoe,Instagram,2025-06-03,5000,250,300\n"
    )
    report, _ = scored(write(text, "campaigns.csv"), "--by", "campaign")
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    assert groups["Spring Launch"]["impressions"]["value"] == 12_000 + 30_000
    assert groups["Summer Drop"]["impressions"]["value"] == 5_000
    assert report["total"]["kpis"]["posts"]["value"] == 3


def test_a_planned_post_by_handle_amid_named_rows_stays_a_post(write, scored) -> None:
    # `@nina` alone on a row (a planned post, no figures yet) over rows that name their creators:
    # not a title (the rows under it do not leave the Creator blank): 3 posts, 3 creators.
    text = (
        "Creator,Post Date,Post URL,Impressions,Fee\n"
        "@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,500\n"
        "@nina,,,,\n"
        "@leo,2025-03-04,https://www.tiktok.com/@leo/video/1,30000,800\n"
    )
    kpis = scored(write(text))[0]["total"]["kpis"]
    assert (kpis["posts"]["value"], kpis["activated_influencers"]["value"]) == (3, 3)
