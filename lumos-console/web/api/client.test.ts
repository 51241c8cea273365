import { describe, expect, it } from "vitest";
import { ApiError, problemOf } from "./client";

describe("problemOf", () => {
  it("keeps an RFC 9457 problem's status, title, detail and request id", async () => {
    const res = new Response(JSON.stringify({ title: "Forbidden", status: 403, detail: "a read key cannot run write statements", requestId: "r1" }),
      { status: 403, headers: { "Content-Type": "application/problem+json" } });
    const e = await problemOf(res);
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.title, e.detail, e.requestId]).toEqual([403, "Forbidden", "a read key cannot run write statements", "r1"]);
    expect(e.message).toBe("Forbidden: a read key cannot run write statements");
  });
  it("falls back to the status line when the body is no JSON", async () => {
    const e = await problemOf(new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway", headers: { "X-Request-Id": "r2" } }));
    expect([e.status, e.title, e.detail, e.requestId]).toEqual([502, "Bad Gateway", "", "r2"]);
  });
});
