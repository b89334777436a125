#!/usr/bin/env bash
# Stops the local FerretDB: SIGTERM (it closes connections and the SQLite files), SIGKILL
# after 10s. With LEASE set (by @crm/test-servers) it only releases that lease while others
# remain.
set -euo pipefail
SERVICE=ferretdb
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

release_or_stop "-data-dir $SVC_RUN/data" 10
