// `npm run worker|job|db:migrate|db:seed`: runs a built Node entry (build/node/<name>.js), building it first when
// it is missing or older than its sources (esbuild, a second or two), so production needs neither tsx nor msw.
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureBuilt, NODE_ENTRIES, NODE_OUT } from "./build.mjs";

const [name, ...args] = process.argv.slice(2);
if (!name || !(name in NODE_ENTRIES)) {
  console.error(`Usage: node scripts/run.mjs <${Object.keys(NODE_ENTRIES).join("|")}> [arguments]`);
  process.exit(2);
}
await ensureBuilt({ app: false });
const child = spawn(process.execPath, ["--enable-source-maps", path.join(NODE_OUT, `${name}.js`), ...args], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
