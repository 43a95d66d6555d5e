import { Form, Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sessionIdOf } from "~/domain/auth.server";
import { requireUser } from "~/domain/guards.server";
import { unreadCountForSession } from "~/domain/notifications.server";
import { navFor } from "~/navigation";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The sidebar's unread count is read beside the session check, not after it.
  const [user, unread] = await Promise.all([
    requireUser(request, context),
    unreadCountForSession(context.db, sessionIdOf(context.db, request)),
  ]);
  return { user, nav: navFor(user.role), unread };
}

export default function AppLayout() {
  const { user, nav, unread } = useLoaderData<typeof loader>();
  const sections = [...new Set(nav.map((l) => l.section))];
  return (
    <div className="app">
      <aside className="sidebar">
        <Link to="/library" className="logo">
          <img src="/favicon.svg" alt="" /> Chorus
        </Link>
        <nav className="nav" aria-label="Main">
          {sections.map((section) => (
            <div key={section} className="nav">
              <div className="nav-section">{section}</div>
              {nav
                .filter((l) => l.section === section)
                .map((link) => (
                  <NavLink key={link.to} to={link.to} className={({ isActive }) => (isActive ? "active" : undefined)}>
                    {link.label}
                    {link.to === "/notifications" && unread ? (
                      <span className="nav-count" aria-label={`${unread} unread`}>
                        {unread > 99 ? "99+" : unread}
                      </span>
                    ) : null}
                  </NavLink>
                ))}
            </div>
          ))}
        </nav>
        <div className="sidebar-foot">
          <div>
            <strong>{user.name}</strong>
          </div>
          <div className="muted sidebar-user">
            {user.role} · {user.timeZone}
          </div>
          <Form method="post" action="/logout">
            <button type="submit" className="button-small">
              Sign out
            </button>
          </Form>
        </div>
      </aside>
      <main className="main" id="main">
        <Outlet />
      </main>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
