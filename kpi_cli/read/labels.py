"""Text columns of an export: blanks and missing-value spellings, and the dictionaries
of dimension values (platforms, tiers, creators) kept across batches."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from kpi_cli import compute as pc
from kpi_cli.arrow import bools, from_numpy, ints
from kpi_cli.benchmarks import FORMAT_NAMES, PLATFORM_NAMES, format_key, platform_key
from kpi_cli.columns import NAME_BLANKS, NULLS
from kpi_cli.frame import Codes
from kpi_cli.hashing import HashSlots, hash_text, post_keys, text_bytes
from kpi_cli.lazy import lazy_compile
from kpi_cli.read.totals import is_subtotal, looks_subtotal, subtotal_candidates, subtotal_key, totals_mask
from kpi_cli.text import INVISIBLE_RE2, as_typed, text_key, visible

_NAME_NULLS = sorted({t for tok in NAME_BLANKS for t in (tok, tok.upper(), tok.title())})
_NULL_BYTES = max(len(t.encode()) for t in (*NULLS, *_NAME_NULLS))  # no missing-value spelling is longer


@lru_cache(maxsize=2)
def _null_set(names: bool) -> pa.Array:
    """The missing-value spellings as Arrow text (built on first use, not at import)."""
    return pa.array(_NAME_NULLS if names else ["", *NULLS], pa.string())


def blank_to_null(arr: pa.Array, names: bool = False) -> pa.Array:
    """Surrounding spaces off a text column; blanks and missing-value spellings made missing.

    `names`: a column of names (campaigns, creators, platforms), where only a blank and the
    placeholders no name is spelt as are missing (columns.NAME_BLANKS): `NA` is a campaign
    for North America there, not a number nobody knows."""
    text = pc.cast(arr, pa.string())
    if may_need_trim(text):
        text = pc.utf8_trim_whitespace(text)
    text = unmarked(text)
    if names:
        text = _visible(text)
    if len(text) == text.null_count or not _may_be_missing(text, names):
        return text  # no value starts and is as long as a missing-value spelling: nothing to look up
    missing = pc.is_in(text, value_set=_null_set(names))
    if pc.any(missing).as_py():
        text = pc.if_else(missing, pa.scalar(None, pa.string()), text)
    return text


@lru_cache(maxsize=2)
def _starts_and_lengths(names: bool) -> np.ndarray:
    """Which (first byte, length in bytes) a missing-value spelling has: a table of 256 rows
    and a column per length up to _NULL_BYTES, then one (False) for every longer value.
    The empty spelling's column is True in every row (an empty value's "first byte" is a
    neighbour's)."""
    table = np.zeros((256, _NULL_BYTES + 2), dtype=bool)
    for token in _NAME_NULLS if names else ["", *NULLS]:
        encoded = token.encode()
        if encoded:
            table[encoded[0], len(encoded)] = True
        else:
            table[:, 0] = True
    return table


def _may_be_missing(text: pa.Array, names: bool) -> bool:
    """Whether a value may be a missing-value spelling, by its first byte and length: a
    column of post IDs (`p0000012345`) is none, without hashing a million values to look
    them up (two thirds of a plain 10M-row file's post IDs' time on the main thread)."""
    offsets, data = text_bytes(text)
    lengths = np.minimum(np.diff(offsets), _NULL_BYTES + 1).astype(np.uint16)
    first = np.take(data, offsets[:-1], mode="clip") if len(data) else np.zeros(len(text), np.uint8)
    key = first.astype(np.uint16) * np.uint16(_NULL_BYTES + 2) + lengths  # a row and column of the table
    return bool(_starts_and_lengths(names).ravel()[key].any())


_MARKS = np.array([ord("'"), ord("=")], dtype=np.uint8)


