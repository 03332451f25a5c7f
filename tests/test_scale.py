"""Big-export behaviour, on small files read in tiny batches.

chunks.BLOCK_SIZE (and STREAM_BLOCK_SIZE) is patched down to 2 KiB, so a file of a few
thousand rows crosses dozens of batch boundaries: row numbers, exact sums and the
typed → text fallback are checked where they could break. Expected figures are
worked out here from the rows written, not taken from the program. No timings.
"""

from __future__ import annotations

import json
import mmap
import subprocess
import sys
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from kpi_cli import kpis
from kpi_cli.cli import app
from kpi_cli.errors import InputError
from kpi_cli.read import chunks, frames, labels, sniff
from kpi_cli.read import dates as dt
from kpi_cli.read.source import ReadOptions
from kpi_cli.score import ScoreReport, score_files

HEADER = "date,influencer,post_id,impressions,clicks,spend\n"
ROWS = 3000


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "BLOCK_SIZE", 2048)
    monkeypatch.setattr(chunks, "STREAM_BLOCK_SIZE", 2048)
    monkeypatch.setattr(chunks, "_QUOTE_SLICE", 97)  # a chunk's quotes checked in many slices


def row(i: int, spend: str | None = None, clicks: str | None = None, quote: bool = False) -> str:
    who = f"@creator_{i % 7}"
    if quote:
        who = f'"{who}"'
    cents = (i * 37) % 10_000
    money = spend if spend is not None else f"{cents // 100}.{cents % 100:02d}"
    click = clicks if clicks is not None else str(i % 13)
    return f"2025-03-{1 + i % 28:02d},{who},p{i},{1000 + i},{click},{money}\n"


def write(tmp_path: Path, lines: list[str], name: str = "export.csv", newline: str = "\n") -> Path:
    path = tmp_path / name
    text = HEADER + "".join(lines)
    path.write_bytes(text.replace("\n", newline).encode())
    return path


def values(report: ScoreReport) -> dict[str, object]:
    return {k.id: k.value for k in report.total.kpis}


def exact_spend(n: int) -> Decimal:
    return sum((Decimal((i * 37) % 10_000) / 100 for i in range(n)), Decimal(0))


# --------------------------------------------------------------------------- row numbers


@pytest.mark.parametrize(
    ("bad_at", "quote_from"),
    [
        (2499, None),  # quote-free: parallel chunks all the way
        (2499, 0),  # quoted: the streaming reader
        (2499, 1200),  # quotes start mid-file: chunks, then streaming from there
        (10, 1200),  # a bad value before the switch
    ],
)
def test_bad_value_names_its_row_across_batches(tmp_path: Path, bad_at: int, quote_from: int | None) -> None:
    lines = [
        row(i, clicks="12x" if i == bad_at else None, quote=quote_from is not None and i >= quote_from)
        for i in range(ROWS)
    ]
    path = write(tmp_path, lines)
    with pytest.raises(InputError) as err:
        score_files([str(path)])
    spreadsheet_row = bad_at + 2  # header is row 1
    assert f"row {spreadsheet_row:,}," in str(err.value)
    assert "'clicks'" in str(err.value)
    assert "'12x'" in str(err.value)


def test_bad_value_row_after_text_fallback(tmp_path: Path) -> None:
    # `$` sends spend to the text path in the second batch; the bad cell is far later.
    lines = [row(i, spend="$3.00" if i == 40 else "oops" if i == 2777 else None) for i in range(ROWS)]
    with pytest.raises(InputError, match=r"row 2,779, column 'spend': value 'oops'"):
        score_files([str(write(tmp_path, lines))])


def test_bad_date_row_across_batches(tmp_path: Path) -> None:
    lines = [row(i) for i in range(ROWS)]
    lines[1500] = lines[1500].replace("2025-03-", "2025-13-", 1)
    with pytest.raises(InputError, match=r"row 1,502, column 'date'"):
        score_files([str(write(tmp_path, lines))])


# --------------------------------------------------------------------------- exactness


@pytest.mark.parametrize("form", ["{:d}", "{:,d}"])  # typed path, text path
def test_integer_sums_stay_exact_past_2_53(tmp_path: Path, form: str) -> None:
    big = 2**53
    path = tmp_path / "big.csv"
    cells = [(big, big + 1), (big, 2)]  # impressions, clicks
    body = "".join(f'"{form.format(a)}","{form.format(b)}"\n' for a, b in cells)
    path.write_text("impressions,clicks\n" + body.replace('"', "" if form == "{:d}" else '"'))
    got = values(score_files([str(path)]))
    assert got["impressions"] == 2**54
    assert got["clicks"] == 2**53 + 3  # not a float: 2**53 + 3 has no exact double
    assert isinstance(got["clicks"], int)


def test_group_sums_stay_exact_past_2_53(tmp_path: Path) -> None:
    big = 2**53
    path = tmp_path / "big.csv"
    rows = [("@a", big, big + 1), ("@b", 5, 7), ("@a", big, 2), ("@b", 1, 0)]  # (a count is never below 0)
    path.write_text("influencer,impressions,clicks\n" + "".join(f"{i},{a},{b}\n" for i, a, b in rows))
    report = score_files([str(path)], by=["influencer"])
    clicks = {g.label: g.kpi("clicks").value for g in report.groups}
    impressions = {g.label: g.kpi("impressions").value for g in report.groups}
    assert clicks == {"@a": 2**53 + 3, "@b": 7 + 0}  # (2**53 + 1) + 2: no double holds it
    assert impressions == {"@a": 2**54, "@b": 5 + 1}
    assert isinstance(clicks["@a"], int)


def test_money_total_exact_to_the_cent(tmp_path: Path) -> None:
    path = write(tmp_path, [row(i) for i in range(ROWS)])
    got = values(score_files([str(path)]))
    assert got["total_spend"] == float(exact_spend(ROWS))


# --------------------------------------------------------------------------- typed → text


@pytest.mark.parametrize("cell", ["$1234.56", '"$1,234.56"'])  # chunked path; quoted: streaming tail
def test_late_dollar_value_gives_the_same_totals_as_an_all_text_read(tmp_path: Path, cell: str) -> None:
    late = ROWS - 50
    lines = [row(i, spend=cell if i == late else None) for i in range(ROWS)]
    path = write(tmp_path, lines)
    fast = score_files([str(path)])
    text = score_files([str(path)], decimal=".")  # a declared decimal mark: text path throughout
    assert values(fast) == values(text)
    cents = (late * 37) % 10_000
    expected = exact_spend(ROWS) - Decimal(cents) / 100 + Decimal("1234.56")
    assert values(fast)["total_spend"] == float(expected)


