"""Subtotal lines a tracker or a pivot table writes among its rows (audit T): with the
creator's name kept beside the word, the word in the date column, a PivotTable's subtotal at
the top of its group, a Google Sheets pivot's labels written once."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app


def _refused(path: str) -> str:
    result = CliRunner().invoke(app, ["score", path, "-f", "json", "-q"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr


# A Google Sheets tracker: each creator's subtotal line keeps the creator's handle, with the
# word typed in another column (audit T-1, in/sheets_tracker_c.csv). @cara has one post: her
# subtotal equals it.
def _tracker(word: str, column: str = "Platform") -> str:
    platform, date = (word, "") if column == "Platform" else ("", word)
    return (
        "Creator,Platform,Post date,Followers,Impressions,Likes,Comments,Fee\n"
        "@anna,Instagram,3/3/2025,12000,15000,600,40,$1234.56\n"
        "@anna,TikTok,3/5/2025,12000,30000,1500,100,$800.00\n"
        f"@anna,{platform},{date},24000,45000,2100,140,$2034.56\n"  # 15,000 + 30,000 ...
        "@ben,Instagram,3/4/2025,85000,90000,2000,150,$3000.00\n"
        "@ben,YouTube,3/14/2025,85000,40000,900,60,$2500.00\n"
        f"@ben,{platform},{date},170000,130000,2900,210,$5500.00\n"  # 90,000 + 40,000 ...
        "@cara,TikTok,3/20/2025,4000,8000,400,20,$150.00\n"
        f"@cara,{platform},{date},4000,8000,400,20,$150.00\n"  # her one post
    )


def _check_posts(report: dict[str, Any]) -> None:
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 2 + 2 + 1
    assert kpis["impressions"]["value"] == 15_000 + 30_000 + 90_000 + 40_000 + 8_000  # 183,000
    assert kpis["engagements"]["value"] == (600 + 40) + (1_500 + 100) + (2_000 + 150) + (900 + 60) + (
        400 + 20
    )  # 5,770
    assert kpis["total_spend"]["value"] == pytest.approx(1_234.56 + 800 + 3_000 + 2_500 + 150)  # 7,684.56
    cara = next(g for g in report["groups"] if g["key"]["influencer"] == "@cara")["kpis"]
    assert cara["posts"]["value"] == 1
    assert cara["engagements"]["value"] == 400 + 20


@pytest.mark.parametrize("word", ["Subtotal", "Total", "Sum"])
def test_named_subtotal_line_of_a_one_post_creator(write, scored, word: str) -> None:
    """@cara's subtotal line (row 9, `@cara,Subtotal,,...`, equal to her one post) was a
    second post: posts 6, impressions 191,000 (8,000 twice), her engagements 840. The word
    beside the name lets a block of one row be summed, as a blank-label line's is."""
    report, err = scored(write(_tracker(word)), "--by", "influencer")
    _check_posts(report)
    assert (
        f"dropped row 9 ('@cara'): '{word}' in 'Platform' beside the name, and every count equal to the row"
        in err
    )
    assert f"dropped row 4 ('@anna'): '{word}' in 'Platform' beside the name" in err
    assert "every count equal to the sum of the 2 rows above it: a subtotal line" in err


def test_named_subtotal_line_in_the_link_column(write, scored) -> None:
    """The word typed under `Post URL` (a column looked at only on undated rows): @cara's
    line was her second post (posts 4, impressions 61,000)."""
    text = (
        "Creator,Post URL,Post date,Impressions,Likes,Comments,Fee\n"
        "@anna,https://www.instagram.com/p/A1/,3/3/2025,15000,600,40,1234.56\n"
        "@anna,https://www.tiktok.com/@anna/video/1,3/5/2025,30000,1500,100,800\n"
        "@anna,Subtotal,,45000,2100,140,2034.56\n"
        "@cara,https://www.tiktok.com/@cara/video/2,3/20/2025,8000,400,20,150\n"
        "@cara,Subtotal,,8000,400,20,150\n"
    )
    report, err = scored(write(text))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 3
    assert kpis["impressions"]["value"] == 15_000 + 30_000 + 8_000  # 53,000
    assert kpis["total_spend"]["value"] == pytest.approx(1_234.56 + 800 + 150)  # 2,184.56
    assert "dropped row 6 ('@cara'): 'Subtotal' in 'Post URL' beside the name" in err