def unmarked(text: pa.Array) -> pa.Array:
    """Cells a spreadsheet marks as text, as the text they mark: `="0123"` (the formula
    exporters write so Excel keeps a long ID or a leading zero) and a `'` before a digit or
    a formula sign (`'0123`; `'@lena`, an exporter's guard against formula injection, as
    `kpi --excel-safe` writes). Else `="179123…"` beside `179123…` were two posts, `'@lena`
    beside `@lena` two creators (audit v). A byte check first: most batches have none."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    offsets, data = text_bytes(text)
    if not len(data):
        return text
    first = np.take(data, offsets[:-1], mode="clip")  # an empty value's: a neighbour's byte
    marked = (first == _MARKS[0]) | (first == _MARKS[1])
    if not marked.any() or not (marked & (offsets[1:] > offsets[:-1])).any():
        return text
    text = pc.replace_substring_regex(text, r'^="(.*)"$', r"\1")
    return pc.replace_substring_regex(text, r"^'([=+\-@0-9])", r"\1")


def _visible(text: pa.Array) -> pa.Array:
    """Names without the characters that show as nothing (text.visible): `@an<ZWSP>na` is
    @anna, shown and counted once. Only names with such a character go through Python."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if pc.all(pc.string_is_ascii(text)).as_py() is not False:
        return text
    hidden = pc.fill_null(pc.match_substring_regex(text, INVISIBLE_RE2), False)
    if not pc.any(hidden).as_py():
        return text
    at = np.flatnonzero(bools(hidden))
    shown = [visible(name).strip() or None for name in pc.take(text, from_numpy(at)).to_pylist()]
    return pc.replace_with_mask(text, hidden, pa.array(shown, pa.string()))


