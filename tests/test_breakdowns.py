"""`kpi score --by`: breakdowns, periods, ranking, objectives, option errors.

Fixture tests/data/six_posts.csv (no tier column: tiers come from followers):

  row date        platform   handle followers impr    likes+comments clicks conv rev    spend
  1   2025-03-09  Instagram  @a      8,000    1,000   30+10 = 40     12     1    50     40
  2   2025-03-10  Instagram  @a      8,000      500   15+5  = 20      8     1    30     20
  3   2025-03-16  TikTok     @b     50,000    4,000  150+50 = 200    20     2   120    200
  4   2025-03-17  Instagram  @b     50,000    2,000   70+10 = 80     30     3   300    100
  5   2025-03-31  TikTok     @c    600,000   10,000  200+50 = 250    50   (blank) 500  1,500
  6   2025-04-01  TikTok     @c    600,000   20,000 500+100 = 600   150    10 1,500  1,500

2025-03-09 is a Sunday (ISO week 10); 03-10 and 03-17 and 03-31 are Mondays.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kpi_cli import records, render, reports, score, score_files
from kpi_cli.cli import app
from kpi_cli.errors import UsageError
from kpi_cli.kpis import OBJECTIVES, period_label

SIX = Path(__file__).parent / "data" / "six_posts.csv"
runner = CliRunner()


def score_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["score", str(SIX), *args, "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def groups(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """label → kpis of each group, in the report's order."""
    return {g["label"]: g["kpis"] for g in doc["groups"]}


def value(kpis: dict[str, Any], kpi: str) -> Any:
    return kpis[kpi]["value"]


def band(doc: dict[str, Any], kpi: str, record: dict[str, Any]) -> dict[str, Any]:
    """The band a KPI record names (kpi.score/2: its number among `kpis.<id>.bands`)."""
    assert isinstance(record["band"], int), record
    found: dict[str, Any] = doc["kpis"][kpi]["bands"][record["band"]]
    return found


# --------------------------------------------------------------------------- by influencer


def test_by_influencer_ratios_come_from_each_groups_own_sums() -> None:
    doc = score_json("--by", "influencer")
    g = groups(doc)
    assert list(g) == ["@a", "@b", "@c"]
    a, b, c = g["@a"], g["@b"], g["@c"]
    assert value(a, "posts") == 2
    assert value(a, "impressions") == 1000 + 500
    # CTR @a = (12 + 8) / (1,000 + 500) × 100 = 1.333 % → good (1–2 %)
    assert value(a, "ctr") == pytest.approx((12 + 8) / (1000 + 500) * 100)
    assert a["ctr"]["verdict"] == "good"
    # Engagement rate @a = (40 + 20) / 1,500 × 100 = 4 % → excellent
    assert value(a, "engagement_rate") == pytest.approx(4.0)
    # CPE @a = (40 + 20) / (40 + 20) = $1.00: on the fair/poor edge, so fair
    assert value(a, "cpe") == pytest.approx(1.0)
    assert a["cpe"]["verdict"] == "fair"
    # CPE @b = (200 + 100) / (200 + 80) = $1.071 → poor (> $1.00)
    assert value(b, "cpe") == pytest.approx(300 / 280)
    assert b["cpe"]["verdict"] == "poor"
    # CPM @b = 300 / 6,000 × 1,000 = $50 → poor (> $45)
    assert value(b, "cpm") == pytest.approx(50.0)
    # ROAS @b = (120 + 300) / 300 = 1.4× → fair
    assert value(b, "roas") == pytest.approx(1.4)
    assert b["roas"]["verdict"] == "fair"
    # CTR @c = (50 + 150) / (10,000 + 20,000) × 100 = 0.667 % → poor
    assert value(c, "ctr") == pytest.approx(200 / 30000 * 100)
    # CPA @c = 1,500 / 10 = $150: the row with blank conversions leaves its $1,500 out too
    # (a ratio stands on the rows where both sides are known), and the gap is reported
    assert value(c, "cpa") == pytest.approx(1500 / 10)
    assert c["cpa"]["missing"] == {"conversions": 1}
    # The total is its own sums, not an average of groups: CTR = 270 / 37,500 × 100 = 0.72 %
    assert value(doc["total"]["kpis"], "ctr") == pytest.approx(270 / 37500 * 100)
    assert doc["by"] == ["influencer"]


def test_by_accepts_the_exports_own_header_name() -> None:
    # `Handle` is the file's header for influencer.
    assert list(groups(score_json("--by", "Handle"))) == ["@a", "@b", "@c"]


def test_each_single_tier_group_uses_its_tier_bands() -> None:
    doc = score_json("--by", "influencer")
    g = groups(doc)
    # Cost per post @a = 60 / 2 = $30 → excellent on the nano bands (≤ $50)
    post_a = g["@a"]["cost_per_post"]
    assert post_a["value"] == pytest.approx(30.0)
    assert (post_a["verdict"], band(doc, "cost_per_post", post_a)["scope"]) == ("excellent", "nano tier")
    # @c = 3,000 / 2 = $1,500: poor on the default (micro) bands, good for macro ($1,000 up)
    post_c = g["@c"]["cost_per_post"]
    found = band(doc, "cost_per_post", post_c)
    assert (post_c["verdict"], found["scope"], found["label"]) == (
        "good",
        "macro tier",
        "≥ $1,000",
    )


def test_mixed_tier_total_says_which_bands_judged_cost_per_post() -> None:
    doc = score_json()
    post = doc["total"]["kpis"]["cost_per_post"]
    # 3,360 / 6 = $560 → poor on the default bands (> $500)
    assert post["value"] == pytest.approx(3360 / 6)
    assert post["verdict"] == "poor"
    assert band(doc, "cost_per_post", post)["scope"] is None
    assert post["note"] == (
        "tiers mixed (nano, micro, macro): default bands; --by tier judges each tier on its own"
    )
    table = runner.invoke(app, ["score", str(SIX), "-q", "--color", "never"]).stdout
    assert "tiers mixed (nano, micro, macro)" in table


# --------------------------------------------------------------------------- platform, tier