def test_late_missing_marker_counts_as_missing(tmp_path: Path) -> None:
    lines = [row(i, clicks="N/A" if i in (5, ROWS - 3) else None) for i in range(ROWS)]
    path = write(tmp_path, lines)
    fast = score_files([str(path)])
    text = score_files([str(path)], decimal=".")
    assert values(fast) == values(text)
    assert fast.total.kpi("clicks").missing == {"clicks": 2}
    assert fast.total.kpi("clicks").value == sum(i % 13 for i in range(ROWS) if i not in (5, ROWS - 3))


def test_infinity_is_not_a_number(tmp_path: Path) -> None:
    lines = [row(i, spend="inf" if i == 2000 else None) for i in range(ROWS)]
    with pytest.raises(InputError, match=r"row 2,002, column 'spend': value 'inf'"):
        score_files([str(write(tmp_path, lines))])


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_quoted_tail_and_line_endings_give_the_same_totals(tmp_path: Path, newline: str) -> None:
    plain = write(tmp_path, [row(i) for i in range(ROWS)], "plain.csv", newline)
    quoted = write(tmp_path, [row(i, quote=i >= 1700) for i in range(ROWS)], "quoted.csv", newline)
    expected = values(score_files([str(plain)]))
    assert values(score_files([str(quoted)])) == expected
    assert expected["posts"] == ROWS
    assert expected["activated_influencers"] == 7
    assert expected["impressions"] == sum(1000 + i for i in range(ROWS))


def test_the_streaming_reader_reads_small_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pyarrow's streaming reader holds dozens of blocks: with the parallel path's 14 MB
    # blocks a quoted 10M-row export peaked at ~850 MiB. It gets blocks of its own size.
    monkeypatch.setattr(chunks, "STREAM_BLOCK_SIZE", 4096)
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + "".join(row(i) for i in range(ROWS))).encode("utf-16"))  # read by streaming
    sizes: list[int] = []
    open_csv = chunks.pacsv.open_csv

    def watching(*args: Any, **kwargs: Any) -> Any:
        sizes.append(kwargs["read_options"].block_size)
        return open_csv(*args, **kwargs)

    monkeypatch.setattr(chunks.pacsv, "open_csv", watching)
    assert score_files([str(path)]).rows == ROWS
    assert sizes == [4096]


def read_chunks(path: Path) -> tuple[list[int], int, int | None]:
    """Where each chunk the parallel parser handed on ends, the rows they hold, and
    where it left the rest to the streaming reader."""
    (source,) = sniff.open_sources([str(path)])
    ends, rows = [], 0
    with chunks.ChunkParser(source, chunks.wanted_columns(source, None), True) as parser:
        for end, batch, *_ in parser:
            ends.append(end)
            rows += batch.num_rows
    return ends, rows, parser.rest


def with_caption(lines: list[str], caption: Callable[[int], str]) -> list[str]:
    return [line.rstrip("\n") + f",{caption(i)}\n" for i, line in enumerate(lines)]


def test_quoted_cells_are_parsed_in_parallel(tmp_path: Path) -> None:
    # Exports that quote cells (every cell, or those with a comma) are the usual case:
    # quotes that open and close within a line leave every chunk cut on a record
    # boundary, so they stay on the parallel path. `""` is a quote inside a value.
    lines = with_caption([row(i, quote=True) for i in range(ROWS)], lambda i: '"Sale, ""20%"" off"')
    path = tmp_path / "quoted.csv"
    path.write_text(HEADER.rstrip("\n") + ",caption\n" + "".join(lines))
    assert read_chunks(path)[1:] == (ROWS, None)
    plain = write(tmp_path, [row(i) for i in range(ROWS)], "plain.csv")
    assert values(score_files([str(path)])) == values(score_files([str(plain)]))


@pytest.mark.parametrize(
    ("stray", "caption"),
    [
        ('5" screen', '"one\ntwo"'),  # a quote inside a plain cell: text to the parser
        ('tall"', '"one\ntwo"'),  # ... at its end, before the delimiter
        ('"ok"x', '"one\ntwo"'),  # text after a quoted value's closing quote
        # Captions whose quotes sit next to line breaks: paired off one quote late, after
        # the stray one, every opening quote still looks like a closing one, and only
        # the stray quote itself, in the middle of a cell, gives it away. (The first
        # chunk is cut inside a caption here: its quotes, stray one included, are even.)
        ('5" screen', '"\nnew caption\n"'),
    ],
)
def test_quotes_that_are_not_quoting_send_the_rest_to_the_streaming_reader(
    tmp_path: Path, stray: str, caption: str
) -> None:
    # Counting quotes tells where a quoted value ends only if every quote opens or
    # closes one. Here one stray quote comes before captions with quoted line breaks:
    # counted, it would make a chunk cut inside such a caption look whole. The rows
    # must come out the same as the streaming reader reads them.
    captions = with_caption([row(i) for i in range(ROWS)], lambda i: stray if i == 3 else caption)
    path = tmp_path / "stray.csv"
    path.write_text(HEADER.rstrip("\n") + ",caption\n" + "".join(captions))
    _, rows, rest = read_chunks(path)
    assert rows == 0 and rest is not None  # not one chunk taken on trust
    report = score_files([str(path)])
    assert report.rows == ROWS
    assert values(report)["impressions"] == sum(1000 + i for i in range(ROWS))


@pytest.mark.parametrize("stray_at", [None, 2000])
def test_chunks_cut_inside_quoted_line_breaks_are_cut_again_outside_them(
    tmp_path: Path, stray_at: int | None
) -> None:
    # Every caption holds a line break, so a chunk cut at its block's last newline often
    # falls inside one: that chunk's quotes are odd in number. From it on, chunks are
    # cut at the last newline outside quoted values instead, still in parallel. A stray
    # quote later on leaves the rest to the streaming reader, from a record boundary.
    def caption(i: int) -> str:
        return '5" screen' if i == stray_at else f'"caption {i}\nsecond line"'

    lines = with_caption([row(i) for i in range(ROWS)], caption)
    path = tmp_path / "captions.csv"
    path.write_text(HEADER.rstrip("\n") + ",caption\n" + "".join(lines))
    text = path.read_bytes()
    ends, _, rest = read_chunks(path)
    assert len(ends) > 10
    for end in [*ends, *([rest] if rest is not None else [])]:
        assert text[end - 1 : end] == b"\n" and text[:end].count(b'"') % 2 == 0  # between records
    if stray_at is None:
        assert rest is None and ends[-1] == len(text)
    else:
        assert rest is not None and rest == ends[-1] < text.index(b'5" screen')
    report = score_files([str(path)])
    assert report.rows == ROWS
    assert values(report)["impressions"] == sum(1000 + i for i in range(ROWS))


def test_the_last_newline_outside_quoted_values() -> None:
    # Quotes are counted from the start (a record boundary); a newline after an odd
    # number of them is inside a quoted value. Slices of 97 bytes (see tiny_batches)
    # split the text below several times.
    text = b'a,"b\nc"\n' * 20 + b'd,"e\nf'  # 20 records of 8 bytes, then one cut in its caption
    assert chunks._record_end(text, 0, len(text)) == 20 * 8
    assert chunks._record_end(text, 0, 7) == -1  # only the newline inside the first caption
    assert chunks._record_end(text, 8, 26) == 24  # from the second record: two whole ones


