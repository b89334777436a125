import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

// Contract section 11: a subscriber URL must be http(s), and may not point at link-local
// addresses, where cloud metadata services answer (169.254.169.254 hands out credentials),
// unless the operator allows the host by name (CRM_WEBHOOK_ALLOWED_HOSTS). The address is
// checked when the URL is registered and again before each delivery, because a name can be
// pointed elsewhere after it was registered.

const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet("169.254.0.0", 16, "ipv4");
LINK_LOCAL.addSubnet("fe80::", 10, "ipv6");
// AWS's metadata service over IPv6.
LINK_LOCAL.addAddress("fd00:ec2::254", "ipv6");

/** Names that mean a metadata service wherever they resolve. */
const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata", "instance-data"]);

export type AddressPolicy = {
  /** Hosts (as written in the URL) allowed even though they are link-local: the operator's allow-list. */
  allowedHosts: readonly string[];
};

const isLinkLocal = (address: string): boolean => {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return LINK_LOCAL.check(mapped, "ipv4");
  const family = isIP(address);
  return family !== 0 && LINK_LOCAL.check(address, family === 4 ? "ipv4" : "ipv6");
};

/** Why the URL may not be a subscriber's (scheme, or where it points), or null when it may. */
export const refusalOf = (url: string): string | null => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "must be an http or https URL";
  if (parsed.username || parsed.password) return "must not carry credentials (sign with the secret instead)";
  return null;
};

/**
 * Why the URL's host may not be called (it is, or resolves to, a link-local or metadata
 * address), or null when it may. A name that does not resolve is not refused here: the
 * delivery fails and is retried until it does.
 */
export const addressRefusalOf = async (
  url: string,
  policy: AddressPolicy,
  resolve: (host: string) => Promise<string[]> = async (host) =>
    (await lookup(host, { all: true })).map((answer) => answer.address),
): Promise<string | null> => {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (policy.allowedHosts.some((allowed) => allowed.toLowerCase() === host)) return null;
  const refusal = `points at a link-local or metadata address (${host}); allow it with CRM_WEBHOOK_ALLOWED_HOSTS`;
  if (METADATA_HOSTS.has(host)) return refusal;
  if (isIP(host) !== 0) return isLinkLocal(host) ? refusal : null;
  const addresses = await resolve(host).catch(() => []);
  return addresses.some(isLinkLocal) ? refusal : null;
};
