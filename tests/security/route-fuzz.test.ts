import { inspect } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken } from "~/domain/api-tokens.server";
import { ROLES, type Role } from "~/domain/roles";
import { rows } from "../../db/client.server";
import { seedDemo } from "../../seed/demo";
import { contextFor, cookieFor, ORIGIN } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";
import { HOSTILE, outcome, pathFor, query, routes, type Fields, type Route } from "./route-inputs";

/**
 * Route fuzzing: every route module, anonymous and as every role, GET (loader) and POST (action) with
 * hostile values in every URL parameter, search parameter and form field (./route-inputs.ts finds them).
 * Never a 5xx (a thrown Error is one: Remix turns it into a 500), and a refused request (4xx) changes no
 * row in any table.
 */

// ---- The run ------------------------------------------------------------------------------------------

describe("route fuzzing: hostile input never gives a 5xx or a half-saved change", () => {
  const t = useTestDb();
  type Actor = { name: "anonymous" | Role; cookie?: string; id?: string };
  const actors: Actor[] = [{ name: "anonymous" }];
  const ids: Record<string, string> = {};
  let tables: string[] = [];
  const apiTokens: string[] = [];
  let apiCalls = 0;
  const failures: string[] = [];
  let cases = 0;

  beforeAll(async () => {
    await seedDemo(t.db);
    // The demo's 90 days of history make report pages slow to ask thousands of times; a few hundred shares
    // exercise the same queries.
    for (const table of [
      "link_clicks",
      "point_events",
      "user_points_daily",
      "leaderboard_snapshots",
      "user_click_stats",
      "notifications",
    ]) {
      await t.db.execute(sql.raw(`delete from ${table}`));
    }
    await t.db.execute(
      sql`delete from shares where id not in (select id from shares order by created_at desc limit 300)`,
    );
    await t.db.execute(
      sql`delete from mentions where id not in (select id from mentions order by created_at desc limit 300)`,
    );
    for (const role of ROLES) {
      const [u] = await rows<{ id: string }>(
        t.db,
        sql`select id from users where role = ${role} and policy_accepted_at is not null order by email limit 1`,
      );
      actors.push({ name: role, id: u!.id, cookie: await cookieFor(t.db, u!.id) });
    }
    const admin = actors.find((a) => a.name === "admin")!;
    const rep = actors.find((a) => a.name === "rep")!;
    const one = async (q: ReturnType<typeof sql>) => (await rows<{ v: string }>(t.db, q))[0]?.v ?? "";
    ids.item = await one(sql`select id as v from content_items where status = 'published' order by title limit 1`);
    ids.pack = await one(sql`select id as v from packs order by title limit 1`);
    ids.team = await one(sql`select id as v from teams order by name limit 1`);
    ids.brand = await one(sql`select id as v from brands where not is_own limit 1`);
    ids.page = await one(sql`select slug as v from pages order by slug limit 1`);
    ids.user = await one(sql`select id as v from users where role = 'rep' order by email desc limit 1`);
    ids.badge = await one(sql`select id as v from badges order by slug limit 1`);
    ids.share = await one(sql`
      insert into shares (user_id, item_id, network, method, text, status, scheduled_at, idempotency_key, link_code)
      values (${admin.id}, ${ids.item}, 'linkedin', 'api', 'Queued by the fuzzer', 'scheduled', now() + interval '2 days',
              ${crypto.randomUUID()}, 'fuzzadmin1')
      returning id as v`);
    ids.suggestion = await one(
      sql`insert into suggestions (user_id, url, note) values (${rep.id}, 'https://www.northwind.example/idea', 'An idea') returning id as v`,
    );
    // Every row written, updated or deleted in any table bumps that table's counter, in the same transaction
    // (so a rolled-back write leaves no trace, as it leaves no row). Cheaper than counting rows, and it sees
    // updates too: a refused request that changed one column of a row has half-saved as well.
    tables = (
      await rows<{ name: string }>(
        t.db,
        sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
      )
    ).map((r) => r.name);
    await t.db.execute(sql`create table fuzz_writes (table_name text primary key, n bigint not null)`);
    await t.db.execute(
      sql.raw(`create function fuzz_count_write() returns trigger language plpgsql as $$
      begin
        insert into fuzz_writes values (TG_TABLE_NAME, 1) on conflict (table_name) do update set n = fuzz_writes.n + 1;
        return null;
      end $$`),
    );
    for (const name of tables) {
      await t.db.execute(
        sql.raw(
          `create trigger fuzz_count_write after insert or update or delete on "${name}" for each row execute function fuzz_count_write()`,
        ),
      );
    }
    for (let i = 0; i < 40; i++) apiTokens.push((await createApiToken(t.db, admin.id!, `fuzz ${i}`)).token);
    ids.token = await one(sql`select id as v from api_tokens order by created_at limit 1`);
  }, 300_000);

  afterAll(() => {
    // Read by the person running the suite: how much ground this covered.
    console.info(`route fuzzing: ${cases} cases over ${routes.length} route modules, ${failures.length} failures`);
  });

  // Tables a refused request may legitimately write: throttles and per-token rate counters record the attempt.
  // Tables a refused request may write: sign-in throttles, per-token rate counters and the session's
  // last-seen time record the attempt itself.
  const REFUSALS_MAY_WRITE = new Set(["login_attempts", "login_throttle", "api_token_hits", "sessions"]);

  /** Writes per table so far. */
  async function counts(): Promise<Record<string, number>> {
    const found = await rows<{ table_name: string; n: number | string }>(
      t.db,
      sql`select table_name, n from fuzz_writes`,
    );
    return Object.fromEntries(found.map((r) => [r.table_name, Number(r.n)]));
  }

  function baselineFor(route: Route, name: string, actor: Actor): string {
    const accepted = [...(route.fields.get(name) ?? [])];
    // `id` means the route's own kind of thing; `<kind>Id` names its kind.
    const kind =
      name === "id"
        ? (["brand", "pack", "token", "user", "team"].find((k) => route.file.includes(k)) ?? "item")
        : name.replace(/Ids?$/, "");
    if (name !== kind && ids[kind]) return ids[kind];
    if (/slug$/i.test(name)) return ids.page!;
    if (name === "idempotencyKey") return crypto.randomUUID();
    if (accepted.length) return accepted[0]!;
    if (/email/i.test(name)) return `fuzz-${cases}@acme.test`;
    if (/url$/i.test(name)) return "https://www.northwind.test/fuzz";
    // Ends after starts: plausible values must pass cross-field rules, or they would hide the field under test.
    if (/^(ends|expires)At$/.test(name)) return "2026-09-20T09:00";
    if (/At$/.test(name)) return "2026-09-10T09:00";
    if (/^(date|from|to)$/i.test(name)) return "2026-09-10";
    if (/time$/i.test(name)) return "09:00";
    if (/colou?r$/i.test(name)) return "#123456";
    if (/(goal|points|bonus|threshold|page|position|cpc|cpm|minutes|days|count|limit)/i.test(name)) return "5";
    void actor;
    return `Fuzz ${name}`;
  }

  function requestFor(
    route: Route,
    method: "GET" | "POST",
    actor: Actor,
    params: Record<string, string>,
    fields: Fields,
    raw: boolean,
  ): Request {
    const headers: Record<string, string> = { Origin: ORIGIN, ...(actor.cookie ? { Cookie: actor.cookie } : {}) };
    const path = pathFor(route.file, params, raw);
    if (method === "GET") return new Request(`${ORIGIN}${path}${query(fields, raw)}`, { headers });
    if (route.file === "api.mentions.tsx") {
      apiCalls++;
      const token = apiTokens[Math.floor(apiCalls / 50) % apiTokens.length];
      const mention = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v : v]));
      const good = {
        id: `good-${cases}`,
        brand: "Contoso Ops",
        network: "linkedin",
        publishedAt: "2026-01-05T10:00:00Z",
        text: "fine",
      };
      return new Request(`${ORIGIN}${path}`, {
        method: "POST",
        body: JSON.stringify({ mentions: [mention, good] }),
        headers: { ...headers, Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      });
    }
    if (route.file === "mentions.import.tsx") {
      const names = Object.keys(fields);
      const cell = (v: string | string[]) => `"${[v].flat().join(" ").replace(/"/g, '""')}"`;
      const csv = `${names.join(",")}\n${names.map((n) => cell(fields[n]!)).join(",")}\n`;
      return new Request(`${ORIGIN}${path}`, {
        method: "POST",
        body: csv,
        headers: { ...headers, "Content-Type": "text/csv" },
      });
    }
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return new Request(`${ORIGIN}${path}${raw ? "?x=%E0%A4%A" : ""}`, {
      method: "POST",
      body,
      headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
    });
  }

  const REFUSED_KINDS = ["nul", "long", "percent", "notUuid"];
  const ROLE_KINDS = ["nul", "long", "percent", "feb30", "year0", "notUuid", "unknownUuid", "repeated"];
  let lastCounts: Record<string, number> | undefined;

  async function fuzzCase(
    label: string,
    route: Route,
    method: "GET" | "POST",
    actor: Actor,
    params: Record<string, string>,
    fields: Fields,
    raw = false,
  ) {
    const fn = method === "GET" ? route.mod.loader : route.mod.action;
    if (!fn) return undefined;
    cases++;
    // The counts after a refused case are the counts before the next one: nothing else writes in between.
    const before = lastCounts ?? (await counts());
    lastCounts = undefined;
    const result = await outcome(() =>
      fn({ request: requestFor(route, method, actor, params, fields, raw), params, context: contextFor(t.db) }),
    );
    const where = `${route.file} ${method} as ${actor.name} [${label}]`;
    if (result.status >= 500) {
      const thrown =
        result.thrown instanceof Error
          ? `${result.thrown.message.split("\n")[0]!.slice(0, 160)}`
          : inspect(result.thrown ?? result.status, { depth: 1, breakLength: Infinity }).slice(0, 160);
      failures.push(`${where}: ${result.status} ${thrown}`);
    }
    if (result.status >= 400) {
      const after = await counts();
      lastCounts = after;
      const changed = tables.filter((n) => !REFUSALS_MAY_WRITE.has(n) && (before[n] ?? 0) !== (after[n] ?? 0));
      if (changed.length)
        failures.push(
          `${where}: refused with ${result.status} but wrote ${changed.map((n) => `${n} (${(after[n] ?? 0) - (before[n] ?? 0)} rows)`).join(", ")}`,
        );
    }
    return result;
  }

  const real = (route: Route, actor: Actor): Record<string, string> =>
    Object.fromEntries(route.params.map((p) => [p, p === "network" ? "linkedin" : baselineFor(route, p, actor)]));

  for (const route of routes) {
    it(`${route.file}: no 5xx and no half-saved change`, { timeout: 600_000 }, async () => {
      vi.spyOn(console, "warn").mockImplementation(() => undefined);
      vi.spyOn(console, "info").mockImplementation(() => undefined);
      const startFailures = failures.length;
      const startCases = cases;
      const started = Date.now();
      const names = [...route.fields.keys()].filter((n) => n !== "intent");
      const kinds = Object.keys(HOSTILE);
      for (const method of ["GET", "POST"] as const) {
        if (!(method === "GET" ? route.mod.loader : route.mod.action)) continue;
        const intents = method === "POST" && route.intents.length ? route.intents : [undefined];
        for (const actor of actors) {
          const base = (intent: string | undefined): Fields => {
            const f: Fields = Object.fromEntries(names.map((n) => [n, baselineFor(route, n, actor)]));
            if (intent) f.intent = intent;
            return f;
          };
          // Does this actor get past the guard? A refused one is tried with a few hostile requests only: the
          // guard runs before any input is read, so more would measure the guard again.
          const probe = await fuzzCase("probe", route, method, actor, real(route, actor), base(intents[0]));
          const refused =
            !probe || probe.status === 401 || probe.status === 403 || (probe.status === 302 && !actor.cookie);
          // Admin gets every hostile value everywhere; the other roles reach the same code with their own scope
          // (a manager's team, a rep's own rows), so a sample of the kinds is enough for them.
          for (const kind of refused ? REFUSED_KINDS : actor.name === "admin" ? kinds : ROLE_KINDS) {
            const value = HOSTILE[kind]!;
            for (const intent of refused ? intents.slice(0, 1) : intents) {
              // Everything hostile at once (every parameter, every field), per intent.
              const all: Fields = Object.fromEntries(names.map((n) => [n, value]));
              if (intent) all.intent = intent;
              const hostileParams = Object.fromEntries(route.params.map((p) => [p, [value].flat()[0]!]));
              await fuzzCase(
                `all ${kind} ${intent ?? ""}`,
                route,
                method,
                actor,
                hostileParams,
                all,
                kind === "percent",
              );
            }
            if (refused) continue;
            // One URL parameter at a time, the rest of the request plausible.
            for (const p of route.params) {
              await fuzzCase(
                `param ${p}=${kind}`,
                route,
                method,
                actor,
                { ...real(route, actor), [p]: [value].flat()[0]! },
                base(intents[0]),
                kind === "percent",
              );
            }
          }
          // One field at a time with every hostile value, the rest plausible, so a hostile value cannot hide
          // behind another field's error. The intent rotates, so each field meets several of the route's
          // actions without multiplying the run by them. Admin may use every route: this pass runs as admin.
          if (refused || actor.name !== "admin") continue;
          // A loader reads few of the names (most are the page's form fields), so GET gets the sample of kinds.
          for (const [fi, n] of names.entries()) {
            for (const [ki, kind] of (method === "GET" ? ROLE_KINDS : kinds).entries()) {
              const intent = intents[(fi + ki) % intents.length];
              await fuzzCase(
                `${n}=${kind} ${intent ?? ""}`,
                route,
                method,
                actor,
                real(route, actor),
                { ...base(intent), [n]: HOSTILE[kind]! },
                kind === "percent",
              );
            }
          }
        }
      }
      process.stdout.write(`fuzz ${route.file}: ${cases - startCases} cases, ${Date.now() - started} ms\n`);
      // Printed whole: vitest shortens a long array in its diff.
      for (const failure of failures.slice(startFailures)) process.stdout.write(`fuzz failure: ${failure}\n`);
      expect(failures.slice(startFailures)).toEqual([]);
    });
  }
});
