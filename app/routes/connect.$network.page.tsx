import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/field";
import { saveAccount } from "~/domain/accounts.server";
import { connectionErrorQuery } from "~/domain/connection-messages.server";
import { listManagedPages, openPageChoice, pageChoiceCookie } from "~/domain/connectors/facebook-pages.server";
import { pageAccount } from "~/domain/connectors/oauth.server";
import { requireUser } from "~/domain/guards.server";
import { connectReturnUrl } from "~/domain/oauth-state.server";
import { notFound } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Choose a Facebook Page · Chorus" }];

/** Where the choice goes back to: `returnTo` (the composer that started connecting, checked) or Connections. */
const returnToOf = (request: Request) => new URL(request.url).searchParams.get("returnTo");
const expired = (request: Request) =>
  redirect(connectReturnUrl(returnToOf(request), connectionErrorQuery("page_expired")));

/** Someone who manages several Facebook Pages chooses the one Chorus posts to (after the OAuth callback). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (params.network !== "facebook") throw notFound();
  const choice = await openPageChoice(request, user.id);
  if (!choice) throw expired(request);
  return { pages: choice.pages, cancelTo: connectReturnUrl(returnToOf(request), "") };
}

const choiceSchema = z.object({
  pageId: z.string({ required_error: "Choose a Page" }).regex(/^\d{1,40}$/, "Choose a Page"),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  if (params.network !== "facebook") throw notFound();
  const choice = await openPageChoice(request, user.id);
  if (!choice) throw expired(request);
  const parsed = choiceSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "Choose a Page" }, { status: 400 });
  // Page tokens are read again now, so the person still manages the Page and no token sat in the cookie.
  let pages;
  try {
    pages = await listManagedPages(choice.userToken);
  } catch {
    // Facebook being down is not the person's fault, but nor is it ours to answer with a 5xx: say so by the form.
    return data({ error: "Facebook did not answer. Please try again." }, { status: 400 });
  }
  const page = pages.find((p) => p.id === parsed.data.pageId);
  if (!page) return data({ error: "You no longer manage that Page. Choose another one." }, { status: 400 });
  await saveAccount(context.db, { userId: user.id, network: "facebook", ...pageAccount(page) });
  const clear = await pageChoiceCookie.serialize("", { maxAge: 0 });
  return redirect(connectReturnUrl(returnToOf(request), "connected=facebook"), { headers: { "Set-Cookie": clear } });
}

export default function ChooseFacebookPage() {
  const { pages, cancelTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="auth">
      <div className="card auth-card stack">
        <h1>Choose a Facebook Page</h1>
        <p className="muted">
          You manage several Pages. Facebook only lets apps post to Pages: pick the one your Chorus posts go to.
        </p>
        <FormError message={result?.error} />
        <Form method="post" className="stack">
          <fieldset className="stack">
            <legend className="sr-only">Pages you manage</legend>
            {pages.map((page, i) => (
              <label key={page.id} className="row">
                <input type="radio" name="pageId" value={page.id} defaultChecked={i === 0} /> {page.name}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <button type="submit">Connect this Page</button>
            <Link to={cancelTo} className="button button-secondary">
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
