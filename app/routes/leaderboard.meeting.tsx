import { useLoaderData, useNavigate } from "@remix-run/react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { FiguresAsOfValue } from "~/components/figures-as-of";
import { BadgeTicker, MeetingExit, Podium, Ranks } from "~/components/meeting/board";
import { listTeams } from "~/domain/admin.server";
import { LEADS, requireUser } from "~/domain/guards.server";
import type { MeetingBoard } from "~/domain/meeting.server";
import { PERIOD_LABELS, PERIODS } from "~/domain/periods";
import { reportRead } from "~/domain/reads.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Meeting mode · Chorus" }];

const querySchema = z.object({
  period: z.enum(PERIODS).catch("month"),
  /** Start on the company board, one team, or the viewer's own team. */
  team: z.union([z.literal("company"), z.literal("mine"), z.string().uuid()]).catch("company"),
  /** Seconds per board while cycling through the teams; 0 stays on one board. */
  cycle: z.coerce.number().int().min(0).max(600).catch(20),
  /** Seconds between refreshes: at most 20, so a share is on the wall within a minute (decision 021). */
  poll: z.coerce
    .number()
    .int()
    .min(2)
    .catch(5)
    .transform((s) => Math.min(s, 20)),
});

/** The first view on the wall: everyone. Team views follow. */
const COMPANY_VIEW = { id: "company", name: "Whole company" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, LEADS);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { data: allTeams } = await reportRead(request, context, user, listTeams);
  const teams = allTeams.filter((t) => t.members > 0);
  const views = [COMPANY_VIEW, ...teams.map((t) => ({ id: t.id, name: t.name }))];
  const wanted = query.team === "mine" ? (user.teamId ?? "company") : query.team;
  return {
    ...query,
    views,
    start: Math.max(
      0,
      views.findIndex((v) => v.id === wanted),
    ),
  };
}

function useBoard(period: string, team: string, pollSeconds: number) {
  return useQuery({
    queryKey: ["meeting", period, team],
    queryFn: async ({ signal }): Promise<MeetingBoard & { figuresAsOf: FiguresAsOfValue | null }> => {
      const response = await fetch(`/leaderboard/data?${new URLSearchParams({ period, team })}`, {
        signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(`Leaderboard answered ${response.status}`);
      return (await response.json()) as MeetingBoard & { figuresAsOf: FiguresAsOfValue | null };
    },
    refetchInterval: pollSeconds * 1000,
    refetchIntervalInBackground: true,
    placeholderData: keepPreviousData,
    retry: true,
    // A wall screen should recover soon after the server comes back, not back off for half a minute.
    retryDelay: 2000,
  });
}

/** Escape leaves meeting mode for `to`; so does leaving full screen (the browser takes Escape for that itself). */
function useLeaveOnEscape(to: string) {
  const navigate = useNavigate();
  const wasFullscreen = useRef(false);
  const left = useRef(false);
  useEffect(() => {
    const leave = () => {
      // Once: Escape can also end full screen, which calls this again, and a second navigation aborts the first
      // (its promise then rejects; an interrupted navigation is no error of the page's).
      if (left.current) return;
      left.current = true;
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      void Promise.resolve(navigate(to)).catch(() => undefined);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && leave();
    const onFullscreen = () => {
      if (document.fullscreenElement) wasFullscreen.current = true;
      else if (wasFullscreen.current) leave();
    };
    if (document.fullscreenElement) wasFullscreen.current = true;
    window.addEventListener("keydown", onKey);
    document.addEventListener("fullscreenchange", onFullscreen);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("fullscreenchange", onFullscreen);
    };
  }, [navigate, to]);
}

export default function MeetingMode() {
  const { period, views, start, cycle, poll } = useLoaderData<typeof loader>();
  const [index, setIndex] = useState(start);
  const view = views[index % views.length] ?? COMPANY_VIEW;
  const { data, isError } = useBoard(period, view.id, poll);

  useEffect(() => {
    if (!cycle || views.length < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % views.length), cycle * 1000);
    return () => clearInterval(timer);
  }, [cycle, views.length]);

  const exitTo = `/leaderboard?period=${period}`;
  useLeaveOnEscape(exitTo);

  const rows = data?.rows ?? [];
  const showMovement = period !== "all";
  return (
    <main className="meeting" aria-label="Leaderboard meeting mode">
      <header className="mm-head">
        <h1>{data?.title ?? view.name}</h1>
        <p>
          {PERIOD_LABELS[period]} · leaderboard{isError ? " · reconnecting…" : ""}
          {data?.figuresAsOf ? (
            <>
              {" "}
              · figures as of <time dateTime={data.figuresAsOf.iso}>{data.figuresAsOf.time}</time>
            </>
          ) : null}
        </p>
        <MeetingExit to={exitTo} />
      </header>
      {rows.length === 0 ? (
        <p className="mm-empty">{data ? "No points yet in this period." : "Loading…"}</p>
      ) : (
        <div className="mm-body">
          <Podium rows={rows} showMovement={showMovement} />
          <Ranks rows={rows} showMovement={showMovement} />
        </div>
      )}
      <BadgeTicker badges={data?.badges ?? []} />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
