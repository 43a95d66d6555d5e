import { redirect, type AppLoadContext } from "@remix-run/node";
import { readSession, type Role, type SessionUser } from "./auth.server";

/** The signed-in user, or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(
  request: Request,
  context: AppLoadContext,
  roles?: readonly Role[],
): Promise<SessionUser> {
  const found = await readSession(context.db, request, context);
  if (!found) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  if (roles && !roles.includes(found.user.role)) {
    throw new Response("You do not have access to this page.", { status: 403, statusText: "Forbidden" });
  }
  return found.user;
}

export async function optionalUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  return (await readSession(context.db, request, context))?.user ?? null;
}

/** Only paths on this site; anything else goes to the fallback. The one check: ./safe-redirect.ts. */
export { safeRedirect as safeRedirectPath } from "./safe-redirect";

export const STAFF = ["admin", "marketer"] as const satisfies readonly Role[];
export const LEADS = ["admin", "marketer", "manager"] as const satisfies readonly Role[];
export const ADMIN = ["admin"] as const satisfies readonly Role[];
