import { describe, expect, it } from "vitest";
import type { ColumnInfo } from "../api/client";
import { ApiClient } from "../api/client";
import { whereOf } from "./rowQuery";

const col = (name: string, type: string): ColumnInfo => ({ name, type, notNull: false, primaryKey: false, default: null });
const columns = [col("amount", "INTEGER"), col("code", "TEXT"), col("price", "REAL")];

describe("the data browser's where", () => {
  it("types values by the column and joins conditions with and", () => {
    expect(whereOf([], columns)).toBeNull();
    expect(whereOf([{ column: "amount", op: "gt", value: "10" }], columns)).toEqual({ amount: { gt: 10 } });
    expect(whereOf([{ column: "code", op: "eq", value: "010" }, { column: "price", op: "isNull", value: "" }], columns))
      .toEqual({ and: [{ code: { eq: "010" } }, { price: { isNull: true } }] });
    expect(whereOf([{ column: "amount", op: "eq", value: "ten" }], columns)).toEqual({ amount: { eq: "ten" } }); // the server says why
  });

  it("sends orderBy and where as query parameters, never as SQL", async () => {
    const seen: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: string) => {
      seen.push(url);
      return new Response(JSON.stringify({ columns: [], rows: [], nextCursor: null }), { status: 200 });
    }) as typeof fetch;
    try {
      await new ApiClient("k").rows("t'; DROP", 25, "CUR", { orderBy: [{ column: "a:b", descending: true }], where: { code: { eq: "x&y" } } });
    } finally {
      globalThis.fetch = original;
    }
    const u = new URL(seen[0], "http://h");
    expect(u.pathname).toBe("/v1/tables/t'%3B%20DROP/rows");
    expect(u.searchParams.getAll("orderBy")).toEqual(["a:b:desc"]);
    expect(JSON.parse(u.searchParams.get("where")!)).toEqual({ code: { eq: "x&y" } });
    expect(u.searchParams.get("cursor")).toBe("CUR");
  });
});
