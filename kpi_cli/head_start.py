"""A head start for `kpi score FILE...`: its files sniffed, and their first chunks parsing
on the worker threads, before typer and kpi's command line are imported.

Those take some 35 ms of one core before typer can say which files a run reads, while
the other core waits: 3-4 % of a 1M-row export's run. `kpi_cli.__main__` asks `begin`
first; `kpi score` then `take`s the sources it made, if its own reading of the command
line asks for the same files read the same way, and else sniffs them itself (the head
start's parser closed, its work lost: nothing else changes).

The arguments are only looked at here, never judged: anything this does not know for
sure (another command, `-`, an option that changes how files are read, a misspelt one,
`-fjson`) gives no head start, and typer says what it says of it as before. A file the
sniff refuses gives none either: `kpi score` sniffs it again and says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (imported once a head start is tried: `kpi --help` loads no reader)
    from kpi_cli.read.source import ReadOptions, Source

# `kpi score`'s options that take a value, and its flags, that do not change how a file is
# read (tests/test_head_start.py holds these to the command's own). `--by` names the
# columns the parse starts with (ChunkParser.reads: another set restarts it).
VALUED = frozenset(
    {
        "--format", "-f", "--by", "--period", "--sort", "--top", "--kpis", "--objective",
        "--output", "-o", "--locale", "--plot", "--fail-on", "--benchmarks", "-b",
        "--goals", "--color",
    }
)  # fmt: skip
FLAGS = frozenset(
    {"--excel-safe", "--compact", "--indent", "--benchmarks-only", "--compare-benchmarks", "--quiet", "-q"}
)
# ... and those that do (ReadOptions): with any of them, no head start.
READING = frozenset(
    {
        "--map", "--profile", "--decimal-comma", "--decimal-point", "--dayfirst", "--monthfirst",
        "--any-year", "--currency", "--allow-duplicates",
    }
)  # fmt: skip

_STARTED: list[tuple[tuple[str, ...], list[Source]]] = []


def score_files_in(args: list[str]) -> tuple[list[str], list[str]] | None:
    """The files and `--by` columns of a `kpi score` command line read with default
    options, or None for any other (or any this is not sure of)."""
    if not args or args[0] != "score":
        return None
    files: list[str] = []
    by: list[str] = []
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            files.extend(rest)
            break
        if not arg.startswith("-") or arg == "-":
            files.append(arg)
            continue
        name, equals, value = arg.partition("=")
        if name in FLAGS and not equals:
            continue
        if name not in VALUED:
            return None
        if not equals:
            given = next(rest, None)
            if given is None:
                return None
            value = given
        if name == "--by":
            by.extend(part.strip() for part in value.split(",") if part.strip())
    if not files or "-" in files or any(not f for f in files):
        return None
    return files, by


def begin(args: list[str]) -> None:
    """Sniff the files of a `kpi score` command line and start parsing the first, if sure."""
    found = score_files_in(args)
    if found is None:
        return
    files, by = found
    if not all(_regular(f) for f in files):
        # a pipe (`kpi score <(zcat x.csv.gz)`) is read once, by `kpi score`, which says why it refuses it
        return
    from kpi_cli.read import chunks
    from kpi_cli.read.sniff import open_sources
    from kpi_cli.read.source import ReadOptions

    try:
        sources = open_sources(files, options=ReadOptions())
    except Exception:  # whatever it is, `kpi score` meets it again and says it
        return
    chunks.start(sources, by)
    _STARTED[:] = [(tuple(files), sources)]


def _regular(path: str) -> bool:
    """Whether `path` is a file that can be read twice (not a pipe, a FIFO or a device): a head
    start whose sniff refused a pipe left `kpi score` an emptied one ("the file is empty")."""
    import os
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def take(files: list[str], options: ReadOptions) -> list[Source] | None:
    """The sources `begin` made, if they are `files` read with `options`; else None (and
    the parsing it started stops)."""
    if not _STARTED:
        return None
    ((names, sources),) = _STARTED
    _STARTED.clear()
    from kpi_cli.read import chunks
    from kpi_cli.read.source import ReadOptions

    if names == tuple(files) and options == ReadOptions():
        return sources
    chunks.stop(sources)
    return None
