// Reads lag behind writes: a new client is missing from GET /{id} (404) for getMs and from the list for listMs
// after its create (the official provider retries both: docs/GENESYS-BEHAVIOUR.md). Writes and the token endpoint
// see it at once. Realistic by default; tests and `simulate` may change it (SimulatorOptions, POST /__sim/lag).
export interface ReadLag {
  listMs: number;
  getMs: number;
}

export const DEFAULT_READ_LAG: Readonly<ReadLag> = { listMs: 1500, getMs: 500 };
/** Large enough for any test, small enough that a typo cannot hang a run for hours. */
export const MAX_LAG_MS = 600_000;

export function isLagMs(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_LAG_MS;
}
