"""What agencies type into the cells and headers of a tracker kept in a spreadsheet (audit J).

Placeholders for a post not live yet (`TBD`, `pending`, `?`), a gifted post's fee
(`Gifted`), a round thousand written `"12,000"` beside one `1,2K`, pivot-table headers
(`SUM of Impressions`) and the spellings of a creator's fee (`Talent Fee`, `Agreed Rate`).
Every figure is worked out by hand in the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


def kpi(report: dict[str, Any], name: str) -> Any:
    return report["total"]["kpis"][name]


# --- J-7: a placeholder in the post-link column is a blank, not a post ID ------------------


@pytest.mark.parametrize("placeholder", ["TBD", "tbd", "TBC", "TBA", "pending", "Pending", "?", "t.b.d."])
def test_a_placeholder_post_link_is_no_post_id(write: Any, scored: Any, placeholder: str) -> None:
    # Six posts, four links not filled in yet: each such row is a post of its own (SPEC:
    # "one post for each row whose ID is blank"), not two posts named `TBD` and `pending`.
    path = write(
        "Creator,Post Date,Post URL,Impressions,Fee\n"
        "@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,500\n"
        "@leo,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,800\n"
        f"@zoe,2025-03-05,{placeholder},5000,300\n"
        f"@sam,2025-03-08,{placeholder},9000,1200\n"
        f"@kai,2025-03-09,{placeholder},4000,400\n"
        f"@ana,2025-03-09,{placeholder},6000,600\n"
    )
    report, _ = scored(path, "-q")
    assert kpi(report, "posts")["value"] == 2 + 4  # two links, four blank-linked rows
    # (500 + 800 + 300 + 1200 + 400 + 600) / 6 = 3800 / 6 = 633.33
    assert kpi(report, "cost_per_post")["value"] == pytest.approx(3800 / 6)


# --- J-12: placeholders in figure and date cells are unknown --------------------------------


def test_placeholders_in_figure_and_date_cells_are_missing(write: Any, scored: Any) -> None:
    # @kai's post is not live: every cell of it `TBD`, `TBC`, `pending` or `?`. They are
    # unknown, like `N/A`: sums skip them and the notes count them; nothing is refused.
    path = write(
        "Creator,Post Date,Post URL,Impressions,Likes,Comments,Link Clicks,Fee\n"
        "@mia,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,40,120,500\n"
        "@leo,2025-03-04,https://www.instagram.com/p/BBB222/,30000,1500,90,300,800\n"
        "@kai,TBD,TBD,TBC,pending,?,TBA,Pending\n"
    )
    report, _ = scored(path, "-q")
    assert report["currency"] is None  # `Pending` starts with PEN, the sol's code: no currency
    assert kpi(report, "posts")["value"] == 3  # two links, and @kai's blank-linked row
    assert kpi(report, "impressions")["value"] == 12_000 + 30_000
    assert kpi(report, "impressions")["missing"] == {"impressions": 1}
    assert kpi(report, "engagements")["value"] == 600 + 40 + 1500 + 90
    assert kpi(report, "total_spend")["value"] == pytest.approx(500 + 800)
    assert kpi(report, "total_spend")["missing"] == {"spend": 1}
    assert report["date_range"] == {"start": "2025-03-03", "end": "2025-03-04"}


@pytest.mark.parametrize("word", ["Gifted", "gifted", "Free", "Product only", "GIFTED PRODUCT", "No fee"])
def test_a_gifted_fee_is_a_known_zero(write: Any, scored: Any, word: str) -> None:
    # @b and @c were gifted: paid no fee. A known 0, so their impressions count in CPM and
    # their posts in cost per post; left blank (what the error advised) they fell out of both.
    path = write(
        f"Creator,Post URL,Impressions,Fee\n@a,https://x.com/p/1,1000,500\n"
        f"@b,https://x.com/p/2,3000,{word}\n@c,https://x.com/p/3,2000, {word} \n"
    )
    report, stderr = scored(path)
    assert kpi(report, "total_spend")["value"] == pytest.approx(500 + 0 + 0)
    assert kpi(report, "total_spend")["missing"] == {}
    assert kpi(report, "cpm")["value"] == pytest.approx(500 / (1000 + 3000 + 2000) * 1000)  # $83.33
    assert kpi(report, "cost_per_post")["value"] == pytest.approx(500 / 3)  # $166.67
    assert f"'{word}' in 'Fee' read as a fee of 0 on 2 rows (first: row 3)" in stderr


def test_gifted_in_a_product_value_column_is_no_zero(write: Any) -> None:
    # Only the fee column reads `Gifted` as 0: a `Product Value` of `Gifted` says nothing of
    # what the product cost, so it is refused as before, naming the cell.
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    path = write("Creator,Impressions,Fee,Product Value\n@a,1000,500,100\n@b,3000,0,Gifted\n")
    result = CliRunner().invoke(app, ["score", path, "-q"])
    assert result.exit_code == 2
    assert "row 3, column 'Product Value': value 'Gifted' is not a number" in result.stderr


@pytest.mark.parametrize(
    ("cell", "fix"),
    [
        ("$800 + product", "is an amount plus 'product', which kpi cannot add up; write the amount "
                           "alone ($800)"),
        ("800 (paid)", "has a note beside the number ('(paid)'), which kpi does not read: write the "
                       "number alone (800)"),
        ("Gift card", "write 0 if no fee was paid (a gifted post), or leave the cell blank if it is unknown"),
    ],
)  # fmt: skip
def test_a_fee_with_words_beside_it_is_refused_with_the_fix(write: Any, cell: str, fix: str) -> None:
    # `$800 + product` is $800 and a product of no stated value; `800 (paid)` is 800 with a
    # note that may change the amount (`(est.)`, `(50% upfront)`): kpi does not guess, it
    # names the cell and says what to write.
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    path = write(f'Creator,Impressions,Fee\n@a,1000,500\n@b,3000,"{cell}"\n')
    result = CliRunner().invoke(app, ["score", path, "-q"])
    assert result.exit_code == 2
    assert f"row 3, column 'Fee': value '{cell}' " in result.stderr and fix in result.stderr


# --- J-13: a tracker's fee headers are spend; a creator's rate is a price, not a ratio -------


@pytest.mark.parametrize(
    "header",
    ["Talent Fee", "Agreed Fee", "Fee Paid", "Amount Paid", "Net Fee", "Fee (excl. VAT)", "Contract Value",
     "Deal Value", "Invoice Amount", "Creator Rate", "Agreed Rate", "Rate (USD)", "Rate",
     "Deal Fee"],  # (audit Q: `Deal Fee` was ignored, the file had no spend at all)
)  # fmt: skip
def test_a_trackers_fee_header_is_spend(write: Any, scored: Any, header: str) -> None:
    path = write(
        f"Creator,Post URL,Impressions,{header}\n@a,https://x.com/p/1,1000,500\n@b,https://x.com/p/2,3000,300\n"
    )
    report, _ = scored(path, "-q")
    assert kpi(report, "total_spend")["value"] == pytest.approx(500 + 300)
    assert kpi(report, "cpm")["value"] == pytest.approx((500 + 300) / (1000 + 3000) * 1000)  # $200


@pytest.mark.parametrize("header", ["Engagement Rate", "Conversion Rate", "CTR"])
def test_a_real_ratio_is_still_no_spend(write: Any, scored: Any, header: str) -> None:
    path = write(f"Creator,Impressions,Fee,{header}\n@a,1000,500,2.5\n@b,3000,300,1.5\n")
    report, _ = scored(path, "-q")
    assert kpi(report, "total_spend")["value"] == pytest.approx(500 + 300)  # the Fee, not the ratio


def test_a_deals_whole_is_read_over_a_creators_rate(write: Any, scored: Any) -> None:
    # Audit J's t20: @leo's rate is $800 a video, his contract two videos, $1,600. Spend is
    # the contracts: 1,500 + 1,600 + 300 = $3,400 over 3 posts, $1,133.33 a post.
    path = write(
        "Creator,Paid?,Agreed Rate,Contract Value,Post URL,Impressions\n"
        "@mia,TRUE,1500,1500,https://www.instagram.com/p/AAA111/,12000\n"
        "@leo,FALSE,800,1600,https://www.tiktok.com/@leo/video/7480000000000000001,30000\n"
        "@zoe,FALSE,300,300,,\n"
    )
    report, stderr = scored(path)
    assert kpi(report, "total_spend")["value"] == pytest.approx(1500 + 1600 + 300)
    assert kpi(report, "cost_per_post")["value"] == pytest.approx(3400 / 3)
    assert "spend: read 'Contract Value', not 'Agreed Rate'" in stderr


def test_a_rate_beside_an_ads_spend_column_is_not_read(write: Any, scored: Any) -> None:
    # A `Rate` is spend only when no other header is: beside `Amount spent` it is left out.
    path = write(
        "Campaign name,Impressions,Clicks,Amount spent (USD),Rate\nA,1000,10,50,0.5\nB,3000,20,70,0.7\n"
    )
    report, _ = scored(path, "-q")
    assert kpi(report, "total_spend")["value"] == pytest.approx(50 + 70)


# --- J-10: one `1,2K` must not make `"12,000"` twelve ---------------------------------------


def test_a_round_thousand_beside_one_decimal_comma_is_refused(write: Any) -> None:
    # A US tracker: impressions "12,000", "30,000", "8,000" (50,000 in all), and one `1,2K`
    # likes typed with a decimal comma. Read with the comma as the decimal mark the
    # impressions were 12 + 30 + 8 = 50 and ER 6,920 %; kpi names both cells and asks.
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    path = write(
        "Creator,Post Date,Impressions,Likes,Comments,Fee\n"
        '@mia,2025-03-03,"12,000",600,40,500\n@leo,2025-03-04,"30,000",1500,90,800\n'
        '@zoe,2025-03-05,"8,000","1,2K",30,300\n'
    )
    result = CliRunner().invoke(app, ["score", path, "-q"])
    assert result.exit_code == 2
    assert (
        "'12,000' (row 2, column 'Impressions') reads as 12000 or as 12: '1,2K' (row 4, column 'Likes') "
        "shows a decimal comma" in result.stderr
    )
    assert "write '1,2K' with a decimal point" in result.stderr and "--decimal-comma" in result.stderr
    # With the cell fixed: 12,000 + 30,000 + 8,000 = 50,000 impressions.
    fixed = write(Path(path).read_text().replace('"1,2K"', "1.2K"), name="fixed.csv")
    result = CliRunner().invoke(app, ["score", fixed, "-q", "-f", "json"])
    assert json.loads(result.stdout)["total"]["kpis"]["impressions"]["value"] == 50_000


def test_an_amount_with_three_decimals_beside_a_decimal_comma_is_refused(write: Any) -> None:
    # `"$1,500"` is a fee of $1,500, read as $1.50 on the word of a `1,2K` likes cell.
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    path = write('Creator,Impressions,Likes,Fee\n@mia,12000,600,"$1,500"\n@zoe,8000,"1,2K",300\n')
    result = CliRunner().invoke(app, ["score", path, "-q"])
    assert result.exit_code == 2
    assert "'$1,500' (row 2, column 'Fee') reads as 1500 or as 1.5" in result.stderr


def test_only_cells_that_may_be_a_round_thousand_are_cleaned_for_it(
    write: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A decimal-comma file's fees `1.306,81 €`: two digits after the comma, no round
    # thousand; each was cleaned in Python (number_body, 12 µs) to be sure, 500 in a big
    # file's sniffed rows. Now only cells with three digits after a comma are, `€` or not:
    # `1.500 €` is no candidate (no comma), `"1,500 €"` is, and is refused as before.
    from typer.testing import CliRunner

    from kpi_cli.cli import app
    from kpi_cli.read import sniff

    cleaned: list[str] = []
    body = sniff.number_body
    monkeypatch.setattr(sniff, "number_body", lambda cell: cleaned.append(cell) or body(cell))
    fees = "".join(
        f"@c{i};{1000 + i};{i % 90 + 10};{i}.{i % 900 + 100:03d},{i % 90 + 10} €\n" for i in range(1, 301)
    )
    path = write("Creator;Impressions;Likes;Fee\n" + fees)
    sniff.open_sources([path])
    assert len(cleaned) < 10  # 300 fees: the first tells the comma, none is cleaned again
    # `1,500 €` where only a `1,2K` likes cell shows the comma: 1,500 € reads as 1.5 or 1500
    refused = write("Creator;Impressions;Likes;Fee\n@mia;12000;600;1,500 €\n@zoe;8000;1,2K;300 €\n", "r.csv")
    result = CliRunner().invoke(app, ["score", refused, "-q"])
    assert result.exit_code == 2
    assert "'1,500 €' (row 2, column 'Fee') reads as 1500 or as 1.5" in result.stderr


def test_counts_written_with_three_decimals_still_read_whole(write: Any, scored: Any) -> None:
    # Snapchat writes counts 412380.000: the style shows, so `12.000` beside it is 12.
    path = write(
        '"Campaign Name","Spend","Paid Impressions","Swipe Ups"\n'
        '"Wave 1","1250.40","412380.000","12.000"\n"Wave 2","0.00","0.000","0.000"\n'
    )
    report, _ = scored(path, "-q")
    assert kpi(report, "impressions")["value"] == 412_380
    assert kpi(report, "clicks")["value"] == 12


# --- J-11: a pivot table's value fields -----------------------------------------------------

PIVOT_ROWS = (
    "@leo,50000,2500,150,1600,2\n@mia,20000,900,60,1000,2\n@zoe,5000,250,10,300,1\n"
    "Grand Total,75000,3650,220,2900,5\n"
)


@pytest.mark.parametrize(
    "header",
    [
        # Google Sheets
        "Creator,SUM of Impressions,SUM of Likes,SUM of Comments,SUM of Fee,COUNTA of Post URL",
        "Row Labels,Sum of Impressions,Sum of Likes,Sum of Comments,Sum of Fee,Count of Post URL",  # Excel
        "Creator,Summe von Impressions,Summe von Likes,Summe von Comments,Summe von Fee,Anzahl von Post URL",
    ],
)
def test_a_pivot_tables_sums_are_the_fields_summed(write: Any, scored: Any, header: str) -> None:
    # Three creators' rows and the Grand Total (dropped). Impressions 50,000 + 20,000 + 5,000
    # = 75,000; engagements (2,500 + 900 + 250) likes + (150 + 60 + 10) comments = 3,870;
    # spend 1,600 + 1,000 + 300 = $2,900; posts the count of post links 2 + 2 + 1 = 5;
    # CPM 2,900 / 75,000 × 1,000 = $38.67.
    report, _ = scored(write(header + "\n" + PIVOT_ROWS), "-q")
    assert kpi(report, "impressions")["value"] == 75_000
    assert kpi(report, "engagements")["value"] == 3_650 + 220
    assert kpi(report, "total_spend")["value"] == pytest.approx(2_900)
    assert kpi(report, "posts")["value"] == 5
    assert kpi(report, "cpm")["value"] == pytest.approx(2_900 / 75_000 * 1_000)


@pytest.mark.parametrize(
    "header",
    ["AVERAGE of Impressions", "MAX of Impressions", "Min of Impressions", "Mittelwert von Impressions"],
)
def test_a_pivot_average_or_maximum_is_not_the_figure(write: Any, scored: Any, header: str) -> None:
    # An average or a maximum of each row's impressions is no total of them: not read.
    path = write(f"Creator,{header},SUM of Fee,COUNTA of Creator\n@leo,25000,1600,2\n@mia,10000,1000,2\n")
    report, _ = scored(path, "-q")
    assert kpi(report, "impressions")["value"] is None
    assert kpi(report, "total_spend")["value"] == pytest.approx(1600 + 1000)
    # A count of creator cells is no count of posts (it would make 2 + 2 = 4).
    assert kpi(report, "posts")["value"] != 2 + 2


def test_a_bare_rate_of_fractions_is_no_fee(write: Any, scored: Any) -> None:
    # Verify J V-3: `Rate` 0.0533 and 0.053 is an engagement rate as a decimal; read as the fee it
    # gave spend 0.0533 + 0.053 = $0.11 and cost per post $0.05 "excellent". It is unread now.
    path = write(
        "Creator,Platform,Post Date,Impressions,Likes,Comments,Rate\n"
        "@mia,Instagram,2025-03-03,12000,600,40,0.0533\n@leo,TikTok,2025-03-04,30000,1500,90,0.053\n"
    )
    report, stderr = scored(path)
    assert kpi(report, "total_spend")["value"] is None and "ignored Rate" in stderr
    # A rate of prices (500, 750.50) is still the fee: 1,250.50.
    report, _ = scored(write("Creator,Impressions,Rate\n@a,1000,500\n@b,2000,750.50\n", "prices.csv"), "-q")
    assert kpi(report, "total_spend")["value"] == pytest.approx(1250.50)
    # --map says it is the fee: read as written, 0.0533 + 0.053 = 0.1063.
    report, _ = scored(path, "--map", "Rate=spend", "-q")
    assert kpi(report, "total_spend")["value"] == pytest.approx(0.1063)


# --- K-2: a column of percentages is a rate, not the count its header names -----------------


def test_an_engagement_column_of_percentages_is_a_rate_left_unread(write: Any, scored: Any) -> None:
    # Audit K-2 (an influencer platform's post list, `Engagement` holding each post's rate, as
    # Emplifi's and Dash Hudson's screens label it): the whole file was refused at '4.36%',
    # though its Likes and Comments make the engagements. Now the column is left unread, said.
    path = write(
        "Influencer,Platform,Post URL,Date,Followers,Impressions,Likes,Comments,Engagement,Fee\n"
        "@amy.eats,Instagram,https://www.instagram.com/p/Em1/,2025-06-01,22000,11000,900,60,4.36%,400\n"
        "@ben.golf,Instagram,https://www.instagram.com/p/Em2/,2025-06-03,61000,30000,2400,150,4.18%,900\n"
        "@cam.art,TikTok,https://www.tiktok.com/@cam.art/video/7430,2025-06-05,15000,25000,1800,95,12.63%,300\n"
    )
    report, stderr = scored(path)
    engagements = (900 + 60) + (2400 + 150) + (1800 + 95)  # 5,405: likes + comments
    assert kpi(report, "engagements")["value"] == engagements
    rate = engagements / (11000 + 30000 + 25000) * 100  # 8.19 %
    assert kpi(report, "engagement_rate")["value"] == pytest.approx(rate)
    assert kpi(report, "cpe")["value"] == pytest.approx((400 + 900 + 300) / engagements)  # 0.296
    assert (
        "'Engagement' left unread: its cells are percentages ('4.36%', row 2), a rate, not engagements; "
        "the engagements are added up from 'Likes', 'Comments'"
    ) in stderr
    # A rate column where a count is the only source: the KPI says why it has no figure.
    report, _ = scored(write("Post URL,Clicks,Conversions\nhttps://x.com/a/status/1,100,4%\n", "rates.csv"))
    assert kpi(report, "conversions")["value"] is None
    assert kpi(report, "conversions")["reason"].startswith(
        "'Conversions' is not read: its cells are percentages ('4%', row 2): a rate, not conversions"
    )
    # One `4%` among counts is a mistake in the sheet, not a rate column: the cell's error stays.
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    text = "Post URL,Likes,Engagement\nhttps://x.com/a/status/1,10,40\nhttps://x.com/a/status/2,10,4%\n"
    result = CliRunner().invoke(app, ["score", write(text, "mixed.csv"), "-q"])
    assert result.exit_code == 2
    assert "row 3, column 'Engagement': value '4%' is a percentage" in result.stderr
