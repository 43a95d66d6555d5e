import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { UserRow } from "~/components/admin/user-row";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SelectField } from "~/components/field";
import {
  deactivateSchema,
  inviteSchema,
  inviteUser,
  listPendingInvitations,
  listTeams,
  listUsers,
  setDeactivated,
  updateUser,
  updateUserSchema,
} from "~/domain/admin.server";
import { ADMIN, requireUser } from "~/domain/guards.server";
import { ROLES } from "~/domain/roles";
import { formError, formResult, formText, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Users · Admin · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await requireUser(request, context, ADMIN);
  const [users, teams, invitations] = await Promise.all([
    listUsers(context.db),
    listTeams(context.db),
    listPendingInvitations(context.db),
  ]);
  return { me, users, teams, invitations: invitations.filter((i) => !i.acceptedAt) };
}

/** Which form answered (the invite, or a person's row), and the sign-up link an invitation made. */
type Extra = { intent: string; userId?: string; link?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request, context, ADMIN);
  const formData = await request.formData();
  const intent = formText(formData, "intent");
  const userId = formText(formData, "userId") || undefined;

  if (intent === "invite") {
    const parsed = parseForm(inviteSchema, formData);
    if (!parsed.ok) return formError<Extra>(parsed.errors, 400, { intent });
    const result = await inviteUser(context.db, { actor, input: parsed.data, origin: new URL(request.url).origin });
    return formResult<Extra>(result, { intent, link: result.ok ? result.value : undefined });
  }
  if (intent === "update") {
    const parsed = parseForm(updateUserSchema, formData);
    if (!parsed.ok) return formError<Extra>(parsed.errors, 400, { intent, userId });
    return formResult<Extra>(await updateUser(context.db, actor, parsed.data), { intent, userId });
  }
  if (intent === "deactivate") {
    const parsed = parseForm(deactivateSchema, formData);
    if (!parsed.ok) return formError<Extra>(parsed.errors, 400, { intent, userId });
    const result = await setDeactivated(context.db, actor, parsed.data);
    // A refusal here is about the whole row, never one field.
    return formResult<Extra>({ ok: result.ok, message: result.message }, { intent, userId });
  }
  return formError<Extra>("Unknown action.", 400, { intent });
}

/** What the users page's loader gives its pieces (app/components/admin). */
export type UsersData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AdminUsers() {
  const { me, users, teams, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const inviteErrors = actionData?.intent === "invite" ? actionData.errors : {};
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="invite-heading">
        <h2 className="flush" id="invite-heading">
          Invite someone
        </h2>
        {actionData?.intent === "invite" && actionData.ok ? (
          <div className="notice" role="status">
            {actionData.status} Send them this link (valid 14 days): <code>{actionData.link}</code>
          </div>
        ) : null}
        <FormError message={inviteErrors.form} />
        <Form method="post" className="row row-top" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Field label="E-mail" name="email" type="email" error={inviteErrors.email} required />
          <SelectField label="Role" name="role" defaultValue="rep" error={inviteErrors.role}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </SelectField>
          <SelectField label="Team" name="teamId" defaultValue="" error={inviteErrors.teamId}>
            <option value="">No team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
          <div className="field">
            <span aria-hidden="true">&nbsp;</span>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Send invitation
            </button>
          </div>
        </Form>
        {invitations.length ? (
          <p className="muted">Pending invitations: {invitations.map((i) => `${i.email} (${i.role})`).join(", ")}</p>
        ) : null}
      </section>
      <table>
        <caption className="sr-only">Users</caption>
        <thead>
          <tr>
            <th>Person</th>
            <th>Role and team</th>
            <th>Status</th>
            <th>Access</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <UserRow key={u.id} user={u} teams={teams} isMe={u.id === me.id} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
