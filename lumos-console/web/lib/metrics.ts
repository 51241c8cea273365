// Server-wide figures from `GET /metrics` (Prometheus' text format, docs/observability.md): the console parses the
// text itself and turns two successive scrapes into rates. Micrometer's HTTP timer is `http_server_requests_seconds`
// with labels method, uri (the route template), status and outcome, and a histogram (`_bucket{le}`).

export interface MetricSample { name: string; labels: Record<string, string>; value: number }

/** The samples of a Prometheus text exposition; comments and blank lines are skipped, malformed lines refused. */
export function parsePrometheus(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === "" || line.startsWith("#")) continue;
    let i = 0;
    while (i < line.length && /[A-Za-z0-9_:]/.test(line[i])) i++;
    const name = line.slice(0, i);
    if (!name) throw new Error(`line ${n + 1} of the metrics has no metric name: ${line.slice(0, 80)}`);
    const labels: Record<string, string> = {};
    if (line[i] === "{") {
      i++;
      while (line[i] !== "}") {
        const eq = line.indexOf("=", i);
        if (eq < 0 || line[eq + 1] !== '"') throw new Error(`line ${n + 1} of the metrics has a malformed label: ${line.slice(0, 80)}`);
        const key = line.slice(i, eq).trim();
        let j = eq + 2;
        let value = "";
        while (j < line.length && line[j] !== '"') {
          if (line[j] === "\\") {
            const c = line[j + 1];
            value += c === "n" ? "\n" : c;
            j += 2;
          } else {
            value += line[j++];
          }
        }
        if (j >= line.length) throw new Error(`line ${n + 1} of the metrics has an unterminated label value`);
        labels[key] = value;
        i = j + 1;
        if (line[i] === ",") i++;
        while (line[i] === " ") i++;
        if (i >= line.length) throw new Error(`line ${n + 1} of the metrics has no closing brace`);
      }
      i++;
    }
    const rest = line.slice(i).trim().split(/\s+/);
    const value = parseValue(rest[0]);
    if (value === null) throw new Error(`line ${n + 1} of the metrics has no number: ${line.slice(0, 80)}`);
    out.push({ name, labels, value });
  }
  return out;
}

function parseValue(s: string | undefined): number | null {
  if (s === undefined || s === "") return null;
  if (s === "+Inf" || s === "Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (s === "NaN") return NaN;
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

export interface Scrape { at: number; samples: MetricSample[] }

export interface RouteTraffic { route: string; requests: number; perSecond: number; meanMs: number; p95Ms: number | null; errors: number }

export interface ServerTraffic {
  /** requests answered per second between the two scrapes */
  perSecond: number;
  /** share of those answered 5xx, and 4xx, 0..1 (0 without requests) */
  serverErrorRate: number;
  clientErrorRate: number;
  requests: number;
  /** by route template ("POST /v1/sql"), busiest first */
  routes: RouteTraffic[];
}

const TIMER = "http_server_requests_seconds";

/** What happened between two scrapes; null if the counters went back (a restarted server) or no time passed. */
export function trafficBetween(a: Scrape, b: Scrape): ServerTraffic | null {
  const seconds = (b.at - a.at) / 1000;
  if (seconds <= 0) return null;
  const before = index(a.samples);
  let requests = 0, server = 0, client = 0;
  const routes = new Map<string, { count: number; sum: number; errors: number; buckets: Map<number, number> }>();
  for (const s of b.samples) {
    if (!s.name.startsWith(TIMER + "_")) continue;
    const delta = s.value - (before.get(keyOf(s)) ?? 0);
    if (delta < 0) return null;
    const route = `${s.labels.method ?? "?"} ${s.labels.uri ?? "?"}`;
    const r = routes.get(route) ?? { count: 0, sum: 0, errors: 0, buckets: new Map() };
    routes.set(route, r);
    const status = Number(s.labels.status ?? 0);
    if (s.name === TIMER + "_count") {
      r.count += delta;
      requests += delta;
      if (status >= 500) { server += delta; r.errors += delta; } else if (status >= 400) client += delta;
    } else if (s.name === TIMER + "_sum") {
      r.sum += delta;
    } else if (s.name === TIMER + "_bucket") {
      const le = parseValue(s.labels.le) ?? Infinity;
      r.buckets.set(le, (r.buckets.get(le) ?? 0) + delta);
    }
  }
  const list: RouteTraffic[] = [...routes.entries()]
    .filter(([, r]) => r.count > 0)
    .map(([route, r]) => ({ route, requests: r.count, perSecond: r.count / seconds, meanMs: (r.sum / r.count) * 1000, p95Ms: quantileMs(r.buckets, r.count, 0.95), errors: r.errors }))
    .sort((x, y) => y.requests - x.requests || x.route.localeCompare(y.route));
  return {
    perSecond: requests / seconds,
    serverErrorRate: requests ? server / requests : 0,
    clientErrorRate: requests ? client / requests : 0,
    requests,
    routes: list,
  };
}

/** The upper bound (ms) of the histogram bucket holding quantile q of `count` observations; null without buckets. */
export function quantileMs(buckets: Map<number, number>, count: number, q: number): number | null {
  if (buckets.size === 0 || count <= 0) return null;
  const rank = q * count;
  for (const le of [...buckets.keys()].sort((x, y) => x - y)) {
    if ((buckets.get(le) ?? 0) >= rank) return le === Infinity ? null : le * 1000;
  }
  return null;
}

function keyOf(s: MetricSample) {
  return s.name + JSON.stringify(Object.entries(s.labels).sort(([x], [y]) => x.localeCompare(y)));
}

function index(samples: MetricSample[]) {
  const m = new Map<string, number>();
  for (const s of samples) m.set(keyOf(s), s.value);
  return m;
}

/** Whether a key of this role may read `GET /metrics` (the server gives it to the metrics and admin roles). */
export function mayReadMetrics(role: string) {
  return role === "admin" || role === "metrics";
}

/** One reader pool's connections at a scrape (`lumos_pool_*`, summed over the databases scraped). */
export interface PoolUse { pool: string; active: number; idle: number; max: number; pending: number }

/** The reader pools (SQLite readers, DuckDB readers) of one scrape, by pool name; empty if it has none. */
export function poolUse(samples: MetricSample[]): PoolUse[] {
  const pools = new Map<string, PoolUse>();
  const of = (pool: string) => {
    const p = pools.get(pool) ?? { pool, active: 0, idle: 0, max: 0, pending: 0 };
    pools.set(pool, p);
    return p;
  };
  for (const s of samples) {
    const pool = s.labels.pool;
    if (pool === undefined || !Number.isFinite(s.value)) continue;
    if (s.name === "lumos_pool_connections" && (s.labels.state === "active" || s.labels.state === "idle")) of(pool)[s.labels.state] += s.value;
    else if (s.name === "lumos_pool_max_connections") of(pool).max += s.value;
    else if (s.name === "lumos_pool_pending_threads") of(pool).pending += s.value;
  }
  return [...pools.values()].sort((a, b) => a.pool.localeCompare(b.pool));
}
