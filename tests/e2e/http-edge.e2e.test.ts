import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alive } from "../helpers/process";
import { DEMO_LOGINS, startApp, type RunningApp } from "./harness";

/**
 * The HTTP edge of the real server (server.ts, spawned as `npm start` runs it): hostile request targets,
 * the same-origin rule, body limits and headers, sent over plain sockets so nothing normalises them first.
 */
let app: RunningApp;
let port: number;
let own: string;

beforeAll(async () => {
  app = await startApp();
  own = app.url;
  port = Number(new URL(app.url).port);
}, 300_000); // starting and seeding the app can take minutes on a busy machine
afterAll(() => app?.stop());

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with the path exactly as written (no `..` resolution, no re-encoding). */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A request written byte for byte, for targets http.request refuses to send. */
function sendRaw(lines: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(lines));
    let text = "";
    socket.on("data", (c) => {
      text += c.toString("latin1");
      const match = text.match(/^HTTP\/1\.1 (\d{3})/);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on("error", reject);
  });
}

/** Resident memory of a process in MB; 0 once it has gone (the sampler must not throw from its timer). */
const rssMb = (pid: number): number => {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

/**
 * Streams `megabytes` of body without a Content-Length (chunked), stopping as soon as an answer comes,
 * and samples the server's resident memory meanwhile.
 */
function streamBody(
  path: string,
  megabytes: number,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; rssGrowthMb: number; sentMb: number }> {
  const pid = app.pid;
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, "a");
    const req = http.request({ host: "127.0.0.1", port, method: "POST", path, headers, agent: false });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        clearInterval(sampler);
        resolve({
          status: res.statusCode!,
          body,
          rssGrowthMb: Math.max(peak, rssMb(pid)) - before,
          sentMb: sent / 1024 / 1024,
        });
      });
    });
    // Writing on after the answer may meet a closed connection; the answer is what counts.
    req.on("error", (error) => {
      if (answered) return;
      clearInterval(sampler);
      reject(error);
    });
    const write = () => {
      while (!answered && sent < megabytes * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

async function signIn(email: string): Promise<string> {
  const answer = await send(
    "POST",
    "/login",
    { Origin: own, "Content-Type": "application/x-www-form-urlencoded" },
    new URLSearchParams({ email, password: DEMO_LOGINS.password }).toString(),
  );
  expect(answer.status).toBe(302);
  return (answer.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
}

describe("the HTTP edge of the running server", () => {
  it("answers malformed percent-encodings and request targets with a 4xx, and keeps serving", async () => {
    const targets = [
      "/l/%E0%A4%A",
      "/l/%",
      "/l/%C0%AF",
      "/library/%E0%A4%A",
      "/%",
      "/%%",
      "/%E0%A4%A.js",
      "/assets/%E0%A4%A.js",
      "/items/%FF",
      "/share/%E0%A4%A",
      "/login?redirectTo=%E0%A4%A",
      "/library?q=%FF%FE",
      "/analytics?from=%",
    ];
    for (const path of targets) {
      const { status } = await send("GET", path);
      expect(status, `GET ${path}`).toBeGreaterThanOrEqual(400);
      expect(status, `GET ${path}`).toBeLessThan(500);
    }
    for (const path of ["/login?x=%E0%A4%A", "/library/%E0%A4%A", "/%"]) {
      const { status } = await send(
        "POST",
        path,
        { Origin: own, "Content-Type": "application/x-www-form-urlencoded" },
        "email=%E0%A4%A",
      );
      expect(status, `POST ${path}`).toBe(400);
    }
    // A malformed body (not the target) is the form parser's business: a 4xx too, never a crash.
    const badForm = await send(
      "POST",
      "/login",
      { Origin: own, "Content-Type": "application/x-www-form-urlencoded" },
      "email=%E0%A4%A&password=%",
    );
    expect(badForm.status).toBeLessThan(500);
    expect(await sendRaw(`GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toBe(400);
    expect(await sendRaw(`GET /library HTTP/1.1\r\nHost: evil.example/me?\r\n\r\n`)).toBe(400);
    expect(await sendRaw(`GET /library HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Forwarded-Host: a b\r\n\r\n`)).toBe(
      400,
    );

    expect(alive(app.pid)).toBe(true);
    const health = await send("GET", "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: "ok" });
  });

  it("lets a mutation through only from the app's own origin or to a declared exemption", async () => {
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const post = (path: string, origin?: string) =>
      send(
        "POST",
        path,
        origin === undefined ? form : { ...form, Origin: origin },
        "email=nobody%40example.com&password=x",
      );
    // Same origin: the sign-in form answers for itself (wrong password, 400).
    expect((await post("/login", own)).status).toBe(400);
    for (const origin of [
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port + 1}`,
      `http://localhost:${port}`,
      "https://evil.example",
      "null",
      "not a url",
    ]) {
      expect((await post("/login", origin)).status, origin).toBe(403);
    }
    expect((await post("/login")).status, "no Origin").toBe(403);
    // The declared exemption: the mentions API answers itself (no token, 401), whatever the origin.
    const api = await send(
      "POST",
      "/api/mentions",
      { Origin: "https://listener.example", "Content-Type": "application/json" },
      "{}",
    );
    expect(api.status).toBe(401);
    // Paths that reach other routes, or the API by another spelling, are not exempt.
    for (const path of [
      "/api/../me",
      "/api/mentions/../../me",
      "/api/%2e%2e/me",
      "/api/%2E%2E/admin/users",
      "/api\\..\\me",
      "/API/mentions",
      "/api/mentions/",
      "/api/tokens",
    ]) {
      const { status } = await send(
        "POST",
        path,
        { Origin: "https://evil.example", "Content-Type": "application/json" },
        "{}",
      );
      expect(status, path).toBe(403);
    }
    // Written raw: http.request (and msw watching it) would read //api as a host name.
    expect(
      await sendRaw(
        `POST //api/mentions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: https://evil.example\r\nContent-Length: 2\r\n\r\n{}`,
      ),
    ).toBe(403);
    // GET, HEAD and OPTIONS change nothing and pass from anywhere.
    expect((await send("GET", "/login", { Origin: "https://evil.example" })).status).toBe(200);
  });

  it("answers 413 to an oversized chunked form while it streams in, without holding it in memory", async () => {
    const result = await streamBody("/login", 100, {
      Origin: own,
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({
      error: "The request body is larger than 1 MB, the limit for this address.",
    });
    // The whole body would have been 100 MB (the old server grew by 185 MB on it).
    expect(result.rssGrowthMb).toBeLessThan(40);
    // Declared too large: refused before a byte of the body is read (this client never sends one).
    const declared = await send("POST", "/login", {
      Origin: own,
      "Content-Type": "application/x-www-form-urlencoded",
      "Content-Length": String(100 * 1024 * 1024),
      Accept: "text/html",
    });
    expect(declared.status).toBe(413);
    expect(declared.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(declared.body).toContain("larger than 1 MB");
    expect(alive(app.pid)).toBe(true);
  });

  it("limits a chunked mentions API batch to 2 MB before anything buffers it", async () => {
    const cookie = await signIn(DEMO_LOGINS.users.find((u) => u.role === "admin")!.email);
    const created = await send(
      "POST",
      "/admin/tokens",
      { Origin: own, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      "intent=create&name=Edge+test",
    );
    const token = created.body.match(/class="token-value">([^<]+)</)?.[1];
    expect(token).toMatch(/^chorus_/);
    const result = await streamBody("/api/mentions", 20, {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({
      error: "The request body is larger than 2 MB, the limit for this address.",
    });
    expect(result.rssGrowthMb).toBeLessThan(15);
    const small = await send(
      "POST",
      "/api/mentions",
      { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      JSON.stringify({
        mentions: [{ date: "2026-01-05", network: "x", text: "Contoso edge", url: "https://x.example/edge" }],
      }),
    );
    expect(small.status).toBe(200);
  });

  it("sends the tracked-link 404 and the edge's own answers with the CSP and frame protection", async () => {
    for (const [path, status] of [
      ["/l/no-such-code", 404],
      ["/l/%E0%A4%A", 400],
      ["/%", 400],
    ] as const) {
      const answer = await send("GET", path, { Accept: "text/html" });
      expect(answer.status, path).toBe(status);
      expect(answer.headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(answer.headers["x-frame-options"], path).toBe("DENY");
      expect(answer.headers["x-content-type-options"], path).toBe("nosniff");
      // No APP_URL here, so plain http: no HSTS (tests/security/http-edge.test.ts checks the https case).
      expect(answer.headers["strict-transport-security"], path).toBeUndefined();
    }
  });
});
