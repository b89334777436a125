// The event-store port. The domain and the services depend on this shape only;
// the embedded SQLite store and EventStoreDB implement it and pass one contract suite.

/** Where an append may land: the stream's exact 0-based revision, or a looser promise. */
export type ExpectedRevision = "any" | "no_stream" | "stream_exists" | number;

export type NewEvent = {
  /** A UUID: appending the same eventId twice is how stores de-duplicate retried writes. */
  eventId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
};

export type RecordedEvent = {
  streamName: string;
  /** 0-based position of the event within its stream. */
  revision: number;
  /** Position in the store's global order; later appends have larger positions. */
  position: bigint;
  eventId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
};

export type AppendResult = {
  /** The revision of the last event appended: pass it as expectedRevision to append next. */
  nextExpectedRevision: number;
  /** Global position of the last event appended. */
  position: bigint;
};

export type ReadStreamOptions = {
  /**
   * Only the events from this revision on (inclusive). A reader that holds what it folded up to
   * a revision reads only what came after, instead of the whole stream again.
   */
  fromRevision?: number;
};

export type ReadAllOptions = {
  /** Start after this global position (exclusive); from the beginning when absent. */
  after?: bigint;
  /** Only streams whose name starts with this prefix. */
  streamPrefix?: string;
};

export type EventHandler = (event: RecordedEvent) => Promise<void> | void;

export type SubscriptionOptions = ReadAllOptions & {
  /** Told once every event that existed when the subscription started has been handled. */
  onCaughtUp?: () => void;
  /** Told when the handler threw or the store failed; the subscription has then stopped. */
  onError?: (error: unknown) => void;
};

export type EventSubscription = {
  /** Stops delivering; resolves once the event being handled, if any, is done. */
  stop(): Promise<void>;
};

export interface EventStore {
  /** Appends atomically, or throws WrongExpectedRevisionError and appends nothing. */
  append(
    stream: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** A stream's events in revision order; an empty array when the stream does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Every event in global order, paged internally so a long history does not sit in memory. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catch-up subscription: the history after `after`, then live events, one at a time, in order. */
  subscribeToAll(handler: EventHandler, options?: SubscriptionOptions): EventSubscription;
  close(): Promise<void>;
}
