"""Benchmark bands: loading, validating, and turning a KPI value into a verdict.

Bands live in YAML (`benchmarks.yaml` ships with the package) so an agency can
bring its own; a bad file is refused with the file, the KPI and the problem, since
a silently misread band would mislabel a whole campaign.

Every set of bands says what it stands on (a `Provenance`): articles from the file's
`sources:` list (title, author or publisher, year, URL), sources written out in words
(`agency targets 2025`, or what `kpi benchmarks learn` writes), or an assumption with
its reasoning. A verdict is only as good as its band, so the reader can look it up.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from kpi_cli import fmt
from kpi_cli.definitions import snap
from kpi_cli.errors import BenchmarkError
from kpi_cli.lazy import lazy_compile
from kpi_cli.text import text_key

VERDICTS: tuple[str, ...] = ("poor", "fair", "good", "excellent")
# The column whose value picks each override section (`--by` for `kpi benchmarks learn`).
SECTIONS: dict[str, str] = {
    "tier": "tiers",
    "platform": "platforms",
    "format": "formats",
    "campaign_type": "campaign_types",
}
# Override sections of a KPI, and how a band's scope is written (`micro tier`, `tiktok`,
# `reel format`, `product launch campaigns`).
SCOPES: tuple[tuple[str, str], ...] = (
    ("tiers", " tier"),
    ("platforms", ""),
    ("formats", " format"),
    ("campaign_types", " campaigns"),
)
DIRECTIONS: tuple[str, ...] = ("higher", "lower")
UNITS: tuple[str, ...] = ("percent", "ratio", "money", "count")

# KPIs that come from other commands than `kpi score` but share the bands file.
EXTRA_KPIS: tuple[str, ...] = (
    "mer_lift",
    "brand_mention_lift",
    "audience_growth_rate",
    "client_retention_rate",
)


# How exports write a content format, folded to the names bands use (`formats:`): Meta
# Business Suite's Post type says `IG reel`, `IG carousel`, `IG image`; trackers `Reels`,
# `YouTube Shorts`, `Static post`. A name not listed is matched as written, in any case.
FORMAT_NAMES: dict[str, tuple[str, ...]] = {
    "reel": (
        "reels",
        "ig reel",
        "ig reels",
        "instagram reel",
        "instagram reels",
        "fb reel",
        "fb reels",
        "facebook reel",
        "facebook reels",
    ),
    "story": ("stories", "ig story", "ig stories", "instagram story", "instagram stories", "fb story"),
    "short": ("shorts", "youtube short", "youtube shorts", "yt short", "yt shorts"),
    "long video": ("long form", "long form video", "longform", "youtube video", "long videos"),
    "static": (
        "statics",
        "static post",
        "static posts",
        "image",
        "images",
        "ig image",
        "photo",
        "photos",
        "single image",
        "image post",
        "picture",
    ),
    "carousel": ("carousels", "ig carousel", "carousel album", "album", "sidecar", "carousel post"),
    # Plurals trackers write in a format column beside the singular (verify C V-3).
    "video": ("videos",),
    "post": ("posts", "feed post", "feed posts"),
    "live": ("lives", "live stream", "live streams", "livestream", "livestreams"),
}
_FORMAT_KEYS = {alias: name for name, aliases in FORMAT_NAMES.items() for alias in (name, *aliases)}


# How trackers abbreviate platforms (`IG`, `Tik Tok`, `YT`): one platform, for bands and groups.
PLATFORM_NAMES: dict[str, tuple[str, ...]] = {
    "instagram": ("ig", "insta", "igtv"),
    "tiktok": ("tik tok", "tik-tok", "tt"),
    "youtube": ("yt", "you tube"),
    "facebook": ("fb",),
    "x": ("twitter", "x (twitter)", "twitter/x", "x/twitter", "x twitter"),
    "snapchat": ("snap",),
}
_PLATFORM_KEYS = {alias: name for name, aliases in PLATFORM_NAMES.items() for alias in (name, *aliases)}
# A format written after a platform's name (`Instagram Reels`, `IG Stories`, `YT Shorts`,
# `Facebook Live`, `TikTok video`): trackers name a placement so. The platform is the
# platform's; the format is the format column's (`--by format`, `formats:` bands).
_PLACEMENT = lazy_compile(
    r"^(.+?)\s+(?:reels?|stor(?:y|ies)|shorts?|lives?|posts?|feed|videos?|carousels?|tv)$"
)
# A platform written as its site (`instagram.com`, `www.tiktok.com`).
_SITE = lazy_compile(r"^(?:https?://)?(?:www\.|m\.)?([a-z0-9-]+)\.(?:com|net)/?$")


def platform_key(value: str) -> str:
    """A platform as bands name it, whatever its case, spacing or abbreviation (`IG`, `Insta`
    are instagram), its site (`instagram.com`) or a format after it (`IG Reels`, `YT Shorts`
    are instagram and youtube): for groups and for a benchmarks file's `platforms:` bands.
    Compared as text.text_key compares any text."""
    folded = text_key(str(value))
    found = _PLATFORM_KEYS.get(folded)
    if found is not None:
        return found
    for shape in (_SITE, _PLACEMENT):
        part = shape.match(folded)
        if part is not None:
            return _PLATFORM_KEYS.get(part.group(1), part.group(1) if shape is _SITE else folded)
    return folded


def format_key(value: str) -> str:
    """A format as bands name it: `Reels`, `IG reel` and `reel` are one format (and, as any
    text, whatever its case and spacing: text.text_key)."""
    folded = " ".join(re.sub(r"[-_/]+", " ", text_key(str(value))).split())
    return _FORMAT_KEYS.get(folded, folded)


class Band(NamedTuple):
    """One verdict's range of values (None: open at that end)."""

    verdict: str
    lo: float | None
    hi: float | None


