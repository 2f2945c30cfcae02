// The OAuth clients themselves, with their secrets. Only this module and the views read a secret.
import { randomUUID } from "node:crypto";
import type { SimClock } from "./clock.js";
import type { ReadLag } from "./lag.js";
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
  /** Wall-clock ms from which GET, and the list, show a new client (reads lag behind the create: lag.ts). */
  visibleToGetAt: number;
  visibleToListAt: number;
  /** Simulator-only: token requests are refused unless they come from one of these (empty: from anywhere). */
  allowedIps: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Genesys help: clients created more than 30 days ago deactivate for seven days before permanent removal. */
export const SOFT_DELETE_MIN_AGE_DAYS = 30;
export const SOFT_DELETE_DAYS = 7;

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
    private readonly lag: ReadLag,
  ) {}

  /** Creates a client; `secret` overrides the generated one (only the seeded admin uses this, visible at once). */
  create(fields: ClientFields, callerId: string | undefined, secret?: string): StoredClient {
    const id = randomUUID();
    const now = this.clock.isoNow();
    const author = clientRef(callerId ?? id);
    const wallNow = Date.now();
    const seeded = secret !== undefined;
    const client: StoredClient = {
      ...fields,
      id,
      secret: secret ?? generateSecret(this.secretPrefix),
      dateCreated: now,
      dateModified: now,
      createdBy: author,
      modifiedBy: author,
      visibleToGetAt: seeded ? 0 : wallNow + this.lag.getMs,
      visibleToListAt: seeded ? 0 : wallNow + this.lag.listMs,
      allowedIps: [],
    };
    this.clients.set(id, client);
    return client;
  }

  /** The client as it is now (writes see this), soft-deleted ones included until their dateToDelete passes. */
  get(id: string): StoredClient | undefined {
    const client = this.clients.get(id);
    if (client?.state === "deleted" && client.dateToDelete !== undefined && Date.parse(client.dateToDelete) <= this.clock.now()) {
      this.clients.delete(id);
      return undefined;
    }
    return client;
  }

  list(): StoredClient[] {
    return [...this.clients.keys()].map((id) => this.get(id)).filter((client): client is StoredClient => client !== undefined);
  }

  /** Full replace: every request field not sent falls back to its default. */
  replace(id: string, fields: ClientFields, callerId: string): StoredClient | undefined {
    const existing = this.get(id);
    if (!existing) return undefined;
    const updated: StoredClient = {
      ...fields,
      id,
      secret: existing.secret,
      dateCreated: existing.dateCreated,
      createdBy: existing.createdBy,
      dateModified: this.clock.isoNow(),
      modifiedBy: clientRef(callerId),
      visibleToGetAt: existing.visibleToGetAt,
      visibleToListAt: existing.visibleToListAt,
      allowedIps: existing.allowedIps,
    };
    this.clients.set(id, updated);
    return updated;
  }

  /**
   * A client created within the last 30 days is removed at once; an older one is soft-deleted: it stays readable
   * and listed with state "deleted" and a dateToDelete seven days on, then disappears.
   */
  delete(id: string, callerId: string): "removed" | "soft-deleted" {
    const client = this.get(id);
    if (!client) return "removed";
    const ageMs = this.clock.now() - Date.parse(client.dateCreated);
    if (ageMs <= SOFT_DELETE_MIN_AGE_DAYS * DAY_MS) {
      this.clients.delete(id);
      return "removed";
    }
    client.state = "deleted";
    client.dateToDelete = new Date(this.clock.now() + SOFT_DELETE_DAYS * DAY_MS).toISOString();
    client.dateModified = this.clock.isoNow();
    client.modifiedBy = clientRef(callerId);
    return "soft-deleted";
  }

  regenerateSecret(id: string, callerId: string): StoredClient | undefined {
    const existing = this.get(id);
    if (!existing) return undefined;
    existing.secret = generateSecret(this.secretPrefix);
    existing.dateModified = this.clock.isoNow();
    existing.modifiedBy = clientRef(callerId);
    return existing;
  }

  authenticate(id: string, secret: string): StoredClient | undefined {
    const client = this.get(id);
    return client && secretsEqual(client.secret, secret) ? client : undefined;
  }

  /** Simulator-only: makes a client `days` older (moves dateCreated back), so a delete soft-deletes it. */
  age(id: string, days: number): StoredClient | undefined {
    const client = this.get(id);
    if (!client) return undefined;
    client.dateCreated = new Date(Date.parse(client.dateCreated) - days * DAY_MS).toISOString();
    return client;
  }
}
