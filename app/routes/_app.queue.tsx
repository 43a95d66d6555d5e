import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { BrowserTimeZone } from "~/components/onboarding/browser-time-zone";
import { QueueHistory } from "~/components/queue/queue-history";
import { QueueItem } from "~/components/queue/queue-item";
import { WeekCalendar } from "~/components/queue/week-calendar";
import {
  delayedSharesOf,
  dispatchDue,
  rescheduleRefusal,
  retryShare,
  retryShareSchema,
} from "~/domain/dispatch.server";
import { requireUser } from "~/domain/guards.server";
import { timeZoneUnconfirmed } from "~/domain/onboarding.server";
import {
  cancelShare,
  cancelShareSchema,
  listQueuePage,
  queueQuerySchema,
  undoCancel,
  undoCancelSchema,
  weekDays,
} from "~/domain/queue.server";
import { changeQueuedShare, queueActionSchema } from "~/domain/sharing.server";
import { formError, formResult, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "My queue · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const query = queueQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const now = new Date();
  const [queue, delayed, guessZone] = await Promise.all([
    listQueuePage(context.db, { user, query, now }),
    // Due posts still waiting after two minutes: no worker is sending (decision 013).
    delayedSharesOf(context.db, user.id),
    timeZoneUnconfirmed(context.db, user.id),
  ]);
  // The week calendar: the next seven days in the rep's zone.
  return { ...queue, query, days: weekDays(now, user.timeZone), timeZone: user.timeZone, delayed, guessZone };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "retry") {
    const retry = parseForm(retryShareSchema, formData);
    if (!retry.ok) return formError(retry.errors);
    const result = await retryShare(context.db, { user, input: retry.data });
    // Sent right away through the same at-most-once path as "Post now" (which never sweeps others' claims).
    if (result.ok)
      await dispatchDue(context.db, new Date(), { workerId: `web:${process.pid}`, onlyShareId: retry.data.shareId });
    return formResult(result);
  }
  if (intent === "cancel") {
    const parsed = parseForm(cancelShareSchema, formData);
    if (!parsed.ok) return formError(parsed.errors);
    return formResult(await cancelShare(context.db, { user, shareId: parsed.data.shareId }));
  }
  if (intent === "undo") {
    const parsed = parseForm(undoCancelSchema, formData);
    if (!parsed.ok) return formError(parsed.errors);
    return formResult(await undoCancel(context.db, { user, input: parsed.data }));
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
  const { upcoming, days, timeZone, delayed, guessZone } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const highlight = params.get("highlight");
  return (
    <div className="stack">
      {guessZone ? <BrowserTimeZone /> : null}
      <div className="page-head queue-head">
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
      <section aria-labelledby="upcoming-heading" className="stack">
        <h2 id="upcoming-heading">Upcoming</h2>
        {upcoming.length === 0 ? (
          <p className="card">Nothing scheduled. Pick something from the library and share or schedule it.</p>
        ) : (
          <ul className="stack list-unstyled" aria-label="Upcoming shares">
            {upcoming.map((s) => (
              <QueueItem key={s.id} share={s} highlighted={s.id === highlight} />
            ))}
          </ul>
        )}
      </section>
      <WeekCalendar days={days} upcoming={upcoming} />
      <QueueHistory highlight={highlight} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
