"""`kpi retention` on agency trackers and CRM deal exports (audit X).

Every expected figure is worked out by hand in the test: retention = (E − N) / S × 100,
E − N being the clients in both periods.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def pairs(out: str) -> list[tuple[str, str, int, int, int, float]]:
    """(from, to, S, E, N, retention) of each pair (one pair is the total)."""
    doc = json.loads(out)
    if not doc["groups"]:
        first, second = (p["period"] for p in doc["periods"])
        doc["groups"] = [{"key": {"from": first, "to": second}, "kpis": doc["total"]["kpis"]}]
    return [
        (
            g["key"]["from"],
            g["key"]["to"],
            *(g["kpis"][k]["value"] for k in ("clients_start", "clients_end", "clients_new")),
            g["kpis"]["client_retention_rate"]["value"],
        )
        for g in doc["groups"]
    ]


# ------------------------------------------------------------------ clients marked as gone

# An agency's monthly tracker in a sheet: one row per client and month, a Status and the
# month's retainer. A client that left stays listed in the month it left, marked `Churned`
# with a $0 retainer; a pitch is listed as `Prospect`. Retainer trackers keep a status and
# the retainer per client (corcava.com, "Retainer Tracker Template"; trykeepclient.com on
# agency rosters). Both rows were counted as clients: Beta "retained" into March and Delta
# "new" in February.
TRACKER = """Client,Month,Monthly retainer,Status
Acme Inc,2025-01,"$5,000",Active
Beta Ltd,2025-01,"$3,000",Active
Gamma GmbH,2025-01,"$4,000",Active
Acme Inc,2025-02,"$5,000",Active
Beta Ltd,2025-02,"$3,000",Active
Gamma GmbH,2025-02,"$4,000",Active
Delta,2025-02,,Prospect
Acme Inc,2025-03,"$5,000",Active
Beta Ltd,2025-03,$0,Churned
Gamma GmbH,2025-03,"$4,000",Active
Epsilon Co,2025-03,"$6,000",Active
"""


def test_a_churned_client_or_a_prospect_is_no_client_of_the_month(write_csv) -> None:  # type: ignore[no-untyped-def]
    # 2025-01 = {Acme, Beta, Gamma}, 2025-02 = {Acme, Beta, Gamma}: S 3, E 3, N 0: 3 / 3 = 100 %.
    # 2025-03 = {Acme, Gamma, Epsilon}: S 3, E 3, N 1 (Epsilon): (3 − 1) / 3 = 66.7 %.
    # Before: Delta made February 4 clients (N 1) and Beta stayed in March: 75 % for 66.7 %.
    code, out, err = run("retention", str(write_csv(TRACKER)), "-f", "json")
    assert code == 0, err
    assert pairs(out) == [
        ("2025-01", "2025-02", 3, 3, 0, 100.0),
        ("2025-02", "2025-03", 3, 3, 1, pytest.approx(2 / 3 * 100)),
    ]
    assert "1 Churned (row 10)" in err and "1 Prospect (row 8)" in err


def test_a_retainer_of_zero_is_no_billing(write_csv) -> None:  # type: ignore[no-untyped-def]
    # The same tracker without its Status: Beta's $0 retainer in March is what says it left.
    text = "\n".join(line.rsplit(",", 1)[0] for line in TRACKER.splitlines() if "Prospect" not in line)
    code, out, err = run("retention", str(write_csv(text + "\n")), "-f", "json")
    assert code == 0, err
    assert pairs(out)[-1] == ("2025-02", "2025-03", 3, 3, 1, pytest.approx(2 / 3 * 100))
    assert "Monthly retainer→amount" in err and "with an amount of 0 or less (row 9)" in err


# ------------------------------------------------------------------ deals that were not won

# A CRM's deal export read with the --map kpi suggests: Salesforce's opportunities report
# (Opportunity Name, Account Name, Close Date, Stage, Amount; StageName `Closed Won` /
# `Closed Lost`, as dbt models of the Opportunity object and the OpportunityHistory
# query in ms_salesforce_api read it) and HubSpot's deals (Deal Stage `Closed Won`,
# `Closed Lost` and the default pipeline's open stages such as `Appointment Scheduled`,
# `Contract Sent`: denchiuten/tsQueries reports/deal_stage_history.sql filters on won
# and closed-lost stages). A lost pitch and an open deal were counted as new clients.
SALESFORCE = """Opportunity Name,Account Name,Close Date,Stage,Amount
Acme - Q1,Acme Inc,2/15/2025,Closed Won,"$5,000.00"
Beta - Q1,Beta Ltd,2/15/2025,Closed Won,"$3,000.00"
Gamma - Q1,Gamma GmbH,2/15/2025,Closed Won,"$4,000.00"
Acme - Q2,Acme Inc,5/15/2025,Closed Won,"$5,000.00"
Gamma - Q2,Gamma GmbH,5/15/2025,Closed Won,"$4,000.00"
Theta - pitch,Theta,5/20/2025,Closed Lost,"$3,000.00"
Iota - pitch,Iota,6/10/2025,Negotiation/Review,"$2,000.00"
"""
HUBSPOT = """Record ID,Deal Name,Deal Stage,Close Date,Amount,Associated Company
101,Acme Q1,Closed Won,2025-02-15 10:00,5000,Acme Inc
102,Beta Q1,Closed Won,2025-02-15 10:00,3000,Beta Ltd
103,Gamma Q1,Closed Won,2025-02-15 10:00,4000,Gamma GmbH
104,Acme Q2,Closed Won,2025-05-15 10:00,5000,Acme Inc
105,Gamma Q2,Closed Won,2025-05-15 10:00,4000,Gamma GmbH
106,Theta pitch,Closed Lost,2025-05-20 09:00,3000,Theta
107,Iota pitch,Contract Sent,2025-06-10 09:00,2000,Iota
"""


@pytest.mark.parametrize(
    ("text", "maps"),
    [
        (SALESFORCE, ["--map", "Close Date=period"]),
        (HUBSPOT, ["--map", "Associated Company=client", "--map", "Close Date=period"]),
    ],
    ids=["salesforce", "hubspot"],
)
def test_lost_and_open_deals_are_no_clients(write_csv, text: str, maps: list[str]) -> None:  # type: ignore[no-untyped-def]
    # Q1 = {Acme, Beta, Gamma}: S 3. Q2 won = {Acme, Gamma}: E 2, N 0: (2 − 0) / 3 = 66.7 %.
    # Before: Theta and Iota made Q2 4 clients with N 2 (the rate, (4 − 2) / 3, happens to
    # agree: retained clients are the same), so the counts E 2 and N 0 are checked too.
    code, out, err = run("retention", str(write_csv(text)), "--period", "quarter", "-f", "json", *maps)
    assert code == 0, err
    assert pairs(out) == [("2025-Q1", "2025-Q2", 3, 2, 0, pytest.approx(2 / 3 * 100))]
    assert "Closed Lost" in err


# ------------------------------------------------------------------ a roster of start and end dates

# The other way agencies keep their client list: one row per client with the day it signed
# and the day it left, blank (or `Ongoing`) while it stays (retainer and roster templates:
# renewal and contract-end dates per client, corcava.com "Retainer Tracker Template";
# trykeepclient.com on staggered contract end dates). kpi refused it, suggesting
# --map 'Start date=period', which counts each client in its first month only: every
# pair 0 % "poor".
ROSTER = """Client,Start date,End date,Monthly retainer,Status
Acme Inc,2024-11-04,,"$5,000",Active
Beta Ltd,2024-12-01,2025-02-14,"$3,000",Churned
Gamma GmbH,2025-01-15,Ongoing,"$4,000",Active
Delta,2025-02-01,2025-02-28,"$2,500",Churned
Epsilon Co,2025-03-10,N/A,"$6,000",Active
Zeta,2025-03-01,,"$1,000",Prospect
"""


def test_a_roster_of_start_and_end_dates_counts_each_month_a_client_was_active(write_csv) -> None:  # type: ignore[no-untyped-def]
    # Months from each start to each end; blank, Ongoing and N/A run to 2025-03, the file's
    # latest date (Epsilon's start). Zeta is a prospect: no client.
    #   2024-11 {Acme}; 2024-12 {Acme, Beta}; 2025-01 {Acme, Beta, Gamma};
    #   2025-02 {Acme, Beta, Gamma, Delta}; 2025-03 {Acme, Gamma, Epsilon}.
    # 11 → 12: S 1, E 2, N 1: (2 − 1) / 1 = 100 %.   12 → 01: S 2, E 3, N 1: 2 / 2 = 100 %.
    # 01 → 02: S 3, E 4, N 1: 3 / 3 = 100 %.        02 → 03: S 4, E 3, N 1: (3 − 1) / 4 = 50 %.
    # Pooled: (1 + 2 + 3 + 2) / (1 + 2 + 3 + 4) = 8 / 10 = 80 %.
    code, out, err = run("retention", str(write_csv(ROSTER)), "-f", "json")
    assert code == 0, err
    assert pairs(out) == [
        ("2024-11", "2024-12", 1, 2, 1, 100.0),
        ("2024-12", "2025-01", 2, 3, 1, 100.0),
        ("2025-01", "2025-02", 3, 4, 1, 100.0),
        ("2025-02", "2025-03", 4, 3, 1, 50.0),
    ]
    assert json.loads(out)["total"]["kpis"]["client_retention_rate"]["value"] == pytest.approx(80.0)
    assert "using client, start_date, end_date, Monthly retainer→amount, status" in err
    assert "1 Prospect (row 7)" in err
    assert "3 clients with no end date counted through 2025-03, the file's latest date" in err


def test_a_roster_grouped_into_quarters(write_csv) -> None:  # type: ignore[no-untyped-def]
    # 2024-Q4 {Acme, Beta}; 2025-Q1 {Acme, Beta, Gamma, Delta, Epsilon}: S 2, E 5, N 3:
    # (5 − 3) / 2 = 100 %.
    code, out, err = run("retention", str(write_csv(ROSTER)), "--period", "quarter", "-f", "json")
    assert code == 0, err
    assert pairs(out) == [("2024-Q4", "2025-Q1", 2, 5, 3, 100.0)]


def test_a_client_marked_gone_without_an_end_date_is_asked(write_csv) -> None:  # type: ignore[no-untyped-def]
    # Beta churned but its end date is blank: counted as staying, it would be retained in
    # every month; kpi names the row and the fix.
    text = ROSTER.replace("2025-02-14", "")
    code, out, err = run("retention", str(write_csv(text)), "-q")
    assert code == 2 and out == ""
    assert "row 3" in err and "'Churned'" in err and "End date" in err
    assert len(err.strip().splitlines()) == 1


def test_an_end_before_its_start_is_named(write_csv) -> None:  # type: ignore[no-untyped-def]
    text = ROSTER.replace("2025-02-28", "2025-01-28")
    code, out, err = run("retention", str(write_csv(text)), "-q")
    assert code == 2 and out == ""
    assert "row 5" in err and "2025-01-28" in err and "before" in err


# ------------------------------------------------------------------ what the error suggests


def test_a_deal_export_is_refused_with_the_map_that_reads_it(write_csv) -> None:  # type: ignore[no-untyped-def]
    # HubSpot's deals: kpi suggested --map 'Deal Name=client', which makes every deal a client
    # of its own (each named once: 0 % retained). `Associated Company` is the client now; the
    # period is the close date, which kpi asks for.
    code, out, err = run("retention", str(write_csv(HUBSPOT)), "-q")
    assert code == 2 and out == ""
    assert "--map 'Close Date=period'" in err
    # Pipedrive's deals (`Deal - Title`, `Deal - Organization`, ...): the organization, not the title.
    pipedrive = (
        "Deal - Title,Deal - Organization,Deal - Status,Deal - Won time,Deal - Value\n"
        "Acme Q1,Acme Inc,won,2025-02-15 12:00:00,5000\n"
    )
    code, out, err = run("retention", str(write_csv(pipedrive, "pipedrive.csv")), "-q")
    assert code == 2 and "--map 'Deal - Organization=client'" in err


# ------------------------------------------------------------------ an invoice list in French


# An invoice list kept in French Excel and saved as "Texte Unicode" (UTF-16 with tabs, as
# Excel's Unicode text is: tests/fixtures/exports/README.md, google_ads_campaigns_excel.csv):
# Client, Date de facture, Montant with `1 000,00 €`. kpi refused it: "no period column ...
# --map 'Date de facture=period'".
def test_a_french_invoice_list_is_read_by_its_own_words(write_csv) -> None:  # type: ignore[no-untyped-def]
    # 2025-01 = {Acme, Beta, Gamma}, 2025-02 = {Acme, Beta, Gamma}: 3 / 3 = 100 %;
    # 2025-03 = {Acme, Gamma, Epsilon}: (3 − 1) / 3 = 66.7 %. Beta's March credit (−500,00 €) is none.
    months = {"01": "Acme Beta Gamma", "02": "Acme Beta Gamma", "03": "Acme Gamma Epsilon"}
    rows = "".join(
        f"{c}\t15/{m}/2025\t1\u202f000,00 €\r\n" for m, names in months.items() for c in names.split()
    )
    text = "Client\tDate de facture\tMontant\r\n" + rows + "Beta\t20/03/2025\t-500,00 €\r\n"
    code, out, err = run("retention", str(write_csv(text, "factures.txt", "utf-16")), "-f", "json")
    assert code == 0, err
    assert pairs(out) == [
        ("2025-01", "2025-02", 3, 3, 0, 100.0),
        ("2025-02", "2025-03", 3, 3, 1, pytest.approx(2 / 3 * 100)),
    ]
    assert "Date de facture→period" in err and "Montant→amount" in err


def test_a_rosters_dates_after_today_are_not_seen_yet(write_csv) -> None:  # type: ignore[no-untyped-def]
    # The roster as before with Acme's contract end planned for 2031-12-31 and a client signed
    # to start on 2031-01-01. Read as they are, every month up to 2031-12 held Acme and every
    # open-ended client: 85 pairs, 81 of them made-up months to come, pooled 262 / 264 =
    # 99.2 % for 80 %. A planned end leaves Acme a client through 2025-03, the file's latest
    # date that has happened; the future client is no client: the figures of the roster above.
    text = ROSTER.replace("Acme Inc,2024-11-04,,", "Acme Inc,2024-11-04,2031-12-31,")
    text += 'Theta,2031-01-01,,"$2,000",Active\n'
    code, out, err = run("retention", str(write_csv(text)), "-f", "json")
    assert code == 0, err
    assert pairs(out)[-1] == ("2025-02", "2025-03", 4, 3, 1, 50.0)
    assert json.loads(out)["total"]["kpis"]["client_retention_rate"]["value"] == pytest.approx(80.0)
    assert "1 end date after today" in err and "1 client starting after today left out (row 8)" in err


@pytest.mark.parametrize("spelling", ["{q}Q2025", "{q}Q25", "Q{q} '25"])
def test_quarters_as_finance_sheets_write_them(write_csv, spelling: str) -> None:  # type: ignore[no-untyped-def]
    # `1Q2025`, `1Q25` and `Q1 '25` were "not a period". Q1 = {A, B}, Q2 = {A, C}: S 2, E 2,
    # N 1: (2 − 1) / 2 = 50 %.
    q1, q2 = spelling.format(q=1), spelling.format(q=2)
    text = f"Client,Quarter\nA,{q1}\nB,{q1}\nA,{q2}\nC,{q2}\n"
    code, out, err = run("retention", str(write_csv(text)), "-f", "json")
    assert code == 0, err
    assert pairs(out) == [("2025-Q1", "2025-Q2", 2, 2, 1, 50.0)]


def test_a_roster_of_start_and_end_months(write_csv) -> None:  # type: ignore[no-untyped-def]
    # A roster kept by month (`Start month`, `End month`: `Nov 2024`, `Feb 2025`) was refused:
    # "'Nov 2024' is not a date". The months are the roster above's: the same figures, pooled 80 %.
    text = (
        "Client,Start month,End month,Status\nAcme Inc,Nov 2024,,Active\nBeta Ltd,Dec 2024,Feb 2025,Churned\n"
        "Gamma GmbH,Jan 2025,Ongoing,Active\nDelta,Feb 2025,Feb 2025,Churned\nEpsilon Co,Mar 2025,,Active\n"
    )
    code, out, err = run("retention", str(write_csv(text)), "-f", "json")
    assert code == 0, err
    assert pairs(out)[-1] == ("2025-02", "2025-03", 4, 3, 1, 50.0)
    assert json.loads(out)["total"]["kpis"]["client_retention_rate"]["value"] == pytest.approx(80.0)


def test_a_roster_that_has_not_started_says_what_to_do(write_csv) -> None:  # type: ignore[no-untyped-def]
    # Review R2: a roster whose every client starts after today was refused with no fix.
    path = write_csv("Client,Start,End,Status\nAcme,2097-01-01,,Active\nBeta,2097-02-01,,Active\n")
    code, out, err = run("retention", str(path))
    assert code == 2 and out == ""
    error = err.strip().splitlines()[-1]
    assert error.startswith("kpi: error:") and "no row has a start date in 'Start' up to today" in error
    assert "(the first, row 2, is after it)" in error and "fill in each client's start date" in error
