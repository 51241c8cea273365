import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiClient, type SlowQueries } from "../api/client";
import { SessionContext } from "../session";
import { SlowQueriesPanel } from "./SlowQueries";

const originalFetch = globalThis.fetch;
afterEach(() => {
  cleanup();
  globalThis.fetch = originalFetch;
});

function renderAs(role: "read" | "metrics", answers: SlowQueries[], fetched: string[]) {
  const client = new ApiClient("k");
  let calls = 0;
  globalThis.fetch = (async (url: string) => {
    fetched.push(url);
    const body = answers[Math.min(calls++, answers.length - 1)];
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }) as typeof fetch;
  const queries = new QueryClient();
  render(
    <QueryClientProvider client={queries}>
      <SessionContext.Provider value={{ client, caller: { role, user: null, collections: null }, role, signOut: () => {} }}>
        <SlowQueriesPanel />
      </SessionContext.Provider>
    </QueryClientProvider>,
  );
  return queries;
}

const query = (sql: string, elapsedMs: number) => ({ at: "2026-12-04T15:00:00Z", kind: "query" as const, route: "OLAP", reason: "analytics", elapsedMs, rows: 3, sql });

describe("SlowQueriesPanel", () => {
  it("shows nothing to a read key and never asks the server", async () => {
    const fetched: string[] = [];
    const q = renderAs("read", [], fetched);
    await new Promise((r) => setTimeout(r, 50));
    expect(fetched).toEqual([]);
    expect(screen.queryByTestId("slow-queries")).toBeNull();
    q.clear();
  });

  it("lists the server's slow statements newest first and picks up new ones on the next poll", async () => {
    const fetched: string[] = [];
    const first = { thresholdMs: 500, capacity: 100, queries: [] };
    const second = { thresholdMs: 500, capacity: 100, queries: [query("SELECT customer, sum(amount) FROM orders WHERE ts > ? GROUP BY customer", 1250),
      { ...query("UPDATE t SET v = ? WHERE id = ?", 700), kind: "write" as const, route: "OLTP", reason: "statement", rows: -1 }] };
    const q = renderAs("metrics", [first, second], fetched);
    await waitFor(() => expect(screen.getByTestId("slow-queries-none").textContent).toContain("No statement"), { timeout: 10_000 });
    expect(screen.getByText(/over 500 ms/)).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("slow-queries")).toBeTruthy(), { timeout: 10_000 });
    const rows = [...screen.getByTestId("slow-queries").querySelectorAll("tbody tr")].map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
    expect(rows.map((r) => r.slice(1))).toEqual([
      ["1.25 s", "OLAP analytics", "3", "SELECT customer, sum(amount) FROM orders WHERE ts > ? GROUP BY customer"],
      ["700 ms", "OLTP write · statement", "–", "UPDATE t SET v = ? WHERE id = ?"],
    ]);
    expect(fetched.every((u) => u === "/v1/admin/slow-queries")).toBe(true);
    q.clear();
  }, 15_000);
});
