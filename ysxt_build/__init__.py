"""ysxt: 意识形态工作责任制记录与门户。

The core is a pure pipeline: load → validate → compute → render. Nothing in it reads the
clock, prints or exits; the command line (:mod:`ysxt_build.cli`) does those things.

Packages, by stage; a module imports only from its own package and the ones below it
(``tests/test_layering.py`` keeps it so):

===========  ================================================================================
cli          ``ysxt`` commands, one module each (reads the clock, prints, exits)
exports      Word, Excel and calendar files for the town committee
portal       the MkDocs site: every page as Markdown, then ``mkdocs build``
assessment   annual scores and accountability cases (三、四)
ci           pull-request summaries, overdue alerts, CODEOWNERS, the merge base
status       the status of every obligation as of a date, and status.json
check        file checks, cross-file rules, caches, reporters; loading the valid dataset
records      layout, strict YAML, JSON Schemas, periods, the data model
devtools     the synthetic county (benchmarks and tests); outside the pipeline
===========  ================================================================================
"""

__version__ = "0.1.0"
