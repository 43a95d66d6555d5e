import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiToken } from "~/domain/api-tokens.server";
import { constraintFieldError } from "~/domain/db-errors.server";
import { scheduleProblem } from "~/domain/scheduling.server";
import { shareFormSchema } from "~/domain/sharing.server";
import { saveBrand } from "~/domain/sov/brands.server";
import { importMentionsCsv } from "~/domain/sov/import.server";
import { dateRange, isRealDate, utcDateTime } from "~/domain/validation";
import { idParam, parseForm } from "~/forms";
import { action as newChallenge } from "~/routes/_app.challenges_.new";
import { loader as shareLoader } from "~/routes/_app.share.$itemId";
import { loader as analyticsExport } from "~/routes/analytics.export";
import { action as apiMentions } from "~/routes/api.mentions";
import { loader as sovExport } from "~/routes/sov.export";
import { rows } from "../../db/client.server";
import { brands } from "../../db/schema";
import {
  contextFor,
  cookieFor,
  createUser,
  formRequest,
  getRequest,
  ORIGIN,
  settle,
  unwrap,
} from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

/** The mechanisms of decision 012, each on its own: the route fuzzer (route-fuzz.test.ts) tries them all at once. */
const t = useTestDb();
let marketerCookie: string;
let adminId: string;

beforeAll(async () => {
  adminId = (await createUser(t.db, { role: "admin" })).id;
  marketerCookie = await cookieFor(t.db, (await createUser(t.db, { role: "marketer" })).id);
  await t.db.insert(brands).values([
    { name: "Northwind", isOwn: true, keywords: ["northwind"] },
    { name: "Contoso Ops", keywords: ["contoso"] },
  ]);
});

describe("text: control characters", () => {
  it("parseForm refuses a NUL byte in any field with a message beside that field, whatever the schema", () => {
    const form = new FormData();
    form.set("title", "Hello\u0000world");
    form.set("note", "line one\nline two\ttabbed");
    const result = parseForm(z.object({ title: z.string(), note: z.string() }), form);
    expect(result).toEqual({ ok: false, errors: { title: expect.stringMatching(/control character/) } });
  });

  it("keeps the good rows of an API batch when one row holds a NUL byte, and reports that row", async () => {
    const { token } = await createApiToken(t.db, adminId, "edge");
    const response = await apiMentions({
      request: new Request(`${ORIGIN}/api/mentions`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          mentions: [
            { id: "nul-1", date: "2026-04-01", network: "x", text: "contoso\u0000 again" },
            { id: "good-1", date: "2026-04-01", network: "x", text: "contoso again" },
          ],
        }),
      }),
      params: {},
      context: contextFor(t.db),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      received: 2,
      imported: 1,
      errors: [{ index: 0, reason: expect.stringMatching(/control character/) }],
    });
  });

  it("keeps the good rows of a CSV import when one row holds a NUL byte, and reports its line", async () => {
    const csv = "date,network,text\n2026-04-02,x,contoso\u0000 nul\n2026-04-02,x,contoso fine\n";
    const report = await importMentionsCsv(
      t.db,
      (async function* () {
        yield csv;
      })(),
    );
    expect(report).toMatchObject({
      rows: 2,
      imported: 1,
      errors: [{ line: 2, reason: expect.stringMatching(/control character/) }],
    });
  });
});

