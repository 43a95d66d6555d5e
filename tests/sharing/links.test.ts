import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contentItems, linkClicks } from "../../db/schema";
import { createLinkService, trackedDestination, visitorHash } from "../../app/domain/links.server";
import { useTestDb } from "../helpers/test-db";
import { connect, createItem, createRep, queueShare } from "./fixtures";

const HUMAN = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const BOT = "Mozilla/5.0 (compatible; LinkedInBot/1.0; +http://www.linkedin.com)";

describe("tracked links /l/<code>", () => {
  const t = useTestDb();

  async function share(url = "https://www.northwind.example/articles/hybrid?ref=site") {
    const rep = await createRep(t.db);
    const item = await createItem(t.db, { url });
    await connect(t.db, rep.id, "linkedin");
    return queueShare(t.db, { userId: rep.id, itemId: item.id, network: "linkedin", at: new Date() });
  }

  it("adds UTM tags to the stored URL and keeps its own query", () => {
    const url = new URL(trackedDestination("https://www.northwind.example/a?ref=site", { network: "x", code: "abc123", campaign: "Summit 2026 launch" }));
    expect(url.origin + url.pathname).toBe("https://www.northwind.example/a");
    expect(Object.fromEntries(url.searchParams)).toEqual({ ref: "site", utm_source: "x", utm_medium: "employee_advocacy", utm_campaign: "summit-2026-launch", utm_content: "abc123" });
  });

  it("redirects only to the item's stored URL and records the click with a salted hash, never the IP", async () => {
    const s = await share();
    const links = createLinkService(t.db, { salt: "pepper" });
    const destination = await links.click(s.linkCode, { ip: "203.0.113.9", userAgent: HUMAN });
    expect(destination).toMatch(/^https:\/\/www\.northwind\.example\/articles\/hybrid\?ref=site&utm_source=linkedin/);
    await links.close();
    const clicks = await t.db.select().from(linkClicks).where(eq(linkClicks.shareId, s.id));
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ isBot: false, visitorHash: visitorHash("pepper", "203.0.113.9", HUMAN) });
    expect(JSON.stringify(clicks[0])).not.toContain("203.0.113.9");
  });

  it("counts bots apart", async () => {
    const s = await share();
    const links = createLinkService(t.db, { salt: "pepper" });
    await links.click(s.linkCode, { ip: "198.51.100.4", userAgent: BOT });
    await links.click(s.linkCode, { ip: "198.51.100.5", userAgent: HUMAN });
    await links.close();
    const clicks = await t.db.select().from(linkClicks).where(eq(linkClicks.shareId, s.id));
    expect(clicks.map((c) => c.isBot).sort()).toEqual([false, true]);
  });

  it("answers unknown or malformed codes with nothing to redirect to", async () => {
    const links = createLinkService(t.db, { salt: "pepper" });
    expect(await links.click("nosuchcode", { ip: "1.2.3.4", userAgent: HUMAN })).toBeNull();
    expect(await links.click("../../evil.example", { ip: "1.2.3.4", userAgent: HUMAN })).toBeNull();
    expect(await links.click("https:%2F%2Fevil.example", { ip: "1.2.3.4", userAgent: HUMAN })).toBeNull();
    await links.close();
  });

  it("never redirects to a stored URL that is not http(s)", async () => {
    const s = await share();
    await t.db.update(contentItems).set({ url: "javascript:alert(1)" }).where(eq(contentItems.id, s.itemId));
    const links = createLinkService(t.db, { salt: "pepper" });
    expect(await links.click(s.linkCode, { ip: "1.2.3.4", userAgent: HUMAN })).toBeNull();
    await links.close();
  });

  it("writes every buffered click when closed (graceful shutdown loses none)", async () => {
    const s = await share();
    const links = createLinkService(t.db, { salt: "pepper", flushMs: 60_000, maxBatch: 10_000 });
    for (let i = 0; i < 250; i++) await links.click(s.linkCode, { ip: `10.0.${i >> 8}.${i & 255}`, userAgent: HUMAN });
    expect(links.pendingCount()).toBe(250);
    await links.close();
    expect(await t.db.select().from(linkClicks).where(eq(linkClicks.shareId, s.id))).toHaveLength(250);
  });
});
