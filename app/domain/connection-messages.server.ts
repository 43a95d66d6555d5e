import { NO_PAGE_MESSAGE } from "./connectors/facebook-pages.server";
import { NETWORK_NAMES, type Network } from "./networks";

/**
 * What the Connections page may say after a redirect. Redirects carry a key
 * (`/connections?error=cancelled&network=x`), never text, as on the sign-in page: a link anyone can
 * craft must not put words of its own on our pages.
 */
const CONNECTION_MESSAGES = {
  cancelled: () => "The connection was cancelled.",
  state: () => "The connection expired or came from another tab. Please try again.",
  rejected: () => "The network did not accept the connection. Please try again.",
  no_page: () => NO_PAGE_MESSAGE,
  page_expired: () => "The Facebook connection expired. Please connect again.",
  unconfigured: (network: string) =>
    `${network} is not set up on this server yet. Ask your admin to add its app credentials.`,
} as const;

export type ConnectionMessageKey = keyof typeof CONNECTION_MESSAGES;

/** The query string for a redirect to Connections with one of the known messages. */
export function connectionErrorQuery(key: ConnectionMessageKey, network?: Network): string {
  return `error=${key}${network ? `&network=${network}` : ""}`;
}

/** The text for a key from the URL; an unknown key gets the generic message, never its own text. */
export function connectionMessage(key: string | null, network: string | null): string | undefined {
  if (!key) return undefined;
  const name = network && Object.hasOwn(NETWORK_NAMES, network) ? NETWORK_NAMES[network as Network] : "This network";
  const message = Object.hasOwn(CONNECTION_MESSAGES, key)
    ? CONNECTION_MESSAGES[key as ConnectionMessageKey]
    : CONNECTION_MESSAGES.rejected;
  return message(name);
}
