// Clients this tool creates carry a marker as the last line of their description. Genesys client names are not
// unique and clients have no tags, so the marker (with the claim recorded on the secret) is how a run finds the
// client an earlier, interrupted run created.
const MARKER = /(?:^|\n\n)managed by genesys-oauth-shim; claim ([0-9a-f]{16})$/;

export function describeWithMarker(description: string, claim: string): string {
  const line = `managed by genesys-oauth-shim; claim ${claim}`;
  return description.trim() ? `${description.trim()}\n\n${line}` : line;
}

export function claimOf(description: string | undefined): string | undefined {
  return description ? MARKER.exec(description)?.[1] : undefined;
}
