/** Character counting per network, shared by the composer (live counter) and the server (validation). */
export const NETWORK_LIMITS = { linkedin: 3000, x: 280, facebook: 63206 } as const;
export type CountedNetwork = keyof typeof NETWORK_LIMITS;

/** X counts every URL as 23 characters, whatever its length (t.co wrapping). */
export const X_URL_LENGTH = 23;
const URL_PATTERN = /https?:\/\/[^\s]+/gi;

export function countForNetwork(text: string, network: CountedNetwork): number {
  if (network === "x") {
    const withoutUrls = text.replace(URL_PATTERN, "");
    const urls = text.match(URL_PATTERN)?.length ?? 0;
    return [...withoutUrls].length + urls * X_URL_LENGTH;
  }
  return [...text].length;
}

/**
 * The text a network receives: what the rep wrote, the disclosure line, then the tracked link.
 * The disclosure is always added on the server for regulated items.
 */
export function composePostText(body: string, options: { disclosure?: string | null; link: string }): string {
  const disclosure = options.disclosure?.trim();
  const main = body.trim();
  const withDisclosure = disclosure && !main.endsWith(disclosure) ? `${main} ${disclosure}` : main;
  return `${withDisclosure}\n${options.link}`;
}
