import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QueueItem } from "~/components/queue/queue-item";
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
    const result = await retryShare(context.db, { user, input: retry.data });
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
  const result = await changeQueuedShare(context.db, { user, action: parsed.data });
  return formResult(result);
}

/** What the queue's loader gives its pieces (app/components/queue). */
export type QueueData = ReturnType<typeof useLoaderData<typeof loader>>;

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
