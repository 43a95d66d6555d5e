import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { connectionErrorQuery } from "~/domain/connection-messages.server";
import { startConnect } from "~/domain/connectors/oauth.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORKS } from "~/domain/networks";
import { connectReturnUrl, oauthStateCookie } from "~/domain/oauth-state.server";
import { safeRedirect } from "~/domain/safe-redirect";
import { networkMode } from "~/env.server";
import { notFound } from "~/http/responses.server";

/**
 * Starts connecting a posting account. In mock mode a local consent page stands in for the network's. `returnTo`
 * (the composer's own URL) is where the callback goes back to, through the safe-redirect check.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const network = NETWORKS.find((n) => n === params.network);
  if (!network) throw notFound("Unknown network");
  const url = new URL(request.url);
  const returnTo = url.searchParams.get("returnTo");
  const mode = networkMode(network);
  if (mode === "unconfigured") {
    // MOCK_ placeholders with mock mode off: the network would only answer "invalid client id".
    return redirect(connectReturnUrl(returnTo, connectionErrorQuery("unconfigured", network)));
  }
  const { state, codeVerifier, url: consent } = startConnect(network, url.origin);
  const cookie = await oauthStateCookie.serialize({
    provider: `connect:${network}`,
    state,
    codeVerifier,
    ...(returnTo ? { redirectTo: safeRedirect(returnTo, "/connections") } : {}),
  });
  const target = mode === "mock" ? `/connect/${network}/mock?state=${encodeURIComponent(state)}` : consent.toString();
  return redirect(target, { headers: { "Set-Cookie": cookie } });
}
