// A recall's score parts, as the server returns them (before weighting, each 0..1), in the order they matter most.
import type { ScoreParts } from "../api/client";

export const PART_LABELS: [keyof ScoreParts, string][] = [
  ["semantic", "meaning"],
  ["keyword", "keywords"],
  ["recency", "recency"],
  ["importance", "importance"],
  ["names", "names"],
  ["time", "time"],
  ["hop", "second hop"],
];

/** The parts worth showing (non-zero), as "label value" pairs with two decimals; empty without parts. */
export function shownParts(parts: ScoreParts | undefined): { key: keyof ScoreParts; label: string; value: string }[] {
  if (!parts) return [];
  return PART_LABELS.filter(([k]) => typeof parts[k] === "number" && parts[k] > 0).map(([k, label]) => ({ key: k, label, value: parts[k].toFixed(2) }));
}
