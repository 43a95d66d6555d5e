/** The demo company's sign-ins, printed by `npm start` and used by the end-to-end tests. */
export const DEMO_DOMAIN = "northwind.example";
export const DEMO_LOGINS = {
  password: "chorus-demo-2026",
  users: [
    { role: "admin", email: `ada.admin@${DEMO_DOMAIN}`, name: "Ada Okafor" },
    { role: "marketer", email: `mia.marketing@${DEMO_DOMAIN}`, name: "Mia Lindqvist" },
    { role: "marketer", email: `marco.marketing@${DEMO_DOMAIN}`, name: "Marco Bianchi" },
    { role: "manager", email: `maya.manager@${DEMO_DOMAIN}`, name: "Maya Chen" },
    { role: "rep", email: `rita.rep@${DEMO_DOMAIN}`, name: "Rita Alvarez" },
  ],
} as const;