def test_by_platform() -> None:
    doc = score_json("--by", "platform")
    g = groups(doc)
    assert list(g) == ["Instagram", "TikTok"]
    # Instagram = rows 1, 2, 4: CTR = (12 + 8 + 30) / (1,000 + 500 + 2,000) × 100 = 1.43 %
    assert value(g["Instagram"], "ctr") == pytest.approx(50 / 3500 * 100)
    assert g["Instagram"]["ctr"]["verdict"] == "good"
    # TikTok = rows 3, 5, 6: spend 200 + 1,500 + 1,500 = 3,200 over 3 posts
    assert value(g["TikTok"], "total_spend") == pytest.approx(3200.0)
    assert value(g["TikTok"], "cost_per_post") == pytest.approx(3200 / 3)
    # ROAS TikTok = (120 + 500 + 1,500) / 3,200 = 0.6625×
    assert value(g["TikTok"], "roas") == pytest.approx(2120 / 3200)
    # Instagram mixes nano @a and micro @b, so cost per post used the default bands
    assert "tiers mixed (nano, micro)" in g["Instagram"]["cost_per_post"]["note"]
    assert band(doc, "cost_per_post", g["Instagram"]["cost_per_post"])["scope"] is None


def test_by_tier_uses_followers_when_there_is_no_tier_column() -> None:
    doc = score_json("--by", "tier")
    g = groups(doc)
    # Ordered by size, not alphabetically: 8,000 → nano, 50,000 → micro, 600,000 → macro
    assert list(g) == ["nano", "micro", "macro"]
    assert value(g["micro"], "posts") == 2
    # micro: cost per post = (200 + 100) / 2 = $150 → good on the micro bands ($100–$500)
    post = g["micro"]["cost_per_post"]
    assert post["value"] == pytest.approx(150.0)
    assert (post["verdict"], band(doc, "cost_per_post", post)["scope"]) == ("good", "micro tier")


def test_tier_column_wins_over_followers(write_csv: Any) -> None:
    path = write_csv(
        "Handle,Tier,Followers,Impressions,Spend\n"
        "@x,Macro,5000,100,10\n"  # the tier column says macro despite 5,000 followers
        "@y,,5000,100,10\n"  # no tier: 5,000 followers → nano
    )
    report = score_files([str(path)], by=["tier"])
    assert [g.label for g in report.groups] == ["nano", "macro"]


def test_two_columns_and_blank_values_go_last(write_csv: Any) -> None:
    path = write_csv(
        "Handle,Platform,Impressions,Clicks\n"
        "@b,TikTok,100,1\n"
        ",TikTok,100,2\n"
        "@a,Instagram,100,3\n"
        "@a,TikTok,100,4\n"
    )
    report = score_files([str(path)], by=["influencer", "platform"])
    assert [g.label for g in report.groups] == [
        "@a · Instagram",
        "@a · TikTok",
        "@b · TikTok",
        "(blank) · TikTok",
    ]
    assert report.groups[1].key == {"influencer": "@a", "platform": "TikTok"}
    # CTR @a on TikTok = 4 / 100 × 100 = 4 %
    assert report.groups[1].kpi("ctr").value == pytest.approx(4.0)


# --------------------------------------------------------------------------- periods


def test_by_week_buckets_monday_to_sunday() -> None:
    doc = score_json("--by", "date", "--period", "week")
    g = groups(doc)
    # Sunday 9 Mar is week 10; Mon 10 and Sun 16 Mar share week 11; Mon 31 Mar and Tue 1 Apr
    # share week 14; week 13 has no rows and no group.
    assert list(g) == ["2025-W10", "2025-W11", "2025-W12", "2025-W14"]
    assert value(g["2025-W11"], "posts") == 2
    # CTR week 11 = (8 + 20) / (500 + 4,000) × 100 = 0.622 %
    assert value(g["2025-W11"], "ctr") == pytest.approx(28 / 4500 * 100)
    # CTR week 14 = (50 + 150) / (10,000 + 20,000) × 100 = 0.667 % across the month edge
    assert value(g["2025-W14"], "ctr") == pytest.approx(200 / 30000 * 100)
    assert doc["period"] == "week"
    assert doc["groups"][0]["key"] == {"date": "2025-W10"}


def test_by_month_and_by_day() -> None:
    g = groups(score_json("--by", "date", "--period", "month"))
    assert list(g) == ["2025-03", "2025-04"]
    # March = rows 1–5: CTR = (12 + 8 + 20 + 30 + 50) / (1,000 + 500 + 4,000 + 2,000 + 10,000) × 100
    assert value(g["2025-03"], "ctr") == pytest.approx(120 / 17500 * 100)
    days = score_json("--by", "date")
    assert days["period"] == "day"
    assert list(groups(days))[:2] == ["2025-03-09", "2025-03-10"]


def test_period_labels_use_the_iso_year() -> None:
    dates = pd.Series(pd.to_datetime(["2024-12-29", "2024-12-30", "2027-01-01", None]))
    # Sun 29 Dec 2024 closes 2024-W52; Mon 30 Dec 2024 opens 2025-W01; Fri 1 Jan 2027 is in 2026-W53
    assert list(period_label(dates, "week")) == ["2024-W52", "2025-W01", "2026-W53", None]
    assert list(period_label(dates, "month")) == ["2024-12", "2024-12", "2027-01", None]


# --------------------------------------------------------------------------- sort, top


def test_sort_best_first_follows_the_benchmark_direction() -> None:
    # CPE: @a $1.00, @b $1.071, @c 3,000 / 850 = $3.53 — lower is better, so ascending
    assert list(groups(score_json("--by", "influencer", "--sort", "cpe"))) == ["@a", "@b", "@c"]
    # CTR: higher is better, so descending: @a 1.33 %, @b 50 / 6,000 = 0.83 %, @c 0.67 %
    assert list(groups(score_json("--by", "influencer", "--sort", "ctr"))) == ["@a", "@b", "@c"]
    # Revenue has no benchmark: more is better. @c 2,000, @b 420, @a 80
    assert list(groups(score_json("--by", "influencer", "--sort", "revenue"))) == ["@c", "@b", "@a"]


@pytest.mark.parametrize("spec", ["-cpe", "cpe:desc"])
def test_sort_can_be_flipped(spec: str) -> None:
    doc = score_json("--by", "influencer", f"--sort={spec}")
    assert list(groups(doc)) == ["@c", "@b", "@a"]
    assert doc["sort"] == {"kpi": "cpe", "order": "desc"}


def test_top_keeps_the_first_n_and_the_whole_total() -> None:
    doc = score_json("--by", "influencer", "--sort", "cpe", "--top", "2")
    assert list(groups(doc)) == ["@a", "@b"]
    assert doc["top"] == 2 and doc["group_count"] == 3
    assert doc["total"]["rows"] == 6  # the total still covers @c's rows


