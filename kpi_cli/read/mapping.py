"""Headers to canonical columns, by meaning: which header feeds which column, and why.

For a campaign export the matched platform profile decides first (in the language the
file is written in, then its other languages), the generic spellings next. Where
several headers could feed one column the profile's order decides (`Purchases` over
`Results`, `Link clicks` over `Clicks (all)`), and the losers are reported. A few rules
hold whatever a profile says: a header marked as money (`Sales ($)`, `Purchase value`)
is never a count, a ratio (`CTR`, `Cost per result`) is never summed, and `--map`
overrides everything.

The daily series of `kpi lift` and the client list of `kpi retention` are not platform
exports: their headers go through their own aliases (columns.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi_cli.columns import MISSING_TOKENS, SCORE_COLUMNS, ColumnSet
from kpi_cli.errors import InputError, UsageError, quoted
from kpi_cli.lazy import lazy_compile
from kpi_cli.read.numbers import number_body
from kpi_cli.read.profiles import GENERIC, OWN_ROLES, SPECIAL_ROLES, Match, Registry, Role, registry
from kpi_cli.read.vocab import is_money, is_ratio, is_total_label, normalise, ratio_kind, split_currency

IGNORE = "ignore"
# A count header with money marks is most likely the money value of the same thing.
_SALES_COUNTS = frozenset({"conversions", "code_uses"})


@dataclass
class Header:
    """One header of a file and what kpi makes of it."""

    index: int
    text: str
    role: str | None = None  # canonical column, label, currency, result type, ratio <kpi>; None: not read
    currency: str | None = None  # written into the header: `Amount spent (EUR)`
    reason: str | None = None  # why it is not read
    via: str = ""  # who decided: "--map", the profile's name, "generic", "guess"
    over: list[str] = field(default_factory=list)  # headers it was chosen over
    lost: str | None = None  # the role another header was chosen for instead
    results: bool = False  # an ads manager's Results: counts whatever each campaign optimises for
    note: str | None = None  # why a header is read as it is, when its cells decided (stderr)
    part: str | None = None  # a column it is added to (product value to spend), though not its header
    network: str | None = None  # the network whose rows it feeds (`TikTok Followers`: tiktok)
    feeds: str | None = None  # left unread by its profile, the column it would feed (Role.feeds)
    alone: str | None = None  # read as `feeds` when no other header feeds it, with this note (Role.alone)

    @property
    def used(self) -> bool:
        return self.role is not None


@dataclass
class ColumnMap:
    """How one file's headers map onto canonical columns."""

    kind: ColumnSet = SCORE_COLUMNS
    headers: list[Header] = field(default_factory=list)
    profile: Match | None = None

    @property
    def mapped(self) -> dict[str, str]:
        """canonical column -> the header that feeds it."""
        return {h.role: h.text for h in self.headers if h.role in self.kind.canonical}

    @property
    def index(self) -> dict[str, int]:
        """canonical column -> the position of its header."""
        return {h.role: h.index for h in self.headers if h.role in self.kind.canonical}

    @property
    def parts(self) -> dict[int, str]:
        """position -> the canonical column a header is added to (`Product Value` to spend)."""
        return {h.index: h.part for h in self.headers if h.part is not None}

    def role_index(self, role: str) -> list[int]:
        return [h.index for h in self.headers if h.role == role]

    @property
    def ratios(self) -> dict[str, int]:
        """KPI -> position of the file's own ratio column for it (`CTR` for ctr)."""
        return {h.role[6:]: h.index for h in self.headers if h.role and h.role.startswith("ratio ")}

    @property
    def ignored(self) -> list[str]:
        return [h.text for h in self.headers if h.role is None and h.text.strip()]

    @property
    def duplicates(self) -> list[tuple[str, str]]:
        """(header, canonical) for headers that lost to another header of the same column."""
        out = []
        for h in self.headers:
            for other in h.over:
                out.append((other, h.role or ""))
        return out

    def header(self, index: int) -> Header:
        return self.headers[index]

    def fallback(self, role: str) -> Header | None:
        """The header that lost `role` to the one read (GRIN's `Creator` beside `Handle`):
        a row whose read cell is blank takes its cell (chunks.FALLBACK); None if none did,
        or the read one was chosen with --map. The first of `fallbacks`."""
        return next(iter(self.fallbacks(role)), None)

    def count_fallback(self, role: str) -> Header | None:
        """The header whose cell a count's blank cell takes (chunks.FALLBACK): `Likes` beside
        `Reactions` (Sprout Social's, audit H-7), `Retweets` beside `Shares` (Meltwater's, P-7);
        for clicks only Instagram's story `Swipe Ups` beside `Link Clicks` (audit Z-2), taken
        where the link clicks are blank or 0 (COUNT_ZERO_FALLS_BACK). None for any other."""
        if role not in COUNT_FALLBACKS:
            return None
        if role in COUNT_ZERO_FALLS_BACK:
            return next((h for h in self.fallbacks(role) if _spend_key(h) in _SWIPE_UPS), None)
        return self.fallback(role)

    def fallbacks(self, role: str) -> list[Header]:
        """Every header that lost `role` to the one read, in the file's order: a blank creator
        cell takes the first of them with a cell (`Instagram Handle` read, then `TikTok
        Handle`'s, then `YouTube Handle`'s); none when the read one was chosen with --map."""
        return [h for h in self.headers if h.lost == role and h.via != "--map"]


# The counts whose blank cell takes the cell of the header that lost the column to the one read
# (ColumnMap.count_fallback). Instagram's story link clicks were "Swipe Ups" until the link
# sticker replaced the swipe-up in 2021 ("Link Clicks: how many times viewers have swiped up on
# a link", lytehouse.agency, "Instagram Story Insights, Explained"): an influencer platform's
# report that keeps both columns (Tagger's, #paid's, Captiv8's custom story metrics) fills one
# on a story's row and leaves the other blank or 0, and a post's row has link clicks only. A
# story's swipe-ups were left out: clicks 200 for 350, CTR 0.57% for 1.00% (audit Z-2). Never
# added to link clicks: where a platform's link clicks hold them they are not 0 beside them.
COUNT_FALLBACKS = ("likes", "comments", "shares", "clicks")
COUNT_ZERO_FALLS_BACK = frozenset({"clicks"})
_SWIPE_UPS = frozenset({normalise("Swipe Ups"), normalise("Swipe Up")})


def mapped_twice(columns: ColumnMap) -> tuple[str, str, str] | None:
    """(column, the header read, the one left unread) when --map gives one column two headers of
    a file: kpi reads one (spend, the sum of its parts, is the exception: _spend_parts), and
    leaving out the other one the analyst named without an error would lose it (audit I-2)."""
    for head in columns.headers:
        if head.via == "--map" and head.lost is not None:
            kept = next((h for h in columns.headers if h.role == head.lost and h.via == "--map"), None)
            if kept is not None:
                return head.lost, kept.text, head.text
    return None


