"""Names, counts and --map as a bad-input run found them (audit n, issue 21): a name is
never a number's placeholder, a count is never negative, a creator is one creator however
many invisible characters a copy-paste left in the handle, and a --map that matches no
header is an error, not a silent fallback to kpi's own choice."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kpi_cli.cli import app
from kpi_cli.score import score_files

HEADER = "Date,Campaign,Platform,Handle,Impressions,Likes,Link Clicks,Purchases,Revenue,Amount Spent\n"


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def data(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def error_line(result: Any) -> str:
    """The one line an error prints (kpi: error: ...), after the reading notes."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    return result.output.strip().splitlines()[-1]


# ---------------------------------------------------------------- names are not numbers


def test_na_is_a_campaign_and_a_creator_not_a_blank(write: Any) -> None:
    # Campaign NA (North America) twice: 5,000 + 2,000 = 7,000 impressions in 2 rows; EU
    # 8,000 and LATAM 2,000 one row each; `N/A` is a placeholder: blank (1 row, 2,000).
    # Creators Nan, None, null, NA are names (4 activated); `-` is a placeholder.
    path = write(
        HEADER
        + "2025-03-03,NA,Instagram,Nan,5000,200,50,5,250,100\n"
        + "2025-03-04,EU,TikTok,None,8000,300,80,4,200,150\n"
        + "2025-03-05,NA,Instagram,null,2000,100,20,1,40,50\n"
        + "2025-03-06,N/A,Instagram,NA,2000,100,20,1,40,50\n"
        + "2025-03-07,LATAM,Instagram,-,2000,100,20,1,40,50\n"
    )
    out = data(run("score", path, "--by", "campaign", "-f", "json"))
    groups = {g["label"]: (g["rows"], g["kpis"]["impressions"]["value"]) for g in out["groups"]}
    assert groups == {"NA": (2, 7000), "EU": (1, 8000), "LATAM": (1, 2000), "(blank)": (1, 2000)}
    assert out["total"]["kpis"]["activated_influencers"]["value"] == 4


def test_number_placeholders_still_blank_numbers_and_name_placeholders_blank_names(write: Any) -> None:
    # Impressions `NA`, `null`, `-` are unknown, not zero: 5,000 + 3,000 = 8,000 from 2 of 5
    # rows. Google Ads writes `--` where a report has no value and a failed VLOOKUP
    # `#N/A`: those creators are blank, so @a and @b are the 2 activated.
    path = write(
        HEADER
        + "2025-03-03,S,Instagram,@a,5000,1,1,0,0,1\n"
        + "2025-03-04,S,Instagram,@b,NA,1,1,0,0,1\n"
        + "2025-03-05,S,Instagram,--,null,1,1,0,0,1\n"
        + "2025-03-06,S,Instagram,#N/A,-,1,1,0,0,1\n"
        + "2025-03-07,S,Instagram,@a,3000,1,1,0,0,1\n"
    )
    kpis = data(run("score", path, "-f", "json"))["total"]["kpis"]
    assert kpis["impressions"]["value"] == 8000
    assert kpis["impressions"]["missing"] != {}
    assert kpis["activated_influencers"]["value"] == 2


# ---------------------------------------------------------------- counts are never negative

ROWS = (
    "2025-03-03,S,Instagram,@anna,5000,200,50,5,250,100\n"
    "2025-03-04,S,TikTok,@ben,8000,300,{clicks},4,{revenue},150\n"
    "2025-03-05,S,Instagram,@cara,2000,100,20,1,40,50\n"
)


def test_a_negative_count_is_an_error_naming_its_cell(write: Any) -> None:
    # Clicks 50 - 200 + 20 = -130 made CPC 300 / -130 = -$2.31, and the CPC bands, open
    # below ($0.50 or less: excellent), called it excellent. A count is never below 0.
    path = write(HEADER + ROWS.format(clicks="-200", revenue="200"))
    line = error_line(run("score", path, "-f", "json"))
    assert "row 3, column 'Link Clicks': value '-200' is below 0, and clicks is a count" in line
    assert "--map 'Link Clicks=ignore'" in line
    # Written as accounting writes a negative: the cell as written.
    path = write(HEADER + ROWS.format(clicks='"(1,200)"', revenue="200"))
    assert "row 3, column 'Link Clicks': value '(1,200)' is below 0" in error_line(run("score", path))


def test_negative_conversions_say_where_an_adjustment_goes(write: Any) -> None:
    path = write(HEADER + ROWS.replace(",4,", ",-10,").format(clicks="80", revenue="200"))
    line = error_line(run("score", path))
    assert "row 3, column 'Purchases': value '-10' is below 0, and conversions is a count" in line
    assert "comes off the row it corrects" in line


GOOGLE_ADS = (
    "Date,Campaign,Impressions,Clicks,Conversions,Cost,Conv. value\n"
    "2025-03-01,Brand Search,12000,600,14,300.00,1400.00\n"
    "2025-03-02,Brand Search,11000,550,{conversions},280.00,{value}\n"
    "2025-03-03,Brand Search,13000,640,16,310.00,1600.00\n"
)


