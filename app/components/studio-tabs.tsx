import { NavLink } from "@remix-run/react";

const TABS = [
  { to: "/studio", label: "Items", end: true },
  { to: "/studio/packs", label: "Packs", end: false },
  { to: "/studio/suggestions", label: "Suggestions", end: false },
  { to: "/studio/pages", label: "Pages", end: false },
] as const;

/** The Studio's sections, shown above each Studio page. */
export function StudioTabs({ pending }: { pending?: number }) {
  return (
    <nav className="tabs" aria-label="Studio sections">
      {TABS.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end} className={({ isActive }) => (isActive ? "active" : undefined)}>
          {tab.label}
          {tab.to === "/studio/suggestions" && pending ? <span className="badge"> {pending}</span> : null}
        </NavLink>
      ))}
    </nav>
  );
}
