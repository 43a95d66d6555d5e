import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { matchBrand, saveBrand } from "~/domain/sov/brands.server";
import { importMentionsCsv } from "~/domain/sov/import.server";
import { parseSovFilters, sovReport } from "~/domain/sov/report.server";
import { rows } from "../../db/client.server";
import { brands, mentions, shares, contentItems, sovDaily } from "../../db/schema";
import { resetTally, tally } from "../../jobs/tally";
import { createUser } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

const t = useTestDb();
let own: string, contoso: string, fabrikam: string;

function stream(text: string, chunk = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(i, i + chunk));
      i += chunk;
    },
  });
}

const sovTable = () =>
  rows<{ day: string; brand_id: string; network: string; source: string; count: number }>(
    t.db,
    sql`select day::text as day, brand_id, network, source::text as source, count from sov_daily order by 1, 2, 3, 4`,
  );

async function publishShare(userId: string, itemId: string, network: "linkedin" | "x", at: string) {
  await t.db.insert(shares).values({
    userId,
    itemId,
    network,
    method: "api",
    text: "hello",
    status: "published",
    publishedAt: new Date(at),
    idempotencyKey: `k-${Math.random()}`,
    linkCode: Math.random().toString(36).slice(2, 12),
  });
}

beforeAll(async () => {
  const inserted = await t.db
    .insert(brands)
    .values([
      { name: "Northwind", isOwn: true, keywords: ["northwind"], color: "#4338ca" },
      { name: "Contoso Ops", keywords: ["contoso"], color: "#f59e0b" },
      { name: "Fabrikam Cloud", keywords: ["fabrikam cloud", "fabrikam"], color: "#10b981" },
    ])
    .returning();
  [own, contoso, fabrikam] = inserted.map((b) => b.id) as [string, string, string];
});

describe("brand matching", () => {
  it("finds the brand by keyword, longest keyword first, case-insensitively", () => {
    const list = [
      { id: "a", keywords: ["cloud"] },
      { id: "b", keywords: ["fabrikam cloud"] },
    ];
    expect(matchBrand(list, "Loving FABRIKAM Cloud today")).toBe("b");
    expect(matchBrand(list, "any cloud will do")).toBe("a");
    expect(matchBrand(list, "nothing here")).toBeNull();
  });
});

describe("CSV import", () => {
  const csv = [
    "date,network,author,url,text,brand",
    "2026-03-02,linkedin,ann,https://l.example/1,Contoso is slow,", // line 2: good, brand by keyword
    "2026-03-02,x,bob,https://x.example/2,,Fabrikam Cloud", // line 3: good, brand named
    "not-a-date,x,cid,https://x.example/3,northwind rocks,", // line 4: bad date
    "2026-03-03,linkedin,dan,https://l.example/4,no brand at all,", // line 5: no brand
    "2026-03-03,,eve,https://l.example/5,contoso,", // line 6: network missing
    "2026-03-03,linkedin,fay,https://l.example/1,Contoso is slow,", // line 7: duplicate of line 2 (same url+brand)
    '2026-03-04 09:30,facebook,gus,,"Northwind, again ""quoted""",', // line 8: good, no url
    "2026-03-04,x,hal,https://x.example/9,text,Unknown Brand", // line 9: unknown brand
    "2026-03-04,x,ivy,ftp://x.example/10,contoso,", // line 10: bad url
  ].join("\n");

  it("keeps good rows, reports each bad row with its line and reason, skips duplicates", async () => {
    const progress: number[] = [];
    const report = await importMentionsCsv(t.db, stream(csv), { onProgress: (b) => progress.push(b) });
    expect(report.rows).toBe(9);
    expect(report.imported).toBe(3);
    expect(report.duplicates).toBe(1);
    expect(report.errors.map((e) => e.line)).toEqual([4, 5, 6, 9, 10]);
    expect(report.errors[0]!.reason).toContain("is not a date");
    expect(report.errors[1]!.reason).toContain("no tracked brand");
    expect(report.errors[2]!.reason).toContain("network is missing");
    expect(report.errors[3]!.reason).toContain("not a tracked brand");
    expect(report.errors[4]!.reason).toContain("http");
    expect(progress.at(-1)).toBe(new TextEncoder().encode(csv).length);
    const stored = await t.db.select().from(mentions).orderBy(mentions.id);
    expect(stored.map((m) => [m.brandId, m.network, m.source, m.mentionedAt.toISOString()])).toEqual([
      [contoso, "linkedin", "import", "2026-03-02T00:00:00.000Z"],
      [fabrikam, "x", "import", "2026-03-02T00:00:00.000Z"],
      [own, "facebook", "import", "2026-03-04T09:30:00.000Z"],
    ]);
    expect(stored[2]!.text).toBe('Northwind, again "quoted"');
  });

  it("adds nothing when the same file is imported again", async () => {
    const report = await importMentionsCsv(t.db, stream(csv, 1000));
    expect(report.imported).toBe(0);
    expect(report.duplicates).toBe(4);
    const [{ n }] = (await rows<{ n: number }>(t.db, sql`select count(*)::int as n from mentions`)) as [{ n: number }];
    expect(n).toBe(3);
  });

  it("refuses a file without the required columns and one over the size limit", async () => {
    const headerless = await importMentionsCsv(t.db, stream("when,where\n2026-01-01,x\n"));
    expect(headerless.fatal).toMatch(/date and network are missing/);
    expect(headerless.imported).toBe(0);
    const big = await importMentionsCsv(
      t.db,
      stream(`date,network,text\n${"2026-01-01,x,contoso big\n".repeat(100)}`, 64),
      { maxBytes: 500 },
    );
    expect(big.fatal).toMatch(/larger than/);
  });
});

