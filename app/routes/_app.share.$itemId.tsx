import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/field";
import { MessageEditor } from "~/components/share/message-editor";
import { PostPreview } from "~/components/share/post-preview";
import { PostNowAndSchedule } from "~/components/share/schedule-forms";
import { ShareByHand } from "~/components/share/share-by-hand";
import { ShareFields } from "~/components/share/share-fields";
import { listAccounts } from "~/domain/accounts.server";
import { getShareableItem, pickMessageFor } from "~/domain/content.server";
import { dispatchDue } from "~/domain/dispatch.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORK_NAMES, NETWORKS, type Network } from "~/domain/networks";
import { hasAcceptedPolicy } from "~/domain/policy.server";
import { suggestedSlots } from "~/domain/scheduling.server";
import { createShare, shareFormSchema } from "~/domain/sharing.server";
import { composePostText, countForNetwork, NETWORK_LIMITS } from "~/domain/text-length";
import { formError, formOk, idParam, parseForm } from "~/forms";
import { notFound } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Share · Chorus" }];

const NETWORK_LABEL = NETWORK_NAMES;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const item = await getShareableItem(context.db, { itemId: idParam(params, "itemId"), user });
  if (!item) throw notFound("This item is not available to share.");
  if (!(await hasAcceptedPolicy(context.db, user.id)))
    throw redirect(`/policy?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  const network = (NETWORKS as readonly string[]).includes(url.searchParams.get("network") ?? "")
    ? (url.searchParams.get("network") as Network)
    : "linkedin";
  const [suggestion, accounts] = await Promise.all([
    pickMessageFor(context.db, { itemId: item.id, network, userId: user.id }),
    listAccounts(context.db, user.id),
  ]);
  const account = accounts.find((a) => a.network === network) ?? null;
  return {
    item,
    network,
    suggestion: suggestion.body,
    connected: account?.health === "active" || account?.health === "expiring",
    accountName: account?.displayName ?? null,
    timeZone: user.timeZone,
    slots: suggestedSlots(new Date(), user.timeZone),
    idempotencyKey: crypto.randomUUID(),
    linkPreview: `${url.origin}/l/··········`,
    // Counted instead of the dots: a link of the real shape, so X's counter sees a URL (23) as it will.
    linkSample: `${url.origin}/l/0000000000`,
  };
}

/** The post text a "copy" answer carries, for the clipboard. */
type Copied = { copied?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const itemId = idParam(params, "itemId");
  const parsed = parseForm(shareFormSchema, await request.formData());
  if (!parsed.ok) return formError<Copied>(parsed.errors);
  const origin = new URL(request.url).origin;
  const result = await createShare(context.db, { user, itemId, form: parsed.data, origin });
  if (!result.ok) {
    if (result.needsPolicy) throw redirect(`/policy?redirectTo=${encodeURIComponent(`/share/${itemId}`)}`);
    return formError<Copied>({ [result.field ?? "form"]: result.message });
  }
  if (result.mode === "intent") return redirect(result.intentUrl);
  if (result.mode === "copy") return formOk<Copied>("Copied.", { copied: result.text });
  if (result.mode === "now") {
    // Post right away through the same exactly-once path the worker uses.
    await dispatchDue(context.db, new Date(), { workerId: `web:${process.pid}`, onlyShareId: result.shareId });
  }
  return redirect(`/queue?highlight=${result.shareId}`);
}

/** The page title, the rep's time zone and one tab per network. */
function ComposerHead({ title, timeZone, network }: { title: string; timeZone: string; network: Network }) {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Share “{title}”</h1>
          <p className="muted">
            Times are in your time zone: <strong>{timeZone}</strong> (<Link to="/me">change</Link>)
          </p>
        </div>
        <Link to="/queue" className="button button-secondary">
          My queue
        </Link>
      </div>
      <nav className="tabs" aria-label="Network">
        {NETWORKS.map((n) => (
          <Link
            key={n}
            to={`?network=${n}`}
            className={n === network ? "active" : undefined}
            aria-current={n === network ? "page" : undefined}
          >
            {NETWORK_LABEL[n]}
          </Link>
        ))}
      </nav>
    </>
  );
}

export default function Composer() {
  const {
    item,
    network,
    suggestion,
    connected,
    accountName,
    timeZone,
    slots,
    idempotencyKey,
    linkPreview,
    linkSample,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  // The rep's edits per network: a tab shows its own network's message (marketing's, until edited there),
  // so switching tabs never carries one network's text (say, a short X post) over to another.
  const [edits, setEdits] = useState<Partial<Record<Network, string>>>({});
  const text = edits[network] ?? suggestion;
  const [when, setWhen] = useState({ date: slots[0]?.date ?? "", time: slots[0]?.time ?? "09:00" });
  const errors = actionData?.errors ?? {};
  const body = item.locked ? suggestion : text;
  const preview = composePostText(body, { disclosure: item.disclosure, link: linkPreview });
  const count = countForNetwork(composePostText(body, { disclosure: item.disclosure, link: linkSample }), network);
  const limit = NETWORK_LIMITS[network];
  const overLimit = count > limit;
  const busy = navigation.state !== "idle";
  const fields = <ShareFields network={network} idempotencyKey={idempotencyKey} text={body} />;
  return (
    <div className="stack">
      <ComposerHead title={item.title} timeZone={timeZone} network={network} />
      <FormError message={errors.form ?? errors.network ?? errors.idempotencyKey} />
      <div className="composer">
        <MessageEditor
          network={network}
          body={body}
          locked={item.locked}
          disclosure={item.disclosure}
          count={count}
          limit={limit}
          error={errors.text}
          onChange={(value) => setEdits((previous) => ({ ...previous, [network]: value }))}
        />
        <PostPreview network={network} author={accountName ?? "You"} text={preview} card={item} />
      </div>
      <section className="card stack" aria-labelledby="how-heading">
        <h2 className="flush" id="how-heading">
          Post or schedule
        </h2>
        {connected ? (
          <PostNowAndSchedule
            network={network}
            fields={fields}
            slots={slots}
            timeZone={timeZone}
            errors={errors}
            disabled={busy || overLimit}
            when={when}
            onWhenChange={setWhen}
          />
        ) : (
          <p className="muted">
            Connect {NETWORK_LABEL[network]} to post or schedule from Chorus: <Link to="/connections">Connections</Link>
            . You can still share by hand:
          </p>
        )}
        <ShareByHand
          network={network}
          fields={fields}
          body={body}
          disclosure={item.disclosure}
          limit={limit}
          overLimit={overLimit}
        />
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
