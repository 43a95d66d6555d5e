import { authenticateApiRequest } from "~/domain/api-tokens.server";
import { apiBatchSchema, ingestApiMentions } from "~/domain/sov/mentions.server";
import { MENTIONS_API_BODY_LIMIT as MAX_BODY_BYTES } from "~/http/limits";
import { jsonAnswer as json } from "~/http/responses.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export async function loader(_: LoaderFunctionArgs) {
  return json({ error: 'Use POST with a JSON body: { "mentions": [...] }.' }, 405, { Allow: "POST" });
}

/**
 * POST /api/mentions: a JSON batch from a listening tool, authenticated by `Authorization: Bearer <token>`
 * (no cookies, so it is exempt from the Origin check). 401 bad token, 429 over the rate limit, 400 bad body.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Use POST." }, 405, { Allow: "POST" });
  const auth = await authenticateApiRequest(context.db, request.headers.get("Authorization"));
  if (!auth.ok) {
    return auth.status === 429
      ? json({ error: auth.error }, 429, { "Retry-After": String(auth.retryAfter) })
      : json({ error: auth.error }, 401, { "WWW-Authenticate": 'Bearer realm="chorus"' });
  }
  if (!(request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("application/json"))
    return json({ error: "Send Content-Type: application/json." }, 415);
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_BODY_BYTES)
    return json({ error: "The body is larger than 2 MB; send smaller batches." }, 413);
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return json({ error: "The body is larger than 2 MB; send smaller batches." }, 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json({ error: "The body is not valid JSON." }, 400);
  }
  const parsed = apiBatchSchema.safeParse(body);
  if (!parsed.success)
    return json(
      { error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") },
      400,
    );
  const result = await ingestApiMentions(context.db, parsed.data.mentions);
  const status = result.imported === 0 && result.errors.length === result.received ? 400 : 200;
  return json(status === 400 ? { error: "No mention in the batch was valid.", ...result } : result, status, {
    "X-RateLimit-Remaining": String(auth.remaining),
  });
}
