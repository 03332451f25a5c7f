"""A scored report as data: JSON and NDJSON records, headlines and column formats.

Every format is built from the same ScoreReport, so the table and JSON can never
disagree on a figure. Nothing here draws on a terminal: a run that writes JSON, NDJSON
or CSV loads no rich (`render` draws the tables and imports what it needs from here).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from kpi_cli import __version__, fmt
from kpi_cli.benchmarks import Benchmark, Verdict, band_ranks, low_edge
from kpi_cli.kpis import KPI_BY_ID, PER_UNIT_MONEY
from kpi_cli.lazy import lazy_compile
from kpi_cli.marks import MARKS_LEGEND as MARKS_LEGEND
from kpi_cli.marks import VERDICT_MARKS as VERDICT_MARKS
from kpi_cli.marks import VERDICT_STYLES as VERDICT_STYLES
from kpi_cli.marks import verdict_words as verdict_words
from kpi_cli.score import (
    Gaps,
    GroupBlock,
    GroupResult,
    KpiColumn,
    KpiResult,
    LazyGroups,
    ScoreReport,
    without_gc,
)
from kpi_cli.text import json_safe, printable

Show = Callable[[float | int | None], str]


def column_formats(kpis: Iterable[KpiResult], style: fmt.Style) -> dict[str, Show]:
    """One formatter per KPI of a table column, decided from every value the column shows:
    KPIs of one unit share their decimals (3.48% above 39.30%); money per unit stays whole.
    A count's decimals are its own KPI's: 0.33 conversions give clicks no `.00`."""
    values: dict[tuple[str, bool, str], list[float | int | None]] = {}
    kinds: dict[str, tuple[str, bool, str]] = {}
    for kpi in kpis:
        kind = kinds.setdefault(
            kpi.id, (kpi.unit, kpi.id in PER_UNIT_MONEY, kpi.id if kpi.unit == "count" else "")
        )
        values.setdefault(kind, []).append(kpi.value)
    shows = {kind: fmt.column(kind[0], vals, kind[1], style) for kind, vals in values.items()}
    return {kpi_id: shows[kind] for kpi_id, kind in kinds.items()}


def _pretty_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%-d %b %Y")


def headline(report: ScoreReport) -> str:
    """`campaign_posts.csv · 164 rows · 3 Mar 2025 – 24 May 2025`."""
    names = ", ".join(printable(name) for name, _ in report.files) or "input"
    parts = [names, f"{report.rows:,} rows"]
    if report.date_start and report.date_end:
        parts.append(f"{_pretty_date(report.date_start)} – {_pretty_date(report.date_end)}")
    if report.objective:
        parts.append(f"objective: {report.objective}")
    return " · ".join(parts)


def breakdown_headline(report: ScoreReport) -> str:
    """The headline of `kpi score --by`, saying what the rows are: `… · by date (week)`."""
    by = " × ".join(
        f"{col} ({report.period})" if col == "date" and report.period else col for col in report.by
    )
    return f"{headline(report)} · by {by}"


def note_numbers(note: str, footnotes: list[str]) -> list[int]:
    """The numbers of a note's parts among the footnotes, adding the new ones (each part,
    `clicks missing in 5 of 164 rows`, is numbered once however many KPIs it notes)."""
    numbers = []
    for part in (p.strip() for p in note.split("; ") if p.strip()):
        if part not in footnotes:
            footnotes.append(part)
        numbers.append(footnotes.index(part) + 1)
    return numbers


def breakdown_formats(report: ScoreReport, columns: Iterable[str]) -> dict[str, Show]:
    """Each KPI column's formatter, from the groups shown and the total."""
    groups = [*report.groups, report.total]
    out: dict[str, Show] = {}
    for kpi_id in columns:
        out.update(column_formats((g.kpi(kpi_id) for g in groups), report.style))
    return out


