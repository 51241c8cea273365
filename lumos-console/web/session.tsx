// Who is signed in: the key (session storage only), its client and its role.
import { createContext, useContext } from "react";
import type { ApiClient, Caller } from "./api/client";

export interface Session { client: ApiClient; caller: Caller; role: Caller["role"]; signOut: () => void }

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in page");
  return s;
}
