import { delay, http, HttpResponse } from "msw";

/**
 * Public web pages the Studio reads Open Graph tags from. Pages on the demo company's site get tags
 * made from their path, so pasting any https://www.northwind.example/… URL in the demo proposes a
 * title, summary and image. A few paths misbehave the way real sites do.
 */
const titleFromPath = (path: string) =>
  decodeURIComponent(path.split("/").filter(Boolean).pop() ?? "home")
    .replace(/[-_]+/g, " ")
    .replace(/^\w/, (c) => c.toUpperCase());

export const webPageHandlers = [
  http.get("https://www.northwind.example/slow-page", async () => {
    await delay(30_000);
    return new HttpResponse("<html><head><title>Too late</title></head></html>", {
      headers: { "Content-Type": "text/html" },
    });
  }),
  // A public page that bounces to the server's own network (an SSRF attempt), and an honest move.
  http.get(
    "https://www.northwind.example/redirect-inside",
    () => new HttpResponse(null, { status: 302, headers: { Location: "http://127.0.0.1:5432/" } }),
  ),
  http.get(
    "https://www.northwind.example/old-post",
    () => new HttpResponse(null, { status: 301, headers: { Location: "/blog/new-post" } }),
  ),
  http.get(
    "https://www.northwind.example/missing-page",
    () => new HttpResponse("<h1>Not found</h1>", { status: 404, headers: { "Content-Type": "text/html" } }),
  ),
  http.get(
    "https://www.northwind.example/brochure.pdf",
    () => new HttpResponse("%PDF-1.7", { headers: { "Content-Type": "application/pdf" } }),
  ),
  http.get("https://www.northwind.example/endless-page", () => {
    // A page whose head never ends: the reader must stop at its size limit.
    const chunk = new TextEncoder().encode(`<meta name="filler" content="${"x".repeat(1000)}">`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('<html><head><meta property="og:title" content="Endless page">'));
      },
      pull(controller) {
        sent += 1;
        if (sent > 100_000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    return new HttpResponse(stream, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  }),
  http.get("https://www.northwind.example/plain-page", () =>
    HttpResponse.html(
      `<!doctype html><html><head><title>  Plain   page &amp; no tags </title><meta name="description" content="Only a description"></head><body></body></html>`,
    ),
  ),
  http.get("https://www.northwind.example/*", ({ request }) => {
    const url = new URL(request.url);
    const title = titleFromPath(url.pathname);
    return HttpResponse.html(`<!doctype html>
<html lang="en"><head>
  <meta charset="utf-8">
  <title>${title} | Northwind</title>
  <meta property="og:title" content="${title} &amp; more">
  <meta property="og:description" content="Read “${title}” on the Northwind blog.">
  <meta property='og:image' content='/images/${encodeURIComponent(title.toLowerCase().replace(/\s+/g, "-"))}.png'>
</head><body><h1>${title}</h1></body></html>`);
  }),
];
