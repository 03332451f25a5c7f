"""Errors a user can act on.

Every failure caused by the input (a file, a value, a benchmarks file, an option)
is raised as a KpiError so the CLI can print one line and exit 2, never a traceback.
"""

from __future__ import annotations

import errno


class KpiError(Exception):
    """An error the user can fix; its message is the whole one-line explanation."""

    exit_code = 2


class InputError(KpiError):
    """A problem with an input file: missing, empty, unreadable or a bad value."""


class BenchmarkError(KpiError):
    """A benchmarks file that cannot be used: bad YAML, unknown KPI, bad bands."""


class OutputError(KpiError):
    """The report could not be written: a full disk, a device error, on stdout or -o."""


def cell_error(file: str, row: int | None, column: str, value: str | None, fix: str) -> InputError:
    """Build the one-line message for a bad cell, with the row as a spreadsheet shows it."""
    where = f"{file}"
    if row is not None:
        where += f", row {row:,}"
    shown = "" if value is None else f" value {value!r}"
    return InputError(f"{where}, column {column!r}:{shown} {fix}")


# Plain words for what the system said went wrong (its own text is `[Errno 28] No space
# left on device`, `Is a directory`): the common ones, else its text in lower case.
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than the disk allows",
    errno.EIO: "the disk or device reported an error",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "no such file",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "the path is a loop of links",
    errno.EMFILE: "too many files open",
    errno.ENXIO: "no such device",
    errno.ENODEV: "no such device",
}


def reason(exc: OSError) -> str:
    """What went wrong, in plain words (`the disk is full`), for a message's brackets."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    text = exc.strerror or type(exc).__name__
    return text[:1].lower() + text[1:]


class UsageError(KpiError):
    """An option that does not fit the input: an unknown --by column or KPI, --top without --sort."""
