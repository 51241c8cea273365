// The statements this console ran in this tab (bounded), for the dashboard's latency by route and slow queries.
import type { QueryEvent } from "./rates";

export interface LoggedQuery extends QueryEvent { sql: string; at: number }

const MAX = 500;
let events: LoggedQuery[] = [];
const listeners = new Set<() => void>();

export const queryLog = {
  add(e: LoggedQuery) {
    events = [...events.slice(Math.max(0, events.length - MAX + 1)), e];
    listeners.forEach((l) => l());
  },
  all(): LoggedQuery[] {
    return events;
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
