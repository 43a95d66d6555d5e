import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  // CHORUS_BUILD_DIR lets test runs build into a directory of their own.
  plugins: [remix({ ...remixConfig, buildDirectory: process.env.CHORUS_BUILD_DIR ?? "build" })],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  server: { hmr: { port: 24678 } },
  build: { target: "es2022" },
});
