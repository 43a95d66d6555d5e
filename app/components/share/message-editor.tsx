import { useTypedBeforeHydration } from "~/components/typed-before-hydration";
import { NETWORK_NAMES, type Network } from "~/domain/networks";

/** The rep's message for one network, with its live character count (read-only when marketing locked it). */
export function MessageEditor({
  network,
  body,
  locked,
  disclosure,
  count,
  limit,
  error,
  onChange,
}: {
  network: Network;
  body: string;
  locked: boolean;
  disclosure: string | null;
  count: number;
  limit: number;
  error?: string;
  onChange: (text: string) => void;
}) {
  const onText = (e: { target: HTMLTextAreaElement }) => onChange(e.target.value);
  // Words typed before the page hydrated are the message that is shared, not marketing's suggestion.
  const ref = useTypedBeforeHydration(body, locked ? undefined : onText);
  return (
    <section className="card stack" aria-labelledby="message-heading">
      <h2 className="flush" id="message-heading">
        Your message
      </h2>
      {locked ? (
        <p className="notice">
          This item&apos;s wording is set by marketing for compliance reasons and cannot be changed.
        </p>
      ) : null}
      <div className={`field${error ? " field-invalid" : ""}`}>
        <label htmlFor="message">Message for {NETWORK_NAMES[network]}</label>
        <textarea
          ref={ref}
          id="message"
          value={body}
          onChange={onText}
          readOnly={locked}
          rows={6}
          aria-describedby="counter"
          aria-invalid={error ? true : undefined}
        />
        <p id="counter" className={`field-hint${count > limit ? " over-limit" : ""}`} aria-live="polite">
          {count} / {limit} characters{network === "x" ? " (links count as 23)" : ""}
          {count > limit ? ` — ${count - limit} over the limit` : ""}
        </p>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      {disclosure ? <p className="muted">Always added: {disclosure}</p> : null}
      <p className="muted">The tracked link is added at the end when you share.</p>
    </section>
  );
}
