/** Remix options, handed to the Vite plugin by vite.config.ts.
 * @type {import("@remix-run/dev").VitePluginConfig} */
export default {
  ignoredRouteFiles: ["**/*.test.*", "**/*.server.ts", "**/.*"],
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Every route is in the first page's manifest (decision 029): eager discovery fetches /__manifest for the links
    // on screen, which fails with a console error whenever a phone loses its network mid-load.
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: true,
  },
};
