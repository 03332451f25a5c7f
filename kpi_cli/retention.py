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

Dates (`2025-03-15`) are never periods of their own: a list with a date per row is an
invoice or billing export (one row per invoice), and each day would hold one client, so
every pair would be 0% or 100%. They are grouped into calendar months unless the caller
asks for quarters or years (`--period`), and `notes` says how the periods were formed.

Client names are compared as registrars compare company names: case, spaces, punctuation,
`&` for `and` and an abbreviated legal ending (`Ltd` for `Limited`) do not make another
client, so `Acme Inc`, `Acme Inc.` and `ACME, Inc.` are one, and `notes` names the
spellings it joined. Names that differ in a legal ending (`Acme` / `Acme Inc` /
`Acme GmbH`) are only reported, not joined: they may be two entities of a group.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import pyarrow as pa

from kpi_cli.columns import MISSING_TOKENS
from kpi_cli.errors import KpiError, quoted
from kpi_cli.kpis import KpiValue
from kpi_cli.read import dates
from kpi_cli.read.vocab import VOID_STATUS
from kpi_cli.text import fold


class ClientListError(KpiError):
    """A client list that cannot be read as periods of clients."""


# Headers that sit beside a ledger account in accounting exports: QuickBooks' transaction
# reports list the opposing account under `Split`; general-ledger exports have Debit and
# Credit. Beside them, `Account` is the ledger's, never the customer.
LEDGER_HEADERS = frozenset({"split", "debit", "credit", "account type", "gl account", "account number"})


KIND_NAMES = {"year": "years", "quarter": "quarters", "month": "months", "day": "dates"}
KINDS = ("day", "month", "quarter", "year")  # finest first: a period groups into a coarser kind
GROUPINGS = ("month", "quarter", "year")  # what periods can be grouped into (--period)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

# `2025-Q1`, `Q1 2025`, and as finance sheets write them, `1Q2025` / `1Q25` and `Q1 '25` (audit X):
# named groups, the year maybe in two digits (20xx).
_QUARTER = (
    re.compile(r"^(?P<y>\d{4})\s*[-/ ]?\s*q(?P<q>\d+)$"),
    re.compile(r"^q(?P<q>\d+)\s*[-/ ]?\s*(?P<y>\d{4})$"),
    re.compile(r"^(?P<q>\d)\s*q\s*[-/ ]?\s*(?P<y>\d{4}|\d{2})$"),
    re.compile(r"^q(?P<q>\d+)\s*[-/ ]?\s*['’](?P<y>\d{2})$"),
)
_MONTH_NUM = (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), re.compile(r"^(\d{1,2})[-/.](\d{4})$"))
_MONTH_NAME = (re.compile(r"^([a-z]+)\.?[\s,-]*(\d{4})$"), re.compile(r"^(\d{4})[\s-]*([a-z]+)$"))
_YEAR = re.compile(r"^(?:fy\s*)?(\d{4})$")
# Dates as invoice lists write them (audit x #4): QuickBooks' US `01/15/2025`, a European
# `15.01.2025`, Xero's `15 Jan 2025`, `Jan 15, 2025`, ISO `2025-01-15`: read by the one date
# reader (`read/dates.py`). Dates in numbers alone are read day first or month first as the
# file's dates tell (a day above 12 on either side), never row by row; with no tell they
# are refused, unless written with dots (day first wherever dots are written).


