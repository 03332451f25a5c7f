"""`kpi retention` on client lists as accounting and billing tools export them (audit k).

Every expected figure is worked out by hand in the test: retention = (E − N) / S × 100.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def rate(out: str) -> float:
    return float(json.loads(out)["total"]["kpis"]["client_retention_rate"]["value"])


# ------------------------------------------------------------------ the client column

# QuickBooks' Transaction List by Date: `Name` is the customer, `Account` the ledger
# account (A/R on every invoice row) and `Split` the opposing account. QuickBooks'
# transaction reports filter "By Customer" on `Name` (quickbooks-add-ons.com,
# "Transaction Reports", ch. 14-10); its import templates keep `Customer` apart from
# `Account`. In a CRM (Salesforce) `Account Name` is the customer, so `Account` stays a
# client header, read only when no Name/Customer/Client header is there.
QB_TXN = """Transaction List by Date
Northwind Influence LLC
"January 1 - June 30, 2025"

Date,Transaction Type,Num,Name,Memo/Description,Account,Split,Amount
2025-01-15,Invoice,1001,Bloom & Bark,Q1 retainer,Accounts Receivable (A/R),Services,"13,500.00"
2025-02-03,Invoice,1002,Driftwood Outdoors,Q1 retainer,Accounts Receivable (A/R),Services,"9,000.00"
2025-02-20,Invoice,1003,Umber Ceramics,Q1 retainer,Accounts Receivable (A/R),Services,"7,500.00"
2025-04-10,Invoice,1004,Bloom & Bark,Q2 retainer,Accounts Receivable (A/R),Services,"13,500.00"
2025-06-01,Invoice,1007,Saffron Spices,Q2 retainer,Accounts Receivable (A/R),Services,"6,750.00"
"""
# `Account` first, `Customer` after it.
ACCOUNT_FIRST = """Date,Transaction type,Num,Account,Customer,Memo/Description,Amount
2025-01-15,Invoice,1001,Accounts Receivable (A/R),Bloom & Bark,Q1 retainer,"13,500.00"
2025-02-03,Invoice,1002,Accounts Receivable (A/R),Driftwood Outdoors,Q1 retainer,"9,000.00"
2025-02-20,Invoice,1003,Accounts Receivable (A/R),Umber Ceramics,Q1 retainer,"7,500.00"
2025-04-10,Invoice,1004,Accounts Receivable (A/R),Bloom & Bark,Q2 retainer,"13,500.00"
2025-06-01,Invoice,1007,Accounts Receivable (A/R),Saffron Spices,Q2 retainer,"6,750.00"
"""


@pytest.mark.parametrize("text", [QB_TXN, ACCOUNT_FIRST], ids=["qb-name", "account-first"])
def test_the_customer_is_the_client_not_the_ledger_account(write, text: str) -> None:  # type: ignore[no-untyped-def]
    # Q1 = {Bloom & Bark, Driftwood, Umber}: S = 3. Q2 = {Bloom & Bark, Saffron}: E = 2, N = 1.
    # (2 − 1) / 3 = 33.3 %, poor: --fail-on poor exits 1 (it read 1 client, 100 %, before).
    path = write(text)
    code, out, err = run("retention", path, "--period", "quarter", "-f", "json", "--fail-on", "poor")
    assert code == 1, err
    assert rate(out) == pytest.approx(100 / 3)
    assert json.loads(out)["periods"][0]["clients"] == [
        "Bloom & Bark",
        "Driftwood Outdoors",
        "Umber Ceramics",
    ]


def test_a_ledger_account_is_never_the_client(write) -> None:  # type: ignore[no-untyped-def]
    # The transaction report without its Name column: only `Account` is left, and the
    # `Split` beside it says it is a ledger. One line, exit 2, naming the column.
    text = "\n".join(
        line.replace(",Name,", ",")
        .replace(",Bloom & Bark,", ",")
        .replace(",Driftwood Outdoors,", ",")
        .replace(",Umber Ceramics,", ",")
        .replace(",Saffron Spices,", ",")
        for line in QB_TXN.splitlines()
    )
    assert "Name" not in text and "Bloom" not in text
    code, out, err = run("retention", write(text + "\n"), "--period", "quarter", "-q")
    assert code == 2 and out == ""
    assert "column 'Account' is a ledger account" in err and "--map" in err
    assert len(err.strip().splitlines()) == 1


def test_one_account_in_every_row_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    # `Account` alone, no ledger column beside it, one value in all 4 rows: refused
    # (retention of one "client" is 100 % whatever happened).
    text = (
        "Account,Quarter\nAccounts Receivable (A/R),2025-Q1\nAccounts Receivable (A/R),2025-Q1\n"
        "Accounts Receivable (A/R),2025-Q2\nAccounts Receivable (A/R),2025-Q2\n"
    )
    code, out, err = run("retention", write(text), "-q")
    assert code == 2 and out == ""
    assert "'Account' holds one name, 'Accounts Receivable (A/R)', in every row" in err


# ------------------------------------------------------------------ rows that are not billing

# QuickBooks Online's Invoice List (dates in ISO): in Q2 Driftwood's only row is an invoice
# voided to 0.00, Umber's only row a Credit Memo of −2,500.00. QuickBooks' transaction
# types include CREDIT MEMO, ESTIMATES and PAYMENT beside INVOICE (wiki.smartsimple.com,
# "QuickBooks Column Headings"); a voided QBO invoice keeps its row with a zero amount.
QBO_INVOICES = """Northwind Influence LLC
Invoice List
"January - June, 2025"

