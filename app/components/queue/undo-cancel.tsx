import { useFetcher } from "@remix-run/react";
import { firstError } from "~/components/field";
import type { action, QueueData } from "~/routes/_app.queue";

type Item = QueueData["upcoming"][number];

/**
 * A post the rep cancelled a moment ago: Undo schedules it again for its time; when that time has passed the
 * server asks for a new one, and the date and time fields appear (decision 019).
 */
export function UndoCancel({ share }: { share: Item }) {
  const fetcher = useFetcher<typeof action>();
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
  const needsTime = Boolean(errors.time ?? errors.date);
  return (
    <fetcher.Form method="post" className="stack">
      <input type="hidden" name="intent" value="undo" />
      <input type="hidden" name="shareId" value={share.id} />
      <p className="field-hint" role="status">
        Cancelled. Changed your mind? Undo puts it back in the queue.
      </p>
      {needsTime ? (
        <div className="row row-end">
          <div className="field">
            <label htmlFor={`undo-date-${share.id}`}>New date</label>
            <input id={`undo-date-${share.id}`} type="date" name="date" defaultValue={share.scheduledLocal?.date} />
          </div>
          <div className="field">
            <label htmlFor={`undo-time-${share.id}`}>New time</label>
            <input id={`undo-time-${share.id}`} type="time" name="time" defaultValue={share.scheduledLocal?.time} />
          </div>
        </div>
      ) : null}
      <div>
        <button type="submit" className="button-small" aria-describedby={`share-name-${share.id}`}>
          {needsTime ? "Restore at this time" : "Undo"}
        </button>
      </div>
      {fetcher.data && !fetcher.data.ok ? (
        <p className="field-error" role="alert">
          {firstError(fetcher.data.errors)}
        </p>
      ) : null}
    </fetcher.Form>
  );
}