# Rows of an invoice or payment list that are no billing, by their Status: Stripe's
# invoices are draft | open | paid | uncollectible | void (Stripe, "How invoicing works")
# and its payments Paid, Failed, Refunded, Blocked, Incomplete, Canceled; Xero's invoices
# DRAFT, SUBMITTED, AUTHORISED, PAID, VOIDED, DELETED; FreshBooks filters draft, sent,
# paid. An open, unpaid or uncollectible invoice was still billed: it counts.
# An agency tracker marks a client that left (`Churned`, `Lost`, `Inactive`, `Former`, `Ended`)
# or that is not one yet (`Prospect`, `Pitch`); a CRM's deal that was lost or is still open
# (Salesforce's StageName `Closed Lost` and the default pipeline's open stages, HubSpot's
# dealstage `Closed Lost` and its default open stages) is no client either (audit X).
# A client that has left (a roster's status: it needs an end date, see _roster) ...
_GONE = frozenset({
    "churned", "lost", "closed lost", "closedlost", "inactive", "former", "former client", "ended",
    "terminated", "offboarded",
})  # fmt: skip
# ... or is not (yet, or for now) billed: no client of the period.
_GONE_OR_NOT_YET = _GONE | frozenset({
    "paused", "prospect", "pitch", "lead",
    # Salesforce's default opportunity stages before Closed Won / Closed Lost
    "prospecting", "qualification", "needs analysis", "value proposition", "id. decision makers",
    "id decision makers", "perception analysis", "proposal/price quote", "negotiation/review",
    # HubSpot's default sales pipeline stages before Closed Won / Closed Lost
    "appointment scheduled", "appointmentscheduled", "qualified to buy", "qualifiedtobuy",
    "presentation scheduled", "presentationscheduled", "decision maker bought-in",
    "decisionmakerboughtin", "contract sent", "contractsent",
})  # fmt: skip
NOT_BILLING_STATUS = VOID_STATUS | _GONE_OR_NOT_YET | frozenset({
    "draft", "blocked", "incomplete", "expired", "entered in error",
})  # fmt: skip
# ... and by their transaction type (QuickBooks' TRNSTYPE keywords: INVOICE, CASH SALE,
# PAYMENT, CREDIT MEMO, ESTIMATES, CASH REFUND, BILL, CHECK, DEPOSIT, GENERAL JOURNAL,
# TRANSFER, PURCHORD; QuickBooks Online writes them as `Credit Memo`, `Refund Receipt`).
# A customer's payment settles an invoice already listed: left out when invoices are there.
# Xero's types: `Sales invoice`, `Sales credit note` as its invoice export writes them, and
# its API's ACCREC (a sales invoice), ACCRECCREDIT, ACCPAY (a bill), ACCPAYCREDIT.
NOT_BILLING_TYPE = frozenset({
    "credit memo", "credit note", "sales credit note", "accreccredit", "accpay", "accpaycredit",
    "credit", "refund", "refund receipt", "cash refund", "estimate",
    "estimates", "quote", "purchase order", "purchord", "bill", "bill payment", "bill refund", "expense",
    "check", "cheque", "deposit", "transfer", "journal entry", "general journal", "vendor credit",
})  # fmt: skip
_SETTLES = frozenset({"payment", "receive payment", "customer payment"})
_INVOICE = frozenset({"invoice", "inv", "sales invoice", "accrec"})


def _word(value: object) -> str:
    return " ".join(str(value).replace("_", " ").split()).casefold() if isinstance(value, str) else ""


# `CR 2,500.00`, `2,500.00 CR`: a ledger's credit; not `CR₡1.250.000` (Costa Rican colones).
_CREDIT = re.compile(r"(?i)^cr\s+[\d(]|\dcr\.?$|\d\s+cr\.?$")
_LATIN_ACCENT = re.compile(r"([a-z])[\u0300-\u036f]+")  # a Latin letter's combining accents (NFD)


