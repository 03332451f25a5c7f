"""Invisible and direction-changing characters from a file are written out everywhere (audit n, N8).

A right-to-left override (U+202E) in a creator's name turns the rest of the row around in
a bidi-aware terminal (VTE, Konsole) or a Markdown viewer: `@bidi\\u202etxt` ends up shown
as `@biditxt` reversed, and the figures after it with it. A zero-width space makes
`@an\\u200bna` look like `@anna` though it is another group. DEL and C1 controls (U+009B
is a terminal's CSI) reached stdout raw in JSON and NDJSON, which orjson does not escape.
Each is now written out as `\\u202e`, `\\u200b`, `\\x7f` in the table, Markdown, CSV, notes
and errors (`text.printable`), and as a `\\u` escape in JSON (`text.json_safe`, which a
JSON reader decodes to the same name).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kpi_cli import text, yamlfile
from kpi_cli.cli import app

runner = CliRunner()

# Three creators, 1,000 impressions and 10 clicks each: CTR 10 / 1,000 = 1.00 % every row.
NAMES = {
    "bidi": "@bidi\u202etxt",  # RIGHT-TO-LEFT OVERRIDE
    "zwsp": "@an\u200bna",  # ZERO WIDTH SPACE
    "ctrl": "@del\x7fc1\x9bnel\x85l\u2028s",  # DEL, C1 CSI, C1 NEL, LINE SEPARATOR
}
# A name is read without the characters that show as nothing (Unicode's format characters:
# the override, the zero-width space), so @an<ZWSP>na is @anna; controls and the line
# separator are no format characters: they stay in the name and are written out.
READ = {"bidi": "@biditxt", "zwsp": "@anna", "ctrl": "@del\x7fc1\x9bnel\x85l\u2028s"}
SHOWN = {"bidi": "@biditxt", "zwsp": "@anna", "ctrl": "@del\\x7fc1\\x9bnel\\x85l\\u2028s"}
RAW = re.compile("[\x7f-\x9f\u200b\u202e\u2028]")


@pytest.fixture
def export(tmp_path: Path) -> Path:
    rows = "".join(f"2025-03-0{i},Spring,{name},1000,10,5.00\n" for i, name in enumerate(NAMES.values(), 1))
    path = tmp_path / "names.csv"
    # The last header carries an override too: it is not read, and the note says so.
    path.write_text("Date,Campaign,Creator,Impressions,Link Clicks,Spend,Note\u202eXX\n"
                    + rows.replace("\n", ",x\n"), encoding="utf-8")  # fmt: skip
    return path


def run(export: Path, fmt: str) -> tuple[str, str]:
    result = runner.invoke(
        app, ["score", str(export), "--by", "influencer", "-f", fmt], env={"COLUMNS": "120"}
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_tables_show_the_characters_written_out(export: Path, fmt: str) -> None:
    out, err = run(export, fmt)
    assert not RAW.search(out), [m.group(0) for m in RAW.finditer(out)]
    shown = out.replace("\\\\", "\\")  # Markdown escapes a backslash
    for name in SHOWN.values():
        assert (name[:20] if fmt == "table" else name) in shown  # the table wraps a long name
    assert "Note\\u202eXX" in err and not RAW.search(err)


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_json_escapes_them_and_reads_back_the_names(export: Path, fmt: str) -> None:
    out, _ = run(export, fmt)
    assert not RAW.search(out)
    assert "\\u007f" in out and "\\u009b" in out and "\\u0085" in out and "\\u2028" in out
    records = [json.loads(line) for line in out.splitlines()] if fmt == "ndjson" else [json.loads(out)]
    found = json.dumps(records, ensure_ascii=False)
    for name in READ.values():
        assert json.dumps(name, ensure_ascii=False)[1:-1] in found  # the name as read, decoded


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("@bidi\u202etxt", "@bidi\\u202etxt"),
        ("\u2066iso\u2069", "\\u2066iso\\u2069"),
        ("\ufeff@anna\u2060", "\\ufeff@anna\\u2060"),
        ("@an\u200dna", "@an\\u200dna"),  # a joiner between two ASCII letters only hides
        ("soft\xadhyphen", "soft\\xadhyphen"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("del\x7f csi\x9b esc\x1b[2J", "del\\x7f csi\\x9b esc\\x1b[2J"),
        ("line\nbreak\ttab", "line break tab"),
        ("👩\u200d💻", "👩\u200d💻"),  # one emoji (woman technologist): the joiner joins
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian: the non-joiner is spelling
        ("Café Zürich 日本", "Café Zürich 日本"),
    ],
)
def test_printable(raw: str, shown: str) -> None:
    assert text.printable(raw) == shown


def test_the_class_holds_every_invisible_character() -> None:
    """Every Cc, Cf, Zl, Zp and Cs character of this Python's Unicode is written out; the
    ranges hold nothing else but characters unassigned here (added in later versions)."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        listed = text.has_hidden(char)
        if category in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            assert listed, f"U+{code:04X} {category}"
        elif listed:
            assert category == "Cn", f"U+{code:04X} {category}"


def test_json_safe_writes_astral_characters_as_surrogate_pairs() -> None:
    data = json.dumps({"a": "x\U000e0041\x7f"}, ensure_ascii=False).encode()
    assert text.json_safe(data) == b'{"a": "x\\udb40\\udc41\\u007f"}'
    assert json.loads(text.json_safe(data)) == {"a": "x\U000e0041\x7f"}


def test_a_learned_file_quotes_and_escapes_and_reads_back() -> None:
    doc = {"platforms": {"instagram \u202etxt.exe": 1, "plain": "é"}}
    out = yamlfile.dump(doc, sort_keys=False)
    assert out.splitlines()[1] == '  "instagram \\u202etxt.exe": 1'
    assert not RAW.search(out)
    assert yaml.safe_load(out) == doc


@pytest.mark.parametrize("before", ["", "a", "é", "日本", "\n"])
def test_json_is_checked_by_its_bytes_past_ascii_without_missing_a_character(before: str) -> None:
    """JSON output is checked by its bytes past ASCII alone (decoding it whole cost its
    size twice over): a hidden character is found whatever stands before it."""
    clean = json.dumps({"a": f"{before}José – 3× ≥ 1", "b": "日本\n"}, ensure_ascii=False).encode()
    assert text._printable(clean)
    for hidden in ("\u202e", "\x7f", "\x9b", "\u2028", "\U000e0041", "\u00ad"):
        data = json.dumps({"a": f"{before}Jo{hidden}sé – 3×", "b": "x"}, ensure_ascii=False).encode()
        assert not text._printable(data)
        assert json.loads(text.json_safe(data)) == json.loads(data)
        assert hidden not in text.json_safe(data).decode()
