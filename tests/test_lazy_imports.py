"""Commands load only what they need (issue 21 item 4): pandas takes ~0.5 s to import,
more than everything else a small run does, so commands that read no campaign rows
never import it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported(*args: str, submodules: bool = False) -> set[str]:
    """The top-level modules (or all, with `submodules`) loaded at the end of `kpi ARGS`.
    (Not Python's import log: it also lists an import that was tried and refused.)"""
    name = "m" if submodules else "m.split('.')[0]"
    code = (
        "import atexit, os, sys\n"
        "def loaded():\n"
        f"    print(' '.join(sorted({{{name} for m in sys.modules}})), file=sys.__stderr__)\n"
        "    sys.__stderr__.flush()\n"
        "atexit.register(loaded)\n"
        "end = os._exit\n"
        "os._exit = lambda code: (loaded(), end(code))\n"  # kpi ends without teardown (cli._exit)
        f"sys.argv = ['kpi', *{args!r}]\n"
        "from kpi_cli.__main__ import main\n"  # the console script's entry (kpi_cli.head_start first)
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    names = set(done.stderr.splitlines()[-1].split())
    assert "kpi_cli" in names  # the list was read
    return names


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("kpis",),
        ("benchmarks",),
        ("benchmarks", "-f", "json"),
        ("benchmarks", "--benchmarks", "benchmarks.yaml"),
    ],
)
def test_commands_without_campaign_rows_import_no_pandas(args: tuple[str, ...]) -> None:
    assert "pandas" not in imported(*args)


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("score", "--help"), ("lift", "--help")])
def test_help_and_version_load_no_reader(args: tuple[str, ...]) -> None:
    # README: `kpi --help` and `kpi --version` load neither pandas nor pyarrow (nor numpy,
    # which pyarrow loads). The head start (kpi_cli.head_start) reads the command line first:
    # it imported the reader's modules at its own import, 0.06 s -> 0.2 s for `kpi --help`.
    assert not imported(*args) & {"pandas", "pyarrow", "numpy"}


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


_CONVERSIONS = """
import sys
from kpi_cli.lazy import pyarrow_without_pandas
{call}
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
a = pa.array(np.array([1.5, 2.0]))
b = pc.if_else(pa.array(np.array([True, False])), a, pa.scalar(0.0, pa.float64()))
print("pandas" in sys.modules)
"""


def test_pyarrow_imports_pandas_by_itself_unless_told_not_to() -> None:
    # The trap: converting a numpy array, with no pandas anywhere in the code, imports it
    assert _run(_CONVERSIONS.format(call="")).split() == ["True"]
    assert _run(_CONVERSIONS.format(call="pyarrow_without_pandas()")).split() == ["False"]


def test_pandas_imported_later_converts_as_before() -> None:
    out = _run(
        """
import sys
from kpi_cli.lazy import pyarrow_without_pandas
pyarrow_without_pandas()
import pyarrow as pa
import pandas as pd
print(pa.lib._pandas_api.have_pandas)
print(pa.array(pd.Series(pd.Categorical(["a", "b", "a"]))).type)
print(pa.array(pd.Series([1, None], dtype="Int64")).to_pylist())
print(pa.table({"x": [1, 2]}).to_pandas()["x"].sum())
print(pa.array(["x", None]).to_pandas().isna().tolist())
"""
    )
    assert out.split("\n")[:5] == [
        "True",
        "dictionary<values=large_string, indices=int8, ordered=0>",
        "[1, None]",
        "3",
        "[False, True]",
    ]


@pytest.mark.parametrize("output", ["json", "csv", "ndjson"])
def test_a_score_run_that_draws_no_table_loads_no_drawing(output: str) -> None:
    # rich (and kpi's table rendering on it) is for tables and Markdown on a terminal only
    names = imported("score", "tests/data/three_posts.csv", "-f", output, "-q", submodules=True)
    assert "kpi_cli.read.sniff" in names  # the run did read the file
    assert not {n for n in names if n == "rich" or n.startswith(("rich.", "kpi_cli.render"))}
    assert "yaml" not in names  # the shipped bands and profiles come from their JSON cache


