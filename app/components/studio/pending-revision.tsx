import { Form } from "@remix-run/react";
import { Field } from "~/components/field";
import { RevisionDiff } from "~/components/revision-diff";
import type { FieldErrors } from "~/forms";
import type { StudioItemData } from "~/routes/_app.studio.items.$id";

/** A revision waiting for review: what changed, and approve / reject (or withdraw, for its author). */
export function PendingRevision({
  revision,
  userId,
  errors,
}: {
  revision: NonNullable<StudioItemData["revision"]>;
  userId: string;
  errors: FieldErrors;
}) {
  return (
    <section className="card stack" aria-label="Pending revision">
      <h2>Pending revision by {revision.authorName}</h2>
      <p className="muted">Reps keep seeing the approved version until another marketer approves these changes.</p>
      <RevisionDiff changes={revision.changes} caption="Changed fields, approved and proposed" />
      <Form method="post" className="row">
        <input type="hidden" name="revisionId" value={revision.id} />
        <input type="hidden" name="version" value={revision.version} />
        {revision.authorId === userId ? (
          <span className="muted">Waiting for another marketer to review your changes.</span>
        ) : (
          <>
            <button name="intent" value="approve_revision">
              Approve changes
            </button>
            <Field label="Reason to reject" name="revisionReason" error={errors.revisionReason} />
          </>
        )}
        <button name="intent" value="reject_revision" className="button-secondary">
          {revision.authorId === userId ? "Withdraw my changes" : "Reject changes"}
        </button>
      </Form>
    </section>
  );
}
