// A small time series (uPlot) for the dashboard.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useTheme } from "./theme";

export function Sparkline({ times, values, label, unit }: { times: number[]; values: number[]; label: string; unit: string }) {
  const host = useRef<HTMLDivElement>(null);
  const { theme } = useTheme();
  useEffect(() => {
    if (!host.current || times.length < 2) return;
    const css = getComputedStyle(document.documentElement);
    const color = css.getPropertyValue("--chart-1").trim() || "#1d4ed8";
    const fg = css.getPropertyValue("--foreground").trim() || "#000";
    const grid = css.getPropertyValue("--border").trim() || "#ccc";
    const plot = new uPlot(
      {
        width: Math.max(240, host.current.clientWidth || 320),
        height: 120,
        legend: { show: false },
        series: [{}, { label, stroke: color, width: 2, fill: color + "33" }],
        axes: [
          { stroke: fg, grid: { show: false }, ticks: { stroke: grid } },
          { stroke: fg, grid: { stroke: grid, width: 1 }, size: 50, values: (_u, s) => s.map((v) => `${v}${unit}`) },
        ],
      },
      [times.map((t) => t / 1000), values],
      host.current,
    );
    return () => plot.destroy();
  }, [times, values, label, unit, theme]);
  return <div ref={host} role="img" aria-label={`${label} over the last ${times.length} samples`} className="min-h-[120px]" />;
}
