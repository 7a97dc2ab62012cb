"""A synthetic county-scale records repository, for benchmarks and tests.

``generate(out_dir, ...)`` writes a complete repository that passes
``ysxt check --as-of 2026-12-31``: the real plan, a town committee, N party organisations
(general branches with branches under them; villages, communities, offices, schools and
enterprises; some founded or dissolved during the period, some with a change of secretary),
their leading groups, and M activity records over 2022–2026 of every record type, with
valid references (people in office on the day, responses to earlier directives and
incidents, lectures approved beforehand) and evidence (paper-archive references, and a few
small files with their SHA-256).

Everything is decided by ``random.Random(seed)``: the same arguments give byte-identical
files. Nothing reads the clock.

Command line::

    python -m ysxt_build.devtools.synthetic OUT_DIR --orgs 1000 --members 5000 --records 100000 --seed 1

This package is the public face only; the generator's parts are in
:mod:`ysxt_build.devtools.county` (a package's ``__init__`` imports none of its own modules
here, which ``tests/test_layering.py`` keeps so).
"""

from ..county.command_line import main
from ..county.days import AS_OF, FIRST_YEAR, LAST_YEAR
from ..county.driver import (
    DEFAULT_ORGS,
    DEFAULT_RECORDS,
    MEMBERS_PER_ORG,
    Summary,
    default_plan,
    generate,
)
from ..county.maker import EVIDENCE_FILE_EVERY
from ..county.model import TOWN_ID
from ..county.naming import RECORD_TYPES

__all__ = [
    "AS_OF",
    "DEFAULT_ORGS",
    "DEFAULT_RECORDS",
    "EVIDENCE_FILE_EVERY",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MEMBERS_PER_ORG",
    "RECORD_TYPES",
    "TOWN_ID",
    "Summary",
    "default_plan",
    "generate",
    "main",
]
