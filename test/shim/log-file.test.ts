// GENESYS_OAUTH_SHIM_LOG_FILE: the shim's stderr lines (debug included) also land in a file, because Terraform shows
// a successful program's stderr only under TF_LOG. The file is owner-only and, like stderr, never holds a secret.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { assertNoCanary, baseQuery, CANARY, ensure, servicesForThisFile } from "./helpers.js";

describe("GENESYS_OAUTH_SHIM_LOG_FILE", () => {
  const services = servicesForThisFile({ secretPrefix: CANARY });
  const dir = mkdtempSync(join(tmpdir(), "shim-log-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("appends the redacted debug lines of a create to the file, owner-only, and no secret", async () => {
    const file = join(dir, "shim.log");
    const run = await ensure(services, baseQuery({ secret_name: "log-file/create" }), { GENESYS_OAUTH_SHIM_LOG: "debug", GENESYS_OAUTH_SHIM_LOG_FILE: file });
    assert.equal(run.code, 0, run.stderr);
    const text = readFileSync(file, "utf8");
    assert.match(text, /^\d{4}-\d\d-\d\dT[\d:.]+Z \[\d+\] \[genesys-oauth-shim\] debug: POST \/api\/v2\/oauth\/clients → 200/m);
    assert.ok(!text.includes(CANARY), "no client secret in the log file");
    assertNoCanary(run);
    assert.equal(statSync(file).mode & 0o077, 0, "the log file is readable by its owner only");
  });

  it("records a failure's message too", async () => {
    const file = join(dir, "failure.log");
    const run = await ensure(services, baseQuery({ secret_name: "log-file/bad", access_token_validity_seconds: "5" }), { GENESYS_OAUTH_SHIM_LOG_FILE: file });
    assert.equal(run.code, 1);
    assert.match(readFileSync(file, "utf8"), /invalid input "access_token_validity_seconds"/);
  });

  it("a log file that cannot be written is reported once and does not fail the run", async () => {
    const run = await ensure(services, baseQuery({ secret_name: "log-file/unwritable" }), {
      GENESYS_OAUTH_SHIM_LOG: "debug",
      GENESYS_OAUTH_SHIM_LOG_FILE: join(dir, "missing", "dir", "x.log"),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr.match(/cannot write GENESYS_OAUTH_SHIM_LOG_FILE/g)?.length, 1);
  });
});
