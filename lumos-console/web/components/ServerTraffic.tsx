// Server-wide traffic from `GET /metrics`: requests per second, the error rates and latency by route, from the
// difference of two scrapes two seconds apart, and the reader pools' use at the latest scrape. Only the metrics and
// admin roles may read it; other keys see why.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Card, ErrorText, Stat } from "./ui";
import { Sparkline } from "./Sparkline";
import { ms, percent } from "../lib/format";
import { mayReadMetrics, parsePrometheus, poolUse, trafficBetween, type PoolUse, type Scrape, type ServerTraffic } from "../lib/metrics";
import { useSession } from "../session";

const POLL_MS = 2_000;
const WINDOW = 120;

export function ServerTrafficPanel() {
  const { client, role } = useSession();
  const allowed = mayReadMetrics(role);
  const scrape = useQuery({
    queryKey: ["metrics"],
    queryFn: async (): Promise<Scrape> => ({ at: Date.now(), samples: parsePrometheus(await client.metrics()) }),
    refetchInterval: POLL_MS,
    enabled: allowed,
    retry: false,
  });
  const [latest, setLatest] = useState<Scrape | null>(null);
  const [history, setHistory] = useState<{ at: number; t: ServerTraffic }[]>([]);
  useEffect(() => {
    const s = scrape.data;
    if (!s || s === latest) return;
    if (latest) {
      const t = trafficBetween(latest, s);
      if (t) setHistory((h) => [...h.slice(Math.max(0, h.length - WINDOW + 1)), { at: s.at, t }]);
    }
    setLatest(s);
  }, [scrape.data, latest]);

  if (!allowed) {
    return (
      <Card title="Server traffic">
        <p className="text-sm text-muted-foreground" data-testid="metrics-refused">
          Throughput, latency by route and error rates of the whole server come from <code>GET /metrics</code>, which the
          server gives to the <strong>metrics</strong> and <strong>admin</strong> roles only; this is a <strong>{role}</strong> key.
          Sign in with a metrics or admin key to see them.
        </p>
      </Card>
    );
  }
  const now = history.length ? history[history.length - 1].t : null;
  const pools = latest ? poolUse(latest.samples) : null;
  return (
    <div className="flex flex-col gap-3">
      <ErrorText error={scrape.error} />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Requests / s (server)" value={now ? now.perSecond.toFixed(1) : "…"} testId="server-throughput" />
        <Stat label="Server errors (5xx)" value={now ? percent(now.serverErrorRate) : "…"} testId="server-error-rate" />
        <Stat label="Refused (4xx)" value={now ? percent(now.clientErrorRate) : "…"} testId="client-error-rate" />
        <Stat label="Routes with traffic" value={now ? now.routes.length : "…"} />
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <Card title="Requests per second (whole server)">
          <div data-testid="server-rate-chart" data-samples={history.length}>
            <Sparkline times={history.map((x) => x.at)} values={history.map((x) => x.t.perSecond)} label="requests/s" unit="" />
          </div>
        </Card>
        <Card title="Latency by route (whole server, last 2 s)">
          {!now || now.routes.length === 0 ? (
            <p className="text-sm text-muted-foreground">Waiting for two scrapes of <code>/metrics</code>…</p>
          ) : (
            <table className="w-full text-sm" data-testid="server-routes">
              <thead><tr className="text-left"><th scope="col">route</th><th scope="col">req/s</th><th scope="col">5xx</th><th scope="col">mean</th><th scope="col">p95 ≤</th></tr></thead>
              <tbody>
                {now.routes.slice(0, 12).map((r) => (
                  <tr key={r.route}><td className="font-mono">{r.route}</td><td>{r.perSecond.toFixed(1)}</td><td>{r.errors}</td><td>{ms(r.meanMs)}</td><td>{r.p95Ms === null ? "–" : ms(r.p95Ms)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
      <Card title="Reader pools (connections now)">
        <PoolTable pools={pools} />
      </Card>
    </div>
  );
}

const POOL_NAMES: Record<string, string> = { sqlite: "SQLite readers", duckdb: "DuckDB readers" };

function PoolTable({ pools }: { pools: PoolUse[] | null }) {
  if (pools === null) return <p className="text-sm text-muted-foreground">Waiting for a scrape of <code>/metrics</code>…</p>;
  if (pools.length === 0) return <p className="text-sm text-muted-foreground">The scrape has no <code>lumos_pool_*</code> metrics (a database the server was given without metrics).</p>;
  return (
    <table className="w-full text-sm" data-testid="pool-use">
      <thead><tr className="text-left"><th scope="col">pool</th><th scope="col">active</th><th scope="col">idle</th><th scope="col">max</th><th scope="col">in use</th><th scope="col">waiting</th></tr></thead>
      <tbody>
        {pools.map((p) => (
          <tr key={p.pool}>
            <td>{POOL_NAMES[p.pool] ?? p.pool}</td><td>{p.active}</td><td>{p.idle}</td><td>{p.max}</td>
            <td>{p.max > 0 ? percent(p.active / p.max) : "–"}</td><td>{p.pending}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
