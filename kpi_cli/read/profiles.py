"""Export profiles: what each platform's headers mean, as data (one YAML file per export kind).

A profile lists, per UI language, the headers an export writes and the role each one
plays: a canonical column (`impressions`, `spend`, ...), a row label (`Ad set name`,
used to spot totals rows), the currency column, a ratio the file computed itself
(`ratio ctr`: compared with kpi's figure, never used for it), or a header kpi knows
and leaves alone (`ignore results`, with the reason). Several headers for one role
are listed best first: Meta's `Purchases` before `Results`, TikTok's
`Clicks (destination)` before `Clicks (all)`.

Shipped profiles live in `kpi_cli/profiles/`; users add their own YAML files in
`~/.config/kpi/profiles/` (or `$KPI_PROFILES`, a list of files and folders), or
name one with `--profile`. `generic.yaml` holds the spellings of no platform in
particular; it is always consulted last and is never "matched".
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from kpi_cli.columns import SCORE_COLUMNS
from kpi_cli.errors import UsageError
from kpi_cli.lazy import lazy_compile
from kpi_cli.read.vocab import normalise, split_currency

RATIO_KPIS: tuple[str, ...] = (
    "ctr", "cpm", "cpc", "cpa", "cpe", "frequency", "roas", "engagement_rate", "conversion_rate",
    "video_completion_rate",
)  # fmt: skip
# Roles a header can play besides a canonical column.
# `status` (a transaction's: impact.com's Action Status, Awin's Commission Status) and `voided`
# (ShareASale's flag) leave the rows of reversed or declined sales out; `order` counts a row as
# one conversion when its cell (an order's or a transaction's ID) is filled (read/frames.py).
SPECIAL_ROLES: tuple[str, ...] = ("label", "currency", "result type", "date end", "status", "voided", "order")
# ... of those, the roles read only in a file recognised as the export of the profile listing
# them (a `Status` column of another export is a campaign's, not a sale's).
OWN_ROLES: frozenset[str] = frozenset({"status", "voided", "order"})
GENERIC = "generic"
ENGLISH = "English"
_MIN_SCORE = 1.0  # distinctive headers (weighted) a file needs to be called one platform's export
_SURE_SCORE = 2.0  # ... above which it needs no lead over the runner-up
_LEAD = 1.25  # ... below which it must beat the next platform by this factor
_MIN_HEADERS = 2
_EXACT = 1.5  # a header written exactly as the profile spells it (case, punctuation) counts more
_CACHE_FORMAT = 10  # bump when the cached registry changes shape


class Role(NamedTuple):
    """What one spelling means in a profile: `role` is a canonical column, `label`, `currency`,
    `result type`, `ratio <kpi>`, `ratio` or `ignore`; `rank` is its place in the list of
    spellings for that role (0 is preferred); `reason` explains an ignored header.

    A NamedTuple, not a frozen dataclass: a run loads ~3,000 of them with the registry's
    cache, made by tuple.__new__ (`__reduce__`) rather than the generated Python __new__."""

    profile: str
    language: str
    role: str
    rank: int
    reason: str | None = None
    spelling: str = ""  # as the profile writes it (case and all): an exact match says more
    # The column an ignored header would feed (`feeds:` of the profile): a KPI short of that
    # column names the header and its reason instead of "no ... column" (audit HV-2, HV-4).
    feeds: str | None = None
    # Read as `feeds` after all when no header of the file feeds it or its parts (`read_alone:`),
    # with this note on the KPIs it feeds: Sprout's Engagements, which count clicks too, when the
    # export has no Reactions, Comments, Shares or Saves (its Profile Performance; audit HV-1).
    alone: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple.__new__, (Role, tuple(self)))


class Beside(NamedTuple):
    """Headers a profile reads as `role` only beside a header read as `needs`, in a file
    recognised as its export (`read_beside:`): they never count towards recognising it, nor
    are they read in another file. An affiliate network's bare `Amount` is the sale's beside
    its commission (GoAffPro's sales, Tapfiliate's conversions), and may be the commission
    itself in a list of payouts (audit O-7)."""

    headers: frozenset[str]  # normalised spellings
    role: str
    needs: str
    note: str  # why it is read so, said on stderr
    otherwise: str  # why it is not read when nothing is read as `needs`


class Profile(NamedTuple):
    """One export's profile: the spellings of its headers in each language and how it writes figures."""

    id: str
    name: str
    export: str  # how kpi names the file: "Meta Ads Manager export"
    languages: tuple[str, ...]
    roles: dict[str, tuple[Role, ...]]  # normalised spelling -> its roles (one per language)
    totals: tuple[re.Pattern[str], ...]  # labels of totals rows beyond the generic ones
    dayfirst: bool | None  # how the platform writes an ambiguous 03/04/2025, when known
    decimal: str | None  # the decimal mark its numbers use, when fixed
    path: Path
    shipped: bool
    locales: Mapping[str, dict[str, Any]] = MappingProxyType({})  # per language: dayfirst, decimal
    blank_is_zero: bool = False  # the export leaves a figure blank when it is 0 (Meta's actions)
    platform: str | None = None  # the platform every row of the export is from (TikTok Ads: TikTok)
    loose: bool = False  # sheets people keep: any columns may sit beside the ones listed (see _foreign)
    # Why the export's rows are not posts when it has no post ID (campaigns, ads, days): its
    # rows then add no posts (read/frames.py not_posts). None: a row is a post.
    not_posts: str | None = None
    # The platforms an export of no one platform may be from, told by its links (Meta Business
    # Suite: Instagram or Facebook, by the permalinks; read/sniff.py _decide_platform).
    platforms: tuple[str, ...] = ()
    # Headers (normalised) of which a file must have one for the profile to claim it: an
    # export whose other headers are words any sheet writes (`Type`, `Status`, `Cost`). An
    # influencer platform's payments (`Readied`, `Recipient`, `Billing Name`...; audit L-3).
    claims_by: frozenset[str] = frozenset()
    beside: tuple[Beside, ...] = ()
    # The export has no figure and no post ID but those listed: a file with another one kpi
    # reads is not it (a follower history's `Lost followers` beside a post's `Impressions`).
    only_listed: bool = False

    def habit(self, language: str, what: str) -> Any:
        """How the export writes dates (`dayfirst`) or numbers (`decimal`) in a language, if known."""
        value = self.locales.get(language, {}).get(what)
        return value if value is not None else getattr(self, what)


