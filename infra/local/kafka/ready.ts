// Waits until the broker serves requests, not just until its port is open: the cluster
// must list a broker, create (then delete) a topic and answer for a consumer group. Exits 0 when ready, 1 on timeout,
// 2 when the broker process is gone.
// Usage: node ready.ts <host:port> <broker pid> <timeout seconds>
import { Kafka, logLevel } from "kafkajs";

const [broker = "127.0.0.1:9092", pid = "", timeoutSeconds = "90"] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutSeconds) * 1000;
const probeTopic = "_crm-readiness";
let lastError = "no attempt yet";

const kafka = new Kafka({
  clientId: "crm-readiness",
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 5000,
  retry: { retries: 0 },
});

function brokerAlive(): boolean {
  if (pid === "") return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

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
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error);
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

while (Date.now() < deadline) {
  if (!brokerAlive()) {
    console.error(`broker process ${pid} exited before it served requests`);
    process.exit(2);
  }
  if (await servesRequests()) process.exit(0);
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.error(
  `broker at ${broker} did not serve requests within ${timeoutSeconds}s (last error: ${lastError})`,
);
process.exit(1);
