import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { z } from "zod";

export const localSlotSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date"),
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
export function suggestedSlots(now: Date, timeZone: string, count = 4): Array<{ date: string; time: string; label: string }> {
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
