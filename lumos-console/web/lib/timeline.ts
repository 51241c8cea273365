// Memories on a timeline: grouped by UTC day, newest day first, newest first within a day.
import type { Memory } from "../api/client";

export interface Day { day: string; memories: Memory[] }

export function byDay(memories: Memory[]): Day[] {
  const days = new Map<string, Memory[]>();
  for (const m of memories) {
    const d = m.at.slice(0, 10);
    const list = days.get(d) ?? [];
    list.push(m);
    days.set(d, list);
  }
  return [...days.entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([day, list]) => ({ day, memories: list.sort((x, y) => y.at.localeCompare(x.at)) }));
}
