import { Form } from "@remix-run/react";
import { Field, TextAreaField } from "~/components/field";
import type { FieldErrors } from "~/forms";
import type { PackPageData } from "~/routes/_app.studio.packs.$id";

/** The pack's title, description, cover, live window and target teams (a new pack starts here). */
export function PackDetailsForm({
  pack,
  teams,
  timeZone,
  errors,
  busy,
}: {
  pack: PackPageData["pack"];
  teams: PackPageData["teams"];
  /** The marketer's IANA zone: the live window is shown and entered in it. */
  timeZone: string;
  errors: FieldErrors;
  busy: boolean;
}) {
  return (
    <Form method="post" className="card stack form-wide" aria-label="Pack details">
      <Field label="Title" name="title" defaultValue={pack?.title ?? ""} error={errors.title} required />
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        defaultValue={pack?.description ?? ""}
        error={errors.description}
      />
      <Field
        label="Cover image URL"
        name="coverUrl"
        defaultValue={pack?.coverUrl ?? ""}
        error={errors.coverUrl}
        hint="An https:// URL or a site path such as /covers/event.svg"
      />
      <div className="grid">
        <Field
          label={`Live from (${timeZone})`}
          name="startsAt"
          type="datetime-local"
          defaultValue={pack?.startsAt ?? ""}
          error={errors.startsAt}
          hint="Empty: as soon as it is published"
        />
        <Field
          label={`Live until (${timeZone})`}
          name="endsAt"
          type="datetime-local"
          defaultValue={pack?.endsAt ?? ""}
          error={errors.endsAt}
          hint="Empty: until archived"
        />
      </div>
      <TargetTeams pack={pack} teams={teams} error={errors.teamIds} />
      <div className="row">
        <button type="submit" name="intent" value="save" disabled={busy || pack?.status === "archived"}>
          {pack ? "Save pack" : "Create pack"}
        </button>
        {pack && pack.status !== "archived" ? (
          <button type="submit" name="intent" value="archive" className="button-secondary" formNoValidate>
            Archive pack
          </button>
        ) : null}
      </div>
    </Form>
  );
}

/** Which teams see the pack: none ticked offers it to everyone. */
function TargetTeams({
  pack,
  teams,
  error,
}: {
  pack: PackPageData["pack"];
  teams: PackPageData["teams"];
  error?: string;
}) {
  return (
    <fieldset className="stack fieldset-plain">
      <legend>Target teams</legend>
      <p className="field-hint flush">Leave all unticked to offer the pack to everyone.</p>
      <div className="row">
        {teams.map((team) => (
          <label key={team.id}>
            <input
              type="checkbox"
              name="teamIds"
              value={team.id}
              defaultChecked={pack?.teamIds.includes(team.id) ?? false}
            />{" "}
            {team.name}
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
