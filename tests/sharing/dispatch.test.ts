import { delay, http, HttpResponse } from "msw";
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notifications, shareEvents, shares, socialAccounts } from "../../db/schema";
import { dispatchDue, DISPATCH } from "../../app/domain/dispatch.server";
import { useTestDb } from "../helpers/test-db";
import { mockPosts } from "../../mocks/network-log";
import { mockServer } from "../../mocks/server";
import { connect, createItem, createRep, queueShare, reloadShare } from "./fixtures";

const T0 = new Date("2026-06-01T09:00:00Z");
const after = (ms: number) => new Date(T0.getTime() + ms);

describe("dispatch: posting scheduled shares exactly once", () => {
  const t = useTestDb();
  beforeEach(async () => {
    mockPosts.length = 0;
    // Each test looks at its own shares only: retire what earlier tests left due.
    await t.db.update(shares).set({ status: "cancelled" }).where(inArray(shares.status, ["scheduled", "publishing"]));
  });
  afterEach(() => {
    delete process.env.NETWORK_TIMEOUT_MS;
  });

  async function setup(network: "linkedin" | "x" | "facebook") {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    const account = await connect(t.db, rep.id, network);
    const share = await queueShare(t.db, { userId: rep.id, itemId: item.id, network, at: T0 });
    return { rep, item, account, share };
  }

  it("posts to LinkedIn with the Posts API shape and records the post URN", async () => {
    let seen: { headers: Headers; body: Record<string, unknown> } | undefined;
    mockServer.events.on("request:start", async ({ request }) => {
      if (request.url.endsWith("/rest/posts")) seen = { headers: request.headers, body: await request.clone().json() };
    });
    const { share, account } = await setup("linkedin");
    const stats = await dispatchDue(t.db, after(1000), { workerId: "w1" });
    mockServer.events.removeAllListeners();
    expect(stats).toMatchObject({ claimed: 1, published: 1 });
    const done = await reloadShare(t.db, share.id);
    expect(done.status).toBe("published");
    expect(done.externalPostId).toMatch(/^urn:li:share:\d+$/);
    expect(done.externalUrl).toBe(`https://www.linkedin.com/feed/update/${done.externalPostId}/`);
    expect(seen!.headers.get("linkedin-version")).toMatch(/^\d{6}$/);
    expect(seen!.headers.get("x-restli-protocol-version")).toBe("2.0.0");
    expect(seen!.body).toMatchObject({
      author: `urn:li:person:${account.externalId}`,
      commentary: "Worth a read",
      visibility: "PUBLIC",
      lifecycleState: "PUBLISHED",
      content: { article: { source: expect.stringMatching(/^http:\/\/chorus\.test\/l\//) } },
    });
    expect(mockPosts).toHaveLength(1);
  });

  it("posts to X with the text and tracked link, and to a Facebook Page with message and link", async () => {
    const x = await setup("x");
    const fb = await setup("facebook");
    await dispatchDue(t.db, after(1000), { workerId: "w1" });
    expect((await reloadShare(t.db, x.share.id)).status).toBe("published");
    expect((await reloadShare(t.db, fb.share.id)).externalPostId).toMatch(/^104000000000001_\d+$/);
    const tweet = mockPosts.find((p) => p.network === "x")!;
    expect(tweet.text).toMatch(/^Worth a read http:\/\/chorus\.test\/l\/\w+$/);
    expect(mockPosts.find((p) => p.network === "facebook")!.text).toBe("Worth a read");
  });

  it("honours X's x-rate-limit-reset on a 429 and posts after it", async () => {
    const reset = Math.floor(after(15 * 60_000).getTime() / 1000);
    mockServer.use(
      http.post("https://api.x.com/2/tweets", () =>
        HttpResponse.json({ title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 }, { status: 429, headers: { "x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(reset) } }),
        { once: true },
      ),
    );
    const { share } = await setup("x");
    expect(await dispatchDue(t.db, after(1000), { workerId: "w1" })).toMatchObject({ retried: 1 });
    const waiting = await reloadShare(t.db, share.id);
    expect(waiting).toMatchObject({ status: "scheduled", attempts: 1 });
    expect(waiting.nextAttemptAt!.getTime()).toBe(reset * 1000);
    expect(await dispatchDue(t.db, after(14 * 60_000), { workerId: "w1" })).toMatchObject({ claimed: 0 });
    expect(await dispatchDue(t.db, new Date(reset * 1000 + 1000), { workerId: "w1" })).toMatchObject({ published: 1 });
    expect(mockPosts).toHaveLength(1);
  });

  it("honours LinkedIn's Retry-After on a 429", async () => {
    mockServer.use(
      http.post("https://api.linkedin.com/rest/posts", () => HttpResponse.json({ status: 429, message: "Resource level throttle APPLICATION DAY limit for calls to this resource is reached." }, { status: 429, headers: { "Retry-After": "120" } }), { once: true }),
    );
    const { share } = await setup("linkedin");
    await dispatchDue(t.db, after(0), { workerId: "w1" });
    const waiting = await reloadShare(t.db, share.id);
    expect(waiting.nextAttemptAt!.getTime() - T0.getTime()).toBeGreaterThanOrEqual(120_000);
    expect(waiting.lastError).toContain("rate limit");
  });

  it("retries a 5xx with backoff and then publishes", async () => {
    mockServer.use(http.post("https://api.linkedin.com/rest/posts", () => HttpResponse.json({ status: 503, message: "Service Unavailable" }, { status: 503 }), { once: true }));
    const { share } = await setup("linkedin");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ retried: 1 });
    const waiting = await reloadShare(t.db, share.id);
    const wait = waiting.nextAttemptAt!.getTime() - T0.getTime();
    expect(wait).toBeGreaterThanOrEqual(DISPATCH.baseBackoffMs / 2 - 2000);
    expect(wait).toBeLessThanOrEqual(DISPATCH.baseBackoffMs + 2000);
    expect(await dispatchDue(t.db, new Date(waiting.nextAttemptAt!.getTime() + 1), { workerId: "w1" })).toMatchObject({ published: 1 });
    const events = await t.db.select().from(shareEvents).where(eq(shareEvents.shareId, share.id));
    expect(events.map((e) => e.kind)).toEqual(["claimed", "retry", "claimed", "published"]);
  });

  it("treats a timeout as a retry, and gives up with a clear message after five attempts", async () => {
    process.env.NETWORK_TIMEOUT_MS = "100";
    mockServer.use(
      http.post("https://api.x.com/2/tweets", async () => {
        await delay(400);
        return HttpResponse.json({ data: { id: "1", text: "late" } }, { status: 201 });
      }),
    );
    const { share } = await setup("x");
    let at = after(0);
    for (let attempt = 1; attempt <= DISPATCH.maxAttempts; attempt++) {
      await dispatchDue(t.db, at, { workerId: "w1" });
      const current = await reloadShare(t.db, share.id);
      expect(current.attempts).toBe(attempt);
      if (attempt < DISPATCH.maxAttempts) {
        expect(current).toMatchObject({ status: "scheduled", lastError: "The network did not answer in time" });
        at = new Date(current.nextAttemptAt!.getTime() + 1);
      }
    }
    const final = await reloadShare(t.db, share.id);
    expect(final.status).toBe("failed");
    expect(final.lastError).toBe("The network did not answer in time. Gave up after 5 attempts.");
  });

  it("on 401 marks the account needs_reauth, pauses the rep's shares on that network and notifies once", async () => {
    mockServer.use(
      http.post("https://api.linkedin.com/rest/posts", () =>
        HttpResponse.json({ status: 401, serviceErrorCode: 65601, code: "REVOKED_ACCESS_TOKEN", message: "The token used in the request has been revoked by the user" }, { status: 401 }),
      ),
    );
    const { rep, item, account, share } = await setup("linkedin");
    const later = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "linkedin", at: after(3600_000) });
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ paused: 1 });
    const [acct] = await t.db.select().from(socialAccounts).where(eq(socialAccounts.id, account.id));
    expect(acct!.status).toBe("needs_reauth");
    for (const id of [share.id, later.id]) expect(await reloadShare(t.db, id)).toMatchObject({ status: "scheduled", nextAttemptAt: null });
    expect((await reloadShare(t.db, share.id)).lastError).toContain("Waiting for you to reconnect LinkedIn");
    const notes = await t.db.select().from(notifications).where(and(eq(notifications.userId, rep.id), eq(notifications.kind, "account.needs_reauth")));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain("revoked by the user");
    expect(await dispatchDue(t.db, after(7200_000), { workerId: "w1" })).toMatchObject({ claimed: 0 });

    mockServer.resetHandlers();
    await connect(t.db, rep.id, "linkedin", "mock_new_token"); // reconnecting resumes the paused shares
    expect(await dispatchDue(t.db, new Date(Date.now() + 60_000), { workerId: "w1" })).toMatchObject({ published: 2 });
  });

  it("fails a LinkedIn 422 duplicate with the reason in plain words, without retrying", async () => {
    mockServer.use(
      http.post("https://api.linkedin.com/rest/posts", () =>
        HttpResponse.json({ errorDetailType: "com.linkedin.common.error.BadRequest", code: "DUPLICATE_POST", message: "Content is a duplicate of urn:li:share:7123456789012345678", status: 422 }, { status: 422 }),
      ),
    );
    const { share } = await setup("linkedin");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ failed: 1 });
    const failed = await reloadShare(t.db, share.id);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toBe("LinkedIn refused this post because you already posted the same text. Change the wording and share again.");
  });

  it("two workers on the same due shares publish each exactly once", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    await connect(t.db, rep.id, "x");
    const queued = await Promise.all(Array.from({ length: 40 }, (_, i) => queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: T0, text: `Post ${i}` })));
    mockServer.use(
      http.post("https://api.x.com/2/tweets", async ({ request }) => {
        await delay(15);
        const { text } = (await request.json()) as { text: string };
        mockPosts.push({ network: "x", id: text, text, token: "", at: Date.now() });
        return HttpResponse.json({ data: { id: `${mockPosts.length}`, text } }, { status: 201 });
      }),
    );
    const [a, b] = await Promise.all([dispatchDue(t.db, after(1000), { workerId: "worker-a" }), dispatchDue(t.db, after(1000), { workerId: "worker-b" })]);
    expect(a.published + b.published).toBe(40);
    expect(mockPosts).toHaveLength(40);
    expect(new Set(mockPosts.map((p) => p.text)).size).toBe(40);
    const statuses = await t.db.select({ status: shares.status }).from(shares).where(eq(shares.userId, rep.id));
    expect(statuses.every((s) => s.status === "published")).toBe(true);
    expect(queued).toHaveLength(40);
  });

  it("a share whose worker died between claim and result becomes needs_review and is never posted again", async () => {
    const { share } = await setup("linkedin");
    // The dead worker's claim: 'publishing' with a lease that has run out.
    await t.db.update(shares).set({ status: "publishing", claimedBy: "dead-worker", attempts: 1, leaseExpiresAt: after(-1000) }).where(eq(shares.id, share.id));
    expect(await dispatchDue(t.db, after(0), { workerId: "w2" })).toMatchObject({ needsReview: 1, claimed: 0 });
    expect(await dispatchDue(t.db, after(60_000), { workerId: "w2" })).toMatchObject({ needsReview: 0, claimed: 0 });
    const reviewed = await reloadShare(t.db, share.id);
    expect(reviewed.status).toBe("needs_review");
    expect(reviewed.lastError).toContain("cannot tell whether the network received it");
    expect(mockPosts).toHaveLength(0);
  });

  it("leaves a claim alone while its lease is still running", async () => {
    const { share } = await setup("linkedin");
    await t.db.update(shares).set({ status: "publishing", claimedBy: "busy-worker", leaseExpiresAt: after(60_000) }).where(eq(shares.id, share.id));
    expect(await dispatchDue(t.db, after(0), { workerId: "w2" })).toMatchObject({ needsReview: 0, claimed: 0 });
    expect((await reloadShare(t.db, share.id)).status).toBe("publishing");
  });
});
