import { describe, expect, it } from "vitest";
import type { Status } from "../api/client";
import { pushSample, ratesOf, routeStats } from "./rates";

function status(applied: number, pending: number): Status {
  return {
    version: "t", startedAt: "2026-01-01T00:00:00Z", directory: "d",
    sync: { caughtUp: pending === 0, appliedSequence: applied, pendingChanges: pending, lagMs: 0, lastError: null, rebuilding: null },
    cache: { hitRatio: 0, l1Bytes: 0, l2Bytes: 0 },
    sizes: { sqliteBytes: 0, duckdbBytes: 0, tables: 0, collections: 0 },
    caller: { role: "admin", user: null, collections: null },
  };
}

describe("ratesOf", () => {
  it("divides the applied changes by the seconds between the last two samples", () => {
    const r = ratesOf([{ at: 0, status: status(10, 5) }, { at: 2000, status: status(50, 1) }]);
    expect(r).toEqual({ appliedPerSecond: 20, backlogGrowthPerSecond: -2 });
  });
  it("has nothing to say with one sample, or when the sequence went back (a rebuilt replica)", () => {
    expect(ratesOf([{ at: 0, status: status(1, 0) }])).toBeNull();
    expect(ratesOf([{ at: 0, status: status(9, 0) }, { at: 1000, status: status(3, 0) }])).toBeNull();
  });
  it("keeps a bounded window", () => {
    let s = [] as ReturnType<typeof pushSample>;
    for (let i = 0; i < 10; i++) s = pushSample(s, { at: i, status: status(i, 0) }, 4);
    expect(s.map((x) => x.at)).toEqual([6, 7, 8, 9]);
  });
});

describe("routeStats", () => {
  it("counts, averages and takes the 95th percentile of successful statements per route", () => {
    const events = [
      ...Array.from({ length: 20 }, (_, i) => ({ route: "OLTP", elapsedMs: i + 1, ok: true })),
      { route: "OLTP", elapsedMs: 999, ok: false },
      { route: "OLAP", elapsedMs: 40, ok: true },
    ];
    expect(routeStats(events)).toEqual([
      { route: "OLAP", count: 1, errors: 0, meanMs: 40, p95Ms: 40 },
      { route: "OLTP", count: 21, errors: 1, meanMs: 10.5, p95Ms: 19 },
    ]);
  });
});
