"""The formulas at their edges (audit B): each ratio over the rows (or posts) where all its
inputs are known, said in a note; the real reason when the paired rows sum to 0; no verdict
on a spend below zero; impossible rows said on stderr; money kpi cannot read to the cent
refused. Every figure is worked out by hand below.

Bands used (benchmarks.yaml, no tier): cost per post good $100–$500, poor above $500; ROAS
poor below 1×; CPM poor above $45.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from kpi_cli import kpis as kp
from kpi_cli.cli import app
from kpi_cli.kpis import Aggregator, compute_kpis

runner = CliRunner()


def _total(scored: Any, path: str, *args: str) -> dict[str, Any]:
    report, _ = scored(path, *args)
    return report["total"]["kpis"]


# ---------------------------------------------------------------- B-1: cost per post, paired


def test_cost_per_post_leaves_out_the_posts_whose_spend_is_blank(write: Any, scored: Any) -> None:
    # A tracker where spend was filled for one post of four (audit B's cpp_blank.csv).
    path = write(
        "post_id,influencer,followers,impressions,likes,spend\n"
        "p1,alice,20000,1000,50,600.00\n"
        "p2,bob,30000,2000,60,\n"
        "p3,carol,40000,3000,70,\n"
        "p4,dan,50000,4000,80,\n"
    )
    kpis = _total(scored, path)
    assert kpis["posts"]["value"] == 4  # every post is a post
    cpp = kpis["cost_per_post"]
    assert cpp["value"] == 600.0  # 600 / 1 (p1 alone has a known spend), not 600 / 4 = $150 good
    assert cpp["verdict"] == "poor"  # > $500
    assert cpp["notes"] == ["on 1 of 4 posts"]
    assert cpp["missing"] == {"spend": 3}
    # CPM stood on p1 already: 600 / 1000 × 1000
    assert kpis["cpm"]["value"] == 600.0 and kpis["cpm"]["notes"] == ["on 1 of 4 rows"]


def test_a_ratio_of_spend_says_how_much_of_the_spend_it_stands_on(write: Any, scored: Any) -> None:
    # Audit G-6: an ads export (spend and revenue) with a fee sheet (spend alone). ROAS stands
    # on the ads' rows: 2,800 / 1,000 = 2.8; the fees' 1,300 are 1,300 / 2,300 = 56.5% of the
    # spend, so the note says 1,000 / 2,300 = 43.48%, shown 43%. The row count alone read as
    # gaps in the revenue data.
    path = write(
        "campaign,influencer,impressions,spend,revenue\n"
        "Spring,,50000,400.00,1600.00\n"
        "Spring,,70000,600.00,1200.00\n"
        ",Mia,,500.00,\n"
        ",Leo,,800.00,\n"
    )
    kpis = _total(scored, path)
    assert kpis["total_spend"]["value"] == 2300.0
    assert kpis["roas"]["value"] == pytest.approx(2800 / 1000)
    assert "on 2 of 4 rows, 43% of the spend" in kpis["roas"]["notes"]
    assert "on 2 of 4 rows, 43% of the spend" in kpis["cpm"]["notes"]  # 1,000 / 120,000 × 1000
    # b's spend is blank: ROAS stands on 1 of 2 rows but on all of the spend, so no share.
    kpis = _total(scored, write("influencer,impressions,spend,revenue\na,1000,10,20\nb,1000,,5\n"))
    assert kpis["roas"]["value"] == 2.0 and kpis["roas"]["notes"] == ["on 1 of 2 rows"]  # 20 / 10


def test_cost_per_post_pairs_in_each_group(write: Any, scored: Any) -> None:
    # Audit B's grp_missing.csv: alice's p3 has no spend.
    path = write(
        "post_id,influencer,impressions,clicks,spend\n"
        "p1,alice,1000,10,10.00\n"
        "p2,alice,1000,,10.00\n"
        "p3,alice,1000,30,\n"
        "p4,bob,2000,20,20.00\n"
        "p5,bob,,20,20.00\n"
    )
    report, _ = scored(path, "--by", "influencer")
    groups = {g["key"]["influencer"]: g["kpis"]["cost_per_post"] for g in report["groups"]}
    assert groups["alice"]["value"] == 10.0  # (10 + 10) / 2, not 20 / 3 = $6.67
    assert groups["alice"]["notes"] == ["on 2 of 3 posts"]
    assert groups["bob"]["value"] == 20.0  # (20 + 20) / 2, every post has spend
    assert "notes" not in groups["bob"]  # every post has spend
    total = report["total"]["kpis"]["cost_per_post"]
    assert total["value"] == 15.0  # (10 + 10 + 20 + 20) / (5 - 1)
    assert total["notes"] == ["on 4 of 5 posts"]


def test_a_post_with_spend_on_one_of_its_rows_stays_in(write: Any, scored: Any) -> None:
    # Post a is listed on two days, its fee on the first; post b has no fee on any row; a row
    # without a post ID and without spend is a post of its own, with no known spend.
    path = write(
        "post_id,date,influencer,impressions,spend\n"
        "a,2025-03-01,alice,1000,300.00\n"
        "a,2025-03-02,alice,500,\n"
        "b,2025-03-02,bob,800,\n"
        ",2025-03-02,carol,900,\n"
    )
    report, _ = scored(path, "--by", "date")
    total = report["total"]["kpis"]
    assert total["posts"]["value"] == 3  # a, b and the row without an ID
    assert total["cost_per_post"]["value"] == 300.0  # 300 / 1: a alone has a known spend
    assert total["cost_per_post"]["notes"] == ["on 1 of 3 posts"]
    days = {g["key"]["date"]: g["kpis"]["cost_per_post"] for g in report["groups"]}
    assert days["2025-03-01"]["value"] == 300.0  # 300 / 1
    # 2 March: a, b and the ID-less row, none with spend that day: no figure, and why
    assert days["2025-03-02"]["value"] is None
    assert days["2025-03-02"]["reason"] == "spend blank in every row"


def test_posts_whose_spend_is_in_another_file_stay_in(write: Any, scored: Any) -> None:
    # A content export without spend and a fee sheet (one row per creator, money only: its rows
    # are no posts). The spend lives in the fee sheet: every post counts, as before.
    posts = write(
        "post_id,influencer,impressions,likes\np1,alice,1000,50\np2,alice,2000,60\np3,bob,3000,70\n",
        "posts.csv",
    )
    fees = write("influencer,spend\nalice,400.00\nbob,\n", "fees.csv")
    kpis = _total(scored, posts, fees)
    assert kpis["posts"]["value"] == 3
    assert kpis["cost_per_post"]["value"] == pytest.approx(400 / 3)  # $133.33: bob's blank fee is no post
    assert "notes" not in kpis["cost_per_post"]


def test_rows_without_ids_count_their_posts_and_leave_those_without_spend(write: Any, scored: Any) -> None:
    # No post IDs: each row is a post. 2 of 3 rows have spend: (100 + 200) / 2.
    path = write("influencer,impressions,spend\nalice,1000,100.00\nbob,2000,\ncarol,3000,200.00\n")
    cpp = _total(scored, path)["cost_per_post"]
    assert cpp["value"] == 150.0
    assert cpp["notes"] == ["on 2 of 3 posts"]


def test_distinct_posts_without_spend_survive_the_squeeze(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past _COMPACT_AT stored rows each (post, group) pair is kept once: the posts without
    spend must still be told from those with spend on some row. Squeezed after 4 rows here."""
    monkeypatch.setattr(kp, "_COMPACT_AT", 4)
    batches = [  # (post, group, spend): None is a blank spend cell
        [("a", "x", 100.0), ("b", "x", None), ("c", "y", None), ("d", "y", 50.0)],
        [("b", "x", 20.0), ("c", "y", None), ("e", "x", None), ("a", "y", None)],
        [("e", "x", None), ("c", "x", 30.0), ("f", "y", None), ("f", "y", None)],
    ]
    for by in ([], ["influencer"]):
        agg = Aggregator(by=by)
        for rows in batches:
            agg.add(
                pd.DataFrame(
                    {
                        "post_id": pd.array([p for p, _, _ in rows], dtype="string"),
                        "influencer": [g for _, g, _ in rows],
                        "impressions": np.full(len(rows), 100, dtype=np.int64),
                        "spend": [np.nan if v is None else v for _, _, v in rows],
                    }
                )
            )
        result = compute_kpis(agg.result())
        cpp = {key: {k.id: k for k in kpis}["cost_per_post"] for key, kpis in result.items()}
        if not by:
            # Posts a-f: 6. With spend on some row: a (100), b (20), c (30 in x), d (50): 4.
            (total,) = cpp.values()
            assert total.value == pytest.approx((100 + 20 + 30 + 50) / 4)  # $50
            assert total.notes == ["on 4 of 6 posts"]
        else:
            # x: a, b, e, c → a (100), b (20), c (30) have spend: 150 / 3; e none.
            assert cpp["x"].value == pytest.approx((100 + 20 + 30) / 3)
            assert cpp["x"].notes == ["on 3 of 4 posts"]
            # y: c, d, a, f → d alone (50) has spend there: 50 / 1.
            assert cpp["y"].value == pytest.approx(50 / 1)
            assert cpp["y"].notes == ["on 1 of 4 posts"]