def parse_maps(entries: list[str] | tuple[str, ...], columns: ColumnSet = SCORE_COLUMNS) -> dict[str, str]:
    """`--map 'Header=canonical'` entries (or a YAML file of them) → normalised header → role.

    The role `ignore` (or nothing after `=`) leaves a header unread."""
    maps: dict[str, str] = {}
    for entry in entries:
        if "=" not in entry and entry.endswith((".yaml", ".yml")):
            maps.update(_map_file(entry, columns))
            continue
        header, sep, role = entry.partition("=")
        if not sep or not header.strip():
            raise UsageError(
                f"--map {quoted(entry)}: write HEADER=COLUMN, e.g. --map 'Sales ($)=revenue', "
                "or give a .yaml file"
            )
        maps[normalise(header)] = _map_role(role, entry, columns)
    return maps


def check_maps(entries: list[str] | tuple[str, ...], files: list[tuple[str, list[str]]]) -> None:
    """Refuse a `--map 'HEADER=column'` whose HEADER no file has (`files`: each file's name and
    headers): a typo (`Net Revenu`) would leave kpi's own choice in force without a word.
    A header matches as map_headers matches it, with or without its currency. Entries of a
    .yaml map file may name the headers of several exports, so only the command line's are held
    to this."""
    import difflib

    known: dict[str, str] = {}  # normalised header -> the header as a file writes it
    for _, headers in files:
        for text in headers:
            if text.strip():
                known.setdefault(normalise(text), text)
                known.setdefault(normalise(split_currency(text)[0]), text)
    for entry in entries:
        if "=" not in entry:
            continue  # a .yaml file of them (parse_maps refused anything else)
        header = entry.partition("=")[0].strip()
        if normalise(header) in known:
            continue
        names = files[0][0] if len(files) == 1 else f"any of the {len(files)} files"
        close = difflib.get_close_matches(normalise(header), list(known), n=3, cutoff=0.6)
        shown = list(dict.fromkeys(known[c] for c in close))
        fix = (
            "did you mean " + " or ".join(repr(h) for h in shown) + "?"
            if shown
            else "give a header as the file writes it (kpi columns FILE lists them)"
        )
        raise UsageError(f"--map {quoted(entry)}: no header {quoted(header)} in {names}; {fix}")


def _map_role(role: str, entry: str, columns: ColumnSet) -> str:
    role = role.strip().lower().replace(" ", "_") or IGNORE
    if role == IGNORE or role in columns.canonical:
        return role
    raise UsageError(
        f"--map {quoted(entry)}: {quoted(role)} is not a column kpi reads; use one of "
        f"{', '.join(columns.canonical)}, "
        "or ignore"
    )


def _map_file(name: str, columns: ColumnSet) -> dict[str, str]:
    from pathlib import Path

    import yaml

    from kpi_cli import yamlfile

    path = Path(name)
    try:
        # The loader benchmarks and profiles use: a duplicate key or an alias bomb is refused
        # at once (a bomb used to be expanded into the error message, gigabytes of it).
        doc = yamlfile.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--map {name}: {yamlfile.unreadable(exc, '--map')}") from None
    except yaml.YAMLError as exc:
        line = yamlfile.line_of(exc)
        where = f", line {line}" if line else ""
        if yamlfile.refused(exc):  # a duplicate key, a bomb: the problem says the fix
            raise UsageError(f"--map {name}{where}: {yamlfile.problem_of(exc)}") from None
        raise UsageError(
            f"--map {name}{where}: not valid YAML; write one 'Header: column' per line"
        ) from None
    except RecursionError:
        raise UsageError(f"--map {name}: not valid YAML; write one 'Header: column' per line") from None
    if isinstance(doc, dict) and isinstance(doc.get("columns"), dict):
        doc = doc["columns"]
    if not isinstance(doc, dict):
        raise UsageError(f"--map {name}: expected 'Header: column' lines (e.g. 'Sales ($): revenue')")
    out: dict[str, str] = {}
    for header, role in doc.items():
        if not isinstance(header, (str, int, float)) or isinstance(role, (list, dict)):
            # a list or mapping is never a header or a column: name its kind, never print it
            what = type(role if isinstance(role, (list, dict)) else header).__name__
            kind = {"list": "a list", "dict": "a mapping"}.get(what, f"a {what}")
            raise UsageError(
                f"--map {name}: expected 'Header: column' lines (e.g. 'Sales ($): revenue'), got {kind}"
            )
        out[normalise(str(header))] = _map_role(
            "" if role is None else str(role), f"{name}: {header}", columns
        )
    return out


def map_headers(
    headers: list[str],
    columns: ColumnSet | None = None,
    *,
    maps: dict[str, str] | None = None,
    profile: str | None = None,
    reg: Registry | None = None,
) -> ColumnMap:
    """Decide what each header of a file feeds.

    `columns` is the kind of input (a campaign export unless told otherwise); `maps`
    what `--map` said; `profile` a profile forced with `--profile`."""
    maps = maps or {}
    if columns is None or columns is SCORE_COLUMNS:
        return _map_export(headers, maps, profile, reg or registry())
    return _map_aliases(headers, columns, maps)


def _map_aliases(headers: list[str], columns: ColumnSet, maps: dict[str, str]) -> ColumnMap:
    """A daily series or a client list: canonical names first, then aliases in the order
    listed (Shopify's `Net sales` before its `Total sales` and `Gross sales`, wherever each
    sits: audit x #3), then file order."""
    lookup: dict[str, tuple[str, int, int]] = {}
    for canonical in columns.canonical:
        lookup[normalise(canonical)] = (canonical, 0, 0)
    for canonical, aliases in columns.aliases.items():
        for order, alias in enumerate(aliases):
            lookup.setdefault(normalise(alias), (canonical, 2 if alias in columns.weak else 1, order))
    result = ColumnMap(columns)
    best: dict[str, tuple[tuple[int, ...], Header]] = {}
    for index, text in enumerate(headers):
        bare, currency = split_currency(text)
        head = Header(index, text, currency=currency)
        result.headers.append(head)
        key = normalise(bare)
        if normalise(text) in maps or key in maps:
            role = maps.get(normalise(text), maps.get(key))
            head.via = "--map"
            if role == IGNORE:
                head.reason = "--map says ignore it"
                continue
            found: tuple[str, int, int] | None = (str(role), -1, 0)
        else:
            found = lookup.get(key) or lookup.get(normalise(text))
        if found is None:
            head.reason = "not a column kpi uses"
            continue
        canonical, rank, order = found
        _compete(best, canonical, (rank, order, index), head, "another header gives it")
    return result


