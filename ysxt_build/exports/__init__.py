"""Documents the town office hands on paper, built from the records and the status.

- :mod:`.docx`: the half-year self-inspection report draft (Word, python-docx);
- :mod:`.xlsx`: the town committee's summary workbook (Excel, openpyxl);
- :mod:`.ics`: deadlines as a calendar file (reuses the portal's iCalendar builder).

Builders are pure: they take loaded data and return the file's bytes (or the content to
render); the ``ysxt export`` commands (:mod:`ysxt_build.cli.export`) read the repository,
the clock and write the files.
"""
