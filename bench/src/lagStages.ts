import type { CustomerEventBus } from "@crm/event-bus";
import { percentile } from "./percentiles.ts";

// Where the distributed lag goes, per probe event: appended -> published (the relay read it and
// the broker acknowledged it) -> received (a projector member's handler got it) -> written (its
// batch is in the read store). Each leg is timed on the one clock of the bench's process, where
// relay and projector both run.

type Leg = { p50Ms: number; p99Ms: number };
export type LagLegs = { relay: Leg; broker: Leg; readStore: Leg };

export const lagStages = () => {
  const appendedAt = new Map<string, number>();
  const publishedAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  const writtenAt = new Map<string, number>();
  /** Appended, not yet acknowledged by the broker, in append order. */
  let unpublished: { position: bigint; key: string }[] = [];

  const stamp = (stage: Map<string, number>, positions: readonly string[]) => {
    const now = performance.now();
    for (const position of positions)
      if (appendedAt.has(position) && !stage.has(position)) stage.set(position, now);
  };
  const leg = (from: Map<string, number>, to: Map<string, number>): Leg => {
    const spans = [...to].flatMap(([position, at]) => {
      const start = from.get(position);
      return start === undefined ? [] : [at - start];
    });
    const ms = (value: number) => Number(value.toFixed(1));
    return { p50Ms: ms(percentile(spans, 50)), p99Ms: ms(percentile(spans, 99)) };
  };

  return {
    appended: (position: bigint) => {
      appendedAt.set(String(position), performance.now());
      unpublished.push({ position, key: String(position) });
    },
    /** The relay's acknowledgement covers every event up to its batch's last position. */
    publishedUpTo: (position: bigint) => {
      const done = unpublished.filter((event) => event.position <= position);
      unpublished = unpublished.filter((event) => event.position > position);
      stamp(
        publishedAt,
        done.map((event) => event.key),
      );
    },
    /** The bus, with each batch stamped as its handler is called. */
    receiving: (bus: CustomerEventBus): CustomerEventBus => ({
      publish: (messages, traces) => bus.publish(messages, traces),
      close: () => bus.close(),
      consume: (group, handler, options) =>
        bus.consume(
          group,
          (messages, traces) => {
            stamp(
              receivedAt,
              messages.map((message) => message.position),
            );
            return handler(messages, traces);
          },
          options,
        ),
    }),
    written: (positions: readonly string[]) => stamp(writtenAt, positions),
    /** Append to read model, in ms, per probe event that arrived. */
    samples: (): number[] =>
      [...writtenAt].flatMap(([position, at]) => {
        const start = appendedAt.get(position);
        return start === undefined ? [] : [at - start];
      }),
    legs: (): LagLegs => ({
      relay: leg(appendedAt, publishedAt),
      broker: leg(publishedAt, receivedAt),
      readStore: leg(receivedAt, writtenAt),
    }),
  };
};