@pytest.mark.parametrize("first_quote", [0, 1700, ROWS - 1])
def test_quoted_line_breaks_in_a_column_not_read(tmp_path: Path, first_quote: int) -> None:
    # A caption kpi does not read, quoted from some row on, with the delimiter and a line
    # break inside: the chunks after the first quote (already being parsed) must not
    # count, and the rest goes through the streaming reader from the right row.
    lines = []
    for i in range(ROWS):
        caption = '"Sale, 20% off\nlink in bio"' if i >= first_quote and i % 3 == 0 else "plain"
        lines.append(row(i).rstrip("\n") + f",{caption}\n")
    path = tmp_path / "captions.csv"
    path.write_text(HEADER.rstrip("\n") + ",caption\n" + "".join(lines))
    report = score_files([str(path)])
    assert report.rows == ROWS
    assert values(report)["impressions"] == sum(1000 + i for i in range(ROWS))
    assert values(report)["posts"] == ROWS


def test_no_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text((HEADER + "".join(row(i) for i in range(ROWS))).rstrip("\n"))
    assert score_files([str(path)]).rows == ROWS


# --------------------------------------------------------------------------- distinct posts


@pytest.mark.parametrize("squeeze_at", [None, 200])  # also squeeze repeated hashes out as they come
def test_distinct_posts_across_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, squeeze_at: int | None
) -> None:
    if squeeze_at is not None:
        monkeypatch.setattr(kpis, "_COMPACT_AT", squeeze_at)
    # Each post appears on three days, in batches far apart; influencer = post % 7.
    posts = 700
    lines = [row(i % posts) for i in range(3 * posts)]
    path = write(tmp_path, lines)
    report = score_files([str(path)], by=["influencer"])
    assert report.total.kpi("posts").value == posts
    assert report.rows == 3 * posts
    for group in report.groups:
        assert group.kpi("posts").value == posts // 7
        assert group.rows == 3 * posts // 7


# --------------------------------------------------------------------------- progress


def test_progress_reports_bytes_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, [row(i) for i in range(ROWS)])
    seen: list[int] = []
    score_files([str(path)], progress=lambda source, position: seen.append(position))
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert len(seen) > 10
    assert seen == sorted(seen)
    assert seen[-1] == path.stat().st_size


def test_cli_json_stdout_is_only_json(tmp_path: Path) -> None:
    path = write(tmp_path, [row(i) for i in range(ROWS)])
    result = CliRunner().invoke(app, ["score", str(path), "--format", "json", "--by", "influencer"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["rows"] == ROWS
    assert len(document["groups"]) == 7


def test_totals_of_a_grouped_run_equal_an_ungrouped_run(tmp_path: Path) -> None:
    lines = [row(i, clicks="" if i % 11 == 0 else None) for i in range(ROWS)]
    path = write(tmp_path, lines)
    plain = score_files([str(path)])
    grouped = score_files([str(path)], by=["influencer"])
    assert values(grouped) == values(plain)
    assert {k.id: k.missing for k in grouped.total.kpis} == {k.id: k.missing for k in plain.total.kpis}
    assert sum(g.rows for g in grouped.groups) == plain.rows == ROWS


# --------------------------------------------------------------------------- text columns


def test_post_ids_missing_and_padded_across_batches(tmp_path: Path) -> None:
    # Long post IDs skip the missing-value lookup; a batch with `N/A` or a blank ID
    # still reads them as blank (each a post of its own), and ` p7 ` is the same post as `p7`.
    lines = [row(i) for i in range(ROWS)]
    lines[100] = lines[100].replace(",p100,", ",N/A,")
    lines[2000] = lines[2000].replace(",p2000,", ",,")
    lines[2500] = lines[2500].replace(",p2500,", ", p7 ,")  # a repeat of p7
    report = score_files([str(write(tmp_path, lines))])
    assert values(report)["posts"] == ROWS - 1  # the repeat; N/A and blank are one post each


def test_dimension_spellings_of_missing_on_the_fast_path(tmp_path: Path) -> None:
    # Dimensions are dictionary-encoded while parsing; `N/A`, `-` and padded names
    # are still cleaned on the distinct values.
    lines = [row(i) for i in range(ROWS)]
    lines[10] = lines[10].replace("@creator_3", "N/A")
    lines[1500] = lines[1500].replace("@creator_2", " @creator_2 ")
    lines[2999] = lines[2999].replace("@creator_3", "-")
    report = score_files([str(write(tmp_path, lines))], by=["influencer"])
    labels = sorted(g.label for g in report.groups)
    assert labels == ["(blank)", *(f"@creator_{i}" for i in range(7))]
    assert values(report)["activated_influencers"] == 7
    blank = next(g for g in report.groups if g.label == "(blank)")
    assert blank.rows == 2


def test_small_dictionaries_keep_their_codes_in_any_order() -> None:
    # Platforms and tiers come back in every batch, in a different order each time:
    # their codes are remembered per value, the missing-value spellings as missing.
    categories = labels.Categories()
    first = categories.encode(pa.array(["tiktok", "N/A", "instagram", "tiktok"]).dictionary_encode())
    second = categories.encode(pa.array(["instagram", None, " tiktok ", "N/A"]).dictionary_encode())
    third = categories.encode(pa.array(["youtube", "tiktok"]).dictionary_encode())  # one new value
    fourth = categories.encode(pa.array(["N/A", "youtube", " tiktok ", "instagram"]).dictionary_encode())
    assert list(third.categories) == ["tiktok", "instagram", "youtube"]  # codes 0, 1, 2; -1 missing
    assert first.codes.tolist() == [0, -1, 1, 0]
    assert second.codes.tolist() == [1, -1, 0, -1]
    assert third.codes.tolist() == [2, 0]
    assert fourth.codes.tolist() == [-1, 2, 0, 1]  # every value seen before, in a new order


@pytest.mark.parametrize("past", [0, 1 << 40])
def test_arrow_memory_is_released_after_each_chunk_and_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, past: int
) -> None:
    # Past RELEASE_PAST bytes of a file each chunk's memory is handed back; before, only
    # each file's at its end (the next chunks reuse it).
    calls: list[int] = []
    chunked: list[int] = []
    monkeypatch.setattr(frames, "release_memory", lambda file_done=False: calls.append(1))
    monkeypatch.setattr(frames, "RELEASE_PAST", past)
    frame = frames._Framer.frame
    monkeypatch.setattr(frames._Framer, "frame", lambda self, *a: chunked.append(1) or frame(self, *a))
    path = write(tmp_path, [row(i) for i in range(ROWS)])
    report = score_files([str(path), str(path)], options=ReadOptions(allow_duplicates=True))
    assert values(report)["posts"] == ROWS  # the same post IDs twice
    assert len(chunked) > 2  # several chunks a file, each released (past 0 bytes), then each file
    assert len(calls) == (len(chunked) if past == 0 else 0) + 2
    labels.pa.default_memory_pool().release_unused()  # the real call works on this pool


# --------------------------------------------------------------------------- parsing ahead


def count_parsers(monkeypatch: pytest.MonkeyPatch) -> list[chunks.ChunkParser]:
    made: list[chunks.ChunkParser] = []
    init = chunks.ChunkParser.__init__

    def counting(self: chunks.ChunkParser, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(chunks.ChunkParser, "__init__", counting)
    return made


def test_a_parser_started_early_is_taken_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, [row(i) for i in range(ROWS)])
    expected = values(score_files([str(path)], by=["influencer"]))
    made = count_parsers(monkeypatch)
    sources = sniff.open_sources([str(path)])
    chunks.start(sources, ["Influencer"])  # as typed on the command line
    assert sources[0].parser is made[0]
    report = score_files([str(path)], sources=sources, by=["influencer"])
    assert len(made) == 1  # the read used it rather than starting over
    assert sources[0].parser is None
    assert values(report) == expected


def test_a_parser_started_early_runs_further_ahead_then_drains_to_the_usual_lead(tmp_path: Path) -> None:
    # While the CLI imports pandas nothing takes chunks yet: START_AHEAD of them are
    # queued so the other core keeps parsing. Once chunks are taken the queue shrinks
    # to AHEAD (each a parsed batch held in memory), and every row comes once, in order.
    path = write(tmp_path, [row(i) for i in range(ROWS)])  # ~50 chunks of 2 KiB
    sources = sniff.open_sources([str(path)])
    chunks.start(sources, [])
    parser = sources[0].parser
    assert parser is not None
    queued = []
    ends = []
    with parser:
        queued.append(len(parser._pending))
        for end, _batch, *_ in parser:
            ends.append(end)
            queued.append(len(parser._pending))
    assert chunks.AHEAD < chunks.START_AHEAD
    assert queued[0] == chunks.START_AHEAD
    # taking a chunk and not adding one until fewer than AHEAD wait: 5, 4, 3, 3, ...
    drain = list(range(chunks.START_AHEAD - 1, chunks.AHEAD - 1, -1))
    assert queued[1 : len(drain) + 1] == drain
    assert max(queued[len(drain) + 1 : -chunks.AHEAD]) == chunks.AHEAD
    assert ends == sorted(ends) and ends[-1] == path.stat().st_size
    report = score_files([str(path)])
    assert report.rows == ROWS


def test_a_parser_started_with_other_options_is_closed_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, [row(i) for i in range(ROWS)])
    expected = values(score_files([str(path)]))
    made = count_parsers(monkeypatch)
    sources = sniff.open_sources([str(path)])
    chunks.start(sources, [])  # typed
    sources[0].fast = False  # ... but the read below wants text (as after a typed read failed)
    report = score_files([str(path)], sources=sources)
    assert len(made) == 2
    assert made[0]._pool._shutdown  # the early one was closed
    assert values(report) == expected


