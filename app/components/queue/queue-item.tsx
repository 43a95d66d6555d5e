import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { firstError } from "~/components/field";
import { useHydrated } from "~/components/use-hydrated";
import { NETWORK_NAMES } from "~/domain/networks";
import type { action, QueueData } from "~/routes/_app.queue";
import { UndoCancel } from "./undo-cancel";

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

type Item = QueueData["upcoming"][number];
type ShareFetcher = ReturnType<typeof useFetcher<typeof action>>;

/** One share, under a heading no other entry has: the item, the network and the local time. */
export function QueueItem({ share, highlighted }: { share: Item; highlighted: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const changeable = ["scheduled", "failed", "needs_review"].includes(share.status);
  return (
    <li
      id={`share-${share.id}`}
      className={`card stack queue-item${highlighted ? " highlighted" : ""}`}
      aria-labelledby={`share-name-${share.id}`}
    >
      <ShareSummary share={share} />
      {changeable ? <ShareChanges share={share} fetcher={fetcher} /> : null}
      {share.status === "cancelled" && share.undoable ? <UndoCancel share={share} /> : null}
    </li>
  );
}

/** What was shared, where and when, its state, the last error, the live post and its timeline. */
function ShareSummary({ share }: { share: Item }) {
  return (
    <>
      <div className="row row-between">
        <div>
          <h3 className="queue-item-name" id={`share-name-${share.id}`}>
            {share.name}
          </h3>
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
    </>
  );
}

/** While a share can still change: edit its text, reschedule, send again, cancel; and the answer to the last. */
function ShareChanges({ share, fetcher }: { share: Item; fetcher: ShareFetcher }) {
  const [mode, setMode] = useState<"none" | "edit" | "reschedule">("none");
  const hydrated = useHydrated(); // the two toggles below are the page's script
  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="button-small button-secondary"
          onClick={() => setMode(mode === "edit" ? "none" : "edit")}
          disabled={share.locked || !hydrated}
          aria-describedby={share.locked ? `locked-${share.id}` : undefined}
        >
          Edit text
        </button>
        {share.locked ? (
          <span id={`locked-${share.id}`} className="muted">
            Marketing locked this post&apos;s text.
          </span>
        ) : null}
        {share.status !== "needs_review" ? (
          <button
            type="button"
            className="button-small button-secondary"
            onClick={() => setMode(mode === "reschedule" ? "none" : "reschedule")}
            disabled={!hydrated}
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
          <button type="submit" className="button-small button-danger" aria-describedby={`share-name-${share.id}`}>
            Cancel post
          </button>
        </fetcher.Form>
      </div>
      {share.status === "needs_review" ? <ConfirmResend share={share} fetcher={fetcher} /> : null}
      {mode === "edit" ? <EditTextForm share={share} fetcher={fetcher} /> : null}
      {mode === "reschedule" ? <RescheduleForm share={share} fetcher={fetcher} /> : null}
      {fetcher.data ? (
        <p className={fetcher.data.ok ? "field-hint" : "field-error"} role={fetcher.data.ok ? "status" : "alert"}>
          {fetcher.data.ok ? fetcher.data.status : firstError(fetcher.data.errors)}
        </p>
      ) : null}
    </div>
  );
}

/** A post that may have gone out: sent again only once the rep confirms it is not on their profile. */
function ConfirmResend({ share, fetcher }: { share: Item; fetcher: ShareFetcher }) {
  return (
    <fetcher.Form method="post" className="stack">
      <input type="hidden" name="intent" value="retry" />
      <input type="hidden" name="shareId" value={share.id} />
      <label className="row row-top">
        <input type="checkbox" name="confirmDuplicate" value="yes" required />
        <span>
          I looked on my {NETWORK_LABEL[share.network]} profile and this post is not there. Send it again (if{" "}
          {NETWORK_LABEL[share.network]} did receive it, it will appear twice). If it is there, cancel it instead.
        </span>
      </label>
      <button type="submit" className="button-small">
        Send again
      </button>
    </fetcher.Form>
  );
}

/** A new text for the post (the tracked link line stays as it is). */
function EditTextForm({ share, fetcher }: { share: Item; fetcher: ShareFetcher }) {
  const body = share.text.split("\n").slice(0, -1).join("\n");
  return (
    <fetcher.Form method="post" className="stack">
      <input type="hidden" name="intent" value="edit" />
      <input type="hidden" name="shareId" value={share.id} />
      <label htmlFor={`edit-${share.id}`}>New text</label>
      <textarea id={`edit-${share.id}`} name="text" defaultValue={body} />
      <button type="submit" className="button-small">
        Save text
      </button>
    </fetcher.Form>
  );
}

/** A new date and time for a scheduled post, in the rep's time zone. */
function RescheduleForm({ share, fetcher }: { share: Item; fetcher: ShareFetcher }) {
  return (
    <fetcher.Form method="post" className="row row-end">
      <input type="hidden" name="intent" value="reschedule" />
      <input type="hidden" name="shareId" value={share.id} />
      <div className="field">
        <label htmlFor={`date-${share.id}`}>New date</label>
        <input id={`date-${share.id}`} type="date" name="date" defaultValue={share.scheduledLocal?.date} />
      </div>
      <div className="field">
        <label htmlFor={`time-${share.id}`}>New time</label>
        <input id={`time-${share.id}`} type="time" name="time" defaultValue={share.scheduledLocal?.time ?? "09:00"} />
      </div>
      <button type="submit" className="button-small">
        Save time
      </button>
    </fetcher.Form>
  );
}
