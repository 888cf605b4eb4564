#!/usr/bin/env bash
# The one start command: ./scripts/run.sh [streamlit options], then open http://localhost:8501
# Creates .venv if missing, installs requirements.txt into it and runs `streamlit run app.py`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "[run.sh] creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  echo "[run.sh] installing requirements.txt"
  .venv/bin/python -m pip install --disable-pip-version-check -q -r requirements.txt
  echo "$want" >"$stamp"
fi
exec .venv/bin/python -m streamlit run app.py "$@"
