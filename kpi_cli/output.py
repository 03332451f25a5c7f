"""Pipeline formats, atomic output files and the verdict gate.

All of them read the same ScoreReport the table is drawn from, so `--format csv`
and the table can never disagree. `-o` writes to a temporary file in the target's
folder and renames it into place, so a reader never sees half a report.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from kpi_cli import fmt
from kpi_cli.errors import KpiError, OutputError, reason
from kpi_cli.lazy import lazy_compile
from kpi_cli.marks import MARKS_LEGEND, VERDICT_MARKS
from kpi_cli.records import (
    breakdown_formats,
    breakdown_headline,
    column_formats,
    flat_band,
    glued,
    glued_rows,
    headline,
    json_texts,
    json_values,
    key_cells,
    kpi_column_lines,
    kpi_line,
    note_numbers,
    ranking_caption,
)
from kpi_cli.score import (
    RETENTION_SCHEMA,
    SCORE_SCHEMA,
    WORDS,
    GroupBlock,
    GroupResult,
    KpiResult,
    LazyGroups,
    ScoreReport,
    without_gc,
)
from kpi_cli.text import json_safe, without_controls

FORMATS: tuple[str, ...] = ("table", "json", "ndjson", "csv", "markdown")
GATES: tuple[str, ...] = ("poor", "fair")
_RANK = {"poor": 0, "fair": 1, "good": 2, "excellent": 3}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet reads as a plain value, though it starts like a formula: a signed
# number (-12.5, +3%, -1e3) and a creator's handle (@name.with_dots, @some-channel).
_SIGNED_NUMBER = lazy_compile(r"[-+](?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?%?")
_HANDLE = lazy_compile(r"@[\w.\-]+")


def _groups(report: ScoreReport) -> Iterator[GroupResult]:
    """Breakdown groups first, then the total, the order every format uses (one at a
    time: a breakdown of LazyGroups is built as it is written)."""
    yield from report.groups
    yield report.total


def _shown(report: ScoreReport, kpis: Sequence[str] | None) -> list[str] | None:
    """The KPIs a format writes: --kpis, with the --sort KPI added (the ranking shows why)."""
    if not kpis:
        return None
    shown = list(kpis)
    if report.sort is not None and report.sort.kpi not in shown:
        shown.append(report.sort.kpi)
    return shown


def _pick(group: GroupResult, kpis: Sequence[str] | None) -> list[KpiResult]:
    if not kpis:
        return list(group.kpis)
    by_id = {k.id: k for k in group.kpis}
    return [by_id[k] for k in kpis if k in by_id]


# --------------------------------------------------------------------------- NDJSON


def to_ndjson(report: ScoreReport, kpis: Sequence[str] | None = None) -> str:
    """One JSON object per group and KPI, with stable keys, for jq and duckdb."""
    return b"".join(ndjson_chunks(report, kpis)).decode()


def ndjson_chunks(report: ScoreReport, kpis: Sequence[str] | None = None) -> Iterator[bytes]:
    """The NDJSON lines in pieces (see _ndjson_chunks), DEL, C1 controls and invisible
    characters written as \\u escapes (`text.json_safe`)."""
    for chunk in _ndjson_chunks(report, kpis):
        yield json_safe(chunk)


def _ndjson_chunks(report: ScoreReport, kpis: Sequence[str] | None = None) -> Iterator[bytes]:
    """`to_ndjson` as bytes, a thousand groups at a time (any number of groups in bounded memory).

    orjson, as for JSON: 5,000 influencers are 135,000 lines, which the standard
    library's encoder took over a second to write."""
    import orjson

    buffer = io.BytesIO()  # not a list of lines: 135,000 small bytes kept alive took a second
    kpis = _shown(report, kpis)
    groups: Iterable[GroupResult] = _groups(report)
    if isinstance(report.groups, LazyGroups):  # many groups: a block at a time, as columns
        with without_gc():  # a dict per group and KPI: see without_gc
            for block in report.groups.blocks(_NDJSON_BLOCK, detail=True):
                yield _ndjson_block(block, report.lines_schema, kpis)
        groups = [report.total]
    for n, group in enumerate(groups, 1):
        for kpi in _pick(group, kpis):
            # The KPI's fields, with its band flattened into scalar keys.
            record = {
                "schema": report.lines_schema,
                "group": group.label,
                "key": dict(group.key),
                "rows": group.rows,
                "kpi": kpi.id,
                **kpi_line(kpi),
                **flat_band(kpi.band),
            }
            buffer.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        if n % _CHUNK_GROUPS == 0:
            yield buffer.getvalue()
            buffer = io.BytesIO()
    for goal in report.meta.get("goals", []):  # --goals: a line per goal after the KPIs
        buffer.write(
            orjson.dumps(
                {"schema": report.lines_schema, "record": "goal", **goal}, option=orjson.OPT_APPEND_NEWLINE
            )
        )
    yield buffer.getvalue()


