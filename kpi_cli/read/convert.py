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

import pyarrow as pa

from kpi_cli.columns import Decimal
from kpi_cli.read import numbers as nb
from kpi_cli.read.source import Source


@dataclass
class Converted:
    """A chunk's converted number columns (by canonical key), and the decimal mark used."""

    decimal: Decimal
    numbers: dict[str, nb.Parsed] = field(default_factory=dict)
    replaced: set[str] = field(default_factory=set)  # number columns whose text the batch no longer has

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
    are none). Columns the CSV reader typed need nothing."""
    numeric = set(source.kind.numeric)
    done = Converted(source.decimal.mark)
    columns = list(batch.columns)
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
                columns[batch.schema.get_field_index(name)] = parsed.values
                done.replaced.add(key)
    if done.replaced:
        batch = pa.RecordBatch.from_arrays(columns, names=batch.schema.names)
    return batch, (done if done.numbers else None)
