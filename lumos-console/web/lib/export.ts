// CSV (RFC 4180) and JSON exports of a result, built in the browser from what the server answered.
import type { SqlValue } from "../api/client";

export function cellText(v: SqlValue | unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") {
    const blob = (v as { $blob?: unknown }).$blob;
    if (typeof blob === "string") return `base64:${blob}`;
    return JSON.stringify(v);
  }
  return String(v);
}

function csvField(s: string): string {
  // a leading = + - @ would make a spreadsheet run a formula: prefix a quote (OWASP CSV injection)
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: string[], rows: SqlValue[][]): string {
  const lines = [columns.map(csvField).join(",")];
  for (const r of rows) lines.push(r.map((v) => csvField(cellText(v))).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** An array of objects, one per row, keyed by column name (a repeated name gets a suffix: `id`, `id_2`). */
export function toJsonRows(columns: string[], rows: SqlValue[][]): Record<string, SqlValue>[] {
  const names = uniqueNames(columns);
  return rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? null])));
}

export function uniqueNames(columns: string[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return n === 1 ? c : `${c}_${n}`;
  });
}

export function saveFile(name: string, type: string, content: BlobPart) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
