import { ShimError } from "../core/errors.js";
import { checkUrlIsSafe } from "../core/url-safety.js";
import { DEFAULT_REGION, describeAllowedRegions, findRegion, type Region } from "./regions.js";

export interface GenesysEndpoints {
  region: Region;
  apiBaseUrl: string;
  loginBaseUrl: string;
}

export function resolveRegion(input: string | undefined, field: string): Region {
  const value = input?.trim() || DEFAULT_REGION;
  const region = findRegion(value);
  if (!region) {
    throw new ShimError("INVALID_INPUT", `invalid input "${field}": unknown Genesys Cloud region "${value}". Allowed: ${describeAllowedRegions()}.`);
  }
  return region;
}

function trimSlash(url: URL): string {
  return url.toString().replace(/\/+$/, "");
}

/** Region from the query, else GENESYSCLOUD_REGION, else us-east-1; base-URL overrides for local use. */
export function resolveEndpoints(queryRegion: string | undefined, env: NodeJS.ProcessEnv = process.env): GenesysEndpoints {
  const region = queryRegion ? resolveRegion(queryRegion, "genesys_region") : resolveRegion(env.GENESYSCLOUD_REGION, "GENESYSCLOUD_REGION");
  const apiOverride = env.GENESYS_OAUTH_SHIM_API_BASE_URL;
  const loginOverride = env.GENESYS_OAUTH_SHIM_LOGIN_BASE_URL;
  const api = apiOverride ? checkUrlIsSafe(apiOverride, "GENESYS_OAUTH_SHIM_API_BASE_URL") : new URL(`https://api.${region.domain}`);
  const login = loginOverride ? checkUrlIsSafe(loginOverride, "GENESYS_OAUTH_SHIM_LOGIN_BASE_URL") : new URL(`https://login.${region.domain}`);
  return { region, apiBaseUrl: trimSlash(api), loginBaseUrl: trimSlash(login) };
}
