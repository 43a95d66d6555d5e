import { describe, expect, it } from "vitest";
import { challengeInputIn } from "~/domain/challenges.server";

// The process runs in a zone far from UTC: nothing may read a form's wall-clock time in the server's zone.
process.env.TZ = "Asia/Kolkata";

const form = (startsAt: string, endsAt: string) => ({ title: "Week", metric: "shares", goal: "3", startsAt, endsAt });

describe("challenge times in the author's zone", () => {
  it("reads start and end as the wall clock of the manager's zone, whatever zone the server runs in", () => {
    const berlin = challengeInputIn("Europe/Berlin").parse(form("2026-12-07T09:00", "2026-12-11T17:30"));
    expect(berlin.startsAt.toISOString()).toBe("2026-12-07T08:00:00.000Z");
    expect(berlin.endsAt.toISOString()).toBe("2026-12-11T16:30:00.000Z");
    const summer = challengeInputIn("America/New_York").parse(form("2026-07-01T09:00", "2026-07-02T09:00"));
    expect(summer.startsAt.toISOString()).toBe("2026-07-01T13:00:00.000Z");
  });

  it("refuses a missing, impossible or reversed time with a message on the field", () => {
    const parse = (startsAt: string, endsAt: string) =>
      challengeInputIn("Europe/Berlin").safeParse(form(startsAt, endsAt));
    const messages = (r: ReturnType<typeof parse>) =>
      r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
    expect(messages(parse("", "2026-12-11T17:30"))).toEqual([["startsAt", "Pick when the challenge starts"]]);
    expect(messages(parse("2026-02-30T09:00", "2026-12-11T17:30"))).toEqual([
      ["startsAt", "Pick when the challenge starts"],
    ]);
    expect(messages(parse("2026-12-11T17:30", "2026-12-07T09:00"))).toEqual([
      ["endsAt", "The challenge must end after it starts"],
    ]);
  });
});
