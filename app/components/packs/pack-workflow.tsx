import { Form } from "@remix-run/react";
import type { LoadedPack } from "~/routes/_app.studio.packs.$id";

/** A draft pack's workflow buttons: send drafts to review, approve others' items, publish when all are approved. */
export function PackWorkflow({ pack, userId, busy }: { pack: LoadedPack; userId: string; busy: boolean }) {
  const drafts = pack.items.filter((i) => i.status === "draft").length;
  const reviewable = pack.items.filter((i) => i.status === "in_review" && i.createdBy !== userId).length;
  const ready = pack.items.length > 0 && pack.items.every((i) => i.status === "approved" || i.status === "published");
  return (
    <Form method="post" className="row" aria-label="Pack workflow">
      {drafts ? (
        <button name="intent" value="submit-items" className="button-secondary" disabled={busy}>
          Send {drafts} draft{drafts === 1 ? "" : "s"} to review
        </button>
      ) : null}
      {reviewable ? (
        <button name="intent" value="approve-items" className="button-secondary" disabled={busy}>
          Approve {reviewable} item{reviewable === 1 ? "" : "s"}
        </button>
      ) : null}
      <button
        name="intent"
        value="publish"
        disabled={busy || !ready}
        title={ready ? undefined : "Every item must be approved first"}
      >
        Publish pack
      </button>
    </Form>
  );
}
