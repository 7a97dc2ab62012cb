"""Checks of the vocabularies: each file on its own terms, and the vocabularies against each other.

A vocabulary's file name is its id; its codes are unique in each list, record types have
unique short codes; the fields a record type must or may carry are fields of the base record
schema (and only the type-specific field kinds are "optional"); the types a record type
responds to are its record types, and the kinds that file them (``filed_by``,
``filed_for_others_by``) its kinds of organisation; there is a leading body (a ``top`` kind); the clause pattern
is a regular expression; its own periods are well formed. Two vocabularies of one repository
that define the same code define it alike (the record schema has one meaning for each type).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Sequence

from ..records import layout
from ..records.derive import ALWAYS_REQUIRED, exclusive_fields
from ..records.problems import Pointer, Problem
from ..records.vocabulary import Vocabulary
from .findings import problem as _p
from .findings import reserved, stem

_LISTS = (
    ("org_kinds", "组织类型"),
    ("roles", "职务"),
    ("categories", "单位类别"),
    ("record_types", "记录类型"),
    ("cycles", "自定期间"),
)
_KEY = {"cycles": "periods"}  # the list's key in the file, where it differs from the model


def vocabulary_findings(vocabularies: Sequence[Vocabulary], record_schema: dict[str, Any]) -> Iterator[Problem]:
    """Every vocabulary (``record_schema``: the base record schema, whose fields types choose from)."""
    fields = set(record_schema.get("properties", {}))
    exclusive = set(exclusive_fields(record_schema))
    for vocab in vocabularies:
        yield from _vocabulary(vocab, fields, exclusive)
    yield from _conflicts(vocabularies)


def _vocabulary(v: Vocabulary, fields: set[str], exclusive: set[str]) -> Iterator[Problem]:
    src = v.source
    taken = reserved(src, v.id, "词汇表编号", layout.vocabulary_path(f"{v.id}-1"),
                     "方案中写到这个词汇表编号的地方（vocabulary）也一并改掉。", page=False)
    if taken is not None:
        yield taken
    if stem(src) != v.id:
        yield _p(src, "path.id-mismatch", f"词汇表编号“{v.id}”与文件名“{stem(src)}.yaml”不一致",
                 f"请把文件改名为 {layout.vocabulary_path(v.id)}，或把 id 改成文件名。", ("id",))
    for attribute, what in _LISTS:
        seen: set[str] = set()
        for i, item in enumerate(getattr(v, attribute)):
            if item.code in seen:
                yield _p(src, "id.duplicate", f"{what}代码“{item.code}”重复", "每个代码只写一次。",
                         (_KEY.get(attribute, attribute), i, "code"))
            seen.add(item.code)
    if not v.top_kinds:
        yield _p(src, "vocabulary.no-top", "组织类型中没有领导机关（top: true）",
                 "制定方案、检查考核的一级（如镇党委、局党组）写 top: true；它不写上级组织，其他组织都在它之下。",
                 ("org_kinds",))
    codes = {t.code for t in v.record_types}
    org_kinds = [k.code for k in v.org_kinds]
    shorts: dict[str, str] = {}
    for i, t in enumerate(v.record_types):
        at: Pointer = ("record_types", i)
        if t.short in shorts:
            yield _p(src, "vocabulary.short", f"编号缩写“{t.short}”已用于“{shorts[t.short]}”",
                     "每种记录类型用不同的缩写，记录编号才能看出类型。", at + ("short",))
        shorts.setdefault(t.short, t.name)
        for j, name in enumerate(t.fields):
            if name not in fields:
                yield _unknown_field(src, name, fields, at + ("fields", j))
            elif name in ALWAYS_REQUIRED:
                yield _p(src, "vocabulary.field", f"“{name}”是每条记录都要写的字段，不用写在 fields 中", "请删除这一项。",
                         at + ("fields", j), severity="warning")
        for j, name in enumerate(t.optional):
            if name not in fields:
                yield _unknown_field(src, name, fields, at + ("optional", j))
            elif name not in exclusive:
                yield _p(src, "vocabulary.field", f"“{name}”是所有记录都可以写的字段，不用写在 optional 中",
                         f"optional 只写专用字段：{'、'.join(sorted(exclusive))}。", at + ("optional", j), severity="warning")
        for j, code in enumerate(t.responds_to):
            if code not in codes:
                yield _p(src, "ref.record-type", f"回应的记录类型“{code}”不在本词汇表的 record_types 中",
                         "请写本词汇表中记录类型的代码。", at + ("responds_to", j))
        for key, kinds in (("filed_by", t.filed_by), ("filed_for_others_by", t.filed_for_others_by or ())):
            for j, code in enumerate(kinds):
                if code not in org_kinds:
                    yield _p(src, "ref.org-kind", f"登记的组织类型“{code}”不在本词汇表的 org_kinds 中",
                             f"可写的组织类型：{'、'.join(org_kinds)}。", at + (key, j))
    if v.clause_pattern is not None:
        try:
            re.compile(v.clause_pattern)
        except re.error as exc:
            yield _p(src, "vocabulary.pattern", f"条款号格式不是有效的正则表达式（{exc}）",
                     "例如 ^第[一二三四五六七八九十百]+条$；不需要格式时删除 pattern。", ("clauses", "pattern"))
    letters: dict[str, str] = {}
    for i, cycle in enumerate(v.cycles):
        problem = cycle.problem()
        if problem is not None:
            yield _p(src, "vocabulary.period", f"自定期间“{cycle.name}”：{problem}", "请对照说明改正。", ("periods", i))
        if cycle.letter in letters:
            yield _p(src, "vocabulary.period", f"期间字母“{cycle.letter}”已用于“{letters[cycle.letter]}”",
                     "每种自定期间用不同的字母。", ("periods", i, "letter"))
        letters.setdefault(cycle.letter, cycle.name)


def _unknown_field(src: str, name: str, fields: Iterable[str], at: Pointer) -> Problem:
    return _p(src, "vocabulary.field", f"工作记录没有“{name}”这个字段",
              f"可选的字段：{'、'.join(f for f in fields if f not in ALWAYS_REQUIRED)}。", at)


def _conflicts(vocabularies: Sequence[Vocabulary]) -> Iterator[Problem]:
    """A code that two vocabularies define differently: reported in the later one."""
    first: dict[tuple[str, str], tuple[Any, str]] = {}
    for v in vocabularies:
        for attribute, what in _LISTS:
            for i, item in enumerate(getattr(v, attribute)):
                key = (attribute, item.code)
                if key not in first:
                    first[key] = (item, v.source)
                elif first[key][0] != item and first[key][1] != v.source:
                    yield _p(v.source, "vocabulary.conflict",
                             f"{what}“{item.code}”与 {first[key][1]} 中的定义不同",
                             "同一仓库中，同一代码在各词汇表中须写得完全一样（或换一个代码）。",
                             (_KEY.get(attribute, attribute), i, "code"))
