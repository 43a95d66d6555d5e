import { NavLink } from "@remix-run/react";
import { HELP_PAGE_SLUGS, HELP_PAGES, helpPagePath } from "~/domain/help-pages";

/** Guidelines, tips, FAQ and the policy, one click apart. */
export function HelpTabs() {
  return (
    <nav className="tabs" aria-label="Guides">
      {HELP_PAGE_SLUGS.map((slug) => (
        <NavLink key={slug} to={helpPagePath(slug)} className={({ isActive }) => (isActive ? "active" : undefined)}>
          {HELP_PAGES[slug]}
        </NavLink>
      ))}
    </nav>
  );
}
