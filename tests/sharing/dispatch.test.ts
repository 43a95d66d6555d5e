import { createServer } from "node:http";
import { and, eq, inArray } from "drizzle-orm";
import { delay, http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { failedBeforeSending } from "~/domain/connectors/types";
import { dispatchDue, dispatchOverdue, DISPATCH, retryShare } from "~/domain/dispatch.server";
import type { Network } from "~/domain/networks";
import { notifications, shareEvents, shares, socialAccounts, users } from "../../db/schema";
import { facebookFailures } from "../../mocks/facebook";
import { linkedinFailures } from "../../mocks/linkedin";
import { mockPosts } from "../../mocks/network-log";
import { mockServer } from "../../mocks/server";
import { xFailures } from "../../mocks/x";
import { connect, createItem, createRep, queueShare, reloadShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const T0 = new Date("2026-06-01T09:00:00Z");
const after = (ms: number) => new Date(T0.getTime() + ms);

describe("dispatch: posting scheduled shares at most once", () => {
  const t = useTestDb();
  beforeEach(async () => {
    mockPosts.length = 0;
    // Each test looks at its own shares only: retire what earlier tests left due.
    await t.db
      .update(shares)
      .set({ status: "cancelled" })
      .where(inArray(shares.status, ["scheduled", "publishing", "needs_review"]));
  });
  afterEach(() => {
    delete process.env.NETWORK_TIMEOUT_MS;
    delete process.env.X_API_BASE;
    delete process.env.DISPATCH_LEASE_MS;
  });

  async function setup(network: Network) {
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
      http.post(
        "https://api.x.com/2/tweets",
        () =>
          HttpResponse.json(
            { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
            {
              status: 429,
              headers: {
                "x-rate-limit-limit": "100",
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": String(reset),
              },
            },
          ),
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
      http.post(
        "https://api.linkedin.com/rest/posts",
        () =>
          HttpResponse.json(
            {
              status: 429,
              message: "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
            },
            { status: 429, headers: { "Retry-After": "120" } },
          ),
        { once: true },
      ),
    );
    const { share } = await setup("linkedin");
    await dispatchDue(t.db, after(0), { workerId: "w1" });
    const waiting = await reloadShare(t.db, share.id);
    expect(waiting.nextAttemptAt!.getTime() - T0.getTime()).toBeGreaterThanOrEqual(120_000);
    expect(waiting.lastError).toContain("rate limit");
  });

  it("a 5xx may have posted: X is asked first, and a post it does not have is sent again with backoff", async () => {
    mockServer.use(xFailures.serverError(503));
    const { share } = await setup("x");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ needsReview: 1 });
    const unknown = await reloadShare(t.db, share.id);
    expect(unknown).toMatchObject({ status: "needs_review", attempts: 1 });
    expect(unknown.lastError).toContain("cannot tell yet whether it posted");
    const checkAt = unknown.nextAttemptAt!.getTime();
    expect(checkAt - T0.getTime()).toBeGreaterThanOrEqual(DISPATCH.checkAfterMs - 1000);
    mockServer.resetHandlers();
    expect(await dispatchDue(t.db, new Date(checkAt + 1), { workerId: "w1" })).toMatchObject({
      checked: 1,
      retried: 1,
      claimed: 0,
    });
    const waiting = await reloadShare(t.db, share.id);
    expect(waiting.status).toBe("scheduled");
    const wait = waiting.nextAttemptAt!.getTime() - checkAt;
    expect(wait).toBeGreaterThanOrEqual(DISPATCH.baseBackoffMs / 2 - 2000);
    expect(wait).toBeLessThanOrEqual(DISPATCH.baseBackoffMs + 2000);
    expect(await dispatchDue(t.db, new Date(waiting.nextAttemptAt!.getTime() + 1), { workerId: "w1" })).toMatchObject({
      published: 1,
    });
    const events = await t.db
      .select()
      .from(shareEvents)
      .where(eq(shareEvents.shareId, share.id))
      .orderBy(shareEvents.id);
    expect(events.map((e) => e.kind)).toEqual(["claimed", "needs_review", "checked", "claimed", "published"]);
    expect(mockPosts).toHaveLength(1);
  });

  it("a LinkedIn 5xx waits for a person (LinkedIn cannot be asked) and tells the rep once, in plain words", async () => {
    mockServer.use(linkedinFailures.serverError(500, { posted: true }));
    const { rep, share } = await setup("linkedin");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ needsReview: 1 });
    expect(await dispatchDue(t.db, after(3600_000), { workerId: "w1" })).toMatchObject({ claimed: 0, checked: 0 });
    const review = await reloadShare(t.db, share.id);
    expect(review).toMatchObject({ status: "needs_review", nextAttemptAt: null });
    const notes = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, rep.id), eq(notifications.kind, "share.needs_review")));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain("LinkedIn had a server error (500)");
    expect(notes[0]!.body).toContain("may post it twice");
    expect(notes[0]!.link).toBe(`/queue?highlight=${share.id}#share-${share.id}`);
    expect(mockPosts).toHaveLength(1);
  });

  it("treats a timeout as an unknown outcome, never a blind retry, and settles it from X's timeline", async () => {
    process.env.NETWORK_TIMEOUT_MS = "100";
    mockServer.use(xFailures.lateSuccess(400));
    const { share } = await setup("x");
    let at = after(0);
    for (let attempt = 1; attempt <= DISPATCH.maxAttempts; attempt++) {
      await dispatchDue(t.db, at, { workerId: "w1" });
      const current = await reloadShare(t.db, share.id);
      expect(current.attempts).toBe(1); // the post is never sent a second time
      if (attempt === 1) {
        expect(current).toMatchObject({
          status: "needs_review",
          lastError: "The network did not answer in time, so we cannot tell yet whether it received the post.",
        });
        at = new Date(current.nextAttemptAt!.getTime() + 1);
      }
    }
    const final = await reloadShare(t.db, share.id);
    expect(final.status).toBe("published");
    expect(final.externalPostId).toBe(mockPosts[0]!.id);
    expect(final.externalUrl).toBe(`https://x.com/i/web/status/${mockPosts[0]!.id}`);
    expect(mockPosts).toHaveLength(1);
  });

  it("a 429 on X's timeline look-up waits for x-rate-limit-reset and never counts as a failed look", async () => {
    process.env.NETWORK_TIMEOUT_MS = "100";
    mockServer.use(xFailures.lateSuccess(400));
    const { rep, share } = await setup("x");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ needsReview: 1 });
    let at = new Date((await reloadShare(t.db, share.id)).nextAttemptAt!.getTime() + 1);
    mockServer.resetHandlers();
    // More rate-limited looks than a share may fail (maxChecks): each waits for the reset, none gives up.
    for (let look = 1; look <= DISPATCH.maxChecks + 1; look++) {
      const reset = Math.floor(at.getTime() / 1000) + 15 * 60;
      mockServer.use(xFailures.timelineUnavailable(reset, { once: true }));
      expect(await dispatchDue(t.db, at, { workerId: "w1" })).toMatchObject({ checked: 1, published: 0 });
      const waiting = await reloadShare(t.db, share.id);
      expect(waiting).toMatchObject({ status: "needs_review", reviewChecks: 0, attempts: 1 });
      expect(waiting.nextAttemptAt!.getTime()).toBe(reset * 1000 + 1000);
      // Not before the reset.
      expect(await dispatchDue(t.db, new Date(reset * 1000 - 1000), { workerId: "w1" })).toMatchObject({ checked: 0 });
      at = new Date(waiting.nextAttemptAt!.getTime() + 1);
    }
    expect(await dispatchDue(t.db, at, { workerId: "w1" })).toMatchObject({ checked: 1, published: 1 });
    expect(await reloadShare(t.db, share.id)).toMatchObject({ status: "published", externalPostId: mockPosts[0]!.id });
    const events = await t.db
      .select()
      .from(shareEvents)
      .where(eq(shareEvents.shareId, share.id))
      .orderBy(shareEvents.id);
    const waits = events.filter((e) => e.kind === "check_waiting");
    expect(waits).toHaveLength(DISPATCH.maxChecks + 1);
    expect(waits[0]!.detail).toContain("X's rate limit for reading tweets was reached");
    expect(events.some((e) => e.kind === "check_failed")).toBe(false);
    const notes = await t.db.select().from(notifications).where(eq(notifications.userId, rep.id));
    expect(notes).toHaveLength(0); // the look waited; nobody was asked to decide
    expect(mockPosts).toHaveLength(1);
  });

  it("a 429 on the look-up without a usable reset header is a failed look, with backoff", async () => {
    mockServer.use(xFailures.serverError(503));
    const { share } = await setup("x");
    await dispatchDue(t.db, after(0), { workerId: "w1" });
    const checkAt = (await reloadShare(t.db, share.id)).nextAttemptAt!.getTime();
    mockServer.resetHandlers();
    mockServer.use(
      http.get(
        "https://api.x.com/2/users/:id/tweets",
        () =>
          HttpResponse.json(
            { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
            { status: 429 },
          ),
        { once: true },
      ),
    );
    expect(await dispatchDue(t.db, new Date(checkAt + 1), { workerId: "w1" })).toMatchObject({ checked: 1 });
    const later = await reloadShare(t.db, share.id);
    expect(later).toMatchObject({ status: "needs_review", reviewChecks: 1 });
    expect(later.nextAttemptAt!.getTime() - checkAt).toBeLessThanOrEqual(DISPATCH.baseBackoffMs + 2000);
    const events = await t.db
      .select()
      .from(shareEvents)
      .where(eq(shareEvents.shareId, share.id))
      .orderBy(shareEvents.id);
    expect(events.at(-1)!.kind).toBe("check_failed");
  });

  it("a connection reset after sending on Facebook is found in the Page feed and settled as published", async () => {
    mockServer.use(facebookFailures.resetAfterSend());
    const { share } = await setup("facebook");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ needsReview: 1 });
    const unknown = await reloadShare(t.db, share.id);
    expect(unknown.lastError).toContain("connection to the network broke");
    mockServer.resetHandlers();
    expect(await dispatchDue(t.db, new Date(unknown.nextAttemptAt!.getTime() + 1), { workerId: "w1" })).toMatchObject({
      checked: 1,
      published: 1,
      claimed: 0,
    });
    const done = await reloadShare(t.db, share.id);
    expect(done).toMatchObject({ status: "published", externalPostId: mockPosts[0]!.id });
    expect(mockPosts).toHaveLength(1);
  });

  it("a reset where X never got the post is looked up, found absent and sent again by itself", async () => {
    mockServer.use(http.post("https://api.x.com/2/tweets", () => HttpResponse.error(), { once: true }));
    const { share } = await setup("x");
    await dispatchDue(t.db, after(0), { workerId: "w1" });
    const unknown = await reloadShare(t.db, share.id);
    expect(unknown.status).toBe("needs_review");
    await dispatchDue(t.db, new Date(unknown.nextAttemptAt!.getTime() + 1), { workerId: "w1" });
    const again = await reloadShare(t.db, share.id);
    expect(again.status).toBe("scheduled");
    expect(await dispatchDue(t.db, new Date(again.nextAttemptAt!.getTime() + 1), { workerId: "w1" })).toMatchObject({
      published: 1,
    });
    expect(mockPosts).toHaveLength(1);
  });

  it("retries only failures before sending: a refused connection is a retry", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    process.env.X_API_BASE = `http://127.0.0.1:${port}`;
    const { share } = await setup("x");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ retried: 1 });
    expect(await reloadShare(t.db, share.id)).toMatchObject({
      status: "scheduled",
      lastError: "Could not reach the network (connection refused)",
    });
    expect(failedBeforeSending(Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } }))).toBe(
      true,
    );
    expect(
      failedBeforeSending(Object.assign(new TypeError("fetch failed"), { cause: { code: "UND_ERR_SOCKET" } })),
    ).toBe(false);
    expect(failedBeforeSending(new TypeError("Failed to fetch"))).toBe(false);
  });

  it("X's duplicate 403 settles as published when our earlier tweet is on the timeline", async () => {
    const { share } = await setup("x");
    mockPosts.push({
      network: "x",
      id: "1790000000000000001",
      text: share.text.replace("\n", " "),
      token: "mock_x_token",
      at: Date.now(),
    });
    mockServer.use(xFailures.duplicate());
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ published: 1 });
    expect(await reloadShare(t.db, share.id)).toMatchObject({
      status: "published",
      externalPostId: "1790000000000000001",
    });
  });

  it("X's duplicate 403 without our tweet fails with the reason and tells the rep once", async () => {
    mockServer.use(xFailures.duplicate());
    const { rep, share } = await setup("x");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ failed: 1 });
    await dispatchDue(t.db, after(60_000), { workerId: "w1" });
    expect(await reloadShare(t.db, share.id)).toMatchObject({
      status: "failed",
      lastError: "X refused this post because you already posted the same text. Change the wording and share again.",
    });
    const notes = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, rep.id), eq(notifications.kind, "share.failed")));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.title).toBe("Your X post did not go out");
  });

  it("Graph API token errors (OAuthException 190) pause the Page's shares with the reason; throttling (code 4) retries", async () => {
    mockServer.use(facebookFailures.tokenExpired());
    const first = await setup("facebook");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ paused: 1 });
    expect((await reloadShare(t.db, first.share.id)).lastError).toBe(
      "Waiting for you to reconnect Facebook (Facebook no longer accepts this connection (the access has expired))",
    );
    mockServer.resetHandlers();
    mockServer.use(facebookFailures.rateLimited());
    const second = await setup("facebook");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ retried: 1 });
    expect((await reloadShare(t.db, second.share.id)).lastError).toBe("Facebook's rate limit was reached");
    expect(mockPosts).toHaveLength(0);
  });

  it("on 401 marks the account needs_reauth, pauses the rep's shares on that network and notifies once", async () => {
    mockServer.use(
      http.post("https://api.linkedin.com/rest/posts", () =>
        HttpResponse.json(
          {
            status: 401,
            serviceErrorCode: 65601,
            code: "REVOKED_ACCESS_TOKEN",
            message: "The token used in the request has been revoked by the user",
          },
          { status: 401 },
        ),
      ),
    );
    const { rep, item, account, share } = await setup("linkedin");
    const later = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "linkedin", at: after(3600_000) });
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ paused: 1 });
    const [acct] = await t.db.select().from(socialAccounts).where(eq(socialAccounts.id, account.id));
    expect(acct!.status).toBe("needs_reauth");
    for (const id of [share.id, later.id])
      expect(await reloadShare(t.db, id)).toMatchObject({ status: "scheduled", nextAttemptAt: null });
    expect((await reloadShare(t.db, share.id)).lastError).toContain("Waiting for you to reconnect LinkedIn");
    const notes = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, rep.id), eq(notifications.kind, "account.needs_reauth")));
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
        HttpResponse.json(
          {
            errorDetailType: "com.linkedin.common.error.BadRequest",
            code: "DUPLICATE_POST",
            message: "Content is a duplicate of urn:li:share:7123456789012345678",
            status: 422,
          },
          { status: 422 },
        ),
      ),
    );
    const { share } = await setup("linkedin");
    expect(await dispatchDue(t.db, after(0), { workerId: "w1" })).toMatchObject({ failed: 1 });
    const failed = await reloadShare(t.db, share.id);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toBe(
      "LinkedIn refused this post because you already posted the same text. Change the wording and share again.",
    );
  });

  it("two workers on the same due shares publish each exactly once", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    await connect(t.db, rep.id, "x");
    const queued = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: T0, text: `Post ${i}` }),
      ),
    );
    mockServer.use(
      http.post("https://api.x.com/2/tweets", async ({ request }) => {
        await delay(15);
        const { text } = (await request.json()) as { text: string };
        mockPosts.push({ network: "x", id: text, text, token: "", at: Date.now() });
        return HttpResponse.json({ data: { id: `${mockPosts.length}`, text } }, { status: 201 });
      }),
    );
    const [a, b] = await Promise.all([
      dispatchDue(t.db, after(1000), { workerId: "worker-a" }),
      dispatchDue(t.db, after(1000), { workerId: "worker-b" }),
    ]);
    expect(a.published + b.published).toBe(40);
    expect(mockPosts).toHaveLength(40);
    expect(new Set(mockPosts.map((p) => p.text)).size).toBe(40);
    const statuses = await t.db.select({ status: shares.status }).from(shares).where(eq(shares.userId, rep.id));
    expect(statuses.every((s) => s.status === "published")).toBe(true);
    expect(queued).toHaveLength(40);
  });

  it("a slow answer holds up only its own lane: the rest of its worker's claims, in later batches too, go on", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    await connect(t.db, rep.id, "x");
    const count = DISPATCH.batchSize + 20; // more than one claim's worth
    const slow = await queueShare(t.db, {
      userId: rep.id,
      itemId: item.id,
      network: "x",
      at: after(-60_000),
      text: "Slow",
    });
    for (let i = 0; i < count - 1; i++)
      await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: T0, text: `Post ${i}` });
    let othersPosted = 0;
    let slowAnsweredAt = 0;
    const answeredAt = new Map<string, number>();
    mockServer.use(
      http.post("https://api.x.com/2/tweets", async ({ request }) => {
        const { text } = (await request.json()) as { text: string };
        mockPosts.push({ network: "x", id: text, text, token: "", at: Date.now() });
        if (text.startsWith("Slow")) {
          // Answers once every other share has been posted, or after 45 s if they wait for this one (a
          // loaded machine may take many seconds for the rest; the test fails only if they come after).
          const until = Date.now() + 45_000;
          while (othersPosted < count - 1 && Date.now() < until) await delay(20);
          slowAnsweredAt = Date.now();
        } else {
          await delay(5);
          othersPosted++;
          answeredAt.set(text, Date.now());
        }
        return HttpResponse.json({ data: { id: `${mockPosts.length}`, text } }, { status: 201 });
      }),
    );
    const stats = await dispatchDue(t.db, after(1000), { workerId: "w1" });
    expect(stats).toMatchObject({ claimed: count, published: count });
    expect(answeredAt.size).toBe(count - 1);
    expect(Math.max(...answeredAt.values())).toBeLessThanOrEqual(slowAnsweredAt);
    expect(mockPosts).toHaveLength(count);
    const events = await t.db
      .select()
      .from(shareEvents)
      .where(eq(shareEvents.shareId, slow.id))
      .orderBy(shareEvents.id);
    expect(events.map((e) => e.kind)).toEqual(["claimed", "published"]);
    const statuses = await t.db.select({ status: shares.status }).from(shares).where(eq(shares.userId, rep.id));
    expect(statuses.filter((s) => s.status === "published")).toHaveLength(count);
  }, 120_000);

  it("a share whose worker died after its request left becomes needs_review and is never posted again", async () => {
    const { share } = await setup("linkedin");
    // The dead worker's claim: 'publishing', the request marked as sent, a lease that has run out.
    await t.db
      .update(shares)
      .set({
        status: "publishing",
        claimedBy: "dead-worker",
        attempts: 1,
        sendingAt: after(-5000),
        leaseExpiresAt: after(-1000),
      })
      .where(eq(shares.id, share.id));
    expect(await dispatchDue(t.db, after(0), { workerId: "w2" })).toMatchObject({ needsReview: 1, claimed: 0 });
    expect(await dispatchDue(t.db, after(60_000), { workerId: "w2" })).toMatchObject({ needsReview: 0, claimed: 0 });
    const reviewed = await reloadShare(t.db, share.id);
    expect(reviewed.status).toBe("needs_review");
    expect(reviewed.lastError).toContain("cannot tell whether the network received it");
    expect(mockPosts).toHaveLength(0);
  });

  it("a share whose worker died before sending goes out again by itself", async () => {
    const { share } = await setup("linkedin");
    await t.db
      .update(shares)
      .set({
        status: "publishing",
        claimedBy: "dead-worker",
        attempts: 1,
        sendingAt: null,
        leaseExpiresAt: after(-1000),
      })
      .where(eq(shares.id, share.id));
    expect(await dispatchDue(t.db, after(0), { workerId: "w2" })).toMatchObject({
      released: 1,
      needsReview: 0,
      published: 1,
    });
    const events = await t.db
      .select()
      .from(shareEvents)
      .where(eq(shareEvents.shareId, share.id))
      .orderBy(shareEvents.id);
    expect(events.map((e) => e.kind)).toEqual(["released", "claimed", "published"]);
    expect(mockPosts).toHaveLength(1);
  });

  it("a lease counts from its claim and is extended while the worker posts: a slow post is not taken for abandoned", async () => {
    process.env.DISPATCH_LEASE_MS = "300";
    mockServer.use(
      http.post("https://api.linkedin.com/rest/posts", async () => {
        await delay(1000);
        return new HttpResponse(null, { status: 201, headers: { "x-restli-id": "urn:li:share:7200000000000000001" } });
      }),
    );
    const { share } = await setup("linkedin");
    const slow = dispatchDue(t.db, new Date(), { workerId: "slow-worker" });
    await new Promise((r) => setTimeout(r, 700)); // well past the first lease
    const other = await dispatchDue(t.db, new Date(), { workerId: "other-worker" });
    expect(other).toMatchObject({ needsReview: 0, released: 0, claimed: 0 });
    expect(await slow).toMatchObject({ published: 1 });
    const events = await t.db
      .select()
      .from(shareEvents)
      .where(eq(shareEvents.shareId, share.id))
      .orderBy(shareEvents.id);
    expect(events.map((e) => e.kind)).toEqual(["claimed", "published"]);
  });

  it("Post now (one share) never sweeps other workers' lapsed claims", async () => {
    const dead = await setup("linkedin");
    await t.db
      .update(shares)
      .set({ status: "publishing", claimedBy: "dead-worker", sendingAt: after(-5000), leaseExpiresAt: after(-1000) })
      .where(eq(shares.id, dead.share.id));
    const now = await setup("linkedin");
    expect(await dispatchDue(t.db, after(0), { workerId: "web:1", onlyShareId: now.share.id })).toMatchObject({
      published: 1,
      needsReview: 0,
      released: 0,
    });
    expect((await reloadShare(t.db, dead.share.id)).status).toBe("publishing");
  });

  it("never claims the shares of a deactivated person", async () => {
    const { rep, share } = await setup("linkedin");
    await t.db
      .update(users)
      .set({ deactivatedAt: after(-1000) })
      .where(eq(users.id, rep.id));
    expect(await dispatchDue(t.db, after(1000), { workerId: "w1" })).toMatchObject({ claimed: 0 });
    expect((await reloadShare(t.db, share.id)).status).toBe("scheduled");
    expect(mockPosts).toHaveLength(0);
  });

  it("sending again: a needs_review post only once the rep accepts a possible duplicate", async () => {
    mockServer.use(linkedinFailures.resetAfterSend());
    const { rep, share } = await setup("linkedin");
    await dispatchDue(t.db, after(0), { workerId: "w1" });
    expect((await reloadShare(t.db, share.id)).status).toBe("needs_review");
    const refused = await retryShare(t.db, { user: rep, input: { intent: "retry", shareId: share.id } });
    expect(refused).toMatchObject({ ok: false, field: "confirmDuplicate" });
    expect(refused.message).toContain("may already be on your LinkedIn profile");
    expect(
      await retryShare(t.db, { user: rep, input: { intent: "retry", shareId: share.id, confirmDuplicate: "yes" } }),
    ).toMatchObject({
      ok: true,
    });
    mockServer.resetHandlers();
    expect(await dispatchDue(t.db, new Date(Date.now() + 1000), { workerId: "w1" })).toMatchObject({ published: 1 });
    expect(mockPosts).toHaveLength(2); // the rep chose to risk it, and the network did have the first
    const other = await createRep(t.db);
    expect(
      await retryShare(t.db, { user: other, input: { intent: "retry", shareId: share.id, confirmDuplicate: "yes" } }),
    ).toMatchObject({ ok: false, message: "That share no longer exists." });
  });

  it("says dispatch is overdue once the oldest due share is two minutes late", async () => {
    const { share } = await setup("linkedin");
    expect(await dispatchOverdue(t.db, after(DISPATCH.overdueMs - 1000))).toMatchObject({ overdue: false });
    expect(await dispatchOverdue(t.db, after(DISPATCH.overdueMs + 1000))).toMatchObject({
      overdue: true,
      lateMs: DISPATCH.overdueMs + 1000,
    });
    await dispatchDue(t.db, after(DISPATCH.overdueMs + 1000), { workerId: "w1" });
    expect((await reloadShare(t.db, share.id)).status).toBe("published");
    expect(await dispatchOverdue(t.db, after(DISPATCH.overdueMs + 2000))).toMatchObject({ overdue: false, lateMs: 0 });
  });

  it("leaves a claim alone while its lease is still running", async () => {
    const { share } = await setup("linkedin");
    await t.db
      .update(shares)
      .set({ status: "publishing", claimedBy: "busy-worker", leaseExpiresAt: after(60_000) })
      .where(eq(shares.id, share.id));
    expect(await dispatchDue(t.db, after(0), { workerId: "w2" })).toMatchObject({ needsReview: 0, claimed: 0 });
    expect((await reloadShare(t.db, share.id)).status).toBe("publishing");
  });
});
