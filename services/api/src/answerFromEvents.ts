import { eventsOfAttempts } from "@crm/customers";
import type { EventStore } from "@crm/event-store";
import type { CommandResult } from "./commandResponder.ts";

/**
 * The first answer of a keyed command on a customer, rebuilt from the events its earlier attempts
 * appended to that customer's stream (a crash took the stored answer): the last one's revision,
 * and the id the command generated, as its event recorded it. Undefined when none was appended.
 */
export const answerFromEvents =
  (eventStore: EventStore, status: number, generatedId?: string) =>
  async (customerId: string | undefined, earlierAttempts: string[]): Promise<CommandResult | undefined> => {
    if (customerId === undefined) return undefined;
    const appended = await eventsOfAttempts(eventStore, customerId, earlierAttempts);
    const last = appended.at(-1);
    if (!last) return undefined;
    const echoed = generatedId ? { [generatedId]: (last.data as Record<string, unknown>)[generatedId] } : {};
    return { status, body: { customerId, revision: last.revision, ...echoed } };
  };
