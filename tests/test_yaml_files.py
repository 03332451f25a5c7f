"""Every YAML file kpi reads goes through one safe loader (kpi_cli/yamlfile.py; audit n, N7).

A "billion laughs" document is 1 KB on disk: nine lists, each of nine aliases of the one
before, so the last stands for 9^9 = 387,420,489 strings. PyYAML's safe loader builds it
at once (the aliases are shared), but anything that walks or prints it expands it: `--map
bomb.yaml` put the value into its "is not a column" message and grew past 1.6 GB. The
same bomb in a benchmarks, goals or profile file happened to be refused by a shape check
first. Now the loader counts what the aliases expand to and refuses more than 100,000
values, in every file, before anything walks it. It also refuses a key given twice
(PyYAML keeps the last one without a word).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kpi_cli import yamlfile
from kpi_cli.cli import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def bomb(levels: int, key: str = "Likes") -> str:
    """`key: [&a [lol × 9], &b [*a × 9], …]`: 9 ** levels strings once expanded."""
    names = "abcdefghi"[:levels]
    parts = ["&a [" + ", ".join(["lol"] * 9) + "]"]
    parts += [f"&{n} [" + ", ".join([f"*{p}"] * 9) + "]" for p, n in itertools.pairwise(names)]
    return f"{key}: [{', '.join(parts)}]\n"


def test_the_loader_refuses_a_billion_laughs_and_says_where() -> None:
    with pytest.raises(yaml.YAMLError) as found:
        yamlfile.load(bomb(9))
    assert yamlfile.refused(found.value)
    assert yamlfile.line_of(found.value) == 1
    assert "repeat more than 100,000 values" in yamlfile.problem_of(found.value)


def test_aliases_that_expand_to_little_are_fine() -> None:
    # 9 ** 4 = 6,561 strings (plus 1 + 9 + 81 + 729 lists and the mapping): under 100,000.
    doc = yamlfile.load(bomb(4))
    assert len(doc["Likes"][3]) == 9 and doc["Likes"][3][0][0][0] == ["lol"] * 9
    assert yamlfile.load("base: &b {good: [1, 2]}\nother: *b\n") == {
        "base": {"good": [1, 2]},
        "other": {"good": [1, 2]},
    }


def test_an_alias_inside_itself_is_refused() -> None:
    with pytest.raises(yaml.YAMLError, match="refers to the list or mapping it is in"):
        yamlfile.load("a: &x [1, *x]\n")


def test_a_key_given_twice_is_refused_with_both_lines() -> None:
    with pytest.raises(yaml.YAMLError) as found:
        yamlfile.load("Likes: clicks\nLikes: comments\n")
    assert yamlfile.line_of(found.value) == 2
    assert yamlfile.problem_of(found.value) == "'Likes' is given twice (first on line 1); keep one"


@pytest.mark.parametrize(
    ("option", "text"),
    [
        ("--map", bomb(6)),  # 9 ** 6 = 531,441 strings: --map used to print them all
        ("--map", bomb(6, "columns: {x: 1}\nOther")),
        ("--benchmarks", "version: 1\nkpis:\n  ctr:\n    direction: higher\n    " + bomb(6, "bands")),
        ("--goals", "goals:\n  " + bomb(6, "reach")),
        ("--profile", "id: mine\nname: Mine\n" + bomb(6, "languages")),
    ],
)
def test_every_file_option_refuses_the_bomb(tmp_path: Path, option: str, text: str) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["score", str(DATA / "three_posts.csv"), option, str(path), "-q"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "repeat more than 100,000 values; write the values out" in result.stderr
    assert "lol" not in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Likes: clicks\nLikes: comments\n", "line 2: 'Likes' is given twice (first on line 1); keep one"),
        ("Likes: [clicks, comments]\n", "got a list"),
        ("Likes: {a: clicks}\n", "got a mapping"),
    ],
)
def test_a_map_file_that_is_not_header_column_lines(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["score", str(DATA / "three_posts.csv"), "--map", str(path), "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kpi: error: --map {path}")
    assert message in result.stderr


def test_the_shipped_files_load() -> None:
    from kpi_cli import benchmarks as bm
    from kpi_cli.read import profiles

    for path in [bm.shipped_path(), *sorted(profiles.shipped_dir().glob("*.yaml"))]:
        assert isinstance(yamlfile.load(path.read_text(encoding="utf-8")), dict), path


def test_yaml_syntax_slips_are_said_in_words() -> None:
    # Verify D V-7: PyYAML's "found character '\t' that cannot start any token" and
    # "expected chomping or indentation indicators" reached the user as written.
    import yaml

    from kpi_cli import yamlfile

    for text, said in [
        ("kpis:\n\tctr: 1\n", "a tab where YAML needs spaces: indent with spaces"),
        ("goals:\n  cpa: >= 4\n", "a value that starts with > or | must be quoted"),
        ("bands: [1, 2\nnext: 3\n", "a list opened with [ is not closed with ]"),
    ]:
        try:
            yaml.safe_load(text)
        except yaml.YAMLError as exc:
            assert yamlfile.problem_of(exc).startswith(said), text
        else:
            raise AssertionError(f"{text!r} loaded")
