import { describe, expect, it } from "vitest";
import { mayReadMetrics, parsePrometheus, quantileMs, trafficBetween } from "./metrics";
import { shownParts } from "./scoreParts";

const scrape = (okCount: number, errCount: number, sum: number, buckets: [string, number][]) => `
# HELP http_server_requests_seconds HTTP requests by route template and status
# TYPE http_server_requests_seconds histogram
http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/v1/sql",} ${okCount}
http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="200",uri="/v1/sql",} ${sum}
${buckets.map(([le, n]) => `http_server_requests_seconds_bucket{method="POST",outcome="SUCCESS",status="200",uri="/v1/sql",le="${le}",} ${n}`).join("\n")}
http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR",status="500",uri="/v1/status",} ${errCount}
http_server_requests_seconds_sum{method="GET",outcome="SERVER_ERROR",status="500",uri="/v1/status",} 0.5
lumos_label_test{path="a \\"quoted\\" \\\\ value"} NaN
jvm_threads_live_threads 42.0
`;

describe("Prometheus text", () => {
  it("parses names, labels with escapes, and special values", () => {
    const s = parsePrometheus(scrape(1, 0, 0.1, [["0.1", 1], ["+Inf", 1]]));
    expect(s.find((x) => x.name === "jvm_threads_live_threads")?.value).toBe(42);
    const quoted = s.find((x) => x.name === "lumos_label_test");
    expect(quoted?.labels.path).toBe('a "quoted" \\ value');
    expect(Number.isNaN(quoted?.value)).toBe(true);
    expect(s.find((x) => x.labels.le === "+Inf")?.labels.uri).toBe("/v1/sql");
  });

  it("refuses malformed lines by line number", () => {
    expect(() => parsePrometheus('ok 1\nbad{a="x} 1')).toThrow(/line 2/);
    expect(() => parsePrometheus("novalue")).toThrow(/line 1/);
  });

  it("turns two scrapes into throughput, error rates and latency by route", () => {
    const a = { at: 0, samples: parsePrometheus(scrape(10, 0, 1.0, [["0.005", 5], ["0.05", 9], ["+Inf", 10]])) };
    const b = { at: 2_000, samples: parsePrometheus(scrape(30, 2, 3.0, [["0.005", 15], ["0.05", 28], ["+Inf", 30]])) };
    const t = trafficBetween(a, b)!;
    expect(t.requests).toBe(22);
    expect(t.perSecond).toBe(11);
    expect(t.serverErrorRate).toBeCloseTo(2 / 22);
    const sql = t.routes.find((r) => r.route === "POST /v1/sql")!;
    expect(sql.requests).toBe(20);
    expect(sql.meanMs).toBeCloseTo(100); // 2 s over 20 requests
    expect(sql.p95Ms).toBe(50); // the 19th of 20 requests falls in the 50 ms bucket
    expect(t.routes[0].route).toBe("POST /v1/sql"); // busiest first
  });

  it("starts again when counters go back (a restarted server)", () => {
    const a = { at: 0, samples: parsePrometheus(scrape(10, 0, 1, [])) };
    const b = { at: 1_000, samples: parsePrometheus(scrape(3, 0, 0.3, [])) };
    expect(trafficBetween(a, b)).toBeNull();
    expect(trafficBetween(a, { ...a, at: 0 })).toBeNull();
  });

  it("finds a quantile's bucket", () => {
    expect(quantileMs(new Map([[0.01, 50], [0.1, 99], [Infinity, 100]]), 100, 0.95)).toBe(100);
    expect(quantileMs(new Map(), 0, 0.95)).toBeNull();
  });

  it("knows which roles may read /metrics", () => {
    expect(mayReadMetrics("admin")).toBe(true);
    expect(mayReadMetrics("metrics")).toBe(true);
    expect(mayReadMetrics("read")).toBe(false);
    expect(mayReadMetrics("write")).toBe(false);
  });
});

describe("recall score parts", () => {
  it("shows the non-zero parts in order with two decimals", () => {
    const parts = { semantic: 0.8123, keyword: 0, recency: 0.5, importance: 0.9, names: 0, time: 1, hop: 0 };
    expect(shownParts(parts).map((p) => `${p.label} ${p.value}`)).toEqual(["meaning 0.81", "recency 0.50", "importance 0.90", "time 1.00"]);
    expect(shownParts(undefined)).toEqual([]);
  });
});
