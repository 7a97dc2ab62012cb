"""``python -m ysxt_build.devtools.synthetic OUT_DIR [options]`` (see ``--help``)."""

import sys

from . import main

sys.exit(main())
