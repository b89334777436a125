/**
 * The platform's clock (it stamps recordedAt) in a spec's hands: real time by
 * default; set, it stands still at the instant given, so a bitemporal spec can
 * say "recorded on 3 March" and cut knownAt exactly between two recordings.
 */
export const testClock = () => {
  let fixed: Date | undefined;
  return {
    now: (): Date => (fixed ? new Date(fixed) : new Date()),
    set: (instant: string) => {
      fixed = new Date(instant);
    },
    release: () => {
      fixed = undefined;
    },
    /** Runs `action` with the clock standing at `instant` (what it records is stamped then), then lets it run on. */
    during: async <T>(instant: string, action: () => Promise<T>): Promise<T> => {
      fixed = new Date(instant);
      try {
        return await action();
      } finally {
        fixed = undefined;
      }
    },
  };
};

export type TestClock = ReturnType<typeof testClock>;
