import { connect } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { TEST_API_KEYS } from "./testing/testPlatform.ts";

// Contract section 8: every refusal has the body {error, message}, including the ones that
// happen before a route runs: a path parameter too long for the router, headers too large or
// malformed for node's HTTP parser. Sent over a real socket, since they are about the wire.

const analystKey = TEST_API_KEYS.find((key) => key.role === "analyst")?.key;

/** One raw HTTP/1.1 exchange: what was sent is written byte for byte, the answer read to the end. */
const exchange = (port: number, request: string) =>
  new Promise<{ status: number; headers: string; body: string }>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
    });
    socket.on("error", (error) => {
      // The server closes a connection it refused; what it answered before that is what counts.
      if (!received) reject(error);
    });
    socket.on("close", () => {
      const [head = "", body = ""] = received.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), headers: head, body });
    });
    socket.write(request, "latin1");
  });

const get = (path: string, headers: string[] = []) =>
  [
    `GET ${path} HTTP/1.1`,
    "Host: 127.0.0.1",
    `Authorization: Bearer ${analystKey}`,
    "Connection: close",
    ...headers,
  ]
    .join("\r\n")
    .concat("\r\n\r\n");

describe("refusals before any route runs, over a socket", () => {
  const crm = platformPerSuite();
  let port: number;
  beforeAll(async () => {
    await crm.platform.app.listen({ port: 0, host: "127.0.0.1" });
    port = (crm.platform.app.server.address() as { port: number }).port;
  });

  const expectContractBody = (reply: { headers: string; body: string }, error: string) => {
    expect(reply.headers).toMatch(/content-type: application\/json/i);
    const body = JSON.parse(reply.body);
    expect(body).toEqual({
      error,
      message: expect.any(String),
      ...(body.details ? { details: body.details } : {}),
    });
    expect(body).not.toHaveProperty("statusCode");
    expect(body).not.toHaveProperty("code");
  };

  it("given a 5,000-character customer id, then 414 uri_too_long in the contract's body", async () => {
    const reply = await exchange(port, get(`/api/v1/customers/${"a".repeat(5000)}`));

    expect(reply.status).toBe(414);
    expectContractBody(reply, "uri_too_long");
  });

  it("given a path that is not valid percent-encoding, then 400 validation_failed in the contract's body", async () => {
    const reply = await exchange(port, get("/api/v1/customers/%E0%A4%A"));

    expect(reply.status).toBe(400);
    expectContractBody(reply, "validation_failed");
  });

  it("given 20 KB of headers, then 431 header_fields_too_large in the contract's body", async () => {
    const reply = await exchange(port, get("/api/v1/customers", [`X-Padding: ${"p".repeat(20_000)}`]));

    expect(reply.status).toBe(431);
    expectContractBody(reply, "header_fields_too_large");
  });

  it("given a NUL byte in a header, then 400 validation_failed in the contract's body", async () => {
    const reply = await exchange(port, get("/api/v1/customers", ["X-Note: a\u0000b"]));

    expect(reply.status).toBe(400);
    expectContractBody(reply, "validation_failed");
  });

  it("given a well-formed request on the same socket, then it is served as usual", async () => {
    const reply = await exchange(port, get("/api/v1/customers"));

    expect(reply.status).toBe(200);
  });
});
