"""Reading files as users download them: the table under a preamble, totals rows, one
decimal mark per file, one date style per column, columns chosen by meaning, --map,
profiles of one's own, currencies. Figures are worked out by hand in each test."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.errors import InputError, UsageError
from kpi_cli.read import profiles
from kpi_cli.read.mapping import map_headers
from kpi_cli.read.sniff import open_sources
from kpi_cli.read.source import ReadOptions
from kpi_cli.read.totals import is_total
from kpi_cli.score import score_files

runner = CliRunner()


def value(path: str, kpi: str, **kwargs: Any) -> Any:
    return score_files([path], **kwargs).total.kpi(kpi).value


# --------------------------------------------------------------------------- the table


def test_header_found_under_a_preamble_that_contains_the_delimiter(write: Any) -> None:
    path = write(
        "Campaign report\n"
        '"1 March 2025 - 31 March 2025"\n'
        "Note: figures, as of today, are estimates\n"
        "\n"
        "Campaign,Impressions,Clicks\n"
        "A,1000,10\n"
        "B,3000,50\n"
    )
    report = score_files([path])
    assert report.rows == 2
    assert report.total.kpi("ctr").value == pytest.approx(60 / 4000 * 100)
    # No date column: the period stated above the header is the date range.
    assert (report.date_start, report.date_end) == ("2025-03-01", "2025-03-31")
    (source,) = open_sources([path])
    assert source.header_row == 5
    assert source.preamble == [
        "Campaign report", "1 March 2025 - 31 March 2025", "Note: figures, as of today, are estimates",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
     ("cp1252", b""), ("utf-16-le", b"")],
)  # fmt: skip
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_encoding_and_delimiter(write: Any, encoding: str, bom: bytes, delimiter: str) -> None:
    rows = [["Créateur", "Impressions", "Clicks"], ["Zoë", "1000", "10"], ["Jörg", "3000", "50"]]
    text = "".join(delimiter.join(r) + "\r\n" for r in rows)
    path = write(text, encoding=encoding, bom=bom)
    report = score_files([path])
    assert report.rows == 2
    assert report.total.kpi("clicks").value == 60
    (source,) = open_sources([path])
    assert source.delimiter == delimiter


def test_a_byte_that_is_not_utf8_far_down_reads_the_file_as_windows_1252(write: Any) -> None:
    # ~450 KB of ASCII: past what sniffing reads, in a later chunk of the parallel reader.
    rows = "".join(f"creator_{i},{1000 + i},{i % 5}\n" for i in range(20000))
    path = write("Creator,Impressions,Clicks\n" + rows + "Café Crème,500,5\n", encoding="cp1252")
    report = score_files([path])
    assert report.rows == 20001
    assert report.total.kpi("clicks").value == sum(i % 5 for i in range(20000)) + 5
    assert report.reading[0]["encoding"].startswith("Windows-1252")


def test_utf8_text_with_a_windows_1252_byte_is_an_error_not_mojibake(write: Any, tmp_path: Path) -> None:
    # `Crème` as UTF-8 (C3 A8) then `Café` as Windows-1252 (E9): two encodings pasted together.
    path = tmp_path / "mixed.csv"
    path.write_bytes("Creator,Impressions\nCrème,100\n".encode() + b"Caf\xe9,200\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert (
        f"{path}, row 3, column 'Creator': 'Caf\ufffd' has a byte that is not UTF-8 (0xE9, é in "
        in result.output
    )


def test_binary_and_packed_files_are_named_for_what_they_are(write: Any, tmp_path: Path) -> None:
    gz = tmp_path / "export.csv.gz"
    gz.write_bytes(b"\x1f\x8b\x08\x00" + bytes(60))
    with pytest.raises(InputError, match=r"export.csv.gz: the compressed file is damaged"):
        open_sources([str(gz)])
    xlsx = tmp_path / "export.xlsx"
    xlsx.write_bytes(b"PK\x03\x04" + bytes(60))
    with pytest.raises(InputError, match="Excel workbook"):
        open_sources([str(xlsx)])


def test_gzip_and_a_zip_of_one_csv_read_as_the_csv_inside(tmp_path: Path) -> None:
    import gzip
    import io
    import zipfile

    text = "Handle,Impressions,Clicks\n@a,1000,10\n@b,3000,50\n"  # CTR 60 / 4,000 = 1.5 %
    gz = tmp_path / "export.csv.gz"
    gz.write_bytes(gzip.compress(text.encode()))
    packed = tmp_path / "export.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("export.csv", text)
    for path in (gz, packed):
        assert score_files([str(path)]).total.kpi("ctr").value == pytest.approx(1.5)
    piped = open_sources(["-"], stdin=io.BytesIO(gzip.compress(text.encode())))
    assert score_files(["-"], sources=piped).total.kpi("ctr").value == pytest.approx(1.5)
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", text)
        archive.writestr("b.csv", text)
    with pytest.raises(InputError, match=r"a zip of 2 files \(a\.csv, b\.csv\), not of one CSV"):
        open_sources([str(two)])


# --------------------------------------------------------------------------- totals rows


@pytest.mark.parametrize(
    "label",
    ["Total", "Totals", "TOTAL", "Total:", "Total of 8 campaigns", "Total of 1 results", "Total: Campaigns",
     "Total: Account", "Grand total", "Grand Total", "Subtotal", "Sub-total", "Gesamt", "Gesamtergebnis",
     "Summe", "Zwischensumme", "Totale", "Totale complessivo", "Total général", "Total geral", "Totaux",
     "Sous-total", "Suma total", "Totales", "Total (3 campaigns)", "  total  ", "Results from 8 campaigns",
     "Gesamt: Konto", "Summe: Konto", "Totale: account", "Total de 3 resultados", "Totale di 3 risultati",
     "Insgesamt 3 Ergebnisse", "Insgesamt"],
)  # fmt: skip
def test_totals_labels(label: str) -> None:
    assert is_total(label)


@pytest.mark.parametrize(
    "label",
    ["Total Wellness Launch", "Totally Lush", "Summer sale", "@total.creator", "Totalenergies", "Sum of us",
     "Subtotals are fun", "totaled", ""],
)  # fmt: skip
def test_names_that_merely_start_like_a_total_are_kept(label: str) -> None:
    assert not is_total(label)


def test_a_files_own_ratio_is_checked_only_when_it_is_over_the_counts_kpi_reads(write: Any) -> None:
    # CTR (link click-through rate) = link clicks / impressions: 10/1000 = 1%, 30/2000 = 1.5%.
    # CTR (all) counts every click (2%, 2.5%): another definition, so never compared.
    path = write(
        "Campaign name,Amount spent (USD),Impressions,Link clicks,CTR (link click-through rate),CTR (all)\n"
        "A,10.00,1000,10,1,2\n"
        "B,20.00,2000,30,1.5,2.5\n"
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "differs" not in result.stderr
    # A link CTR that does not match the link clicks (here row 3: 3% against 1.5%) is said.
    path = write(
        "Campaign name,Amount spent (USD),Impressions,Link clicks,CTR (link click-through rate)\n"
        "A,10.00,1000,10,1\n"
        "B,20.00,2000,30,3\n",
        name="wrong.csv",
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert "'CTR (link click-through rate)' differs from kpi's CTR recomputed" in result.stderr
    assert "in 1 of 2 rows (row 3: 3 in the file, 1.5 from the counts); kpi reports its own" in result.stderr


def test_meta_period_rows_run_the_date_range_to_reporting_ends(write: Any) -> None:
    path = write(
        "Reporting starts,Reporting ends,Campaign name,Amount spent (USD),Impressions,Link clicks\n"
        "2025-07-01,2025-07-31,A,10.00,1000,10\n"
        "2025-07-01,2025-07-31,B,20.00,2000,20\n"
    )
    report = score_files([path])
    assert (report.date_start, report.date_end) == ("2025-07-01", "2025-07-31")


def test_meta_summary_row_of_a_daily_breakdown_is_dropped(write: Any) -> None:
    # The summary keeps its reporting period but leaves Campaign and Day blank, and sums the rows.
    path = write(
        "Reporting starts,Reporting ends,Campaign name,Day,Amount spent (USD),Impressions,Link clicks\n"
        "2025-07-01,2025-07-02,,,30.00,3000,30\n"
        "2025-07-01,2025-07-01,A,2025-07-01,10.00,1000,10\n"
        "2025-07-02,2025-07-02,A,2025-07-02,20.00,2000,20\n"
    )
    report = score_files([path])
    assert report.rows == 2
    assert report.total.kpi("total_spend").value == pytest.approx(10 + 20)
    assert report.total.kpi("ctr").value == pytest.approx((10 + 20) / (1000 + 2000) * 100)
    assert (report.date_start, report.date_end) == ("2025-07-01", "2025-07-02")


def test_an_ad_named_total_under_a_named_campaign_is_data(write: Any) -> None:
    # A totals row leaves its other label columns blank; here Campaign and Ad set are filled.
    path = write(
        "Reporting starts,Reporting ends,Campaign name,Ad set name,Ad name,"
        "Amount spent (USD),Impressions,Link clicks\n"
        "2025-07-01,2025-07-31,Spring,Broad,Reel 1,10.00,1000,10\n"
        "2025-07-01,2025-07-31,Spring,Broad,Total,20.00,2000,20\n"
        "2025-07-01,2025-07-31,Spring,Summe,Static,5.00,700,3\n"
    )
    report = score_files([path])
    assert report.rows == 3
    assert report.total.kpi("total_spend").value == pytest.approx(10 + 20 + 5)


def test_tiktok_complete_payment_is_conversions_not_money(write: Any) -> None:
    path = write(
        "Campaign name,Cost,Impressions,Complete payment,Total complete payment value,Currency\n"
        "A,100.00,10000,5,400.00,USD\n"
        "B,50.00,5000,2,150.00,USD\n"
    )
    report = score_files([path])
    assert report.total.kpi("conversions").value == 5 + 2
    assert report.total.kpi("revenue").value == pytest.approx(400 + 150)
    assert report.total.kpi("cpa").value == pytest.approx((100 + 50) / 7)


def test_a_count_of_content_pieces_is_not_a_post_id(write: Any) -> None:
    path = write(
        "Creator,Network,Content,Impressions,Engagements,Investment\n"
        '@a,Instagram,2,90112,6120,"$1,200.00"\n'
        '@b,TikTok,2,310220,22140,"$2,100.00"\n'
        "@c,Instagram,1,20110,1402,$350.00\n"
    )
    report = score_files([path])
    # Aspire's `Content` counts each creator's posts (help.aspireiq.com, "Performance Impact
    # Snapshot"): 2 + 2 + 1 = 5 posts, not the 3 rows or the 2 distinct "IDs" among 2, 2, 1.
    assert report.total.kpi("posts").value == 2 + 2 + 1
    assert report.total.kpi("cost_per_post").value == pytest.approx((1200 + 2100 + 350) / 5)  # $730


def test_totals_rows_first_middle_last_and_after_a_blank_row(write: Any) -> None:
    path = write(
        "Campaign,Creator,Impressions,Clicks,Spend\n"
        "Total,,7000,70,700\n"  # row 2: first
        "Spring,@a,1000,10,100\n"
        "Spring,@b,2000,20,200\n"
        "Subtotal,,3000,30,300\n"  # row 5: middle
        "Summer,@c,4000,40,400\n"
        ",,,,\n"  # row 7: blank
        "TOTAL,,7000,70,700\n"  # row 8: last
    )
    report = score_files([path])
    assert report.rows == 3
    assert [(d["row"], d["label"]) for d in report.reading[0]["dropped"]] == [
        (2, "Total"), (5, "Subtotal"), (8, "TOTAL"),
    ]  # fmt: skip
    assert report.reading[0]["blank_rows"] == 1
    assert report.total.kpi("impressions").value == 1000 + 2000 + 4000
    assert report.total.kpi("total_spend").value == pytest.approx(100 + 200 + 400)


@pytest.mark.parametrize(
    "rows",
    [["@a,1000,10,100", "@b,3000,30,300", "Campaign total,4000,40,400"],
     ["All,4000,40,400", "@a,1000,10,100", "@b,3000,30,300"],
     ["@a,1000,10,100", "@b,3000,30,300", ",,,", "Overall,4000,40,400"]],
)  # fmt: skip
def test_a_row_at_an_end_that_sums_the_others_is_a_total_whatever_its_label(
    write: Any, rows: list[str]
) -> None:
    path = write("Creator,Impressions,Clicks,Fee\n" + "\n".join(rows) + "\n")
    report = score_files([path])
    assert report.rows == 2
    assert report.total.kpi("impressions").value == 1000 + 3000
    assert report.total.kpi("activated_influencers").value == 2


def test_a_row_equal_to_the_only_other_row_is_not_its_total(write: Any) -> None:
    # Two rows: the second "sums" the first alone; that is a repeat, not a total (kept, and said).
    path = write("Creator,Impressions,Clicks,Fee\n@a,1000,10,100\n@b,1000,10,100\n")
    assert score_files([path]).total.kpi("impressions").value == 2000
    # Three rows whose last only sums some of the columns of the others: data.
    path = write(
        "Creator,Impressions,Clicks,Fee\n@a,1000,10,100\n@b,3000,30,300\n@c,4000,40,50\n", name="b.csv"
    )
    assert score_files([path]).total.kpi("impressions").value == 8000


def test_a_totals_label_in_the_date_column(write: Any) -> None:
    path = write("Date,Impressions,Clicks\n2025-03-01,100,1\n2025-03-02,300,3\nTotal,400,4\n")
    report = score_files([path])
    assert report.rows == 2
    assert report.total.kpi("impressions").value == 400


def test_a_blank_label_row_that_sums_the_others_is_a_total_and_one_that_does_not_is_data(write: Any) -> None:
    # A summary row with blank names whose impressions and spend are the sum of the rest;
    # its reach (deduplicated) is not, and does not count against it.
    summary = write(
        "Campaign name,Reach,Impressions,Amount spent (USD)\n"
        ",2500,6000,60.00\n"
        "A,1200,2000,20.00\n"
        "B,1800,4000,40.00\n",
        name="summary.csv",
    )
    report = score_files([summary])
    assert report.rows == 2
    assert report.total.kpi("impressions").value == 6000
    assert report.total.kpi("reach").value == 1200 + 1800
    # The same shape, but the blank row is not the sum (5,000 ≠ 2,000 + 4,000): data.
    data = write(
        "Campaign name,Reach,Impressions,Amount spent (USD)\n"
        ",2500,5000,60.00\n"
        "A,1200,2000,20.00\n"
        "B,1800,4000,40.00\n",
        name="data.csv",
    )
    report = score_files([data])
    assert report.rows == 3
    assert report.total.kpi("impressions").value == 5000 + 2000 + 4000


# --------------------------------------------------------------------------- numbers


def test_decimal_comma_decided_from_the_whole_file(write: Any) -> None:
    # `12.500` impressions is twelve thousand five hundred because `1.234,56` says the
    # file writes decimals with a comma, even though the two sit in different columns.
    path = write("Creator;Impressions;Clicks;Spend\n@a;12.500;100;1.234,56\n@b;2.314.680;200;10,00\n")
    assert value(path, "impressions") == 12_500 + 2_314_680
    assert value(path, "total_spend") == pytest.approx(1234.56 + 10.00)
    assert value(path, "ctr") == pytest.approx(300 / 2_327_180 * 100)


def test_a_late_decimal_comma_restarts_the_read_with_it(write: Any) -> None:
    # The sniffed start shows no decimal mark (12,500 reads both ways) and the file is
    # comma-separated: read with a point... until a `12,5` far below, which only a
    # comma explains. The read starts over: 12,500 is then 12.5, and every row agrees.
    rows = "".join(f'@c{i},"12,500",1\n' for i in range(4000))
    path = write("Creator,Spend,Clicks\n" + rows + '@z,"12,5",1\n')
    assert value(path, "total_spend") == pytest.approx(4000 * 12.5 + 12.5)
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert "numbers read with a decimal comma: '12,5' (row 4,002, column 'Spend') reads only that way" in (
        result.stderr
    )
    # In the middle of a larger file the read starts over, and says so.
    rows = [f"@c{i},{1000 + i},{i % 7}\n" for i in range(30000)]
    rows[15000] = '@z,500,"12,5"\n'
    path = write("Creator,Impressions,Spend\n" + "".join(rows), name="middle.csv")
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert "decimal comma after all: '12,5' (row 15,002, column 'Spend')" in result.stderr
    spend = json.loads(result.stdout)["total"]["kpis"]["total_spend"]["value"]
    assert spend == pytest.approx(sum(i % 7 for i in range(30000) if i != 15000) + 12.5)


def test_mixed_decimal_marks_are_an_error_naming_both_cells(write: Any) -> None:
    path = write('Creator,Spend,Revenue\n@a,"1,234.50","1.234,50"\n')
    with pytest.raises(InputError, match=r"both decimal marks: '1.234,50' \(row 2, column 'Revenue'\)"):
        open_sources([path])


def test_statistics_rows_under_the_total_are_not_creators(write: Any) -> None:
    # A tracker's Sum and Average rows: 3 creators, 35,000 impressions, $700 (the
    # Average row was scored as a fourth creator: 46,667 impressions, $933.33).
    path = write(
        "Creator,Platform,Impressions,Clicks,Spend\n@lena,Instagram,10000,100,200\n"
        "@max,TikTok,20000,300,400\n@anna,YouTube,5000,50,100\nSum,,35000,450,700\n"
        "Average,,11667,150,233.33\nMedian:,,10000,100,200\n"
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0, result.output
    kpis = json.loads(result.stdout)["total"]["kpis"]
    assert kpis["activated_influencers"]["value"] == 3
    assert kpis["impressions"]["value"] == 10_000 + 20_000 + 5_000
    assert kpis["total_spend"]["value"] == pytest.approx(700)
    assert "dropped row 6 ('Average'): a summary row (an average, not a sum)" in result.stderr
    # A creator called Max, a campaign called Media: names, not statistics.
    path = write("Campaign,Creator,Impressions\nMedia,Max,100\nSpring,Median Maria,200\n", name="names.csv")
    assert value(path, "impressions") == 300


def test_money_in_a_column_read_as_a_count_is_an_error(write: Any) -> None:
    # `Ventas` (sales) written in euros is their amount (was 2,000.75 conversions and a
    # conversion rate of 2,501%): revenue 1,200.50 + 800.25, ROAS 2,000.75 / 300.
    path = write("Influencer;Coste;Ventas;Clics\n@a;100,00 €;1.200,50 €;50\n@b;200,00 €;800,25 €;30\n")
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert json.loads(result.stdout)["total"]["kpis"]["revenue"]["value"] == pytest.approx(2000.75)
    assert "'Ventas' read as revenue, not a count of sales: its cells are money ('1.200,50 €', row 2)" in (
        result.stderr
    )
    # Money in another count column stays an error naming the cell, with the fix.
    clicks = write("Influencer;Coste;Clics\n@a;100,00 €;50,00 €\n", name="clicks.csv")
    refused = runner.invoke(app, ["score", clicks, "-q"])
    assert refused.exit_code == 2
    assert "row 2, column 'Clics'" in refused.stderr and "--map 'Clics=" in refused.stderr
    mapped = runner.invoke(app, ["score", path, "-q", "-f", "json", "--map", "Ventas=revenue"])
    kpis = json.loads(mapped.stdout)["total"]["kpis"]
    assert kpis["revenue"]["value"] == pytest.approx(1200.50 + 800.25)
    assert kpis["roas"]["value"] == pytest.approx(2000.75 / 300)


def test_a_count_read_as_a_fraction_is_an_error_not_a_figure(write: Any) -> None:
    # `1.2K` views show a decimal point, so `1.234` likes would be 1.234 likes and `1.000`
    # impressions one impression. Counts are whole: kpi asks which mark is meant.
    path = write("Handle;Views;Likes;Impressions\n@a;1.2K;1.234;3M\n@b;12.5K;999;1.000\n")
    with pytest.raises(
        InputError, match=r"'1.234' \(row 2, column 'Likes'\) would be a count with a fraction"
    ):
        open_sources([path])
    # `12,500` impressions in a decimal-point file are twelve thousand five hundred: fine.
    path = write('Handle,Impressions,Spend\n@a,"12,500",$1.50\n', name="point.csv")
    assert value(path, "impressions") == 12_500


def test_a_creators_row_is_never_a_summary_row_however_its_figures_add_up(write: Any) -> None:
    # @c's fee and orders happen to equal @a's and @b's together (flat fees): it is the
    # last row, labelled, over two others, but a handle names a creator, not a total.
    path = write(
        "Handle,Platform,Orders,Revenue,Spend\n@a,Instagram,2,100,500\n@b,Instagram,1,50,500\n"
        "@c,TikTok,3,150,1000\n"
    )
    assert value(path, "activated_influencers") == 3
    assert value(path, "total_spend") == pytest.approx(500 + 500 + 1000)


def test_a_column_kpi_does_not_read_cannot_decide_the_mark_against_the_file(write: Any) -> None:
    # A `;` file, German headers, every count dot-grouped (`30.000`: thirty thousand, or
    # thirty), and one ignored CPC column written `2.00`. On the CPC's word the counts
    # were read as 30 and 96 (CTR 318%); that is an error asking which mark, not a guess.
    text = "Datum;Influencer;Impressionen;Klicks;Honorar;CPC\n02.03.2025;@lena;30.000;400;800;2.00\n"
    path = write(text + "05.03.2025;@max;96.000;1.000;1.500;1.50\n")
    with pytest.raises(
        InputError, match=r"'30.000' \(row 2, column 'Impressionen'\) reads both ways; only '2.00'"
    ):
        open_sources([path])
    result = runner.invoke(app, ["score", path, "-q", "--decimal-comma", "-f", "json"])
    assert result.exit_code == 0, result.output
    kpis = json.loads(result.stdout)["total"]["kpis"]
    assert kpis["impressions"]["value"] == 30_000 + 96_000
    assert kpis["ctr"]["value"] == pytest.approx((400 + 1_000) / 126_000 * 100)  # 1.11%
    # The same CPC written `2,00`, as such a file writes it: it agrees, no error.
    path = write(text.replace("2.00", "2,00") + "05.03.2025;@max;96.000;1.000;1.500;1,50\n", name="agree.csv")
    assert value(path, "impressions") == 126_000


def test_a_column_kpi_reads_decides_the_mark_whatever_column_comes_first(write: Any) -> None:
    # Audit V-2: a `;` file (the comma's side) with comma-grouped followers (`399,980`
    # reads both ways), an ignored CTR `2.01%` and revenue `3,333.04`, which only a
    # decimal point reads. With the CTR column before revenue the CTR was taken as the
    # only word and the file refused; with it after, read. Both read: revenue
    # 3,333.04 + 532.04 = 3,865.08.
    head = "Date;Creator;Post URL;Followers;{};{}\n"
    rows = "2025-04-22;@lena;p1;399,980;{};{}\n2025-04-23;@mia;p2;79,785;{};{}\n"
    for order, name in ((("CTR", "Revenue"), "ctr_first.csv"), (("Revenue", "CTR"), "ctr_last.csv")):
        cells = {"CTR": ("2.01%", "5.75%"), "Revenue": ("3,333.04", "532.04")}
        first, second = (cells[order[0]], cells[order[1]])
        path = write(head.format(*order) + rows.format(first[0], second[0], first[1], second[1]), name=name)
        assert value(path, "revenue") == pytest.approx(3_333.04 + 532.04)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1 234,56 €", 1234.56), ("1\u00a0234,56\u00a0€", 1234.56), ("1\u202f234,56 €", 1234.56),
     ("EUR 1.234,56", 1234.56), ("1.234,56 EUR", 1234.56), ("45 000", 45000), ("R$ 1.234,56", 1234.56)],
)  # fmt: skip
def test_money_as_european_spreadsheets_write_it(write: Any, cell: str, expected: float) -> None:
    path = write(f"Creator;Spend;Clicks\n@a;{cell};10\n@b;0,50;0\n")
    assert value(path, "total_spend") == pytest.approx(expected + 0.5)


@pytest.mark.parametrize(
    ("cells", "spend"),
    [((" $850.00 ", " $-   "), 850), ((" 850,00 € ", " - € "), 850), (("€ 850", "€ -"), 850),
     (("$850", "$-"), 850)],
)  # fmt: skip
def test_excel_accounting_zero_is_zero_and_a_bare_dash_is_blank(
    write: Any, cells: tuple[str, str], spend: float
) -> None:
    sep = ";" if "," in cells[0] else ","
    rows = "".join(f'@{i}{sep}"{cell}"{sep}1000\n' for i, cell in enumerate(cells))
    path = write(f"Creator{sep}Spend{sep}Impressions\n{rows}@x{sep}-{sep}1000\n")
    report = score_files([path])
    assert report.total.kpi("total_spend").value == pytest.approx(spend + 0)
    # The dash beside a currency is a zero fee (known), the bare dash an unknown one.
    assert report.total.kpi("total_spend").missing == {"spend": 1}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("3,5 Mio.", 3_500_000), ("12 Tsd.", 12_000), ("1,2 Mrd", 1_200_000_000), ("12 mil", 12_000),
     ("2,5 mill.", 2_500_000), ("4,5 M", 4_500_000), ("1,5 k", 1_500)],
)  # fmt: skip
def test_multipliers_written_as_words(write: Any, cell: str, expected: int) -> None:
    path = write(f"Creator;Impressions;Clicks\n@a;{cell};10\n@b;1.000;0\n")
    assert value(path, "impressions") == expected + 1000


def test_swiss_apostrophes_and_dollar_codes(write: Any) -> None:
    path = write("Creator,Spend,Clicks\n@a,CHF 1'234.50,10\n@b,1’000.50,10\n")
    assert value(path, "total_spend") == pytest.approx(1234.50 + 1000.50)
    path = write('Creator,Spend,Clicks\n@a,"USD 1,234.50",10\n', name="usd.csv")
    assert value(path, "total_spend") == pytest.approx(1234.50)


def test_a_percentage_in_a_count_column_is_an_error(write: Any) -> None:
    # Among counts; a column of nothing but percentages is a rate, left unread (audit K-2:
    # tests/test_tracker_cells.py)
    path = write("Creator,Impressions,Engagements\n@a,1000,35\n@b,1000,3.5%\n")
    with pytest.raises(InputError, match=r"row 3, column 'Engagements'.*is a percentage"):
        score_files([path])


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("cells", "start", "end"),
    [(["2025-03-01", "2025-03-31T10:15:00Z"], "2025-03-01", "2025-03-31"),
     (["03/01/2025 08:30", "03/25/2025 22:00"], "2025-03-01", "2025-03-25"),
     (['"Mar 3, 2025"', '"Sep 18, 2025"'], "2025-03-03", "2025-09-18"),
     (["3 Mar 2025", "18 Sep 2025"], "2025-03-03", "2025-09-18"),
     (["02.03.2025", "14.03.2025"], "2025-03-02", "2025-03-14"),
     (["45717", "45747"], "2025-03-01", "2025-03-31"),
     (["13/03/2025", "01/04/2025"], "2025-03-13", "2025-04-01"),
     (["3-Jun-26", "4-Jun-26"], "2026-06-03", "2026-06-04")],
)  # fmt: skip
def test_date_styles(write: Any, cells: list[str], start: str, end: str) -> None:
    path = write("Date,Impressions\n" + "".join(f"{c},100\n" for c in cells))
    report = score_files([path])
    assert (report.date_start, report.date_end) == (start, end)


def test_ambiguous_dates_are_read_one_way_said_and_can_be_flipped(write: Any) -> None:
    path = write("Date,Impressions\n03/04/2025,100\n05/06/2025,100\n")
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["date_range"] == {"start": "2025-03-04", "end": "2025-05-06"}
    assert "reads both ways; read as month/day/year" in result.stderr and "--dayfirst" in result.stderr
    result = runner.invoke(app, ["score", path, "-f", "json", "-q", "--dayfirst"])
    assert json.loads(result.stdout)["date_range"] == {"start": "2025-04-03", "end": "2025-06-05"}


def test_a_late_date_that_only_fits_day_first_restarts_the_read(write: Any) -> None:
    rows = "".join("03/04/2025,1\n" for _ in range(5000))
    path = write("Date,Impressions\n" + rows + "25/04/2025,1\n")
    report = score_files([path])
    # Read again day first: 3 April .. 25 April, not 4 March.
    assert (report.date_start, report.date_end) == ("2025-04-03", "2025-04-25")
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert "read as day/month/year (31/03/2025): '25/04/2025' (row 5,002) has a day first" in result.stderr
    # In the middle of a larger file the read starts over, and says so.
    rows = ["03/04/2025,1\n"] * 30000
    rows[15000] = "25/04/2025,1\n"
    path = write("Date,Impressions\n" + "".join(rows), name="middle.csv")
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert "day/month/year (31/03/2025) after all: '25/04/2025' (row 15,002) reads only that way" in (
        result.stderr
    )
    assert json.loads(result.stdout)["date_range"] == {"start": "2025-04-03", "end": "2025-04-25"}


def test_a_mixed_date_column_names_the_mix(write: Any) -> None:
    path = write("Date,Impressions\n2024-12-31,1\n12/31/2024,1\n")
    with pytest.raises(
        InputError, match=r"mixes year-first dates and .*'2024-12-31' \(row 2\) and '12/31/2024'"
    ):
        open_sources([path])


def test_an_impossible_date_is_an_error(write: Any) -> None:
    path = write("Date,Impressions\n2025-02-28,1\n2025-02-30,1\n")
    with pytest.raises(InputError, match=r"row 3, column 'Date'.*'2025-02-30' is not a real date"):
        score_files([path])


# --------------------------------------------------------------------------- columns by meaning


def test_columns_are_chosen_by_meaning() -> None:
    mapped = map_headers(["Results", "Purchases", "Clicks (all)", "Link clicks", "Leads", "Sales ($)"]).mapped
    assert mapped["conversions"] == "Purchases"
    assert mapped["clicks"] == "Link clicks"
    assert mapped["revenue"] == "Sales ($)"  # money, so not a count of sales
    assert "Results" not in mapped.values()
    mapped = map_headers(["Leads", "Conversions"]).mapped
    assert mapped["conversions"] == "Conversions"
    mapped = map_headers(["Handle", "IG Followers", "Engagement rate", "CTR"]).mapped
    assert mapped == {"influencer": "Handle", "followers": "IG Followers"}  # ratios are not read as counts


def test_map_overrides_and_map_files(write: Any, tmp_path: Path) -> None:
    path = write("Creator,Results,Sales,Impressions\n@a,5,100.50,1000\n@b,7,49.50,3000\n")
    report = score_files([path], options=ReadOptions(maps=("Results=conversions", "Sales=revenue")))
    assert report.total.kpi("conversions").value == 5 + 7
    assert report.total.kpi("revenue").value == pytest.approx(150.0)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Results: conversions\nSales: revenue\nImpressions: ignore\n")
    report = score_files([path], options=ReadOptions(maps=(str(mapping),)))
    assert report.total.kpi("conversions").value == 12
    assert report.total.kpi("impressions").value is None
    with pytest.raises(UsageError, match="'clickz' is not a column kpi reads"):
        score_files([path], options=ReadOptions(maps=("Results=clickz",)))


def test_a_profile_of_ones_own(write: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "agency.yaml"
    own.write_text(
        "id: our_agency\nname: Our agency\ndayfirst: true\n"
        "languages:\n  English:\n    influencer: [Talent handle]\n    impressions: [Eyeballs]\n"
        "    spend: [Talent fee]\n    clicks: [Taps out]\n"
    )
    path = write("Date,Talent handle,Eyeballs,Taps out,Talent fee\n03/04/2025,@a,1000,10,50\n")
    monkeypatch.setenv("KPI_PROFILES", str(own))
    profiles.registry.cache_clear()
    try:
        report = score_files([path])
        assert report.total.kpi("cpc").value == pytest.approx(5.0)
        assert report.date_start == "2025-04-03"  # its dayfirst: 3 April
        assert report.reading[0]["profile"]["name"] == "Our agency export"
        # ... and by name, with --profile
        report = score_files([path], options=ReadOptions(profile=str(own)))
        assert report.total.kpi("impressions").value == 1000
    finally:
        profiles.registry.cache_clear()
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nlanguages:\n  English:\n    clickz: [X]\n")
    with pytest.raises(UsageError, match="unknown role 'clickz'"):
        profiles.load_profile(bad)


# --------------------------------------------------------------------------- currencies


def test_two_currencies_are_an_error_unless_currency_says(write: Any) -> None:
    eur = write("Creator,Spend (EUR),Clicks\n@a,100,10\n", name="eur.csv")
    usd = write("Creator,Spend (USD),Clicks\n@b,100,10\n", name="usd.csv")
    with pytest.raises(InputError, match=r"eur.csv is in EUR .* but .*usd.csv is in USD"):
        score_files([eur, usd])
    report = score_files([eur, usd], options=ReadOptions(currency="EUR"))
    assert report.total.kpi("total_spend").value == 200
    assert report.total.kpi("total_spend").display == "€200.00"
    mixed = write("Creator,Spend,Clicks\n@a,€100,10\n@b,$100,10\n", name="mixed.csv")
    with pytest.raises(InputError, match=r"two currencies, EUR .* and USD"):
        score_files([mixed])


def test_a_currency_column(write: Any) -> None:
    path = write("Campaign name,Cost,Clicks,Currency\nA,10.00,5,GBP\nB,20.00,5,GBP\n")
    report = score_files([path])
    assert report.currency == "GBP"
    assert report.total.kpi("cpc").display == "£3.00"
    path = write("Campaign name,Cost,Clicks,Currency\nA,10.00,5,GBP\nB,20.00,5,USD\n", name="two.csv")
    with pytest.raises(InputError, match="two currencies"):
        score_files([path])


# --------------------------------------------------------------------------- kpi columns


def test_kpi_columns_shows_the_reading_at_80_columns(write: Any) -> None:
    path = write(
        'Campaign report\n"1 March 2025 - 31 March 2025"\nCampaign,Impr.,Clicks,Cost,CTR\n'
        "A,1000,10,5.00,1.00%\nTotal: Campaigns,1000,10,5.00,1.00%\n"
    )
    result = runner.invoke(app, ["columns", path], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Google Ads report" in out
    assert "dropped row 5 ('Total: Campaigns'): a totals row" in out
    assert "Impr." in out and "impressions" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_excel_subtotals_by_label_and_by_sum(write: Any) -> None:
    # Excel's Data › Subtotal: `Spring Total` under the Spring rows, `Grand Total` last.
    by_label = write(
        "Campaign,Creator,Impressions,Clicks,Likes,Spend\n"
        "Spring,@a,1000,10,50,100\n"
        "Spring,@b,2000,20,60,200\n"
        "Spring Total,,3000,30,110,300\n"
        "Summer,@c,4000,40,70,400\n"
        "Summer Total,,4000,40,70,400\n"
        "Grand Total,,7000,70,180,700\n",
        name="labels.csv",
    )
    report = score_files([by_label], by=["campaign"])
    assert report.rows == 3
    assert [g.label for g in report.groups] == ["Spring", "Summer"]
    assert report.total.kpi("impressions").value == 1000 + 2000 + 4000
    # The same subtotals in a column kpi does not read (campaign, third here): their other
    # labels are blank and each equals the rows above it since the last one.
    by_sum = write(
        "Date,Creator,Campaign,Impressions,Clicks,Likes,Spend\n"
        "2025-03-01,@a,Spring,1000,10,50,100\n"
        "2025-03-02,@b,Spring,2000,20,60,200\n"
        ",,Spring Total,3000,30,110,300\n"
        "2025-03-03,@c,Summer,4000,40,70,400\n"
        "2025-03-04,@d,Summer,500,5,7,50\n"
        ",,Summer Total,4500,45,77,450\n"
        ",,Grand Total,7500,75,187,750\n",
        name="sums.csv",
    )
    report = score_files([by_sum])
    assert report.rows == 4
    assert report.total.kpi("impressions").value == 1000 + 2000 + 4000 + 500
    assert [d["row"] for d in report.reading[0]["dropped"]] == [4, 7, 8]
    # A French Excel's `Total Printemps` (the value after the word) is a subtotal too;
    # a campaign merely named `Total Wellness` is not.
    french = write(
        "Campagne;Influenceur;Impressions;Clics\n"
        "Printemps;@a;1000;10\n"
        "Total Printemps;;1000;10\n"
        "Total Wellness;@b;2000;20\n",
        name="fr.csv",
    )
    report = score_files([french])
    assert report.rows == 2
    assert report.total.kpi("impressions").value == 1000 + 2000


def test_rows_repeating_a_post_and_date_are_reported(write: Any) -> None:
    a = write(
        "Date,Post ID,Impressions\n2025-03-01,p1,100\n2025-03-01,p2,200\n2025-03-02,p1,50\n", name="a.csv"
    )
    b = write("Date,Post ID,Impressions\n2025-03-01,p2,200\n2025-03-03,p3,300\n", name="b.csv")
    # p1 on two days is a daily export, not a repeat; p2 on 1 March in both files is.
    result = runner.invoke(app, ["score", a, b, "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["repeated_rows"] == 1
    assert doc["total"]["kpis"]["impressions"]["value"] == 100 + 200 + 50 + 200 + 300  # kept, and said
    assert "1 row repeats the post ID and date of another row" in result.stderr
    single = write("Date,Post ID,Impressions\n2025-03-01,p1,100\n2025-03-02,p1,50\n", name="daily.csv")
    result = runner.invoke(app, ["score", single, "-f", "json"])
    assert "repeated_rows" not in json.loads(result.stdout) and "repeat the" not in result.stderr
    undated = write("Post ID,Impressions\np1,100\np2,100\np1,100\n", name="posts.csv")
    result = runner.invoke(app, ["score", undated, "-f", "json"])
    assert json.loads(result.stdout)["repeated_rows"] == 1
    assert "1 row repeats the post ID of another row" in result.stderr


def test_rows_equal_in_every_column_are_reported_when_there_is_no_post_id(write: Any) -> None:
    # Row 4 repeats row 2 exactly; rows 5 and 6 (a paused creator, all zeros) are not figures.
    # The second file repeats row 3 of the first: overlapping exports. 1 + 1 = 2 repeats.
    a = write(
        "Date,Creator,Impressions,Clicks,Spend\n2025-03-01,@a,1000,10,5.00\n2025-03-01,@b,2000,20,6.00\n"
        "2025-03-01,@a,1000,10,5.00\n2025-03-02,@c,0,0,0\n2025-03-03,@c,0,0,0\n",
        name="a.csv",
    )
    b = write(
        "Date,Creator,Impressions,Clicks,Spend\n2025-03-01,@b,2000,20,6\n2025-03-04,@b,2000,20,6\n",
        name="b.csv",
    )
    result = runner.invoke(app, ["score", a, b, "-f", "json"])
    doc = json.loads(result.stdout)
    assert doc["repeated_rows"] == 2
    assert doc["total"]["kpis"]["impressions"]["value"] == 1000 + 2000 + 1000 + 2000 + 2000  # kept, and said
    assert "2 rows repeat another row in every column kpi reads" in result.stderr
    result = runner.invoke(app, ["score", b, "-f", "json"])  # another day: not a repeat
    assert "repeated_rows" not in json.loads(result.stdout) and "repeat" not in result.stderr


def test_results_are_conversions_only_when_every_row_counts_purchases(write: Any) -> None:
    header = (
        '"Reporting starts","Campaign name",Results,"Result indicator","Amount spent (USD)",Impressions\n'
    )
    purchase = "actions:offsite_conversion.fb_pixel_purchase"
    uniform = write(
        header + f"2025-03-01,A,5,{purchase},100,1000\n2025-03-01,B,7,{purchase},140,2000\n", name="u.csv"
    )
    report = score_files([uniform])
    assert report.total.kpi("conversions").value == 5 + 7
    assert report.total.kpi("cpa").value == pytest.approx(240 / 12)
    # A link-click row in the middle of a big file: the read starts over without Results.
    rows = "".join(f"2025-03-01,C{i},5,{purchase},100,1000\n" for i in range(3000))
    mixed = write(header + rows + "2025-03-01,Z,900,actions:link_click,50,500\n" + rows, name="m.csv")
    result = runner.invoke(app, ["score", mixed, "-f", "json"])
    doc = json.loads(result.stdout)
    assert doc["rows"] == 6001
    assert doc["total"]["kpis"]["conversions"]["value"] is None
    assert "'Results' not read as conversions: it mixes result types ('actions:link_click' on row 3,002)" in (
        result.stderr
    )


def test_the_funnel_fits_an_80_column_terminal(write: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Narrow terminals get the verdict and band in one column and the notes as footnotes,
    # each written once: no line is wider than the terminal, no note is cut.
    path = str(Path(__file__).parent / "fixtures" / "exports" / "tracker_de_excel.csv")
    result = runner.invoke(app, ["score", path, "-q"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert any("excellent ≥ 3 %" in line for line in lines)  # a German export: German marks
    notes = [line.strip() for line in lines if line[:3].strip().rstrip(".").isdigit()]
    assert sum(n.endswith(". no verdict: the bands are in USD, these figures in EUR") for n in notes) == 1
    assert sum("likes missing in 2 of 4 rows" in n for n in notes) == 1
    assert sum(n.endswith(". on 2 of 4 rows") for n in notes) == 1  # paired ratios, said once
    # A headline wider than the terminal breaks between its parts, never inside a date.
    monkeypatch.chdir(Path(__file__).parent)
    path = "fixtures/exports/google_ads_campaigns.csv"  # 50 columns with the rows, 77 with the dates
    result = runner.invoke(app, ["score", path, "-q"], env={"COLUMNS": "60"})
    assert result.stdout.splitlines()[:2] == [f"{path} · 3 rows", "1 Jan 2025 – 31 Jan 2025"]


def test_a_breakdown_on_an_80_column_terminal_splits_its_columns_and_cuts_no_figure() -> None:
    sample = str(Path(__file__).parent.parent / "sample_data" / "campaign_posts.csv")
    result = runner.invoke(app, ["score", sample, "--by", "platform", "-q"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert "…" not in "".join(line for line in lines if "│" in line)  # no cell cut short
    assert sum(line.startswith("┏") for line in lines) == 2  # the KPI columns in two tables
    assert any("$87.59" in line for line in lines) and any("3.48%" in line for line in lines)


# --------------------------------------------------------------------------- round two of held-out files


def test_media_cost_is_spend_and_a_percent_header_is_never_a_count(write: Any) -> None:
    # `Media cost` is money (`media` is an average only closing a header: `Frecuencia media`);
    # `Engagements (%)` holds percentages, never summed as engagements.
    path = write(
        "Creator,Impressions,Clicks,Media cost,Engagements (%)\n@a,1000,10,100,4.5\n@b,3000,30,300,3.2\n"
    )
    report = score_files([path])
    assert report.total.kpi("total_spend").value == pytest.approx(100 + 300)
    assert report.total.kpi("cpm").value == pytest.approx(400 / 4000 * 1000)
    assert report.total.kpi("engagements").value is None
    (doc,) = json.loads(runner.invoke(app, ["columns", path, "-f", "json"]).stdout)["files"]
    (percent,) = [c for c in doc["columns"] if c["header"] == "Engagements (%)"]
    assert percent["column"] is None and percent["reason"] == "a ratio, never summed"


@pytest.mark.parametrize(
    ("cells", "decimal", "expected"),
    [(('"12,34,567"', '"₹1,23,456.50"'), ",", (1_234_567, 123_456.50)),  # Indian grouping, `,` separated
     (("1000", "−50,00 €"), ";", (1000, -50.0))],  # U+2212, the minus sign of sv/fi/nb locales
)  # fmt: skip
def test_indian_grouping_and_the_unicode_minus(
    write: Any, cells: tuple[str, str], decimal: str, expected: tuple[float, float]
) -> None:
    path = write(f"Creator{decimal}Impressions{decimal}Spend\n@a{decimal}{cells[0]}{decimal}{cells[1]}\n")
    report = score_files([path])
    assert report.total.kpi("impressions").value == expected[0]
    assert report.total.kpi("total_spend").value == pytest.approx(expected[1])


@pytest.mark.parametrize(
    ("text", "said"),
    [("<html><body><table><tr><th>Creator</th></tr></table></body></html>\n", "a web page or XML"),
     ('<?xml version="1.0"?>\n<Workbook>\n', "a web page or XML"),
     ('[{"creator": "@a", "impressions": 1000}]\n', "JSON, not CSV"),
     # kpi's own -f json as a terminal shows it (audit y #9): it read as a CSV and failed
     # on its second line's cells.
     ('{\n  "schema": "kpi.score/2",\n  "rows": 3\n}\n', "JSON, not CSV"),
     ('[\n  {\n    "creator": "@a"\n  }\n]\n', "JSON, not CSV")],
)  # fmt: skip
def test_web_pages_and_json_saved_as_csv_are_named(write: Any, text: str, said: str) -> None:
    result = runner.invoke(app, ["score", write(text)])
    assert result.exit_code == 2
    assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_tiktok_favorites_are_saves_and_shopify_net_sales_revenue(write: Any) -> None:
    path = write(
        "Video title,Post time,Total likes,Total comments,Total shares,Total views,Add to favorites\n"
        "A,2025-03-14 19:05:00,1200,45,30,18400,210\n"
    )
    report = score_files([path])
    assert report.total.kpi("saves").value == 210
    assert report.total.kpi("engagements").value == 1200 + 45 + 30 + 210
    path = write(
        "Discount code,Orders,Gross sales,Discounts,Returns,Net sales,Shipping,Taxes,Total sales\n"
        'LENA10,12,"$1,200.00",-$120.00,$0.00,"$1,080.00",$60.00,$90.00,"$1,230.00"\n',
        name="shopify.csv",
    )
    assert score_files([path]).total.kpi("revenue").value == pytest.approx(1080)


def test_names_from_a_file_reach_a_breakdown_escaped(write: Any) -> None:
    path = write('Creator,Impressions\n"\x1b[31m@evil\x1b[0m",1000\n"[bold]@mia[/bold]",2000\n')
    result = runner.invoke(app, ["score", path, "--by", "influencer", "-q"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\\x1b[31m@evil\\x1b[0m" in result.stdout and "[bold]@mia[/bold]" in result.stdout


def test_one_creator_however_the_handle_is_written(write: Any) -> None:
    # Handles ignore case and trackers write the @ or not: 1 creator, not 3. A name with a
    # space is one name whatever its case, as across files (audit C-3); a totals label is
    # never folded into @total.
    path = write(
        "Creator,Impressions,Clicks,Fee\n@lena.creates,1000,10,100\nlena.creates,3000,30,300\n"
        "@Lena.Creates,500,5,50\nLena Schmidt,100,1,10\nlena schmidt,100,1,10\n@total,100,1,10\n"
        "Total,4800,48,480\n"
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    doc = json.loads(result.stdout)
    assert doc["rows"] == 6
    assert doc["total"]["kpis"]["activated_influencers"]["value"] == 1 + 1 + 1
    # shown in the mixed-case spelling, whichever row comes first
    assert "'@lena.creates' as '@Lena.Creates'" in result.stderr
    assert "'lena.creates' as '@Lena.Creates'" in result.stderr
    assert "'lena schmidt' as 'Lena Schmidt'" in result.stderr
    by = json.loads(runner.invoke(app, ["score", path, "--by", "influencer", "-f", "json"]).stdout)
    lena = next(g for g in by["groups"] if g["key"] == {"influencer": "@Lena.Creates"})
    assert lena["kpis"]["impressions"]["value"] == 1000 + 3000 + 500


def test_lines_under_the_table_end_it_in_big_files_and_piped_ones(write: Any, tmp_path: Path) -> None:
    # ~1 MB of rows (past the sniffed start: the parallel reader stops at the footer too).
    rows = "".join(f"2025-03-{1 + i % 28:02d},@c{i},{100 + i % 50},{i % 3}\n" for i in range(40000))
    footer = "\nReport Time:,2025/04/02 09:14 GMT\nGroup By:,Date,Creator\nFilter by Advertiser ID:,1234567\n"
    path = write("Date,Creator,Impressions,Clicks\n" + rows + footer)
    report = score_files([path])
    assert report.rows == 40000
    assert report.total.kpi("impressions").value == sum(100 + i % 50 for i in range(40000))
    with open(path, "rb") as fh:
        result = runner.invoke(app, ["score", "-", "-f", "json"], input=fh.read())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] == 40000


def test_rows_under_a_blank_line_are_data_unless_they_read_as_a_footer(write: Any) -> None:
    # After a blank line, `@late` is a creator row (no `Key:`): read. `Notes:, paid in kind`
    # (a key, two cells of three) is a note under the table: skipped, and said.
    path = write("Creator,Impressions,Clicks\n@a,1000,10\n\n@late,500,5\n")
    assert score_files([path]).rows == 2
    path = write("Creator,Impressions,Clicks\n@a,1000,10\n\nNotes:,paid in kind,\n", name="b.csv")
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert json.loads(result.stdout)["rows"] == 1
    assert "skipped the lines under it (Notes: paid in kind)" in result.stderr


def test_a_notes_sentence_under_the_table_is_a_footer(write: Any) -> None:
    # Audit U-3: `Notes: figures are as reported ...` in one cell (the sentence after the
    # colon, not a key and its value) under a blank line was refused as "1 cells where the
    # header has 3: an unbalanced quote?". Posts 2, impressions 1,000 + 500 = 1,500.
    path = write(
        "Creator,Impressions,Clicks\n@a,1000,10\n@b,500,5\n\n"
        "Notes: figures are as reported by the platform on 04/01/2025.\nSource: CreatorHub\n"
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"] == 2
    assert report["total"]["kpis"]["impressions"]["value"] == 1_000 + 500
    assert "skipped the lines under it (Notes: figures are as reported" in result.stderr


@pytest.mark.parametrize(
    "footer",
    ["Erstellt am 01.06.2025", "Exportiert am: 01.06.2025", "Généré le 01/06/2025", "Generado el 01/06/2025",
     "Hinweis: Angaben der Creator", "Remarque : chiffres des créateurs"],
)  # fmt: skip
def test_a_trackers_line_under_the_table_in_its_language_is_a_footer(write: Any, footer: str) -> None:
    # Audit V-1: a German, French or Spanish tracker's line under its table (after a blank
    # line) was refused as "a line of text among the rows"; the English one was skipped.
    # Posts 2, impressions 1.000 + 500 = 1,500 (German dot grouping).
    path = write(
        f"Datum;Creator;Link;Impressionen\n02.03.2025;@a;p1;1.000\n03.03.2025;@b;p2;500\n\n{footer}\n"
    )
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"] == 2
    assert report["total"]["kpis"]["impressions"]["value"] == 1_000 + 500
    assert f"skipped the lines under it ({footer}" in result.stderr


@pytest.mark.parametrize(
    ("line", "said"),
    [
        # a line of text under a row whose last cell is free text: a title, or that cell's end
        # broken over two lines? (audit U-2; a month's title, `sep=,`, or a line of text under
        # a figure are read: tests/test_short_lines.py)
        ("Wrap-up", "a line of text among the rows: a title or a note"),
        # a short row whose cell is no number of its column: not Excel's short row (audit U-4)
        ("@c,lots", "its last cells left out (a spreadsheet's empty cells at the row's end?)"),
    ],
)
def test_a_short_line_among_the_rows_is_told_for_what_it_may_be(write: Any, line: str, said: str) -> None:
    # Each was "1 cells where the header has 3: an unbalanced quote, or a line break inside a
    # cell that is not quoted? Fix the row or export the file again": no quote in the line.
    path = write(f"Creator,Impressions,Caption\n@a,1000,fun\n{line}\n@b,500,yes\n")
    result = runner.invoke(app, ["score", path, "-f", "json"])
    assert result.exit_code == 2
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(f"kpi: error: {path}, row 3: ") and said in error
    assert "unbalanced quote" not in error or line == "@c,lots"


def test_meta_leaves_zero_blank_and_a_tracker_leaves_the_unknown_blank(write: Any) -> None:
    # Meta writes no purchases as empty cells: campaign B spent $500 for nothing, and ROAS
    # counts it: 2,000 / (1,000 + 500). The summary row (blank name, empty purchases) is
    # still found by its sums.
    meta = write(
        "Reporting starts,Reporting ends,Campaign name,Amount spent (USD),Impressions,Link clicks,"
        "Purchases,Purchases conversion value\n"
        "2025-07-01,2025-07-31,,1500.00,30000,300,,\n"
        "2025-07-01,2025-07-31,A,1000.00,10000,100,20,2000.00\n"
        "2025-07-01,2025-07-31,B,500.00,20000,200,,\n",
        name="meta.csv",
    )
    report = score_files([meta])
    assert report.rows == 2
    assert report.total.kpi("roas").value == pytest.approx(2000 / 1500)
    assert report.total.kpi("cpa").value == pytest.approx(1500 / 20)
    assert report.total.kpi("roas").missing == {}
    # A tracker's blank fee is unknown: ROAS stands on the creators with both figures.
    tracker = write("Creator,Impressions,Fee,Revenue\n@a,1000,1000,2000\n@b,2000,,800\n", name="t.csv")
    report = score_files([tracker])
    assert report.total.kpi("roas").value == pytest.approx(2000 / 1000)
    assert report.total.kpi("roas").missing == {"spend": 1}


def test_a_profiles_folder_that_cannot_be_read_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `sudo -u` keeping HOME=/root: the folder cannot be listed. Was "unexpected
    # PermissionError ... (please report this)"; now the fix is named.
    folder = tmp_path / "profiles"
    folder.mkdir()
    monkeypatch.setenv("KPI_PROFILES", str(folder))

    def refuse(self: Path) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(UsageError, match=r"cannot read the profiles in .*fix its permissions"):
        profiles.user_paths()


def test_the_language_a_file_is_read_in_does_not_depend_on_the_hash_seed(write: Any) -> None:
    # Every header here is English and French alike: the tie went to the order of a set,
    # so one run read 03/04/2025 as 4 March (English) and another as 3 April (French).
    import subprocess
    import sys

    path = write("Date,Format,Impressions,Likes,Engagements,Sessions,Conversions\n"
                 "03/04/2025,Reel,12500,900,1020,310,12\n03/05/2025,Reel,9800,500,560,220,7\n")  # fmt: skip
    outs = set()
    for seed in ("1", "2", "3", "7"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-m", "kpi_cli", "score", path, "--by", "date", "-f", "csv", "-q"],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        outs.add(run.stdout)
    assert len(outs) == 1
    assert "2025-03-04" in outs.pop()  # English: month first, the US default


def test_the_readme_profile_example_loads(tmp_path: Path) -> None:
    """The profile in README's "Your own profile" is one kpi accepts, every key in it."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Your own profile", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    own = tmp_path / "own.yaml"
    own.write_text(block, encoding="utf-8")
    profile = profiles.load_profile(own)
    assert (profile.id, profile.platform, profile.loose, profile.habit("English", "dayfirst")) == (
        "our_agency",
        "TikTok",
        False,
        True,
    )