def may_need_trim(text: pa.Array) -> bool:
    """False when no value starts or ends with a space (or any non-ASCII byte).

    Looking at the first and last byte of each value is far cheaper than trimming
    ten million post IDs that have nothing to trim. Unicode spaces start and end
    with non-ASCII bytes, so they still go to the trim. A blank or missing value has
    no bytes: the byte looked at for it is a neighbour's (or the nearest one in the
    buffer), which can only ever send the column to the trim, never miss a value.
    """
    if isinstance(text, pa.ChunkedArray):
        return True
    offsets, data = text_bytes(text)
    if len(data) == 0:
        return False
    for at in (offsets[:-1], offsets[1:] - 1):  # each value's first byte, then its last
        edge = np.take(data, at, mode="clip")
        edge -= np.uint8(0x21)  # bytes 0x21-0x7F (printable ASCII) become 0x00-0x5E
        if edge.max() >= 0x5F:
            return True
    return False


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class Categories:
    """One file's dictionary of a dimension column, kept across batches.

    Each batch's values are looked up in it (only the batch's distinct values: by Arrow,
    or by hash past _HASHED values, see _find), so every batch shares one pandas
    CategoricalDtype, built only when new values turn up, instead of pandas checking
    thousands of categories per batch.
    """

    values: list[str] = field(default_factory=list)
    _texts: HashedTexts = field(default_factory=lambda: HashedTexts())  # the values, as Arrow text
    # Code of each value seen in a small dictionary (platforms, tiers; -1: a missing-value
    # spelling): most batches bring the same few values again, in any order, and a
    # dozen Arrow calls to look them up cost more than the rest of the column. Codes
    # never change once given (values only grow).
    _code_of: dict[str | None, int] = field(default_factory=dict)
    totals: set[int] = field(default_factory=set)  # codes of values that read as totals labels
    words: set[int] = field(default_factory=set)  # ... as totals.WORDS: totals only where they sit
    _folds: set[str] | None = (
        None  # the values through totals.subtotal_key, once a subtotal may be among them
    )
    extra: tuple[re.Pattern[str], ...] = ()  # a profile's own totals labels

    def encode(self, arr: pa.Array) -> Codes:
        dictionary_array = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
        dictionary = dictionary_array.dictionary
        if len(dictionary) <= _SMALL:
            words = dictionary.to_pylist()
            known = [self._code_of.get(word) for word in words]
            if None in known:
                lookup = self._codes(dictionary)
                self._code_of.update(zip(words, lookup[:-1].tolist(), strict=True))
            else:
                lookup = np.array([*known, -1], dtype=np.int32)
        else:
            lookup = self._codes(dictionary)
        indices = dictionary_array.indices
        positions = pc.fill_null(indices, len(lookup) - 1) if indices.null_count else indices
        return Codes(lookup[ints(positions)], self.values)

    def _codes(self, dictionary: pa.Array) -> np.ndarray:
        """The code of each dictionary value (-1: a missing-value spelling), then -1 for null."""
        text = blank_to_null(dictionary, names=True)
        codes = np.append(self._find(text), -1).astype(np.int32)
        new = pc.and_(pc.is_valid(text), from_numpy(codes[:-1] < 0))
        if pc.any(new).as_py():
            unseen = pc.filter(text, new)
            fresh = pc.unique(unseen)
            start = len(self.values)
            self._learn(fresh)
            # each new value's code: the next ones, in the order _learn took them (only
            # the new values looked up again, not the batch's 110,000 creators; and none
            # when they were distinct, as a dictionary's values are unless trimming made
            # two one: pc.unique keeps the order they came in)
            at = np.arange(len(fresh))
            if len(fresh) < len(unseen):
                at = ints(pc.index_in(unseen, value_set=fresh))
            codes[np.flatnonzero(bools(new))] = start + at
        return codes

    def _find(self, text: pa.Array) -> np.ndarray:
        """Each value's code, -1 for a value not seen yet or missing.

        A batch of 170,000 rows holds some 110,000 of 200,000 creators: `pc.index_in`
        would hash all the values seen so far again for each batch. Past _HASHED values
        they are found by hash (HashedTexts.find), and by text when hashes cannot say.
        """
        if len(self.values) > _HASHED:
            codes = self._texts.find(text)
            if codes is not None:
                return codes
        return ints(pc.fill_null(pc.index_in(text, value_set=self._texts.texts), -1))

    def _learn(self, fresh: pa.Array) -> None:
        """Take in values not seen before (distinct, none missing): each gets the next code."""
        words = fresh.to_pylist()
        found = totals_mask(fresh, self.extra)  # each value looked at once per file, when first seen
        if found is not None:
            self.totals.update(len(self.values) + int(i) for i in np.flatnonzero(found))
        found = totals_mask(fresh, words=True)
        if found is not None:
            self.words.update(len(self.values) + int(i) for i in np.flatnonzero(found))
        maybe = [i for i in subtotal_candidates(fresh) if looks_subtotal(words[i])]
        if maybe and self._folds is None:  # rare: only then is the set of values seen so far built
            self._folds = {subtotal_key(v) for v in self.values}
        if self._folds is not None:
            at = 0
            for i in maybe:  # values of this batch count if they come first, as they do above a subtotal
                self._folds.update(subtotal_key(w) for w in words[at:i])
                at = i
                if is_subtotal(words[i], self._folds):
                    self.totals.add(len(self.values) + i)
            self._folds.update(subtotal_key(w) for w in words[at:])
        self.values.extend(words)
        self._texts.add(fresh)


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class HashedTexts:
    """Distinct texts kept across batches, each found at its position by its 64-bit hash.

    The hashes' table is kept between batches, and grown as texts are added (Arrow's
    lookups hash every text kept again for each batch). Each text found is compared with
    the text it was taken for, so two texts sharing a hash are never mixed up: `find` then
    says it cannot tell, for that batch, or for good once two texts kept share one."""

    texts: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    hashes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    shared: bool = False  # two texts kept share a hash
    _table: HashSlots | None = None  # the hashes' positions, built on the first lookup

    def find(self, text: pa.Array, hashes: np.ndarray | None = None) -> np.ndarray | None:
        """Each value's position in `texts` (-1: not there, or missing); None when hashes
        cannot tell. `hashes`: the values' own, when the caller has them."""
        if self.shared:
            return None
        if self._table is None:
            self._table = HashSlots.of(self.hashes)
            if self._table is None:
                self.shared = True
                return None
        if hashes is None:
            hashes = hash_text(pc.fill_null(text, ""))
        found = self._table.find(hashes)
        if text.null_count:
            found[bools(pc.is_null(text))] = -1
        taken = pc.take(self.texts, from_numpy(found, mask=found < 0))
        if pc.any(pc.not_equal(text, taken)).as_py():
            return None
        return found

    def add(self, text: pa.Array, hashes: np.ndarray | None = None) -> None:
        """Keep texts not kept yet (distinct, none missing), after the others."""
        start = len(self.hashes)
        new = hash_text(text) if hashes is None else hashes
        self.texts = pa.concat_arrays([self.texts, pc.cast(text, pa.string())])
        self.hashes = np.concatenate([self.hashes, new])
        if self._table is not None and not self.shared and not self._table.add(new, start):
            self.shared = True  # a new text with a kept one's hash, or two new ones sharing one


