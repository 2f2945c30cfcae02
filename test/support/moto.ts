// moto_server (the AWS emulator) on 127.0.0.1 with a free port, one per caller; close() kills it and awaits exit.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { minimalEnv } from "./env.js";
import { freePort } from "./ports.js";
import { spawnTracked, stopProcess } from "./processes.js";
import { motoServerBin } from "./toolchain.js";

export interface MotoHandle {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  pid: number | undefined;
  /** POST /moto-api/reset: forget every resource. */
  reset(): Promise<void>;
  close(): Promise<void>;
  /** What moto printed so far (for failure messages). */
  output(): string;
}

export interface MotoOptions {
  startTimeoutMs?: number;
  /** Extra environment for moto_server, e.g. INITIAL_NO_AUTH_ACTION_COUNT to enforce IAM. */
  env?: Record<string, string>;
}

const MAX_OUTPUT = 64 * 1024;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function startOnce(bin: string, timeoutMs: number, extraEnv: Record<string, string>): Promise<MotoHandle | "port-taken"> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const home = mkdtempSync(join(tmpdir(), "moto-home-"));
  const child: ChildProcess = spawnTracked(bin, ["-H", "127.0.0.1", "-p", String(port)], {
    env: minimalEnv({ HOME: home, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_DEFAULT_REGION: "us-east-1", ...extraEnv }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-MAX_OUTPUT);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));

  const close = async (): Promise<void> => {
    await stopProcess(child);
    rmSync(home, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError !== undefined) {
      await close();
      throw new Error(`cannot start ${bin}: ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await close();
      if (/address already in use/i.test(output)) return "port-taken";
      throw new Error(`moto_server exited during start-up (code ${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    if (await answers(url)) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`moto_server did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
    }
    await delay(100);
  }

  return {
    url,
    port,
    pid: child.pid,
    output: () => output,
    async reset() {
      const response = await fetch(`${url}/moto-api/reset`, { method: "POST" });
      const body = await response.text();
      if (!response.ok) throw new Error(`moto reset failed: ${response.status} ${body}`);
    },
    close,
  };
}

export async function startMoto(options: MotoOptions = {}): Promise<MotoHandle> {
  const bin = motoServerBin();
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = await startOnce(bin, options.startTimeoutMs ?? 30_000, options.env ?? {});
    if (started !== "port-taken") return started;
  }
  throw new Error("moto_server: could not bind a free port in 3 attempts");
}
