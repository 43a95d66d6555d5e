import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/domain/guards.server";
import { NETWORKS } from "~/domain/networks";
import { usesMocks } from "~/env.server";
import { mockLinkedInCode } from "../../mocks/linkedin";

export const meta: MetaFunction = () => [{ title: "Connect (mock) · Chorus" }];

const NAMES = { linkedin: "LinkedIn", x: "X", facebook: "Facebook" } as const;

/** Stands in for the network's consent screen while the networks are mocked. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  if (!usesMocks()) throw new Response("Not found", { status: 404 });
  const user = await requireUser(request, context);
  const network = NETWORKS.find((n) => n === params.network);
  if (!network) throw new Response("Unknown network", { status: 404 });
  return { network, name: NAMES[network], state: new URL(request.url).searchParams.get("state") ?? "", email: user.email, userName: user.name };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!usesMocks()) throw new Response("Not found", { status: 404 });
  const user = await requireUser(request, context);
  const parsed = z.object({ state: z.string(), decision: z.enum(["allow", "cancel"]) }).safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const base = `/connect/${params.network}/callback?state=${encodeURIComponent(parsed.data.state)}`;
  if (parsed.data.decision === "cancel") return redirect(`${base}&error=access_denied`);
  return redirect(`${base}&code=${encodeURIComponent(mockLinkedInCode({ email: user.email, name: user.name }))}`);
}

export default function MockConnect() {
  const { name, state, userName } = useLoaderData<typeof loader>();
  return (
    <main className="auth">
      <div className="card auth-card stack">
        <h1>{name} (mock)</h1>
        <p className="muted">
          Chorus would like to post on behalf of {userName}. This screen replaces {name}&apos;s own while the networks are mocked.
        </p>
        <Form method="post" className="row">
          <input type="hidden" name="state" value={state} />
          <button type="submit" name="decision" value="allow">
            Allow
          </button>
          <button type="submit" name="decision" value="cancel" className="button-secondary">
            Cancel
          </button>
        </Form>
      </div>
    </main>
  );
}
