// A small JSON parser that keeps offsets, for `.tf.json` (Terraform's JSON syntax), which hcl2json does not read.

export type JsonNode =
  | { kind: "object"; start: number; end: number; entries: { key: string; keyStart: number; keyEnd: number; value: JsonNode }[] }
  | { kind: "array"; start: number; end: number; items: JsonNode[] }
  | { kind: "literal"; start: number; end: number; value: string | number | boolean | null };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseJsonWithOffsets(text: string): JsonNode {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(
      i >= text.length ? `unexpected end of JSON, expected ${what}` : `unexpected ${JSON.stringify(text[i])}, expected ${what}`,
      Math.min(i, text.length),
    );
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): { value: string; start: number; end: number } => {
    const start = i;
    if (text[i] !== '"') fail("a string");
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail('a closing "');
    i++;
    try {
      return { value: JSON.parse(text.slice(start, i)) as string, start, end: i };
    } catch {
      i = start;
      return fail("a valid string");
    }
  };
  const value = (): JsonNode => {
    ws();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: { key: string; keyStart: number; keyEnd: number; value: JsonNode }[] = [];
      ws();
      if (text[i] === "}") return (i++, { kind: "object", start, end: i, entries });
      for (;;) {
        ws();
        const key = str();
        ws();
        if (text[i] !== ":") fail('":"');
        i++;
        entries.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: value() });
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return (i++, { kind: "object", start, end: i, entries });
        else fail('"," or "}"');
      }
    }
    if (c === "[") {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === "]") return (i++, { kind: "array", start, end: i, items });
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return (i++, { kind: "array", start, end: i, items });
        else fail('"," or "]"');
      }
    }
    if (c === '"') {
      const s = str();
      return { kind: "literal", start, end: s.end, value: s.value };
    }
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!m) return fail("a value");
    i += m[0].length;
    return { kind: "literal", start, end: i, value: JSON.parse(m[0]) as string | number | boolean | null };
  };
  const root = value();
  ws();
  if (i < text.length) fail("end of input");
  return root;
}

export function toPlain(node: JsonNode): unknown {
  if (node.kind === "literal") return node.value;
  if (node.kind === "array") return node.items.map(toPlain);
  return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
}
