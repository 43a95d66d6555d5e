import { Form } from "@remix-run/react";
import { Field } from "~/components/field";
import type { FieldErrors } from "~/forms";
import type { GamificationData } from "~/routes/_app.admin.gamification";

/** The Slack incoming webhook that new badges and published packs are announced through (empty: off). */
export function SlackSettings({
  webhook,
  errors,
  busy,
}: {
  webhook: GamificationData["slack"];
  errors: FieldErrors;
  busy: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="slack-heading">
      <h2 className="flush" id="slack-heading">
        Slack announcements
      </h2>
      <p className="muted flush">
        Post new badges and newly published packs to a Slack channel through an incoming webhook.{" "}
        {webhook ? `Now posting to ${webhook}.` : "Off."}
      </p>
      <Form method="post" className="row row-end">
        <input type="hidden" name="intent" value="slack" />
        <div className="grow-320">
          <Field
            label="Incoming webhook URL"
            name="webhookUrl"
            type="url"
            placeholder="https://hooks.slack.com/services/…"
            error={errors.webhookUrl}
            hint="Leave empty and save to turn announcements off."
          />
        </div>
        <button type="submit" disabled={busy}>
          Save webhook
        </button>
      </Form>
    </section>
  );
}
