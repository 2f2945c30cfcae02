// Genesys Cloud checks: credentials present, region, token, list permission; with --write-check a throwaway
// client is created, edited and deleted. All calls go through the shim's own session (one HTTP path).
import { randomUUID } from "node:crypto";
import type { GenesysEndpoints } from "../genesys/endpoints.js";
import { resolveEndpoints } from "../genesys/endpoints.js";
import type { GenesysSession } from "../genesys/session.js";
import { credentialsFromEnvironment, type GenesysCredentials } from "../genesys/token.js";
import { describeRemoval, getExpectedClient, removeClient } from "../reconcile/remove-client.js";
import { CHECK, fail, failFromError, pass, upstreamOf, type CheckResult } from "./result.js";

export function checkGenesysCredentials(env: NodeJS.ProcessEnv): { result: CheckResult; credentials?: GenesysCredentials } {
  const name = CHECK.genesysCredentials;
  try {
    const credentials = credentialsFromEnvironment(env);
    const which = credentials.accessToken
      ? "GENESYSCLOUD_ACCESS_TOKEN is set (it is used instead of client credentials)"
      : "GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET are set";
    return { result: pass(name, which), credentials };
  } catch (error) {
    return { result: failFromError(name, error) };
  }
}

export function checkGenesysRegion(region: string | undefined, env: NodeJS.ProcessEnv): { result: CheckResult; endpoints?: GenesysEndpoints } {
  const name = CHECK.genesysRegion;
  try {
    const endpoints = resolveEndpoints(region, env);
    const source = region ? "--genesys-region" : env.GENESYSCLOUD_REGION ? "GENESYSCLOUD_REGION" : "the default";
    return {
      result: pass(name, `${endpoints.region.name} (${endpoints.region.domain}) from ${source}: API ${endpoints.apiBaseUrl}, login ${endpoints.loginBaseUrl}`),
      endpoints,
    };
  } catch (error) {
    return {
      result: failFromError(
        name,
        error,
        "Set GENESYSCLOUD_REGION (or --genesys-region) to a region name such as eu-west-1 or its domain such as mypurecloud.ie.",
      ),
    };
  }
}

export async function checkToken(session: GenesysSession, credentials: GenesysCredentials): Promise<CheckResult> {
  const name = CHECK.token;
  if (credentials.accessToken) return pass(name, "GENESYSCLOUD_ACCESS_TOKEN is used as given (the next check proves it is accepted)");
  try {
    await session.accessToken();
    return pass(name, `a client-credentials token was issued by ${session.endpoints.loginBaseUrl}`);
  } catch (error) {
    const { status, code } = upstreamOf(error);
    if (status === 401) {
      return fail(
        name,
        `the login service refused the client (HTTP 401${code ? `, ${code}` : ""}): the client secret is wrong, or the client id belongs to another organisation or region`,
        "Check GENESYSCLOUD_OAUTHCLIENT_SECRET (regenerate it in Admin > OAuth if unsure) and that GENESYSCLOUD_REGION is the organisation's region.",
      );
    }
    if (status === 400 && (code === "unsupported_grant_type" || code === "unauthorized_client")) {
      return fail(
        name,
        `the login service refused grant_type=client_credentials (HTTP 400, ${code}): GENESYSCLOUD_OAUTHCLIENT_ID is not a Client Credentials client`,
        "Use an OAuth client whose grant type is Client Credentials.",
      );
    }
    return failFromError(name, error);
  }
}

export async function checkListClients(session: GenesysSession): Promise<CheckResult> {
  const name = CHECK.listClients;
  try {
    const clients = await session.clients.list();
    return pass(name, `oauth:client:view granted (${clients.length} client(s) visible)`);
  } catch (error) {
    const { status } = upstreamOf(error);
    if (status === 403)
      return fail(
        name,
        "listing OAuth clients was refused (HTTP 403): the client's roles lack oauth:client:view",
        "Give the client in GENESYSCLOUD_OAUTHCLIENT_ID a role with oauth:client:view, oauth:client:add, oauth:client:edit and oauth:client:delete.",
      );
    if (status === 401)
      return fail(
        name,
        "the access token was refused (HTTP 401): it is invalid or expired",
        "Set a fresh GENESYSCLOUD_ACCESS_TOKEN, or unset it and use client credentials.",
      );
    return failFromError(name, error);
  }
}

/**
 * Creates, deactivates (edit) and deletes a throwaway client: the only proof of add/edit/delete. Genesys refuses a
 * client-credentials client without roles (missing.client.roles) and lets a caller assign only roles it holds itself,
 * so the probe gets one role of the calling client's own.
 */
export async function writeCheckGenesys(session: GenesysSession, credentials: GenesysCredentials): Promise<CheckResult> {
  const name = CHECK.genesysWrite;
  const probeName = `genesys-oauth-shim doctor probe ${randomUUID().slice(0, 8)}`;
  let createdId: string | undefined;
  try {
    // The caller exists; a 404 is a client created moments ago that GET cannot read yet.
    const self = credentials.clientId ? await getExpectedClient(session.clients, credentials.clientId) : undefined;
    const role = self?.roleDivisions?.[0];
    if (!role) {
      const why = credentials.clientId
        ? `the calling client ${credentials.clientId} holds no role (or cannot read itself)`
        : "GENESYSCLOUD_ACCESS_TOKEN names no client whose roles it could read";
      return fail(
        name,
        `cannot give the throwaway client a role: ${why}; Genesys Cloud refuses a client-credentials client without one`,
        "Run doctor --write-check with GENESYSCLOUD_OAUTHCLIENT_ID/SECRET of the client Terraform uses (it must hold a role; it may assign only roles it holds).",
      );
    }
    const created = await session.clients.create({
      name: probeName,
      description: "Created and deleted at once by `genesys-oauth-shim doctor --write-check`.",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [role],
    });
    createdId = created.id;
    const removal = await removeClient(session.clients, { ...created, secret: undefined });
    createdId = undefined;
    return pass(
      name,
      `created (with the role ${role.roleId} in division ${role.divisionId}, one of the calling client's own), deactivated and deleted "${probeName}"${removal === "absent" ? "" : describeRemoval(removal)}`,
    );
  } catch (error) {
    const leftover = createdId ? ` The probe client ${createdId} ("${probeName}") is left behind; delete it in Admin > OAuth.` : "";
    const result = failFromError(name, error);
    return { ...result, detail: result.detail + leftover };
  }
}
