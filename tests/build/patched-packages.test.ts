import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The patch-package patches in patches/ (decision 025): `npm ci` applies them (postinstall), and what they
 * change keeps the packages' behaviour. Loaded with require, as Node loads these packages in production
 * (their CommonJS builds).
 */
const require = createRequire(import.meta.url);
const MARKER = "Patched (Chorus, decision 025)";

type Route = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type Match = { route: { id: string }; params: Record<string, string | undefined>; pathname: string };
const router = require("@remix-run/router") as {
  matchRoutes: (routes: Route[], location: string) => Match[] | null;
  matchPath: (
    pattern: string | { path: string; caseSensitive?: boolean; end?: boolean },
    pathname: string,
  ) => { params: Record<string, string | undefined>; pathname: string } | null;
};

const ROUTES: Route[] = [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      {
        id: "items",
        path: "items",
        children: [
          { id: "items-index", index: true },
          { id: "item", path: ":id", children: [{ id: "item-edit", path: "edit" }] },
          { id: "items-new", path: "new" },
        ],
      },
      { id: "docs", path: "docs/:lang?/guide" },
      { id: "case", path: "Case", caseSensitive: true },
      { id: "layout", children: [{ id: "files", path: "files/*" }, { id: "files-static", path: "files/static" }] },
      { id: "not-found", path: "*" },
    ],
  },
];

// What @remix-run/router 1.23.3 answers without the patch (computed with the unpatched package).
const EXPECTED: Array<[string, string[], Record<string, string | undefined>]> = [
  ["/", ["root", "home"], {}],
  ["/items", ["root", "items", "items-index"], {}],
  ["/items/", ["root", "items", "items-index"], {}],
  ["/items/new", ["root", "items", "items-new"], {}],
  ["/items/42", ["root", "items", "item"], { id: "42" }],
  ["/items/42/edit", ["root", "items", "item", "item-edit"], { id: "42" }],
  ["/items/42/edit/", ["root", "items", "item", "item-edit"], { id: "42" }],
  ["/ITEMS/42", ["root", "items", "item"], { id: "42" }],
  ["/docs/guide", ["root", "docs"], {}],
  ["/docs/en/guide", ["root", "docs"], { lang: "en" }],
  ["/docs/en/x/guide", ["root", "not-found"], { "*": "docs/en/x/guide" }],
  ["/Case", ["root", "case"], {}],
  ["/case", ["root", "not-found"], { "*": "case" }],
  ["/files", ["root", "layout", "files"], { "*": "" }],
  ["/files/static", ["root", "layout", "files-static"], {}],
  ["/files/a/b", ["root", "layout", "files"], { "*": "a/b" }],
  ["/elsewhere/deep", ["root", "not-found"], { "*": "elsewhere/deep" }],
  ["/items/a%20b", ["root", "items", "item"], { id: "a b" }],
];

describe("patched packages (decision 025)", () => {
  it("npm ci applied every patch in patches/ to the files Node loads", () => {
    const patches = readdirSync("patches").filter((f) => f.endsWith(".patch"));
    expect(patches.length).toBeGreaterThanOrEqual(4);
    for (const patch of patches) {
      const files = [...readFileSync(path.join("patches", patch), "utf8").matchAll(/^\+\+\+ b\/(\S+)$/gm)].map(
        (m) => m[1]!,
      );
      expect(files.length, patch).toBeGreaterThan(0);
      for (const file of files) expect(readFileSync(file, "utf8"), file).toContain(MARKER);
    }
  });

  it("matches routes as the unpatched router does, on first and repeated matches of the same routes", () => {
    for (let round = 0; round < 3; round++) {
      for (const [pathname, ids, params] of EXPECTED) {
        const matches = router.matchRoutes(ROUTES, pathname);
        expect(
          matches?.map((m) => m.route.id),
          `${pathname} (round ${round})`,
        ).toEqual(ids);
        expect(matches?.at(-1)?.params, pathname).toEqual(params);
      }
    }
  });

  it("matches a routes array of its own on its own (branches are kept per array)", () => {
    const other: Route[] = [{ id: "only", path: "items/:slug" }];
    expect(router.matchRoutes(other, "/items/42")?.map((m) => m.route.id)).toEqual(["only"]);
    expect(router.matchRoutes(other, "/")).toBeNull();
    expect(router.matchRoutes(ROUTES, "/items/42")?.map((m) => m.route.id)).toEqual(["root", "items", "item"]);
  });

  it("matchPath keeps case sensitivity and the end flag apart in its compiled-pattern cache", () => {
    expect(router.matchPath({ path: "/A/:b", caseSensitive: true }, "/a/1")).toBeNull();
    expect(router.matchPath({ path: "/A/:b", caseSensitive: false }, "/a/1")?.params).toEqual({ b: "1" });
    expect(router.matchPath({ path: "/a", end: true }, "/a/more")).toBeNull();
    expect(router.matchPath({ path: "/a", end: false }, "/a/more")?.pathname).toBe("/a");
    // More patterns than the cache holds still match.
    for (let i = 0; i < 2500; i++) expect(router.matchPath(`/p${i}/:x`, `/p${i}/v`)?.params.x).toBe("v");
  });

  it("a static router reuses the data routes it made for the same routes array", () => {
    const { createStaticRouter } = require("react-router-dom/server") as {
      createStaticRouter: (routes: Route[], context: object) => { routes: unknown[] };
    };
    const context = { matches: [], location: { pathname: "/" }, loaderData: {}, actionData: null, errors: null };
    const routes: Route[] = [{ id: "root", path: "/" }];
    const first = createStaticRouter(routes, context).routes;
    expect(createStaticRouter(routes, context).routes).toBe(first);
    expect(createStaticRouter([{ id: "root", path: "/" }], context).routes).not.toBe(first);
  });

  it("hands a plain GET's Request to the loaders as it came, and still strips ?index", async () => {
    const { createRequestHandler } = require("@remix-run/server-runtime") as {
      createRequestHandler: (
        build: unknown,
        mode?: string,
      ) => (request: Request, context?: object) => Promise<Response>;
    };
    const seen: Request[] = [];
    const loader = ({ request }: { request: Request }) => (seen.push(request), null);
    const build = {
      mode: "production",
      basename: "/",
      publicPath: "/build/",
      assetsBuildDirectory: "build/client",
      isSpaMode: false,
      future: { v3_singleFetch: true },
      entry: { module: { default: () => new Response("document") } },
      assets: { url: "/m.js", version: "1", entry: { module: "/e.js", imports: [] }, routes: {} },
      routes: {
        root: { id: "root", path: "", module: { loader, default: () => null } },
        "routes/_index": { id: "routes/_index", parentId: "root", index: true, module: { loader, default: () => null } },
      },
    };
    const handler = createRequestHandler(build, "production");
    const plain = new Request("http://localhost/?q=cloud%20security");
    expect(await (await handler(plain)).text()).toBe("document");
    expect(seen).toHaveLength(2);
    for (const request of seen) expect(request).toBe(plain);

    seen.length = 0;
    await handler(new Request("http://localhost/?index&q=1"));
    expect(seen.map((r) => r.url)).toEqual(["http://localhost/?q=1", "http://localhost/?q=1"]);
  });
});
