// Genesys Cloud regions: name → domain. Hosts are api.<domain> and login.<domain>.
export const REGIONS: Readonly<Record<string, string>> = {
  "us-east-1": "mypurecloud.com",
  "us-east-2": "use2.us-gov-pure.cloud",
  "us-west-2": "usw2.pure.cloud",
  "ca-central-1": "cac1.pure.cloud",
  "sa-east-1": "sae1.pure.cloud",
  "mx-central-1": "mxc1.pure.cloud",
  "eu-west-1": "mypurecloud.ie",
  "eu-west-2": "euw2.pure.cloud",
  "eu-central-1": "mypurecloud.de",
  "eu-central-2": "euc2.pure.cloud",
  "me-central-1": "mec1.pure.cloud",
  "ap-south-1": "aps1.pure.cloud",
  "ap-northeast-1": "mypurecloud.jp",
  "ap-northeast-2": "apne2.pure.cloud",
  "ap-northeast-3": "apne3.pure.cloud",
  "ap-southeast-1": "apse1.pure.cloud",
  "ap-southeast-2": "mypurecloud.com.au",
  "eusc-de-east-1": "edee1.eusc-pure.cloud",
};

export const DEFAULT_REGION = "us-east-1";

export interface Region {
  name: string;
  domain: string;
}

/** Accepts a region name (case-insensitive) or a region's domain; undefined when it is neither. */
export function findRegion(input: string): Region | undefined {
  const key = input.trim().toLowerCase();
  const byName = REGIONS[key];
  if (byName) return { name: key, domain: byName };
  const domain = key.replace(/^(api|login)\./, "");
  const entry = Object.entries(REGIONS).find(([, d]) => d === domain);
  return entry ? { name: entry[0], domain: entry[1] } : undefined;
}

export function describeAllowedRegions(): string {
  return `a region name (${Object.keys(REGIONS).join(", ")}) or its domain (for example mypurecloud.ie)`;
}
