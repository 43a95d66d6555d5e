import { Form } from "@remix-run/react";
import { Field, SelectField } from "~/components/field";
import type { FieldErrors } from "~/forms";
import type { GamificationData } from "~/routes/_app.admin.gamification";

type Badges = GamificationData["badges"];
type Rules = GamificationData["rules"];

/** The badges with their holders (retire or restore each), and a form to add one. */
export function BadgesSettings({
  badges,
  rules,
  errors,
  busy,
}: {
  badges: Badges;
  rules: Rules;
  errors: FieldErrors;
  busy: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="badges-heading">
      <h2 className="flush" id="badges-heading">
        Badges
      </h2>
      <BadgeTable badges={badges} rules={rules} />
      <AddBadgeForm rules={rules} errors={errors} busy={busy} />
    </section>
  );
}

function BadgeTable({ badges, rules }: { badges: Badges; rules: Rules }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Badge</th>
          <th scope="col">Rule</th>
          <th scope="col">Bonus</th>
          <th scope="col">Holders</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {badges.map((b) => (
          <tr key={b.id} className={b.retiredAt ? "muted" : undefined}>
            <td>
              <strong>{b.name}</strong> {b.retiredAt ? <span className="badge badge-muted">retired</span> : null}
              <div className="muted">{b.description}</div>
            </td>
            <td>{(rules.find((r) => r.kind === b.ruleKind)?.label ?? b.ruleKind).replace("N", String(b.threshold))}</td>
            <td>{b.bonusPoints}</td>
            <td>{b.holders}</td>
            <td>
              <Form method="post">
                <input type="hidden" name="intent" value="retire" />
                <input type="hidden" name="badgeId" value={b.id} />
                <button
                  name="retire"
                  value={b.retiredAt ? "false" : "true"}
                  className="button-small button-secondary"
                  aria-label={`${b.retiredAt ? "Restore" : "Retire"} ${b.name}`}
                >
                  {b.retiredAt ? "Restore" : "Retire"}
                </button>
              </Form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddBadgeForm({ rules, errors, busy }: { rules: Rules; errors: FieldErrors; busy: boolean }) {
  return (
    <Form method="post" className="stack form-wide" aria-label="Add a badge">
      <h3 className="flush">Add a badge</h3>
      <input type="hidden" name="intent" value="add-badge" />
      <div className="grid">
        <Field label="Badge name" name="name" error={errors.name} required />
        <Field label="Badge description" name="description" error={errors.description} />
        <SelectField label="Rule" name="ruleKind" defaultValue="shares" error={errors.ruleKind}>
          {rules.map((r) => (
            <option key={r.kind} value={r.kind}>
              {r.label}
            </option>
          ))}
        </SelectField>
        <Field
          label="Threshold (N)"
          name="threshold"
          type="number"
          min={1}
          defaultValue={10}
          error={errors.threshold}
          required
        />
        <Field
          label="Bonus points"
          name="bonusPoints"
          type="number"
          min={0}
          defaultValue={0}
          error={errors.bonusPoints}
        />
      </div>
      <div>
        <button type="submit" disabled={busy}>
          Add badge
        </button>
      </div>
    </Form>
  );
}
