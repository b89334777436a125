// How long the oldest event the projector has not written yet has waited (contract section 12's
// projection lag in seconds), and how far it got. Partitions are projected side by side, so:
// - the batches in hand (being written, or waiting to be retried while the read store is down)
//   name their first event, and the oldest of them is the oldest waiting event, exactly;
// - with none in hand but messages behind (not fetched yet), the last written event's age is an
//   upper bound, since every waiting event was recorded after it;
// - with nothing written yet in this process either, the wait is counted from the first reading
//   that found messages behind (a lower bound, but never 0 while events wait).

/** A written batch: its positions in order, and when its last event was recorded. */
type Written = { positions: readonly string[]; recordedAt?: string | undefined };

/** When an event was recorded, in ms; NaN when unknown. */
const recordedMs = (recordedAt: string | undefined) =>
  recordedAt === undefined ? Number.NaN : Date.parse(recordedAt);

export const waitingAge = (now: () => number = Date.now) => {
  /** First position of each batch in hand -> when its first event was recorded. */
  const inHand = new Map<string, number>();
  let last: { position: bigint; recordedAt: number } | undefined;
  let behindSince: number | undefined;

  return {
    /** The batch starting at this position, recorded then, is in hand (again on each retry). */
    handling: (firstPosition: string | undefined, recordedAt: string | undefined) => {
      const at = recordedMs(recordedAt);
      if (firstPosition !== undefined && !Number.isNaN(at)) inHand.set(firstPosition, at);
    },
    projected: ({ positions, recordedAt }: Written) => {
      const first = positions[0];
      const newest = positions.at(-1);
      if (first !== undefined) inHand.delete(first);
      const at = recordedMs(recordedAt);
      if (newest === undefined || Number.isNaN(at)) return;
      if (!last || BigInt(newest) > last.position) last = { position: BigInt(newest), recordedAt: at };
    },
    /** The newest global position written (the fastest partition's). */
    position: () => last?.position,
    seconds: (eventsBehind: boolean): number => {
      const at = now();
      if (!eventsBehind) {
        // Caught up: a batch still named here belonged to a partition handed to another member.
        inHand.clear();
        behindSince = undefined;
        return 0;
      }
      behindSince ??= at;
      const oldest = inHand.size > 0 ? Math.min(...inHand.values()) : (last?.recordedAt ?? behindSince);
      // A batch is never younger than a millisecond once it waits: 0 means "caught up" here.
      return Math.max(0.001, (at - oldest) / 1_000);
    },
  };
};
