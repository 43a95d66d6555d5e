import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { generateState } from "arctic";
import { LINKEDIN_SCOPES, linkedInClient } from "~/domain/auth.server";
import { safeRedirectPath } from "~/domain/guards.server";
import { oauthStateCookie } from "~/domain/oauth-state.server";
import { networkMode } from "~/env.server";

/** Starts Sign in with LinkedIn (OIDC). In mock mode, a local consent page stands in for LinkedIn's. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const mode = networkMode("linkedin");
  // MOCK_ placeholders with mock mode off: LinkedIn would only answer "invalid client id".
  if (mode === "unconfigured") return redirect("/login?error=unavailable");
  const state = generateState();
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"), "/library");
  const cookie = await oauthStateCookie.serialize({ provider: "linkedin", state, redirectTo });
  const target =
    mode === "mock"
      ? `/auth/linkedin/mock?state=${encodeURIComponent(state)}`
      : linkedInClient(url.origin).createAuthorizationURL(state, LINKEDIN_SCOPES).toString();
  return redirect(target, { headers: { "Set-Cookie": cookie } });
}
