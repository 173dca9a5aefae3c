"""``python -m survey`` runs the command line."""

import sys

from survey.cli import main

sys.exit(main())
