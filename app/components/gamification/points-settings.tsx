import { Form } from "@remix-run/react";
import { Field } from "~/components/field";
import type { FieldErrors } from "~/forms";
import type { GamificationData } from "~/routes/_app.admin.gamification";

const POINT_FIELDS = [
  ["apiShare", "Posted through Chorus"],
  ["intentShare", "Shared on the network's page"],
  ["copyShare", "Copied text"],
  ["uniqueClick", "Per unique click"],
  ["clickCapPerShareDay", "Click cap per share per day"],
] as const;

/** Point values per kind of share and click, and the levels they add up to. */
export function PointsSettings({
  points,
  levels,
  errors,
  busy,
}: {
  points: GamificationData["points"];
  levels: GamificationData["levels"];
  errors: FieldErrors;
  busy: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="points-heading">
      <h2 className="flush" id="points-heading">
        Points
      </h2>
      <p className="muted flush">
        Changes apply from now on; points already awarded stay as they are. Every change is in the audit log.
      </p>
      <Form method="post" className="stack form-wide">
        <input type="hidden" name="intent" value="points" />
        <div className="grid">
          {POINT_FIELDS.map(([name, label]) => (
            <Field
              key={name}
              label={label}
              name={name}
              type="number"
              min={0}
              max={1000}
              defaultValue={points[name]}
              error={errors[name]}
              required
            />
          ))}
        </div>
        <div>
          <button type="submit" disabled={busy}>
            Save point values
          </button>
        </div>
      </Form>
      <p className="muted flush">Levels: {levels.map((l, i) => `${i + 1}. ${l.name} (${l.from}+)`).join(" · ")}</p>
    </section>
  );
}
