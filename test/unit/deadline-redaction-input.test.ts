// The deadline's error text, secret fields registered from bodies cut short, and duplicate-key detection in the
// stdin JSON.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { Deadline } from "../../src/core/deadline.js";
import { describeError } from "../../src/core/errors.js";
import { forgetAllSecrets, redact, registerSecretFields } from "../../src/core/redact.js";
import { firstDuplicateKey } from "../../src/external/duplicate-keys.js";
import { parseQueryObject } from "../../src/external/protocol.js";

describe("deadline", () => {
  it("says that the deadline ran out, during which call, and which variable raises it", () => {
    const text = describeError(new Deadline(7_000).exceeded('Secrets Manager PutSecretValue on "a/b"'));
    assert.match(text, /the overall deadline of 7 s ran out during Secrets Manager PutSecretValue on "a\/b"/);
    assert.match(text, /Raise GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS \(now 7\)/);
  });

  it("gives a rollback a short grace once the deadline has passed", () => {
    const deadline = new Deadline(1_000, Date.now() - 2_000);
    assert.ok(deadline.remainingMs() < 0);
    deadline.enterCleanup();
    assert.ok(deadline.remainingMs() > 0 && deadline.remainingMs() <= 3_500);
  });
});

describe("secret fields of response bodies", () => {
  beforeEach(() => forgetAllSecrets());

  it("registers a secret from a body cut short, so a later echo in free text is masked", () => {
    registerSecretFields('{"id":"c1","secret":"s3cr3t-value-cut');
    assert.equal(redact("the server said s3cr3t-value-cut again"), "the server said [REDACTED] again");
  });

  it("registers a secret and masks its free-text echo in the same body", () => {
    const body = '{"message":"could not finish after issuing the secret ABCdef123456","secret":"ABCdef123456"}';
    registerSecretFields(body);
    assert.ok(!redact(body).includes("ABCdef123456"));
  });
});

describe("duplicate keys on stdin", () => {
  it("finds the first key given twice, at any depth, and ignores keys inside string values", () => {
    assert.equal(firstDuplicateKey('{"a":"1","b":"2"}'), undefined);
    assert.equal(firstDuplicateKey('{"a":"1","a":"2"}'), "a");
    assert.equal(firstDuplicateKey('{"x":"{\\"k\\":1,\\"k\\":2}","y":"1"}'), undefined);
    assert.equal(firstDuplicateKey('{"\\u0061":"1","a":"2"}'), "a");
    assert.equal(firstDuplicateKey('{"l":[{"k":"1"},{"k":"2"}]}'), undefined);
  });

  it("is refused with an error naming the key", () => {
    assert.throws(() => parseQueryObject('{"name":"a","secret_name":"s","name":"b"}'), /invalid input "name": the key appears more than once/);
  });
});
