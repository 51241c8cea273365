// Tables and views with their columns, indexes and row counts; rows a keyset page at a time (the server's cursor:
// each page is one index seek however deep); a row's detail.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { SqlValue } from "../api/client";
import { DataGrid } from "../components/DataGrid";
import { Badge, Button, Card, ErrorText, Label, PickList, Select } from "../components/ui";
import { cellText } from "../lib/export";
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
  const page = useQuery({
    queryKey: ["rows", name, limit, cursor],
    queryFn: () => client.rows(name, limit, cursor),
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
          <ErrorText error={page.error} />
          {page.data && <DataGrid label={`Rows of ${name}`} columns={page.data.columns} rows={page.data.rows} pageSize={limit} onRowOpen={setDetail} />}
          <p className="mt-1 text-xs text-muted-foreground">Sort and filter apply to the rows of this page; for a condition over the whole table use the SQL workbench or its query builder.</p>
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
