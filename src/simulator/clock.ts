// The simulator's notion of "now": wall time plus an offset that POST /__sim/clock advances,
// so tests can expire tokens without waiting.
export class SimClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}
