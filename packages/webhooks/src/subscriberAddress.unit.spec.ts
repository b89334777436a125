import { describe, expect, it } from "vitest";
import { addressRefusalOf, refusalOf } from "./subscriberAddress.ts";

// Contract section 11: a subscriber URL is http(s), and never a link-local or metadata address
// unless the operator allows the host. Names are resolved with the resolver given, so a name
// that points at the metadata service can be checked without a DNS server of our own.

const noPolicy = { allowedHosts: [] };
const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe("subscriber URLs", () => {
  it.each([
    ["ftp://example.com/hook", "must be an http or https URL"],
    ["javascript:alert(1)", "must be an http or https URL"],
    ["/relative/hook", "must be an absolute URL"],
    ["https://user:pass@example.com/hook", "must not carry credentials (sign with the secret instead)"],
  ])("refuses %s", (url, why) => expect(refusalOf(url)).toBe(why));

  it("accepts http and https URLs", () => {
    expect(refusalOf("http://receiver.internal:8080/hook")).toBeNull();
    expect(refusalOf("https://example.com/hook?x=1")).toBeNull();
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.0.1/",
    "http://[fe80::1]/hook",
    "http://[::ffff:169.254.169.254]/hook",
    "http://[fd00:ec2::254]/",
    "http://metadata.google.internal/computeMetadata/v1/",
  ])("refuses the link-local or metadata address %s", async (url) => {
    expect(await addressRefusalOf(url, noPolicy, resolvesTo("93.184.216.34"))).toMatch(
      /link-local or metadata/,
    );
  });

  it("refuses a name that resolves to a link-local address, and accepts one that does not", async () => {
    expect(
      await addressRefusalOf("https://evil.example/hook", noPolicy, resolvesTo("169.254.169.254")),
    ).toMatch(/link-local/);
    expect(
      await addressRefusalOf("https://good.example/hook", noPolicy, resolvesTo("93.184.216.34")),
    ).toBeNull();
  });

  it("accepts loopback and private addresses, and a name that does not resolve (its deliveries fail and are retried)", async () => {
    for (const url of ["http://127.0.0.1:9/hook", "http://10.0.0.5/hook", "http://[::1]/hook"])
      expect(await addressRefusalOf(url, noPolicy, resolvesTo())).toBeNull();
    const unresolvable = async () => {
      throw new Error("ENOTFOUND");
    };
    expect(await addressRefusalOf("https://nowhere.invalid/hook", noPolicy, unresolvable)).toBeNull();
  });

  it("accepts a link-local host the operator allowed", async () => {
    const policy = { allowedHosts: ["169.254.10.10", "Metadata.Google.Internal"] };
    expect(await addressRefusalOf("http://169.254.10.10/hook", policy, resolvesTo())).toBeNull();
    expect(await addressRefusalOf("http://metadata.google.internal/", policy, resolvesTo())).toBeNull();
    expect(await addressRefusalOf("http://169.254.169.254/", policy, resolvesTo())).not.toBeNull();
  });
});
