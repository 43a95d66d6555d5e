import { beforeAll, describe, expect, it } from "vitest";
import { adoption } from "~/domain/analytics/adoption.server";
import { advocateScore, advocateScores } from "~/domain/analytics/advocate-score.server";
import { DEFAULT_EMV_RATES, earnedMediaValue, getEmvRates, saveEmvRates } from "~/domain/analytics/emv.server";
import { parseAnalyticsFilters } from "~/domain/analytics/filters.server";
import { jobHealth } from "~/domain/analytics/job-health.server";
import { itemsNobodyShared, programStats } from "~/domain/analytics/program-stats.server";
import { toCsv } from "~/domain/csv";
import { loader as analyticsLoader } from "~/routes/_app.analytics";
import { loader as exportLoader } from "~/routes/analytics.export";
import { contentItems, jobRuns, linkClicks, packs, shares, socialAccounts } from "../../db/schema";
import { contextFor, cookieFor, createTeam, createUser, getRequest } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

const t = useTestDb();
const range = new URLSearchParams("from=2026-03-02&to=2026-03-15");
const admin = { role: "admin" as const, teamId: null };
let teamA: { id: string; name: string }, teamB: { id: string; name: string };
let ann: { id: string }, bob: { id: string }, cat: { id: string }, manager: { id: string };
let item1: { id: string }, item2: { id: string }, item3: { id: string };
let n = 0;

async function share(
  userId: string,
  itemId: string,
  network: "linkedin" | "x" | "facebook",
  at: string,
  extra: Partial<typeof shares.$inferInsert> = {},
) {
  const [row] = await t.db
    .insert(shares)
    .values({
      userId,
      itemId,
      network,
      method: "api",
      text: "x",
      status: "published",
      publishedAt: new Date(at),
      idempotencyKey: `a${n++}`,
      linkCode: `code${n++}`,
      ...extra,
    })
    .returning();
  return row!;
}
async function clicks(shareId: string, visitors: string[], isBot = false) {
  await t.db
    .insert(linkClicks)
    .values(visitors.map((v) => ({ shareId, visitorHash: v, isBot, clickedAt: new Date("2026-03-10T10:00:00Z") })));
}

beforeAll(async () => {
  teamA = await createTeam(t.db, "Team A");
  teamB = await createTeam(t.db, "Team B");
  ann = await createUser(t.db, {
    name: "Ann",
    teamId: teamA.id,
    jobTitle: "AE",
    avatarUrl: "https://img/ann.png",
    createdAt: new Date("2026-01-01"),
  });
  bob = await createUser(t.db, { name: "Bob", teamId: teamA.id, createdAt: new Date("2026-01-01") });
  cat = await createUser(t.db, { name: "Cat", teamId: teamB.id, createdAt: new Date("2026-03-09T12:00:00Z") });
  manager = await createUser(t.db, {
    name: "Mgr",
    role: "manager",
    teamId: teamA.id,
    createdAt: new Date("2026-01-01"),
  });
  [item1, item2, item3] = (await t.db
    .insert(contentItems)
    .values([
      { type: "article", title: "Item one", url: "https://n.example/1", status: "published" },
      { type: "blog", title: "Item two", url: "https://n.example/2", status: "published" },
      { type: "video", title: "Item three", url: "https://n.example/3", status: "published" },
    ])
    .returning()) as unknown as [typeof item1, typeof item2, typeof item3];
  const [pack] = await t.db.insert(packs).values({ title: "Launch pack", status: "published" }).returning();
  // Week of 2026-03-02: Ann 2 linkedin shares of item1 (one edited, in the pack), Bob 1 x share of item2.
  const s1 = await share(ann.id, item1.id, "linkedin", "2026-03-02T09:00:00Z", { edited: true, packId: pack!.id });
  const s2 = await share(ann.id, item1.id, "linkedin", "2026-03-04T09:00:00Z");
  const s3 = await share(bob.id, item2.id, "x", "2026-03-03T09:00:00Z");
  // Week of 2026-03-09: Cat 1 facebook share of item1; Ann 1 x share of item2 (edited).
  const s4 = await share(cat.id, item1.id, "facebook", "2026-03-10T09:00:00Z");
  const s5 = await share(ann.id, item2.id, "x", "2026-03-11T09:00:00Z", { edited: true });
  // Out of range and not published: ignored.
  await share(bob.id, item3.id, "linkedin", "2026-02-20T09:00:00Z");
  await share(bob.id, item3.id, "linkedin", "2026-03-05T09:00:00Z", { status: "failed", publishedAt: null });
  // Unique clicks: s1 3 visitors (v1 twice, one bot) → 3; s2 1; s3 2; s4 0 (only bots); s5 1.
  await clicks(s1.id, ["v1", "v1", "v2", "v3"]);
  await clicks(s1.id, ["bot"], true);
  await clicks(s2.id, ["v1"]);
  await clicks(s3.id, ["v4", "v5"]);
  await clicks(s4.id, ["bot1", "bot2"], true);
  await clicks(s5.id, ["v6"]);
  await t.db.insert(socialAccounts).values([
    { userId: ann.id, network: "linkedin", externalId: "a1", accessTokenEnc: "x" },
    { userId: ann.id, network: "x", externalId: "a2", accessTokenEnc: "x" },
    { userId: bob.id, network: "linkedin", externalId: "b1", accessTokenEnc: "x", status: "revoked" },
  ]);
});

