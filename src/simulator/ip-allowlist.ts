// The announced (not yet shipped) per-client IP allow-list for client-credentials grants, simulated so tests can
// see a token refusal that is not a wrong secret. Entries are IPv4 addresses or CIDR ranges ("192.0.2.0/24").
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4ToNumber(address: string): number | undefined {
  const match = IPV4.exec(address.replace(/^::ffff:/, ""));
  if (!match) return undefined;
  const parts = match.slice(1).map(Number);
  if (parts.some((part) => part > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + part, 0);
}

export function isAllowListEntry(entry: string): boolean {
  const [address, bits] = entry.split("/");
  if (address === undefined || ipv4ToNumber(address) === undefined) return false;
  return bits === undefined || (/^\d{1,2}$/.test(bits) && Number(bits) <= 32);
}

export function ipAllowed(allowList: readonly string[], remoteAddress: string): boolean {
  if (allowList.length === 0) return true;
  const ip = ipv4ToNumber(remoteAddress);
  if (ip === undefined) return false;
  return allowList.some((entry) => {
    const [address, bits] = entry.split("/");
    const prefix = bits === undefined ? 32 : Number(bits);
    const size = 2 ** (32 - prefix);
    return Math.floor(ip / size) === Math.floor(ipv4ToNumber(address!)! / size);
  });
}
