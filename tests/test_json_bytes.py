"""Issue 21: JSON of a large breakdown no larger and no slower than it needs to be.

JSON goes indented to a terminal and on one line to a pipe or a file (`--indent`,
`--compact` force either), and a breakdown's records are written column by column: a KPI
column's displays by `fmt.texts`, its records as bytes joined from pieces
(`records.group_json`, `records.kpi_column_lines`). Those fast paths must give exactly what
the scalar formatter and orjson over the records' dicts give.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kpi_cli import fmt, records
from kpi_cli.cli import app
from kpi_cli.output import _ndjson_block
from kpi_cli.read.source import ReadOptions
from kpi_cli.score import Gaps, LazyGroups, score_files

runner = CliRunner()
SIX = Path(__file__).parent / "data" / "six_posts.csv"
SAMPLE = Path(__file__).parent.parent / "sample_data" / "campaign_posts.csv"
DAILY = Path(__file__).parent.parent / "sample_data" / "brand_daily.csv"
CLIENTS = Path(__file__).parent.parent / "sample_data" / "clients.csv"

# --------------------------------------------------------------------------- layout


def _json(*args: str, terminal: bool = False) -> tuple[int, str]:
    env = {"TTY_COMPATIBLE": "1" if terminal else "0"}  # as rich decides a terminal
    result = runner.invoke(app, [*args, "-f", "json", "-q"], env=env)
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def test_json_is_compact_to_a_pipe_and_indented_on_a_terminal() -> None:
    code, piped = _json("score", str(SIX), "--by", "influencer")
    assert code == 0 and piped.count("\n") == 1 and '"schema":"kpi.score/2"' in piped
    code, shown = _json("score", str(SIX), "--by", "influencer", terminal=True)
    assert code == 0 and shown.startswith('{\n  "schema": "kpi.score/2",\n')
    assert json.loads(piped) == json.loads(shown) and len(piped) < len(shown)


def test_indent_and_compact_force_the_layout_anywhere(tmp_path: Path) -> None:
    _, piped = _json("score", str(SIX), "--by", "influencer", "--indent")
    _, shown = _json("score", str(SIX), "--by", "influencer", terminal=True)
    assert piped == shown  # --indent through a pipe: what a terminal gets
    _, compact = _json("score", str(SIX), "--by", "influencer", "--compact", terminal=True)
    _, default = _json("score", str(SIX), "--by", "influencer")
    assert compact == default and compact.count("\n") == 1
    # -o FILE is a file, even from a terminal: compact unless --indent.
    for extra, lines in (([], 1), (["--indent"], shown.count("\n"))):
        out = tmp_path / "report.json"
        code, _ = _json("score", str(SIX), "--by", "influencer", "-o", str(out), *extra, terminal=True)
        assert code == 0 and out.read_text().count("\n") == lines


@pytest.mark.parametrize(
    "command", [["lift", str(DAILY), "--campaign", "2025-03-31..2025-04-27"], ["retention", str(CLIENTS)]]
)
def test_lift_and_retention_json_follow_the_destination_too(command: list[str]) -> None:
    _, piped = _json(*command)
    _, shown = _json(*command, terminal=True)
    _, indent = _json(*command, "--indent")
    assert piped.count("\n") == 1 and shown.count("\n") > 10 and indent == shown
    assert json.loads(piped) == json.loads(shown)


@pytest.mark.parametrize(
    "command",
    [
        ["score", str(SIX)],
        ["lift", str(DAILY), "--campaign", "2025-03-31..2025-04-27"],
        ["retention", str(CLIENTS)],
    ],
)
def test_indent_with_compact_is_a_usage_error(command: list[str]) -> None:
    code, output = _json(*command, "--indent", "--compact")
    assert code == 2
    assert output == "kpi: error: --compact and --indent: choose one (JSON on one line, or indented)\n"


def test_the_help_says_which_layout_is_the_default() -> None:
    text = " ".join(runner.invoke(app, ["score", "--help"], env={"COLUMNS": "200"}).stdout.split())
    assert "the default when stdout is a pipe or a file" in text
    assert "the default on a terminal" in text


# --------------------------------------------------------------------------- fmt.texts

UNITS = ("count", "money", "percent", "ratio")
# Where the formats change: the tiny bound, each decimals step, 9,999.5 and 999.5K rounding
# up a scale, the exact-float limit; and their negatives.
EDGES = [0.0, -0.0, 0.005, 0.004999999, 0.0050000001, 0.5, 1.5, 2.5, 9.995, 9.994999, 99.95, 99.94999,
         999.5, 999.4999, 9999.5, 9999.49, 10000.0, 99949.0, 99950.0, 999499.0, 999500.0, 999999.0,
         999.5e6, 999.4999e6, 9.995e11, 1e12, 999.5e12, 1e15, 2.0**53 - 1, 2.0**53, 1e20, 1e300]  # fmt: skip
EDGES += [-v for v in EDGES]
numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e16, max_value=1e16, allow_nan=False),
    st.sampled_from(EDGES),
)


def _scalar(
    values: list[object], present: list[bool], unit: str, symbol: str, exact: bool, s: fmt.Style
) -> list[str]:
    return [fmt.value(v if p else None, unit, symbol, exact, s) for v, p in zip(values, present, strict=True)]  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(numbers, min_size=1, max_size=40),
    unit=st.sampled_from(UNITS),
    exact=st.booleans(),
    locale=st.sampled_from(sorted(fmt.LOCALES)),
    symbol=st.sampled_from(["$", "€", "£", "CHF ", "zł", "kr"]),
    data=st.data(),
)
@example(values=EDGES, unit="count", exact=False, locale="fr", symbol="€", data=None)
def test_column_texts_are_the_scalar_formatter_s(
    values: list[float], unit: str, exact: bool, locale: str, symbol: str, data: st.DataObject | None
) -> None:
    present = (
        data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
        if data is not None
        else [True] * len(values)
    )
    s = fmt.style(locale, symbol)
    floats = np.array(values, dtype=np.float64)
    assert fmt.texts(unit, floats, np.array(present), symbol, exact, s) == _scalar(
        floats.tolist(), present, unit, symbol, exact, s
    )
    # Counts are integers (int64 arrays, and Python ints past int64 in an object array).
    ints = np.array([int(v) for v in values if abs(v) < 9e18], dtype=np.int64)
    assert fmt.texts(unit, ints, None, symbol, exact, s) == _scalar(
        ints.tolist(), [True] * len(ints), unit, symbol, exact, s
    )
    objects = np.array([int(v) * 10**6 for v in values if abs(v) < 1e200], dtype=object)
    assert fmt.texts(unit, objects, None, symbol, exact, s) == _scalar(
        objects.tolist(), [True] * len(objects), unit, symbol, exact, s
    )


@settings(max_examples=300, deadline=None)
@given(
    units=st.lists(
        st.one_of(
            st.integers(0, 2**52 - 1),
            st.integers(0, 10**7),
            st.sampled_from([0, 9, 10, 99, 100, 999, 1000, 9999, 10**6, 10**15, 2**51, 2**52 - 1]),
        ),
        max_size=30,
    ),
    decimals=st.integers(0, 3),
    locale=st.sampled_from(sorted(fmt.LOCALES)),
    pre=st.sampled_from(["", "$", "-", "CHF "]),
    post=st.sampled_from(["", "%", " %", "×", "K", " €"]),
)
def test_digits_written_by_numpy_are_format_s(
    units: list[int], decimals: int, locale: str, pre: str, post: str
) -> None:
    # fmt.texts writes its common figures a digit column at a time: the digits `format`
    # writes of the float nearest units / 10**decimals, in the locale's marks.
    s = fmt.style(locale)
    table = None if s.name == "en" else str.maketrans({",": s.group, ".": s.decimal})
    want = [pre + fmt._local(format(u / 10**decimals, f",.{decimals}f"), s) + post for u in units]
    assert fmt._digits_all(np.array(units, dtype=np.int64), decimals, table, pre, post) == want


def test_column_texts_of_every_unit_and_locale_over_many_magnitudes() -> None:
    # A broad sweep besides hypothesis: every unit, locale, symbol and `exact`, 10^-4..10^16.
    rng = np.random.default_rng(7)
    values = np.concatenate([np.array(EDGES), rng.choice([-1, 1], 3000) * 10 ** rng.uniform(-4, 16, 3000)])
    for unit in UNITS:
        for exact in (False, True):
            for locale in fmt.LOCALES:
                s = fmt.style(locale, "€")
                want = _scalar(values.tolist(), [True] * len(values), unit, "€", exact, s)
                assert fmt.texts(unit, values, None, "€", exact, s) == want, (unit, exact, locale)


# --------------------------------------------------------------------------- record bytes


def _blocks(tmp_path: Path, *args: str, **kwargs: object) -> tuple[records.Catalogue, list[object]]:
    report = score_files([*args], stream=True, **kwargs)  # type: ignore[arg-type]
    assert isinstance(report.groups, LazyGroups)
    return records.catalogue(report), list(report.groups.blocks(3, detail=True))


def test_group_bytes_are_orjson_of_the_group_records(tmp_path: Path, shipped_bands: Path) -> None:
    # Names that JSON escapes (a quote, a backslash, a tab) and one it writes raw (é), a
    # blank cell (a gap: `missing`), a creator without spend (a reason), a mixed platform.
    odd = tmp_path / "odd.csv"
    odd.write_text(
        "influencer,post_id,platform,impressions,likes,comments,spend,followers\n"
        '"@a ""q""",1,instagram,1000,40,10,100,8000\n"@a ""q""",2,tiktok,1000,,,100,8000\n'
        '@b\\x,3,instagram,2000,70,5,200,50000\n"@c\tt",4,instagram,500,9,1,,1200\n'
        "@é,5,youtube,0,0,0,10,\n"
    )
    cases = [
        (str(odd), {"by": ["influencer"]}),
        (
            str(odd),
            {"by": ["influencer", "platform"], "compare_benchmarks": True, "benchmarks_file": shipped_bands},
        ),
        (str(SAMPLE), {"by": ["influencer"], "objective": "conversion"}),
        (str(SAMPLE), {"by": ["platform"]}),
        (str(SAMPLE), {"by": ["tier"]}),  # each tier's own bands, and a band note on the mixed total
        (
            str(SAMPLE),
            {"by": ["date"], "period": "week", "compare_benchmarks": True, "benchmarks_file": shipped_bands},
        ),
        (str(SAMPLE), {"by": ["campaign"], "options": ReadOptions(currency="EUR")}),  # USD bands: a note
    ]
    notes = 0
    for name, kwargs in cases:
        shared, blocks = _blocks(tmp_path, name, **kwargs)
        kpis = shared.record()
        for block in blocks:
            groups = records.group_records(block, shared)  # type: ignore[arg-type]
            assert records.group_json(block, shared) == orjson.dumps(groups)[1:-1]  # type: ignore[arg-type]
            notes += sum("note" in record for g in groups for record in g["kpis"].values())
            # NDJSON keeps kpi.score/1's lines: the group's record with what `kpis` says of
            # its KPI put back, its band flattened.
            lines = b"".join(
                orjson.dumps(
                    {"schema": "kpi.score/1", "group": g["label"], "key": g["key"], "rows": g["rows"],
                     "kpi": kpi, **{k: kpis[kpi][k] for k in ("name", "phase", "unit")},
                     **{k: v for k, v in record.items() if k not in ("band", "note", "notes", "industry")},
                     "primary": kpis[kpi]["primary"],
                     **{k: v for k, v in record.items() if k in ("notes", "industry")},
                     **records.flat_band(column.bands[i])},
                    option=orjson.OPT_APPEND_NEWLINE,
                )
                for i, g in enumerate(groups)
                for kpi, record, column in ((c.id, g["kpis"][c.id], c) for c in block.detail)  # type: ignore[attr-defined]
            )  # fmt: skip
            assert _ndjson_block(block, "kpi.score/1", None) == lines  # type: ignore[arg-type]
    assert notes > 0  # some group's band had a note to write


