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
