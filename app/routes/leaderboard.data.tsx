import { eq } from "drizzle-orm";
import { z } from "zod";
import { LEADS, requireUser } from "~/domain/guards.server";
import { meetingBoard } from "~/domain/meeting.server";
import { PERIODS } from "~/domain/periods";
import { teams } from "../../db/schema";
import type { LoaderFunctionArgs } from "@remix-run/node";

const querySchema = z.object({
  period: z.enum(PERIODS).catch("month"),
  team: z.union([z.literal("company"), z.string().uuid()]).catch("company"),
});

/** JSON for meeting mode, polled by the screen every few seconds. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, LEADS);
  const { period, team } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  let teamName: string | null = null;
  if (team !== "company") {
    const [row] = await context.db.select({ name: teams.name }).from(teams).where(eq(teams.id, team));
    if (!row) return Response.json({ error: "Unknown team" }, { status: 404 });
    teamName = row.name;
  }
  const board = await meetingBoard(context.db, {
    period,
    teamId: team === "company" ? null : team,
    teamName,
    viewerId: user.id,
  });
  return Response.json(board, { headers: { "Cache-Control": "no-store" } });
}
