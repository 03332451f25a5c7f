"""Campaign goals: the targets a campaign set itself, checked against its scored figures.

Benchmarks say whether a figure is good for the industry; goals say whether the campaign
did what it was bought to do ("2M reach, CPA at most $40") and, before it ends, whether it
will at its current pace. Pure: `load_goals` reads and validates a file, `evaluate` judges
figures the caller computed, `to_records` makes them JSON-ready; nothing is printed.

The goals file (YAML)::

    objective: conversion          # optional: awareness | consideration | conversion
    start: 2025-06-01              # campaign start (YYYY-MM-DD), needed for pacing
    end: 2025-06-30                # campaign end, inclusive
    goals:
      reach: ">= 2M"               # ">=" at least, "<=" at most; also "≥" "≤"
      conversions: ">= 500"
      total_spend: "<= $25,000"
      cpa: "<= 40"                 # money: "$40", "40", "40.00", "USD 40", "40 €"
      engagement_rate: ">= 3%"     # percent KPIs: "3%" or "3" (means 3 %)
      roas: ">= 3×"                # ratio KPIs (roas, frequency): "3×", "3x" or "3"
      frequency: [">= 1.5", "<= 3"]  # a list: several targets for one KPI (a range)
    campaigns:                     # optional: goals for one campaign (its name in the export)
      "Spring Launch":
        start: 2025-03-01          # optional, else the top-level dates
        end: 2025-03-31
        goals:
          conversions: ">= 200"
    creators:                      # optional: goals per creator (the influencer column)
      "@lena.creates":             # quote names: YAML reserves a leading @
        goals:
          engagement_rate: ">= 4%"

Targets must be quoted: YAML reads an unquoted `>` as the start of folded text. A number
takes thousands commas and a `K`/`M`/`B` suffix (`2M`, `25,000`, `1.5K`); the unit mark
must fit the KPI (`%` only on percent KPIs, a currency only on money, `×` only on ratios),
since a target read in the wrong unit would judge the campaign against the wrong number.

Counts and money totals are paced: between the start and the end, the value so far is
projected to the end at its daily pace (value × campaign days ÷ days elapsed, both
inclusive). Rates and per-unit costs are not: their pace is their value.
"""

from __future__ import annotations

import difflib
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from kpi_cli import fmt, yamlfile
from kpi_cli.definitions import INPUTS, snap
from kpi_cli.errors import KpiError, UsageError
from kpi_cli.kpis import ENGAGEMENT_PARTS, KPI_BY_ID, KPI_DEFS, OBJECTIVES
from kpi_cli.read.labels import match_key
from kpi_cli.read.vocab import CURRENCY_CODES, SHARED, SYMBOLS
from kpi_cli.text import printable

if TYPE_CHECKING:
    from kpi_cli.score import GroupResult


class GoalsError(KpiError):
    """A goals file that cannot be used: bad YAML, unknown KPI, a target in the wrong unit, bad dates."""


OPS: dict[str, str] = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<="}  # as written -> canonical
SCOPES: tuple[str, ...] = ("campaign", "creator")
SCOPE_COLUMNS: dict[str, str] = {"campaign": "campaign", "creator": "influencer"}  # scope -> export column
GOAL_KPIS: tuple[str, ...] = tuple(k.id for k in KPI_DEFS)  # what `kpi score` computes

# Sums over rows, so they grow with the days: projected to the end at the current pace.
# Sums that grow day by day, so paced. Activated influencers are distinct creators: the
# same creators posting again add none, so a daily pace would overstate them.
ADDITIVE: frozenset[str] = frozenset(
    {k.id for k in KPI_DEFS if k.unit == "count"} - {"activated_influencers"} | {"revenue", "total_spend"}
)

