import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** One tab of a `nav.tabs` row: marked active and as the current page when it is the one shown. */
export function TabLink({ to, active, children }: { to: string; active: boolean; children: ReactNode }) {
  return (
    <Link to={to} className={active ? "active" : undefined} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}