def ranking_caption(report: ScoreReport) -> str:
    noun = " × ".join(report.by)
    parts = []
    if report.sort is not None:
        name = KPI_BY_ID[report.sort.kpi].name
        order = "highest first" if report.sort.descending else "lowest first"
        parts.append(f"sorted by {name}, {order}")
    if report.top is not None and report.top < report.group_count:
        parts.append(f"top {report.top:,} of {report.group_count:,} groups by {noun}")
    else:
        parts.append(f"{report.group_count:,} groups by {noun}")
    parts.append(f"Total covers all {report.rows:,} rows")
    return " · ".join(parts)


def goals_title(meta: dict[str, Any]) -> str:
    """`Goals (goals.yaml) · day 34 of 61`: the goals table's title, in every format."""
    from pathlib import Path

    records = meta.get("goals", [])
    days = next((r for r in records if r.get("days_total")), None)
    title = f"Goals ({printable(Path(meta.get('goals_file', '')).name)})"
    if days is not None:
        title += f" · day {days['days_elapsed']} of {days['days_total']}"
    return title


def goal_status(record: dict[str, Any]) -> str:
    """A goal's state in words (never colour alone): met, missed, on track, off track."""
    if record["value"] is None:
        return "no value"
    if record["projected"] is not None and record["on_track"] is not None:  # the campaign runs on
        if record["op"] == ">=" and record["met"]:
            return "met"  # reached already: more days only add to it
        return "on track" if record["on_track"] else "off track"
    return "met" if record["met"] else "missed"


# --------------------------------------------------------------------------- kpi.score/2 records

# What a KPI's record shares with every group's: its name, phase, unit, whether it is primary.
Kind = tuple[str, str, str, bool]


class Catalogue(NamedTuple):
    """The document's `kpis`: what is the same for every group's record of a KPI, said once
    (name, phase, unit, primary), and the bands that judged the total or a group, which each
    record names by its number in `bands`."""

    kinds: dict[str, Kind]  # KPI id -> its name, phase, unit, primary; in funnel order
    bands: dict[str, list[Verdict]]  # KPI id -> its bands, in the order `kpi benchmarks` lists them
    numbers: dict[str, dict[Verdict, int]]  # KPI id -> each band's number in `bands`

    def record(self) -> dict[str, Any]:
        """The `kpis` object of the document."""
        return {
            kpi: {"name": name, "phase": phase, "unit": unit, "primary": primary,
                  "bands": [band_record(band) for band in self.bands[kpi]]}
            for kpi, (name, phase, unit, primary) in self.kinds.items()
        }  # fmt: skip

    def number(self, kpi: str, band: Verdict | None) -> int | None:
        """A band's number among its KPI's (None: no band)."""
        if band is None:
            return None
        try:
            return self.numbers[kpi][band]
        except KeyError:  # a band the catalogue missed: a record must never point at another
            raise AssertionError(
                f"{kpi}: band {band.label} ({band.scope or 'default'}) is not in `kpis`"
            ) from None

    def check(self, kpi: str, kind: Kind) -> None:
        """A group's record of `kpi` shares what the catalogue says of it, or nothing is written."""
        if self.kinds.get(kpi) != kind:
            raise AssertionError(f"{kpi}: a group's name, phase, unit or primary differ from `kpis`: {kind}")


def catalogue(report: ScoreReport) -> Catalogue:
    """The report's Catalogue: its total's KPIs and every group's (a breakdown's LazyGroups
    say theirs without building a group: LazyGroups.shared)."""
    kinds: dict[str, Kind] = {}
    used: dict[str, set[Verdict]] = {}

    def add(kpi: str, kind: Kind, bands: Iterable[Verdict | None]) -> None:
        if kinds.setdefault(kpi, kind) != kind:
            raise AssertionError(f"{kpi}: groups differ in its name, phase, unit or primary: {kind}")
        used.setdefault(kpi, set()).update(band for band in bands if band is not None)

    for kpi in report.total.kpis:
        add(kpi.id, (kpi.name, kpi.phase, kpi.unit, kpi.primary), (kpi.band,))
    if isinstance(report.groups, LazyGroups):
        for kpi_id, (kind, found) in report.groups.shared().items():
            add(kpi_id, kind, found)
    else:
        for group in report.groups:
            for kpi in group.kpis:
                add(kpi.id, (kpi.name, kpi.phase, kpi.unit, kpi.primary), (kpi.band,))
    funnel = {kpi: k for k, kpi in enumerate(KPI_BY_ID)}
    ordered = sorted(kinds, key=lambda kpi: funnel.get(kpi, len(funnel)))  # stable: others as found
    bands = {kpi: _band_order(used[kpi], report.benches.get(kpi)) for kpi in ordered}
    return Catalogue(
        {kpi: kinds[kpi] for kpi in ordered},
        bands,
        {kpi: {band: k for k, band in enumerate(found)} for kpi, found in bands.items()},
    )


