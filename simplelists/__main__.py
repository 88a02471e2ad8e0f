"""python -m simplelists: the same as the simplelists command."""

import sys

from simplelists.cli import main

sys.exit(main())
