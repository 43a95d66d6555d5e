import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { packInputIn } from "~/domain/packs.server";
import { itemInputIn } from "~/domain/studio.server";
import { formatInZone, optionalDateIn, toZonedInput } from "~/domain/zoned-time.server";
import { action as editorAction, loader as editorLoader } from "~/routes/_app.studio.items.$id";
import { action as packAction, loader as packLoader } from "~/routes/_app.studio.packs.$id";
import { contentItems, packs } from "../../db/schema";
import { contextFor, cookieFor, createUser, formRequest, getRequest, settle, unwrap } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

// The server process runs in Berlin, as in the issue (Node applies a changed TZ at once); every Studio time must
// still follow the marketer's zone.
process.env.TZ = "Europe/Berlin";

const itemFields = {
  intent: "save",
  type: "article",
  title: "Kestrel keynote",
  summary: "",
  url: "https://www.northwind.example/kestrel-keynote",
  imageUrl: "",
  tags: "",
  language: "en",
  messages_linkedin: "See the keynote",
  messages_x: "",
  messages_facebook: "",
};

describe("Studio times in the marketer's zone (server process at TZ=Europe/Berlin)", () => {
  const t = useTestDb();

  it("reads a datetime-local value as the wall clock of the zone it is given, not the process's", () => {
    expect(new Date(2026, 11, 3, 9, 0).toISOString()).toBe("2026-12-03T08:00:00.000Z"); // the process is in Berlin
    const at = (zone: string, value: string) => optionalDateIn(zone).parse(value) as Date;
    expect(at("Europe/Berlin", "2026-12-03T09:00").toISOString()).toBe("2026-12-03T08:00:00.000Z");
    expect(at("America/New_York", "2026-12-03T09:00").toISOString()).toBe("2026-12-03T14:00:00.000Z");
    expect(at("UTC", "2026-12-03T09:00").toISOString()).toBe("2026-12-03T09:00:00.000Z");
    // Summer time: Berlin is UTC+2 and New York UTC-4 in July.
    expect(at("Europe/Berlin", "2026-07-01T09:00").toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(at("America/New_York", "2026-07-01 09:00").toISOString()).toBe("2026-07-01T13:00:00.000Z");
    // A value that names its instant keeps it, whatever the zone; empty is no time.
    expect(at("America/New_York", "2026-12-03T09:00:00Z").toISOString()).toBe("2026-12-03T09:00:00.000Z");
    expect(optionalDateIn("Europe/Berlin").parse("")).toBeNull();
    for (const bad of ["2026-02-30T09:00", "2026-12-03T25:00", "next tuesday", "2026-12-03T09:00+01:00"])
      expect(optionalDateIn("Europe/Berlin").safeParse(bad).success, bad).toBe(false);
  });

  it("shows an instant as the zone's wall clock, and a form round trip does not move it", () => {
    const instant = new Date("2026-12-03T08:00:00Z");
    expect(toZonedInput(instant, "Europe/Berlin")).toBe("2026-12-03T09:00");
    expect(toZonedInput(instant, "America/New_York")).toBe("2026-12-03T03:00");
    expect(toZonedInput(null, "Europe/Berlin")).toBe("");
    expect(formatInZone(instant, "America/New_York")).toBe("Thu 3 Dec 2026, 03:00");
    expect(formatInZone(instant, "Asia/Kolkata")).toBe("Thu 3 Dec 2026, 13:30");
    for (const zone of ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"]) {
      let value = new Date("2026-03-29T01:30:00Z"); // Berlin's spring-forward night
      for (let save = 0; save < 3; save++) value = optionalDateIn(zone).parse(toZonedInput(value, zone)) as Date;
      expect(value.toISOString(), zone).toBe("2026-03-29T01:30:00.000Z");
    }
    const pack = packInputIn("America/New_York").parse({
      title: "Window",
      startsAt: "2026-12-03T09:00",
      endsAt: "2026-12-04T09:00",
    });
    expect([pack.startsAt?.toISOString(), pack.endsAt?.toISOString()]).toEqual([
      "2026-12-03T14:00:00.000Z",
      "2026-12-04T14:00:00.000Z",
    ]);
    const item = itemInputIn("Europe/Berlin").safeParse({
      ...itemFields,
      publishAt: "2026-12-03T10:00",
      expiresAt: "2026-12-03T09:00",
    });
    expect(item.success ? [] : item.error.issues.map((i) => i.message)).toEqual([
      "Expiry must come after the publish time",
    ]);
  });

  it("the item editor stores 09:00 Berlin as 08:00Z, shows it back as 09:00, and saving it unchanged keeps it; New York sees 03:00", async () => {
    const mia = await createUser(t.db, { role: "marketer", timeZone: "Europe/Berlin" });
    const marco = await createUser(t.db, { role: "marketer", timeZone: "America/New_York" });
    const created = (await settle(
      editorAction({
        request: formRequest(
          "/studio/items/new",
          { ...itemFields, publishAt: "2026-12-03T09:00", expiresAt: "2026-12-31T18:00" },
          await cookieFor(t.db, mia.id),
        ),
        params: { id: "new" },
        context: contextFor(t.db),
      }),
    )) as Response;
    const id = /\/studio\/items\/([0-9a-f-]{36})\?created=1$/.exec(created.headers.get("Location") ?? "")?.[1];
    expect(id).toBeDefined();
    const stored = async () =>
      (await t.db.select().from(contentItems).where(eq(contentItems.id, id!)))[0]!.publishAt?.toISOString();
    expect(await stored()).toBe("2026-12-03T08:00:00.000Z");

    const load = async (userId: string) =>
      editorLoader({
        request: getRequest(`/studio/items/${id}`, await cookieFor(t.db, userId)),
        params: { id: id! },
        context: contextFor(t.db),
      });
    for (let save = 0; save < 2; save++) {
      const page = await load(mia.id);
      expect(page.timeZone).toBe("Europe/Berlin");
      expect(page.item).toMatchObject({ publishAt: "2026-12-03T09:00", expiresAt: "2026-12-31T18:00" });
      const saved = unwrap(
        await editorAction({
          request: formRequest(
            `/studio/items/${id}`,
            { ...itemFields, publishAt: page.item!.publishAt, expiresAt: page.item!.expiresAt },
            await cookieFor(t.db, mia.id),
          ),
          params: { id: id! },
          context: contextFor(t.db),
        }),
      );
      expect(saved.status).toBe(200);
      expect(await stored()).toBe("2026-12-03T08:00:00.000Z");
    }
    const other = await load(marco.id);
    expect(other.timeZone).toBe("America/New_York");
    expect(other.item).toMatchObject({ publishAt: "2026-12-03T03:00", expiresAt: "2026-12-31T12:00" });
  });

  it("the pack editor reads the live window in the marketer's zone and says it in the publish summary", async () => {
    const nyc = await createUser(t.db, { role: "marketer", timeZone: "America/New_York" });
    const cookie = await cookieFor(t.db, nyc.id);
    const created = (await settle(
      packAction({
        request: formRequest(
          "/studio/packs/new",
          { intent: "save", title: "Holiday pack", startsAt: "2030-12-01T09:00", endsAt: "2030-12-24T17:30" },
          cookie,
        ),
        params: { id: "new" },
        context: contextFor(t.db),
      }),
    )) as Response;
    const id = /\/studio\/packs\/([0-9a-f-]{36})$/.exec(created.headers.get("Location") ?? "")?.[1];
    const [row] = await t.db.select().from(packs).where(eq(packs.id, id!));
    expect([row!.startsAt?.toISOString(), row!.endsAt?.toISOString()]).toEqual([
      "2030-12-01T14:00:00.000Z",
      "2030-12-24T22:30:00.000Z",
    ]);
    const page = await packLoader({
      request: getRequest(`/studio/packs/${id}`, cookie),
      params: { id: id! },
      context: contextFor(t.db),
    });
    expect(page.pack).toMatchObject({ startsAt: "2030-12-01T09:00", endsAt: "2030-12-24T17:30" });
    expect(page.pack!.publishSummary).toBe(
      "Every rep will see its 0 items in their library from Sun 1 Dec 2030, 09:00 (America/New_York), until Tue 24 Dec 2030, 17:30 (America/New_York).",
    );
  });
});
