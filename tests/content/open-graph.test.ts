import { createServer, type Server } from "node:http";
import { http, HttpResponse, passthrough } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkedLookup,
  fetchOpenGraph,
  isPublicAddress,
  parseOpenGraph,
  type Resolver,
} from "~/domain/open-graph.server";
import { mockServer } from "../../mocks/server";
import type { AddressInfo } from "node:net";

const PRIVATE = { ok: false, message: "That address is on a private network; fill the fields by hand." };

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
    expect(await fetchOpenGraph("https://www.northwind.example/old-post")).toMatchObject({
      ok: true,
      title: "New post & more",
      imageUrl: "https://www.northwind.example/images/new-post.png",
    });
  });

  it("falls back to the <title> and meta description", async () => {
    expect(await fetchOpenGraph("https://www.northwind.example/plain-page")).toEqual({
      ok: true,
      title: "Plain page & no tags",
      summary: "Only a description",
      imageUrl: undefined,
    });
  });

  it("gives up on a slow page after its time limit and says so", async () => {
    const started = Date.now();
    const result = await fetchOpenGraph("https://www.northwind.example/slow-page", { timeoutMs: 150, maxBytes: 1024 });
    expect(result).toEqual({ ok: false, message: "The page took too long to answer; fill the fields by hand." });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("stops reading at the size limit and still uses the tags it has", async () => {
    const result = await fetchOpenGraph("https://www.northwind.example/endless-page", {
      timeoutMs: 5000,
      maxBytes: 64 * 1024,
    });
    expect(result).toMatchObject({ ok: true, title: "Endless page" });
  });

  it("reports pages that answer an error, are not HTML, or sit on a private network", async () => {
    expect(await fetchOpenGraph("https://www.northwind.example/missing-page")).toEqual({
      ok: false,
      message: "The page answered 404; fill the fields by hand.",
    });
    expect(await fetchOpenGraph("https://www.northwind.example/brochure.pdf")).toEqual({
      ok: false,
      message: "That link is not a web page; fill the fields by hand.",
    });
    for (const url of [
      "http://127.0.0.1:5432/",
      "http://localhost/admin",
      "http://localhost./admin",
      "https://www.northwind.example/redirect-inside",
      "http://10.1.2.3/",
      "http://192.168.0.1/",
      "http://[::1]/",
      "http://169.254.169.254/latest/meta-data",
    ]) {
      expect(await fetchOpenGraph(url)).toEqual({
        ok: false,
        message: "That address is on a private network; fill the fields by hand.",
      });
    }
    expect(await fetchOpenGraph("ftp://files.example/x")).toEqual({
      ok: false,
      message: "Only http(s) pages can be read.",
    });
  });
});

