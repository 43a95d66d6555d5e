import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "../../db/schema";
import { AdvocateScoreCard } from "~/components/advocate-score";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/field";
import { advocateScore } from "~/domain/analytics.server";
import { isTimeZone } from "~/domain/auth.server";
import { requireUser } from "~/domain/guards.server";
import { TIME_ZONES } from "~/domain/time-zones";
import { parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Me · Chorus" }];

const profileSchema = z.object({
  name: z.string().trim().min(2, "Enter your name").max(100, "Keep your name under 100 characters"),
  timeZone: z.string().refine(isTimeZone, "Pick a time zone from the list"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const score = await advocateScore(context.db, user.id);
  return { user, timeZones: TIME_ZONES, advocateScore: score };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const parsed = parseForm(profileSchema, await request.formData());
  if (!parsed.ok) return data({ ok: false as const, errors: parsed.errors }, { status: 400 });
  await context.db.update(users).set(parsed.data).where(eq(users.id, user.id));
  return { ok: true as const, errors: {} as Record<string, string | undefined> };
}

export default function Me() {
  const { user, timeZones, advocateScore: score } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  return (
    <div className="stack">
      <h1>Me</h1>
      {score ? <AdvocateScoreCard score={score} /> : null}
      <section className="card stack" aria-labelledby="profile-heading">
        <h2 id="profile-heading" style={{ margin: 0 }}>
          Profile
        </h2>
        {actionData?.ok ? <p className="notice" role="status">Profile saved.</p> : null}
        <Form method="post" className="stack" noValidate>
          <Field label="Name" name="name" defaultValue={user.name} error={errors.name} required />
          <Field label="E-mail" name="email" defaultValue={user.email} disabled hint="Ask an admin to change your e-mail." />
          <SelectField label="Time zone" name="timeZone" defaultValue={user.timeZone} error={errors.timeZone} hint="Scheduled posts go out at this zone's local time.">
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
