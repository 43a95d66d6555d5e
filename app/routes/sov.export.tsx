import { z } from "zod";
import { csvResponse, toCsv } from "~/domain/csv";
import { requireUser, STAFF } from "~/domain/guards.server";
import { reportRead } from "~/domain/reads.server";
import { parseSovFilters, sovCsvRows, sovReport } from "~/domain/sov/report.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

/** CSV of the share-of-voice tables with the page's range and filters. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const params = new URL(request.url).searchParams;
  const table = z.enum(["periods", "networks"]).safeParse(params.get("table"));
  if (!table.success) return new Response("Unknown table; use periods or networks.", { status: 400 });
  const filters = parseSovFilters(params);
  // A date that does not exist is a 400 here: a file named for a range nobody asked for would mislead.
  if (filters.problem)
    return new Response(filters.problem, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { data: report } = await reportRead(request, context, user, (db) => sovReport(db, filters));
  const { header, body } = sovCsvRows(report, table.data);
  return csvResponse(
    `chorus-sov-${table.data}-${filters.bucket}-${filters.from}-${filters.to}.csv`,
    toCsv(header, body),
  );
}
