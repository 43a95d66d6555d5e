import { Form } from "@remix-run/react";
import { Field } from "~/components/field";
import { useHydrated } from "~/components/use-hydrated";
import { NETWORK_NAMES, type Network } from "~/domain/networks";
import type { FieldErrors } from "~/forms";
import type { ReactNode } from "react";

/** With a connected account: post right away, or pick a suggested slot (or any date and time) to schedule. */
export function PostNowAndSchedule({
  network,
  fields,
  slots,
  timeZone,
  errors,
  disabled,
  when,
  onWhenChange,
}: {
  network: Network;
  /** The share's hidden fields (ShareFields). */
  fields: ReactNode;
  slots: { date: string; time: string; label: string }[];
  timeZone: string;
  errors: FieldErrors;
  disabled: boolean;
  /** The date and time the schedule form holds (kept by the page, so switching networks keeps them). */
  when: { date: string; time: string };
  onWhenChange: (when: { date: string; time: string }) => void;
}) {
  const { date, time } = when;
  // A suggested time is picked by the page's script: before it runs, a tap would change nothing and Schedule would
  // use the time in the fields below, so the buttons wait for it.
  const hydrated = useHydrated();
  return (
    <>
      <Form method="post" className="row">
        {fields}
        <input type="hidden" name="mode" value="now" />
        <button type="submit" disabled={disabled}>
          Post now to {NETWORK_NAMES[network]}
        </button>
      </Form>
      <Form method="post" className="stack" aria-label="Schedule">
        {fields}
        <input type="hidden" name="mode" value="schedule" />
        <div className="row" role="group" aria-label="Suggested times">
          <span className="muted">Suggested:</span>
          {slots.map((slot) => (
            <button
              key={`${slot.date}T${slot.time}`}
              type="button"
              className="button-small button-secondary"
              aria-pressed={slot.date === date && slot.time === time}
              disabled={!hydrated}
              onClick={() => onWhenChange({ date: slot.date, time: slot.time })}
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
            onChange={(e) => onWhenChange({ date: e.target.value, time })}
            error={errors.date}
          />
          <Field
            label={`Time (${timeZone})`}
            name="time"
            type="time"
            value={time}
            onChange={(e) => onWhenChange({ date, time: e.target.value })}
            error={errors.time}
          />
          <button type="submit" disabled={disabled}>
            Schedule
          </button>
        </div>
      </Form>
    </>
  );
}
