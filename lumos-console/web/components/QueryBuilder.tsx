// The visual query builder: table, columns (with aggregates), filters, group by, order, limit -> SQL.
import { useEffect, useState } from "react";
import { buildSql, emptySpec, FILTER_OPS, type Aggregate, type FilterOp, type QuerySpec } from "../lib/queryBuilder";
import { Button, Input, Label, Select } from "./ui";

export interface QueryBuilderProps {
  /** table name to its column names */
  schema: Record<string, string[]>;
  onSql: (sql: string) => void;
}

const AGGREGATES: Aggregate[] = ["", "count", "sum", "avg", "min", "max"];

export function QueryBuilder({ schema, onSql }: QueryBuilderProps) {
  const tables = Object.keys(schema).sort();
  const [spec, setSpec] = useState<QuerySpec>(emptySpec(tables[0] ?? ""));
  useEffect(() => {
    if (!spec.table && tables.length) setSpec(emptySpec(tables[0]));
  }, [tables, spec.table]);
  const cols = schema[spec.table] ?? [];
  const set = (patch: Partial<QuerySpec>) => setSpec({ ...spec, ...patch });
  let sql = "";
  let problem = "";
  try {
    sql = spec.table ? buildSql(spec) : "";
  } catch (e) {
    problem = (e as Error).message;
  }
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="query-builder">
      <label className="flex flex-col gap-1">
        <Label>Table</Label>
        <Select aria-label="Builder table" value={spec.table} onChange={(e) => setSpec(emptySpec(e.target.value))}>
          {tables.map((t) => <option key={t}>{t}</option>)}
        </Select>
      </label>
      <div className="flex flex-col gap-1">
        <Label>Columns (none: all)</Label>
        {spec.select.map((s, i) => (
          <div key={i} className="flex gap-1">
            <Select aria-label={`Aggregate ${i + 1}`} value={s.aggregate} onChange={(e) => set({ select: spec.select.map((x, j) => (j === i ? { ...x, aggregate: e.target.value as Aggregate } : x)) })}>
              {AGGREGATES.map((a) => <option key={a} value={a}>{a || "value"}</option>)}
            </Select>
            <Select aria-label={`Column ${i + 1}`} value={s.column} onChange={(e) => set({ select: spec.select.map((x, j) => (j === i ? { ...x, column: e.target.value } : x)) })}>
              {s.aggregate === "count" && <option value="*">*</option>}
              {cols.map((c) => <option key={c}>{c}</option>)}
            </Select>
            <Button aria-label={`Remove column ${i + 1}`} variant="ghost" onClick={() => set({ select: spec.select.filter((_, j) => j !== i) })}>×</Button>
          </div>
        ))}
        <Button onClick={() => set({ select: [...spec.select, { column: cols[0] ?? "", aggregate: "" }] })}>Add column</Button>
      </div>
      <div className="flex flex-col gap-1">
        <Label>Filters (all must hold)</Label>
        {spec.filters.map((f, i) => (
          <div key={i} className="flex gap-1">
            <Select aria-label={`Filter column ${i + 1}`} value={f.column} onChange={(e) => set({ filters: spec.filters.map((x, j) => (j === i ? { ...x, column: e.target.value } : x)) })}>
              {cols.map((c) => <option key={c}>{c}</option>)}
            </Select>
            <Select aria-label={`Filter operator ${i + 1}`} value={f.op} onChange={(e) => set({ filters: spec.filters.map((x, j) => (j === i ? { ...x, op: e.target.value as FilterOp } : x)) })}>
              {FILTER_OPS.map((o) => <option key={o}>{o}</option>)}
            </Select>
            {f.op !== "IS NULL" && f.op !== "IS NOT NULL" && (
              <Input aria-label={`Filter value ${i + 1}`} className="w-28" value={f.value} onChange={(e) => set({ filters: spec.filters.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })} />
            )}
            <Button aria-label={`Remove filter ${i + 1}`} variant="ghost" onClick={() => set({ filters: spec.filters.filter((_, j) => j !== i) })}>×</Button>
          </div>
        ))}
        <Button onClick={() => set({ filters: [...spec.filters, { column: cols[0] ?? "", op: "=", value: "" }] })}>Add filter</Button>
      </div>
      <fieldset className="flex flex-wrap gap-2">
        <legend className="text-xs font-medium text-muted-foreground">Group by</legend>
        {cols.map((c) => (
          <label key={c} className="flex items-center gap-1">
            <input type="checkbox" checked={spec.groupBy.includes(c)} onChange={(e) => set({ groupBy: e.target.checked ? [...spec.groupBy, c] : spec.groupBy.filter((g) => g !== c) })} />
            {c}
          </label>
        ))}
      </fieldset>
      <div className="flex items-end gap-2">
        <label className="flex flex-col gap-1">
          <Label>Order by</Label>
          <Select aria-label="Order by" value={spec.orderBy[0]?.column ?? ""} onChange={(e) => set({ orderBy: e.target.value ? [{ column: e.target.value, descending: spec.orderBy[0]?.descending ?? false }] : [] })}>
            <option value="">(none)</option>
            {[...cols, ...spec.select.filter((s) => s.aggregate).map((s) => (s.column === "*" ? s.aggregate : `${s.aggregate}_${s.column}`)),
              ...(spec.select.length === 0 && spec.groupBy.length ? ["count"] : [])].map((c) => <option key={c}>{c}</option>)}
          </Select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={spec.orderBy[0]?.descending ?? false} disabled={!spec.orderBy.length} onChange={(e) => set({ orderBy: spec.orderBy.map((o) => ({ ...o, descending: e.target.checked })) })} />
          descending
        </label>
        <label className="flex flex-col gap-1">
          <Label>Limit</Label>
          <Input aria-label="Limit" type="number" min={1} className="w-24" value={spec.limit ?? ""} onChange={(e) => set({ limit: e.target.value ? Number(e.target.value) : null })} />
        </label>
      </div>
      <pre className="overflow-auto rounded-md bg-muted p-2 font-mono text-xs" data-testid="builder-sql">{sql || problem}</pre>
      <Button variant="primary" disabled={!sql} onClick={() => onSql(sql)}>Write into the editor</Button>
    </div>
  );
}
