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


def band(doc: dict[str, Any], kpi: str, record: dict[str, Any]) -> dict[str, Any]:
    """The band a KPI record names (kpi.score/2: its number among `kpis.<id>.bands`)."""
    assert isinstance(record["band"], int), record
    found: dict[str, Any] = doc["kpis"][kpi]["bands"][record["band"]]
    return found


# --------------------------------------------------------------------------- overrides


def test_platform_override_judges_a_one_platform_group(agency: Path) -> None:
    doc = score_json("--by", "platform", "-b", str(agency))
    g = by_label(doc)
    # TikTok CTR = (20 + 50 + 150) / (4,000 + 10,000 + 20,000) × 100 = 0.647 %:
    # poor on the default bands (< 1 %), good on the TikTok ones (≥ 0.5 %)
    tiktok = g["TikTok"]["ctr"]
    assert tiktok["value"] == pytest.approx(220 / 34000 * 100)
    assert (tiktok["verdict"], band(doc, "ctr", tiktok)["scope"], band(doc, "ctr", tiktok)["source"]) == (
        "good",
        "tiktok",
        "agency TikTok targets",
    )
    # Instagram CTR = 50 / 3,500 × 100 = 1.43 % on the default bands
    assert band(doc, "ctr", g["Instagram"]["ctr"])["scope"] is None
    assert g["Instagram"]["ctr"]["verdict"] == "good"
    # The total mixes platforms: 270 / 37,500 × 100 = 0.72 % → poor on the default bands, said so
    total = doc["total"]["kpis"]["ctr"]
    assert total["verdict"] == "poor"
    assert total["note"].startswith("platforms mixed (Instagram, TikTok): default bands")
    assert band(doc, "ctr", total)["scope"] is None
    assert doc["benchmarks"] == str(agency)
    assert doc["benchmarks_mode"] == "extend"


def test_tier_override_wins_over_platform_override(agency: Path) -> None:
    doc = score_json("--by", "influencer", "-b", str(agency))
    g = by_label(doc)
    # @c is macro and TikTok only. CPE = 3,000 / 850 = $3.53: good on the macro bands ($2–$5),
    # which win over the TikTok ones (where it would be excellent, ≤ $4)
    cpe = g["@c"]["cpe"]
    assert cpe["value"] == pytest.approx(3000 / 850)
    assert (cpe["verdict"], band(doc, "cpe", cpe)["scope"]) == ("good", "macro tier")
    assert band(doc, "cpe", cpe)["source"] == "agency targets 2025"  # an override without source: the KPI's
    # @a (nano, Instagram): CPE = 60 / 60 = $1.00 — on the edge, so the better band: good
    assert (g["@a"]["cpe"]["verdict"], band(doc, "cpe", g["@a"]["cpe"])["scope"]) == ("good", None)
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
    doc = score_json("-b", str(agency))
    kpis = doc["total"]["kpis"]
    # CPM = 3,360 / 37,500 × 1,000 = $89.60: still judged on the shipped bands (> $45 poor)
    assert kpis["cpm"]["verdict"] == "poor"
    assert band(doc, "ctr", kpis["ctr"])["source"] == "agency targets 2025"


