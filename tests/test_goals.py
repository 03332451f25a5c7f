"""Campaign goals: the file format, its errors (each naming the line), attainment and pacing.

Every expected figure is worked out by hand in the test that checks it.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from kpi_cli import goals as g
from kpi_cli.goals import GoalsError
from kpi_cli.kpis import KPI_BY_ID, KPI_DEFS, OBJECTIVES
from kpi_cli.score import score_files

DATA = Path(__file__).parent / "data"

SPEC_FILE = """\
# goals.yaml
objective: conversion
start: 2025-06-01
end: 2025-06-30
goals:
  reach: ">= 2M"
  conversions: ">= 500"
  total_spend: "<= $25,000"
  cpa: "<= 40"
  engagement_rate: ">= 3%"
campaigns:
  "Spring Launch":
    start: 2025-03-01
    end: 2025-03-31
    goals:
      conversions: ">= 200"
creators:
  "@lena.creates":
    goals:
      engagement_rate: ≥ 4%
"""


def write(tmp_path: Path, text: str, name: str = "goals.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> g.GoalSet:
    return g.load_goals(write(tmp_path, text))


def error(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(GoalsError) as caught:
        g.load_goals(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return message


def one(goal_set: g.GoalSet, value: g.Figure, last_day: date | None) -> g.GoalResult:
    (result,) = g.evaluate(goal_set, lambda scope, name, kpi: value, last_day)
    return result


# --------------------------------------------------------------------------- the file


def test_the_spec_file_loads_with_lines_scopes_and_dates(tmp_path: Path) -> None:
    gs = load(tmp_path, SPEC_FILE)
    assert gs.objective == "conversion"
    assert (gs.start, gs.end) == (date(2025, 6, 1), date(2025, 6, 30))
    got = [(x.kpi, x.op, x.target, x.line, x.scope, x.name) for x in gs.goals]
    assert got == [
        ("reach", ">=", 2_000_000, 6, None, None),
        ("conversions", ">=", 500, 7, None, None),
        ("total_spend", "<=", 25_000, 8, None, None),
        ("cpa", "<=", 40, 9, None, None),
        ("engagement_rate", ">=", 3, 10, None, None),
        ("conversions", ">=", 200, 16, "campaign", "Spring Launch"),
        ("engagement_rate", ">=", 4, 20, "creator", "@lena.creates"),
    ]
    assert gs.period("campaign", "Spring Launch") == (date(2025, 3, 1), date(2025, 3, 31))
    assert gs.period("creator", "@lena.creates") == (date(2025, 6, 1), date(2025, 6, 30))  # the file's
    assert gs.names("campaign") == ["Spring Launch"]


@pytest.mark.parametrize(
    ("kpi", "text", "op", "target", "currency"),
    [
        ("reach", ">= 2M", ">=", 2_000_000, None),
        ("reach", "≥ 1.5k", ">=", 1_500, None),
        ("impressions", ">= 1,250,000", ">=", 1_250_000, None),
        ("cpa", "<= 40", "<=", 40, None),
        ("cpa", "<= $40", "<=", 40, None),  # `$` is several currencies: it names none
        ("cpa", "<= 40.00", "<=", 40, None),
        ("cpa", "<= USD 40", "<=", 40, "USD"),
        ("cpa", "≤ 40 €", "<=", 40, "EUR"),
        ("cpa", "<= £12.50", "<=", 12.5, "GBP"),
        ("total_spend", "<= $25,000", "<=", 25_000, None),
        ("revenue", ">= $1.2M", ">=", 1_200_000, None),
        ("engagement_rate", ">= 3%", ">=", 3, None),
        ("engagement_rate", ">= 3", ">=", 3, None),  # percent KPIs: 3 means 3 %
        ("roi", ">= -10%", ">=", -10, None),
        ("roas", ">= 3×", ">=", 3, None),
        ("frequency", "<= 2.5x", "<=", 2.5, None),
    ],
)
def test_targets_are_read_in_the_kpis_unit(
    kpi: str, text: str, op: str, target: float, currency: str | None
) -> None:
    assert g.parse_target(kpi, text) == (op, pytest.approx(target), currency)


def test_every_example_target_fits_its_kpi() -> None:
    """The examples errors suggest must themselves load."""
    assert set(g.EXAMPLES) == set(g.GOAL_KPIS) == {k.id for k in KPI_DEFS}
    for kpi, text in g.EXAMPLES.items():
        g.parse_target(kpi, text)


def test_additive_kpis_are_the_counts_and_money_totals() -> None:
    counts = {
        "reach", "impressions", "views", "engagements", "saves", "shares", "profile_visits", "clicks",
        "traffic", "conversions", "code_uses", "posts",
    }  # fmt: skip
    assert counts | {"revenue", "total_spend"} == g.ADDITIVE
    assert "activated_influencers" not in g.ADDITIVE  # distinct creators: not a daily sum
    assert all(KPI_BY_ID[k].unit == "count" for k in counts)
    assert not g.ADDITIVE & {"cpm", "cpe", "cpc", "cpa", "rpm", "cost_per_post", "roas", "ctr"}


def test_a_list_sets_a_range_on_one_kpi(tmp_path: Path) -> None:
    gs = load(tmp_path, 'goals:\n  frequency: [">= 1.5", "<= 3×"]\n')
    assert [(x.op, x.target) for x in gs.goals] == [(">=", 1.5), ("<=", 3.0)]


# --------------------------------------------------------------------------- errors


def test_unknown_kpi_names_the_line_and_the_close_match(tmp_path: Path) -> None:
    message = error(tmp_path, 'start: 2025-06-01\ngoals:\n  reach: ">= 2M"\n  conversoins: ">= 500"\n')
    assert ", line 4: unknown KPI 'conversoins'; did you mean conversions or conversion_rate?" in message


def test_unknown_kpi_without_a_close_match_lists_them(tmp_path: Path) -> None:
    message = error(tmp_path, 'goals:\n  happiness: ">= 2"\n')
    assert ", line 2: unknown KPI 'happiness'; use one of activated_influencers, posts" in message


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('cpa: ">= 3%"', 'cpa ">= 3%": CPA is money, not a percentage; write e.g. "<= 40"'),
        ('reach: ">= 3%"', 'reach ">= 3%": Reach is a count, not a percentage; write e.g. ">= 2M"'),
        ('engagement_rate: ">= $3"', "Engagement rate is a percentage, not money"),
        ('engagement_rate: ">= 3 EUR"', "Engagement rate is a percentage, not money"),
        ('conversions: ">= $500"', "Conversions is a count, not money"),
        ('roas: ">= 300%"', 'ROAS is a ratio (×), not a percentage; write e.g. ">= 3×"'),
        ('reach: ">= 3x"', "Reach is a count, not a ratio (×)"),
    ],
)
def test_a_target_in_the_wrong_unit_names_the_line(tmp_path: Path, line: str, problem: str) -> None:
    message = error(tmp_path, f'objective: conversion\ngoals:\n  views: ">= 1M"\n  {line}\n')
    assert f"goals.yaml, line 4: {line.replace(': ', ' ', 1)}: " in message
    assert problem in message


def test_end_before_start_names_the_line_of_end(tmp_path: Path) -> None:
    message = error(tmp_path, 'start: 2025-06-30\nend: 2025-06-01\ngoals:\n  reach: ">= 2M"\n')
    assert "goals.yaml, line 2: end 2025-06-01 is before start 2025-06-30" in message


def test_a_campaigns_end_before_the_files_start_names_its_line(tmp_path: Path) -> None:
    text = 'start: 2025-06-10\ncampaigns:\n  A:\n    end: 2025-06-01\n    goals:\n      reach: ">= 2M"\n'
    assert "goals.yaml, line 4: end 2025-06-01 is before start 2025-06-10" in error(tmp_path, text)


def test_a_target_without_a_comparison_says_how_to_write_one(tmp_path: Path) -> None:
    message = error(tmp_path, "goals:\n  reach: 2M\n  conversions: 500\n")
    assert 'goals.yaml, line 2: reach "2M": no comparison; write ">= 2M" (at least) or "<= 2M"' in message


def test_a_strict_comparison_is_refused(tmp_path: Path) -> None:
    message = error(tmp_path, 'goals:\n  conversions: "> 500"\n')
    assert 'line 2: conversions "> 500": write ">=" (at least) or "<=" (at most)' in message


@pytest.mark.parametrize("day", ["2025-6-1", "06/01/2025", "2025-02-30", "2025-06-01T09:00"])
def test_dates_must_be_iso_days(tmp_path: Path, day: str) -> None:
    message = error(tmp_path, f'objective: awareness\nstart: {day}\ngoals:\n  reach: ">= 2M"\n')
    assert "goals.yaml, line 2: start" in message
    assert "write the start as YYYY-MM-DD" in message


def test_an_unquoted_target_gets_the_quoting_fix(tmp_path: Path) -> None:
    """YAML reads a bare `>` as folded text: the parser's own message would not say why."""
    message = error(tmp_path, "goals:\n  conversions: >= 500\n")
    assert (
        'goals.yaml, line 2: quote the target, YAML reads a bare > as text: conversions: ">= 500"' in message
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('goals:\n  reach: ">= 2M"\n  reach: ">= 3M"\n', "line 3: 'reach' is given twice (first on line 2)"),
        ('goal:\n  reach: ">= 2M"\n', "line 1: unknown key 'goal' in a goals file; did you mean goals?"),
        ('campaigns:\n  A:\n    reach: ">= 2M"\n', "line 3: put the target of reach under 'goals:'"),
        ('objective: sales\ngoals:\n  reach: ">= 2M"\n', "line 1: unknown objective 'sales'"),
        ("goals:\n  reach:\n", 'line 2: reach: no target; write e.g. reach: ">= 2M"'),
        ('goals:\n  ctr: ">= 1,5%"\n', 'line 2: ctr ">= 1,5%": write decimals with a dot'),
        ('goals:\n  cpa: "<= -4"\n', 'line 2: cpa "<= -4": CPA cannot be below zero'),
        ('goals:\n  cpa: "<= forty"\n', 'line 2: cpa "<= forty": not a number; write e.g. "<= 40"'),
        ("- reach\n", "line 1: a goals file must be a mapping"),
        ("objective: awareness\n", "line 1: no goals"),
    ],
)
def test_other_mistakes_are_one_line_errors_naming_the_line(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in error(tmp_path, text)


def test_an_empty_or_missing_file(tmp_path: Path) -> None:
    assert "empty goals file" in error(tmp_path, "# nothing yet\n")
    with pytest.raises(GoalsError, match="no such goals file"):
        g.load_goals(tmp_path / "absent.yaml")


def test_a_target_in_another_currency_than_the_export_is_refused(tmp_path: Path) -> None:
    gs = load(tmp_path, 'goals:\n  reach: ">= 2M"\n  cpa: "<= €40"\n')
    g.check_currency(gs, "EUR")
    g.check_currency(gs, None)
    with pytest.raises(GoalsError, match=r"line 3: the target is in EUR but the export's money is in USD"):
        g.check_currency(gs, "USD")


# --------------------------------------------------------------------------- judging


def test_reach_on_day_10_of_30_is_not_met_but_on_track(tmp_path: Path) -> None:
    gs = load(tmp_path, 'start: 2025-06-01\nend: 2025-06-30\ngoals:\n  reach: ">= 2M"\n')
    r = one(gs, 1_200_000, date(2025, 6, 10))  # day 10 of 30, both counted inclusive
    assert r.attainment == pytest.approx(1_200_000 / 2_000_000 * 100)  # 60 %
    assert r.met is False  # met is about the value so far
    assert r.projected == pytest.approx(1_200_000 * 30 / 10)  # 3.6M
    assert r.on_track is True
    assert r.days == (10, 30)
    assert r.failed is False


def test_spend_under_its_cap_so_far_but_pacing_over_it(tmp_path: Path) -> None:
    gs = load(tmp_path, 'start: 2025-06-01\nend: 2025-06-30\ngoals:\n  total_spend: "<= 25,000"\n')
    r = one(gs, 10_000.0, date(2025, 6, 10))
    assert r.attainment == pytest.approx(25_000 / 10_000 * 100)  # 250 %: well under the cap so far
    assert r.met is True
    assert r.projected == pytest.approx(10_000 * 30 / 10)  # $30,000 by the end
    assert r.on_track is False
    assert r.failed is True


def test_cpa_above_its_target_is_missed_and_not_paced(tmp_path: Path) -> None:
    gs = load(tmp_path, 'start: 2025-06-01\nend: 2025-06-30\ngoals:\n  cpa: "<= 40"\n')
    r = one(gs, 50.0, date(2025, 6, 10))
    assert r.attainment == pytest.approx(40 / 50 * 100)  # 80 %
    assert r.met is False
    assert (r.projected, r.on_track, r.days) == (None, None, None)  # a rate's pace is its value
    assert r.failed is True


def test_a_rate_goal_that_is_met(tmp_path: Path) -> None:
    gs = load(tmp_path, 'goals:\n  engagement_rate: ">= 3%"\n')
    r = one(gs, 3.3, None)
    assert r.attainment == pytest.approx(3.3 / 3 * 100)  # 110 %
    assert r.met is True
    assert r.failed is False


def test_after_the_end_a_goal_is_final(tmp_path: Path) -> None:
    gs = load(tmp_path, 'start: 2025-06-01\nend: 2025-06-30\ngoals:\n  conversions: ">= 500"\n')
    for last_day in (date(2025, 6, 30), date(2025, 7, 4)):
        r = one(gs, 450, last_day)
        assert (r.met, r.projected, r.on_track) == (False, None, None)
        assert r.attainment == pytest.approx(90)  # 450 / 500
        assert r.failed is True


def test_the_first_and_the_day_before_the_last(tmp_path: Path) -> None:
    gs = load(tmp_path, 'start: 2025-06-01\nend: 2025-06-30\ngoals:\n  conversions: ">= 500"\n')
    first = one(gs, 20, date(2025, 6, 1))
    assert first.projected == pytest.approx(20 * 30 / 1)  # 600
    assert first.on_track is True
    almost = one(gs, 480, date(2025, 6, 29))
    assert almost.projected == pytest.approx(480 * 30 / 29)  # 496.6: short of 500
    assert almost.on_track is False


def test_data_that_ends_before_the_campaign_starts(tmp_path: Path) -> None:
    gs = load(tmp_path, 'start: 2025-06-01\nend: 2025-06-30\ngoals:\n  reach: ">= 2M"\n')
    r = one(gs, 300_000, date(2025, 5, 20))
    assert (r.projected, r.on_track) == (None, None)
    assert r.reason == "the data ends before the campaign starts"


def test_without_a_start_a_total_is_not_paced(tmp_path: Path) -> None:
    gs = load(tmp_path, 'end: 2025-06-30\ngoals:\n  reach: ">= 2M"\n')
    r = one(gs, 1_200_000, date(2025, 6, 10))
    assert (r.projected, r.on_track, r.met) == (None, None, False)
    assert r.reason == "not paced: the goals file gives no start date"


def test_a_campaigns_own_dates_pace_its_goals(tmp_path: Path) -> None:
    gs = load(tmp_path, SPEC_FILE)
    figures = {("campaign", "Spring Launch", "conversions"): 100}
    results = g.evaluate(gs, figures, date(2025, 3, 10))
    spring = next(r for r in results if r.scope == "campaign")
    assert spring.days == (10, 31)  # March 1 to 10, of March 1 to 31
    assert spring.projected == pytest.approx(100 * 31 / 10)  # 310 ≥ 200
    assert spring.on_track is True
    june = next(r for r in results if r.kpi == "reach")
    assert (june.value, june.reason) == (None, "no value")  # not in the mapping


def test_no_value_carries_the_callers_reason(tmp_path: Path) -> None:
    gs = load(tmp_path, 'start: 2025-06-01\nend: 2025-06-30\ngoals:\n  cpa: "<= 40"\n')
    r = one(gs, (None, "conversions sum to 0"), date(2025, 6, 10))
    assert (r.value, r.attainment, r.met, r.projected, r.on_track) == (None, None, None, None, None)
    assert r.reason == "no value: conversions sum to 0"
    assert r.failed is True  # a goal the gate cannot check does not pass it
    assert one(gs, float("nan"), None).reason == "no value: not a finite number"


def test_zeros_never_give_inf_or_nan(tmp_path: Path) -> None:
    text = "start: 2025-06-01\nend: 2025-06-30\ngoals:\n"
    text += '  total_spend: "<= 25,000"\n  cpa: "<= 40"\n  reach: ">= 0"\n'
    gs = load(tmp_path, text)
    results = g.evaluate(gs, lambda scope, name, kpi: 0, date(2025, 6, 10))
    spend, cpa, reach = results
    assert (spend.attainment, spend.met, spend.projected, spend.on_track) == (None, True, 0, True)
    assert (cpa.attainment, cpa.met) == (None, True)  # nothing spent per conversion: under any cap
    assert (reach.attainment, reach.met) == (None, True)  # a target of 0: met, no percentage
    records = g.to_records(results)
    text_out = json.dumps(records, allow_nan=False)  # raises on inf / NaN
    assert "Infinity" not in text_out
    for record in records:
        assert set(record) >= {"kpi", "op", "target", "value", "attainment", "met", "projected", "on_track"}
        assert all(not (isinstance(v, float) and not math.isfinite(v)) for v in record.values())


def test_records_are_json_ready_with_display_strings(tmp_path: Path) -> None:
    gs = load(tmp_path, SPEC_FILE)
    figures: dict[tuple[str | None, str | None, str], g.Figure] = {
        (None, None, "reach"): 1_200_000,
        (None, None, "conversions"): 150,
        (None, None, "total_spend"): 9_000.0,
        (None, None, "cpa"): 60.0,
        (None, None, "engagement_rate"): 3.6,
        ("campaign", "Spring Launch", "conversions"): 240,
        ("creator", "@lena.creates", "engagement_rate"): (None, "no rows for creator '@lena.creates'"),
    }
    records = g.to_records(g.evaluate(gs, figures, date(2025, 6, 10)))
    reach = records[0]
    assert reach == {
        "kpi": "reach",
        "name": None,
        "scope": None,
        "unit": "count",
        "op": ">=",
        "target": 2_000_000,
        "value": 1_200_000,
        "attainment": pytest.approx(60.0),
        "met": False,
        "projected": pytest.approx(3_600_000.0),
        "on_track": True,
        "days_elapsed": 10,
        "days_total": 30,
        "goal": "≥ 2M",
        "display": "1.20M",
        "projected_display": "3.60M",
        "reason": None,
        "line": 6,
    }
    cpa = records[3]
    assert (cpa["goal"], cpa["display"], cpa["attainment"]) == (
        "≤ $40",
        "$60.00",
        pytest.approx(40 / 60 * 100),
    )
    spring = records[5]
    assert (spring["scope"], spring["name"], spring["met"], spring["projected"]) == (
        "campaign", "Spring Launch", True, None,  # its March campaign ended before June 10
    )  # fmt: skip
    lena = records[6]
    assert lena["reason"] == "no value: no rows for creator '@lena.creates'"
    json.dumps(records, allow_nan=False)


def test_failure_message_lists_missed_and_off_track_goals(tmp_path: Path) -> None:
    gs = load(
        tmp_path, 'start: 2025-06-01\nend: 2025-06-30\ngoals:\n  total_spend: "<= 25,000"\n  cpa: "<= 40"\n'
    )
    figures = {(None, None, "total_spend"): 10_000.0, (None, None, "cpa"): 50.0}
    failed = g.failures(g.evaluate(gs, figures, date(2025, 6, 10)))
    assert [r.kpi for r in failed] == ["total_spend", "cpa"]
    message = g.failure_message(failed)
    assert message.startswith("goals failed: 2 goals missed or off track: ")
    assert "Total spend $10.0K (goal ≤ $25K, projected $30.0K)" in message
    assert "CPA $50.00 (goal ≤ $40)" in message


def test_goals_against_a_scored_export() -> None:
    """three_posts.csv: reach 800 + 2,000 + 400 = 3,200 over March 1-9; @ana spent $200 for 1
    conversion (CPA $200), @ben $300 for 3 (CPA $100)."""
    gs = g.parse_goals(
        'start: 2025-03-01\nend: 2025-03-30\ngoals:\n  reach: ">= 6,000"\n'
        'creators:\n  "@Ana":\n    goals:\n      cpa: "<= 150"\n  "carla":\n    goals:\n      cpa: "<= 150"\n'
    )
    total = score_files([str(DATA / "three_posts.csv")])
    by_creator = score_files([str(DATA / "three_posts.csv")], by=["influencer"])
    assert total.date_end is not None
    reach, ana, carla = g.evaluate(
        gs, g.values_from(total.total, by_creator.groups), date.fromisoformat(total.date_end)
    )
    assert reach.value == 3_200
    assert reach.days == (9, 30)
    assert reach.projected == pytest.approx(3_200 * 30 / 9)  # 10,667 ≥ 6,000
    assert reach.on_track is True
    assert ana.value == pytest.approx(200.0)  # "@Ana" is the export's "@ana"
    assert (ana.met, ana.attainment) == (False, pytest.approx(150 / 200 * 100))
    assert carla.value is None
    assert carla.reason == "no value: no rows for creator 'carla' in the export"


# --------------------------------------------------------------------------- starter file


def test_starter_rounds_current_values_and_loads_back(tmp_path: Path) -> None:
    columns = {"date", "influencer", "impressions", "likes", "clicks", "conversions", "spend", "revenue"}
    values = {"conversions": 483, "conversion_rate": 2.345, "cpa": 40.52, "roas": 2.46, "roi": -15.3,
              "total_spend": 19_570.0}  # fmt: skip
    text = g.starter(columns, "conversion", date(2025, 6, 1), date(2025, 6, 30), values)
    # 2 significant figures, rounded the way each goal is met by the export it came from:
    # "at least" down (483 -> 480, 2.46 -> 2.4, -15.3 -> -16), "at most" up (40.52 -> 41).
    assert 'conversions: ">= 480"' in text
    assert 'cpa: "<= 41"' in text  # costs are capped: at most
    assert 'total_spend: "<= 20,000"' in text
    assert "# CPA at most $41.00, now $40.52" in text
    gs = load(tmp_path, text)
    assert gs.objective == "conversion"
    assert (gs.start, gs.end) == (date(2025, 6, 1), date(2025, 6, 30))
    got = {x.kpi: (x.op, x.target) for x in gs.goals}
    assert got == {
        "conversions": (">=", 480),
        "conversion_rate": (">=", pytest.approx(2.3)),
        "cpa": ("<=", 41),
        "roas": (">=", pytest.approx(2.4)),
        "roi": (">=", -16),
        "total_spend": ("<=", 20_000),
    }
    assert list(got) == [k for k in OBJECTIVES["conversion"] if k in got]


@pytest.mark.parametrize("objective", list(OBJECTIVES))
def test_starter_without_values_or_dates_loads_back(tmp_path: Path, objective: str) -> None:
    every = {c for needs in g.NEEDS.values() for need in needs for c in need}
    text = g.starter(every, objective)
    gs = load(tmp_path, text)
    assert [x.kpi for x in gs.goals] == list(OBJECTIVES[objective])
    assert (gs.start, gs.end) == (None, None)
    assert all(x.text == g.EXAMPLES[x.kpi] for x in gs.goals)


def test_starter_keeps_only_kpis_the_export_can_compute(tmp_path: Path) -> None:
    text = g.starter({"impressions", "reach"}, "awareness", values={"reach": 1_234_567, "impressions": 0})
    gs = load(tmp_path, text)
    assert [x.kpi for x in gs.goals] == ["reach", "impressions", "frequency"]  # no spend: no CPM
    assert gs.goals[0].text == ">= 1.2M"
    assert gs.goals[1].text == g.EXAMPLES["impressions"]  # a target of 0 would be none
    with pytest.raises(GoalsError, match="none of the columns the conversion KPIs need"):
        g.starter({"impressions"}, "conversion")


def test_the_format_documented_in_the_module_loads() -> None:
    assert g.__doc__ is not None
    example = g.__doc__.split("The goals file (YAML)::\n\n", 1)[1].split("\n\n", 1)[0]
    gs = g.parse_goals("\n".join(line[4:] for line in example.splitlines()))
    assert [x.kpi for x in gs.goals] == [
        "reach", "conversions", "total_spend", "cpa", "engagement_rate", "roas", "frequency", "frequency",
        "conversions", "engagement_rate",
    ]  # fmt: skip
