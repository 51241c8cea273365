import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiClient } from "../api/client";
import { SessionContext } from "../session";
import { ServerTrafficPanel } from "./ServerTraffic";

// the chart draws on a canvas jsdom does not have; the figures and the table are what is tested here
vi.mock("./Sparkline", () => ({ Sparkline: () => null }));

const originalFetch = globalThis.fetch;
afterEach(() => {
  cleanup();
  globalThis.fetch = originalFetch;
});

const scrape = (n: number) => `# TYPE http_server_requests_seconds histogram
http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/v1/sql",} ${n}
http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="200",uri="/v1/sql",} ${n * 0.01}
lumos_pool_connections{database="db",pool="sqlite",state="active",} 3.0
lumos_pool_connections{database="db",pool="sqlite",state="idle",} 1.0
lumos_pool_max_connections{database="db",pool="sqlite",} 4.0
lumos_pool_pending_threads{database="db",pool="sqlite",} 2.0
lumos_pool_connections{database="db",pool="duckdb",state="active",} 0.0
lumos_pool_connections{database="db",pool="duckdb",state="idle",} 2.0
lumos_pool_max_connections{database="db",pool="duckdb",} 2.0
`;

function renderAs(role: "read" | "admin", fetched: string[]) {
  const client = new ApiClient("k");
  let calls = 0;
  globalThis.fetch = (async (url: string) => {
    fetched.push(url);
    calls++;
    return new Response(scrape(calls * 10), { status: 200, headers: { "Content-Type": "text/plain" } });
  }) as typeof fetch;
  const queries = new QueryClient();
  render(
    <QueryClientProvider client={queries}>
      <SessionContext.Provider value={{ client, caller: { role, user: null, collections: null }, role, signOut: () => {} }}>
        <ServerTrafficPanel />
      </SessionContext.Provider>
    </QueryClientProvider>,
  );
  return queries;
}

describe("ServerTrafficPanel", () => {
  it("tells a read key why it shows no server traffic, and never asks /metrics", async () => {
    const fetched: string[] = [];
    const q = renderAs("read", fetched);
    expect(screen.getByTestId("metrics-refused").textContent).toContain("metrics and admin roles only");
    await new Promise((r) => setTimeout(r, 50));
    expect(fetched).toEqual([]);
    q.clear();
  });

  it("shows an admin key the requests per second of two scrapes", async () => {
    const fetched: string[] = [];
    const q = renderAs("admin", fetched);
    await waitFor(() => expect(screen.getByTestId("server-throughput").textContent).not.toBe("…"), { timeout: 10_000 });
    expect(fetched.every((u) => u === "/metrics")).toBe(true);
    expect(screen.getByTestId("server-routes").textContent).toContain("POST /v1/sql");
    const rows = [...screen.getByTestId("pool-use").querySelectorAll("tbody tr")].map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
    expect(rows).toEqual([
      ["DuckDB readers", "0", "2", "2", "0.0 %", "0"],
      ["SQLite readers", "3", "1", "4", "75.0 %", "2"],
    ]);
    q.clear();
  }, 15_000);
});
