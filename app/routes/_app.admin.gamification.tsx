import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback, Field, SelectField } from "~/components/field";
import { addBadge, badgeInput, listBadges, setBadgeRetired } from "~/domain/gamification/badges.server";
import { LEVELS } from "~/domain/gamification/levels.server";
import { BADGE_RULE_KINDS, BADGE_RULE_LABELS } from "~/domain/gamification/rules.server";
import { getPointsSettings, pointsSettingsInput, savePointsSettings } from "~/domain/gamification/settings.server";
import { ADMIN, requireUser } from "~/domain/guards.server";
import { getSlackWebhook, maskWebhook, saveSlackWebhook, slackWebhookUrl } from "~/domain/slack.server";
import { formError, formOk, formText, parseForm, type FieldErrors } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Gamification · Admin · Chorus" }];

const retireInput = z.object({
  badgeId: z.string().uuid(),
  retire: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ADMIN);
  const [points, badges, webhook] = await Promise.all([
    getPointsSettings(context.db),
    listBadges(context.db),
    getSlackWebhook(context.db),
  ]);
  return {
    points,
    levels: LEVELS,
    rules: BADGE_RULE_KINDS.map((kind) => ({ kind, label: BADGE_RULE_LABELS[kind] ?? kind })),
    badges: badges.map((b) => ({ ...b, retiredAt: b.retiredAt?.toISOString() ?? null })),
    // Only whether Slack is on and where: the secret part of the URL stays on the server.
    slack: webhook ? maskWebhook(webhook) : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request, context, ADMIN);
  const formData = await request.formData();
  const intent = formText(formData, "intent");
  const fail = (errors: FieldErrors | string, status = 400) => formError(errors, status, { intent });
  if (intent === "points") {
    const parsed = parseForm(pointsSettingsInput, formData);
    if (!parsed.ok) return fail(parsed.errors);
    await savePointsSettings(context.db, actor.id, parsed.data);
    return formOk("Point values saved. They apply to what the award job counts from now on.", { intent });
  }
  if (intent === "add-badge") {
    const parsed = parseForm(badgeInput, formData);
    if (!parsed.ok) return fail(parsed.errors);
    const result = await addBadge(context.db, actor.id, parsed.data);
    if (!result.ok) return fail({ [result.field]: result.message }, 409);
    return formOk(`Badge “${parsed.data.name}” added; the award job hands it out from its next run.`, { intent });
  }
  if (intent === "retire") {
    const parsed = parseForm(retireInput, formData);
    if (!parsed.ok) return fail("Choose a badge.");
    await setBadgeRetired(context.db, actor.id, parsed.data.badgeId, parsed.data.retire);
    return formOk(parsed.data.retire ? "Badge retired. People keep it; nobody new earns it." : "Badge back in play.", {
      intent,
    });
  }
  if (intent === "slack") {
    const parsed = parseForm(z.object({ webhookUrl: slackWebhookUrl }), formData);
    if (!parsed.ok) return fail(parsed.errors);
    await saveSlackWebhook(context.db, actor.id, parsed.data.webhookUrl);
    return formOk(parsed.data.webhookUrl ? "Slack announcements are on." : "Slack announcements are off.", { intent });
  }
  return fail("Unknown action.");
}

const POINT_FIELDS = [
  ["apiShare", "Posted through Chorus"],
  ["intentShare", "Shared on the network's page"],
  ["copyShare", "Copied text"],
  ["uniqueClick", "Per unique click"],
  ["clickCapPerShareDay", "Click cap per share per day"],
] as const;

export default function AdminGamification() {
  const { points, levels, rules, badges, slack } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const errorsFor = (intent: string) => (result?.intent === intent ? errors : {});
  const busy = navigation.state !== "idle";
  return (
    <div className="stack">
      <ActionFeedback status={result?.status} error={errors.form} />
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
                error={errorsFor("points")[name]}
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

      <section className="card stack" aria-labelledby="badges-heading">
        <h2 className="flush" id="badges-heading">
          Badges
        </h2>
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
                <td>
                  {(rules.find((r) => r.kind === b.ruleKind)?.label ?? b.ruleKind).replace("N", String(b.threshold))}
                </td>
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
        <Form method="post" className="stack form-wide" aria-label="Add a badge">
          <h3 className="flush">Add a badge</h3>
          <input type="hidden" name="intent" value="add-badge" />
          <div className="grid">
            <Field label="Badge name" name="name" error={errorsFor("add-badge").name} required />
            <Field label="Badge description" name="description" error={errorsFor("add-badge").description} />
            <SelectField label="Rule" name="ruleKind" defaultValue="shares" error={errorsFor("add-badge").ruleKind}>
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
              error={errorsFor("add-badge").threshold}
              required
            />
            <Field
              label="Bonus points"
              name="bonusPoints"
              type="number"
              min={0}
              defaultValue={0}
              error={errorsFor("add-badge").bonusPoints}
            />
          </div>
          <div>
            <button type="submit" disabled={busy}>
              Add badge
            </button>
          </div>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="slack-heading">
        <h2 className="flush" id="slack-heading">
          Slack announcements
        </h2>
        <p className="muted flush">
          Post new badges and newly published packs to a Slack channel through an incoming webhook.{" "}
          {slack ? `Now posting to ${slack}.` : "Off."}
        </p>
        <Form method="post" className="row row-end">
          <input type="hidden" name="intent" value="slack" />
          <div className="grow-320">
            <Field
              label="Incoming webhook URL"
              name="webhookUrl"
              type="url"
              placeholder="https://hooks.slack.com/services/…"
              error={errorsFor("slack").webhookUrl}
              hint="Leave empty and save to turn announcements off."
            />
          </div>
          <button type="submit" disabled={busy}>
            Save webhook
          </button>
        </Form>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
