import { lookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import ipaddr from "ipaddr.js";
import type { LookupFunction } from "node:net";

export interface OpenGraph {
  title?: string;
  summary?: string;
  imageUrl?: string;
}
export type OpenGraphResult = ({ ok: true } & OpenGraph) | { ok: false; message: string };

export const OPEN_GRAPH_LIMITS = { timeoutMs: 4000, maxBytes: 512 * 1024 };

/**
 * Proposes an item's title, summary and image from a page's Open Graph tags (falling back to
 * <title> and the meta description). Fetched server-side with a time limit and a size limit; any
 * failure comes back as a message and leaves the fields to fill by hand.
 */
export async function fetchOpenGraph(
  rawUrl: string,
  limits = OPEN_GRAPH_LIMITS,
  options: { resolve?: Resolver } = {},
): Promise<OpenGraphResult> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, message: "Enter a full URL starting with https://" };
  }
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException("The page took too long", "TimeoutError")),
    limits.timeoutMs,
  );
  try {
    // Redirects are followed by hand so every hop is checked, not only the address that was pasted.
    let response: IncomingMessage | null = null;
    const lookup = checkedLookup(options.resolve ?? dnsLookup);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const refusal = refuse(url);
      if (refusal) return { ok: false, message: refusal };
      response = await get(url, lookup, controller.signal);
      const status = response.statusCode ?? 0;
      const location = status >= 300 && status < 400 ? response.headers.location : undefined;
      if (!location) break;
      response.destroy();
      url = new URL(location, url);
      response = null;
    }
    if (!response) return { ok: false, message: "The page redirects too often; fill the fields by hand." };
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      response.destroy();
      return { ok: false, message: `The page answered ${status}; fill the fields by hand.` };
    }
    if (!/html/i.test(response.headers["content-type"] ?? "")) {
      response.destroy();
      return { ok: false, message: "That link is not a web page; fill the fields by hand." };
    }
    const html = await readHead(response, limits.maxBytes);
    const found = parseOpenGraph(html, url);
    if (!found.title && !found.summary && !found.imageUrl)
      return { ok: false, message: "The page has no title or preview tags; fill the fields by hand." };
    return { ok: true, ...found };
  } catch (e) {
    if (e instanceof PrivateAddressError) return { ok: false, message: PRIVATE_NOTE };
    const timedOut =
      controller.signal.aborted || (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"));
    return {
      ok: false,
      message: timedOut
        ? "The page took too long to answer; fill the fields by hand."
        : "The page could not be reached; fill the fields by hand.",
    };
  } finally {
    clearTimeout(timer);
  }
}

/** One GET through node:http(s), connecting only to the addresses `lookup` checked. */
function get(url: URL, lookup: LookupFunction, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).get(url, {
      headers: { Accept: "text/html,application/xhtml+xml", "User-Agent": "ChorusBot/1.0 (+link preview)" },
      // No connection pooling: a socket is made for this request from this lookup's answer, then closed.
      agent: false,
      lookup,
      signal,
    });
    request.once("response", resolve);
    request.once("error", reject);
  });
}

/** Reads at most maxBytes of the body (the tags live in <head>), then stops the download. */
async function readHead(response: IncomingMessage, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      bytes += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
      if (bytes >= maxBytes || /<\/head>/i.test(text)) break;
    }
  } finally {
    response.destroy();
  }
  return text.slice(0, maxBytes);
}

export function parseOpenGraph(html: string, base: URL): OpenGraph {
  const meta = new Map<string, string>();
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const key = attr(tag, "property") ?? attr(tag, "name");
    const content = attr(tag, "content");
    if (key && content != null && !meta.has(key.toLowerCase()))
      meta.set(key.toLowerCase(), decodeEntities(content).trim());
  }
  const titleTag = html.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1];
  const title =
    meta.get("og:title") ||
    meta.get("twitter:title") ||
    (titleTag ? decodeEntities(titleTag).replace(/\s+/g, " ").trim() : undefined);
  const summary = meta.get("og:description") || meta.get("twitter:description") || meta.get("description");
  const image = meta.get("og:image") || meta.get("twitter:image");
  let imageUrl: string | undefined;
  if (image) {
    try {
      const resolved = new URL(image, base);
      if (/^https?:$/.test(resolved.protocol)) imageUrl = resolved.href;
    } catch {
      imageUrl = undefined;
    }
  }
  return { title: title?.slice(0, 300) || undefined, summary: summary?.slice(0, 2000) || undefined, imageUrl };
}

function attr(tag: string, name: string): string | undefined {
  const match = tag.match(new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
    }
    return named[code.toLowerCase()] ?? whole;
  });
}

const MAX_REDIRECTS = 5;
const PRIVATE_NOTE = "That address is on a private network; fill the fields by hand.";

/** dns.lookup's shape, so tests can stand in for DNS. */
export type Resolver = (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;
const dnsLookup: Resolver = (hostname, options) => lookup(hostname, options);

class PrivateAddressError extends Error {
  code = "EPRIVATEADDRESS";
}

/**
 * Why a URL may not be fetched, or null, from the URL alone: the scheme, names that are internal by
 * definition, and address literals in any spelling (the URL parser turns 0177.0.0.1 and 2130706433 into
 * 127.0.0.1, and [::127.0.0.1] into [::7f00:1], before this sees them). Names are checked when they are
 * resolved, by checkedLookup, on the one resolution the connection then uses.
 */
function refuse(url: URL): string | null {
  if (!/^https?:$/.test(url.protocol)) return "Only http(s) pages can be read.";
  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (host === "localhost" || /\.(localhost|internal|local)$/.test(host)) return PRIVATE_NOTE;
  if (ipaddr.isValid(host) && !isPublicAddress(host)) return PRIVATE_NOTE;
  return null;
}

/**
 * The lookup node:net calls to connect: the name is resolved once, every address it resolves to is
 * checked, and the connection is made to those same addresses, so a DNS answer that changes between a
 * check and the connection (rebinding) never reaches the server's own network.
 */
export function checkedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { all: true }).then(
      (found) => {
        const addresses = found.filter((a) => !options.family || a.family === options.family);
        if (!addresses.length)
          return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 4);
        if (addresses.some((a) => !isPublicAddress(a.address)))
          return callback(new PrivateAddressError(`${hostname} resolves to a private address`), "", 4);
        if (options.all)
          return (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}

/**
 * Only ordinary public unicast addresses may be fetched. ipaddr.js names the ranges (loopback, private,
 * link-local, carrier-grade NAT, unique-local, multicast, reserved, NAT64, 6to4, Teredo...); IPv4-mapped
 * addresses are judged as the IPv4 address they carry, and so are IPv4-compatible ones (::a.b.c.d),
 * which ipaddr.js calls unicast.
 */
export function isPublicAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address.replace(/^\[|\]$/g, ""));
  } catch {
    return false;
  }
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.parts.slice(0, 6).every((p) => p === 0)) {
      const [high, low] = [v6.parts[6]!, v6.parts[7]!];
      parsed = new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
    }
  }
  return parsed.range() === "unicast";
}
