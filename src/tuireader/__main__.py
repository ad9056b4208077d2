"""`python -m tuireader` runs the same entry point as the console script."""

import sys

from tuireader.cli import main

sys.exit(main())
