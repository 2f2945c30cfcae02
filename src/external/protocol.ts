import { ShimError } from "../core/errors.js";
import { containsKnownSecret } from "../core/redact.js";
import { firstDuplicateKey } from "./duplicate-keys.js";

// Terraform's external protocol: one JSON object of strings on stdin; exactly one flat JSON object of strings on
// stdout, written once, at the end, and only on success.

export const MAX_INPUT_BYTES = 1024 * 1024;

export async function readStdin(stream: NodeJS.ReadableStream = process.stdin, limit = MAX_INPUT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) {
      throw new ShimError("INVALID_INPUT", `invalid input: stdin is larger than ${limit} bytes (1 MiB); the query must be one small JSON object of strings.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const typeName = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Parses stdin into a string map, as Terraform sends it. */
export function parseQueryObject(text: string): Record<string, string> {
  if (text.trim() === "") {
    throw new ShimError(
      "INVALID_INPUT",
      "invalid input: stdin is empty; expected one JSON object of strings (Terraform's external data source sends its query this way).",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "syntax error";
    throw new ShimError("INVALID_INPUT", `invalid input: stdin is not valid JSON (${detail}); expected one JSON object of strings.`);
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new ShimError("INVALID_INPUT", `invalid input "${duplicate}": the key appears more than once in the JSON object on stdin. Allowed: each key once.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ShimError("INVALID_INPUT", `invalid input: expected a JSON object of strings on stdin, got ${typeName(value)}.`);
  }
  const wrong = Object.entries(value).filter(([, v]) => typeof v !== "string");
  if (wrong.length) {
    const list = wrong.map(([k, v]) => `"${k}" is ${typeName(v)}`).join(", ");
    throw new ShimError(
      "INVALID_INPUT",
      `invalid input: every query value must be a string (${list}). Pass lists and maps with jsonencode(...), numbers and bools as strings.`,
    );
  }
  return value as Record<string, string>;
}

/** Writes the result; refuses anything but a flat string map, and anything containing a secret seen in this run. */
export function writeResult(result: Record<string, string>, stream: NodeJS.WritableStream = process.stdout): void {
  for (const [key, value] of Object.entries(result)) {
    if (typeof value !== "string") throw new Error(`result key ${key} is not a string`);
  }
  const text = JSON.stringify(result);
  if (containsKnownSecret(text)) throw new Error("refusing to write a result that contains a secret");
  stream.write(text + "\n");
}