def test_a_run_builds_only_the_command_it_runs() -> None:
    import typer

    from kpi_cli.cli import _only_command, app

    score = _only_command(["score", "x.csv", "-f", "json"])
    assert [c.callback.__name__ for c in score.registered_commands if c.callback] == ["score"]
    assert score.registered_groups == [] and score.registered_callback is app.registered_callback
    bench = _only_command(["benchmarks", "learn", "--help"])
    assert bench.registered_commands == [] and [g.name for g in bench.registered_groups] == ["benchmarks"]
    assert _only_command(["columns"]).registered_commands[0].name == "columns"
    for whole in ([], ["--version"], ["scor"], ["-q", "score"]):
        assert _only_command(whole) is app
    assert len(app.registered_commands) > 1  # the whole app is left as it was
    assert isinstance(typer.main.get_command(score), typer.core.TyperGroup)  # a group, as the whole app


@pytest.mark.parametrize("args", [["score", "--help"], ["benchmarks", "--help"], ["score"], ["lift", "-x"]])
def test_the_one_command_app_helps_and_fails_as_the_whole(args: list[str]) -> None:
    from typer.testing import CliRunner

    from kpi_cli.cli import _only_command, app

    whole = CliRunner().invoke(app, args, prog_name="kpi")
    one = CliRunner().invoke(_only_command(args), args, prog_name="kpi")
    assert (one.exit_code, one.output) == (whole.exit_code, whole.output)


_KPI_MATHS = """
import sys
from kpi_cli.lazy import pyarrow_without_pandas
pyarrow_without_pandas()  # as kpi's main does
import numpy as np
import pyarrow as pa
from kpi_cli.frame import Codes, Frame, Ints
from kpi_cli.kpis import Aggregator, kpi_table, odd_rows
from kpi_cli import score

creators = ["@ana", "@ben", "Ana"]  # the file's dictionary, one list for every batch

def batch(start):
    n = 4
    ids = pa.array([f"p{start + i}" for i in range(n - 1)] + [None], pa.string())
    return Frame(
        {
            "influencer": Codes(np.array([0, 1, -1, 2], dtype=np.int32), creators),
            "platform": Codes.constant("Instagram", n),
            "tier": Codes(np.array([0, -1, 1, 0], dtype=np.int32), ["Micro", "KOL"]),
            "post_id": ids,
            "date": np.array(["2025-03-01", "2025-03-09", "NaT", "2025-03-02"], dtype="datetime64[s]"),
            "impressions": np.array([100, 200, 300, 400], dtype=np.int64),
            "clicks": Ints(np.array([1, 0, 3, 4], dtype=np.int64), np.array([False, True, False, False])),
            "spend": np.array([10.5, np.nan, 0.125, 3.0]),
            "followers": np.array([5000.0, 20000.0, np.nan, 2e6]),
        },
        np.arange(start, start + n, dtype=np.int64),
    )

for by in ([], ["influencer"], ["date"], ["influencer", "platform"], ["tier"], ["post_id"]):
    agg = Aggregator(by=by)
    agg.add(batch(2))
    agg.add(batch(6))
    for gs in (agg.total(), agg.result()):
        table = kpi_table(gs)
        assert len(table.keys) == len(gs.sums), by
        odd_rows(gs)
    if by:
        score._label_order(by, table.keys)
    score.iso_day(agg.total().date_min)
print(sorted(m for m in sys.modules if m.split(".")[0] == "pandas")[:3])
"""


def test_kpi_maths_on_frames_import_no_pandas() -> None:
    # Aggregator.add, result, total and kpi_table on the reader's Frames (texts as codes,
    # counts with blanks, post IDs in Arrow, dates), grouped and not: no pandas (issue 21
    # item 4). Fails when any of them, or kpis.py or score.py at import, reaches for it.
    assert _run(_KPI_MATHS).split("\n")[-2] == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ("-f", "json"),
        ("--by", "influencer", "-f", "json"),
        ("--by", "date", "-f", "csv"),
        ("--by", "influencer,platform", "-f", "json"),
        ("--by", "tier", "-f", "ndjson"),
    ],
)
def test_a_score_run_of_a_post_export_imports_no_pandas(args: tuple[str, ...]) -> None:
    # The whole of `kpi score`: reader, KPI maths and report on Frames and numpy (issue 21
    # item 4: pandas' import was most of a small run).
    assert "pandas" not in imported("score", "tests/data/three_posts.csv", *args)


