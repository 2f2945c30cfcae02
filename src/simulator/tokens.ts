// Bearer tokens issued by the login listener, expiring on the simulator clock.
import type { SimClock } from "./clock.js";
import { randomToken } from "./secrets.js";

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

export type TokenLookup = { status: "valid"; clientId: string } | { status: "expired" } | { status: "unknown" };

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly clock: SimClock) {}

  issue(clientId: string, validitySeconds: number): string {
    const token = randomToken();
    this.tokens.set(token, { clientId, expiresAt: this.clock.now() + validitySeconds * 1000 });
    return token;
  }

  lookup(token: string): TokenLookup {
    const issued = this.tokens.get(token);
    if (!issued) return { status: "unknown" };
    if (this.clock.now() >= issued.expiresAt) {
      this.tokens.delete(token);
      return { status: "expired" };
    }
    return { status: "valid", clientId: issued.clientId };
  }
}
