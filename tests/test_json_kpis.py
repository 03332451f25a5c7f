"""Issue 21: JSON no larger than it needs to be (kpi.score/2).

What every group's record of a KPI shares (its name, phase, unit, whether it is primary)
is said once, in the document's `kpis`, with the bands that judged the total or a group;
each record names its band by number among them and keeps only what differs: value,
display, verdict, band, reason, missing (and a band's note, notes, industry when it has them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from kpi_cli import records
from kpi_cli.cli import app
from kpi_cli.score import score_files

runner = CliRunner()

# Three creators. CTR = clicks / impressions × 100; CPM = spend / impressions × 1,000.
#   @a nano:  30 / 1,000 = 3 %     3 / 1,000 × 1,000 = $3
#   @b micro: 50 / 4,000 = 1.25 %  60 / 4,000 × 1,000 = $15
#   @c micro:  5 / 1,000 = 0.5 %   7 / 1,000 × 1,000 = $7
#   total:    85 / 6,000 = 1.4167 %  70 / 6,000 × 1,000 = $11.67
EXPORT = (
    "Handle,Tier,Impressions,Link clicks,Spend\n@a,nano,1000,30,3\n@b,micro,4000,50,60\n@c,micro,1000,5,7\n"
)
# CTR has nano bands of their own; CPM (lower is better) none; engagement rate bands, but
# the export has no likes or comments: it is never judged.
BANDS = """version: 1
kpis:
  ctr:
    direction: higher
    source: agency targets
    bands: {poor: [null, 1], good: [1, 2], excellent: [2, null]}
    tiers:
      nano:
        source: nano study
        bands: {poor: [null, 2], good: [2, null]}
  cpm:
    direction: lower
    source: agency targets
    bands: {poor: [10, null], good: [5, 10], excellent: [null, 5]}
  engagement_rate:
    direction: higher
    source: agency targets
    bands: {poor: [null, 1], good: [1, null]}
