"""Totals and subtotal rows: found wherever they sit, kept out of every sum.

Exports add their own totals: YouTube a `Total` row first, TikTok `Total of 8 results`
last, Google Ads `Total: Campaigns` and `Total: Account` at the end, a spreadsheet
`TOTAL` or `Gesamt` after a blank line; Meta a summary row first with no label at all.
Scored as data, each doubles every sum. Two rules find them:

* by label: a cell of a column that names rows (campaign, creator, post ID, the
  first column, a date column) that reads as a total (`Total`, `Totals`, `Total of 8
  campaigns`, `Total: Account`, `Grand total`, `Gesamt`, `Summe`, `Totale`,
  `Total général`, ...), or a statistic under it (`Average`, `Median`,
  `Mittelwert`), but never a name that merely starts with the word (`Total Wellness
  Launch`);
* by sum: a row whose label columns are all blank and whose counts equal the sum of
  every other row's (two columns at least, reach aside: an ads manager's summary
  deduplicates it). Such rows are held back while the file is read (the few largest
  only: a totals row is the largest row of its file) and judged at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpi_cli.hashing import text_bytes

# A spreadsheet's statistics under its total, in the languages of Excel's Data › Subtotal
# (`Average`, sv `Medel`/`Medelvärde`, pl `Średnia`, nl `Gemiddelde`, tr `Ortalama`, cs
# `Průměr`, da `Gennemsnit`, no `Gjennomsnitt`, fi `Keskiarvo`, hu `Átlag`, id `Rata-rata`,
# ja/zh `平均`, ko `평균`). Not `Max` or `Media`: a creator's and a campaign's names too.
_STATISTICS = (
    r"(?:grand\s+)?(?:averages?|avg\.?)|totalt\s+medel|mean|median|durchschnitt|mittelwert|moyenne"
    r"|promedio|média|gemiddelde|medel(?:v[äa]rde)?|genomsnitt|gennemsnit|gjennomsnitt|keskiarvo"
    r"|średnia|průměr|priemer|ortalama|átlag|rata-rata|平均(?:值|値|數|数)?|평균"
)
# Total words of the languages Excel and the ads managers write beyond en/de/fr/es/pt/it.
# Each was seen as a totals or grand-total row label (audit l #1): sv `Summa`/`Totalsumma`
# /`Totalt`, no `Totalsum`, da `I alt`/`Hovedtotal` (a Danish pivot's grand total), fi
# `Yhteensä`/`Kokonaissumma`, pl `Razem`/`Łącznie`/`Suma końcowa` (ROLLUP's grand total in
# Microsoft's Polish docs), cs `Celkem`/`Celkový součet`, sk `Spolu`, hu `Összesen`/
# `Végösszeg`, tr `Toplam`/`Genel Toplam`, nl `Totaal`/`Eindtotaal`, id `Jumlah`, ja `合計`
# /`総計`/`小計`/`集計`, ko `합계`/`총계`/`총합계`/`소계` (a Korean reader's total keywords),
# zh `总计`/`合计`/`總計`/`小计`/`汇总`.
_WORDS = (
    r"summa|totalsumma|totalt|delsumma|totalsum|i\s+alt|hovedtotal|yhteens[äa]|kokonaissumma"
    r"|v[äa]lisumma|razem|łącznie|og[óo]łem|suma\s+(?:ko[ńn]cowa|cz[ęe][śs]ciowa)|celkem"
    r"|celkov[ýy]\s+sou[čc]et|mezisou[čc]et|spolu|celkov[ýy]\s+s[úu][čc]et|[öo]sszesen|v[ée]g[öo]sszeg"
    r"|r[ée]sz[öo]sszeg|(?:genel\s+|ara\s+)?toplam|totaal|eindtotaal|subtotaal|jumlah"
    r"|总计|合计|合計|總計|総計|小计|小計|集計|汇总|彙總|합계|총계|총합계|소계"
)
# Words that open a `Word: what` summary label (Google Ads' `Total: Account`, ja `合計:
# キャンペーン`, sv `Totalt: konto`, nl `Totaal: campagnes`), an ASCII or a full-width colon.
_COLON = (
    r"totale|gesamt|summe|insgesamt|totaal|suma|totaux|totalt|summa|toplam|razem|celkem|jumlah"
    r"|yhteens[äa]|[öo]sszesen|合計|合计|总计|總計|総計|합계|총계"
)
# Both Python's re and RE2 (Arrow) read this; case is ignored by the (?i) flag.
TOTALS = (
    r"(?i)^\s*(?:"
    r"(?:grand\s+|sub-?\s*)?totals?(?:\s*[:(：（].*|\s+(?:of|de|des|di|von)\s+\d+.*"
    r"|\s+(?:g[ée]n[ée]ral|geral|generale|complessivo|global|keseluruhan))?"
    rf"|(?:{_COLON})\s*[:(：（].*"  # `Gesamt: Konto`, `Totale: account`, `合計: アカウント`
    r"|(?:totale|insgesamt|gesamt)\s+(?:of|de|des|di|von)?\s*\d+.*"  # `Totale di 3 risultati`
    r"|gesamt(?:summe|ergebnis|wert|betrag)?|insgesamt|summe|zwischensumme|gesamtsumme|sum|summary"
    r"|totale(?:\s+(?:complessivo|generale))?|totaux|sous-total|subtotale"
    r"|suma(?:\s+total)?|totales|total\s+geral|total\s+general"
    r"|results\s+from\s+\d+\s+\w+(?:\s+\w+)?|r[ée]sultats\s+de\s+\d+\s+\w+|ergebnisse\s+von\s+\d+\s+\w+"
    rf"|{_WORDS}"
    # A spreadsheet's statistics under its total (`Average`, `Mittelwert`): never a sum,
    # never a creator.
    rf"|{_STATISTICS}"
    r")\s*:?\s*$"
)
_PY_TOTALS = re.compile(TOTALS)
_PY_STATISTIC = re.compile(rf"(?i)^\s*(?:{_STATISTICS})\s*:?\s*$")
# First bytes a totals label can start with (after spaces): values starting otherwise are
# not looked at, so ten million post IDs cost one numpy pass, not a regex each. Every
# lead byte of a non-ASCII letter is one (`Łącznie`, `Összesen`, `総計`, `합계`): a list
# of them would miss the next language's.
_FIRST = np.zeros(256, dtype=bool)
_FIRST[list(b"TtGgSsRrEeZzIiAaMmDdPpCcHhJjKkOoYyVvLl \t")] = True
_FIRST[0xC2:0xF5] = True
# Counts a summary row holds as the sum of the rows: reach and followers are left out
# (an ads manager's summary deduplicates reach; a creator's followers repeat per post).
SUMMED = (
    "impressions", "views", "completed_views", "likes", "comments", "shares", "saves",
    "engagements", "profile_visits", "clicks", "sessions", "conversions", "code_uses",
    "revenue", "spend",
)  # fmt: skip
HELD = 4  # blank-label rows held back per file: the largest ones


# Excel's Data › Subtotal writes `Spring Total` (German `Frühling Ergebnis`, French
# `Total Printemps`, Swedish `Spring Summa`, Polish `Spring Suma`, Czech `Spring Celkem`,
# Turkish `Spring Toplam`, Danish `Spring I alt`, Norwegian `Spring Totalt`, Japanese
# `Spring 集計`, Korean `Spring 요약`, Chinese `Spring 汇总`; `Spring Average` and its
# like for averages) in the grouped column: a totals row when the rest names a value the
# column holds above it, never a campaign merely called `Total Wellness`.
_SUBTOTAL = re.compile(
    r"^\s*(?:(?:sub-?\s*)?totale?|summe|gesamt|totaal|suma|totaux)\s+(?P<a>.+?)\s*$"
    r"|^\s*(?P<b>.+?)\s+(?:total|totale|totalt|ergebnis|summe|gesamt|totaal|resultado|summa|suma"
    r"|i\s+alt|toplam|celkem|spolu|[öo]sszeg|[öo]sszesen|yhteens[äa]|razem|jumlah|average|medel"
    r"|mittelwert|moyenne|promedio|m[ée]dia|gemiddelde|ortalama|pr[ůu]m[ěe]r|[śs]rednia|gennemsnit"
    r"|gjennomsnitt|keskiarvo|[áa]tlag)\s*$"
    r"|^\s*(?P<c>.+?)\s*(?:集計|合計|合计|小計|小计|汇总|彙總|요약|합계|소계|平均|평균)\s*$",
    re.IGNORECASE,
)


# Every label _SUBTOTAL matches holds one of these words, in any case, or a letter that
# is not ASCII: an ASCII label without any cannot match. Keep the two in step.
_SUBTOTAL_WORDS = (
    r"tota[alu]|summe|suma|summa|gesamt|ergebnis|resultado|i\s+alt|toplam|celkem|spolu|osszeg"
    r"|osszesen|yhteensa|razem|jumlah|average|medel|mittelwert|moyenne|promedio|media|gemiddelde"
    r"|ortalama|prumer|srednia|gennemsnit|gjennomsnitt|keskiarvo|atlag"
)


def subtotal_candidates(labels: pa.Array) -> np.ndarray:
    """Positions of the labels that may have _SUBTOTAL's shape: those with one of its
    words, and every non-ASCII one (Python's IGNORECASE folds `ſ` to `s`, RE2's ASCII
    view of them may differ). looks_subtotal decides; 200,000 creators are not each run
    through Python's regex."""
    words = pc.match_substring_regex(labels, _SUBTOTAL_WORDS, ignore_case=True)
    hit = pc.or_(pc.fill_null(words, False), pc.invert(pc.fill_null(pc.string_is_ascii(labels), True)))
    return np.flatnonzero(hit.to_numpy(zero_copy_only=False))


