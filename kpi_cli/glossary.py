"""The KPI glossary (`kpi kpis`): what each figure means, gathered from where kpi keeps it.

Names, phases, units and formulas come from the KPI definitions; the columns a KPI
needs and how real exports spell them from the export profiles (or the aliases of a
daily series and a client list); the bands and their source from the benchmarks in
force. `entries` gathers them as plain data (what `-f json` prints); `print_text` and
`to_markdown` lay them out. No pandas: the glossary and shell completion start fast.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kpi_cli.definitions import (
    ENGAGEMENT_PARTS,
    KPI_BY_ID,
    KPI_DEFS,
    LIFT_KPI_DEFS,
    PHASE_TITLES,
    RETENTION_KPI_DEFS,
)
from kpi_cli.definitions import INPUTS as NEEDS
from kpi_cli.errors import UsageError
from kpi_cli.marks import VERDICT_STYLES
from kpi_cli.text import encodes, json_safe, printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from kpi_cli.benchmarks import Bands, Benchmark

# What the abbreviations stand for, as the industry spells them out.
SPELLED_OUT: dict[str, str] = {
    "ctr": "click-through rate",
    "roas": "return on ad spend",
    "roi": "return on investment",
    "cpm": "cost per mille: per thousand impressions",
    "rpm": "revenue per mille: per thousand impressions",
    "cpe": "cost per engagement",
    "cpc": "cost per click",
    "cpa": "cost per acquisition: per conversion",
    "mer_baseline": "marketing efficiency ratio",
    "mer_campaign": "marketing efficiency ratio",
    "mer_lift": "marketing efficiency ratio",
}

# Which command shows a KPI, and the glossary's sections after the funnel phases.
_COMMAND = {
    **{k.id: "score" for k in KPI_DEFS},
    **{k.id: "lift" for k in LIFT_KPI_DEFS},
    **{k.id: "retention" for k in RETENTION_KPI_DEFS},
}
_SECTION_TITLES = {"lift": "Brand lift (kpi lift)", "retention": "Agency (kpi retention)"}


ALIASES_SHOWN = 5  # spellings per column: the most recognisable, not all of them
# Shipped profiles by the name analysts call the platform.
_PLATFORM_NAMES = {
    "google_ads": "Google Ads",
    "google_marketing_platform": "CM360",
    "influencer_tracker": "trackers",  # influencer platforms and trackers: no one platform
    "linkedin_ads": "LinkedIn",
    "meta_ads": "Meta",
    "meta_business_suite": "Instagram",
    "pinterest_ads": "Pinterest",
    "snapchat_ads": "Snapchat",
    "tiktok_ads": "TikTok",
    "x_ads": "X",
    "x_analytics": "X",
    "youtube_studio": "YouTube",
}

_TRACKERS = _PLATFORM_NAMES["influencer_tracker"]


# --------------------------------------------------------------------------- names


def _key(text: str) -> str:
    """`Engagement rate`, `engagement-rate` and `ENGAGEMENT_RATE` are one name."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _lookup() -> dict[str, str]:
    """Every way to name a KPI -> its id: the id, its name, what its abbreviation stands for."""
    names: dict[str, str] = {k: k for k in KPI_BY_ID}
    for kpi, definition in KPI_BY_ID.items():
        names.setdefault(_key(definition.name), kpi)
        if kpi in SPELLED_OUT and not kpi.startswith("mer_"):
            names.setdefault(_key(SPELLED_OUT[kpi].split(":")[0]), kpi)
    return names


def resolve(names: Iterable[str]) -> list[str]:
    """KPI ids from what the user typed (`ctr`, `CTR`, `engagement rate`, `cpe,cpm`), in
    their order; an unknown one is refused with the nearest ids."""
    lookup = _lookup()
    out: list[str] = []
    for name in names:
        for part in (p for p in name.split(",") if p.strip()):
            key = _key(part)
            kpi = lookup.get(key)
            if kpi is None:
                close = list(dict.fromkeys(lookup[m] for m in difflib.get_close_matches(key, lookup, 3, 0.6)))
                hint = f"did you mean {' or '.join(close)}?" if close else "give an id such as ctr or cpe"
                raise UsageError(f"{printable(part.strip())}: unknown KPI; {hint} (kpi kpis lists them all)")
            if kpi not in out:
                out.append(kpi)
    return out


# --------------------------------------------------------------------------- aliases


