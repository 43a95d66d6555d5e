import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError } from "~/components/field";
import {
  completeLinkRequest,
  createSessionCookie,
  findLinkRequest,
  signInSchema,
  signInWithPassword,
} from "~/domain/auth.server";
import { optionalUser, safeRedirectPath } from "~/domain/guards.server";
import { identityLinkCookie, readIdentityLinkToken } from "~/domain/oauth-state.server";
import { adoptBrowserTimeZone, browserTimeZoneSchema } from "~/domain/onboarding.server";
import { signInMessage } from "~/domain/sign-in-messages";
import { networkMode } from "~/env.server";
import { formError, formText, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Sign in · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await optionalUser(request, context))
    throw redirect(safeRedirectPath(url.searchParams.get("redirectTo"), "/library"));
  // A key from our own redirects, mapped to our own text: ?message= or an unknown key shows nothing of its own.
  const linkedInError = signInMessage(url.searchParams.get("error"));
  const link = await findLinkRequest(context.db, await readIdentityLinkToken(request));
  return {
    linkedInError,
    linkEmail: link?.email ?? null,
    linkedInAvailable: networkMode("linkedin") !== "unconfigured",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(signInSchema, formData);
  if (!parsed.ok) return formError(parsed.errors, 400, { email: formText(formData, "email") });
  const result = await signInWithPassword(context.db, { ...parsed.data, ip: context.clientIp });
  if (!result.ok)
    return formError(result.message, result.reason === "throttled" ? 429 : 400, { email: parsed.data.email });
  // The browser's zone, for an account whose zone was never chosen (decision 019); a chosen one stays.
  const zone = browserTimeZoneSchema.shape.timeZone.safeParse(formData.get("timeZone"));
  if (zone.success) await adoptBrowserTimeZone(context.db, { userId: result.userId, timeZone: zone.data });
  const headers = new Headers();
  headers.append("Set-Cookie", await createSessionCookie(context.db, result.userId));
  // A LinkedIn identity waiting for this account's password is linked now (decision 009).
  const linkToken = await readIdentityLinkToken(request);
  if (linkToken) {
    await completeLinkRequest(context.db, { token: linkToken, userId: result.userId });
    headers.append("Set-Cookie", await identityLinkCookie.serialize("", { maxAge: 0 }));
  }
  return redirect(safeRedirectPath(formData.get("redirectTo"), "/library"), { headers });
}

export default function Login() {
  const { linkedInError, linkEmail, linkedInAvailable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const errors = actionData?.errors ?? {};
  // Filled after hydration, so the server's markup and the first render agree.
  const [timeZone, setTimeZone] = useState("");
  useEffect(() => setTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone || ""), []);
  return (
    <main className="auth">
      <div className="card auth-card stack">
        <h1>
          <img src="/favicon.svg" alt="" /> Sign in to Chorus
        </h1>
        <p className="muted">Share your company&apos;s best content and see what it moves.</p>
        <FormError message={errors.form ?? linkedInError ?? undefined} />
        {linkEmail ? (
          <p className="notice" role="status">
            LinkedIn says you are {linkEmail}. Enter your Chorus password once to link LinkedIn to this account; after
            that, Sign in with LinkedIn is enough.
          </p>
        ) : linkedInAvailable ? (
          <>
            <a
              className="button button-linkedin"
              href={`/auth/linkedin${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`}
            >
              Sign in with LinkedIn
            </a>
            <div className="divider">or with your e-mail</div>
          </>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <input type="hidden" name="timeZone" value={timeZone} />
          <Field
            label="Work e-mail"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={actionData?.email ?? linkEmail ?? undefined}
            error={errors.email}
            required
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            error={errors.password}
            required
          />
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