_CHUNK_GROUPS = 1000
# Groups an NDJSON block holds: numpy and Arrow work a KPI column of the block at a time, so
# larger blocks pay their calls less often (2,500 groups of 30 KPIs: some 28 MB of lines).
_NDJSON_BLOCK = 2500


def _ndjson_block(block: GroupBlock, schema: str, kpis: Sequence[str] | None) -> bytes:
    """The NDJSON lines of a block's groups (LazyGroups.blocks(detail=True)): the records
    ndjson_chunks writes for each GroupResult, made from the block's KPI columns as bytes
    (records.kpi_column_lines), each line a group's head and its KPI's part, joined by Arrow."""
    import orjson

    assert block.detail is not None
    columns = block.detail
    if kpis:
        by_id = {column.id: column for column in columns}
        columns = [by_id[k] for k in kpis if k in by_id]
    n = len(block.labels)
    if not columns or n == 0:
        return b""
    # Each group's `{"schema":...,"group":...,"key":{...},"rows":...,"kpi":`, then each KPI's part.
    head = glued_rows(
        [b'{"schema":' + orjson.dumps(schema) + b',"group":"', json_texts(block.labels), b'",',
         *key_cells(block), b',"rows":', json_values(block.rows.tolist()), b',"kpi":'],
        n,
    )  # fmt: skip
    cells: list[Any] = []
    for column in columns:
        cells += [head, *kpi_column_lines(column)]
    return glued(cells, n)


# --------------------------------------------------------------------------- CSV


