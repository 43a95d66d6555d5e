import { describe, expect, it } from "vitest";
import { fetchOpenGraph } from "../../app/domain/open-graph.server";

describe("Open Graph prefill", () => {
  it("proposes title, summary and an absolute image URL from a page's Open Graph tags", async () => {
    const result = await fetchOpenGraph("https://www.northwind.example/blog/zero-trust-basics");
    expect(result).toEqual({
      ok: true,
      title: "Zero trust basics & more",
      summary: "Read “Zero trust basics” on the Northwind blog.",
      imageUrl: "https://www.northwind.example/images/zero-trust-basics.png",
    });
  });

  it("follows an honest redirect and resolves the image against the final address", async () => {
    expect(await fetchOpenGraph("https://www.northwind.example/old-post")).toMatchObject({ ok: true, title: "New post & more", imageUrl: "https://www.northwind.example/images/new-post.png" });
  });

  it("falls back to the <title> and meta description", async () => {
    expect(await fetchOpenGraph("https://www.northwind.example/plain-page")).toEqual({ ok: true, title: "Plain page & no tags", summary: "Only a description", imageUrl: undefined });
  });

  it("gives up on a slow page after its time limit and says so", async () => {
    const started = Date.now();
    const result = await fetchOpenGraph("https://www.northwind.example/slow-page", { timeoutMs: 150, maxBytes: 1024 });
    expect(result).toEqual({ ok: false, message: "The page took too long to answer; fill the fields by hand." });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("stops reading at the size limit and still uses the tags it has", async () => {
    const result = await fetchOpenGraph("https://www.northwind.example/endless-page", { timeoutMs: 5000, maxBytes: 64 * 1024 });
    expect(result).toMatchObject({ ok: true, title: "Endless page" });
  });

  it("reports pages that answer an error, are not HTML, or sit on a private network", async () => {
    expect(await fetchOpenGraph("https://www.northwind.example/missing-page")).toEqual({ ok: false, message: "The page answered 404; fill the fields by hand." });
    expect(await fetchOpenGraph("https://www.northwind.example/brochure.pdf")).toEqual({ ok: false, message: "That link is not a web page; fill the fields by hand." });
    for (const url of ["http://127.0.0.1:5432/", "http://localhost/admin", "http://localhost./admin", "https://www.northwind.example/redirect-inside", "http://10.1.2.3/", "http://192.168.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data"]) {
      expect(await fetchOpenGraph(url)).toEqual({ ok: false, message: "That address is on a private network; fill the fields by hand." });
    }
    expect(await fetchOpenGraph("ftp://files.example/x")).toEqual({ ok: false, message: "Only http(s) pages can be read." });
  });
});
