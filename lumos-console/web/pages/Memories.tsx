// Agent memory: memories by user on a timeline (kind, importance, superseded ones marked), a memory's supersede
// history, recall with scores, their parts and confidence, and forget after a confirmation.
import { shownParts } from "../lib/scoreParts";
import { percent } from "../lib/format";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Memory } from "../api/client";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Badge, Button, Card, ErrorText, Input, Label } from "../components/ui";
import { can } from "../lib/session";
import { byDay } from "../lib/timeline";
import { useSession } from "../session";

const KINDS = ["fact", "event", "preference", "instruction"];

export function Memories() {
  const { client, role } = useSession();
  const queries = useQueryClient();
  const [user, setUser] = useState("");
  const [shownUser, setShownUser] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ["memories", shownUser],
    queryFn: ({ pageParam }) => client.memories(shownUser, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const memories = list.data?.pages.flatMap((p) => p.memories) ?? [];
  const [selected, setSelected] = useState<Memory | null>(null);
  const [history, setHistory] = useState<Memory[] | null>(null);
  const [recall, setRecall] = useState({ query: "", user: "", agent: "", session: "", k: 5, kinds: [] as string[], includeSuperseded: false });
  const [recalled, setRecalled] = useState<Memory[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [forgetting, setForgetting] = useState<Memory | null>(null);

  async function open(m: Memory) {
    setSelected(m);
    setHistory(null);
    try {
      setHistory(await client.history(m.id));
    } catch (e) {
      setError(e);
    }
  }

  async function doRecall(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setRecalled(await client.recall({
        query: recall.query,
        user: recall.user || undefined,
        agent: recall.agent || undefined,
        session: recall.session || undefined,
        k: recall.k,
        kinds: recall.kinds.length ? recall.kinds : undefined,
        includeSuperseded: recall.includeSuperseded || undefined,
      }));
    } catch (err) {
      setError(err);
    }
  }

  async function forget(m: Memory) {
    setForgetting(null);
    try {
      await client.forget(m.id);
      setSelected(null);
      setRecalled((r) => r?.filter((x) => x.id !== m.id) ?? null);
      await queries.invalidateQueries({ queryKey: ["memories"] });
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="grid gap-4 xl:grid-cols-[1fr_1fr]">
      <div className="flex min-w-0 flex-col gap-3">
        <h1 className="text-lg font-semibold">Memory explorer</h1>
        <form className="flex items-end gap-2" onSubmit={(e) => { e.preventDefault(); setShownUser(user.trim() || null); }}>
          <label className="flex flex-col gap-1"><Label>User</Label><Input aria-label="User" value={user} onChange={(e) => setUser(e.target.value)} placeholder="everyone" /></label>
          <Button type="submit">Show</Button>
        </form>
        <ErrorText error={list.error} />
        <ol className="flex flex-col gap-3" aria-label="Timeline" data-testid="timeline">
          {byDay(memories).map((d) => (
            <li key={d.day}>
              <h2 className="text-xs font-semibold text-muted-foreground">{d.day}</h2>
              <ul className="mt-1 flex flex-col gap-1 border-l-2 border-border pl-3">
                {d.memories.map((m) => (
                  <li key={m.id}>
                    <button type="button" onClick={() => open(m)} className={`w-full rounded p-1 text-left text-sm hover:bg-muted ${m.supersededBy ? "italic" : ""}`}>
                      <span className="mr-2 text-xs text-muted-foreground">{m.at.slice(11, 16)}</span>
                      <Badge>{m.kind}</Badge> <span className="text-xs">importance {m.importance.toFixed(2)}</span>
                      {m.supersededBy && <> <Badge tone="bad">superseded</Badge></>}
                      <span className="block">{m.text}</span>
                      <span className="text-xs text-muted-foreground">{[m.user && `user ${m.user}`, m.agent && `agent ${m.agent}`, m.session && `session ${m.session}`].filter(Boolean).join(" · ")}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
          {list.isSuccess && memories.length === 0 && <li className="text-sm text-muted-foreground">No memories.</li>}
        </ol>
        {list.hasNextPage && <Button onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>Load more</Button>}
      </div>
      <div className="flex min-w-0 flex-col gap-3">
        <Card title="Recall">
          <form onSubmit={doRecall} className="flex flex-col gap-2">
            <Input aria-label="Recall query" value={recall.query} onChange={(e) => setRecall({ ...recall, query: e.target.value })} placeholder="Where does Alice live?" required />
            <div className="flex flex-wrap gap-2">
              <Input aria-label="Recall user" className="w-28" value={recall.user} onChange={(e) => setRecall({ ...recall, user: e.target.value })} placeholder="user" />
              <Input aria-label="Recall agent" className="w-28" value={recall.agent} onChange={(e) => setRecall({ ...recall, agent: e.target.value })} placeholder="agent" />
              <Input aria-label="Recall session" className="w-28" value={recall.session} onChange={(e) => setRecall({ ...recall, session: e.target.value })} placeholder="session" />
              <Input aria-label="Recall k" type="number" min={1} className="w-16" value={recall.k} onChange={(e) => setRecall({ ...recall, k: Number(e.target.value) || 5 })} />
            </div>
            <fieldset className="flex flex-wrap gap-2 text-sm">
              <legend className="text-xs font-medium text-muted-foreground">Kinds (none: all)</legend>
              {KINDS.map((k) => (
                <label key={k} className="flex items-center gap-1">
                  <input type="checkbox" checked={recall.kinds.includes(k)} onChange={(e) => setRecall({ ...recall, kinds: e.target.checked ? [...recall.kinds, k] : recall.kinds.filter((x) => x !== k) })} />{k}
                </label>
              ))}
              <label className="flex items-center gap-1"><input type="checkbox" checked={recall.includeSuperseded} onChange={(e) => setRecall({ ...recall, includeSuperseded: e.target.checked })} />include superseded</label>
            </fieldset>
            <Button type="submit" variant="primary">Recall</Button>
          </form>
          {recalled && (
            <ol className="mt-2 flex flex-col gap-1 text-sm" data-testid="recalled">
              {recalled.map((m) => (
                <li key={m.id}>
                  <button type="button" onClick={() => open(m)} className="w-full rounded p-1 text-left hover:bg-muted">
                    <span className="mr-2 tabular-nums font-semibold">{m.score?.toFixed(3)}</span>{m.text}
                    <span className="block text-xs text-muted-foreground">{m.kind} · importance {m.importance.toFixed(2)} · {m.at}</span>
                    {m.parts && (
                      <span className="mt-0.5 flex flex-wrap gap-x-3 text-xs" data-testid="score-parts">
                        {m.confidence !== undefined && <span data-testid="confidence">confidence {percent(m.confidence)}</span>}
                        {shownParts(m.parts).map((p) => <span key={p.key}>{p.label} {p.value}</span>)}
                      </span>
                    )}
                  </button>
                </li>
              ))}
              {recalled.length === 0 && <li className="text-muted-foreground">Nothing recalled.</li>}
            </ol>
          )}
        </Card>
        <ErrorText error={error} />
        {selected && (
          <Card title="Memory" actions={can(role, "write") && <Button variant="danger" onClick={() => setForgetting(selected)}>Forget</Button>}>
            <p className="text-sm" data-testid="memory-text">{selected.text}</p>
            <p className="text-xs text-muted-foreground">{selected.id} · {selected.kind} · importance {selected.importance} · seen {selected.seen} times{selected.validTo && ` · valid to ${selected.validTo}`}</p>
            {Object.keys(selected.metadata ?? {}).length > 0 && <pre className="mt-1 text-xs">{JSON.stringify(selected.metadata)}</pre>}
            <Label className="mt-2 block">Versions, oldest first</Label>
            <ol className="list-decimal pl-5 text-sm" data-testid="memory-history">
              {history?.map((h) => <li key={h.id} className={h.supersededBy ? "line-through" : ""}>{h.text} <span className="text-xs text-muted-foreground">{h.at}</span></li>)}
            </ol>
          </Card>
        )}
      </div>
      <ConfirmDialog open={forgetting !== null} title="Forget this memory?" confirm="Forget" onConfirm={() => forgetting && forget(forgetting)} onOpenChange={(o) => !o && setForgetting(null)}>
        “{forgetting?.text}” is deleted for good, with its vector.
      </ConfirmDialog>
    </div>
  );
}
