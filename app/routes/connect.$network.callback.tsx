import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { saveAccount } from "~/domain/accounts.server";
import { connectionErrorQuery } from "~/domain/connection-messages.server";
import { NO_PAGE_MESSAGE, sealPageChoice } from "~/domain/connectors/facebook-pages.server";
import { finishConnect } from "~/domain/connectors/oauth.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORKS } from "~/domain/networks";
import { connectReturnUrl, oauthStateCookie, readOAuthState } from "~/domain/oauth-state.server";
import { notFound } from "~/http/responses.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const network = NETWORKS.find((n) => n === params.network);
  if (!network) throw notFound("Unknown network");
  const url = new URL(request.url);
  const saved = await readOAuthState(request);
  const clear = await oauthStateCookie.serialize("", { maxAge: 0 });
  // Back to where connecting started (the composer, or Connections), with the outcome.
  const back = (query: string) =>
    redirect(connectReturnUrl(saved?.redirectTo, query), { headers: { "Set-Cookie": clear } });
  if (url.searchParams.get("error")) return back(connectionErrorQuery("cancelled", network));
  const code = url.searchParams.get("code");
  if (!code || !saved || saved.provider !== `connect:${network}` || saved.state !== url.searchParams.get("state")) {
    return back(connectionErrorQuery("state", network));
  }
  try {
    const account = await finishConnect({ network, origin: url.origin, code, codeVerifier: saved.codeVerifier });
    if ("kind" in account) {
      // Several Facebook Pages: the person chooses which one Chorus posts to.
      const headers = new Headers([
        ["Set-Cookie", clear],
        ["Set-Cookie", await sealPageChoice(user.id, account.userToken, account.pages)],
      ]);
      const returnTo = saved.redirectTo ? `?returnTo=${encodeURIComponent(saved.redirectTo)}` : "";
      return redirect(`/connect/${network}/page${returnTo}`, { headers });
    }
    await saveAccount(context.db, { userId: user.id, network, ...account });
  } catch (error) {
    return back(
      connectionErrorQuery(
        error instanceof Error && error.message === NO_PAGE_MESSAGE ? "no_page" : "rejected",
        network,
      ),
    );
  }
  return back(`connected=${network}`);
}
