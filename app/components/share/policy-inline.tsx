import { useFetcher } from "@remix-run/react";
import { Markdown } from "~/components/markdown";
import type { action } from "~/routes/_app.share.$itemId";

/** Accepting the social media policy in place, before a first share (recorded as the policy page records it). */
export function PolicyInline({ body }: { body: string }) {
  const accept = useFetcher<typeof action>();
  const error = accept.data && !accept.data.ok ? (accept.data.errors.form ?? null) : null;
  return (
    <div className="notice stack policy-inline" id="policy-inline" role="group" aria-labelledby="policy-inline-heading">
      <h3 className="flush" id="policy-inline-heading">
        Before your first share
      </h3>
      <p className="flush">Please confirm you have read the social media policy. You do this once.</p>
      <details>
        <summary>Read the social media policy</summary>
        <div className="policy-inline-body">
          <Markdown source={body} />
        </div>
      </details>
      <accept.Form method="post" className="row">
        <input type="hidden" name="intent" value="accept-policy" />
        <button type="submit" disabled={accept.state !== "idle"}>
          I accept the policy
        </button>
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </accept.Form>
    </div>
  );
}
