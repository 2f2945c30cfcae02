// Shared setup of the adversarial tests: the services (with canary-prefixed secrets) and one proxied path.
import { after, before, beforeEach } from "node:test";
import { adminRoles, assertBundleBuilt, CANARY } from "../shim/helpers.js";
import { runShim, startProxiedPath, type ProxiedPath, type ShimRun } from "../support/adversarial.js";
import { startServices, type Services } from "../support/services.js";

/** Services and the proxied path, started once per file (one hook, so the path starts after the services). */
export function adversarialServices(): { services: Services; path: () => ProxiedPath } {
  let started: Services | undefined;
  let path: ProxiedPath | undefined;
  before(async () => {
    assertBundleBuilt();
    started = await startServices({ secretPrefix: CANARY });
    path = await startProxiedPath(started);
  });
  beforeEach(() => path?.reset());
  after(async () => {
    await path?.close();
    await started?.close();
  });
  const services = new Proxy({} as Services, {
    get(_target, key) {
      if (!started) throw new Error("the test services are not started yet");
      const value = started[key as keyof Services];
      return typeof value === "function" ? value.bind(started) : value;
    },
  });
  return {
    services,
    path: () => {
      if (!path) throw new Error("the proxied path is not started yet");
      return path;
    },
  };
}

export function query(name: string, secretName: string, extra: Record<string, string> = {}): Record<string, string> {
  return { name, secret_name: secretName, role_divisions: adminRoles(), ...extra };
}

export function ensureThrough(path: ProxiedPath, q: Record<string, string>, env: Record<string, string | undefined> = {}, limitMs = 150_000): Promise<ShimRun> {
  return runShim("external", JSON.stringify(q), path.env(env), { limitMs });
}

export function deleteThrough(
  path: ProxiedPath,
  input: Record<string, string>,
  env: Record<string, string | undefined> = {},
  limitMs = 150_000,
): Promise<ShimRun> {
  return runShim("delete", JSON.stringify(input), path.env(env), { limitMs });
}