# ---------------------------------------------------------------- B-6: a verdict on the paired spend


def test_roas_on_a_negative_paired_spend_has_no_verdict(write: Any, scored: Any) -> None:
    # p1: spend 500, revenue blank; p2: revenue 100 on a refund of -50 (audit B's neg_paired.csv).
    path = write(
        "post_id,influencer,impressions,clicks,revenue,spend\n"
        "p1,alice,1000,10,,500.00\n"
        "p2,bob,,,100.00,-50.00\n"
    )
    kpis = _total(scored, path)
    assert kpis["total_spend"]["value"] == 450.0  # 500 - 50: the total is above zero
    roas, roi = kpis["roas"], kpis["roi"]
    assert roas["value"] == -2.0  # 100 / -50 (p2 alone has revenue)
    assert roi["value"] == -300.0  # (100 - (-50)) / -50 × 100
    for kpi in (roas, roi):
        assert kpi["verdict"] is None  # was "poor"
        assert "no verdict: the spend it stands on is below zero" in kpi["notes"]
    assert kpis["cpm"]["value"] == 500.0 and kpis["cpm"]["verdict"] == "poor"  # 500 / 1000 × 1000, on p1


def test_a_cost_on_a_negative_paired_spend_has_no_verdict(write: Any, scored: Any) -> None:
    # The refund sits on the one row with impressions: CPM = -50 / 1000 × 1000 = -$50, which
    # the bands (lower is better) would call good; the total spend (450) is above zero.
    path = write("post_id,influencer,impressions,spend\np1,alice,,500.00\np2,bob,1000,-50.00\n")
    cpm = _total(scored, path)["cpm"]
    assert cpm["value"] == -50.0
    assert cpm["verdict"] is None
    assert "no verdict: the spend it stands on is below zero" in cpm["notes"]


