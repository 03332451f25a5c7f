"""`kpi lift` and `kpi retention` through the command line: formats, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"

# Ten days written as exports write them. Baseline 2025-01-02..05, campaign 2025-01-06..09.
# Revenue baseline 4 × $1,000 = $4,000, spend 4 × $500 = $2,000: MER 2.0.
# Revenue campaign 4 × $1,500 = $6,000, spend 4 × $600 = $2,400: MER 2.5, lift 25 %.
# Mentions 4 × 125 = 500 → 4 × 250 = 1,000: lift 100 %.
# Followers 10,000 on 2025-01-05 (the day before) → 12,000 on 2025-01-09: growth 20 %.
DAILY = """Date,Revenue (USD),Ad spend,Brand Mentions,Follower count
2025-01-01,"$1,000.00",$500.00,125,"9,000"
2025-01-02,"$1,000.00",$500.00,125,"9,250"
2025-01-03,"$1,000.00",$500.00,125,"9,500"
2025-01-04,"$1,000.00",$500.00,125,"9,750"
2025-01-05,"$1,000.00",$500.00,125,"10,000"
2025-01-06,"$1,500.00",$600.00,250,"10,500"
2025-01-07,"$1,500.00",$600.00,250,"11,000"
2025-01-08,"$1,500.00",$600.00,250,"11,500"
2025-01-09,"$1,500.00",$600.00,250,"12,000"
2025-01-10,"$1,500.00",$600.00,250,"12,100"
"""
CAMPAIGN = "2025-01-06..2025-01-09"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def daily(tmp_path: Path) -> Path:
    path = tmp_path / "daily.csv"
    path.write_text(DAILY, encoding="utf-8")
    return path


def lift_json(*args: str) -> dict:
    code, out, err = run("lift", *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_lift_json_figures(daily: Path) -> None:
    doc = lift_json(str(daily), "--campaign", CAMPAIGN)
    assert doc["schema"] == "kpi.lift/2"
    assert doc["windows"]["baseline"] == {"start": "2025-01-02", "end": "2025-01-05", "days": 4}
    assert doc["windows"]["baseline_default"] is True
    k = doc["total"]["kpis"]
    assert k["mer_baseline"]["value"] == pytest.approx(2.0)
    assert k["mer_campaign"]["value"] == pytest.approx(2.5)
    assert k["mer_lift"]["value"] == pytest.approx(25.0)
    assert k["mer_lift"]["verdict"] == "excellent"  # ≥ 20 %
    assert k["brand_mention_lift"]["value"] == pytest.approx(100.0)
    assert k["brand_mention_lift"]["verdict"] == "good"  # 100 % sits on the edge; the better band owns it
    assert (k["followers_start"]["value"], k["followers_end"]["value"]) == (10_000, 12_000)
    assert k["audience_growth_rate"]["value"] == pytest.approx(20.0)
    assert (
        doc["kpis"]["audience_growth_rate"]["bands"][k["audience_growth_rate"]["band"]]["label"] == "15–25%"
    )


def test_lift_explicit_baseline_and_table(daily: Path) -> None:
    # Baseline 2025-01-01..02: MER 2,000 / 1,000 = 2.0 again, so the lift is still 25 %.
    doc = lift_json(str(daily), "--campaign", CAMPAIGN, "--baseline", "2025-01-01..2025-01-02")
    assert doc["windows"]["baseline_default"] is False
    assert doc["total"]["kpis"]["mer_lift"]["value"] == pytest.approx(25.0)
    code, out, err = run("lift", str(daily), "--campaign", CAMPAIGN, "--color", "never")
    assert code == 0
    assert "MER lift" in out and "25%" in out and "excellent" in out
    assert "Ad spend→marketing_spend" in err  # header mapping goes to stderr, not stdout


def test_lift_by_week_in_every_format(daily: Path) -> None:
    doc = lift_json(str(daily), "-c", CAMPAIGN, "--by-week")
    weeks = [(g["key"]["week"], g["key"]["window"]) for g in doc["groups"]]
    # 2025-01-02 is a Thursday: W01 holds the whole baseline (Thu..Sun); the campaign is W02.
    assert weeks == [("2025-W01", "baseline"), ("2025-W02", "campaign")]
    campaign_week = doc["groups"][1]["kpis"]
    assert campaign_week["mer_lift"]["value"] == pytest.approx(25.0)
    assert campaign_week["mer_lift"]["verdict"] is None  # weeks are shown, not judged
    code, out, _ = run("lift", str(daily), "-c", CAMPAIGN, "--by-week", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["group"] for r in rows][-1] == "Campaign vs baseline"
    assert rows[1]["week"] == "2025-W02" and float(rows[1]["mer_campaign"]) == pytest.approx(2.5)
    code, out, _ = run("lift", str(daily), "-c", CAMPAIGN, "--by-week", "-f", "markdown")
    assert code == 0 and "| **Total** |" in out
    code, out, _ = run("lift", str(daily), "-c", CAMPAIGN, "-f", "ndjson")
    lines = [json.loads(line) for line in out.splitlines()]
    assert {line["schema"] for line in lines} == {"kpi.lift/1"}  # NDJSON's lines keep their layout
    assert next(r for r in lines if r["kpi"] == "mer_lift")["value"] == pytest.approx(25.0)
    code, out, _ = run("lift", str(daily), "-c", CAMPAIGN, "--by-week", "--color", "never")
    assert code == 0 and "Week by week" in out and "W02" in out


def test_lift_zero_baseline_is_null_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "zero.csv"
    path.write_text("Date,Mentions\n2025-01-01,0\n2025-01-02,0\n2025-01-03,4\n2025-01-04,6\n")
    doc = lift_json(str(path), "-c", "2025-01-03..2025-01-04")
    lift = doc["total"]["kpis"]["brand_mention_lift"]
    assert lift["value"] is None
    assert lift["reason"] == "no brand mentions in the baseline 2025-01-01..2025-01-02"
    assert doc["total"]["kpis"]["mer_lift"]["reason"] == "no revenue column"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-c", "2025-01-08..2025-01-12"], "the campaign 2025-01-08..2025-01-12 ends after the data"),
        (["-c", "2025-01-02..2025-01-05"], "the default baseline 2024-12-29..2025-01-01 (the 4 days before"),
        (
            ["-c", CAMPAIGN, "--baseline", "2024-12-30..2025-01-02"],
            "the baseline 2024-12-30..2025-01-02 starts before",
        ),
        (["-c", CAMPAIGN, "--baseline", "2025-01-03..2025-01-07"], "overlaps the campaign"),
        (["-c", "2025-01-09..2025-01-06"], "END is before START"),
        (["-c", "2025-01-06"], "write the window as START..END"),
        (["-c", "6 Jan..9 Jan"], "write the window as START..END"),
        (["-c", "2025-01-06..2025-13-01"], "2025-13-01 is not a day of the calendar"),
    ],
)
def test_lift_window_errors_are_one_line(daily: Path, args: list[str], says: str) -> None:
    code, out, err = run("lift", str(daily), *args, "-q")
    assert code == 2
    assert out == ""
    assert err.startswith("kpi: error: ") and says in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_lift_missing_day_and_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "gap.csv"
    lines = DAILY.splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("2025-01-07")) + "\n")
    code, _, err = run("lift", str(path), "-c", CAMPAIGN)
    assert code == 2
    assert f"kpi: error: {path}: no row for 2025-01-07 in the campaign window" in err
    dupe = tmp_path / "dupe.csv"
    dupe.write_text(DAILY + "2025-01-10,$1.00,$1.00,1,1\n")
    code, _, err = run("lift", str(dupe), "-c", CAMPAIGN)
    assert code == 2 and "2025-01-10 appears on rows 11 and 12" in err
    code, _, err = run("lift", str(tmp_path / "nope.csv"), "-c", CAMPAIGN)
    assert code == 2 and "no such file" in err


def test_lift_gate_and_output_file(daily: Path, tmp_path: Path) -> None:
    target = tmp_path / "lift.json"
    code, out, _ = run(
        "lift", str(daily), "-c", CAMPAIGN, "-f", "json", "-o", str(target), "--fail-on", "fair"
    )
    assert code == 0 and out == ""  # every judged KPI is good or excellent
    assert json.loads(target.read_text())["schema"] == "kpi.lift/2"


# --------------------------------------------------------------------------- retention

# Unordered, one repeat, quarters spelled two ways.
# 2024-Q4: A, B, C, D → 2025-Q1: A, B, E → 2025-Q2: A, B, E, F.
# Q4 → Q1: S = 4, E = 3, N = 1, lost 2: (3 − 1) / 4 = 50 % (poor).
# Q1 → Q2: S = 3, E = 4, N = 1, lost 0: (4 − 1) / 3 = 100 % (excellent).
# Pooled: (2 + 3) / (4 + 3) = 71.4 %.
CLIENTS = """Client,Quarter,Retainer
A,2025-Q2,"$1,000"
B,Q4 2024,$500
A,2024-Q4,$500
E,2025-Q1,$700
C,2024-Q4,$500
A,2025-Q1,$500
D,2024-Q4,$500
B,2025-Q1,$500
F,2025-Q2,$900
B,2025-Q2,$500
E,2025-Q2,$700
A,2025-Q1,$500
"""


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text(CLIENTS, encoding="utf-8")
    return path


def test_retention_json(clients: Path) -> None:
    code, out, err = run("retention", str(clients), "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "kpi.retention/2"
    assert [p["period"] for p in doc["periods"]] == ["2024-Q4", "2025-Q1", "2025-Q2"]
    assert doc["duplicate_rows"] == 1
    first, second = doc["groups"]
    assert first["key"] == {"from": "2024-Q4", "to": "2025-Q1"}
    assert {
        k: first["kpis"][k]["value"] for k in ("clients_start", "clients_end", "clients_new", "clients_lost")
    } == {
        "clients_start": 4,
        "clients_end": 3,
        "clients_new": 1,
        "clients_lost": 2,
    }
    assert first["kpis"]["client_retention_rate"]["value"] == pytest.approx(50.0)
    assert first["kpis"]["client_retention_rate"]["verdict"] == "poor"
    assert second["kpis"]["client_retention_rate"]["value"] == pytest.approx(100.0)
    assert doc["total"]["kpis"]["client_retention_rate"]["value"] == pytest.approx(500 / 7)
    assert "1 row listed again in the same period, counted once" in err


def test_retention_formats_and_gate(clients: Path) -> None:
    code, out, err = run("retention", str(clients), "--color", "never", "--fail-on", "poor")
    assert code == 1
    assert "2024-Q4" in out and "Pooled" in out
    # The Q4 → Q1 pair (50 %) and the pooled 71.4 % are both below 80 %.
    assert (
        "gate failed: 2 KPIs at or below poor: "
        "Client retention rate 50.0% (poor, < 80%) for 2024-Q4 → 2025-Q1" in err
    )
    assert "71.4% (poor, < 80%) for All pairs (pooled)" in err
    code, out, _ = run("retention", str(clients), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["from"], r["to"]) for r in rows] == [("2024-Q4", "2025-Q1"), ("2025-Q1", "2025-Q2"), ("", "")]
    assert float(rows[0]["client_retention_rate"]) == pytest.approx(50.0)
    code, out, _ = run("retention", str(clients), "-f", "markdown")
    assert "| 2024-Q4 → 2025-Q1 | 4 | 3 | 1 | 2 | 2 | 50.0% ✗ poor |" in out


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "Client,Period\nA,2025-Q1\nA,2025-04\n",
            "periods mix quarters ('2025-Q1', row 2) and months ('2025-04', row 3)",
        ),
        ("Client,Period\nA,2025-Q1\nA,2025-Q10\n", "row 3, column period: '2025-Q10' Q10 is not a quarter"),
        ("Client,Period\nA,2025-Q1\nB,2025-Q1\n", "only one period (2025-Q1)"),
        ("Client,Owner\nA,Dana\n", "no period column"),
        ("Owner,Notes\nDana,x\n", "none of the columns is one kpi knows for a client list"),
    ],
)
def test_retention_errors_are_one_line(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "c.csv"
    path.write_text(text)
    code, out, err = run("retention", str(path), "--quiet")
    assert code == 2 and out == ""
    assert err.startswith("kpi: error: ") and says in err and len(err.strip().splitlines()) == 1


def test_months_written_two_ways_are_one_period(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Client,Month\nA,2025-9\nB,2025-09\nA,2025-10\nB,2025-10\nC,2025-10\n")
    code, out, _ = run("retention", str(path), "-f", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["groups"] == []  # a single pair is the total
    pair = doc["total"]
    # 2025-09: A, B → 2025-10: A, B, C: (3 − 1) / 2 = 100 %.
    assert pair["key"] == {"from": "2025-09", "to": "2025-10"}
    assert pair["kpis"]["client_retention_rate"]["value"] == pytest.approx(100.0)


def test_sample_files_run() -> None:
    code, out, err = run(
        "lift", str(SAMPLES / "brand_daily.csv"), "-c", "2025-03-31..2025-04-27", "-f", "json"
    )
    assert code == 0, err
    assert json.loads(out)["total"]["kpis"]["mer_lift"]["value"] > 0
    code, out, err = run("retention", str(SAMPLES / "clients.csv"), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["duplicate_rows"] == 1


def test_help_has_examples() -> None:
    for command in ("lift", "retention"):
        code, out, _ = run(command, "--help")
        assert code == 0 and f"kpi {command} sample_data/" in out


def test_lift_reads_stdin_and_own_benchmarks(tmp_path: Path) -> None:
    bands = tmp_path / "bands.yaml"
    bands.write_text(
        "version: 1\nkpis:\n  mer_lift:\n    direction: higher\n    source: assumption\n"
        "    bands: {poor: [null, 30], good: [30, null]}\n"
    )
    result = CliRunner().invoke(
        app, ["lift", "-", "-c", CAMPAIGN, "-b", str(bands), "-f", "json"], input=DAILY
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    mer_lift = doc["total"]["kpis"]["mer_lift"]
    assert mer_lift["verdict"] == "poor"  # 25 % is below this agency's 30 %
    assert doc["kpis"]["mer_lift"]["bands"][mer_lift["band"]]["source"] == "assumption"


def test_lift_table_to_a_file_keeps_its_layout(daily: Path, tmp_path: Path) -> None:
    target = tmp_path / "lift.txt"
    code, out, _ = run("lift", str(daily), "-c", CAMPAIGN, "--by-week", "-o", str(target))
    assert code == 0 and out == ""
    text = target.read_text()
    assert "MER lift" in text and "Week by week" in text and "\x1b[" not in text


def test_one_pair_is_the_total(tmp_path: Path) -> None:
    # 2025-Q1: A, B → 2025-Q2: A: S = 2, E = 1, N = 0: (1 − 0) / 2 = 50 %, reported once.
    path = tmp_path / "one.csv"
    path.write_text("Client,Quarter\nA,2025-Q1\nB,2025-Q1\nA,2025-Q2\n")
    code, out, err = run("retention", str(path), "-q", "--fail-on", "poor", "-f", "csv")
    assert code == 1
    assert "gate failed: 1 KPI at or below poor" in err
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (row["from"], row["to"], row["client_retention_rate"]) == ("2025-Q1", "2025-Q2", "50.0")
    code, out, _ = run("retention", str(path), "-q", "--color", "never")
    assert "2025-Q1 │ 2025-Q2" in out and "Pooled" not in out


# Audit b, finding 2: an invoice list (Client, Date, Amount), each client invoiced once a month.
# By month: S = 3, E = 3, N = 0 for Jan → Feb and Feb → Mar: (3 − 0) / 3 = 100 % each, pooled 6 / 6.
INVOICES = """Client,Date,Amount
Acme Inc,2025-01-15,5000
Bloom Co,2025-01-20,3000
Cedar Labs,2025-01-28,1500
Acme Inc,2025-02-15,5000
Bloom Co,2025-02-20,3000
Cedar Labs,2025-02-27,1500
Acme Inc,2025-03-15,5000
Bloom Co,2025-03-20,3000
Cedar Labs,2025-03-28,1500
"""


def test_an_invoice_list_is_grouped_into_months(tmp_path: Path) -> None:
    path = tmp_path / "invoices.csv"
    path.write_text(INVOICES)
    code, out, err = run("retention", str(path), "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["period_kind"] == "month"
    assert [g["key"] for g in doc["groups"]] == [
        {"from": "2025-01", "to": "2025-02"},
        {"from": "2025-02", "to": "2025-03"},
    ]
    assert [g["kpis"]["client_retention_rate"]["value"] for g in doc["groups"]] == [100.0, 100.0]
    assert doc["total"]["kpis"]["clients_start"]["value"] == 6
    assert doc["total"]["kpis"]["client_retention_rate"]["value"] == pytest.approx(100.0)
    note = "invoices.csv: 9 dates grouped into 3 calendar months (2025-01 to 2025-03)"
    assert note in err and doc["notes"][0].startswith("9 dates grouped")
    # --period quarter: all nine dates are in 2025-Q1, one period: an error, not a figure.
    code, out, err = run("retention", str(path), "--period", "quarter", "-q")
    assert code == 2 and out == ""
    assert "only one period (2025-Q1, the quarter of 9 dates; a narrower --period than quarter" in err
    assert len(err.strip().splitlines()) == 1


def test_period_quarter_groups_months(tmp_path: Path) -> None:
    # Q1: A (Jan), B (Feb) → Q2: A (May), C (Jun): S = 2, E = 2, N = 1: (2 − 1) / 2 × 100 = 50 %.
    path = tmp_path / "m.csv"
    path.write_text("Client,Month\nA,2025-01\nB,2025-02\nA,2025-05\nC,2025-06\n")
    code, out, err = run("retention", str(path), "--period", "quarter", "-f", "csv")
    assert code == 0, err
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (row["from"], row["to"], row["client_retention_rate"]) == ("2025-Q1", "2025-Q2", "50.0")
    assert "4 months grouped into 2 calendar quarters" in err
    code, out, err = run("retention", str(path), "--period", "month", "-f", "csv")
    assert code == 0 and "grouped" not in err  # as the file writes them: no note
    code, out, err = run("retention", str(SAMPLES / "clients.csv"), "--period", "month", "-q")
    assert code == 2 and out == ""
    assert "--period month is finer than the file's quarters" in err


def test_names_written_differently_are_one_client_and_said(tmp_path: Path) -> None:
    # Audit b, finding 10: `Acme Inc` in Q1 and `Acme Inc.` in Q2. Q1: Acme, Bloom, Cedar, Dune →
    # Q2: Acme, Bloom, Eon: S = 4, E = 3, N = 1: (3 − 1) / 4 × 100 = 50 % (was 25 %, Acme lost and new).
    path = tmp_path / "c.csv"
    path.write_text(
        "Client,Quarter\nAcme Inc,Q1 2025\nBloom Co,Q1 2025\nCedar Labs,Q1 2025\nDune Ltd,Q1 2025\n"
        "Acme Inc.,Q2 2025\nBloom Co,Q2 2025\nEon GmbH,Q2 2025\n"
    )
    code, out, err = run("retention", str(path), "-f", "json")
    assert code == 0, err
    rate = json.loads(out)["total"]["kpis"]["client_retention_rate"]
    assert rate["value"] == pytest.approx(50.0)
    assert "c.csv: 'Acme Inc' = 'Acme Inc.' counted as one client" in err


def test_retention_markdown_carries_each_pair_s_own_notes(tmp_path: Path) -> None:
    # Audit I-6: no 2025-Q1 rows, so the second pair is 2024-Q4 → 2025-Q2 across the gap. The
    # table, JSON and NDJSON say so on that pair; Markdown said only the pooled row's note.
    # Q3 {A, B, C, D}, Q4 {A, B, E}: S 4, E 3, N 1, retained 2, 50 %. Q4 → Q2 {A, E, F, G}:
    # S 3, E 4, N 2 (F, G), retained 2, 66.7 %. Pooled (2 + 2) / (4 + 3) = 57.1 %.
    path = tmp_path / "clients.csv"
    path.write_text(
        "Client,Quarter\nA,2024-Q3\nB,2024-Q3\nC,2024-Q3\nD,2024-Q3\nA,2024-Q4\nB,2024-Q4\nE,2024-Q4\n"
        "A,2025-Q2\nE,2025-Q2\nF,2025-Q2\nG,2025-Q2\n"
    )
    code, out, _ = run("retention", str(path), "-q", "-f", "markdown")
    assert code == 0
    pair = next(line for line in out.splitlines() if line.startswith("| 2024-Q4 → 2025-Q2 |"))
    assert "| 66.7% ✗ poor | [1], [2] |" in pair
    total = next(line for line in out.splitlines() if line.startswith("| **Total** |"))
    assert total.endswith("| 57.1% ✗ poor | [3] |")
    assert "\n1. 2025-Q1 has no rows\n2. compares across the gap\n3. summed over 2 period pairs" in out
