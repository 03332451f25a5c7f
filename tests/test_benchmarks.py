"""Benchmark bands: verdict edges and the validation of a benchmarks file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def test_format_and_campaign_type_scopes_most_specific_first(tmp_path: Path) -> None:
    # CTR per creator: @a 30 / 1,000 = 3 %, @b 5 / 1,000 = 0.5 %, @c 20 / 2,000 = 1 %.
    export = tmp_path / "export.csv"
    export.write_text(
        "Handle,Format,Campaign type,Tier,Impressions,Link clicks\n"
        "@a,Reel,Launch,micro,1000,30\n"
        "@b,Static,Launch,micro,1000,5\n"
        "@c,Reel,Always-on,micro,2000,20\n"
    )
    bands = {
        "version": 1,
        "kpis": {
            "ctr": {
                "direction": "higher",
                "unit": "percent",
                "source": "agency",
                "bands": {"poor": [None, 1], "good": [1, 2], "excellent": [2, None]},
                "formats": {"reel": {"bands": {"poor": [None, 2], "good": [2, 4], "excellent": [4, None]}}},
                "tiers": {"micro": {"bands": {"poor": [None, 0.1], "good": [0.1, None]}}},
                "campaign_types": {"launch": {"bands": {"poor": [None, 0.4], "good": [0.4, None]}}},
            }
        },
    }
    path = tmp_path / "bands.yaml"
    path.write_text(yaml.safe_dump(bands))
    args = ["score", str(export), "-b", str(path), "--by", "influencer", "-f", "json", "-q"]
    doc = json_of(runner.invoke(app, args))
    ctr = {g["label"]: g["kpis"]["ctr"] for g in doc["groups"]}
    # @a: a reel (the format's bands win over the tier's): 3 % is good (2–4 %).
    assert (ctr["@a"]["verdict"], ctr["@a"]["band"]["scope"]) == ("good", "reel format")
    # @b: no bands for static, so its tier's: 0.5 % is good (≥ 0.1 %).
    assert (ctr["@b"]["verdict"], ctr["@b"]["band"]["scope"]) == ("good", "micro tier")
    # @c: a reel again: 1 % is poor (< 2 %).
    assert (ctr["@c"]["verdict"], ctr["@c"]["band"]["scope"]) == ("poor", "reel format")
    # Without tier bands, @b falls to its campaign type's: 0.5 % is good (≥ 0.4 %).
    del bands["kpis"]["ctr"]["tiers"]
    path.write_text(yaml.safe_dump(bands))
    doc = json_of(runner.invoke(app, args))
    b = next(g for g in doc["groups"] if g["label"] == "@b")["kpis"]["ctr"]
    assert (b["verdict"], b["band"]["scope"]) == ("good", "launch campaigns")
    # The total mixes formats and campaign types: the default bands (CTR 55 / 4,000 = 1.375 %).
    total = doc["total"]["kpis"]["ctr"]
    assert (total["verdict"], total["band"]["scope"]) == ("good", None)
    # --by campaign_type groups on the new column; the file round-trips through -f yaml.
    by_type = json_of(runner.invoke(app, ["score", str(export), "--by", "campaign_type", "-f", "json", "-q"]))
    assert sorted(g["label"] for g in by_type["groups"]) == ["Always-on", "Launch"]
    exported = runner.invoke(app, ["benchmarks", "-b", str(path), "--benchmarks-only", "-f", "yaml"]).stdout
    assert yaml.safe_load(exported)["kpis"]["ctr"]["campaign_types"]["launch"]["bands"] == {
        "poor": [None, 0.4], "good": [0.4, None]
    }  # fmt: skip


runner = CliRunner()


def json_of(result: Any) -> Any:
    import json

    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("written", "key"),
    [("Reels", "reel"), ("IG reel", "reel"), ("YouTube Shorts", "short"), ("IG carousel", "carousel"),
     ("IG image", "static"), ("Stories", "story"), ("long-form video", "long video"), ("Live", "live")],
)  # fmt: skip
def test_format_names_fold_to_the_names_bands_use(written: str, key: str) -> None:
    assert bm.format_key(written) == key
    spec = {"direction": "higher", "source": "x", "bands": {"poor": [None, 1], "good": [1, None]}}
    spec["formats"] = {key: {"bands": {"poor": [None, 2], "good": [2, None]}}}
    bench = bm.parse({"kpis": {"ctr": spec}})["ctr"]
    assert bench.pick(formats=(written,)).scope == f"{key} format"
    assert bench.pick(formats=(written, key)).scope == f"{key} format"  # one format, two spellings
