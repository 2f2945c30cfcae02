// The consumer snippets of docs/CONSUMERS.md (docs/consumers/*) run as programs: one line per call on stdin
// ("token", or "fresh" to drop the cached token first), one JSON line per call on stdout (never the token).
import type { ChildProcess } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { join } from "node:path";
import { spawnTracked, stopProcess } from "./processes.js";
import { cacheDir, repoRoot } from "./toolchain.js";

export const NODE_CONSUMER = join(repoRoot, "docs", "consumers", "node-consumer.mjs");
export const PYTHON_CONSUMER = join(repoRoot, "docs", "consumers", "python_consumer.py");
export const VENV_PYTHON = join(cacheDir, "venv", "bin", "python");

export interface ConsumerReply {
  ok: boolean;
  error?: string;
  expires_in?: number;
  credentials?: { stage: string; versionId: string; clientId: string };
  /** The same counters in both languages (the Python snake_case names are mapped). */
  stats: { tokenRequests: number; refused: number; secretReads: number };
}

export interface ConsumerProcess {
  call(command: "token" | "fresh"): Promise<ConsumerReply>;
  /** Everything it printed so far, for leak checks. */
  output(): { stdout: string; stderr: string };
  close(): Promise<void>;
}

export const CONSUMERS = {
  node: (secretId: string) => ["node", NODE_CONSUMER, secretId],
  python: (secretId: string) => [VENV_PYTHON, PYTHON_CONSUMER, secretId],
} as const;

function normalise(raw: Record<string, any>): ConsumerReply {
  const stats = raw.stats ?? {};
  const credentials = raw.credentials && {
    stage: raw.credentials.stage,
    versionId: raw.credentials.versionId ?? raw.credentials.version_id,
    clientId: raw.credentials.clientId ?? raw.credentials.client_id,
  };
  return {
    ...raw,
    ok: raw.ok === true,
    credentials,
    stats: {
      tokenRequests: stats.tokenRequests ?? stats.token_requests ?? 0,
      refused: stats.refused ?? 0,
      secretReads: stats.secretReads ?? stats.secret_reads ?? 0,
    },
  } as ConsumerReply;
}

export function startConsumer(argv: readonly string[], env: NodeJS.ProcessEnv): ConsumerProcess {
  const child: ChildProcess = spawnTracked(argv[0]!, argv.slice(1), { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const lines: Interface = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  const queued: string[] = [];
  lines.on("line", (line) => {
    stdout += `${line}\n`;
    const next = waiting.shift();
    if (next) next(line);
    else queued.push(line);
  });
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const line = queued.shift();
      if (line !== undefined) return resolve(line);
      const timer = setTimeout(() => reject(new Error(`consumer ${argv.join(" ")} did not answer in 30 s\nstderr:\n${stderr}`)), 30_000);
      const onExit = () => reject(new Error(`consumer ${argv.join(" ")} exited (${child.exitCode ?? child.signalCode})\nstderr:\n${stderr}`));
      child.once("exit", onExit);
      waiting.push((l) => {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(l);
      });
    });
  return {
    async call(command) {
      child.stdin!.write(`${command}\n`);
      return normalise(JSON.parse(await nextLine()) as Record<string, any>);
    },
    output: () => ({ stdout, stderr }),
    async close() {
      child.stdin!.end();
      await stopProcess(child);
    },
  };
}
