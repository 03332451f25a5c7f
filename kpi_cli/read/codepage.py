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
(https://blog.silverpc.hu/?p=517259 on Polish and Czech Excel CSV in Windows-1250)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

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
# Letters of a code page that are rare in its languages' text: no evidence for it.
_RARE = {"cp1252": set("ÿþðÿŸÞÐ"), "cp1250": set("ĺľŕőűăşţđĹĽŔŐŰĂŞŢĐ")}
_MID_WORD_RARE = set("ìòùÌÒÙ")  # Italian's grave vowels end words (`così`, `però`, `più`)
_VOWELS = set("aeiouyøæœ")
_UNITS = {"m", "cm", "dm", "km", "mm", "ft", "in"}  # `50m³`, `120m²`
_MONEY = {"cp1250": re.compile(r"^\d*(?:zł|Kč)$"), "cp1252": re.compile(r"^\d*(?:z³|Kè)$")}  # `500 Kč`
# A no-break space (A0 in both code pages) parts words, as Excel writes it in `1 234,56 Kč`
# (audit t2, R7: `56 Kč` was one word, and the money mark was never seen).
_WORD = re.compile(rb"[0-9A-Za-z@_\x80-\x9f\xa1-\xff]*[\x80-\x9f\xa1-\xff][0-9A-Za-z@_\x80-\x9f\xa1-\xff]*")
_CAP = 5000  # distinct words scored: plenty to decide, bounded on a file of millions of rows
MARGIN = 2


def _vowel(c: str) -> bool:
    return unicodedata.normalize("NFD", c)[:1].lower() in _VOWELS


def _letters_ok(word: str, page: str) -> bool:
    letters = {c.lower() for c in word if ord(c) >= 0x80 and c.isalpha()}
    return not letters or any(letters <= set(alphabet) for alphabet in _ALPHABETS[page])


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
            if prev.isalpha() and nxt.isalpha():
                points -= 3  # `@³ucja`, `szko³y`
            elif c in "£€¥" and (nxt.isdigit() or word[i + 1 :].lower() in ("", "k", "m", "bn")):
                points += 1  # `£500`, `£k`
            elif c in "¹²³" and prev.isalpha() and not nxt:
                stem = word[:i].lstrip("0123456789")
                if stem.lower() in _UNITS:
                    points += 1  # `50m³`
                elif not stem[:1].isupper():
                    points -= 1  # `micha³`, `mark¹`; a footnote marks a header (`Spend¹`)
            elif (c in "ºª" and prev.isdigit()) or (c in "¿¡" and not prev and nxt.isalpha()):
                points += 1  # `1º`, `¿Qué`
            continue
        if prev.isdigit() or nxt.isdigit() or word[:1].isdigit():
            points -= 1  # `Ł500`, `50mł`: a letter glued to a figure
        elif c.islower() and nxt.isupper():
            points -= 2  # `żQué`
        elif page == "cp1250" and c in "ńśŃŚ" and nxt and _vowel(nxt):
            points -= 2  # `Muńoz`, `cśur`: Polish writes `ni`, `si` before a vowel
        elif page == "cp1250" and c in "řŘ" and not (prev and _vowel(prev)) and not (nxt and _vowel(nxt)):
            points -= 2  # `Sřren`, `Bjřrn`: Czech ř touches a vowel
        elif c in _RARE[page] or (page == "cp1252" and c in _MID_WORD_RARE and nxt):
            pass
        else:
            points += 1
    if not _letters_ok(word, page):
        points -= 2  # `Dvoøák`: no language has both
    return points


class Evidence:
    """The words of a file (block by block) that read differently in the two code pages."""

    def __init__(self) -> None:
        self.words: Counter[bytes] = Counter()
        self.tail = b""

    def add(self, block: bytes) -> None:
        data = self.tail + block
        cut = data.rfind(b"\n") + 1 if block else len(data)  # a word is never cut in two
        if not cut and len(data) > 1 << 20:
            cut = len(data)  # no line end in a megabyte: not worth holding
        data, self.tail = data[:cut], data[cut:]
        if len(self.words) >= _CAP or not re.search(rb"[\x80-\xff]", data):
            return
        for found in _WORD.finditer(data):
            self.words[found.group()] += 1
            if len(self.words) >= _CAP:
                break

    def margin(self) -> int:
        """Windows-1250's points over Windows-1252's, over every word of the file."""
        self.add(b"")
        total = 0
        for raw, n in self.words.items():
            total += n * (
                score(raw.decode("cp1250", "replace"), "cp1250")
                - score(raw.decode("cp1252", "replace"), "cp1252")
            )
        return total