def test_an_option_error_after_parsing_started_leaves_no_worker_running(tmp_path: Path) -> None:
    path = write(tmp_path, [row(i) for i in range(ROWS)])
    result = CliRunner().invoke(app, ["score", str(path), "--by", "campaign"])
    assert result.exit_code == 2
    assert "--by campaign" in result.output
    assert not [t for t in threading.enumerate() if t.name.startswith("kpi-csv")]


def test_a_column_another_worker_sent_to_text_is_just_parsed_again(tmp_path: Path) -> None:
    # Two chunks parse at once: both can fail on the same `$` column. The second to
    # report it must not take that for a new failure and give up on every column.
    path = write(tmp_path, [row(i) for i in range(10)])
    (source,) = sniff.open_sources([str(path)])
    wanted = chunks.wanted_columns(source, None)
    tried = chunks._types(source, wanted, True)
    source.text_columns.add("spend")  # what the first worker's fall_back did meanwhile
    column = HEADER.strip().split(",").index("spend")
    error = pa.ArrowInvalid(f"In CSV column #{column}: CSV conversion error to double: invalid value '$1'")
    assert chunks.fall_back(source, wanted, error, tried)  # parse again
    assert source.fast
    assert source.text_columns == {"spend"}
    # The same error from a parse that read spend as text: falling back cannot cure it
    # (it used to send every column to text and parse again, for ever), so it is reported.
    assert not chunks.fall_back(source, wanted, error, chunks._types(source, wanted, True))
    assert source.fast


@pytest.mark.parametrize("quoted", [False, True])  # chunked path; streaming reader
def test_utf8_text_with_a_bad_byte_past_the_sniffed_start_is_an_error(tmp_path: Path, quoted: bool) -> None:
    # The first 64 KB decide the encoding; a bad byte far below used to loop for ever. The
    # file has UTF-8 characters (`é`), so it is damaged UTF-8, not Windows-1252.
    lines = [row(i, quote=quoted) for i in range(ROWS)]
    path = tmp_path / "export.csv"
    data = (HEADER + "2025-03-01,@crémeux,p0,1,2,3.00\n" + "".join(lines)).encode()
    path.write_bytes(data + b"2025-03-01,@cr\xc3\x28ator,p9,1,2,3.00\n")
    code = "import sys; from kpi_cli.cli import main; sys.argv = ['kpi', 'score', sys.argv[1], '-q']; main()"
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    # Row 1 the header, row 2 @crémeux, rows 3 to 3,002 the 3,000 rows: the bad byte on 3,003,
    # C3 (Ã in Windows-1252) not followed by a continuation byte (audit D-3: row and column).
    assert run.stderr == (
        f"kpi: error: {path}, row 3,003, column 'influencer': '@cr\ufffd(ator' has a byte that is not "
        "UTF-8 (0xC3, Ã in Windows-1252) in a file that is UTF-8 elsewhere (a cell pasted from a file "
        "in another encoding?); retype that cell and save the export as CSV UTF-8\n"
    )
    assert run.stdout == ""


def test_dollar_values_in_every_chunk_keep_the_other_columns_typed(tmp_path: Path) -> None:
    lines = [row(i, spend=f"${(i * 37) % 10_000 / 100:.2f}") for i in range(ROWS)]
    path = write(tmp_path, lines)
    sources = sniff.open_sources([str(path)])
    report = score_files([str(path)], sources=sources)
    assert sources[0].fast
    assert sources[0].text_columns == {"spend"}
    assert values(report)["total_spend"] == float(exact_spend(ROWS))


