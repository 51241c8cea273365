// A pasted vector: a JSON array or numbers separated by commas or spaces, all finite, of the collection's size.
export function parseVector(text: string, dimensions: number): number[] {
  const t = text.trim().replace(/^\[/, "").replace(/\]$/, "");
  if (!t) throw new Error("paste a vector: numbers separated by commas");
  const parts = t.split(/[\s,]+/).filter(Boolean);
  const v = parts.map((p, i) => {
    const x = Number(p);
    if (!Number.isFinite(x)) throw new Error(`item ${i} ('${p}') is not a finite number`);
    return x;
  });
  if (v.length !== dimensions) throw new Error(`the collection has ${dimensions} dimensions; the vector has ${v.length}`);
  return v;
}
