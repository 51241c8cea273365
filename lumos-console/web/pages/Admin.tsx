// Admin: API keys (a new key is shown once), revoke after a confirmation, a backup download, the replica's state and
// its verification against SQLite, and the server's configuration.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { ApiKeyInfo, VerifyReport } from "../api/client";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Badge, Button, Card, ErrorText, Input, Label, Select } from "../components/ui";
import { saveFile } from "../lib/export";
import { bytes, ms } from "../lib/format";
import { useSession } from "../session";

export function Admin() {
  const { client } = useSession();
  const queries = useQueryClient();
  const keys = useQuery({ queryKey: ["keys"], queryFn: () => client.keys() });
  const status = useQuery({ queryKey: ["status"], queryFn: () => client.status(), refetchInterval: 5_000 });
  const [form, setForm] = useState({ role: "read", name: "", user: "", collections: "" });
  const [issued, setIssued] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [backup, setBackup] = useState<string | null>(null);
  const config = useQuery({ queryKey: ["config"], queryFn: () => client.config() });
  const [verifying, setVerifying] = useState(false);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);

  async function verify() {
    setVerifying(true);
    setVerifyError(null);
    try {
      setReport(await client.verifySync());
    } catch (err) {
      setVerifyError(err);
    } finally {
      setVerifying(false);
    }
  }

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const collections = form.collections.split(",").map((c) => c.trim()).filter(Boolean);
      const k = await client.createKey({
        role: form.role,
        name: form.name.trim() || undefined,
        user: form.user.trim() || undefined,
        collections: collections.length ? collections : undefined,
      });
      setIssued(k.key);
      setForm({ role: form.role, name: "", user: "", collections: "" });
      await queries.invalidateQueries({ queryKey: ["keys"] });
    } catch (err) {
      setError(err);
    }
  }

  async function revoke(k: ApiKeyInfo) {
    setRevoking(null);
    try {
      await client.revokeKey(k.id);
      await queries.invalidateQueries({ queryKey: ["keys"] });
    } catch (err) {
      setError(err);
    }
  }

  async function download() {
    setError(null);
    setBackup("taking a snapshot…");
    try {
      const res = await client.download("/v1/admin/backup");
      const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? "lumos-backup.sqlite";
      const blob = await res.blob();
      saveFile(name, "application/vnd.sqlite3", blob);
      setBackup(`${name} (${bytes(blob.size)})`);
    } catch (err) {
      setBackup(null);
      setError(err);
    }
  }

  const s = status.data;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-lg font-semibold">Admin</h1>
      <ErrorText error={error ?? keys.error} />
      <div className="grid gap-4 xl:grid-cols-[2fr_1fr]">
        <Card title="API keys">
          <form onSubmit={create} className="mb-3 flex flex-wrap items-end gap-2">
            <label className="flex flex-col gap-1"><Label>Role</Label>
              <Select aria-label="New key role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
                {["read", "write", "admin", "metrics"].map((r) => <option key={r}>{r}</option>)}
              </Select>
            </label>
            <label className="flex flex-col gap-1"><Label>Name</Label><Input aria-label="New key name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
            <label className="flex flex-col gap-1"><Label>Bound to user</Label><Input aria-label="New key user" className="w-28" value={form.user} onChange={(e) => setForm({ ...form, user: e.target.value })} /></label>
            <label className="flex flex-col gap-1"><Label>Collections (a,b)</Label><Input aria-label="New key collections" className="w-36" value={form.collections} onChange={(e) => setForm({ ...form, collections: e.target.value })} /></label>
            <Button type="submit" variant="primary">Create key</Button>
          </form>
          {issued && (
            <div role="status" className="mb-3 rounded-md border border-primary p-2 text-sm">
              The new key, shown this once (only its hash is kept):
              <code className="mt-1 block break-all rounded bg-muted p-1 font-mono" data-testid="new-key">{issued}</code>
              <div className="mt-1 flex gap-2">
                <Button onClick={() => navigator.clipboard?.writeText(issued)}>Copy</Button>
                <Button onClick={() => setIssued(null)}>Done</Button>
              </div>
            </div>
          )}
          <table className="w-full text-sm" aria-label="API keys" data-testid="keys">
            <thead><tr className="text-left"><th scope="col">id</th><th scope="col">name</th><th scope="col">role</th><th scope="col">user</th><th scope="col">collections</th><th scope="col">created</th><th scope="col"><span className="sr-only">actions</span></th></tr></thead>
            <tbody>
              {keys.data?.map((k) => (
                <tr key={k.id} className="border-b border-border">
                  <td className="font-mono text-xs">{k.id}</td>
                  <td>{k.name}</td>
                  <td><Badge tone={k.role === "admin" ? "info" : "neutral"}>{k.role}</Badge></td>
                  <td>{k.user}</td>
                  <td>{k.collections?.join(", ")}</td>
                  <td className="text-xs">{new Date(k.created).toLocaleString()}</td>
                  <td><Button variant="ghost" aria-label={`Revoke key ${k.name ?? k.id}`} onClick={() => setRevoking(k)}>Revoke</Button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <div className="flex flex-col gap-4">
          <Card title="Backup">
            <p className="mb-2 text-sm text-muted-foreground">A consistent snapshot of SQLite (the source of truth) as a plain SQLite file; restore it offline with <code>lumos restore DIR FILE</code>.</p>
            <Button variant="primary" onClick={download}>Download backup</Button>
            {backup && <p className="mt-2 text-sm" data-testid="backup-status">{backup}</p>}
          </Card>
          <Card title="Replica (sync)">
            {s && (
              <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-sm" data-testid="sync-status">
                <dt>state</dt><dd>{s.sync.rebuilding ? `rebuilding: ${s.sync.rebuilding}` : s.sync.caughtUp ? "caught up" : "behind"}</dd>
                <dt>applied sequence</dt><dd>{s.sync.appliedSequence}</dd>
                <dt>pending</dt><dd>{s.sync.pendingChanges}</dd>
                <dt>lag</dt><dd>{ms(s.sync.lagMs)}</dd>
                <dt>last error</dt><dd>{s.sync.lastError ?? "none"}</dd>
              </dl>
            )}
            <div className="mt-2 flex items-center gap-2">
              <Button onClick={verify} disabled={verifying} data-testid="verify-sync">{verifying ? "Verifying…" : "Verify against SQLite"}</Button>
              {report && (report.consistent ? <Badge tone="good">consistent</Badge> : <Badge tone="bad">differed: repaired</Badge>)}
            </div>
            <ErrorText error={verifyError} />
            {report && (
              <table className="mt-2 w-full text-sm" aria-label="Verification" data-testid="verify-report">
                <thead><tr className="text-left"><th scope="col">table</th><th scope="col">SQLite</th><th scope="col">replica</th><th scope="col">result</th></tr></thead>
                <tbody>
                  {report.tables.map((t) => (
                    <tr key={t.table}><td className="font-mono">{t.table}</td><td>{t.sqliteRows}</td><td>{t.replicaRows}</td>
                      <td>{t.problem ?? (t.matched ? "matched" : t.repaired ? "repaired" : "differs")}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
            {report && <p className="mt-1 text-xs text-muted-foreground">{report.tables.length} tables in {ms(report.tookMs)}</p>}
          </Card>
          <Card title="Configuration">
            <ErrorText error={config.error} />
            {config.data && (
              <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-sm" data-testid="server-config">
                {Object.entries(config.data).map(([k, v]) => (
                  <div key={k} className="contents"><dt className="font-mono">{k}</dt><dd className="font-mono break-all">{v === null ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v)}</dd></div>
                ))}
              </dl>
            )}
          </Card>
          <Card title="Server">
            {s && (
              <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-sm">
                <dt>version</dt><dd>{s.version}</dd>
                <dt>directory</dt><dd>{s.directory}</dd>
                <dt>started</dt><dd>{new Date(s.startedAt).toLocaleString()}</dd>
                <dt>API</dt><dd><a className="underline" href="/v1/openapi.json" target="_blank" rel="noreferrer">OpenAPI document</a></dd>
              </dl>
            )}
          </Card>
        </div>
      </div>
      <ConfirmDialog open={revoking !== null} title="Revoke this key?" confirm="Revoke" onConfirm={() => revoking && revoke(revoking)} onOpenChange={(o) => !o && setRevoking(null)}>
        Key <code>{revoking?.id}</code> ({revoking?.role}{revoking?.name ? `, ${revoking.name}` : ""}) stops working at once.
      </ConfirmDialog>
    </div>
  );
}
