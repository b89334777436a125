#!/usr/bin/env bash
# Starts a single-node Apache Kafka (KRaft) on 127.0.0.1 from its Maven Central jars, in
# the background, with fresh storage, and waits until it serves requests. Prints the line
# to export (KAFKA_BROKERS=...) on stdout; progress goes to stderr. Reuses a broker this
# script already started.
#
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_START_TIMEOUT (seconds, 90),
#      KAFKA_JAVA_OPTS (heap and JIT flags), LEASE (see ../lib.sh).
set -euo pipefail
SERVICE=kafka
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

here=$INFRA_DIR/kafka
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
timeout=${KAFKA_START_TIMEOUT:-90}
# C1-only JIT and the serial collector start faster and use less memory on 2 cores.
java_opts=${KAFKA_JAVA_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
lib=$CACHE_DIR/kafka-lib
log=$SVC_RUN/broker.log
# What the broker's command line contains, to tell our broker from a reused pid.
marker="kafka.Kafka $SVC_RUN/server.properties"

need_command java "install a JDK 17+"
need_command mvn "install Apache Maven"
need_node_module kafkajs

lock_or_reuse "$marker"

for p in "$port" "$controller_port"; do
  port_free "$p" || die "127.0.0.1:$p is taken by another process: stop it, or choose other ports with KAFKA_PORT / KAFKA_CONTROLLER_PORT"
done

started=$(now)

# The classpath: Maven copies the broker's runtime jars into the cache once; a changed
# pom.xml (another Kafka version) resolves again.
stamp=$(sha256sum "$here/pom.xml" | cut -d' ' -f1)
if [[ $(cat "$lib/.stamp" 2>/dev/null) != "$stamp" ]]; then
  say "resolving the broker's jars with Maven into $lib"
  rm -rf "$lib" "$lib.tmp"
  # Output kept aside: even quiet and in batch mode, Maven 3.8 prints stray colour codes.
  if ! mvn -B -q -f "$here/pom.xml" -Dmaven.repo.local="$CACHE_DIR/m2" \
    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DoutputDirectory="$lib.tmp" -DincludeScope=runtime >"$SVC_RUN/maven.log" 2>&1; then
    log_tail "$SVC_RUN/maven.log"
    die "Maven could not resolve the broker's jars (is Maven Central reachable?)"
  fi
  echo "$stamp" >"$lib.tmp/.stamp"
  mv "$lib.tmp" "$lib"
  say "jars resolved in $(elapsed "$started")"
fi

# Fresh storage every start: tests must not see an earlier run's topics.
data=$SVC_RUN/data
rm -rf "$data"
mkdir -p "$data"
: >"$log"
props=$(<"$here/server.properties.template")
props=${props//@PORT@/$port}
props=${props//@CONTROLLER_PORT@/$controller_port}
props=${props//@DATA_DIR@/$data}
echo "$props" >"$SVC_RUN/server.properties"

# A cluster id is 16 random bytes in base64url (22 chars); one starting with "-" would be
# read as an option.
cluster_id=-
while [[ $cluster_id == -* ]]; do
  cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
done

# shellcheck disable=SC2206 # java_opts is a list of flags
java_cmd=(java $java_opts -Djava.awt.headless=true -XX:+ExitOnOutOfMemoryError
  -Dlog4j2.configurationFile="file:$here/log4j2.xml" -cp "$lib/*")

"${java_cmd[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$SVC_RUN/server.properties" \
  --ignore-formatted >>"$log" 2>&1 || {
  log_tail "$log"
  die "formatting the KRaft storage failed"
}

# Java itself is the background job, so $! is the broker's pid. All fds redirected: an
# inherited pipe would keep a caller reading our stdout waiting for as long as the broker
# runs, and fd 9 is the service lock.
"${java_cmd[@]}" kafka.Kafka "$SVC_RUN/server.properties" </dev/null >>"$log" 2>&1 9>&- &
pid=$!
echo "$pid" >"$SVC_RUN/pid"
say "broker pid $pid, log $log; waiting until it serves requests (timeout ${timeout}s)"

"$NODE" --disable-warning=TimeoutNegativeWarning "$here/ready.ts" "127.0.0.1:$port" "$pid" "$timeout" 9>&- ||
  give_up_start "$log" "$marker" "Kafka did not become ready on 127.0.0.1:$port"
announce_ready "KAFKA_BROKERS=127.0.0.1:$port" "$port" "$started"