def _band_order(bands: set[Verdict], bench: Benchmark | None) -> list[Verdict]:
    """`bands` as `kpi benchmarks` lists a KPI's (bm.band_ranks: the default set, then the
    overrides, each from low values to high); any it does not list after, by scope and value."""
    ranks = band_ranks(bench) if bench is not None else {}

    def key(band: Verdict) -> tuple[Any, ...]:
        high = math.inf if band.hi is None else band.hi
        return (ranks.get((band.scope, band.verdict), len(ranks)), band.scope, low_edge(band), high, *band)

    return sorted(bands, key=key)


def band_record(band: Verdict) -> dict[str, Any]:
    """A band as JSON: the catalogue's bands, and the shipped bands' verdict of --compare-benchmarks."""
    return {"verdict": band.verdict, "from": band.lo, "to": band.hi, "label": band.label,
            "scope": band.scope or None, "source": band.source}  # fmt: skip


def kpi_record(kpi: KpiResult, shared: Catalogue) -> dict[str, Any]:
    """A KPI's JSON object, one group's (kpi.score/2): what differs between groups."""
    return _kpi_fields(
        kpi.value,
        kpi.display,
        kpi.band,
        shared.number(kpi.id, kpi.band),
        kpi.band_note,
        kpi.reason,
        kpi.missing,
        kpi.notes,
        kpi.industry,
    )


def _kpi_fields(
    value: int | float | None,
    display: str,
    band: Verdict | None,
    number: int | None,
    note: str | None,
    reason: str | None,
    missing: dict[str, int],
    notes: list[str],
    industry: Verdict | None,
) -> dict[str, Any]:
    """A KPI's JSON object, one group's: the one place its keys and their order are made.
    `number`: its band's in the catalogue; `note` (which bands judged a group of mixed tiers
    or platforms) only with a band that has one, as `notes` and `industry` only when there are."""
    record: dict[str, Any] = {
        "value": value,
        "display": display,
        "verdict": band.verdict if band is not None else None,
        "band": number,
    }
    if band is not None and note:
        record["note"] = note
    record["reason"] = reason
    record["missing"] = dict(missing)
    if notes:
        record["notes"] = list(notes)
    if industry is not None:
        record["industry"] = band_record(industry)
    return record


def kpi_line(kpi: KpiResult) -> dict[str, Any]:
    """A KPI's fields of an NDJSON line (unchanged, kpi.score/1): name to primary, notes and
    industry when there are; its band's flat keys (flat_band) come after them."""
    record: dict[str, Any] = {
        "name": kpi.name,
        "phase": kpi.phase,
        "unit": kpi.unit,
        "value": kpi.value,
        "display": kpi.display,
        "verdict": kpi.band.verdict if kpi.band is not None else None,
        "reason": kpi.reason,
        "missing": dict(kpi.missing),
        "primary": kpi.primary,
    }
    if kpi.notes:
        record["notes"] = list(kpi.notes)
    if kpi.industry is not None:
        record["industry"] = band_record(kpi.industry)
    return record


