import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/field";
import { mockLinkedInCode } from "~/domain/mock-sign-in.server";
import { usesMocks } from "~/env.server";
import { notFound } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "LinkedIn demo stand-in · Chorus" }];

/**
 * Stands in for LinkedIn's consent screen in mock mode (MOCKS=true) only. It says so, and it is
 * never filled in with anyone's address: whatever is typed here is what "LinkedIn" vouches for.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!usesMocks()) throw notFound();
  const state = new URL(request.url).searchParams.get("state") ?? "";
  return { state };
}

const consentSchema = z.object({
  state: z.string(),
  decision: z.enum(["allow", "cancel"]),
  email: z.string().trim().email().optional().or(z.literal("")),
  // Unticked, LinkedIn's userinfo says email_verified: false (an address LinkedIn has not checked).
  verified: z.literal("on").optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  if (!usesMocks()) throw notFound();
  const parsed = consentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { state, decision, email, verified } = parsed.data;
  if (decision === "cancel") {
    return redirect(
      `/auth/linkedin/callback?error=user_cancelled_login&error_description=The+user+cancelled+LinkedIn+login&state=${encodeURIComponent(state)}`,
    );
  }
  const address = email || "guest@example.com";
  const [local = ""] = address.split("@");
  const name = local
    .split(/[._-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(" ");
  const code = mockLinkedInCode({ email: address, name, emailVerified: verified === "on" });
  return redirect(`/auth/linkedin/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`);
}

export default function MockLinkedIn() {
  const { state } = useLoaderData<typeof loader>();
  return (
    <main className="auth">
      <div className="card auth-card stack">
        <h1>LinkedIn demo stand-in</h1>
        <p className="notice" role="note">
          This is not LinkedIn. Chorus runs in mock mode (MOCKS=true), so this page plays LinkedIn&apos;s part: no
          LinkedIn account is involved, and the address you type is the one &ldquo;LinkedIn&rdquo; reports.
        </p>
        <p className="muted">Chorus would like to use your name, photo and e-mail address.</p>
        <Form method="post" className="stack">
          <input type="hidden" name="state" value={state} />
          <Field label="LinkedIn e-mail" name="email" type="email" placeholder="you@example.com" autoComplete="off" />
          <label>
            <input type="checkbox" name="verified" defaultChecked /> LinkedIn has verified this address
          </label>
          <div className="row">
            <button type="submit" name="decision" value="allow" className="button-linkedin">
              Allow
            </button>
            <button type="submit" name="decision" value="cancel" className="button-secondary">
              Cancel
            </button>
          </div>
        </Form>
      </div>
    </main>
  );
}
