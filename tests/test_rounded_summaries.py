"""Summary rows whose money is the sum of the unrounded amounts (audit T-3).

Meta Ads Manager writes each row's spend rounded to the cent and its summary row from the
unrounded amounts: the two drift apart by up to half a cent a row. A sheet whose money cells
show no cents (`$1,235` for 1,234.56; Sheets' CSV writes what it shows) has its `=SUM()`
line up to half a dollar a row off the sum of the shown amounts. Every count of such a
row still equals the rows' sum exactly. Kept as data, each doubled every figure.
"""

from __future__ import annotations

from typing import Any

import pytest

META = (
    '"Reporting starts","Reporting ends","Campaign name",Reach,Impressions,"Amount spent (USD)",'
    '"Link clicks",Purchases,"Purchases conversion value"\n'
    "2025-03-01,2025-03-31,,9000,24000,{spend},260,20,1785.00\n"
    '2025-03-01,2025-03-31,"Spring Launch",4000,10000,150.33,120,6,540.00\n'
    '2025-03-01,2025-03-31,"Retargeting",3000,8000,200.41,80,10,900.00\n'
    '2025-03-01,2025-03-31,"Reels",1000,2000,50.27,20,1,45.00\n'
    '2025-03-01,2025-03-31,"Stories",500,1500,99.99,15,1,100.00\n'
    '2025-03-01,2025-03-31,"Lookalike",400,1500,10.10,20,1,100.00\n'
    '2025-03-01,2025-03-31,"Broad",300,1000,5.55,5,1,100.00\n'
)
# The rows' cents: 150.33 + 200.41 + 50.27 + 99.99 + 10.10 + 5.55 = 516.65. Impressions
# 10,000 + 8,000 + 2,000 + 1,500 + 1,500 + 1,000 = 24,000; clicks 120 + 80 + 20 + 15 + 20 +
# 5 = 260; purchases 6 + 10 + 1 + 1 + 1 + 1 = 20; value 540 + 900 + 45 + 100 × 3 = 1,785.
SPEND = 150.33 + 200.41 + 50.27 + 99.99 + 10.10 + 5.55


# Six rows, each shown up to half a cent off its unrounded amount: the summary may be up to
# 6 × 0.005 = 0.03 off their sum. 516.68 and 516.62 are; 516.65 is the control.
@pytest.mark.parametrize("summary", ["516.68", "516.62", "516.65"])
def test_meta_summary_a_few_cents_off_the_rows_is_left_out(scored: Any, write: Any, summary: str) -> None:
    doc, _ = scored(write(META.format(spend=summary)))
    kpis = doc["total"]["kpis"]
    assert doc["rows"] == 6
    assert kpis["impressions"]["value"] == 24_000
    assert kpis["clicks"]["value"] == 260
    assert kpis["conversions"]["value"] == 20
    assert kpis["total_spend"]["value"] == pytest.approx(SPEND)
    assert kpis["revenue"]["value"] == pytest.approx(1_785)
    assert [d["row"] for d in doc["reading"][0]["dropped"]] == [2]


def test_meta_summary_more_than_its_rows_rounding_off_is_data(scored: Any, write: Any) -> None:
    # 516.70 is 0.05 off 516.65, past 0.03: no rounding of six rows' cents gives it, and its
    # counts alone do not make the row a summary. Scored as a row (the control of the above).
    doc, _ = scored(write(META.format(spend="516.70")))
    assert doc["rows"] == 7
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(SPEND + 516.70)


