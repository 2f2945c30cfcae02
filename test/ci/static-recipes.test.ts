// The recipes that cannot run on this machine (no Docker engine, no Atlantis, no HCP Terraform): the Dockerfiles'
// base images and node installs, the Atlantis configuration, and the agent hooks, which do run here.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runProcess } from "../support/processes.js";
import { repoRoot } from "../support/toolchain.js";
import { ATLANTIS_DIR, keysAndStrings, loadYaml, TFC_AGENT_DIR, versionAtLeast } from "./recipes.js";

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(file: string): { keyword: string; args: string }[] {
  const joined = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(" ") };
    });
}

function argDefault(steps: { keyword: string; args: string }[], name: string): string | undefined {
  const arg = steps.find((s) => s.keyword === "ARG" && s.args.startsWith(`${name}=`));
  return arg?.args.slice(name.length + 1);
}

describe("Atlantis recipe (checked statically: no Docker engine here)", () => {
  const steps = instructions(join(ATLANTIS_DIR, "Dockerfile"));

  it("FROM the Atlantis image, at a pinned version", () => {
    const from = steps.filter((s) => s.keyword === "FROM");
    assert.deepEqual(
      from.map((s) => s.args),
      ["ghcr.io/runatlantis/atlantis:${ATLANTIS_VERSION}"],
    );
    assert.match(argDefault(steps, "ATLANTIS_VERSION") ?? "", /^v\d+\.\d+\.\d+$/);
  });

  it("installs nodejs >= 20.18.1 as root, checks it, and goes back to the atlantis user", () => {
    const users = steps.filter((s) => s.keyword === "USER").map((s) => s.args);
    assert.deepEqual(users, ["root", "atlantis"]);
    const run = steps.find((s) => s.keyword === "RUN" && /apk add/.test(s.args));
    const floor = /"nodejs>=(\d+\.\d+\.\d+)"/.exec(run?.args ?? "")?.[1];
    assert.ok(floor !== undefined && versionAtLeast(floor, "20.18.1"), `node constraint in: ${run?.args}`);
    assert.match(run!.args, /&& node --version$/);
    const order = steps.map((s) => s.keyword + " " + s.args);
    assert.ok(order.indexOf("USER root") < order.indexOf(`RUN ${run!.args}`) && order.indexOf(`RUN ${run!.args}`) < order.indexOf("USER atlantis"));
  });

  it("atlantis.yaml: a version 3 project in an existing root module, autoplanned on module changes, no read_only", () => {
    const config = loadYaml(join(ATLANTIS_DIR, "atlantis.yaml")) as { version: number; projects: { dir: string; autoplan: { when_modified: string[] } }[] };
    assert.equal(config.version, 3);
    assert.equal(config.projects.length, 1);
    const project = config.projects[0]!;
    assert.ok(existsSync(join(repoRoot, project.dir, "main.tf")), `${project.dir}/main.tf exists`);
    assert.ok(project.autoplan.when_modified.includes("../../modules/**/*.tf"));
    assert.deepEqual(
      keysAndStrings(config).filter((text) => /read_only|TF_VAR_|GENESYSCLOUD/.test(text)),
      [],
      "Atlantis applies the PR's plan: no read_only there",
    );
  });

  it("repos.yaml: applies need an approved, mergeable pull request; no overrides", () => {
    const repos = loadYaml(join(ATLANTIS_DIR, "repos.yaml")) as { repos: { apply_requirements: string[]; allowed_overrides: string[] }[] };
    assert.deepEqual(repos.repos[0]!.apply_requirements, ["approved", "mergeable"]);
    assert.deepEqual(repos.repos[0]!.allowed_overrides, []);
  });
});

describe("HCP Terraform / TFE agent recipe (checked statically: no Docker engine here)", () => {
  const steps = instructions(join(TFC_AGENT_DIR, "Dockerfile"));

  it("FROM hashicorp/tfc-agent", () => {
    assert.deepEqual(
      steps.filter((s) => s.keyword === "FROM").map((s) => s.args),
      ["hashicorp/tfc-agent:${TFC_AGENT_VERSION}"],
    );
  });

  it("downloads an exact Node.js >= 20.18.1 from nodejs.org, verifies its checksum, as root, then back to tfc-agent", () => {
    const version = argDefault(steps, "NODE_VERSION");
    assert.match(version ?? "", /^\d+\.\d+\.\d+$/);
    assert.ok(versionAtLeast(version!, "20.18.1"), `NODE_VERSION ${version}`);
    const run = steps.find((s) => s.keyword === "RUN" && /nodejs\.org/.test(s.args))!.args;
    assert.match(run, /https:\/\/nodejs\.org\/dist\/v\$\{NODE_VERSION\}\/\$\{file\}/);
    assert.match(run, /SHASUMS256\.txt" \| grep " \$\{file\}\\\$" \| sha256sum -c -/);
    assert.match(run, /tar -xJf "\$\{file\}" -C \/usr\/local --strip-components=1/);
    assert.match(run, /node --version$/);
    assert.deepEqual(
      steps.filter((s) => s.keyword === "USER").map((s) => s.args),
      ["root", "tfc-agent"],
    );
    assert.equal(steps.at(-1)?.keyword, "USER", "the image ends as the unprivileged tfc-agent user");
  });

  it("the RUN script is valid sh", () => {
    const run = steps.find((s) => s.keyword === "RUN" && /nodejs\.org/.test(s.args))!.args;
    execFileSync("sh", ["-n", "-c", run]);
  });

  it("the hooks write the run's token to AWS_WEB_IDENTITY_TOKEN_FILE, owner-only, printing nothing", async () => {
    const hooks = readdirSync(join(TFC_AGENT_DIR, "hooks")).sort();
    assert.deepEqual(hooks, ["terraform-pre-apply", "terraform-pre-plan"]);
    const dir = mkdtempSync(join(tmpdir(), "tfc-hooks-"));
    try {
      for (const hook of hooks) {
        const path = join(TFC_AGENT_DIR, "hooks", hook);
        assert.ok((statSync(path).mode & 0o111) !== 0, `${hook} is executable`);
        const tokenFile = join(dir, `${hook}.token`);
        const token = `eyJ.token-of-${hook}`;
        const ok = await runProcess(path, [], {
          env: { PATH: process.env.PATH ?? "", AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, TFC_WORKLOAD_IDENTITY_TOKEN: token },
        });
        assert.equal(ok.code, 0, ok.stderr);
        assert.equal(ok.stdout + ok.stderr, "");
        assert.equal(readFileSync(tokenFile, "utf8"), token);
        assert.equal(statSync(tokenFile).mode & 0o077, 0, "the token file is owner-only");
        const missing = await runProcess(path, [], { env: { PATH: process.env.PATH ?? "", AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile } });
        assert.notEqual(missing.code, 0);
        assert.match(missing.stderr, /TFC_WORKLOAD_IDENTITY_AUDIENCE/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
