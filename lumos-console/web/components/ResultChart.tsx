// A chart of a result with uPlot (about 50 KB): bar, line or scatter; x and the series chosen from the columns.
import { useEffect, useMemo, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { SqlValue } from "../api/client";
import { chartData, defaultChart, numericColumns, type ChartChoice, type ChartKind } from "../lib/chart";
import { Label, Select } from "./ui";
import { useTheme } from "./theme";

const COLORS = ["--chart-1", "--chart-2", "--chart-3", "--chart-4"];

function cssVar(name: string) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

export function ResultChart({ columns, rows }: { columns: string[]; rows: SqlValue[][] }) {
  const initial = useMemo(() => defaultChart(columns, rows), [columns, rows]);
  const [choice, setChoice] = useState<ChartChoice | null>(initial);
  useEffect(() => setChoice(initial), [initial]);
  const nums = useMemo(() => numericColumns(columns, rows), [columns, rows]);
  const host = useRef<HTMLDivElement>(null);
  const { theme } = useTheme();

  useEffect(() => {
    if (!choice || !host.current || choice.ys.length === 0) return;
    const data = chartData(rows, choice);
    const fg = cssVar("--foreground");
    const grid = cssVar("--border");
    const width = Math.max(320, host.current.clientWidth || 640);
    const labels = data.labels;
    const series: uPlot.Series[] = [
      { label: columns[choice.x], value: (_u, v) => (v == null ? "–" : labels ? labels[v] ?? "" : String(v)) },
      ...choice.ys.map((y, i) => {
        const color = cssVar(COLORS[i % COLORS.length]);
        const s: uPlot.Series = { label: columns[y], stroke: color, width: 2 };
        if (choice.kind === "bar") {
          s.fill = color;
          s.paths = uPlot.paths.bars!({ size: [0.8 / choice.ys.length, 64], align: 0 });
        } else if (choice.kind === "scatter") {
          s.paths = () => null;
          s.points = { show: true, size: 6, fill: color };
        }
        return s;
      }),
    ];
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const plot = new uPlot(
      {
        width,
        height: 300,
        scales: {
          x: { time: false, range: labels ? [-0.5, labels.length - 0.5] : undefined },
          // bars start at zero, or their lengths would lie
          y: choice.kind === "bar" ? { range: (_u, min, max) => [Math.min(0, min), Math.max(0, max) * 1.05] } : {},
        },
        series,
        axes: [
          labels ? { ...axis, splits: () => labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => labels[i] ?? "") } : axis,
          axis,
        ],
      },
      [data.xs, ...data.series] as uPlot.AlignedData,
      host.current,
    );
    return () => plot.destroy();
  }, [choice, rows, columns, theme]);

  if (!initial || !choice) {
    return <p className="text-sm text-muted-foreground">No chart: a result needs two columns, one of them numeric.</p>;
  }
  return (
    <div className="flex flex-col gap-2" data-testid="result-chart">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">
          <Label>Chart</Label>
          <Select aria-label="Chart kind" value={choice.kind} onChange={(e) => setChoice({ ...choice, kind: e.target.value as ChartKind })}>
            <option value="bar">bar</option>
            <option value="line">line</option>
            <option value="scatter">scatter</option>
          </Select>
        </label>
        <label className="flex flex-col gap-1">
          <Label>X axis</Label>
          <Select aria-label="X axis column" value={choice.x} onChange={(e) => {
            const x = Number(e.target.value);
            setChoice({ ...choice, x, ys: nums.filter((i) => i !== x) });
          }}>
            {columns.map((c, i) => <option key={i} value={i}>{c}</option>)}
          </Select>
        </label>
        <fieldset className="flex flex-wrap items-center gap-2">
          <legend className="text-xs font-medium text-muted-foreground">Series</legend>
          {nums.filter((i) => i !== choice.x).map((i) => (
            <label key={i} className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={choice.ys.includes(i)}
                onChange={(e) => setChoice({ ...choice, ys: e.target.checked ? [...choice.ys, i].sort((a, b) => a - b) : choice.ys.filter((y) => y !== i) })}
              />
              {columns[i]}
            </label>
          ))}
        </fieldset>
      </div>
      <div ref={host} role="img" aria-label={`${choice.kind} chart of ${choice.ys.map((y) => columns[y]).join(", ")} by ${columns[choice.x]}`} />
    </div>
  );
}