describe("program analytics against a hand-computed fixture", () => {
  it("shares and unique clicks by network, team, week, item and pack", async () => {
    const f = parseAnalyticsFilters(range, admin);
    const pick = (r: { label: string; shares: number; uniqueClicks: number }[]) =>
      r.map((x) => [x.label, x.shares, x.uniqueClicks]);
    const stats = await programStats(t.db, f);
    expect(pick(stats.network)).toEqual([
      ["linkedin", 2, 4],
      ["x", 2, 3],
      ["facebook", 1, 0],
    ]);
    expect(pick(stats.team)).toEqual([
      ["Team A", 4, 7],
      ["Team B", 1, 0],
    ]);
    expect(pick(stats.week)).toEqual([
      ["2026-03-02", 3, 6],
      ["2026-03-09", 2, 1],
    ]);
    expect(pick(stats.item)).toEqual([
      ["Item one", 3, 4],
      ["Item two", 2, 3],
    ]);
    expect(pick(stats.pack)).toEqual([["Launch pack", 1, 3]]);
    expect(pick((await programStats(t.db, f, 1)).item)).toEqual([["Item one", 3, 4]]);
    expect((await itemsNobodyShared(t.db, f)).map((i) => i.title)).toEqual(["Item three"]);
    const xOnly = parseAnalyticsFilters(new URLSearchParams(`${range}&network=x`), admin);
    expect(pick((await programStats(t.db, xOnly)).team)).toEqual([["Team A", 2, 3]]);
  });

  it("adoption is active advocates over people with an account, per week", async () => {
    const rowsA = await adoption(t.db, parseAnalyticsFilters(range, admin));
    // Week 1: active Ann, Bob of 3 accounts (Ann, Bob, Mgr; Cat joined later). Week 2: Cat, Ann of 4.
    expect(rowsA.map((r) => [r.week, r.active, r.invited])).toEqual([
      ["2026-03-02", 2, 3],
      ["2026-03-09", 2, 4],
    ]);
    expect(rowsA[1]!.rate).toBe(0.5);
  });

  it("earned media value uses the admin's CPC, CPM and impressions per network", async () => {
    expect(await getEmvRates(t.db)).toEqual(DEFAULT_EMV_RATES);
    const rates = {
      linkedin: { cpc: 2, cpm: 10, impressionsPerShare: 500 },
      x: { cpc: 1, cpm: 4, impressionsPerShare: 250 },
      facebook: { cpc: 3, cpm: 20, impressionsPerShare: 100 },
    };
    await saveEmvRates(t.db, manager.id, rates);
    expect(await getEmvRates(t.db)).toEqual(rates);
    const emv = earnedMediaValue(
      (await programStats(t.db, parseAnalyticsFilters(range, admin))).network,
      await getEmvRates(t.db),
    );
    // linkedin 4×2 + 2×500/1000×10 = 18; x 3×1 + 2×250/1000×4 = 5; facebook 0 + 1×100/1000×20 = 2
    expect(emv.rows.map((r) => [r.network, r.value])).toEqual([
      ["linkedin", 18],
      ["x", 5],
      ["facebook", 2],
    ]);
    expect(emv.total).toBe(25);
  });

  it("advocate score: four pillars of 25 and what would raise it", async () => {
    const now = new Date("2026-03-15T12:00:00Z");
    const score = (await advocateScore(t.db, ann.id, now))!;
    // Ann: 2 networks + title + photo = 20; 5 unique clicks → round(25×5/50) = 3; 2 edited → 5; 2 of 12 weeks → round(4.17) = 4.
    expect(score.pillars).toEqual({ profile: 20, reach: 3, personalised: 5, consistency: 4 });
    expect(score.score).toBe(32);
    expect(score.tips[0]).toMatch(/unique clicks/);
    expect(score.tips.join(" ")).toMatch(/Connect 1 more network/);
    const bobScore = (await advocateScore(t.db, bob.id, now))!;
    // Bob: revoked account counts for nothing; Feb 20 share is inside 12 weeks: 2 weeks active; 2 clicks → 1.
    expect(bobScore.pillars).toEqual({ profile: 0, reach: 1, personalised: 0, consistency: 4 });
    const team = await advocateScores(t.db, { teamId: teamB.id, reps: true }, now);
    expect(team.map((s) => s.name)).toEqual(["Cat"]);
  });
});

