"""`kpi benchmarks learn` and `kpi score --compare-benchmarks`, end to end, figures by hand."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from kpi_cli import benchmarks as bm
from kpi_cli.cli import app

runner = CliRunner()


def past_campaigns(tmp_path: Path) -> Path:
    # Eight micro campaigns, one post each: CTR 10/1,000 = 1 %, 2 %, ... 8 %; and two macro
    # ones (CTR 1 %, 2 %). Each campaign is one observation of its own sums.
    rows = ["Campaign,Date,Handle,Tier,Impressions,Link clicks,Amount spent (USD)"]
    for i in range(1, 9):
        rows.append(f"C{i},2025-01-{i:02d},@m{i},micro,1000,{10 * i},{5 * i}")
    rows += ["M1,2025-02-01,@big,macro,1000,10,50", "M2,2025-02-02,@big,macro,1000,20,50"]
    path = tmp_path / "past.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_learned_bands_are_the_quartiles_of_past_campaigns(tmp_path: Path) -> None:
    ours = tmp_path / "ours.yaml"
    result = runner.invoke(
        app, ["benchmarks", "learn", str(past_campaigns(tmp_path)), "--by", "tier", "-o", str(ours)]
    )
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(ours.read_text())
    ctr = doc["kpis"]["ctr"]
    # Ten campaigns' CTRs: 1, 1, 2, 2, 3, 4, 5, 6, 7, 8 (%). Linear quartiles at positions
    # (n - 1) x p = 2.25, 4.5, 6.75: p25 = 2 + 0.25 x 0 = 2, p50 = 3 + 0.5 x 1 = 3.5,
    # p75 = 5 + 0.75 x 1 = 5.75.
    assert ctr["bands"] == {
        "poor": [None, 2],
        "fair": [2, 3.5],
        "good": [3.5, 5.75],
        "excellent": [5.75, None],
    }
    assert ctr["source"] == "your campaigns, 2025-01-01–2025-02-02, n=10"
    # Micro alone (1..8 %): positions 1.75, 3.5, 5.25: 2.75, 4.5, 6.25. Macro has 2: no bands.
    assert ctr["tiers"]["micro"]["bands"] == {
        "poor": [None, 2.75], "fair": [2.75, 4.5], "good": [4.5, 6.25], "excellent": [6.25, None]
    }  # fmt: skip
    assert "macro" not in ctr["tiers"]
    assert "tiers macro: fewer than 8 observations" in result.stderr
    # CPC is lower-is-better: flipped. Micro campaign i spends 5i for 10i clicks: $0.50
    # each; the macro ones $5.00 and $2.50. Sorted: 0.5 x 8, 2.5, 5: p25 = p50 = 0.5, p75 = 0.5.
    assert doc["kpis"]["cpc"]["bands"]["excellent"] == [None, 0.5]
    bm.parse(doc, "ours.yaml")  # a valid --benchmarks file


def test_score_compares_learned_and_shipped_verdicts(tmp_path: Path) -> None:
    ours = tmp_path / "ours.yaml"
    assert (
        runner.invoke(app, ["benchmarks", "learn", str(past_campaigns(tmp_path)), "-o", str(ours)]).exit_code
        == 0
    )
    june = tmp_path / "june.csv"
    june.write_text("Campaign,Handle,Impressions,Link clicks\nJ,@a,1000,30\n")  # CTR 3 %
    args = ["score", str(june), "-b", str(ours), "--compare-benchmarks", "-f", "json", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    ctr = doc["total"]["kpis"]["ctr"]
    # Yours: 3 % is fair (2–3.5 %); the shipped bands: excellent (≥ 2 %).
    assert (ctr["verdict"], doc["kpis"]["ctr"]["bands"][ctr["band"]]["label"]) == ("fair", "2–3.5%")
    assert (ctr["industry"]["verdict"], ctr["industry"]["label"]) == ("excellent", "≥ 2%")
    table = runner.invoke(app, [*args[:-3], "-q", "--color", "never"]).stdout
    row = next(line for line in table.splitlines() if "CTR" in line)
    assert "fair" in row and "excellent ≥ 2%" in row
    refused = runner.invoke(app, ["score", str(june), "--compare-benchmarks", "-q"])
    assert refused.exit_code == 2 and "add -b FILE" in refused.output


def test_learning_needs_campaigns_and_enough_of_them(tmp_path: Path) -> None:
    flat = tmp_path / "flat.csv"
    flat.write_text("Handle,Impressions,Link clicks\n@a,1000,10\n")
    result = runner.invoke(app, ["benchmarks", "learn", str(flat)])
    assert result.exit_code == 2 and "learning needs a campaign column" in result.output
    result = runner.invoke(app, ["benchmarks", "learn", str(past_campaigns(tmp_path)), "--min", "11"])
    assert result.exit_code == 2 and "no KPI has 11 or more observations" in result.output


def test_rows_without_a_campaign_are_left_out_and_said(tmp_path: Path) -> None:
    path = past_campaigns(tmp_path)
    path.write_text(path.read_text() + ",2025-02-03,@x,micro,1000,90,5\n")  # no campaign name
    ours = tmp_path / "ours.yaml"
    result = runner.invoke(app, ["benchmarks", "learn", str(path), "-o", str(ours)])
    assert result.exit_code == 0, result.output
    assert "1 row with a blank campaign left out" in result.stderr
    assert yaml.safe_load(ours.read_text())["kpis"]["ctr"]["source"].endswith("n=10")  # not 11


def test_a_file_without_a_campaign_column_beside_one_with_it(tmp_path: Path) -> None:
    # An Instagram-style export has no campaign column: its 2 rows are unnamed and left out,
    # the 10 campaigns of the other file are learned from (it used to end in a KeyError).
    other = tmp_path / "instagram.csv"
    other.write_text("Post ID,Account username,Publish time,Impressions,Link clicks\n"
                     "p1,@z,2025-03-01,1000,5\np2,@z,2025-03-02,1000,7\n")  # fmt: skip
    ours = tmp_path / "ours.yaml"
    result = runner.invoke(
        app, ["benchmarks", "learn", str(past_campaigns(tmp_path)), str(other), "-o", str(ours)]
    )
    assert result.exit_code == 0, result.output
    assert "2 rows with a blank campaign left out" in result.stderr
    assert yaml.safe_load(ours.read_text())["kpis"]["ctr"]["source"].endswith("n=10")
