"""Run the ingest command line: `python -m ingest --help`."""

import sys

from ingest.cli import main

sys.exit(main())
