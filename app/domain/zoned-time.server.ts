import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { z } from "zod";
import { localToUtc } from "./scheduling.server";
import { isRealDate, utcDateTime } from "./validation";

/**
 * Times people enter and read in their own IANA zone (decision 020): Studio, packs and challenges. Nothing here
 * depends on the server process's zone (TZ): a wall-clock value is always read with the zone it was entered in.
 */

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d{1,3})?)?$/;

/**
 * A `datetime-local` field as the wall clock of the marketer's IANA zone (decision 020), never the server
 * process's zone: "2026-12-03T09:00" in Europe/Berlin is 08:00Z whatever TZ the server runs with. A value
 * with "Z" (an API, a test) is the instant it names. A day that does not exist (02-30) is a field error.
 */
export function optionalDateIn(timeZone: string, message = "Enter a real date and time") {
  return z.preprocess(
    (v) => (v === "" || v == null ? null : v instanceof Date ? v.toISOString() : v),
    z
      .string({ invalid_type_error: message })
      .trim()
      .nullable()
      .transform((v, ctx) => {
        if (v === null) return null;
        const local = LOCAL_DATE_TIME.exec(v);
        if (local?.[1] && isRealDate(local[1])) return localToUtc(local[1], `${local[2]}:${local[3]}`, timeZone);
        const absolute = /(Z|[+-]00:00)$/.test(v) ? utcDateTime(message).safeParse(v) : null;
        if (absolute?.success) return absolute.data;
        // Fatal: a form-level check (end after start) must not compare against a value that was never a time.
        ctx.addIssue({ code: z.ZodIssueCode.custom, message, fatal: true });
        return z.NEVER;
      }),
  );
}

/** An instant as the value of a `datetime-local` field in a zone ("" for none): the inverse of optionalDateIn. */
export function toZonedInput(instant: Date | null, timeZone: string): string {
  return instant ? format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm") : "";
}

/** An instant as people read it in a zone, e.g. "Thu 3 Dec 2026, 09:00" (formatted on the server, so it hydrates). */
export function formatInZone(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "EEE d MMM yyyy, HH:mm");
}

/** A day as people read it in a zone, e.g. "3 Dec 2026". */
export function formatDayInZone(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "d MMM yyyy");
}

/** optionalDateIn for a field that must be filled. */
export function requiredDateIn(timeZone: string, message: string) {
  return optionalDateIn(timeZone, message).pipe(z.date({ invalid_type_error: message, required_error: message }));
}