describe("tally and share of voice", () => {
  it("counts shares as own mentions, and incremental runs equal a full recompute", async () => {
    await t.db.delete(mentions);
    const rep = await createUser(t.db);
    const [item] = await t.db
      .insert(contentItems)
      .values({ type: "article", title: "T", url: "https://n.example/t", status: "published" })
      .returning();
    // Hand-computed fixture, week of 2026-03-02 (Mon) and 2026-03-09:
    //  week 1: own 2 shares (linkedin) + 1 import (x) = 3; contoso 4 (linkedin 3, x 1); fabrikam 1 (x)   → SOV 3/8
    //  week 2: own 1 share (x); contoso 1 (linkedin)                                                     → SOV 1/2
    await publishShare(rep.id, item!.id, "linkedin", "2026-03-02T09:00:00Z");
    await publishShare(rep.id, item!.id, "linkedin", "2026-03-05T23:59:59Z");
    const first = [
      "date,network,text",
      "2026-03-03,x,northwind launch",
      "2026-03-02,linkedin,contoso a",
      "2026-03-03,linkedin,contoso b",
      "2026-03-08T23:30:00Z,linkedin,contoso c",
      "2026-03-04,x,contoso d",
      "2026-03-06,x,fabrikam e",
    ].join("\n");
    expect((await importMentionsCsv(t.db, stream(first))).imported).toBe(6);

    const now = new Date("2026-03-10T12:00:00Z");
    const run1 = await tally(t.db, now);
    expect(run1).toMatchObject({ full: true });

    // Later: one more share, a late competitor mention on an already tallied day, a new day.
    await publishShare(rep.id, item!.id, "x", "2026-03-10T08:00:00Z");
    expect((await importMentionsCsv(t.db, stream("date,network,text\n2026-03-11,linkedin,contoso f\n"))).imported).toBe(
      1,
    );
    const run2 = await tally(t.db, new Date("2026-03-11T12:00:00Z"));
    // Only the days touched since the watermark: 03-10 (new share, within the 1-day share overlap) and 03-11 (new mention).
    expect(run2).toEqual({ full: false, daysRecounted: 2 });
    expect(await tally(t.db, new Date("2026-03-11T12:15:00Z"))).toMatchObject({ full: false });
    const incremental = await sovTable();

    const report = await sovReport(
      t.db,
      parseSovFilters(new URLSearchParams("from=2026-03-01&to=2026-03-31&bucket=week")),
    );
    expect(
      report.periods.map((p) => [
        p.period,
        p.own,
        p.total,
        p.ownFromShares,
        p.byBrand[contoso] ?? 0,
        p.byBrand[fabrikam] ?? 0,
      ]),
    ).toEqual([
      ["2026-03-02", 3, 8, 2, 4, 1],
      ["2026-03-09", 1, 2, 1, 1, 0],
    ]);
    expect(report.periods[0]!.sov).toBeCloseTo(3 / 8);
    expect(report.periods[0]!.sovWithoutShares).toBeCloseTo(1 / 6);
    expect(report.periods[1]!.sov).toBeCloseTo(1 / 2);
    expect(report.total.sov).toBeCloseTo(4 / 10);
    const linkedin = report.byNetwork.find((n) => n.period === "linkedin")!;
    expect([linkedin.own, linkedin.total]).toEqual([2, 6]);

    const daily = await sovReport(
      t.db,
      parseSovFilters(new URLSearchParams("from=2026-03-02&to=2026-03-02&bucket=day&network=linkedin")),
    );
    expect(daily.periods).toEqual([expect.objectContaining({ period: "2026-03-02", own: 1, total: 2, sov: 0.5 })]);
    const monthly = await sovReport(
      t.db,
      parseSovFilters(new URLSearchParams("from=2026-03-01&to=2026-03-31&bucket=month")),
    );
    expect(monthly.periods.map((p) => [p.period, p.own, p.total])).toEqual([["2026-03-01", 4, 10]]);

    await resetTally(t.db);
    expect(await tally(t.db, new Date("2026-03-11T12:30:00Z"))).toMatchObject({ full: true });
    expect(await sovTable()).toEqual(incremental);
    expect(incremental.length).toBeGreaterThan(5);
    expect(incremental.filter((r) => r.source === "share").map((r) => [r.day, r.brand_id, r.network, r.count])).toEqual(
      [
        ["2026-03-02", own, "linkedin", 1],
        ["2026-03-05", own, "linkedin", 1],
        ["2026-03-10", own, "x", 1],
      ],
    );

    // Making another brand the own brand moves the program's mentions to it on the next (full) tally.
    const [contosoRow] = await t.db.select().from(brands).where(eq(brands.id, contoso));
    await saveBrand(t.db, rep.id, {
      id: contoso,
      name: contosoRow!.name,
      keywords: contosoRow!.keywords,
      color: contosoRow!.color,
      isOwn: true,
    });
    expect(await tally(t.db, new Date("2026-03-11T13:00:00Z"))).toMatchObject({ full: true });
    const moved = await sovReport(
      t.db,
      parseSovFilters(new URLSearchParams("from=2026-03-01&to=2026-03-31&bucket=month")),
    );
    expect(moved.own?.id).toBe(contoso);
    expect(moved.periods.map((p) => [p.own, p.ownFromShares, p.total])).toEqual([[8, 3, 10]]);
  });
});

