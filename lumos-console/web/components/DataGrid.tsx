// A result grid: sortable columns, a quick filter, pages of `pageSize` rows (a 100,000-row result never puts
// 100,000 rows in the DOM), and a row's detail on click or Enter.
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { useMemo, useState } from "react";
import type { SqlValue } from "../api/client";
import { cellText } from "../lib/export";
import { numeric } from "../lib/chart";
import { Button, Input } from "./ui";

export interface DataGridProps {
  columns: string[];
  rows: SqlValue[][];
  pageSize?: number;
  onRowOpen?: (row: SqlValue[]) => void;
  label?: string;
  filterable?: boolean;
}

function compare(a: SqlValue, b: SqlValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const x = numeric(a);
  const y = numeric(b);
  if (x !== null && y !== null) return x - y;
  return cellText(a).localeCompare(cellText(b));
}

export function DataGrid({ columns, rows, pageSize = 100, onRowOpen, label = "Result", filterable = true }: DataGridProps) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState("");
  const defs = useMemo<ColumnDef<SqlValue[]>[]>(
    () =>
      columns.map((name, i) => ({
        id: `${i}`,
        header: name,
        accessorFn: (r) => r[i],
        sortingFn: (a, b) => compare(a.original[i], b.original[i]),
        sortDescFirst: false,
        cell: (c) => {
          const v = c.getValue() as SqlValue;
          return v === null ? <span className="text-muted-foreground italic">NULL</span> : cellText(v);
        },
      })),
    [columns],
  );
  const table = useReactTable({
    data: rows,
    columns: defs,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    globalFilterFn: (row, _col, value: string) =>
      row.original.some((v) => cellText(v).toLowerCase().includes(String(value).toLowerCase())),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize } },
  });
  const page = table.getState().pagination.pageIndex;
  const pages = table.getPageCount();
  return (
    <div className="flex min-h-0 flex-col gap-2">
      {filterable && (
        <div className="flex items-center gap-2">
          <Input
            aria-label={`Filter ${label.toLowerCase()} rows`}
            placeholder="Filter rows…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="w-56"
          />
          <span className="text-xs text-muted-foreground" data-testid="grid-count">
            {table.getFilteredRowModel().rows.length} of {rows.length} rows
          </span>
        </div>
      )}
      <div className="overflow-auto rounded-md border border-border">
        <table className="w-full border-collapse text-sm" aria-label={label}>
          <thead className="sticky top-0 bg-muted">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const s = h.column.getIsSorted();
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      aria-sort={s === "asc" ? "ascending" : s === "desc" ? "descending" : "none"}
                      className="border-b border-border px-2 py-1 text-left font-semibold whitespace-nowrap"
                    >
                      <button type="button" className="hover:underline" onClick={h.column.getToggleSortingHandler()}>
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        {s === "asc" ? " ▲" : s === "desc" ? " ▼" : ""}
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((r) => (
              <tr
                key={r.id}
                tabIndex={onRowOpen ? 0 : undefined}
                onClick={onRowOpen ? () => onRowOpen(r.original) : undefined}
                onKeyDown={onRowOpen ? (e) => e.key === "Enter" && onRowOpen(r.original) : undefined}
                className={onRowOpen ? "cursor-pointer hover:bg-muted" : "hover:bg-muted"}
              >
                {r.getVisibleCells().map((c) => (
                  <td key={c.id} className="max-w-96 truncate border-b border-border px-2 py-1 font-mono text-xs">
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <div className="flex items-center gap-2 text-xs">
          <Button onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>Previous</Button>
          <span>page {page + 1} of {pages}</span>
          <Button onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>Next</Button>
        </div>
      )}
    </div>
  );
}
