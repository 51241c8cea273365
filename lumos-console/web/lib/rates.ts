// The dashboard's live figures, computed from successive /v1/status samples (the server keeps no counters of its
// own in /v1/status; `GET /metrics` will give request rates when it lands).
import type { Status } from "../api/client";

export interface Sample { at: number; status: Status }

export interface Rates {
  /** changes applied to the replica per second between the last two samples */
  appliedPerSecond: number;
  /** change in pending changes per second (positive: the replica falls behind) */
  backlogGrowthPerSecond: number;
}

/** Rates between the last two samples; null until there are two, or if the clock or the sequence went back. */
export function ratesOf(samples: Sample[]): Rates | null {
  if (samples.length < 2) return null;
  const a = samples[samples.length - 2];
  const b = samples[samples.length - 1];
  const seconds = (b.at - a.at) / 1000;
  const applied = b.status.sync.appliedSequence - a.status.sync.appliedSequence;
  if (seconds <= 0 || applied < 0) return null; // a restarted server or a rebuilt replica: start again
  return {
    appliedPerSecond: applied / seconds,
    backlogGrowthPerSecond: (b.status.sync.pendingChanges - a.status.sync.pendingChanges) / seconds,
  };
}

/** Keeps the newest `max` samples (a bounded window: the dashboard may stay open for days). */
export function pushSample(samples: Sample[], s: Sample, max = 120): Sample[] {
  const next = samples.length >= max ? samples.slice(samples.length - max + 1) : samples.slice();
  next.push(s);
  return next;
}

/** Per-route latency of the queries this console ran (count, mean, p95, errors), newest `window` only. */
export interface QueryEvent { route: string; elapsedMs: number; ok: boolean }
export interface RouteStats { route: string; count: number; errors: number; meanMs: number; p95Ms: number }

export function routeStats(events: QueryEvent[]): RouteStats[] {
  const by = new Map<string, QueryEvent[]>();
  for (const e of events) {
    const list = by.get(e.route) ?? [];
    list.push(e);
    by.set(e.route, list);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, list]) => {
      const ok = list.filter((e) => e.ok).map((e) => e.elapsedMs).sort((x, y) => x - y);
      const mean = ok.length ? ok.reduce((s, x) => s + x, 0) / ok.length : 0;
      const p95 = ok.length ? ok[Math.min(ok.length - 1, Math.ceil(ok.length * 0.95) - 1)] : 0;
      return { route, count: list.length, errors: list.length - ok.length, meanMs: mean, p95Ms: p95 };
    });
}
