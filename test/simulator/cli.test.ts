// `genesys-oauth-shim simulate` as a user runs it: a child process, its output, its exit on SIGTERM.
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { call, requestToken } from "./helpers.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

function simulate(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "simulate", ...args], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
}

async function collect(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  const lines = createInterface({ input: child.stdout });
  const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
  try {
    for await (const line of lines) return line;
    throw new Error("simulate exited without printing a line");
  } finally {
    clearTimeout(timeout);
  }
}

describe("genesys-oauth-shim simulate", () => {
  it("prints one JSON line, serves tokens for the admin client, and exits 0 on SIGTERM", async () => {
    const child = simulate(["--port", "0", "--list-lag-ms", "2500", "--get-lag-ms", "0", "--json"]);
    const exited = once(child, "exit");
    try {
      const info = JSON.parse(await firstLine(child));
      assert.deepEqual(Object.keys(info).sort(), ["adminClientId", "adminClientSecret", "apiUrl", "loginUrl"]);
      assert.match(info.apiUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(info.loginUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(info.apiUrl, info.loginUrl);
      const handle = {
        apiUrl: info.apiUrl,
        loginUrl: info.loginUrl,
        admin: { clientId: info.adminClientId, clientSecret: info.adminClientSecret },
        close: async () => {},
      };
      const token = await requestToken(handle, info.adminClientId, info.adminClientSecret);
      assert.equal(token.status, 200);
      assert.equal((await call(`${info.apiUrl}/api/v2/oauth/clients`, { token: token.json.access_token })).status, 200);
      assert.deepEqual((await call(`${info.apiUrl}/__sim/lag`)).json, { listMs: 2500, getMs: 0 }, "the lag flags are applied");
    } finally {
      child.kill("SIGTERM");
    }
    const [code, signal] = (await exited) as [number | null, string | null];
    assert.equal(signal, null);
    assert.equal(code, 0);
  });

  it("prints the URLs, the admin credentials and a ready-to-paste env block without --json", async () => {
    const child = simulate(["--secret-prefix", "CANARY-"]);
    const result = collect(child);
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.startsWith("Press Ctrl-C")) break;
    }
    child.kill("SIGINT");
    assert.equal((await result).code, 0);
    const text = lines.join("\n");
    for (const name of [
      "GENESYS_OAUTH_SHIM_API_BASE_URL",
      "GENESYS_OAUTH_SHIM_LOGIN_BASE_URL",
      "GENESYSCLOUD_OAUTHCLIENT_ID",
      "GENESYSCLOUD_OAUTHCLIENT_SECRET",
    ]) {
      assert.match(text, new RegExp(`^export ${name}=\\S+$`, "m"));
    }
    assert.match(text, /API URL:\s+http:\/\/127\.0\.0\.1:\d+/);
    assert.match(text, /Login URL:\s+http:\/\/127\.0\.0\.1:\d+/);
  });

  it("rejects an unknown flag or a bad port on stderr with exit 1", async () => {
    for (const args of [
      ["--bogus"],
      ["--port", "http"],
      ["--login-port", "70000"],
      ["--secret-prefix", "has space"],
      ["--list-lag-ms", "-1"],
      ["--get-lag-ms", "600001"],
    ]) {
      const { code, stderr, stdout } = await collect(simulate(args));
      assert.equal(code, 1, args.join(" "));
      assert.ok(stderr.includes(`simulate: `) && stderr.includes(args[0] ?? ""), stderr);
      assert.equal(stdout, "");
    }
  });

  it("prints usage for --help and exits 0", async () => {
    const { code, stdout } = await collect(simulate(["--help"]));
    assert.equal(code, 0);
    assert.match(stdout, /--port N/);
    assert.match(stdout, /--login-port N/);
    assert.match(stdout, /--secret-prefix P/);
    assert.match(stdout, /--list-lag-ms N .*default 1500/);
    assert.match(stdout, /--get-lag-ms N .*default 500/);
    assert.match(stdout, /--json/);
  });
});
