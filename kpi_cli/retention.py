"""Client retention of an agency from a client list: one row per client active in a period.

Pure pandas; no files, no printing. Periods are calendar periods, not strings:
`2024-Q4` < `2025-Q1`, `2025-9` is `2025-09`, `2025-Q5` is refused. For each pair of
consecutive periods in the data:

    S = clients in the first period, E = clients in the second,
    N = clients in the second but not the first (new), lost = in the first but not the second,
    retention = (E − N) / S × 100  (E − N is the clients in both periods).

A period with no rows between two that have rows (Q1 and Q3, no Q2) is not filled in:
the pair is Q1 → Q3 and says so in a note, since an agency with no client at all for a
quarter is far less likely than a list that misses one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kpi_cli.errors import KpiError
from kpi_cli.kpis import KpiValue


class ClientListError(KpiError):
    """A client list that cannot be read as periods of clients."""


KIND_NAMES = {"year": "years", "quarter": "quarters", "month": "months", "day": "dates"}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_QUARTER = (re.compile(r"^(\d{4})\s*[-/ ]?\s*q(\d+)$"), re.compile(r"^q(\d+)\s*[-/ ]?\s*(\d{4})$"))
_MONTH_NUM = (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), re.compile(r"^(\d{1,2})[-/.](\d{4})$"))
_MONTH_NAME = (re.compile(r"^([a-z]+)\.?[\s,-]*(\d{4})$"), re.compile(r"^(\d{4})[\s-]*([a-z]+)$"))
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_YEAR = re.compile(r"^(?:fy\s*)?(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period; `index` orders periods of one kind and spots gaps between them."""

    kind: str
    index: int
    label: str = field(compare=False)


def parse_period(text: str) -> Period:
    """`2025-Q1`, `Q1 2025`, `2025-03`, `2025-3`, `Mar 2025`, `2025-03-31`, `2025` → Period.

    Raises ValueError with what is wrong; the caller adds the row.
    """
    t = text.strip().lower()
    for pattern in _QUARTER:
        m = pattern.match(t)
        if m:
            year, q = (m.group(1), m.group(2)) if pattern is _QUARTER[0] else (m.group(2), m.group(1))
            if not 1 <= int(q) <= 4:
                raise ValueError(f"Q{int(q)} is not a quarter; write Q1 to Q4")
            return Period("quarter", int(year) * 4 + int(q) - 1, f"{year}-Q{int(q)}")
    m = _DAY.match(t)
    if m:
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValueError("is not a day of the calendar") from None
        return Period("day", day.toordinal(), day.isoformat())
    for i, pattern in enumerate(_MONTH_NUM):
        m = pattern.match(t)
        if m:
            year, month = (m.group(1), m.group(2)) if i == 0 else (m.group(2), m.group(1))
            return _month(int(year), int(month))
    for i, pattern in enumerate(_MONTH_NAME):
        m = pattern.match(t)
        if m:
            word, year = (m.group(1), m.group(2)) if i == 0 else (m.group(2), m.group(1))
            if word in _MONTHS:
                return _month(int(year), _MONTHS[word])
    m = _YEAR.match(t)
    if m:
        return Period("year", int(m.group(1)), m.group(1))
    raise ValueError("is not a period; write a quarter (2025-Q1), a month (2025-03) or a date (2025-03-31)")


