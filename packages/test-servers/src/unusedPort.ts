import { once } from "node:events";
import { createServer } from "node:net";

/** A loopback port nothing listens on (bound once, then let go): a server that cannot be reached. */
export const unusedPort = async (): Promise<number> => {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
};
