import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError } from "~/components/field";
import { addDomain, domainSchema, listDomains, removeDomain } from "~/domain/admin.server";
import { ADMIN, requireUser } from "~/domain/guards.server";
import { formatDayInZone } from "~/domain/zoned-time.server";
import { formError, formResult, formText, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Sign-up domains · Admin · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ADMIN);
  const domains = await listDomains(context.db);
  return { domains: domains.map((d) => ({ ...d, createdOn: formatDayInZone(d.createdAt, user.timeZone) })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request, context, ADMIN);
  const formData = await request.formData();
  const intent = formText(formData, "intent");
  const parsed = parseForm(domainSchema, formData);
  if (!parsed.ok) return formError(parsed.errors, 400, { intent });
  const result =
    intent === "remove"
      ? await removeDomain(context.db, actor, parsed.data)
      : await addDomain(context.db, actor, parsed.data);
  return formResult(result, { intent });
}

export default function AdminDomains() {
  const { domains } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  return (
    <div className="stack">
      <section className="card stack">
        <h2 className="flush">Who can sign up</h2>
        <p className="muted">
          People with an e-mail address at these domains can create an account. Everyone else needs an invitation.
        </p>
        {actionData?.ok ? (
          <p className="notice" role="status">
            {actionData.status}
          </p>
        ) : null}
        <FormError message={errors.form} />
        <Form method="post" className="row row-end" noValidate>
          <input type="hidden" name="intent" value="add" />
          <Field label="Domain" name="domain" placeholder="example.com" error={errors.domain} required />
          <button type="submit">Allow domain</button>
        </Form>
      </section>
      <table>
        <caption className="sr-only">Allowed domains</caption>
        <thead>
          <tr>
            <th>Domain</th>
            <th>Added</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {domains.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                No domains yet: only invited people can join.
              </td>
            </tr>
          ) : null}
          {domains.map((d) => (
            <tr key={d.domain}>
              <td>@{d.domain}</td>
              <td>{d.createdOn}</td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="domain" value={d.domain} />
                  <button type="submit" className="button-small button-danger" aria-label={`Remove ${d.domain}`}>
                    Remove
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
