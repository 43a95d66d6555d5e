import { createServer } from "node:http";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createLinkService, trackedDestination, visitorHash } from "~/domain/links.server";
import { approveRevision } from "~/domain/revisions.server";
import { createShare } from "~/domain/sharing.server";
import { itemInput, openItemForReview, saveItemChanges, transitionItem } from "~/domain/studio.server";
import { serveTrackedLink } from "~/http.server";
import { rows } from "../../db/client.server";
import { linkClicks, packs, shares } from "../../db/schema";
import { createUser } from "../helpers/factories";
import { connect, createItem, createRep, queueShare, reloadShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";
import type { AddressInfo } from "node:net";

const HUMAN =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
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
    const url = new URL(
      trackedDestination("https://www.northwind.example/a?ref=site", {
        network: "x",
        code: "abc123",
        campaign: "Summit 2026 launch",
      }),
    );
    expect(url.origin + url.pathname).toBe("https://www.northwind.example/a");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ref: "site",
      utm_source: "x",
      utm_medium: "employee_advocacy",
      utm_campaign: "summit-2026-launch",
      utm_content: "abc123",
    });
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
    const s = await share("javascript:alert(1)");
    expect((await reloadShare(t.db, s.id)).destinationUrl).toBeNull();
    const tampered = await share();
    await t.db.update(shares).set({ destinationUrl: "javascript:alert(1)" }).where(eq(shares.id, tampered.id));
    const links = createLinkService(t.db, { salt: "pepper" });
    expect(await links.click(s.linkCode, { ip: "1.2.3.4", userAgent: HUMAN })).toBeNull();
    expect(await links.click(tampered.linkCode, { ip: "1.2.3.4", userAgent: HUMAN })).toBeNull();
    await links.close();
  });

  it("a share keeps the destination it was shared with after a revision changes the item's URL, and after a restart", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const marco = await createUser(t.db, { role: "marketer" });
    const fields = {
      type: "article",
      title: "Hybrid",
      summary: "",
      url: "https://www.northwind.example/v1",
      imageUrl: "",
      tags: "",
      messages_linkedin: "Read it",
    };
    const { id } = await saveItemChanges(t.db, { actorId: mia.id, input: itemInput.parse(fields) });
    for (const [actor, action] of [
      [mia, "submit"],
      [marco, "approve"],
      [mia, "publish"],
    ] as const) {
      // A reviewer approves what they were shown (decision 020): opening the item's page records that.
      if (action === "approve") await openItemForReview(t.db, { itemId: id, viewerId: actor.id });
      await transitionItem(t.db, { itemId: id, actorId: actor.id, action });
    }
    const rep = await createRep(t.db);
    await connect(t.db, rep.id, "linkedin");
    const shareNow = async () => {
      const result = await createShare(t.db, {
        user: rep,
        itemId: id,
        form: { network: "linkedin", mode: "now", text: "", idempotencyKey: crypto.randomUUID() },
        origin: "https://chorus.example",
      });
      if (!result.ok) throw new Error(result.message);
      return reloadShare(t.db, result.shareId);
    };
    const before = await shareNow();
    const first = createLinkService(t.db, { salt: "pepper" });
    const original = await first.click(before.linkCode, { ip: "1.2.3.4", userAgent: HUMAN });
    expect(original).toBe(
      trackedDestination("https://www.northwind.example/v1", { network: "linkedin", code: before.linkCode }),
    );

    const edit = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: itemInput.parse({ ...fields, url: "https://www.northwind.example/v2" }),
      itemId: id,
    });
    await openItemForReview(t.db, { itemId: id, viewerId: marco.id });
    await approveRevision(t.db, {
      revisionId: (edit.revision as { revisionId: string }).revisionId,
      actorId: marco.id,
      version: 1,
    });
    const after = await shareNow();
    // The process that saw the old link, and a fresh one (a restart, or another web process), agree for both links.
    const restarted = createLinkService(t.db, { salt: "pepper" });
    for (const links of [first, restarted]) {
      expect(await links.click(before.linkCode, { ip: "1.2.3.4", userAgent: HUMAN })).toBe(original);
      expect(await links.click(after.linkCode, { ip: "1.2.3.4", userAgent: HUMAN })).toMatch(
        /^https:\/\/www\.northwind\.example\/v2\?utm_source=linkedin/,
      );
    }
    await first.close();
    await restarted.close();
  });

  it("shares written without a destination (seeds, raw SQL) get the one the app would have stored, and so did old rows", async () => {
    const [pack] = await t.db.insert(packs).values({ title: "Summit 2026: Launch!", status: "published" }).returning();
    const rep = await createRep(t.db);
    const cases = [
      "https://www.northwind.example/articles/hybrid",
      "https://www.northwind.example/a?ref=site#top",
      "https://www.northwind.example",
      "https://www.northwind.example/b?utm_source=newsletter&x=1",
      "http://blog.northwind.example/p/?q=a%20b",
    ];
    for (const [i, url] of cases.entries()) {
      const item = await createItem(t.db, { url });
      const code = `legacy${i}code`;
      // Inserted as a seed does, without destination_url: the insert trigger fills it from the item and pack.
      await t.db
        .execute(sql`insert into shares (user_id, item_id, pack_id, network, method, text, status, idempotency_key, link_code)
        values (${rep.id}, ${item.id}, ${i % 2 ? pack!.id : null}, 'x', 'intent', 't', 'published', ${`legacy-${i}`}, ${code})`);
      const [row] = await rows<{ destination_url: string }>(
        t.db,
        sql`select destination_url from shares where link_code = ${code}`,
      );
      const expected = new URL(trackedDestination(url, { network: "x", code, campaign: i % 2 ? pack!.title : null }));
      const stored = new URL(row!.destination_url);
      expect([stored.origin + stored.pathname, stored.hash]).toEqual([
        expected.origin + expected.pathname,
        expected.hash,
      ]);
      expect([...stored.searchParams].sort()).toEqual([...expected.searchParams].sort());
      // The migration's backfill runs the same function over rows that had none.
      const [backfill] = await rows<{ url: string }>(
        t.db,
        sql`select chorus_tracked_destination(${url}, 'x', ${i % 2 ? pack!.title : null}, ${code}) as url`,
      );
      expect(backfill!.url).toBe(row!.destination_url);
    }
    const [untouched] = await rows<{ url: string | null }>(
      t.db,
      sql`select chorus_tracked_destination('javascript:alert(1)', 'x', null, 'c0de') as url`,
    );
    expect(untouched!.url).toBeNull();
  });

  it("writes every buffered click when closed (graceful shutdown loses none)", async () => {
    const s = await share();
    const links = createLinkService(t.db, { salt: "pepper", flushMs: 60_000, maxBatch: 10_000 });
    for (let i = 0; i < 250; i++) await links.click(s.linkCode, { ip: `10.0.${i >> 8}.${i & 255}`, userAgent: HUMAN });
    expect(links.pendingCount()).toBe(250);
    await links.close();
    expect(await t.db.select().from(linkClicks).where(eq(linkClicks.shareId, s.id))).toHaveLength(250);
  });
  it("answers the first visit of a code and the cached ones alike over HTTP: 302, the click recorded each time, the query ignored, bad codes told apart", async () => {
    const s = await share();
    const links = createLinkService(t.db, { salt: "pepper", flushMs: 60_000, maxBatch: 10_000 });
    const server = createServer((req, res) => void serveTrackedLink(links, req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const visit = (path: string) =>
      fetch(`http://127.0.0.1:${port}${path}`, { redirect: "manual", headers: { "User-Agent": HUMAN } });
    try {
      const cold = await visit(`/l/${s.linkCode}`);
      const cached = await visit(`/l/${s.linkCode}?utm_source=ignored`);
      // The code percent-encoded letter by letter is the same code.
      const encoded = await visit(`/l/${[...s.linkCode].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("")}`);
      for (const answer of [cold, cached, encoded]) {
        expect(answer.status).toBe(302);
        expect(answer.headers.get("location")).toMatch(
          /^https:\/\/www\.northwind\.example\/articles\/hybrid\?ref=site&utm_source=linkedin/,
        );
        expect(answer.headers.get("cache-control")).toBe("no-store");
      }
      expect(links.pendingCount()).toBe(3);
      expect((await visit("/l/no-such-code")).status).toBe(404);
      expect((await visit("/l/%E0%A4%A")).status).toBe(400);
      expect((await visit(`/l/${s.linkCode}x`)).status).toBe(404);
      expect(links.pendingCount()).toBe(3);
      await links.close();
      const clicks = await t.db.select().from(linkClicks).where(eq(linkClicks.shareId, s.id));
      expect(clicks.map((c) => c.visitorHash)).toEqual(Array(3).fill(visitorHash("pepper", "127.0.0.1", HUMAN)));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("writes the other clicks of a batch and drops those of a share deleted after its code was cached", async () => {
    const [gone, kept] = [await share(), await share()];
    const links = createLinkService(t.db, { salt: "pepper", flushMs: 60_000, maxBatch: 10_000 });
    await links.click(gone.linkCode, { ip: "203.0.113.1", userAgent: HUMAN }); // both codes are cached now
    await links.click(kept.linkCode, { ip: "203.0.113.1", userAgent: HUMAN });
    await links.flush();
    await t.db.delete(shares).where(eq(shares.id, gone.id));
    expect(await t.db.select().from(linkClicks).where(eq(linkClicks.shareId, gone.id))).toHaveLength(0);
    // The cache still resolves the deleted share's code; its click must not fail the batch or stay behind.
    await links.click(gone.linkCode, { ip: "203.0.113.2", userAgent: HUMAN });
    await links.click(kept.linkCode, { ip: "203.0.113.2", userAgent: HUMAN });
    await links.close();
    expect(links.pendingCount()).toBe(0);
    expect(await t.db.select().from(linkClicks).where(eq(linkClicks.shareId, gone.id))).toHaveLength(0);
    expect(await t.db.select().from(linkClicks).where(eq(linkClicks.shareId, kept.id))).toHaveLength(2);
  });
});
