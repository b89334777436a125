// Waits until FerretDB answers a real MongoDB driver `ping`. Exits 0 when ready, 1 on
// timeout, 2 when the server process is gone.
// Usage: node ready.ts <mongodb url> <server pid> <timeout seconds>
import { MongoClient } from "mongodb";
import { exitWhenReady, readinessArguments } from "../waitUntilReady.ts";

const { address: url, server } = readinessArguments({
  address: "mongodb://127.0.0.1:27017/",
  timeoutSeconds: "60",
});

async function answersPing(): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    const reply = await client.db("admin").command({ ping: 1 });
    return reply.ok === 1;
  } finally {
    await client.close().catch(() => {});
  }
}

await exitWhenReady({
  ...server,
  probe: answersPing,
  exited: `server process ${server.pid} exited before it answered a ping`,
  timedOut: `${url} did not answer a ping within ${server.timeoutSeconds}s`,
});
