import { z } from "zod";

/**
 * The shared building blocks of every input schema (forms, search parameters, API bodies, CSV rows), so a
 * kind of bad input is refused the same way everywhere, with a message for the field (decision 012).
 * Isomorphic: no server imports, so a form can use the same rules in the browser.
 */

/**
 * C0 control characters except tab, line feed and carriage return, DEL, and the C1 range. Postgres cannot
 * store NUL in text at all (the query fails with 22021, a 500); the others are never typed by a person
 * and only hide text from reviewers.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
export const CONTROL_CHARACTER_MESSAGE = "Remove the control characters (such as a NUL byte) from this field";

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/** Text a person typed: no control characters (tab and line breaks are fine). Chain .trim(), .min(), .max() as usual. */
export function text() {
  return z.string().regex(new RegExp(`^[^${CONTROL_CHARACTERS.source.slice(1, -1)}]*$`), CONTROL_CHARACTER_MESSAGE);
}

/** `YYYY-MM-DD` of a real calendar day: the shape, then the day exists (no 02-30), then the year is plausible. */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2199;

export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < FIRST_YEAR || y > LAST_YEAR) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isoDate(message = "Enter a real date as YYYY-MM-DD") {
  return z.string({ required_error: message, invalid_type_error: message }).trim().refine(isRealDate, message);
}

/**
 * A `datetime-local` value (`YYYY-MM-DDTHH:mm`, seconds optional) read as UTC, as the instant it names.
 * `z.coerce.date()` is not enough: JavaScript turns 2026-02-30 into 2 March, and accepts years Postgres
 * refuses (0000) or no person means (9999).
 */
export function utcDateTime(message = "Enter a real date and time") {
  return z
    .string({ required_error: message, invalid_type_error: message })
    .trim()
    .refine((v) => {
      const match =
        /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,3})?)?(Z|[+-]00:00)?$/.exec(v);
      return Boolean(match?.[1] && isRealDate(match[1]));
    }, message)
    .transform((v) => new Date(/Z$|[+-]00:00$/.test(v) ? v.replace(" ", "T") : `${v.replace(" ", "T")}Z`));
}

/** A uuid, the shape of every id in Chorus: anything else names nothing, and must not reach a uuid column. */
export function uuid(message = "Unknown id") {
  return z.string().trim().uuid(message);
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && z.string().uuid().safeParse(value).success;
}

/** The longest report range: ten years, still one page of weekly buckets or a chart of daily ones. */
export const MAX_REPORT_DAYS = 3660;

/** A report's `from`/`to` search parameters, resolved against today; `problem` says what was replaced and why. */
export interface DateRange {
  from: string;
  to: string;
  problem: string | null;
}

const DAY_MS = 86400_000;
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Report filters from the URL. A date that does not exist (2026-02-30, 0000-01-01, 9999-12-31) is not sent to
 * the database (Postgres refuses some of them: a 500); the default takes its place and `problem` says so, for
 * the page to show and the CSV exports to answer with a 400. A range longer than `maxDays` is cut to its last
 * `maxDays`, so one URL cannot ask for thousands of years of weekly buckets.
 */
export function dateRange(params: URLSearchParams, options: { today: Date; days: number; maxDays: number }): DateRange {
  const problems: string[] = [];
  const read = (name: "from" | "to") => {
    const raw = (params.get(name) ?? "").trim();
    if (!raw) return null;
    if (isRealDate(raw)) return raw;
    problems.push(`"${raw.slice(0, 40)}" is not a real date (use YYYY-MM-DD between ${FIRST_YEAR} and ${LAST_YEAR})`);
    return null;
  };
  const to = read("to") ?? dayString(options.today.getTime());
  let from = read("from") ?? dayString(Date.parse(to) - (options.days - 1) * DAY_MS);
  if (from > to) from = to;
  if (Date.parse(to) - Date.parse(from) > (options.maxDays - 1) * DAY_MS) {
    from = dayString(Date.parse(to) - (options.maxDays - 1) * DAY_MS);
    problems.push(`a report covers at most ${options.maxDays} days`);
  }
  return { from, to, problem: problems.length ? `Showing ${from} to ${to}: ${problems.join("; ")}.` : null };
}

/** Bonus points on a badge or a challenge: a whole number from 0 to 10,000, an empty field meaning none. */
export function bonusPoints() {
  return z.preprocess(
    (v) => (v === "" || v == null ? 0 : v),
    z.coerce
      .number({ invalid_type_error: "Enter a whole number" })
      .int("Enter a whole number")
      .min(0, "The bonus cannot be negative")
      .max(10_000, "Keep the bonus under 10,000"),
  );
}
