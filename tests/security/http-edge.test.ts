import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { NETWORKS } from "~/domain/networks";
import { intentUrl } from "~/domain/sharing.server";
import { MAX_IMPORT_BYTES } from "~/domain/sov/import.server";
import { BodyTooLargeError, limitBody } from "~/http/body-limit.server";
import { admit, canonicalPath, type EdgeOptions } from "~/http/edge.server";
import { bodyLimitFor, CSV_IMPORT_BODY_LIMIT, DEFAULT_BODY_LIMIT, MENTIONS_API_BODY_LIMIT } from "~/http/limits";
import { CROSS_ORIGIN_ENDPOINTS } from "~/http/same-origin";
import { isSameOrigin, securityHeaders } from "~/http.server";
import type { IncomingMessage } from "node:http";

/** What admit() reads of a request. */
function request(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  remoteAddress = "203.0.113.9",
): IncomingMessage {
  return {
    method,
    url,
    headers: { host: "chorus.example", ...headers },
    socket: { remoteAddress },
  } as unknown as IncomingMessage;
}

const local: EdgeOptions = { dev: false };
const deployed: EdgeOptions = { dev: false, appUrl: "https://chorus.example", https: true };

describe("security headers", () => {
  const formAction = (headers: Record<string, string>) =>
    headers["Content-Security-Policy"]!.split("; ").find((d) => d.startsWith("form-action "))!;

  it("send HSTS only when the app is served over https", () => {
    expect(securityHeaders("n", { dev: false, https: true })["Strict-Transport-Security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
    expect(securityHeaders("n", { dev: false })["Strict-Transport-Security"]).toBeUndefined();
  });

  it("allow forms to reach exactly our pages and the three networks' share pages", () => {
    expect(formAction(securityHeaders("n", local))).toBe(
      "form-action 'self' https://www.linkedin.com https://x.com https://twitter.com https://www.facebook.com",
    );
  });

  it("allow every share page the composer opens", () => {
    const allowed = formAction(securityHeaders("n", local)).split(" ").slice(1);
    for (const network of NETWORKS) {
      expect(allowed, network).toContain(new URL(intentUrl(network, "Hello", "https://chorus.example/l/abc")).origin);
    }
  });
});

describe("the same-origin rule", () => {
  it("compares scheme, host and port", () => {
    const own = ["https://chorus.example"];
    expect(isSameOrigin("https://chorus.example", own)).toBe(true);
    expect(isSameOrigin("https://chorus.example:443", own)).toBe(true);
    for (const other of [
      "http://chorus.example",
      "https://chorus.example:8443",
      "https://evil.chorus.example",
      "https://chorus.example.evil",
      "null",
      "",
      "chorus.example",
      undefined,
    ]) {
      expect(isSameOrigin(other, own), String(other)).toBe(false);
    }
  });

  it("refuses every mutation from another origin or without one, whatever the method", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(admit(request(method, "/me", { origin: "https://evil.example" }), deployed), method).toMatchObject({
        ok: false,
        status: 403,
      });
      expect(admit(request(method, "/me"), deployed), `${method} without Origin`).toMatchObject({
        ok: false,
        status: 403,
      });
      expect(admit(request(method, "/me", { origin: "https://chorus.example" }), deployed), method).toEqual({
        ok: true,
        path: "/me",
      });
    }
    for (const method of ["GET", "HEAD", "OPTIONS"])
      expect(admit(request(method, "/me", { origin: "https://evil.example" }), deployed).ok, method).toBe(true);
  });

  it("takes APP_URL as the only origin when it is set, else the origin the request was sent to", () => {
    // Behind a TLS proxy on another machine the Host says chorus.example and the scheme is unknown: APP_URL decides.
    expect(admit(request("POST", "/me", { origin: "http://chorus.example" }), deployed)).toMatchObject({ status: 403 });
    expect(admit(request("POST", "/me", { origin: "http://chorus.example" }), local).ok).toBe(true);
    expect(admit(request("POST", "/me", { origin: "https://chorus.example" }), local)).toMatchObject({ status: 403 });
    expect(admit(request("POST", "/me", { origin: "http://chorus.example:3000" }), local)).toMatchObject({
      status: 403,
    });
    // A proxy on this machine may say the visitor came over https; nobody else may.
    const proto = { origin: "https://chorus.example", "x-forwarded-proto": "https" };
    expect(admit(request("POST", "/me", proto, "127.0.0.1"), local).ok).toBe(true);
    expect(admit(request("POST", "/me", proto), local)).toMatchObject({ status: 403 });
  });

  it("exempts only the declared endpoints, by exact method and canonical path", () => {
    expect(CROSS_ORIGIN_ENDPOINTS.map((e) => `${e.method} ${e.path}`)).toEqual(["POST /api/mentions"]);
    expect(admit(request("POST", "/api/mentions", { origin: "https://listener.example" }), deployed).ok).toBe(true);
    expect(admit(request("POST", "/api/mentions"), deployed).ok).toBe(true);
    const tricks = [
      "/api/../me",
      "/api/mentions/../../me",
      "/api/%2e%2e/me",
      "/api/%2E%2e/me",
      "/api/.%2e/me",
      "/api\\..\\me",
      "/API/mentions",
      "/api/mentions/",
      "/api/Mentions",
      "/api/%6Dentions",
      "//api/mentions",
      "/api/mentions/x",
      "/api/other",
    ];
    for (const path of tricks)
      expect(admit(request("POST", path, { origin: "https://evil.example" }), deployed), path).toMatchObject({
        ok: false,
        status: 403,
      });
    expect(admit(request("DELETE", "/api/mentions", { origin: "https://evil.example" }), deployed)).toMatchObject({
      status: 403,
    });
  });
});

