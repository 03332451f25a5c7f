"""`kpi kpis`: the glossary, read in an 80-column terminal, piped, and as JSON / Markdown."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli import glossary
from kpi_cli.cli import app
from kpi_cli.columns import CLIENT_COLUMNS, DAILY_COLUMNS, SCORE_COLUMNS
from kpi_cli.definitions import KPI_BY_ID, KPI_DEFS, LIFT_KPI_DEFS, RETENTION_KPI_DEFS

ROOT = Path(__file__).parents[1]
runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str, columns: int = 80, **env: str) -> Any:
    return runner.invoke(app, ["kpis", *args], env={"COLUMNS": str(columns), "NO_COLOR": "", **env})


def assert_reads_well(text: str, width: int) -> None:
    """Nothing cut, nothing wider than the terminal, no trailing spaces for a pager to wrap."""
    assert "…" not in text
    for line in text.splitlines():
        assert len(line) <= width, line
        assert line == line.rstrip(), repr(line)


def test_ctr_at_80_columns() -> None:
    result = run("ctr")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert_reads_well(out, 80)
    lines = out.splitlines()
    assert lines[0] == "CTR (click-through rate)"
    assert lines[1] == "  ctr · consideration · percent · higher is better"
    assert "  Formula  Σ clicks / Σ impressions × 100" in lines  # as README's KPI table writes it
    assert (
        "  Bands    poor < 1% · good 1–2% · excellent ≥ 2%" in lines
    )  # benchmarks.yaml: [null, 1], [1, 2], [2, null]
    assert "  Source   KPI Goals For Influencer Marketing Campaigns (Colby Flood)" in lines
    needs = out[out.index("Needs") : out.index("Bands")]
    assert "clicks: Clicks, Link clicks" in needs
    assert "impressions: Impressions" in needs and "Impr. (Google Ads)" in needs
    assert out.startswith("CTR") and not out.endswith("\n\n")  # no blank line before or after


def test_each_kpi_named_is_shown_in_the_order_given() -> None:
    result = run("cpe", "CTR", "engagement rate", "cpe,roas")
    assert result.exit_code == 0, result.output
    titles = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert titles == [
        "CPE (cost per engagement)",
        "CTR (click-through rate)",
        "Engagement rate",
        "ROAS (return on ad spend)",
    ]


def test_the_whole_glossary_by_phase_at_80_and_40_columns() -> None:
    for width in (80, 40):
        result = run(columns=width)
        assert result.exit_code == 0, result.output
        assert_reads_well(result.stdout, width)
    lines = run().stdout.splitlines()
    order = [
        "Awareness",
        "Consideration",
        "Conversion",
        "Spend efficiency",
        "Brand lift (kpi lift)",
        "Agency (kpi retention)",
    ]
    assert [line for line in lines if line in order] == order
    ids = [line.split(" · ")[0].strip() for line in lines if line.startswith("  ") and " · " in line[2:]]
    ids = [i for i in ids if i in KPI_BY_ID]
    assert ids == [k.id for k in (*KPI_DEFS, *LIFT_KPI_DEFS, *RETENTION_KPI_DEFS)]


def test_overrides_and_a_kpi_without_bands() -> None:
    out = run("cost_per_post", "reach").stdout
    assert (
        "           macro tier: good ≥ $1,000" in out.splitlines()
    )  # benchmarks.yaml: macro good [1000, null]
    assert (
        "           nano tier: kpi's own assumption: no article gives a figure for nano" in out.splitlines()
    )
    reach = out[out.index("Reach") :]
    assert "Bands    none: kpi shows the figure without a verdict" in reach
    assert "Source" not in reach


def test_colour_only_repeats_the_words() -> None:
    plain = run("cpe").stdout
    coloured = run("cpe", "--color", "always").stdout
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == plain


def test_json_for_scripts() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert [d["id"] for d in docs] == list(KPI_BY_ID)
    ctr = next(d for d in docs if d["id"] == "ctr")
    assert ctr["name"] == "CTR" and ctr["spelled_out"] == "click-through rate"
    assert ctr["phase"] == "consideration" and ctr["unit"] == "percent" and ctr["direction"] == "higher"
    assert ctr["formula"] == "Σ clicks / Σ impressions × 100"
    assert [n["column"] for n in ctr["needs"]] == ["clicks", "impressions"]
    assert ctr["bands"] == [
        {"verdict": "poor", "from": None, "to": 1, "label": "< 1%"},
        {"verdict": "good", "from": 1, "to": 2, "label": "1–2%"},
        {"verdict": "excellent", "from": 2, "to": None, "label": "≥ 2%"},
    ]
    assert ctr["source"] == "KPI Goals For Influencer Marketing Campaigns (Colby Flood)"
    cpe = next(d for d in docs if d["id"] == "cpe")
    spend, engagements = cpe["needs"]
    assert spend["aliases"][0] == "Spend"
    assert spend["platforms"]["Amount spent"] == ["Meta", "Snapchat"]  # both write it first for spend
    assert engagements["else"] == ["likes", "comments", "shares", "saves"]
    assert cpe["currency"] == "USD"
    reach = next(d for d in docs if d["id"] == "reach")
    assert (reach["bands"], reach["source"], reach["direction"]) == ([], None, None)


def test_your_own_benchmarks_file(tmp_path: Path) -> None:
    own = tmp_path / "ours.yaml"
    own.write_text(
        "version: 1\ncurrency: EUR\nkpis:\n"
        "  cpm:\n    direction: lower\n    source: agency targets 2025\n"
        "    bands: {good: [null, 12], poor: [12, null]}\n"
    )
    result = run("cpm", "ctr", "--benchmarks", str(own))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  Bands    poor > €12 · good ≤ €12" in lines
    assert "  Source   agency targets 2025" in lines
    assert "  cpm · spend efficiency · money (EUR) · lower is better" in lines
    assert "  Bands    poor < 1% · good 1–2% · excellent ≥ 2%" in lines  # ctr keeps the shipped bands


def test_markdown() -> None:
    result = run("--format", "markdown")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# KPI glossary: bands from benchmarks.yaml\n")
    assert "\n## Spend efficiency\n" in out
    assert "\n### CTR (click-through rate)\n\n- `ctr` · consideration · percent · higher is better\n" in out
    assert "- **Formula:** Σ clicks / Σ impressions × 100\n" in out
    assert "- **Bands:** poor < 1% · good 1–2% · excellent ≥ 2%\n" in out
    assert "  - `post_id` (optional): Post ID, Post URL, " in out  # a list per column, nothing escaped
    assert (
        "  - nano tier: poor > $150 · good $50–$150 · excellent ≤ $50 (kpi's own assumption: no article"
        in out
    )
    assert out.count("\n### ") == len(KPI_BY_ID)


def test_unknown_kpi_suggests_the_nearest() -> None:
    result = run("ctrr")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "kpi: error: ctrr: unknown KPI; did you mean ctr? (kpi kpis lists them all)\n"
    far = run("ctr", "zzz")
    assert far.exit_code == 2
    assert far.stderr.splitlines() == [
        "kpi: error: zzz: unknown KPI; give an id such as ctr or cpe (kpi kpis lists them all)"
    ]


def test_an_ascii_console_gets_ascii() -> None:
    """A console that cannot write Σ, × or ≥ gets the formula spelled in ASCII, not a crash."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "ascii", "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-m", "kpi_cli.cli", "kpis", "ctr"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "  Formula  sum clicks / sum impressions x 100" in done.stdout.splitlines()
    assert "  Bands    poor < 1% - good 1-2% - excellent >= 2%" in done.stdout.splitlines()