def looks_subtotal(label: str) -> bool:
    """Whether `label` has the shape of an Excel subtotal (`Spring Total`): cheap, no lookups."""
    return _SUBTOTAL.match(label) is not None


def is_subtotal(label: str, known: Container[str]) -> bool:
    """Whether `label` is Excel's subtotal of a value the same column holds (`Spring Total`)."""
    found = _SUBTOTAL.match(label)
    if found is None:
        return False
    other = (found.group("a") or found.group("b") or found.group("c") or "").strip()
    return other in known


def why_dropped(label: str) -> str:
    """What a row `totals_mask` found is, as the note that drops it says."""
    return "a summary row (an average, not a sum)" if _PY_STATISTIC.match(label) else "a totals row"


def is_total(label: str, extra: Iterable[re.Pattern[str]] = ()) -> bool:
    """Whether one label reads as a totals row (`Total: Account`, not `Total Wellness`)."""
    return bool(_PY_TOTALS.match(label)) or any(p.search(label) for p in extra)


def totals_mask(arr: pa.Array | pa.ChunkedArray, extra: Iterable[re.Pattern[str]] = ()) -> np.ndarray | None:
    """Which cells of a text column read as totals labels; None when none does (the usual case)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    extra = tuple(extra)
    if pa.types.is_dictionary(arr.type):
        found = totals_mask(arr.dictionary, extra)  # the distinct values only, vectorised
        if found is None:
            return None
        hits = pa.array(np.flatnonzero(found), arr.indices.type)
        mask = pc.is_in(arr.indices, value_set=hits)
        return pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    if len(arr) == arr.null_count:
        return None
    if not extra:
        offsets, data = text_bytes(arr)
        if len(data) == 0:
            return None
        starts = np.take(data, offsets[:-1], mode="clip")
        if not _FIRST[starts].any():
            return None
    mask = pc.fill_null(pc.match_substring_regex(arr, TOTALS), False).to_numpy(zero_copy_only=False)
    for pattern in extra:
        more = pc.fill_null(pc.match_substring_regex(arr, pattern.pattern, ignore_case=True), False)
        mask = mask | more.to_numpy(zero_copy_only=False)
    return mask if mask.any() else None


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """`pd.concat` of one file's batches, each categorical column put in its largest dtype.

    A file's dictionaries only grow (read.labels.Categories), so an earlier batch's
    categories are the first ones of a later batch's and its codes hold under the later
    dtype: such a column's codes are joined as they are. pandas would hash each distinct
    dtype's categories to find a common one (30 ms for 200,000 creators, for each batch
    that brought new ones). A dtype that is not such a prefix is left to pandas.
    """
    if len(frames) < 2:
        return frames[0] if frames else pd.DataFrame()
    columns = frames[0].columns
    if any(not f.columns.equals(columns) or not f.columns.is_unique for f in frames):
        return pd.concat(frames)
    joined: dict[Any, Any] = {}
    for name in columns:
        parts = [f[name] for f in frames]
        largest = _largest_dtype([p.dtype for p in parts])
        if largest is None:
            joined[name] = pd.concat(parts).array
        else:
            codes = np.concatenate([p.cat.codes.to_numpy() for p in parts])
            joined[name] = pd.Categorical.from_codes(codes, dtype=largest, validate=False)
    index = frames[0].index.append([f.index for f in frames[1:]])
    return pd.DataFrame(joined, index=index, columns=columns, copy=False)


def _largest_dtype(dtypes: list[Any]) -> pd.CategoricalDtype | None:
    """The dtype whose categories every other one's begin, when all are categorical."""
    distinct: dict[int, pd.CategoricalDtype] = {}
    for dtype in dtypes:
        if not isinstance(dtype, pd.CategoricalDtype):
            return None
        distinct[id(dtype)] = dtype
    if len(distinct) == 1:  # one dictionary (most batches): nothing to compare
        return next(iter(distinct.values()))
    largest = max(distinct.values(), key=lambda d: len(d.categories))
    every = np.asarray(largest.categories, dtype=object)
    for dtype in distinct.values():
        if dtype is not largest:
            mine = np.asarray(dtype.categories, dtype=object)
            if dtype.ordered != largest.ordered or not (every[: len(mine)] == mine).all():
                return None
    return largest


