// Whole-process figures for the benchmarks: the kernel's own accounting of a finished child, read by wait4() in
// bench/rusage.py (user and system CPU of the child and every descendant it waited for, the peak RSS of the
// largest single process, wall time from fork to reap), and optionally the peak summed RSS of the whole process
// tree, sampled from /proc (for Terraform, whose provider and shim processes run alongside it).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnTracked, stopProcess, type ProcessResult } from "../test/support/processes.js";
import { cacheDir } from "../test/support/toolchain.js";

const RUSAGE = fileURLToPath(new URL("./rusage.py", import.meta.url));

export interface ProcessSample {
  userS: number;
  sysS: number;
  cpuS: number;
  wallS: number;
  /** Peak RSS of the largest single process in the tree. */
  peakRssMiB: number;
  /** Peak of the summed RSS of the tree, sampled every few ms; only when asked for. */
  treeRssMiB?: number;
}

export interface TimedRun {
  sample: ProcessSample;
  result: ProcessResult;
}

export interface TimeOptions {
  env: NodeJS.ProcessEnv;
  stdin?: string;
  cwd?: string;
  timeoutMs?: number;
  /** Sample the summed RSS of the process tree (costs a /proc scan every sampleMs). */
  sampleTree?: boolean;
  /** Exit codes that count as success (default [0]). */
  okCodes?: number[];
}

const scratch = mkdtempSync(join(tmpdir(), "shim-bench-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
let sequence = 0;

// The moto venv's interpreter: `make toolchain` guarantees it, and it starts faster than a version-manager shim.
function python(): string {
  const venv = join(cacheDir, "venv", "bin", "python3");
  if (!existsSync(venv)) throw new Error(`${venv} is missing: run \`make toolchain\` first (the benchmarks read rusage through it)`);
  return venv;
}

function readProcTable(): Map<number, { ppid: number; rssPages: number }> {
  const table = new Map<number, { ppid: number; rssPages: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // comm may contain spaces and parentheses: the fields after the last ")" are fixed.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(Number(entry), { ppid: Number(fields[1]), rssPages: Number(fields[21]) });
    } catch {
      // the process ended between readdir and read
    }
  }
  return table;
}

function treeRssBytes(rootPid: number): number {
  const table = readProcTable();
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let pages = 0;
  const stack = [rootPid];
  for (let guard = 0; stack.length > 0 && guard < 10_000; guard++) {
    const pid = stack.pop()!;
    pages += table.get(pid)?.rssPages ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return pages * 4096;
}

/** Runs argv[0] with argv[1..] under bench/rusage.py and returns its figures. Throws on an unexpected exit code. */
export async function timeProcess(argv: readonly string[], options: TimeOptions): Promise<TimedRun> {
  const report = join(scratch, `rusage-${sequence++}.json`);
  const child = spawnTracked(python(), [RUSAGE, report, ...argv], { cwd: options.cwd, env: options.env });
  const began = performance.now();
  let treePeak = 0;
  const sampler = options.sampleTree && child.pid !== undefined ? setInterval(() => (treePeak = Math.max(treePeak, treeRssBytes(child.pid!))), 50) : undefined;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
  child.stdin?.on("error", () => undefined);
  child.stdin?.end(options.stdin ?? "");
  const timeoutMs = options.timeoutMs ?? 120_000;
  const timer = setTimeout(() => void stopProcess(child, 2000), timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode) => resolve(exitCode));
  }).finally(() => {
    clearTimeout(timer);
    if (sampler) clearInterval(sampler);
  });
  const elapsedMs = performance.now() - began;
  const result: ProcessResult = { code, signal: null, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") };
  if (!(options.okCodes ?? [0]).includes(code ?? -1)) {
    throw new Error(`benchmark command failed (exit ${code}${elapsedMs >= timeoutMs ? ", timed out" : ""}): ${argv.join(" ")}\n${result.stderr.slice(-4000)}`);
  }
  const usage = JSON.parse(readFileSync(report, "utf8")) as { wall: number; user: number; sys: number; maxrss_kib: number };
  rmSync(report, { force: true });
  const sample: ProcessSample = { userS: usage.user, sysS: usage.sys, cpuS: usage.user + usage.sys, wallS: usage.wall, peakRssMiB: usage.maxrss_kib / 1024 };
  if (options.sampleTree) sample.treeRssMiB = treePeak / 1024 / 1024;
  return { sample, result };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs each named command `runs` times, interleaved (A B C A B C ...) after one unrecorded warm-up round, so that
 * drifts of a shared machine's speed hit every command alike. Returns the samples per name.
 */
export async function interleaved<K extends string>(runs: number, commands: Record<K, () => Promise<ProcessSample>>): Promise<Record<K, ProcessSample[]>> {
  const names = Object.keys(commands) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as ProcessSample[]])) as Record<K, ProcessSample[]>;
  for (let round = -1; round < runs; round++) {
    for (const name of names) {
      const sample = await commands[name]();
      if (round >= 0) samples[name].push(sample);
    }
  }
  return samples;
}

/** Medians of each figure. */
export function medians(samples: readonly ProcessSample[]): ProcessSample {
  const of = (pick: (s: ProcessSample) => number | undefined) => median(samples.map(pick).filter((v): v is number => v !== undefined));
  const out: ProcessSample = {
    userS: of((s) => s.userS),
    sysS: of((s) => s.sysS),
    cpuS: of((s) => s.cpuS),
    wallS: of((s) => s.wallS),
    peakRssMiB: of((s) => s.peakRssMiB),
  };
  if (samples.some((s) => s.treeRssMiB !== undefined)) out.treeRssMiB = of((s) => s.treeRssMiB);
  return out;
}

/** Median of the pairwise ratios a[i]/b[i] (pairs were run next to each other, so this cancels drift). */
export function pairedRatio(a: readonly ProcessSample[], b: readonly ProcessSample[], pick: (s: ProcessSample) => number): number {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push(pick(a[i]!) / pick(b[i]!));
  return median(ratios);
}

/** A fixed-width text table; the first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
