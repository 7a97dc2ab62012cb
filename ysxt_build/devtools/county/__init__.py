"""The synthetic county's parts, in the order a county is made (the public face, ``generate``
and ``python -m``, is :mod:`ysxt_build.devtools.synthetic`).

=============  ================================================================================
days           the period (2022–2026) and days as plain integers
vocabulary     the words: names, places, units, themes, sentences, evidence titles, incidents
model          the data being drawn: organisations, terms of office, positions, records
registry       the organisations, their leading groups (members and terms) and positions
maker          what every record has: summary, topics, evidence, serial; who attended
directives     directives from above, and picking one an organisation responds to
activities     each organisation's records by kind: the yearly cadence, then additions
naming         record ids (numbered per organisation, year and type) and titles
yaml_text      YAML by hand: quoting, flow lists, keys, blocks and list items
render         the text of organisation and record files, and evidence files' content
driver         ``generate``: draw the county, write the repository, say what was written
command_line   ``main``: the command line's options, in Chinese, and its summary
=============  ================================================================================

Everything is drawn from one ``random.Random(seed)`` in a fixed order, so the same
arguments give byte-identical files; nothing reads the clock.
"""
