"""A chunk's numbers and dates, converted on the CSV worker thread that parsed it.

Cleaning `"26,102"`, `$1,234.56` and `3/14/2025` is most of the time a real-looking
export takes, and pyarrow's kernels and numpy release the GIL: so the two workers
convert each chunk right after parsing it, while the main thread sums the chunk before.

The conversion is only ever a head start. The main thread takes it only when it was made
under the decisions still in force (the file's decimal mark, its date style, the years
allowed) and every row of the chunk was kept; otherwise it converts again itself (`Frames`
does, in frames.py). What is reported, the first bad cell with its row, is worked out on
the main thread in file order from the same `Parsed` either way.

No pandas here: workers start before the CLI has imported it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from kpi_cli.columns import Decimal
from kpi_cli.read import dates as dt
from kpi_cli.read import numbers as nb
from kpi_cli.read.source import Source


@dataclass
class Converted:
    """A chunk's converted columns (by canonical key) and the decisions they were made under."""

    decimal: Decimal
    style: dt.DateStyle | None
    years: tuple[int, int]
    numbers: dict[str, nb.Parsed] = field(default_factory=dict)
    dates: dict[str, dt.Parsed] = field(default_factory=dict)

    def number(self, key: str, source: Source) -> nb.Parsed | None:
        """`key`'s numbers, if converted with the decimal mark the file is read with now."""
        if self.decimal != source.decimal.mark:
            return None
        return self.numbers.get(key)

    def date(self, key: str, source: Source) -> dt.Parsed | None:
        """`key`'s dates, if converted in the style and years the file is read with now."""
        if self.style is None or self.style != source.dates.get("date") or self.years != source.options.years:
            return None
        return self.dates.get(key)


def convert(
    source: Source, wanted: dict[str, str], batch: pa.RecordBatch, date_keys: tuple[str, ...]
) -> Converted | None:
    """Convert the text columns of `batch` that hold numbers, or dates (`date_keys`);
    None when there are none. Columns the CSV reader typed itself need nothing."""
    numeric = set(source.kind.numeric)
    style = source.dates.get("date")
    done = Converted(source.decimal.mark, style, source.options.years)
    for key, name in wanted.items():
        arr = batch.column(name)
        text = pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)
        if key in numeric and text:
            done.numbers[key] = nb.parse_column(arr, done.decimal)
        elif key in date_keys and style is not None and (text or pa.types.is_dictionary(arr.type)):
            done.dates[key] = dt.parse(arr, style, done.years)
    return done if done.numbers or done.dates else None