describe("Open Graph tags read by an HTML parser", () => {
  const base = new URL("https://www.northwind.example/blog/post");
  const page = (head: string, body = "") => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

  it("reads attributes in any order and any quoting, with a > inside a value", () => {
    expect(
      parseOpenGraph(
        page(
          `<meta content="Costs > savings" property="og:title">` +
            `<meta content='Say "zero trust" twice' name=description>` +
            `<meta content=/img/a.png property=og:image>`,
        ),
        base,
      ),
    ).toEqual({
      title: "Costs > savings",
      summary: 'Say "zero trust" twice',
      imageUrl: "https://www.northwind.example/img/a.png",
    });
  });

  it("does not take an attribute's name from inside another attribute's value", () => {
    expect(
      parseOpenGraph(page(`<meta content="pick name=og:title here" name="description"><title>Real</title>`), base),
    ).toEqual({ title: "Real", summary: "pick name=og:title here", imageUrl: undefined });
  });

  it("decodes every named and numeric entity, in content, title and URLs", () => {
    expect(
      parseOpenGraph(
        page(
          `<title>Caf&eacute; &amp; co&hellip;</title>` +
            `<meta property="og:description" content="It&rsquo;s here &mdash; &#8220;now&#x201D; &lt;b&gt;">` +
            `<meta property="og:image" content="/img?a=1&amp;b=2">`,
        ),
        base,
      ),
    ).toEqual({
      title: "Café & co…",
      summary: "It’s here — “now” <b>",
      imageUrl: "https://www.northwind.example/img?a=1&b=2",
    });
  });

  it("reads a key from property or name, counting a tag that has both under both, in any letter case", () => {
    expect(
      parseOpenGraph(
        page(
          `<meta name="twitter:title" property="og:title" content="Both">` +
            `<META NAME="OG:DESCRIPTION" CONTENT="Name works too">` +
            `<meta name="twitter:image" content="https://cdn.northwind.example/t.png">`,
        ),
        base,
      ),
    ).toEqual({ title: "Both", summary: "Name works too", imageUrl: "https://cdn.northwind.example/t.png" });
  });

  it("keeps the first og:title, skipping empty ones", () => {
    expect(
      parseOpenGraph(
        page(
          `<meta property="og:title" content="  "><meta property="og:title" content="First">` +
            `<meta property="og:title" content="Second">`,
        ),
        base,
      ).title,
    ).toBe("First");
  });

  it("ignores tags inside comments, scripts and styles, and an SVG icon's title", () => {
    expect(
      parseOpenGraph(
        page(
          `<!-- <meta property="og:title" content="Commented out"> -->` +
            `<script>document.write('<meta property="og:title" content="Scripted"></head>');</script>` +
            `<style>/* <meta property="og:image" content="/styled.png"> */</style>` +
            `<svg><title>Menu icon</title></svg><title>The page</title>`,
        ),
        base,
      ),
    ).toEqual({ title: "The page", summary: undefined, imageUrl: undefined });
  });

  it("finds tags in the body and after a head of any size", () => {
    const script = `<script>var filler = "${"x".repeat(200_000)}";</script>`;
    expect(
      parseOpenGraph(
        page(`${script}<title>Head title</title>`, `<meta property="og:title" content="Body title">`),
        base,
      ).title,
    ).toBe("Body title");
  });

  it("fetches a page whose tags come after a </head> inside a script, or in the body", async () => {
    // Sent in pieces, as a real page arrives: the text "</head>" in the script is not the end of the head.
    const pieces = [
      `<!doctype html><html><head><script>var s = "</head>";</script>`,
      `<meta property="og:title" content="After the script"></head><body>`,
      `<meta property="og:description" content="In the body"></body></html>`,
    ];
    mockServer.use(
      http.get("https://www.northwind.example/tags-late", () => {
        const stream = new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            const piece = pieces.shift();
            if (piece === undefined) controller.close();
            else controller.enqueue(new TextEncoder().encode(piece));
          },
        });
        return new HttpResponse(stream, { headers: { "Content-Type": "text/html" } });
      }),
    );
    expect(await fetchOpenGraph("https://www.northwind.example/tags-late")).toEqual({
      ok: true,
      title: "After the script",
      summary: "In the body",
      imageUrl: undefined,
    });
  });

  it("stops reading as soon as og:title, og:description and og:image are known", async () => {
    // After its tags the page stalls: a reader that waited for more would sit out the time limit.
    mockServer.use(
      http.get("https://www.northwind.example/tags-then-stall", () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(
              new TextEncoder().encode(
                '<html><head><meta property="og:title" content="T"><meta property="og:description" content="D">' +
                  '<meta property="og:image" content="/i.png">',
              ),
            );
          },
          pull: () => new Promise<void>(() => {}),
        });
        return new HttpResponse(stream, { headers: { "Content-Type": "text/html" } });
      }),
    );
    const started = Date.now();
    expect(
      await fetchOpenGraph("https://www.northwind.example/tags-then-stall", { timeoutMs: 10_000, maxBytes: 1 << 20 }),
    ).toEqual({ ok: true, title: "T", summary: "D", imageUrl: "https://www.northwind.example/i.png" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("Open Graph fetch reaches only public addresses", () => {
  let local: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (local ? local.close(() => resolve()) : resolve())));

  it("refuses loopback and private addresses in every spelling the URL parser accepts", async () => {
    const spellings = [
      "http://[::127.0.0.1]/", // IPv4-compatible IPv6
      "http://[::ffff:127.0.0.1]/", // IPv4-mapped IPv6
      "http://[0:0:0:0:0:ffff:7f00:1]/",
      "http://0177.0.0.1/", // octal
      "http://2130706433/", // one decimal number
      "http://0x7f.1/", // hex, short form
      "http://127.1/",
      "http://0/",
      "http://[::]/",
      "http://[fd12:3456::1]/", // unique local
      "http://[fe80::1]/", // link-local
      "http://100.64.0.1/", // carrier-grade NAT
      "http://[64:ff9b::a9fe:a9fe]/", // NAT64 of 169.254.169.254
      "http://[2002:a9fe:a9fe::]/", // 6to4 of 169.254.169.254
      "http://0251.0376.0251.0376/", // 169.254.169.254 in octal
      "http://metadata.internal/",
    ];
    for (const url of spellings) expect(await fetchOpenGraph(url), url).toEqual(PRIVATE);
  });

  it("judges addresses by their ipaddr.js range, mapped and compatible IPv6 as the IPv4 they carry", () => {
    for (const address of [
      "127.0.0.1",
      "10.0.0.1",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "0.0.0.0",
      "255.255.255.255",
      "224.0.0.1",
      "::1",
      "::",
      "::7f00:1",
      "::ffff:10.0.0.1",
      "fc00::1",
      "fe80::1",
      "2001:db8::1",
      "not an address",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of [
      "93.184.216.34",
      "8.8.8.8",
      "2606:4700:4700::1111",
      "::ffff:93.184.216.34",
      "[2a00:1450:4001::200e]",
    ])
      expect(isPublicAddress(address), address).toBe(true);
  });

  it("refuses a name that resolves to a private address, and the server behind it sees no request", async () => {
    let hits = 0;
    local = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { "Content-Type": "text/html" }).end("<title>Internal</title>");
    });
    await new Promise<void>((resolve) => local!.listen(0, "127.0.0.1", resolve));
    const port = (local.address() as AddressInfo).port;
    // The real network stack is used (msw lets this one through), with DNS answered by the test.
    mockServer.use(http.get(`http://intranet.northwind.example:${port}/*`, () => passthrough()));
    const asked: string[] = [];
    const resolve: Resolver = async (hostname) => {
      asked.push(hostname);
      return [{ address: "127.0.0.1", family: 4 }];
    };
    expect(
      await fetchOpenGraph(
        `http://intranet.northwind.example:${port}/wiki`,
        { timeoutMs: 2000, maxBytes: 1024 },
        { resolve },
      ),
    ).toEqual(PRIVATE);
    expect(asked).toEqual(["intranet.northwind.example"]);
    expect(hits).toBe(0);
  });

  it("hands the connection the addresses it checked, from one resolution per connection", async () => {
    let answers = 0;
    // A rebinding name: public on the first answer, loopback on every later one.
    const resolve: Resolver = async () =>
      answers++ === 0
        ? [
            { address: "93.184.216.34", family: 4 },
            { address: "2606:2800:220:1::1", family: 6 },
          ]
        : [{ address: "127.0.0.1", family: 4 }];
    const lookup = checkedLookup(resolve);
    const all = await new Promise((done, fail) =>
      (lookup as unknown as (h: string, o: object, cb: (e: Error | null, a: unknown) => void) => void)(
        "rebind.example",
        { all: true },
        (e, a) => (e ? fail(e) : done(a)),
      ),
    );
    expect(all).toEqual([
      { address: "93.184.216.34", family: 4 },
      { address: "2606:2800:220:1::1", family: 6 },
    ]);
    const second = await new Promise<Error | null>((done) => lookup("rebind.example", { family: 4 }, (e) => done(e)));
    expect(second?.message).toBe("rebind.example resolves to a private address");
    expect(answers).toBe(2);
  });

  it("refuses a name when any one of its addresses is private", async () => {
    const lookup = checkedLookup(async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ]);
    const error = await new Promise<Error | null>((done) => lookup("mixed.example", { family: 0 }, (e) => done(e)));
    expect(error?.message).toBe("mixed.example resolves to a private address");
  });
});
