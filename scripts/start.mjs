// npm start: build the app when the build is missing or older than the sources, then serve it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { mocksForStart } from "./mock-mode.mjs";

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const buildEntry = "build/server/index.js";
const stale =
  !existsSync(buildEntry) ||
  Math.max(newestMtime("app"), statSync("remix.config.js").mtimeMs, statSync("vite.config.ts").mtimeMs) >
    statSync(buildEntry).mtimeMs;
if (stale) {
  console.log("Building Chorus (first start or sources changed)…");
  const result = spawnSync("npx", ["remix", "vite:build"], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  // Route modules with only a loader or action build to empty browser chunks; Vite's note about it is noise here.
  const notes = (result.stderr ?? "")
    .split("\n")
    .filter(
      (line) =>
        line.trim() && !line.includes("Generated an empty chunk") && !line.includes('Unknown user config "nodedir"'),
    );
  if (notes.length) console.error(notes.join("\n"));
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// The embedded demo runs in mock mode (simulated networks, a demo screen in LinkedIn's place) unless
// MOCKS says otherwise; a deployment only with MOCKS=true set by hand.
const mocks = mocksForStart(process.env);
if (mocks === "true" && process.env.MOCKS === undefined) console.log("Embedded demo: mock mode on (MOCKS=true).");
const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  stdio: "inherit",
  env: { NODE_ENV: "production", ...process.env, ...(mocks === undefined ? {} : { MOCKS: mocks }) },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
