import { describe, expect, it } from "vitest";
import { cellText, toCsv, toJsonRows, uniqueNames } from "./export";

describe("toCsv", () => {
  it("quotes fields with commas, quotes and line breaks, and ends lines with CRLF", () => {
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });
  it("defuses spreadsheet formulas but keeps negative numbers", () => {
    expect(toCsv(["f"], [["=SUM(A1)"], ["-12.5"], ["+1+1"], ["@cmd"]])).toBe("f\r\n'=SUM(A1)\r\n-12.5\r\n'+1+1\r\n'@cmd\r\n");
  });
  it("writes blobs as base64 and big integers as their digits", () => {
    expect(toCsv(["b", "n"], [[{ $blob: "AAEC" }, "9007199254740993"]])).toBe("b,n\r\nbase64:AAEC,9007199254740993\r\n");
  });
});

describe("toJsonRows", () => {
  it("keys rows by column, renaming repeated names", () => {
    expect(toJsonRows(["id", "id", "x"], [[1, 2, null]])).toEqual([{ id: 1, id_2: 2, x: null }]);
    expect(uniqueNames(["a", "a", "a"])).toEqual(["a", "a_2", "a_3"]);
  });
  it("cellText shows null as empty and objects as JSON", () => {
    expect(cellText(null)).toBe("");
    expect(cellText(true)).toBe("true");
  });
});
