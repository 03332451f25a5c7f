"""How kpi read a file, as plain data: what `kpi columns` shows and `-f json` prints.

Everything here comes from the Source sniffing filled in and reading completed;
nothing is computed again, so what this says is what the scores stood on.
"""

from __future__ import annotations

from typing import Any

from kpi_cli.read.mapping import Header
from kpi_cli.read.source import Source

_RATIO_NAMES = {
    "ctr": "CTR",
    "cpm": "CPM",
    "cpc": "CPC",
    "cpa": "CPA",
    "cpe": "CPE",
    "roas": "ROAS",
    "frequency": "frequency",
    "engagement_rate": "engagement rate",
    "conversion_rate": "conversion rate",
    "video_completion_rate": "video completion rate",
}


def kind_of(source: Source, head: Header) -> str:
    """What a header's cells are, as kpi reads them: `count`, `money (EUR)`, `date, ...`."""
    role = head.role
    kind = source.kind
    if role is None and head.part is not None:
        return f"{'money' if head.part in kind.money else 'count'}, added to {head.part}"
    if role is None:
        return "ignored"
    if role in kind.counts:
        return "count"
    if role in kind.money:
        code = source.currency.code or head.currency
        return f"money ({code})" if code else "money"
    if role == "date" and "date" in source.dates:
        return f"date, {source.dates['date'].describe()}"
    if role == "date":
        return "date"
    if role == "post_id":
        return "ID (text)"
    if role in kind.dimensions:
        return "text"
    if role == "label":
        return "row label (spots totals rows)"
    if role == "currency":
        return "currency code"
    if role == "date end":
        return "date, where each row's period ends (the date range)"
    match = source.columns.profile
    if role in ("status", "voided") and match is not None and match.profile.id == "influencer_payments":
        if role == "status":  # read/frames.py _not_sales, vocab.counts_as_paid
            return "payment status (rows not paid, or not yet, left out)"
        return "payment type (rows of no payment to a creator left out)"
    if role == "status":
        return "transaction status (rows of reversed, declined, void sales left out)"
    if role == "voided":
        return "voided flag (rows of voided sales left out)"
    if role == "order":
        return "order ID (each row one conversion)"
    if role == "result type":
        return "result type (text)"
    if role.startswith("ratio "):
        name = _RATIO_NAMES.get(role[6:], role[6:])
        return f"ratio, checked against kpi's {name} (never used for it)"
    return "ratio, not used (kpi computes ratios from counts)"


def column_record(source: Source, head: Header) -> dict[str, Any]:
    column = head.role if head.role in source.kind.canonical else None
    return {
        "index": head.index,
        "header": head.text,
        "column": column,
        "role": head.role,
        "kind": kind_of(source, head),
        "currency": head.currency,
        "reason": head.reason,
        "via": head.via or None,
        "chosen_over": list(head.over),
        "added_to": head.part,
    }


def describe(source: Source, read: bool = True) -> dict[str, Any]:
    """Everything kpi decided about one file; `read` says whether its rows were read."""
    match = source.columns.profile
    doc: dict[str, Any] = {
        "file": source.name,
        "profile": None
        if match is None
        else {"id": match.profile.id, "name": match.describe(), "language": match.language},
        "encoding": source.describe_encoding(),
        "delimiter": source.describe_delimiter(),
        "header_row": source.header_row,
        "preamble": list(source.preamble),
        "period": None if source.period is None else {"start": source.period[0], "end": source.period[1]},
        "numbers": {
            "decimal": source.decimal.mark,
            "how": source.decimal.describe() if not source.decimal_guess else source.decimal_guess,
        },
        "dates": {
            column: {"style": style.describe(), "guessed": style.guessed, "why": style.why or None}
            for column, style in source.dates.items()
        },
        "currency": None
        if source.currency.code is None
        else {"code": source.currency.code, "from": source.currency.source},
        "columns": [column_record(source, h) for h in source.columns.headers],
    }
    if read:
        doc["rows"] = source.rows
        doc["dropped"] = [{"row": d.row, "label": d.label, "why": d.why} for d in source.dropped]
        doc["blank_rows"] = source.blank_rows
        doc["ratio_checks"] = [
            {
                "kpi": kpi,
                "header": check.header,
                "compared": check.compared,
                "differ": check.differ,
                "example": None
                if check.example is None
                else {"row": check.example[0], "file": check.example[1], "kpi": check.example[2]},
            }
            for kpi, check in source.ratio_checks.items()
        ]
    if source.duplicate_of is not None:
        doc["duplicate_of"] = source.duplicate_of
    return doc
