// Vector collections with size and metric; search by a point's id, by a pasted vector, or by text the server embeds
// (its embedder's dimensions must be the collection's), with a keyword text and a filter; hits with scores and metadata, and the plan the library chose (graph walk or exact scan) with its reason.
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { SearchResult } from "../api/client";
import { Badge, Button, Card, ErrorText, Input, Label, PickList, Select } from "../components/ui";
import { parseVector } from "../lib/vectorInput";
import { useSession } from "../session";

export function Vectors() {
  const { client } = useSession();
  const collections = useQuery({ queryKey: ["collections"], queryFn: () => client.collections() });
  const [name, setName] = useState<string | null>(null);
  const current = collections.data?.find((c) => c.name === name) ?? collections.data?.[0];
  const [mode, setMode] = useState<"id" | "vector" | "text">("id");
  const [query, setQuery] = useState("");
  const [id, setId] = useState("");
  const [vector, setVector] = useState("");
  const [text, setText] = useState("");
  const [filter, setFilter] = useState("");
  const [k, setK] = useState(10);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function search(e: FormEvent) {
    e.preventDefault();
    if (!current) return;
    setBusy(true);
    setError(null);
    try {
      const common = { k, filter: filter.trim() || undefined };
      if (mode === "text") {
        // the server embeds the text with its own embedder; keywords, if given, make it hybrid with the same text
        setResult(await client.search(current.name, { ...common, text: query.trim(), hybrid: text.trim() !== "" || undefined }));
      } else {
        const v = mode === "id" ? (await client.point(current.name, id.trim())).vector : parseVector(vector, current.dimensions);
        setResult(await client.search(current.name, { ...common, vector: v, text: text.trim() || undefined }));
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="grid gap-4 md:grid-cols-[16rem_1fr]">
      <Card title="Collections">
        <ErrorText error={collections.error} />
        <PickList label="Collections" items={collections.data} name={(c) => c.name} chosen={current?.name} empty="No collections yet."
          onPick={(n) => { setName(n); setResult(null); }}
          detail={(c) => <span className="block text-xs opacity-80">{c.size} points · {c.dimensions} dims · {c.metric}</span>} />
      </Card>
      <div className="flex min-w-0 flex-col gap-3">
        <h1 className="text-lg font-semibold">Vector explorer{current && <>: <span data-testid="collection-name">{current.name}</span></>}</h1>
        {current && (
          <form onSubmit={search} className="flex flex-wrap items-end gap-2 rounded-lg border border-border bg-card p-3">
            <label className="flex flex-col gap-1">
              <Label>Search by</Label>
              <Select aria-label="Search by" value={mode} onChange={(e) => setMode(e.target.value as "id" | "vector" | "text")}>
                <option value="id">a point's id</option>
                <option value="vector">a pasted vector</option>
                <option value="text">text (embedded by the server)</option>
              </Select>
            </label>
            {mode === "text" ? (
              <label className="flex flex-col gap-1"><Label>Text</Label><Input aria-label="Search text" className="w-72" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="what the points are about" required /></label>
            ) : mode === "id" ? (
              <label className="flex flex-col gap-1"><Label>Point id</Label><Input aria-label="Point id" value={id} onChange={(e) => setId(e.target.value)} required /></label>
            ) : (
              <label className="flex flex-col gap-1"><Label>Vector ({current.dimensions} numbers)</Label><Input aria-label="Vector" className="w-72 font-mono" value={vector} onChange={(e) => setVector(e.target.value)} placeholder="[0.1, 0.2, …]" required /></label>
            )}
            {mode === "text" ? (
              <label className="flex items-center gap-1 self-center text-sm"><input type="checkbox" aria-label="Hybrid" checked={text !== ""} onChange={(e) => setText(e.target.checked ? "yes" : "")} /> also as keywords</label>
            ) : (
              <label className="flex flex-col gap-1"><Label>Keywords (hybrid)</Label><Input aria-label="Keywords" value={text} onChange={(e) => setText(e.target.value)} /></label>
            )}
            <label className="flex flex-col gap-1"><Label>Filter</Label><Input aria-label="Filter" className="w-56 font-mono" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="lang = 'en'" /></label>
            <label className="flex flex-col gap-1"><Label>k</Label><Input aria-label="k" type="number" min={1} max={10000} className="w-20" value={k} onChange={(e) => setK(Number(e.target.value) || 10)} /></label>
            <Button type="submit" variant="primary" disabled={busy}>Search</Button>
          </form>
        )}
        <ErrorText error={error} />
        {result && (
          <>
            <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="search-plan">
              <Badge tone="info">{result.plan.strategy}</Badge>
              <span>{result.plan.reason}</span>
              {result.embedded && <span data-testid="embedded-by">embedded by {result.embedded.model} ({result.embedded.dimensions} dims){result.embedded.hybrid ? ", hybrid" : ""}</span>}
              <span className="text-muted-foreground">· selectivity {result.plan.estimatedSelectivity.toFixed(3)} · ~{result.plan.estimatedMatches} matches · {result.plan.candidates} candidates</span>
            </div>
            <table className="w-full text-sm" aria-label="Hits" data-testid="hits">
              <thead><tr className="text-left"><th scope="col">#</th><th scope="col">id</th><th scope="col">score</th><th scope="col">metadata</th></tr></thead>
              <tbody>
                {result.hits.map((h, i) => (
                  <tr key={h.id} className="border-b border-border">
                    <td>{i + 1}</td>
                    <td className="font-mono">{h.id}</td>
                    <td className="tabular-nums">{h.score.toFixed(4)}</td>
                    <td className="font-mono text-xs">{JSON.stringify(h.metadata)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result.hits.length === 0 && <p className="text-sm text-muted-foreground">No hits.</p>}
          </>
        )}
      </div>
    </div>
  );
}
