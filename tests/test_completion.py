"""Shell completion through the protocol the shells use: `_KPI_COMPLETE=complete_bash` with
COMP_WORDS / COMP_CWORD (zsh, fish and PowerShell: `_TYPER_COMPLETE_ARGS`), as the scripts
of `kpi --show-completion` call kpi on every Tab."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpi_cli import completion
from kpi_cli.cli import app
from kpi_cli.columns import DIMENSIONS
from kpi_cli.definitions import KPI_BY_ID, KPI_DEFS

ROOT = Path(__file__).parents[1]
runner = CliRunner()


def bash(line: str) -> list[str]:
    """What bash is offered for the last word of `line` (a trailing space: a new, empty word)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    result = runner.invoke(
        app,
        [],
        prog_name="kpi",
        env={"_KPI_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)},
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stdout.splitlines() if line]  # nothing to offer: one empty line


def zsh(line: str) -> str:
    """The `_arguments` call zsh evaluates: `"value":"help"` per line, `:` escaped as `\\:`."""
    result = runner.invoke(
        app, [], prog_name="kpi", env={"_KPI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    )
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\\\\:", ":")


@pytest.fixture
def export(write_csv) -> Path:  # type: ignore[no-untyped-def]
    """Creator and Platform are dimensions; tiers come from Followers; Impressions is a figure."""
    return write_csv("Creator,Platform,Followers,Impressions\n@ana,TikTok,12000,5000\n")  # type: ignore[no-any-return]


def test_the_console_script_is_kpi_so_the_variable_is_KPI_COMPLETE() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"kpi": "kpi_cli.__main__:main"}
    assert bash("kpi sc") == ["score"]


def test_root_help_offers_install_and_show_completion() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o default -F _kpi_completion kpi"),
        ("zsh", "compdef _kpi_completion kpi"),
        ("fish", "complete --command kpi"),
        ("powershell", "Register-ArgumentCompleter -Native -CommandName kpi"),
    ],
)
def test_show_completion_prints_each_shells_script(
    shell: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")  # the shell as an argument
    result = runner.invoke(app, ["--show-completion", shell], prog_name="kpi")
    assert result.exit_code == 0, result.output
    assert expected in result.stdout
    assert "_KPI_COMPLETE" in result.stdout  # the variable kpi answers to


def test_install_completion_writes_the_script_where_bash_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    result = runner.invoke(app, ["--install-completion", "bash"], prog_name="kpi")
    assert result.exit_code == 0, result.output
    script = tmp_path / ".bash_completions" / "kpi.sh"
    assert "_KPI_COMPLETE=complete_bash" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


def test_options_of_a_subcommand() -> None:
    assert bash("kpi score x.csv --so") == ["--sort"]
    assert bash("kpi score x.csv --period ") == ["day", "week", "month"]


def test_sort_offers_kpi_ids() -> None:
    offered = bash("kpi score x.csv --sort c")
    assert {"cpe", "cpm", "ctr", "cpc", "cpa", "clicks", "conversions", "cost_per_post"} <= set(offered)
    assert all(value.startswith("c") for value in offered)
    assert offered == [k.id for k in KPI_DEFS if k.id.startswith("c")]  # lift's KPIs are not sortable


def test_sort_offers_the_orders_of_a_whole_id() -> None:
    assert bash("kpi score x.csv --sort cpe") == ["cpe", "cpe:asc", "cpe:desc"]
    # zsh and fish pass `cpe:` as one word (bash splits at the colon)
    assert '"cpe:asc"' in zsh("kpi score x.csv --sort cpe:")
    assert '"cpe:desc"' in zsh("kpi score x.csv --sort cpe:d")
    assert '"cpe:asc"' not in zsh("kpi score x.csv --sort cpe:d")
    assert zsh("kpi score x.csv --sort nosuch:").strip() == "_files"  # nothing to offer


def test_kpis_completes_after_the_last_comma() -> None:
    assert bash("kpi score x.csv --kpis ctr,cp") == ["ctr,cpm", "ctr,cpe", "ctr,cpc", "ctr,cpa"]
    offered = bash("kpi score x.csv --kpis reach,ctr,")
    assert len(offered) == len(KPI_DEFS) - 2  # every KPI but the two already listed
    assert "reach,ctr,cpe" in offered and "reach,ctr,ctr" not in offered


def test_kpis_shows_the_kpi_name_beside_the_id_in_zsh() -> None:
    assert '"ctr,cpe":"CPE"' in zsh("kpi score x.csv --kpis ctr,cp")


def test_by_offers_the_dimensions_the_export_has(export: Path) -> None:
    # Creator -> influencer, Platform -> platform, Followers -> tier; Impressions is no dimension
    assert bash(f"kpi score {export} --by ") == ["platform", "influencer", "tier"]
    assert bash(f"kpi score {export} --by platform,") == ["platform,influencer", "platform,tier"]
    assert bash(f"kpi score {export} --by in") == ["influencer"]


def test_by_says_which_header_feeds_each_dimension(export: Path) -> None:
    out = zsh(f"kpi score {export} --by ")
    assert "\"influencer\":\"from ''Creator''\"" in out
    assert '"tier":"from the followers"' in out


def test_by_follows_a_map_on_the_command_line(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("Who,Impressions\nana,10\n")
    assert bash(f"kpi score --map Who=influencer {path} --by ") == ["influencer"]


def test_by_falls_back_to_every_dimension(write_csv, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    packed = tmp_path / "export.csv.gz"
    packed.write_bytes(b"\x1f\x8b" + b"\x00" * 40)  # not unpacked for a Tab
    binary = write_csv("\x00\x01\x02", name="binary.csv")
    empty = write_csv("", name="empty.csv")
    for given in ("", "nosuch.csv", "-", str(packed), str(binary), str(empty), str(tmp_path), "/dev/null"):
        assert bash(f"kpi score {given} --by ") == list(DIMENSIONS), given


def test_by_never_shows_a_traceback(export: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(completion, "_dimensions_in", broken)
    assert bash(f"kpi score {export} --by ") == list(DIMENSIONS)
    monkeypatch.setattr(completion, "_score_kpis", broken)
    assert bash("kpi score x.csv --kpis c") == []
    assert bash("kpi score x.csv --sort c") == []


def test_kpi_kpis_completes_every_kpi_id() -> None:
    offered = bash("kpi kpis cl")
    assert offered == [k for k in KPI_BY_ID if k.startswith("cl")]
    assert "client_retention_rate" in offered and "clicks" in offered


def test_fish_and_powershell_get_the_same_values() -> None:
    fish = runner.invoke(
        app,
        [],
        prog_name="kpi",
        env={
            "_KPI_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "kpi score x.csv --kpis ctr,cp",
        },
    )
    assert fish.stdout.splitlines()[0] == "ctr,cpm\tCPM"
    pwsh = runner.invoke(
        app,
        [],
        prog_name="kpi",
        env={
            "_KPI_COMPLETE": "complete_powershell",
            "_TYPER_COMPLETE_ARGS": "kpi score x.csv --sort cpe",
            "_TYPER_COMPLETE_WORD_TO_COMPLETE": "cpe",
        },
    )
    assert [line.split(":::")[0] for line in pwsh.stdout.splitlines()] == ["cpe", "cpe:asc", "cpe:desc"]


def test_completing_a_kpi_loads_no_pandas() -> None:
    """Every Tab starts kpi afresh: the KPI ids come from the definitions, not the maths."""
    code = (
        "import sys\n"
        "from kpi_cli.cli import app\n"
        "try:\n"
        "    app(prog_name='kpi')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "_KPI_COMPLETE": "complete_bash",
        "COMP_WORDS": "kpi score x.csv --kpis ctr,cp",
        "COMP_CWORD": "4",
    }
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["ctr,cpm", "ctr,cpe", "ctr,cpc", "ctr,cpa"]
    assert done.stderr.strip() == "[]"
