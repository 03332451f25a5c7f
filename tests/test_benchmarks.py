"""Benchmark bands: verdict edges and the validation of a benchmarks file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kpi_cli import benchmarks as bm
from kpi_cli.cli import app
from kpi_cli.errors import BenchmarkError

SHIPPED = bm.load()


def verdict(kpi: str, value: float, tiers: tuple[str, ...] = ()) -> str | None:
    bench = SHIPPED[kpi]
    found = bm.judge(bench, value, bench.pick(tiers))
    return found.verdict if found else None


@pytest.mark.parametrize(
    ("kpi", "value", "expected"),
    [
        ("ctr", 0.99, "poor"),
        ("ctr", 1.0, "good"),  # an edge belongs to the better band
        ("ctr", 2.0, "excellent"),
        ("cpm", 25.0, "good"),  # lower is better: $25 exactly is still good
        ("cpm", 25.01, "fair"),
        ("cpm", 45.0, "fair"),
        ("cpm", 45.01, "poor"),
        ("cpe", 0.10, "excellent"),
        ("cpe", 1.00, "fair"),
        ("roas", 3.0, "good"),
        ("roi", -0.01, "poor"),
        ("engagement_rate_by_followers", 9.0, "excellent"),
        ("client_retention_rate", 80.0, "good"),
    ],
)
def test_edges(kpi: str, value: float, expected: str) -> None:
    assert verdict(kpi, value) == expected


def test_tier_override_for_cost_per_post() -> None:
    # $1,200 a post is poor for a micro creator (> $500) and good for a macro one ($1,000 up).
    assert verdict("cost_per_post", 1200, ("micro",)) == "poor"
    assert verdict("cost_per_post", 1200, ("macro",)) == "good"
    # A group of mixed tiers falls back to the default bands.
    assert verdict("cost_per_post", 1200, ("macro", "micro")) == "poor"


@pytest.mark.parametrize("tier", ["macro", "mega"])
def test_macro_and_mega_cost_per_post_is_good_from_1000_up(tier: str) -> None:
    # SPEC, Decisions: the seed's "$1,000+ for macro-influencers"; no excellent band, and
    # exactly $1,000 is good.
    assert verdict("cost_per_post", 1000, (tier,)) == "good"
    assert verdict("cost_per_post", 25_000, (tier,)) == "good"
    assert verdict("cost_per_post", 999, (tier,)) is None
    bands = SHIPPED["cost_per_post"].tiers[tier]
    assert [(b.verdict, b.lo, b.hi) for b in bands.bands] == [("good", 1000, None)]


def test_every_shipped_band_cites_a_source_by_title_or_says_assumption() -> None:
    # SPEC, Decisions: sources by article title (the first line of each seed), never a file name.
    folder = Path(__file__).parents[2] / "shared" / "seeds"
    titles = [p.read_text(encoding="utf-8").strip().splitlines()[0].strip() for p in folder.glob("*.txt")]
    for bench in SHIPPED.values():
        for bands in [bench.default, *bench.tiers.values(), *bench.platforms.values()]:
            assert ".txt" not in bands.source, bands.source
            if titles and bands.source != "assumption":
                assert any(bands.source.startswith(t) for t in titles), bands.source


def _doc(bands: object, kpi: str = "ctr", **extra: object) -> dict[str, object]:
    spec = {"direction": "higher", "source": "assumption", "bands": bands, **extra}
    return {"kpis": {kpi: spec}}


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (_doc({"good": [1, 3]}, kpi="ctrr"), "unknown KPI"),
        (_doc({"good": [3, 1]}), "inverted"),
        (_doc({"poor": [None, 2], "good": [1, None]}), "overlap"),
        (_doc({"poor": [None, 1], "good": [2, None]}), "gap"),
        (_doc({"poor": [None, "one"], "good": ["one", None]}), "not a number"),
        (_doc({"great": [1, 2]}), "unknown verdict"),
        (_doc({"good": [None, 1], "poor": [1, None]}), "out of order"),
        ({"kpis": {"ctr": {"direction": "up", "source": "x", "bands": {"good": [1, 2]}}}}, "direction"),
        ({"kpis": {"ctr": {"direction": "higher", "bands": {"good": [1, 2]}}}}, "source"),
        ([1, 2], "kpis"),
    ],
)
def test_bad_files_are_refused(doc: object, message: str) -> None:
    with pytest.raises(BenchmarkError, match=message):
        bm.parse(doc, "mine.yaml")


def test_cli_reports_a_bad_benchmarks_file(tmp_path: Path, three_posts: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(_doc({"good": [3, 1]})))
    result = CliRunner().invoke(app, ["score", str(three_posts), "--benchmarks", str(path), "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"kpi: error: {path}: ctr: band good is inverted (3 ≥ 1); write [low, high]"
    )


def test_cli_reports_broken_yaml(tmp_path: Path, three_posts: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("kpis:\n  ctr: [unclosed\n")
    result = CliRunner().invoke(app, ["score", str(three_posts), "-b", str(path), "-q"])
    assert result.exit_code == 2
    assert str(path) in result.stderr and "line" in result.stderr


def test_own_file_replaces_that_kpi_only(tmp_path: Path, three_posts: Path) -> None:
    # CTR 1.25 % is "good" with the shipped bands; a stricter file makes it poor.
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(_doc({"poor": [None, 1.5], "good": [1.5, None]})))
    result = CliRunner().invoke(app, ["score", str(three_posts), "-b", str(path), "-f", "json", "-q"])
    import json

    kpis = json.loads(result.stdout)["total"]["kpis"]
    assert kpis["ctr"]["verdict"] == "poor"
    assert kpis["ctr"]["band"]["source"] == "assumption"
    assert kpis["cpm"]["verdict"] == "poor"  # shipped CPM bands still apply ($125 > $45)


def test_breakdown_judge_agrees_with_judge_on_every_edge() -> None:
    # build_report judges thousands of groups through score._Judges, which picks and
    # labels each KPI's bands once per tier / platform mix; it must give bm.judge's verdicts.
    from kpi_cli.score import _Judges

    judges = _Judges(SHIPPED)
    mixes = [((), ()), (("micro",), ()), (("macro",), ("tiktok",)), (("nano", "mega"), ("instagram",))]
    for kpi, bench in SHIPPED.items():
        edges = {e for bands in (bench.default, *bench.tiers.values(), *bench.platforms.values())
                 for b in bands.bands for e in (b.lo, b.hi) if e is not None}  # fmt: skip
        values = sorted({v for e in edges for v in (e - 0.01, e, e + 0.01)} | {-1e9, 0.0, 1e9})
        for tiers, platforms in mixes:
            for value in values:
                expected = bm.judge(bench, value, bench.pick(tiers, platforms))
                assert judges.plan(tiers, platforms)[kpi][0].verdict(value) == expected, (kpi, value, tiers)
    assert "posts" not in judges.plan((), ())  # no benchmark: never judged


def test_fast_yaml_reads_the_shipped_file_as_the_python_parser_does() -> None:
    import yaml

    from kpi_cli.benchmarks import _parse_yaml, shipped_path

    text = shipped_path().read_text(encoding="utf-8")
    assert _parse_yaml(text) == yaml.safe_load(text)
