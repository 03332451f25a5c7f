"""`kpi score --goals` and `kpi goals init` end to end: attainment and pacing by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()

EXPORT = (
    "Date,Campaign,Handle,Impressions,Reach,Link clicks,Purchases,Amount spent (USD)\n"
    "2025-06-01,Launch,@a,100000,80000,1000,20,400\n"
    "2025-06-05,Launch,@b,200000,120000,3000,40,800\n"
    "2025-06-10,Always-on,@a,100000,50000,1000,40,800\n"
)
GOALS = """\
objective: conversion
start: 2025-06-01
end: 2025-06-30
goals:
  reach: ">= 500K"
  conversions: ">= 200"
  total_spend: "<= $5,000"
  cpa: "<= 25"
campaigns:
  Launch:
    goals:
      conversions: ">= 50"
creators:
  "@a":
    goals:
      ctr: ">= 1%"
"""


def run(tmp_path: Path, *args: str) -> object:
    export = tmp_path / "june.csv"
    export.write_text(EXPORT)
    goals = tmp_path / "goals.yaml"
    goals.write_text(GOALS)
    return runner.invoke(app, ["score", str(export), "--goals", str(goals), "-q", *args])


def test_goals_attainment_and_pacing(tmp_path: Path) -> None:
    result = run(tmp_path, "-f", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    goals = {(g["kpi"], g["name"]): g for g in json.loads(result.stdout)["goals"]}  # type: ignore[attr-defined]
    # Data to 10 June: day 10 of 30 (1–30 June inclusive).
    reach = goals[("reach", None)]
    # Reach 80,000 + 120,000 + 50,000 = 250,000: 50 % of 500K; paced 250,000 × 30 / 10 = 750,000.
    assert (reach["value"], reach["attainment"], reach["met"]) == (250000, 50.0, False)
    assert (reach["projected"], reach["on_track"], reach["days_elapsed"], reach["days_total"]) == (
        750000, True, 10, 30
    )  # fmt: skip
    # Spend $2,000 of at most $5,000: attainment 5,000 / 2,000 = 250 %; paced $6,000: off track.
    spend = goals[("total_spend", None)]
    assert (spend["attainment"], spend["met"], spend["projected"], spend["on_track"]) == (
        250.0,
        True,
        6000,
        False,
    )
    # CPA $2,000 / 100 = $20 against at most $25: 125 %, met; a rate is not paced.
    cpa = goals[("cpa", None)]
    assert (cpa["value"], cpa["attainment"], cpa["met"], cpa["projected"]) == (20.0, 125.0, True, None)
    # The Launch campaign: 20 + 40 = 60 purchases of 50: 120 %.
    launch = goals[("conversions", "Launch")]
    assert (launch["value"], launch["attainment"], launch["met"]) == (60, 120.0, True)
    # @a: CTR (1,000 + 1,000) / 200,000 = 1 %, exactly the target: met.
    creator = goals[("ctr", "@a")]
    assert (creator["value"], creator["met"]) == (1.0, True)


def test_fail_on_goals_and_the_other_formats(tmp_path: Path) -> None:
    failed = run(tmp_path, "--fail-on", "goals", "-f", "csv")
    assert failed.exit_code == 1  # type: ignore[attr-defined]
    assert "goals failed: 1 goal missed or off track: Total spend $2,000.00" in failed.stderr  # type: ignore[attr-defined]
    rows = failed.stdout.splitlines()  # type: ignore[attr-defined]
    assert rows[0].startswith("kpi,scope,name,op,target,value,attainment,met,projected,on_track")
    assert rows[1] == "reach,,,>=,500000,250000,50.0,false,750000.0,true,10,30,"
    lines = [json.loads(x) for x in run(tmp_path, "-f", "ndjson").stdout.splitlines()]  # type: ignore[attr-defined]
    assert sum(1 for x in lines if x.get("record") == "goal") == 6
    table = run(tmp_path, "--color", "never").stdout  # type: ignore[attr-defined]
    assert "Goals (" in table and "day 10 of 30" in table and "off track" in table


def test_a_bad_goals_file_fails_before_reading(tmp_path: Path) -> None:
    export = tmp_path / "june.csv"
    export.write_text(EXPORT)
    goals = tmp_path / "goals.yaml"
    goals.write_text('start: 2025-06-01\nend: 2025-06-30\ngoals:\n  cpa: ">= 3%"\n')
    result = runner.invoke(app, ["score", str(export), "--goals", str(goals)])
    assert result.exit_code == 2
    assert f"{goals}, line 4" in result.output and "Traceback" not in result.output


def test_goals_init_writes_a_file_that_scores(tmp_path: Path) -> None:
    export = tmp_path / "june.csv"
    export.write_text(EXPORT)
    goals = tmp_path / "goals.yaml"
    result = runner.invoke(app, ["goals", "init", str(export), "-o", str(goals), "-q"])
    assert result.exit_code == 0, result.output
    text = goals.read_text()
    assert "objective: conversion" in text and "start: 2025-06-01" in text and "cpa:" in text
    scored = runner.invoke(app, ["score", str(export), "--goals", str(goals), "-f", "json", "-q"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)["goals"]
    # Its targets are the export's figures rounded the way each goal is met: it passes its gate.
    gate = runner.invoke(app, ["score", str(export), "--goals", str(goals), "--fail-on", "goals", "-q"])
    assert gate.exit_code == 0, gate.output


def test_fail_on_goals_without_goals_is_refused_before_reading(tmp_path: Path) -> None:
    export = tmp_path / "june.csv"
    export.write_text(EXPORT)
    result = runner.invoke(app, ["score", str(export), "--fail-on", "goals", "-q"])
    assert result.exit_code == 2 and "add it (kpi goals init writes one)" in result.output
    assert "Awareness" not in result.output  # no report written before the refusal
    daily = tmp_path / "daily.csv"
    daily.write_text("Date,Revenue,Total marketing spend\n2025-06-01,10,1\n2025-06-02,20,1\n")
    lift = runner.invoke(
        app, ["lift", str(daily), "--campaign", "2025-06-02..2025-06-02", "--fail-on", "goals"]
    )
    # kpi lift has no goals: its --fail-on offers poor and fair only (audit y: the help offered goals)
    assert lift.exit_code == 2 and "'goals' is not one of 'poor', 'fair'" in lift.output
    assert "MER" not in lift.output


def test_goals_count_only_the_rows_of_their_dates(tmp_path: Path) -> None:
    export = tmp_path / "june.csv"
    export.write_text(EXPORT)
    goals = tmp_path / "goals.yaml"
    # From 5 June: the rows of 5 and 10 June, reach 120,000 + 50,000 = 170,000; day 6 of 26
    # (5–30 June): projected 170,000 × 26 / 6 = 736,666.67.
    goals.write_text(
        'start: 2025-06-05\nend: 2025-06-30\ngoals:\n  reach: ">= 500K"\n'
        'creators:\n  "@lena.creatse":\n    goals:\n      ctr: ">= 1%"\n'
        "campaigns:\n  Launch:\n    start: 2025-07-01\n    end: 2025-07-31\n"
        '    goals:\n      conversions: ">= 50"\n'
    )
    result = runner.invoke(app, ["score", str(export), "--goals", str(goals), "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    found = {(g["kpi"], g["name"]): g for g in json.loads(result.stdout)["goals"]}
    reach = found[("reach", None)]
    assert (reach["value"], reach["days_elapsed"], reach["days_total"]) == (170000, 6, 26)
    assert abs(reach["projected"] - 170000 * 26 / 6) < 1e-6
    # July has not started in the data: no value, and not a failure of the gate.
    july = found[("conversions", "Launch")]
    assert july["value"] is None and "the data ends before the campaign starts" in july["reason"]
    # A misspelt creator has no value: the gate fails rather than pass a goal it cannot check.
    gate = runner.invoke(app, ["score", str(export), "--goals", str(goals), "--fail-on", "goals", "-q"])
    assert gate.exit_code == 1
    assert "CTR — (goal ≥ 1%) for creator @lena.creatse" in gate.stderr
    assert "Conversions" not in gate.stderr


def test_unquoted_targets_and_handles_say_to_quote_them(tmp_path: Path) -> None:
    export = tmp_path / "june.csv"
    export.write_text(EXPORT)
    for text, expected in (
        ("goals: {conversions: >= 300}\n", 'line 1: quote the target: conversions: ">= 300"'),
        ('goals:\n  reach: ">= 1"\ncreators:\n  @lena:\n    goals: {ctr: ">= 1%"}\n',
         'line 4: quote the name, YAML reserves a leading @: "@lena":'),
    ):  # fmt: skip
        goals = tmp_path / "goals.yaml"
        goals.write_text(text)
        result = runner.invoke(app, ["score", str(export), "--goals", str(goals)])
        assert result.exit_code == 2
        assert result.output.strip().splitlines()[-1] == f"kpi: error: {goals}, {expected}"


def test_rows_with_a_blank_date_are_said_to_be_left_out_of_the_goals(tmp_path: Path) -> None:
    # Audit I-3: q5's Date is blank. The KPI table counts it (impressions 10,000 + 12,000 +
    # 50,000 + 30,000 + 15,000 = 117,000, posts 5); a goal between 1 and 20 Jan cannot know it
    # falls in its dates, so it is left out (102,000 = 117,000 − 15,000, posts 4), and every
    # goal it would have counted in says so: it used to be missed without a word.
    export = tmp_path / "posts.csv"
    export.write_text(
        "Date,Handle,Post ID,Impressions\n2025-01-05,@ana,q1,10000\n2025-01-10,@ana,q2,12000\n"
        "2025-01-12,@ben,q3,50000\n2025-01-20,@ben,q4,30000\n,@ben,q5,15000\n"
    )
    goals = tmp_path / "goals.yaml"
    goals.write_text(
        'start: 2025-01-01\nend: 2025-01-20\ngoals:\n  impressions: ">= 110000"\n  posts: ">= 5"\n'
        'creators:\n  "@ana":\n    goals: {posts: ">= 2"}\n  "ben":\n    goals: {posts: ">= 3"}\n'
    )
    result = runner.invoke(app, ["score", str(export), "--goals", str(goals), "-f", "json", "-q"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["total"]["kpis"]["impressions"]["value"] == 10_000 + 12_000 + 50_000 + 30_000 + 15_000
    said = "1 row with a blank date left out: fill its date in to count it"
    by = {(g["kpi"], g["name"]): g for g in doc["goals"]}
    assert by[("impressions", None)]["value"] == 117_000 - 15_000
    assert by[("posts", None)]["value"] == 5 - 1
    assert by[("impressions", None)]["reason"] == said and by[("posts", None)]["reason"] == said
    assert by[("posts", "ben")]["value"] == 2 and by[("posts", "ben")]["reason"] == said  # q3, q4; q5 out
    assert by[("posts", "@ana")]["reason"] is None  # both of @ana's rows are dated
    assert "1 row has a blank date: left out of the goals with dates" in result.stderr  # kept by -q


def test_rows_with_a_blank_date_are_said_only_on_goals_they_would_change(tmp_path: Path) -> None:
    # Verify I N-1: two planned rows (@cara, @dan) with no date and no figures. Impressions
    # 10,000 + 12,000 + 50,000 = 72,000, spend 100 + 100 + 300 = $500 and CTR (100 + 120 +
    # 400) / 72,000 = 0.861 % are the same with them or without: those goals say nothing.
    # Posts would be 3 + 2 (a row without a post ID is a post) and activated creators 2 + 2
    # (@cara, @dan): those two say the rows are left out.
    export = tmp_path / "planned.csv"
    export.write_text(
        "Date,Handle,Post ID,Impressions,Link Clicks,Fee\n2025-01-05,@ana,p1,10000,100,100\n"
        "2025-01-10,@ana,p2,12000,120,100\n2025-01-12,@ben,p3,50000,400,300\n,@cara,,,,\n,@dan,,,,\n"
    )
    goals = tmp_path / "goals.yaml"
    goals.write_text(
        'start: 2025-01-01\nend: 2025-01-31\ngoals:\n  impressions: ">= 70000"\n  total_spend: "<= 600"\n'
        '  ctr: ">= 0.8%"\n  posts: ">= 5"\n  activated_influencers: ">= 4"\n'
    )
    result = runner.invoke(app, ["score", str(export), "--goals", str(goals), "-f", "json", "-q"])
    assert result.exit_code == 0, result.stderr
    by = {g["kpi"]: g for g in json.loads(result.stdout)["goals"]}
    assert by["impressions"]["value"] == 10_000 + 12_000 + 50_000
    assert by["total_spend"]["value"] == 100 + 100 + 300
    assert by["ctr"]["value"] == pytest.approx((100 + 120 + 400) / 72_000 * 100)
    for kpi in ("impressions", "total_spend", "ctr"):
        assert by[kpi]["reason"] is None, kpi
    said = "2 rows with a blank date left out: fill the dates in to count them"
    assert by["posts"]["value"] == 3 and by["posts"]["reason"] == said
    assert by["activated_influencers"]["value"] == 2 and by["activated_influencers"]["reason"] == said
    assert "2 rows have a blank date: left out of the goals with dates" in result.stderr
    # With no goal they would change, nothing is said at all.
    goals.write_text('start: 2025-01-01\nend: 2025-01-31\ngoals:\n  impressions: ">= 70000"\n')
    result = runner.invoke(app, ["score", str(export), "--goals", str(goals), "-f", "json", "-q"])
    assert "blank date" not in result.stderr


# Audit I's goals.yaml shape: long names, a paced campaign, a creator not in the export (a note).
WIDE_GOALS = """\
start: 2025-06-01
end: 2025-06-30
goals:
  reach: ">= 1M"
  total_spend: "<= $20,000"