@lru_cache(maxsize=64)
def aliases(column: str, command: str = "score") -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A handful of the headers real exports write for `column`, most recognisable first.

    For campaign exports: the platforms' spellings (the most widely written first, the
    platforms named when one or two write it), then the generic spellings in their
    order, the ones only one platform writes last. For a daily series or a client list: the
    aliases kpi matches. Each with the platforms to name beside it (none for a common one)."""
    if command != "score":
        from kpi_cli.columns import CLIENT_COLUMNS, DAILY_COLUMNS

        kind = DAILY_COLUMNS if command == "lift" else CLIENT_COLUMNS
        spellings = dict.fromkeys([column.replace("_", " "), *kind.aliases.get(column, ())])
        return tuple((spelling, ()) for spelling in list(spellings)[:ALIASES_SHOWN])
    from kpi_cli.read.profiles import GENERIC, registry
    from kpi_cli.read.vocab import normalise

    reg = registry()
    generic_rank: dict[str, int] = {}
    written: dict[str, str] = {}
    platforms: dict[str, list[str]] = {}
    for profile in reg.profiles.values():
        if not profile.shipped or "English" not in profile.languages:
            continue
        for key, roles in profile.roles.items():
            for role in roles:
                if role.role != column or role.language != "English":
                    continue
                written.setdefault(key, role.spelling)
                if profile.id == GENERIC:
                    generic_rank.setdefault(key, role.rank)
                else:
                    name = _PLATFORM_NAMES.get(profile.id, profile.name)
                    if name not in platforms.setdefault(key, []):
                        platforms[key].append(name)

    def rank(key: str) -> tuple[int, int, int]:
        """Spellings several platforms write, or one platform and the generic list; then the
        generic list's other spellings; last the ones only one platform writes."""
        count, generic = len(platforms.get(key, ())), key in generic_rank
        tier = 0 if count > 1 or (count and generic) else 1 if generic else 2
        return tier, -count, generic_rank.get(key, 99)

    order = sorted((k for k in written if k in platforms or k in generic_rank), key=rank)
    own = normalise(column)  # the column's own name (`Revenue`, `Clicks`) is the surest header
    order.sort(key=lambda k: k != own)

    def named(key: str) -> tuple[str, ...]:
        owners = platforms.get(key, [])  # trackers' spellings are everyone's: not worth naming
        return tuple(o for o in owners if o != _TRACKERS) if len(owners) <= 2 else ()

    return tuple((written[key], named(key)) for key in order[:ALIASES_SHOWN])


