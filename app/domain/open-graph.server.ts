import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

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
export async function fetchOpenGraph(rawUrl: string, limits = OPEN_GRAPH_LIMITS): Promise<OpenGraphResult> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, message: "Enter a full URL starting with https://" };
  }
  try {
    // Redirects are followed by hand so every hop is checked, not only the address that was pasted.
    let response: Response | null = null;
    const deadline = AbortSignal.timeout(limits.timeoutMs);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const refusal = await refuse(url);
      if (refusal) return { ok: false, message: refusal };
      response = await fetch(url, {
        headers: { Accept: "text/html,application/xhtml+xml", "User-Agent": "ChorusBot/1.0 (+link preview)" },
        redirect: "manual",
        signal: deadline,
      });
      const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
      if (!location) break;
      void response.body?.cancel().catch(() => undefined);
      url = new URL(location, url);
      response = null;
    }
    if (!response) return { ok: false, message: "The page redirects too often; fill the fields by hand." };
    if (!response.ok) return { ok: false, message: `The page answered ${response.status}; fill the fields by hand.` };
    if (!/html/i.test(response.headers.get("content-type") ?? "")) return { ok: false, message: "That link is not a web page; fill the fields by hand." };
    const html = await readHead(response, limits.maxBytes);
    const found = parseOpenGraph(html, url);
    if (!found.title && !found.summary && !found.imageUrl) return { ok: false, message: "The page has no title or preview tags; fill the fields by hand." };
    return { ok: true, ...found };
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    return { ok: false, message: timedOut ? "The page took too long to answer; fill the fields by hand." : "The page could not be reached; fill the fields by hand." };
  }
}

/** Reads at most maxBytes of the body (the tags live in <head>), then stops the download. */
async function readHead(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  while (bytes < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    text += decoder.decode(value, { stream: true });
    if (/<\/head>/i.test(text)) break;
  }
  // Not awaited: some streams settle their cancel only when the peer closes.
  void reader.cancel().catch(() => undefined);
  return text.slice(0, maxBytes);
}

export function parseOpenGraph(html: string, base: URL): OpenGraph {
  const meta = new Map<string, string>();
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const key = attr(tag, "property") ?? attr(tag, "name");
    const content = attr(tag, "content");
    if (key && content != null && !meta.has(key.toLowerCase())) meta.set(key.toLowerCase(), decodeEntities(content).trim());
  }
  const titleTag = html.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1];
  const title = meta.get("og:title") || meta.get("twitter:title") || (titleTag ? decodeEntities(titleTag).replace(/\s+/g, " ").trim() : undefined);
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

/**
 * Why a URL may not be fetched, or null. The name and every address it resolves to are checked, so
 * "localhost.", nip.io-style names and internal DNS names are refused as well. (A name that does not
 * resolve is left to fail in fetch.)
 */
async function refuse(url: URL): Promise<string | null> {
  if (!/^https?:$/.test(url.protocol)) return "Only http(s) pages can be read.";
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  const privateNote = "That address is on a private network; fill the fields by hand.";
  if (isPrivateHost(host)) return privateNote;
  if (isIP(host)) return null;
  const addresses = await lookup(host, { all: true }).catch(() => []);
  return addresses.some((a) => isPrivateHost(a.address)) ? privateNote : null;
}

/** Loopback, private and link-local addresses are refused so the server cannot be aimed at its own network. */
function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(host) === 6) return host === "::1" || host === "::" || host.startsWith("fc") || host.startsWith("fd") || host.startsWith("fe80") || host.startsWith("::ffff:");
  return false;
}