Date,Transaction type,No.,Customer,Memo/Description,Due date,Amount,Open balance
2025-01-15,Invoice,1001,Bloom & Bark,Q1 retainer,2025-02-14,"13,500.00",0.00
2025-02-03,Invoice,1002,Driftwood Outdoors,Q1 retainer,2025-03-05,"9,000.00",0.00
2025-02-20,Invoice,1003,Umber Ceramics,Q1 retainer,2025-03-22,"7,500.00",0.00
2025-04-10,Invoice,1004,Bloom & Bark,Q2 retainer,2025-05-10,"13,500.00",0.00
2025-04-12,Invoice,1005,Driftwood Outdoors,Voided,2025-05-12,0.00,0.00
2025-05-02,Credit Memo,1006,Umber Ceramics,Refund Q1 overbilling,2025-05-02,"-2,500.00",0.00
2025-06-01,Invoice,1007,Saffron Spices,Q2 retainer,2025-07-01,"6,750.00","6,750.00"
TOTAL,,,,,,"47,750.00","6,750.00"
"""
# Stripe's invoice export: Status is draft | open | paid | uncollectible | void (Stripe,
# "How invoicing works": the invoice lifecycle). `Customer` is Stripe's cus_ ID.
STRIPE_INVOICES = """id,Number,Customer,Customer Name,Date (UTC),Currency,Amount Due,Total,Status
in_1A,AG-0001,cus_A1,Bloom & Bark,2025-01-15 10:00,usd,4500.00,4500.00,paid
in_1B,AG-0002,cus_B2,Driftwood Outdoors,2025-01-20 10:00,eur,3000.00,3000.00,paid
in_1C,AG-0003,cus_C3,Umber Ceramics,2025-01-28 10:00,usd,2500.00,2500.00,paid
in_1D,AG-0004,cus_A1,Bloom & Bark,2025-02-15 10:00,usd,4500.00,4500.00,open
in_1E,AG-0005,cus_B2,Driftwood Outdoors,2025-02-20 10:00,eur,0.00,3000.00,void
in_1F,,cus_C3,Umber Ceramics,2025-02-27 10:00,usd,2500.00,2500.00,draft
"""
# Stripe's payments export: Status Paid, Failed, Refunded (a failed charge and a full
# refund are no billing).
STRIPE_PAYMENTS = """id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,Customer Description
ch_3A1,2025-01-15 10:02:11,4500.00,0.00,usd,Paid,cus_A1,Bloom & Bark
ch_3A2,2025-01-20 09:00:00,3000.00,0.00,usd,Paid,cus_B2,Driftwood Outdoors
ch_3A3,2025-01-28 16:40:00,2500.00,0.00,usd,Paid,cus_C3,Umber Ceramics
ch_3A4,2025-02-15 10:02:11,4500.00,0.00,usd,Paid,cus_A1,Bloom & Bark
ch_3A5,2025-02-20 09:00:00,3000.00,0.00,usd,Failed,cus_B2,Driftwood Outdoors
ch_3A6,2025-02-27 16:40:00,2500.00,2500.00,usd,Refunded,cus_C3,Umber Ceramics
"""
# Xero's invoice export: Status DRAFT, SUBMITTED, AUTHORISED, PAID, VOIDED, DELETED.
XERO = """*ContactName,*InvoiceNumber,*InvoiceDate,Total,Currency,Status
Bloom & Bark Ltd,INV-0101,2025-01-15,5400.00,GBP,PAID
Driftwood Outdoors GmbH,INV-0102,2025-01-20,3570.00,EUR,PAID
Umber Ceramics Inc,INV-0103,2025-01-28,2500.00,USD,PAID
Bloom & Bark Ltd,INV-0104,2025-02-15,5400.00,GBP,AUTHORISED
Driftwood Outdoors GmbH,INV-0105,2025-02-20,3570.00,EUR,VOIDED
Umber Ceramics Inc,INV-0106,2025-02-27,2500.00,USD,DELETED
"""


def test_void_and_credit_memo_rows_are_not_activity(write) -> None:  # type: ignore[no-untyped-def]
    # Q1 = {Bloom & Bark, Driftwood, Umber}: S = 3. Q2 billed {Bloom & Bark, Saffron}: E = 2,
    # N = 1 (the voided 0.00 invoice and the −2,500.00 credit memo are left out).
    # (2 − 1) / 3 = 33.3 %, poor (it was 100 %: all three "active" in Q2).
    code, out, err = run("retention", write(QBO_INVOICES), "--period", "quarter", "-f", "json")
    assert code == 0, err
    assert rate(out) == pytest.approx(100 / 3)
    assert (
        "left out 2 rows that are no billing: 1 with an amount of 0 or less (row 10), 1 Credit Memo (row 11)"
        in err
    )


@pytest.mark.parametrize(
    ("text", "maps", "said"),
    [
        (STRIPE_INVOICES, ("--map", "Date (UTC)=period", "--map", "Customer Name=client"),
         "1 void (row 6), 1 draft (row 7)"),
        (STRIPE_PAYMENTS, ("--map", "Customer Description=client", "--map", "Created (UTC)=period"),
         "1 Failed (row 6), 1 Refunded (row 7)"),
        (XERO, ("--map", "*ContactName=client", "--map", "*InvoiceDate=period"),
         "1 VOIDED (row 6), 1 DELETED (row 7)"),
    ],
    ids=["stripe-invoices", "stripe-payments", "xero"],
)  # fmt: skip
def test_void_draft_failed_and_refunded_rows_are_not_activity(
    write, text: str, maps: tuple[str, ...], said: str
) -> None:  # type: ignore[no-untyped-def]
    # January: Bloom, Driftwood, Umber: S = 3. February billed: Bloom only (open invoice or
    # paid charge); Driftwood's is void/failed, Umber's draft/refunded/deleted: E = 1, N = 0.
    # (1 − 0) / 3 = 33.3 %, poor (it was 3 / 3 = 100 %).
    code, out, err = run("retention", write(text), *maps, "-f", "json")
    assert code == 0, err
    assert rate(out) == pytest.approx(100 / 3)
    assert f"left out 2 rows that are no billing: {said}" in err


# ------------------------------------------------------------------ totals rows

# A spreadsheet's client list with a `Total` row under each quarter's block.
SHEET_TOTALS = """Client,Quarter,Retainer
Bloom & Bark,2025-Q1,"$12,500"
Driftwood Outdoors,2025-Q1,"$9,000"
Umber Ceramics,2025-Q1,"$9,250"
Kelp Studio,2025-Q1,"$4,000"
Total,2025-Q1,"$34,750"
Bloom & Bark,2025-Q2,"$12,500"
Driftwood Outdoors,2025-Q2,"$9,000"
Umber Ceramics,2025-Q2,"$9,250"
Saffron Spices,2025-Q2,"$6,750"
Grand total,2025-Q2,"$37,500"
"""


def test_totals_rows_are_no_client(write) -> None:  # type: ignore[no-untyped-def]
    # Q1 = {Bloom, Driftwood, Umber, Kelp}: S = 4. Q2 = {Bloom, Driftwood, Umber, Saffron}:
    # E = 4, N = 1. (4 − 1) / 4 = 75.0 %, poor: --fail-on poor exits 1. Counting `Total`
    # as a client retained in both gave (5 − 1) / 5 = 80 %, good, exit 0.
    code, out, err = run("retention", write(SHEET_TOTALS), "-f", "json", "--fail-on", "poor")
    assert code == 1, err
    assert rate(out) == pytest.approx(75.0)
    assert all("otal" not in c for p in json.loads(out)["periods"] for c in p["clients"])
    assert "dropped row 6 ('Total'): a totals row" in err and "dropped row 11 ('Grand total')" in err


# ------------------------------------------------------------------ a Year column beside Quarter

# A sheet that splits the period in two columns, the usual way: Year 2024, Quarter Q3.
# Read from Year alone, "2024" held Q3 + Q4 and "2025" only Q1: 2024 → 2025 gave
# (3 − 1) / 4 = 50 %, and the quarters' rows were "listed again".
YEAR_QUARTER = """Client,Year,Quarter,Account manager,Retainer
Bloom & Bark,2024,Q3,Dana,"$12,500"
Driftwood Outdoors,2024,Q3,Dana,"$9,000"
Umber Ceramics,2024,Q3,Priya,"$9,250"
Saffron Spices,2024,Q3,Priya,"$6,750"
Bloom & Bark,2024,Q4,Dana,"$12,500"
Driftwood Outdoors,2024,Q4,Dana,"$9,000"
Bloom & Bark,2025,Q1,Dana,"$12,500"
Kelp Studio,2025,Q1,Priya,"$4,000"
Driftwood Outdoors,2025,Q1,Dana,"$9,000"
"""


def test_quarter_takes_its_year_from_the_year_column(write) -> None:  # type: ignore[no-untyped-def]
    # 2024-Q3 = {Bloom, Driftwood, Umber, Saffron} → 2024-Q4 = {Bloom, Driftwood}: (2 − 0) / 4 = 50 %.
    # 2024-Q4 → 2025-Q1 = {Bloom, Kelp, Driftwood}: (3 − 1) / 2 = 100 %. Pooled (2 + 2) / (4 + 2) = 66.7 %.
    code, out, err = run("retention", write(YEAR_QUARTER), "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [p["period"] for p in doc["periods"]] == ["2024-Q3", "2024-Q4", "2025-Q1"]
    assert [g["kpis"]["client_retention_rate"]["value"] for g in doc["groups"]] == [50.0, 100.0]
    assert rate(out) == pytest.approx(4 / 6 * 100)
    assert doc["duplicate_rows"] == 0
    assert "9 rows write the period without a year (Q3); the Year column gives it" in err
    # Years alone still read as years: 2024 = {A, B} → 2025 = {A}: (1 − 0) / 2 = 50 %.
    code, out, err = run(
        "retention", write("Client,Year\nA,2024\nB,2024\nA,2025\n", "years.csv"), "-f", "json"
    )
    assert code == 0, err
    assert rate(out) == pytest.approx(50.0)


def _rate(path: str) -> float:
    result = CliRunner().invoke(app, ["retention", path, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["total"]["kpis"]["client_retention_rate"]["value"]


def test_a_credit_written_cr_is_no_billing(write_csv) -> None:  # type: ignore[no-untyped-def]
    # Audit x #1: `2500.00 CR` (a ledger's credit) counted as billing: 3 of 3 retained, 100%.
    text = (
        "Customer,Date,Amount\nBloom & Bark,2025-01-15,4500.00\nDriftwood Outdoors,2025-01-20,3000.00\n"
        "Umber Ceramics,2025-01-28,2500.00\nBloom & Bark,2025-02-15,4500.00\n"
        "Driftwood Outdoors,2025-02-20,3000.00\nUmber Ceramics,2025-02-27,2500.00 CR\n"
    )
    assert _rate(str(write_csv(text))) == pytest.approx(2 / 3 * 100)  # 66.7%, as for -2500.00


@pytest.mark.parametrize("label", ["'Total", "Q1 total", "Total Q1-Q2"])
def test_totals_rows_of_a_sheet_kept_by_hand_are_no_clients(write_csv, label: str) -> None:  # type: ignore[no-untyped-def]
    # Audit x #2: S = 4 (Q1), E = 4, N = 1 (Saffron), retained 3: 3 / 4 = 75%; the total
    # row as a client made it 4 / 5 = 80% ("good" for "poor").
    q2 = label.replace("Q1 total", "Q2 total")
    text = (
        "Client,Quarter,Retainer\n"
        'Bloom & Bark,2025-Q1,"$12,500"\nDriftwood Outdoors,2025-Q1,"$9,000"\n'
        'Umber Ceramics,2025-Q1,"$9,250"\nKelp Studio,2025-Q1,"$4,000"\n'
        f'{label},2025-Q1,"$34,750"\n'
        'Bloom & Bark,2025-Q2,"$12,500"\nDriftwood Outdoors,2025-Q2,"$9,000"\n'
        'Umber Ceramics,2025-Q2,"$9,250"\nSaffron Spices,2025-Q2,"$6,750"\n'
        f'{q2},2025-Q2,"$37,500"\n'
    )
    assert _rate(str(write_csv(text))) == pytest.approx(3 / 4 * 100)


def test_invoice_dates_as_quickbooks_and_xero_write_them(write_csv) -> None:  # type: ignore[no-untyped-def]
    # Audit x #4 (audit k): QuickBooks' US invoice list writes 01/15/2025, Xero 15 Jan 2025;
    # both were refused. Q1: Bloom, Driftwood; Q2: Bloom, Saffron: 1 of 2 retained, 50%.
    us = "Customer,Date\nBloom,01/15/2025\nDriftwood,02/20/2025\nBloom,04/10/2025\nSaffron,06/01/2025\n"
    named = us.replace("01/15/2025", "15 Jan 2025").replace("02/20/2025", '"Feb 20, 2025"')
    named = named.replace("04/10/2025", "10-Apr-2025").replace("06/01/2025", "1 Jun 2025")
    eu = us.replace("01/15/2025", "15.01.2025").replace("02/20/2025", "20.02.2025")
    eu = eu.replace("04/10/2025", "10.04.2025").replace("06/01/2025", "01.06.2025")
    for text in (us, named, eu):
        result = CliRunner().invoke(
            app, ["retention", str(write_csv(text)), "--period", "quarter", "-f", "json"]
        )
        assert result.exit_code == 0, result.output
        rate = json.loads(result.stdout)["total"]["kpis"]["client_retention_rate"]["value"]
        assert rate == pytest.approx(1 / 2 * 100)


def test_dates_no_row_tells_day_or_month_first_are_refused(write_csv) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        app, ["retention", str(write_csv("Client,Date\nA,01/02/2025\nB,02/03/2025\n"))]
    )
    assert result.exit_code == 2
    assert "'01/02/2025' could be read day first or month first" in result.stderr


def test_a_client_written_with_and_without_accents_is_one(write_csv) -> None:  # type: ignore[no-untyped-def]
    # Audit x #5: `Café Noir` in Q1 and `Cafe Noir` in Q2 were two clients: 1 of 2 retained,
    # 50%; one client retained with Bloom: 2 of 2, 100%, and stderr says so.
    text = "Client,Quarter\nCafé Noir,2025-Q1\nBloom,2025-Q1\nCafe Noir,2025-Q2\nBloom,2025-Q2\n"
    result = CliRunner().invoke(app, ["retention", str(write_csv(text)), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["kpis"]["client_retention_rate"]["value"] == pytest.approx(100)
    assert "'Café Noir' = 'Cafe Noir' counted as one client" in result.stderr


def test_only_latin_accents_are_set_aside_and_colones_are_no_credit(write_csv) -> None:  # type: ignore[no-untyped-def]
    # Audit z #4: ピーチ (peach) and ビーチ (beach), Мой and Мои differ by a letter, not an
    # accent: Q1 {A, B, Sony}, Q2 {A, Sony}: S = 3, E = 2, N = 0, 2 / 3 = 66.7%.
    for a, b in (("ピーチ", "ビーチ"), ("Мой Дом", "Мои Дом")):
        text = f"Client,Quarter\n{a},2025-Q1\n{b},2025-Q1\nSony,2025-Q1\n{a},2025-Q2\nSony,2025-Q2\n"
        assert _rate(str(write_csv(text))) == pytest.approx(2 / 3 * 100)
    # #5: `CR₡1.250.000` is an amount in Costa Rican colones, not a credit: 2 of 3 retained.
    text = (
        "Customer,Date,Amount\nCafé Britt,2025-01-10,CR₡1.250.000\nDos Pinos,2025-01-12,$900.00\n"
        "Florida,2025-01-20,$400.00\nCafé Britt,2025-02-10,CR₡1.250.000\nDos Pinos,2025-02-12,$900.00\n"
    )
    assert _rate(str(write_csv(text))) == pytest.approx(2 / 3 * 100)


def test_invoice_dates_are_read_by_the_one_date_reader(write_csv) -> None:  # type: ignore[no-untyped-def]
    # retention reads dates with read/dates.py, as kpi score does: a French invoice list's
    # `15 janv. 2025` (refused before), dotted dates with no day above 12 (day first, as
    # dots are written), two-digit years. Q1: A, B; Q2: A, C: 1 of 2 retained, 50%.
    french = "Client,Date\nA,15 janv. 2025\nB,20 févr. 2025\nA,10 avr. 2025\nC,1 juin 2025\n"
    dots = "Client,Date\nA,01.02.2025\nB,02.03.2025\nA,01.05.2025\nC,02.06.2025\n"  # May, June: Q2
    short = "Client,Date\nA,01/15/25\nB,02/20/25\nA,04/10/25\nC,06/01/25\n"
    for text in (french, dots, short):
        result = CliRunner().invoke(
            app, ["retention", str(write_csv(text)), "--period", "quarter", "-f", "json"]
        )
        assert result.exit_code == 0, result.output
        rate = json.loads(result.stdout)["total"]["kpis"]["client_retention_rate"]["value"]
        assert rate == pytest.approx(1 / 2 * 100)


def test_dates_written_two_ways_in_one_column_are_refused(write_csv) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        app, ["retention", str(write_csv("Client,Date\nA,01/15/2025\nB,06-01-2025\n"))]
    )
    assert result.exit_code == 2
    assert "row 3, column period: '06-01-2025' is written unlike '01/15/2025' (row 2)" in result.stderr


# ------------------------------------------------------------------ accounting tools' headers (audit I-1)

# Xero's invoice export, one row per line item (ContactName, InvoiceDate, Type, Status).
XERO_LINES = """ContactName,EmailAddress,InvoiceNumber,InvoiceDate,DueDate,Total,LineAmount,Type,Status
Acme Ltd,a@acme.com,INV-001,15/01/2025,14/02/2025,6000.00,5000.00,Sales invoice,Paid
Acme Ltd,a@acme.com,INV-001,15/01/2025,14/02/2025,6000.00,0.00,Sales invoice,Paid
Bolt Limited,b@bolt.com,INV-002,20/01/2025,19/02/2025,1200.00,1000.00,Sales invoice,Paid
Cora & Sons,c@cora.com,INV-003,03/02/2025,05/03/2025,2400.00,2000.00,Sales invoice,Awaiting Payment
Dune,d@dune.com,INV-004,13/02/2025,15/03/2025,600.00,500.00,Sales invoice,Voided
Acme Limited,a@acme.com,INV-005,14/04/2025,14/05/2025,6000.00,5000.00,Sales invoice,Awaiting Payment
Bolt Limited,b@bolt.com,CN-001,22/04/2025,22/04/2025,1200.00,-1000.00,Sales credit note,Paid
Cora and Sons,c@cora.com,INV-006,02/05/2025,01/06/2025,2400.00,2000.00,Sales invoice,Draft
Egg,e@egg.com,INV-007,30/05/2025,29/06/2025,900.00,750.00,Sales invoice,Awaiting Payment
"""
# QuickBooks Online's invoice import layout (InvoiceNo, Customer, InvoiceDate, ...).
QBO_IMPORT = """InvoiceNo,Customer,InvoiceDate,DueDate,ItemDescription,ItemAmount
1001,Acme Ltd,01/15/2025,02/14/2025,Retainer,5000
1002,Bolt Limited,01/20/2025,02/19/2025,Campaign,1000
1003,Cora & Sons,02/03/2025,03/05/2025,Campaign,2000
1005,Acme Limited,04/14/2025,05/14/2025,Retainer,5000
1007,Egg,05/30/2025,06/29/2025,Campaign,750
"""
# FreshBooks' invoice details (Client Name, Invoice #, Date Issued, Date Due, Invoice Status).
FRESHBOOKS = """Client Name,Invoice #,Date Issued,Date Due,Invoice Status,Date Paid,Line Total,Currency
Acme Ltd,INV-001,2025-01-15,2025-02-14,paid,2025-02-01,5000.00,USD
Bolt Limited,INV-002,2025-01-20,2025-02-19,paid,2025-02-10,1000.00,USD
Cora & Sons,INV-003,2025-02-03,2025-03-05,sent,,2000.00,USD
Dune,INV-004,2025-02-13,2025-03-15,draft,,500.00,USD
Acme Limited,INV-005,2025-04-14,2025-05-14,sent,,5000.00,USD
Egg,INV-007,2025-05-30,2025-06-29,overdue,,750.00,USD
"""
# Stripe's payments export (Created date (UTC), Customer Name, Status).
STRIPE = """id,Created date (UTC),Amount,Amount Refunded,Currency,Status,Customer Email,Customer Name
ch_1,2025-01-15 10:00:00,5000.00,0.00,usd,Paid,a@acme.com,Acme Ltd
ch_2,2025-01-20 11:30:00,1000.00,0.00,usd,Paid,b@bolt.com,Bolt Limited
ch_3,2025-02-03 09:00:00,2000.00,0.00,usd,Paid,c@cora.com,Cora & Sons
ch_4,2025-02-13 09:00:00,500.00,0.00,usd,Failed,d@dune.com,Dune
ch_5,2025-04-14 12:00:00,5000.00,0.00,usd,Paid,a@acme.com,Acme Limited
ch_6,2025-05-30 16:45:00,750.00,0.00,usd,Paid,e@egg.com,Egg
"""


@pytest.mark.parametrize(
    "text", [XERO_LINES, QBO_IMPORT, FRESHBOOKS, STRIPE], ids=["xero", "qbo", "freshbooks", "stripe"]
)
def test_accounting_exports_are_read_without_a_map(write, text: str) -> None:  # type: ignore[no-untyped-def]
    # 2025-Q1 = {Acme, Bolt, Cora & Sons} (Dune's row is Voided / draft / Failed, or absent):
    # S = 3. 2025-Q2 = {Acme, Egg} (Xero: Bolt's is a credit note, Cora's a Draft): E = 2,
    # N = 1 (Egg). Retained = E − N = 1; rate (2 − 1) / 3 × 100 = 33.3 %.
    code, out, err = run("retention", write(text), "--period", "quarter", "-f", "json", "-q")
    assert code == 0, err
    kpis = json.loads(out)["total"]["kpis"]
    assert [kpis[k]["value"] for k in ("clients_start", "clients_end", "clients_new")] == [3, 2, 1]
    assert rate(out) == pytest.approx((2 - 1) / 3 * 100)


def test_a_xero_credit_note_is_no_billing_by_its_type(write) -> None:  # type: ignore[no-untyped-def]
    # The credit note's Total is written positive here: its Type alone leaves it out.
    # Q2 = {Acme, Egg} whatever the amount: E = 2, retained 1 of S = 3.
    code, out, err = run("retention", write(XERO_LINES), "--period", "quarter", "-f", "json")
    assert code == 0, err
    assert "1 Sales credit note (row 8)" in err
    assert rate(out) == pytest.approx(100 / 3)


def test_no_client_column_names_the_headers_and_the_map(write) -> None:  # type: ignore[no-untyped-def]
    # Nothing names the client: the error says which headers were not read and how to --map one,
    # guessing the header whose name says contact.
    path = write("Contact Person,Invoice Date,Total\nAcme,2025-01-05,10\nBolt,2025-04-05,10\n")
    code, out, err = run("retention", path, "-q")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "no client column" in err and "'Contact Person'" in err
    assert "--map 'Contact Person=client'" in err


@pytest.mark.parametrize("text", [STRIPE_INVOICES, XERO], ids=["stripe-invoices", "xero-template"])
def test_stripe_and_xero_headers_need_no_map(write, text: str) -> None:  # type: ignore[no-untyped-def]
    # As test_void_draft_failed_and_refunded_rows_are_not_activity, without its --maps: Stripe's
    # `Date (UTC)` and `Customer` (its cus_ ID), Xero's `*InvoiceDate` and `*ContactName`.
    # January {Bloom, Driftwood, Umber}: S = 3; February billed {Bloom}: E = 1, N = 0; 1 / 3.
    code, out, err = run("retention", write(text), "-f", "json", "-q")
    assert code == 0, err
    assert rate(out) == pytest.approx((1 - 0) / 3 * 100)