def _compete(
    best: dict[str, tuple[tuple[int, ...], Header]],
    role: str,
    rank: tuple[int, ...],
    head: Header,
    why: str,
) -> None:
    """Give `role` to the best-ranked header; the other one is reported as not used."""
    held = best.get(role)
    if held is None or rank < held[0]:
        if held is not None:
            loser = held[1]
            loser.lost, loser.role = loser.role, None
            loser.reason = f"{why}: {quoted(head.text)} is read instead"
            head.over = [loser.text, *loser.over]
            loser.over = []
        head.role = role
        best[role] = (rank, head)
        return
    winner = held[1]
    head.lost, head.role = role, None
    head.reason = f"{why}: {quoted(winner.text)} is read instead"
    winner.over.append(head.text)


def _map_export(headers: list[str], maps: dict[str, str], forced: str | None, reg: Registry) -> ColumnMap:
    if forced is not None:
        chosen = reg.get(forced)
        match: Match | None = Match(chosen, chosen.languages[0], 0.0, 0)
        known = [h for h in headers if any(r.profile == chosen.id for r in reg.roles(h))]
        if known:  # the language most of the file's headers are in (English words count for English)
            counts: dict[str, int] = {}
            for h in known:
                for language in reg.languages(normalise(split_currency(h)[0]), chosen):
                    counts[language] = counts.get(language, 0) + 1
            language = max(chosen.languages, key=lambda lang: counts.get(lang, 0))
            match = Match(chosen, language, 0.0, len(known))
    else:
        match = reg.match(headers)
    result = ColumnMap(SCORE_COLUMNS, profile=match)
    best: dict[str, tuple[tuple[int, ...], Header]] = {}
    for index, text in enumerate(headers):
        bare, currency = split_currency(text)
        head = Header(index, text, currency=currency)
        result.headers.append(head)
        if not text.strip():
            continue
        key = normalise(bare)
        user = maps.get(normalise(text), maps.get(key))
        if user is not None:
            head.via = "--map"
            if user == IGNORE:
                head.reason = "--map says ignore it"
                continue
            _compete(best, user, (0, 0, 0, index), head, "another header feeds it")
            continue
        role, tier, rank, via, reason, entry = _role_of(text, key, match, reg)
        if tier >= 4 and (pivot := _pivot(bare, match, reg)) is not None:  # `SUM of Impressions`
            role, reason, head.note = pivot
            tier, rank, via = 2, 0, "pivot table"
            text = _PIVOT.sub("", bare)  # what the guards look at: `Fee`, not `SUM of Fee`
        head.via = via
        head.results = role == "ignore results"
        if role is None or role.startswith(IGNORE):
            head.reason = reason or "not a column kpi uses"
            if entry is not None and entry.feeds is not None and role == IGNORE:
                head.feeds, head.alone = entry.feeds, entry.alone
            continue
        role, guard = _guard(role, text, via)
        if guard is not None:
            head.reason = guard
            if role is None:
                continue
        if role == "label":
            head.role = role
            continue
        if role == "ratio":  # a ratio kpi does not compute: recognised, never read
            head.reason = head.reason or "a ratio kpi does not use (it computes ratios from counts)"
            continue
        assert role is not None
        if role == "spend" and _spend_key(head) in _RATES:
            tier = 5  # a creator's `Rate` is spend only when no other header names it (audit J-13)
        # A spelling of the file's own language before one its profile lists for another (audit
        # Z-6): an English tracker's `Username` (the handle) over `Name`, which only the
        # profile's German, French ... lists name, rank for rank ahead of it.
        foreign = int(
            tier == 1 and match is not None and entry is not None and entry.language != match.language
        )
        _compete(best, role, (tier, foreign, rank, index), head, "another header feeds the same column")
    _read_beside(result, match)
    _organic_and_paid(result, match, reg)
    _organic_and_promoted(result, match)
    _first_column_label(result)
    _spend_parts(result)
    _network_followers(result)
    _reach_score(result)
    _read_alone(result)
    _per_post(result)
    return result


def _read_beside(result: ColumnMap, match: Match | None) -> None:
    """Read the headers the matched profile reads only beside another column (`read_beside:`):
    an affiliate network's bare `Amount` as the sale's beside a commission read as spend, with a
    note; left unread, saying why, without one (a list of payouts). Not when another header
    already feeds the column (`Sale Amount`), nor when --map said what it is."""
    if match is None:
        return
    for rule in match.profile.beside:
        for head in result.headers:
            key = normalise(split_currency(head.text)[0])
            if key not in rule.headers or head.role is not None or head.via == "--map":
                continue
            read = {h.role: h for h in result.headers if h.role is not None}
            if rule.role in read:
                continue  # `Sale Amount` beside `Amount`: the profile's own spelling gives it
            needed = read.get(rule.needs)
            if needed is None:
                head.reason, head.feeds = rule.otherwise, rule.role  # the KPI short of it says why
                continue
            head.role, head.reason, head.via = rule.role, None, match.describe()
            head.note = f"read as {rule.role} beside {quoted(needed.text)}: {rule.note}"
            if head.lost is not None:  # CreatorIQ's `Views`, which lost views to `Engaged Views`
                for other in result.headers:
                    if head.text in other.over:
                        other.over.remove(head.text)
                head.lost = None


# A tracker's cost of each post (`Cost/Post`, `Cost per post`, `Fee per video`, `Avg. price per
# post`; audit T-10): a ratio of spend over posts, the fee itself only where a row is one post.
_PER_POST = lazy_compile(
    r"(?i)^\s*(?:avg\.?\s+|average\s+)?(?:cost|fee|price|rate|spend|payment|pay)\s*(?:/|\bper\b|\beach\b)\s*"
    r"(?:post|video|content|piece|deliverable|reel|story|placement|upload)s?\s*(?:\(.*\))?\s*$"
)


def _per_post(result: ColumnMap) -> None:
    """A cost per post left unread (`Cost/Post`) in a file with no spend column: the KPIs short
    of spend name it and the --map that reads it, rather than say "no spend column" only. Not
    read as spend by itself: a row of a creator's three posts would count their cost once, and
    kpi cannot tell such a row from one post's."""
    if any(h.role == "spend" or h.part == "spend" for h in result.headers):
        return
    for head in result.headers:
        if head.role is None and head.via != "--map" and _PER_POST.match(split_currency(head.text)[0]):
            head.feeds = "spend"
            head.reason = (
                "a cost per post, not a fee kpi sums (a row of several posts would count it once); if each "
                f"row is one post, --map '{head.text}=spend'"
            )
            return


# What a column is made of when it is not in the file: engagements are summed from these.
_PARTS_OF = {"engagements": ("likes", "comments", "shares", "saves")}


