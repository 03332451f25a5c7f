"""Issue 22: tables that read well in any terminal.

Every figure whole at 80 and 120 columns, one number style per column, the verdict's mark
and word whether colour is on or off, piped output without trailing spaces, ASCII on a
console that cannot write `✓`, Markdown that carries what the table carries.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from kpi_cli import fmt
from kpi_cli.cli import app
from kpi_cli.text import TidyWriter

runner = CliRunner()
DATA = Path(__file__).parent / "data"
THREE = str(DATA / "three_posts.csv")
SAMPLE = str(Path(__file__).parent.parent / "sample_data" / "campaign_posts.csv")
CLIENTS = str(Path(__file__).parent.parent / "sample_data" / "clients.csv")
DAILY = str(Path(__file__).parent.parent / "sample_data" / "brand_daily.csv")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str, columns: int | None = 80) -> str:
    env = {"COLUMNS": str(columns)} if columns else {}
    quiet = ["-q"] if args[0] in ("score", "lift", "retention") else []
    result = runner.invoke(app, [*args, *quiet], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def fits(out: str, width: int) -> None:
    """Every line within `width` cells, no figure cut (`…`), no trailing blanks."""
    for line in ANSI.sub("", out).splitlines():
        assert cell_len(line) <= width, line
        assert "…" not in line, line
        assert line == line.rstrip(), repr(line)


# --------------------------------------------------------------------------- numbers


def test_a_column_shares_its_decimals() -> None:
    # Engagement rate by creator: 5 %, 4.22 %, 3.83 % are written with the two decimals the
    # smallest needs, not `5%` above `4.22%`.
    show = fmt.column("percent", [5.0, 4.22, 3.83, None])
    assert [show(v) for v in (5.0, 4.22, 3.83, None)] == ["5.00%", "4.22%", "3.83%", "—"]
    # ROAS 0.7× above 1.8× is 0.70× above 1.80×.
    ratio = fmt.column("ratio", [0.7, 1.8])
    assert (ratio(0.7), ratio(1.8)) == ("0.70×", "1.80×")
    # A column of rates from 12.5 % to 240 %: the one decimal 12.5 % needs, down the column.
    wide = fmt.column("percent", [240.4, 12.5])
    assert (wide(240.4), wide(12.5)) == ("240.4%", "12.5%")


def test_money_per_unit_stays_whole_and_totals_compact_with_three_figures() -> None:
    cost = fmt.column("money", [1653.444, 16_400.0], exact=True)  # cost per post
    assert (cost(1653.444), cost(16_400.0)) == ("$1,653.44", "$16,400.00")
    totals = fmt.column("money", [18_019.5, 179_412.0, 9_812.4])  # revenue by creator
    # 18,019.50 → three figures `$18.0K`, not `$18K`; under $10K beside them: whole dollars.
    assert (totals(18_019.5), totals(179_412.0), totals(9_812.4)) == ("$18.0K", "$179K", "$9,812")
    small = fmt.column("money", [12.4, 9_812.4])  # no total of $10K or more: cents everywhere
    assert (small(12.4), small(9_812.4)) == ("$12.40", "$9,812.40")


def test_no_scientific_notation_no_negative_zero() -> None:
    # CTR of 1 click on 17.5M impressions = 5.7e-06 %: never `5.7e-06%`.
    assert fmt.percent(1 / 17_500_000 * 100) == "<0.01%"
    assert fmt.column("percent", [1 / 17_500_000 * 100, 2.0])(1 / 17_500_000 * 100) == "<0.01%"
    # CPM of a refund row that leaves -$0.000004: not `-$0.00`.
    assert fmt.money(-0.000004) == ">-$0.01"
    assert fmt.money(-0.0) == "$0.00"
    assert fmt.percent(-0.0) == "0.00%"
    assert fmt.ratio(-0.001) == ">-0.01×"


def test_locales_write_their_own_marks() -> None:
    de = fmt.style("de_DE", "€")
    fr = fmt.style("fr", "€")
    assert fmt.money(1234.56, s=de) == "1.234,56 €"
    assert fmt.money(1234.56, s=fr) == "1 234,56 €"
    assert fmt.money(-1234.56, s=fmt.style("nl", "€")) == "-€ 1.234,56"
    assert fmt.percent(3.48, s=de) == "3,48 %"
    assert fmt.count(12_345, s=de) == "12,3K"
    assert fmt.count(1_234, s=fr) == "1 234"


def test_band_labels_follow_the_locale() -> None:
    de = fmt.style("de", "$")
    assert fmt.relabel("$0.30–$1.00", de) == "0,30 $–1,00 $"
    assert fmt.relabel("≥ $1,000", de) == "≥ 1.000 $"
    assert fmt.relabel("1–3%", de) == "1–3 %"
    assert fmt.relabel("$0.30–$1.00", fmt.style("en", "$")) == "$0.30–$1.00"
    # a note: the numbers change marks, the dates and the punctuation do not
    note = "48,994 on 2025-03-30, per day: 99.3 vs 43.6"
    assert fmt.relabel(note, de) == "48.994 on 2025-03-30, per day: 99,3 vs 43,6"
    out = run("score", THREE, "--locale", "de")
    row = next(line for line in out.splitlines() if "CTR" in line)
    assert "1,25 %" in row and "✓ good 1–2 %" in row  # 50 clicks / 4,000 impressions


_NUMBER = re.compile(r"-?[\d,]*\.?(\d*)")


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False) | st.none(), min_size=1, max_size=20))
def test_every_column_shares_one_number_of_decimals(values: list[float | None]) -> None:
    for unit in ("percent", "ratio"):
        show = fmt.column(unit, values)
        texts = [show(v) for v in values if v is not None]
        decimals = {
            len(m.group(1))
            for t in texts
            if not t.startswith(("<", ">")) and (m := _NUMBER.match(t.lstrip("-"))) is not None
        }
        assert len(decimals) <= 1, texts
        for text in texts:
            assert "e" not in text and "inf" not in text and "nan" not in text
            assert not re.match(r"-0(\.0+)?[%×]", text), text
    exact = fmt.column("money", values, exact=True)
    for v in values:
        if v is not None and abs(v) >= 0.005:
            assert re.fullmatch(r"-?\$[\d,]+\.\d\d", exact(v)), exact(v)


# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize(
    "args",
    [
        ["score", SAMPLE],
        ["score", SAMPLE, "--by", "influencer"],
        ["score", SAMPLE, "--by", "influencer,platform"],
        ["score", SAMPLE, "--by", "date", "--period", "week"],
        ["retention", CLIENTS],
        ["lift", DAILY, "--campaign", "2025-03-31..2025-04-27", "--by-week"],
        ["benchmarks"],
    ],
)
def test_every_figure_whole_at_the_width(args: list[str], width: int) -> None:
    fits(run(*args, columns=width), width)


@pytest.mark.parametrize("width", [40, 50, 64])
def test_a_very_narrow_terminal_puts_the_verdict_under_the_name(width: int) -> None:
    out = run("score", SAMPLE, columns=width)
    fits(out, width)
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("Cost per post"))
    assert "$1,653.44" in lines[at]  # Σ spend / 164 posts, whole
    assert lines[at + 1].strip().startswith("✗ poor")


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_the_goals_table_fits_with_every_figure_whole(width: int, tmp_path: Path) -> None:
    goals = tmp_path / "goals.yaml"
    made = runner.invoke(app, ["goals", "init", SAMPLE, "-o", str(goals), "-q"])
    assert made.exit_code == 0, made.output
    out = run("score", SAMPLE, "--goals", str(goals), columns=width)
    fits(out, width)
    assert "$87.59" in out  # the CPA the starter goal is set from, whole
    assert "no attainment: the target is not above 0" in " ".join(out.split())  # ROI's note


@pytest.mark.parametrize("width", [40, 46])
def test_lift_weeks_on_a_very_narrow_terminal_wrap_labels_not_figures(width: int) -> None:
    out = run("lift", DAILY, "--campaign", "2025-03-31..2025-04-27", "--by-week", columns=width)
    fits(out, width)
    assert "3.05%" in out  # W17's audience growth: whole


def test_a_pipe_without_columns_is_laid_out_for_80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    result = runner.invoke(app, ["score", SAMPLE, "--by", "influencer", "-q"])
    assert result.exit_code == 0
    fits(result.stdout, 80)
    assert max(cell_len(line) for line in result.stdout.splitlines()) > 70  # it uses the 80


def test_breakdown_cells_keep_their_marks_with_colour() -> None:
    # @ana: 70 engagements / 1,500 impressions = 4.67 % (excellent, ≥ 3 %); CTR 20 / 1,500
    # = 1.33 % (good, 1–2 %). With colour on, the mark is still there beside the colour.
    out = runner.invoke(app, ["score", THREE, "--by", "influencer", "--color", "always", "-q"]).stdout
    assert "\x1b[" in out  # colour is on
    ana = next(ANSI.sub("", line) for line in out.splitlines() if "@ana" in line)
    assert "✓✓ 4.67%" in ana and "✓  1.33%" in ana  # the mark first: figures stay aligned
    assert "✓✓ excellent · ✓ good · ~ fair · ✗ poor (colour repeats the mark)" in ANSI.sub("", out)
    plain = run("score", THREE, "--by", "influencer", "--color", "never")
    assert "✓✓ 4.67%" in plain and "(colour repeats the mark)" not in plain


def test_the_funnel_says_mark_and_word() -> None:
    # Total engagement rate 220 / 4,000 = 5.50 %: `✓✓ excellent` with colour and without.
    for color in ("always", "never"):
        out = ANSI.sub("", run("score", THREE, "--color", color))
        row = next(line for line in out.splitlines() if "Engagement rate " in line)
        assert "5.50%" in row and "✓✓ excellent ≥ 3%" in row


def test_narrow_funnel_moves_notes_under_the_table() -> None:
    out = run("score", SAMPLE)
    # the sample's completed views are missing in 40 of its 164 rows
    assert "1. completed views missing in 40 of 164 rows" in out
    row = next(line for line in out.splitlines() if "Video completion rate" in line)
    assert row.split()[-1] == "1,2,3"


def test_retention_splits_its_columns_rather_than_cropping() -> None:
    out = run("retention", CLIENTS, columns=60)
    fits(out, 60)
    # Q1 → Q2 2025: (18 − 3) / 16 = 93.75 % → 93.8 %, excellent (≥ 90 %), whole.
    row = next(line for line in out.splitlines() if "2025-Q1 │ 2025-Q2" in line and "93.8%" in line)
    assert "✓✓ 93.8%" in row and "excellent ≥ 90%" in out
    assert out.count("From") >= 2  # the label columns repeat in each panel


def test_markdown_breakdown_carries_title_ranking_and_notes() -> None:
    out = run("score", SAMPLE, "--by", "influencer", "--sort", "cpe", "--top", "3", "-f", "markdown")
    assert out.startswith("**") and "· by influencer**" in out.splitlines()[0]
    assert "sorted by CPE, lowest first · top 3 of 14 groups by influencer" in out
    assert "| Engagement rate [1] |" in out or "Engagement rate [1]" in out
    assert "\n1. saves missing in 5 of 164 rows" in out
    assert "✓✓ excellent" in out


def test_the_export_currency_and_locale() -> None:
    out = run("score", THREE, "--locale", "de")
    # CPM: 500 / 4,000 × 1,000 = 125.00 → `125,00 $` in German marks
    row = next(line for line in out.splitlines() if "CPM" in line)
    assert "125,00 $" in row
    bad = runner.invoke(app, ["score", THREE, "--locale", "xx", "-q"])
    assert bad.exit_code == 2 and "--locale xx: unknown" in bad.stderr


# --------------------------------------------------------------------------- consoles


def test_tidy_writer_takes_trailing_blanks_off_and_keeps_colour_codes() -> None:
    buffer = io.StringIO()
    TidyWriter(buffer).write("a   \n\x1b[2m b \x1b[0m  \nc")
    assert buffer.getvalue() == "a\n\x1b[2m b\x1b[0m\nc"


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize(
    "args", [["score", SAMPLE], ["score", SAMPLE, "--by", "influencer"], ["benchmarks"], ["kpis", "ctr"]]
)
def test_a_console_without_unicode_gets_ascii(encoding: str, args: list[str]) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "kpi_cli", *args], capture_output=True, env=env, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert b"please report" not in done.stderr and b"Traceback" not in done.stderr
    out = done.stdout.decode(encoding)
    assert "?" not in out.replace("Agency?", "")  # nothing fell through to `?` (a title has one)
    if args == ["score", SAMPLE]:
        # `excellent ≥ 3%` as `excellent >=3%`, the same width
        assert "excellent >=3%" in out
    if encoding == "ascii":  # the notes on stderr too: `Handle>influencer`, not UTF-8 bytes
        assert done.stderr.isascii()
    if args[-1] == "influencer" and encoding == "ascii":
        assert out.isascii() and "++" in out and "! " in out  # poor is `!`, never `x` beside `0.66x`


# --------------------------------------------------------------------------- exact text

# three_posts.csv by hand: impressions 1,000 + 2,500 + 500 = 4,000; engagements (40+5+3+2)
# + (100+20+10+20) + (15+3+1+1) = 220 → 5.50 %; clicks 12+30+8 = 50 → 1.25 %; revenue
# 45 + 150 + 0 = $195.00; spend $500.00 → ROAS 0.39×, cost per post 500 / 3 = $166.67,
# CPM 500 / 4,000 × 1,000 = $125.00. @ana: 1,500 impressions, 70 engagements (4.67 %), 20
# clicks (1.33 %), $200 (CPM $133.33); @ben: 2,500, 150 (6.00 %), 30 (1.20 %), $300 ($120.00).
FUNNEL_80 = """\
data/three_posts.csv · 3 rows · 1 Mar 2025 – 9 Mar 2025

 KPI                   Value   Verdict, band       Notes
 ───────────────────────────────────────────────────────
 Consideration
   Engagement rate     5.50%   ✓✓ excellent ≥ 3%
   CTR                 1.25%   ✓ good 1–2%

 Conversion
   Revenue           $195.00
   ROAS                0.39×   ✗ poor < 1×

 Spend efficiency
   Cost per post     $166.67   ✓ good $100–$500    1,2
   CPM               $125.00   ✗ poor > $45