def test_named_subtotal_line_that_does_not_add_up_is_refused(write) -> None:
    """A subtotal line whose figures are not the sum of its creator's rows (8,100 written
    for @cara's 8,000) was one more post, silently; now refused, naming row, column and
    the fix."""
    text = _tracker("Subtotal").replace("@cara,Subtotal,,4000,8000", "@cara,Subtotal,,4000,8100")
    err = _refused(write(text))
    assert "row 9, column 'Platform': 'Subtotal' beside '@cara' on a row without a date" in err
    assert "impressions 8,100, the rows above it 8,000" in err
    assert "remove the subtotal lines" in err


def test_totals_word_beside_a_name_on_a_dated_row_is_a_post(write, scored) -> None:
    """A row with a date is a post whatever its other cells say: a campaign called `Total`
    beside named ads, its two ads equal (300 impressions, 20 clicks, $15 each) are both
    read."""
    text = (
        "Campaign,Ad name,Date,Impressions,Clicks,Spend\n"
        "Spring,Ad A,2025-03-01,1000,50,40.00\n"
        "Total,Ad B,2025-03-02,300,20,15.00\n"
        "Total,Ad C,2025-03-03,300,20,15.00\n"
    )
    report, _ = scored(write(text))
    kpis = report["total"]["kpis"]
    assert kpis["impressions"]["value"] == 1_000 + 300 + 300
    assert kpis["total_spend"]["value"] == pytest.approx(40 + 15 + 15)


def test_sum_lines_over_a_post_without_creator_or_id(write, scored) -> None:
    """Audit U-7: a tracker's `=SUM()` line under each creator's posts (blank labels, no
    date), one post above it typed without its creator and ID (row 3, dated). The sum lines
    were compared with the rows above less that post, matched nothing and were read as
    posts: posts 7, impressions 30,000, spend $70. The dated row is a post, in the sums."""
    text = (
        "date,influencer,post_id,impressions,clicks,spend\n"
        "2025-03-01,@a,p1,1000,10,5.00\n"
        "2025-03-02,,,2000,20,6.00\n"  # @a's post, creator and ID left blank
        "2025-03-03,@a,p3,3000,30,7.00\n"
        ",,,6000,60,18.00\n"  # 1,000 + 2,000 + 3,000; $5 + $6 + $7
        "2025-03-04,@b,p4,4000,40,8.00\n"
        "2025-03-05,@b,p5,5000,50,9.00\n"
        ",,,9000,90,17.00\n"  # 4,000 + 5,000; $8 + $9
    )
    report, _ = scored(write(text))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 5  # p1, p3, p4, p5 and the blank-ID post
    assert kpis["impressions"]["value"] == 1_000 + 2_000 + 3_000 + 4_000 + 5_000  # 15,000
    assert kpis["clicks"]["value"] == 10 + 20 + 30 + 40 + 50  # 150
    assert kpis["total_spend"]["value"] == pytest.approx(5 + 6 + 7 + 8 + 9)  # $35
    assert [d["row"] for d in report["reading"][0]["dropped"]] == [5, 8]


@pytest.mark.parametrize("word", ["Subtotal", "Total"])
def test_totals_word_in_the_date_column_beside_the_name(write, scored, word: str) -> None:
    """`@anna,,Subtotal,...` was refused: "value 'Subtotal' is not a date ... write every
    date of the column one way", a fix that does not apply. A date cell holds no name: the
    word beside a creator's is that creator's total line. `Total` on the last line (@cara's)
    is hers, not the file's: no "rows are not data" refusal against her 8,000."""
    report, err = scored(write(_tracker(word, column="Post date")), "--by", "influencer")
    _check_posts(report)
    assert f"dropped row 9 ('@cara'): '{word}' in 'Post date' beside the name: a subtotal line" in err


