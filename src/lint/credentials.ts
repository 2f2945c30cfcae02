// What a literal credential looks like, and what only stands for one. The credential rules (hardcoded_credential)
// ask here; names come from secrets.ts. A value under a secret-like key is a credential unless it is a reference
// to a value somewhere else: a JSONPath into a response (Genesys data actions' translation_map: "$.access_token"),
// a template placeholder ({{password}}, ${input.secret}, #{secret}, <password>, %PASSWORD%, __TOKEN__, $TOKEN),
// a documentation placeholder (your-client-secret, changeme), a mask (***, xxx) or an empty JSON string ("\"\"").

const PLACEHOLDER_PATTERNS: RegExp[] = [
  /^\$(?:\.|\[|\.\.|$)/, // JSONPath: $, $.a, $['a'], $..a
  /^@\./, // JSONPath relative to the current node
  /^\$\$?!?\{[^}]*\}$/, // ${...}, $${...} (an escaped Terraform interpolation), $!{...} (Velocity)
  /^\$[A-Za-z_][\w.]*$/, // $TOKEN, $input.secret (shell, Velocity)
  /^\{\{[^}]*\}\}$/, // {{password}} (Mustache, Handlebars, Jinja)
  /^\{%[^%]*%\}$/,
  /^#\{[^}]*\}$/, // #{secret} (Ruby, Octopus)
  /^<[^<>]*>$/, // <password>
  /^\{[A-Za-z_][\w .-]*\}$/, // {your_password}
  /^\[[A-Za-z_][\w .-]*\]$/, // [password]
  /^%[A-Za-z_][\w]*%$/, // %PASSWORD%
  /^__[A-Za-z][\w]*__$/, // __TOKEN__
  /^(?:""|''|\\"\\")$/, // an empty JSON / shell string
  /^(?:\*+|x+|X+|\.{3,}|-+|_+)$/, // masks
  /^(?:true|false|null|none|nil|required|optional|disabled|enabled|redacted|sensitive)$/i,
  /^(?:your|my)[-_ ][\w -]+$/i, // your-oauth-client-secret, my_api_key (documentation examples)
  /^(?:changeme|change[-_ ]me|replace[-_ ]?me|placeholder|todo|tbd)$/i,
];

/** True when the value stands for a credential kept elsewhere rather than being one. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === "" || PLACEHOLDER_PATTERNS.some((p) => p.test(v));
}

/** `Password=…` / `Pwd=…` / `passwd=…` in a connection string (ADO.NET, ODBC, JDBC, libpq keyword form). */
const CONNECTION_PASSWORD = /(?:^|[;?&\s])(?:password|pwd|passwd)\s*=\s*('[^']*'|\{[^}]*\}|[^;&\s'"]+)/gi;

/** Passwords written into connection strings: each with its value and the `Key=value` text to locate. */
export function connectionStringPasswords(text: string): { value: string; needle: string }[] {
  const out: { value: string; needle: string }[] = [];
  for (const m of text.matchAll(CONNECTION_PASSWORD)) {
    const raw = m[1]!;
    const value = raw.replace(/^'(.*)'$/, "$1");
    // A value built by Terraform or a template is not written into the code: Password=${var.db_password}.
    if (/\$\{|%\{/.test(raw) || isPlaceholder(value) || isPlaceholder(raw)) continue;
    out.push({ value, needle: m[0].replace(/^[;?&\s]/, "") });
  }
  return out;
}
