"""The portal's own styles and scripts, shipped with the program.

``ysxt build`` (and ``ysxt serve``) writes them into the repository's ``docs/assets/`` as
generated files, like the pages: every repository (the project's demo, the examples, a town's)
gets the version of the program that builds it, and none keeps a copy of its own. They are
written and removed by :func:`ysxt_build.portal.site.write_pages` with the pages, so a file the
build did not write there (a town's own picture or style sheet) is never touched.

``mkdocs.yml`` loads them (``extra_css``, ``extra_javascript``): ``ysxt.css`` (statuses, the
grid), ``ysxt.js`` (the notice when a page is opened as a file; search results copied without
the zero-width spaces), and the 填报 page's ``ysxt-form.css``, ``ysxt-form.js`` (whose
``renderRecord`` is the twin of :func:`ysxt_build.records.templates.render_record`) and
``ysxt-sha256.js``.
"""

from __future__ import annotations

from importlib import resources

from .. import paths

SUFFIXES = (".css", ".js")


def site_assets() -> dict[str, bytes]:
    """Every style sheet and script of this folder, by its path under ``docs/`` (read at each
    build: a few small files)."""
    here = resources.files(__name__)
    return {
        f"{paths.ASSETS_DIR}/{entry.name}": entry.read_bytes()
        for entry in sorted(here.iterdir(), key=lambda e: e.name)
        if entry.is_file() and entry.name.endswith(SUFFIXES)
    }
