import { z } from "zod";
import { LEADS, requireUser } from "~/domain/guards.server";
import { teamName } from "~/domain/leaderboard.server";
import { meetingBoard } from "~/domain/meeting.server";
import { PERIODS } from "~/domain/periods";
import { reportRead } from "~/domain/reads.server";
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
  const { data: board, figuresAsOf } = await reportRead(request, context, user, async (db) => {
    const name = teamId ? await teamName(db, teamId) : null;
    return teamId && name === null ? null : meetingBoard(db, { period, teamId, teamName: name, viewerId: user.id });
  });
  if (!board) return Response.json({ error: "Unknown team" }, { status: 404 });
  return Response.json({ ...board, figuresAsOf }, { headers: { "Cache-Control": "no-store" } });
}
