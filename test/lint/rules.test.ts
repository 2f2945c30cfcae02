// Every rule: its bad fixture gives exactly these findings (rule@line:column), its good fixture none.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RULES } from "../../src/lint/rules/index.js";
import { brief, lintFixtures } from "./helpers.js";

const EXPECTED: Record<string, { bad: Record<string, string[]>; good?: string[] }> = {
  oauth_client_expose_secret: { bad: { "bad.tf": ["4:3"] } },
  oauth_client_secret_reference: { bad: { "bad.tf": ["9:14", "16:14"] } },
  secret_version_in_state: { bad: { "bad.tf": ["13:19", "18:32", "23:19"] } },
  external_query_secret: { bad: { "bad.tf": ["10:21", "17:5"] } },
  output_secret: { bad: { "bad.tf": ["7:11", "11:15"] } },
  trigger_secret: { bad: { "bad.tf": ["7:11", "11:23", "16:13"] } },
  local_exec_secret_in_command: { bad: { "bad.tf": ["8:35", "18:28"] } },
  local_exec_prints_response: { bad: { "bad.tf": ["5:7", "6:86", "7:7"] } },
  local_exec_xtrace: { bad: { "bad.tf": ["4:7", "15:28"] } },
  hardcoded_credential: { bad: { "bad.tf": ["3:25", "9:17", "10:17", "16:16", "20:16"] } },
  high_entropy_literal: { bad: { "bad.tf": ["4:12", "9:29"] } },
  genesys_provider_source: { bad: { "bad.tf": ["4:18"], "bad-hashicorp/main.tf": ["3:22"], "bad-undeclared/main.tf": ["1:1"] } },
  genesys_token_url: { bad: { "bad.tf": ["2:43", "9:34"] } },
  password_grant: { bad: { "bad.tf": ["3:38", "8:24"] } },
  secret_variable_not_sensitive: { bad: { "bad.tf": ["1:1", "5:1"] } },
  secretsmanager_secret_no_kms: { bad: { "bad.tf": ["1:1"] } },
  secretsmanager_secret_no_rotation: { bad: { "bad.tf": ["1:1"] } },
  oauth_client_module_inputs: { bad: { "bad.tf": ["1:1", "9:35", "10:35", "11:35", "12:3"] } },
  null_resource_prefer_terraform_data: { bad: { "bad.tf": ["1:1"] } },
};

describe("rules", () => {
  it("every registered rule has fixtures and expectations", () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), RULES.map((r) => r.id).sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const expected = EXPECTED[rule.id]!;
      for (const [file, positions] of Object.entries(expected.bad)) {
        it(`reports ${file}`, async () => {
          const result = await lintFixtures([`${rule.id}/${file}`], [rule.id]);
          assert.deepEqual(result.errors, []);
          assert.deepEqual(brief(result.findings), positions.map((p) => `${rule.id}@${p}`));
          for (const f of result.findings) assert.equal(f.severity, rule.severity);
        });
      }
      it("accepts good.tf", async () => {
        const result = await lintFixtures([`${rule.id}/good.tf`], [rule.id]);
        assert.deepEqual(result.errors, []);
        assert.deepEqual(brief(result.findings), []);
      });
      it("is documented", () => {
        assert.match(rule.id, /^[a-z][a-z0-9_]*$/);
        assert.ok(rule.description.length > 20 && rule.fix.length > 20);
        assert.ok(rule.docs.endsWith(`docs/rules.md#${rule.id}`));
      });
    });
  }
});

describe("tutorial fixture", () => {
  it("reports every leak of the classic pattern on its line", async () => {
    const result = await lintFixtures(["tutorial"]);
    assert.deepEqual(brief(result.findings), [
      "genesys_provider_source@5:17",
      "secret_variable_not_sensitive@14:1",
      "oauth_client_expose_secret@22:3",
      "null_resource_prefer_terraform_data@25:1",
      "genesys_token_url@28:52",
      "password_grant@29:7",
      "local_exec_secret_in_command@29:71",
      "local_exec_prints_response@33:1",
      "secretsmanager_secret_no_kms@38:1",
      "secretsmanager_secret_no_rotation@38:1",
      "oauth_client_secret_reference@46:21",
      "secret_version_in_state@46:21",
    ]);
  });
});

describe("docs/rules.md", () => {
  it("has a section (anchor) for every rule", async () => {
    const { readFile } = await import("node:fs/promises");
    const { ROOT } = await import("./helpers.js");
    const text = await readFile(`${ROOT}/docs/rules.md`, "utf8");
    for (const rule of RULES) assert.match(text, new RegExp(`^## ${rule.id}$`, "m"), rule.id);
  });
});
