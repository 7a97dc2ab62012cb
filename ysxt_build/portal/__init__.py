"""The portal: the computed status and the records as a static MkDocs (Material) site.

Pages are plain Markdown generated into ``docs/`` before MkDocs runs (``ysxt build
--markdown-only`` then ``mkdocs build --strict`` works as well as ``ysxt build``).

Modules, each doing one thing:

==================  ========================================================================
escape              the one escaping function for text from records (``text``)
status_data         status.json read back into typed objects
context             the data every page needs, with lookups
paths / md / fmt    page locations and anchors; Markdown building blocks; badges and dates
describe            an obligation in words: who, how often, what counts
pages_*             one module per kind of page (home, obligations, orgs, records, calendar,
                    plan, trends, guide, commands, and the assessment pages: inspections,
                    assessments, accountability), and pages_form: 填报, the form a clerk
                    files a record with, its data written beside it (assets/ysxt-form.js
                    draws it)
assets              the portal's styles and scripts, written into docs/assets/ with the pages
svg / trends        charts drawn at build time, and the numbers behind them
ics                 deadlines as iCalendar files
site                writing pages only when changed, removing only stale ones the build can
                    prove it wrote; refusing links and folders outside the repository; the
                    site built beside and swapped in
generate / build    from a repository to pages; running MkDocs
pagecache           the page cache plugin ``build`` adds to MkDocs (an accelerator only)
serve               the live preview: regenerate and rebuild in one thread, never stalling
==================  ========================================================================
"""