def test_groups_without_a_value_go_last(write_csv: Any) -> None:
    path = write_csv("Handle,Impressions,Clicks\n@a,100,1\n@b,0,0\n@c,100,5\n")
    # @b has no CTR (impressions sum to 0): last whichever way the sort runs
    for spec in ("ctr", "-ctr"):
        report = score_files([str(path)], by=["influencer"], sort=spec)
        assert report.groups[-1].label == "@b"
        assert report.groups[-1].kpi("ctr").reason == "impressions sum to 0"


def test_equal_values_keep_label_order_and_top_builds_only_what_it_shows(
    write_csv: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpi_cli import score

    built: list[str] = []
    real_group = score._group

    def counting_group(*args: Any) -> Any:
        result = real_group(*args)
        built.append(result.label)
        return result

    monkeypatch.setattr(score, "_group", counting_group)
    # CTR: @d 1 / 100 = 1 %, @b 2 / 200 = 1 %, @a 3 / 100 = 3 %, @c 1 / 1,000 = 0.1 %
    path = write_csv("Handle,Impressions,Clicks\n@d,100,1\n@b,200,2\n@a,100,3\n@c,1000,1\n")
    report = score_files([str(path)], by=["influencer"], sort="ctr", top=3)
    # Best CTR first; @b and @d tie at 1 % and keep label order
    assert [g.label for g in report.groups] == ["@a", "@b", "@d"]
    assert report.group_count == 4
    # The total and the three groups shown were built; @c, ranked fourth, never was
    assert sorted(built) == ["@a", "@b", "@d", "Total"]


def test_breakdown_table_shape() -> None:
    result = runner.invoke(
        app,
        ["score", str(SIX), "--by", "influencer", "--sort", "cpe", "--top", "2", "-q", "--color", "never"],
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "six_posts.csv · 6 rows · 9 Mar 2025 – 1 Apr 2025 · by influencer".replace(
        "six_posts.csv", str(SIX)
    )
    header = next(line for line in lines if "Influencer" in line)
    for column in ("Posts", "Impressions", "CTR", "Conversions", "ROAS", "CPM", "CPE", "CPA"):
        assert column in header
    rows = [line for line in lines if line.startswith("│")]
    # Two groups, then the total at the bottom; without colour each judged cell carries a mark
    assert [r.split("│")[1].strip() for r in rows] == ["@a", "@b", "Total"]
    assert "~  $1.00" in rows[0] and "✗  $1.07" in rows[1]
    assert "top 2 of 3 groups by influencer" in result.stdout
    assert "sorted by CPE, lowest first" in result.stdout


def test_kpis_pick_the_columns() -> None:
    result = runner.invoke(
        app, ["score", str(SIX), "--by", "platform", "--kpis", "ctr,cpm", "-q", "--color", "never"]
    )
    header = next(line for line in result.stdout.splitlines() if "Platform" in line)
    assert [c.strip() for c in header.strip("┃").split("┃")] == ["Platform", "CTR", "CPM"]


# --------------------------------------------------------------------------- objective


def test_objective_marks_primary_kpis_end_to_end() -> None:
    doc = score_json("--objective", "conversion", "--by", "platform")
    assert doc["objective"] == "conversion"
    for group in [doc["total"], *doc["groups"]]:
        primary = [k for k in group["kpis"] if doc["kpis"][k]["primary"]]
        # the objective's KPIs, first and in the objective's order
        assert primary == list(OBJECTIVES["conversion"])
        assert list(group["kpis"])[: len(primary)] == primary
    table = runner.invoke(app, ["score", str(SIX), "--objective", "conversion", "-q", "--color", "never"])
    out = table.stdout
    assert "objective: conversion" in out.splitlines()[0]
    assert out.index("Primary KPIs for conversion") < out.index("Awareness")
    assert "★ CPA" in out


def test_without_objective_nothing_is_primary() -> None:
    doc = score_json("--by", "platform")
    assert doc["objective"] is None
    assert not any(k["primary"] for k in doc["kpis"].values())
    assert all(set(g["kpis"]) == set(doc["kpis"]) for g in [doc["total"], *doc["groups"]])


def test_objective_sets_the_breakdown_columns() -> None:
    result = runner.invoke(
        app, ["score", str(SIX), "--by", "tier", "--objective", "awareness", "-q", "--color", "never"]
    )
    header = next(line for line in result.stdout.splitlines() if "Tier" in line)
    assert [c.strip() for c in header.strip("┃").split("┃")] == [
        "Tier",
        "★ Reach",
        "★ Impressions",
        "★ Frequency",
        "★ CPM",
        "★ Video completion rate",
    ]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--by", "region"],
            "kpi: error: --by region: not a column kpi can group by; "
            "available: date, campaign, platform, influencer, format, tier",
        ),
        (
            ["--by", "spend"],
            "kpi: error: --by spend: a figure, not a dimension; "
            "available: date, campaign, platform, influencer, format, tier",
        ),
        (
            ["--by", "post_id"],
            "kpi: error: --by post_id: the input has no post_id column; "
            "available: date, campaign, platform, influencer, format, tier",
        ),
        (
            ["--kpis", "ctr,cpx"],
            "kpi: error: --kpis cpx: unknown KPI; use one of activated_influencers, posts",
        ),
        (["--by", "influencer", "--sort", "cpx"], "kpi: error: --sort cpx: unknown KPI; use one of"),
        # a `kpi lift` KPI is not one `kpi score` computes
        (["--kpis", "mer_lift"], "kpi: error: --kpis mer_lift: unknown KPI; use one of"),
        (["--by", "influencer", "--sort", "cpe:up"], "kpi: error: --sort cpe:up: order must be asc or desc"),
        (["--sort", "cpe"], "kpi: error: --sort and --top rank the groups of a breakdown; add --by"),
        (["--by", "influencer", "--top", "3"], "kpi: error: --top needs --sort"),
        (["--by", "influencer", "--sort", "cpe", "--top", "0"], "kpi: error: --top 0: give a number"),
        (["--period", "week"], "kpi: error: --period week buckets dates; add --by date"),
        (["--benchmarks-only"], "kpi: error: --benchmarks-only needs --benchmarks FILE"),
    ],
)
def test_option_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["score", str(SIX), *args, "-q"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.output


def test_by_tier_without_tier_or_followers(write_csv: Any) -> None:
    path = write_csv("Handle,Impressions\n@a,100\n")
    result = runner.invoke(app, ["score", str(path), "--by", "tier", "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "kpi: error: --by tier: the input has no tier or followers column; available: influencer; "
        "add a tier or followers column, or --map a header to it"
    )


def test_a_column_only_one_file_has(write_csv: Any) -> None:
    # b.csv has no platform (nor followers) column: its rows form the blank group.
    a = write_csv("Handle,Platform,Followers,Impressions,Clicks\n@a,TikTok,5000,100,1\n", "a.csv")
    b = write_csv("Handle,Impressions,Clicks\n@b,300,9\n", "b.csv")
    report = score_files([str(a), str(b)], by=["platform", "tier"])
    assert [g.label for g in report.groups] == ["TikTok · nano", "(blank) · (blank)"]
    # CTR of b.csv's rows = 9 / 300 × 100 = 3 %; total = (1 + 9) / 400 × 100 = 2.5 %
    assert report.groups[1].kpi("ctr").value == pytest.approx(3.0)
    assert report.total.kpi("ctr").value == pytest.approx(2.5)


def test_a_real_blank_value_and_missing_values_share_the_blank_group(write_csv: Any) -> None:
    # "(blank)" written in the file and an empty cell both label the blank group. When
    # both turned up in one batch the group got two numbers and the empty cells' rows
    # fell out of the breakdown (groups summed to fewer rows than the total).
    text = "Handle,Impressions,Clicks\n@a,100,1\n(blank),200,2\n,300,3\nN/A,400,4\n"
    report = score_files([str(write_csv(text))], by=["influencer"])
    assert [(g.label, g.rows) for g in report.groups] == [("@a", 1), ("(blank)", 3)]
    # CTR of the blank group = (2 + 3 + 4) / (200 + 300 + 400) × 100 = 1 %
    assert report.groups[1].kpi("ctr").value == pytest.approx(1.0)
    # "(blank)" is what an Excel PivotTable writes for an empty cell: no creator, as the empty
    # cells are none (audit C-4: it was counted, 2 activated influencers for 1)
    assert report.groups[1].kpi("activated_influencers").value is None
    assert report.total.kpi("activated_influencers").value == 1


def test_a_second_file_without_the_column_joins_the_blank_group(write_csv: Any) -> None:
    # This run used to stop with "unexpected InvalidIndexError (please report this)".
    # (The blank row's 300 impressions, 4 clicks are not the sum of the other two rows,
    # 100 + 200 and 1 + 2: a blank-label row that is would be a totals row.)
    a = write_csv("Handle,Impressions,Clicks\n@a,100,1\n(blank),200,2\n,300,4\n", "a.csv")
    b = write_csv("Impressions,Clicks\n500,5\n", "b.csv")
    report = score_files([str(a), str(b)], by=["influencer"])
    # blank group: rows 2 and 3 of a.csv and b.csv's row = 3 rows, 200 + 300 + 500 impressions
    assert [(g.label, g.rows) for g in report.groups] == [("@a", 1), ("(blank)", 3)]
    assert report.groups[1].kpi("impressions").value == 1000


def test_influencers_per_influencer_group(write_csv: Any) -> None:
    # Grouped on the influencer itself: one influencer per group; a blank group that only
    # has empty cells has no count (its posts are somebody's: not 0 influencers), with the
    # reason; the total counts each handle once (@a, @b = 2).
    text = "Handle,Impressions\n@a,100\n@b,100\n@a,100\n,100\n"
    report = score_files([str(write_csv(text))], by=["influencer"])
    counts = {g.label: g.kpi("activated_influencers").value for g in report.groups}
    assert counts == {"@a": 1, "@b": 1, "(blank)": None}
    assert report.groups[-1].kpi("activated_influencers").reason == "no influencer named in these rows"
    assert report.total.kpi("activated_influencers").value == 2


def test_period_bucketing_lives_in_the_pure_kpi_layer() -> None:
    from kpi_cli.kpis import score_frame

    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-03-09", "2025-03-10", "2025-03-16"]),
            "impressions": [1000, 500, 4000],
            "clicks": [12, 8, 20],
        }
    )
    by_week = score_frame(frame, by=["date"], period="week")
    assert sorted(by_week) == ["2025-W10", "2025-W11"]
    ctr = next(k for k in by_week["2025-W11"] if k.id == "ctr")
    # (8 + 20) / (500 + 4,000) × 100
    assert ctr.value == pytest.approx(28 / 4500 * 100)


