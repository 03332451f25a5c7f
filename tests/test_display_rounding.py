"""Figures shown as the file and people have them (audit B-7).

B-7: a money total under $100 lost its cents beside a compacted one: revenue $1.81 was
"$2" next to total spend "$12.0K". Every figure is worked out by hand below.
"""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from kpi_cli.cli import app

runner = CliRunner()


def _out(*args: str) -> str:
    result = runner.invoke(app, [*args, "-q"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _json(*args: str) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(_out(*args, "-f", "json"))
    return out


def _row(table: str, name: str) -> list[str]:
    """The cells of a table's row whose first cell is `name` (box or Markdown pipes)."""
    for line in table.splitlines():
        cells = [c.strip() for c in line.replace("│", "|").replace("┃", "|").split("|")]
        cells = [c.strip("*") for c in cells if c]
        if cells and cells[0] == name:
            return cells
        if len(cells) > 1 and cells[1] == name:  # Markdown's funnel: | Phase | KPI | Value |
            return cells[1:]
    raise AssertionError(f"no row {name!r} in\n{table}")


def test_a_small_money_total_keeps_its_cents_beside_a_compacted_one(write_csv: Any) -> None:
    # One post: revenue 1.81, spend 12,000.00. Total spend is compacted ($12.0K); revenue,
    # in the same Value column, stays $1.81 (it was `$2`, 10 % off the file's figure).
    path = str(write_csv("post_id,impressions,revenue,spend\np1,1000,1.81,12000.00\n", "rev.csv"))
    table = _out("score", path)
    assert _row(table, "Revenue")[1] == "$1.81"
    assert _row(table, "Total spend")[1] == "$12.0K"
    assert _row(_out("score", path, "-f", "markdown"), "Revenue")[1] == "$1.81"
    assert _json("score", path)["total"]["kpis"]["revenue"]["display"] == "$1.81"


def test_a_revenue_column_by_creator_drops_cents_only_where_three_figures_remain(write_csv: Any) -> None:
    path = str(
        write_csv(
            "post_id,influencer,impressions,revenue,spend\n"
            "p1,alice,1000,179412.00,100.00\n"
            "p2,bob,1000,9812.40,100.00\n"
            "p3,cara,1000,45.20,100.00\n"
            "p4,dan,1000,1.81,100.00\n",
            "by_creator.csv",
        )
    )
    table = _out("score", path, "--by", "influencer", "--kpis", "revenue")
    # Beside $179K (three figures) $9,812.40 is $9,812; $45.20 and $1.81 keep their cents.
    # Total 179,412.00 + 9,812.40 + 45.20 + 1.81 = 189,271.41 → $189K.
    assert [_row(table, n)[1] for n in ("alice", "bob", "cara", "dan", "Total")] == [
        "$179K", "$9,812", "$45.20", "$1.81", "$189K",
    ]  # fmt: skip
