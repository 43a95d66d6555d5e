import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { startConnect } from "~/domain/connectors/oauth.server";
import { requireUser } from "~/domain/guards.server";
import { oauthStateCookie } from "~/domain/oauth-state.server";
import { NETWORKS } from "~/domain/networks";
import { usesMocks } from "~/env.server";

/** Starts connecting a posting account. In mock mode a local consent page stands in for the network's. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const network = NETWORKS.find((n) => n === params.network);
  if (!network) throw new Response("Unknown network", { status: 404 });
  const origin = new URL(request.url).origin;
  const { state, codeVerifier, url } = startConnect(network, origin);
  const cookie = await oauthStateCookie.serialize({ provider: `connect:${network}`, state, codeVerifier });
  const target = usesMocks() ? `/connect/${network}/mock?state=${encodeURIComponent(state)}` : url.toString();
  return redirect(target, { headers: { "Set-Cookie": cookie } });
}
