import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback, Field, TextAreaField } from "~/components/field";
import { MySuggestions } from "~/components/suggestions/my-suggestions";
import { requireUser } from "~/domain/guards.server";
import { MAX_NOTE, readSuggestPrefill } from "~/domain/share-target";
import { createSuggestion, listMySuggestions, suggestionInput } from "~/domain/suggestions.server";
import { formatDayInZone } from "~/domain/zoned-time.server";
import { formError, formOk, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Suggest content · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const mine = await listMySuggestions(context.db, user.id);
  return {
    // A link sent from the phone's share sheet (/share-target, decision 017), or ?url= from anywhere.
    prefill: readSuggestPrefill(new URL(request.url).searchParams),
    suggestions: mine.map((s) => ({
      ...s,
      createdAt: s.createdAt.toISOString(),
      createdOn: formatDayInZone(s.createdAt, user.timeZone),
      decidedAt: s.decidedAt?.toISOString() ?? null,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const parsed = parseForm(suggestionInput, await request.formData());
  if (!parsed.ok) return formError(parsed.errors);
  const result = await createSuggestion(context.db, user.id, parsed.data);
  if (!result.ok) return formError({ url: result.message }, 409);
  return formOk(result.message);
}

/** What the suggest page's loader gives its pieces (app/components/suggestions). */
export type SuggestData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Suggest() {
  const { suggestions, prefill } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const errors = result?.errors ?? {};
  // Once sent, the form is empty again, also when it was filled from a shared link.
  const [sent, setSent] = useState(false);
  useEffect(() => {
    if (!result?.status) return;
    setSent(true);
    formRef.current?.reset();
  }, [result]);
  // A new shared link (another share from the phone) fills the form again.
  useEffect(() => setSent(false), [prefill.url, prefill.note]);
  return (
    <div className="stack page-medium">
      <div className="page-head">
        <div>
          <h1>Suggest content</h1>
          <p className="muted">
            Found something your network should see? Send it to marketing; they turn good finds into posts for everyone.
          </p>
        </div>
      </div>
      <ActionFeedback status={result?.status ?? (sent ? null : prefill.message)} error={errors.form} />
      <Form method="post" className="card stack" aria-label="Suggest a page" ref={formRef} key={sent ? "sent" : "new"}>
        <Field
          label="Page URL"
          name="url"
          type="url"
          required
          placeholder="https://"
          error={errors.url}
          defaultValue={sent ? "" : prefill.url}
        />
        <TextAreaField
          label="Why it is worth sharing"
          name="note"
          rows={3}
          maxLength={MAX_NOTE}
          error={errors.note}
          defaultValue={sent ? "" : prefill.note}
          hint="Optional, up to 500 characters"
        />
        <div className="row">
          <button type="submit" disabled={navigation.state !== "idle"}>
            {navigation.state === "submitting" ? "Sending…" : "Send suggestion"}
          </button>
        </div>
      </Form>
      <MySuggestions suggestions={suggestions} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
