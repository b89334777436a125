import {
  type CustomerCommandRunner,
  customerCommandRunner,
  customerMerge,
  duplicateDismissal,
  idempotencyKeys,
  leadRegistration,
  type OrganisationDirectory,
  profileUpdate,
} from "@crm/customers";
import type { EventStore } from "@crm/event-store";
import type { PersonalDataErasure } from "@crm/trust";
import type { Webhooks } from "@crm/webhooks";
import Fastify, { type FastifyBaseLogger } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { ApiKey } from "./access.ts";
import { decorateAccessLog } from "./accessRecording.ts";
import { EVENT_STREAM_DEFAULTS, type EventStreamSettings } from "./customerEventStream.ts";
import { authentication } from "./plugins/authentication.ts";
import { correlation } from "./plugins/correlation.ts";
import { errorHandling } from "./plugins/errorHandling.ts";
import { openApi } from "./plugins/openApi.ts";
import { type ApiOperations, operations } from "./plugins/operations.ts";
import type { ReadModelAccess } from "./readModelAccess.ts";
import { accessRecordRoutes } from "./routes/accessRecordRoutes.ts";
import { anchoredHistoryRoutes } from "./routes/anchoredHistoryRoutes.ts";
import { auditRoutes } from "./routes/auditRoutes.ts";
import { complaintReadRoutes } from "./routes/complaintReadRoutes.ts";
import { customerCommandRoutes } from "./routes/customerCommandRoutes.ts";
import { customerReadRoutes } from "./routes/customerReadRoutes.ts";
import { customerSearchRoutes } from "./routes/customerSearchRoutes.ts";
import { erasureRoutes } from "./routes/erasureRoutes.ts";
import { eventFeedRoutes } from "./routes/eventFeedRoutes.ts";
import { followUpRoutes } from "./routes/followUpRoutes.ts";
import { identityRoutes } from "./routes/identityRoutes.ts";
import { leadRoutes } from "./routes/leadRoutes.ts";
import { profileAndMergeRoutes } from "./routes/profileAndMergeRoutes.ts";
import { timelineRoutes } from "./routes/timelineRoutes.ts";
import { viewRoutes } from "./routes/viewRoutes.ts";
import { webhookRoutes } from "./routes/webhookRoutes.ts";
import type { AccessRecordsAccess, AnchoredHistoryAccess } from "./trustAccess.ts";

export type ApiDependencies = {
  eventStore: EventStore;
  directory: OrganisationDirectory;
  apiKeys: ApiKey[];
  readModels: ReadModelAccess;
  clock?: () => Date;
  /** Shared with in-process reactors, so commands on one customer stay serialised. */
  runCommand?: CustomerCommandRunner;
  /** Contract section 10.4; absent in a process that does not anchor the history. */
  anchoredHistory?: AnchoredHistoryAccess;
  /** Contract section 10.3: where reads of personal data are recorded. */
  accessRecords?: AccessRecordsAccess;
  /** Contract section 10.1: erasure by crypto-shredding. */
  erasure?: PersonalDataErasure;
  /** The events as stored (encrypted): what the hash chains were taken over. Defaults to eventStore. */
  storedEvents?: EventStore;
  /** A pino logger to log requests and errors to; silent when absent. */
  logger?: FastifyBaseLogger;
  /** Health checks and metrics (contract section 12); a registry of its own and no store checks when absent. */
  operations?: ApiOperations;
  /** Heartbeat and stalled-reader timings of /events/stream (tests shorten them). */
  eventStream?: EventStreamSettings;
  /** Webhook subscribers (contract section 11); the routes are absent without them. */
  webhooks?: Webhooks;
};

/** Contract section 8: a body over 64 KiB is refused before it is read. */
const BODY_LIMIT = 64 * 1024;

export const buildApi = async (deps: ApiDependencies) => {
  const clock = deps.clock ?? (() => new Date());
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandling);
  await app.register(correlation);
  await app.register(authentication, { apiKeys: deps.apiKeys });
  await app.register(openApi);
  await app.register(operations, deps.operations ?? {});
  decorateAccessLog(app, deps.accessRecords?.log);

  const { eventStore } = deps;
  const idempotency = idempotencyKeys({ eventStore, clock });
  const runCommand = deps.runCommand ?? customerCommandRunner({ eventStore, clock });
  const registerLead = leadRegistration({ eventStore, clock, directory: deps.directory });

  await app.register(
    async (api) => {
      await api.register(leadRoutes, { registerLead, idempotency });
      await api.register(customerCommandRoutes, { runCommand, idempotency, clock });
      await api.register(customerSearchRoutes, { readModels: deps.readModels });
      await api.register(customerReadRoutes, { eventStore });
      await api.register(viewRoutes, { readModels: deps.readModels });
      await api.register(auditRoutes, {
        eventStore: deps.storedEvents ?? eventStore,
        readModels: deps.readModels,
      });
      await api.register(erasureRoutes, { erasure: deps.erasure, idempotency });
      await api.register(anchoredHistoryRoutes, { history: deps.anchoredHistory });
      await api.register(accessRecordRoutes, { access: deps.accessRecords });
      await api.register(eventFeedRoutes, { eventStore, stream: deps.eventStream ?? EVENT_STREAM_DEFAULTS });
      if (deps.webhooks) await api.register(webhookRoutes, { webhooks: deps.webhooks });
      // contract 9.1 / 9.2
      await api.register(profileAndMergeRoutes, {
        updateProfile: profileUpdate({ eventStore, clock, runCommand }),
        merge: customerMerge({ eventStore, clock, runCommand }).merge,
        dismiss: duplicateDismissal({ eventStore, clock, runCommand }),
        idempotency,
        readModels: deps.readModels,
      });
      // Contract 9.4, 9.5
      await api.register(followUpRoutes, { readModels: deps.readModels, clock });
      await api.register(timelineRoutes, { eventStore });
      await api.register(identityRoutes);
      await api.register(complaintReadRoutes, { eventStore });
    },
    { prefix: "/api/v1" },
  );
  app.get("/health", { schema: { hide: true } }, async () => ({ status: "ok" }));
  return app;
};