def _no_amount(value: object) -> bool:
    """An amount of 0 or less (`0.00`, `-2,500.00`, `(2,500.00)`, `€-12`); False for a blank
    or a cell that is no amount: only its sign and whether any digit is not 0 matter."""
    if not isinstance(value, str) or not re.search(r"\d", value):
        return False
    text = value.strip()
    negative = (
        text.startswith(("-", "−", "("))
        or text.endswith("-")
        or bool(re.search(r"[^\d\s]\s*[-−]\s*\d", text))
        or bool(_CREDIT.search(text))  # `2,500.00 CR`: a ledger's credit (audit x #1)
    )
    return negative or not re.search(r"[1-9]", text)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period; `index` orders periods of one kind and spots gaps between them."""

    kind: str
    index: int
    label: str = field(compare=False)


def parse_period(text: str) -> Period:
    """`2025-Q1`, `Q1 2025`, `2025-03`, `2025-3`, `Mar 2025`, `2025`, and a date as
    `read/dates.py` reads one (`2025-03-31`, `Jan 15, 2025`, `15 Jan 2025`) → Period.

    A date in numbers alone that reads both ways (`01/02/2025`) is refused here: only the
    file's other dates can tell (`client_list`). Raises ValueError with what is wrong; the
    caller adds the row.
    """
    found = dates.shape_of(text)
    if found is not None and found[0] in dates.MONTHS:  # `Dec 2026`, `dezembro de 2026`, `2026年12月`
        first = dates.parse_one(text)
        if first is not None:
            day = first.astype(object)
            return _month(day.year, day.month)
    elif found is not None:
        try:
            return _day_periods([(0, text)])[text.strip()]
        except _BadDay as bad:
            raise ValueError(bad.problem) from None
    t = text.strip().lower()
    for pattern in _QUARTER:
        m = pattern.match(t)
        if m:
            year, q = m.group("y"), m.group("q")
            year = f"20{year}" if len(year) == 2 else year
            if not 1 <= int(q) <= 4:
                raise ValueError(f"Q{int(q)} is not a quarter; write Q1 to Q4")
            return Period("quarter", int(year) * 4 + int(q) - 1, f"{year}-Q{int(q)}")
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


class _BadDay(Exception):
    """A date of the period column that cannot be read: its row, text and what is wrong."""

    def __init__(self, row: int, text: str, problem: str) -> None:
        super().__init__(problem)
        self.row, self.text, self.problem = row, text, problem


_BOTH_WAYS = (
    "could be read day first or month first, and no date of the file tells which; write dates as 2025-03-31"
)


def _day_periods(texts: list[tuple[int, str]]) -> dict[str, Period]:
    """The day Period of every (row, text) written as a date, keyed by the stripped text.

    Dates in numbers alone (`01/15/2025`) share one order decided from all of them, as
    `kpi score` decides a column's (`dates.decide`); when none tells, they are refused,
    not guessed: a client moved to another month would change the rate silently. Dates
    with dots are day first. Named months and ISO dates read one way only."""
    shaped: dict[str, tuple[str, str, int]] = {}  # text -> shape, separator, first row
    for row, raw in texts:
        text = raw.strip()
        if text in shaped:
            continue
        found = dates.shape_of(text)
        if found is not None and found[0] not in dates.MONTHS:  # a month is parse_period's
            shape, match = found
            sep = match.group("s") if shape in ("num", "ymd") else ""
            shaped[text] = (shape, sep, row)
    numeric = [(row, text) for text, (shape, _, row) in shaped.items() if shape == "num"]
    order: dates.DateStyle | None = None
    if numeric:
        try:
            order = dates.decide(numeric)
        except dates.DateMix as mix:
            (r1, v1), (r2, v2) = mix.first, mix.second
            fix = f"the column mixes {mix.what}; write dates as 2025-03-31"
            raise _BadDay(r2, v2, f"is written unlike {quoted(v1)} (row {r1}): {fix}") from None
        except dates.DateDoubt as doubt:
            raise _BadDay(numeric[0][0], numeric[0][1], str(doubt)) from None
        if order is not None and order.guessed and order.sep != ".":
            row, text = next((r, t) for r, t in numeric if _both_ways(t))
            raise _BadDay(row, text, _BOTH_WAYS)
    by_style: dict[tuple[str, str], list[str]] = {}
    for text, (shape, sep, _) in shaped.items():
        by_style.setdefault((shape, sep), []).append(text)
    periods: dict[str, Period] = {}
    for (shape, sep), group in by_style.items():
        style = order if shape == "num" and order is not None else dates.DateStyle(shape, sep)
        parsed = dates.parse(pa.array(group, pa.string()), style)
        if parsed.bad_index is not None:
            text = group[parsed.bad_index]
            raise _BadDay(shaped[text][2], text, parsed.problem)
        for text, value in zip(group, parsed.values.astype("datetime64[D]").tolist(), strict=True):
            periods[text] = Period("day", value.toordinal(), value.isoformat())
    return periods


def _both_ways(text: str) -> bool:
    found = dates.shape_of(text)
    if found is None or found[0] != "num":
        return False
    a, b = int(found[1].group("a")), int(found[1].group("b"))
    return a <= 12 and b <= 12 and a != b


def _month(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist; write 1 to 12")
    return Period("month", year * 12 + month - 1, f"{year}-{month:02d}")


def grouped(period: Period, kind: str) -> Period:
    """The `kind` period that holds `period`: a date's month, a month's quarter, a quarter's year."""
    if period.kind == kind:
        return period
    if period.kind == "day":
        day = date.fromordinal(period.index)
        year, month = day.year, day.month
    elif period.kind == "month":
        year, month = period.index // 12, period.index % 12 + 1
    elif period.kind == "quarter":
        year, month = period.index // 4, period.index % 4 * 3 + 1
    else:
        raise ValueError(f"{KIND_NAMES[period.kind]} cannot be grouped into {KIND_NAMES[kind]}")
    if kind == "month":
        return _month(year, month)
    if kind == "quarter":
        q = (month - 1) // 3
        return Period("quarter", year * 4 + q, f"{year}-Q{q + 1}")
    return Period("year", year, str(year))


