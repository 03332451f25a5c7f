"""Windows-1250 or Windows-1252: which code page a CSV saved by Excel (not UTF-8) is in.

Central European Excel saves "CSV" in Windows-1250, Western Excel in Windows-1252, and the
two share their bytes 80-FF with different meanings: E8 is `è` (French, Italian) or `č`
(Czech), F8 `ø` (Danish, Norwegian) or `ř`, F1 `ñ` or `ń`, A3 `£` or `Ł`, B3 `³` or `ł`.
One ambiguous byte proves nothing (audit s #6: a UK tracker's `£k` was read as `Łk` and
its spend lost; #7: Czech `ř č ě ů` are Western letters too, so Czech files stayed 1252).
So every word holding such a byte is read both ways and scored for how plausible its
letters are: a sign between letters (`@³ucja`) is no word; the letters of one word belong
to one language (`Dvořák` is Czech, `Dvoøák` is no language's: Danish has no `á`);
Polish writes `ni`/`si` before a vowel, never `ń`/`ś` (`Muńoz`, `cśur` are not Polish);
Czech `ř` touches a vowel (`Sřren`, `Bjřrn` are Danish `Søren`, `Bjørn`); `£` before a
figure or `k` is a pound. The file is Windows-1250 only when its words make that reading
the more plausible by a clear margin (two points: one word's letter against a sign);
Windows-1252, by far the more common, otherwise. Alphabets: the Polish, Czech, Slovak,
Hungarian, Romanian and Croatian ones for 1250, the Western European ones for 1252
(https://blog.silverpc.hu/?p=517259 on Polish and Czech Excel CSV in Windows-1250).

Excel for Mac saves "CSV" in Mac Roman, with a CR alone ending each line ("CSVs produced
by Excel on Windows encode text using Windows-1252, and CSVs produced by Excel on Mac use
MacRoman": seeblog.seenet.ca, "CSV Support in Excel for Mac 2016 is a Travesty";
donatstudios.com/CSV-An-Encoding-Nightmare). Its bytes 80-FF are Western letters where
Windows-1252 has signs: 8E `é` is `Ž`, 91 `ë` is `‘`, 96 `ñ` is `–`, CA a no-break space
is `Ê`, DB `€` is `Û` (audit E-6: `Dépenses` read as `DŽpenses`, `Zoë` as `Zo‘`). The same
words decide: Mac Roman when its reading is the more plausible by the margin, or at least
as plausible in a file whose lines end with a CR alone (as no Windows program writes them).

Japanese Excel saves "CSV" in Shift-JIS (code page 932); kpi does not read it, and says
so rather than calling it damaged UTF-8 (its double bytes may look like UTF-8's by chance)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

from kpi_cli.lazy import lazy_compile

# Each language's letters beyond ASCII (lowercase). A word whose letters no one language
# holds is no word of that code page.
_ALPHABETS = {
    "cp1252": (
        "àâæçéèêëîïôœùûüÿ",  # French
        "áéíñóúü",  # Spanish
        "áâãàçéêíóôõú",  # Portuguese
        "àèéìíòóùúî",  # Italian
        "àçèéíïòóúü",  # Catalan
        "äöüß",  # German
        "éëïóöüèáàê",  # Dutch
        "æøåéó",  # Danish, Norwegian
        "åäöé",  # Swedish
        "äöåšž",  # Finnish
        "áéíóúýþðæö",  # Icelandic
        "äöüõšž",  # Estonian
    ),
    "cp1250": (
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "áéíóöőúüű",  # Hungarian
        "ăâîşţșț",  # Romanian
        "čćđšž",  # Croatian, Slovene
        "äöüß",  # German
    ),
}
_ALPHABETS["mac_roman"] = _ALPHABETS["cp1252"]  # the same Western languages
# Letters of a code page that are rare in its languages' text: no evidence for it.
_RARE = {"cp1252": set("ÿþðÿŸÞÐ"), "cp1250": set("ĺľŕőűăşţđĹĽŔŐŰĂŞŢĐ"), "mac_roman": set("ÿŸ")}
_MID_WORD_RARE = set("ìòùÌÒÙ")  # Italian's grave vowels end words (`così`, `però`, `più`)
_VOWELS = set("aeiouyøæœ")
_UNITS = {"m", "cm", "dm", "km", "mm", "ft", "in"}  # `50m³`, `120m²`
_MONEY = {  # `500 Kč`
    "cp1250": re.compile(r"^\d*(?:zł|Kč)$"),
    "cp1252": re.compile(r"^\d*(?:z³|Kè)$"),
    "mac_roman": re.compile(r"^\d*(?:z≥|KË)$"),
}
_APOSTROPHES = "’ʼ"  # `Nike’s`, `l’Oréal`: a word's own sign, as `–` is in `Jan–Mar`
_DASHES = "–—"
_QUOTES = "“”„«»‹›"  # around a word: `“Summer”`
_MARKS = "™®©"  # closing a word: `Glow™`
# A no-break space (A0 in both code pages) parts words, as Excel writes it in `1 234,56 Kč`
# (audit t2, R7: `56 Kč` was one word, and the money mark was never seen).
_WORD = re.compile(rb"[0-9A-Za-z@_\x80-\x9f\xa1-\xff]*[\x80-\x9f\xa1-\xff][0-9A-Za-z@_\x80-\x9f\xa1-\xff]*")
_CAP = 5000  # distinct words scored: plenty to decide, bounded on a file of millions of rows
MARGIN = 2


def _vowel(c: str) -> bool:
    return unicodedata.normalize("NFD", c)[:1].lower() in _VOWELS


def _letters_ok(word: str, page: str) -> bool:
    letters = {c.lower() for c in word if ord(c) >= 0x80 and c.isalpha() and c not in "ºª"}
    return not letters or any(letters <= set(alphabet) for alphabet in _ALPHABETS[page])


def _joins(word: str, i: int, c: str) -> bool:
    """A dash joining two words (`Jan–Mar`, `Paris–Berlin`), not one inside a word (`Bego–a`,
    `Inversi—n`: Mac Roman's `ñ` and `ó` read as Windows-1252)."""
    if c not in _DASHES:
        return False
    before = re.search(r"[^\W\d_]*$", word[:i])
    after = re.match(r"[^\W\d_]*", word[i + 1 :])
    return bool(before and after and len(before.group()) >= 2 and len(after.group()) >= 2)


def score(word: str, page: str) -> int:
    """How plausible one word is read in `page` (positive: letters of its languages; negative:
    signs between letters, a mix of languages, spellings its languages never have)."""
    if "\ufffd" in word:
        return -5  # a byte the code page leaves undefined
    if _MONEY[page].match(word):
        return 2 if page == "cp1250" else -1  # Polish and Czech money marks; `Kè` is no word
    points = 0
    last = len(word) - 1
    for i, c in enumerate(word):
        if ord(c) < 0x80:
            continue
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i < last else ""
        if not c.isalpha():
            if prev.isalpha() and nxt.isalpha() and (c in _APOSTROPHES or _joins(word, i, c)):
                points += 1  # `Nike’s`, `Jan–Mar`
            elif prev.isalpha() and nxt.isalpha():
                points -= 3  # `@³ucja`, `szko³y`
            elif c in _QUOTES and (not prev or not nxt):
                points += 1  # `“Summer”`
            elif c in _MARKS and prev.isalpha() and not nxt:
                points += 1  # `Glow™`
            elif c == "\xa0" and prev.isdigit() and (nxt.isdigit() or nxt in "€£$"):
                points += 1  # `12 500`, `56 €`: Mac Roman's no-break space (CA) between figures
            elif c in "£€¥" and (nxt.isdigit() or word[i + 1 :].lower() in ("", "k", "m", "bn")):
                points += 1  # `£500`, `£k`
            elif c in "¹²³" and prev.isalpha() and not nxt:
                stem = word[:i].lstrip("0123456789")
                if stem.lower() in _UNITS:
                    points += 1  # `50m³`
                elif not stem[:1].isupper():
                    points -= 1  # `micha³`, `mark¹`; a footnote marks a header (`Spend¹`)
            elif c in "¿¡" and not prev and nxt.isalpha():
                points += 1  # `¿Qué`
            continue
        if c in "ºª":  # the ordinal signs are letters to Python: `1º`, `2ª`, `Nº1`; no letter elsewhere
            points += 1 if prev.isdigit() or prev in "Nn" else -1
            continue
        if prev.isdigit() or nxt.isdigit() or word[:1].isdigit():
            points -= 1  # `Ł500`, `50mł`: a letter glued to a figure
        elif c.islower() and nxt.isupper():
            points -= 2  # `żQué`
        elif c.isupper() and prev.isalpha() and (prev.islower() or nxt.islower()):
            points -= 2  # `CafŽ`, `DŽpenses`, `MŸller`: a capital inside a word of small letters
        elif page == "cp1250" and c in "ńśŃŚ" and nxt and _vowel(nxt):
            points -= 2  # `Muńoz`, `cśur`: Polish writes `ni`, `si` before a vowel
        elif page == "cp1250" and c in "řŘ" and not (prev and _vowel(prev)) and not (nxt and _vowel(nxt)):
            points -= 2  # `Sřren`, `Bjřrn`: Czech ř touches a vowel
        elif c in _RARE[page] or (page != "cp1250" and c in _MID_WORD_RARE and nxt):
            pass
        else:
            points += 1
    if not _letters_ok(word, page):
        points -= 2  # `Dvoøák`: no language has both
    return points


class Evidence:
    """The words of a file (block by block) that read differently in the code pages."""

    def __init__(self) -> None:
        self.words: Counter[bytes] = Counter()
        self.tail = b""
        self.grouped = 0  # `12 500` with Windows' no-break space (A0): `12†500` in Mac Roman
        self.cr = self.lf = False

    @property
    def full(self) -> bool:
        return len(self.words) >= _CAP

    def add(self, block: bytes) -> None:
        data = self.tail + block
        # A word is never cut in two (Excel for Mac ends its lines with a CR alone).
        cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1 if block else len(data)
        if not cut and len(data) > 1 << 20:
            cut = len(data)  # no line end in a megabyte: not worth holding
        data, self.tail = data[:cut], data[cut:]
        self.lf = self.lf or b"\n" in data
        self.cr = self.cr or b"\r" in data
        if self.full or not re.search(rb"[\x80-\xff]", data):
            return
        self.grouped += len(_GROUPED.findall(data))
        for found in _WORD.finditer(data):
            self.words[found.group()] += 1
            if self.full:
                break

    def _over(self, page: str, other: str) -> tuple[int, bool]:
        """`page`'s points over `other`'s over every word, and whether any word reads differently."""
        self.add(b"")
        total, differs = 0, False
        for raw, n in self.words.items():
            mine, theirs = raw.decode(page, "replace"), raw.decode(other, "replace")
            differs = differs or mine != theirs
            total += n * (score(mine, page) - score(theirs, other))
        return total, differs

    def margin(self) -> int:
        """Windows-1250's points over Windows-1252's, over every word of the file."""
        return self._over("cp1250", "cp1252")[0]

    def page(self, cp1250: bool) -> str:
        """The code page the file's words read best in: `mac_roman`, `cp1250` (only if every
        byte is one of its, `cp1250` True) or `cp1252`."""
        west = self.margin() if cp1250 else -MARGIN
        mac, differs = self._over("mac_roman", "cp1252")
        mac -= 2 * self.grouped
        cr_only = self.cr and not self.lf  # lines ending with a CR alone (no Windows program's)
        if differs and (mac >= max(west, 0) if cr_only else mac >= MARGIN and mac > west):
            return "mac_roman"  # ... a tie is Mac's
        return "cp1250" if west >= MARGIN else "cp1252"


_GROUPED = re.compile(rb"\d\xa0\d")

# Japanese Excel's Shift-JIS (cp932): a lead byte 81-9F or E0-FC, then a trail byte; A1-DF
# alone are half-width katakana.
_JAPANESE = lazy_compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uff9f]+")


def shift_jis(data: bytes, cut: bool) -> bool:
    """Whether bytes that are not UTF-8 are Japanese text in Shift-JIS: they decode as
    cp932, and its characters make words of their own (`さくら`, `日付`) rather than stand
    glued to Latin letters (`Dépenses` in Windows-1252 reads `D` + a kanji + `penses`).
    `cut`: the data stops inside the file (its last character may be cut in two)."""
    try:
        text = data.decode("cp932") if not cut else codecs.getincrementaldecoder("cp932")().decode(data)
    except UnicodeDecodeError:
        return False
    words = glued = 0
    for found in _JAPANESE.finditer(text):
        before = text[found.start() - 1 : found.start()]
        after = text[found.end() : found.end() + 1]
        if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
            glued += 1
        elif len(found.group()) >= 2:
            words += 1
    return words > 0 and glued < words
