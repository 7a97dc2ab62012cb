"""ysxt: 意识形态工作责任制记录与门户。

The core is a pure pipeline: load → validate → compute → render. Nothing in it reads the
clock, prints or exits; the command line (``ysxt_build.cli.main``) does those things.
"""

__version__ = "0.1.0"
