"""Creators named differently in the files of one run (audit G-5, G-8).

- G-5: a platform export that gives each creator's name beside their handle (GRIN's
  `Creator` and `Handle`) pairs them for the whole run: a fee sheet naming creators by name
  alone (`Mia Rossi`) is read by their handles (`@mia`), and says so on stderr.
- G-8: an affiliate or sales export's `Affiliate`, `Publisher Name` or `Partner` column is
  the creator who drove the sale (ShareASale and Refersion write `Affiliate`, Awin
  `Publisher Name`, impact.com `Partner`: kpi_cli/profiles/affiliate_network.yaml).
Every figure is worked out by hand below.
"""

from __future__ import annotations

from typing import Any

import pytest

GRIN = (
    "Creator,Handle,Network,Content URL,Published,Impressions,Likes,Comments\n"
    "Mia Rossi,@mia,Instagram,https://www.instagram.com/p/AAA1/,2025-03-01,10000,500,50\n"
    "Mia Rossi,@mia,Instagram,https://www.instagram.com/p/AAA2/,2025-03-05,12000,600,40\n"
    "Leo Fit,@leo.fit,Instagram,https://www.instagram.com/p/BBB1/,2025-03-02,20000,900,100\n"
)
FEES_BY_NAME = "Creator,Fee\nMia Rossi,500\nLeo Fit,800\n"

POSTS = (
    "Handle,Platform,Post URL,Post Date,Impressions,Likes,Comments\n"
    "@mia,Instagram,https://www.instagram.com/p/AAA1/,2025-03-01,10000,500,50\n"
    "@mia,Instagram,https://www.instagram.com/p/AAA2/,2025-03-05,12000,600,40\n"
    "@leo.fit,Instagram,https://www.instagram.com/p/BBB1/,2025-03-02,20000,900,100\n"
    "@zoe,TikTok,https://www.tiktok.com/@zoe/video/7000000000000000001,2025-03-03,30000,1500,80\n"
)


def _groups(doc: dict[str, Any], *kpis: str) -> dict[str, dict[str, Any]]:
    return {g["label"]: {k: g["kpis"][k]["value"] for k in kpis} for g in doc["groups"]}


def test_a_fee_sheet_by_name_joins_the_handles_of_another_file(write: Any, scored: Any) -> None:
    doc, err = scored(write(GRIN, "grin.csv"), write(FEES_BY_NAME, "fees.csv"), "--by", "influencer")
    assert doc["total"]["kpis"]["activated_influencers"]["value"] == 2  # was 4: Mia Rossi and @mia apart
    groups = _groups(doc, "posts", "total_spend", "cost_per_post")
    assert groups == {
        "@mia": {"posts": 2, "total_spend": 500, "cost_per_post": 500 / 2},  # $250
        "@leo.fit": {"posts": 1, "total_spend": 800, "cost_per_post": 800 / 1},
    }
    assert "fees.csv: creators named by name read as the handle" in err
    assert "'Leo Fit' as '@leo.fit', 'Mia Rossi' as '@mia'" in err


def test_a_name_two_files_pair_with_different_handles_stays_a_name(write: Any, scored: Any) -> None:
    other = GRIN.replace("@leo.fit", "@leo.runs")
    doc, _ = scored(
        write(GRIN, "grin.csv"), write(other.replace("BBB1", "CCC1").replace("AAA", "DDD"), "grin2.csv"),
        write(FEES_BY_NAME, "fees.csv"), "--by", "influencer",
    )  # fmt: skip
    groups = _groups(doc, "total_spend")
    assert groups["Leo Fit"]["total_spend"] == 800  # @leo.fit or @leo.runs? Not guessed
    assert groups["@mia"]["total_spend"] == 500  # both files pair Mia Rossi with @mia


@pytest.mark.parametrize("header", ["Affiliate", "Affiliate Name", "Publisher Name", "Partner"])
def test_an_affiliate_column_is_the_creator(write: Any, scored: Any, header: str) -> None:
    sales = f'{header},Orders,Revenue\nMia,12,"$1,200.00"\nleo.fit,5,$450.00\nzoe,20,"$2,000.00"\n'
    doc, err = scored(write(POSTS, "posts.csv"), write(sales, "sales.csv"), "--by", "influencer")
    # joined as `Mia` / `@mia` are: one creator however written (shown by one of its spellings)
    groups = {k.lstrip("@").lower(): v for k, v in _groups(doc, "revenue", "conversions", "posts").items()}
    assert groups == {
        "mia": {"revenue": 1200, "conversions": 12, "posts": 2},
        "leo.fit": {"revenue": 450, "conversions": 5, "posts": 1},
        "zoe": {"revenue": 2000, "conversions": 20, "posts": 1},
    }  # no `(blank)` group holding all 1,200 + 450 + 2,000 = 3,650 of revenue
    assert f"{header}→influencer" in err
