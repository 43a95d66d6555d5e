import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback, Field, TextAreaField } from "~/components/field";
import { MySuggestions } from "~/components/suggestions/my-suggestions";
import { requireUser } from "~/domain/guards.server";
import { createSuggestion, listMySuggestions, suggestionInput } from "~/domain/suggestions.server";
import { formError, formOk, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Suggest content · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const mine = await listMySuggestions(context.db, user.id);
  return {
    suggestions: mine.map((s) => ({
      ...s,
      createdAt: s.createdAt.toISOString(),
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
  const { suggestions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const errors = result?.errors ?? {};
  useEffect(() => {
    if (result?.status) formRef.current?.reset();
  }, [result]);
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
      <ActionFeedback status={result?.status} error={errors.form} />
      <Form method="post" className="card stack" aria-label="Suggest a page" ref={formRef}>
        <Field label="Page URL" name="url" type="url" required placeholder="https://" error={errors.url} />
        <TextAreaField
          label="Why it is worth sharing"
          name="note"
          rows={3}
          maxLength={500}
          error={errors.note}
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
