// Secret-likeness: the ONE place that decides whether a name or a value is secret. Every rule reuses it.
import { references } from "./expressions.js";
import type { Block } from "./model.js";

const SECRET_WORDS = new Set(["secret", "secrets", "password", "passwords", "passwd", "pwd", "token", "tokens", "credential", "credentials", "creds", "apikey", "privatekey", "clientsecret"]);
const SECRET_PAIRS = new Set(["private key", "api key", "secret key", "client secret"]);
/** A trailing word that makes the name describe a secret rather than hold one: secret_name, token_url, ... */
const NOT_SECRET_LAST = new Set(["name", "names", "arn", "arns", "id", "ids", "url", "urls", "uri", "uris", "endpoint", "path", "file", "prefix", "suffix", "version", "versions", "type", "types", "kind", "length", "ttl", "tags", "tag", "count", "enabled", "policy", "rotation", "recovery", "seconds", "days", "hours", "minutes", "validity", "expiry", "expiration", "header", "label", "description", "region", "format", "mode", "trigger", "location", "env", "var", "variable", "key_id", "rotated", "exists"]);
/** A leading verb that makes the name a switch, not a secret: expose_client_secret, rotate_token, ... */
const NOT_SECRET_FIRST = new Set(["expose", "rotate", "create", "enable", "use", "store", "manage", "generate", "regenerate", "has", "is", "should", "skip", "require", "ignore", "allow", "include", "recovery"]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** secret|password|passwd|token|client_secret|private_key|api_key|credential — but not secret_name, token_url, ... */
export function isSecretName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  if (NOT_SECRET_LAST.has(w[w.length - 1]!) || NOT_SECRET_FIRST.has(w[0]!)) return false;
  if (w.length >= 2 && `${w[w.length - 2]}_${w[w.length - 1]}` === "key_id") return false;
  if (w.some((x) => SECRET_WORDS.has(x))) return true;
  for (let i = 0; i + 1 < w.length; i++) if (SECRET_PAIRS.has(`${w[i]} ${w[i + 1]}`)) return true;
  return false;
}

/** Attributes of resources and data sources known to carry secrets (type.*.attribute). */
const SECRET_ATTRIBUTES: Record<string, string[]> = {
  genesyscloud_oauth_client: ["client_secret"],
  aws_secretsmanager_secret_version: ["secret_string", "secret_binary"],
  random_password: ["result", "bcrypt_hash"],
  tls_private_key: ["private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"],
  aws_iam_access_key: ["secret", "ses_smtp_password_v4", "encrypted_secret"],
  aws_ssm_parameter: ["value", "insecure_value"],
};

export interface SecretHit {
  /** The reference as written, index steps removed, e.g. `var.genesys_password`. */
  reference: string;
  /** Why it is secret, for messages. */
  reason: string;
}

export class SecretIndex {
  readonly sensitiveVariables = new Set<string>();
  readonly secretVariables = new Map<string, string>();
  readonly secretLocals = new Map<string, string>();

  constructor(topLevel: Block[]) {
    for (const b of topLevel) {
      if (b.type !== "variable" || !b.labels[0]) continue;
      const name = b.labels[0];
      const attr = (n: string) => b.attributes.find((a) => a.name === n)?.value;
      if (attr("sensitive") === true) {
        this.sensitiveVariables.add(name);
        this.secretVariables.set(name, `sensitive variable var.${name}`);
      } else if (attr("ephemeral") === true) this.secretVariables.set(name, `ephemeral variable var.${name}`);
      else if (isSecretName(name)) this.secretVariables.set(name, `var.${name}, named like a secret`);
    }
    const locals = topLevel.filter((b) => b.type === "locals").flatMap((b) => b.attributes);
    for (const l of locals) if (isSecretName(l.name)) this.secretLocals.set(l.name, `local.${l.name}, named like a secret`);
    // Locals derived from secrets are secrets too (fixed point over the module's locals).
    for (let changed = true; changed; ) {
      changed = false;
      for (const l of locals) {
        if (this.secretLocals.has(l.name)) continue;
        const hit = this.find(l.value)[0];
        if (hit) {
          this.secretLocals.set(l.name, `local.${l.name}, derived from ${hit.reference}`);
          changed = true;
        }
      }
    }
  }

  /** Why a single reference is secret, or undefined. */
  classify(ref: string): string | undefined {
    const parts = ref.split(".");
    const [root, second, third] = parts;
    if (root === "var" && second) return this.secretVariables.get(second);
    if (root === "local" && second) return this.secretLocals.get(second);
    if (root === "ephemeral") return `ephemeral value ${ref}`;
    const type = root === "data" ? second : root;
    const attribute = root === "data" ? parts[3] : third;
    if (type && attribute && SECRET_ATTRIBUTES[type]?.includes(attribute)) {
      return type === "genesyscloud_oauth_client" ? `${ref}, the OAuth client's secret` : `${ref}, a secret-bearing attribute`;
    }
    if (["path", "terraform", "count", "each", "self"].includes(root ?? "") && parts.length <= 2) return undefined;
    const last = parts[parts.length - 1];
    if (parts.length >= 2 && last && isSecretName(last)) return `${ref}, named like a secret`;
    return undefined;
  }

  /** Secret references in a value, in order of appearance. */
  find(value: unknown): SecretHit[] {
    const hits: SecretHit[] = [];
    for (const reference of references(value)) {
      const reason = this.classify(reference);
      if (reason && !hits.some((h) => h.reference === reference)) hits.push({ reference, reason });
    }
    return hits;
  }
}