def low_edge(band: Band | Verdict) -> float:
    """A band's lower edge, -inf when it is open below: the key that sorts bands from low values
    to high."""
    return -math.inf if band.lo is None else band.lo


class Article(NamedTuple):
    """A published source of bands, named as a reader would look it up."""

    id: str  # its key in the file's `sources:` list
    title: str
    author: str = ""
    publisher: str = ""
    year: int | None = None
    url: str = ""

    def citation(self) -> str:
        """`Title (Author, Publisher, 2025)`: the article in one line, without its URL."""
        details = [part for part in (self.author, self.publisher, str(self.year or "")) if part]
        return f"{self.title} ({', '.join(details)})" if details else self.title

    def record(self) -> dict[str, Any]:
        return {"kind": "article", "id": self.id, "title": self.title, "author": self.author or None,
                "publisher": self.publisher or None, "year": self.year, "url": self.url or None}  # fmt: skip


KPI_ASSUMES = "kpi"  # `assumed_by: kpi`: a figure of kpi's own, not from an article


class Provenance(NamedTuple):
    """What one set of bands stands on: articles, sources written out, or an assumption."""

    articles: tuple[Article, ...] = ()
    written: tuple[str, ...] = ()  # sources in words: `agency targets 2025`, `your campaigns, … n=12`
    assumption: str | None = None  # the reasoning of figures that are someone's own ("" = not given)
    assumed_by: str = ""  # whose assumption: "kpi" for the shipped file's own
    basis: str = ""  # how the figures follow from the sources (what the article says)

    def assumption_line(self) -> str:
        """`kpi's own assumption: the articles give no nano figure; …`."""
        if self.assumed_by == KPI_ASSUMES:
            who = "kpi's own assumption"
        elif self.assumed_by:
            who = f"assumption ({self.assumed_by})"
        else:
            who = "assumption"
        return f"{who}: {self.assumption}" if self.assumption else who

    def line(self) -> str:
        """The source in one line (a JSON band's `source`, NDJSON's and csv's `source`): the
        articles' titles, the written sources, or the assumption with its reasoning."""
        if self.assumption is not None:
            return self.assumption_line()
        return "; ".join([a.citation() for a in self.articles] + list(self.written))


class Bands(NamedTuple):
    """One set of bands, ordered worst to best."""

    bands: tuple[Band, ...]
    origin: Provenance
    scope: str = ""  # "" for the default, "micro tier", "tiktok" for overrides

    @property
    def source(self) -> str:
        return self.origin.line()


_NO_OVERRIDES: Mapping[str, Bands] = MappingProxyType({})  # a NamedTuple's default is shared: read-only


class Benchmark(NamedTuple):
    """One KPI's bands: the default set and its overrides by tier, platform, format and campaign type."""

    kpi: str
    direction: str
    unit: str
    default: Bands
    tiers: Mapping[str, Bands] = _NO_OVERRIDES
    platforms: Mapping[str, Bands] = _NO_OVERRIDES
    currency: str = "USD"  # what money bands are in (a file's top-level `currency:`)
    formats: Mapping[str, Bands] = _NO_OVERRIDES
    campaign_types: Mapping[str, Bands] = _NO_OVERRIDES

    def pick(
        self,
        tiers: tuple[str, ...] = (),
        platforms: tuple[str, ...] = (),
        formats: tuple[str, ...] = (),
        campaign_types: tuple[str, ...] = (),
    ) -> Bands:
        """Bands for a group: the most specific override for a value it has just one of.

        Most specific first: a format's bands (a reel), then a tier's, a platform's, a
        campaign type's; a group mixing values of one kind goes on to the next kind."""
        folded_formats = tuple(dict.fromkeys(format_key(f) for f in formats))  # Reels and reel: one
        for values, overrides in (
            (folded_formats, self.formats),
            (tiers, self.tiers),
            (tuple(dict.fromkeys(platform_key(p) for p in platforms)), self.platforms),
            (campaign_types, self.campaign_types),
        ):
            if len(values) == 1 and values[0].lower() in overrides:
                return overrides[values[0].lower()]
        return self.default

    def scoped(self) -> bool:
        """Whether any override exists (a group's values are then looked up)."""
        return bool(self.tiers or self.platforms or self.formats or self.campaign_types)