def test_a_score_run_imports_no_pydantic() -> None:
    # typer 0.29 checks every option through pydantic: 70 ms more before parsing starts
    # (pyproject pins typer below it). This fails if an upgrade brings that back.
    export = Path(__file__).parent / "data" / "three_posts.csv"
    code = (
        "import sys; from typer.testing import CliRunner; from kpi_cli.cli import app; "
        f"r = CliRunner().invoke(app, ['score', {str(export)!r}, '-q', '-f', 'json']); "
        "print(r.exit_code, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 False"


def test_parsing_imports_no_pandas() -> None:
    # What lets the CLI parse the first chunks while pandas is still being imported.
    code = "import sys, kpi_cli.cli, kpi_cli.read.chunks, kpi_cli.read.sniff; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sniffing_a_post_export_imports_no_pandas(tmp_path: Path) -> None:
    # Posts share their dates: the sniff of a file longer than it reads says they are no
    # daily series without parsing them (pa.array imports pandas, ~0.2 s before the CSV
    # workers could start).
    lines = ["Date,Creator,Post ID,Impressions,Spend"]
    lines += [f'3/{1 + i // 200}/2025,@c{i % 7},p{i},{1000 + i},"$1,{i % 1000:03d}.50"' for i in range(4000)]
    path = tmp_path / "posts.csv"
    path.write_text("\n".join(lines) + "\n")
    code = (
        "import sys; from kpi_cli.read import sniff; "
        f"(s,) = sniff.open_sources([{str(path)!r}]); print(s.one_a_day, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
    for big in (False, True):
        assert sniff._daily(["3/1/2025", "3/2/2025", "3/1/2025"], dt.DateStyle("mdy", "/"), big) is False
        assert sniff._daily(["3/1/2025", "3/2/2025", "3/3/2025"], dt.DateStyle("mdy", "/"), big) is True


def test_pages_of_parsed_chunks_are_handed_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The file is mapped, not copied: the pages of chunks already parsed must leave the
    # process (its peak memory would otherwise grow with the file: 1.2 GB at 10M rows).
    path = write(tmp_path, [row(i) for i in range(ROWS)])  # ~100 KB: about 50 chunks
    dropped: list[int] = []
    drop = chunks._FileBytes.drop

    def watching(self: chunks._FileBytes, upto: int) -> None:
        drop(self, upto)
        dropped.append(self._dropped)

    monkeypatch.setattr(chunks._FileBytes, "drop", watching)
    (source,) = sniff.open_sources([str(path)])
    wanted = chunks.wanted_columns(source, None)
    with chunks.ChunkParser(source, wanted, True) as parser:
        rows = sum(chunk.batch.num_rows for chunk in parser)
    assert rows == ROWS
    assert dropped == sorted(dropped) and all(d % mmap.PAGESIZE == 0 for d in dropped)
    assert dropped[-1] > path.stat().st_size - 2 * mmap.PAGESIZE - chunks.BLOCK_SIZE


def test_a_parsed_chunk_hands_back_its_pages_before_it_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Parsed chunks wait in the queue (START_AHEAD of them while pandas loads): their
    # bytes are not read again, so each worker hands back the chunk's pages as soon as
    # it is parsed, not when the main thread gets to it.
    monkeypatch.setattr(chunks, "BLOCK_SIZE", 3 * mmap.PAGESIZE)
    path = write(tmp_path, [row(i) for i in range(ROWS)])  # ~100 KB: about 8 chunks
    handed: list[tuple[int, int]] = []
    drop_span = chunks._FileBytes.drop_span

    def watching(self: chunks._FileBytes, start: int, end: int) -> None:
        handed.append((start, end))
        drop_span(self, start, end)

    monkeypatch.setattr(chunks._FileBytes, "drop_span", watching)
    (source,) = sniff.open_sources([str(path)])
    parser = chunks.ChunkParser(source, chunks.wanted_columns(source, None), True, ahead=chunks.START_AHEAD)
    with parser:
        queued = [span for span, _ in parser._pending]
        for _, future in parser._pending:
            future.result()  # parsed; nothing taken yet
        assert sorted(handed) == queued
        taken = [chunk.end for chunk in parser]
    assert [end for _, end in sorted(handed)] == taken and taken[-1] == path.stat().st_size


def test_only_the_pages_wholly_inside_a_chunk_are_handed_back(tmp_path: Path) -> None:
    # A page the chunk shares with a neighbour (maybe still being parsed) stays mapped.
    page = mmap.PAGESIZE
    path = tmp_path / "export.csv"
    path.write_bytes(b"x" * (8 * page))
    file = chunks._FileBytes(chunks.Source("export.csv", path, size=8 * page))
    advised: list[tuple[int, int]] = []

    class Map:  # records what the file's mapping is told
        def madvise(self, flag: int, start: int, length: int) -> None:
            advised.append((start, start + length))

    real, file._map = file._map, Map()  # type: ignore[assignment]
    file.drop_span(47, 3 * page + 5)  # pages 1 and 2 are wholly inside
    file.drop_span(3 * page + 5, 4 * page - 1)  # inside page 3, but not all of it
    file.drop_span(4 * page, 6 * page)  # pages 4 and 5, edges on page boundaries
    file._map = real
    file.close()
    assert advised == [(page, 3 * page), (4 * page, 6 * page)]


def test_file_is_closed_only_once_pyarrow_let_go_of_every_chunk() -> None:
    # pyarrow's reader may let go of its input on one of its own threads just after it
    # returned, and that release needs the interpreter: a process exiting right after a
    # parse aborted now and then ("terminate called without an active exception", exit
    # 134; 4 of 200 runs). So closing the file waits until every chunk is given back.
    # Here a thread plays pyarrow's: it holds the only reference to a chunk for a while.
    data = HEADER.encode() + b"2025-03-01,@a,p1,10,1,1.00\n"
    file = chunks._FileBytes(chunks.Source("<stdin>", None, data=data, size=len(data)))
    before = sys.getrefcount(data)
    held = [file.chunk(len(HEADER), len(data))]
    assert sys.getrefcount(data) == before and held[0].parent is None  # not copied, not referred to
    assert held[0].to_pybytes() == data[len(HEADER) :]
    holding = threading.Event()
    let_go = threading.Event()

    def pyarrow_thread() -> None:
        chunk = held.pop()
        holding.set()
        let_go.wait()
        del chunk

    thread = threading.Thread(target=pyarrow_thread)
    thread.start()
    holding.wait()
    assert file.lent() == 1
    threading.Timer(0.05, let_go.set).start()  # lets go while close() is waiting
    file.close()
    assert file.lent() == 0  # close() returned only after the chunk came back
    thread.join()


# --------------------------------------------------------------------------- worker conversions


def _main_thread_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CSV workers convert nothing: the main thread parses every number and date."""
    monkeypatch.setattr(chunks, "convert", lambda source, wanted, batch: (batch, None))


def real_looking(i: int) -> str:
    """A spreadsheet's row: US date, quoted thousands, `$` money, blank cells now and then."""
    impressions = f'"{10_000 + 37 * i:,}"' if i % 41 else ""
    spend = f'"${(i * 37) % 100_000 / 100:,.2f}"' if i % 43 else ""
    return f"3/{1 + i % 28}/2025,@creator_{i % 7},p{i},{impressions},{i % 13},{spend}\n"


def test_worker_conversions_give_what_the_main_thread_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Totals rows mid-file (rows left out of a chunk the workers converted whole), blank
    # cells, `$` money: the same report either way.
    lines = [real_looking(i) for i in range(ROWS)]
    lines[1000] = 'Total,,,"1,000",5,"$10.00"\n'
    lines[2100] = 'Subtotal,,,"2,000",6,"$12.00"\n'
    path = write(tmp_path, lines)
    both = runner_json(path)
    _main_thread_only(monkeypatch)
    alone = runner_json(path)
    assert both == alone
    # Worked out from the rows: 2 totals rows dropped, impressions blank on every 41st.
    kept = [i for i in range(ROWS) if i not in (1000, 2100)]
    total = sum(10_000 + 37 * i for i in kept if i % 41)
    assert both["total"]["kpis"]["impressions"]["value"] == total


def runner_json(path: Path) -> Any:
    result = CliRunner().invoke(app, ["score", str(path), "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_sum_past_what_kpi_adds_exactly_quotes_the_cell_as_written(tmp_path: Path) -> None:
    # The workers hand over numbers in place of text; to quote the cell that takes a sum
    # too far as the file writes it, the file is read again keeping the text.
    lines = [real_looking(i) for i in range(ROWS)]
    lines[2500] = '3/1/2025,@creator_1,p2500,"999,999,999,999,999,999",1,$1.00\n'
    lines[2600] = '3/1/2025,@creator_1,p2600,"999,999,999,999,999,999",1,$1.00\n'
    with pytest.raises(InputError, match=r"row 2,602, column 'impressions': value '999,999,999,999,999,999'"):
        score_files([str(write(tmp_path, lines))])


def test_a_worker_makes_a_columns_numbers_as_the_reader_takes_them() -> None:
    # convert.ready: the numpy frames' _numeric_array makes, with the bounds and sum the
    # main thread's checks want, from the buffers (no pandas on a worker).
    import numpy as np

    from kpi_cli.read.convert import ready

    counts = pa.array([3, None, -2, 10], pa.int64())
    made = ready(counts, summed=True)
    assert made is not None
    assert made.data.tolist() == [3, 0, -2, 10] and made.mask is not None
    assert made.mask.tolist() == [False, True, False, False]
    assert (made.lo, made.hi, made.total) == (-2, 10, 11.0)  # 3 - 2 + 10
    assert made.values.equals(counts) and not made.data.flags.writeable  # held once, shared
    taken = frames._numeric_array(counts)
    assert taken.data.tolist() == made.data.tolist() and taken.mask.tolist() == made.mask.tolist()
    money = pa.array([1.5, None, 2.25], pa.float64()).slice(1)
    made = ready(money)
    assert made is not None and made.mask is None and made.total is None
    assert np.isnan(made.data[0]) and made.data[1] == 2.25 and (made.lo, made.hi) == (2.25, 2.25)
    assert ready(pa.array([], pa.int64())) is None
    assert ready(pa.array(["1"], pa.string())) is None


def test_blank_label_subtotals_after_the_first_batch_are_left_out(tmp_path: Path) -> None:
    # Audit U-1: a tracker sorted by creator with a sum line (`=SUM()`, blank labels, no
    # date) under each creator's posts. The subtotal check compared each line with what the
    # reader had summed, which lacks the rows held back at the file's ends (its first row,
    # each batch's last 3) until the file is read: from the second batch (2 KiB here, ~10 MB
    # in a real read) every sum line was off by them and counted as a post.
    lines = []
    for k, (who, shown) in enumerate([("@ana", 1000), ("@ben", 2000), ("@cy", 3000)]):
        for i in range(40):  # 40 posts of `shown` impressions, 20 clicks, $5.00 each
            # (one of @ben's typed without creator and ID, dated: a post, in his sum; audit U-7)
            named = f"{who},p{k}_{i}" if (k, i) != (1, 10) else ","
            lines.append(f"2025-03-{1 + i % 28:02d},{named},{shown},20,5.00\n")
        lines.append(f",,,{40 * shown},800,200.00\n")  # the creator's sum line
    path = write(tmp_path, lines)
    assert path.stat().st_size > 2 * chunks.BLOCK_SIZE  # the sum lines fall in three batches
    data = runner_json(path)
    kpis = data["total"]["kpis"]
    assert kpis["posts"]["value"] == 120  # 3 creators x 40 posts, no sum line
    assert kpis["impressions"]["value"] == 240_000  # 40 x (1,000 + 2,000 + 3,000)
    assert kpis["clicks"]["value"] == 2_400  # 120 x 20
    assert kpis["total_spend"]["value"] == pytest.approx(600.00)  # 120 x $5.00
    assert kpis["activated_influencers"]["value"] == 3  # (the blank one is no creator)
    # rows 42, 83, 124: under the 40 posts of each creator (row 1 the header)
    assert [d["row"] for d in data["reading"][0]["dropped"]] == [42, 83, 124]


def test_a_second_currency_past_the_sniffed_rows_is_named_by_its_row(tmp_path: Path) -> None:
    # Audit U-5: `$` money, then one `€` amount at row 2,502. The refusal named the column
    # alone ("'€' in column 'spend'"): the worker had made the cells numbers, so the file is
    # read again as text to quote the cell and its row.
    lines = [real_looking(i) for i in range(ROWS)]
    lines[2500] = "3/1/2025,@creator_1,p2500,1000,1,€12.00\n"
    with pytest.raises(InputError, match=r"EUR \('€12.00' in column 'spend', row 2,502\) and USD"):
        score_files([str(write(tmp_path, lines))])


def test_a_count_with_a_fraction_in_a_decimal_comma_file_is_quoted_as_written(tmp_path: Path) -> None:
    # Audit U-6: in a `;` file of `1.234` thousands and `12,50 €` money, row 2,502's
    # impressions `12,345` (twelve and a bit) was quoted as '12.345', the number read, which
    # is how this file writes twelve thousand: the column is read again as text to quote it.
    lines = [
        f"2025-03-{1 + i % 28:02d};@creator_{i % 7};p{i};{10_000 + i:,};{i % 13};{i % 90},50 €\n"
        for i in range(ROWS)
    ]
    lines = [line.replace(",", ".", 1) for line in lines]  # 10.000: the thousands
    lines[2500] = "2025-03-01;@creator_1;p2500;12,345;1;12,50 €\n"
    path = tmp_path / "export.csv"
    path.write_text("date;influencer;post_id;impressions;clicks;spend\n" + "".join(lines))
    with pytest.raises(InputError, match=r"row 2,502, column 'impressions': value '12,345' is a fraction"):
        score_files([str(path)])


def test_a_creators_name_is_read_as_the_handle_a_later_row_pairs_it_with(tmp_path: Path) -> None:
    # Audit U-9: `Handle` and `Creator Name`; a blank handle is read as the name, and a name
    # as the handle a row pairs it with, but pairs were learnt from the sniffed rows only
    # (64 KB and the last 16 KB). `Ava Late` first comes at row 3,002, her post at row 3,102
    # without its handle: a 12th creator `Ava Late` with 1 post beside @ava.late's 2.
    lines = ["Date,Handle,Creator Name,Post ID,Impressions,Spend\n"]
    for i in range(6000):
        handle, name = (
            (f"@c{i % 10}", f"Creator {i % 10}") if i not in (3000, 3100, 3200) else ("@ava.late", "Ava Late")
        )
        lines.append(f"2025-03-{1 + i % 28:02d},{'' if i == 3100 else handle},{name},P{i},{1000 + i},1.00\n")
    path = tmp_path / "tracker.csv"
    path.write_text("".join(lines))
    assert len("".join(lines[:3000]).encode()) > sniff.SNIFF_BYTES  # her rows are past the sniff
    report = score_files([str(path)], by=["influencer"])
    assert report.total.kpi("activated_influencers").value == 10 + 1
    ava = next(g for g in report.groups if g.label == "@ava.late")
    assert ava.kpi("posts").value == 3  # rows 3,002, 3,102 and 3,202
    assert ava.kpi("impressions").value == 4_000 + 4_100 + 4_200


# --------------------------------------------------------------------------- short lines (audit U-2, U-4)


def written(tmp_path: Path, lines: list[str], form: str) -> Path:
    """The file as `form` says: "chunks" (parsed in chunks), "stray" (a quote inside row 1,202's
    post ID: chunks up to there, the streaming reader from there), "utf-16" (streamed whole)."""
    if form == "stray":
        at = next(k for k, line in enumerate(lines) if ",p1200," in line)
        lines = lines.copy()
        lines[at] = lines[at].replace(",p1200,", ',p1200",', 1)
    path = write(tmp_path, lines)
    if form == "utf-16":
        path.write_bytes(path.read_text().encode("utf-16"))
    return path


def streamed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the streaming reader's passes that pad short lines (chunks._Padded)."""
    made: list[int] = []
    padded = chunks._Padded

    class Counted(padded):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any) -> None:
            made.append(1)
            super().__init__(*args)

    monkeypatch.setattr(chunks, "_Padded", Counted)
    return made


@pytest.mark.parametrize("form", ["chunks", "stray", "utf-16"])
def test_excel_rows_without_their_last_cells_past_the_first_batch(
    tmp_path: Path, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Audit U-4: Excel writes some rows without their trailing empty cells, in groups further
    # down a file. Rows 2,002-2,011 lack spend (`...,p2000,3000,11`), rows 2,502-2,506 lack
    # clicks and spend (`...,p2500,3500`): read as blank cells, not refused ("5 cells where
    # the header has 6"). Each row's own cells count; every row keeps its number.
    lines = [row(i) for i in range(ROWS)]
    no_spend, no_clicks = range(2000, 2010), range(2500, 2505)
    for i in no_spend:
        lines[i] = lines[i].rsplit(",", 1)[0] + "\n"
    for i in no_clicks:
        lines[i] = lines[i].rsplit(",", 2)[0] + "\n"
    path = written(tmp_path, lines, form)
    assert path.stat().st_size > 20 * chunks.BLOCK_SIZE  # the short rows are far past the first batch
    made = streamed(monkeypatch)
    data = runner_json(path)
    assert bool(made) == (form != "chunks")  # (the path the test means to take)
    kpis = data["total"]["kpis"]
    assert kpis["posts"]["value"] == ROWS  # 3,000: no row lost
    # impressions 1,000 + i on every row: 3,000 x 1,000 + (0 + ... + 2,999) = 3,000,000 + 4,498,500
    assert kpis["impressions"]["value"] == 3_000 * 1_000 + 2_999 * 3_000 // 2 == 7_498_500
    # clicks i % 13 on every row but the 5 without them
    assert kpis["clicks"]["value"] == sum(i % 13 for i in range(ROWS)) - sum(i % 13 for i in no_clicks)
    assert kpis["clicks"]["missing"] == {"clicks": 5}
    # spend (i x 37 mod 10,000) cents on every row but the 15 without it
    left_out = sum((Decimal((i * 37) % 10_000) / 100 for i in [*no_spend, *no_clicks]), Decimal(0))
    assert Decimal(str(kpis["total_spend"]["value"])) == exact_spend(ROWS) - left_out
    assert kpis["total_spend"]["missing"] == {"spend": 15}
    # a bad cell under them names its own row (2,802: the header is row 1)
    lines[2800] = lines[2800].replace(",p2800,", ",p2800,12%", 1).replace(",3800,", ",", 1)
    with pytest.raises(InputError, match=r"row 2,802, column 'impressions'"):
        score_files([str(written(tmp_path, lines, form))])


@pytest.mark.parametrize("form", ["chunks", "stray", "utf-16"])
def test_title_lines_past_the_first_batch_are_left_out_and_said(
    tmp_path: Path, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Audit U-2: a Sheets tracker's next month (a blank line, `April 2025`, the header again),
    # then a second export joined with cat (`sep=,`, its title and date range, a blank line, its
    # header). Each line was refused ("1 cells where the header has 6 ('April 2025')").
    lines = [row(i) for i in range(ROWS)]
    lines[2000:2000] = ["\n", "April 2025\n", HEADER]  # lines 2,002-2,004
    lines[2503:2503] = ["sep=,\n", "Campaign report\n", "Date range: 03/01/2025 - 03/31/2025\n", "\n", HEADER]
    made = streamed(monkeypatch)
    data = runner_json(written(tmp_path, lines, form))
    assert bool(made) == (form != "chunks")
    kpis = data["total"]["kpis"]
    assert kpis["posts"]["value"] == ROWS  # 3,000: no title is a post
    assert kpis["activated_influencers"]["value"] == 7  # @creator_0 to @creator_6, no `April 2025`
    assert kpis["impressions"]["value"] == 7_498_500  # 3,000 x 1,000 + (0 + ... + 2,999)
    assert Decimal(str(kpis["total_spend"]["value"])) == exact_spend(ROWS)
    # 2,000 rows under the header (rows 2-2,001), a blank line (2,002), the title (2,003); 500
    # rows more and the header again (2,004) put `sep=,` on row 2,505.
    dropped = {d["row"]: d["label"] for d in data["reading"][0]["dropped"]}
    assert dropped == {
        2_003: "April 2025",
        2_505: "sep=,",
        2_506: "Campaign report",
        2_507: "Date range: 03/01/2025 - 03/31/2025",
    }


@pytest.mark.parametrize("form", ["chunks", "stray", "utf-16"])
def test_rows_under_empty_lines_keep_their_numbers_across_batches(tmp_path: Path, form: str) -> None:
    # Two empty lines (after rows 501 and 1,502) were skipped uncounted: row 2,504's bad cell
    # was said to be on row 2,502. Rows: the header 1, row(i) on i + 2, + 1 per empty line above.
    lines = [row(i, clicks="12x" if i == 2500 else None) for i in range(ROWS)]
    lines[1500:1500] = ["\n"]
    lines[500:500] = ["\r\n" if form == "chunks" else "\n"]
    with pytest.raises(InputError, match=r"row 2,504, column 'clicks'"):
        score_files([str(written(tmp_path, lines, form))])


def _name_tracker(
    tmp_path: Path, blank: set[int], ava: set[int], rows: int = 6000, tier: bool = False
) -> Path:
    """`Handle` and `Creator Name`: @c0..@c9 (`Creator 0`..), @ava.late (`Ava Late`) on the
    rows `ava`; the handle blank on the rows `blank`. Impressions 1,000 + i, spend 1.00."""
    lines = ["Date,Handle,Creator Name,Post ID,Impressions,Spend" + (",Tier" if tier else "") + "\n"]
    for i in range(rows):
        handle, name, size = (
            ("@ava.late", "Ava Late", "nano") if i in ava else (f"@c{i % 10}", f"Creator {i % 10}", "micro")
        )
        cells = [
            f"2025-03-{1 + i % 28:02d}",
            "" if i in blank else handle,
            name,
            f"P{i}",
            str(1000 + i),
            "1.00",
        ]
        lines.append(",".join([*cells, *([size] if tier else [])]) + "\n")
    path = tmp_path / "tracker.csv"
    path.write_text("".join(lines))
    return path


def test_a_blank_handle_before_every_row_pairing_its_name_is_the_handle(tmp_path: Path) -> None:
    # Audit U-9's remaining case: `Ava Late` on row 102 with a blank handle, dozens of 2 KiB
    # batches before rows 3,002, 3,102 and 3,202 pair her with @ava.late. Read as her name,
    # she was a 12th creator `Ava Late` with 1 post beside @ava.late's 3.
    path = _name_tracker(tmp_path, blank={100}, ava={100, 3000, 3100, 3200})
    assert len("".join(path.read_text().splitlines(True)[:3001]).encode()) > 30 * 2048
    report = score_files([str(path)], by=["influencer"])
    assert report.total.kpi("activated_influencers").value == 10 + 1
    assert report.total.kpi("posts").value == 6000
    assert [g.label for g in report.groups if "ava" in g.label.lower()] == ["@ava.late"]
    ava = next(g for g in report.groups if g.label == "@ava.late")
    assert ava.kpi("posts").value == 4  # rows 102, 3,002, 3,102, 3,202
    assert ava.kpi("impressions").value == 1_100 + 4_000 + 4_100 + 4_200  # 13,400


def test_a_blank_handle_re_keyed_at_the_end_counts_once_in_a_tier(tmp_path: Path) -> None:
    # --by tier: the tier's activated influencers count creators, and `Ava Late` was one
    # beside @ava.late (nano: 2 creators for 1). In CSV as in JSON: one reading.
    path = _name_tracker(tmp_path, blank={100}, ava={100, 3000, 3100, 3200}, tier=True)
    result = CliRunner().invoke(app, ["score", str(path), "-f", "json", "-q", "--by", "tier"])
    assert result.exit_code == 0, result.output
    groups = {g["label"]: g["kpis"] for g in json.loads(result.stdout)["groups"]}
    assert groups["nano"]["activated_influencers"]["value"] == 1
    assert groups["nano"]["posts"]["value"] == 4
    assert groups["micro"]["activated_influencers"]["value"] == 10
    assert groups["micro"]["posts"]["value"] == 6000 - 4


def test_a_blank_handle_whose_name_two_rows_pair_differently_is_refused(tmp_path: Path) -> None:
    # `Ava Late` is @ava.late on rows 3,002 and 3,102, @ava.other on row 3,202: two creators
    # of one name, and row 102 (no handle) either's. kpi kept the first pair silently.
    path = _name_tracker(tmp_path, blank={100}, ava={100, 3000, 3100, 3200})
    text = path.read_text().replace(",@ava.late,Ava Late,P3200,", ",@ava.other,Ava Late,P3200,")
    path.write_text(text)
    with pytest.raises(
        InputError,
        match=r"row 102, column 'Handle': blank, and its name 'Ava Late' \(column 'Creator Name'\) is paired "
        r"with '@ava.late' and with '@ava.other' \(row 3,202\)",
    ):
        score_files([str(path)], by=["influencer"])


def test_a_file_of_names_alone_holds_only_so_many_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every handle blank: every name waits for a pairing that never comes. Past
    # _UNPAIRED_ROWS rows held (here 500) they are counted under their names; none is
    # held longer, and the figures are the names' (10 creators, 6,000 posts).
    monkeypatch.setattr(frames, "_UNPAIRED_ROWS", 500)
    most: list[int] = []
    take = frames._Rekeyed.take

    def watched(self: frames._Rekeyed, frame: Any) -> None:
        take(self, frame)
        most.append(self.rows)

    monkeypatch.setattr(frames._Rekeyed, "take", watched)
    path = _name_tracker(tmp_path, blank=set(range(6000)), ava=set())
    report = score_files([str(path)], by=["influencer"])
    assert report.total.kpi("activated_influencers").value == 10
    assert report.total.kpi("posts").value == 6000
    assert sorted(g.label for g in report.groups) == [f"Creator {i}" for i in range(10)]
    assert max(most) <= 500


def test_a_name_given_up_on_that_a_later_row_pairs_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rows 2..4,001 name their creators only; past 500 rows held they count under the names.
    # Rows 4,002..4,101 then pair each with a handle (none in the sniffed rows: the rows
    # after them are blank again): each creator's rows would be two creators.
    monkeypatch.setattr(frames, "_UNPAIRED_ROWS", 500)
    path = _name_tracker(tmp_path, blank=set(range(4000)) | set(range(4100, 6000)), ava=set())
    with pytest.raises(
        InputError,
        match=r"row 4,002 gives 'Creator 0' \(column 'Creator Name'\) the handle '@c0' \(column 'Handle'\), "
        r"but rows from 2 on",
    ):
        score_files([str(path)], by=["influencer"])


def test_a_summary_row_sums_the_rows_waiting_for_their_handle(tmp_path: Path) -> None:
    # The last row, every name blank, sums every row above: the file's own total (totals.Held
    # compares it with what was counted). Row 102 waits for @ava.late's rows till the end of
    # the file; left out of the sums it is compared with, the total was a post of its own.
    path = _name_tracker(tmp_path, blank={100}, ava={100, 3000, 3100, 3200})
    impressions = sum(1000 + i for i in range(6000))  # 6,000,000 + 17,997,000
    with path.open("a") as f:
        f.write(f",,,,{impressions},6000.00\n")
    report = score_files([str(path)], by=["influencer"])
    assert report.total.kpi("posts").value == 6000
    assert report.total.kpi("impressions").value == 23_997_000
    assert report.total.kpi("activated_influencers").value == 11
