#!/usr/bin/env bash
# `make demo`: terraform apply of terraform/examples/local against the local Genesys simulator and moto, offline.
# Shows the outputs, that terraform.tfstate holds no client secret, that the stored secret obtains a token, then
# destroys everything and stops the services it started. Never prints a secret.
#
# Needs what `make toolchain build` provides: terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs, .cache/venv/bin/moto_server,
# .cache/terraform-mirror (hashicorp/external), terraform on PATH or .cache/bin/terraform.
# Knobs: DEMO_KEEP=1 skips the destroy (the services stop anyway, so there is little to keep but the files);
#        TERRAFORM_MIRROR=<dir> uses another filesystem mirror holding hashicorp/external.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SHIM="$ROOT/terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs"
MIRROR=${TERRAFORM_MIRROR:-"$ROOT/.cache/terraform-mirror"}
MOTO="$ROOT/.cache/venv/bin/moto_server"
DEMO="$ROOT/.cache/demo"
WORK="$DEMO/work"
LOGS="$DEMO/logs"
START=$SECONDS
STEP_START=

# Prints a progress line, after the time the previous step took.
step() {
  [ -z "$STEP_START" ] || printf '    (%ss)\n' "$((SECONDS - STEP_START))"
  STEP_START=$SECONDS
  printf '==> %s\n' "$*"
}
die() { printf 'demo: ERROR: %s\n' "$*" >&2; exit 1; }
# Indents a command's output so the ==> lines stand out.
indent() { sed 's/^/    /'; }

if command -v terraform >/dev/null 2>&1; then TF=$(command -v terraform)
elif [ -x "$ROOT/.cache/bin/terraform" ]; then TF="$ROOT/.cache/bin/terraform"
else die "no terraform on PATH and no .cache/bin/terraform: run 'make toolchain'"; fi
[ -f "$SHIM" ] || die "$SHIM is missing: run 'make build'"
[ -x "$MOTO" ] || die "$MOTO is missing: run 'make toolchain'"
[ -d "$MIRROR" ] || die "$MIRROR is missing: run 'make toolchain'"

# --- Services, stopped on any exit ------------------------------------------------------------------------------
SIM_PID= MOTO_PID=
stop_services() {
  local code=$?
  for pid in $SIM_PID $MOTO_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in $SIM_PID $MOTO_PID; do wait "$pid" 2>/dev/null || true; done
  [ "$code" = 0 ] || printf 'demo: failed (exit %s); logs in %s\n' "$code" "$LOGS" >&2
  exit "$code"
}
trap stop_services EXIT
trap 'exit 130' INT TERM

rm -rf "$DEMO"
mkdir -p "$WORK" "$LOGS" "$DEMO/home"