# How names are compared follows the UK registrar's "same as" rules (Companies House
# guidance, as restated by formation agents: punctuation, spaces, `&`/`and` and the
# designator written in full or abbreviated are disregarded) and the match keys CRMs build
# for company names (Salesforce's "Normalization Criteria for Match Keys"; CRM dedup
# guides: lowercase, `&` → and, drop punctuation and spaces). Stripping `Inc`/`Corp`
# altogether is what those guides warn joins different businesses (StrategicDB,
# "Identifying duplicates in your CRM": Business Inc. vs Business Corp.), so a differing
# legal ending is only reported. The first four pairs are one ending written two ways.
_SAME_ENDING = {"limited": "ltd", "incorporated": "inc", "corporation": "corp", "company": "co"}
_ENDINGS = frozenset(
    {*_SAME_ENDING.values(), "llc", "llp", "lp", "plc", "pty", "pte", "pvt", "gmbh", "ag", "kg", "ug",
     "mbh", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as", "aps", "oy", "oyj", "kk", "group"}
)  # fmt: skip


def _words(name: str) -> list[str]:
    """The words of a name as a registrar compares them: case, `&`/`and`, punctuation and
    spaces aside (`ACME, Inc.` → acme inc); dots and apostrophes join (`S.A.` → sa)."""
    text = re.sub(r"[.'’]", "", fold(name).casefold().replace("&", " and "))  # `Ac<ZWSP>me` is Acme
    # Accents aside (`Café Noir` is `Cafe Noir`, audit x #5): both spellings are said on stderr.
    # Only a Latin letter's accent: ピ is not ヒ, Мой is not Мои (audit z #4).
    text = unicodedata.normalize("NFC", _LATIN_ACCENT.sub(r"\1", unicodedata.normalize("NFD", text)))
    words = re.findall(r"[^\W_]+", text)
    # An abbreviated legal ending is the ending: `Acme Limited` is `Acme Ltd`.
    end = len(words)
    while end > 1 and (words[end - 1] in _ENDINGS or words[end - 1] in _SAME_ENDING):
        end -= 1
    return words[:end] + [_SAME_ENDING.get(w, w) for w in words[end:]]


def _client_key(name: str) -> str:
    """`Acme  Inc`, `acme inc.` and `ACME, Inc.` are one client (see the module docstring)."""
    return "".join(_words(name)) or " ".join(name.split()).casefold()


def _stem(key_words: list[str]) -> str:
    """A name without its legal ending (`Acme Inc` → acme), to spot look-alike names."""
    words = list(key_words)
    while len(words) > 1 and words[-1] in _ENDINGS:
        words.pop()
        if len(words) > 1 and words[-1] == "and":  # `& Co`
            words.pop()
    return "".join(words)


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
    source_kind: str = ""  # the kind the file writes (day when its dates were grouped into months)
    source_periods: int = 0  # distinct periods the file writes, before grouping
    spellings: dict[str, list[str]] = field(default_factory=dict)  # client key -> spellings seen
    left_out: dict[str, list[int]] = field(default_factory=dict)  # why a row is no billing -> its rows
    with_year: int = 0  # periods written without a year (`Q3`) that took it from a Year column
    roster: Roster | None = None  # how a roster's start and end dates became months


@dataclass(frozen=True)
class Roster:
    """A roster of start and end dates read as months: the rows with no end date (counted
    through `through`, the file's latest date), and how many rows the file has."""

    open_rows: frozenset[object]
    through: str
    rows: int
    later_ends: int = 0  # end dates after the day kpi ran (a contract's planned end): still clients
    later_starts: tuple[object, ...] = ()  # rows whose client starts after it: not clients yet


# What a roster writes for a client that has not left: the end date blank or a word.
_NO_END = frozenset({
    "ongoing", "active", "present", "current", "now", "still active", "open", "tbd", "none",
    "laufend", "aktiv", "en cours", "actif", "active client", "en curso", "activo", "in corso", "attivo",
    "em andamento", "ativo", "lopend", "actief",
})  # fmt: skip


# Statuses of a client that left: on a roster they go with the day it left (the end date),
# which says when it stopped counting; the row itself is the client's months before that.
def _roster(frame: pd.DataFrame, headers: dict[str, str], today: date) -> tuple[pd.DataFrame, Roster]:
    """A roster (client, start date, end date) as a client list: one row per client and month
    it was active, from its start date's month to its end date's month; a blank end (or
    `Ongoing`, `N/A`) runs to the month of the file's latest date. Dates after `today` are
    not seen yet: a contract's planned end leaves the client open-ended, a start yet to come
    is no client. The index keeps the
    spreadsheet rows (a row repeats once per month), so messages name the file's rows."""

    def header(col: str) -> str:
        return quoted(headers.get(col, col))

    has_end = "end_date" in frame.columns
    ends = frame["end_date"] if has_end else pd.Series(None, index=frame.index, dtype="object")
    texts = [
        (int(row), text)
        for column in (frame["start_date"], ends)
        for row, text in zip(frame.index, column, strict=True)
        if isinstance(text, str) and text.strip() and not _open_end(text)
    ]
    try:
        days = _day_periods(texts)
    except _BadDay as bad:
        start = frame.at[bad.row, "start_date"]
        column = "start_date" if isinstance(start, str) and start.strip() == bad.text else "end_date"
        raise ClientListError(
            f"row {bad.row}, column {header(column)}: {quoted(bad.text)} {bad.problem}"
        ) from None
    statuses = frame["status"] if "status" in frame.columns else pd.Series(None, index=frame.index)
    spans: list[tuple[object, int, int | None]] = []  # row, first day, last day (None: still a client)
    for row, start, end, status in zip(frame.index, frame["start_date"], ends, statuses, strict=True):
        if not isinstance(start, str) or _open_end(start):
            spans.append((row, 0, None))  # no start: skipped as a blank period
            continue
        first = days.get(start.strip()) or _month_day(start, end=False)
        if first is None:
            raise ClientListError(
                f"row {row}, column {header('start_date')}: {quoted(start)} is not a date; write the day "
                "the client signed (2025-03-31)"
            )
        last = (days.get(end.strip()) or _month_day(end, end=True)) if isinstance(end, str) else None
        if last is None and isinstance(end, str) and not _open_end(end):
            raise ClientListError(
                f"row {row}, column {header('end_date')}: {quoted(end)} is not a date; write the day the "
                "client left (2025-03-31), or leave it blank while the client stays"
            )
        if last is None and _word(status) in _GONE:
            where = f"in {header('end_date')}" if has_end else "in an End date column"
            raise ClientListError(
                f"row {row}: the client is marked {quoted(str(status).strip())} but has no end date, so "
                f"it would count as a client to this day; write the day it left {where}"
            )
        if last is not None and last.index < first.index:
            raise ClientListError(
                f"row {row}: the client ends on {last.label}, before it starts ({first.label}, column "
                f"{header('start_date')}); check the two dates"
            )
        spans.append((row, first.index, None if last is None else last.index))
    now = today.toordinal()
    later_starts = tuple(row for row, a, _ in spans if a > now)
    later_ends = sum(1 for _, a, b in spans if 0 < a <= now and b is not None and b > now)
    spans = [(row, a, None if b is not None and b > now else b) for row, a, b in spans if a <= now]
    known = [i for _, a, b in spans if a for i in (a, b) if i is not None]
    if not known:
        raise ClientListError(
            f"no row has a start date in {header('start_date')} up to today"
            + (f" (the first, row {later_starts[0]}, is after it)" if later_starts else "")
            + "; retention counts the clients a period had: fill in each client's start date, or "
            "score the roster once a month of it has passed"
        )
    latest = _month_of(max(known))
    rows: list[object] = []
    months: list[str | None] = []
    for row, first_day, last_day in spans:
        if not first_day:
            rows.append(row)
            months.append(None)
            continue
        first = _month_of(first_day)
        last = latest if last_day is None else _month_of(last_day)
        for index in range(first.index, last.index + 1):
            rows.append(row)
            months.append(f"{index // 12}-{index % 12 + 1:02d}")
    out = frame.drop(columns=[c for c in ("start_date", "end_date") if c in frame.columns]).loc[rows]
    out["period"] = pd.Series(months, index=out.index, dtype="object")
    if "status" in out.columns:  # a churned client's months before it left: it was a client
        out["status"] = out["status"].where(~out["status"].map(_word).isin(_GONE), None)
    open_rows = frozenset(row for row, a, b in spans if a and b is None)
    return out, Roster(open_rows, latest.label, len(frame), later_ends, later_starts)


def _month_day(text: str, *, end: bool) -> Period | None:
    """A roster's month (`Jan 2025`, `2025-01`) as a day: its first as a start, its last as an
    end (a client counts in the months from its start month to its end month)."""
    try:
        found = parse_period(text)
    except ValueError:
        return None
    if found.kind != "month":
        return None
    year, month = found.index // 12, found.index % 12 + 1
    day = date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return Period("day", day.toordinal(), day.isoformat())


def _open_end(text: str) -> bool:
    word = _word(text)
    return word in _NO_END or word in MISSING_TOKENS


def _month_of(day: int) -> Period:
    d = date.fromordinal(day)
    return _month(d.year, d.month)


def client_list(
    frame: pd.DataFrame,
    period: str | None = None,
    *,
    client_header: str = "client",
    weak: bool = False,
    headers: dict[str, str] | None = None,
    today: date | None = None,
) -> ClientList:
    """Parse a frame of `client` and `period` (index = spreadsheet rows) into periods of clients.

    `period` (month, quarter, year) groups the file's periods into wider ones; dates are
    grouped into months when it is not given, never kept as one-day periods.
    `client_header` is the file's header for the client (for messages); `weak` says it is
    a header that names something else in some exports (`Account`): one name in every
    row of it is refused, not read as an agency of one client. A roster of start and end
    dates (no period column) becomes the months each client was active (`_roster`, as of
    `today`); `headers` (canonical -> the file's header) names its columns in messages.
    """
    roster = None
    if "period" not in frame.columns and "start_date" in frame.columns:
        frame, roster = _roster(frame, headers or {}, today or date.today())
    frame, with_year = _with_year(frame)
    for col, example in (("client", "Client"), ("period", "Period (e.g. 2025-Q1)")):
        if col not in frame.columns:
            raise ClientListError(f"no {col} column; a client list needs {example} with one row per client")
    names: dict[str, str] = {}
    spellings: dict[str, list[str]] = {}
    first_row: dict[str, tuple[int, str]] = {}  # kind -> first row and value of that kind
    parsed: dict[str, Period] = {}
    found: list[tuple[Period, str]] = []
    found_rows: list[object] = []  # the spreadsheet row of each (a roster's row has several)
    skipped = 0
    left_out: dict[str, list[int]] = {}
    why = _not_billing(frame)
    try:
        days = _day_periods(
            [
                (int(row), text)
                for row, text in zip(frame.index, frame["period"], strict=True)
                if isinstance(text, str)
            ]
        )
    except _BadDay as bad:
        raise ClientListError(f"row {bad.row}, column period: {quoted(bad.text)} {bad.problem}") from None
    for row, client, text in zip(frame.index, frame["client"], frame["period"], strict=True):
        if not isinstance(client, str) or not client.strip() or not isinstance(text, str):
            skipped += 1
            continue
        if row in why:
            left_out.setdefault(why[row], []).append(int(row))
            continue
        p = parsed.get(text) or days.get(text.strip())
        if p is None:
            try:
                p = parse_period(text)
            except ValueError as exc:
                raise ClientListError(f"row {row}, column period: {quoted(text)} {exc}") from None
            parsed[text] = p
        first_row.setdefault(p.kind, (int(row), text))
        if len(first_row) > 1:
            (k1, (r1, v1)), (k2, (r2, v2)) = list(first_row.items())[:2]
            raise ClientListError(
                f"periods mix {KIND_NAMES[k1]} ({quoted(v1)}, row {r1}) and {KIND_NAMES[k2]} "
                f"({quoted(v2)}, row {r2}); "
                "use one kind of period throughout"
            )
        key = _client_key(client)
        spelling = " ".join(client.split())
        names.setdefault(key, spelling)
        seen = spellings.setdefault(key, [])
        if spelling not in seen:
            seen.append(spelling)
        found.append((p, key))
        found_rows.append(row)
    if not found:
        raise ClientListError(
            "no row has both a client and a period"
            + (
                f" ({sum(map(len, left_out.values()))} rows are no billing: {_said(left_out)})"
                if left_out
                else ""
            )
        )
    if weak and len(names) == 1:
        raise ClientListError(
            f"column {quoted(client_header)} holds one name, {quoted(next(iter(names.values())))}, "
            "in every row: a "
            "ledger account, not the client of each row; name the client column with --map 'HEADER=client'"
        )
    ((source_kind, (row, text)),) = first_row.items()
    kind = period or ("month" if source_kind == "day" else source_kind)
    if KINDS.index(kind) < KINDS.index(source_kind):
        raise ClientListError(
            f"--period {kind} is finer than the file's {KIND_NAMES[source_kind]} ({quoted(text)}, "
            f"row {row}); "
            f"leave --period out or give a wider one"
        )
    clients: dict[Period, set[str]] = {}
    first: dict[tuple[Period, str], object] = {}  # (period, client) -> the row that listed it first
    again: set[object] = set()  # roster rows listing a client another row listed in that period
    duplicates = 0
    for (p, key), row in zip(found, found_rows, strict=True):
        group = grouped(p, kind)
        members = clients.setdefault(group, set())
        if key in members:
            if roster is None:
                duplicates += 1
            elif first[(group, key)] != row:  # a roster's row spans months: not a repeat
                again.add(row)
        members.add(key)
        first.setdefault((group, key), row)
    if roster is not None:
        duplicates = len(again)
    periods = sorted(clients)
    if len(periods) < 2:
        written = ""
        if source_kind != kind:
            dates = len({p for p, _ in found})
            written = f", the {kind} of {dates} {KIND_NAMES[source_kind]}"
            if period and KINDS.index(period) > max(KINDS.index(source_kind), 1):
                written += f"; a narrower --period than {period} may give two"
        raise ClientListError(
            f"only one period ({periods[0].label}{written}); retention compares consecutive periods, "
            "so list two or more"
        )
    if roster is not None:  # each row counted once, whatever its months
        skipped = len({row for row, text in zip(frame.index, frame["period"], strict=True) if text is None})
        left_out = {why: list(dict.fromkeys(rows)) for why, rows in left_out.items()}
    return ClientList(
        kind, periods, clients, names, roster.rows if roster else len(frame), duplicates, skipped,
        source_kind, len(set(p for p, _ in found)), spellings, left_out, with_year, roster,
    )  # fmt: skip


_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _with_year(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A Year column beside the period: periods written without a year (`Q3`, `Mar`) take
    the row's (`2024-Q3`); with no other period column the years are the periods. Returns
    the frame and how many periods took their year."""
    if "year" not in frame.columns:
        return frame, 0
    if "period" not in frame.columns:
        return frame.rename(columns={"year": "period"}), 0
    out = frame.copy()
    periods, taken = [], 0
    for text, year in zip(frame["period"], frame["year"], strict=True):
        if isinstance(text, str) and not _HAS_YEAR.search(text) and isinstance(year, str) and year.strip():
            text, taken = f"{year.strip()}-{text.strip()}", taken + 1
        periods.append(text)
    out["period"] = pd.Series(periods, index=frame.index, dtype="object")
    return out, taken


def _not_billing(frame: pd.DataFrame) -> dict[object, str]:
    """Row -> why it is no billing (its status, its transaction type, or an amount of 0 or
    less), for the rows of an invoice or payment list that do not make a client active."""
    out: dict[object, str] = {}
    columns = [c for c in ("status", "transaction_type") if c in frame.columns]
    types = {_word(v) for v in frame["transaction_type"].dropna()} if "transaction_type" in frame else set()
    settles = bool(types & _INVOICE)
    for column in columns:
        for row, value in frame[column].items():
            word = _word(value)
            if row not in out and (
                (column == "status" and word in NOT_BILLING_STATUS)
                or (
                    column == "transaction_type"
                    and (word in NOT_BILLING_TYPE or (settles and word in _SETTLES))
                )
            ):
                out[row] = " ".join(str(value).split())
    if "amount" in frame.columns:
        for row, value in frame["amount"].items():
            if row not in out and _no_amount(value):
                out[row] = "with an amount of 0 or less"
    return out


def _said(left_out: dict[str, list[int]]) -> str:
    """`1 void (row 6), 2 Credit Memo (rows 9, 12)`: what was left out, most first."""
    parts = []
    for why, rows in sorted(left_out.items(), key=lambda item: (-len(item[1]), item[1][0])):
        where = ", ".join(f"{r:,}" for r in rows[:3]) + (
            f" and {len(rows) - 3} more" if len(rows) > 3 else ""
        )
        parts.append(f"{len(rows)} {why} (row{'s' if len(rows) > 1 else ''} {where})")
    return ", ".join(parts)


def _capped(lines: list[str], more: str, cap: int = 5) -> list[str]:
    return lines[:cap] + ([f"and {len(lines) - cap} more {more}"] if len(lines) > cap else [])


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _wider(kind: str) -> str:
    return "quarter or year" if kind == "month" else "year"


def notes(clients: ClientList) -> list[str]:
    """What a reader of the figures must know about how periods and clients were formed."""
    out = []
    kind = clients.kind
    if clients.with_year:
        n = clients.with_year
        out.append(
            f"{n} row{'s' if n != 1 else ''} write the period without a year (Q3); the Year column gives it"
        )
    if clients.left_out:
        rows = sum(map(len, clients.left_out.values()))
        out.append(
            f"left out {rows} row{'s' if rows != 1 else ''} that {'are' if rows != 1 else 'is'} no billing: "
            f"{_said(clients.left_out)}; a void, draft, failed or refunded row, a credit, a client marked "
            "churned or prospect, or a deal lost or still open does not make a client active "
            "(--map 'HEADER=ignore' counts them)"
        )
    if clients.roster is not None:
        line = "each client counted in every month from its start date to its end date"
        left = {row for rows in clients.left_out.values() for row in rows}
        n = len(clients.roster.open_rows - left)  # a prospect left out is no client staying
        if n:
            line += (
                f"; {n} client{'s' if n != 1 else ''} with no end date counted through "
                f"{clients.roster.through}, the file's latest date"
            )
        later = clients.roster.later_ends
        if later:
            line += (
                f"; {later} end date{'s' if later != 1 else ''} after today (a contract's planned end) "
                "counted as still a client"
            )
        starts = clients.roster.later_starts
        if starts:
            line += (
                f"; {len(starts)} client{'s' if len(starts) != 1 else ''} starting after today left out "
                f"(row{'s' if len(starts) != 1 else ''} {', '.join(str(r) for r in starts[:3])})"
            )
        out.append(line)
    if clients.source_kind and clients.source_kind != kind:
        first, last = clients.periods[0].label, clients.periods[-1].label
        line = (
            f"{clients.source_periods} {KIND_NAMES[clients.source_kind]} grouped into {len(clients.periods)} "
            f"calendar {KIND_NAMES[kind]} ({first} to {last}); a client counts in a {kind} when any of "
            "its rows falls in it"
        )
        out.append(line + ("" if kind == "year" else f"; --period {_wider(kind)} groups wider"))
    if len(clients.names) == 1:
        (name,) = clients.names.values()
        out.append(
            f"every row names one client, '{name}', so retention can only be 0% or 100%; if that "
            "column is not the client, --map 'HEADER=client' names the one that is"
        )
    elif all(len(c) == 1 for c in clients.clients.values()):
        line = f"every {kind} holds one client, so each pair's retention can only be 0% or 100%"
        out.append(
            line
            + (
                ""
                if kind == "year"
                else f"; if the rows are invoices, --period {_wider(kind)} groups more of them"
            )
        )
    joined = [
        " = ".join(f"'{s}'" for s in spelt)
        + " counted as one client (written differently: accents, punctuation, spaces, & for and, "
        "or Ltd for Limited)"
        for spelt in clients.spellings.values()
        if len({s.casefold() for s in spelt}) > 1  # case alone is not worth a note
    ]
    out += _capped(joined, "names written more than one way, each counted as one client")
    stems: dict[str, list[str]] = {}
    for key, spelling in clients.names.items():
        stems.setdefault(_stem(_words(spelling)) or key, []).append(spelling)
    alike = [
        _and([f"'{n}'" for n in group])
        + f" look like one client but are counted as {len(group)} (they differ in a legal ending such as "
        "Inc or GmbH); if they are one, write the name the same way in every row"
        for group in stems.values()
        if len(group) > 1
    ]
    return out + _capped(alike, "groups of names that differ only in a legal ending, counted apart")


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
    if second.index - first.index <= 1:
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
