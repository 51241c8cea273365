// The overview: /v1/status every two seconds, the replica's progress and lag over time, the cache, the sizes; the whole
// server's throughput, error rates, latency by route and reader pools from /metrics and its recent slow statements
// (metrics and admin keys); and the statements run from this console.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";
import { Badge, Card, ErrorText, Stat } from "../components/ui";
import { Sparkline } from "../components/Sparkline";
import { ServerTrafficPanel } from "../components/ServerTraffic";
import { SlowQueriesPanel } from "../components/SlowQueries";
import { bytes, ms, percent } from "../lib/format";
import { pushSample, ratesOf, routeStats, type Sample } from "../lib/rates";
import { queryLog } from "../lib/queryLog";
import { useSession } from "../session";

export const POLL_MS = 2_000;

export function Dashboard() {
  const { client } = useSession();
  const status = useQuery({ queryKey: ["status"], queryFn: () => client.status(), refetchInterval: POLL_MS });
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => {
    if (status.data) setSamples((s) => pushSample(s, { at: status.dataUpdatedAt, status: status.data }));
  }, [status.data, status.dataUpdatedAt]);
  const log = useSyncExternalStore(queryLog.subscribe, queryLog.all);
  const rates = ratesOf(samples);
  const s = status.data;
  const byRoute = routeStats(log);
  const slow = log.filter((e) => e.ok).slice().sort((a, b) => b.elapsedMs - a.elapsedMs).slice(0, 5);
  const errors = log.filter((e) => !e.ok).length;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold">Dashboard</h1>
        {s && <span className="text-sm text-muted-foreground">{s.directory} · version {s.version} · up since {new Date(s.startedAt).toLocaleString()}</span>}
      </div>
      <ErrorText error={status.error} />
      {s && (
        <>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-6">
            <Stat label="Replica" value={s.sync.rebuilding ? <Badge tone="info">rebuilding</Badge> : s.sync.caughtUp ? <Badge tone="good">caught up</Badge> : <Badge tone="bad">behind</Badge>} testId="replica-state" />
            <Stat label="Replica lag" value={ms(s.sync.lagMs)} testId="replica-lag" />
            <Stat label="Pending changes" value={s.sync.pendingChanges} />
            <Stat label="Changes applied / s" value={rates ? rates.appliedPerSecond.toFixed(1) : "…"} testId="applied-rate" />
            <Stat label="Cache hit ratio" value={percent(s.cache.hitRatio)} testId="cache-hit" />
            <Stat label="Cache L1 / L2" value={`${bytes(s.cache.l1Bytes)} / ${bytes(s.cache.l2Bytes)}`} />
            <Stat label="SQLite file" value={bytes(s.sizes.sqliteBytes)} />
            <Stat label="DuckDB replica" value={bytes(s.sizes.duckdbBytes)} />
            <Stat label="Tables" value={s.sizes.tables} testId="table-count" />
            <Stat label="Collections" value={s.sizes.collections} />
            <Stat label="Applied sequence" value={s.sync.appliedSequence} />
            <Stat label="Errors (this console)" value={errors} />
          </div>
          {s.sync.lastError && <ErrorText error={new Error("replica: " + s.sync.lastError)} />}
          <div className="grid gap-3 md:grid-cols-2">
            <Card title="Replica lag (ms)">
              <Sparkline times={samples.map((x) => x.at)} values={samples.map((x) => x.status.sync.lagMs)} label="lag" unit="" />
            </Card>
            <Card title="Pending changes">
              <Sparkline times={samples.map((x) => x.at)} values={samples.map((x) => x.status.sync.pendingChanges)} label="pending" unit="" />
            </Card>
          </div>
        </>
      )}
      <ServerTrafficPanel />
      <SlowQueriesPanel />
      <div className="grid gap-3 md:grid-cols-2">
        <Card title="Latency by route (statements run from this console)">
          {byRoute.length === 0 ? (
            <p className="text-sm text-muted-foreground">Run statements in the SQL workbench to see their routes here.</p>
          ) : (
            <table className="w-full text-sm" data-testid="route-stats">
              <thead><tr className="text-left"><th scope="col">route</th><th scope="col">count</th><th scope="col">errors</th><th scope="col">mean</th><th scope="col">p95</th></tr></thead>
              <tbody>
                {byRoute.map((r) => (
                  <tr key={r.route}><td>{r.route}</td><td>{r.count}</td><td>{r.errors}</td><td>{ms(r.meanMs)}</td><td>{ms(r.p95Ms)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="Slowest statements (this console)">
          <ol className="flex flex-col gap-1 text-sm">
            {slow.map((e, i) => (
              <li key={i} className="flex gap-2"><span className="w-20 shrink-0 tabular-nums">{ms(e.elapsedMs)}</span><Badge>{e.route}</Badge><code className="truncate">{e.sql}</code></li>
            ))}
          </ol>
        </Card>
      </div>
      <p className="text-xs text-muted-foreground">Updated every {POLL_MS / 1000} s from <code>GET /v1/status</code>, <code>GET /metrics</code> and <code>GET /v1/admin/slow-queries</code>.</p>
    </div>
  );
}
