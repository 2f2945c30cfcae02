// The consumer snippets of docs/CONSUMERS.md, run as they are (docs/consumers/node-consumer.mjs with node,
// docs/consumers/python_consumer.py with the project venv's boto3) against moto and the simulator: they read the
// secret, get a token from its token_url and cache it; a rotation behind their back (the bundled shim run with a new
// rotation_trigger) costs one refused token request, after which they re-read AWSCURRENT and recover on the same call;
// they fall back to AWSPREVIOUS when AWSCURRENT is refused; and they never print a client secret.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { CreateSecretCommand, PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { after, before, describe, it } from "node:test";
import { CONSUMERS, startConsumer, VENV_PYTHON, type ConsumerProcess } from "../support/consumer-process.js";
import { adminCall } from "../support/inspect.js";
import { baseQuery, CANARY, createClientAsAdmin, ensureOk, motoSecretsClient, servicesForThisFile } from "../shim/helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY, resetEachTest: false });

for (const [language, argv] of Object.entries(CONSUMERS)) {
  describe(`docs/consumers: the ${language} consumer`, () => {
    const started: ConsumerProcess[] = [];
    const consumer = (secretId: string): ConsumerProcess => {
      const env = services.shimEnv({ AWS_DEFAULT_REGION: "us-east-1", PYTHONDONTWRITEBYTECODE: "1" });
      const process = startConsumer(argv(secretId), env);
      started.push(process);
      return process;
    };

    before(() => {
      if (language === "python") {
        // A missing boto3 fails here, by name (make toolchain installs it), never a skip.
        assert.doesNotThrow(
          () => execFileSync(VENV_PYTHON, ["-c", "import boto3"], { stdio: "pipe" }),
          `boto3 is missing from ${VENV_PYTHON}: run make toolchain`,
        );
      }
    });

    after(async () => {
      for (const process of started) {
        const { stdout, stderr } = process.output();
        await process.close();
        assert.ok(!stdout.includes(CANARY) && !stderr.includes(CANARY), `the ${language} consumer printed a client secret`);
      }
    });

    it("reads the secret, gets a token from its token_url, and reuses the token", async () => {
      const made = await ensureOk(services, baseQuery({ secret_name: `consumers/${language}/cache` }));
      const app = consumer(made.secret_arn!);
      const first = await app.call("token");
      assert.equal(first.ok, true, first.error);
      assert.equal(first.expires_in, 86400);
      assert.deepEqual(first.credentials, { stage: "AWSCURRENT", versionId: made.secret_version_id, clientId: made.client_id });
      assert.deepEqual(first.stats, { tokenRequests: 1, refused: 0, secretReads: 1 });
      const second = await app.call("token");
      assert.deepEqual(second.stats, first.stats, "the cached token: no token request, no secret read");
    });

    it("after a rotation behind its back, its next call is refused once, re-reads AWSCURRENT and succeeds", async () => {
      const query = baseQuery({ secret_name: `consumers/${language}/rotation`, rotation_trigger: "r1" });
      const made = await ensureOk(services, query);
      const app = consumer(made.secret_arn!);
      assert.equal((await app.call("token")).ok, true);
      const rotated = await ensureOk(services, { ...query, rotation_trigger: "r2" });
      assert.notEqual(rotated.secret_version_id, made.secret_version_id);

      const after = await app.call("fresh"); // a new token with the cached (now dead) credentials
      assert.equal(after.ok, true, after.error);
      assert.deepEqual(after.stats, { tokenRequests: 3, refused: 1, secretReads: 2 }, "one refusal, one re-read, one retry");
      assert.deepEqual(after.credentials, { stage: "AWSCURRENT", versionId: rotated.secret_version_id, clientId: made.client_id });
      const steady = await app.call("fresh");
      assert.deepEqual(steady.stats, { tokenRequests: 4, refused: 1, secretReads: 2 }, "the new credentials are cached");
    });

    it("falls back to AWSPREVIOUS when AWSCURRENT is refused (what the alternating strategy keeps valid)", async () => {
      // As alternating will leave it: AWSPREVIOUS holds credentials that work, AWSCURRENT ones the endpoint refuses.
      const working = await createClientAsAdmin(services, { name: `consumer-${language}-previous` });
      const name = `consumers/${language}/previous`;
      const doc = (secret: string) =>
        JSON.stringify({ format: "genesys-oauth-shim/v1", client_id: working.id, client_secret: secret, token_url: `${services.sim.loginUrl}/oauth/token` });
      const sm = motoSecretsClient(services);
      try {
        const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: doc(working.secret) }));
        await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: doc(`${CANARY}refused`) }));
        const app = consumer(name);
        const reply = await app.call("token");
        assert.equal(reply.ok, true, reply.error);
        assert.deepEqual(reply.credentials, { stage: "AWSPREVIOUS", versionId: created.VersionId, clientId: working.id });
        assert.equal(reply.stats.refused, 1, "AWSCURRENT was refused once; the re-read found the same version, so no second try");
      } finally {
        sm.destroy();
      }
    });

    it("under in_place there is no AWSPREVIOUS: a secret regenerated outside Terraform fails clearly, without the secret", async () => {
      const made = await ensureOk(services, baseQuery({ secret_name: `consumers/${language}/by-hand` }));
      const app = consumer(made.secret_arn!);
      assert.equal((await app.call("token")).ok, true);
      const regenerated = await adminCall(services, "POST", `/${made.client_id}/secret`);
      assert.equal(regenerated.status, 200, regenerated.text);
      const reply = await app.call("fresh");
      assert.equal(reply.ok, false);
      assert.match(reply.error ?? "", /refused every stored version of .*invalid_client, HTTP 401.*rotation_trigger/);
      assert.equal(reply.stats.refused, 1, "one refusal; the re-read found the same version and no AWSPREVIOUS");
    });
  });
}