class Match(NamedTuple):
    """The profile a file was recognised as, and in which of its languages."""

    profile: Profile
    language: str
    score: float
    headers: int  # headers of the file the profile knows

    def describe(self) -> str:
        """`Meta Ads Manager export (French)`; an English one without the language."""
        shown = f" ({self.language})" if self.language != "English" else ""
        return f"{self.profile.export}{shown}"


class ProfileError(UsageError):
    """A profile file kpi cannot use."""


def shipped_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "profiles"


def user_paths() -> list[Path]:
    """Profile files of the user's: `$KPI_PROFILES` (files and folders), else the config folder."""
    listed = os.environ.get("KPI_PROFILES")
    if listed is not None:
        entries = [Path(p).expanduser() for p in listed.split(os.pathsep) if p.strip()]
    else:
        config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        entries = [config / "kpi" / "profiles"]
    found: list[Path] = []
    for entry in entries:
        try:
            if entry.is_dir():
                found.extend(sorted(p for p in entry.iterdir() if p.suffix in (".yaml", ".yml")))
            elif entry.is_file():
                found.append(entry)
        except OSError as exc:  # `sudo -u` keeping HOME=/root: the folder cannot be read
            raise ProfileError(
                f"cannot read the profiles in {entry} ({exc.strerror or exc}): fix its permissions, "
                "or set KPI_PROFILES='' to use the shipped profiles only"
            ) from None
    return found


def load_profile(path: Path, shipped: bool = False) -> Profile:
    """One profile file, validated: a mistake names the file and the entry."""
    import yaml

    from kpi_cli import yamlfile

    try:
        doc = yamlfile.load(path.read_text(encoding="utf-8"))  # duplicate keys, alias bombs refused
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"profile {path}: {yamlfile.unreadable(exc, 'profile')}") from None
    except yaml.YAMLError as exc:
        line = yamlfile.line_of(exc)
        where = f" line {line}" if line else ""
        if yamlfile.refused(exc):  # a duplicate key, a bomb: the problem says the fix
            raise ProfileError(f"profile {path}:{where}: {yamlfile.problem_of(exc)}") from None
        raise ProfileError(f"profile {path}:{where} is not valid YAML; fix the file") from None
    except RecursionError:
        raise ProfileError(f"profile {path}: nested too deeply to be a profile; fix the file") from None
    if not isinstance(doc, dict):
        raise ProfileError(f"profile {path}: expected a mapping with id, name and languages")
    return _profile(doc, path, shipped)


