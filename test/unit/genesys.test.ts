import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkUrlIsSafe } from "../../src/core/url-safety.js";
import { resolveEndpoints } from "../../src/genesys/endpoints.js";
import { parseRetryAfter } from "../../src/genesys/http.js";
import { findRegion, REGIONS } from "../../src/genesys/regions.js";

describe("regions and endpoints", () => {
  it("knows all 18 regions of the reference page, by name and by domain", () => {
    assert.equal(Object.keys(REGIONS).length, 18);
    assert.deepEqual(findRegion("EU-WEST-1"), { name: "eu-west-1", domain: "mypurecloud.ie" });
    assert.deepEqual(findRegion("mypurecloud.com.au"), { name: "ap-southeast-2", domain: "mypurecloud.com.au" });
    assert.deepEqual(findRegion("api.use2.us-gov-pure.cloud"), { name: "us-east-2", domain: "use2.us-gov-pure.cloud" });
    assert.equal(findRegion("mypurecloud.example"), undefined);
  });

  it("puts the token endpoint on the login host and the API on the api host", () => {
    const endpoints = resolveEndpoints("eu-central-1", {});
    assert.equal(endpoints.loginBaseUrl, "https://login.mypurecloud.de");
    assert.equal(endpoints.apiBaseUrl, "https://api.mypurecloud.de");
  });

  it("defaults to GENESYSCLOUD_REGION, then us-east-1", () => {
    assert.equal(resolveEndpoints(undefined, { GENESYSCLOUD_REGION: "ca-central-1" }).apiBaseUrl, "https://api.cac1.pure.cloud");
    assert.equal(resolveEndpoints(undefined, {}).apiBaseUrl, "https://api.mypurecloud.com");
  });

  it("allows plain http only to loopback", () => {
    for (const ok of ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "https://api.example.com"])
      assert.doesNotThrow(() => checkUrlIsSafe(ok, "X"));
    for (const bad of ["http://example.com", "http://10.0.0.1", "http://127.0.0.1.nip.io", "ftp://127.0.0.1", "not a url"])
      assert.throws(() => checkUrlIsSafe(bad, "X"), /X /);
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    assert.equal(parseRetryAfter("7", 0), 7);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 0), 10);
    assert.equal(parseRetryAfter(undefined, 0), undefined);
    assert.equal(parseRetryAfter("soon", 0), undefined);
  });
});
