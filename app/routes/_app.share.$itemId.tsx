import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/field";
import { MessageEditor } from "~/components/share/message-editor";
import { NativeShare } from "~/components/share/native-share";
import { PostPreview } from "~/components/share/post-preview";
import { ShareActions, type Scheduled } from "~/components/share/share-actions";
import { saveDraft, takeDraft } from "~/components/share/share-draft";
import { ShareFields } from "~/components/share/share-fields";
import { listAccounts } from "~/domain/accounts.server";
import { connectionMessage } from "~/domain/connection-messages.server";
import { getShareableItem, pickMessageFor } from "~/domain/content.server";
import { dispatchDue } from "~/domain/dispatch.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORK_NAMES, NETWORKS, type Network } from "~/domain/networks";
import { acceptPolicy, getPolicy, hasAcceptedPolicy } from "~/domain/policy.server";
import { quickSlots, scheduledWords } from "~/domain/scheduling.server";
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
  const network = (NETWORKS as readonly string[]).includes(url.searchParams.get("network") ?? "")
    ? (url.searchParams.get("network") as Network)
    : "linkedin";
  const [suggestion, accounts, policyAccepted] = await Promise.all([
    pickMessageFor(context.db, { itemId: item.id, network, userId: user.id }),
    listAccounts(context.db, user.id),
    hasAcceptedPolicy(context.db, user.id),
  ]);
  // The policy is accepted in place (PolicyInline) before a first share, not on a detour through /policy.
  const policyBody = policyAccepted ? "" : (await getPolicy(context.db)).bodyMd || "Share responsibly.";
  const account = accounts.find((a) => a.network === network) ?? null;
  const connected = url.searchParams.get("connected");
  return {
    item,
    network,
    suggestion: suggestion.body,
    connected: account?.health === "active" || account?.health === "expiring",
    accountName: account?.displayName ?? null,
    policy: { accepted: policyAccepted, body: policyBody },
    // Back from connecting (connect.$network.callback): what happened, from known keys only.
    justConnected: connected && Object.hasOwn(NETWORK_NAMES, connected) ? NETWORK_NAMES[connected as Network] : null,
    connectError: connectionMessage(url.searchParams.get("error"), url.searchParams.get("network")) ?? null,
    timeZone: user.timeZone,
    slots: quickSlots(new Date(), user.timeZone),
    idempotencyKey: crypto.randomUUID(),
    linkPreview: `${url.origin}/l/··········`,
    // Counted instead of the dots: a link of the real shape, so X's counter sees a URL (23) as it will.
    linkSample: `${url.origin}/l/0000000000`,
  };
}

/** The post text a "copy" answer carries, for the clipboard; what a schedule answer confirms. */
type Reply = { copied?: string; scheduled?: Scheduled };

const acceptSchema = z.object({ intent: z.literal("accept-policy") });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const itemId = idParam(params, "itemId");
  const formData = await request.formData();
  if (formData.get("intent") !== null) {
    if (!parseForm(acceptSchema, formData).ok) return formError<Reply>("Reload the page and try again.");
    await acceptPolicy(context.db, user.id);
    return formOk<Reply>("Policy accepted.");
  }
  const parsed = parseForm(shareFormSchema, formData);
  if (!parsed.ok) return formError<Reply>(parsed.errors);
  const origin = new URL(request.url).origin;
  const now = new Date();
  const result = await createShare(context.db, { user, itemId, form: parsed.data, origin, now });
  if (!result.ok) return formError<Reply>({ [result.field ?? "form"]: result.message });
  if (result.mode === "intent") return redirect(result.intentUrl);
  if (result.mode === "copy") return formOk<Reply>("Copied.", { copied: result.text });
  if (result.mode === "schedule" && parsed.data.date && parsed.data.time) {
    const words = scheduledWords(parsed.data.date, parsed.data.time, now, user.timeZone);
    const scheduled = { network: parsed.data.network, words, timeZone: user.timeZone, shareId: result.shareId };
    return formOk<Reply>(`Scheduled for ${words}.`, { scheduled });
  }
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

/** The rep's edits per network and the chosen time, kept across a connect round trip (share-draft.ts). */
function useDraft(itemId: string, firstSlot: { date: string; time: string } | undefined) {
  // A tab shows its own network's message (marketing's, until edited there), so switching tabs never carries
  // one network's text (say, a short X post) over to another.
  const [edits, setEdits] = useState<Partial<Record<Network, string>>>({});
  const [when, setWhen] = useState({ date: firstSlot?.date ?? "", time: firstSlot?.time ?? "09:00" });
  useEffect(() => {
    const draft = takeDraft(itemId);
    if (!draft) return;
    setEdits(draft.edits);
    if (draft.when.date) setWhen(draft.when);
  }, [itemId]);
  return { edits, setEdits, when, setWhen, keep: () => saveDraft(itemId, { edits, when }) };
}

/** What came back from connecting a network: "LinkedIn connected." or why not. */
function ConnectOutcome({ connected, error }: { connected: string | null; error: string | null }) {
  if (error) return <FormError message={error} />;
  if (!connected) return null;
  return (
    <p className="notice" role="status">
      {connected} connected.
    </p>
  );
}

export default function Composer() {
  const data = useLoaderData<typeof loader>();
  const { item, network, suggestion, timeZone, slots, linkPreview, linkSample } = data;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const location = useLocation();
  const draft = useDraft(item.id, slots[0]);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const text = draft.edits[network] ?? suggestion;
  const errors = actionData?.errors ?? {};
  const body = item.locked ? suggestion : text;
  const preview = composePostText(body, { disclosure: item.disclosure, link: linkPreview });
  const count = countForNetwork(composePostText(body, { disclosure: item.disclosure, link: linkSample }), network);
  const limit = NETWORK_LIMITS[network];
  const scheduled = actionData?.scheduled;
  const shown = scheduled && scheduled.network === network && scheduled.shareId !== dismissed ? scheduled : null;
  const fields = <ShareFields network={network} idempotencyKey={data.idempotencyKey} text={body} />;
  return (
    <div className="stack">
      <ComposerHead title={item.title} timeZone={timeZone} network={network} />
      <ConnectOutcome connected={data.justConnected} error={data.connectError} />
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
          onChange={(value) => draft.setEdits((previous) => ({ ...previous, [network]: value }))}
        />
        <PostPreview network={network} author={data.accountName ?? "You"} text={preview} card={item} />
      </div>
      <ShareActions
        network={network}
        fields={fields}
        policy={data.policy}
        connected={data.connected}
        returnTo={`${location.pathname}?network=${network}`}
        onLeave={draft.keep}
        scheduled={shown}
        onAgain={() => setDismissed(shown?.shareId ?? null)}
        schedule={{
          slots,
          timeZone,
          errors,
          busy: navigation.state !== "idle",
          when: draft.when,
          onWhenChange: draft.setWhen,
        }}
        byHand={{ body, disclosure: item.disclosure, limit, overLimit: count > limit }}
        nativeShare={
          <NativeShare
            itemId={item.id}
            title={item.title}
            network={network}
            body={body}
            disabled={navigation.state !== "idle" || count > limit || !data.policy.accepted}
          />
        }
      />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
