"""Lines among the rows with fewer cells than the header (issue 21; audit U-2, U-4, U-10).

Excel writes some rows without their trailing empty cells (`@c,500` for `@c,500,,,`):
they read as blank cells. A line of text that is no row (`April 2025` over a month's
section, a second export's title lines, a second `sep=,`) is left out and said, as is a
repeated header. A short line whose cells do not read in their columns (the fragment of a
row broken by a line break inside a cell) is still refused, naming its row.
Big files (rows past the first chunk) are in test_scale.py.
"""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def error_of(path: str) -> str:
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr.strip().splitlines()[-1]


def test_excel_rows_without_their_trailing_empty_cells_read_as_blank_cells(write: Any, scored: Any) -> None:
    # Was refused: "row 3: 5 cells where the header has 6 ... its last cells left out?".
    path = write(
        "Date,Creator,Impressions,Clicks,Revenue,Spend\n"
        "2025-03-01,@a,1000,10,50.00,20.00\n"
        "2025-03-02,@b,2000,30,80.00\n"  # spend left out
        "2025-03-03,@c,500\n"  # clicks, revenue and spend left out
        "2025-03-04,@a,1500,20,,10.00\n"
    )
    report, _ = scored(path)
    kpis = report["total"]["kpis"]
    assert report["rows"] == 4
    assert kpis["posts"]["value"] == 4
    assert kpis["activated_influencers"]["value"] == 3  # @a, @b, @c
    assert kpis["impressions"]["value"] == 1000 + 2000 + 500 + 1500  # 5,000: the short rows' own cells count
    assert kpis["clicks"]["value"] == 10 + 30 + 20  # 60, missing on @c's row
    assert kpis["clicks"]["missing"] == {"clicks": 1}
    assert kpis["revenue"]["value"] == 50.00 + 80.00  # 130
    assert kpis["total_spend"]["value"] == 20.00 + 10.00  # 30, missing on 2 rows
    assert kpis["total_spend"]["missing"] == {"spend": 2}
    # CTR over the rows with both: 60 / (1,000 + 2,000 + 1,500) = 1.333 %
    assert abs(kpis["ctr"]["value"] - 60 / 4500 * 100) < 1e-9
    # ROAS over the rows with both: row 2 alone, 50 / 20
    assert kpis["roas"]["value"] == 50.00 / 20.00


def test_rows_under_short_ones_keep_their_row_numbers(write: Any) -> None:
    # Padded in place, the short rows keep every later row's number: the bad cell is on row 5.
    path = write(
        "Date,Creator,Impressions,Clicks,Spend\n"
        "2025-03-01,@a,1000,10,5.00\n"
        "2025-03-02,@b,2000\n"
        "2025-03-03,@c,500,3\n"
        "2025-03-04,@d,12%,1,1.00\n"
    )
    error = error_of(path)
    assert error.startswith(f"kpi: error: {path}, row 5, column 'Impressions': "), error


def test_a_months_title_and_the_header_again_are_left_out_and_said(write: Any, scored: Any) -> None:
    # A Sheets tracker with a section per month: a blank line, `April 2025` alone on its line,
    # the header again. Was refused at row 5: "1 cells where the header has 4 ('April 2025')".
    path = write(
        "Date,Creator,Impressions,Spend\n"
        "03/03/2025,@a,1000,5.00\n"
        "03/20/2025,@b,2000,6.00\n"
        "\n"
        "April 2025\n"
        "Date,Creator,Impressions,Spend\n"
        "04/02/2025,@a,3000,7.00\n"
    )
    report, stderr = scored(path)
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 3  # never the title
    assert kpis["activated_influencers"]["value"] == 2  # @a, @b: no creator `April 2025`
    assert kpis["impressions"]["value"] == 1000 + 2000 + 3000
    assert kpis["total_spend"]["value"] == 5.00 + 6.00 + 7.00
    assert "dropped row 5 ('April 2025'): a section title (a month alone on its line, no figures)" in stderr
    assert "the header row again" in stderr


