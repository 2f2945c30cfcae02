// JSON.parse keeps the last of duplicate keys without a word; a query with a key twice is almost certainly a
// mistake (and "last wins" could hide one value behind another), so the protocol rejects it.

/** The first key that occurs twice in the same object of already-valid JSON text, or undefined. */
export function firstDuplicateKey(text: string): string | undefined {
  const stack: Array<Set<string> | undefined> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === "{") {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === "[") {
      stack.push(undefined);
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === ",") {
      expectKey = stack[stack.length - 1] !== undefined;
    }
  }
  return undefined;
}
