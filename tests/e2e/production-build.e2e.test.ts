import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The journeys are only worth what they run: production's JavaScript. Vite keeps a NODE_ENV it is given, and
// vitest's is "test", which once built React's development code into the pages the e2e tests served.
describe("the build the end-to-end tests serve", () => {
  it("is production's: the browser gets no React development code", () => {
    const buildDir = process.env.CHORUS_BUILD_DIR;
    expect(buildDir, "tests/global-setup.ts builds the app and sets CHORUS_BUILD_DIR").toBeTruthy();
    const assets = path.join(buildDir!, "client", "assets");
    const scripts = readdirSync(assets).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(5);
    const bundle = scripts.map((f) => readFileSync(path.join(assets, f), "utf8")).join("\n");
    // React DOM's development build has its dev-only warnings; its production build links to the error decoder instead.
    expect(bundle).toContain("reactjs.org/docs/error-decoder.html");
    expect(bundle).not.toContain("An error occurred during hydration");
  });
});
