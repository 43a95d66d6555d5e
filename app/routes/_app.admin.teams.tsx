import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, firstError, FormError } from "~/components/field";
import {
  createTeam,
  deleteTeam,
  deleteTeamSchema,
  listTeams,
  renameTeam,
  renameTeamSchema,
  teamNameSchema,
} from "~/domain/admin.server";
import { ADMIN, requireUser } from "~/domain/guards.server";
import { formError, formResult, formText, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Teams · Admin · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ADMIN);
  return { teams: await listTeams(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request, context, ADMIN);
  const formData = await request.formData();
  const intent = formText(formData, "intent");
  const run = async <S extends Parameters<typeof parseForm>[0]>(
    schema: S,
    fn: (input: never) => Promise<{ ok: boolean; field?: string; message: string }>,
  ) => {
    const parsed = parseForm(schema, formData);
    if (!parsed.ok) return formError(parsed.errors, 400, { intent });
    return formResult(await fn(parsed.data as never), { intent });
  };
  if (intent === "create") return run(teamNameSchema, (input) => createTeam(context.db, actor, input));
  if (intent === "rename") return run(renameTeamSchema, (input) => renameTeam(context.db, actor, input));
  if (intent === "delete") return run(deleteTeamSchema, (input) => deleteTeam(context.db, actor, input));
  return formError("Unknown action.", 400, { intent });
}

function TeamRow({ team }: { team: { id: string; name: string; members: number } }) {
  const fetcher = useFetcher<typeof action>();
  const error = fetcher.data && !fetcher.data.ok ? firstError(fetcher.data.errors) : undefined;
  return (
    <tr>
      <td>
        <fetcher.Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="rename" />
          <input type="hidden" name="teamId" value={team.id} />
          <label className="sr-only" htmlFor={`team-name-${team.id}`}>
            Name of team {team.name}
          </label>
          <input
            id={`team-name-${team.id}`}
            name="name"
            defaultValue={team.name}
            aria-invalid={error ? true : undefined}
          />
          <button type="submit" className="button-small button-secondary">
            Rename
          </button>
        </fetcher.Form>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </td>
      <td>{team.members}</td>
      <td>
        <fetcher.Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="teamId" value={team.id} />
          <button type="submit" className="button-small button-danger" aria-label={`Delete team ${team.name}`}>
            Delete
          </button>
        </fetcher.Form>
      </td>
    </tr>
  );
}

export default function AdminTeams() {
  const { teams } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const createErrors = actionData?.intent === "create" ? actionData.errors : {};
  return (
    <div className="stack">
      <section className="card stack">
        <h2 className="flush">New team</h2>
        {actionData?.intent === "create" && actionData.ok ? (
          <p className="notice" role="status">
            {actionData.status}
          </p>
        ) : null}
        <FormError message={createErrors.form} />
        <Form method="post" className="row row-end" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field label="Team name" name="name" error={createErrors.name} required />
          <button type="submit">Create team</button>
        </Form>
      </section>
      <table>
        <caption className="sr-only">Teams</caption>
        <thead>
          <tr>
            <th>Team</th>
            <th>Active members</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {teams.map((t) => (
            <TeamRow key={t.id} team={t} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
