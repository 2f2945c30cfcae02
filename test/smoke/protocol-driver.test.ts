// The external-protocol driver must be as strict as Terraform's external provider.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { minimalEnv } from "../support/env.js";
import { runExternal, runRaw, UnexpectedExternalProgramResults } from "../support/protocol-driver.js";

const dir = mkdtempSync(join(tmpdir(), "driver-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function program(name: string, source: string): string[] {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, source);
  return ["node", file];
}

const readQuery = `const q = JSON.parse(require("node:fs").readFileSync(0, "utf8"));`.replace('require("node:fs")', '(await import("node:fs"))');
const env = minimalEnv();

test("driver: a flat string map passes and the query arrives as JSON on stdin", async () => {
  const argv = program("flat", `${readQuery}\nprocess.stdout.write(JSON.stringify({ got: q.name, n: String(Object.keys(q).length) }) + "\\n");`);
  const run = await runExternal(argv, { name: "demo", other: "x" }, { env });
  assert.equal(run.code, 0);
  assert.deepEqual(run.result, { got: "demo", n: "2" });
});

for (const [name, stdout] of [
  ["nested object", `{"a":{"b":"c"}}`],
  ["number value", `{"a":1}`],
  ["bool value", `{"a":true}`],
  ["null value", `{"a":null}`],
  ["array", `["a"]`],
  ["null", `null`],
  ["empty output", ``],
  ["log line before the JSON", `starting\n{"a":"b"}`],
  ["two objects", `{"a":"b"}{"c":"d"}`],
] as const) {
  test(`driver: exit 0 with ${name} on stdout is rejected`, async () => {
    const argv = program(`bad-${name.replace(/\W+/g, "-")}`, `process.stdout.write(${JSON.stringify(stdout)});`);
    await assert.rejects(runExternal(argv, {}, { env }), UnexpectedExternalProgramResults);
  });
}

test("driver: a non-zero exit is returned with stderr, stdout is not judged", async () => {
  const argv = program("fails", `process.stdout.write("not json"); process.stderr.write("what went wrong"); process.exit(3);`);
  const run = await runExternal(argv, { a: "b" }, { env });
  assert.equal(run.code, 3);
  assert.equal(run.result, undefined);
  assert.equal(run.stderr, "what went wrong");
});

test("driver: runRaw passes any stdin through; env is explicit", async () => {
  const argv = program(
    "raw",
    `const t = (await import("node:fs")).readFileSync(0, "utf8"); process.stdout.write(JSON.stringify({ t, home: String(process.env.HOME), x: String(process.env.X) }));`,
  );
  const run = await runRaw(argv, "{not json", { env: minimalEnv({ X: "1" }) });
  assert.equal(run.code, 0);
  assert.deepEqual(JSON.parse(run.stdout), { t: "{not json", home: "undefined", x: "1" });
});

test("driver: a program that outlives timeoutMs is killed and reported", async () => {
  const argv = program("slow", `setTimeout(() => {}, 60000);`);
  await assert.rejects(runExternal(argv, {}, { env, timeoutMs: 300 }), /timed out after 300 ms/);
});

test("driver: non-string query values are refused (Terraform only sends strings)", async () => {
  await assert.rejects(runExternal(["node", "-e", ""], { a: 1 as unknown as string }, { env }), TypeError);
});
