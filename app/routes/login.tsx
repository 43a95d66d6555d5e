import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError } from "~/components/field";
import { createSessionCookie, signInSchema, signInWithPassword } from "~/domain/auth.server";
import { optionalUser, safeRedirectPath } from "~/domain/guards.server";
import { parseForm, type FieldErrors } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Sign in · Chorus" }];

const LINKEDIN_ERRORS: Record<string, string> = {
  denied: "You cancelled the LinkedIn sign-in. Sign in with your password, or try LinkedIn again.",
  state: "The LinkedIn sign-in expired or came from another tab. Please try again.",
  failed: "LinkedIn sign-in did not complete. Please try again.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await optionalUser(request, context)) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo"), "/library"));
  const error = url.searchParams.get("error");
  const message = url.searchParams.get("message");
  return { linkedInError: message ?? (error ? LINKEDIN_ERRORS[error] ?? LINKEDIN_ERRORS.failed : null) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(signInSchema, formData);
  if (!parsed.ok) return data({ errors: parsed.errors, email: String(formData.get("email") ?? "") }, { status: 400 });
  const result = await signInWithPassword(context.db, { ...parsed.data, ip: context.clientIp });
  if (!result.ok) {
    const errors: FieldErrors = { form: result.message };
    return data({ errors, email: parsed.data.email }, { status: result.reason === "throttled" ? 429 : 400 });
  }
  const cookie = await createSessionCookie(context.db, result.userId);
  return redirect(safeRedirectPath(formData.get("redirectTo"), "/library"), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const { linkedInError } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const errors = actionData?.errors ?? {};
  return (
    <main className="auth">
      <div className="card auth-card stack">
        <h1>
          <img src="/favicon.svg" alt="" /> Sign in to Chorus
        </h1>
        <p className="muted">Share your company&apos;s best content and see what it moves.</p>
        <FormError message={errors.form ?? linkedInError ?? undefined} />
        <a className="button button-linkedin" href={`/auth/linkedin${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`}>
          Sign in with LinkedIn
        </a>
        <div className="divider">or with your e-mail</div>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Field label="Work e-mail" name="email" type="email" autoComplete="email" defaultValue={actionData?.email} error={errors.email} required />
          <Field label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} required />
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Signing in…" : "Sign in"}
          </button>
        </Form>
        <p className="muted">
          New here? <Link to="/signup">Create an account</Link> with your company e-mail.
        </p>
      </div>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
