// The JSON Schema in src/lint must list exactly the variables of terraform/modules/oauth-client.
import assert from "node:assert/strict";
import path from "node:path";
import { it } from "node:test";
import { loadFile } from "../../src/lint/load.js";
import type { SourceFile } from "../../src/lint/model.js";
import { MANY_MODULE_ARGUMENTS } from "../../src/lint/module-query.js";
import { oauthClientModuleSchema } from "../../src/lint/oauth-client-schema.js";
import { ROOT } from "./helpers.js";

const variablesTf = path.join(ROOT, "terraform/modules/oauth-client/variables.tf");

it("schema properties and required list match the module's variables.tf", async () => {
  const file = (await loadFile(variablesTf, "variables.tf")) as SourceFile;
  assert.ok("blocks" in file);
  const variables = file.blocks.filter((b) => b.type === "variable");
  assert.deepEqual(Object.keys(oauthClientModuleSchema.properties).sort(), variables.map((v) => v.labels[0]).sort());
  const required = variables.filter((v) => !v.attributes.some((a) => a.name === "default")).map((v) => v.labels[0]);
  assert.deepEqual([...oauthClientModuleSchema.required].sort(), required.sort());
});

// The oauth-clients arguments lint accepts come from the external-many query schema (src/external) plus the
// module's own; the module's variables.tf must declare exactly those.
const manyVariablesTf = path.join(ROOT, "terraform/modules/oauth-clients/variables.tf");

it("oauth-clients: the arguments lint accepts are the module's variables", async () => {
  const file = (await loadFile(manyVariablesTf, "variables.tf")) as SourceFile;
  assert.ok("blocks" in file);
  assert.deepEqual(
    [...MANY_MODULE_ARGUMENTS].sort(),
    file.blocks
      .filter((b) => b.type === "variable")
      .map((v) => v.labels[0])
      .sort(),
  );
});
