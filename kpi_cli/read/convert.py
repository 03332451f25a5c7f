"""A chunk's numbers, converted on the CSV worker thread that parsed it.

Cleaning `"26,102"`, `$1,234.56` and `1.234,56 €` is most of the time a real-looking
export takes, and pyarrow's kernels and numpy release the GIL: so the two workers
convert each chunk right after parsing it, while the main thread sums the chunk before.
(Dates need no such help: they are read dictionary-encoded, and the main thread parses a
chunk's few hundred distinct dates in milliseconds; see dates.py.)

The main thread takes a conversion only when it was made with the decimal mark still in
force; otherwise it converts again itself (frames.py). What is reported, the first bad
cell with its row, is worked out on the main thread in file order from the same `Parsed`
either way.

A number column that converted cleanly (every cell a number or blank) takes its numbers'
place in the batch: its text is not held while the chunk waits for the main thread (10M
rows of a real-looking export: ~40 MiB of the peak). The main thread reads such a column
only under the decimal mark it was converted with; a batch whose mark changed meanwhile
restarts the read (see `stale`).

No pandas here: workers start before the CLI has imported it, and pyarrow imports pandas
for the first Python value it converts, so `numbers._simple` builds none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa

from kpi_cli import compute as pc
from kpi_cli.columns import Decimal
from kpi_cli.read import numbers as nb
from kpi_cli.read.source import Source


class Ready(NamedTuple):
    """A replaced column's numbers as the main thread checks and sums them, made here: numpy
    (int64 with 0 where blank and the blanks' mask, or float64 with NaN where blank), its
    smallest and largest value (frames._Headroom's bounds, also what says a count has no
    cell below 0) and, for conversions, its sum (frames._not_negative's running total).
    The main thread's share of a real-looking export's read was a fifth these passes."""

    values: pa.Array  # the Arrow values, over `data`'s memory when it is a copy (held once)
    data: np.ndarray
    mask: np.ndarray | None
    lo: Any
    hi: Any
    total: float | None = None


@dataclass(eq=False)  # state, compared by identity (no generated __eq__ to compile at import)
class Converted:
    """A chunk's converted number columns (by canonical key), and the decimal mark used."""

    decimal: Decimal
    numbers: dict[str, nb.Parsed] = field(default_factory=dict)
    replaced: set[str] = field(default_factory=set)  # number columns whose text the batch no longer has
    ready: dict[str, Ready] = field(default_factory=dict)  # ... and their numbers as numpy
    # Text columns of names (creators, campaigns, platforms...) dictionary-encoded here, for
    # labels.Categories: 200,000 creators' batches took ~10 ms each on the main thread.
    encoded: dict[str, pa.Array] = field(default_factory=dict)

    def number(self, key: str, source: Source) -> nb.Parsed | None:
        """`key`'s numbers, if converted with the decimal mark the file is read with now."""
        if self.decimal != source.decimal.mark:
            return None
        return self.numbers.get(key)

    def stale(self, source: Source) -> bool:
        """Whether columns were replaced by numbers read with another decimal mark than the
        file's now: the batch cannot be read again, so the file must be."""
        return bool(self.replaced) and self.decimal != source.decimal.mark


def convert(
    source: Source, wanted: dict[str, str], batch: pa.RecordBatch
) -> tuple[pa.RecordBatch, Converted | None]:
    """Convert the text columns of `batch` that hold numbers: the batch, with the columns
    that converted cleanly in place of their text, and the conversions (None when there
    are none). Columns the CSV reader typed as numbers get their bounds (`ready`) here too:
    the main thread's checks of a plain file's 13 number columns were a fifth of its work."""
    numeric = set(source.kind.numeric)
    names = source.kind.named
    done = Converted(source.decimal.mark)
    columns = list(batch.columns)
    swapped = False  # a typed column's values replaced by `ready`'s copy
    for key, name in wanted.items():
        arr = batch.column(name)
        if key in numeric and (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            parsed = done.numbers[key] = nb.parse_column(arr, done.decimal)
            counted_money = bool(parsed.currencies) and key not in source.kind.money  # an error to quote
            if (
                parsed.bad_index is None
                and parsed.percent_index is None
                and not counted_money
                and not source.keep_text
            ):
                made = ready(parsed.values, key == "conversions")
                if made is not None:
                    parsed.values = made.values
                    done.ready[key] = made
                columns[batch.schema.get_field_index(name)] = parsed.values
                done.replaced.add(key)
        elif key in numeric and arr.type in _TYPED:  # typed by the CSV reader: bounds only
            made = ready(arr, key == "conversions")
            if made is not None:
                done.numbers[key] = nb.Parsed(made.values, arr.null_count, None, None)
                done.ready[key] = made
                if made.values is not arr:  # a copy, 0 where blank: the batch holds it, not both
                    columns[batch.schema.get_field_index(name)] = made.values
                    swapped = True
        elif key in names and (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            done.encoded[key] = pc.dictionary_encode(arr)
    if done.replaced or swapped:
        batch = pa.RecordBatch.from_arrays(columns, names=batch.schema.names)
    return batch, (done if done.numbers or done.encoded else None)


_TYPED = (pa.int64(), pa.float64())  # a number column the CSV reader typed itself (plain files)


def ready(values: pa.Array, summed: bool = False) -> Ready | None:
    """`values` (int64 or float64) as frames takes them, from their buffers (pyarrow's
    to_numpy imports pandas); None for another type or no rows. `summed`: with their sum.

    With blanks, the numpy is a copy (0 or NaN where blank), and the Arrow values it gives
    are read from it: a chunk waiting for the main thread holds its numbers once, not
    twice (10M rows of a real-looking export stay under 500 MiB). Read-only, as pyarrow's
    own to_numpy of values without blanks is: the frame and the batch share it."""
    n, at = len(values), values.offset
    if not n or values.type not in (pa.int64(), pa.float64()):
        return None
    validity, buffer = values.buffers()[:2]
    whole = values.type == pa.int64()
    data = np.frombuffer(buffer, dtype=np.int64 if whole else np.float64, count=n, offset=at * 8)
    blank = None
    if values.null_count:
        bits = np.frombuffer(validity, dtype=np.uint8)
        blank = np.unpackbits(bits, count=at + n, bitorder="little")[at:] == 0
        data = data.copy()
        data[blank] = 0 if whole else np.nan
        data.flags.writeable = False
        if not at:
            values = pa.Array.from_buffers(values.type, n, [validity, pa.py_buffer(data)], values.null_count)
    if whole:
        lo, hi = data.min(), data.max()
    else:
        lo, hi = np.fmin.reduce(data), np.fmax.reduce(data)
        blank = None  # NaN says it
    total = float(np.nansum(np.asarray(data, dtype=np.float64))) if summed else None
    return Ready(values, data, blank, lo, hi, total)
