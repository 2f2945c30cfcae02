// The generated permission files (the module's permissions.json, the README tables) match src/core/permissions.ts.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, it } from "node:test";
import { permissionsDocument } from "../../src/core/permissions.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("generated permissions", () => {
  it("permissions.json and the README tables are up to date (node scripts/gen-permissions.mjs)", async () => {
    await promisify(execFile)(process.execPath, ["scripts/gen-permissions.mjs", "--check"], { cwd: root });
    const json = JSON.parse(readFileSync(`${root}terraform/modules/oauth-clients/permissions.json`, "utf8"));
    assert.deepEqual(json, permissionsDocument());
  });

  it("the module reads permissions.json, not a second list", () => {
    const iam = readFileSync(`${root}terraform/modules/oauth-clients/iam.tf`, "utf8");
    assert.match(iam, /jsondecode\(file\("\$\{path\.module\}\/permissions\.json"\)\)/);
    for (const action of Object.values(permissionsDocument()).flat()) assert.ok(!iam.includes(`"${action}"`), `${action} is spelled out in HCL`);
  });
});
