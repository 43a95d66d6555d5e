import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Network } from "~/domain/networks";
import { rows } from "../../db/client.server";
import { connect, createItem, createRep, queueShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

/**
 * Chaos on a real Postgres: two worker processes running the dispatch job loop, killed with SIGKILL at
 * random and restarted; a local fake network (X, Facebook Pages, LinkedIn) that answers some posts after
 * the client's timeout, accepts some while reporting an error, and fails others before accepting. The
 * network records every post it accepted. At most one post per share, and each share's final state must
 * match what the network saw.
 */
const TIMEOUT_MS = 400;
const SHARES_PER_NETWORK = 50; // enough work that the kills land while shares are still open (25 settled after two kills once dispatch lanes refilled)
const CHAOS_MS = 20_000;
const DEADLINE_MS = 60_000;

interface Accepted {
  network: Network;
  id: string;
  token: string;
  text: string;
  link: string;
  at: number;
}

/** A deterministic random stream, so a failing run can be replayed with CHAOS_SEED. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function startFakeNetwork(random: () => number) {
  const accepted: Accepted[] = [];
  const seen = { slow: 0, acceptedWithError: 0, refusedWithError: 0, normal: 0 };
  let sequence = 7_300_000_000_000_000_000n;
  const codeOf = (s: string) => /\/l\/([A-Za-z0-9_-]+)/.exec(decodeURIComponent(s))?.[1] ?? "";
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(body === null ? undefined : JSON.stringify(body));
  };
  /** Decides what happens to one post: normal, answered after the timeout, accepted-then-error, or refused. */
  const post = (res: ServerResponse, accept: () => Accepted, ok: (a: Accepted) => void) => {
    const roll = random();
    if (roll < 0.15) {
      seen.slow++;
      const a = accept();
      setTimeout(() => ok(a), TIMEOUT_MS * 2);
    } else if (roll < 0.25) {
      seen.acceptedWithError++;
      accept();
      if (random() < 0.5) res.socket?.destroy();
      else json(res, 500, { message: "Internal Server Error", status: 500 });
    } else if (roll < 0.32) {
      seen.refusedWithError++;
      json(res, 503, { message: "Service Unavailable", status: 503 });
    } else {
      seen.normal++;
      const a = accept();
      setTimeout(() => ok(a), 10 + random() * 40);
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const bearer = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
      const id = () => String(++sequence);
      // X
      if (req.method === "POST" && url.pathname === "/2/tweets") {
        const { text = "" } = JSON.parse(body || "{}") as { text?: string };
        return post(
          res,
          () => (
            accepted.push({ network: "x", id: id(), token: bearer, text, link: codeOf(text), at: Date.now() }),
            accepted.at(-1)!
          ),
          (a) => json(res, 201, { data: { id: a.id, text: a.text, edit_history_tweet_ids: [a.id] } }),
        );
      }
      const tweets = /^\/2\/users\/([^/]+)\/tweets$/.exec(url.pathname);
      if (req.method === "GET" && tweets) {
        const since = Date.parse(url.searchParams.get("start_time") ?? "") || 0;
        const list = accepted.filter((a) => a.network === "x" && a.token === bearer && a.at >= since).reverse();
        if (!list.length) return json(res, 200, { meta: { result_count: 0 } });
        const data = list.map((a) => ({
          id: a.id,
          text: a.text.replace(/https?:\/\/\S+/, "https://t.co/Fake123"),
          entities: { urls: [{ url: "https://t.co/Fake123", expanded_url: `http://chorus.test/l/${a.link}` }] },
        }));
        return json(res, 200, { data, meta: { result_count: data.length } });
      }
      // Facebook Pages
      const feed = /^\/v21\.0\/([^/]+)\/feed$/.exec(url.pathname);
      if (feed && req.method === "POST") {
        const form = new URLSearchParams(body);
        return post(
          res,
          () => (
            accepted.push({
              network: "facebook",
              id: `${feed[1]}_${id()}`,
              token: form.get("access_token") ?? "",
              text: form.get("message") ?? "",
              link: codeOf(form.get("link") ?? ""),
              at: Date.now(),
            }),
            accepted.at(-1)!
          ),
          (a) => json(res, 200, { id: a.id }),
        );
      }
      if (feed && req.method === "GET") {
        const token = url.searchParams.get("access_token") ?? "";
        const since = Number(url.searchParams.get("since") ?? 0) * 1000;
        const list = accepted.filter((a) => a.network === "facebook" && a.token === token && a.at >= since).reverse();
        return json(res, 200, {
          data: list.map((a) => ({
            id: a.id,
            message: a.text,
            attachments: { data: [{ unshimmed_url: `http://chorus.test/l/${a.link}` }] },
          })),
        });
      }
      // LinkedIn
      if (req.method === "POST" && url.pathname === "/rest/posts") {
        const parsed = JSON.parse(body || "{}") as { commentary?: string; content?: { article?: { source?: string } } };
        return post(
          res,
          () => (
            accepted.push({
              network: "linkedin",
              id: `urn:li:share:${id()}`,
              token: bearer,
              text: parsed.commentary ?? "",
              link: codeOf(parsed.content?.article?.source ?? ""),
              at: Date.now(),
            }),
            accepted.at(-1)!
          ),
          (a) => {
            if (res.destroyed) return;
            res.writeHead(201, { "x-restli-id": a.id });
            res.end();
          },
        );
      }
      json(res, 404, { message: `no fake for ${req.method} ${url.pathname}` });
    });
  });
  return new Promise<{ port: number; accepted: Accepted[]; seen: typeof seen; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ port: (server.address() as { port: number }).port, accepted, seen, close: () => server.close() }),
    ),
  );
}

