"""One campaign scored from several files (audit r): names, currencies, posts and days that
two files write differently must not split or double the campaign's figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli import goals as gl
from kpi_cli.cli import app
from kpi_cli.score import score_files

runner = CliRunner()


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# --------------------------------------------------------------------------- goals by name

META_CAMPAIGNS = (
    "Campaign name,Reporting starts,Reporting ends,Amount spent (USD),Impressions,Reach,Link clicks\n"
    "SPRING LAUNCH,2025-03-01,2025-03-31,1000.00,200000,120000,2000\n"
    "Spring Launch ,2025-03-01,2025-03-31,500.00,50000,30000,800\n"
)
TRACKER_CAMPAIGNS = (
    "Campaign,Creator,Platform,Post date,Post URL,Fee,Impressions,Likes,Comments\n"
    "Spring Launch,@lena,Instagram,2025-03-04,https://www.instagram.com/p/C4aaaaaaaa1/,800,40000,2000,100\n"
    "spring launch,@max,TikTok,2025-03-06,https://www.tiktok.com/@max/video/7342000000000000001,700,60000,3000,150\n"
)
CAMPAIGN_GOALS = """\
start: 2025-03-01
end: 2025-03-31
campaigns:
  "Spring Launch":
    goals:
      impressions: ">= 300000"
      total_spend: "<= 2500"