# --------------------------------------------------------------------------- pivot tables

# Excel's PivotTable in its default compact form: each creator's line, above its items, holds
# the group's subtotal (audit T-6, in/excel_pivot_compact_nogrand.csv).
COMPACT = (
    "Row Labels,Sum of Impressions,Sum of Likes,Sum of Comments,Sum of Fee\n"
    "@anna,45000,2100,140,2034.56\n"  # 15,000 + 30,000; 600 + 1,500; 40 + 100; 1,234.56 + 800
    "Instagram,15000,600,40,1234.56\n"
    "TikTok,30000,1500,100,800\n"
    "@ben,200000,4700,300,8500\n"  # 160,000 + 40,000; 3,800 + 900; 240 + 60; 6,000 + 2,500
    "Instagram,160000,3800,240,6000\n"
    "YouTube,40000,900,60,2500\n"
)


@pytest.mark.parametrize(
    ("grand", "renamed"),
    [("", False), ("Grand Total,245000,6800,440,10534.56\n", False), ("", True)],
)
def test_pivot_subtotals_at_the_top_of_their_groups(write, scored, grand: str, renamed: bool) -> None:
    """Without its Grand Total the pivot was read as 6 posts, impressions 490,000 and spend
    $21,069.12 (each creator's line counted beside its items); with it, refused. The lines
    equal to the sum of the rows under them are left out; also with the value fields renamed
    (`Impressions` for `Sum of Impressions`), by the `Row Labels` caption."""
    text = COMPACT.replace("Sum of ", "") if renamed else COMPACT
    report, err = scored(write(text + grand))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 4
    assert kpis["impressions"]["value"] == 15_000 + 30_000 + 160_000 + 40_000  # 245,000
    assert kpis["engagements"]["value"] == (600 + 1_500 + 3_800 + 900) + (40 + 100 + 240 + 60)  # 7,240
    assert kpis["total_spend"]["value"] == pytest.approx(1_234.56 + 800 + 6_000 + 2_500)  # 10,534.56
    assert "dropped row 2 ('@anna'): every count equal to the sum of its group's 2 rows under it" in err
    assert "a pivot table's subtotal, at the top of its group" in err


def test_pivot_subtotal_over_a_group_of_more_than_a_thousand_rows(write, scored) -> None:
    """Audit U-8: a pivot of posts by creator whose first creator has 1,200 posts. Its line
    was compared with the 1,000 rows under it at most, so it was counted as a post: 1,203
    posts, impressions 1,681,800 (@ana's 839,400 twice), no note."""
    posts = [
        f"IG{i},{100 + i},{1 + i % 5},{(100 + i % 7) // 100}.{(100 + i % 7) % 100:02d}\n" for i in range(1200)
    ]
    text = (
        "Row Labels,Sum of Impressions,Sum of Clicks,Sum of Spend\n"
        # 1,200 posts: impressions 100 + i, clicks 1 + i % 5, spend $1.00 + i % 7 cents
        # impressions 120,000 + (0 + ... + 1,199) = 120,000 + 719,400 = 839,400
        # clicks 1,200 + 240 x (0 + 1 + 2 + 3 + 4) = 3,600
        # cents 120,000 + 171 x (0 + ... + 6) + (0 + 1 + 2) = 120,000 + 3,591 + 3 = 123,594
        "@ana,839400,3600,1235.94\n"
        + "".join(posts)
        + "@ben,3000,30,15.00\n"  # 1,000 + 2,000; 10 + 20; $5 + $10
        "YT1,1000,10,5.00\n"
        "YT2,2000,20,10.00\n"
    )
    report, err = scored(write(text))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 1_200 + 2
    assert kpis["impressions"]["value"] == 839_400 + 3_000
    assert kpis["clicks"]["value"] == 3_600 + 30
    assert kpis["total_spend"]["value"] == pytest.approx(1_235.94 + 15.00)
    assert "dropped row 2 ('@ana'): every count equal to the sum of its group's 1,200 rows under it" in err


