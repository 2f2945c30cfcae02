// The value stored in Secrets Manager: a JSON document a consumer can use without knowing this tool.
// {
//   "format": "genesys-oauth-shim/v1",
//   "client_id": "…", "client_secret": "…", "client_name": "…",
//   "genesys_region": "us-east-1", "token_url": "https://login.mypurecloud.com/oauth/token",
//   "api_base_url": "https://api.mypurecloud.com", "rotation_trigger_sha256": "…",
//   "client_date_modified": "2026-12-03T08:00:00.000Z"
// }

export const DOCUMENT_FORMAT = "genesys-oauth-shim/v1";

export interface StoredCredentials {
  format: typeof DOCUMENT_FORMAT;
  client_id: string;
  client_secret: string;
  client_name: string;
  genesys_region: string;
  token_url: string;
  api_base_url: string;
  rotation_trigger_sha256: string;
  /**
   * The client's dateModified as Genesys returned it together with this secret (create or regenerate). When the
   * client's dateModified still equals it, nothing (no regenerate) has changed the client since this secret was
   * issued: the final check for grants that cannot log in with their own secret. Absent in older documents.
   */
  client_date_modified?: string;
}

export function parseStoredCredentials(text: string | undefined): StoredCredentials | undefined {
  if (!text) return undefined;
  try {
    const doc = JSON.parse(text) as Partial<StoredCredentials>;
    if (typeof doc.client_id === "string" && typeof doc.client_secret === "string") return doc as StoredCredentials;
  } catch {
    // A value that is not ours is treated like no value: the client secret is unknown.
  }
  return undefined;
}
