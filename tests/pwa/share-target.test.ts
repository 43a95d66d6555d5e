import { describe, expect, it } from "vitest";
import { MAX_NOTE, readSharedLink, readSuggestPrefill, SHARED_MESSAGES, suggestPathFor } from "~/domain/share-target";
import { loader } from "~/routes/share-target";
import { contextFor, cookieFor, createUser, getRequest, settle } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

describe("reading what a share sheet sent", () => {
  it("takes the url field when it holds an http(s) link, and the title as the note", () => {
    expect(readSharedLink({ title: "Robots at work", text: null, url: "https://news.example/robots" })).toEqual({
      status: "link",
      url: "https://news.example/robots",
      note: "Robots at work",
    });
  });

  it("finds the link inside text when url is empty, as Android apps send it, and keeps the words", () => {
    const shared = readSharedLink({
      title: "",
      text: "Worth a read: https://blog.example/post?id=7&ref=app. Great numbers",
      url: "",
    });
    expect(shared).toEqual({
      status: "link",
      url: "https://blog.example/post?id=7&ref=app",
      note: "Worth a read: Great numbers",
    });
  });

  it("looks in the title last, and never repeats the link as the note", () => {
    expect(readSharedLink({ title: "https://a.example/x", text: undefined, url: undefined })).toEqual({
      status: "link",
      url: "https://a.example/x",
      note: "",
    });
  });

  it("refuses links that are not http(s), and says there was no link", () => {
    expect(readSharedLink({ text: "javascript:alert(1)", url: "ftp://files.example/a" })).toEqual({
      status: "no-link",
    });
    expect(readSharedLink({ url: "https://" })).toEqual({ status: "no-link" });
  });

  it("calls a field longer than any share sheet sends unreadable", () => {
    expect(readSharedLink({ text: "x".repeat(4001) })).toEqual({ status: "unreadable" });
  });

  it("cuts a long note to what the suggest form takes, and strips control characters", () => {
    const shared = readSharedLink({ title: `Tab\u0000${"word ".repeat(300)}`, url: "https://a.example/" });
    expect(shared.status).toBe("link");
    if (shared.status !== "link") return;
    expect(shared.note.length).toBeLessThanOrEqual(MAX_NOTE);
    expect(shared.note.startsWith("Tab word")).toBe(true);
    expect(shared.note.endsWith("…")).toBe(true);
  });

  it("keeps the suggest address short enough for a sign-in's redirectTo, dropping the note first", () => {
    const url = `https://a.example/${"p".repeat(1500)}`;
    const path = suggestPathFor({ status: "link", url, note: "ü".repeat(MAX_NOTE) });
    expect(path.length).toBeLessThanOrEqual(2000);
    expect(new URLSearchParams(path.split("?")[1]).get("url")).toBe(url);
    expect(new URLSearchParams(path.split("?")[1]).get("note")).toBeNull();
  });
});

describe("the suggest page's prefill", () => {
  const prefill = (query: string) => readSuggestPrefill(new URLSearchParams(query));

  it("fills the link and note from a share, with a message that says where they came from", () => {
    expect(prefill("shared=link&url=https%3A%2F%2Fa.example%2F&note=Hello")).toEqual({
      url: "https://a.example/",
      note: "Hello",
      message: SHARED_MESSAGES.link,
    });
  });

  it("leaves the form empty with a message for a bad link or a bad query", () => {
    const empty = { url: "", note: "", message: SHARED_MESSAGES.unreadable };
    expect(prefill("shared=link&url=javascript%3Aalert(1)")).toEqual(empty);
    expect(prefill("shared=whatever")).toEqual(empty);
    expect(prefill(`shared=link&url=https%3A%2F%2Fa.example%2F&note=${"n".repeat(501)}`)).toEqual(empty);
    expect(prefill("shared=no-link")).toEqual({ url: "", note: "", message: SHARED_MESSAGES["no-link"] });
  });

  it("shows nothing special on a plain visit", () => {
    expect(prefill("")).toEqual({ url: "", note: "", message: null });
  });
});

describe("/share-target", () => {
  const t = useTestDb();
  const location = (result: unknown) => (result instanceof Response ? result.headers.get("Location") : null);

  it("sends a signed-in rep to Suggest content with the shared link", async () => {
    const rep = await createUser(t.db, { role: "rep" });
    const request = getRequest(
      "/share-target?title=T&text=see%20https%3A%2F%2Fx.example%2Fa&url=",
      await cookieFor(t.db, rep.id),
    );
    const target = location(await settle(loader({ request, params: {}, context: contextFor(t.db) })));
    expect(target).toBe("/suggest?shared=link&url=https%3A%2F%2Fx.example%2Fa&note=T+%E2%80%94+see");
  });

  it("sends a signed-out visitor to sign-in, coming back to the prefilled suggest page", async () => {
    const request = getRequest("/share-target?url=https%3A%2F%2Fx.example%2Fa&title=T");
    const target = location(await settle(loader({ request, params: {}, context: contextFor(t.db) })));
    expect(target).toBe(
      `/login?redirectTo=${encodeURIComponent("/suggest?shared=link&url=https%3A%2F%2Fx.example%2Fa&note=T")}`,
    );
  });

  it("answers hostile input with the empty suggest page, never an error", async () => {
    const rep = await createUser(t.db, { role: "rep" });
    const request = getRequest(`/share-target?text=${"%00".repeat(5000)}`, await cookieFor(t.db, rep.id));
    const target = location(await settle(loader({ request, params: {}, context: contextFor(t.db) })));
    expect(target).toBe("/suggest?shared=unreadable");
  });
});
