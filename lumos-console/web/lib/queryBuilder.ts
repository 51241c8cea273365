// The visual query builder's model and the SQL it writes into the editor. Names are always quoted identifiers and
// values always literals escaped here, so nothing typed into a field can change the statement's shape.

export type Aggregate = "" | "count" | "sum" | "avg" | "min" | "max";
export type FilterOp = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "IS NULL" | "IS NOT NULL";

export interface SelectItem { column: string; aggregate: Aggregate }
export interface Filter { column: string; op: FilterOp; value: string }
export interface OrderItem { column: string; descending: boolean }

export interface QuerySpec {
  table: string;
  select: SelectItem[]; // empty: every column (or count(*) when grouping)
  filters: Filter[];
  groupBy: string[];
  orderBy: OrderItem[];
  limit: number | null;
}

export const FILTER_OPS: FilterOp[] = ["=", "!=", "<", "<=", ">", ">=", "LIKE", "IS NULL", "IS NOT NULL"];

export function emptySpec(table: string): QuerySpec {
  return { table, select: [], filters: [], groupBy: [], orderBy: [], limit: 100 };
}

export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error("a name must not be empty");
  return `"${name.replace(/"/g, '""')}"`;
}

/** A literal: a number stays a number when it reads as one, anything else is a quoted string. */
export function literal(value: string): string {
  const v = value.trim();
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(v)) return v;
  if (/^(true|false|null)$/i.test(v)) return v.toUpperCase();
  return `'${value.replace(/'/g, "''")}'`;
}

function selectItem(s: SelectItem): string {
  if (!s.aggregate) return quoteIdent(s.column);
  const arg = s.column === "*" ? "*" : quoteIdent(s.column);
  const alias = s.column === "*" ? s.aggregate : `${s.aggregate}_${s.column}`;
  return `${s.aggregate}(${arg}) AS ${quoteIdent(alias)}`;
}

export function buildSql(spec: QuerySpec): string {
  if (!spec.table) throw new Error("choose a table");
  const parts: string[] = [];
  let select = spec.select.map(selectItem);
  if (select.length === 0) {
    select = spec.groupBy.length ? [...spec.groupBy.map(quoteIdent), `count(*) AS "count"`] : ["*"];
  } else if (spec.groupBy.length) {
    // every grouped column not already chosen is shown, so each row says which group it is
    const chosen = new Set(spec.select.filter((s) => !s.aggregate).map((s) => s.column));
    select = [...spec.groupBy.filter((g) => !chosen.has(g)).map(quoteIdent), ...select];
  }
  parts.push(`SELECT ${select.join(", ")}`);
  parts.push(`FROM ${quoteIdent(spec.table)}`);
  const where = spec.filters.filter((f) => f.column).map((f) => {
    const col = quoteIdent(f.column);
    if (f.op === "IS NULL" || f.op === "IS NOT NULL") return `${col} ${f.op}`;
    if (f.op === "LIKE") return `${col} LIKE '${f.value.replace(/'/g, "''")}'`;
    return `${col} ${f.op} ${literal(f.value)}`;
  });
  if (where.length) parts.push(`WHERE ${where.join(" AND ")}`);
  if (spec.groupBy.length) parts.push(`GROUP BY ${spec.groupBy.map(quoteIdent).join(", ")}`);
  if (spec.orderBy.length) {
    parts.push(`ORDER BY ${spec.orderBy.map((o) => quoteIdent(o.column) + (o.descending ? " DESC" : "")).join(", ")}`);
  }
  if (spec.limit !== null && spec.limit > 0) parts.push(`LIMIT ${Math.floor(spec.limit)}`);
  return parts.join("\n");
}
