import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/domain/guards.server";
import { mockLinkedInCode } from "~/domain/mock-sign-in.server";
import { NETWORK_NAMES, NETWORKS } from "~/domain/networks";
import { usesMocks } from "~/env.server";
import { notFound } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Connect (demo stand-in) · Chorus" }];

/** Stands in for the network's consent screen in mock mode (MOCKS=true) only, and says so. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  if (!usesMocks()) throw notFound();
  const user = await requireUser(request, context);
  const network = NETWORKS.find((n) => n === params.network);
  if (!network) throw new Response("Unknown network", { status: 404 });
  return {
    network,
    name: NETWORK_NAMES[network],
    state: new URL(request.url).searchParams.get("state") ?? "",
    userName: user.name,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!usesMocks()) throw notFound();
  const user = await requireUser(request, context);
  const network = NETWORKS.find((n) => n === params.network);
  if (!network) throw new Response("Unknown network", { status: 404 });
  const parsed = z
    .object({ state: z.string(), decision: z.enum(["allow", "cancel"]) })
    .safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const base = `/connect/${network}/callback?state=${encodeURIComponent(parsed.data.state)}`;
  if (parsed.data.decision === "cancel") return redirect(`${base}&error=access_denied`);
  return redirect(`${base}&code=${encodeURIComponent(mockLinkedInCode({ email: user.email, name: user.name }))}`);
}

export default function MockConnect() {
  const { name, state, userName } = useLoaderData<typeof loader>();
  return (
    <main className="auth">
      <div className="card auth-card stack">
        <h1>{name} demo stand-in</h1>
        <p className="notice" role="note">
          This is not {name}. Chorus runs in mock mode (MOCKS=true), so this page plays {name}&apos;s part and nothing
          is posted anywhere real.
        </p>
        <p className="muted">Chorus would like to post on behalf of {userName}.</p>
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
