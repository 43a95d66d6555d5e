import type { Network } from "~/domain/networks";

/** What every share form sends: the network, the page's idempotency key and the text as shown. */
export function ShareFields({
  network,
  idempotencyKey,
  text,
}: {
  network: Network;
  idempotencyKey: string;
  text: string;
}) {
  return (
    <>
      <input type="hidden" name="network" value={network} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="text" value={text} />
    </>
  );
}