def _profile(doc: dict[str, Any], path: Path, shipped: bool) -> Profile:
    def bad(what: str) -> ProfileError:
        return ProfileError(f"profile {path}: {what}")

    pid = doc.get("id")
    if not isinstance(pid, str) or not re.fullmatch(r"[a-z0-9_]+", pid):
        raise bad("'id' must be a short lowercase name such as my_agency")
    name = doc.get("name", pid)
    reasons = doc.get("reasons") or {}
    if not isinstance(reasons, dict):
        raise bad("'reasons' must map a name to the text that explains an ignored header")
    languages = doc.get("languages")
    if not isinstance(languages, dict) or not languages:
        raise bad("'languages' must map a language (e.g. English) to its headers")
    feeds = doc.get("feeds") or {}
    if not isinstance(feeds, dict) or not all(
        k in reasons and v in SCORE_COLUMNS.canonical for k, v in feeds.items()
    ):
        raise bad("'feeds' must map a name under reasons to the column its headers would feed, e.g. thirty: "
                  "completed_views")  # fmt: skip
    alone = doc.get("read_alone") or {}
    if not isinstance(alone, dict) or not all(k in feeds and isinstance(v, str) for k, v in alone.items()):
        raise bad(
            "'read_alone' must map names under feeds to the note the KPIs get when their headers are "
            "read because nothing else feeds the column"
        )
    roles: dict[str, list[Role]] = {}
    for language, table in languages.items():
        if not isinstance(table, dict):
            raise bad(f"language {language!r} must map roles to lists of headers")
        seen: dict[str, str] = {}
        for role_text, spellings in table.items():
            role, reason = _role(str(role_text), reasons, bad)
            kind = str(role_text).strip().lower().split()[1:]  # `ignore thirty`: thirty
            fed = feeds.get(" ".join(kind)) if role == "ignore" and kind else None
            if isinstance(spellings, str):
                spellings = [spellings]
            if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
                raise bad(f"{language}: {role_text!r} must list header spellings")
            for rank, spelling in enumerate(spellings):
                key = normalise(split_currency(spelling)[0])
                if not key:
                    raise bad(f"{language}: {spelling!r} has no letters or digits")
                if key in seen and seen[key] != role_text:
                    raise bad(
                        f"{language}: {spelling!r} is listed under both {seen[key]!r} and {role_text!r}"
                    )
                seen[key] = str(role_text)
                entry = Role(
                    pid, str(language), role, rank, reason, split_currency(spelling)[0].strip(),
                    fed, alone.get(" ".join(kind)) if fed is not None else None,
                )  # fmt: skip
                roles.setdefault(key, []).append(entry)
    totals = []
    for pattern in doc.get("totals") or []:
        try:
            totals.append(re.compile(str(pattern), re.IGNORECASE))
        except re.error as exc:
            raise bad(f"totals pattern {pattern!r} is not a regular expression ({exc})") from None
    dayfirst = doc.get("dayfirst")
    decimal = doc.get("decimal")
    if doc.get("loose") not in (None, True, False):
        raise bad("'loose' must be true or false")
    if doc.get("only_listed") not in (None, True, False):
        raise bad("'only_listed' must be true or false")
    if doc.get("not_posts") is not None and not isinstance(doc.get("not_posts"), str):
        raise bad("'not_posts' must say what the export's rows are, e.g. 'its rows are campaigns, not posts'")
    platforms = doc.get("platforms") or []
    claims_by = doc.get("claims_by") or []
    if not isinstance(claims_by, list) or not all(isinstance(h, str) and normalise(h) for h in claims_by):
        raise bad("'claims_by' must list headers one of which a file needs to be this export, e.g. [Readied]")
    if not isinstance(platforms, list) or not all(isinstance(p, str) for p in platforms):
        raise bad("'platforms' must list the platforms its links tell apart, e.g. [Instagram, Facebook]")
    if doc.get("blanks") not in (None, "zero", "unknown"):
        raise bad("'blanks' must be zero or unknown")
    locales = doc.get("locales") or {}
    if not isinstance(locales, dict) or not all(isinstance(v, dict) for v in locales.values()):
        raise bad("'locales' must map a language to its dayfirst and decimal")
    for habits in (doc, *locales.values()):
        if habits.get("dayfirst") not in (None, True, False):
            raise bad("'dayfirst' must be true, false or left out")
        if habits.get("decimal") not in (None, ".", ","):
            raise bad("'decimal' must be '.' or ','")
    beside = [_beside(entry, bad) for entry in doc.get("read_beside") or []]
    return Profile(
        id=pid,
        name=str(name),
        export=str(doc.get("export") or f"{name} export"),
        languages=tuple(str(lang) for lang in languages),
        roles={key: tuple(entries) for key, entries in roles.items()},
        totals=tuple(totals),
        dayfirst=dayfirst,
        decimal=decimal,
        path=path,
        shipped=shipped,
        locales={str(lang): dict(habits) for lang, habits in locales.items()},
        blank_is_zero=doc.get("blanks") == "zero",
        platform=str(doc["platform"]) if doc.get("platform") else None,
        loose=doc.get("loose") is True,
        not_posts=doc.get("not_posts"),
        platforms=tuple(platforms),
        claims_by=frozenset(normalise(split_currency(h)[0]) for h in claims_by),
        beside=tuple(beside),
        only_listed=doc.get("only_listed") is True,
    )


