#!/usr/bin/env bash
# Stops the local Kafka broker: SIGTERM for a controlled shutdown, SIGKILL after 30s.
# With LEASE set (by @crm/test-servers) it only releases that lease while others remain.
set -euo pipefail
SERVICE=kafka
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

release_or_stop "kafka.Kafka $SVC_RUN/server.properties" 30