class Verdict(NamedTuple):
    """What a value scored: its band's verdict and edges, the label and source shown for it."""

    verdict: str
    lo: float | None
    hi: float | None
    label: str  # e.g. "1–3%"
    source: str  # the source in one line
    scope: str


class Judging(NamedTuple):
    """One KPI's bands made ready to judge many values: edges as numbers, verdicts built once."""

    higher: bool
    bands: tuple[tuple[float, float, Verdict], ...]

    @property
    def edges(self) -> tuple[float, ...]:
        """The finite band edges: a figure within floating-point error of one is on it."""
        return tuple(e for lo, hi, _ in self.bands for e in (lo, hi) if math.isfinite(e))

    def verdict(self, value: float) -> Verdict | None:
        """The band a value falls in; an edge belongs to the better band, or to the one
        band it bounds (macro cost per post: good from $1,000 up, $1,000 included). A
        value within floating-point error of an edge is on it (CPM $45.00000000000001)."""
        value = snap(value, self.edges)
        for lo, hi, verdict in self.bands:
            if (lo <= value < hi) if self.higher else (lo < value <= hi):
                return verdict
        for lo, hi, verdict in self.bands:  # an edge with no band beyond it
            if value == (hi if self.higher else lo) and not any(
                (b_lo if self.higher else b_hi) == value for b_lo, b_hi, _ in self.bands
            ):
                return verdict
        return None


def judging(bench: Benchmark, bands: Bands) -> Judging:
    """`bands` of `bench` as a Judging (labels formatted once, not per value)."""
    return Judging(
        bench.direction == "higher",
        tuple(
            (
                low_edge(band),
                math.inf if band.hi is None else band.hi,
                Verdict(
                    band.verdict,
                    band.lo,
                    band.hi,
                    fmt.band(band.lo, band.hi, bench.unit, bench.direction, closed=owns_edge(band, bands)),
                    bands.source,
                    bands.scope,
                ),
            )
            for band in bands.bands
        ),
    )


def owns_edge(band: Band, bands: Bands) -> bool:
    """Whether the band's one finite edge has no band beyond it (so the edge is its own)."""
    if band.lo is not None and band.hi is None:
        return not any(b.hi == band.lo for b in bands.bands)
    if band.hi is not None and band.lo is None:
        return not any(b.lo == band.hi for b in bands.bands)
    return False


def judge(bench: Benchmark, value: float, bands: Bands) -> Verdict | None:
    """The band a value falls in; an edge belongs to the better band."""
    return judging(bench, bands).verdict(value)


@dataclass
class Cited:
    """One source as `kpi benchmarks` numbers it (an article, a source written out, or an
    assumption with its reasoning), with the bands it stands behind: (KPI, bands)."""

    number: int
    kind: str  # article | text | assumption
    article: Article | None = None
    text: str = ""  # the source written out, or the assumption's reasoning
    assumed_by: str = ""
    bands: list[tuple[str, Bands]] = field(default_factory=list)

    def line(self) -> str:
        """The footnote: `KPI Goals For … (Colby Flood)`, a URL after it when there is one."""
        if self.article is not None:
            url = f", {self.article.url}" if self.article.url else ""
            return self.article.citation() + url
        if self.kind == "assumption":
            return Provenance(assumption=self.text, assumed_by=self.assumed_by).assumption_line()
        return self.text

    def record(self) -> dict[str, Any]:
        """The source and its bands, for `kpi benchmarks --sources -f json`."""
        if self.article is not None:
            head = self.article.record()
        elif self.kind == "assumption":
            head = {"kind": "assumption", "by": self.assumed_by or None, "reasoning": self.text or None}
        else:
            head = {"kind": "text", "text": self.text}
        bands = [
            {"kpi": kpi, "name": kpi_name(kpi), "scope": b.scope or None, "basis": b.origin.basis or None}
            for kpi, b in self.bands
        ]
        return {"ref": self.number, **head, "bands": bands}


def _keys(origin: Provenance) -> list[tuple[Any, ...]]:
    if origin.assumption is not None:
        return [("assumption", origin.assumption, origin.assumed_by)]
    return [("article", a) for a in origin.articles] + [("text", t) for t in origin.written]


