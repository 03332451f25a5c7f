"""A language that changes how numbers and dates are read is chosen only on real evidence.

German, French, Spanish, Portuguese and Italian trackers write `1.200,00` and `04.03.2025`,
so recognising a file as one of them makes `1,200` read as 1.2 and 03/04 as 3 April. A
word those languages write the same as English (`URL`, `Influencer`, `Impressions`) is no
evidence of them: an English tracker with a `URL` column, or Meltwater's mention export
(`Date,Headline,URL,...,Source,Influencer,...,Reach,...,Engagement,...,Views`, as shown in
zanehill01/brandsurge.ai data/csv/README.md), was taken for German (audit j, finding 1).
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.read.profiles import ENGLISH, registry
from kpi_cli.read.vocab import normalise, split_currency

runner = CliRunner()

# Audit j's in/tracker_en_german_cost.csv: English headers, ISO dates, fees without cents.
TRACKER = (
    "Date,Influencer,URL,Impressions,Likes,Comments,Cost\n"
    '2025-03-04,@lena.styles,https://www.instagram.com/p/L1/,30000,1200,80,"1,200"\n'
    '2025-03-06,@maxcooks,https://www.tiktok.com/@maxcooks/video/7481,150000,9000,300,"2,500"\n'
    "2025-03-11,@zoe.fit,https://www.instagram.com/p/Z1/,61500,2450,120,900\n"
)

# Audit j's in/meltwater_usdates.csv: Meltwater's own header, US dates.
MELTWATER = (
    "Date,Headline,URL,Source,Influencer,Country,Language,Reach,AVE,Sentiment,Engagement,Views\n"
    "03/04/2025 10:32 AM,,https://www.instagram.com/p/AAA1/,Instagram,@lena.styles,United States,"
    "English,48200,445.87,Positive,1320,\n"
    "03/06/2025 09:00 AM,,https://www.tiktok.com/@maxcooks/video/1,TikTok,@maxcooks,United States,"
    "English,125000,1156.25,Neutral,10000,150000\n"
    "03/11/2025 11:15 AM,,https://www.instagram.com/p/AAA3/,Instagram,@zoe.fit,United States,"
    "English,61500,612.40,Positive,2450,\n"
)


def test_an_english_tracker_with_a_url_column_reads_fees_as_written(scored: Any, write: Any) -> None:
    report, notes = scored(write(TRACKER))
    kpis = report["total"]["kpis"]
    assert "German" not in notes and "decimal comma" not in notes
    assert kpis["total_spend"]["value"] == 1200 + 2500 + 900  # $4,600, not 1.2 + 2.5 + 900 = $903.70
    assert kpis["cost_per_post"]["value"] == pytest.approx(4600 / 3)  # $1,533.33
    assert kpis["cost_per_post"]["verdict"] == "poor"  # was "good" at $301.23
    assert kpis["cpm"]["value"] == pytest.approx(4600 / (30000 + 150000 + 61500) * 1000)  # $19.05
    # CPE: engagements 1,200+80 + 9,000+300 + 2,450+120 = 13,150; 4,600 / 13,150 = $0.350
    assert kpis["cpe"]["value"] == pytest.approx(4600 / 13150)
    assert kpis["cpe"]["verdict"] == "fair"  # was "excellent" at $0.069


def test_meltwater_us_dates_are_read_month_first(scored: Any, write: Any) -> None:
    report, notes = scored(write(MELTWATER))
    # 03/04, 03/06, 03/11/2025 are 4, 6 and 11 March (not 3 April, 3 June, 3 November)
    assert report["date_range"] == {"start": "2025-03-04", "end": "2025-03-11"}
    assert "German" not in notes and "day first" not in notes


# Audit j's other shape: `Name`, `URL` and `Follower` are words German writes the same.
ROSTER = (
    "Name,URL,Date,Follower,Impressions,Likes,Cost\n"
    'Lena,https://www.instagram.com/p/L1/,03/04/2025,48000,30000,1200,"1,200"\n'
    'Max,https://www.tiktok.com/@max/video/1,03/11/2025,620000,150000,9000,"2,500"\n'
)


@pytest.mark.parametrize("forced", [[], ["--profile", "influencer_tracker"]])
def test_name_url_follower_are_no_evidence_of_german(scored: Any, write: Any, forced: list[str]) -> None:
    report, notes = scored(write(ROSTER), *forced)
    assert "German" not in notes
    kpis = report["total"]["kpis"]
    assert kpis["total_spend"]["value"] == 1200 + 2500  # $3,700, not 1.2 + 2.5
    assert report["date_range"] == {"start": "2025-03-04", "end": "2025-03-11"}  # not 3 Apr – 3 Nov
    # ER by followers: (1,200 + 9,000) / (48,000 + 620,000) = 10,200 / 668,000 = 1.53 %
    assert kpis["engagement_rate_by_followers"]["value"] == pytest.approx(10200 / 668000 * 100)


def test_a_german_tracker_is_still_german(scored: Any, write: Any) -> None:
    """Real German words (`Datum`, `Impressionen`, `Kosten`) are evidence: 1.200,50 € is 1,200.50."""
    text = (
        "Datum;Influencer;URL;Impressionen;Likes;Kommentare;Kosten\n"
        '04.03.2025;@lena;https://www.instagram.com/p/L1/;30000;1200;80;"1.200,50"\n'
        "11.03.2025;@zoe;https://www.instagram.com/p/Z1/;61500;2450;120;900\n"
    )
    report, notes = scored(write(text))
    assert "German" in notes
    assert report["total"]["kpis"]["total_spend"]["value"] == pytest.approx(1200.50 + 900)
    assert report["date_range"] == {"start": "2025-03-04", "end": "2025-03-11"}  # day first


def _cases() -> list[tuple[str, str, list[str]]]:
    """Per shipped profile and language other than English: every header of that language
    that English writes the same (`URL`, `Impressions`, `CPM`, `Follower`, ...)."""
    reg = registry()
    cases = []
    for profile in reg.profiles.values():
        for language in profile.languages:
            if language == ENGLISH:
                continue
            shared = sorted(
                {
                    role.spelling
                    for key, roles in profile.roles.items()
                    for role in roles
                    if role.language == language and key in reg.english
                }
            )
            if len(shared) >= 2:
                cases.append((profile.id, language, shared))
    return cases


@pytest.mark.parametrize(("profile", "language", "headers"), _cases())
def test_no_language_is_chosen_on_words_english_writes_the_same(
    profile: str, language: str, headers: list[str]
) -> None:
    """However many such words a file has, they never make it French or German."""
    match = registry().match(headers)
    assert match is None or match.language == ENGLISH, (profile, language, headers)


def test_the_shared_words_of_the_tracker_are_english_too() -> None:
    """Each word the tracker's other languages write as English would is in its English list,
    so an English file with it is read by the English spellings (checked by hand, one by one)."""
    reg = registry()
    for header in ("URL", "Link", "Follower", "Impression", "Social", "Influencer", "Creator", "Format"):
        key = normalise(split_currency(header)[0])
        assert key in reg.english, header
        assert ENGLISH in reg.languages(key, reg.profiles["influencer_tracker"]), header
