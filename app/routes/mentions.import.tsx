import { requireUser, STAFF } from "~/domain/guards.server";
import { importMentionsFile, MAX_IMPORT_BYTES } from "~/domain/sov/import.server";
import { jsonAnswer as json } from "~/http/responses.server";
import type { ActionFunctionArgs } from "@remix-run/node";

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
  const report = await importMentionsFile(context.db, {
    actorId: user.id,
    body: request.body,
    fileName: request.headers.get("X-File-Name") ?? "",
  });
  return json(report, report.fatal && !report.imported ? 400 : 200);
}