def _beside(entry: Any, bad: Any) -> Beside:
    """One `read_beside:` entry: headers, as, beside, note, otherwise."""
    keys = {"headers", "as", "beside", "note", "otherwise"}
    if not isinstance(entry, dict) or set(entry) != keys:
        raise bad(f"each 'read_beside' entry needs exactly {', '.join(sorted(keys))}")
    headers = entry["headers"]
    if not isinstance(headers, list) or not all(isinstance(h, str) and normalise(h) for h in headers):
        raise bad("'read_beside' headers must list header spellings, e.g. [Amount]")
    role, needs = entry["as"], entry["beside"]
    if role not in SCORE_COLUMNS.canonical or needs not in SCORE_COLUMNS.canonical:
        raise bad(f"'read_beside' as and beside must be columns ({', '.join(SCORE_COLUMNS.canonical)})")
    if not isinstance(entry["note"], str) or not isinstance(entry["otherwise"], str):
        raise bad("'read_beside' note and otherwise must say why the headers are read or not")
    spellings = frozenset(normalise(split_currency(h)[0]) for h in headers)
    return Beside(spellings, role, needs, entry["note"], entry["otherwise"])


def _role(text: str, reasons: dict[str, str], bad: Any) -> tuple[str, str | None]:
    words = text.strip().lower().split()
    if not words:
        raise bad("an empty role name")
    head, rest = words[0], " ".join(words[1:])
    if head == "ignore":
        reason = reasons.get(rest) if rest else None
        if rest and reason is None:
            raise bad(f"'ignore {rest}' has no text under reasons: {rest}")
        # `ignore results` stays marked: a Results column may still count conversions (see sniff)
        return ("ignore results" if rest == "results" else "ignore"), reason
    if head == "ratio":
        if rest and rest not in RATIO_KPIS:
            raise bad(f"'ratio {rest}': use one of {', '.join(RATIO_KPIS)} (or plain 'ratio')")
        return text.strip().lower(), None
    role = " ".join(words)
    if role in SCORE_COLUMNS.canonical or role in SPECIAL_ROLES:
        return role, None
    raise bad(
        f"unknown role {text!r}; use a column ({', '.join(SCORE_COLUMNS.canonical)}), "
        f"{', '.join(SPECIAL_ROLES)}, 'ratio <kpi>' or 'ignore'"
    )


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class Registry:
    """Every profile kpi knows (shipped, then the user's), with one index of their spellings."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    index: dict[str, list[Role]] = field(default_factory=dict)
    _english: frozenset[str] | None = field(default=None, repr=False)

    def add(self, profile: Profile) -> None:
        old = self.profiles.get(profile.id)
        if old is not None:  # a user's profile of the same id replaces the shipped one
            for entries in self.index.values():
                entries[:] = [r for r in entries if r.profile != profile.id]
        self.profiles[profile.id] = profile
        for key, roles in profile.roles.items():
            self.index.setdefault(key, []).extend(roles)
        self._english = None

    @property
    def english(self) -> frozenset[str]:
        """Headers some profile (generic included) lists in English: `URL`, `Impressions`,
        `Influencer`. Written the same in English, they are no evidence of another language."""
        if self._english is None:
            self._english = frozenset(
                key for key, roles in self.index.items() if any(r.language == ENGLISH for r in roles)
            )
        return self._english

    def languages(self, key: str, profile: Profile) -> set[str]:
        """The languages of `profile` a header counts for: those that list it, and English too
        when the header is an English word (a German tracker lists `URL`; so does an English
        file). So a language that reads `1,200` as 1.2 or 03/04 as 3 April is only chosen on
        a header that is that language's alone, never on a word English writes the same."""
        found = {r.language for r in profile.roles.get(key, ())}
        if found and key in self.english and ENGLISH in profile.languages:
            found.add(ENGLISH)
        return found

    @property
    def generic(self) -> Profile:
        return self.profiles[GENERIC]

    def knows(self, header: str) -> bool:
        """Whether any profile knows this header (used to find the header row under a preamble)."""
        return bool(self.index.get(normalise(split_currency(header)[0])))

    def roles(self, header: str) -> list[Role]:
        return self.index.get(normalise(split_currency(header)[0]), [])

    def get(self, name: str) -> Profile:
        """A profile by id, or from a file path (`--profile my_agency.yaml`)."""
        if name in self.profiles:
            return self.profiles[name]
        path = Path(name).expanduser()
        if path.suffix in (".yaml", ".yml") or path.exists():
            if not path.is_file():
                raise ProfileError(f"--profile {name}: no such file; check the path")
            profile = load_profile(path)
            self.add(profile)
            return profile
        known = ", ".join(sorted(p for p in self.profiles if p != GENERIC))
        raise ProfileError(f"--profile {name}: no such profile; use one of {known}, or a YAML file")

    def match(self, headers: Iterable[str]) -> Match | None:
        """The platform profile (and language) a header row belongs to, if any stands out.

        Each known header counts 1 / (number of profiles that also know it), so the
        headers every platform writes (`Impressions`, `Clicks`) say little and
        `Amount spent`, `Clicks (destination)` or `Impr.` say a lot; half as much again
        when written exactly as the profile spells it (Meta's `Amount spent`, Snapchat's
        `Amount Spent`). A weak score must lead the next platform clearly."""
        bare = {normalise(split_currency(h)[0]): split_currency(h)[0].strip() for h in headers if h.strip()}
        # A profile claimed only by headers of its own (claims_by) that the file lacks shares no
        # header's weight: a tracker's `Influencer, Impressions, Likes, Spend` stays a tracker,
        # not a tie with the payments exports that also write `Influencer` (regression of L-3).
        unclaimed = {pid for pid, p in self.profiles.items() if p.claims_by and not p.claims_by & bare.keys()}
        scores: dict[tuple[str, str], float] = {}
        counts: dict[tuple[str, str], int] = {}
        for key, written in bare.items():
            entries = [
                r for r in self.index.get(key, ()) if r.profile != GENERIC and r.profile not in unclaimed
            ]
            owners = {r.profile for r in entries}
            if not owners:
                continue
            weight = 1.0 / len(owners)
            for owner in owners:
                # Written exactly as the profile spells it in any of its languages: an English
                # file's `URL` is as exact for English as for the German list that has it.
                exact = any(r.spelling == written for r in entries if r.profile == owner)
                for language in self.languages(key, self.profiles[owner]):
                    pair = (owner, language)
                    scores[pair] = scores.get(pair, 0.0) + weight * (_EXACT if exact else 1.0)
                    counts[pair] = counts.get(pair, 0) + 1
        for pair in [p for p in scores if self._foreign(p[0], bare)]:
            del scores[pair]
        if not scores:
            return None
        # Best score; on a tie the profile knowing more headers, then the first language listed.
        # (Each language has its own place: with one per profile, a tie between a profile's
        # English and French fell to the order of a set, so to the hash seed: one English
        # file was read day first in some runs and month first in others.)
        order = {
            (p.id, lang): (i, j)
            for i, p in enumerate(self.profiles.values())
            for j, lang in enumerate(p.languages)
        }
        ranked = sorted(
            scores,
            key=lambda pair: (round(scores[pair], 6), counts[pair], [-k for k in order.get(pair, (0, 0))]),
        )
        best = ranked[-1]
        if scores[best] < _MIN_SCORE or counts[best] < _MIN_HEADERS:
            return None
        runner_up = max((scores[p] for p in ranked if p[0] != best[0]), default=0.0)
        if scores[best] < _SURE_SCORE and scores[best] < _LEAD * runner_up:
            return None
        return Match(self.profiles[best[0]], best[1], scores[best], counts[best])

    def _foreign(self, pid: str, bare: dict[str, str]) -> bool:
        """Whether a profile's claim rests on words any export writes while the file has
        figures the profile's exports never have: then the file is not that platform's.

        CJ Affiliate's Performance by Publisher (Impressions, Clicks, Sales, Sale Amount,
        Publisher Commission, Leads, Conversion Rate, EPC) shares only generic words with
        LinkedIn (Impressions, Clicks, Leads, Conversion Rate), yet its `Sales` and `Sale
        Amount` are figures LinkedIn never writes; read as LinkedIn, its link clicks were
        dropped as "all clicks" and its Leads (0) became the conversions. A `loose` profile
        (trackers kept by hand) lists generic words by nature and never claims this way."""
        if self.profiles[pid].loose:
            return False
        own = {key for key in bare if any(r.profile == pid for r in self.index.get(key, ()))}
        if self._creators(pid, bare.keys() - own):
            return True
        figures = set(SCORE_COLUMNS.numeric)
        if self.profiles[pid].only_listed:
            # A figure or post ID it does not list, however its own words score: posts with
            # their account's `Lost followers` beside `Impressions, Likes` are no follower series.
            kept = figures | {"post_id"}
            return any(
                r.profile == GENERIC and r.role in kept
                for key in bare.keys() - own
                for r in self.index.get(key, ())
            )
        generic = {key for key in bare if any(r.profile == GENERIC for r in self.index.get(key, ()))}
        if not own <= generic:
            return False  # a header only platforms write (`Landing Page Clicks`): it is the platform's
        # ... or names creators, which its exports never do: `Creator, Post ID, Impressions,
        # Budget` is a tracker, not a Google Ads report claimed by `Budget` (verify I).
        named = figures | ({"influencer"} - {r.role for rs in self.profiles[pid].roles.values() for r in rs})
        for key in bare.keys() - own:
            if any(r.profile == GENERIC and r.role in named for r in self.index.get(key, ())):
                return True
        return False

    def _creators(self, pid: str, unknown: Iterable[str]) -> bool:
        """Whether headers a profile does not list name creators (`Influencer`, `Creator`,
        `Handle`) while its exports' rows are campaigns or days and never name one: a Dutch
        tracker's `Datum, Influencer, Vertoningen, Klikken, Kosten` shares words with Google
        Ads in Dutch, yet its rows are the creators' posts (audit M-4)."""
        profile = self.profiles[pid]
        roles = (r.role for rs in profile.roles.values() for r in rs)
        if profile.not_posts is None or "influencer" in roles:
            return False
        named = (key for key in unknown if _CREATOR.search(key))
        return any(
            r.profile == GENERIC and r.role == "influencer" for key in named for r in self.index.get(key, ())
        )


