"""An influencer platform's payments or incentives export (audit L-3): one row a payment to a
creator, not a post; spend is what was paid. Evidence (kpi_cli/profiles/influencer_payments.yaml):
- Later Influence's incentives export: Campaign, Influencer, Type, Description, Value (retail
  value), Cost (actual cost), Status (Pending, Ready, Fulfilled, Rejected, Draft), Readied,
  Fulfilled; "only Fulfilled incentives are included in cost reporting" (help-influence.later.com).
- Later Influence's transactions ledger: ID, Date, Type (Cash Payment, Gift Card Payment, Refund,
  Funds Increase, Funds Decrease), Recipient, Campaign; statuses Pending, Complete, Failed.
- Upfluence's payment requests: Influencer, Campaign Name, ..., Amount, Status (Unclaimed, Ready
  to pay, Paid) (help.upfluence.co, "Upfluence Payment Tool").
Every figure is worked out by hand below."""

from __future__ import annotations

from typing import Any

import pytest

LATER_INCENTIVES = (
    "System ID,Campaign,Influencer,Type,Description,Value,Cost,Status,Readied,Fulfilled,Tracking Number\n"
    "90001,Spring Glow,Mia Cook,Cash,Stripe,$500.00,$500.00,Fulfilled,05/01/2025,05/03/2025,\n"
    "90002,Spring Glow,Mia Cook,Product,Serum kit,$120.00,$35.00,Fulfilled,05/01/2025,05/02/2025,1Z999\n"
    "90003,Spring Glow,Leo Fit,Cash,Offline,$800.00,$800.00,Ready,05/04/2025,,\n"
    "90004,Spring Glow,Ana Style,Cash,Stripe,$300.00,$300.00,Rejected,,,\n"
    "90005,Spring Glow,Ana Style,Gift Card,Tango Card,$50.00,$50.00,Pending,,,\n"
    "90006,Spring Glow,Zoe Run,Product,Serum kit,$120.00,$35.00,Draft,,,\n"
)


def test_later_incentives_spend_is_the_fulfilled_incentives_cost(write_csv: Any, scored: Any) -> None:
    # Was: posts 3 (every row whose status was not known to be "not live"), spend 500 + 35 + 800
    # = $1,335 (the Ready $800 not paid yet), cost per post $445 "good".
    report, err = scored(str(write_csv(LATER_INCENTIVES)))
    kpis = report["total"]["kpis"]
    assert kpis["total_spend"]["value"] == 500 + 35  # Cost of the Fulfilled ones; Value never
    assert kpis["posts"]["value"] is None
    assert "payments to creators, not posts" in kpis["posts"]["reason"]
    assert kpis["cost_per_post"]["value"] is None
    assert kpis["activated_influencers"]["value"] == 1  # Mia Cook, the one creator paid
    said = " ".join(err.split())
    assert "recognised as influencer platform payments or incentives export" in said
    assert (
        "left out 4 rows whose 'Status' says no payment was made (not yet, or not to a creator): "
        "1 'Ready' (row 4), 1 'Rejected' (row 5), 1 'Pending' (row 6), 1 'Draft' (row 7)"
    ) in said


LATER_TRANSACTIONS = (
    "ID,Date,Type,Recipient,Campaign,Payment Account,Amount,Status\n"
    'T1005,05/01/2025 09:00 AM,Funds Increase,,,Stripe,"$5,000.00",Complete\n'
    "T1001,05/02/2025 10:14 AM,Cash Payment,@mia.cooks,Spring Glow,Stripe,$500.00,Complete\n"
    "T1002,05/03/2025 11:20 AM,Gift Card Payment,@leo.fit,Spring Glow,Tango Card,$50.00,Complete\n"
    "T1003,05/04/2025 02:05 PM,Cash Payment,@ana.style,Spring Glow,Stripe,$300.00,Failed\n"
    "T1004,05/04/2025 02:06 PM,Refund,@ana.style,Spring Glow,Stripe,$300.00,Complete\n"
    "T1006,05/06/2025 08:45 AM,Cash Payment,@ana.style,Spring Glow,Stripe,$300.00,Pending\n"
    'T1007,05/07/2025 04:30 PM,Funds Decrease,,,Stripe,"$1,000.00",Complete\n'
)


