import { useLoaderData, useLocation } from "@remix-run/react";
import { AdoptionCard } from "~/components/analytics/adoption-card";
import { EmvCard } from "~/components/analytics/emv-card";
import { AnalyticsHead } from "~/components/analytics/filters";
import { AnalyticsKpis } from "~/components/analytics/kpis";
import { ScoresCard } from "~/components/analytics/scores-card";
import { UnsharedCard } from "~/components/analytics/unshared-card";
import { VolumeCards } from "~/components/analytics/volume-cards";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FiguresAsOf } from "~/components/figures-as-of";
import { withParam } from "~/components/report";
import { parseAnalyticsFilters } from "~/domain/analytics/filters.server";
import { analyticsPage } from "~/domain/analytics/report.server";
import { LEADS, requireUser } from "~/domain/guards.server";
import { reportRead } from "~/domain/reads.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Analytics · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, LEADS);
  const filters = parseAnalyticsFilters(new URL(request.url).searchParams, user);
  const { data, figuresAsOf } = await reportRead(request, context, user, (db) => analyticsPage(db, filters));
  return { filters, figuresAsOf, ...data };
}

export default function Analytics() {
  const d = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const exportHref = (table: string) => `/analytics/export?${withParam(search, "table", table)}`;
  return (
    <div className="stack">
      <AnalyticsHead filters={d.filters} teams={d.teams} />
      <FiguresAsOf value={d.figuresAsOf} />
      <AnalyticsKpis byNetwork={d.byNetwork} adoption={d.adoption} emvTotal={d.emv.total} />
      <AdoptionCard adoption={d.adoption} exportHref={exportHref("adoption")} />
      <VolumeCards d={d} exportHref={exportHref} />
      <EmvCard emv={d.emv} exportHref={exportHref("emv")} />
      <ScoresCard scores={d.scores} scoreCount={d.scoreCount} exportHref={exportHref("scores")} />
      <UnsharedCard items={d.unshared} exportHref={exportHref("unshared")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
