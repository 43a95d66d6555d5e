import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { completeLinkedInSignIn, createSessionCookie } from "~/domain/auth.server";
import { safeRedirectPath } from "~/domain/guards.server";
import { oauthStateCookie, readOAuthState } from "~/domain/oauth-state.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const saved = await readOAuthState(request);
  const clear = await oauthStateCookie.serialize("", { maxAge: 0 });
  const fail = (query: string) => redirect(`/login?${query}`, { headers: { "Set-Cookie": clear } });

  // LinkedIn sends error=user_cancelled_login / user_cancelled_authorize when consent is refused.
  if (url.searchParams.get("error")) return fail("error=denied");
  const code = url.searchParams.get("code");
  const state = url.searchParams.get("state");
  if (!code || !state || !saved || saved.provider !== "linkedin" || saved.state !== state) return fail("error=state");

  const result = await completeLinkedInSignIn(context.db, { code, origin: url.origin });
  if (!result.ok) return fail(`message=${encodeURIComponent(result.message)}`);
  const headers = new Headers();
  headers.append("Set-Cookie", clear);
  headers.append("Set-Cookie", await createSessionCookie(context.db, result.userId));
  return redirect(safeRedirectPath(saved.redirectTo, "/library"), { headers });
}
