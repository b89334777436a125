import { parseArgs } from "node:util";
import { VIEW_NAMES, type ViewName, viewQueries } from "@crm/read-models";
import { openStores } from "@crm/stores";
import { storeConfigOf } from "../stores.ts";

const USAGE = `crm replay <funnel|lifecycle|churn|customer-value|stage-velocity|activity> [--as-of ISO] [--known-at ISO]
  [--from ISO] [--to ISO] [--owner-id ID] [--source S] [--region R] [--target N] [--tier T] [--limit N]
  [--data-dir DIR]
Replays the view from the event history as of a date (default now) and prints it as JSON.`;

/** The view as of a date, by replaying the events: the same answer as GET /views/...?asOf=. */
export const replayView = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "as-of": { type: "string" },
      "known-at": { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      "owner-id": { type: "string" },
      source: { type: "string" },
      region: { type: "string" },
      target: { type: "string" },
      tier: { type: "string" },
      limit: { type: "string" },
      "data-dir": { type: "string" },
    },
  });
  const view = positionals[0] as ViewName | undefined;
  if (!view || !VIEW_NAMES.includes(view)) {
    const views = VIEW_NAMES.join(", ");
    const problem = view ? `"${view}" is not a view: one of ${views}` : `name a view: one of ${views}`;
    process.stderr.write(`crm replay: ${problem}\n${USAGE}\n`);
    return 2;
  }
  for (const flag of ["as-of", "known-at", "from", "to"] as const) {
    const value = values[flag];
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      process.stderr.write(`--${flag} must be an ISO-8601 date-time, got ${value}\n`);
      return 2;
    }
  }
  const stores = await openStores(storeConfigOf(values["data-dir"]));
  const { eventStore, readStore } = stores;
  try {
    const clock = () => new Date();
    const queries = viewQueries({ eventStore, readStore, clock, replayAsOf: true });
    // Replaying is the point: asOf is always given, so the answer comes from the events, never the read model.
    const params = {
      asOf: values["as-of"] ?? values.to ?? clock().toISOString(),
      ...(values["known-at"] === undefined ? {} : { knownAt: values["known-at"] }),
      ...(values.from === undefined ? {} : { from: values.from }),
      ...(values.to === undefined ? {} : { to: values.to }),
      ...(values["owner-id"] === undefined ? {} : { ownerId: values["owner-id"] }),
      ...(values.source === undefined ? {} : { source: values.source }),
      ...(values.region === undefined ? {} : { region: values.region }),
    };
    // Contract 9.6: the team views take the cut and window, stage velocity also the owner.
    const { source: _source, region: _region, ...velocityParams } = params;
    const { ownerId: _ownerId, ...activityParams } = velocityParams;
    const answer =
      view === "stage-velocity"
        ? await queries.stageVelocity(velocityParams)
        : view === "activity"
          ? await queries.activity(activityParams)
          : view === "funnel"
            ? await queries.funnel({ ...params, ...(values.target ? { target: Number(values.target) } : {}) })
            : view === "lifecycle"
              ? await queries.lifecycle(params)
              : view === "churn"
                ? await queries.churn(params)
                : await queries.customerValue({
                    ...params,
                    ...(values.tier ? { tier: values.tier as "top" } : {}),
                    ...(values.limit ? { limit: Number(values.limit) } : {}),
                  });
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    return 0;
  } finally {
    await stores.close();
  }
};
