/**
 * The one check for redirect targets that come from input (`redirectTo` in a query, a form or the
 * OAuth state cookie). Browsers forgive a lot: they drop tabs and newlines inside URLs, read `\` as
 * `/`, and treat `//host` and `/.//host` (once normalised) as another site. So the target is parsed
 * with the URL parser against a stand-in for our own origin, must stay on that origin, and only its
 * path, query and fragment (as the parser re-encodes them) are ever returned. Anything doubtful
 * falls back: a redirect to the wrong page of our own site is harmless, one to another site is not.
 */
const APP_ORIGIN = "http://chorus.invalid";

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators and BOM.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  // Relative to our root only: no scheme (`javascript:`, `https:evil`), no network path (`//`), no `\`.
  if (!to.startsWith("/") || to.startsWith("//") || to.includes("\\") || CONTROL.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, APP_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== APP_ORIGIN) return fallback;
  const target = url.pathname + url.search + url.hash;
  // Dot segments can leave a network path behind: new URL("/.//evil", base).pathname is "//evil".
  if (!target.startsWith("/") || target.startsWith("//") || target.includes("\\")) return fallback;
  return target;
}
