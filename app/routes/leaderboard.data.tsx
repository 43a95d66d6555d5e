import { z } from "zod";
import { LEADS, requireUser } from "~/domain/guards.server";
import { teamName } from "~/domain/leaderboard.server";
import { meetingBoard } from "~/domain/meeting.server";
import { PERIODS } from "~/domain/periods";
import type { LoaderFunctionArgs } from "@remix-run/node";

const querySchema = z.object({
  period: z.enum(PERIODS).catch("month"),
  team: z.union([z.literal("company"), z.string().uuid()]).catch("company"),
});

/** JSON for meeting mode, polled by the screen every few seconds. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, LEADS);
  const { period, team } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const teamId = team === "company" ? null : team;
  const name = teamId ? await teamName(context.db, teamId) : null;
  if (teamId && name === null) return Response.json({ error: "Unknown team" }, { status: 404 });
  const board = await meetingBoard(context.db, { period, teamId, teamName: name, viewerId: user.id });
  return Response.json(board, { headers: { "Cache-Control": "no-store" } });
}
