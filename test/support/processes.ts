// Child processes started by the harness: each in its own process group, tracked, and killed (the whole group)
// when the test process exits or is interrupted, so no test leaves moto, Terraform or a provider behind.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

const live = new Set<ChildProcess>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function killAll(): void {
  for (const child of live) killGroup(child, "SIGKILL");
  live.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = (): void => {
      killAll();
      process.off(signal, onSignal);
      process.kill(process.pid, signal); // default action now: die of the same signal
    };
    process.on(signal, onSignal);
  }
}

/** spawn() in a new process group, tracked until it exits. stdio defaults to pipes. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  hookExit();
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], ...options, detached: true });
  live.add(child);
  child.once("exit", () => live.delete(child));
  child.once("error", () => live.delete(child));
  return child;
}

/** Resolves when the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
}

/** SIGTERM to the child's group, SIGKILL after graceMs; resolves once it has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  const done = exited(child);
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  try {
    await done;
  } finally {
    clearTimeout(timer);
  }
  killGroup(child, "SIGKILL"); // stragglers left in the group
  live.delete(child);
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** The complete environment of the child (nothing is inherited). */
  env: NodeJS.ProcessEnv;
  stdin?: string;
  timeoutMs?: number;
}

/** Runs a command to completion, collecting its output. Rejects on spawn failure or timeout (with the output). */
export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawnTracked(command, args, { cwd: options.cwd, env: options.env });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      void stopProcess(child, 2000);
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const result = {
        code,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      };
      if (timedOut) {
        reject(new Error(`${[command, ...args].join(" ")} timed out after ${timeoutMs} ms\n${describeOutput(result)}`));
      } else {
        resolve(result);
      }
    });
    // A child that exits without reading stdin gives EPIPE; that is its business, not a harness error.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.stdin ?? "");
  });
}

export function describeOutput(result: ProcessResult): string {
  return [
    `exit code: ${result.code ?? "none"}${result.signal ? ` (signal ${result.signal})` : ""}`,
    `--- stdout ---\n${result.stdout}`,
    `--- stderr ---\n${result.stderr}`,
  ].join("\n");
}
