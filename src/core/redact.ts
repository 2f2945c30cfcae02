// The one redaction path. Every byte this program writes to stderr, and every error message, passes through
// redact(). Secrets are registered the moment they are seen (client secrets, tokens, credentials from the
// environment); patterns catch secret-bearing fields that were never registered.

const known = new Set<string>();
const MIN_LENGTH = 6;
const MASK = "[REDACTED]";

const CREDENTIAL_ENV_VARS = ["GENESYSCLOUD_OAUTHCLIENT_SECRET", "GENESYSCLOUD_ACCESS_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

const SECRET_FIELD = /"(?:secret|client_secret|clientSecret|access_token|refresh_token|SecretString|password)"\s*:\s*"((?:[^"\\]|\\.)*)/gi;

const PATTERNS: Array<[RegExp, string]> = [
  [/("(?:secret|client_secret|clientSecret|access_token|refresh_token|SecretString|password)"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi, `$1${MASK}$3`],
  // A body cut short inside a secret-bearing field: mask to the end.
  [/("(?:secret|client_secret|clientSecret|access_token|refresh_token|SecretString|password)"\s*:\s*")((?:[^"\\]|\\.)*)$/gi, `$1${MASK}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${MASK}`],
  [/((?:client_secret|password|access_token)=)[^&\s"']+/gi, `$1${MASK}`],
];

/** Remember a value that must never be printed. Also remembers the encodings it may travel in. */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < MIN_LENGTH) return;
  known.add(value);
  known.add(encodeURIComponent(value));
  known.add(JSON.stringify(value).slice(1, -1));
}

/**
 * Register every secret-bearing JSON field of a response body the moment it arrives, even when the body is cut
 * short or malformed, so that any later echo of that value (in free text, in another error) is masked too.
 */
export function registerSecretFields(text: string): void {
  for (const match of text.matchAll(SECRET_FIELD)) {
    const raw = match[1];
    if (!raw) continue;
    registerSecret(raw);
    try {
      registerSecret(JSON.parse(`"${raw}"`) as string);
    } catch {
      // a value cut short mid-escape: the raw form is registered
    }
  }
}

/** Register id:secret as it appears base64-encoded in a Basic Authorization header. */
export function registerBasicCredentials(id: string, secret: string): void {
  registerSecret(secret);
  registerSecret(Buffer.from(`${id}:${secret}`).toString("base64"));
}

export function registerEnvironmentCredentials(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of CREDENTIAL_ENV_VARS) registerSecret(env[name]);
  const id = env.GENESYSCLOUD_OAUTHCLIENT_ID;
  const secret = env.GENESYSCLOUD_OAUTHCLIENT_SECRET;
  if (id && secret) registerBasicCredentials(id, secret);
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another registered value is masked whole.
  for (const value of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(value)) out = out.split(value).join(MASK);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** True when the text contains a registered secret (used as a last check before writing stdout). */
export function containsKnownSecret(text: string): boolean {
  for (const value of known) if (text.includes(value)) return true;
  return false;
}

/** For tests only. */
export function forgetAllSecrets(): void {
  known.clear();
}
