import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ADMIN, requireUser } from "~/domain/guards.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ADMIN);
  return null;
}

const TABS = [
  { to: "/admin/users", label: "Users" },
  { to: "/admin/teams", label: "Teams" },
  { to: "/admin/domains", label: "Sign-up domains" },
  { to: "/admin/audit", label: "Audit log" },
  { to: "/admin/tokens", label: "API tokens" },
  { to: "/admin/analytics", label: "EMV rates" },
  { to: "/admin/gamification", label: "Gamification" },
  { to: "/admin/jobs", label: "Job health" },
];

export default function AdminLayout() {
  return (
    <div>
      <h1>Admin</h1>
      <nav className="tabs" aria-label="Admin sections">
        {TABS.map((tab) => (
          <NavLink key={tab.to} to={tab.to} className={({ isActive }) => (isActive ? "active" : undefined)}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
