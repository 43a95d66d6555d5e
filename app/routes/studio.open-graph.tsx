import { z } from "zod";
import { requireUser, STAFF } from "~/domain/guards.server";
import { fetchOpenGraph } from "~/domain/open-graph.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

const URL_MESSAGE = "Enter a full URL starting with https://";
const querySchema = z.object({ url: z.string().trim().url(URL_MESSAGE).max(2000) });

/** JSON for the item editor: title, summary and image proposed from the page at ?url=. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return Response.json({ ok: false, message: parsed.error.issues[0]?.message ?? URL_MESSAGE }, { status: 400 });
  return Response.json(await fetchOpenGraph(parsed.data.url), { headers: { "Cache-Control": "no-store" } });
}
