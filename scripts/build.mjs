// Builds what production runs: the Remix app (Vite, into build/server and build/client) and the Node entry
// points (esbuild, into build/node): the web server, the worker, `npm run job`, migrations and the demo seed.
// Packages stay external, so production needs only the runtime dependencies; the mocks become a chunk of their
// own that an entry loads with a dynamic import only in mock mode (msw is a devDependency).
// `node scripts/build.mjs` builds both; `ensureBuilt()` rebuilds only what is older than its sources.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const NODE_OUT = path.join(root, "build/node");
/** The entry points production runs, by output name. */
export const NODE_ENTRIES = {
  server: "server.ts",
  worker: "jobs/worker.ts",
  job: "jobs/cli.ts",
  migrate: "db/migrate.ts",
  seed: "seed/cli.ts",
};

function newestMtime(target) {
  const full = path.join(root, target);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}
const builtAt = (file) => (existsSync(path.join(root, file)) ? statSync(path.join(root, file)).mtimeMs : -1);
const newest = (targets) => Math.max(...targets.map(newestMtime));

const APP_SOURCES = ["app", "public", "remix.config.js", "vite.config.ts", "package-lock.json"];
const NODE_SOURCES = ["app", "db", "jobs", "mocks", "seed", "server.ts", "scripts/build.mjs", "package-lock.json"];

export function buildApp() {
  // Route modules with only a loader or action build to empty browser chunks; Vite's note about it is noise here.
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
    },
  );
  const notes = (result.stderr ?? "")
    .split("\n")
    .filter(
      (line) =>
        line.trim() && !line.includes("Generated an empty chunk") && !line.includes('Unknown user config "nodedir"'),
    );
  if (notes.length) console.error(notes.join("\n"));
  if (result.status !== 0) throw new Error(`The app build failed (exit ${result.status}).`);
}

/** @param {{ outdir?: string }} [options] @returns {Promise<import("esbuild").Metafile>} */
export async function buildNode({ outdir = NODE_OUT } = {}) {
  const { build } = await import("esbuild");
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: NODE_ENTRIES,
    outdir,
    // Entries and chunks land flat in outdir, beside the migrations folder db/client.server.ts looks for.
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: true,
    metafile: true,
    logLevel: "warning",
  });
  // db/client.server.ts finds its migrations beside the module that holds it.
  cpSync(path.join(root, "db/migrations"), path.join(outdir, "migrations"), { recursive: true });
  return result.metafile;
}

/** Rebuilds the parts older than their sources: `app` for the web server, the Node entries always. */
export async function ensureBuilt({ app }) {
  if (app && newest(APP_SOURCES) > builtAt("build/server/index.js")) {
    console.log("Building Chorus (first start or sources changed)…");
    buildApp();
  }
  if (newest(NODE_SOURCES) > builtAt("build/node/server.js")) await buildNode();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  buildApp();
  await buildNode();
  console.log(
    `Built build/server, build/client and ${Object.keys(NODE_ENTRIES)
      .map((n) => `build/node/${n}.js`)
      .join(", ")}.`,
  );
}