_HASHED = 4096  # values seen before lookups go by hash (see Categories._find)


_SMALL = 32  # the values of dictionaries up to this size are remembered by Categories


# --------------------------------------------------------------------------- one value, however written

# A creator's profile link in the creator column (trackers paste it where the handle goes):
# the handle it names. Instagram's profile is instagram.com/<username>/ (a share link adds
# ?igsh=…), TikTok's tiktok.com/@<user>, YouTube's youtube.com/@<handle> (YouTube's handles,
# 2022), Threads' threads.net/@<user>, X's x.com/<user> (twitter.com before). Posts and pages
# sit under reserved first words (instagram.com/p/…, /reel/, /stories/, /explore/; x.com/i/,
# /intent/), which name no one; any longer path is no profile either.
_PROFILE = lazy_compile(
    r"^(?:https?://)?(?:www\.|m\.)?"
    r"(?:(?:instagram\.com|instagr\.am|x\.com|twitter\.com)/"
    r"(?!(?:p|reels?|tv|stories|explore|accounts|direct|s|i|home|intent|share|hashtag|search)(?:[/?#]|$))@?"
    r"|(?:tiktok\.com|youtube\.com|threads\.net|threads\.com)/@)"
    r"([\w.]+)/?(?:[?#].*)?$"
)


def value_key(dim: str, text: str) -> str:
    """What a value of the text column `dim` is, however written: what kpi groups and counts
    by, in a file and across files, whatever the options (score.value_folds), and what goals
    look names up by. Every column compares as text.text_key does (Unicode NFKC, spaces
    collapsed, a no-break space a space, case folded); on top, a creator's leading `@` and a
    profile link are the handle (`https://www.instagram.com/lena/` is `@lena`), platforms and
    formats are one however abbreviated (benchmarks.platform_key, format_key), and a post
    is the post its link names (hashing.post_keys: case matters in an Instagram shortcode)."""
    if dim == "post_id":
        return str(post_keys(pa.array([text.strip()], pa.string()))[0].as_py())
    if dim == "platform":
        return platform_key(text)
    if dim == "format":
        return format_key(text)
    key = text_key(text)
    if dim == "influencer":
        profile = _PROFILE.match(key) if "/" in key else None
        return (profile.group(1) if profile else key).lstrip("@")
    return key


_PLATFORM_SPELT = {"tiktok": "TikTok", "youtube": "YouTube", "linkedin": "LinkedIn", "x": "X"}
# Platforms and formats kpi names itself: those benchmarks know by their aliases, and the
# platforms trackers write with none.
_KNOWN_PLATFORMS = frozenset(PLATFORM_NAMES) | {"pinterest", "linkedin", "threads", "twitch"}
_KNOWN_FORMATS = frozenset(FORMAT_NAMES)
_BY_ARROW = ("influencer", "campaign", "campaign_type")  # columns of many values, keyed by Arrow
_ASCII_SPACES = "[\t\n\x0b\x0c\r\x1c-\x1f ]+"  # what str.split() splits ASCII text at (RE2)


def _case_rank(text: str) -> int:
    """`TikTok` (0) over `tiktok` (1) over `TIKTOK` (2): capitals alone are an export's (or a
    caps-lock's) way of writing a name, not the name."""
    return 1 if text == text.lower() else 2 if text == text.upper() else 0