# ---------------------------------------------------------------- B-2: every paired ratio says so


def test_engagement_ratios_say_on_how_many_rows_they_stand(write: Any, scored: Any) -> None:
    path = write(
        "post_id,influencer,followers,impressions,likes,comments,shares,saves,spend\n"
        "p1,alice,10000,1000,50,5,,2,100.00\n"  # engagements 57
        "p2,bob,20000,2000,60,,3,,200.00\n"  # 63
        "p3,carol,,3000,,,,,\n"  # no engagements
        "p4,dan,40000,,70,7,7,7,300.00\n"  # 91, no impressions
    )
    kpis = _total(scored, path)
    er = kpis["engagement_rate"]
    assert er["value"] == pytest.approx((57 + 63) / (1000 + 2000) * 100)  # 4 %: p1, p2
    assert er["notes"] == ["on 2 of 4 rows"]
    erf = kpis["engagement_rate_by_followers"]
    assert erf["value"] == pytest.approx((57 + 63 + 91) / (10000 + 20000 + 40000) * 100)  # p1, p2, p4
    assert erf["notes"] == ["on 3 of 4 rows"]
    cpe = kpis["cpe"]
    assert cpe["value"] == pytest.approx((100 + 200 + 300) / (57 + 63 + 91))  # $2.84: p1, p2, p4
    assert cpe["notes"] == ["on 3 of 4 rows"]


# ---------------------------------------------------------------- B-5: the real reason


