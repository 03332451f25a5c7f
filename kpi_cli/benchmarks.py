"""Benchmark bands: loading, validating, and turning a KPI value into a verdict.

Bands live in YAML (`benchmarks.yaml` ships with the package) so an agency can
bring its own; a bad file is refused with the file, the KPI and the problem, since
a silently misread band would mislabel a whole campaign.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kpi_cli import fmt
from kpi_cli.errors import BenchmarkError

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
_FORMAT_NAMES: dict[str, tuple[str, ...]] = {
    "reel": ("reels", "ig reel", "ig reels", "instagram reel", "instagram reels", "fb reel", "facebook reel"),
    "story": ("stories", "ig story", "ig stories", "instagram story", "instagram stories", "fb story"),
    "short": ("shorts", "youtube short", "youtube shorts", "yt short", "yt shorts"),
    "long video": ("long form", "long form video", "longform", "youtube video", "long videos"),
    "static": ("static post", "image", "ig image", "photo", "single image", "image post", "picture"),
    "carousel": ("carousels", "ig carousel", "carousel album", "album", "sidecar", "carousel post"),
}
_FORMAT_KEYS = {alias: name for name, aliases in _FORMAT_NAMES.items() for alias in (name, *aliases)}


def format_key(value: str) -> str:
    """A format as bands name it: `Reels`, `IG reel` and `reel` are one format."""
    folded = " ".join(re.sub(r"[-_/]+", " ", str(value)).lower().split())
    return _FORMAT_KEYS.get(folded, folded)


@dataclass(frozen=True)
class Band:
    verdict: str
    lo: float | None
    hi: float | None


@dataclass(frozen=True)
class Bands:
    """One set of bands, ordered worst to best."""

    bands: tuple[Band, ...]
    source: str
    scope: str = ""  # "" for the default, "micro tier", "tiktok" for overrides


@dataclass(frozen=True)
class Benchmark:
    kpi: str
    direction: str
    unit: str
    default: Bands
    tiers: dict[str, Bands] = field(default_factory=dict)
    platforms: dict[str, Bands] = field(default_factory=dict)
    currency: str = "USD"  # what money bands are in (a file's top-level `currency:`)
    formats: dict[str, Bands] = field(default_factory=dict)
    campaign_types: dict[str, Bands] = field(default_factory=dict)

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
            (platforms, self.platforms),
            (campaign_types, self.campaign_types),
        ):
            if len(values) == 1 and values[0].lower() in overrides:
                return overrides[values[0].lower()]
        return self.default

    def scoped(self) -> bool:
        """Whether any override exists (a group's values are then looked up)."""
        return bool(self.tiers or self.platforms or self.formats or self.campaign_types)


@dataclass(frozen=True)
class Verdict:
    verdict: str
    lo: float | None
    hi: float | None
    label: str  # e.g. "1–3%"
    source: str
    scope: str


@dataclass(frozen=True)
class Judging:
    """One KPI's bands made ready to judge many values: edges as numbers, verdicts built once."""

    higher: bool
    bands: tuple[tuple[float, float, Verdict], ...]

    def verdict(self, value: float) -> Verdict | None:
        """The band a value falls in; an edge belongs to the better band, or to the one
        band it bounds (macro cost per post: good from $1,000 up, $1,000 included)."""
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
                -math.inf if band.lo is None else band.lo,
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


def shipped_path() -> Path:
    """The benchmarks.yaml that ships with kpi (inside the wheel, or at the repo top)."""
    packaged = resources.files("kpi_cli").joinpath("benchmarks.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "benchmarks.yaml"


def load(path: Path | None = None, *, extend: bool = True) -> dict[str, Benchmark]:
    """Shipped bands, with a user file's KPIs replacing the shipped ones KPI by KPI."""
    shipped = _load_file(shipped_path())
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


def _bands_doc(bands: Bands, kpi_source: str | None) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if bands.source != kpi_source:
        doc["source"] = bands.source
    in_value_order = sorted(bands.bands, key=lambda b: -math.inf if b.lo is None else b.lo)
    doc["bands"] = {b.verdict: [_plain(b.lo), _plain(b.hi)] for b in in_value_order}
    return doc


def to_document(benches: dict[str, Benchmark]) -> dict[str, Any]:
    """Benchmarks as the YAML/JSON document `parse` reads, so the output is a valid file.

    `kpi benchmarks --format yaml > mine.yaml` is thus a starting point for your own.
    """
    kpis: dict[str, Any] = {}
    for kpi, bench in benches.items():
        entry: dict[str, Any] = {
            "direction": bench.direction,
            "unit": bench.unit,
            "source": bench.default.source,
            **_bands_doc(bench.default, bench.default.source),
        }
        for section, overrides in (
            ("tiers", bench.tiers),
            ("platforms", bench.platforms),
            ("formats", bench.formats),
            ("campaign_types", bench.campaign_types),
        ):
            if overrides:
                entry[section] = {name: _bands_doc(bands, None) for name, bands in overrides.items()}
        kpis[kpi] = entry
    currencies = {bench.currency for bench in benches.values()}
    if len(currencies) == 1 and currencies != {"USD"}:
        return {"version": 1, "currency": currencies.pop(), "kpis": kpis}
    return {"version": 1, "kpis": kpis}


def _parse_yaml(text: str) -> Any:
    """libyaml when PyYAML has it (the shipped file loads on every run: 13 -> 2 ms); a file
    it refuses is read again by the pure-Python parser, whose messages say where and why."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)  # a safe loader: plain data only
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def _load_file(path: Path) -> dict[str, Benchmark]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BenchmarkError(f"{name}: no such benchmarks file; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchmarkError(f"{name}: cannot read benchmarks file ({exc})") from None
    try:
        data = _parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        # An unclosed [ is detected lines later; where its context began names the right KPI.
        start = getattr(exc, "context_mark", None) or mark
        kpi = _kpi_at(text, start.line) if start is not None else None
        if kpi:
            where += f" ({kpi})"
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise BenchmarkError(f"{name}:{where}: {problem}; fix the YAML syntax") from None
    except RecursionError:
        raise BenchmarkError(f"{name}: nested too deeply to be a benchmarks file; {_SHAPE}") from None
    try:
        return parse(data, name)
    except RecursionError:
        raise BenchmarkError(f"{name}: nested too deeply to be a benchmarks file; {_SHAPE}") from None


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


def parse(data: Any, name: str = "benchmarks") -> dict[str, Benchmark]:
    """Validate a loaded YAML document and build the benchmarks it describes."""
    from kpi_cli.definitions import KPI_BY_ID

    known = set(KPI_BY_ID) | set(EXTRA_KPIS)
    if not isinstance(data, dict) or not isinstance(data.get("kpis"), dict):
        raise BenchmarkError(f"{name}: expected a mapping with a 'kpis:' section")
    currency = data.get("currency", "USD")
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        raise BenchmarkError(
            f"{name}: currency must be a three-letter code such as USD or EUR, not {currency!r}"
        )
    out: dict[str, Benchmark] = {}
    for kpi, spec in data["kpis"].items():
        where = f"{name}: {kpi}"
        if kpi not in known:
            raise BenchmarkError(f"{where}: unknown KPI; use one of {', '.join(sorted(known))}")
        if not isinstance(spec, dict):
            raise BenchmarkError(f"{where}: expected direction, unit, source and bands")
        direction = spec.get("direction")
        if direction not in DIRECTIONS:
            raise BenchmarkError(f"{where}: direction must be 'higher' or 'lower', not {direction!r}")
        unit = spec.get("unit", _default_unit(kpi))
        if unit not in UNITS:
            raise BenchmarkError(f"{where}: unit must be one of {', '.join(UNITS)}, not {unit!r}")
        source = _source(spec, where, None)
        default = _bands(spec, direction, where, source, "")
        overrides: dict[str, dict[str, Bands]] = {section: {} for section, _ in SCOPES}
        for section, scope_word in SCOPES:
            section_spec = spec.get(section) or {}
            if not isinstance(section_spec, dict):
                raise BenchmarkError(f"{where}: '{section}' must map names to bands")
            for scope, sub in section_spec.items():
                sub_where = f"{where} ({section} {scope})"
                if not isinstance(sub, dict):
                    raise BenchmarkError(f"{sub_where}: expected 'bands:'")
                key = format_key(scope) if section == "formats" else str(scope).lower()
                overrides[section][key] = _bands(
                    sub, direction, sub_where, _source(sub, sub_where, source), key + scope_word
                )
        out[kpi] = Benchmark(
            kpi, direction, unit, default, overrides["tiers"], overrides["platforms"], currency,
            overrides["formats"], overrides["campaign_types"],
        )  # fmt: skip
    return out


def _default_unit(kpi: str) -> str:
    from kpi_cli.definitions import KPI_BY_ID

    return KPI_BY_ID[kpi].unit if kpi in KPI_BY_ID else "percent"


def _source(spec: dict[str, Any], where: str, fallback: str | None) -> str:
    source = spec.get("source", fallback)
    if not isinstance(source, str) or not source.strip():
        raise BenchmarkError(f"{where}: missing 'source:'; name the article or write 'assumption'")
    return source.strip()


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BenchmarkError(f"{where}: {value!r} is not a number; write a number or null")
    return float(value)


def _bands(spec: dict[str, Any], direction: str, where: str, source: str, scope: str) -> Bands:
    raw = spec.get("bands")
    if not isinstance(raw, dict) or not raw:
        raise BenchmarkError(f"{where}: missing 'bands:' (e.g. good: [1, 3])")
    bands = []
    for verdict, edges in raw.items():
        if verdict not in VERDICTS:
            raise BenchmarkError(f"{where}: unknown verdict {verdict!r}; use {', '.join(VERDICTS)}")
        if not isinstance(edges, list) or len(edges) != 2:
            raise BenchmarkError(f"{where}: band {verdict} must be [from, to], e.g. [1, 3] or [null, 1]")
        lo, hi = (_number(e, f"{where} band {verdict}") for e in edges)
        if lo is not None and hi is not None and lo >= hi:
            raise BenchmarkError(f"{where}: band {verdict} is inverted ({lo:g} ≥ {hi:g}); write [low, high]")
        bands.append(Band(verdict, lo, hi))
    ordered = sorted(bands, key=lambda b: -math.inf if b.lo is None else b.lo)
    for left, right in itertools.pairwise(ordered):
        left_hi = math.inf if left.hi is None else left.hi
        right_lo = -math.inf if right.lo is None else right.lo
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
    return Bands(worst_first, source, scope)
