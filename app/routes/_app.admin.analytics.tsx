import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError } from "~/components/field";
import { emvRatesSchema, getEmvRates, saveEmvRates } from "~/domain/analytics/emv.server";
import { ADMIN, requireUser } from "~/domain/guards.server";
import { NETWORK_NAMES, NETWORKS } from "~/domain/networks";
import type { FieldErrors } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Analytics settings · Admin · Chorus" }];

const RATE_NETWORKS = NETWORKS.map((key) => ({ key, label: NETWORK_NAMES[key] }));
const FIELDS = [
  { key: "cpc", label: "CPC ($ per click)", step: "0.01" },
  { key: "cpm", label: "CPM ($ per 1,000 impressions)", step: "0.01" },
  { key: "impressionsPerShare", label: "Impressions per share (estimate)", step: "1" },
] as const;

/** A form value as text: a file where a number was expected reads as empty. */
const textOf = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ADMIN);
  return { rates: await getEmvRates(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ADMIN);
  const formData = await request.formData();
  const raw = Object.fromEntries(
    RATE_NETWORKS.map((n) => [
      n.key,
      Object.fromEntries(FIELDS.map((f) => [f.key, textOf(formData.get(`${n.key}.${f.key}`)).trim() || undefined])),
    ]),
  );
  const parsed = emvRatesSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues)
      errors[issue.path.join(".")] ??= issue.message === "Required" ? "Enter a number" : issue.message;
    return data({ ok: false, errors }, { status: 400 });
  }
  await saveEmvRates(context.db, user.id, parsed.data);
  return data({ ok: true, errors: {} });
}

export default function AdminAnalytics() {
  const { rates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: FieldErrors = actionData?.errors ?? {};
  return (
    <section className="card stack" aria-labelledby="emv-heading">
      <h2 id="emv-heading" className="flush">
        Earned media value rates
      </h2>
      <p className="muted flush">
        EMV = unique clicks × CPC + (shares × impressions per share) ÷ 1,000 × CPM, per network.
      </p>
      {actionData?.ok ? (
        <p className="notice" role="status">
          Rates saved. Analytics uses them from now on.
        </p>
      ) : null}
      {actionData && !actionData.ok ? <FormError message="Some rates need fixing; see the fields below." /> : null}
      <Form method="post" className="stack" noValidate>
        {RATE_NETWORKS.map((n) => (
          <fieldset key={n.key} className="row rate-fieldset">
            <legend>{n.label}</legend>
            {FIELDS.map((f) => (
              <Field
                key={f.key}
                label={`${n.label} ${f.label}`}
                name={`${n.key}.${f.key}`}
                type="number"
                min="0"
                step={f.step}
                defaultValue={String(rates[n.key][f.key])}
                error={errors[`${n.key}.${f.key}`]}
                required
              />
            ))}
          </fieldset>
        ))}
        <div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            Save rates
          </button>
        </div>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
