"""What the shell offers on Tab: KPI ids for `--kpis` / `--sort` / `kpi kpis`, and the
dimensions an export has for `--by`.

Typer runs these while the shell waits, on every Tab, so they import nothing heavy (no
pandas; the reader's sniffing only for `--by`, and only on a regular file already on the
command line) and never raise: whatever goes wrong, the shell gets the plain choices
instead of a traceback. Typer keeps the values that start with what was typed, so a
comma-separated list is completed whole: `ctr,cp` offers `ctr,cpe`, `ctr,cpm`, ...

No `from __future__ import annotations` here: typer reads these functions' signatures on
every run, and annotations left as strings would be evaluated each time.
"""

from pathlib import Path

import typer

Choice = tuple[str, str]  # a value and the help zsh, fish and PowerShell show beside it


def _score_kpis() -> list[Choice]:
    from kpi_cli.definitions import KPI_DEFS

    return [(k.id, k.name) for k in KPI_DEFS]


def _listed(incomplete: str, choices: list[Choice]) -> list[Choice]:
    """Complete the part after the last comma; the ids already listed are not offered again."""
    done, _, last = incomplete.rpartition(",")
    head = f"{done}," if done else ""
    taken = {part.strip().lower() for part in done.split(",")}
    return [
        (head + value, label) for value, label in choices if value not in taken and value.startswith(last)
    ]


def kpis(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """`--kpis reach,ct` → `reach,ctr`: the KPIs `kpi score` computes."""
    try:
        return _listed(incomplete, _score_kpis())
    except Exception:  # a completion never shows a traceback
        return []


def sort(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """`--sort c` → `cpe`, `cpm`, `ctr`, ...; a whole id also offers `cpe:asc` and `cpe:desc`.

    (`-cpe`, worst first, is typed by hand: a word starting with `-` is completed as an
    option name by the shell machinery before this runs.)"""
    try:
        choices = _score_kpis()
        ids = {value for value, _ in choices}
        kpi, colon, _ = incomplete.partition(":")
        if colon or kpi in ids:
            if kpi not in ids:
                return []
            plain = [] if colon else [(kpi, "best first")]
            return [*plain, (f"{kpi}:asc", "lowest first"), (f"{kpi}:desc", "highest first")]
        return [(value, label) for value, label in choices if value.startswith(incomplete)]
    except Exception:
        return []


def glossary_kpis(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """`kpi kpis c` → every KPI id starting with c (lift and retention KPIs too)."""
    try:
        from kpi_cli.definitions import KPI_BY_ID

        taken = set(ctx.params.get("names") or ())
        return [(k, d.name) for k, d in KPI_BY_ID.items() if k.startswith(incomplete) and k not in taken]
    except Exception:
        return []


def by(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """`--by ` → the dimensions the exports on the command line have (their header as help),
    or every dimension when there is no readable file yet."""
    try:
        from kpi_cli.columns import DIMENSIONS

        try:
            found = _dimensions_in(ctx)
        except Exception:  # whatever reading the header ran into: the plain names then
            found = None
        choices = [(d, "") for d in DIMENSIONS] if found is None else list(found.items())
        return _listed(incomplete, choices)
    except Exception:
        return []


def _dimensions_in(ctx: typer.Context) -> dict[str, str] | None:
    """Dimension -> where it comes from (`from 'Handle'`), over the files given so far; None
    when none of them could be read (stdin, a pipe, a compressed file, no such file, not a table)."""
    # The files are still in ctx.args: parsing stopped at the option waiting for its value.
    given = [*(ctx.params.get("files") or ()), *ctx.args]
    names = list(dict.fromkeys(n for n in given if isinstance(n, str) and n and not n.startswith("-")))
    found: dict[str, str] = {}
    read_any = False
    for name in names:
        headers = _header_roles(name, ctx)
        if headers is None:
            continue
        read_any = True
        for dim, header in headers.items():
            found.setdefault(dim, header)
    return found if read_any else None


def _header_roles(name: str, ctx: typer.Context) -> dict[str, str] | None:
    """What sniffing the start of one regular file maps to dimensions (nothing is parsed)."""
    path = Path(name).expanduser()
    try:
        if not path.is_file():
            return None  # a FIFO or a device would block the shell
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError:
        return None
    if magic[:2] == b"\x1f\x8b" or magic == b"PK\x03\x04":
        return None  # unpacking a big archive to read its header is not worth a Tab
    from kpi_cli.columns import DIMENSIONS
    from kpi_cli.read.sniff import open_sources
    from kpi_cli.read.source import ReadOptions

    maps = ctx.params.get("maps") or ()
    profile = ctx.params.get("profile")
    try:
        options = ReadOptions(maps=tuple(maps), profile=profile if isinstance(profile, str) else None)
        (source,) = open_sources([str(path)], options=options)
    except Exception:
        return None
    mapped = {column: f"from {header!r}" for column, header in source.columns.mapped.items()}
    if "tier" not in mapped and "followers" in mapped:
        mapped["tier"] = "from the followers"
    return {d: mapped[d] for d in DIMENSIONS if d in mapped}


def locale(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """`--locale d` → `de` (1.234,56 €)."""
    try:
        from kpi_cli import fmt

        examples = {k: fmt.money(1234.56, s=fmt.style(k, "€")) for k in fmt.LOCALES}
        return [(k, examples[k]) for k in fmt.LOCALES if k.startswith(incomplete.lower())]
    except Exception:
        return []