def test_benchmarks_only_drops_the_shipped_bands(agency: Path) -> None:
    doc = score_json("-b", str(agency), "--benchmarks-only")
    kpis = doc["total"]["kpis"]
    assert kpis["cpm"]["verdict"] is None and kpis["cpm"]["band"] is None
    assert doc["kpis"]["cpm"]["bands"] == []  # no band judged it anywhere
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
        "ctr_rate: unknown KPI; did you mean 'conversion_rate'? use one of",
    ),
    (  # bad override inside a tier
        "kpis:\n  cost_per_post:\n    direction: lower\n    source: x\n    bands: {good: [null, 1]}\n"
        "    tiers:\n      micro:\n        bands: {good: [5, 1]}\n",
        "cost_per_post (tiers micro): band good is inverted",
    ),
    (  # bad YAML: an unclosed [ in ctr, noticed on the next KPI's line
        "kpis:\n  ctr:\n    direction: higher\n    source: x\n    bands:\n      good: [1, 2\n"
        "  cpm:\n    direction: lower\n",
        "line 7 (ctr): a list opened with [ is not closed with ]",
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


FLOOD = "KPI Goals For Influencer Marketing Campaigns"
TOP7 = "What Are the Top 7 KPIs for a Micro Influencer Marketing Agency?"


def bench_out(*args: str, width: int = 80) -> str:
    result = runner.invoke(app, ["benchmarks", *args], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_fits(out: str, width: int) -> None:
    """Every line within the width, nothing cropped (`…`), no trailing spaces."""
    from rich.cells import cell_len

    assert "…" not in out
    for line in out.splitlines():
        assert cell_len(line) <= width, line
        assert line == line.rstrip(), repr(line)


def cells(out: str, starts: str) -> list[str]:
    """The cells of the borderless table's row that starts with `starts` (two spaces apart)."""
    import re

    line = next(line for line in out.splitlines() if line.startswith(starts))
    return re.split(r"\s{2,}", line.strip())


def test_benchmarks_table_fits_80_columns_with_sources_as_numbered_notes() -> None:
    out = bench_out("--color", "never", width=80)
    assert_fits(out, 80)
    lines = out.splitlines()
    assert lines[0] == "Benchmarks in force: shipped (benchmarks.yaml)"
    assert cells(out, "KPI") == ["KPI", "Poor", "Fair", "Good", "Excellent"]
    # KPI names as analysts say them, each with its source's number; a verdict the KPI
    # skips is a dash; every band whole, cents included.
    assert cells(out, "CTR ") == ["CTR [1]", "< 1%", "—", "1–2%", "≥ 2%"]
    assert cells(out, "CPE ") == ["CPE [1,2]", "> $1.00", "$0.30–$1.00", "$0.10–$0.30", "≤ $0.10"]
    assert cells(out, "Engagement rate by") == [
        "Engagement rate by followers [2]",
        "< 2%",
        "2–6%",
        "6–9%",
        "≥ 9%",
    ]
    assert cells(out, "  mid tier") == ["mid tier [4]", "> $1,500", "—", "$300–$1,500", "≤ $300"]
    assert cells(out, "  macro tier") == ["macro tier [1]", "—", "—", "≥ $1,000", "—"]
    # Which way is better, said once under the table instead of a column of its own.
    assert "Lower is better for CPM, CPE, CPC and Cost per post; higher for the others." in lines
    # Each source written out once, numbered as the rows cite them.
    at = lines.index("Sources")
    assert lines[at + 1 : at + 3] == [f"[1] {FLOOD} (Colby Flood)", f"[2] {TOP7} (2025)"]
    notes = " ".join(line.strip() for line in lines[at + 3 :])
    assert "[3] kpi's own assumption: no article gives a figure for nano creators" in notes
    assert "[4] kpi's own assumption: no article gives a figure for mid-tier creators" in notes
    assert out.count(FLOOD) == 2  # the note [1], and the reasoning of [4]; never in the rows


def test_benchmarks_table_at_120_columns_is_boxed_with_a_better_column() -> None:
    out = bench_out("--color", "never", width=120)
    assert_fits(out, 120)
    row = next(line for line in out.splitlines() if line.startswith("│ CTR "))
    assert [c.strip() for c in row.strip("│").split("│")] == [
        "CTR",
        "higher",
        "< 1%",
        "—",
        "1–2%",
        "≥ 2%",
        "[1]",
    ]
    macro = next(line for line in out.splitlines() if "macro tier" in line)
    assert [c.strip() for c in macro.strip("│").split("│")] == [
        "macro tier",
        "",
        "—",
        "—",
        "≥ $1,000",
        "—",
        "[1]",
    ]
    assert f"[1] {FLOOD} (Colby Flood)" in out.splitlines()
    assert "Lower is better" not in out  # the Better column says it


def test_benchmarks_on_a_narrow_terminal_is_one_kpi_a_paragraph() -> None:
    # 50 columns hold no table with whole figures: each KPI says its bands in a line of
    # their own, broken between bands.
    out = bench_out("--color", "never", width=50)
    assert_fits(out, 50)
    lines = out.splitlines()
    at = lines.index("CPE [1,2], lower is better")
    assert lines[at + 1 : at + 3] == [
        "  poor > $1.00 · fair $0.30–$1.00",
        "  good $0.10–$0.30 · excellent ≤ $0.10",
    ]
    assert lines[lines.index("  mid tier [4]") + 1 : lines.index("  mid tier [4]") + 3] == [
        "    poor > $1,500 · good $300–$1,500", "    excellent ≤ $300"
    ]  # fmt: skip


def test_benchmarks_yaml_round_trips() -> None:
    result = runner.invoke(app, ["benchmarks", "--format", "yaml"])
    assert result.exit_code == 0
    doc = yaml.safe_load(result.stdout)
    assert doc["sources"] == {
        "flood_kpi_goals": {"title": FLOOD, "author": "Colby Flood"},
        "top7_micro_agency": {"title": TOP7, "year": 2025},
    }
    assert doc["kpis"]["ctr"]["bands"] == {"poor": [None, 1], "good": [1, 2], "excellent": [2, None]}
    assert doc["kpis"]["ctr"]["source"] == "flood_kpi_goals"
    assert doc["kpis"]["cpe"]["source"] == ["flood_kpi_goals", "top7_micro_agency"]
    nano = doc["kpis"]["cost_per_post"]["tiers"]["nano"]
    assert nano["assumption"].startswith("no article gives a figure for nano creators")
    assert nano["assumed_by"] == "kpi" and "source" not in nano
    assert "source" not in doc["kpis"]["cost_per_post"]["tiers"]["micro"]  # the KPI's own source
    # The output is itself a valid benchmarks file with the same bands and sources.
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
    assert doc["kpis"]["cpm"]["source"] == "flood_kpi_goals"  # shipped
    assert doc["sources"]["flood_kpi_goals"]["title"] == FLOOD
    table = bench_out("-b", str(agency), "--color", "never", width=80)
    assert_fits(table, 80)
    # Sources numbered as first cited: the shipped articles (engagement rate first), then yours.
    assert cells(table, "CTR *") == ["CTR * [3]", "< 1%", "—", "≥ 1%", "—"]
    assert cells(table, "  tiktok") == ["tiktok [4]", "< 0.5%", "—", "≥ 0.5%", "—"]
    assert cells(table, "  macro tier")[0] == "macro tier [3]"  # no source of its own: its KPI's
    assert "CPM [1]" in table and "CPM *" not in table
    lines = table.splitlines()
    at = lines.index("Sources")
    assert lines[at + 3 : at + 5] == ["[3] agency targets 2025", "[4] agency TikTok targets"]
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


# --------------------------------------------------------------------------- kpi benchmarks --sources


def test_sources_lists_each_source_once_with_the_bands_it_supports() -> None:
    out = bench_out("--sources", "--color", "never", width=80)
    assert_fits(out, 80)
    lines = out.splitlines()
    assert lines[0] == "Sources of the benchmarks in force: shipped (benchmarks.yaml)"
    # Each article once, by title, then who and when as the article says it.
    assert [line for line in lines if line.startswith("[")][:2] == [f"[1] {FLOOD}", f"[2] {TOP7}"]
    assert out.count(f"] {FLOOD}") == 1 and out.count(TOP7) == 1
    assert lines[lines.index(f"[1] {FLOOD}") + 1] == "    by Colby Flood"
    assert lines[lines.index(f"[2] {TOP7}") + 1] == "    2025; the article names no author or publisher"
    # The bands each supports, KPI and scope, with what the article says.
    assert "    · CTR: a goal of 1–2% of impressions turning into clicks" in lines
    assert "    · Cost per post, macro tier: $1,000 and up a post for macro creators" in lines
    # An assumption with its reasoning, and the band it stands behind.
    at = next(i for i, line in enumerate(lines) if line.startswith("[3] "))
    text = " ".join(line.strip() for line in lines[at : at + 3])
    assert text.startswith("[3] kpi's own assumption: no article gives a figure for nano creators (under 10K")
    assert "    · Cost per post, nano tier" in lines


def test_sources_json_names_every_band_once() -> None:
    doc = json.loads(bench_out("--sources", "-f", "json"))
    assert (doc["schema"], doc["benchmarks"], doc["benchmarks_mode"]) == (
        "kpi.sources/1",
        "shipped",
        "extend",
    )
    flood, top7, nano, mid = doc["sources"]
    assert [s["ref"] for s in doc["sources"]] == [1, 2, 3, 4]
    assert {k: flood[k] for k in ("kind", "id", "title", "author", "publisher", "year", "url")} == {
        "kind": "article", "id": "flood_kpi_goals", "title": FLOOD, "author": "Colby Flood",
        "publisher": None, "year": None, "url": None}  # fmt: skip
    assert (top7["title"], top7["author"], top7["year"]) == (TOP7, None, 2025)
    # benchmarks.yaml: the article by Colby Flood backs 13 sets of bands (ten KPIs, and the
    # micro, macro and mega tiers of cost per post); the Top 7 one nine KPIs.
    assert [(b["kpi"], b["scope"]) for b in flood["bands"]] == [
        ("engagement_rate", None), ("ctr", None), ("conversion_rate", None),
        ("session_conversion_rate", None), ("roas", None), ("mer_lift", None), ("cpm", None),
        ("cpe", None), ("cpc", None), ("cost_per_post", None), ("cost_per_post", "micro tier"),
        ("cost_per_post", "macro tier"), ("cost_per_post", "mega tier"),
    ]  # fmt: skip
    assert [b["kpi"] for b in top7["bands"]] == [
        "engagement_rate_by_followers", "conversion_rate", "session_conversion_rate", "roas", "roi",
        "cpe", "brand_mention_lift", "audience_growth_rate", "client_retention_rate",
    ]  # fmt: skip
    assert top7["bands"][4] == {
        "kpi": "roi", "name": "ROI", "scope": None,
        "basis": "the ROAS bands as a net percentage (3× revenue is a 200% ROI)"}  # fmt: skip
    assert (nano["kind"], nano["by"], nano["bands"]) == (
        "assumption",
        "kpi",
        [{"kpi": "cost_per_post", "name": "Cost per post", "scope": "nano tier", "basis": None}],
    )
    assert nano["reasoning"].startswith("no article gives a figure for nano creators")
    assert mid["bands"][0]["scope"] == "mid tier"
    # Every set of bands in force is listed under exactly as many sources as it cites.
    listed = [(b["kpi"], b["scope"]) for s in doc["sources"] for b in s["bands"]]
    expected = [(k, b.scope or None) for k, bench in bm.load().items()
                for b in (bench.default, *bench.tiers.values())
                for _ in bm.SourceList({k: bench}).numbers(b.origin)]  # fmt: skip
    assert sorted(listed, key=str) == sorted(expected, key=str)
    assert yaml.safe_load(bench_out("--sources", "-f", "yaml")) == doc


def test_sources_of_your_own_file_old_style_sources_and_all(agency: Path) -> None:
    # agency.yaml names its sources in words, as files did before `sources:`: they load,
    # and each is listed once with its bands.
    doc = json.loads(bench_out("-b", str(agency), "--benchmarks-only", "--sources", "-f", "json"))
    assert (doc["benchmarks"], doc["benchmarks_mode"]) == (str(agency), "replace")
    assert [(s["kind"], s["text"], [(b["kpi"], b["scope"]) for b in s["bands"]]) for s in doc["sources"]] == [
        ("text", "agency targets 2025",
         [("ctr", None), ("cpe", None), ("cpe", "macro tier"), ("cpe", "tiktok")]),
        ("text", "agency TikTok targets", [("ctr", "tiktok")]),
    ]  # fmt: skip
    out = bench_out("-b", str(agency), "--benchmarks-only", "--sources", "--color", "never")
    lines = out.splitlines()
    at = lines.index("[1] agency targets 2025")
    assert lines[at + 1 : at + 6] == [
        "    · CTR",
        "    · CPE",
        "    · CPE, macro tier",
        "    · CPE, tiktok",
        "",
    ]
    assert lines[at + 6 : at + 8] == ["[2] agency TikTok targets", "    · CTR, tiktok"]


def test_learned_sources_stay_words(tmp_path: Path) -> None:
    # What `kpi benchmarks learn` writes: a source in words per set of bands.
    path = tmp_path / "ours.yaml"
    path.write_text(
        "version: 1\nkpis:\n  ctr:\n    direction: higher\n    unit: percent\n"
        "    source: your campaigns, 2025-01-01–2025-02-02, n=10\n"
        "    bands: {poor: [null, 2], fair: [2, 3.5], good: [3.5, 5.75], excellent: [5.75, null]}\n"
    )
    out = bench_out("-b", str(path), "--benchmarks-only", "--color", "never", width=80)
    assert_fits(out, 80)  # one KPI: the boxed table fits
    row = next(line for line in out.splitlines() if line.startswith("│ CTR "))
    assert [c.strip() for c in row.strip("│").split("│")] == [
        "CTR", "higher", "< 2%", "2–3.5%", "3.5–5.75%", "≥ 5.75%", "[1]"
    ]  # fmt: skip
    assert "[1] your campaigns, 2025-01-01–2025-02-02, n=10" in out.splitlines()


def test_sources_and_check_do_not_mix(agency: Path) -> None:
    result = runner.invoke(app, ["benchmarks", "--check", str(agency), "--sources"])
    assert result.exit_code == 2 and "--check validates one file" in result.stderr


# --------------------------------------------------------------------------- sources in the score JSON


def test_score_json_band_source_stays_one_string() -> None:
    # `source` of a band (kpi.score/2: in `kpis.<id>.bands`) is the sources in one line, with the year.
    doc = score_json()
    found = band(doc, "cpe", doc["total"]["kpis"]["cpe"])
    assert list(found) == ["verdict", "from", "to", "label", "scope", "source"]
    assert found["source"] == f"{FLOOD} (Colby Flood); {TOP7} (2025)"


def test_score_json_source_of_old_style_files(tmp_path: Path, agency: Path) -> None:
    doc = score_json("-b", str(agency))
    assert band(doc, "ctr", doc["total"]["kpis"]["ctr"])["source"] == "agency targets 2025"
    path = tmp_path / "assumed.yaml"
    path.write_text(
        "kpis:\n  ctr:\n    direction: higher\n    source: assumption\n    bands: {good: [0, null]}\n"
    )
    doc = score_json("-b", str(path))
    assert band(doc, "ctr", doc["total"]["kpis"]["ctr"])["source"] == "assumption"
    path.write_text(
        "kpis:\n  ctr:\n    direction: higher\n    assumption: half the industry's CTR, for a new brand\n"
        "    bands: {poor: [null, 0.5], good: [0.5, null]}\n"
    )
    doc = score_json("-b", str(path))
    found = band(doc, "ctr", doc["total"]["kpis"]["ctr"])
    assert found["source"] == "assumption: half the industry's CTR, for a new brand"


def test_the_readme_example_is_a_valid_file_with_every_kind_of_source() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("## Benchmarks") :].split("```yaml\n", 1)[1].split("```", 1)[0]
    benches = bm.parse(yaml.safe_load(example), "README")
    assert benches["ctr"].default.source == "agency targets 2025"
    assert benches["cost_per_post"].default.source == "Creator Rates Report 2025 (Example Media, 2025)"
    assert benches["cost_per_post"].tiers["nano"].source.startswith("assumption: half the micro rates")


def test_quiet_is_accepted_as_by_every_command() -> None:
    shipped = str(Path(__file__).parent.parent / "benchmarks.yaml")
    loud = runner.invoke(app, ["benchmarks", "--check", shipped])
    assert loud.exit_code == 0 and loud.stderr.startswith("ok: ")
    quiet = runner.invoke(app, ["benchmarks", "--check", shipped, "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert runner.invoke(app, ["kpis", "ctr", "-q"]).exit_code == 0
