"""Benchmark bands: verdict edges and the validation of a benchmarks file."""

from __future__ import annotations

import re
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


def _every_bands(bench: bm.Benchmark) -> list[bm.Bands]:
    return [bench.default, *bench.tiers.values(), *bench.platforms.values(), *bench.formats.values(),
            *bench.campaign_types.values()]  # fmt: skip


def test_every_shipped_band_names_an_article_or_kpis_own_assumption_with_its_reasoning() -> None:
    # SPEC, Decisions: sources by article title, or kpi's own assumption with its reasoning;
    # never a file name, never a bare "assumption".
    for kpi, bench in SHIPPED.items():
        for bands in _every_bands(bench):
            origin, where = bands.origin, (kpi, bands.scope)
            assert ".txt" not in bands.source, where
            if origin.assumption is not None:
                assert origin.assumed_by == "kpi" and not origin.articles, where
                assert len(origin.assumption.split()) >= 8, where  # a reason, not a word
                assert bands.source == f"kpi's own assumption: {origin.assumption}"
            else:
                assert origin.articles and not origin.written, where
    # The two tiers no article covers are the assumptions (SPEC: cost per post for tiers
    # the sources do not cover); micro, macro and mega follow the article.
    tiers = SHIPPED["cost_per_post"].tiers
    assert [t for t, b in tiers.items() if b.origin.assumption is not None] == ["nano", "mid"]


SEEDS = Path(__file__).parents[2] / "shared" / "seeds"


def _unsupported(article: bm.Article, seeds: list[str]) -> list[str]:
    """What a cited article says that no seed supports: its title must be a seed's first line,
    and its author, publisher, year and URL must be written in that seed."""
    seed = next((text for text in seeds if text.strip().splitlines()[0].strip() == article.title), None)
    if seed is None:
        return [f"title {article.title!r}"]
    claims = {"author": article.author, "publisher": article.publisher,
              "year": str(article.year or ""), "url": article.url}  # fmt: skip
    return [f"{field} {value!r}" for field, value in claims.items() if value and value not in seed]


def _seeds() -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip(f"the source articles are not here ({SEEDS})")
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def test_cited_titles_authors_years_and_urls_are_the_seeds_own() -> None:
    seeds = _seeds()
    articles = {a for bench in SHIPPED.values() for b in _every_bands(bench) for a in b.origin.articles}
    assert {a.title for a in articles} == {
        "KPI Goals For Influencer Marketing Campaigns",
        "What Are the Top 7 KPIs for a Micro Influencer Marketing Agency?",
    }
    for article in articles:
        assert _unsupported(article, seeds) == [], article
    # Named as the articles name themselves: the first by its author; the second by its
    # date line (Apr 6, 2025), naming neither author nor publisher. Neither gives a URL.
    flood = next(a for a in articles if a.author)
    assert (flood.author, flood.publisher, flood.year, flood.url) == ("Colby Flood", "", None, "")
    top7 = next(a for a in articles if not a.author)
    assert (top7.publisher, top7.year, top7.url) == ("", 2025, "")


@pytest.mark.parametrize(
    ("changes", "flagged"),
    [
        ({"title": "KPI Goals for Influencer Campaigns"}, "title"),
        ({"author": "Colby Flod"}, "author"),
        ({"year": 2024}, "year"),
        ({"url": "https://example.com/kpi-goals"}, "url"),
        ({"publisher": "Skorr"}, "publisher"),  # Skorr publishes another seed, not this one
    ],
)
def test_the_seed_check_catches_what_a_seed_does_not_say(changes: dict[str, Any], flagged: str) -> None:
    seeds = _seeds()
    real = bm.Article("flood", "KPI Goals For Influencer Marketing Campaigns", "Colby Flood")
    assert _unsupported(real, seeds) == []
    made_up = real._replace(**changes)
    assert [p.split()[0] for p in _unsupported(made_up, seeds)] == [flagged]


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

    doc = json.loads(result.stdout)
    kpis = doc["total"]["kpis"]
    assert kpis["ctr"]["verdict"] == "poor"
    assert doc["kpis"]["ctr"]["bands"][kpis["ctr"]["band"]]["source"] == "assumption"
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
    judged = doc["kpis"]["ctr"]["bands"]  # each record names its band by number
    # @a: a reel (the format's bands win over the tier's): 3 % is good (2–4 %).
    assert (ctr["@a"]["verdict"], judged[ctr["@a"]["band"]]["scope"]) == ("good", "reel format")
    # @b: no bands for static, so its tier's: 0.5 % is good (≥ 0.1 %).
    assert (ctr["@b"]["verdict"], judged[ctr["@b"]["band"]]["scope"]) == ("good", "micro tier")
    # @c: a reel again: 1 % is poor (< 2 %).
    assert (ctr["@c"]["verdict"], judged[ctr["@c"]["band"]]["scope"]) == ("poor", "reel format")
    # Without tier bands, @b falls to its campaign type's: 0.5 % is good (≥ 0.4 %).
    del bands["kpis"]["ctr"]["tiers"]
    path.write_text(yaml.safe_dump(bands))
    doc = json_of(runner.invoke(app, args))
    b = next(g for g in doc["groups"] if g["label"] == "@b")["kpis"]["ctr"]
    judged = doc["kpis"]["ctr"]["bands"]
    assert (b["verdict"], judged[b["band"]]["scope"]) == ("good", "launch campaigns")
    # The total mixes formats and campaign types: the default bands (CTR 55 / 4,000 = 1.375 %).
    total = doc["total"]["kpis"]["ctr"]
    assert (total["verdict"], judged[total["band"]]["scope"]) == ("good", None)
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


