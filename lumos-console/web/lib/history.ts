// The SQL workbench's history: newest first, no two equal neighbours, at most `max` entries, kept in this browser.
export interface HistoryEntry { sql: string; at: number; route?: string; elapsedMs?: number; ok: boolean }

export function addToHistory(list: HistoryEntry[], e: HistoryEntry, max = 100): HistoryEntry[] {
  const rest = list.filter((x) => x.sql !== e.sql);
  return [e, ...rest].slice(0, max);
}

const KEY = "lumos-console.history";

export function loadHistory(storage: Storage = localStorage): HistoryEntry[] {
  try {
    const v = JSON.parse(storage.getItem(KEY) ?? "[]");
    return Array.isArray(v) ? v.filter((e) => e && typeof e.sql === "string") : [];
  } catch {
    return [];
  }
}

export function saveHistory(list: HistoryEntry[], storage: Storage = localStorage) {
  storage.setItem(KEY, JSON.stringify(list));
}
