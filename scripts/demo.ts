// `make demo`: a real terraform apply of terraform/examples/local against the local Genesys simulator and moto,
// offline, with the test suite's own services (test/support). Shows the plan writing nothing, what the apply did per
// client, the outputs, a clean second plan, that no file of the run holds a client secret, that the stored secret
// obtains a token, then destroys everything and stops the services. Never prints a secret.
// DEMO_KEEP=1 skips the destroy and keeps the workspace (the services stop anyway, so it is for reading only).
import { localExampleWorkspace, scanDirectory } from "../test/e2e/helpers.js";
import { describeSecret, getClient, readStoredDocument, tokenStatus, writeCounts } from "../test/support/inspect.js";
import { startServices } from "../test/support/services.js";

const started = Date.now();
let stepStarted: number | undefined;
function step(title: string): void {
  if (stepStarted !== undefined) console.log(`    (${((Date.now() - stepStarted) / 1000).toFixed(1)} s)`);
  stepStarted = Date.now();
  console.log(`==> ${title}`);
}
const show = (text: string, pattern: RegExp) => {
  for (const line of text.split("\n")) if (pattern.test(line)) console.log(`    ${line.trim()}`);
};

step("Starting the Genesys Cloud simulator and moto (loopback only; the simulator's secrets start with 'demo-')");
const services = await startServices({ secretPrefix: "demo-" });
const example = localExampleWorkspace(services);
const keep = process.env.DEMO_KEEP === "1";
try {
  console.log(`    API ${services.sim.apiUrl}, login ${services.sim.loginUrl}, Secrets Manager ${services.moto.url}`);

  step("terraform init (offline: hashicorp/external from the filesystem mirror)");
  show((await example.tf(["init", "-input=false", "-no-color"])).stdout, /Installing|Installed|initialized/);

  step("terraform plan (plans never write: the status read only reads)");
  const before = await writeCounts(services);
  show((await example.tf(["plan", "-input=false", "-no-color"])).stdout, /^Plan:|will be created/);
  const after = await writeCounts(services);
  console.log(`    writes during the plan: Genesys ${after.genesys - before.genesys}, Secrets Manager ${after.secretsManager - before.secretsManager}`);

  step("terraform apply -auto-approve (the ensure step says, per client, what it did)");
  const apply = await example.tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
  show(apply.stdout, /\(local-exec\): genesys-oauth-shim: OAuth client|^Apply complete/);

  step("Outputs");
  const outputs = await example.outputs();
  for (const [name, value] of Object.entries(outputs)) console.log(`    ${name} = ${value}`);

  step("A second plan: nothing to do");
  const second = await example.tf(["plan", "-detailed-exitcode", "-input=false", "-no-color"], { allowFailure: true });
  if (second.code !== 0) throw new Error(`the second plan was not empty (exit ${second.code})\n${second.stdout}`);
  show(second.stdout, /No changes/);

  step("Does any file of this Terraform run hold a client secret? (values stay in this process; only counts are printed)");
  const secrets = await Promise.all([outputs.backend_secret_arn!, outputs.web_app_secret_arn!].map((arn) => readStoredDocument(services, arn)));
  if (!secrets.every((doc) => doc.client_secret.startsWith("demo-"))) throw new Error("unexpected stored secret shape");
  let hits = 0;
  let files = 0;
  for (const doc of secrets) {
    const scanned = scanDirectory(example.root, doc.client_secret);
    hits += scanned.hits.length;
    files = scanned.files;
  }
  const printed = example.runs.reduce((n, run) => n + secrets.filter((doc) => (run.stdout + run.stderr).includes(doc.client_secret)).length, 0);
  console.log(`    ${files} files of the run (state, plans, .terraform, configuration): ${hits} occurrences of the 2 stored client secrets`);
  console.log(`    everything terraform printed: ${printed} occurrences`);
  if (hits + printed !== 0) throw new Error("a client secret leaked");

  step("The stored secret obtains a token from the simulator's login URL");
  const backend = secrets[0]!;
  const status = await tokenStatus(services, backend.client_id, backend.client_secret);
  console.log(`    POST /oauth/token as the backend client: HTTP ${status}`);
  if (status !== 200) throw new Error("the stored secret was refused");

  if (keep) {
    step(`DEMO_KEEP=1: the workspace stays in ${example.ws.dir} (the services stop now, so it is for reading only)`);
  } else {
    step("terraform destroy -auto-approve (the destroy hook runs 'genesys-oauth-shim delete' by secret name)");
    show((await example.tf(["destroy", "-auto-approve", "-input=false", "-no-color"])).stdout, /^Destroy complete/);
    const client = await getClient(services, outputs.backend_client_id!);
    const secret = await describeSecret(services, outputs.backend_secret_arn!);
    const deleted = !("error" in secret) && secret.DeletedDate instanceof Date;
    console.log(
      `    backend client: ${client === undefined ? "gone (404)" : "still there"}; backend secret: ${deleted ? "scheduled for deletion" : "not deleted"}`,
    );
    if (client !== undefined || !deleted) throw new Error("destroy left something behind");
  }
  step(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s; stopping the simulator and moto`);
} finally {
  if (!keep) example.ws.cleanup();
  await services.close();
}