LABELLED = "_labelled"  # a held row's mark: it has labels (held for being at an end of the file)


@dataclass
class Held:
    """Blank-label rows of one file held back until the whole file is read (see module doc)."""

    rows: pd.DataFrame | None = None
    first: pd.DataFrame | None = None  # the file's first row, labels or not
    last: pd.DataFrame | None = None  # the last row read so far, labels or not
    released: pd.DataFrame | None = None  # held as a last row, then not last

    def count(self) -> int:
        """Rows held back for now."""
        rows = 0 if self.rows is None else len(self.rows)
        return rows + sum(len(e) for e in (self.first, self.last, self.released) if e is not None)

    def release(self) -> None:
        """The last row is not the file's last: it joins the released rows.

        Joined as they come, in one frame (see concat): a list of each batch's last row
        would keep every batch's dictionary alive, 56 MiB of hash tables at 200,000
        creators."""
        if self.last is not None:
            self.released = self.last if self.released is None else concat([self.released, self.last])
            self.last = None

    def settle(self) -> None:
        """Put the first and last rows with the blank-label ones, marked as having labels."""
        edges = [e.assign(**{LABELLED: True}) for e in (self.first, self.last) if e is not None]
        self.first = self.last = None
        if edges:
            blank = [] if self.rows is None else [self.rows.assign(**{LABELLED: False})]
            self.rows = concat([*blank, *edges])

    def offer(self, candidates: pd.DataFrame) -> pd.DataFrame | None:
        """Keep the HELD largest of these and earlier candidates; return the others, to be read."""
        pool = candidates if self.rows is None else concat([self.rows, candidates])
        weight = _weight(pool)
        order = np.argsort(-weight, kind="stable")
        self.rows = pool.iloc[np.sort(order[:HELD])]
        rest = pool.iloc[np.sort(order[HELD:])]
        return rest if len(rest) else None

    def judge(
        self, sums: dict[str, float], ends: tuple[int, int], count: int = 0
    ) -> tuple[list[tuple[int, str]], pd.DataFrame | None]:
        """(row, why) of the held rows that are totals, and the held rows that are data.

        `sums` are the column sums of every row read, the held ones not included; `ends`
        the file's first and last data rows: a summary row sits at one end or the other.
        `count` is the file's rows: a row with labels is a total only over two rows at least
        (a row equal to the one other row is a repeat, not its total)."""
        if self.rows is None or self.rows.empty:
            return [], None
        rows = self.rows
        labelled = np.zeros(len(rows), bool)
        if LABELLED in rows.columns:
            labelled = rows[LABELLED].to_numpy(dtype=bool)
        held_sums = {c: _sum(rows[c]) for c in SUMMED if c in rows.columns}
        totals: list[tuple[int, str]] = []
        keep = np.ones(len(rows), dtype=bool)
        for i in np.argsort(-_weight(rows), kind="stable"):
            if int(rows.index[int(i)]) not in ends or (labelled[int(i)] and count < 3):
                continue
            row = rows.iloc[int(i)]
            if labelled[int(i)] and _AT_HANDLE.fullmatch(str(row.get("influencer", "")).strip()):
                continue  # a creator's row (`@c`), however its figures add up: no summary is one
            compared = 0
            for column in SUMMED:
                if column not in rows.columns or pd.isna(row[column]):
                    continue
                others = sums.get(column, 0) + held_sums[column] - row[column]
                if not _same(row[column], others):
                    compared = -1
                    break
                if row[column] != 0:
                    compared += 1
            if compared >= 2:
                keep[int(i)] = False
                blank = "" if labelled[int(i)] else "blank labels and "
                why = f"{blank}every count equal to the sum of the other rows: a totals row"
                totals.append((int(rows.index[int(i)]), why))
                for column in held_sums:  # a second summary row is compared without this one
                    if not pd.isna(row[column]):
                        held_sums[column] -= row[column]
        data = rows[keep].drop(columns=LABELLED, errors="ignore")
        return sorted(totals), (data if len(data) else None)


_AT_HANDLE = re.compile(r"@[\w.]+")


def _weight(frame: pd.DataFrame) -> np.ndarray:
    total = np.zeros(len(frame))
    for column in SUMMED:
        if column in frame.columns:
            values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=0.0)
            total += np.abs(values)
    return total


def _sum(series: pd.Series) -> Any:
    values = series.dropna()
    if len(values) == 0:
        return 0
    if pd.api.types.is_integer_dtype(values.dtype):
        return sum(int(v) for v in values)
    return float(values.sum())


def same(a: Any, b: Any) -> bool:
    """Equal as a summary row states a sum: whole numbers exactly, money to the cent."""
    return _same(a, b)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, np.integer)) and isinstance(b, (int, np.integer)):
        return int(a) == int(b)
    a, b = float(a), float(b)
    return abs(a - b) <= 0.01 + 1e-9 * max(abs(a), abs(b))  # a summary rounds money to the cent


Sums = Callable[[], dict[str, float]]
