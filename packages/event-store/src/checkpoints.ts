// Where a subscriber remembers how far it got in the global order, so that a
// restart resumes instead of starting over. Processors must still tolerate
// seeing an event again: a checkpoint is stored after the work, not with it.
export interface CheckpointStore {
  read(subscriber: string): Promise<bigint | undefined>;
  store(subscriber: string, position: bigint): Promise<void>;
}
