// The bundle's V8 code cache (src/bundle-entry.ts): a file in the OS temp dir that a run writes and later runs
// read. It must never hold a secret, must not be trusted when someone else could have written it, and a broken
// one must cost nothing but time.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runProcess } from "../support/processes.js";
import { BUNDLE, CANARY, baseQuery, ensureOk, readStoredDocument, servicesForThisFile } from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "shim-code-cache-test-"));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const cacheDirIn = (tmp: string) => join(tmp, `genesys-oauth-shim-code-cache-${process.getuid!()}`);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function assertNotIn(file: string, secret: string): void {
  const bytes = readFileSync(file);
  for (const encoding of ["latin1", "utf16le", "base64"] as const) {
    assert.ok(
      !bytes.includes(Buffer.from(encoding === "base64" ? Buffer.from(secret).toString("base64") : secret, encoding === "base64" ? "latin1" : encoding)),
      `${file} holds the secret (${encoding})`,
    );
  }
}

describe("the bundle's code cache", () => {
  it("is written once to a private directory, holds no secret, and is reused", async () => {
    await withTempDir(async (tmp) => {
      const query = baseQuery({ secret_name: "code-cache/first" });
      const result = await ensureOk(services, query, { TMPDIR: tmp }); // creates the client: the secret passes through
      const secret = (await readStoredDocument(services, result.secret_arn!)).client_secret;
      assert.ok(secret.startsWith(CANARY), "the simulator's secrets carry the canary");

      const dir = cacheDirIn(tmp);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      const files = filesUnder(tmp);
      assert.equal(files.length, 1, `one cache file, got ${files.join(", ")}`);
      const [file] = files as [string];
      assert.match(file, /[0-9a-f]{64}-external-nodev[\d.]+-\w+\.v8cache$/);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      for (const each of filesUnder(tmp)) {
        assertNotIn(each, secret);
        assertNotIn(each, CANARY);
      }

      const before = statSync(file);
      await ensureOk(services, query, { TMPDIR: tmp });
      const afterRun = statSync(file);
      assert.equal(afterRun.ino, before.ino, "an accepted cache is not rewritten");
      assert.equal(afterRun.mtimeMs, before.mtimeMs);
    });
  });

  it("survives ten first runs at once (Terraform's parallelism): all succeed, one whole cache file, no leftovers", async () => {
    await withTempDir(async (tmp) => {
      const queries = Array.from({ length: 10 }, (_, i) => baseQuery({ name: `code-cache-${i}`, secret_name: `code-cache/parallel-${i}` }));
      await Promise.all(queries.map((query) => ensureOk(services, query, { TMPDIR: tmp })));
      const files = filesUnder(tmp);
      assert.equal(files.length, 1, `one cache file and no temporary ones, got ${files.join(", ")}`);
      const before = statSync(files[0]!);
      await ensureOk(services, queries[0]!, { TMPDIR: tmp });
      assert.equal(statSync(files[0]!).ino, before.ino, "the file the concurrent runs left is accepted by V8");
    });
  });

  it("keeps one cache per command: a cache another command wrote first never becomes the one `external` runs from", async () => {
    // A cache holds only the functions the run that wrote it compiled, and an accepted cache is never rewritten: had
    // `external` used the cache a `--version` or `lint` run left, it would compile its own code on every run.
    await withTempDir(async (tmp) => {
      const version = await runProcess("node", [BUNDLE, "--version"], { env: { PATH: process.env.PATH ?? "", TMPDIR: tmp } });
      assert.equal(version.code, 0);
      const [versionCache] = filesUnder(tmp) as [string];
      assert.match(versionCache, /-other-nodev/);
      const before = readFileSync(versionCache);
      await ensureOk(services, baseQuery({ secret_name: "code-cache/per-command" }), { TMPDIR: tmp });
      const files = filesUnder(tmp).sort();
      assert.equal(files.length, 2, `a cache for --version and one for external, got ${files.join(", ")}`);
      assert.ok(files.some((f) => /-external-nodev/.test(f)));
      assert.ok(readFileSync(versionCache).equals(before), "the other command's cache is left as it was");
    });
  });

  it("replaces a corrupt cache file, and the run does not notice", async () => {
    await withTempDir(async (tmp) => {
      const query = baseQuery({ secret_name: "code-cache/corrupt" });
      await ensureOk(services, query, { TMPDIR: tmp });
      const [file] = filesUnder(tmp) as [string];
      const garbage = Buffer.alloc(statSync(file).size, 0x5a);
      writeFileSync(file, garbage);
      const result = await ensureOk(services, query, { TMPDIR: tmp });
      assert.equal(result.secret_name, "code-cache/corrupt");
      assert.ok(!readFileSync(file).equals(garbage), "the rejected cache was rewritten");
    });
  });

  it("is neither read nor written in a directory that others can write, or when turned off", async () => {
    await withTempDir(async (tmp) => {
      const dir = cacheDirIn(tmp);
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      await ensureOk(services, baseQuery({ secret_name: "code-cache/untrusted" }), { TMPDIR: tmp });
      assert.deepEqual(readdirSync(dir), [], "nothing written to a world-writable directory");
    });
    await withTempDir(async (tmp) => {
      await ensureOk(services, baseQuery({ secret_name: "code-cache/off" }), { TMPDIR: tmp, GENESYS_OAUTH_SHIM_CODE_CACHE: "off" });
      assert.deepEqual(readdirSync(tmp), [], "GENESYS_OAUTH_SHIM_CODE_CACHE=off: no cache directory");
    });
  });
});
