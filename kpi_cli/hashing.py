"""64-bit hashes of text values, vectorised, for counting distinct post IDs.

Ten million post IDs do not fit a bounded memory budget as strings, but their
hashes take 8 bytes each. Counting distinct hashes gives the number of distinct IDs
unless two different IDs share a hash; for n IDs that has probability about
n² / 2⁶⁵ (3 in a million for 10 million IDs). Hashes live only inside one process.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_WIDE = 256  # longer values are hashed by pandas, one by one


def mix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: a bijection on uint64 that spreads every input bit."""
    x = x ^ (x >> np.uint64(30))
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def hash_text(values: pd.Series) -> np.ndarray:
    """uint64 hash of each value's UTF-8 text; the caller drops missing values first."""
    arr = pa.array(values.array if isinstance(values, pd.Series) else values, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type not in (pa.string(), pa.large_string()):
        arr = arr.cast(pa.large_string())
    n = len(arr)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    if arr.null_count:
        raise ValueError("hash_text: drop missing values first")
    _, offsets_buf, data_buf = arr.buffers()
    size = 4 if arr.type == pa.string() else 8  # int32 or int64 offsets
    offsets = np.frombuffer(offsets_buf, dtype=f"<i{size}", count=n + 1, offset=arr.offset * size)
    offsets = offsets.astype(np.int64)
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.empty(0, np.uint8)
    lengths = np.diff(offsets)
    width = int(lengths.max())
    if width > _WIDE:
        objects = pd.Series(arr.to_pylist(), dtype=object)
        return mix(pd.util.hash_pandas_object(objects, index=False).to_numpy(np.uint64))
    words = -(-width // 8) or 1
    padded = np.zeros((n, words * 8), dtype=np.uint8)
    start, stop = int(offsets[0]), int(offsets[-1])
    if int(lengths.min()) == width:
        padded[:, :width] = data[start:stop].reshape(n, width)
    else:
        padded[np.arange(words * 8) < lengths[:, None]] = data[start:stop]
    block = padded.view("<u8")
    h = mix((lengths.astype(np.uint64) + np.uint64(1)) * _GOLDEN)
    for j in range(words):
        h = mix(h ^ block[:, j])
    return h
