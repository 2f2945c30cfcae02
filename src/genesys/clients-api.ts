import { registerSecret } from "../core/redact.js";
import { ShimError } from "../core/errors.js";
import { genesysError } from "./api-error.js";
import { AmbiguousRequestError, type HttpClient, type HttpRequest, type RetryPolicy } from "./http.js";
import { MalformedResponseError, parseJsonBody } from "./json-body.js";
import type { OAuthClient, OAuthClientListing, OAuthClientRequest } from "./types.js";

// Typed calls to /api/v2/oauth/clients. Secrets in responses are registered for redaction on arrival.

const MAX_LIST_PAGES = 50;

export class OAuthClientsApi {
  constructor(
    private readonly http: HttpClient,
    private readonly apiBaseUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  private async call(operation: string, method: HttpRequest["method"], path: string, retry: RetryPolicy, body?: unknown) {
    const request: HttpRequest = {
      method,
      url: path.startsWith("http") ? path : `${this.apiBaseUrl}${path}`,
      headers: { authorization: `Bearer ${await this.token()}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      retry,
      operation,
    };
    if (body !== undefined) request.body = JSON.stringify(body);
    return this.http.send(request);
  }

  private parseClient(operation: string, text: string): OAuthClient {
    const client = parseJsonBody(operation, text) as OAuthClient;
    if (!client || typeof client.id !== "string") throw new ShimError("GENESYS_API_ERROR", `${operation}: Genesys Cloud answered without a client id`);
    registerSecret(client.secret);
    return client;
  }

  /** All clients; the API takes no query parameters, so filtering is the caller's. */
  async list(): Promise<OAuthClient[]> {
    const clients: OAuthClient[] = [];
    let path = "/api/v2/oauth/clients";
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const response = await this.call("list OAuth clients", "GET", path, "idempotent");
      if (response.status !== 200) throw genesysError("list OAuth clients", response);
      const listing = parseJsonBody("list OAuth clients", response.text) as OAuthClientListing;
      for (const client of listing.entities ?? []) {
        registerSecret(client.secret);
        clients.push(client);
      }
      const next = listing.nextUri;
      if (!next || next === listing.selfUri) break;
      path = next.startsWith("/") ? next : new URL(next).pathname + new URL(next).search;
    }
    return clients;
  }

  /** undefined when the client does not exist. */
  async get(id: string): Promise<OAuthClient | undefined> {
    const response = await this.call("read OAuth client", "GET", `/api/v2/oauth/clients/${encodeURIComponent(id)}`, "idempotent");
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw genesysError("read OAuth client", response);
    return this.parseClient("read OAuth client", response.text);
  }

  /** Not idempotent: may throw AmbiguousRequestError, after which the caller must look before creating again. */
  async create(body: OAuthClientRequest): Promise<OAuthClient & { secret: string }> {
    const response = await this.call("create OAuth client", "POST", "/api/v2/oauth/clients", "not-idempotent", body);
    if (response.status !== 200 && response.status !== 201) throw genesysError("create OAuth client", response);
    let client: OAuthClient;
    try {
      client = this.parseClient("create OAuth client", response.text);
    } catch (error) {
      // The server applied the create but its answer (and the only copy of the secret) is unreadable.
      if (error instanceof MalformedResponseError)
        throw new AmbiguousRequestError("create OAuth client", "Genesys Cloud answered 200 with a malformed or truncated body (a server-side fault)", error);
      throw error;
    }
    if (!client.secret) throw new ShimError("GENESYS_API_ERROR", "create OAuth client: Genesys Cloud answered without the client secret");
    return client as OAuthClient & { secret: string };
  }

  async update(id: string, body: OAuthClientRequest): Promise<OAuthClient | undefined> {
    const response = await this.call("update OAuth client", "PUT", `/api/v2/oauth/clients/${encodeURIComponent(id)}`, "idempotent", body);
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw genesysError("update OAuth client", response);
    return this.parseClient("update OAuth client", response.text);
  }

  /** Retrying is safe: each call invalidates the previous secret, and only the last one returned is kept. */
  /** The new secret, and the client's dateModified as the same answer gives it (the final check compares it). */
  async regenerateSecret(id: string): Promise<{ secret: string; dateModified: string | undefined }> {
    const response = await this.call("regenerate OAuth client secret", "POST", `/api/v2/oauth/clients/${encodeURIComponent(id)}/secret`, "idempotent");
    if (response.status !== 200) throw genesysError("regenerate OAuth client secret", response);
    const client = this.parseClient("regenerate OAuth client secret", response.text);
    if (!client.secret) throw new ShimError("GENESYS_API_ERROR", "regenerate OAuth client secret: Genesys Cloud answered without the new secret");
    return { secret: client.secret, dateModified: client.dateModified };
  }

  /** true when deleted, false when it was already gone. */
  async delete(id: string): Promise<boolean> {
    const response = await this.call("delete OAuth client", "DELETE", `/api/v2/oauth/clients/${encodeURIComponent(id)}`, "idempotent");
    if (response.status === 404) return false;
    if (response.status < 200 || response.status > 299) throw genesysError("delete OAuth client", response);
    return true;
  }
}
