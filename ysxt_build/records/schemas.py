"""The JSON Schemas in ``schema/``: the one source of truth for every file format.

This module finds and loads them, builds validators (jsonschema-rs for the fast yes/no,
``jsonschema`` for detailed errors), and answers questions the rest of the code asks of
them: the Chinese title of a field, the values allowed for an enumeration.

The base schemas leave coded values (record types, organisation kinds, roles) open; a
repository's vocabularies close them: :meth:`SchemaSet.with_vocabularies` gives the schema set
derived from them (:mod:`.derive`), which is what a repository's files are checked against.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from .derive import derive_documents
from .vocabulary import Vocabulary

if TYPE_CHECKING:  # imported when first needed: a check of valid files never needs them
    import jsonschema
    import referencing

jsonschema_rs: Any
try:  # the accelerator is optional: everything works without it, only slower
    import jsonschema_rs
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    jsonschema_rs = None

FILE_KINDS = ("plan", "organization", "record", "rubric", "vocabulary")
_SUPPORT = ("common",)


def schema_dir() -> Path:
    """Where the schemas are: packaged beside the code, or the repository's ``schema/``."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "schema"
    if (packaged / "record.schema.json").is_file():
        return packaged
    return package.parent / "schema"


@dataclass(frozen=True)
class Choice:
    value: str
    title: str
    description: str = ""


@dataclass
class SchemaSet:
    """All schemas of one directory, with validators."""

    directory: Path
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    vocabularies: tuple[Vocabulary, ...] = ()  # the vocabularies the documents are derived from

    @classmethod
    def load(cls, directory: Path | None = None) -> "SchemaSet":
        directory = directory or schema_dir()
        documents = {}
        for name in FILE_KINDS + _SUPPORT:
            path = directory / f"{name}.schema.json"
            documents[name] = json.loads(path.read_text(encoding="utf-8"))
        return cls(directory=directory, documents=documents)

    def with_vocabularies(self, vocabularies: Sequence[Vocabulary]) -> "SchemaSet":
        """The schema set derived from these (base) schemas and ``vocabularies``: record types,
        organisation kinds, roles and cycles closed to theirs. Derived sets are kept, so the
        validators of a repository's vocabulary are compiled once per process."""
        key = (self.fingerprint, tuple(vocabularies))
        derived = _DERIVED.get(key)
        if derived is None:
            if len(_DERIVED) >= 8:
                _DERIVED.pop(next(iter(_DERIVED)))
            derived = SchemaSet(self.directory, derive_documents(self.documents, key[1]), key[1])
            _DERIVED[key] = derived
        return derived

    @cached_property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.documents):
            digest.update(json.dumps(self.documents[name], sort_keys=True).encode())
        digest.update(repr(self.vocabularies).encode())  # what the checks read of them besides
        return digest.hexdigest()

    @cached_property
    def _registry(self) -> referencing.Registry[Any]:
        import referencing
        import referencing.jsonschema

        resources = [
            (doc["$id"], referencing.jsonschema.DRAFT202012.create_resource(doc))
            for doc in self.documents.values()
        ]
        return referencing.Registry().with_resources(resources)

    @cached_property
    def _detailed(self) -> dict[str, jsonschema.Draft202012Validator]:
        import jsonschema

        checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
        return {
            kind: jsonschema.Draft202012Validator(
                self.documents[kind], registry=self._registry, format_checker=checker
            )
            for kind in FILE_KINDS
        }

    @cached_property
    def _fast(self) -> dict[str, Any]:
        if jsonschema_rs is None:
            return {}
        registry = jsonschema_rs.Registry(
            [(doc["$id"], doc) for doc in self.documents.values()]
        )
        return {
            kind: jsonschema_rs.validator_for(
                self.documents[kind], registry=registry, validate_formats=True
            )
            for kind in FILE_KINDS
        }

    def is_valid(self, kind: str, data: Any) -> bool:
        fast = self._fast.get(kind)
        if fast is not None:
            return bool(fast.is_valid(data))
        return bool(self._detailed[kind].is_valid(data))

    def iter_errors(self, kind: str, data: Any) -> Iterator[jsonschema.ValidationError]:
        return self._detailed[kind].iter_errors(data)

    # -- questions about the schemas -------------------------------------------------------

    def record_type_shorts(self) -> dict[str, str]:
        """Each record type's short id code (``special_study`` → ``zyyj``), from ``x-short``."""
        node = self.property_schema("record", "type") or {}
        return {str(alt["const"]): str(alt["x-short"]) for alt in node.get("oneOf", ()) if "x-short" in alt}

    def resolve(self, schema: Mapping[str, Any], base: str = "record") -> dict[str, Any]:
        """Follow ``$ref`` (one level at a time) and merge sibling keywords over it."""
        result: dict[str, Any] = dict(schema)
        base_id = self.documents[base]["$id"]
        while "$ref" in result:
            resolved = self._registry.resolver(base_uri=base_id).lookup(result.pop("$ref"))
            merged = dict(resolved.contents)
            merged.update(result)
            result = merged
        return result

    def choices(self, kind: str, *path: str) -> list[Choice]:
        """The allowed values of an enumerated field, with their Chinese titles."""
        node = self.property_schema(kind, *path)
        if node is None:
            return []
        if "oneOf" in node and all("const" in alt for alt in node["oneOf"]):
            return [
                Choice(alt["const"], alt.get("title", alt["const"]), alt.get("description", ""))
                for alt in node["oneOf"]
            ]
        if "enum" in node:
            return [Choice(str(v), str(v)) for v in node["enum"]]
        return []

    def label(self, kind: str, path: str, value: str) -> str:
        """The Chinese title of one enumerated value, e.g. record type → 专题研究会议."""
        for choice in self.choices(kind, *path.split(".")):
            if choice.value == value:
                return choice.title
        return value

    def property_schema(self, kind: str, *path: str) -> dict[str, Any] | None:
        node: dict[str, Any] = self.resolve(self.documents[kind], kind)
        for part in path:
            node = self.resolve(node, kind)
            if part == "[]":
                items = node.get("items")
                if not isinstance(items, dict):
                    return None
                node = items
                continue
            props = node.get("properties", {})
            if part not in props:
                return None
            node = props[part]
        return self.resolve(node, kind)


_DERIVED: dict[tuple[str, tuple[Vocabulary, ...]], SchemaSet] = {}
