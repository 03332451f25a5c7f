"""Start-up benchmark: `kpi score` on a small export against a DuckDB script.

Small files are the everyday case in a shell pipeline, where the time is all start-up:
the interpreter, imports, reading a few rows. The reference (issue 21) is a Python
script running DuckDB's same-figures query on the same file, as a whole process
(``bench/duckdb_small.py``). For each file this times, interleaved N times (A B C A B C
...), as whole processes with output to a file:

    kpi score FILE -f json -q
    kpi score FILE -q                     (the default table)
    python bench/duckdb_small.py FILE

and prints each command's median wall time, its spread (fastest-slowest and the
interquartile range) and the ratio of medians to DuckDB's, then checks that every KPI
the DuckDB script computes is the one kpi reports (1e-9 relative, integers exact).
Target: kpi within 1.5x the DuckDB script.

    python bench/startup.py                       # the 3-row fixture and the sample, 15 runs
    python bench/startup.py --repeat 30 FILE ...
    python bench/startup.py --kpi "python -m kpi_cli"
    python bench/startup.py --floor               # also the imports alone (see FLOORS)

It reuses bench/run.py's measuring (launcher, interleaving, child environment).
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import sys
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import run  # noqa: E402  (bench/run.py, beside this file)

ROOT = BENCH_DIR.parent
DEFAULT_FILES = (ROOT / "tests" / "data" / "three_posts.csv", ROOT / "sample_data" / "campaign_posts.csv")
TARGET = 1.5

# `--floor`: the libraries a small run imports, without any of kpi's own code or work; what
# start-up could be at best with them, and without pandas (a reader on Arrow and numpy
# alone). They show where a small run's time goes, not a target.
FLOORS = {
    "imports alone: pandas, pyarrow, typer, rich": (
        "import pandas, pyarrow.csv, pyarrow.compute, orjson, typer, rich.console, rich.table"
    ),
    "imports alone, without pandas": (
        "import numpy, pyarrow.csv, pyarrow.compute, orjson, typer, rich.console, rich.table"
    ),
}


def quartiles(walls: list[float]) -> tuple[float, float]:
    if len(walls) < 4:
        return min(walls), max(walls)
    q = statistics.quantiles(walls, n=4, method="inclusive")
    return q[0], q[2]


def check(kpi_json: bytes, ref_json: bytes) -> list[str]:
    """Every figure of the DuckDB script against kpi's JSON; the problems found."""
    got: dict[str, Any] = json.loads(kpi_json)
    ref: dict[str, Any] = json.loads(ref_json)
    problems = []
    if got["rows"] != ref["rows"]:
        problems.append(f"rows: kpi {got['rows']}, duckdb {ref['rows']}")
    span = got.get("date_range") or {}
    if [span.get("start"), span.get("end")] != ref["date_range"]:
        problems.append(f"date range: kpi {span}, duckdb {ref['date_range']}")
    kpis = got["total"]["kpis"]
    for kpi, want in ref["kpis"].items():
        have = kpis[kpi]["value"] if kpi in kpis else None
        exact = isinstance(want, int) and not isinstance(want, bool)
        if not run.compare_value(have, want, exact):
            problems.append(f"{kpi}: kpi {have!r}, duckdb {want!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/startup.py", description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES), help="small exports")
    p.add_argument("--repeat", type=int, default=15, help="interleaved runs per command (15)")
    p.add_argument("--kpi", default=None, help="kpi command (default: kpi next to this python, else on PATH)")
    p.add_argument("--inherit-env", action="store_true", help="children keep this shell's environment")
    p.add_argument("--floor", action="store_true", help="also time the imports alone (FLOORS)")
    args = p.parse_args(argv)

    spec = args.kpi or run.default_kpi()
    if spec is None:
        print("FAIL  kpi executable not found (use --kpi CMD)")
        return 1
    kpi = shlex.split(spec)
    env = run.child_env(run.DEFAULT_DATA_DIR, args.inherit_env)
    duck = [sys.executable, str(BENCH_DIR / "duckdb_small.py")]
    print(f"python {sys.version.split()[0]} | repeat {args.repeat} | kpi: {shlex.join(kpi)}")
    # Untimed warm-up: bytecode compiled and files in the page cache before any timed run.
    run.measure([*kpi, "--version"], env)
    run.measure([sys.executable, "-c", "import duckdb"], env)

    failures = 0
    for path in args.files:
        cmds = {
            "kpi score FILE -f json -q": [*kpi, "score", str(path), "-f", "json", "-q"],
            "kpi score FILE -q (table)": [*kpi, "score", str(path), "-q"],
            "python bench/duckdb_small.py FILE": [*duck, str(path)],
        }
        if args.floor:
            cmds.update({label: [sys.executable, "-c", code] for label, code in FLOORS.items()})
        for cmd in cmds.values():  # warm-up of this file's paths
            run.measure(cmd, env)
        timed = dict(zip(cmds, run.interleaved(list(cmds.values()), args.repeat, env), strict=True))
        ref = timed["python bench/duckdb_small.py FILE"]
        print(f"\n== {path} ==  ({args.repeat} interleaved runs per command)")
        head = f"{'command':<44} {'median s':>9} {'min-max s':>13} {'IQR s':>13} {'peak MiB':>9}"
        head += f" {'vs DuckDB':>10}"
        print(head)
        print("-" * len(head))
        for label, m in timed.items():
            walls = [r.wall for r in m.runs]
            lo, hi = quartiles(walls)
            ratio = m.wall / ref.wall
            note = f"exit {m.returncode}" if m.returncode else ""
            print(
                f"{label:<44} {m.wall:>9.3f} {min(walls):>6.3f}-{max(walls):<6.3f} {lo:>6.3f}-{hi:<6.3f}"
                f" {run.mib(m.max_rss_kib):>9.1f} {ratio:>9.2f}x  {note}".rstrip()
            )
            if m.returncode:
                failures += 1
        for label in list(cmds)[:2]:
            ratio = timed[label].wall / ref.wall
            verdict = "ok" if ratio <= TARGET else "SLOW"
            print(f"{verdict:<5} {label}: {ratio:.2f}x the DuckDB script (target <= {TARGET}x)")
        kpi_json = timed["kpi score FILE -f json -q"]
        if kpi_json.returncode == 0 and ref.returncode == 0:
            problems = check(kpi_json.stdout, ref.stdout)
            if problems:
                failures += 1
                print("FAIL  figures differ: " + "; ".join(problems[:8]))
            else:
                print("PASS  every figure of the DuckDB script matches kpi's")
        sys.stdout.flush()
    print("\nRESULT: " + ("PASS" if failures == 0 else f"FAIL ({failures})"))
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