# A typical target per KPI: the direction a goal usually takes, and the example an error suggests.
EXAMPLES: dict[str, str] = {
    "activated_influencers": ">= 20",
    "posts": ">= 40",
    "reach": ">= 2M",
    "impressions": ">= 5M",
    "frequency": ">= 1.5×",
    "video_completion_rate": ">= 25%",
    "views": ">= 1M",
    "engagements": ">= 100K",
    "engagement_rate": ">= 3%",
    "engagement_rate_by_followers": ">= 3%",
    "saves": ">= 5,000",
    "shares": ">= 2,000",
    "profile_visits": ">= 10K",
    "clicks": ">= 20K",
    "ctr": ">= 1%",
    "traffic": ">= 15K",
    "conversions": ">= 500",
    "conversion_rate": ">= 2%",
    "session_conversion_rate": ">= 2%",
    "code_uses": ">= 300",
    "revenue": ">= 50,000",
    "roas": ">= 3×",
    "roi": ">= 100%",
    "total_spend": "<= 25,000",
    "cost_per_post": "<= 500",
    "cpm": "<= 25",
    "rpm": ">= 30",
    "cpe": "<= 0.50",
    "cpc": "<= 1.50",
    "cpa": "<= 40",
}

_ENGAGEMENT = frozenset({"engagements", *ENGAGEMENT_PARTS})
# The canonical columns each KPI is computed from (definitions.INPUTS, optional ones left
# out): every set needs one of its columns; engagements are their column or their parts.
NEEDS: dict[str, tuple[frozenset[str], ...]] = {
    kpi: tuple(_ENGAGEMENT if c == "engagements" else frozenset({c}) for c in cols if not c.endswith("?"))
    for kpi, cols in INPUTS.items()
}