def _safe_cell(value: Any, excel_safe: bool = False) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe.

    Only what would run: `=...`, a tab or CR first, `+`/`-` not before a plain number,
    `@` not before a plain handle. So `@lena.creates` and `-12.5` stay as they are
    and join with other data; `excel_safe` escapes every cell that starts like a formula.
    """
    if not isinstance(value, str):
        return value
    value = without_controls(value)  # an escape sequence in a name must not reach a terminal
    if not value.startswith(_FORMULA_START):
        return value
    if excel_safe or value[0] in "=\t\r":
        return "'" + value
    if value[0] == "@" and _HANDLE.fullmatch(value):
        return value
    if value[0] in "+-" and _SIGNED_NUMBER.fullmatch(value):
        return value
    return "'" + value


def _plain(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return repr(value)
    return str(value)


def to_csv(report: ScoreReport, kpis: Sequence[str] | None = None, excel_safe: bool = False) -> str:
    """One row per group: key columns, rows, then `<kpi>` and `<kpi>_verdict` per KPI."""
    return b"".join(csv_chunks(report, kpis, excel_safe)).decode()


def csv_chunks(
    report: ScoreReport, kpis: Sequence[str] | None = None, excel_safe: bool = False
) -> Iterator[bytes]:
    """`to_csv` as UTF-8 bytes, a thousand groups at a time; with --goals, a row per goal."""
    if "goals" in report.meta:
        yield _goals_csv(report.meta["goals"], excel_safe)
        return
    key_columns = list(report.by)
    columns = _pick(report.total, _shown(report, kpis))
    header = [*key_columns, "group", "rows"]
    compare = bool(report.meta.get("compare_benchmarks"))  # and the shipped bands' verdict
    for kpi in columns:
        header += [kpi.id, f"{kpi.id}_verdict", *([f"{kpi.id}_industry_verdict"] if compare else [])]
    buffer = io.StringIO()
    writer = _LineWriter(buffer)
    writer.writerow(header)
    if isinstance(report.groups, LazyGroups):  # many groups: written a block at a time, as columns
        yield buffer.getvalue().encode()
        ids = [kpi.id for kpi in columns]
        blocks = report.groups.blocks(_BLOCK_GROUPS)
        yield from _in_turn(blocks, lambda block: _csv_block(block, key_columns, ids, compare, excel_safe))
        buffer.seek(0)
        buffer.truncate()
        groups: Iterable[GroupResult] = [report.total]
    else:
        groups = _groups(report)
    for n, group in enumerate(groups, 1):
        by_id = {k.id: k for k in group.kpis}
        row: list[Any] = [_safe_cell(group.key.get(col, ""), excel_safe) for col in key_columns]
        row += [_safe_cell(group.label, excel_safe), group.rows]
        for kpi in columns:
            cell = by_id.get(kpi.id)
            row += [_plain(cell.value if cell else None), (cell.verdict or "") if cell else ""]
            if compare:
                row.append(cell.industry.verdict if cell and cell.industry else "")
        writer.writerow(row)
        if n % _CHUNK_GROUPS == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


_BLOCK_GROUPS = 10_000
_AHEAD = 2  # blocks written ahead: one more makes the main thread wait for the oldest (_in_turn)
# A text cell csv and _safe_cell both write as it is: no formula start, no control
# character, nothing csv quotes; or, unless excel_safe, a handle of ASCII word characters
# (RE2's \w is ASCII; what this does not match goes through _safe_cell one by one).
_PLAIN_TEXT = r'^(?:[^=+\-@\x00-\x1f\x7f-\x9f,"][^\x00-\x1f\x7f-\x9f,"]*)?$'
_PLAIN_HANDLE = r"^@[A-Za-z0-9_.\-]+$"


def _in_turn(blocks: Iterator[GroupBlock], write: Callable[[GroupBlock], bytes]) -> Iterator[bytes]:
    """`write` of each block, in order, made on two worker threads while this one works
    out the next blocks: writing is mostly Arrow, which leaves the other core free, and
    was a third of a large breakdown's run. Once more than `_AHEAD` blocks are handed
    over, the oldest is waited for, so memory stays a few blocks big; a single block is
    written here, without threads."""
    first = next(blocks, None)
    if first is None:
        return
    second = next(blocks, None)
    if second is None:
        yield write(first)
        return
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kpi-write") as pool:
        pending = deque([pool.submit(write, first), pool.submit(write, second)])
        for block in blocks:
            pending.append(pool.submit(write, block))
            if len(pending) > _AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _csv_block(
    block: GroupBlock, key_columns: list[str], kpis: list[str], compare: bool, excel_safe: bool
) -> bytes:
    """CSV rows of a block of groups, byte for byte what csv.writer writes for their
    GroupResults (see csv_chunks), made a column at a time with Arrow."""
    import pyarrow as pa

    from kpi_cli import arrow
    from kpi_cli import compute as pc

    cells: list[Any] = [_text_cells(block.keys[col], excel_safe) for col in key_columns]
    # By one column the label is the key itself (blocks hands out the same list): its cells once.
    one = len(key_columns) == 1 and block.labels is block.keys[key_columns[0]]
    cells.append(cells[0] if one else _text_cells(block.labels, excel_safe))
    cells.append(pc.cast(arrow.from_numpy(np.asarray(block.rows), pa.int64()), pa.string()))
    for kpi in kpis:
        cells.append(_number_cells(block.values[kpi], block.known[kpi]))
        cells.append(_word_cells(block.verdicts[kpi]))
        if compare:
            cells.append(_word_cells(block.industry[kpi]) if block.industry is not None else arrow.text(""))
    return _join_lines(cells, len(block.rows))


def _join_lines(cells: list[Any], n: int) -> bytes:
    """Rows of comma-separated cells (Arrow arrays, or a scalar for a column that is the same
    in every row), each ending in a newline, as one bytes."""
    import pyarrow as pa

    from kpi_cli import arrow
    from kpi_cli import compute as pc

    if n == 0:
        return b""
    merged: list[Any] = []  # a run of empty columns is one scalar of commas
    for cell in cells:
        if isinstance(cell, pa.Scalar) and merged and isinstance(merged[-1], pa.Scalar):
            merged[-1] = arrow.text(merged[-1].as_py() + "," + cell.as_py())
        else:
            merged.append(cell)
    # The line end goes on the last cells (not on each joined line: a second pass over every byte).
    if isinstance(merged[-1], pa.Scalar):
        merged[-1] = arrow.text(merged[-1].as_py() + "\n")
    else:
        merged[-1] = pc.binary_join_element_wise(merged[-1], arrow.text("\n"), arrow.text(""))
    lines = pc.binary_join_element_wise(*merged, arrow.text(","))
    _, offsets, data = lines.buffers()
    at = np.frombuffer(offsets, dtype=np.int32, count=n + 1, offset=4 * lines.offset)
    return bytes(memoryview(data)[int(at[0]) : int(at[-1])])


def _text_cells(texts: list[str], excel_safe: bool) -> Any:
    """Text cells (a group's name) as `_safe_cell` and csv.writer write them."""
    import pyarrow as pa

    from kpi_cli import arrow
    from kpi_cli import compute as pc

    cells = pa.array(texts, pa.string())
    plain = pc.match_substring_regex(cells, _PLAIN_TEXT)
    if not excel_safe:
        plain = pc.or_(plain, pc.match_substring_regex(cells, _PLAIN_HANDLE))
    if pc.all(plain).as_py() is not False:
        return cells
    redo = np.flatnonzero(~arrow.to_numpy(plain))
    done = [_csv_field(_safe_cell(texts[i], excel_safe)) for i in redo.tolist()]
    mask = np.zeros(len(texts), dtype=bool)
    mask[redo] = True
    return pc.replace_with_mask(cells, arrow.from_numpy(mask), pa.array(done, pa.string()))


def _csv_field(text: str) -> str:
    """One cell as csv.writer writes it inside a row (quoted when it must be)."""
    buffer = io.StringIO()
    _LineWriter(buffer).writerow([text, ""])
    return buffer.getvalue()[:-2]  # less the "," of the empty cell after it and the "\n"


class _LineWriter:
    """csv.writer's rows ending in "\n", with a cell holding a lone carriage return quoted:
    csv quotes only the characters of its line end, and an unquoted "\r" split the row in
    two for the program reading it (the group's figures shifted or lost)."""

    def __init__(self, out: io.StringIO) -> None:
        self._out = out
        self._line = io.StringIO()
        self._writer = csv.writer(self._line, lineterminator="\r\n")

    def writerow(self, row: Sequence[Any]) -> None:
        self._line.seek(0)
        self._line.truncate()
        self._writer.writerow(row)
        self._out.write(self._line.getvalue()[:-2] + "\n")


def _number_cells(values: np.ndarray, known: np.ndarray) -> Any:
    """Figures as `_plain` writes them ("" where a group has none): integers as Python
    writes them, floats as repr (shortest round trip; `3.0`, `1e-05`, `1.5e+16`)."""
    import pyarrow as pa

    from kpi_cli import arrow
    from kpi_cli import compute as pc

    if not known.any():
        return arrow.text("")
    if values.dtype.kind in "iu":
        text = pc.cast(arrow.from_numpy(values), pa.string())
    elif values.dtype == np.float64:
        text = _float_cells(values)
    elif all(type(v) is int and -(2**63) <= v < 2**63 for v in values[known].tolist()):
        return _number_cells(np.where(known, values, 0).astype(np.int64), known)  # Python ints
    else:  # object: Python numbers (or None), one at a time
        plain = [_plain(v) if k else "" for v, k in zip(values.tolist(), known.tolist(), strict=True)]
        text = pa.array(plain, pa.string())
    return text if known.all() else pc.if_else(arrow.from_numpy(known), text, arrow.text(""))


def _float_cells(values: np.ndarray) -> Any:
    """Floats as Python's repr writes them. Arrow writes the same shortest digits, and
    the same text from 1e-4 up to 1e10, but for whole numbers (`3`, where repr has `3.0`);
    the rest (tiny, huge, NaN, infinite) go through repr."""
    import pyarrow as pa

    from kpi_cli import arrow
    from kpi_cli import compute as pc

    with np.errstate(invalid="ignore"):
        size = np.abs(values)
        whole = (values == np.floor(values)) & (size < 1e10)
        if whole.all() and not (np.signbit(values) & (values == 0)).any():  # sums of counts: `12.0`
            digits = pc.cast(arrow.from_numpy(values.astype(np.int64)), pa.string())  # (-0.0 is `-0.0`)
            return pc.binary_join_element_wise(digits, arrow.text(".0"), arrow.text(""))
        python = ~whole & ~((size >= 1e-4) & (size < 1e10))
    text = pc.cast(arrow.from_numpy(values), pa.string())
    if whole.any():
        text = pc.if_else(
            arrow.from_numpy(whole), pc.binary_join_element_wise(text, arrow.text(".0"), arrow.text("")), text
        )
    if python.any():
        fixed = [repr(v) for v in values[python].tolist()]
        text = pc.replace_with_mask(text, arrow.from_numpy(python), pa.array(fixed, pa.string()))
    return text


def _word_cells(words: np.ndarray) -> Any:
    """Verdicts (numbers in score.WORDS) as words, or one scalar when no group has one."""
    import pyarrow as pa

    from kpi_cli import arrow
    from kpi_cli import compute as pc

    if not words.any():
        return arrow.text("")
    return pc.take(pa.array(WORDS, pa.string()), arrow.from_numpy(words))


GOAL_COLUMNS = (
    "kpi", "scope", "name", "op", "target", "value", "attainment", "met", "projected", "on_track",
    "days_elapsed", "days_total", "reason",
)  # fmt: skip


def _goals_csv(records: list[dict[str, Any]], excel_safe: bool) -> bytes:
    """One row per goal: raw numbers, true/false, empty for null (what a program reads)."""
    buffer = io.StringIO()
    writer = _LineWriter(buffer)
    writer.writerow(GOAL_COLUMNS)
    for record in records:
        row: list[Any] = []
        for column in GOAL_COLUMNS:
            value = record.get(column)
            if isinstance(value, bool):
                row.append("true" if value else "false")
            elif isinstance(value, str):
                row.append(_safe_cell(value, excel_safe))
            else:
                row.append(_plain(value))
        writer.writerow(row)
    return buffer.getvalue().encode()


# --------------------------------------------------------------------------- Markdown


_MD_SPECIAL = lazy_compile(r"([\\|<>\[\]`*_~])")  # `*star*` is a name, not emphasis


def _md(text: str) -> str:
    """Text from a file as inert Markdown: control characters shown escaped, no table
    breaks, HTML, links or code, and no leading character a spreadsheet or list would take."""
    from kpi_cli.text import printable

    text = _MD_SPECIAL.sub(r"\\\1", printable(text))
    return "\\" + text if text[:1] in ("=", "+", "-", "@") else text


def _goals_md(report: ScoreReport, footnotes: list[str]) -> list[str]:
    """The --goals table under the KPIs (nothing without goals); its notes are footnotes
    numbered on from the KPI table's (`footnotes`)."""
    from kpi_cli.kpis import KPI_BY_ID
    from kpi_cli.records import goal_status, goals_title

    records = report.meta.get("goals")
    if not records:
        return []
    # The terminal's title (the day of the campaign) and each goal's note as a footnote (audit I-4).
    lines = ["", f"**{_md(goals_title(report.meta))}**", ""]
    lines.append("| Goal | Target | Value | Attained | Projected | Status | Note |")
    lines.append("|---|---|---:|---:|---:|---|---|")
    first = len(footnotes)
    for r in records:
        name = KPI_BY_ID[r["kpi"]].name + (f" · {r['name']}" if r["scope"] else "")
        attained = "—" if r["attainment"] is None else f"{r['attainment']:.0f}%"
        cells = [_md(name), r["goal"], r["display"] or "—", attained, r.get("projected_display") or "",
                 goal_status(r), _refs(r["reason"] or "", footnotes)]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return lines + _footnotes_md(footnotes[first:], first + 1)


def _verdict_md(kpi: KpiResult, style: fmt.Style) -> str:
    if kpi.verdict is None:
        return ""
    band = fmt.relabel(kpi.band.label, style) if kpi.band else ""
    scope = f", {kpi.band.scope}" if kpi.band and kpi.band.scope else ""
    return f"{VERDICT_MARKS[kpi.verdict]} {kpi.verdict} ({band}{scope})"


def to_markdown(report: ScoreReport, kpis: Sequence[str] | None = None) -> str:
    """A table to paste into a report, carrying what the terminal's does: the title, the
    funnel for totals or groups × KPIs for breakdowns, each figure in its column's format
    with its verdict in words, then how the groups were ranked and the notes as footnotes."""
    from kpi_cli.kpis import PHASE_TITLES

    if report.groups:
        return _breakdown_md(report, kpis)
    lines = [f"**{_md(headline(report))}**", ""]
    lines.append("| Phase | KPI | Value | Verdict | Note |")
    lines.append("|---|---|---:|---|---|")
    picked = _pick(report.total, kpis)
    show = column_formats(picked, report.style)
    footnotes: list[str] = []
    for kpi in picked:
        phase = PHASE_TITLES.get(kpi.phase, kpi.phase.title())
        name = f"**{kpi.name}**" if kpi.primary else kpi.name
        refs = _refs(fmt.relabel(kpi.note(report.total.rows), report.style), footnotes)
        verdict = _verdict_md(kpi, report.style)
        lines.append(f"| {phase} | {name} | {_md(kpi.shown(show[kpi.id]))} | {verdict} | {refs} |")
    return "\n".join(lines + _footnotes_md(footnotes) + _goals_md(report, footnotes)) + "\n"


def _refs(note: str, footnotes: list[str]) -> str:
    """`[1], [3]`: a note's parts as numbered footnotes under the table (each written once)."""
    return ", ".join(f"[{n}]" for n in note_numbers(note, footnotes))


def _footnotes_md(footnotes: Sequence[str], start: int = 1) -> list[str]:
    return ["", *(f"{i}. {_md(text)}" for i, text in enumerate(footnotes, start))] if footnotes else []


# Reports whose rows carry their own notes in a Note column (see render_groups.print_retention).
_ROW_NOTES: dict[str, str] = {RETENTION_SCHEMA: "client_retention_rate"}


def _breakdown_md(report: ScoreReport, kpis: Sequence[str] | None) -> str:
    scored = report.schema == SCORE_SCHEMA  # lift's weeks and retention's pairs say their own rows
    title = breakdown_headline(report) if scored else headline(report)
    lines = [f"**{_md(title)}**", ""]
    columns = _pick(report.total, _shown(report, kpis))
    groups = list(_groups(report))
    show = breakdown_formats(report, [kpi.id for kpi in columns])
    footnotes: list[str] = []
    # The KPI whose notes each row carries, as the terminal's table has them: a retention pair's
    # own (`2025-Q1 has no rows; compares across the gap`), not the pooled row's alone (audit I-6).
    row_notes = _ROW_NOTES.get(report.schema)
    heads = []
    for kpi in columns:
        refs = (
            ""
            if kpi.id == row_notes
            else _refs(fmt.relabel(kpi.note(report.total.rows), report.style), footnotes)
        )
        heads.append(kpi.name + (f" {refs}" if refs else ""))
    noted = row_notes is not None and any(kpi.id == row_notes for kpi in columns)
    lines.append("| " + " | ".join([_md(report.group_title), *heads, *(["Note"] if noted else [])]) + " |")
    lines.append("|" + "---|" + "---:|" * len(columns) + ("---|" if noted else ""))
    for group in groups:
        by_id = {k.id: k for k in group.kpis}
        cells = []
        for kpi in columns:
            cell = by_id[kpi.id]
            text = _md(cell.shown(show[kpi.id]))
            cells.append(text + (f" {VERDICT_MARKS[cell.verdict]} {cell.verdict}" if cell.verdict else ""))
        if noted:
            note = by_id[row_notes].note(group.rows) if row_notes in by_id else ""
            cells.append(_refs(fmt.relabel(note, report.style), footnotes))
        label = "**Total**" if group is report.total else _md(group.label)
        lines.append("| " + " | ".join([label, *cells]) + " |")
    lines += ["", f"{_md(ranking_caption(report))} · {MARKS_LEGEND}" if scored else MARKS_LEGEND]
    return "\n".join(lines + _footnotes_md(footnotes) + _goals_md(report, footnotes)) + "\n"


# --------------------------------------------------------------------------- writing


def write_atomic(text: str | bytes | Iterable[bytes], path: Path, inputs: Iterable[str] = ()) -> None:
    """Write via a temporary file in the same folder and rename it over the target.

    Bytes are written as they are (UTF-8 already), text as UTF-8. A target that is not
    a regular file (/dev/null, /dev/stdout, a named pipe, a device) is written through,
    never replaced; a folder is refused. An interrupted write leaves no temporary file.
    """
    parts: Iterable[bytes] = (
        [text.encode("utf-8")] if isinstance(text, str) else [text] if isinstance(text, bytes) else text
    )
    if str(path) == "-":  # -o -: standard output, as for an input
        _write_through(parts, Path("/dev/stdout"))
        return
    try:
        existing: os.stat_result | None = os.stat(path)  # through a symlink: what it points at
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise KpiError(f"{path}: cannot write here ({reason(exc)}); choose another -o file") from None
    mode = existing.st_mode if existing is not None else None
    if mode is not None and stat.S_ISDIR(mode):
        raise KpiError(f"{path}: is a folder; give a file name (e.g. -o {Path(path) / 'report.json'})")
    if mode is not None and not stat.S_ISREG(mode):
        _write_through(parts, path)
        return
    target = path.resolve()
    for name in inputs:
        if name != "-" and Path(name).resolve() == target:
            raise KpiError(f"{path}: is one of the input files; choose another -o file")
    folder = target.parent
    if not folder.is_dir():
        raise KpiError(f"{path}: folder {folder} does not exist; create it or choose another -o file")
    # The report replaces the file by a rename, which asks nothing of the file itself: a
    # read-only file was replaced, and a private (0600) one came back world-readable
    # (0644). As `>` and `cp` do, a file the user may not write is refused, and the new
    # one keeps the old one's permissions (and its owner and group, where allowed).
    if existing is not None and not os.access(target, os.W_OK):
        raise KpiError(f"{path}: is read-only; choose another -o file, or make it writable (chmod u+w)")
    import tempfile  # here, not at the top: only -o FILE needs it (~1.5 ms of a run's imports)

    umask = os.umask(0)
    os.umask(umask)
    tmp: str | None = None
    # SIGINT and SIGTERM wait while the temporary file is made, so that no interruption
    # can fall between its making and the `try` that removes it.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise KpiError(f"{path}: cannot write here ({reason(exc)}); choose another -o file") from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        if existing is None:
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
        else:
            _same_owner(tmp, existing)
            os.chmod(tmp, stat.S_IMODE(existing.st_mode) & 0o777)
        with os.fdopen(fd, "wb") as fh:
            for part in parts:  # a breakdown's chunks: never the whole output in memory
                fh.write(part)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise KpiError(f"{path}: could not write the output ({reason(exc)}); nothing was written") from None
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


def _same_owner(tmp: str, existing: os.stat_result) -> None:
    """Give the new file the owner and group of the one it replaces, as far as the user
    may (a member of the group can keep it; only root can keep another user's file)."""
    if existing.st_uid == os.geteuid() and existing.st_gid == os.getegid():
        return
    try:
        os.chown(tmp, existing.st_uid, existing.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, existing.st_gid)


def _write_through(parts: Iterable[bytes], path: Path) -> None:
    """Write into a device, a pipe or a terminal as it is (no temporary file: it is not a file)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND if _is_stdio(path) else os.O_WRONLY)
    except OSError as exc:
        raise KpiError(f"{path}: cannot write here ({reason(exc)}); choose another -o file") from None
    try:
        for part in parts:
            view = memoryview(part)
            while view:
                view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise
    except OSError as exc:
        if str(path) in ("/dev/stdout", "/dev/fd/1"):  # -o -
            raise OutputError(f"could not write the report to standard output ({reason(exc)})") from None
        raise OutputError(f"{path}: could not write the output ({reason(exc)})") from None
    finally:
        os.close(fd)


def _is_stdio(path: Path) -> bool:
    return str(path) in ("/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2")


# --------------------------------------------------------------------------- gate


def gate(report: ScoreReport, threshold: str) -> list[tuple[GroupResult, KpiResult]]:
    """KPIs at or below the threshold: primary ones with an objective, else every judged KPI.

    The total and every breakdown group are checked, so `--by influencer --fail-on poor`
    catches a single poor creator.
    """
    limit = _RANK[threshold]
    failures = []
    for group in _groups(report):
        for kpi in group.kpis:
            if kpi.verdict is None or (report.objective and not kpi.primary):
                continue
            if _RANK[kpi.verdict] <= limit:
                failures.append((group, kpi))
    return failures


def gate_message(failures: list[tuple[GroupResult, KpiResult]], threshold: str) -> str:
    shown = [
        f"{kpi.name} {kpi.display} ({kpi.verdict}, {kpi.band.label if kpi.band else ''})"
        + ("" if group.label == "Total" else f" for {group.label}")
        for group, kpi in failures[:8]
    ]
    more = f" and {len(failures) - 8} more" if len(failures) > 8 else ""
    noun = "KPI" if len(failures) == 1 else "KPIs"
    return f"gate failed: {len(failures)} {noun} at or below {threshold}: {'; '.join(shown)}{more}"