# --------------------------------------------------------------------------- sources


ARTICLES = {
    "flood": {"title": "KPI Goals For Influencer Marketing Campaigns", "author": "Colby Flood"},
    "rates": {"title": "Creator Rates 2025", "publisher": "Example Media", "year": 2025,
              "url": "https://example.com/rates"},
}  # fmt: skip


def _with_sources(spec: dict[str, Any], sources: Any = ARTICLES) -> dict[str, Any]:
    return {
        "sources": sources,
        "kpis": {"ctr": {"direction": "higher", "bands": {"good": [1, None]}, **spec}},
    }


def test_source_ids_name_the_articles_listed_under_sources() -> None:
    one = bm.parse(_with_sources({"source": "flood"}))["ctr"].default
    assert one.source == "KPI Goals For Influencer Marketing Campaigns (Colby Flood)"
    assert one.origin.articles[0].id == "flood"
    two = bm.parse(_with_sources({"source": ["rates", "flood"], "basis": "2–5% goal"}))["ctr"].default
    assert two.source == (
        "Creator Rates 2025 (Example Media, 2025); KPI Goals For Influencer Marketing Campaigns (Colby Flood)"
    )
    assert two.origin.basis == "2–5% goal"
    assert two.origin.articles[0] == bm.Article(
        "rates", "Creator Rates 2025", "", "Example Media", 2025, "https://example.com/rates"
    )


def test_old_style_sources_in_words_still_load() -> None:
    # Files written before `sources:` existed: a source in words, several in one string, or
    # `assumption`. They read as written, and a word that is no id of the file stays words.
    for written in ("agency targets 2025", "KPI Goals For Influencer Marketing Campaigns (Colby Flood), x"):
        bands = bm.parse(_doc({"good": [1, None]}) | {"kpis": {"ctr": {"direction": "higher",
                         "source": written, "bands": {"good": [1, None]}}}})["ctr"].default  # fmt: skip
        assert (bands.source, bands.origin.written, bands.origin.articles) == (written, (written,), ())
    old = bm.parse(_doc({"good": [1, None]}))["ctr"].default  # source: assumption
    assert (old.source, old.origin.assumption) == ("assumption", "")
    mixed = bm.parse(_with_sources({"source": ["flood", "our 2024 rate card"]}))["ctr"].default
    assert mixed.source == "KPI Goals For Influencer Marketing Campaigns (Colby Flood); our 2024 rate card"


def test_an_assumption_carries_its_reasoning() -> None:
    spec = {"assumption": "no article covers nano creators; half the micro rate", "assumed_by": "kpi"}
    bands = bm.parse(_with_sources(spec))["ctr"].default
    assert bands.source == "kpi's own assumption: no article covers nano creators; half the micro rate"
    yours = bm.parse(_with_sources({"assumption": "our media team's call"}))["ctr"].default
    assert yours.source == "assumption: our media team's call"
    theirs = bm.parse(_with_sources({"assumption": "agreed in the brief", "assumed_by": "Acme"}))["ctr"]
    assert theirs.default.source == "assumption (Acme): agreed in the brief"


def test_an_override_without_a_source_has_its_kpis_but_not_its_basis() -> None:
    spec = {
        "source": "flood",
        "basis": "1–2% of impressions",
        "tiers": {"micro": {"bands": {"good": [2, None]}}},
    }
    bench = bm.parse(_with_sources(spec))["ctr"]
    micro = bench.tiers["micro"].origin
    assert micro.articles == bench.default.origin.articles and micro.basis == ""