campaigns:
  Always-on:
    goals: {conversions: ">= 100"}
creators:
  "@a":
    goals: {total_spend: "<= 400"}
  "@zoe":
    goals: {reach: ">= 1"}
"""


def test_the_goals_table_at_80_columns_cuts_no_status_and_numbers_its_notes(tmp_path: Path) -> None:
    # Audit I-4: at 80 columns (a pipe, -o) the status read `off tra…` and the Notes column was 0
    # wide, so the footnote under the table had no row pointing at it. Reach 80,000 + 120,000 +
    # 50,000 = 250,000 by 10 June of 1–30 June: projected 250,000 × 30 / 10 = 750,000 < 1M: off track.
    (tmp_path / "june.csv").write_text(EXPORT)
    (tmp_path / "goals.yaml").write_text(WIDE_GOALS)
    args = ["score", str(tmp_path / "june.csv"), "--goals", str(tmp_path / "goals.yaml"), "-q"]
    for columns in (72, 80, 90):
        out = runner.invoke(app, args, env={"COLUMNS": str(columns)}).stdout
        goals = out[out.index("Goals (goals.yaml)") :]
        assert "…" not in goals and max(len(line) for line in goals.splitlines()) <= columns
        reach = next(line for line in goals.splitlines() if line.startswith(("│Reach ", " Reach ")))
        assert "off track" in reach
        zoe = next(line for line in goals.splitlines() if "@zoe" in line)
        assert zoe.rstrip(" │").endswith("1"), zoe  # its footnote's number
        assert "1. no value: no rows for creator '@zoe' in the export" in goals
    # Markdown: the title with the day of the campaign, and the note as a footnote.
    md = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    assert "**Goals (goals.yaml) · day 10 of 30**" in md
    zoe_md = next(line for line in md.splitlines() if line.startswith("| Reach · @zoe"))
    number = zoe_md.rsplit("[", 1)[1].split("]")[0]
    assert f"\n{number}. no value: no rows for creator '@zoe' in the export" in md