def _needs(kpi: str, command: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for need in NEEDS.get(kpi, ()):
        column = need.rstrip("?")
        found = aliases(column, command)
        entry: dict[str, Any] = {"column": column, "aliases": [spelling for spelling, _ in found]}
        named = {spelling: list(owners) for spelling, owners in found if owners}
        if named:  # the platforms whose exports write that spelling, when only one or two do
            entry["platforms"] = named
        if need.endswith("?"):
            entry["optional"] = True
        if column == "engagements" and command == "score":
            entry["else"] = list(ENGAGEMENT_PARTS)
        out.append(entry)
    return out


# --------------------------------------------------------------------------- entries


def _bands(bench: Benchmark, bands: Bands) -> list[dict[str, Any]]:
    from kpi_cli import fmt
    from kpi_cli.benchmarks import owns_edge
    from kpi_cli.read.vocab import symbol_for

    def plain(edge: float | None) -> float | int | None:  # 1 in JSON, not 1.0 (as the bands file)
        return int(edge) if edge is not None and float(edge).is_integer() else edge

    symbol = symbol_for(bench.currency)
    return [
        {
            "verdict": band.verdict,
            "from": plain(band.lo),
            "to": plain(band.hi),
            "label": fmt.band(band.lo, band.hi, bench.unit, bench.direction, symbol, owns_edge(band, bands)),
        }
        for band in bands.bands
    ]


def entries(ids: Sequence[str] | None, benches: dict[str, Benchmark]) -> list[dict[str, Any]]:
    """One plain dict per KPI (every KPI when `ids` is None): what `kpi kpis` shows and
    `-f json` prints. `benches` are the benchmarks in force (shipped, or with --benchmarks)."""
    out = []
    for kpi in ids if ids is not None else list(KPI_BY_ID):
        definition = KPI_BY_ID[kpi]
        command = _COMMAND[kpi]
        bench = benches.get(kpi)
        entry: dict[str, Any] = {
            "id": kpi,
            "name": definition.name,
            "spelled_out": SPELLED_OUT.get(kpi),
            "phase": definition.phase,
            "command": f"kpi {command}",
            "formula": definition.formula,
            "unit": definition.unit,
            "direction": bench.direction if bench else None,
            "needs": _needs(kpi, command),
            "bands": _bands(bench, bench.default) if bench else [],
            "source": bench.default.source if bench else None,
            "currency": bench.currency if bench and bench.unit == "money" else None,  # of money bands
            "overrides": [],
        }
        if bench is not None:
            scopes = (bench.tiers, bench.platforms, bench.formats, bench.campaign_types)
            entry["overrides"] = [
                {"scope": bands.scope, "bands": _bands(bench, bands), "source": bands.source}
                for overrides in scopes
                for bands in overrides.values()
            ]
        out.append(entry)
    return out


def sections(docs: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The entries under their headings: the funnel phases, then kpi lift's, kpi retention's."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        command = doc["command"].removeprefix("kpi ")
        title = _SECTION_TITLES.get(command) or PHASE_TITLES.get(doc["phase"], doc["phase"])
        grouped.setdefault(title, []).append(doc)
    order = [PHASE_TITLES[p] for p in ("awareness", "consideration", "conversion", "spend")]
    order += list(_SECTION_TITLES.values())
    return sorted(grouped.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))


# --------------------------------------------------------------------------- layouts


def to_json(docs: list[dict[str, Any]]) -> bytes:
    import orjson

    return json_safe(orjson.dumps(docs, option=orjson.OPT_INDENT_2)) + b"\n"  # aliases from own profiles


def _title(doc: dict[str, Any]) -> str:
    """`CTR (click-through rate)`: the name, and what an abbreviation stands for."""
    spelled = f" ({doc['spelled_out']})" if doc.get("spelled_out") else ""
    return f"{doc['name']}{spelled}"


def _what(doc: dict[str, Any]) -> str:
    """`ctr · consideration · percent · higher is better`: the id, phase, unit, better way."""
    unit = f"money ({doc['currency']})" if doc.get("currency") else doc["unit"]
    parts = [doc["id"], PHASE_TITLES.get(doc["phase"], doc["phase"]).lower(), unit]
    if doc["direction"]:
        parts.append(f"{doc['direction']} is better")
    if doc["command"] != "kpi score":
        parts.append(f"shown by {doc['command']}")
    return " · ".join(parts)


def _alias(spelling: str, need: dict[str, Any]) -> str:
    """An alias as listed: quoted when it holds a comma (`"Reactions, Comments and Shares"`),
    with the platforms that write it when only one or two do (`Amount spent (Meta, Snapchat)`)."""
    text = f'"{spelling}"' if "," in spelling else spelling
    owners = need.get("platforms", {}).get(spelling)
    return f"{text} ({', '.join(owners)})" if owners else text


def _need_text(need: dict[str, Any]) -> str:
    optional = " (optional)" if need.get("optional") else ""
    text = f"{need['column']}{optional}: {', '.join(_alias(a, need) for a in need['aliases'])}"
    if need.get("else"):
        text += f"; else {' + '.join(need['else'])}"
    return text


def _band_line(bands: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(verdict, `poor < 1%`) pairs, worst first."""
    return [(b["verdict"], f"{b['verdict']} {b['label']}") for b in bands]


_ASCII = str.maketrans(
    {"Σ": "sum", "×": "x", "−": "-", "–": "-", "—": "-", "≥": ">=", "≤": "<=", "·": "-", "’": "'", "…": "..."}
)


def _fits(text: str, encoding: str) -> str:
    """`text` as the console can write it: `Σ spend / Σ clicks` becomes `sum spend / sum clicks`
    on an ASCII or cp1252 console instead of failing mid-glossary."""
    if encodes(text, encoding):
        return text
    return text.translate(_ASCII).encode(encoding, "replace").decode(encoding)


_LABEL = 9  # "Formula  ": the width of the field names in a block
_WIDEST = 100  # lines of prose longer than this are hard to read, however wide the terminal


def print_text(docs: list[dict[str, Any]], console: Console, *, whole: bool, title: str = "") -> None:
    """The glossary for people: one block per KPI, under its phase when it is the whole
    glossary; every line wrapped to the terminal (never cut), no trailing spaces."""
    from rich.cells import cell_len
    from rich.text import Text

    width = max(40, min(console.width, _WIDEST))
    encoding = console.encoding

    def fit(text: object) -> str:
        return _fits(printable(text), encoding)

    def words(text: str, style: str = "") -> list[Text]:
        return [Text(word, style=style) for word in re.findall(r"\S+\s*", fit(text))]

    def listed(items: list[tuple[str, str]], sep: str) -> list[Text]:
        """(text, style) items as units that keep together, `sep` after all but the last."""
        return [Text.assemble((fit(text), style), fit(sep) if n < len(items) - 1 else "")
                for n, (text, style) in enumerate(items)]  # fmt: skip

    def field(label: str, units: list[Text], hang: int = 0) -> None:
        """`  Label    units`: units packed into lines under the first, never split unless one
        is wider than a line (then wrapped, not cut); continuations `hang` further in."""
        lead = 2 + _LABEL
        room = width - lead - hang
        lines, line = [], Text()
        for unit in units:
            if line.plain and cell_len(line.plain + unit.plain.rstrip()) > room:
                lines.append(line)
                line = Text()
            line = line + unit
        lines.append(line)
        for n, wrapped in enumerate(w for line in lines for w in line.wrap(console, room)):
            wrapped.rstrip()
            prefix = (f"  {label:<{_LABEL}}" if label else " " * lead) if n == 0 else " " * (lead + hang)
            console.print(Text(prefix) + wrapped, soft_wrap=True)

    def bands(scope: str, shown: list[dict[str, Any]]) -> list[Text]:
        units = [Text(fit(f"{scope}: "), style="italic")] if scope else []
        return units + listed([(label, VERDICT_STYLES.get(v, "")) for v, label in _band_line(shown)], " · ")

    gap = False  # a blank line between blocks, none before the first

    def paragraph(text: Text) -> None:
        nonlocal gap
        if gap:
            console.print()
        gap = True
        for line in text.wrap(console, width):
            line.rstrip()
            console.print(line, soft_wrap=True)

    if title:
        paragraph(Text(fit(title), style="bold"))
    for heading, group in sections(docs) if whole else [("", docs)]:
        if heading:
            paragraph(Text(fit(heading), style="bold underline"))
        for doc in group:
            paragraph(Text(fit(_title(doc)), style="bold"))
            what = Text("  ")
            what.append(fit(doc["id"]), style="cyan")
            what.append(fit(_what(doc).removeprefix(doc["id"])), style="dim")
            for n, line in enumerate(what.wrap(console, width - 2)):
                line.rstrip()
                console.print(line if n == 0 else Text("  ") + line, soft_wrap=True)
            field("Formula", words(doc["formula"]))
            for n, need in enumerate(doc["needs"]):
                optional = " (optional)" if need.get("optional") else ""
                units = [Text(fit(f"{need['column']}{optional}: "), style="cyan")]
                units += listed([(_alias(a, need), "") for a in need["aliases"]], ", ")
                if need.get("else"):
                    units[-1].append("; ")
                    units += words(f"else {' + '.join(need['else'])}")
                field("Needs" if n == 0 else "", units, hang=2)
            if not doc["needs"]:
                field("Needs", words("the rows themselves"))
            if not doc["bands"]:
                field("Bands", words("none: kpi shows the figure without a verdict", "dim"))
                continue
            field("Bands", bands("", doc["bands"]))
            for override in doc["overrides"]:
                field("", bands(override["scope"], override["bands"]), hang=2)
            field("Source", words(doc["source"]))
            for source in dict.fromkeys(o["source"] for o in doc["overrides"]):
                if source != doc["source"]:
                    scopes = ", ".join(o["scope"] for o in doc["overrides"] if o["source"] == source)
                    field("", words(f"{scopes}: {source}"), hang=2)


def _md(text: object) -> str:
    """Text as Markdown shows it literally, escaped only where Markdown would act on it:
    `< 1%` and `post_id` stay as they are, `*`, a backtick or `<b` do not."""
    text = re.sub(r"([\\`*\[\]|])", r"\\\1", printable(text))
    text = re.sub(r"(?<![\w])_|_(?![\w])", r"\\_", text)
    return re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)


def to_markdown(docs: list[dict[str, Any]], *, whole: bool, title: str = "") -> str:
    """The glossary as Markdown: a heading per phase, a list per KPI."""
    lines: list[str] = []
    if title:
        lines += [f"# {_md(title)}", ""]
    for heading, group in sections(docs) if whole else [("", docs)]:
        if heading:
            lines += [f"## {_md(heading)}", ""]
        for doc in group:
            lines += [f"### {_md(_title(doc))}", ""]
            lines.append(f"- `{doc['id']}`{_md(_what(doc).removeprefix(doc['id']))}")
            lines.append(f"- **Formula:** {_md(doc['formula'])}")
            lines.append("- **Needs:**" if doc["needs"] else "- **Needs:** the rows themselves")
            for need in doc["needs"]:
                spellings = _need_text(need).partition(": ")[2]
                optional = " (optional)" if need.get("optional") else ""
                lines.append(f"  - `{need['column']}`{optional}: {_md(spellings)}")
            if not doc["bands"]:
                lines += ["- **Bands:** none; kpi shows the figure without a verdict", ""]
                continue
            lines.append(f"- **Bands:** {_md(' · '.join(label for _, label in _band_line(doc['bands'])))}")
            for override in doc["overrides"]:
                scoped = " · ".join(label for _, label in _band_line(override["bands"]))
                source = f" ({_md(override['source'])})" if override["source"] != doc["source"] else ""
                lines.append(f"  - {_md(override['scope'])}: {_md(scoped)}{source}")
            lines += [f"- **Source:** {_md(doc['source'])}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
