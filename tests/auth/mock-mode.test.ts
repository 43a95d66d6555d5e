import { afterEach, describe, expect, it, vi } from "vitest";
import { connectionMessage } from "~/domain/connection-messages.server";
import { isDeployment, networkMode, parseEnv, usesMocks } from "~/env.server";
import { mocksForStart } from "../../scripts/mock-mode.mjs";
import { contextFor, cookieFor, createUser, getRequest, settle } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

const SALT = { CLICK_HASH_SALT: "a-secret-salt-of-32-characters!!" };

describe("mock mode is one explicit switch, MOCKS", () => {
  it("is off by default, even with the MOCK_ placeholder credentials", () => {
    const env = parseEnv({});
    expect(env.LINKEDIN_CLIENT_ID).toMatch(/^MOCK_/);
    expect(usesMocks(env)).toBe(false);
  });

  it.each([
    ["true", true],
    ["1", true],
    ["false", false],
    ["0", false],
    ["", false],
  ])("MOCKS=%j gives %s", (value, expected) => {
    expect(usesMocks(parseEnv({ MOCKS: value }))).toBe(expected);
  });

  it("refuses a MOCKS value it does not understand", () => {
    expect(() => parseEnv({ MOCKS: "yes" })).toThrow(/MOCKS/);
  });

  it("tells for each network whether OAuth is mocked, live or not set up", () => {
    expect(networkMode("linkedin", parseEnv({ MOCKS: "true" }))).toBe("mock");
    expect(networkMode("linkedin", parseEnv({}))).toBe("unconfigured");
    expect(networkMode("x", parseEnv({}))).toBe("unconfigured");
    expect(networkMode("linkedin", parseEnv({ LINKEDIN_CLIENT_ID: "86abc", LINKEDIN_CLIENT_SECRET: "s" }))).toBe(
      "live",
    );
    expect(networkMode("facebook", parseEnv({ LINKEDIN_CLIENT_ID: "86abc" }))).toBe("unconfigured");
  });
});

describe("npm start turns mock mode on for the embedded demo only", () => {
  it.each([
    [{}, "true"],
    [{ APP_URL: "http://localhost:3000" }, "true"],
    [{ MOCKS: "false" }, "false"],
    [{ DATABASE_URL: "postgres://db/chorus" }, undefined],
    [{ APP_URL: "https://chorus.example.com" }, undefined],
    [{ DATABASE_URL: "postgres://db/chorus", MOCKS: "true" }, "true"],
  ] as const)("%j → MOCKS=%s", (env, expected) => {
    expect(mocksForStart(env)).toBe(expected);
  });
});

describe("a deployment refuses the public default click-hash salt", () => {
  it.each([
    [{ APP_URL: "https://chorus.example.com" }],
    [{ DATABASE_URL: "postgres://db/chorus", NODE_ENV: "production" }],
    [{ DATABASE_URL: "postgres://db/chorus", NODE_ENV: "production", CLICK_HASH_SALT: "chorus-dev-salt" }],
    [{ APP_URL: "https://chorus.example.com", CLICK_HASH_SALT: "short" }],
  ])("%j does not start", (env) => {
    expect(isDeployment(parseEnv({ ...env, ...SALT }))).toBe(true);
    expect(() => parseEnv(env)).toThrow(/CLICK_HASH_SALT/);
  });

  it.each([
    [{ NODE_ENV: "production" }],
    [{ NODE_ENV: "production", APP_URL: "http://127.0.0.1:3000" }],
    [{ DATABASE_URL: "postgres://db/chorus", NODE_ENV: "test" }],
    [{ DATABASE_URL: "postgres://db/chorus", NODE_ENV: "development" }],
  ])("%j (not a deployment) starts with the default", (env) => {
    expect(parseEnv(env).CLICK_HASH_SALT).toBe("chorus-dev-salt");
  });

  it("a deployment with its own salt starts", () => {
    expect(parseEnv({ APP_URL: "https://chorus.example.com", ...SALT }).CLICK_HASH_SALT).toBe(SALT.CLICK_HASH_SALT);
  });
});

describe("with mock mode off and placeholder credentials, LinkedIn sign-in and connecting are unavailable", () => {
  const t = useTestDb();
  // Routes read the environment once per module load: load fresh copies with MOCKS off.
  async function routesWithMocksOff() {
    vi.stubEnv("MOCKS", "false");
    vi.resetModules();
    return {
      start: (await import("~/routes/auth.linkedin._index")).loader,
      callback: (await import("~/routes/auth.linkedin.callback")).loader,
      consent: (await import("~/routes/auth.linkedin.mock")).loader,
      loginPage: (await import("~/routes/login")).loader,
      connect: (await import("~/routes/connect.$network._index")).loader,
    };
  }
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("Sign in with LinkedIn goes back to sign-in with a clear message instead of to LinkedIn", async () => {
    const { start, callback, loginPage } = await routesWithMocksOff();
    const response = (await settle(
      start({ request: getRequest("/auth/linkedin"), params: {}, context: contextFor(t.db) }),
    )) as Response;
    expect(response.headers.get("Location")).toBe("/login?error=unavailable");
    const back = (await settle(
      callback({
        request: getRequest("/auth/linkedin/callback?code=mock_x&state=s"),
        params: {},
        context: contextFor(t.db),
      }),
    )) as Response;
    expect(back.headers.get("Location")).toBe("/login?error=unavailable");
    const page = (await loginPage({
      request: getRequest("/login?error=unavailable"),
      params: {},
      context: contextFor(t.db),
    })) as {
      linkedInError: string | null;
      linkedInAvailable: boolean;
    };
    expect(page.linkedInAvailable).toBe(false);
    expect(page.linkedInError).toContain("not set up on this server");
  });

  it("the demo consent screen does not exist", async () => {
    const { consent } = await routesWithMocksOff();
    const response = (await settle(
      consent({ request: getRequest("/auth/linkedin/mock?state=s"), params: {}, context: contextFor(t.db) }),
    )) as Response;
    expect(response.status).toBe(404);
  });

  it("connecting a network says it is not set up", async () => {
    const { connect } = await routesWithMocksOff();
    const user = await createUser(t.db);
    const request = getRequest("/connect/x", await cookieFor(t.db, user.id));
    const response = (await settle(
      connect({ request, params: { network: "x" }, context: contextFor(t.db) }),
    )) as Response;
    const target = new URL(response.headers.get("Location")!, "http://chorus.test");
    expect(target.pathname).toBe("/connections");
    // The redirect carries a key, never text; the Connections page turns it into its own words.
    expect(target.searchParams.get("error")).toBe("unconfigured");
    expect(connectionMessage(target.searchParams.get("error"), target.searchParams.get("network"))).toContain(
      "X is not set up on this server",
    );
  });
});
