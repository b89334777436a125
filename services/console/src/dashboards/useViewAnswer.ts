import type { Query } from "../api/apiClient.ts";
import { useApiData } from "../api/useApiData.ts";
import { useSession } from "../session/session.tsx";

/** A view's answer (contract section 5) for the dashboard's parameters, asked again when they change. */
export const useViewAnswer = <T>(path: string, parameters: Query) => {
  const { api } = useSession();
  return useApiData(() => api.get<T>(path, parameters), JSON.stringify(parameters));
};
