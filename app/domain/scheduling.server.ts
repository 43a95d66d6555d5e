import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { z } from "zod";
import { isoDate } from "./validation";

/** How far ahead a post may be scheduled: a year and a day, so "same day next year" works. */
export const MAX_SCHEDULE_DAYS = 366;

/** Why a scheduled instant cannot be used, as a field and a message, or null when it can. */
export function scheduleProblem(at: Date, now: Date): { field: "date" | "time"; message: string } | null {
  if (at.getTime() < now.getTime() + 60_000)
    return { field: "time", message: "Pick a time at least a minute from now." };
  if (at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86400_000)
    return { field: "date", message: "Pick a date within the next year." };
  return null;
}

export const localSlotSchema = z.object({
  // A real calendar day: TZDate would turn 02-30 into 2 March without a word.
  date: isoDate("Pick a date that exists"),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Pick a time"),
});

/** A wall-clock date and time in the rep's IANA zone, as the UTC instant it means (DST handled by the zone). */
export function localToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, timeZone).getTime());
}

/** The wall-clock date and time of an instant in a zone. */
export function utcToLocal(instant: Date, timeZone: string): { date: string; time: string; label: string } {
  const local = new TZDate(instant.getTime(), timeZone);
  return { date: format(local, "yyyy-MM-dd"), time: format(local, "HH:mm"), label: format(local, "EEE d MMM, HH:mm") };
}

/** Weekday mornings in the rep's zone, from tomorrow: the slots one click away in the composer. */
export function suggestedSlots(
  now: Date,
  timeZone: string,
  count = 4,
): Array<{ date: string; time: string; label: string }> {
  const slots: Array<{ date: string; time: string; label: string }> = [];
  let day = new TZDate(now.getTime(), timeZone);
  for (let i = 0; slots.length < count && i < 14; i++) {
    day = addDays(day, 1);
    const weekday = day.getDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = format(day, "yyyy-MM-dd");
    const time = slots.length % 2 === 0 ? "09:00" : "08:30";
    slots.push({ date, time, label: `${format(day, "EEE d MMM")}, ${time}` });
  }
  return slots;
}

/** The composer's quick choices: tomorrow 09:00 first (weekend or not), then the weekday mornings after it. */
export function quickSlots(now: Date, timeZone: string): Array<{ date: string; time: string; label: string }> {
  const tomorrow = format(addDays(new TZDate(now.getTime(), timeZone), 1), "yyyy-MM-dd");
  const first = { date: tomorrow, time: "09:00", label: "Tomorrow, 09:00" };
  return [
    first,
    ...suggestedSlots(now, timeZone)
      .filter((s) => s.date !== tomorrow)
      .slice(0, 3),
  ];
}

/** A wall-clock date and time in words for a confirmation: "tomorrow, Thu 3 Dec, 09:00" (today, tomorrow or a date). */
export function scheduledWords(date: string, time: string, now: Date, timeZone: string): string {
  const today = new TZDate(now.getTime(), timeZone);
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const day = format(new TZDate(y, m - 1, d, 12, 0, 0, timeZone), "EEE d MMM");
  const relative =
    date === format(today, "yyyy-MM-dd")
      ? "today, "
      : date === format(addDays(today, 1), "yyyy-MM-dd")
        ? "tomorrow, "
        : "";
  return `${relative}${day}, ${time}`;
}
