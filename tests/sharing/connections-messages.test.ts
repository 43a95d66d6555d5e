import { describe, expect, it } from "vitest";
import { loader as connections } from "~/routes/_app.connections";
import { contextFor, cookieFor, getRequest } from "../helpers/factories";
import { createRep } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

describe("Connections page messages", () => {
  const t = useTestDb();

  it("shows only its own texts: words from a crafted link never reach the page", async () => {
    const rep = await createRep(t.db);
    const cookie = await cookieFor(t.db, rep.id);
    const crafted = encodeURIComponent("Your account is locked. Call +1 555 0100 to unlock it.");
    const page = await connections({
      request: getRequest(`/connections?error=${crafted}`, cookie),
      params: {},
      context: contextFor(t.db),
    });
    expect(page.error).toBe("The network did not accept the connection. Please try again.");
    expect(JSON.stringify(page)).not.toContain("555 0100");
  });

  it("names the network for a known key and shows nothing without one", async () => {
    const rep = await createRep(t.db);
    const cookie = await cookieFor(t.db, rep.id);
    const ctx = contextFor(t.db);
    const known = await connections({
      request: getRequest("/connections?error=unconfigured&network=x", cookie),
      params: {},
      context: ctx,
    });
    expect(known.error).toBe("X is not set up on this server yet. Ask your admin to add its app credentials.");
    const odd = await connections({
      request: getRequest("/connections?error=unconfigured&network=<b>evil</b>", cookie),
      params: {},
      context: ctx,
    });
    expect(odd.error).toBe("This network is not set up on this server yet. Ask your admin to add its app credentials.");
    const none = await connections({ request: getRequest("/connections", cookie), params: {}, context: ctx });
    expect(none.error).toBeUndefined();
  });
});