class SourceList:
    """The sources of a set of benchmarks, each once, numbered in order of first use: the
    footnotes of `kpi benchmarks` and the entries of `kpi benchmarks --sources` agree."""

    def __init__(self, benches: dict[str, Benchmark]) -> None:
        self.entries: list[Cited] = []
        self._by_key: dict[tuple[Any, ...], Cited] = {}
        for kpi, bench in benches.items():
            for bands in _all_bands(bench):
                for key in _keys(bands.origin):
                    entry = self._by_key.get(key)
                    if entry is None:
                        entry = self._by_key[key] = _cited(len(self.entries) + 1, key)
                        self.entries.append(entry)
                    entry.bands.append((kpi, bands))

    def numbers(self, origin: Provenance) -> list[int]:
        """The numbers of a set of bands' sources (`[1, 2]`)."""
        return [self._by_key[key].number for key in _keys(origin)]


def _cited(number: int, key: tuple[Any, ...]) -> Cited:
    if key[0] == "article":
        return Cited(number, "article", article=key[1])
    if key[0] == "assumption":
        return Cited(number, "assumption", text=key[1], assumed_by=key[2])
    return Cited(number, "text", text=key[1])


def sources_document(benches: dict[str, Benchmark], benchmarks: str, mode: str = "extend") -> dict[str, Any]:
    """`kpi benchmarks --sources` as JSON: each source once, with the bands it supports.

    `benchmarks` and `mode` say which bands are in force, as `kpi score`'s JSON does
    (`shipped` or the file; `extend` or `replace`)."""
    return {
        "schema": "kpi.sources/1",
        "benchmarks": benchmarks,
        "benchmarks_mode": mode,
        "sources": [entry.record() for entry in SourceList(benches).entries],
    }


def kpi_name(kpi: str) -> str:
    """A KPI as the industry says it (`CTR`, `Cost per post`), for people; its id otherwise."""
    from kpi_cli.definitions import KPI_BY_ID  # not kpis: `kpi benchmarks` needs no pandas

    return KPI_BY_ID[kpi].name if kpi in KPI_BY_ID else kpi


def shipped_path() -> Path:
    """The benchmarks.yaml that ships with kpi (inside the wheel, or at the repo top).

    The package's folder as importlib.resources.files("kpi_cli") gives it for an installed
    kpi (its __file__'s), without importing importlib.resources (~3 ms of every run)."""
    packaged = Path(__file__).parent / "benchmarks.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "benchmarks.yaml"


def load(path: Path | None = None, *, extend: bool = True) -> dict[str, Benchmark]:
    """Shipped bands, with a user file's KPIs replacing the shipped ones KPI by KPI."""
    shipped = _load_shipped()
    if path is None:
        return shipped
    own = _load_file(path)
    return {**shipped, **own} if extend else own


def load_file(path: Path) -> dict[str, Benchmark]:
    """One benchmarks file on its own, validated (what `kpi benchmarks --check` runs)."""
    return _load_file(path)


def _plain(edge: float | None) -> int | float | None:
    if edge is None:
        return None
    return int(edge) if float(edge).is_integer() else edge


def _origin_doc(origin: Provenance, ids: dict[Article, str]) -> dict[str, Any]:
    """`source:` (an id, a list, words), or `assumption:` (and `assumed_by:`), and `basis:`."""
    doc: dict[str, Any] = {}
    if origin.assumption is not None:
        if origin.assumption:
            doc["assumption"] = origin.assumption
            if origin.assumed_by:
                doc["assumed_by"] = origin.assumed_by
        else:
            doc["source"] = "assumption"  # the old way of saying so, without a reason
    else:
        refs = [ids[a] for a in origin.articles] + list(origin.written)
        doc["source"] = refs[0] if len(refs) == 1 else refs
    if origin.basis:
        doc["basis"] = origin.basis
    return doc


def _bands_doc(bands: Bands, kpi_origin: Provenance | None, ids: dict[Article, str]) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if kpi_origin is not None and bands.origin._replace(basis="") == kpi_origin._replace(basis=""):
        if bands.origin.basis:  # the KPI's source, as an override without one of its own inherits it
            doc["basis"] = bands.origin.basis
    else:
        doc.update(_origin_doc(bands.origin, ids))
    in_value_order = sorted(bands.bands, key=low_edge)
    doc["bands"] = {b.verdict: [_plain(b.lo), _plain(b.hi)] for b in in_value_order}
    return doc


def _all_bands(bench: Benchmark) -> list[Bands]:
    """The default bands, then each override (formats, tiers, platforms, campaign types as filed)."""
    return [bench.default, *(b for section, _ in SCOPES for b in getattr(bench, section).values())]


def band_ranks(bench: Benchmark) -> dict[tuple[str, str], int]:
    """Each band of a KPI, by its scope and verdict, numbered as `kpi benchmarks` lists them:
    the default bands, then each override (tiers, platforms, formats, campaign types, as
    filed), each set from low values to high (the order of JSON's `kpis.<id>.bands`)."""
    ranks: dict[tuple[str, str], int] = {}
    for bands in _all_bands(bench):
        for band in sorted(bands.bands, key=low_edge):
            ranks.setdefault((bands.scope, band.verdict), len(ranks))
    return ranks


