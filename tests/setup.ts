import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { mockServer } from "../mocks/server";

process.env.NODE_ENV ??= "test";
// Tests run in mock mode: msw answers for the networks and the demo consent screens are served.
process.env.MOCKS ??= "true";

// Third-party hosts must be mocked; requests to the app under test on loopback go through.
beforeAll(() =>
  mockServer.listen({
    onUnhandledRequest(request, print) {
      const { hostname } = new URL(request.url);
      if (hostname === "127.0.0.1" || hostname === "localhost") return;
      print.error();
    },
  }),
);
afterEach(() => mockServer.resetHandlers());
afterAll(() => mockServer.close());

// A test fails when console.error is called, unless it mocks console.error itself.
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => vi.restoreAllMocks());