def test_by_repeated_or_comma_separated() -> None:
    comma = score_json("--by", "platform,influencer")
    repeated = score_json("--by", "platform", "--by", "influencer")
    assert comma["by"] == repeated["by"] == ["platform", "influencer"]
    # @b posted on both platforms: Instagram · @b is row 4 alone, CTR = 30 / 2,000 × 100 = 1.5 %
    assert list(groups(comma)) == ["Instagram · @a", "Instagram · @b", "TikTok · @b", "TikTok · @c"]
    assert value(groups(comma)["Instagram · @b"], "ctr") == pytest.approx(1.5)


def test_report_building_pauses_the_collector_and_restores_it() -> None:
    import gc

    from kpi_cli.score import without_gc

    assert gc.isenabled()
    with without_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with without_gc():  # already off (a caller's choice): left off afterwards
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError), without_gc():
        raise ValueError("an error while building")
    assert gc.isenabled()


SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.mark.parametrize(
    "make",
    [
        lambda: score_files([str(SAMPLE / "campaign_posts.csv")]),
        lambda: score_files([str(SAMPLE / "campaign_posts.csv")], by=["influencer"]),
        lambda: score_files([str(SAMPLE / "campaign_posts.csv")], by=["tier"], objective="conversion"),
        lambda: score_files([str(SAMPLE / "campaign_posts.csv")], by=["platform"], sort="cpe", top=1),
        lambda: reports.retention_file(str(SAMPLE / "clients.csv")),
    ],
)
def test_json_a_group_at_a_time_is_the_whole_document(make) -> None:  # type: ignore[no-untyped-def]
    # records.json_chunks writes a breakdown group by group; the bytes must be exactly
    # orjson's dump of the whole kpi.score/2 document.
    import orjson

    report = make()
    whole = orjson.dumps(records.to_dict(report), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    assert b"".join(records.json_chunks(report)) == whole
    assert records.to_json(report) == whole.decode()


def test_too_many_groups_for_a_table_and_any_number_for_data_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    # six_posts.csv has 6 dates. With room for 5 groups, a table of them (which holds
    # every row it draws) stops with one line saying what to do; --top fits; json, ndjson
    # and csv build each group as they write it (LazyGroups), byte for byte the same output.
    from kpi_cli import score

    eager = {
        fmt: runner.invoke(app, ["score", str(SIX), "--by", "date", "-q", "-f", fmt]).stdout
        for fmt in ("json", "ndjson", "csv")
    }
    monkeypatch.setattr(score, "MAX_GROUPS", 5)
    result = runner.invoke(app, ["score", str(SIX), "--by", "date", "-q"])
    assert result.exit_code == 2
    assert (
        "--by date gives at least 6 groups, more than a table shows (5 at most); add --sort KPI --top N"
        in result.output
    )
    assert "(--period week)" in result.output
    top = runner.invoke(app, ["score", str(SIX), "--by", "date", "--sort", "ctr", "--top", "3", "-q"])
    assert top.exit_code == 0, top.output
    for fmt, expected in eager.items():
        lazy = runner.invoke(app, ["score", str(SIX), "--by", "date", "-q", "-f", fmt])
        assert lazy.exit_code == 0, lazy.output
        assert lazy.stdout == expected
    report = score.score_files([str(SIX)], by=["date"])
    assert isinstance(report.groups, score.LazyGroups) and len(report.groups) == 6


def test_a_terminal_is_shown_the_first_groups_of_thousands(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from kpi_cli import render
    from kpi_cli.score import score_files

    path = tmp_path / "many.csv"
    path.write_text(
        "Handle,Impressions,Link clicks\n" + "".join(f"@c{i:03d},1000,{i % 7}\n" for i in range(300))
    )
    report = score_files([str(path)], by=["influencer"])
    screen = io.StringIO()
    render.print_table(report, Console(file=screen, force_terminal=True, width=160, color_system=None))
    text = screen.getvalue()
    assert "the first 50 of 300 groups (250 more; the Total covers all)" in text
    assert "@c049" in text and "@c050" not in text and "Total" in text
    piped = io.StringIO()  # not a terminal: every group, for whoever reads the file
    render.print_table(report, Console(file=piped, width=160, color_system=None))
    assert "@c299" in piped.getvalue() and "the first 50" not in piped.getvalue()


def test_compact_json_is_the_same_document_on_one_line() -> None:
    for args in (["--by", "influencer"], []):
        indented = runner.invoke(app, ["score", str(SIX), *args, "-f", "json", "-q", "--indent"]).stdout
        compact = runner.invoke(app, ["score", str(SIX), *args, "-f", "json", "-q", "--compact"]).stdout
        assert json.loads(compact) == json.loads(indented)
        assert compact.count("\n") == 1 and len(compact) < len(indented)


def test_a_lazy_csv_judges_every_group_as_the_eager_one(
    monkeypatch: pytest.MonkeyPatch, shipped_bands: Path
) -> None:
    # A CSV is written a block of groups at a time, as columns (LazyGroups.blocks), with
    # the same verdicts, tier bands, industry verdicts and bytes as the report's groups
    # built one by one and written row by row: what --fail-on (which holds the groups
    # to judge them) and more than MAX_GROUPS groups take.
    import csv
    import io

    from kpi_cli import score

    sample, ours = str(SAMPLE / "campaign_posts.csv"), shipped_bands
    runs = [
        ["--by", "influencer"],
        ["--by", "influencer,platform", "--kpis", "cost_per_post,cpe,ctr,roas", "--excel-safe"],
        ["--by", "influencer", "-b", str(ours), "--compare-benchmarks", "--sort", "cpe"],
        ["--by", "tier", "--objective", "conversion"],
        ["--by", "post_id", "-b", str(ours), "--compare-benchmarks"],  # a scope per tier and platform
    ]
    gate = ["-f", "csv", "-q", "--fail-on", "poor"]
    built = [runner.invoke(app, ["score", sample, *args, *gate]) for args in runs]
    assert all(run.exit_code == 1 for run in built)  # a poor verdict in each: the gate held the groups
    eager = [run.stdout for run in built]
    assert "poor" in eager[0] and "excellent" in eager[0]  # judged cells to compare
    posts = list(csv.DictReader(io.StringIO(eager[4])))
    assert {row["cost_per_post_verdict"] for row in posts} >= {"good", "poor"}  # tier bands, post by post
    monkeypatch.setattr(score, "MAX_GROUPS", 2)
    for args, expected in zip(runs, eager, strict=True):
        lazy = runner.invoke(app, ["score", sample, *args, "-f", "csv", "-q"])
        assert lazy.exit_code == 0, lazy.output
        assert lazy.stdout == expected, args
    # Blocks of 2 groups: written on worker threads (output._in_turn), still in order.
    from kpi_cli import output

    monkeypatch.setattr(output, "_BLOCK_GROUPS", 2)
    for args, expected in zip(runs, eager, strict=True):
        assert expected.count("\n") > 6  # more than three blocks of two groups, and the total
        blocks = runner.invoke(app, ["score", sample, *args, "-f", "csv", "-q"])
        assert blocks.exit_code == 0, blocks.output
        assert blocks.stdout == expected, args
    # Figures and verdicts taken 5 groups at a time (score._SPAN), handed out in blocks of
    # 2: a span of two blocks and a half, whose third block starts the next span's groups.
    monkeypatch.setattr(score, "_SPAN", 5)
    for args, expected in zip(runs, eager, strict=True):
        spans = runner.invoke(app, ["score", sample, *args, "-f", "csv", "-q"])
        assert spans.exit_code == 0, spans.output
        assert spans.stdout == expected, args


def test_lazy_json_and_ndjson_are_the_bytes_of_the_groups_built_one_by_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shipped_bands: Path
) -> None:
    # JSON and NDJSON of a breakdown are written from KPI columns, a block of groups at a
    # time (LazyGroups.blocks(detail=True)); --fail-on holds the groups, built one by one
    # as GroupResults and written from those. Every field must come out the same: verdicts
    # and band notes per scope, "outside every band", gaps, notes, industry verdicts, the
    # objective's KPIs first, --kpis.
    from kpi_cli import output

    sample, ours = str(SAMPLE / "campaign_posts.csv"), shipped_bands
    # Engagement-rate bands that stop at 4%: a creator above it is outside every band.
    capped = tmp_path / "capped.yaml"
    capped.write_text(
        "version: 1\nsources:\n  s: {title: Test bands}\nkpis:\n  engagement_rate:\n"
        "    direction: higher\n    unit: percent\n    source: s\n    basis: test\n"
        "    bands: {poor: [null, 1], good: [1, 3], excellent: [3, 4]}\n"
    )
    # Engagements from likes + comments for @a (both blank in one row: gaps), likes alone
    # for @b, comments alone for @c: each group's engagement figures stand on other columns.
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        "influencer,post_id,impressions,likes,comments,spend,followers\n"
        "@a,1,1000,40,10,100,8000\n@a,2,1000,,,100,8000\n"
        "@b,3,2000,70,,200,50000\n@b,4,2000,60,,,50000\n@c,5,500,,9,50,\n"
    )
    runs = [
        [sample, "--by", "influencer"],
        [sample, "--by", "platform"],  # mixed tiers: default bands, with a note
        [sample, "--by", "influencer", "-b", str(ours), "--compare-benchmarks", "--sort", "cpe"],
        [sample, "--by", "influencer,platform", "--objective", "conversion", "--kpis", "cpe,ctr,roas"],
        [sample, "--by", "post_id", "-b", str(capped)],
        [sample, "--by", "campaign", "--currency", "EUR"],  # USD money bands: no verdict, a note
        [str(mixed), "--by", "influencer"],
    ]
    gate = ["-q", "--fail-on", "fair"]
    formats = [["-f", "json", "--indent"], ["-f", "json", "--compact"], ["-f", "json"], ["-f", "ndjson"]]
    eager = {}
    for args in runs:
        for form in formats:
            held = runner.invoke(app, ["score", *args, *form, *gate])
            assert held.exit_code == 1, held.output  # a fair or poor verdict: the gate held the groups
            eager[tuple(args), tuple(form)] = held.stdout
    texts = "".join(eager.values())
    for field in ('"outside every band"', '"industry"', '"tiers mixed', '"no verdict: the bands are in USD',
                  '"missing":{"likes":1,"comments":1}', '"primary": true'):  # fmt: skip
        assert field in texts, field
    monkeypatch.setattr(records, "_JSON_BLOCK", 2)  # several blocks, and one of a single group
    monkeypatch.setattr(output, "_CHUNK_GROUPS", 2)
    monkeypatch.setattr(output, "_NDJSON_BLOCK", 2)
    for (args, form), expected in eager.items():
        lazy = runner.invoke(app, ["score", *args, *form, "-q"])
        assert lazy.exit_code == 0, lazy.output
        assert lazy.stdout == expected, (args, form)


