"""Strict YAML reading for record files.

Reads UTF-8 (with or without BOM) YAML with PyYAML's C parser where it is installed and the
pure-Python one otherwise, and refuses what a clerk's file should never contain: other
encodings, several documents, duplicate keys, anchors and aliases, explicit tags, merge keys
files over a size bound and nesting deeper than :data:`MAX_DEPTH` (refused before any parser
recurses: a deeply nested file would otherwise overflow the stack). Dates stay strings ("2025-06-30"); only ``true``/``false`` are
booleans (not ``yes``/``no``/``on``/``off``), and ``14:30`` is not a number.

Every refusal is a :class:`YamlRefusal` with the 1-based line and a Chinese message and hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

import yaml

from .problems import Pointer

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32  # lists and mappings inside each other; a record needs four or five

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
C_LOADER = _BaseLoader is not yaml.SafeLoader


@dataclass(frozen=True)
class YamlRefusal:
    """One reason a file was refused or a key was dropped."""

    code: str
    line: int
    message: str
    hint: str


class StrictYamlError(Exception):
    """The file cannot be read at all."""

    def __init__(self, refusal: YamlRefusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def _implicit_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """SafeLoader's implicit resolvers, tightened for hand-written records."""
    kept: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    replaced = {
        "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        "tag:yaml.org,2002:int": re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
        "tag:yaml.org,2002:float": re.compile(
            r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"
        ),
    }
    # ``=`` would resolve to YAML 1.1's "value" tag, which no safe constructor can build.
    dropped = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        for tag, regexp in resolvers:
            if tag in dropped:
                continue
            kept.setdefault(first, []).append((tag, replaced.get(tag, regexp)))
    return kept


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_SCALARS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:int": int,  # the tightened patterns leave only what int() and float() read
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda value: value.lower() == "true",
    "tag:yaml.org,2002:null": lambda value: None,
}


class _StrictLoader(_BaseLoader):  # type: ignore[misc]
    yaml_implicit_resolvers = _implicit_resolvers()

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        self.refusals: list[YamlRefusal] = []

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """BaseResolver.resolve without path resolvers (none are registered): called per node."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        return None if node is None else self._plain(node)

    def _plain(self, node: yaml.Node) -> Any:
        """Plain data from a node, without the generic constructor's bookkeeping."""
        cls, tag = node.__class__, node.tag
        if cls is yaml.ScalarNode:
            if tag == _STR:
                return node.value
            convert = _SCALARS.get(tag)
            if convert is not None:
                return convert(node.value)
        elif isinstance(node, yaml.MappingNode) and tag == _MAP:
            return self.construct_mapping(node, plain=True)
        elif isinstance(node, yaml.SequenceNode) and tag == _SEQ:
            return [self._plain(item) for item in node.value]
        return self.construct_object(node, deep=True)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False, plain: bool = False) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        construct = self._plain if plain else lambda n: self.construct_object(n, deep=deep)
        for key_node, value_node in node.value:
            key = construct(key_node)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                self.refusals.append(
                    YamlRefusal(
                        "yaml.key-not-text",
                        line,
                        f"键 {key!r} 不是文字",
                        "字段名只能是英文字段名，例如 date、title；请对照模板检查。",
                    )
                )
                continue
            if key in mapping:
                self.refusals.append(
                    YamlRefusal(
                        "yaml.duplicate-key",
                        line,
                        f"字段“{key}”重复出现",
                        "同一层里一个字段只能写一次；请删除或合并重复的那一行。",
                    )
                )
                continue
            mapping[key] = construct(value_node)
        return mapping


_COLON_HINT = "值里含有英文冒号时，请用英文引号把整个值括起来，例如 title: \"会议：第一次\"。"
_TAB = ("不能用 Tab 键缩进", "请把 Tab 换成空格，每级缩进 2 个空格。")