def test_a_copy_is_told_by_its_own_bytes_from_call_to_call(write: Any) -> None:
    """Inputs are hashed to find a file given twice. A digest kept by id() from one call to
    the next (a notebook scoring again) went to a new input that took a freed one's id:
    b.csv, other bytes of the same size, was skipped as a copy of a.csv."""
    from kpi_cli.read.sniff import _mark_duplicates
    from kpi_cli.read.source import Source

    a, b = Path(write("x,1\n", name="a.csv")), Path(write("y,2\n", name="b.csv"))
    for _ in range(20):  # CPython hands a freed object's id to the next one made
        first, again = Source(name="a.csv", path=a, size=4), Source(name="a.csv", path=a, size=4)
        _mark_duplicates([first, again])
        assert again.duplicate_of == "a.csv"
        del first, again
        other, mine = Source(name="b.csv", path=b, size=4), Source(name="a.csv", path=a, size=4)
        _mark_duplicates([other, mine])
        assert mine.duplicate_of is None


# Audit u (metamorphic): a table with a footer saved by Excel as "Unicode text" (UTF-16,
# tab-separated) was refused at the footer line; the same text in UTF-8 was read.
FOOTED = (
    "Influencer\tImpressions\tClicks\tSpend\r\nLena\t30000\t250\t185.00\r\nMax\t8000\t40\t25.00\r\n"
    "\r\nGenerated on 2025-04-02 09:14\r\n"
)


