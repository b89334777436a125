# shellcheck shell=bash disable=SC2034 # variables here are for the scripts that source this
# Sourced by the start/stop scripts of each local server; the caller sets SERVICE first.
#
# Layout (all git-ignored, under infra/local/.run/ unless overridden):
#   cache/           downloads and builds that survive restarts (Maven repo, Kafka jars,
#                    Go module and build caches, the FerretDB binary)
#   <service>/       one server's state: pid, env (the line to export), log, data, leases/
#
# Leases let several test processes share one server: start.sh adds a lease (the LEASE
# env var, "<pid>-<n>" from @crm/test-servers, or "manual" for a person), and stop.sh with
# LEASE set only drops that lease; the server stops when no live lease is left. stop.sh
# without LEASE stops the server whoever holds it.

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$INFRA_DIR/../.." && pwd)
RUN_DIR=${INFRA_RUN_DIR:-$INFRA_DIR/.run}
CACHE_DIR=${INFRA_CACHE_DIR:-$RUN_DIR/cache}
SVC_RUN=$RUN_DIR/$SERVICE
# The repo pins Node 24 as an npm dependency; the machine's own node may be older.
NODE=$REPO_DIR/node_modules/.bin/node
LEASE=${LEASE:-manual}

# Exit code 3 means "a prerequisite is missing here" (a tool, npm packages): callers such
# as @crm/test-servers report the server as unavailable instead of broken.
MISSING_PREREQUISITE=3

say() { echo "[$SERVICE] $*" >&2; }
die() {
  echo "[$SERVICE] ERROR: $*" >&2
  exit 1
}

missing() {
  echo "[$SERVICE] MISSING: $*" >&2
  exit "$MISSING_PREREQUISITE"
}

need_command() {
  command -v "$1" >/dev/null || missing "'$1' is not on PATH; $2"
}

need_node_module() {
  [[ -x $NODE ]] || missing "$NODE is missing: run 'npm ci' in $REPO_DIR first"
  [[ -d $REPO_DIR/node_modules/$1 ]] || missing "npm package '$1' is missing: run 'npm ci' in $REPO_DIR first"
}

# Holds an exclusive lock on this service until the script exits. Children started in the
# background must close fd 9 (9>&-), or they would hold the lock for their whole life.
lock_service() {
  mkdir -p "$SVC_RUN/leases"
  exec 9>"$SVC_RUN/lock"
  flock 9
}

# Prints the pid of our running server, or fails. $1 is a string the process's command
# line must contain, so a pid reused by an unrelated process is not mistaken for ours.
running_pid() {
  local pid
  pid=$(cat "$SVC_RUN/pid" 2>/dev/null) || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$1" || return 1
  echo "$pid"
}

add_lease() { touch "$SVC_RUN/leases/$LEASE"; }

# How every start.sh begins once its prerequisites are there: it holds the service's lock and,
# when our server already runs ($1 is its command-line marker), leases it, prints the line to
# export and exits.
lock_or_reuse() {
  lock_service
  local pid
  if pid=$(running_pid "$1"); then
    add_lease
    say "already running (pid $pid)"
    cat "$SVC_RUN/env"
    exit 0
  fi
}

# How every start.sh ends: the line to export ($1) is recorded, leased and printed. $2 is the
# port, $3 the start time (now).
announce_ready() {
  echo "$1" >"$SVC_RUN/env"
  add_lease
  say "ready on 127.0.0.1:$2 in $(elapsed "$3")"
  cat "$SVC_RUN/env"
}

# Drops leases whose holder process is gone (a test run that crashed), then counts the rest.
live_lease_count() {
  local f name count=0
  for f in "$SVC_RUN"/leases/*; do
    [[ -e $f ]] || continue
    name=${f##*/}
    if [[ $name != manual ]] && ! kill -0 "${name%%-*}" 2>/dev/null; then
      rm -f "$f"
      continue
    fi
    count=$((count + 1))
  done
  echo "$count"
}

# SIGTERM, wait up to $2 seconds for a clean shutdown, then SIGKILL.
stop_pid() {
  local pid=$1 grace=$2 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= grace * 10)); then
      say "pid $pid still alive after ${grace}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  # The process may still be a zombie for a moment after SIGKILL; wait for it to be gone.
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

# Stops the server (if running) and forgets it. $1: the command-line marker, $2: grace seconds.
stop_service() {
  local pid
  if pid=$(running_pid "$1"); then
    say "stopping pid $pid"
    stop_pid "$pid" "$2"
    say "stopped"
  else
    say "not running"
  fi
  rm -f "$SVC_RUN/pid" "$SVC_RUN/env" "$SVC_RUN"/leases/*
}

# The common stop.sh: with a test's lease only release it; stop when nobody holds one.
release_or_stop() {
  lock_service
  if [[ $LEASE != manual ]]; then
    rm -f "$SVC_RUN/leases/$LEASE"
    local left
    left=$(live_lease_count)
    if ((left > 0)); then
      say "lease $LEASE released; still held by $left other lease(s), leaving it running"
      return 0
    fi
  fi
  stop_service "$1" "$2"
}

# The error lines first (a start failure's cause is often far above the shutdown noise
# that ends the log), then the log's last lines.
log_tail() {
  echo "----- errors in $1 -----" >&2
  grep -m 8 -E 'ERROR|FATAL|Exception|panic:' "$1" >&2 || true
  echo "----- last lines of $1 -----" >&2
  tail -n "${2:-25}" "$1" >&2 || true
  echo "-----" >&2
}

# A server that did not become ready: its log ($1) is shown, the server ($2 its marker) is
# stopped, and the start fails saying why ($3).
give_up_start() {
  log_tail "$1"
  stop_service "$2" 5
  die "$3 (full log: $1)"
}

# Fails when something already listens on 127.0.0.1:$1 (a connect succeeds).
port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Microseconds since the epoch (bash 5), and a start time turned into "12.3s".
now() { echo "${EPOCHREALTIME//[.,]/}"; }
elapsed() {
  local us=$(($(now) - $1))
  printf '%d.%ds' $((us / 1000000)) $((us / 100000 % 10))
}
