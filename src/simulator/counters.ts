// Requests seen per "METHOD /route/template", over both listeners. Admin routes are not counted.
export class Counters {
  private readonly counts = new Map<string, number>();

  increment(routeKey: string): void {
    this.counts.set(routeKey, (this.counts.get(routeKey) ?? 0) + 1);
  }

  reset(): void {
    this.counts.clear();
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