describe.skipIf(!process.env.DATABASE_URL)("dispatch under chaos (Postgres, two worker processes, kill -9)", () => {
  const t = useTestDb();
  const children = new Set<ChildProcess>();
  afterAll(() => {
    for (const child of children) child.kill("SIGKILL");
  });

  it(
    "posts each share at most once and every share ends in the state the network saw",
    { timeout: 100_000 },
    async () => {
      const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
      const random = rng(seed);
      const network = await startFakeNetwork(random);
      const base = `http://127.0.0.1:${network.port}`;
      try {
        const item = await createItem(t.db);
        const shareIds: string[] = [];
        for (let r = 0; r < 5; r++) {
          const rep = await createRep(t.db);
          for (const net of ["x", "facebook", "linkedin"] as const) {
            await connect(t.db, rep.id, net, `mock_chaos_${net}_${r}`);
            for (let i = 0; i < SHARES_PER_NETWORK / 5; i++) {
              shareIds.push(
                (
                  await queueShare(t.db, {
                    userId: rep.id,
                    itemId: item.id,
                    network: net,
                    at: new Date(Date.now() - 1000),
                    text: `Chaos ${net} ${r}.${i}`,
                  })
                ).id,
              );
            }
          }
        }

        const env: NodeJS.ProcessEnv = {
          ...process.env,
          NODE_ENV: "test" as const,
          DATABASE_URL: t.handle.url!,
          X_API_BASE: base,
          FACEBOOK_GRAPH_BASE: `${base}/v21.0`,
          LINKEDIN_API_BASE: base,
          NETWORK_TIMEOUT_MS: String(TIMEOUT_MS),
          DISPATCH_LEASE_MS: "1500",
          DISPATCH_CHECK_AFTER_MS: "1000",
          DISPATCH_BASE_BACKOFF_MS: "500",
        };
        const script = path.resolve(__dirname, "chaos-worker.ts");
        const spawnWorker = () => {
          const child = spawn(process.execPath, ["--import", "tsx", script], {
            env,
            stdio: ["ignore", "ignore", "pipe"],
          });
          child.stderr.on("data", (c: Buffer) => process.stdout.write(`[chaos worker ${child.pid}] ${c.toString()}`));
          children.add(child);
          child.on("exit", () => children.delete(child));
          return child;
        };
        const workers = [spawnWorker(), spawnWorker()];

        const started = Date.now();
        let kills = 0;
        const terminal = async () => {
          const [row] = await rows<{ open: number }>(
            t.db,
            sql`select count(*)::int as open from shares where status in ('scheduled', 'publishing') or (status = 'needs_review' and next_attempt_at is not null)`,
          );
          return row!.open === 0;
        };
        // Chaos: every 0.7–2.0 s one worker dies with SIGKILL mid-whatever and a new one starts (at 1.2–3.2 s an idle
        // machine sometimes settled every share after two kills).
        while (Date.now() - started < CHAOS_MS && !(await terminal())) {
          await new Promise((r) => setTimeout(r, 700 + random() * 1300));
          const victim = Math.floor(random() * workers.length);
          workers[victim]!.kill("SIGKILL");
          kills++;
          workers[victim] = spawnWorker();
        }
        // Then calm: the workers run until every share has settled (published, failed, or waiting for a person).
        while (Date.now() - started < DEADLINE_MS && !(await terminal())) await new Promise((r) => setTimeout(r, 300));
        for (const w of workers) w.kill("SIGKILL");
        await new Promise((r) => setTimeout(r, TIMEOUT_MS * 3)); // late answers still in flight reach nobody

        const final = await rows<{
          id: string;
          network: Network;
          status: string;
          link_code: string;
          external_post_id: string | null;
          next_attempt_at: Date | null;
        }>(
          t.db,
          sql`select id, network::text as network, status::text as status, link_code, external_post_id, next_attempt_at from shares where id in (${sql.join(
            shareIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        );
        const postsOf = (code: string) => network.accepted.filter((a) => a.link === code);
        const problems: string[] = [];
        const tally: Record<string, number> = {};
        for (const share of final) {
          const posts = postsOf(share.link_code);
          tally[`${share.network}:${share.status}`] = (tally[`${share.network}:${share.status}`] ?? 0) + 1;
          if (posts.length > 1) problems.push(`${share.network} share ${share.id} posted ${posts.length} times`);
          if (share.status === "published" && (posts.length !== 1 || posts[0]!.id !== share.external_post_id)) {
            problems.push(
              `${share.network} share ${share.id} published as ${share.external_post_id} but the network has ${JSON.stringify(posts.map((p) => p.id))}`,
            );
          }
          if ((share.status === "failed" || share.status === "scheduled") && posts.length !== 0)
            problems.push(`${share.network} share ${share.id} is ${share.status} but was posted`);
          if (share.status === "publishing" || (share.status === "scheduled" && share.next_attempt_at !== null))
            problems.push(`${share.network} share ${share.id} never settled (${share.status})`);
          // X and Facebook can be asked: an unknown outcome there must have settled by itself.
          if (share.status === "needs_review" && share.network !== "linkedin")
            problems.push(`${share.network} share ${share.id} still needs review`);
        }
        console.log(
          `chaos seed ${seed}: ${kills} kills, network ${JSON.stringify(network.seen)}, ${network.accepted.length} posts accepted; shares ${JSON.stringify(tally)}`,
        );
        expect(problems).toEqual([]);
        expect(final).toHaveLength(SHARES_PER_NETWORK * 3);
        // The run was really chaotic: workers died, answers came late, posts were accepted under an error.
        // (On an idle machine the shares settle after three or four kills; a loaded one sees more.)
        expect(kills).toBeGreaterThanOrEqual(3);
        expect(network.seen.slow + network.seen.acceptedWithError).toBeGreaterThan(3);
        expect(final.filter((s) => s.status === "published").length).toBeGreaterThan(SHARES_PER_NETWORK);
      } finally {
        network.close();
      }
    },
  );
});
