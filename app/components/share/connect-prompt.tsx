import { NETWORK_NAMES, type Network } from "~/domain/networks";

/**
 * Connecting a network from the composer: the OAuth round trip comes back to this composer (`returnTo`), and
 * `onLeave` keeps the rep's text and time for it (share-draft.ts).
 */
export function ConnectPrompt({
  network,
  returnTo,
  onLeave,
}: {
  network: Network;
  returnTo: string;
  onLeave: () => void;
}) {
  const name = NETWORK_NAMES[network];
  return (
    <div className="row connect-prompt">
      <p className="flush grow">
        Connect {name} to post or schedule from Chorus. You come back here with your message and time kept.
      </p>
      {/* A document navigation: the network's consent page is another site (or the mock stand-in). */}
      <a className="button" href={`/connect/${network}?returnTo=${encodeURIComponent(returnTo)}`} onClick={onLeave}>
        Connect {name}
      </a>
    </div>
  );
}
