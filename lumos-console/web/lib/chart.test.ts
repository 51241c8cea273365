import { describe, expect, it } from "vitest";
import { chartData, defaultChart, numericColumns } from "./chart";

describe("chart choice", () => {
  it("puts a text first column on x as bars, numeric columns as series", () => {
    const rows = [["acme", 9.5, "x"], ["zeta", "9007199254740993", null]];
    expect(numericColumns(["c", "n", "s"], rows)).toEqual([1]);
    expect(defaultChart(["c", "n", "s"], rows)).toEqual({ x: 0, ys: [1], kind: "bar" });
  });
  it("draws numbers against numbers as a line, sorted by x", () => {
    const rows = [[3, 30], [1, 10], [2, null]];
    const choice = defaultChart(["x", "y"], rows)!;
    expect(choice.kind).toBe("line");
    expect(chartData(rows, choice)).toEqual({ labels: null, xs: [1, 2, 3], series: [[10, null, 30]] });
  });
  it("has no chart without a numeric series or without rows", () => {
    expect(defaultChart(["a", "b"], [["x", "y"]])).toBeNull();
    expect(defaultChart(["a", "b"], [])).toBeNull();
    expect(defaultChart(["a"], [[1]])).toBeNull();
  });
  it("labels categories by position", () => {
    expect(chartData([["b", 2], [null, 1]], { x: 0, ys: [1], kind: "bar" })).toEqual({ labels: ["b", "NULL"], xs: [0, 1], series: [[2, 1]] });
  });
});
