// Which chart a result can make: the x axis is a column, the series are its numeric columns.
import type { SqlValue } from "../api/client";

export type ChartKind = "bar" | "line" | "scatter";

export function numeric(v: SqlValue): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v.trim())) return Number(v); // an int64 as text
  if (typeof v === "boolean") return v ? 1 : 0;
  return null;
}

/** Columns whose non-null values are all numbers (and at least one is). */
export function numericColumns(columns: string[], rows: SqlValue[][]): number[] {
  return columns
    .map((_, i) => i)
    .filter((i) => {
      let seen = false;
      for (const r of rows) {
        if (r[i] === null) continue;
        if (numeric(r[i]) === null) return false;
        seen = true;
      }
      return seen;
    });
}

export interface ChartChoice { x: number; ys: number[]; kind: ChartKind }

/** The default: first column on x, every other numeric column a series; bars for categories, lines for numbers. */
export function defaultChart(columns: string[], rows: SqlValue[][]): ChartChoice | null {
  const nums = numericColumns(columns, rows);
  if (columns.length < 2 || rows.length === 0) return null;
  const x = 0;
  const ys = nums.filter((i) => i !== x);
  if (ys.length === 0) return null;
  return { x, ys, kind: nums.includes(x) ? "line" : "bar" };
}

export interface ChartData { labels: string[] | null; xs: number[]; series: (number | null)[][] }

/** The arrays uPlot draws: x values (row positions for categories, with the labels kept), one array per series. */
export function chartData(rows: SqlValue[][], choice: ChartChoice): ChartData {
  const categorical = choice.kind === "bar" || rows.some((r) => numeric(r[choice.x]) === null);
  let ordered = rows;
  if (!categorical) {
    ordered = rows.slice().sort((a, b) => (numeric(a[choice.x]) ?? 0) - (numeric(b[choice.x]) ?? 0));
  }
  return {
    labels: categorical ? ordered.map((r) => (r[choice.x] === null ? "NULL" : String(r[choice.x]))) : null,
    xs: ordered.map((r, i) => (categorical ? i : (numeric(r[choice.x]) as number))),
    series: choice.ys.map((y) => ordered.map((r) => numeric(r[y]))),
  };
}