_TOP_KEYS = ("objective", "start", "end", "goals", "campaigns", "creators")
_SCOPE_KEYS = ("start", "end", "goals")
_SECTIONS = {"campaigns": "campaign", "creators": "creator"}
_UNIT_WORDS = {"count": "a count", "money": "money", "percent": "a percentage", "ratio": "a ratio (×)"}
_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9}
_AMOUNT = re.compile(
    r"(?P<sign>[-+−]?)\s*(?P<pre>[^\d\s.,+\-−]+)?\s*"
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"\s*(?P<scale>[KkMmBb](?![A-Za-z]))?\s*(?P<post>\S+)?"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Goal:
    """One target: `kpi op target`, for the whole export or one campaign / creator."""

    kpi: str
    op: str  # ">=" at least, "<=" at most
    target: float  # in the KPI's unit: 3.0 for 3 %, 40.0 for $40, 3.0 for 3×
    line: int  # where the file states it, for messages
    scope: str | None = None  # None (the whole export) | "campaign" | "creator"
    name: str | None = None  # the campaign's or creator's name as the file writes it
    currency: str | None = None  # ISO code a money target names (`€40`: EUR; `$` names none)
    text: str = ""  # the target as written

    @property
    def unit(self) -> str:
        return KPI_BY_ID[self.kpi].unit


@dataclass
class GoalSet:
    """A validated goals file: its goals in file order, with the dates that pace them."""

    path: Path
    objective: str | None
    start: date | None
    end: date | None
    goals: list[Goal]
    periods: dict[tuple[str, str], tuple[date | None, date | None]] = field(default_factory=dict)

    def period(self, scope: str | None, name: str | None) -> tuple[date | None, date | None]:
        """The start and end that pace a goal: its campaign's or creator's own, else the file's."""
        if scope is None or name is None:
            return self.start, self.end
        return self.periods.get((scope, name), (self.start, self.end))

    def names(self, scope: str) -> list[str]:
        """The campaigns or creators the goals name, in file order (what the caller must score)."""
        return list(dict.fromkeys(g.name for g in self.goals if g.scope == scope and g.name is not None))

    def currencies(self) -> dict[str, int]:
        """Currencies the money targets name, with the line of each's first mention."""
        out: dict[str, int] = {}
        for goal in self.goals:
            if goal.currency is not None:
                out.setdefault(goal.currency, goal.line)
        return out


@dataclass(frozen=True)
class GoalResult:
    """One goal judged: how far along it is, whether it is met and, mid-campaign, on track."""

    kpi: str
    op: str
    target: float
    value: int | float | None
    attainment: float | None  # percent of the goal reached; None when a 0 or a sign makes it meaningless
    met: bool | None  # the value so far meets the target; None without a value
    projected: float | None = None  # the value at the end at the current pace (paced goals only)
    on_track: bool | None = None  # the projection meets the target (paced goals only)
    scope: str | None = None
    name: str | None = None
    reason: str | None = None  # why a figure is missing or what the reader should know
    unit: str = "count"
    line: int = 0
    days: tuple[int, int] | None = None  # (days elapsed, campaign days) when paced

    @property
    def failed(self) -> bool:
        """Missed (final or unpaced), off track (paced), or with no figure to judge (a misspelt
        creator, a missing column: a gate must not pass on a goal it could not check),
        unless the campaign has not started in the data yet: what `--fail-on goals` exits 1 on."""
        if self.on_track is not None:
            return not self.on_track
        if self.value is None:
            return NOT_STARTED not in (self.reason or "")
        return self.met is False


NOT_STARTED = "the data ends before the campaign starts"


# A figure from the caller: a value, or (value, reason) where the reason says why it is None.
Figure = int | float | None | tuple[int | float | None, str | None]
Values = (
    Callable[[str | None, str | None, str], Figure] | Mapping[tuple[Any, Any, str], Figure]
)  # (scope, name, kpi)


# --------------------------------------------------------------------------- reading


def load_goals(path: Path) -> GoalSet:
    """Read and validate a goals file; any problem is a one-line GoalsError naming the line."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GoalsError(f"{name}: no such goals file; check the path (kpi goals init writes one)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoalsError(f"{name}: {yamlfile.unreadable(exc, 'goals')}") from None
    return _goal_set(text, name, path)


def parse_goals(text: str, name: str = "goals.yaml") -> GoalSet:
    """`load_goals` on text already read (a test, a notebook, stdin)."""
    return _goal_set(text, name, Path(name))


def _goal_set(text: str, name: str, path: Path) -> GoalSet:
    try:
        root = yamlfile.compose(text)  # nodes, not values: they carry line numbers (bombs refused)
    except yaml.YAMLError as exc:
        raise GoalsError(_yaml_message(name, text, exc)) from None
    except RecursionError:
        raise GoalsError(f"{name}: nested too deeply to be a goals file; {_SHAPE}") from None
    return _Reader(name, path).goal_set(root)


_SHAPE = 'write e.g. goals: {reach: ">= 2M"} (kpi goals init export.csv writes a starter file)'
_GOALS_SHAPE = 'write a KPI and its target a line, e.g. reach: ">= 2M"'
_SCOPE_SHAPE = "write each name, then its goals: (and optional start:, end:) indented under it"


def _yaml_message(name: str, text: str, exc: yaml.YAMLError) -> str:
    """The YAML parser's problem and line, with the fix for the usual slip: an unquoted `>=`."""
    mark = getattr(exc, "problem_mark", None)
    where = f", line {mark.line + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or "invalid YAML"
    if mark is not None:
        lines = text.splitlines()
        current = lines[mark.line] if mark.line < len(lines) else ""
        unquoted = re.match(r"\s*(?:-\s+)?([^:#]+):\s*([>|].*?)\s*(?:#.*)?$", current)
        if unquoted:
            key, target = unquoted.group(1).strip(), unquoted.group(2)
            return f'{name}{where}: quote the target, YAML reads a bare > as text: {key}: "{target}"'
        # Inside braces (`goals: {conversions: >= 300}`) or a bare `@handle:` key.
        inline = re.search(r"([\w.@-]+):\s*([<>≤≥]=?\s*[^,}]+)", current)
        if inline and re.search(r"[<>≤≥@]", current):
            key, target = inline.group(1), inline.group(2).strip()
            return f'{name}{where}: quote the target: {key}: "{target}"'
        if re.match(r"\s*@", current):
            return (
                f'{name}{where}: quote the name, YAML reserves a leading @: "{current.strip().rstrip(":")}":'
            )
    if yamlfile.refused(exc):  # a bomb: the problem says the fix
        return f"{name}{where}: {problem}"
    return f"{name}{where}: {yamlfile.problem_of(exc)}; fix the YAML syntax"


class _Reader:
    """Walks a composed YAML document; every error names the file and the node's line."""

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path

    def fail(self, node: yaml.Node, message: str) -> GoalsError:
        return GoalsError(f"{self.name}, line {node.start_mark.line + 1}: {message}")

    def goal_set(self, root: yaml.Node | None) -> GoalSet:
        if root is None or _is_null(root):
            raise GoalsError(f"{self.name}: empty goals file; {_SHAPE}")
        top = self.entries(root, "a goals file", _TOP_KEYS)
        objective = self.objective(top["objective"][1]) if "objective" in top else None
        start = self.day(top["start"][1], "start") if "start" in top else None
        end = self.day(top["end"][1], "end") if "end" in top else None
        self.check_period(start, end, top.get("start"), top.get("end"))
        goals = self.goals(top["goals"][1], None, None) if "goals" in top else []
        periods: dict[tuple[str, str], tuple[date | None, date | None]] = {}
        for section, scope in _SECTIONS.items():
            if section not in top or _is_null(top[section][1]):
                continue
            for who, (key_node, node) in self.entries(
                top[section][1], f"'{section}'", None, shape=_SCOPE_SHAPE
            ).items():
                if not who.strip():
                    raise self.fail(
                        key_node, f"a {scope} with an empty name; write its name as the export does"
                    )
                own = self.entries(node, f"{scope} {who!r}", _SCOPE_KEYS, kpi_hint=True)
                own_start = self.day(own["start"][1], "start") if "start" in own else start
                own_end = self.day(own["end"][1], "end") if "end" in own else end
                self.check_period(
                    own_start, own_end, own.get("start", top.get("start")), own.get("end", top.get("end"))
                )
                if "start" in own or "end" in own:
                    periods[(scope, who)] = (own_start, own_end)
                if "goals" in own:
                    goals += self.goals(own["goals"][1], scope, who)
        if not goals:
            raise self.fail(root, f"no goals; {_SHAPE}")
        return GoalSet(self.path, objective, start, end, goals, periods)

    def entries(
        self,
        node: yaml.Node,
        what: str,
        allowed: tuple[str, ...] | None,
        kpi_hint: bool = False,
        shape: str = _SHAPE,
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping's keys (as written) to (key node, value node); duplicates and unknown keys refused."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys to values; {shape}")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, f"a key in {what} must be a plain name, not a list or mapping")
            key = key_node.value.strip()
            if key in out:
                first = out[key][0].start_mark.line + 1
                raise self.fail(
                    key_node, f"{printable(key)!r} is given twice (first on line {first}); keep one"
                )
            if allowed is not None and key not in allowed:
                if kpi_hint and _kpi_id(key) in KPI_BY_ID:
                    raise self.fail(key_node, f"put the target of {printable(key)} under 'goals:'")
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean {close[0]}? " if close else ""
                raise self.fail(
                    key_node, f"unknown key {printable(key)!r} in {what}; {hint}use {', '.join(allowed)}"
                )
            out[key] = (key_node, value_node)
        return out

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or _is_null(node):
            raise self.fail(node, f"{what} must be a single value")
        return str(node.value).strip()

    def objective(self, node: yaml.Node) -> str | None:
        if _is_null(node):
            return None
        text = self.scalar(node, "objective").lower()
        if text not in OBJECTIVES:
            raise self.fail(node, f"unknown objective {printable(text)!r}; use {', '.join(OBJECTIVES)}")
        return text

    def day(self, node: yaml.Node, key: str) -> date | None:
        if _is_null(node):
            return None
        text = self.scalar(node, key)
        fix = f"write the {key} as YYYY-MM-DD, e.g. 2025-06-01"
        if not _ISO_DATE.fullmatch(text):
            raise self.fail(node, f"{key} {printable(text)!r} is not a date; {fix}")
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.fail(node, f"{key} {text} is not a day of the calendar; {fix}") from None

    def check_period(
        self,
        start: date | None,
        end: date | None,
        start_at: tuple[yaml.Node, yaml.Node] | None,
        end_at: tuple[yaml.Node, yaml.Node] | None,
    ) -> None:
        if start is None or end is None or end >= start:
            return
        node = end_at[0] if end_at is not None else start_at[0] if start_at is not None else None
        message = f"end {end} is before start {start}; the end is the campaign's last day (inclusive)"
        raise self.fail(node, message) if node is not None else GoalsError(f"{self.name}: {message}")

    def goals(self, node: yaml.Node, scope: str | None, who: str | None) -> list[Goal]:
        if _is_null(node):
            return []
        out = []
        for key, (key_node, value_node) in self.entries(node, "'goals'", None, shape=_GOALS_SHAPE).items():
            kpi = _kpi_id(key)
            if kpi not in GOAL_KPIS:
                raise self.fail(key_node, _unknown_kpi(key))
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            if not items or any(_is_null(item) for item in items):
                raise self.fail(value_node, f'{kpi}: no target; write e.g. {kpi}: "{EXAMPLES[kpi]}"')
            for item in items:
                text = self.scalar(item, f"the target of {kpi}")
                try:
                    op, target, currency = parse_target(kpi, text)
                except ValueError as exc:
                    raise self.fail(item, f'{kpi} "{printable(text)}": {exc}') from None
                out.append(Goal(kpi, op, target, item.start_mark.line + 1, scope, who, currency, text))
        return out


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def _kpi_id(text: str) -> str:
    """KPI ids as `--kpis` takes them: any case, `-` or a space for `_`."""
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def _unknown_kpi(text: str) -> str:
    close = difflib.get_close_matches(_kpi_id(text), GOAL_KPIS, n=3, cutoff=0.6)
    if close:
        return f"unknown KPI {printable(text)!r}; did you mean {' or '.join(close)}?"
    return f"unknown KPI {printable(text)!r}; use one of {', '.join(GOAL_KPIS)}"


def parse_target(kpi: str, text: str) -> tuple[str, float, str | None]:
    """`">= 2M"` → (">=", 2000000.0, None); `"<= €40"` → ("<=", 40.0, "EUR").

    Raises ValueError with the problem and the fix (the caller adds the file and line).
    """
    kpi_def = KPI_BY_ID[kpi]
    unit, example = kpi_def.unit, EXAMPLES[kpi]
    rest = text.strip()
    op = next((canon for mark, canon in OPS.items() if rest.startswith(mark)), None)
    if op is None:
        if rest.startswith(("<", ">", "=")):
            raise ValueError(f'write ">=" (at least) or "<=" (at most), e.g. "{example}"')
        raise ValueError(f'no comparison; write ">= {rest}" (at least) or "<= {rest}" (at most)')
    rest = rest[2 if rest[:2] in OPS else 1 :].strip()
    found = _AMOUNT.fullmatch(rest)
    decimal_comma = re.search(r"\d,(\d{1,2}|\d{4,})(?!\d)", rest)
    if decimal_comma:
        raise ValueError(f'write decimals with a dot and thousands with commas, e.g. "{example}"')
    if not found:
        raise ValueError(f'not a number; write e.g. "{example}"')
    marks = [_mark(found["pre"], prefix=True), _mark(found["post"], prefix=False)]
    kinds = {kind for kind, _ in marks if kind is not None}
    if len(kinds) > 1 or (marks[0][0] is not None and marks[1][0] is not None):
        raise ValueError(f'write one unit mark, e.g. "{example}"')
    written = kinds.pop() if kinds else unit
    if written != unit:
        raise ValueError(
            f'{kpi_def.name} is {_UNIT_WORDS[unit]}, not {_UNIT_WORDS[written]}; write e.g. "{example}"'
        )
    if found["scale"] and unit not in ("count", "money"):
        raise ValueError(f'K, M and B are for counts and money; write e.g. "{example}"')
    number = float(found["num"].replace(",", "")) * _SCALES.get((found["scale"] or "").lower(), 1.0)
    if not math.isfinite(number):
        raise ValueError("too large a number")
    if found["sign"] in ("-", "−"):
        if unit != "percent":
            raise ValueError(f'{kpi_def.name} cannot be below zero; write e.g. "{example}"')
        number = -number
    currency = next((code for kind, code in marks if kind == "money"), None)
    return op, number, currency


def _mark(token: str | None, prefix: bool) -> tuple[str | None, str | None]:
    """What a mark next to the number says: (unit, currency code) — `%`, `×`, `$`, `EUR`."""
    if token is None:
        return None, None
    if not prefix and token == "%":
        return "percent", None
    if not prefix and token in ("×", "x", "X"):
        return "ratio", None
    if token in SYMBOLS:  # `$`, `kr`, `¥` stand for several currencies: they name none
        return "money", None if token == "$" or token in SHARED else SYMBOLS[token]
    if token.upper() in CURRENCY_CODES:
        return "money", token.upper()
    raise ValueError(f"cannot read {printable(token)!r}; write a number with %, × or a currency")


def check_currency(goal_set: GoalSet, currency: str | None) -> None:
    """Refuse money targets in another currency than the export's (a €40 CPA is not $40)."""
    if currency is None:
        return
    for code, line in goal_set.currencies().items():
        if code != currency:
            raise GoalsError(
                f"{goal_set.path}, line {line}: the target is in {code} but the export's money is in "
                f"{currency}; write the target in {currency} or without a currency"
            )


# --------------------------------------------------------------------------- judging


def evaluate(goal_set: GoalSet, values: Values, last_day: date | None = None) -> list[GoalResult]:
    """Judge every goal against the caller's figures, in file order.

    `values(scope, name, kpi)` (or a mapping keyed so) gives the figure: the scorer's total
    for file-wide goals, the campaign's or creator's group for theirs; a (value, reason)
    pair says why a figure is None. `last_day` is the data's last day: before the end it
    makes additive goals paced.
    """
    if isinstance(values, Mapping):
        table = values

        def from_table(scope: str | None, name: str | None, kpi: str) -> Figure:
            return table.get((scope, name, kpi))

        lookup: Callable[[str | None, str | None, str], Figure] = from_table
    else:
        lookup = values
    return [_judge(goal, *_figure(lookup(goal.scope, goal.name, goal.kpi)), goal_set, last_day)
            for goal in goal_set.goals]  # fmt: skip


def _figure(raw: Figure) -> tuple[int | float | None, str | None]:
    value, reason = raw if isinstance(raw, tuple) else (raw, None)
    if value is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None, reason
    if isinstance(value, numbers.Integral):
        return int(value), reason
    number = float(value)
    return (number, reason) if math.isfinite(number) else (None, reason or "not a finite number")


def _judge(
    goal: Goal, value: int | float | None, why: str | None, goal_set: GoalSet, last_day: date | None
) -> GoalResult:
    attainment: float | None = None
    met: bool | None = None
    projected: float | None = None
    on_track: bool | None = None
    days: tuple[int, int] | None = None
    notes: list[str] = []
    start, end = goal_set.period(goal.scope, goal.name)
    if value is None:
        notes.append(f"no value: {why}" if why else "no value")
    else:
        attainment, note = _attainment(goal.op, goal.target, float(value))
        notes += [note] if note else []
        met = _meets(goal, value, value)
        if last_day is not None and start is not None and last_day < start:
            notes.append(NOT_STARTED)
        elif goal.kpi in ADDITIVE and last_day is not None and end is not None and last_day < end:
            if start is None:
                notes.append("not paced: the goals file gives no start date")
            else:  # day `elapsed` of `total`, both counted inclusive
                elapsed, total = (last_day - start).days + 1, (end - start).days + 1
                projected = value * total / elapsed
                on_track = _meets(goal, projected, value)
                days = (elapsed, total)
    return GoalResult(
        goal.kpi, goal.op, goal.target, value, attainment, met, projected, on_track, goal.scope, goal.name,
        "; ".join(notes) or None, goal.unit, goal.line, days,
    )  # fmt: skip


def _meets(goal: Goal, figure: float, value: int | float) -> bool:
    """Whether `figure` (the value, or its pace) reaches the goal. A ratio within
    floating-point error of the target is on it (900 / 100,000 clicks meets a CTR goal of
    0.9%); counts and sums (`value` not a float) are exact: 999,999,999 misses 1B."""
    if isinstance(value, float):
        figure = snap(figure, (goal.target,))
    return figure >= goal.target if goal.op == ">=" else figure <= goal.target


def _attainment(op: str, target: float, value: float) -> tuple[float | None, str | None]:
    """Percent of the goal reached: value ÷ target for "at least", target ÷ value for "at most".

    A 0 or a negative on either side would give inf or a figure that reads backwards, so
    those are None with the reason (met still says where the value stands).
    """
    if op == ">=":
        if target <= 0:
            return None, "no attainment: the target is not above 0"
        result = value * 100 / target
    else:
        if value <= 0 or target < 0:
            return None, "no attainment: the value is not above 0"
        result = target * 100 / value
    return (result, None) if math.isfinite(result) else (None, "no attainment: too large to show")


def failures(results: Iterable[GoalResult]) -> list[GoalResult]:
    """Goals missed or off track (`--fail-on goals`); a goal without a value is not counted."""
    return [r for r in results if r.failed]


def failure_message(failed: list[GoalResult], symbol: str = "$") -> str:
    """One line for stderr: `goals missed: 2 of the goals: Reach 1.2M (goal ≥ 2M, projected 1.5M); ...`."""
    shown = []
    for r in failed[:8]:
        show = fmt.formatter(r.unit, symbol)
        value = "—" if r.value is None else show(r.value)
        projected = None if r.projected is None else round(r.projected) if r.unit == "count" else r.projected
        extra = f", projected {show(projected)}" if projected is not None else ""
        whose = f" for {r.scope} {printable(r.name)}" if r.scope else ""
        goal = goal_label(r.op, r.target, r.unit, symbol)
        shown.append(f"{KPI_BY_ID[r.kpi].name} {value} (goal {goal}{extra}){whose}")
    more = f" and {len(failed) - 8} more" if len(failed) > 8 else ""
    noun = "goal" if len(failed) == 1 else "goals"
    return f"goals failed: {len(failed)} {noun} missed or off track: {'; '.join(shown)}{more}"


def goal_label(op: str, target: float, unit: str, symbol: str = "$") -> str:
    """`≥ 2M`, `≤ $40.00`, `≥ 3%`: a goal as the table and messages show it."""
    return f"{'≥' if op == '>=' else '≤'} {fmt.target(target, unit, symbol)}"


def to_records(results: Iterable[GoalResult], symbol: str = "$") -> list[dict[str, Any]]:
    """One JSON-ready dict per goal: plain numbers and None (never inf or NaN), display strings."""
    records = []
    for r in results:
        show = fmt.formatter(r.unit, symbol)
        records.append({
            "kpi": r.kpi,
            "name": r.name,
            "scope": r.scope,
            "unit": r.unit,
            "op": r.op,
            "target": _plain(r.target),
            "value": r.value,
            "attainment": _finite(r.attainment),
            "met": r.met,
            "projected": _finite(r.projected),
            "on_track": r.on_track,
            "days_elapsed": r.days[0] if r.days else None,
            "days_total": r.days[1] if r.days else None,
            "goal": goal_label(r.op, r.target, r.unit, symbol),
            "display": "—" if r.value is None else show(r.value),
            # A projection of a count is a whole number of them (4,444 conversions, not 4,443.67).
            "projected_display": None
            if r.projected is None
            else show(round(r.projected) if r.unit == "count" else r.projected),
            "reason": r.reason,
            "line": r.line,
        })  # fmt: skip
    return records


def _plain(value: float) -> int | float:
    """A whole target as an int (2000000, not 2000000.0), as the file most likely wrote it."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def values_from(
    total: GroupResult, *breakdowns: Iterable[GroupResult]
) -> Callable[[str | None, str | None, str], Figure]:
    """`values` for `evaluate` from scored groups: the total for file-wide goals, a breakdown's
    group by campaign or influencer for a campaign's or creator's goals.

    Names match ignoring case and a leading `@` (`@Lena.Creates` is the export's `lena.creates`).
    The scorer groups names by the same key (`match_key`, its folds), so one name is one
    group; were it several (`SPRING LAUNCH`, `Spring Launch`), judging one of them would
    judge part of the campaign, so that is refused.
    """
    index: dict[tuple[str, str], GroupResult] = {}
    several: dict[tuple[str, str], list[str]] = {}
    for groups in breakdowns:
        for group in groups:
            if len(group.key) != 1:
                continue
            ((column, label),) = group.key.items()
            for scope, scope_column in SCOPE_COLUMNS.items():
                if column == scope_column:
                    key = (scope, match_key(scope, label))
                    first = index.setdefault(key, group)
                    if first is not group:
                        several.setdefault(key, [str(first.key[column])]).append(str(label))

    def lookup(scope: str | None, name: str | None, kpi: str) -> Figure:
        key = None if scope is None or name is None else (scope, match_key(scope, name))
        if key is not None and key in several:
            labels = ", ".join(repr(printable(label)) for label in several[key])
            raise GoalsError(
                f"the goals for {scope} {printable(name or '')!r} match {len(several[key])} groups "
                f"({labels}): judging one would judge part of the {scope}; write the name one way "
                "in the files"
            )
        group = total if key is None else index.get(key)
        if group is None:
            return None, f"no rows for {scope} {name!r} in the export"
        found = next((k for k in group.kpis if k.id == kpi), None)
        return (None, f"{kpi} not scored") if found is None else (found.value, found.reason)

    return lookup


# --------------------------------------------------------------------------- starter file


def computable(kpi: str, columns: Iterable[str]) -> bool:
    """Whether an export with these canonical columns has what the KPI is computed from."""
    present = set(columns)
    return all(need & present for need in NEEDS[kpi])


def starter(
    columns: Iterable[str],
    objective: str,
    start: date | None = None,
    end: date | None = None,
    values: Mapping[str, int | float | None] | None = None,
    symbol: str = "$",
) -> str:
    """A goals file to edit, for `kpi goals init`: the objective's primary KPIs the export can
    compute, each targeting its current value rounded to 2 significant figures (else a typical
    target), with a comment saying what it means. `start`/`end`: the export's date range."""
    if objective not in OBJECTIVES:
        raise UsageError(f"unknown objective {objective!r}; use {', '.join(OBJECTIVES)}")
    present = set(columns)
    kpis = [k for k in OBJECTIVES[objective] if computable(k, present)]
    if not kpis:
        needed = sorted({c for k in OBJECTIVES[objective] for need in NEEDS[k] for c in need})
        raise GoalsError(
            f"the export has none of the columns the {objective} KPIs need ({', '.join(needed)}); "
            f"pick another objective ({', '.join(OBJECTIVES)})"
        )
    values = values or {}
    head = [
        ("# Campaign goals for `kpi score export.csv --goals goals.yaml`.", ""),
        ('# ">=" means at least, "<=" at most; keep targets quoted. Targets below are the', ""),
        ("# export's current figures rounded: replace them with the campaign's own goals.", ""),
        (f"objective: {objective}", " | ".join(OBJECTIVES)),
        (
            f"start: {start}" if start else "# start: YYYY-MM-DD",
            "campaign start: pacing counts days from here",
        ),
        (
            f"end: {end}" if end else "# end: YYYY-MM-DD",
            "campaign end, inclusive: totals are projected to it",
        ),
        ("goals:", ""),
    ]
    body = []
    for kpi in kpis:
        unit, name = KPI_BY_ID[kpi].unit, KPI_BY_ID[kpi].name
        current = values.get(kpi)
        target = _target_text(kpi, float(current)) if current is not None else None
        if target is None:
            target, now = EXAMPLES[kpi], " (a typical target)"
        else:
            now = f", now {fmt.value(current, unit, symbol)}"
        op, number, _ = parse_target(kpi, target)
        bound = "at least" if op == ">=" else "at most"
        paced = "; paced" if kpi in ADDITIVE else ""
        body.append((f'  {kpi}: "{target}"', f"{name} {bound} {fmt.value(number, unit, symbol)}{now}{paced}"))
    tail = [
        ("# campaigns:", "goals for one campaign, by its name in the export"),
        ('#   "Spring Launch":', ""),
        ("#     start: 2025-03-01", "optional, else the dates above"),
        ("#     end: 2025-03-31", ""),
        ("#     goals:", ""),
        ('#       conversions: ">= 200"', ""),
        ("# creators:", "goals for one creator (the influencer column)"),
        ('#   "@handle":', "quoted: YAML reserves a leading @"),
        ("#     goals:", ""),
        ('#       engagement_rate: ">= 4%"', ""),
    ]
    return "".join(f"{text:<31} # {note}\n" if note else f"{text}\n" for text, note in head + body + tail)


def _target_text(kpi: str, value: float) -> str | None:
    """The KPI's usual direction and `value` to 2 significant figures, as a target;
    None when that would be no target at all (0 conversions, a negative or infinite figure)."""
    op = EXAMPLES[kpi][:2]
    unit = KPI_BY_ID[kpi].unit
    if not math.isfinite(value):
        return None
    rounded = _toward(value, op)
    if unit == "percent":
        return f"{op} {_number(rounded)}%"
    if rounded <= 0:
        return None
    if unit == "ratio":
        return f"{op} {_number(rounded)}×"
    if unit == "count" and rounded >= 10_000:
        return f"{op} {fmt.short(rounded)}"
    return f"{op} {_number(rounded)}"


def _toward(value: float, op: str) -> float:
    """`value` to 2 significant figures, rounded the way its goal is met ("at least" down,
    "at most" up): a starter file's targets are all met by the export it came from."""
    if value == 0:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(abs(value))) - 1)
    units = value / step
    units = math.floor(units + 1e-9) if op == ">=" else math.ceil(units - 1e-9)
    return float(f"{units * step:.12g}")


def _number(value: float) -> str:
    """A number as a target writes it: `25,000`, `0.042`, `3.1` (never `1e-05`)."""
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.10f}".rstrip("0").rstrip(".")