@pytest.mark.parametrize(
    "args", [("-f", "json"), (), ("--by", "influencer", "-f", "csv"), ("--by", "date", "-f", "json")]
)
def test_a_small_run_skips_what_it_does_not_use(args: tuple[str, ...]) -> None:
    # numpy.ma (8 ms): pa.array(numpy) and a plain np.unique import it (arrow.from_numpy
    # instead); pyarrow.compute (25 ms): its wrappers and docstrings for ~290 functions
    # (kpi_cli.compute calls the ones kpi uses by name; no Array method that computes)
    names = imported("score", "sample_data/campaign_posts.csv", *args, "-q", submodules=True)
    assert "pyarrow._compute" in names  # the run did parse cells
    assert not names & {"numpy.ma", "pyarrow.compute", "pydoc", "pyarrow.vendored.docscrape"}


def test_pyarrow_compute_without_docs_calls_as_before() -> None:
    out = _run(
        "from kpi_cli.lazy import pyarrow_compute_without_docs\n"
        "pyarrow_compute_without_docs()\n"
        "import sys\n"
        "import pyarrow as pa, pyarrow.compute as pc\n"
        "print('pyarrow.vendored.docscrape' in sys.modules)\n"
        "print(pc.sum(pa.array([1, 2, 3])).as_py(), pc.round(pa.array([1.25]), ndigits=1).to_pylist())\n"
        "print(pc.utf8_length.__doc__.splitlines()[0])\n"
        "from pyarrow.vendored import docscrape\n"
        "print(docscrape.NumpyDocString.__module__)\n"  # the real one, for whoever asks later
    )
    assert out.splitlines() == [
        "False",
        "6 [1.2]",
        "Compute UTF8 string lengths.",
        "pyarrow.vendored.docscrape",
    ]


