import { ShimError } from "./errors.js";

// One overall deadline per run, for every call to Genesys and to Secrets Manager alike. It counts from process
// start, so a run ends (with its error reported) within the deadline plus CLEANUP_GRACE_MS, which a rollback may use.

export const TIMEOUT_VARIABLE = "GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS";
export const DEFAULT_TIMEOUT_SECONDS = 120;
/** After the deadline, a rollback may still run this long; the process is gone well before deadline + 5 s. */
export const CLEANUP_GRACE_MS = 3_500;

export function timeoutFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TIMEOUT_VARIABLE];
  const seconds = raw && /^\d+$/.test(raw) ? Number(raw) : DEFAULT_TIMEOUT_SECONDS;
  return Math.max(1, seconds) * 1000;
}

export class Deadline {
  private graceMs = 0;

  constructor(
    readonly totalMs: number,
    private readonly startedAt: number = Date.now(),
  ) {}

  get seconds(): number {
    return Math.round(this.totalMs / 1000);
  }

  /** When the run's own time is up (grace included): leases recorded by this run end no later than this. */
  endsAt(): number {
    return this.startedAt + this.totalMs + CLEANUP_GRACE_MS;
  }

  remainingMs(): number {
    return this.startedAt + this.totalMs + this.graceMs - Date.now();
  }

  /** A rollback after a failure (a deadline included) may use a short grace period, once. */
  enterCleanup(): void {
    this.graceMs = CLEANUP_GRACE_MS;
  }

  /** An abort signal for one call: fires when the deadline runs out, or after capMs. */
  signal(capMs?: number): AbortSignal {
    const ms = Math.max(1, Math.min(capMs ?? Number.POSITIVE_INFINITY, this.remainingMs()));
    return AbortSignal.timeout(ms);
  }

  /** The error for a call cut short by the deadline: that it ran out, during which call, and what raises it. */
  exceeded(call: string, cause?: unknown): ShimError {
    return new ShimError("DEADLINE_EXCEEDED", `the overall deadline of ${this.seconds} s ran out during ${call}`, {
      hint: `The service did not answer in time. Raise ${TIMEOUT_VARIABLE} (now ${this.seconds}) if it is just slow; anything this run started is rolled back or finished by the next run.`,
      cause,
    });
  }
}

let current: Deadline | undefined;

/** The deadline of this process, from GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS, counted from process start. */
export function runDeadline(env: NodeJS.ProcessEnv = process.env): Deadline {
  current ??= new Deadline(timeoutFromEnvironment(env), Date.now() - Math.round(process.uptime() * 1000));
  return current;
}
