"""One safe way to read kpi's YAML files: benchmarks, profiles, `--map FILE.yaml`, goals.

PyYAML's safe loader builds plain data only, but it keeps the last of two equal keys
without a word (`poor:` twice in a benchmarks file silently replaced a band), and an
alias bomb ("billion laughs": nine lists of nine aliases, 1 KB on disk) loads at once
but expands to 9^9 values as soon as anything walks or prints it. Every file kpi reads
goes through `load` (or `compose`), which refuses both with the line to fix, as a
`yaml.YAMLError` each caller already turns into its own one-line error (a document
nested too deeply for Python raises RecursionError, which each caller names too).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

# A value of a list or a mapping counts once for each time an alias repeats it. Hand-written
# kpi files hold hundreds (the largest shipped profile about 2,000); a bomb holds millions.
MAX_VALUES = 100_000

_MERGE_TAG = "tag:yaml.org,2002:merge"
_YAML_TAG = "tag:yaml.org,2002:"
# The tags of plain data, which the safe loader builds; any other (`!!python/object/apply`,
# a `!custom` one) is refused with its line, in words, before anything is built.
_PLAIN_TAGS = frozenset(
    _YAML_TAG + name
    for name in ("null", "bool", "int", "float", "str", "seq", "map", "timestamp", "binary", "merge",
                 "omap", "pairs", "set", "value")
)  # fmt: skip


def unreadable(exc: OSError | UnicodeDecodeError, what: str) -> str:
    """Why a YAML file (`what`: "benchmarks", "goals") could not be read, and the fix, in
    plain words: it said `cannot read benchmarks file ([Errno 21] Is a directory: 'in')`
    and `('utf-8' codec can't decode byte 0x89 in position 0: invalid start byte)`."""
    from kpi_cli.errors import reason

    if isinstance(exc, UnicodeDecodeError):
        data = bytes(exc.object)
        if (
            data[:2] == b"\x1f\x8b"
            or data[:4] in (b"PK\x03\x04", b"%PDF")
            or data[:8] == b"\x89PNG\r\n\x1a\n"
        ):
            return (
                f"not a text file (a compressed file, a PDF or an image); give the {what} file as YAML text"
            )
        if b"\x00" in data[:4096]:
            return f"not a text file; give the {what} file as YAML text"
        line = data[: exc.start].count(b"\n") + 1
        return (
            f"line {line}: a byte that is not UTF-8 (0x{data[exc.start]:02X}); save the {what} file as UTF-8"
        )
    if isinstance(exc, IsADirectoryError):
        return f"is a folder; give the {what} file inside it"
    if isinstance(exc, FileNotFoundError):
        return f"no such {what} file; check the path"
    if isinstance(exc, PermissionError):
        return f"cannot open the {what} file (permission denied); check its permissions"
    return f"cannot read the {what} file ({reason(exc)})"


def load(text: str) -> Any:
    """The document's plain data. libyaml parses when PyYAML has it (the shipped files load
    on most runs); a file it refuses is read again by the pure-Python parser, whose
    messages say where and why. Raises `yaml.YAMLError` (problem, problem_mark)."""
    import yaml

    fast, slow = _loaders()
    if fast is not None:
        try:
            return _run(fast, text)
        except yaml.constructor.ConstructorError as exc:
            if refused(exc):
                raise  # a duplicate key, a bomb: the line is known already
        except yaml.YAMLError:
            pass
    return _run(slow, text)


def compose(text: str) -> yaml.Node | None:
    """The document as nodes (they carry line numbers), with the same checks as `load`."""
    import yaml

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        _check(root)
    return root


def dump(data: Any, **options: Any) -> str:
    """`yaml.safe_dump` (unicode allowed), with every text holding a control, bidi or
    zero-width character (`text.printable` writes them out) in double quotes and that
    character as a `\\u` escape: a platform `instagram\u202etxt.exe` learned from an
    export reaches the terminal, or the file, visible, and reads back as it was."""
    import yaml

    from kpi_cli.text import has_hidden, yaml_escaped

    class _Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = '"' if has_hidden(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, text)
    out = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, **options)
    return yaml_escaped(out)


def line_of(exc: Exception) -> int | None:
    """The 1-based line a YAML error points at, if it says."""
    mark = getattr(exc, "problem_mark", None)
    return None if mark is None else int(mark.line) + 1


def problem_of(exc: Exception, default: str = "invalid YAML") -> str:
    """What a YAML error says went wrong, in words for someone who edits YAML by hand
    (PyYAML's own for the rarer ones): a tab, an unclosed list or quote, a missing colon."""
    problem = str(getattr(exc, "problem", None) or default)
    for pattern, words in _IN_WORDS:
        if pattern.search(problem):
            return words
    return problem


# PyYAML's commonest syntax problems, as a person would put them (verify D V-7).
_IN_WORDS = [
    (re.compile(r"found character '\\t'"), "a tab where YAML needs spaces: indent with spaces"),
    (re.compile(r"expected ',' or '\]'"), "a list opened with [ is not closed with ]"),
    (re.compile(r"expected ',' or '\}'"), "a mapping opened with { is not closed with }"),
    (re.compile(r"found unexpected end of stream"), "a quote is opened and never closed"),
    (
        re.compile(r"expected chomping or indentation indicators"),
        "a value that starts with > or | must be quoted, its quote closed ('>= 4')",
    ),
    (
        re.compile(r"mapping values are not allowed here"),
        "a colon inside a value: quote the value, or put the key on its own line",
    ),
    (re.compile(r"expected <block end>"), "a line is indented unlike the lines around it"),
    (re.compile(r"could not find expected ':'"), "a key without its colon (write key: value)"),
]


def _run(loader_class: Any, text: str) -> Any:
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def refused(exc: Exception) -> bool:
    """Whether a YAML error is one of these checks (its problem says the fix), not a syntax
    error or a tag the safe loader does not build."""
    return bool(getattr(exc, "kpi_refused", False))


def _problem(problem: str, node: Any) -> Exception:
    import yaml

    mark = None if node is None else node.start_mark
    exc = yaml.constructor.ConstructorError(None, None, problem, mark)
    exc.kpi_refused = True  # type: ignore[attr-defined]
    return exc


def _check(root: yaml.Node) -> None:
    """Refuse a document whose aliases repeat more than MAX_VALUES values, or itself."""
    import yaml

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.removeprefix(_YAML_TAG)
            shown = f"!!{tag}" if tag != node.tag else node.tag
            raise _problem(
                f"the tag {shown} is not plain YAML (kpi builds no objects and runs nothing); remove it", node
            )
        if key in open_nodes:
            raise _problem("an alias refers to the list or mapping it is in; write the values out", node)
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children: list[yaml.Node] = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > MAX_VALUES:
                raise _problem(
                    f"its aliases (*name) repeat more than {MAX_VALUES:,} values; write the values out",
                    node,
                )
        open_nodes.discard(key)
        sizes[key] = total
        return total

    size(root)


@functools.cache
def _loaders() -> tuple[Any, Any]:
    """(libyaml loader or None, pure-Python loader), both refusing duplicate keys and bombs."""
    import yaml

    class _Checks:
        def construct_document(self, node: yaml.Node) -> Any:
            _check(node)
            return super().construct_document(node)  # type: ignore[misc]

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
            seen: dict[tuple[str, str], yaml.Node] = {}
            if isinstance(node, yaml.MappingNode):
                for key_node, _ in node.value:
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                        continue
                    key = (key_node.tag, key_node.value)
                    if key in seen:
                        first = seen[key].start_mark.line + 1
                        raise _problem(
                            f"{key_node.value!r} is given twice (first on line {first}); keep one",
                            key_node,
                        )
                    seen[key] = key_node
            return super().construct_mapping(node, deep=deep)  # type: ignore[misc]

    slow = type("KpiSafeLoader", (_Checks, yaml.SafeLoader), {})
    base = getattr(yaml, "CSafeLoader", None)
    fast = None if base is None else type("KpiCSafeLoader", (_Checks, base), {})
    return fast, slow