def _read_alone(result: ColumnMap) -> None:
    """Read a header its profile leaves unread for a column (`read_alone:`) when nothing else of
    the file feeds that column or its parts: Sprout's `Engagements` (which count clicks too) in
    a Profile Performance export, which has no Reactions, Comments or Shares columns (audit
    HV-1). The KPIs it feeds say what it counts (kpis.kpi_table)."""
    read = {h.role for h in result.headers if h.role is not None}
    for head in result.headers:
        if head.alone is None or head.feeds is None:
            continue
        if read & {head.feeds, *_PARTS_OF.get(head.feeds, ())}:
            head.alone = None  # the file has what it stands in for: it stays unread, with its reason
            continue
        head.role, head.reason = head.feeds, None
        head.note = f"read as {head.feeds} for want of any other column of them: {head.alone}"
        read.add(head.feeds)


# Traackr scores every creator on "the 3 R's": Reach, Resonance and Relevance. Its Reach "is
# calculated on a scale from 1 to 100, representing the percentile in which this influencer
# fits", a score of the audience's size, while Audience "is an estimated number of followers"
# (help.traackr.com, "What is the difference between an influencer's reach and audience size",
# "What is Traackr's scoring methodology"). Beside its Resonance it was read as reach: Reach
# 215 and frequency 609× for three posts (audit Z-3).
_SCORES_BESIDE = frozenset({normalise("Resonance"), normalise("Resonance Score")})
_REACH_SCORE = frozenset({normalise("Reach"), normalise("Reach Score")})


def _reach_score(result: ColumnMap) -> None:
    """Leave Traackr's `Reach`, a score from 1 to 100, unread beside its `Resonance`."""
    if not any(normalise(h.text) in _SCORES_BESIDE for h in result.headers):
        return
    for head in result.headers:
        if head.role != "reach" or head.via == "--map" or normalise(head.text) not in _REACH_SCORE:
            continue
        head.role, head.feeds = None, "reach"
        head.reason = (
            "Traackr's Reach (beside its Resonance and Relevance) is a score from 1 to 100 of the "
            f"creator's audience, not the people a post reached; --map '{head.text}=reach' if it is"
        )
        head.note = f"not read as reach: {head.reason}"


# TikTok One's Campaign Reporting splits each count into its organic part ("not through
# Spark Ads") and its paid part ("through Spark Ads"), beside the total (`Likes`, `Organic
# likes`, `Paid likes`; ads.tiktok.com/help/article/about-tiktok-one-campaign-reporting).
# A report without the totals still holds both parts: the count is their sum. Reach is
# not summed: one person may be reached both ways.
_SPLIT = lazy_compile(r"^\s*(organic|paid)\s+(.+)$", re.IGNORECASE)
_SUMMED = frozenset({"views", "completed_views", "likes", "comments", "shares", "saves", "engagements"})


def _organic_and_paid(result: ColumnMap, match: Match | None, reg: Registry) -> None:
    """With no total column, read `Paid X` plus `Organic X` as X (TikTok One's split)."""
    pairs: dict[str, dict[str, Header]] = {}
    for head in result.headers:
        split = _SPLIT.match(head.text)
        if split is not None and head.via != "--map":
            pairs.setdefault(normalise(split.group(2)), {})[split.group(1).lower()] = head
    for key, pair in pairs.items():
        organic, paid = pair.get("organic"), pair.get("paid")
        if organic is None or paid is None or organic.role is not None:
            continue
        split = _SPLIT.match(paid.text)
        assert split is not None
        role = _role_of(split.group(2), key, match, reg)[0]
        if role not in _SUMMED or paid.role not in (None, role):
            continue
        if any(h.role == role for h in result.headers if h is not paid):
            continue  # the total is read: its parts are not
        paid.role, paid.lost, paid.reason = role, None, None
        organic.part, organic.lost = role, None
        organic.reason = (
            f"added to {quoted(paid.text)}: the organic and paid parts of {quoted(split.group(2))}"
        )


# X's tweet activity export writes each figure twice for a promoted post: `impressions`
# (its organic views) and `promoted impressions` (its ad views). X splits a promoted post's
# metrics between the two: "Organic: metrics from non-promoted views; Promoted: metrics from
# ad views ... if a post was promoted as an ad, the metrics are split between organic and
# promoted views" (docs.x.com, X API "Metrics"), and its analytics dashboard showed a day's
# "organic impressions" beside its "promoted impressions" (audit R-6). Each figure is the
# sum of the two; a row not promoted has `-` there (nothing to add).
_PROMOTED = lazy_compile(r"^\s*promoted\s+(.+)$", re.IGNORECASE)
_PROMOTED_ADDED = frozenset(
    {"impressions", "likes", "shares", "comments", "clicks", "profile_visits", "views"}
)


def _organic_and_promoted(result: ColumnMap, match: Match | None) -> None:
    """In X's tweet activity export, add `promoted X` to the column `X` is read as."""
    if match is None or match.profile.id != "x_analytics":
        return
    read = {normalise(h.text): h for h in result.headers if h.role in _PROMOTED_ADDED}
    for head in result.headers:
        found = _PROMOTED.match(head.text)
        if found is None or head.via == "--map" or head.role is not None:
            continue
        organic = read.get(normalise(found.group(1)))
        if organic is None:
            continue
        assert organic.role is not None
        head.part, head.lost = organic.role, None
        head.reason = (
            f"added to {quoted(organic.text)}: X counts a promoted post's organic and promoted "
            f"{found.group(1)} apart"
        )


_NETWORKS = {
    "instagram": ("instagram", "ig", "insta"),
    "tiktok": ("tiktok", "tik tok", "tt"),
    "youtube": ("youtube", "yt", "youtube shorts"),
    "facebook": ("facebook", "fb"),
    "x": ("x", "twitter"),
    "linkedin": ("linkedin",),
    "pinterest": ("pinterest",),
    "snapchat": ("snapchat",),
    "twitch": ("twitch",),
    "threads": ("threads",),
}
_NETWORK_WORDS = {word: net for net, words in _NETWORKS.items() for word in words}
_AUDIENCE = lazy_compile(r"^(.*?)\s*(?:followers?|subscribers?|subs|fans)(?:\s+count)?$", re.IGNORECASE)


def network_of(text: str) -> str | None:
    """The social network a platform cell (`Instagram`, `TikTok`, `YT`) names, if one."""
    return _NETWORK_WORDS.get(re.sub(r"[^a-z ]+", " ", text.lower()).strip())


