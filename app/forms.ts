import { CONTROL_CHARACTER_MESSAGE, hasControlCharacters, isUuid } from "./domain/validation";
import type { z } from "zod";

export type FieldErrors = Record<string, string | undefined>;

/**
 * Parses FormData with a zod schema; returns data or per-field messages to show beside the fields.
 * A field holding a control character (a NUL byte above all: Postgres refuses it, so it would be a 500) is
 * refused here for every form, whatever its schema says (decision 012).
 */
export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  formData: FormData,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    if (key in raw) {
      const prev = raw[key];
      raw[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else {
      raw[key] = value;
    }
  }
  const errors: FieldErrors = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && hasControlCharacters(value)) errors[key] ??= CONTROL_CHARACTER_MESSAGE;
  }
  const result = schema.safeParse(raw);
  if (result.success && !Object.keys(errors).length) return { ok: true, data: result.data };
  if (result.success) return { ok: false, errors };
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/**
 * A route's `$id`-style URL parameter as a uuid, or a 404: an id of any other shape names nothing, and must
 * not reach a uuid column (Postgres would refuse the query: a 500).
 */
export function idParam(params: Record<string, string | undefined>, name = "id"): string {
  const value = params[name];
  if (!isUuid(value)) throw new Response("Not found", { status: 404, statusText: "Not Found" });
  return value;
}