# Normalised headers that can only name a creator (not `Account name`, which ads exports write).
_CREATOR = lazy_compile(r"influencer|creator|handle|talent")


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The shipped profiles, then the user's (a user's file may replace a shipped one by id).

    Parsing a dozen YAML files costs ~60 ms, a fifth of a small file's whole run, so the
    built registry (its profiles, index and English words) is cached as one pickle in the
    user's cache folder until a profile file, or this module, changes: loading it is a few
    M instructions where rebuilding it from a JSON cache took ~60 M (issue 21's start-up)."""
    shipped = sorted(shipped_dir().glob("*.yaml"), key=lambda p: (p.stem != GENERIC, p.name))
    files = [(path, True) for path in shipped] + [(path, False) for path in user_paths()]
    cache = _cache_path(files)
    reg = _read_cache(cache) if cache is not None else None
    if reg is None:
        reg = Registry()
        for profile in [load_profile(path, shipped=is_shipped) for path, is_shipped in files]:
            reg.add(profile)
        if GENERIC not in reg.profiles:
            raise ProfileError(f"the generic profile is missing from {shipped_dir()}; reinstall kpi")
        if cache is not None:
            _write_cache(cache, reg)
    return reg


def _cache_path(files: list[tuple[Path, bool]]) -> Path | None:
    from kpi_cli import __version__, cache

    try:  # the profiles, and this module, which reads them: a change to either makes a new cache
        key = cache.stamp(*(path for path, _ in files), Path(__file__))
    except OSError:
        return None
    return cache.path("profiles", f"{__version__} {_CACHE_FORMAT} {key}", suffix=".pickle")


def _read_cache(path: Path) -> Registry | None:
    from kpi_cli import cache

    reg = cache.read_object(path)
    # no cache yet, or one kpi cannot use: the YAML files are read instead
    return reg if isinstance(reg, Registry) and GENERIC in reg.profiles else None


def _write_cache(path: Path, reg: Registry) -> None:
    from kpi_cli import cache

    reg.english  # noqa: B018 (worked out once, kept with the rest)
    cache.write_object(path, reg)