def _network_followers(result: ColumnMap) -> None:
    """Follower columns of several networks (`Instagram Followers`, `TikTok Followers`,
    `YouTube Subscribers`, as a creator roster joined to posts has them): each row takes its
    own network's count, by its platform column. Without one no row can be told apart, so
    followers are not read: another network's count would make ER by followers and the tier
    wrong (audit j, finding 2)."""
    heads = []
    for head in result.headers:
        found = _AUDIENCE.match(head.text.strip())
        network = network_of(found.group(1)) if found else None
        if (
            network is not None
            and head.via != "--map"
            and (head.role == "followers" or head.lost == "followers")
        ):
            heads.append((head, network))
    if len({network for _, network in heads}) < 2:
        return
    platform = any(h.role == "platform" for h in result.headers)
    for head, network in heads:
        head.network = network
        head.over = []
        if not platform:
            head.role, head.lost, head.part = None, None, None
            head.reason = (
                "one of several networks' follower counts, and no platform column says which "
                f"network a row is on; --map '{head.text}=followers' if every row is on it"
            )
        elif head.role != "followers":
            head.lost, head.part = None, "followers"
            head.reason = None
            head.note = "gives the followers of the rows on that network (by the platform column)"
    if not platform:
        names = ", ".join(repr(h.text) for h, _ in heads)
        heads[0][0].note = (
            f"and the other follower columns ({names}) are not read: they are of different networks "
            "and no platform column says which a row is on"
        )
    main = next((h for h, _ in heads if h.role == "followers"), None)
    if main is not None:
        main.note = "gives the followers of the rows on that network (by the platform column)"


# What a creator was paid in cash, and nothing else: product sent and boosting are paid on top of it.
_FEES = frozenset(
    normalise(h)
    for h in (
        "Fee", "Fees", "Creator Fee", "Influencer Fee", "Flat Fee", "Payment", "Cash Payment",
        "Compensation", "Honorar", "Gage", "Vergütung", "Rémunération", "Cachet", "Honorarios",
        "Cachê", "Compenso", "Creator Fees", "Influencer Fees", "Talent Fee", "Creator Payment",
        "Influencer Payment", "Content Fee", "Posting Fee",
    )
)  # fmt: skip
# A creator's rate: the price agreed in a tracker (influencer_tracker.yaml), read as spend only
# when no other header of the file is (an ads export's `Amount spent` beside a `Rate`).
_RATES = frozenset(
    normalise(h)
    for h in ("Rate", "Agreed Rate", "Creator Rate", "Influencer Rate", "Talent Rate", "Flat Rate")
)
# The value of the product sent to (gifted to) a creator. GRIN's campaign reports count it in
# spend ("the total of cash payments and your product costs": help.grin.co, "Learn About
# Campaign Reports"), as SPEC's spend does (fees, product, boosting).
_PRODUCT = frozenset(
    normalise(h)
    for h in (
        "Product Value", "Product Cost", "Product Costs", "Gifted Value", "Gift Value",
        "Gifting Value", "Gifting Cost", "Gifted Product Value", "Value of Product",
        "Product Spend", "Gifting Spend", "Gifted Product Cost", "Seeding Cost", "Product Seeding Cost",
    )
)  # fmt: skip
# What was paid to put a creator's post in front of more people (audit B-4): boosting, the
# media bought behind whitelisted posts, Spark Ads (TikTok) and Partnership Ads (Meta), and
# the other paid parts of a creator's cost (production, usage rights). Budget guides split
# an influencer campaign's cost into "creator rates, production costs, and amplification
# expenses ... boosted posts, paid partnerships" (brilliaz.com/page.php?p=0053792) or "fees,
# production, media, product seeding" (flinque.com/blog/influencer-roi-budget-template);
# "amplified creator spend — paid media layered on top of organic creator content ... TikTok
# Spark Ads, Meta's Partnership Ads, ... whitelisted content running as paid social"
# (influencers-time.com/?p=36390). Not a `Budget`: what may be spent is not what was.
_PAID_MEDIA = frozenset(
    normalise(h)
    for h in (
        "Boost", "Boosting", "Boost Spend", "Boost Cost", "Boost Costs", "Boosting Spend",
        "Boosting Cost", "Boosting Costs", "Boosted Spend", "Boost Amount", "Paid Boost",
        "Post Boost", "Post Boosting", "Ad Spend", "Ads Spend", "Ad Cost", "Ad Costs", "Paid Media",
        "Paid Media Spend", "Paid Media Cost", "Media Spend", "Media Cost", "Paid Spend",
        "Paid Social", "Paid Social Spend", "Amplification", "Amplification Spend",
        "Amplification Cost", "Paid Amplification", "Paid Amplification Spend", "Whitelisting",
        "Whitelisting Spend", "Whitelisting Cost", "Whitelisting Fee", "Whitelist Spend",
        "Spark Ads Spend", "Spark Ad Spend", "Spark Ads Cost", "Partnership Ads Spend",
        "Partnership Ad Spend", "Dark Post Spend", "Production Cost", "Production Costs",
        "Production Fee", "Content Production Cost", "Usage Rights", "Usage Rights Fee",
        "Usage Fee", "Licensing Fee",
    )
)  # fmt: skip
_PARTS = _PRODUCT | _PAID_MEDIA
_PAID = "spend is what was paid: fees, product and boosting"


def _spend_key(head: Header) -> str:
    return normalise(split_currency(head.text)[0])


def _spend_parts(result: ColumnMap) -> None:
    """What was paid beside a fee column is added to spend: the fee, the product sent and
    the boosting (`Creator Fee` + `Product Cost` + `Boost Spend`).

    Only beside a fee (`Fee`, `Payment`): a `Cost`, `Spend` or `Total Cost` column may
    already hold the product and the boosting, so it is read alone and the parts are said
    unused. A part that some profile reads as spend itself (`Media cost`, `Ad spend`) is
    added too when a fee is there, whichever of the two won the column."""
    spend = next((h for h in result.headers if h.role == "spend"), None)
    if spend is None:
        return
    fee = spend
    # `Media cost` won over `Fee`, or a --map said a part is spend (`--map 'Paid boost=spend'`):
    # the fee is still read and the part added to it, never the part alone (audit I-2).
    if _spend_key(spend) in _PARTS:
        rival = next(
            (h for h in result.headers if h.lost == "spend" and h.via != "--map" and _spend_key(h) in _FEES),
            None,
        )
        if rival is not None:
            rival.role, rival.lost, rival.reason, rival.over = "spend", None, None, []
            spend.role, spend.over = None, []
            fee = rival
            if spend.via == "--map":
                spend.part, spend.reason = "spend", None
                spend.note = f"added to spend with {quoted(fee.text)} (--map: both are spend)"
    # Every header a --map gives to spend is read: `--map 'Creator fee=spend' --map 'Paid boost=spend'`
    # is their sum, not the first alone.
    for head in result.headers:
        if head.via == "--map" and head.lost == "spend" and head.part is None:
            if head.text in fee.over:
                fee.over.remove(head.text)
            head.part, head.lost, head.reason = "spend", None, None
            head.note = f"added to spend with {quoted(fee.text)} (--map: both are spend)"
    is_fee = _spend_key(fee) in _FEES
    for head in result.headers:
        if (
            head.role is not None
            or head.via == "--map"
            or head.part is not None
            or _spend_key(head) not in _PARTS
            or (head.lost not in (None, "spend"))
        ):
            continue  # a header --map leaves unread stays unread
        if is_fee:
            if head.text in fee.over:
                fee.over.remove(head.text)
            head.part, head.lost = "spend", None
            head.reason = None
            head.note = f"added to spend with {quoted(fee.text)} ({_PAID})"
        elif head.lost is None:
            head.reason = f"not added to spend: {quoted(fee.text)} is read as the whole of what was paid"


