import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { LoadedPack } from "~/routes/_app.studio.packs.$id";

/**
 * A draft pack's workflow: send its drafts to review, and "Publish pack", which opens the confirmation step
 * (PublishConfirm) or, while it cannot be published, is disabled with the reason in visible text beside it.
 * Items are approved one by one on their own page, once they were shown to the reviewer (decision 020).
 */
export function PackWorkflow({ pack, busy }: { pack: LoadedPack; busy: boolean }) {
  const drafts = pack.items.filter((i) => i.status === "draft").length;
  return (
    <div className="stack gap-xs pack-workflow">
      <div className="row">
        {drafts ? (
          <Form method="post" action={`/studio/packs/${pack.id}`}>
            <button name="intent" value="submit-items" className="button-secondary" disabled={busy}>
              Send {drafts} draft{drafts === 1 ? "" : "s"} to review
            </button>
          </Form>
        ) : null}
        {pack.publishBlocker ? (
          <button type="button" disabled aria-describedby="publish-blocker">
            Publish pack
          </button>
        ) : (
          // A GET to ?confirm=publish: the confirmation step shows, with or without JavaScript.
          <Form method="get" preventScrollReset>
            <button name="confirm" value="publish" disabled={busy}>
              Publish pack
            </button>
          </Form>
        )}
      </div>
      {pack.publishBlocker ? (
        <p id="publish-blocker" className="field-hint flush">
          {pack.publishBlocker}
        </p>
      ) : null}
    </div>
  );
}

/** The in-page confirmation before publishing: who will see the pack and when; "Publish now" or cancel. */
export function PublishConfirm({ pack, busy }: { pack: LoadedPack; busy: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card stack confirm-panel" aria-labelledby="publish-confirm-heading">
      <h2 id="publish-confirm-heading" ref={heading} tabIndex={-1} className="flush">
        Publish “{pack.title}”?
      </h2>
      <p className="flush">{pack.publishSummary}</p>
      <p className="muted flush">Its approved items are published with it. Archive the pack to take it down.</p>
      <Form method="post" action={`/studio/packs/${pack.id}`} className="row">
        <input type="hidden" name="confirmed" value="yes" />
        <button name="intent" value="publish" disabled={busy}>
          Publish now
        </button>
        <Link className="button button-secondary" to={`/studio/packs/${pack.id}`} preventScrollReset>
          Cancel
        </Link>
      </Form>
    </section>
  );
}