def test_blocks_written_on_threads_come_out_in_their_order() -> None:
    # output._in_turn writes blocks on two threads; a block finished early waits for those
    # before it. Here each even block cannot finish until the block after it has.
    import threading

    from kpi_cli import output

    done = [threading.Event() for _ in range(8)]

    def write(block: int) -> bytes:
        if block % 2 == 0:
            assert done[block + 1].wait(10)
        done[block].set()
        return str(block).encode()

    assert list(output._in_turn(iter(range(8)), write)) == [str(i).encode() for i in range(8)]  # type: ignore[arg-type]
    assert list(output._in_turn(iter([7]), write)) == [b"7"]  # type: ignore[arg-type]
    assert list(output._in_turn(iter([]), write)) == []  # type: ignore[arg-type]

    def broken(block: int) -> bytes:
        if block == 3:
            raise ValueError("block 3")
        return b"ok"

    with pytest.raises(ValueError, match="block 3"):
        list(output._in_turn(iter(range(6)), broken))  # type: ignore[arg-type]


def test_the_column_writer_writes_each_cell_as_the_row_writer_does() -> None:
    # The CSV of many groups is written a column at a time (output._csv_block); every
    # figure and name must come out as _plain / _safe_cell and csv.writer write them.
    import csv as csv_module
    import io

    import numpy as np

    from kpi_cli import output

    floats = np.array(
        [3.0, -0.0, 0.0, 0.1, 1 / 3, 12.5, 1e-4, 9.99e-5, 1e-7, 123456789.25, 9999999999.5, 1e10,
         10000000000.5, 1e16, 2.0**53, 1.5e300, float("nan"), float("inf"), -float("inf"), -2.5]
    )  # fmt: skip
    known = np.ones(len(floats), dtype=bool)
    known[2] = False  # no figure: an empty cell
    got = output._number_cells(floats, known).to_pylist()
    assert got == [output._plain(v) if k else "" for v, k in zip(floats.tolist(), known, strict=True)]
    assert got[:2] == ["3.0", "-0.0"] and got[7:9] == ["9.99e-05", "1e-07"] and got[12] == "10000000000.5"
    for whole in ([3.0, 0.0, -12.0, 9999999999.0], [3.0, -0.0, 7.0]):  # every figure whole (or -0.0)
        cells = output._number_cells(np.array(whole), np.ones(len(whole), bool)).to_pylist()
        assert cells == [output._plain(v) for v in whole]
    ints = np.array([0, -7, 2**62], dtype=np.int64)
    assert output._number_cells(ints, np.ones(3, bool)).to_pylist() == ["0", "-7", str(2**62)]
    mixed = np.array([7, 2.5, None, 2**70], dtype=object)
    assert output._number_cells(mixed, np.array([True, True, False, True])).to_pylist() == [
        "7", "2.5", "", str(2**70)
    ]  # fmt: skip

    names = ["@lena.creates", "plain name", "", "a,b", 'say "hi"', "two\nlines", "=1+2", "+12.5", "-3",
             "-x", "@évi", "@a b", "tab\there", "esc\x1b[2J", "\tlead", "über"]  # fmt: skip
    for excel_safe in (False, True):
        rows = []
        for name in names:
            buffer = io.StringIO()
            csv_module.writer(buffer, lineterminator="\n").writerow([output._safe_cell(name, excel_safe), ""])
            rows.append(buffer.getvalue()[:-2])
        assert output._text_cells(names, excel_safe).to_pylist() == rows
    assert output._text_cells(["a,b"], False).to_pylist() == ['"a,b"']


