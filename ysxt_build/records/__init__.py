"""Read: the repository's layout, strict YAML, the JSON Schemas, periods and the data model.

Takes files on disk; hands on parsed, typed objects (:class:`~.model.Dataset` and its parts),
the schema set with its Chinese labels, and :class:`~.problems.Problem` for anything wrong.
Imports nothing else of ysxt_build: every later stage builds on it.
"""
