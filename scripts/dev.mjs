// npm run dev: the Vite dev server, in mock mode on the embedded database like `npm start`
// (scripts/mock-mode.mjs), so a developer's LinkedIn, X and Facebook are simulated unless MOCKS says otherwise.
import { spawn } from "node:child_process";
import { mocksForStart } from "./mock-mode.mjs";

const mocks = mocksForStart(process.env);
const child = spawn(process.execPath, ["--import", "tsx", "server.ts", "--dev"], {
  stdio: "inherit",
  env: { ...process.env, ...(mocks === undefined ? {} : { MOCKS: mocks }) },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
