"""Read: the repository's layout, strict YAML, the JSON Schemas, periods and the data model.

Takes files on disk; hands on parsed, typed objects (:class:`~.model.Dataset` and its parts),
the schema set with its Chinese labels, and :class:`~.problems.Problem` for anything wrong.
Also what a record of each type holds and counts for (``form_spec``) and how a record file is
written (``templates``), for ``ysxt new`` and the portal's 填报 page.
Imports nothing else of ysxt_build: every later stage builds on it.
"""
