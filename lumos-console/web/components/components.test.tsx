import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { DataGrid } from "./DataGrid";
import { QueryBuilder } from "./QueryBuilder";

afterEach(cleanup);

function bodyRows() {
  const table = screen.getByRole("table", { name: "Result" });
  return within(table).getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("cell").map((c) => c.textContent));
}

describe("DataGrid", () => {
  it("sorts numbers as numbers (64-bit strings too) and filters rows", () => {
    render(<DataGrid columns={["name", "n"]} rows={[["b", 10], ["a", "9007199254740993"], ["c", 9], ["d", null]]} />);
    fireEvent.click(screen.getByRole("button", { name: "n" }));
    expect(bodyRows().map((r) => r[1])).toEqual(["NULL", "9", "10", "9007199254740993"]);
    fireEvent.click(screen.getByRole("button", { name: "n ▲" }));
    expect(bodyRows().map((r) => r[0])).toEqual(["a", "b", "c", "d"]);
    fireEvent.change(screen.getByLabelText("Filter result rows"), { target: { value: "C" } });
    expect(bodyRows()).toEqual([["c", "9"]]);
    expect(screen.getByTestId("grid-count").textContent).toBe("1 of 4 rows");
  });
  it("shows a page of rows at a time", () => {
    const rows = Array.from({ length: 25 }, (_, i) => [i]);
    render(<DataGrid columns={["i", "j"]} rows={rows.map((r) => [r[0], 0])} pageSize={10} />);
    expect(bodyRows()).toHaveLength(10);
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(bodyRows().map((r) => r[0])).toEqual(["20", "21", "22", "23", "24"]);
    expect(screen.getByText("page 3 of 3")).toBeTruthy();
  });
});

describe("QueryBuilder", () => {
  it("writes the SQL of the choices made into the editor", () => {
    let written = "";
    render(<QueryBuilder schema={{ orders: ["id", "customer", "amount"], other: ["x"] }} onSql={(s) => (written = s)} />);
    fireEvent.click(screen.getByRole("button", { name: "Add column" }));
    fireEvent.change(screen.getByLabelText("Aggregate 1"), { target: { value: "sum" } });
    fireEvent.change(screen.getByLabelText("Column 1"), { target: { value: "amount" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "customer" }));
    fireEvent.click(screen.getByRole("button", { name: "Add filter" }));
    fireEvent.change(screen.getByLabelText("Filter column 1"), { target: { value: "amount" } });
    fireEvent.change(screen.getByLabelText("Filter operator 1"), { target: { value: ">=" } });
    fireEvent.change(screen.getByLabelText("Filter value 1"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("button", { name: "Write into the editor" }));
    expect(written).toBe('SELECT "customer", sum("amount") AS "sum_amount"\nFROM "orders"\nWHERE "amount" >= 5\nGROUP BY "customer"\nLIMIT 100');
  });
});