_YAML_PROBLEMS_ZH = [
    ("mapping values are not allowed", "这里不能出现冒号“:”", _COLON_HINT),
    ("found character '\\t' that cannot start any token", *_TAB),
    ("found a tab character", *_TAB),
    ("could not find expected ':'", "缺少冒号“:”", "每个字段写成“字段名: 值”，冒号后留一个空格。"),
    ("did not find expected key", "缩进没有对齐", "同一层的字段要左对齐，列表项的“-”要对齐；请对照模板检查缩进。"),
    ("did not find expected '-' indicator", "列表项缩进没有对齐", "同一列表的每一项都以“- ”开头并左对齐。"),
    ("found unexpected end of stream", "引号或括号没有配对", "检查这一行及以上的引号、方括号是否成对。"),
    ("found unexpected ':'", "冒号位置不对", "值里含有英文冒号时，请用英文引号把整个值括起来。"),
    ("expected <block end>, but found", "缩进没有对齐", "同一层的字段要左对齐；请对照模板检查缩进。"),
    ("that cannot start any token", "这一行有不能开头的字符", "值以 @、` 等符号开头时，请用英文引号把整个值括起来。"),
    ("found undefined alias", "不允许使用别名“*”", "请把内容直接写出来；值以 * 开头时请加引号。"),
    ("found undefined tag handle", "不允许使用标签“!”", "请去掉以 ! 开头的标签；值以 ! 开头时请加引号。"),
    ("expected a single document", "一个文件只能写一条", "请删除多余的“---”分隔线，每条记录单独一个文件。"),
    ("characters are not allowed", "文件里有不可见的控制字符", "请删除这一行中的特殊字符后另存为 UTF-8。"),
]

# A line whose value opens a quote: ``key: "…``, ``- "…`` or ``"…`` (group 1 is the quote).
_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s"'#:][^:#]*:\s+)?(["'])(.*)$""")
_CLOSES_DOUBLE = re.compile(r'(?<!\\)(?:\\\\)*"')
_CLOSES_SINGLE = re.compile(r"'(?!')")


# ``title：…``: a field name followed by a full-width colon, which YAML reads as plain text.
_CHINESE_COLON_KEY = re.compile(r"^\s*(?:-\s+)*[A-Za-z_][A-Za-z0-9_-]*\s*：")


def _unclosed_quote_line(lines: list[str], last: int) -> int:
    """The first line up to ``last`` (0-based) whose quoted value does not close on it, or -1."""
    for number, line in enumerate(lines[: last + 1]):
        match = _OPENS_QUOTE.match(line)
        if match is None:
            continue
        quote, rest = match.groups()
        closes = _CLOSES_DOUBLE if quote == '"' else _CLOSES_SINGLE
        if closes.search(rest.replace("''", "") if quote == "'" else rest) is None:
            return number
    return -1


def _indent(line: str) -> int:
    """Where the content of a line starts, counting list dashes as indentation."""
    match = re.match(r"^(?:\s*-\s+)*\s*", line)
    return match.end() if match else 0


def _previous_content_line(lines: list[str], number: int) -> int:
    for before in range(number - 1, -1, -1):
        stripped = lines[before].strip()
        if stripped and not stripped.startswith("#"):
            return before
    return -1


def _syntax(line: int, message: str, hint: str) -> YamlRefusal:
    return YamlRefusal("yaml.syntax", line, f"YAML 格式错误：{message}", hint)


