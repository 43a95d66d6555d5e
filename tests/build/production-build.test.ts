import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNode, NODE_ENTRIES } from "../../scripts/build.mjs";
import type { Metafile } from "esbuild";

/**
 * Production runs the built JavaScript in build/node with only the runtime dependencies installed: whatever an
 * entry point imports statically must be a dependency (or part of Node), so msw, tsx and the test tools stay
 * devDependencies and the mocks load only through mock mode's dynamic import.
 */
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const packageName = (spec: string) =>
  spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? spec);
const isBuiltin = (spec: string) => spec.startsWith("node:") || builtinModules.includes(spec);

let outdir: string;
let metafile: Metafile;
beforeAll(async () => {
  // Inside the project, so the built files resolve packages from its node_modules as build/node does.
  mkdirSync("build", { recursive: true });
  outdir = mkdtempSync(path.join("build", "test-node-"));
  metafile = await buildNode({ outdir });
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** What an output reaches through static imports only (following its own chunks): chunks, packages and the
 * chunks it may load later by dynamic import. */
function staticReach(entryOutput: string) {
  const chunks = new Set<string>();
  const packages = new Set<string>();
  const dynamicTargets = new Set<string>();
  const visit = (file: string) => {
    if (chunks.has(file)) return;
    chunks.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind === "dynamic-import") {
        if (!imported.external) dynamicTargets.add(imported.path);
      } else if (imported.external) {
        if (!isBuiltin(imported.path)) packages.add(packageName(imported.path));
      } else visit(imported.path);
    }
  };
  visit(entryOutput);
  return { packages, dynamicTargets };
}
const staticPackages = (entryOutput: string) => staticReach(entryOutput).packages;

const outputOf = (name: string) =>
  Object.keys(metafile.outputs).find((file) => file.endsWith(`/${name}.js`) && metafile.outputs[file]?.entryPoint)!;

describe("the production build", () => {
  it.each(Object.keys(NODE_ENTRIES as Record<string, string>))(
    "%s.js imports statically only runtime dependencies and Node's own modules",
    (name) => {
      const output = outputOf(name);
      expect(output, `build/node/${name}.js`).toBeTruthy();
      const packages = [...staticPackages(output)];
      expect(packages.length).toBeGreaterThan(0);
      expect(packages.filter((p) => !(p in pkg.dependencies))).toEqual([]);
    },
  );

  it("keeps msw and tsx out of the runtime dependencies; the mocks are reached only by a dynamic import", () => {
    expect(pkg.dependencies).not.toHaveProperty("msw");
    expect(pkg.dependencies).not.toHaveProperty("tsx");
    expect(pkg.devDependencies).toHaveProperty("msw");
    const server = outputOf("server");
    expect(staticPackages(server).has("msw")).toBe(false);
    // msw is there, behind mock mode's dynamic import: the server can still load the mocks when asked to.
    const lazily = [...staticReach(server).dynamicTargets].filter((chunk) => staticPackages(chunk).has("msw"));
    expect(lazily.length).toBe(1);
  });

  it("the built migrate entry applies every migration to a new embedded database", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(outdir, "pglite"), NODE_ENV: "production" };
    delete env.DATABASE_URL;
    delete env.MOCKS;
    const run = spawnSync(process.execPath, [path.join(outdir, "migrate.js")], { env, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Migrations applied (pglite).");
    expect(run.status).toBe(0);
  }, 90_000);
});
