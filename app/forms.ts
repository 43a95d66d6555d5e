import { data } from "@remix-run/node";
import { z } from "zod";
import { CONTROL_CHARACTER_MESSAGE, hasControlCharacters, isUuid } from "./domain/validation";
import { notFound } from "./http/responses.server";

export type FieldErrors = Record<string, string | undefined>;

/**
 * What an action answers a form that stays on its page (one that moves on redirects instead): `ok` with the
 * status line to show, or not `ok` with a message per field (`form` for the form as a whole). `E` carries what a
 * page needs besides, such as the `intent` that says which of its forms answered. The page reads
 * `reply?.errors ?? {}` and `reply?.status` alike for every action, no casts.
 */
export type FormReply<E extends object = Record<never, never>> =
  (E & { ok: true; status: string; errors: FieldErrors }) | (E & { ok: false; status: null; errors: FieldErrors });

/** A form's success: the status line (HTTP 200 unless `httpStatus` says otherwise). */
export function formOk<E extends object = Record<never, never>>(status: string, extra?: E, httpStatus = 200) {
  const reply = { ...(extra ?? ({} as E)), ok: true as const, status, errors: {} };
  return data<FormReply<E>>(reply, { status: httpStatus });
}

/** A form's refusal: messages per field, or one message for the whole form (HTTP 400 unless told otherwise). */
export function formError<E extends object = Record<never, never>>(
  errors: FieldErrors | string,
  httpStatus = 400,
  extra?: E,
) {
  const reply = {
    ...(extra ?? ({} as E)),
    ok: false as const,
    status: null,
    errors: typeof errors === "string" ? { form: errors } : errors,
  };
  return data<FormReply<E>>(reply, { status: httpStatus });
}

/**
 * A domain result as the form's reply: its message as the status line, or beside the field it names (the whole
 * form when it names none).
 */
export function formResult<E extends object = Record<never, never>>(
  result: { ok: boolean; message: string; field?: string },
  extra?: E,
  failStatus = 400,
) {
  return result.ok
    ? formOk(result.message, extra)
    : formError({ [result.field ?? "form"]: result.message }, failStatus, extra);
}

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
      raw[key] = Array.isArray(prev) ? [...(prev as unknown[]), value] : [prev, value];
    } else {
      raw[key] = value;
    }
  }
  const errors: FieldErrors = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && hasControlCharacters(value)) errors[key] ??= CONTROL_CHARACTER_MESSAGE;
  }
  const result = schema.safeParse(raw);
  if (result.success && !Object.keys(errors).length) return { ok: true, data: result.data as z.infer<S> };
  if (result.success) return { ok: false, errors };
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A text field as sent, to echo it back into the form or tell which form answered: "" when absent (or a file). */
export function formText(formData: FormData, name: string): string {
  return z.string().catch("").parse(formData.get(name));
}

/**
 * A route's `$id`-style URL parameter as a uuid, or a 404: an id of any other shape names nothing, and must
 * not reach a uuid column (Postgres would refuse the query: a 500).
 */
export function idParam(params: Record<string, string | undefined>, name = "id"): string {
  const value = params[name];
  if (!isUuid(value)) throw notFound();
  return value;
}
