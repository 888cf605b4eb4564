#!/usr/bin/env bash
# A throw-away PostgreSQL for tests and the local cluster, from Debian's `postgresql` package.
#   scripts/pg.sh start DIR    initdb in DIR (if new), start on a free port on 127.0.0.1, print the URL
#   scripts/pg.sh stop DIR     stop it (the data directory stays until you remove it)
# Installs the package with apt-get when it is missing. As root, the server runs as the `postgres` user
# (which must be able to reach DIR). The server is for tests and trials: trust authentication on
# 127.0.0.1, fsync off, PG_MAX_CONNECTIONS (default 200) connections.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data directory}

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [[ -z $found ]]; then
    local sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y --no-install-recommends postgresql >/dev/null \
      || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends postgresql >/dev/null; }
    found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$found"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

BIN=$(bindir)
case $cmd in
  start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    if [[ ! -f $dir/PG_VERSION ]]; then
      as_owner "$BIN/initdb" -D "$dir" -U app --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if ! as_owner "$BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=${PG_MAX_CONNECTIONS:-200}" \
      start >/dev/null; then
      echo "pg.sh: PostgreSQL did not start; the end of $dir/server.log:" >&2
      tail -20 "$dir/server.log" >&2 || true
      exit 1
    fi
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U app app 2>/dev/null || true
    echo "postgresql+psycopg://app@127.0.0.1:$port/app"
    ;;
  stop)
    if [[ -f $dir/postmaster.pid ]]; then as_owner "$BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null; fi
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
