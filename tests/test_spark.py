"""Sparklines: the function by hand, and the Trend row of `kpi score --by date` on a terminal."""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from kpi_cli import render
from kpi_cli.cli import app
from kpi_cli.render_spark import ASCII_LEVELS, BLOCKS, needs_ascii, period_start, sparkline, timeline
from kpi_cli.score import score_files

runner = CliRunner()

# Four weeks with posts and one without (W12, 17-23 Mar): 1,000 impressions a week and
# 10, 20, 30, 40 clicks, so CTR is 1%, 2%, 3%, 4% (W10, W11, W13, W14) and 2.5% in total.
WEEKS = """Date,Handle,Post ID,Post Impressions,Link Clicks
2025-03-03,@ana,p1,1000,10
2025-03-10,@ben,p2,1000,20
2025-03-24,@ana,p3,1000,30
2025-03-31,@ben,p4,1000,40
"""


def level(value: float, lo: float, hi: float, levels: str = BLOCKS) -> str:
    """The character sparkline gives a value: equal slices of lo..hi, the top one closed."""
    return levels[min(len(levels) - 1, int((value - lo) / (hi - lo) * len(levels)))]


# CTR 1, 2, (gap), 3, 4 between 1 and 4.
CTR_LINE = level(1, 1, 4) + level(2, 1, 4) + " " + level(3, 1, 4) + level(4, 1, 4)
FLAT_LINE = BLOCKS[3] * 2 + " " + BLOCKS[3] * 2  # impressions: 1,000 every week


@pytest.fixture
def weeks(write_csv) -> Path:  # type: ignore[no-untyped-def]
    return write_csv(WEEKS, "weeks.csv")


# ---------------------------------------------------------------------- the function


def test_one_character_a_value_lowest_to_highest() -> None:
    # 0 → the first level; 5 is half-way: 0.5 × 8 levels = level 4; 10 → the top one.
    assert sparkline([0, 5, 10], 3) == BLOCKS[0] + BLOCKS[4] + BLOCKS[7] == "▁▅█"
    assert CTR_LINE == "▁▃ ▆█"  # 2 → int(1/3 × 8) = 2, 3 → int(2/3 × 8) = 5
    assert sparkline([10, 5, 0], 5) == "█▅▁"  # fewer values than cells: one cell each


def test_missing_values_are_spaces_and_equal_values_a_flat_line() -> None:
    assert sparkline([1.0, None, 3.0], 3) == BLOCKS[0] + " " + BLOCKS[7]
    assert sparkline([2.0, math.nan, 2.0], 3) == BLOCKS[3] + " " + BLOCKS[3]
    assert sparkline([7, 7, 7, 7], 4) == "▄▄▄▄"
    assert sparkline([None, None, None], 3) == "   "
    assert sparkline([], 5) == ""
    assert sparkline([1, 2, 3], 0) == ""


def test_more_values_than_cells_are_averaged_in_buckets() -> None:
    # 6 values in 3 cells: (1+1)/2, (3+3)/2, (5+5)/2 = 1, 3, 5 → bottom, half (level 4), top.
    assert sparkline([1, 1, 3, 3, 5, 5], 3) == BLOCKS[0] + BLOCKS[4] + BLOCKS[7]
    # 5 values in 2 cells: [0, 2] and [4, 6, 8] → means 1 and 6.
    assert sparkline([0, 2, 4, 6, 8], 2) == BLOCKS[0] + BLOCKS[7]
    # A bucket of missing values stays missing; one known value in a bucket is its mean.
    assert sparkline([None, None, 4, None, 8, 8], 3) == " " + BLOCKS[0] + BLOCKS[7]


def test_ascii_levels() -> None:
    # 5 levels: 5 is half-way → int(0.5 × 5) = level 2.
    assert sparkline([0, 5, 10], 3, ascii=True) == ASCII_LEVELS[0] + ASCII_LEVELS[2] + ASCII_LEVELS[4]
    assert sparkline([0, 5, 10], 3, ascii=True) == "_-^"
    assert sparkline([3, 3], 2, ascii=True) == "--"
    assert needs_ascii("ascii") and needs_ascii("cp1252")
    assert not needs_ascii("utf-8")


def test_timeline_fills_the_periods_without_rows() -> None:
    assert [key for _, key in timeline(["2025-W14", "2025-W10", "2025-W11"], "week")] == [
        "2025-W10", "2025-W11", None, None, "2025-W14",
    ]  # fmt: skip
    assert [key for _, key in timeline(["2024-12", "2025-02"], "month")] == ["2024-12", None, "2025-02"]
    days = timeline(["2025-02-27", "2025-03-01"], "day")
    assert days == [
        (date(2025, 2, 27), "2025-02-27"),
        (date(2025, 2, 28), None),
        (date(2025, 3, 1), "2025-03-01"),
    ]
    # ISO weeks across the new year: 2024-W52 (23 Dec) is followed by 2025-W01 (30 Dec).
    assert period_start("2025-W01", "week") == date(2024, 12, 30)
    assert [key for _, key in timeline(["2024-W52", "2025-W02"], "week")] == ["2024-W52", None, "2025-W02"]


# ---------------------------------------------------------------------- the Trend row


