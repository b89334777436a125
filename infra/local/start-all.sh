#!/usr/bin/env bash
# Starts the local Kafka broker and FerretDB side by side and prints the environment to use:
#   eval "$(infra/local/start-all.sh)"
# stdout carries only the export lines; progress and errors go to stderr. If either server
# fails, both are stopped.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$here/kafka/start.sh" >"$out/kafka" &
kafka=$!
"$here/ferretdb/start.sh" >"$out/ferretdb" &
ferretdb=$!

failed=()
wait "$kafka" || failed+=(kafka)
wait "$ferretdb" || failed+=(ferretdb)
if ((${#failed[@]} > 0)); then
  echo "start-all: ${failed[*]} did not start (see above); stopping both" >&2
  "$here/stop-all.sh"
  exit 1
fi

sed 's/^/export /' "$out/kafka" "$out/ferretdb"
