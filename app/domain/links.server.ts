import * as crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { isbot } from "isbot";
import { rows, type Db } from "../../db/client.server";
import { linkClicks, shares } from "../../db/schema";

const CODE_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const LINK_CODE_PATTERN = /^[A-Za-z0-9_-]{4,32}$/;

/** A short, unguessable code for /l/<code> (10 characters from a 57-letter alphabet, ~58 bits). */
export function newLinkCode(length = 10): string {
  const bytes = crypto.randomBytes(length);
  let code = "";
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return code;
}

/** The item's own URL with UTM tags; the only place a tracked link ever leads. */
export function trackedDestination(
  itemUrl: string,
  tags: { network: string; code: string; campaign?: string | null },
): string {
  const url = new URL(itemUrl);
  url.searchParams.set("utm_source", tags.network);
  url.searchParams.set("utm_medium", "employee_advocacy");
  url.searchParams.set("utm_campaign", slug(tags.campaign) || "chorus");
  url.searchParams.set("utm_content", tags.code);
  return url.toString();
}

/** The destination stored on a new share, or null when the item's URL is not an http(s) URL (the link then 404s). */
export function destinationFor(
  itemUrl: string,
  tags: { network: string; code: string; campaign?: string | null },
): string | null {
  if (!/^https?:\/\//i.test(itemUrl) || !URL.canParse(itemUrl)) return null;
  return trackedDestination(itemUrl, tags);
}

const slug = (text?: string | null) =>
  (text ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);

export function trackedLinkFor(origin: string, code: string): string {
  return `${origin.replace(/\/$/, "")}/l/${code}`;
}

// One-shot hashing (Node 20.12+) is a quarter of a Hash object's cost, on the path every tracked-link visit takes.
const sha256base64url: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "base64url")
    : (text) => crypto.createHash("sha256").update(text).digest("base64url");

/** A salted hash of who clicked; the raw IP is never stored. */
export function visitorHash(salt: string, ip: string, userAgent: string): string {
  return sha256base64url(`${salt}|${ip}|${userAgent}`).slice(0, 22);
}

const botVerdicts = new Map<string, boolean>();
/** isbot runs a large regular expression; user agents repeat, so verdicts are kept (bounded). */
function isBotCached(userAgent: string): boolean {
  let verdict = botVerdicts.get(userAgent);
  if (verdict === undefined) {
    verdict = isbot(userAgent);
    if (botVerdicts.size >= 10_000) botVerdicts.clear();
    botVerdicts.set(userAgent, verdict);
  }
  return verdict;
}

export interface LinkTarget {
  shareId: string;
  destination: string;
}

interface Visitor {
  ip: string;
  userAgent: string;
}

interface PendingClick {
  shareId: string;
  clickedAt: Date;
  visitorHash: string;
  isBot: boolean;
}

/**
 * Resolves link codes and records clicks for the /l/<code> hot path. A share's destination is stored on it
 * when it is shared (shares.destination_url, decision 011), so it never changes: not when marketing approves a
 * new URL, not between processes or restarts. That is also why the bounded cache can never be wrong, only cold.
 * Clicks are written in batches every few milliseconds; `close()` flushes what is pending, so a graceful
 * shutdown loses no click.
 */
export function createLinkService(
  db: Db,
  options: { salt: string; flushMs?: number; maxBatch?: number; cacheSize?: number },
) {
  const cache = new Map<string, LinkTarget | null>();
  const cacheSize = options.cacheSize ?? 50_000;
  let pending: PendingClick[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  async function lookup(code: string): Promise<LinkTarget | null> {
    const cached = cache.get(code);
    if (cached !== undefined) return cached;
    // One probe of the link_code unique index; no join: the destination was fixed when the share was made.
    const [row] = await rows<{ id: string; destination_url: string | null }>(
      db,
      sql`select id, destination_url from ${shares} where link_code = ${code}`,
    );
    let target: LinkTarget | null = null;
    // Only ever a stored http(s) URL: never javascript:, data: or anything a visitor could put in the link.
    if (row?.destination_url && /^https?:\/\//i.test(row.destination_url))
      target = { shareId: row.id, destination: row.destination_url };
    if (target) {
      const oldest = cache.size >= cacheSize ? cache.keys().next().value : undefined;
      if (oldest !== undefined) cache.delete(oldest);
      cache.set(code, target);
    }
    return target;
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const batch = pending;
    pending = [];
    if (!batch.length) return flushing;
    flushing = flushing.then(async () => {
      try {
        // Four array literals as parameters, whatever the batch size: cheap to build and to plan. The values
        // (uuids, ISO times, base64url hashes, booleans) never contain the quotes or commas literals would need escaped.
        const literal = (values: Array<string | boolean>) => `{${values.join(",")}}`;
        // Only clicks of shares that still exist: link_clicks has no foreign key (decision 031), and a share
        // deleted after its code was cached must neither leave clicks behind nor fail the batch.
        await db.execute(sql`
          insert into ${linkClicks} (share_id, clicked_at, visitor_hash, is_bot)
          select c.share_id, c.clicked_at, c.visitor_hash, c.is_bot
          from unnest(
            ${literal(batch.map((c) => c.shareId))}::uuid[],
            ${literal(batch.map((c) => c.clickedAt.toISOString()))}::timestamptz[],
            ${literal(batch.map((c) => c.visitorHash))}::text[],
            ${literal(batch.map((c) => c.isBot))}::boolean[]
          ) as c(share_id, clicked_at, visitor_hash, is_bot)
          where exists (select 1 from ${shares} s where s.id = c.share_id)`);
      } catch (error) {
        // Keep the clicks for the next flush rather than dropping them.
        pending = batch.concat(pending);
        console.warn(`link clicks not yet written (${batch.length}): ${(error as Error).message}`);
      }
    });
    return flushing;
  }

  function record(target: LinkTarget, visitor: Visitor, now: Date): string {
    pending.push({
      shareId: target.shareId,
      clickedAt: now,
      visitorHash: visitorHash(options.salt, visitor.ip, visitor.userAgent),
      isBot: isBotCached(visitor.userAgent),
    });
    if (pending.length >= (options.maxBatch ?? 2000)) void flush();
    else timer ??= setTimeout(() => void flush(), options.flushMs ?? 50);
    return target.destination;
  }

  return {
    lookup,
    /** Resolves a code and records the click; null when the code is unknown. */
    async click(code: string, visitor: Visitor, now = new Date()): Promise<string | null> {
      if (!LINK_CODE_PATTERN.test(code)) return null;
      const target = await lookup(code);
      return target ? record(target, visitor, now) : null;
    },
    /**
     * The same for a code already in the cache, without waiting on a promise (most visits): its destination,
     * with the click recorded, or undefined when the code must go through `click`.
     */
    clickCached(code: string, visitor: Visitor, now = new Date()): string | undefined {
      const target = cache.get(code);
      return target ? record(target, visitor, now) : undefined;
    },
    flush,
    async close() {
      await flush();
      await flushing;
    },
    pendingCount: () => pending.length,
  };
}

export type LinkService = ReturnType<typeof createLinkService>;