def spend_beside_parts(columns: ColumnMap) -> tuple[Header, list[Header]] | None:
    """The header read as the whole spend (`Total Cost`, `Cost`) and the fee and parts beside
    it left unread (`Creator Fee`, `Product Cost`, `Boost Spend`), when there is a fee: the
    total may hold them, and their sum on each row can be checked against it."""
    spend = next((h for h in columns.headers if h.role == "spend"), None)
    if spend is None or spend.via == "--map" or _spend_key(spend) in _FEES | _PARTS:
        return None
    fee = next(
        (h for h in columns.headers if h.lost == "spend" and h.via != "--map" and _spend_key(h) in _FEES),
        None,
    )
    if fee is None:
        return None
    parts = [h for h in columns.headers if h.role is None and h.part is None and h.lost is None
             and h.via != "--map" and _spend_key(h) in _PARTS]  # fmt: skip
    return spend, [fee, *parts]


def settle_parts(columns: ColumnMap, rows: list[tuple[int, list[str]]]) -> None:
    """A part of spend whose header names no money (`Boosting`, `Whitelisting`, `Usage
    rights`, `Paid Media`) may say whether a post was boosted or for how long (`Yes`, `No`,
    `30 days`, `1`/`0`) rather than what it cost: such a column is not added to spend (it
    was refused on `30 days`, and `1` added a dollar; verify B V-3, V-4). A header that
    names money (`Boost Spend`) is added whatever it holds, and the reader names a cell
    that is not a number."""
    for head in columns.headers:
        if head.part != "spend" or head.via == "--map" or is_money(head.text):
            continue
        cells = [(row, c[head.index].strip()) for row, c in rows if head.index < len(c)]
        cells = [(row, v) for row, v in cells if v and v.lower() not in MISSING_TOKENS]
        words = [(row, v) for row, v in cells if not _AMOUNT.fullmatch(number_body(v))]
        word = (
            words[0] if words and len(words) == len(cells) else None
        )  # `$250 (flat)` among amounts: the reader names it
        flags = bool(cells) and {v for _, v in cells} <= {"0", "1"}
        if word is not None or flags:
            row, value = word or cells[0]
            what = "amounts" if word is not None else "amounts but 1 and 0 (a flag)"
            head.part, head.note = None, None
            head.reason = f"not added to spend: its cells are not {what} ({quoted(value)}, {row_at(row)})"


_AMOUNT = lazy_compile(r"[-+]?\d[\d.,]*")  # a number once its currency mark is off (numbers.number_body)


def _role_of(
    text: str, key: str, match: Match | None, reg: Registry
) -> tuple[str | None, int, int, str, str | None, Role | None]:
    """(role, tier, rank, via, reason, the profile's entry) of one header: the matched profile's
    own language first, then its other languages, then the generic spellings, then what the
    words say."""
    roles = reg.index.get(key, [])
    if match is not None:
        own = [r for r in roles if r.profile == match.profile.id]
        pick = _pick(own, match.language)
        if pick is not None:
            return pick.role, 1, pick.rank, match.describe(), pick.reason, pick
    generic = _pick([r for r in roles if r.profile == GENERIC], None)
    if generic is not None:
        return generic.role, 2, generic.rank, "generic", generic.reason, generic
    others = [r for r in roles if r.profile != GENERIC and r.role not in OWN_ROLES]
    if others and match is None:  # a spelling of some platform's, in a file that matches none
        pick = _pick(others, match.language if match else None)
        assert pick is not None
        name = reg.profiles[pick.profile].name
        return pick.role, 3, pick.rank, f"{name} spelling", pick.reason, pick
    if is_ratio(text):
        kind = ratio_kind(text)
        return (f"ratio {kind}" if kind else "ratio"), 4, 0, "guess", None, None
    if is_money(text):
        return IGNORE, 4, 0, "guess", "an amount kpi has no use for (it reads spend and revenue)", None
    return None, 4, 0, "", None, None


# The value fields of a pivot table exported to CSV: Google Sheets names them `SUM of
# Impressions`, `COUNTA of Post URL`, `AVERAGE of Likes` (its summarize-by functions: SUM,
# COUNTA, COUNT, COUNTUNIQUE, AVERAGE, MAX, MIN, MEDIAN, PRODUCT, STDEV, STDEVP, VAR, VARP);
# Excel `Sum of Impressions`, `Count of Post URL` beside `Row Labels` (public CSVs of Excel
# pivots: `Row Labels,Sum of Pass,Sum of Fail`), and in other languages `Summe von`, `Anzahl
# von`, `Mittelwert von` (German), `Somme de`, `Nombre de`, `Moyenne de` (French), `Suma de`,
# `Cuenta de`, `Promedio de` (Spanish), `Soma de`, `Contagem de`, `Média de` (Portuguese),
# `Somma di`, `Conteggio di`, `Media di` (Italian), `Som van`, `Aantal van`, `Gemiddelde van`
# (Dutch). A sum is the field summed over each pivot row: the field itself, as kpi reads it
# (audit J-11). A count of a post-link field counts posts; any other count, an average, a
# maximum or a minimum of a figure is not that figure, and never read as it.
_SUMS = r"sum|summe|somme|suma|soma|somma|som|summa"
_COUNTS = r"counta|countunique|count|anzahl|nombre|cuenta|contar|contagem|conteggio|aantal|antal"
_OTHER = (
    r"average|avg|mittelwert|moyenne|promedio|m[eé]dia|gemiddelde|medel|max|maximum|m[aá]x\.?|min|"
    r"minimum|m[ií]n\.?|median|product|produkt|produit|producto|produto|prodotto|stdevp?|stddevp?|varp?"
)
_PIVOT = lazy_compile(
    rf"^\s*(?P<agg>{_SUMS}|{_COUNTS}|{_OTHER})\s+(?:of|von|de|di|van|av|af|do|da)\s+(?=\S)", re.IGNORECASE
)


def _pivot(
    header: str, match: Match | None, reg: Registry
) -> tuple[str | None, str | None, str | None] | None:
    """(role, reason, note) of a pivot table's value field (`SUM of Impressions`), or None when
    the header is none or names no field kpi knows."""
    found = _PIVOT.match(header)
    if found is None:
        return None
    field = header[found.end() :].strip()
    role = _role_of(field, normalise(split_currency(field)[0]), match, reg)[0]
    if role is None or role.startswith(IGNORE) or role.startswith("ratio") or role == "label":
        return None
    agg = found.group("agg")
    what = f"a pivot table's {quoted(found.group(0).strip())} {quoted(field)}"
    if re.fullmatch(_SUMS, agg, re.IGNORECASE):
        if role not in SCORE_COLUMNS.numeric:
            return IGNORE, f"{what}: a sum of names, not a figure", None
        return role, None, None
    if re.fullmatch(_COUNTS, agg, re.IGNORECASE):
        if role == "post_id":
            return "posts", None, None  # the posts of each row
        return IGNORE, f"{what}: a count of its cells, not a figure kpi reads", None
    return IGNORE, f"{what}: not {quoted(field)} itself (show it as a Sum in the pivot table)", None


