"""A benchmarks file kpi would misread is refused, not half-read (audit n, N5).

A misspelled section (`teirs:`), tier (`micr:`) or key used to pass `kpi benchmarks
--check` as "ok" and be dropped: a micro campaign's CPM was then judged on the default
bands. The export below has three micro creators (10k, 20k and 50k followers), spend
100 + 150 + 50 = $300 and 5,000 + 8,000 + 2,000 = 15,000 impressions, so
CPM = 300 / 15,000 × 1,000 = $20.00: poor on the default bands (good up to $10), good on
the micro tier's (good up to $100).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpi_cli import benchmarks as bm
from kpi_cli.cli import app
from kpi_cli.kpis import TIERS

runner = CliRunner()

HEADER = "Date,Campaign,Platform,Handle,Followers,Impressions,Likes,Comments,Link Clicks,Purchases,"
MICRO = f"""\
{HEADER}Revenue (USD),Amount Spent (USD)
2025-03-03,Spring,Instagram,@anna,10000,5000,200,20,50,5,250.00,100.00
2025-03-04,Spring,TikTok,@ben,20000,8000,300,30,80,4,200.00,150.00
2025-03-05,Spring,Instagram,@cara,50000,2000,100,10,20,1,40.00,50.00
"""


def bands_file(section: str = "tiers", tier: str = "micro", extra: str = "", top: str = "version: 1") -> str:
    return f"""\
{top}
kpis:
  cpm:
    direction: lower
    unit: money
    assumption: ours
{extra}    bands:
      good: [null, 10]
      poor: [10, null]
    {section}:
      {tier}:
        bands:
          good: [null, 100]
          poor: [100, null]
"""


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "micro.csv"
    path.write_text(MICRO, encoding="utf-8")
    return path


def check(tmp_path: Path, text: str) -> tuple[int, str, str]:
    path = tmp_path / "bands.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["benchmarks", "--check", str(path)])
    return result.exit_code, result.stdout, result.stderr


def test_the_right_spelling_gives_the_micro_tier_verdict(tmp_path: Path, export: Path) -> None:
    path = tmp_path / "bands.yaml"
    path.write_text(bands_file(), encoding="utf-8")
    result = runner.invoke(app, ["score", str(export), "-b", str(path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    cpm = next(line for line in result.stdout.splitlines() if "CPM" in line)
    assert "$20.00" in cpm and "good" in cpm and "micro tier" in cpm


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (bands_file(section="teirs"), "kpis.cpm: unknown key 'teirs'; did you mean 'tiers'?"),
        (bands_file(tier="micr"), "kpis.cpm.tiers: unknown tier 'micr'; did you mean 'micro'?"),
        (
            bands_file(tier="gigantic"),
            "kpis.cpm.tiers: unknown tier 'gigantic'; use nano, micro, mid, macro, mega",
        ),
        (bands_file(top="versoin: 1"), "unknown key 'versoin'; did you mean 'version'?"),
        (bands_file(top="version: 2"), "version: kpi reads version 1 files, not 2"),
        (bands_file(extra="    soruce: agency\n"), "kpis.cpm: unknown key 'soruce'; did you mean 'source'?"),
        (bands_file(extra="    currency: EUR\n"), "kpis.cpm: 'currency' is set once, at the top of the file"),
        (
            bands_file(section="platforms", tier="instagrm"),
            "kpis.cpm.platforms: 'instagrm' looks like a misspelling of 'instagram'",
        ),
        (
            bands_file(section="formats", tier="reeel"),
            "kpis.cpm.formats: 'reeel' looks like a misspelling of 'reel'",
        ),
        (
            bands_file().replace("          good: [null, 100]", "          god: [null, 100]"),
            "unknown verdict 'god'; did you mean 'good'?",
        ),
        (
            bands_file().replace(
                "        bands:\n          good", "        bandz: {}\n        bands:\n          good"
            ),
            "kpis.cpm.tiers.micro: unknown key 'bandz'; did you mean 'bands'?",
        ),
        # CTR is a percentage: `unit: money` printed "CTR 1.00 % ✓ good ≥ $1.00".
        (bands_file().replace("cpm:", "ctr:"), "kpis.ctr.unit: ctr is a percent KPI"),
        # PyYAML keeps the last of two equal keys: `good:` twice replaced the first band.
        (
            bands_file().replace(
                "      good: [null, 10]\n", "      good: [null, 10]\n      good: [10, 20]\n"
            ),
            "line 9 (cpm): 'good' is given twice (first on line 8); keep one",
        ),
    ],
)
def test_check_refuses_what_would_be_misread(tmp_path: Path, text: str, message: str) -> None:
    code, out, err = check(tmp_path, text)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"kpi: error: {tmp_path / 'bands.yaml'}")
    assert message in err


def test_a_misspelled_tier_is_refused_when_scoring_too(tmp_path: Path, export: Path) -> None:
    path = tmp_path / "bands.yaml"
    path.write_text(bands_file(tier="micr"), encoding="utf-8")
    result = runner.invoke(app, ["score", str(export), "-b", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown tier 'micr'; did you mean 'micro'?" in result.stderr


@pytest.mark.parametrize("platform", ["twitch", "TikTok", "IG", "pinterest"])
def test_a_platform_of_your_own_or_an_alias_is_still_fine(tmp_path: Path, platform: str) -> None:
    code, out, err = check(tmp_path, bands_file(section="platforms", tier=platform))
    assert code == 0, err
    assert "ok: 1 KPIs" in out + err


def test_the_shipped_file_and_its_own_output_pass() -> None:
    benches = bm.load(extend=False)
    doc = bm.to_document(benches)
    assert bm.parse(doc, "round trip").keys() == benches.keys()


def test_tier_names_are_the_scorers() -> None:
    assert bm.TIER_NAMES == TIERS


def test_learn_leaves_out_a_group_the_file_could_not_hold() -> None:
    """A tier word of the export's own (`kol`) would make a file `--check` refuses: no bands
    of its own, and a note; `micro` (11 values, 1..11) keeps its bands."""
    from kpi_cli.learn import Observation, learn

    obs = [Observation("ctr", float(v), {"tier": t}) for t in ("micro", "kol") for v in range(1, 12)]
    doc, notes = learn(obs, {"ctr": ("higher", "percent")}, ["tier"])
    assert list(doc["kpis"]["ctr"]["tiers"]) == ["micro"]
    assert any("unknown tier 'kol'" in note and "no bands of its own" in note for note in notes)
    assert bm.parse(doc, "learned")["ctr"].tiers.keys() == {"micro"}
