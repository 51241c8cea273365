import { describe, expect, it } from "vitest";
import type { Memory } from "../api/client";
import { addToHistory, loadHistory, saveHistory } from "./history";
import { parseVector } from "./vectorInput";
import { byDay } from "./timeline";
import { pageOf, pagesFor } from "./routes";
import { bytes, ms } from "./format";

describe("history", () => {
  it("puts the newest first, moves a repeated statement to the top and keeps at most max", () => {
    let h = addToHistory([], { sql: "a", at: 1, ok: true });
    h = addToHistory(h, { sql: "b", at: 2, ok: true });
    h = addToHistory(h, { sql: "a", at: 3, ok: false }, 2);
    expect(h.map((e) => [e.sql, e.at])).toEqual([["a", 3], ["b", 2]]);
    h = addToHistory(h, { sql: "c", at: 4, ok: true }, 2);
    expect(h.map((e) => e.sql)).toEqual(["c", "a"]);
  });
  it("survives a corrupt stored value", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
    saveHistory([{ sql: "x", at: 1, ok: true }], storage);
    expect(loadHistory(storage)).toHaveLength(1);
    storage.setItem("lumos-console.history", "{not json");
    expect(loadHistory(storage)).toEqual([]);
  });
});

describe("parseVector", () => {
  it("reads JSON arrays and loose lists of the collection's size", () => {
    expect(parseVector("[1, 0.5, -2e-1]", 3)).toEqual([1, 0.5, -0.2]);
    expect(parseVector("1 2,3", 3)).toEqual([1, 2, 3]);
  });
  it("names what is wrong", () => {
    expect(() => parseVector("[1, 2]", 3)).toThrow("the collection has 3 dimensions; the vector has 2");
    expect(() => parseVector("[1, x, 3]", 3)).toThrow("item 1 ('x') is not a finite number");
    expect(() => parseVector("", 3)).toThrow("paste a vector");
  });
});

describe("timeline", () => {
  it("groups memories by day, newest first", () => {
    const m = (id: string, at: string) => ({ id, at } as Memory);
    const days = byDay([m("a", "2024-05-01T08:00:00Z"), m("b", "2024-05-02T09:00:00Z"), m("c", "2024-05-01T10:00:00Z")]);
    expect(days.map((d) => [d.day, d.memories.map((x) => x.id)])).toEqual([["2024-05-02", ["b"]], ["2024-05-01", ["c", "a"]]]);
  });
});

describe("pages", () => {
  it("shows admin to admins only, and SQL and tables to unbound keys only", () => {
    const titles = (c: Parameters<typeof pagesFor>[0]) => pagesFor(c).map((p) => p.title);
    expect(titles({ role: "admin", user: null, collections: null })).toEqual(["Dashboard", "Data", "SQL", "Vectors", "Memory", "Admin"]);
    expect(titles({ role: "read", user: null, collections: null })).toEqual(["Dashboard", "Data", "SQL", "Vectors", "Memory"]);
    expect(titles({ role: "write", user: "alice", collections: null })).toEqual(["Dashboard", "Vectors", "Memory"]);
  });
  it("routes unknown paths to the dashboard", () => {
    expect(pageOf("/sql")).toBe("/sql");
    expect(pageOf("/data/orders")).toBe("/data");
    expect(pageOf("/nowhere")).toBe("/dashboard");
  });
  it("formats sizes and times", () => {
    expect(bytes(512)).toBe("512 B");
    expect(bytes(1536)).toBe("1.5 KiB");
    expect(ms(0.25)).toBe("0.25 ms");
    expect(ms(2500)).toBe("2.50 s");
  });
});
