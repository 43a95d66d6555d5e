import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPacks, livePacksForTeam } from "~/domain/packs.server";
import { loader as studioPacksLoader } from "~/routes/_app.studio.packs._index";
import { openDb, rows, type DbHandle } from "../../db/client.server";
import { parseTimestamp } from "../../db/result-types.server";
import { packs, packTargets } from "../../db/schema";
import { createTestDb } from "../helpers/db";
import { cookieFor, contextFor, createTeam, createUser, getRequest, unwrap } from "../helpers/factories";

/**
 * One raw query per Postgres type, with the JavaScript type and value `rows()` must give for it on every engine
 * (the table in db/result-types.server.ts). Always run on an in-memory PGlite; with DATABASE_URL also on
 * Postgres, and then each engine's values are compared with the other's as well as with this table.
 */
type Kind = "Date" | "number" | "string" | "boolean" | "object" | "Array" | "Buffer" | "null";
const CASES: Array<{ type: string; expr: string; kind: Kind; value: unknown }> = [
  {
    type: "timestamptz",
    expr: `'2026-03-01 12:34:56.789+01'::timestamptz`,
    kind: "Date",
    value: new Date("2026-03-01T11:34:56.789Z"),
  },
  {
    type: "timestamptz (microseconds)",
    expr: `'2026-03-01 12:00:00.123456Z'::timestamptz`,
    kind: "Date",
    value: new Date("2026-03-01T12:00:00.123Z"),
  },
  {
    type: "timestamp",
    expr: `'2026-03-01 12:34:56'::timestamp`,
    kind: "Date",
    value: new Date("2026-03-01T12:34:56Z"),
  },
  { type: "timestamptz null", expr: `null::timestamptz`, kind: "null", value: null },
  { type: "date", expr: `'2026-02-28'::date`, kind: "string", value: "2026-02-28" },
  { type: "int8 (count)", expr: `(select count(*) from generate_series(1, 3))`, kind: "number", value: 3 },
  { type: "int8", expr: `9007199254740991::int8`, kind: "number", value: 9007199254740991 },
  { type: "int4", expr: `42::int4`, kind: "number", value: 42 },
  { type: "numeric", expr: `12.50::numeric`, kind: "number", value: 12.5 },
  {
    type: "numeric (sum of int8)",
    expr: `(select sum(x::int8) from generate_series(1, 4) x)`,
    kind: "number",
    value: 10,
  },
  { type: "numeric (avg)", expr: `(select avg(x) from generate_series(1, 2) x)`, kind: "number", value: 1.5 },
  { type: "float8", expr: `0.25::float8`, kind: "number", value: 0.25 },
  { type: "bool", expr: `true`, kind: "boolean", value: true },
  { type: "json", expr: `'{"a":[1,"x"]}'::json`, kind: "object", value: { a: [1, "x"] } },
  { type: "jsonb", expr: `'{"b":null,"n":2}'::jsonb`, kind: "object", value: { b: null, n: 2 } },
  { type: "text[]", expr: `array['a', 'b c', null]::text[]`, kind: "Array", value: ["a", "b c", null] },
  {
    type: "uuid[]",
    expr: `array['00000000-0000-4000-8000-000000000001']::uuid[]`,
    kind: "Array",
    value: ["00000000-0000-4000-8000-000000000001"],
  },
  { type: "int8[]", expr: `array[1, 2]::int8[]`, kind: "Array", value: [1, 2] },
  { type: "numeric[]", expr: `array[1.5, null]::numeric[]`, kind: "Array", value: [1.5, null] },
  {
    type: "timestamptz[]",
    expr: `array['2026-03-01 00:00:00+00']::timestamptz[]`,
    kind: "Array",
    value: [new Date("2026-03-01T00:00:00Z")],
  },
  { type: "date[]", expr: `array['2026-03-01']::date[]`, kind: "Array", value: ["2026-03-01"] },
  { type: "bytea", expr: `'\\x00ff10'::bytea`, kind: "Buffer", value: Buffer.from([0, 255, 16]) },
  {
    type: "uuid",
    expr: `'00000000-0000-4000-8000-000000000002'::uuid`,
    kind: "string",
    value: "00000000-0000-4000-8000-000000000002",
  },
  { type: "interval", expr: `interval '1 day 2 hours'`, kind: "string", value: "1 day 02:00:00" },
  { type: "text", expr: `'plain'`, kind: "string", value: "plain" },
  { type: "enum", expr: `'rep'::role`, kind: "string", value: "rep" },
];

function kindOf(value: unknown): Kind {
  if (value === null) return "null";
  if (value instanceof Date) return "Date";
  if (Buffer.isBuffer(value)) return "Buffer";
  if (Array.isArray(value)) return "Array";
  return typeof value as Kind;
}

const engines: Array<{ name: string; handle?: DbHandle }> = [{ name: "pglite" }];
if (process.env.DATABASE_URL) engines.push({ name: "postgres" });

beforeAll(async () => {
  for (const engine of engines) {
    if (engine.name === "pglite") {
      engine.handle = await openDb({ dataDir: "memory://" });
      await engine.handle.migrate();
    } else engine.handle = await createTestDb();
  }
});
afterAll(async () => {
  for (const engine of engines) await engine.handle?.close();
});