def _month(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist; write 1 to 12")
    return Period("month", year * 12 + month - 1, f"{year}-{month:02d}")


def _client_key(name: str) -> str:
    """`Acme  Co ` and `acme co` are one client."""
    return " ".join(name.split()).casefold()


@dataclass
class ClientList:
    """Clients per period, after parsing periods and dropping repeats."""

    kind: str
    periods: list[Period]
    clients: dict[Period, set[str]]
    names: dict[str, str]  # client key -> first spelling seen
    rows: int  # rows read
    duplicates: int  # rows naming a client already listed for that period
    skipped: int  # rows with a blank client or period


def client_list(frame: pd.DataFrame) -> ClientList:
    """Parse a frame of `client` and `period` (index = spreadsheet rows) into periods of clients."""
    for col, example in (("client", "Client"), ("period", "Period (e.g. 2025-Q1)")):
        if col not in frame.columns:
            raise ClientListError(f"no {col} column; a client list needs {example} with one row per client")
    clients: dict[Period, set[str]] = {}
    names: dict[str, str] = {}
    first_row: dict[str, tuple[int, str]] = {}  # kind -> first row and value of that kind
    parsed: dict[str, Period] = {}
    duplicates = skipped = 0
    for row, client, period in zip(frame.index, frame["client"], frame["period"], strict=True):
        if not isinstance(client, str) or not client.strip() or not isinstance(period, str):
            skipped += 1
            continue
        p = parsed.get(period)
        if p is None:
            try:
                p = parse_period(period)
            except ValueError as exc:
                raise ClientListError(f"row {row}, column period: {period!r} {exc}") from None
            parsed[period] = p
        first_row.setdefault(p.kind, (int(row), period))
        if len(first_row) > 1:
            (k1, (r1, v1)), (k2, (r2, v2)) = list(first_row.items())[:2]
            raise ClientListError(
                f"periods mix {KIND_NAMES[k1]} ({v1!r}, row {r1}) and {KIND_NAMES[k2]} ({v2!r}, row {r2}); "
                "use one kind of period throughout"
            )
        key = _client_key(client)
        names.setdefault(key, " ".join(client.split()))
        members = clients.setdefault(p, set())
        if key in members:
            duplicates += 1
        members.add(key)
    if not clients:
        raise ClientListError("no row has both a client and a period")
    periods = sorted(clients)
    if len(periods) < 2:
        raise ClientListError(
            f"only one period ({periods[0].label}); retention compares consecutive periods, "
            "so list two or more"
        )
    return ClientList(periods[0].kind, periods, clients, names, len(frame), duplicates, skipped)


@dataclass
class Pair:
    """Two consecutive periods of the data and the retention between them."""

    first: Period
    second: Period
    values: list[KpiValue]
    gap: list[str]  # labels of calendar periods between them with no rows

    @property
    def label(self) -> str:
        return f"{self.first.label} → {self.second.label}"


def _missing_between(first: Period, second: Period) -> list[str]:
    if first.kind == "day" or second.index - first.index <= 1:
        return []
    out = []
    for index in range(first.index + 1, second.index):
        if first.kind == "quarter":
            out.append(f"{index // 4}-Q{index % 4 + 1}")
        elif first.kind == "month":
            out.append(f"{index // 12}-{index % 12 + 1:02d}")
        else:
            out.append(str(index))
    return out


def retention_values(start: int, end: int, new: int, lost: int, note: list[str]) -> list[KpiValue]:
    """S, E, N, lost, retained and (E − N) / S × 100, in the order of RETENTION_KPI_DEFS."""
    retained = end - new
    rate = KpiValue("client_retention_rate", None, "no clients at start") if start == 0 else KpiValue(
        "client_retention_rate", retained / start * 100.0, None, notes=list(note))  # fmt: skip
    return [
        KpiValue("clients_start", start),
        KpiValue("clients_end", end),
        KpiValue("clients_new", new),
        KpiValue("clients_lost", lost),
        KpiValue("clients_retained", retained),
        rate,
    ]


def pairs(clients: ClientList) -> list[Pair]:
    """Retention for each consecutive pair of periods present in the data."""
    out = []
    for first, second in zip(clients.periods, clients.periods[1:], strict=False):
        a, b = clients.clients[first], clients.clients[second]
        gap = _missing_between(first, second)
        note = []
        if gap:
            shown = ", ".join(gap[:3]) + (f" and {len(gap) - 3} more" if len(gap) > 3 else "")
            note.append(f"{shown} {'has' if len(gap) == 1 else 'have'} no rows; compares across the gap")
        values = retention_values(len(a), len(b), len(b - a), len(a - b), note)
        out.append(Pair(first, second, values, gap))
    return out


def pooled(found: list[Pair]) -> list[KpiValue]:
    """All pairs together: counts summed over pairs, retention = Σ retained / Σ S (a ratio of sums)."""

    def total(kpi: str) -> int:
        return sum(int(v.value or 0) for p in found for v in p.values if v.id == kpi)

    note = [f"summed over {len(found)} period pair{'s' if len(found) != 1 else ''}"]
    values = retention_values(
        total("clients_start"), total("clients_end"), total("clients_new"), total("clients_lost"), note
    )
    return values
