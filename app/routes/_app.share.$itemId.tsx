import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError } from "~/components/field";
import { listAccounts } from "~/domain/accounts.server";
import { getShareableItem, pickMessageFor } from "~/domain/content.server";
import { dispatchDue } from "~/domain/dispatch.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORK_NAMES, NETWORKS, type Network } from "~/domain/networks";
import { hasAcceptedPolicy } from "~/domain/policy.server";
import { suggestedSlots } from "~/domain/scheduling.server";
import { createShare, shareFormSchema } from "~/domain/sharing.server";
import { composePostText, countForNetwork, NETWORK_LIMITS, withDisclosure } from "~/domain/text-length";
import { formError, formOk, idParam, parseForm } from "~/forms";
import { notFound } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Share · Chorus" }];

const NETWORK_LABEL = NETWORK_NAMES;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const item = await getShareableItem(context.db, idParam(params, "itemId"), user);
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
  const result = await createShare(context.db, user, itemId, parsed.data, origin);
  if (!result.ok) {
    if (result.needsPolicy) throw redirect(`/policy?redirectTo=${encodeURIComponent(`/share/${itemId}`)}`);
    return formError<Copied>({ [result.field ?? "form"]: result.message });
  }
  if (parsed.data.mode === "intent" && result.intentUrl) return redirect(result.intentUrl);
  if (parsed.data.mode === "copy") return formOk<Copied>("Copied.", { copied: result.text });
  if (parsed.data.mode === "now") {
    // Post right away through the same exactly-once path the worker uses.
    await dispatchDue(context.db, new Date(), { workerId: `web:${process.pid}`, onlyShareId: result.shareId });
  }
  return redirect(`/queue?highlight=${result.shareId}`);
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
  const copy = useFetcher<typeof action>();
  // The rep's edits per network: a tab shows its own network's message (marketing's, until edited there),
  // so switching tabs never carries one network's text (say, a short X post) over to another.
  const [edits, setEdits] = useState<Partial<Record<Network, string>>>({});
  const text = edits[network] ?? suggestion;
  const [pasteHint, setPasteHint] = useState(false);
  const [date, setDate] = useState(slots[0]?.date ?? "");
  const [time, setTime] = useState(slots[0]?.time ?? "09:00");
  const copied = copy.data?.copied ?? null;
  useEffect(() => {
    if (copied) void navigator.clipboard?.writeText(copied).catch(() => undefined);
  }, [copied]);
  const errors = actionData?.errors ?? {};
  const body = item.locked ? suggestion : text;
  const preview = composePostText(body, { disclosure: item.disclosure, link: linkPreview });
  const count = countForNetwork(composePostText(body, { disclosure: item.disclosure, link: linkSample }), network);
  const limit = NETWORK_LIMITS[network];
  const overLimit = count > limit;
  const busy = navigation.state !== "idle";
  const hidden = (
    <>
      <input type="hidden" name="network" value={network} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="text" value={body} />
    </>
  );
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Share “{item.title}”</h1>
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
      <FormError message={errors.form ?? errors.network ?? errors.idempotencyKey} />
      <div className="composer">
        <section className="card stack" aria-labelledby="message-heading">
          <h2 className="flush" id="message-heading">
            Your message
          </h2>
          {item.locked ? (
            <p className="notice">
              This item&apos;s wording is set by marketing for compliance reasons and cannot be changed.
            </p>
          ) : null}
          <div className={`field${errors.text ? " field-invalid" : ""}`}>
            <label htmlFor="message">Message for {NETWORK_LABEL[network]}</label>
            <textarea
              id="message"
              value={body}
              onChange={(e) => setEdits((previous) => ({ ...previous, [network]: e.target.value }))}
              readOnly={item.locked}
              rows={6}
              aria-describedby="counter"
              aria-invalid={errors.text ? true : undefined}
            />
            <p id="counter" className={`field-hint${count > limit ? " over-limit" : ""}`} aria-live="polite">
              {count} / {limit} characters{network === "x" ? " (links count as 23)" : ""}
              {count > limit ? ` — ${count - limit} over the limit` : ""}
            </p>
            {errors.text ? (
              <p className="field-error" role="alert">
                {errors.text}
              </p>
            ) : null}
          </div>
          {item.disclosure ? <p className="muted">Always added: {item.disclosure}</p> : null}
          <p className="muted">The tracked link is added at the end when you share.</p>
        </section>
        <section className="card stack" aria-labelledby="preview-heading">
          <h2 className="flush" id="preview-heading">
            Preview on {NETWORK_LABEL[network]}
          </h2>
          <div className={`preview preview-${network}`} data-testid="preview">
            <div className="preview-author">{accountName ?? "You"}</div>
            <p className="preview-text">{preview}</p>
            {network !== "x" ? (
              <div className="preview-card">
                {item.imageUrl ? <img src={item.imageUrl} alt="" /> : null}
                <strong>{item.title}</strong>
                <span className="muted">{item.summary}</span>
              </div>
            ) : null}
          </div>
        </section>
      </div>
      <section className="card stack" aria-labelledby="how-heading">
        <h2 className="flush" id="how-heading">
          Post or schedule
        </h2>
        {connected ? (
          <>
            <Form method="post" className="row">
              {hidden}
              <input type="hidden" name="mode" value="now" />
              <button type="submit" disabled={busy || overLimit}>
                Post now to {NETWORK_LABEL[network]}
              </button>
            </Form>
            <Form method="post" className="stack" aria-label="Schedule">
              {hidden}
              <input type="hidden" name="mode" value="schedule" />
              <div className="row" role="group" aria-label="Suggested times">
                <span className="muted">Suggested:</span>
                {slots.map((slot) => (
                  <button
                    key={`${slot.date}T${slot.time}`}
                    type="button"
                    className="button-small button-secondary"
                    aria-pressed={slot.date === date && slot.time === time}
                    onClick={() => {
                      setDate(slot.date);
                      setTime(slot.time);
                    }}
                  >
                    {slot.label}
                  </button>
                ))}
              </div>
              <div className="row row-end">
                <Field
                  label="Date"
                  name="date"
                  type="date"
                  value={date}
                  onChange={(e) => setDate(e.target.value)}
                  error={errors.date}
                />
                <Field
                  label={`Time (${timeZone})`}
                  name="time"
                  type="time"
                  value={time}
                  onChange={(e) => setTime(e.target.value)}
                  error={errors.time}
                />
                <button type="submit" disabled={busy || overLimit}>
                  Schedule
                </button>
              </div>
            </Form>
          </>
        ) : (
          <p className="muted">
            Connect {NETWORK_LABEL[network]} to post or schedule from Chorus: <Link to="/connections">Connections</Link>
            . You can still share by hand:
          </p>
        )}
        <div className="row">
          {/* A document POST into a new tab: the share is recorded, then that tab goes to the network's share page. */}
          <form
            method="post"
            target="_blank"
            className="inline-form"
            onSubmit={() => {
              // Facebook's share page takes only the link: the words and disclosure go to the clipboard.
              if (network !== "facebook") return;
              void navigator.clipboard?.writeText(withDisclosure(body, item.disclosure)).catch(() => undefined);
              setPasteHint(true);
            }}
          >
            {hidden}
            <input type="hidden" name="mode" value="intent" />
            <button type="submit" className="button-secondary" disabled={overLimit}>
              Open {NETWORK_LABEL[network]} to share
            </button>
          </form>
          <copy.Form method="post" className="inline-form">
            {hidden}
            <input type="hidden" name="mode" value="copy" />
            <button
              type="submit"
              className="button-secondary"
              disabled={overLimit}
              aria-describedby={overLimit ? "over-limit" : undefined}
            >
              Copy text and link
            </button>
          </copy.Form>
          {overLimit ? (
            <span id="over-limit" className="field-error" role="status">
              Over {NETWORK_LABEL[network]}&apos;s limit of {limit} characters: shorten the message to share it.
            </span>
          ) : null}
          {pasteHint && network === "facebook" ? (
            <span className="notice" role="status">
              Facebook&apos;s share page takes only the link: your message
              {item.disclosure ? " and disclosure are" : " is"} copied, paste it into the post.
            </span>
          ) : null}
          {copied ? (
            <span className="notice" role="status">
              Copied. Paste it into {NETWORK_LABEL[network]}: <code>{copied}</code>
            </span>
          ) : null}
        </div>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