def _article_ids(benches: dict[str, Benchmark]) -> dict[Article, str]:
    """An id for each article cited, its own unless two files use one id for different
    articles, or a source written out in words reads like it (then `id_2`)."""
    taken = {t for bench in benches.values() for b in _all_bands(bench) for t in b.origin.written}
    ids: dict[Article, str] = {}
    for bench in benches.values():
        for bands in _all_bands(bench):
            for article in bands.origin.articles:
                if article in ids:
                    continue
                key, n = article.id, 1
                while key in taken:
                    n += 1
                    key = f"{article.id}_{n}"
                taken.add(key)
                ids[article] = key
    return ids


def to_document(benches: dict[str, Benchmark]) -> dict[str, Any]:
    """Benchmarks as the YAML/JSON document `parse` reads, so the output is a valid file.

    `kpi benchmarks --format yaml > mine.yaml` is thus a starting point for your own; the
    articles cited are listed once under `sources:` and named by id in each KPI.
    """
    ids = _article_ids(benches)
    kpis: dict[str, Any] = {}
    for kpi, bench in benches.items():
        entry: dict[str, Any] = {
            "direction": bench.direction,
            "unit": bench.unit,
            **_bands_doc(bench.default, None, ids),
        }
        for section, _ in SCOPES:
            overrides: dict[str, Bands] = getattr(bench, section)
            if overrides:
                entry[section] = {
                    name: _bands_doc(bands, bench.default.origin, ids) for name, bands in overrides.items()
                }
        kpis[kpi] = entry
    doc: dict[str, Any] = {"version": 1}
    currencies = {bench.currency for bench in benches.values()}
    if len(currencies) == 1 and currencies != {"USD"}:
        doc["currency"] = currencies.pop()
    if ids:
        doc["sources"] = {key: _article_doc(article) for article, key in ids.items()}
    doc["kpis"] = kpis
    return doc


def _article_doc(article: Article) -> dict[str, Any]:
    fields = {"title": article.title, "author": article.author, "publisher": article.publisher,
              "year": article.year, "url": article.url}  # fmt: skip
    return {key: value for key, value in fields.items() if value}


def _parse_yaml(text: str) -> Any:
    """The YAML's plain data, read the one safe way (`yamlfile.load`): libyaml when PyYAML
    has it (the shipped file: 13 -> 2 ms), and a duplicate key or an alias bomb refused."""
    from kpi_cli import yamlfile  # here, not at the top: a run with the shipped bands reads the cache

    return yamlfile.load(text)


def _load_file(path: Path) -> dict[str, Benchmark]:
    return _parsed(_read_yaml(path), str(path))


def _read_yaml(path: Path) -> Any:
    """A benchmarks file's YAML as plain data; a file kpi cannot read or parse is one line."""
    import yaml  # see _parse_yaml

    from kpi_cli import yamlfile

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchmarkError(f"{name}: {yamlfile.unreadable(exc, 'benchmarks')}") from None
    try:
        return _parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        # An unclosed [ is detected lines later; where its context began names the right KPI.
        start = getattr(exc, "context_mark", None) or mark
        kpi = _kpi_at(text, start.line) if start is not None else None
        if kpi:
            where += f" ({kpi})"
        problem = yamlfile.problem_of(exc)
        if not yamlfile.refused(exc):  # a duplicate key, a bomb: the problem says the fix
            problem += "; fix the YAML syntax"
        raise BenchmarkError(f"{name}:{where}: {problem}") from None
    except RecursionError:
        raise BenchmarkError(f"{name}: nested too deeply to be a benchmarks file; {_SHAPE}") from None


def _parsed(data: Any, name: str) -> dict[str, Benchmark]:
    try:
        return parse(data, name)
    except RecursionError:
        raise BenchmarkError(f"{name}: nested too deeply to be a benchmarks file; {_SHAPE}") from None


_CACHE_FORMAT = 1  # bump when the cached JSON changes shape


def _load_shipped() -> dict[str, Benchmark]:
    """The shipped bands, their YAML read once into a JSON cache beside the profiles' one.

    Every `kpi score` reads them, and PyYAML's import alone is ~30 ms of a small file's
    run; orjson is loaded anyway. The cache holds the YAML's data only (`parse` runs on it
    as on the YAML), and only when JSON gives that data back unchanged."""
    path = shipped_path()
    cache = _cache_path(path)
    data = _read_cache(cache) if cache is not None else None
    if data is None:
        data = _read_yaml(path)
        if cache is not None:
            _write_cache(cache, data)
    return _parsed(data, str(path))


def _cache_path(path: Path) -> Path | None:
    from kpi_cli import __version__, cache

    try:  # a changed file (size or time) makes a new cache
        return cache.path("benchmarks", f"{__version__} {_CACHE_FORMAT} {cache.stamp(path)}")
    except OSError:
        return None


