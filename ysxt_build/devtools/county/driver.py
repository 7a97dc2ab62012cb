"""The driver: ``generate`` draws the county and writes the repository; ``Summary`` says what.

It copies the plan, the vocabulary the plan names and (for editors) the JSON Schemas, then
writes every organisation, every record and the few evidence files with their SHA-256,
creating each folder once.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ...records import layout
from .activities import build_records
from .days import year
from .naming import assign_ids
from .registry import Registry
from .render import evidence_bytes, organization_text, record_text

DEFAULT_ORGS = 1000
MEMBERS_PER_ORG = 5
DEFAULT_RECORDS = 100_000


@dataclass(frozen=True)
class Summary:
    """What was written."""

    organizations: int
    members: int
    records: int
    evidence_files: int
    by_type: dict[str, int]


def default_plan() -> Path:
    """The real plan, from the repository this package lives in."""
    return Path(__file__).resolve().parents[3] / layout.PLANS / "xx-town-2025.yaml"


def vocabulary_of(plan_bytes: bytes, plan_file: Path) -> Optional[Path]:
    """The vocabulary file the plan names (``vocabulary: <id>``), beside the plans folder."""
    from ...records.strict_yaml import load_text

    data, _ = load_text(plan_bytes.decode("utf-8-sig"))
    name = data.get("vocabulary") if isinstance(data, dict) else None
    if not isinstance(name, str):
        return None
    path = plan_file.resolve().parents[1] / "vocabularies" / f"{name}.yaml"
    return path if path.is_file() else None


def short_codes(vocabulary: Optional[Path]) -> dict[str, str]:
    """Each record type's short id code (``special_study`` → ``zyyj``), from the vocabulary:
    the one convention of ``ysxt new``, the 填报 page and the demo."""
    from ...records.strict_yaml import load_text

    if vocabulary is None:
        return {}
    data, _ = load_text(vocabulary.read_bytes().decode("utf-8-sig"))
    types = data.get("record_types") if isinstance(data, dict) else None
    return {str(t["code"]): str(t["short"]) for t in types or () if isinstance(t, dict) and "code" in t and "short" in t}


def _reviewed_as_list() -> bool:
    """Whether the organisation schema wants ``positions_reviewed`` as a list of dates."""
    try:
        from ...records.schemas import SchemaSet

        node = SchemaSet.load().property_schema("organization", "positions_reviewed")
    except (OSError, ValueError, KeyError):
        return True
    return node is not None and node.get("type") == "array"


class _Writer:
    """Writes files under ``root`` by relative path, making each folder the first time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: set[str] = set()

    def __call__(self, rel: str, data: bytes) -> None:
        parent = rel.rsplit("/", 1)[0]
        if parent not in self.made:
            os.makedirs(self.root / parent, exist_ok=True)
            self.made.add(parent)
        with open(self.root / rel, "wb") as handle:
            handle.write(data)


def generate(
    out_dir: Path,
    orgs: int = DEFAULT_ORGS,
    members: Optional[int] = None,
    records: int = DEFAULT_RECORDS,
    seed: int = 1,
    plan: Optional[Path] = None,
    overwrite: bool = False,
    directives: Optional[int] = None,
) -> Summary:
    """Write a synthetic records repository into ``out_dir``; returns what was written.

    ``members`` is the number of leading-group members of the ``orgs`` organisations (the
    town committee has its own, besides); default five per organisation. ``directives``: how
    many of the records are directives from above, each applying to (nearly) every
    organisation; default one for every two hundred records. Refuses to write
    into a directory that already has ``records/`` unless ``overwrite``, which removes it.
    """
    if orgs < 1:
        raise ValueError("orgs must be at least 1")
    if records < 0:
        raise ValueError("records must not be negative")
    members = MEMBERS_PER_ORG * orgs if members is None else members
    plan_file = plan or default_plan()
    plan_bytes = plan_file.read_bytes()
    vocabulary = vocabulary_of(plan_bytes, plan_file)
    out_dir = Path(out_dir)
    records_dir = out_dir / layout.RECORDS
    if records_dir.exists():
        if not overwrite:
            raise FileExistsError(f"{records_dir} already exists")
        shutil.rmtree(records_dir)
        shutil.rmtree(out_dir / ".ysxt-cache", ignore_errors=True)

    rng = random.Random(seed)
    all_orgs = Registry(rng, orgs, members).build()
    all_records = build_records(rng, all_orgs, records, directives)
    assign_ids(all_records, short_codes(vocabulary))

    write = _Writer(out_dir)
    write(f"{layout.PLANS}/{plan_file.name}", plan_bytes)
    if vocabulary is not None:
        write(f"{layout.VOCABULARIES}/{vocabulary.name}", vocabulary.read_bytes())
    try:
        from ...records.schemas import schema_dir

        for schema in sorted(schema_dir().glob("*.schema.json")):
            write(f"schema/{schema.name}", schema.read_bytes())
    except OSError:
        pass  # the schemas are a convenience for editors only
    reviewed_as_list = _reviewed_as_list()
    for org in all_orgs:
        write(layout.organization_path(org.id), organization_text(org, reviewed_as_list).encode("utf-8"))
    files = 0
    for rec in all_records:
        evidence: Optional[tuple[str, str]] = None
        y = year(rec.day)
        if rec.evidence_file:
            content = evidence_bytes(rec)
            rel = f"{layout.EVIDENCE}/{y}/{rec.org.id}/{rec.id}.txt"
            write(rel, content)
            evidence = (rel, hashlib.sha256(content).hexdigest())
            files += 1
        write(layout.record_path(y, rec.org.id, rec.id), record_text(rec, evidence).encode("utf-8"))
    return Summary(
        organizations=len(all_orgs),
        members=sum(len({t.member_id for t in o.terms}) for o in all_orgs),
        records=len(all_records),
        evidence_files=files,
        by_type=dict(sorted(Counter(r.type for r in all_records).items())),
    )
