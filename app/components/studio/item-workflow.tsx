import { Form } from "@remix-run/react";
import { Field } from "~/components/field";
import type { FieldErrors } from "~/forms";

/** The item's workflow buttons for its status: send to review, approve (someone else's), send back, publish, archive. */
export function ItemWorkflow({
  status,
  authorId,
  userId,
  errors,
}: {
  status: string;
  /** Null when the author has been removed. */
  authorId: string | null;
  userId: string;
  errors: FieldErrors;
}) {
  return (
    <Form method="post" className="card row" aria-label="Workflow">
      {status === "draft" ? (
        <button name="intent" value="submit">
          Send to review
        </button>
      ) : null}
      {status === "in_review" && authorId !== userId ? (
        <button name="intent" value="approve">
          Approve
        </button>
      ) : null}
      {status === "in_review" && authorId === userId ? (
        <span className="muted">Waiting for another marketer to review.</span>
      ) : null}
      {status === "in_review" ? (
        <>
          <Field label="Reason to send back" name="reason" error={errors.reason} />
          <button name="intent" value="reject" className="button-secondary">
            Send back to draft
          </button>
        </>
      ) : null}
      {status === "approved" ? (
        <button name="intent" value="publish">
          Publish
        </button>
      ) : null}
      {status !== "archived" ? (
        <button name="intent" value="archive" className="button-secondary">
          Archive
        </button>
      ) : null}
    </Form>
  );
}