def test_a_paired_denominator_of_zero_says_so_not_no_row_has_both(write: Any, scored: Any) -> None:
    # p1 has conversions 2 and clicks 0 (both known); p2 clicks 100, conversions blank.
    path = write("post_id,influencer,impressions,clicks,conversions\np1,alice,1000,0,2\np2,bob,1000,100,\n")
    cr = _total(scored, path)["conversion_rate"]
    assert cr["value"] is None
    assert cr["reason"] == "clicks sum to 0 on the rows with conversions"


def test_roas_on_rows_with_zero_spend_says_no_spend_recorded_there(write: Any, scored: Any) -> None:
    # p1: revenue 100 on spend 0.00 (both known); p2: spend 50, revenue blank.
    path = write(
        "post_id,influencer,impressions,revenue,spend\np1,alice,1000,100.00,0.00\np2,bob,1000,,50.00\n"
    )
    kpis = _total(scored, path)
    for kpi in ("roas", "roi"):
        assert kpis[kpi]["value"] is None
        assert kpis[kpi]["reason"] == "no spend recorded on the rows with revenue"
    # Where no row has both, that is still the reason.
    path = write("post_id,influencer,impressions,revenue,spend\np1,alice,1000,100.00,\np2,bob,1000,,50.00\n")
    assert _total(scored, path)["roas"]["reason"] == "no row has both revenue and spend"


# ---------------------------------------------------------------- B-9: activated influencers


def test_activated_influencers_say_how_many_rows_name_no_one(write: Any, scored: Any) -> None:
    path = write("post_id,influencer,impressions\np1,alice,1000\np2,bob,1000\np3,,1000\np4,alice,1000\n")
    report, _ = scored(path)
    activated = report["total"]["kpis"]["activated_influencers"]
    assert activated["value"] == 2  # alice, bob
    assert activated["missing"] == {"influencer": 1}  # p3
    table = runner.invoke(app, ["score", path])
    assert "influencer missing in 1 of 4 rows" in table.stdout


# ---------------------------------------------------------------- B-10: kpi lift, MER on paired days


def test_lift_mer_says_on_how_many_days_it_stands(write: Any) -> None:
    # Revenue blank on 2 March, marketing spend blank on 3 March (audit B's lift_blank.csv).
    path = write(
        "date,revenue,marketing_spend,mentions\n"
        "2025-03-01,1000.00,100.00,10\n"
        "2025-03-02,,100.00,\n"
        "2025-03-03,1500.00,,30\n"
        "2025-03-04,1100.00,100.00,10\n"
    )
    result = runner.invoke(app, ["lift", path, "-c", "2025-03-03..2025-03-04", "-f", "json"])
    assert result.exit_code == 0, result.output
    kpis = json.loads(result.stdout)["total"]["kpis"]
    assert kpis["mer_baseline"]["value"] == 10.0  # 1000 / 100 (1 March alone)
    assert kpis["mer_baseline"]["notes"][0] == "on 1 of 2 days"
    assert kpis["mer_campaign"]["value"] == 11.0  # 1100 / 100 (4 March alone)
    assert kpis["mer_campaign"]["notes"][0] == "on 1 of 2 days"
    assert kpis["mer_lift"]["value"] == pytest.approx((11 - 10) / 10 * 100)  # 10 %
    assert kpis["mer_lift"]["notes"] == ["on 2 of 4 days"]


def test_lift_mer_on_days_of_zero_spend_says_so(write: Any) -> None:
    # Baseline: 1 March has revenue and a spend of 0; 2 March spend 100, revenue blank.
    path = write(
        "date,revenue,marketing_spend\n"
        "2025-03-01,1000.00,0.00\n2025-03-02,,100.00\n2025-03-03,900.00,100.00\n2025-03-04,900.00,100.00\n"
    )
    result = runner.invoke(app, ["lift", path, "-c", "2025-03-03..2025-03-04", "-f", "json"])
    assert result.exit_code == 0, result.output
    mer = json.loads(result.stdout)["total"]["kpis"]["mer_baseline"]
    assert mer["value"] is None
    assert mer["reason"] == "marketing spend sums to 0 on the days of 2025-03-01..2025-03-02 with revenue"


# ---------------------------------------------------------------- B-11: money kpi cannot read exactly


def _error(result: Any) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output.strip().splitlines()[-1]


