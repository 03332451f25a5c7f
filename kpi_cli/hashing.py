"""64-bit hashes of text values, vectorised, for counting distinct post IDs.

Ten million post IDs do not fit a bounded memory budget as strings, but their
hashes take 8 bytes each. Counting distinct hashes gives the number of distinct IDs
unless two different IDs share a hash; for n IDs that has probability about
n² / 2⁶⁵ (3 in a million for 10 million IDs). Hashes live only inside one process.
"""

from __future__ import annotations

# hashlib's own blake2b: hashlib itself also loads OpenSSL's hashes (_hashlib), ~3 ms of a
# small run, for none of which kpi has a use.
from _blake2 import blake2b
from typing import Any

import numpy as np
import pyarrow as pa

from kpi_cli import compute as pc
from kpi_cli.arrow import from_numpy

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_WIDE = 256  # longer values are hashed one by one (blake2b)


def mix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, in place (give it a fresh array): a bijection on uint64
    that spreads every input bit."""
    t = x >> np.uint64(30)
    x ^= t
    x *= _M1
    np.right_shift(x, np.uint64(27), out=t)
    x ^= t
    x *= _M2
    np.right_shift(x, np.uint64(31), out=t)
    x ^= t
    return x


def hash_text(values: Any) -> np.ndarray:
    """uint64 hash of each value's UTF-8 text; the caller drops missing values first.

    A value's hash depends on its text alone, never on the other values of its batch
    (the same post ID in two batches or files must count once): a hash of its length,
    then its 8-byte words, the last one being its last 8 bytes (overlapping the word
    before when the length is not a multiple of 8; shorter values are zero-padded).
    Each word is mixed in except the last, which is only xor-ed on: the mix is a
    bijection, so one more would tell no two values apart. `values`: an Arrow array, or
    anything pa.array takes (a pandas Series or Index by its `.array`), so hashing needs
    no pandas of its own (a small run need not import it).
    """
    if isinstance(values, pa.Array | pa.ChunkedArray):
        arr = values
    elif hasattr(values, "array"):  # pandas' own: pandas is loaded
        arr = pa.array(values.array, from_pandas=True)
    else:  # text stated as such: pyarrow imports pandas to infer a type
        try:
            arr = pa.array(values, pa.string())
        except pa.ArrowTypeError:  # not all text (numbers): read as pyarrow infers them
            arr = pa.array(values, from_pandas=True)
    arr = _as_text(arr)
    n = len(arr)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    if arr.null_count:
        raise ValueError("hash_text: drop missing values first")
    offsets, data = text_bytes(arr)
    lengths = np.diff(offsets)
    width = int(lengths.max())
    if width > _WIDE:
        return _hash_with_wide(arr, lengths)
    if int(lengths.min()) == width:  # every value as long (IDs usually are): read in place
        return _hash_same_length(data, int(offsets[0]), n, width)
    h = np.empty(n, dtype=np.uint64)
    starts = offsets[:-1]
    for length in np.flatnonzero(np.bincount(lengths)):  # the lengths found (np.unique imports numpy.ma)
        rows = np.flatnonzero(lengths == length)
        text = data[starts[rows][:, None] + np.arange(length)]  # those values, one per row
        h[rows] = _hash_same_length(text.reshape(-1), 0, len(rows), int(length))
    return h


def text_bytes(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's offsets and UTF-8 bytes as numpy views of its buffers (no copy):
    value i is bytes[offsets[i]:offsets[i + 1]]."""
    _, offsets_buf, data_buf = arr.buffers()
    size = 4 if arr.type == pa.string() else 8  # int32 or int64 offsets
    offsets = np.frombuffer(offsets_buf, dtype=f"<i{size}", count=len(arr) + 1, offset=arr.offset * size)
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.empty(0, np.uint8)
    return offsets, data