def _translate_yaml_error(error: yaml.YAMLError, text: str = "") -> YamlRefusal:
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    mark = problem_mark or context_mark
    number = mark.line if mark is not None else -1  # 0-based
    line = number + 1
    problem = str(getattr(error, "problem", "") or error)
    context = str(getattr(error, "context", "") or "")
    if isinstance(error, yaml.reader.ReaderError):  # no mark: find the character itself
        problem = str(error.reason)
        where = text.find(chr(error.character)) if isinstance(error.character, int) else -1
        number = text.count("\n", 0, where) if where >= 0 else 0
        line = number + 1
    lines = text.splitlines()
    current = lines[number] if 0 <= number < len(lines) else ""

    # An unclosed quote or bracket is reported by YAML where the scan gave up (often the end
    # of the file); the clerk needs the line where the quote or bracket was opened.
    if "quoted scalar" in context and context_mark is not None:
        return _syntax(context_mark.line + 1, "引号没有配对，这一行的引号只有开头没有结尾",
                       "请在值的末尾补上同样的英文引号（\" 或 '），或者去掉开头的引号。")
    if "flow sequence" in context and context_mark is not None:
        return _syntax(context_mark.line + 1, "方括号“[”没有配对",
                       "列表写成 [甲, 乙] 时，请在末尾补上“]”，并检查引号是否成对。")
    if "flow mapping" in context and context_mark is not None:
        return _syntax(context_mark.line + 1, "花括号“{”没有配对",
                       "写成 {字段: 值} 时，请在末尾补上“}”，并检查引号是否成对。")
    quote = _unclosed_quote_line(lines, number) if lines else -1
    if quote >= 0:
        return _syntax(quote + 1, "引号没有配对，这一行的引号只有开头没有结尾",
                       "请在值的末尾补上同样的英文引号（\" 或 '），或者去掉开头的引号。")
    if "\t" in current[: (mark.column + 1 if mark is not None else len(current))]:
        return _syntax(line, *_TAB)
    before = _previous_content_line(lines, number)
    suspects = [number, before]
    if "simple key" in context and context_mark is not None:
        suspects.insert(0, context_mark.line)
    for suspect in suspects:
        if 0 <= suspect < len(lines) and _CHINESE_COLON_KEY.match(lines[suspect]):
            return _syntax(suspect + 1, "字段名后面用了中文冒号“：”",
                           "字段名后要用英文冒号加一个空格，例如 title: 标题。")
    if "simple key" in context and context_mark is not None:
        return _syntax(context_mark.line + 1, "缺少冒号“:”",
                       "每个字段写成“字段名: 值”，冒号后留一个空格。")
    if "mapping values are not allowed" in problem:
        if before >= 0 and _indent(current) > _indent(lines[before]) \
                and not lines[before].split("#", 1)[0].rstrip().endswith(":"):
            return _syntax(line, "缩进没有对齐，这一行比上一行多了空格",
                           "同一层的字段要左对齐（用同样多的空格开头）；" + _COLON_HINT)
    if "block collection" in context and not current.lstrip().startswith("-"):
        return _syntax(line, "缩进没有对齐，这一行和上一个字段没有左对齐",
                       "同一层的字段要用同样多的空格开头；列表项里的字段与“- ”后面的第一个字段对齐。")
    for needle, message, hint in _YAML_PROBLEMS_ZH:
        if needle in problem or needle in context:
            return _syntax(line, message, hint)
    return YamlRefusal(
        "yaml.syntax",
        line,
        f"YAML 格式错误（{problem.strip()}）",
        "请对照模板检查这一行的缩进、冒号和引号。",
    )