def kpi_column_records(column: KpiColumn, shared: Catalogue) -> list[dict[str, Any]]:
    """`kpi_record` of each group of a KpiColumn, in order."""
    shared.check(column.id, (column.name, column.phase, column.unit, column.primary))
    industry = column.industry if column.industry is not None else [None] * len(column.values)
    number = shared.number
    kpi = column.id
    return [
        _kpi_fields(value, display, band, number(kpi, band), note, reason, missing, notes, shipped)
        for value, display, band, note, reason, missing, notes, shipped in zip(
            column.values, column.displays, column.bands, column.band_notes, column.reasons,
            column.missing, column.notes, industry, strict=True,
        )
    ]  # fmt: skip


# JSON of a block of groups as bytes, column by column. A KPI record differs between groups
# in a few fields (value, display, band, reason...): each field of a KPI column is written
# once for all its groups (orjson over the list; distinct bands, reasons and notes once
# each) and each group's record is the join of those pieces, the same bytes orjson writes
# for the record's dict (tests/test_json_bytes.py holds them to it). Six million dicts for
# 200,000 creators took most of a JSON's time. The pieces are Arrow string arrays over one
# buffer each (no Python object per piece) and a block's records are joined by Arrow: a block
# of 1,000 creators has 120,000 pieces, which Python joined at ~150 ns each (3.6 s of 200,000).

# What a JSON string escapes, less the \0 the pieces are cut at.
_ESCAPED_BUT_NUL = lazy_compile(r'[\x01-\x1f"\\]')


def _cut(joined: bytes, n: int, sep: bytes = b"\0") -> Any:
    """The `n` pieces of `joined`, `sep` (one byte) between each two and never inside one, as
    an Arrow string array over one buffer: the separators dropped, each piece's end found by
    numpy. orjson never writes a raw \0 (it escapes it), so its pieces are joined with one."""
    import numpy as np
    import pyarrow as pa

    offsets = np.zeros(n + 1, dtype=np.int32)
    if n > 1:
        at = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == sep[0])
        if len(at) != n - 1:  # a separator inside a piece: never cut one in two
            raise AssertionError(f"_cut: {len(at) + 1} pieces where {n} were joined")
        offsets[1:n] = at - np.arange(n - 1)  # each piece's end, less the separators before it
        joined = joined.replace(sep, b"")
    offsets[n] = len(joined)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(joined)])


def pieces(parts: list[bytes]) -> Any:
    """orjson's bytes (no raw \0 in them) as an Arrow string array (see _cut)."""
    return _cut(b"\0".join(parts), len(parts))


def _picked(distinct: list[bytes], index: Any) -> Any:
    """`distinct[index[g]]` for each group g, as an Arrow string array (Arrow's take)."""
    import pyarrow as pa

    from kpi_cli import arrow
    from kpi_cli import compute as pc

    return pc.take(pieces(distinct), arrow.from_numpy(index, pa.int64()))


def _index(keys: list[Any]) -> tuple[list[Any], Any]:
    """The distinct keys in first-seen order, and each key's number among them (numpy int64)."""
    import numpy as np

    distinct = list(dict.fromkeys(keys))  # a handful
    numbers = {key: k for k, key in enumerate(distinct)}
    return distinct, np.fromiter(map(numbers.__getitem__, keys), dtype=np.int64, count=len(keys))


def _alike(items: list[Any]) -> bool:
    """Whether every item equals the first (list.count, in C): a KPI no group has (9 of 30 on
    a posts export), or no band judges, writes the same piece for every group, once."""
    return bool(items) and items.count(items[0]) == len(items)


def _objects(objects: list[Any], notes: list[str | None] | None = None) -> tuple[list[int], Any]:
    """A group of each distinct object of `objects` (a band; with `notes`, a band and its
    note), and each group's number among those (numpy int64): the same object, the same
    number, by its id (a note's id too: the same words twice only write the same piece twice)."""
    import numpy as np

    n = len(objects)
    ids = np.fromiter(map(id, objects), dtype=np.int64, count=n)
    if notes is not None and notes.count(None) != n:
        pairs = np.stack([ids, np.fromiter(map(id, notes), dtype=np.int64, count=n)], axis=1)
        _, firsts, index = np.unique(pairs, axis=0, return_index=True, return_inverse=True)
    else:
        _, firsts, index = np.unique(ids, return_index=True, return_inverse=True)
    return firsts.tolist(), index.reshape(-1)


