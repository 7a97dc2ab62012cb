"""Load a repository and compute its status: the pipeline behind ``ysxt status`` and the portal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..check.cache import DISCARDED, CheckCache, discarded
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
    notes: tuple[Problem, ...] = ()  # a damaged cache that was dropped


def compute_repository(root: Path, as_of: date, use_cache: bool = True) -> Computed:
    base = SchemaSet.load()
    loaded = load_repository(root, base, use_cache=use_cache)
    schemas = loaded.schemas or base
    labels = Labels.from_schemas(schemas, loaded.dataset.current_vocabulary)
    try:
        report = compute_status(loaded.dataset, as_of, labels)
    except Exception:
        if loaded.from_cache == 0 or loaded.cache is None:
            raise  # not the cache's doing
        # Data from a damaged cache that still looked right: drop it, load every file again.
        loaded.cache.discard()
        loaded.cache.save(set())
        loaded = load_repository(root, base, use_cache=True)
        report = compute_status(loaded.dataset, as_of, labels)
        loaded.problems.append(discarded(CheckCache.FILE))
    loaded.save_cache()
    errors = tuple(p for p in loaded.problems if p.severity == "error")
    notes = tuple(p for p in loaded.problems if p.code == DISCARDED)
    return Computed(report=report, dataset=loaded.dataset, labels=labels, load_errors=errors, schemas=schemas,
                    notes=notes)
