// The console's only way to the server: the public HTTP API (docs/server.md), with the key as a bearer token.
// Every error arrives as an RFC 9457 problem; ApiError keeps its status, title, detail and request id.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly requestId: string | null,
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = "ApiError";
  }
}

export type SqlValue = string | number | boolean | null | { $blob: string };

export interface SqlResult {
  columns: string[];
  rows: SqlValue[][];
  route?: string;
  reason?: string;
  elapsedMs: number;
  rowsChanged?: number;
  fromCache?: boolean;
}

export interface Status {
  version: string;
  startedAt: string;
  directory: string;
  sync: {
    caughtUp: boolean;
    appliedSequence: number;
    pendingChanges: number;
    lagMs: number;
    lastError: string | null;
    rebuilding: string | null;
  };
  cache: { hitRatio: number; l1Bytes: number; l2Bytes: number };
  sizes: { sqliteBytes: number; duckdbBytes: number; tables: number; collections: number };
  caller: Caller;
}

/** A statement slower than the server's slow-query threshold; `sql` has every literal replaced by `?`. */
export interface SlowQuery { at: string; kind: "query" | "write" | "failed"; route: string; reason: string; elapsedMs: number; rows: number; sql: string }
export interface SlowQueries { thresholdMs: number | null; capacity: number; queries: SlowQuery[] }

export interface Caller { role: Role | "metrics"; user: string | null; collections: string[] | null }

export interface TableSummary { name: string; type: string }
export interface ColumnInfo { name: string; type: string; notNull: boolean; primaryKey: boolean; default: string | null }
export interface IndexInfo { name: string; unique: boolean; origin: string; columns: string[] }
export interface TableInfo {
  name: string;
  type: string;
  columns: ColumnInfo[];
  indexes: IndexInfo[];
  rowCount: number;
  withoutRowid?: boolean;
}
export interface RowsPage { columns: string[]; rows: SqlValue[][]; nextCursor: string | null }

export interface Collection { name: string; dimensions: number; metric: string; size: number }
export interface VectorHit { id: string; score: number; metadata: Record<string, unknown> }
export interface SearchPlan {
  strategy: string;
  reason: string;
  estimatedSelectivity: number;
  estimatedMatches: number;
  candidates: number;
}
export interface SearchResult { hits: VectorHit[]; plan: SearchPlan; embedded?: { model: string; dimensions: number; hybrid: boolean } }
export interface SearchBody { vector?: number[]; k: number; filter?: string; text?: string; hybrid?: boolean }
export interface Point { id: string; vector: number[]; metadata: Record<string, unknown> }

export interface Memory {
  id: string;
  text: string;
  score?: number;
  user: string | null;
  agent: string | null;
  session: string | null;
  kind: string;
  importance: number;
  at: string;
  validTo: string | null;
  supersededBy: string | null;
  seen: number;
  metadata: Record<string, unknown>;
  /** in a recall: how likely it answers the query, 0..1, comparable across queries */
  confidence?: number;
  /** in a recall: the score's parts before weighting */
  parts?: ScoreParts;
}

export interface ScoreParts { semantic: number; keyword: number; recency: number; importance: number; names: number; time: number; hop: number }

export interface VerifyReport {
  consistent: boolean;
  tookMs: number;
  tables: { table: string; sqliteRows: number; replicaRows: number; matched: boolean; repaired: boolean; problem: string | null }[];
}

export type ServerConfig = Record<string, unknown>;

/** The data browser's server-side sort and filter: `orderBy` columns with directions, `where` GraphQL's filter shape. */
export interface RowQuery {
  orderBy?: { column: string; descending: boolean }[];
  where?: Record<string, unknown> | null;
}

export interface ApiKeyInfo {
  id: string;
  name: string | null;
  role: string;
  user: string | null;
  collections?: string[] | null;
  created: string;
}

export type Role = "read" | "write" | "admin";


/** A client of one server for one key. `base` is "" when the console is served by the server itself. */
export class ApiClient {
  constructor(
    readonly key: string,
    readonly base = "",
  ) {}