def json_values(values: list[Any]) -> Any:
    """Each number (or null) as orjson writes it, one dumps of the list cut at its commas
    (or one bytes, when every group has the same)."""
    import orjson

    if _alike(values) and values[0] is None:
        return b"null"
    return _cut(orjson.dumps(values)[1:-1], len(values), b",")


def json_texts(texts: list[str]) -> Any:
    """Each string's JSON between its quotes: UTF-8 as it is, unless one needs escapes (or one
    bytes, when every group has the same)."""
    import orjson

    if _alike(texts):
        return orjson.dumps(texts[0])[1:-1]
    joined = "\0".join(texts)
    if _ESCAPED_BUT_NUL.search(joined) is None and joined.count("\0") == len(texts) - 1:
        return _cut(joined.encode(), len(texts))
    return pieces([orjson.dumps(text)[1:-1] for text in texts])


def _json_tails(column: KpiColumn, end: bytes, primary: bool = False) -> list[Any]:
    """`reason`'s JSON, then `,"missing":…` (and `,"primary":…` with `primary`: NDJSON's
    lines have it, JSON's records leave it to `kpis`), the notes and industry verdict a
    record has, and `end`, for each group, as cells for `glued`: each distinct reason and
    each distinct `missing` object dumped once (with 1 % blank cells nearly every group has
    one: a dict per group and KPI took a fifth of a 5,000-creator JSON's time), the notes
    dumped group by group."""
    import orjson

    reasons = column.reasons
    if _alike(reasons):
        said: Any = orjson.dumps(reasons[0])
    else:
        distinct, index = _index(reasons)
        said = _picked([orjson.dumps(reason) for reason in distinct], index)
    after = (b',"primary":' + (b"true" if column.primary else b"false")) if primary else b""
    cells = [said, b',"missing":', *_missing_cells(column.missing), after, *_notes_cells(column.notes)]
    if column.industry is not None:
        shipped: dict[int, bytes] = {}  # each industry band's piece, dumped once

        def industry(found: Verdict | None) -> bytes:
            if found is None:
                return b""
            if id(found) not in shipped:
                shipped[id(found)] = b',"industry":' + orjson.dumps(band_record(found))
            return shipped[id(found)]

        cells.append(pieces(list(map(industry, column.industry))))
    return [*cells, end]


def _missing_cells(missing: Sequence[dict[str, int]]) -> list[Any]:
    """Each group's `missing` object as orjson writes its dict, as cells for `glued`: from
    Gaps, each distinct one dumped once (a few dozen among thousands of groups)."""
    import orjson

    if isinstance(missing, Gaps):
        if not missing.any():
            return [b"{}"]
        distinct, index = missing.distinct()
        return [_picked(list(map(orjson.dumps, distinct)), index)]
    if not any(missing):
        return [b"{}"]
    return [pieces(list(map(orjson.dumps, missing)))]


def _notes_cells(notes: list[list[str]]) -> list[Any]:
    """Each group's `,"notes":[…]` as orjson writes its list (nothing without notes), as
    cells for `glued`."""
    import orjson

    if not any(notes):
        return []
    none = {b',"notes":[]': b"", b',"notes":null': b""}  # no notes: no `notes` key
    noted = list(map(b',"notes":'.__add__, map(orjson.dumps, notes)))
    return [pieces(list(map(none.get, noted, noted)))]


