import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError } from "~/components/field";
import {
  API_RATE_LIMIT,
  createApiToken,
  createTokenSchema,
  listApiTokens,
  revokeApiToken,
} from "~/domain/api-tokens.server";
import { ADMIN, requireUser } from "~/domain/guards.server";
import { formError, formOk, formText, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "API tokens · Admin · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ADMIN);
  return { tokens: await listApiTokens(context.db), rateLimit: API_RATE_LIMIT, origin: new URL(request.url).origin };
}

/** Which form answered, and the new token (shown once). */
type Extra = { intent: string; token?: string };
const revokeSchema = z.object({ id: z.string().uuid("Pick a token") });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ADMIN);
  const formData = await request.formData();
  const intent = formText(formData, "intent");
  if (intent === "create") {
    const parsed = parseForm(createTokenSchema, formData);
    if (!parsed.ok) return formError<Extra>(parsed.errors, 400, { intent });
    const { token } = await createApiToken(context.db, user.id, parsed.data.name);
    return formOk<Extra>(`Token "${parsed.data.name}" created.`, { intent, token });
  }
  if (intent === "revoke") {
    const parsed = parseForm(revokeSchema, formData);
    if (!parsed.ok) return formError<Extra>(parsed.errors, 400, { intent });
    const done = await revokeApiToken(context.db, { actorId: user.id, tokenId: parsed.data.id });
    return done
      ? formOk<Extra>("Token revoked.", { intent })
      : formError<Extra>("That token is already revoked or gone.", 400, { intent });
  }
  return formError<Extra>("Unknown action.", 400, { intent });
}

function RevokeButton({ id, name }: { id: string; name: string }) {
  const fetcher = useFetcher<typeof action>();
  return (
    <fetcher.Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        className="button-small button-danger"
        disabled={fetcher.state !== "idle"}
        aria-label={`Revoke ${name}`}
      >
        Revoke
      </button>
      {fetcher.data && !fetcher.data.ok ? (
        <span className="field-error" role="alert">
          {fetcher.data.errors.form}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

const when = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—");

export default function AdminTokens() {
  const { tokens, rateLimit, origin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = actionData?.intent === "create" ? actionData.errors : {};
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="token-heading">
        <h2 className="flush" id="token-heading">
          Create an API token
        </h2>
        <p className="muted flush">
          Listening tools send mentions with <code>POST {origin}/api/mentions</code> and{" "}
          <code>Authorization: Bearer &lt;token&gt;</code>, up to {rateLimit} requests a minute per token.
        </p>
        {actionData?.intent === "create" && actionData.ok && actionData.token ? (
          <div className="notice stack gap-sm" role="status">
            <span>{actionData.status} Copy it now: it is shown only once.</span>
            <code className="token-value">{actionData.token}</code>
          </div>
        ) : null}
        <FormError message={errors.form} />
        <Form method="post" className="row row-top" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field label="Token name" name="name" error={errors.name} hint="For example: Brandwatch export" required />
          <div className="field">
            <span aria-hidden="true">&nbsp;</span>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Create token
            </button>
          </div>
        </Form>
      </section>
      {tokens.length ? (
        <table>
          <caption className="sr-only">API tokens</caption>
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>
                  <strong>{t.name}</strong>
                  <div className="muted">by {t.createdBy ?? "a former user"}</div>
                </td>
                <td>{when(t.createdAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="badge badge-danger">Revoked {when(t.revokedAt)}</span>
                  ) : (
                    <span className="badge badge-ok">Active</span>
                  )}
                </td>
                <td>{t.revokedAt ? null : <RevokeButton id={t.id} name={t.name} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No API tokens yet.</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