def _read_cache(path: Path) -> Any:
    from kpi_cli import cache

    return cache.read(path)  # None: no cache yet, or a broken one; the YAML is read instead


def _write_cache(path: Path, data: Any) -> None:
    import orjson

    from kpi_cli import cache

    try:
        if orjson.loads(orjson.dumps(data)) != data:  # a date, a NaN: JSON would not give it back
            return
    except TypeError:  # data JSON cannot hold: the YAML is read every time
        return
    cache.write(path, data)


_SHAPE = "write it as the shipped one is (kpi benchmarks -f yaml prints it)"


def _kpi_at(text: str, line: int) -> str | None:
    """The KPI whose entry holds a line of broken YAML: the last key indented under `kpis:`.

    A YAML error carries only a line number; naming the KPI saves hunting for it.
    """
    lines = text.splitlines()
    kpi, indent, inside = None, None, False
    for current in lines[: line + 1]:
        stripped = current.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(current) - len(stripped)
        if depth == 0:
            inside = stripped.startswith("kpis:")
            continue
        if not inside:
            continue
        indent = depth if indent is None else indent
        if depth == indent and ":" in stripped:
            kpi = stripped.split(":", 1)[0].strip().strip("'\"")
    return kpi


# What a benchmarks file may say, and where: a key kpi does not know is refused, with the
# word it looks like, since a misspelled `teirs:` or `micr:` used to be dropped without a
# word and the group judged on the default bands (audit n, N5).
_TOP_KEYS: tuple[str, ...] = ("version", "currency", "sources", "kpis")
_ORIGIN_KEYS: tuple[str, ...] = ("source", "assumption", "assumed_by", "basis")
_KPI_KEYS: tuple[str, ...] = ("direction", "unit", *_ORIGIN_KEYS, "bands", *(s for s, _ in SCOPES))
_OVERRIDE_KEYS: tuple[str, ...] = (*_ORIGIN_KEYS, "bands")
# Creator tiers as kpi names them (kpis.TIERS; kept here so reading bands needs no pandas):
# a group of another tier word is judged on the default bands, so its override never applies.
TIER_NAMES: tuple[str, ...] = ("nano", "micro", "mid", "macro", "mega")
FILE_VERSION = 1


def _closest(word: object, valid: Any, cutoff: float = 0.6) -> str | None:
    import difflib

    found = difflib.get_close_matches(str(word).lower(), list(valid), n=1, cutoff=cutoff)
    return found[0] if found else None


def _did_you_mean(word: object, valid: Any) -> str:
    """`did you mean 'tiers'? ` for a word close to one of `valid`, else nothing."""
    close = _closest(word, valid)
    return f"did you mean {close!r}? " if close else ""


def _unknown(path: str, what: str, word: object, valid: tuple[str, ...]) -> BenchmarkError:
    """`file: kpis.cpm: unknown key 'teirs'; did you mean 'tiers'? use …`, one line."""
    hint = _did_you_mean(word, valid)
    return BenchmarkError(f"{path}: unknown {what} {str(word)!r}; {hint}use {', '.join(valid)}")


def _only(spec: dict[Any, Any], valid: tuple[str, ...], path: str) -> None:
    for key in spec:
        if key == "currency" and key not in valid:  # one currency a file: money bands are compared alike
            raise BenchmarkError(
                f"{path}: 'currency' is set once, at the top of the file (e.g. currency: EUR), "
                "for all its money bands; move it there"
            )
        if key not in valid:
            raise _unknown(path, "key", key, valid)


def _near_known(word: str, known: dict[str, str]) -> str | None:
    """A known name a free-form one is a misspelling of (`instagrm`), else None: a platform
    or format of your own (`twitch`) is fine, one letter off a known one is not."""
    if word in known:
        return None
    close = _closest(word, known, cutoff=0.8)
    return None if close is None else known[close]


