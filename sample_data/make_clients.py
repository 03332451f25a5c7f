"""Generate ``clients.csv``, an agency's client list for ``kpi retention``.

One row per client active in a quarter, 2024-Q3 to 2025-Q2, as a CRM or billing export
gives it: rows in no particular order, a monthly retainer column kpi ignores, one client
listed twice in a quarter, and a few quarters written ``Q4 2024`` instead of ``2024-Q4``.
Each quarter some clients leave and new ones sign. Seeded with ``random.Random(2025)``:
rerunning rewrites a byte-identical file next to this script.

Usage: python sample_data/make_clients.py
"""

from __future__ import annotations

import random
from pathlib import Path

from sample_csv import write_rows  # next to this script

OUT = Path(__file__).with_name("clients.csv")
HEADERS = ["Client", "Quarter", "Account manager", "Monthly retainer"]
QUARTERS = ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
NAMES = [
    "Aurora Skincare", "Bloom & Bark", "Cedar Coffee Co", "Driftwood Outdoors", "Ember Fitness",
    "Fable Books", "Golden Hour Optics", "Harbor Kitchen", "Indigo Denim", "Juniper Tea",
    "Kestrel Cycles", "Lumen Home", "Maple Kids", "Nomad Luggage", "Orchard Juice",
    "Pebble Pets", "Quill Stationery", "Rove Travel", "Saffron Spices", "Tidal Swimwear",
    "Umber Ceramics", "Verve Sneakers", "Willow Wellness", "Yarrow Botanics", "Zest Snacks",
]  # fmt: skip
MANAGERS = ["Dana", "Luis", "Priya", "Sam"]
# Per quarter: how many clients leave and how many new ones sign (the first is the start).
CHURN = {"2024-Q4": (2, 3), "2025-Q1": (4, 4), "2025-Q2": (1, 3)}
START_CLIENTS = 15


def main() -> None:
    rng = random.Random(2025)
    waiting = NAMES[:]
    rng.shuffle(waiting)
    active = [waiting.pop() for _ in range(START_CLIENTS)]
    rows: list[list[str]] = []
    for quarter in QUARTERS:
        if quarter in CHURN:
            lost, new = CHURN[quarter]
            for name in rng.sample(active, lost):
                active.remove(name)
            active += [waiting.pop() for _ in range(new)]
        for name in active:
            written = quarter if rng.random() > 0.15 else f"{quarter[-2:]} {quarter[:4]}"
            retainer = f"${rng.randrange(2_500, 15_000, 250):,}"
            rows.append([name, written, rng.choice(MANAGERS), retainer])
    rows.append(list(rows[rng.randrange(len(rows))]))  # a row exported twice
    rng.shuffle(rows)
    write_rows(OUT, HEADERS, rows)


if __name__ == "__main__":
    main()
