// Writes the Requirements / Inputs / Outputs tables of every module README under terraform/modules/, between
// terraform-docs' own markers (<!-- BEGIN_TF_DOCS --> ... <!-- END_TF_DOCS -->), in terraform-docs' markdown-table
// layout, sorted by name. terraform-docs itself is a Go module that the Go proxy here refuses; with it installed,
// `terraform-docs markdown table --output-file README.md <module>` regenerates the same section.
//
//   node scripts/module-docs.mjs           rewrite the READMEs
//   node scripts/module-docs.mjs --check   exit 1, naming the README, when a table is out of date
import { parse } from "@cdktf/hcl2json";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const BEGIN = "<!-- BEGIN_TF_DOCS -->";
const END = "<!-- END_TF_DOCS -->";

/** "${list(string)}" -> "list(string)", whitespace folded as terraform-docs prints it. */
function expression(value) {
  const text = typeof value === "string" && value.startsWith("${") && value.endsWith("}") ? value.slice(2, -1) : JSON.stringify(value);
  return text.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")");
}

const cell = (text) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");

async function moduleBlocks(dir) {
  const merged = { variable: {}, output: {}, terraform: [] };
  for (const name of (await readdir(dir)).filter((file) => file.endsWith(".tf")).sort()) {
    const parsed = await parse(name, await readFile(join(dir, name), "utf8"));
    Object.assign(merged.variable, parsed.variable ?? {});
    Object.assign(merged.output, parsed.output ?? {});
    merged.terraform.push(...(parsed.terraform ?? []));
  }
  return merged;
}

export async function renderTables(dir) {
  const { variable, output, terraform } = await moduleBlocks(dir);
  const lines = ["## Requirements", "", "| Name | Version |", "|------|---------|"];
  for (const block of terraform) {
    if (block.required_version) lines.push(`| terraform | ${cell(block.required_version)} |`);
    for (const providers of block.required_providers ?? []) {
      for (const [name, spec] of Object.entries(providers).sort()) lines.push(`| ${name} | ${cell(spec.version ?? "n/a")} |`);
    }
  }
  lines.push("", "## Inputs", "", "| Name | Description | Type | Default | Required |", "|------|-------------|------|---------|:--------:|");
  for (const [name, [spec]] of Object.entries(variable).sort(([a], [b]) => a.localeCompare(b))) {
    const required = !("default" in spec);
    const fallback = required ? "n/a" : `\`${expression(spec.default)}\``;
    lines.push(
      `| ${name} | ${cell(spec.description ?? "n/a")} | \`${cell(expression(spec.type ?? "${any}"))}\` | ${cell(fallback)} | ${required ? "yes" : "no"} |`,
    );
  }
  lines.push("", "## Outputs", "", "| Name | Description |", "|------|-------------|");
  for (const [name, [spec]] of Object.entries(output).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${name} | ${cell(spec.description ?? "n/a")} |`);
  }
  return lines.join("\n");
}

async function main() {
  const check = process.argv.includes("--check");
  const modules = join(root, "terraform", "modules");
  let stale = 0;
  for (const name of (await readdir(modules, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    const readme = join(modules, name, "README.md");
    const text = await readFile(readme, "utf8");
    const begin = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (begin < 0 || end < begin) throw new Error(`${readme}: no ${BEGIN} ... ${END} section`);
    const updated = `${text.slice(0, begin + BEGIN.length)}\n${await renderTables(join(modules, name))}\n${text.slice(end)}`;
    if (updated === text) continue;
    stale += 1;
    if (check) console.error(`${readme}: the inputs/outputs tables are out of date; run 'make docs' and commit the README`);
    else await writeFile(readme, updated);
  }
  if (check && stale) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
