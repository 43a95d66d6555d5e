import { useFetcher } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useHydrated } from "~/components/use-hydrated";
import { NETWORK_NAMES, type Network } from "~/domain/networks";
import { withDisclosure } from "~/domain/text-length";
import type { action } from "~/routes/_app.share.$itemId";

/**
 * Sharing without a connected account: open the network's share page (a document POST into a new tab, so the
 * share is recorded first), or copy the text and link.
 */
export function ShareByHand({
  network,
  fields,
  body,
  disclosure,
  limit,
  overLimit,
  blocked = false,
}: {
  network: Network;
  /** The share's hidden fields (ShareFields). */
  fields: ReactNode;
  body: string;
  disclosure: string | null;
  limit: number;
  overLimit: boolean;
  /** The policy is not accepted yet: the buttons wait for it (the card above says so). */
  blocked?: boolean;
}) {
  const copy = useFetcher<typeof action>();
  // Copying is the script's: before it runs, Copy would record a share and copy nothing.
  const noCopy = !useHydrated() || overLimit || blocked;
  const [pasteHint, setPasteHint] = useState(false);
  const copied = copy.data?.copied ?? null;
  useEffect(() => {
    if (copied) void navigator.clipboard?.writeText(copied).catch(() => undefined);
  }, [copied]);
  const name = NETWORK_NAMES[network];
  // Why the buttons wait, said beside them.
  const why = overLimit ? "over-limit" : blocked ? `policy-first-${network}` : undefined;
  return (
    <div className="row">
      {/* A document POST into a new tab: the share is recorded, then that tab goes to the network's share page. */}
      <form
        method="post"
        target="_blank"
        className="inline-form"
        onSubmit={() => {
          // Facebook's share page takes only the link: the words and disclosure go to the clipboard.
          if (network !== "facebook") return;
          void navigator.clipboard?.writeText(withDisclosure(body, disclosure)).catch(() => undefined);
          setPasteHint(true);
        }}
      >
        {fields}
        <input type="hidden" name="mode" value="intent" />
        <button type="submit" className="button-secondary" disabled={overLimit || blocked} aria-describedby={why}>
          Open {name} to share
        </button>
      </form>
      <copy.Form method="post" className="inline-form">
        {fields}
        <input type="hidden" name="mode" value="copy" />
        <button type="submit" className="button-secondary" disabled={noCopy} aria-describedby={why}>
          Copy text and link
        </button>
      </copy.Form>
      {blocked && !overLimit ? (
        <span id={why} className="muted">
          Accept the social media policy above to share.
        </span>
      ) : null}
      {overLimit ? (
        <span id="over-limit" className="field-error" role="status">
          Over {name}&apos;s limit of {limit} characters: shorten the message to share it.
        </span>
      ) : null}
      {pasteHint && network === "facebook" ? (
        <span className="notice" role="status">
          Facebook&apos;s share page takes only the link: your message
          {disclosure ? " and disclosure are" : " is"} copied, paste it into the post.
        </span>
      ) : null}
      {copied ? (
        <span className="notice" role="status">
          Copied. Paste it into {name}: <code>{copied}</code>
        </span>
      ) : null}
    </div>
  );
}