"""


def test_a_campaign_goal_covers_every_spelling_of_its_name(tmp_path: Path) -> None:
    """An ads manager writes `SPRING LAUNCH`, the tracker `Spring Launch` and `spring launch`:
    one campaign. Goals match names ignoring case, so the groups must too; before, the goal
    was judged on the first group alone (`SPRING LAUNCH`: $1,000, 200,000 impressions) and
    the budget gate passed on a $3,000 campaign."""
    meta = write(tmp_path, "meta.csv", META_CAMPAIGNS)
    tracker = write(tmp_path, "tracker.csv", TRACKER_CAMPAIGNS)
    goals = write(tmp_path, "goals.yaml", CAMPAIGN_GOALS)
    result = runner.invoke(app, ["score", meta, tracker, "--goals", goals, "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    found = {g["kpi"]: g for g in json.loads(result.stdout)["goals"]}
    # Spend 1,000 + 500 + 800 + 700 = 3,000 > 2,500: missed.
    assert (found["total_spend"]["value"], found["total_spend"]["met"]) == (3000, False)
    # Impressions 200,000 + 50,000 + 40,000 + 60,000 = 350,000 >= 300,000: met.
    assert (found["impressions"]["value"], found["impressions"]["met"]) == (350000, True)
    assert "one campaign however it is written: counted 'SPRING LAUNCH' as 'Spring Launch'" in result.stderr

    gate = runner.invoke(app, ["score", meta, tracker, "--goals", goals, "--fail-on", "goals", "-q"])
    assert gate.exit_code == 1, gate.output
    assert "Total spend $3,000.00 (goal ≤ $2,500) for campaign Spring Launch" in gate.stderr

    # --by campaign folds the same way: one group of $3,000 (was 1,000 / 1,300 / 700).
    rows = runner.invoke(app, ["score", meta, tracker, "--by", "campaign", "-f", "json", "-q"])
    groups = json.loads(rows.stdout)["groups"]
    spend = {g["key"]["campaign"]: g["kpis"]["total_spend"]["value"] for g in groups}
    assert spend == {"Spring Launch": 3000}


def test_a_creator_goal_covers_every_spelling_of_a_name_with_a_space(tmp_path: Path) -> None:
    """`Lena Fischer` in one tracker, `LENA FISCHER` in another: 40,000 + 90,000 = 130,000
    impressions, ER (2,000 + 100 + 5,400 + 300) / 130,000 = 7,800 / 130,000 = 6.0 %
    (before: 40,000 and 2,100 / 40,000 = 5.25 %, the first file's alone)."""
    a = write(
        tmp_path,
        "a.csv",
        "Creator,Platform,Post date,Post URL,Fee,Impressions,Likes,Comments\n"
        "Lena Fischer,Instagram,2025-03-04,https://www.instagram.com/p/C4bbbbbbbb1/,800,40000,2000,100\n"
        "Max Roth,Instagram,2025-03-05,https://www.instagram.com/p/C4bbbbbbbb2/,600,30000,600,20\n",
    )
    b = write(
        tmp_path,
        "b.csv",
        "Creator,Platform,Post date,Post URL,Fee,Impressions,Likes,Comments\n"
        "LENA FISCHER,TikTok,2025-03-06,https://www.tiktok.com/@lenafischer/video/7342000000000000301,"
        "700,90000,5400,300\n",
    )
    goals = write(
        tmp_path,
        "goals.yaml",
        'creators:\n  "Lena Fischer":\n    goals:\n      impressions: ">= 100000"\n'
        '      engagement_rate: ">= 5%"\n',
    )
    result = runner.invoke(app, ["score", a, b, "--goals", goals, "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    found = {g["kpi"]: g for g in json.loads(result.stdout)["goals"]}
    assert (found["impressions"]["value"], found["impressions"]["met"]) == (130000, True)
    assert found["engagement_rate"]["value"] == pytest.approx(6.0)


def test_a_goal_name_matching_several_groups_is_refused() -> None:
    """Were two groups still one name to goals, judging either would judge part of it."""
    from kpi_cli.score import GroupResult

    total = GroupResult(key={}, label="Total", rows=3, kpis=[])
    groups = [GroupResult(key={"campaign": n}, label=n, rows=1, kpis=[]) for n in ("SPRING", "Spring")]
    lookup = gl.values_from(total, groups)
    with pytest.raises(gl.GoalsError, match=r"match 2 groups \('SPRING', 'Spring'\)"):
        lookup("campaign", "spring", "impressions")


# --------------------------------------------------------------------------- --currency

META_EUR = (
    "Nom de la campagne;Début des rapports;Fin des rapports;Montant dépensé (EUR);Impressions\n"
    "Printemps;2025-03-01;2025-03-31;1 200,50;100000\n"
    "Été;2025-03-01;2025-03-31;800,00;80000\n"
)
TIKTOK_USD = (
    "Campaign name,Date,Currency,Cost,Impressions,Clicks\n"
    "Spring,2025-03-02,USD,500,120000,1500\n"
    "Spring,2025-03-03,USD,300,99000,1000\n"
)
TRACKER_GBP = (
    "Creator,Platform,Post date,Fee,Impressions,Likes\n"
    '@lena,Instagram,2025-03-04,"£1,500.00",40000,2000\n'
    "@max,TikTok,2025-03-05,£900.00,60000,3000\n"
    "@ana,Instagram,2025-03-06,£700.00,30000,900\n"
)


def test_currency_over_three_currencies_is_a_warning_under_q(tmp_path: Path) -> None:
    """`--currency EUR` over a EUR, a USD and a GBP file adds 1,200.50 + 800 (EUR) + 500 + 300
    (USD) + 1,500 + 900 + 700 (GBP) = 5,900.50, unconverted. That is the user's word, but
    the line saying so was a note that -q dropped, and the JSON said EUR for every file: it
    is now a warning (kept by -q) and `reading[].currency_stated` keeps what each file states."""
    files = [write(tmp_path, n, t) for n, t in (("meta.csv", META_EUR), ("tiktok.csv", TIKTOK_USD),
                                                ("tracker.csv", TRACKER_GBP))]  # fmt: skip
    result = runner.invoke(app, ["score", *files, "--currency", "EUR", "-q", "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(5900.50)
    warning = next(line for line in result.stderr.splitlines() if "--currency EUR" in line)
    assert "tiktok.csv states USD (column 'Currency', row 2)" in warning
    assert "tracker.csv states GBP" in warning
    assert "kpi converts no currency" in warning
    stated = {Path(r["file"]).name: r["currency_stated"] for r in doc["reading"]}
    assert stated == {"meta.csv": None, "tiktok.csv": ["USD"], "tracker.csv": ["GBP"]}
    # Without --currency the files are refused, and the message says kpi converts nothing.
    refused = runner.invoke(app, ["score", *files, "-q"])
    assert refused.exit_code == 2
    assert "kpi converts no currency" in refused.stderr


# --------------------------------------------------------------------------- one post, two files

IG_EXPORT = (  # Meta Business Suite's content export (as tests/fixtures/exports/instagram_content.csv)
    '"Post ID","Account username",Description,"Publish time",Permalink,"Post type",Views,Reach,'
    "Likes,Shares,Comments,Saves\n"
    "18098311940237254,lena.creates,Spring haul #ad,03/01/2025 08:30,"
    "https://www.instagram.com/p/DaL7buhEzbR/,IG carousel,8000,5000,600,40,30,100\n"
    "18098311940237255,lena.creates,GRWM #ad,03/15/2025 19:05,"
    "https://www.instagram.com/reel/DaXyz12AbCd/,IG reel,45000,30000,2200,300,100,500\n"
    "18098311940237256,lena.creates,Mood #ad,03/05/2025 12:00,"
    "https://www.instagram.com/p/DaQwe34FgHi/,IG image,2000,1500,140,10,6,9\n"
)
FEES_SHARELINKS = (  # the same posts as a tracker copies them: share link, /p/ for the Reel, no slash
    "Creator,Platform,Post date,Post URL,Fee\n"
    "@lena.creates,Instagram,2025-03-01,https://www.instagram.com/p/DaL7buhEzbR/?igsh=MWQ1ZGUxMzBkMA==,$400.00\n"
    "@lena.creates,Instagram,2025-03-15,https://www.instagram.com/p/DaXyz12AbCd/,$900.00\n"
    "@lena.creates,Instagram,2025-03-05,https://instagram.com/p/DaQwe34FgHi,$700.00\n"
)


def posts_and_cost(result: object) -> tuple[int, float]:
    kpis = json.loads(result.stdout)["total"]["kpis"]  # type: ignore[attr-defined]
    return kpis["posts"]["value"], kpis["cost_per_post"]["value"]


def test_one_post_linked_two_ways_is_one_post(tmp_path: Path) -> None:
    """The export's permalinks and the tracker's links to the same 3 posts: posts 3, cost per
    post ($400 + $900 + $700) / 3 = $666.67 (poor, above $500). Before, the share link, the
    Reel's `/p/` and the missing slash made 6 posts and $2,000 / 6 = $333.33 (good). The
    export has the posts' views, reach and likes, the tracker their fees: no figure is in
    both, so none is counted twice, and nothing is said of rows repeating each other
    (verify G V-3: it was, "3 rows repeat the post ID and date of another row")."""
    export_text = "\n".join(line.split(",", 1)[1] for line in IG_EXPORT.splitlines()) + "\n"
    export = write(tmp_path, "ig.csv", export_text)  # without the Post ID column: Permalink is read
    tracker = write(tmp_path, "tracker.csv", FEES_SHARELINKS)
    result = runner.invoke(app, ["score", export, tracker, "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    posts, cost = posts_and_cost(result)
    assert (posts, round(cost, 2)) == (3, 666.67)
    assert "repeat the post ID" not in result.stderr


def test_a_tiktok_link_and_its_video_id_are_one_post(tmp_path: Path) -> None:
    """TikTok Studio keys the video by `Video ID`, the tracker by its link: one post, cost per
    post $900 (poor), not 2 posts at $450 (good)."""
    studio = write(
        tmp_path,
        "studio.csv",
        "Video ID,Video title,Post time,Total views,Total likes,Total comments,Total shares\n"
        "7342000000000000001,Spring haul #ad,2025-03-06,120000,2800,110,90\n",
    )
    tracker = write(
        tmp_path,
        "tracker.csv",
        "Creator,Platform,Post date,Post URL,Fee,Views,Likes,Comments,Shares\n"
        "@max,TikTok,2025-03-06,https://www.tiktok.com/@max/video/7342000000000000001?lang=en,900,120000,2800,110,90\n",
    )
    # The studio file's every figure is the tracker's (the one post): scored together that
    # is an error (restates.py); --allow-duplicates adds them up, and the post counts once.
    refused = runner.invoke(app, ["score", studio, tracker, "-f", "json", "-q"])
    assert refused.exit_code == 2 and "studio.csv restates" in refused.stderr
    result = runner.invoke(app, ["score", studio, tracker, "-f", "json", "-q", "--allow-duplicates"])
    assert result.exit_code == 0, result.output
    assert posts_and_cost(result) == (1, 900)
    assert "1 row repeats the post ID and date of another row" in result.stderr


def test_media_ids_beside_instagram_links_are_said_to_be_unmatched(tmp_path: Path) -> None:
    """Meta's numeric `Post ID` cannot be matched to a link's shortcode: 3 + 3 = 6 posts for 3,
    $2,000 / 6 = $333.33. That is said, even under -q, with the fix: reading the export's
    `Permalink` gives 3 posts and $666.67."""
    export = write(tmp_path, "ig.csv", IG_EXPORT)
    tracker = write(tmp_path, "tracker.csv", FEES_SHARELINKS)
    result = runner.invoke(app, ["score", export, tracker, "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    assert posts_and_cost(result)[0] == 6
    assert "ig.csv names posts by number ('Post ID') and" in result.stderr
    assert "tracker.csv by Instagram link: kpi cannot match the two" in result.stderr
    assert "--map 'Permalink=post_id'" in result.stderr
    fixed = runner.invoke(app, ["score", export, tracker, "--map", "Permalink=post_id", "-f", "json", "-q"])
    posts, cost = posts_and_cost(fixed)
    assert (posts, round(cost, 2)) == (3, 666.67)
    assert "cannot match" not in fixed.stderr


def test_post_keys_name_the_post_not_the_link() -> None:
    import pyarrow as pa

    from kpi_cli.hashing import post_keys

    links = [
        "https://www.instagram.com/p/DaL7buhEzbR/?igsh=MWQ1ZGUxMzBkMA==",
        "https://www.instagram.com/reel/DaL7buhEzbR/",
        "HTTPS://instagram.com/lena.creates/reels/DaL7buhEzbR",
        "https://www.tiktok.com/@max/video/7342000000000000001?is_from_webapp=1",
        "https://vm.tiktok.com/ZMabc123/",
        "p0000000001",
    ]
    assert post_keys(pa.array(links)).to_pylist() == [
        "instagram:DaL7buhEzbR",
        "instagram:DaL7buhEzbR",
        "instagram:DaL7buhEzbR",
        "7342000000000000001",
        "https://vm.tiktok.com/ZMabc123/",  # a short link names no video: as written
        "p0000000001",
    ]
    # Shortcodes are case-sensitive: two posts.
    assert len(set(post_keys(pa.array(["instagram.com/p/AbC/", "instagram.com/p/abc/"])).to_pylist())) == 2


# --------------------------------------------------------------------------- overlapping downloads

DAILY = "Campaign name,Day,Amount spent (USD),Impressions,Link clicks,Purchases,Purchases conversion value\n"
DAILY_A = DAILY + "".join(
    f"Spring creators,2025-03-0{d},100.00,{i},200,{p},{v}\n"
    for d, i, p, v in ((1, 20000, 4, 240), (2, 21000, 5, 300), (3, 19000, 3, 180), (4, 22000, 6, 360))
)
DAILY_B = DAILY + "".join(  # 3 and 4 March again, with late purchases: 4 and 7, not 3 and 6
    f"Spring creators,2025-03-0{d},100.00,{i},200,{p},{v}\n"
    for d, i, p, v in ((3, 19000, 4, 240), (4, 22000, 7, 420), (5, 20000, 5, 300), (6, 18000, 2, 120))
)


def test_two_downloads_with_overlapping_days_are_said(tmp_path: Path) -> None:
    """Meta downloads of 1–4 and 3–6 March: spend 8 × $100 = $800 for the 6 days' $600, as 3
    and 4 March are in both, with figures that differ (late purchases), so no row repeats
    another. That is said, under -q, naming the files and the campaign (2 rows of file b)."""
    a, b = write(tmp_path, "a.csv", DAILY_A), write(tmp_path, "b.csv", DAILY_B)
    result = runner.invoke(app, ["score", a, b, "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["kpis"]["total_spend"]["value"] == 800
    assert "b.csv has 2 rows of 'Spring creators' on days" in result.stderr
    assert "a.csv also has, in the same layout: two downloads of one report" in result.stderr
    # 5–6 March only: no day in both, nothing said.
    later = write(tmp_path, "c.csv", DAILY + "".join(DAILY_B.splitlines(keepends=True)[3:]))
    apart = runner.invoke(app, ["score", a, later, "-f", "json", "-q"])
    assert json.loads(apart.stdout)["total"]["kpis"]["total_spend"]["value"] == 600
    assert "two downloads" not in apart.stderr


def test_overlapping_reporting_periods_are_said(tmp_path: Path) -> None:
    """March (1–31) and "last 30 days" (15 March–13 April) of one campaign share 15–31 March."""
    head = "Campaign name,Reporting starts,Reporting ends,Amount spent (USD),Impressions\n"
    mar = write(tmp_path, "mar.csv", head + "Spring creators,2025-03-01,2025-03-31,3100,620000\n")
    last = write(tmp_path, "last30.csv", head + "Spring creators,2025-03-15,2025-04-13,3000,600000\n")
    result = runner.invoke(app, ["score", mar, last, "-f", "json", "-q"])
    assert "last30.csv has 1 row of 'Spring creators' on days" in result.stderr


def test_ad_sets_of_one_campaign_on_one_day_are_not_an_overlap(tmp_path: Path) -> None:
    """A file listing a campaign twice on one day (its ad sets, not read apart) cannot tell its
    rows apart by campaign and day, so it says nothing about another file's days."""
    head = "Campaign name,Ad set name,Day,Amount spent (USD),Impressions\n"
    a = write(tmp_path, "a.csv", head + "Spring,Set 1,2025-03-01,50,1000\nSpring,Set 2,2025-03-01,50,900\n")
    b = write(tmp_path, "b.csv", head + "Spring,Set 3,2025-03-01,70,800\n")
    result = runner.invoke(app, ["score", a, b, "-f", "json", "-q"])
    assert "two downloads" not in result.stderr


def test_a_stores_sales_report_beside_a_tracker_that_copies_it_is_refused(tmp_path: Path) -> None:
    """Audit r, R5: the tracker copies each creator's orders and revenue from Shopify's
    "Sales by discount code"; both passed, conversions were 140 for 40 + 30 = 70 and revenue
    $7,800 for 2,400 + 1,500 = $3,900. As many rows, but the store's figures are a part of
    the tracker's (no fee, no impressions): it restates them."""
    tracker = write(
        tmp_path,
        "tracker.csv",
        "Creator,Discount code,Impressions,Fee,Orders,Revenue\n"
        "@lena,LENA15,40000,800,40,2400.00\n@max,MAX10,30000,700,30,1500.00\n",
    )
    store = write(
        tmp_path,
        "shopify.csv",
        "Discount code,Orders,Gross sales,Discounts,Returns,Net sales\n"
        "LENA15,40,2823.53,-423.53,0.00,2400.00\nMAX10,30,1666.67,-166.67,0.00,1500.00\n",
    )
    result = runner.invoke(app, ["score", tracker, store, "-f", "json"])
    assert result.exit_code == 2
    assert "shopify.csv restates" in result.stderr and "score" in result.stderr


def test_by_platform_a_file_without_creators_has_no_influencer_count(write_csv: Any) -> None:
    # Audit q #7.5: an X export (no creator column) beside a tracker naming two creators.
    # X's group counted 0 activated influencers, as if none had posted; it has no count.
    tracker = write_csv("Platform,Influencer,Impressions\nInstagram,@a,100\nInstagram,@b,200\n", "t.csv")
    x = write_csv("Tweet id,Time,Impressions,Likes\n1,2025-03-01,500,5\n", "x.csv")
    report = score_files([str(tracker), str(x)], by=["platform"])
    found = {g.label: g.kpi("activated_influencers") for g in report.groups}
    assert found["Instagram"].value == 2  # @a, @b
    assert found["X"].value is None
    assert found["X"].reason == "no influencer named in these rows"
    assert report.total.kpi("activated_influencers").value == 2


def test_tier_words_in_another_order_in_the_second_file(write: Any, scored: Any) -> None:
    # Audit Q-1: two months of one tracker, the same tier words first seen in another order
    # (`Micro` first in March, `Macro` first in April). The tier lookup was cached by the
    # column's pandas dtype, which is equal whatever its order: April's @y (Macro) was summed
    # as micro and @x (Micro) as macro (micro: 2 influencers, spend $2,600, cost per post
    # $1,300 "poor").
    march = write("Creator,Tier,Impressions,Spend\n@x,Micro,1000,100\n@y,Macro,10000,2000\n", "march.csv")
    april = write("Creator,Tier,Impressions,Spend\n@y,Macro,12000,2500\n@x,Micro,1500,150\n", "april.csv")
    report, _ = scored(march, april, "--by", "tier")
    got = {g["label"]: g["kpis"] for g in report["groups"]}
    micro, macro = got["micro"], got["macro"]
    assert micro["activated_influencers"]["value"] == 1  # @x alone
    assert micro["impressions"]["value"] == 1000 + 1500 == 2500
    assert micro["cost_per_post"]["value"] == (100 + 150) / 2 == 125.0  # micro: good $100-500
    assert micro["cost_per_post"]["verdict"] == "good"
    assert micro["cpm"]["value"] == 250 / 2500 * 1000 == 100.0
    assert macro["activated_influencers"]["value"] == 1  # @y alone
    assert macro["impressions"]["value"] == 10000 + 12000 == 22000
    assert macro["cost_per_post"]["value"] == (2000 + 2500) / 2 == 2250.0
