// Every rule: its bad fixture gives exactly these findings (rule@line:column), its good fixture none.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RULES } from "../../src/lint/rules/index.js";
import type { Finding } from "../../src/lint/model.js";
import { brief, lintFixtures } from "./helpers.js";

// Findings as `line:column`, with ` warning` / ` notice` appended when lower than the rule's own severity.
const EXPECTED: Record<string, { bad: Record<string, string[]>; good?: string[] }> = {
  oauth_client_expose_secret: { bad: { "bad.tf": ["4:3"], "bad.tf.json": ["4:78"] } },
  oauth_client_secret_reference: {
    bad: {
      "bad.tf": ["16:14", "22:22"],
      "bad-for-expression.tf": ["15:22", "22:61"],
      "bad-local-object.tf": ["16:16"],
      "bad-index.tf": ["11:11", "17:21"],
      "bad-each-value.tf": ["12:14", "19:14"],
      "bad.tf.json": ["10:21"],
    },
  },
  secret_argument_in_state: {
    bad: { "bad.tf": ["20:28", "26:14", "33:19 warning", "41:11"], "bad-dynamic.tf": ["11:15"], "bad-module": ["12:11"], "bad.tf.json": ["7:55"] },
    good: ["good.tf", "bad-module/child"],
  },
  secret_version_in_state: { bad: { "bad.tf": ["13:19", "18:32", "23:19"], "bad-stored.tf": ["8:61 notice"], "bad.tf.json": ["5:88"] } },
  external_query_secret: { bad: { "bad.tf": ["10:21", "17:5 warning", "26:49"], "bad.tf.json": ["9:33"] } },
  output_secret: {
    bad: {
      "bad.tf": ["7:11", "11:15"],
      "bad-whole-object.tf": ["8:15", "13:11", "17:20"],
      "bad-stored.tf": ["8:19 notice", "13:11 warning"],
      "bad.tf.json": ["4:31"],
      "bad-module": ["9:11 warning", "7:11"],
      "bad-module/main.tf": ["7:11 warning", "15:11 warning"],
    },
    good: ["good.tf", "good.tf.json"],
  },
  trigger_secret: { bad: { "bad.tf": ["7:11", "11:23", "16:13"], "bad.tf.json": ["4:44"] } },
  local_exec_secret_in_command: { bad: { "bad.tf": ["8:35", "18:28"], "bad-stored.tf": ["8:37"], "bad-self.tf": ["5:24"], "bad.tf.json": ["7:57"] } },
  local_exec_prints_response: { bad: { "bad.tf": ["5:7", "6:86", "7:7"] } },
  local_exec_xtrace: { bad: { "bad.tf": ["4:7", "15:28"] } },
  hardcoded_credential: {
    bad: {
      "bad.tf": ["3:24 warning", "9:17 warning", "10:16 warning", "16:15 warning", "20:15 warning"],
      "bad-resources.tf": ["5:14", "13:16", "22:20", "32:20", "38:17 warning", "42:17 warning"],
      "bad.tf.json": ["4:69"],
    },
  },
  high_entropy_literal: { bad: { "bad.tf": ["4:12", "9:29", "12:14"], "bad.tf.json": ["2:27"] } },
  genesys_provider_source: { bad: { "bad.tf": ["4:17"], "bad-hashicorp/main.tf": ["3:21"], "bad-once": ["4:16"] }, good: ["good.tf", "good-undeclared"] },
  genesys_token_url: { bad: { "bad.tf": ["2:43", "9:34"] } },
  password_grant: { bad: { "bad.tf": ["3:38", "8:24"] } },
  secret_variable_not_sensitive: { bad: { "bad.tf": ["1:1", "5:1"] } },
  secretsmanager_secret_no_kms: { bad: { "bad.tf": ["1:1"] } },
  secretsmanager_secret_no_rotation: { bad: { "bad.tf": ["1:1"] } },
  oauth_client_module_inputs: { bad: { "bad.tf": ["1:1", "1:1", "9:35", "10:35", "11:35", "12:3"] } },
  null_resource_prefer_terraform_data: { bad: { "bad.tf": ["1:1"] } },
  prefer_write_only: { bad: { "bad.tf": ["6:14", "12:11"], "bad.tf.json": ["4:55"] } },
};

function positions(findings: Finding[], severity: string): string[] {
  return findings.map((f) => `${f.range.start.line}:${f.range.start.column}${f.severity === severity ? "" : ` ${f.severity}`}`);
}

describe("rules", () => {
  it("every registered rule has fixtures and expectations", () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), RULES.map((r) => r.id).sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const expected = EXPECTED[rule.id]!;
      for (const [file, expectedFindings] of Object.entries(expected.bad)) {
        it(`reports ${file}`, async () => {
          const result = await lintFixtures([`${rule.id}/${file}`], [rule.id]);
          assert.deepEqual(result.errors, []);
          assert.deepEqual(
            brief(result.findings),
            expectedFindings.map((p) => `${rule.id}@${p.split(" ")[0]}`),
          );
          assert.deepEqual(positions(result.findings, rule.severity), expectedFindings);
        });
      }
      for (const good of expected.good ?? ["good.tf"]) {
        it(`accepts ${good}`, async () => {
          const result = await lintFixtures([`${rule.id}/${good}`], [rule.id]);
          assert.deepEqual(result.errors, []);
          assert.deepEqual(brief(result.findings), []);
        });
      }
      it("is documented", () => {
        assert.match(rule.id, /^[a-z][a-z0-9_]*$/);
        assert.ok(rule.description.length > 20 && rule.fix.length > 20);
        assert.ok(rule.docs.endsWith(`docs/rules.md#${rule.id}`));
      });
    });
  }
});

describe("oauth_client_expose_secret", () => {
  it("points to the migration guide in its help text", () => {
    const rule = RULES.find((r) => r.id === "oauth_client_expose_secret")!;
    assert.match(rule.fix, /\/docs\/MIGRATING\.md$/);
  });
});

describe("tutorial fixture", () => {
  it("reports every leak of the classic pattern on its line", async () => {
    const result = await lintFixtures(["tutorial"]);
    assert.deepEqual(brief(result.findings), [
      "genesys_provider_source@5:16",
      "secret_variable_not_sensitive@14:1",
      "oauth_client_expose_secret@22:3",
      "null_resource_prefer_terraform_data@25:1",
      "genesys_token_url@28:52",
      "password_grant@29:7",
      "local_exec_secret_in_command@29:71",
      "local_exec_prints_response@33:1",
      "secretsmanager_secret_no_kms@38:1",
      "secretsmanager_secret_no_rotation@38:1",
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

  it("states each rule's sources, sinks and severity, and shows its current bad.tf", async () => {
    const { readFile } = await import("node:fs/promises");
    const { ROOT, FIXTURES } = await import("./helpers.js");
    const text = await readFile(`${ROOT}/docs/rules.md`, "utf8");
    for (const rule of RULES) {
      const section = text.split(/^## /m).find((s) => s.startsWith(`${rule.id}\n`)) ?? "";
      for (const heading of ["Severity:", "**Sources.**", "**Sinks.**"]) assert.ok(section.includes(heading), `${rule.id}: ${heading}`);
      assert.ok(section.includes(`**${rule.severity}**`), `${rule.id}: its highest severity`);
      const bad = (await readFile(`${FIXTURES}/${rule.id}/bad.tf`, "utf8")).trimEnd();
      assert.ok(section.includes(bad), `${rule.id}: docs/rules.md shows an outdated bad.tf`);
    }
  });
});
