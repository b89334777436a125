import { readFileSync } from "node:fs";
import type { StoredEvent } from "../customerStream.ts";

/** A stored-event fixture (testing/fixtures/*.stored.json) as the event store would hand it back. */
export const storedFixture = (name: string): StoredEvent[] =>
  (
    JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as Array<
      Omit<StoredEvent, "position"> & { position: string }
    >
  ).map((event) => ({ ...event, position: BigInt(event.position) }));
