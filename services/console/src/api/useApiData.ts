import { useCallback, useEffect, useState } from "react";
import { type ApiError, asApiError } from "./apiClient.ts";

/**
 * An API read kept on screen: loads when its inputs change (the key says which),
 * and drops an answer that arrives after newer inputs were asked for.
 */
export const useApiData = <T>(load: () => Promise<T>, key: string) => {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean; key?: string }>({
    loading: true,
  });
  const [round, setRound] = useState(0);
  // `key` names every input of `load`, so the effect depends on it (and on reload rounds) only.
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false, key }),
      (error: unknown) => current && setState({ error: asApiError(error), loading: false, key }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
};