def kpi_column_json(column: KpiColumn, shared: Catalogue, head: bytes = b"") -> list[Any]:
    """Each group's `kpi_record` of a KPI column, after `head`, as compact JSON: the cells
    of every group's record (Arrow string arrays, or one bytes alike for every group), which
    joined in turn (`glued`) are the bytes orjson writes for the dicts `kpi_column_records` makes."""
    import orjson

    shared.check(column.id, (column.name, column.phase, column.unit, column.primary))
    start = head + b'{"value":'
    if _alike(column.bands) and column.bands[0] is None:  # no band: a note never shows
        return [start, json_values(column.values), b',"display":"', json_texts(column.displays),
                b'","verdict":null,"band":null,"reason":', *_json_tails(column, b"}")]  # fmt: skip
    # Each group's band and its note, as a key: the band alone where no band has a note.
    firsts, index = _objects(column.bands, column.band_notes)
    made = []
    for g in firsts:  # a handful
        band, note = column.bands[g], column.band_notes[g]
        fields = _kpi_fields(None, "", band, shared.number(column.id, band), note, None, {}, [], None)
        record = orjson.dumps({key: fields[key] for key in ("verdict", "band", "note") if key in fields})
        made.append(record[len(b'{"verdict":') : -1] + b',"reason":')
    return [
        start,
        json_values(column.values),
        b',"display":"',
        json_texts(column.displays),
        b'","verdict":',
        _picked(made, index),
        *_json_tails(column, b"}"),
    ]


def kpi_column_lines(column: KpiColumn) -> list[Any]:
    """Each group's NDJSON line of a KPI column from its `"kpi"` value on (see
    output._ndjson_block), in cells as `kpi_column_json`: the record without its band,
    then the band's flat fields."""
    import orjson

    start = orjson.dumps({"kpi": column.id, "name": column.name, "phase": column.phase, "unit": column.unit})
    if _alike(column.bands) and column.bands[0] is None:
        return [start[len(b'{"kpi":') : -1] + b',"value":', json_values(column.values), b',"display":"',
                json_texts(column.displays), b'","verdict":null,"reason":', *_json_tails(column, b",", True),
                orjson.dumps(flat_band(None))[1:] + b"\n"]  # fmt: skip
    firsts, index = _objects(column.bands)
    verdicts, flats = [], []
    for g in firsts:
        band = column.bands[g]
        verdicts.append(orjson.dumps(None if band is None else band.verdict) + b',"reason":')
        flats.append(orjson.dumps(flat_band(band))[1:] + b"\n")
    return [
        start[len(b'{"kpi":') : -1] + b',"value":',
        json_values(column.values),
        b',"display":"',
        json_texts(column.displays),
        b'","verdict":',
        _picked(verdicts, index),
        *_json_tails(column, b",", True),
        _picked(flats, index),
    ]


def glued(cells: list[Any], n: int) -> bytes:
    """The `n` rows of `cells` (Arrow string arrays of n pieces, or bytes alike in every row)
    joined row by row: Arrow's join over the columns, a view of its data buffer (a copy of
    each block's tens of MB into a bytes cost a second of page faults for 200,000 creators)."""
    import numpy as np

    if n == 0:
        return b""
    rows = glued_rows(cells, n)
    if isinstance(rows, bytes):
        return rows * n
    _, offsets, data = rows.buffers()
    at = np.frombuffer(offsets, dtype=np.int32, count=n + 1, offset=4 * rows.offset)
    return memoryview(data).cast("B")[int(at[0]) : int(at[-1])]  # type: ignore[return-value]


def glued_rows(cells: list[Any], n: int) -> Any:
    """`glued`'s rows as an Arrow string array (or one bytes, when every cell is bytes)."""
    import pyarrow as pa

    from kpi_cli import compute as pc

    merged: list[Any] = []  # each run of bytes alike in every row as one scalar
    for cell in cells:
        if isinstance(cell, bytes) and merged and isinstance(merged[-1], bytes):
            merged[-1] += cell
        else:
            merged.append(cell)
    if all(isinstance(cell, bytes) for cell in merged):
        return b"".join(merged)
    merged = [pa.scalar(cell.decode(), pa.string()) if isinstance(cell, bytes) else cell for cell in merged]
    return pc.binary_join_element_wise(*merged, pa.scalar("", pa.string()))