def _pick(roles: list[Role], language: str | None) -> Role | None:
    if not roles:
        return None
    for role in roles:
        if role.language == language:
            return role
    return roles[0]


def _guard(role: str, text: str, via: str) -> tuple[str | None, str | None]:
    """Rules that hold whatever a profile says: money is never a count; a ratio never a total.

    Returns the role to use (None: not read) and a note on why it changed."""
    if role.startswith("ratio") or role in SPECIAL_ROLES:
        return role, None
    if role in SCORE_COLUMNS.counts and is_money(text):
        if role in _SALES_COUNTS:
            return "revenue", "a money header, so revenue rather than a count"
        return None, f"a money header, not a count of {role.replace('_', ' ')}"
    percent = "%" in re.sub(r"\d+\s?%", "", text)  # `Engagements (%)`; not `Video plays at 100%`
    if role in SCORE_COLUMNS.numeric and (percent or (via in ("generic", "guess") and is_ratio(text))):
        kind = ratio_kind(text)
        return (f"ratio {kind}" if kind else None), "a ratio, never summed"
    return role, None


# `Sales` is money in some exports and a count in others. Aspire's Affiliate Performance
# dashboard: "Sales: total sales attributed to your link or code (in USD)", next to
# separate Clicks and Conversions (help.aspireiq.com/en/articles/6143584); Mavely's
# "Total Sales" is revenue (mavely.zendesk.com/hc/en-us/articles/31984525346199); yet
# Aspire's Performance Impact snapshot says "the total number of sales tracked"
# (help.aspireiq.com/en/articles/6403060), and trackers keep a count of sales next to a
# Revenue column. So the header alone never decides: the other columns and the cells do.
# (German `Verkäufe` is a count; revenue is `Umsatz`.)
_SALES = frozenset({"sales", "ventes", "ventas", "vendas", "vendite"})
_OTHER_MARK = {".": ",", ",": "."}
_LEADS = lazy_compile(r"lead|sign.?up|registr|install")
_GROSS = lazy_compile(r"gross(?:sales|revenue)")
_MONEY_MARK = lazy_compile(r"[$€£¥₹]|(?<![A-Za-z])(?:USD|EUR|GBP|CAD|AUD)(?![A-Za-z])")


def row_at(row: int | None) -> str:
    """Where a sniffed cell is: its row, or the file's end for a row of its last bytes (row 0:
    not counted yet; it was named `row 0`, a row no spreadsheet shows: audit Y)."""
    return f"row {row:,}" if row else "near the end of the file"


def settle_sales(columns: ColumnMap, rows: list[tuple[int, list[str]]], mark: str, name: str) -> None:
    """Decide whether a plain `Sales` column (no `$`, no `(USD)`) counts sales or sums their money.

    - An `Orders` or `Conversions` column is read too: it counts them, so Sales is money.
    - Its cells carry cents (`2450.00`): money, unless a revenue column is read too (error).
    - Whole numbers next to a revenue column: a count. Whole numbers and nothing else: kpi
      cannot tell (`12` is twelve sales or $12), so an error offers both --map entries.

    `rows` are the first rows of the file (row number, cells); `mark` its decimal mark.
    Cells written as money (`$980.50`) are left to the reader, which names the cell."""
    for head in columns.headers:
        if head.via == "--map" or head.currency is not None:
            continue
        if "conversions" in (head.role, head.lost) and normalise(head.text) in _SALES:
            _settle_sales(columns, head, rows, mark, name)


_LABEL_ROLES = ("influencer", "campaign", "post_id", "platform", "format", "tier", "date")


def _settle_sales(
    columns: ColumnMap, head: Header, rows: list[tuple[int, list[str]]], mark: str, name: str
) -> None:
    read = {h.role: h for h in columns.headers if h is not head and h.role in ("conversions", "revenue")}
    beaten = [h for h in columns.headers if h.lost == "conversions" and h.text in head.over]
    counter = read.get("conversions")
    if counter is not None and _LEADS.search(normalise(counter.text)):
        counter = None  # `Leads` count other actions than sales (CJ, impact.com): they tell nothing
    # Not a totals or statistics row's (`Average` under the total: 115.47 sales on average is
    # no amount; audit Y), told by a label where exports write one, when its cell has a mark
    labels = sorted({0, *(i for key, i in columns.index.items() if key in _LABEL_ROLES)})
    cells = [
        (row, c[head.index].strip())
        for row, c in rows
        if head.index < len(c)
        and not (mark in c[head.index] and any(i < len(c) and is_total_label(c[i]) for i in labels))
    ]
    cells = [(row, v) for row, v in cells if any(ch.isdigit() for ch in v)]  # not blanks, `N/A`, `-`
    if "conversions" in read and "revenue" in read and counter is not None:
        gross = read["revenue"]
        if _GROSS.fullmatch(normalise(gross.text)) and cells:  # `Orders` counts, so `Sales` is money
            # Rakuten's publisher report: `Orders`, `Sales` (net of cancellations and returns)
            # and `Gross Sales` (before them; audit h #8): the orders' revenue is the net one.
            gross.role, gross.over = None, []
            gross.reason = f"{quoted(head.text)} is read instead: the sales net of cancellations and returns"
            _to_revenue(
                head,
                counter,
                f"{quoted(counter.text)} counts the sales, so {quoted(head.text)} is their amount",
            )
        return  # both are read from other columns: Sales stays unread (it lost to the count)
    written = next(((row, v) for row, v in cells if _MONEY_MARK.search(v)), None)
    if written is not None:  # `$2,450.00`: money, unless a revenue column is read too (the reader errs)
        if "revenue" not in read:
            row, value = written
            _to_revenue(head, read.get("conversions") or (beaten[0] if beaten else None),
                        f"its cells are money ({quoted(value)}, {row_at(row)})")  # fmt: skip
        return
    other = re.escape(_OTHER_MARK.get(mark, ","))
    cents = re.compile(rf"-?\d{{1,3}}(?:[{other}\s'’]?\d{{3}})*{re.escape(mark)}\d\d")
    whole = re.compile(rf"(?:-?\d+|-?\d{{1,3}}(?:[{other}\s'’]\d{{3}})+)(?:{re.escape(mark)}00)?")
    # Cents that are not all .00: Excel's Number format writes 38 sales as `38.00` too.
    money = [(row, v) for row, v in cells if cents.fullmatch(v) and not whole.fullmatch(v)]
    if any(not cents.fullmatch(v) and not whole.fullmatch(v) for _, v in cells):
        return  # `12.5`, `N/A`: the reader names the cell that is not a count
    if counter is not None and (marked := _money_written(columns, head, rows)) is not None:
        # Aspire's Performance Impact by creator (audit L-1): `Sales` 14, 6, 2 beside
        # `Conversions` and `Investment` `$1,200.00` is "the total number of sales tracked"
        # (help.aspireiq.com/en/articles/6403060): a file that marks its money marks it in
        # Sales too. Read as revenue it was $22, ROAS 0.006 "poor".
        row, value, where = marked
        head.role = None
        head.reason = (
            f"a count of sales, as {quoted(counter.text)} is: the file writes its money with a "
            f"currency mark ({quoted(value)} in {quoted(where.text)}, {row_at(row)}) and these cells "
            "have none"
        )
        head.note = f"not read as revenue: {head.reason}; --map '{head.text}=revenue' if it is money"
        return
    if counter is not None:  # `Conversions`, `Purchases`, `Orders`: listed before Sales
        _to_revenue(
            head, counter, f"{quoted(counter.text)} counts the sales, so {quoted(head.text)} is their amount"
        )
        return
    if money and "revenue" not in read:
        row, value = money[0]
        why = f"its cells are amounts with cents ({quoted(value)}, {row_at(row)})"
        _to_revenue(head, beaten[0] if beaten else None, why)  # `Leads` it was chosen over count again
        return
    if not cells or (not money and "revenue" in read):
        if cells and "conversions" in read:  # it lost to `Leads`: the sales, not the leads, made the revenue
            _to_conversions(head, read["conversions"], read["revenue"])
        return  # whole numbers next to a revenue column: a count of sales
    row, value = money[0] if money else cells[0]
    why = (
        f"{quoted(value)} ({row_at(row)}) is an amount with cents, yet {quoted(read['revenue'].text)} "
        "is read as revenue"
        if money
        else f"{quoted(value)} ({row_at(row)}) could be {value} sales or {value} in money, and no Revenue "
        "or Orders column tells"
    )
    raise InputError(
        f"{name}: column {quoted(head.text)} is a count of sales in some exports and their amount in "
        f"others: {why}; say which with --map '{head.text}=revenue' or --map '{head.text}=conversions'"
    )