const select = sql.raw(`select ${CASES.map((c, i) => `${c.expr} as c${i}`).join(", ")}`);

describe.each(engines.map((e) => [e.name, e] as const))("rows() on %s", (_name, engine) => {
  it("gives every Postgres type the JavaScript type and value of the documented table", async () => {
    const [row] = await rows<Record<string, unknown>>(engine.handle!.db, select);
    const got = CASES.map((c, i) => ({ type: c.type, kind: kindOf(row![`c${i}`]), value: row![`c${i}`] }));
    expect(got).toEqual(CASES.map((c) => ({ type: c.type, kind: c.kind, value: c.value })));
  });

  it("converts array elements too: Date[] inside timestamptz[] and numbers inside int8[]", async () => {
    const [row] = await rows<{ at: Date[]; n: number[] }>(
      engine.handle!.db,
      sql`select array[now()] as at, array[count(*)] as n from generate_series(1, 2)`,
    );
    expect(row!.at[0]).toBeInstanceOf(Date);
    expect(typeof row!.n[0]).toBe("number");
  });

  it("gives the same types inside a transaction as outside", async () => {
    const [row] = await engine.handle!.db.transaction((tx) =>
      rows<{ at: unknown; n: unknown }>(tx, sql`select now() as at, count(*) as n from generate_series(1, 2)`),
    );
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.n).toBe(2);
  });

  it("reads table columns with the types of the table (Studio packs list and a rep's live packs)", async () => {
    const db = engine.handle!.db;
    const team = await createTeam(db);
    const [pack] = await db
      .insert(packs)
      .values({
        title: "Launch week",
        status: "published",
        publishedAt: new Date("2026-01-01T00:00:00Z"),
        startsAt: new Date("2026-01-02T09:00:00Z"),
        endsAt: new Date("2099-01-09T17:30:00Z"),
      })
      .returning();
    await db.insert(packTargets).values({ packId: pack!.id, teamId: team.id });
    const listed = (await listPacks(db)).find((p) => p.id === pack!.id)!;
    expect(listed.startsAt).toEqual(new Date("2026-01-02T09:00:00Z"));
    expect(listed.endsAt).toEqual(new Date("2099-01-09T17:30:00Z"));
    expect(listed.updatedAt).toBeInstanceOf(Date);
    expect(listed.items).toBe(0);
    expect(listed.teams).toEqual([team.name]);
    const live = await livePacksForTeam(db, { teamId: team.id, now: new Date("2026-02-01T00:00:00Z") });
    expect(live.map((p) => p.endsAt)).toEqual([new Date("2099-01-09T17:30:00Z")]);
  });

  it("serves Studio → Packs with a scheduled pack (it was a 500 on the embedded engine)", async () => {
    const db = engine.handle!.db;
    const marketer = await createUser(db, { role: "marketer" });
    await db.insert(packs).values({
      title: "Scheduled",
      startsAt: new Date("2026-05-01T08:00:00Z"),
      endsAt: new Date("2026-05-08T08:00:00Z"),
    });
    const result = unwrap<{ packs: Array<{ title: string; startsAt: string | null; endsAt: string | null }> }>(
      await studioPacksLoader({
        request: getRequest("/studio/packs", await cookieFor(db, marketer.id)),
        context: contextFor(db),
        params: {},
      }),
    );
    // Days as the marketer reads them in their zone (UTC here), formatted by the loader (decision 020).
    expect(result.data.packs.find((p) => p.title === "Scheduled")).toMatchObject({
      startsAt: "1 May 2026",
      endsAt: "8 May 2026",
    });
  });
});

describe.runIf(engines.length === 2)("pglite and postgres side by side", () => {
  it("return equal values of equal types for the same query", async () => {
    const [a] = await rows<Record<string, unknown>>(engines[0]!.handle!.db, select);
    const [b] = await rows<Record<string, unknown>>(engines[1]!.handle!.db, select);
    expect(Object.values(a!).map(kindOf)).toEqual(Object.values(b!).map(kindOf));
    expect(a).toEqual(b);
  });
});

describe("parseTimestamp", () => {
  it("reads Postgres's text form with any offset, as UTC without one, and keeps early and BC years", () => {
    expect(parseTimestamp("2026-03-01 12:00:00+05:30").toISOString()).toBe("2026-03-01T06:30:00.000Z");
    expect(parseTimestamp("2026-03-01 12:00:00-08").toISOString()).toBe("2026-03-01T20:00:00.000Z");
    expect(parseTimestamp("2026-03-01 12:00:00.5").toISOString()).toBe("2026-03-01T12:00:00.500Z");
    expect(parseTimestamp("0042-01-01 00:00:00+00").getUTCFullYear()).toBe(42);
    expect(parseTimestamp("0044-03-15 00:00:00+00 BC").getUTCFullYear()).toBe(-43);
    expect(parseTimestamp("infinity").getTime()).toBe(8.64e15);
    expect(parseTimestamp("-infinity").getTime()).toBe(-8.64e15);
    expect(Number.isNaN(parseTimestamp("not a time").getTime())).toBe(true);
  });
});
