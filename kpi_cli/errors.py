"""Errors a user can act on.

Every failure caused by the input (a file, a value, a benchmarks file, an option)
is raised as a KpiError so the CLI can print one line and exit 2, never a traceback.
"""

from __future__ import annotations

import errno
import re

from kpi_cli.lazy import lazy_compile


class KpiError(Exception):
    """An error the user can fix; its message is the whole one-line explanation."""

    exit_code = 2


class InputError(KpiError):
    """A problem with an input file: missing, empty, unreadable or a bad value."""


class BenchmarkError(KpiError):
    """A benchmarks file that cannot be used: bad YAML, unknown KPI, bad bands."""


class OutputError(KpiError):
    """The report could not be written: a full disk, a device error, on stdout or -o."""


QUOTE_LIMIT = 60  # characters of a cell a message quotes


def clipped(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`quoted` unquoted, for a list of headers or a table's cell: a text of at most about
    `limit` characters as it is, a longer one as its start, its end and its length."""
    if len(text) <= limit or _CLIPPED.fullmatch(text):  # (clipped already: as it is)
        return text
    head = limit * 2 // 3
    return f"{text[:head]}…{text[-(limit - head - 5) :]} ({len(text):,} characters)"


_CLIPPED = lazy_compile(r"[^…]{0,40}…[^…]{0,15} \(\d[\d,]* characters\)", re.DOTALL)


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A cell as a message quotes it (Python's repr, so hidden characters show), at most
    about `limit` characters: a 10 MB cell pasted by mistake is named by its start and
    its length, not printed whole on one line of stderr."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    head = limit * 2 // 3
    tail = limit - head - 5
    return f"{text[:head]!r}...{text[-tail:]!r} ({len(text):,} characters)"


def cell_error(file: str, row: int | None, column: str, value: str | None, fix: str) -> InputError:
    """Build the one-line message for a bad cell, with the row as a spreadsheet shows it."""
    where = f"{file}"
    if row is not None:
        where += f", row {row:,}"
    shown = "" if value is None else f" value {quoted(value)}"
    return InputError(f"{where}, column {quoted(column)}:{shown} {fix}")


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
