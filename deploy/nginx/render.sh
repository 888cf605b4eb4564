#!/bin/sh
# Writes the nginx configuration (the http-level part: maps, upstream, server) for several app replicas:
# cookie affinity, websockets, the upload size, the blocked paths and the security headers.
#
# Used by scripts/cluster.sh (the local cluster) and, inside the official nginx image, by compose.yaml
# (mounted as /docker-entrypoint.d/40-sysselsattning.sh, it writes /etc/nginx/conf.d/default.conf).
# Settings (environment):
#   UPSTREAMS       the replicas, "host:port host:port ..." (required)
#   LISTEN          address:port or port of the plain-HTTP server (default 80)
#   TLS_CERT, TLS_KEY  certificate and key files: when both exist, the server speaks HTTPS on TLS_LISTEN
#                   (default 443), LISTEN only redirects to it, and the affinity cookie is Secure
#   SERVER_NAME     (default _)
#   HEADERS_FROM    a configuration to take the security headers from: every add_header statement in it
#                   except Set-Cookie (default docs/nginx.conf beside this folder, or
#                   /etc/nginx/sysselsattning/nginx.conf in the container); missing: no extra headers
#   REPLICA_HEADER  1: answer with X-Cluster-Replica (the replica that served the request), for the local
#                   cluster's benchmark; never in production
#   OUT             where to write (default /etc/nginx/conf.d/default.conf)
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
: "${UPSTREAMS:?UPSTREAMS, e.g. \"app1:8501 app2:8501\"}"
LISTEN=${LISTEN:-80}
TLS_LISTEN=${TLS_LISTEN:-443}
SERVER_NAME=${SERVER_NAME:-_}
OUT=${OUT:-/etc/nginx/conf.d/default.conf}
if [ -z "${HEADERS_FROM:-}" ]; then
  for candidate in "$here/../../docs/nginx.conf" /etc/nginx/sysselsattning/nginx.conf; do
    if [ -f "$candidate" ]; then HEADERS_FROM=$candidate; break; fi
  done
fi
tls=0
if [ -n "${TLS_CERT:-}" ] && [ -n "${TLS_KEY:-}" ] && [ -f "$TLS_CERT" ] && [ -f "$TLS_KEY" ]; then tls=1; fi
secure=""
if [ "$tls" = 1 ]; then secure="; Secure"; fi

# Every add_header statement of HEADERS_FROM but the cookie, each up to its ";" outside double quotes.
headers() {
  [ -n "${HEADERS_FROM:-}" ] && [ -f "$HEADERS_FROM" ] || return 0
  awk '
    function scan(text,   i, c) {
      for (i = 1; i <= length(text); i++) {
        c = substr(text, i, 1)
        if (c == "\"") quoted = !quoted
        else if (c == ";" && !quoted) return i
      }
      return 0
    }
    !inside && /^[ \t]*add_header[ \t]/ { inside = 1; quoted = 0; stmt = "" }
    inside {
      line = $0; sub(/^[ \t]+/, "", line)
      end = scan(line)
      if (end) { stmt = stmt line; sub(/;.*$/, "", line); inside = 0
                 if (stmt !~ /Set-Cookie/) print "        " substr(stmt, 1, length(stmt) - length(line) + end) }
      else stmt = stmt line " "
    }' "$HEADERS_FROM"
}

{
  echo "# Written by deploy/nginx/render.sh: edit that script, not this file."
  echo "map \$cookie_st_route \$st_route {"
  echo "    \"\"      \$request_id;"
  echo "    default \$cookie_st_route;"
  echo "}"
  echo "map \$http_upgrade \$connection_upgrade {"
  echo "    default upgrade;"
  echo "    \"\"      close;"
  echo "}"
  echo "upstream sysselsattning {"
  echo "    hash \$st_route consistent;      # cookie affinity: one visitor, one replica"
  for u in $UPSTREAMS; do
    echo "    server $u max_fails=1 fail_timeout=10s;"
  done
  echo "}"
  if [ "$tls" = 1 ]; then
    echo "server {"
    echo "    listen $LISTEN;"
    echo "    server_name $SERVER_NAME;"
    echo "    return 301 https://\$host\$request_uri;"
    echo "}"
  fi
  echo "server {"
  if [ "$tls" = 1 ]; then
    echo "    listen $TLS_LISTEN ssl;"
    echo "    ssl_certificate     $TLS_CERT;"
    echo "    ssl_certificate_key $TLS_KEY;"
  else
    echo "    listen $LISTEN;"
  fi
  echo "    server_name $SERVER_NAME;"
  echo "    client_max_body_size 12m;       # server.maxUploadSize (10 MB) plus Streamlit's form overhead"
  echo "    server_tokens off;"
  echo "    location ~ (^|/)_stcore/metrics { return 404; }   # for operators: http://<replica>:8501/_stcore/metrics"
  echo "    location ~ (^|/)_stcore/agent/  { return 404; }"
  echo "    location / {"
  echo "        proxy_pass http://sysselsattning;"
  echo "        proxy_http_version 1.1;"
  echo "        proxy_set_header Host \$http_host;"
  echo "        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
  echo "        proxy_set_header X-Forwarded-Proto \$scheme;"
  echo "        proxy_set_header Upgrade \$http_upgrade;               # the websocket at /_stcore/stream"
  echo "        proxy_set_header Connection \$connection_upgrade;"
  echo "        proxy_read_timeout 3600s;                             # keep idle websockets open"
  echo "        proxy_send_timeout 3600s;"
  echo "        proxy_next_upstream error timeout;                    # a replica that is down: the next one"
  echo "        add_header Set-Cookie \"st_route=\$st_route; Path=/; HttpOnly; SameSite=Lax$secure\" always;"
  if [ "${REPLICA_HEADER:-0}" = 1 ]; then
    echo "        add_header X-Cluster-Replica \$upstream_addr always;   # local cluster only (bench/cluster.py)"
  fi
  headers
  echo "    }"
  echo "}"
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
