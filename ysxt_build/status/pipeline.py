"""Load a repository and compute its status: the pipeline behind ``ysxt status`` and the portal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..check.repository import load_repository
from ..records.labels import Labels
from ..records.model import Dataset
from ..records.problems import Problem
from ..records.schemas import SchemaSet
from .engine import compute_status
from .model import StatusReport


@dataclass(frozen=True)
class Computed:
    report: StatusReport
    dataset: Dataset
    labels: Labels
    load_errors: tuple[Problem, ...]  # files left out of the computation
    schemas: SchemaSet  # derived from the repository's vocabularies


def compute_repository(root: Path, as_of: date, use_cache: bool = True) -> Computed:
    loaded = load_repository(root, SchemaSet.load(), use_cache=use_cache)
    loaded.save_cache()
    schemas = loaded.schemas or SchemaSet.load()
    labels = Labels.from_schemas(schemas, loaded.dataset.current_vocabulary)
    report = compute_status(loaded.dataset, as_of, labels)
    errors = tuple(p for p in loaded.problems if p.severity == "error")
    return Computed(report=report, dataset=loaded.dataset, labels=labels, load_errors=errors, schemas=schemas)