def test_later_transactions_spend_is_the_payments_made(write_csv: Any, scored: Any) -> None:
    # Was: posts 7 (each transaction, `Type` read as the post's format), no spend (`Amount`
    # unread). The payments made: 500 + 50 = $550. Not: the Failed $300 nor its Refund, the
    # Pending $300 (funds not moving yet), the Funds Increase and Decrease (no money moved).
    report, err = scored(str(write_csv(LATER_TRANSACTIONS)))
    kpis = report["total"]["kpis"]
    assert kpis["total_spend"]["value"] == 500 + 50
    assert kpis["posts"]["value"] is None
    assert kpis["activated_influencers"]["value"] == 2  # @mia.cooks, @leo.fit
    said = " ".join(err.split())
    assert "1 'Failed' (row 5), 1 'Pending' (row 7)" in said
    assert "1 'Funds Increase' (row 2), 1 'Refund' (row 6), 1 'Funds Decrease' (row 8)" in said


UPFLUENCE = (
    "Influencer,Campaign Name,Company,Billing Name,Authorized At,Submitted At,Amount,Email,Status\n"
    "mia.cooks,Spring Glow,Glow Co,Mia Cook,2025-05-02,2025-05-01,$500.00,mia@example.com,Paid\n"
    "leo.fit,Spring Glow,Glow Co,Leo Fit LLC,,2025-05-02,$250.00,leo@example.com,Ready to pay\n"
    "ana.style,Spring Glow,Glow Co,,,,$300.00,ana@example.com,Unclaimed\n"
)


def test_upfluence_payment_requests_spend_is_what_was_paid(write_csv: Any, scored: Any) -> None:
    # Was: posts 3, no spend (`Amount` unread). Paid: $500; Ready to pay $250 and Unclaimed
    # $300 are owed, not paid, and said (--map 'Status=ignore' counts them: $1,050).
    path = str(write_csv(UPFLUENCE))
    report, err = scored(path)
    kpis = report["total"]["kpis"]
    assert kpis["total_spend"]["value"] == 500
    assert kpis["posts"]["value"] is None
    assert "1 'Ready to pay' (row 3), 1 'Unclaimed' (row 4)" in " ".join(err.split())
    report, _ = scored(path, "--map", "Status=ignore")
    assert report["total"]["kpis"]["total_spend"]["value"] == 500 + 250 + 300


def test_a_tracker_with_a_type_column_is_no_payments_export(write_csv: Any, scored: Any) -> None:
    # `Type`, `Status`, `Cost` are words any tracker writes: without a header only payments
    # exports have (Readied, Recipient, Billing Name...) the rows stay posts: 2 posts, $300.
    text = (
        "Creator,Campaign,Type,Date,Views,Likes,Cost,Status\n"
        "@a,Spring,Reel,2025-05-01,1000,50,$100.00,Posted\n"
        "@b,Spring,Story,2025-05-02,2000,80,$200.00,Posted\n"
    )
    report, err = scored(str(write_csv(text)))
    kpis = report["total"]["kpis"]
    assert kpis["posts"]["value"] == 2
    assert kpis["total_spend"]["value"] == 100 + 200
    assert "payments" not in err


@pytest.mark.parametrize(
    "header",
    [
        "influencer,impressions,likes,spend",
        "post_id,influencer,impressions,spend",
        "Creator,Impressions,Likes,Comments",
    ],
)
def test_a_trackers_headers_stay_a_tracker_beside_the_payments_profile(header: str) -> None:
    """The payments profile also knows `Influencer` and `Cost`: a file without a header only
    payments exports write gives it no share of those headers' weight, so a plain tracker is
    recognised as before (it was no profile at all: its notes said nothing of a tracker)."""
    from kpi_cli.read.profiles import registry

    found = registry().match(header.split(","))
    assert found is not None and found.profile.id == "influencer_tracker"
