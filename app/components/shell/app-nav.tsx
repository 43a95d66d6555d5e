import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { QUICK_LINKS, type NavLink as NavEntry } from "~/navigation";

const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? "active" : undefined);

interface ShellUser {
  name: string;
  role: string;
  timeZone: string;
}

/**
 * The signed-in shell's navigation (decision 016). On a desktop the sidebar shows everything. Below 800 px the
 * sidebar becomes a top bar with the logo and a "Menu" control that opens the full navigation, and a bottom bar
 * keeps the four most used links in reach of a thumb. The menu control is a link to the panel, so without
 * JavaScript it still opens it (`:target`); with JavaScript it toggles in place, says whether it is open
 * (aria-expanded), closes on Escape (focus back on the control) and on every navigation (focus on the new page).
 */
export function AppNav({ user, nav, unread }: { user: ShellUser; nav: NavEntry[]; unread: number }) {
  const [open, setOpen] = useState(false);
  const menuButton = useRef<HTMLAnchorElement>(null);
  const location = useLocation();
  const panel = useRef<HTMLDivElement>(null);
  // A navigation closes the menu; if it started from a link in the menu, the keyboard goes on at the new page.
  useEffect(() => {
    setOpen(false);
    if (panel.current?.contains(document.activeElement)) document.getElementById("main")?.focus();
  }, [location.pathname, location.search]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  const toggle = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    setOpen((wasOpen) => !wasOpen);
  };
  return (
    <aside className={open ? "sidebar sidebar-open" : "sidebar"}>
      <div className="sidebar-head">
        <Link to="/library" className="logo">
          <img src="/favicon.svg" alt="" /> Chorus
        </Link>
        <a
          ref={menuButton}
          href="#app-menu"
          className="menu-button"
          aria-controls="app-menu"
          aria-expanded={open}
          onClick={toggle}
        >
          <span aria-hidden="true">☰</span> Menu
          {unread ? (
            <span className="nav-count">
              {unread > 99 ? "99+" : unread}
              <span className="sr-only"> unread</span>
            </span>
          ) : null}
        </a>
      </div>
      <div className="sidebar-panel" id="app-menu" ref={panel}>
        <MainNav nav={nav} unread={unread} />
        <SidebarFoot user={user} />
      </div>
    </aside>
  );
}

/** The phone's bottom bar; after the main content in the page, so it comes last in the tab order as on screen. */
export function QuickLinks() {
  return (
    <nav className="tabbar" aria-label="Quick links">
      {QUICK_LINKS.map((link) => (
        <NavLink key={link.to} to={link.to} className={navClass}>
          {link.label}
        </NavLink>
      ))}
    </nav>
  );
}

function MainNav({ nav, unread }: { nav: NavEntry[]; unread: number }) {
  const sections = [...new Set(nav.map((l) => l.section))];
  return (
    <nav className="nav" aria-label="Main">
      {sections.map((section) => (
        <div key={section} className="nav">
          <div className="nav-section">{section}</div>
          {nav
            .filter((l) => l.section === section)
            .map((link) => (
              <NavLink key={link.to} to={link.to} className={navClass}>
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
  );
}

function SidebarFoot({ user }: { user: ShellUser }) {
  return (
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
  );
}
