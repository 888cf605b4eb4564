"""``python -m guidance``: the command line (see :mod:`guidance.cli`)."""

import os
import sys

from guidance.cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:  # the reader (e.g. ``| head``) closed the pipe: stop quietly, as other tools do
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 0
raise SystemExit(code)