describe("dates: one strict calendar", () => {
  it.each(["2026-02-30", "0000-01-01", "9999-12-31", "2026-13-01", "2026-2-3"])("refuses %s", (value) => {
    expect(isRealDate(value)).toBe(false);
    expect(utcDateTime().safeParse(`${value}T09:00`).success).toBe(false);
  });

  it("accepts real days, leap days included, and reads date-times as UTC", () => {
    expect(isRealDate("2028-02-29")).toBe(true);
    expect(isRealDate("2026-02-29")).toBe(false);
    expect(utcDateTime().parse("2026-03-10T09:00")).toEqual(new Date("2026-03-10T09:00:00Z"));
  });

  it("a report range says which date it replaced, and is cut to its longest span", () => {
    const today = new Date("2026-06-30T12:00:00Z");
    expect(dateRange(new URLSearchParams("from=2026-02-30&to=2026-03-31"), { today, days: 90, maxDays: 3660 })).toEqual(
      {
        from: "2026-01-01",
        to: "2026-03-31",
        problem: expect.stringContaining('"2026-02-30" is not a real date'),
      },
    );
    expect(dateRange(new URLSearchParams("from=1970-01-01&to=2026-06-30"), { today, days: 90, maxDays: 10 }).from).toBe(
      "2026-06-21",
    );
  });

  it.each([
    ["analytics", analyticsExport, "table=week"],
    ["share of voice", sovExport, "table=periods"],
  ] as const)("the %s export answers an impossible date with a 400 that says why", async (_name, loader, table) => {
    for (const date of ["2026-02-30", "0000-01-01", "9999-12-31"]) {
      const response = await loader({
        request: getRequest(`/x?${table}&from=${date}`, marketerCookie),
        params: {},
        context: contextFor(t.db),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(`"${date}" is not a real date`);
    }
  });

  it("scheduling refuses 02-30 (not 2 March) and year 9999, with the message next to the date", () => {
    const base = {
      network: "linkedin",
      mode: "schedule",
      text: "",
      idempotencyKey: crypto.randomUUID(),
      time: "09:00",
    };
    const feb30 = shareFormSchema.safeParse({ ...base, date: "2026-02-30" });
    expect(feb30.success).toBe(false);
    expect(feb30.error?.issues[0]?.path).toEqual(["date"]);
    expect(shareFormSchema.safeParse({ ...base, date: "9999-12-31" }).success).toBe(false);
    const now = new Date("2026-06-01T00:00:00Z");
    expect(scheduleProblem(new Date("2028-06-01T09:00:00Z"), now)).toEqual({
      field: "date",
      message: expect.stringMatching(/within the next year/),
    });
    expect(scheduleProblem(new Date("2026-06-02T09:00:00Z"), now)).toBeNull();
  });
});

describe("ids and constraints", () => {
  it("idParam gives a 404 for an id that is not a uuid, and the composer uses it", async () => {
    expect(() => idParam({ id: "not-a-uuid" })).toThrow(Response);
    const thrown = await settle(
      shareLoader({
        request: getRequest("/share/not-a-uuid", marketerCookie),
        params: { itemId: "not-a-uuid" },
        context: contextFor(t.db),
      }),
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });

  it("a new challenge for a team that does not exist is a field error on the team, and saves nothing", async () => {
    const [before] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from challenges`);
    const result = unwrap<{ errors: Record<string, string> }>(
      await newChallenge({
        request: formRequest(
          "/challenges/new",
          {
            title: "Spring push",
            metric: "shares",
            goal: "5",
            teamId: "00000000-0000-4000-8000-000000000000",
            startsAt: "2026-04-01T00:00",
            endsAt: "2026-04-30T00:00",
          },
          marketerCookie,
        ),
        params: {},
        context: contextFor(t.db),
      }),
    );
    expect(result.status).toBe(400);
    expect(result.data.errors.teamId).toMatch(/no longer exists/);
    const [after] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from challenges`);
    expect(after!.n).toBe(before!.n);
  });

  it("constraintFieldError turns a unique violation into the field's message, on either engine", async () => {
    const error = await t.db
      .insert(brands)
      .values({ name: "Contoso Ops", keywords: ["x"] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(
      constraintFieldError(error, { brands_name_unique: { field: "name", message: "A brand of that name exists." } }),
    ).toEqual({ field: "name", message: "A brand of that name exists." });
    expect(constraintFieldError(new Error("something else"), {})).toBeNull();
  });

  it("two saves racing for one brand name: one saves, the other gets the name's message instead of a 500", async () => {
    const input = { name: "Race Brand", keywords: ["race"], color: "#123456", isOwn: false };
    const results = await Promise.all([saveBrand(t.db, adminId, input), saveBrand(t.db, adminId, input)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({
      ok: false,
      field: "name",
      message: "Another brand already has this name.",
    });
  });
});
