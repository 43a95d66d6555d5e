import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/domain/guards.server";
import { readSharedLink, suggestPathFor } from "~/domain/share-target";

/**
 * The manifest's Web Share Target (decision 017): a link sent from a phone's share sheet lands in "Suggest
 * content", filled in. Signed out, sign-in comes back straight to that prefilled page: its query is the
 * short form of what was shared, so it fits the redirectTo a sign-in keeps.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const shared = readSharedLink({
    title: url.searchParams.get("title"),
    text: url.searchParams.get("text"),
    url: url.searchParams.get("url"),
  });
  const target = suggestPathFor(shared);
  await requireUser(new Request(new URL(target, url), { headers: request.headers }), context);
  throw redirect(target);
}

export const ErrorBoundary = GeneralErrorBoundary;