def test_sheet_total_line_over_money_shown_without_cents_is_left_out(scored: Any, write: Any) -> None:
    # The fees are 1,234.56, 3,000.55 and 150 shown as $1,235, $3,001 and $150: the `=SUM()`
    # line shows 4,385.11 as $4,385, a dollar under the shown 1,235 + 3,001 + 150 = 4,386;
    # revenue's line $6,777 a dollar over the shown 2,500 + 4,201 + 75 = 6,776 (each within
    # half a dollar for each of the three rows: 1.5). Every count equals the rows' sum.
    text = (
        "Creator,Post date,Followers,Impressions,Likes,Comments,Fee,Revenue\n"
        '@anna,3/3/2025,"12,000","15,000",600,40,"$1,235","$2,500"\n'
        '@ben,3/4/2025,"85,000","90,000","2,000",150,"$3,001","$4,201"\n'
        '@cara,3/20/2025,"4,000","8,000",400,20,$150,$75\n'
        ',,"101,000","113,000","3,000",210,"$4,385","$6,777"\n'
    )
    doc, _ = scored(write(text))
    kpis = doc["total"]["kpis"]
    assert doc["rows"] == 3
    assert kpis["posts"]["value"] == 3
    assert kpis["impressions"]["value"] == 15_000 + 90_000 + 8_000  # 113,000
    assert kpis["engagements"]["value"] == (600 + 40) + (2_000 + 150) + (400 + 20)  # 3,210
    assert kpis["total_spend"]["value"] == 1_235 + 3_001 + 150  # 4,386
    assert kpis["revenue"]["value"] == 2_500 + 4_201 + 75  # 6,776
    assert [d["row"] for d in doc["reading"][0]["dropped"]] == [5]


def test_sheet_total_line_dollars_off_money_with_cents_is_data(scored: Any, write: Any) -> None:
    # The same line where the fees show their cents: $4,385 is 1.11 off 1,234.56 + 3,000.55 +
    # 150.00 = 4,385.11, more than half a cent a row (0.015): not the rows' sum, scored.
    text = (
        "Creator,Post date,Impressions,Likes,Comments,Fee\n"
        '@anna,3/3/2025,"15,000",600,40,"$1,234.56"\n'
        '@ben,3/4/2025,"90,000","2,000",150,"$3,000.55"\n'
        '@cara,3/20/2025,"8,000",400,20,$150.00\n'
        ',,"113,000","3,000",210,"$4,384.00"\n'
    )
    doc, _ = scored(write(text))
    assert doc["rows"] == 4
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(4_385.11 + 4_384)


def test_money_alone_must_add_up_to_the_cent(scored: Any, write: Any) -> None:
    # Only money columns: nothing else says the blank row is a summary, so 2 cents off the
    # rows' 100.00 + 200.00 + 300.00 = 600.00 (both columns) is a row like the others.
    text = (
        "Creator,Fee,Revenue\n@anna,100.00,150.00\n@ben,200.00,250.00\n@cara,300.00,350.00\n,600.02,750.02\n"
    )
    doc, _ = scored(write(text))
    assert doc["rows"] == 4
    assert doc["total"]["kpis"]["total_spend"]["value"] == pytest.approx(600 + 600.02)


def test_named_subtotal_lines_over_money_without_cents_are_left_out(scored: Any, write: Any) -> None:
    # @anna's fees 1,234.56 and 799.60 shown $1,235 and $800; her subtotal shows 2,034.16 as
    # $2,034, a dollar under 1,235 + 800 = 2,035 (within half a dollar for each of two rows).
    # Kept, it also hid @ben's exact subtotal (3,001 + 2,499 = 5,500): "the rows above it
    # since the last subtotal" then held @anna's line.
    text = (
        "Creator,Platform,Post date,Followers,Impressions,Likes,Comments,Fee\n"
        '@anna,Instagram,3/3/2025,"12,000","15,000",600,40,"$1,235"\n'
        '@anna,TikTok,3/5/2025,"12,000","30,000","1,500",100,$800\n'
        '@anna,Subtotal,,"24,000","45,000","2,100",140,"$2,034"\n'
        '@ben,Instagram,3/4/2025,"85,000","90,000","2,000",150,"$3,001"\n'
        '@ben,YouTube,3/14/2025,"85,000","40,000",900,60,"$2,499"\n'
        '@ben,Subtotal,,"170,000","130,000","2,900",210,"$5,500"\n'
    )
    doc, _ = scored(write(text))
    kpis = doc["total"]["kpis"]
    assert doc["rows"] == 4
    assert kpis["impressions"]["value"] == 15_000 + 30_000 + 90_000 + 40_000  # 175,000
    assert kpis["total_spend"]["value"] == 1_235 + 800 + 3_001 + 2_499  # 7,535
    assert [d["row"] for d in doc["reading"][0]["dropped"]] == [4, 7]
