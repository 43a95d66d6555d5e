import { z } from "zod";
import { parseAnalyticsFilters } from "~/domain/analytics/filters.server";
import { ANALYTICS_TABLES, analyticsCsv, analyticsReport } from "~/domain/analytics/report.server";
import { csvResponse, toCsv } from "~/domain/csv";
import { LEADS, requireUser } from "~/domain/guards.server";
import { reportRead } from "~/domain/reads.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

/** CSV of one analytics table, with the same range and filters (and the same team pinning for managers) as the page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, LEADS);
  const params = new URL(request.url).searchParams;
  const table = z.enum(ANALYTICS_TABLES).safeParse(params.get("table"));
  if (!table.success)
    return new Response(`Unknown table; use one of: ${ANALYTICS_TABLES.join(", ")}.`, { status: 400 });
  const filters = parseAnalyticsFilters(params, user);
  // A date that does not exist is a 400 here: a file named for a range nobody asked for would mislead.
  if (filters.problem)
    return new Response(filters.problem, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { data: report } = await reportRead(request, context, user, (db) => analyticsReport(db, filters));
  const { header, body } = analyticsCsv(report, table.data);
  return csvResponse(`chorus-${table.data}-${filters.from}-${filters.to}.csv`, toCsv(header, body));
}