def test_displays_needing_escapes_fall_back_to_orjson() -> None:
    # kpi's own figures never need a JSON escape; were one to, each text goes through orjson.
    texts = ["$1.00", 'a"b', "c\\d", "e\tf", "—", "g\0h"]  # \0: what the pieces are cut at
    assert records.json_texts(texts).to_pylist() == [orjson.dumps(t)[1:-1].decode() for t in texts]
    assert records.json_texts(texts[:1] + texts[-1:]).to_pylist() == ["$1.00", "g\\u0000h"]
    assert records.json_texts(texts[:1] + texts[4:5]).to_pylist() == ["$1.00", "—"]
    assert records.json_texts(["a\tb", "a\tb"]) == b"a\\tb"  # the same text for every group: once
    assert records.json_texts([]).to_pylist() == []


def test_pieces_are_cut_where_they_were_joined() -> None:
    # Each piece ends where it did before the separators between them were dropped.
    assert records.pieces([b"ab", b"", b"c\xc3\xa9", b""]).to_pylist() == ["ab", "", "cé", ""]
    numbers = [1, None, 2.5, -0.0, 1e16, 12345678901234567]
    assert records.json_values(numbers).to_pylist() == [orjson.dumps(v).decode() for v in numbers]
    assert records.json_values([None, None]) == b"null"
    assert records.json_values([3, 3]).to_pylist() == ["3", "3"]
    assert records.glued(
        [b"[", records.pieces([b"a", b"b"]), b",", b"]", records.pieces([b"1", b"2"])], 2
    ) == (b"[a,]1[b,]2")
    with pytest.raises(AssertionError):
        records._cut(b"a\0b\0c", 2)  # a piece holding the separator is never cut in two


