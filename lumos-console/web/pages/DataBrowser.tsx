// Tables and views with their columns, indexes and row counts; rows a keyset page at a time (the server's cursor:
// each page is one index seek however deep), sorted and filtered over the whole table by the server; a row's detail.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { SqlValue } from "../api/client";
import { DataGrid } from "../components/DataGrid";
import { Badge, Button, Card, ErrorText, Input, Label, PickList, Select } from "../components/ui";
import { cellText } from "../lib/export";
import { OPS, whereOf, type Condition, type FilterOp } from "../lib/rowQuery";
import { useSession } from "../session";

export function DataBrowser() {
  const { client } = useSession();
  const tables = useQuery({ queryKey: ["tables"], queryFn: () => client.tables() });
  const [selected, setSelected] = useState<string | null>(null);
  const name = selected ?? tables.data?.[0]?.name ?? null;
  return (
    <div className="grid gap-4 md:grid-cols-[14rem_1fr]">
      <Card title="Tables and views">
        <ErrorText error={tables.error} />
        <PickList label="Tables" items={tables.data} name={(t) => t.name} chosen={name} onPick={setSelected} empty="No tables yet."
          detail={(t) => t.type === "view" && <span className="text-xs opacity-75"> (view)</span>} />
      </Card>
      {name ? <TableView key={name} name={name} /> : <div />}
    </div>
  );
}