def _money_written(
    columns: ColumnMap, head: Header, rows: list[tuple[int, list[str]]]
) -> tuple[int, str, Header] | None:
    """The first cell of another money column (spend, revenue) written with a currency mark
    (`$1,200.00`): its row, its text and its header; None when the file marks no money."""
    money = [h for h in columns.headers if h is not head and h.role in ("spend", "revenue")]
    for row, cells in rows:
        for h in money:
            value = cells[h.index].strip() if h.index < len(cells) else ""
            if _MONEY_MARK.search(value):
                return row, value, h
    return None


def _to_conversions(head: Header, leads: Header, revenue: Header) -> None:
    """Read `head` (whole-number Sales) as conversions over `leads`, which counts other actions.

    CJ's Performance by Publisher has Sales (a count), Sale Amount and Leads side by side;
    a profile listing Leads as conversions (LinkedIn's, Meta's) chose Leads, so conversion
    rate and CPA were over leads while revenue was the sales' amount."""
    leads.role, leads.lost = None, "conversions"
    leads.reason = (
        f"{quoted(head.text)} is read instead: it counts the sales that {quoted(revenue.text)} sums"
    )
    head.role, head.lost, head.reason = "conversions", None, None
    head.over, leads.over = [leads.text, *[t for t in leads.over if t != head.text]], []
    head.note = (
        f"read as a count of sales, not {quoted(leads.text)}: whole numbers next to {quoted(revenue.text)}"
    )


def _to_revenue(head: Header, counter: Header | None, why: str) -> None:
    """Read `head` as revenue; `counter` (the count column) feeds conversions, as it did or again."""
    if counter is not None and counter.role is None:  # a header `head` had been chosen over
        counter.role, counter.lost, counter.reason = "conversions", None, None
        counter.over = [t for t in head.over if t != counter.text]
    elif counter is not None:
        counter.over = [t for t in counter.over if t != head.text]
    head.role, head.lost, head.reason, head.over = "revenue", None, None, []
    head.note = f"read as revenue, not a count of sales: {why}"


def _first_column_label(result: ColumnMap) -> None:
    """The first column, when kpi reads nothing else from it, still holds row labels in most
    exports (`Total: Campaigns` in Google Ads' `Campaign status`): read it to spot totals rows."""
    if not result.headers:
        return
    first = result.headers[0]
    if first.lost == "date":  # `Reporting starts` when `Day` is read: dates, not names
        return
    if first.role is None and first.text.strip() and not is_ratio(first.text) and not is_money(first.text):
        first.role = "label"
        first.reason = None


def canonical_for(name: str, columns: ColumnSet | None = None) -> str | None:
    """The canonical column a name stands for (`Handle` → influencer), as `--by` and notebooks
    spell it: the canonical name itself, else what the generic profile reads it as."""
    columns = columns or SCORE_COLUMNS
    key = normalise(split_currency(name)[0])
    for canonical in columns.canonical:
        if normalise(canonical) == key:
            return canonical
    if columns is not SCORE_COLUMNS:
        for canonical, aliases in columns.aliases.items():
            if key in {normalise(a) for a in aliases}:
                return canonical
        return None
    for role in registry().index.get(key, []):
        if role.profile == GENERIC and role.role in columns.canonical:
            return role.role
    return None


def header_like(cells: list[str], own: set[str]) -> bool:
    """Whether a row's cells are a header (a second table's, `Creator,Posts,Fee`): two names of
    columns at least (of `own`, the file's normalised headers, or ones kpi reads), every filled
    cell a word, no figure (audit J-14)."""
    cells = [c.strip() for c in cells if c.strip()]
    if len(cells) < 2 or any(any(ch.isdigit() for ch in c) or c.startswith("@") for c in cells):
        return False
    named = [c for c in cells if normalise(c) in own or canonical_for(c) is not None]
    return len(named) >= 2 and len(named) * 2 >= len(cells)


def stacked_table(name: str, row: int, cells: list[str]) -> str:
    """The error for a second table's header under the first (audit J-14, Z-5)."""
    shown = ", ".join(quoted(c.strip()) for c in [c for c in cells if c.strip()][:6])
    return (
        f"{name}, row {row:,}: a header row ({shown}) under the table: a second table stacked on the "
        "same sheet? Score each table as a file of its own (copy it to a sheet of its own and export that)"
    )


def label_columns(columns: ColumnMap) -> list[int]:
    """Positions of the headers a profile names as row labels (`Ad set name`, `Campaign status`)."""
    return [h.index for h in columns.headers if h.role == "label"]