def parse(data: Any, name: str = "benchmarks") -> dict[str, Benchmark]:
    """Validate a loaded YAML document and build the benchmarks it describes."""
    from kpi_cli.definitions import KPI_BY_ID

    known = set(KPI_BY_ID) | set(EXTRA_KPIS)
    if not isinstance(data, dict) or not isinstance(data.get("kpis"), dict):
        raise BenchmarkError(f"{name}: expected a mapping with a 'kpis:' section")
    _only(data, _TOP_KEYS, name)
    version = data.get("version", FILE_VERSION)
    if isinstance(version, bool) or version != FILE_VERSION:
        raise BenchmarkError(
            f"{name}: version: kpi reads version {FILE_VERSION} files, not {version!r}; write version: 1"
        )
    currency = data.get("currency", "USD")
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        raise BenchmarkError(
            f"{name}: currency must be a three-letter code such as USD or EUR, not {currency!r}"
        )
    articles = _articles(data.get("sources"), name)
    out: dict[str, Benchmark] = {}
    for kpi, spec in data["kpis"].items():
        where = f"{name}: {kpi}"
        if kpi not in known:
            hint = _did_you_mean(kpi, known)
            raise BenchmarkError(f"{where}: unknown KPI; {hint}use one of {', '.join(sorted(known))}")
        if not isinstance(spec, dict):
            raise BenchmarkError(f"{where}: expected direction, unit, source and bands")
        _only(spec, _KPI_KEYS, f"{name}: kpis.{kpi}")
        direction = spec.get("direction")
        if direction not in DIRECTIONS:
            raise BenchmarkError(f"{where}: direction must be 'higher' or 'lower', not {direction!r}")
        unit = spec.get("unit", _default_unit(kpi))
        if unit not in UNITS:
            raise BenchmarkError(f"{where}: unit must be one of {', '.join(UNITS)}, not {unit!r}")
        if kpi in KPI_BY_ID and unit != KPI_BY_ID[kpi].unit:
            # the unit says how the edges are read and shown: CTR's 1 with `unit: money` printed `≥ $1.00`
            raise BenchmarkError(
                f"{name}: kpis.{kpi}.unit: {kpi} is a {KPI_BY_ID[kpi].unit} KPI, not {unit!r}; "
                f"write unit: {KPI_BY_ID[kpi].unit} (or leave it out)"
            )
        origin = _origin(spec, where, None, articles)
        default = _bands(spec, direction, where, origin, "")
        overrides: dict[str, dict[str, Bands]] = {section: {} for section, _ in SCOPES}
        for section, scope_word in SCOPES:
            section_spec = spec.get(section) or {}
            if not isinstance(section_spec, dict):
                raise BenchmarkError(f"{where}: '{section}' must map names to bands")
            for scope, sub in section_spec.items():
                sub_where = f"{where} ({section} {scope})"
                path = f"{name}: kpis.{kpi}.{section}.{scope}"
                if not isinstance(sub, dict):
                    raise BenchmarkError(f"{sub_where}: expected 'bands:'")
                key = scope_key(section, scope, f"{name}: kpis.{kpi}.{section}")
                _only(sub, _OVERRIDE_KEYS, path)
                overrides[section][key] = _bands(
                    sub, direction, sub_where, _origin(sub, sub_where, origin, articles), key + scope_word
                )
        out[kpi] = Benchmark(
            kpi, direction, unit, default, overrides["tiers"], overrides["platforms"], currency,
            overrides["formats"], overrides["campaign_types"],
        )  # fmt: skip
    return out


def scope_key(section: str, scope: object, path: str) -> str:
    """An override's name as groups are looked up: a tier is one of TIER_NAMES; a platform
    or a format may be one of your own, but not a misspelling of one kpi knows."""
    if section == "tiers":
        key = str(scope).lower()
        if key not in TIER_NAMES:
            raise _unknown(path, "tier", scope, TIER_NAMES)
        return key
    if section in ("platforms", "formats"):
        key = platform_key(str(scope)) if section == "platforms" else format_key(str(scope))
        known = _PLATFORM_KEYS if section == "platforms" else _FORMAT_KEYS
        near = _near_known(key, known)
        if near is not None:
            raise BenchmarkError(
                f"{path}: {str(scope)!r} looks like a misspelling of {near!r}; write {near} "
                f"(a {section[:-1]} of your own is fine when it is no known one misspelt)"
            )
        return key
    return str(scope).lower()


def _default_unit(kpi: str) -> str:
    from kpi_cli.definitions import KPI_BY_ID

    return KPI_BY_ID[kpi].unit if kpi in KPI_BY_ID else "percent"


