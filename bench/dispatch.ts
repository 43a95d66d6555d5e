import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rows, type DbHandle } from "../db/client.server";
import { encryptToken } from "../app/domain/crypto.server";
import { freePort, percentile } from "./load";

export interface DispatchRow {
  name: string;
  value: number;
  unit: string;
  target?: { max?: number; min?: number };
}

const SHARES = 5_000;
const LATENCY_MS = 20;

/** A local stand-in for LinkedIn's Posts API answering after 20 ms; counts posts per tracked link. */
function startMockNetwork(port: number) {
  const posts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      setTimeout(() => {
        const source = /"source":"([^"]+)"/.exec(body)?.[1] ?? body;
        posts.set(source, (posts.get(source) ?? 0) + 1);
        res.writeHead(201, { "x-restli-id": `urn:li:share:${posts.size}` });
        res.end();
      }, LATENCY_MS);
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise<{ posts: Map<string, number>; close: () => void }>((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve({ posts, close: () => server.close() })),
  );
}

/** 5,000 shares due in the same minute, two worker processes, a mock network with 20 ms latency. */
export async function benchDispatch(handle: DbHandle, dbUrl: string): Promise<DispatchRow[]> {
  const db = handle.db;
  await db.execute(sql`delete from shares where idempotency_key like 'dispatch-bench-%'`);
  const reps = await rows<{ id: string }>(db, sql`select id from users where role = 'rep' order by email limit 500`);
  const token = encryptToken("bench-token");
  await db.execute(sql`
    insert into social_accounts (user_id, network, external_id, display_name, access_token_enc, expires_at, status)
    select id, 'linkedin', 'bench-' || id, 'Bench', ${token}, now() + interval '60 days', 'active'
    from users where id in (${sql.join(reps.map((r) => sql`${r.id}`), sql`, `)})
    on conflict (user_id, network) do update set access_token_enc = excluded.access_token_enc, status = 'active'`);
  const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  await db.execute(sql`
    with r as (select array_agg(id) ids from users where id in (${sql.join(reps.map((r) => sql`${r.id}`), sql`, `)})),
         i as (select array_agg(id) ids from (select id from content_items limit 500) x)
    insert into shares (user_id, item_id, network, method, text, status, scheduled_at, next_attempt_at, idempotency_key, link_code)
    select r.ids[1 + g % array_length(r.ids, 1)], i.ids[1 + g % array_length(i.ids, 1)], 'linkedin', 'api',
           'Bench post ' || g || E'\nhttp://bench.example/l/db' || g, 'scheduled', ${due}, ${due}, 'dispatch-bench-' || g, 'db' || g
    from generate_series(1, ${SHARES}) g, r, i`);

  const port = await freePort();
  const network = await startMockNetwork(port);
  const started = Date.now();
  const workers = [1, 2].map(
    (n) =>
      new Promise<{ maxRssMb: number; published: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", path.join("bench", "dispatch-worker.ts"), String(n)], {
          env: { ...process.env, DATABASE_URL: dbUrl, LINKEDIN_API_BASE: `http://127.0.0.1:${port}`, NODE_ENV: "production" },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout.on("data", (c) => (out += c));
        child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`worker ${n} exited ${code}`))));
      }),
  );
  // Time until every share is published, polled from the database.
  let allPublishedAt: number | null = null;
  while (allPublishedAt === null && Date.now() - started < 180_000) {
    const [left] = await rows<{ n: number }>(db, sql`select count(*)::int n from shares where idempotency_key like 'dispatch-bench-%' and status <> 'published'`);
    if (left!.n === 0) allPublishedAt = Date.now();
    else await new Promise((r) => setTimeout(r, 100));
  }
  const results = await Promise.all(workers);
  network.close();

  const lateness = (
    await rows<{ ms: number }>(db, sql`select extract(epoch from (published_at - scheduled_at)) * 1000 as ms from shares where idempotency_key like 'dispatch-bench-%' and status = 'published'`)
  )
    .map((r) => Number(r.ms))
    .sort((a, b) => a - b);
  const duplicates = [...network.posts.values()].reduce((sum, n) => sum + (n - 1), 0);
  const publishedCount = lateness.length;
  await db.execute(sql`delete from shares where idempotency_key like 'dispatch-bench-%'`);
  const seconds = ((allPublishedAt ?? Date.now()) - started) / 1000;
  console.log(`    workers: ${JSON.stringify(results)}; network saw ${network.posts.size} distinct posts`);
  return [
    { name: `dispatch: ${SHARES} due shares, 2 workers, 20 ms network — all published in`, value: allPublishedAt ? seconds : NaN, unit: "s", target: { max: 60 } },
    { name: "dispatch: shares published", value: publishedCount, unit: "shares", target: { min: SHARES } },
    { name: "dispatch: p99 lateness after the scheduled minute", value: percentile(lateness, 99) / 1000, unit: "s" },
    { name: "dispatch: duplicate posts", value: duplicates, unit: "posts", target: { max: 0 } },
    { name: "dispatch: worker peak RSS", value: Math.max(...results.map((r) => r.maxRssMb)), unit: "MB", target: { max: 300 } },
  ];
}
