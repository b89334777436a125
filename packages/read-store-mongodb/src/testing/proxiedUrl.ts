/**
 * The server's address and the same URL pointed at 127.0.0.1:<port>, or why that cannot be
 * done: only a single-host `mongodb://` URL can go through one forwarder. The connection is
 * made direct, or a replica set would hand the driver its members' own addresses, around the
 * forwarder.
 */
export const proxiedUrl = (
  url: string,
  port: number,
): { target: { host: string; port: number }; url: string } | string => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url.replace(/\/\/[^@/]*@/, "//…@")} names several hosts or is not a plain URL`;
  }
  if (parsed.protocol !== "mongodb:")
    return `a ${parsed.protocol} URL cannot be sent through a TCP forwarder`;
  const target = { host: parsed.hostname.replace(/^\[|\]$/g, ""), port: Number(parsed.port || 27017) };
  parsed.host = `127.0.0.1:${port}`;
  parsed.searchParams.set("directConnection", "true");
  parsed.searchParams.delete("replicaSet");
  return { target, url: parsed.toString() };
};
