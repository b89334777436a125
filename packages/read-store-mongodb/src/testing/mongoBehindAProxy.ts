import { proxiedUrl } from "./proxiedUrl.ts";
import { startTcpProxy } from "./tcpProxy.ts";

/** MongoDB behind a TCP proxy a spec cuts and restores, as a server that died and came back (others share the server). */
export const mongoBehindAProxy = async (mongoUrl: string) => {
  const route = proxiedUrl(mongoUrl, 0);
  if (typeof route === "string") throw new Error(route);
  const proxy = await startTcpProxy(route.target);
  return {
    ...proxy,
    url: (proxiedUrl(mongoUrl, proxy.port) as { url: string }).url,
    /** Closes a user of the proxied URL with MongoDB back first: a cut a failed test left would hold up its close. */
    closeWithMongoBack: async (user: { close(): Promise<unknown> }) => {
      await proxy.restore();
      await user.close();
    },
  };
};
