import { Form, Link } from "@remix-run/react";
import { Field } from "~/components/field";
import type { SuggestionsData } from "~/routes/_app.studio.suggestions";

/** One suggested page: who sent it and why; accept it (drafts an item) or decline it with a reason, or the answer. */
export function SuggestionCard({
  suggestion,
  busy,
  reasonError,
}: {
  suggestion: SuggestionsData["suggestions"][number];
  busy: boolean;
  reasonError?: string;
}) {
  return (
    <li className="card stack gap-md">
      <div>
        <a className="break-all" href={suggestion.url} target="_blank" rel="noopener noreferrer">
          {suggestion.url}
        </a>
        <div className="muted">
          From {suggestion.by} on {suggestion.createdAt}
        </div>
        {suggestion.note ? <p className="mt-sm">{suggestion.note}</p> : null}
      </div>
      {suggestion.status === "pending" ? (
        <div className="row row-end">
          <Form method="post">
            <input type="hidden" name="suggestionId" value={suggestion.id} />
            <button
              name="intent"
              value="accept"
              disabled={busy}
              aria-label={`Accept ${suggestion.url} and draft an item`}
            >
              Accept and draft an item
            </button>
          </Form>
          <Form method="post" className="row row-end grow">
            <input type="hidden" name="suggestionId" value={suggestion.id} />
            <div className="grow-240">
              <Field
                label="Reason to decline"
                aria-label={`Reason to decline ${suggestion.url}`}
                name="reason"
                maxLength={500}
                error={reasonError}
              />
            </div>
            <button
              name="intent"
              value="decline"
              className="button-secondary"
              disabled={busy}
              aria-label={`Decline ${suggestion.url}`}
            >
              Decline
            </button>
          </Form>
        </div>
      ) : (
        <p className="flush">
          <span className={`badge${suggestion.status === "declined" ? " badge-danger" : " badge-ok"}`}>
            {suggestion.status}
          </span>{" "}
          {suggestion.reason ? <span className="muted">{suggestion.reason}</span> : null}
          {suggestion.itemId ? <Link to={`/studio/items/${suggestion.itemId}`}> Open the item</Link> : null}
        </p>
      )}
    </li>
  );
}