def key_cells(block: GroupBlock) -> list[Any]:
    """`"key":{...}` of each group of a block, as cells for `glued` (a group's key values are text)."""
    import orjson

    cells: list[Any] = [b'"key":{']
    for k, (col, values) in enumerate(block.keys.items()):
        cells += [(b"," if k else b"") + orjson.dumps(col) + b':"', json_texts(values), b'"']
    return [*cells, b"}"]


def flat_band(band: Verdict | None) -> dict[str, Any]:
    """A band as NDJSON's flat keys (one line per group and KPI has no nested band)."""
    return {
        "band": band.label if band else None,
        "band_from": band.lo if band else None,
        "band_to": band.hi if band else None,
        "band_scope": (band.scope or None) if band else None,
        "source": band.source if band else None,
    }


def group_json(block: GroupBlock, shared: Catalogue) -> bytes:
    """`group_records` of a block as compact JSON: its groups' objects, comma-separated."""
    import orjson

    assert block.detail is not None
    # Each group's `,{"key":{...},"label":...,"rows":...,"kpis":{`: the block's first has no comma.
    cells: list[Any] = [b",{", *key_cells(block), b',"label":"', json_texts(block.labels), b'","rows":']
    cells += [json_values(block.rows.tolist()), b',"kpis":{']
    for index, column in enumerate(block.detail):
        cells += kpi_column_json(column, shared, (b"," if index else b"") + orjson.dumps(column.id) + b":")
    return glued([*cells, b"}}"], len(block.labels))[1:]


def group_record(group: GroupResult, shared: Catalogue) -> dict[str, Any]:
    for k in group.kpis:
        shared.check(k.id, (k.name, k.phase, k.unit, k.primary))
    return {
        "key": dict(group.key),
        "label": group.label,
        "rows": group.rows,
        "kpis": {k.id: kpi_record(k, shared) for k in group.kpis},
    }


def group_records(block: GroupBlock, shared: Catalogue) -> list[dict[str, Any]]:
    """`group_record` of every group of a block (LazyGroups.blocks(detail=True))."""
    assert block.detail is not None
    kpis = [(column.id, kpi_column_records(column, shared)) for column in block.detail]
    keys = list(block.keys.items())
    return [
        {
            "key": {col: values[g] for col, values in keys},
            "label": label,
            "rows": rows,
            "kpis": {kpi: records[g] for kpi, records in kpis},
        }
        for g, (label, rows) in enumerate(zip(block.labels, block.rows.tolist(), strict=True))
    ]


def to_dict(report: ScoreReport) -> dict[str, Any]:
    """The `kpi.score/2` document (documented in the README)."""
    shared = catalogue(report)
    with without_gc():  # a dict per KPI per group: see without_gc
        return _document(report, shared, [group_record(g, shared) for g in report.groups])


def _document(report: ScoreReport, shared: Catalogue, groups: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema": report.schema,
        "kpi_version": __version__,
        "files": [{"name": name, "rows": rows} for name, rows in report.files],
        "rows": report.rows,
        "date_range": ({"start": report.date_start, "end": report.date_end} if report.date_start else None),
        # rows: the rows' own dates; period: the reporting period an export states above its header
        "date_range_from": report.date_from if report.date_start else None,
        "currency": report.currency,
        "objective": report.objective,
        "by": list(report.by),
        "period": report.period,
        "columns": report.columns() if report.by or report.kpis else None,
        "sort": {"kpi": report.sort.kpi, "order": report.sort.order} if report.sort else None,
        "top": report.top,
        "group_count": report.group_count,
        "benchmarks": report.benchmarks,
        "benchmarks_mode": report.benchmarks_mode,
        # what stderr says about the figures (a post listed twice, overlapping downloads,
        # reach above impressions...): a pipeline reading only stdout still gets them
        "warnings": list(report.warnings),
        # what every group's record of a KPI shares, said once: name, phase, unit, primary,
        # and the bands the records name by number
        "kpis": shared.record(),
        "total": group_record(report.total, shared),
        "groups": groups,
        **({"reading": report.reading} if report.reading else {}),
        **report.meta,
    }


