#!/usr/bin/env bash
# Builds and starts FerretDB v1 (MongoDB wire protocol, SQLite backend) on 127.0.0.1 in the
# background, with a fresh data dir, and waits until a MongoDB driver ping succeeds. Prints
# the line to export (MONGO_URL=...) on stdout; progress goes to stderr. Reuses a server
# this script already started.
#
# Env: FERRETDB_PORT (27017), FERRETDB_LOG_LEVEL (info), FERRETDB_START_TIMEOUT (seconds,
#      60), LEASE (see ../lib.sh).
set -euo pipefail
SERVICE=ferretdb
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

here=$INFRA_DIR/ferretdb
port=${FERRETDB_PORT:-27017}
timeout=${FERRETDB_START_TIMEOUT:-60}
bin=$CACHE_DIR/bin/ferretdb-local
log=$SVC_RUN/ferretdb.log
# What the server's command line contains, to tell our server from a reused pid.
marker="-data-dir $SVC_RUN/data"

need_command go "install Go 1.24+"
need_node_module mongodb

lock_or_reuse "$marker"

port_free "$port" || die "127.0.0.1:$port is taken by another process: stop it, or choose another port with FERRETDB_PORT"

started=$(now)

# Always `go build`: it is incremental (about a second when nothing changed) and never
# leaves a stale binary. Caches stay in our git-ignored cache dir; the module cache is
# made writable so `rm -rf` can clear it; GOTOOLCHAIN=local forbids a toolchain download;
# CGO is off because the SQLite driver is pure Go; the tag leaves the PostgreSQL backend out.
say "building $bin"
(
  cd "$here"
  GOMODCACHE=$CACHE_DIR/go-mod GOCACHE=$CACHE_DIR/go-build GOFLAGS=-modcacherw \
    GOTOOLCHAIN=local CGO_ENABLED=0 go build -tags ferretdb_no_postgresql -trimpath -buildvcs=false -o "$bin" .
) >&2 9>&-
say "built in $(elapsed "$started")"

# Fresh data every start: tests must not see an earlier run's collections.
data=$SVC_RUN/data
rm -rf "$data"
mkdir -p "$data"
: >"$log"

# The server itself is the background job, so $! is its pid. All fds redirected: an
# inherited pipe would keep a caller reading our stdout waiting for as long as the server
# runs, and fd 9 is the service lock.
"$bin" -listen-addr "127.0.0.1:$port" -data-dir "$data" -log-level "${FERRETDB_LOG_LEVEL:-info}" \
  </dev/null >>"$log" 2>&1 9>&- &
pid=$!
echo "$pid" >"$SVC_RUN/pid"
say "server pid $pid, log $log; waiting for a ping (timeout ${timeout}s)"

url="mongodb://127.0.0.1:$port/"
"$NODE" "$here/ready.ts" "$url" "$pid" "$timeout" 9>&- ||
  give_up_start "$log" "$marker" "FerretDB did not answer on 127.0.0.1:$port"
announce_ready "MONGO_URL=$url" "$port" "$started"