def test_many_values_are_judged_as_one_value_is() -> None:
    # score.band_indexes judges a column of values with Judging's own rules: an edge to the
    # better band, an edge no band lies beyond to the band it bounds, NaN to none.
    import numpy as np

    from kpi_cli import benchmarks as bm
    from kpi_cli.score import band_indexes

    good, fair, poor = (bm.Verdict(word, None, None, "", "", "") for word in ("good", "fair", "poor"))
    higher = bm.Judging(True, ((1.0, 3.0, fair), (3.0, np.inf, good), (-np.inf, 1.0, poor)))
    lower = bm.Judging(False, ((0.0, 2.0, good), (2.0, 5.0, fair)))  # nothing beyond 0 or 5
    values = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, float("nan")])
    assert band_indexes(higher, values).tolist() == [2, 2, 0, 0, 1, 1, 1, 1, -1]
    assert band_indexes(lower, values).tolist() == [-1, 0, 0, 0, 1, 1, 1, -1, -1]
    for judging in (higher, lower):  # and Judging.verdict, one value at a time, agrees
        words = [band[2] for band in judging.bands]
        one_by_one = [judging.verdict(x) for x in values.tolist()]
        assert [words[k] if k >= 0 else None for k in band_indexes(judging, values)] == one_by_one


def test_a_streamed_table_builds_each_group_once_and_a_terminal_only_those_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The CLI streams a table's groups (score_files(stream=True)): a terminal shows the
    # first 50 of 300 and builds those 50; piped, each of the 300 is built once. Either
    # way the text is the eager report's.
    import io

    from rich.console import Console

    from kpi_cli import score

    path = tmp_path / "many.csv"
    path.write_text(
        "Handle,Impressions,Link clicks\n" + "".join(f"@c{i:03d},1000,{i % 7}\n" for i in range(300))
    )
    built: list[int] = []
    build = score.LazyGroups._build
    monkeypatch.setattr(
        score.LazyGroups, "_build", lambda self, i, *only: built.append(i) or build(self, i, *only)
    )
    for terminal, builds in ((True, 50), (False, 300)):
        texts = []
        for stream in (False, True):
            report = score_files([str(path)], by=["influencer"], stream=stream)
            built.clear()
            screen = io.StringIO()
            console = Console(file=screen, force_terminal=terminal, width=160, color_system=None)
            render.print_table(report, console)
            texts.append(screen.getvalue())
        assert len(built) == builds and len(set(built)) == builds
        assert texts[0] == texts[1]


