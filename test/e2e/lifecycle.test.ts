// terraform/examples/local through its whole life with real Terraform, HashiCorp's hashicorp/external (offline mirror), the
// bundled shim (terraform/modules/oauth-clients/shim/), the simulator and moto: create, steady state, update, rotate, drift, destroy.
// The steps share one workspace and run in order.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startServices, type Services } from "../support/services.js";
import { terraformBinaries } from "../support/toolchain.js";
import {
  deleteClientAsAdmin,
  describeSecret,
  getClient,
  localExampleWorkspace,
  readStoredDocument,
  tokenStatus,
  vars,
  writeCounts,
  type ExampleWorkspace,
} from "./helpers.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET_ARN = /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:local-example\/genesys\/backend-\w{6}$/;

for (const binary of terraformBinaries()) {
  describe(`${binary.label}: terraform/examples/local lifecycle (real Terraform, simulator, moto)`, { timeout: 600_000 }, () => {
    let services: Services;
    let example: ExampleWorkspace;
    let outputs: Record<string, string>;
    // Variables the later steps change; every command passes all of them so plans see one configuration.
    const current: Record<string, string> = { description: "Backend integration (local example)" };
    const tf = (args: string[], allowFailure = false) => example.tf([...args, ...vars(current)], { allowFailure });

    before(async () => {
      services = await startServices();
      example = localExampleWorkspace(services, { terraform: binary.path });
      await example.tf(["init", "-input=false", "-no-color"]);
    });

    after(async () => {
      // Leave nothing behind even when a step failed: destroy (best effort), then stop the services.
      if (example) {
        await example.tf(["destroy", "-auto-approve", "-input=false", "-no-color", ...vars(current)], { allowFailure: true }).catch(() => undefined);
        example.ws.cleanup();
      }
      await services?.close();
    });

    it("plans a new client without any write (the read waits for apply)", async () => {
      const before = await writeCounts(services);
      const { stdout } = await tf(["plan", "-input=false", "-no-color"]);
      assert.match(stdout, /module\.backend\.module\.clients\.data\.external\.result will be read during apply/);
      assert.match(stdout, /Plan: 4 to add, 0 to change, 0 to destroy/);
      assert.deepEqual(await writeCounts(services), before, "plan wrote nothing to Genesys or Secrets Manager");
    });

    it("apply creates the clients and outputs ids and ARNs, never a secret", async () => {
      await tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
      outputs = await example.outputs();
      assert.match(outputs.backend_client_id!, UUID);
      assert.match(outputs.web_app_client_id!, UUID);
      assert.match(outputs.backend_secret_arn!, SECRET_ARN);
      assert.match(outputs.backend_secret_version_id!, /^[\w-]{32,64}$/);
      const client = await getClient(services, outputs.backend_client_id!);
      assert.equal(client?.name, "local-example-backend");
      const doc = await readStoredDocument(services, outputs.backend_secret_arn!);
      assert.equal(doc.client_id, outputs.backend_client_id);
      assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200, "the stored secret obtains a token");
    });

    it("a second plan is empty (exit 0) and writes nothing to Genesys or Secrets Manager", async () => {
      const before = await writeCounts(services);
      const run = await tf(["plan", "-detailed-exitcode", "-input=false", "-no-color"], true);
      assert.equal(run.code, 0, `plan -detailed-exitcode should exit 0\n${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /No changes/);
      assert.deepEqual(await writeCounts(services), before);
    });

    it("changing the description updates the client in place (same id)", async () => {
      current.description = "Changed by the e2e test";
      const plan = await tf(["plan", "-input=false", "-no-color"]);
      // The apply-time ensure step runs again (Terraform replaces it to run it); nothing else changes.
      assert.match(plan.stdout, /module\.backend\.module\.clients\.terraform_data\.ensure\["this"\] must be replaced/);
      assert.match(plan.stdout, /Plan: 1 to add, 0 to change, 1 to destroy/);
      await tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const after = await example.outputs();
      assert.equal(after.backend_client_id, outputs.backend_client_id, "same client id");
      assert.equal(after.backend_secret_version_id, outputs.backend_secret_version_id, "no rotation");
      const client = await getClient(services, after.backend_client_id!);
      assert.match(client?.description ?? "", /^Changed by the e2e test/);
      const steady = await tf(["plan", "-detailed-exitcode", "-input=false", "-no-color"], true);
      assert.equal(steady.code, 0, `converged after the update\n${steady.stdout}`);
      outputs = after;
    });

    it("changing rotation_trigger rotates: new secret version, old secret refused, new one accepted", async () => {
      const old = await readStoredDocument(services, outputs.backend_secret_arn!);
      current.rotation_trigger = "rotation-1";
      await tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const after = await example.outputs();
      assert.equal(after.backend_client_id, outputs.backend_client_id, "rotation keeps the client");
      assert.notEqual(after.backend_secret_version_id, outputs.backend_secret_version_id, "new secret version");
      const rotated = await readStoredDocument(services, after.backend_secret_arn!);
      assert.notEqual(rotated.client_secret, old.client_secret, "the stored secret changed");
      assert.equal(await tokenStatus(services, old.client_id, old.client_secret), 401, "the old secret is refused");
      assert.equal(await tokenStatus(services, rotated.client_id, rotated.client_secret), 200, "the new secret is accepted");
      const steady = await tf(["plan", "-detailed-exitcode", "-input=false", "-no-color"], true);
      assert.equal(steady.code, 0, `converged after the rotation\n${steady.stdout}`);
      outputs = after;
    });

    it("a client deleted outside Terraform (drift) is recreated by the next apply and the outputs follow", async () => {
      await deleteClientAsAdmin(services, outputs.backend_client_id!);
      assert.equal(await getClient(services, outputs.backend_client_id!), undefined, "the drifted client is gone");
      // Promptly: a secret that records its client is no concurrent run's work in progress (no claim wait).
      const started = Date.now();
      await tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
      assert.ok(Date.now() - started < 45_000, `the drift apply took ${Date.now() - started} ms`);
      const after = await example.outputs();
      assert.match(after.backend_client_id!, UUID);
      assert.notEqual(after.backend_client_id, outputs.backend_client_id, "a new client id");
      assert.equal(after.backend_secret_arn, outputs.backend_secret_arn, "the same secret");
      const client = await getClient(services, after.backend_client_id!);
      assert.equal(client?.name, "local-example-backend");
      const doc = await readStoredDocument(services, after.backend_secret_arn!);
      assert.equal(doc.client_id, after.backend_client_id, "the secret now holds the new client's credentials");
      assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200);
      const steady = await tf(["plan", "-detailed-exitcode", "-input=false", "-no-color"], true);
      assert.equal(steady.code, 0, `converged after the drift\n${steady.stdout}`);
      outputs = after;
    });

    it("changing secret_name moves to a new client and secret, and deletes the old ones", async () => {
      current.secret_name_prefix = "local-example/renamed";
      const { stdout } = await tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
      assert.match(stdout, /Apply complete!/);
      const after = await example.outputs();
      assert.match(after.backend_secret_arn!, /:secret:local-example\/renamed\/backend-/);
      assert.notEqual(after.backend_client_id, outputs.backend_client_id);
      assert.equal(await getClient(services, outputs.backend_client_id!), undefined, "the old client was deleted by the cleanup hook");
      const old = await describeSecret(services, outputs.backend_secret_arn!);
      assert.ok(!("error" in old) && old.DeletedDate instanceof Date, "the old secret is scheduled for deletion");
      const doc = await readStoredDocument(services, after.backend_secret_arn!);
      assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200);
      outputs = after;
    });

    it("destroy deletes the clients (404) and schedules the secrets for deletion", async () => {
      const { stdout } = await tf(["destroy", "-auto-approve", "-input=false", "-no-color"]);
      assert.match(stdout, /Destroy complete! Resources: 4 destroyed/);
      for (const [id, arn] of [
        [outputs.backend_client_id!, outputs.backend_secret_arn!],
        [outputs.web_app_client_id!, outputs.web_app_secret_arn!],
      ] as const) {
        assert.equal(await getClient(services, id), undefined, `client ${id} is gone (404)`);
        const secret = await describeSecret(services, arn);
        assert.ok(!("error" in secret), `DescribeSecret ${arn}: ${"error" in secret ? secret.error : ""}`);
        assert.ok(secret.DeletedDate instanceof Date, `secret ${arn} is scheduled for deletion (DeletedDate set)`);
      }
      const state = await example.tf(["state", "list"]);
      assert.equal(state.stdout.trim(), "", "nothing left in state");
    });
  });
}
