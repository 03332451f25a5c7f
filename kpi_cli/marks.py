"""How a verdict is shown: its mark, its word, its colour.

Every verdict carries its mark (and in the funnel its word) with or without colour, so it
survives a greyscale screenshot, a pipe and colour blindness: colour only repeats it. Kept
apart from render.py (which loads pandas with the report) so `kpi kpis` and `kpi
benchmarks` colour their bands without that import.
"""

from __future__ import annotations

VERDICT_STYLES: dict[str, str] = {
    "poor": "bold red",
    "fair": "yellow",
    "good": "green",
    "excellent": "bold bright_green",
}
VERDICT_MARKS: dict[str, str] = {"poor": "✗", "fair": "~", "good": "✓", "excellent": "✓✓"}
MARKS_LEGEND = "✓✓ excellent · ✓ good · ~ fair · ✗ poor"


def verdict_words(verdict: str) -> str:
    """`✓✓ excellent`, `✗ poor`: the mark and the word."""
    return f"{VERDICT_MARKS[verdict]} {verdict}"
