#!/usr/bin/env bash
# The app as several replicas on this machine, for trying the scale-out and for the cluster benchmark:
# PostgreSQL (scripts/pg.sh), N Streamlit replicas sharing it and one cookie secret, and Debian's nginx
# in front (deploy/nginx/render.sh: cookie affinity, websockets, the security headers of docs/nginx.conf),
# everything on 127.0.0.1.
#
#   scripts/cluster.sh start [N]    start PostgreSQL, N replicas (default 2) and nginx; prints the address
#   scripts/cluster.sh status       each part: running or not, and its health
#   scripts/cluster.sh stop         stop nginx, the replicas and PostgreSQL (the data stays in CLUSTER_DIR)
#   scripts/cluster.sh kill I       kill replica I with SIGKILL, as a crash would (for trying the failover)
#   scripts/cluster.sh revive I     start replica I again
#
# Settings (environment): CLUSTER_DIR (default .cache/cluster; data, logs, pids), CLUSTER_PORT (nginx,
# default 8080). The replicas get free ports; `status` lists them. Installs nginx (and PostgreSQL, through
# scripts/pg.sh) with apt-get when missing, as scripts/test.sh does for chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

DIR=${CLUSTER_DIR:-$ROOT/.cache/cluster}
# The port `start` used is remembered in $DIR/port, so `status` and `stop` need no settings repeated.
if [[ -n "${CLUSTER_PORT:-}" ]]; then PORT=$CLUSTER_PORT
elif [[ -f "$DIR/port" ]]; then PORT=$(cat "$DIR/port")
else PORT=8080; fi
PY=$ROOT/.venv/bin/python

say() { printf '[cluster] %s\n' "$*"; }
die() { printf '[cluster] %s\n' "$*" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Prints what /_stcore/health answers at URL ("" when nothing answers).
health() {
  python3 - "$1" <<'PY' 2>/dev/null || true
import sys, urllib.request
try:
    print(urllib.request.urlopen(sys.argv[1] + "/_stcore/health", timeout=2).read().decode())
except Exception:
    pass
PY
}

# Waits until URL's health endpoint answers ok (at most $2 seconds).
wait_healthy() {
  local url=$1 limit=$2 t=0
  while [[ "$(health "$url")" != ok ]]; do
    sleep 0.5
    t=$((t + 1))
    if ((t > limit * 2)); then return 1; fi
  done
}

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

install_nginx() {
  command -v nginx >/dev/null && return 0
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  say "installing nginx with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends nginx >/dev/null \
    || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends nginx >/dev/null; }
}

start_replica() {
  local i=$1 port
  port=$(cat "$DIR/app$i.port")
  # setsid: the replica outlives this script; its pid is the one recorded (killed by `stop` and `kill`).
  SYSSELSATTNING_DB_URL=$(cat "$DIR/db_url") \
    STREAMLIT_SERVER_COOKIE_SECRET=$(cat "$DIR/cookie_secret") \
    setsid "$PY" -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
    --server.port "$port" --browser.gatherUsageStats false </dev/null >>"$DIR/app$i.log" 2>&1 &
  echo $! >"$DIR/app$i.pid"
}

cmd_start() {
  local n=${1:-2}
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number, not '$n'"
  [[ -x $PY ]] || die "run ./scripts/test.sh once first (it creates .venv)"
  if alive "$DIR/nginx/nginx.pid"; then die "already running (scripts/cluster.sh status; stop first)"; fi
  install_nginx
  mkdir -p "$DIR/nginx/tmp"
  chmod 755 "$DIR"  # as root PostgreSQL runs as the postgres user and nginx's workers as www-data

  say "PostgreSQL"
  ./scripts/pg.sh start "$DIR/pg" >"$DIR/db_url"
  [[ -f $DIR/cookie_secret ]] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(32))' >"$DIR/cookie_secret"
  chmod 600 "$DIR/cookie_secret"

  say "schema migrations (the replicas would also run them when they open the stores)"
  "$PY" -m alembic -c alembic.ini -x "url=$(cat "$DIR/db_url")" upgrade workshop@head >>"$DIR/migrate.log" 2>&1
  "$PY" -m alembic -c alembic.ini -x "url=$(cat "$DIR/db_url")" upgrade followup@head >>"$DIR/migrate.log" 2>&1

  rm -f "$DIR"/app*.port "$DIR"/app*.pid
  local upstreams="" i
  for ((i = 1; i <= n; i++)); do
    free_port >"$DIR/app$i.port"
    upstreams+="127.0.0.1:$(cat "$DIR/app$i.port") "
    start_replica "$i"
  done
  for ((i = 1; i <= n; i++)); do
    wait_healthy "http://127.0.0.1:$(cat "$DIR/app$i.port")" 90 \
      || die "replica $i is not healthy; see $DIR/app$i.log"
    say "replica $i: http://127.0.0.1:$(cat "$DIR/app$i.port") (pid $(cat "$DIR/app$i.pid"))"
  done

  say "nginx on 127.0.0.1:$PORT"
  echo "$PORT" >"$DIR/port"
  UPSTREAMS=$upstreams LISTEN="127.0.0.1:$PORT" REPLICA_HEADER=1 OUT="$DIR/nginx/sysselsattning.conf" \
    sh deploy/nginx/render.sh
  local user=""
  if [[ $(id -u) -eq 0 ]]; then
    user="user www-data;"
    chown -R www-data: "$DIR/nginx/tmp"
  fi
  cat >"$DIR/nginx/nginx.conf" <<EOF
# Written by scripts/cluster.sh: the local cluster's nginx (the server part: sysselsattning.conf).
$user
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log $DIR/nginx/access.log;
    client_body_temp_path $DIR/nginx/tmp/body;
    proxy_temp_path $DIR/nginx/tmp/proxy;
    fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
    uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
    scgi_temp_path $DIR/nginx/tmp/scgi;
    include /etc/nginx/mime.types;
    include $DIR/nginx/sysselsattning.conf;
}
EOF
  nginx -t -q -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" || die "nginx -t failed"
  nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf"
  wait_healthy "http://127.0.0.1:$PORT" 30 || die "nginx does not answer; see $DIR/nginx/error.log"
  echo "$n" >"$DIR/replicas"
  say "ready: http://127.0.0.1:$PORT  ($n replicas, database $(cat "$DIR/db_url"))"
  say "stop with: scripts/cluster.sh stop"
}

