import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback, Field, TextAreaField } from "~/components/field";
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

const OUTCOME = { pending: "Waiting for marketing", accepted: "Accepted", declined: "Declined" } as const;

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
      <section className="card" aria-labelledby="my-suggestions">
        <h2 id="my-suggestions">Your suggestions</h2>
        {suggestions.length === 0 ? (
          <p className="muted">You have not suggested anything yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col">Sent</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {suggestions.map((s) => (
                <tr key={s.id}>
                  <td className="break-all">
                    {s.url}
                    {s.note ? <div className="muted">{s.note}</div> : null}
                  </td>
                  <td>{new Date(s.createdAt).toLocaleDateString("en-GB", { timeZone: "UTC" })}</td>
                  <td>
                    <span
                      className={`badge${s.status === "declined" ? " badge-danger" : s.status === "accepted" ? " badge-ok" : " badge-muted"}`}
                    >
                      {OUTCOME[s.status]}
                    </span>
                    {s.reason ? <div className="muted">{s.reason}</div> : null}
                    {s.itemId && s.itemStatus === "published" ? (
                      <div>
                        <Link to={`/items/${s.itemId}`}>Now in the library</Link>
                      </div>
                    ) : s.status === "accepted" ? (
                      <div className="muted">Marketing is preparing the post.</div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
