import { Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AppNav, QuickLinks } from "~/components/shell/app-nav";
import { useFocusableScrollers } from "~/components/shell/focusable-scrollers";
import { readSession } from "~/domain/auth.server";
import { requireUser } from "~/domain/guards.server";
import { navFor } from "~/navigation";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The sidebar's unread count is read with the session, in the same statement (decision 025); the second
  // readSession answers from the lookup requireUser made for this request.
  const user = await requireUser(request, context);
  const unread = (await readSession(context.db, request, context))?.unread ?? 0;
  return { user, nav: navFor(user.role), unread };
}

export default function AppLayout() {
  const { user, nav, unread } = useLoaderData<typeof loader>();
  useFocusableScrollers();
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppNav user={user} nav={nav} unread={unread} />
      <main className="main" id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <QuickLinks />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