class Identity(NamedTuple):
    """How the values of one text column are told apart (`keys`: value_key) and which of a
    value's spellings (`text`, of key `key`) is shown (`rank`, lowest first):
    kpis.Aggregator's folds."""

    dim: str

    def keys(self, texts: list[str]) -> list[str | None]:
        """value_key of each text. 200,000 creators or a million post IDs are keyed by Arrow
        where it gives what value_key gives: post IDs, and names in ASCII (most of them)."""
        if self.dim == "post_id":
            return post_keys(pa.array([text.strip() for text in texts], pa.string())).to_pylist()
        if self.dim not in _BY_ARROW or not texts:
            return [value_key(self.dim, text) for text in texts]
        return self.arrow_keys(texts).to_pylist()

    def arrow_keys(self, texts: list[str]) -> pa.Array:
        """`keys` as Arrow text: kpis._Numbering hashes 200,000 creators' keys, and makes no
        Python string of them unless two might be one."""
        if self.dim == "post_id" or self.dim not in _BY_ARROW or not texts:
            return pa.array(self.keys(texts), pa.string())
        values = pa.array(texts, pa.string())
        plain = pc.fill_null(pc.string_is_ascii(values), False)
        if self.dim == "influencer":  # a link goes through value_key (a profile is its handle)
            plain = pc.and_(plain, pc.invert(pc.fill_null(pc.match_substring(values, "/"), True)))
        offsets, data = text_bytes(values)
        if (data[offsets[0] : offsets[-1]] <= 0x20).any():  # a space or control byte somewhere
            spaced = pc.replace_substring_regex(values, _ASCII_SPACES, " ")
            keys = pc.ascii_lower(pc.utf8_trim(spaced, characters=" "))
        else:  # none to collapse or trim (200,000 handles: the regex was a third of their keys)
            keys = pc.ascii_lower(values)
        if self.dim == "influencer":
            keys = pc.utf8_ltrim(keys, characters="@")
        keys = pc.if_else(plain, keys, pa.scalar(None, pa.string()))
        rest = ~bools(plain)
        if not rest.any():
            return keys
        done = [value_key(self.dim, texts[i]) for i in np.flatnonzero(rest).tolist()]
        return pc.replace_with_mask(keys, pa.array(rest), pa.array(done, pa.string()))

    def name(self, key: str) -> str | None:
        """The name a platform or format is shown by when none of its spellings is the name
        in full (`Instagram Reels` and `IG Stories` are `Instagram`; verify C V-4)."""
        if self.dim == "platform" and key in _KNOWN_PLATFORMS:
            return _PLATFORM_SPELT.get(key, key.title())
        if self.dim == "format" and key in _KNOWN_FORMATS:
            return key.capitalize()
        return None  # a value kpi has no name of its own for keeps one of its spellings

    def rank(self, text: str, key: str) -> tuple[int, int, int]:
        """The value's name in full (`Instagram`, not `Instagram Reels`, which has the name in
        full before `IG Reels`; `Reel`, not `Reels`; `@lena`, not her profile link), then a
        spelling as typed (text.as_typed: not `＠lena`, nor `Spring<NBSP>Launch`), then mixed
        case over lower case over capitals (`TikTok`, `tiktok`, `TIKTOK`). Among equals
        kpis._Numbering shows the least as text (`@noor` before `noor`), whatever order the
        rows came in."""
        plain = text.strip() if self.dim == "post_id" else text_key(text)
        named = 0 if plain == key or plain.removeprefix("@") == key else 1 if key in plain else 2
        return (named, 0 if as_typed(text) else 1, _case_rank(text))


def match_key(scope: str, name: str) -> str:
    """What a campaign's (`scope` campaign) or creator's (creator) name is, however written:
    goals look names up by it, as the scorer groups them (value_key), so a goal for `Spring
    Launch` is judged on `SPRING LAUNCH` and `spring launch` too."""
    return value_key("influencer" if scope == "creator" else "campaign", name)
