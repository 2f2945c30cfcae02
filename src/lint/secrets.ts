// Secret-likeness: the ONE place that decides whether a name is secret and which provider attributes are secret
// by schema. The taint graph (taint.ts) builds on it; rules never decide this themselves.

const SECRET_WORDS = new Set([
  "secret",
  "password",
  "passwd",
  "pwd",
  "token",
  "credential",
  "credentials",
  "creds",
  "apikey",
  "privatekey",
  "clientsecret",
  "passphrase",
]);
const SECRET_PAIRS = new Set(["private key", "api key", "secret key", "access key secret", "client secret", "auth token"]);
/** Trailing words that say how a secret is encoded, not what the name is about: secret_string, password_v4, private_key_pem. */
const ENCODING_SUFFIX = new Set([
  "value",
  "string",
  "plaintext",
  "plain",
  "text",
  "raw",
  "wo",
  "b64",
  "base64",
  "pem",
  "openssh",
  "pkcs8",
  "hex",
  "bytes",
  "v1",
  "v2",
  "v3",
  "v4",
  "v5",
]);
/** A leading word that makes the name a switch or a description, not a secret: expose_client_secret, force_overwrite_replica_secret. */
const NOT_SECRET_FIRST = new Set([
  "expose",
  "rotate",
  "create",
  "enable",
  "use",
  "store",
  "manage",
  "generate",
  "regenerate",
  "has",
  "is",
  "should",
  "skip",
  "require",
  "ignore",
  "allow",
  "include",
  "recovery",
  "force",
  "expire",
  "max",
  "min",
  "reset",
]);
/** Any of these words makes the value a protected or derived form, not the secret: encrypted_secret, password_hash. */
const NOT_SECRET_ANY = new Set(["encrypted", "hash", "fingerprint", "sha", "sha256", "md5", "public", "kms", "ssm", "secretsmanager"]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * A name that holds a secret: the secret word is what the name ends in (after encoding suffixes like _string,
 * _wo, _v4, _pem). secret_name, http_tokens, expire_passwords, password_reuse_prevention,
 * master_user_password_rotation_schedule_expression and encrypted_secret are not secrets.
 */
export function isSecretName(name: string): boolean {
  const w = words(name);
  while (w.length > 1 && ENCODING_SUFFIX.has(w[w.length - 1]!)) w.pop();
  if (w.length === 0 || NOT_SECRET_FIRST.has(w[0]!) || w.some((x) => NOT_SECRET_ANY.has(x))) return false;
  const last = w[w.length - 1]!;
  if (SECRET_WORDS.has(last)) return true;
  const lastTwo = w.length >= 2 ? `${w[w.length - 2]} ${last}` : "";
  const lastThree = w.length >= 3 ? `${w[w.length - 3]} ${lastTwo}` : "";
  return SECRET_PAIRS.has(lastTwo) || SECRET_PAIRS.has(lastThree);
}

/** True for write-only arguments (Terraform 1.11): never stored in state or plan. */
export function isWriteOnlyArgument(name: string): boolean {
  return /_wo$/.test(name);
}

/**
 * Attributes that are secret by provider schema, per resource / data source type. `genesys` marks the Genesys
 * OAuth client secret, the value this project exists to keep out of state.
 */
export const SECRET_ATTRIBUTES: Record<string, { attributes: string[]; genesys?: boolean }> = {
  genesyscloud_oauth_client: { attributes: ["client_secret"], genesys: true },
  aws_secretsmanager_secret_version: { attributes: ["secret_string", "secret_binary"] },
  random_password: { attributes: ["result", "bcrypt_hash"] },
  random_string: { attributes: [] },
  tls_private_key: { attributes: ["private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"] },
  aws_iam_access_key: { attributes: ["secret", "ses_smtp_password_v4"] },
  aws_ssm_parameter: { attributes: ["value", "insecure_value"] },
  aws_iam_user_login_profile: { attributes: ["password"] },
  aws_db_instance: { attributes: ["password"] },
  aws_rds_cluster: { attributes: ["master_password"] },
  kubernetes_secret: { attributes: ["data", "binary_data"] },
  kubernetes_secret_v1: { attributes: ["data", "binary_data"] },
};

/** Arguments of resources that are secret stores: what they hold is a secret by purpose, and Terraform keeps it in state. */
export const SECRET_STORE_ARGUMENTS: Record<string, string[]> = {
  aws_secretsmanager_secret_version: ["secret_string", "secret_binary"],
  kubernetes_secret: ["data", "binary_data"],
  kubernetes_secret_v1: ["data", "binary_data"],
};

/**
 * Arguments that publish their value in plain text beyond state (anyone who may read the object reads it): a
 * secret already in state copied there is a second copy, worth a notice.
 */
export const PLAIN_PUBLISHING_ARGUMENTS: Record<string, string[]> = {
  kubernetes_config_map: ["data", "binary_data"],
  kubernetes_config_map_v1: ["data", "binary_data"],
};

/** Arguments with a write-only counterpart (Terraform 1.11, recent providers): recommend it where a secret goes. */
export const WRITE_ONLY_ALTERNATIVE: Record<string, Record<string, string>> = {
  aws_secretsmanager_secret_version: {
    secret_string: "secret_string_wo (+ secret_string_wo_version)",
    secret_binary: "secret_string_wo (+ secret_string_wo_version)",
  },
  aws_db_instance: { password: "password_wo (+ password_wo_version)" },
  aws_rds_cluster: { master_password: "master_password_wo (+ master_password_wo_version)" },
  aws_docdb_cluster: { master_password: "master_password_wo (+ master_password_wo_version)" },
  aws_redshift_cluster: { master_password: "master_password_wo (+ master_password_wo_version)" },
  aws_ssm_parameter: { value: "value_wo (+ value_wo_version)" },
};
