// Finds `.tf` and `.tf.json` files under the given paths, recursively, skipping `.terraform/` (and `.git/`).
// A symlinked file is read, as Terraform reads it; a symlinked directory is not descended into (its target is
// linted where it really is, so nothing is linted twice and a link cycle cannot loop).
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

const SKIP_DIRS = new Set([".terraform", ".git", "node_modules"]);

export function isTerraformFile(name: string): boolean {
  return name.endsWith(".tf") || name.endsWith(".tf.json");
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) await walk(full, out);
    } else if (entry.isFile() && isTerraformFile(entry.name)) {
      out.push(full);
    } else if (entry.isSymbolicLink() && isTerraformFile(entry.name)) {
      const target = await stat(full).catch(() => undefined);
      if (target?.isFile()) out.push(full);
    }
  }
}

export class PathError extends Error {}

/** Absolute paths, sorted and de-duplicated. A path given explicitly is taken even if its name is unusual. */
export async function discover(paths: string[], cwd: string): Promise<string[]> {
  const found: string[] = [];
  for (const p of paths) {
    const full = path.resolve(cwd, p);
    let info;
    try {
      info = await stat(full);
    } catch {
      throw new PathError(`no such file or directory: ${p}`);
    }
    if (info.isDirectory()) await walk(full, found);
    else found.push(full);
  }
  return [...new Set(found)].sort();
}

/** Path shown in output: relative to cwd with `/` separators when inside it, else absolute. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  const shown = rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? absolute : rel;
  return shown.split(path.sep).join("/");
}
