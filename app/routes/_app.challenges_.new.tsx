import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SelectField, TextAreaField } from "~/components/field";
import { listTeams } from "~/domain/admin.server";
import { challengeInputIn, createChallenge } from "~/domain/challenges.server";
import { LEADS, requireUser } from "~/domain/guards.server";
import { formError, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "New challenge · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, LEADS);
  const teams = await listTeams(context.db);
  return {
    // Managers set challenges for their own team only.
    teams: user.role === "manager" ? teams.filter((t) => t.id === user.teamId) : teams,
    everyoneAllowed: user.role !== "manager",
    timeZone: user.timeZone,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, LEADS);
  const parsed = parseForm(challengeInputIn(user.timeZone), await request.formData());
  if (!parsed.ok) return formError(parsed.errors);
  const result = await createChallenge(context.db, user, parsed.data);
  if (!result.ok) return formError({ [result.field]: result.message }, result.forbidden ? 403 : 400);
  return redirect("/challenges?created=1");
}

export default function NewChallenge() {
  const { teams, everyoneAllowed, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  return (
    <div className="stack page-medium">
      <div className="page-head">
        <div>
          <h1>New challenge</h1>
          <p className="muted">
            <Link to="/challenges">← Challenges</Link>
          </p>
        </div>
      </div>
      <Form method="post" className="card stack form-wide" aria-label="New challenge">
        <FormError message={errors.form} />
        <Field label="Challenge title" name="title" error={errors.title} required />
        <TextAreaField label="Challenge description" name="description" rows={2} error={errors.description} />
        <div className="grid">
          <SelectField label="Measure" name="metric" defaultValue="shares" error={errors.metric}>
            <option value="shares">Shares</option>
            <option value="clicks">Unique clicks</option>
            <option value="points">Points</option>
          </SelectField>
          <Field
            label="Goal per person"
            name="goal"
            type="number"
            min={1}
            defaultValue={5}
            error={errors.goal}
            required
          />
          <SelectField
            label="For"
            name="teamId"
            defaultValue={everyoneAllowed ? "" : (teams[0]?.id ?? "")}
            error={errors.teamId}
          >
            {everyoneAllowed ? <option value="">Everyone</option> : null}
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
          <Field
            label="Bonus points"
            name="bonusPoints"
            type="number"
            min={0}
            defaultValue={25}
            error={errors.bonusPoints}
          />
          <Field
            label={`Starts (${timeZone})`}
            name="startsAt"
            type="datetime-local"
            error={errors.startsAt}
            required
          />
          <Field label={`Ends (${timeZone})`} name="endsAt" type="datetime-local" error={errors.endsAt} required />
        </div>
        <div>
          <button type="submit" disabled={navigation.state !== "idle"}>
            Start challenge
          </button>
        </div>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
