import type { z } from "zod";

export type FieldErrors = Record<string, string | undefined>;

/** Parses FormData with a zod schema; returns data or per-field messages to show beside the fields. */
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
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