def test_a_second_exports_title_lines_and_sep_line_are_left_out(write: Any, scored: Any) -> None:
    # Two exports joined with cat: the second one's `sep=,`, its title, its date range, a blank
    # line and its header. Each was refused as "1 cells (2 for sep=,) where the header has 4".
    path = write(
        "Date,Creator,Impressions,Spend\n"
        "2025-03-01,@a,1000,5.00\n"
        "sep=,\n"
        "Campaign report\n"
        "Date range: 03/01/2025 - 03/31/2025\n"
        "\n"
        "Date,Creator,Impressions,Spend\n"
        "2025-03-02,@b,2000,6.00\n"
    )
    report, stderr = scored(path)
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 2
    assert kpis["impressions"]["value"] == 1000 + 2000
    assert kpis["total_spend"]["value"] == 5.00 + 6.00
    assert "dropped row 3 ('sep=,'): Excel's delimiter line again" in stderr
    assert "dropped row 4 ('Campaign report'): a line of text among the rows, no figures" in stderr
    assert "dropped row 5 ('Date range: 03/01/2025 - 03/31/2025')" in stderr
    assert [d["row"] for d in report["reading"][0]["dropped"]] == [3, 4, 5]


def test_a_months_title_in_the_date_column_of_a_padded_sheet_is_left_out(write: Any, scored: Any) -> None:
    # Audit U-10's rest: Google Sheets pads every row to the sheet's width, the title in
    # column A, the Date column. Was refused: "column 'Date': mixes ... dates and months with
    # their name and year (Mar 2025): '03/06/2025' (row 2) and 'April 2025' (row 5)".
    path = write(
        "Date,Creator,Impressions,Spend\n"
        "03/06/2025,@a,1000,5.00\n"
        "03/20/2025,@b,2000,6.00\n"
        ",,,\n"
        "April 2025,,,\n"
        "Date,Creator,Impressions,Spend\n"
        "04/02/2025,@a,3000,7.00\n"
    )
    report, stderr = scored(path)
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 3
    assert kpis["activated_influencers"]["value"] == 2
    assert kpis["impressions"]["value"] == 1000 + 2000 + 3000
    assert "dropped row 5 ('April 2025'): a section title (a month alone on its row, no figures)" in stderr


def test_a_row_broken_by_a_line_break_is_still_refused_at_its_fragment(write: Any) -> None:
    # Row 3 is short and ends on a figure (Excel's): padded. Rows 4-5 are one row broken
    # inside its caption, not quoted: `2025-03-03,@c,line one` ends on text, not a figure,
    # and its other half puts `line two` under Date: refused at the first, in the words used
    # before, not padded.
    path = write(
        "Date,Creator,Caption,Impressions,Spend\n"
        "2025-03-01,@a,nice,1000,5.00\n"
        "2025-03-02,@b,great,2000\n"
        "2025-03-03,@c,line one\n"
        "line two,3000,6.00\n"
    )
    error = error_of(path)
    assert error.startswith(
        f"kpi: error: {path}, row 4: 3 cells where the header has 5 ('2025-03-03,@c,line one')"
    )
    assert "a line break inside a cell that is not quoted?" in error


def test_a_short_row_whose_cell_is_no_number_of_its_column_is_refused(write: Any) -> None:
    # `lots` under Impressions: no row's cell, so not padded (row 3 before it is).
    path = write("Creator,Impressions,Clicks\n@a,1000,10\n@b,500\n@c,lots\n")
    error = error_of(path)
    assert error.startswith(f"kpi: error: {path}, row 4: 2 cells where the header has 3 ('@c,lots')"), error


def test_a_line_of_text_under_a_free_text_cell_is_refused_as_ambiguous(write: Any) -> None:
    # The last column is a caption: `what a day` may be its end, broken over two lines, as
    # much as a title. Refused, naming the row and the fix; a month's title still reads.
    path = write(
        "Creator,Impressions,Caption\n@a,1000,fun\n@b,500\nApril 2025\n"
        "@c,700,so much fun\nwhat a day\n@d,300,ok\n"
    )
    error = error_of(path)
    assert error.startswith(f"kpi: error: {path}, row 6: 1 cells where the header has 3 ('what a day')"), (
        error
    )
    assert "a line of text among the rows: a title or a note" in error