step "Starting the Genesys Cloud simulator (loopback, secrets prefixed 'demo-')"
# Its one JSON line carries the admin credentials: read it from a pipe, never from a file.
coproc SIM { exec node "$SHIM" simulate --port 0 --json --secret-prefix demo- 2>"$LOGS/simulator.err"; }
SIM_PID=$SIM_PID
IFS= read -r -t 20 sim_line <&"${SIM[0]}" || die "the simulator did not start (see $LOGS/simulator.err)"
IFS=$'\t' read -r SIM_API SIM_LOGIN SIM_ADMIN_ID SIM_ADMIN_SECRET < <(node -e '
  const j = JSON.parse(require("fs").readFileSync(0, "utf8"));
  process.stdout.write([j.apiUrl, j.loginUrl, j.adminClientId, j.adminClientSecret].join("\t") + "\n");' <<<"$sim_line")
unset sim_line
echo "    API $SIM_API, login $SIM_LOGIN"

step "Starting moto (AWS Secrets Manager emulator)"
MOTO_PORT=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
"$MOTO" -H 127.0.0.1 -p "$MOTO_PORT" >"$LOGS/moto.log" 2>&1 &
MOTO_PID=$!
MOTO_URL="http://127.0.0.1:$MOTO_PORT"
node -e '
  const url = process.argv[1], deadline = Date.now() + 30000;
  (async function poll() {
    try { await fetch(url + "/moto-api/"); return; } catch {}
    if (Date.now() > deadline) { console.error("moto did not answer at " + url); process.exit(1); }
    setTimeout(poll, 200);
  })();' "$MOTO_URL" || die "moto did not start (see $LOGS/moto.log)"
echo "    $MOTO_URL"

# --- A hermetic environment: only the local services, no real credentials, no network -------------------------
unset GENESYSCLOUD_ACCESS_TOKEN GENESYSCLOUD_REGION AWS_PROFILE AWS_SESSION_TOKEN AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE \
  TF_LOG TF_LOG_PATH TF_CLI_ARGS TF_WORKSPACE
export GENESYSCLOUD_OAUTHCLIENT_ID=$SIM_ADMIN_ID GENESYSCLOUD_OAUTHCLIENT_SECRET=$SIM_ADMIN_SECRET
export GENESYS_OAUTH_SHIM_API_BASE_URL=$SIM_API GENESYS_OAUTH_SHIM_LOGIN_BASE_URL=$SIM_LOGIN
export AWS_ENDPOINT_URL_SECRETS_MANAGER=$MOTO_URL AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo \
  AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE="$DEMO/home/aws-config" AWS_SHARED_CREDENTIALS_FILE="$DEMO/home/aws-credentials"
# The AWS SDK warns on every run under Node 20 that its 2027 releases will need Node 22; not news for a demo.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
export HOME="$DEMO/home" TF_CLI_CONFIG_FILE="$DEMO/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
if [ -d "$MIRROR" ]; then # offline, from the mirror scripts/toolchain.sh built
  cat >"$TF_CLI_CONFIG_FILE" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/external"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/external"]
  }
}
EOF
else # a clone without ../shared/vendor: terraform init fetches hashicorp/external from the public registry
  : >"$TF_CLI_CONFIG_FILE"
fi

step "Copying terraform/examples/local to ${WORK#"$ROOT"/} and running terraform init (offline, from the mirror)"
cp -R terraform/examples/local/. "$WORK/"
module_path=$(node -e 'console.log(require("path").relative(process.argv[1], process.argv[2]))' "$WORK" "$ROOT/terraform/modules/oauth-client")
sed -i.orig "s#\"../../modules/oauth-client\"#\"$module_path\"#" "$WORK/main.tf" && rm -f "$WORK/main.tf.orig"
cd "$WORK"
"$TF" init -input=false -no-color >"$LOGS/init.log" 2>&1 || { cat "$LOGS/init.log" >&2; die "terraform init failed"; }
grep -E 'Installing|Installed|initialized' "$LOGS/init.log" | indent

step "terraform plan (a new client: the read waits for apply, so the plan writes nothing)"
"$TF" plan -input=false -no-color -out="$DEMO/demo.tfplan" >"$LOGS/plan.log" 2>&1 || { cat "$LOGS/plan.log" >&2; die "terraform plan failed"; }
grep -E '^Plan:|will be read during apply' "$LOGS/plan.log" | indent
"$TF" show -json -no-color "$DEMO/demo.tfplan" >"$LOGS/plan.json"
node -e 'fetch(process.argv[1] + "/__sim/counters").then((r) => r.json()).then((j) => {
  const writes = Object.entries(j.counts).filter(([k]) => /^(POST|PUT|DELETE) \/api\//.test(k)).reduce((n, [, v]) => n + v, 0);
  console.log("    Genesys writes during plan: " + writes);
})' "$SIM_API"

step "terraform apply -auto-approve"
"$TF" apply -input=false -no-color -auto-approve >"$LOGS/apply.log" 2>&1 || { cat "$LOGS/apply.log" >&2; die "terraform apply failed"; }
grep -E '^Apply complete' "$LOGS/apply.log" | indent

step "Outputs"
"$TF" output -no-color | indent

step "A second plan: steady state, nothing to do"
set +e
"$TF" plan -input=false -no-color -detailed-exitcode >"$LOGS/plan2.log" 2>&1
plan_code=$?
set -e
[ "$plan_code" = 0 ] || { cat "$LOGS/plan2.log" >&2; die "the second plan was not empty (exit $plan_code)"; }
grep -E 'No changes' "$LOGS/plan2.log" | indent

