// Clients this tool creates carry a marker as the last line of their description. Genesys client names are not
// unique and clients have no tags, so the marker (with the claim recorded on the secret) is how a run finds the
// client an earlier, interrupted run created. rotation_strategy "alternating" keeps two clients per claim: slot "a"
// (the marker as in_place writes it) and slot "b" (the marker ends "; slot b").
const MARKER = /(?:^|\n\n)managed by genesys-oauth-shim; claim ([0-9a-f]{16})(?:; slot (b))?$/;

export type Slot = "a" | "b";

export function otherSlot(slot: Slot): Slot {
  return slot === "a" ? "b" : "a";
}

export function describeWithMarker(description: string, claim: string, slot: Slot = "a"): string {
  const line = `managed by genesys-oauth-shim; claim ${claim}${slot === "b" ? "; slot b" : ""}`;
  return description.trim() ? `${description.trim()}\n\n${line}` : line;
}

/** The claim a client's marker names (either slot), or undefined for a client this tool did not create. */
export function claimOf(description: string | undefined): string | undefined {
  return description ? MARKER.exec(description)?.[1] : undefined;
}

/** The slot a marked client fills; undefined for an unmarked client. */
export function slotOf(description: string | undefined): Slot | undefined {
  const match = description ? MARKER.exec(description) : null;
  return match ? ((match[2] as Slot | undefined) ?? "a") : undefined;
}
