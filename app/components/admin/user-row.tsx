import { useFetcher } from "@remix-run/react";
import { firstError } from "~/components/field";
import { ROLES } from "~/domain/roles";
import type { action, UsersData } from "~/routes/_app.admin.users";

type User = UsersData["users"][number];
type UserFetcher = ReturnType<typeof useFetcher<typeof action>>;

/** One person: role and team (saved in place), whether they are active, and deactivate / reactivate. */
export function UserRow({ user, teams, isMe }: { user: User; teams: UsersData["teams"]; isMe: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const errors = fetcher.data?.errors ?? {};
  const busy = fetcher.state !== "idle";
  return (
    <tr>
      <td>
        <strong>{user.name}</strong>
        <div className="muted">{user.email}</div>
      </td>
      <td>
        <RoleAndTeamForm user={user} teams={teams} fetcher={fetcher} />
        {firstError(errors) ? (
          <p className="field-error" role="alert">
            {firstError(errors)}
          </p>
        ) : fetcher.data?.ok ? (
          <p className="field-hint" role="status">
            {fetcher.data.status}
          </p>
        ) : null}
      </td>
      <td>
        {user.deactivatedAt ? (
          <span className="badge badge-danger">Deactivated</span>
        ) : (
          <span className="badge badge-ok">Active</span>
        )}
      </td>
      <td>
        {isMe ? (
          <span className="muted">You</span>
        ) : (
          <fetcher.Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="deactivate" />
            <input type="hidden" name="userId" value={user.id} />
            <input type="hidden" name="deactivate" value={user.deactivatedAt ? "false" : "true"} />
            <button
              type="submit"
              className={`button-small ${user.deactivatedAt ? "button-secondary" : "button-danger"}`}
              disabled={busy}
            >
              {user.deactivatedAt ? "Reactivate" : "Deactivate"}
            </button>
          </fetcher.Form>
        )}
      </td>
    </tr>
  );
}

function RoleAndTeamForm({ user, teams, fetcher }: { user: User; teams: UsersData["teams"]; fetcher: UserFetcher }) {
  return (
    <fetcher.Form method="post" className="inline-form" aria-label={`Role and team of ${user.name}`}>
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="userId" value={user.id} />
      <label className="sr-only" htmlFor={`role-${user.id}`}>
        Role of {user.name}
      </label>
      <select id={`role-${user.id}`} name="role" defaultValue={user.role}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor={`team-${user.id}`}>
        Team of {user.name}
      </label>
      <select id={`team-${user.id}`} name="teamId" defaultValue={user.teamId ?? ""}>
        <option value="">No team</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button-small button-secondary" disabled={fetcher.state !== "idle"}>
        Save
      </button>
    </fetcher.Form>
  );
}