def test_the_glossary_loads_no_pandas() -> None:
    code = (
        "import sys\n"
        "from kpi_cli import benchmarks, glossary\n"
        "glossary.entries(None, benchmarks.load())\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("kpi", list(KPI_BY_ID))
def test_every_kpi_says_what_it_needs(kpi: str) -> None:
    """Each needed column is one the command reads, and a ratio names both its sides."""
    from kpi_cli.kpis import RATIO_SIDES

    needs = [need.rstrip("?") for need in glossary.NEEDS[kpi]]
    command = glossary.entries([kpi], {})[0]["command"]
    kind = {"kpi score": SCORE_COLUMNS, "kpi lift": DAILY_COLUMNS, "kpi retention": CLIENT_COLUMNS}[command]
    assert needs and set(needs) <= set(kind.canonical)
    assert set(RATIO_SIDES.get(kpi, ())) <= set(needs)


def test_aliases_most_recognisable_first() -> None:
    spend = glossary.aliases("spend")
    assert spend[0] == ("Spend", ())  # the column's own name first
    assert ("Amount spent", ("Meta", "Snapchat")) in spend  # meta_ads and snapchat_ads list it first
    assert len(spend) == glossary.ALIASES_SHOWN
    assert glossary.aliases("marketing_spend", "lift")[:3] == (  # the order kpi lift prefers them in
        ("marketing spend", ()),
        ("total marketing spend", ()),
        ("total spend", ()),
    )


def test_kpis_help_has_an_example_and_the_readme_documents_it() -> None:
    result = runner.invoke(app, ["kpis", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "Example" in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## `kpi kpis`" in readme
    assert "## Shell completion" in readme
