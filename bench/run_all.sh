#!/usr/bin/env bash
# Run every benchmark and print their tables (takes about 10 minutes; not part of the tests).
#   bench/run_all.sh                       # pages vs bare page, then sessions on the start page and the calculator
#   SESSION_PAGES="start" bench/run_all.sh # choose the pages for the session benchmark (url paths)
# Needs what ./scripts/test.sh installs (.venv with requirements-dev.txt, /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=.venv/bin/python
[[ -x $PY ]] || { echo "run ./scripts/test.sh once first (it creates .venv)"; exit 1; }
SESSION_PAGES=${SESSION_PAGES:-"start calculator"}

echo "== Pages: load and rerun time against a bare Streamlit page with the same elements"
$PY bench/pages.py --repeat 3 --heaviest 3

for page in $SESSION_PAGES; do
  [[ $page == start ]] && arg="" || arg=$page
  echo
  echo "== Sessions on /$page: 30 and 50 at once (protocol-level clients), all at once and spread over 30 s"
  $PY bench/sessions.py --page "$arg" --n 30 50 --spread 0 30
done

echo
echo "== Sessions end to end in Chromium (10 browsers on this machine, start page)"
$PY bench/sessions.py --client browser --n 10
