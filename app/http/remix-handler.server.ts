import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { wroteCookie } from "../domain/reads.server";
import { limitBody } from "./body-limit.server";
import { canonicalPath, EDGE_MESSAGES, answer } from "./edge.server";
import { bodyLimitFor } from "./limits";
import type { HeaderOptions } from "../http.server";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { IncomingHttpHeaders } from "node:http";

/**
 * Express → Remix, as @remix-run/express does it, with two differences: the body Remix reads is the
 * limited stream (413 the moment it passes its route's limit, see limits.ts), and a failure is handed to
 * the error handler only while no answer has been sent. Mounted with app.use, so Express never decodes
 * the path as a route parameter (which threw on malformed percent-encoding).
 */
export function createRemixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  headers: HeaderOptions;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handleRequest = createRequestHandler(options.build, options.mode);
  // Express 4 ignores a handler's promise: the handler answers its own errors, and passes what escapes to `next`.
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction): void =>
    void serve(req, res, next).catch(next);
  async function serve(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    const controller = new AbortController();
    // Stop loaders and actions once no answer can be written any more.
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const init: RequestInit & { duplex?: "half" } = {
        method: req.method,
        headers: createRemixHeaders(req.headers),
        signal: controller.signal,
      };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const limit = bodyLimitFor(canonicalPath(req.originalUrl) ?? "");
        const body = limitBody(req, limit, () => {
          // Aborted first, so Remix treats what follows as a cancelled request and logs nothing.
          controller.abort();
          answer(req, res, 413, EDGE_MESSAGES.tooLarge(limit), options.headers);
        });
        init.body = createReadableStreamFromReadable(body);
        init.duplex = "half";
      }
      const request = new Request(remixUrl(req), init);
      const context = options.getLoadContext(req, res);
      const response = await handleRequest(request, context);
      // The one place every action's answer passes: a person's write leaves its WAL position for their report reads.
      const wrote = await wroteCookie(request, response, context);
      if (res.headersSent) {
        await response.body?.cancel().catch(() => undefined);
        return;
      }
      await sendRemixResponse(res, response, wrote);
    } catch (error) {
      // Answered already (a 413, or the client left): nothing more to say on this request.
      if (res.headersSent || controller.signal.aborted) {
        if (!res.writableEnded && !controller.signal.aborted) res.destroy();
        return;
      }
      next(error);
    }
  }
}

function createRemixHeaders(requestHeaders: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

async function sendRemixResponse(res: ExpressResponse, response: Response, wrote: string | null): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (wrote) res.append("Set-Cookie", wrote);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** The URL Remix sees, built as @remix-run/express builds it (the Host was checked at the edge). */
function remixUrl(req: ExpressRequest): string {
  const port = (header: string | undefined) => {
    const n = Number.parseInt(header?.split(":").pop() ?? "", 10);
    return Number.isSafeInteger(n) && header?.includes(":") && !header.endsWith("]") ? n : null;
  };
  const p = port(req.get("X-Forwarded-Host")) ?? port(req.get("host"));
  return new URL(`${req.protocol}://${req.hostname}${p ? `:${p}` : ""}${req.originalUrl}`).href;
}
