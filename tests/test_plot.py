"""`kpi score --plot`: the chart's data and bands from small exports worked out by hand,
the files it writes, and its errors."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpi_cli import plot
from kpi_cli.benchmarks import load
from kpi_cli.cli import app
from kpi_cli.score import score_files

pytest.importorskip("matplotlib")

runner = CliRunner()
SAMPLE = Path(__file__).parent.parent / "sample_data" / "campaign_posts.csv"
PNG = b"\x89PNG\r\n\x1a\n"

# Four weeks with posts and one without (W12): 1,000 impressions a week and 10, 20, 30, 40
# clicks, so CTR is 1%, 2%, (none), 3%, 4%; in total 100 / 4,000 = 2.5%. @ana has p1 and p3:
# (10 + 30) / 2,000 = 2%; @ben p2 and p4: (20 + 40) / 2,000 = 3%.
WEEKS = """Date,Handle,Post ID,Post Impressions,Link Clicks
2025-03-03,@ana,p1,1000,10
2025-03-10,@ben,p2,1000,20
2025-03-24,@ana,p3,1000,30
2025-03-31,@ben,p4,1000,40
"""


@pytest.fixture
def weeks(write_csv) -> Path:  # type: ignore[no-untyped-def]
    return write_csv(WEEKS, "weeks.csv")


def bands(ax) -> list[str]:  # type: ignore[no-untyped-def]
    """The verdicts of the shaded band patches in a panel, in the order drawn."""
    return [p.get_gid().removeprefix("band-") for p in ax.patches if (p.get_gid() or "").startswith("band-")]


def panels(figure) -> list:  # type: ignore[no-untyped-def,type-arg]
    return [ax for ax in figure.axes if ax.get_visible()]


def test_over_time_a_line_per_kpi_with_its_bands(weeks: Path) -> None:
    report = score_files([str(weeks)], by=["date"], period="week", kpis=["impressions", "ctr"])
    figure, chart = plot.build(report, load())
    assert chart.kpis == ["impressions", "ctr"] and chart.kind == "by week"
    impressions, ctr = panels(figure)
    assert impressions.get_title(loc="left") == "Impressions"
    assert ctr.get_title(loc="left") == "CTR · higher is better"
    # W10, W11, W12 (no rows: a gap in the line), W13, W14
    (line,) = ctr.lines[:1]
    values = list(line.get_ydata())
    assert values[:2] == [1.0, 2.0] and math.isnan(values[2]) and values[3:] == [3.0, 4.0]
    assert ctr.get_xticklabels()[0].get_text() == "W10\n3 Mar 2025"
    # CTR bands: poor < 1%, good 1–2%, excellent ≥ 2%. The axis spans the figures 1–4%
    # (edges 1 and 2 inside) padded by 8% of the 3-point span: 0.76 to 4.24.
    assert ctr.get_ylim() == pytest.approx((1 - 0.08 * 3, 4 + 0.08 * 3))
    assert bands(ctr) == ["poor", "good", "excellent"]
    # the Total as a dashed line at 2.5%; impressions have no bands (and a sum has no Total line)
    assert [ln.get_ydata()[0] for ln in ctr.lines[1:]] == [pytest.approx(2.5)]
    assert bands(impressions) == [] and len(impressions.lines) == 1
    # the bands are named beside the panel, not by colour alone
    assert {"poor", "good\n1–2%", "excellent\n≥ 2%"} <= {t.get_text() for t in ctr.texts}


def test_by_group_a_bar_each_with_the_total_line(weeks: Path) -> None:
    report = score_files([str(weeks)], by=["influencer"], kpis=["ctr"])
    figure, chart = plot.build(report, load())
    (ax,) = panels(figure)
    assert chart.kind == "by influencer"
    bars = [p for p in ax.patches if not p.get_gid()]
    assert [b.get_width() for b in bars] == pytest.approx([2.0, 3.0])  # @ana 2%, @ben 3%
    assert [t.get_text() for t in ax.get_yticklabels()] == ["@ana", "@ben"]
    assert ax.lines[0].get_xdata()[0] == pytest.approx(2.5)
    # figures 0 (bars start at 0) to 3, edges 1 and 2 inside: 0 to 3 + 0.24, all three bands
    assert ax.get_xlim() == pytest.approx((0.0, 3 + 0.08 * 3))
    assert bands(ax) == ["poor", "good", "excellent"]
    assert [f" {g.kpi('ctr').display} " for g in report.groups] == [t.get_text() for t in ax.texts][-2:]


def test_without_by_the_total_against_its_bands(weeks: Path) -> None:
    report = score_files([str(weeks)])
    figure, chart = plot.build(report, load())
    # The headline columns with a figure and bands: only CTR here (no engagements, spend, sales).
    assert chart.kind == "of the total" and chart.kpis == ["ctr"]
    (ax,) = panels(figure)
    (bar,) = [p for p in ax.patches if not p.get_gid()]
    assert bar.get_width() == pytest.approx(2.5)
    assert bands(ax) == ["poor", "good", "excellent"]


def test_at_most_six_kpis_those_with_bands_first() -> None:
    report = score_files([str(SAMPLE)], by=["date"], period="week")
    kpis, available = plot.choose_kpis(report, load())
    # The nine headline columns; CPA, posts, impressions and conversions have no bands:
    # the five with bands, then the first without (posts), in the table's order.
    assert available == 9
    assert kpis == ["posts", "engagement_rate", "ctr", "roas", "cpm", "cpe"]


def test_bands_of_another_currency_are_not_shaded(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        "Date,Handle,Post ID,Post Impressions,Amount Spent (EUR)\n"
        "2025-03-03,@a,p1,1000,10\n2025-03-10,@a,p2,1000,20\n2025-03-17,@a,p3,1000,30\n"
    )
    report = score_files([str(path)], by=["date"], period="week", kpis=["cpm"])
    figure, _ = plot.build(report, load())
    (ax,) = panels(figure)
    assert bands(ax) == []
    assert any("no bands: they are in USD, the figures in EUR" in t.get_text() for t in ax.texts)


def test_unit_ticks() -> None:
    assert plot.unit_text(2.0, "percent") == "2%"
    assert plot.unit_text(0.25, "percent") == "0.25%"
    assert plot.unit_text(25.0, "money") == "$25"
    assert plot.unit_text(0.4, "money", "€") == "€0.40"
    assert plot.unit_text(-100.0, "percent") == "-100%"
    assert plot.unit_text(1.5, "ratio") == "1.5×"
    assert plot.unit_text(1_200_000.0, "count") == "1.2M"


# ---------------------------------------------------------------------- the command


def score(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["score", *args])


def test_plot_writes_a_png_and_leaves_stdout_alone(weeks: Path, tmp_path: Path) -> None:
    target = tmp_path / "weeks.png"
    plain = score(str(weeks), "--by", "date", "--period", "week", "-f", "csv", "-q")
    result = score(str(weeks), "--by", "date", "--period", "week", "-f", "csv", "--plot", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == plain.stdout  # the csv, unchanged
    assert target.read_bytes().startswith(PNG)
    assert f"written to {target}" in result.stderr
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, renamed


def test_plot_writes_an_svg_the_same_each_time(weeks: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.SVG"
    for target in (first, second):
        result = score(str(weeks), "--by", "influencer", "--plot", str(target), "-q", "-f", "json")
        assert result.exit_code == 0, result.output
    text = first.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    assert first.read_bytes() == second.read_bytes()


def test_plot_refuses_other_extensions_before_reading(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.csv")  # never opened: the --plot name is checked first
    for name in ("chart.pdf", "chart", "-"):
        result = score(missing, "--plot", name)
        assert result.exit_code == 2
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"kpi: error: --plot {name}:") and ".png or .svg" in line


def test_plot_into_a_missing_folder(weeks: Path, tmp_path: Path) -> None:
    result = score(str(weeks), "--plot", str(tmp_path / "nope" / "c.png"), "-q")
    assert result.exit_code == 2
    assert "does not exist; create it or choose another --plot file" in result.stderr


def test_plot_without_matplotlib(weeks: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` raises ImportError
    result = score(str(weeks), "--plot", str(tmp_path / "c.png"), "-q")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "kpi: error: --plot needs matplotlib: pip install '.[plot]' in kpi's folder (pipx install '.[plot]')"
    )
    assert not (tmp_path / "c.png").exists()


def test_sample_chart_notes_what_it_left_out(tmp_path: Path) -> None:
    target = tmp_path / "w.png"
    result = score(str(SAMPLE), "--by", "date", "--period", "week", "--plot", str(target), "-f", "json")
    assert result.exit_code == 0, result.output
    note = result.stderr.strip().splitlines()[-1]
    assert note == (
        f"kpi: chart of Posts, Engagement rate, CTR, ROAS, CPM, CPE by week written to {target}; "
        "6 of the 9 KPIs shown (--kpis to choose)"
    )


def test_help_does_not_import_matplotlib() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from kpi_cli.cli import app\n"
        "assert CliRunner().invoke(app, ['score', '--help']).exit_code == 0\n"
        "assert 'matplotlib' not in sys.modules"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_axis_ticks_share_their_decimals() -> None:
    from kpi_cli.plot import shared_ticks

    # matplotlib's own labels would be 3.8%, 4%, 4.2% and $0.8, $1, $1.2
    assert shared_ticks([3.8, 4.0, 4.2], "percent") == ["3.8%", "4.0%", "4.2%"]
    assert shared_ticks([0.8, 1.0, 1.2], "money") == ["$0.80", "$1.00", "$1.20"]
    assert shared_ticks([0, 25, 50], "money") == ["$0", "$25", "$50"]
    assert shared_ticks([1_000_000, 1_500_000, 2_000_000], "count") == ["1.0M", "1.5M", "2.0M"]
    assert shared_ticks([-0.0, 0.5], "ratio") == ["0.0×", "0.5×"]  # no negative zero
