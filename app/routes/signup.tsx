import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SelectField } from "~/components/field";
import { createSessionCookie, findInvitation, signUp, signUpSchema } from "~/domain/auth.server";
import { optionalUser } from "~/domain/guards.server";
import { TIME_ZONES } from "~/domain/time-zones";
import { formError, formText, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Create your account · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await optionalUser(request, context)) throw redirect("/library");
  const token = new URL(request.url).searchParams.get("invite");
  const invite = token ? await findInvitation(context.db, token) : null;
  return { invite: invite ? { token, email: invite.email } : null, inviteInvalid: Boolean(token && !invite) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(signUpSchema, formData);
  const values = { name: formText(formData, "name"), email: formText(formData, "email") };
  if (!parsed.ok) return formError(parsed.errors, 400, { values });
  const result = await signUp(context.db, parsed.data);
  if (!result.ok)
    return formError({ [result.field === "invite" ? "form" : result.field]: result.message }, 400, { values });
  const cookie = await createSessionCookie(context.db, result.userId);
  return redirect("/library", { headers: { "Set-Cookie": cookie } });
}

export default function SignUp() {
  const { invite, inviteInvalid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = actionData?.errors ?? {};
  const [timeZone, setTimeZone] = useState("UTC");
  // The browser's zone, unless the person picked one before the page hydrated (the field hands that over first).
  useEffect(
    () =>
      setTimeZone((picked) => (picked === "UTC" ? Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC" : picked)),
    [],
  );
  return (
    <main className="auth">
      <div className="card auth-card stack">
        <h1>
          <img src="/favicon.svg" alt="" /> Create your account
        </h1>
        {invite ? <p className="notice">You were invited as {invite.email}.</p> : null}
        <FormError
          message={
            errors.form ??
            (inviteInvalid ? "This invitation is invalid or has expired. Ask your admin for a new one." : undefined)
          }
        />
        <Form method="post" className="stack" noValidate>
          {invite?.token ? <input type="hidden" name="invite" value={invite.token} /> : null}
          <Field
            label="Full name"
            name="name"
            autoComplete="name"
            defaultValue={actionData?.values.name}
            error={errors.name}
            required
          />
          <Field
            label="Work e-mail"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={actionData?.values.email ?? invite?.email}
            error={errors.email}
            hint="Use your company address."
            required
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            error={errors.password}
            hint="At least 10 characters."
            required
            minLength={10}
          />
          <SelectField
            label="Time zone"
            name="timeZone"
            value={timeZone}
            onChange={(e) => setTimeZone(e.target.value)}
            error={errors.timeZone}
          >
            {(TIME_ZONES.includes(timeZone) ? TIME_ZONES : [timeZone, ...TIME_ZONES]).map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </SelectField>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Creating account…" : "Create account"}
          </button>
        </Form>
        <p className="muted">
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      </div>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
