import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser, STAFF } from "~/domain/guards.server";
import { findItemsForPack } from "~/domain/packs.server";
import { text } from "~/domain/validation";

const querySchema = z.object({
  pack: z.string().uuid("Unknown pack"),
  q: text().trim().max(200).catch(""),
});

/**
 * The pack editor's picker: approved items not yet in ?pack= whose title contains ?q= (JSON). A search sent
 * before the editor hydrated arrives as a page navigation (the picker's form submits natively): that goes back
 * to the pack with the words in ?q=, where the picker searches them, instead of showing JSON.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const navigation = request.headers.get("Sec-Fetch-Mode") === "navigate";
  if (navigation && parsed.success) {
    const q = parsed.data.q ? `?${new URLSearchParams({ q: parsed.data.q })}` : "";
    throw redirect(`/studio/packs/${parsed.data.pack}${q}`);
  }
  if (!parsed.success) return Response.json({ items: [], message: "Unknown pack" }, { status: 400 });
  const items = await findItemsForPack(context.db, { packId: parsed.data.pack, q: parsed.data.q });
  return Response.json({ items, message: null }, { headers: { "Cache-Control": "no-store" } });
}
