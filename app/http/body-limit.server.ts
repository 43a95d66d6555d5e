import { Transform, type Readable } from "node:stream";
import type { IncomingMessage } from "node:http";

export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/**
 * The request body as a stream that counts bytes as they arrive. The chunk that passes `limit` is never
 * handed on: `onExceeded` runs (the caller answers 413), the source is detached and the stream ends with
 * a BodyTooLargeError, so a reader such as request.formData() fails before anything acts on the body.
 * Memory stays at the stream's buffer, however much the client sends.
 */
export function limitBody(req: IncomingMessage, limit: number, onExceeded: () => void): Readable {
  let received = 0;
  let exceeded = false;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.byteLength;
      if (received <= limit) return done(null, chunk);
      if (!exceeded) {
        exceeded = true;
        req.unpipe(counted);
        onExceeded();
      }
      done(new BodyTooLargeError(limit));
    },
  });
  req.once("error", (error) => counted.destroy(error));
  // A client that goes away mid-body: the reader gets an error instead of waiting forever.
  req.once("close", () => {
    if (!req.complete && !exceeded)
      counted.destroy(Object.assign(new Error("The request was aborted"), { code: "ECONNRESET" }));
  });
  return req.pipe(counted);
}
