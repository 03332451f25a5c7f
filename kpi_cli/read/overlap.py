"""Two downloads of one report whose dates overlap (a mid-campaign Meta export and the final
one): the days in both are counted twice.

Ads managers keep updating a day's purchases for days after the click (Meta: conversions
for a past period "will potentially increase over time", iDimension, "Facebook conversion
attribution reporting"; they update through the 28 days after a campaign ends, Akohub), so
the two downloads' overlap days rarely match to the digit and the same-row check misses
them. Rows without post IDs that name a campaign and a day (or a reporting period) are
keyed by file layout, campaign, creator and platform; two files with rows of one key on
overlapping dates list the same days. A key its own file repeats on overlapping dates
(ad sets or ads of one campaign, not read apart) says nothing, so such a file is left out.

Kept per row: 8 bytes of key and 8 of dates, for files without post IDs only (ads-manager
exports: campaigns × days), and only up to `LIMIT` rows a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from kpi_cli.hashing import hash_text, mix
from kpi_cli.read.chunks import DATE_END

if TYPE_CHECKING:
    import pandas as pd

    from kpi_cli.read.source import Source

LIMIT = 2_000_000  # rows kept a file: past it, the file's later rows are not checked
_KEYED = ("campaign", "influencer", "platform")


@dataclass
class _File:
    source: Source
    keys: list[np.ndarray] = field(default_factory=list)
    starts: list[np.ndarray] = field(default_factory=list)
    ends: list[np.ndarray] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)  # key -> the campaign, to name one
    rows: int = 0


@dataclass
class Overlaps:
    """Feed each file's frames (`start`, then `add`); `found` says which files overlap."""

    files: list[_File] = field(default_factory=list)

    def start(self, source: Source) -> None:
        self.files.append(_File(source))

    def add(self, frame: pd.DataFrame) -> None:
        now = self.files[-1]
        if "post_id" in frame.columns or "campaign" not in frame.columns or "date" not in frame.columns:
            return
        if now.rows >= LIMIT or not len(frame):
            return
        frame = frame.iloc[: LIMIT - now.rows]
        dates = frame["date"].to_numpy()
        if dates.dtype.kind != "M":
            return
        start = dates.astype("datetime64[D]").view(np.int64)
        end = frame[DATE_END].to_numpy() if DATE_END in frame.columns else dates
        end = end.astype("datetime64[D]").view(np.int64) if end.dtype.kind == "M" else start
        layout = "\x1f".join(sorted(now.source.columns.mapped))
        key = hash_text(pa.array([layout]))[0] ^ np.zeros(len(frame), dtype=np.uint64)
        for column in (c for c in _KEYED if c in frame.columns):
            key = mix(key ^ _hashes(frame[column]))
        campaign = frame["campaign"].astype("category")
        codes = campaign.cat.codes.to_numpy()
        for at in np.unique(codes[codes >= 0])[:20].tolist():  # a few names, to show one
            first = int(np.argmax(codes == at))
            now.names.setdefault(int(key[first]), str(campaign.cat.categories[at]))
        dated = start >= np.iinfo(np.int64).min + 1  # NaT is the smallest int64
        now.keys.append(key[dated])
        now.starts.append(start[dated])
        now.ends.append(np.maximum(end, start)[dated])
        now.rows += len(frame)

    def found(self) -> tuple[Source, Source, int, str] | None:
        """The first two files with rows of one key on overlapping dates: (earlier file, later
        file, the later file's rows overlapping, a campaign they share); None when none."""
        kept = []
        for number, f in enumerate(self.files):
            if not f.keys:
                continue
            key, start, end = (np.concatenate(parts) for parts in (f.keys, f.starts, f.ends))
            if len(key) and not _overlapping(key, start, end)[0].any():  # the key tells its rows apart
                kept.append((number, key, start, end))
        if len(kept) < 2:
            return None
        file = np.concatenate([np.full(len(k), n) for n, k, _, _ in kept])
        key, start, end = (np.concatenate([part[i] for part in kept]) for i in (1, 2, 3))
        hit, other = _overlapping(key, start, end)
        if not hit.any():
            return None
        first = int(np.flatnonzero(hit)[0])
        a, b = sorted((int(file[first]), int(file[other[first]])))
        involved = hit.copy()
        involved[other[hit]] = True
        rows = int((involved & (file == b)).sum())
        sample = int(key[first])
        name = self.files[b].names.get(sample) or self.files[a].names.get(sample, "")
        return self.files[a].source, self.files[b].source, rows, name


def _hashes(values: pd.Series) -> np.ndarray:
    """Each row's hash of its text (0 when blank), hashed once per distinct value."""
    values = values.astype("category")
    labels = pa.array(values.cat.categories.astype(str).tolist(), pa.string())
    table = np.append(hash_text(labels) if len(labels) else np.empty(0, np.uint64), np.uint64(0))
    return table[values.cat.codes.to_numpy()]  # code -1 (blank) -> the last


def _overlapping(key: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose dates overlap those of an earlier row (by start) of the same key, and for
    each the row it overlaps (the one reaching furthest)."""
    order = np.lexsort((start, key))
    k, s, e = key[order], start[order], end[order]
    group = np.concatenate([[0], np.cumsum(k[1:] != k[:-1])])
    span = int(e.max() - s.min()) + 1 if len(s) else 1
    base = int(s.min()) if len(s) else 0
    shifted = (e - base) + group * span  # a running max that never crosses into the next key
    reach = np.maximum.accumulate(shifted)
    at = np.arange(len(k))
    holder = np.maximum.accumulate(np.where(shifted == reach, at, 0))  # the row reaching furthest
    hit = np.zeros(len(k), dtype=bool)
    hit[1:] = (k[1:] == k[:-1]) & ((s[1:] - base) + group[1:] * span <= reach[:-1])
    other = np.zeros(len(k), dtype=np.int64)
    other[1:] = order[holder[:-1]]
    out, by = np.zeros(len(key), dtype=bool), np.zeros(len(key), dtype=np.int64)
    out[order], by[order] = hit, other
    return out, by
