"""``python -m guidance``: the command line (see :mod:`guidance.cli`)."""

from guidance.cli import main

raise SystemExit(main())
