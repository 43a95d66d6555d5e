import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdvocateScoreCard } from "~/components/advocate-score";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/field";
import { Progress } from "~/components/progress";
import { advocateScore } from "~/domain/analytics/advocate-score.server";
import { profileStats } from "~/domain/gamification/profile.server";
import { requireUser } from "~/domain/guards.server";
import {
  adoptBrowserTimeZone,
  browserTimeZoneSchema,
  dismissFirstSteps,
  firstStepsSchema,
  hasLinkedInIdentity,
  recordAppInstalled,
} from "~/domain/onboarding.server";
import { profileInput, updateProfile } from "~/domain/profile.server";
import { TIME_ZONES } from "~/domain/time-zones";
import { formatDayInZone } from "~/domain/zoned-time.server";
import { formError, formOk, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Me · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  // Someone linked to LinkedIn is not advised to sign in with it (the score's tips).
  const linkedIn = await hasLinkedInIdentity(context.db, user.id);
  const [score, stats] = await Promise.all([
    advocateScore(context.db, user.id, new Date(), { linkedIn }),
    profileStats(context.db, user.id),
  ]);
  return {
    user,
    timeZones: TIME_ZONES,
    advocateScore: score,
    stats: {
      ...stats,
      badges: stats.badges.map((b) => ({
        ...b,
        earnedAt: b.earnedAt?.toISOString() ?? null,
        earnedOn: b.earnedAt ? formatDayInZone(b.earnedAt, user.timeZone) : null,
      })),
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const formData = await request.formData();
  const intent = formData.get("intent");
  // Posted by the library and the queue (decision 019): the browser's zone, the first-steps checklist.
  if (intent === "browser-time-zone") {
    const zone = parseForm(browserTimeZoneSchema, formData);
    if (!zone.ok) return formError(zone.errors);
    const adopted = await adoptBrowserTimeZone(context.db, { userId: user.id, timeZone: zone.data.timeZone });
    return formOk(adopted ? `Time zone set to ${zone.data.timeZone}.` : "Time zone kept.");
  }
  if (intent === "dismiss-first-steps" || intent === "app-installed") {
    const step = parseForm(firstStepsSchema, formData);
    if (!step.ok) return formError(step.errors);
    if (step.data.intent === "app-installed") await recordAppInstalled(context.db, { userId: user.id });
    else await dismissFirstSteps(context.db, { userId: user.id });
    return formOk(step.data.intent === "app-installed" ? "App installed." : "First steps hidden.");
  }
  const parsed = parseForm(profileInput, formData);
  if (!parsed.ok) return formError(parsed.errors);
  await updateProfile(context.db, { userId: user.id, profile: parsed.data });
  return formOk("Profile saved.");
}

function LevelCard({
  points,
  level,
}: {
  points: number;
  level: { level: number; name: string; next: { name: string; needs: number } | null };
}) {
  return (
    <section className="card row row-between" aria-labelledby="level-heading">
      <div>
        <h2 className="flush" id="level-heading">
          Level {level.level}: {level.name}
        </h2>
        <p className="muted flush">
          {points.toLocaleString("en-GB")} points
          {level.next ? ` · ${level.next.needs.toLocaleString("en-GB")} to ${level.next.name}` : " · top level reached"}
        </p>
      </div>
      {level.next ? (
        <div className="min-w-260">
          <Progress label={`Progress to ${level.next.name}`} value={points} max={points + level.next.needs} />
        </div>
      ) : null}
    </section>
  );
}

export default function Me() {
  const { user, timeZones, advocateScore: score, stats } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = actionData?.errors ?? {};
  return (
    <div className="stack">
      <h1>Me</h1>
      <LevelCard points={stats.points} level={stats.level} />
      <section className="card stack" aria-labelledby="badges-heading">
        <h2 className="flush" id="badges-heading">
          Badges
        </h2>
        <ul className="badge-grid" aria-label="Badges">
          {stats.badges.map((b) => (
            <li key={b.id} className={b.earnedAt ? "badge-tile earned" : "badge-tile"}>
              <strong>{b.name}</strong>
              <span className="muted">{b.description}</span>
              {b.earnedAt ? (
                <span className="badge badge-ok">Earned {b.earnedOn}</span>
              ) : (
                <Progress label={`${b.name} progress`} value={b.progress} max={b.threshold} />
              )}
            </li>
          ))}
        </ul>
      </section>
      {score ? <AdvocateScoreCard score={score} /> : null}
      <section className="card stack" aria-labelledby="profile-heading">
        <h2 className="flush" id="profile-heading">
          Profile
        </h2>
        {actionData?.ok ? (
          <p className="notice" role="status">
            {actionData.status}
          </p>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <Field label="Name" name="name" defaultValue={user.name} error={errors.name} required />
          <Field
            label="E-mail"
            name="email"
            defaultValue={user.email}
            disabled
            hint="Ask an admin to change your e-mail."
          />
          <SelectField
            label="Time zone"
            name="timeZone"
            defaultValue={user.timeZone}
            error={errors.timeZone}
            hint="Scheduled posts go out at this zone's local time."
          >
            {timeZones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </SelectField>
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Save profile
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
