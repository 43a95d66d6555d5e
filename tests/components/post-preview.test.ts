import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CoverImage } from "~/components/cover-image";
import { LINKEDIN_FOLD, PostPreview, xDisplayUrl } from "~/components/share/post-preview";
import type { Network } from "~/domain/networks";

const html = (element: Parameters<typeof renderToString>[0]) => renderToString(element).replaceAll("<!-- -->", "");
const card = {
  title: "Keynote replay: the autonomous enterprise",
  summary: "Forty minutes on what changes when operations run themselves.",
  imageUrl: "/covers/video.svg",
  url: "https://www.northwind.example/events/keynote",
};
const preview = (network: Network, text: string, imageUrl: string | null = card.imageUrl) =>
  html(createElement(PostPreview, { network, author: "Rita Alvarez", text, card: { ...card, imageUrl } }));

describe("post previews in each network's look", () => {
  it("labels the preview as a figure for its network", () => {
    for (const [network, name] of [
      ["linkedin", "LinkedIn"],
      ["x", "X"],
      ["facebook", "Facebook"],
    ] as const) {
      const out = preview(network, "Hello");
      expect(out).toContain(`<h2 class="flush" id="preview-heading">Preview on ${name}</h2>`);
      expect(out).toMatch(
        /<figure class="preview preview-\w+" data-testid="preview" aria-labelledby="preview-heading">/,
      );
      expect(out).toContain("<figcaption");
    }
  });

  it("LinkedIn: name, headline line, text folded after ~210 characters behind …see more, card with domain", () => {
    const long = `${"Operations that run themselves are closer than you think. ".repeat(6)}https://chorus.test/l/abc`;
    const out = preview("linkedin", long);
    expect(out).toContain("Rita Alvarez");
    expect(out).toContain("Your headline");
    expect(out).toContain(">…see more</button>");
    const shown = /<p class="preview-text">([\s\S]*?)<button/.exec(out)?.[1] ?? "";
    expect(shown.length).toBeLessThanOrEqual(LINKEDIN_FOLD);
    expect(shown.length).toBeGreaterThan(LINKEDIN_FOLD - 60);
    expect(out).toContain(">northwind.example</span>");
    expect(preview("linkedin", "Short and sweet.")).not.toContain("see more");
  });

  it("X: links shown shortened as X displays them, a card 'From' the domain", () => {
    const out = preview("x", "Worth it https://www.northwind.example/events/2026/keynote-replay-autonomous");
    expect(out).toContain(
      `<span class="preview-link">${xDisplayUrl("https://www.northwind.example/events/2026/keynote-replay-autonomous")}</span>`,
    );
    expect(xDisplayUrl("https://www.northwind.example/events/2026/keynote-replay-autonomous")).toBe(
      "northwind.example/events/…",
    );
    expect(xDisplayUrl("https://t.co/abc")).toBe("t.co/abc");
    expect(out).toContain("@ritaalvarez");
    expect(out).toContain("From northwind.example");
  });

  it("Facebook: the card's domain in capitals above the title and summary", () => {
    const out = preview("facebook", "Hello");
    expect(out).toMatch(/NORTHWIND\.EXAMPLE<\/span><strong>Keynote replay/);
    expect(out).toContain(card.summary);
  });
});

describe("covers", () => {
  it("shows the image when there is one", () => {
    const out = html(createElement(CoverImage, { src: "/covers/video.svg", title: "Keynote" }));
    expect(out).toMatch(/^<img class="cover" src="\/covers\/video.svg" alt=""\/>$/);
  });

  it("generates a cover with the title's initial when there is none, the same colour for the same title", () => {
    const a = html(createElement(CoverImage, { src: null, title: "autonomous enterprise" }));
    expect(a).toMatch(
      /^<div class="cover cover-fallback cover-hue-\d" aria-hidden="true"><span class="cover-initial">A<\/span>/,
    );
    expect(a).not.toContain("<img");
    expect(html(createElement(CoverImage, { src: "", title: "autonomous enterprise" }))).toBe(a);
    expect(preview("x", "Hi", null)).toContain("cover-fallback");
  });
});
