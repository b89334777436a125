import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP forwarder in front of a server, so a test can take the server away from one
 * client without stopping it (a shared FerretDB or MongoDB serves other suites meanwhile).
 * cut() closes the port and drops open connections, as a server that died would; restore()
 * listens again on the same port.
 */
export type TcpForwarder = { port: number; cut(): Promise<void>; restore(): Promise<void> };

export const startTcpForwarder = async (target: { host: string; port: number }): Promise<TcpForwarder> => {
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const pair = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    for (const [socket, peer] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => peer.destroy());
    }
    client.pipe(upstream).pipe(client);
  };

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const listening = createServer(pair);
      listening.once("error", reject);
      listening.listen(port, "127.0.0.1", () => {
        server = listening;
        const address = listening.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });

  const port = await listen(0);
  return {
    port,
    cut: async () => {
      const closing = server;
      server = undefined;
      if (!closing) return;
      const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: async () => {
      if (!server) await listen(port);
    },
  };
};

/** The same MongoDB URL through the forwarder; direct, or a replica set would hand out its members' own addresses. */
export const throughForwarder = (url: string, forwarder: TcpForwarder): string => {
  const parsed = new URL(url);
  parsed.host = `127.0.0.1:${forwarder.port}`;
  parsed.searchParams.set("directConnection", "true");
  parsed.searchParams.delete("replicaSet");
  return parsed.toString();
};

export const mongoTarget = (url: string): { host: string; port: number } => {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 27017) };
};