def test_a_platform_is_one_group_however_its_case_and_a_creator_across_files(tmp_path: Path) -> None:
    # Trackers typed by hand: Instagram twice, TikTok three ways (its trailing space too).
    platforms = tmp_path / "platforms.csv"
    platforms.write_text(
        "Handle,Platform,Impressions,Clicks,Spend\n@a,Instagram,10000,100,100\n@b,instagram,10000,100,100\n"
        "@c,TikTok ,10000,100,100\n@d,Tiktok,10000,100,100\n@e,TIKTOK,10000,100,100\n"
    )
    result = runner.invoke(app, ["score", str(platforms), "--by", "platform", "-f", "json"])
    assert result.exit_code == 0, result.output
    found = groups(json.loads(result.stdout))
    assert sorted(found) == ["Instagram", "TikTok"]  # the first spelling of each
    assert found["Instagram"]["impressions"]["value"] == 20_000
    assert found["TikTok"]["impressions"]["value"] == 30_000
    assert "'instagram' as 'Instagram'" in result.stderr and "'TIKTOK' as 'TikTok'" in result.stderr
    # The same creator written two ways in two files is one creator, in the total too.
    first, second = tmp_path / "ig.csv", tmp_path / "tt.csv"
    first.write_text("influencer,platform,impressions\n@Lena,Instagram,100\n")
    second.write_text("influencer,platform,impressions\nlena,TikTok,200\n")
    result = runner.invoke(app, ["score", str(first), str(second), "--by", "influencer", "-f", "json"])
    doc = json.loads(result.stdout)
    assert list(groups(doc)) == ["@Lena"]
    assert groups(doc)["@Lena"]["impressions"]["value"] == 300
    assert doc["total"]["kpis"]["activated_influencers"]["value"] == 1  # was 2
    assert "one creator however it is written: counted 'lena' as '@Lena'" in result.stderr
    totals = runner.invoke(app, ["score", str(first), str(second), "-f", "json", "-q"])
    assert json.loads(totals.stdout)["total"]["kpis"]["activated_influencers"]["value"] == 1


