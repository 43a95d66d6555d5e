import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { firstError, FormError } from "~/components/field";
import { disconnectAccount, listAccounts, type AccountHealth } from "~/domain/accounts.server";
import { connectionMessage } from "~/domain/connection-messages.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORK_NAMES, NETWORKS } from "~/domain/networks";
import { formError, formOk, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Connections · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const accounts = await listAccounts(context.db, user.id);
  const params = new URL(request.url).searchParams;
  return {
    error: connectionMessage(params.get("error"), params.get("network")),
    networks: NETWORKS.map((network) => ({
      network,
      name: NETWORK_NAMES[network],
      account: accounts.find((a) => a.network === network) ?? null,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const parsed = parseForm(z.object({ accountId: z.string().uuid() }), await request.formData());
  if (!parsed.ok) return formError("Unknown account.");
  const removed = await disconnectAccount(context.db, user.id, parsed.data.accountId);
  return removed ? formOk("Disconnected.") : formError("That account was already disconnected.");
}

const HEALTH = {
  active: { label: "Active", className: "badge-ok" },
  expiring: { label: "Expiring soon", className: "" },
  needs_reconnect: { label: "Needs reconnection", className: "badge-danger" },
} satisfies Record<AccountHealth["health"], { label: string; className: string }>;

export default function Connections() {
  const { networks, error } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const connected = params.get("connected");
  return (
    <div className="stack">
      <h1>Connections</h1>
      <p className="muted">
        Connect your accounts to post and schedule from Chorus. Without a connection you can still share through each
        network&apos;s own page.
      </p>
      {connected ? (
        <p className="notice" role="status">
          {NETWORK_NAMES[connected as keyof typeof NETWORK_NAMES] ?? "Account"} connected.
        </p>
      ) : null}
      <FormError message={error} />
      {actionData ? <p role="status">{actionData.ok ? actionData.status : firstError(actionData.errors)}</p> : null}
      <ul className="grid list-unstyled" aria-label="Networks">
        {networks.map(({ network, name, account }) => (
          <li key={network} className="card stack" aria-label={name}>
            <div className="row row-between">
              <h2 className="flush">{name}</h2>
              {account ? (
                <span className={`badge ${HEALTH[account.health].className}`}>{HEALTH[account.health].label}</span>
              ) : (
                <span className="badge badge-muted">Not connected</span>
              )}
            </div>
            {account ? (
              <p className="muted">
                {account.displayName ?? "Connected"}
                {account.health === "needs_reconnect"
                  ? " · reconnect to keep posting"
                  : account.renewable
                    ? " · renews automatically"
                    : account.daysLeft !== null
                      ? account.daysLeft < 1
                        ? " · expires within a day"
                        : ` · expires in ${account.daysLeft} day${account.daysLeft === 1 ? "" : "s"}`
                      : ""}
              </p>
            ) : (
              <p className="muted">
                {network === "facebook"
                  ? "Posts to a Facebook Page you manage (Facebook does not allow apps to post to personal profiles)."
                  : `Post to your ${name} profile.`}
              </p>
            )}
            <div className="row">
              <a className="button button-small" href={`/connect/${network}`}>
                {account ? (account.health === "needs_reconnect" ? "Reconnect now" : "Reconnect") : `Connect ${name}`}
              </a>
              {account ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="accountId" value={account.id} />
                  <button type="submit" className="button-small button-danger">
                    Disconnect
                  </button>
                </Form>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
