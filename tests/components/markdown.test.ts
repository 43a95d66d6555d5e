import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "~/components/markdown";

/** The page's HTML, without the `<!-- -->` React puts between adjacent text nodes. */
const render = (source: string) => renderToString(createElement(Markdown, { source })).replaceAll("<!-- -->", "");

describe("Markdown", () => {
  it("renders tables, numbered lists and code", () => {
    const html = render(
      [
        "| Network | Limit |",
        "| --- | ---: |",
        "| X | 280 |",
        "",
        "1. Open the library",
        "2. Pick a post",
        "",
        "Use `npm start`, then:",
        "",
        "```",
        "npm run job -- award",
        "```",
      ].join("\n"),
    );
    expect(html).toMatch(
      /<table>[\s\S]*<th>Network<\/th>[\s\S]*<td>X<\/td>[\s\S]*<td style="text-align:right">280<\/td>/,
    );
    expect(html).toMatch(/<ol>\s*<li>Open the library<\/li>\s*<li>Pick a post<\/li>\s*<\/ol>/);
    expect(html).toContain("<code>npm start</code>");
    expect(html).toMatch(/<pre><code>npm run job -- award\n<\/code><\/pre>/);
  });

  it("keeps the heading levels and bullet lists the pages had", () => {
    const html = render("# Title\n\n## Section\n\n- **one**\n- [two](https://example.com/two)");
    expect(html).toContain("<h2>Title</h2>");
    expect(html).toContain("<h3>Section</h3>");
    expect(html).toMatch(/<ul>\s*<li><strong>one<\/strong><\/li>/);
    expect(html).toContain('<a href="https://example.com/two" rel="noopener noreferrer" target="_blank">two</a>');
  });

  it("never renders an h1, and leaves out a first heading that only repeats the page's own h1", () => {
    const titled = (source: string, title: string) =>
      renderToString(createElement(Markdown, { source, title })).replaceAll("<!-- -->", "");
    const html = titled("# Social media policy\n\nShare responsibly.\n\n# Social media policy", "Social media policy");
    expect(html).not.toContain("<h1");
    expect(html.match(/<h2>Social media policy<\/h2>/g)).toHaveLength(1); // the later one stays
    expect(html.indexOf("<p>Share responsibly.</p>")).toBeLessThan(html.indexOf("<h2>"));
    expect(titled("# Other title\n\nText", "Social media policy")).toContain("<h2>Other title</h2>");
    expect(titled("## Social media policy\n\nText", "Social media policy")).toContain("<h3>Social media policy</h3>");
  });

  it("never renders raw HTML as elements", () => {
    const html = render(
      "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and <b>bold</b>\n\n[x](javascript:alert(1))",
    );
    expect(html).not.toMatch(/<script|<img|<b>|href="javascript/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(html).toContain("<p>x</p>");
  });
});
