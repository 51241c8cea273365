// The SQL workbench: editor (highlighting, completion of tables and columns, Ctrl+Enter), run with a chosen
// route, the result with its route, reason and time, the plan, cancel, history, CSV/JSON export, a chart, and the
// visual query builder that writes SQL into the editor.
import * as Tabs from "@radix-ui/react-tabs";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { ApiError, type SqlResult } from "../api/client";
import { DataGrid } from "../components/DataGrid";
import { QueryBuilder } from "../components/QueryBuilder";
import { ResultChart } from "../components/ResultChart";
import { SqlEditor } from "../components/SqlEditor";
import { Badge, Button, Card, ErrorText, Label, Select } from "../components/ui";
import { saveFile, toCsv, toJsonRows } from "../lib/export";
import { ms } from "../lib/format";
import { addToHistory, loadHistory, saveHistory, type HistoryEntry } from "../lib/history";
import { queryLog } from "../lib/queryLog";
import { useSession } from "../session";

const tabClass = "rounded-t-md px-3 py-1 text-sm data-[state=active]:bg-primary data-[state=active]:text-primary-foreground";

export function Workbench() {
  const { client } = useSession();
  const [sql, setSql] = useState("SELECT name, type FROM sqlite_master ORDER BY name");
  const [route, setRoute] = useState("auto");
  const [timeoutMs, setTimeoutMs] = useState(30_000);
  const [result, setResult] = useState<SqlResult | null>(null);
  const [plan, setPlan] = useState<SqlResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const [tab, setTab] = useState("grid");
  const [side, setSide] = useState("builder");
  const [historyList, setHistoryList] = useState<HistoryEntry[]>(() => loadHistory());
  const abort = useRef<AbortController | null>(null);
  const requestId = useRef<string | null>(null);
  const cancelledOnServer = useRef(false);

  const schema = useQuery({
    queryKey: ["schema"],
    queryFn: async () => {
      const tables = (await client.tables()).slice(0, 200);
      const out: Record<string, string[]> = {};
      await Promise.all(tables.map(async (t) => {
        out[t.name] = (await client.table(t.name)).columns.map((c) => c.name);
      }));
      return out;
    },
    staleTime: 30_000,
  });

  const remember = useCallback((e: HistoryEntry) => {
    setHistoryList((list) => {
      const next = addToHistory(list, e);
      saveHistory(next);
      return next;
    });
  }, []);

  const execute = useCallback(async (text: string, explain: boolean) => {
    if (!text.trim() || running) return;
    const controller = new AbortController();
    abort.current = controller;
    const id = newRequestId();
    requestId.current = id;
    cancelledOnServer.current = false;
    setRunning(true);
    setError(null);
    const started = performance.now();
    try {
      if (explain) {
        // SQLite's plan of the statement (nothing runs); DuckDB's with the OLAP route
        const r = await client.sql((route === "olap" ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + text, { route: route === "olap" ? "olap" : "oltp", timeoutMs, requestId: id }, controller.signal);
        setPlan(r);
        setTab("plan");
      } else {
        const r = await client.sql(text, { route, timeoutMs, requestId: id }, controller.signal);
        setResult(r);
        setTab((t) => (t === "plan" ? "grid" : t));
        const label = r.route ?? "WRITE";
        queryLog.add({ sql: text, at: Date.now(), route: label, elapsedMs: r.elapsedMs, ok: true });
        remember({ sql: text, at: Date.now(), route: label, elapsedMs: r.elapsedMs, ok: true });
        if (r.route === undefined) schema.refetch(); // a write or DDL: the tables may have changed
      }
    } catch (e) {
      if (controller.signal.aborted) {
        setError(new Error(`Cancelled after ${ms(performance.now() - started)}: the console stopped waiting (the server had no read of this console running under ${id}: a write runs to its commit).`));
      } else if (e instanceof ApiError && e.status === 409 && e.title === "Cancelled") {
        setError(new Error(`Cancelled on the server after ${ms(performance.now() - started)}: ${e.detail}`));
      } else {
        setError(e);
        if (!explain) {
          queryLog.add({ sql: text, at: Date.now(), route: e instanceof ApiError ? `HTTP ${e.status}` : "error", elapsedMs: performance.now() - started, ok: false });
          remember({ sql: text, at: Date.now(), ok: false });
        }
      }
    } finally {
      setRunning(false);
      abort.current = null;
      requestId.current = null;
    }
  }, [client, route, timeoutMs, running, remember, schema]);

  const run = useCallback(() => execute(sql, false), [execute, sql]);

  /** Stops the statement on the server (DELETE /v1/queries/{id}); when the server runs none under the id, stops waiting. */
  const cancel = useCallback(async () => {
    const id = requestId.current;
    const controller = abort.current;
    if (!id || !controller || cancelledOnServer.current) return;
    cancelledOnServer.current = true;
    try {
      await client.cancel(id); // the statement's own request then fails with 409 Cancelled
    } catch {
      controller.abort(); // finished meanwhile, or a write (not cancellable): stop waiting
    }
  }, [client]);

  return (
    <div className="grid gap-4 xl:grid-cols-[1fr_24rem]">
      <div className="flex min-w-0 flex-col gap-3">
        <h1 className="text-lg font-semibold">SQL workbench</h1>
        <div className="h-48">
          <SqlEditor value={sql} onChange={setSql} onRun={run} schema={schema.data} />
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <Button variant="primary" onClick={run} disabled={running} data-testid="run">Run (Ctrl+Enter)</Button>
          <Button onClick={() => execute(sql, true)} disabled={running}>Explain</Button>
          <Button variant="danger" onClick={cancel} disabled={!running} data-testid="cancel">Cancel</Button>
          <label className="flex flex-col gap-1">
            <Label>Route</Label>
            <Select aria-label="Route" value={route} onChange={(e) => setRoute(e.target.value)}>
              <option value="auto">auto (the router decides)</option>
              <option value="oltp">OLTP (SQLite)</option>
              <option value="olap">OLAP (DuckDB)</option>
            </Select>
          </label>
          <label className="flex flex-col gap-1">
            <Label>Timeout</Label>
            <Select aria-label="Timeout" value={timeoutMs} onChange={(e) => setTimeoutMs(Number(e.target.value))}>
              {[5_000, 30_000, 120_000].map((t) => <option key={t} value={t}>{t / 1000} s</option>)}
            </Select>
          </label>
          {result && result.columns.length > 0 && (
            <>
              <Button onClick={() => saveFile("result.csv", "text/csv", toCsv(result.columns, result.rows))}>Export CSV</Button>
              <Button onClick={() => saveFile("result.json", "application/json", JSON.stringify(toJsonRows(result.columns, result.rows), null, 2))}>Export JSON</Button>
            </>
          )}
          {running && <span role="status" className="text-sm text-muted-foreground">running…</span>}
        </div>
        <ErrorText error={error} />
        {result && (
          <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="result-meta">
            {result.route ? <Badge tone="info">{result.route}</Badge> : <Badge>write</Badge>}
            <span data-testid="result-reason">{result.reason ?? `${result.rowsChanged ?? 0} rows changed`}</span>
            <span className="text-muted-foreground">· {ms(result.elapsedMs)}{result.fromCache ? " · from the cache" : ""} · {result.rows.length} rows</span>
          </div>
        )}
        <Tabs.Root value={tab} onValueChange={setTab}>
          <Tabs.List aria-label="Result views" className="flex gap-1 border-b border-border">
            <Tabs.Trigger value="grid" className={tabClass}>Grid</Tabs.Trigger>
            <Tabs.Trigger value="chart" className={tabClass}>Chart</Tabs.Trigger>
            <Tabs.Trigger value="plan" className={tabClass}>Plan</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="grid" className="pt-2">
            {result && result.columns.length > 0 && <DataGrid columns={result.columns} rows={result.rows} />}
          </Tabs.Content>
          <Tabs.Content value="chart" className="pt-2">
            {result && <ResultChart columns={result.columns} rows={result.rows} />}
          </Tabs.Content>
          <Tabs.Content value="plan" className="pt-2">
            {plan ? <pre className="overflow-auto rounded-md bg-muted p-2 font-mono text-xs" data-testid="plan">{plan.rows.map((r) => r.map((v) => (v === null ? "" : String(v))).join("  ")).join("\n")}</pre>
              : <p className="text-sm text-muted-foreground">Explain shows the engine's plan without running the statement.</p>}
          </Tabs.Content>
        </Tabs.Root>
      </div>
      <Card>
        <Tabs.Root value={side} onValueChange={setSide}>
          <Tabs.List aria-label="Workbench tools" className="mb-2 flex gap-1 border-b border-border">
            <Tabs.Trigger value="builder" className={tabClass}>Query builder</Tabs.Trigger>
            <Tabs.Trigger value="history" className={tabClass}>History</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="builder">
            {schema.data ? <QueryBuilder schema={schema.data} onSql={setSql} /> : <ErrorText error={schema.error} />}
          </Tabs.Content>
          <Tabs.Content value="history">
            <ul className="flex flex-col gap-1" aria-label="History">
              {historyList.map((h, i) => (
                <li key={i}>
                  <button type="button" className="w-full rounded p-1 text-left hover:bg-muted" onClick={() => setSql(h.sql)}>
                    <code className="block truncate text-xs">{h.sql}</code>
                    <span className="text-xs text-muted-foreground">{new Date(h.at).toLocaleTimeString()} · {h.ok ? `${h.route} · ${ms(h.elapsedMs ?? 0)}` : "failed"}</span>
                  </button>
                </li>
              ))}
              {historyList.length === 0 && <li className="text-sm text-muted-foreground">Statements you run appear here.</li>}
            </ul>
          </Tabs.Content>
        </Tabs.Root>
      </Card>
    </div>
  );
}

/** A request id of this console's own, for X-Request-Id and its cancel. */
function newRequestId() {
  const random = typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2);
  return `console-${random}`;
}