def to_json(report: ScoreReport) -> str:
    """Indented JSON. orjson, because the standard library's indenting encoder is pure
    Python and takes seconds on a report of thousands of groups."""
    return to_json_bytes(report).decode()


def to_json_bytes(report: ScoreReport) -> bytes:
    """`to_json` as the UTF-8 bytes orjson writes: a report of thousands of groups is
    tens of MB, and decoding it to a str (and encoding it again on output) doubles that."""
    return b"".join(json_chunks(report))


_GROUPS_SLOT = b'\n  "groups": []'  # where the groups go in the indented document
_BLOCK_HEAD, _BLOCK_TAIL = b'{\n  "groups": [\n', b"\n  ]\n}"  # around a block's groups
_GROUP_INDENT = b"\n    "  # a group's lines sit two levels deep


def json_chunks(report: ScoreReport, compact: bool = False) -> Iterator[bytes]:
    """The JSON document in pieces (see _json_chunks), DEL, C1 controls and invisible
    characters of names from the files written as \\u escapes (`text.json_safe`)."""
    for chunk in _json_chunks(report, compact):
        yield json_safe(chunk)


def _json_chunks(report: ScoreReport, compact: bool = False) -> Iterator[bytes]:
    """The bytes of `to_json`, a group at a time, so a breakdown of thousands of groups
    never exists as one document of dicts (or one string) in memory; `compact` on one line
    without indentation (--compact: for pipes, about half the size).

    orjson escapes line breaks inside strings, so every raw newline of its indented
    output is layout: a group dumped on its own and indented two levels is exactly the
    text it has inside the whole document.
    """
    import orjson

    if compact:
        yield from _compact_chunks(report)
        return
    option = orjson.OPT_INDENT_2
    shared = catalogue(report)
    with without_gc():
        head = orjson.dumps(_document(report, shared, []), option=option | orjson.OPT_APPEND_NEWLINE)
    if not report.groups:
        yield head
        return
    at = head.index(_GROUPS_SLOT) + len(_GROUPS_SLOT) - 1  # just before the closing ]
    yield head[:at] + b"\n"
    if isinstance(report.groups, LazyGroups):
        # A block's groups dumped as the document's `groups` list, so its items come out
        # at the document's depth: `{\n  "groups": [\n    {...},\n    {...}\n  ]\n}`.
        with without_gc():  # a dict per group and KPI: see without_gc
            for index, block in enumerate(report.groups.blocks(_JSON_BLOCK, detail=True)):
                text = orjson.dumps({"groups": group_records(block, shared)}, option=option)
                if index:
                    yield b",\n"
                yield text[len(_BLOCK_HEAD) : -len(_BLOCK_TAIL)]
    else:
        for index, group in enumerate(report.groups):
            text = orjson.dumps(group_record(group, shared), option=option)
            yield (b",\n    " if index else b"    ") + text.replace(b"\n", _GROUP_INDENT)
    yield b"\n  " + head[at:]


def _compact_chunks(report: ScoreReport) -> Iterator[bytes]:
    import orjson

    shared = catalogue(report)
    with without_gc():
        head = orjson.dumps(_document(report, shared, []), option=orjson.OPT_APPEND_NEWLINE)
    if not report.groups:
        yield head
        return
    slot = b'"groups":[]'  # the one top-level key of that name; strings escape their quotes
    at = head.index(slot) + len(slot) - 1
    yield head[:at]
    if isinstance(report.groups, LazyGroups):
        with without_gc():
            for index, block in enumerate(report.groups.blocks(_JSON_BLOCK, detail=True)):
                if index:
                    yield b","
                yield group_json(block, shared)  # the list's items, without [ ]
    else:
        for index, group in enumerate(report.groups):
            yield (b"," if index else b"") + orjson.dumps(group_record(group, shared))
    yield head[at:]


# Groups a JSON block holds: numpy and Arrow work a KPI column of the block at a time, so
# larger blocks pay their calls less often; 2,500 groups of 30 KPIs are some 18 MB of JSON
# (and its pieces) while they are written.
_JSON_BLOCK = 2500
