import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** One delivery as the receiver got it, with whether its Standard Webhooks signature verified. */
export type ReceivedDelivery = {
  webhookId: string;
  // biome-ignore lint/suspicious/noExplicitAny: a receiver reads the message field by field
  body: any;
  signatureValid: boolean;
  answered: number;
};

const bodyOf = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

/**
 * A subscriber's endpoint, as a downstream service would run one: it verifies each delivery's
 * signature with the secret it was given, and answers 500 to its first `failFirst` deliveries.
 * It may start down (`listenLater`) on a port fixed in advance, as a receiver that is away.
 */
export const webhookReceiver = async (options: { failFirst?: number; listenLater?: boolean } = {}) => {
  let secret = "";
  let failuresLeft = options.failFirst ?? 0;
  const received: ReceivedDelivery[] = [];
  const server: Server = createServer(async (request, response) => {
    const payload = await bodyOf(request);
    let signatureValid = false;
    try {
      new Webhook(secret).verify(payload, request.headers as Record<string, string>);
      signatureValid = true;
    } catch {
      signatureValid = false;
    }
    const answered = failuresLeft > 0 ? 500 : 204;
    if (failuresLeft > 0) failuresLeft -= 1;
    received.push({
      webhookId: String(request.headers["webhook-id"]),
      body: JSON.parse(payload),
      signatureValid,
      answered,
    });
    response.writeHead(answered).end();
  });
  const listen = (port: number) =>
    new Promise<number>((resolve) =>
      server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
    );
  let port = await listen(0);
  if (options.listenLater) await new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    url: () => `http://127.0.0.1:${port}/crm-events`,
    useSecret: (given: string) => {
      secret = given;
    },
    received,
    /** Each event the receiver accepted (answered 2xx), once, in the order first accepted. */
    accepted: () => {
      const seen = new Map<string, ReceivedDelivery>();
      for (const delivery of received)
        if (delivery.answered < 300 && !seen.has(delivery.webhookId)) seen.set(delivery.webhookId, delivery);
      return [...seen.values()];
    },
    start: async () => {
      port = await listen(port);
    },
    close: () =>
      new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
};

export type WebhookReceiver = Awaited<ReturnType<typeof webhookReceiver>>;
