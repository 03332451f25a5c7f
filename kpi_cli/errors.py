"""Errors a user can act on.

Every failure caused by the input (a file, a value, a benchmarks file, an option)
is raised as a KpiError so the CLI can print one line and exit 2, never a traceback.
"""

from __future__ import annotations


class KpiError(Exception):
    """An error the user can fix; its message is the whole one-line explanation."""

    exit_code = 2


class InputError(KpiError):
    """A problem with an input file: missing, empty, unreadable or a bad value."""


class BenchmarkError(KpiError):
    """A benchmarks file that cannot be used: bad YAML, unknown KPI, bad bands."""


def cell_error(file: str, row: int | None, column: str, value: str | None, fix: str) -> InputError:
    """Build the one-line message for a bad cell, with the row as a spreadsheet shows it."""
    where = f"{file}"
    if row is not None:
        where += f", row {row:,}"
    shown = "" if value is None else f" value {value!r}"
    return InputError(f"{where}, column {column!r}:{shown} {fix}")


class UsageError(KpiError):
    """An option that does not fit the input: an unknown --by column or KPI, --top without --sort."""