def test_rows_over_a_reporting_period_are_said_to_sit_in_their_starts_period(tmp_path: Path) -> None:
    # Meta's campaign rows cover 15 March to 14 April: --by date --period month can only
    # put their 18,000 impressions in March, and says so rather than pretend to split them.
    export = tmp_path / "meta.csv"
    export.write_text(
        '"Reporting starts","Reporting ends","Campaign name",Reach,Impressions,"Amount spent (USD)"\n'
        '2025-03-15,2025-04-14,"Spring",4000,10000,150\n2025-03-15,2025-04-14,"Retarget",3000,8000,100\n'
    )
    result = runner.invoke(app, ["score", str(export), "--by", "date", "--period", "month", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert list(groups(json.loads(result.stdout))) == ["2025-03"]
    assert "run past the month they start in (e.g. 2025-03-15 to 2025-04-14)" in result.stderr
    # Rows of one day each: nothing to say.
    daily = tmp_path / "daily.csv"
    daily.write_text(export.read_text().replace("2025-04-14", "2025-03-15"))
    result = runner.invoke(app, ["score", str(daily), "--by", "date", "--period", "week", "-f", "json"])
    assert "reporting periods" not in result.stderr


def test_a_platform_written_two_ways_is_one_in_a_breakdown_by_two_columns(tmp_path: Path) -> None:
    export = tmp_path / "two.csv"
    export.write_text(
        "Handle,Platform,Impressions\n@a,Instagram,100\n@a,instagram,200\n@b,TikTok,50\n@b,TIKTOK,25\n"
    )
    result = runner.invoke(app, ["score", str(export), "--by", "influencer,platform", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["groups"]
    assert [(g["key"]["influencer"], g["kpis"]["impressions"]["value"]) for g in found] == [
        ("@a", 300),
        ("@b", 75),
    ]
    assert {g["key"]["platform"].casefold() for g in found} == {"instagram", "tiktok"}


# Meta Business Suite exports Instagram's posts and a Facebook Page's in the same columns
# (audit q, 7.4): only the permalinks tell which, and --by platform put them in "(blank)".
MBS_IG = (
    '"Post ID","Account username",Description,"Publish time",Permalink,"Post type",Date,Views,Reach,Likes\n'
    '1809831194,brandco,"Spring drop","03/03/2025 08:30",https://www.instagram.com/p/DaL7buhEzbR/,'
    '"IG carousel",Lifetime,8000,5000,600\n'
    '1809831195,brandco,"How we made it","03/06/2025 19:05",https://www.instagram.com/reel/DaXyz12AbCd/,'
    '"IG reel",Lifetime,45000,30000,2200\n'
)


def test_meta_business_suite_rows_take_the_platform_of_their_links(write_csv: Any) -> None:
    ig = write_csv(MBS_IG, "ig.csv")
    fb = write_csv(
        MBS_IG.replace("www.instagram.com/p/", "www.facebook.com/brandco/posts/")
        .replace("www.instagram.com/reel/", "www.facebook.com/reel/")
        .replace("1809831194", "1009831194")
        .replace("1809831195", "1009831195")
        .replace(",8000,5000,600", ",1000,900,50"),
        "fb.csv",
    )
    report = score_files([str(ig), str(fb)], by=["platform"])
    views = {g.label: g.kpi("views").value for g in report.groups}
    assert views == {"Instagram": 8000 + 45000, "Facebook": 1000 + 45000}


def test_a_trackers_links_tell_no_platform(write_csv: Any) -> None:
    # Only an export of one account (Meta Business Suite's) is told by its links: a tracker's
    # rows past those sniffed may be another platform's (audit w, 2 and 3).
    mixed = write_csv(
        "Creator,Post URL,Impressions\n@a,https://www.instagram.com/p/A1/,100\n"
        "@b,https://www.tiktok.com/@b/video/7301,200\n",
        "mixed.csv",
    )
    shop = write_csv("Creator,Link,Impressions\n@a,https://shop.example.com/x,100\n", "shop.csv")
    ig = write_csv("Creator,Post URL,Impressions\n@a,https://instagram.com/p/A1/,100\n", "ig.csv")
    mbs = write_csv(MBS_IG.replace("www.instagram.com/reel/", "www.facebook.com/reel/"), "mbs.csv")
    for path in (mixed, shop, ig, mbs):
        with pytest.raises(UsageError, match="no platform column"):
            score_files([str(path)], by=["platform"])


_LABELS = ["@A", "@a", "b", "B", "aa", "Zed", "zed", "(blank)", "", " x", "_u", "[w]", "É", "ß", "ss", "Ss"]


@given(st.lists(st.sampled_from(_LABELS), max_size=12), st.booleans())
def test_groups_sort_by_label_as_their_key_order_sorts_them(keys: list[str], ascii_only: bool) -> None:
    # One column sorts by Arrow when every label is ASCII, by Python otherwise: both as
    # _key_order's tuples sort them (folded case, stable, the blank group last).
    if ascii_only:
        keys = [key for key in keys if key.isascii()]
    want = sorted(range(len(keys)), key=lambda i: score._key_order({"influencer": keys[i]}))
    assert score._label_order(["influencer"], keys) == want
    assert score._label_order(["influencer"], ["b", "(blank)", "A", "a", "B"]) == [2, 3, 0, 4, 1]


def test_the_ranking_caption_writes_counts_as_people_do(tmp_path: Path) -> None:
    """`top 2 of 1,200 groups`, not `of 1200`: counts in the caption have thousands
    separators like every other count kpi prints (1,200 creators, a post each)."""
    rows = "".join(f"@c{i},{1000 + i},{i % 7}\n" for i in range(1200))
    path = tmp_path / "many.csv"
    path.write_text("Creator,Impressions,Clicks\n" + rows)
    result = runner.invoke(
        app,
        ["score", str(path), "--by", "influencer", "--sort", "ctr", "--top", "2", "-q", "--color", "never"],
    )
    assert result.exit_code == 0, result.output
    assert "top 2 of 1,200 groups by influencer" in result.stdout
    assert "Total covers all 1,200 rows" in result.stdout


def test_engagements_added_up_from_likes_and_comments_stay_whole_numbers(write_csv: Any) -> None:
    # No engagements column: a group's engagements are its likes + comments (+ shares +
    # saves), whole numbers as their parts are, not Python ints one by one in an object
    # array (every writer of 200,000 creators went through them one at a time).
    from kpi_cli.score import LazyGroups, score_files

    path = write_csv("Handle,Impressions,Likes,Comments\n@a,1000,10,2\n@a,500,5,1\n@b,800,7,0\n")
    report = score_files([str(path)], by=["influencer"], stream=True)
    assert isinstance(report.groups, LazyGroups)
    (block,) = report.groups.blocks(10)
    engagements = block.values["engagements"]
    assert engagements.dtype == np.int64
    assert engagements.tolist() == [10 + 2 + 5 + 1, 7 + 0]  # @a: 18, @b: 7
    assert report.total.kpi("engagements").value == 25  # 18 + 7


def test_a_table_of_groups_built_as_read_builds_only_the_kpis_it_draws(write_csv: Any) -> None:
    # A piped table of --top 10,000 held 10,000 groups with all 30 KPIs each to draw eight
    # columns; each group is now built with the table's columns only, and draws the same.
    import dataclasses
    import io

    from rich.console import Console

    from kpi_cli.score import LazyGroups, score_files

    path = write_csv(
        "Handle,Impressions,Link clicks,Spend,Likes\n@a,1000,10,50,40\n@a,1000,30,50,60\n@b,2000,10,20,10\n"
    )
    report = score_files([str(path)], by=["influencer"], kpis=["ctr", "cpe"], stream=True)
    assert isinstance(report.groups, LazyGroups)
    a, b = report.groups.with_kpis(report.columns())
    assert [k.id for k in a.kpis] == [k.id for k in b.kpis] == ["ctr", "cpe"]
    assert a.kpi("ctr").value == (10 + 30) / (1000 + 1000) * 100  # 2.0 %
    assert a.kpi("cpe").value == (50 + 50) / (40 + 60)  # $1.00
    assert b.kpi("ctr").value == 10 / 2000 * 100 and b.kpi("cpe").value == 20 / 10  # 0.5 %, $2.00

    def drawn(r: Any) -> str:
        out = io.StringIO()
        render.print_table(r, Console(file=out, width=120, color_system=None))
        return out.getvalue()

    every_kpi = dataclasses.replace(report, groups=list(report.groups))
    assert drawn(report) == drawn(every_kpi)
    assert "@a" in drawn(report) and "2.00%" in drawn(report)