describe("a manager sees only their team", () => {
  it("pins the team filter whatever the URL asks for", async () => {
    const f = parseAnalyticsFilters(new URLSearchParams(`${range}&team=${teamB.id}`), {
      role: "manager",
      teamId: teamA.id,
    });
    expect(f).toMatchObject({ teamId: teamA.id, teamLocked: true });
    const noTeam = parseAnalyticsFilters(range, { role: "manager", teamId: null });
    expect(await programStats(t.db, noTeam)).toEqual({ network: [], team: [], week: [], item: [], pack: [] });
  });

  it("the analytics page shows a manager their team's numbers and reps only", async () => {
    const cookie = await cookieFor(t.db, manager.id);
    const result = (await analyticsLoader({
      request: getRequest(`/analytics?${range}&team=${teamB.id}`, cookie),
      params: {},
      context: contextFor(t.db),
    })) as {
      byTeam: { label: string }[];
      scores: { name: string }[];
      filters: { teamId: string };
    };
    expect(result.filters.teamId).toBe(teamA.id);
    expect(result.byTeam.map((r) => r.label)).toEqual(["Team A"]);
    expect(result.scores.map((s) => s.name).sort()).toEqual(["Ann", "Bob"]);
  });
});

describe("CSV export", () => {
  it("exports the table shown, with the page's range and the manager's team", async () => {
    const cookie = await cookieFor(t.db, manager.id);
    const response = await exportLoader({
      request: getRequest(`/analytics/export?${range}&team=${teamB.id}&table=team`, cookie),
      params: {},
      context: contextFor(t.db),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    expect(response.headers.get("Content-Disposition")).toContain("chorus-team-2026-03-02-2026-03-15.csv");
    expect(await response.text()).toBe("team,shares,unverified shares,unique clicks\r\nTeam A,4,0,7\r\n");
    const emv = await exportLoader({
      request: getRequest(`/analytics/export?${range}&table=emv`, cookie),
      params: {},
      context: contextFor(t.db),
    });
    expect((await emv.text()).split("\r\n")[0]).toBe(
      "network,shares,unique clicks,estimated impressions,click value,impression value,EMV",
    );
    const unknown = await exportLoader({
      request: getRequest(`/analytics/export?table=passwords`, cookie),
      params: {},
      context: contextFor(t.db),
    });
    expect(unknown.status).toBe(400);
  });

  it("quotes separators and defuses spreadsheet formulas", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ['x, "y"', "=HYPERLINK(1)"],
          [-3, null],
        ],
      ),
    ).toBe('a,b\r\n"x, ""y""",\'=HYPERLINK(1)\r\n-3,\r\n');
  });
});

describe("job health", () => {
  it("lists the last runs of every job with duration, counts and errors, and registered jobs that never ran", async () => {
    const at = (m: number) => new Date(Date.UTC(2026, 2, 1, 10, m));
    await t.db.insert(jobRuns).values([
      ...[0, 15, 30, 45].map((m) => ({
        name: "tally",
        startedAt: at(m),
        finishedAt: new Date(at(m).getTime() + 1500),
        status: "ok",
        stats: { daysRecounted: m },
      })),
      {
        name: "tally",
        startedAt: at(50),
        finishedAt: new Date(at(50).getTime() + 200),
        status: "failed",
        error: "boom",
      },
      { name: "retired", startedAt: at(1), status: "running" },
    ]);
    const health = await jobHealth(t.db, ["tally", "maintain"], 3);
    expect(health.map((j) => [j.name, j.registered, j.runs.length])).toEqual([
      ["maintain", true, 0],
      ["retired", false, 1],
      ["tally", true, 3],
    ]);
    const tally = health.find((j) => j.name === "tally")!.runs;
    expect(tally.map((r) => [r.status, r.durationMs, r.error, r.stats])).toEqual([
      ["failed", 200, "boom", null],
      ["ok", 1500, null, { daysRecounted: 45 }],
      ["ok", 1500, null, { daysRecounted: 30 }],
    ]);
    expect(health.find((j) => j.name === "retired")!.runs[0]!.durationMs).toBeNull();
  });
});