"""
RECORD_KEYS = ["value", "display", "verdict", "band", "reason", "missing"]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    export, bands = tmp_path / "export.csv", tmp_path / "bands.yaml"
    export.write_text(EXPORT)
    bands.write_text(BANDS)
    return export, bands


def _doc(files: tuple[Path, Path], *extra: str) -> dict[str, Any]:
    export, bands = files
    args = ["score", str(export), "--by", "influencer", "-b", str(bands), "--benchmarks-only", *extra]
    result = runner.invoke(app, [*args, "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_kpis_lists_each_kpi_once_with_the_bands_that_judged(files: tuple[Path, Path]) -> None:
    doc = _doc(files)
    assert doc["schema"] == "kpi.score/2"
    assert list(doc)[list(doc).index("kpis") + 1] == "total"  # said before the records that use it
    # CTR: the default bands judged @c (0.5 %: poor), @b and the total (1.25 %, 1.42 %: good);
    # the nano bands @a (3 %: good). Excellent (≥ 2 %) judged nobody: not listed. The
    # default bands come first, then the tier's, each set from low values to high.
    assert doc["kpis"]["ctr"] == {
        "name": "CTR",
        "phase": "consideration",
        "unit": "percent",
        "primary": False,
        "bands": [
            {"verdict": "poor", "from": None, "to": 1, "label": "< 1%", "scope": None,
             "source": "agency targets"},
            {"verdict": "good", "from": 1, "to": 2, "label": "1–2%", "scope": None,
             "source": "agency targets"},
            {"verdict": "good", "from": 2, "to": None, "label": "≥ 2%", "scope": "nano tier",
             "source": "nano study"},
        ],
    }  # fmt: skip
    # CPM is lower-is-better: low to high is excellent ($3, @a), good ($7, @c), poor ($15 @b
    # and $11.67 the total), the opposite of the file's poor-to-excellent order.
    assert [(b["verdict"], b["from"], b["to"]) for b in doc["kpis"]["cpm"]["bands"]] == [
        ("excellent", None, 5),
        ("good", 5, 10),
        ("poor", 10, None),
    ]


def test_each_record_points_at_its_band(files: tuple[Path, Path]) -> None:
    doc = _doc(files)
    ctr = {g["label"]: g["kpis"]["ctr"] for g in doc["groups"]}
    cpm = {g["label"]: g["kpis"]["cpm"] for g in doc["groups"]}
    total = doc["total"]["kpis"]
    # CTR: @a 3 % → nano good (2); @b 1.25 % → 1–2 % (1); @c 0.5 % → < 1 % (0); total 1.42 % → 1–2 % (1).
    assert [(ctr[g]["value"], ctr[g]["verdict"], ctr[g]["band"]) for g in ("@a", "@b", "@c")] == [
        (3.0, "good", 2),
        (1.25, "good", 1),
        (0.5, "poor", 0),
    ]
    assert (total["ctr"]["value"], total["ctr"]["verdict"], total["ctr"]["band"]) == (
        pytest.approx(85 / 6000 * 100),
        "good",
        1,
    )
    # CPM: @a $3 → excellent (0); @c $7 → good (1); @b $15 and the total $11.67 → poor (2).
    assert [(cpm[g]["value"], cpm[g]["band"]) for g in ("@a", "@b", "@c")] == [(3.0, 0), (15.0, 2), (7.0, 1)]
    assert (total["cpm"]["value"], total["cpm"]["band"]) == (pytest.approx(70 / 6000 * 1000), 2)
    # Each record's verdict is its band's.
    for group in [doc["total"], *doc["groups"]]:
        for kpi, record in group["kpis"].items():
            if record["band"] is not None:
                assert doc["kpis"][kpi]["bands"][record["band"]]["verdict"] == record["verdict"]


def test_a_band_note_is_the_records_own(files: tuple[Path, Path]) -> None:
    doc = _doc(files)
    # The total mixes nano and micro creators: CTR was judged on the default bands, and says so.
    ctr = doc["total"]["kpis"]["ctr"]
    assert list(ctr) == ["value", "display", "verdict", "band", "note", "reason", "missing"]
    assert ctr["note"] == "tiers mixed (nano, micro): default bands; --by tier judges each tier on its own"
    # Each creator is one tier; CPM has no tier bands: no note, and no `note` key.
    assert list(doc["total"]["kpis"]["cpm"]) == RECORD_KEYS
    for group in doc["groups"]:
        assert all(list(record) == RECORD_KEYS for record in group["kpis"].values()), group["label"]


def test_a_kpi_no_band_judged_has_no_bands(files: tuple[Path, Path]) -> None:
    doc = _doc(files)
    # Engagement rate has bands, but no group has a figure; impressions has no bands at all.
    for kpi in ("engagement_rate", "impressions"):
        assert doc["kpis"][kpi]["bands"] == []
        for group in [doc["total"], *doc["groups"]]:
            assert (group["kpis"][kpi]["verdict"], group["kpis"][kpi]["band"]) == (None, None)
    assert doc["total"]["kpis"]["engagement_rate"]["value"] is None
    assert doc["kpis"]["impressions"] == {
        "name": "Impressions", "phase": "awareness", "unit": "count", "primary": False, "bands": []
    }  # fmt: skip
    # Every KPI of the records is in `kpis`, and nothing else.
    assert all(list(g["kpis"]) == list(doc["kpis"]) for g in [doc["total"], *doc["groups"]])


def test_primary_is_said_once(files: tuple[Path, Path]) -> None:
    doc = _doc(files, "--objective", "awareness")
    assert doc["kpis"]["impressions"]["primary"] is True and doc["kpis"]["ctr"]["primary"] is False
    assert not any(
        "primary" in record for g in [doc["total"], *doc["groups"]] for record in g["kpis"].values()
    )


def test_streamed_and_held_groups_write_the_same_kpis(files: tuple[Path, Path]) -> None:
    # A data format builds each group as it writes it (LazyGroups: `kpis` is worked out from
    # the KPI columns before any group is built); --fail-on holds the groups (a list).
    export, bands = files
    kwargs: dict[str, Any] = {"by": ["influencer"], "benchmarks_file": bands, "benchmarks_only": True}
    held = records.to_dict(score_files([str(export)], **kwargs))
    streamed = score_files([str(export)], stream=True, **kwargs)
    assert json.loads(b"".join(records.json_chunks(streamed, compact=True))) == held
    assert held["kpis"]["ctr"]["bands"][2]["scope"] == "nano tier"
    # The same catalogue, whichever way the groups come.
    assert records.catalogue(streamed).record() == held["kpis"]
    # A JSON record is much smaller than kpi.score/1's, which repeated name, phase, unit,
    # primary and the whole band (with its long source) in every record: CTR of @b.
    b = next(g for g in held["groups"] if g["label"] == "@b")["kpis"]["ctr"]
    assert (
        orjson.dumps(b)
        == b'{"value":1.25,"display":"1.25%","verdict":"good","band":1,"reason":null,"missing":{}}'
    )


def test_a_band_missing_from_kpis_is_an_error_not_a_wrong_number(files: tuple[Path, Path]) -> None:
    export, bands = files
    report = score_files([str(export)], by=["influencer"], benchmarks_file=bands, benchmarks_only=True)
    shared = records.catalogue(report)
    nano = shared.bands["ctr"][2]
    del shared.numbers["ctr"][nano]
    with pytest.raises(AssertionError, match="not in `kpis`"):
        records.group_record(report.groups[0], shared)  # @a, judged by the nano band


def test_the_readmes_json_example_is_what_kpi_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    # README's example is the sample's report, trimmed to three KPIs and without `reading`.
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    text = readme.split("The sample's figures as JSON", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    example = json.loads(text)
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["score", "sample_data/campaign_posts.csv", "-f", "json", "-q"])
    doc = json.loads(result.stdout)
    shown = list(example["kpis"])
    assert shown == list(example["total"]["kpis"]) == ["reach", "ctr", "cost_per_post"]
    assert list(example) == [key for key in doc if key != "reading"]
    for key, value in example.items():
        if key == "kpis":
            assert value == {kpi: doc["kpis"][kpi] for kpi in shown}
        elif key == "total":
            assert value == {**doc["total"], "kpis": {kpi: doc["total"]["kpis"][kpi] for kpi in shown}}
        else:
            assert value == doc[key], key
