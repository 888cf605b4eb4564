#!/usr/bin/env bash
# The one test command: ./scripts/test.sh [pytest arguments]
#   1. creates .venv (python3 -m venv) if missing and installs requirements-dev.txt into it;
#   2. installs Debian's chromium with apt-get if /usr/bin/chromium is missing (sudo when not root);
#   3. fetches axe-core from the npm registry into .cache/axe/ if it is not there yet;
#   4. runs the static checks: ruff (lint and format) on the whole tree, mypy (strict) on guidance/;
#   5. starts a throw-away PostgreSQL (scripts/pg.sh: Debian's postgresql package, installed with apt-get
#      when missing; its own data directory, a free port on 127.0.0.1) for the store tests, passes its URL
#      as $SYSSELSATTNING_TEST_PG_URL, and stops and removes it when the script exits; a URL already set
#      is used as it is (then nothing is started);
#   6. runs every test (unit, property, AppTest page tests, checks, browser tests) with pytest; each store
#      test runs on SQLite and on PostgreSQL, and in CI ($CI set) a PostgreSQL case that skips fails.
# Extra arguments go to pytest, e.g. ./scripts/test.sh -m "not browser" or ./scripts/test.sh -k glossary
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
AXE_VERSION=${AXE_VERSION:-4.14.1}
AXE_DIR=.cache/axe
AXE_JS=$AXE_DIR/node_modules/axe-core/axe.min.js

say() { printf '[test.sh] %s\n' "$*"; }

# 1. virtual environment and Python packages (skipped when the requirement files have not changed)
if [[ ! -x .venv/bin/python ]]; then
  say "creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements-dev.sha256
want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  say "installing requirements-dev.txt"
  .venv/bin/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
  echo "$want" >"$stamp"
fi

# 2. Debian's Chromium (Playwright's own browser download is not used)
if [[ ! -x /usr/bin/chromium ]]; then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  say "installing chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y --no-install-recommends chromium \
    || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends chromium; }
fi

# 3. axe-core for the accessibility tests (the tests only read the file)
if [[ ! -f $AXE_JS ]]; then
  command -v npm >/dev/null || { say "npm is needed once to fetch axe-core (apt-get install npm)"; exit 1; }
  say "fetching axe-core@$AXE_VERSION from the npm registry into $AXE_DIR"
  mkdir -p "$AXE_DIR"
  npm install --prefix "$AXE_DIR" --no-save --no-audit --no-fund --no-package-lock --silent "axe-core@$AXE_VERSION"
fi

# 4. static checks (skipped with SKIP_STATIC=1, e.g. while iterating on one test)
if [[ "${SKIP_STATIC:-0}" != 1 ]]; then
  say "ruff check, ruff format --check, mypy"
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  .venv/bin/mypy
fi

# 5. a throw-away PostgreSQL for the store tests (stopped and removed on exit, whatever happens)
if [[ -z "${SYSSELSATTNING_TEST_PG_URL:-}" ]]; then
  PG_DIR=$(mktemp -d -t test-pg.XXXXXX)
  chmod 755 "$PG_DIR"  # as root the server runs as the postgres user, which must reach $PG_DIR/data
  stop_pg() { ./scripts/pg.sh stop "$PG_DIR/data" || true; rm -rf "$PG_DIR"; }
  trap stop_pg EXIT
  say "starting a throw-away PostgreSQL in $PG_DIR"
  SYSSELSATTNING_TEST_PG_URL=$(./scripts/pg.sh start "$PG_DIR/data")
  export SYSSELSATTNING_TEST_PG_URL
  say "PostgreSQL for the store tests: $SYSSELSATTNING_TEST_PG_URL"
fi

# 6. the tests
say "running pytest"
.venv/bin/python -m pytest "$@"