  async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, requestId?: string): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.key}`, Accept: "application/json" };
    if (requestId) headers["X-Request-Id"] = requestId;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (!res.ok) throw await problemOf(res);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  /** Raw response (for downloads); errors still become ApiError. */
  async download(path: string): Promise<Response> {
    const res = await fetch(this.base + path, { headers: { Authorization: `Bearer ${this.key}` } });
    if (!res.ok) throw await problemOf(res);
    return res;
  }

  status() { return this.request<Status>("GET", "/v1/status"); }

  /**
   * Runs a statement. With `requestId` (the console's own, sent as X-Request-Id), `cancel(requestId)` stops it on
   * the server while it runs.
   */
  sql(sql: string, options: { route?: string; params?: SqlValue[]; timeoutMs?: number; requestId?: string } = {}, signal?: AbortSignal) {
    const body: Record<string, unknown> = { sql };
    if (options.route && options.route !== "auto") body.route = options.route;
    if (options.params) body.params = options.params;
    if (options.timeoutMs) body.timeoutMs = options.timeoutMs;
    // int64=string: JavaScript numbers hold 53 bits; bigger integers come as strings, never rounded
    return this.request<SqlResult>("POST", "/v1/sql?int64=string", body, signal, options.requestId);
  }

  /** Stops the read running under `requestId` on the server (this key's, or any for an admin key). */
  cancel(requestId: string) { return this.request<void>("DELETE", `/v1/queries/${enc(requestId)}`); }

  /** `GET /metrics` as text (Prometheus' format); the metrics and admin roles only. */
  async metrics(): Promise<string> {
    const res = await fetch(this.base + "/metrics", { headers: { Authorization: `Bearer ${this.key}`, Accept: "text/plain" } });
    if (!res.ok) throw await problemOf(res);
    return res.text();
  }

  /** `GET /v1/admin/slow-queries`: the server's last slow statements, newest first; the metrics and admin roles only. */
  slowQueries() { return this.request<SlowQueries>("GET", "/v1/admin/slow-queries"); }

  tables() { return this.request<{ tables: TableSummary[] }>("GET", "/v1/tables").then((r) => r.tables); }
  table(name: string) { return this.request<TableInfo>("GET", `/v1/tables/${enc(name)}`); }
  rows(name: string, limit: number, cursor: string | null, query: RowQuery = {}) {
    const q = new URLSearchParams({ limit: String(limit), int64: "string" });
    for (const o of query.orderBy ?? []) q.append("orderBy", `${o.column}:${o.descending ? "desc" : "asc"}`);
    if (query.where && Object.keys(query.where).length > 0) q.set("where", JSON.stringify(query.where));
    if (cursor) q.set("cursor", cursor);
    return this.request<RowsPage>("GET", `/v1/tables/${enc(name)}/rows?${q}`);
  }

  collections() { return this.request<{ collections: Collection[] }>("GET", "/v1/collections").then((r) => r.collections); }
  point(collection: string, id: string) { return this.request<Point>("GET", `/v1/collections/${enc(collection)}/points/${enc(id)}`); }
  search(collection: string, body: SearchBody) {
    return this.request<SearchResult>("POST", `/v1/collections/${enc(collection)}/search`, body);
  }

  memories(user: string | null, cursor: string | null, limit = 100) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (user) q.set("user", user);
    if (cursor) q.set("cursor", cursor);
    return this.request<{ memories: Memory[]; nextCursor: string | null }>("GET", `/v1/memories?${q}`);
  }
  recall(body: { query: string; user?: string; agent?: string; session?: string; k?: number; kinds?: string[]; includeSuperseded?: boolean }) {
    return this.request<{ memories: Memory[] }>("POST", "/v1/memories/recall", body).then((r) => r.memories);
  }
  history(id: string) { return this.request<{ memories: Memory[] }>("GET", `/v1/memories/${enc(id)}/history`).then((r) => r.memories); }
  forget(id: string) { return this.request<void>("DELETE", `/v1/memories/${enc(id)}`); }

  keys() { return this.request<{ keys: ApiKeyInfo[] }>("GET", "/v1/admin/keys").then((r) => r.keys); }
  createKey(body: { role: string; name?: string; user?: string; collections?: string[] }) {
    return this.request<ApiKeyInfo & { key: string }>("POST", "/v1/admin/keys", body);
  }
  revokeKey(id: string) { return this.request<unknown>("DELETE", `/v1/admin/keys/${enc(id)}`); }
  verifySync() { return this.request<VerifyReport>("POST", "/v1/admin/sync/verify"); }
  config() { return this.request<ServerConfig>("GET", "/v1/admin/config"); }

  /** Who this key is (role, user and collection bindings), from /v1/status: a wrong key is a 401 here. */
  async caller(): Promise<Caller> {
    return (await this.status()).caller;
  }
}

function enc(s: string) {
  return encodeURIComponent(s);
}

export async function problemOf(res: Response): Promise<ApiError> {
  let title = res.statusText || `HTTP ${res.status}`;
  let detail = "";
  let requestId = res.headers.get("X-Request-Id");
  try {
    const p = await res.json();
    if (p && typeof p === "object") {
      if (typeof p.title === "string") title = p.title;
      if (typeof p.detail === "string") detail = p.detail;
      if (typeof p.requestId === "string") requestId = p.requestId;
    }
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(res.status, title, detail, requestId);
}
