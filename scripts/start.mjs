// npm start: build the app and the server when the build is missing or older than the sources, then serve the
// built JavaScript (build/node/server.js) as production does.
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureBuilt, NODE_OUT } from "./build.mjs";
import { mocksForStart } from "./mock-mode.mjs";

try {
  await ensureBuilt({ app: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
// The embedded demo runs in mock mode (simulated networks, a demo screen in LinkedIn's place) unless
// MOCKS says otherwise; a deployment only with MOCKS=true set by hand.
const mocks = mocksForStart(process.env);
if (mocks === "true" && process.env.MOCKS === undefined) console.log("Embedded demo: mock mode on (MOCKS=true).");
const child = spawn(process.execPath, ["--enable-source-maps", path.join(NODE_OUT, "server.js")], {
  stdio: "inherit",
  env: { NODE_ENV: "production", ...process.env, ...(mocks === undefined ? {} : { MOCKS: mocks }) },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