step "Does any file of this Terraform run hold a client secret? (values stay inside node; only counts are printed)"
# Reads both stored secrets from moto, then counts their occurrences in state, plans, logs and every file here.
node --input-type=module - "$DEMO" "$("$TF" output -raw backend_secret_arn)" "$("$TF" output -raw web_app_secret_arn)" <<'EOF'
import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
const [dir, ...arns] = process.argv.slice(2);
const sm = new SecretsManagerClient({});
const secrets = [];
for (const arn of arns) {
  const { SecretString } = await sm.send(new GetSecretValueCommand({ SecretId: arn }));
  secrets.push(JSON.parse(SecretString).client_secret);
}
if (!secrets.every((s) => typeof s === "string" && s.startsWith("demo-"))) throw new Error("unexpected stored secret shape");
const files = [];
(function walk(d) { for (const n of readdirSync(d)) { const p = join(d, n); statSync(p).isDirectory() ? walk(p) : files.push(p); } })(dir);
let total = 0;
for (const f of files) total += secrets.reduce((n, s) => n + readFileSync(f, "latin1").split(s).length - 1, 0);
const state = readFileSync(join(dir, "work", "terraform.tfstate"), "latin1");
const inState = secrets.reduce((n, s) => n + state.split(s).length - 1, 0);
console.log(`    terraform.tfstate: ${inState} occurrences of the 2 client secrets stored in Secrets Manager`);
console.log(`    all ${files.length} files under .cache/demo (state and backup, saved plan as JSON, logs, .terraform): ${total} occurrences`);
if (total !== 0) process.exit(1);
EOF

step "The stored secret obtains a token from the simulator's login URL"
node --input-type=module - "$("$TF" output -raw backend_secret_arn)" "$SIM_LOGIN" <<'EOF'
import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
const [arn, loginUrl] = process.argv.slice(2);
const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
const { client_id, client_secret } = JSON.parse(SecretString);
const response = await fetch(`${loginUrl}/oauth/token`, {
  method: "POST",
  headers: { authorization: "Basic " + Buffer.from(`${client_id}:${client_secret}`).toString("base64"), "content-type": "application/x-www-form-urlencoded" },
  body: "grant_type=client_credentials",
});
const body = await response.json().catch(() => ({}));
console.log(`    POST /oauth/token as the backend client: HTTP ${response.status}, token_type ${body.token_type ?? "-"}`);
if (!response.ok) process.exit(1);
EOF

if [ "${DEMO_KEEP:-}" = 1 ]; then
  step "DEMO_KEEP=1: leaving the state in ${WORK#"$ROOT"/} (the services stop now, so it is for reading only)"
else
  step "terraform destroy -auto-approve (the destroy hook runs 'genesys-oauth-shim delete')"
  client_id=$("$TF" output -raw backend_client_id)
  secret_arn=$("$TF" output -raw backend_secret_arn)
  "$TF" destroy -input=false -no-color -auto-approve >"$LOGS/destroy.log" 2>&1 || { cat "$LOGS/destroy.log" >&2; die "terraform destroy failed"; }
  grep -E '^Destroy complete' "$LOGS/destroy.log" | indent
  node --input-type=module - "$SIM_API" "$SIM_LOGIN" "$client_id" "$secret_arn" <<'EOF'
import { SecretsManagerClient, DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
const [api, login, clientId, arn] = process.argv.slice(2);
const basic = Buffer.from(`${process.env.GENESYSCLOUD_OAUTHCLIENT_ID}:${process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET}`).toString("base64");
const token = await (await fetch(`${login}/oauth/token`, { method: "POST", headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" })).json();
const get = await fetch(`${api}/api/v2/oauth/clients/${clientId}`, { headers: { authorization: `Bearer ${token.access_token}` } });
console.log(`    GET /api/v2/oauth/clients/<backend client id> as the admin: HTTP ${get.status}${get.status === 404 ? " (gone)" : ""}`);
const d = await new SecretsManagerClient({}).send(new DescribeSecretCommand({ SecretId: arn })).catch((e) => ({ error: e.name }));
console.log(`    backend secret: ${d.error ? d.error : d.DeletedDate ? `scheduled for deletion on ${d.DeletedDate.toISOString().slice(0, 10)} (recovery window 7 days)` : "still active"}`);
if (get.status !== 404 || !d.DeletedDate) process.exit(1);
EOF
fi

step "Done in $((SECONDS - START))s; stopping the simulator and moto"
