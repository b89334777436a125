#!/usr/bin/env bash
# Stops the local Kafka broker and FerretDB, whoever started them (leases included).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

status=0
env -u LEASE "$here/kafka/stop.sh" || status=1
env -u LEASE "$here/ferretdb/stop.sh" || status=1
exit "$status"
