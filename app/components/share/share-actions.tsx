import { Link } from "@remix-run/react";
import { ConnectPrompt } from "~/components/share/connect-prompt";
import { PolicyInline } from "~/components/share/policy-inline";
import { PostNowAndSchedule } from "~/components/share/schedule-forms";
import { ShareByHand } from "~/components/share/share-by-hand";
import { useHydrated } from "~/components/use-hydrated";
import { NETWORK_NAMES, type Network } from "~/domain/networks";
import type { FieldErrors } from "~/forms";
import type { ReactNode } from "react";

/** What a schedule answer says: where, when in the rep's words, and the share to find in the queue. */
export type Scheduled = { network: Network; words: string; timeZone: string; shareId: string };

/** "Scheduled for tomorrow, Thu 3 Dec, 09:00 (Europe/Berlin) on LinkedIn", with the way to the queue. */
function ScheduledNotice({ scheduled, onAgain }: { scheduled: Scheduled; onAgain: () => void }) {
  const hydrated = useHydrated(); // showing the schedule form again is the page's script
  return (
    <div className="notice stack" role="status">
      <p className="flush">
        <strong>
          Scheduled for {scheduled.words} ({scheduled.timeZone})
        </strong>{" "}
        on {NETWORK_NAMES[scheduled.network]}.
      </p>
      <div className="row">
        <Link to={`/queue?highlight=${scheduled.shareId}#share-${scheduled.shareId}`}>See it in your queue</Link>
        <button type="button" className="button-small button-secondary" onClick={onAgain} disabled={!hydrated}>
          Schedule another time
        </button>
      </div>
    </div>
  );
}

/**
 * The composer's "Post or schedule" card: the policy to accept first (once), a connect button that comes back
 * here, then posting and scheduling; sharing by hand works without a connection.
 */
export function ShareActions(props: {
  network: Network;
  fields: ReactNode;
  policy: { accepted: boolean; body: string };
  connected: boolean;
  returnTo: string;
  onLeave: () => void;
  scheduled: Scheduled | null;
  onAgain: () => void;
  schedule: {
    slots: { date: string; time: string; label: string }[];
    timeZone: string;
    errors: FieldErrors;
    busy: boolean;
    when: { date: string; time: string };
    onWhenChange: (when: { date: string; time: string }) => void;
  };
  byHand: { body: string; disclosure: string | null; limit: number; overLimit: boolean };
  /** The phone's own share sheet (decision 017), shown where the browser has one. */
  nativeShare?: ReactNode;
}) {
  const { network, fields, policy, connected, schedule, byHand, scheduled } = props;
  const blocked = !policy.accepted;
  return (
    <section className="card stack" aria-labelledby="how-heading">
      <h2 className="flush" id="how-heading">
        Post or schedule
      </h2>
      {blocked ? <PolicyInline body={policy.body} /> : null}
      {scheduled ? <ScheduledNotice scheduled={scheduled} onAgain={props.onAgain} /> : null}
      {!connected ? <ConnectPrompt network={network} returnTo={props.returnTo} onLeave={props.onLeave} /> : null}
      {connected && !scheduled ? (
        <PostNowAndSchedule
          network={network}
          fields={fields}
          slots={schedule.slots}
          timeZone={schedule.timeZone}
          errors={schedule.errors}
          disabled={schedule.busy || byHand.overLimit || blocked}
          when={schedule.when}
          onWhenChange={schedule.onWhenChange}
        />
      ) : null}
      {connected ? null : <p className="muted flush">You can also share by hand:</p>}
      <ShareByHand network={network} fields={fields} blocked={blocked} {...byHand} />
      {props.nativeShare}
    </section>
  );
}
