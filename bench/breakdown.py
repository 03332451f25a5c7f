"""Large breakdowns: ``kpi score FILE --by influencer`` with ~200,000 creators, against DuckDB.

Why this exists
---------------
``bench/run.py`` times breakdowns of its 5,000 creators, where writing the groups is a
small part of the run. A creator-level export can have hundreds of thousands of
creators; then building and writing each group is most of the work (issue 21, item 3:
within 1.5x DuckDB's query writing the same rows, peak RSS <= 500 MiB). This script

1. generates a seeded post-level CSV of ``--rows`` rows spread evenly over
   ``--creators`` creators (date, influencer, post_id, impressions, likes, comments,
   shares, saves, clicks, conversions, revenue, spend; every cell filled, spend never
   zero) and caches it in ``bench/data/``;
2. times DuckDB writing one CSV row per creator with the figures kpi writes (rows, posts
   as distinct post IDs, the sums and every ratio) to stdout, and ``kpi score FILE --by
   influencer -f csv|json|ndjson`` to stdout, all as whole processes taking turns
   (A B C ... A B C ...), with peak RSS (GNU time %M, see run.py's ``rss_launcher``);
3. checks that kpi's CSV has DuckDB's creators and figures: integers exactly, money to
   the cent, ratios to 1e-9 relative. A mismatch makes the script exit non-zero.

``--blanks 0.01`` leaves about 1 % of each numeric cell blank (seeded, a stream of its
own: the other cells are the full file's), as exports have them. kpi then keeps, per
group, each ratio's sums over the rows where both sides are known (a ratio stands on
those rows, SPEC: Decisions), and DuckDB's query computes the same: every ratio over
its paired rows (``sum(a) FILTER (WHERE b IS NOT NULL)``), engagements as each row's
known parts, cost per post over the posts with a known spend.

How to run
----------
    python bench/breakdown.py                         # 1M rows, 200,000 creators, 3 runs
    python bench/breakdown.py --rows 100000 --creators 20000 --repeat 1   # quick
    python bench/breakdown.py --formats csv --repeat 5
    python bench/breakdown.py --blanks 0.01 --formats csv   # ~1 % blank cells (audit S-4)
    python bench/breakdown.py --tree /tmp/old --tree .   # two checkouts of kpi, interleaved

``--tree DIR`` (repeatable) runs ``python -m kpi_cli`` with DIR first on PYTHONPATH, from
a scratch folder (never from inside a checkout: ``-m`` puts the current folder first on
sys.path), so the before and after of a change are timed in the same turns. With two
trees the script also says whether their outputs are byte for byte the same.

The machine's speed drifts; compare the ratios of one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from run import (  # noqa: E402  (bench/ is not a package)
    DEFAULT_DATA_DIR,
    REL_TOL,
    Row,
    Runs,
    _sql_literal,
    child_env,
    interleaved,
    print_table,
    warm_page_cache,
)

INT_COLUMNS = ("impressions", "likes", "comments", "shares", "saves", "clicks", "conversions")
# kpi's CSV column -> how DuckDB computes it (s: the per-creator sums).
FIGURES = {
    "rows": "n_rows",
    "posts": "posts",
    "impressions": "impressions",
    "engagements": "engagements",
    "engagement_rate": "engagements::DOUBLE / impressions * 100",
    "saves": "saves",
    "shares": "shares",
    "clicks": "clicks",
    "ctr": "clicks::DOUBLE / impressions * 100",
    "conversions": "conversions",
    "conversion_rate": "conversions::DOUBLE / nullif(clicks, 0) * 100",
    "revenue": "revenue",
    "roas": "revenue::DOUBLE / spend::DOUBLE",
    "roi": "(revenue - spend)::DOUBLE / spend::DOUBLE * 100",
    "total_spend": "spend",
    "cost_per_post": "spend::DOUBLE / posts",
    "cpm": "spend::DOUBLE / impressions * 1000",
    "rpm": "revenue::DOUBLE / impressions * 1000",
    "cpe": "spend::DOUBLE / engagements",
    "cpc": "spend::DOUBLE / nullif(clicks, 0)",
    "cpa": "spend::DOUBLE / nullif(conversions, 0)",
}
# The same figures over a file with blank cells: each ratio over the rows where both of its
# sides are known (r: the rows, with `eng` each row's engagements, NULL where every part is).
NUMERIC = ("impressions", "likes", "comments", "shares", "saves", "clicks", "conversions", "revenue", "spend")


def _paired(a: str, b: str) -> str:
    """Σ a over the rows where b is known too, as a double."""
    return f"(sum({a}) FILTER (WHERE {b} IS NOT NULL))::DOUBLE"


def _ratio(a: str, b: str, scale: str = "") -> str:
    return f"{_paired(a, b)} / nullif({_paired(b, a)}, 0){scale}"


PAIRED_FIGURES = {
    "rows": "count(*)",
    "posts": "count(DISTINCT post_id)",
    "impressions": "sum(impressions)",
    "engagements": "sum(eng)",
    "engagement_rate": _ratio("eng", "impressions", " * 100"),
    "saves": "sum(saves)",
    "shares": "sum(shares)",
    "clicks": "sum(clicks)",
    "ctr": _ratio("clicks", "impressions", " * 100"),
    "conversions": "sum(conversions)",
    "conversion_rate": _ratio("conversions", "clicks", " * 100"),
    "revenue": "sum(revenue)",
    "roas": _ratio("revenue", "spend"),
    "roi": f"({_paired('revenue', 'spend')} - {_paired('spend', 'revenue')})"
    f" / nullif({_paired('spend', 'revenue')}, 0) * 100",
    "total_spend": "sum(spend)",
    "cost_per_post": "sum(spend)::DOUBLE"
    " / nullif(count(DISTINCT post_id) FILTER (WHERE spend IS NOT NULL), 0)",
    "cpm": _ratio("spend", "impressions", " * 1000"),
    "rpm": _ratio("revenue", "impressions", " * 1000"),
    "cpe": _ratio("spend", "eng"),
    "cpc": _ratio("spend", "clicks"),
    "cpa": _ratio("spend", "conversions"),
}
assert PAIRED_FIGURES.keys() == FIGURES.keys()
EXACT = ("rows", "posts", "impressions", "engagements", "saves", "shares", "clicks", "conversions")
MONEY = ("revenue", "total_spend")


def data_path(data_dir: Path, rows: int, creators: int, seed: int, blanks: float = 0.0) -> Path:
    tail = f"_blank{blanks:g}" if blanks else ""
    return data_dir / f"creators_{rows}_{creators}_seed{seed}{tail}.csv"


def generate(path: Path, rows: int, creators: int, seed: int, blanks: float = 0.0) -> None:
    """The seeded export: creators drawn uniformly, one post per row; with `blanks`, that
    share of each numeric column's cells blank (drawn after every value, so the cells left
    are the full file's)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    from run import _fixed_width_ids, _money

    rng = np.random.default_rng(seed)
    creator = rng.integers(0, creators, rows)
    width = len(str(creators - 1))
    handles = pa.array([f"@creator{i:0{width}d}" for i in range(creators)], pa.string())
    impressions = rng.integers(1_000, 200_000, rows)
    rate = rng.uniform(0.005, 0.03, rows)

    def share(p: Any) -> Any:
        return rng.binomial(impressions, np.clip(p, 0.0, 1.0)).astype(np.int64)

    likes = share(rate)
    clicks = share(rate / 2)
    table = pa.table(
        {
            "date": pa.array(rng.integers(20_089, 20_089 + 120, rows).astype("datetime64[D]")),
            "influencer": handles.take(pa.array(creator)),
            "post_id": _fixed_width_ids(0, rows),
            "impressions": impressions,
            "likes": likes,
            "comments": share(rate / 10),
            "shares": share(rate / 20),
            "saves": share(rate / 15),
            "clicks": clicks,
            "conversions": rng.binomial(clicks, 0.03).astype(np.int64),
            "revenue": _money(rng.integers(0, 200_000, rows)),
            "spend": _money(rng.integers(1, 100_000, rows)),
        }
    )
    if blanks:
        holes = np.random.default_rng([seed, 2])
        for name in NUMERIC:
            column = table.column(name).combine_chunks()
            blank = pa.array(holes.random(rows) < blanks)
            at = table.schema.get_field_index(name)
            table = table.set_column(at, name, pc.if_else(blank, pa.scalar(None, column.type), column))
    tmp = path.with_suffix(".tmp")
    pacsv.write_csv(table, tmp)
    tmp.replace(path)


