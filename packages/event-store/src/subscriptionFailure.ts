import type { SubscriptionOptions } from "./eventStore.ts";

/**
 * Hands a subscription's failure to its onError. A failure nobody listens for (no onError,
 * or an onError that throws) must not leave a projection silently dead: it surfaces as an
 * uncaught exception, which stops the process the way any unhandled bug does.
 */
export const reportSubscriptionFailure = (error: unknown, onError: SubscriptionOptions["onError"]): void => {
  let unheard = error;
  if (onError) {
    try {
      onError(error);
      return;
    } catch (onErrorFailed) {
      unheard = onErrorFailed;
    }
  }
  queueMicrotask(() => {
    throw unheard;
  });
};
