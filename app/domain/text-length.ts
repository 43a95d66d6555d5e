import twitterText from "twitter-text";
import type { Network } from "./networks";

/** Character counting per network, shared by the composer (live counter) and the server (validation). */
export const NETWORK_LIMITS = { linkedin: 3000, x: 280, facebook: 63206 } as const satisfies Record<Network, number>;
export type CountedNetwork = keyof typeof NETWORK_LIMITS;

/** X counts every URL as 23 characters, whatever its length (t.co wrapping). */
export const X_URL_LENGTH = 23;

/**
 * Explicit http(s) links are counted as one t.co link each, whatever their host: twitter-text linkifies only
 * hosts with a known top-level domain, so the demo's `.example` addresses and a tracked link on an IP
 * address (a local install) would be counted letter by letter, and the counter's promise that every URL
 * counts 23 would not hold. Every explicit link in a Chorus post is one X wraps (the item's URL or the
 * tracked link on APP_URL), so a stand-in that twitter-text does recognise gives X's real count.
 */
// A sentence's closing punctuation after a link is not part of it (as X reads it).
const EXPLICIT_URL = /\bhttps?:\/\/[^\s]*[^\s.,;:!?)\]'"]/gi;
const URL_STAND_IN = "https://t.co/chorus0000";

/**
 * X's own weighted length (twitter-text, X's published counting library): URLs count 23, CJK and most
 * emoji count 2, an emoji sequence counts once, text is NFC-normalised first. A hand count got CJK and
 * emoji wrong by half, so a post the counter allowed was refused by X. The library is pure JS and runs
 * in the browser bundle as well, so the live counter and the server's check are the same function.
 * LinkedIn and Facebook count code points.
 */
export function countForNetwork(text: string, network: CountedNetwork): number {
  if (network === "x") return twitterText.parseTweet(text.replace(EXPLICIT_URL, URL_STAND_IN)).weightedLength;
  return [...text].length;
}

/**
 * The text a network receives: what the rep wrote, the disclosure line, then the tracked link.
 * The disclosure is always added on the server for regulated items.
 */
export function composePostText(body: string, options: { disclosure?: string | null; link: string }): string {
  return `${withDisclosure(body, options.disclosure)}\n${options.link}`;
}

/** The rep's words with the item's disclosure line after them (once, even if the rep typed it already). */
export function withDisclosure(body: string, disclosure?: string | null): string {
  const line = disclosure?.trim();
  const main = body.trim();
  return line && !main.endsWith(line) ? `${main} ${line}` : main;
}
