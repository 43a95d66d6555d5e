import { audit } from "~/domain/audit.server";
import { requireUser, STAFF } from "~/domain/guards.server";
import { dbNow, importMentionsCsv, MAX_IMPORT_BYTES, rollupTouchedDays } from "~/domain/sov.server";
import type { ActionFunctionArgs } from "@remix-run/node";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });

/**
 * POST the CSV file itself as the request body (the import page sends it with XMLHttpRequest for upload
 * progress). The body is read as a stream and imported line by line, so a 50 MB file is never held whole.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  if (request.method !== "POST") return json({ error: "Use POST." }, 405);
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_IMPORT_BYTES)
    return json({ error: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.` }, 413);
  if (!request.body)
    return json(
      { error: "The request has no file.", rows: 0, imported: 0, duplicates: 0, errors: [], errorCount: 0 },
      400,
    );
  const since = await dbNow(context.db);
  const report = await importMentionsCsv(context.db, request.body);
  // Recount the days this file touched right away, so the chart moves without waiting for the tally.
  if (report.imported) await rollupTouchedDays(context.db, { mentionsSince: since });
  const fileName = (request.headers.get("X-File-Name") ?? "").slice(0, 200);
  await audit(context.db, {
    actorId: user.id,
    action: "mentions.import",
    targetType: "mentions",
    detail: {
      fileName,
      rows: report.rows,
      imported: report.imported,
      duplicates: report.duplicates,
      errors: report.errorCount,
    },
  });
  return json(report, report.fatal && !report.imported ? 400 : 200);
}
