/**
 * Group commit for the read-model writes of one projector. Each partition hands its batches over
 * one at a time, but several partitions at once; written apart, every batch would cost each read
 * model a write command of its own (on FerretDB a SQLite commit each, all queued on one file).
 * So while a write is in flight, the batches that arrive wait and then go in one write together:
 * one write per read model for all of them, however many partitions feed it.
 *
 * A caller's promise settles with the write that carried its items: a failure fails every batch
 * of that write, and each is retried by its own partition (a batch that cannot be written holds
 * up the others, as it did when the partitions were consumed one after another). Items of one
 * caller stay together and in order, and a caller's next batch comes only after its promise, so
 * each partition's order holds.
 */
export const groupedWrites = <T>(
  write: (items: readonly T[]) => Promise<void>,
): ((items: readonly T[]) => Promise<void>) => {
  let inFlight: Promise<void> = Promise.resolve();
  let gathering: { items: T[]; written: Promise<void> } | undefined;

  return (items) => {
    if (!gathering) {
      const group: { items: T[]; written: Promise<void> } = { items: [], written: Promise.resolve() };
      group.written = inFlight
        .catch(() => undefined)
        .then(() => {
          gathering = undefined;
          return write(group.items);
        });
      gathering = group;
      inFlight = group.written;
    }
    gathering.items.push(...items);
    return gathering.written;
  };
};
