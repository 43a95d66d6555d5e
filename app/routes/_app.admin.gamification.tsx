import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback } from "~/components/field";
import { BadgesSettings } from "~/components/gamification/badges-settings";
import { PointsSettings } from "~/components/gamification/points-settings";
import { SlackSettings } from "~/components/gamification/slack-settings";
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
    await savePointsSettings(context.db, { actorId: actor.id, input: parsed.data });
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
    await setBadgeRetired(context.db, { actorId: actor.id, badgeId: parsed.data.badgeId, retired: parsed.data.retire });
    return formOk(parsed.data.retire ? "Badge retired. People keep it; nobody new earns it." : "Badge back in play.", {
      intent,
    });
  }
  if (intent === "slack") {
    const parsed = parseForm(z.object({ webhookUrl: slackWebhookUrl }), formData);
    if (!parsed.ok) return fail(parsed.errors);
    await saveSlackWebhook(context.db, { actorId: actor.id, webhookUrl: parsed.data.webhookUrl });
    return formOk(parsed.data.webhookUrl ? "Slack announcements are on." : "Slack announcements are off.", { intent });
  }
  return fail("Unknown action.");
}

/** What the gamification page's loader gives its pieces (app/components/gamification). */
export type GamificationData = ReturnType<typeof useLoaderData<typeof loader>>;

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
      <PointsSettings points={points} levels={levels} errors={errorsFor("points")} busy={busy} />

      <BadgesSettings badges={badges} rules={rules} errors={errorsFor("add-badge")} busy={busy} />

      <SlackSettings webhook={slack} errors={errorsFor("slack")} busy={busy} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