@pytest.mark.parametrize(
    ("sources", "spec", "message"),
    [
        (ARTICLES, {"source": "flood", "assumption": "why"}, "give 'source:' or 'assumption:', not both"),
        (ARTICLES, {"source": "flood", "assumed_by": "kpi"}, "'assumed_by:' goes with 'assumption:'"),
        (ARTICLES, {"assumption": "  "}, "'assumption:' must be text"),
        (ARTICLES, {"source": []}, "'source:' must be the article"),
        (ARTICLES, {"source": ["flood", 3]}, "'source:' must be the article"),
        (ARTICLES, {}, "missing 'source:'; name the article, or write 'assumption:'"),
        ({"flood": {"author": "Colby Flood"}}, {"source": "flood"}, "sources: flood: missing 'title:'"),
        ({"flood": {"title": "T", "date": "2025"}}, {"source": "flood"}, "unknown field 'date'; use title"),
        ({"flood": {"title": "T", "year": "2025"}}, {"source": "flood"}, "year must be a year such as 2025"),
        ({"flood": {"title": "T", "url": "example.com"}}, {"source": "flood"}, "url must start with http"),
        ({"two words": {"title": "T"}}, {"source": "flood"}, "an id is one word"),
        (["flood"], {"source": "flood"}, "'sources' must map ids to articles"),
    ],
)
def test_bad_sources_are_refused(sources: Any, spec: dict[str, Any], message: str) -> None:
    with pytest.raises(BenchmarkError, match=re.escape(message)):
        bm.parse(_with_sources(spec, sources), "mine.yaml")


def test_a_document_keeps_its_articles_and_round_trips(tmp_path: Path) -> None:
    # Your file says `source: flood_kpi_goals` in words (it has no `sources:`), which is also
    # the id of a shipped article: the written document renames the article's id, so that
    # the words stay words when it is read back.
    path = tmp_path / "mine.yaml"
    path.write_text(
        "kpis:\n  ctr:\n    direction: higher\n    source: flood_kpi_goals\n"
        "    bands: {poor: [null, 1], good: [1, null]}\n"
    )
    merged = bm.load(path)
    doc = bm.to_document(merged)
    assert list(doc) == ["version", "sources", "kpis"]
    assert doc["sources"] == {
        "flood_kpi_goals_2": {
            "title": "KPI Goals For Influencer Marketing Campaigns", "author": "Colby Flood"},
        "top7_micro_agency": {  # no words read like this id: it stays
            "title": "What Are the Top 7 KPIs for a Micro Influencer Marketing Agency?", "year": 2025},
    }  # fmt: skip
    assert doc["kpis"]["ctr"]["source"] == "flood_kpi_goals"
    assert doc["kpis"]["cpm"]["source"] == "flood_kpi_goals_2"
    assert doc["kpis"]["cpe"]["source"] == ["flood_kpi_goals_2", "top7_micro_agency"]
    again = bm.parse(doc, "again")
    assert again["ctr"].default.source == "flood_kpi_goals"
    assert again["cpm"].default.source == merged["cpm"].default.source
    assert {k: b.default.bands for k, b in again.items()} == {k: b.default.bands for k, b in merged.items()}


def test_the_shipped_bands_read_from_the_cache_are_the_yamls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    from_yaml = bm._load_file(bm.shipped_path())
    assert bm.load() == from_yaml  # no cache yet: the YAML, and the cache written
    (cache,) = (tmp_path / "kpi").glob("benchmarks-*.json")
    assert bm.load() == from_yaml  # from the cache
    cache.write_bytes(b"{broken")
    assert bm.load() == from_yaml  # a broken cache: the YAML again


def test_data_json_would_change_is_not_cached(tmp_path: Path) -> None:
    import datetime

    target = tmp_path / "benchmarks-x.json"
    bm._write_cache(target, {"kpis": {"ctr": {"since": datetime.date(2025, 1, 1)}}})
    assert not target.exists()
    bm._write_cache(target, {"kpis": {"ctr": {"bands": {"poor": [None, 1.5]}}}})
    assert target.exists()


def test_a_small_score_imports_no_yaml(tmp_path: Path, three_posts: Path) -> None:
    """PyYAML's import is ~30 ms of a 3-row file's run: with the shipped bands cached, a
    plain `kpi score` must not bring it back (it loads for --benchmarks, --goals, --map)."""
    import os
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "real_exit = os._exit\n"
        "def report(code):\n"  # kpi ends with os._exit: say what was imported first
        "    print('yaml' in sys.modules, file=sys.stderr)\n"
        "    real_exit(code)\n"
        "os._exit = report\n"
        f"sys.argv = ['kpi', 'score', {str(three_posts)!r}, '-f', 'json', '-q']\n"
        "from kpi_cli.cli import main\n"
        "main()\n"
    )
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root), "XDG_CACHE_HOME": str(tmp_path)}
    first, second = (
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
        for _ in range(2)
    )
    assert first.returncode == 0, first.stderr
    assert first.stderr.strip() == "True"  # no cache yet: the YAML is read, and cached
    assert second.returncode == 0, second.stderr
    assert second.stderr.strip() == "False"
    assert '"schema":"kpi.score/2"' in second.stdout  # a pipe: compact JSON