function TableView({ name }: { name: string }) {
  const { client } = useSession();
  const info = useQuery({ queryKey: ["table", name], queryFn: () => client.table(name) });
  const [limit, setLimit] = useState(100);
  const [cursors, setCursors] = useState<(string | null)[]>([null]); // the cursor of each page seen
  const cursor = cursors[cursors.length - 1];
  const isView = info.data?.type === "view";
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(null);
  const [conditions, setConditions] = useState<Condition[]>([]);
  const [draft, setDraft] = useState<Condition>({ column: "", op: "eq", value: "" });
  const columns = info.data?.columns ?? [];
  const where = whereOf(conditions, columns);
  const page = useQuery({
    queryKey: ["rows", name, limit, cursor, sort, where],
    queryFn: () => client.rows(name, limit, cursor, { orderBy: sort ? [sort] : [], where }),
    enabled: info.data !== undefined && !isView,
  });
  const [detail, setDetail] = useState<SqlValue[] | null>(null);
  return (
    <div className="flex min-w-0 flex-col gap-3">
      <h1 className="text-lg font-semibold" data-testid="table-title">{name}</h1>
      <ErrorText error={info.error} />
      {info.data && (
        <Card title={<>Columns <span className="font-normal text-muted-foreground" data-testid="row-count">{info.data.rowCount} rows</span></>}>
          <table className="text-sm" aria-label="Columns">
            <thead><tr className="text-left"><th scope="col" className="pr-4">column</th><th scope="col" className="pr-4">type</th><th scope="col" className="pr-4">key</th><th scope="col">default</th></tr></thead>
            <tbody>
              {info.data.columns.map((c) => (
                <tr key={c.name}>
                  <td className="pr-4 font-mono">{c.name}</td>
                  <td className="pr-4">{c.type || "(any)"}{c.notNull && " NOT NULL"}</td>
                  <td className="pr-4">{c.primaryKey && <Badge tone="info">PK</Badge>}</td>
                  <td className="font-mono text-xs">{c.default ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {info.data.indexes.length > 0 && (
            <div className="mt-2 text-sm">
              <Label>Indexes</Label>
              <ul>
                {info.data.indexes.map((i) => (
                  <li key={i.name}><code>{i.name}</code> ({i.columns.join(", ")}){i.unique && " unique"}</li>
                ))}
              </ul>
            </div>
          )}
        </Card>
      )}
      {isView && <p className="text-sm text-muted-foreground">A view has no key to page by: query it in the SQL workbench.</p>}
      {!isView && (
        <Card
          title="Rows"
          actions={
            <div className="flex items-center gap-2 text-sm">
              <Label>per page</Label>
              <Select aria-label="Rows per page" value={limit} onChange={(e) => { setLimit(Number(e.target.value)); setCursors([null]); }}>
                {[25, 100, 500, 1000].map((n) => <option key={n} value={n}>{n}</option>)}
              </Select>
              <Button onClick={() => setCursors(cursors.slice(0, -1))} disabled={cursors.length < 2}>Previous page</Button>
              <span data-testid="page-number">page {cursors.length}</span>
              <Button
                onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
                disabled={!page.data?.nextCursor}
              >
                Next page
              </Button>
            </div>
          }
        >
          <div className="mb-2 flex flex-wrap items-end gap-2 text-sm" data-testid="table-query">
            <label className="flex flex-col gap-1">
              <Label>Sort by</Label>
              <Select aria-label="Sort by" value={sort?.column ?? ""} onChange={(e) => { setSort(e.target.value ? { column: e.target.value, descending: sort?.descending ?? false } : null); setCursors([null]); }}>
                <option value="">key</option>
                {columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
              </Select>
            </label>
            <label className="flex flex-col gap-1">
              <Label>Direction</Label>
              <Select aria-label="Sort direction" value={sort?.descending ? "desc" : "asc"} disabled={!sort}
                onChange={(e) => { if (sort) { setSort({ ...sort, descending: e.target.value === "desc" }); setCursors([null]); } }}>
                <option value="asc">ascending</option>
                <option value="desc">descending</option>
              </Select>
            </label>
            <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => {
              e.preventDefault();
              const column = draft.column || columns[0]?.name;
              if (!column) return;
              setConditions([...conditions, { ...draft, column }]);
              setDraft({ column, op: draft.op, value: "" });
              setCursors([null]);
            }}>
              <label className="flex flex-col gap-1">
                <Label>Filter column</Label>
                <Select aria-label="Filter column" value={draft.column || columns[0]?.name || ""} onChange={(e) => setDraft({ ...draft, column: e.target.value })}>
                  {columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
                </Select>
              </label>
              <label className="flex flex-col gap-1">
                <Label>Condition</Label>
                <Select aria-label="Filter condition" value={draft.op} onChange={(e) => setDraft({ ...draft, op: e.target.value as FilterOp })}>
                  {OPS.map(([op, label]) => <option key={op} value={op}>{label}</option>)}
                </Select>
              </label>
              {draft.op !== "isNull" && draft.op !== "notNull" && (
                <label className="flex flex-col gap-1"><Label>Value</Label><Input aria-label="Filter value" className="w-32" value={draft.value} onChange={(e) => setDraft({ ...draft, value: e.target.value })} /></label>
              )}
              <Button type="submit" data-testid="add-filter">Add filter</Button>
            </form>
          </div>
          {conditions.length > 0 && (
            <ul className="mb-2 flex flex-wrap gap-2 text-sm" aria-label="Filters" data-testid="filters">
              {conditions.map((c, i) => (
                <li key={i} className="flex items-center gap-1 rounded border border-border px-2">
                  <code>{c.column} {OPS.find(([op]) => op === c.op)?.[1]} {c.op === "isNull" || c.op === "notNull" ? "" : c.value}</code>
                  <Button variant="ghost" aria-label={`Remove filter on ${c.column}`} onClick={() => { setConditions(conditions.filter((_, j) => j !== i)); setCursors([null]); }}>×</Button>
                </li>
              ))}
            </ul>
          )}
          <ErrorText error={page.error} />
          {page.data && <DataGrid label={`Rows of ${name}`} columns={page.data.columns} rows={page.data.rows} pageSize={limit} onRowOpen={setDetail} />}
          <p className="mt-1 text-xs text-muted-foreground">Sort and filters apply to the whole table on the server (<code>orderBy</code>, <code>where</code>), paged by a cursor on the sort key; the grid's own header sort and search act on the page shown.</p>
        </Card>
      )}
      {detail && page.data && (
        <Card title="Row" actions={<Button onClick={() => setDetail(null)}>Close</Button>}>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="row-detail">
            {page.data.columns.map((c, i) => (
              <div key={i} className="contents">
                <dt className="font-mono text-muted-foreground">{c}</dt>
                <dd className="font-mono break-all whitespace-pre-wrap">{detail[i] === null ? "NULL" : cellText(detail[i])}</dd>
              </div>
            ))}
          </dl>
        </Card>
      )}
    </div>
  );
}
