"""Performance benchmark for ``kpi score`` against a DuckDB reference.

Why this exists
---------------
``kpi`` is meant to handle real campaign exports with millions of post rows on an
ordinary laptop. This script keeps us honest about that. It

1. generates seeded, realistic post-level CSV exports (1M and 10M rows by default,
   ~120 bytes/row, so the 10M file is ~1.2 GB) and caches them in ``bench/data/``
   (git-ignored) together with a sidecar JSON holding the exact spend/revenue totals
   in integer cents; with ``--style us`` or ``eu`` the same rows written as real
   exports write them (see "Styles" below);
2. times ``kpi score FILE --format json`` and ``kpi score FILE --by influencer
   --format json`` as whole processes (wall clock, CPU, peak RSS), next to DuckDB
   computing the same sums and ratios, also as a whole process, and next to a lighter
   DuckDB query that counts posts as rows instead of distinct post IDs (on a styled
   file, DuckDB reads every column as text and cleans it in the query);
3. times ``kpi --help`` / ``kpi --version`` (start-up budget: < 0.25 s);
4. checks that every KPI kpi reports matches DuckDB to 1e-9 relative (integers
   exactly) in total and per influencer, and that money totals are exact to the cent
   (on a styled file also that both read the generator's date range, and DuckDB the
   sidecar's sums of the filled cells). Any mismatch makes the script exit non-zero.

How to run
----------
    python bench/run.py --rows 1000000,10000000      # the full benchmark
    python bench/run.py --rows 100000                  # quick smoke run
    python bench/run.py --rows 1000000 --repeat 3 --only totals
    python bench/run.py --rows 1000000 --skip-kpi      # only generator + DuckDB
    python bench/run.py --rows 1000000 --style us,eu --repeat 3   # real-looking exports
    python bench/run.py --rows 100000 --style plain,us,eu         # all three, quick

Styles
------
``--style plain`` (the default) is pyarrow's CSV of the generated rows, byte for byte
what it always was. ``us`` and ``eu`` write the same seeded rows as a spreadsheet or
an ads manager would, and leave about 1 % of each numeric column blank (seeded, every
column on its own; dates, campaign, platform, influencer, tier and post ID are never
blank):

    us   Post Date,...,Creator Handle,...,Link Clicks,Sessions,Orders,Revenue,Creator Fee
         6/28/2024,...,"26,033","3,659",...,56,$0.00,"$1,306.81"   (quoted when grouped)
    eu   Datum;...;Influencer;...;Link-Klicks;Sitzungen;Bestellungen;Umsatz;Honorar
         28.06.2024;...;26.033;3.659;...;56;0,00 €;1.306,81 €

They are cached as ``posts_<rows>_seed<seed>_<style>.csv``; their sidecar holds the
money totals in cents, each count column's sum over its filled cells, the blank cells
per column and the date range, all from the generated integers. DuckDB's reference for
them reads every column as VARCHAR, strips separators and currency signs with
``replace``, ``TRY_CAST``s (a blank cell is NULL, so sums skip it), parses the dates
with ``strptime``, and computes each ratio as kpi defines it: over the rows where both
of its sides are known (``sum(clicks) FILTER (WHERE clicks IS NOT NULL AND impressions
IS NOT NULL)``), engagements per row being likes + comments + shares + saves, known
where any of the four is; cost per post is Σ spend / the posts with a spend cell filled.
In both references, a group with Σ spend = 0 has no ROAS, ROI or cost KPIs (kpi's
"no spend recorded").

Targets (issue #6), on the 10M-row file: wall time <= 1.0x DuckDB's for totals and for
--by influencer, peak RSS <= 500 MiB, time linear in rows; start-up < 0.25 s.

``--data-dir`` may point at CSVs cached by another checkout; nothing is written there
unless a file has to be generated (scratch always goes to this checkout's bench/data).

Use the project venv's python (``kpi`` is looked up next to ``sys.executable``
first, then on PATH; override with ``--kpi "python -m kpi_cli"``).

All timings are with the CSV in the OS page cache (the file is read once before
timing), so they measure parsing and aggregation, not the disk. Each timed command
includes interpreter start-up and imports, for kpi and DuckDB alike; the DuckDB
helper also reports its in-process query time separately. With ``--repeat N`` the
DuckDB and kpi runs of a query take turns (A B A B ...), so both sides of a ratio see
the same fast and slow spells of the machine. The table gives each command's median
and best wall time, the spread of its runs ((slowest - fastest) / median), its median
CPU time and the largest peak RSS of its runs; "vs DuckDB" is median over median, and
"(best)" best over best.

With ``--floor`` it also times kpi's own CSV reader alone (pyarrow parsing the columns
``kpi score`` reads, no pandas, no sums): the time kpi cannot go below with that reader.

Internal modes (used by the benchmark itself, one fresh process per measurement):
    python bench/run.py --duckdb-query totals|by|totals-rows|by-rows FILE [--duckdb-threads N]
                        [--duckdb-style plain|us|eu]
    python bench/run.py --parse-only FILE
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # heavy imports stay lazy so the DuckDB child only imports duckdb
    import numpy as np
    import pyarrow as pa

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = BENCH_DIR / "data"

# ---------------------------------------------------------------------------
# Data model of the generated export
# ---------------------------------------------------------------------------

GENERATOR_VERSION = 1  # bump when the generated data changes; invalidates the cache
CHUNK_ROWS = 1_000_000

COLUMNS: tuple[str, ...] = (
    "date",
    "campaign",
    "platform",
    "influencer",
    "tier",
    "post_id",
    "followers",
    "reach",
    "impressions",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "sessions",
    "conversions",
    "revenue",
    "spend",
)
INT_COLUMNS: tuple[str, ...] = COLUMNS[6:17]
MONEY_COLUMNS: tuple[str, ...] = ("revenue", "spend")

TIERS = ("nano", "micro", "mid", "macro", "mega")
TIER_SHARE = (0.40, 0.30, 0.17, 0.10, 0.03)
TIER_FOLLOWERS = (
    (1_000, 10_000),
    (10_000, 50_000),
    (50_000, 500_000),
    (500_000, 1_000_000),
    (1_000_000, 20_000_000),
)
TIER_ENGAGEMENT = (0.060, 0.040, 0.025, 0.018, 0.012)  # likes per impression
TIER_GIFTED = (0.08, 0.04, 0.01, 0.0, 0.0)  # share of posts with zero spend
PLATFORMS = ("instagram", "tiktok", "youtube")
PLATFORM_SHARE = (0.5, 0.3, 0.2)
PLATFORM_VIEW_RATE = ((2.0, 5.0), (5.0, 2.0), (6.0, 3.0))  # beta(a, b) views/impressions
CAMPAIGNS = tuple(
    f"{season}_{theme}"
    for season in ("spring", "summer", "autumn", "winter")
    for theme in ("launch", "sale", "awareness", "creators", "holiday")
)  # 20 campaigns
N_INFLUENCERS = 5_000
YEAR_START_DAYS = 19_723  # 2024-01-01 as days since 1970-01-01
YEAR_DAYS = 366  # 2024 is a leap year
POST_ID_DIGITS = 10  # post ids look like p0000000123

_SYLLABLES = (
    "ka", "mi", "ro", "la", "ne", "zu", "ti", "va", "so", "be",
    "ly", "da", "xo", "fi", "ra", "mo", "ju", "po", "se", "ki",
)  # fmt: skip


@dataclass
class Influencers:
    handles: pa.Array  # string dictionary for the influencer column
    tier: np.ndarray  # int8 index into TIERS
    platform: np.ndarray  # int8 index into PLATFORMS
    followers: np.ndarray  # int64 base follower count
    weight_cdf: np.ndarray  # cumulative posting-activity weights


def _influencers(seed: int) -> Influencers:
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng([seed, 0])
    n = N_INFLUENCERS
    syl = np.array(_SYLLABLES)
    parts = rng.integers(0, len(syl), size=(n, 3))
    handles = [f"@{syl[a]}{syl[b]}{syl[c]}_{i:04d}" for i, (a, b, c) in enumerate(parts.tolist())]
    tier = rng.choice(len(TIERS), size=n, p=TIER_SHARE).astype(np.int8)
    platform = rng.choice(len(PLATFORMS), size=n, p=PLATFORM_SHARE).astype(np.int8)
    lo = np.array([t[0] for t in TIER_FOLLOWERS], dtype=np.float64)[tier]
    hi = np.array([t[1] for t in TIER_FOLLOWERS], dtype=np.float64)[tier]
    followers = np.exp(rng.uniform(np.log(lo), np.log(hi))).astype(np.int64)
    weight = rng.lognormal(0.0, 0.8, size=n)
    cdf = np.cumsum(weight)
    cdf /= cdf[-1]
    return Influencers(pa.array(handles, pa.string()), tier, platform, followers, cdf)


def _fixed_width_ids(start: int, n: int) -> pa.Array:
    """``p`` + zero-padded row number, built directly as an Arrow string buffer."""
    import numpy as np
    import pyarrow as pa

    width = 1 + POST_ID_DIGITS
    data = np.empty((n, width), dtype=np.uint8)
    data[:, 0] = ord("p")
    v = np.arange(start, start + n, dtype=np.int64)
    for k in range(POST_ID_DIGITS, 0, -1):
        data[:, k] = v % 10 + ord("0")
        v //= 10
    offsets = np.arange(0, width * (n + 1), width, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _money(cents: np.ndarray) -> pa.Array:
    """Integer cents -> decimal128(18, 2): the CSV writer prints exactly 2 decimals."""
    import numpy as np
    import pyarrow as pa

    assert sys.byteorder == "little" and int(cents.min(initial=0)) >= 0
    words = np.zeros((len(cents), 2), dtype=np.int64)  # 128-bit little-endian, high word 0
    words[:, 0] = cents
    return pa.Array.from_buffers(pa.decimal128(18, 2), len(cents), [None, pa.py_buffer(words)])


def _binomial(rng: np.random.Generator, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    import numpy as np

    return rng.binomial(n, np.clip(p, 0.0, 1.0)).astype(np.int64)


def _chunk(
    seed: int, index: int, start: int, n: int, inf: Influencers
) -> tuple[pa.Table, int, int, dict[str, np.ndarray]]:
    """One chunk of rows; returns the table, its exact spend and revenue cents, and the
    generated integers (counts, money in cents, day of the year) for the styled writers."""
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng([seed, 1, index])
    who = np.searchsorted(inf.weight_cdf, rng.random(n), side="right").astype(np.int32)
    who = np.minimum(who, N_INFLUENCERS - 1)
    tier = inf.tier[who]
    platform = inf.platform[who]
    campaign = rng.integers(0, len(CAMPAIGNS), size=n, dtype=np.int32)
    # Campaigns run in their season (spring = March..May, ..., winter wraps round).
    season_start = np.array([59, 151, 243, 335], dtype=np.int32)[campaign // 5]
    day = (season_start + rng.integers(0, 92, size=n, dtype=np.int32)) % YEAR_DAYS

    growth = 1.0 + 0.15 * day / YEAR_DAYS  # audiences grow a little over the year
    followers = (inf.followers[who] * growth).astype(np.int64)
    reach = (followers * rng.beta(2.0, 8.0, size=n)).astype(np.int64)
    impressions = reach + (reach * rng.gamma(2.0, 0.15, size=n)).astype(np.int64)
    va = np.array([p[0] for p in PLATFORM_VIEW_RATE])[platform]
    vb = np.array([p[1] for p in PLATFORM_VIEW_RATE])[platform]
    views = (impressions * rng.beta(va, vb)).astype(np.int64)
    er = np.array(TIER_ENGAGEMENT)[tier] * rng.lognormal(0.0, 0.5, size=n)
    likes = _binomial(rng, impressions, np.minimum(er, 0.5))
    comments = _binomial(rng, likes, np.full(n, 0.03))
    shares = _binomial(rng, likes, np.full(n, 0.05))
    saves = _binomial(rng, likes, np.full(n, 0.04))
    clicks = _binomial(rng, impressions, 0.008 * rng.lognormal(0.0, 0.6, size=n))
    sessions = _binomial(rng, clicks, np.full(n, 0.75))
    conversions = _binomial(rng, sessions, 0.04 * rng.lognormal(0.0, 0.5, size=n))

    aov_cents = rng.integers(2_000, 20_000, size=n, dtype=np.int64)
    revenue_cents = conversions * aov_cents + np.where(
        conversions > 0, rng.integers(0, 100, size=n, dtype=np.int64), 0
    )
    spend_cents = (followers * rng.uniform(0.3, 1.5, size=n)).astype(np.int64) + rng.integers(
        0, 100, size=n, dtype=np.int64
    )
    gifted = rng.random(n) < np.array(TIER_GIFTED)[tier]
    spend_cents[gifted] = 0

    def dictionary(idx: np.ndarray, values: pa.Array | tuple[str, ...]) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(idx.astype(np.int32)), values)

    columns: dict[str, pa.Array] = {
        "date": pa.array(day + YEAR_START_DAYS, pa.int32()).cast(pa.date32()),
        "campaign": dictionary(campaign, pa.array(CAMPAIGNS)),
        "platform": dictionary(platform, pa.array(PLATFORMS)),
        "influencer": dictionary(who, inf.handles),
        "tier": dictionary(tier, pa.array(TIERS)),
        "post_id": _fixed_width_ids(start, n),
    }
    ints = {
        "followers": followers,
        "reach": reach,
        "impressions": impressions,
        "views": views,
        "likes": likes,
        "comments": comments,
        "shares": shares,
        "saves": saves,
        "clicks": clicks,
        "sessions": sessions,
        "conversions": conversions,
    }
    for name, values in ints.items():
        columns[name] = pa.array(values, pa.int64())
    columns["revenue"] = _money(revenue_cents)
    columns["spend"] = _money(spend_cents)
    table = pa.table([columns[c] for c in COLUMNS], names=list(COLUMNS))
    raw = {**ints, "revenue": revenue_cents, "spend": spend_cents, "day": day}
    return table, int(spend_cents.sum()), int(revenue_cents.sum()), raw


# ---------------------------------------------------------------------------
# Styled exports: the same rows as a spreadsheet or an ads manager writes them
# ---------------------------------------------------------------------------

STYLES = ("plain", "us", "eu")
STYLED_VERSION = 1  # bump when the styled writing changes; invalidates the styled files only
BLANK_SHARE = 0.01  # share of the numeric cells the styled files leave blank, column by column
BLANK_COLUMNS: tuple[str, ...] = (*INT_COLUMNS, *MONEY_COLUMNS)  # dimensions are never blank


@dataclass(frozen=True)
class Style:
    """How a styled file writes the generated rows (`plain` is pyarrow's CSV writer)."""

    delim: str
    group: str  # thousands separator of counts and money
    point: str  # decimal mark of money
    money_prefix: str
    money_suffix: str
    quote_grouped: bool  # quote a cell whose thousands separator is the delimiter
    date: str  # str.format of a date cell, given y, m, d
    date_sql: str  # DuckDB strptime format of the same cells
    headers: dict[str, str]  # header of each generated column


STYLE_DEFS: dict[str, Style] = {
    # An English tracker or ads-manager export saved from a US spreadsheet: "26,102",
    # "$1,234.56", 3/14/2024, a blank cell for a figure not reported.
    "us": Style(
        delim=",", group=",", point=".", money_prefix="$", money_suffix="", quote_grouped=True,
        date="{m}/{d}/{y}", date_sql="%m/%d/%Y",
        headers=dict(zip(COLUMNS, (
            "Post Date", "Campaign", "Platform", "Creator Handle", "Tier", "Post ID", "Followers",
            "Reach", "Impressions", "Video Views", "Likes", "Comments", "Shares", "Saves",
            "Link Clicks", "Sessions", "Orders", "Revenue", "Creator Fee",
        ), strict=True)),
    ),
    # A German Excel "CSV (Trennzeichen-getrennt)": `;`, 26.102, 1.234,56 €, 14.03.2024.
    "eu": Style(
        delim=";", group=".", point=",", money_prefix="", money_suffix=" €", quote_grouped=False,
        date="{d:02d}.{m:02d}.{y}", date_sql="%d.%m.%Y",
        headers=dict(zip(COLUMNS, (
            "Datum", "Kampagne", "Plattform", "Influencer", "Tier", "Post-Link", "Follower",
            "Reichweite", "Impressionen", "Aufrufe", "Likes", "Kommentare", "Geteilt", "Gespeichert",
            "Link-Klicks", "Sitzungen", "Bestellungen", "Umsatz", "Honorar",
        ), strict=True)),
    ),
}  # fmt: skip


def _format_amounts(values: np.ndarray, blank: np.ndarray, style: Style, money: bool) -> pa.Array:
    """Non-negative integers (money: cents) as a styled export writes them, blank cells as
    "". Built right to left in a fixed-width byte matrix, then packed into an Arrow string
    buffer: no Python loop over rows."""
    import numpy as np
    import pyarrow as pa

    n = len(values)
    assert int(values.min(initial=0)) >= 0
    width = 40  # quotes, prefix, 19 digits, 6 separators, decimals and suffix fit
    mat = np.zeros((n, width), dtype=np.uint8)
    pos = np.full(n, width, dtype=np.int64)  # where each row's text starts so far
    live = ~blank
    v = np.where(live, values, 0)

    def put(mask: np.ndarray, chars: Any) -> None:
        rows = np.flatnonzero(mask)
        pos[rows] -= 1
        mat[rows, pos[rows]] = chars if np.isscalar(chars) else chars[rows]

    quoted = (
        live & (v >= (100_000 if money else 1_000))
        if style.quote_grouped and style.group == style.delim
        else np.zeros(n, bool)
    )
    put(quoted, ord('"'))
    if money:
        for ch in reversed(style.money_suffix.encode()):
            put(live, ch)
        for _ in range(2):
            put(live, v % 10 + ord("0"))
            v = v // 10
        put(live, ord(style.point))
    k = 0
    while True:
        active = live & ((v > 0) | (k == 0))
        if not active.any():
            break
        if k and k % 3 == 0:
            put(active, ord(style.group))
        put(active, v % 10 + ord("0"))
        v = v // 10
        k += 1
    if money:
        for ch in reversed(style.money_prefix.encode()):
            put(live, ch)
    put(quoted, ord('"'))
    data = mat[np.arange(width)[None, :] >= pos[:, None]]  # row-major: the rows' texts in order
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(width - pos, out=offsets[1:])
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


@dataclass
class Dataset:
    path: Path
    rows: int
    seed: int
    meta: dict[str, Any]
    style: str = "plain"

    @property
    def spend_cents(self) -> int:
        return int(self.meta["spend_cents"])

    @property
    def revenue_cents(self) -> int:
        return int(self.meta["revenue_cents"])


def dataset_paths(data_dir: Path, rows: int, seed: int, style: str = "plain") -> tuple[Path, Path]:
    stem = f"posts_{rows}_seed{seed}" + ("" if style == "plain" else f"_{style}")
    return data_dir / f"{stem}.csv", data_dir / f"{stem}.json"


def load_cached(data_dir: Path, rows: int, seed: int, style: str = "plain") -> Dataset | None:
    csv_path, meta_path = dataset_paths(data_dir, rows, seed, style)
    if not (csv_path.is_file() and meta_path.is_file()):
        return None
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    ok = (
        meta.get("generator_version") == GENERATOR_VERSION
        and meta.get("rows") == rows
        and meta.get("seed") == seed
        and meta.get("bytes") == csv_path.stat().st_size
        and meta.get("style", "plain") == style
        and (style == "plain" or meta.get("styled_version") == STYLED_VERSION)
    )
    return Dataset(csv_path, rows, seed, meta, style) if ok else None


def generate(data_dir: Path, rows: int, seed: int, style: str = "plain") -> Dataset:
    """Write the CSV chunk by chunk (memory stays ~1 chunk), then the sidecar JSON."""
    if style != "plain":
        return generate_styled(data_dir, rows, seed, style)
    import pyarrow as pa
    import pyarrow.csv as pacsv

    data_dir.mkdir(parents=True, exist_ok=True)
    csv_path, meta_path = dataset_paths(data_dir, rows, seed)
    tmp_path = csv_path.with_suffix(".csv.partial")
    t0 = time.perf_counter()
    inf = _influencers(seed)
    spend_total = 0  # exact, Python int
    revenue_total = 0
    options = pacsv.WriteOptions(include_header=False, quoting_style="none")
    with pa.OSFile(str(tmp_path), "wb") as sink:
        # pyarrow always quotes header names, so the header is written by hand.
        sink.write((",".join(COLUMNS) + "\n").encode())
        for index, start in enumerate(range(0, rows, CHUNK_ROWS)):
            n = min(CHUNK_ROWS, rows - start)
            table, spend, revenue, _ = _chunk(seed, index, start, n, inf)
            spend_total += spend
            revenue_total += revenue
            pacsv.write_csv(table, sink, options)
    tmp_path.replace(csv_path)
    seconds = time.perf_counter() - t0
    meta: dict[str, Any] = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "rows": rows,
        "bytes": csv_path.stat().st_size,
        "columns": list(COLUMNS),
        "spend_cents": spend_total,
        "revenue_cents": revenue_total,
        "generate_seconds": round(seconds, 3),
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return Dataset(csv_path, rows, seed, meta)


def generate_styled(data_dir: Path, rows: int, seed: int, style_name: str) -> Dataset:
    """The plain file's rows (same seed, same figures) written in `style_name`, with about
    1 % of each numeric column blank (seeded). The sidecar's totals are exact integers
    (money in cents) over the cells left filled."""
    import datetime as dt

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    style = STYLE_DEFS[style_name]
    data_dir.mkdir(parents=True, exist_ok=True)
    csv_path, meta_path = dataset_paths(data_dir, rows, seed, style_name)
    tmp_path = csv_path.with_suffix(".csv.partial")
    t0 = time.perf_counter()
    inf = _influencers(seed)
    epoch = dt.date(1970, 1, 1)
    days = [epoch + dt.timedelta(days=YEAR_START_DAYS + i) for i in range(YEAR_DAYS)]
    day_text = pa.array([style.date.format(y=d.year, m=d.month, d=d.day) for d in days], pa.string())
    sums = dict.fromkeys(BLANK_COLUMNS, 0)  # exact, Python ints; money in cents
    blanks = dict.fromkeys(BLANK_COLUMNS, 0)
    first_day, last_day = YEAR_DAYS, -1
    with pa.OSFile(str(tmp_path), "wb") as sink:
        sink.write((style.delim.join(style.headers[c] for c in COLUMNS) + "\n").encode())
        for index, start in enumerate(range(0, rows, CHUNK_ROWS)):
            n = min(CHUNK_ROWS, rows - start)
            table, _, _, raw = _chunk(seed, index, start, n, inf)
            rng = np.random.default_rng([seed, 2, index])  # blanks: a stream of their own
            first_day = min(first_day, int(raw["day"].min()))
            last_day = max(last_day, int(raw["day"].max()))
            cells: list[pa.Array] = []
            for col in COLUMNS:
                if col == "date":
                    cells.append(pc.take(day_text, pa.array(raw["day"])))
                elif col in BLANK_COLUMNS:
                    blank = rng.random(n) < BLANK_SHARE
                    values = raw[col]
                    sums[col] += int(values[~blank].sum())
                    blanks[col] += int(np.count_nonzero(blank))
                    cells.append(_format_amounts(values, blank, style, col in MONEY_COLUMNS))
                else:
                    cells.append(table.column(col).combine_chunks().cast(pa.string()))
            lines = pc.binary_join_element_wise(*cells, style.delim)
            lines = pc.binary_join_element_wise(lines, pa.scalar(""), "\n")  # each line ends in \n
            offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[lines.offset : lines.offset + n + 1]
            sink.write(lines.buffers()[2].slice(int(offsets[0]), int(offsets[-1] - offsets[0])))
    tmp_path.replace(csv_path)
    seconds = time.perf_counter() - t0
    meta: dict[str, Any] = {
        "generator_version": GENERATOR_VERSION,
        "style": style_name,
        "styled_version": STYLED_VERSION,
        "seed": seed,
        "rows": rows,
        "bytes": csv_path.stat().st_size,
        "columns": list(COLUMNS),
        "headers": [style.headers[c] for c in COLUMNS],
        "spend_cents": sums["spend"],
        "revenue_cents": sums["revenue"],
        "sums": {c: sums[c] for c in INT_COLUMNS},  # over the filled cells
        "blank_cells": blanks,
        "date_range": [days[first_day].isoformat(), days[last_day].isoformat()],
        "generate_seconds": round(seconds, 3),
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return Dataset(csv_path, rows, seed, meta, style_name)


# ---------------------------------------------------------------------------
# DuckDB reference (runs in its own process: --duckdb-query MODE FILE)
# ---------------------------------------------------------------------------

# Integer KPIs are compared exactly, everything else to REL_TOL.
INT_KPIS = (
    "reach",
    "impressions",
    "views",
    "engagements",
    "clicks",
    "traffic",
    "conversions",
    "saves",
    "shares",
    "activated_influencers",
    "posts",
)
MONEY_KPIS = ("revenue", "total_spend")
RATIO_KPIS = (
    "frequency",
    "engagement_rate",
    "engagement_rate_by_followers",
    "ctr",
    "conversion_rate",
    "session_conversion_rate",
    "roas",
    "roi",
    "cost_per_post",
    "cpm",
    "rpm",
    "cpe",
    "cpc",
    "cpa",
)
KPI_IDS = (*INT_KPIS, *MONEY_KPIS, *RATIO_KPIS)
REFERENCE_MODES = ("totals", "by", "totals-rows", "by-rows")  # -rows: posts counted as rows
REL_TOL = 1e-9


# KPIs that judge what the spend bought: with no spend recorded (Σ spend = 0, a gifted
# campaign or creator) kpi gives them no figure, "$0 per click is not an excellent price"
# (kpis._spend_notes); the references say NULL there too.
NO_SPEND_KPIS = ("roas", "roi", "cost_per_post", "cpm", "cpe", "cpc", "cpa")


def _no_spend_sql(query: str) -> str:
    cases = ", ".join(f"CASE WHEN total_spend = 0 THEN NULL ELSE {k} END AS {k}" for k in NO_SPEND_KPIS)
    return f"SELECT * REPLACE ({cases}) FROM ({query})"


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def reference_sql(path: str, by: str | None, posts_as_rows: bool = False) -> str:
    """The reference query. `posts_as_rows` counts posts as rows instead of distinct post
    IDs: the same figure on the generated files (every row is its own post), and about
    two fifths of DuckDB's time on the 10M file (its distinct count of 10M strings)."""
    types = {c: "VARCHAR" for c in COLUMNS}
    types["date"] = "DATE"
    types.update({c: "BIGINT" for c in INT_COLUMNS})
    types.update({c: "DECIMAL(18,2)" for c in MONEY_COLUMNS})  # exact sums, to the cent
    columns = ", ".join(f"{_sql_literal(c)}: {_sql_literal(t)}" for c, t in types.items())
    key = f"{by} AS group_key, " if by else ""
    group = f"GROUP BY {by}" if by else ""
    # Division by zero yields +-inf/NaN in current DuckDB, so guard with nullif -> NULL.
    return f"""
WITH s AS (
    SELECT {key}
        count(*) AS n_rows,
        count(DISTINCT influencer) AS activated_influencers,
        {"count(*)" if posts_as_rows else "count(DISTINCT post_id)"} AS posts,
        sum(followers) AS followers,
        sum(reach) AS reach,
        sum(impressions) AS impressions,
        sum(views) AS views,
        sum(likes) AS likes,
        sum(comments) AS comments,
        sum(shares) AS shares,
        sum(saves) AS saves,
        sum(clicks) AS clicks,
        sum(sessions) AS traffic,
        sum(conversions) AS conversions,
        sum(revenue) AS revenue,
        sum(spend) AS total_spend
    FROM read_csv({_sql_literal(path)}, header = true, delim = ',', quote = '"',
                  auto_detect = false, columns = {{{columns}}})
    {group}
), e AS (
    SELECT *, likes + comments + shares + saves AS engagements FROM s
)
SELECT *,
    impressions::DOUBLE / nullif(reach, 0) AS frequency,
    engagements::DOUBLE / nullif(impressions, 0) * 100 AS engagement_rate,
    engagements::DOUBLE / nullif(followers, 0) * 100 AS engagement_rate_by_followers,
    clicks::DOUBLE / nullif(impressions, 0) * 100 AS ctr,
    conversions::DOUBLE / nullif(clicks, 0) * 100 AS conversion_rate,
    conversions::DOUBLE / nullif(traffic, 0) * 100 AS session_conversion_rate,
    revenue::DOUBLE / nullif(total_spend::DOUBLE, 0) AS roas,
    (revenue - total_spend)::DOUBLE / nullif(total_spend::DOUBLE, 0) * 100 AS roi,
    total_spend::DOUBLE / nullif(posts, 0) AS cost_per_post,
    total_spend::DOUBLE / nullif(impressions, 0) * 1000 AS cpm,
    revenue::DOUBLE / nullif(impressions, 0) * 1000 AS rpm,
    total_spend::DOUBLE / nullif(engagements, 0) AS cpe,
    total_spend::DOUBLE / nullif(clicks, 0) AS cpc,
    total_spend::DOUBLE / nullif(conversions, 0) AS cpa
FROM e
"""


def _clean_sql(col: str, style: Style, money: bool) -> str:
    """A styled cell back to a number: separators, currency sign and decimal comma off,
    then TRY_CAST (a blank cell is NULL, and so skipped by the sums)."""
    text = f'"{col}"'
    if money:
        for sign in (style.money_prefix, style.money_suffix):
            if sign:
                text = f"replace({text}, {_sql_literal(sign)}, '')"
    text = f"replace({text}, {_sql_literal(style.group)}, '')"
    if money and style.point != ".":
        text = f"replace({text}, {_sql_literal(style.point)}, '.')"
    return f"TRY_CAST({text} AS {'DECIMAL(18,2)' if money else 'BIGINT'}) AS {col}"


def styled_reference_sql(path: str, style_name: str, by: str | None, posts_as_rows: bool = False) -> str:
    """The reference query over a styled file: every column read as text, cleaned in SQL,
    dates parsed with strptime (their range is compared with kpi's), sums skipping blank
    cells, and each ratio over the rows where both of its sides are known."""
    style = STYLE_DEFS[style_name]
    columns = ", ".join(f"{_sql_literal(c)}: 'VARCHAR'" for c in COLUMNS)
    numbers = ",\n        ".join(_clean_sql(c, style, c in MONEY_COLUMNS) for c in BLANK_COLUMNS)
    key = f"{by} AS group_key, " if by else ""
    group = f"GROUP BY {by}" if by else ""
    parts = ("likes", "comments", "shares", "saves")
    known = {c: f"{c} IS NOT NULL" for c in (*INT_COLUMNS, *MONEY_COLUMNS)}
    known["eng"] = "eng_known"
    sums, ratios = [], []
    # Each ratio over the rows where both of its sides are known (kpi's README: "A ratio
    # stands on the rows where both of its sides are known"), from the one table of the
    # DuckDB references' ratios (bench/ is on sys.path when this script runs); a styled
    # file has no completed views, so video completion rate is left out.
    from duckdb_small import RATIOS

    for kpi, (num, den, scale, net) in RATIOS.items():
        if num not in known or den not in known:
            continue
        both = f"{known[num]} AND {known[den]}"
        sums.append(f"sum({num}) FILTER (WHERE {both}) AS {kpi}_num")
        sums.append(f"sum({den}) FILTER (WHERE {both}) AS {kpi}_den")
        top = f"({kpi}_num - {kpi}_den)" if net else f"{kpi}_num"
        ratios.append(f"{top}::DOUBLE / nullif({kpi}_den::DOUBLE, 0) * {scale} AS {kpi}")
    paired = ",\n        ".join(sums)
    ratio_sql = ",\n    ".join(ratios)
    return f"""
WITH r AS (
    SELECT influencer, post_id,
        strptime(date, {_sql_literal(style.date_sql)})::DATE AS date,
        {numbers}
    FROM read_csv({_sql_literal(path)}, header = true, delim = {_sql_literal(style.delim)},
                  quote = '"', auto_detect = false, columns = {{{columns}}})
), e AS (
    SELECT *,
        {" + ".join(f"coalesce({c}, 0)" for c in parts)} AS eng,
        {" OR ".join(f"{c} IS NOT NULL" for c in parts)} AS eng_known
    FROM r
), s AS (
    SELECT {key}
        count(*) AS n_rows,
        count(DISTINCT influencer) AS activated_influencers,
        {"count(*)" if posts_as_rows else "count(DISTINCT post_id)"} AS posts,
        min(date) AS first_date,
        max(date) AS last_date,
        sum(reach) AS reach,
        sum(impressions) AS impressions,
        sum(views) AS views,
        sum(eng) FILTER (WHERE eng_known) AS engagements,
        sum(shares) AS shares,
        sum(saves) AS saves,
        sum(clicks) AS clicks,
        sum(sessions) AS traffic,
        sum(conversions) AS conversions,
        sum(revenue) AS revenue,
        sum(spend) AS total_spend,
        {"count(*)" if posts_as_rows else "count(DISTINCT post_id)"} FILTER (WHERE spend IS NOT NULL)
            AS priced_posts,
        {paired}
    FROM e
    {group}
)
SELECT *,
    {ratio_sql},
    total_spend::DOUBLE / nullif(priced_posts, 0) AS cost_per_post
FROM s
"""


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def duckdb_query(mode: str, path: str, threads: int, temp_dir: str | None, style: str = "plain") -> int:
    """Child-process mode: run the reference query and print JSON on stdout."""
    t0 = time.perf_counter()
    import duckdb

    con = duckdb.connect(":memory:")
    if threads > 0:
        con.execute(f"SET threads = {threads}")
    # In-memory DuckDB spills to ./.tmp by default; keep any spill inside bench/data.
    con.execute(f"SET temp_directory = {_sql_literal(temp_dir or str(DEFAULT_DATA_DIR / 'tmp'))}")
    t1 = time.perf_counter()
    query, _, rows = mode.partition("-")
    by = "influencer" if query == "by" else None
    as_rows = rows == "rows"
    if style == "plain":
        sql = reference_sql(path, by, posts_as_rows=as_rows)
    else:
        sql = styled_reference_sql(path, style, by, posts_as_rows=as_rows)
    cur = con.execute(_no_spend_sql(sql))
    names = [d[0] for d in cur.description]
    records = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    t2 = time.perf_counter()

    def pack(rec: dict[str, Any]) -> dict[str, Any]:
        packed = {
            "rows": rec["n_rows"],
            "kpis": {k: _jsonable(rec[k]) for k in KPI_IDS},
            "cents": {k: None if rec[k] is None else int(rec[k] * 100) for k in MONEY_KPIS},
        }
        if "first_date" in rec:  # styled files: the parsed dates' range
            packed["date_range"] = [rec["first_date"].isoformat(), rec["last_date"].isoformat()]
        return packed

    out: dict[str, Any] = {
        "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],  # type: ignore[index]
        "duckdb_version": duckdb.__version__,
        "setup_seconds": t1 - t0,
        "query_seconds": t2 - t1,
    }
    if query == "by":
        out["groups"] = {rec["group_key"]: pack(rec) for rec in records}
    else:
        out["total"] = pack(records[0])
    # One write: under PYTHONUNBUFFERED json.dump would issue ~650k tiny writes.
    sys.stdout.buffer.write(json.dumps(out).encode() + b"\n")
    sys.stdout.flush()
    return 0


# ---------------------------------------------------------------------------
# Measuring child processes
# ---------------------------------------------------------------------------


@dataclass
class Measurement:
    wall: float  # seconds, time.perf_counter around spawn .. reap
    cpu: float  # user + sys seconds of the child (and its reaped descendants)
    max_rss_kib: int  # peak resident set size of the child (or its largest descendant)
    returncode: int
    stdout: bytes = field(repr=False)
    stderr: bytes = field(repr=False)


# Peak RSS needs a *small* parent between us and the measured command. Linux keeps the
# RSS high-water mark across fork + exec, so a child forked straight from this script
# (which holds numpy/pyarrow and the generator's buffers: 150+ MiB) would report our
# RSS, not its own, even for `kpi --version`; and getrusage(RUSAGE_CHILDREN) is a max
# over every child ever reaped, so it cannot be diffed per command. So each command
# runs under GNU `/usr/bin/time -f %M` (a ~2 MiB C process) when a self-test shows
# it reports correctly (GNU time 1.7 reported 4x too much on newer kernels), else
# under the tiny Python launcher below, which forks, execs, reaps with os.wait4 and
# writes ru_maxrss (KiB) to a file; its own ~10 MiB is then the floor of what we see.
# Wall time is time.perf_counter around the whole thing in this process; the
# launcher adds about a millisecond.
_PY_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""
_launcher: list[str] | None = None


def parse_only(path: str) -> int:
    """Child-process mode: parse FILE with kpi's reader, the columns `kpi score` reads,
    and nothing else; prints the row count. Where kpi's time would be with no work
    after parsing (no pandas columns, no sums, no report)."""
    from kpi_cli.columns import score_needs
    from kpi_cli.read import chunks
    from kpi_cli.read.sniff import open_sources

    (source,) = open_sources([path])
    wanted = chunks.wanted_columns(source, score_needs())
    rows = 0
    with chunks.ChunkParser(source, wanted, True) as parser:
        for chunk in parser:
            rows += chunk.batch.num_rows
    if parser.rest is not None:
        raise SystemExit("--parse-only: the file has quotes; the floor is for the generated exports")
    print(rows)
    return 0


def rss_launcher() -> list[str]:
    """Command prefix; append the RSS output path and then the measured command."""
    global _launcher
    if _launcher is None:
        _launcher = [sys.executable, "-I", "-S", "-c", _PY_LAUNCHER]
        gnu_time = shutil.which("time", path="/usr/bin:/bin")
        if gnu_time:
            candidate = [gnu_time, "-f", "%M", "-o"]
            probe = [sys.executable, "-c", "b = b'x' * (200 << 20)"]  # touches 200 MiB
            m = measure(probe, launcher=candidate)
            if m.returncode == 0 and 200 * 1024 <= m.max_rss_kib <= 300 * 1024:
                _launcher = candidate
    return _launcher


def measure(
    cmd: list[str], env: dict[str, str] | None = None, launcher: list[str] | None = None
) -> Measurement:
    """Run ``cmd`` once as a whole process: wall clock, CPU time, peak RSS.

    stdout/stderr go to temporary files so a full pipe can never stall the child.
    CPU time comes from os.wait4 on the launcher, whose rusage includes the reaped
    command (the launcher's own share is negligible).
    """
    prefix = launcher if launcher is not None else rss_launcher()
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
    ):
        full = [*prefix, rss.name, *cmd]
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it, not Popen
        # GNU time may put "Command exited with non-zero status N" before the number.
        lines = rss.read().split()
        out.seek(0)
        err.seek(0)
        return Measurement(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            max_rss_kib=int(lines[-1]) if lines and lines[-1].isdigit() else 0,
            returncode=proc.returncode,
            stdout=out.read(),
            stderr=err.read(),
        )


@dataclass
class Runs:
    """Every run of one command, timed in turns with the other commands of its query.

    `wall` is the median run's wall clock (what the report compares), `best` the fastest,
    `spread` (slowest − fastest) / median; peak RSS is the largest of the runs. A failed
    run ends the command's runs, and its exit code and output are what it reports."""

    runs: list[Measurement]

    @property
    def _shown(self) -> Measurement:
        failed = [m for m in self.runs if m.returncode != 0]
        return failed[0] if failed else min(self.runs, key=lambda m: m.wall)

    @property
    def returncode(self) -> int:
        return self._shown.returncode

    @property
    def stdout(self) -> bytes:
        return self._shown.stdout

    @property
    def stderr(self) -> bytes:
        return self._shown.stderr

    @property
    def wall(self) -> float:
        return statistics.median(m.wall for m in self.runs)

    @property
    def best(self) -> float:
        return min(m.wall for m in self.runs)

    @property
    def spread(self) -> float:
        walls = [m.wall for m in self.runs]
        return (max(walls) - min(walls)) / self.wall if self.wall > 0 else 0.0

    @property
    def cpu(self) -> float:
        return statistics.median(m.cpu for m in self.runs)

    @property
    def max_rss_kib(self) -> int:
        return max(m.max_rss_kib for m in self.runs)


def interleaved(cmds: list[list[str]], repeat: int, env: dict[str, str] | None = None) -> list[Runs]:
    """Every run of each command, the commands taking turns (A B A B ...).

    This machine's speed drifts by tens of percent within minutes; taking turns lets
    both sides of a ratio see the same slow and fast spells, where all of A's runs
    and then all of B's would compare one spell with another."""
    runs: list[list[Measurement]] = [[] for _ in cmds]
    failed: set[int] = set()
    for _ in range(max(1, repeat)):
        for i, cmd in enumerate(cmds):
            if i in failed:
                continue
            m = measure(cmd, env)
            if runs[i] and m.stdout == runs[i][0].stdout:
                # one copy of an output every run repeats: a 200,000-group JSON is 1.4 GB, and
                # five runs of three formats and two trees held 36 GB
                m = dataclasses.replace(m, stdout=runs[i][0].stdout)
            runs[i].append(m)
            if m.returncode != 0:
                failed.add(i)
    return [Runs(r) for r in runs]


def child_env(data_dir: Path, inherit: bool) -> dict[str, str]:
    """Environment for timed children: what a user's shell would normally give them.

    Dev/CI shells often export PYTHONUNBUFFERED=1 (every small write to stdout becomes
    a syscall: 10x slower JSON output) and PYTHONDONTWRITEBYTECODE=1 (every start
    recompiles the project's modules: inflates ``kpi --help``). We drop both, and send
    bytecode to bench/data/pycache via PYTHONPYCACHEPREFIX so that no __pycache__
    directories appear in the source tree.
    """
    env = dict(os.environ)
    if not inherit:
        env.pop("PYTHONUNBUFFERED", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(data_dir / "pycache")
    return env


def warm_page_cache(path: Path) -> None:
    with path.open("rb", buffering=0) as f:
        while f.read(16 << 20):
            pass


# ---------------------------------------------------------------------------
# Correctness
# ---------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def compare_value(got: Any, ref: Any, exact: bool) -> bool:
    if _is_missing(ref) or _is_missing(got):
        return _is_missing(ref) and _is_missing(got)
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    if exact:
        return got == ref
    if got == ref:
        return True
    return abs(got - ref) <= REL_TOL * max(abs(got), abs(ref))


def compare_kpis(where: str, got: dict[str, Any], ref: dict[str, Any], problems: list[str]) -> int:
    """Compare KPIs present in both; returns how many were compared."""
    compared = 0
    for kpi_id, ref_value in ref.items():
        if kpi_id not in got:
            continue
        entry = got[kpi_id]
        value = entry.get("value") if isinstance(entry, dict) else entry
        compared += 1
        if not compare_value(value, ref_value, exact=kpi_id in INT_KPIS):
            problems.append(f"{where} {kpi_id}: kpi={value!r} duckdb={ref_value!r}")
    return compared


def check_cents(where: str, kpis: dict[str, Any], ds: Dataset, problems: list[str]) -> None:
    for kpi_id, cents in (("total_spend", ds.spend_cents), ("revenue", ds.revenue_cents)):
        entry = kpis.get(kpi_id)
        if not isinstance(entry, dict):
            problems.append(f"{where} {kpi_id}: missing, expected {cents / 100:.2f}")
            continue
        value = entry.get("value")
        if not isinstance(value, int | float) or round(value * 100) != cents:
            problems.append(f"{where} {kpi_id}: kpi={value!r} exact={cents // 100}.{cents % 100:02d}")


# kpi's JSON: kpi.score/2 says each KPI's name and bands once; the figures read here (a
# record's `value`, a group's `key` and `rows`) are where kpi.score/1 had them, so an
# older checkout (--kpi) is checked the same way.
SCHEMAS = ("kpi.score/2", "kpi.score/1")


@dataclass
class Check:
    name: str
    problems: list[str]
    detail: str

    @property
    def ok(self) -> bool:
        return not self.problems


def check_totals(ds: Dataset, kpi_out: dict[str, Any], ref: dict[str, Any]) -> Check:
    problems: list[str] = []
    if kpi_out.get("schema") not in SCHEMAS:
        problems.append(f"schema: {kpi_out.get('schema')!r} is not {' or '.join(SCHEMAS)}")
    if kpi_out.get("rows") != ds.rows:
        problems.append(f"rows: kpi={kpi_out.get('rows')!r} expected={ds.rows}")
    total = kpi_out.get("total") or {}
    kpis = total.get("kpis") or {}
    if total.get("rows") != ds.rows:
        problems.append(f"total.rows: kpi={total.get('rows')!r} expected={ds.rows}")
    n = compare_kpis("total", kpis, ref["total"]["kpis"], problems)
    check_cents("total", kpis, ds, problems)
    check_date_range(ds, kpi_out, problems)
    missing = sorted(set(KPI_IDS) - set(kpis))
    extra = sorted(set(kpis) - set(KPI_IDS))
    detail = f"{n} KPIs vs DuckDB, money exact to the cent" + (
        ", date range" if "date_range" in ds.meta else ""
    )
    if missing:
        detail += f"; not reported by kpi: {', '.join(missing)}"
    if extra:
        detail += f"; unchecked: {', '.join(extra)}"
    return Check("totals", problems, detail)


def check_by(ds: Dataset, kpi_out: dict[str, Any], ref: dict[str, Any]) -> Check:
    problems: list[str] = []
    if kpi_out.get("schema") not in SCHEMAS:
        problems.append(f"schema: {kpi_out.get('schema')!r} is not {' or '.join(SCHEMAS)}")
    ref_groups: dict[str, Any] = ref["groups"]
    got_groups: dict[str, Any] = {}
    for group in kpi_out.get("groups") or []:
        key = (group.get("key") or {}).get("influencer")
        got_groups[str(key)] = group
    for key in sorted(set(ref_groups) - set(got_groups))[:5]:
        problems.append(f"group {key}: missing from kpi output")
    for key in sorted(set(got_groups) - set(ref_groups))[:5]:
        problems.append(f"group {key}: not in the data")
    compared = 0
    for key in sorted(set(ref_groups) & set(got_groups)):
        got, exp = got_groups[key], ref_groups[key]
        if got.get("rows") != exp["rows"]:
            problems.append(f"group {key} rows: kpi={got.get('rows')!r} duckdb={exp['rows']}")
        compared += compare_kpis(f"group {key}", got.get("kpis") or {}, exp["kpis"], problems)
    total = kpi_out.get("total")
    if isinstance(total, dict) and isinstance(total.get("kpis"), dict):
        check_cents("total", total["kpis"], ds, problems)  # a --by run may carry a total too
    check_date_range(ds, kpi_out, problems)
    detail = f"{len(got_groups)} groups, {compared} KPI values vs DuckDB"
    return Check("by influencer", problems, detail)


def check_posts_as_rows(ref: dict[str, Any], light: dict[str, Any]) -> Check:
    """Counting posts as rows must give the distinct count on these files, or the lighter
    reference would be timing a different figure."""
    full = {"": ref["total"]} if "total" in ref else ref["groups"]
    rows = {"": light["total"]} if "total" in light else light["groups"]
    problems = []
    for key, rec in full.items():
        as_rows = rows.get(key, {}).get("kpis", {}).get("posts")
        if as_rows != rec["kpis"]["posts"]:
            problems.append(f"group {key!r}: {rec['kpis']['posts']} distinct posts, {as_rows} as rows")
    return Check("duckdb posts as rows", problems, "equal to the distinct count of post IDs")


# Sidecar sums of a styled file (over its filled cells) and the KPI that is the same sum.
SUM_KPIS = {
    "reach": "reach", "impressions": "impressions", "views": "views", "saves": "saves",
    "shares": "shares", "clicks": "clicks", "sessions": "traffic", "conversions": "conversions",
}  # fmt: skip


def check_date_range(ds: Dataset, kpi_out: dict[str, Any], problems: list[str]) -> None:
    """A styled file's dates (US or day-first) must come out as the generator's range."""
    expected = ds.meta.get("date_range")
    if expected is None:
        return
    got = kpi_out.get("date_range") or {}
    if [got.get("start"), got.get("end")] != expected:
        problems.append(f"date_range: kpi={got!r} generator={expected}")


def check_duckdb_money(ds: Dataset, ref: dict[str, Any]) -> Check:
    """Sanity check of generator + reference: DuckDB's DECIMAL sums vs the sidecar (and, on
    a styled file, its sums of the filled cells and its parsed dates' range)."""
    problems: list[str] = []
    sums = ds.meta.get("sums")
    if "total" in ref:
        cents = ref["total"]["cents"]
        rows = ref["total"]["rows"]
        found = {col: ref["total"]["kpis"][kpi] for col, kpi in SUM_KPIS.items()}
        dates = ref["total"].get("date_range")
    else:
        groups = ref["groups"].values()
        cents = {k: sum(g["cents"][k] or 0 for g in groups) for k in MONEY_KPIS}
        rows = sum(g["rows"] for g in groups)
        found = {col: sum(g["kpis"][kpi] or 0 for g in groups) for col, kpi in SUM_KPIS.items()}
        ranges = [g["date_range"] for g in groups if g.get("date_range")]
        dates = [min(r[0] for r in ranges), max(r[1] for r in ranges)] if ranges else None
    if sums is not None:
        for col, total in found.items():
            if total != sums[col]:
                problems.append(f"duckdb {col} {total} != {sums[col]} (filled cells)")
    expected = ds.meta.get("date_range")
    if expected is not None and dates != expected:
        problems.append(f"duckdb date range {dates} != {expected}")
    if rows != ds.rows:
        problems.append(f"duckdb rows {rows} != {ds.rows}")
    if cents["total_spend"] != ds.spend_cents:
        problems.append(f"duckdb spend cents {cents['total_spend']} != {ds.spend_cents}")
    if cents["revenue"] != ds.revenue_cents:
        problems.append(f"duckdb revenue cents {cents['revenue']} != {ds.revenue_cents}")
    what = (
        "row count, sums of the filled cells, money cents, date range"
        if sums
        else "row count and money cents"
    )
    return Check("duckdb vs generator", problems, what)


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    m: Runs | None
    note: str = ""
    versus: float | None = None  # median wall / DuckDB's median wall
    versus_best: float | None = None  # best wall / DuckDB's best wall


def mib(kib: int) -> float:
    return kib / 1024


def print_table(title: str, rows: list[Row]) -> None:
    runs = max((len(r.m.runs) for r in rows if r.m is not None), default=1)
    print(f"\n== {title} ==  ({runs} interleaved run{'s' if runs != 1 else ''} per command)")
    header = (
        f"{'command':<44} {'median s':>9} {'best s':>8} {'spread':>7} {'cpu s':>8} {'peak RSS MiB':>13}"
        f" {'vs DuckDB':>10} {'(best)':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        if r.m is None:
            print(f"{r.label:<44} {'-':>9} {'-':>8} {'-':>7} {'-':>8} {'-':>13} {'-':>10} {'-':>7}  {r.note}")
            continue
        versus = f"{r.versus:.2f}x" if r.versus is not None else "-"
        versus_best = f"{r.versus_best:.2f}x" if r.versus_best is not None else "-"
        print(
            f"{r.label:<44} {r.m.wall:>9.3f} {r.m.best:>8.3f} {r.m.spread:>7.1%} {r.m.cpu:>8.3f}"
            f" {mib(r.m.max_rss_kib):>13.1f} {versus:>10} {versus_best:>7}  {r.note}".rstrip()
        )
    print("(median s: median wall of the runs; spread: (slowest - fastest) / median;")
    print(" peak RSS: the largest of the runs; vs DuckDB: median / median, (best): best / best)")
    sys.stdout.flush()


def print_check(prefix: str, check: Check) -> None:
    if check.ok:
        print(f"PASS  {prefix} {check.name}: {check.detail}")
    else:
        print(f"FAIL  {prefix} {check.name}: {len(check.problems)} problem(s); first ones:")
        for p in check.problems[:8]:
            print(f"        {p}")
    sys.stdout.flush()


def human_rows(rows: int) -> str:
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def default_kpi() -> str | None:
    beside = Path(sys.executable).parent / "kpi"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("kpi")


def parse_rows(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad --rows {text!r}") from None
    if not sizes or min(sizes) <= 0:
        raise argparse.ArgumentTypeError("--rows needs positive integers")
    return sizes


def parse_styles(text: str) -> list[str]:
    styles = [part.strip() for part in text.split(",") if part.strip()]
    bad = [st for st in styles if st not in STYLES]
    if not styles or bad:
        raise argparse.ArgumentTypeError(f"--style takes {', '.join(STYLES)} (comma-separated), not {text!r}")
    return styles


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Benchmark `kpi score` against DuckDB on generated exports.",
    )
    p.add_argument(
        "--rows",
        type=parse_rows,
        default=[1_000_000, 10_000_000],
        help="comma-separated file sizes in rows (default 1000000,10000000)",
    )
    p.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    p.add_argument(
        "--style",
        type=parse_styles,
        default=["plain"],
        help='comma-separated file styles: plain (pyarrow\'s CSV), us ("26,102", "$1,234.56", '
        "3/14/2024, ~1%% blank cells), eu (';', 26.102, 1.234,56 €, 14.03.2024, ~1%% blank cells); "
        "default plain",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="cache dir for generated CSVs (default bench/data/, git-ignored)",
    )
    p.add_argument(
        "--repeat", type=int, default=1, help="runs per command, DuckDB and kpi in turns; best is kept (1)"
    )
    p.add_argument(
        "--kpi",
        default=None,
        help="kpi command, may include args, e.g. 'python -m kpi_cli' "
        "(default: kpi next to this python, else on PATH)",
    )
    p.add_argument(
        "--skip-generate",
        "--keep",
        dest="skip_generate",
        action="store_true",
        help="never generate: use the cached files only, fail if one is missing",
    )
    p.add_argument("--regenerate", action="store_true", help="regenerate even if cached")
    p.add_argument(
        "--only",
        choices=("totals", "by"),
        default=None,
        help="time only the totals or only the --by influencer queries",
    )
    p.add_argument("--skip-kpi", action="store_true", help="run generator + DuckDB only")
    p.add_argument(
        "--duckdb-threads",
        type=int,
        default=0,
        help="DuckDB threads (default 0 = DuckDB's default, one per core)",
    )
    p.add_argument(
        "--inherit-env",
        action="store_true",
        help="run children with this shell's environment unchanged (see child_env)",
    )
    p.add_argument(
        "--floor",
        action="store_true",
        help="also time kpi's CSV reader alone (no pandas, no sums), next to the totals",
    )
    # Internal: one reference query in this process, JSON on stdout.
    p.add_argument("--duckdb-query", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    p.add_argument("--duckdb-temp-dir", default=None, help=argparse.SUPPRESS)
    p.add_argument("--duckdb-style", choices=STYLES, default="plain", help=argparse.SUPPRESS)
    # Internal: kpi's reader alone over FILE, in this process.
    p.add_argument("--parse-only", metavar="FILE", default=None, help=argparse.SUPPRESS)
    return p


def prepare_data(args: argparse.Namespace, data_dir: Path) -> list[Dataset] | None:
    datasets: list[Dataset] = []
    for style, rows in ((style, rows) for style in args.style for rows in args.rows):
        ds = None if args.regenerate else load_cached(data_dir, rows, args.seed, style)
        if ds is not None:
            how = "cached"
        elif args.skip_generate:
            print(f"FAIL  no cached {style} file for {rows} rows, seed {args.seed} in {data_dir}")
            return None
        else:
            ds = generate(data_dir, rows, args.seed, style)
            how = f"generated in {ds.meta['generate_seconds']:.1f} s:"
        size = ds.meta["bytes"] / 1e6
        print(f"data  {human_rows(rows):>5} rows: {how} {ds.path.name} ({size:,.1f} MB)")
        sys.stdout.flush()
        datasets.append(ds)
    return datasets


def time_startup(kpi_cmd: list[str], env: dict[str, str]) -> int:
    flags = ("--help", "--version")
    timed = interleaved([[*kpi_cmd, flag] for flag in flags], 5, env)
    rows = [Row(f"kpi {flag} (5 runs, best judged)", m) for flag, m in zip(flags, timed, strict=True)]
    failures = 0
    for r in rows:
        assert r.m is not None
        if r.m.returncode != 0:
            r.note = f"exit {r.m.returncode}"
            failures += 1
        else:
            r.note = "ok (< 0.25 s)" if r.m.best < 0.25 else "SLOW (target < 0.25 s)"
    print_table("start-up", rows)
    return failures


def failed_run(row: Row) -> Check:
    """A command that exited non-zero: its row says so, and the check carries its last words."""
    assert row.m is not None
    row.note = f"exit {row.m.returncode}"
    err = row.m.stderr.decode(errors="replace").strip().splitlines()[-3:]
    return Check(row.label, [f"exit code {row.m.returncode}", *err], "")


def bench_file(
    ds: Dataset,
    modes: list[str],
    kpi_cmd: list[str] | None,
    duckdb_cmd: list[str],
    repeat: int,
    env: dict[str, str],
    walls: dict[str, dict[int, float]],
    floor: bool = False,
) -> int:
    """Time and check one file; returns the number of failed checks."""
    warm_page_cache(ds.path)
    table: list[Row] = []
    checks: list[Check] = []
    tag = "" if ds.style == "plain" else f" [{ds.style}]"  # scaling compares a style with itself
    for mode in modes:
        what = "totals" if mode == "totals" else "by influencer"
        ref_label = f"duckdb {what}" + ("" if ds.style == "plain" else ", cleaning")
        by_args = ["--by", "influencer"] if mode == "by" else []
        label = "kpi score " + " ".join([*by_args, "--format", "json"])
        styled = ["--duckdb-style", ds.style]
        runs = [
            [*duckdb_cmd, mode, str(ds.path), *styled],
            [*duckdb_cmd, f"{mode}-rows", str(ds.path), *styled],
        ]
        if kpi_cmd:
            runs.append([*kpi_cmd, "score", str(ds.path), *by_args, "--format", "json"])
        timed_floor = floor and mode == "totals" and ds.style == "plain"  # the floor reads plain files
        if timed_floor:
            runs.append([sys.executable, str(Path(__file__).resolve()), "--parse-only", str(ds.path)])
        ref_m, light_m, *kpi_m = interleaved(runs, repeat, env)  # DuckDB and kpi take turns
        floor_m = kpi_m.pop() if timed_floor else None  # one measurement per command, in order
        ref_row = Row(ref_label, ref_m)
        light_row = Row(f"{ref_label}, posts as rows", light_m)
        light_ok = light_m.returncode == 0
        if not light_ok:
            checks.append(failed_run(light_row))
        else:
            light_row.note = "count(*) for posts: no distinct count of post IDs"
        ref: dict[str, Any] | None = None
        if ref_m.returncode != 0:
            checks.append(failed_run(ref_row))
        else:
            ref = json.loads(ref_m.stdout)
            ref_row.note = f"threads={ref['threads']}, in-process query {ref['query_seconds']:.3f} s"
            check = check_duckdb_money(ds, ref)
            check.name = f"{ref_label} vs generator"
            checks.append(check)
            if light_ok:
                checks.append(check_posts_as_rows(ref, json.loads(light_m.stdout)))
            walls.setdefault(ref_label + tag, {})[ds.rows] = ref_m.wall

        if kpi_m:
            m = kpi_m[0]
            row = Row(label, m)
            if m.returncode != 0:
                checks.append(failed_run(row))
            else:
                walls.setdefault(label + tag, {})[ds.rows] = m.wall
                if light_ok:
                    row.note = f"{m.wall / light_m.wall:.2f}x DuckDB with posts as rows"
                if ref is not None:
                    row.versus = m.wall / ref_m.wall
                    row.versus_best = m.best / ref_m.best
                    try:
                        out = json.loads(m.stdout)
                    except ValueError as exc:
                        checks.append(Check(label, [f"stdout is not JSON: {exc}"], ""))
                    else:
                        compare = check_totals if mode == "totals" else check_by
                        checks.append(compare(ds, out, ref))
            table.append(row)
        if floor_m is not None:
            floor_row = Row("kpi's CSV reader alone (no pandas, no sums)", floor_m)
            if floor_m.returncode != 0:
                checks.append(failed_run(floor_row))
            elif ref is not None:
                floor_row.versus = floor_m.wall / ref_m.wall
                floor_row.versus_best = floor_m.best / ref_m.best
            table.append(floor_row)
        table.append(ref_row)
        table.append(light_row)

    print_table(f"{ds.rows:,} rows, {ds.meta['bytes'] / 1e6:,.1f} MB ({ds.path.name})", table)
    for c in checks:
        print_check(f"{human_rows(ds.rows):>5}", c)
    return sum(not c.ok for c in checks)


def print_scaling(rows: list[int], walls: dict[str, dict[int, float]]) -> None:
    small, large = min(rows), max(rows)
    if small == large:
        return
    print(f"\n== scaling: wall seconds per million rows, {human_rows(small)} vs {human_rows(large)} ==")
    for label, by_rows in walls.items():
        if small in by_rows and large in by_rows:
            a = by_rows[small] / (small / 1e6)
            b = by_rows[large] / (large / 1e6)
            verdict = "linear" if b <= 1.25 * a else "SUPER-LINEAR"
            print(f"{label:<44} {a:>8.3f} {b:>8.3f}  x{b / a:.2f}  {verdict}")
    print("(a fixed start-up cost inflates the smaller file's per-row figure)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.duckdb_query:
        mode, path = args.duckdb_query
        if mode not in REFERENCE_MODES:
            raise SystemExit(f"--duckdb-query mode must be one of {', '.join(REFERENCE_MODES)}, not {mode!r}")
        return duckdb_query(mode, path, args.duckdb_threads, args.duckdb_temp_dir, args.duckdb_style)
    if args.parse_only:
        return parse_only(args.parse_only)

    data_dir: Path = args.data_dir.resolve()
    modes = [args.only] if args.only else ["totals", "by"]
    # Scratch (bytecode, DuckDB spill) stays in this checkout's git-ignored bench/data,
    # even when --data-dir points at CSVs cached by another checkout.
    env = child_env(DEFAULT_DATA_DIR, args.inherit_env)
    failures = 0

    kpi_cmd: list[str] | None = None
    if not args.skip_kpi:
        spec = args.kpi or default_kpi()
        if spec is None:
            print("FAIL  kpi executable not found (use --kpi CMD, or --skip-kpi)")
            failures += 1
        else:
            kpi_cmd = shlex.split(spec)

    print(
        f"python {sys.version.split()[0]} | cpus {os.cpu_count()} | seed {args.seed}"
        f" | repeat {args.repeat} | data {data_dir}"
    )
    print(f"kpi: {shlex.join(kpi_cmd) if kpi_cmd else '(not run)'}")
    launcher = rss_launcher()
    print("peak RSS via " + ("GNU time -f %M" if "-f" in launcher else "python fork/wait4 launcher"))

    datasets = prepare_data(args, data_dir)
    if datasets is None:
        return 1

    duckdb_cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--duckdb-threads",
        str(args.duckdb_threads),
        "--duckdb-temp-dir",
        str(DEFAULT_DATA_DIR / "tmp"),
        "--duckdb-query",
    ]
    # Untimed warm-up, so that no timed run pays for first-time bytecode compilation.
    measure([sys.executable, "-c", "import duckdb"], env)
    if kpi_cmd:
        measure([*kpi_cmd, "--version"], env)
        failures += time_startup(kpi_cmd, env)

    walls: dict[str, dict[int, float]] = {}
    for ds in datasets:
        failures += bench_file(ds, modes, kpi_cmd, duckdb_cmd, args.repeat, env, walls, args.floor)
    print_scaling([ds.rows for ds in datasets], walls)

    print("\nRESULT: " + ("PASS" if failures == 0 else f"FAIL ({failures} failing check(s))"))
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
