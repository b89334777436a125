import type { Collection, Filter } from "mongodb";
import { chunks } from "./chunks.ts";
import type { ServerProfile } from "./serverProfile.ts";

// A projector batch (1,000 events) touches at most that many customers; a thousand ids keep
// one `find` far below MongoDB's 16 MB command limit.
const READ_CHUNK = 1_000;
// Where each id is its own query: this many in flight for one getMany.
const READS_IN_FLIGHT = 8;

/** The documents with these ids, each looked up the way the server finds them quickly. */
export const byIds = async <D extends { _id: string | number }>(
  collection: Collection<D>,
  readByIds: ServerProfile["readByIds"],
  ids: readonly D["_id"][],
): Promise<D[]> => {
  const found: D[] = [];
  if (readByIds === "in") {
    for (const chunk of chunks(ids, READ_CHUNK))
      for await (const document of collection.find({ _id: { $in: chunk } } as Filter<D>))
        found.push(document as D);
  } else {
    for (const chunk of chunks(ids, READS_IN_FLIGHT))
      for (const document of await Promise.all(chunk.map((_id) => collection.findOne({ _id } as Filter<D>))))
        if (document) found.push(document as D);
  }
  return found;
};