def too_large(size: int) -> StrictYamlError:
    """The refusal for a file of ``size`` bytes, over :data:`MAX_BYTES`."""
    return StrictYamlError(
        YamlRefusal(
            "file.too-large",
            0,
            f"文件太大（{(size + 1023) // 1024} KB），一个记录文件最多 {MAX_BYTES // 1024} KB",
            "记录文件只写文字信息；扫描件、照片等材料放在 records/evidence/ 下，用 evidence 引用。",
        )
    )


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: YAML keys are ASCII, so every other byte is zero."""
    head = raw[:400]
    if len(head) < 4 or b"\x00" not in head:
        return False
    zeros_even = head[0::2].count(0)
    zeros_odd = head[1::2].count(0)
    return max(zeros_even, zeros_odd) * 4 >= len(head)


def decode(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8 (BOM allowed), or raise with the encoding named."""
    if len(raw) > MAX_BYTES:
        raise too_large(len(raw))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        raise StrictYamlError(
            YamlRefusal(
                "file.encoding",
                1,
                "文件是 UTF-16 编码，不是 UTF-8",
                "请在编辑器中选择“另存为”，编码选 UTF-8 后保存。",
            )
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
            guess = "文件像是 GBK/GB2312 编码（Windows 记事本或 WPS 的默认编码），不是 UTF-8"
        except UnicodeDecodeError:
            guess = "文件不是 UTF-8 编码"
        raise StrictYamlError(
            YamlRefusal(
                "file.encoding",
                line,
                guess,
                "请在编辑器中选择“另存为”，编码选 UTF-8 后保存；不要直接改文件扩展名。",
            )
        ) from None


# A cheap bound on the nesting, exact enough to spare almost every file the event scan below.
# In block style every second level starts further right, at most at the end of the line's
# leading run of spaces and indicators (``- ? :``); flow style adds at most one level per bracket.
# With no leading run of 10 and fewer than 12 brackets, the depth is at most 2 * 10 + 11.
_LONG_LEAD = 10
_DEEP_FIRST_LINE = re.compile(r"[ \t?:-]{%d}" % _LONG_LEAD)
_DEEP_LINE = re.compile(r"\n[ \t?:-]{%d}" % _LONG_LEAD)
_FEW_BRACKETS = 12


def _surely_shallow(text: str) -> bool:
    return (
        text.count("[") + text.count("{") < _FEW_BRACKETS
        and _DEEP_FIRST_LINE.match(text) is None
        and _DEEP_LINE.search(text) is None
    )


def nesting_refusal(text: str) -> Optional[YamlRefusal]:
    """A refusal when lists and mappings nest deeper than :data:`MAX_DEPTH`, else None.

    Reads the parser's events (the parser keeps its own stack; only composing a tree recurses)
    and stops at the first level too deep. A syntax error on the way is left to the caller.
    """
    if _surely_shallow(text):
        return None
    try:
        loader = _BaseLoader(text)
    except yaml.YAMLError:
        return None
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                return None
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return YamlRefusal(
                        "yaml.too-deep",
                        event.start_mark.line + 1 if event.start_mark is not None else 1,
                        f"内容嵌套太深：列表和字段一层套一层超过了 {MAX_DEPTH} 层",
                        "记录只需要几层缩进（字段、列表、列表中的字段）；请对照模板检查这一行附近的"
                        "缩进、方括号“[”和花括号“{”，不要一层套一层。",
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _written_tag(text: str, mark: Any, tag: str) -> str:
    """The tag as the clerk wrote it (``!!python/object``), not as YAML expanded it."""
    lines = text.splitlines()
    number, column = (int(mark.line), int(mark.column)) if mark is not None else (-1, 0)
    if 0 <= number < len(lines):
        for word in lines[number][column:].split():
            if word.startswith("!"):
                return word
    return tag.replace("tag:yaml.org,2002:", "!!")


def _open(loader_class: type[Any], text: str) -> Any:
    """A loader on ``text``; the pure-Python reader already refuses control characters here."""
    try:
        return loader_class(text)
    except yaml.YAMLError as exc:
        raise StrictYamlError(_translate_yaml_error(exc, text)) from None


def _scan_events(text: str) -> None:
    """Refuse anchors, aliases, explicit tags and extra documents, before any construction."""
    loader = _open(_BaseLoader, text)
    documents = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                break
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise StrictYamlError(
                        YamlRefusal(
                            "yaml.multiple-documents",
                            line,
                            "一个文件只能写一条内容，这里出现了第二段（“---”）",
                            "请删除多余的“---”分隔线，每条记录单独一个文件。",
                        )
                    )
            if isinstance(event, yaml.AliasEvent):
                raise StrictYamlError(
                    YamlRefusal(
                        "yaml.alias",
                        line,
                        f"不允许使用别名“*{event.anchor}”",
                        "请把内容直接写出来；值以 * 开头时请用英文引号括起来。",
                    )
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise StrictYamlError(
                    YamlRefusal(
                        "yaml.anchor",
                        line,
                        f"不允许使用锚点“&{anchor}”",
                        "请把内容直接写出来；值以 & 开头时请用英文引号括起来。",
                    )
                )
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            explicit = tag is not None and (
                implicit is False or (isinstance(implicit, tuple) and not any(implicit))
            )
            if explicit:
                raise StrictYamlError(
                    YamlRefusal(
                        "yaml.tag",
                        line,
                        f"不允许使用标签“{_written_tag(text, event.start_mark, str(tag))}”",
                        "请去掉以 ! 开头的标签；值以 ! 开头时请用英文引号括起来。",
                    )
                )
    except yaml.YAMLError as exc:
        raise StrictYamlError(_translate_yaml_error(exc, text)) from None
    finally:
        loader.dispose()


def _load_utf8(source: bytes) -> Optional[tuple[Any, list[YamlRefusal]]]:
    """Parse UTF-8 bytes (the C parser reads them ~10% faster than text); None on any error."""
    try:
        loader = _StrictLoader(source)
    except yaml.YAMLError:
        return None
    try:
        return loader.get_single_data(), loader.refusals
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def load_text(text: str, source: Optional[bytes] = None) -> tuple[Any, list[YamlRefusal]]:
    """Parse decoded YAML text. Raises StrictYamlError; returns data and dropped-key refusals.

    ``source``, the same text as UTF-8 bytes, is parsed instead when given; a file with an
    error is then read again from the text, for positions counted in characters.
    """
    deep = nesting_refusal(text)
    if deep is not None:
        raise StrictYamlError(deep)
    if "&" in text or "*" in text or "!" in text:
        _scan_events(text)
    if source is not None and C_LOADER:
        quick = _load_utf8(source)
        if quick is not None and quick[0] is not None:
            return quick
    loader = _open(_StrictLoader, text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise StrictYamlError(_translate_yaml_error(exc, text)) from None
    finally:
        loader.dispose()
    if data is None:
        raise StrictYamlError(
            YamlRefusal("yaml.empty", 1, "文件是空的", "请按模板填写内容，或删除这个文件。")
        )
    return data, loader.refusals


def load_bytes(raw: bytes) -> tuple[Any, list[YamlRefusal], str]:
    """Decode and parse; returns (data, refusals, text)."""
    text = decode(raw)
    data, refusals = load_text(text, raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    return data, refusals, text


def _compose(text: str) -> yaml.Node | None:
    if text.startswith("\ufeff"):
        text = text[1:]
    if nesting_refusal(text) is not None:
        return None
    try:
        loader = _BaseLoader(text)
    except yaml.YAMLError:
        return None
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _walk(node: yaml.Node, pointer: Pointer) -> Iterator[tuple[yaml.Node, yaml.Node | None]]:
    """Yield (value node, key node) along a pointer, as deep as it goes."""
    current: yaml.Node = node
    key_node: yaml.Node | None = None
    yield current, key_node
    for part in pointer:
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            found = None
            for k, v in current.value:
                if isinstance(k, yaml.ScalarNode) and k.value == part:
                    found = (v, k)
                    break
            if found is None:
                return
            current, key_node = found
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(current.value):
                return
            current, key_node = current.value[part], None
        else:
            return
        yield current, key_node


def line_of(text: str, pointer: Pointer) -> int:
    """The 1-based line where ``pointer`` is in ``text``, or the nearest enclosing line."""
    root = _compose(text)
    if root is None:
        return 0
    line = 1
    for value, key in _walk(root, pointer):
        mark = key.start_mark if key is not None else value.start_mark
        line = mark.line + 1
    return line


def load_any(raw: bytes) -> Any:
    """What any YAML reader makes of a file, for decisions that spelling must not sidestep (the
    closed-year lock): UTF-8, -16 or -32, anchors, aliases, tags, every quoting and flow style,
    as PyYAML's safe loader reads them. None when it cannot be read, is too large or too deep."""
    if len(raw) > MAX_BYTES:
        return None
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or b"\x00" in raw[:4]:
            text = _decode_wide(raw)
        else:
            text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if nesting_refusal(text) is not None:
        return None
    try:
        return yaml.load(text, Loader=_BaseLoader)  # noqa: S506 - the safe loader
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return None


def _decode_wide(raw: bytes) -> str:
    """UTF-16 or UTF-32, by BOM or, without one, by where the zero bytes of ASCII text fall."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return raw.decode("utf-32")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw[:4].count(0) == 3:
        return raw.decode("utf-32-be" if raw[0] == 0 else "utf-32-le")
    return raw.decode("utf-16-be" if raw[0] == 0 else "utf-16-le")