def test_rows_under_an_empty_line_keep_their_numbers(write: Any) -> None:
    # The reader skipped an empty line without counting it, so every row under one was named
    # by the row above it: this bad cell on row 4 was said to be on row 3.
    path = write("Date,Creator,Impressions\n2025-03-01,@a,100\n\n2025-03-02,@b,12%\n")
    error = error_of(path)
    assert error.startswith(f"kpi: error: {path}, row 4, column 'Impressions': "), error


def test_a_totals_line_written_short_is_left_out_as_a_total(write: Any, scored: Any) -> None:
    # `Total` under Date, its spend cell left out by Excel: read in full, it is the table's
    # totals line (1,000 + 2,000 = 3,000 impressions, 10 + 5 = 15 clicks), left out as such.
    # Was refused: "4 cells where the header has 5 ('Total,,3000,15')".
    path = write(
        "Date,Creator,Impressions,Clicks,Spend\n"
        "2025-03-01,@a,1000,10,5.00\n"
        "2025-03-02,@b,2000,5,6.00\n"
        "Total,,3000,15\n"
    )
    report, stderr = scored(path)
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 2
    assert kpis["impressions"]["value"] == 1000 + 2000
    assert kpis["clicks"]["value"] == 10 + 5
    assert kpis["total_spend"]["value"] == 5.00 + 6.00
    assert "dropped row 4 ('Total'): a totals row" in stderr


def test_the_rest_of_a_caption_broken_over_two_lines_is_refused_not_a_post(write: Any) -> None:
    # Review of stop 40: a caption's unquoted line break left `at the beach, loved it` (two
    # cells, both where names stand) and `@mia,Loving the new` (a creator and text, no
    # figure); each was padded into a post, `at the beach` a fourth creator. A short row
    # needs a figure or a date in its columns to be one.
    tail = write(
        "Creator,Platform,Impressions,Likes,Caption\n"
        "@ana,Instagram,8000,300,Summer look\n"
        "@mia,Instagram,12000,450,Great day\n"
        "at the beach, loved it\n"
        "@leo,TikTok,5000,200,Gym day\n",
        name="tail.csv",
    )
    assert "row 4: 2 cells where the header has 5" in error_of(str(tail))
    middle = write(
        "Creator,Caption,Impressions,Likes\n"
        "@ana,Summer look,8000,300\n"
        "@mia,Loving the new\n"
        "serum!,12000,450\n"
        "@leo,Gym day,5000,200\n",
        name="middle.csv",
    )
    assert "row 3: 2 cells where the header has 4" in error_of(str(middle))
    # ... and with a figure before the caption, both parts read as rows of figures
    figure_first = write(
        "Creator,Impressions,Caption,Likes\n"
        "@ana,8000,Summer look,300\n"
        "@mia,12000,Loving the new\n"
        "serum!,450\n"
        "@leo,5000,Gym day,200\n",
        name="figure_first.csv",
    )
    assert "row 3: 3 cells where the header has 4" in error_of(str(figure_first))


def test_a_short_row_with_only_the_fallback_name_reads_as_the_row_in_full(write: Any, scored: Any) -> None:
    # `Name` stands in for a blank `Handle`: `,Mia Rossi` written short was dropped as a
    # title (2 posts), while `,Mia Rossi,,,` in full is a planned post of hers (3 posts).
    short = write(
        "Handle,Name,Platform,Impressions,Likes\n@ana,Ana B,Instagram,8000,300\n"
        ",Mia Rossi\n@leo,Leo C,TikTok,5000,200\n",
        name="short.csv",
    )
    full = write(
        "Handle,Name,Platform,Impressions,Likes\n@ana,Ana B,Instagram,8000,300\n"
        ",Mia Rossi,,,\n@leo,Leo C,TikTok,5000,200\n",
        name="full.csv",
    )
    for path in (short, full):
        kpis = scored(path)[0]["total"]["kpis"]
        assert kpis["posts"]["value"] == 3  # @ana, Mia Rossi, @leo
        assert kpis["activated_influencers"]["value"] == 3
        assert kpis["impressions"]["value"] == 8000 + 5000
