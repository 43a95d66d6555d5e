// Whether `npm start` turns mock mode on: only for the embedded demo (no DATABASE_URL, no https
// APP_URL), and only when MOCKS is not set either way. A deployment gets mocks only from MOCKS=true
// set by hand (docs/decisions/009-sign-in-and-mock-mode.md).
/** @param {Record<string, string | undefined>} env @returns {string | undefined} the MOCKS value to pass on */
export function mocksForStart(env) {
  if (env.MOCKS !== undefined) return env.MOCKS;
  const embeddedDemo = !env.DATABASE_URL && !(env.APP_URL ?? "").startsWith("https://");
  return embeddedDemo ? "true" : undefined;
}