def test_the_kpi_command_imports_with_the_collector_off() -> None:
    """The `kpi` console script (kpi_cli.__main__:main) turns the cyclic garbage collector
    off before it imports the command line: left on, it rescans the objects the imports
    make, ~5 % of a small export's run. numpy, Arrow and kpi_cli.cli load with it off."""
    code = (
        "import gc, sys\n"
        "seen = {}\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in ('numpy', 'pyarrow', 'kpi_cli.cli'):\n"
        "            seen[name] = gc.isenabled()\n"
        "        return None\n"
        "sys.meta_path.insert(0, Watch())\n"
        "sys.argv = ['kpi', 'score', 'tests/data/three_posts.csv', '-f', 'json', '-q']\n"
        "import atexit, os\n"
        "end = os._exit\n"
        "os._exit = lambda code: (print(sorted(seen.items()), file=sys.__stderr__), end(code))\n"
        "from kpi_cli.__main__ import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr.splitlines()[-1] == "[('kpi_cli.cli', False), ('numpy', False), ('pyarrow', False)]"


_MARCH = """Post URL,Creator,Platform,Date,Impressions,Likes,Comments,Fee
https://www.instagram.com/p/A1/,@mia,Instagram,2025-03-02,12000,300,20,400
https://www.instagram.com/p/A2/,@mia,Instagram,2025-03-09,8000,200,10,400
https://www.instagram.com/p/A3/,@leo,Instagram,2025-03-03,5000,100,5,250
"""
_APRIL = """Post URL,Creator,Platform,Date,Impressions,Likes,Comments,Fee
https://www.instagram.com/p/B1/,@mia,Instagram,2025-04-02,15000,350,25,400
https://www.instagram.com/p/A3/,@leo,Instagram,2025-04-03,5600,110,6,0
"""
# @mia's row is the sum of her March posts (12,000 + 8,000 impressions, 300 + 200 likes,
# 20 + 10 comments): a creator tab, perhaps (1 creator of 3: said, not refused)
_CREATORS = "Creator,Impressions,Likes,Comments\n@mia,20000,500,30\n@leo,9000,150,9\n@zoe,7000,90,4\n"
_DAYS = "Date,Creator,Platform,Impressions,Likes,Spend\n"
_DAYS_A = _DAYS + "2025-05-01,@mia,Instagram,1000,40,50\n2025-05-02,@leo,TikTok,900,30,20\n"
_DAYS_B = _DAYS + "2025-05-03,@mia,Instagram,1100,41,50\n"
_FEES = "Creator,Fee\n@mia,300\n@leo,150\n"


@pytest.mark.parametrize(
    "files",
    [
        {"march.csv": _MARCH, "april.csv": _APRIL},  # post IDs: the same post on other dates (overlap)
        {"march.csv": _MARCH, "april.csv": _APRIL, "creators.csv": _CREATORS},  # a creator tab?
        {"a.csv": _DAYS_A, "b.csv": _DAYS_B, "fees.csv": _FEES},  # rows by creator and day, fees
    ],
    ids=["two post exports", "and a creator tab", "days and fees"],
)
@pytest.mark.parametrize("by", [(), ("--by", "influencer")])
def test_a_score_run_of_several_files_imports_no_pandas(
    tmp_path: Path, files: dict[str, str], by: tuple[str, ...]
) -> None:
    # The checks only several files have (issue 21 item 4): the same days or posts in two
    # files (read/overlap.py) and a creator tab beside its posts (read/restates.py) count on
    # the reader's Frames, as the rest of the run does; before, each batch became a pandas frame.
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    names = imported("score", *paths, *by, "-f", "json", submodules=True)
    assert {"kpi_cli.read.overlap", "kpi_cli.read.restates"} <= names  # the run did compare the files
    assert "pandas" not in {n.split(".")[0] for n in names}


def test_the_kpi_command_starts_no_blas_threads() -> None:
    """numpy's OpenBLAS would start a spinning thread per core at import, for matrix products
    kpi never computes: the `kpi` command asks for one (OPENBLAS_NUM_THREADS=1) before numpy
    loads, unless the user set it."""
    code = (
        "import os, sys\n"
        "seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'numpy' and not seen:\n"
        "            seen.append(os.environ.get('OPENBLAS_NUM_THREADS'))\n"
        "        return None\n"
        "sys.meta_path.insert(0, Watch())\n"
        "sys.argv = ['kpi', 'score', 'tests/data/three_posts.csv', '-f', 'json', '-q']\n"
        "end = os._exit\n"
        "os._exit = lambda code: (print(seen, file=sys.__stderr__), end(code))\n"
        "from kpi_cli.__main__ import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr.splitlines()[-1] == "['1']"
    mine = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
        env={**env, "OPENBLAS_NUM_THREADS": "2"}, check=False,
    )  # fmt: skip
    assert mine.stderr.splitlines()[-1] == "['2']"


def test_a_meta_ad_set_export_imports_no_pandas(tmp_path: Path) -> None:
    """A Meta export with campaign and ad set names is checked for rows of several levels
    (frames._Levels); Arrow's group_by did it, and its Acero engine imported pandas: 0.2 s more
    for a common file than for any other small export."""
    path = tmp_path / "meta_ad_sets.csv"
    path.write_text(
        "Reporting starts,Reporting ends,Campaign name,Ad set name,Amount spent (EUR),Impressions,Reach\n"
        "2025-03-01,2025-03-31,Spring,Mia boost,400.00,50000,30000\n"
        "2025-03-01,2025-03-31,Spring,Leo boost,600.00,70000,45000\n"
    )
    names = imported("score", str(path), "-f", "json", "-q", submodules=True)
    assert "pandas.core" not in names and "pyarrow.acero" not in names


def test_commands_hand_typer_annotations_it_need_not_compile() -> None:
    """Typer reads a command's annotations twice (inspect.signature and get_type_hints); as
    strings (`from __future__ import annotations`) each pass compiled and evaluated every
    one, 33 options of `score`: ~23 M instructions of a small run. cli.py's are objects."""
    import typer

    from kpi_cli import cli

    commands = [c.callback for c in cli.app.registered_commands]
    commands += [c.callback for g in cli.app.registered_groups for c in g.typer_instance.registered_commands]
    assert cli.score in commands and len(commands) >= 6
    for callback in commands:
        hints = callback.__annotations__
        assert hints and not [n for n, a in hints.items() if isinstance(a, str)], callback.__name__
    quiet = cli.score.__annotations__["quiet"]
    assert any(isinstance(a, typer.models.OptionInfo) for a in quiet.__metadata__)
