// Waits until the broker serves requests, not just until its port is open: the cluster
// must list a broker, create (then delete) a topic and answer for a consumer group. Exits 0 when ready, 1 on timeout,
// 2 when the broker process is gone.
// Usage: node ready.ts <host:port> <broker pid> <timeout seconds>
import { Kafka, logLevel } from "kafkajs";
import { exitWhenReady, readinessArguments } from "../waitUntilReady.ts";

const { address: broker, server } = readinessArguments({ address: "127.0.0.1:9092", timeoutSeconds: "90" });
const probeTopic = "_crm-readiness";

const kafka = new Kafka({
  clientId: "crm-readiness",
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 5000,
  retry: { retries: 0 },
});

async function servesRequests(): Promise<boolean> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) return false;
    await admin.createTopics({ topics: [{ topic: probeTopic }], waitForLeaders: true });
    await admin.deleteTopics({ topics: [probeTopic] });
    // Finding a group coordinator creates __consumer_offsets; waiting for it here spares
    // the first consumer group of a test run "coordinator not available" retries.
    await admin.describeGroups([probeTopic]);
    return true;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

await exitWhenReady({
  ...server,
  probe: servesRequests,
  exited: `broker process ${server.pid} exited before it served requests`,
  timedOut: `broker at ${broker} did not serve requests within ${server.timeoutSeconds}s`,
});
