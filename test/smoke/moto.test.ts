// moto smoke test: a secret created and read with the AWS SDK through the counting proxy.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { startSecretsManagerProxy, type SecretsManagerProxy } from "../support/aws-proxy.js";
import { startMoto, type MotoHandle } from "../support/moto.js";

let moto: MotoHandle;
let proxy: SecretsManagerProxy;
let client: SecretsManagerClient;

before(async () => {
  moto = await startMoto();
  proxy = await startSecretsManagerProxy(moto.url);
  client = new SecretsManagerClient({
    endpoint: proxy.url,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    maxAttempts: 1,
  });
});

after(async () => {
  client?.destroy();
  await proxy?.close();
  await moto?.close();
});

test("moto: create and read a secret through the proxy; only CreateSecret counts as a write", async () => {
  proxy.reset();
  const created = await client.send(new CreateSecretCommand({ Name: "smoke/one", SecretString: "s3cret" }));
  assert.match(created.ARN ?? "", /^arn:aws:secretsmanager:us-east-1:/);
  const read = await client.send(new GetSecretValueCommand({ SecretId: "smoke/one" }));
  assert.equal(read.SecretString, "s3cret");
  assert.deepEqual(proxy.counts(), { CreateSecret: 1, GetSecretValue: 1 });
  assert.equal(proxy.writeCount(), 1);
});

test("moto: injected faults answer the next N calls, then calls reach moto again", async () => {
  await moto.reset();
  proxy.reset();
  await client.send(new CreateSecretCommand({ Name: "smoke/two", SecretString: "v1" }));
  proxy.failNext("secretsmanager.PutSecretValue", 1, { status: 400, type: "LimitExceededException", message: "injected" });
  proxy.failNext("PutSecretValue", 1);
  await assert.rejects(client.send(new PutSecretValueCommand({ SecretId: "smoke/two", SecretString: "v2" })), {
    name: "LimitExceededException",
    message: "injected",
  });
  await assert.rejects(client.send(new PutSecretValueCommand({ SecretId: "smoke/two", SecretString: "v2" })), {
    name: "InternalServiceError",
  });
  assert.equal((await client.send(new GetSecretValueCommand({ SecretId: "smoke/two" }))).SecretString, "v1");
  await client.send(new PutSecretValueCommand({ SecretId: "smoke/two", SecretString: "v3" }));
  assert.equal((await client.send(new GetSecretValueCommand({ SecretId: "smoke/two" }))).SecretString, "v3");
  assert.deepEqual(proxy.counts(), { CreateSecret: 1, PutSecretValue: 3, GetSecretValue: 2 });
  assert.deepEqual(proxy.faultCounts(), { PutSecretValue: 2 });
  assert.equal(proxy.writeCount(), 4);

  // commit-then-error: the write happens in moto, the client sees a failure
  proxy.failNext("PutSecretValue", 1, { mode: "commit-then-error" });
  await assert.rejects(client.send(new PutSecretValueCommand({ SecretId: "smoke/two", SecretString: "v4" })));
  assert.equal((await client.send(new GetSecretValueCommand({ SecretId: "smoke/two" }))).SecretString, "v4");
});

test("moto: reset forgets every secret", async () => {
  await client.send(new CreateSecretCommand({ Name: "smoke/three", SecretString: "x" }));
  await moto.reset();
  await assert.rejects(client.send(new GetSecretValueCommand({ SecretId: "smoke/three" })), { name: "ResourceNotFoundException" });
});

test("moto: close() stops the server process", async () => {
  const own = await startMoto();
  const pid = own.pid;
  assert.ok(pid !== undefined);
  process.kill(pid, 0); // alive
  await own.close();
  assert.throws(() => process.kill(pid, 0), { code: "ESRCH" });
  await assert.rejects(fetch(`${own.url}/moto-api/data.json`));
});