def test_pivot_subtotals_at_the_top_nested(write, scored) -> None:
    """Campaign over creator over platform: the campaign's line sums its creators' lines, each
    creator's its items; @cara's one item equals her line (a group of one)."""
    text = (
        "Row Labels,Sum of Impressions,Sum of Likes,Sum of Comments,Sum of Fee\n"
        "Spring,53000,2500,160,2184.56\n"  # @anna 45,000 + @cara 8,000; 2,100 + 400; 140 + 20; ...
        "@anna,45000,2100,140,2034.56\n"
        "Instagram,15000,600,40,1234.56\n"
        "TikTok,30000,1500,100,800\n"
        "@cara,8000,400,20,150\n"
        "TikTok,8000,400,20,150\n"
        "Summer,40000,900,60,2500\n"
        "@ben,40000,900,60,2500\n"
        "YouTube,40000,900,60,2500\n"
    )
    report, _ = scored(write(text), "-q")
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 4  # Instagram, TikTok, TikTok, YouTube
    assert kpis["impressions"]["value"] == 15_000 + 30_000 + 8_000 + 40_000  # 93,000
    assert kpis["total_spend"]["value"] == pytest.approx(1_234.56 + 800 + 150 + 2_500)  # 4,684.56


def test_pivot_outline_form_names_its_groups_on_the_top_line(write, scored) -> None:
    """Outline form: the creator on the subtotal line only; the items under it are the
    creator's (not a `(blank)` creator of 4 posts)."""
    text = (
        "Creator,Platform,Sum of Impressions,Sum of Likes,Sum of Comments,Sum of Fee\n"
        "@anna,,45000,2100,140,2034.56\n"
        ",Instagram,15000,600,40,1234.56\n"
        ",TikTok,30000,1500,100,800\n"
        "@ben,,200000,4700,300,8500\n"
        ",Instagram,160000,3800,240,6000\n"
        ",YouTube,40000,900,60,2500\n"
    )
    report, err = scored(write(text), "--by", "influencer")
    groups = {g["key"]["influencer"]: g["kpis"] for g in report["groups"]}
    assert set(groups) == {"@anna", "@ben"}
    assert groups["@anna"]["posts"]["value"] == 2
    assert groups["@anna"]["total_spend"]["value"] == pytest.approx(1_234.56 + 800)
    assert groups["@ben"]["impressions"]["value"] == 160_000 + 40_000
    assert "fill the cells in" in err  # the rows that took a name are said


def test_pivot_group_headings_without_figures(write, scored) -> None:
    """Compact form with subtotals at the bottom: `@anna` alone on its line over its items and
    `@anna Total`. The heading was a post (posts 6 for 4, cost per post $1,755.76)."""
    text = (
        "Row Labels,Sum of Impressions,Sum of Likes,Sum of Comments,Sum of Fee\n"
        "@anna,,,,\n"
        "Instagram,15000,600,40,1234.56\n"
        "TikTok,30000,1500,100,800\n"
        "@anna Total,45000,2100,140,2034.56\n"
        "@ben,,,,\n"
        "Instagram,160000,3800,240,6000\n"
        "YouTube,40000,900,60,2500\n"
        "@ben Total,200000,4700,300,8500\n"
    )
    report, err = scored(write(text))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 4
    assert kpis["cost_per_post"]["value"] == pytest.approx((1_234.56 + 800 + 6_000 + 2_500) / 4)  # 2,633.64
    assert "dropped row 2 ('@anna'): no figures, and a subtotal line under it names it" in err


def test_pivot_rows_equal_by_chance_stay(write, scored) -> None:
    """Two creators with the same figures, no group of two rows anywhere: no subtotal."""
    text = (
        "Row Labels,Sum of Impressions,Sum of Likes,Sum of Comments,Sum of Fee\n"
        "@a,1000,50,5,500\n@b,1000,50,5,500\n@c,3000,80,9,700\n"
    )
    report, _ = scored(write(text), "-q")
    assert report["total"]["kpis"]["posts"]["value"] == 3
    assert report["total"]["kpis"]["impressions"]["value"] == 1_000 + 1_000 + 3_000


