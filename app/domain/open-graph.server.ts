import { lookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { Parser } from "htmlparser2";
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
    const found = (await readPage(response, limits.maxBytes)).result(url);
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

/**
 * Reads at most maxBytes of the body into the parser, and stops the download as soon as the page has
 * nothing left to tell: once og:title, og:description and og:image are all known (the first of each
 * wins, so later tags change nothing). Tags count wherever they sit: in the head, after a large inline
 * script or style, or in the body (where a page with stray markup in its head, such as a tracking pixel,
 * ends up with them). Reading no longer stops at the text "</head>", which a script or comment may hold.
 */
async function readPage(response: IncomingMessage, maxBytes: number): Promise<OpenGraphReader> {
  const reader = new OpenGraphReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      const part = chunk.subarray(0, maxBytes - bytes);
      bytes += part.byteLength;
      reader.write(decoder.decode(part, { stream: true }));
      if (bytes >= maxBytes || reader.complete) break;
    }
  } finally {
    response.destroy();
  }
  reader.write(decoder.decode());
  return reader;
}

/** Proposes title, summary and image from a whole page (or as much of it as was read). */
export function parseOpenGraph(html: string, base: URL): OpenGraph {
  const reader = new OpenGraphReader();
  reader.write(html);
  return reader.result(base);
}

const OPEN_GRAPH_KEYS = ["og:title", "og:description", "og:image"];

/**
 * An HTML parser (htmlparser2) fed the page as it arrives, collecting <meta> tags by their `property` and
 * `name` (`<meta name="twitter:title" property="og:title">` counts as both; keys ignore case) and the
 * document's <title>. The parser decodes entities and reads attributes in any order and quoting; a tag
 * inside a comment, a <script> or a <style> is text, and so is an SVG icon's <title>.
 */
class OpenGraphReader {
  private readonly meta = new Map<string, string>();
  private title: string | undefined;
  private titleText: string | null = null;
  private svgDepth = 0;
  private ended = false;
  private readonly parser = new Parser(
    {
      onopentag: (name, attributes) => {
        if (name === "svg") this.svgDepth++;
        else if (name === "title" && this.svgDepth === 0 && this.title === undefined) this.titleText = "";
        else if (name === "meta") this.addMeta(attributes);
      },
      ontext: (text) => {
        if (this.titleText !== null) this.titleText += text;
      },
      onclosetag: (name, isImplied) => {
        if (name === "svg") this.svgDepth = Math.max(0, this.svgDepth - 1);
        else if (name === "title" && this.titleText !== null) {
          // A title cut off by the size limit is closed only implicitly, when the parser ends: not used.
          if (!isImplied) this.title = this.titleText.replace(/\s+/g, " ").trim() || undefined;
          this.titleText = null;
        }
      },
    },
    { decodeEntities: true },
  );

  private addMeta(attributes: Record<string, string>) {
    const content = attributes.content?.trim();
    if (!content) return;
    for (const key of [attributes.property, attributes.name]) {
      const normalized = key?.trim().toLowerCase();
      if (normalized && !this.meta.has(normalized)) this.meta.set(normalized, content);
    }
  }

  write(html: string) {
    this.parser.write(html);
  }

  /** True once the Open Graph tags that decide the result have all been seen. */
  get complete(): boolean {
    return OPEN_GRAPH_KEYS.every((key) => this.meta.has(key));
  }

  result(base: URL): OpenGraph {
    if (!this.ended) this.parser.end();
    this.ended = true;
    const title = this.meta.get("og:title") || this.meta.get("twitter:title") || this.title;
    const summary =
      this.meta.get("og:description") || this.meta.get("twitter:description") || this.meta.get("description");
    const image = this.meta.get("og:image") || this.meta.get("twitter:image");
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
        const [first] = addresses;
        if (!first)
          return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 4);
        if (addresses.some((a) => !isPublicAddress(a.address)))
          return callback(new PrivateAddressError(`${hostname} resolves to a private address`), "", 4);
        if (options.all)
          return (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, addresses);
        callback(null, first.address, first.family);
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
      const [high = 0, low = 0] = v6.parts.slice(6);
      parsed = new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
    }
  }
  return parsed.range() === "unicast";
}