_ARTICLE_FIELDS = ("title", "author", "publisher", "year", "url")
_SOURCE_ID = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def _articles(raw: Any, name: str) -> dict[str, Article]:
    """The file's `sources:` list: id -> title, and author, publisher, year, URL where known."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BenchmarkError(f"{name}: 'sources' must map ids to articles (title:, author:, year:, url:)")
    out: dict[str, Article] = {}
    for key, spec in raw.items():
        where = f"{name}: sources: {key}"
        if not isinstance(key, str) or not _SOURCE_ID.fullmatch(key):
            raise BenchmarkError(f"{where}: an id is one word: letters, digits, _ . - (e.g. flood_kpi_goals)")
        if not isinstance(spec, dict):
            raise BenchmarkError(f"{where}: expected title:, then author:, publisher:, year:, url: if known")
        unknown = [str(k) for k in spec if k not in _ARTICLE_FIELDS]
        if unknown:
            raise BenchmarkError(f"{where}: unknown field {unknown[0]!r}; use {', '.join(_ARTICLE_FIELDS)}")
        title = spec.get("title")
        if not isinstance(title, str) or not title.strip():
            raise BenchmarkError(f"{where}: missing 'title:'; write the article's title as it is published")
        texts: dict[str, str] = {}
        for key_name in ("author", "publisher", "url"):
            value = spec.get(key_name)
            if value is not None and not isinstance(value, str):
                raise BenchmarkError(f"{where}: {key_name} must be text, not {value!r}")
            texts[key_name] = (value or "").strip()
        if texts["url"] and not re.fullmatch(r"https?://\S+", texts["url"]):
            raise BenchmarkError(f"{where}: url must start with http:// or https://, not {texts['url']!r}")
        year = spec.get("year")
        a_year = isinstance(year, int) and not isinstance(year, bool) and 1900 <= year < 3000
        if year is not None and not a_year:
            raise BenchmarkError(f"{where}: year must be a year such as 2025, not {year!r}")
        out[key] = Article(key, title.strip(), texts["author"], texts["publisher"], year, texts["url"])
    return out


def _text(spec: dict[str, Any], key: str, where: str) -> str | None:
    value = spec.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise BenchmarkError(f"{where}: '{key}:' must be text, not {value!r}")
    return None if value is None else value.strip()


def _origin(
    spec: dict[str, Any], where: str, fallback: Provenance | None, articles: dict[str, Article]
) -> Provenance:
    """What a set of bands stands on: `source:` (an id of `sources:`, words, or a list of
    them), or `assumption:` with its reasoning; an override without either has its KPI's."""
    source = spec.get("source")
    assumption = _text(spec, "assumption", where)
    assumed_by = _text(spec, "assumed_by", where)
    basis = _text(spec, "basis", where) or ""
    if source is not None and assumption is not None:
        raise BenchmarkError(f"{where}: give 'source:' or 'assumption:', not both")
    if assumed_by is not None and assumption is None:
        raise BenchmarkError(f"{where}: 'assumed_by:' goes with 'assumption:' (the reasoning)")
    if assumption is not None:
        return Provenance(assumption=assumption, assumed_by=assumed_by or "", basis=basis)
    if source is None:
        if fallback is None:
            raise BenchmarkError(
                f"{where}: missing 'source:'; name the article, or write 'assumption:' and the reasoning"
            )
        return fallback._replace(basis=basis)
    items = source if isinstance(source, list) else [source]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise BenchmarkError(
            f"{where}: 'source:' must be the article (an id of 'sources:', or its title) or a list of them"
        )
    names = [item.strip() for item in items]
    if names == ["assumption"]:  # the old way: an assumption, its reasoning left unsaid
        return Provenance(assumption="", basis=basis)
    found = tuple(articles[n] for n in names if n in articles)
    written = tuple(n for n in names if n not in articles)
    return Provenance(articles=found, written=written, basis=basis)


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BenchmarkError(f"{where}: {value!r} is not a number; write a number or null")
    return float(value)


def _bands(spec: dict[str, Any], direction: str, where: str, origin: Provenance, scope: str) -> Bands:
    raw = spec.get("bands")
    if not isinstance(raw, dict) or not raw:
        raise BenchmarkError(f"{where}: missing 'bands:' (e.g. good: [1, 3])")
    bands = []
    for verdict, edges in raw.items():
        if verdict not in VERDICTS:
            hint = _did_you_mean(verdict, VERDICTS)
            raise BenchmarkError(f"{where}: unknown verdict {verdict!r}; {hint}use {', '.join(VERDICTS)}")
        if not isinstance(edges, list) or len(edges) != 2:
            raise BenchmarkError(f"{where}: band {verdict} must be [from, to], e.g. [1, 3] or [null, 1]")
        lo, hi = (_number(e, f"{where} band {verdict}") for e in edges)
        if lo is not None and hi is not None and lo >= hi:
            raise BenchmarkError(f"{where}: band {verdict} is inverted ({lo:g} ≥ {hi:g}); write [low, high]")
        bands.append(Band(verdict, lo, hi))
    ordered = sorted(bands, key=low_edge)
    for left, right in itertools.pairwise(ordered):
        left_hi = math.inf if left.hi is None else left.hi
        right_lo = low_edge(right)
        if left_hi > right_lo:
            raise BenchmarkError(f"{where}: bands {left.verdict} and {right.verdict} overlap")
        if left_hi < right_lo:
            raise BenchmarkError(
                f"{where}: gap between bands {left.verdict} and {right.verdict} "
                f"({left_hi:g} to {right_lo:g}); make them meet"
            )
    rank = [VERDICTS.index(b.verdict) for b in ordered]
    expected = sorted(rank) if direction == "higher" else sorted(rank, reverse=True)
    if rank != expected:
        better = "higher" if direction == "higher" else "lower"
        raise BenchmarkError(
            f"{where}: bands are out of order for direction {direction}: better verdicts need {better} values"
        )
    worst_first = tuple(sorted(bands, key=lambda b: VERDICTS.index(b.verdict)))
    return Bands(worst_first, origin, scope)
