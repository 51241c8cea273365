// The data browser's server-side sort and filter: conditions the user picks become the `where` filter of
// `GET /v1/tables/{name}/rows` (GraphQL's shape: {"column": {"op": value}}), joined by AND. The server checks the
// columns against the table and binds the values; here a value is typed by the column's declared type, so 10 on an
// INTEGER column compares as a number and "010" on a TEXT column as text.
import type { ColumnInfo } from "../api/client";

export type FilterOp = "eq" | "ne" | "lt" | "lte" | "gt" | "gte" | "like" | "isNull" | "notNull";
export interface Condition { column: string; op: FilterOp; value: string }

export const OPS: [FilterOp, string][] = [
  ["eq", "="], ["ne", "≠"], ["lt", "<"], ["lte", "≤"], ["gt", ">"], ["gte", "≥"], ["like", "like"], ["isNull", "is null"], ["notNull", "is not null"],
];

/** Whether a column declared `type` holds numbers (SQLite's affinity rules: INT, REAL, FLOA, DOUB, NUMERIC, DECIMAL). */
export function numericColumn(type: string): boolean {
  return /INT|REAL|FLOA|DOUB|NUM|DEC/i.test(type);
}

/** The value of a condition: a number for a numeric column when the text is one, else the text. */
export function typedValue(value: string, column: ColumnInfo | undefined): string | number {
  if (column && numericColumn(column.type) && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/** The `where` filter of `conditions` (null for none). */
export function whereOf(conditions: Condition[], columns: ColumnInfo[]): Record<string, unknown> | null {
  if (conditions.length === 0) return null;
  const parts = conditions.map((c) => {
    const column = columns.find((x) => x.name === c.column);
    if (c.op === "isNull") return { [c.column]: { isNull: true } };
    if (c.op === "notNull") return { [c.column]: { isNull: false } };
    return { [c.column]: { [c.op]: typedValue(c.value, column) } };
  });
  return parts.length === 1 ? parts[0] : { and: parts };
}