def duckdb_csv(path: str, paired: bool = False) -> int:
    """Child-process mode: DuckDB writes kpi's figures, one CSV row per creator, to stdout;
    `paired`: over a file with blank cells (see PAIRED_FIGURES)."""
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"SET temp_directory = {_sql_literal(str(DEFAULT_DATA_DIR / 'tmp'))}")
    if paired:
        figures = ",\n    ".join(f"{sql} AS {name}" for name, sql in PAIRED_FIGURES.items())
        con.execute(f"""
COPY (
  WITH r AS (
    SELECT *, CASE WHEN likes IS NULL AND comments IS NULL AND shares IS NULL AND saves IS NULL
      THEN NULL ELSE coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0) + coalesce(saves, 0)
      END AS eng
    FROM read_csv_auto({_sql_literal(path)})
  )
  SELECT influencer,
    {figures}
  FROM r GROUP BY influencer ORDER BY influencer
) TO '/dev/stdout' (HEADER)
""")
        sys.stdout.flush()
        return 0
    figures = ",\n    ".join(f"{sql} AS {name}" for name, sql in FIGURES.items())
    sql = f"""
COPY (
  WITH s AS (
    SELECT influencer, count(*) AS n_rows, count(DISTINCT post_id) AS posts,
      sum(impressions) AS impressions, sum(likes) + sum(comments) + sum(shares) + sum(saves) AS engagements,
      sum(saves) AS saves, sum(shares) AS shares, sum(clicks) AS clicks,
      sum(conversions) AS conversions, sum(revenue) AS revenue, sum(spend) AS spend
    FROM read_csv_auto({_sql_literal(path)}) GROUP BY influencer
  )
  SELECT influencer,
    {figures}
  FROM s ORDER BY influencer
) TO '/dev/stdout' (HEADER)
"""
    con.execute(sql)
    sys.stdout.flush()
    return 0


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def check(kpi_out: bytes, duck_out: bytes) -> list[str]:
    """Problems found comparing kpi's CSV with DuckDB's (empty: every figure agrees)."""
    problems: list[str] = []
    duck = {r["influencer"]: r for r in csv.DictReader(io.StringIO(duck_out.decode()))}
    seen = 0
    for row in csv.DictReader(io.StringIO(kpi_out.decode())):
        if row["group"] == "Total":
            continue
        ref = duck.get(row["influencer"])
        if ref is None:
            problems.append(f"{row['influencer']}: not in DuckDB's output")
            continue
        seen += 1
        for name in FIGURES:
            got, want = _number(row[name]), _number(ref[name])
            if got is None or want is None:
                ok = got is None and want is None
            elif name in EXACT:
                ok = int(row[name]) == int(ref[name])
            elif name in MONEY:
                ok = round(got * 100) == round(want * 100)
            else:
                ok = got == want or abs(got - want) <= REL_TOL * max(abs(got), abs(want))
            if not ok:
                problems.append(f"{row['influencer']} {name}: kpi={row[name]} duckdb={ref[name]}")
    if seen != len(duck):
        problems.append(f"kpi wrote {seen:,} creators, DuckDB {len(duck):,}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--creators", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--blanks", type=float, default=0.0, help="share of numeric cells left blank (0.01: ~1 %%; default 0)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs per command (default 3)")
    parser.add_argument(
        "--formats", default="csv,json,ndjson", help="kpi formats to time (default all three)"
    )
    parser.add_argument(
        "--tree", action="append", help="a kpi checkout to time (repeatable; default this one)"
    )
    parser.add_argument("--file", type=Path, help="time this export instead of a generated one")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--duckdb-csv", metavar="FILE", help=argparse.SUPPRESS)  # child mode
    parser.add_argument("--paired", action="store_true", help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args(argv)
    if args.duckdb_csv:
        return duckdb_csv(args.duckdb_csv, args.paired)

    path = args.file or data_path(args.data_dir, args.rows, args.creators, args.seed, args.blanks)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"generating {path} ...", flush=True)
        generate(path, args.rows, args.creators, args.seed, args.blanks)
    warm_page_cache(path)
    path = path.resolve()
    trees = [Path(t).resolve() for t in (args.tree or [str(BENCH_DIR.parent)])]
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    scratch = Path(tempfile.mkdtemp(prefix="kpi-breakdown-"))
    env = child_env(args.data_dir, inherit=False)

    duck_cmd = [sys.executable, str(Path(__file__).resolve()), "--duckdb-csv", str(path)]
    cmds: list[list[str]] = [duck_cmd + (["--paired"] if args.blanks else [])]
    labels = ["DuckDB, same rows as CSV" + (", paired sums" if args.blanks else "")]
    for tree in trees:
        for form in formats:
            # env PYTHONPATH per tree; cwd is the scratch folder (see the docstring)
            kpi = ["env", f"--chdir={scratch}", f"PYTHONPATH={tree}", sys.executable, "-m", "kpi_cli"]
            cmds.append([*kpi, "score", str(path), "--by", "influencer", "-f", form])
            labels.append(f"kpi -f {form}" + (f"  [{tree}]" if len(trees) > 1 else ""))
    runs = interleaved(cmds, args.repeat, env)
    duck = runs[0]
    rows = [Row(labels[0], duck)]
    status = 0
    for label, run in zip(labels[1:], runs[1:], strict=True):
        note = "" if run.returncode == 0 else f"exit {run.returncode}: {run.stderr.decode()[-200:].strip()}"
        versus = run.wall / duck.wall if run.returncode == 0 else None
        best = run.best / duck.best if run.returncode == 0 else None
        rows.append(Row(label, run, note, versus, best))
        status |= run.returncode != 0
    print_table(f"{path.name}: --by influencer, {_creators(duck)} creators", rows)
    for label, run in zip(labels[1:], runs[1:], strict=True):
        if "-f csv" in label and run.returncode == 0:
            problems = check(run.stdout, duck.stdout)
            found = f", {len(problems)} problem(s): " + "; ".join(problems[:5]) if problems else ""
            print(("FAIL  " if problems else "PASS  ") + f"{label}: figures vs DuckDB{found}")
            status |= bool(problems)
    if len(trees) > 1:
        for k, form in enumerate(formats):
            outs = {runs[1 + t * len(formats) + k].stdout for t in range(len(trees))}
            print(f"{'SAME' if len(outs) == 1 else 'DIFF'}  -f {form}: the trees' outputs byte for byte")
            status |= len(outs) != 1
    return int(status)


def _creators(duck: Runs) -> str:
    lines = duck.stdout.count(b"\n") - 1  # less the header
    return f"{max(lines, 0):,}" if duck.returncode == 0 else "?"


if __name__ == "__main__":
    raise SystemExit(main())
