// The OAuth clients themselves, with their secrets. Only this module and the views read a secret.
import { randomUUID } from "node:crypto";
import type { SimClock } from "./clock.js";
import { generateSecret, secretsEqual } from "./secrets.js";
import type { ClientFields } from "./validation.js";

export interface EntityRef {
  id: string;
  selfUri: string;
}

export interface StoredClient extends ClientFields {
  id: string;
  secret: string;
  dateCreated: string;
  dateModified: string;
  createdBy: EntityRef;
  modifiedBy: EntityRef;
}

export function clientUri(id: string): string {
  return `/api/v2/oauth/clients/${id}`;
}

export function clientRef(id: string): EntityRef {
  return { id, selfUri: clientUri(id) };
}

export class ClientStore {
  private readonly clients = new Map<string, StoredClient>();

  constructor(
    private readonly clock: SimClock,
    private readonly secretPrefix: string,
  ) {}

  /** Creates a client; `secret` overrides the generated one (only the seeded admin uses this). */
  create(fields: ClientFields, callerId: string | undefined, secret?: string): StoredClient {
    const id = randomUUID();
    const now = this.clock.isoNow();
    const author = clientRef(callerId ?? id);
    const client: StoredClient = {
      ...fields,
      id,
      secret: secret ?? generateSecret(this.secretPrefix),
      dateCreated: now,
      dateModified: now,
      createdBy: author,
      modifiedBy: author,
    };
    this.clients.set(id, client);
    return client;
  }

  get(id: string): StoredClient | undefined {
    return this.clients.get(id);
  }

  list(): StoredClient[] {
    return [...this.clients.values()];
  }

  /** Full replace: every request field not sent falls back to its default. */
  replace(id: string, fields: ClientFields, callerId: string): StoredClient | undefined {
    const existing = this.clients.get(id);
    if (!existing) return undefined;
    const updated: StoredClient = {
      ...fields,
      id,
      secret: existing.secret,
      dateCreated: existing.dateCreated,
      createdBy: existing.createdBy,
      dateModified: this.clock.isoNow(),
      modifiedBy: clientRef(callerId),
    };
    this.clients.set(id, updated);
    return updated;
  }

  delete(id: string): boolean {
    return this.clients.delete(id);
  }

  regenerateSecret(id: string, callerId: string): StoredClient | undefined {
    const existing = this.clients.get(id);
    if (!existing) return undefined;
    existing.secret = generateSecret(this.secretPrefix);
    existing.dateModified = this.clock.isoNow();
    existing.modifiedBy = clientRef(callerId);
    return existing;
  }

  authenticate(id: string, secret: string): StoredClient | undefined {
    const client = this.clients.get(id);
    return client && secretsEqual(client.secret, secret) ? client : undefined;
  }
}
