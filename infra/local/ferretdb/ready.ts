// Waits until FerretDB answers a real MongoDB driver `ping`. Exits 0 when ready, 1 on
// timeout, 2 when the server process is gone.
// Usage: node ready.ts <mongodb url> <server pid> <timeout seconds>
import { MongoClient } from "mongodb";

const [url = "mongodb://127.0.0.1:27017/", pid = "", timeoutSeconds = "60"] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutSeconds) * 1000;
let lastError = "no attempt yet";

function serverAlive(): boolean {
  if (pid === "") return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

async function answersPing(): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    const reply = await client.db("admin").command({ ping: 1 });
    return reply.ok === 1;
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error);
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

while (Date.now() < deadline) {
  if (!serverAlive()) {
    console.error(`server process ${pid} exited before it answered a ping`);
    process.exit(2);
  }
  if (await answersPing()) process.exit(0);
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.error(`${url} did not answer a ping within ${timeoutSeconds}s (last error: ${lastError})`);
process.exit(1);