describe("the share of voice report's one pass", () => {
  it("gives every period, network and total as counting each group on its own would, and lists every network", async () => {
    await t.db.delete(sovDaily);
    const sources = ["share", "import", "api", "opened_share"] as const;
    const networks = ["linkedin", "x", "mastodon", "bluesky"];
    const fixture: Array<typeof sovDaily.$inferInsert> = [];
    // Thirty days of April 2026 (and one network counted only in 2025, outside every range below).
    for (let d = 1; d <= 30; d++)
      for (const [b, brandId] of [own, contoso, fabrikam].entries())
        for (const [n, network] of networks.slice(0, 3).entries())
          for (const [k, source] of sources.entries())
            if ((d + b + n + k) % 3 !== 0)
              fixture.push({
                day: `2026-04-${String(d).padStart(2, "0")}`,
                brandId,
                network,
                source,
                count: d + b * 3 + n + k,
              });
    fixture.push({ day: "2025-06-01", brandId: own, network: "bluesky", source: "import", count: 5 });
    await t.db.insert(sovDaily).values(fixture);

    const monday = (day: string) => {
      const d = new Date(`${day}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return d.toISOString().slice(0, 10);
    };
    for (const query of [
      "from=2026-04-01&to=2026-04-30&bucket=week",
      "from=2026-04-03&to=2026-04-17&bucket=day&network=x",
      "from=2026-03-01&to=2026-05-31&bucket=month&unverified=1",
      "from=2026-04-06&to=2026-04-19&bucket=week&network=mastodon&unverified=1",
    ]) {
      const filters = parseSovFilters(new URLSearchParams(query));
      const report = await sovReport(t.db, filters);
      const ownId = report.own!.id;
      const inRange = fixture.filter(
        (r) => r.day >= filters.from && r.day <= filters.to && (!filters.network || r.network === filters.network),
      );
      const expected = (keyOf: (r: (typeof fixture)[number]) => string) => {
        const groups = new Map<
          string,
          { total: number; own: number; fromShares: number; unverified: number; byBrand: Record<string, number> }
        >();
        for (const r of [...inRange].sort((a, b) => keyOf(a).localeCompare(keyOf(b)))) {
          const g = groups.get(keyOf(r)) ?? { total: 0, own: 0, fromShares: 0, unverified: 0, byBrand: {} };
          const counted = r.source !== "opened_share" || filters.unverified ? r.count! : 0;
          g.total += counted;
          g.byBrand[r.brandId] = (g.byBrand[r.brandId] ?? 0) + counted;
          if (r.source === "opened_share") g.unverified += r.count!;
          if (r.brandId === ownId) {
            g.own += counted;
            if (r.source === "share" || (r.source === "opened_share" && filters.unverified)) g.fromShares += r.count!;
          }
          groups.set(keyOf(r), g);
        }
        return [...groups.entries()].map(([k, g]) => [k, g.total, g.own, g.fromShares, g.unverified, g.byBrand]);
      };
      const shown = (list: typeof report.periods) =>
        list.map((p) => [p.period, p.total, p.own, p.ownFromShares, p.unverifiedShares, p.byBrand]);
      const bucketOf = (day: string) =>
        filters.bucket === "day" ? day : filters.bucket === "week" ? monday(day) : `${day.slice(0, 7)}-01`;
      expect(shown(report.periods), query).toEqual(expected((r) => bucketOf(r.day)));
      expect(shown(report.byNetwork), query).toEqual(expected((r) => r.network));
      expect(report.periods.length).toBeGreaterThan(0);
      expect(report.total.total).toBe(report.periods.reduce((n, p) => n + p.total, 0));
      expect(report.networks).toEqual(["bluesky", "linkedin", "mastodon", "x"]);
    }
  });
});