stop_pid() {
  local file=$1 pid t
  alive "$file" || { rm -f "$file"; return 0; }
  pid=$(cat "$file")
  kill "$pid" 2>/dev/null || true
  for ((t = 0; t < 40; t++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
}

cmd_stop() {
  if alive "$DIR/nginx/nginx.pid"; then
    nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -s quit 2>/dev/null || true
    for _ in $(seq 40); do alive "$DIR/nginx/nginx.pid" || break; sleep 0.25; done
    stop_pid "$DIR/nginx/nginx.pid"
    say "nginx stopped"
  fi
  local f
  for f in "$DIR"/app*.pid; do
    [[ -e $f ]] || continue
    stop_pid "$f"
    say "$(basename "$f" .pid) stopped"
  done
  if [[ -f $DIR/pg/postmaster.pid ]]; then
    ./scripts/pg.sh stop "$DIR/pg"
    say "PostgreSQL stopped (data in $DIR/pg)"
  fi
}

cmd_status() {
  local n i state
  n=$(cat "$DIR/replicas" 2>/dev/null || echo 0)
  if [[ -f $DIR/pg/postmaster.pid ]]; then state="running, $(cat "$DIR/db_url")"; else state="stopped"; fi
  echo "PostgreSQL: $state"
  for ((i = 1; i <= n; i++)); do
    local url="http://127.0.0.1:$(cat "$DIR/app$i.port" 2>/dev/null)"
    if alive "$DIR/app$i.pid"; then state="pid $(cat "$DIR/app$i.pid"), health: $(health "$url")"; else state="down"; fi
    echo "replica $i ($url): $state"
  done
  if alive "$DIR/nginx/nginx.pid"; then state="running, health: $(health "http://127.0.0.1:$PORT")"; else state="stopped"; fi
  echo "nginx (http://127.0.0.1:$PORT): $state"
}

cmd_kill() {
  local i=${1:?replica number}
  alive "$DIR/app$i.pid" || die "replica $i is not running"
  kill -9 "$(cat "$DIR/app$i.pid")"
  rm -f "$DIR/app$i.pid"
  say "replica $i killed"
}

cmd_revive() {
  local i=${1:?replica number}
  [[ -f $DIR/app$i.port ]] || die "no replica $i"
  alive "$DIR/app$i.pid" && die "replica $i is running"
  start_replica "$i"
  wait_healthy "http://127.0.0.1:$(cat "$DIR/app$i.port")" 90 || die "replica $i is not healthy; see $DIR/app$i.log"
  say "replica $i is back"
}

case ${1:-} in
  start) cmd_start "${2:-2}" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill) cmd_kill "${2:-}" ;;
  revive) cmd_revive "${2:-}" ;;
  *) echo "usage: $0 start [N] | status | stop | kill I | revive I" >&2; exit 2 ;;
esac
