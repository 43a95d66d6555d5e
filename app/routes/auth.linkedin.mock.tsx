import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/field";
import { usesMocks } from "~/env.server";
import { DEMO_LOGINS } from "../../seed/demo-logins";
import { mockLinkedInCode } from "../../mocks/linkedin";

export const meta: MetaFunction = () => [{ title: "LinkedIn (mock) · Chorus" }];

/** Stands in for LinkedIn's consent screen when the app runs against the mocked LinkedIn API. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!usesMocks()) throw new Response("Not found", { status: 404 });
  const state = new URL(request.url).searchParams.get("state") ?? "";
  return { state, suggestion: DEMO_LOGINS.users.find((u) => u.role === "rep")!.email };
}

const consentSchema = z.object({
  state: z.string(),
  decision: z.enum(["allow", "cancel"]),
  email: z.string().trim().email().optional().or(z.literal("")),
});

export async function action({ request }: ActionFunctionArgs) {
  if (!usesMocks()) throw new Response("Not found", { status: 404 });
  const parsed = consentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { state, decision, email } = parsed.data;
  if (decision === "cancel") {
    return redirect(`/auth/linkedin/callback?error=user_cancelled_login&error_description=The+user+cancelled+LinkedIn+login&state=${encodeURIComponent(state)}`);
  }
  const address = email || "guest@example.com";
  const name = address.split("@")[0]!.split(/[._-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(" ");
  const code = mockLinkedInCode({ email: address, name });
  return redirect(`/auth/linkedin/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`);
}

export default function MockLinkedIn() {
  const { state, suggestion } = useLoaderData<typeof loader>();
  return (
    <main className="auth">
      <div className="card auth-card stack">
        <h1>LinkedIn (mock)</h1>
        <p className="muted">Chorus would like to use your name, photo and e-mail address. This screen replaces LinkedIn while the app runs with mocked networks.</p>
        <Form method="post" className="stack">
          <input type="hidden" name="state" value={state} />
          <Field label="LinkedIn e-mail" name="email" type="email" defaultValue={suggestion} />
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
