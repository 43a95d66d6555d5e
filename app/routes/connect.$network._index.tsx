import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { connectionErrorQuery } from "~/domain/connection-messages.server";
import { startConnect } from "~/domain/connectors/oauth.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORKS } from "~/domain/networks";
import { oauthStateCookie } from "~/domain/oauth-state.server";
import { networkMode } from "~/env.server";
import { notFound } from "~/http/responses.server";

/** Starts connecting a posting account. In mock mode a local consent page stands in for the network's. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const network = NETWORKS.find((n) => n === params.network);
  if (!network) throw notFound("Unknown network");
  const mode = networkMode(network);
  if (mode === "unconfigured") {
    // MOCK_ placeholders with mock mode off: the network would only answer "invalid client id".
    return redirect(`/connections?${connectionErrorQuery("unconfigured", network)}`);
  }
  const origin = new URL(request.url).origin;
  const { state, codeVerifier, url } = startConnect(network, origin);
  const cookie = await oauthStateCookie.serialize({ provider: `connect:${network}`, state, codeVerifier });
  const target = mode === "mock" ? `/connect/${network}/mock?state=${encodeURIComponent(state)}` : url.toString();
  return redirect(target, { headers: { "Set-Cookie": cookie } });
}