def test_indent_or_compact_with_another_format_is_said_not_ignored() -> None:
    # Audit w: `--indent` with -f csv was accepted without a word; the CSV is unchanged.
    three = str(Path(__file__).parent / "data" / "three_posts.csv")
    plain = CliRunner().invoke(app, ["score", three, "-f", "csv"])
    result = CliRunner().invoke(app, ["score", three, "-f", "csv", "--indent"])
    assert result.exit_code == 0 and result.stdout == plain.stdout
    assert "kpi: --indent lays out -f json only; it does not change csv output" in result.stderr


def test_a_breakdowns_missing_counts_name_the_columns_with_gaps(tmp_path: Path) -> None:
    # A ratio stands on the rows where both its columns are known; `missing` counts each
    # column's blank cells, the columns without one left out. @a: clicks blank on 1 row
    # (CTR's missing {"clicks": 1}); @b: clicks blank on 1 row, impressions on 2
    # ({"clicks": 1, "impressions": 2}); @c: none ({}).
    path = tmp_path / "export.csv"
    path.write_text(
        "Date,Handle,Post ID,Impressions,Clicks\n"
        "2025-03-01,@a,P1,1000,10\n2025-03-02,@a,P2,2000,\n2025-03-03,@a,P3,3000,30\n"
        "2025-03-01,@b,P4,,5\n2025-03-02,@b,P5,,\n2025-03-03,@b,P6,4000,40\n"
        "2025-03-01,@c,P7,500,5\n2025-03-02,@c,P8,600,6\n"
    )
    code, out = _json("score", str(path), "--by", "influencer")
    assert code == 0, out
    groups = {g["label"]: g["kpis"] for g in json.loads(out)["groups"]}
    assert groups["@a"]["ctr"]["missing"] == {"clicks": 1}
    assert groups["@b"]["ctr"]["missing"] == {"clicks": 1, "impressions": 2}
    assert groups["@c"]["ctr"]["missing"] == {}
    assert groups["@a"]["ctr"]["value"] == pytest.approx(40 / 4000 * 100)  # rows 1 and 3: 40 of 4,000
    assert groups["@b"]["ctr"]["value"] == pytest.approx(40 / 4000 * 100)  # row 6 alone


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda k: st.lists(
            st.lists(st.one_of(st.integers(0, 3), st.integers(0, 2**40)), min_size=k, max_size=k),
            min_size=1,
            max_size=30,
        )
    )
)
# Counts too big to make one number (top 2**40 + 1, two columns): 2**24 * (2**40 + 1) wraps
# to 2**24 in 64 bits, so (2**24, 0) and (0, 2**24) would be taken for the same dict.
@example([[2**24, 0], [0, 2**24], [0, 2**40]])
def test_missing_counts_are_written_as_orjson_writes_their_dicts(groups: list[list[int]]) -> None:
    # Gaps holds each group's blank cells per column as counts; JSON writes each distinct
    # dict once (as one number per group when the counts fit in one, else by rows). Every
    # group's bytes must be orjson's of the dict with the columns of count 0 left out.
    names = ["clicks", "impressions", "likes", "spend"][: len(groups[0])]
    gaps = Gaps(names, np.array(groups, dtype=np.int64).T.copy())
    want = [{name: k for name, k in zip(names, counts, strict=True) if k > 0} for counts in groups]
    assert list(gaps) == want and [gaps[g] for g in range(len(groups))] == want
    assert gaps[1:3] == want[1:3]
    cells = records._missing_cells(gaps)
    written = records.glued_rows([b"<", *cells, b">"], len(groups))
    rows = (
        [written] * len(groups) if isinstance(written, bytes) else [r.encode() for r in written.to_pylist()]
    )
    assert rows == [b"<" + orjson.dumps(d) + b">" for d in want]
