import i18next from "i18next";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { type ApiClient, apiClient } from "../api/apiClient.ts";
import type { Role } from "./permissions.ts";

// The API key lives in this tab's session storage only: never in a URL, gone when the tab closes.
const KEY_STORAGE = "crm.apiKey";

export type Session = { apiKey: string; actorId: string; role: Role; api: ApiClient };

type SessionState = {
  session: Session | null;
  /** True while a key kept from before a reload is being checked. */
  restoring: boolean;
  signIn: (apiKey: string) => Promise<void>;
  signOut: () => void;
};

const SessionContext = createContext<SessionState | null>(null);

const identify = async (apiKey: string): Promise<Session> => {
  const api = apiClient(apiKey, () => i18next.language);
  const me = await api.get<{ actorId: string; role: Role }>("/me");
  return { apiKey, actorId: me.actorId, role: me.role, api };
};

export const SessionProvider = ({ children }: { children: ReactNode }) => {
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(KEY_STORAGE) !== null);

  useEffect(() => {
    const kept = sessionStorage.getItem(KEY_STORAGE);
    if (!kept) return;
    identify(kept)
      .then(setSession)
      .catch(() => sessionStorage.removeItem(KEY_STORAGE))
      .finally(() => setRestoring(false));
  }, []);

  const signIn = useCallback(async (apiKey: string) => {
    const signedIn = await identify(apiKey.trim());
    sessionStorage.setItem(KEY_STORAGE, signedIn.apiKey);
    setSession(signedIn);
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY_STORAGE);
    setSession(null);
  }, []);

  const value = useMemo(
    () => ({ session, restoring, signIn, signOut }),
    [session, restoring, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
};

export const useSessionState = () => {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSessionState outside SessionProvider");
  return state;
};

/** The signed-in session; pages behind sign-in only. */
export const useSession = (): Session => {
  const { session } = useSessionState();
  if (!session) throw new Error("useSession without a signed-in session");
  return session;
};
