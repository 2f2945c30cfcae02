// The entry of the bundled shim (scripts/build.mjs), in front of the CLI. Terraform starts one process per module
// instance on every plan, so the bundle's start-up is most of what a run costs. Two things make it cheaper:
//
// 1. V8's code cache. The CLI is embedded as a CommonJS function and compiled through node:vm with the cache V8
//    produced for the same bytes on an earlier run (Node 20 has no code cache for ES modules). The cache holds
//    compiled code of the bundle's own source and nothing a run computed: no query, no response, no credential,
//    no secret. It lives in a directory of the OS temp dir that only this user can read or write, and is used only
//    when that directory is a real directory, owned by this user, mode 0700. The file name carries the SHA-256 of
//    the embedded code (V8 itself checks only its length) plus the Node version and architecture; V8 rejects a
//    cache of another V8 build or flags, and a rejected or missing cache is rewritten at exit (write, then rename:
//    concurrent runs never read half a file). One file per command. GENESYS_OAUTH_SHIM_CODE_CACHE=off turns it off.
// 2. A V8 tier-up budget that keeps WebAssembly on the baseline compiler: undici's HTTP parser for `external` and
//    `delete`. Optimising its huge function cost more CPU than the whole rest of a run. (`lint` parses HCL in
//    TypeScript since issue 18 and runs no WebAssembly.)
//
// docs/PERFORMANCE.md has the figures. `simulate` is a long-running server: it keeps V8's defaults and no cache.
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Script } from "node:vm";

declare const __SHIM_PAYLOAD__: string;
declare const __SHIM_PAYLOAD_SHA256__: string;

type PayloadFunction = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  bundleUrl: string,
  filename: string,
  dirnameOfFile: string,
) => void;

const LONG_RUNNING = new Set(["simulate"]);
const CACHED_COMMANDS = new Set(["external", "external-many", "ensure", "delete", "lint", "doctor"]);

/** The per-user cache directory, or undefined when it cannot be trusted. */
function cacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  if (/^(off|0|false|no)$/i.test(env.GENESYS_OAUTH_SHIM_CODE_CACHE ?? "")) return undefined;
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const dir = join(tmpdir(), `genesys-oauth-shim-code-cache-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") return undefined;
  }
  try {
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || stat.isSymbolicLink() || stat.uid !== uid || (stat.mode & 0o077) !== 0) return undefined;
  } catch {
    return undefined;
  }
  return dir;
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600, flag: "wx" });
    renameSync(temporary, file);
  } catch {
    // a cache that cannot be written costs the next run its compile time, nothing else
  }
}

// First, before anything that needs a newer Node (undici 7 needs 20.18.1): one line instead of a stack trace, or
// instead of the 30 lines of generic advice the external provider adds around an unreadable failure.
const [major = 0, minor = 0, patch = 0] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && (minor < 18 || (minor === 18 && patch < 1)))) {
  process.stderr.write(
    `genesys-oauth-shim: Node.js ${process.version} is too old; it needs Node.js >= 20.18.1. Install Node.js 20.18.1 or newer and put it first on PATH.\n`,
  );
  process.exit(1);
}

const bundleUrl = import.meta.url;
const filename = fileURLToPath(bundleUrl);
const command = process.argv[2] ?? "";
const shortRun = !LONG_RUNNING.has(command);
if (shortRun) setFlagsFromString("--wasm-tiering-budget=2000000000");

const dir = shortRun ? cacheDirectory(process.env) : undefined;
// One cache per command: a cache holds the functions the run that wrote it compiled, and an accepted one is never
// rewritten, so `external` must not start from the cache a `lint` or `--version` run happened to write first.
const cacheName = CACHED_COMMANDS.has(command) ? command : "other";
const cacheFile = dir === undefined ? undefined : join(dir, `${__SHIM_PAYLOAD_SHA256__}-${cacheName}-node${process.version}-${process.arch}.v8cache`);
const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile);
const script = new Script(`(function (exports, require, module, __shimBundleUrl, __filename, __dirname) {${__SHIM_PAYLOAD__}\n})`, {
  filename: bundleUrl,
  ...(cachedData ? { cachedData } : {}),
});
if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
  // At exit the functions the run compiled are in the cache too, not only the top level.
  process.once("exit", () => writeCache(cacheFile, script.createCachedData()));
}
const payloadModule = { exports: {} };
(script.runInThisContext() as PayloadFunction)(payloadModule.exports, createRequire(bundleUrl), payloadModule, bundleUrl, filename, dirname(filename));
