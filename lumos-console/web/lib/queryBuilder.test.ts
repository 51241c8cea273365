import { describe, expect, it } from "vitest";
import { buildSql, emptySpec, literal, quoteIdent } from "./queryBuilder";

describe("buildSql", () => {
  it("selects every column of a table with a limit by default", () => {
    expect(buildSql(emptySpec("orders"))).toBe('SELECT *\nFROM "orders"\nLIMIT 100');
  });
  it("writes aggregates, filters, grouping and order", () => {
    const sql = buildSql({
      table: "orders",
      select: [{ column: "amount", aggregate: "sum" }],
      filters: [{ column: "amount", op: ">", value: "2" }, { column: "customer", op: "IS NOT NULL", value: "" }],
      groupBy: ["customer"],
      orderBy: [{ column: "sum_amount", descending: true }],
      limit: 10,
    });
    expect(sql).toBe('SELECT "customer", sum("amount") AS "sum_amount"\nFROM "orders"\nWHERE "amount" > 2 AND "customer" IS NOT NULL\nGROUP BY "customer"\nORDER BY "sum_amount" DESC\nLIMIT 10');
  });
  it("counts rows per group when no column is chosen", () => {
    expect(buildSql({ ...emptySpec("t"), groupBy: ["k"], limit: null })).toBe('SELECT "k", count(*) AS "count"\nFROM "t"\nGROUP BY "k"');
  });
  it("keeps hostile names and values inside identifiers and literals", () => {
    const sql = buildSql({ ...emptySpec('we"ird'), filters: [{ column: 'c"; DROP TABLE t; --', op: "=", value: "x' OR '1'='1" }], limit: null });
    expect(sql).toBe('SELECT *\nFROM "we""ird"\nWHERE "c""; DROP TABLE t; --" = \'x\'\' OR \'\'1\'\'=\'\'1\'');
  });
  it("refuses a spec without a table", () => {
    expect(() => buildSql(emptySpec(""))).toThrow("choose a table");
  });
});

describe("literal and quoteIdent", () => {
  it("keeps numbers as numbers and quotes the rest", () => {
    expect(literal("42")).toBe("42");
    expect(literal("-1.5e3")).toBe("-1.5e3");
    expect(literal("007")).toBe("'007'"); // a leading zero is text: a zip code stays a zip code
    expect(literal("null")).toBe("NULL");
    expect(literal("it's")).toBe("'it''s'");
    expect(quoteIdent("a b")).toBe('"a b"');
    expect(() => quoteIdent("")).toThrow();
  });
});
