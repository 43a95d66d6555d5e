import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback } from "~/components/field";
import { SuggestionCard } from "~/components/studio/suggestion-card";
import { StudioTabs } from "~/components/studio-tabs";
import { requireUser, STAFF } from "~/domain/guards.server";
import { WorkflowError } from "~/domain/studio.server";
import { acceptSuggestion, declineInput, declineSuggestion, listSuggestionInbox } from "~/domain/suggestions.server";
import { formatDayInZone } from "~/domain/zoned-time.server";
import { formError, formOk, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Suggestions · Studio · Chorus" }];

const querySchema = z.object({ show: z.enum(["pending", "decided"]).catch("pending") });
const acceptInput = z.object({ suggestionId: z.string().uuid() });
/** The suggestion a form was about, as sent (null when absent), to say which decline form answered. */
const suggestionIdOf = (formData: FormData) => z.string().nullable().catch(null).parse(formData.get("suggestionId"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const { show } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listSuggestionInbox(context.db, show);
  // The day in the marketer's zone, formatted here so the page hydrates with the same text (decision 020).
  return { show, suggestions: list.map((s) => ({ ...s, createdAt: formatDayInZone(s.createdAt, user.timeZone) })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const formData = await request.formData();
  const intent = formData.get("intent");
  try {
    if (intent === "accept") {
      const parsed = parseForm(acceptInput, formData);
      if (!parsed.ok) return formError("Choose a suggestion.", 400, { for: null });
      const itemId = await acceptSuggestion(context.db, { actorId: user.id, suggestionId: parsed.data.suggestionId });
      return redirect(`/studio/items/${itemId}`);
    }
    const parsed = parseForm(declineInput, formData);
    // The decline form whose reason was refused shows the message; the others stay closed.
    if (!parsed.ok) return formError(parsed.errors, 400, { for: suggestionIdOf(formData) });
    await declineSuggestion(context.db, user.id, parsed.data);
    return formOk("Suggestion declined; your colleague has been told why.", { for: null });
  } catch (e) {
    if (e instanceof WorkflowError) return formError(e.message, 409, { for: null });
    throw e;
  }
}

/** What the suggestions inbox's loader gives its pieces (app/components/studio). */
export type SuggestionsData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function StudioSuggestions() {
  const { show, suggestions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Suggestions</h1>
          <p className="muted">
            Pages colleagues proposed for the library. Accept one to start a draft item from it, or decline it with a
            reason.
          </p>
        </div>
      </div>
      <StudioTabs />
      <nav className="tabs" aria-label="Filter suggestions">
        <Link to="?show=pending" aria-current={show === "pending" ? "page" : undefined}>
          Waiting
        </Link>
        <Link to="?show=decided" aria-current={show === "decided" ? "page" : undefined}>
          Answered
        </Link>
      </nav>
      <ActionFeedback status={result?.status} error={errors.form} />
      {suggestions.length === 0 ? (
        <p className="card">
          {show === "pending"
            ? "No suggestions waiting. Reps can send pages from “Suggest content”."
            : "No answered suggestions yet."}
        </p>
      ) : (
        <ul className="stack list-bare" aria-label="Suggestions">
          {suggestions.map((s) => (
            <SuggestionCard
              key={s.id}
              suggestion={s}
              busy={navigation.state !== "idle"}
              reasonError={result?.for === s.id ? errors.reason : undefined}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
