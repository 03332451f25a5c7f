"""Own benchmark files end to end: tier / platform overrides, bad files, `kpi benchmarks`.

Figures are from tests/data/six_posts.csv (see test_breakdowns.py for the table of rows).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kpi_cli import benchmarks as bm
from kpi_cli.cli import app

SIX = Path(__file__).parent / "data" / "six_posts.csv"
runner = CliRunner()

AGENCY = """\
version: 1
kpis:
  ctr:
    direction: higher
    source: agency targets 2025
    bands: {poor: [null, 1], good: [1, null]}
    platforms:
      TikTok:
        source: agency TikTok targets
        bands: {poor: [null, 0.5], good: [0.5, null]}
  cpe:
    direction: lower
    source: agency targets 2025
    bands: {good: [null, 1], poor: [1, null]}
    tiers:
      macro:
        bands: {excellent: [null, 2], good: [2, 5], poor: [5, null]}
    platforms:
      tiktok:
        bands: {excellent: [null, 4], poor: [4, null]}
"""


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    path = tmp_path / "agency.yaml"
    path.write_text(AGENCY)
    return path


def score_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["score", str(SIX), *args, "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_label(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["label"]: g["kpis"] for g in doc["groups"]}


# --------------------------------------------------------------------------- overrides


def test_platform_override_judges_a_one_platform_group(agency: Path) -> None:
    doc = score_json("--by", "platform", "-b", str(agency))
    g = by_label(doc)
    # TikTok CTR = (20 + 50 + 150) / (4,000 + 10,000 + 20,000) × 100 = 0.647 %:
    # poor on the default bands (< 1 %), good on the TikTok ones (≥ 0.5 %)
    tiktok = g["TikTok"]["ctr"]
    assert tiktok["value"] == pytest.approx(220 / 34000 * 100)
    assert (tiktok["verdict"], tiktok["band"]["scope"], tiktok["band"]["source"]) == (
        "good",
        "tiktok",
        "agency TikTok targets",
    )
    # Instagram CTR = 50 / 3,500 × 100 = 1.43 % on the default bands
    assert g["Instagram"]["ctr"]["band"]["scope"] is None
    assert g["Instagram"]["ctr"]["verdict"] == "good"
    # The total mixes platforms: 270 / 37,500 × 100 = 0.72 % → poor on the default bands, said so
    total = doc["total"]["kpis"]["ctr"]
    assert total["verdict"] == "poor"
    assert total["band"]["note"].startswith("platforms mixed (Instagram, TikTok): default bands")
    assert doc["benchmarks"] == str(agency)
    assert doc["benchmarks_mode"] == "extend"


def test_tier_override_wins_over_platform_override(agency: Path) -> None:
    g = by_label(score_json("--by", "influencer", "-b", str(agency)))
    # @c is macro and TikTok only. CPE = 3,000 / 850 = $3.53: good on the macro bands ($2–$5),
    # which win over the TikTok ones (where it would be excellent, ≤ $4)
    cpe = g["@c"]["cpe"]
    assert cpe["value"] == pytest.approx(3000 / 850)
    assert (cpe["verdict"], cpe["band"]["scope"]) == ("good", "macro tier")
    assert cpe["band"]["source"] == "agency targets 2025"  # an override without source: the KPI's
    # @a (nano, Instagram): CPE = 60 / 60 = $1.00 — on the edge, so the better band: good
    assert (g["@a"]["cpe"]["verdict"], g["@a"]["cpe"]["band"]["scope"]) == ("good", None)
    # @b posts on TikTok and Instagram: CPE = 300 / 280 = $1.07 → poor on the default bands
    assert g["@b"]["cpe"]["verdict"] == "poor"


def test_table_shows_the_scope_of_the_band(tmp_path: Path) -> None:
    # The two @c rows alone are one tier (macro): cost per post = 3,000 / 2 = $1,500 is good on
    # the macro bands, and the band column says whose bands they are.
    lines = SIX.read_text().splitlines()
    only_c = tmp_path / "only_c.csv"
    only_c.write_text("\n".join([lines[0], *lines[5:7]]) + "\n")
    result = runner.invoke(app, ["score", str(only_c), "-q", "--color", "never"])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "Cost per post" in line)
    assert "$1,500.00" in row and "good" in row and "≥ $1,000 (macro tier)" in row


def test_own_file_extends_the_shipped_bands(agency: Path) -> None:
    kpis = score_json("-b", str(agency))["total"]["kpis"]
    # CPM = 3,360 / 37,500 × 1,000 = $89.60: still judged on the shipped bands (> $45 poor)
    assert kpis["cpm"]["verdict"] == "poor"
    assert kpis["ctr"]["band"]["source"] == "agency targets 2025"


def test_benchmarks_only_drops_the_shipped_bands(agency: Path) -> None:
    doc = score_json("-b", str(agency), "--benchmarks-only")
    kpis = doc["total"]["kpis"]
    assert kpis["cpm"]["verdict"] is None and kpis["cpm"]["band"] is None
    assert kpis["ctr"]["verdict"] == "poor"
    assert doc["benchmarks"] == str(agency)
    assert doc["benchmarks_mode"] == "replace"


# --------------------------------------------------------------------------- bad files

BAD_FILES = [
    (  # inverted band
        "kpis:\n  ctr:\n    direction: higher\n    source: x\n    bands: {good: [3, 1]}\n",
        "ctr: band good is inverted (3 ≥ 1); write [low, high]",
    ),
    (  # overlap
        "kpis:\n  cpm:\n    direction: lower\n    source: x\n"
        "    bands: {good: [null, 30], poor: [25, null]}\n",
        "cpm: bands good and poor overlap",
    ),
    (  # gap
        "kpis:\n  roas:\n    direction: higher\n    source: x\n"
        "    bands: {poor: [null, 1], good: [2, null]}\n",
        "roas: gap between bands poor and good (1 to 2); make them meet",
    ),
    (  # non-number
        "kpis:\n  cpe:\n    direction: lower\n    source: x\n"
        "    bands: {good: [null, '0,30'], poor: ['0,30', null]}\n",
        "cpe band good: '0,30' is not a number; write a number or null",
    ),
    (  # unknown KPI
        "kpis:\n  ctr_rate:\n    direction: higher\n    source: x\n    bands: {good: [1, null]}\n",
        "ctr_rate: unknown KPI; use one of",
    ),
    (  # bad override inside a tier
        "kpis:\n  cost_per_post:\n    direction: lower\n    source: x\n    bands: {good: [null, 1]}\n"
        "    tiers:\n      micro:\n        bands: {good: [5, 1]}\n",
        "cost_per_post (tiers micro): band good is inverted",
    ),
    (  # bad YAML: an unclosed [ in ctr, noticed on the next KPI's line
        "kpis:\n  ctr:\n    direction: higher\n    source: x\n    bands:\n      good: [1, 2\n"
        "  cpm:\n    direction: lower\n",
        "line 7 (ctr): expected ',' or ']'",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
@pytest.mark.parametrize("command", ["score", "check"])
def test_bad_benchmarks_files_exit_2_naming_file_and_kpi(
    tmp_path: Path, text: str, message: str, command: str
) -> None:
    path = tmp_path / "bands.yaml"
    path.write_text(text)
    if command == "score":
        args = ["score", str(SIX), "--benchmarks", str(path), "-q"]
    else:
        args = ["benchmarks", "--check", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"kpi: error: {path}:")
    assert message in result.stderr
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- kpi benchmarks


def test_benchmarks_table_lists_bands_overrides_and_sources() -> None:
    result = runner.invoke(app, ["benchmarks", "--color", "never"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Benchmarks in force: shipped")
    for header in ("KPI", "Better", "Poor", "Fair", "Good", "Excellent", "Source"):
        assert header in out
    ctr = next(line for line in out.splitlines() if line.startswith("│ctr "))
    assert [c.strip() for c in ctr.strip("│").split("│")] == [
        "ctr",
        "higher",
        "< 1%",
        "",
        "1–2%",
        "≥ 2%",
        "KPI Goals For Influencer",  # the source's title, folded over lines in the cell
    ]
    macro = next(line for line in out.splitlines() if "macro tier" in line)
    assert [c.strip() for c in macro.strip("│").split("│")][2:6] == ["", "", "≥ $1,000", ""]


def test_benchmarks_yaml_round_trips() -> None:
    result = runner.invoke(app, ["benchmarks", "--format", "yaml"])
    assert result.exit_code == 0
    doc = yaml.safe_load(result.stdout)
    assert doc["kpis"]["ctr"]["bands"] == {"poor": [None, 1], "good": [1, 2], "excellent": [2, None]}
    assert doc["kpis"]["cost_per_post"]["tiers"]["nano"]["source"] == "assumption"
    # The output is itself a valid benchmarks file with the same bands.
    assert bm.parse(doc, "stdout") == bm.load()


def test_benchmarks_json_parses_and_round_trips() -> None:
    result = runner.invoke(app, ["benchmarks", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["kpis"]["cpm"]["direction"] == "lower"
    assert bm.parse(doc, "stdout") == bm.load()


def test_benchmarks_shows_the_merged_bands(agency: Path) -> None:
    doc = json.loads(runner.invoke(app, ["benchmarks", "-b", str(agency), "-f", "json"]).stdout)
    assert doc["kpis"]["ctr"]["source"] == "agency targets 2025"
    assert doc["kpis"]["ctr"]["platforms"]["tiktok"]["bands"] == {"poor": [None, 0.5], "good": [0.5, None]}
    assert (
        doc["kpis"]["cpm"]["source"] == "KPI Goals For Influencer Marketing Campaigns (Colby Flood)"
    )  # shipped
    table = runner.invoke(app, ["benchmarks", "-b", str(agency), "--color", "never"]).stdout
    assert "ctr *" in table and "cpm *" not in table and "  tiktok" in table
    only = json.loads(
        runner.invoke(app, ["benchmarks", "-b", str(agency), "--benchmarks-only", "-f", "json"]).stdout
    )
    assert list(only["kpis"]) == ["ctr", "cpe"]


def test_benchmarks_check_ok(agency: Path) -> None:
    result = runner.invoke(app, ["benchmarks", "--check", str(agency)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"ok: 2 KPIs in {agency}\n"


def test_benchmarks_check_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["benchmarks", "--check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"kpi: error: {tmp_path / 'nope.yaml'}: no such benchmarks file; check the path\n"


def test_every_command_and_option_has_an_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    assert "Example" in (group.help or "")
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert "Example" in (command.help or "") + (command.epilog or ""), name
        for param in command.params:
            if param.name != "help" and getattr(param, "help", None) is not None:
                assert "E.g." in param.help, f"{name} {param.name}"
