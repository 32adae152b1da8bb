/**
 * A line diff for showing what changed in a text field between two versions: jsdiff's Myers diff over the lines
 * (O((N+M)·D) time, linear memory), so long texts with few changes stay cheap and nothing falls back to
 * "replace everything".
 *
 * @example
 *   lineDiff("a\nb", "a\nc") // → [{ op: "same", text: "a" }, { op: "del", text: "b" }, { op: "add", text: "c" }]
 */
import { diffArrays } from "diff";

export interface DiffLine {
  op: "same" | "add" | "del";
  text: string;
}

export function lineDiff(before: string, after: string): DiffLine[] {
  return diffArrays(before.split("\n"), after.split("\n")).flatMap((change) => {
    const op = change.added ? "add" : change.removed ? "del" : "same";
    return change.value.map((text) => ({ op, text }) as DiffLine);
  });
}
