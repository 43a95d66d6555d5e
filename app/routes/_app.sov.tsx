import { useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FiguresAsOf } from "~/components/figures-as-of";
import { withParam } from "~/components/report";
import { NetworksCard } from "~/components/sov/networks-card";
import { PeriodsCard } from "~/components/sov/periods-card";
import { SovHead } from "~/components/sov/sov-head";
import { SovKpis } from "~/components/sov/sov-kpis";
import { TrendCard } from "~/components/sov/trend-card";
import { requireUser, STAFF } from "~/domain/guards.server";
import { reportRead } from "~/domain/reads.server";
import { BUCKETS, parseSovFilters, sovReport } from "~/domain/sov/report.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Share of voice · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const filters = parseSovFilters(new URL(request.url).searchParams);
  const { data, figuresAsOf } = await reportRead(request, context, user, (db) => sovReport(db, filters));
  return { filters, buckets: BUCKETS, figuresAsOf, ...data };
}

export default function ShareOfVoice() {
  const d = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const exportHref = (table: string) => `/sov/export?${withParam(search, "table", table)}`;
  const ownName = d.own?.name ?? null;
  return (
    <div className="stack">
      <SovHead ownName={ownName} filters={d.filters} buckets={d.buckets} networks={d.networks} />
      <FiguresAsOf value={d.figuresAsOf} />
      <SovKpis ownName={ownName} total={d.total} unverified={d.filters.unverified} />
      <TrendCard brands={d.brands} own={d.own} periods={d.periods} bucket={d.filters.bucket} totalSov={d.total.sov} />
      <PeriodsCard
        brands={d.brands}
        periods={d.periods}
        total={d.total}
        bucket={d.filters.bucket}
        exportHref={exportHref("periods")}
      />
      <NetworksCard brands={d.brands} byNetwork={d.byNetwork} exportHref={exportHref("networks")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
