// Shared by the local-exec rules: find the provisioners and look at their command text.
import type { Block } from "./model.js";
import { allBlocks } from "./rule.js";

export function localExecs(blocks: Block[]): Block[] {
  return allBlocks(blocks).filter((b) => b.type === "provisioner" && b.labels[0] === "local-exec");
}

/** Lines of a shell command with backslash continuations joined, each with its offset in the source. */
export function commandLines(source: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let offset = 0;
  let current: { text: string; offset: number } | undefined;
  for (const raw of source.split("\n")) {
    const line = raw;
    if (current) current.text += " " + line;
    else current = { text: line, offset };
    offset += raw.length + 1;
    if (!/\\\s*$/.test(raw)) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}