def _hash_same_length(data: np.ndarray, start: int, n: int, length: int) -> np.ndarray:
    """Hashes of n values of `length` bytes each, back to back in `data` from `start`."""
    seed = mix(np.array([(length + 1) * int(_GOLDEN) % 2**64], dtype=np.uint64))[0]
    if length < 8:
        padded = np.zeros((n, 8), dtype=np.uint8)
        padded[:, :length] = data[start : start + n * length].reshape(n, length)
        return mix(padded.view("<u8")[:, 0] ^ seed)
    words = -(-length // 8)
    h = np.empty(0, dtype=np.uint64)
    for j in range(words):
        at = 8 * j if j < words - 1 else length - 8  # the last word: the value's last 8 bytes
        word = np.ndarray((n,), dtype="<u8", buffer=data, offset=start + at, strides=(length,))
        h = word ^ seed if j == 0 else np.bitwise_xor(h, word, out=h)
        if j < words - 1 or words == 1:
            mix(h)
    return h


def _hash_with_wide(arr: pa.Array, lengths: np.ndarray) -> np.ndarray:
    """Values longer than _WIDE bytes hashed one by one (blake2b's 8-byte digest of the
    UTF-8 text, then mixed); the rest as usual. Long values are rare (a link with its
    tracking query), so a loop over them costs little."""
    wide = lengths > _WIDE
    h = np.empty(len(arr), dtype=np.uint64)
    if not wide.all():
        h[~wide] = hash_text(pc.filter(arr, from_numpy(~wide)))
    digests = b"".join(
        blake2b(v.encode(), digest_size=8).digest() for v in pc.filter(arr, from_numpy(wide)).to_pylist()
    )
    h[wide] = mix(np.frombuffer(digests, dtype="<u8").copy())
    return h


# A post's link, however copied, names one post: Instagram's `/p/`, `/reel/`, `/reels/` and
# `/tv/` paths take the same shortcode (a Reel's permalink is `/reel/X/`, a tracker's copy
# `/p/X/`), share links add `?igsh=` or `?utm_source=`, and a slash may end it or not
# (qainsta.com, "How to understand an Instagram link"); TikTok's canonical link is
# tiktok.com/@user/video/<id>, where <id> is the video's `id` that TikTok Studio and the
# API give on their own (snagtik.com "TikTok Share Link Formats"; TikTok for Developers,
# "Video Object"). Short links (vm.tiktok.com/Z..., instagr.am) name no ID and stay as written.
_INSTAGRAM_POST = (
    r"^(?i:https?://)?(?i:(?:www|m)\.)?(?i:instagram\.com)/(?:[A-Za-z0-9_.]+/)?"
    r"(?i:p|reels?|tv)/([A-Za-z0-9_-]+)(?:[/?#].*)?$"
)
_TIKTOK_VIDEO = (
    r"^(?i:https?://)?(?i:(?:www|m)\.)?(?i:tiktok\.com)/@[^/?#]+/(?i:video|photo)/([0-9]+)(?:[/?#].*)?$"
)
_SLASH = ord("/")


def _as_text(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """An Arrow array as one array of text (string or large_string), as text_bytes reads it."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type not in (pa.string(), pa.large_string()):
        values = pc.cast(values, pa.large_string())
    return values


def post_keys(values: pa.Array) -> pa.Array:
    """Post IDs as the posts they name (what `hash_text` then counts): an Instagram link as
    `instagram:<shortcode>`, a TikTok video link as its video ID (the bare ID a TikTok
    export writes); any other value as it is. Vectorised (Arrow's RE2); a batch without a
    `/` in it (IDs, not links: the usual large export) is handed back untouched."""
    values = _as_text(values)
    _, data = text_bytes(values)
    if not len(values) or not (data == _SLASH).any():
        return values

    keys = pc.replace_substring_regex(values, _INSTAGRAM_POST, r"instagram:\1")
    return pc.replace_substring_regex(keys, _TIKTOK_VIDEO, r"\1")


def post_style(values: pa.Array) -> str | None:
    """How a file writes post IDs, from a batch (its first): `instagram` (some are Instagram
    post links), `number` (every one a number of 15 digits or more: Instagram's and
    Facebook's media IDs, TikTok's video IDs), `other`; None when the batch has none. An
    Instagram media ID is not its link's shortcode: a file of numbers beside one of
    Instagram links may list the same posts, unmatched."""

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type not in (pa.string(), pa.large_string()):
        values = pc.cast(values, pa.large_string())
    values = pc.drop_null(values)
    if not len(values):
        return None
    if (text_bytes(values)[1] == _SLASH).any():
        return "instagram" if pc.any(pc.match_substring_regex(values, _INSTAGRAM_POST)).as_py() else "other"
    return "number" if pc.all(pc.match_substring_regex(values, r"^[0-9]{15,}$")).as_py() else "other"


class HashSlots:
    """Distinct 64-bit hashes and their positions, in an open-addressing table (linear
    probing, at most half full) that lives across batches and grows in place: a lookup is
    a few gathers per hash, where sorting every hash kept again when a batch brought new
    ones, and a binary search of each (argsort and searchsorted), was half of looking up a
    batch of 110,000 creators. Every step is numpy over all the hashes at once."""

    __slots__ = ("at", "count", "keys", "mask")

    def __init__(self, size: int) -> None:
        self.count = 0
        self._empty(size)

    def _empty(self, size: int) -> None:
        self.keys = np.zeros(size, dtype=np.uint64)
        self.at = np.full(size, -1, dtype=np.int32)  # each slot's position (-1: empty)
        self.mask = np.uint64(size - 1)

    @classmethod
    def of(cls, hashes: np.ndarray) -> HashSlots | None:
        """A table of `hashes` at positions 0, 1, ...; None when two are equal."""
        table = cls(_slots_for(len(hashes)))
        return table if table.add(hashes, 0) else None

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """Each hash's position (-1: not in the table), as int64."""
        found = np.full(len(hashes), -1, dtype=np.int64)
        slot = self._slot(hashes)
        todo = np.arange(len(hashes))
        while len(todo):
            at = self.at[slot]
            filled = at >= 0
            hit = filled & (self.keys[slot] == hashes[todo])
            found[todo[hit]] = at[hit]
            more = filled & ~hit  # another hash sits there: look in the next slot
            todo, slot = todo[more], (slot[more] + np.uint64(1)) & self.mask
        return found

    def add(self, hashes: np.ndarray, start: int) -> bool:
        """Put `hashes` in at positions start, start + 1, ...; False (the table is then of
        no use) when one is in the table already or comes twice."""
        if 2 * (self.count + len(hashes)) > len(self.at):  # grown: every hash kept moves
            kept = np.flatnonzero(self.at >= 0)
            keys, at = self.keys[kept], self.at[kept]
            self._empty(_slots_for(self.count + len(hashes)))
            self._put(keys, at)
        self.count += len(hashes)
        return self._put(hashes, np.arange(start, start + len(hashes), dtype=np.int32))

    def _slot(self, hashes: np.ndarray) -> np.ndarray:
        """Each hash's first slot: from all its bits, mixed (hash_text's last word is not
        mixed in: `@creator000123`'s low bits are those of `or000123`, the same for all)."""
        return mix(hashes.astype(np.uint64, copy=True)) & self.mask

    def _put(self, hashes: np.ndarray, positions: np.ndarray) -> bool:
        slot = self._slot(hashes)
        todo = np.arange(len(hashes))
        while len(todo):
            filled = self.at[slot] >= 0
            if (self.keys[slot[filled]] == hashes[todo[filled]]).any():
                return False
            # Each free slot taken by one of the hashes that reach it (the last written);
            # the others look again: filled now, they go on to the next slot.
            free, free_slot = todo[~filled], slot[~filled]
            self.at[free_slot] = positions[free]
            took = self.at[free_slot] == positions[free]
            self.keys[free_slot[took]] = hashes[free[took]]
            stays = ~filled
            stays[stays] = ~took
            slot = np.where(filled, (slot + np.uint64(1)) & self.mask, slot)
            left = filled | stays
            todo, slot = todo[left], slot[left]
        return True


def _slots_for(count: int) -> int:
    """A table size for `count` hashes: a power of two, at least twice as many."""
    return 1 << max(4, (2 * max(count, 1) - 1).bit_length())
