// SARIF locations: percent-encoded uris, a uriBaseId for every location (also outside the working directory),
// regions that start at the literal's first character.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv } from "ajv";
import { formatSarif } from "../../src/lint/report/sarif.js";
import { RULES } from "../../src/lint/rules/index.js";
import { lint } from "../../src/lint/runner.js";
import { sarifSchema } from "./sarif-schema.js";

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } };
}

describe("SARIF locations", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "lint-sarif-"));
    await mkdir(path.join(dir, "repo/infra #1"), { recursive: true });
    await mkdir(path.join(dir, "outside"), { recursive: true });
    await writeFile(path.join(dir, "repo/infra #1/user#2.tf"), 'resource "genesyscloud_user" "u" {\n  name     = "u"\n  password = "b@Zinga1972"\n}\n');
    await writeFile(path.join(dir, "outside/a#b.tf"), 'resource "genesyscloud_user" "v" {\n  password = "Sup3r-secret"\n}\n');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  async function sarifFor(paths: string[]) {
    const cwd = path.join(dir, "repo");
    const rules = RULES.filter((r) => r.id === "hardcoded_credential");
    const result = await lint({ paths, cwd, rules, minSeverity: "notice" });
    const sarif = JSON.parse(formatSarif(result, rules, "test", cwd));
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(sarifSchema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors));
    return sarif.runs[0];
  }

  it("percent-encodes # and spaces in repo-relative uris under %SRCROOT%", async () => {
    const run = await sarifFor(["."]);
    const location = (run.results[0].locations as SarifLocation[])[0]!.physicalLocation;
    assert.deepEqual(location.artifactLocation, { uri: "infra%20%231/user%232.tf", uriBaseId: "%SRCROOT%" });
    const resolved = new URL(location.artifactLocation.uri, run.originalUriBaseIds["%SRCROOT%"].uri);
    assert.equal(decodeURIComponent(resolved.pathname), path.join(dir, "repo/infra #1/user#2.tf"));
  });

  it("gives files outside the working directory a uriBaseId that resolves to them", async () => {
    const run = await sarifFor([path.join(dir, "outside")]);
    const { artifactLocation } = (run.results[0].locations as SarifLocation[])[0]!.physicalLocation;
    assert.equal(artifactLocation.uriBaseId, "FILESYSTEM_ROOT");
    assert.ok(!artifactLocation.uri.startsWith("file:") && !artifactLocation.uri.includes("#"), artifactLocation.uri);
    const resolved = new URL(artifactLocation.uri, run.originalUriBaseIds.FILESYSTEM_ROOT.uri);
    assert.equal(decodeURIComponent(resolved.pathname), path.join(dir, "outside/a#b.tf"));
  });

  it("starts the region at the literal's opening quote", async () => {
    const run = await sarifFor(["."]);
    const { region } = (run.results[0].locations as SarifLocation[])[0]!.physicalLocation;
    assert.deepEqual([region.startLine, region.startColumn], [3, 14]);
  });
});
