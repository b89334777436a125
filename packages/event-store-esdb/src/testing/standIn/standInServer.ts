// A stand-in for an EventStoreDB/KurrentDB node where none can run: the real client, over real
// gRPC, against the services and replies a server gives where this adapter depends on them
// (Streams.Read, Append, BatchAppend, Delete, Tombstone; ServerFeatures) and the faults a real one
// shows (not ready, timeouts that may still have written, oversized messages, deleted streams,
// subscriptions ended by a restart or for a slow consumer). What it cannot prove (durability,
// clustering, the server's own scavenging and caches) is listed in docs/eventstoredb-adapter.md.
import { randomUUID } from "node:crypto";
import serverFeaturesGrpc from "@eventstore/db-client/generated/serverfeatures_grpc_pb.js";
import serverFeaturesPb from "@eventstore/db-client/generated/serverfeatures_pb.js";
import streamsGrpc from "@eventstore/db-client/generated/streams_grpc_pb.js";
import streamsPb from "@eventstore/db-client/generated/streams_pb.js";
import * as grpc from "@grpc/grpc-js";
import type emptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import {
  type AppendBehaviour,
  type AppendFault,
  appendService,
  batchAppendService,
} from "./appendServices.ts";
import { atPosition, rpcError, streamDeletedError, streamNameOf } from "./protoMessages.ts";
import { type ReadBehaviour, type ReadRequest, readService } from "./readService.ts";
import { createStandInLog, type LoggedEvent } from "./standInLog.ts";

export type { AppendFault, LoggedEvent };

export type StandInOptions = {
  /**
   * Whether ServerFeatures lists BatchAppend, as servers since 21.10 do; the client then appends
   * through it. Without, the client falls back to one Append call per append.
   */
  batchAppend?: boolean;
};

export type StandInServer = {
  connectionString: string;
  /** Every Read request received, in order. */
  requests: ReadRequest[];
  /** Subscription calls still open (not cancelled by the client, not ended by the server). */
  openSubscriptions(): number;
  /** Appends an event as another writer would, pushing it to open subscriptions. */
  record(stream: string, type?: string, data?: unknown): LoggedEvent;
  /** The next appends meet these faults, one each, in order. */
  failAppendsWith(...faults: AppendFault[]): void;
  /** Holds every append this long before answering (0: answer at once). */
  delayAppends(ms: number): void;
  /** The next Read calls fail with this gRPC status instead (undefined: no more). */
  failReadsWith(code: grpc.status | undefined, details?: string): void;
  /** Stream reads report positions as unknown (2^64-1), as a server before 22.10 does. */
  reportUnknownPositions(unknown: boolean): void;
  /** Ends every live subscription: "ok" as the old stand-in did, UNAVAILABLE as a restarting
   * server does, ABORTED as a 23.10 server does to a consumer too slow for its live buffer. */
  endSubscriptions(how?: "ok" | "restart" | "too_slow"): void;
  /** Hard-deletes a stream (as `$tombstone` does): never readable or writable again. */
  tombstone(stream: string): void;
  events(): readonly LoggedEvent[];
  stop(): Promise<void>;
};

const supportedMethods = (batchAppend: boolean) => {
  const methods = [
    ["event_store.client.streams.streams", "read"],
    ["event_store.client.streams.streams", "append"],
    ["event_store.client.streams.streams", "delete"],
    ["event_store.client.streams.streams", "tombstone"],
    ...(batchAppend ? [["event_store.client.streams.streams", "batchappend"]] : []),
  ];
  return new serverFeaturesPb.SupportedMethods()
    .setEventStoreServerVersion("23.10.0")
    .setMethodsList(
      methods.map(([service, method]) =>
        new serverFeaturesPb.SupportedMethod().setServiceName(service ?? "").setMethodName(method ?? ""),
      ),
    );
};

export const startStandInServer = async ({
  batchAppend = true,
}: StandInOptions = {}): Promise<StandInServer> => {
  const log = createStandInLog();
  // A real node's $all starts with records of its own, which every reader must skip.
  log.writeSystemEvent("$epochs", "$epoch");
  const reads: ReadBehaviour = { requests: [], unknownPositions: false, openSubscriptions: new Set() };
  const appends: AppendBehaviour = { faults: [], delayMs: 0 };

  const server = new grpc.Server();
  server.addService(streamsGrpc.StreamsService, {
    read: readService(log, reads),
    append: appendService(log, appends),
    batchAppend: batchAppendService(log, appends),
    delete(
      call: grpc.ServerUnaryCall<InstanceType<typeof streamsPb.DeleteReq>, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) {
      const stream = streamNameOf(call.request.getOptions()?.getStreamIdentifier());
      const position = log.softDelete(stream);
      callback(
        null,
        new streamsPb.DeleteResp().setPosition(atPosition(new streamsPb.DeleteResp.Position(), position)),
      );
    },
    tombstone(
      call: grpc.ServerUnaryCall<InstanceType<typeof streamsPb.TombstoneReq>, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) {
      const stream = streamNameOf(call.request.getOptions()?.getStreamIdentifier());
      if (log.isTombstoned(stream)) return callback(streamDeletedError(stream));
      const position = log.tombstone(stream);
      callback(
        null,
        new streamsPb.TombstoneResp().setPosition(
          atPosition(new streamsPb.TombstoneResp.Position(), position),
        ),
      );
    },
  });
  server.addService(serverFeaturesGrpc.ServerFeaturesService, {
    getSupportedMethods(
      _call: grpc.ServerUnaryCall<InstanceType<typeof emptyPb.Empty>, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) {
      callback(null, supportedMethods(batchAppend));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    requests: reads.requests,
    openSubscriptions: () => reads.openSubscriptions.size,
    record(stream, type = "SomethingHappened", data = { at: log.events.length }) {
      const outcome = log.append(stream, { kind: "any" }, [
        {
          id: randomUUID(),
          type,
          data: json(data),
          metadata: json({ standIn: true }),
          contentType: "application/json",
        },
      ]);
      const event = log.events.at(-1);
      if (outcome.kind !== "written" || !event) throw new Error(`the stand-in could not record to ${stream}`);
      return event;
    },
    failAppendsWith(...faults) {
      appends.faults.push(...faults);
    },
    delayAppends(ms) {
      appends.delayMs = ms;
    },
    failReadsWith(code, details) {
      reads.failure = code === undefined ? undefined : { code, details: details ?? "stand-in failure" };
    },
    reportUnknownPositions(unknown) {
      reads.unknownPositions = unknown;
    },
    endSubscriptions(how = "ok") {
      for (const call of reads.openSubscriptions) {
        if (how === "ok") call.end();
        else if (how === "restart")
          call.emit("error", rpcError(grpc.status.UNAVAILABLE, "Server is shutting down"));
        else
          call.emit(
            "error",
            rpcError(
              grpc.status.ABORTED,
              "Consumer too slow to handle event while live. Client resubscription required.",
            ),
          );
      }
      reads.openSubscriptions.clear();
    },
    tombstone(stream) {
      log.tombstone(stream);
    },
    events: () => log.events,
    stop: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
};
