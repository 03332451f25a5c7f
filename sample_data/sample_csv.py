"""The one way the sample generators write their CSV: UTF-8, `\n` line ends, a header row.

Shared so every sample is written alike and reruns stay byte-identical.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path


def write_rows(out: Path, headers: Sequence[str], rows: Sequence[Iterable[object]]) -> None:
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {out}")
