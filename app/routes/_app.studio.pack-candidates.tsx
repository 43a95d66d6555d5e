import { z } from "zod";
import { requireUser, STAFF } from "~/domain/guards.server";
import { findItemsForPack } from "~/domain/packs.server";
import { text } from "~/domain/validation";
import type { LoaderFunctionArgs } from "@remix-run/node";

const querySchema = z.object({
  pack: z.string().uuid("Unknown pack"),
  q: text().trim().max(200).catch(""),
});

/** The pack editor's picker: approved items not yet in ?pack= whose title contains ?q= (JSON). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ items: [], message: "Unknown pack" }, { status: 400 });
  const items = await findItemsForPack(context.db, { packId: parsed.data.pack, q: parsed.data.q });
  return Response.json({ items, message: null }, { headers: { "Cache-Control": "no-store" } });
}
