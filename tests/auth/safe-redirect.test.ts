import { describe, expect, it } from "vitest";
import { oauthStateCookie } from "~/domain/oauth-state.server";
import { safeRedirect } from "~/domain/safe-redirect";
import { action as acceptPolicy } from "~/routes/_app.policy";
import { loader as startLinkedIn } from "~/routes/auth.linkedin._index";
import { action as login, loader as loginPage } from "~/routes/login";
import { contextFor, cookieFor, createUser, formRequest, getRequest, ORIGIN, settle } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

// Each is a way to write "another site" (or a script) that a browser would follow from a Location header.
const HOSTILE = [
  "/\t/evil.example",
  "/\r/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t/evil.example",
  "//evil.example",
  "///evil.example",
  "//evil.example/path?x=1",
  "\\\\evil.example",
  "/\\evil.example",
  "\\/evil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "https:evil.example",
  "https://evil.example",
  "http:/evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " /evil",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "/\u2028/evil.example",
  "/\ufeff/evil.example",
  "evil.example",
  "",
  "/" + "a".repeat(5000),
];

describe("safeRedirect: the one check for redirect targets from input", () => {
  it.each(HOSTILE)("refuses %j and falls back", (target) => {
    const result = safeRedirect(target, "/fallback");
    expect(result).toBe("/fallback");
  });

  it.each([
    ["/library", "/library"],
    ["/share/abc?network=x#top", "/share/abc?network=x#top"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["/a/../b", "/b"],
    ["/caf\u00e9", "/caf%C3%A9"],
    ["/\uff0f\uff0fevil.example", "/%EF%BC%8F%EF%BC%8Fevil.example"],
    ["/search?q=a b", "/search?q=a%20b"],
  ])("keeps the same-site path %j as %j", (target, expected) => {
    expect(safeRedirect(target, "/fallback")).toBe(expected);
  });

  it("never returns a value that leaves the site, whatever the input", () => {
    for (const target of HOSTILE.concat(["/ok", "/%2e%2e//evil", "/..//evil.example", "/%5C%5Cevil.example"])) {
      const result = safeRedirect(target, "/fallback");
      expect(new URL(result, ORIGIN).origin, target).toBe(ORIGIN);
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must never come back
      expect(result, target).not.toMatch(/^\/\/|\\|[\u0000-\u001f]/);
    }
  });

  it("ignores values that are not strings", () => {
    expect(safeRedirect(null, "/f")).toBe("/f");
    expect(safeRedirect(undefined, "/f")).toBe("/f");
  });
});

describe("every redirect target from input goes through it", () => {
  const t = useTestDb();
  const location = (r: unknown) => (r as Response).headers.get("Location");

  it("the sign-in page, for a visitor already signed in (?redirectTo with a tab)", async () => {
    const user = await createUser(t.db);
    const request = getRequest("/login?redirectTo=%2F%09%2Fevil.example", await cookieFor(t.db, user.id));
    expect(location(await settle(loginPage({ request, params: {}, context: contextFor(t.db) })))).toBe("/library");
  });

  it.each(["/\t/evil.example", "/\r\n/evil.example", "/\\evil.example"])(
    "the sign-in form's redirectTo %j",
    async (redirectTo) => {
      const { email } = await createUser(t.db, { password: "right-password" });
      const response = await settle(
        login({
          request: formRequest("/login", { email, password: "right-password", redirectTo }),
          params: {},
          context: contextFor(t.db),
        }),
      );
      expect(location(response)).toBe("/library");
    },
  );

  it("Sign in with LinkedIn keeps only a safe target in its state cookie", async () => {
    const response = (await settle(
      startLinkedIn({
        request: getRequest("/auth/linkedin?redirectTo=%2F%09%2Fevil.example"),
        params: {},
        context: contextFor(t.db),
      }),
    )) as Response;
    expect(await oauthStateCookie.parse(response.headers.get("Set-Cookie"))).toMatchObject({ redirectTo: "/library" });
  });

  it("accepting the policy", async () => {
    const user = await createUser(t.db);
    const request = formRequest("/policy", { redirectTo: "/\t/evil.example" }, await cookieFor(t.db, user.id));
    expect(location(await settle(acceptPolicy({ request, params: {}, context: contextFor(t.db) })))).toBe("/library");
  });
});