def test_google_ads_conversion_adjustments_below_0_are_read_with_a_note(write: Any) -> None:
    """Google Ads retracts conversions after the fact (ConversionAdjustmentType RETRACTION
    "negates a conversion so that its total value and count are both zero": Google Ads API
    reference), and a report by day shows the day's adjustment, -2 conversions and -$200
    (audit s, finding 8: refused, asking the analyst to edit a correct export). Conversions
    14 - 2 + 16 = 28, value 1,400 - 200 + 1,600 = 2,800, cost 300 + 280 + 310 = 890:
    CPA 890 / 28 = $31.79, ROAS 2,800 / 890 = 3.15x, conversion rate 28 / (600 + 550 + 640)
    = 1.56%. The day of adjustments alone has no CPA (280 / -2 = -$140 is no price)."""
    path = write(GOOGLE_ADS.format(conversions="-2", value="-200.00"))
    result = run("score", path, "--by", "date", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "conversions below 0 in 1 row (first: row 3, 'Conversions' '-2'): read as adjustments" in (
        result.stderr
    )
    out = data(result)
    kpis = out["total"]["kpis"]
    assert kpis["conversions"]["value"] == 14 - 2 + 16
    assert kpis["revenue"]["value"] == 1400 - 200 + 1600
    assert kpis["cpa"]["value"] == pytest.approx(890 / 28)
    assert kpis["roas"]["value"] == pytest.approx(2800 / 890)
    assert kpis["conversion_rate"]["value"] == pytest.approx(28 / 1790 * 100)
    cpa = {g["label"]: g["kpis"]["cpa"] for g in out["groups"]}
    assert cpa["2025-03-02"]["value"] is None
    assert cpa["2025-03-02"]["reason"] == "conversions sum to below 0 (adjustments)"
    assert cpa["2025-03-01"]["value"] == pytest.approx(300 / 14)
    # ... nor a conversion rate (-2 / 550 = -0.36% is no rate): the other days have theirs.
    rate = {g["label"]: g["kpis"]["conversion_rate"] for g in out["groups"]}
    assert (rate["2025-03-02"]["value"], rate["2025-03-02"]["verdict"]) == (None, None)
    assert rate["2025-03-02"]["reason"] == "conversions sum to below 0 (adjustments)"
    assert rate["2025-03-03"]["value"] == pytest.approx(16 / 640 * 100)


def test_conversions_adding_up_below_0_are_still_refused(write: Any) -> None:
    """Adjustments take off no more than was counted: 14 - 40 + 16 = -10 conversions in all
    is no export of conversions; the first cell below 0 is named."""
    line = error_line(run("score", write(GOOGLE_ADS.format(conversions="-40", value="-200.00"))))
    assert "row 3, column 'Conversions': value '-40' is below 0" in line
    assert "add up to -10" in line


def test_a_refund_in_revenue_is_still_read(write: Any) -> None:
    # Revenue may go below 0 (a refund): 250 - 100 + 40 = 190 over spend 100 + 150 + 50 = 300,
    # ROAS 190 / 300 = 0.633.
    kpis = data(run("score", write(HEADER + ROWS.format(clicks="80", revenue="-100")), "-f", "json"))
    assert kpis["total"]["kpis"]["roas"]["value"] == 190 / 300


# ---------------------------------------------------------------- invisible characters

ANNA = [
    "@anna", "@an\u200bna", "@anna\u200b", "\u200e@anna", "@anna\u00a0", "@ANNA", " @anna ",
    "\uff20anna", "@an\u00adna", "\ufeff@anna", "@anna\u2060", "anna", "@an\u200dna",
]  # fmt: skip


def test_invisible_characters_and_a_full_width_at_sign_do_not_make_another_creator(write: Any) -> None:
    # 13 rows of @anna as a copy-paste writes it (zero-width space, left-to-right mark,
    # soft hyphen, a byte-order mark inside the cell, word joiner, zero-width joiner,
    # full-width ＠) and one of @аnna with a Cyrillic а, another account: 2 creators, not
    # 10; @anna's 13 rows of 1,000 impressions are 13,000.
    rows = [f"2025-03-03,Spring,Instagram,{h},1000,10,1,0,0,1\n" for h in ANNA]
    rows.append("2025-03-03,Spring\u200b,Instagram,@\u0430nna,1000,10,1,0,0,1\n")
    out = data(run("score", write(HEADER + "".join(rows)), "--by", "influencer", "-f", "json"))
    assert out["total"]["kpis"]["activated_influencers"]["value"] == 2
    groups = {g["label"]: g["kpis"]["impressions"]["value"] for g in out["groups"]}
    assert groups == {"@anna": 13000, "@\u0430nna": 1000}  # shown as they read: no hidden character
    # `Spring<ZWSP>` is the campaign Spring: one campaign of 14 rows.
    out = data(run("score", write(HEADER + "".join(rows)), "--by", "campaign", "-f", "json"))
    assert [(g["label"], g["rows"]) for g in out["groups"]] == [("Spring", 14)]


def test_joiners_inside_a_script_or_an_emoji_stay() -> None:
    from kpi_cli.text import fold, visible

    # Persian writes a zero-width non-joiner between letters, an emoji a zero-width joiner
    # between its parts: shown as written, though told apart without.
    persian, coder = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "Lena \U0001f469\u200d\U0001f4bb"
    assert visible(persian) == persian and visible(coder) == coder
    assert fold(coder) == "Lena \U0001f469\U0001f4bb"
    assert visible("@an\u200dna") == "@anna" == fold("\uff20an\u00adna")


# ---------------------------------------------------------------- --map of no header

TYPO = (
    "Date,Creator,Impressions,Link Clicks,Orders,Revenue,Net Revenue,Fee\n"
    "2025-03-03,@anna,5000,50,5,500,300,100\n"
    "2025-03-04,@ben,8000,80,4,400,250,150\n"
    "2025-03-05,@cara,2000,20,1,100,60,50\n"
)


def test_a_map_of_a_header_no_file_has_is_an_error_with_the_closest(write: Any) -> None:
    # `Net Revenu` (a letter short) fell back to kpi's own choice, Revenue: 500 + 400 + 100
    # = $1,000 and ROAS 1,000 / 300 = 3.33 (good), where the user asked for Net Revenue.
    path = write(TYPO, name="typo.csv")
    line = error_line(run("score", path, "--map", "Net Revenu=revenue"))
    assert line == (
        "kpi: error: --map 'Net Revenu=revenue': no header 'Net Revenu' in "
        f"{path}; did you mean 'Net Revenue' or 'Revenue'?"
    )
    # Spelt right: 300 + 250 + 60 = $610, ROAS 610 / 300 = 2.03.
    roas = data(run("score", path, "--map", "Net Revenue=revenue", "-f", "json"))["total"]["kpis"]["roas"]
    assert roas["value"] == 610 / 300


def test_a_map_needs_its_header_in_one_file_of_several(write: Any) -> None:
    typo = write(TYPO, name="typo.csv")
    other = write(HEADER + ROWS.format(clicks="80", revenue="200"), name="other.csv")
    # `Handle` is only in other.csv: fine.
    assert run("score", typo, other, "--map", "Handle=influencer", "-q").exit_code == 0
    # `Net Revenue` is the header `Net Revenue (USD)` without its currency, as map_headers
    # matches it: 300 + 250 + 60 = $610.
    usd = write(TYPO.replace("Net Revenue", "Net Revenue (USD)"), name="usd.csv")
    kpis = data(run("score", usd, "--map", "net revenue=revenue", "-f", "json"))["total"]["kpis"]
    assert kpis["revenue"]["value"] == 610
    line = error_line(run("score", typo, other, "--map", "Zzz=ignore"))
    assert "no header 'Zzz' in any of the 2 files; give a header as the file writes it" in line


# Audit v: cells a spreadsheet marks as text. Exporters write long IDs as `="17912…"` (so
# Excel keeps every digit) and guard cells starting with `@` with a `'` (formula injection,
# CWE-1236; kpi's own --excel-safe does so). The mark is not part of the ID or the name.
def test_post_ids_marked_as_text_are_the_same_posts(write_csv: Any) -> None:
    marked = write_csv(
        'Date,Post ID,Impressions\n2025-03-03,="17912345678901234",10000\n2025-03-04,\'0012345,8000\n',
        "a.csv",
    )
    plain = write_csv(
        "Date,Post ID,Impressions,Spend\n2025-03-03,17912345678901234,500,250\n2025-03-04,0012345,400,250\n",
        "b.csv",
    )
    report = score_files([str(marked), str(plain)])
    assert report.total.kpi("posts").value == 2  # the same two posts in both files, not 4
    assert report.total.kpi("cost_per_post").value == pytest.approx((250 + 250) / 2)  # $250, not $125


def test_handles_marked_as_text_are_the_same_creators(write_csv: Any) -> None:
    text = 'Influencer,Impressions,Clicks\n@lena,10000,120\n\'@lena,5000,50\n="@max",1000,5\n@max,1000,5\n'
    report = score_files([str(write_csv(text))], by=["influencer"])
    assert [g.label for g in report.groups] == ["@lena", "@max"]
    lena = report.groups[0]
    assert lena.kpi("ctr").value == pytest.approx((120 + 50) / (10000 + 5000) * 100)  # 1.133%


@given(st.lists(st.text(min_size=0, max_size=12), min_size=1, max_size=20))
def test_unmarked_takes_off_only_the_spreadsheet_marks(words: list[str]) -> None:
    import pyarrow as pa

    from kpi_cli.read.labels import unmarked

    plain = [w for w in words if not w.startswith(("'", "="))]
    assert unmarked(pa.array(plain, pa.string())).to_pylist() == plain  # nothing else changes
    inner = [w for w in plain if '"' not in w and "\n" not in w]
    marked = [f'="{w}"' for w in inner] + [f"'{d}{w}" for d, w in zip("0@+-=9", inner, strict=False)]
    want = inner + [f"{d}{w}" for d, w in zip("0@+-=9", inner, strict=False)]
    assert unmarked(pa.array(marked, pa.string())).to_pylist() == want