def terminal(*args: str, columns: int = 80):  # type: ignore[no-untyped-def]
    """`kpi score` as on a terminal of `columns` columns (rich's TTY_COMPATIBLE), colour off."""
    env = {"COLUMNS": str(columns), "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    return runner.invoke(app, ["score", *args, "-q"], env=env)


def trend_line(output: str) -> str:
    (line,) = [line for line in output.splitlines() if "Trend" in line]
    return line


@pytest.mark.parametrize("columns", [80, 120])
def test_trend_row_under_the_total_by_week(weeks: Path, columns: int) -> None:
    result = terminal(
        str(weeks), "--by", "date", "--period", "week", "--kpis", "impressions,ctr", columns=columns
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    line = trend_line(result.stdout)
    assert lines.index(line) == next(i for i, text in enumerate(lines) if "Total" in text) + 1
    # Impressions (1,000 a week): flat with the gap; CTR 1→4% with the gap; each right-aligned.
    assert f"{FLAT_LINE} │" in line
    assert line.rstrip().endswith(f"{CTR_LINE} │") or line.rstrip().endswith(f"{CTR_LINE}│")
    assert all(len(text) <= columns for text in lines)


def test_trend_keeps_time_order_when_the_rows_are_sorted(weeks: Path) -> None:
    result = terminal(str(weeks), "--by", "date", "--period", "week", "--kpis", "ctr", "--sort", "ctr")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "2025-W" in line]
    assert rows[0].startswith("│2025-W14")  # best CTR first...
    assert CTR_LINE in trend_line(result.stdout)  # ...the trend still oldest first


def test_a_column_widens_to_a_character_a_period(write_csv) -> None:  # type: ignore[no-untyped-def]
    # 12 days, clicks 1..12 on 100 impressions: CTR 1%..12%, rising. The CTR column's figures
    # (`✓✓ 12.00%`) are narrower than 12 days: the column widens so each day has its character.
    rows = [f"2025-03-{day:02d},@a,p{day},100,{day}" for day in range(1, 13)]
    path = write_csv("Date,Handle,Post ID,Post Impressions,Link Clicks\n" + "\n".join(rows) + "\n")
    result = terminal(str(path), "--by", "date", "--kpis", "ctr")
    assert result.exit_code == 0, result.output
    spark = trend_line(result.stdout).split("│")[2].strip()
    assert len(spark) == 12
    assert spark[0] == BLOCKS[0] and spark[-1] == BLOCKS[-1]
    assert [BLOCKS.index(c) for c in spark] == sorted(BLOCKS.index(c) for c in spark)  # rising


def test_more_periods_than_26_are_averaged(write_csv) -> None:  # type: ignore[no-untyped-def]
    # 40 days (1 Mar – 9 Apr), CTR rising 1%..40%: at most 26 characters, each the mean of
    # its neighbouring days, still rising, from the lowest block to the highest.
    from datetime import date, timedelta

    days = [date(2025, 3, 1) + timedelta(days=i) for i in range(40)]
    rows = [f"{d.isoformat()},@a,p{i},100,{i + 1}" for i, d in enumerate(days)]
    path = write_csv("Date,Handle,Post ID,Post Impressions,Link Clicks\n" + "\n".join(rows) + "\n")
    result = terminal(str(path), "--by", "date", "--kpis", "ctr")
    assert result.exit_code == 0, result.output
    spark = trend_line(result.stdout).split("│")[2].strip()
    assert 3 <= len(spark) <= 26
    assert spark[0] == BLOCKS[0] and spark[-1] == BLOCKS[-1]
    assert [BLOCKS.index(c) for c in spark] == sorted(BLOCKS.index(c) for c in spark)


def test_no_trend_in_files_pipes_or_other_breakdowns(weeks: Path) -> None:
    by_week = ["--by", "date", "--period", "week"]
    for fmt in ("csv", "json", "ndjson", "markdown"):
        result = terminal(str(weeks), *by_week, "-f", fmt)
        assert result.exit_code == 0, result.output
        assert "Trend" not in result.stdout and "▁" not in result.stdout, fmt
    piped = runner.invoke(app, ["score", str(weeks), *by_week, "-q"], env={"COLUMNS": "120"})
    assert piped.exit_code == 0 and "Total" in piped.stdout and "Trend" not in piped.stdout
    # by creator: no time order; by month: one period; --top: not every period shown
    for args in (["--by", "influencer"], ["--by", "date", "--period", "month"],
                 [*by_week, "--sort", "ctr", "--top", "3"]):  # fmt: skip
        result = terminal(str(weeks), *args)
        assert result.exit_code == 0, result.output
        assert "Total" in result.stdout and "Trend" not in result.stdout, args


def test_ascii_console_draws_ascii_levels(weeks: Path) -> None:
    report = score_files([str(weeks)], by=["date"], period="week", kpis=["ctr"])
    screen = io.StringIO()
    console = Console(file=screen, width=80, color_system=None, force_terminal=True)
    for table in render.breakdown_tables(report, plain=True, width=80, trend=True, ascii=True):
        console.print(table)
    ascii_line = (
        "".join(level(v, 1, 4, ASCII_LEVELS) for v in (1, 2))
        + " "
        + "".join(level(v, 1, 4, ASCII_LEVELS) for v in (3, 4))
    )
    assert ascii_line == "_. =^"
    assert ascii_line in trend_line(screen.getvalue())
    assert not any(block in screen.getvalue() for block in BLOCKS)