# A Google Sheets pivot writes each row label once, and closes each group with `<label> Total`
# (audit T-7, in/sheets_pivot.csv).
SHEETS_PIVOT = (
    "Creator,Platform,SUM of Impressions,SUM of Likes,SUM of Comments,SUM of Fee\n"
    "@anna,Instagram,15000,600,40,1234.56\n"
    ",TikTok,30000,1500,100,800\n"
    "@anna Total,,45000,2100,140,2034.56\n"
    "@ben,Instagram,160000,3800,240,6000\n"
    ",YouTube,40000,900,60,2500\n"
    "@ben Total,,200000,4700,300,8500\n"
)


def test_sheets_pivot_labels_written_once(write, scored) -> None:
    """`--by influencer` gave @anna 1 post $1,234.56, @ben 1 post $6,000 and a `(blank)`
    creator with the other 2 posts ($3,300), activated influencers 2 "missing in 2 of 4 rows".
    The row between `@anna` and `@anna Total` is @anna's."""
    report, err = scored(write(SHEETS_PIVOT), "--by", "influencer")
    groups = {g["key"]["influencer"]: g["kpis"] for g in report["groups"]}
    assert set(groups) == {"@anna", "@ben"}
    assert groups["@anna"]["posts"]["value"] == 2
    assert groups["@anna"]["total_spend"]["value"] == pytest.approx(1_234.56 + 800)  # 2,034.56
    assert groups["@ben"]["posts"]["value"] == 2
    assert groups["@ben"]["total_spend"]["value"] == pytest.approx(6_000 + 2_500)  # 8,500
    assert report["total"]["kpis"]["activated_influencers"]["value"] == 2
    assert "rows 3" in err and "fill the cells in" in err  # the rows that took a name are said


# --------------------------------------------------------------------------- T-8

# A Meta Ads Manager per-day export re-saved by Excel set to English (UK): its dates written
# dd/mm/yyyy, every one of them ≤ 12 (in/meta_en_gb_excel.csv, shortened).
META_GB = (
    "Campaign name,Day,Impressions,Currency,Link clicks,Amount spent ({cur}),"
    "Reporting starts,Reporting ends\n"
    "Spring UK,01/03/2025,2500,{cur},40,123.45,01/03/2025,01/03/2025\n"
    "Spring UK,02/03/2025,3100,{cur},55,234.56,02/03/2025,02/03/2025\n"
    "Creators UK,07/03/2025,2600,{cur},30,80.00,07/03/2025,07/03/2025\n"
)


def test_meta_dates_resaved_by_a_spreadsheet_follow_the_files_habits(write, scored) -> None:
    """Read month first "because Meta Ads Manager exports write dates month first" (Meta writes
    ISO dates: the slashes are Excel's): 3 January to 3 July for a week of March. Money in GBP
    says day first, as it does for any file; the guess is in JSON `reading`."""
    report, err = scored(write(META_GB.format(cur="GBP")), "--by", "date")
    assert report["date_range"] == {"start": "2025-03-01", "end": "2025-03-07"}
    assert [g["key"]["date"] for g in report["groups"]] == ["2025-03-01", "2025-03-02", "2025-03-07"]
    dates = report["reading"][0]["dates"]["date"]
    assert dates["guessed"] is True and dates["style"].startswith("day/month/year")
    assert dates["why"] == "money in GBP, written where dates are day first"
    assert "write dates month first" not in err


def test_meta_dates_in_dollars_are_a_guess_month_first(write, scored) -> None:
    """In USD nothing tells: month first, as US spreadsheets write, said as a guess (not as
    Meta's habit)."""
    report, err = scored(write(META_GB.format(cur="USD")))
    assert report["date_range"] == {"start": "2025-01-03", "end": "2025-07-03"}
    dates = report["reading"][0]["dates"]["date"]
    assert dates["guessed"] is True and dates["style"].startswith("month/day/year")
    assert "Meta" not in dates["why"]
    assert "--dayfirst if not" in err