describe("request targets", () => {
  it("resolve to the path Remix routes, or null when malformed", () => {
    expect(canonicalPath("/api/../me")).toBe("/me");
    expect(canonicalPath("/api/%2e%2E/me?x=1")).toBe("/me");
    expect(canonicalPath("/a\\b")).toBe("/a/b");
    expect(canonicalPath("/library?q=caf%C3%A9")).toBe("/library");
    for (const bad of ["/l/%E0%A4%A", "/%", "/library?q=%FF", "/x%2", "http://evil.example/", "*", ""])
      expect(canonicalPath(bad), bad).toBeNull();
  });

  it("are refused with 400 for broken encodings and Host headers that could change the URL", () => {
    expect(admit(request("GET", "/library/%E0%A4%A"), local)).toMatchObject({ ok: false, status: 400 });
    for (const host of ["a b", "evil.example/me?", "user@chorus.example", "chorus.example:port", ""]) {
      expect(admit(request("GET", "/library", { host }), local), host).toMatchObject({ ok: false, status: 400 });
    }
    expect(admit(request("GET", "/library", { host: "[::1]:3000" }), local).ok).toBe(true);
    expect(admit(request("GET", "/library", { "x-forwarded-host": "a/b" }), local)).toMatchObject({ status: 400 });
  });
});

describe("body limits", () => {
  it("are declared once: 1 MB by default, 2 MB for the mentions API, the CSV import's size for the import", () => {
    expect(bodyLimitFor("/login")).toBe(DEFAULT_BODY_LIMIT);
    expect(DEFAULT_BODY_LIMIT).toBe(1024 * 1024);
    expect(bodyLimitFor("/api/mentions")).toBe(MENTIONS_API_BODY_LIMIT);
    expect(MENTIONS_API_BODY_LIMIT).toBe(2 * 1024 * 1024);
    expect(bodyLimitFor("/mentions/import")).toBe(CSV_IMPORT_BODY_LIMIT);
    expect(MAX_IMPORT_BYTES).toBe(CSV_IMPORT_BODY_LIMIT);
    expect(bodyLimitFor("/MENTIONS/import")).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor("constructor")).toBe(DEFAULT_BODY_LIMIT);
  });

  it("refuse a declared Content-Length over the route's limit before the body is read", () => {
    const headers = { origin: "https://chorus.example", "content-length": String(DEFAULT_BODY_LIMIT + 1) };
    expect(admit(request("POST", "/login", headers), deployed)).toMatchObject({
      ok: false,
      status: 413,
      message: "The request body is larger than 1 MB, the limit for this address.",
    });
    expect(
      admit(request("POST", "/api/mentions", { "content-length": String(DEFAULT_BODY_LIMIT + 1) }), deployed).ok,
    ).toBe(true);
    expect(
      admit(request("POST", "/api/mentions", { "content-length": String(MENTIONS_API_BODY_LIMIT + 1) }), deployed),
    ).toMatchObject({ status: 413, message: "The request body is larger than 2 MB, the limit for this address." });
  });

  it("stop a streamed body at the chunk that passes the limit, and hand on nothing beyond it", async () => {
    const source = Object.assign(new PassThrough(), { complete: false }) as unknown as IncomingMessage & PassThrough;
    let exceeded = 0;
    const limited = limitBody(source, 100_000, () => exceeded++);
    let delivered = 0;
    const reading = (async () => {
      for await (const chunk of limited) delivered += (chunk as Buffer).byteLength;
    })();
    for (let i = 0; i < 50; i++) source.write(Buffer.alloc(10_000));
    await expect(reading).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(exceeded).toBe(1);
    expect(delivered).toBeLessThanOrEqual(100_000);
  });

  it("pass a body within the limit through whole", async () => {
    const source = Object.assign(new PassThrough(), { complete: false }) as unknown as IncomingMessage & PassThrough;
    const limited = limitBody(source, 100_000, () => {
      throw new Error("not exceeded");
    });
    // As IncomingMessage does: complete is set before the end of the body is pushed.
    (source as { complete: boolean }).complete = true;
    source.end(Buffer.alloc(100_000, "x"));
    let text = "";
    for await (const chunk of limited) text += (chunk as Buffer).toString();
    expect(text).toBe("x".repeat(100_000));
  });
});
