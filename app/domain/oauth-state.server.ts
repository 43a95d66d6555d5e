import { createCookie } from "@remix-run/node";
import { z } from "zod";
import { getEnv } from "../env.server";
import { safeRedirect } from "./safe-redirect";

/** A ten-minute, HTTP-only cookie for one step of a sign-in or connect flow (secure behind https). */
export function flowCookie(name: string, path = "/") {
  return createCookie(name, {
    httpOnly: true,
    sameSite: "lax",
    path,
    maxAge: 600,
    get secure() {
      return (getEnv().APP_URL ?? "").startsWith("https://");
    },
  });
}

/** Binds an OAuth redirect to the browser that started it (state + PKCE + return path). */
export const oauthStateCookie = flowCookie("chorus_oauth");

const oauthStateSchema = z.object({
  provider: z.string(),
  state: z.string(),
  codeVerifier: z.string().optional(),
  redirectTo: z.string().optional(),
});
export type OAuthState = z.infer<typeof oauthStateSchema>;

export async function readOAuthState(request: Request): Promise<OAuthState | null> {
  const parsed = oauthStateSchema.safeParse(await oauthStateCookie.parse(request.headers.get("Cookie")));
  return parsed.success ? parsed.data : null;
}

/**
 * Names a pending LinkedIn link (identity_link_requests) while the sign-in page asks for the
 * account's password. It holds a random token only; what it links is kept on the server.
 */
export const identityLinkCookie = flowCookie("chorus_link");

export async function readIdentityLinkToken(request: Request): Promise<string | null> {
  const value: unknown = await identityLinkCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Where a connect flow ends: Connections, or the page that started it (`returnTo`, checked by the one safe-redirect
 * check; the composer passes its own URL), with the outcome's keys (`connected=x` or `error=…&network=x`) set on it.
 */
export function connectReturnUrl(returnTo: string | null | undefined, outcome: string): string {
  const url = new URL(safeRedirect(returnTo, "/connections"), "http://chorus.invalid");
  for (const key of ["connected", "error"]) url.searchParams.delete(key);
  for (const [key, value] of new URLSearchParams(outcome)) url.searchParams.set(key, value);
  return safeRedirect(url.pathname + url.search, "/connections");
}