def test_money_past_what_kpi_reads_to_the_cent_is_refused_quoting_the_cell(write: Any) -> None:
    # 9007199254740993 is 2**53 + 1: a float64 reads it as 9007199254740992, so its sum with
    # 1.00 came out 9007199254740992.0, not ...994, without a word.
    path = write("post_id,influencer,impressions,spend\np1,a,1000,9007199254740993\np2,b,1000,1.00\n")
    line = _error(runner.invoke(app, ["score", path, "-f", "json"]))
    assert "row 2, column 'spend': value '9007199254740993' is more than kpi reads to the cent" in line
    # 12345678901234567 was quoted as '1.2345678901234568e+16'.
    path = write("post_id,influencer,impressions,spend\np1,a,1000,100\np2,b,1000,12345678901234567\n")
    line = _error(runner.invoke(app, ["score", path, "-f", "json"]))
    assert "row 3, column 'spend': value '12345678901234567'" in line


def test_a_total_past_the_limit_quotes_the_cell_as_written(write: Any) -> None:
    # 700 cells of 17,000,000,000,000.50 (each read exactly): the 679th takes the total past
    # 2**60 cents = 11,529,215,046,068,469.76 (678 × 17.0000000000005e12 = 1.15260e16 is under
    # it, 679 × = 1.15430e16 past it): data row 679 is the file's row 680 (the header is row 1).
    rows = "".join(f"p{i},a,1000,17000000000000.50\n" for i in range(700))
    line = _error(runner.invoke(app, ["score", write("post_id,influencer,impressions,spend\n" + rows)]))
    assert "row 680, column 'spend': value '17000000000000.50' takes the column's total past" in line


def test_money_just_under_the_limit_adds_to_the_cent(write: Any, scored: Any) -> None:
    # 17,592,186,044,415.99 + 0.01 = 17,592,186,044,416.00 exactly (2**44 = 17,592,186,044,416).
    path = write("post_id,influencer,impressions,spend\np1,a,1000,17592186044415.99\np2,b,1000,0.01\n")
    assert _total(scored, path)["total_spend"]["value"] == 2**44


# ---------------------------------------------------------------- B-12: impossible rows


def test_impossible_rows_are_said_on_stderr_and_kept(write: Any, scored: Any) -> None:
    path = write(
        "post_id,influencer,reach,impressions,views,completed_views\n"
        "p1,alice,2000,1000,100,150\n"  # reach above impressions, completed views above views
        "p2,bob,1000,1000,100,50\n"
    )
    report, stderr = scored(path)
    kpis = report["total"]["kpis"]
    assert kpis["video_completion_rate"]["value"] == 100.0  # (150 + 50) / (100 + 100) × 100, as written
    assert kpis["frequency"]["value"] == pytest.approx(2000 / 3000)  # (1000 + 1000) / (2000 + 1000)
    assert "1 row has more completed views than views" in stderr
    assert "1 row has more reach than impressions" in stderr
    # The JSON carries the same warnings, so a pipeline reading only stdout gets them.
    warned = report["warnings"]
    assert len(warned) == 2 and all(f"kpi: {w}" in stderr for w in warned)
    assert "more completed views than views" in warned[0] + warned[1]
    assert "more reach than impressions" in warned[0] + warned[1]


def test_a_clean_file_has_no_warnings_in_its_json(write: Any, scored: Any) -> None:
    report, _ = scored(write("post_id,influencer,impressions,clicks\np1,alice,1000,10\n"))
    assert report["warnings"] == []


def test_an_engagements_column_below_its_parts_is_said(write: Any, scored: Any) -> None:
    path = write(
        "post_id,influencer,impressions,likes,comments,shares,saves,engagements\n"
        "p1,alice,1000,100,20,10,5,50\n"  # parts 135 > 50
        "p2,bob,1000,200,20,10,5,60\n"  # parts 235 > 60
    )
    report, stderr = scored(path)
    er = report["total"]["kpis"]["engagement_rate"]
    assert er["value"] == pytest.approx((50 + 60) / 2000 * 100)  # 5.5 %: the column, as SPEC says
    assert "2 rows have an engagements cell below their likes + comments + shares + saves" in stderr
    # Parts equal to the column, or a column above them (it may count clicks too): nothing said.
    path = write("post_id,influencer,impressions,likes,engagements\np1,alice,1000,50,50\np2,bob,1000,5,60\n")
    _, stderr = scored(path)
    assert "engagements cell below" not in stderr
