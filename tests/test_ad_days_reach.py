"""An ads manager's reach by day is each day's distinct people, not a count to add up (reach/s38).

Meta Ads Manager broken down by day (`Campaign name,Day,Reach,...`, Reporting starts = ends =
the day) gave reach 3,100 for three days of 1,000, 1,200 and 900 people, and frequency
4,500 / 3,100 = 1.45: a person reached on two days is in both days' figures. Reach and
frequency now have no figure for a group whose rows span more than one day; campaigns' rows
of one day still add up, as a whole-period export's campaigns do. Figures worked by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

META_DAYS = (
    "Campaign name,Day,Reach,Impressions,Link clicks,Amount spent (USD),Reporting starts,Reporting ends\n"
    "Spring,2025-03-01,1000,1500,20,50.00,2025-03-01,2025-03-01\n"
    "Spring,2025-03-02,1200,1700,25,55.00,2025-03-02,2025-03-02\n"
    "Spring,2025-03-03,900,1300,15,45.00,2025-03-03,2025-03-03\n"
)
WHY = (
    "'Reach' is the people reached in each row's day or period ('Day'): added up over several it "
    "counts a person again for every one they were reached in, so it is no reach of them together; "
    "export the whole date range as one report, without a breakdown by day or month, or see each "
    "day's with --by date"
)


def _reach(kpis: dict[str, Any]) -> tuple[Any, Any]:
    return kpis["reach"]["value"], kpis["frequency"]["value"]


def test_meta_days_have_no_reach_over_the_days(write_csv: Any, scored: Any) -> None:
    report, stderr = scored(write_csv(META_DAYS))
    assert "recognised as Meta Ads Manager export" in stderr
    kpis = report["total"]["kpis"]
    # not 1,000 + 1,200 + 900 = 3,100, nor frequency (1,500 + 1,700 + 1,300) / 3,100 = 1.45
    assert _reach(kpis) == (None, None)
    assert kpis["reach"]["reason"] == WHY
    assert kpis["frequency"]["reason"] == WHY
    assert kpis["impressions"]["value"] == 1500 + 1700 + 1300  # impressions still add up
    report, _ = scored(write_csv(META_DAYS), "--by", "date")
    days = [_reach(g["kpis"]) for g in report["groups"]]
    assert days == [
        (1000, pytest.approx(1500 / 1000)),  # 1.5
        (1200, pytest.approx(1700 / 1200)),  # 1.4167
        (900, pytest.approx(1300 / 900)),  # 1.4444
    ]
    assert _reach(report["total"]["kpis"]) == (None, None)  # the Total row: three days


def test_campaigns_of_one_day_add_up(write_csv: Any, scored: Any) -> None:
    # Two campaigns on 1 March (1,000 and 500 people), one on 2 March: the day of two campaigns
    # adds them up, as kpi does for a whole-period export of several campaigns.
    text = (
        META_DAYS.splitlines()[0]
        + "\n"
        + (
            "Spring,2025-03-01,1000,1500,20,50.00,2025-03-01,2025-03-01\n"
            "Summer,2025-03-01,500,900,10,30.00,2025-03-01,2025-03-01\n"
            "Spring,2025-03-02,1200,1700,25,55.00,2025-03-02,2025-03-02\n"
        )
    )
    report, _ = scored(write_csv(text), "--by", "date")
    assert [_reach(g["kpis"]) for g in report["groups"]] == [
        (1000 + 500, pytest.approx((1500 + 900) / (1000 + 500))),  # 1,500 people, 1.6
        (1200, pytest.approx(1700 / 1200)),
    ]
    assert _reach(report["total"]["kpis"]) == (None, None)  # two days
    # A file of that one day alone: its total is the day's, 1,000 + 500 = 1,500
    one_day = "\n".join(text.splitlines()[:3]) + "\n"
    report, _ = scored(write_csv(one_day, "one.csv"))
    assert _reach(report["total"]["kpis"]) == (1000 + 500, pytest.approx((1500 + 900) / 1500))


def test_by_campaign_over_several_days_has_no_reach(write_csv: Any, scored: Any) -> None:
    # Spring's three days: none; Summer's one day keeps its 500 people (frequency 900 / 500 = 1.8)
    text = META_DAYS + "Summer,2025-03-02,500,900,10,30.00,2025-03-02,2025-03-02\n"
    report, _ = scored(write_csv(text), "--by", "campaign")
    groups = {g["key"]["campaign"]: g["kpis"] for g in report["groups"]}
    assert _reach(groups["Spring"]) == (None, None)
    assert groups["Spring"]["reach"]["reason"] == WHY
    assert _reach(groups["Summer"]) == (500, pytest.approx(900 / 500))
    # --by date --period week: Saturday 1 and Sunday 2 March are two days of ISO week 9, no
    # reach of it; Monday 3 March alone is week 10's: 900 people, 1,300 / 900 = 1.4444
    report, _ = scored(write_csv(text), "--by", "date", "--period", "week")
    assert [g["key"]["date"] for g in report["groups"]] == ["2025-W09", "2025-W10"]
    assert [_reach(g["kpis"]) for g in report["groups"]] == [(None, None), (900, pytest.approx(1300 / 900))]


def test_whole_period_export_of_two_campaigns_adds_up(write_csv: Any, scored: Any) -> None:
    # Every row over the same period (Reporting starts 1 March, ends 31 March): each campaign's
    # reach of the month, added up as before: 3,000 + 2,000 = 5,000, frequency (4,500 + 2,600) / 5,000
    text = (
        "Campaign name,Reach,Impressions,Link clicks,Amount spent (USD),Reporting starts,Reporting ends\n"
        "Spring,3000,4500,60,150.00,2025-03-01,2025-03-31\n"
        "Summer,2000,2600,40,90.00,2025-03-01,2025-03-31\n"
    )
    report, _ = scored(write_csv(text))
    assert _reach(report["total"]["kpis"]) == (3000 + 2000, pytest.approx((4500 + 2600) / 5000))
    # March's export and April's scored together: two periods, whose people may be the same
    head, spring, _ = text.split("\n", 2)
    april = spring.replace("3000,4500", "2000,2600").replace("2025-03-01,2025-03-31", "2025-04-01,2025-04-30")
    report, _ = scored(write_csv(text, "march.csv"), write_csv(f"{head}\n{april}\n", "april.csv"))
    reach = report["total"]["kpis"]["reach"]  # not 3,000 + 2,000 + 2,000 = 7,000
    assert reach["value"] is None and reach["reason"].startswith(
        "'Reach' is the people reached in each row's day"
    )


def test_other_ads_managers_days_and_months(write_csv: Any, scored: Any) -> None:
    # An ads manager kpi has no profile of, one row a day of each campaign (sniff's
    # campaign_days): A 1,000 and 1,200 people, B 500 and 600, on 1 and 2 March.
    days = (
        "Date,Campaign Name,Reach,Impressions,Clicks,Spend\n"
        "2025-03-01,A,1000,1500,10,20.00\n2025-03-02,A,1200,1800,12,22.00\n"
        "2025-03-01,B,500,700,5,10.00\n2025-03-02,B,600,800,6,11.00\n"
    )
    report, _ = scored(write_csv(days))
    assert _reach(report["total"]["kpis"]) == (None, None)  # not 1,000 + 1,200 + 500 + 600 = 3,300
    report, _ = scored(write_csv(days), "--by", "date")
    assert [g["kpis"]["reach"]["value"] for g in report["groups"]] == [1000 + 500, 1200 + 600]
    # LinkedIn Campaign Manager by month: each month's members reached, not 3,000 + 3,500
    months = (
        "Start Date (in UTC),End Date (in UTC),Campaign Name,Impressions,Total Spent,Reach\n"
        "2025-01-01,2025-01-31,A,5000,100.00,3000\n2025-02-01,2025-02-28,A,6000,120.00,3500\n"
    )
    report, stderr = scored(write_csv(months, "linkedin.csv"))
    assert "recognised as LinkedIn Campaign Manager export" in stderr
    reach = report["total"]["kpis"]["reach"]
    assert reach["value"] is None and reach["reason"].startswith(
        "'Reach' is the people reached in each row's day or period ('Start Date (in UTC)')"
    )


def test_a_trackers_posts_by_day_keep_their_reach(write_csv: Any, scored: Any) -> None:
    # Posts, one a day: each post's reach, summed (the industry's "total reach"), as before:
    # 1,000 + 1,200 = 2,200
    text = (
        "Date,Handle,Post URL,Reach,Impressions\n"
        "2025-03-01,@a,https://www.instagram.com/p/AAA/,1000,1500\n"
        "2025-03-02,@a,https://www.instagram.com/p/BBB/,1200,1700\n"
    )
    report, _ = scored(write_csv(text))
    assert report["total"]["kpis"]["reach"]["value"] == 1000 + 1200
