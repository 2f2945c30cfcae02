// `make demo` (scripts/demo.ts) runs to the end on this machine: the plan writes nothing, the apply says what it did,
// no file or output holds a client secret, the stored secret works, and destroy leaves nothing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runProcess } from "../support/processes.js";
import { repoRoot } from "../support/toolchain.js";

describe("make demo", { timeout: 300_000 }, () => {
  it("runs terraform/examples/local end to end and says so", async () => {
    const run = await runProcess(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { cwd: repoRoot, env: process.env, timeoutMs: 240_000 });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /writes during the plan: Genesys 0, Secrets Manager 0/);
    assert.match(run.stdout, /OAuth client "local-example-backend" \([0-9a-f-]{36}\), secret local-example\/genesys\/backend version [\w-]+: created/);
    assert.match(run.stdout, /0 occurrences of the 2 stored client secrets/);
    assert.match(run.stdout, /POST \/oauth\/token as the backend client: HTTP 200/);
    assert.match(run.stdout, /backend client: gone \(404\); backend secret: scheduled for deletion/);
  });
});