@pytest.mark.parametrize(
    ("codec", "bom"), [("utf-8", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")]
)
def test_a_footer_under_the_table_is_skipped_in_any_encoding(tmp_path: Path, codec: str, bom: bytes) -> None:
    path = tmp_path / "footed.csv"
    path.write_bytes(bom + FOOTED.encode(codec))
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["rows"] == 2
    kpis = doc["total"]["kpis"]
    assert kpis["impressions"]["value"] == 30000 + 8000
    assert kpis["total_spend"]["value"] == pytest.approx(185.00 + 25.00)
    assert "skipped the lines under it (Generated on 2025-04-02 09:14)" in result.stderr


@pytest.mark.parametrize(
    "text",
    ["CTR,Clicks,Impressions\n1.00%,2,200\n", "CPC,Clicks,Spend\n$2.50,4,$10.00\n"],
)
def test_a_ratio_column_first_is_ignored_not_a_crash(write_csv: Any, text: str) -> None:
    # Audit u: the first column is also read for row labels; Arrow read it twice under one
    # name and kpi said `unexpected KeyError`.
    for command in (["score", str(write_csv(text)), "-f", "json"], ["columns", str(write_csv(text))]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
    kpis = json.loads(runner.invoke(app, ["score", str(write_csv(text)), "-f", "json"]).stdout)["total"][
        "kpis"
    ]
    if text.startswith("CTR"):
        assert kpis["ctr"]["value"] == pytest.approx(2 / 200 * 100)  # 1.0%
    else:
        assert kpis["cpc"]["value"] == pytest.approx(10.00 / 4)  # $2.50
