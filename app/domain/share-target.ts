import { z } from "zod";
import { CONTROL_CHARACTERS } from "./validation";

/**
 * The Web Share Target (decision 017): a phone's share sheet opens `/share-target?title=…&text=…&url=…`
 * (the manifest's `share_target`), and the rep lands in "Suggest content" with the link and a note filled
 * in. Apps fill the three fields as they like: Android apps often send the link inside `text` and leave
 * `url` empty, some put it in `title`. Isomorphic: the route and the suggest page both read it.
 */

/** The longest value of one field we read; anything longer is not a share sheet's doing. */
const MAX_FIELD = 4000;
const MAX_URL = 2000;
export const MAX_NOTE = 500;

const field = z.string().max(MAX_FIELD).optional();
export const shareTargetQuery = z.object({ title: field, text: field, url: field });

export type SharedLink = { status: "link"; url: string; note: string } | { status: "no-link" | "unreadable" };

// An http(s) URL up to the next space, quote or angle bracket; closing punctuation after it is prose.
const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/i;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** A well-formed http(s) URL of reasonable length, as the parser re-encodes it; null otherwise. */
export function httpUrlOrNull(value: string | undefined | null): string | null {
  const candidate = value?.trim();
  if (!candidate || candidate.length > MAX_URL) return null;
  try {
    const url = new URL(candidate);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.href.length > MAX_URL ? null : url.href;
  } catch {
    return null;
  }
}

function firstUrlIn(value: string | undefined): { url: string; match: string } | null {
  const match = value ? URL_IN_TEXT.exec(value) : null;
  if (!match) return null;
  const raw = match[0].replace(TRAILING_PUNCTUATION, "");
  const url = httpUrlOrNull(raw);
  // The link and the punctuation right after it leave the words: "Read: https://x.example/a." → "Read:".
  return url ? { url, match: match[0] } : null;
}

function clean(value: string | undefined): string {
  return (value ?? "").replace(new RegExp(CONTROL_CHARACTERS.source, "g"), " ").replace(/\s+/g, " ").trim();
}

/** A note no longer than the suggest form takes, cut at a word. */
export function shortNote(value: string): string {
  if (value.length <= MAX_NOTE) return value;
  const cut = value.slice(0, MAX_NOTE - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > MAX_NOTE / 2 ? cut.slice(0, space) : cut}…`;
}

/** What a share sheet sent: the link (from `url`, else the first one in `text`, else in `title`) and a note. */
export function readSharedLink(query: Record<string, string | null | undefined>): SharedLink {
  const parsed = shareTargetQuery.safeParse({
    title: query.title ?? undefined,
    text: query.text ?? undefined,
    url: query.url ?? undefined,
  });
  if (!parsed.success) return { status: "unreadable" };
  const { title, text, url } = parsed.data;
  const direct = httpUrlOrNull(url);
  const found = direct ? { url: direct, match: "" } : (firstUrlIn(text) ?? firstUrlIn(title));
  if (!found) return { status: "no-link" };
  const words = [clean(title), clean(found.match ? text?.replace(found.match, " ") : text)]
    .filter((part) => part && part !== found.url)
    .filter((part, index, all) => all.indexOf(part) === index);
  return { status: "link", url: found.url, note: shortNote(words.join(" — ")) };
}

/**
 * Where the share target sends the rep: the suggest page with the link and note in its query. Kept under
 * the 2,000 characters a sign-in's redirectTo keeps (app/domain/safe-redirect.ts): a long note is dropped first.
 */
export function suggestPathFor(shared: SharedLink): string {
  if (shared.status !== "link") return `/suggest?${new URLSearchParams({ shared: shared.status })}`;
  const query = new URLSearchParams({ shared: "link", url: shared.url });
  if (shared.note) query.set("note", shared.note);
  const withNote = `/suggest?${query}`;
  return withNote.length <= 1900 || !shared.note ? withNote : suggestPathFor({ ...shared, note: "" });
}

const prefillQuery = z.object({
  shared: z.enum(["link", "no-link", "unreadable"]).optional(),
  url: z.string().max(MAX_URL).optional(),
  note: z.string().max(MAX_NOTE).optional(),
});

export const SHARED_MESSAGES = {
  link: "Shared from another app: check the link, say why it is worth sharing, and send it to marketing.",
  "no-link": "What you shared had no web address in it. Paste the page's URL below.",
  unreadable: "What you shared could not be read. Paste the page's URL below.",
} as const;

/** The suggest page's prefill from its query: a bad value leaves the form empty, with a message saying so. */
export function readSuggestPrefill(params: URLSearchParams): { url: string; note: string; message: string | null } {
  const parsed = prefillQuery.safeParse({
    shared: params.get("shared") ?? undefined,
    url: params.get("url") ?? undefined,
    note: params.get("note") ?? undefined,
  });
  if (!parsed.success) return { url: "", note: "", message: SHARED_MESSAGES.unreadable };
  const { shared, note } = parsed.data;
  if (!shared && !parsed.data.url) return { url: "", note: "", message: null };
  const url = httpUrlOrNull(parsed.data.url);
  if (shared === "link" || (!shared && parsed.data.url)) {
    return url
      ? { url, note: clean(note), message: shared ? SHARED_MESSAGES.link : null }
      : { url: "", note: "", message: SHARED_MESSAGES.unreadable };
  }
  return { url: "", note: "", message: SHARED_MESSAGES[shared ?? "unreadable"] };
}
