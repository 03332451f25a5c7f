"""Rows agencies' tracker sheets hold that are not posts (audit J): Excel's Data › Subtotal
with Count, Max and the other functions, section title rows, blank-labelled subtotals over
single-post blocks, a KPI summary block under the table.

The tracker of most tests: @mia 2 posts (12,000 + 8,000 impressions, $500 + $500), @leo 1
post (30,000, $800), @zoe 3 posts (5,000 + 7,000 + 6,000, $300 each). By hand: impressions
12,000 + 8,000 + 30,000 + 5,000 + 7,000 + 6,000 = 68,000; spend 500 + 500 + 800 + 3 × 300 =
2,700; 6 posts by 3 creators.
"""

from __future__ import annotations

from typing import Any

import pytest

HEADER = "Creator,Platform,Post Date,Post URL,Impressions,Likes,Fee\n"
MIA = (
    "@mia,Instagram,2025-03-03,https://www.instagram.com/p/AAA111/,12000,600,500\n"
    "@mia,Instagram,2025-03-07,https://www.instagram.com/p/AAA222/,8000,300,500\n"
)
LEO = "@leo,TikTok,2025-03-04,https://www.tiktok.com/@leo/video/7480000000000000001,30000,1500,800\n"
ZOE = (
    "@zoe,Instagram,2025-03-05,https://www.instagram.com/p/BBB111/,5000,250,300\n"
    "@zoe,Instagram,2025-03-09,https://www.instagram.com/p/BBB222/,7000,350,300\n"
    "@zoe,Instagram,2025-03-12,https://www.instagram.com/p/BBB333/,6000,200,300\n"
)
IMPRESSIONS = 12_000 + 8_000 + 30_000 + 5_000 + 7_000 + 6_000  # 68,000
SPEND = 500 + 500 + 800 + 3 * 300  # 2,700


def _figures(report: dict[str, Any]) -> dict[str, Any]:
    kpis = report["total"]["kpis"]
    return {k: kpis[k]["value"] for k in ("posts", "activated_influencers", "impressions", "total_spend")}


def _six_posts() -> dict[str, Any]:
    return {"posts": 6, "activated_influencers": 3, "impressions": IMPRESSIONS, "total_spend": SPEND}


# --------------------------------------------------------------------------- J-1


def test_excel_count_subtotals_under_a_text_column_are_not_posts(write, scored) -> None:
    """Data › Subtotal "Use function: Count, add subtotal to: Post URL": Excel writes the
    count of each group's links (2, 1, 3; 6 in all) under Post URL. Read as data they were 4
    more creators and 4 more posts (activated influencers 7, posts 10)."""
    path = write(
        HEADER + MIA + "@mia Count,,,2,,,\n" + LEO + "@leo Count,,,1,,,\n" + ZOE + "@zoe Count,,,3,,,\n"
        "Grand Count,,,6,,,\n"
    )
    report, err = scored(path, "-q")
    assert _figures(report) == _six_posts()
    report, err = scored(path)
    assert "dropped row 4 ('@mia Count'): a summary row (a count, not a sum)" in err
    assert "dropped row 11 ('Grand Count'): a summary row (a count, not a sum)" in err


def test_excel_max_subtotals_are_not_posts(write, scored) -> None:
    """Data › Subtotal with Max: each group's largest figures under `@mia Max`, the file's
    under `Grand Max`. Kept, impressions were 68,000 + 12,000 + 30,000 + 7,000 + 30,000 =
    147,000 and spend 2,700 + 500 + 800 + 300 + 800 = 5,100."""
    path = write(
        HEADER + MIA + "@mia Max,,,,12000,600,500\n" + LEO + "@leo Max,,,,30000,1500,800\n" + ZOE
        + "@zoe Max,,,,7000,350,300\nGrand Max,,,,30000,1500,800\n"
    )  # fmt: skip
    report, err = scored(path)
    assert _figures(report) == _six_posts()
    assert "dropped row 11 ('Grand Max'): a summary row (a maximum, not a sum)" in err


@pytest.mark.parametrize(
    ("function", "grand"),
    [("Min", "Grand Min"), ("Product", "Grand Product"), ("StdDev", "Grand StdDev"), ("Var", "Grand Var")],
)
def test_excel_other_subtotal_functions(write, scored, function: str, grand: str) -> None:
    """Every other function Excel's Data › Subtotal offers labels its rows the same way."""
    path = write(
        HEADER + MIA + f"@mia {function},,,,8000,300,500\n" + LEO + f"@leo {function},,,,30000,1500,800\n"
        + ZOE + f"@zoe {function},,,,5000,200,300\n{grand},,,,5000,200,300\n"
    )  # fmt: skip
    report, _ = scored(path, "-q")
    assert _figures(report) == _six_posts()


def test_german_excel_anzahl_subtotal(write, scored) -> None:
    """German Excel (Teilergebnis, Windows-1252, `;`): `@zoe Anzahl` with a count of 1 under
    Impressionen was a creator and a post: impressions 55,001 for 12,000 + 8,000 + 30,000 +
    5,000 = 55,000, posts 5 for 4."""
    text = (
        "Creator;Plattform;Datum;Impressionen;Likes;Honorar\n"
        "@mia;Instagram;03.03.2025;12.000;600;500,00 €\n"
        "@mia;Instagram;07.03.2025;8.000;300;500,00 €\n"
        "@mia Ergebnis;;;20.000;900;1.000,00 €\n"
        "@leo;TikTok;04.03.2025;30.000;1.500;800,00 €\n"
        "@leo Ergebnis;;;30.000;1.500;800,00 €\n"
        "@zoe;Instagram;05.03.2025;5.000;250;300,00 €\n"
        "@zoe Anzahl;;;1;;\n"
        "Gesamtanzahl;;;4;;\n"
    )
    report, err = scored(write(text, encoding="cp1252"))
    figures = _figures(report)
    assert figures["impressions"] == 12_000 + 8_000 + 30_000 + 5_000
    assert figures["total_spend"] == 500 + 500 + 800 + 300
    assert (figures["posts"], figures["activated_influencers"]) == (4, 3)
    assert "dropped row 8 ('@zoe Anzahl'): a summary row (a count, not a sum)" in err


def test_creators_named_like_a_subtotal_function_stay(write, scored) -> None:
    """`Max`, `Count Dracula` and `Min` are creators, and `Grand Max` a campaign: none
    follows `<a value above> <function>` (`Count Dracula` puts the word first, which English
    Excel never does; `Grand Max` has no `<value> Max` above it). Four posts: 1,000 + 2,000 +
    3,000 + 4,000 = 10,000 impressions."""
    text = (
        "Campaign,Creator,Post Date,Impressions,Likes,Fee\n"
        "Spring,Max,2025-03-03,1000,10,100\n"
        "Spring,Count Dracula,2025-03-04,2000,20,200\n"
        "Grand Max,Min,2025-03-05,3000,30,300\n"
        "Grand Max,Dracula,2025-03-06,4000,40,400\n"
    )
    report, err = scored(write(text))
    figures = _figures(report)
    assert (figures["posts"], figures["activated_influencers"]) == (4, 4)
    assert figures["impressions"] == 1_000 + 2_000 + 3_000 + 4_000
    assert "dropped" not in err
