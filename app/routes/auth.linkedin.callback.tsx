import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { completeLinkedInSignIn, createSessionCookie } from "~/domain/auth.server";
import { safeRedirectPath } from "~/domain/guards.server";
import { identityLinkCookie, oauthStateCookie, readOAuthState } from "~/domain/oauth-state.server";
import type { SignInMessageKey } from "~/domain/sign-in-messages";
import { networkMode } from "~/env.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const saved = await readOAuthState(request);
  const clear = await oauthStateCookie.serialize("", { maxAge: 0 });
  // Only a message key travels in the URL (~/domain/sign-in-messages), never text.
  const fail = (key: SignInMessageKey) => redirect(`/login?error=${key}`, { headers: { "Set-Cookie": clear } });

  if (networkMode("linkedin") === "unconfigured") return fail("unavailable");
  // LinkedIn sends error=user_cancelled_login / user_cancelled_authorize when consent is refused.
  if (url.searchParams.get("error")) return fail("denied");
  const code = url.searchParams.get("code");
  const state = url.searchParams.get("state");
  if (!code || !state || !saved || saved.provider !== "linkedin" || saved.state !== state) return fail("state");

  const result = await completeLinkedInSignIn(context.db, { code, origin: url.origin });
  const back = safeRedirectPath(saved.redirectTo, "/library");
  if (!result.ok && result.reason === "needs_password") {
    // A privileged account: the sign-in page asks for its password once, then links (decision 009).
    const headers = new Headers();
    headers.append("Set-Cookie", clear);
    headers.append("Set-Cookie", await identityLinkCookie.serialize(result.linkToken));
    return redirect(`/login?redirectTo=${encodeURIComponent(back)}`, { headers });
  }
  if (!result.ok) return fail(result.reason);
  const headers = new Headers();
  headers.append("Set-Cookie", clear);
  headers.append("Set-Cookie", await createSessionCookie(context.db, result.userId));
  return redirect(back, { headers });
}
