// startServices(): the simulator, moto and the proxy come up on loopback and the shim environment points at them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startServices } from "../support/services.js";

test("services: start, point the shim environment at loopback, count and reset, close", async () => {
  const services = await startServices();
  try {
    const env = services.shimEnv({ EXTRA: "1" });
    assert.equal(env.GENESYS_OAUTH_SHIM_API_BASE_URL, services.sim.apiUrl);
    assert.equal(env.GENESYS_OAUTH_SHIM_LOGIN_BASE_URL, services.sim.loginUrl);
    assert.equal(env.AWS_ENDPOINT_URL_SECRETS_MANAGER, services.proxy.url);
    assert.equal(env.GENESYSCLOUD_OAUTHCLIENT_ID, services.sim.admin.clientId);
    assert.equal(env.EXTRA, "1");
    for (const url of [services.sim.apiUrl, services.sim.loginUrl, services.proxy.url, services.moto.url]) {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    }
    for (const key of Object.keys(env)) assert.doesNotMatch(key, /^(AWS_PROFILE|AWS_SESSION_TOKEN|GENESYSCLOUD_ACCESS_TOKEN)$/);

    const token = await fetch(`${services.sim.loginUrl}/oauth/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${services.sim.admin.clientId}:${services.sim.admin.clientSecret}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials",
    });
    assert.equal(token.status, 200);
    await token.arrayBuffer();
    assert.equal((await services.simCounters())["POST /oauth/token"], 1);
    assert.deepEqual(await services.simWrites(), {});
    assert.equal(await services.simWriteCount(), 0);
    await services.reset();
    assert.deepEqual(await services.simCounters(), {});
  } finally {
    await services.close();
  }
});
