import { setupServer } from "msw/node";
import { facebookHandlers } from "./facebook";
import { linkedinHandlers } from "./linkedin";
import { slackHandlers } from "./slack";
import { webPageHandlers } from "./web-pages";
import { xHandlers } from "./x";

/** Every third-party API Chorus talks to, mocked with its real shapes. Used by tests, dev and e2e. */
export const handlers = [...linkedinHandlers, ...xHandlers, ...facebookHandlers, ...slackHandlers, ...webPageHandlers];

export const mockServer = setupServer(...handlers);

let started = false;
export function startMockServer(onUnhandledRequest: "bypass" | "warn" | "error" = "bypass") {
  if (started) return mockServer;
  mockServer.listen({ onUnhandledRequest });
  started = true;
  console.log("Third-party APIs (LinkedIn, X, Facebook, Slack) and the demo site's pages are mocked in-process.");
  return mockServer;
}
