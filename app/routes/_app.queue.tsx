import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { firstError } from "~/components/field";
import {
  delayedSharesOf,
  dispatchDue,
  rescheduleRefusal,
  retryShare,
  retryShareSchema,
} from "~/domain/dispatch.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORK_NAMES } from "~/domain/networks";
import { utcToLocal } from "~/domain/scheduling.server";
import { changeQueuedShare, listQueue, queueActionSchema } from "~/domain/sharing.server";
import { formError, formResult, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "My queue · Chorus" }];

const STATUS_LABEL: Record<string, string> = {
  scheduled: "Scheduled",
  publishing: "Posting…",
  published: "Published",
  failed: "Failed",
  cancelled: "Cancelled",
  needs_review: "Needs review",
  // Share page or copy: we cannot see whether it was posted (decision 014).
  opened: "Opened · unverified",
};
const STATUS_CLASS: Record<string, string> = {
  published: "badge-ok",
  failed: "badge-danger",
  needs_review: "badge-danger",
  cancelled: "badge-muted",
};
const NETWORK_LABEL: Record<string, string> = NETWORK_NAMES;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const queue = await listQueue(context.db, user.id);
  const local = (d: Date | null) => (d ? utcToLocal(d, user.timeZone) : null);
  const items = queue.map((s) => ({
    ...s,
    scheduledLocal: local(s.scheduledAt),
    publishedLocal: local(s.publishedAt),
    events: s.events.map((e) => ({ ...e, local: utcToLocal(e.at, user.timeZone).label })),
  }));
  // The week calendar: the next seven days in the rep's zone.
  const today = utcToLocal(new Date(), user.timeZone).date;
  const days = Array.from({ length: 7 }, (_, i) => {
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return d.toISOString().slice(0, 10);
  });
  // Due posts still waiting after two minutes: no worker is sending (decision 013).
  const delayed = await delayedSharesOf(context.db, user.id);
  return { items, days, timeZone: user.timeZone, delayed };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const formData = await request.formData();
  if (formData.get("intent") === "retry") {
    const retry = parseForm(retryShareSchema, formData);
    if (!retry.ok) return formError(retry.errors);
    const result = await retryShare(context.db, user, retry.data);
    // Sent right away through the same at-most-once path as "Post now" (which never sweeps others' claims).
    if (result.ok)
      await dispatchDue(context.db, new Date(), { workerId: `web:${process.pid}`, onlyShareId: retry.data.shareId });
    return formResult(result);
  }
  const parsed = parseForm(queueActionSchema, formData);
  if (!parsed.ok) return formError(parsed.errors);
  const refusal =
    parsed.data.intent === "reschedule" ? await rescheduleRefusal(context.db, user.id, parsed.data.shareId) : null;
  if (refusal) return formError(refusal);
  const result = await changeQueuedShare(context.db, user, parsed.data);
  return formResult(result);
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function QueueItem({ share, highlighted }: { share: Item; highlighted: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const [mode, setMode] = useState<"none" | "edit" | "reschedule">("none");
  const changeable = ["scheduled", "failed", "needs_review"].includes(share.status);
  const body = share.text.split("\n").slice(0, -1).join("\n");
  return (
    <li
      id={`share-${share.id}`}
      className={`card stack queue-item${highlighted ? " highlighted" : ""}`}
      aria-label={`${share.itemTitle} on ${NETWORK_LABEL[share.network]}`}
    >
      <div className="row row-between">
        <div>
          <strong>{share.itemTitle}</strong>
          <div className="muted">
            {NETWORK_LABEL[share.network]} ·{" "}
            {share.method === "api"
              ? "posted by Chorus"
              : share.method === "intent"
                ? "shared on the network's page"
                : "copied"}
            {share.scheduledLocal ? ` · scheduled ${share.scheduledLocal.label}` : ""}
            {share.publishedLocal
              ? ` · ${share.status === "opened" ? "opened" : "published"} ${share.publishedLocal.label}`
              : ""}
          </div>
        </div>
        <span className={`badge ${STATUS_CLASS[share.status] ?? ""}`} data-testid="share-status">
          {STATUS_LABEL[share.status] ?? share.status}
        </span>
      </div>
      <p className="queue-text">{share.text}</p>
      {share.lastError && share.status !== "published" ? (
        <p className="field-error" role="note">
          {share.lastError}
        </p>
      ) : null}
      {share.externalUrl ? (
        <a href={share.externalUrl} target="_blank" rel="noreferrer">
          View the post on {NETWORK_LABEL[share.network]}
        </a>
      ) : null}
      <details>
        <summary>Timeline</summary>
        <ol className="timeline">
          {share.events.map((e, i) => (
            <li key={i}>
              <span className="muted">{e.local}</span> — {e.kind}
              {e.detail ? `: ${e.detail}` : ""}
            </li>
          ))}
        </ol>
      </details>
      {changeable ? (
        <div className="stack">
          <div className="row">
            <button
              type="button"
              className="button-small button-secondary"
              onClick={() => setMode(mode === "edit" ? "none" : "edit")}
              disabled={share.locked}
            >
              Edit text
            </button>
            {share.status !== "needs_review" ? (
              <button
                type="button"
                className="button-small button-secondary"
                onClick={() => setMode(mode === "reschedule" ? "none" : "reschedule")}
              >
                Reschedule
              </button>
            ) : null}
            {share.status === "failed" ? (
              <fetcher.Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="retry" />
                <input type="hidden" name="shareId" value={share.id} />
                <button type="submit" className="button-small">
                  Send again
                </button>
              </fetcher.Form>
            ) : null}
            <fetcher.Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="shareId" value={share.id} />
              <button type="submit" className="button-small button-danger">
                Cancel post
              </button>
            </fetcher.Form>
          </div>
          {share.status === "needs_review" ? (
            <fetcher.Form method="post" className="stack">
              <input type="hidden" name="intent" value="retry" />
              <input type="hidden" name="shareId" value={share.id} />
              <label className="row row-top">
                <input type="checkbox" name="confirmDuplicate" value="yes" required />
                <span>
                  I looked on my {NETWORK_LABEL[share.network]} profile and this post is not there. Send it again (if{" "}
                  {NETWORK_LABEL[share.network]} did receive it, it will appear twice). If it is there, cancel it
                  instead.
                </span>
              </label>
              <button type="submit" className="button-small">
                Send again
              </button>
            </fetcher.Form>
          ) : null}
          {mode === "edit" ? (
            <fetcher.Form method="post" className="stack">
              <input type="hidden" name="intent" value="edit" />
              <input type="hidden" name="shareId" value={share.id} />
              <label htmlFor={`edit-${share.id}`}>New text</label>
              <textarea id={`edit-${share.id}`} name="text" defaultValue={body} />
              <button type="submit" className="button-small">
                Save text
              </button>
            </fetcher.Form>
          ) : null}
          {mode === "reschedule" ? (
            <fetcher.Form method="post" className="row row-end">
              <input type="hidden" name="intent" value="reschedule" />
              <input type="hidden" name="shareId" value={share.id} />
              <div className="field">
                <label htmlFor={`date-${share.id}`}>New date</label>
                <input id={`date-${share.id}`} type="date" name="date" defaultValue={share.scheduledLocal?.date} />
              </div>
              <div className="field">
                <label htmlFor={`time-${share.id}`}>New time</label>
                <input
                  id={`time-${share.id}`}
                  type="time"
                  name="time"
                  defaultValue={share.scheduledLocal?.time ?? "09:00"}
                />
              </div>
              <button type="submit" className="button-small">
                Save time
              </button>
            </fetcher.Form>
          ) : null}
          {fetcher.data ? (
            <p className={fetcher.data.ok ? "field-hint" : "field-error"} role={fetcher.data.ok ? "status" : "alert"}>
              {fetcher.data.ok ? fetcher.data.status : firstError(fetcher.data.errors)}
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

export default function Queue() {
  const { items, days, timeZone, delayed } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const highlight = params.get("highlight");
  const upcoming = items.flatMap((s) =>
    s.status === "scheduled" && s.scheduledLocal ? [{ ...s, scheduledLocal: s.scheduledLocal }] : [],
  );
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>My queue</h1>
          <p className="muted">Times in {timeZone}.</p>
        </div>
        <Link to="/library" className="button">
          Find something to share
        </Link>
      </div>
      {delayed ? (
        <p className="card field-error" role="status">
          Sending is delayed: {delayed === 1 ? "1 post that was due is" : `${delayed} posts that were due are`} still
          waiting to go out. They will be sent as soon as the sender is running again; nothing is lost. Your admin can
          see this under Job health.
        </p>
      ) : null}
      <section aria-labelledby="week-heading">
        <h2 id="week-heading">This week</h2>
        <div className="week" role="grid" aria-label="Week calendar">
          {days.map((day) => (
            <div key={day} className="week-day" role="gridcell" aria-label={day}>
              <div className="week-day-head">
                {new Date(`${day}T12:00:00Z`).toLocaleDateString("en-GB", {
                  weekday: "short",
                  day: "numeric",
                  month: "short",
                  timeZone: "UTC",
                })}
              </div>
              {upcoming
                .filter((s) => s.scheduledLocal.date === day)
                .map((s) => (
                  <div key={s.id} className="week-entry">
                    {s.scheduledLocal.time} {NETWORK_LABEL[s.network]}: {s.itemTitle}
                  </div>
                ))}
            </div>
          ))}
        </div>
      </section>
      <section aria-labelledby="all-heading">
        <h2 id="all-heading">All shares</h2>
        {items.length === 0 ? (
          <p className="card">Nothing here yet. Pick something from the library and share or schedule it.</p>
        ) : (
          <ul className="stack list-unstyled" aria-label="Shares">
            {items.map((s) => (
              <QueueItem key={s.id} share={s} highlighted={s.id === highlight} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
