/** Roles, shared by the server (guards) and the browser (pickers, navigation). */
export const ROLES = ["admin", "marketer", "manager", "rep"] as const;
export type Role = (typeof ROLES)[number];
