import { useState } from "react";
import { type ApiError, asApiError } from "../api/apiClient.ts";

// A command sent by one click, with no form (claim, release, merge, dismiss, done): its refusal
// is kept for the page to show; what follows success or refusal (reload, navigate) is the page's.

export type AfterCommand = { done: () => void; refused?: () => void };

export const useButtonCommand = () => {
  const [problem, setProblem] = useState<ApiError | null>(null);
  const send = async (command: () => Promise<unknown>, after: AfterCommand) => {
    setProblem(null);
    try {
      await command();
      after.done();
    } catch (caught) {
      setProblem(asApiError(caught));
      after.refused?.();
    }
  };
  return { problem, send };
};
