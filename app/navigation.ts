import { ROLES, type Role } from "./domain/roles";

export interface NavLink {
  to: string;
  label: string;
  roles: readonly Role[];
  section: "Share" | "Marketing" | "Team" | "Admin";
}

const EVERYONE = ROLES;

/** The sidebar per role; a link shows only where its route's loader lets the role in. */
export const NAV_LINKS: NavLink[] = [
  { to: "/library", label: "Library", roles: EVERYONE, section: "Share" },
  { to: "/queue", label: "My queue", roles: EVERYONE, section: "Share" },
  { to: "/connections", label: "Connections", roles: EVERYONE, section: "Share" },
  { to: "/leaderboard", label: "Leaderboard", roles: EVERYONE, section: "Share" },
  { to: "/me", label: "Me", roles: EVERYONE, section: "Share" },
  { to: "/notifications", label: "Notifications", roles: EVERYONE, section: "Share" },
  { to: "/challenges", label: "Challenges", roles: EVERYONE, section: "Share" },
  { to: "/suggest", label: "Suggest content", roles: EVERYONE, section: "Share" },
  { to: "/guides/guidelines", label: "Guides & policy", roles: EVERYONE, section: "Share" },
  { to: "/studio", label: "Studio", roles: ["admin", "marketer"], section: "Marketing" },
  { to: "/analytics", label: "Analytics", roles: ["admin", "marketer", "manager"], section: "Marketing" },
  { to: "/sov", label: "Share of voice", roles: ["admin", "marketer"], section: "Marketing" },
  { to: "/brands", label: "Brands", roles: ["admin", "marketer"], section: "Marketing" },
  { to: "/admin/users", label: "Users", roles: ["admin"], section: "Admin" },
  { to: "/admin/teams", label: "Teams", roles: ["admin"], section: "Admin" },
  { to: "/admin/domains", label: "Sign-up domains", roles: ["admin"], section: "Admin" },
  { to: "/admin/audit", label: "Audit log", roles: ["admin"], section: "Admin" },
  { to: "/admin/jobs", label: "Job health", roles: ["admin"], section: "Admin" },
  { to: "/admin/gamification", label: "Gamification", roles: ["admin"], section: "Admin" },
];

export function navFor(role: Role): NavLink[] {
  return NAV_LINKS.filter((link) => link.roles.includes(role));
}

/** The phone's bottom bar (decision 016): the four pages a rep opens most, for every role; the rest is in the menu. */
export const QUICK_LINKS: readonly Pick<NavLink, "to" | "label">[] = [
  { to: "/library", label: "Library" },
  { to: "/queue", label: "Queue" },
  { to: "/leaderboard", label: "Leaderboard" },
  { to: "/me", label: "Me" },
];