1. tiers mixed (nano, micro): default bands
2. --by tier judges each tier on its own
"""

BREAKDOWN_120 = """\
data/three_posts.csv · 3 rows · 1 Mar 2025 – 9 Mar 2025 · by influencer
┏━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━┓
┃Influencer ┃ Impressions ┃ Engagement rate ┃      CTR ┃        CPM┃
┡━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━┩
│@ana       │       1,500 │        ✓✓ 4.67% │ ✓  1.33% │ ✗  $133.33│
│@ben       │       2,500 │        ✓✓ 6.00% │ ✓  1.20% │ ✗  $120.00│
├───────────┼─────────────┼─────────────────┼──────────┼───────────┤
│Total      │       4,000 │        ✓✓ 5.50% │ ✓  1.25% │ ✗  $125.00│
└───────────┴─────────────┴─────────────────┴──────────┴───────────┘
2 groups by influencer · Total covers all 3 rows · ✓✓ excellent · ✓ good · ~ fair · ✗ poor
"""


def test_the_funnel_at_80_columns_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA.parent)
    kpis = "engagement_rate,ctr,cpm,cost_per_post,revenue,roas"
    assert run("score", "data/three_posts.csv", "--kpis", kpis) == FUNNEL_80


def test_a_breakdown_at_120_columns_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA.parent)
    kpis = "impressions,engagement_rate,ctr,cpm"
    out = run("score", "data/three_posts.csv", "--by", "influencer", "--kpis", kpis, columns=120)
    assert out == BREAKDOWN_120


def test_stderr_notes_are_broken_between_words_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # A `using ...` note runs to hundreds of characters: on a terminal it is broken to its
    # width between words, further lines indented; piped, it stays one line (for grep).
    import io

    from kpi_cli import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    note = "export.csv: using " + ", ".join(f"Column {i}→col_{i}" for i in range(12))
    monkeypatch.setenv("COLUMNS", "40")
    for stream, lines in ((Terminal(), None), (io.StringIO(), 1)):
        monkeypatch.setattr(sys, "stderr", stream)
        cli.info(note, quiet=False)
        out = stream.getvalue().splitlines()
        if lines is None:
            assert len(out) > 1 and all(len(line) <= 40 for line in out)
            assert all(line.startswith("  ") for line in out[1:])
            assert " ".join(line.strip() for line in out) == note
        else:
            assert out == [note]


_CELL = st.text(alphabet=st.sampled_from("ab ✓✗≥–,.%$0129\n€界"), max_size=24)


@given(
    rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=6),
    min_width=st.integers(0, 30),
    narrow=st.booleans(),
    width=st.integers(30, 130),
)
def test_a_table_that_fits_is_drawn_as_rich_would_without_measuring(
    rows: list[list[str]], min_width: int, narrow: bool, width: int
) -> None:
    """render._lay_out gives a funnel table that fits its natural widths as fixed ones, so
    rich skips measuring every cell: the lines drawn must be the very ones rich draws
    measuring them itself, at any width (a table too wide is left to rich)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from kpi_cli.render import _lay_out

    def drawn(fixed: bool) -> str:
        out = Table(title=Text("a title"), pad_edge=False, box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD)
        out.add_column("KPI", overflow="fold")
        out.add_column("Value", justify="right", no_wrap=True)
        out.add_column("Notes", min_width=min_width, overflow="fold")
        for cells in rows:
            out.add_row(Text(cells[0]), cells[1], Text(cells[2]))
        if fixed:
            _lay_out(out, [], width)
        buffer = io.StringIO()
        Console(file=buffer, width=width, markup=False, emoji=False, color_system=None).print(out)
        return buffer.getvalue()

    assert drawn(fixed=True) == drawn(fixed=False)


class _Terminal(io.StringIO):
    """stderr as a terminal: the progress bar draws only on one."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("color", ["always", "never"])
def test_the_progress_bar_says_reading_not_a_style_tag(monkeypatch: pytest.MonkeyPatch, color: str) -> None:
    # kpi's consoles parse no markup, so the bar's label, written as rich markup
    # (`[progress.description]reading`), was drawn as written on every terminal.
    from kpi_cli import cli

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(cli._ProgressBar, "DELAY", 0.0)
    source = object()
    with cli._ProgressBar(1000, cli.Color(color)) as bar:
        bar(source, 400)  # type: ignore[arg-type]
        bar(source, 1000)  # type: ignore[arg-type]
        assert bar.bar is not None
        bar.bar.refresh()
    drawn = terminal.getvalue()
    assert "reading" in drawn and "[progress" not in drawn
