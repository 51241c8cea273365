// The whole server's most recent slow statements (`GET /v1/admin/slow-queries`): the last hundred statements slower
// than the server's slow-query threshold, newest first, with every literal replaced by `?` by the server. Polled with
// the rest of the dashboard; the metrics and admin roles only (the traffic panel tells other keys why).
import { useQuery } from "@tanstack/react-query";
import { Badge, Card, ErrorText } from "./ui";
import { ms } from "../lib/format";
import { mayReadMetrics } from "../lib/metrics";
import { useSession } from "../session";

const POLL_MS = 2_000;
const SHOWN = 20;

export function SlowQueriesPanel() {
  const { client, role } = useSession();
  const allowed = mayReadMetrics(role);
  const slow = useQuery({ queryKey: ["slow-queries"], queryFn: () => client.slowQueries(), refetchInterval: POLL_MS, enabled: allowed, retry: false });
  if (!allowed) return null;
  const d = slow.data;
  const title = d?.thresholdMs != null ? `Recent slow statements (whole server, over ${ms(d.thresholdMs)})` : "Recent slow statements (whole server)";
  return (
    <Card title={title}>
      <ErrorText error={slow.error} />
      {!d ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : d.queries.length === 0 ? (
        <p className="text-sm text-muted-foreground" data-testid="slow-queries-none">
          {d.thresholdMs === null ? "This server was given its database, so it keeps no slow statements." : "No statement has been slower than the threshold since the server started."}
        </p>
      ) : (
        <table className="w-full text-sm" data-testid="slow-queries">
          <thead><tr className="text-left"><th scope="col">at</th><th scope="col">time</th><th scope="col">route</th><th scope="col">rows</th><th scope="col">statement (literals as ?)</th></tr></thead>
          <tbody>
            {d.queries.slice(0, SHOWN).map((q, i) => (
              <tr key={`${q.at}-${i}`} className="align-top">
                <td className="whitespace-nowrap tabular-nums">{new Date(q.at).toLocaleTimeString()}</td>
                <td className="whitespace-nowrap tabular-nums">{ms(q.elapsedMs)}</td>
                <td className="whitespace-nowrap"><Badge tone={q.kind === "failed" ? "bad" : "neutral"}>{q.route}</Badge> <span className="text-xs text-muted-foreground">{q.kind === "query" ? q.reason : `${q.kind} · ${q.reason}`}</span></td>
                <td className="tabular-nums">{q.rows < 0 ? "–" : q.rows}</td>
                <td><code className="break-all">{q.sql}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d && d.queries.length > SHOWN && <p className="text-xs text-muted-foreground">The {SHOWN} newest of {d.queries.length} kept (the server keeps {d.capacity}).</p>}
    </Card>
  );
}
