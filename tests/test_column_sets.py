"""Each kind of input maps its own headers; kpi score's mapping is untouched."""

from __future__ import annotations

from pathlib import Path

from kpi_cli.columns import CLIENT_COLUMNS, DAILY_COLUMNS
from kpi_cli.read.frames import read_all
from kpi_cli.read.mapping import canonical_for, map_headers
from kpi_cli.read.sniff import open_sources


def test_daily_aliases() -> None:
    for header, canonical in [
        ("Total marketing spend", "marketing_spend"),
        ("Ad spend", "marketing_spend"),
        ("Spend (USD)", "marketing_spend"),
        ("Brand mentions", "mentions"),
        ("Mentions", "mentions"),
        ("Follower count", "followers"),
        ("Revenue (USD)", "revenue"),
        ("Day", "date"),
    ]:
        assert canonical_for(header, DAILY_COLUMNS) == canonical, header
    # In a campaign export `Spend` stays the creator spend and mentions are not read.
    assert canonical_for("Spend", None) == "spend"
    assert canonical_for("Brand mentions", None) is None


def test_exact_name_beats_alias_in_a_daily_file() -> None:
    for headers in (["Date", "Spend", "Marketing spend"], ["Date", "Marketing spend", "Spend"]):
        mapped = map_headers(headers, DAILY_COLUMNS)
        assert mapped.mapped["marketing_spend"] == "Marketing spend"
        assert mapped.duplicates == [("Spend", "marketing_spend")]
    # kpi score chooses by meaning: the generic profile lists Spend before Cost.
    assert map_headers(["Cost", "Spend"]).mapped["spend"] == "Spend"
    assert map_headers(["Cost", "Spend"]).duplicates == [("Cost", "spend")]


def test_client_list_aliases() -> None:
    mapped = map_headers(["Client name", "Quarter", "Account manager"], CLIENT_COLUMNS)
    assert mapped.mapped == {"client": "Client name", "period": "Quarter"}
    assert mapped.ignored == ["Account manager"]


def test_reader_parses_by_the_column_set(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('Date,Ad spend,Mentions,Followers\n2025-01-01,"$1,200.50",1.2K,"48,000"\n')
    (source,) = open_sources([str(path)], columns=DAILY_COLUMNS)
    batches = []
    read_all([source], lambda frame: batches.append(frame.to_pandas()))
    row = batches[0].iloc[0]
    assert row["marketing_spend"] == 1200.5 and row["mentions"] == 1200 and row["followers"] == 48_000
