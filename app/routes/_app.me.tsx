import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { AdvocateScoreCard } from "~/components/advocate-score";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/field";
import { Progress } from "~/components/progress";
import { advocateScore } from "~/domain/analytics.server";
import { isTimeZone } from "~/domain/auth.server";
import { profileStats } from "~/domain/gamification.server";
import { requireUser } from "~/domain/guards.server";
import { TIME_ZONES } from "~/domain/time-zones";
import { parseForm } from "~/forms";
import { users } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Me · Chorus" }];

const profileSchema = z.object({
  name: z.string().trim().min(2, "Enter your name").max(100, "Keep your name under 100 characters"),
  timeZone: z.string().refine(isTimeZone, "Pick a time zone from the list"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const [score, stats] = await Promise.all([advocateScore(context.db, user.id), profileStats(context.db, user.id)]);
  return {
    user,
    timeZones: TIME_ZONES,
    advocateScore: score,
    stats: { ...stats, badges: stats.badges.map((b) => ({ ...b, earnedAt: b.earnedAt?.toISOString() ?? null })) },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const parsed = parseForm(profileSchema, await request.formData());
  if (!parsed.ok) return data({ ok: false as const, errors: parsed.errors }, { status: 400 });
  await context.db.update(users).set(parsed.data).where(eq(users.id, user.id));
  return { ok: true as const, errors: {} as Record<string, string | undefined> };
}

function LevelCard({
  points,
  level,
}: {
  points: number;
  level: { level: number; name: string; next: { name: string; needs: number } | null };
}) {
  return (
    <section className="card row" aria-labelledby="level-heading" style={{ justifyContent: "space-between" }}>
      <div>
        <h2 id="level-heading" style={{ margin: 0 }}>
          Level {level.level}: {level.name}
        </h2>
        <p className="muted" style={{ margin: 0 }}>
          {points.toLocaleString("en-GB")} points
          {level.next ? ` · ${level.next.needs.toLocaleString("en-GB")} to ${level.next.name}` : " · top level reached"}
        </p>
      </div>
      {level.next ? (
        <div style={{ minWidth: 260 }}>
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
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  return (
    <div className="stack">
      <h1>Me</h1>
      <LevelCard points={stats.points} level={stats.level} />
      <section className="card stack" aria-labelledby="badges-heading">
        <h2 id="badges-heading" style={{ margin: 0 }}>
          Badges
        </h2>
        <ul className="badge-grid" aria-label="Badges">
          {stats.badges.map((b) => (
            <li key={b.id} className={b.earnedAt ? "badge-tile earned" : "badge-tile"}>
              <strong>{b.name}</strong>
              <span className="muted">{b.description}</span>
              {b.earnedAt ? (
                <span className="badge badge-ok">
                  Earned {new Date(b.earnedAt).toLocaleDateString("en-GB", { timeZone: user.timeZone })}
                </span>
              ) : (
                <Progress label={`${b.name} progress`} value={b.progress} max={b.threshold} />
              )}
            </li>
          ))}
        </ul>
      </section>
      {score ? <AdvocateScoreCard score={score} /> : null}
      <section className="card stack" aria-labelledby="profile-heading">
        <h2 id="profile-heading" style={{ margin: 0 }}>
          Profile
        </h2>
        {actionData?.ok ? (
          <p className="notice" role="status">
            Profile saved.
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
