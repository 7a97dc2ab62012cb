"""Validate: each file against its schema, then the rules across files (ids, members, dates).

Takes the repository; hands on the loaded :class:`~ysxt_build.records.model.Dataset` of the
valid files (:mod:`.repository`) and every problem, located at its line (:mod:`.checker`),
with the reporters that print them and the caches that make a second run fast.
"""
