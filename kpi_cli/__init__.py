"""kpi: score influencer-marketing campaign exports against sourced benchmarks.

From a notebook::

    from kpi_cli import score_files
    report = score_files(["export.csv"])
    report.total.kpi("ctr").value

    from kpi_cli import lift_file, retention_file
    lift = lift_file("brand_daily.csv", "2025-03-31..2025-04-27")
    lift.total.kpi("mer_lift").value
    retention_file("clients.csv").groups[0].kpi("client_retention_rate").value

Heavy modules (pandas, pyarrow) load on first use so `kpi --help` stays instant.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "build_report", "lift_file", "retention_file", "score_files", "score_frame"]


def __getattr__(name: str) -> Any:
    if name in ("score_files", "build_report"):
        from kpi_cli import score

        return getattr(score, name)
    if name in ("lift_file", "retention_file"):
        from kpi_cli import reports

        return getattr(reports, name)
    if name == "score_frame":
        from kpi_cli.kpis import score_frame

        return score_frame
    raise AttributeError(name)
